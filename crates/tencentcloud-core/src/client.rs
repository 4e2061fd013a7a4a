//! The SDK client and its call pipeline: `execute` paces, signs, sends, retries and decodes one call. Its
//! configuration is in `builder`.

mod builder;
mod generic;

pub(crate) use builder::shown_url;
pub use builder::{ClientBuilder, http_client_builder};

use std::cell::RefCell;
use std::fmt;
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures_util::FutureExt;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use tracing::Instrument;

use crate::body::read_capped;
use crate::credentials::ProvideCredentials;
use crate::deadline::{CallDeadline, within};
use crate::decode::{decode_response, request_id_in};
use crate::error::{location_host, url_host};
use crate::failover::{EndpointFailover, FAILOVER_ROOT_DOMAINS, Route};
use crate::multipart::MultipartWire;
use crate::octet::OctetWire;
use crate::rate_limit::RateLimiters;
use crate::request_options::{HttpMethod, RequestOptions, Wire};
use crate::retry::Retry;
use crate::sign::{self, KeyCache};
use crate::trace::{self, TRACE_ID_HEADER};
use crate::{Action, ActionInfo, Credentials, Error};

/// The root domain of the China site; hosts are `<service>.tencentcloudapi.com`.
pub const ROOT_DOMAIN: &str = "tencentcloudapi.com";
/// The root domain of the international site.
pub const INTL_ROOT_DOMAIN: &str = "intl.tencentcloudapi.com";
/// The default limit on one attempt, as the official SDKs' request timeout.
pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(60);
/// The default limit on a whole call, retries included (see [`ClientBuilder::total_timeout`]).
pub const DEFAULT_TOTAL_TIMEOUT: Duration = Duration::from_secs(120);
/// The default limit on opening a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Sent as `X-TC-RequestClient`.
pub const REQUEST_CLIENT: &str = concat!("SDK_RUST_", env!("CARGO_PKG_VERSION"));

/// The code for a timestamp outside the server's five-minute window.
pub(crate) const SIGNATURE_EXPIRE: &str =
    tencentcloud_spec::api_facts::CommonErrorCode::AuthFailureSignatureExpire.as_str();

/// The language of error messages (`X-TC-Language`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Language {
    /// Simplified Chinese, `zh-CN`.
    ZhCn,
    /// English, `en-US`.
    EnUs,
}

impl Language {
    /// The value sent as the `X-TC-Language` header.
    pub fn as_str(self) -> &'static str {
        match self {
            Language::ZhCn => "zh-CN",
            Language::EnUs => "en-US",
        }
    }
}

/// A Tencent Cloud API 3.0 client. Cheap to clone: clones share the connection pool, credentials, key cache,
/// retry budget and rate limiters.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    credentials: Arc<dyn ProvideCredentials>,
    /// The provider's credentials when they never change, so calls skip asking for them.
    fixed_credentials: Option<Arc<Credentials>>,
    region: Option<HeaderValue>,
    /// The caller's endpoint, which never fails over.
    endpoint: Option<Arc<Route>>,
    /// `https://<service>.<root>/` per service (and its failover hosts), built on first use. Read by every call,
    /// written once per service, hence a read-write lock: calls never wait on each other here.
    service_endpoints: RwLock<Vec<(&'static str, Arc<Route>)>>,
    root_domain: String,
    language: Option<Language>,
    attempt_timeout: Option<Duration>,
    total_timeout: Option<Duration>,
    retry: Retry,
    rate_limits: Option<RateLimiters>,
    sign_action: bool,
    method: HttpMethod,
    max_response_bytes: usize,
    keys: KeyCache,
    /// Seconds to add to the local clock, learnt from the server after a `SignatureExpire`.
    clock_offset: AtomicI64,
    failover: EndpointFailover,
    /// Stand-ins for the default hosts, from [`EndpointFailover::with_candidate_urls`] (tests).
    failover_candidates: Option<Vec<Arc<Endpoint>>>,
}

/// A call's route: the caller's endpoint, borrowed from the client (an `Arc` clone per call would write its
/// shared count from every core making calls), or the service's, shared with the client's cache.
pub(crate) enum CallRoute<'a> {
    Fixed(&'a Route),
    Service(Arc<Route>),
}

impl std::ops::Deref for CallRoute<'_> {
    type Target = Route;

    fn deref(&self) -> &Route {
        match self {
            CallRoute::Fixed(route) => route,
            CallRoute::Service(route) => route,
        }
    }
}

/// An endpoint override: the URL to post to and the host that is signed.
#[derive(Debug)]
pub(crate) struct Endpoint {
    url: reqwest::Url,
    host: String,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("credentials", &inner.credentials)
            .field("region", &inner.region)
            .field("endpoint", &inner.endpoint.as_ref().map(|route| shown_url(route.endpoint(0).url.as_str())))
            .field("root_domain", &inner.root_domain)
            .field("language", &inner.language)
            .field("retry", &inner.retry.config)
            .field("rate_limiting", &inner.rate_limits.is_some())
            .field("failover", &inner.failover)
            .finish_non_exhaustive()
    }
}

/// A `Retry-After` value: delay seconds, or an HTTP date (a wait from now, zero if it has passed).
fn parse_retry_after(value: &HeaderValue) -> Option<Duration> {
    let text = value.to_str().ok()?.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = crate::civil_time::unix_from_http_date(text)?;
    Some(Duration::from_secs(u64::try_from(at - unix_now()).unwrap_or(0)))
}

/// `host` and its failover mirrors, primary first: a host `<label>.tencentcloudapi.com` gets one per
/// [`FAILOVER_ROOT_DOMAINS`]; any other (another root domain, a region-pinned `cvm.ap-guangzhou.` host) only itself.
fn failover_hosts(host: &str) -> Vec<String> {
    let label = host.strip_suffix(FAILOVER_ROOT_DOMAINS[0]).and_then(|rest| rest.strip_suffix('.'));
    match label {
        Some(label) if !label.is_empty() && !label.contains('.') => {
            FAILOVER_ROOT_DOMAINS.iter().map(|root| format!("{label}.{root}")).collect()
        }
        _ => vec![host.to_owned()],
    }
}

/// `https://<host>/`, signed as `host`.
fn https_endpoint(host: String) -> Result<Endpoint, Error> {
    let url = reqwest::Url::parse(&format!("https://{host}/"))
        .map_err(|e| Error::build(format!("`https://{host}/` is not a valid endpoint URL: {e}")))?;
    Ok(Endpoint { url, host })
}

/// The `X-TC-Timestamp` header for `timestamp`. Each thread keeps the one it made last: calls in the same second
/// share it (a clone is a count increment), where making it anew costs two allocations and a formatting.
fn timestamp_header(timestamp: i64) -> HeaderValue {
    thread_local! {
        static LAST: RefCell<Option<(i64, HeaderValue)>> = const { RefCell::new(None) };
    }
    let shared = LAST.try_with(|last| {
        let mut last = last.borrow_mut();
        match &*last {
            Some((second, value)) if *second == timestamp => value.clone(),
            _ => last.insert((timestamp, HeaderValue::from(timestamp))).1.clone(),
        }
    });
    // A thread being torn down has no slot left; its call still gets its header.
    shared.unwrap_or_else(|_| HeaderValue::from(timestamp))
}

/// A call's error with the call's trace id and action, unless an inner call (a credentials request, say) named
/// its own.
pub(crate) fn tagged(e: Error, info: &ActionInfo, trace_id: &str) -> Error {
    let e = if e.trace_id().is_none() { e.with_trace_id(trace_id) } else { e };
    if e.action().is_none() { e.with_action(format!("{}.{}", info.service.name, info.name)) } else { e }
}

fn unix_now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

impl Client {
    /// Starts configuring a client; see [`ClientBuilder`] for the settings and their defaults.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The cap on a response body (see [`ClientBuilder::max_response_bytes`]).
    pub(crate) fn max_response_bytes(&self) -> usize {
        self.inner.max_response_bytes
    }

    /// The limit on a whole call, if any (see [`ClientBuilder::total_timeout`]).
    pub(crate) fn total_timeout(&self) -> Option<Duration> {
        self.inner.total_timeout
    }

    /// The limit on one attempt, if any (see [`ClientBuilder::attempt_timeout`]).
    pub(crate) fn attempt_timeout(&self) -> Option<Duration> {
        self.inner.attempt_timeout
    }

    /// The region calls are sent to, if set.
    pub fn region(&self) -> Option<&str> {
        self.inner.region.as_ref().and_then(|r| r.to_str().ok())
    }

    /// Calls one action: pace it to the action's rate limit, sign, send, retry what is safe to retry, decode.
    pub async fn execute<A: Action>(&self, request: &A) -> Result<A::Output, Error> {
        self.execute_with(request, &RequestOptions::default()).await
    }

    /// [`execute`](Self::execute) with settings for this call only, e.g. sending it as a GET:
    /// `client.execute_with(&request, &RequestOptions::new().with_method(HttpMethod::Get))`.
    pub async fn execute_with<A: Action>(&self, request: &A, options: &RequestOptions) -> Result<A::Output, Error> {
        self.execute_info(A::INFO, request, options, request.retry_safe()).await
    }

    /// Calls any action of any service by name, with the parameters as JSON and the content of `Response` back
    /// as JSON, through the same signing, credentials, retries, errors and tracing as typed calls: for actions
    /// newer than this SDK's specs, e.g.
    /// `client.call_json("cvm", "2017-03-12", "DescribeInstances", json!({"Limit": 1})).await?`.
    ///
    /// Without the action's spec the runtime knows neither its rate limit nor whether repeating it is safe, so it
    /// is conservative: no client-side pacing, and only the failures that did no work (rate limits, connect
    /// errors, an expired signature) are retried. The host is `<service>.<root domain>`. A malformed service
    /// (`[a-z][a-z0-9]*`), version (`YYYY-MM-DD`) or action (`[A-Z][A-Za-z0-9]*`) fails before any traffic,
    /// naming the value.
    pub async fn call_json(
        &self,
        service: &str,
        version: &str,
        action: &str,
        params: serde_json::Value,
    ) -> Result<serde_json::Value, Error> {
        let info = generic::action_info(service, version, action)?;
        self.execute_info(info, &params, &RequestOptions::default(), false).await
    }

    async fn execute_info<R: serde::Serialize + ?Sized, O: serde::de::DeserializeOwned>(
        &self,
        info: &'static ActionInfo,
        request: &R,
        options: &RequestOptions,
        retry_safe: bool,
    ) -> Result<O, Error> {
        let mut generated = [0; 36];
        let trace_id = trace::for_call(options, &mut generated);
        let span = tracing::info_span!(
            "tencentcloud",
            service = info.service.name,
            action = info.name,
            trace_id = %trace_id,
            attempt = tracing::field::Empty,
            request_id = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        let started = tokio::time::Instant::now();
        // The total timeout is carried as a deadline into each attempt's timer (see `crate::deadline`).
        let deadline = CallDeadline::after(started, self.inner.total_timeout);
        let span_ref = &span;
        let outcome = async {
            let (wire, route, trace) = self.prepare(info, request, options, trace_id)?;
            let send = |endpoint, wire, trace| async move {
                self.attempt::<O>(info, endpoint, &wire, &trace, deadline, span_ref).await
            };
            self.with_retries(info, (wire, &route, trace), retry_safe, deadline, span_ref, send).await
        }
        .instrument(span.clone())
        .await;
        span.record("latency_ms", started.elapsed().as_secs_f64() * 1000.0);
        outcome.map_err(|e| {
            if let Some(id) = e.request_id() {
                span.record("request_id", id);
            }
            let _entered = span.enter();
            tracing::debug!(error = %e, "call failed");
            tagged(e, info, trace_id)
        })
    }

    /// What every call does around its attempts, given what [`prepare`](Self::prepare) made: each attempt paced
    /// to the action's rate limit, sent to the route's current host and retried by the retry rules, none after
    /// `deadline`; a connect failure moves the next attempt to the route's next host (see [`crate::failover`]).
    /// `send` signs and sends one attempt for the host it is given.
    pub(crate) async fn with_retries<'r, T, F, Fut>(
        &self,
        info: &'static ActionInfo,
        (wire, route, trace): (Wire, &'r Route, HeaderValue),
        retry_safe: bool,
        deadline: Option<CallDeadline>,
        span: &tracing::Span,
        send: F,
    ) -> Result<T, Error>
    where
        F: Fn(&'r Endpoint, Wire, HeaderValue) -> Fut,
        Fut: Future<Output = Result<T, Error>>,
    {
        let inner = &*self.inner;
        let limiter = match (&inner.rate_limits, info.rate_limit_per_second) {
            (Some(limiters), Some(rate)) if rate > 0 => Some(limiters.get(info.service.name, info.name, rate)),
            _ => None,
        };
        let started = route.start();
        // The host of the next attempt; attempts run one after another, so a relaxed atomic suffices (it only
        // keeps the future Send).
        let current = AtomicUsize::new(started);
        inner
            .retry
            .run(retry_safe, deadline, |attempt| {
                span.record("attempt", attempt);
                let (limiter, route, current, wire, trace, send) =
                    (&limiter, &route, &current, wire.clone(), trace.clone(), &send);
                async move {
                    if let Some(limiter) = limiter {
                        within(None, deadline, limiter.acquire().map(Ok)).await?;
                    }
                    let index = current.load(Ordering::Relaxed);
                    // Borrowed, not an `Arc` clone: every call to the endpoint would write its shared count.
                    let outcome = send(route.endpoint(index), wire, trace).await;
                    match &outcome {
                        Err(e) if e.is_unreached() && route.fails_over() => {
                            let next = route.next(index);
                            let (from, to) = (&route.endpoint(index).host, &route.endpoint(next).host);
                            tracing::debug!(error = %e, from = %from, to = %to, "host unreachable; failing over");
                            current.store(next, Ordering::Relaxed);
                        }
                        _ => route.answered(started, index),
                    }
                    outcome
                }
            })
            .await
    }

    /// What every attempt of a call shares: the parameters in their wire form (serialised once; each attempt
    /// sends a cheap clone), the endpoint and the trace id header. Fails before any traffic.
    pub(crate) fn prepare<T: serde::Serialize + ?Sized>(
        &self,
        info: &'static ActionInfo,
        request: &T,
        options: &RequestOptions,
        trace_id: &str,
    ) -> Result<(Wire, CallRoute<'_>, HeaderValue), Error> {
        let inner = &*self.inner;
        if info.region_required && inner.region.is_none() {
            return Err(Error::build(format!(
                "{} requires a region; set one with ClientBuilder::region (e.g. \"ap-guangzhou\")",
                info.name
            )));
        }
        let trace = HeaderValue::from_str(trace_id)
            .map_err(|_| Error::build("the trace id is not a valid HTTP header value"))?;
        let wire = Wire::for_call(options, inner.method, request, trace::next_hex)?;
        let route = match &inner.endpoint {
            Some(fixed) => CallRoute::Fixed(fixed),
            None => CallRoute::Service(self.target(info)?),
        };
        Ok((wire, route, trace))
    }

    /// Signs a call without sending it: the request `execute_with` would send as its first attempt (same URL,
    /// headers, body and signature, with a fresh `X-TC-TraceId` unless `options` gives one), for a proxy to
    /// forward or to inspect. The signature holds for five minutes.
    pub async fn build_signed_request<A: Action>(
        &self,
        request: &A,
        options: &RequestOptions,
    ) -> Result<reqwest::Request, Error> {
        let info = A::INFO;
        let (wire, route, trace) = self.prepare(info, request, options, trace::for_call(options, &mut [0; 36]))?;
        let (mut request, _) = self.signed_request(info, route.endpoint(route.start()), &wire, &trace).await?;
        // Sent by the caller's own means, so the attempt timeout travels with it as reqwest's.
        *request.timeout_mut() = self.inner.attempt_timeout;
        Ok(request)
    }

    /// The URLs to post to and the hosts to sign: the caller's endpoint, or the service's host and, when
    /// failover applies, its mirrors.
    fn target(&self, info: &ActionInfo) -> Result<Arc<Route>, Error> {
        let inner = &*self.inner;
        if let Some(route) = &inner.endpoint {
            return Ok(route.clone());
        }
        let service = info.service.name;
        let known = |cached: &[(&'static str, Arc<Route>)]| {
            cached.iter().find(|(name, _)| *name == service).map(|(_, route)| route.clone())
        };
        if let Some(route) = known(&inner.service_endpoints.read().unwrap_or_else(|poisoned| poisoned.into_inner())) {
            return Ok(route);
        }
        let mut cached = inner.service_endpoints.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        // Another call may have built it between the two locks.
        if let Some(route) = known(&cached) {
            return Ok(route);
        }
        let host = if inner.root_domain == ROOT_DOMAIN && !info.service.domain.is_empty() {
            info.service.domain.to_owned()
        } else {
            format!("{service}.{}", inner.root_domain)
        };
        let candidates = match &inner.failover_candidates {
            Some(stand_ins) => stand_ins.clone(),
            None => failover_hosts(&host)
                .into_iter()
                .map(|host| https_endpoint(host).map(Arc::new))
                .collect::<Result<_, _>>()?,
        };
        let route = Arc::new(match candidates.first() {
            Some(primary) if !inner.failover.enabled() || candidates.len() == 1 => Route::single(primary.clone()),
            Some(_) => Route::failover(candidates, inner.failover.sticky_for()),
            None => Route::single(Arc::new(https_endpoint(host)?)),
        });
        cached.push((service, route.clone()));
        Ok(route)
    }

    /// After `AuthFailure.SignatureExpire`, adopts the server's clock from its `Date` header, so the retry (and
    /// every later call) carries a timestamp the server accepts even when this machine's clock is wrong.
    fn learn_clock_offset(&self, server_date: Option<&str>, sent_timestamp: i64) {
        let Some(server_now) = server_date.and_then(crate::civil_time::unix_from_http_date) else {
            return;
        };
        let offset = server_now - unix_now();
        let previous = self.inner.clock_offset.swap(offset, Ordering::Relaxed);
        tracing::warn!(
            offset_seconds = offset,
            previous_offset_seconds = previous,
            sent_timestamp,
            "the server rejected the timestamp as expired; adjusting to the server's clock"
        );
    }

    async fn attempt<T: serde::de::DeserializeOwned>(
        &self,
        info: &'static ActionInfo,
        endpoint: &Endpoint,
        wire: &Wire,
        trace: &HeaderValue,
        deadline: Option<CallDeadline>,
        span: &tracing::Span,
    ) -> Result<T, Error> {
        let inner = &*self.inner;
        // The attempt timeout covers the body too. The answer's future is written in place (not bound to a local
        // first), so the call's state machine holds it once.
        let (status, bytes, server_date, retry_after, timestamp) = within(inner.attempt_timeout, deadline, async {
            let (response, timestamp) = self.send_signed(info, endpoint, wire, trace).await?;
            // A cheap handle on the header (no copy); it is only read after a SignatureExpire.
            let server_date = response.headers().get(reqwest::header::DATE).cloned();
            let retry_after = response.headers().get(reqwest::header::RETRY_AFTER).cloned();
            let status = response.status().as_u16();
            let bytes = read_capped(response, inner.max_response_bytes).await?;
            Ok((status, bytes, server_date, retry_after, timestamp))
        })
        .await?;
        let decoded = self.decode_answer::<T>(status, &bytes, server_date.as_ref(), retry_after.as_ref(), timestamp);
        if !span.is_disabled() {
            let id = match &decoded {
                Ok(_) => request_id_in(&bytes),
                Err(e) => e.request_id(),
            };
            if let Some(id) = id {
                span.record("request_id", id);
            }
        }
        decoded
    }

    /// An answer's body decoded, with what the headers add to an error: a 429's `Retry-After`, and after a
    /// `SignatureExpire` the server's clock (`Date`) adopted for the retry. Plain and streaming calls share it.
    pub(crate) fn decode_answer<T: serde::de::DeserializeOwned>(
        &self,
        status: u16,
        bytes: &[u8],
        server_date: Option<&HeaderValue>,
        retry_after: Option<&HeaderValue>,
        timestamp: i64,
    ) -> Result<T, Error> {
        let mut decoded = decode_response::<T>(status, bytes);
        if status == 429
            && let Err(e) = decoded
        {
            decoded = Err(e.with_retry_after(retry_after.and_then(parse_retry_after)));
        }
        if let Err(e) = &decoded
            && e.code() == Some(SIGNATURE_EXPIRE)
        {
            self.learn_clock_offset(server_date.and_then(|d| d.to_str().ok()), timestamp);
        }
        decoded
    }

    /// Signs and sends one attempt, refusing redirects; returns the response, unread, and the timestamp signed.
    /// Untimed: the caller limits the attempt (a plain call through its body, a stream until its headers).
    pub(crate) async fn send_signed(
        &self,
        info: &'static ActionInfo,
        endpoint: &Endpoint,
        wire: &Wire,
        trace: &HeaderValue,
    ) -> Result<(reqwest::Response, i64), Error> {
        let (request, timestamp) = self.signed_request(info, endpoint, wire, trace).await?;
        // A POST goes to the endpoint's URL itself; only a GET's (with its query) needs keeping.
        let requested = match wire {
            Wire::Query(_) => std::borrow::Cow::Owned(request.url().clone()),
            _ => std::borrow::Cow::Borrowed(&endpoint.url),
        };
        let response = self.inner.http.execute(request).await.map_err(Error::from_reqwest)?;
        // A caller-supplied client may follow redirects itself: refuse whatever answer it ended at, unread.
        if response.url() != &*requested {
            return Err(Error::redirect_followed(response.status().as_u16(), url_host(response.url())));
        }
        let status = response.status().as_u16();
        if (300..400).contains(&status) {
            let location = response.headers().get(reqwest::header::LOCATION);
            return Err(Error::redirect(status, location_host(&endpoint.url, location)));
        }
        Ok((response, timestamp))
    }

    /// One attempt's request, signed now with the current credentials; returns it unsent, and the timestamp.
    async fn signed_request(
        &self,
        info: &'static ActionInfo,
        endpoint: &Endpoint,
        wire: &Wire,
        trace: &HeaderValue,
    ) -> Result<(reqwest::Request, i64), Error> {
        let inner = &*self.inner;
        // Fixed credentials are borrowed: cloning their `Arc` would write its shared count on every call.
        let provided;
        let credentials: &Credentials = match &inner.fixed_credentials {
            Some(fixed) => fixed,
            None => {
                provided = inner.credentials.provide().await?;
                &provided
            }
        };
        let timestamp = unix_now() + inner.clock_offset.load(Ordering::Relaxed);
        let service = info.service.name;
        let key = inner.keys.get(credentials.secret_key(), sign::utc_date(timestamp), service);
        let action = inner.sign_action.then_some(info.name);
        let (post, get);
        let request = match wire {
            Wire::Json(body) | Wire::Octet(OctetWire { body, .. }) | Wire::Multipart(MultipartWire { body, .. }) => {
                post = sign::Request { host: &endpoint.host, content_type: wire.content_type(), action, payload: body };
                sign::Signed::Post(&post)
            }
            Wire::Query(query) => {
                get = sign::GetRequest { host: &endpoint.host, action, query };
                sign::Signed::Get(&get)
            }
        };
        let authorization = sign::header_bytes(credentials.secret_id(), &key, service, timestamp, request);
        let mut headers = HeaderMap::with_capacity(10);
        headers.insert(CONTENT_TYPE, wire.content_type_header());
        headers.insert(
            AUTHORIZATION,
            // Takes the buffer as it is (a header value is bytes), checking it without another copy.
            HeaderValue::from_maybe_shared(bytes::Bytes::from(authorization))
                .map_err(|_| Error::credentials("the SecretId contains characters not allowed in an HTTP header"))?,
        );
        // Checked here, so `from_static` (which shares the text rather than copying it) cannot panic.
        let static_value = |value: &'static str| {
            if value.bytes().all(|b| b == b'\t' || (0x20..0x7f).contains(&b)) {
                Ok(HeaderValue::from_static(value))
            } else {
                Err(Error::build(format!("`{value}` is not a valid header value (check the spec)")))
            }
        };
        headers.insert(HeaderName::from_static("x-tc-action"), static_value(info.name)?);
        headers.insert(HeaderName::from_static("x-tc-version"), static_value(info.service.version)?);
        headers.insert(HeaderName::from_static("x-tc-timestamp"), timestamp_header(timestamp));
        headers.insert(HeaderName::from_static("x-tc-requestclient"), HeaderValue::from_static(REQUEST_CLIENT));
        if let Some(region) = &inner.region {
            headers.insert(HeaderName::from_static("x-tc-region"), region.clone());
        }
        if let Some(token) = credentials.token() {
            let mut value = HeaderValue::from_str(token).map_err(|_| {
                Error::credentials("the session token contains characters not allowed in an HTTP header")
            })?;
            value.set_sensitive(true);
            headers.insert(HeaderName::from_static("x-tc-token"), value);
        }
        if let Some(language) = inner.language {
            headers.insert(HeaderName::from_static("x-tc-language"), HeaderValue::from_static(language.as_str()));
        }
        headers.insert(HeaderName::from_static(TRACE_ID_HEADER), trace.clone());
        // The request is made whole here rather than through reqwest's builder, which would copy every header
        // into a map of its own.
        let (method, url, body) = match wire {
            Wire::Json(body) | Wire::Multipart(MultipartWire { body, .. }) => {
                (reqwest::Method::POST, endpoint.url.clone(), Some(body.clone()))
            }
            Wire::Octet(octet) => {
                for (name, value) in octet.headers.iter() {
                    headers.insert(name.clone(), value.clone());
                }
                (reqwest::Method::POST, endpoint.url.clone(), Some(octet.body.clone()))
            }
            Wire::Query(query) => {
                let mut url = endpoint.url.clone();
                url.set_query(Some(query).filter(|q| !q.is_empty()).map(String::as_str));
                (reqwest::Method::GET, url, None)
            }
        };
        let mut request = reqwest::Request::new(method, url);
        *request.headers_mut() = headers;
        *request.body_mut() = body.map(reqwest::Body::from);
        Ok((request, timestamp))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_timestamp_header_follows_the_second_asked_for() {
        for second in [1_796_500_000, 1_796_500_000, 1_796_500_001, 1_796_500_000, -5] {
            assert_eq!(timestamp_header(second), second.to_string().as_str());
        }
        // Another thread has its own remembered value and gets the same text.
        let other = std::thread::spawn(|| timestamp_header(1_796_500_001)).join().unwrap();
        assert_eq!(other, "1796500001");
    }

    static CVM: crate::ServiceInfo =
        crate::ServiceInfo { name: "cvm", version: "2017-03-12", domain: "cvm.tencentcloudapi.com" };
    static DESCRIBE: ActionInfo = ActionInfo {
        service: &CVM,
        name: "DescribeInstances",
        rate_limit_per_second: None,
        region_required: false,
        read_only: true,
    };

    fn route_for(builder: ClientBuilder, info: &ActionInfo) -> Arc<Route> {
        let client = builder.credentials(Credentials::new("id", "key")).build().unwrap();
        let route = client.target(info).unwrap();
        let again = client.target(info).unwrap();
        assert!(Arc::ptr_eq(&route, &again), "built once per service");
        route
    }

    fn host_for(builder: ClientBuilder) -> (String, String) {
        let route = route_for(builder, &DESCRIBE);
        let endpoint = route.endpoint(0);
        (endpoint.url.to_string(), endpoint.host.clone())
    }

    /// The hosts a call to `info` may go to, in order.
    fn failover_hosts_for(builder: ClientBuilder, info: &ActionInfo) -> Vec<String> {
        let route = route_for(builder, info);
        let mut index = 0;
        let mut hosts = vec![route.endpoint(0).host.clone()];
        while route.fails_over() && route.next(index) != 0 {
            index = route.next(index);
            hosts.push(route.endpoint(index).host.clone());
        }
        hosts
    }

    #[test]
    fn failover_hosts_only_for_the_default_root_and_no_caller_endpoint() {
        assert_eq!(
            failover_hosts_for(Client::builder(), &DESCRIBE),
            ["cvm.tencentcloudapi.com", "cvm.tencentcloudapi.cn", "cvm.tencentcloudapi.com.cn"]
        );
        let off = Client::builder().endpoint_failover(EndpointFailover::disabled());
        assert_eq!(failover_hosts_for(off, &DESCRIBE), ["cvm.tencentcloudapi.com"]);
        let intl = Client::builder().root_domain(INTL_ROOT_DOMAIN);
        assert_eq!(failover_hosts_for(intl, &DESCRIBE), ["cvm.intl.tencentcloudapi.com"]);
        let caller = Client::builder().endpoint("https://cvm.tencentcloudapi.com");
        assert_eq!(failover_hosts_for(caller, &DESCRIBE), ["cvm.tencentcloudapi.com"]);
        static PINNED: crate::ServiceInfo =
            crate::ServiceInfo { name: "cvm", version: "2017-03-12", domain: "cvm.ap-guangzhou.tencentcloudapi.com" };
        static PINNED_DESCRIBE: ActionInfo = ActionInfo { service: &PINNED, ..DESCRIBE };
        assert_eq!(failover_hosts_for(Client::builder(), &PINNED_DESCRIBE), ["cvm.ap-guangzhou.tencentcloudapi.com"]);
        assert_eq!(failover_hosts("tencentcloudapi.com"), ["tencentcloudapi.com"]);
        assert_eq!(failover_hosts("x.notencentcloudapi.com"), ["x.notencentcloudapi.com"]);
    }

    #[tokio::test(start_paused = true)]
    async fn failover_remembers_the_answering_host_for_its_window() {
        let builder =
            Client::builder().endpoint_failover(EndpointFailover::standard().with_sticky_for(Duration::from_secs(60)));
        let route = route_for(builder, &DESCRIBE);
        assert_eq!(route.start(), 0);
        route.answered(0, 0);
        assert_eq!(route.start(), 0, "the primary answered: nothing to remember");
        route.answered(0, 2);
        assert_eq!(route.start(), 2);
        tokio::time::advance(Duration::from_secs(30)).await;
        route.answered(2, 2);
        tokio::time::advance(Duration::from_secs(31)).await;
        assert_eq!(route.start(), 0, "answers on the remembered host do not extend its window");
        route.answered(1, 0);
        assert_eq!(route.start(), 0, "back on the primary");
        let forgetful = route_for(
            Client::builder().endpoint_failover(EndpointFailover::standard().with_sticky_for(Duration::ZERO)),
            &DESCRIBE,
        );
        forgetful.answered(0, 1);
        assert_eq!(forgetful.start(), 0);
    }

    #[test]
    fn hosts_follow_the_root_domain_or_the_endpoint_override() {
        assert_eq!(
            host_for(Client::builder()),
            ("https://cvm.tencentcloudapi.com/".to_owned(), "cvm.tencentcloudapi.com".to_owned())
        );
        assert_eq!(
            host_for(Client::builder().root_domain(INTL_ROOT_DOMAIN)),
            ("https://cvm.intl.tencentcloudapi.com/".to_owned(), "cvm.intl.tencentcloudapi.com".to_owned())
        );
        assert_eq!(
            host_for(Client::builder().endpoint("http://127.0.0.1:8080")),
            ("http://127.0.0.1:8080/".to_owned(), "127.0.0.1:8080".to_owned())
        );
        assert_eq!(host_for(Client::builder().endpoint("https://cvm.example.com")).1, "cvm.example.com");
    }

    #[test]
    fn static_credentials_are_kept_by_the_client() {
        let client = Client::builder().credentials(Credentials::new("id", "key")).build().unwrap();
        assert_eq!(client.inner.fixed_credentials.as_ref().map(|c| c.secret_id()), Some("id"));
        let chain = Client::builder().build().unwrap();
        assert!(chain.inner.fixed_credentials.is_none(), "the default chain is asked on each call");
    }

    #[test]
    fn execute_futures_can_be_spawned() {
        #[derive(serde::Serialize)]
        struct Request {}
        impl Action for Request {
            type Output = serde_json::Value;
            const INFO: &'static ActionInfo = &DESCRIBE;
        }
        fn assert_send<T: Send + 'static>(_: &T) {}
        let client = Client::builder().credentials(Credentials::new("id", "key")).build().unwrap();
        let future = async move { client.execute(&Request {}).await };
        assert_send(&future);
    }
}
