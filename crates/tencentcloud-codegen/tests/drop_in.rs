//! Adding, editing or deleting a spec file rebuilds the client crate on the next `cargo build`, with no `.rs` edit.
//!
//! A scratch crate (under `<target>/tests/codegen-drop-in/`, with its own target folder so the dependencies are
//! built once and reused by later runs) calls `service!` from its library and has the same three-line build script
//! as the service crates. After each spec change, an example that uses the change is added and built: adding an
//! example does not rebuild the library, so it only compiles if the spec change alone rebuilt it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const SERVICE: &str = r#"{ "service": "demo", "version": "2024-01-01", "domain": "demo.tencentcloudapi.com" }"#;

fn action(name: &str, response_members: &str) -> String {
    format!(
        r#"{{ "name": "{name}", "service": "demo", "version": "2024-01-01", "domain": "demo.tencentcloudapi.com",
  "region_required": false, "description": "Test action.",
  "request": [ {{ "name": "Id", "type": "Integer", "required": true, "description": "An id." }} ],
  "response": [ {response_members} {{ "name": "RequestId", "type": "String", "description": "Request id." }} ] }}"#
    )
}

const GADGET: &str = r#"{ "name": "Gadget", "service": "demo", "version": "2024-01-01", "description": "A gadget.",
  "usage": "output", "members": [ { "name": "Size", "type": "Integer", "description": "How big." } ] }"#;

struct Scratch {
    dir: PathBuf,
    target: PathBuf,
}

impl Scratch {
    fn new() -> Scratch {
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().unwrap().join("tests/codegen-drop-in");
        let dir = root.join("crate");
        // Start from a clean crate every run (the target folder is kept: it holds the built dependencies).
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("src")).unwrap();
        fs::create_dir_all(dir.join("specs/v1/actions")).unwrap();
        let crates = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let manifest = format!(
            "[package]\nname = \"drop-in-scratch\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
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
        fs::write(dir.join("src/lib.rs"), "tencentcloud_codegen::service!(\"specs/v1\");\n").unwrap();
        fs::write(dir.join("specs/v1/service.json"), SERVICE).unwrap();
        fs::write(dir.join("specs/v1/actions/DescribeThing.json"), action("DescribeThing", "")).unwrap();
        Scratch { dir, target: root.join("target") }
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.dir.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    /// Runs cargo in the scratch crate; returns whether it succeeded and its stderr.
    fn cargo(&self, args: &[&str]) -> (bool, String) {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let out = Command::new(cargo)
            .args(args)
            .args(["--offline", "--quiet"])
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", &self.target)
            .env_remove("RUSTFLAGS")
            .output()
            .unwrap();
        (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
    }

    fn build_lib(&self) {
        let (ok, stderr) = self.cargo(&["build", "--lib"]);
        assert!(ok, "the scratch crate does not build:\n{stderr}");
    }

    /// Adds `examples/<name>.rs` with `body` in `main` and builds it.
    fn build_example(&self, name: &str, body: &str) -> (bool, String) {
        self.write(&format!("examples/{name}.rs"), &format!("fn main() {{\n{body}\n}}\n"));
        self.cargo(&["build", "--example", name])
    }
}

#[test]
fn spec_changes_rebuild_the_client_crate() {
    let scratch = Scratch::new();
    scratch.build_lib();
    let (ok, stderr) =
        scratch.build_example("before", "let _ = drop_in_scratch::DescribeThingRequest::builder().id(1).build();");
    assert!(ok, "{stderr}");

    // Added: a new action and a new data type.
    scratch.write("specs/v1/types/Gadget.json", GADGET);
    scratch.write(
        "specs/v1/actions/DescribeGadget.json",
        &action("DescribeGadget", r#"{ "name": "Gadget", "type": "Gadget", "description": "The gadget." },"#),
    );
    scratch.build_lib();
    let (ok, stderr) = scratch.build_example(
        "added",
        "let r = drop_in_scratch::DescribeGadgetResponse::default(); let _: i64 = r.gadget.size;",
    );
    assert!(ok, "adding specs did not rebuild the crate:\n{stderr}");

    // Edited: a member added to an existing action.
    scratch.write(
        "specs/v1/actions/DescribeThing.json",
        &action("DescribeThing", r#"{ "name": "Colour", "type": "String", "description": "The colour." },"#),
    );
    scratch.build_lib();
    let (ok, stderr) =
        scratch.build_example("edited", "let _: String = drop_in_scratch::DescribeThingResponse::default().colour;");
    assert!(ok, "editing a spec did not rebuild the crate:\n{stderr}");

    // Deleted: the action goes away, and code using it stops compiling.
    fs::remove_file(scratch.dir.join("specs/v1/actions/DescribeGadget.json")).unwrap();
    scratch.build_lib();
    let (ok, stderr) = scratch.build_example("deleted", "let _ = drop_in_scratch::DescribeGadgetResponse::default();");
    assert!(!ok, "deleting a spec did not rebuild the crate");
    assert!(stderr.contains("DescribeGadgetResponse"), "{stderr}");
}
