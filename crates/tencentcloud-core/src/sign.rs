//! TC3-HMAC-SHA256: request signing (client side, `client`), derived keys and their cache (`key`) and signature
//! verification (server side, `verify`).
//!
//! # Client side
//!
//! [`authorization`] builds the `Authorization` header for a `POST /` JSON request from a [`SigningKey`]
//! (derived once per secret, UTC date and service; [`KeyCache`] keeps them) and a [`Request`]. The header is an
//! [`Authorization`], built on the stack: a signature hashes its blocks and allocates nothing.
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

mod blocks;
mod client;
mod key;
#[cfg(test)]
mod tests;
mod verify;

pub use client::{Authorization, FORM_URLENCODED, GetRequest, Request, authorization, authorization_get, sign};
pub(crate) use client::{Signed, header_bytes};
pub use key::{KeyCache, SigningKey, UtcDate, utc_date};
pub use verify::{Verified, VerifyError, VerifyRequest, check_headers, verify};

/// The only algorithm API 3.0 accepts.
pub const ALGORITHM: &str = "TC3-HMAC-SHA256";

/// The `X-TC-Content-SHA256` value by which a client says the body itself is not signed.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// How far `X-TC-Timestamp` may be from the server's clock, in seconds.
pub const MAX_CLOCK_SKEW_SECONDS: i64 = 300;

/// Lowercase hex of a 32-byte digest, on the stack. Branch-free arithmetic per nibble rather than a table lookup
/// (the `hex` crate's way), so the compiler vectorises it: a signature encodes three digests. Measured in one
/// sitting with `cargo bench --bench sign`: 557 ns a signature with this, 631 ns with `hex::encode_to_slice`.
fn hex32(bytes: &[u8; 32]) -> [u8; 64] {
    let mut out = [0u8; 64];
    hex32_into(bytes, &mut out);
    out
}

/// [`hex32`] written into `slot` when it is exactly 64 bytes (whether it was is the answer): hex encoded where
/// it lands rather than copied there, since a copy would load the hex back as wider words than it was stored in,
/// and wait for those stores.
#[inline(always)]
fn hex32_into_slot(bytes: &[u8; 32], slot: Option<&mut [u8]>) -> bool {
    match slot.and_then(|slot| <&mut [u8; 64]>::try_from(slot).ok()) {
        Some(out) => {
            hex32_into(bytes, out);
            true
        }
        None => false,
    }
}

#[inline(always)]
fn hex32_into(bytes: &[u8; 32], out: &mut [u8; 64]) {
    let digit = |nibble: u8| {
        // 0..=9 -> '0'..='9'; 10..=15 -> 'a'..='f' ('a' - '0' - 10 = 39), chosen by the sign of 9 - nibble.
        let above_nine = (9u8.wrapping_sub(nibble) as i8 >> 7) as u8;
        b'0' + nibble + (above_nine & 39)
    };
    for (pair, byte) in out.chunks_exact_mut(2).zip(bytes) {
        pair[0] = digit(byte >> 4);
        pair[1] = digit(byte & 0x0f);
    }
}

fn as_str(hex: &[u8]) -> &str {
    // Only ever called on hex digits, dates and decimal digits, which are ASCII.
    std::str::from_utf8(hex).unwrap_or_default()
}

/// Lowercase hex SHA-256 of `data`.
pub fn sha256_hex(data: &[u8]) -> String {
    as_str(&hex32(&blocks::sha256(data))).to_owned()
}
