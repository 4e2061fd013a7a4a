//! Fixture pairs pin the API change report: one small service (`tests/fixtures/api_change/base`, the `widget`
//! service) and, per kind of change, a folder of the pages an edit changes. Each pair is regenerated both ways, so
//! every addition is also checked as a removal.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tencentcloud_docs::api_change::{Kind, Severity, SpecFiles, compare, severity};
use tencentcloud_docs::{PageInput, regen_pages};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/api_change")
}

/// The spec files of the base pages with the pages of `edits` (fixture folders) put over them.
fn specs(edits: &[&str]) -> SpecFiles {
    let mut pages: BTreeMap<String, String> = BTreeMap::new();
    for dir in std::iter::once(&"base").chain(edits) {
        for entry in std::fs::read_dir(fixtures().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            pages.insert(name, std::fs::read_to_string(&path).unwrap());
        }
    }
    let pages: Vec<PageInput> =
        pages.into_iter().map(|(name, text)| PageInput { path: Path::new("docs").join(name), text }).collect();
    regen_pages(&pages).unwrap_or_else(|e| panic!("{edits:?}: {e}")).files()
}

fn lines(before: &SpecFiles, after: &SpecFiles) -> Vec<String> {
    compare(before, after).iter().map(ToString::to_string).collect()
}

/// (fixture, lines base -> edited, lines edited -> base)
const PAIRS: &[(&str, &[&str], &[&str])] = &[
    ("action", &["additive: action StopWidget added"], &["breaking: action StopWidget removed"]),
    ("data_type", &["additive: data type WidgetTag added"], &["breaking: data type WidgetTag removed"]),
    (
        "output_member",
        &["additive: GetWidget response member Color added"],
        &["breaking: GetWidget response member Color removed"],
    ),
    (
        "optional_input",
        &["additive: GetWidget request member DryRun added, optional"],
        &["breaking: GetWidget request member DryRun removed"],
    ),
    (
        "required_input",
        &["breaking: GetWidget request member Owner added, required: build() fails without it"],
        &["breaking: GetWidget request member Owner removed"],
    ),
    (
        "input_type_member",
        &[
            "additive: data type WidgetFilter member Mode added, optional",
            "breaking: data type WidgetFilter member Scope added, required: the service refuses values without it",
        ],
        &[
            "breaking: data type WidgetFilter member Mode removed",
            "breaking: data type WidgetFilter member Scope removed",
        ],
    ),
    (
        "type_changed",
        &["breaking: GetWidget request member WidgetId type Integer -> String: field i64 -> String"],
        &["breaking: GetWidget request member WidgetId type String -> Integer: field String -> i64"],
    ),
    (
        // Every string-like scalar is a Rust `String`: only the documented format moved.
        "format_changed",
        &["additive: GetWidget response member Note type String -> Timestamp: field stays Option<String>"],
        &["additive: GetWidget response member Note type Timestamp -> String: field stays Option<String>"],
    ),
    (
        "required_changed",
        &["breaking: GetWidget request member Filter required: no -> yes: field Option<WidgetFilter> -> \
             WidgetFilter, build() fails without it"],
        &["breaking: GetWidget request member Filter required: yes -> no: field WidgetFilter -> Option<WidgetFilter>"],
    ),
    (
        "nullable_changed",
        &["breaking: GetWidget response member Widget nullable: no -> yes: field WidgetInfo -> Option<WidgetInfo>"],
        &["breaking: GetWidget response member Widget nullable: yes -> no: field Option<WidgetInfo> -> WidgetInfo"],
    ),
    (
        "error_code",
        &["additive: GetWidget error code FailedOperation.WidgetLocked added"],
        &["breaking: GetWidget error code FailedOperation.WidgetLocked removed: its GetWidgetErrorCode variant goes"],
    ),
    ("rate_limit", &["additive: GetWidget rate limit 20/s -> 50/s"], &["additive: GetWidget rate limit 50/s -> 20/s"]),
    (
        "region",
        &["breaking: GetWidget Region: not required -> required: calls without a region now fail"],
        &["additive: GetWidget Region: required -> not required"],
    ),
    (
        // A request now sends WidgetInfo, so its members (no Required column) become optional fields.
        "usage_changed",
        &[
            "additive: GetWidget request member Template added, optional",
            "breaking: data type WidgetInfo usage output -> input and output: fields Id i64 -> Option<i64>, \
             Label String -> Option<String>",
        ],
        &[
            "breaking: GetWidget request member Template removed",
            "breaking: data type WidgetInfo usage input and output -> output: fields Id Option<i64> -> i64, \
             Label Option<String> -> String",
        ],
    ),
];

#[test]
fn every_fixture_pair_gives_its_report_both_ways() {
    let base = specs(&[]);
    let mut failures = Vec::new();
    for (fixture, forward, backward) in PAIRS {
        let edited = specs(&[fixture]);
        let got = (lines(&base, &edited), lines(&edited, &base));
        if got.0 != *forward || got.1 != *backward {
            failures.push(format!("{fixture}:\n  forward  {:#?}\n  backward {:#?}", got.0, got.1));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let fixture_dirs = std::fs::read_dir(fixtures()).unwrap().count();
    assert_eq!(fixture_dirs, PAIRS.len() + 1, "a fixture folder without a pair in PAIRS (or the reverse)");
}

#[test]
fn unchanged_specs_report_nothing() {
    let base = specs(&[]);
    assert_eq!(compare(&base, &base), []);
    assert_eq!(severity(&compare(&base, &base)), None);
}

#[test]
fn a_service_version_appears_and_disappears() {
    let base = specs(&[]);
    let none = SpecFiles::new();
    assert_eq!(lines(&none, &base), ["additive: service version widget 2024-01-01 appeared (1 actions, 2 data types)"]);
    assert_eq!(
        lines(&base, &none),
        ["breaking: service version widget 2024-01-01 disappeared (1 actions, 2 data types)"]
    );
    assert_eq!(compare(&none, &none), []);
}

#[test]
fn several_edits_at_once_come_in_a_fixed_order_and_the_worst_decides() {
    let base = specs(&[]);
    let edited = specs(&["output_member", "data_type", "action"]);
    let changes = compare(&base, &edited);
    let got: Vec<String> = changes.iter().map(ToString::to_string).collect();
    assert_eq!(
        got,
        [
            "additive: GetWidget response member Color added",
            "additive: action StopWidget added",
            "additive: data type WidgetTag added",
        ]
    );
    assert_eq!(severity(&changes), Some(Severity::Additive));
    let kinds: Vec<Kind> = compare(&edited, &base).iter().map(|c| c.kind).collect();
    assert_eq!(kinds, [Kind::MemberRemoved, Kind::ActionRemoved, Kind::TypeRemoved]);
    assert_eq!(severity(&compare(&edited, &base)), Some(Severity::Breaking));
}

#[test]
fn a_committed_spec_that_no_longer_parses_is_compared_as_removed_and_re_added() {
    let base = specs(&[]);
    let action = PathBuf::from("actions/GetWidget.json");
    let ty = PathBuf::from("types/WidgetInfo.json");
    let mut broken = base.clone();
    broken.insert(action.clone(), b"{ \"name\": \"GetWidget\",".to_vec());
    let mut extra_key = String::from_utf8(base[&ty].clone()).unwrap();
    extra_key = extra_key.replacen("\"name\"", "\"colour\": 1,\n  \"name\"", 1);
    broken.insert(ty.clone(), extra_key.into_bytes());
    assert_eq!(
        lines(&broken, &base),
        [
            "breaking: action GetWidget removed: the committed actions/GetWidget.json does not parse (line 1 column \
             22: malformed JSON: EOF while parsing a value), so it is compared as removed and re-added",
            "additive: action GetWidget added",
            "breaking: data type WidgetInfo removed: the committed types/WidgetInfo.json does not parse ($.colour: \
             unknown field `colour`, expected one of `$comment`, `name`, `service`, `version`, `description`, \
             `used_by`, `usage`, `source`, `members`), so it is compared as removed and re-added",
            "additive: data type WidgetInfo added",
        ]
    );
    // A broken file both sides hold unchanged (a hand-written spec regen never touches) is no change.
    assert_eq!(compare(&broken, &broken), []);
    // Broken and gone: removed, said once.
    let mut gone = base.clone();
    gone.remove(&action);
    let mut only_broken = gone.clone();
    only_broken.insert(action, b"[]".to_vec());
    let got = lines(&only_broken, &gone);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].starts_with("breaking: action GetWidget removed: the committed actions/GetWidget.json does not parse (")
    );
    assert!(!got[0].contains("re-added"));
}

#[test]
fn a_broken_service_json_is_a_version_that_disappeared_and_came_back() {
    let base = specs(&[]);
    let mut broken = base.clone();
    broken.insert(PathBuf::from("service.json"), b"not json".to_vec());
    let got = lines(&broken, &base);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].starts_with(
            "breaking: service version widget 2024-01-01: service.json does not parse (line 1 column 2: malformed \
             JSON"
        ),
        "{got:?}"
    );
    assert!(got[0].ends_with("so the version is compared as disappeared and re-appeared"), "{got:?}");
}
