//! `types::<Type>`: a struct per data type, with chainable `with_*` setters for the types users send.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use tencentcloud_spec::{Service, TypeSpec, Usage};

use super::codec::{self, Decode};
use super::docs::{doc_attrs, prose};
use super::structs::{ROOT_FROM_TYPES, derives, fields, redacting_debug};
use super::{Member, Role, naming};

/// A data type: a struct with `Default` whose decoding never fails on a missing or null member.
pub fn data_type(service: &Service, ty: &TypeSpec, members: &[Member]) -> TokenStream {
    let name = naming::ident(&ty.name);
    let direction = match ty.usage {
        Usage::Input => "Sent in requests.",
        Usage::Output => "Received in responses.",
        Usage::Both => "Sent in requests and received in responses.",
    };
    let mut text = format!("{}\n\n{direction}", prose(&ty.description));
    if !ty.used_by.is_empty() {
        // Actions of the service whose pages are not among the specs are named, not linked.
        let used: Vec<String> = ty
            .used_by
            .iter()
            .map(|a| match service.action(a) {
                Some(_) => format!("[`{a}`]({ROOT_FROM_TYPES}::Client::{})", naming::snake_case(a)),
                None => format!("`{a}`"),
            })
            .collect();
        text.push_str(&format!(" Used by {}.", used.join(", ")));
    }
    if ty.usage != Usage::Output {
        text.push_str(&format!(
            "\n\nBuild one with `{}::default()` and the `with_*` setters: the struct is `#[non_exhaustive]`, so a \
             member a later page adds is not a breaking change.",
            ty.name
        ));
    }
    let doc = doc_attrs(&text);
    let derives = derives(members, true);
    let fields = fields(members, Role::Data(ty.usage));
    // Output-only types are built by the decoder, not by users.
    let setters = (ty.usage != Usage::Output).then(|| data_setters(&name, members));
    let debug = redacting_debug(&name, members);
    let table = codec::table(&name, members);
    let serde = codec::serde(&name, Decode::Direct);
    quote! {
        #doc
        #derives
        #[non_exhaustive]
        pub struct #name { #fields }
        #setters
        #debug
        #table
        #serde
    }
}

/// `with_<member>` for each member of an input data type, chainable from `Default`.
fn data_setters(name: &Ident, members: &[Member]) -> TokenStream {
    let setters = members.iter().map(|m| {
        let ident = &m.ident;
        let with = format_ident!("with_{}", naming::unraw(ident));
        let doc = doc_attrs(&format!("Sets `{}`.", m.spec.name));
        let (param, value) = match &m.element {
            Some(element) => (
                quote!(values: impl ::core::iter::IntoIterator<Item = impl ::core::convert::Into<#element>>),
                quote!(values.into_iter().map(::core::convert::Into::into).collect()),
            ),
            None => {
                let ty = m.inner_type();
                (quote!(value: impl ::core::convert::Into<#ty>), m.wrap_boxed(quote!(value.into())))
            }
        };
        let value = if m.optional { quote!(::core::option::Option::Some(#value)) } else { value };
        quote! {
            #doc
            pub fn #with(mut self, #param) -> Self {
                self.#ident = #value;
                self
            }
        }
    });
    quote! {
        impl #name {
            #(#setters)*
        }
    }
}
