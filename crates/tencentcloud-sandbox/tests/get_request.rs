//! GET requests to the sandbox over a real socket: the runtime client and the official Python SDK send the
//! parameters as a query string, and the sandbox reads them back into the JSON shape the spec's types give.

mod support;

use std::path::PathBuf;
use std::process::Command;
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};
use support::json_action;
use tencentcloud_core::{Client, Credentials, HttpMethod, RequestOptions};
use tencentcloud_sandbox::Sandbox;

const ID: &str = "AKIDSandboxGetTest";
const KEY: &str = "sandbox-get-key";

json_action!(DescribeInstances: "cvm" "2017-03-12" "DescribeInstances", region_required = false, read_only = true);
json_action!(RunInstances: "cvm" "2017-03-12" "RunInstances", region_required = false, read_only = false);

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

async fn sandbox() -> Sandbox {
    Sandbox::builder().specs(root().join("specs")).credential(ID, KEY).start().await.unwrap()
}

fn client(sandbox: &Sandbox, method: HttpMethod) -> Client {
    Client::builder()
        .endpoint(sandbox.url())
        .credentials(Credentials::new(ID, KEY))
        .region("ap-guangzhou")
        .http_method(method)
        .build()
        .unwrap()
}

/// The documented request and response of DescribeInstances (`Filters.0.Values.1`).
fn documented(sandbox: &Sandbox) -> (Value, Value) {
    let cvm = sandbox.services().iter().find(|s| s.spec.service == "cvm").unwrap();
    let example = &cvm.action("DescribeInstances").unwrap().examples[0];
    (example.request.clone(), example.response["Response"].clone())
}

fn without_request_id(mut value: Value) -> Value {
    value.as_object_mut().unwrap().remove("RequestId");
    value
}

/// Records what a handler got and answers with it, so a test sees the request as the sandbox read it.
fn echo(sandbox: &Sandbox, action: &str) -> Arc<Mutex<Vec<Value>>> {
    support::recorded(sandbox, action, json!({"InstanceIdSet": ["ins-1"]}))
}

fn run_request() -> Value {
    json!({
        "Placement": {"Zone": "ap-shanghai-2"},
        "InstanceCount": 2,
        "ImageId": "img-dkwyg6sr",
        "VirtualPrivateCloud": {"VpcId": "vpc-1", "SubnetId": "subnet-1", "PrivateIpAddresses": ["10.0.0.19", "10.0.0.18"]},
        "DataDisks": [{"DiskSize": 50, "DiskType": "CLOUD_PREMIUM"}, {"DiskSize": 100, "DiskType": "CLOUD_SSD"}],
        "InstanceName": "web 1 + 未命名 & co",
        "DryRun": true,
        "DisableApiTermination": false,
    })
}

#[tokio::test]
async fn get_request_answers_the_documented_example() {
    let sandbox = sandbox().await;
    let (request, response) = documented(&sandbox);
    let got = client(&sandbox, HttpMethod::Get).execute(&DescribeInstances(request.clone())).await.unwrap();
    assert_eq!(without_request_id(got), without_request_id(response.clone()));
    // Per call, from a POST client.
    let get = RequestOptions::new().with_method(HttpMethod::Get);
    let got = client(&sandbox, HttpMethod::Post).execute_with(&DescribeInstances(request), &get).await.unwrap();
    assert_eq!(without_request_id(got), without_request_id(response));
}

#[tokio::test]
async fn get_request_reads_nested_members_numbers_and_booleans_back_typed() {
    let sandbox = sandbox().await;
    let seen = echo(&sandbox, "RunInstances");
    let request = run_request();
    let got = client(&sandbox, HttpMethod::Get).execute(&RunInstances(request.clone())).await.unwrap();
    assert_eq!(got["InstanceIdSet"], json!(["ins-1"]));
    assert_eq!(seen.lock().unwrap()[0], request, "the sandbox read the query back into the request's JSON");
}

#[tokio::test]
async fn get_request_members_that_do_not_fit_are_refused_with_their_path() {
    let sandbox = sandbox().await;
    let client = client(&sandbox, HttpMethod::Get);
    let error = client.execute(&DescribeInstances(json!({"Limit": "many"}))).await.unwrap_err();
    assert_eq!(error.code(), Some("InvalidParameter"), "{error}");
    assert!(error.to_string().contains("`Limit`"), "{error}");
    let error = client.execute(&DescribeInstances(json!({"Filters": [{"Nme": "zone"}]}))).await.unwrap_err();
    assert_eq!(error.code(), Some("UnknownParameter"), "{error}");
    assert!(error.to_string().contains("Filters[0].Nme"), "{error}");
}

/// Runs `tests/peers/sandbox_call.py` with `reqMethod="GET"` and returns its one line of JSON.
async fn python_get(sandbox: &Sandbox, action: &str, params: &Value) -> Value {
    let peers = root().join("tests/peers");
    let python = peers.join(".venv/bin/python");
    assert!(
        python.exists(),
        "the official Python SDK is not installed at {}: run `cargo xtask peers`",
        python.display()
    );
    let mut command = Command::new(python);
    command
        .arg(peers.join("sandbox_call.py"))
        .args([&sandbox.endpoint(), "cvm", "2017-03-12", action, &params.to_string(), "ap-guangzhou"])
        .env("TENCENTCLOUD_SECRET_ID", ID)
        .env("TENCENTCLOUD_SECRET_KEY", KEY)
        .env("TENCENTCLOUD_REQ_METHOD", "GET");
    let output = tokio::task::spawn_blocking(move || command.output()).await.unwrap().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "the Python peer failed: {stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("the Python peer printed no JSON ({e}): {stdout}"))
}

#[tokio::test]
#[ignore = "needs the official SDKs: cargo xtask peers (cargo xtask test runs it)"]
async fn get_request_from_the_official_python_sdk_succeeds() {
    let sandbox = sandbox().await;
    let (request, response) = documented(&sandbox);
    let answer = python_get(&sandbox, "DescribeInstances", &request).await;
    assert_eq!(without_request_id(answer["ok"].clone()), without_request_id(response), "{answer}");

    // Python prints booleans `True`/`False`; the sandbox reads them by the member's type.
    let seen = echo(&sandbox, "RunInstances");
    let answer = python_get(&sandbox, "RunInstances", &run_request()).await;
    assert_eq!(answer["ok"]["InstanceIdSet"], json!(["ins-1"]), "{answer}");
    assert_eq!(seen.lock().unwrap()[0], run_request());
}
