//! Plain-text pages, as a browser's "save as text" writes them: no headings, pipe tables without a leading pipe,
//! and the example request and response inline, found by `POST / HTTP/1.1` (or a `https://…?Action=` URL) and by
//! `{` + `"Response"`.

use crate::blocks::{Block, Row, Table, collapse_whitespace};
use crate::{Loc, RegenError};

/// Splits a page into blocks. `file` only names the page in errors.
pub(crate) fn parse(file: &str, text: &str) -> Result<Vec<Block>, RegenError> {
    let lines: Vec<&str> = text.lines().collect();
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim();
        if line.is_empty() {
            i += 1;
        } else if line.contains('|') && lines.get(i + 1).is_some_and(|next| is_separator(next)) {
            let header = split_row(line);
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
        } else if is_request_start(line) {
            let end = request_end(file, &lines, i)?;
            blocks.push(Block::Code { text: lines[i..end].join("\n"), loc: Loc::Line(i + 1) });
            i = end;
        } else if is_response_start(&lines, i) {
            let end = json_end(file, &lines, i)?;
            blocks.push(Block::Code { text: lines[i..end].join("\n"), loc: Loc::Line(i + 1) });
            i = end;
        } else {
            blocks.push(Block::Paragraph { text: collapse_whitespace(line), loc: Loc::Line(i + 1) });
            i += 1;
        }
    }
    Ok(blocks)
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

pub(crate) fn is_request_start(line: &str) -> bool {
    line.starts_with("POST / ")
        || line.starts_with("GET / ")
        || ((line.starts_with("https://") || line.starts_with("http://")) && line.contains("?Action="))
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
/// or `&Name=value` continuation lines for a GET URL.
fn request_end(file: &str, lines: &[&str], start: usize) -> Result<usize, RegenError> {
    let first = lines[start].trim();
    let mut i = start + 1;
    if !first.starts_with("POST ") {
        while lines.get(i).is_some_and(|l| l.trim().starts_with('&')) {
            i += 1;
        }
        return Ok(i);
    }
    while let Some(line) = lines.get(i).map(|l| l.trim()) {
        let header = line.split_once(':').is_some_and(|(k, _)| !k.is_empty() && !k.contains(' ') && !k.contains('"'));
        if line.is_empty() || header || line.starts_with('<') || line.starts_with("&<") {
            i += 1;
        } else {
            break;
        }
    }
    if lines.get(i).is_some_and(|l| l.trim().starts_with('{')) && !is_response_start(lines, i) {
        return json_end(file, lines, i);
    }
    Ok(i)
}

/// The line after the JSON value that starts on line `start`, by counting braces and brackets outside strings.
/// The value itself is parsed later, where a syntax error can be reported with its line.
pub(crate) fn json_end(file: &str, lines: &[&str], start: usize) -> Result<usize, RegenError> {
    let mut depth: usize = 0;
    let mut in_string = false;
    let mut escaped = false;
    for (i, line) in lines.iter().enumerate().skip(start) {
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
                        return Ok(i + 1);
                    }
                }
                _ => {}
            }
        }
        // A string never spans lines in these examples; an unclosed quote would swallow the rest of the page.
        in_string = false;
        escaped = false;
    }
    Err(RegenError::new(
        file,
        Loc::Line(start + 1),
        "the JSON example starting here never closes: expected matching `}` before the end of the page",
    ))
}
