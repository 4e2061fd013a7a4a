//! Specs that fail validation must become `compile_error!`s naming the spec file and the JSON path.
//!
//! trybuild builds these files in its own project (`<target>/tests/trybuild/tencentcloud-codegen/`), whose
//! `CARGO_MANIFEST_DIR` is that project folder. The macro resolves spec folders against `CARGO_MANIFEST_DIR`, so a
//! `tests` symlink there pointing back to this crate's `tests/` makes `service!("tests/ui/<fixture>")` resolve
//! and keeps the paths in the messages (and so the .stderr files) the same on every machine.

use std::path::{Path, PathBuf};

fn link_fixtures_into_trybuild_project() {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().expect("CARGO_TARGET_TMPDIR is <target>/tmp");
    let project = target.join("tests/trybuild").join(env!("CARGO_PKG_NAME"));
    std::fs::create_dir_all(&project).unwrap();
    let link = project.join("tests");
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests");
    if std::fs::read_link(&link).ok().as_deref() != Some(fixtures.as_path()) {
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(&fixtures, &link).unwrap();
    }
}

#[test]
fn invalid_specs_are_compile_errors() {
    link_fixtures_into_trybuild_project();
    trybuild::TestCases::new().compile_fail("tests/ui/*.rs");
}
