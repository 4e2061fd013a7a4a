//! A call's time limits as instants: the total timeout's deadline, carried through the retries, and each
//! attempt's own limit, so one timer per attempt enforces whichever comes first (two nested timers per call were
//! a measurable share of a call's cost at 64 calls in flight).

use std::future::Future;
use std::time::Duration;

use futures_util::FutureExt;
use futures_util::future::Either;
use tokio::time::Instant;

use crate::Error;
use crate::error::TransportKind;

/// When a whole call must be over, retries and backoff included (see `ClientBuilder::total_timeout`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct CallDeadline {
    at: Instant,
    limit: Duration,
}

impl CallDeadline {
    /// The deadline of a call that started at `started` with a total timeout of `limit`, if it has one.
    pub(crate) fn after(started: Instant, limit: Option<Duration>) -> Option<Self> {
        // A limit too far away to represent is no limit.
        limit.and_then(|limit| Some(CallDeadline { at: started.checked_add(limit)?, limit }))
    }

    /// The instant the call must be over by.
    pub(crate) fn at(&self) -> Instant {
        self.at
    }

    /// The error of a call that ran out of its total timeout.
    pub(crate) fn exceeded(&self) -> Error {
        let limit = self.limit;
        Error::transport(
            TransportKind::Timeout,
            format!("the call did not finish within the total timeout of {limit:?}"),
        )
    }
}

/// Runs `work` (an attempt, a wait for the rate limiter) under its own timeout, if any, and the call's deadline,
/// with one timer for whichever ends first; the error names the limit that was hit. A plain function rather than
/// an `async fn`, so the work's future is held once, not also as the argument of a wrapping future (which would
/// double what every call moves around).
pub(crate) fn within<T, F>(
    timeout: Option<Duration>,
    deadline: Option<CallDeadline>,
    work: F,
) -> impl Future<Output = Result<T, Error>>
where
    F: Future<Output = Result<T, Error>>,
{
    let own_end = timeout.and_then(|timeout| Some((Instant::now().checked_add(timeout)?, timeout)));
    let (end, limit) = match (own_end, deadline) {
        (None, None) => return Either::Right(work),
        (Some((end, _)), Some(deadline)) if deadline.at <= end => (deadline.at, Limit::Call(deadline)),
        (None, Some(deadline)) => (deadline.at, Limit::Call(deadline)),
        (Some((end, timeout)), _) => (end, Limit::Attempt(timeout)),
    };
    Either::Left(tokio::time::timeout_at(end, work).map(move |outcome| {
        outcome.unwrap_or_else(|_| {
            Err(match limit {
                Limit::Attempt(timeout) => Error::transport(
                    TransportKind::Timeout,
                    format!("no answer within the attempt timeout of {timeout:?}"),
                ),
                Limit::Call(deadline) => deadline.exceeded(),
            })
        })
    }))
}

/// The limit the timer of [`within`] stands for.
enum Limit {
    Attempt(Duration),
    Call(CallDeadline),
}
