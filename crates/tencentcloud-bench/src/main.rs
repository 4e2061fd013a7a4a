//! Load generator for `cargo xtask bench`: the generated Rust client, or a bare reqwest POST of the same signed
//! bytes (the floor), calling DescribeAutoCalloutTask (SdkAppId 1, TaskId 2) against an API 3.0 endpoint.
//!
//! One measurement per process, so CPU time and peak memory belong to that client alone: `--concurrency`
//! tasks call in a loop on one shared client; after `--warmup` seconds a `--duration` window opens, and the
//! calls that finish inside it are counted. The result is one JSON line on stdout, in the same shape the Python
//! and Node load generators in tests/peers print (xtask computes percentiles from `latencies_ns`, which is
//! filled at concurrency 1 only). Credentials come from TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY.

mod callers;
mod process_stats;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use clap::{Parser, ValueEnum};
use serde::Serialize;

use callers::Caller;

#[derive(Parser)]
#[command(name = "tencentcloud-bench", about = "Load generator for `cargo xtask bench`")]
struct Args {
    /// Which client makes the calls.
    #[arg(long, value_enum)]
    client: ClientKind,
    /// The API 3.0 endpoint, e.g. http://127.0.0.1:9000.
    #[arg(long)]
    url: String,
    /// Calls in flight at once, each a task on one shared client.
    #[arg(long, default_value_t = 1)]
    concurrency: usize,
    /// Seconds of calls before the measured window opens.
    #[arg(long, default_value_t = 1.0)]
    warmup: f64,
    /// Seconds measured.
    #[arg(long, default_value_t = 5.0)]
    duration: f64,
}

#[derive(Clone, Copy, ValueEnum)]
enum ClientKind {
    /// reqwest POSTing pre-signed bytes: what any client must at least pay.
    Bare,
    /// The generated `tencentcloud-ccc` client.
    Sdk,
}

/// The report line; field names match tests/peers/bench_python.py and bench_node.js.
#[derive(Serialize)]
struct Report {
    client: &'static str,
    sdk_version: &'static str,
    runtime: &'static str,
    concurrency: usize,
    calls: u64,
    errors: u64,
    first_error: Option<String>,
    elapsed_s: f64,
    cpu_s: f64,
    peak_rss_kib: u64,
    latencies_ns: Vec<u64>,
}

/// What one task saw inside the measured window.
#[derive(Default)]
struct TaskTally {
    calls: u64,
    errors: u64,
    first_error: Option<String>,
    latencies_ns: Vec<u64>,
}

/// Flags the driver flips and every task reads after each call.
#[derive(Default)]
struct Window {
    measuring: AtomicBool,
    stopping: AtomicBool,
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("tencentcloud-bench: cannot start the tokio runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(args)) {
        Ok(report) => match serde_json::to_string(&report) {
            Ok(line) => {
                println!("{line}");
                std::process::ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("tencentcloud-bench: cannot serialize the report: {e}");
                std::process::ExitCode::FAILURE
            }
        },
        Err(reason) => {
            eprintln!("tencentcloud-bench: {reason}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<Report, String> {
    if args.concurrency == 0 {
        return Err("--concurrency must be at least 1".into());
    }
    if !(args.warmup >= 0.0 && args.duration > 0.0) {
        return Err("--warmup must be >= 0 and --duration > 0".into());
    }
    let secret_id = env_var("TENCENTCLOUD_SECRET_ID")?;
    let secret_key = env_var("TENCENTCLOUD_SECRET_KEY")?;
    let caller = match args.client {
        ClientKind::Bare => Caller::bare(&args.url, &secret_id, &secret_key, args.warmup + args.duration)?,
        ClientKind::Sdk => Caller::sdk(&args.url, &secret_id, &secret_key)?,
    };

    let window = Arc::new(Window::default());
    let keep_latencies = args.concurrency == 1;
    let tasks: Vec<_> = (0..args.concurrency)
        .map(|_| tokio::spawn(call_in_a_loop(caller.clone(), Arc::clone(&window), keep_latencies)))
        .collect();

    tokio::time::sleep(Duration::from_secs_f64(args.warmup)).await;
    let cpu_start = process_stats::cpu_seconds()?;
    let wall_start = Instant::now();
    window.measuring.store(true, Ordering::Release);
    tokio::time::sleep(Duration::from_secs_f64(args.duration)).await;
    window.measuring.store(false, Ordering::Release);
    let elapsed_s = wall_start.elapsed().as_secs_f64();
    let cpu_s = process_stats::cpu_seconds()? - cpu_start;
    window.stopping.store(true, Ordering::Release);

    let mut total = TaskTally::default();
    for task in tasks {
        let tally = task.await.map_err(|e| format!("a load task failed: {e}"))?;
        total.calls += tally.calls;
        total.errors += tally.errors;
        total.first_error = total.first_error.or(tally.first_error);
        total.latencies_ns.extend(tally.latencies_ns);
    }
    Ok(Report {
        client: caller.name(),
        sdk_version: caller.version(),
        runtime: "Rust, tokio multi-thread runtime",
        concurrency: args.concurrency,
        calls: total.calls,
        errors: total.errors,
        first_error: total.first_error,
        elapsed_s,
        cpu_s,
        peak_rss_kib: process_stats::peak_rss_kib()?,
        latencies_ns: total.latencies_ns,
    })
}

async fn call_in_a_loop(caller: Caller, window: Arc<Window>, keep_latencies: bool) -> TaskTally {
    let mut tally = TaskTally::default();
    while !window.stopping.load(Ordering::Acquire) {
        let started = Instant::now();
        let outcome = caller.call().await;
        let latency = started.elapsed();
        if !window.measuring.load(Ordering::Acquire) {
            continue;
        }
        match outcome {
            Ok(()) => {
                tally.calls += 1;
                if keep_latencies {
                    tally.latencies_ns.push(u64::try_from(latency.as_nanos()).unwrap_or(u64::MAX));
                }
            }
            Err(reason) => {
                tally.errors += 1;
                tally.first_error.get_or_insert(reason);
            }
        }
    }
    tally
}

fn env_var(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| format!("{name} must be set"))
}
