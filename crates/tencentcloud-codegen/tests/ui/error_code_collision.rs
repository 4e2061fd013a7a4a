//! Spec fixture `error_code_collision/`: the macro must refuse it with a message naming the file and JSON path.

tencentcloud_codegen::service!("tests/ui/error_code_collision");

fn main() {}
