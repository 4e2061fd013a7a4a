//! `cargo xtask expand <service>`: writes what `tencentcloud_codegen::service!` generates for a service crate,
//! formatted, to `target/expand/<service>.rs`.
//!
//! A proc-macro crate can export only macros, so the expansion is the library `tencentcloud-codegen-impl`, which
//! the macro is a thin shell around and this command calls directly. What is printed is therefore exactly what
//! the macro generates, without nightly `-Zunpretty` or cargo-expand.

use std::fs;
use std::path::{Path, PathBuf};

/// The generator's method name for an action or member (`r#type` for `Type`), for code regen writes into READMEs.
pub fn method_name(name: &str) -> String {
    tencentcloud_codegen_impl::method_name(name)
}

#[derive(clap::Args)]
pub struct Args {
    /// The service, named as its crate is: `ccc` for crates/tencentcloud-ccc.
    service: String,
    /// Where to write the expansion (default: target/expand/<service>.rs).
    #[arg(long)]
    out: Option<PathBuf>,
}

pub fn run(args: Args) -> crate::Result {
    let root = crate::workspace_root();
    let crate_dir = root.join("crates").join(crate::client_crates::crate_name(&args.service));
    let lib = crate_dir.join("src/lib.rs");
    let folder = macro_argument(&lib)?;
    let started = std::time::Instant::now();
    let tokens = tencentcloud_codegen_impl::expand_service(&crate_dir, &folder, proc_macro2::Span::call_site())
        .map_err(|e| e.into_iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))?;
    // The same code, built the same way (dev profile), as the proc-macro: how long a build spends expanding.
    let expanded_in = started.elapsed();
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("the expansion of {} does not parse as Rust: {e}", args.service))?;
    let text = format!(
        "// The expansion of `tencentcloud_codegen::service!({folder:?})` in {}, written by `cargo xtask expand`.\n\n{}",
        lib.strip_prefix(&root).unwrap_or(&lib).display(),
        prettyplease::unparse(&file)
    );
    let out = args.out.unwrap_or_else(|| root.join("target/expand").join(format!("{}.rs", args.service)));
    crate::write_atomically(&out, &text)?;
    println!("{} ({} lines; expansion took {} ms)", out.display(), text.lines().count(), expanded_in.as_millis());
    Ok(())
}

/// The folder named in the crate's `service!("...")` call: the last one, at the root or in a version module
/// (`pub mod v20200210 { tencentcloud_codegen::service!("specs/2020-02-10"); }`), which is the newest version.
fn macro_argument(lib: &Path) -> crate::Result<String> {
    let source = fs::read_to_string(lib).map_err(|e| format!("cannot read {}: {e}", lib.display()))?;
    let file = syn::parse_file(&source).map_err(|e| format!("{}: {e}", lib.display()))?;
    fn find(items: &[syn::Item]) -> Option<String> {
        items.iter().rev().find_map(|item| match item {
            syn::Item::Macro(m) if m.mac.path.segments.last().is_some_and(|s| s.ident == "service") => {
                m.mac.parse_body::<syn::LitStr>().ok().map(|lit| lit.value())
            }
            syn::Item::Mod(m) => m.content.as_ref().and_then(|(_, items)| find(items)),
            _ => None,
        })
    }
    find(&file.items)
        .ok_or_else(|| format!("{}: no `tencentcloud_codegen::service!(\"...\")` call found", lib.display()))
}

#[cfg(test)]
mod tests {
    /// Each expansion builds its HashMaps with fresh random keys, so an iteration order leaking into the output
    /// would make two expansions of the same specs differ.
    #[test]
    fn the_expansion_is_deterministic() {
        let crate_dir = crate::workspace_root().join("crates/tencentcloud-ccc");
        let folder = super::macro_argument(&crate_dir.join("src/lib.rs")).unwrap();
        let expand = || {
            tencentcloud_codegen_impl::expand_service(&crate_dir, &folder, proc_macro2::Span::call_site())
                .unwrap()
                .to_string()
        };
        let first = expand();
        assert!(first.contains("DescribeAutoCalloutTaskRequest"));
        for _ in 0..3 {
            assert!(expand() == first, "two expansions of the ccc specs differ");
        }
    }
}
