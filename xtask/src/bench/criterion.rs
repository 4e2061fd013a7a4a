//! Runs a criterion bench and reads what it measured back from `target/criterion/**/new/`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use serde::Deserialize;

use super::report::{CriterionResult, PairedSign};

/// `benchmark.json` as criterion writes it (only the fields read here).
#[derive(Deserialize)]
struct BenchmarkFile {
    full_id: String,
    /// `{"Elements": n}`, `{"Bytes": n}`, ... or null; only elements are reported.
    #[serde(default)]
    throughput: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct EstimatesFile {
    mean: Estimate,
    #[serde(default)]
    slope: Option<Estimate>,
}

#[derive(Deserialize)]
struct Estimate {
    point_estimate: f64,
}

/// Runs `cargo bench -p <package> --bench <bench>` with short warm-up and measurement times, then collects every
/// benchmark that run wrote. `element_name` says what the bench's `Throughput::Elements` counts. An Err says why
/// nothing could be measured.
pub fn run(
    root: &Path,
    target_dir: &Path,
    package: &str,
    bench: &str,
    element_name: &str,
) -> Result<Vec<CriterionResult>, String> {
    let started = SystemTime::now();
    cargo_bench(root, package, bench, &["--", "--warm-up-time", "0.5", "--measurement-time", "2"])?;
    let mut results = Vec::new();
    collect(&target_dir.join("criterion"), started, bench, element_name, &mut results)?;
    if results.is_empty() {
        return Err(format!("`cargo bench -p {package} --bench {bench}` wrote no criterion results"));
    }
    results.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(results)
}

/// Runs `cargo bench -p tencentcloud-core --bench sign_paired` (its own timing loop, not criterion) and reads the
/// JSON line it prints last.
pub fn run_paired_sign(root: &Path) -> Result<PairedSign, String> {
    let stdout = cargo_bench(root, "tencentcloud-core", "sign_paired", &["-q"])?;
    let line = super::last_line(&stdout);
    serde_json::from_str(line).map_err(|e| format!("its last line is not the expected JSON ({e}): {line:?}"))
}

/// Runs `cargo bench -p <package> --bench <bench> <args>`; its standard output, or why it failed.
fn cargo_bench(root: &Path, package: &str, bench: &str, args: &[&str]) -> Result<String, String> {
    eprintln!("==> cargo bench -p {package} --bench {bench}");
    let output = Command::new(crate::cargo())
        .args(["bench", "-p", package, "--bench", bench])
        .args(args)
        .current_dir(root)
        .output()
        .map_err(|e| format!("cannot start cargo bench: {e}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(format!(
            "`cargo bench -p {package} --bench {bench}` failed ({}): {}",
            output.status,
            failure_reason(&stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// A panic's location and message when the bench panicked (the last line only says that it failed), else the
/// last line, cut to a length a table note can hold.
fn failure_reason(stderr: &str) -> String {
    let lines: Vec<&str> = stderr.lines().collect();
    let reason = match lines.iter().position(|line| line.contains("panicked at")) {
        Some(at) => lines[at..].iter().take(2).map(|line| line.trim()).collect::<Vec<_>>().join(" "),
        None => super::last_line(stderr).to_owned(),
    };
    match reason.char_indices().nth(400) {
        Some((cut, _)) => format!("{}…", &reason[..cut]),
        None => reason,
    }
}

/// Walks the criterion folder for `new/benchmark.json` files written since `since`.
fn collect(
    dir: &Path,
    since: SystemTime,
    bench: &str,
    element_name: &str,
    results: &mut Vec<CriterionResult>,
) -> Result<(), String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if !path.is_dir() {
            continue;
        }
        if path.file_name().is_some_and(|name| name == "new") {
            let benchmark = path.join("benchmark.json");
            let fresh =
                std::fs::metadata(&benchmark).and_then(|m| m.modified()).is_ok_and(|modified| modified >= since);
            if fresh {
                results.push(read_result(&path, bench, element_name)?);
            }
        } else {
            collect(&path, since, bench, element_name, results)?;
        }
    }
    Ok(())
}

fn read_result(new_dir: &Path, bench: &str, element_name: &str) -> Result<CriterionResult, String> {
    let benchmark: BenchmarkFile = read_json(new_dir.join("benchmark.json"))?;
    let estimates: EstimatesFile = read_json(new_dir.join("estimates.json"))?;
    // Criterion reports the slope of its linear sampling when it has one, the mean otherwise.
    let ns_per_iter = estimates.slope.unwrap_or(estimates.mean).point_estimate;
    let elements = benchmark.throughput.as_ref().and_then(|t| t.get("Elements")).and_then(|n| n.as_u64());
    Ok(CriterionResult {
        bench: bench.to_owned(),
        id: benchmark.full_id,
        ns_per_iter,
        elements,
        element_name: element_name.to_owned(),
    })
}

fn read_json<T: serde::de::DeserializeOwned>(path: PathBuf) -> Result<T, String> {
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_reported_with_its_message() {
        let stderr = "   Compiling x\nthread 'main' panicked at benches/regen.rs:25:61:\nspecs are broken\nstack backtrace:\n\
                      error: bench failed, to rerun pass `-p x --bench regen`\n";
        assert_eq!(failure_reason(stderr), "thread 'main' panicked at benches/regen.rs:25:61: specs are broken");
        assert_eq!(failure_reason("error: no bench target named `sign`\n"), "error: no bench target named `sign`");
    }

    #[test]
    fn reads_slope_or_mean_and_element_throughput() {
        let dir = std::env::temp_dir().join(format!("xtask-criterion-{}", std::process::id()));
        let with_slope = dir.join("regen/ccc/new");
        let without = dir.join("sign/new");
        std::fs::create_dir_all(&with_slope).unwrap();
        std::fs::create_dir_all(&without).unwrap();
        std::fs::write(
            with_slope.join("benchmark.json"),
            r#"{"group_id":"regen","function_id":"ccc","value_str":null,"throughput":{"Elements":12},"full_id":"regen/ccc","directory_name":"regen/ccc","title":"regen/ccc"}"#,
        )
        .unwrap();
        std::fs::write(
            with_slope.join("estimates.json"),
            r#"{"mean":{"point_estimate":5.0},"slope":{"point_estimate":4.0}}"#,
        )
        .unwrap();
        std::fs::write(without.join("benchmark.json"), r#"{"full_id":"sign","throughput":{"Bytes":64}}"#).unwrap();
        std::fs::write(without.join("estimates.json"), r#"{"mean":{"point_estimate":900.0},"slope":null}"#).unwrap();

        let mut results = Vec::new();
        collect(&dir, SystemTime::UNIX_EPOCH, "b", "pages", &mut results).unwrap();
        results.sort_by(|a, b| a.id.cmp(&b.id));
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(results.len(), 2);
        assert_eq!((results[0].id.as_str(), results[0].ns_per_iter, results[0].elements), ("regen/ccc", 4.0, Some(12)));
        assert_eq!((results[1].id.as_str(), results[1].ns_per_iter, results[1].elements), ("sign", 900.0, None));
    }
}
