//! Build times of the generated crate, in the release profile the benchmark has just built (so every dependency
//! is already compiled and nothing extra is built): the crate's own build, and its rebuild after one spec changes.
//!
//! Nothing is cleaned. The release profile keeps no incremental cache, so touching the crate's `src/lib.rs` makes
//! Cargo compile tencentcloud-ccc from scratch — its clean build with dependencies built. Touching a spec then
//! measures what a spec edit costs: the build script that declares the specs as inputs reruns and the macro
//! expands the service again.

use std::path::Path;
use std::process::Command;
use std::time::{Instant, SystemTime};

use super::report::BuildTime;

const PACKAGE: &str = "tencentcloud-ccc";
const CRATE_ROOT: &str = "crates/tencentcloud-ccc/src/lib.rs";
/// The spec the second measurement touches: the action the benchmark calls.
const TOUCHED_SPEC: &str = "specs/ccc/2020-02-10/actions/DescribeAutoCalloutTask.json";

pub fn measure(root: &Path) -> Vec<BuildTime> {
    let cargo = crate::cargo();
    let build = || {
        let mut command = Command::new(&cargo);
        command.args(["build", "--release", "-p", PACKAGE]).current_dir(root);
        command
    };
    eprintln!("==> build times of {PACKAGE} (release)");
    // Building the package on its own may resolve features differently from the benchmark's build; settle that
    // first so the timed builds compile only the crate.
    if let Err(reason) = timed(build()) {
        return vec![BuildTime { what: format!("cargo build --release -p {PACKAGE}"), seconds: Err(reason) }];
    }
    let rebuild_after_touching = |file: &str| {
        touch(&root.join(file))?;
        let (seconds, stderr) = timed(build())?;
        // A file Cargo does not track would make this a no-op, and its time would flatter us.
        if stderr.contains(&format!("Compiling {PACKAGE}")) {
            Ok(seconds)
        } else {
            Err(format!("cargo did not rebuild {PACKAGE} after {file} changed (not a tracked input)"))
        }
    };
    vec![
        BuildTime {
            what: format!("{PACKAGE} from scratch, dependencies already built (release; `touch {CRATE_ROOT}`)"),
            seconds: rebuild_after_touching(CRATE_ROOT),
        },
        BuildTime {
            what: format!("rebuild after one spec changes (release; `touch {TOUCHED_SPEC}`)"),
            seconds: rebuild_after_touching(TOUCHED_SPEC),
        },
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
        Err(format!("cargo build failed ({}): {}", output.status, super::last_line(&stderr)))
    }
}

/// Sets a file's modification time to now without changing its content.
fn touch(path: &Path) -> Result<(), String> {
    let file = std::fs::File::options().append(true).open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    file.set_modified(SystemTime::now())
        .map_err(|e| format!("{}: cannot set its modification time: {e}", path.display()))
}
