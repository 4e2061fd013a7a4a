//! What `cargo xtask bench` measured and its Markdown rendering: the load generators' report lines, the
//! percentiles and ratios computed from them, and the tables written to the terminal and BENCHMARKS.md.

use std::fmt::Write as _;

use serde::Deserialize;

/// One load-generator process's JSON line (tencentcloud-bench, tests/peers/bench_python.py, bench_node.js).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RunLine {
    pub client: String,
    /// Set instead of the measurements when the client cannot run here (e.g. an optional extra is missing).
    #[serde(default)]
    pub unavailable: Option<String>,
    #[serde(default)]
    pub sdk_version: Option<String>,
    #[serde(default)]
    pub runtime: Option<String>,
    #[serde(default)]
    pub concurrency: u32,
    #[serde(default)]
    pub calls: u64,
    #[serde(default)]
    pub errors: u64,
    #[serde(default)]
    pub first_error: Option<String>,
    #[serde(default)]
    pub elapsed_s: f64,
    #[serde(default)]
    pub cpu_s: Option<f64>,
    #[serde(default)]
    pub peak_rss_kib: Option<u64>,
    #[serde(default)]
    pub latencies_ns: Vec<u64>,
}

/// The nearest-rank percentile (`p` in 0..=100) of ascending `sorted` values: the smallest value with at least
/// p% of the values at or below it. None for no values.
pub fn percentile<T: Copy>(sorted: &[T], p: f64) -> Option<T> {
    if sorted.is_empty() {
        return None;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, sorted.len()) - 1])
}

/// Latency at concurrency 1.
#[derive(Debug, Clone, PartialEq)]
pub struct Latency {
    pub p50_us: f64,
    pub p99_us: f64,
    pub calls: u64,
}

/// Throughput at high concurrency, with the process's CPU and memory cost.
#[derive(Debug, Clone, PartialEq)]
pub struct Throughput {
    pub calls_per_s: f64,
    pub calls: u64,
    /// CPU seconds (user + system) this client process spent per 10,000 calls in the measured window.
    pub cpu_s_per_10k: Option<f64>,
    pub peak_rss_mib: Option<f64>,
}

impl Latency {
    pub fn from_line(line: &RunLine) -> Result<Self, String> {
        check_line(line)?;
        let mut sorted = line.latencies_ns.clone();
        sorted.sort_unstable();
        let (Some(p50), Some(p99)) = (percentile(&sorted, 50.0), percentile(&sorted, 99.0)) else {
            return Err(format!("{}: no latencies reported", line.client));
        };
        Ok(Latency { p50_us: p50 as f64 / 1e3, p99_us: p99 as f64 / 1e3, calls: line.calls })
    }
}

impl Throughput {
    pub fn from_line(line: &RunLine) -> Result<Self, String> {
        check_line(line)?;
        if line.elapsed_s <= 0.0 {
            return Err(format!("{}: measured window of {} s", line.client, line.elapsed_s));
        }
        Ok(Throughput {
            calls_per_s: line.calls as f64 / line.elapsed_s,
            calls: line.calls,
            cpu_s_per_10k: line.cpu_s.map(|cpu| cpu / line.calls as f64 * 10_000.0),
            peak_rss_mib: line.peak_rss_kib.map(|kib| kib as f64 / 1024.0),
        })
    }
}

/// The median of several runs of one measurement, by `key` (the lower middle for an even count), so the p99,
/// CPU and memory shown come from the same run as the median figure. Any failed run makes it a failure.
pub fn median_run<T>(
    runs: &[Result<RunLine, String>],
    parse: impl Fn(&RunLine) -> Result<T, String>,
    key: impl Fn(&T) -> f64,
) -> Result<T, String> {
    let mut parsed = runs
        .iter()
        .map(|run| run.as_ref().map_err(Clone::clone).and_then(&parse))
        .collect::<Result<Vec<T>, String>>()?;
    if parsed.is_empty() {
        return Err("not run".into());
    }
    parsed.sort_by(|a, b| key(a).total_cmp(&key(b)));
    Ok(parsed.swap_remove((parsed.len() - 1) / 2))
}

/// A run counts only if every call in its window succeeded: an error (a throttled call, a bad signature) would
/// make a fast failure look like a fast call.
fn check_line(line: &RunLine) -> Result<(), String> {
    if let Some(reason) = &line.unavailable {
        return Err(format!("{}: unavailable: {reason}", line.client));
    }
    if line.errors > 0 {
        let first = line.first_error.as_deref().unwrap_or("no message");
        return Err(format!(
            "{}: {} of {} calls failed, first: {first}",
            line.client,
            line.errors,
            line.errors + line.calls
        ));
    }
    if line.calls == 0 {
        return Err(format!("{}: no call finished in the measured window", line.client));
    }
    Ok(())
}

/// One client's row: its two measurements, or why one is missing.
#[derive(Debug, Clone)]
pub struct ClientRow {
    /// Stable key: "bare", "rust", "python-sync", "python-async", "node".
    pub key: String,
    pub label: String,
    /// How the client keeps many calls in flight (threads, tasks, promises; shared client or one each).
    pub concurrency_model: String,
    pub version: String,
    pub latency: Result<Latency, String>,
    pub throughput: Result<Throughput, String>,
}

pub const FLOOR: &str = "bare";
pub const RUST: &str = "rust";

#[derive(Debug, Clone)]
pub struct Machine {
    pub cores: usize,
    pub cpu_model: String,
    pub os: String,
    pub rustc: String,
    /// 1, 5 and 15 minute load averages when the run started.
    pub load_average: String,
}

#[derive(Debug, Clone)]
pub struct CriterionResult {
    pub bench: String,
    pub id: String,
    pub ns_per_iter: f64,
    /// Elements per iteration, when the bench declared `Throughput::Elements`.
    pub elements: Option<u64>,
    /// What an element is ("pages"), for the throughput column.
    pub element_name: String,
}

/// The criterion results the headline quotes: the cost of one signature and the regen rate over all pages.
pub const SIGN_HEADLINE_ID: &str = "sign 200-byte request, key cached";
/// The SHA-256 blocks that signature cannot avoid, hashed alone in the same bench run.
pub const SIGN_FLOOR_ID: &str = "hashing floor of that signature (11 SHA-256 blocks)";
pub const REGEN_HEADLINE_ID: &str = "regen/all_pages";

/// The line `cargo bench -p tencentcloud-core --bench sign_paired` prints: a signature and its hashing floor
/// measured in alternating batches, medians over the rounds.
#[derive(Debug, Clone, Deserialize)]
pub struct PairedSign {
    pub rounds: u64,
    pub batch: u64,
    pub signature_ns: f64,
    pub floor_ns: f64,
    /// The median of the rounds' own ratios (not the ratio of the medians).
    pub ratio: f64,
    pub ratio_p10: f64,
    pub ratio_p90: f64,
}

/// The Rust client's throughput against the bare call's from back-to-back pairs of runs, the order alternating
/// from pair to pair: drift on a shared machine (other work, a core's clock) then moves both sides of each ratio
/// alike, where the medians of separate rounds drift apart by more than the margin under test.
#[derive(Debug, Clone, PartialEq)]
pub struct PairedThroughput {
    pub pairs: usize,
    pub warmup_s: f64,
    pub duration_s: f64,
    /// Each side's median calls per second over the pairs.
    pub floor_calls_per_s: f64,
    pub rust_calls_per_s: f64,
    /// The median of the pairs' own ratios (Rust ÷ floor, not the ratio of the medians), and their 10th and 90th
    /// percentiles.
    pub ratio: f64,
    pub ratio_p10: f64,
    pub ratio_p90: f64,
}

impl PairedThroughput {
    /// From each pair's `(floor, rust)` calls per second; `None` without a pair.
    pub fn from_pairs(pairs: &[(f64, f64)], warmup_s: f64, duration_s: f64) -> Option<Self> {
        let sorted = |mut values: Vec<f64>| {
            values.sort_by(f64::total_cmp);
            values
        };
        let ratios = sorted(pairs.iter().map(|(floor, rust)| rust / floor).collect());
        let floors = sorted(pairs.iter().map(|&(floor, _)| floor).collect());
        let rusts = sorted(pairs.iter().map(|&(_, rust)| rust).collect());
        Some(PairedThroughput {
            pairs: pairs.len(),
            warmup_s,
            duration_s,
            floor_calls_per_s: percentile(&floors, 50.0)?,
            rust_calls_per_s: percentile(&rusts, 50.0)?,
            ratio: percentile(&ratios, 50.0)?,
            ratio_p10: percentile(&ratios, 10.0)?,
            ratio_p90: percentile(&ratios, 90.0)?,
        })
    }
}

/// The least share of the bare call's throughput the Rust client must keep at high concurrency.
pub const THROUGHPUT_TARGET: f64 = 0.95;

#[derive(Debug, Clone)]
pub struct BuildTime {
    pub what: String,
    pub seconds: Result<f64, String>,
    /// Peak resident memory of the build (the largest rustc), where `/usr/bin/time` could measure it.
    pub peak_mib: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct Report {
    pub generated: String,
    pub command: String,
    pub machine: Machine,
    pub concurrency: u32,
    pub warmup_s: f64,
    pub duration_s: f64,
    pub rounds: usize,
    pub clients: Vec<ClientRow>,
    pub criterion: Vec<CriterionResult>,
    pub criterion_notes: Vec<String>,
    /// The signature against its floor in alternation; `None` when not run (`--quick`, or it failed: a note says).
    pub sign_paired: Option<PairedSign>,
    /// The Rust client's throughput against the bare call's in back-to-back pairs, or why it was not measured.
    pub throughput_paired: Result<PairedThroughput, String>,
    pub build_times: Vec<BuildTime>,
}

impl Report {
    fn row(&self, key: &str) -> Option<&ClientRow> {
        self.clients.iter().find(|row| row.key == key)
    }

    fn p50(&self, key: &str) -> Option<f64> {
        self.row(key)?.latency.as_ref().ok().map(|l| l.p50_us)
    }

    fn calls_per_s(&self, key: &str) -> Option<f64> {
        self.row(key)?.throughput.as_ref().ok().map(|t| t.calls_per_s)
    }

    /// The claims the README quotes, each with its target and whether this run met it.
    pub fn headline(&self) -> Vec<String> {
        let mut lines = Vec::new();
        match (self.p50(RUST), self.p50(FLOOR)) {
            (Some(rust), Some(floor)) => {
                let ratio = rust / floor;
                let verdict = if ratio <= 1.5 { "met" } else { "MISSED" };
                lines.push(format!(
                    "Rust client p50 latency at concurrency 1: {} µs, {} the bare reqwest call ({} µs); target ≤ 1.50×: {verdict}.",
                    us(rust),
                    times(ratio),
                    us(floor)
                ));
            }
            _ => lines.push("Rust client p50 vs the bare call: not measured (see the table).".into()),
        }
        if let Some(rust) = self.calls_per_s(RUST) {
            let c = self.concurrency;
            let mut parts = Vec::new();
            for row in self.clients.iter().filter(|row| row.key != RUST && row.key != FLOOR) {
                if let Ok(peer) = &row.throughput {
                    let ratio = rust / peer.calls_per_s;
                    let target = if row.key.starts_with("python") {
                        format!(" (target ≥ 10×: {})", if ratio >= 10.0 { "met" } else { "MISSED" })
                    } else {
                        String::new()
                    };
                    parts.push(format!("{} the {}{target}", times(ratio), row.label));
                }
            }
            let verdict = |ratio: f64| if ratio >= THROUGHPUT_TARGET { "met" } else { "MISSED" };
            let target = times(THROUGHPUT_TARGET);
            let floor = match (&self.throughput_paired, self.calls_per_s(FLOOR)) {
                (Ok(paired), _) => format!(
                    ", {} of the bare call (the median of {} back-to-back pairs of {} s runs, 10th–90th percentile \
                     {}–{}; target ≥ {target}: {})",
                    times(paired.ratio),
                    paired.pairs,
                    fmt_secs(paired.duration_s),
                    times(paired.ratio_p10),
                    times(paired.ratio_p90),
                    verdict(paired.ratio)
                ),
                (Err(_), Some(floor)) => {
                    format!(", {} of the bare call (target ≥ {target}: {})", times(rust / floor), verdict(rust / floor))
                }
                (Err(_), None) => String::new(),
            };
            lines.push(format!(
                "Rust client throughput at concurrency {c}: {} calls/s{floor}; {}.",
                per_s(rust),
                if parts.is_empty() { "no peer measured".to_string() } else { parts.join(", ") }
            ));
        }
        let criterion = |id: &str| self.criterion.iter().find(|result| result.id == id);
        match (&self.sign_paired, criterion(SIGN_HEADLINE_ID), criterion(SIGN_FLOOR_ID)) {
            (Some(paired), _, _) => {
                let verdict = if paired.ratio <= 1.15 { "met" } else { "MISSED" };
                lines.push(format!(
                    "Signing one request (200-byte body, derived key cached): {}, {} its hashing floor ({}), the \
                     median of {} rounds of {} signatures then {} floors (10th–90th percentile {}–{}); target ≤ \
                     1.15×: {verdict}.",
                    duration(paired.signature_ns),
                    times(paired.ratio),
                    duration(paired.floor_ns),
                    paired.rounds,
                    per_s(paired.batch as f64),
                    per_s(paired.batch as f64),
                    times(paired.ratio_p10),
                    times(paired.ratio_p90),
                ));
            }
            (None, Some(sign), Some(floor)) => {
                let ratio = sign.ns_per_iter / floor.ns_per_iter;
                let verdict = if ratio <= 1.15 { "met" } else { "MISSED" };
                lines.push(format!(
                    "Signing one request (200-byte body, derived key cached): {}, {} its hashing floor ({}); target ≤ 1.15×: {verdict}.",
                    duration(sign.ns_per_iter),
                    times(ratio),
                    duration(floor.ns_per_iter)
                ));
            }
            (None, Some(sign), None) => lines.push(format!(
                "Signing one request (200-byte body, derived key cached): {}.",
                duration(sign.ns_per_iter)
            )),
            _ => {}
        }
        if let Some(regen) = criterion(REGEN_HEADLINE_ID)
            && let Some(pages) = regen.elements
        {
            lines.push(format!(
                "Regenerating the specs from all {pages} saved pages: {} ({} pages/s).",
                duration(regen.ns_per_iter),
                per_s(pages as f64 * 1e9 / regen.ns_per_iter)
            ));
        }
        lines
    }

    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let m = &self.machine;
        let _ = writeln!(out, "# Benchmarks\n");
        let _ = writeln!(
            out,
            "Generated by `{}` on {}. Rerun it to replace this file; nothing here is edited by hand.\n",
            self.command, self.generated
        );
        let _ = writeln!(out, "## Headline\n");
        for line in self.headline() {
            let _ = writeln!(out, "- {line}");
        }
        let _ = writeln!(out, "\n## Machine\n");
        let _ = writeln!(out, "- {} cores, {} ({})", m.cores, m.cpu_model, m.os);
        let _ = writeln!(out, "- {}", m.rustc);
        let _ = writeln!(
            out,
            "- Load average when the run started: {} (1, 5, 15 min); other work on the machine adds noise.",
            m.load_average
        );
        let _ = writeln!(
            out,
            "- The sandbox (release build) and the client under test run as two processes on these same {} cores, so \
             every number includes the server's share of the CPU; compare rows, not absolute figures.",
            m.cores
        );
        let _ = writeln!(
            out,
            "- At concurrency 1 each call is a round trip between two processes, so its latency includes waking the \
             other process; on this virtual machine that wake-up alone has been seen to range from a few µs (cores \
             kept awake by other work) to tens of µs (idle cores), moving every row together. The ratios are the \
             figures to quote."
        );
        self.clients_table(&mut out);
        self.criterion_table(&mut out);
        self.build_table(&mut out);
        out
    }

    fn clients_table(&self, out: &mut String) {
        let c = self.concurrency;
        let _ = writeln!(out, "\n## DescribeAutoCalloutTask against the local sandbox\n");
        let _ = writeln!(
            out,
            "Same sandbox, same request (SdkAppId 1, TaskId 2), every call checked for success; each client is its own \
             process. Latency: one call at a time for {d} s after {w} s of warm-up. Throughput: {c} calls in flight for \
             {d} s after {w} s of warm-up; CPU (user + system) and peak RSS are the client process's own, from the \
             throughput run. {r} Ratios: `÷ floor` and `÷ Rust` divide this row by the bare call's and the Rust \
             client's figure (latency: higher is slower; throughput: lower is slower).{p}\n",
            d = fmt_secs(self.duration_s),
            w = fmt_secs(self.warmup_s),
            p = match &self.throughput_paired {
                Ok(paired) => format!(
                    " The headline's throughput ratio to the bare call comes from {} further back-to-back pairs of \
                     those two ({} s each after {} s of warm-up, which one goes first alternating), the median of the \
                     pairs' own ratios (each side's median over the pairs: {} and {} calls/s); the table's ratios \
                     divide medians of separate runs.",
                    paired.pairs,
                    fmt_secs(paired.duration_s),
                    fmt_secs(paired.warmup_s),
                    per_s(paired.floor_calls_per_s),
                    per_s(paired.rust_calls_per_s)
                ),
                Err(_) => String::new(),
            },
            r = if self.rounds > 1 {
                format!(
                    "{} rounds go through all clients in turn; each row shows its median round (by p50 for latency, \
                     by calls/s for throughput).",
                    self.rounds
                )
            } else {
                "One round.".to_owned()
            },
        );
        let _ = writeln!(
            out,
            "| client | version | p50 µs | p99 µs | p50 ÷ floor | p50 ÷ Rust | calls/s at {c} | ÷ floor | ÷ Rust | CPU s per 10k calls | peak RSS MiB |"
        );
        let _ = writeln!(out, "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        let (floor_p50, rust_p50) = (self.p50(FLOOR), self.p50(RUST));
        let (floor_tput, rust_tput) = (self.calls_per_s(FLOOR), self.calls_per_s(RUST));
        let mut problems = Vec::new();
        if let Err(reason) = &self.throughput_paired {
            problems.push(format!("paired throughput of the Rust client and the bare call: {reason}"));
        }
        for row in &self.clients {
            let (p50, p99, p50_floor, p50_rust) = match &row.latency {
                Ok(l) => (us(l.p50_us), us(l.p99_us), ratio(l.p50_us, floor_p50), ratio(l.p50_us, rust_p50)),
                Err(reason) => {
                    problems.push(format!("{} latency: {reason}", row.label));
                    dashes()
                }
            };
            let (tput, tput_floor, tput_rust, cpu, rss) = match &row.throughput {
                Ok(t) => (
                    per_s(t.calls_per_s),
                    ratio(t.calls_per_s, floor_tput),
                    ratio(t.calls_per_s, rust_tput),
                    t.cpu_s_per_10k.map(|v| format!("{v:.2}")).unwrap_or_else(|| "–".into()),
                    t.peak_rss_mib.map(|v| format!("{v:.1}")).unwrap_or_else(|| "–".into()),
                ),
                Err(reason) => {
                    problems.push(format!("{} throughput: {reason}", row.label));
                    ("–".into(), "–".into(), "–".into(), "–".into(), "–".into())
                }
            };
            let _ = writeln!(
                out,
                "| {} | {} | {p50} | {p99} | {p50_floor} | {p50_rust} | {tput} | {tput_floor} | {tput_rust} | {cpu} | {rss} |",
                row.label,
                escape_cell(&row.version)
            );
        }
        let _ = writeln!(out, "\nHow each client keeps {c} calls in flight:\n");
        for row in &self.clients {
            let _ = writeln!(out, "- {}: {}", row.label, row.concurrency_model);
        }
        if !problems.is_empty() {
            let _ = writeln!(out, "\nNot measured:\n");
            for problem in problems {
                let _ = writeln!(out, "- {}", escape_cell(&problem));
            }
        }
    }

    fn criterion_table(&self, out: &mut String) {
        let _ = writeln!(out, "\n## Micro-benchmarks (criterion)\n");
        if self.criterion.is_empty() && self.criterion_notes.is_empty() {
            let _ = writeln!(out, "Not run (`--quick`).");
            return;
        }
        if !self.criterion.is_empty() {
            let _ = writeln!(out, "| bench | id | time per iteration | throughput |");
            let _ = writeln!(out, "|---|---|--:|--:|");
            for result in &self.criterion {
                let throughput = match result.elements {
                    Some(n) if result.ns_per_iter > 0.0 => {
                        format!("{} {}/s", per_s(n as f64 * 1e9 / result.ns_per_iter), result.element_name)
                    }
                    _ => "–".into(),
                };
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {throughput} |",
                    result.bench,
                    result.id,
                    duration(result.ns_per_iter)
                );
            }
        }
        for note in &self.criterion_notes {
            let _ = writeln!(out, "\n{}", escape_cell(note));
        }
    }

    fn build_table(&self, out: &mut String) {
        let _ = writeln!(out, "\n## Build times of the generated crate\n");
        if self.build_times.is_empty() {
            let _ = writeln!(out, "Not run (`--quick`).");
            return;
        }
        let _ = writeln!(out, "| build | seconds | peak memory |");
        let _ = writeln!(out, "|---|--:|--:|");
        for build in &self.build_times {
            let seconds = match &build.seconds {
                Ok(s) => format!("{s:.2}"),
                Err(reason) => format!("not measured: {}", escape_cell(reason)),
            };
            let peak = build.peak_mib.map(|m| format!("{m:.0} MiB")).unwrap_or_else(|| "–".into());
            let _ = writeln!(out, "| {} | {seconds} | {peak} |", build.what);
        }
    }
}

fn dashes() -> (String, String, String, String) {
    ("–".into(), "–".into(), "–".into(), "–".into())
}

fn ratio(value: f64, reference: Option<f64>) -> String {
    match reference {
        Some(reference) if reference > 0.0 => times(value / reference),
        _ => "–".into(),
    }
}

fn times(ratio: f64) -> String {
    if ratio >= 10.0 { format!("{ratio:.1}×") } else { format!("{ratio:.2}×") }
}

fn us(value: f64) -> String {
    if value >= 100.0 { format!("{value:.0}") } else { format!("{value:.1}") }
}

fn per_s(value: f64) -> String {
    // Thousands separated by a thin space keeps wide numbers readable in a terminal and in Markdown.
    let rounded = value.round() as u64;
    let digits = rounded.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(ch);
    }
    out
}

fn duration(ns: f64) -> String {
    match ns {
        ns if ns >= 1e9 => format!("{:.2} s", ns / 1e9),
        ns if ns >= 1e6 => format!("{:.2} ms", ns / 1e6),
        ns if ns >= 1e3 => format!("{:.2} µs", ns / 1e3),
        ns => format!("{ns:.0} ns"),
    }
}

fn fmt_secs(seconds: f64) -> String {
    if seconds.fract() == 0.0 { format!("{seconds:.0}") } else { format!("{seconds}") }
}

/// Table cells cannot hold a pipe or a line break.
fn escape_cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let values: Vec<u64> = (1..=100).collect();
        assert_eq!(percentile(&values, 50.0), Some(50));
        assert_eq!(percentile(&values, 99.0), Some(99));
        assert_eq!(percentile(&values, 100.0), Some(100));
        assert_eq!(percentile(&values, 0.0), Some(1));
        assert_eq!(percentile(&[7], 99.0), Some(7));
        assert_eq!(percentile(&[1, 2, 3], 50.0), Some(2));
        assert_eq!(percentile(&[1, 2, 3, 4], 50.0), Some(2));
        assert_eq!(percentile::<u64>(&[], 50.0), None);
    }

    fn line(client: &str, calls: u64, latencies: &[u64]) -> RunLine {
        RunLine {
            client: client.into(),
            calls,
            elapsed_s: 2.0,
            cpu_s: Some(1.0),
            peak_rss_kib: Some(2048),
            latencies_ns: latencies.to_vec(),
            ..RunLine::default()
        }
    }

    #[test]
    fn latency_sorts_before_taking_percentiles() {
        let latency = Latency::from_line(&line("x", 4, &[4000, 1000, 3000, 2000])).unwrap();
        assert_eq!(latency, Latency { p50_us: 2.0, p99_us: 4.0, calls: 4 });
    }

    #[test]
    fn throughput_and_costs_per_10k_calls() {
        let throughput = Throughput::from_line(&line("x", 5000, &[])).unwrap();
        assert_eq!(throughput.calls_per_s, 2500.0);
        assert_eq!(throughput.cpu_s_per_10k, Some(2.0));
        assert_eq!(throughput.peak_rss_mib, Some(2.0));
    }

    #[test]
    fn a_run_with_errors_or_no_calls_is_not_a_measurement() {
        let mut failed = line("node", 10, &[1]);
        failed.errors = 3;
        failed.first_error = Some("RequestLimitExceeded".into());
        let reason = Throughput::from_line(&failed).unwrap_err();
        assert!(reason.contains("3 of 13 calls failed") && reason.contains("RequestLimitExceeded"), "{reason}");
        assert!(Latency::from_line(&line("x", 0, &[])).is_err());
        let unavailable =
            RunLine { client: "python-async".into(), unavailable: Some("no httpx".into()), ..RunLine::default() };
        assert!(Throughput::from_line(&unavailable).unwrap_err().contains("no httpx"));
    }

    #[test]
    fn parses_a_load_generator_line() {
        let json = r#"{"client":"node","sdk_version":"x 1","concurrency":64,"calls":10,"errors":0,"first_error":null,
            "elapsed_s":1.0,"cpu_s":0.5,"peak_rss_kib":1024,"latencies_ns":[]}"#;
        let parsed: RunLine = serde_json::from_str(json).unwrap();
        assert_eq!((parsed.concurrency, parsed.calls, parsed.peak_rss_kib), (64, 10, Some(1024)));
    }

    #[test]
    fn median_run_picks_the_middle_run_whole_and_fails_on_any_failure() {
        let runs: Vec<Result<RunLine, String>> = [300u64, 100, 200]
            .iter()
            .map(|&calls| Ok(RunLine { cpu_s: Some(calls as f64), ..line("x", calls, &[]) }))
            .collect();
        let median = median_run(&runs, Throughput::from_line, |t| t.calls_per_s).unwrap();
        assert_eq!((median.calls, median.cpu_s_per_10k), (200, Some(10_000.0)));
        let two = median_run(&runs[..2], Throughput::from_line, |t| t.calls_per_s).unwrap();
        assert_eq!(two.calls, 100);
        let mut with_failure = runs.clone();
        with_failure.push(Err("node exited with 1".into()));
        assert_eq!(
            median_run(&with_failure, Throughput::from_line, |t| t.calls_per_s),
            Err("node exited with 1".into())
        );
    }

    fn row(key: &str, p50_us: f64, calls_per_s: f64) -> ClientRow {
        ClientRow {
            key: key.into(),
            label: key.into(),
            concurrency_model: "tasks".into(),
            version: "v|1".into(),
            latency: Ok(Latency { p50_us, p99_us: p50_us * 2.0, calls: 100 }),
            throughput: Ok(Throughput { calls_per_s, calls: 1000, cpu_s_per_10k: Some(1.5), peak_rss_mib: Some(10.0) }),
        }
    }

    fn report(clients: Vec<ClientRow>) -> Report {
        Report {
            generated: "2026-01-01 00:00 UTC".into(),
            command: "cargo xtask bench".into(),
            machine: Machine {
                cores: 2,
                cpu_model: "Test CPU".into(),
                os: "Linux".into(),
                rustc: "rustc 1.95".into(),
                load_average: "0.5 0.4 0.3".into(),
            },
            concurrency: 64,
            warmup_s: 2.0,
            duration_s: 8.0,
            rounds: 3,
            clients,
            criterion: vec![
                CriterionResult {
                    bench: "regen".into(),
                    id: REGEN_HEADLINE_ID.into(),
                    ns_per_iter: 2e6,
                    elements: Some(10),
                    element_name: "pages".into(),
                },
                CriterionResult {
                    bench: "sign".into(),
                    id: SIGN_HEADLINE_ID.into(),
                    ns_per_iter: 871.4,
                    elements: None,
                    element_name: "signatures".into(),
                },
                CriterionResult {
                    bench: "sign".into(),
                    id: SIGN_FLOOR_ID.into(),
                    ns_per_iter: 800.0,
                    elements: None,
                    element_name: "signatures".into(),
                },
            ],
            criterion_notes: vec![],
            sign_paired: None,
            throughput_paired: Err("not run".into()),
            build_times: vec![BuildTime { what: "clean".into(), seconds: Ok(3.456), peak_mib: Some(1024.0) }],
        }
    }

    #[test]
    fn table_rows_carry_ratios_against_the_floor_and_the_rust_client() {
        let mut python = row("python-sync", 400.0, 1000.0);
        python.throughput = Err("python-sync: unavailable: reason".into());
        let markdown = report(vec![row(FLOOR, 50.0, 20000.0), row(RUST, 60.0, 16000.0), python]).to_markdown();
        // Rust: 60/50 = 1.20× the floor's p50; 16000/20000 = 0.80× its throughput.
        assert!(
            markdown.contains("| rust | v\\|1 | 60.0 | 120 | 1.20× | 1.00× | 16 000 | 0.80× | 1.00× | 1.50 | 10.0 |"),
            "{markdown}"
        );
        assert!(
            markdown.contains("| python-sync | v\\|1 | 400 | 800 | 8.00× | 6.67× | – | – | – | – | – |"),
            "{markdown}"
        );
        assert!(markdown.contains("- python-sync throughput: python-sync: unavailable: reason"), "{markdown}");
        // 10 elements every 2 ms = 5000 elements/s.
        assert!(markdown.contains("| regen | regen/all_pages | 2.00 ms | 5 000 pages/s |"), "{markdown}");
        assert!(markdown.contains("| sign | sign 200-byte request, key cached | 871 ns | – |"), "{markdown}");
        // 871.4 / 800 = 1.09× the floor.
        assert!(
            markdown.contains(
                "- Signing one request (200-byte body, derived key cached): 871 ns, 1.09× its hashing floor (800 ns); target ≤ 1.15×: met."
            ),
            "{markdown}"
        );
        assert!(
            markdown.contains("- Regenerating the specs from all 10 saved pages: 2.00 ms (5 000 pages/s)."),
            "{markdown}"
        );
        assert!(markdown.contains("| clean | 3.46 | 1024 MiB |"), "{markdown}");
        assert!(markdown.contains("2 cores, Test CPU"), "{markdown}");
        assert!(markdown.contains("- rust: tasks\n"), "{markdown}");
    }

    #[test]
    fn the_paired_signature_ratio_is_the_headline_when_it_was_measured() {
        let mut measured = report(vec![row(FLOOR, 50.0, 20000.0), row(RUST, 60.0, 16000.0)]);
        measured.sign_paired = Some(PairedSign {
            rounds: 200,
            batch: 20_000,
            signature_ns: 480.0,
            floor_ns: 430.0,
            ratio: 1.116,
            ratio_p10: 1.1,
            ratio_p90: 1.2,
        });
        let headline = measured.headline().join("\n");
        assert!(
            headline.contains(
                "480 ns, 1.12× its hashing floor (430 ns), the median of 200 rounds of 20 000 signatures then 20 000 \
                 floors (10th–90th percentile 1.10×–1.20×); target ≤ 1.15×: met."
            ),
            "{headline}"
        );
        // The criterion rows' ratio (871.4 / 800) is not quoted beside it.
        assert!(!headline.contains("1.09×"), "{headline}");
        measured.sign_paired.as_mut().unwrap().ratio = 1.2;
        assert!(measured.headline().join("\n").contains("1.20× its hashing floor (430 ns)"));
        assert!(measured.headline().join("\n").contains("target ≤ 1.15×: MISSED"));
    }

    #[test]
    fn the_paired_throughput_ratio_is_the_median_of_the_pairs_own_ratios() {
        // Ratios 0.90, 0.96, 0.97, 1.00, 0.95: the median pair is 0.96, while the medians of each side (1000 and
        // 955) would give 0.955.
        let pairs = [(1000.0, 900.0), (1000.0, 960.0), (990.0, 960.3), (955.0, 955.0), (1100.0, 1045.0)];
        let paired = PairedThroughput::from_pairs(&pairs, 0.5, 2.5).unwrap();
        assert_eq!((paired.pairs, paired.floor_calls_per_s, paired.rust_calls_per_s), (5, 1000.0, 960.0));
        assert!((paired.ratio - 0.96).abs() < 1e-9, "{paired:?}");
        assert!((paired.ratio_p10 - 0.90).abs() < 1e-9 && (paired.ratio_p90 - 1.0).abs() < 1e-9, "{paired:?}");
        assert_eq!(PairedThroughput::from_pairs(&[], 0.5, 2.5), None);

        let mut measured = report(vec![row(FLOOR, 50.0, 20000.0), row(RUST, 60.0, 16000.0)]);
        measured.throughput_paired = Ok(paired);
        let markdown = measured.to_markdown();
        assert!(
            markdown.contains(
                "0.96× of the bare call (the median of 5 back-to-back pairs of 2.5 s runs, 10th–90th percentile \
                 0.90×–1.00×; target ≥ 0.95×: met)"
            ),
            "{markdown}"
        );
        assert!(markdown.contains("comes from 5 further back-to-back pairs of those two (2.5 s each"), "{markdown}");
        assert!(markdown.contains("(each side's median over the pairs: 1 000 and 960 calls/s)"), "{markdown}");
        // The table keeps the separate runs' ratio (16000 / 20000).
        assert!(markdown.contains("| 16 000 | 0.80× |"), "{markdown}");
        measured.throughput_paired.as_mut().unwrap().ratio = 0.94;
        assert!(measured.headline().join("\n").contains("target ≥ 0.95×: MISSED)"));
        measured.throughput_paired = Err("bare reqwest (floor): 3 of 13 calls failed".into());
        assert!(measured.to_markdown().contains("- paired throughput of the Rust client and the bare call: bare"));
    }

    #[test]
    fn headline_states_each_target_and_whether_it_was_met() {
        let headline =
            report(vec![row(FLOOR, 50.0, 20000.0), row(RUST, 60.0, 16000.0), row("python-sync", 400.0, 1000.0)])
                .headline()
                .join("\n");
        assert!(headline.contains("60.0 µs, 1.20× the bare reqwest call (50.0 µs); target ≤ 1.50×: met"), "{headline}");
        assert!(
            headline.contains(
                "16 000 calls/s, 0.80× of the bare call (target ≥ 0.95×: MISSED); 16.0× the python-sync (target ≥ \
                 10×: met)"
            ),
            "{headline}"
        );
        let slow = report(vec![row(FLOOR, 50.0, 20000.0), row(RUST, 90.0, 5000.0), row("python-sync", 400.0, 1000.0)])
            .headline()
            .join("\n");
        assert!(slow.contains("1.80× the bare reqwest call (50.0 µs); target ≤ 1.50×: MISSED"), "{slow}");
        assert!(slow.contains("5.00× the python-sync (target ≥ 10×: MISSED)"), "{slow}");
    }
}
