//! [`ClientBuilder`]: every setting of a [`Client`], checked all at once by `build()`, and the endpoint rules
//! (plain http only to loopback, passwords never shown).

use std::fmt;
use std::marker::PhantomData;
use std::sync::atomic::AtomicI64;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use reqwest::header::HeaderValue;

use super::{
    Client, DEFAULT_ATTEMPT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TOTAL_TIMEOUT, Endpoint, Inner, Language,
    ROOT_DOMAIN,
};
use crate::Error;
use crate::body::DEFAULT_MAX_RESPONSE_BYTES;
use crate::credentials::{DefaultChain, ProvideCredentials};
use crate::failover::{EndpointFailover, Route};
use crate::rate_limit::RateLimiters;
use crate::request_options::HttpMethod;
use crate::retry::{Retry, RetryConfig};
use crate::sign::KeyCache;

/// Configures a [`Client`]. Nothing is checked until [`build`](Self::build), which reports every problem.
///
/// `C` is what `build` returns: the runtime [`Client`] by default, or a service crate's client (any type with
/// `From<Client>`), so `tencentcloud_ccc::Client::builder().build()?` is already a `tencentcloud_ccc::Client`.
#[must_use]
pub struct ClientBuilder<C = Client> {
    credentials: Option<Arc<dyn ProvideCredentials>>,
    region: Option<String>,
    endpoint: Option<String>,
    root_domain: Option<String>,
    language: Option<Language>,
    connect_timeout: Option<Duration>,
    attempt_timeout: Option<Option<Duration>>,
    total_timeout: Option<Option<Duration>>,
    proxy: Option<String>,
    proxy_from_env: Option<bool>,
    http_client: Option<reqwest::Client>,
    retry: Option<RetryConfig>,
    rate_limiting: Option<bool>,
    sign_action: Option<bool>,
    method: Option<HttpMethod>,
    allow_insecure_http: bool,
    max_response_bytes: Option<usize>,
    failover: Option<EndpointFailover>,
    // `fn() -> C` keeps the builder Send, Sync and free of C's auto traits and drop check: it never holds a C.
    target: PhantomData<fn() -> C>,
}

impl<C> Default for ClientBuilder<C> {
    fn default() -> Self {
        Self {
            credentials: None,
            region: None,
            endpoint: None,
            root_domain: None,
            language: None,
            connect_timeout: None,
            attempt_timeout: None,
            total_timeout: None,
            proxy: None,
            proxy_from_env: None,
            http_client: None,
            retry: None,
            rate_limiting: None,
            sign_action: None,
            method: None,
            allow_insecure_http: false,
            max_response_bytes: None,
            failover: None,
            target: PhantomData,
        }
    }
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("credentials", &self.credentials)
            .field("region", &self.region)
            .field("endpoint", &self.endpoint.as_deref().map(shown_url))
            .field("proxy", &self.proxy.as_deref().map(shown_url))
            .field("allow_insecure_http", &self.allow_insecure_http)
            .finish_non_exhaustive()
    }
}

impl<C> ClientBuilder<C> {
    /// A builder whose [`build`](Self::build) returns a `C`; service crates' `Client::builder()` calls this.
    /// For the runtime client itself, [`Client::builder`] needs no type.
    pub fn new() -> Self {
        Self::default()
    }

    /// Static credentials or any provider; without one, the default chain (environment, profile file, CVM role).
    pub fn credentials(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials = Some(Arc::new(provider));
        self
    }

    /// A shared provider, e.g. one also used by another client.
    pub fn credentials_provider(mut self, provider: Arc<dyn ProvideCredentials>) -> Self {
        self.credentials = Some(provider);
        self
    }

    /// The region sent as `X-TC-Region`, e.g. `ap-guangzhou`.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Send every call to this URL (e.g. `http://127.0.0.1:8080`) instead of `https://<service>.<root domain>/`.
    /// Calls to it never fail over to another host (see [`crate::failover`]).
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// `tencentcloudapi.com` (default) or `intl.tencentcloudapi.com`; the host is `<service>.<root>`.
    pub fn root_domain(mut self, root: impl Into<String>) -> Self {
        self.root_domain = Some(root.into());
        self
    }

    /// The language of service error messages (`X-TC-Language`); unset, the service chooses.
    pub fn language(mut self, language: Language) -> Self {
        self.language = Some(language);
        self
    }

    /// Time allowed to open a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Time allowed for one attempt, from connecting (when no pooled connection is free) to the end of the response
    /// body (default 60 s; `None` for no limit).
    pub fn attempt_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.attempt_timeout = Some(timeout.into());
        self
    }

    /// Time allowed for the whole call including credentials, retries, backoff and rate-limit waits (default
    /// [`DEFAULT_TOTAL_TIMEOUT`], 120 s; `None` for no limit). The official SDKs allow 60 s per request and do not
    /// retry by default; this client keeps their 60 s per attempt and bounds the retries that follow, so a stalling
    /// endpoint costs at most two minutes rather than three attempts of a minute each plus backoff. A retry whose
    /// backoff would end past the limit is not waited for: the call ends at once with the total timeout's error.
    /// One timer per attempt enforces both limits, the per-attempt one and what is left of this one.
    pub fn total_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.total_timeout = Some(timeout.into());
        self
    }

    /// An HTTP(S) proxy for all calls, e.g. `http://proxy.internal:3128`.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(url.into());
        self
    }

    /// Whether, without [`proxy`](Self::proxy), calls go through the proxy named by `HTTPS_PROXY` (for https
    /// endpoints), `HTTP_PROXY` (for http ones) or `ALL_PROXY`, lowercase names too, except to the hosts
    /// `NO_PROXY` lists and loopback addresses (on by default, as curl and Go do; read once, at `build()`).
    pub fn proxy_from_env(mut self, enabled: bool) -> Self {
        self.proxy_from_env = Some(enabled);
        self
    }

    /// Use this reqwest client (its own timeouts, proxy and TLS settings) instead of building one.
    ///
    /// Start it from [`http_client_builder`], which has the SDK's settings: in particular no redirects, since a
    /// client that follows them has already sent the request on by the time the SDK sees the answer. The SDK
    /// refuses any answer whose URL is not the one it requested, before reading its body.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Replaces the default retry policy; [`RetryConfig::disabled`] turns retries off.
    pub fn retry(mut self, config: RetryConfig) -> Self {
        self.retry = Some(config);
        self
    }

    /// Client-side pacing to each action's documented rate limit (on by default).
    pub fn rate_limiting(mut self, enabled: bool) -> Self {
        self.rate_limiting = Some(enabled);
        self
    }

    /// Also sign the `X-TC-Action` header (on by default, as the current documentation does).
    pub fn sign_action_header(mut self, enabled: bool) -> Self {
        self.sign_action = Some(enabled);
        self
    }

    /// The HTTP method of every call (default [`HttpMethod::Post`]); one call can differ with
    /// [`Client::execute_with`]. See [`HttpMethod`] for what `Get` sends and signs.
    pub fn http_method(mut self, method: HttpMethod) -> Self {
        self.method = Some(method);
        self
    }

    /// Allow an `http://` endpoint on a host that is not loopback. Without it such an endpoint is a `build()`
    /// error: every call would carry the SecretId, a signature and any session token in clear text over the
    /// network. `http://127.0.0.1:PORT`, `http://[::1]:PORT` and `http://localhost:PORT` (a local sandbox) need
    /// no opt-in.
    pub fn allow_insecure_http(mut self) -> Self {
        self.allow_insecure_http = true;
        self
    }

    /// The largest response body read (default [`DEFAULT_MAX_RESPONSE_BYTES`], 64 MiB). A larger one fails the
    /// call with [`Error::is_response_too_large`] and its connection is dropped unread; it is not retried.
    ///
    /// [`DEFAULT_MAX_RESPONSE_BYTES`]: crate::DEFAULT_MAX_RESPONSE_BYTES
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = Some(limit);
        self
    }

    /// Failing over from `<service>.tencentcloudapi.com` to `.tencentcloudapi.cn` and `.tencentcloudapi.com.cn`
    /// when a host cannot be reached, re-signing for each host (default [`EndpointFailover::standard`]: on, the
    /// answering host remembered for 5 minutes; [`EndpointFailover::disabled`] turns it off). It spends the
    /// call's retries and never applies to an [`endpoint`](Self::endpoint) set here; see [`crate::failover`].
    pub fn endpoint_failover(mut self, failover: EndpointFailover) -> Self {
        self.failover = Some(failover);
        self
    }

    /// Checks the whole configuration, reporting every problem at once, and makes the client.
    pub fn build(self) -> Result<C, Error>
    where
        C: From<Client>,
    {
        let mut problems = Vec::new();
        let region = match self.region {
            Some(region) if region.is_empty() || !region.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') => {
                problems.push(format!("the region `{region}` is not a region name like `ap-guangzhou`"));
                None
            }
            Some(region) => HeaderValue::from_str(&region).ok(),
            None => None,
        };
        let allow_insecure_http = self.allow_insecure_http;
        let endpoint = match self.endpoint.as_deref().map(|url| parse_endpoint(url, allow_insecure_http)).transpose() {
            Ok(endpoint) => endpoint,
            Err(problem) => {
                problems.push(problem);
                None
            }
        };
        let failover = self.failover.unwrap_or_default();
        let mut failover_candidates = None;
        if let Some(urls) = failover.candidate_urls() {
            let parsed: Result<Vec<_>, String> =
                urls.iter().map(|url| parse_endpoint(url, allow_insecure_http).map(Arc::new)).collect();
            match parsed {
                Ok(candidates) if candidates.is_empty() => {
                    problems.push("the failover candidate list is empty".to_owned())
                }
                Ok(candidates) => failover_candidates = Some(candidates),
                Err(problem) => problems.push(problem),
            }
        }
        let root_domain = self.root_domain.unwrap_or_else(|| ROOT_DOMAIN.to_owned());
        if root_domain.is_empty()
            || root_domain.starts_with('.')
            || !root_domain.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        {
            problems.push(format!("the root domain `{root_domain}` is not a domain like `{ROOT_DOMAIN}`"));
        }
        let max_response_bytes = self.max_response_bytes.unwrap_or(DEFAULT_MAX_RESPONSE_BYTES);
        if max_response_bytes == 0 {
            problems.push("max_response_bytes must be above zero".to_owned());
        }
        let retry = self.retry.unwrap_or_default();
        problems.extend(retry.problem().map(str::to_owned));
        for (name, value) in [
            ("connect", self.connect_timeout),
            ("attempt", self.attempt_timeout.flatten()),
            ("total", self.total_timeout.flatten()),
        ] {
            if value == Some(Duration::ZERO) {
                problems.push(format!("the {name} timeout must be above zero"));
            }
        }
        let http = match self.http_client {
            Some(client) => {
                if self.proxy.is_some() || self.connect_timeout.is_some() {
                    problems.push(
                        "a caller-supplied http_client ignores proxy and connect_timeout; set them on that client"
                            .to_owned(),
                    );
                }
                Some(client)
            }
            None => {
                let mut builder =
                    http_client_builder().connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT));
                if let Some(proxy) = &self.proxy {
                    match reqwest::Proxy::all(proxy.as_str()) {
                        Ok(proxy) => builder = builder.proxy(proxy),
                        Err(e) => problems.push(format!("the proxy {} is not a proxy URL: {e}", quoted_url(proxy))),
                    }
                } else if self.proxy_from_env.unwrap_or(true) {
                    for proxy in env_proxies(&mut problems) {
                        builder = builder.proxy(proxy);
                    }
                }
                match builder.build() {
                    Ok(client) => Some(client),
                    Err(e) => {
                        problems.push(format!("the HTTP client could not be built: {e}"));
                        None
                    }
                }
            }
        };
        let (Some(http), true) = (http, problems.is_empty()) else {
            return Err(Error::build(problems.join("; ")));
        };
        let credentials = self.credentials.unwrap_or_else(|| Arc::new(DefaultChain::new()));
        let fixed_credentials = credentials.fixed();
        let client = Client {
            inner: Arc::new(Inner {
                http,
                credentials,
                fixed_credentials,
                region,
                endpoint: endpoint.map(|endpoint| Arc::new(Route::single(Arc::new(endpoint)))),
                service_endpoints: RwLock::default(),
                root_domain,
                language: self.language,
                attempt_timeout: self.attempt_timeout.unwrap_or(Some(DEFAULT_ATTEMPT_TIMEOUT)),
                total_timeout: self.total_timeout.unwrap_or(Some(DEFAULT_TOTAL_TIMEOUT)),
                retry: Retry::new(retry),
                rate_limits: self.rate_limiting.unwrap_or(true).then(RateLimiters::default),
                sign_action: self.sign_action.unwrap_or(true),
                method: self.method.unwrap_or_default(),
                max_response_bytes,
                keys: KeyCache::new(),
                clock_offset: AtomicI64::new(0),
                failover,
                failover_candidates,
            }),
        };
        Ok(C::from(client))
    }
}

/// The first non-empty of `NAME` and `name` in the environment.
fn env_var(name: &str) -> Option<(String, String)> {
    [name.to_owned(), name.to_ascii_lowercase()]
        .into_iter()
        .find_map(|n| std::env::var(&n).ok().filter(|v| !v.trim().is_empty()).map(|v| (n, v.trim().to_owned())))
}

/// The proxies `HTTPS_PROXY`, `HTTP_PROXY` and `ALL_PROXY` name, each skipping the hosts in `NO_PROXY`. A value
/// that is not a proxy URL is a build problem naming the variable (never its value, which may hold a password).
fn env_proxies(problems: &mut Vec<String>) -> Vec<reqwest::Proxy> {
    // This machine is never reached through an environment proxy (Go's rule too): a local sandbox or metadata
    // stand-in keeps working on a machine whose shell exports a corporate proxy.
    let hosts = env_var("NO_PROXY").map_or(String::new(), |(_, hosts)| hosts + ",");
    let no_proxy = reqwest::NoProxy::from_string(&(hosts + "localhost,127.0.0.0/8,::1"));
    let mut proxies = Vec::new();
    for name in ["HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY"] {
        let Some((variable, url)) = env_var(name) else { continue };
        let proxy = match name {
            "HTTPS_PROXY" => reqwest::Proxy::https(url.as_str()),
            "HTTP_PROXY" => reqwest::Proxy::http(url.as_str()),
            _ => reqwest::Proxy::all(url.as_str()),
        };
        match proxy {
            Ok(proxy) => proxies.push(proxy.no_proxy(no_proxy.clone())),
            Err(_) => problems.push(format!(
                "the environment's {variable} is not a proxy URL (set proxy_from_env(false) to ignore it)"
            )),
        }
    }
    proxies
}

/// A URL for an error message, unless it may carry a password (`http://user:password@proxy:3128`).
fn quoted_url(url: &str) -> String {
    if url.contains('@') { "URL (not shown: it holds credentials)".to_owned() } else { format!("`{url}`") }
}

/// A URL for Debug with any user name and password replaced by `***`; unparsable text is not shown at all,
/// since it may still hold a password.
pub(crate) fn shown_url(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(mut parsed) => {
            if parsed.password().is_some() {
                let _ = parsed.set_password(Some("***"));
            }
            if !parsed.username().is_empty() {
                let _ = parsed.set_username("***");
            }
            parsed.to_string()
        }
        Err(_) => "<not a URL; not shown>".to_owned(),
    }
}

fn parse_endpoint(url: &str, allow_insecure_http: bool) -> Result<Endpoint, String> {
    let shown = quoted_url(url);
    let parsed = reqwest::Url::parse(url).map_err(|e| format!("the endpoint {shown} is not a URL: {e}"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!("the endpoint {shown} must start with http:// or https://"));
    }
    if parsed.scheme() == "http" && !allow_insecure_http && !is_loopback(&parsed) {
        return Err(format!(
            "the endpoint {shown} is plain http to a host that is not loopback, which would send the SecretId, \
             signature and session token in clear text; use https://, or opt in with allow_insecure_http()"
        ));
    }
    let host = parsed.host_str().ok_or_else(|| format!("the endpoint {shown} has no host"))?;
    let host = match parsed.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    };
    Ok(Endpoint { url: parsed, host })
}

/// Whether a URL's host is this machine: `localhost`, 127.0.0.0/8 or `::1`.
fn is_loopback(url: &reqwest::Url) -> bool {
    let Some(host) = url.host_str() else { return false };
    let ip = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost") || ip.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The reqwest client builder the SDK's clients start from, for [`ClientBuilder::http_client`]: no redirects
/// (reqwest's default policy would resend the body, every `X-TC-*` header and the session token to whatever host
/// a `Location` names; it strips only `Authorization`), no reqwest-level retries (the SDK retries by its own
/// rules, and reqwest's policy copies every request, headers and all, in case HTTP/2 asks for a resend; the SDK
/// speaks HTTP/1.1), `TCP_NODELAY`, idle connections kept 90 s, a [`DEFAULT_CONNECT_TIMEOUT`], and no proxy
/// detection of reqwest's own (the SDK's `proxy` and `proxy_from_env` decide).
pub fn http_client_builder() -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .retry(reqwest::retry::never().max_retries_per_request(0))
        .tcp_nodelay(true)
        .pool_idle_timeout(Duration::from_secs(90))
        .connect_timeout(DEFAULT_CONNECT_TIMEOUT)
        .no_proxy()
}
