//! Each action's documented rate limit ("a maximum of N requests can be initiated per second"), enforced per
//! SecretId as a token bucket holding N tokens that refill at N per second: the usual reading of such a limit.
//! A client that paces its calls 1/N s apart is never refused, even when the network bunches a few requests
//! together on the way; a client that sends faster than N per second is refused once its first N are spent.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

struct Bucket {
    tokens: f64,
    updated: Instant,
}

#[derive(Default)]
pub(crate) struct RateLimiter {
    buckets: Mutex<HashMap<(String, String, String), Bucket>>,
}

impl RateLimiter {
    /// Takes a token from the (SecretId, service, action) bucket, or says no when it is empty.
    pub(crate) fn admit(&self, secret_id: &str, service: &str, action: &str, limit: u32, now: Instant) -> bool {
        let mut buckets = self.buckets.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let key = (secret_id.to_owned(), service.to_owned(), action.to_owned());
        let capacity = f64::from(limit);
        let bucket = buckets.entry(key).or_insert(Bucket { tokens: capacity, updated: now });
        let refill = now.saturating_duration_since(bucket.updated).as_secs_f64() * capacity;
        bucket.tokens = (bucket.tokens + refill).min(capacity);
        bucket.updated = bucket.updated.max(now);
        if bucket.tokens < 1.0 {
            return false;
        }
        bucket.tokens -= 1.0;
        true
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn admits_a_burst_of_n_then_n_per_second_per_secret_and_action() {
        let limiter = RateLimiter::default();
        let t0 = Instant::now();
        let at = |ms| t0 + Duration::from_millis(ms);
        for i in 0..4 {
            assert!(limiter.admit("id", "ccc", "A", 4, at(0)), "burst request {i}");
        }
        assert!(!limiter.admit("id", "ccc", "A", 4, at(0)));
        assert!(limiter.admit("other", "ccc", "A", 4, at(0)), "each SecretId has its own bucket");
        assert!(limiter.admit("id", "ccc", "B", 4, at(0)), "each action has its own bucket");
        // One token comes back every 250 ms.
        assert!(!limiter.admit("id", "ccc", "A", 4, at(200)));
        assert!(limiter.admit("id", "ccc", "A", 4, at(250)));
        assert!(!limiter.admit("id", "ccc", "A", 4, at(260)));
        // Idle time refills the bucket to N, never beyond.
        for i in 0..4 {
            assert!(limiter.admit("id", "ccc", "A", 4, at(10_000)), "refilled request {i}");
        }
        assert!(!limiter.admit("id", "ccc", "A", 4, at(10_000)));
    }

    #[test]
    fn a_client_paced_at_the_limit_is_never_refused_despite_jitter() {
        let limiter = RateLimiter::default();
        let t0 = Instant::now();
        // 200 calls 50 ms apart (20/s), each arriving up to 40 ms late or early.
        for i in 0..200u64 {
            let jitter = (i * 7919 % 81) as i64 - 40;
            let arrival = t0 + Duration::from_millis((1_000 + i as i64 * 50 + jitter) as u64);
            assert!(limiter.admit("id", "ccc", "A", 20, arrival), "call {i}");
        }
    }
}
