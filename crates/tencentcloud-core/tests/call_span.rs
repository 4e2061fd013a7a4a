//! The tracing span of each call: service, action, attempt, request id and latency, and never a secret. Alone in
//! its binary because it installs the global subscriber (per-thread subscribers race with tracing's callsite cache
//! when other tests run in parallel).

mod support;

use std::time::Duration;

use serde_json::json;
use support::actions::Describe;
use support::{Captured, Reply, TestServer};
use tencentcloud_core::{Client, Credentials, RetryConfig};

const SECRET_KEY: &str = "SECRETKEY-must-not-leak";
const TOKEN: &str = "TOKEN-must-not-leak";

#[tokio::test(flavor = "current_thread")]
async fn each_call_has_a_span_with_its_details_and_no_secret() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    tracing::subscriber::set_global_default(subscriber).unwrap();

    let server = TestServer::start(|_, n| {
        if n == 0 {
            Reply::service_error("RequestLimitExceeded", "slow down", "req-limited")
        } else {
            Reply::response(json!({ "RequestId": "req-ok" }))
        }
    })
    .await;
    let client = Client::builder()
        .credentials(Credentials::new("AKIDspan", SECRET_KEY).with_token(TOKEN))
        .endpoint(&server.url)
        .region("ap-guangzhou")
        .retry(RetryConfig::standard().with_base_delay(Duration::ZERO).with_max_delay(Duration::ZERO))
        .build()
        .unwrap();
    client.execute(&Describe { sdk_app_id: 1, task_id: 2 }).await.unwrap();

    let log = String::from_utf8(captured.bytes()).unwrap();
    for expected in [
        "service=\"ccc\"",
        "action=\"DescribeAutoCalloutTask\"",
        "attempt=2",
        "request_id=\"req-ok\"",
        "latency_ms=",
        "retrying",
        "RequestLimitExceeded",
    ] {
        assert!(log.contains(expected), "{expected} missing from the log:\n{log}");
    }
    assert!(!log.contains(SECRET_KEY) && !log.contains(TOKEN), "a secret reached the log:\n{log}");
}
