//! Multipart calls to the sandbox over a real socket: the runtime client lays a request out as
//! `multipart/form-data` (cii's uploads, a file's bytes as a part), and the sandbox reads the parts back into
//! the request's members, validates them like any request and answers.

mod support;

use std::path::PathBuf;

use serde_json::json;
use support::json_action;
use tencentcloud_core::{Client, Credentials, Multipart, RequestOptions};
use tencentcloud_sandbox::Sandbox;

const ID: &str = "AKIDSandboxMultipartTest";
const KEY: &str = "sandbox-multipart-key";

json_action!(DescribeQualityScore: "cii" "2021-04-08" "DescribeQualityScore", region_required = false, read_only = false);
json_action!(UploadMedicalFile: "cii" "2021-04-08" "UploadMedicalFile", region_required = false, read_only = false);

async fn sandbox() -> Sandbox {
    let specs = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../specs");
    Sandbox::builder().specs(specs).credential(ID, KEY).start().await.unwrap()
}

fn client(sandbox: &Sandbox) -> Client {
    Client::builder().endpoint(sandbox.url()).credentials(Credentials::new(ID, KEY)).build().unwrap()
}

fn file(name: &str, bytes: &[u8]) -> RequestOptions {
    RequestOptions::new().with_multipart(Multipart::new().with_binary(name, bytes.to_vec()))
}

#[tokio::test]
async fn multipart_call_with_a_file_gets_the_documented_answer() {
    let sandbox = sandbox().await;
    let got = client(&sandbox)
        .execute_with(&DescribeQualityScore(json!({})), &file("File", b"\x89PNG scan bytes"))
        .await
        .unwrap();
    assert_eq!(got["QualityScore"], json!(1), "{got}");
}

#[tokio::test]
async fn multipart_parts_reach_the_handler_as_the_requests_members() {
    let sandbox = sandbox().await;
    let seen = support::recorded(&sandbox, "UploadMedicalFile", json!({"TaskId": "t-1"}));
    let request = UploadMedicalFile(json!({"FileURL": "https://example.com/scan.png"}));
    let got = client(&sandbox).execute_with(&request, &file("File", b"scan")).await.unwrap();
    assert_eq!(got["TaskId"], json!("t-1"));
    assert_eq!(seen.lock().unwrap()[0], json!({"FileURL": "https://example.com/scan.png", "File": "scan"}));
}

#[tokio::test]
async fn multipart_members_are_validated_like_any_request() {
    let sandbox = sandbox().await;
    // DescribeQualityScore requires File; without the file part the sandbox says so.
    let error = client(&sandbox)
        .execute_with(&DescribeQualityScore(json!({})), &RequestOptions::new().with_multipart(Multipart::new()))
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("MissingParameter"), "{error}");
    assert!(error.to_string().contains("File"), "{error}");
    // A member the action does not have is refused as in a JSON body.
    let error = client(&sandbox)
        .execute_with(&DescribeQualityScore(json!({"Bogus": "x"})), &file("File", b"scan"))
        .await
        .unwrap_err();
    assert!(error.to_string().contains("Bogus"), "{error}");
}
