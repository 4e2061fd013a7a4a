//! The served specs, indexed for routing: which action of which service and version a request names, and the
//! response the action's documentation shows for it.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde_json::{Map, Value};
use tencentcloud_spec::{ActionSpec, ExampleSpec, MemberSpec, Scalar, Service, SpecErrors, TypeRef};

use crate::SandboxError;

pub(crate) struct Catalog {
    pub(crate) services: Vec<Service>,
    /// Every action name any service defines, for [`Catalog::knows_action`] on every request.
    action_names: HashSet<String>,
    /// Indexes into `services`, so routing a request costs a few hash lookups rather than scans of every service
    /// and of a service's hundreds of actions: the first service with each (lowercase) domain, ...
    by_domain: HashMap<String, usize>,
    /// ... each service's versions in the order served, ...
    by_name: HashMap<String, Vec<usize>>,
    /// ... and each service version's actions by name (an index into its `actions`).
    actions: Vec<HashMap<String, usize>>,
}

impl Catalog {
    pub(crate) fn new(services: Vec<Service>) -> Self {
        let action_names = services.iter().flat_map(|s| s.actions.iter().map(|a| a.name.clone())).collect();
        let mut by_domain = HashMap::new();
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (index, service) in services.iter().enumerate() {
            by_domain.entry(service.spec.domain.to_ascii_lowercase()).or_insert(index);
            by_name.entry(service.spec.service.clone()).or_default().push(index);
        }
        let actions = services
            .iter()
            .map(|s| {
                let mut names = HashMap::new();
                for (index, action) in s.actions.iter().enumerate() {
                    names.entry(action.name.clone()).or_insert(index);
                }
                names
            })
            .collect();
        Catalog { services, action_names, by_domain, by_name, actions }
    }

    pub(crate) fn load(root: &Path) -> Result<Vec<Service>, SpecErrors> {
        tencentcloud_spec::load_service_tree(root)
    }

    /// The service a request is for. The Host names it when it is a real domain; behind an endpoint override
    /// (Host `127.0.0.1:port`) the credential scope of the signature does.
    pub(crate) fn service_name<'a>(&'a self, host: Option<&str>, scope_service: &'a str) -> &'a str {
        let host = host.map(|h| h.rsplit_once(':').map_or(h, |(name, _)| name));
        let index =
            host.and_then(|h| self.by_domain.get(h).or_else(|| self.by_domain.get(&h.to_ascii_lowercase())).copied());
        index.and_then(|i| self.services.get(i)).map_or(scope_service, |s| s.spec.service.as_str())
    }

    /// Whether any served service defines an action of this name.
    pub(crate) fn knows_action(&self, name: &str) -> bool {
        self.action_names.contains(name)
    }

    /// Finds `action` at `version` in `service`.
    pub(crate) fn resolve(
        &self,
        service: &str,
        action: &str,
        version: &str,
    ) -> Result<(&Service, &ActionSpec), SandboxError> {
        let versions: &[usize] = self.by_name.get(service).map_or(&[], Vec::as_slice);
        if versions.is_empty() {
            let served: Vec<&str> = self.services.iter().map(|s| s.spec.service.as_str()).collect();
            return Err(SandboxError::new(
                "InvalidAction",
                format!(
                    "The action `{action}` is not found: the service `{service}` named by the credential scope is not \
                     served here (served: {}).",
                    served.join(", ")
                ),
            ));
        }
        let with_action: Vec<(&Service, &ActionSpec)> = versions
            .iter()
            .filter_map(|&i| {
                let service = self.services.get(i)?;
                Some((service, service.actions.get(*self.actions.get(i)?.get(action)?)?))
            })
            .collect();
        if with_action.is_empty() {
            return Err(SandboxError::new(
                "InvalidAction",
                format!("The action `{action}` is not found in service `{service}`."),
            ));
        }
        if let Some(found) = with_action.iter().find(|(s, _)| s.spec.version == version) {
            return Ok(*found);
        }
        let known: Vec<&str> = with_action.iter().map(|(s, _)| s.spec.version.as_str()).collect();
        Err(SandboxError::new(
            "NoSuchVersion",
            format!(
                "The API version `{version}` of `{action}` does not exist; service `{service}` has version {}.",
                known.join(", ")
            ),
        ))
    }
}

/// The response members for a request: those of the first example whose request equals it and whose extra
/// headers (`X-TC-Language: zh-CN`) the request carries too, preferring one that needs no extra header; else
/// the first example; else made up from the response spec so clients still have something to decode.
pub(crate) fn example_response<'h>(
    service: &Service,
    action: &ActionSpec,
    request: &Value,
    header: impl Fn(&str) -> Option<&'h str>,
) -> Map<String, Value> {
    let headers_match = |e: &ExampleSpec| {
        e.headers
            .iter()
            .all(|(name, value)| header(&name.to_ascii_lowercase()).is_some_and(|v| v.trim() == value.trim()))
    };
    let same_request = || action.examples.iter().filter(|e| same_value(&e.request, request));
    let example = same_request()
        .find(|e| !e.headers.is_empty() && headers_match(e))
        .or_else(|| same_request().find(|e| e.headers.is_empty()))
        .or_else(|| same_request().next())
        .or_else(|| action.examples.first());
    match example.and_then(|e| e.response.get("Response")) {
        Some(Value::Object(members)) => {
            // A documented member a success example leaves out is filled from the member's own example value
            // (the Chinese pages give one per member); without one it stays out, as the page shows it. An error
            // example stays as it is.
            let mut members = members.clone();
            let success = !members.contains_key("Error");
            for m in action.response.iter().filter(|m| success && m.name != "RequestId") {
                if !members.contains_key(&m.name)
                    && let Some(value) = m.example_value()
                {
                    members.insert(m.name.clone(), value);
                }
            }
            members
        }
        _ => placeholder_members(service, &action.response, 0),
    }
}

/// Equal as the endpoint reads them: a number or boolean equals a string holding it (the typed clients send
/// `1` where an example shows `"1"`), and a null member equals an absent one.
fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(a), Value::Object(b)) => {
            let present = |m: &Map<String, Value>| m.iter().filter(|(_, v)| !v.is_null()).count();
            present(a) == present(b)
                && a.iter().filter(|(_, v)| !v.is_null()).all(|(k, v)| b.get(k).is_some_and(|w| same_value(v, w)))
        }
        (Value::Array(a), Value::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(v, w)| same_value(v, w)),
        (Value::String(s), Value::Number(n)) | (Value::Number(n), Value::String(s)) => {
            s.trim().parse::<f64>().ok().zip(n.as_f64()).is_some_and(|(x, y)| x == y)
        }
        (Value::String(s), Value::Bool(b)) | (Value::Bool(b), Value::String(s)) => s.trim() == b.to_string(),
        _ => a == b,
    }
}

/// Depth guard against data types that contain themselves.
const MAX_DEPTH: usize = 8;

fn placeholder_members(service: &Service, members: &[MemberSpec], depth: usize) -> Map<String, Value> {
    members
        .iter()
        .filter(|m| m.name != "RequestId")
        .map(|m| (m.name.clone(), m.example_value().unwrap_or_else(|| placeholder(service, &m.type_ref, depth))))
        .collect()
}

fn placeholder(service: &Service, type_ref: &TypeRef, depth: usize) -> Value {
    match type_ref {
        TypeRef::Array(inner) if depth < MAX_DEPTH => Value::Array(vec![placeholder(service, inner, depth + 1)]),
        TypeRef::Array(_) => Value::Array(Vec::new()),
        TypeRef::Named(name) => match service.type_spec(name) {
            Some(spec) if depth < MAX_DEPTH => Value::Object(placeholder_members(service, &spec.members, depth + 1)),
            _ => Value::Object(Map::new()),
        },
        TypeRef::Scalar(Scalar::Integer | Scalar::Float) => Value::from(0),
        TypeRef::Scalar(Scalar::Boolean) => Value::Bool(false),
        TypeRef::Scalar(Scalar::Timestamp) => Value::from("2020-01-01 00:00:00"),
        TypeRef::Scalar(Scalar::TimestampIso8601) => Value::from("2020-01-01T00:00:00Z"),
        TypeRef::Scalar(Scalar::Date) => Value::from("2020-01-01"),
        TypeRef::Scalar(Scalar::String | Scalar::Binary) => Value::from(""),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::same_value;

    #[test]
    fn numbers_match_their_strings_and_null_matches_absent() {
        assert!(same_value(&json!({"A": "1", "B": [true], "C": null}), &json!({"B": ["true"], "A": 1})));
        assert!(same_value(&json!({"A": 1.5}), &json!({"A": "1.50"})));
        assert!(!same_value(&json!({"A": "1"}), &json!({"A": 2})));
        assert!(!same_value(&json!({"A": 1}), &json!({"A": 1, "B": 2})));
        assert!(!same_value(&json!(["x"]), &json!(["x", "y"])));
        assert!(!same_value(&json!("1"), &json!(true)));
    }
}
