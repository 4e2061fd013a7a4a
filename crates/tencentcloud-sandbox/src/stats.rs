//! What the sandbox saw, for tests: requests and outcomes per action, and when each request was admitted.

use std::collections::{BTreeMap, VecDeque};
use std::fmt;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How many admission times each action keeps: enough for any test's busiest-second check.
pub const ADMITTED_KEPT: usize = 10_000;

/// How one request ended.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Outcome {
    /// A normal response.
    Ok,
    /// An API error the sandbox found on its own (bad signature, bad parameter, rate limit, handler error).
    Error(String),
    /// An API error injected by a fault.
    InjectedError(String),
    /// An injected HTTP 502 with an HTML body.
    BadGateway,
    /// An injected non-JSON body.
    MalformedJson,
    /// An injected half of a JSON body.
    TruncatedJson,
    /// An injected connection close without a response.
    Dropped,
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Ok => f.write_str("ok"),
            Outcome::Error(code) => f.write_str(code),
            Outcome::InjectedError(code) => write!(f, "injected {code}"),
            Outcome::BadGateway => f.write_str("injected HTML 502"),
            Outcome::MalformedJson => f.write_str("injected malformed JSON"),
            Outcome::TruncatedJson => f.write_str("injected truncated JSON"),
            Outcome::Dropped => f.write_str("injected dropped connection"),
        }
    }
}

/// One action's counters.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ActionStats {
    /// Every request that named this action.
    pub requests: u64,
    /// How many of those requests ended each way: answered, an API error, or an injected fault.
    pub outcomes: BTreeMap<Outcome, u64>,
    /// When the most recent requests that passed signature and rate-limit checks arrived, in arrival order: the
    /// last [`ADMITTED_KEPT`], so a long-running sandbox does not keep one per request forever.
    pub admitted_at: VecDeque<Instant>,
}

impl ActionStats {
    /// How many of this action's requests ended as `outcome`; 0 when none did.
    pub fn count(&self, outcome: &Outcome) -> u64 {
        self.outcomes.get(outcome).copied().unwrap_or(0)
    }

    /// The most admitted requests that fell within any one `window` (for a rate limit: one second).
    pub fn max_in_window(&self, window: Duration) -> usize {
        let mut times: Vec<Instant> = self.admitted_at.iter().copied().collect();
        times.sort();
        let mut start = 0;
        let mut best = 0;
        for end in 0..times.len() {
            while times[end].duration_since(times[start]) >= window {
                start += 1;
            }
            best = best.max(end - start + 1);
        }
        best
    }
}

/// A copy of the counters at one moment, by action name (`-` for requests that named none).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct Stats {
    /// Each action's counters, keyed by the action name the requests carried.
    pub actions: BTreeMap<String, ActionStats>,
}

impl Stats {
    /// The counters of one action; zeros when it was never called.
    pub fn action(&self, name: &str) -> ActionStats {
        self.actions.get(name).cloned().unwrap_or_default()
    }

    /// Every request the sandbox saw, over all actions.
    pub fn total_requests(&self) -> u64 {
        self.actions.values().map(|a| a.requests).sum()
    }

    /// How many requests ended this way, over all actions.
    pub fn total(&self, outcome: &Outcome) -> u64 {
        self.actions.values().map(|a| a.count(outcome)).sum()
    }
}

/// The live counters; the sandbox's shared state owns the one recorder.
#[derive(Default)]
pub(crate) struct StatsRecorder(Mutex<Stats>);

impl StatsRecorder {
    fn with<R>(&self, f: impl FnOnce(&mut Stats) -> R) -> R {
        f(&mut self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()))
    }

    pub(crate) fn admitted(&self, action: &str, at: Instant) {
        self.with(|s| {
            let times = &mut s.actions.entry(action.to_owned()).or_default().admitted_at;
            if times.len() == ADMITTED_KEPT {
                times.pop_front();
            }
            times.push_back(at);
        });
    }

    pub(crate) fn finished(&self, action: &str, outcome: Outcome) {
        self.with(|s| {
            let a = s.actions.entry(action.to_owned()).or_default();
            a.requests += 1;
            *a.outcomes.entry(outcome).or_default() += 1;
        });
    }

    pub(crate) fn snapshot(&self) -> Stats {
        self.with(|s| s.clone())
    }

    pub(crate) fn reset(&self) {
        self.with(|s| *s = Stats::default());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_in_window_counts_the_busiest_second() {
        let t0 = Instant::now();
        let ms = |n| t0 + Duration::from_millis(n);
        let stats = ActionStats {
            admitted_at: [ms(0), ms(100), ms(999), ms(1000), ms(1500), ms(1600)].into(),
            ..Default::default()
        };
        // [0, 999] holds 3; [999, 1600] holds 4.
        assert_eq!(stats.max_in_window(Duration::from_secs(1)), 4);
        assert_eq!(ActionStats::default().max_in_window(Duration::from_secs(1)), 0);
    }
}
