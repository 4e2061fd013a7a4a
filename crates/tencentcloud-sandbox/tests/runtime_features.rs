//! The runtime's operations features against the sandbox over a socket: a request signed without being sent
//! (`build_signed_request`) and the per-call `X-TC-TraceId` (`trace_id`).

mod support;

use serde_json::Value;
use support::typed::Describe;
use support::{ACTION, ID, KEY, SPECS};
use tencentcloud_core::{Client, Credentials, RequestOptions};
use tencentcloud_sandbox::{Sandbox, SandboxError};

async fn sandbox_and_client() -> (Sandbox, Client) {
    let sandbox = Sandbox::builder().specs(SPECS).credential(ID, KEY).start().await.unwrap();
    let client = Client::builder()
        .credentials(Credentials::new(ID, KEY))
        .endpoint(sandbox.url())
        .region("ap-guangzhou")
        .build()
        .unwrap();
    (sandbox, client)
}

#[tokio::test]
async fn build_signed_request_is_accepted_by_the_sandbox_when_sent_by_another_client() {
    let (sandbox, client) = sandbox_and_client().await;
    let request =
        client.build_signed_request(&Describe { sdk_app_id: 1, task_id: 2 }, &RequestOptions::new()).await.unwrap();
    assert_eq!(request.method(), "POST");
    assert!(request.headers().contains_key("authorization"));
    let trace = request.headers()["x-tc-traceid"].to_str().unwrap().to_owned();
    assert_eq!(uuid::Uuid::parse_str(&trace).unwrap().get_version_num(), 4);
    assert!(sandbox.stats().total_requests() == 0, "building sends nothing");

    let response = reqwest::Client::new().execute(request).await.unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
    assert!(body["Response"].get("Error").is_none(), "{body}");
    let documented = &sandbox.services()[0].action(ACTION).unwrap().examples[0].response["Response"]["Name"];
    assert_eq!(&body["Response"]["Name"], documented);
}

#[tokio::test]
async fn build_signed_request_fails_before_any_traffic_without_a_region() {
    let sandbox = Sandbox::builder().specs(SPECS).credential(ID, KEY).start().await.unwrap();
    let client = Client::builder().credentials(Credentials::new(ID, KEY)).endpoint(sandbox.url()).build().unwrap();
    let e =
        client.build_signed_request(&Describe { sdk_app_id: 1, task_id: 2 }, &RequestOptions::new()).await.unwrap_err();
    assert!(e.is_build(), "{e}");
}

#[tokio::test]
async fn trace_id_is_fresh_per_call_or_the_callers_and_kept_in_errors() {
    let (sandbox, client) = sandbox_and_client().await;
    sandbox.on(ACTION, |_| Err(SandboxError::new("ResourceNotFound", "no such task")));
    let first = client.execute(&Describe { sdk_app_id: 1, task_id: 2 }).await.unwrap_err();
    let second = client.execute(&Describe { sdk_app_id: 1, task_id: 2 }).await.unwrap_err();
    let (a, b) = (first.trace_id().unwrap(), second.trace_id().unwrap());
    assert_ne!(a, b, "a fresh trace id per call");
    assert_eq!(uuid::Uuid::parse_str(a).unwrap().get_version_num(), 4);
    assert!(format!("{first:?}").contains(a), "Debug shows the trace id");

    let mine = RequestOptions::new().with_trace_id("checkout-42");
    let e = client.execute_with(&Describe { sdk_app_id: 1, task_id: 2 }, &mine).await.unwrap_err();
    assert_eq!(e.trace_id(), Some("checkout-42"));
    let bad = RequestOptions::new().with_trace_id("line\nbreak");
    let e = client.execute_with(&Describe { sdk_app_id: 1, task_id: 2 }, &bad).await.unwrap_err();
    assert!(e.is_build(), "{e}");
}

#[tokio::test]
async fn generic_call_by_name_goes_through_signing_and_errors() {
    let (sandbox, client) = sandbox_and_client().await;
    let params = serde_json::json!({"SdkAppId": 1, "TaskId": 2});
    let output = client.call_json("ccc", "2020-02-10", ACTION, params.clone()).await.unwrap();
    let documented = &sandbox.services()[0].action(ACTION).unwrap().examples[0].response["Response"];
    assert_eq!(output["Name"], documented["Name"], "{output}");
    assert!(output["RequestId"].is_string());

    // The sandbox's own errors come back as typed service errors, with the action and a trace id.
    let e = client.call_json("ccc", "2020-02-10", "DescribeNothing", params.clone()).await.unwrap_err();
    assert_eq!(e.code(), Some("InvalidAction"), "{e}");
    assert_eq!(e.action(), Some("ccc.DescribeNothing"));
    assert!(e.trace_id().is_some());
    let e = client.call_json("ccc", "2020-02-10", ACTION, serde_json::json!({"TaskId": 2})).await.unwrap_err();
    assert_eq!(e.code(), Some("MissingParameter"), "{e}");

    // Malformed names fail before any traffic, naming the value.
    let before = sandbox.stats().total_requests();
    for (service, version, action, named) in [
        ("ccc/../x", "2020-02-10", ACTION, "ccc/../x"),
        ("ccc", "20-02-10", ACTION, "20-02-10"),
        ("ccc", "2020-02-10", "Describe\nAutoCalloutTask", "Describe AutoCalloutTask"),
    ] {
        let e = client.call_json(service, version, action, params.clone()).await.unwrap_err();
        assert!(e.is_build() && e.to_string().contains(named), "{e}");
    }
    assert_eq!(sandbox.stats().total_requests(), before, "nothing was sent");
}
