//! The bodies the sandbox answers with: API 3.0 errors, successful responses and fresh RequestIds.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value, json};

use crate::faults::SplitMix64;

/// An API 3.0 error: answered as `{"Response":{"Error":{"Code":..,"Message":..},"RequestId":..}}` with HTTP 200,
/// the way the real endpoint answers. Handlers registered with [`crate::Sandbox::on`] return it too.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {message}")]
pub struct SandboxError {
    /// The API 3.0 error code, e.g. `InvalidParameter` or `ResourceNotFound.Task`.
    pub code: String,
    /// The human-readable text sent as `Error.Message`.
    pub message: String,
}

impl SandboxError {
    /// An error answering with `code` and `message`; any code is allowed, documented or not.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        SandboxError { code: code.into(), message: message.into() }
    }

    pub(crate) fn missing_parameter(path: &str) -> Self {
        SandboxError::new("MissingParameter", format!("The request is missing a required parameter `{path}`."))
    }

    pub(crate) fn invalid_parameter(message: impl Into<String>) -> Self {
        SandboxError::new("InvalidParameter", message)
    }

    pub(crate) fn unknown_parameter(path: &str) -> Self {
        SandboxError::new("UnknownParameter", format!("The parameter `{path}` is not recognized."))
    }

    pub(crate) fn body(&self, request_id: &str) -> Value {
        json!({"Response": {"Error": {"Code": self.code, "Message": self.message}, "RequestId": request_id}})
    }
}

/// Wraps the members of a successful response, replacing any RequestId they carry.
pub(crate) fn success_body(mut members: Map<String, Value>, request_id: &str) -> Value {
    members.insert("RequestId".to_owned(), Value::String(request_id.to_owned()));
    let mut response = Map::new();
    response.insert("Response".to_owned(), Value::Object(members));
    Value::Object(response)
}

/// The HTML an nginx load balancer shows when its backend is gone.
pub(crate) const BAD_GATEWAY_HTML: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

/// Fresh version-4 UUID RequestIds: random bytes from a seeded generator per sandbox, so each id costs no system
/// call, laid out and formatted by the uuid crate.
pub(crate) struct RequestIds {
    seed: u64,
    counter: AtomicU64,
}

impl RequestIds {
    pub(crate) fn new() -> Self {
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(0);
        RequestIds { seed: nanos ^ u64::from(std::process::id()).rotate_left(32), counter: AtomicU64::new(0) }
    }

    pub(crate) fn next(&self) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let mut rng = SplitMix64::new(self.seed ^ n.wrapping_mul(0xA24B_AED4_963E_E407));
        let bytes = (u128::from(rng.next_u64()) << 64 | u128::from(rng.next_u64())).to_be_bytes();
        uuid::Builder::from_random_bytes(bytes).into_uuid().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_are_uuid_shaped_and_distinct() {
        let ids = RequestIds::new();
        let a = ids.next();
        let b = ids.next();
        assert_ne!(a, b);
        for id in [&a, &b] {
            let groups: Vec<&str> = id.split('-').collect();
            assert_eq!(groups.iter().map(|g| g.len()).collect::<Vec<_>>(), [8, 4, 4, 4, 12], "{id}");
            assert!(id.chars().all(|c| c == '-' || c.is_ascii_hexdigit() && !c.is_ascii_uppercase()), "{id}");
            assert!(groups[2].starts_with('4'), "{id}");
            assert!(matches!(groups[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'), "{id}");
        }
    }

    #[test]
    fn error_body_has_the_official_shape() {
        let body = SandboxError::new("InvalidAction", "nope").body("id-1");
        assert_eq!(
            body.to_string(),
            r#"{"Response":{"Error":{"Code":"InvalidAction","Message":"nope"},"RequestId":"id-1"}}"#
        );
    }
}
