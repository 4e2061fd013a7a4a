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

/// rustc's `missing_docs` never looks inside a proc-macro's output, so the generated crates' `[lints] workspace =
/// true` cannot catch an undocumented item; this walks the expansion of the fixture and of the real ccc and cvm
/// specs (whose pages leave some descriptions empty) and names every public item, field or variant without docs.
#[test]
fn every_public_item_of_the_expansion_is_documented() {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["tests/fixtures/tricky", "../../specs/ccc/2020-02-10", "../../specs/cvm/2017-03-12"] {
        let tokens = tencentcloud_codegen_impl::expand_service(crate_dir, dir, proc_macro2::Span::call_site())
            .unwrap_or_else(|e| panic!("{dir} does not expand: {e}"));
        let file: syn::File = syn::parse2(tokens).expect("the expansion parses as Rust");
        let mut gaps = Vec::new();
        undocumented(&file.items, "crate", &mut gaps);
        assert!(gaps.is_empty(), "{dir}: public items without docs:\n{}", gaps.join("\n"));
    }
}

fn undocumented(items: &[syn::Item], path: &str, gaps: &mut Vec<String>) {
    for item in items {
        match item {
            syn::Item::Struct(s) => {
                check(gaps, &s.attrs, &s.vis, format!("{path}::{}", s.ident));
                for (i, f) in s.fields.iter().enumerate() {
                    let field = f.ident.as_ref().map_or(i.to_string(), ToString::to_string);
                    check(gaps, &f.attrs, &f.vis, format!("{path}::{}.{field}", s.ident));
                }
            }
            syn::Item::Enum(e) => {
                check(gaps, &e.attrs, &e.vis, format!("{path}::{}", e.ident));
                for v in e.variants.iter().filter(|_| is_pub(&e.vis)) {
                    check(gaps, &v.attrs, &e.vis, format!("{path}::{}::{}", e.ident, v.ident));
                }
            }
            syn::Item::Mod(m) => {
                check(gaps, &m.attrs, &m.vis, format!("{path}::{}", m.ident));
                if let Some((_, inner)) = &m.content {
                    undocumented(inner, &format!("{path}::{}", m.ident), gaps);
                }
            }
            syn::Item::Fn(f) => check(gaps, &f.attrs, &f.vis, format!("{path}::{}()", f.sig.ident)),
            syn::Item::Const(c) => check(gaps, &c.attrs, &c.vis, format!("{path}::{}", c.ident)),
            syn::Item::Static(s) => check(gaps, &s.attrs, &s.vis, format!("{path}::{}", s.ident)),
            syn::Item::Type(t) => check(gaps, &t.attrs, &t.vis, format!("{path}::{}", t.ident)),
            syn::Item::Trait(t) => check(gaps, &t.attrs, &t.vis, format!("{path}::{}", t.ident)),
            syn::Item::Impl(i) if i.trait_.is_none() => {
                for member in &i.items {
                    match member {
                        syn::ImplItem::Fn(f) => {
                            check(gaps, &f.attrs, &f.vis, format!("{path}::<impl>::{}()", f.sig.ident))
                        }
                        syn::ImplItem::Const(c) => {
                            check(gaps, &c.attrs, &c.vis, format!("{path}::<impl>::{}", c.ident))
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
}

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

fn check(gaps: &mut Vec<String>, attrs: &[syn::Attribute], vis: &syn::Visibility, name: String) {
    if is_pub(vis) && !attrs.iter().any(|a| a.path().is_ident("doc")) {
        gaps.push(name);
    }
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
