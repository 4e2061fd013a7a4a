//! Chaos: 2,000 calls at concurrency 64 against a sandbox that answers 20% of requests with
//! RequestLimitExceeded, 5% with an HTML 502 and drops 5% of connections. Every call must end in a success or a
//! typed error, retries must stay within the client's budget, and the client's rate limiter must keep the rate
//! the sandbox sees at or under the limit.
//!
//! Time is compressed, not faked: the sandbox multiplies every documented limit by [`SCALE`] and the client
//! paces this action to the same scaled limit, so the ~2,400 attempts (calls plus retries) at
//! DescribeAutoCalloutTask's 20/s, which would take two minutes, take about 13 s at a limit of 300/s. A debug
//! build of client and sandbox sustains about 300/s on two cores and the client's pacing lands near 190/s, so
//! the client's limiter, not the CPU, sets the pace. Both sides run on real sockets and real clocks; a paused tokio clock would let timers fire
//! while bytes are still in flight on the loopback.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Serialize, Serializer};
use tencentcloud_ccc::operation::describe_auto_callout_task::{
    DescribeAutoCalloutTaskRequest, DescribeAutoCalloutTaskResponse,
};
use tencentcloud_core::{Action, ActionInfo, Error, RetryConfig};
use tencentcloud_e2e::is_uuid_shaped;
use tencentcloud_sandbox::{Fault, Outcome};

const CALLS: usize = 2_000;
const CONCURRENCY: usize = 64;
const SCALE: u32 = 15;
const DOCUMENTED_LIMIT: u32 = 20;

/// DescribeAutoCalloutTask, paced by the client to its documented limit times [`SCALE`].
#[derive(Clone)]
struct ScaledDescribe(DescribeAutoCalloutTaskRequest);

impl Serialize for ScaledDescribe {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl Action for ScaledDescribe {
    type Output = DescribeAutoCalloutTaskResponse;
    const INFO: &'static ActionInfo = &ActionInfo {
        rate_limit_per_second: Some(DOCUMENTED_LIMIT * SCALE),
        ..*<DescribeAutoCalloutTaskRequest as Action>::INFO
    };
}

/// How a call ended, for the tally.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum End {
    Success,
    RateLimited,
    BadGateway,
    Transport,
}

fn classify(result: &Result<DescribeAutoCalloutTaskResponse, Error>) -> End {
    match result {
        Ok(task) => {
            assert_eq!(task.name, "foobar");
            assert!(is_uuid_shaped(&task.request_id), "{}", task.request_id);
            End::Success
        }
        Err(e) => {
            assert_eq!(e.action(), Some("ccc.DescribeAutoCalloutTask"), "{e}");
            assert!(!e.is_build() && !e.is_credentials(), "{e}");
            if e.is_rate_limited() {
                assert!(e.request_id().is_some_and(is_uuid_shaped), "{e}");
                End::RateLimited
            } else if e.status() == Some(502) {
                End::BadGateway
            } else if e.is_transport() {
                End::Transport
            } else {
                panic!("an error the faults cannot cause: {e:?}");
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_thousand_calls_through_rate_limits_502s_and_dropped_connections() {
    let sandbox = tencentcloud_e2e::sandbox()
        .rate_limit_scale(SCALE)
        .seed(2026)
        .fault(Fault::error("RequestLimitExceeded", 0.20))
        .fault(Fault::bad_gateway(0.05))
        .fault(Fault::drop_connection(0.05))
        .start()
        .await
        .unwrap();
    let documented = sandbox.services().iter().find_map(|s| s.action("DescribeAutoCalloutTask")).unwrap();
    assert_eq!(documented.rate_limit_per_second, Some(DOCUMENTED_LIMIT));
    let limit = DOCUMENTED_LIMIT * SCALE;

    let retry = RetryConfig::default();
    let client = tencentcloud_e2e::client(&sandbox)
        .retry(retry.clone())
        .attempt_timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let request = ScaledDescribe(DescribeAutoCalloutTaskRequest::builder().sdk_app_id(1).task_id(2).build().unwrap());

    let next = Arc::new(AtomicUsize::new(0));
    let ends = Arc::new(Mutex::new(Vec::with_capacity(CALLS)));
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..CONCURRENCY {
        let (client, request, next, ends) = (client.clone(), request.clone(), next.clone(), ends.clone());
        workers.spawn(async move {
            while next.fetch_add(1, Ordering::Relaxed) < CALLS {
                let result = client.execute(&request).await;
                let end = classify(&result);
                ends.lock().unwrap().push(end);
            }
        });
    }
    while let Some(joined) = workers.join_next().await {
        joined.expect("a worker panicked");
    }
    let ends = ends.lock().unwrap().clone();
    assert_eq!(ends.len(), CALLS, "every call ended");
    let count = |end| ends.iter().filter(|e| **e == end).count();
    let tally = [End::Success, End::RateLimited, End::BadGateway, End::Transport].map(|e| (e, count(e)));
    println!("calls by outcome: {tally:?}");
    assert!(count(End::Success) >= CALLS * 7 / 10, "{tally:?}");

    let stats = sandbox.stats().action("DescribeAutoCalloutTask");
    println!("sandbox outcomes: {:?}", stats.outcomes);
    // Retries: at least one attempt per call, and no more than the budget's reserve plus its share per call.
    let attempts = stats.requests as usize;
    let budget = (CALLS as f64 * retry.budget_ratio()) as usize + retry.budget_reserve() as usize;
    assert!(attempts >= CALLS, "{attempts} attempts");
    assert!(attempts <= CALLS + budget, "{attempts} attempts for {CALLS} calls exceed the retry budget of {budget}");
    assert!(attempts <= CALLS * retry.max_attempts() as usize);
    for fault in [Outcome::InjectedError("RequestLimitExceeded".into()), Outcome::BadGateway, Outcome::Dropped] {
        assert!(stats.count(&fault) > 0, "{fault} was never injected");
    }

    // The rate the sandbox saw: never refused by its own limiter, and no one-second window over the limit
    // beyond what the loopback can bunch together: a stall of either side can deliver at most the calls in
    // flight at once.
    assert_eq!(stats.count(&Outcome::Error("RequestLimitExceeded".into())), 0, "{:?}", stats.outcomes);
    let busiest = stats.max_in_window(Duration::from_secs(1));
    println!("busiest second: {busiest} requests (limit {limit})");
    assert!(busiest <= limit as usize + CONCURRENCY, "{busiest} requests in one second, limit {limit}");
    let (first, last) = (stats.admitted_at.iter().min().unwrap(), stats.admitted_at.iter().max().unwrap());
    let mean_rate = (stats.admitted_at.len() - 1) as f64 / last.duration_since(*first).as_secs_f64();
    println!("mean rate: {mean_rate:.0}/s over {:?}", last.duration_since(*first));
    assert!(mean_rate <= f64::from(limit) * 1.01, "{mean_rate:.1}/s against a limit of {limit}/s");
}
