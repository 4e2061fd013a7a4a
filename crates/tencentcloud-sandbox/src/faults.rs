//! Faults the sandbox injects on request: latency, error codes, HTML 502s, broken JSON and dropped connections.
//!
//! A fault applies to one action or to all of them, and fires with a probability. Every request draws once for
//! each latency fault and once for the rest, which are mutually exclusive: with `error:RequestLimitExceeded@0.2`,
//! `html502@0.05` and `drop@0.05`, 70% of requests are left alone. The draws come from one seeded generator, so a
//! run that sends its requests in the same order sees the same faults.

use std::fmt;
use std::str::FromStr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// What an injected fault does to a request.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum FaultKind {
    /// Waits this long before answering (on top of whatever else happens).
    Latency(Duration),
    /// Answers HTTP 200 with an API 3.0 error of this code, as the real endpoint does.
    Error(String),
    /// Answers HTTP 502 with an HTML page, like a load balancer whose backend is down.
    BadGateway,
    /// Answers HTTP 200 with a body that is not JSON.
    MalformedJson,
    /// Answers HTTP 200 with the first half of the real JSON response.
    TruncatedJson,
    /// Closes the connection without writing any response.
    DropConnection,
}

/// One fault: what, on which action (all when `None`) and how often (0.0 to 1.0).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Fault {
    /// The action it hits (`X-TC-Action`), or every action when `None`.
    pub action: Option<String>,
    /// What the sandbox does instead of answering normally.
    pub kind: FaultKind,
    /// The chance, from 0.0 to 1.0, that a matching call gets the fault; drawn from the seeded generator.
    pub probability: f64,
}

impl Fault {
    /// A fault of any kind on every action; `probability` is clamped to 0.0..=1.0.
    pub fn new(kind: FaultKind, probability: f64) -> Self {
        Fault { action: None, kind, probability: probability.clamp(0.0, 1.0) }
    }

    /// Delays the answer by `delay` before it is sent.
    pub fn latency(delay: Duration, probability: f64) -> Self {
        Fault::new(FaultKind::Latency(delay), probability)
    }

    /// Answers with the service error `code` (e.g. `RequestLimitExceeded`) in the official error shape.
    pub fn error(code: impl Into<String>, probability: f64) -> Self {
        Fault::new(FaultKind::Error(code.into()), probability)
    }

    /// Answers HTTP 502 with an HTML body, as a load balancer in front of the API does.
    pub fn bad_gateway(probability: f64) -> Self {
        Fault::new(FaultKind::BadGateway, probability)
    }

    /// Answers HTTP 200 with a body that is not JSON.
    pub fn malformed_json(probability: f64) -> Self {
        Fault::new(FaultKind::MalformedJson, probability)
    }

    /// Answers HTTP 200 with the first half of the real JSON response.
    pub fn truncated_json(probability: f64) -> Self {
        Fault::new(FaultKind::TruncatedJson, probability)
    }

    /// Closes the connection without answering.
    pub fn drop_connection(probability: f64) -> Self {
        Fault::new(FaultKind::DropConnection, probability)
    }

    /// Limits the fault to one action.
    pub fn on_action(mut self, action: impl Into<String>) -> Self {
        self.action = Some(action.into());
        self
    }

    fn applies_to(&self, action: &str) -> bool {
        self.action.as_deref().is_none_or(|a| a == action)
    }
}

/// Why a fault description could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "bad fault {input:?}: {why}; expected [Action=]KIND@PROBABILITY with KIND one of latency:<N>ms, \
         error:<Code>, html502, malformed, truncated, drop (e.g. `DescribeAutoCalloutTask=error:InternalError@0.1`)"
)]
pub struct FaultParseError {
    /// The description as given.
    pub input: String,
    /// What is wrong with it.
    pub why: String,
}

/// `[Action=]KIND@PROBABILITY`, the form the binary's `--fault` flag takes; `@PROBABILITY` defaults to 1.
impl FromStr for Fault {
    type Err = FaultParseError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let err = |why: &str| FaultParseError { input: input.to_owned(), why: why.to_owned() };
        let (action, rest) = match input.split_once('=') {
            Some((action, rest)) if tencentcloud_spec::is_type_name(action) => (Some(action.to_owned()), rest),
            Some(_) => {
                return Err(err("the action before `=` must be an action name: a letter, then letters and digits"));
            }
            None => (None, input),
        };
        let (kind, probability) = match rest.rsplit_once('@') {
            Some((kind, p)) => {
                let p: f64 = p.trim().parse().map_err(|_| err("the probability after `@` is not a number"))?;
                if !(0.0..=1.0).contains(&p) {
                    return Err(err("the probability must be between 0 and 1"));
                }
                (kind, p)
            }
            None => (rest, 1.0),
        };
        let kind = match kind.trim().split_once(':') {
            Some(("latency", ms)) => {
                let ms = ms.trim().trim_end_matches("ms");
                FaultKind::Latency(Duration::from_millis(ms.parse().map_err(|_| err("latency needs milliseconds"))?))
            }
            Some(("error", code)) if !code.trim().is_empty() => FaultKind::Error(code.trim().to_owned()),
            None if kind.trim() == "html502" => FaultKind::BadGateway,
            None if kind.trim() == "malformed" => FaultKind::MalformedJson,
            None if kind.trim() == "truncated" => FaultKind::TruncatedJson,
            None if kind.trim() == "drop" => FaultKind::DropConnection,
            _ => return Err(err("unknown kind")),
        };
        Ok(Fault { action, kind, probability })
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(action) = &self.action {
            write!(f, "{action}=")?;
        }
        match &self.kind {
            FaultKind::Latency(d) => write!(f, "latency:{}ms", d.as_millis())?,
            FaultKind::Error(code) => write!(f, "error:{code}")?,
            FaultKind::BadGateway => f.write_str("html502")?,
            FaultKind::MalformedJson => f.write_str("malformed")?,
            FaultKind::TruncatedJson => f.write_str("truncated")?,
            FaultKind::DropConnection => f.write_str("drop")?,
        }
        write!(f, "@{}", self.probability)
    }
}

/// SplitMix64: tiny, fast and good enough to pick faults; seeded so runs repeat.
#[derive(Debug, Clone)]
pub(crate) struct SplitMix64(u64);

impl SplitMix64 {
    pub(crate) fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub(crate) fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// What the draw for one request decided.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Decision {
    pub(crate) delay: Duration,
    pub(crate) outcome: Option<FaultKind>,
}

struct FaultState {
    faults: Vec<Fault>,
    rng: SplitMix64,
}

/// The live fault table of a running sandbox; cloning shares it. Get one with [`crate::Sandbox::faults`].
#[derive(Clone)]
pub struct Faults(Arc<Mutex<FaultState>>);

impl fmt::Debug for Faults {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.list()).finish()
    }
}

impl Faults {
    pub(crate) fn new(faults: Vec<Fault>, seed: u64) -> Self {
        Faults(Arc::new(Mutex::new(FaultState { faults, rng: SplitMix64::new(seed) })))
    }

    fn state(&self) -> MutexGuard<'_, FaultState> {
        // A panic elsewhere while holding the lock leaves the table intact, so keep serving.
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Replaces every fault.
    pub fn set(&self, faults: impl IntoIterator<Item = Fault>) {
        self.state().faults = faults.into_iter().collect();
    }

    /// Adds a fault to those already set.
    pub fn add(&self, fault: Fault) {
        self.state().faults.push(fault);
    }

    /// Removes every fault: calls are answered normally again.
    pub fn clear(&self) {
        self.state().faults.clear();
    }

    /// Restarts the generator, so the next draws repeat those of a fresh sandbox with this seed.
    pub fn reseed(&self, seed: u64) {
        self.state().rng = SplitMix64::new(seed);
    }

    /// The faults now set, in the order they were set (the order an outcome is drawn in).
    pub fn list(&self) -> Vec<Fault> {
        self.state().faults.clone()
    }

    pub(crate) fn decide(&self, action: &str) -> Decision {
        let mut state = self.state();
        let FaultState { faults, rng } = &mut *state;
        let mut decision = Decision::default();
        let mut any_outcome = false;
        for fault in faults.iter().filter(|f| f.applies_to(action)) {
            match &fault.kind {
                FaultKind::Latency(d) => {
                    if rng.next_f64() < fault.probability {
                        decision.delay += *d;
                    }
                }
                _ => any_outcome = true,
            }
        }
        if any_outcome {
            let draw = rng.next_f64();
            let mut cumulative = 0.0;
            for fault in faults.iter().filter(|f| f.applies_to(action) && !matches!(f.kind, FaultKind::Latency(_))) {
                cumulative += fault.probability;
                if draw < cumulative {
                    decision.outcome = Some(fault.kind.clone());
                    break;
                }
            }
        }
        decision
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_every_kind() {
        for s in [
            "latency:250ms@0.5",
            "error:RequestLimitExceeded@0.2",
            "DescribeAutoCalloutTask=html502@0.05",
            "malformed@1",
            "truncated@0.1",
            "drop@0.05",
        ] {
            let fault: Fault = s.parse().unwrap();
            assert_eq!(fault.to_string(), s);
        }
        assert_eq!("drop".parse::<Fault>().unwrap(), Fault::drop_connection(1.0));
        assert_eq!(
            "X=error:InternalError@0.25".parse::<Fault>().unwrap(),
            Fault::error("InternalError", 0.25).on_action("X")
        );
    }

    #[test]
    fn rejects_bad_faults_with_the_expected_form() {
        for s in ["latency@0.1", "explode@0.1", "drop@2", "drop@x", "error:@0.1", "a-b=drop"] {
            let e = s.parse::<Fault>().unwrap_err();
            assert!(e.to_string().contains("expected [Action=]KIND@PROBABILITY"), "{e}");
        }
    }

    #[test]
    fn exclusive_faults_split_requests_by_their_probabilities() {
        let faults = Faults::new(
            vec![Fault::error("RequestLimitExceeded", 0.2), Fault::bad_gateway(0.05), Fault::drop_connection(0.05)],
            7,
        );
        let (mut limited, mut html, mut dropped, mut clean) = (0, 0, 0, 0);
        for _ in 0..20_000 {
            match faults.decide("A").outcome {
                Some(FaultKind::Error(_)) => limited += 1,
                Some(FaultKind::BadGateway) => html += 1,
                Some(FaultKind::DropConnection) => dropped += 1,
                None => clean += 1,
                other => panic!("unexpected {other:?}"),
            }
        }
        assert!((3_700..4_300).contains(&limited), "{limited}");
        assert!((850..1_150).contains(&html), "{html}");
        assert!((850..1_150).contains(&dropped), "{dropped}");
        assert_eq!(limited + html + dropped + clean, 20_000);
    }

    #[test]
    fn same_seed_same_draws_and_action_filters_apply() {
        let make = || {
            Faults::new(
                vec![Fault::drop_connection(0.5).on_action("A"), Fault::latency(Duration::from_millis(5), 0.5)],
                42,
            )
        };
        let (a, b) = (make(), make());
        let run = |f: &Faults| (0..200).map(|_| f.decide("A")).collect::<Vec<_>>();
        assert_eq!(run(&a), run(&b));
        assert!((0..200).all(|_| a.decide("B").outcome.is_none()));
        a.reseed(42);
        assert_eq!(run(&a), run(&make()));
    }
}
