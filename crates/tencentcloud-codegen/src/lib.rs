//! Proc-macro that turns a folder of specs into a typed async client.
//!
//! ```ignore
//! pub mod v20200210 {
//!     tencentcloud_codegen::service!("specs/2020-02-10");
//! }
//! pub use v20200210::*;
//! ```
//!
//! The path is relative to the calling crate's `CARGO_MANIFEST_DIR` (the folder holding its `Cargo.toml`), the
//! same base a build script uses. The macro reads `service.json`, `actions/*.json` and `types/*.json` there and
//! generates, at the call site:
//!
//! - `Client`, with one method per action (`client.describe_auto_callout_task().sdk_app_id(1).send().await`),
//!   `SERVICE`, and re-exports of the runtime's `Error`, `Credentials`, `ClientBuilder`, `Language`,
//!   `RetryConfig` and `Action`;
//! - `types::<Type>`, a struct per data type;
//! - `operation::<action>::{<Action>Request, <Action>Response, <Action>Builder, <Action>ErrorCode}` per action
//!   (`operation::describe_auto_callout_task::DescribeAutoCalloutTaskRequest`), with an `Action` impl per request
//!   carrying the rate limit, domain and region rule; every item has the page's description as its docs;
//! - a `#[cfg(test)]` module with one test per documented example.
//!
//! Only some actions: `tencentcloud_codegen::service!("specs/2022-11-21", actions = ["DescribeCosAsset"])`
//! generates those actions and the data types they reach, nothing else, so the build costs what the program uses
//! (csip has 751 actions; a program that calls three compiles three). A name the service lacks is an error at
//! its span. This is a macro argument rather than a Cargo feature per action because crates.io allows at most 300
//! features per crate, features of a shared dependency are unified across every crate that uses it (one user's
//! selection would become everyone's), and a list in the caller's own code states exactly what is used. Copy the
//! service's spec folder from its client crate (`specs/` in the published package) into your crate and call the
//! macro there, with `tencentcloud-core` and `tencentcloud-codegen` as dependencies.
//!
//! No generated path starts with `crate::`, so the output works in any module: one per API version, as above.
//!
//! Generated code names only `::tencentcloud_core` (and `::core`/`::std`), so the calling crate needs
//! `tencentcloud-core` as a dependency and nothing else. A spec that does not validate becomes `compile_error!`
//! naming the file (relative to the manifest folder) and the JSON path; every problem is reported at once.
//!
//! Editing a spec recompiles the crate (each file is `include_bytes!`-ed). Adding or deleting one needs the
//! calling crate's `build.rs` to print `cargo::rerun-if-changed=<specs folder>`, since a proc-macro cannot
//! tell Cargo about a folder.
//!
//! # Decisions
//!
//! - Types: `Integer` is `i64`, `Float` `f64`, `Boolean` `bool`; `String`, `Timestamp`, `Timestamp ISO8601`,
//!   `Date` and `Binary` are `String` with the format in the member's docs; `Array of T` is `Vec<T>`.
//! - Requests: required members are plain, optional ones `Option` and omitted when `None`. Requests have no
//!   `Default` (that would make required members silently zero); build them with `<Action>Request::builder()`.
//! - Decoding (responses, data types, and requests too) is lenient, by one set of rules in
//!   `tencentcloud_core::codegen_support`: null or missing decodes as the default (or `None` for members the page
//!   says may be null), and numbers or booleans sent as strings (`"10"`, `"true"`) are accepted, because the
//!   service sends them and the pages' own examples do; a string member accepts a number. Unknown members are
//!   ignored. An integer written as a float is read only when exact (`3.0`, never `9007199254740993.0`).
//! - No serde derive: each struct gets a table of wire names and an index-to-member `match`, and its
//!   `Serialize`/`Deserialize` impls are one-line calls into the runtime, whose one visitor serves every type.
//!   That keeps a crate of hundreds of actions cheap to type-check. A request decodes through its builder, so a
//!   missing required member is the builder's error.
//! - The generated code checks at compile time that `tencentcloud-core` is the version this generator was
//!   written for (`codegen_support` is not a stable API); depend on the same exact version of both.
//! - Data types derive `Default`. A member through which a type contains itself without an array in between is
//!   `Option<Box<T>>`, so the type has a finite size and a terminating `Default`.
//! - Every struct is `#[non_exhaustive]`, since pages gain members: requests are built with their builders,
//!   input data types with `Default` and chainable `with_<member>` setters, so a new optional input member is an
//!   additive change, not a breaking one.
//! - Members named like secrets (`Password`, `PrivateKey`, `ClientSecret`, `*Token` except `ClientToken`/
//!   `NextToken`/`PageToken`) print as `<redacted>` in `Debug`.
//! - An action is retry-safe when it is read-only (`tencentcloud_spec::is_read_only_action`) or, if it has a
//!   `ClientToken` member, when one is set.
//! - Names: members and methods are snake_case by a word splitter that keeps `IPv6`, `IDs` and `ASR` whole;
//!   keywords become raw identifiers (`r#type`), `self`/`crate`/`super` get a trailing `_`, and a leading digit a
//!   leading `_`. Type names are kept as the pages write them. Two members or error codes that map to one identifier
//!   both get one, the later numbered in page order (`app_id`, `app_id_2`); two actions that map to one module
//!   are an error.
//! - Example tests compare the round-tripped request with the page's as JSON values, numbers by value (`1.0` equals
//!   `1`, and a number written as a string on the page equals the number), and check that the decoded response
//!   still holds every value the page shows for its documented members (a page `null` matches the default;
//!   members the page does not document are ignored, as at run time).
//!
//! This crate is a thin shell: the expansion is the library `tencentcloud-codegen-impl` (pinned to this exact
//! version), which `cargo xtask expand` and the tests call directly, so what they print is what this macro
//! generates.

use std::path::PathBuf;

use proc_macro::TokenStream;
use syn::parse_macro_input;

/// Generates a service's types and client from the specs in a folder; see the crate docs.
#[proc_macro]
pub fn service(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as tencentcloud_codegen_impl::MacroInput);
    let folder = &input.folder;
    let Some(manifest_dir) = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from) else {
        return syn::Error::new(folder.span(), "CARGO_MANIFEST_DIR is not set: build with Cargo")
            .to_compile_error()
            .into();
    };
    tencentcloud_codegen_impl::expand_input(&manifest_dir, &input).unwrap_or_else(syn::Error::into_compile_error).into()
}
