//! The published JSON Schemas (`specs/schema/*.schema.json`, draft 2020-12) accept every committed spec and
//! reject broken ones. A small validator below covers exactly the keywords the schemas use; a test makes sure
//! they use no others, so "valid here" means "valid for any draft 2020-12 validator".

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

/// Keywords that constrain a value, all implemented by [`Validator::check`].
const ASSERTIONS: [&str; 9] =
    ["type", "properties", "required", "additionalProperties", "items", "enum", "$ref", "const", "minimum"];
/// Keywords that only annotate or organise a schema.
const ANNOTATIONS: [&str; 6] = ["$schema", "$id", "$defs", "$comment", "title", "description"];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The schema documents by file name, which is how their `$ref`s name each other.
struct Validator {
    schemas: HashMap<String, Value>,
}

impl Validator {
    fn load() -> Validator {
        let dir = repo().join("specs/schema");
        let mut schemas = HashMap::new();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.ends_with(".schema.json") {
                schemas.insert(name, read_json(&path));
            }
        }
        Validator { schemas }
    }

    /// Every violation of `value` against the schema file `doc`, as `JSON path: message`.
    fn validate(&self, doc: &str, value: &Value) -> Vec<String> {
        let mut errors = Vec::new();
        self.check(doc, &self.schemas[doc], value, "$", &mut errors);
        errors
    }

    fn check(&self, doc: &str, schema: &Value, value: &Value, path: &str, errors: &mut Vec<String>) {
        let schema = match schema {
            Value::Bool(true) => return,
            Value::Bool(false) => return errors.push(format!("{path}: no value is allowed here")),
            Value::Object(map) => map,
            other => return errors.push(format!("{path}: schema is not an object or boolean: {other}")),
        };
        if let Some(Value::String(reference)) = schema.get("$ref") {
            let (file, pointer) = reference.split_once('#').unwrap_or((reference, ""));
            let file = if file.is_empty() { doc } else { file };
            let target = self.schemas.get(file).and_then(|d| d.pointer(pointer));
            match target {
                Some(target) => self.check(file, target, value, path, errors),
                None => errors.push(format!("{path}: unresolvable $ref {reference}")),
            }
        }
        if let Some(expected) = schema.get("type") {
            let names: Vec<&str> = match expected {
                Value::String(s) => vec![s.as_str()],
                Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            };
            if !names.iter().any(|n| type_matches(n, value)) {
                errors.push(format!("{path}: expected {}, found {value}", names.join(" or ")));
            }
        }
        if let Some(Value::Array(options)) = schema.get("enum")
            && !options.contains(value)
        {
            errors.push(format!("{path}: {value} is not one of {}", Value::Array(options.clone())));
        }
        if let Some(constant) = schema.get("const")
            && constant != value
        {
            errors.push(format!("{path}: expected {constant}, found {value}"));
        }
        if let (Some(min), Some(n)) = (schema.get("minimum").and_then(Value::as_f64), value.as_f64())
            && n < min
        {
            errors.push(format!("{path}: {n} is less than the minimum {min}"));
        }
        if let Value::Object(object) = value {
            let properties = schema.get("properties").and_then(Value::as_object);
            if let Some(properties) = properties {
                for (key, sub) in properties {
                    if let Some(v) = object.get(key) {
                        self.check(doc, sub, v, &format!("{path}.{key}"), errors);
                    }
                }
            }
            if let Some(Value::Array(required)) = schema.get("required") {
                for key in required.iter().filter_map(Value::as_str) {
                    if !object.contains_key(key) {
                        errors.push(format!("{path}: missing required member {key:?}"));
                    }
                }
            }
            if let Some(additional) = schema.get("additionalProperties") {
                for (key, v) in object {
                    if !properties.is_some_and(|p| p.contains_key(key)) {
                        self.check(doc, additional, v, &format!("{path}.{key}"), errors);
                    }
                }
            }
        }
        if let (Value::Array(items), Some(item_schema)) = (value, schema.get("items")) {
            for (i, item) in items.iter().enumerate() {
                self.check(doc, item_schema, item, &format!("{path}[{i}]"), errors);
            }
        }
    }
}

fn type_matches(name: &str, value: &Value) -> bool {
    match name {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        "number" => value.is_number(),
        "integer" => value.is_i64() || value.is_u64() || value.as_f64().is_some_and(|f| f.fract() == 0.0),
        _ => false,
    }
}

/// Walks every schema position (the root, `properties` values, `$defs` values, `items`, `additionalProperties`)
/// and collects keywords outside the supported subset.
fn unsupported_keywords(schema: &Value, at: &str, out: &mut Vec<String>) {
    let Value::Object(map) = schema else { return };
    for (key, v) in map {
        if !ASSERTIONS.contains(&key.as_str()) && !ANNOTATIONS.contains(&key.as_str()) {
            out.push(format!("{at}.{key}"));
        }
        match key.as_str() {
            "properties" | "$defs" => {
                for (name, sub) in v.as_object().into_iter().flatten() {
                    unsupported_keywords(sub, &format!("{at}.{key}.{name}"), out);
                }
            }
            "items" | "additionalProperties" => unsupported_keywords(v, &format!("{at}.{key}"), out),
            _ => {}
        }
    }
}

#[test]
fn schemas_use_only_the_keywords_the_validator_implements() {
    let v = Validator::load();
    assert_eq!(v.schemas.len(), 4, "{:?}", v.schemas.keys());
    for (name, schema) in &v.schemas {
        assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema", "{name}");
        let mut bad = Vec::new();
        unsupported_keywords(schema, name, &mut bad);
        assert!(bad.is_empty(), "keywords the test validator does not implement: {bad:?}");
    }
}

#[test]
fn every_committed_spec_matches_its_schema() {
    let v = Validator::load();
    let mut checked = 0;
    for service in tencentcloud_spec::load_service_tree(repo().join("specs")).unwrap_or_else(|e| panic!("{e}")) {
        for path in &service.files {
            let doc = match path.parent().and_then(|p| p.file_name()).and_then(|n| n.to_str()) {
                Some("actions") => "action.schema.json",
                Some("types") => "type.schema.json",
                _ => "service.schema.json",
            };
            let errors = v.validate(doc, &read_json(path));
            assert!(errors.is_empty(), "{}: {errors:?}", path.display());
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} spec files");
}

#[test]
fn the_validator_rejects_what_the_schemas_forbid() {
    let v = Validator::load();
    let member = json!({"name": "A", "type": "Integer", "description": ""});
    let action = json!({
        "name": "Foo", "service": "ccc", "version": "2020-02-10", "domain": "ccc.tencentcloudapi.com",
        "region_required": false, "description": "", "request": [member], "response": [],
        "examples": [{"title": "Example1", "request": {}, "response": {"Response": {}}}]
    });
    assert_eq!(v.validate("action.schema.json", &action), Vec::<String>::new());

    let mut broken = action.clone();
    broken["rate_limit_per_second"] = json!(0);
    broken["request"][0]["colour"] = json!("red");
    broken["examples"][0]["response"] = json!({"Error": {}});
    broken.as_object_mut().unwrap().remove("domain");
    let errors = v.validate("action.schema.json", &broken);
    assert_eq!(
        errors,
        [
            "$.rate_limit_per_second: 0 is less than the minimum 1",
            "$.request[0].colour: no value is allowed here",
            "$.examples[0].response: missing required member \"Response\"",
            "$: missing required member \"domain\"",
        ]
    );

    let ty = json!({"name": "T", "service": "ccc", "version": "v", "description": "", "usage": "sideways",
                    "members": [{"name": "A", "type": "String", "description": "", "required": "yes"}]});
    let errors = v.validate("type.schema.json", &ty);
    assert_eq!(
        errors,
        [
            "$.usage: \"sideways\" is not one of [\"input\",\"output\",\"both\"]",
            "$.members[0].required: expected boolean, found \"yes\"",
        ]
    );
}

/// The schemas and the serde model agree on the field names of every spec file.
#[test]
fn schema_properties_match_the_serde_model() {
    let v = Validator::load();
    let props = |doc: &str, pointer: &str| -> Vec<String> {
        let mut keys: Vec<String> =
            v.schemas[doc].pointer(pointer).unwrap().as_object().unwrap().keys().cloned().collect();
        keys.sort();
        keys
    };
    let service = tencentcloud_spec::load_service(repo().join("specs/ccc/2020-02-10")).unwrap();
    let fields = |value: Value| -> Vec<String> {
        let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        keys
    };
    // Every optional field filled, so serialization shows them all.
    let mut action = service.action("DescribeAutoCalloutTask").unwrap().clone();
    action.examples[0].description = Some("d".into());
    action.examples[0].headers = vec![("X-TC-Language".into(), "en-US".into())];
    action.streaming = Some(tencentcloud_spec::StreamingMode::Always);
    action.unparsed_examples = vec![tencentcloud_spec::UnparsedExample {
        title: "Example2".into(),
        problem: "broken-json: line 40: trailing comma".into(),
        request: Some("{}".into()),
        response: Some("{\"Response\": {},}".into()),
    }];
    let mut member = action.request[0].clone();
    member.nullable = true;
    member.example = Some("1400000000".into());
    assert_eq!(fields(serde_json::to_value(&action).unwrap()), props("action.schema.json", "/properties"));
    assert_eq!(
        fields(serde_json::to_value(&action.unparsed_examples[0]).unwrap()),
        props("action.schema.json", "/$defs/unparsed_example/properties")
    );
    assert_eq!(
        fields(serde_json::to_value(&action.examples[0]).unwrap()),
        props("action.schema.json", "/$defs/example/properties")
    );
    assert_eq!(fields(serde_json::to_value(&member).unwrap()), props("member.schema.json", "/properties"));
    let ty = service.type_spec("AutoCalloutTaskCalleeInfo").unwrap();
    assert_eq!(fields(serde_json::to_value(ty).unwrap()), props("type.schema.json", "/properties"));
    let mut service_spec = service.spec.clone();
    service_spec.language = Some("zh-CN".into());
    assert_eq!(fields(serde_json::to_value(&service_spec).unwrap()), props("service.schema.json", "/properties"));
}
