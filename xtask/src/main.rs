//! `cargo xtask`: the project's automation, one module per subcommand.

mod bench;
mod changes;
mod client_crates;
mod demo;
mod drop_in;
mod expand;
mod lint;
mod peers;
mod regen;
mod test;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "tencentcloud-rs project automation")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate specs/ from the saved reference pages.
    Regen(regen::Args),
    /// Write a service crate's macro expansion, formatted, to a file.
    Expand(expand::Args),
    /// Clippy, warnings denied, over every package with hand-written code.
    Lint(lint::Args),
    /// Regenerate, start the embedded sandbox and call DescribeAutoCalloutTask.
    Demo(demo::Args),
    /// Measure the SDK against the bare HTTP call and the official SDKs; write BENCHMARKS.md.
    Bench(bench::Args),
    /// Install the official Python and Node SDKs used as peers in tests and benchmarks.
    Peers(peers::Args),
    /// Install the peers and run every test.
    Test(test::Args),
    /// Rebuild a service from its pages alone in a scratch workspace and run its new crate's tests.
    DropIn(drop_in::Args),
}

/// What a subcommand returns: a one-line reason on failure, printed before exiting non-zero.
pub type Result<T = ()> = std::result::Result<T, String>;

/// The workspace root, from xtask's own manifest so the command works from any folder.
pub fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

/// The cargo running this xtask (`$CARGO`), so child builds use the same toolchain.
pub fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// This xtask binary, for a subcommand that runs another one (`regen`, `peers`) as a child process.
pub fn xtask_exe() -> Result<PathBuf> {
    std::env::current_exe().map_err(|e| format!("cannot find the xtask binary: {e}"))
}

/// Runs one child command of a subcommand, announcing it, and turns a failure into a one-line reason.
pub fn run_step(what: &str, command: &mut std::process::Command) -> Result {
    eprintln!("==> {what}");
    let status = command.status().map_err(|e| format!("{what}: cannot start: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("{what} failed ({status})")) }
}

/// Writes `path` through a temporary file in the same folder and a rename, so a reader never sees half a file.
pub fn write_atomically(path: &std::path::Path, text: &str) -> Result {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    std::fs::write(&temp, text).map_err(|e| format!("cannot write {}: {e}", temp.display()))?;
    std::fs::rename(&temp, path).map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        format!("cannot move {} to {}: {e}", temp.display(), path.display())
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Regen(args) => regen::run(args),
        Command::Lint(args) => lint::run(args),
        Command::Expand(args) => expand::run(args),
        Command::Demo(args) => demo::run(args),
        Command::Bench(args) => bench::run(args),
        Command::Peers(args) => peers::run(args),
        Command::Test(args) => test::run(args),
        Command::DropIn(args) => drop_in::run(args),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(reason) => {
            eprintln!("error: {reason}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn write_atomically_replaces_the_file_and_leaves_no_temporary() {
        let dir = std::env::temp_dir().join(format!("xtask-write-{}", std::process::id()));
        let path = dir.join("nested").join("out.md");
        super::write_atomically(&path, "first").unwrap();
        super::write_atomically(&path, "second").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "second");
        let names: Vec<_> =
            std::fs::read_dir(path.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["out.md"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn run_step_names_the_step_that_failed() {
        assert!(super::run_step("true", &mut std::process::Command::new("true")).is_ok());
        let err = super::run_step("false step", &mut std::process::Command::new("false")).unwrap_err();
        assert!(err.starts_with("false step failed"), "{err}");
        let err = super::run_step("missing", &mut std::process::Command::new("/nonexistent/xtask-tool")).unwrap_err();
        assert!(err.starts_with("missing: cannot start"), "{err}");
    }
}
