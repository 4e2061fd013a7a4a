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
        // Pages list codes like `FailedOperation.Foo_Bar` and `FailedOperation.FooBar` side by side, and a code
        // may read `Other`: the service sends each of them, so a later one gets the first free `2`, `3`, ...
        // suffix, in page order, instead of failing the crate.
        let variant = naming::first_free_camel(&variant, |v| v != OTHER && v != COMMON && !taken.contains_key(v));
        taken.insert(variant.to_string(), &c.code);
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
            streaming: None,
            description: String::new(),
            source: None,
            request: Vec::new(),
            response: Vec::new(),
            errors: codes.iter().map(|c| ErrorCodeSpec { code: (*c).into(), description: String::new() }).collect(),
            examples: Vec::new(),
            unparsed_examples: Vec::new(),
        }
    }

    /// The variants of the generated enum, in order.
    fn variants(codes: &[&str]) -> Vec<String> {
        let tokens = super::enumeration(&action(codes)).unwrap();
        let file: syn::File = syn::parse2(tokens).unwrap();
        file.items
            .iter()
            .find_map(|item| match item {
                syn::Item::Enum(e) => Some(e.variants.iter().map(|v| v.ident.to_string()).collect()),
                _ => None,
            })
            .unwrap()
    }

    #[test]
    fn codes_that_would_share_a_variant_get_numbered_ones_in_page_order() {
        assert_eq!(
            variants(&["FailedOperation.Foo_Bar", "FailedOperation.FooBar", "FailedOperation.FooBar2"]),
            ["FailedOperationFooBar", "FailedOperationFooBar2", "FailedOperationFooBar22", "Common", "Other"]
        );
        // The catch-all and common variants keep their meaning; a page code named like them is numbered.
        assert_eq!(
            variants(&["InvalidParameter", "Other", "Common"]),
            ["InvalidParameter", "Other2", "Common2", "Common", "Other"]
        );
        assert_eq!(variants(&["Others"]), ["Others", "Common", "Other"]);
    }
}
