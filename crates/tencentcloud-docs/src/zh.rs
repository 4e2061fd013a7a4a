//! The Chinese site's vocabulary (cloud.tencent.com), mapped onto the words the interpreter reads. Table headers
//! (`参数名称 必选 类型 描述`), `是`/`否`, the domain and rate-limit sentences, `被如下接口引用：` and the example
//! headings are structure, so they are rewritten in English before `page.rs` reads the blocks; descriptions are
//! content and stay as the page wrote them. The page's language is read from its tables, not its file name.

use std::borrow::Cow;

use crate::blocks::{Block, Table};

/// The language of a page, and so of the descriptions of the specs read from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Language {
    /// The international site: `en-US`.
    English,
    /// cloud.tencent.com: `zh-CN`.
    Chinese,
}

impl Language {
    /// The tag `service.json` records: `en-US` or `zh-CN`, as the API's `Language` parameter spells them.
    pub(crate) fn tag(self) -> &'static str {
        match self {
            Language::English => "en-US",
            Language::Chinese => "zh-CN",
        }
    }

    /// "an English", "a Chinese": for messages naming a page.
    pub(crate) fn with_article(self) -> &'static str {
        match self {
            Language::English => "an English",
            Language::Chinese => "a Chinese",
        }
    }
}

/// A Data Types page of a service that defines no type: its title `数据结构` and nothing but prose after it.
pub(crate) fn is_empty_data_types_page(blocks: &[Block]) -> bool {
    let title = blocks.iter().find_map(|b| match b {
        Block::Heading { text, .. } | Block::Paragraph { text, .. } => Some(text.as_str()),
        _ => None,
    });
    title == Some("数据结构") && !blocks.iter().any(|b| matches!(b, Block::Table(_) | Block::Code { .. }))
}

/// The headers of the Chinese parameter, data-type and error-code tables. A table with another header is prose
/// (`名称 | 说明` in a description) and keeps its words.
const CHINESE_HEADERS: [&[&str]; 5] = [
    &["参数名称", "必选", "类型", "描述"],
    &["参数名称", "类型", "描述"],
    &["名称", "类型", "描述"],
    &["名称", "类型", "必选", "描述"],
    &["错误码", "描述"],
];

/// Chinese header cells and their English words.
const HEADER_WORDS: [(&str, &str); 6] = [
    ("参数名称", "Parameter Name"),
    ("必选", "Required"),
    ("类型", "Type"),
    ("描述", "Description"),
    ("名称", "Name"),
    ("错误码", "Error Code"),
];

/// Rewrites the Chinese structural vocabulary in English and says which language the page's tables are in
/// (`None` for a page without tables, such as a Data Types page of a service that defines no type).
pub(crate) fn to_english_vocabulary(mut blocks: Vec<Block>) -> (Vec<Block>, Option<Language>) {
    let mut language = None;
    for block in &mut blocks {
        if let Block::Table(t) = block {
            if CHINESE_HEADERS.iter().any(|h| t.header.iter().map(String::as_str).eq(h.iter().copied())) {
                translate_table(t);
                language = Some(Language::Chinese);
            } else if language.is_none()
                && t.header.first().is_some_and(|h| ["Parameter Name", "Name", "Error Code"].contains(&h.as_str()))
            {
                language = Some(Language::English);
            }
        }
    }
    if language != Some(Language::Chinese) {
        return (blocks, language);
    }
    for block in &mut blocks {
        match block {
            Block::Paragraph { text, .. } => {
                if let Some(english) = sentence(text) {
                    *text = english;
                }
            }
            Block::Heading { text, .. } if text == "输入示例" => *text = "Input Example".to_owned(),
            Block::Heading { text, .. } if text == "输出示例" => *text = "Output Example".to_owned(),
            _ => {}
        }
    }
    (blocks, language)
}

fn translate_table(t: &mut Table) {
    for cell in &mut t.header {
        if let Some((_, english)) = HEADER_WORDS.iter().find(|(zh, _)| zh == cell) {
            *cell = (*english).to_owned();
        }
    }
    let required = t.header.iter().position(|h| h == "Required");
    let description = t.header.iter().position(|h| h == "Description");
    for row in &mut t.rows {
        if let Some(c) = required {
            for cells in [&mut row.cells, &mut row.raw] {
                if let Some(cell) = cells.get_mut(c) {
                    match cell.as_str() {
                        "是" => *cell = "Yes".to_owned(),
                        "否" => *cell = "No".to_owned(),
                        _ => {}
                    }
                }
            }
        }
        // `公共参数，本接口取值：DescribeZones。` names the action and version, which the interpreter reads from
        // the English wording; these rows become no member, so their description is not kept.
        if let (Some(c), Some("Action" | "Version")) = (description, row.cells.first().map(String::as_str)) {
            for cells in [&mut row.cells, &mut row.raw] {
                if let Some(cell) = cells.get_mut(c)
                    && let Some(value) = cell.trim().strip_prefix("公共参数，本接口取值：")
                {
                    *cell = format!("Common Params. The value used for this API: {}.", value.trim_end_matches('。'));
                }
            }
        }
    }
}

/// The English sentence the interpreter reads for a Chinese structural one, or `None` for prose.
fn sentence(text: &str) -> Option<String> {
    if let Some(rest) = text.strip_prefix("接口请求域名：") {
        let domain = rest.trim().trim_end_matches('。').trim();
        return Some(format!("Domain name for API request: {domain}."));
    }
    if let Some(rest) = text.strip_prefix("默认接口请求频率限制：") {
        // `20次/秒。`; a limit per minute or a wording this does not know stays prose, and the action unlimited.
        let n = rest.trim().strip_suffix('。').unwrap_or(rest.trim()).strip_suffix("次/秒")?;
        return Some(format!("A maximum of {n} requests can be initiated per second for this API."));
    }
    if text.starts_with("推荐使用 API Explorer") {
        return Some("We recommend you to use API Explorer".to_owned());
    }
    if text.starts_with("以下请求参数列表仅列出了") {
        return Some("The following request parameter list only provides API request parameters.".to_owned());
    }
    if let Some(list) = text.strip_prefix("被如下接口引用：") {
        let actions: Vec<&str> = list
            .trim()
            .trim_end_matches('。')
            .split(['、', '，', ','])
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .collect();
        return Some(format!("Used by actions: {}.", actions.join(", ")));
    }
    None
}

/// The Chinese wordings of the note that a member may come back empty: `注意：此字段可能返回 null，表示取不到有效值。`
/// and `…时为null`, but not `不为null` ("is not null"). `plain` is lowercase, without backticks.
pub(crate) fn says_nullable(plain: &str) -> bool {
    if plain.contains("返回 null") || plain.contains("返回null") {
        return true;
    }
    ["为null", "为 null"].iter().any(|phrase| plain.match_indices(phrase).any(|(at, _)| !plain[..at].ends_with('不')))
}

/// The marker of an example value on the Chinese pages, on a line of its own at the end of a cell.
const EXAMPLE_MARKER: &str = "示例值：";

/// Splits a description cell into the description and the example value the page gives on a line of its own
/// (`示例值：1400000000`): after a line break (text copy) or opening a paragraph (`<p>示例值：…</p>`, HTML), never
/// inside a sentence (`参考示例值：3`). Lines after the example line (a null note) stay in the description.
/// `<p>` and `</p>` as an HTML page's own elements (see [`crate::markup::ELEMENT`]).
const P_ELEMENT: &str = "\u{E000}p>";
const P_END_ELEMENT: &str = "\u{E000}/p>";

pub(crate) fn split_example_value(raw: &str) -> (Cow<'_, str>, Option<String>) {
    if !raw.contains(EXAMPLE_MARKER) {
        return (Cow::Borrowed(raw), None);
    }
    let starts = raw.match_indices(EXAMPLE_MARKER).map(|(at, _)| at).filter(|&at| {
        let before = &raw[..at];
        // A space stands for the paragraph break where the HTML cell's text was collapsed (`数量。 示例值：1`).
        before.trim_end_matches([' ', '\t']).is_empty()
            || before.ends_with(['\n', ' '])
            || before.ends_with("<p>")
            || before.ends_with(P_ELEMENT)
    });
    let Some(at) = starts.last() else { return (Cow::Borrowed(raw), None) };
    let before = raw[..at].strip_suffix("<p>").or_else(|| raw[..at].strip_suffix(P_ELEMENT)).unwrap_or(&raw[..at]);
    let before = before.trim_end();
    let rest = &raw[at + EXAMPLE_MARKER.len()..];
    let (value, after) =
        match rest.find(['\n']).into_iter().chain(rest.find("</p>")).chain(rest.find(P_END_ELEMENT)).min() {
            Some(end) => {
                let after = &rest[end..];
                (
                    &rest[..end],
                    after.strip_prefix("</p>").or_else(|| after.strip_prefix(P_END_ELEMENT)).unwrap_or(after),
                )
            }
            None => (rest, ""),
        };
    let value = value.trim();
    let after = after.trim();
    let description = match (before.is_empty(), after.is_empty()) {
        (_, true) => before.to_owned(),
        (true, false) => after.to_owned(),
        (false, false) => format!("{before}\n{after}"),
    };
    (Cow::Owned(description), (!value.is_empty()).then(|| value.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_values_come_off_their_own_line_only() {
        let split = |s| {
            let (d, e) = split_example_value(s);
            (d.into_owned(), e)
        };
        assert_eq!(split("应用 ID\n示例值：1400000000"), ("应用 ID".into(), Some("1400000000".into())));
        assert_eq!(split("可用区数量。<p>示例值：1</p>"), ("可用区数量。".into(), Some("1".into())));
        assert_eq!(
            split("结束时间\n示例值：1729905750\n注意：此字段可能返回 null，表示取不到有效值。"),
            ("结束时间\n注意：此字段可能返回 null，表示取不到有效值。".into(), Some("1729905750".into()))
        );
        assert_eq!(split("取值参考示例值：3 的格式"), ("取值参考示例值：3 的格式".into(), None));
        assert_eq!(split("可用区数量。 示例值：1"), ("可用区数量。".into(), Some("1".into())));
        assert_eq!(split("示例值：[\"a\"]"), (String::new(), Some("[\"a\"]".into())));
        assert_eq!(split("说明\n示例值："), ("说明".into(), None));
    }

    #[test]
    fn null_notes_in_chinese() {
        assert!(says_nullable("结束时间\n注意：此字段可能返回 null，表示取不到有效值。"));
        assert!(says_nullable("堡垒机服务信息，注意没有绑定服务时为null"));
        assert!(!says_nullable("此值不为null"));
        assert!(!says_nullable("任务id"));
    }

    #[test]
    fn structural_sentences_read_in_english() {
        assert_eq!(
            sentence("接口请求域名： ccc.tencentcloudapi.com 。").unwrap(),
            "Domain name for API request: ccc.tencentcloudapi.com."
        );
        assert_eq!(
            sentence("默认接口请求频率限制：20次/秒。").unwrap(),
            "A maximum of 20 requests can be initiated per second for this API."
        );
        assert_eq!(sentence("默认接口请求频率限制：20次/分钟。"), None);
        assert_eq!(sentence("被如下接口引用：A、B。").unwrap(), "Used by actions: A, B.");
        assert_eq!(sentence("任务描述"), None);
    }
}
