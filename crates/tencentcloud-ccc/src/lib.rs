//! Cloud Contact Center (ccc, 2020-02-10) client, generated from the reference pages.
//!
//! Every type here comes from the specs in `specs/2020-02-10/` (a symlink to the workspace's `specs/ccc/`) through
//! [`tencentcloud_codegen::service!`]; nothing is written by hand. [`Client`] has one method per action; for each
//! action `X` the module `operation::x` holds `XRequest`, `XResponse`, `XBuilder` and `XErrorCode`, and
//! [`types`] holds one struct per data type. The version's module (`v20200210`) is re-exported at the root.
//!
//! ```no_run
//! use tencentcloud_ccc::operation::describe_auto_callout_task::DescribeAutoCalloutTaskErrorCode;
//! use tencentcloud_ccc::{Client, Credentials};
//!
//! # async fn run() -> Result<(), tencentcloud_ccc::Error> {
//! let client = Client::builder()
//!     .credentials(Credentials::new("AKID...", "secret"))
//!     .region("ap-guangzhou")
//!     .build()?;
//!
//! match client.describe_auto_callout_task().sdk_app_id(1).task_id(2).send().await {
//!     Ok(task) => println!("{} has {} callees", task.name, task.callees.len()),
//!     Err(e) => match DescribeAutoCalloutTaskErrorCode::from_error(&e) {
//!         Some(DescribeAutoCalloutTaskErrorCode::InvalidParameterValue) => eprintln!("bad task id"),
//!         _ => return Err(e),
//!     },
//! }
//!
//! // Or build the request first and send it later (a missing required member is an error here):
//! let request = tencentcloud_ccc::operation::describe_auto_callout_task::DescribeAutoCalloutTaskRequest::builder().sdk_app_id(1).task_id(2).build()?;
//! let task = client.send(&request).await?;
//! # let _ = task;
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

/// API version 2020-02-10; its items are re-exported at the root.
pub mod v20200210 {
    tencentcloud_codegen::service!("specs/2020-02-10");
}

pub use v20200210::*;
