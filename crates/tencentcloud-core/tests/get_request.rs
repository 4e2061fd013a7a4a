//! GET requests over a real socket: the client option and the per-call override send the parameters as the
//! official SDKs' query string, with no body, signed over that query string, and the signature verifies.

mod support;

use std::time::Duration;

use serde_json::json;
use support::actions::{Create, Describe, Output};
use support::{Reply, TestServer};
use tencentcloud_core::{Client, ClientBuilder, Credentials, HttpMethod, RequestOptions, RetryConfig, sign};

const SECRET_ID: &str = "AKIDtestget";
const SECRET_KEY: &str = "get-request-key";

/// A client of the test server, without pacing or backoff.
fn builder(server: &TestServer) -> ClientBuilder {
    let no_backoff = RetryConfig::standard().with_base_delay(Duration::ZERO).with_max_delay(Duration::ZERO);
    let client = Client::builder().credentials(Credentials::new(SECRET_ID, SECRET_KEY)).endpoint(&server.url);
    client.region("ap-guangzhou").rate_limiting(false).retry(no_backoff)
}

fn ok() -> Reply {
    Reply::response(json!({ "Name": "task", "RequestId": "req-get" }))
}

#[tokio::test]
async fn get_request_client_option_sends_a_signed_query_string() {
    let server = TestServer::start(|_, _| ok()).await;
    let client = builder(&server).http_method(HttpMethod::Get).build().unwrap();
    let output = client.execute(&Describe { sdk_app_id: 1400000000, task_id: 7 }).await.unwrap();
    assert_eq!(output, Output { name: "task".into(), request_id: "req-get".into() });
    let seen = &server.requests()[0];
    assert_eq!(seen.method, "GET");
    assert_eq!(seen.path, "/");
    assert_eq!(seen.query, "SdkAppId=1400000000&TaskId=7");
    assert!(seen.body.is_empty());
    assert_eq!(seen.header("content-type"), Some(sign::FORM_URLENCODED));
    assert_eq!(seen.header("x-tc-action"), Some("DescribeAutoCalloutTask"));
    let verified = seen.verify(SECRET_ID, SECRET_KEY).unwrap();
    assert_eq!(verified.signed_headers, ["content-type", "host", "x-tc-action"]);

    // The signature covers the query: the same headers over another query string do not verify.
    let mut tampered = seen.clone();
    tampered.query = "SdkAppId=1400000000&TaskId=8".into();
    assert_eq!(tampered.verify(SECRET_ID, SECRET_KEY).unwrap_err().code(), "AuthFailure.SignatureFailure");
}

#[tokio::test]
async fn get_request_per_call_override_both_ways() {
    let server = TestServer::start(|_, _| ok()).await;
    let post_client = builder(&server).build().unwrap();
    let get = RequestOptions::new().with_method(HttpMethod::Get);
    post_client.execute_with(&Create { name: "a b+c/未".into() }, &get).await.unwrap();
    post_client.execute(&Create { name: "x".into() }).await.unwrap();
    let get_client = builder(&server).http_method(HttpMethod::Get).build().unwrap();
    get_client
        .execute_with(&Create { name: "y".into() }, &RequestOptions::new().with_method(HttpMethod::Post))
        .await
        .unwrap();

    let seen = server.requests();
    assert_eq!((seen[0].method.as_str(), seen[0].query.as_str()), ("GET", "Name=a+b%2Bc%2F%E6%9C%AA"));
    assert_eq!((seen[1].method.as_str(), seen[1].body.as_slice()), ("POST", br#"{"Name":"x"}"#.as_slice()));
    assert_eq!((seen[2].method.as_str(), seen[2].body.as_slice()), ("POST", br#"{"Name":"y"}"#.as_slice()));
    for request in &seen {
        request.verify(SECRET_ID, SECRET_KEY).unwrap();
    }
}

#[tokio::test]
async fn get_request_retries_resend_the_same_query() {
    let server = TestServer::start(|_, n| {
        if n == 0 { Reply::service_error("RequestLimitExceeded", "slow down", "req-1") } else { ok() }
    })
    .await;
    let client = builder(&server).http_method(HttpMethod::Get).build().unwrap();
    client.execute(&Describe { sdk_app_id: 1, task_id: 2 }).await.unwrap();
    let seen = server.requests();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].query, seen[1].query);
    seen[1].verify(SECRET_ID, SECRET_KEY).unwrap();
}
