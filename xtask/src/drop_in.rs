//! The round trip a user makes when adding a service: a service's crate and specs removed, its pages dropped back
//! into `specs/<service>/<version>/docs/`, `regen` run, and the crate that comes back passes its tests.
//!
//! `cargo xtask test` runs it after the workspace's tests, on a scratch copy of the repository's layout (under
//! `target/`, so nothing of the real tree is touched) that shares the workspace's target folder: only the
//! scratch crate and the path crates it names are compiled again.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::client_crates::{CratePlan, Selection, crate_name, render_all};

/// The service dropped back in: three actions, and examples that use members its tables do not document, which
/// the generated example tests must ignore as the typed structs do.
pub const SERVICE: &str = "wss";

#[derive(clap::Args)]
pub struct Args {
    /// The service folder under specs/ to drop back in.
    #[arg(default_value = SERVICE)]
    service: String,
}

pub fn run(args: Args) -> crate::Result {
    check(&crate::workspace_root(), &args.service)
}

/// Rebuilds `service` from its pages alone in a scratch workspace and runs the new crate's tests.
pub fn check(root: &Path, service: &str) -> crate::Result {
    let scratch = root.join("target/drop-in");
    let _ = std::fs::remove_dir_all(&scratch);
    let versions = crate::client_crates::list_dirs(&root.join("specs").join(service))?;
    if versions.is_empty() {
        return Err(format!("specs/{service} has no version folder"));
    }
    // Only the pages go across: the specs and the crate must come back from them.
    for version in &versions {
        let name = version.file_name().unwrap_or_default();
        copy_dir(
            &version.join(tencentcloud_spec::DOCS_DIR),
            &scratch.join("specs").join(service).join(name).join("docs"),
        )?;
    }
    let jobs = crate::regen::repository_jobs(&scratch.join("specs"))?;
    let planned = crate::regen::plan_jobs(&jobs)?;
    let plans: Vec<tencentcloud_docs::Plan> = planned.into_iter().map(|(_, plan)| plan).collect();
    tencentcloud_docs::Plan::apply_all(&plans).map_err(|e| e.to_string())?;
    for version in &versions {
        let name = version.file_name().unwrap_or_default();
        same_specs(version, &scratch.join("specs").join(service).join(name))?;
    }
    let crates = render_all(&scratch.join("specs"), &scratch.join("crates"), &Selection::All)?;
    CratePlan::new(&crates).apply()?;
    std::fs::write(scratch.join("Cargo.toml"), scratch_manifest(root)?).map_err(|e| e.to_string())?;
    std::fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock")).map_err(|e| e.to_string())?;
    let package = crate_name(service);
    let mut test = Command::new(crate::cargo());
    test.args(["test", "--offline", "-p", &package])
        .arg("--manifest-path")
        .arg(scratch.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", root.join("target"))
        .current_dir(&scratch);
    crate::run_step(&format!("cargo test -p {package} on the crate regen made from {service}'s pages alone"), &mut test)
}

/// The workspace manifest with its path dependencies made absolute and only the scratch crates as members.
fn scratch_manifest(root: &Path) -> crate::Result<String> {
    let text = std::fs::read_to_string(root.join("Cargo.toml")).map_err(|e| e.to_string())?;
    let crates = root.join("crates");
    let manifest = text
        .replace("members = [\"xtask\", \"crates/*\"]", "members = [\"crates/*\"]")
        .replace("path = \"crates/", &format!("path = \"{}/", crates.display()));
    if !manifest.contains("members = [\"crates/*\"]") {
        return Err("the workspace manifest's `members` line is not `[\"xtask\", \"crates/*\"]`".into());
    }
    Ok(manifest)
}

/// Every spec file under `committed` (actions, types, service.json) is byte-equal under `rebuilt`.
fn same_specs(committed: &Path, rebuilt: &Path) -> crate::Result {
    let mut files: Vec<PathBuf> = vec![PathBuf::from("service.json")];
    for part in ["actions", "types"] {
        for entry in std::fs::read_dir(committed.join(part)).into_iter().flatten().flatten() {
            files.push(Path::new(part).join(entry.file_name()));
        }
    }
    for file in files {
        let (a, b) = (std::fs::read(committed.join(&file)), std::fs::read(rebuilt.join(&file)));
        if a.map_err(|e| e.to_string())? != b.map_err(|e| format!("{}: {e}", file.display()))? {
            return Err(format!("{}: the pages dropped back in give another spec", file.display()));
        }
    }
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> crate::Result {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for entry in std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_file() {
            std::fs::copy(&path, to.join(path.file_name().unwrap_or_default())).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}
