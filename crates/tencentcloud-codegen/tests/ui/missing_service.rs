//! Spec fixture `missing_service/`: the macro must refuse it with a message naming the file and JSON path.

tencentcloud_codegen::service!("tests/ui/missing_service");

fn main() {}
