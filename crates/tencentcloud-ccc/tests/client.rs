//! The generated client against the sandbox (a real HTTP server on 127.0.0.1 serving the same specs): fluent and
//! prebuilt calls, the missing-member check before any traffic, error codes, and lenient response decoding.

use serde_json::json;
use tencentcloud_ccc::operation::describe_auto_callout_task::{
    DescribeAutoCalloutTaskErrorCode, DescribeAutoCalloutTaskRequest,
};
use tencentcloud_ccc::{Client, CommonErrorCode, Credentials, runtime};
use tencentcloud_sandbox::{Outcome, Sandbox, SandboxError};

const SECRET_ID: &str = "AKIDgeneratedclienttest";
const SECRET_KEY: &str = "generated-client-test-key";

async fn sandbox() -> Sandbox {
    Sandbox::builder()
        .specs(concat!(env!("CARGO_MANIFEST_DIR"), "/specs"))
        .credential(SECRET_ID, SECRET_KEY)
        .without_rate_limits()
        .start()
        .await
        .expect("the sandbox starts")
}

fn client(sandbox: &Sandbox) -> Client {
    Client::builder()
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .region("ap-guangzhou")
        .endpoint(sandbox.url())
        .build()
        .expect("the client builds")
}

/// `Client::builder().build()?` is the service client itself, with no annotation or `.into()`; a runtime client
/// still converts with `.into()`, and code written for the runtime-typed builder (`.build()?.into()`) compiles.
#[tokio::test]
async fn the_builder_returns_the_service_client() {
    let sandbox = sandbox().await;
    let direct = Client::builder()
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .region("ap-guangzhou")
        .endpoint(sandbox.url())
        .build()
        .unwrap();
    assert_eq!(direct.core().region(), Some("ap-guangzhou"));
    let task = direct.describe_auto_callout_task().sdk_app_id(1).task_id(2).send().await.unwrap();
    assert_eq!(task.name, "foobar");

    let core = runtime::Client::builder()
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .endpoint(sandbox.url())
        .build()
        .unwrap();
    let wrapped: Client = core.into();
    #[allow(clippy::useless_conversion, reason = "the form written before build() returned the service client")]
    let old_form: Client = Client::builder()
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .endpoint(sandbox.url())
        .build()
        .unwrap()
        .into();
    for client in [wrapped, old_form] {
        let task = client.describe_auto_callout_task().sdk_app_id(1).task_id(2).send().await.unwrap();
        assert_eq!(task.name, "foobar");
    }
    assert_eq!(sandbox.stats().action("DescribeAutoCalloutTask").count(&Outcome::Ok), 3);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn fluent_call_decodes_the_documented_example() {
    let sandbox = sandbox().await;
    let task = client(&sandbox).describe_auto_callout_task().sdk_app_id(1).task_id(2).send().await.unwrap();
    assert_eq!(task.name, "foobar");
    assert_eq!(task.not_after, Some(0));
    assert_eq!(task.callers, ["008610086"]);
    assert_eq!(task.callees[0].sessions, ["foobar"]);
    assert!(!task.request_id.is_empty());
    sandbox.shutdown().await;
}

#[tokio::test]
async fn prebuilt_request_is_sent_as_built() {
    let sandbox = sandbox().await;
    let seen = std::sync::Arc::new(std::sync::Mutex::new(None));
    let seen_in_handler = seen.clone();
    sandbox.on("DescribeAutoCalloutTask", move |body| {
        *seen_in_handler.lock().unwrap() = Some(body);
        Ok(json!({"Name": "prebuilt"}))
    });
    let request = DescribeAutoCalloutTaskRequest::builder().sdk_app_id(1400000000).task_id(7).build().unwrap();
    let task = client(&sandbox).send(&request).await.unwrap();
    assert_eq!(task.name, "prebuilt");
    assert_eq!(seen.lock().unwrap().take(), Some(json!({"SdkAppId": 1400000000, "TaskId": 7})));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn missing_required_member_fails_before_any_traffic() {
    let sandbox = sandbox().await;
    let err = client(&sandbox).describe_auto_callout_task().sdk_app_id(1).send().await.unwrap_err();
    assert!(err.is_build(), "{err:?}");
    assert!(err.to_string().contains("TaskId"), "{err}");
    assert_eq!(sandbox.stats().total_requests(), 0);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn service_errors_map_to_the_action_error_codes() {
    let sandbox = sandbox().await;
    sandbox.on("DescribeAutoCalloutTask", |body| match body["TaskId"].as_i64() {
        Some(404) => Err(SandboxError::new("ResourceNotFound", "no such task")),
        Some(500) => Err(SandboxError::new("InternalError.DBError", "database down")),
        _ => Err(SandboxError::new("FailedOperation.NotOnThePage", "a code no page lists")),
    });
    let client = client(&sandbox);
    let code = |task_id: i64| {
        let client = client.clone();
        async move {
            let err = client.describe_auto_callout_task().sdk_app_id(1).task_id(task_id).send().await.unwrap_err();
            DescribeAutoCalloutTaskErrorCode::from_error(&err)
        }
    };
    // A common code the page does not list comes through the one shared enum.
    assert_eq!(code(404).await, Some(DescribeAutoCalloutTaskErrorCode::Common(CommonErrorCode::ResourceNotFound)));
    assert_eq!(code(500).await, Some(DescribeAutoCalloutTaskErrorCode::InternalErrorDbError));
    let other = code(1).await.unwrap();
    assert_eq!(other, DescribeAutoCalloutTaskErrorCode::Other("FailedOperation.NotOnThePage".into()));
    assert_eq!(other.as_str(), "FailedOperation.NotOnThePage");
    assert_eq!(DescribeAutoCalloutTaskErrorCode::InternalErrorDbError.as_str(), "InternalError.DBError");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn responses_with_nulls_missing_members_and_numbers_as_strings_still_decode() {
    let sandbox = sandbox().await;
    sandbox.on("DescribeAutoCalloutTask", |_| {
        Ok(json!({
            "Name": null,
            "State": "3",
            "NotBefore": 1.0,
            "NotAfter": null,
            "Callees": [{"Callee": 8613800000000_i64, "State": null}, null],
            "Callers": null,
            "SomethingNew": {"the": "page does not know this yet"}
        }))
    });
    let task = client(&sandbox).describe_auto_callout_task().sdk_app_id(1).task_id(2).send().await.unwrap();
    assert_eq!(task.name, "");
    assert_eq!(task.state, 3);
    assert_eq!(task.not_before, 1);
    assert_eq!(task.not_after, None);
    assert_eq!(task.ivr_id, 0);
    assert!(task.callers.is_empty());
    assert_eq!(task.callees.len(), 2);
    assert_eq!(task.callees[0].callee, "8613800000000");
    assert_eq!(task.callees[0].state, 0);
    assert_eq!(task.callees[1], Default::default());
    sandbox.shutdown().await;
}

/// Calls can run on a multi-threaded runtime: the builder's future is `Send`.
#[test]
fn send_futures_are_send() {
    fn assert_send<T: Send>(_: &T) {}
    let client = Client::builder().credentials(Credentials::new(SECRET_ID, SECRET_KEY)).build().unwrap();
    let fluent = client.describe_auto_callout_task().sdk_app_id(1).task_id(2).send();
    assert_send(&fluent);
    let request = DescribeAutoCalloutTaskRequest::builder().sdk_app_id(1).task_id(2).build().unwrap();
    let prebuilt = client.send(&request);
    assert_send(&prebuilt);
}
