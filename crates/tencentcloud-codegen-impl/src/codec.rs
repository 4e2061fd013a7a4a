//! How a generated struct is decoded and encoded: a table of wire names and an index-to-member `match`, which
//! `tencentcloud_core::codegen_support` drives, instead of a serde derive per struct (the derive's visitors and
//! per-member `deserialize_with` wrappers were two thirds of a big service crate's compile time).

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::Member;

/// How a struct's `Deserialize` impl builds it.
pub enum Decode<'a> {
    /// Straight into the struct, which has `Default`.
    Direct,
    /// Into the action's builder, whose `build()` checks the required members (requests have no `Default`).
    ThroughBuilder(&'a Ident),
}

/// `Struct` and `Member` for `ty`: what the runtime's decoder and encoder see of it.
pub fn table(ty: &Ident, members: &[Member]) -> TokenStream {
    let names = members.iter().map(|m| &m.spec.name);
    let accessors = if members.is_empty() {
        quote! {
            fn member(&self, _: usize) -> ::core::option::Option<&dyn ::tencentcloud_core::codegen_support::Member> {
                ::core::option::Option::None
            }
            fn member_mut(&mut self, _: usize) -> ::core::option::Option<&mut dyn ::tencentcloud_core::codegen_support::Member> {
                ::core::option::Option::None
            }
        }
    } else {
        let index = 0..members.len();
        let index_mut = 0..members.len();
        let idents = members.iter().map(|m| &m.ident);
        let idents_mut = members.iter().map(|m| &m.ident);
        quote! {
            fn member(&self, index: usize) -> ::core::option::Option<&dyn ::tencentcloud_core::codegen_support::Member> {
                ::core::option::Option::Some(match index {
                    #( #index => &self.#idents, )*
                    _ => return ::core::option::Option::None,
                })
            }
            fn member_mut(&mut self, index: usize) -> ::core::option::Option<&mut dyn ::tencentcloud_core::codegen_support::Member> {
                ::core::option::Option::Some(match index {
                    #( #index_mut => &mut self.#idents_mut, )*
                    _ => return ::core::option::Option::None,
                })
            }
        }
    };
    quote! {
        impl ::tencentcloud_core::codegen_support::Struct for #ty {
            fn names(&self) -> &'static [&'static str] {
                &[#(#names),*]
            }
            #accessors
        }
        impl ::tencentcloud_core::codegen_support::Member for #ty {
            fn put(&mut self, value: ::tencentcloud_core::codegen_support::In<'_>) -> ::core::result::Result<(), ::tencentcloud_core::codegen_support::Expected> {
                ::tencentcloud_core::codegen_support::put_struct(value)
            }
            fn object(&mut self) -> ::core::option::Option<&mut dyn ::tencentcloud_core::codegen_support::Struct> {
                ::core::option::Option::Some(self)
            }
            fn expected(&self) -> ::tencentcloud_core::codegen_support::Expected {
                ::tencentcloud_core::codegen_support::STRUCT_EXPECTED
            }
            fn out(&self) -> ::tencentcloud_core::codegen_support::Out<'_> {
                ::tencentcloud_core::codegen_support::Out::Object(self)
            }
        }
    }
}

/// `Serialize` and `Deserialize` for `ty`, one line each, through the runtime.
pub fn serde(ty: &Ident, decode: Decode) -> TokenStream {
    let body = match decode {
        Decode::Direct => quote!(::tencentcloud_core::codegen_support::deserialize(deserializer)),
        Decode::ThroughBuilder(builder) => quote! {
            let builder: #builder = ::tencentcloud_core::codegen_support::deserialize(deserializer)?;
            builder.build().map_err(<D::Error as ::tencentcloud_core::__private::serde::de::Error>::custom)
        },
    };
    quote! {
        impl ::tencentcloud_core::__private::serde::Serialize for #ty {
            fn serialize<S: ::tencentcloud_core::__private::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                ::tencentcloud_core::codegen_support::serialize(self, serializer)
            }
        }
        impl<'de> ::tencentcloud_core::__private::serde::Deserialize<'de> for #ty {
            fn deserialize<D: ::tencentcloud_core::__private::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                #body
            }
        }
    }
}
