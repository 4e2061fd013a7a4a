//! Octet-stream calls to the sandbox over a real socket: the runtime client sends cls `UploadLog` as the official
//! SDKs do, the payload as the body and the members in `X-CLS-*` headers, and the sandbox reads the members back,
//! validates them like any request and answers.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use serde_json::{Value, json};
use tencentcloud_core::{Action, ActionInfo, Client, Credentials, OctetStream, RequestOptions, ServiceInfo};
use tencentcloud_sandbox::Sandbox;

const ID: &str = "AKIDSandboxOctetTest";
const KEY: &str = "sandbox-octet-key";

static CLS: ServiceInfo = ServiceInfo { name: "cls", version: "2020-10-16", domain: "cls.tencentcloudapi.com" };
static UPLOAD_LOG: ActionInfo = ActionInfo {
    service: &CLS,
    name: "UploadLog",
    rate_limit_per_second: None,
    region_required: true,
    read_only: false,
};

/// UploadLog's JSON body is empty: its members travel in headers.
#[derive(Serialize)]
struct UploadLog {}

impl Action for UploadLog {
    type Output = Value;
    const INFO: &'static ActionInfo = &UPLOAD_LOG;
}

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
    let seen: Arc<Mutex<Vec<Value>>> = Arc::default();
    let recorder = seen.clone();
    sandbox.on("UploadLog", move |request| {
        recorder.lock().unwrap().push(request);
        Ok(json!({}))
    });
    let headers = [("X-CLS-TopicId", "f6c4fa6f-0000-4000-8289-1ff6f77ed975"), ("X-CLS-CompressType", "lz4")];
    let got = client(&sandbox).execute_with(&UploadLog {}, &log_group_list(&headers)).await.unwrap();
    assert!(got["RequestId"].is_string(), "{got}");
    let request = seen.lock().unwrap()[0].clone();
    assert_eq!(request, json!({"TopicId": "f6c4fa6f-0000-4000-8289-1ff6f77ed975", "CompressType": "lz4"}));
}

#[tokio::test]
async fn octet_stream_without_the_required_header_is_refused() {
    let sandbox = sandbox().await;
    let error = client(&sandbox)
        .execute_with(&UploadLog {}, &log_group_list(&[("X-CLS-CompressType", "lz4")]))
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("MissingParameter"), "{error}");
    assert!(error.to_string().contains("TopicId"), "{error}");
}
