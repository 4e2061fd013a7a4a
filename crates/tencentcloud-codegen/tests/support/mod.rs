//! A scratch crate that calls `service!`, built by the integration tests with real `cargo` runs.
//!
//! Each scratch crate lives under `<target>/tests/codegen-scratch/<name>-<pid>/` (removed when dropped); all share
//! one target folder there, so tencentcloud-core's dependencies are built by the first run only and reused later.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Scratch {
    pub dir: PathBuf,
    target: PathBuf,
}

impl Scratch {
    /// A fresh crate `name` whose library is `pub mod v1 { service!("specs/v1"); }` over `specs` (relative path ->
    /// JSON text), with `v1` re-exported at the root.
    pub fn new(name: &str, specs: &[(&str, &str)]) -> Scratch {
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().unwrap().join("tests/codegen-scratch");
        // One folder per test process, so two test runs at once do not edit each other's crate; the target folder
        // is shared (Cargo locks it) because it holds the built dependencies.
        let dir = root.join(format!("{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("src")).unwrap();
        let crates = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let manifest = format!(
            "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\ntencentcloud-codegen = {{ path = {:?} }}\ntencentcloud-core = {{ path = {:?} }}\n\n\
             [workspace]\n",
            crates.join("tencentcloud-codegen"),
            crates.join("tencentcloud-core"),
        );
        fs::write(dir.join("Cargo.toml"), manifest).unwrap();
        // The workspace's lock file pins the same dependency versions, so nothing is resolved or downloaded.
        fs::copy(crates.parent().unwrap().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
        fs::write(
            dir.join("build.rs"),
            "fn main() {\n    for f in [\"specs/v1/service.json\", \"specs/v1/actions\", \"specs/v1/types\"] {\n        \
             println!(\"cargo::rerun-if-changed={f}\");\n    }\n}\n",
        )
        .unwrap();
        // As the crates regen writes call it: in a module per API version, re-exported at the root.
        fs::write(
            dir.join("src/lib.rs"),
            "pub mod v1 {\n    tencentcloud_codegen::service!(\"specs/v1\");\n}\npub use v1::*;\n",
        )
        .unwrap();
        let scratch = Scratch { dir, target: root.join("target") };
        for (rel, text) in specs {
            scratch.write(&format!("specs/v1/{rel}"), text);
        }
        scratch
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.dir.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    /// Runs cargo in the scratch crate; returns whether it succeeded and its output (stdout, then stderr).
    pub fn cargo(&self, args: &[&str]) -> (bool, String) {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let out = Command::new(cargo)
            .args(args)
            .arg("--offline")
            // Quiet builds; test runs keep libtest's per-test lines, which the callers look for.
            .args((args.first() == Some(&"build")).then_some("--quiet"))
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", &self.target)
            .env_remove("RUSTFLAGS")
            .output()
            .unwrap();
        let output = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
        (out.status.success(), output)
    }

    /// `cargo doc` of the library with every rustdoc warning (broken links, unclosed HTML) an error.
    pub fn doc_denying_warnings(&self) -> (bool, String) {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let out = Command::new(cargo)
            .args(["doc", "--no-deps", "--lib", "--offline", "--quiet"])
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", &self.target)
            .env("RUSTDOCFLAGS", "-D warnings")
            .output()
            .unwrap();
        (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
    }

    pub fn build_lib(&self) {
        let (ok, stderr) = self.cargo(&["build", "--lib"]);
        assert!(ok, "the scratch crate does not build:\n{stderr}");
    }

    /// Adds `examples/<name>.rs` with `body` in `main` and builds it.
    pub fn build_example(&self, name: &str, body: &str) -> (bool, String) {
        self.write(&format!("examples/{name}.rs"), &format!("fn main() {{\n{body}\n}}\n"));
        self.cargo(&["build", "--example", name])
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}
