//! Tests generated from each action's documented examples, so a new page is tested without anyone writing one.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use tencentcloud_spec::Service;

use super::naming;

/// `#[cfg(test)] mod __examples` with one `#[test]` per example.
pub fn tests(service: &Service) -> TokenStream {
    let tests = service.actions.iter().flat_map(|action| {
        let request_ty = format_ident!("{}Request", action.name);
        let method = naming::snake_case(&action.name);
        let module = naming::snake_ident(&action.name).unwrap_or_else(|| format_ident!("action"));
        action.examples.iter().enumerate().map(move |(i, example)| {
            let test = format_ident!("{method}_example_{}", i + 1);
            let name = &action.name;
            let title = &example.title;
            let request = example.request.to_string();
            let response = example.response.to_string();
            quote! {
                #[test]
                fn #test() {
                    ::tencentcloud_core::codegen_support::check_example::<super::operation::#module::#request_ty>(#name, #title, #request, #response);
                }
            }
        })
    });
    quote! {
        #[cfg(test)]
        mod __examples {
            #(#tests)*
        }
    }
}
