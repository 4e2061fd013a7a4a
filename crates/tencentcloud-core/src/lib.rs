// The crate docs are README.md, so its examples are doctested.
#![doc = include_str!("../README.md")]

pub mod action;
mod body;
mod civil_time;
mod client;
#[doc(hidden)]
pub mod codegen_support;
pub mod credentials;
mod deadline;
mod decode;
mod error;
pub mod failover;
pub mod multipart;
pub mod octet;
pub mod paginate;
pub mod query;
mod rate_limit;
mod request_options;
pub mod retry;
pub mod sign;
pub mod sse;
mod trace;

pub use action::{Action, ActionInfo, ServiceInfo};
pub use body::DEFAULT_MAX_RESPONSE_BYTES;
pub use client::{
    Client, ClientBuilder, DEFAULT_ATTEMPT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TOTAL_TIMEOUT, INTL_ROOT_DOMAIN,
    Language, REQUEST_CLIENT, ROOT_DOMAIN, http_client_builder,
};
pub use credentials::{Credentials, ProvideCredentials};
pub use error::Error;
pub use failover::EndpointFailover;
pub use multipart::Multipart;
pub use octet::OctetStream;
pub use request_options::{HttpMethod, RequestOptions};
pub use retry::RetryConfig;
pub use trace::TRACE_ID_HEADER;

/// Re-exports for generated code, so service crates need no direct serde dependency. Not a stable API.
#[doc(hidden)]
pub mod __private {
    pub use serde;
    pub use serde_json;
}
