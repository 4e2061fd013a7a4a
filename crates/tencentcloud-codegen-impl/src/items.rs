//! The structs, builders and client the macro generates for data types and actions.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use tencentcloud_spec::{ActionSpec, Service, TypeRef, TypeSpec, Usage, api_facts};

use super::codec::{self, Decode};
use super::docs::{doc_attrs, prose};
use super::{Member, Role, format_note, naming};

/// `#[derive(...)]` for a generated struct; `Debug` is derived unless a member is sensitive. Decoding and
/// encoding are not derived: see `codec`.
fn derives(members: &[Member], default: bool) -> TokenStream {
    let debug = (!members.iter().any(|m| m.sensitive)).then(|| quote!(::core::fmt::Debug,));
    let default_derive = default.then(|| quote!(::core::default::Default,));
    quote! {
        #[derive(#debug ::core::clone::Clone, ::core::cmp::PartialEq, #default_derive)]
    }
}

/// A hand-written `Debug` for structs with sensitive members, which prints `<redacted>` for them.
fn redacting_debug(name: &Ident, members: &[Member]) -> TokenStream {
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
    if m.sensitive {
        text.push_str("\n\nSensitive: `Debug` prints `<redacted>` instead of the value.");
    }
    doc_attrs(&text)
}

/// The fields of a generated struct; their wire names are in the struct's `codec::table`.
fn fields(members: &[Member], role: Role) -> TokenStream {
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

/// `set_callees` for the `callees` member: replaces the whole array.
pub fn set_ident(ident: &Ident) -> Ident {
    format_ident!("set_{}", naming::unraw(ident))
}

fn action_facts(service: &Service, action: &ActionSpec) -> String {
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
    let paginator = crate::paginators::methods(action, &builder_ty, &response_ty, request, response);
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
                let push_doc = doc_attrs(&format!("Appends one element to `{wire}`: {}", prose(&m.spec.description)));
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
                let doc = doc_attrs(&format!("Sets `{wire}`: {}", prose(&m.spec.description)));
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

/// `client.describe_auto_callout_task()`: a builder bound to the client.
pub fn client_method(service: &Service, action: &ActionSpec, method: &Ident, request: &[Member]) -> TokenStream {
    let name = &action.name;
    let builder_ty = format_ident!("{name}Builder");
    let request_ty = format_ident!("{name}Request");
    let codes_ty = format_ident!("{name}ErrorCode");
    let required: Vec<String> =
        request.iter().filter(|m| !m.optional).map(|m| format!("`{}`", naming::unraw(&m.ident))).collect();
    let required = if required.is_empty() { "none".to_owned() } else { required.join(", ") };
    let doc = doc_attrs(&format!(
        "`{name}`: {}\n\n{}\n\nRequired setters: {required}. See [`{request_ty}`](operation::{method}::{request_ty}) \
         for the members and [`{codes_ty}`](operation::{method}::{codes_ty}) for the error codes.",
        prose(&action.description),
        action_facts(service, action)
    ));
    quote! {
        #doc
        pub fn #method(&self) -> self::operation::#method::#builder_ty<&Self> {
            self::operation::#method::#builder_ty::__new(self)
        }
    }
}

/// The service's `Client`: a thin wrapper that gives the runtime client one method per action.
pub fn client(service: &Service, methods: &[TokenStream]) -> TokenStream {
    let spec = &service.spec;
    let doc = doc_attrs(&format!(
        "Client for `{}` version `{}` (`{}`): one method per action, each returning a builder whose \
         `.send().await` makes the call.\n\nCloning is cheap; clones share the connection pool and rate limits.",
        spec.service, spec.version, spec.domain
    ));
    quote! {
        #doc
        #[derive(::core::clone::Clone, ::core::fmt::Debug)]
        pub struct Client {
            core: ::tencentcloud_core::Client,
        }

        impl Client {
            /// Wraps a runtime client, which holds the credentials, region, transport and retry settings.
            pub fn new(core: ::tencentcloud_core::Client) -> Self {
                Self { core }
            }

            /// The runtime's builder (credentials, region, endpoint, timeouts, retries); `.build()?` returns
            /// this client. To wrap a runtime client built elsewhere, use [`Client::new`] or `.into()`.
            pub fn builder() -> ::tencentcloud_core::ClientBuilder<Self> {
                ::tencentcloud_core::ClientBuilder::new()
            }

            /// The runtime client underneath.
            pub fn core(&self) -> &::tencentcloud_core::Client {
                &self.core
            }

            /// Sends a prebuilt request: `client.send(&request).await`.
            pub async fn send<A: ::tencentcloud_core::Action>(&self, request: &A) -> ::core::result::Result<A::Output, ::tencentcloud_core::Error> {
                self.core.execute(request).await
            }

            #(#methods)*
        }

        impl ::core::convert::From<::tencentcloud_core::Client> for Client {
            fn from(core: ::tencentcloud_core::Client) -> Self {
                Self::new(core)
            }
        }
    }
}
