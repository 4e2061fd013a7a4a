//! Caching of temporary credentials: refreshed five minutes before expiry, one refresh at a time.

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use super::Credentials;
use crate::Error;

/// Temporary credentials are replaced this long before they expire, so a call never carries an expiring token.
pub const REFRESH_BEFORE_EXPIRY: Duration = Duration::from_secs(300);

/// Holds the current temporary credentials. Callers that find them stale queue on one async lock; the first
/// refreshes and the rest reuse its result, so however many calls wait there is a single fetch.
#[derive(Debug, Default)]
pub(crate) struct RefreshCache {
    current: Mutex<Option<Arc<Credentials>>>,
    refresh: tokio::sync::Mutex<()>,
}

fn fresh(credentials: &Credentials, now: SystemTime) -> bool {
    match credentials.expires_at() {
        Some(expiry) => expiry.duration_since(now).is_ok_and(|left| left > REFRESH_BEFORE_EXPIRY),
        None => true,
    }
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
        let _refreshing = self.refresh.lock().await;
        // Whoever held the lock before us may have refreshed already.
        let stale = self.cached();
        if let Some(c) = stale.as_ref().filter(|c| fresh(c, SystemTime::now())) {
            return Ok(c.clone());
        }
        match fetch().await {
            Ok(credentials) => {
                let credentials = Arc::new(credentials);
                *self.current.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(credentials.clone());
                Ok(credentials)
            }
            // A failed refresh inside the five-minute margin keeps using credentials that still work.
            Err(e) => match stale.filter(|c| c.expires_at().is_some_and(|t| t > SystemTime::now())) {
                Some(still_valid) => {
                    tracing::warn!(error = %e, "refreshing temporary credentials failed; using the current ones until they expire");
                    Ok(still_valid)
                }
                None => Err(e),
            },
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

    #[tokio::test]
    async fn one_refresh_for_many_waiters() {
        let cache = Arc::new(RefreshCache::default());
        let fetches = Arc::new(AtomicUsize::new(0));
        let gate = Arc::new(tokio::sync::Notify::new());
        let mut tasks = Vec::new();
        for _ in 0..20 {
            let (cache, fetches, gate) = (cache.clone(), fetches.clone(), gate.clone());
            tasks.push(tokio::spawn(async move {
                cache
                    .get(|| async move {
                        fetches.fetch_add(1, Ordering::SeqCst);
                        gate.notified().await;
                        Ok(expiring_in(3600))
                    })
                    .await
            }));
        }
        for _ in 0..5 {
            tokio::task::yield_now().await;
        }
        gate.notify_one();
        for task in tasks {
            assert_eq!(task.await.unwrap().unwrap().secret_id(), "id");
        }
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
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
