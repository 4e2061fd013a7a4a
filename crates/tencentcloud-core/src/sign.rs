//! TC3-HMAC-SHA256 request signing (client side) and signature verification (server side).
//!
//! # Client side
//!
//! [`authorization`] builds the `Authorization` header for a `POST /` JSON request from a [`SigningKey`]
//! (derived once per secret, UTC date and service; [`KeyCache`] keeps them) and a [`Request`]:
//!
//! ```
//! use tencentcloud_core::sign::{self, Request, SigningKey};
//! let date = sign::utc_date(1551113065);
//! let key = SigningKey::derive("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", date.as_str(), "cvm");
//! let request = Request {
//!     host: "cvm.tencentcloudapi.com",
//!     content_type: "application/json",
//!     action: Some("DescribeInstances"), // signs x-tc-action too; None signs only content-type;host
//!     payload: br#"{"Limit":1}"#,
//! };
//! let header = sign::authorization("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", &key, "cvm", 1551113065, &request);
//! assert!(header.starts_with("TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/"));
//! ```
//!
//! # Server side
//!
//! ```text
//! pub fn verify<'a, H, K, S>(request: &VerifyRequest<'a, H>, secret_key_for: K) -> Result<Verified, VerifyError>
//! where
//!     H: Fn(&str) -> Option<&'a str>,   // header value by lowercase name ("host", "content-type", "x-tc-action", ...)
//!     K: FnOnce(&str) -> Option<S>,     // SecretKey for a SecretId, None if unknown
//!     S: AsRef<str>;
//! ```
//!
//! [`verify`] parses the `Authorization` header, looks up the value of every header its `SignedHeaders` lists
//! (which must include `content-type` and `host`), checks `X-TC-Timestamp` is within five minutes of `now`,
//! recomputes the signature and compares it in constant time. Each failure is a [`VerifyError`] whose
//! [`code`](VerifyError::code) is the API 3.0 error code to answer with:
//!
//! | [`VerifyError`] | code |
//! |---|---|
//! | `InvalidAuthorization` | `AuthFailure.InvalidAuthorization` (malformed header or timestamp, unsigned host/content-type) |
//! | `SignatureExpire` | `AuthFailure.SignatureExpire` |
//! | `SecretIdNotFound` | `AuthFailure.SecretIdNotFound` |
//! | `SignatureFailure` | `AuthFailure.SignatureFailure` |
//!
//! ```
//! use tencentcloud_core::sign::{self, Request, SigningKey, VerifyRequest};
//! let (id, secret) = ("AKIDexample", "secret");
//! let payload = br#"{"Limit":1}"#;
//! let key = SigningKey::derive(secret, sign::utc_date(1700000000).as_str(), "cvm");
//! let request = Request { host: "cvm.tencentcloudapi.com", content_type: "application/json", action: Some("DescribeInstances"), payload };
//! let authorization = sign::authorization(id, &key, "cvm", 1700000000, &request);
//! let headers = [("host", "cvm.tencentcloudapi.com"), ("content-type", "application/json"), ("x-tc-action", "DescribeInstances")];
//! let verified = sign::verify(
//!     &VerifyRequest {
//!         method: "POST",
//!         query: "",
//!         authorization: &authorization,
//!         timestamp: "1700000000",
//!         payload,
//!         now: 1700000100,
//!         header: |name: &str| headers.iter().find(|(n, _)| *n == name).map(|(_, v)| *v),
//!     },
//!     |secret_id: &str| (secret_id == id).then_some(secret),
//! )
//! .unwrap();
//! assert_eq!(verified.service, "cvm");
//! ```

use std::fmt;
use std::sync::Mutex;

use sha2::{Digest, Sha256};

/// The only algorithm API 3.0 accepts.
pub const ALGORITHM: &str = "TC3-HMAC-SHA256";

/// The `X-TC-Content-SHA256` value by which a client says the body itself is not signed.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// How far `X-TC-Timestamp` may be from the server's clock, in seconds.
pub const MAX_CLOCK_SKEW_SECONDS: i64 = 300;

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Lowercase hex of a 32-byte digest, without allocating.
fn hex32(bytes: &[u8; 32]) -> [u8; 64] {
    let mut out = [0u8; 64];
    for (i, b) in bytes.iter().enumerate() {
        out[2 * i] = HEX[usize::from(b >> 4)];
        out[2 * i + 1] = HEX[usize::from(b & 0x0f)];
    }
    out
}

fn as_str(hex: &[u8]) -> &str {
    // Only ever called on output of `hex32` or `UtcDate`, which is ASCII.
    std::str::from_utf8(hex).unwrap_or_default()
}

/// Lowercase hex SHA-256 of `data`.
pub fn sha256_hex(data: &[u8]) -> String {
    as_str(&hex32(&Sha256::digest(data).into())).to_owned()
}

/// A UTC calendar date `YYYY-MM-DD`, kept inline so signing does not allocate for it.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct UtcDate([u8; 10]);

impl UtcDate {
    pub fn as_str(&self) -> &str {
        as_str(&self.0)
    }
}

impl fmt::Display for UtcDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for UtcDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UtcDate({})", self.as_str())
    }
}

/// The UTC civil date of a Unix timestamp, for the credential scope.
pub fn utc_date(timestamp: i64) -> UtcDate {
    let (year, month, day) = crate::civil_time::civil_from_unix(timestamp);
    let year = year.clamp(0, 9999);
    let mut out = [b'-'; 10];
    let digits = |n: i64, into: &mut [u8]| {
        let mut n = n;
        for slot in into.iter_mut().rev() {
            *slot = b'0' + (n % 10) as u8;
            n /= 10;
        }
    };
    digits(year, &mut out[0..4]);
    digits(month, &mut out[5..7]);
    digits(day, &mut out[8..10]);
    UtcDate(out)
}

/// An HMAC-SHA256 key with its inner and outer pads already absorbed, so each MAC costs only the message blocks.
#[derive(Clone)]
struct HmacKey {
    inner: Sha256,
    outer: Sha256,
}

impl HmacKey {
    fn new(key: &[u8]) -> Self {
        let mut block = [0u8; 64];
        if key.len() > 64 {
            block[..32].copy_from_slice(&Sha256::digest(key));
        } else {
            block[..key.len()].copy_from_slice(key);
        }
        let mut inner = Sha256::new();
        inner.update(block.map(|b| b ^ 0x36));
        let mut outer = Sha256::new();
        outer.update(block.map(|b| b ^ 0x5c));
        HmacKey { inner, outer }
    }

    fn mac_parts(&self, parts: &[&[u8]]) -> [u8; 32] {
        let mut inner = self.inner.clone();
        for part in parts {
            inner.update(part);
        }
        let mut outer = self.outer.clone();
        outer.update(inner.finalize());
        outer.finalize().into()
    }

    fn mac(&self, message: &[u8]) -> [u8; 32] {
        self.mac_parts(&[message])
    }
}

/// The derived TC3 key for one secret, UTC date and service: `HMAC("TC3"+SecretKey, date)` -> service ->
/// `tc3_request`. Deriving costs four HMACs, so clients keep these in a [`KeyCache`]. Debug never shows it.
#[derive(Clone)]
pub struct SigningKey(HmacKey);

impl SigningKey {
    pub fn derive(secret_key: &str, date: &str, service: &str) -> Self {
        let mut tc3 = Vec::with_capacity(3 + secret_key.len());
        tc3.extend_from_slice(b"TC3");
        tc3.extend_from_slice(secret_key.as_bytes());
        let k_date = HmacKey::new(&tc3).mac(date.as_bytes());
        let k_service = HmacKey::new(&k_date).mac(service.as_bytes());
        let k_signing = HmacKey::new(&k_service).mac(b"tc3_request");
        SigningKey(HmacKey::new(&k_signing))
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey(<redacted>)")
    }
}

/// What a client signs: `POST /` with an empty query, the `content-type` and `host` headers, optionally
/// `x-tc-action` (newer documentation and SDKs sign it), and the body.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    pub host: &'a str,
    pub content_type: &'a str,
    /// When set, `x-tc-action:<lowercased action>` is signed as a third header.
    pub action: Option<&'a str>,
    pub payload: &'a [u8],
}

/// Streams the canonical request into a SHA-256 and returns its hex digest, allocation-free.
/// `headers` are (lowercase name, value) pairs, already sorted by name; each value is written as given,
/// except that `lowercase_values` lowercases them the way the documentation describes.
fn canonical_request_hex(
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
fn signature_hex(key: &SigningKey, timestamp: &str, scope: [&str; 3], canonical_hex: &[u8; 64]) -> [u8; 64] {
    let [date, service, _] = scope;
    hex32(&key.0.mac_parts(&[
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
    let mut itoa = [0u8; 20];
    let timestamp_str = format_i64(timestamp, &mut itoa);
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

/// Convenience for one-off signing: derives the key and signs. Clients use [`KeyCache`] + [`authorization`].
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

fn format_i64(n: i64, buf: &mut [u8; 20]) -> &str {
    let negative = n < 0;
    let mut value = n.unsigned_abs();
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    if negative && i > 0 {
        i -= 1;
        buf[i] = b'-';
    }
    as_str(&buf[i..])
}

/// Derived keys by secret, date and service. A client talks to few services with one secret at a time, so a
/// short list behind a mutex beats a map; the oldest entry is dropped when it is full.
#[derive(Default)]
pub struct KeyCache {
    entries: Mutex<Vec<CachedKey>>,
}

struct CachedKey {
    secret_key: String,
    date: UtcDate,
    service: String,
    key: SigningKey,
}

const KEY_CACHE_CAPACITY: usize = 16;

impl KeyCache {
    pub fn new() -> Self {
        Self::default()
    }

    /// The key for `secret_key` on `date` for `service`, derived on first use.
    pub fn get(&self, secret_key: &str, date: UtcDate, service: &str) -> SigningKey {
        let mut entries = self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(hit) = entries.iter().find(|e| e.date == date && e.service == service && e.secret_key == secret_key)
        {
            return hit.key.clone();
        }
        let key = SigningKey::derive(secret_key, date.as_str(), service);
        // Entries for other dates are dead weight once the day has turned.
        entries.retain(|e| e.date == date);
        if entries.len() >= KEY_CACHE_CAPACITY {
            entries.remove(0);
        }
        entries.push(CachedKey {
            secret_key: secret_key.to_owned(),
            date,
            service: service.to_owned(),
            key: key.clone(),
        });
        key
    }
}

impl fmt::Debug for KeyCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let len = self.entries.lock().map(|e| e.len()).unwrap_or(0);
        write!(f, "KeyCache({len} keys)")
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Server side
// ---------------------------------------------------------------------------------------------------------------

/// A request as a server received it, for [`verify`].
pub struct VerifyRequest<'a, H> {
    /// The HTTP method: `POST`, or `GET` (whose body is empty and whose query string is signed).
    pub method: &'a str,
    /// The raw query string as received, without the `?`: the parameters of a GET, empty for a POST.
    pub query: &'a str,
    /// The `Authorization` header.
    pub authorization: &'a str,
    /// The `X-TC-Timestamp` header.
    pub timestamp: &'a str,
    /// The raw request body.
    pub payload: &'a [u8],
    /// The server's clock, Unix seconds.
    pub now: i64,
    /// The value of a request header by lowercase name, for every name `SignedHeaders` lists.
    pub header: H,
}

/// What a valid signature tells the server.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Verified {
    pub secret_id: String,
    /// The service of the credential scope, e.g. `cvm`; the caller checks it matches the endpoint.
    pub service: String,
    pub date: String,
    /// The header names that were signed, lowercase, as listed.
    pub signed_headers: Vec<String>,
    pub timestamp: i64,
}

/// Why a signature was rejected. [`code`](Self::code) is the API 3.0 error code for it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    #[error("the Authorization header is malformed: {0}")]
    InvalidAuthorization(String),
    #[error("the signature expired: X-TC-Timestamp {timestamp} is more than 5 minutes from the server time {now}")]
    SignatureExpire { timestamp: i64, now: i64 },
    #[error("the SecretId {0} is not known")]
    SecretIdNotFound(String),
    #[error("the signature does not match; check the SecretKey and how the canonical request is built")]
    SignatureFailure,
}

impl VerifyError {
    pub fn code(&self) -> &'static str {
        match self {
            VerifyError::InvalidAuthorization(_) => "AuthFailure.InvalidAuthorization",
            VerifyError::SignatureExpire { .. } => "AuthFailure.SignatureExpire",
            VerifyError::SecretIdNotFound(_) => "AuthFailure.SecretIdNotFound",
            VerifyError::SignatureFailure => "AuthFailure.SignatureFailure",
        }
    }
}

/// The parts of an `Authorization` header.
struct ParsedAuthorization<'a> {
    secret_id: &'a str,
    date: &'a str,
    service: &'a str,
    signed_headers: Vec<&'a str>,
    signature: &'a str,
}

/// Parses `TC3-HMAC-SHA256 Credential=<id>/<date>/<service>/tc3_request, SignedHeaders=a;b, Signature=<hex>`.
fn parse_authorization(header: &str) -> Result<ParsedAuthorization<'_>, VerifyError> {
    let bad = |why: &str| VerifyError::InvalidAuthorization(why.to_owned());
    let rest = header
        .trim()
        .strip_prefix(ALGORITHM)
        .filter(|rest| rest.starts_with(' '))
        .ok_or_else(|| bad("expected it to start with `TC3-HMAC-SHA256 `"))?;
    let (mut credential, mut signed, mut signature) = (None, None, None);
    for part in rest.split(',') {
        let part = part.trim();
        let (name, value) = part.split_once('=').ok_or_else(|| bad("expected `Name=value` parts separated by `,`"))?;
        let slot = match name.trim() {
            "Credential" => &mut credential,
            "SignedHeaders" => &mut signed,
            "Signature" => &mut signature,
            _ => {
                let name = crate::error::one_line(name.trim(), 32);
                return Err(VerifyError::InvalidAuthorization(format!("unknown part `{name}`")));
            }
        };
        if slot.replace(value.trim()).is_some() {
            return Err(VerifyError::InvalidAuthorization(format!("`{}` appears twice", name.trim())));
        }
    }
    let credential = credential.ok_or_else(|| bad("missing `Credential=`"))?;
    let signed = signed.ok_or_else(|| bad("missing `SignedHeaders=`"))?;
    let signature = signature.ok_or_else(|| bad("missing `Signature=`"))?;
    let mut scope = credential.split('/');
    let (Some(secret_id), Some(date), Some(service), Some("tc3_request"), None) =
        (scope.next(), scope.next(), scope.next(), scope.next(), scope.next())
    else {
        return Err(bad("expected `Credential=<SecretId>/<YYYY-MM-DD>/<service>/tc3_request`"));
    };
    if secret_id.is_empty() || service.is_empty() {
        return Err(bad("the Credential has an empty SecretId or service"));
    }
    if date.len() != 10
        || !date.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() })
    {
        return Err(bad("the Credential date is not YYYY-MM-DD"));
    }
    let signed_headers: Vec<&str> = signed.split(';').collect();
    if signed_headers.iter().any(|h| h.is_empty() || h.bytes().any(|b| b.is_ascii_uppercase() || b == b' ')) {
        return Err(bad("SignedHeaders must be lowercase header names separated by `;`"));
    }
    if !signed_headers.windows(2).all(|w| w[0] < w[1]) {
        return Err(bad("SignedHeaders must be sorted and unique"));
    }
    if !signed_headers.contains(&"content-type") || !signed_headers.contains(&"host") {
        return Err(bad("SignedHeaders must include content-type and host"));
    }
    if signature.len() != 64 || !signature.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
        return Err(bad("the Signature is not 64 lowercase hex digits"));
    }
    Ok(ParsedAuthorization { secret_id, date, service, signed_headers, signature })
}

/// Compares without an early exit, so the time taken does not reveal how many leading bytes matched.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(diff) == 0
}

/// Everything [`verify`] checks before it needs the body: the Authorization header's form, the timestamp window,
/// the signed headers' presence, the SecretId and the scope's date. A server runs it before reading the body, so
/// a request that cannot be valid is refused without buffering it; `request.payload` is not read.
pub fn check_headers<'a, H, K, S>(request: &VerifyRequest<'a, H>, secret_key_for: K) -> Result<(), VerifyError>
where
    H: Fn(&str) -> Option<&'a str>,
    K: FnOnce(&str) -> Option<S>,
    S: AsRef<str>,
{
    checked_headers(request, secret_key_for).map(drop)
}

/// The header half of [`verify`]: the parsed header, the timestamp, the signed headers' values and the key.
#[allow(clippy::type_complexity)]
fn checked_headers<'r, 'a, H, K, S>(
    request: &'r VerifyRequest<'a, H>,
    secret_key_for: K,
) -> Result<(ParsedAuthorization<'r>, i64, Vec<(&'r str, &'a str)>, S), VerifyError>
where
    H: Fn(&str) -> Option<&'a str>,
    K: FnOnce(&str) -> Option<S>,
    S: AsRef<str>,
{
    let parsed = parse_authorization(request.authorization)?;
    let timestamp: i64 = request.timestamp.trim().parse().map_err(|_| {
        VerifyError::InvalidAuthorization(format!(
            "X-TC-Timestamp `{}` is not a Unix timestamp",
            crate::error::one_line(request.timestamp, 32)
        ))
    })?;
    // abs_diff: a timestamp near i64::MIN or MAX must be refused, not overflow.
    if request.now.abs_diff(timestamp) > MAX_CLOCK_SKEW_SECONDS.unsigned_abs() {
        return Err(VerifyError::SignatureExpire { timestamp, now: request.now });
    }
    let mut headers = Vec::with_capacity(parsed.signed_headers.len());
    for name in &parsed.signed_headers {
        let value = (request.header)(name).ok_or_else(|| {
            VerifyError::InvalidAuthorization(format!(
                "signed header `{}` is not in the request",
                crate::error::one_line(name, 64)
            ))
        })?;
        headers.push((*name, value.trim()));
    }
    let secret_key = secret_key_for(parsed.secret_id)
        .ok_or_else(|| VerifyError::SecretIdNotFound(crate::error::one_line(parsed.secret_id, 128)))?;
    // A client that used the wrong date for the scope signed a different string, so this is a mismatch.
    if parsed.date != utc_date(timestamp).as_str() {
        return Err(VerifyError::SignatureFailure);
    }
    Ok((parsed, timestamp, headers, secret_key))
}

/// Checks a request's TC3 signature. See the [module docs](self) for the contract and error codes.
pub fn verify<'a, H, K, S>(request: &VerifyRequest<'a, H>, secret_key_for: K) -> Result<Verified, VerifyError>
where
    H: Fn(&str) -> Option<&'a str>,
    K: FnOnce(&str) -> Option<S>,
    S: AsRef<str>,
{
    let (parsed, timestamp, headers, secret_key) = checked_headers(request, secret_key_for)?;
    let key = SigningKey::derive(secret_key.as_ref(), parsed.date, parsed.service);
    // SDKs may opt out of hashing large bodies: `X-TC-Content-SHA256: UNSIGNED-PAYLOAD` signs that literal instead.
    let unsigned = (request.header)("x-tc-content-sha256").is_some_and(|v| v.trim() == UNSIGNED_PAYLOAD);
    let signed_payload: &[u8] = if unsigned { UNSIGNED_PAYLOAD.as_bytes() } else { request.payload };
    let payload_hex = hex32(&Sha256::digest(signed_payload).into());
    let scope = [parsed.date, parsed.service, "tc3_request"];
    let timestamp_str = request.timestamp.trim();
    // The official SDKs sign header values as sent; the documentation says to lowercase them. Accept either.
    let as_sent = signature_hex(
        &key,
        timestamp_str,
        scope,
        &canonical_request_hex(request.method, request.query, &headers, false, &payload_hex),
    );
    let mut matched = constant_time_eq(&as_sent, parsed.signature.as_bytes());
    if !matched && headers.iter().any(|(_, v)| v.bytes().any(|b| b.is_ascii_uppercase())) {
        let lowered = signature_hex(
            &key,
            timestamp_str,
            scope,
            &canonical_request_hex(request.method, request.query, &headers, true, &payload_hex),
        );
        matched = constant_time_eq(&lowered, parsed.signature.as_bytes());
    }
    if !matched {
        return Err(VerifyError::SignatureFailure);
    }
    Ok(Verified {
        secret_id: parsed.secret_id.to_owned(),
        service: parsed.service.to_owned(),
        date: parsed.date.to_owned(),
        signed_headers: parsed.signed_headers.iter().map(|h| (*h).to_owned()).collect(),
        timestamp,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
    const KEY: &str = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";
    const BODY: &str = r#"{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}"#;

    fn vector_request() -> Request<'static> {
        Request {
            host: "cvm.tencentcloudapi.com",
            content_type: "application/json; charset=utf-8",
            action: None,
            payload: BODY.as_bytes(),
        }
    }

    #[test]
    fn documented_vector() {
        assert_eq!(sha256_hex(BODY.as_bytes()), "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064");
        let header = sign(ID, KEY, "cvm", 1551113065, &vector_request());
        assert_eq!(
            header,
            "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, \
             SignedHeaders=content-type;host, \
             Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"
        );
    }

    #[test]
    fn hmac_matches_rfc4231_case_2() {
        let mac = HmacKey::new(b"Jefe").mac(b"what do ya want for nothing?");
        assert_eq!(as_str(&hex32(&mac)), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        // Keys longer than a block are hashed first (RFC 4231 case 6).
        let mac = HmacKey::new(&[0xaa; 131]).mac(b"Test Using Larger Than Block-Size Key - Hash Key First");
        assert_eq!(as_str(&hex32(&mac)), "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    }

    #[test]
    fn civil_dates() {
        assert_eq!(utc_date(0).as_str(), "1970-01-01");
        assert_eq!(utc_date(1551113065).as_str(), "2019-02-25");
        assert_eq!(utc_date(951782400).as_str(), "2000-02-29");
        assert_eq!(utc_date(951868799).as_str(), "2000-02-29");
        assert_eq!(utc_date(951868800).as_str(), "2000-03-01");
        assert_eq!(utc_date(4107542399).as_str(), "2100-02-28");
        assert_eq!(utc_date(4107542400).as_str(), "2100-03-01");
        assert_eq!(utc_date(-1).as_str(), "1969-12-31");
        assert_eq!(utc_date(1735689599).as_str(), "2024-12-31");
    }

    #[test]
    fn civil_dates_agree_with_day_counting() {
        // Walk day by day from 1970 through 2200 and check each date follows the previous one.
        let mut expected = (1970i64, 1u32, 1u32);
        for day in 0..(230 * 366) {
            let got = utc_date(day * 86_400 + 43_200);
            assert_eq!(got.as_str(), format!("{:04}-{:02}-{:02}", expected.0, expected.1, expected.2));
            let leap = (expected.0 % 4 == 0 && expected.0 % 100 != 0) || expected.0 % 400 == 0;
            let days_in_month = match expected.1 {
                2 if leap => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            expected = if expected.2 < days_in_month {
                (expected.0, expected.1, expected.2 + 1)
            } else if expected.1 < 12 {
                (expected.0, expected.1 + 1, 1)
            } else {
                (expected.0 + 1, 1, 1)
            };
        }
    }

    #[test]
    fn action_header_is_signed_lowercased() {
        let mut request = vector_request();
        request.action = Some("DescribeInstances");
        let header = sign(ID, KEY, "cvm", 1551113065, &request);
        assert!(header.contains("SignedHeaders=content-type;host;x-tc-action,"));
        // Recompute by hand from the documented canonical form.
        let canonical = format!(
            "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\
             x-tc-action:describeinstances\n\ncontent-type;host;x-tc-action\n{}",
            sha256_hex(BODY.as_bytes())
        );
        let to_sign =
            format!("TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n{}", sha256_hex(canonical.as_bytes()));
        let key = SigningKey::derive(KEY, "2019-02-25", "cvm");
        let expected = as_str(&hex32(&key.0.mac(to_sign.as_bytes()))).to_owned();
        assert!(header.ends_with(&format!("Signature={expected}")), "{header}");
    }

    #[test]
    fn key_cache_reuses_and_separates() {
        let cache = KeyCache::new();
        let date = utc_date(1551113065);
        let a = cache.get(KEY, date, "cvm");
        let b = cache.get(KEY, date, "ccc");
        let request = vector_request();
        let with = |k: &SigningKey| authorization(ID, k, "cvm", 1551113065, &request);
        assert_eq!(with(&a), sign(ID, KEY, "cvm", 1551113065, &request));
        assert_ne!(with(&a), with(&b));
        assert_eq!(with(&cache.get(KEY, date, "cvm")), with(&a));
        assert_ne!(with(&cache.get("other", date, "cvm")), with(&a));
        assert!(!format!("{cache:?}{a:?}").contains(KEY));
    }

    fn verify_with(authorization: &str, now: i64, body: &[u8], action: &str) -> Result<Verified, VerifyError> {
        let headers = [
            ("content-type", "application/json; charset=utf-8"),
            ("host", "cvm.tencentcloudapi.com"),
            ("x-tc-action", action),
        ];
        verify(
            &VerifyRequest {
                method: "POST",
                query: "",
                authorization,
                timestamp: "1551113065",
                payload: body,
                now,
                header: |name: &str| headers.iter().find(|(n, _)| *n == name).map(|(_, v)| *v),
            },
            |id: &str| (id == ID).then_some(KEY),
        )
    }

    #[test]
    fn verify_accepts_and_rejects() {
        let mut request = vector_request();
        let plain = sign(ID, KEY, "cvm", 1551113065, &request);
        request.action = Some("DescribeInstances");
        let with_action = sign(ID, KEY, "cvm", 1551113065, &request);
        let ok = verify_with(&plain, 1551113065 + 300, BODY.as_bytes(), "DescribeInstances").unwrap();
        assert_eq!(ok.service, "cvm");
        assert_eq!(ok.signed_headers, ["content-type", "host"]);
        verify_with(&with_action, 1551113065 - 300, BODY.as_bytes(), "DescribeInstances").unwrap();
        // The action value is signed in lowercase, so its case on the wire does not matter; its name does.
        verify_with(&with_action, 1551113065, BODY.as_bytes(), "describeinstances").unwrap();
        assert_eq!(
            verify_with(&with_action, 1551113065, BODY.as_bytes(), "RunInstances"),
            Err(VerifyError::SignatureFailure)
        );
        assert_eq!(verify_with(&plain, 1551113065, b"{}", "x"), Err(VerifyError::SignatureFailure));
        assert_eq!(
            verify_with(&plain, 1551113065 + 301, BODY.as_bytes(), "x").map_err(|e| e.code()),
            Err("AuthFailure.SignatureExpire")
        );
        let other_id = plain.replace(ID, "AKIDunknown");
        assert_eq!(
            verify_with(&other_id, 1551113065, BODY.as_bytes(), "x").map_err(|e| e.code()),
            Err("AuthFailure.SecretIdNotFound")
        );
        let flipped = format!("{}0", &plain[..plain.len() - 1]);
        let flipped = if flipped == plain { format!("{}1", &plain[..plain.len() - 1]) } else { flipped };
        assert_eq!(verify_with(&flipped, 1551113065, BODY.as_bytes(), "x"), Err(VerifyError::SignatureFailure));
    }

    #[test]
    fn unsigned_payloads_are_verified_by_the_literal() {
        let request = Request { payload: UNSIGNED_PAYLOAD.as_bytes(), ..vector_request() };
        let authorization = sign(ID, KEY, "cvm", 1551113065, &request);
        let check = |marker: Option<&'static str>| {
            let headers = [
                ("content-type", "application/json; charset=utf-8"),
                ("host", "cvm.tencentcloudapi.com"),
                ("x-tc-content-sha256", marker.unwrap_or("")),
            ];
            verify(
                &VerifyRequest {
                    method: "POST",
                    query: "",
                    authorization: &authorization,
                    timestamp: "1551113065",
                    payload: b"any body at all",
                    now: 1551113065,
                    header: |name: &str| headers.iter().find(|(n, v)| *n == name && !v.is_empty()).map(|(_, v)| *v),
                },
                |_: &str| Some(KEY),
            )
        };
        assert!(check(Some(UNSIGNED_PAYLOAD)).is_ok());
        assert_eq!(check(None), Err(VerifyError::SignatureFailure), "without the marker the body is hashed");
    }

    #[test]
    fn extreme_timestamps_are_expired_not_an_overflow() {
        let authorization = sign(ID, KEY, "cvm", 1551113065, &vector_request());
        for timestamp in [i64::MIN.to_string(), i64::MAX.to_string()] {
            let got = verify(
                &VerifyRequest {
                    method: "POST",
                    query: "",
                    authorization: &authorization,
                    timestamp: &timestamp,
                    payload: BODY.as_bytes(),
                    now: 1551113065,
                    header: |_: &str| Some("x"),
                },
                |_: &str| Some(KEY),
            );
            assert!(matches!(got, Err(VerifyError::SignatureExpire { .. })), "{timestamp}: {got:?}");
        }
    }

    #[test]
    fn malformed_headers_are_invalid_authorization() {
        let good = sign(ID, KEY, "cvm", 1551113065, &vector_request());
        for bad in [
            "".to_owned(),
            "Basic abc".to_owned(),
            good.replace("TC3-HMAC-SHA256 ", "TC3-HMAC-SHA1 "),
            good.replace("/tc3_request", "/tc2_request"),
            good.replace("2019-02-25", "2019/02/25"),
            good.replace("SignedHeaders=content-type;host", "SignedHeaders=host"),
            good.replace("SignedHeaders=content-type;host", "SignedHeaders=host;content-type"),
            good.replace("SignedHeaders=content-type;host", "SignedHeaders=content-type;host;x-missing"),
            good.replace("Signature=", "Signature=zz"),
            format!("{good}, Signature=00"),
        ] {
            let got = verify_with(&bad, 1551113065, BODY.as_bytes(), "x");
            assert_eq!(got.map_err(|e| e.code()), Err("AuthFailure.InvalidAuthorization"), "{bad}");
        }
    }
}
