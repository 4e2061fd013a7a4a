//! The two Rust callers measured: a bare reqwest POST of pre-signed bytes (the floor) and the generated client.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use tencentcloud_core::sign;

const SERVICE: &str = "ccc";
const VERSION: &str = "2020-02-10";
const ACTION: &str = "DescribeAutoCalloutTask";
/// The bytes the generated client sends for SdkAppId 1, TaskId 2 (serde_json, members in spec order).
const BODY: &[u8] = br#"{"SdkAppId":1,"TaskId":2}"#;
/// The signature is accepted for five minutes; a run signs once, so it must end well before.
const SIGNATURE_LIFETIME_S: f64 = 240.0;
/// No call of a healthy loopback endpoint takes this long; a stuck one must not hang the benchmark.
const CALL_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Clone)]
pub enum Caller {
    Bare(Arc<BareCall>),
    Sdk(tencentcloud_ccc::Client),
}

pub struct BareCall {
    http: reqwest::Client,
    url: String,
    headers: HeaderMap,
}

impl Caller {
    /// Signs the request once, now, for a run of `run_seconds`: every call then sends the same bytes, so the
    /// floor pays for nothing but HTTP.
    pub fn bare(url: &str, secret_id: &str, secret_key: &str, run_seconds: f64) -> Result<Self, String> {
        if run_seconds >= SIGNATURE_LIFETIME_S {
            return Err(format!(
                "a bare run signs once, so warm-up + duration must stay under {SIGNATURE_LIFETIME_S} s"
            ));
        }
        let parsed = reqwest::Url::parse(url).map_err(|e| format!("--url {url:?}: {e}"))?;
        let host = match (parsed.host_str(), parsed.port()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_owned(),
            (None, _) => return Err(format!("--url {url:?} has no host")),
        };
        let timestamp = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_err(|e| format!("the clock is before 1970: {e}"))?
            .as_secs() as i64;
        let request =
            sign::Request { host: &host, content_type: "application/json", action: Some(ACTION), payload: BODY };
        let authorization = sign::sign(secret_id, secret_key, SERVICE, timestamp, &request);

        let mut headers = HeaderMap::new();
        let header = |value: &str| HeaderValue::from_str(value).map_err(|e| format!("header value {value:?}: {e}"));
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        headers.insert(HeaderName::from_static("x-tc-action"), HeaderValue::from_static(ACTION));
        headers.insert(HeaderName::from_static("x-tc-version"), HeaderValue::from_static(VERSION));
        headers.insert(HeaderName::from_static("x-tc-timestamp"), header(&timestamp.to_string())?);
        headers.insert(AUTHORIZATION, header(&authorization)?);
        // The headers the SDK adds to every call, with fixed values: the server then reads the same header set
        // from both callers, and only the client's own work differs.
        headers.insert(
            HeaderName::from_static("x-tc-requestclient"),
            HeaderValue::from_static(tencentcloud_core::REQUEST_CLIENT),
        );
        headers.insert(
            HeaderName::from_static(tencentcloud_core::TRACE_ID_HEADER),
            HeaderValue::from_static("5b1d6c2e-7a4f-4c3e-9d2b-8f0e1a6c4b37"),
        );
        // The same transport settings the SDK's default client uses, so only the SDK's own work differs.
        let http = tencentcloud_core::http_client_builder()
            .timeout(CALL_TIMEOUT)
            .build()
            .map_err(|e| format!("cannot build the reqwest client: {e}"))?;
        Ok(Caller::Bare(Arc::new(BareCall { http, url: url.to_owned(), headers })))
    }

    /// The generated client as a user would configure it for this endpoint, with its client-side pacing off:
    /// the documented 20 calls/s would otherwise be the result of every run.
    pub fn sdk(url: &str, secret_id: &str, secret_key: &str) -> Result<Self, String> {
        let client = tencentcloud_ccc::Client::builder()
            .credentials(tencentcloud_ccc::Credentials::new(secret_id, secret_key))
            .endpoint(url)
            .rate_limiting(false)
            .attempt_timeout(CALL_TIMEOUT)
            .build()
            .map_err(|e| format!("cannot build the client: {e}"))?;
        Ok(Caller::Sdk(client))
    }

    pub fn name(&self) -> &'static str {
        match self {
            Caller::Bare(_) => "bare",
            Caller::Sdk(_) => "rust",
        }
    }

    pub fn version(&self) -> &'static str {
        match self {
            Caller::Bare(_) => "reqwest 0.13",
            Caller::Sdk(_) => concat!("tencentcloud-ccc ", env!("CARGO_PKG_VERSION")),
        }
    }

    /// One DescribeAutoCalloutTask; an error says what was wrong with the answer.
    pub async fn call(&self) -> Result<(), String> {
        match self {
            Caller::Bare(bare) => bare.call().await,
            Caller::Sdk(client) => {
                let task = client
                    .describe_auto_callout_task()
                    .sdk_app_id(1)
                    .task_id(2)
                    .send()
                    .await
                    .map_err(|e| e.to_string())?;
                if task.request_id.is_empty() { Err("the response has no RequestId".into()) } else { Ok(()) }
            }
        }
    }
}

impl BareCall {
    async fn call(&self) -> Result<(), String> {
        let response = self
            .http
            .post(&self.url)
            .headers(self.headers.clone())
            .body(BODY)
            .send()
            .await
            .map_err(|e| format!("POST failed: {e}"))?;
        let status = response.status();
        let body = response.bytes().await.map_err(|e| format!("reading the body failed: {e}"))?;
        // The floor checks the answer without parsing it: a 200 whose body names a RequestId and no Error.
        if status.is_success() && contains(&body, b"\"RequestId\"") && !contains(&body, b"\"Error\"") {
            Ok(())
        } else {
            Err(format!("HTTP {status}: {}", String::from_utf8_lossy(&body[..body.len().min(300)])))
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}
