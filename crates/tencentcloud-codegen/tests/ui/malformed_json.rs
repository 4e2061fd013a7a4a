//! Spec fixture `malformed_json/`: the macro must refuse it with a message naming the file and JSON path.

tencentcloud_codegen::service!("tests/ui/malformed_json");

fn main() {}
