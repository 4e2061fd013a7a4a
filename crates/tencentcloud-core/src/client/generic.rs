//! The action descriptions behind [`Client::call_json`](super::Client::call_json): checked names, made once per
//! distinct (service, version, action) and kept for the process, since the call pipeline works on `'static`
//! descriptions as generated code declares them.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use crate::error::one_line;
use crate::{ActionInfo, Error, ServiceInfo};

/// The descriptions made so far, by (service, version, action).
type Known = HashMap<(String, String, String), &'static ActionInfo>;

/// The description of `service`/`version`/`action`, or a build error naming the malformed value.
pub(super) fn action_info(service: &str, version: &str, action: &str) -> Result<&'static ActionInfo, Error> {
    // The spec crate's name rules, bounded in length since these values become headers and a cached description.
    let service_ok = service.len() <= 32 && tencentcloud_spec::is_service_name(service);
    let version_ok = tencentcloud_spec::is_api_version(version);
    let action_ok = (1..=128).contains(&action.len())
        && action.starts_with(|c: char| c.is_ascii_uppercase())
        && action.bytes().all(|b| b.is_ascii_alphanumeric());
    let mut problems = Vec::new();
    if !service_ok {
        problems.push(format!("the service `{}` is not a service name like `cvm`", one_line(service, 64)));
    }
    if !version_ok {
        problems.push(format!("the version `{}` is not an API version like `2017-03-12`", one_line(version, 64)));
    }
    if !action_ok {
        problems.push(format!("the action `{}` is not an action name like `DescribeInstances`", one_line(action, 64)));
    }
    if !problems.is_empty() {
        return Err(Error::build(problems.join("; ")));
    }
    static KNOWN: OnceLock<Mutex<Known>> = OnceLock::new();
    let mut known = KNOWN.get_or_init(Mutex::default).lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let key = (service.to_owned(), version.to_owned(), action.to_owned());
    if let Some(info) = known.get(&key) {
        return Ok(info);
    }
    // About 150 bytes once per distinct action a program calls by name; they live as long as generated ones.
    let leak = |text: &str| -> &'static str { Box::leak(text.to_owned().into_boxed_str()) };
    let service_info: &'static ServiceInfo =
        Box::leak(Box::new(ServiceInfo { name: leak(service), version: leak(version), domain: "" }));
    let info: &'static ActionInfo = Box::leak(Box::new(ActionInfo {
        service: service_info,
        name: leak(action),
        rate_limit_per_second: None,
        region_required: false,
        read_only: false,
    }));
    known.insert(key, info);
    Ok(info)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generic_names_are_checked_and_each_description_is_made_once() {
        let a = action_info("cvm", "2017-03-12", "DescribeInstances").unwrap();
        let b = action_info("cvm", "2017-03-12", "DescribeInstances").unwrap();
        assert!(std::ptr::eq(a, b));
        assert_eq!((a.service.name, a.service.version, a.name), ("cvm", "2017-03-12", "DescribeInstances"));
        for (service, version, action, named) in [
            ("CVM", "2017-03-12", "DescribeInstances", "`CVM`"),
            ("cvm", "2017-3-12", "DescribeInstances", "`2017-3-12`"),
            ("cvm", "2017-03-12", "describe instances", "`describe instances`"),
            ("cvm.evil", "2017-03-12", "X", "`cvm.evil`"),
        ] {
            let e = action_info(service, version, action).unwrap_err();
            assert!(e.is_build() && e.to_string().contains(named), "{e}");
        }
    }
}
