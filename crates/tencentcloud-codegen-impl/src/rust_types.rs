//! The Rust type of a spec type (`Array of Filter` -> `Vec<types::Filter>`) and the format note of text scalars.

use proc_macro2::TokenStream;
use quote::quote;
use tencentcloud_spec::{Scalar, TypeRef};

use super::naming;

/// The Rust type for a spec type, without `Option`; data types are named through `types_path`.
pub fn rust_type(t: &TypeRef, types_path: &TokenStream) -> TokenStream {
    match t {
        TypeRef::Scalar(Scalar::Integer) => quote!(i64),
        TypeRef::Scalar(Scalar::Float) => quote!(f64),
        TypeRef::Scalar(Scalar::Boolean) => quote!(bool),
        TypeRef::Scalar(_) => quote!(::std::string::String),
        TypeRef::Named(name) => {
            let ident = naming::ident(name);
            quote!(#types_path::#ident)
        }
        TypeRef::Array(inner) => {
            let inner = rust_type(inner, types_path);
            quote!(::std::vec::Vec<#inner>)
        }
    }
}

/// What a scalar's text form is, for the member's doc line.
pub fn format_note(t: &TypeRef) -> Option<&'static str> {
    match t.element() {
        TypeRef::Scalar(Scalar::Timestamp) => {
            Some("Timestamp: a `YYYY-MM-DD hh:mm:ss` string unless the description says otherwise.")
        }
        TypeRef::Scalar(Scalar::TimestampIso8601) => {
            Some("Timestamp ISO8601: an ISO 8601 date-time string such as `2020-09-22T00:00:00+00:00`.")
        }
        TypeRef::Scalar(Scalar::Date) => Some("Date: a `YYYY-MM-DD` string."),
        TypeRef::Scalar(Scalar::Binary) => Some("Binary: base64 text."),
        _ => None,
    }
}
