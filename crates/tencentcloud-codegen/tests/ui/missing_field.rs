//! Spec fixture `missing_field/`: the macro must refuse it with a message naming the file and JSON path.

tencentcloud_codegen::service!("tests/ui/missing_field");

fn main() {}
