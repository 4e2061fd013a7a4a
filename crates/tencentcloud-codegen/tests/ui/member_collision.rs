//! Spec fixture `member_collision/`: the macro must refuse it with a message naming the file and JSON path.

tencentcloud_codegen::service!("tests/ui/member_collision");

fn main() {}
