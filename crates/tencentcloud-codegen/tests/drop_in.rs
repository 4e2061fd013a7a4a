//! Adding, editing or deleting a spec file rebuilds the client crate on the next `cargo build`, with no `.rs` edit.
//!
//! A scratch crate (see `support/`) calls `service!` from its library and has the same three-line build script
//! as the service crates. After each spec change, an example that uses the change is added and built: adding an
//! example does not rebuild the library, so it only compiles if the spec change alone rebuilt it.

// Shared with generated_code.rs, which uses the helpers this test does not.
#[allow(dead_code)]
mod support;

use std::fs;

use support::Scratch;

const SERVICE: &str = r#"{ "service": "demo", "version": "2024-01-01", "domain": "demo.tencentcloudapi.com" }"#;

fn action(name: &str, response_members: &str) -> String {
    format!(
        r#"{{ "name": "{name}", "service": "demo", "version": "2024-01-01", "domain": "demo.tencentcloudapi.com",
  "region_required": false, "description": "Test action.",
  "request": [ {{ "name": "Id", "type": "Integer", "required": true, "description": "An id." }} ],
  "response": [ {response_members} {{ "name": "RequestId", "type": "String", "description": "Request id." }} ] }}"#
    )
}

const GADGET: &str = r#"{ "name": "Gadget", "service": "demo", "version": "2024-01-01", "description": "A gadget.",
  "usage": "output", "members": [ { "name": "Size", "type": "Integer", "description": "How big." } ] }"#;

#[test]
fn spec_changes_rebuild_the_client_crate() {
    let scratch = Scratch::new(
        "drop-in-scratch",
        &[("service.json", SERVICE), ("actions/DescribeThing.json", &action("DescribeThing", ""))],
    );
    scratch.build_lib();
    let (ok, stderr) = scratch.build_example(
        "before",
        "let _ = drop_in_scratch::operation::describe_thing::DescribeThingRequest::builder().id(1).build();",
    );
    assert!(ok, "{stderr}");

    // Added: a new action and a new data type.
    scratch.write("specs/v1/types/Gadget.json", GADGET);
    scratch.write(
        "specs/v1/actions/DescribeGadget.json",
        &action("DescribeGadget", r#"{ "name": "Gadget", "type": "Gadget", "description": "The gadget." },"#),
    );
    scratch.build_lib();
    let (ok, stderr) = scratch.build_example(
        "added",
        "let r = drop_in_scratch::operation::describe_gadget::DescribeGadgetResponse::default(); let _: i64 = r.gadget.size;",
    );
    assert!(ok, "adding specs did not rebuild the crate:\n{stderr}");

    // Edited: a member added to an existing action.
    scratch.write(
        "specs/v1/actions/DescribeThing.json",
        &action("DescribeThing", r#"{ "name": "Colour", "type": "String", "description": "The colour." },"#),
    );
    scratch.build_lib();
    let (ok, stderr) = scratch.build_example(
        "edited",
        "let _: String = drop_in_scratch::operation::describe_thing::DescribeThingResponse::default().colour;",
    );
    assert!(ok, "editing a spec did not rebuild the crate:\n{stderr}");

    // Deleted: the action goes away, and code using it stops compiling.
    fs::remove_file(scratch.dir.join("specs/v1/actions/DescribeGadget.json")).unwrap();
    scratch.build_lib();
    let (ok, stderr) = scratch.build_example(
        "deleted",
        "let _ = drop_in_scratch::operation::describe_gadget::DescribeGadgetResponse::default();",
    );
    assert!(!ok, "deleting a spec did not rebuild the crate");
    assert!(stderr.contains("describe_gadget"), "{stderr}");
}
