//! Proxies from the environment (`HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY`), with the sandbox as the proxy: a call
//! to an unroutable address gets through only by way of it. Alone in its binary because it sets process-wide
//! environment variables.

// `std::env::set_var` is unsafe since edition 2024, and changing the environment is what this binary is for.
#![allow(unsafe_code)]

mod support;

use std::time::Duration;

use support::typed::Describe;
use support::{ACTION, ID, KEY, SPECS};
use tencentcloud_core::{Client, ClientBuilder, Credentials, RetryConfig};
use tencentcloud_sandbox::Sandbox;

/// A client for 192.0.2.1 (TEST-NET-1: nothing answers there), so only a proxy can deliver its calls.
fn unroutable() -> ClientBuilder {
    Client::builder()
        .credentials(Credentials::new(ID, KEY))
        .endpoint("http://192.0.2.1:8080")
        .allow_insecure_http()
        .region("ap-guangzhou")
        .connect_timeout(Duration::from_millis(500))
        .retry(RetryConfig::disabled())
}

#[tokio::test]
async fn proxy_from_the_environment_is_used_unless_no_proxy_or_the_builder_says_otherwise() {
    let sandbox = Sandbox::builder().specs(SPECS).credential(ID, KEY).start().await.unwrap();
    // SAFETY: this binary's only test sets these before any client reads them, and nothing else runs meanwhile.
    unsafe {
        std::env::set_var("HTTP_PROXY", sandbox.url());
        std::env::remove_var("NO_PROXY");
        std::env::remove_var("no_proxy");
    }
    let through_proxy = unroutable().build().unwrap().execute(&Describe { sdk_app_id: 1, task_id: 2 }).await;
    let output = through_proxy.expect("the call went through the proxy");
    assert!(output.get("Name").is_some(), "{output}");
    assert_eq!(sandbox.stats().action(ACTION).requests, 1, "the proxy (the sandbox) saw the call");

    let ignored = unroutable().proxy_from_env(false).build().unwrap();
    let e = ignored.execute(&Describe { sdk_app_id: 1, task_id: 2 }).await.unwrap_err();
    assert!(e.is_connect(), "proxy_from_env(false) goes direct: {e}");

    unsafe { std::env::set_var("NO_PROXY", "example.com, 192.0.2.1") };
    let excluded = unroutable().build().unwrap();
    let e = excluded.execute(&Describe { sdk_app_id: 1, task_id: 2 }).await.unwrap_err();
    assert!(e.is_connect(), "a NO_PROXY host goes direct: {e}");
    assert_eq!(sandbox.stats().action(ACTION).requests, 1);

    // Loopback never goes through an environment proxy: the sandbox is called directly.
    unsafe {
        std::env::remove_var("NO_PROXY");
        std::env::set_var("HTTP_PROXY", "http://192.0.2.1:3128");
    }
    let local = Client::builder()
        .credentials(Credentials::new(ID, KEY))
        .endpoint(sandbox.url())
        .region("ap-guangzhou")
        .connect_timeout(Duration::from_millis(500))
        .build()
        .unwrap();
    local.execute(&Describe { sdk_app_id: 1, task_id: 2 }).await.unwrap();

    unsafe { std::env::set_var("HTTPS_PROXY", "not a url") };
    let e = Client::builder().credentials(Credentials::new(ID, KEY)).build().unwrap_err();
    assert!(e.is_build() && e.to_string().contains("HTTPS_PROXY"), "{e}");
    unsafe { std::env::remove_var("HTTPS_PROXY") };
}
