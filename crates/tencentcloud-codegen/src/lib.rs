//! Proc-macro that turns a folder of specs into a typed async client.
//!
//! ```ignore
//! tencentcloud_codegen::service!("specs/2020-02-10");
//! ```
//!
//! The path is relative to the calling crate's `CARGO_MANIFEST_DIR` (the folder holding its `Cargo.toml`), the
//! same base a build script uses. The macro reads `service.json`, `actions/*.json` and `types/*.json` there and
//! generates, at the call site:
//!
//! - a struct per data type, and per action a `<Action>Request`, `<Action>Response`, `<Action>Builder` and
//!   `<Action>ErrorCode`, with the pages' descriptions as doc comments;
//! - `Client`, with one method per action (`client.describe_auto_callout_task().sdk_app_id(1).send().await`);
//! - `SERVICE`, and an `Action` impl per request carrying the rate limit, domain and region rule;
//! - a `#[cfg(test)]` module with one test per documented example.
//!
//! Generated code names only `::tencentcloud_core` (and `::core`/`::std`), so the calling crate needs
//! `tencentcloud-core` as a dependency and nothing else. A spec that does not validate becomes `compile_error!`
//! naming the file (relative to the manifest folder) and the JSON path; every problem is reported at once.
//!
//! Editing a spec recompiles the crate (each file is `include_bytes!`-ed). Adding or deleting one needs the
//! calling crate's `build.rs` to print `cargo::rerun-if-changed=<specs folder>`, since a proc-macro cannot
//! tell Cargo about a folder.
//!
//! The expansion lives in `src/expand/`, which uses `proc_macro2` only, so `cargo xtask expand` compiles the same
//! files into the xtask binary and prints exactly what this macro generates.

mod expand;

use std::path::PathBuf;

use proc_macro::TokenStream;
use syn::{LitStr, parse_macro_input};

/// Generates a service's types and client from the specs in a folder; see the crate docs.
#[proc_macro]
pub fn service(input: TokenStream) -> TokenStream {
    let folder = parse_macro_input!(input as LitStr);
    let Some(manifest_dir) = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from) else {
        return syn::Error::new(folder.span(), "CARGO_MANIFEST_DIR is not set: build with Cargo")
            .to_compile_error()
            .into();
    };
    expand::expand_service(&manifest_dir, &folder.value(), folder.span())
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
