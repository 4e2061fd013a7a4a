//! Plain-text pages, as a browser's "save as text" writes them: no headings, pipe tables without a leading pipe,
//! and the example request and response inline, found by `POST / HTTP/1.1` (or a `https://…?Action=` URL) and by
//! `{` + `"Response"`.

use crate::Loc;
use crate::blocks::{Block, Row, Table, collapse_whitespace};
use crate::example::is_request_start;

/// Splits a page into blocks. An example JSON block that never closes is cut at its last closing bracket before
/// the next request, table or the page's closing text, and marked `unclosed`.
pub(crate) fn parse(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().collect();
    let mut blocks = Vec::new();
    // After the response table, a JSON block is an example response even without the `"Response"` envelope.
    let mut in_examples = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim();
        if line.is_empty() {
            i += 1;
        } else if line.contains('|') && lines.get(i + 1).is_some_and(|next| is_separator(next)) {
            let header = split_row(line);
            in_examples |= header.len() == 3 && header[0].eq_ignore_ascii_case("Parameter Name");
            let mut rows = Vec::new();
            let mut j = i + 2;
            while let Some(row) = lines.get(j).map(|l| l.trim()) {
                // A row ends with `|`; a line followed by `---|` starts the next table instead.
                if !row.ends_with('|') || lines.get(j + 1).is_some_and(|next| is_separator(next)) {
                    break;
                }
                let cells = split_row(row);
                rows.push(Row { raw: cells.clone(), cells, loc: Loc::Line(j + 1) });
                j += 1;
            }
            blocks.push(Block::Table(Table { header, rows, loc: Loc::Line(i + 1) }));
            i = j;
        } else if request_starts(&lines, i) {
            let (end, unclosed) = request_end(&lines, i);
            blocks.push(Block::Code { text: lines[i..end].join("\n"), loc: Loc::Line(i + 1), unclosed });
            i = end;
        } else if is_response_start(&lines, i) || (in_examples && is_json_start(&lines, i)) {
            let (end, unclosed) = json_end(&lines, i);
            blocks.push(Block::Code { text: lines[i..end].join("\n"), loc: Loc::Line(i + 1), unclosed });
            i = end;
        } else {
            let text = collapse_whitespace(line);
            blocks.push(Block::Paragraph { raw: text.clone(), text, loc: Loc::Line(i + 1) });
            i += 1;
        }
    }
    blocks
}

/// `---|---|---|`: the line under a table header.
fn is_separator(line: &str) -> bool {
    let line = line.trim();
    line.contains('|') && line.contains("---") && line.chars().all(|c| matches!(c, '-' | '|' | ':' | ' '))
}

/// `Name | Type | Description |` into its cells. A row ends with `|`; a leading `|` (Markdown style) is allowed.
fn split_row(line: &str) -> Vec<String> {
    let line = line.trim();
    let line = line.strip_suffix('|').unwrap_or(line);
    let line = line.strip_prefix('|').unwrap_or(line);
    line.split('|').map(collapse_whitespace).collect()
}

/// An example request: `POST / HTTP/1.1`, a GET URL with `?Action=`, or a GET URL whose query starts on the next
/// line (`https://cvm.tencentcloudapi.com/` then `?Action=...`).
fn request_starts(lines: &[&str], i: usize) -> bool {
    let line = lines[i].trim();
    is_request_start(line)
        || ((line.starts_with("https://") || line.starts_with("http://"))
            && !line.contains(' ')
            && next_non_empty(lines, i).is_some_and(|next| next.starts_with("?Action=")))
}

fn next_non_empty<'a>(lines: &[&'a str], i: usize) -> Option<&'a str> {
    lines[i + 1..].iter().map(|l| l.trim()).find(|l| !l.is_empty())
}

/// `{` (or `[`) opening a JSON value: the line is `{`, or starts `{"`, or the next line starts a member.
fn is_json_start(lines: &[&str], i: usize) -> bool {
    let line = lines[i].trim();
    line.starts_with("{\"")
        || (line == "{" && next_non_empty(lines, i).is_some_and(|next| next.starts_with('"') || next.starts_with('}')))
}

/// `{"Response"` on one line, or `{` with `"Response"` opening the next non-empty line.
fn is_response_start(lines: &[&str], i: usize) -> bool {
    let line = lines[i].trim();
    if let Some(rest) = line.strip_prefix('{') {
        let rest = rest.trim_start();
        if rest.starts_with("\"Response\"") {
            return true;
        }
        if rest.is_empty() {
            return lines[i + 1..]
                .iter()
                .map(|l| l.trim())
                .find(|l| !l.is_empty())
                .is_some_and(|l| l.starts_with("\"Response\""));
        }
    }
    false
}

/// The line after an example request: headers, the common-parameters placeholder, then a JSON body for POST,
/// or `?`/`&Name=value` continuation lines for a GET URL; and whether the body never closed.
fn request_end(lines: &[&str], start: usize) -> (usize, bool) {
    let first = lines[start].trim();
    let mut i = start + 1;
    if !first.starts_with("POST ") {
        while lines.get(i).is_some_and(|l| {
            let l = l.trim();
            l.starts_with('&') || l.starts_with('?')
        }) {
            i += 1;
        }
        return (i, false);
    }
    while let Some(line) = lines.get(i).map(|l| l.trim()) {
        let header = line.split_once(':').is_some_and(|(k, _)| !k.is_empty() && !k.contains(' ') && !k.contains('"'));
        if line.starts_with('<') && line.contains(">{") {
            // `<Common Request Parameters>{`: the body starts on the placeholder's line.
            return json_end(lines, i);
        }
        if line.is_empty() || header || line.starts_with('<') || line.starts_with("&<") {
            i += 1;
        } else {
            break;
        }
    }
    if lines.get(i).is_some_and(|l| l.trim().starts_with('{')) && !is_response_start(lines, i) {
        return json_end(lines, i);
    }
    (i, false)
}

/// The line after the JSON value that starts on line `start`, by counting braces and brackets outside strings.
/// The value itself is parsed later, where a syntax error can be reported with its line. A value that never
/// closes ends at its last line starting with `}` or `]` before the next request, table or the page's closing
/// text; the flag says so.
pub(crate) fn json_end(lines: &[&str], start: usize) -> (usize, bool) {
    let mut depth: usize = 0;
    let mut in_string = false;
    let mut escaped = false;
    let mut stop = lines.len();
    for (i, line) in lines.iter().enumerate().skip(start) {
        if i > start && ends_json_search(lines, i) {
            stop = i;
            break;
        }
        for c in line.chars() {
            if in_string {
                match (escaped, c) {
                    (true, _) => escaped = false,
                    (false, '\\') => escaped = true,
                    (false, '"') => in_string = false,
                    _ => {}
                }
                continue;
            }
            match c {
                '"' => in_string = true,
                '{' | '[' => depth += 1,
                '}' | ']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return (i + 1, false);
                    }
                }
                _ => {}
            }
        }
        // A string never spans lines in these examples; an unclosed quote would swallow the rest of the page.
        in_string = false;
        escaped = false;
    }
    let last_close = (start + 1..stop).rev().find(|&i| lines[i].trim().starts_with(['}', ']']));
    (last_close.map_or(stop.min(start + 1), |i| i + 1), true)
}

/// Lines no example JSON runs into: the next example request, a table, the text that closes the examples.
fn ends_json_search(lines: &[&str], i: usize) -> bool {
    let line = lines[i].trim();
    request_starts(lines, i)
        || (line.contains('|') && lines.get(i + 1).is_some_and(|next| is_separator(next)))
        || line.starts_with("TencentCloud API 3.0 integrates SDKs")
}
