//! Endpoint failover: when the default host `<service>.tencentcloudapi.com` cannot be reached (connection
//! refused, name resolution failed, connect timeout), the retry goes to `<service>.tencentcloudapi.cn`, then to
//! `<service>.tencentcloudapi.com.cn`, each attempt signed for the host it is sent to. The host that answered
//! is remembered for a while, so later calls go straight to it.
//!
//! The rules, and why:
//! - **Only connect failures switch hosts.** A response of any kind (a 5xx, a service error, a body that does
//!   not decode) or a timeout after the connection was made means the host is there and the request may have
//!   reached the service; asking another host would not help and could repeat work. A failed TLS handshake is
//!   not retried at all (see [`crate::retry`]), so it does not fail over either.
//! - **Failover spends the call's retries; it has no attempt count of its own.** A connect failure is already
//!   always retried; failing over only changes where that retry goes. So a call still makes at most
//!   [`RetryConfig::max_attempts`](crate::RetryConfig::max_attempts) attempts (3 by default: one per host), draws
//!   on the same retry budget and stays within the total timeout: an unreachable network costs what it cost
//!   before, not three hosts times three attempts of a 10 s connect timeout. `RetryConfig::disabled()` means a
//!   single attempt, so no failover. With more attempts than hosts the hosts are tried in turn again.
//! - **Only for the SDK's own default hosts.** An endpoint the caller set ([`ClientBuilder::endpoint`]), a root
//!   domain other than `tencentcloudapi.com` (no mirrors of the international site are known) and a region-pinned host
//!   (`cvm.ap-guangzhou.tencentcloudapi.com`) are used as given: the caller chose them, or the mirror of a
//!   region-pinned host is not known to exist.
//! - **The host that answered sticks for [`DEFAULT_STICKY_FOR`] (5 minutes), per client and service.** Calls in
//!   that window start at it instead of paying a failed connect to the primary first; after it, the next call
//!   tries the primary again, so the client returns to `tencentcloudapi.com` once it is back. A call that
//!   answers on the host it started from changes nothing, so the window is not extended by traffic.
//!
//! ```
//! use std::time::Duration;
//! use tencentcloud_core::{Client, EndpointFailover};
//!
//! // The default: on, 5 minutes sticky.
//! let client = Client::builder().build()?;
//! // Remember the answering host for one minute instead; or switch failover off.
//! let one_minute = EndpointFailover::standard().with_sticky_for(Duration::from_secs(60));
//! let client = Client::builder().endpoint_failover(one_minute).build()?;
//! let client = Client::builder().endpoint_failover(EndpointFailover::disabled()).build()?;
//! # Ok::<(), tencentcloud_core::Error>(())
//! ```
//!
//! [`ClientBuilder::endpoint`]: crate::ClientBuilder::endpoint

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::time::Instant;

use crate::client::{Endpoint, shown_url};

/// The root domains a default host fails over between, in the order they are tried.
pub const FAILOVER_ROOT_DOMAINS: [&str; 3] = ["tencentcloudapi.com", "tencentcloudapi.cn", "tencentcloudapi.com.cn"];

/// How long the host that answered after a failover is remembered (see the [module](self) documentation).
pub const DEFAULT_STICKY_FOR: Duration = Duration::from_secs(5 * 60);

/// Whether and how a client fails over between hosts; see the [module](self) documentation. Set with
/// [`ClientBuilder::endpoint_failover`](crate::ClientBuilder::endpoint_failover).
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct EndpointFailover {
    enabled: bool,
    sticky_for: Duration,
    candidate_urls: Option<Vec<String>>,
}

impl Default for EndpointFailover {
    fn default() -> Self {
        EndpointFailover { enabled: true, sticky_for: DEFAULT_STICKY_FOR, candidate_urls: None }
    }
}

impl fmt::Debug for EndpointFailover {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A stand-in URL may carry `user:password@`, which Debug never shows.
        let urls = self.candidate_urls.as_ref().map(|urls| urls.iter().map(|u| shown_url(u)).collect::<Vec<_>>());
        f.debug_struct("EndpointFailover")
            .field("enabled", &self.enabled)
            .field("sticky_for", &self.sticky_for)
            .field("candidate_urls", &urls)
            .finish()
    }
}

impl EndpointFailover {
    /// The default: on for the SDK's own hosts, the answering host remembered for [`DEFAULT_STICKY_FOR`].
    pub fn standard() -> Self {
        Self::default()
    }

    /// No failover: every call goes to the one host.
    pub fn disabled() -> Self {
        EndpointFailover { enabled: false, ..Self::default() }
    }

    /// How long the host that answered after a failover is used before the primary is tried again;
    /// `Duration::ZERO` remembers nothing, so every call starts at the primary.
    pub fn with_sticky_for(mut self, duration: Duration) -> Self {
        self.sticky_for = duration;
        self
    }

    /// Whether failover is on.
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// How long an answering host is remembered; see [`EndpointFailover::with_sticky_for`].
    pub fn sticky_for(&self) -> Duration {
        self.sticky_for
    }

    /// Tests only: these base URLs stand in for the default hosts (`https://<service>.<root>/` for each of
    /// [`FAILOVER_ROOT_DOMAINS`]), first the primary, so failover can be exercised on loopback without DNS. They
    /// obey the endpoint rules (plain http only to loopback). Not a stable API.
    #[doc(hidden)]
    pub fn with_candidate_urls<I: IntoIterator<Item = S>, S: Into<String>>(mut self, urls: I) -> Self {
        self.candidate_urls = Some(urls.into_iter().map(Into::into).collect());
        self
    }

    pub(crate) fn candidate_urls(&self) -> Option<&[String]> {
        self.candidate_urls.as_deref()
    }
}

/// The hosts a call may be sent to: the primary first, then the failover hosts (none when failover is off or
/// does not apply), and which one answered last.
#[derive(Debug)]
pub(crate) struct Route {
    candidates: Box<[Arc<Endpoint>]>,
    sticky_for: Duration,
    /// When the route was made: `sticky` counts its time from here.
    created: Instant,
    /// The host that answered after a failover and since when, packed as `(milliseconds since created) << 8 |
    /// index`; 0 means the primary. An atomic rather than a lock: every call reads it, and a lock taken by every
    /// call stalls the others when the thread holding it is preempted.
    sticky: AtomicU64,
}

/// Bits of `Route::sticky` that hold the host's index (a route has at most a handful of hosts).
const INDEX_BITS: u32 = 8;

impl Route {
    /// A route to one host, never failing over.
    pub(crate) fn single(endpoint: Arc<Endpoint>) -> Self {
        Self::failover(vec![endpoint], Duration::ZERO)
    }

    /// A route over `candidates` (the primary first) remembering an answering host for `sticky_for`.
    pub(crate) fn failover(candidates: Vec<Arc<Endpoint>>, sticky_for: Duration) -> Self {
        Route { candidates: candidates.into(), sticky_for, created: Instant::now(), sticky: AtomicU64::new(0) }
    }

    /// Whether a connect failure moves the next attempt to another host.
    pub(crate) fn fails_over(&self) -> bool {
        self.candidates.len() > 1
    }

    /// The host a call starts at: the remembered one while its window lasts, else the primary.
    pub(crate) fn start(&self) -> usize {
        if !self.fails_over() {
            return 0;
        }
        let sticky = self.sticky.load(Ordering::Relaxed);
        if sticky == 0 {
            return 0;
        }
        let index = (sticky & ((1 << INDEX_BITS) - 1)) as usize;
        let since = self.created + Duration::from_millis(sticky >> INDEX_BITS);
        if since.elapsed() < self.sticky_for {
            return index;
        }
        // The window is over: forget the host, unless another call has just remembered a newer one.
        let _ = self.sticky.compare_exchange(sticky, 0, Ordering::Relaxed, Ordering::Relaxed);
        0
    }

    /// The host at `index` (taken modulo the number of hosts, so any attempt count cycles through them).
    pub(crate) fn endpoint(&self, index: usize) -> &Arc<Endpoint> {
        // `candidates` is never empty: both constructors give it at least one host.
        &self.candidates[index % self.candidates.len()]
    }

    /// The host after `index`.
    pub(crate) fn next(&self, index: usize) -> usize {
        (index + 1) % self.candidates.len()
    }

    /// Records that the host at `index` answered a call that started at `started`: a call that moved remembers
    /// where it ended up (the primary clears the memory); one that did not move leaves the window as it is.
    pub(crate) fn answered(&self, started: usize, index: usize) {
        if index == started || !self.fails_over() {
            return;
        }
        let remembered = if index != 0 && !self.sticky_for.is_zero() && index < (1 << INDEX_BITS) {
            let millis = u64::try_from(self.created.elapsed().as_millis()).unwrap_or(u64::MAX);
            (millis.min(u64::MAX >> INDEX_BITS) << INDEX_BITS) | index as u64
        } else {
            0
        };
        self.sticky.store(remembered, Ordering::Relaxed);
    }
}
