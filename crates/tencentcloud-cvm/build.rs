//! Tells Cargo to rebuild when a spec is added, edited or deleted; `tencentcloud_codegen::service!` reads them.

fn main() {
    for folder in ["specs/2017-03-12/service.json", "specs/2017-03-12/actions", "specs/2017-03-12/types"] {
        println!("cargo::rerun-if-changed={folder}");
    }
}
