//! Cross-file checks on a loaded service: names, references between specs, duplicates and example shapes.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde_json::Value;

use crate::{MemberSpec, Service, SpecError, is_error_code, is_member_name, is_service_name, is_type_name};

/// Every problem with the service as a whole; an empty list means it is usable.
pub fn validate_service(service: &Service) -> Vec<SpecError> {
    let mut errors = Vec::new();
    let spec = &service.spec;
    let service_path = service.dir.join(crate::SERVICE_FILE);
    if !is_service_name(&spec.service) {
        errors.push(SpecError::new(
            &service_path,
            "$.service",
            format!("{:?} is not a service name: expected lowercase letters and digits starting with a letter, like \"ccc\"", spec.service),
        ));
    }
    if spec.version.is_empty() {
        errors.push(SpecError::new(&service_path, "$.version", "empty version: expected a date like \"2020-02-10\""));
    }
    if !spec.domain.contains('.') {
        errors.push(SpecError::new(
            &service_path,
            "$.domain",
            format!("{:?} is not a domain: expected something like \"ccc.tencentcloudapi.com\"", spec.domain),
        ));
    }

    let type_names: HashSet<&str> = service.types.iter().map(|t| t.name.as_str()).collect();

    for action in &service.actions {
        let path = service.action_path(&action.name);
        if !is_type_name(&action.name) {
            errors.push(SpecError::new(
                &path,
                "$.name",
                format!(
                    "{:?} is not an action name: expected letters and digits, like \"DescribeAutoCalloutTask\"",
                    action.name
                ),
            ));
        }
        check_belongs(&path, &action.service, &action.version, service, &mut errors);
        if action.domain != spec.domain {
            errors.push(SpecError::new(
                &path,
                "$.domain",
                format!("{:?} differs from service.json's {:?}", action.domain, spec.domain),
            ));
        }
        if action.rate_limit_per_second == Some(0) {
            errors.push(SpecError::new(
                &path,
                "$.rate_limit_per_second",
                "0 requests per second: expected a positive number, or no field when the page gives no limit",
            ));
        }
        if action.streaming == Some(crate::StreamingMode::WhenRequested)
            && crate::streaming::stream_member(action).is_none()
        {
            errors.push(SpecError::new(
                &path,
                "$.streaming",
                "\"when-requested\" needs a Boolean request member `Stream` to set: add one, or say \"always\"",
            ));
        }
        check_members(&path, "$.request", &action.request, &type_names, &mut errors);
        check_members(&path, "$.response", &action.response, &type_names, &mut errors);
        let mut codes = HashSet::new();
        for (i, e) in action.errors.iter().enumerate() {
            if !is_error_code(&e.code) {
                errors.push(SpecError::new(
                    &path,
                    format!("$.errors[{i}].code"),
                    format!("{:?} is not an error code: expected dotted names like \"InvalidParameter.Foo\"", e.code),
                ));
            }
            if !codes.insert(e.code.as_str()) {
                errors.push(SpecError::new(
                    &path,
                    format!("$.errors[{i}].code"),
                    format!("duplicate error code {:?}", e.code),
                ));
            }
        }
        for (i, ex) in action.examples.iter().enumerate() {
            if !ex.request.is_object() {
                errors.push(SpecError::new(
                    &path,
                    format!("$.examples[{i}].request"),
                    "expected a JSON object of request members",
                ));
            }
            if !ex.response.get("Response").is_some_and(Value::is_object) {
                errors.push(SpecError::new(
                    &path,
                    format!("$.examples[{i}].response"),
                    "expected a JSON object {\"Response\": {...}}",
                ));
            }
        }
    }

    for ty in &service.types {
        let path = service.type_path(&ty.name);
        if !is_type_name(&ty.name) {
            errors.push(SpecError::new(
                &path,
                "$.name",
                format!("{:?} is not a data-type name: expected letters and digits", ty.name),
            ));
        }
        check_belongs(&path, &ty.service, &ty.version, service, &mut errors);
        check_members(&path, "$.members", &ty.members, &type_names, &mut errors);
    }
    errors
}

fn check_belongs(path: &Path, service_name: &str, version: &str, service: &Service, errors: &mut Vec<SpecError>) {
    if service_name != service.spec.service {
        errors.push(SpecError::new(
            path,
            "$.service",
            format!("{service_name:?} differs from service.json's {:?}", service.spec.service),
        ));
    }
    if version != service.spec.version {
        errors.push(SpecError::new(
            path,
            "$.version",
            format!("{version:?} differs from service.json's {:?}", service.spec.version),
        ));
    }
}

fn check_members(
    path: &Path,
    at: &str,
    members: &[MemberSpec],
    type_names: &HashSet<&str>,
    errors: &mut Vec<SpecError>,
) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, m) in members.iter().enumerate() {
        if !is_member_name(&m.name) {
            errors.push(SpecError::new(
                path,
                format!("{at}[{i}].name"),
                format!("{:?} is not a member name: expected letters, digits and underscores", m.name),
            ));
        }
        if let Some(first) = seen.insert(m.name.as_str(), i) {
            errors.push(SpecError::new(
                path,
                format!("{at}[{i}].name"),
                format!("duplicate member {:?} (first at {at}[{first}])", m.name),
            ));
        }
        if let Some(name) = m.type_ref.named()
            && !type_names.contains(name)
        {
            errors.push(SpecError::new(
                path,
                format!("{at}[{i}].type"),
                format!("unknown data type {name:?}: expected a scalar type or a data type with a spec in types/"),
            ));
        }
    }
}
