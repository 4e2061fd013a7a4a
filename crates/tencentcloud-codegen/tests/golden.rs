//! The committed expansion of the fixture service `tests/fixtures/tricky/` (every construct the generator
//! knows: cycles, keywords, secrets, arrays of arrays, every scalar type, error codes, examples), so a change to
//! the generator shows up as a reviewable diff of `tests/fixtures/tricky.expanded.rs`.
//!
//! When the generator changes on purpose, rewrite the file with `UPDATE_EXPECT=1 cargo test -p
//! tencentcloud-codegen --test golden` and review the diff, as rust-analyzer's `ensure_file_contents` does.

use std::path::Path;

#[test]
fn the_committed_expansion_is_current() {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tokens =
        tencentcloud_codegen_impl::expand_service(crate_dir, "tests/fixtures/tricky", proc_macro2::Span::call_site())
            .unwrap_or_else(|e| panic!("the fixture does not expand: {e}"));
    let file: syn::File = syn::parse2(tokens).expect("the expansion parses as Rust");
    let text = format!(
        "// The expansion of `tencentcloud_codegen::service!(\"tests/fixtures/tricky\")`, kept current by \
         tests/golden.rs.\n// Regenerate: UPDATE_EXPECT=1 cargo test -p tencentcloud-codegen --test golden\n\n{}",
        prettyplease::unparse(&file)
    );
    ensure_file_contents(&crate_dir.join("tests/fixtures/tricky.expanded.rs"), &text);
}

/// Passes when `path` holds `contents`; otherwise rewrites it under `UPDATE_EXPECT=1`, or fails naming the first
/// line that differs and the command that updates it.
fn ensure_file_contents(path: &Path, contents: &str) {
    let old = std::fs::read_to_string(path).unwrap_or_default();
    if old == contents {
        return;
    }
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        // Written beside, then renamed into place, so an interrupted run never leaves half a file.
        let temp = path.with_extension("rs.tmp");
        std::fs::write(&temp, contents).unwrap();
        std::fs::rename(&temp, path).unwrap();
        return;
    }
    let (line, ours, theirs) = old
        .lines()
        .zip(contents.lines())
        .enumerate()
        .find(|(_, (a, b))| a != b)
        .map(|(i, (a, b))| (i + 1, b.to_owned(), a.to_owned()))
        .unwrap_or_else(|| (old.lines().count().min(contents.lines().count()) + 1, String::new(), String::new()));
    panic!(
        "{} is not the generator's current output (first difference at line {line}:\n  committed: {theirs}\n  \
         generated: {ours}).\nIf the change is intended, run `UPDATE_EXPECT=1 cargo test -p tencentcloud-codegen \
         --test golden` and review the diff.",
        path.display()
    );
}
