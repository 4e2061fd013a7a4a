//! Build times of the generated crate: a clean build of tencentcloud-ccc with its dependencies already built,
//! and the incremental rebuild after one spec file changes. Measured in a target folder of its own
//! (`<target>/bench-build`, dev profile) so cleaning the crate there never disturbs anyone's build.

use std::path::Path;
use std::process::Command;
use std::time::{Instant, SystemTime};

use super::report::BuildTime;

const PACKAGE: &str = "tencentcloud-ccc";
/// The spec the incremental measurement touches: the action the benchmark calls.
const TOUCHED_SPEC: &str = "specs/ccc/2020-02-10/actions/DescribeAutoCalloutTask.json";

pub fn measure(root: &Path, target_dir: &Path) -> Vec<BuildTime> {
    let build_dir = target_dir.join("bench-build");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let cargo_in = |args: &[&str]| {
        let mut command = Command::new(&cargo);
        command.args(args).arg("--target-dir").arg(&build_dir).current_dir(root);
        command
    };

    eprintln!("==> build times: building {PACKAGE}'s dependencies in {}", build_dir.display());
    if let Err(reason) = timed(cargo_in(&["build", "-p", PACKAGE])) {
        return vec![BuildTime { what: format!("build {PACKAGE}"), seconds: Err(reason) }];
    }

    let clean = cargo_in(&["clean", "-p", PACKAGE]).output();
    let clean_build = match clean {
        Ok(output) if output.status.success() => timed(cargo_in(&["build", "-p", PACKAGE])).map(|(seconds, _)| seconds),
        Ok(output) => Err(format!("cargo clean -p {PACKAGE} failed ({})", output.status)),
        Err(e) => Err(format!("cannot start cargo clean: {e}")),
    };

    let incremental = touch(&root.join(TOUCHED_SPEC)).and_then(|()| {
        let (seconds, stderr) = timed(cargo_in(&["build", "-p", PACKAGE]))?;
        // Cargo only rebuilds when the macro declared the spec files as inputs; otherwise the "rebuild" is a
        // no-op and its time would flatter us.
        if stderr.contains(&format!("Compiling {PACKAGE}")) {
            Ok(seconds)
        } else {
            Err(format!(
                "cargo did not rebuild {PACKAGE} after {TOUCHED_SPEC} changed (the spec is not a tracked input)"
            ))
        }
    });

    vec![
        BuildTime {
            what: format!("clean build of {PACKAGE} (dev profile, dependencies already built)"),
            seconds: clean_build,
        },
        BuildTime { what: format!("incremental rebuild after touching `{TOUCHED_SPEC}`"), seconds: incremental },
    ]
}

/// Runs a cargo build and returns its wall time and stderr.
fn timed(mut command: Command) -> Result<(f64, String), String> {
    let started = Instant::now();
    let output = command.output().map_err(|e| format!("cannot start cargo: {e}"))?;
    let seconds = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if output.status.success() {
        Ok((seconds, stderr))
    } else {
        let last = super::last_line(&stderr).to_owned();
        Err(format!("cargo build failed ({}): {last}", output.status))
    }
}

/// Sets a file's modification time to now without changing its content.
fn touch(path: &Path) -> Result<(), String> {
    let file = std::fs::File::options().append(true).open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    file.set_modified(SystemTime::now())
        .map_err(|e| format!("{}: cannot set its modification time: {e}", path.display()))
}
