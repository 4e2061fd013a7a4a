//! The client side: the canonical request, streamed into SHA-256 without allocating, and the `Authorization`
//! header for a POST or a GET.

use super::blocks::{Blocks, INITIAL_STATE, sha256};
use super::{ALGORITHM, SigningKey, UtcDate, hex32, utc_date};

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

/// The canonical request's SHA-256. `headers` are (lowercase name, value) pairs, already sorted by name;
/// each value is written as given, except that `lowercase_values` lowercases them the way the documentation
/// describes.
pub(super) fn canonical_request_digest(
    method: &str,
    query: &str,
    headers: &[(&str, &str)],
    lowercase_values: bool,
    payload_digest: &[u8; 32],
) -> [u8; 32] {
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
    canonical.put_hex(payload_digest);
    canonical.finish()
}

/// The hex signature of a canonical request digest under `key`.
/// `date` and `service` are the credential scope's.
pub(super) fn signature_hex(
    key: &SigningKey,
    timestamp: &[u8],
    date: &[u8],
    service: &[u8],
    canonical_digest: &[u8; 32],
) -> [u8; 64] {
    hex32(&signature_of(key, timestamp, date, service, canonical_digest))
}

/// The signature of a canonical request digest under `key`, before it is written as hex.
#[inline(always)]
fn signature_of(
    key: &SigningKey,
    timestamp: &[u8],
    date: &[u8],
    service: &[u8],
    canonical_digest: &[u8; 32],
) -> [u8; 32] {
    let mut to_sign = key.message::<TO_SIGN_BLOCKS>();
    to_sign.put(ALGORITHM.as_bytes());
    to_sign.put(b"\n");
    to_sign.put(timestamp);
    to_sign.put(b"\n");
    to_sign.put(date);
    to_sign.put(b"/");
    to_sign.put(service);
    to_sign.put(b"/tc3_request\n");
    to_sign.put_hex(canonical_digest);
    key.mac_of(&mut to_sign)
}

/// The value of the `Authorization` header for `request`, signed at `timestamp` (Unix seconds) for `service`.
/// `key` must have been derived for `utc_date(timestamp)` and `service`.
pub fn authorization(
    secret_id: &str,
    key: &SigningKey,
    service: &str,
    timestamp: i64,
    request: &Request<'_>,
) -> Authorization {
    Authorization::new(secret_id, service, &signature("POST", "", key, service, timestamp, request))
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
    signed_by_method(key, service, timestamp, request).header_vec(secret_id, service)
}

fn signed_by_method(key: &SigningKey, service: &str, timestamp: i64, request: Signed<'_>) -> Signature {
    match request {
        Signed::Post(request) => signature("POST", "", key, service, timestamp, request),
        Signed::Get(request) => {
            let as_request =
                Request { host: request.host, content_type: FORM_URLENCODED, action: request.action, payload: b"" };
            signature("GET", request.query, key, service, timestamp, &as_request)
        }
    }
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
) -> Authorization {
    Authorization::new(secret_id, service, &signed_by_method(key, service, timestamp, Signed::Get(request)))
}

/// What a signature contributes to the header: the scope's date, the signed header names and the signature.
struct Signature {
    date: UtcDate,
    signed_headers: &'static [u8],
    mac: [u8; 32],
}

const PREFIX: &[u8] = b"TC3-HMAC-SHA256 Credential=";
const SCOPE_END: &[u8] = b"/tc3_request, SignedHeaders=";
const SIGNATURE: &[u8] = b", Signature=";

impl Signature {
    fn header_len(&self, secret_id: &str, service: &str) -> usize {
        PREFIX.len() + secret_id.len() + 12 + service.len() + SCOPE_END.len() + self.signed_headers.len() + 76
    }

    /// The header in a `Vec` of exactly its length.
    fn header_vec(&self, secret_id: &str, service: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.header_len(secret_id, service));
        self.write_header(&mut out, secret_id, service);
        out
    }

    // One call per piece rather than a loop over them, so the constant pieces are copied inline.
    #[inline(always)]
    fn write_header(&self, out: &mut impl HeaderSink, secret_id: &str, service: &str) {
        out.put(PREFIX);
        out.put(secret_id.as_bytes());
        out.put(b"/");
        out.put(self.date.as_bytes());
        out.put(b"/");
        out.put(service.as_bytes());
        out.put(SCOPE_END);
        out.put(self.signed_headers);
        out.put(SIGNATURE);
        out.put_hex(&self.mac);
    }
}

/// Where a header is written: a `Vec` for the client, which hands it to `HeaderValue` as it is, or the stack.
trait HeaderSink {
    fn put(&mut self, bytes: &[u8]);

    /// The signature, hex-encoded where it lands (see [`hex32_into_slot`](super::hex32_into_slot)).
    fn put_hex(&mut self, digest: &[u8; 32]);
}

impl HeaderSink for Vec<u8> {
    #[inline(always)]
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }

    #[inline(always)]
    fn put_hex(&mut self, digest: &[u8; 32]) {
        let start = self.len();
        self.resize(start + 64, 0);
        super::hex32_into_slot(digest, self.get_mut(start..));
    }
}

/// Bytes of an [`Authorization`] kept on the stack: the header with a 36-character SecretId, a 20-character
/// service and three signed headers is 225.
const INLINE_AUTHORIZATION: usize = 240;

#[derive(Clone)]
pub(super) struct InlineHeader {
    bytes: [u8; INLINE_AUTHORIZATION],
    len: usize,
}

impl HeaderSink for InlineHeader {
    #[inline(always)]
    fn put(&mut self, bytes: &[u8]) {
        let end = self.len + bytes.len();
        // Only written after `header_len` said the whole header fits.
        if let Some(slot) = self.bytes.get_mut(self.len..end) {
            slot.copy_from_slice(bytes);
            self.len = end;
        }
    }

    #[inline(always)]
    fn put_hex(&mut self, digest: &[u8; 32]) {
        let end = self.len + 64;
        if super::hex32_into_slot(digest, self.bytes.get_mut(self.len..end)) {
            self.len = end;
        }
    }
}

/// The value of an `Authorization` header. It is built on the stack, so a signature allocates nothing (one with
/// an unusually long SecretId is kept on the heap). It reads as a `&str` ([`as_str`](Self::as_str), `Deref`,
/// `Display`) and as bytes ([`as_bytes`](Self::as_bytes), for an HTTP header value).
#[derive(Clone)]
pub struct Authorization(pub(super) AuthorizationBytes);

#[derive(Clone)]
#[expect(clippy::large_enum_variant, reason = "the inline variant is the point: a signature allocates nothing")]
pub(super) enum AuthorizationBytes {
    Inline(InlineHeader),
    Heap(Vec<u8>),
}

impl Authorization {
    fn new(secret_id: &str, service: &str, signature: &Signature) -> Self {
        let len = signature.header_len(secret_id, service);
        if len <= INLINE_AUTHORIZATION {
            let mut inline = InlineHeader { bytes: [0; INLINE_AUTHORIZATION], len: 0 };
            signature.write_header(&mut inline, secret_id, service);
            Authorization(AuthorizationBytes::Inline(inline))
        } else {
            Authorization(AuthorizationBytes::Heap(signature.header_vec(secret_id, service)))
        }
    }

    /// The header value's bytes (ASCII).
    pub fn as_bytes(&self) -> &[u8] {
        match &self.0 {
            AuthorizationBytes::Inline(inline) => inline.bytes.get(..inline.len).unwrap_or_default(),
            AuthorizationBytes::Heap(heap) => heap,
        }
    }

    /// The header value as text. Each call checks the bytes are UTF-8 (they are: the header is built from
    /// `&str`s and ASCII), which costs about as much as copying them; [`as_bytes`](Self::as_bytes) does not.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }
}

impl std::ops::Deref for Authorization {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Authorization {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Display for Authorization {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

// The header names the SecretId and carries a signature; neither is a secret (the SecretKey is not in it).
impl std::fmt::Debug for Authorization {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

// Compared as the text they are, in either order, with the string types a caller holds.
macro_rules! equal_as_bytes {
    ($($other:ty),*) => {$(
        impl PartialEq<$other> for Authorization {
            fn eq(&self, other: &$other) -> bool {
                self.as_bytes() == other.as_bytes()
            }
        }

        impl PartialEq<Authorization> for $other {
            fn eq(&self, other: &Authorization) -> bool {
                self.as_bytes() == other.as_bytes()
            }
        }
    )*};
}

equal_as_bytes!(str, &str, String);

impl PartialEq for Authorization {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for Authorization {}

/// For an HTTP client's header map: the value is checked and copied (a `SecretId` with characters a header cannot
/// carry is refused here).
impl TryFrom<Authorization> for reqwest::header::HeaderValue {
    type Error = reqwest::header::InvalidHeaderValue;
    fn try_from(authorization: Authorization) -> Result<Self, Self::Error> {
        reqwest::header::HeaderValue::from_bytes(authorization.as_bytes())
    }
}

impl From<Authorization> for String {
    fn from(authorization: Authorization) -> String {
        authorization.as_str().to_owned()
    }
}

// Inlined into its two callers, so POST's constant method and empty query are written as constants.
#[inline(always)]
fn signature(
    method: &str,
    query: &str,
    key: &SigningKey,
    service: &str,
    timestamp: i64,
    request: &Request<'_>,
) -> Signature {
    let date = key.date_for(timestamp);
    // canonical_request_digest with the header names fixed, so the constant runs between values are single pieces.
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
    canonical.put_hex(&sha256(request.payload));
    let canonical = canonical.finish();
    let mut itoa = itoa::Buffer::new();
    let timestamp = itoa.format(timestamp);
    let mac = signature_of(key, timestamp.as_bytes(), date.as_bytes(), service.as_bytes(), &canonical);
    Signature { date, signed_headers, mac }
}

/// Convenience for one-off signing: derives the key and signs. Clients use [`KeyCache`](super::KeyCache) + [`authorization`].
pub fn sign(secret_id: &str, secret_key: &str, service: &str, timestamp: i64, request: &Request<'_>) -> Authorization {
    let key = SigningKey::derive(secret_key, utc_date(timestamp).as_str(), service);
    authorization(secret_id, &key, service, timestamp, request)
}
