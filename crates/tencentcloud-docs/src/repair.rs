//! Example JSON as the pages print it, repaired only where a rule is certain: a comma dropped at a line end, a
//! trailing comma, a raw control character inside a string, brackets left open at the end. Each repair is counted
//! by rule; anything else is a syntax error the caller reports (the example then stays unparsed).

use serde_json::Value;

use crate::defect::Defect;

/// A parsed example and the repairs it needed, each with the 0-based line of the page block it was made on.
#[derive(Debug)]
pub(crate) struct Repaired {
    pub value: Value,
    pub repairs: Vec<(Defect, usize)>,
}

/// Why example JSON could not be read even after the certain repairs.
#[derive(Debug)]
pub(crate) struct JsonFailure {
    /// 0-based line within the block, 1-based column.
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// [`Defect::ProseInJson`] when the line serde_json stopped at reads as prose, else [`Defect::BrokenJson`].
    pub defect: Defect,
}

/// At most this many repairs per example: pages with many dropped commas exist (96 in one service), but a block
/// that needs more is not an example with slips.
const MAX_REPAIRS: usize = 1_000;

pub(crate) fn parse_json(text: &str) -> Result<Repaired, JsonFailure> {
    let mut text = text.to_owned();
    let mut repairs = Vec::new();
    loop {
        let err = match serde_json::from_str::<Value>(&text) {
            Ok(value) => return Ok(Repaired { value, repairs }),
            Err(e) => e,
        };
        let message = err.to_string();
        let at = offset_of(&text, err.line(), err.column());
        let repair = if repairs.len() >= MAX_REPAIRS {
            None
        } else if message.starts_with("expected `,` or `}`") || message.starts_with("expected `,` or `]`") {
            missing_comma_at(&text, at).map(|i| {
                text.insert(i, ',');
                Defect::MissingComma
            })
        } else if message.starts_with("trailing comma") {
            trailing_comma_before(&text, at).map(|i| {
                text.remove(i);
                Defect::TrailingComma
            })
        } else if message.starts_with("control character") {
            control_character_near(&text, at).map(|(i, c)| {
                let escaped = match c {
                    '\n' => "\\n".to_owned(),
                    '\r' => "\\r".to_owned(),
                    '\t' => "\\t".to_owned(),
                    c => format!("\\u{:04x}", c as u32),
                };
                text.replace_range(i..i + c.len_utf8(), &escaped);
                Defect::ControlCharacter
            })
        } else if message.starts_with("EOF while parsing") {
            closers(&text).map(|closers| {
                text.push('\n');
                text.push_str(&closers);
                Defect::MissingBracket
            })
        } else {
            None
        };
        match repair {
            Some(defect) => repairs.push((defect, err.line().saturating_sub(1))),
            None => {
                let message = match message.rfind(" at line ") {
                    Some(i) => message[..i].to_owned(),
                    None => message,
                };
                let line = err.line().saturating_sub(1);
                let defect = if reads_as_prose(text.lines().nth(line).unwrap_or_default()) {
                    Defect::ProseInJson
                } else {
                    Defect::BrokenJson
                };
                return Err(JsonFailure { line, column: err.column(), message, defect });
            }
        }
    }
}

/// The byte offset of serde_json's (1-based line, column) position.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start =
        if line <= 1 { 0 } else { text.match_indices('\n').nth(line - 2).map_or(text.len(), |(i, _)| i + 1) };
    let mut at = (line_start + column.saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Where a comma belongs when the token serde_json stopped at starts a new line: right after the value before it.
fn missing_comma_at(text: &str, at: usize) -> Option<usize> {
    let before = text.get(..at)?;
    let value_end = before.trim_end().len();
    before[value_end..].contains('\n').then_some(value_end)
}

/// The comma before the `}` or `]` serde_json stopped at.
fn trailing_comma_before(text: &str, at: usize) -> Option<usize> {
    let before = text.get(..at)?;
    let trimmed = before.trim_end_matches(|c: char| c.is_whitespace() || c == '}' || c == ']');
    let trimmed = if trimmed.len() == before.len() { before.trim_end() } else { trimmed };
    trimmed.ends_with(',').then(|| trimmed.len() - 1)
}

/// The control character serde_json complained about: at or just before its position.
fn control_character_near(text: &str, at: usize) -> Option<(usize, char)> {
    let from = text[..at].char_indices().rev().nth(1).map_or(0, |(i, _)| i);
    text[from..].char_indices().find(|(_, c)| c.is_control()).map(|(i, c)| (from + i, c))
}

/// The brackets still open at the end of `text` (outside strings), closed innermost first; `None` when the text
/// ends inside a string or nothing is open.
fn closers(text: &str) -> Option<String> {
    let mut open = Vec::new();
    let mut in_string = false;
    let mut escaped = false;
    for c in text.chars() {
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
            '{' => open.push('}'),
            '[' => open.push(']'),
            '}' | ']' if open.pop() != Some(c) => return None,
            _ => {}
        }
    }
    (!in_string && !open.is_empty()).then(|| open.iter().rev().collect())
}

/// A line that is no JSON token: words where a member or value should be (`Operation Department`).
fn reads_as_prose(line: &str) -> bool {
    let line = line.trim();
    let json_start = line.starts_with(['"', '{', '}', '[', ']', '-', ',', ':'])
        || line.starts_with(|c: char| c.is_ascii_digit())
        || ["true", "false", "null"].iter().any(|w| line.starts_with(w));
    !line.is_empty() && !json_start && line.chars().any(char::is_alphabetic)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(text: &str) -> (Value, Vec<Defect>) {
        let r = parse_json(text).unwrap();
        (r.value, r.repairs.into_iter().map(|(d, _)| d).collect())
    }

    #[test]
    fn puts_back_commas_missing_at_line_ends_only() {
        let (v, n) = rules("{\n\"A\": \"x\"\n\"B\": [1\n2],\n\"C\": {}\n}");
        assert_eq!(n, [Defect::MissingComma, Defect::MissingComma]);
        assert_eq!(v, serde_json::json!({"A": "x", "B": [1, 2], "C": {}}));
        let e = parse_json("{\n\"A\": \"x\" \"B\": 1\n}").unwrap_err();
        assert_eq!((e.line, e.defect), (1, Defect::BrokenJson));
        assert!(e.message.contains("expected `,`"), "{}", e.message);
        assert!(parse_json("{\n\"A\": tru\n}").is_err());
    }

    #[test]
    fn removes_trailing_commas_and_escapes_control_characters() {
        let (v, n) = rules("{\n\"A\": [1, 2,],\n\"B\": 1,\n}");
        assert_eq!(n, [Defect::TrailingComma, Defect::TrailingComma]);
        assert_eq!(v, serde_json::json!({"A": [1, 2], "B": 1}));
        let (v, n) = rules("{\"A\": \"one\ttwo\"}");
        assert_eq!(n, [Defect::ControlCharacter]);
        assert_eq!(v["A"], "one\ttwo");
        let (v, n) = rules("{\"A\": \"line one\nline two\"}");
        assert_eq!(n, [Defect::ControlCharacter]);
        assert_eq!(v["A"], "line one\nline two");
    }

    #[test]
    fn closes_brackets_left_open_at_the_end() {
        let (v, n) = rules("{\n\"Response\": {\n\"A\": [1, 2]\n");
        assert_eq!(n, [Defect::MissingBracket]);
        assert_eq!(v, serde_json::json!({"Response": {"A": [1, 2]}}));
        // Mismatched brackets are no certain repair.
        assert!(parse_json("{\n\"A\": [1}\n").is_err());
    }

    #[test]
    fn a_prose_line_is_told_apart() {
        let e = parse_json("{\n\"Key\": \"a\",\nOperation Department\n}").unwrap_err();
        assert_eq!((e.line, e.defect), (2, Defect::ProseInJson));
    }
}
