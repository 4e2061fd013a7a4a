//! `operation::<action>::`: an action's request (with its `Action` impl), response and builder.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use tencentcloud_spec::{ActionSpec, Service, api_facts};

use super::codec::{self, Decode};
use super::docs::{doc_attrs, example_line, prose};
use super::structs::{ROOT_FROM_OPERATION, derives, fields, redacting_debug};
use super::{Member, Role, naming};

/// `set_callees` for the `callees` member: replaces the whole array.
pub fn set_ident(ident: &Ident) -> Ident {
    format_ident!("set_{}", naming::unraw(ident))
}

/// The methods every builder has besides its setters.
pub const BUILDER_OWN_METHODS: [&str; 3] = ["__new", "build", "send"];

/// The builder methods a member's setters take: its own name, and `set_<member>` for an array.
pub fn setter_names(member: &Member) -> impl Iterator<Item = String> {
    let set = member.element.as_ref().map(|_| set_ident(&member.ident).to_string());
    std::iter::once(naming::unraw(&member.ident)).chain(set)
}

/// Every method name a builder of `request` has before paginators and streams are added: its own and its
/// members' setters.
fn builder_method_names(request: &[Member]) -> std::collections::HashSet<String> {
    let own = BUILDER_OWN_METHODS.iter().map(|n| (*n).to_owned());
    own.chain(request.iter().flat_map(setter_names)).collect()
}

/// The name of a method added to a builder beside its setters (a paginator's, a stream's): `preferred`, or when
/// a member's setter has it, the first of `fallback`, `fallback_2`, ... that nothing has. The name is added to
/// `names`, so two added methods never collide either.
pub fn added_method(names: &mut std::collections::HashSet<String>, preferred: &str, fallback: &str) -> Ident {
    let chosen = if names.contains(preferred) {
        naming::first_free(&format_ident!("{fallback}"), |name| !names.contains(name))
    } else {
        format_ident!("{preferred}")
    };
    names.insert(chosen.to_string());
    chosen
}

pub fn action_facts(service: &Service, action: &ActionSpec) -> String {
    let region = if action.region_required { "required" } else { "not required" };
    let rate = match action.rate_limit_per_second {
        Some(n) => format!("{n} requests per second"),
        None => "not documented".to_owned(),
    };
    let retry = if api_facts::is_read_only_action(&action.name) {
        "yes, read-only"
    } else if action.request.iter().any(|m| m.name == api_facts::CLIENT_TOKEN) {
        "when `ClientToken` is set"
    } else {
        "no"
    };
    format!(
        "| | |\n|---|---|\n| Action | `{}` |\n| Domain | `{}` |\n| Version | `{}` |\n| Region | {region} |\n\
         | Rate limit | {rate} |\n| Retried after a timeout | {retry} |",
        action.name, action.domain, service.spec.version
    )
}

/// Request, response, builder and `Action` impl for one action.
pub fn action(service: &Service, action: &ActionSpec, request: &[Member], response: &[Member]) -> TokenStream {
    let name = &action.name;
    let method = naming::snake_case(name);
    let request_ty = format_ident!("{name}Request");
    let response_ty = format_ident!("{name}Response");
    let builder_ty = format_ident!("{name}Builder");
    let codes_ty = format_ident!("{name}ErrorCode");
    let facts = action_facts(service, action);
    let description = prose(&action.description);

    let request_doc = doc_attrs(&format!(
        "Request of `{name}`: {description}\n\n{facts}\n\nBuild one with [`{request_ty}::builder`] or call \
         [`Client::{method}`]({ROOT_FROM_OPERATION}::Client::{method}); the error codes are [`{codes_ty}`]."
    ));
    let request_derives = derives(request, false);
    let request_fields = fields(request, Role::Request);
    let request_debug = redacting_debug(&request_ty, request);

    let response_doc = doc_attrs(&format!(
        "Response of `{name}`: the content of `{{\"Response\": {{...}}}}`. Unknown members are ignored; a missing \
         or null member decodes as its default unless it is an `Option`."
    ));
    let response_derives = derives(response, true);
    let response_fields = fields(response, Role::Response);
    let response_debug = redacting_debug(&response_ty, response);
    let response_table = codec::table(&response_ty, response);
    let response_serde = codec::serde(&response_ty, Decode::Direct);
    let request_table = codec::table(&request_ty, request);
    let request_serde = codec::serde(&request_ty, Decode::ThroughBuilder(&builder_ty));

    let rate = match action.rate_limit_per_second {
        Some(n) => quote!(::core::option::Option::Some(#n)),
        None => quote!(::core::option::Option::None),
    };
    let region_required = action.region_required;
    let read_only = api_facts::is_read_only_action(name);
    let retry_safe = request.iter().find(|m| m.spec.name == api_facts::CLIENT_TOKEN).map(|m| {
        let ident = &m.ident;
        let carries = if m.optional { quote!(self.#ident.is_some()) } else { quote!(true) };
        quote! {
            fn retry_safe(&self) -> bool { <Self as ::tencentcloud_core::Action>::INFO.read_only || #carries }
        }
    });

    let builder = builder(action, &request_ty, &response_ty, &builder_ty, request);
    // Methods added beside the setters take names from one set, so none collides with a setter or another.
    let mut names = builder_method_names(request);
    let paginator = crate::paginators::methods(action, &builder_ty, &response_ty, response, &mut names);
    let stream = crate::streams::methods(action, &builder_ty, &response_ty, request, &mut names);
    quote! {
        #request_doc
        #request_derives
        #[non_exhaustive]
        pub struct #request_ty { #request_fields }
        #request_debug
        #request_table
        #request_serde

        impl #request_ty {
            /// A builder for this request; `build()` checks the required members.
            pub fn builder() -> #builder_ty {
                #builder_ty::__new(())
            }
        }

        impl ::tencentcloud_core::Action for #request_ty {
            type Output = #response_ty;
            const INFO: &'static ::tencentcloud_core::ActionInfo = &::tencentcloud_core::ActionInfo {
                service: &super::super::SERVICE,
                name: #name,
                rate_limit_per_second: #rate,
                region_required: #region_required,
                read_only: #read_only,
            };
            #retry_safe
        }

        #response_doc
        #response_derives
        #[non_exhaustive]
        pub struct #response_ty { #response_fields }
        #response_debug
        #response_table
        #response_serde

        #builder
        #paginator
        #stream
    }
}

fn builder(
    action: &ActionSpec,
    request_ty: &Ident,
    response_ty: &Ident,
    builder_ty: &Ident,
    request: &[Member],
) -> TokenStream {
    let name = &action.name;
    let table = codec::table(builder_ty, request);
    let idents: Vec<&Ident> = request.iter().map(|m| &m.ident).collect();
    let store_types = request.iter().map(|m| &m.ty);
    let setters = request.iter().map(|m| {
        let ident = &m.ident;
        let wire = &m.spec.name;
        let ty = &m.ty;
        match &m.element {
            Some(element) => {
                let set = set_ident(ident);
                let example = if m.sensitive { String::new() } else { example_line(m.spec.example.as_deref()) };
                let push_doc = doc_attrs(&format!(
                    "Appends one element to `{wire}`: {}{example}",
                    prose(&m.spec.description)
                ));
                let set_doc = doc_attrs(&format!("Sets the whole of `{wire}`, replacing what was appended."));
                quote! {
                    #push_doc
                    pub fn #ident(mut self, value: impl ::core::convert::Into<#element>) -> Self {
                        self.#ident.get_or_insert_with(::std::vec::Vec::new).push(value.into());
                        self
                    }
                    #set_doc
                    pub fn #set(mut self, values: impl ::core::iter::IntoIterator<Item = impl ::core::convert::Into<#element>>) -> Self {
                        self.#ident = ::core::option::Option::Some(values.into_iter().map(::core::convert::Into::into).collect());
                        self
                    }
                }
            }
            None => {
                let example = if m.sensitive { String::new() } else { example_line(m.spec.example.as_deref()) };
                let doc = doc_attrs(&format!("Sets `{wire}`: {}{example}", prose(&m.spec.description)));
                quote! {
                    #doc
                    pub fn #ident(mut self, value: impl ::core::convert::Into<#ty>) -> Self {
                        self.#ident = ::core::option::Option::Some(value.into());
                        self
                    }
                }
            }
        }
    });
    let build_fields = request.iter().map(|m| {
        let ident = &m.ident;
        let wire = &m.spec.name;
        if m.optional {
            quote!(#ident: self.#ident,)
        } else {
            quote!(#ident: ::tencentcloud_core::codegen_support::required(self.#ident, #name, #wire)?,)
        }
    });
    let doc = doc_attrs(&format!(
        "Builds a [`{request_ty}`]. From [`{request_ty}::builder`] it only builds; from \
         [`Client::{method}`]({ROOT_FROM_OPERATION}::Client::{method}) it also sends with `.send().await`.",
        method = naming::snake_case(name)
    ));
    quote! {
        #doc
        #[must_use = "a builder does nothing until `.build()` or `.send().await`"]
        #[derive(::core::clone::Clone)]
        pub struct #builder_ty<C = ()> {
            __client: C,
            #( #idents: ::core::option::Option<#store_types>, )*
        }

        impl<C> #builder_ty<C> {
            #[doc(hidden)]
            pub fn __new(client: C) -> Self {
                Self { __client: client, #( #idents: ::core::option::Option::None, )* }
            }

            #(#setters)*

            /// The request, or [`Error::missing_member`](::tencentcloud_core::Error::missing_member) naming the
            /// first required member that was not set.
            pub fn build(self) -> ::core::result::Result<#request_ty, ::tencentcloud_core::Error> {
                ::core::result::Result::Ok(#request_ty { #(#build_fields)* })
            }
        }

        // Generic over the client handle, so the call path (execute, retries, decoding) is compiled only for the
        // actions a program sends, in the program's crate, not for every action of the service here.
        impl<C: ::core::ops::Deref<Target = super::super::Client>> #builder_ty<C> {
            /// Builds the request and sends it; a missing required member fails before any traffic.
            pub fn send(self) -> impl ::core::future::Future<Output = ::core::result::Result<#response_ty, ::tencentcloud_core::Error>> {
                let #builder_ty { __client, #(#idents),* } = self;
                let request = #builder_ty { __client: (), #(#idents),* }.build();
                async move { ::tencentcloud_core::codegen_support::send(__client.core(), request).await }
            }
        }

        /// The same as `builder()`; lets the runtime decode a request into its builder.
        impl ::core::default::Default for #builder_ty {
            fn default() -> Self {
                Self::__new(())
            }
        }
        #table
    }
}
