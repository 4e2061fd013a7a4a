//! `cargo xtask test`: install the official SDKs the peer tests talk to, then run every test in the workspace.

use std::process::Command;

#[derive(clap::Args)]
pub struct Args {
    /// Extra arguments passed to `cargo test` after the workspace flags (for example a test name filter).
    #[arg(trailing_var_arg = true)]
    cargo_args: Vec<String>,
}

pub fn run(args: Args) -> crate::Result {
    let root = crate::workspace_root();
    // The peers are installed by this same binary, so `cargo xtask test` works on a fresh clone in one command.
    let exe = crate::xtask_exe()?;
    crate::run_step("install the peer SDKs", Command::new(exe).arg("peers").current_dir(&root))?;

    let cargo = crate::cargo();
    // Benches run once each in test mode, so a broken benchmark fails here rather than in `cargo xtask bench`.
    let mut all_targets = Command::new(&cargo);
    all_targets.args(["test", "--workspace", "--all-targets"]).args(&args.cargo_args).current_dir(&root);
    crate::run_step("cargo test --workspace --all-targets", &mut all_targets)?;
    let mut doc = Command::new(&cargo);
    doc.args(["test", "--workspace", "--doc"]).current_dir(&root);
    crate::run_step("cargo test --workspace --doc", &mut doc)
}
