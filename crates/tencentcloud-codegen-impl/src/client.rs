//! The service's `Client`: one method per action, each returning the action's builder bound to the client.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use tencentcloud_spec::{ActionSpec, Service};

use super::docs::{doc_attrs, prose};
use super::operations::action_facts;
use super::{Member, naming};

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
