//! The client side: the canonical request, streamed into SHA-256 without allocating, and the `Authorization`
//! header for a POST or a GET.

use sha2::{Digest, Sha256};

use super::{ALGORITHM, SigningKey, as_str, hex32, utc_date};

/// What a client signs: `POST /` with an empty query, the `content-type` and `host` headers, optionally
/// `x-tc-action` (newer documentation and SDKs sign it), and the body.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// The `Host` header, e.g. `cvm.tencentcloudapi.com`, signed.
    pub host: &'a str,
    /// The `Content-Type` header, signed.
    pub content_type: &'a str,
    /// When set, `x-tc-action:<lowercased action>` is signed as a third header.
    pub action: Option<&'a str>,
    /// The body bytes, whose SHA-256 the signature covers.
    pub payload: &'a [u8],
}

/// Streams the canonical request into a SHA-256 and returns its hex digest, allocation-free.
/// `headers` are (lowercase name, value) pairs, already sorted by name; each value is written as given,
/// except that `lowercase_values` lowercases them the way the documentation describes.
pub(super) fn canonical_request_hex(
    method: &str,
    query: &str,
    headers: &[(&str, &str)],
    lowercase_values: bool,
    payload_hex: &[u8; 64],
) -> [u8; 64] {
    let mut hasher = Sha256::new();
    hasher.update(method.as_bytes());
    hasher.update(b"\n/\n");
    hasher.update(query.as_bytes());
    hasher.update(b"\n");
    for (name, value) in headers {
        hasher.update(name.as_bytes());
        hasher.update(b":");
        if lowercase_values {
            hasher.update(value.to_ascii_lowercase().as_bytes());
        } else {
            hasher.update(value.as_bytes());
        }
        hasher.update(b"\n");
    }
    hasher.update(b"\n");
    for (i, (name, _)) in headers.iter().enumerate() {
        if i > 0 {
            hasher.update(b";");
        }
        hasher.update(name.as_bytes());
    }
    hasher.update(b"\n");
    hasher.update(payload_hex);
    hex32(&hasher.finalize().into())
}

/// The hex signature of a canonical request digest under `key`.
pub(super) fn signature_hex(key: &SigningKey, timestamp: &str, scope: [&str; 3], canonical_hex: &[u8; 64]) -> [u8; 64] {
    let [date, service, _] = scope;
    hex32(&key.mac_parts(&[
        ALGORITHM.as_bytes(),
        b"\n",
        timestamp.as_bytes(),
        b"\n",
        date.as_bytes(),
        b"/",
        service.as_bytes(),
        b"/tc3_request\n",
        canonical_hex,
    ]))
}

/// The value of the `Authorization` header for `request`, signed at `timestamp` (Unix seconds) for `service`.
/// `key` must have been derived for `utc_date(timestamp)` and `service`.
pub fn authorization(
    secret_id: &str,
    key: &SigningKey,
    service: &str,
    timestamp: i64,
    request: &Request<'_>,
) -> String {
    signed("POST", "", secret_id, key, service, timestamp, request)
}

/// The `Content-Type` the official SDKs send, and sign, with a GET request.
pub const FORM_URLENCODED: &str = "application/x-www-form-urlencoded";

/// What a client signs for `GET /?<query>`: the query string exactly as sent (the parameters flattened and
/// form-urlencoded, see [`crate::query`]), the `content-type` ([`FORM_URLENCODED`]) and `host` headers,
/// optionally `x-tc-action`, and the SHA-256 of an empty payload, as the official SDKs sign GET.
#[derive(Debug, Clone, Copy)]
pub struct GetRequest<'a> {
    /// The `Host` header, e.g. `cvm.tencentcloudapi.com`, signed.
    pub host: &'a str,
    /// When set, `x-tc-action:<lowercased action>` is signed as a third header.
    pub action: Option<&'a str>,
    /// The query string without the leading `?`.
    pub query: &'a str,
}

/// The `Authorization` header for a GET request (see [`GetRequest`]); `key` as for [`authorization`].
pub fn authorization_get(
    secret_id: &str,
    key: &SigningKey,
    service: &str,
    timestamp: i64,
    request: &GetRequest<'_>,
) -> String {
    let as_request =
        Request { host: request.host, content_type: FORM_URLENCODED, action: request.action, payload: b"" };
    signed("GET", request.query, secret_id, key, service, timestamp, &as_request)
}

fn signed(
    method: &str,
    query: &str,
    secret_id: &str,
    key: &SigningKey,
    service: &str,
    timestamp: i64,
    request: &Request<'_>,
) -> String {
    let date = utc_date(timestamp);
    let payload_hex = hex32(&Sha256::digest(request.payload).into());
    let mut action_buf = [0u8; 64];
    let action_lower;
    let mut headers: [(&str, &str); 3] = [("content-type", request.content_type), ("host", request.host), ("", "")];
    let header_count = match request.action {
        Some(action) => {
            action_lower = lowercase(action, &mut action_buf);
            headers[2] = ("x-tc-action", action_lower.as_ref());
            3
        }
        None => 2,
    };
    let headers = &headers[..header_count];
    let canonical = canonical_request_hex(method, query, headers, false, &payload_hex);
    let mut itoa = itoa::Buffer::new();
    let timestamp_str = itoa.format(timestamp);
    let signature = signature_hex(key, timestamp_str, [date.as_str(), service, "tc3_request"], &canonical);
    let signed_headers = if header_count == 3 { "content-type;host;x-tc-action" } else { "content-type;host" };
    let mut out = String::with_capacity(200 + secret_id.len() + service.len());
    out.push_str(ALGORITHM);
    out.push_str(" Credential=");
    out.push_str(secret_id);
    out.push('/');
    out.push_str(date.as_str());
    out.push('/');
    out.push_str(service);
    out.push_str("/tc3_request, SignedHeaders=");
    out.push_str(signed_headers);
    out.push_str(", Signature=");
    out.push_str(as_str(&signature));
    out
}

/// Convenience for one-off signing: derives the key and signs. Clients use [`KeyCache`](super::KeyCache) + [`authorization`].
pub fn sign(secret_id: &str, secret_key: &str, service: &str, timestamp: i64, request: &Request<'_>) -> String {
    let key = SigningKey::derive(secret_key, utc_date(timestamp).as_str(), service);
    authorization(secret_id, &key, service, timestamp, request)
}

/// ASCII-lowercases into a stack buffer when it fits (action names are short), else allocates.
fn lowercase<'b>(s: &str, buf: &'b mut [u8; 64]) -> std::borrow::Cow<'b, str> {
    if s.len() <= buf.len() && s.is_ascii() {
        let out = &mut buf[..s.len()];
        out.copy_from_slice(s.as_bytes());
        out.make_ascii_lowercase();
        std::borrow::Cow::Borrowed(std::str::from_utf8(out).unwrap_or_default())
    } else {
        std::borrow::Cow::Owned(s.to_lowercase())
    }
}
