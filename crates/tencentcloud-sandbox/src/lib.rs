// The crate docs are README.md, so its examples are doctested.
#![doc = include_str!("../README.md")]

mod catalog;
mod faults;
mod get_request;
mod multipart;
mod octet;
mod rate_limit;
mod reply;
mod server;
mod sse;
mod stats;
mod validate;

use std::collections::HashMap;
use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use serde_json::Value;
use tencentcloud_spec::{Service, SpecErrors};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use faults::{Fault, FaultKind, FaultParseError, Faults};
pub use reply::SandboxError;
pub use sse::{EventReceiver, StreamHandler};
pub use stats::{ADMITTED_KEPT, ActionStats, Outcome, Stats};

use catalog::Catalog;
use server::{Limits, Shared};

/// The credential a sandbox accepts when none is given. Not a secret: it only opens a local test server.
pub const DEFAULT_SECRET_ID: &str = "AKIDSandboxLocalTestOnly0000000000";
/// See [`DEFAULT_SECRET_ID`].
pub const DEFAULT_SECRET_KEY: &str = "SandboxLocalTestOnlyKey000000000";

/// Answers one action in place of its documented example. Gets the request body (already validated against
/// the spec) and returns the members of `Response` (with or without the `{"Response": ...}` wrapper; the
/// sandbox sets `RequestId`), or an API error.
pub type Handler = Arc<dyn Fn(Value) -> Result<Value, SandboxError> + Send + Sync>;

/// Why a sandbox could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StartError {
    /// A spec file under `root` is missing, unreadable or invalid.
    #[error("cannot load the specs under {root}:\n{errors}")]
    Specs {
        /// The folder given to [`SandboxBuilder::specs`].
        root: PathBuf,
        /// Every problem found, each with its file and JSON path.
        errors: SpecErrors,
    },
    /// The folder holds no `service.json` at any depth, so there is nothing to serve.
    #[error("no service folder (one holding service.json) under {0}: pass the repository's `specs` folder")]
    NoServices(PathBuf),
    /// The listening socket could not be opened (address in use, no permission).
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address given to [`SandboxBuilder::listen`].
        addr: SocketAddr,
        /// The operating system's reason.
        source: std::io::Error,
    },
}

/// Configures a [`Sandbox`]; see [`Sandbox::builder`].
pub struct SandboxBuilder {
    specs: PathBuf,
    services: Option<Vec<Service>>,
    credentials: HashMap<String, String>,
    faults: Vec<Fault>,
    seed: u64,
    rate_limit_scale: u32,
    handlers: HashMap<String, Handler>,
    listen: SocketAddr,
    limits: Limits,
}

impl fmt::Debug for SandboxBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Secret keys stay out of Debug; ids are enough to tell credentials apart.
        let mut ids: Vec<&String> = self.credentials.keys().collect();
        ids.sort();
        f.debug_struct("SandboxBuilder")
            .field("specs", &self.specs)
            .field("secret_ids", &ids)
            .field("faults", &self.faults)
            .field("seed", &self.seed)
            .field("rate_limit_scale", &self.rate_limit_scale)
            .field("listen", &self.listen)
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl SandboxBuilder {
    /// The folder holding `<service>/<version>/` spec folders. Defaults to `specs` in the current directory.
    pub fn specs(mut self, root: impl AsRef<Path>) -> Self {
        self.specs = root.as_ref().to_path_buf();
        self
    }

    /// Serves specs already loaded, instead of reading [`specs`](Self::specs).
    pub fn services(mut self, services: Vec<Service>) -> Self {
        self.services = Some(services);
        self
    }

    /// Accepts this SecretId/SecretKey pair; call again for more. Without any, the sandbox accepts
    /// [`DEFAULT_SECRET_ID`]/[`DEFAULT_SECRET_KEY`].
    pub fn credential(mut self, secret_id: impl Into<String>, secret_key: impl Into<String>) -> Self {
        self.credentials.insert(secret_id.into(), secret_key.into());
        self
    }

    /// Injects a fault from the start (more can be set later through [`Sandbox::faults`]).
    pub fn fault(mut self, fault: Fault) -> Self {
        self.faults.push(fault);
        self
    }

    /// Injects several faults from the start, after any already added.
    pub fn faults(mut self, faults: impl IntoIterator<Item = Fault>) -> Self {
        self.faults.extend(faults);
        self
    }

    /// Seeds the fault generator (default 0), so a run that sends requests in the same order sees the same faults.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Multiplies every documented rate limit, so a test can push thousands of calls through in seconds
    /// with a client whose limiter is scaled the same way. 1 (the default) enforces the pages' numbers.
    pub fn rate_limit_scale(mut self, scale: u32) -> Self {
        self.rate_limit_scale = scale.max(1);
        self
    }

    /// Turns rate limiting off.
    pub fn without_rate_limits(mut self) -> Self {
        self.rate_limit_scale = 0;
        self
    }

    /// Answers `action` with `handler` instead of the documented example; see [`Handler`].
    pub fn on<F>(mut self, action: impl Into<String>, handler: F) -> Self
    where
        F: Fn(Value) -> Result<Value, SandboxError> + Send + Sync + 'static,
    {
        self.handlers.insert(action.into(), Arc::new(handler));
        self
    }

    /// The address to listen on. Defaults to 127.0.0.1 with a port the OS picks.
    /// The most connections served at once (default 512); more wait in the listen backlog until one closes.
    pub fn max_connections(mut self, max: usize) -> Self {
        self.limits.max_connections = max.max(1);
        self
    }

    /// Time a client has to send a request's head (default 30 s); a slower connection is closed.
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.limits.header_read_timeout = timeout;
        self
    }

    /// A connection with no request in flight and no bytes moving for this long is closed (default 120 s, longer
    /// than the SDK's 90 s pool idle timeout so a pooled connection is never closed under a client).
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.limits.idle_timeout = timeout;
        self
    }

    /// Time a client has to send a request's body once its head is in (default 30 s); then the connection closes.
    pub fn body_timeout(mut self, timeout: Duration) -> Self {
        self.limits.body_timeout = timeout;
        self
    }

    /// The address to bind (default `127.0.0.1:0`, a free loopback port; read it back with [`Sandbox::addr`]).
    pub fn listen(mut self, addr: SocketAddr) -> Self {
        self.listen = addr;
        self
    }

    /// Loads the specs, binds and starts serving on the current tokio runtime.
    pub async fn start(self) -> Result<Sandbox, StartError> {
        let services = match self.services {
            Some(services) => services,
            None => {
                Catalog::load(&self.specs).map_err(|errors| StartError::Specs { root: self.specs.clone(), errors })?
            }
        };
        if services.is_empty() {
            return Err(StartError::NoServices(self.specs));
        }
        let mut credentials = self.credentials;
        if credentials.is_empty() {
            credentials.insert(DEFAULT_SECRET_ID.to_owned(), DEFAULT_SECRET_KEY.to_owned());
        }
        let listener =
            TcpListener::bind(self.listen).await.map_err(|source| StartError::Bind { addr: self.listen, source })?;
        let addr = listener.local_addr().map_err(|source| StartError::Bind { addr: self.listen, source })?;
        let shared = Arc::new(Shared {
            limits: self.limits,
            catalog: Catalog::new(services),
            credentials,
            handlers: RwLock::new(self.handlers),
            stream_handlers: RwLock::default(),
            faults: Faults::new(self.faults, self.seed),
            limiter: Default::default(),
            rate_limit_scale: self.rate_limit_scale,
            stats: Default::default(),
            request_ids: reply::RequestIds::new(),
        });
        let (shutdown, stop) = watch::channel(false);
        let task = tokio::spawn(server::serve(listener, server::router(shared.clone()), self.limits, stop));
        tracing::debug!(%addr, "sandbox listening");
        Ok(Sandbox { addr, shared, shutdown, task: Some(task) })
    }
}

/// A running sandbox. Stops when dropped or on [`shutdown`](Self::shutdown).
pub struct Sandbox {
    addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

impl fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sandbox").field("url", &self.url()).field("faults", &self.shared.faults).finish_non_exhaustive()
    }
}

impl Sandbox {
    /// A builder serving `specs/` under the working directory with the default credential, no faults and seed 0.
    pub fn builder() -> SandboxBuilder {
        SandboxBuilder {
            specs: PathBuf::from("specs"),
            services: None,
            credentials: HashMap::new(),
            faults: Vec::new(),
            seed: 0,
            rate_limit_scale: 1,
            handlers: HashMap::new(),
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            limits: Limits::default(),
        }
    }

    /// The address the sandbox listens on, with the port the OS chose.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`: the endpoint to give a client.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `127.0.0.1:PORT`, for SDKs that take a host and a scheme separately.
    pub fn endpoint(&self) -> String {
        self.addr.to_string()
    }

    /// The services being served.
    pub fn services(&self) -> &[Service] {
        &self.shared.catalog.services
    }

    /// Answers `action` with `handler` from now on; see [`Handler`].
    pub fn on<F>(&self, action: impl Into<String>, handler: F)
    where
        F: Fn(Value) -> Result<Value, SandboxError> + Send + Sync + 'static,
    {
        self.shared.handlers.write().unwrap_or_else(|p| p.into_inner()).insert(action.into(), Arc::new(handler));
    }

    /// Goes back to answering `action` with its documented example.
    pub fn off(&self, action: &str) {
        self.shared.handlers.write().unwrap_or_else(|p| p.into_inner()).remove(action);
    }

    /// The live fault table: `sandbox.faults().set([Fault::drop_connection(0.05)])`.
    pub fn faults(&self) -> &Faults {
        &self.shared.faults
    }

    /// A copy of the counters so far.
    pub fn stats(&self) -> Stats {
        self.shared.stats.snapshot()
    }

    /// Forgets every call counted so far, so a test can measure one phase.
    pub fn reset_stats(&self) {
        self.shared.stats.reset();
    }

    /// Stops accepting, lets in-flight requests finish and waits for the server to end.
    pub async fn shutdown(mut self) {
        let _ = self.shutdown.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        // The server task sees this and winds down on its own; drop cannot wait for it.
        let _ = self.shutdown.send(true);
    }
}
