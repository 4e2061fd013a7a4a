//! `cargo xtask test`: install the official SDKs the peer tests talk to, run every test in the workspace, then
//! drop a service back in as pages and test the crate regen makes of it (`drop_in`).

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
    // The peer tests are `#[ignore]`d so plain `cargo test` passes on a fresh clone; here the peers are installed,
    // so `--include-ignored` runs them and they can never be skipped in CI.
    let mut all_targets = Command::new(&cargo);
    all_targets.args(["test", "--workspace", "--all-targets"]).args(with_ignored(&args.cargo_args)).current_dir(&root);
    crate::run_step("cargo test --workspace --all-targets -- --include-ignored", &mut all_targets)?;
    // Only the hand-written packages have doctests: `cargo test --doc` would otherwise build the library of every
    // generated crate (which turns its doctests off) a second time, for nothing.
    let mut doc = Command::new(&cargo);
    doc.args(["test", "--doc"]).current_dir(&root);
    for package in crate::lint::hand_written_packages(&root)? {
        doc.args(["-p", &package]);
    }
    crate::run_step("cargo test --doc on the hand-written packages", &mut doc)?;
    if args.cargo_args.is_empty() {
        crate::drop_in::check(&root, crate::drop_in::SERVICE)?;
    }
    Ok(())
}

/// `cargo test` arguments with `--include-ignored` added to the harness's part (after `--`, which may be the user's).
fn with_ignored(cargo_args: &[String]) -> Vec<String> {
    let mut args = cargo_args.to_vec();
    match args.iter().position(|a| a == "--") {
        Some(at) => args.insert(at + 1, "--include-ignored".into()),
        None => args.extend(["--".into(), "--include-ignored".into()]),
    }
    args
}

#[cfg(test)]
mod tests {
    use super::with_ignored;

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|a| a.to_string()).collect()
    }

    #[test]
    fn ignored_peer_tests_are_included_whatever_the_user_passes() {
        assert_eq!(with_ignored(&[]), strings(&["--", "--include-ignored"]));
        assert_eq!(with_ignored(&strings(&["-p", "x"])), strings(&["-p", "x", "--", "--include-ignored"]));
        assert_eq!(
            with_ignored(&strings(&["-p", "x", "--", "sse"])),
            strings(&["-p", "x", "--", "--include-ignored", "sse"])
        );
    }
}
