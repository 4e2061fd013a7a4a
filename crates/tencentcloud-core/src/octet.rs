//! `application/octet-stream` bodies, for the actions the official SDKs send that way (cls `UploadLog`, whose
//! body is a protobuf `LogGroupList`): the bytes are the body, signed by their SHA-256 as the official SDKs sign
//! them, and the action's parameters travel in headers the caller names (`X-CLS-TopicId`), sent unsigned as
//! the official SDKs send them.
//!
//! ```no_run
//! # async fn upload<A: tencentcloud_core::Action>(client: &tencentcloud_core::Client, request: &A, log_group_list: Vec<u8>)
//! # -> Result<A::Output, tencentcloud_core::Error> {
//! use tencentcloud_core::{OctetStream, RequestOptions};
//! let body = OctetStream::new(log_group_list).with_header("X-CLS-TopicId", "f6c4fa6f-...").with_header("X-CLS-CompressType", "lz4");
//! client.execute_with(request, &RequestOptions::new().with_octet_stream(body)).await
//! # }
//! ```

use std::fmt;

use bytes::Bytes;
use reqwest::header::{HeaderName, HeaderValue};

use crate::Error;

/// The `Content-Type` of an octet-stream call.
pub const OCTET_STREAM: &str = "application/octet-stream";

/// A binary body and the headers that carry the action's parameters. Debug shows the sizes, not the bytes.
#[derive(Clone)]
#[must_use]
pub struct OctetStream {
    body: Bytes,
    headers: Vec<(String, String)>,
}

impl fmt::Debug for OctetStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("OctetStream").field("body_bytes", &self.body.len()).field("headers", &names).finish()
    }
}

impl OctetStream {
    /// A body of these bytes, with no extra headers.
    pub fn new(body: impl Into<Bytes>) -> Self {
        OctetStream { body: body.into(), headers: Vec::new() }
    }

    /// Sends `name: value` with the call (checked when the call is made: a name or value HTTP does not allow,
    /// or one of the headers the SDK sets itself, fails it before any traffic).
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The bytes sent as the request body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The body and the checked headers, as a call sends them.
    pub(crate) fn wire(&self) -> Result<OctetWire, Error> {
        let mut headers = Vec::with_capacity(self.headers.len());
        for (name, value) in &self.headers {
            let shown = crate::error::one_line(name, 64);
            let header = HeaderName::try_from(name.as_str())
                .map_err(|_| Error::build(format!("`{shown}` is not a valid HTTP header name")))?;
            if header == reqwest::header::CONTENT_TYPE
                || header == reqwest::header::AUTHORIZATION
                || header == reqwest::header::HOST
                || header.as_str().starts_with("x-tc-")
            {
                return Err(Error::build(format!("the header `{shown}` is set by the SDK and cannot be replaced")));
            }
            let value = HeaderValue::try_from(value.as_str())
                .map_err(|_| Error::build(format!("the value of header `{shown}` is not a valid HTTP header value")))?;
            headers.push((header, value));
        }
        Ok(OctetWire { body: self.body.clone(), headers: headers.into() })
    }
}

/// An octet-stream call on the wire.
#[derive(Debug, Clone)]
pub(crate) struct OctetWire {
    pub(crate) body: Bytes,
    pub(crate) headers: std::sync::Arc<[(HeaderName, HeaderValue)]>,
}
