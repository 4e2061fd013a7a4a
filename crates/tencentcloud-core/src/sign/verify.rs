//! The server side: parse the `Authorization` header, check what can be checked without the body, recompute the
//! signature and compare it in constant time.

use subtle::ConstantTimeEq;

use super::blocks::sha256;
use super::client::{canonical_request_digest, signature_hex};
use super::{ALGORITHM, MAX_CLOCK_SKEW_SECONDS, SigningKey, UNSIGNED_PAYLOAD, utc_date};

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
    /// The SecretId the request was signed with.
    pub secret_id: String,
    /// The service of the credential scope, e.g. `cvm`; the caller checks it matches the endpoint.
    pub service: String,
    /// The date of the credential scope, `YYYY-MM-DD`.
    pub date: String,
    /// The header names that were signed, lowercase, as listed.
    pub signed_headers: Vec<String>,
    /// `X-TC-Timestamp`: when the request was signed, in Unix seconds.
    pub timestamp: i64,
}

/// Why a signature was rejected. [`code`](Self::code) is the API 3.0 error code for it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// The `Authorization` header is missing or not of the TC3 form; the text says what is wrong.
    #[error("the Authorization header is malformed: {0}")]
    InvalidAuthorization(String),
    /// The request was signed more than 5 minutes before or after the server's time.
    #[error("the signature expired: X-TC-Timestamp {timestamp} is more than 5 minutes from the server time {now}")]
    SignatureExpire {
        /// The request's `X-TC-Timestamp`, in Unix seconds.
        timestamp: i64,
        /// The server's time when it checked, in Unix seconds.
        now: i64,
    },
    /// No key is known for this SecretId.
    #[error("the SecretId {0} is not known")]
    SecretIdNotFound(String),
    /// The signature does not match the request as received.
    #[error("the signature does not match; check the SecretKey and how the canonical request is built")]
    SignatureFailure,
}

impl VerifyError {
    /// The API 3.0 error code to answer with, e.g. `AuthFailure.SignatureFailure`.
    pub fn code(&self) -> &'static str {
        use tencentcloud_spec::api_facts::CommonErrorCode as C;
        match self {
            VerifyError::InvalidAuthorization(_) => C::AuthFailureInvalidAuthorization,
            VerifyError::SignatureExpire { .. } => C::AuthFailureSignatureExpire,
            VerifyError::SecretIdNotFound(_) => C::AuthFailureSecretIdNotFound,
            VerifyError::SignatureFailure => C::AuthFailureSignatureFailure,
        }
        .as_str()
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
    if !tencentcloud_spec::is_api_version(date) {
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

/// Compares in constant time (`subtle`), so the time taken does not reveal how many leading bytes matched.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
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

/// Checks a request's TC3 signature. See the [module docs](crate::sign) for the contract and error codes.
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
    let payload_digest = sha256(signed_payload);
    let (date, service) = (parsed.date.as_bytes(), parsed.service.as_bytes());
    let timestamp_str = request.timestamp.trim().as_bytes();
    // The official SDKs sign header values as sent; the documentation says to lowercase them. Accept either.
    let as_sent = signature_hex(
        &key,
        timestamp_str,
        date,
        service,
        &canonical_request_digest(request.method, request.query, &headers, false, &payload_digest),
    );
    let mut matched = constant_time_eq(&as_sent, parsed.signature.as_bytes());
    if !matched && headers.iter().any(|(_, v)| v.bytes().any(|b| b.is_ascii_uppercase())) {
        let lowered = signature_hex(
            &key,
            timestamp_str,
            date,
            service,
            &canonical_request_digest(request.method, request.query, &headers, true, &payload_digest),
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
