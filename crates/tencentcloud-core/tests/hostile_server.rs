//! A server that misbehaves without being malformed: success bodies under error statuses, newlines in error
//! codes and request ids, Retry-After on a 429.

mod support;

use std::time::Duration;

use serde_json::json;
use support::actions::{Create, Describe};
use support::{Reply, TestServer};
use tencentcloud_core::{Client, ClientBuilder, Credentials, RetryConfig};

fn builder(server: &TestServer) -> ClientBuilder {
    Client::builder()
        .credentials(Credentials::new("AKIDhostile", "key"))
        .endpoint(&server.url)
        .region("ap-guangzhou")
        .rate_limiting(false)
        .retry(RetryConfig { base_delay: Duration::ZERO, max_delay: Duration::ZERO, ..RetryConfig::default() })
}

#[tokio::test]
async fn a_non_2xx_status_with_a_success_body_is_an_error_retried_like_other_server_errors() {
    let success = || Reply::Json(500, json!({"Response": {"Name": "looks fine", "RequestId": "r-500"}}).to_string());
    let server = TestServer::start(move |_, _| success()).await;
    let client = builder(&server).build().unwrap();
    let e = client.execute(&Describe { sdk_app_id: 1, task_id: 2 }).await.unwrap_err();
    assert!(e.is_decode() && e.status() == Some(500), "{e}");
    assert_eq!(e.request_id(), Some("r-500"));
    assert_eq!(server.requests().len(), 3, "a read-only call is retried on a 5xx");

    let server = TestServer::start(move |_, _| success()).await;
    let e = builder(&server).build().unwrap().execute(&Create { name: "x".into() }).await.unwrap_err();
    assert_eq!(e.status(), Some(500), "{e}");
    assert_eq!(server.requests().len(), 1, "a write is not repeated after a 5xx");

    let server = TestServer::start(|_, n| {
        if n == 0 {
            Reply::Json(429, json!({"Response": {"RequestId": "r-429"}}).to_string())
        } else {
            Reply::response(json!({"Name": "ok", "RequestId": "r-ok"}))
        }
    })
    .await;
    let output = builder(&server).build().unwrap().execute(&Create { name: "x".into() }).await.unwrap();
    assert_eq!(output.name, "ok", "a 429 is always retried, even for a write");

    let server =
        TestServer::start(|_, _| Reply::Json(404, json!({"Response": {"RequestId": "r-404"}}).to_string())).await;
    let e = builder(&server).build().unwrap().execute(&Describe { sdk_app_id: 1, task_id: 2 }).await.unwrap_err();
    assert_eq!(e.status(), Some(404), "{e}");
    assert_eq!(server.requests().len(), 1, "a 4xx is not retried");
}

#[tokio::test]
async fn display_stays_on_one_line_whatever_the_server_puts_in_code_and_request_id() {
    let server = TestServer::start(|_, _| {
        Reply::response(json!({
            "Error": {"Code": "InvalidParameter\nINFO forged=line", "Message": "bad\r\n\u{1b}[31mred"},
            "RequestId": "r-1\r\nWARN forged",
        }))
    })
    .await;
    let e = builder(&server).build().unwrap().execute(&Create { name: "x".into() }).await.unwrap_err();
    let text = e.to_string();
    assert!(!text.contains(['\n', '\r', '\u{1b}']), "{text:?}");
    assert!(text.contains("InvalidParameter INFO forged=line"), "{text:?}");

    let long = "C".repeat(100_000);
    let server = TestServer::start(move |_, _| {
        Reply::response(json!({"Error": {"Code": long, "Message": "m".repeat(100_000)}, "RequestId": "r"}))
    })
    .await;
    let e = builder(&server).build().unwrap().execute(&Create { name: "x".into() }).await.unwrap_err();
    assert!(e.to_string().len() < 3_000, "bounded: {} bytes", e.to_string().len());
}
