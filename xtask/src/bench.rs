//! `cargo xtask bench`: measures the generated Rust client against the bare HTTP call and the official Python
//! and Node SDKs, all calling DescribeAutoCalloutTask on one local sandbox, plus the criterion micro-benchmarks
//! and the generated crate's build times, and writes the tables to the terminal and BENCHMARKS.md.
//!
//! Every client runs as its own process (tencentcloud-bench for Rust, tests/peers/bench_*.{py,js} for the
//! peers) and prints one JSON line; the sandbox is another process. See `report` for the table.

mod build_times;
mod criterion;
mod report;

use std::io::{BufRead, BufReader, Read};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use report::{ClientRow, Latency, Machine, PairedThroughput, Report, RunLine, Throughput};

#[derive(clap::Args)]
pub struct Args {
    /// A short smoke run: one round, 0.5 s warm-up and 2 s per measurement, no criterion benches or build times, and the
    /// table goes to target/bench/BENCHMARKS.quick.md unless --output says otherwise.
    #[arg(long)]
    quick: bool,
    /// Where to write the Markdown (default BENCHMARKS.md at the workspace root).
    #[arg(long)]
    output: Option<PathBuf>,
    /// Do not run `cargo xtask peers` first (the peers are already installed).
    #[arg(long)]
    no_install: bool,
    /// Calls in flight in the throughput runs.
    #[arg(long, default_value_t = 64)]
    concurrency: u32,
    /// Seconds of warm-up before each measurement (default 1, or 0.5 with --quick).
    #[arg(long)]
    warmup: Option<f64>,
    /// Seconds measured per client, concurrency and round (default 4, or 2 with --quick).
    #[arg(long)]
    duration: Option<f64>,
    /// Rounds over all clients; each row reports its median round (default 3, or 1 with --quick).
    #[arg(long)]
    rounds: Option<usize>,
}

/// The credential the sandbox accepts for this run. It only opens a loopback server that lives as long as the run.
const SECRET_ID: &str = "AKIDbenchmarkLocalSandbox";
const SECRET_KEY: &str = "benchmark-local-sandbox-key";

/// A client under test: how to start its load generator for a given concurrency.
struct ClientSpec {
    key: &'static str,
    label: &'static str,
    /// How it keeps many calls in flight, as the table's notes say it.
    concurrency_model: &'static str,
    program: PathBuf,
    args: Vec<String>,
}

pub fn run(args: Args) -> crate::Result {
    let started = Instant::now();
    let root = crate::workspace_root();
    let warmup = args.warmup.unwrap_or(if args.quick { 0.5 } else { 1.0 });
    let duration = args.duration.unwrap_or(if args.quick { 2.0 } else { 4.0 });
    let rounds = args.rounds.unwrap_or(if args.quick { 1 } else { 3 });
    if !(warmup >= 0.0 && duration > 0.0 && warmup + duration < 200.0 && rounds >= 1) {
        return Err("--warmup must be >= 0, --duration > 0, together under 200 s, and --rounds at least 1".into());
    }
    let target_dir = target_dir(&root)?;
    let machine = machine(&root)?;
    let output = match (&args.output, args.quick) {
        (Some(path), _) => path.clone(),
        (None, false) => root.join("BENCHMARKS.md"),
        (None, true) => target_dir.join("bench").join("BENCHMARKS.quick.md"),
    };

    if !args.no_install {
        let exe = crate::xtask_exe()?;
        crate::run_step(
            "install the peer SDKs (cargo xtask peers)",
            Command::new(exe).arg("peers").current_dir(&root),
        )?;
    }
    let cargo = crate::cargo();
    crate::run_step(
        "cargo build --release -p tencentcloud-bench -p tencentcloud-sandbox",
        Command::new(&cargo)
            .args(["build", "--release", "-p", "tencentcloud-bench", "-p", "tencentcloud-sandbox"])
            .current_dir(&root),
    )?;

    let release = target_dir.join("release");
    let sandbox = Sandbox::start(&release.join("tencentcloud-sandbox"), &root, &target_dir.join("bench"))?;
    let url = sandbox.url();
    eprintln!("==> sandbox at {url}");

    let clients = client_specs(&root, &release);
    let mut rows = Vec::new();
    // Rounds interleave the clients, so a burst of other work on the machine hits every client in some round
    // rather than one client in all of them; each row then reports its median round.
    let mut runs: Vec<(Vec<RunResult>, Vec<RunResult>)> = clients.iter().map(|_| (Vec::new(), Vec::new())).collect();
    for round in 1..=rounds {
        eprintln!("==> round {round} of {rounds}");
        for (client, (latency_runs, throughput_runs)) in clients.iter().zip(&mut runs) {
            latency_runs.push(measure(client, &url, 1, warmup, duration, &root));
            throughput_runs.push(measure(client, &url, args.concurrency, warmup, duration, &root));
        }
    }
    let pairs = if args.quick { 2 } else { THROUGHPUT_PAIRS };
    let (pair_warmup, pair_duration) = if args.quick { (0.5, 1.0) } else { (0.5, 2.5) };
    let throughput_paired =
        match (clients.iter().find(|c| c.key == report::FLOOR), clients.iter().find(|c| c.key == report::RUST)) {
            (Some(floor), Some(rust)) => {
                let run = |client: &ClientSpec| {
                    let line = measure(client, &url, args.concurrency, pair_warmup, pair_duration, &root)?;
                    Throughput::from_line(&line).map(|t| t.calls_per_s)
                };
                paired_throughput(pairs, pair_warmup, pair_duration, || run(floor), || run(rust))
            }
            _ => Err("the bare call or the Rust client is not among the clients".into()),
        };
    drop(sandbox);
    for (client, (latency_runs, throughput_runs)) in clients.iter().zip(runs) {
        let version = latency_runs
            .iter()
            .chain(&throughput_runs)
            .find_map(|run| run.as_ref().ok())
            .map(describe_version)
            .unwrap_or_else(|| "–".into());
        let row = ClientRow {
            key: client.key.into(),
            label: client.label.into(),
            concurrency_model: client.concurrency_model.into(),
            version,
            latency: report::median_run(&latency_runs, Latency::from_line, |l| l.p50_us),
            throughput: report::median_run(&throughput_runs, Throughput::from_line, |t| t.calls_per_s),
        };
        print_row_progress(&row);
        rows.push(row);
    }

    let (mut criterion_results, mut criterion_notes, mut build_times) = (Vec::new(), Vec::new(), Vec::new());
    let mut sign_paired = None;
    if !args.quick {
        for (package, bench, elements) in [
            ("tencentcloud-core", "sign", "signatures"),
            ("tencentcloud-core", "execute", "calls"),
            ("tencentcloud-docs", "regen", "pages"),
        ] {
            match criterion::run(&root, &target_dir, package, bench, elements) {
                Ok(results) => criterion_results.extend(results),
                Err(reason) => criterion_notes.push(format!("{package} `{bench}` bench not measured: {reason}")),
            }
        }
        match criterion::run_paired_sign(&root) {
            Ok(paired) => sign_paired = Some(paired),
            Err(reason) => {
                criterion_notes.push(format!("tencentcloud-core `sign_paired` bench not measured: {reason}"))
            }
        }
        build_times = build_times::measure(&root);
    }

    let mut command = String::from("cargo xtask bench");
    if args.quick {
        command.push_str(" --quick");
    }
    let report = Report {
        generated: utc_now(),
        command,
        machine,
        concurrency: args.concurrency,
        warmup_s: warmup,
        duration_s: duration,
        rounds,
        clients: rows,
        criterion: criterion_results,
        criterion_notes,
        sign_paired,
        throughput_paired,
        build_times,
    };
    let markdown = report.to_markdown();
    println!("{markdown}");
    crate::write_atomically(&output, &markdown)?;
    eprintln!("==> wrote {} in {:.0} s", output.display(), started.elapsed().as_secs_f64());
    Ok(())
}

fn client_specs(root: &Path, release: &Path) -> Vec<ClientSpec> {
    let peers = root.join("tests").join("peers");
    let python = crate::peers::venv_python(&peers);
    let bench = release.join("tencentcloud-bench");
    let script = |name: &str| peers.join(name).display().to_string();
    vec![
        ClientSpec {
            key: report::FLOOR,
            label: "bare reqwest (floor)",
            concurrency_model: "tasks on one tokio runtime sharing one reqwest::Client; the request is signed once \
                                and the same bytes are posted each time",
            program: bench.clone(),
            args: vec!["--client".into(), "bare".into()],
        },
        ClientSpec {
            key: report::RUST,
            label: "tencentcloud-rs",
            concurrency_model: "tasks on one tokio runtime sharing one generated `tencentcloud_ccc::Client` \
                                (client-side rate limiting off)",
            program: bench,
            args: vec!["--client".into(), "sdk".into()],
        },
        ClientSpec {
            key: "python-sync",
            label: "Python SDK (sync)",
            concurrency_model: "one thread per call in flight, each with its own `CccClient` (keep-alive on)",
            program: python.clone(),
            args: vec![script("bench_python.py"), "--variant".into(), "sync".into()],
        },
        ClientSpec {
            key: "python-async",
            label: "Python SDK (async)",
            concurrency_model: "asyncio tasks sharing one async `CccClient` (httpx, keep-alive on); httpx keeps at \
                                most 20 idle connections by default and the SDK offers no setting for it, so beyond \
                                20 calls in flight it keeps opening new connections",
            program: python,
            args: vec![script("bench_python.py"), "--variant".into(), "async".into()],
        },
        ClientSpec {
            key: "node",
            label: "Node SDK",
            concurrency_model: "promise chains sharing one `CommonClient` with a keep-alive http.Agent",
            program: PathBuf::from("node"),
            args: vec![script("bench_node.js")],
        },
    ]
}

/// Back-to-back pairs of throughput runs of the bare call and the Rust client for the headline's ratio.
const THROUGHPUT_PAIRS: usize = 8;

/// Measures `pairs` pairs of the floor's and the Rust client's calls per second, back to back; which one goes
/// first alternates, so a machine speeding up or slowing down during the run favours neither.
fn paired_throughput(
    pairs: usize,
    warmup: f64,
    duration: f64,
    mut floor: impl FnMut() -> Result<f64, String>,
    mut rust: impl FnMut() -> Result<f64, String>,
) -> Result<PairedThroughput, String> {
    let mut measured = Vec::with_capacity(pairs);
    for pair in 0..pairs {
        eprintln!("==> throughput pair {} of {pairs}", pair + 1);
        let (floor_calls, rust_calls) = if pair % 2 == 0 {
            let floor_calls = floor()?;
            (floor_calls, rust()?)
        } else {
            let rust_calls = rust()?;
            (floor()?, rust_calls)
        };
        eprintln!("    bare {floor_calls:.0} calls/s, Rust {rust_calls:.0} calls/s: {:.3}", rust_calls / floor_calls);
        measured.push((floor_calls, rust_calls));
    }
    PairedThroughput::from_pairs(&measured, warmup, duration).ok_or_else(|| "no pair was measured".to_owned())
}

/// One load-generator process's report line, or why there is none.
type RunResult = Result<RunLine, String>;

/// Runs one load-generator process and parses its report line.
fn measure(client: &ClientSpec, url: &str, concurrency: u32, warmup: f64, duration: f64, root: &Path) -> RunResult {
    eprintln!("==> {} at concurrency {concurrency}", client.label);
    let output = Command::new(&client.program)
        .args(&client.args)
        .args(["--url", url, "--concurrency", &concurrency.to_string()])
        .args(["--warmup", &warmup.to_string(), "--duration", &duration.to_string()])
        .env("TENCENTCLOUD_SECRET_ID", SECRET_ID)
        .env("TENCENTCLOUD_SECRET_KEY", SECRET_KEY)
        .current_dir(root)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot start {}: {e}", client.program.display()))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let last = last_line(&stderr);
        return Err(format!("{} exited with {}: {last}", client.program.display(), output.status));
    }
    let line = stdout.lines().rev().find(|line| !line.trim().is_empty()).ok_or("no report line on stdout")?;
    let parsed: RunLine =
        serde_json::from_str(line).map_err(|e| format!("{}: the report line is not valid: {e}", client.label))?;
    if parsed.unavailable.is_none() && parsed.concurrency != concurrency {
        return Err(format!("{}: asked for concurrency {concurrency}, it ran {}", client.label, parsed.concurrency));
    }
    Ok(parsed)
}

fn describe_version(line: &RunLine) -> String {
    match (&line.sdk_version, &line.runtime) {
        (Some(sdk), Some(runtime)) => format!("{sdk}; {runtime}"),
        (Some(one), None) | (None, Some(one)) => one.clone(),
        (None, None) => "–".into(),
    }
}

fn print_row_progress(row: &ClientRow) {
    let latency = match &row.latency {
        Ok(l) => format!("p50 {:.1} µs, p99 {:.1} µs", l.p50_us, l.p99_us),
        Err(reason) => format!("latency not measured: {reason}"),
    };
    let throughput = match &row.throughput {
        Ok(t) => format!("{:.0} calls/s", t.calls_per_s),
        Err(reason) => format!("throughput not measured: {reason}"),
    };
    eprintln!("    {}: {latency}; {throughput}", row.label);
}

/// The sandbox binary running as a child process; stopped when dropped.
struct Sandbox {
    child: Child,
    addr: SocketAddr,
}

impl Sandbox {
    fn start(binary: &Path, root: &Path, log_dir: &Path) -> Result<Self, String> {
        std::fs::create_dir_all(log_dir).map_err(|e| format!("{}: {e}", log_dir.display()))?;
        let log_path = log_dir.join("sandbox.log");
        let log = std::fs::File::create(&log_path).map_err(|e| format!("{}: {e}", log_path.display()))?;
        let log_err = log.try_clone().map_err(|e| format!("{}: {e}", log_path.display()))?;
        let addr = free_loopback_port()?;
        let child = Command::new(binary)
            .args(["--specs", &root.join("specs").display().to_string(), "--listen", &addr.to_string()])
            // Rate limits off: the documented 20 calls/s would throttle every client to the same number.
            .args(["--credential", &format!("{SECRET_ID}:{SECRET_KEY}"), "--rate-limit-scale", "0"])
            .current_dir(root)
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log_err)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        let mut sandbox = Sandbox { child, addr };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return Ok(sandbox);
            }
            if let Ok(Some(status)) = sandbox.child.try_wait() {
                return Err(format!("the sandbox exited with {status}: {}", last_lines(&log_path)));
            }
            if Instant::now() > deadline {
                return Err(format!("the sandbox did not listen on {addr} within 30 s: {}", last_lines(&log_path)));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_loopback_port() -> Result<SocketAddr, String> {
    // The port is free when asked; the sandbox binds it a moment later. Nothing else on a benchmark machine
    // races for ephemeral ports in that moment.
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("cannot find a free port: {e}"))?;
    listener.local_addr().map_err(|e| format!("cannot find a free port: {e}"))
}

fn last_lines(path: &Path) -> String {
    let Ok(file) = std::fs::File::open(path) else {
        return "no log".into();
    };
    let lines: Vec<String> = BufReader::new(file).lines().map_while(Result::ok).collect();
    lines[lines.len().saturating_sub(5)..].join(" / ")
}

/// The last non-empty line of a tool's output: usually the error that made it fail.
fn last_line(text: &str) -> &str {
    text.lines().rev().find(|line| !line.trim().is_empty()).unwrap_or("no output")
}

/// Cargo's target folder, which CARGO_TARGET_DIR or a config may move.
fn target_dir(root: &Path) -> Result<PathBuf, String> {
    let cargo = crate::cargo();
    let output = Command::new(cargo)
        .args(["metadata", "--no-deps", "--format-version", "1"])
        .current_dir(root)
        .output()
        .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    if !output.status.success() {
        return Err(format!("cargo metadata failed ({})", output.status));
    }
    let metadata: serde_json::Value =
        serde_json::from_slice(&output.stdout).map_err(|e| format!("cargo metadata printed invalid JSON: {e}"))?;
    metadata["target_directory"]
        .as_str()
        .map(PathBuf::from)
        .ok_or_else(|| "cargo metadata has no target_directory".to_string())
}

fn machine(root: &Path) -> Result<Machine, String> {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").map_err(|e| format!("cannot read /proc/cpuinfo: {e}"))?;
    let cpu_model = cpuinfo
        .lines()
        .find_map(|line| line.strip_prefix("model name").and_then(|rest| rest.split_once(':')).map(|(_, v)| v.trim()))
        .unwrap_or("unknown CPU")
        .to_owned();
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    let mut rustc = command_output("rustc", &["--version"]).unwrap_or_else(|| "rustc (version unknown)".into());
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).unwrap_or_default();
    let crates: Vec<String> = ["reqwest", "hyper", "tokio", "serde_json"]
        .iter()
        .filter_map(|name| locked_version(&lock, name).map(|version| format!("{name} {version}")))
        .collect();
    if !crates.is_empty() {
        rustc = format!("{rustc}; {}", crates.join(", "));
    }
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let load_average = load.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
    Ok(Machine { cores, cpu_model, os: format!("Linux {}", kernel.trim()), rustc, load_average })
}

/// The version of `name` that Cargo.lock pins (the first entry, when several versions are locked).
fn locked_version<'a>(lock: &'a str, name: &str) -> Option<&'a str> {
    let mut lines = lock.lines();
    lines.find(|line| line.strip_prefix("name = ").is_some_and(|quoted| quoted.trim_matches('"') == name))?;
    lines.next()?.strip_prefix("version = ").map(|quoted| quoted.trim_matches('"'))
}

fn command_output(program: &str, args: &[&str]) -> Option<String> {
    let output = Command::new(program).args(args).output().ok()?;
    let mut text = String::new();
    output.stdout.as_slice().read_to_string(&mut text).ok()?;
    output.status.success().then(|| text.trim().to_owned())
}

fn utc_now() -> String {
    command_output("date", &["-u", "+%Y-%m-%d %H:%M UTC"]).unwrap_or_else(|| "an unknown date".into())
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    #[test]
    fn throughput_pairs_alternate_which_side_goes_first() {
        let order = RefCell::new(String::new());
        let calls = RefCell::new(0.0);
        let side = |name: char, base: f64| {
            order.borrow_mut().push(name);
            *calls.borrow_mut() += 1.0;
            Ok(base + *calls.borrow())
        };
        let paired = super::paired_throughput(4, 0.5, 2.5, || side('F', 1000.0), || side('R', 900.0)).unwrap();
        assert_eq!(order.into_inner(), "FRRFFRRF");
        assert_eq!((paired.pairs, paired.warmup_s, paired.duration_s), (4, 0.5, 2.5));
        // Pairs (1001, 902), (1004, 903), (1005, 906), (1008, 907): each side's median is its lower middle.
        assert_eq!((paired.floor_calls_per_s, paired.rust_calls_per_s), (1004.0, 903.0));

        let failing = super::paired_throughput(3, 0.5, 2.5, || Ok(1000.0), || Err("rust: exited with 1".into()));
        assert_eq!(failing, Err("rust: exited with 1".into()));
    }

    #[test]
    fn reads_a_locked_version() {
        let lock = "[[package]]\nname = \"hyper-util\"\nversion = \"0.1.0\"\n\n[[package]]\nname = \"hyper\"\nversion = \"1.12.0\"\n";
        assert_eq!(super::locked_version(lock, "hyper"), Some("1.12.0"));
        assert_eq!(super::locked_version(lock, "tokio"), None);
    }
}
