//! Spec fixture `bad_type_syntax/`: the macro must refuse it with a message naming the file and JSON path.

tencentcloud_codegen::service!("tests/ui/bad_type_syntax");

fn main() {}
