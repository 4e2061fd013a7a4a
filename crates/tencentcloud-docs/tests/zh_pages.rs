//! The Chinese site's pages: the same action read from its Chinese page (text copy for ccc, saved HTML for cvm) and
//! from its English page gives the same members, types, Required and nullable flags, except for the differences
//! between the two sites' versions pinned below by name. Also: the language lands in service.json, example values
//! in the member specs, and an English and a Chinese page of one action in one folder is an error naming both.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use tencentcloud_docs::{PageInput, Regenerated, regen_pages, regen_service};
use tencentcloud_spec::MemberSpec;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn regen(site: &str, service: &str) -> Regenerated {
    let dir = fixtures().join(site).join(service);
    regen_service(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
}

/// The differences between the two sites' descriptions of these actions (the Chinese pages come from a newer
/// tccli, 3.1.189.1 against the English 3.1.193.1's older API descriptions). Each is `<service> <owner>: <what>`;
/// the test fails when one goes away as well as when a new one appears.
const KNOWN_DIFFERENCES: [&str; 22] = [
    // The Chinese page documents the task's concurrency; the English page does not yet.
    "ccc CreateAutoCalloutTask request: ConcurrencyLimit only on the Chinese page",
    // The English page still lists the deprecated paging members the Chinese page dropped.
    "ccc DescribeTelCdr request: Limit only on the English page",
    "ccc DescribeTelCdr request: Offset only on the English page",
    // Call records: the Chinese site renamed the key-press members and added the V2 end status.
    "ccc type TelCdrInfo: EndStatusV2 only on the Chinese page",
    "ccc type TelCdrInfo: IVRKeyPressed only on the English page",
    "ccc type TelCdrInfo: PostIVRKeyPressed only on the English page",
    "ccc type TelCdrInfo: PostIVRKeyPressedEx only on the Chinese page",
    // cvm members the Chinese site documents and the English one does not yet.
    "cvm type Image: CdcCacheStatus only on the Chinese page",
    "cvm type Instance: CpuTopology only on the Chinese page",
    // The Chinese site lists an instance's placement groups; the English one still has the single id.
    "cvm type Instance: DisasterRecoverGroupId only on the English page",
    "cvm type Instance: DisasterRecoverGroupIds only on the Chinese page",
    "cvm type Instance: EnableJumboFrame only on the Chinese page",
    "cvm type Instance: HostName only on the Chinese page",
    "cvm type Instance: PartitionNumber only on the Chinese page",
    "cvm type Placement: DedicatedResourcePackIds only on the Chinese page",
    "cvm type Placement: DedicatedResourcePackTenancy only on the Chinese page",
    "cvm type Placement: RackId only on the Chinese page",
    "cvm type SystemDisk: Encrypt only on the Chinese page",
    "cvm type SystemDisk: KmsKeyId only on the Chinese page",
    // The English page carries the null note on these image members; the Chinese cell has none.
    "cvm type Image: IsSupportCloudinit nullable false in Chinese, true in English",
    "cvm type Image: SnapshotSet nullable false in Chinese, true in English",
    "cvm type Image: Tags nullable false in Chinese, true in English",
];

/// Member-by-member differences in name, type, Required and nullable between two member lists.
fn compare(owner: &str, zh: &[MemberSpec], en: &[MemberSpec], out: &mut BTreeSet<String>) {
    let by_name = |ms: &[MemberSpec]| -> BTreeMap<String, MemberSpec> {
        ms.iter().map(|m| (m.name.clone(), m.clone())).collect()
    };
    let (zh, en) = (by_name(zh), by_name(en));
    for (name, z) in &zh {
        match en.get(name) {
            None => {
                out.insert(format!("{owner}: {name} only on the Chinese page"));
            }
            Some(e) => {
                if z.type_ref != e.type_ref {
                    out.insert(format!("{owner}: {name} is {} in Chinese, {} in English", z.type_ref, e.type_ref));
                }
                if z.required != e.required {
                    out.insert(format!(
                        "{owner}: {name} required {} in Chinese, {} in English",
                        z.required, e.required
                    ));
                }
                if z.nullable != e.nullable {
                    out.insert(format!(
                        "{owner}: {name} nullable {} in Chinese, {} in English",
                        z.nullable, e.nullable
                    ));
                }
            }
        }
    }
    for name in en.keys().filter(|n| !zh.contains_key(*n)) {
        out.insert(format!("{owner}: {name} only on the English page"));
    }
}

/// Every difference between the Chinese and English regen of one service's sample actions, and of every data type
/// both define that those actions reach.
fn differences(service: &str) -> BTreeSet<String> {
    let svc = service.split('/').next().unwrap();
    let zh = regen("zh-samples", service);
    let en = regen("en-samples", service);
    let mut out = BTreeSet::new();
    assert_eq!(
        zh.actions.iter().map(|a| &a.name).collect::<Vec<_>>(),
        en.actions.iter().map(|a| &a.name).collect::<Vec<_>>(),
        "{service}: the samples cover the same actions"
    );
    for (z, e) in zh.actions.iter().zip(&en.actions) {
        compare(&format!("{svc} {} request", z.name), &z.request, &e.request, &mut out);
        compare(&format!("{svc} {} response", z.name), &z.response, &e.response, &mut out);
        assert_eq!(
            (z.region_required, z.rate_limit_per_second),
            (e.region_required, e.rate_limit_per_second),
            "{}",
            z.name
        );
        assert_eq!(z.domain, e.domain);
    }
    // The types the sample actions reach, through members, on both sites.
    let mut reached: BTreeSet<&str> = BTreeSet::new();
    let mut stack: Vec<&str> = zh
        .actions
        .iter()
        .flat_map(|a| a.request.iter().chain(&a.response))
        .filter_map(|m| m.type_ref.named())
        .collect();
    while let Some(name) = stack.pop() {
        if reached.insert(name)
            && let Some(t) = zh.types.iter().find(|t| t.name == name)
        {
            stack.extend(t.members.iter().filter_map(|m| m.type_ref.named()));
        }
    }
    for name in reached {
        match (zh.types.iter().find(|t| t.name == name), en.types.iter().find(|t| t.name == name)) {
            (Some(z), Some(e)) => compare(&format!("{svc} type {name}"), &z.members, &e.members, &mut out),
            (z, _) => {
                out.insert(format!(
                    "{svc} type {name}: only on the {} page",
                    if z.is_some() { "Chinese" } else { "English" }
                ));
            }
        }
    }
    out
}

#[test]
fn chinese_and_english_pages_of_the_same_actions_agree() {
    let mut found: BTreeSet<String> = differences("ccc/2020-02-10");
    found.extend(differences("cvm/2017-03-12"));
    let known: BTreeSet<String> = KNOWN_DIFFERENCES.iter().map(|s| (*s).to_owned()).collect();
    let new: Vec<&String> = found.difference(&known).collect();
    let gone: Vec<&String> = known.difference(&found).collect();
    assert!(
        new.is_empty() && gone.is_empty(),
        "new differences: {new:#?}\npinned differences no longer seen: {gone:#?}"
    );
}

#[test]
fn the_language_comes_from_the_pages_and_descriptions_stay_in_it() {
    let zh = regen("zh-samples", "ccc/2020-02-10");
    assert_eq!(zh.service.language.as_deref(), Some("zh-CN"));
    assert_eq!(regen("zh-samples", "cvm/2017-03-12").service.language.as_deref(), Some("zh-CN"));
    assert_eq!(regen("en-samples", "ccc/2020-02-10").service.language.as_deref(), Some("en-US"));
    // Not from the file name: a Chinese page saved as `page.txt` is still Chinese.
    let text = std::fs::read_to_string(fixtures().join("zh-samples/ccc/2020-02-10/HangUpCall.txt")).unwrap();
    let regen = regen_pages(&[PageInput { path: "page.txt".into(), text }]).unwrap();
    assert_eq!(regen.service.language.as_deref(), Some("zh-CN"));
    let task = zh.actions.iter().find(|a| a.name == "DescribeAutoCalloutTask").unwrap();
    assert!(task.description.starts_with("用于通过 TaskId 查询"), "{}", task.description);
    assert_eq!(task.rate_limit_per_second, Some(20));
    assert_eq!(task.examples.len(), 1);
    assert_eq!(task.examples[0].title, "示例1 查询任务");
    assert_eq!(task.examples[0].request, serde_json::json!({"SdkAppId": 1, "TaskId": 2}));
}

#[test]
fn example_values_are_kept_apart_from_descriptions() {
    let zh = regen("zh-samples", "ccc/2020-02-10");
    let task = zh.actions.iter().find(|a| a.name == "DescribeAutoCalloutTask").unwrap();
    let member = |name: &str| task.request.iter().chain(&task.response).find(|m| m.name == name).unwrap();
    assert_eq!(member("SdkAppId").example.as_deref(), Some("1400000000"));
    // Descriptions are CommonMark: the bare address is an autolink.
    assert_eq!(member("SdkAppId").description, "应用 ID（必填），可以查看 <https://console.cloud.tencent.com/ccc>");
    assert_eq!(member("Callers").example.as_deref(), Some("[\"008610086\"]"));
    assert_eq!(member("Callees").example, None);
    // The null note after the description, before the example line, makes the member nullable and stays.
    assert!(member("NotAfter").nullable);
    assert_eq!(member("NotAfter").description, "任务结束时间戳\n注意：此字段可能返回 null，表示取不到有效值。");
    // HTML: `<p class="example">示例值：…</p>` in the cell.
    let cvm = regen("zh-samples", "cvm/2017-03-12");
    let zones = cvm.actions.iter().find(|a| a.name == "DescribeZones").unwrap();
    let total = zones.response.iter().find(|m| m.name == "TotalCount").unwrap();
    assert_eq!((total.description.as_str(), total.example.as_deref()), ("可用区数量。", Some("1")));
    let bytes = regen_service(fixtures().join("zh-samples/ccc/2020-02-10")).unwrap().files();
    let spec = String::from_utf8(bytes[Path::new("actions/DescribeAutoCalloutTask.json")].clone()).unwrap();
    assert!(spec.contains("\"example\": \"1400000000\""), "{spec}");
}

#[test]
fn an_english_and_a_chinese_page_of_one_action_is_an_error_naming_both() {
    let page = |site: &str, file: &str| {
        let path = fixtures().join(site).join("ccc/2020-02-10").join(file);
        PageInput { text: std::fs::read_to_string(&path).unwrap(), path: PathBuf::from(format!("docs/{site}-{file}")) }
    };
    let pages = [
        page("en-samples", "HangUpCall.txt"),
        page("zh-samples", "HangUpCall.txt"),
        page("zh-samples", "DataTypes.txt"),
    ];
    let err = regen_pages(&pages).unwrap_err().to_string();
    assert!(
        err.contains(
            "action HangUpCall has an English page (docs/en-samples-HangUpCall.txt) and a Chinese page \
                      (docs/zh-samples-HangUpCall.txt)"
        ),
        "{err}"
    );
}

#[test]
fn broken_chinese_tables_are_located_errors() {
    let head = "1. 接口描述\n接口请求域名： ccc.tencentcloudapi.com 。\n2. 输入参数\n参数名称\t必选\t类型\t描述\n\
                Action\t是\tString\t公共参数，本接口取值：HangUpCall。\nVersion\t是\tString\t公共参数，本接口取值：2020-02-10。\n";
    let tail = "3. 输出参数\n参数名称\t类型\t描述\nRequestId\tString\t唯一请求 ID\n";
    let err = |rows: &str| {
        let text = format!("{head}{rows}{tail}");
        regen_pages(&[PageInput { path: "docs/HangUpCall.txt".into(), text }]).unwrap_err().to_string()
    };
    let short = err("SdkAppId\t是\tInteger\n");
    assert!(
        short.contains("docs/HangUpCall.txt") && short.contains("line 7") && short.contains("expected 4 cells"),
        "{short}"
    );
    let required = err("SdkAppId\t可能\tInteger\t应用 ID\n");
    assert!(required.contains("line 7") && required.contains("expected Yes or No"), "{required}");
    let ty = err("SdkAppId\t是\t整数\t应用 ID\n");
    assert!(ty.contains("line 7") && ty.contains("SdkAppId"), "{ty}");
    // And the page reads once the row is whole.
    let text = format!("{head}SdkAppId\t是\tInteger\t应用 ID\n示例值：1400000000\n{tail}");
    let ok = regen_pages(&[PageInput { path: "docs/HangUpCall.txt".into(), text }]).unwrap();
    assert_eq!(ok.actions[0].request[0].example.as_deref(), Some("1400000000"));
}

/// The same defects planted in the examples of the Chinese and the English page of one action give the same
/// warning classes, the same repairs and the same typed examples: the defect rules do not depend on the site.
#[test]
fn example_defects_get_the_same_warnings_and_repairs_on_both_sites() {
    use tencentcloud_docs::Defect;
    let read = |site: &str, file: &str| {
        std::fs::read_to_string(fixtures().join(site).join("ccc/2020-02-10").join(file)).unwrap()
    };
    // A comma dropped at a line end in the response, and two members no table documents.
    let plant = |page: String| page.replacen("\"RequestId\": \"", "\"RequestId\": \"x\"\n\"Extra\": 1, \"Id\": \"", 1);
    let mut outcome = Vec::new();
    for site in ["zh-samples", "en-samples"] {
        let action = PageInput { path: "docs/HangUpCall.txt".into(), text: plant(read(site, "HangUpCall.txt")) };
        let types = PageInput { path: "docs/DataTypes.txt".into(), text: read(site, "DataTypes.txt") };
        let regen = regen_pages(&[action, types]).unwrap();
        let classes: Vec<Defect> =
            regen.warnings.iter().filter(|w| w.defect != Defect::HtmlMarkup).map(|w| w.defect).collect();
        let example = &regen.actions[0].examples;
        outcome.push((classes, example.len(), example.first().map(|e| e.response.clone())));
    }
    assert_eq!(outcome[0], outcome[1]);
    assert!(outcome[0].0.contains(&Defect::MissingComma), "{:?}", outcome[0].0);
    assert!(outcome[0].0.contains(&Defect::UndocumentedMember), "{:?}", outcome[0].0);
}
