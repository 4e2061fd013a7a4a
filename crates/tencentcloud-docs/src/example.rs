//! Example requests and responses: parsing their JSON (repairing the one slip the published pages make),
//! turning GET URLs into request bodies, and checking every member an example uses against the tables.

use std::collections::HashMap;

use serde_json::{Map, Value};
use tencentcloud_spec::{MemberSpec, Scalar, TypeRef};

/// Several published examples drop the comma at the end of a line (`"Caller": "0086…"` then a new line with the
/// next member). Where serde_json expects a comma and the previous value ended a line, the comma is put back;
/// any other syntax error stands. Returns the value and how many commas were inserted, or the 0-based line,
/// 1-based column and message of the error.
pub(crate) fn parse_json(text: &str) -> Result<(Value, usize), (usize, usize, String)> {
    let mut text = text.to_owned();
    let mut repairs = 0;
    loop {
        let err = match serde_json::from_str::<Value>(&text) {
            Ok(v) => return Ok((v, repairs)),
            Err(e) => e,
        };
        let message = err.to_string();
        let comma_expected = message.starts_with("expected `,` or `}`") || message.starts_with("expected `,` or `]`");
        if comma_expected && repairs < 1_000 {
            if let Some(at) = missing_comma_at(&text, err.line(), err.column()) {
                text.insert(at, ',');
                repairs += 1;
                continue;
            }
        }
        let message = match message.rfind(" at line ") {
            Some(i) => message[..i].to_owned(),
            None => message,
        };
        return Err((err.line().saturating_sub(1), err.column(), message));
    }
}

/// Where a comma belongs when the token serde_json stopped at (line and column, 1-based) starts a new line.
fn missing_comma_at(text: &str, line: usize, column: usize) -> Option<usize> {
    let line_start = if line <= 1 { 0 } else { text.match_indices('\n').nth(line - 2)?.0 + 1 };
    let offset = (line_start + column.saturating_sub(1)).min(text.len());
    let before = text.get(..offset)?;
    let value_end = before.trim_end().len();
    before[value_end..].contains('\n').then_some(value_end)
}

/// `Filters.0.Name=zone` style GET parameters as the JSON body a POST would carry. Values stay strings here;
/// [`coerce`] gives them the members' types afterwards.
pub(crate) fn query_to_json(pairs: &[(String, String)]) -> Result<Value, String> {
    let mut root = Value::Object(Map::new());
    for (key, value) in pairs {
        let segments: Vec<&str> = key.split('.').collect();
        if segments.len() > 32 || segments.iter().any(|s| s.is_empty()) {
            return Err(format!(
                "parameter {key:?}: expected names and indexes separated by dots, like Filters.0.Name"
            ));
        }
        let mut slot = &mut root;
        for seg in &segments {
            slot = match seg.parse::<usize>() {
                Ok(index) => {
                    if index > 1000 {
                        return Err(format!("parameter {key:?}: index {index} is too large: expected at most 1000"));
                    }
                    if slot.is_null() {
                        *slot = Value::Array(Vec::new());
                    }
                    let Value::Array(items) = slot else {
                        return Err(format!("parameter {key:?}: {seg} indexes something that is not a list"));
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
                        return Err(format!(
                            "parameter {key:?}: {seg} names a member of something that is not an object"
                        ));
                    };
                    map.entry(seg.to_string()).or_insert(Value::Null)
                }
            };
        }
        if !slot.is_null() {
            return Err(format!("parameter {key:?} is given twice"));
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
    fn puts_back_commas_missing_at_line_ends_only() {
        let (v, n) = parse_json("{\n\"A\": \"x\"\n\"B\": [1\n2],\n\"C\": {}\n}").unwrap();
        assert_eq!(n, 2);
        assert_eq!(v, serde_json::json!({"A": "x", "B": [1, 2], "C": {}}));
        let (line, _, message) = parse_json("{\n\"A\": \"x\" \"B\": 1\n}").unwrap_err();
        assert_eq!(line, 1);
        assert!(message.contains("expected `,`"), "{message}");
        assert!(parse_json("{\n\"A\": tru\n}").is_err());
    }

    #[test]
    fn query_parameters_become_nested_json() {
        let pairs = [("Filters.0.Name", "zone"), ("Filters.0.Values.1", "b"), ("Limit", "10")]
            .map(|(k, v)| (k.to_owned(), v.to_owned()));
        let v = query_to_json(&pairs).unwrap();
        assert_eq!(v, serde_json::json!({"Filters": [{"Name": "zone", "Values": [null, "b"]}], "Limit": "10"}));
        let twice = [("A", "1"), ("A", "2")].map(|(k, v)| (k.to_owned(), v.to_owned()));
        assert!(query_to_json(&twice).unwrap_err().contains("twice"));
    }
}
