//! How a call goes on the wire: the HTTP method (a client default, overridable per call), the body or query
//! string it carries, and per-call settings such as a stream's idle timeout.

use std::time::Duration;

use bytes::Bytes;
use reqwest::header::HeaderValue;

use crate::Error;
use crate::multipart::{Multipart, MultipartWire};
use crate::octet::{OCTET_STREAM, OctetStream, OctetWire};
use crate::sign::FORM_URLENCODED;

/// The HTTP method calls are sent with.
///
/// `Post` (the default) sends the parameters as a JSON body. `Get` sends them as a form-urlencoded query string
/// flattened as the official SDKs do (`Filters.0.Values.1=...`, see [`crate::query`]) and signs that query
/// string with the hash of an empty body. API 3.0 limits a GET's URL to about 32 KB, and a GET cannot carry
/// binary or deeply structured parameters well, so POST stays the default, as in the official SDKs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum HttpMethod {
    /// POST with a JSON body, the API 3.0 default.
    #[default]
    Post,
    /// GET with the parameters flattened into the query string, as the official SDKs send it.
    Get,
}

impl HttpMethod {
    /// The method's name on the wire: `POST` or `GET`.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Post => "POST",
            HttpMethod::Get => "GET",
        }
    }
}

/// Settings for one call that override the client's: `client.execute_with(&request, &options)`.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
#[must_use]
pub struct RequestOptions {
    method: Option<HttpMethod>,
    octet_stream: Option<OctetStream>,
    multipart: Option<Multipart>,
    trace_id: Option<String>,
    stream_idle_timeout: Option<Duration>,
}

impl RequestOptions {
    /// Options that change nothing: the client's own settings apply.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sends this call with `method` whatever the client's [`ClientBuilder::http_method`] says.
    ///
    /// [`ClientBuilder::http_method`]: crate::ClientBuilder::http_method
    pub fn with_method(mut self, method: HttpMethod) -> Self {
        self.method = Some(method);
        self
    }

    /// The method set with [`RequestOptions::with_method`], if any.
    pub fn method(&self) -> Option<HttpMethod> {
        self.method
    }

    /// Sends `body` as this call's `application/octet-stream` body (with its headers) instead of the request's
    /// JSON, signed by the body's SHA-256 as the official SDKs sign it; see [`crate::octet`]. The request then
    /// names only the action (and its response type): its members are not sent.
    pub fn with_octet_stream(mut self, body: OctetStream) -> Self {
        self.octet_stream = Some(body);
        self
    }

    /// Sends this call as a `multipart/form-data` body, as the official SDKs send the actions that take a file
    /// (cii `UploadMedicalFile`): each member of the request a form part, `body`'s binary parts as file parts, the
    /// whole signed by its SHA-256 with the boundary-carrying `Content-Type` signed, byte for byte as the Python
    /// SDK does; see [`crate::multipart`]. POST only; not together with an octet-stream body.
    pub fn with_multipart(mut self, body: Multipart) -> Self {
        self.multipart = Some(body);
        self
    }

    /// Sends `X-TC-TraceId: <id>` with every attempt of this call instead of a fresh UUID, e.g. to carry a trace
    /// id from an incoming request. It must be a valid header value.
    pub fn with_trace_id(mut self, id: impl Into<String>) -> Self {
        self.trace_id = Some(id.into());
        self
    }

    /// The trace id set with [`RequestOptions::with_trace_id`], if any.
    pub fn trace_id(&self) -> Option<&str> {
        self.trace_id.as_deref()
    }

    /// For a streaming call ([`Client::execute_stream_with`](crate::Client::execute_stream_with)): the longest
    /// wait for the next bytes of the stream before it ends with a timeout error (default
    /// [`DEFAULT_STREAM_IDLE_TIMEOUT`](crate::sse::DEFAULT_STREAM_IDLE_TIMEOUT), 60 s).
    pub fn with_stream_idle_timeout(mut self, timeout: Duration) -> Self {
        self.stream_idle_timeout = Some(timeout);
        self
    }

    /// The idle timeout set with [`RequestOptions::with_stream_idle_timeout`], if any.
    pub fn stream_idle_timeout(&self) -> Option<Duration> {
        self.stream_idle_timeout
    }
}

/// A call's parameters as they travel, made once per call and reused by every attempt.
#[derive(Debug, Clone)]
pub(crate) enum Wire {
    /// `POST /` with this JSON body.
    Json(Bytes),
    /// `GET /?<query>` with no body.
    Query(String),
    /// `POST /` with a binary body and the headers that carry the parameters.
    Octet(OctetWire),
    /// `POST /` with a `multipart/form-data` body of the parameters.
    Multipart(MultipartWire),
}

const JSON: &str = "application/json";

impl Wire {
    /// The wire form of a call: `options`' octet-stream or multipart body if it has one, else `request` for
    /// the method.
    pub(crate) fn for_call<T: serde::Serialize + ?Sized>(
        options: &RequestOptions,
        default_method: HttpMethod,
        request: &T,
        fresh_boundary: impl Fn() -> String,
    ) -> Result<Wire, Error> {
        let method = options.method.unwrap_or(default_method);
        match (&options.octet_stream, &options.multipart) {
            (Some(_), Some(_)) => Err(Error::build("a call has an octet-stream body or a multipart body, not both")),
            (Some(_), None) | (None, Some(_)) if method == HttpMethod::Get => {
                let kind = if options.octet_stream.is_some() { "an octet-stream" } else { "a multipart" };
                Err(Error::build(format!("{kind} body is sent with POST; the call asks for GET")))
            }
            (Some(octet), None) => Ok(Wire::Octet(octet.wire()?)),
            (None, Some(multipart)) => Ok(Wire::Multipart(multipart.wire(request, fresh_boundary)?)),
            (None, None) => Wire::new(method, request),
        }
    }

    /// The wire form of `request` for `method`.
    pub(crate) fn new<T: serde::Serialize + ?Sized>(method: HttpMethod, request: &T) -> Result<Wire, Error> {
        let failed =
            |e: serde_json::Error| Error::build(format!("the request could not be serialised: {e}")).with_source(e);
        Ok(match method {
            HttpMethod::Post => Wire::Json(Bytes::from(serde_json::to_vec(request).map_err(failed)?)),
            HttpMethod::Get => Wire::Query(crate::query::encode(&serde_json::to_value(request).map_err(failed)?)?),
        })
    }

    /// The `Content-Type` sent and signed.
    pub(crate) fn content_type(&self) -> &str {
        match self {
            Wire::Json(_) => JSON,
            Wire::Query(_) => FORM_URLENCODED,
            Wire::Octet(_) => OCTET_STREAM,
            Wire::Multipart(multipart) => &multipart.content_type,
        }
    }

    /// [`Wire::content_type`] as a header value.
    pub(crate) fn content_type_header(&self) -> HeaderValue {
        match self {
            Wire::Multipart(multipart) => multipart.header.clone(),
            Wire::Json(_) => HeaderValue::from_static(JSON),
            Wire::Query(_) => HeaderValue::from_static(FORM_URLENCODED),
            Wire::Octet(_) => HeaderValue::from_static(OCTET_STREAM),
        }
    }
}
