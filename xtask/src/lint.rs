//! `cargo xtask lint`: clippy with warnings denied over every package a person wrote code in.
//!
//! The generated service crates are the same macro output over and over; linting all of them would spend CI's
//! minutes on identical code. So clippy runs on every hand-written package, and on the generated crates that
//! carry hand-written code (`tests/`, `examples/`, `benches/`, like ccc and cvm), which also lints the
//! generator's output through them.

use std::path::Path;
use std::process::Command;

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_: Args) -> crate::Result {
    let root = crate::workspace_root();
    let packages = lint_targets(&root)?;
    let mut clippy = Command::new(crate::cargo());
    clippy.arg("clippy").arg("--all-targets").current_dir(&root);
    for p in &packages {
        clippy.args(["-p", p]);
    }
    clippy.args(["--", "-D", "warnings"]);
    crate::run_step(&format!("cargo clippy on {} packages", packages.len()), &mut clippy)
}

/// The workspace packages to lint, by name, sorted.
pub fn lint_targets(root: &Path) -> crate::Result<Vec<String>> {
    packages_where(root, wants_lint)
}

/// The packages whose manifest a person wrote (not regen), by name, sorted: the ones that can have doctests,
/// since a generated crate turns its doctests off.
pub fn hand_written_packages(root: &Path) -> crate::Result<Vec<String>> {
    packages_where(root, |manifest| {
        !std::fs::read_to_string(manifest).is_ok_and(|text| crate::client_crates::is_generated(&text))
    })
}

/// The workspace packages whose manifest passes `keep`, by name, sorted.
fn packages_where(root: &Path, keep: impl Fn(&Path) -> bool) -> crate::Result<Vec<String>> {
    let output = Command::new(crate::cargo())
        .args(["metadata", "--no-deps", "--format-version", "1"])
        .current_dir(root)
        .output()
        .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    if !output.status.success() {
        return Err(format!("cargo metadata failed: {}", String::from_utf8_lossy(&output.stderr)));
    }
    let metadata: serde_json::Value =
        serde_json::from_slice(&output.stdout).map_err(|e| format!("cargo metadata printed no JSON: {e}"))?;
    let mut names = Vec::new();
    for package in metadata["packages"].as_array().into_iter().flatten() {
        let (Some(name), Some(manifest)) = (package["name"].as_str(), package["manifest_path"].as_str()) else {
            continue;
        };
        let manifest = Path::new(manifest);
        if keep(manifest) {
            names.push(name.to_owned());
        }
    }
    names.sort();
    Ok(names)
}

/// Hand-written packages, and generated ones someone added code to.
fn wants_lint(manifest: &Path) -> bool {
    let generated = std::fs::read_to_string(manifest).is_ok_and(|text| crate::client_crates::is_generated(&text));
    let dir = manifest.parent().unwrap_or(Path::new("."));
    !generated || ["tests", "examples", "benches"].iter().any(|d| dir.join(d).is_dir())
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_hand_written_package_and_the_generated_ones_with_hand_written_code_are_linted() {
        let names = super::lint_targets(&crate::workspace_root()).unwrap();
        for expected in [
            "tencentcloud-core",
            "tencentcloud-docs",
            "tencentcloud-sandbox",
            "xtask",
            "tencentcloud-ccc",
            "tencentcloud-cvm",
        ] {
            assert!(names.iter().any(|n| n == expected), "{expected} missing from {names:?}");
        }
    }

    #[test]
    fn doctests_run_for_the_hand_written_packages_only() {
        let names = super::hand_written_packages(&crate::workspace_root()).unwrap();
        assert!(names.iter().any(|n| n == "tencentcloud-core") && names.iter().any(|n| n == "xtask"));
        assert!(!names.iter().any(|n| n == "tencentcloud-ccc" || n == "tencentcloud-csip"), "{names:?}");
    }

    #[test]
    fn a_generated_crate_with_only_generated_files_is_not_linted() {
        let dir = std::env::temp_dir().join(format!("tencentcloud-lint-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("src")).unwrap();
        let manifest = dir.join("Cargo.toml");
        std::fs::write(&manifest, format!("# {} from specs/x/\n[package]\n", crate::client_crates::MARKER)).unwrap();
        assert!(!super::wants_lint(&manifest));
        std::fs::create_dir_all(dir.join("tests")).unwrap();
        assert!(super::wants_lint(&manifest), "hand-written tests make it a lint target");
        std::fs::write(&manifest, "[package]\n").unwrap();
        assert!(super::wants_lint(&manifest));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
