//! Examples: finding each example's request and response among a page's blocks, turning GET URLs into request
//! bodies, and checking every member an example uses against the tables. Parsing the JSON is `repair.rs`.

use std::collections::HashMap;

use serde_json::{Map, Value};
use tencentcloud_spec::{MemberSpec, Scalar, TypeRef};

use crate::Loc;
use crate::blocks::Block;
use crate::defect::{Defect, Finding, Remedy};
use crate::markup::to_commonmark;

/// The first line of an example request: `POST / HTTP/1.1`, `GET / ...` or a URL carrying `?Action=`.
pub(crate) fn is_request_start(line: &str) -> bool {
    line.starts_with("POST / ")
        || line.starts_with("GET / ")
        || ((line.starts_with("https://") || line.starts_with("http://")) && line.contains("?Action="))
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ExampleInput {
    /// A POST body, not yet parsed; `loc` is its first line.
    Json { text: String, loc: Loc },
    /// A GET URL's `Name=value` pairs, common parameters removed.
    Query { pairs: Vec<(String, String)>, loc: Loc },
}

/// An example request as the page prints it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawRequest {
    /// The whole block: request line, headers and body, or the URL.
    pub text: String,
    pub loc: Loc,
    /// The body never closed on the page (see [`Block::Code`]).
    pub unclosed: bool,
    pub headers: Vec<(String, String)>,
    pub input: ExampleInput,
}

/// An example response as the page prints it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawResponse {
    pub text: String,
    pub loc: Loc,
    pub unclosed: bool,
}

/// One documented example; the request or the response may be missing on a defective page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawExample {
    pub title: String,
    pub description: Option<String>,
    pub request: Option<RawRequest>,
    pub response: Option<RawResponse>,
}

/// Examples follow the response table: an optional heading (the title) and prose (the description), then the
/// request code block and the response code block. A request with no response, or a response with no request,
/// is still an example: the caller keeps it unparsed and warns.
pub(crate) fn examples(blocks: &[Block], findings: &mut Vec<Finding>) -> Vec<RawExample> {
    let mut out: Vec<RawExample> = Vec::new();
    let mut title: Option<String> = None;
    let mut prose: Vec<String> = Vec::new();
    let mut pending: Option<RawExample> = None;
    let push = |out: &mut Vec<RawExample>, mut ex: RawExample| {
        if ex.title.is_empty() {
            ex.title = format!("Example{}", out.len() + 1);
        }
        out.push(ex);
    };
    for b in blocks {
        match b {
            Block::Heading { level, text, .. } if *level >= 3 => {
                let lower = text.to_ascii_lowercase();
                if lower != "input example" && lower != "output example" {
                    title = Some(text.clone());
                    prose.clear();
                }
            }
            Block::Heading { .. } | Block::Table(_) => {
                title = None;
                prose.clear();
            }
            Block::Paragraph { raw, loc, .. } => {
                let converted = to_commonmark(raw);
                if converted.had_markup {
                    findings.push(markup_finding(loc, "an example's description"));
                }
                prose.push(converted.text);
            }
            Block::Code { text, loc, unclosed } => {
                let first = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or_default();
                let description = (!prose.is_empty()).then(|| prose.join("\n\n"));
                if is_request_start(first) || first.starts_with("https://") || first.starts_with("http://") {
                    if let Some(p) = pending.take() {
                        push(&mut out, p);
                    }
                    let (headers, input) = example_input(text, loc);
                    let request =
                        RawRequest { text: text.clone(), loc: loc.clone(), unclosed: *unclosed, headers, input };
                    pending = Some(RawExample {
                        title: title.take().unwrap_or_default(),
                        description,
                        request: Some(request),
                        response: None,
                    });
                } else {
                    let response = RawResponse { text: text.clone(), loc: loc.clone(), unclosed: *unclosed };
                    let ex = match pending.take() {
                        Some(mut p) => {
                            p.response = Some(response);
                            p
                        }
                        // A body with no request line, then the enveloped response: the body is the request.
                        None if !has_envelope(text) && next_is_envelope(rest_of(blocks, b)) => {
                            findings.push(Finding::new(
                                loc,
                                Defect::BareRequestBody,
                                Remedy::Repaired,
                                "example request body without its `POST / HTTP/1.1` line: read as the request \
                                 of the response after it",
                            ));
                            let input = ExampleInput::Json { text: text.clone(), loc: loc.clone() };
                            let request = RawRequest {
                                text: text.clone(),
                                loc: loc.clone(),
                                unclosed: *unclosed,
                                headers: Vec::new(),
                                input,
                            };
                            pending = Some(RawExample {
                                title: title.take().unwrap_or_default(),
                                description,
                                request: Some(request),
                                response: None,
                            });
                            prose.clear();
                            continue;
                        }
                        None => RawExample {
                            title: title.take().unwrap_or_default(),
                            description,
                            request: None,
                            response: Some(response),
                        },
                    };
                    push(&mut out, ex);
                }
                prose.clear();
            }
        }
    }
    if let Some(p) = pending {
        push(&mut out, p);
    }
    out
}

/// The blocks after `b` (which is one of `blocks`).
fn rest_of<'a>(blocks: &'a [Block], b: &Block) -> &'a [Block] {
    let at = blocks.iter().position(|x| std::ptr::eq(x, b)).map_or(blocks.len(), |i| i + 1);
    &blocks[at..]
}

/// The next block is a code block holding an enveloped response (prose in between is allowed).
fn next_is_envelope(rest: &[Block]) -> bool {
    rest.iter()
        .find_map(|b| match b {
            Block::Code { text, .. } => Some(has_envelope(text)),
            Block::Table(_) | Block::Heading { .. } => Some(false),
            Block::Paragraph { .. } => None,
        })
        .unwrap_or(false)
}

/// `{"Response": ...}`: the first member of the JSON text is `"Response"`.
fn has_envelope(text: &str) -> bool {
    text.trim_start().strip_prefix('{').is_some_and(|rest| rest.trim_start().starts_with("\"Response\""))
}

pub(crate) fn markup_finding(loc: &Loc, what: &str) -> Finding {
    Finding::new(loc, Defect::HtmlMarkup, Remedy::Converted, format!("HTML in {what}, written as Markdown"))
}

/// Splits an example request into its extra `X-TC-*` headers and its body (POST) or parameters (GET).
fn example_input(text: &str, loc: &Loc) -> (Vec<(String, String)>, ExampleInput) {
    let lines: Vec<&str> = text.lines().collect();
    let first = lines.iter().position(|l| !l.trim().is_empty()).unwrap_or(0);
    if !lines.get(first).is_some_and(|l| l.trim().starts_with("POST ")) {
        let url: String = lines.iter().map(|l| l.trim()).collect();
        let query = url.split_once('?').map(|(_, q)| q).unwrap_or_default();
        let pairs = query
            .split('&')
            .map(str::trim)
            .filter(|p| !p.is_empty() && !p.starts_with('<'))
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (percent_decode(k), percent_decode(v))
            })
            .filter(|(k, _)| !matches!(k.as_str(), "Action" | "Version" | "Region"))
            .collect();
        return (Vec::new(), ExampleInput::Query { pairs, loc: loc.clone() });
    }
    let mut headers = Vec::new();
    let mut body_at = None;
    for (i, line) in lines.iter().enumerate().skip(first + 1) {
        let line = line.trim();
        if line.starts_with('{') {
            body_at = Some((i, ""));
            break;
        }
        if let Some((placeholder, _)) = line.split_once(">{").filter(|_| line.starts_with('<')) {
            // `<Common Request Parameters>{`: the body starts after the placeholder.
            body_at = Some((i, &line[..placeholder.len() + 1]));
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            let k = k.trim();
            // `get`, not `[..5]`: a page's header name may put a multi-byte character across byte 5.
            let tc_header = k.len() > 5 && k.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("X-TC-"));
            if tc_header && !k.eq_ignore_ascii_case("X-TC-Action") {
                headers.push((k.to_owned(), v.trim().to_owned()));
            }
        }
    }
    let input = match body_at {
        Some((i, placeholder)) => {
            let mut text = lines[i..].join("\n");
            text.drain(..text.find(placeholder).map_or(0, |at| at + placeholder.len()));
            ExampleInput::Json { text, loc: loc.plus_lines(i) }
        }
        None => ExampleInput::Json { text: "{}".to_owned(), loc: loc.clone() },
    };
    (headers, input)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, ..) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `Filters.0.Name=zone` style GET parameters as the JSON body a POST would carry. Values stay strings here;
/// [`coerce`] gives them the members' types afterwards.
/// A parameter given twice is [`Defect::RepeatedQueryParameter`]; paths that contradict each other are
/// [`Defect::QueryShape`].
pub(crate) fn query_to_json(pairs: &[(String, String)]) -> Result<Value, (Defect, String)> {
    let shape = |m: String| (Defect::QueryShape, m);
    let mut root = Value::Object(Map::new());
    for (key, value) in pairs {
        let segments: Vec<&str> = key.split('.').collect();
        if segments.len() > 32 || segments.iter().any(|s| s.is_empty()) {
            return Err(shape(format!(
                "parameter {key:?}: expected names and indexes separated by dots, like Filters.0.Name"
            )));
        }
        let mut slot = &mut root;
        for seg in &segments {
            slot = match seg.parse::<usize>() {
                Ok(index) => {
                    if index > 1000 {
                        return Err(shape(format!(
                            "parameter {key:?}: index {index} is too large: expected at most 1000"
                        )));
                    }
                    if slot.is_null() {
                        *slot = Value::Array(Vec::new());
                    }
                    let Value::Array(items) = slot else {
                        return Err(shape(format!("parameter {key:?}: {seg} indexes something that is not a list")));
                    };
                    if items.len() <= index {
                        items.resize(index + 1, Value::Null);
                    }
                    &mut items[index]
                }
                Err(_) => {
                    if slot.is_null() {
                        *slot = Value::Object(Map::new());
                    }
                    let Value::Object(map) = slot else {
                        return Err(shape(format!(
                            "parameter {key:?}: {seg} names a member of something that is not an object"
                        )));
                    };
                    map.entry(seg.to_string()).or_insert(Value::Null)
                }
            };
        }
        if !slot.is_null() {
            return Err((Defect::RepeatedQueryParameter, format!("parameter {key:?} is given twice")));
        }
        *slot = Value::String(value.clone());
    }
    Ok(root)
}

/// The members of each data type, by type name.
pub(crate) type TypeMembers<'a> = HashMap<&'a str, &'a [MemberSpec]>;

/// Gives GET parameter values (all strings) the types their members declare: `"10"` becomes 10 for an Integer.
pub(crate) fn coerce(value: &mut Value, members: &[MemberSpec], types: &TypeMembers<'_>) {
    let Value::Object(map) = value else { return };
    for (key, v) in map.iter_mut() {
        if let Some(m) = members.iter().find(|m| &m.name == key) {
            coerce_value(v, &m.type_ref, types);
        }
    }
}

fn coerce_value(value: &mut Value, type_ref: &TypeRef, types: &TypeMembers<'_>) {
    match (type_ref, &mut *value) {
        (TypeRef::Array(inner), Value::Array(items)) => items.iter_mut().for_each(|v| coerce_value(v, inner, types)),
        (TypeRef::Named(name), Value::Object(_)) => {
            if let Some(members) = types.get(name.as_str()) {
                coerce(value, members, types);
            }
        }
        (TypeRef::Scalar(scalar), Value::String(s)) => {
            let typed = match scalar {
                Scalar::Integer => s.parse::<i64>().ok().map(Value::from),
                Scalar::Float => s.parse::<f64>().ok().and_then(|f| serde_json::Number::from_f64(f).map(Value::Number)),
                Scalar::Boolean => s.parse::<bool>().ok().map(Value::Bool),
                _ => None,
            };
            if let Some(typed) = typed {
                *value = typed;
            }
        }
        _ => {}
    }
}

/// What an example request does against its tables beyond undocumented members: a required member it leaves out
/// ([`Defect::MissingRequiredMember`]) and a value whose JSON kind the member's type does not accept
/// ([`Defect::ExampleTypeMismatch`]), as (JSON path, class, message). The accepted kinds are the sandbox's: a number
/// or boolean may come as a string read by `api_facts::ScalarText::Strict`, a Timestamp as a string or an integer.
pub(crate) fn request_defects(
    value: &Map<String, Value>,
    members: &[MemberSpec],
    types: &TypeMembers<'_>,
    path: &str,
    out: &mut Vec<(String, Defect, String)>,
) {
    for m in members {
        let at = format!("{path}.{}", m.name);
        match value.get(&m.name) {
            None | Some(Value::Null) if m.required => {
                out.push((at, Defect::MissingRequiredMember, format!("required member {:?} is missing", m.name)))
            }
            None | Some(Value::Null) => {}
            Some(v) => request_value_defects(v, &m.type_ref, types, &at, out),
        }
    }
}

fn request_value_defects(
    value: &Value,
    type_ref: &TypeRef,
    types: &TypeMembers<'_>,
    path: &str,
    out: &mut Vec<(String, Defect, String)>,
) {
    let fits = match (type_ref, value) {
        (TypeRef::Array(inner), Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                request_value_defects(item, inner, types, &format!("{path}[{i}]"), out);
            }
            return;
        }
        (TypeRef::Named(name), Value::Object(map)) => {
            if let Some(members) = types.get(name.as_str()) {
                request_defects(map, members, types, path, out);
            }
            return;
        }
        (TypeRef::Scalar(scalar), v) => {
            tencentcloud_spec::api_facts::scalar_json_fits(*scalar, v, tencentcloud_spec::api_facts::ScalarText::Strict)
        }
        _ => false,
    };
    if !fits {
        out.push((
            path.to_owned(),
            Defect::ExampleTypeMismatch,
            format!("{value} does not fit the member's type {type_ref}"),
        ));
    }
}

/// Every member an example uses that the tables do not document, as (JSON path, message).
pub(crate) fn undocumented_members(
    value: &Map<String, Value>,
    members: &[MemberSpec],
    owner: &str,
    types: &TypeMembers<'_>,
    path: &str,
    out: &mut Vec<(String, String)>,
) {
    for (key, v) in value {
        let at = format!("{path}.{key}");
        match members.iter().find(|m| &m.name == key) {
            Some(m) => check_value(v, &m.type_ref, types, &at, out),
            None => out.push((at, format!("member {key:?} is not documented in {owner}"))),
        }
    }
}

fn check_value(
    value: &Value,
    type_ref: &TypeRef,
    types: &TypeMembers<'_>,
    path: &str,
    out: &mut Vec<(String, String)>,
) {
    match (type_ref, value) {
        (TypeRef::Array(inner), Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                check_value(item, inner, types, &format!("{path}[{i}]"), out);
            }
        }
        (TypeRef::Named(name), Value::Object(map)) => {
            if let Some(members) = types.get(name.as_str()) {
                undocumented_members(map, members, &format!("data type {name}"), types, path, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_parameters_become_nested_json() {
        let pairs = [("Filters.0.Name", "zone"), ("Filters.0.Values.1", "b"), ("Limit", "10")]
            .map(|(k, v)| (k.to_owned(), v.to_owned()));
        let v = query_to_json(&pairs).unwrap();
        assert_eq!(v, serde_json::json!({"Filters": [{"Name": "zone", "Values": [null, "b"]}], "Limit": "10"}));
        let twice = [("A", "1"), ("A", "2")].map(|(k, v)| (k.to_owned(), v.to_owned()));
        assert_eq!(query_to_json(&twice).unwrap_err().0, Defect::RepeatedQueryParameter);
        let shape = [("A.0.B", "1"), ("A.C", "2")].map(|(k, v)| (k.to_owned(), v.to_owned()));
        assert_eq!(query_to_json(&shape).unwrap_err().0, Defect::QueryShape);
    }
}
