//! The rendering-neutral form every page parser produces: headings, paragraphs, tables and code blocks in page
//! order. All meaning (which table is the request, where examples start) is read from blocks in one place,
//! `page.rs`, so the three renderings cannot drift apart.

use crate::Loc;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Block {
    Heading {
        level: u8,
        text: String,
        loc: Loc,
    },
    Paragraph {
        /// Plain text, whitespace collapsed: what sentences like the domain line are matched against.
        text: String,
        /// The source the page wrote (Markdown with any HTML fragments): what descriptions are read from.
        raw: String,
        loc: Loc,
    },
    Table(Table),
    /// A code block: an example request or response. `loc` is where its first line of content is.
    Code {
        text: String,
        loc: Loc,
        /// The text rendering found no end to this JSON block and cut it at its last closing bracket.
        unclosed: bool,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Row>,
    pub loc: Loc,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    /// Cell text with runs of whitespace collapsed to one space: what names, types and Required are read from.
    pub cells: Vec<String>,
    /// The cells as the page wrote them (Markdown source keeps its links and backticks, HTML its inline tags),
    /// whitespace collapsed: what descriptions are read from. Equal to `cells` for text.
    pub raw: Vec<String>,
    pub loc: Loc,
}

/// Collapses every run of whitespace to one space and trims the ends, so a cell reads the same in every rendering.
pub(crate) fn collapse_whitespace(s: &str) -> String {
    // Most cells already are: single ASCII spaces between words. Copying them whole is the hot path of regen.
    let trimmed = s.trim();
    let bytes = trimmed.as_bytes();
    if trimmed.is_ascii()
        && !bytes.iter().any(|&b| b != b' ' && b.is_ascii_whitespace())
        && !bytes.windows(2).any(|w| w == b"  ")
    {
        return trimmed.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn collapses_every_kind_of_whitespace() {
        assert_eq!(super::collapse_whitespace("  a b  "), "a b");
        assert_eq!(super::collapse_whitespace("a\n\tb   c"), "a b c");
        assert_eq!(super::collapse_whitespace("a\u{a0}\u{a0}b é"), "a b é");
    }
}
