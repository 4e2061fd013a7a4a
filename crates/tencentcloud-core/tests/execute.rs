//! `Client::execute` end to end against a local HTTP server: headers and signature, error envelopes, decode
//! errors, retries, timeouts and configuration errors.

mod support;

use std::time::Duration;

use serde_json::json;
use support::actions::{Create, Describe, Output};
use support::{Reply, Seen, TestServer, http_date, unix_now};
use tencentcloud_core::{Client, ClientBuilder, Credentials, Language, RetryConfig};

const SECRET_ID: &str = "AKIDtestexecute";
const SECRET_KEY: &str = "SECRETKEY-must-not-leak";
const TOKEN: &str = "TOKEN-must-not-leak";

fn ok_reply() -> Reply {
    Reply::response(json!({ "Name": "task", "RequestId": "req-ok" }))
}

fn builder(server: &TestServer) -> ClientBuilder {
    Client::builder()
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .endpoint(&server.url)
        .region("ap-guangzhou")
        .rate_limiting(false)
        .retry(RetryConfig::standard().with_base_delay(Duration::ZERO).with_max_delay(Duration::ZERO))
}

#[tokio::test]
async fn sends_every_header_and_a_signature_the_server_side_accepts() {
    let server = TestServer::start(|_, _| ok_reply()).await;
    let client = builder(&server)
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY).with_token(TOKEN))
        .language(Language::EnUs)
        .build()
        .unwrap();
    let output = client.execute(&Describe { sdk_app_id: 1400000000, task_id: 7 }).await.unwrap();
    assert_eq!(output, Output { name: "task".into(), request_id: "req-ok".into() });

    let seen = &server.requests()[0];
    assert_eq!(seen.method, "POST");
    assert_eq!(seen.path, "/");
    assert_eq!(seen.body, br#"{"SdkAppId":1400000000,"TaskId":7}"#);
    assert_eq!(seen.header("content-type"), Some("application/json"));
    assert_eq!(seen.header("host"), Some(server.url.trim_start_matches("http://")));
    assert_eq!(seen.header("x-tc-action"), Some("DescribeAutoCalloutTask"));
    assert_eq!(seen.header("x-tc-version"), Some("2020-02-10"));
    assert_eq!(seen.header("x-tc-region"), Some("ap-guangzhou"));
    assert_eq!(seen.header("x-tc-token"), Some(TOKEN));
    assert_eq!(seen.header("x-tc-language"), Some("en-US"));
    assert_eq!(seen.header("x-tc-requestclient"), Some(concat!("SDK_RUST_", env!("CARGO_PKG_VERSION"))));
    let timestamp: i64 = seen.header("x-tc-timestamp").unwrap().parse().unwrap();
    assert!((timestamp - unix_now()).abs() < 60);

    let verified = seen.verify(SECRET_ID, SECRET_KEY).unwrap();
    assert_eq!(verified.service, "ccc");
    assert_eq!(verified.secret_id, SECRET_ID);
    assert_eq!(verified.signed_headers, ["content-type", "host", "x-tc-action"]);
}

#[tokio::test]
async fn optional_headers_are_left_out_and_the_action_header_can_be_unsigned() {
    let server = TestServer::start(|_, _| ok_reply()).await;
    let client = Client::builder()
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .endpoint(&server.url)
        .sign_action_header(false)
        .build()
        .unwrap();
    client.execute(&Create { name: "x".into() }).await.unwrap();
    let seen = &server.requests()[0];
    for absent in ["x-tc-region", "x-tc-token", "x-tc-language"] {
        assert_eq!(seen.header(absent), None, "{absent}");
    }
    assert_eq!(seen.verify(SECRET_ID, SECRET_KEY).unwrap().signed_headers, ["content-type", "host"]);
}

#[tokio::test]
async fn the_error_envelope_becomes_a_service_error() {
    let server =
        TestServer::start(|_, _| Reply::service_error("InvalidParameterValue", "TaskId does not exist", "req-42"))
            .await;
    let client = builder(&server).build().unwrap();
    let error = client.execute(&Describe { sdk_app_id: 1, task_id: 2 }).await.unwrap_err();
    assert!(error.is_service());
    assert_eq!(error.code(), Some("InvalidParameterValue"));
    assert_eq!(error.message(), Some("TaskId does not exist"));
    assert_eq!(error.request_id(), Some("req-42"));
    assert_eq!(error.status(), Some(200));
    assert_eq!(
        error.to_string(),
        "ccc.DescribeAutoCalloutTask: InvalidParameterValue: TaskId does not exist (HTTP 200, RequestId req-42)"
    );
    assert_eq!(server.requests().len(), 1, "a client error is not retried");
}

fn bad_gateway() -> Reply {
    Reply::Raw {
        status: 502,
        content_type: "text/html",
        body: "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>".into(),
    }
}

#[tokio::test]
async fn an_html_502_is_a_decode_error_with_an_excerpt() {
    let server = TestServer::start(|_, _| bad_gateway()).await;
    let client = builder(&server).build().unwrap();
    let error = client.execute(&Create { name: "x".into() }).await.unwrap_err();
    assert!(error.is_decode(), "{error:?}");
    assert_eq!(error.status(), Some(502));
    assert!(error.body_excerpt().unwrap().contains("<title>502 Bad Gateway</title>"));
    assert!(error.to_string().contains("HTTP 502"), "{error}");
    assert_eq!(server.requests().len(), 1, "a write is not repeated after a gateway error");

    // A read-only call is repeated up to the attempt limit.
    client.execute(&Describe { sdk_app_id: 1, task_id: 2 }).await.unwrap_err();
    assert_eq!(server.requests().len(), 1 + 3);
}

#[tokio::test]
async fn a_truncated_body_is_a_decode_error() {
    let server = TestServer::start(|_, _| Reply::Json(200, r#"{"Response": {"Name": "ta"#.into())).await;
    let error = builder(&server).build().unwrap().execute(&Create { name: "x".into() }).await.unwrap_err();
    assert!(error.is_decode());
    assert!(error.to_string().contains("ends early"), "{error}");
}

#[tokio::test]
async fn request_limit_exceeded_is_retried_even_for_writes() {
    let server = TestServer::start(|_, n| {
        if n < 2 { Reply::service_error("RequestLimitExceeded", "too many requests", "req-limit") } else { ok_reply() }
    })
    .await;
    let client = builder(&server).build().unwrap();
    let output = client.execute(&Create { name: "x".into() }).await.unwrap();
    assert_eq!(output.request_id, "req-ok");
    assert_eq!(server.requests().len(), 3);
    // Each attempt is signed afresh and carries the same body.
    let requests = server.requests();
    assert_eq!(requests[0].body, br#"{"Name":"x"}"#);
    assert!(requests.iter().all(|r| r.body == requests[0].body && r.verify(SECRET_ID, SECRET_KEY).is_ok()));
}

#[tokio::test]
async fn retries_stop_at_the_attempt_limit() {
    let server = TestServer::start(|_, _| Reply::service_error("RequestLimitExceeded.UinLimitExceeded", "", "r")).await;
    let client = builder(&server).retry(RetryConfig::standard().with_max_attempts(2)).build().unwrap();
    let error = client.execute(&Create { name: "x".into() }).await.unwrap_err();
    assert!(error.is_rate_limited());
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_region_required_action_without_region_fails_before_any_traffic() {
    let server = TestServer::start(|_, _| ok_reply()).await;
    let client =
        Client::builder().credentials(Credentials::new(SECRET_ID, SECRET_KEY)).endpoint(&server.url).build().unwrap();
    let error = client.execute(&Describe { sdk_app_id: 1, task_id: 2 }).await.unwrap_err();
    assert!(error.is_build(), "{error:?}");
    assert!(error.to_string().contains("requires a region"), "{error}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn a_silent_server_times_out() {
    let server = TestServer::start(|_, _| Reply::Hang).await;
    // Each attempt must reach the server before its timeout for the counts below to hold, so the timeout is long
    // enough that a loaded machine stalling mid-send cannot outlast it.
    let client = builder(&server).attempt_timeout(Duration::from_secs(1)).build().unwrap();
    let error = client.execute(&Create { name: "x".into() }).await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(server.requests().len(), 1, "a write that timed out may have happened, so it is not repeated");

    let error = client.execute(&Describe { sdk_app_id: 1, task_id: 2 }).await.unwrap_err();
    assert!(error.is_timeout());
    assert_eq!(server.requests().len(), 1 + 3, "a read-only call is repeated after a timeout");

    let client = builder(&server).total_timeout(Duration::from_millis(100)).build().unwrap();
    let error = client.execute(&Describe { sdk_app_id: 1, task_id: 2 }).await.unwrap_err();
    assert!(error.is_timeout() && error.to_string().contains("total timeout"), "{error}");
}

#[tokio::test]
async fn a_closed_port_is_a_connect_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = Client::builder()
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .endpoint(url)
        .retry(RetryConfig::standard().with_base_delay(Duration::ZERO).with_max_delay(Duration::ZERO))
        .build()
        .unwrap();
    let error = client.execute(&Create { name: "x".into() }).await.unwrap_err();
    assert!(error.is_connect() && !error.is_service(), "{error:?}");
    assert!(std::error::Error::source(&error).is_some());
}

#[tokio::test]
async fn a_connect_timeout_is_a_connect_error_and_a_timeout() {
    let (_listener, url) = support::listener_that_never_answers();
    let client = Client::builder()
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .endpoint(url)
        .connect_timeout(Duration::from_millis(100))
        .retry(RetryConfig::disabled())
        .build()
        .unwrap();
    // A write: nothing reached the server, so the retry policy treats it as a connect failure (always retried).
    let error = client.execute(&Create { name: "x".into() }).await.unwrap_err();
    assert!(error.is_connect() && error.is_timeout() && !error.is_tls(), "{error:?}");
    assert!(error.to_string().contains("connect"), "{error}");
}

#[tokio::test]
async fn build_reports_every_configuration_problem() {
    let error = Client::builder()
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .endpoint("ftp://example.com")
        .region("ap guangzhou")
        .root_domain("")
        .attempt_timeout(Duration::ZERO)
        .retry(RetryConfig::standard().with_max_attempts(0))
        .build()
        .unwrap_err();
    assert!(error.is_build());
    let text = error.to_string();
    for part in ["ftp://", "ap guangzhou", "root domain", "attempt timeout", "max_attempts"] {
        assert!(text.contains(part), "{part} missing from: {text}");
    }
    let error = Client::builder().http_client(reqwest::Client::new()).proxy("http://127.0.0.1:1").build().unwrap_err();
    assert!(error.to_string().contains("http_client"), "{error}");
    assert!(Client::builder().proxy("not a url").build().is_err());
    // Each problem once, without the "the request is invalid" prefix repeated inside the list.
    assert_eq!(text.matches("the request is invalid").count(), 1, "{text}");
    // A proxy or endpoint URL may carry a password; a mistake in it must not put the password in the error.
    for error in [
        Client::builder().proxy("http://user:hunter2@[::1").build().unwrap_err(),
        Client::builder().endpoint("ftp://user:hunter2@example.com").build().unwrap_err(),
    ] {
        assert!(error.is_build() && !error.to_string().contains("hunter2"), "{error}");
    }
}

/// What a generated service client is to the runtime: a wrapper made `From<Client>`.
struct ServiceClient(Client);

impl From<Client> for ServiceClient {
    fn from(core: Client) -> Self {
        ServiceClient(core)
    }
}

#[tokio::test]
async fn a_builder_for_a_wrapper_builds_the_wrapper_with_every_setting() {
    let server = TestServer::start(|_, _| ok_reply()).await;
    let wrapped: ServiceClient = ClientBuilder::<ServiceClient>::new()
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .endpoint(&server.url)
        .region("ap-shanghai")
        .build()
        .unwrap();
    assert_eq!(wrapped.0.region(), Some("ap-shanghai"));
    let output = wrapped.0.execute(&Describe { sdk_app_id: 1, task_id: 2 }).await.unwrap();
    assert_eq!(output.request_id, "req-ok");
    let seen = &server.requests()[0];
    assert_eq!(seen.header("x-tc-region"), Some("ap-shanghai"));
    seen.verify(SECRET_ID, SECRET_KEY).unwrap();

    let error = ClientBuilder::<ServiceClient>::new().region("ap guangzhou").build().err().unwrap();
    assert!(error.is_build() && error.to_string().contains("ap guangzhou"), "{error}");
}

#[tokio::test]
async fn secrets_never_show_in_debug_or_errors() {
    let server = TestServer::start(|_, _| Reply::service_error("AuthFailure.SignatureFailure", "bad", "r")).await;
    let client =
        builder(&server).credentials(Credentials::new(SECRET_ID, SECRET_KEY).with_token(TOKEN)).build().unwrap();
    let error = client.execute(&Create { name: "x".into() }).await.unwrap_err();
    for text in [format!("{client:?}"), format!("{error:?}"), error.to_string()] {
        assert!(!text.contains(SECRET_KEY) && !text.contains(TOKEN), "{text}");
    }
}

#[test]
fn client_is_cheap_to_share() {
    fn assert_traits<T: Clone + Send + Sync + 'static>() {}
    assert_traits::<Client>();
    assert_eq!(std::mem::size_of::<Client>(), std::mem::size_of::<usize>());
}

/// A client whose only timers are the ones under test. On a paused clock tokio jumps to the next timer whenever
/// nothing is ready, so an armed HTTP timeout could fire while a loopback reply is in flight.
fn paused_clock_builder(server: &TestServer) -> ClientBuilder {
    let http = reqwest::Client::builder().pool_idle_timeout(None).build().unwrap();
    builder(server).http_client(http).attempt_timeout(None).total_timeout(None)
}

#[tokio::test(start_paused = true)]
async fn calls_are_paced_to_the_action_rate_limit_on_a_paused_clock() {
    let server = TestServer::start(|_, _| ok_reply()).await;
    let client = paused_clock_builder(&server).rate_limiting(true).build().unwrap();
    let start = tokio::time::Instant::now();
    for _ in 0..21 {
        client.execute(&Describe { sdk_app_id: 1, task_id: 2 }).await.unwrap();
    }
    // DescribeAutoCalloutTask allows 20 calls a second: the 21st starts one second after the first.
    assert_eq!(start.elapsed(), Duration::from_secs(1));
    assert_eq!(server.requests().len(), 21);

    // Another action is not held back by this one, and pacing can be switched off.
    let start = tokio::time::Instant::now();
    for _ in 0..5 {
        client.execute(&Create { name: "x".into() }).await.unwrap();
    }
    assert_eq!(start.elapsed(), Duration::ZERO);
    let unpaced = paused_clock_builder(&server).build().unwrap();
    let start = tokio::time::Instant::now();
    for _ in 0..5 {
        unpaced.execute(&Describe { sdk_app_id: 1, task_id: 2 }).await.unwrap();
    }
    assert_eq!(start.elapsed(), Duration::ZERO);
}

#[tokio::test]
async fn a_wait_for_the_rate_limit_is_bounded_by_the_total_timeout() {
    let server = TestServer::start(|_, _| ok_reply()).await;
    let client = builder(&server).rate_limiting(true).total_timeout(Duration::from_millis(300)).build().unwrap();
    // DescribeAutoCalloutTask allows 20 calls a second: of 60 at once, the last would wait two seconds.
    let start = std::time::Instant::now();
    let calls = (0..60).map(|_| client.execute(&Describe { sdk_app_id: 1, task_id: 2 }));
    let outcomes = futures_util::future::join_all(calls).await;
    let elapsed = start.elapsed();
    let errors: Vec<_> = outcomes.into_iter().filter_map(Result::err).collect();
    assert!(!errors.is_empty(), "some calls waited past the deadline");
    for error in &errors {
        assert!(error.is_timeout() && error.to_string().contains("total timeout of 300ms"), "{error}");
    }
    assert!(elapsed < Duration::from_millis(1500), "they gave up at the deadline: {elapsed:?}");
    // Starts are at least 50 ms apart, so no more than one per 50 ms of the run were sent (seven in a normal run,
    // where every call's 300 ms started together); every other call gave up in the queue without being sent. A
    // call that was sent may still time out waiting for its reply on a loaded machine, so the count sent is
    // bounded by the successes and by the schedule, not equal to the successes.
    let sent = server.requests().len();
    assert!(sent >= 60 - errors.len(), "every success was sent: {sent} sent, {} errors", errors.len());
    let schedule = 1 + elapsed.as_millis() / 50;
    assert!(sent as u128 <= schedule, "a call that ran out of time in the queue was never sent: {sent} sent");
}

#[tokio::test(start_paused = true)]
async fn backoff_sleeps_between_attempts_on_a_paused_clock() {
    let server = TestServer::start(|_, n| {
        if n < 2 { Reply::service_error("RequestLimitExceeded", "slow down", "r") } else { ok_reply() }
    })
    .await;
    let retry = RetryConfig::standard().with_base_delay(Duration::from_secs(1)).with_max_delay(Duration::from_secs(10));
    let client = paused_clock_builder(&server).retry(retry).build().unwrap();
    let start = tokio::time::Instant::now();
    client.execute(&Create { name: "x".into() }).await.unwrap();
    let waited = start.elapsed();
    // Full jitter: up to 1 s before the first retry and up to 2 s before the second.
    assert!(waited <= Duration::from_secs(3), "{waited:?}");
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn a_wrong_local_clock_is_corrected_from_the_server_date() {
    // The server's clock is an hour ahead of this machine's.
    let server = TestServer::start(|seen: &Seen, _| {
        let server_now = unix_now() + 3600;
        let sent: i64 = seen.header("x-tc-timestamp").unwrap().parse().unwrap();
        if (sent - server_now).abs() > 300 {
            let body = json!({"Response": {
                "Error": {"Code": "AuthFailure.SignatureExpire", "Message": "expired"}, "RequestId": "r-exp"}});
            return Reply::JsonWithHeaders(200, vec![("date", http_date(server_now))], body.to_string());
        }
        ok_reply()
    })
    .await;
    let client = builder(&server).build().unwrap();
    client.execute(&Create { name: "x".into() }).await.unwrap();
    assert_eq!(server.requests().len(), 2, "one refusal, then a retry with the server's time");
    client.execute(&Create { name: "y".into() }).await.unwrap();
    assert_eq!(server.requests().len(), 3, "later calls use the learnt offset at once");
    let sent: i64 = server.requests()[2].header("x-tc-timestamp").unwrap().parse().unwrap();
    assert!((sent - (unix_now() + 3600)).abs() <= 5, "{sent}");
}

#[tokio::test]
async fn https_to_a_plain_http_port_is_a_tls_error() {
    let server = TestServer::start(|_, _| ok_reply()).await;
    let client = builder(&server).endpoint(server.url.replace("http://", "https://")).build().unwrap();
    let error = client.execute(&Create { name: "x".into() }).await.unwrap_err();
    let mut chain = String::new();
    let mut source: Option<&dyn std::error::Error> = Some(&error);
    while let Some(e) = source {
        chain.push_str(&format!(" <- {e}"));
        source = e.source();
    }
    assert!(error.is_tls() && error.is_connect(), "{error:?}{chain}");
    assert!(server.requests().is_empty(), "no HTTP request got through");
}
