//! Per-action error-code enums: the codes the action's page lists plus the common API 3.0 codes.

use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use tencentcloud_spec::ActionSpec;

use super::docs::{doc_attrs, inline, prose};
use super::naming;

/// The common error codes every API 3.0 action can return, from the API 3.0 "Common Error Codes" page.
const COMMON: &[(&str, &str)] = &[
    ("ActionOffline", "This API has been taken offline."),
    ("AuthFailure.InvalidAuthorization", "The `Authorization` header is invalid."),
    ("AuthFailure.InvalidSecretId", "Invalid key (not a TencentCloud API key)."),
    ("AuthFailure.MFAFailure", "MFA failed."),
    ("AuthFailure.SecretIdNotFound", "The key does not exist, or it has been disabled or deleted."),
    (
        "AuthFailure.SignatureExpire",
        "The signature expired: the request time and the server time differ by more than five minutes.",
    ),
    ("AuthFailure.SignatureFailure", "Invalid signature: the signature was calculated wrongly."),
    ("AuthFailure.TokenFailure", "Invalid token."),
    ("AuthFailure.UnauthorizedOperation", "The request is not authorized by CAM."),
    ("DryRunOperation", "The DryRun request would have succeeded."),
    ("FailedOperation", "The operation failed."),
    ("InternalError", "Internal error."),
    ("InvalidAction", "The API does not exist."),
    ("InvalidParameter", "A parameter is wrong."),
    ("InvalidParameterValue", "A parameter value is wrong."),
    ("InvalidRequest", "The multipart request body is malformed."),
    ("IpInBlacklist", "Your IP is in the account's IP blocklist."),
    ("IpNotInWhitelist", "Your IP is not in the account's IP allowlist."),
    ("LimitExceeded", "A quota limit was exceeded."),
    ("MissingParameter", "A required parameter is missing."),
    ("NoSuchProduct", "The product does not exist."),
    ("NoSuchVersion", "The API version does not exist."),
    ("RequestLimitExceeded", "The request rate limit was exceeded."),
    (
        "RequestLimitExceeded.GlobalRegionUinLimitExceeded",
        "The account's request rate limit across regions was exceeded.",
    ),
    ("RequestLimitExceeded.IPLimitExceeded", "The IP's request rate limit was exceeded."),
    ("RequestLimitExceeded.UinLimitExceeded", "The account's request rate limit was exceeded."),
    ("RequestSizeLimitExceeded", "The request is larger than allowed."),
    ("ResourceInUse", "The resource is in use."),
    ("ResourceInsufficient", "The resource is insufficient."),
    ("ResourceNotFound", "The resource does not exist."),
    ("ResourceUnavailable", "The resource is unavailable."),
    ("ResponseSizeLimitExceeded", "The response is larger than allowed."),
    ("ServiceUnavailable", "The service is unavailable now."),
    ("UnauthorizedOperation", "The operation is not authorized."),
    ("UnknownParameter", "An unknown parameter was sent."),
    ("UnsupportedOperation", "The operation is not supported."),
    ("UnsupportedProtocol", "Wrong HTTP(S) method or protocol; only GET and POST are supported."),
    ("UnsupportedRegion", "The API does not support this region."),
];

/// The name of the variant that keeps codes the enum does not list.
const OTHER: &str = "Other";

/// One code the enum lists.
pub struct Code {
    pub code: String,
    pub description: String,
    pub documented_on_page: bool,
}

/// The page's codes in page order, then the common codes the page does not repeat.
pub fn codes(action: &ActionSpec) -> Vec<Code> {
    let mut out: Vec<Code> = action
        .errors
        .iter()
        .map(|e| Code { code: e.code.clone(), description: e.description.clone(), documented_on_page: true })
        .collect();
    for (code, description) in COMMON {
        if !out.iter().any(|c| c.code == *code) {
            out.push(Code { code: (*code).into(), description: (*description).into(), documented_on_page: false });
        }
    }
    out
}

/// The enum, or the JSON path and message of a code whose variant name is taken.
pub fn enumeration(action: &ActionSpec, codes: &[Code]) -> Result<TokenStream, (String, String)> {
    let name = &action.name;
    let enum_ty = format_ident!("{name}ErrorCode");
    let mut taken: HashMap<String, &str> = HashMap::new();
    let mut variants = Vec::new();
    for c in codes {
        let at = || match action.errors.iter().position(|e| e.code == c.code) {
            Some(i) => format!("$.errors[{i}].code"),
            None => "$.errors".to_owned(),
        };
        let Some(variant) = naming::camel_ident(&c.code) else {
            return Err((at(), format!("error code {:?} has no letters or digits", c.code)));
        };
        if variant == OTHER {
            return Err((
                at(),
                format!(
                    "error code {:?} becomes the variant `{OTHER}`, which holds the codes the enum does not list; \
                     rename it",
                    c.code
                ),
            ));
        }
        if let Some(first) = taken.insert(variant.to_string(), &c.code) {
            return Err((
                at(),
                format!("error codes {first:?} and {:?} both become the variant `{variant}`; rename one", c.code),
            ));
        }
        variants.push((variant, c));
    }
    let variant_items = variants.iter().map(|(v, c)| {
        let origin = if c.documented_on_page { "" } else { " (common code)" };
        let doc = doc_attrs(&format!("`{}`{origin}: {}", c.code, prose(&c.description)));
        quote!(#doc #v,)
    });
    let from_arms = variants.iter().map(|(v, c)| {
        let code = &c.code;
        quote!(#code => Self::#v,)
    });
    let as_str_arms = variants.iter().map(|(v, c)| {
        let code = &c.code;
        quote!(Self::#v => #code,)
    });
    let table: String = codes
        .iter()
        .filter(|c| c.documented_on_page)
        .map(|c| format!("| `{}` | {} |\n", c.code, inline(&c.description)))
        .collect();
    let table = if table.is_empty() {
        "The page lists no codes of its own.".to_owned()
    } else {
        format!("Codes the page documents:\n\n| Code | Meaning |\n|---|---|\n{table}")
    };
    let doc = doc_attrs(&format!(
        "Error codes of `{name}`: the page's codes and the common API 3.0 codes. Codes not listed here arrive as \
         [`{enum_ty}::{OTHER}`]; get one from an error with [`{enum_ty}::from_error`].\n\n{table}"
    ));
    let other = format_ident!("{OTHER}");
    Ok(quote! {
        #doc
        #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq, ::core::cmp::Eq, ::core::hash::Hash)]
        #[non_exhaustive]
        pub enum #enum_ty {
            #(#variant_items)*
            /// A code this enum does not list, as the service sent it.
            #other(::std::string::String),
        }

        impl #enum_ty {
            /// The variant for a code string; unlisted codes become [`Self::Other`].
            pub fn from_code(code: &str) -> Self {
                match code {
                    #(#from_arms)*
                    other => Self::#other(::std::string::String::from(other)),
                }
            }

            /// The code of a service error, `None` for errors that are not the service's (network, signing, ...).
            pub fn from_error(error: &::tencentcloud_core::Error) -> ::core::option::Option<Self> {
                error.code().map(Self::from_code)
            }

            /// The code as the service writes it: `InvalidParameter`.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str_arms)*
                    Self::#other(code) => code,
                }
            }
        }

        impl ::core::fmt::Display for #enum_ty {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use tencentcloud_spec::{ActionSpec, ErrorCodeSpec};

    fn action(codes: &[&str]) -> ActionSpec {
        ActionSpec {
            comment: None,
            name: "DoThing".into(),
            service: "demo".into(),
            version: "1".into(),
            domain: "demo.example.com".into(),
            region_required: false,
            rate_limit_per_second: None,
            description: String::new(),
            source: None,
            request: Vec::new(),
            response: Vec::new(),
            errors: codes.iter().map(|c| ErrorCodeSpec { code: (*c).into(), description: String::new() }).collect(),
            examples: Vec::new(),
            unparsed_examples: Vec::new(),
        }
    }

    #[test]
    fn a_code_named_like_the_catch_all_variant_is_refused_with_its_path() {
        let a = action(&["InvalidParameter", "Other"]);
        let (at, message) = super::enumeration(&a, &super::codes(&a)).unwrap_err();
        assert_eq!(at, "$.errors[1].code");
        assert_eq!(
            message,
            "error code \"Other\" becomes the variant `Other`, which holds the codes the enum does not list; rename it"
        );
        assert!(super::enumeration(&action(&["Others"]), &super::codes(&action(&["Others"]))).is_ok());
    }
}
