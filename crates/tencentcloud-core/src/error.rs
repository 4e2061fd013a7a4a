//! The one error type every call returns: service, transport, decode, credential and request-build failures.

use std::error::Error as StdError;
use std::fmt;

type Source = Box<dyn StdError + Send + Sync + 'static>;

/// Why a call failed. Opaque: ask with the `is_*` predicates and the accessors; `Display` is one helpful line and
/// [`source`](StdError::source) carries the underlying cause. Never contains a secret.
pub struct Error(Box<Inner>);

struct Inner {
    kind: Kind,
    /// `service.Action`, when the failure belongs to a call.
    action: Option<String>,
    source: Option<Source>,
    /// The wait a 429's `Retry-After` asked for; the retry honours it, capped by the backoff's `max_delay`.
    retry_after: Option<std::time::Duration>,
    /// The call's `X-TC-TraceId`.
    trace_id: Option<String>,
}

#[derive(Debug, Clone)]
enum Kind {
    Service {
        code: String,
        message: String,
        request_id: Option<String>,
        status: u16,
    },
    Transport {
        what: TransportKind,
        detail: String,
    },
    /// `excerpt` is `None` for a JSON body: the reason says where it broke, and JSON may hold credentials.
    Decode {
        status: u16,
        reason: String,
        excerpt: Option<String>,
        request_id: Option<String>,
    },
    Credentials {
        message: String,
    },
    /// The endpoint answered with a redirect (`followed: false`), or a caller-supplied HTTP client followed one
    /// (`followed: true`, `status` is then the final answer's). `host` is the Location's host and port only: a
    /// redirect's path and query may carry anything, and the host is all a caller needs to see what happened.
    Redirect {
        status: u16,
        host: Option<String>,
        followed: bool,
    },
    /// The body passed the client's cap and was not read further.
    ResponseTooLarge {
        status: u16,
        limit: usize,
    },
    Build {
        message: String,
    },
    /// A paginator met a response it cannot page through (a missing member, a repeated token).
    Paging {
        message: String,
    },
    /// An event stream (`text/event-stream`) broke at `line`, counted from 1: see [`crate::sse`].
    Stream {
        line: u64,
        reason: String,
    },
}

/// Which part of the exchange with the endpoint failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TransportKind {
    Connect,
    /// The connection was not made in time: both a connect failure (nothing was sent) and a timeout.
    ConnectTimeout,
    Timeout,
    Tls,
    Other,
}

/// How many characters of an unexpected body an error keeps: enough to recognise an HTML error page.
const EXCERPT_CHARS: usize = 200;
/// How many characters of a service error's code or request id an error keeps (real ones are under 60).
const FIELD_CHARS: usize = 128;
/// How many characters of a service error's message an error keeps.
const MESSAGE_CHARS: usize = 2048;

/// `text` on one line (every control character, newlines included, becomes a space) and at most `max`
/// characters, so a server cannot forge log lines or grow an error without bound.
pub(crate) fn one_line(text: &str, max: usize) -> String {
    let mut out: String = text.chars().take(max).map(|c| if c.is_control() { ' ' } else { c }).collect();
    if text.chars().nth(max).is_some() {
        out.push('…');
    }
    out
}

/// A service message cut to [`MESSAGE_CHARS`]; its line breaks are kept for [`Error::message`] and folded by
/// Display.
fn bounded_message(message: String) -> String {
    match message.char_indices().nth(MESSAGE_CHARS) {
        Some((end, _)) => format!("{}…", &message[..end]),
        None => message,
    }
}

impl Error {
    fn new(kind: Kind) -> Self {
        Error(Box::new(Inner { kind, action: None, source: None, retry_after: None, trace_id: None }))
    }

    /// A request could not be built because a required member is missing (generated builders call this).
    pub fn missing_member(action: &'static str, member: &'static str) -> Error {
        Error::new(Kind::Build { message: format!("the required member `{member}` of {action} is not set") })
            .with_action(action)
    }

    /// A request could not be built, for a reason other than a missing member.
    pub fn build(message: impl Into<String>) -> Error {
        Error::new(Kind::Build { message: message.into() })
    }

    /// A paginator of `action` cannot go on: the response lacks a member it pages by, or the server repeated a
    /// token. `message` names members, never their values.
    pub fn paging(action: &'static str, message: impl Into<String>) -> Error {
        Error::new(Kind::Paging { message: message.into() }).with_action(action)
    }

    /// An event stream broke at `line` (from 1): bytes that are not UTF-8, or a data line that is not JSON of
    /// the chunk type. `reason` names no value from the stream.
    pub(crate) fn stream(line: u64, reason: impl Into<String>) -> Error {
        Error::new(Kind::Stream { line, reason: reason.into() })
    }

    /// Credentials could not be found or fetched. `message` must not contain the secret.
    pub fn credentials(message: impl Into<String>) -> Error {
        Error::new(Kind::Credentials { message: message.into() })
    }

    /// The endpoint answered with `Response.Error`.
    pub fn service(
        code: impl Into<String>,
        message: impl Into<String>,
        request_id: Option<String>,
        status: u16,
    ) -> Self {
        Error::new(Kind::Service {
            code: one_line(&code.into(), FIELD_CHARS),
            message: bounded_message(message.into()),
            request_id: request_id.map(|id| one_line(&id, FIELD_CHARS)),
            status,
        })
    }

    pub(crate) fn transport(what: TransportKind, detail: impl Into<String>) -> Self {
        Error::new(Kind::Transport { what, detail: detail.into() })
    }

    /// A 3xx answer. Never followed: the request carries the signature, the body and any `X-TC-Token`, and a
    /// redirect would hand them to whichever host the Location names.
    pub(crate) fn redirect(status: u16, host: Option<String>) -> Self {
        Error::new(Kind::Redirect { status, host, followed: false })
    }

    /// A caller-supplied HTTP client followed a redirect to `host`; its answer is refused unread.
    pub(crate) fn redirect_followed(status: u16, host: Option<String>) -> Self {
        Error::new(Kind::Redirect { status, host, followed: true })
    }

    /// A response body passed `limit` bytes; the connection was dropped without reading the rest.
    pub(crate) fn response_too_large(status: u16, limit: usize) -> Self {
        Error::new(Kind::ResponseTooLarge { status, limit })
    }

    /// A body that is not the API 3.0 envelope: keeps the status, and the start of the body unless it is JSON.
    /// A broken or mistyped JSON answer can still carry secrets (STS returns temporary keys), so only non-JSON
    /// bodies such as a gateway's HTML page are quoted.
    pub(crate) fn decode(status: u16, reason: impl Into<String>, body: &[u8]) -> Self {
        // An object, array, string or number: JSON, or a broken piece of it, so possibly holding a secret.
        let looks_like_json = body
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|b| matches!(b, b'{' | b'[' | b'"' | b'-' | b'0'..=b'9'));
        let excerpt = (!looks_like_json).then(|| excerpt(body));
        Error::new(Kind::Decode { status, reason: reason.into(), excerpt, request_id: None })
    }

    /// What went wrong, without the `no usable credentials: ` that Display puts before a credentials error's
    /// message, for combining several into one.
    pub(crate) fn reason(&self) -> String {
        match &self.0.kind {
            Kind::Credentials { message } => message.clone(),
            _ => self.to_string(),
        }
    }

    /// The same failure without its source, for handing one outcome to several waiting callers.
    pub(crate) fn duplicate(&self) -> Error {
        Error(Box::new(Inner {
            kind: self.0.kind.clone(),
            action: self.0.action.clone(),
            source: None,
            retry_after: self.0.retry_after,
            trace_id: self.0.trace_id.clone(),
        }))
    }

    pub(crate) fn with_source(mut self, source: impl Into<Source>) -> Self {
        self.0.source = Some(source.into());
        self
    }

    pub(crate) fn with_retry_after(mut self, wait: Option<std::time::Duration>) -> Self {
        self.0.retry_after = wait;
        self
    }

    /// How long the server asked the client to wait (`Retry-After` on a 429).
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        self.0.retry_after
    }

    pub(crate) fn with_trace_id(mut self, id: impl Into<String>) -> Self {
        self.0.trace_id = Some(id.into());
        self
    }

    /// The `X-TC-TraceId` the call was sent with, to find it in the server's and the proxies' logs.
    pub fn trace_id(&self) -> Option<&str> {
        self.0.trace_id.as_deref()
    }

    pub(crate) fn with_action(mut self, action: impl Into<String>) -> Self {
        self.0.action = Some(action.into());
        self
    }

    pub(crate) fn with_request_id(mut self, id: Option<String>) -> Self {
        if let Kind::Decode { request_id, .. } = &mut self.0.kind {
            *request_id = id.map(|id| one_line(&id, FIELD_CHARS));
        }
        self
    }

    /// Maps a reqwest failure to connect/timeout/TLS/other, keeping it as the source.
    pub(crate) fn from_reqwest(err: reqwest::Error) -> Self {
        // reqwest reports a connect timeout as both; it must stay a connect failure, which is always retried.
        let what = if err.is_timeout() && err.is_connect() {
            TransportKind::ConnectTimeout
        } else if err.is_timeout() {
            TransportKind::Timeout
        } else if is_tls(&err) {
            TransportKind::Tls
        } else if err.is_connect() {
            TransportKind::Connect
        } else {
            TransportKind::Other
        };
        let detail = match what {
            TransportKind::ConnectTimeout => "timed out connecting to the endpoint",
            TransportKind::Timeout => "the request timed out",
            TransportKind::Tls => "the TLS handshake failed",
            TransportKind::Connect => "could not connect to the endpoint",
            TransportKind::Other => "the HTTP exchange failed",
        };
        // reqwest's Display includes the URL, which holds no secret (credentials travel in headers).
        Error::transport(what, detail).with_source(err)
    }

    /// The service error code, e.g. `InvalidParameter` or `RequestLimitExceeded.UinLimitExceeded`.
    pub fn code(&self) -> Option<&str> {
        match &self.0.kind {
            Kind::Service { code, .. } => Some(code),
            _ => None,
        }
    }

    /// The service's message for a service error.
    pub fn message(&self) -> Option<&str> {
        match &self.0.kind {
            Kind::Service { message, .. } => Some(message),
            _ => None,
        }
    }

    /// The `RequestId` the endpoint returned, when it returned one.
    pub fn request_id(&self) -> Option<&str> {
        match &self.0.kind {
            Kind::Service { request_id, .. } | Kind::Decode { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// The HTTP status, for service and decode errors.
    pub fn status(&self) -> Option<u16> {
        match &self.0.kind {
            Kind::Service { status, .. }
            | Kind::Decode { status, .. }
            | Kind::Redirect { status, .. }
            | Kind::ResponseTooLarge { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The `service.Action` the failure belongs to.
    pub fn action(&self) -> Option<&str> {
        self.0.action.as_deref()
    }

    /// The start of an undecodable body that is not JSON (an HTML error page, say).
    pub fn body_excerpt(&self) -> Option<&str> {
        match &self.0.kind {
            Kind::Decode { excerpt, .. } => excerpt.as_deref(),
            _ => None,
        }
    }

    /// The service answered with an API error (`Response.Error`); [`Error::code`] names it.
    pub fn is_service(&self) -> bool {
        matches!(self.0.kind, Kind::Service { .. })
    }

    /// A connect, per-attempt or total timeout.
    pub fn is_timeout(&self) -> bool {
        matches!(self.0.kind, Kind::Transport { what: TransportKind::Timeout | TransportKind::ConnectTimeout, .. })
    }

    /// The connection could not be made (refused, unreachable, timed out or a failed TLS handshake), so no request
    /// reached the endpoint.
    pub fn is_connect(&self) -> bool {
        matches!(
            self.0.kind,
            Kind::Transport { what: TransportKind::Connect | TransportKind::ConnectTimeout | TransportKind::Tls, .. }
        )
    }

    /// No connection was made: refused, unreachable, name resolution failed or timed out connecting (a failed
    /// TLS handshake is not included: a connection was made). The one failure that moves a call to another host.
    pub(crate) fn is_unreached(&self) -> bool {
        matches!(self.0.kind, Kind::Transport { what: TransportKind::Connect | TransportKind::ConnectTimeout, .. })
    }

    /// The TLS handshake failed (certificate, protocol or name mismatch).
    pub fn is_tls(&self) -> bool {
        matches!(self.0.kind, Kind::Transport { what: TransportKind::Tls, .. })
    }

    /// Any failure to exchange bytes with the endpoint (connect, TLS, timeout, broken connection).
    pub fn is_transport(&self) -> bool {
        matches!(self.0.kind, Kind::Transport { .. })
    }

    /// The response body was not the JSON the action's output type expects.
    pub fn is_decode(&self) -> bool {
        matches!(self.0.kind, Kind::Decode { .. })
    }

    /// No credentials were found, or a provider failed to fetch or refresh them.
    pub fn is_credentials(&self) -> bool {
        matches!(self.0.kind, Kind::Credentials { .. })
    }

    /// The endpoint answered with a redirect, which the SDK never follows (see the README's Security section).
    pub fn is_redirect(&self) -> bool {
        matches!(self.0.kind, Kind::Redirect { .. })
    }

    /// The response body was larger than the client's cap (`ClientBuilder::max_response_bytes`).
    pub fn is_response_too_large(&self) -> bool {
        matches!(self.0.kind, Kind::ResponseTooLarge { .. })
    }

    /// The request or the client was refused before anything was sent (a missing member, a bad setting).
    pub fn is_build(&self) -> bool {
        matches!(self.0.kind, Kind::Build { .. })
    }

    /// The line of the event stream where it broke, for an [`is_stream`](Self::is_stream) error.
    pub fn stream_line(&self) -> Option<u64> {
        match self.0.kind {
            Kind::Stream { line, .. } => Some(line),
            _ => None,
        }
    }

    /// An event stream carried something that is not an event of the chunk type (see [`crate::sse`]).
    pub fn is_stream(&self) -> bool {
        matches!(self.0.kind, Kind::Stream { .. })
    }

    /// A paginator met a response it cannot page through (a missing member, a repeated token).
    pub fn is_paging(&self) -> bool {
        matches!(self.0.kind, Kind::Paging { .. })
    }

    /// The endpoint refused because of its rate limit: `RequestLimitExceeded` or one of its sub-codes, or a
    /// gateway's HTTP 429 page.
    pub fn is_rate_limited(&self) -> bool {
        match &self.0.kind {
            Kind::Service { code, .. } => tencentcloud_spec::api_facts::is_rate_limit_code(code),
            Kind::Decode { status, .. } => *status == 429,
            _ => false,
        }
    }

    /// `InternalError` or one of its sub-codes.
    pub fn is_internal_error(&self) -> bool {
        self.code().is_some_and(tencentcloud_spec::api_facts::is_internal_error_code)
    }
}

/// The host (and port, if any) of a redirect's `Location`, resolved against the URL that was requested; never
/// the path or query, which may carry anything.
pub(crate) fn location_host(
    requested: &reqwest::Url,
    location: Option<&reqwest::header::HeaderValue>,
) -> Option<String> {
    let target = requested.join(location?.to_str().ok()?).ok()?;
    url_host(&target)
}

/// `host[:port]` of a URL, for errors. `Url` keeps hosts in ASCII (IDNA), so this is one line with no controls.
pub(crate) fn url_host(url: &reqwest::Url) -> Option<String> {
    let host = url.host_str()?;
    Some(match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    })
}

/// Whether a connect failure happened in the TLS handshake. reqwest does not say, and matching rustls' own error
/// type would pin its version, so this reads the messages rustls gives its errors.
fn is_tls(err: &reqwest::Error) -> bool {
    const MARKERS: [&str; 7] = [
        "certificate",
        "tls",
        "handshake",
        "corrupt message",
        "fatal alert",
        "peer is incompatible",
        "peer misbehaved",
    ];
    let mut source = err.source();
    while let Some(cause) = source {
        let text = cause.to_string().to_ascii_lowercase();
        if MARKERS.iter().any(|marker| text.contains(marker)) {
            return true;
        }
        source = cause.source();
    }
    false
}

/// The first characters of a body, lossily decoded and on one line, so an error can show what came back.
fn excerpt(body: &[u8]) -> String {
    let mut out = one_line(&String::from_utf8_lossy(&body[..body.len().min(EXCERPT_CHARS * 4)]), EXCERPT_CHARS);
    if body.len() > EXCERPT_CHARS * 4 && !out.ends_with('…') {
        out.push('…');
    }
    out
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(action) = &self.0.action {
            write!(f, "{action}: ")?;
        }
        match &self.0.kind {
            Kind::Service { code, message, request_id, status } => {
                // Keep the promise of one line even if a service message spans several.
                let message = message.split(['\r', '\n']).map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>();
                let message = one_line(&message.join(" "), MESSAGE_CHARS + 1);
                write!(f, "{code}: {message} (HTTP {status}")?;
                if let Some(id) = request_id {
                    write!(f, ", RequestId {id}")?;
                }
                f.write_str(")")
            }
            Kind::Transport { detail, .. } => {
                f.write_str(detail)?;
                if let Some(source) = &self.0.source {
                    write!(f, ": {source}")?;
                }
                Ok(())
            }
            Kind::Decode { status, reason, excerpt, .. } => {
                write!(f, "the response is not API 3.0 JSON (HTTP {status}): {reason}")?;
                match excerpt {
                    Some(excerpt) => write!(f, "; the body starts with {excerpt:?}"),
                    None => Ok(()),
                }
            }
            Kind::Credentials { message } => write!(f, "no usable credentials: {message}"),
            Kind::Redirect { status, host, followed } => {
                let host = host.as_deref().unwrap_or("an unreadable Location");
                if *followed {
                    write!(
                        f,
                        "the HTTP client followed a redirect to {host} (final HTTP {status}); the answer is refused \
                         because the SDK never lets a redirect carry a signed request to another URL"
                    )
                } else {
                    write!(
                        f,
                        "the endpoint answered HTTP {status} redirecting to {host}; redirects are refused because \
                         they would carry the signed request and session token to another host"
                    )
                }
            }
            Kind::ResponseTooLarge { status, limit } => write!(
                f,
                "the response (HTTP {status}) is larger than the {limit}-byte cap; the connection was dropped \
                 unread (raise it with max_response_bytes)"
            ),
            Kind::Build { message } => write!(f, "the request is invalid: {message}"),
            Kind::Paging { message } => write!(f, "paging stopped: {message}"),
            Kind::Stream { line, reason } => write!(f, "the event stream broke at line {line}: {reason}"),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Error");
        s.field("kind", &self.0.kind);
        if let Some(action) = &self.0.action {
            s.field("action", action);
        }
        if let Some(trace_id) = &self.0.trace_id {
            s.field("trace_id", trace_id);
        }
        if let Some(source) = &self.0.source {
            s.field("source", source);
        }
        s.finish()
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.0.source.as_ref().map(|s| s.as_ref() as &(dyn StdError + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_one_line_and_helpful() {
        let e = Error::service("InvalidParameter", "Limit must be positive", Some("req-1".into()), 200)
            .with_action("cvm.DescribeInstances");
        assert_eq!(
            e.to_string(),
            "cvm.DescribeInstances: InvalidParameter: Limit must be positive (HTTP 200, RequestId req-1)"
        );
        assert_eq!(e.code(), Some("InvalidParameter"));
        assert_eq!(e.request_id(), Some("req-1"));
        assert!(e.is_service() && !e.is_rate_limited());
        let e = Error::service("InternalError", "first line\r\n  second line\n", None, 500);
        assert_eq!(e.to_string(), "InternalError: first line second line (HTTP 500)");

        let e = Error::decode(502, "expected value at line 1 column 1", b"<html>\n<body>Bad Gateway</body></html>");
        assert!(e.is_decode());
        assert_eq!(e.status(), Some(502));
        assert!(e.to_string().contains("<html> <body>Bad Gateway"), "{e}");
        assert!(!e.to_string().contains('\n'));

        let e = Error::missing_member("DescribeAutoCalloutTask", "TaskId");
        assert!(e.is_build());
        assert_eq!(
            e.to_string(),
            "DescribeAutoCalloutTask: the request is invalid: the required member `TaskId` of DescribeAutoCalloutTask is not set"
        );
    }

    #[test]
    fn rate_limited_codes() {
        for code in ["RequestLimitExceeded", "RequestLimitExceeded.UinLimitExceeded"] {
            assert!(Error::service(code, "", None, 200).is_rate_limited());
        }
        assert!(!Error::service("RequestLimitExceededX", "", None, 200).is_rate_limited());
        assert!(Error::decode(429, "not JSON", b"<html>Too Many Requests</html>").is_rate_limited());
        assert!(!Error::decode(502, "not JSON", b"<html>").is_rate_limited());
        assert!(Error::service("InternalError.DbError", "", None, 200).is_internal_error());
    }

    #[test]
    fn reason_drops_only_the_credentials_lead() {
        assert_eq!(Error::credentials("HOME is not set").reason(), "HOME is not set");
        assert_eq!(Error::build("bad").reason(), "the request is invalid: bad");
    }

    #[test]
    fn json_bodies_are_never_quoted() {
        let e = Error::decode(200, "`Response.ExpiredTime`: invalid type", br#" {"Response":{"TmpSecretKey":"k"}}"#);
        assert_eq!(e.body_excerpt(), None);
        assert!(!e.to_string().contains("TmpSecretKey"), "{e}");
        assert!(!format!("{e:?}").contains("TmpSecretKey"), "{e:?}");
        assert!(Error::decode(200, "ends early", b"[1, 2").body_excerpt().is_none());
        assert_eq!(Error::decode(502, "not JSON", b"\n<html>").body_excerpt(), Some(" <html>"));
    }

    #[test]
    fn excerpt_is_bounded() {
        let body = vec![b'x'; 10_000];
        let e = Error::decode(500, "truncated", &body);
        assert_eq!(e.body_excerpt().map(|s| s.chars().count()), Some(EXCERPT_CHARS + 1));
    }
}
