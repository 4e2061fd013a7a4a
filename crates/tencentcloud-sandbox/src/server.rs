//! The HTTP side: an accept loop that can drop a connection on purpose, the axum router, and the request
//! pipeline (signature, routing, rate limit, faults, validation, answer).

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use hyper::server::conn::http1;
use hyper::service::Service as _;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use serde_json::Value;
use tencentcloud_core::sign::{self, VerifyRequest};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;

use crate::catalog::{Catalog, example_response};
use crate::faults::{FaultKind, Faults};
use crate::rate_limit::RateLimiter;
use crate::reply::{BAD_GATEWAY_HTML, RequestIds, success_body};
use crate::stats::{Outcome, StatsRecorder};
use crate::validate::validate_request;
use crate::{Handler, SandboxError};

/// API 3.0 refuses POST bodies over 10 MB.
const MAX_BODY_BYTES: usize = 10 * 1024 * 1024;

/// How long a connection may take and how many may be open: what keeps idle, slow or unauthenticated clients
/// from holding the sandbox's memory and file descriptors.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub(crate) max_connections: usize,
    /// To receive a request's head once its first byte... or a new connection's first request.
    pub(crate) header_read_timeout: Duration,
    /// A keep-alive connection with no request in flight and no bytes moving is closed after this.
    pub(crate) idle_timeout: Duration,
    /// To receive a request's body once its head is in.
    pub(crate) body_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_connections: 512,
            header_read_timeout: Duration::from_secs(30),
            // Longer than the SDK's 90 s pool idle timeout, so a pooled connection is never closed under a client.
            idle_timeout: Duration::from_secs(120),
            body_timeout: Duration::from_secs(30),
        }
    }
}

/// Everything the request pipeline reads; one per sandbox, shared by every connection.
pub(crate) struct Shared {
    pub(crate) limits: Limits,
    pub(crate) catalog: Catalog,
    /// SecretKey by SecretId.
    pub(crate) credentials: HashMap<String, String>,
    pub(crate) handlers: RwLock<HashMap<String, Handler>>,
    pub(crate) stream_handlers: RwLock<HashMap<String, crate::sse::StreamHandler>>,
    pub(crate) faults: Faults,
    pub(crate) limiter: RateLimiter,
    /// Multiplies every documented rate limit; 0 turns limits off.
    pub(crate) rate_limit_scale: u32,
    pub(crate) stats: StatsRecorder,
    pub(crate) request_ids: RequestIds,
}

/// What to send back.
enum Reply {
    Json(Value),
    Raw {
        status: StatusCode,
        content_type: &'static str,
        body: Vec<u8>,
    },
    /// Close the connection without a response.
    Drop,
    /// A `text/event-stream` body (see `crate::sse`).
    Events(Body),
}

/// Marks a response the connection layer must not send: it closes the socket instead.
#[derive(Clone, Copy)]
struct DropConnection;

/// The error that makes hyper abandon a connection without writing a response.
#[derive(Debug, thiserror::Error)]
#[error("connection dropped by an injected fault")]
struct ConnectionDropped;

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new().route("/", any(api)).fallback(not_api).with_state(shared)
}

/// Serves connections until `shutdown` turns true (or its sender is gone), then lets in-flight requests finish.
pub(crate) async fn serve(listener: TcpListener, router: Router, limits: Limits, mut shutdown: watch::Receiver<bool>) {
    let mut connections = JoinSet::new();
    // At the cap, new connections wait in the kernel's backlog until one closes (the timeouts see that they do).
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
            _ = stopped(&mut shutdown) => break,
        };
        tokio::select! {
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    Err(e) => {
                        // Out of file descriptors and the like: pause instead of spinning.
                        tracing::warn!("sandbox accept failed: {e}");
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let connection = serve_connection(stream, router.clone(), limits, shutdown.clone());
                connections.spawn(async move {
                    connection.await;
                    drop(slot);
                });
            }
            _ = stopped(&mut shutdown) => break,
        }
        while connections.try_join_next().is_some() {}
    }
    drop(listener);
    while connections.join_next().await.is_some() {}
}

async fn serve_connection(
    stream: tokio::net::TcpStream,
    router: Router,
    limits: Limits,
    mut shutdown: watch::Receiver<bool>,
) {
    let activity = Arc::new(Activity::new());
    let inner = TowerToHyperService::new(router);
    let in_service = activity.clone();
    let service = hyper::service::service_fn(move |request| {
        let busy = in_service.busy();
        let response = inner.call(request);
        async move {
            let response: Response = response.await.unwrap_or_else(|never: Infallible| match never {});
            drop(busy);
            if response.extensions().get::<DropConnection>().is_some() {
                return Err(ConnectionDropped);
            }
            Ok(response)
        }
    });
    let io = TokioIo::new(Watched { inner: stream, activity: activity.clone() });
    // hyper's header-read timeout needs a timer, or it silently never fires.
    let connection = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .serve_connection(io, service);
    tokio::pin!(connection);
    let idle = async {
        loop {
            let check = (limits.idle_timeout / 4).max(Duration::from_millis(10));
            tokio::time::sleep(check).await;
            if activity.idle_for() >= limits.idle_timeout {
                return;
            }
        }
    };
    tokio::select! {
        _ = connection.as_mut() => {}
        // Dropping the connection closes the socket.
        _ = idle => {}
        _ = stopped(&mut shutdown) => {
            connection.as_mut().graceful_shutdown();
            let _ = connection.await;
        }
    }
}

/// When a connection last moved bytes, and how many of its requests are being answered.
struct Activity {
    started: Instant,
    /// Milliseconds after `started`.
    last_io: AtomicU64,
    in_flight: AtomicUsize,
}

impl Activity {
    fn new() -> Self {
        Activity { started: Instant::now(), last_io: AtomicU64::new(0), in_flight: AtomicUsize::new(0) }
    }

    fn touch(&self) {
        self.last_io.store(self.started.elapsed().as_millis() as u64, Ordering::Relaxed);
    }

    /// Marks a request in flight until the guard is dropped.
    fn busy(self: &Arc<Self>) -> Busy {
        self.in_flight.fetch_add(1, Ordering::Relaxed);
        Busy(self.clone())
    }

    /// How long the connection has been idle: zero while a request is in flight.
    fn idle_for(&self) -> Duration {
        if self.in_flight.load(Ordering::Relaxed) > 0 {
            return Duration::ZERO;
        }
        let last = Duration::from_millis(self.last_io.load(Ordering::Relaxed));
        self.started.elapsed().saturating_sub(last)
    }
}

/// A request in flight on a connection; dropping it ends the request.
struct Busy(Arc<Activity>);

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::Relaxed);
        self.0.touch();
    }
}

/// A socket that records when bytes last moved on it.
struct Watched {
    inner: tokio::net::TcpStream,
    activity: Arc<Activity>,
}

impl tokio::io::AsyncRead for Watched {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let polled = std::pin::Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.activity.touch();
        }
        polled
    }
}

impl tokio::io::AsyncWrite for Watched {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        data: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        let polled = std::pin::Pin::new(&mut self.inner).poll_write(cx, data);
        if matches!(polled, std::task::Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        polled
    }

    fn poll_flush(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// Resolves once shutdown is asked for, or the sandbox is gone.
async fn stopped(shutdown: &mut watch::Receiver<bool>) {
    // The guard wait_for returns is not Send, so it must not live across the caller's awaits.
    let _ = shutdown.wait_for(|stop| *stop).await.map(drop);
}

async fn not_api(State(shared): State<Arc<Shared>>) -> Response {
    let error = SandboxError::new("InvalidRequest", "API 3.0 is served at `POST /` only.");
    let mut response = Reply::Json(error.body(&shared.request_ids.next())).into_response();
    *response.status_mut() = StatusCode::NOT_FOUND;
    response
}

async fn api(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let request_id = shared.request_ids.next();
    // Stats and logs name only actions the specs define, so made-up names cannot grow them.
    let action = header_str(&parts.headers, "x-tc-action")
        .filter(|name| shared.catalog.knows_action(name))
        .unwrap_or(UNKNOWN_ACTION)
        .to_owned();
    let query = parts.uri.query().unwrap_or_default();
    let (outcome, reply) = match before_body(&shared, &parts.method, query, &parts.headers) {
        // Refused on its headers alone: the body is never read, so an unauthenticated client cannot make the
        // sandbox buffer it.
        Err(error) => (Outcome::Error(error.code.clone()), Reply::Json(error.body(&request_id))),
        Ok(()) => {
            match tokio::time::timeout(shared.limits.body_timeout, axum::body::to_bytes(body, MAX_BODY_BYTES)).await {
                Err(_) => (Outcome::Error("RequestTimeout".to_owned()), Reply::Drop),
                Ok(Ok(body)) => {
                    match process(&shared, &parts.method, query, &parts.headers, &body, &request_id).await {
                        Ok(done) => done,
                        Err(error) => (Outcome::Error(error.code.clone()), Reply::Json(error.body(&request_id))),
                    }
                }
                Ok(Err(_)) => {
                    let error = body_too_large();
                    (Outcome::Error(error.code.clone()), Reply::Json(error.body(&request_id)))
                }
            }
        }
    };
    tracing::debug!(action = %action, request_id = %request_id, outcome = %outcome, "sandbox answered");
    shared.stats.finished(&action, outcome);
    reply.into_response()
}

/// The stats and log key of a request whose `X-TC-Action` the specs do not define.
pub(crate) const UNKNOWN_ACTION: &str = "-";

fn body_too_large() -> SandboxError {
    SandboxError::new(
        "RequestSizeLimitExceeded",
        format!("The request body is larger than {MAX_BODY_BYTES} bytes, or could not be read."),
    )
}

/// What can be checked before the body is read: the method, the common headers, a declared length over the
/// limit, and every part of the signature that does not hash the body (see `sign::check_headers`).
fn before_body(shared: &Shared, method: &Method, query: &str, headers: &HeaderMap) -> Result<(), SandboxError> {
    if method != Method::POST && method != Method::GET {
        return Err(SandboxError::new(
            "UnsupportedProtocol",
            format!("The sandbox accepts `POST /` with a JSON body or `GET /?<parameters>`; got {method}."),
        ));
    }
    let declared = header_str(headers, "content-length").and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|length| length > MAX_BODY_BYTES as u64) {
        return Err(body_too_large());
    }
    let (authorization, timestamp) = common_headers(headers)?;
    sign::check_headers(
        &VerifyRequest {
            method: method.as_str(),
            query,
            authorization,
            timestamp,
            payload: &[],
            now: unix_now(),
            header: |name: &str| header_str(headers, name),
        },
        |secret_id: &str| shared.credentials.get(secret_id),
    )
    .map_err(|e| SandboxError::new(e.code(), e.to_string()))
}

/// The Action, Version, Authorization and Timestamp every request needs; returns the last two.
fn common_headers(headers: &HeaderMap) -> Result<(&str, &str), SandboxError> {
    let required = |name: &'static str, common: &str| {
        header_str(headers, name).filter(|v| !v.is_empty()).ok_or_else(|| SandboxError::missing_parameter(common))
    };
    required("x-tc-action", "Action")?;
    required("x-tc-version", "Version")?;
    let authorization = header_str(headers, "authorization").ok_or_else(|| {
        SandboxError::new("AuthFailure.InvalidAuthorization", "The request has no Authorization header.")
    })?;
    let timestamp = required("x-tc-timestamp", "Timestamp")?;
    Ok((authorization, timestamp))
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        match self {
            Reply::Json(value) => {
                let body = serde_json::to_vec(&value).unwrap_or_default();
                Reply::Raw { status: StatusCode::OK, content_type: "application/json", body }.into_response()
            }
            Reply::Raw { status, content_type, body } => {
                let mut response = Response::new(Body::from(body));
                *response.status_mut() = status;
                response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
                response
            }
            Reply::Events(body) => {
                let mut response = Response::new(body);
                response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
                response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
                response
            }
            Reply::Drop => {
                let mut response = Response::new(Body::empty());
                response.extensions_mut().insert(DropConnection);
                response
            }
        }
    }
}

fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

fn unix_now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

/// The pipeline, in the order the real endpoint checks: common parameters, signature, action and version,
/// region, rate limit; then injected faults; then the body. `Err` is an error the sandbox found itself.
async fn process(
    shared: &Shared,
    method: &Method,
    query: &str,
    headers: &HeaderMap,
    body: &Bytes,
    request_id: &str,
) -> Result<(Outcome, Reply), SandboxError> {
    let (authorization, timestamp) = common_headers(headers)?;
    let action_name = header_str(headers, "x-tc-action").unwrap_or_default();
    let version = header_str(headers, "x-tc-version").unwrap_or_default();
    let verified = sign::verify(
        &VerifyRequest {
            method: method.as_str(),
            query,
            authorization,
            timestamp,
            payload: body,
            now: unix_now(),
            header: |name: &str| header_str(headers, name),
        },
        |secret_id: &str| shared.credentials.get(secret_id),
    )
    .map_err(|e| SandboxError::new(e.code(), e.to_string()))?;

    let service_name = shared.catalog.service_name(header_str(headers, "host"), &verified.service);
    if service_name != verified.service {
        // The endpoint derives the key with its own service name, so a key scoped to another cannot match.
        return Err(SandboxError::new(
            "AuthFailure.SignatureFailure",
            format!(
                "The credential scope names service `{}`, but the Host names service `{service_name}`.",
                verified.service
            ),
        ));
    }
    let (service, action) = shared.catalog.resolve(service_name, action_name, version)?;
    if action.region_required && header_str(headers, "x-tc-region").is_none_or(str::is_empty) {
        return Err(SandboxError::missing_parameter("Region"));
    }

    let now = Instant::now();
    if let Some(limit) = action.rate_limit_per_second.filter(|_| shared.rate_limit_scale > 0) {
        let limit = limit.saturating_mul(shared.rate_limit_scale);
        if !shared.limiter.admit(&verified.secret_id, &service.spec.service, &action.name, limit, now) {
            return Err(SandboxError::new(
                "RequestLimitExceeded",
                format!("Your request frequency exceeds the limit of {limit} per second for `{}`.", action.name),
            ));
        }
    }
    shared.stats.admitted(&action.name, now);

    let decision = shared.faults.decide(&action.name);
    if !decision.delay.is_zero() {
        tokio::time::sleep(decision.delay).await;
    }
    let truncate = match decision.outcome {
        None => false,
        Some(FaultKind::TruncatedJson) => true,
        Some(FaultKind::Latency(_)) => false,
        Some(FaultKind::Error(code)) => {
            let error = SandboxError::new(code.clone(), "Injected by the sandbox's fault table.");
            return Ok((Outcome::InjectedError(code), Reply::Json(error.body(request_id))));
        }
        Some(FaultKind::BadGateway) => {
            let body = BAD_GATEWAY_HTML.as_bytes().to_vec();
            return Ok((
                Outcome::BadGateway,
                Reply::Raw { status: StatusCode::BAD_GATEWAY, content_type: "text/html", body },
            ));
        }
        Some(FaultKind::MalformedJson) => {
            let body = format!("{{\"Response\":{{\"RequestId\":\"{request_id}\",<!-- not JSON -->").into_bytes();
            return Ok((
                Outcome::MalformedJson,
                Reply::Raw { status: StatusCode::OK, content_type: "application/json", body },
            ));
        }
        Some(FaultKind::DropConnection) => return Ok((Outcome::Dropped, Reply::Drop)),
    };

    let header = |name: &str| header_str(headers, name);
    let request = crate::get_request::parameters(service, action, method == Method::GET, header, query, body);
    if let Ok(request) = &request
        && !truncate
        && let Some(events) =
            crate::sse::respond(shared, service, action, request, request_id, |name| header_str(headers, name))
    {
        return events.map(|body| (Outcome::Ok, Reply::Events(body)));
    }
    let answer = request.and_then(|request| answer(shared, service, action, headers, request, request_id));
    if truncate {
        let full =
            serde_json::to_vec(&answer.as_ref().map_or_else(|e| e.body(request_id), Clone::clone)).unwrap_or_default();
        let body = full[..full.len() / 2].to_vec();
        return Ok((
            Outcome::TruncatedJson,
            Reply::Raw { status: StatusCode::OK, content_type: "application/json", body },
        ));
    }
    Ok((Outcome::Ok, Reply::Json(answer?)))
}

/// Runs a test's handler; a panic (a failed assertion inside it, say) becomes an `InternalError` answer instead
/// of a dropped connection, so the test sees what went wrong.
fn call_handler(handler: &Handler, action: &str, request: Value) -> Result<Value, SandboxError> {
    guarded(action, || handler(request))
}

/// Runs a test's handler of `action` (plain or streaming), turning a panic into an `InternalError` answer.
pub(crate) fn guarded<T>(action: &str, run: impl FnOnce() -> Result<T, SandboxError>) -> Result<T, SandboxError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)).unwrap_or_else(|panic| {
        let why = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a non-string panic".to_owned());
        Err(SandboxError::new("InternalError", format!("The sandbox handler for `{action}` panicked: {why}")))
    })
}

/// The answer to a request that got through: the test's handler for the action, or the documented example.
fn answer(
    shared: &Shared,
    service: &tencentcloud_spec::Service,
    action: &tencentcloud_spec::ActionSpec,
    headers: &HeaderMap,
    request: Value,
    request_id: &str,
) -> Result<Value, SandboxError> {
    validate_request(service, action, &request)?;
    let handler = shared.handlers.read().unwrap_or_else(|p| p.into_inner()).get(&action.name).cloned();
    let members = match handler {
        Some(handler) => match call_handler(&handler, &action.name, request)? {
            Value::Object(mut members) => match members.remove("Response") {
                Some(Value::Object(inner)) if members.is_empty() => inner,
                Some(other) => {
                    members.insert("Response".to_owned(), other);
                    members
                }
                None => members,
            },
            other => {
                return Err(SandboxError::new(
                    "InternalError",
                    format!("The sandbox handler for `{}` returned {other}, not a JSON object.", action.name),
                ));
            }
        },
        None => example_response(service, action, &request, |name| header_str(headers, name)),
    };
    Ok(success_body(members, request_id))
}
