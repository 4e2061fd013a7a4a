//! Every ccc and cvm action, called over a real socket against the sandbox with each of its documented example
//! requests: once through the typed generated client and once as raw JSON through the runtime. Each must come
//! back as that example's documented response with a fresh RequestId.

use std::fmt::Debug;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tencentcloud_core::{Action, Client, Language};
use tencentcloud_e2e::{RawJson, is_uuid_shaped};
use tencentcloud_sandbox::{Outcome, Sandbox};
use tencentcloud_spec::Service;

/// `response` without its RequestId, which the sandbox replaces.
fn without_request_id(mut response: Value) -> Value {
    if let Some(members) = response.as_object_mut() {
        members.remove("RequestId");
    }
    response
}

fn request_id(response: &Value) -> &str {
    response["RequestId"].as_str().unwrap_or_default()
}

/// The client with the example's extra headers; the runtime sends `X-TC-Language` and no other extras.
fn client_for(sandbox: &Sandbox, headers: &[(String, String)]) -> Client {
    let mut builder = tencentcloud_e2e::client(sandbox);
    for (name, value) in headers {
        assert!(name.eq_ignore_ascii_case("X-TC-Language"), "the example needs header {name}, which no client sends");
        builder = builder.language(match value.as_str() {
            "zh-CN" => Language::ZhCn,
            "en-US" => Language::EnUs,
            other => panic!("unknown X-TC-Language {other}"),
        });
    }
    builder.build().unwrap()
}

/// Calls `R` with each of its examples, typed and raw; returns the action's name.
async fn check_action<R>(sandbox: &Sandbox, service: &Service) -> &'static str
where
    R: Action + DeserializeOwned,
    R::Output: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let name = R::INFO.name;
    assert_eq!(R::INFO.service.name, service.spec.service);
    let spec = service.action(name).unwrap_or_else(|| panic!("{name} has no spec"));
    assert!(!spec.examples.is_empty(), "{name} has no example to call with");
    for (i, example) in spec.examples.iter().enumerate() {
        let label = format!("{}.{name} example {}", service.spec.service, i + 1);
        // Examples the request and headers cannot tell apart all get the first one's response.
        let answering = spec
            .examples
            .iter()
            .find(|e| e.request == example.request && e.headers == example.headers)
            .unwrap_or(example);
        let documented = answering.response["Response"].clone();
        let client = &client_for(sandbox, &example.headers);

        let raw = client
            .execute(&RawJson::<R>::new(example.request.clone()))
            .await
            .unwrap_or_else(|e| panic!("{label} as raw JSON: {e}"));
        assert!(is_uuid_shaped(request_id(&raw)), "{label}: {raw}");
        assert_ne!(request_id(&raw), request_id(&documented));
        assert_eq!(without_request_id(raw), without_request_id(documented.clone()), "{label} as raw JSON");

        let typed_request: R = serde_json::from_value(example.request.clone())
            .unwrap_or_else(|e| panic!("{label}: the example request does not fit the typed request: {e}"));
        let typed = client.execute(&typed_request).await.unwrap_or_else(|e| panic!("{label} typed: {e}"));
        let expected: R::Output = serde_json::from_value(documented)
            .unwrap_or_else(|e| panic!("{label}: the example response does not fit the typed response: {e}"));
        let typed = serde_json::to_value(&typed).unwrap();
        assert!(is_uuid_shaped(request_id(&typed)), "{label}: {typed}");
        assert_eq!(without_request_id(typed), without_request_id(serde_json::to_value(&expected).unwrap()), "{label}");
    }
    name
}

macro_rules! check_all {
    ($sandbox:expr, $service:expr; $($request:ty),* $(,)?) => {{
        let mut checked = Vec::new();
        $( checked.push(check_action::<$request>($sandbox, $service).await); )*
        checked
    }};
}

fn service<'a>(sandbox: &'a Sandbox, name: &str) -> &'a Service {
    sandbox.services().iter().find(|s| s.spec.service == name).unwrap_or_else(|| panic!("no {name} specs"))
}

/// Each listed request type is checked; the list must name every action in the specs, so a new page cannot be
/// left out silently.
fn assert_covers_every_action(service: &Service, checked: &[&str]) {
    let mut documented: Vec<&str> = service.actions.iter().map(|a| a.name.as_str()).collect();
    let mut checked = checked.to_vec();
    documented.sort();
    checked.sort();
    assert_eq!(checked, documented, "add the missing {} actions to the list in this test", service.spec.service);
}

#[tokio::test]
async fn every_ccc_and_cvm_action_answers_its_documented_examples() {
    // The examples are called back to back, faster than some documented limits allow.
    let sandbox = tencentcloud_e2e::sandbox().without_rate_limits().start().await.unwrap();
    use tencentcloud_ccc as ccc;
    let ccc_service = service(&sandbox, "ccc");
    let checked = check_all!(&sandbox, ccc_service;
        ccc::operation::bind_staff_skill_group_list::BindStaffSkillGroupListRequest,
        ccc::operation::create_ai_call::CreateAICallRequest,
        ccc::operation::create_auto_callout_task::CreateAutoCalloutTaskRequest,
        ccc::operation::create_sdk_login_token::CreateSDKLoginTokenRequest,
        ccc::operation::create_staff::CreateStaffRequest,
        ccc::operation::describe_auto_callout_task::DescribeAutoCalloutTaskRequest,
        ccc::operation::describe_auto_callout_tasks::DescribeAutoCalloutTasksRequest,
        ccc::operation::describe_call_in_metrics::DescribeCallInMetricsRequest,
        ccc::operation::describe_extensions::DescribeExtensionsRequest,
        ccc::operation::describe_session_detail::DescribeSessionDetailRequest,
        ccc::operation::describe_staff_info_list::DescribeStaffInfoListRequest,
        ccc::operation::describe_tel_cdr::DescribeTelCdrRequest,
        ccc::operation::describe_tel_session::DescribeTelSessionRequest,
        ccc::operation::hang_up_call::HangUpCallRequest,
        ccc::operation::modify_staff::ModifyStaffRequest,
        ccc::operation::pause_auto_callout_task::PauseAutoCalloutTaskRequest,
        ccc::operation::resume_auto_callout_task::ResumeAutoCalloutTaskRequest,
        ccc::operation::stop_auto_callout_task::StopAutoCalloutTaskRequest,
    );
    assert_covers_every_action(ccc_service, &checked);

    use tencentcloud_cvm as cvm;
    let cvm_service = service(&sandbox, "cvm");
    let checked = check_all!(&sandbox, cvm_service;
        cvm::operation::describe_images::DescribeImagesRequest,
        cvm::operation::describe_instances::DescribeInstancesRequest,
        cvm::operation::describe_zones::DescribeZonesRequest,
        cvm::operation::inquiry_price_run_instances::InquiryPriceRunInstancesRequest,
        cvm::operation::run_instances::RunInstancesRequest,
        cvm::operation::start_instances::StartInstancesRequest,
    );
    assert_covers_every_action(cvm_service, &checked);

    let stats = sandbox.stats();
    let examples: usize = sandbox.services().iter().flat_map(|s| &s.actions).map(|a| a.examples.len()).sum();
    assert_eq!(stats.total(&Outcome::Ok), 2 * examples as u64, "{stats:#?}");
    assert_eq!(stats.total_requests(), 2 * examples as u64, "no retries, no errors");
}

#[tokio::test]
async fn the_typed_ccc_client_gets_the_documented_task() {
    let sandbox = tencentcloud_e2e::sandbox().start().await.unwrap();
    let client = tencentcloud_ccc::Client::from(tencentcloud_e2e::client(&sandbox).build().unwrap());
    let task = client.describe_auto_callout_task().sdk_app_id(1).task_id(2).send().await.unwrap();
    assert_eq!(task.name, "foobar");
    assert_eq!(task.callers, ["008610086"]);
    assert_eq!(task.callees[0].callee, "foobar");
    assert_eq!(task.callees[0].sessions, ["foobar"]);
    assert!(is_uuid_shaped(&task.request_id), "{}", task.request_id);

    // A service error comes back typed, with the sandbox's RequestId.
    sandbox.on("DescribeAutoCalloutTask", |_| {
        Err(tencentcloud_sandbox::SandboxError::new("InvalidParameterValue", "TaskId 2 does not exist"))
    });
    let error = client.describe_auto_callout_task().sdk_app_id(1).task_id(2).send().await.unwrap_err();
    assert_eq!(error.code(), Some("InvalidParameterValue"));
    assert!(error.request_id().is_some_and(is_uuid_shaped), "{error}");
    assert_eq!(
        tencentcloud_ccc::operation::describe_auto_callout_task::DescribeAutoCalloutTaskErrorCode::from_error(&error),
        Some(tencentcloud_ccc::operation::describe_auto_callout_task::DescribeAutoCalloutTaskErrorCode::InvalidParameterValue)
    );
}
