//! The macro takes one string literal: the specs folder relative to the crate's manifest folder.

tencentcloud_codegen::service!(specs / v1);

fn main() {}
