//! `cargo xtask demo`: the README's first command. Regenerates the specs from the saved pages, then runs the ccc
//! quickstart, which starts the embedded sandbox and calls DescribeAutoCalloutTask: no Tencent Cloud account
//! needed. xtask does not link the generated crates (regen must work when they are broken), so both steps run
//! as child processes.

use std::process::Command;

#[derive(clap::Args)]
pub struct Args {
    /// Call the real endpoint with TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY instead of the sandbox.
    #[arg(long)]
    live: bool,
}

pub fn run(args: Args) -> crate::Result {
    let root = crate::workspace_root();
    let xtask = crate::xtask_exe()?;
    crate::run_step("cargo xtask regen", Command::new(xtask).arg("regen").current_dir(&root))?;

    let cargo = crate::cargo();
    let mut quickstart = Command::new(cargo);
    quickstart.args(["run", "--quiet", "-p", "tencentcloud-ccc", "--example", "quickstart"]).current_dir(&root);
    if args.live {
        quickstart.args(["--", "--live"]);
    }
    crate::run_step("cargo run -p tencentcloud-ccc --example quickstart", &mut quickstart)
}
