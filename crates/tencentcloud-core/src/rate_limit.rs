//! Client-side pacing of each action to its documented requests-per-second limit, first come first served.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

/// Spaces calls of one action at least `1/rate` seconds apart, so no one-second window holds more than `rate`
/// starts. Waiters queue on a fair (FIFO) async mutex; the slot is only taken after the wait, so a caller that is
/// dropped while queued or sleeping gives its place to the next one.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    interval: Duration,
    next_start: tokio::sync::Mutex<Option<Instant>>,
}

impl RateLimiter {
    pub(crate) fn new(per_second: u32) -> Self {
        RateLimiter { interval: Duration::from_secs(1) / per_second.max(1), next_start: tokio::sync::Mutex::new(None) }
    }

    /// Waits for this caller's turn.
    pub(crate) async fn acquire(&self) {
        let mut next_start = self.next_start.lock().await;
        if let Some(at) = *next_start
            && at > Instant::now()
        {
            tokio::time::sleep_until(at).await;
        }
        *next_start = Some(Instant::now() + self.interval);
    }
}

/// One limiter per `service.action`, created on first use, shared by all clones of a client.
#[derive(Debug, Default)]
pub(crate) struct RateLimiters {
    by_action: Mutex<HashMap<(&'static str, &'static str), Arc<RateLimiter>>>,
}

impl RateLimiters {
    pub(crate) fn get(&self, service: &'static str, action: &'static str, per_second: u32) -> Arc<RateLimiter> {
        let mut map = self.by_action.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        map.entry((service, action)).or_insert_with(|| Arc::new(RateLimiter::new(per_second))).clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn spaces_calls_to_the_rate() {
        let limiter = RateLimiter::new(20);
        let start = Instant::now();
        for _ in 0..21 {
            limiter.acquire().await;
        }
        // 21 starts at 20/s: the last one is exactly one second after the first.
        assert_eq!(Instant::now() - start, Duration::from_secs(1));
    }

    #[tokio::test(start_paused = true)]
    async fn idle_time_is_not_banked_as_a_burst() {
        let limiter = RateLimiter::new(10);
        limiter.acquire().await;
        tokio::time::sleep(Duration::from_secs(5)).await;
        let start = Instant::now();
        limiter.acquire().await;
        assert_eq!(Instant::now(), start, "first call after idling goes at once");
        limiter.acquire().await;
        assert_eq!(Instant::now() - start, Duration::from_millis(100));
    }

    #[tokio::test(start_paused = true)]
    async fn waiters_are_served_in_order_and_cancellation_frees_the_slot() {
        let limiter = Arc::new(RateLimiter::new(1));
        limiter.acquire().await;
        let order = Arc::new(Mutex::new(Vec::new()));
        let mut tasks = Vec::new();
        for i in 0..4 {
            let (limiter, order) = (limiter.clone(), order.clone());
            tasks.push(tokio::spawn(async move {
                limiter.acquire().await;
                order.lock().unwrap().push((i, Instant::now()));
            }));
            // Let each task reach the queue before the next is spawned.
            tokio::task::yield_now().await;
        }
        let start = Instant::now();
        // Cancel the second waiter while it is queued: the third takes its place.
        tasks.remove(1).abort();
        for task in tasks {
            task.await.unwrap();
        }
        let order = order.lock().unwrap();
        let ids: Vec<_> = order.iter().map(|(i, _)| *i).collect();
        assert_eq!(ids, [0, 2, 3]);
        let offsets: Vec<_> = order.iter().map(|(_, t)| *t - start).collect();
        assert_eq!(offsets, [Duration::from_secs(1), Duration::from_secs(2), Duration::from_secs(3)]);
    }

    #[tokio::test(start_paused = true)]
    async fn dropping_the_sleeper_releases_its_turn() {
        let limiter = Arc::new(RateLimiter::new(1));
        limiter.acquire().await;
        let start = Instant::now();
        // The head of the queue gives up half-way through its wait.
        let gave_up = tokio::time::timeout(Duration::from_millis(500), limiter.acquire()).await;
        assert!(gave_up.is_err());
        limiter.acquire().await;
        assert_eq!(Instant::now() - start, Duration::from_secs(1), "the abandoned slot went to the next caller");
    }

    #[test]
    fn one_limiter_per_action() {
        let limiters = RateLimiters::default();
        let a = limiters.get("ccc", "DescribeAutoCalloutTask", 20);
        let b = limiters.get("ccc", "DescribeAutoCalloutTask", 20);
        let c = limiters.get("ccc", "CreateAutoCalloutTask", 20);
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!Arc::ptr_eq(&a, &c));
        assert_eq!(a.interval, Duration::from_millis(50));
    }
}
