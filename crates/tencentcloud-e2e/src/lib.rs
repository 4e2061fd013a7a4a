//! Shared setup of the end-to-end tests: the workspace's specs served by a sandbox, and runtime clients pointed
//! at it. The tests live in `tests/`; this crate is never published.

use std::marker::PhantomData;

use serde::{Serialize, Serializer};
use serde_json::Value;
use tencentcloud_core::{Action, ActionInfo, ClientBuilder, Credentials};
use tencentcloud_sandbox::{Sandbox, SandboxBuilder};

/// The workspace's `specs/`, the same files the generated clients were built from.
pub const SPECS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../specs");
pub const SECRET_ID: &str = "AKIDEndToEndTest";
pub const SECRET_KEY: &str = "end-to-end-test-key";
/// cvm's actions need a region; any region name does for the sandbox.
pub const REGION: &str = "ap-guangzhou";

/// A sandbox over the workspace's specs that accepts [`SECRET_ID`]/[`SECRET_KEY`].
pub fn sandbox() -> SandboxBuilder {
    Sandbox::builder().specs(SPECS).credential(SECRET_ID, SECRET_KEY)
}

/// A runtime client configured for `sandbox`.
pub fn client(sandbox: &Sandbox) -> ClientBuilder {
    tencentcloud_core::Client::builder()
        .endpoint(sandbox.url())
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .region(REGION)
}

/// Sends a JSON body exactly as given, as the action of the typed request `R` (same name, version, rate limit
/// and retry safety: read-only, or the body carries a `ClientToken`), and returns the `Response` members untyped.
/// Lets a test drive any action generically.
pub struct RawJson<R> {
    body: Value,
    action: PhantomData<fn() -> R>,
}

impl<R> RawJson<R> {
    pub fn new(body: Value) -> Self {
        RawJson { body, action: PhantomData }
    }
}

impl<R> Serialize for RawJson<R> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.body.serialize(serializer)
    }
}

impl<R: Action> Action for RawJson<R> {
    type Output = Value;
    const INFO: &'static ActionInfo = R::INFO;
    /// As the generated requests decide it: a typed request carrying a ClientToken may be repeated.
    fn retry_safe(&self) -> bool {
        R::INFO.read_only || self.body.get("ClientToken").is_some_and(|token| !token.is_null())
    }
}

/// `response` without its RequestId, which the sandbox makes afresh for every answer.
pub fn without_request_id(mut response: Value) -> Value {
    if let Some(members) = response.as_object_mut() {
        members.remove("RequestId");
    }
    response
}

/// Whether `id` looks like the RequestIds the sandbox makes: UUID-shaped lowercase hex.
pub fn is_uuid_shaped(id: &str) -> bool {
    let groups: Vec<&str> = id.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && id.chars().all(|c| c == '-' || c.is_ascii_digit() || ('a'..='f').contains(&c))
}

/// A service version's `regen-report.json`: what regen found wrong with the pages' examples.
pub struct RegenReport(Value);

impl RegenReport {
    pub fn of(service: &tencentcloud_spec::Service) -> RegenReport {
        let path = service.dir.join("regen-report.json");
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        RegenReport(serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
    }

    /// The defects regen reported in the request of example `index` of `action` that the sandbox refuses, as (the
    /// error code it answers with, the member path as it names it: `Filters[0].Name`).
    pub fn request_defects(&self, action: &tencentcloud_spec::ActionSpec, index: usize) -> Vec<(&'static str, String)> {
        let page = action.source.as_deref().and_then(|s| s.strip_prefix("docs/")).unwrap_or_default();
        let prefix = format!("$.examples[{index}].request.");
        let warnings = self.0["warnings"].as_array().map(Vec::as_slice).unwrap_or_default();
        warnings
            .iter()
            .filter(|w| w["page"] == page)
            .filter_map(|w| {
                let code = match w["defect"].as_str()? {
                    "undocumented-member" => "UnknownParameter",
                    "missing-required-member" => "MissingParameter",
                    "example-type-mismatch" => "InvalidParameter",
                    _ => return None,
                };
                Some((code, w["location"].as_str()?.strip_prefix(&prefix)?.to_owned()))
            })
            .collect()
    }
}

/// What the sandbox answers for a documented example, without its RequestId: the example's `Response`, plus, for
/// a success, each response member the example leaves out whose spec carries an example value that reads as the
/// member's type (the Chinese pages' `示例值`; see `MemberSpec::example_value`).
pub fn expected_answer(example: &tencentcloud_spec::ExampleSpec, action: &tencentcloud_spec::ActionSpec) -> Value {
    let mut expected = without_request_id(example.response["Response"].clone());
    if let Some(map) = expected.as_object_mut().filter(|m| !m.contains_key("Error")) {
        for m in &action.response {
            if m.name != "RequestId"
                && !map.contains_key(&m.name)
                && let Some(value) = m.example_value()
            {
                map.insert(m.name.clone(), value);
            }
        }
    }
    expected
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use tencentcloud_core::Action;

    use super::RawJson;

    #[test]
    fn raw_bodies_are_as_retry_safe_as_the_typed_requests() {
        type Run = RawJson<tencentcloud_cvm::operation::run_instances::RunInstancesRequest>;
        assert!(Run::new(json!({"ClientToken": "once"})).retry_safe());
        assert!(!Run::new(json!({"ClientToken": null})).retry_safe());
        assert!(!Run::new(json!({})).retry_safe());
        assert!(
            RawJson::<tencentcloud_ccc::operation::describe_auto_callout_task::DescribeAutoCalloutTaskRequest>::new(
                json!({})
            )
            .retry_safe()
        );
    }
}
