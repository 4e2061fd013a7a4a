//! What the generated code does, on a fixture service built to be awkward (`tests/fixtures/tricky/`): keyword and
//! acronym member names, a data type named `Result`, self- and mutually-recursive types, input-only, output-only
//! and both-ways types, a sensitive member, a `ClientToken`. The fixture is compiled into a scratch crate whose
//! own tests (below, in `USES`) and generated example tests are run with `cargo test`.

// Shared with drop_in.rs, which uses the helpers this test does not.
#[allow(dead_code)]
mod support;

use std::fs;
use std::path::Path;

use support::Scratch;

const USES: &str = r#"
use tencentcloud_core::Action;
use tencentcloud_core::__private::serde_json::{self, json};
use tricky_scratch::operation::describe_widgets::*;
use tricky_scratch::operation::run_thing::*;
use tricky_scratch::types::*;
use tricky_scratch::{CommonErrorCode, SERVICE};

#[test]
fn awkward_names_become_idiomatic_identifiers() {
    let request = DescribeWidgetsRequest::builder()
        .r#type("gear")
        .ipv6_addresses("::1")
        .ipv6_addresses(String::from("::2"))
        .asr_latency(5)
        .r#match(true)
        .self_("me")
        .filters(Filter::default().with_name("zone"))
        .password("hunter2")
        .ratio(0.5)
        .matrix(vec![1, 2])
        .build()
        .unwrap();
    let body = serde_json::to_value(&request).unwrap();
    assert_eq!(
        body,
        json!({"Type": "gear", "IPv6Addresses": ["::1", "::2"], "ASRLatency": 5, "Match": true, "Self": "me",
               "Filters": [{"Name": "zone"}], "Password": "hunter2", "Ratio": 0.5, "Matrix": [[1, 2]]})
    );
    let replaced = DescribeWidgetsRequest::builder().r#type("t").ipv6_addresses("x").set_ipv6_addresses(["a", "b"]).build().unwrap();
    assert_eq!(replaced.ipv6_addresses, Some(vec!["a".to_string(), "b".to_string()]));
    assert!(!format!("{request:?}").contains("hunter2"), "{request:?}");
    assert!(format!("{request:?}").contains("<redacted>"));
}

#[test]
fn paginator_methods_make_way_for_members_named_like_them() {
    // Members `IntoPaginator`, `IntoPageStream`, `Items` (an array: `items` and `set_items`) and `AllItems` keep
    // their setters; the paginator's methods take the first names nothing has.
    let client = tricky_scratch::Client::builder()
        .credentials(tencentcloud_core::Credentials::new("AKIDexample", "secret"))
        .endpoint("http://127.0.0.1:9")
        .build()
        .unwrap();
    let builder = || {
        client
            .list_gadgets()
            .offset(0)
            .limit(10)
            .into_paginator("a")
            .into_page_stream("b")
            .items("c")
            .set_items(["d"])
            .all_items("e")
    };
    let _pages = builder().into_page_stream_2();
    let _elements = builder().all_items_2();
}

#[test]
fn a_missing_required_member_is_an_error() {
    let err = DescribeWidgetsRequest::builder().asr_latency(1).build().unwrap_err();
    assert!(err.to_string().contains("Type"), "{err}");
}

#[test]
fn recursive_types_are_boxed_and_optional() {
    // Every struct is #[non_exhaustive]: input types are built from Default with chainable setters, so a member
    // a later page adds is not a breaking change.
    let node = Node::default().with_name("a").with_parent(Node::default()).with_children([Node::default()]);
    assert_eq!(node.parent.as_deref(), Some(&Node::default()));
    assert_eq!((node.name.as_str(), node.children.as_ref().map(Vec::len)), ("a", Some(1)));
    let filter = Filter::default().with_name("zone").with_values(["a", "b"]);
    assert_eq!(serde_json::to_value(&filter).unwrap(), json!({"Name": "zone", "Values": ["a", "b"]}));
    let mut pair = PairLeft::default();
    assert_eq!(pair.right, None);
    pair.right = Some(Box::new(PairRight::default()));
    assert_eq!(pair.right.as_ref().unwrap().left, None);
}

#[test]
fn action_info_and_retry_safety_come_from_the_specs() {
    let info = <DescribeWidgetsRequest as Action>::INFO;
    assert_eq!(info.name, "DescribeWidgets");
    assert_eq!(info.rate_limit_per_second, Some(5));
    assert!(info.region_required && info.read_only);
    assert_eq!(info.service, &SERVICE);
    assert_eq!(SERVICE.domain, "tricky.tencentcloudapi.com");
    let run = <RunThingRequest as Action>::INFO;
    assert_eq!((run.rate_limit_per_second, run.region_required, run.read_only), (None, false, false));
    assert!(!RunThingRequest::builder().build().unwrap().retry_safe());
    assert!(RunThingRequest::builder().client_token("once").build().unwrap().retry_safe());
}

#[test]
fn error_codes_combine_the_page_and_the_common_list() {
    use DescribeWidgetsErrorCode as Code;
    assert_eq!(Code::from_code("InvalidParameter.IPv6Invalid"), Code::InvalidParameterIpv6Invalid);
    // The page lists InvalidParameter, a common code too: its own variant wins.
    assert_eq!(Code::from_code("InvalidParameter"), Code::InvalidParameter);
    assert_eq!(Code::from_code("UnsupportedRegion"), Code::Common(CommonErrorCode::UnsupportedRegion));
    assert_eq!(Code::from_code("AuthFailure.SignatureExpire").as_str(), "AuthFailure.SignatureExpire");
    assert_eq!(Code::from_code("Nope.Never"), Code::Other("Nope.Never".into()));
    assert_eq!(Code::InvalidParameterIpv6Invalid.to_string(), "InvalidParameter.IPv6Invalid");
}

#[test]
fn responses_decode_leniently_and_redact_tokens() {
    let out: DescribeWidgetsResponse = serde_json::from_value(json!({
        "Outcome": {"Ok": "true", "Pair": {"Right": {"Left": null}}},
        "Widget": {"Token": "secret-token", "IPv6Addresses": null, "Type": 7},
        "Widgets": null,
        "Count": "12",
        "Tree": {"Parent": {"Name": "up"}, "Children": [{"Name": "leaf"}]}
    }))
    .unwrap();
    assert!(out.outcome.ok);
    assert_eq!(out.outcome.pair.right.as_ref().unwrap().left, None);
    assert_eq!(out.widget.r#type, "7");
    assert!(out.widget.ipv6_addresses.is_empty() && out.widgets.is_empty());
    assert_eq!(out.count, Some(12));
    assert_eq!(out.tree.parent.as_ref().unwrap().name, "up");
    assert!(!format!("{out:?}").contains("secret-token"), "{out:?}");
    assert!(serde_json::from_value::<DescribeWidgetsResponse>(json!({"Count": "twelve"})).is_err());
}
"#;

#[test]
fn generated_code_handles_awkward_specs() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tricky");
    let mut specs = Vec::new();
    for rel in ["service.json", "actions/DescribeWidgets.json", "actions/RunThing.json", "actions/ListGadgets.json"] {
        specs.push((rel.to_owned(), fs::read_to_string(fixture.join(rel)).unwrap()));
    }
    for entry in fs::read_dir(fixture.join("types")).unwrap() {
        let path = entry.unwrap().path();
        let rel = format!("types/{}", path.file_name().unwrap().to_str().unwrap());
        specs.push((rel, fs::read_to_string(&path).unwrap()));
    }
    let specs: Vec<(&str, &str)> = specs.iter().map(|(r, t)| (r.as_str(), t.as_str())).collect();
    let scratch = Scratch::new("tricky-scratch", &specs);
    scratch.write("tests/uses.rs", USES);
    let (ok, output) = scratch.cargo(&["test"]);
    assert!(ok, "the scratch crate's tests failed:\n{output}");
    for test in
        ["describe_widgets_example_1", "awkward_names_become_idiomatic_identifiers", "responses_decode_leniently"]
    {
        assert!(output.contains(test), "{test} did not run:\n{output}");
    }
}

/// The folder a service crate passes to `service!`, read from its lib.rs.
fn macro_folder(crate_dir: &Path) -> String {
    let lib = fs::read_to_string(crate_dir.join("src/lib.rs")).unwrap();
    let start = lib.find("service!(\"").expect("lib.rs calls service!") + "service!(\"".len();
    lib[start..].split('"').next().unwrap().to_owned()
}

/// The expansion as text, since rustdoc does not lint docs that come from another crate's proc-macro, so the
/// service crates' own `cargo doc` cannot catch a broken link.
#[test]
fn generated_docs_have_no_rustdoc_warnings() {
    let codegen = Path::new(env!("CARGO_MANIFEST_DIR"));
    let crates = codegen.parent().unwrap();
    // The expansion names its spec files relative to the calling crate's manifest folder; here that is the
    // scratch crate, so each service's own folder is written in instead.
    let expand = |dir: &Path, folder: &str| {
        let tokens =
            tencentcloud_codegen_impl::expand_service(dir, folder, proc_macro2::Span::call_site()).unwrap().to_string();
        assert!(tokens.contains("env ! (\"CARGO_MANIFEST_DIR\")"), "the rebuild triggers changed shape");
        tokens.replace("env ! (\"CARGO_MANIFEST_DIR\")", &format!("{:?}", dir.display().to_string()))
    };
    let mut lib = String::new();
    for name in ["ccc", "cvm"] {
        let dir = crates.join(format!("tencentcloud-{name}"));
        let tokens = expand(&dir, &macro_folder(&dir));
        lib.push_str(&format!("pub mod {name} {{ {tokens} }}\n"));
    }
    let tricky = expand(codegen, "tests/fixtures/tricky");
    lib.push_str(&format!("pub mod tricky {{ {tricky} }}\n"));
    let scratch = Scratch::new("doc-scratch", &[]);
    scratch.write("src/lib.rs", &lib);
    let (ok, stderr) = scratch.doc_denying_warnings();
    assert!(ok, "rustdoc warns about the generated docs:\n{stderr}");
}
