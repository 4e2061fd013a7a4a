//! What every generated struct shares: its derives, a `Debug` that redacts secrets, and its documented fields.

use proc_macro2::{Ident, TokenStream};
use quote::quote;
use tencentcloud_spec::{TypeRef, Usage};

use super::docs::{doc_attrs, example_line, prose};
use super::rust_types::format_note;
use super::{Member, Role, naming};

/// `#[derive(...)]` for a generated struct; `Debug` is derived unless a member is sensitive. Decoding and
/// encoding are not derived: see `codec`.
pub fn derives(members: &[Member], default: bool) -> TokenStream {
    let debug = (!members.iter().any(|m| m.sensitive)).then(|| quote!(::core::fmt::Debug,));
    let default_derive = default.then(|| quote!(::core::default::Default,));
    quote! {
        #[derive(#debug ::core::clone::Clone, ::core::cmp::PartialEq, #default_derive)]
    }
}

/// A hand-written `Debug` for structs with sensitive members, which prints `<redacted>` for them.
pub fn redacting_debug(name: &Ident, members: &[Member]) -> TokenStream {
    if !members.iter().any(|m| m.sensitive) {
        return TokenStream::new();
    }
    let label = name.to_string();
    let fields = members.iter().map(|m| {
        let ident = &m.ident;
        let shown = naming::unraw(ident);
        if m.sensitive { quote!(.field(#shown, &"<redacted>")) } else { quote!(.field(#shown, &self.#ident)) }
    });
    quote! {
        impl ::core::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct(#label) #(#fields)* .finish()
            }
        }
    }
}

/// Where the service's root module is, as a path from the module an item is generated in.
pub const ROOT_FROM_TYPES: &str = "super";
pub const ROOT_FROM_OPERATION: &str = "super::super";

/// The page's type name, with data types linked: `Array of [`Filter`](super::super::types::Filter)`.
fn type_doc(t: &TypeRef, role: Role) -> String {
    match t {
        TypeRef::Scalar(s) => s.as_str().to_owned(),
        TypeRef::Named(name) if matches!(role, Role::Data(_)) => format!("[`{name}`]"),
        TypeRef::Named(name) => format!("[`{name}`]({ROOT_FROM_OPERATION}::types::{name})"),
        TypeRef::Array(inner) => format!("Array of {}", type_doc(inner, role)),
    }
}

fn member_doc(m: &Member, role: Role) -> TokenStream {
    let spec = m.spec;
    let presence = match role {
        Role::Request | Role::Data(Usage::Input) | Role::Data(Usage::Both) if spec.required => "required",
        Role::Request | Role::Data(Usage::Input) => "optional",
        _ if spec.nullable => "may be null",
        _ => "missing or null decodes as the default",
    };
    let mut text =
        format!("`{}`: {}, {presence}.\n\n{}", spec.name, type_doc(&spec.type_ref, role), prose(&spec.description));
    if let Some(note) = format_note(&spec.type_ref) {
        text.push_str("\n\n");
        text.push_str(note);
    }
    // A sensitive member's illustration is still a password-shaped value: it is left out.
    if !m.sensitive {
        text.push_str(&example_line(spec.example.as_deref()));
    }
    if m.sensitive {
        text.push_str("\n\nSensitive: `Debug` prints `<redacted>` instead of the value.");
    }
    doc_attrs(&text)
}

/// The fields of a generated struct; their wire names are in the struct's `codec::table`.
pub fn fields(members: &[Member], role: Role) -> TokenStream {
    let fields = members.iter().map(|m| {
        let doc = member_doc(m, role);
        let ident = &m.ident;
        let ty = m.field_type();
        quote! {
            #doc
            pub #ident: #ty,
        }
    });
    quote!(#(#fields)*)
}
