//! Runtime for generated clients: TC3 signing, credentials, transport, retries, rate limits and errors.
//!
//! Generated service crates declare a [`ServiceInfo`], an [`ActionInfo`] per action and implement [`Action`] for
//! each request type; [`Client::execute`] does the rest. Generated code names only `::tencentcloud_core`
//! (serde comes through [`__private`]).

pub mod action;
mod civil_time;
mod client;
pub mod credentials;
mod decode;
mod error;
mod rate_limit;
pub mod retry;
pub mod sign;

pub use action::{Action, ActionInfo, ServiceInfo};
pub use client::{Client, ClientBuilder, INTL_ROOT_DOMAIN, Language, REQUEST_CLIENT, ROOT_DOMAIN};
pub use credentials::{Credentials, ProvideCredentials};
pub use error::Error;
pub use retry::RetryConfig;

/// Re-exports for generated code, so service crates need no direct serde dependency. Not a stable API.
#[doc(hidden)]
pub mod __private {
    pub use serde;
    pub use serde_json;
}
