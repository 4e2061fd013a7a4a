//! The official Python SDK (tencentcloud-sdk-python-intl-en) calls the sandbox over plain HTTP: its signatures
//! are accepted, and a wrong key or unknown SecretId is refused with the official codes. This proves the sandbox
//! checks real TC3 signatures, not just ones made by this repository's signer. `#[ignore]`d for plain
//! `cargo test` (it needs `cargo xtask peers`); `cargo xtask test` installs the peers and runs it.

use std::path::PathBuf;
use std::process::Command;

use serde_json::{Value, json};
use tencentcloud_e2e::{REGION, SECRET_ID, SECRET_KEY, is_uuid_shaped};
use tencentcloud_sandbox::{Outcome, Sandbox};

fn peers() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/peers")
}

/// The peers' interpreter; a missing one fails the test, since skipping would hide that nothing was checked.
fn python() -> PathBuf {
    let python = peers().join(".venv/bin/python");
    assert!(
        python.exists(),
        "the official Python SDK is not installed at {}: run `cargo xtask peers`",
        python.display()
    );
    python
}

struct PeerCall<'a> {
    secret_id: &'a str,
    secret_key: &'a str,
    service: &'a str,
    version: &'a str,
    action: &'a str,
    params: Value,
    region: Option<&'a str>,
    /// Members sent as binary parts of a multipart body (name, text whose bytes are sent), if any.
    multipart_binary: Option<Value>,
    /// An octet-stream call's headers (which carry the members) and body, if it is one.
    octet: Option<(Value, &'a str)>,
}

impl Default for PeerCall<'_> {
    fn default() -> Self {
        PeerCall {
            secret_id: SECRET_ID,
            secret_key: SECRET_KEY,
            service: "ccc",
            version: "2020-02-10",
            action: "DescribeAutoCalloutTask",
            params: json!({"SdkAppId": 1, "TaskId": 2}),
            region: None,
            multipart_binary: None,
            octet: None,
        }
    }
}

/// Runs `tests/peers/sandbox_call.py` against the sandbox and returns its one line of JSON.
async fn call(sandbox: &Sandbox, call: PeerCall<'_>) -> Value {
    let mut command = Command::new(python());
    command
        .arg(peers().join("sandbox_call.py"))
        .args([&sandbox.endpoint(), call.service, call.version, call.action, &call.params.to_string()])
        .args(call.region)
        // The key goes through the environment, never the command line.
        .env("TENCENTCLOUD_SECRET_ID", call.secret_id)
        .env("TENCENTCLOUD_SECRET_KEY", call.secret_key);
    if let Some(binary) = &call.multipart_binary {
        command.env("TENCENTCLOUD_MULTIPART_BINARY", binary.to_string());
    }
    if let Some((headers, body)) = &call.octet {
        command.env("TENCENTCLOUD_OCTET_HEADERS", headers.to_string()).env("TENCENTCLOUD_OCTET_BODY", body);
    }
    // The sandbox runs on this runtime, so wait for the child on a blocking thread.
    let output = tokio::task::spawn_blocking(move || command.output()).await.unwrap().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "the Python peer failed: {stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("the Python peer printed no JSON ({e}): {stdout}"))
}

#[tokio::test]
#[ignore = "needs the official SDKs: cargo xtask peers (cargo xtask test runs it)"]
async fn the_official_python_sdk_is_accepted_and_bad_keys_are_refused() {
    let sandbox = tencentcloud_e2e::sandbox().start().await.unwrap();

    let ok = call(&sandbox, PeerCall::default()).await;
    assert_eq!(ok["ok"]["Name"], "foobar", "{ok}");
    assert_eq!(ok["ok"]["Callees"][0]["Callee"], "foobar", "{ok}");
    assert!(is_uuid_shaped(ok["ok"]["RequestId"].as_str().unwrap_or_default()), "{ok}");

    // Another service, with a region, an array of objects in the body and numbers sent as strings.
    let cvm = sandbox.services().iter().find(|s| s.spec.service == "cvm").unwrap();
    let example = &cvm.action("DescribeInstances").unwrap().examples[0];
    let instances = call(
        &sandbox,
        PeerCall {
            service: "cvm",
            version: "2017-03-12",
            action: "DescribeInstances",
            params: example.request.clone(),
            region: Some(REGION),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(instances["ok"]["TotalCount"], example.response["Response"]["TotalCount"], "{instances}");

    let wrong_key = call(&sandbox, PeerCall { secret_key: "not-the-key", ..Default::default() }).await;
    assert_eq!(wrong_key["error"]["code"], "AuthFailure.SignatureFailure", "{wrong_key}");
    assert!(is_uuid_shaped(wrong_key["error"]["request_id"].as_str().unwrap_or_default()), "{wrong_key}");

    let unknown_id = call(&sandbox, PeerCall { secret_id: "AKIDnobody", ..Default::default() }).await;
    assert_eq!(unknown_id["error"]["code"], "AuthFailure.SecretIdNotFound", "{unknown_id}");

    let typo = call(&sandbox, PeerCall { params: json!({"SdkAppId": 1, "TaskID": 2}), ..Default::default() }).await;
    assert_eq!(typo["error"]["code"], "UnknownParameter", "{typo}");

    let stats = sandbox.stats();
    assert_eq!(stats.action("DescribeAutoCalloutTask").count(&Outcome::Ok), 1);
    assert_eq!(stats.action("DescribeInstances").count(&Outcome::Ok), 1);
    assert_eq!(stats.total(&Outcome::Error("AuthFailure.SignatureFailure".into())), 1);
}

/// Answers `action` with `answer` and keeps every request its handler got, as the sandbox read it.
fn recorded(sandbox: &Sandbox, action: &str, answer: Value) -> std::sync::Arc<std::sync::Mutex<Vec<Value>>> {
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let recorder = seen.clone();
    sandbox.on(action, move |request| {
        recorder.lock().unwrap().push(request);
        Ok(answer.clone())
    });
    seen
}

#[tokio::test]
#[ignore = "needs the official SDKs: cargo xtask peers (cargo xtask test runs it)"]
async fn the_official_python_sdks_multipart_body_is_read_by_the_sandbox() {
    let sandbox = tencentcloud_e2e::sandbox().start().await.unwrap();
    let cii = |action, params, binary| PeerCall {
        service: "cii",
        version: "2021-04-08",
        action,
        params,
        multipart_binary: Some(binary),
        ..Default::default()
    };
    // The file as a binary part: the documented answer.
    let score = call(&sandbox, cii("DescribeQualityScore", json!({}), json!({"File": "\u{89}PNG scan"}))).await;
    assert_eq!(score["ok"]["QualityScore"], 1, "{score}");
    // A text part beside the file, read back as the member it names.
    let seen = recorded(&sandbox, "UploadMedicalFile", json!({"TaskId": "t-1"}));
    let params = json!({"FileURL": "https://example.com/scan.png"});
    let upload = call(&sandbox, cii("UploadMedicalFile", params, json!({"File": "scan"}))).await;
    assert_eq!(upload["ok"]["TaskId"], "t-1", "{upload}");
    assert_eq!(seen.lock().unwrap()[0], json!({"FileURL": "https://example.com/scan.png", "File": "scan"}));
    // Without the required file the sandbox refuses the call as it would a JSON body.
    let missing = call(&sandbox, cii("DescribeQualityScore", json!({}), json!({}))).await;
    assert_eq!(missing["error"]["code"], "MissingParameter", "{missing}");
    let unknown = call(&sandbox, cii("DescribeQualityScore", json!({"Bogus": "x"}), json!({"File": "scan"}))).await;
    assert_eq!(unknown["error"]["code"], "UnknownParameter", "{unknown}");
}

#[tokio::test]
#[ignore = "needs the official SDKs: cargo xtask peers (cargo xtask test runs it)"]
async fn the_official_python_sdks_octet_stream_call_is_read_by_the_sandbox() {
    let sandbox = tencentcloud_e2e::sandbox().start().await.unwrap();
    let seen = recorded(&sandbox, "UploadLog", json!({}));
    let upload = |headers| PeerCall {
        service: "cls",
        version: "2020-10-16",
        action: "UploadLog",
        params: json!({}),
        region: Some(REGION),
        octet: Some((headers, "log group list bytes")),
        ..Default::default()
    };
    let ok = call(&sandbox, upload(json!({"X-CLS-TopicId": "t-1", "X-CLS-CompressType": "lz4"}))).await;
    assert!(ok["ok"]["RequestId"].is_string(), "{ok}");
    assert_eq!(seen.lock().unwrap()[0], json!({"TopicId": "t-1", "CompressType": "lz4"}));
    let missing = call(&sandbox, upload(json!({"X-CLS-CompressType": "lz4"}))).await;
    assert_eq!(missing["error"]["code"], "MissingParameter", "{missing}");
}
