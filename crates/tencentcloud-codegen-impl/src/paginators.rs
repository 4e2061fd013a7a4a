//! `into_paginator()` and `items()` on the client-bound builder of every action that pages, as
//! `tencentcloud_spec::paging` detects it; the paging itself is `tencentcloud_core::paginate`, written once.

use std::collections::HashSet;

use proc_macro2::{Ident, TokenStream};
use quote::quote;
use tencentcloud_spec::ActionSpec;
use tencentcloud_spec::paging::{Paging, detect};

use crate::Member;
use crate::docs::doc_attrs;

/// The paginator methods of `action`'s builder, or nothing when the action does not page; their names are taken
/// from `names`, the builder's methods so far.
pub fn methods(
    action: &ActionSpec,
    builder_ty: &Ident,
    response_ty: &Ident,
    response: &[Member],
    names: &mut HashSet<String>,
) -> TokenStream {
    let Some(paging) = detect(action) else { return TokenStream::new() };
    let option = |name: &Option<String>| match name {
        Some(name) => quote!(::core::option::Option::Some(#name)),
        None => quote!(::core::option::Option::None),
    };
    let rule = match &paging {
        Paging::OffsetLimit { offset, limit, total, items } => {
            let total = option(total);
            quote!(::tencentcloud_core::paginate::PageRule::OffsetLimit { offset: #offset, limit: #limit, total: #total, items: #items })
        }
        Paging::PageNumber { page, size, total, items } => {
            let total = option(total);
            quote!(::tencentcloud_core::paginate::PageRule::PageNumber { page: #page, size: #size, total: #total, items: #items })
        }
        Paging::Token { token, items } => {
            let items = option(items);
            quote!(::tencentcloud_core::paginate::PageRule::Token { token: #token, items: #items })
        }
        _ => return TokenStream::new(),
    };
    // A request member named like a paginator method keeps its setter; the method takes another name.
    let pages = crate::operations::added_method(names, "into_paginator", "into_page_stream");
    let stop = match &paging {
        Paging::Token { token, .. } => {
            format!("until a response carries no `{token}` (a repeated one is an error, never a loop)")
        }
        Paging::OffsetLimit { .. } | Paging::PageNumber { .. } => {
            "until the items reach the response's total, or a page comes back empty or shorter than the page size"
                .to_owned()
        }
        _ => String::new(),
    };
    let pages_doc = doc_attrs(&format!(
        "Every page, from the position the builder sets ({} paging): a `Stream` of [`{response_ty}`] that calls \
         `{}` again {stop}. Each page is an ordinary call: signed, retried and paced to the action's rate limit.",
        paging.pattern(),
        action.name
    ));
    let element = paging.items().and_then(|name| response.iter().find(|m| m.spec.name == name)).and_then(|m| {
        let element = m.element.clone()?;
        Some((m.spec.name.clone(), element))
    });
    let items = element.map(|(array, element)| {
        let method = crate::operations::added_method(names, "items", "all_items");
        let doc = doc_attrs(&format!("Every element of `{array}` over every page (see [`Self::{pages}`])."));
        quote! {
            #doc
            pub fn #method(self) -> impl ::tencentcloud_core::paginate::Stream<Item = ::core::result::Result<#element, ::tencentcloud_core::Error>> + ::core::marker::Send + 'static {
                ::tencentcloud_core::paginate::Paginator::from_built(self.__client.core().clone(), self.build(), #rule).items::<#element>()
            }
        }
    });
    quote! {
        impl<'a> #builder_ty<&'a super::super::Client> {
            #pages_doc
            pub fn #pages(self) -> impl ::tencentcloud_core::paginate::Stream<Item = ::core::result::Result<#response_ty, ::tencentcloud_core::Error>> + ::core::marker::Send + 'static {
                ::tencentcloud_core::paginate::Paginator::from_built(self.__client.core().clone(), self.build(), #rule).pages()
            }
            #items
        }
    }
}
