//! Which failures are retried, how long to wait between attempts, and the budget that stops retry storms.

use std::future::Future;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::Duration;

use crate::Error;
use crate::deadline::CallDeadline;

/// How a client retries. Retries are on by default ([`RetryConfig::standard`]): 3 attempts, full-jitter
/// exponential backoff from 100 ms capped at 20 s, and a budget allowing retries for about 20% of calls on top of
/// a reserve of 10. Settings change with the `with_*` methods, so new ones can be added without breaking callers:
///
/// ```
/// use std::time::Duration;
/// use tencentcloud_core::RetryConfig;
///
/// let retry = RetryConfig::standard().with_max_attempts(5).with_max_delay(Duration::from_secs(5));
/// assert_eq!(retry.max_attempts(), 5);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RetryConfig {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
    budget_ratio: f64,
    budget_reserve: u32,
    budget_max: u32,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            max_attempts: 3,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(20),
            budget_ratio: 0.2,
            budget_reserve: 10,
            budget_max: 100,
        }
    }
}

impl RetryConfig {
    /// The default policy (see the type's documentation).
    pub fn standard() -> Self {
        Self::default()
    }

    /// No retries at all.
    pub fn disabled() -> Self {
        Self::default().with_max_attempts(1)
    }

    /// Attempts per call including the first; 1 turns retries off.
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts;
        self
    }

    /// The backoff before retry `n` (from 0) is uniform in `[0, min(max_delay, base_delay * 2^n)]`.
    pub fn with_base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// The longest backoff, and the most a 429's `Retry-After` is honoured for.
    pub fn with_max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// Retries earned per call (0.2 = one retry for every five calls).
    pub fn with_budget_ratio(mut self, ratio: f64) -> Self {
        self.budget_ratio = ratio;
        self
    }

    /// Retries available even when no calls have earned any, and the starting balance.
    pub fn with_budget_reserve(mut self, reserve: u32) -> Self {
        self.budget_reserve = reserve;
        self
    }

    /// The most retries the budget can hold.
    pub fn with_budget_max(mut self, max: u32) -> Self {
        self.budget_max = max;
        self
    }

    /// Attempts per call including the first; see [`RetryConfig::with_max_attempts`].
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The backoff's base; see [`RetryConfig::with_base_delay`].
    pub fn base_delay(&self) -> Duration {
        self.base_delay
    }

    /// The longest backoff; see [`RetryConfig::with_max_delay`].
    pub fn max_delay(&self) -> Duration {
        self.max_delay
    }

    /// Retries earned per call; see [`RetryConfig::with_budget_ratio`].
    pub fn budget_ratio(&self) -> f64 {
        self.budget_ratio
    }

    /// Retries available before any are earned; see [`RetryConfig::with_budget_reserve`].
    pub fn budget_reserve(&self) -> u32 {
        self.budget_reserve
    }

    /// The most retries the budget holds; see [`RetryConfig::with_budget_max`].
    pub fn budget_max(&self) -> u32 {
        self.budget_max
    }

    /// The first problem with the settings, as one of the builder's problems.
    pub(crate) fn problem(&self) -> Option<&'static str> {
        if self.max_attempts == 0 {
            Some("RetryConfig.max_attempts must be at least 1")
        } else if !(self.budget_ratio.is_finite() && self.budget_ratio >= 0.0) {
            Some("RetryConfig.budget_ratio must be a finite number >= 0")
        } else if self.max_delay < self.base_delay {
            Some("RetryConfig.max_delay must not be below base_delay")
        } else {
            None
        }
    }
}

/// A client's retry policy with its shared budget and jitter source: wraps an attempt function the way a
/// tower retry layer wraps a service.
#[derive(Debug)]
pub(crate) struct Retry {
    pub(crate) config: RetryConfig,
    budget: RetryBudget,
    backoff: Backoff,
}

impl Retry {
    pub(crate) fn new(config: RetryConfig) -> Self {
        Retry { budget: RetryBudget::new(&config), backoff: Backoff::from_entropy(), config }
    }

    #[cfg(test)]
    fn seeded(config: RetryConfig, seed: u64) -> Self {
        Retry { budget: RetryBudget::new(&config), backoff: Backoff::new(seed), config }
    }

    /// Runs `attempt(1)`, `attempt(2)`, ... until one succeeds, the error is not retryable, the attempts are
    /// used up or the budget is empty, sleeping a full-jitter backoff in between. With a `deadline`, no retry
    /// starts after it, and a backoff that would end past it ends the call at once with the total timeout's
    /// error rather than sleeping into it.
    pub(crate) async fn run<T, F, Fut>(
        &self,
        retry_safe: bool,
        deadline: Option<CallDeadline>,
        mut attempt: F,
    ) -> Result<T, Error>
    where
        F: FnMut(u32) -> Fut,
        Fut: Future<Output = Result<T, Error>>,
    {
        self.budget.deposit();
        let mut number = 0u32;
        loop {
            number += 1;
            let error = match attempt(number).await {
                Ok(output) => return Ok(output),
                Err(error) => error,
            };
            let now = tokio::time::Instant::now();
            if number >= self.config.max_attempts
                || !should_retry(&error, retry_safe)
                || deadline.is_some_and(|d| now >= d.at())
            {
                return Err(error);
            }
            if !self.budget.try_withdraw() {
                tracing::debug!(error = %error, "retry budget exhausted, not retrying");
                return Err(error);
            }
            // A server that says how long to wait is believed, up to the longest backoff this client allows.
            let delay = match error.retry_after() {
                Some(wait) => wait.min(self.config.max_delay),
                None => self.backoff.delay(&self.config, number - 1),
            };
            if let Some(deadline) = deadline
                && now.checked_add(delay).is_none_or(|end| end >= deadline.at())
            {
                tracing::debug!(error = %error, delay_ms = delay.as_millis() as u64, "no time left to retry");
                return Err(deadline.exceeded());
            }
            tracing::debug!(error = %error, delay_ms = delay.as_millis() as u64, "retrying");
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
        }
    }
}

/// Whether `error` is worth another attempt. Rate-limit refusals and connect failures never reached the
/// service's logic, so they are always retried; a timeout or `InternalError` may have done the work, so only
/// when the call is safe to repeat.
pub(crate) fn should_retry(error: &Error, retry_safe: bool) -> bool {
    // A stale timestamp is refused before any work; the client has adopted the server's clock for the retry.
    // A failed TLS handshake (a bad certificate, a plain-HTTP port) will fail the same way again.
    // A redirect or an oversized answer is refused, and asking again gets the same answer.
    if error.is_tls() || error.is_redirect() || error.is_response_too_large() {
        return false;
    }
    if error.is_rate_limited() || error.is_connect() || error.code() == Some(crate::client::SIGNATURE_EXPIRE) {
        return true;
    }
    if !retry_safe {
        return false;
    }
    // Timeouts are transport errors too.
    error.is_internal_error() || error.is_transport() || (error.is_decode() && error.status().is_some_and(|s| s >= 500))
}

/// Scale of the budget's fixed-point balance: one retry costs this many units.
const UNIT: i64 = 1000;

/// A token bucket of retries relative to calls (as in Finagle and the AWS SDKs): every call deposits
/// `budget_ratio` of a retry, every retry withdraws one, so a failing endpoint sees at most about
/// `1 + budget_ratio` times the normal traffic once the reserve is spent.
#[derive(Debug)]
pub(crate) struct RetryBudget {
    balance: AtomicI64,
    deposit: i64,
    max: i64,
}

impl RetryBudget {
    pub(crate) fn new(config: &RetryConfig) -> Self {
        let max = i64::from(config.budget_max.max(config.budget_reserve)) * UNIT;
        RetryBudget {
            balance: AtomicI64::new(i64::from(config.budget_reserve) * UNIT),
            deposit: (config.budget_ratio * UNIT as f64).round() as i64,
            max,
        }
    }

    /// Records a call.
    pub(crate) fn deposit(&self) {
        // A full budget (the healthy case) is only read: every call writing the same cache line makes the cores
        // running calls take turns owning it.
        if self.balance.load(Ordering::Relaxed) >= self.max {
            return;
        }
        let _ =
            self.balance.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |b| Some((b + self.deposit).min(self.max)));
    }

    /// Takes one retry if the budget holds one.
    pub(crate) fn try_withdraw(&self) -> bool {
        self.balance.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |b| (b >= UNIT).then_some(b - UNIT)).is_ok()
    }

    #[cfg(test)]
    fn retries_left(&self) -> i64 {
        self.balance.load(Ordering::Relaxed) / UNIT
    }
}

/// Full-jitter exponential backoff with a small xorshift generator: no `rand` dependency is needed for jitter.
#[derive(Debug)]
pub(crate) struct Backoff {
    state: AtomicU64,
}

impl Backoff {
    pub(crate) fn new(seed: u64) -> Self {
        // xorshift must not start at zero.
        Backoff { state: AtomicU64::new(seed | 1) }
    }

    /// Seeded from the clock and the address of a stack value, so clients started together do not retry in step.
    pub(crate) fn from_entropy() -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        let local = 0u8;
        let address = &local as *const u8 as u64;
        Backoff::new(nanos ^ address.rotate_left(32) ^ 0x9e37_79b9_7f4a_7c15)
    }

    fn next_u64(&self) -> u64 {
        let step = |mut x: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let previous = self.state.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |x| Some(step(x))).unwrap_or(1);
        step(previous)
    }

    /// The wait before retry number `retry` (0 for the first retry).
    pub(crate) fn delay(&self, config: &RetryConfig, retry: u32) -> Duration {
        let ceiling =
            config.base_delay.saturating_mul(1u32.checked_shl(retry.min(31)).unwrap_or(u32::MAX)).min(config.max_delay);
        let ceiling_nanos = ceiling.as_nanos().min(u128::from(u64::MAX)) as u64;
        if ceiling_nanos == 0 {
            return Duration::ZERO;
        }
        Duration::from_nanos(self.next_u64() % (ceiling_nanos + 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::TransportKind;

    #[test]
    fn what_is_retried() {
        let limited = Error::service("RequestLimitExceeded.GlobalRegionUinLimitExceeded", "", None, 200);
        let internal = Error::service("InternalError", "", None, 200);
        let invalid = Error::service("InvalidParameter", "", None, 200);
        let timeout = Error::transport(TransportKind::Timeout, "t");
        let connect = Error::transport(TransportKind::Connect, "c");
        let connect_timeout = Error::transport(TransportKind::ConnectTimeout, "ct");
        let html = Error::decode(502, "not json", b"<html>");
        let too_many = Error::decode(429, "not json", b"<html>Too Many Requests");
        for safe in [true, false] {
            assert!(should_retry(&limited, safe));
            assert!(should_retry(&connect, safe));
            assert!(should_retry(&connect_timeout, safe), "a connection never made sent nothing");
            assert!(should_retry(&too_many, safe), "a 429 was refused before any work");
            assert!(should_retry(&Error::service("AuthFailure.SignatureExpire", "", None, 200), safe));
            assert!(!should_retry(&invalid, safe));
            assert_eq!(should_retry(&internal, safe), safe);
            assert_eq!(should_retry(&timeout, safe), safe);
            assert_eq!(should_retry(&html, safe), safe);
        }
        assert!(!should_retry(&Error::build("x"), true));
        assert!(!should_retry(&Error::transport(TransportKind::Tls, "bad certificate"), true));
        assert!(!should_retry(&Error::decode(200, "bad", b"{"), true));
    }

    fn limited() -> Error {
        Error::service("RequestLimitExceeded", "slow down", None, 200)
    }

    /// Runs a call whose attempts fail with `errors` in turn (then succeed), recording when each attempt started.
    async fn run_call(retry: &Retry, retry_safe: bool, errors: Vec<Error>) -> (Result<u32, Error>, Vec<Duration>) {
        let start = tokio::time::Instant::now();
        let errors = std::sync::Mutex::new(errors.into_iter());
        let starts = std::sync::Mutex::new(Vec::new());
        let outcome = retry
            .run(retry_safe, None, |n| {
                starts.lock().unwrap().push(start.elapsed());
                let next = errors.lock().unwrap().next();
                async move { next.map_or(Ok(n), Err) }
            })
            .await;
        (outcome, starts.into_inner().unwrap())
    }

    #[tokio::test(start_paused = true)]
    async fn no_backoff_runs_past_the_calls_deadline() {
        let retry = Retry::seeded(RetryConfig::standard().with_max_attempts(5), 7);
        let start = tokio::time::Instant::now();
        let deadline = CallDeadline::after(start, Some(Duration::from_secs(2)));
        let attempts = std::sync::atomic::AtomicU32::new(0);
        // The server asks for 10 s and the call has 2: it ends now, with the total timeout's error.
        let outcome: Result<(), Error> = retry
            .run(true, deadline, |_| {
                attempts.fetch_add(1, Ordering::Relaxed);
                async { Err(limited().with_retry_after(Some(Duration::from_secs(10)))) }
            })
            .await;
        let error = outcome.unwrap_err();
        assert!(error.is_timeout() && error.to_string().contains("total timeout of 2s"), "{error}");
        assert_eq!(attempts.load(Ordering::Relaxed), 1);
        assert_eq!(start.elapsed(), Duration::ZERO, "it did not sleep into the deadline");
        // An attempt that fails after the deadline is not retried, whatever the error.
        let late: Result<(), Error> = retry
            .run(true, deadline, |_| async {
                tokio::time::sleep(Duration::from_secs(3)).await;
                Err(limited())
            })
            .await;
        assert!(late.unwrap_err().is_rate_limited(), "the attempt's own error, not retried");
        assert_eq!(start.elapsed(), Duration::from_secs(3));
    }

    #[tokio::test(start_paused = true)]
    async fn retries_with_growing_jittered_backoff() {
        let config = RetryConfig::standard().with_max_attempts(5);
        let retry = Retry::seeded(config, 7);
        let (outcome, starts) = run_call(&retry, false, vec![limited(), limited(), limited()]).await;
        assert_eq!(outcome.unwrap(), 4, "the fourth attempt succeeded");
        assert_eq!(starts.len(), 4);
        assert_eq!(starts[0], Duration::ZERO);
        for (i, pair) in starts.windows(2).enumerate() {
            let waited = pair[1] - pair[0];
            assert!(waited <= Duration::from_millis(100 << i), "retry {i} waited {waited:?}");
        }
        let total = starts[3];
        assert!(total > Duration::ZERO, "backoff slept on the paused clock");
    }

    #[tokio::test(start_paused = true)]
    async fn gives_up_after_max_attempts_and_on_unsafe_errors() {
        let retry = Retry::seeded(RetryConfig::default(), 1);
        let (outcome, starts) = run_call(&retry, true, vec![limited(), limited(), limited(), limited()]).await;
        assert_eq!(outcome.unwrap_err().code(), Some("RequestLimitExceeded"));
        assert_eq!(starts.len(), 3);

        let internal = || Error::service("InternalError", "", None, 200);
        let (outcome, starts) = run_call(&retry, false, vec![internal()]).await;
        assert!(outcome.unwrap_err().is_internal_error());
        assert_eq!(starts.len(), 1, "a write that may have happened is not repeated");
        let (outcome, starts) = run_call(&retry, true, vec![internal()]).await;
        assert_eq!(outcome.unwrap(), 2);
        assert_eq!(starts.len(), 2, "a read-only call is repeated");

        let disabled = Retry::seeded(RetryConfig::disabled(), 1);
        let (outcome, starts) = run_call(&disabled, true, vec![limited()]).await;
        assert!(outcome.is_err());
        assert_eq!(starts.len(), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn the_budget_stops_a_retry_storm() {
        let config = RetryConfig::standard().with_budget_ratio(0.1).with_budget_reserve(3);
        let retry = Retry::seeded(config, 3);
        let mut attempts = 0;
        for _ in 0..20 {
            let (outcome, starts) = run_call(&retry, true, vec![limited(), limited(), limited()]).await;
            assert!(outcome.is_err());
            attempts += starts.len();
        }
        // 20 calls, a reserve of 3 retries plus 0.1 per call earned: at most 20 + 3 + 2 attempts, not 60.
        assert!(attempts <= 25, "{attempts} attempts");
        assert!(attempts >= 23, "{attempts} attempts");
    }

    #[test]
    fn budget_limits_retries_to_the_ratio() {
        let config = RetryConfig::standard().with_budget_ratio(0.1).with_budget_reserve(2).with_budget_max(5);
        let budget = RetryBudget::new(&config);
        assert!(budget.try_withdraw());
        assert!(budget.try_withdraw());
        assert!(!budget.try_withdraw(), "the reserve is spent");
        for _ in 0..10 {
            budget.deposit();
        }
        assert!(budget.try_withdraw(), "ten calls earned one retry");
        assert!(!budget.try_withdraw());
        for _ in 0..1000 {
            budget.deposit();
        }
        assert_eq!(budget.retries_left(), 5, "the balance is capped");
    }

    #[test]
    fn backoff_is_full_jitter_within_the_cap() {
        let config = RetryConfig::default();
        let backoff = Backoff::new(42);
        let mut seen_low = false;
        for retry in 0..40 {
            let ceiling = (config.base_delay * 2u32.saturating_pow(retry.min(20))).min(config.max_delay);
            for _ in 0..50 {
                let d = backoff.delay(&config, retry);
                assert!(d <= ceiling, "{d:?} > {ceiling:?} at retry {retry}");
                seen_low |= d < ceiling / 2;
            }
        }
        assert!(seen_low, "jitter spreads delays over the whole range");
        let a: Vec<_> = (0..5).map(|_| Backoff::new(1).delay(&config, 3)).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]), "same seed, same sequence");
        let b = Backoff::new(1);
        let seq: Vec<_> = (0..5).map(|_| b.delay(&config, 3)).collect();
        assert!(seq.windows(2).any(|w| w[0] != w[1]), "the generator advances");
    }
}
