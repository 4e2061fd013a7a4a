//! Markdown pages: numbered headings, leading-pipe tables and fenced examples, read with pulldown-cmark.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use crate::Loc;
use crate::blocks::{Block, Row, Table, collapse_whitespace};

pub(crate) fn parse(text: &str) -> Vec<Block> {
    let line_starts: Vec<usize> = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
    let line_of = |offset: usize| line_starts.partition_point(|&s| s <= offset);
    let source = |range: std::ops::Range<usize>| text.get(range).unwrap_or_default();

    let mut blocks = Vec::new();
    // Nesting of lists and block quotes being skipped: a list becomes one paragraph of its source.
    let mut skip_depth = 0usize;
    let mut heading: Option<(u8, String, usize)> = None;
    let mut code: Option<(String, Loc)> = None;
    let mut table: Option<Table> = None;
    let mut row: Option<Row> = None;
    let mut cell: Option<(String, String)> = None;
    let mut row_source = "";

    for (event, range) in Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter() {
        if skip_depth > 0 {
            match event {
                Event::Start(Tag::List(_) | Tag::BlockQuote(_)) => skip_depth += 1,
                Event::End(TagEnd::List(_) | TagEnd::BlockQuote(_)) => skip_depth -= 1,
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::List(_) | Tag::BlockQuote(_)) => {
                let src: Vec<&str> = source(range.clone()).lines().map(str::trim_end).collect();
                let text = src.join("\n").trim().to_owned();
                blocks.push(Block::Paragraph { raw: text.clone(), text, loc: Loc::Line(line_of(range.start)) });
                skip_depth = 1;
            }
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((level as u8, String::new(), line_of(range.start)));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text, line)) = heading.take() {
                    blocks.push(Block::Heading { level, text: collapse_whitespace(&text), loc: Loc::Line(line) });
                }
            }
            Event::Start(Tag::Paragraph) if table.is_none() => {
                let text = collapse_whitespace(source(range.clone()));
                blocks.push(Block::Paragraph { raw: text.clone(), text, loc: Loc::Line(line_of(range.start)) });
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let first = match kind {
                    CodeBlockKind::Fenced(_) => line_of(range.start) + 1,
                    CodeBlockKind::Indented => line_of(range.start),
                };
                code = Some((String::new(), Loc::Line(first)));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((text, loc)) = code.take() {
                    blocks.push(Block::Code { text, loc, unclosed: false });
                }
            }
            Event::Start(Tag::Table(_)) => {
                table = Some(Table { header: Vec::new(), rows: Vec::new(), loc: Loc::Line(line_of(range.start)) });
            }
            Event::End(TagEnd::Table) => blocks.extend(table.take().map(Block::Table)),
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                row = Some(Row { cells: Vec::new(), raw: Vec::new(), loc: Loc::Line(line_of(range.start)) });
                row_source = source(range);
            }
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                if let (Some(t), Some(mut r)) = (table.as_mut(), row.take()) {
                    // pulldown-cmark pads short rows and drops extra cells; a page row must have every cell.
                    let written = source_cells(row_source);
                    if written.len() != r.cells.len() {
                        r.cells.clone_from(&written);
                        r.raw = written;
                    }
                    if t.header.is_empty() && t.rows.is_empty() {
                        t.header = r.cells;
                    } else {
                        t.rows.push(r);
                    }
                }
            }
            Event::Start(Tag::TableCell) => {
                cell = Some((String::new(), source(range).trim().replace("\\|", "|")));
            }
            Event::End(TagEnd::TableCell) => {
                if let (Some(r), Some((text, raw))) = (row.as_mut(), cell.take()) {
                    r.cells.push(collapse_whitespace(&text));
                    r.raw.push(collapse_whitespace(&raw));
                }
            }
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) | Event::Html(t) => {
                if let Some((text, _)) = code.as_mut() {
                    text.push_str(&t);
                } else if let Some((text, _)) = cell.as_mut() {
                    text.push_str(&t);
                } else if let Some((_, text, _)) = heading.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((text, _)) = cell.as_mut() {
                    text.push(' ');
                } else if let Some((_, text, _)) = heading.as_mut() {
                    text.push(' ');
                }
            }
            _ => {}
        }
    }
    blocks
}

/// The cells of a table row as written: split on pipes that are not escaped, outer pipes dropped.
fn source_cells(row: &str) -> Vec<String> {
    let row = row.trim();
    let row = row.strip_prefix('|').unwrap_or(row);
    let row = if row.ends_with('|') && !row.ends_with("\\|") { &row[..row.len() - 1] } else { row };
    let mut cells = Vec::new();
    let mut current = String::new();
    let mut escaped = false;
    for c in row.chars() {
        match c {
            '|' if !escaped => cells.push(collapse_whitespace(&std::mem::take(&mut current))),
            _ => current.push(c),
        }
        escaped = c == '\\' && !escaped;
    }
    cells.push(collapse_whitespace(&current));
    cells
}
