//! Tells Cargo to rebuild when a spec is added, edited or deleted; `tencentcloud_codegen::service!` reads them.

fn main() {
    for folder in ["specs/2020-02-10/service.json", "specs/2020-02-10/actions", "specs/2020-02-10/types"] {
        println!("cargo::rerun-if-changed={folder}");
    }
}
