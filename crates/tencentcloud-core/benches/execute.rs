//! What the runtime adds to one call: `Client::execute` (serialise, sign, send, decode, span, retry and pacing
//! bookkeeping) against a bare reqwest POST carrying the same headers and body (a precomputed signature), both to
//! the same local HTTP server. Header bytes cost the server real time, so the baseline sends them too.

use std::hint::black_box;

use axum::body::Bytes;
use criterion::{Criterion, criterion_group, criterion_main};
use serde::{Deserialize, Serialize};
use tencentcloud_core::{
    Action, ActionInfo, Client, Credentials, EndpointFailover, Multipart, OctetStream, RequestOptions, ServiceInfo,
};

static CCC: ServiceInfo = ServiceInfo { name: "ccc", version: "2020-02-10", domain: "ccc.tencentcloudapi.com" };
static DESCRIBE: ActionInfo = ActionInfo {
    service: &CCC,
    name: "DescribeAutoCalloutTask",
    rate_limit_per_second: Some(20),
    region_required: true,
    read_only: true,
};

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Describe {
    sdk_app_id: u64,
    task_id: u64,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(dead_code)]
struct Output {
    name: String,
    description: String,
    callees: Vec<String>,
    request_id: String,
}

impl Action for Describe {
    type Output = Output;
    const INFO: &'static ActionInfo = &DESCRIBE;
}

const RESPONSE: &str = r#"{"Response":{"Name":"spring campaign","Description":"reminder calls","Callees":["8613800000000","8613900000000"],"RequestId":"6e3f3a2c-6a4e-4b3e-9c1f-2f0b8f3a1d4e"}}"#;

/// A local server on `runtime` answering every request with [`RESPONSE`]; its URL.
fn serve(runtime: &tokio::runtime::Runtime) -> String {
    runtime.block_on(async {
        let app =
            axum::Router::new().fallback(|_body: Bytes| async { ([("content-type", "application/json")], RESPONSE) });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        url
    })
}

fn client_for(url: &str) -> Client {
    Client::builder()
        .credentials(Credentials::new("AKIDbench", "bench-secret"))
        .endpoint(url)
        .region("ap-guangzhou")
        .rate_limiting(false)
        .build()
        .unwrap()
}

/// A reqwest client with the transport settings the runtime gives its own, so the difference is the runtime,
/// not the client's options.
fn bare_client() -> reqwest::Client {
    tencentcloud_core::http_client_builder().build().unwrap()
}

/// The bare call: a reqwest POST with the headers the runtime sends (a fixed signature) and the same body.
async fn bare_post(bare: &reqwest::Client, url: &str, body: Bytes) {
    let response = bare
        .post(url)
        .header("content-type", "application/json")
        .header("x-tc-action", "DescribeAutoCalloutTask")
        .header("x-tc-version", "2020-02-10")
        .header("x-tc-timestamp", "1763900000")
        .header("x-tc-region", "ap-guangzhou")
        .header("x-tc-requestclient", "SDK_RUST_0.1.0")
        .header("x-tc-traceid", "5b1d6c2e-7a4f-4c3e-9d2b-8f0e1a6c4b37")
        .header("authorization", "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2025-11-23/ccc/tc3_request, SignedHeaders=content-type;host;x-tc-action, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168")
        .body(body)
        .send()
        .await
        .unwrap();
    black_box(response.bytes().await.unwrap());
}

fn execute_overhead(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let url = serve(&runtime);
    let client = client_for(&url);
    let request = Describe { sdk_app_id: 1400000000, task_id: 123456 };
    c.bench_function("execute DescribeAutoCalloutTask over loopback", |b| {
        b.iter(|| runtime.block_on(async { black_box(client.execute(&request).await.unwrap()) }))
    });
    // A default-host client's route, failover on: the same call plus the check of which host to start at.
    let failing_over = Client::builder()
        .credentials(Credentials::new("AKIDbench", "bench-secret"))
        .endpoint_failover(EndpointFailover::standard().with_candidate_urls([url.as_str(), "http://127.0.0.1:9"]))
        .region("ap-guangzhou")
        .rate_limiting(false)
        .build()
        .unwrap();
    c.bench_function("execute on a failover route (primary answering)", |b| {
        b.iter(|| runtime.block_on(async { black_box(failing_over.execute(&request).await.unwrap()) }))
    });
    // What a multipart call costs before it is sent: the parts laid out, the boundary checked against a 1 MiB
    // file, the body hashed and signed.
    let file: Vec<u8> = (0..1u32 << 20).map(|i| (i * 31 + i / 97) as u8).collect();
    let octet = RequestOptions::new().with_octet_stream(OctetStream::new(file.clone()));
    c.bench_function("sign an octet-stream call of the same 1 MiB", |b| {
        b.iter(|| runtime.block_on(async { black_box(client.build_signed_request(&request, &octet).await.unwrap()) }))
    });
    let multipart = RequestOptions::new().with_multipart(Multipart::new().with_binary("File", file));
    c.bench_function("sign a multipart call with a 1 MiB file", |b| {
        b.iter(|| {
            runtime.block_on(async { black_box(client.build_signed_request(&request, &multipart).await.unwrap()) })
        })
    });
    let untimed = Client::builder()
        .credentials(Credentials::new("AKIDbench", "bench-secret"))
        .endpoint(&url)
        .region("ap-guangzhou")
        .rate_limiting(false)
        .attempt_timeout(None)
        .build()
        .unwrap();
    c.bench_function("execute without a per-attempt timeout", |b| {
        b.iter(|| runtime.block_on(async { black_box(untimed.execute(&request).await.unwrap()) }))
    });

    // Configured like the client's own connection pool, so the difference is the runtime, not socket options.
    let bare = bare_client();
    let body = Bytes::from(serde_json::to_vec(&request).unwrap());
    c.bench_function("bare reqwest POST, same headers and body", |b| {
        b.iter(|| runtime.block_on(bare_post(&bare, &url, body.clone())))
    });
}

/// Throughput with 64 calls in flight on a two-worker runtime, as `cargo xtask bench` loads the client: here the
/// shared state every call touches (reference counts, locks, counters) costs as cores take turns owning it.
fn in_flight_64(c: &mut Criterion) {
    const IN_FLIGHT: u64 = 64;
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let url = serve(&runtime);
    let client = client_for(&url);
    let bare = bare_client();
    let body = Bytes::from(serde_json::to_vec(&Describe { sdk_app_id: 1400000000, task_id: 123456 }).unwrap());
    // Each of the 64 tasks makes its share of the iterations; the time is per call.
    let run =
        |iters: u64, call: std::sync::Arc<dyn Fn() -> futures_util::future::BoxFuture<'static, ()> + Send + Sync>| {
            let per_task = iters.div_ceil(IN_FLIGHT);
            let started = std::time::Instant::now();
            runtime.block_on(async {
                let tasks: Vec<_> = (0..IN_FLIGHT)
                    .map(|_| {
                        let call = call.clone();
                        tokio::spawn(async move {
                            for _ in 0..per_task {
                                call().await;
                            }
                        })
                    })
                    .collect();
                for task in tasks {
                    task.await.unwrap();
                }
            });
            started.elapsed().mul_f64(iters as f64 / (per_task * IN_FLIGHT) as f64)
        };
    let mut group = c.benchmark_group("64 in flight");
    group.bench_function("execute", |b| {
        let client = client.clone();
        b.iter_custom(|iters| {
            let client = client.clone();
            run(
                iters,
                std::sync::Arc::new(move || {
                    let client = client.clone();
                    Box::pin(async move {
                        let request = Describe { sdk_app_id: 1400000000, task_id: 123456 };
                        black_box(client.execute(&request).await.unwrap());
                    })
                }),
            )
        })
    });
    group.bench_function("bare reqwest POST", |b| {
        b.iter_custom(|iters| {
            let (bare, url, body) = (bare.clone(), url.clone(), body.clone());
            run(
                iters,
                std::sync::Arc::new(move || {
                    let (bare, url, body) = (bare.clone(), url.clone(), body.clone());
                    Box::pin(async move { bare_post(&bare, &url, body).await })
                }),
            )
        })
    });
    group.finish();
}

criterion_group!(benches, execute_overhead, in_flight_64);
criterion_main!(benches);
