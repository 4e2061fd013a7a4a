//! Pages regen cannot read: each error names the page, the line or HTML element, and what was expected; and
//! regen on a folder with one bad page writes nothing.

use std::fs;
use std::path::{Path, PathBuf};

use tencentcloud_docs::{Defect, PageInput, Plan, Remedy, plan, regen_pages, regen_service};

const TEXT_PAGE: &str = include_str!("../../../specs/ccc/2020-02-10/docs/DescribeAutoCalloutTask.txt");
const MD_PAGE: &str = include_str!("fixtures/DescribeAutoCalloutTask.md");
const HTML_PAGE: &str = include_str!("fixtures/DescribeAutoCalloutTask.html");
const DATA_TYPES: &str = include_str!("../../../specs/ccc/2020-02-10/docs/DataTypes.txt");

fn pages(name: &str, text: &str) -> Vec<PageInput> {
    vec![
        PageInput { path: PathBuf::from(name), text: text.to_owned() },
        PageInput { path: PathBuf::from("DataTypes.txt"), text: DATA_TYPES.to_owned() },
    ]
}

/// The one error regen reports for `text` as page `name`, as the user sees it.
fn error(name: &str, text: &str) -> String {
    let errors = regen_pages(&pages(name, text)).expect_err("expected an error");
    assert_eq!(errors.0.len(), 1, "{errors}");
    errors.0[0].to_string()
}

fn assert_contains(haystack: &str, needles: &[&str]) {
    for n in needles {
        assert!(haystack.contains(n), "expected {n:?} in {haystack:?}");
    }
}

#[test]
fn a_page_without_a_parameter_table() {
    let e = error("Nothing.txt", "Domain name for API request: ccc.tencentcloudapi.com.\nJust prose.\n");
    assert_contains(&e, &["Nothing.txt", "no parameter table", "Parameter Name | Required | Type | Description"]);
}

#[test]
fn a_row_with_the_wrong_number_of_cells_in_each_rendering() {
    let text = TEXT_PAGE.replace("TaskId | Yes | Integer | Task ID. |", "TaskId | Yes | Task ID. |");
    let e = error("DescribeAutoCalloutTask.txt", &text);
    assert_contains(&e, &["DescribeAutoCalloutTask.txt: line 11:", "expected 4 cells", "found 3"]);

    let md = MD_PAGE.replace("| TaskId | Yes | Integer | Task ID. |", "| TaskId | Yes | Integer | Task | ID. |");
    let e = error("DescribeAutoCalloutTask.md", &md);
    assert_contains(&e, &["DescribeAutoCalloutTask.md: line 25:", "expected 4 cells", "found 5"]);

    let html = HTML_PAGE.replace("<td>TaskId</td><td>Yes</td>", "<td>TaskId</td>");
    let e = error("DescribeAutoCalloutTask.html", &html);
    assert_contains(&e, &["DescribeAutoCalloutTask.html: table[1] tr[6]:", "expected 4 cells", "found 3"]);
}

#[test]
fn an_unknown_type_name() {
    let text = TEXT_PAGE.replace("TaskId | Yes | Integer |", "TaskId | Yes | Map<String> |");
    let e = error("DescribeAutoCalloutTask.txt", &text);
    assert_contains(&e, &["line 11", "member TaskId", "unknown type \"Map<String>\"", "expected String, Integer"]);
}

#[test]
fn a_data_type_defined_on_no_page() {
    let only_action =
        vec![PageInput { path: PathBuf::from("DescribeAutoCalloutTask.txt"), text: TEXT_PAGE.to_owned() }];
    let errors = regen_pages(&only_action).unwrap_err();
    let e = errors.to_string();
    assert_contains(
        &e,
        &["DescribeAutoCalloutTask.txt: line 19:", "member Callees", "AutoCalloutTaskCalleeInfo is defined on no page"],
    );
    let html = HTML_PAGE.replace(">AutoCalloutTaskCalleeInfo</a>", ">NoSuchInfo</a>");
    let e = error("DescribeAutoCalloutTask.html", &html);
    assert_contains(&e, &["table[2] tr[7]", "NoSuchInfo is defined on no page"]);
}

#[test]
fn an_example_that_is_not_json_is_kept_unparsed_with_a_located_warning() {
    let text = TEXT_PAGE.replace("\"TaskId\": 2", "\"TaskId\": two");
    let regen = regen_pages(&pages("DescribeAutoCalloutTask.txt", &text)).unwrap();
    let w = regen.warnings.iter().find(|w| w.defect == Defect::BrokenJson).unwrap();
    assert_eq!((w.location.as_str(), w.remedy), ("line 30", Remedy::Unparsed));
    assert!(
        w.to_string().contains("DescribeAutoCalloutTask.txt: line 30: broken-json (unparsed): example request"),
        "{w}"
    );
    let a = &regen.actions[0];
    assert!(a.examples.is_empty());
    assert!(a.unparsed_examples[0].request.as_deref().unwrap().contains("\"TaskId\": two"));
    let html = HTML_PAGE.replace("&quot;IvrId&quot;: 1,", "&quot;IvrId&quot;: 1,,");
    let regen = regen_pages(&pages("DescribeAutoCalloutTask.html", &html)).unwrap();
    let w = regen.warnings.iter().find(|w| w.remedy == Remedy::Unparsed).unwrap();
    assert_eq!(w.location, "pre[2] line 3");
    assert!(w.message.contains("example response is not valid JSON"), "{}", w.message);
}

#[test]
fn a_duplicate_member() {
    let text =
        TEXT_PAGE.replace("TaskId | Yes | Integer | Task ID. |", "SdkAppId.N | Yes | Array of Integer | Again. |");
    let e = error("DescribeAutoCalloutTask.txt", &text);
    assert_contains(&e, &["line 11", "duplicate member \"SdkAppId\"", "line 10"]);
}

#[test]
fn an_error_code_that_is_not_one() {
    let text = TEXT_PAGE.replace("InvalidParameter | Parameter error. |", "Invalid Parameter! | Parameter error. |");
    let e = error("DescribeAutoCalloutTask.txt", &text);
    assert_contains(&e, &["line 60:", "\"Invalid Parameter!\" is not an error code"]);
}

#[test]
fn required_must_say_yes_or_no() {
    let text = TEXT_PAGE.replace("TaskId | Yes |", "TaskId | Maybe |");
    let e = error("DescribeAutoCalloutTask.txt", &text);
    assert_contains(&e, &["line 11", "Required column says \"Maybe\": expected Yes or No"]);
}

#[test]
fn an_example_member_the_tables_do_not_document_is_a_warning_with_its_path() {
    let text = TEXT_PAGE.replace("\"Callee\": \"foobar\",", "\"Callee\": \"foobar\",\n\"Colour\": 1,");
    let regen = regen_pages(&pages("DescribeAutoCalloutTask.txt", &text)).unwrap();
    let [w] = &regen.warnings[..] else { panic!("{:?}", regen.warnings) };
    assert_eq!(w.location, "$.examples[0].response.Response.Callees[0].Colour");
    assert!(w.message.contains("not documented in data type AutoCalloutTaskCalleeInfo"), "{w}");
}

/// A scratch folder, unique per test and process.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tencentcloud-docs-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("docs")).unwrap();
    dir
}

fn listing(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn one_bad_page_fails_the_folder_and_hand_written_specs_survive() {
    let dir = scratch("drop-in");
    fs::write(dir.join("docs/DescribeAutoCalloutTask.txt"), TEXT_PAGE).unwrap();
    fs::write(dir.join("docs/DataTypes.txt"), DATA_TYPES).unwrap();
    fs::write(dir.join("docs/README"), "not a page").unwrap();
    fs::write(dir.join("docs/Broken.md"), "# Broken\n\n| Parameter Name | Type | Description |\n|---|---|---|\n")
        .unwrap();
    let errors = regen_service(dir.join("docs")).unwrap_err();
    assert!(errors.to_string().contains("Broken.md"), "{errors}");
    fs::remove_file(dir.join("docs/Broken.md")).unwrap();

    // A hand-written action and a stale generated one sit in the folder before the first run.
    fs::create_dir_all(dir.join("actions")).unwrap();
    fs::write(dir.join("actions/HandWritten.json"), "{\"name\": \"HandWritten\"}").unwrap();
    let stale = format!("{{\"$comment\": \"{}\"}}", tencentcloud_spec::GENERATED_MARKER);
    fs::write(dir.join("actions/Gone.json"), &stale).unwrap();

    let regen = regen_service(dir.join("docs")).unwrap();
    let files = regen.files();
    let p = plan(&dir, &files).unwrap();
    assert_eq!(p.removals, [dir.join("actions/Gone.json")]);
    assert_eq!(p.writes.len(), files.len());
    p.apply().unwrap();
    let after = listing(&dir);
    assert!(after.contains(&"actions/HandWritten.json".to_owned()), "{after:?}");
    assert!(!after.contains(&"actions/Gone.json".to_owned()), "{after:?}");
    assert!(after.contains(&"types/AutoCalloutTaskCalleeInfo.json".to_owned()), "{after:?}");
    assert!(!after.iter().any(|f| f.contains(".tmp")), "{after:?}");
    assert!(plan(&dir, &files).unwrap().is_current());

    // The written folder loads with the spec crate, hand-written file aside.
    fs::remove_file(dir.join("actions/HandWritten.json")).unwrap();
    let service = tencentcloud_spec::load_service(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(service.actions.len(), 1);

    // A hand-written spec with the name of a documented action is never overwritten.
    fs::write(dir.join("actions/DescribeAutoCalloutTask.json"), "{}").unwrap();
    let e = plan(&dir, &files).unwrap_err().to_string();
    assert!(e.contains("DescribeAutoCalloutTask.json") && e.contains("hand-written"), "{e}");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_write_that_fails_leaves_every_file_as_it_was() {
    let dir = scratch("atomic");
    fs::write(dir.join("blocker"), "a file where a folder is needed").unwrap();
    let good = dir.join("actions/A.json");
    let bad = dir.join("blocker/B.json");
    let p = Plan {
        dir: dir.clone(),
        writes: vec![(good.clone(), b"{}\n".to_vec()), (bad, b"{}\n".to_vec())],
        ..Plan::default()
    };
    let e = p.apply().unwrap_err();
    assert!(e.to_string().contains("nothing was changed"), "{e}");
    assert!(!good.exists());
    assert_eq!(listing(&dir), ["blocker"]);
    fs::remove_dir_all(&dir).unwrap();
}

/// A scratch docs folder holding the original page plus the ccc Data Types page, with the given errata file.
fn docs_with_errata(name: &str, errata: &str) -> std::path::PathBuf {
    let specs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs/ccc/2020-02-10/docs");
    let dir = std::env::temp_dir().join(format!("tencentcloud-docs-errata-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for page in ["DescribeTelCdr.txt", "DataTypes.txt"] {
        std::fs::copy(specs.join(page), dir.join(page)).unwrap();
    }
    std::fs::write(dir.join(tencentcloud_docs::ERRATA_FILE), errata).unwrap();
    dir
}

#[test]
fn errata_acknowledge_a_warning_and_fail_when_stale() {
    let entry = r#"{"page":"DescribeTelCdr.txt","location":"$.examples[0].response.Response.TelCdrList[0].Uui","reason":"deprecated"}"#;
    let dir = docs_with_errata("ok", &format!(r#"{{"acknowledged":[{entry}]}}"#));
    let undocumented = |r: &tencentcloud_docs::Regenerated| {
        r.warnings.iter().filter(|w| w.defect == Defect::UndocumentedMember).count()
    };
    let regen = tencentcloud_docs::regen_service(&dir).unwrap();
    assert_eq!(undocumented(&regen), 0, "{:?}", regen.warnings);
    assert_eq!(regen.acknowledged.len(), 1);

    let none = docs_with_errata("none", r#"{"acknowledged":[]}"#);
    assert_eq!(undocumented(&tencentcloud_docs::regen_service(&none).unwrap()), 1);

    let stale = entry.replace("Uui", "Gone");
    let dir = docs_with_errata("stale", &format!(r#"{{"acknowledged":[{stale}]}}"#));
    let err = tencentcloud_docs::regen_service(&dir).unwrap_err().to_string();
    assert!(err.contains("errata.json: $.acknowledged[0]: DescribeTelCdr.txt"), "{err}");
    assert!(err.contains("no longer gives a warning"), "{err}");

    let dir = docs_with_errata("typo", r#"{"acknowledged":[{"page":"x","location":"y"}]}"#);
    let err = tencentcloud_docs::regen_service(&dir).unwrap_err().to_string();
    assert!(err.contains("errata.json: $.acknowledged[0]: missing field `reason`"), "{err}");
}

#[test]
fn a_non_ascii_header_name_in_an_example_request_is_not_a_panic() {
    // `X-TCé` puts a two-byte character across byte 5, where the X-TC- prefix check once sliced the name.
    let text =
        TEXT_PAGE.replace("X-TC-Action: DescribeAutoCalloutTask", "X-TCé: 1\nX-TC-Action: DescribeAutoCalloutTask");
    assert_ne!(text, TEXT_PAGE);
    let regen = regen_pages(&pages("DescribeAutoCalloutTask.txt", &text)).unwrap();
    assert!(regen.actions[0].examples.iter().all(|e| e.headers.iter().all(|(k, _)| k != "X-TCé")));
}

#[test]
fn a_spec_folder_that_cannot_be_listed_is_an_error_not_an_empty_folder() {
    // With `types` a file, regen cannot see which generated type specs are stale; it must say so, not skip them.
    let dir = scratch("unlisted");
    fs::write(dir.join("types"), "a file where a folder is expected").unwrap();
    let files = std::collections::BTreeMap::from([(PathBuf::from("service.json"), b"{}\n".to_vec())]);
    let e = plan(&dir, &files).unwrap_err().to_string();
    assert!(e.contains(&format!("{}: cannot list folder", dir.join("types").display())), "{e}");
    fs::remove_dir_all(&dir).unwrap();
}
