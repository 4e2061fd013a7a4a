//! Redirects are never followed: a 3xx from the API, the CVM metadata service or STS is a typed error naming the
//! status and the Location's host (never its query), and the host it points to (127.0.0.2) gets no connection.

mod support;

use std::time::Duration;

use support::actions::Describe;
use support::{Reply, TestServer, Trap};
use tencentcloud_core::credentials::{AssumeRoleProvider, CvmRoleProvider};
use tencentcloud_core::{Client, Credentials, ProvideCredentials, RetryConfig};

const TOKEN: &str = "TOKEN-must-not-travel";
const STOLEN: &str = r#"{"Response":{"Name":"stolen","RequestId":"trap"}}"#;

/// A server on 127.0.0.1 answering every request with `status` and a Location on the trap.
async fn redirecting(status: u16, trap: &Trap) -> TestServer {
    let location = format!("http://{}/steal?secret=query-must-not-show", trap.addr);
    TestServer::start(move |_, _| Reply::JsonWithHeaders(status, vec![("location", location.clone())], String::new()))
        .await
}

fn assert_names_host_not_query(text: &str, trap: &Trap) {
    assert!(text.contains(&trap.addr.to_string()), "the Location host is named: {text}");
    assert!(!text.contains("query-must-not-show") && !text.contains("/steal"), "no path or query: {text}");
    assert!(!text.contains(TOKEN), "{text}");
}

#[tokio::test]
async fn redirects_from_the_api_are_typed_errors_and_never_followed() {
    for status in [301, 302, 303, 307, 308] {
        let trap = Trap::start(STOLEN).await;
        let server = redirecting(status, &trap).await;
        let client = Client::builder()
            .credentials(Credentials::new("AKIDredirect", "key").with_token(TOKEN))
            .endpoint(&server.url)
            .region("ap-guangzhou")
            .rate_limiting(false)
            .retry(RetryConfig::standard().with_base_delay(Duration::ZERO).with_max_delay(Duration::ZERO))
            .build()
            .unwrap();
        // Describe is read-only, so anything retryable would be retried: a redirect must not be.
        let e = client.execute(&Describe { sdk_app_id: 1, task_id: 2 }).await.unwrap_err();
        assert!(e.is_redirect(), "{status}: {e}");
        assert_eq!(e.status(), Some(status));
        assert!(e.to_string().contains(&format!("HTTP {status}")), "{e}");
        assert_names_host_not_query(&e.to_string(), &trap);
        assert_names_host_not_query(&format!("{e:?}"), &trap);
        assert_eq!(server.requests().len(), 1, "{status}: a redirect is not retried");
        assert_eq!(trap.connections(), 0, "{status}: the redirect target received a connection");
    }
}

#[tokio::test]
async fn a_caller_supplied_client_that_follows_redirects_gets_its_answer_refused() {
    let trap = Trap::start(STOLEN).await;
    let server = redirecting(307, &trap).await;
    let client = Client::builder()
        .credentials(Credentials::new("AKIDredirect", "key"))
        .endpoint(&server.url)
        .region("ap-guangzhou")
        .rate_limiting(false)
        .http_client(reqwest::Client::new()) // reqwest's default policy follows up to 10 redirects
        .build()
        .unwrap();
    let e = client.execute(&Describe { sdk_app_id: 1, task_id: 2 }).await.unwrap_err();
    assert!(e.is_redirect(), "the other host's answer must not be returned as the typed response: {e}");
    assert_eq!(e.status(), Some(200));
    assert_names_host_not_query(&e.to_string(), &trap);
    assert_eq!(server.requests().len(), 1, "not retried");
}

#[tokio::test]
async fn the_metadata_service_redirecting_is_refused() {
    for status in [301, 302, 303, 307, 308] {
        let trap = Trap::start(r#"{"TmpSecretId":"a","TmpSecretKey":"b","Token":"c","ExpiredTime":4000000000}"#).await;
        let server = redirecting(status, &trap).await;
        for provider in [
            CvmRoleProvider::with_base_url(format!("{}/meta/", server.url)),
            CvmRoleProvider::with_base_url(format!("{}/meta/", server.url)).with_role("reader"),
        ] {
            let e = provider.provide().await.unwrap_err();
            assert!(e.is_credentials(), "{e}");
            assert!(e.to_string().contains(&format!("HTTP {status}")), "{e}");
            assert_names_host_not_query(&e.to_string(), &trap);
        }
        assert_eq!(trap.connections(), 0, "{status}: the redirect target received a connection");
    }
}

#[tokio::test]
async fn sts_redirecting_is_refused() {
    for status in [301, 302, 303, 307, 308] {
        let trap = Trap::start(STOLEN).await;
        let server = redirecting(status, &trap).await;
        let provider = AssumeRoleProvider::builder(
            Credentials::new("AKIDbase", "base-key").with_token(TOKEN),
            "qcs::cam::uin/1:roleName/r",
            "s",
        )
        .endpoint(&server.url)
        .build()
        .unwrap();
        let e = provider.provide().await.unwrap_err();
        assert!(e.is_credentials(), "{e}");
        let source = std::error::Error::source(&e).expect("the STS call's error is kept");
        assert!(source.to_string().contains(&format!("HTTP {status}")), "{source}");
        assert_names_host_not_query(&e.to_string(), &trap);
        assert_eq!(server.requests().len(), 1, "{status}: not retried");
        assert_eq!(trap.connections(), 0, "{status}: the redirect target received a connection");
    }
}
