//! A request's parameters from an `application/octet-stream` call, as the official SDKs send cls `UploadLog`: the
//! body is the payload (a protobuf `LogGroupList`), opaque here, and the members travel in headers named
//! `X-<SERVICE>-<Member>` (`X-CLS-TopicId`, `X-CLS-CompressType`). Each request member found in such a header
//! becomes a parameter, typed as a GET's query parameters are; validation then refuses what is missing or wrong.

use serde_json::{Map, Value};
use tencentcloud_spec::ActionSpec;

use crate::get_request::text_value;

/// The media type of an octet-stream call.
pub(crate) const MEDIA_TYPE: &str = "application/octet-stream";

/// The request members carried by `X-<service>-<member>` headers; `header` looks a header up by lowercase name.
pub(crate) fn parameters<'h>(action: &ActionSpec, header: impl Fn(&str) -> Option<&'h str>) -> Value {
    let prefix = format!("x-{}-", action.service.to_ascii_lowercase());
    let mut members = Map::new();
    for member in &action.request {
        let Some(text) = header(&format!("{prefix}{}", member.name.to_ascii_lowercase())) else {
            continue;
        };
        members.insert(member.name.clone(), text_value(Some(&member.type_ref), text.to_owned()));
    }
    Value::Object(members)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_come_from_their_service_prefixed_headers() {
        let action = crate::get_request::test_action(
            "cls",
            serde_json::json!([
                {"name": "TopicId", "type": "String", "required": true, "description": ""},
                {"name": "CompressType", "type": "String", "description": ""},
                {"name": "Count", "type": "Integer", "description": ""}
            ]),
        );
        let headers = [("x-cls-topicid", "t-1"), ("x-cls-count", "3"), ("x-cvm-compresstype", "lz4")];
        let header = |name: &str| headers.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
        assert_eq!(parameters(&action, header), serde_json::json!({"TopicId": "t-1", "Count": 3}));
        let is_octet = |content_type| crate::get_request::has_media_type(content_type, MEDIA_TYPE);
        assert!(is_octet("Application/Octet-Stream") && !is_octet("application/json"));
    }
}
