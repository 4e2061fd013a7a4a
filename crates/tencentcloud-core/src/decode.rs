//! Decoding the `{"Response": {...}}` envelope: the output, or `Response.Error` as a service error.
//!
//! The hot path never builds a `serde_json::Value`: the envelope is split with a borrowed `RawValue`, and the
//! inner object is deserialised straight into the output type. Only when the inner object mentions `"Error"` is
//! it probed for an error first.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use crate::Error;

#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(rename = "Response", borrow)]
    response: &'a RawValue,
}

#[derive(Deserialize)]
struct ErrorProbe {
    #[serde(rename = "Error")]
    error: Option<ServiceErrorBody>,
    #[serde(rename = "RequestId")]
    request_id: Option<String>,
}

#[derive(Deserialize)]
struct ServiceErrorBody {
    #[serde(rename = "Code")]
    code: String,
    #[serde(rename = "Message", default)]
    message: String,
}

/// Decodes a response body received with HTTP `status`.
pub(crate) fn decode_response<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, Error> {
    let envelope: Envelope<'_> = serde_json::from_slice(body).map_err(|e| {
        let reason = if e.is_eof() {
            format!("the body ends early ({e})")
        } else if e.is_data() {
            format!("expected an object with a `Response` member ({e})")
        } else {
            format!("the body is not JSON ({e})")
        };
        Error::decode(status, reason, body)
    })?;
    let inner = envelope.response.get();
    if inner.contains("\"Error\"") {
        let probe: ErrorProbe = serde_json::from_str(inner).map_err(|e| {
            Error::decode(status, format!("`Response.Error` is not {{\"Code\", \"Message\"}} ({e})"), body)
        })?;
        if let Some(error) = probe.error {
            return Err(Error::service(error.code, error.message, probe.request_id, status));
        }
    }
    serde_json::from_str(inner).map_err(|_| {
        // Decode again with path tracking, only on failure, so the error names the member that was wrong.
        let deserializer = &mut serde_json::Deserializer::from_str(inner);
        let reason = match serde_path_to_error::deserialize::<_, T>(deserializer) {
            Err(e) => format!("`Response.{}`: {}", e.path(), e.inner()),
            Ok(_) => "the response does not match the output type".to_owned(),
        };
        Error::decode(status, reason, body).with_request_id(request_id_of(inner).map(str::to_owned))
    })
}

const REQUEST_ID_KEY: &str = "\"RequestId\"";

/// The `RequestId` of a response object, found without parsing it (API 3.0 puts it last), for logs and errors.
pub(crate) fn request_id_of(inner: &str) -> Option<&str> {
    let at = inner.rfind(REQUEST_ID_KEY)?;
    let rest = inner[at + REQUEST_ID_KEY.len()..].trim_start().strip_prefix(':')?.trim_start().strip_prefix('"')?;
    let end = rest.find(['"', '\\'])?;
    Some(&rest[..end])
}

/// [`request_id_of`] for a whole body, for the span of a successful call: searches back from the end, so only
/// the short tail after the key is checked as UTF-8, not the whole body.
pub(crate) fn request_id_in(body: &[u8]) -> Option<&str> {
    let key = REQUEST_ID_KEY.as_bytes();
    let at = body.windows(key.len()).rposition(|window| window == key)?;
    request_id_of(std::str::from_utf8(&body[at..]).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Output {
        #[serde(rename = "TotalCount")]
        total_count: u32,
        #[serde(rename = "RequestId")]
        request_id: String,
    }

    #[test]
    fn decodes_the_inner_object() {
        let body = br#"{"Response": {"TotalCount": 3, "RequestId": "abc"}}"#;
        assert_eq!(decode_response::<Output>(200, body).unwrap(), Output { total_count: 3, request_id: "abc".into() });
    }

    #[test]
    fn maps_the_error_envelope() {
        let body =
            br#"{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"bad sig"},"RequestId":"r-1"}}"#;
        let e = decode_response::<Output>(200, body).unwrap_err();
        assert_eq!(e.code(), Some("AuthFailure.SignatureFailure"));
        assert_eq!(e.message(), Some("bad sig"));
        assert_eq!(e.request_id(), Some("r-1"));
    }

    #[test]
    fn non_json_truncated_and_mistyped_bodies_are_decode_errors() {
        let e = decode_response::<Output>(502, b"<html><body>502 Bad Gateway</body></html>").unwrap_err();
        assert!(e.is_decode() && e.status() == Some(502));
        assert!(e.body_excerpt().unwrap().starts_with("<html><body>502 Bad Gateway"));

        let e = decode_response::<Output>(200, br#"{"Response": {"TotalCount": 3, "Req"#).unwrap_err();
        assert!(e.is_decode() && e.to_string().contains("ends early"), "{e}");

        let e =
            decode_response::<Output>(200, br#"{"Response": {"TotalCount": "x", "RequestId": "r-9"}}"#).unwrap_err();
        assert!(e.to_string().contains("`Response.TotalCount`"), "{e}");
        assert_eq!(e.request_id(), Some("r-9"));

        let e = decode_response::<Output>(200, br#"{"Result": {}}"#).unwrap_err();
        assert!(e.to_string().contains("Response"), "{e}");
    }

    #[test]
    fn an_output_member_named_error_is_not_a_service_error() {
        #[derive(Deserialize)]
        struct WithError {
            #[serde(rename = "Items")]
            items: Vec<serde_json::Value>,
        }
        let body = br#"{"Response": {"Items": [{"Error": "none"}], "RequestId": "x"}}"#;
        assert_eq!(decode_response::<WithError>(200, body).unwrap().items.len(), 1);
    }

    #[test]
    fn request_id_is_found_without_parsing() {
        assert_eq!(request_id_of(r#"{"A": 1, "RequestId" : "6f0c-11"}"#), Some("6f0c-11"));
        assert_eq!(request_id_of(r#"{"A": 1}"#), None);
        let mut body = b"{\"Response\":{\"Name\":\"".to_vec();
        body.extend_from_slice(&[0xff; 3]);
        body.extend_from_slice(br#"","RequestId":"r-7"}}"#);
        assert_eq!(request_id_in(&body), Some("r-7"), "only the tail after the key needs to be UTF-8");
        assert_eq!(request_id_in(br#"{"Response":{}}"#), None);
    }
}
