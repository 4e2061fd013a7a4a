//! Nothing panics on any input: arbitrary strings and mutated real pages through all three parsers and the
//! whole regen. Kept to a few seconds so it runs in every `cargo test`.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use tencentcloud_docs::{PageInput, regen_pages};

const EXTENSIONS: [&str; 3] = ["txt", "md", "html"];

/// Every page of the repository's ccc and cvm folders and the Chinese samples (text and HTML), read once.
fn real_pages() -> &'static [PageInput] {
    static PAGES: std::sync::OnceLock<Vec<PageInput>> = std::sync::OnceLock::new();
    PAGES.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut pages = Vec::new();
        for dir in [
            "../../specs/ccc/2020-02-10/docs",
            "../../specs/cvm/2017-03-12/docs",
            "tests/fixtures/zh-samples/ccc/2020-02-10",
            "tests/fixtures/zh-samples/cvm/2017-03-12",
        ] {
            let mut paths: Vec<PathBuf> =
                std::fs::read_dir(root.join(dir)).unwrap().map(|e| e.unwrap().path()).collect();
            paths.sort();
            for path in paths {
                let text = std::fs::read_to_string(&path).unwrap();
                pages.push(PageInput { path, text });
            }
        }
        pages
    })
}

/// Pieces the parsers look for, so random input reaches deep paths rather than failing at the first check.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Parameter Name | Required | Type | Description |\n---|---|---|---|\n".to_owned()),
        Just("| Parameter Name | Type | Description |\n|---|---|---|\n".to_owned()),
        Just("Name | Type | Required | Description |\n---|---|---|---|\n".to_owned()),
        Just("Action | Yes | String | The value used for this API: Foo. |\n".to_owned()),
        Just("Version | Yes | String | The value used for this API: 2020-02-10. |\n".to_owned()),
        Just("Domain name for API request: ccc.tencentcloudapi.com.\n".to_owned()),
        Just("A maximum of 99999999999 requests can be initiated per second for this API.\n".to_owned()),
        Just("X | No | Array of Y | z |\n".to_owned()),
        Just("POST / HTTP/1.1\nX-TC-Language: en\n{\n".to_owned()),
        // A header name with a multi-byte character across byte 5 once panicked the `X-TC-` check.
        Just("POST / HTTP/1.1\nX-TCé: 1\nX-TC-\u{1F600}: 2\n{\n".to_owned()),
        Just("https://x/?Action=Foo&A.0.B=1&A.b=2&<x>\n".to_owned()),
        Just("{\n\"Response\": {\n".to_owned()),
        Just("<table><tr><th>Error Code</th><th>Description</th></tr><tr><td>".to_owned()),
        Just("<pre>POST / HTTP/1.1\n{\"a\": [</pre>".to_owned()),
        Just("```\n{\"Response\": {}}\n```\n".to_owned()),
        Just("### Example1\n".to_owned()),
        Just("Used by actions: A, B.\n".to_owned()),
        // The Chinese site: tab tables whose cells run on over lines, its headings and sentences.
        Just("参数名称\t必选\t类型\t描述\n".to_owned()),
        Just("名称\t类型\t必选\t描述\n".to_owned()),
        Just("错误码\t描述\nMissingParameter.\t缺参数\n".to_owned()),
        Just("Action\t是\tString\t公共参数，本接口取值：Foo。\n".to_owned()),
        Just("X.N\t否\tArray of Y\t说明\t含\t制表符\n示例值：[\"a\"]\n\n续行\n".to_owned()),
        Just("接口请求域名： ccc.tencentcloudapi.com 。\n默认接口请求频率限制：99999999999次/秒。\n".to_owned()),
        Just("4. 示例\n示例1 标题\n输入示例\n".to_owned()),
        Just("数据结构\n被如下接口引用：A、B。\n".to_owned()),
        Just(
            "<table><tr><th>参数名称</th><th>类型</th><th>描述</th></tr><tr><td>A<p class=\"example\">示例值："
                .to_owned()
        ),
        "\\PC{0,40}",
        "[\\[\\]{}|\"\n<>&`*#.:-]{0,20}",
    ]
}

fn arbitrary_page() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..24).prop_map(|parts| parts.concat())
}

/// A cut, a copy or an insertion at some line of a real page.
#[derive(Debug, Clone)]
enum Mutation {
    DeleteLines(usize, usize),
    DuplicateLines(usize, usize),
    Insert(usize, String),
    DeleteChars(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1..20usize).prop_map(|(a, n)| Mutation::DeleteLines(a, n)),
        (any::<usize>(), 1..20usize).prop_map(|(a, n)| Mutation::DuplicateLines(a, n)),
        (any::<usize>(), fragment()).prop_map(|(a, s)| Mutation::Insert(a, s)),
        (any::<usize>(), 1..200usize).prop_map(|(a, n)| Mutation::DeleteChars(a, n)),
    ]
}

fn mutate(text: &str, mutations: &[Mutation]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for m in mutations {
        let len = lines.len().max(1);
        match m {
            Mutation::DeleteLines(at, n) => {
                let at = at % len;
                let end = (at + n).min(lines.len());
                lines.drain(at.min(end)..end);
            }
            Mutation::DuplicateLines(at, n) => {
                let at = at % len;
                let end = (at + n).min(lines.len());
                let copy: Vec<String> = lines[at.min(end)..end].to_vec();
                lines.splice(at.min(end)..at.min(end), copy);
            }
            Mutation::Insert(at, s) => lines.insert((at % len).min(lines.len()), s.clone()),
            Mutation::DeleteChars(at, n) => {
                if !lines.is_empty() {
                    let i = at % lines.len();
                    let chars: Vec<char> = lines[i].chars().collect();
                    let start = (at / 7) % (chars.len() + 1);
                    let end = (start + n).min(chars.len());
                    lines[i] = chars[..start].iter().chain(&chars[end..]).collect();
                }
            }
        }
    }
    lines.join("\n")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in arbitrary_page(), ext in 0..3usize) {
        let page = PageInput { path: PathBuf::from(format!("Fuzz.{}", EXTENSIONS[ext])), text };
        let _ = regen_pages(&[page]);
    }

    #[test]
    fn mutated_real_pages_never_panic(which in any::<usize>(), mutations in prop::collection::vec(mutation(), 1..6)) {
        let pages = real_pages();
        let original = &pages[which % pages.len()];
        let text = mutate(&original.text, &mutations);
        // Read each mutated page in its own rendering and, to stress the others, as the other two as well.
        for ext in EXTENSIONS {
            let path = original.path.with_extension(ext);
            let _ = regen_pages(&[PageInput { path, text: text.clone() }]);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    /// A mutated Chinese page either reads or fails with errors that each name the page and a line or element.
    #[test]
    fn mutated_chinese_pages_fail_with_located_errors(which in any::<usize>(), mutations in prop::collection::vec(mutation(), 1..4)) {
        let pages: Vec<&PageInput> =
            real_pages().iter().filter(|p| p.path.to_string_lossy().contains("zh-samples")).collect();
        let original = pages[which % pages.len()];
        let text = mutate(&original.text, &mutations);
        let page = PageInput { path: original.path.clone(), text };
        if let Err(errors) = regen_pages(&[page]) {
            for e in &errors.0 {
                let message = e.to_string();
                prop_assert!(message.contains(&*original.path.to_string_lossy()), "{message}");
            }
        }
    }
}

#[test]
fn deeply_nested_input_does_not_overflow_the_stack() {
    let html = "<div>".repeat(3_000) + "<table><tr><th>Name</th></tr></table>";
    let md = "> ".repeat(1_000) + "text\n" + &"- ".repeat(500);
    let json = format!("POST / HTTP/1.1\n{}\n{{\n\"Response\": {{}}\n}}\n", "[".repeat(50_000));
    for (ext, text) in [("html", html), ("md", md), ("txt", json)] {
        let page = PageInput { path: PathBuf::from(format!("Deep.{ext}")), text };
        assert!(regen_pages(&[page]).is_err());
    }
}
