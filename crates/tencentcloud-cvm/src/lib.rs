//! Cloud Virtual Machine (cvm, 2017-03-12) client, generated from the reference pages.
//!
//! Every type here comes from the specs in `specs/2017-03-12/` (a symlink to the workspace's `specs/cvm/`) through
//! [`tencentcloud_codegen::service!`]; nothing is written by hand, and the generator knows nothing about cvm.
//! [`Client`] has one method per action; for each action `X` the module `operation::x` holds `XRequest`,
//! `XResponse`, `XBuilder` and `XErrorCode`, and [`types`] holds one struct per data type. The version's module
//! (`v20170312`) is re-exported at the root.
//!
//! ```no_run
//! use tencentcloud_cvm::types::Filter;
//! use tencentcloud_cvm::{Client, Credentials};
//!
//! # async fn run() -> Result<(), tencentcloud_cvm::Error> {
//! let client = Client::builder()
//!     .credentials(Credentials::new("AKID...", "secret"))
//!     .region("ap-guangzhou")
//!     .build()?;
//!
//! let page = client
//!     .describe_instances()
//!     .filters(Filter::default().with_name("zone").with_values(["ap-guangzhou-3"]))
//!     .limit(20)
//!     .send()
//!     .await?;
//! for instance in &page.instance_set {
//!     println!("{} {} {:?}", instance.instance_id, instance.instance_name, instance.private_ip_addresses);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Builders: every setter takes `impl Into<T>`; for an array member `x`, `x(item)` appends one element and
//! `set_x(items)` replaces the whole array. Member names become snake_case (`IPv6Addresses` -> `ipv6_addresses`,
//! `Type` -> `r#type`). `build()` fails with [`Error::missing_member`] when a required member is not set, and
//! `send()` fails the same way before any traffic.
//!
//! Responses never fail to decode because a member is missing or null: members the page marks "may return null"
//! are `Option`s, the others decode as their default. Integers, floats and booleans sent as strings are
//! accepted. Unknown members are ignored.
//!
//! The runtime (credentials, region, retries, rate limits, errors) is [`tencentcloud_core`], re-exported as
//! [`runtime`]; the types most programs need are re-exported at the top level.

pub use tencentcloud_core as runtime;

/// API version 2017-03-12; its items are re-exported at the root.
pub mod v20170312 {
    tencentcloud_codegen::service!("specs/2017-03-12");
}

pub use v20170312::*;
