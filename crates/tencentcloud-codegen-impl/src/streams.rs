//! `send_stream()` on the client-bound builder of every action whose spec says it answers with Server-Sent Events;
//! the reading of the stream is `tencentcloud_core::sse`, written once.

use std::collections::HashSet;

use proc_macro2::{Ident, TokenStream};
use quote::quote;
use tencentcloud_spec::{ActionSpec, Streaming, streaming};

use crate::Member;
use crate::docs::doc_attrs;

/// The streaming method of `action`'s builder, or nothing when the action answers with one document; its name is
/// taken from `names`, the builder's methods so far.
pub fn methods(
    action: &ActionSpec,
    builder_ty: &Ident,
    response_ty: &Ident,
    request: &[Member],
    names: &mut HashSet<String>,
) -> TokenStream {
    let Some(mode) = streaming(action) else { return TokenStream::new() };
    // A request member named like the method keeps its setter; the method takes another name.
    let method = crate::operations::added_method(names, "send_stream", "send_event_stream");
    let (switch, when) = match mode {
        Streaming::WhenRequested(spec) => {
            let member = request.iter().find(|m| std::ptr::eq(m.spec, spec));
            let Some(ident) = member.map(|m| &m.ident) else { return TokenStream::new() };
            (quote!(self.#ident(true)), format!(" It sets `{}` to `true`.", spec.name))
        }
        Streaming::Always => (quote!(self), String::new()),
    };
    let doc = doc_attrs(&format!(
        "Sends the request and returns its answer as it streams: a `Stream` of [`{response_ty}`], one per \
         Server-Sent Event, as `{}`'s page describes.{when} No line-length limit, an idle timeout \
         (`RequestOptions::with_stream_idle_timeout`, 60 s by default), and dropping the stream closes the \
         connection. An error event or an error body is a service error; a missing required member is the one \
         item, before any traffic.",
        action.name
    ));
    quote! {
        impl<C: ::core::ops::Deref<Target = super::super::Client>> #builder_ty<C> {
            #doc
            pub fn #method(self) -> impl ::tencentcloud_core::paginate::Stream<Item = ::core::result::Result<#response_ty, ::tencentcloud_core::Error>> + ::core::marker::Send + 'static {
                let this = #switch;
                let client = this.__client.core().clone();
                ::tencentcloud_core::codegen_support::send_stream(&client, this.build())
            }
        }
    }
}
