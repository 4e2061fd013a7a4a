//! A server that misbehaves without being malformed: success bodies under error statuses, newlines in error
//! codes and request ids, Retry-After on a 429.

mod support;

use std::time::Duration;

use serde_json::json;
use support::actions::{Create, Describe};
use support::{Reply, TestServer};
use tencentcloud_core::credentials::{AssumeRoleProvider, CvmRoleProvider};
use tencentcloud_core::{Client, ClientBuilder, Credentials, ProvideCredentials, RetryConfig};

fn builder(server: &TestServer) -> ClientBuilder {
    Client::builder()
        .credentials(Credentials::new("AKIDhostile", "key"))
        .endpoint(&server.url)
        .region("ap-guangzhou")
        .rate_limiting(false)
        .retry(RetryConfig::standard().with_base_delay(Duration::ZERO).with_max_delay(Duration::ZERO))
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

/// On a paused clock tokio jumps to the next timer whenever nothing is ready, so the only timers are the retry's.
fn paused_clock_builder(server: &TestServer, max_delay: Duration) -> ClientBuilder {
    let http =
        reqwest::Client::builder().pool_idle_timeout(None).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    builder(server)
        .http_client(http)
        .attempt_timeout(None)
        .total_timeout(None)
        .retry(RetryConfig::standard().with_base_delay(Duration::from_millis(1)).with_max_delay(max_delay))
}

#[tokio::test(start_paused = true)]
async fn retry_after_on_a_429_is_honoured_up_to_the_backoff_cap() {
    let server = TestServer::start(|_, n| {
        if n == 0 {
            Reply::JsonWithHeaders(429, vec![("retry-after", "7".into())], r#"{"Response":{"RequestId":"r"}}"#.into())
        } else {
            Reply::response(json!({"Name": "ok", "RequestId": "r-ok"}))
        }
    })
    .await;
    let start = tokio::time::Instant::now();
    paused_clock_builder(&server, Duration::from_secs(20))
        .build()
        .unwrap()
        .execute(&Create { name: "x".into() })
        .await
        .unwrap();
    assert_eq!(start.elapsed(), Duration::from_secs(7), "the retry waited what Retry-After asked");

    let server = TestServer::start(|_, n| {
        if n == 0 {
            Reply::JsonWithHeaders(429, vec![("retry-after", "3600".into())], "<html>busy</html>".into())
        } else {
            Reply::response(json!({"Name": "ok", "RequestId": "r-ok"}))
        }
    })
    .await;
    let start = tokio::time::Instant::now();
    paused_clock_builder(&server, Duration::from_secs(2))
        .build()
        .unwrap()
        .execute(&Create { name: "x".into() })
        .await
        .unwrap();
    assert_eq!(start.elapsed(), Duration::from_secs(2), "an hour is capped at the backoff's max_delay");
}

#[test]
fn the_default_timeouts_bound_a_call() {
    assert_eq!(tencentcloud_core::DEFAULT_ATTEMPT_TIMEOUT, Duration::from_secs(60), "as the official SDKs");
    assert_eq!(tencentcloud_core::DEFAULT_TOTAL_TIMEOUT, Duration::from_secs(120));
}

#[tokio::test(start_paused = true)]
async fn a_stalling_server_costs_at_most_the_default_total_timeout() {
    let server = TestServer::start(|_, _| Reply::Hang).await;
    let http = reqwest::Client::builder().pool_idle_timeout(None).build().unwrap();
    let client = builder(&server).http_client(http).build().unwrap();
    let start = tokio::time::Instant::now();
    let e = client.execute(&Describe { sdk_app_id: 1, task_id: 2 }).await.unwrap_err();
    assert!(e.is_timeout(), "{e}");
    assert_eq!(start.elapsed(), tencentcloud_core::DEFAULT_TOTAL_TIMEOUT, "{e}");
}

#[tokio::test]
async fn a_body_that_stalls_after_the_headers_is_cut_off_by_the_attempt_timeout() {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().take(2) {
            let Ok(mut stream) = stream else { return };
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                let _ = stream.read(&mut buf);
                let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n";
                let _ = stream.write_all(format!("{head}{{\"Response\":").as_bytes());
                std::thread::sleep(Duration::from_secs(10));
            });
        }
    });
    let limited = |limit: fn(ClientBuilder) -> ClientBuilder| {
        let builder = Client::builder().credentials(Credentials::new("AKIDhostile", "key")).endpoint(&url);
        limit(builder.region("ap-guangzhou").retry(RetryConfig::disabled())).build().unwrap()
    };
    let client = limited(|b| b.attempt_timeout(Duration::from_millis(300)));
    let start = std::time::Instant::now();
    let e = client.execute(&Describe { sdk_app_id: 1, task_id: 2 }).await.unwrap_err();
    assert!(e.is_timeout() && e.to_string().contains("attempt timeout of 300ms"), "{e}");
    assert!(start.elapsed() < Duration::from_secs(5), "{:?}", start.elapsed());
    // The total timeout cuts the body off the same way when it comes first.
    let client = limited(|b| b.total_timeout(Duration::from_millis(300)));
    let e = client.execute(&Describe { sdk_app_id: 1, task_id: 2 }).await.unwrap_err();
    assert!(e.is_timeout() && e.to_string().contains("total timeout of 300ms"), "{e}");
}

#[test]
fn endpoint_passwords_stay_out_of_debug() {
    let builder = Client::builder()
        .credentials(Credentials::new("id", "key"))
        .endpoint("https://user:hunter2@cvm.example.com/")
        .proxy("http://proxyuser:proxypass@proxy.internal:3128");
    let text = format!("{builder:?}");
    assert!(!text.contains("hunter2") && !text.contains("proxypass") && !text.contains("user:"), "{text}");
    assert!(text.contains("cvm.example.com"), "{text}");
    let client = Client::builder()
        .credentials(Credentials::new("id", "key"))
        .endpoint("https://user:hunter2@cvm.example.com/")
        .build()
        .unwrap();
    let text = format!("{client:?}");
    assert!(!text.contains("hunter2") && text.contains("cvm.example.com"), "{text}");
    let sts = AssumeRoleProvider::builder(Credentials::new("id", "key"), "qcs::cam::uin/1:roleName/r", "s")
        .endpoint("https://user:hunter2@sts.example.com/");
    assert!(!format!("{sts:?}").contains("hunter2"), "{sts:?}");
    let sts = sts.build().unwrap();
    assert!(!format!("{sts:?}").contains("hunter2"), "{sts:?}");
}

#[tokio::test]
async fn a_hostile_role_name_is_refused_bounded_and_on_one_line() {
    let listing = format!("evil\0role/../{}\n", "x".repeat(100_000));
    let metadata =
        TestServer::start(move |_, _| Reply::Raw { status: 200, content_type: "text/plain", body: listing.clone() })
            .await;
    let e = CvmRoleProvider::with_base_url(&metadata.url).provide().await.unwrap_err();
    let text = format!("{e} {e:?}");
    assert!(e.is_credentials() && text.contains("not a CAM role name"), "{text}");
    assert!(text.len() < 1_000 && !text.contains('\0'), "bounded, no NUL: {} bytes", text.len());
    assert_eq!(metadata.requests().len(), 1, "the bad name is not put into a URL");

    let e = CvmRoleProvider::with_base_url(&metadata.url).with_role("../admin").provide().await.unwrap_err();
    assert!(e.to_string().contains("not a CAM role name"), "{e}");
}
