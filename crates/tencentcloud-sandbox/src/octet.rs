//! A request's parameters from an `application/octet-stream` call, as the official SDKs send cls `UploadLog`: the
//! body is the payload (a protobuf `LogGroupList`), opaque here, and the members travel in headers named
//! `X-<SERVICE>-<Member>` (`X-CLS-TopicId`, `X-CLS-CompressType`). Each request member found in such a header
//! becomes a parameter, typed as a GET's query parameters are; validation then refuses what is missing or wrong.

use serde_json::{Map, Value};
use tencentcloud_spec::{ActionSpec, TypeRef};

use crate::get_request::scalar_value;

/// The media type of an octet-stream call.
const MEDIA_TYPE: &str = "application/octet-stream";

/// Whether a `Content-Type` is `application/octet-stream`.
pub(crate) fn is_octet_stream(content_type: &str) -> bool {
    content_type.split(';').next().unwrap_or_default().trim().eq_ignore_ascii_case(MEDIA_TYPE)
}

/// The request members carried by `X-<service>-<member>` headers; `header` looks a header up by lowercase name.
pub(crate) fn parameters<'h>(action: &ActionSpec, header: impl Fn(&str) -> Option<&'h str>) -> Value {
    let prefix = format!("x-{}-", action.service.to_ascii_lowercase());
    let mut members = Map::new();
    for member in &action.request {
        let Some(text) = header(&format!("{prefix}{}", member.name.to_ascii_lowercase())) else {
            continue;
        };
        let value = match &member.type_ref {
            TypeRef::Scalar(scalar) => scalar_value(*scalar, text.to_owned()),
            _ => Value::String(text.to_owned()),
        };
        members.insert(member.name.clone(), value);
    }
    Value::Object(members)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_come_from_their_service_prefixed_headers() {
        let action: ActionSpec = serde_json::from_value(serde_json::json!({
            "name": "UploadLog", "service": "cls", "version": "2020-10-16", "domain": "cls.tencentcloudapi.com",
            "region_required": true, "description": "",
            "request": [
                {"name": "TopicId", "type": "String", "required": true, "description": ""},
                {"name": "CompressType", "type": "String", "description": ""},
                {"name": "Count", "type": "Integer", "description": ""}
            ],
            "response": []
        }))
        .unwrap();
        let headers = [("x-cls-topicid", "t-1"), ("x-cls-count", "3"), ("x-cvm-compresstype", "lz4")];
        let header = |name: &str| headers.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
        assert_eq!(parameters(&action, header), serde_json::json!({"TopicId": "t-1", "Count": 3}));
        assert!(is_octet_stream("Application/Octet-Stream") && !is_octet_stream("application/json"));
    }
}
