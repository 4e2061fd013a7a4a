//! The committed reference pages: the original page's golden facts, one page in three renderings, and every page
//! of the repository read with no warnings beyond the two known page defects.

use std::path::{Path, PathBuf};

use tencentcloud_docs::{Defect, PageInput, Regenerated, regen_pages, regen_service};
use tencentcloud_spec::{ActionSpec, TypeRef, Usage};

/// The pages the repository had before the international corpus was added.
const ORIGINAL_PAGES: [&str; 26] = [
    "BindStaffSkillGroupList.html",
    "CreateAICall.txt",
    "CreateAutoCalloutTask.txt",
    "CreateSDKLoginToken.txt",
    "CreateStaff.txt",
    "DataTypes.txt",
    "DescribeAutoCalloutTask.txt",
    "DescribeAutoCalloutTasks.txt",
    "DescribeCallInMetrics.txt",
    "DescribeExtensions.txt",
    "DescribeSessionDetail.txt",
    "DescribeStaffInfoList.html",
    "DescribeTelCdr.txt",
    "DescribeTelSession.html",
    "HangUpCall.txt",
    "ModifyStaff.txt",
    "PauseAutoCalloutTask.txt",
    "ResumeAutoCalloutTask.txt",
    "StopAutoCalloutTask.txt",
    "DataTypes.html",
    "DescribeImages.md",
    "DescribeInstances.md",
    "DescribeZones.md",
    "InquiryPriceRunInstances.md",
    "RunInstances.md",
    "StartInstances.md",
];

fn specs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs")
}

fn ccc_docs() -> PathBuf {
    specs_dir().join("ccc/2020-02-10/docs")
}

fn page(path: PathBuf) -> PageInput {
    let text = std::fs::read_to_string(&path).unwrap();
    PageInput { path, text }
}

fn fixture(name: &str) -> PageInput {
    page(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name))
}

/// The action page alone with the ccc Data Types page.
fn with_data_types(action_page: PageInput) -> Regenerated {
    regen_pages(&[action_page, page(ccc_docs().join("DataTypes.txt"))]).unwrap_or_else(|e| panic!("{e}"))
}

/// The warnings about one page (the Data Types page read alongside has its own).
fn warnings_of<'a>(regen: &'a Regenerated, file: &str) -> Vec<&'a tencentcloud_docs::RegenWarning> {
    regen.warnings.iter().filter(|w| w.file.file_name().is_some_and(|n| n == file)).collect()
}

fn ty(s: &str) -> TypeRef {
    s.parse().unwrap()
}

#[test]
fn the_original_page_gives_the_golden_spec() {
    let regen = with_data_types(page(ccc_docs().join("DescribeAutoCalloutTask.txt")));
    assert!(warnings_of(&regen, "DescribeAutoCalloutTask.txt").is_empty(), "{:?}", regen.warnings);
    assert_eq!(regen.service.service, "ccc");
    assert_eq!(regen.service.version, "2020-02-10");
    assert_eq!(regen.service.domain, "ccc.tencentcloudapi.com");
    let [a] = &regen.actions[..] else { panic!("one action") };
    assert_eq!(a.name, "DescribeAutoCalloutTask");
    assert_eq!(a.domain, "ccc.tencentcloudapi.com");
    assert_eq!(a.rate_limit_per_second, Some(20));
    assert!(!a.region_required);
    assert_eq!(a.description, "This API is used to query automatic outbound call task details.");
    assert_eq!(a.source.as_deref(), Some("docs/DescribeAutoCalloutTask.txt"));

    let request: Vec<(&str, TypeRef, bool)> =
        a.request.iter().map(|m| (m.name.as_str(), m.type_ref.clone(), m.required)).collect();
    assert_eq!(request, [("SdkAppId", ty("Integer"), true), ("TaskId", ty("Integer"), true)]);

    let names: Vec<&str> = a.response.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        names,
        ["Name", "Description", "NotBefore", "NotAfter", "Callers", "Callees", "IvrId", "State", "RequestId"]
    );
    let nullable: Vec<&str> = a.response.iter().filter(|m| m.nullable).map(|m| m.name.as_str()).collect();
    assert_eq!(nullable, ["NotAfter"]);
    let callees = a.response.iter().find(|m| m.name == "Callees").unwrap();
    assert_eq!(callees.type_ref, ty("Array of AutoCalloutTaskCalleeInfo"));

    let info = regen.types.iter().find(|t| t.name == "AutoCalloutTaskCalleeInfo").unwrap();
    let members: Vec<(&str, TypeRef)> = info.members.iter().map(|m| (m.name.as_str(), m.type_ref.clone())).collect();
    assert_eq!(members, [("Callee", ty("String")), ("State", ty("Integer")), ("Sessions", ty("Array of String"))]);
    assert_eq!(info.usage, Usage::Output);
    assert_eq!(info.used_by, ["DescribeAutoCalloutTask"]);

    let codes: Vec<&str> = a.errors.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(codes, ["InternalError.DBError", "InvalidParameter", "InvalidParameterValue"]);
    assert_eq!(a.errors[0].description, "Internal database access failure.");

    let [ex] = &a.examples[..] else { panic!("one example") };
    assert_eq!(ex.request, serde_json::json!({"SdkAppId": 1, "TaskId": 2}));
    assert_eq!(ex.response["Response"]["Callees"][0]["Sessions"][0], "foobar");
    assert!(ex.headers.is_empty());
}

fn without_source(mut a: ActionSpec) -> ActionSpec {
    a.source = None;
    a
}

#[test]
fn one_page_in_three_renderings_gives_one_spec() {
    let text = with_data_types(page(ccc_docs().join("DescribeAutoCalloutTask.txt")));
    let markdown = with_data_types(fixture("DescribeAutoCalloutTask.md"));
    let html = with_data_types(fixture("DescribeAutoCalloutTask.html"));
    for (other, name) in [(&markdown, "DescribeAutoCalloutTask.md"), (&html, "DescribeAutoCalloutTask.html")] {
        assert!(warnings_of(other, name).is_empty(), "{:?}", other.warnings);
        assert_eq!(other.service, text.service);
        assert_eq!(other.types, text.types);
        assert_eq!(without_source(other.actions[0].clone()), without_source(text.actions[0].clone()));
    }
    assert_eq!(markdown.actions[0].source.as_deref(), Some("docs/DescribeAutoCalloutTask.md"));
}

#[test]
fn the_original_repository_pages_warn_only_about_markup_and_dropped_commas() {
    let mut acknowledged = Vec::new();
    let mut counts = Vec::new();
    for service in ["ccc/2020-02-10", "cvm/2017-03-12"] {
        let regen = regen_service(specs_dir().join(service).join("docs")).unwrap_or_else(|e| panic!("{e}"));
        // The 26 original pages (the intl pages added beside them are checked by the whole-corpus tests).
        let original = |w: &&tencentcloud_docs::RegenWarning| {
            ORIGINAL_PAGES.contains(&w.file.file_name().unwrap().to_str().unwrap())
        };
        let mut by_class = std::collections::BTreeMap::new();
        for w in regen.warnings.iter().filter(original) {
            *by_class.entry(w.defect).or_insert(0) += 1;
        }
        counts.push(by_class);
        for w in regen.acknowledged {
            acknowledged.push(format!("{}: {}", w.file.file_name().unwrap().to_string_lossy(), w.location));
        }
    }
    // HTML in cells written as Markdown, and the published examples' dropped commas put back: 10 in ccc, 1 in cvm.
    let classes: Vec<Vec<Defect>> = counts.iter().map(|c| c.keys().copied().collect()).collect();
    assert_eq!(
        classes,
        [vec![Defect::MissingComma, Defect::HtmlMarkup], vec![Defect::MissingComma, Defect::HtmlMarkup]]
    );
    assert_eq!((counts[0][&Defect::MissingComma], counts[1][&Defect::MissingComma]), (10, 1));
    // Two published examples use deprecated members their tables no longer document; ccc's docs/errata.json
    // acknowledges exactly these, with the reason.
    assert_eq!(
        acknowledged,
        [
            "DescribeStaffInfoList.html: $.examples[0].response.Response.StaffList[0].RoleId",
            "DescribeTelCdr.txt: $.examples[0].response.Response.TelCdrList[0].Uui",
        ]
    );
}

#[test]
fn rerendering_is_byte_identical() {
    let docs = specs_dir().join("cvm/2017-03-12/docs");
    let first = regen_service(&docs).unwrap().files();
    let second = regen_service(&docs).unwrap().files();
    assert_eq!(first, second);
    let zones = String::from_utf8(first[Path::new("actions/DescribeZones.json")].clone()).unwrap();
    assert!(zones.starts_with("{\n  \"$comment\": \"generated by `cargo xtask regen`"), "{zones}");
    assert!(zones.ends_with("}\n"));
}

#[test]
fn markdown_and_html_pages_keep_what_the_site_shows() {
    let cvm = regen_service(specs_dir().join("cvm/2017-03-12/docs")).unwrap();
    let zones = cvm.actions.iter().find(|a| a.name == "DescribeZones").unwrap();
    assert!(zones.region_required);
    assert_eq!(zones.examples.len(), 2);
    assert_eq!(zones.examples[0].title, "Example1 Querying the Chinese name of an availability zone");
    assert_eq!(zones.examples[0].headers, [("X-TC-Language".to_owned(), "zh-CN".to_owned())]);
    assert!(zones.examples[0].description.as_deref().unwrap().contains("`Language=zh-CN`"));
    assert!(zones.examples[1].headers.is_empty());

    let start = cvm.actions.iter().find(|a| a.name == "StartInstances").unwrap();
    assert_eq!(start.request[0].name, "InstanceIds");
    assert_eq!(start.request[0].type_ref, ty("Array of String"));
    // Markdown cells keep their links and backticks, as the text pages do.
    assert!(
        start.request[0].description.contains("[`DescribeInstances`](https://"),
        "{}",
        start.request[0].description
    );
    assert!(start.description.contains("\n\n* You can only perform this operation"), "{}", start.description);

    // A type with a Required column that a response also reaches is sent and received.
    let placement = cvm.types.iter().find(|t| t.name == "Placement").unwrap();
    assert_eq!(placement.usage, Usage::Both);
    // An input type stays input until some response reaches it (the intl actions' launch-template responses do).
    let timer = cvm.types.iter().find(|t| t.name == "ActionTimer").unwrap();
    assert_eq!(timer.usage, Usage::Both);
    let zone_info = cvm.types.iter().find(|t| t.name == "ZoneInfo").unwrap();
    assert_eq!(zone_info.usage, Usage::Output);
    assert!(cvm.types.iter().any(|t| t.usage == Usage::Input));

    // Every wording of the null note: "may return `null`" in backticks and capitalised "This field".
    let ccc = regen_service(ccc_docs()).unwrap();
    let tel = ccc.actions.iter().find(|a| a.name == "DescribeTelSession").unwrap();
    // An HTML page whose example is a GET URL: the parameters become a typed JSON body.
    assert_eq!(
        tel.examples[0].request,
        serde_json::json!({"SdkAppId": 1400000000, "SessionId": "0cf5be1b-de75-4445-a0c4-8dff3fa4b68b"})
    );
    assert_eq!(tel.errors[2].description, "-");
    let all_nullable = cvm.types.iter().chain(&ccc.types).flat_map(|t| &t.members).filter(|m| m.nullable).count();
    assert!(all_nullable > 60, "{all_nullable}");
    for m in cvm.types.iter().chain(&ccc.types).flat_map(|t| &t.members) {
        let lower = m.description.to_ascii_lowercase().replace('`', "");
        if lower.contains("may return null") {
            assert!(m.nullable, "{}", m.name);
        }
    }
}

#[test]
fn examples_that_drop_commas_at_line_ends_are_repaired_and_counted() {
    let regen = with_data_types(page(ccc_docs().join("CreateAICall.txt")));
    assert_eq!(regen.counts()[&Defect::MissingComma], 2);
    let ex = &regen.actions[0].examples[0];
    assert_eq!(ex.request["WelcomeMessage"], "Hello");
    assert_eq!(ex.request["LLMType"], "openai");
}
