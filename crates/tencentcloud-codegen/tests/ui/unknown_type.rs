//! Spec fixture `unknown_type/`: the macro must refuse it with a message naming the file and JSON path.

tencentcloud_codegen::service!("tests/ui/unknown_type");

fn main() {}
