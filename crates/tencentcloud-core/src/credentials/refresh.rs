//! Caching of temporary credentials: refreshed five minutes before expiry, one refresh at a time.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::Credentials;
use crate::Error;

/// Temporary credentials are replaced this long before they expire, so a call never carries an expiring token.
pub const REFRESH_BEFORE_EXPIRY: Duration = Duration::from_secs(300);

/// Holds the current temporary credentials. Callers that find them stale queue on one async lock; the first
/// refreshes and the rest reuse its outcome, success or failure, so however many calls wait there is a single fetch.
#[derive(Debug, Default)]
pub(crate) struct RefreshCache {
    current: Mutex<Option<Arc<Credentials>>>,
    /// Held while a refresh runs; keeps the failure of the last refresh for the callers that queued behind it.
    refresh: tokio::sync::Mutex<Option<FailedRefresh>>,
    /// How many refreshes have finished, so a caller can tell whether one ended while it was queued.
    finished: AtomicU64,
}

#[derive(Debug)]
struct FailedRefresh {
    /// The value of `finished` this refresh left behind.
    number: u64,
    error: Error,
}

/// When temporary credentials expire, from the Unix `ExpiredTime` or, failing that, the RFC 3339 `Expiration`
/// that the metadata service and STS both return. `None` when neither is usable.
pub(super) fn expiry(expired_time: Option<i64>, expiration: Option<&str>) -> Option<SystemTime> {
    let seconds = match (expired_time, expiration) {
        (Some(seconds), _) => seconds,
        (None, Some(text)) => crate::civil_time::unix_from_rfc3339(text)?,
        (None, None) => return None,
    };
    UNIX_EPOCH.checked_add(Duration::from_secs(u64::try_from(seconds).ok()?))
}

fn fresh(credentials: &Credentials, now: SystemTime) -> bool {
    match credentials.expires_at() {
        Some(expiry) => expiry.duration_since(now).is_ok_and(|left| left > REFRESH_BEFORE_EXPIRY),
        None => true,
    }
}

/// Credentials inside the refresh margin that still work, to fall back on when a refresh fails.
fn still_valid(credentials: Option<Arc<Credentials>>) -> Option<Arc<Credentials>> {
    credentials.filter(|c| c.expires_at().is_some_and(|t| t > SystemTime::now()))
}

impl RefreshCache {
    fn cached(&self) -> Option<Arc<Credentials>> {
        self.current.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
    }

    /// The cached credentials if fresh, else the result of `fetch` (run by one caller at a time).
    pub(crate) async fn get<F, Fut>(&self, fetch: F) -> Result<Arc<Credentials>, Error>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Credentials, Error>>,
    {
        if let Some(c) = self.cached().filter(|c| fresh(c, SystemTime::now())) {
            return Ok(c);
        }
        let queued_after = self.finished.load(Ordering::Acquire);
        let mut last_failure = self.refresh.lock().await;
        // Whoever held the lock before us may have refreshed already.
        let stale = self.cached();
        if let Some(c) = stale.as_ref().filter(|c| fresh(c, SystemTime::now())) {
            return Ok(c.clone());
        }
        // ...or finished one while we waited: share its outcome rather than each waiter fetching in turn. A
        // success inside the refresh margin is shared too: it is as fresh as the service will make it.
        if self.finished.load(Ordering::Acquire) > queued_after {
            if let Some(failed) = last_failure.as_ref().filter(|f| f.number > queued_after) {
                return still_valid(stale).ok_or_else(|| failed.error.duplicate());
            }
            if let Some(current) = still_valid(stale.clone()) {
                return Ok(current);
            }
        }
        let outcome = fetch().await.and_then(|credentials| match credentials.expires_at() {
            Some(at) if at <= SystemTime::now() => Err(Error::credentials(format!(
                "the temporary credentials returned already expired ({} s ago); refusing them",
                SystemTime::now().duration_since(at).map_or(0, |d| d.as_secs())
            ))),
            _ => Ok(credentials),
        });
        let number = self.finished.fetch_add(1, Ordering::AcqRel) + 1;
        match outcome {
            Ok(credentials) => {
                let credentials = Arc::new(credentials);
                *self.current.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(credentials.clone());
                *last_failure = None;
                Ok(credentials)
            }
            // A failed refresh inside the five-minute margin keeps using credentials that still work.
            Err(e) => {
                *last_failure = Some(FailedRefresh { number, error: e.duplicate() });
                match still_valid(stale) {
                    Some(still_valid) => {
                        tracing::warn!(error = %e, "refreshing temporary credentials failed; using the current ones until they expire");
                        Ok(still_valid)
                    }
                    None => Err(e),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn expiring_in(seconds: u64) -> Credentials {
        Credentials::new("id", "key").with_expiry(SystemTime::now() + Duration::from_secs(seconds))
    }

    /// Twenty calls that find `cache` stale at once, each fetching `outcome`. The first fetch is held until all
    /// have queued; any later fetch is not, so a cache that let each waiter fetch would count them, not hang.
    /// Returns each call's result and how many fetches ran.
    async fn twenty_waiting_calls(
        cache: &Arc<RefreshCache>,
        outcome: fn() -> Result<Credentials, Error>,
    ) -> (Vec<Result<Arc<Credentials>, Error>>, usize) {
        let fetches = Arc::new(AtomicUsize::new(0));
        let gate = Arc::new(tokio::sync::Notify::new());
        let mut tasks = Vec::new();
        for _ in 0..20 {
            let (cache, fetches, gate) = (cache.clone(), fetches.clone(), gate.clone());
            tasks.push(tokio::spawn(async move {
                cache
                    .get(|| async move {
                        if fetches.fetch_add(1, Ordering::SeqCst) == 0 {
                            gate.notified().await;
                        }
                        outcome()
                    })
                    .await
            }));
        }
        for _ in 0..5 {
            tokio::task::yield_now().await;
        }
        gate.notify_one();
        let mut results = Vec::new();
        for task in tasks {
            results.push(task.await.unwrap());
        }
        (results, fetches.load(Ordering::SeqCst))
    }

    #[tokio::test]
    async fn one_refresh_for_many_waiters() {
        let cache = Arc::new(RefreshCache::default());
        let (results, fetches) = twenty_waiting_calls(&cache, || Ok(expiring_in(3600))).await;
        for result in results {
            assert_eq!(result.unwrap().secret_id(), "id");
        }
        assert_eq!(fetches, 1);
    }

    #[tokio::test]
    async fn waiters_share_a_failed_refresh_and_the_next_call_tries_again() {
        let cache = Arc::new(RefreshCache::default());
        let (results, fetches) = twenty_waiting_calls(&cache, || Err(Error::credentials("metadata down"))).await;
        for result in results {
            let e = result.unwrap_err();
            assert!(e.is_credentials() && e.to_string().contains("metadata down"), "{e}");
        }
        assert_eq!(fetches, 1, "one failing fetch for twenty waiting calls");
        // A call that arrives after the failure tries again.
        let c = cache.get(|| async { Ok(expiring_in(3600)) }).await.unwrap();
        assert_eq!(c.secret_id(), "id");
    }

    #[tokio::test]
    async fn a_refresh_inside_the_margin_is_shared_by_every_waiter() {
        let cache = Arc::new(RefreshCache::default());
        let (results, fetches) = twenty_waiting_calls(&cache, || Ok(expiring_in(200))).await;
        assert!(results.iter().all(|r| r.is_ok()));
        assert_eq!(fetches, 1, "a waiter reuses the refresh that finished while it queued");
    }

    #[tokio::test]
    async fn already_expired_credentials_are_refused() {
        let cache = RefreshCache::default();
        let expired =
            || async { Ok(Credentials::new("id", "key").with_expiry(SystemTime::now() - Duration::from_secs(30))) };
        let e = cache.get(expired).await.unwrap_err();
        assert!(e.is_credentials() && e.to_string().contains("already expired"), "{e}");
    }

    #[test]
    fn expiry_prefers_the_unix_time_and_refuses_what_it_cannot_represent() {
        let at = |seconds: u64| Some(UNIX_EPOCH + Duration::from_secs(seconds));
        assert_eq!(expiry(Some(1_700_000_000), Some("2000-01-01T00:00:00Z")), at(1_700_000_000));
        assert_eq!(expiry(None, Some("2023-11-14T22:13:20Z")), at(1_700_000_000));
        assert_eq!(expiry(None, Some("soon")), None);
        assert_eq!(expiry(None, None), None);
        assert_eq!(expiry(Some(-1), None), None, "an expiry before 1970 is not an expiry");
    }

    #[tokio::test]
    async fn refreshes_inside_the_margin_and_falls_back_while_valid() {
        let cache = RefreshCache::default();
        cache.get(|| async { Ok(expiring_in(200)) }).await.unwrap();
        // 200 s left is inside the 5-minute margin: the next call refreshes.
        let c = cache.get(|| async { Ok(expiring_in(3600).with_token("new")) }).await.unwrap();
        assert_eq!(c.token(), Some("new"));
        let c = cache.get(|| async { Err(Error::credentials("unused")) }).await.unwrap();
        assert_eq!(c.token(), Some("new"), "fresh credentials are not refetched");

        let cache = RefreshCache::default();
        cache.get(|| async { Ok(expiring_in(100).with_token("old")) }).await.unwrap();
        let c = cache.get(|| async { Err(Error::credentials("metadata down")) }).await.unwrap();
        assert_eq!(c.token(), Some("old"), "still valid, so kept when the refresh fails");

        let cache = RefreshCache::default();
        let e = cache.get(|| async { Err(Error::credentials("metadata down")) }).await.unwrap_err();
        assert!(e.is_credentials());
    }
}
