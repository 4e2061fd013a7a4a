//! The client side: the canonical request, streamed into SHA-256 without allocating, and the `Authorization`
//! header for a POST or a GET.

use super::blocks::{Blocks, INITIAL_STATE, sha256};
use super::{ALGORITHM, SigningKey, hex32, utc_date};

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

/// Blocks for a POST's canonical request and its padding: about 200 + 9 bytes with a typical host and action.
const CANONICAL_BLOCKS: usize = 4;
/// Blocks for a string to sign and its padding: 118 + 9 bytes with a three-letter service.
const TO_SIGN_BLOCKS: usize = 2;

/// The canonical request's SHA-256 in hex. `headers` are (lowercase name, value) pairs, already sorted by name;
/// each value is written as given, except that `lowercase_values` lowercases them the way the documentation
/// describes.
pub(super) fn canonical_request_hex(
    method: &str,
    query: &str,
    headers: &[(&str, &str)],
    lowercase_values: bool,
    payload_hex: &[u8; 64],
) -> [u8; 64] {
    let mut canonical = Blocks::<CANONICAL_BLOCKS>::resume(INITIAL_STATE, 0);
    canonical.put(method.as_bytes());
    canonical.put(b"\n/\n");
    canonical.put(query.as_bytes());
    canonical.put(b"\n");
    for (name, value) in headers {
        canonical.put(name.as_bytes());
        canonical.put(b":");
        if lowercase_values {
            canonical.put(value.to_ascii_lowercase().as_bytes());
        } else {
            canonical.put(value.as_bytes());
        }
        canonical.put(b"\n");
    }
    canonical.put(b"\n");
    for (i, (name, _)) in headers.iter().enumerate() {
        if i > 0 {
            canonical.put(b";");
        }
        canonical.put(name.as_bytes());
    }
    canonical.put(b"\n");
    canonical.put(payload_hex);
    hex32(&canonical.finish())
}

/// The hex signature of a canonical request digest under `key`.
/// `date` and `service` are the credential scope's.
pub(super) fn signature_hex(
    key: &SigningKey,
    timestamp: &[u8],
    date: &[u8],
    service: &[u8],
    canonical_hex: &[u8; 64],
) -> [u8; 64] {
    let mut to_sign = key.message::<TO_SIGN_BLOCKS>();
    to_sign.put(ALGORITHM.as_bytes());
    to_sign.put(b"\n");
    to_sign.put(timestamp);
    to_sign.put(b"\n");
    to_sign.put(date);
    to_sign.put(b"/");
    to_sign.put(service);
    to_sign.put(b"/tc3_request\n");
    to_sign.put(canonical_hex);
    hex32(&key.mac_of(&mut to_sign))
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
    into_string(header_bytes(secret_id, key, service, timestamp, Signed::Post(request)))
}

/// A request to sign by method, for [`header_bytes`].
pub(crate) enum Signed<'a> {
    Post(&'a Request<'a>),
    Get(&'a GetRequest<'a>),
}

/// The `Authorization` header as bytes, for the client to hand to `HeaderValue` without another copy.
pub(crate) fn header_bytes(
    secret_id: &str,
    key: &SigningKey,
    service: &str,
    timestamp: i64,
    request: Signed<'_>,
) -> Vec<u8> {
    match request {
        Signed::Post(request) => signed("POST", "", secret_id, key, service, timestamp, request),
        Signed::Get(request) => {
            let as_request =
                Request { host: request.host, content_type: FORM_URLENCODED, action: request.action, payload: b"" };
            signed("GET", request.query, secret_id, key, service, timestamp, &as_request)
        }
    }
}

fn into_string(header: Vec<u8>) -> String {
    // Built only from `&str`s and ASCII hex, dates and digits, so it is always UTF-8.
    String::from_utf8(header).unwrap_or_default()
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
    into_string(header_bytes(secret_id, key, service, timestamp, Signed::Get(request)))
}

fn signed(
    method: &str,
    query: &str,
    secret_id: &str,
    key: &SigningKey,
    service: &str,
    timestamp: i64,
    request: &Request<'_>,
) -> Vec<u8> {
    let date = key.date_for(timestamp);
    let payload_hex = hex32(&sha256(request.payload));
    // canonical_request_hex with the header names fixed, so the constant runs between values are single pieces.
    let mut canonical = Blocks::<CANONICAL_BLOCKS>::resume(INITIAL_STATE, 0);
    canonical.put(method.as_bytes());
    canonical.put(b"\n/\n");
    canonical.put(query.as_bytes());
    canonical.put(b"\ncontent-type:");
    canonical.put(request.content_type.as_bytes());
    canonical.put(b"\nhost:");
    canonical.put(request.host.as_bytes());
    let signed_headers: &[u8] = match request.action {
        Some(action) => {
            canonical.put(b"\nx-tc-action:");
            canonical.put_lowercase(action);
            b"content-type;host;x-tc-action"
        }
        None => b"content-type;host",
    };
    canonical.put(b"\n\n");
    canonical.put(signed_headers);
    canonical.put(b"\n");
    canonical.put(&payload_hex);
    let canonical = hex32(&canonical.finish());
    let mut itoa = itoa::Buffer::new();
    let timestamp_str = itoa.format(timestamp);
    let signature = signature_hex(key, timestamp_str.as_bytes(), date.as_bytes(), service.as_bytes(), &canonical);
    const PREFIX: &[u8] = b"TC3-HMAC-SHA256 Credential=";
    const SCOPE_END: &[u8] = b"/tc3_request, SignedHeaders=";
    const SIGNATURE: &[u8] = b", Signature=";
    let len = PREFIX.len() + secret_id.len() + 12 + service.len() + SCOPE_END.len() + signed_headers.len() + 76;
    let mut out = Vec::with_capacity(len);
    // One call per piece rather than a loop over them, so the constant pieces are copied inline.
    out.extend_from_slice(PREFIX);
    out.extend_from_slice(secret_id.as_bytes());
    out.push(b'/');
    out.extend_from_slice(date.as_bytes());
    out.push(b'/');
    out.extend_from_slice(service.as_bytes());
    out.extend_from_slice(SCOPE_END);
    out.extend_from_slice(signed_headers);
    out.extend_from_slice(SIGNATURE);
    out.extend_from_slice(&signature);
    out
}

/// Convenience for one-off signing: derives the key and signs. Clients use [`KeyCache`](super::KeyCache) + [`authorization`].
pub fn sign(secret_id: &str, secret_key: &str, service: &str, timestamp: i64, request: &Request<'_>) -> String {
    let key = SigningKey::derive(secret_key, utc_date(timestamp).as_str(), service);
    authorization(secret_id, &key, service, timestamp, request)
}
