//! Spec fixture `name_mismatch/`: the macro must refuse it with a message naming the file and JSON path.

tencentcloud_codegen::service!("tests/ui/name_mismatch");

fn main() {}
