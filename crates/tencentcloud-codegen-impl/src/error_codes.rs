//! Per-action error-code enums: the codes the action's page lists, then the common API 3.0 codes through one
//! shared enum (`tencentcloud_spec::api_facts::CommonErrorCode`, re-exported by the runtime), not repeated as ~40
//! variants in every action's enum.

use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use tencentcloud_spec::ActionSpec;

use super::docs::{doc_attrs, inline, prose};
use super::naming;

/// The name of the variant that keeps codes the enum does not list.
const OTHER: &str = "Other";
/// The name of the variant that holds a common code the page does not list.
const COMMON: &str = "Common";

/// The enum, or the JSON path and message of a code whose variant name is taken.
pub fn enumeration(action: &ActionSpec) -> Result<TokenStream, (String, String)> {
    let codes = &action.errors;
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
        if variant == OTHER || variant == COMMON {
            let holds = if variant == OTHER { "the codes the enum does not list" } else { "the common codes" };
            return Err((
                at(),
                format!("error code {:?} becomes the variant `{variant}`, which holds {holds}; rename it", c.code),
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
        let doc = doc_attrs(&format!("`{}`: {}", c.code, prose(&c.description)));
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
    let table: String = codes.iter().map(|c| format!("| `{}` | {} |\n", c.code, inline(&c.description))).collect();
    let table = if table.is_empty() {
        "The page lists no codes of its own.".to_owned()
    } else {
        format!("Codes the page documents:\n\n| Code | Meaning |\n|---|---|\n{table}")
    };
    let doc = doc_attrs(&format!(
        "Error codes of `{name}`: a variant per code its page lists; [`{enum_ty}::{COMMON}`] for a common API 3.0 \
         code the page does not list (`RequestLimitExceeded`, `AuthFailure.SignatureFailure`, ...); \
         [`{enum_ty}::{OTHER}`] for anything else. Get one from an error with [`{enum_ty}::from_error`].\n\n{table}"
    ));
    let other = format_ident!("{OTHER}");
    let common = format_ident!("{COMMON}");
    Ok(quote! {
        #doc
        #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq, ::core::cmp::Eq, ::core::hash::Hash)]
        #[non_exhaustive]
        pub enum #enum_ty {
            #(#variant_items)*
            /// A common API 3.0 code that the page does not list.
            #common(::tencentcloud_core::codegen_support::CommonErrorCode),
            /// A code this enum does not list, as the service sent it.
            #other(::std::string::String),
        }

        impl #enum_ty {
            /// The variant for a code string: the page's codes, then the common codes, then [`Self::Other`].
            pub fn from_code(code: &str) -> Self {
                match code {
                    #(#from_arms)*
                    other => match ::tencentcloud_core::codegen_support::CommonErrorCode::from_code(other) {
                        ::core::option::Option::Some(common) => Self::#common(common),
                        ::core::option::Option::None => Self::#other(::std::string::String::from(other)),
                    },
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
                    Self::#common(code) => code.as_str(),
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
        let (at, message) = super::enumeration(&a).unwrap_err();
        assert_eq!(at, "$.errors[1].code");
        assert_eq!(
            message,
            "error code \"Other\" becomes the variant `Other`, which holds the codes the enum does not list; rename it"
        );
        assert!(super::enumeration(&action(&["Others"])).is_ok());
        let (at, message) = super::enumeration(&action(&["Common"])).unwrap_err();
        assert_eq!(at, "$.errors[0].code");
        assert!(message.contains("becomes the variant `Common`, which holds the common codes"), "{message}");
    }
}
