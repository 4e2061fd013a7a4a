//! Build times and peak memory of the generated client crates: the smallest, a median and the largest crate (by
//! actions), each compiled from scratch with its dependencies already built, as a dev build without the
//! incremental cache (what a user compiling it as a dependency gets) and as a release build; then the rebuild of
//! ccc after one of its specs changes.
//!
//! Nothing is cleaned. Touching a crate's `src/lib.rs` makes Cargo compile that crate again from scratch when
//! `CARGO_INCREMENTAL=0` (dev) or in the release profile (which keeps no incremental cache). Touching a spec
//! measures what a spec edit costs: the build script that declares the specs as inputs reruns and the macro
//! expands the service again. Peak memory comes from `/usr/bin/time -f %M`, which reports the largest process of
//! the build (rustc); without it the column says so.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Instant, SystemTime};

use super::report::BuildTime;

/// The crate whose spec edit is timed: the one the benchmark calls.
const TOUCHED_CRATE: &str = "tencentcloud-ccc";
const TOUCHED_SPEC: &str = "specs/ccc/2020-02-10/actions/DescribeAutoCalloutTask.json";

/// A generated crate and its size, for choosing what to measure.
struct Sized {
    package: String,
    actions: usize,
}

pub fn measure(root: &Path) -> Vec<BuildTime> {
    let mut rows = Vec::new();
    let selection = crate::client_crates::Selection::of_workspace(root);
    let rendered =
        selection.and_then(|s| crate::client_crates::render_all(&root.join("specs"), &root.join("crates"), &s));
    let mut crates = match rendered {
        Ok(crates) => crates
            .into_iter()
            .filter(|c| c.dir.join("Cargo.toml").is_file())
            .map(|c| Sized { package: crate::client_crates::crate_name(&c.service), actions: c.actions() })
            .collect::<Vec<_>>(),
        Err(reason) => {
            return vec![BuildTime { what: "generated crates".into(), seconds: Err(reason), peak_mib: None }];
        }
    };
    crates.sort_by(|a, b| a.actions.cmp(&b.actions).then_with(|| a.package.cmp(&b.package)));
    let picks: Vec<(&str, &Sized)> = match crates.len() {
        0 => Vec::new(),
        n => {
            let mut p = vec![("smallest", &crates[0]), ("median", &crates[n / 2]), ("largest", &crates[n - 1])];
            p.dedup_by(|a, b| a.1.package == b.1.package);
            p
        }
    };
    for (label, krate) in picks {
        for (profile, release) in [("cold dev, CARGO_INCREMENTAL=0", false), ("release", true)] {
            let package = &krate.package;
            eprintln!("==> build time of {package} ({profile})");
            let what = format!("{label}: {package} ({} actions), {profile}", krate.actions);
            let lib = root.join("crates").join(package).join("src/lib.rs");
            rows.push(match rebuild_after_touching(root, package, &lib, release) {
                Ok((seconds, peak)) => BuildTime {
                    what: format!("{what} ({:.0} ms/action)", seconds * 1000.0 / krate.actions.max(1) as f64),
                    seconds: Ok(seconds),
                    peak_mib: peak,
                },
                Err(reason) => BuildTime { what, seconds: Err(reason), peak_mib: None },
            });
        }
    }
    if let Some(largest) = crates.last() {
        let service = largest.package.trim_start_matches("tencentcloud-").to_owned();
        eprintln!("==> build time of 3 actions of {service} (cold dev, CARGO_INCREMENTAL=0)");
        let what = format!(
            "3 of {}'s {} actions, `service!(.., actions = [..])` in a crate of one's own, cold dev",
            largest.package, largest.actions
        );
        rows.push(match selected_build(root, &service, 3) {
            Ok((seconds, peak)) => BuildTime { what, seconds: Ok(seconds), peak_mib: peak },
            Err(reason) => BuildTime { what, seconds: Err(reason), peak_mib: None },
        });
    }
    eprintln!("==> rebuild of {TOUCHED_CRATE} after a spec edit (release)");
    let touched = rebuild_after_touching(root, TOUCHED_CRATE, &root.join(TOUCHED_SPEC), true);
    rows.push(BuildTime {
        what: format!("rebuild of {TOUCHED_CRATE} after one spec changes (release; `touch {TOUCHED_SPEC}`)"),
        seconds: touched.as_ref().map(|t| t.0).map_err(Clone::clone),
        peak_mib: touched.ok().and_then(|t| t.1),
    });
    rows
}

/// A crate of one's own (under `target/`) that generates only the first `n` actions (by name) of `service`'s
/// newest version with the macro's `actions = [...]`, built cold as a dev build: the cost of using a few actions
/// of a big service. Shares the workspace's lock file and target folder, so only the path crates rebuild.
fn selected_build(root: &Path, service: &str, n: usize) -> Result<(f64, Option<f64>), String> {
    let specs = crate::client_crates::list_dirs(&root.join("specs").join(service))?;
    let version = specs.last().ok_or_else(|| format!("specs/{service} has no version"))?;
    let loaded = tencentcloud_spec::load_service(version).map_err(|e| e.to_string())?;
    let mut names: Vec<&str> = loaded.actions.iter().map(|a| a.name.as_str()).collect();
    names.sort_unstable();
    let list: Vec<String> = names.iter().take(n).map(|a| format!("{a:?}")).collect();
    let dir = root.join("target/bench-selection");
    std::fs::create_dir_all(dir.join("src")).map_err(|e| e.to_string())?;
    let crates = root.join("crates");
    let manifest = format!(
        "[package]\nname = \"bench-selection\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\ntencentcloud-core = {{ path = {core:?} }}\ntencentcloud-codegen = {{ path = {codegen:?} }}\n\n\
         [workspace]\n",
        core = crates.join("tencentcloud-core").display().to_string(),
        codegen = crates.join("tencentcloud-codegen").display().to_string(),
    );
    let lib = format!(
        "//! {n} actions of {service}, generated alone.\ntencentcloud_codegen::service!({path:?}, actions = [{list}]);\n",
        path = version.display().to_string(),
        list = list.join(", "),
    );
    let write = |path: PathBuf, text: &str| std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()));
    write(dir.join("Cargo.toml"), &manifest)?;
    write(dir.join("src/lib.rs"), &lib)?;
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).map_err(|e| e.to_string())?;
    let build = |dir: &Path| timed_manifest(dir, root);
    build(&dir)?;
    touch(&dir.join("src/lib.rs"))?;
    let (seconds, peak, stderr) = build(&dir)?;
    if stderr.contains("Compiling bench-selection") {
        Ok((seconds, peak))
    } else {
        Err("cargo did not rebuild the selection crate after its lib.rs changed".into())
    }
}

/// [`timed`] for the crate at `dir`, outside the workspace, sharing its target folder (cold dev build).
fn timed_manifest(dir: &Path, root: &Path) -> Result<(f64, Option<f64>, String), String> {
    let mut command = cargo_under_time();
    command
        .args(["build", "--offline", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_INCREMENTAL", "0")
        .env("CARGO_TARGET_DIR", root.join("target"))
        .current_dir(dir);
    run_timed(command)
}

/// Builds `package` once to settle its dependencies, touches `file`, builds again and returns the second build's
/// wall time and peak memory; an error when the second build did not compile `package` (an untracked input would
/// make it a no-op whose time flatters us).
fn rebuild_after_touching(
    root: &Path,
    package: &str,
    file: &Path,
    release: bool,
) -> Result<(f64, Option<f64>), String> {
    timed(root, package, release)?;
    touch(file)?;
    let (seconds, peak, stderr) = timed(root, package, release)?;
    if stderr.contains(&format!("Compiling {package}")) {
        Ok((seconds, peak))
    } else {
        Err(format!("cargo did not rebuild {package} after {} changed (not a tracked input)", file.display()))
    }
}

/// Runs one cargo build under `/usr/bin/time` when it exists; returns wall time, peak MiB and stderr.
fn timed(root: &Path, package: &str, release: bool) -> Result<(f64, Option<f64>, String), String> {
    let mut command = cargo_under_time();
    command.args(["build", "-p", package]).current_dir(root);
    if release {
        command.arg("--release");
    } else {
        command.env("CARGO_INCREMENTAL", "0");
    }
    run_timed(command)
}

/// `cargo`, run under `/usr/bin/time` (which prints the peak memory) when the machine has it.
fn cargo_under_time() -> Command {
    let time = Path::new("/usr/bin/time");
    if time.is_file() {
        let mut c = Command::new(time);
        c.args(["-f", "peak-kib=%M"]).arg(crate::cargo());
        c
    } else {
        Command::new(crate::cargo())
    }
}

/// Runs a cargo build (under `/usr/bin/time` or not); returns wall time, peak MiB and stderr.
fn run_timed(mut command: Command) -> Result<(f64, Option<f64>, String), String> {
    let started = Instant::now();
    let output = command.output().map_err(|e| format!("cannot start cargo: {e}"))?;
    let seconds = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if !output.status.success() {
        return Err(format!("cargo build failed ({}): {}", output.status, super::last_line(&stderr)));
    }
    let peak = stderr
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("peak-kib="))
        .and_then(|k| k.trim().parse::<f64>().ok())
        .map(|kib| kib / 1024.0);
    Ok((seconds, peak, stderr))
}

/// Sets a file's modification time to now without changing its content.
fn touch(path: &Path) -> Result<(), String> {
    let file = std::fs::File::options().append(true).open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    file.set_modified(SystemTime::now())
        .map_err(|e| format!("{}: cannot set its modification time: {e}", path.display()))
}
