//! Octet-stream calls to the sandbox over a real socket: the runtime client sends cls `UploadLog` as the official
//! SDKs do, the payload as the body and the members in `X-CLS-*` headers, and the sandbox reads the members back,
//! validates them like any request and answers.

mod support;

use std::path::PathBuf;

use serde_json::json;
use support::json_action;
use tencentcloud_core::{Client, Credentials, OctetStream, RequestOptions};
use tencentcloud_sandbox::Sandbox;

const ID: &str = "AKIDSandboxOctetTest";
const KEY: &str = "sandbox-octet-key";

// UploadLog's JSON body is empty: its members travel in headers.
json_action!(UploadLog: "cls" "2020-10-16" "UploadLog", region_required = true, read_only = false);

async fn sandbox() -> Sandbox {
    let specs = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../specs");
    Sandbox::builder().specs(specs).credential(ID, KEY).start().await.unwrap()
}

fn client(sandbox: &Sandbox) -> Client {
    let builder = Client::builder().endpoint(sandbox.url()).credentials(Credentials::new(ID, KEY));
    builder.region("ap-guangzhou").build().unwrap()
}

fn log_group_list(headers: &[(&str, &str)]) -> RequestOptions {
    let body = OctetStream::new(b"\x0a\x10protobuf bytes\xff\x00".to_vec());
    RequestOptions::new().with_octet_stream(headers.iter().fold(body, |body, (n, v)| body.with_header(*n, *v)))
}

#[tokio::test]
async fn octet_stream_upload_log_reads_its_members_from_the_headers() {
    let sandbox = sandbox().await;
    let seen = support::recorded(&sandbox, "UploadLog", json!({}));
    let headers = [("X-CLS-TopicId", "f6c4fa6f-0000-4000-8289-1ff6f77ed975"), ("X-CLS-CompressType", "lz4")];
    let got = client(&sandbox).execute_with(&UploadLog(json!({})), &log_group_list(&headers)).await.unwrap();
    assert!(got["RequestId"].is_string(), "{got}");
    let request = seen.lock().unwrap()[0].clone();
    assert_eq!(request, json!({"TopicId": "f6c4fa6f-0000-4000-8289-1ff6f77ed975", "CompressType": "lz4"}));
}

#[tokio::test]
async fn octet_stream_without_the_required_header_is_refused() {
    let sandbox = sandbox().await;
    let error = client(&sandbox)
        .execute_with(&UploadLog(json!({})), &log_group_list(&[("X-CLS-CompressType", "lz4")]))
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("MissingParameter"), "{error}");
    assert!(error.to_string().contains("TopicId"), "{error}");
}
