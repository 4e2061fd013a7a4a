//! The serde structs behind `service.json`, `actions/<Action>.json` and `types/<Type>.json`.
//!
//! Field order here is the field order in the files, and `specs/schema/*.schema.json` describes the same shapes
//! for tools that are not Rust. Unknown fields are rejected so that a typo in a hand-written spec is an error,
//! not a silently ignored key.
//!
//! Every `description` is CommonMark: regen turns the pages' HTML fragments (`<li>`, `<br>`, `<code>`, links)
//! into Markdown, escapes `<` that opens no tag and writes bare addresses as autolinks, so a consumer can render
//! or embed a description as it is (rustdoc included) without cleaning markup.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::TypeRef;

fn is_false(b: &bool) -> bool {
    !*b
}

/// `service.json`: what every action of one service and version shares.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceSpec {
    /// [`crate::GENERATED_MARKER`] in files regen writes; absent in hand-written ones.
    #[serde(rename = "$comment", default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The service's short name, also the first label of its domain: `ccc`.
    pub service: String,
    /// The API version: `2020-02-10`.
    pub version: String,
    /// The endpoint the pages name: `ccc.tencentcloudapi.com`.
    pub domain: String,
    /// The language of the pages, and so of every description: `en-US` (the international site) or `zh-CN`
    /// (cloud.tencent.com). Read from the pages, not their file names; absent in hand-written files and when a
    /// folder mixes languages across actions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// `actions/<Action>.json`: one API action, as its reference page documents it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionSpec {
    /// [`crate::GENERATED_MARKER`] in files regen writes; absent in hand-written ones.
    #[serde(rename = "$comment", default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// `DescribeAutoCalloutTask`.
    pub name: String,
    /// The service name the action belongs to, as in its domain: `ccc`.
    pub service: String,
    /// The API version, a date: `2020-02-10`.
    pub version: String,
    /// `ccc.tencentcloudapi.com`.
    pub domain: String,
    /// The page's Region row says `Yes`: a call without a region is refused before any traffic.
    pub region_required: bool,
    /// "A maximum of N requests can be initiated per second": N, when the page says it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit_per_second: Option<u32>,
    /// The answer is a stream of Server-Sent Events, always or when the request's `Stream` member is `true`, as
    /// regen reads the page (`tencentcloud_spec::streaming::detect`). Absent for a one-document answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub streaming: Option<StreamingMode>,
    /// What the action does, from the page's description section (CommonMark; tables the description holds are
    /// Markdown tables).
    pub description: String,
    /// The page this spec was read from, relative to the service folder (`docs/DescribeAutoCalloutTask.txt`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Request members in page order, without the common parameters Action, Version and Region.
    pub request: Vec<MemberSpec>,
    /// Response members in page order, `RequestId` included.
    pub response: Vec<MemberSpec>,
    /// The business error codes the page lists (the common codes are not repeated here).
    #[serde(default)]
    pub errors: Vec<ErrorCodeSpec>,
    /// The examples whose request and response could be read (and, where a rule is certain, repaired).
    #[serde(default)]
    pub examples: Vec<ExampleSpec>,
    /// Examples regen could not read, as the page prints them: kept for a reader, never typed or tested.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unparsed_examples: Vec<UnparsedExample>,
}

/// How a streaming action's answer comes, as `ActionSpec::streaming` records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StreamingMode {
    /// Every answer is an event stream.
    Always,
    /// An event stream when the request sets its Boolean `Stream` member to `true`, one document otherwise.
    WhenRequested,
}

/// `types/<Type>.json`: one data type from the service's Data Types page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeSpec {
    /// [`crate::GENERATED_MARKER`] in files regen writes; absent in hand-written ones.
    #[serde(rename = "$comment", default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// `AutoCalloutTaskCalleeInfo`.
    pub name: String,
    /// The service name the type belongs to: `ccc`.
    pub service: String,
    /// The API version, a date: `2020-02-10`.
    pub version: String,
    /// What the type holds, from the Data Types page (CommonMark).
    pub description: String,
    /// The actions the Data Types page says use this type ("Used by actions: …"), in page order.
    #[serde(default)]
    pub used_by: Vec<String>,
    /// Whether the type is sent, received or both, which decides what the generator derives for it.
    pub usage: Usage,
    /// The Data Types page this spec was read from, relative to the service folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The type's members in page order.
    pub members: Vec<MemberSpec>,
}

/// Which direction a data type travels in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Usage {
    /// Sent in requests only; its table has a Required column.
    Input,
    /// Received in responses only; its table has no Required column.
    Output,
    /// Sent and received: documented with a Required column and also reached from a response.
    Both,
}

/// One row of a parameter table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberSpec {
    /// The wire name with any `.N` suffix removed: `Callees`, not `Callees.N`.
    pub name: String,
    /// The type as the page writes it (`Array of String`), parsed.
    #[serde(rename = "type")]
    pub type_ref: TypeRef,
    /// Input members: the Required column said `Yes`. Always false for output members.
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// Output members: the description says the field "may return null".
    #[serde(default, skip_serializing_if = "is_false")]
    pub nullable: bool,
    /// CommonMark.
    pub description: String,
    /// The value the page gives as an illustration of this member (the Chinese site's `示例值：` line), as the
    /// page writes it: `1400000000`, `["008610086"]`, `ap-guangzhou`. Text, not JSON: the pages do not quote
    /// strings. Absent when the page gives none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
}

impl MemberSpec {
    /// [`example`](Self::example) as JSON of the member's type, or `None` when there is none or it does not read
    /// as one: the pages do not quote strings, and write arrays and objects as JSON. The sandbox answers with it
    /// where a documented example leaves the member out.
    pub fn example_value(&self) -> Option<Value> {
        use crate::api_facts::{ScalarText, scalar_json_value};
        let text = self.example.as_deref()?.trim();
        match &self.type_ref {
            TypeRef::Scalar(scalar) => {
                scalar_json_value(*scalar, &Value::from(text), ScalarText::Strict).map(std::borrow::Cow::into_owned)
            }
            TypeRef::Array(_) => serde_json::from_str::<Value>(text).ok().filter(Value::is_array),
            TypeRef::Named(_) => serde_json::from_str::<Value>(text).ok().filter(Value::is_object),
        }
    }
}

/// One row of the page's error code table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorCodeSpec {
    /// `InternalError.DBError`.
    pub code: String,
    /// The table's description of when the code is returned.
    pub description: String,
}

/// One documented example call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleSpec {
    /// The example's heading (`Example1 Querying …`), or `Example<N>` (1-based) where the page gives none.
    pub title: String,
    /// The line of prose under the heading, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Extra `X-TC-*` headers the example request shows (`X-TC-Language: zh-CN`), in page order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<(String, String)>,
    /// The request body: a JSON object of request members.
    pub request: Value,
    /// The whole response: `{"Response": {...}}`.
    pub response: Value,
}

/// A documented example regen could not turn into JSON: its text as the page prints it and why it was left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnparsedExample {
    /// As [`ExampleSpec::title`].
    pub title: String,
    /// The defect class (`broken-json`, `response-without-request`, ...) and what is wrong, with the page line.
    pub problem: String,
    /// The request as printed (the POST body, or the GET URL), when the page shows one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<String>,
    /// The response as printed, when the page shows one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<String>,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::MemberSpec;
    use crate::{Scalar, TypeRef};

    fn example(type_ref: TypeRef, example: &str) -> Option<serde_json::Value> {
        let member = MemberSpec {
            name: "M".into(),
            type_ref,
            required: false,
            nullable: false,
            description: String::new(),
            example: Some(example.into()),
        };
        member.example_value()
    }

    #[test]
    fn member_example_values_become_json_of_the_member_type() {
        let scalar = TypeRef::Scalar;
        assert_eq!(example(scalar(Scalar::Integer), " 1400000000 "), Some(json!(1_400_000_000)));
        assert_eq!(example(scalar(Scalar::Integer), "abc"), None);
        assert_eq!(example(scalar(Scalar::Boolean), "true"), Some(json!(true)));
        assert_eq!(example(scalar(Scalar::String), "ap-guangzhou"), Some(json!("ap-guangzhou")));
        let strings = TypeRef::Array(Box::new(scalar(Scalar::String)));
        assert_eq!(example(strings.clone(), r#"["008610086"]"#), Some(json!(["008610086"])));
        assert_eq!(example(strings, "008610086"), None);
        assert_eq!(example(TypeRef::Named("T".into()), r#"{"A": 1}"#), Some(json!({"A": 1})));
    }
}
