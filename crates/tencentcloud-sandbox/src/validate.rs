//! Checks a request body against its action's spec, the way the real endpoint does: unknown members, missing
//! required members and values of the wrong JSON type are refused with the member's path (`Callees[0].Callee`).

use serde_json::{Map, Value};
use tencentcloud_spec::api_facts::{ScalarText, scalar_json_fits};
use tencentcloud_spec::{ActionSpec, MemberSpec, Scalar, Service, TypeRef};

use crate::SandboxError;

/// Validates a parsed request body. Null members count as absent, since SDKs send unset optionals either way.
pub(crate) fn validate_request(service: &Service, action: &ActionSpec, body: &Value) -> Result<(), SandboxError> {
    let Value::Object(members) = body else {
        return Err(SandboxError::invalid_parameter(format!(
            "The request body must be a JSON object of parameters, got {}.",
            kind_of(body)
        )));
    };
    check_members(service, &action.request, members, "")
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() { name.to_owned() } else { format!("{prefix}.{name}") }
}

fn check_members(
    service: &Service,
    specs: &[MemberSpec],
    members: &Map<String, Value>,
    prefix: &str,
) -> Result<(), SandboxError> {
    // A misspelt name reads better as "not recognized" than as the correct name missing.
    if let Some(unknown) = members.keys().find(|k| !specs.iter().any(|m| &m.name == *k)) {
        return Err(SandboxError::unknown_parameter(&join(prefix, unknown)));
    }
    for spec in specs {
        let path = join(prefix, &spec.name);
        match members.get(&spec.name) {
            None | Some(Value::Null) if spec.required => return Err(SandboxError::missing_parameter(&path)),
            None | Some(Value::Null) => {}
            Some(value) => check_value(service, &spec.type_ref, value, &path)?,
        }
    }
    Ok(())
}

fn check_value(service: &Service, type_ref: &TypeRef, value: &Value, path: &str) -> Result<(), SandboxError> {
    let fits = match (type_ref, value) {
        (TypeRef::Array(inner), Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                check_value(service, inner, item, &format!("{path}[{i}]"))?;
            }
            return Ok(());
        }
        (TypeRef::Named(name), Value::Object(members)) => {
            // The spec loader checked every named type exists; an unknown one would have failed at start.
            return match service.type_spec(name) {
                Some(spec) => check_members(service, &spec.members, members, path),
                None => Ok(()),
            };
        }
        // Numbers and booleans may come as strings holding one (`"InternetMaxBandwidthOut": "1"`): the documented
        // example requests do this and the real endpoint accepts them; regen checks the examples by the same rule.
        (TypeRef::Scalar(scalar), value) => scalar_json_fits(*scalar, value, ScalarText::Strict),
        _ => false,
    };
    if fits {
        Ok(())
    } else {
        Err(SandboxError::invalid_parameter(format!(
            "The value type of parameter `{path}` is incorrect: expected {}, got {}.",
            expected(type_ref),
            kind_of(value)
        )))
    }
}

fn expected(type_ref: &TypeRef) -> String {
    match type_ref {
        TypeRef::Scalar(Scalar::Integer) => "an Integer".into(),
        TypeRef::Scalar(Scalar::Timestamp) => "a Timestamp (string or integer)".into(),
        TypeRef::Scalar(s) => format!("a {} (JSON {})", s.as_str(), json_kind_for(*s)),
        TypeRef::Named(name) => format!("a {name} object"),
        TypeRef::Array(inner) => format!("an array of {inner}"),
    }
}

fn json_kind_for(scalar: Scalar) -> &'static str {
    match scalar {
        Scalar::Float => "number",
        Scalar::Boolean => "boolean",
        Scalar::Integer => "integer",
        _ => "string",
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a fractional number",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use serde_json::json;
    use tencentcloud_spec::{ServiceSpec, TypeSpec, Usage};

    use super::*;

    fn member(name: &str, ty: &str, required: bool) -> MemberSpec {
        MemberSpec {
            name: name.into(),
            type_ref: ty.parse().unwrap(),
            required,
            nullable: false,
            description: String::new(),
            example: None,
        }
    }

    fn fixture() -> (Service, ActionSpec) {
        let action = ActionSpec {
            comment: None,
            name: "CreateThing".into(),
            service: "svc".into(),
            version: "2020-01-01".into(),
            domain: "svc.tencentcloudapi.com".into(),
            region_required: false,
            rate_limit_per_second: None,
            streaming: None,
            description: String::new(),
            source: None,
            request: vec![
                member("SdkAppId", "Integer", true),
                member("Callees", "Array of Callee", false),
                member("Ratio", "Float", false),
                member("When", "Timestamp", false),
            ],
            response: vec![],
            errors: vec![],
            examples: vec![],
            unparsed_examples: vec![],
        };
        let callee = TypeSpec {
            comment: None,
            name: "Callee".into(),
            service: "svc".into(),
            version: "2020-01-01".into(),
            description: String::new(),
            used_by: vec![],
            usage: Usage::Input,
            source: None,
            members: vec![member("Callee", "String", true), member("Tags", "Array of String", false)],
        };
        let service = Service {
            dir: PathBuf::new(),
            spec: ServiceSpec {
                comment: None,
                service: "svc".into(),
                version: "2020-01-01".into(),
                domain: "svc.tencentcloudapi.com".into(),
                language: None,
            },
            actions: vec![action.clone()],
            types: vec![callee],
            files: vec![],
        };
        (service, action)
    }

    fn check(body: Value) -> Result<(), SandboxError> {
        let (service, action) = fixture();
        validate_request(&service, &action, &body)
    }

    #[test]
    fn accepts_a_good_body() {
        check(json!({"SdkAppId": 1, "Callees": [{"Callee": "1", "Tags": ["a"]}], "Ratio": 1, "When": "2020-01-01 00:00:00"}))
            .unwrap();
        check(json!({"SdkAppId": 1, "Ratio": 0.5, "When": 1700000000, "Callees": null})).unwrap();
        // Numbers as strings, as the documented examples send them.
        check(json!({"SdkAppId": "1", "Ratio": "0.5"})).unwrap();
    }

    #[test]
    fn names_the_member_path_of_each_problem() {
        let cases = [
            (json!({}), "MissingParameter", "`SdkAppId`"),
            (json!({"SdkAppId": null}), "MissingParameter", "`SdkAppId`"),
            (
                json!({"SdkAppId": "one"}),
                "InvalidParameter",
                "`SdkAppId` is incorrect: expected an Integer, got a string",
            ),
            (
                json!({"SdkAppId": true}),
                "InvalidParameter",
                "`SdkAppId` is incorrect: expected an Integer, got a boolean",
            ),
            (json!({"SdkAppId": 1, "Ratio": "fast"}), "InvalidParameter", "`Ratio`"),
            (json!({"SdkAppId": 1.5}), "InvalidParameter", "`SdkAppId`"),
            (json!({"SdkAppId": 1, "Callees": {}}), "InvalidParameter", "`Callees` is incorrect: expected an array"),
            (
                json!({"SdkAppId": 1, "Callees": [{"Callee": "a"}, {"Callee": 7}]}),
                "InvalidParameter",
                "`Callees[1].Callee`",
            ),
            (json!({"SdkAppId": 1, "Callees": [{}]}), "MissingParameter", "`Callees[0].Callee`"),
            (
                json!({"SdkAppId": 1, "Callees": [{"Callee": "a", "Tags": [1]}]}),
                "InvalidParameter",
                "`Callees[0].Tags[0]`",
            ),
            (json!({"SdkAppId": 1, "Callees": [{"Callee": "a", "Nope": 1}]}), "UnknownParameter", "`Callees[0].Nope`"),
            (json!({"SdkAppId": 1, "Sdkappid": 1}), "UnknownParameter", "`Sdkappid`"),
            (json!({"SdkAppId": 1, "When": true}), "InvalidParameter", "`When`"),
            (json!([1]), "InvalidParameter", "must be a JSON object"),
        ];
        for (body, code, needle) in cases {
            let err = check(body.clone()).expect_err(&body.to_string());
            assert_eq!(err.code, code, "{body}: {err}");
            assert!(err.message.contains(needle), "{body}: {err}");
        }
    }
}
