//! Endpoint failover over real loopback sockets, no DNS: loopback URLs stand in for `<service>.tencentcloudapi.com`
//! and its mirrors. A refused or timed-out connect moves the call to the next host, signed for that host; a
//! response or a read timeout does not; a caller's endpoint and the off switch never move; the answering host
//! sticks for its window and then the primary is tried again.

mod support;

use std::time::Duration;

use serde_json::json;
use support::actions::{Create, Describe};
use support::{Reply, TestServer};
use tencentcloud_core::{Client, ClientBuilder, Credentials, EndpointFailover, RetryConfig};

const SECRET_ID: &str = "AKIDtestfailover";
const SECRET_KEY: &str = "failover-key";

/// A loopback URL nothing listens on: connecting is refused.
fn closed_port() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    url
}

fn builder(attempts: u32) -> ClientBuilder {
    let no_backoff = RetryConfig::standard()
        .with_max_attempts(attempts)
        .with_base_delay(Duration::ZERO)
        .with_max_delay(Duration::ZERO);
    Client::builder()
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .region("ap-guangzhou")
        .rate_limiting(false)
        .retry(no_backoff)
}

fn failover_to(urls: &[&str]) -> EndpointFailover {
    EndpointFailover::standard().with_candidate_urls(urls.iter().copied())
}

fn host_of(url: &str) -> &str {
    url.strip_prefix("http://").unwrap()
}

#[tokio::test]
async fn failover_after_a_refused_connect_goes_to_the_next_host_signed_for_it() {
    let server = TestServer::start(|_, _| Reply::response(json!({"RequestId": "r-b"}))).await;
    let refused = closed_port();
    let client = builder(3).endpoint_failover(failover_to(&[&refused, &server.url])).build().unwrap();
    // A write: a refused connect did nothing, so it is retried (and failed over) even though it is not repeatable.
    let output = client.execute(&Create { name: "x".into() }).await.unwrap();
    assert_eq!(output.request_id, "r-b");

    let seen = server.requests();
    assert_eq!(seen.len(), 1, "one attempt reached the second host");
    let request = &seen[0];
    assert_eq!(request.header("host"), Some(host_of(&server.url)));
    let authorization = request.header("authorization").unwrap();
    assert!(authorization.contains("SignedHeaders=content-type;host;x-tc-action"), "{authorization}");
    // The server-side check recomputes the signature over the Host the request arrived with.
    let verified = request.verify(SECRET_ID, SECRET_KEY).unwrap();
    assert_eq!(verified.service, "ccc");
    // And it was made for this host, not carried over from the first: with the first host's name it fails.
    let mut as_first = request.clone();
    as_first.headers.insert("host", host_of(&refused).parse().unwrap());
    assert_eq!(as_first.verify(SECRET_ID, SECRET_KEY).unwrap_err().code(), "AuthFailure.SignatureFailure");
    // Recomputed independently with the crate's signer for the new host, it is the same header.
    let timestamp: i64 = request.header("x-tc-timestamp").unwrap().parse().unwrap();
    let key = tencentcloud_core::sign::SigningKey::derive(
        SECRET_KEY,
        tencentcloud_core::sign::utc_date(timestamp).as_str(),
        "ccc",
    );
    let expected = tencentcloud_core::sign::authorization(
        SECRET_ID,
        &key,
        "ccc",
        timestamp,
        &tencentcloud_core::sign::Request {
            host: host_of(&server.url),
            content_type: "application/json",
            action: Some("CreateAutoCalloutTask"),
            payload: &request.body,
        },
    );
    assert_eq!(authorization, expected);
}

#[tokio::test]
async fn failover_after_a_connect_timeout_and_past_several_dead_hosts() {
    let server = TestServer::start(|_, _| Reply::response(json!({"RequestId": "r-c"}))).await;
    let (_held, unanswered) = support::listener_that_never_answers();
    let refused = closed_port();
    let client = |attempts| {
        builder(attempts)
            .connect_timeout(Duration::from_millis(150))
            .endpoint_failover(failover_to(&[&unanswered, &refused, &server.url]))
            .build()
            .unwrap()
    };
    let output = client(3).execute(&Create { name: "x".into() }).await.unwrap();
    assert_eq!(output.request_id, "r-c");
    assert_eq!(server.requests().len(), 1);
    server.requests()[0].verify(SECRET_ID, SECRET_KEY).unwrap();

    // Failover spends the call's attempts: with two, the third host is never reached.
    let error = client(2).execute(&Create { name: "x".into() }).await.unwrap_err();
    assert!(error.is_connect() && !error.is_timeout(), "the last attempt was refused: {error:?}");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn failover_is_not_triggered_by_a_5xx_or_a_read_timeout() {
    let second = TestServer::start(|_, _| Reply::response(json!({"RequestId": "never"}))).await;
    let bad_gateway = TestServer::start(|_, _| Reply::Raw {
        status: 502,
        content_type: "text/html",
        body: "<html>502 Bad Gateway</html>".into(),
    })
    .await;
    let client = builder(3).endpoint_failover(failover_to(&[&bad_gateway.url, &second.url])).build().unwrap();
    // A read-only call, so the 502 is retried: every retry stays on the host that answered.
    let error = client.execute(&Describe { sdk_app_id: 1, task_id: 2 }).await.unwrap_err();
    assert_eq!(error.status(), Some(502), "{error:?}");
    assert_eq!(bad_gateway.requests().len(), 3);

    let hanging = TestServer::start(|_, _| Reply::Hang).await;
    // Both attempts must reach the hanging host before their timeout, even on a loaded machine.
    let client = builder(2)
        .attempt_timeout(Duration::from_secs(1))
        .endpoint_failover(failover_to(&[&hanging.url, &second.url]))
        .build()
        .unwrap();
    let error = client.execute(&Describe { sdk_app_id: 1, task_id: 2 }).await.unwrap_err();
    assert!(error.is_timeout() && !error.is_connect(), "{error:?}");
    assert_eq!(hanging.requests().len(), 2, "the request went out both times, to the same host");
    assert!(second.requests().is_empty(), "no response or read timeout moved a call");
}

#[tokio::test]
async fn failover_never_applies_to_a_caller_endpoint_or_when_switched_off() {
    let second = TestServer::start(|_, _| Reply::response(json!({"RequestId": "never"}))).await;
    let refused = closed_port();
    // The caller's endpoint wins over any failover hosts.
    let client =
        builder(3).endpoint(&refused).endpoint_failover(failover_to(&[&refused, &second.url])).build().unwrap();
    let error = client.execute(&Create { name: "x".into() }).await.unwrap_err();
    assert!(error.is_connect(), "{error:?}");
    // Switched off: the primary only, for every attempt.
    let off = EndpointFailover::disabled().with_candidate_urls([refused.as_str(), second.url.as_str()]);
    let client = builder(3).endpoint_failover(off).build().unwrap();
    let error = client.execute(&Create { name: "x".into() }).await.unwrap_err();
    assert!(error.is_connect(), "{error:?}");
    assert!(second.requests().is_empty());
}

#[tokio::test]
async fn failover_host_sticks_for_its_window_then_the_primary_is_tried_again() {
    // The second host answers: the first call, then a rate limit and success for the second call, then a rate
    // limit for the third.
    let second = TestServer::start(|_, n| match n {
        1 | 3 => Reply::service_error("RequestLimitExceeded", "slow down", "r-limit"),
        _ => Reply::response(json!({"RequestId": format!("r-{n}")})),
    })
    .await;
    let refused = closed_port();
    // Long enough that a loaded CI machine stalling between two calls cannot outlast it.
    let window = Duration::from_millis(1500);
    let failover = failover_to(&[&refused, &second.url]).with_sticky_for(window);
    let client = builder(2).endpoint_failover(failover).build().unwrap();
    let create = Create { name: "x".into() };

    assert_eq!(client.execute(&create).await.unwrap().request_id, "r-0", "refused, then the second host");
    // Within the window the call starts at the second host, so both attempts land there (the rate limit does not
    // move it). Starting at the refused primary would spend an attempt and end on the rate limit.
    assert_eq!(client.execute(&create).await.unwrap().request_id, "r-2");
    assert_eq!(second.requests().len(), 3);

    tokio::time::sleep(window + Duration::from_millis(100)).await;
    // After the window the primary is tried first again: refused, then the second host's rate limit, and the two
    // attempts are spent.
    let error = client.execute(&create).await.unwrap_err();
    assert_eq!(error.code(), Some("RequestLimitExceeded"), "{error:?}");
    assert_eq!(second.requests().len(), 4);
    for request in second.requests() {
        assert_eq!(request.header("host"), Some(host_of(&second.url)));
        request.verify(SECRET_ID, SECRET_KEY).unwrap();
    }
}

#[test]
fn failover_settings_build_checks_and_debug() {
    assert!(EndpointFailover::standard().enabled());
    assert_eq!(EndpointFailover::standard().sticky_for(), tencentcloud_core::failover::DEFAULT_STICKY_FOR);
    assert!(!EndpointFailover::disabled().enabled());
    // Stand-in hosts obey the endpoint rules.
    let error = Client::builder().endpoint_failover(failover_to(&["http://192.0.2.1:80"])).build().unwrap_err();
    assert!(error.to_string().contains("plain http"), "{error}");
    let error = Client::builder().endpoint_failover(failover_to(&[])).build().unwrap_err();
    assert!(error.to_string().contains("empty"), "{error}");
    let shown = format!("{:?}", failover_to(&["http://user:secret-pass@127.0.0.1:1"]));
    assert!(!shown.contains("secret-pass") && !shown.contains("user"), "{shown}");
}
