//! Spec fixture `action_name_collision/`: the macro must refuse it with a message naming the file and JSON path.

tencentcloud_codegen::service!("tests/ui/action_name_collision");

fn main() {}
