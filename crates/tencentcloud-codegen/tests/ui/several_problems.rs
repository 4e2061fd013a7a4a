//! Spec fixture `several_problems/`: the macro must refuse it with a message naming the file and JSON path.

tencentcloud_codegen::service!("tests/ui/several_problems");

fn main() {}
