//! `X-TC-TraceId`: one id per call, the same on every attempt of it, a new one for the next call, and the
//! caller's when given.

mod support;

use std::time::Duration;

use serde_json::json;
use support::actions::Create;
use support::{Reply, TestServer};
use tencentcloud_core::{Client, Credentials, RequestOptions, RetryConfig};

#[tokio::test]
async fn trace_id_is_the_same_on_every_attempt_of_a_call_and_new_for_the_next() {
    let server = TestServer::start(|_, n| {
        if n < 2 {
            Reply::service_error("RequestLimitExceeded", "slow down", "r")
        } else {
            Reply::response(json!({"Name": "ok", "RequestId": "r-ok"}))
        }
    })
    .await;
    let client = Client::builder()
        .credentials(Credentials::new("AKIDtrace", "key"))
        .endpoint(&server.url)
        .retry(RetryConfig::standard().with_base_delay(Duration::ZERO).with_max_delay(Duration::ZERO))
        .build()
        .unwrap();
    client.execute(&Create { name: "x".into() }).await.unwrap();
    client.execute_with(&Create { name: "y".into() }, &RequestOptions::new().with_trace_id("caller-7")).await.unwrap();
    client.execute(&Create { name: "z".into() }).await.unwrap();
    let ids: Vec<String> =
        server.requests().iter().map(|r| r.header("x-tc-traceid").unwrap_or_default().to_owned()).collect();
    assert_eq!(ids.len(), 5);
    assert!(ids[0] == ids[1] && ids[1] == ids[2], "retries keep the call's id: {ids:?}");
    assert_eq!(ids[3], "caller-7");
    assert!(!ids[4].is_empty() && ids[4] != ids[0], "{ids:?}");
}
