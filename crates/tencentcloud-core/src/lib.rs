//! Runtime for generated clients: TC3 signing, credentials, transport, retries, rate limits and errors.
//!
//! Generated service crates declare a [`ServiceInfo`], an [`ActionInfo`] per action and implement [`Action`] for
//! each request type; [`Client::execute`] does the rest. Generated code names only `::tencentcloud_core`
//! (serde comes through `__private`). A service client's `Client::builder()` is a [`ClientBuilder`] whose `build()`
//! returns that service client; `Client::builder()` here returns this runtime [`Client`].
//!
//! ```no_run
//! use std::time::Duration;
//! use tencentcloud_core::{Client, Credentials, Language, RetryConfig};
//! use tencentcloud_core::credentials::AssumeRoleProvider;
//!
//! # fn main() -> Result<(), tencentcloud_core::Error> {
//! // Credentials from the default chain: environment, ~/.tencentcloud/credentials, CVM instance role.
//! let client = Client::builder().region("ap-guangzhou").build()?;
//!
//! // Everything that can be configured; every mistake is reported by build().
//! let client = Client::builder()
//!     .credentials(Credentials::new("AKID...", "secret"))
//!     .region("ap-singapore")
//!     .root_domain(tencentcloud_core::INTL_ROOT_DOMAIN)   // or .endpoint("http://127.0.0.1:8080")
//!     .language(Language::EnUs)
//!     .connect_timeout(Duration::from_secs(5))
//!     .attempt_timeout(Duration::from_secs(30))
//!     .total_timeout(Duration::from_secs(90))
//!     .retry(RetryConfig::standard().with_max_attempts(5))
//!     .rate_limiting(true)
//!     .build()?;
//!
//! // Temporary credentials of a role, refreshed five minutes before they expire.
//! let role = AssumeRoleProvider::builder(Credentials::new("AKID...", "secret"), "qcs::cam::uin/1:roleName/r", "app")
//!     .build()?;
//! let client = Client::builder().credentials(role).region("ap-guangzhou").build()?;
//! # Ok(()) }
//! ```
//!
//! | concern | module | behaviour |
//! |---|---|---|
//! | signing | [`sign`] | TC3-HMAC-SHA256, derived keys cached per secret, date and service; server-side [`sign::verify`] |
//! | credentials | [`credentials`] | static, environment, profile file, CVM role, STS AssumeRole, default chain |
//! | retries | [`retry`] | `RequestLimitExceeded*` and connect errors always; timeouts and `InternalError` only when [`Action::retry_safe`]; full-jitter backoff; retry budget |
//! | pacing | `rate_limit` | each action to its documented requests per second, FIFO, cancellable |
//! | decoding | `decode` | `{"Response": ...}` straight into the output type; `Response.Error` becomes [`Error`] |
//! | GET requests | [`query`] | [`HttpMethod::Get`] per client or per call ([`RequestOptions`]): the official SDKs' flattened query string, signed |
//! | octet-stream bodies | [`octet`] | [`OctetStream`] in [`RequestOptions`]: a binary body signed by its hash, parameters in headers (cls UploadLog) |
//! | event streams | [`sse`] | [`Client::execute_stream`]: Server-Sent Events as a `Stream` of chunks, idle timeout, typed errors |

pub mod action;
mod body;
mod civil_time;
mod client;
#[doc(hidden)]
pub mod codegen_support;
pub mod credentials;
mod decode;
mod error;
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
    Language, REQUEST_CLIENT, ROOT_DOMAIN,
};
pub use credentials::{Credentials, ProvideCredentials};
pub use error::Error;
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
