//! Facts about Tencent Cloud API 3.0 itself, true of every service, defined once: the common error codes, which
//! calls are safe to repeat, and how a number or boolean may be written as a string.
//!
//! The generator, the runtime (through `tencentcloud_core::codegen_support`), the sandbox and regen all read
//! these, so they cannot disagree.

/// The error codes every API 3.0 action can return, from the API 3.0 "Common Error Codes" page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CommonErrorCode {
    /// `ActionOffline`: This API has been taken offline.
    ActionOffline,
    /// `AuthFailure.InvalidAuthorization`: The `Authorization` header is invalid.
    AuthFailureInvalidAuthorization,
    /// `AuthFailure.InvalidSecretId`: Invalid key (not a TencentCloud API key).
    AuthFailureInvalidSecretId,
    /// `AuthFailure.MFAFailure`: MFA failed.
    AuthFailureMfaFailure,
    /// `AuthFailure.SecretIdNotFound`: The key does not exist, or it has been disabled or deleted.
    AuthFailureSecretIdNotFound,
    /// `AuthFailure.SignatureExpire`: The signature expired: the request time and the server time differ by more than five minutes.
    AuthFailureSignatureExpire,
    /// `AuthFailure.SignatureFailure`: Invalid signature: the signature was calculated wrongly.
    AuthFailureSignatureFailure,
    /// `AuthFailure.TokenFailure`: Invalid token.
    AuthFailureTokenFailure,
    /// `AuthFailure.UnauthorizedOperation`: The request is not authorized by CAM.
    AuthFailureUnauthorizedOperation,
    /// `DryRunOperation`: The DryRun request would have succeeded.
    DryRunOperation,
    /// `FailedOperation`: The operation failed.
    FailedOperation,
    /// `InternalError`: Internal error.
    InternalError,
    /// `InvalidAction`: The API does not exist.
    InvalidAction,
    /// `InvalidParameter`: A parameter is wrong.
    InvalidParameter,
    /// `InvalidParameterValue`: A parameter value is wrong.
    InvalidParameterValue,
    /// `InvalidRequest`: The multipart request body is malformed.
    InvalidRequest,
    /// `IpInBlacklist`: Your IP is in the account's IP blocklist.
    IpInBlacklist,
    /// `IpNotInWhitelist`: Your IP is not in the account's IP allowlist.
    IpNotInWhitelist,
    /// `LimitExceeded`: A quota limit was exceeded.
    LimitExceeded,
    /// `MissingParameter`: A required parameter is missing.
    MissingParameter,
    /// `NoSuchProduct`: The product does not exist.
    NoSuchProduct,
    /// `NoSuchVersion`: The API version does not exist.
    NoSuchVersion,
    /// `RequestLimitExceeded`: The request rate limit was exceeded.
    RequestLimitExceeded,
    /// `RequestLimitExceeded.GlobalRegionUinLimitExceeded`: The account's request rate limit across regions was exceeded.
    RequestLimitExceededGlobalRegionUinLimitExceeded,
    /// `RequestLimitExceeded.IPLimitExceeded`: The IP's request rate limit was exceeded.
    RequestLimitExceededIpLimitExceeded,
    /// `RequestLimitExceeded.UinLimitExceeded`: The account's request rate limit was exceeded.
    RequestLimitExceededUinLimitExceeded,
    /// `RequestSizeLimitExceeded`: The request is larger than allowed.
    RequestSizeLimitExceeded,
    /// `ResourceInUse`: The resource is in use.
    ResourceInUse,
    /// `ResourceInsufficient`: The resource is insufficient.
    ResourceInsufficient,
    /// `ResourceNotFound`: The resource does not exist.
    ResourceNotFound,
    /// `ResourceUnavailable`: The resource is unavailable.
    ResourceUnavailable,
    /// `ResponseSizeLimitExceeded`: The response is larger than allowed.
    ResponseSizeLimitExceeded,
    /// `ServiceUnavailable`: The service is unavailable now.
    ServiceUnavailable,
    /// `UnauthorizedOperation`: The operation is not authorized.
    UnauthorizedOperation,
    /// `UnknownParameter`: An unknown parameter was sent.
    UnknownParameter,
    /// `UnsupportedOperation`: The operation is not supported.
    UnsupportedOperation,
    /// `UnsupportedProtocol`: Wrong HTTP(S) method or protocol; only GET and POST are supported.
    UnsupportedProtocol,
    /// `UnsupportedRegion`: The API does not support this region.
    UnsupportedRegion,
}

use std::borrow::Cow;

use crate::Scalar;
use CommonErrorCode as C;

/// Each common code with its wire name and meaning, in the page's (alphabetical) order.
const TABLE: &[(CommonErrorCode, &str, &str)] = &[
    (C::ActionOffline, "ActionOffline", "This API has been taken offline."),
    (C::AuthFailureInvalidAuthorization, "AuthFailure.InvalidAuthorization", "The `Authorization` header is invalid."),
    (C::AuthFailureInvalidSecretId, "AuthFailure.InvalidSecretId", "Invalid key (not a TencentCloud API key)."),
    (C::AuthFailureMfaFailure, "AuthFailure.MFAFailure", "MFA failed."),
    (
        C::AuthFailureSecretIdNotFound,
        "AuthFailure.SecretIdNotFound",
        "The key does not exist, or it has been disabled or deleted.",
    ),
    (
        C::AuthFailureSignatureExpire,
        "AuthFailure.SignatureExpire",
        "The signature expired: the request time and the server time differ by more than five minutes.",
    ),
    (
        C::AuthFailureSignatureFailure,
        "AuthFailure.SignatureFailure",
        "Invalid signature: the signature was calculated wrongly.",
    ),
    (C::AuthFailureTokenFailure, "AuthFailure.TokenFailure", "Invalid token."),
    (C::AuthFailureUnauthorizedOperation, "AuthFailure.UnauthorizedOperation", "The request is not authorized by CAM."),
    (C::DryRunOperation, "DryRunOperation", "The DryRun request would have succeeded."),
    (C::FailedOperation, "FailedOperation", "The operation failed."),
    (C::InternalError, "InternalError", "Internal error."),
    (C::InvalidAction, "InvalidAction", "The API does not exist."),
    (C::InvalidParameter, "InvalidParameter", "A parameter is wrong."),
    (C::InvalidParameterValue, "InvalidParameterValue", "A parameter value is wrong."),
    (C::InvalidRequest, "InvalidRequest", "The multipart request body is malformed."),
    (C::IpInBlacklist, "IpInBlacklist", "Your IP is in the account's IP blocklist."),
    (C::IpNotInWhitelist, "IpNotInWhitelist", "Your IP is not in the account's IP allowlist."),
    (C::LimitExceeded, "LimitExceeded", "A quota limit was exceeded."),
    (C::MissingParameter, "MissingParameter", "A required parameter is missing."),
    (C::NoSuchProduct, "NoSuchProduct", "The product does not exist."),
    (C::NoSuchVersion, "NoSuchVersion", "The API version does not exist."),
    (C::RequestLimitExceeded, "RequestLimitExceeded", "The request rate limit was exceeded."),
    (
        C::RequestLimitExceededGlobalRegionUinLimitExceeded,
        "RequestLimitExceeded.GlobalRegionUinLimitExceeded",
        "The account's request rate limit across regions was exceeded.",
    ),
    (
        C::RequestLimitExceededIpLimitExceeded,
        "RequestLimitExceeded.IPLimitExceeded",
        "The IP's request rate limit was exceeded.",
    ),
    (
        C::RequestLimitExceededUinLimitExceeded,
        "RequestLimitExceeded.UinLimitExceeded",
        "The account's request rate limit was exceeded.",
    ),
    (C::RequestSizeLimitExceeded, "RequestSizeLimitExceeded", "The request is larger than allowed."),
    (C::ResourceInUse, "ResourceInUse", "The resource is in use."),
    (C::ResourceInsufficient, "ResourceInsufficient", "The resource is insufficient."),
    (C::ResourceNotFound, "ResourceNotFound", "The resource does not exist."),
    (C::ResourceUnavailable, "ResourceUnavailable", "The resource is unavailable."),
    (C::ResponseSizeLimitExceeded, "ResponseSizeLimitExceeded", "The response is larger than allowed."),
    (C::ServiceUnavailable, "ServiceUnavailable", "The service is unavailable now."),
    (C::UnauthorizedOperation, "UnauthorizedOperation", "The operation is not authorized."),
    (C::UnknownParameter, "UnknownParameter", "An unknown parameter was sent."),
    (C::UnsupportedOperation, "UnsupportedOperation", "The operation is not supported."),
    (
        C::UnsupportedProtocol,
        "UnsupportedProtocol",
        "Wrong HTTP(S) method or protocol; only GET and POST are supported.",
    ),
    (C::UnsupportedRegion, "UnsupportedRegion", "The API does not support this region."),
];

impl CommonErrorCode {
    /// Every common code, in the page's order.
    pub fn all() -> impl Iterator<Item = CommonErrorCode> {
        TABLE.iter().map(|(c, _, _)| *c)
    }

    /// The common code a service error carries, if it is one: `InternalError` -> `Some(InternalError)`.
    pub fn from_code(code: &str) -> Option<CommonErrorCode> {
        TABLE.iter().find(|(_, wire, _)| *wire == code).map(|(c, _, _)| *c)
    }

    /// The code as the service writes it: `AuthFailure.SignatureExpire`.
    pub const fn as_str(self) -> &'static str {
        self.entry().1
    }

    /// What the code means, from the common error codes page.
    pub const fn description(self) -> &'static str {
        self.entry().2
    }

    const fn entry(self) -> &'static (CommonErrorCode, &'static str, &'static str) {
        // TABLE lists every variant in declaration order (a test checks it), so the index is the discriminant.
        &TABLE[self as usize]
    }
}

impl std::fmt::Display for CommonErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `RequestLimitExceeded` or one of its sub-codes: the endpoint refused because of its rate limit, so the call
/// did nothing and may always be repeated after a pause.
pub fn is_rate_limit_code(code: &str) -> bool {
    code.strip_prefix("RequestLimitExceeded").is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
}

/// `InternalError` or one of its sub-codes: the call may or may not have done its work.
pub fn is_internal_error_code(code: &str) -> bool {
    code.strip_prefix("InternalError").is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
}

/// Whether an action only reads, so that repeating it after a timeout or an `InternalError` is safe.
/// Tencent Cloud names its read-only actions with these verbs; everything else is treated as a write.
pub fn is_read_only_action(name: &str) -> bool {
    ["Describe", "Get", "List", "Inquiry", "Query", "Check"]
        .iter()
        .any(|verb| name.strip_prefix(verb).is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase())))
}

/// The request member that makes a write idempotent: the service does the work once per token.
pub const CLIENT_TOKEN: &str = "ClientToken";

/// Whether a call may be repeated after a timeout or an `InternalError`: it only reads, or it carries a
/// [`CLIENT_TOKEN`]. (Rate-limit refusals and connection failures are always safe to repeat: nothing ran.)
pub fn is_retry_safe(action: &str, carries_client_token: bool) -> bool {
    is_read_only_action(action) || carries_client_token
}

/// How a number or boolean written as a JSON string is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarText {
    /// What the service accepts in a request and the pages' examples write: `"10"`, `"0.5"`, `"true"`,
    /// `"false"` (surrounding spaces ignored). The sandbox validates requests and regen checks examples by it.
    Strict,
    /// What the client accepts in a response, where the service is less consistent: also `"True"`/`"TRUE"`,
    /// `"False"`/`"FALSE"`, `"1"`/`"0"` for booleans, and an empty string for the default (`0`, `false`).
    Lenient,
}

/// A boolean written as a string, or `None` when the text is not one in this mode.
pub fn boolean_from_text(text: &str, mode: ScalarText) -> Option<bool> {
    match (text.trim(), mode) {
        ("true", _) => Some(true),
        ("false", _) => Some(false),
        ("True" | "TRUE" | "1", ScalarText::Lenient) => Some(true),
        ("False" | "FALSE" | "0" | "", ScalarText::Lenient) => Some(false),
        _ => None,
    }
}

/// An integer written as a string (exactly: `"9007199254740993"` is that integer), or `None`.
pub fn integer_from_text(text: &str, mode: ScalarText) -> Option<i64> {
    match text.trim() {
        "" => (mode == ScalarText::Lenient).then_some(0),
        t => t.parse().ok(),
    }
}

/// A finite number written as a string, or `None`.
pub fn float_from_text(text: &str, mode: ScalarText) -> Option<f64> {
    match text.trim() {
        "" => (mode == ScalarText::Lenient).then_some(0.0),
        t => t.parse::<f64>().ok().filter(|v| v.is_finite()),
    }
}

/// Whether a JSON value is one the member's scalar type takes, in this mode (see [`scalar_json_value`]). Copies
/// nothing: the sandbox asks it of every member of every request.
pub fn scalar_json_fits(scalar: Scalar, value: &serde_json::Value, mode: ScalarText) -> bool {
    scalar_json_value(scalar, value, mode).is_some()
}

/// A JSON value as the member's scalar type reads it, in this mode, or `None` when it does not: a number or
/// boolean may come as text read by [`ScalarText`] (and becomes the number or boolean), a Timestamp as a string or
/// an integer, and (leniently, as the client decodes responses) an Integer as a float with no fraction below
/// 2^53, where floats still hold integers exactly.
/// A value of the right JSON type is borrowed as it is; only text read as a number or boolean is a new value.
pub fn scalar_json_value(
    scalar: Scalar,
    value: &serde_json::Value,
    mode: ScalarText,
) -> Option<Cow<'_, serde_json::Value>> {
    use serde_json::Value;
    let text = value.as_str();
    let integral_float = mode == ScalarText::Lenient
        && value.as_f64().is_some_and(|f| f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0);
    let kept = match scalar {
        Scalar::Integer => value.is_i64() || value.is_u64() || integral_float,
        Scalar::Float => value.is_number(),
        Scalar::Boolean => value.is_boolean(),
        Scalar::Timestamp => value.is_string() || value.is_i64() || value.is_u64(),
        Scalar::String | Scalar::TimestampIso8601 | Scalar::Date | Scalar::Binary => value.is_string(),
    };
    if kept {
        return Some(Cow::Borrowed(value));
    }
    let text = text?;
    let read = match scalar {
        Scalar::Integer => integer_from_text(text, mode).map(Value::from),
        Scalar::Float => float_from_text(text, mode).map(Value::from),
        Scalar::Boolean => boolean_from_text(text, mode).map(Value::Bool),
        _ => None,
    };
    read.map(Cow::Owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_lists_every_common_code_once_in_declaration_order() {
        for (i, (code, wire, description)) in TABLE.iter().enumerate() {
            assert_eq!(*code as usize, i, "{wire}");
            assert_eq!(CommonErrorCode::from_code(wire), Some(*code));
            assert_eq!(code.to_string(), *wire);
            assert!(!description.is_empty() && crate::is_error_code(wire), "{wire}");
        }
        assert_eq!(CommonErrorCode::all().count(), 38);
        assert_eq!(CommonErrorCode::from_code("InvalidParameter.Nope"), None);
    }

    #[test]
    fn json_values_fit_a_scalar_as_the_sandbox_and_the_client_read_them() {
        use serde_json::json;
        let fits = |s, v, m| scalar_json_fits(s, &v, m);
        assert!(fits(Scalar::Integer, json!("10"), ScalarText::Strict));
        assert!(!fits(Scalar::Integer, json!("ten"), ScalarText::Lenient));
        assert!(!fits(Scalar::Integer, json!(3.0), ScalarText::Strict));
        assert!(fits(Scalar::Integer, json!(3.0), ScalarText::Lenient));
        assert!(!fits(Scalar::Integer, json!(3.5), ScalarText::Lenient));
        assert!(!fits(Scalar::Integer, json!(9_007_199_254_740_992.0), ScalarText::Lenient));
        assert!(fits(Scalar::Boolean, json!("TRUE"), ScalarText::Lenient));
        assert!(!fits(Scalar::Boolean, json!("TRUE"), ScalarText::Strict));
        assert!(fits(Scalar::Timestamp, json!(1_700_000_000), ScalarText::Strict));
        assert!(!fits(Scalar::String, json!(1), ScalarText::Lenient));
        let value = |s, v| scalar_json_value(s, &v, ScalarText::Lenient).map(Cow::into_owned);
        assert_eq!(value(Scalar::Boolean, json!("True")), Some(json!(true)));
        assert_eq!(value(Scalar::Integer, json!("")), Some(json!(0)));
        assert_eq!(value(Scalar::Float, json!("0.5")), Some(json!(0.5)));
        assert_eq!(value(Scalar::Timestamp, json!("1400000000")), Some(json!("1400000000")));
    }

    #[test]
    fn rate_limit_and_internal_error_families() {
        assert!(
            is_rate_limit_code("RequestLimitExceeded") && is_rate_limit_code("RequestLimitExceeded.IPLimitExceeded")
        );
        assert!(!is_rate_limit_code("RequestLimitExceededX") && !is_rate_limit_code("LimitExceeded"));
        assert!(is_internal_error_code("InternalError.DbError") && !is_internal_error_code("InternalErrors"));
    }

    #[test]
    fn retry_safety() {
        assert!(is_read_only_action("DescribeAutoCalloutTask") && is_read_only_action("InquiryPriceRunInstances"));
        assert!(!is_read_only_action("RunInstances") && !is_read_only_action("Describe"));
        assert!(!is_read_only_action("Getaway"));
        assert!(is_retry_safe("RunInstances", true) && !is_retry_safe("RunInstances", false));
    }

    #[test]
    fn strict_and_lenient_scalar_text() {
        use ScalarText::{Lenient, Strict};
        assert_eq!(boolean_from_text(" true ", Strict), Some(true));
        for lenient_only in ["True", "TRUE", "1", "False", "FALSE", "0", ""] {
            assert_eq!(boolean_from_text(lenient_only, Strict), None, "{lenient_only:?}");
            assert!(boolean_from_text(lenient_only, Lenient).is_some(), "{lenient_only:?}");
        }
        assert_eq!(boolean_from_text("yes", Lenient), None);
        assert_eq!(integer_from_text("9007199254740993", Strict), Some(9_007_199_254_740_993));
        assert_eq!((integer_from_text("", Strict), integer_from_text(" ", Lenient)), (None, Some(0)));
        assert_eq!(integer_from_text("1.0", Lenient), None);
        assert_eq!(float_from_text(" 0.5", Strict), Some(0.5));
        assert_eq!((float_from_text("inf", Lenient), float_from_text("", Lenient)), (None, Some(0.0)));
    }
}
