//! `cargo xtask peers`: installs the official Python and Node SDKs that tests and benchmarks compare against.
//!
//! Python goes into `tests/peers/.venv` from `tests/peers/requirements.txt`; Node into `tests/peers/node_modules`
//! from the committed `package-lock.json` (`npm ci`). Each install leaves a stamp holding a hash of its input
//! file, so running the command again is a no-op until the pinned versions change.

use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(clap::Args)]
pub struct Args {
    /// Reinstall even when the stamps say the peers are current.
    #[arg(long)]
    force: bool,
    /// Only the Python peer (for machines without Node).
    #[arg(long, conflicts_with = "node_only")]
    python_only: bool,
    /// Only the Node peer.
    #[arg(long)]
    node_only: bool,
}

const STAMP: &str = ".tencentcloud-rs-stamp";

pub fn run(args: Args) -> crate::Result {
    let peers = crate::workspace_root().join("tests").join("peers");
    if !args.node_only {
        install_python(&peers, args.force)?;
    }
    if !args.python_only {
        install_node(&peers, args.force)?;
    }
    Ok(())
}

/// The Python interpreter of the peers' virtual environment.
pub fn venv_python(peers: &Path) -> PathBuf {
    peers.join(".venv").join("bin").join("python")
}

fn install_python(peers: &Path, force: bool) -> crate::Result {
    let requirements = peers.join("requirements.txt");
    let wanted = stamp_for(&requirements)?;
    let venv = peers.join(".venv");
    let stamp = venv.join(STAMP);
    let python = venv_python(peers);
    if !force && python.exists() && read_stamp(&stamp).as_deref() == Some(wanted.as_str()) {
        eprintln!("python peer: up to date ({})", venv.display());
        return Ok(());
    }
    if !python.exists() {
        let bootstrap = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned());
        run_step(
            "create tests/peers/.venv",
            Command::new(&bootstrap).args(["-m", "venv"]).arg(&venv),
            &format!("is `{bootstrap}` (with the venv module) installed? Set PYTHON to another interpreter"),
        )?;
    }
    run_step(
        "pip install -r tests/peers/requirements.txt",
        Command::new(&python)
            .args(["-m", "pip", "install", "--disable-pip-version-check", "--quiet", "-r"])
            .arg(&requirements),
        "PyPI must be reachable",
    )?;
    crate::write_atomically(&stamp, &wanted)?;
    eprintln!("python peer: installed into {}", venv.display());
    Ok(())
}

fn install_node(peers: &Path, force: bool) -> crate::Result {
    let wanted = stamp_for(&peers.join("package-lock.json"))?;
    let modules = peers.join("node_modules");
    let stamp = modules.join(STAMP);
    if !force && read_stamp(&stamp).as_deref() == Some(wanted.as_str()) {
        eprintln!("node peer: up to date ({})", modules.display());
        return Ok(());
    }
    run_step(
        "npm ci in tests/peers",
        Command::new("npm")
            .args(["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(peers),
        "is Node.js with npm installed, and is the npm registry reachable?",
    )?;
    crate::write_atomically(&stamp, &wanted)?;
    eprintln!("node peer: installed into {}", modules.display());
    Ok(())
}

/// The stamp content for an input file: its FNV-1a 64 hash, so any edit of the pins triggers a reinstall.
fn stamp_for(input: &Path) -> crate::Result<String> {
    let bytes = std::fs::read(input).map_err(|e| format!("cannot read {}: {e}", input.display()))?;
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3));
    Ok(format!("fnv1a64:{hash:016x}\n"))
}

fn read_stamp(path: &Path) -> Option<String> {
    std::fs::read_to_string(path).ok()
}
/// A failed install step, with what the user should check appended.
fn run_step(what: &str, command: &mut Command, hint: &str) -> crate::Result {
    crate::run_step(what, command).map_err(|e| format!("{e}; {hint}"))
}
