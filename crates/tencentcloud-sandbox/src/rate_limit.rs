//! Each action's documented rate limit, enforced per SecretId the strictest way the pages can be read:
//! at most N requests admitted in any one-second window. A client that passes this passes any fixed-window or
//! token-bucket reading of "a maximum of N requests per second" too.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(1);

#[derive(Default)]
pub(crate) struct RateLimiter {
    /// Admission times in the last second, by (SecretId, service, action).
    windows: Mutex<HashMap<(String, String, String), VecDeque<Instant>>>,
}

impl RateLimiter {
    /// Admits the request when fewer than `limit` were admitted in the second before `now`.
    pub(crate) fn admit(&self, secret_id: &str, service: &str, action: &str, limit: u32, now: Instant) -> bool {
        let mut windows = self.windows.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let key = (secret_id.to_owned(), service.to_owned(), action.to_owned());
        let window = windows.entry(key).or_default();
        while window.front().is_some_and(|&t| now.duration_since(t) >= WINDOW) {
            window.pop_front();
        }
        if window.len() >= limit as usize {
            return false;
        }
        window.push_back(now);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admits_n_per_sliding_second_per_secret_and_action() {
        let limiter = RateLimiter::default();
        let t0 = Instant::now();
        for i in 0..3 {
            assert!(limiter.admit("id", "ccc", "A", 3, t0 + Duration::from_millis(i * 100)), "request {i}");
        }
        assert!(!limiter.admit("id", "ccc", "A", 3, t0 + Duration::from_millis(900)));
        assert!(limiter.admit("other", "ccc", "A", 3, t0 + Duration::from_millis(900)));
        assert!(limiter.admit("id", "ccc", "B", 3, t0 + Duration::from_millis(900)));
        // The first admission leaves the window at exactly one second.
        assert!(limiter.admit("id", "ccc", "A", 3, t0 + Duration::from_millis(1000)));
        assert!(!limiter.admit("id", "ccc", "A", 3, t0 + Duration::from_millis(1050)));
    }
}
