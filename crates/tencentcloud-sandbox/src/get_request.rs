//! A request's parameters, from a POST's JSON body (or its multipart form, see `crate::multipart`, or an
//! octet-stream call's headers, see `crate::octet`) or from a GET's form-urlencoded query string read back into
//! the JSON shape the action's spec describes.
//!
//! The official SDKs flatten a GET's parameters (`Filters.0.Values.1=a`, `Placement.Zone=ap-guangzhou-1`) and
//! send every value as text. Reading them back follows the spec: a member whose type is an array takes the
//! numbered elements in order, a data type takes its members, and a scalar becomes the JSON value its type
//! names (`Limit=20` the integer 20, `DryRun=True` or `true` the boolean). Text that does not fit the type stays
//! text, so the ordinary validation refuses it with the member's path, as it does for a POST.

use serde_json::{Map, Value};
use tencentcloud_spec::api_facts::{ScalarText, boolean_from_text, float_from_text, integer_from_text};
use tencentcloud_spec::{ActionSpec, MemberSpec, Scalar, Service, TypeRef};

use crate::SandboxError;

/// The request's parameters as JSON: the body of a POST (JSON or a multipart form), the headers of an
/// octet-stream call, the query string of a GET. `header` looks a request header up by lowercase name.
pub(crate) fn parameters<'h>(
    service: &Service,
    action: &ActionSpec,
    is_get: bool,
    header: impl Fn(&str) -> Option<&'h str>,
    query: &str,
    body: &[u8],
) -> Result<Value, SandboxError> {
    if is_get {
        return from_query(service, action, query);
    }
    let content_type = header("content-type").unwrap_or_default();
    if has_media_type(content_type, crate::multipart::MEDIA_TYPE) {
        return crate::multipart::parameters(action, content_type, body);
    }
    if has_media_type(content_type, crate::octet::MEDIA_TYPE) {
        return Ok(crate::octet::parameters(action, header));
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(Map::new()));
    }
    serde_json::from_slice(body)
        .map_err(|e| SandboxError::invalid_parameter(format!("The request body is not valid JSON: {e}.")))
}

/// The flattened names, as a tree in the order they arrived.
enum Node {
    /// `None` only while being inserted.
    Leaf(Option<String>),
    Branch(Vec<(String, Node)>),
}

/// Deeper names than this are refused: no request type nests this far, and the tree is built recursively.
const MAX_SEGMENTS: usize = 32;

fn from_query(service: &Service, action: &ActionSpec, query: &str) -> Result<Value, SandboxError> {
    let mut root = Vec::new();
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let (name, value) = (decode(name)?, decode(value)?);
        let segments: Vec<&str> = name.split('.').collect();
        if segments.len() > MAX_SEGMENTS {
            return Err(SandboxError::invalid_parameter(format!(
                "The query parameter `{}...` nests deeper than {MAX_SEGMENTS} levels.",
                name.chars().take(40).collect::<String>()
            )));
        }
        insert(&mut root, &name, &segments, value)?;
    }
    Ok(Value::Object(members(service, Some(&action.request), root, "")?))
}

fn insert(level: &mut Vec<(String, Node)>, full: &str, segments: &[&str], value: String) -> Result<(), SandboxError> {
    let conflict = || SandboxError::invalid_parameter(format!("The query parameter `{full}` is given twice."));
    let Some((segment, rest)) = segments.split_first() else { return Err(conflict()) };
    let slot = match level.iter().position(|(name, _)| name == segment) {
        Some(i) => &mut level[i].1,
        None => {
            let node = if rest.is_empty() { Node::Leaf(None) } else { Node::Branch(Vec::new()) };
            level.push(((*segment).to_owned(), node));
            &mut level.last_mut().expect("just pushed").1
        }
    };
    match (slot, rest.is_empty()) {
        (Node::Branch(children), false) => insert(children, full, rest, value),
        (Node::Leaf(text @ None), true) => {
            *text = Some(value);
            Ok(())
        }
        _ => Err(conflict()),
    }
}

fn path(prefix: &str, name: &str) -> String {
    if prefix.is_empty() { name.to_owned() } else { format!("{prefix}.{name}") }
}

/// The members of an object; `specs` is `None` for a member the spec does not know (validation refuses it).
fn members(
    service: &Service,
    specs: Option<&[MemberSpec]>,
    nodes: Vec<(String, Node)>,
    prefix: &str,
) -> Result<Map<String, Value>, SandboxError> {
    let mut out = Map::new();
    for (name, node) in nodes {
        let type_ref = specs.and_then(|specs| specs.iter().find(|m| m.name == name)).map(|m| &m.type_ref);
        let value = typed(service, type_ref, node, &path(prefix, &name))?;
        out.insert(name, value);
    }
    Ok(out)
}

fn typed(service: &Service, type_ref: Option<&TypeRef>, node: Node, at: &str) -> Result<Value, SandboxError> {
    Ok(match (type_ref, node) {
        (Some(TypeRef::Array(inner)), Node::Branch(items)) => {
            let mut numbered = Vec::with_capacity(items.len());
            for (index, item) in items {
                let n = index.parse::<usize>().map_err(|_| {
                    SandboxError::invalid_parameter(format!(
                        "The query parameter `{}` must number the elements of `{at}` from 0.",
                        path(at, &index)
                    ))
                })?;
                numbered.push((n, item));
            }
            numbered.sort_by_key(|(n, _)| *n);
            let mut array = Vec::with_capacity(numbered.len());
            for (expected, (n, item)) in numbered.into_iter().enumerate() {
                if n != expected {
                    return Err(SandboxError::invalid_parameter(format!(
                        "The query parameter `{at}.{expected}` is missing: array elements are numbered from 0."
                    )));
                }
                array.push(typed(service, Some(inner), item, &path(at, &n.to_string()))?);
            }
            Value::Array(array)
        }
        (Some(TypeRef::Named(name)), Node::Branch(nodes)) => {
            let specs = service.type_spec(name).map(|spec| spec.members.as_slice());
            Value::Object(members(service, specs, nodes, at)?)
        }
        (type_ref, Node::Leaf(text)) => text_value(type_ref, text.unwrap_or_default()),
        (_, Node::Branch(nodes)) => Value::Object(members(service, None, nodes, at)?),
    })
}

/// The JSON value of a member sent as text (a GET's query, a multipart text part, an octet-stream call's
/// header): a number or boolean member's text read by the rule requests are validated by (`api_facts`); any
/// other text, or text that does not read, stays text for validation to refuse.
pub(crate) fn text_value(type_ref: Option<&TypeRef>, text: String) -> Value {
    let read = match type_ref {
        Some(TypeRef::Scalar(Scalar::Integer)) => integer_from_text(&text, ScalarText::Strict).map(Value::from),
        Some(TypeRef::Scalar(Scalar::Float)) => float_from_text(&text, ScalarText::Strict).map(Value::from),
        // The Python SDK sends booleans as `True`/`False`, the others as `true`/`false`.
        Some(TypeRef::Scalar(Scalar::Boolean)) => {
            boolean_from_text(&text.to_ascii_lowercase(), ScalarText::Strict).map(Value::Bool)
        }
        _ => None,
    };
    read.unwrap_or(Value::String(text))
}

/// Whether a `Content-Type` (or a part's) names `media`, whatever its parameters.
pub(crate) fn has_media_type(content_type: &str, media: &str) -> bool {
    content_type.split(';').next().unwrap_or_default().trim().eq_ignore_ascii_case(media)
}

/// Decodes `+` and `%XX` as a form-urlencoded name or value; the result must be UTF-8.
fn decode(text: &str) -> Result<String, SandboxError> {
    let bad = || {
        SandboxError::invalid_parameter(format!(
            "The query string is not form-urlencoded UTF-8 near `{}`.",
            text.chars().take(40).collect::<String>()
        ))
    };
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok()).ok_or_else(bad)?;
                out.push(u8::from_str_radix(hex, 16).map_err(|_| bad())?);
                i += 2;
            }
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| bad())
}

/// An action spec for a unit test: `service`'s action `Test` with these request members.
#[cfg(test)]
pub(crate) fn test_action(service: &str, request: Value) -> ActionSpec {
    serde_json::from_value(serde_json::json!({
        "name": "Test", "service": service, "version": "2020-01-01", "domain": format!("{service}.tencentcloudapi.com"),
        "region_required": false, "description": "", "request": request, "response": []
    }))
    .unwrap_or_else(|e| panic!("a test's action spec: {e}"))
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn get_request_query_decoding() {
        assert_eq!(decode("a+b%2B%E6%9C%AA~").unwrap(), "a b+未~");
        assert!(decode("%E6%9C").is_err(), "not UTF-8");
        assert!(decode("%4").is_err());
        assert!(decode("%zz").is_err());
    }
}
