//! `cargo xtask`: the project's automation, one module per subcommand.

mod bench;
mod demo;
mod expand;
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
    /// Regenerate, start the embedded sandbox and call DescribeAutoCalloutTask.
    Demo(demo::Args),
    /// Measure the SDK against the bare HTTP call and the official SDKs; write BENCHMARKS.md.
    Bench(bench::Args),
    /// Install the official Python and Node SDKs used as peers in tests and benchmarks.
    Peers(peers::Args),
    /// Install the peers and run every test.
    Test(test::Args),
}

/// What a subcommand returns: a one-line reason on failure, printed before exiting non-zero.
pub type Result<T = ()> = std::result::Result<T, String>;

/// The workspace root, from xtask's own manifest so the command works from any folder.
pub fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

/// Runs one child command of a subcommand, announcing it, and turns a failure into a one-line reason.
pub fn run_step(what: &str, command: &mut std::process::Command) -> Result {
    eprintln!("==> {what}");
    let status = command.status().map_err(|e| format!("{what}: cannot start: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("{what} failed ({status})")) }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Regen(args) => regen::run(args),
        Command::Expand(args) => expand::run(args),
        Command::Demo(args) => demo::run(args),
        Command::Bench(args) => bench::run(args),
        Command::Peers(args) => peers::run(args),
        Command::Test(args) => test::run(args),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(reason) => {
            eprintln!("error: {reason}");
            ExitCode::FAILURE
        }
    }
}
