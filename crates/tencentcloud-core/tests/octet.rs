//! Octet-stream bodies over a real socket (cls UploadLog style): the bytes go as the body with
//! `application/octet-stream`, the caller's headers carry the parameters, and the signature (over the body's
//! hash) verifies; bad headers or a GET fail before any traffic.

mod support;

use std::time::Duration;

use serde_json::json;
use support::actions::Create;
use support::{Reply, TestServer};
use tencentcloud_core::{Client, Credentials, HttpMethod, OctetStream, RequestOptions, RetryConfig};

const SECRET_ID: &str = "AKIDtestoctet";
const SECRET_KEY: &str = "octet-key";

fn client(server: &TestServer) -> Client {
    let no_backoff = RetryConfig::standard().with_base_delay(Duration::ZERO).with_max_delay(Duration::ZERO);
    let builder = Client::builder().credentials(Credentials::new(SECRET_ID, SECRET_KEY)).endpoint(&server.url);
    builder.rate_limiting(false).retry(no_backoff).build().unwrap()
}

#[tokio::test]
async fn octet_stream_body_is_sent_raw_and_signed_by_its_hash() {
    let server = TestServer::start(|_, n| {
        if n == 0 {
            Reply::service_error("RequestLimitExceeded", "slow down", "r-0")
        } else {
            Reply::response(json!({"RequestId": "r-1"}))
        }
    })
    .await;
    let body: Vec<u8> = (0..70_000u32).map(|i| (i * 7 + i / 251) as u8).collect();
    let octet = OctetStream::new(body.clone())
        .with_header("X-CLS-TopicId", "f6c4fa6f-0000-0000-8289-1ff6f77ed975")
        .with_header("X-CLS-CompressType", "lz4");
    let options = RequestOptions::new().with_octet_stream(octet);
    let output = client(&server).execute_with(&Create { name: "ignored".into() }, &options).await.unwrap();
    assert_eq!(output.request_id, "r-1");

    let seen = server.requests();
    assert_eq!(seen.len(), 2, "retried with the same body");
    for request in &seen {
        assert_eq!(request.method, "POST");
        assert_eq!(request.body, body, "the bytes, not the request's JSON");
        assert_eq!(request.header("content-type"), Some("application/octet-stream"));
        assert_eq!(request.header("x-cls-topicid"), Some("f6c4fa6f-0000-0000-8289-1ff6f77ed975"));
        assert_eq!(request.header("x-cls-compresstype"), Some("lz4"));
        assert_eq!(request.header("x-tc-action"), Some("CreateAutoCalloutTask"));
        request.verify(SECRET_ID, SECRET_KEY).unwrap();
    }
    // The signature covers the body: one flipped byte fails it.
    let mut tampered = seen[1].clone();
    tampered.body[12_345] ^= 1;
    assert_eq!(tampered.verify(SECRET_ID, SECRET_KEY).unwrap_err().code(), "AuthFailure.SignatureFailure");
}

#[tokio::test]
async fn octet_stream_bad_headers_and_get_fail_before_any_traffic() {
    let server = TestServer::start(|_, _| Reply::response(json!({"RequestId": "r"}))).await;
    let client = client(&server);
    let request = Create { name: "x".into() };
    for (octet, needle) in [
        (OctetStream::new(vec![1]).with_header("Bad Name", "v"), "`Bad Name` is not a valid HTTP header name"),
        (OctetStream::new(vec![1]).with_header("X-CLS-TopicId", "a\nb"), "header `X-CLS-TopicId`"),
        (OctetStream::new(vec![1]).with_header("X-TC-Action", "Other"), "set by the SDK"),
    ] {
        let error = client.execute_with(&request, &RequestOptions::new().with_octet_stream(octet)).await.unwrap_err();
        assert!(error.is_build() && error.to_string().contains(needle), "{error}");
    }
    let get = RequestOptions::new().with_octet_stream(OctetStream::new(vec![1])).with_method(HttpMethod::Get);
    assert!(client.execute_with(&request, &get).await.unwrap_err().is_build());
    assert!(server.requests().is_empty());
    // Debug shows the size and header names, never the bytes or values.
    let shown = format!("{:?}", OctetStream::new(b"secret-bytes".to_vec()).with_header("X-Key", "secret-value"));
    assert!(!shown.contains("secret"), "{shown}");
}
