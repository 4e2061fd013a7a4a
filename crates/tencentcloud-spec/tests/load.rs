//! Loading spec folders from disk: the committed specs load, and broken files are named with their JSON path.

use std::fs;
use std::path::{Path, PathBuf};

use tencentcloud_spec::{TypeRef, load_service, load_service_tree};

fn repo_specs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs")
}

/// A scratch service folder under the target dir, unique per test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tencentcloud-spec-test-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("actions")).unwrap();
    fs::create_dir_all(dir.join("types")).unwrap();
    fs::write(
        dir.join("service.json"),
        r#"{"service":"ccc","version":"2020-02-10","domain":"ccc.tencentcloudapi.com"}"#,
    )
    .unwrap();
    dir
}

const ACTION: &str = r#"{"name":"Foo","service":"ccc","version":"2020-02-10","domain":"ccc.tencentcloudapi.com",
"region_required":false,"description":"d","request":[{"name":"A","type":"Integer","required":true,"description":""}],
"response":[{"name":"RequestId","type":"String","description":""}]}"#;

#[test]
fn committed_specs_load_and_validate() {
    let services = load_service_tree(repo_specs()).unwrap_or_else(|e| panic!("{e}"));
    let ccc = services.iter().find(|s| s.spec.service == "ccc").expect("ccc is committed");
    let action = ccc.action("DescribeAutoCalloutTask").expect("the original action is committed");
    assert_eq!(action.rate_limit_per_second, Some(20));
    assert!(action.response.iter().any(|m| m.type_ref.named() == Some("AutoCalloutTaskCalleeInfo")));
}

#[test]
fn a_good_folder_loads() {
    let dir = scratch("good");
    fs::write(dir.join("actions/Foo.json"), ACTION).unwrap();
    let service = load_service(&dir).unwrap();
    assert_eq!(service.actions[0].request[0].type_ref, "Integer".parse::<TypeRef>().unwrap());
}

fn only_error(dir: &Path) -> String {
    let errs = load_service(dir).unwrap_err();
    assert_eq!(errs.0.len(), 1, "{errs}");
    errs.0[0].to_string()
}

#[test]
fn unknown_type_names_the_json_path() {
    let dir = scratch("unknown-type");
    fs::write(dir.join("actions/Foo.json"), ACTION.replace(r#""type":"Integer""#, r#""type":"Intger[]""#)).unwrap();
    let e = only_error(&dir);
    assert!(e.contains("actions/Foo.json: $.request[0].type: unknown type \"Intger[]\""), "{e}");
}

#[test]
fn missing_field_names_the_field() {
    let dir = scratch("missing-field");
    fs::write(dir.join("actions/Foo.json"), ACTION.replace(r#""description":"d","#, "")).unwrap();
    let e = only_error(&dir);
    assert!(e.contains("actions/Foo.json: $: missing field `description`"), "{e}");
}

#[test]
fn malformed_json_names_line_and_column() {
    let dir = scratch("malformed");
    fs::write(dir.join("actions/Foo.json"), "{\n  \"name\": \"Foo\",,\n}").unwrap();
    let e = only_error(&dir);
    assert!(e.contains("actions/Foo.json: line 2 column 17: malformed JSON"), "{e}");
}

#[test]
fn dangling_data_type_and_duplicates_are_all_reported() {
    let dir = scratch("dangling");
    let bad = ACTION
        .replace(r#""type":"Integer""#, r#""type":"Array of Missing""#)
        .replace(r#"[{"name":"RequestId","type":"String","description":""}]"#,
                 r#"[{"name":"RequestId","type":"String","description":""},{"name":"RequestId","type":"String","description":""}]"#);
    fs::write(dir.join("actions/Foo.json"), bad).unwrap();
    fs::write(dir.join("actions/Bar.json"), ACTION).unwrap();
    let errs = load_service(&dir).unwrap_err().to_string();
    assert!(errs.contains("$.request[0].type: unknown data type \"Missing\""), "{errs}");
    assert!(errs.contains("$.response[1].name: duplicate member \"RequestId\" (first at $.response[0])"), "{errs}");
    assert!(errs.contains("Bar.json: $.name: \"Foo\" does not match the file name"), "{errs}");
}

#[test]
fn sse_a_streaming_flag_without_its_switch_names_the_field() {
    let dir = scratch("streaming");
    let flagged = ACTION.replace(r#""description":"d","#, r#""streaming":"when-requested","description":"d","#);
    fs::write(dir.join("actions/Foo.json"), &flagged).unwrap();
    let e = only_error(&dir);
    assert!(
        e.contains("actions/Foo.json: $.streaming: \"when-requested\" needs a Boolean request member `Stream`"),
        "{e}"
    );
    fs::write(dir.join("actions/Foo.json"), flagged.replace("when-requested", "always")).unwrap();
    assert_eq!(load_service(&dir).unwrap().actions[0].streaming, Some(tencentcloud_spec::StreamingMode::Always));
    fs::write(dir.join("actions/Foo.json"), flagged.replace("when-requested", "sometimes")).unwrap();
    assert!(only_error(&dir).contains("$.streaming: unknown variant `sometimes`"));
}
