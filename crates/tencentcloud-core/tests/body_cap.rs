//! Response bodies are read with a cap: past it the call fails with a typed error, is not retried, and the
//! connection is dropped rather than drained. The same cap guards the CVM metadata and STS clients.

mod support;

use std::time::Duration;

use support::actions::Describe;
use support::{Endless, Reply, TestServer};
use tencentcloud_core::credentials::{AssumeRoleProvider, CvmRoleProvider};
use tencentcloud_core::{Client, ClientBuilder, Credentials, DEFAULT_MAX_RESPONSE_BYTES, ProvideCredentials};

fn client(url: &str) -> ClientBuilder {
    Client::builder()
        .credentials(Credentials::new("AKIDcap", "key"))
        .endpoint(url)
        .region("ap-guangzhou")
        .rate_limiting(false)
        // Without the cap the endless body would run into this instead.
        .attempt_timeout(Duration::from_secs(20))
}

#[tokio::test]
async fn a_content_length_above_the_cap_is_refused_unread() {
    let big = format!(r#"{{"Response":{{"Name":"{}","RequestId":"r"}}}}"#, "n".repeat(4096));
    let server = TestServer::start(move |_, _| Reply::Json(200, big.clone())).await;
    let e = client(&server.url)
        .max_response_bytes(1024)
        .build()
        .unwrap()
        .execute(&Describe { sdk_app_id: 1, task_id: 2 })
        .await
        .unwrap_err();
    assert!(e.is_response_too_large(), "{e}");
    assert_eq!(e.status(), Some(200));
    assert!(e.to_string().contains("1024-byte cap"), "{e}");
    assert_eq!(server.requests().len(), 1, "a read-only call is still not retried: the answer would be the same");

    // A body at the cap is fine.
    let fits = client(&server.url).max_response_bytes(8192).build().unwrap();
    assert_eq!(fits.execute(&Describe { sdk_app_id: 1, task_id: 2 }).await.unwrap().name.len(), 4096);
}

#[tokio::test]
async fn an_endless_body_fails_at_the_cap_and_the_connection_is_dropped() {
    let server = Endless::start().await;
    let client = client(&server.url).max_response_bytes(256 * 1024).build().unwrap();
    let e = client.execute(&Describe { sdk_app_id: 1, task_id: 2 }).await.unwrap_err();
    assert!(e.is_response_too_large(), "{e}");
    assert_eq!(server.requests(), 1, "not retried");
    // The server sees its writes fail: the client closed the connection instead of reading on.
    tokio::time::timeout(Duration::from_secs(30), server.dropped()).await.expect("the connection was not dropped");
}

#[tokio::test]
async fn the_default_cap_guards_the_metadata_and_sts_clients() {
    assert_eq!(DEFAULT_MAX_RESPONSE_BYTES, 64 << 20);
    let server = Endless::start().await;
    let e = CvmRoleProvider::with_base_url(format!("{}/meta/", server.url)).provide().await.unwrap_err();
    assert!(e.is_credentials(), "{e}");
    assert!(e.to_string().contains(&format!("{DEFAULT_MAX_RESPONSE_BYTES}-byte cap")), "{e}");

    let sts = AssumeRoleProvider::builder(Credentials::new("AKIDbase", "key"), "qcs::cam::uin/1:roleName/r", "s")
        .endpoint(&server.url)
        .build()
        .unwrap();
    let e = sts.provide().await.unwrap_err();
    assert!(e.is_credentials(), "{e}");
    let source = std::error::Error::source(&e).unwrap();
    assert!(source.to_string().contains(&format!("{DEFAULT_MAX_RESPONSE_BYTES}-byte cap")), "{source}");
}
