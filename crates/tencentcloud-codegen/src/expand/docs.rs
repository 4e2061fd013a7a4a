//! Doc comments from the pages' descriptions, escaped so rustdoc renders the text as written and warns about nothing.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` attributes, one per line of `text`, which is Markdown written by the generator.
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| format!(" {line}"));
    quote! { #( #[doc = #lines] )* }
}

/// A page's prose as Markdown that means the same text: characters Markdown or rustdoc would act on are escaped,
/// bare URLs become autolinks, and line breaks inside a paragraph are kept.
pub fn prose(text: &str) -> String {
    let mut out = String::new();
    for (i, line) in text.trim().lines().enumerate() {
        if i > 0 {
            // A trailing backslash is a hard line break, so lists the pages write one per line stay apart.
            out.push_str(if line.trim().is_empty() { "\n" } else { "\\\n" });
        }
        escape_line(line.trim(), &mut out);
    }
    out
}

/// `prose`, on one line, for a table cell or a heading.
pub fn inline(text: &str) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::new();
    escape_line(&joined, &mut out);
    out
}

fn escape_line(line: &str, out: &mut String) {
    let mut rest = line;
    while !rest.is_empty() {
        let url_at = ["https://", "http://"].iter().filter_map(|p| rest.find(p)).min();
        let (text, url) = match url_at {
            Some(at) => {
                let end = rest[at..]
                    .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | ')' | ']' | ',' | '，' | '。'))
                    .map_or(rest.len(), |e| at + e);
                // A sentence's full stop is not part of the address.
                let end = if rest[..end].ends_with('.') { end - 1 } else { end };
                (&rest[..at], Some(&rest[at..end]))
            }
            None => (rest, None),
        };
        for (i, c) in text.char_indices() {
            let at_start = out.is_empty() || out.ends_with('\n');
            match c {
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~' => {
                    out.push('\\');
                    out.push(c);
                }
                // Markdown would read these at a line's start as a heading, a quote or a list.
                '#' | '+' | '-' | '=' if at_start && i == 0 => {
                    out.push('\\');
                    out.push(c);
                }
                _ => out.push(c),
            }
        }
        match url {
            Some(url) => {
                out.push('<');
                out.push_str(url);
                out.push('>');
                rest = &rest[text.len() + url.len()..];
            }
            None => rest = "",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
