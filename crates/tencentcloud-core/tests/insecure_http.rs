//! Plain http carries the SecretId, the signature and any session token in clear text: it is allowed to loopback
//! (a local sandbox) and elsewhere only after `allow_insecure_http()`; otherwise `build()` refuses it.

mod support;

use support::actions::Create;
use support::{Reply, TestServer};
use tencentcloud_core::credentials::AssumeRoleProvider;
use tencentcloud_core::{Client, Credentials};

#[test]
fn plain_http_to_a_remote_host_is_a_build_error_without_the_opt_in() {
    for url in ["http://cvm.tencentcloudapi.com", "http://10.0.0.7:8080", "http://[2001:db8::1]/", "http://0.0.0.0:80"]
    {
        let e = Client::builder().credentials(Credentials::new("id", "key")).endpoint(url).build().unwrap_err();
        assert!(e.is_build(), "{url}: {e}");
        assert!(e.to_string().contains("allow_insecure_http()"), "{url}: {e}");
        let allowed =
            Client::builder().credentials(Credentials::new("id", "key")).endpoint(url).allow_insecure_http().build();
        assert!(allowed.is_ok(), "{url}: the opt-in allows it");

        let sts = AssumeRoleProvider::builder(Credentials::new("id", "key"), "qcs::cam::uin/1:roleName/r", "s")
            .endpoint(url)
            .build()
            .unwrap_err();
        assert!(sts.is_build() && sts.to_string().contains("allow_insecure_http()"), "STS {url}: {sts}");
        let sts = AssumeRoleProvider::builder(Credentials::new("id", "key"), "qcs::cam::uin/1:roleName/r", "s")
            .endpoint(url)
            .allow_insecure_http()
            .build();
        assert!(sts.is_ok(), "STS {url}");
    }
    let password = Client::builder().endpoint("http://user:hunter2@example.com").build().unwrap_err();
    assert!(!password.to_string().contains("hunter2"), "{password}");
}

#[test]
fn https_and_loopback_http_need_no_opt_in() {
    for url in [
        "https://cvm.example.com",
        "http://127.0.0.1:9000",
        "http://127.8.9.10:1",
        "http://localhost:80",
        "http://[::1]:9",
    ] {
        let client = Client::builder().credentials(Credentials::new("id", "key")).endpoint(url).build();
        assert!(client.is_ok(), "{url}: {:?}", client.err());
    }
}

#[tokio::test]
async fn a_loopback_sandbox_over_plain_http_keeps_working() {
    let server = TestServer::start(|_, _| Reply::response(serde_json::json!({"RequestId": "r"}))).await;
    let client = Client::builder().credentials(Credentials::new("id", "key")).endpoint(&server.url).build().unwrap();
    client.execute(&Create { name: "x".into() }).await.unwrap();
    assert_eq!(server.requests().len(), 1);
}
