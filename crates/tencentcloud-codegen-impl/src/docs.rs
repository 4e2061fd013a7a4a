//! Doc comments from the pages' descriptions, escaped so rustdoc renders the text as written and warns about nothing.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` attributes, one per line of `text`, which is Markdown written by the generator.
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| format!(" {line}"));
    quote! { #( #[doc = #lines] )* }
}

/// A page's prose as Markdown that means the same text: characters Markdown or rustdoc would act on are escaped,
/// bare URLs become autolinks, and line breaks inside a paragraph are kept. The two pieces of Markdown the pages
/// themselves use survive: code spans (`` `ID` ``) and links to web pages (`[CDH](https://...)`).
pub fn prose(text: &str) -> String {
    let text = html_breaks(text);
    let mut out = String::new();
    let mut blank_before = false;
    for line in text.trim().lines().map(str::trim) {
        if line.is_empty() {
            blank_before = true;
            continue;
        }
        if !out.is_empty() {
            // A blank line is a paragraph break; otherwise a trailing backslash is a hard line break, so lists the
            // pages write one item per line stay apart.
            out.push_str(if blank_before { "\n\n" } else { "\\\n" });
        }
        blank_before = false;
        escape_line(line, false, &mut out);
    }
    out
}

/// `\n\nExample: `value``, the member's example value from its page, or nothing when it has none. The value is a
/// code span (fenced with more backticks than it holds), shown on one line and cut at 200 characters with `…`.
pub fn example_line(example: Option<&str>) -> String {
    let Some(text) = example.map(|e| e.split_whitespace().collect::<Vec<_>>().join(" ")) else { return String::new() };
    if text.is_empty() {
        return String::new();
    }
    let text = match text.char_indices().nth(200) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    };
    let longest_run = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("\n\nExample: {fence}{pad}{text}{pad}{fence}")
}

/// `prose`, on one line, for a table cell.
pub fn inline(text: &str) -> String {
    let joined = html_breaks(text).split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::new();
    escape_line(&joined, true, &mut out);
    out
}

/// The pages' few layout tags as text: `<br>` and list tags become line breaks and bullets, emphasis tags go.
/// Any other tag is left for `escape_line`, which shows it as written.
fn html_breaks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        let tag = after.find('>').filter(|&end| end <= 12).map(|end| (&after[1..end], end + 1));
        let replacement = tag.and_then(|(tag, _)| {
            let name = tag.trim().trim_end_matches('/').trim().to_ascii_lowercase();
            match name.as_str() {
                "br" | "ul" | "/ul" | "ol" | "/ol" | "p" | "/p" => Some("\n"),
                "li" => Some("\n• "),
                "/li" | "b" | "/b" | "strong" | "/strong" | "i" | "/i" | "em" | "/em" => Some(""),
                _ => None,
            }
        });
        match (replacement, tag) {
            (Some(text), Some((_, len))) => {
                out.push_str(text);
                rest = &after[len..];
            }
            _ => {
                out.push('<');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn escape_line(line: &str, in_table: bool, out: &mut String) {
    let mut i = 0;
    while let Some(c) = line[i..].chars().next() {
        let rest = &line[i..];
        if let Some(span) = code_span(rest).filter(|span| !(in_table && span.contains('|'))) {
            out.push_str(span);
            i += span.len();
            continue;
        }
        if let Some((text, url, len)) = web_link(rest) {
            out.push('[');
            escape_line(text, in_table, out);
            out.push_str("](");
            out.push_str(url);
            out.push(')');
            i += len;
            continue;
        }
        if rest.starts_with("https://") || rest.starts_with("http://") {
            let url = &rest[..url_len(rest)];
            out.push('<');
            out.push_str(url);
            out.push('>');
            i += url.len();
            continue;
        }
        let at_line_start = i == 0 && (out.is_empty() || out.ends_with('\n'));
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~' => out.push('\\'),
            // Markdown would read these at a line's start as a heading, a quote or a list.
            '#' | '+' | '-' | '=' if at_line_start => out.push('\\'),
            _ => {}
        }
        out.push(c);
        i += c.len_utf8();
    }
}

/// `` `text` `` at the start of `s`, backticks included.
fn code_span(s: &str) -> Option<&str> {
    let body = s.strip_prefix('`')?;
    let end = body.find('`')?;
    (end > 0).then(|| &s[..end + 2])
}

/// `[text](https://...)` at the start of `s`: the text, the address and the length of the whole.
fn web_link(s: &str) -> Option<(&str, &str, usize)> {
    let body = s.strip_prefix('[')?;
    let close = body.find("](")?;
    let text = &body[..close];
    if text.is_empty() || text.contains(['[', ']']) {
        return None;
    }
    let target = &body[close + 2..];
    if !(target.starts_with("https://") || target.starts_with("http://")) {
        return None;
    }
    let end = target.find(')')?;
    let url = &target[..end];
    if url.contains(char::is_whitespace) || url.contains(['<', '>']) {
        return None;
    }
    Some((text, url, 1 + close + 2 + end + 1))
}

/// How much of `s`, which starts with an address, is the address.
fn url_len(s: &str) -> usize {
    let end = s
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\'' | ')' | ']' | ',' | '，' | '。'))
        .unwrap_or(s.len());
    // A sentence's full stop is not part of the address.
    if s[..end].ends_with('.') { end - 1 } else { end }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_values_are_one_code_span() {
        assert_eq!(example_line(None), "");
        assert_eq!(example_line(Some("ap-guangzhou")), "\n\nExample: `ap-guangzhou`");
        assert_eq!(example_line(Some("a `b`\n c")), "\n\nExample: ``a `b` c``");
        assert_eq!(example_line(Some("`x`")), "\n\nExample: `` `x` ``");
        let long = example_line(Some(&"x".repeat(300)));
        assert!(long.ends_with("x…`") && long.matches('x').count() == 200 + 1, "{long}"); // and the x of `Example`
    }

    #[test]
    fn escapes_markdown_and_links_urls() {
        assert_eq!(
            prose("Application ID (required) can be found at https://console.tencentcloud.com/ccc."),
            "Application ID (required) can be found at <https://console.tencentcloud.com/ccc>."
        );
        assert_eq!(prose("a_b [x] <tag> *y*"), "a\\_b \\[x\\] \\<tag\\> \\*y\\*");
        assert_eq!(prose("- one\n- two"), "\\- one\\\n\\- two");
        assert_eq!(inline("a | b\n c"), "a \\| b c");
    }

    #[test]
    fn layout_tags_become_breaks_and_bullets() {
        assert_eq!(
            prose("Valid values:<br><li>1: off.</li><br><li/>2: <b>on</b>.<br />x < y"),
            "Valid values:\n\n• 1: off.\n\n• 2: on.\\\nx \\< y"
        );
        assert_eq!(inline("a<br/>b"), "a b");
    }

    #[test]
    fn keeps_code_spans_and_web_links() {
        assert_eq!(prose("Invalid `ID` <tag/>"), "Invalid `ID` \\<tag/\\>");
        assert_eq!(
            prose("see [`DescribeRoleList`](https://x.com/a_b?c=1) [CDH](https://cdh.io)."),
            "see [`DescribeRoleList`](https://x.com/a_b?c=1) [CDH](https://cdh.io)."
        );
        assert_eq!(prose("[not a link](relative) `unclosed"), "\\[not a link\\](relative) \\`unclosed");
        assert_eq!(inline("`a|b`"), "\\`a\\|b\\`");
    }
}
