//! What the sandbox's integration tests share: fixture specs, a test credential, raw signed calls, actions of any
//! served spec as typed actions with JSON members, and a handler that records what it got.
#![allow(dead_code)] // each test file uses its own subset

use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};
use tencentcloud_core::sign::{self, Request};
use tencentcloud_sandbox::Sandbox;

pub const ID: &str = "AKIDSandboxServerTest";
pub const KEY: &str = "server-test-key";
/// A hand-written copy of two services, so these tests do not move with the regenerated specs.
pub const SPECS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/specs");
pub const ACTION: &str = "DescribeAutoCalloutTask";
pub const VERSION: &str = "2020-02-10";

pub async fn sandbox() -> Sandbox {
    Sandbox::builder().specs(SPECS).credential(ID, KEY).start().await.unwrap()
}

/// One raw call; every knob a test may turn.
pub struct Call<'a> {
    pub action: Option<&'a str>,
    pub version: &'a str,
    pub service: &'a str,
    pub secret_id: &'a str,
    pub secret_key: &'a str,
    /// Seconds added to the current time for X-TC-Timestamp.
    pub skew: i64,
    pub body: String,
    /// Sent instead of `body` after signing `body`.
    pub tampered: Option<String>,
    pub authorization: bool,
    /// Unsigned extra headers.
    pub extra: Vec<(&'a str, &'a str)>,
    /// A `Host` to send and sign instead of the sandbox's `127.0.0.1:PORT`, e.g. a real service domain.
    pub host: Option<&'a str>,
}

impl Default for Call<'_> {
    fn default() -> Self {
        Call {
            action: Some(ACTION),
            version: VERSION,
            service: "ccc",
            secret_id: ID,
            secret_key: KEY,
            skew: 0,
            body: json!({"SdkAppId": 1, "TaskId": 2}).to_string(),
            tampered: None,
            authorization: true,
            extra: Vec::new(),
            host: None,
        }
    }
}

pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub text: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    pub fn error_code(&self) -> String {
        self.json()["Response"]["Error"]["Code"]
            .as_str()
            .unwrap_or_else(|| panic!("no error: {}", self.text))
            .to_owned()
    }

    pub fn error_message(&self) -> String {
        self.json()["Response"]["Error"]["Message"].as_str().unwrap().to_owned()
    }
}

/// One HTTP client for every test: building one loads TLS roots, which is slow next to a loopback call.
pub fn http() -> reqwest::Client {
    static CLIENT: std::sync::OnceLock<reqwest::Client> = std::sync::OnceLock::new();
    CLIENT.get_or_init(reqwest::Client::new).clone()
}

pub async fn send(sandbox: &Sandbox, call: Call<'_>) -> Result<Answer, reqwest::Error> {
    send_to(&sandbox.endpoint(), call).await
}

/// Sends to `host` (`127.0.0.1:PORT`), for a sandbox this process did not start.
pub async fn send_to(host: &str, call: Call<'_>) -> Result<Answer, reqwest::Error> {
    let timestamp = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64 + call.skew;
    let content_type = "application/json; charset=utf-8";
    let mut request = http()
        .post(format!("http://{host}"))
        .header("Content-Type", content_type)
        .header("X-TC-Version", call.version)
        .header("X-TC-Timestamp", timestamp.to_string());
    if let Some(action) = call.action {
        request = request.header("X-TC-Action", action);
    }
    for (name, value) in call.extra {
        request = request.header(name, value);
    }
    let host = match call.host {
        Some(host) => {
            request = request.header("Host", host);
            host
        }
        None => host,
    };
    if call.authorization {
        let signed = Request { host, content_type, action: call.action, payload: call.body.as_bytes() };
        let authorization = sign::sign(call.secret_id, call.secret_key, call.service, timestamp, &signed);
        request = request.header("Authorization", authorization);
    }
    let response = request.body(call.tampered.unwrap_or(call.body)).send().await?;
    let status = response.status().as_u16();
    let content_type =
        response.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    let text = response.text().await?;
    Ok(Answer { status, content_type, text })
}

pub async fn call(sandbox: &Sandbox, call: Call<'_>) -> Answer {
    send(sandbox, call).await.unwrap()
}

pub fn is_uuid_shaped(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12]) && s.chars().all(|c| c == '-' || c.is_ascii_hexdigit())
}

/// The fixture's DescribeAutoCalloutTask as a typed action for `tencentcloud_core::Client`, output as JSON.
pub mod typed {
    use serde::Serialize;
    use serde_json::Value;
    use tencentcloud_core::{Action, ActionInfo, ServiceInfo};

    static CCC: ServiceInfo = ServiceInfo { name: "ccc", version: super::VERSION, domain: "ccc.tencentcloudapi.com" };
    static DESCRIBE: ActionInfo = ActionInfo {
        service: &CCC,
        name: super::ACTION,
        rate_limit_per_second: None,
        region_required: true,
        read_only: true,
    };

    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct Describe {
        pub sdk_app_id: u64,
        pub task_id: u64,
    }

    impl Action for Describe {
        type Output = Value;
        const INFO: &'static ActionInfo = &DESCRIBE;
    }
}

/// Declares `$type`, an action of a served spec as a typed action for `tencentcloud_core::Client` whose request and
/// output are JSON: `json_action!(UploadLog: "cls" "2020-10-16" "UploadLog", region_required = true, read_only =
/// false);`.
#[allow(unused_macros)] // each test file uses its own subset
macro_rules! json_action {
    ($type:ident: $service:literal $version:literal $name:literal, region_required = $region:literal, read_only = $read_only:literal) => {
        #[derive(serde::Serialize)]
        #[serde(transparent)]
        struct $type(serde_json::Value);

        impl tencentcloud_core::Action for $type {
            type Output = serde_json::Value;
            const INFO: &'static tencentcloud_core::ActionInfo = &tencentcloud_core::ActionInfo {
                service: &tencentcloud_core::ServiceInfo {
                    name: $service,
                    version: $version,
                    domain: concat!($service, ".tencentcloudapi.com"),
                },
                name: $name,
                rate_limit_per_second: None,
                region_required: $region,
                read_only: $read_only,
            };
        }
    };
}
#[allow(unused_imports)]
pub(crate) use json_action;

/// Answers `action` with `answer` and keeps every request its handler got, so a test sees a request as the
/// sandbox read it.
pub fn recorded(sandbox: &Sandbox, action: &str, answer: Value) -> Arc<Mutex<Vec<Value>>> {
    let seen: Arc<Mutex<Vec<Value>>> = Arc::default();
    let recorder = seen.clone();
    sandbox.on(action, move |request| {
        recorder.lock().unwrap().push(request);
        Ok(answer.clone())
    });
    seen
}
