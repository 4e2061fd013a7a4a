//! HTML pages as a browser saves them (navigation, scripts, links inside table cells, `<pre>` examples), read with
//! scraper. Only headings, paragraphs, lists, tables and `<pre>` blocks carry meaning; everything else is walked
//! through or, for navigation and scripts, skipped.

use std::collections::HashMap;

use scraper::{ElementRef, Html, Node};

/// A node of scraper's tree (what an `ElementRef` dereferences to), named without depending on ego-tree.
type TreeNode<'a> = <ElementRef<'a> as std::ops::Deref>::Target;

use crate::Loc;
use crate::blocks::{Block, Row, Table, collapse_whitespace};
use crate::markup::ELEMENT;

pub(crate) fn parse(text: &str) -> Vec<Block> {
    let doc = Html::parse_document(text);
    let mut blocks = Vec::new();
    // How many of each element kind came before, for locations like `table[2] tr[3]`.
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut count = |kind| {
        let n = seen.entry(kind).or_insert(0);
        *n += 1;
        *n
    };
    // An explicit stack, not recursion: a hostile page may nest elements thousands deep.
    let mut stack = vec![*doc.root_element()];
    while let Some(node) = stack.pop() {
        let Some(el) = ElementRef::wrap(node) else { continue };
        let name = el.value().name();
        match name {
            "script" | "style" | "nav" | "header" | "footer" | "head" | "noscript" | "template" | "button" => {}
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = name.as_bytes()[1] - b'0';
                let loc = Loc::Element(format!("{name}[{}]", count(name)));
                blocks.push(Block::Heading { level, text: text_of(el), loc });
            }
            "p" => {
                let loc = Loc::Element(format!("p[{}]", count("p")));
                blocks.push(Block::Paragraph { text: text_of(el), raw: source_of(el), loc });
            }
            "ul" | "ol" => {
                let loc = Loc::Element(format!("{name}[{}]", count(name)));
                let items = || el.children().filter_map(ElementRef::wrap).filter(|li| li.value().name() == "li");
                let text: Vec<String> = items().map(|li| format!("* {}", text_of(li))).collect();
                let raw: Vec<String> = items().map(|li| format!("* {}", source_of(li))).collect();
                blocks.push(Block::Paragraph { text: text.join("\n"), raw: raw.join("\n"), loc });
            }
            "table" => {
                let n = count("table");
                blocks.push(Block::Table(table(el, n)));
            }
            "pre" => {
                let loc = Loc::Element(format!("pre[{}]", count("pre")));
                blocks.push(Block::Code { text: el.text().collect(), loc, unclosed: false });
            }
            _ => stack.extend(node.children().rev()),
        }
    }
    blocks
}

/// The text of an element, with a space where a line break or a block element separates words
/// (`a<br>b` reads `a b`, not `ab`).
fn text_of(el: ElementRef<'_>) -> String {
    let mut text = String::new();
    for node in el.descendants() {
        match node.value() {
            Node::Text(t) => text.push_str(t),
            Node::Element(e) if matches!(e.name(), "br" | "p" | "div" | "li" | "tr" | "td" | "th") => text.push(' '),
            _ => {}
        }
    }
    collapse_whitespace(&text)
}

/// The content of an element as the page's source would write it: text as it reads (entities decoded) and inline
/// tags kept, so the interpreter sees the same Markdown-with-HTML source a text page copies (`<li>` in a cell, a
/// link as `<a href>`). The page's own elements open with [`ELEMENT`] rather than `<`, so the interpreter can
/// tell them from tags the page prints as text. Attributes other than a link's address are left out.
fn source_of(el: ElementRef<'_>) -> String {
    let mut out = String::new();
    // An explicit stack of (node, closing?), as in `parse`: a hostile page may nest elements thousands deep.
    let mut stack: Vec<(TreeNode<'_>, bool)> = el.children().rev().map(|n| (n, false)).collect();
    while let Some((node, closing)) = stack.pop() {
        match node.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) if closing => {
                out.push(ELEMENT);
                out.push('/');
                out.push_str(e.name());
                out.push('>');
            }
            Node::Element(e) => {
                out.push(ELEMENT);
                out.push_str(e.name());
                if let Some(href) = e.attr("href").filter(|_| e.name() == "a") {
                    out.push_str(" href=\"");
                    out.push_str(href);
                    out.push('"');
                }
                out.push('>');
                if !matches!(e.name(), "br" | "hr" | "img" | "wbr") {
                    stack.push((node, true));
                }
                stack.extend(node.children().rev().map(|n| (n, false)));
            }
            _ => {}
        }
    }
    collapse_whitespace(&out)
}

/// The first row is the header, whether it sits in `<thead>` with `<th>` cells or not.
fn table(el: ElementRef<'_>, n: usize) -> Table {
    let mut header = Vec::new();
    let mut rows = Vec::new();
    let mut tr_index = 0;
    let mut stack = vec![*el];
    let mut trs = Vec::new();
    while let Some(node) = stack.pop() {
        let Some(child) = ElementRef::wrap(node) else { continue };
        match child.value().name() {
            "tr" => trs.push(child),
            // A table inside a cell belongs to that cell's text, not to this table's rows.
            "table" if child != el => {}
            _ => stack.extend(node.children().rev()),
        }
    }
    for tr in trs {
        tr_index += 1;
        let tds = || tr.children().filter_map(ElementRef::wrap).filter(|c| matches!(c.value().name(), "td" | "th"));
        let cells: Vec<String> = tds().map(text_of).collect();
        if tr_index == 1 {
            header = cells;
        } else {
            let raw = tds().map(source_of).collect();
            rows.push(Row { raw, cells, loc: Loc::Element(format!("table[{n}] tr[{tr_index}]")) });
        }
    }
    Table { header, rows, loc: Loc::Element(format!("table[{n}]")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_and_lists_are_counted_per_element_name() {
        let blocks = parse("<h2>A</h2><h3>B</h3><h2>C</h2><ul><li>x</li></ul><ol><li>y</li></ol><ul><li>z</li></ul>");
        let locs: Vec<String> = blocks
            .iter()
            .map(|b| match b {
                Block::Heading { loc, .. } | Block::Paragraph { loc, .. } => loc.to_string(),
                other => panic!("unexpected block {other:?}"),
            })
            .collect();
        assert_eq!(locs, ["h2[1]", "h3[1]", "h2[2]", "ul[1]", "ol[1]", "ul[2]"]);
        assert!(matches!(&blocks[1], Block::Heading { level: 3, text, .. } if text == "B"));
    }

    #[test]
    fn skips_navigation_and_scripts_and_keeps_word_breaks() {
        let blocks = parse(
            "<html><head><script>var t = '<table><tr><td>x</td></tr></table>';</script></head><body>\
             <nav><p>Menu</p></nav><p>Line one<br>line two</p>\
             <table><tr><th>Name</th></tr><tr><td>A<br/>B <a href='#'>C</a></td></tr></table></body></html>",
        );
        assert_eq!(
            blocks,
            [
                Block::Paragraph {
                    text: "Line one line two".into(),
                    raw: "Line one\u{e000}br>line two".into(),
                    loc: Loc::Element("p[1]".into())
                },
                Block::Table(Table {
                    header: vec!["Name".into()],
                    rows: vec![Row {
                        cells: vec!["A B C".into()],
                        raw: vec!["A\u{e000}br>B \u{e000}a href=\"#\">C\u{e000}/a>".into()],
                        loc: Loc::Element("table[1] tr[2]".into()),
                    }],
                    loc: Loc::Element("table[1]".into()),
                }),
            ]
        );
    }
}
