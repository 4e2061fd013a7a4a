//! A request's parameters from a `multipart/form-data` body, as the official SDKs send cii's uploads: each member
//! a part named after it (JSON under `Content-Type: application/json`, its text otherwise), a file's bytes as a
//! part with a `filename`. Read strictly (RFC 7578 over RFC 2046's layout): a malformed body is an
//! `InvalidParameter` that says what is wrong, never a panic. Text parts of number and boolean members become the
//! JSON values their types name, as a GET's query parameters do.

use serde_json::{Map, Value};
use tencentcloud_spec::ActionSpec;

use crate::get_request::{has_media_type, text_value};
use crate::reply::SandboxError;

/// The media type, without parameters.
pub(crate) const MEDIA_TYPE: &str = "multipart/form-data";

/// The members of a multipart body, typed by the action's request members.
pub(crate) fn parameters(action: &ActionSpec, content_type: &str, body: &[u8]) -> Result<Value, SandboxError> {
    let boundary = boundary(content_type)
        .ok_or_else(|| invalid("a multipart/form-data Content-Type must name its boundary (`; boundary=...`)"))?;
    // The official SDKs send a request without members as an empty body.
    if body.is_empty() {
        return Ok(Value::Object(Map::new()));
    }
    let delimiter = format!("--{boundary}");
    let part_end = format!("\r\n{delimiter}");
    let mut rest =
        body.strip_prefix(delimiter.as_bytes()).ok_or_else(|| invalid("the body must open with the boundary"))?;
    let mut members = Map::new();
    loop {
        // After a boundary: `--` closes the body, CRLF opens the next part.
        if let Some(after) = rest.strip_prefix(b"--") {
            return match after {
                b"" | b"\r\n" => Ok(Value::Object(members)),
                _ => Err(invalid("nothing may follow the closing boundary")),
            };
        }
        rest = rest.strip_prefix(b"\r\n").ok_or_else(|| invalid("a boundary line must end with CRLF"))?;
        let head_end = find(rest, b"\r\n\r\n").ok_or_else(|| invalid("a part's headers must end with a blank line"))?;
        let head = std::str::from_utf8(&rest[..head_end]).map_err(|_| invalid("a part's headers must be text"))?;
        let part = PartHead::read(head)?;
        rest = &rest[head_end + 4..];
        let content_end =
            find(rest, part_end.as_bytes()).ok_or_else(|| invalid("every part must be followed by the boundary"))?;
        let value = part.value(action, &rest[..content_end])?;
        rest = &rest[content_end + part_end.len()..];
        if members.insert(part.name.clone(), value).is_some() {
            return Err(invalid(format!("the part `{}` is sent twice", part.name)));
        }
    }
}

/// The boundary named in a `Content-Type`, unquoted.
fn boundary(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|parameter| {
        let (name, value) = parameter.split_once('=')?;
        let value = value.trim();
        let value = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')).unwrap_or(value);
        (name.trim().eq_ignore_ascii_case("boundary") && !value.is_empty()).then_some(value)
    })
}

/// What a part's headers say about it.
struct PartHead {
    name: String,
    /// A file part: its content is bytes, not text.
    is_file: bool,
    is_json: bool,
}

impl PartHead {
    fn read(head: &str) -> Result<Self, SandboxError> {
        let (mut name, mut is_file, mut is_json) = (None, false, false);
        for line in head.split("\r\n") {
            let (header, value) = line.split_once(':').ok_or_else(|| invalid("a part header must be `Name: value`"))?;
            let value = value.trim();
            if header.trim().eq_ignore_ascii_case("content-disposition") {
                let mut fields = value.split(';').map(str::trim);
                if !fields.next().is_some_and(|kind| kind.eq_ignore_ascii_case("form-data")) {
                    return Err(invalid("a part's Content-Disposition must be `form-data`"));
                }
                for field in fields {
                    let (key, quoted) = field.split_once('=').unwrap_or((field, ""));
                    let text = quoted.strip_prefix('"').and_then(|v| v.strip_suffix('"')).unwrap_or(quoted);
                    match key.trim().to_ascii_lowercase().as_str() {
                        "name" => name = Some(text.to_owned()),
                        "filename" => is_file = true,
                        _ => {}
                    }
                }
            } else if header.trim().eq_ignore_ascii_case("content-type") {
                is_json = has_media_type(value, "application/json");
            }
        }
        match name {
            Some(name) if !name.is_empty() => Ok(PartHead { name, is_file, is_json }),
            _ => Err(invalid("every part must be named (`Content-Disposition: form-data; name=\"...\"`)")),
        }
    }

    /// The member's value: a file's bytes as text (a Binary member is a string in JSON), JSON as JSON, and text as
    /// the scalar its type names.
    fn value(&self, action: &ActionSpec, content: &[u8]) -> Result<Value, SandboxError> {
        if self.is_file {
            return Ok(Value::String(String::from_utf8_lossy(content).into_owned()));
        }
        if self.is_json {
            return serde_json::from_slice(content)
                .map_err(|e| invalid(format!("the part `{}` is not valid JSON: {e}", self.name)));
        }
        let text = String::from_utf8(content.to_vec())
            .map_err(|_| invalid(format!("the part `{}` is neither a file nor UTF-8 text", self.name)))?;
        let member = action.request.iter().find(|m| m.name == self.name);
        Ok(text_value(member.map(|m| &m.type_ref), text))
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

fn invalid(why: impl std::fmt::Display) -> SandboxError {
    SandboxError::invalid_parameter(format!("The multipart/form-data body is malformed: {why}."))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action() -> ActionSpec {
        crate::get_request::test_action(
            "cii",
            serde_json::json!([
                {"name": "File", "type": "Binary", "required": true, "description": ""},
                {"name": "Limit", "type": "Integer", "description": ""},
                {"name": "Tags", "type": "Array of String", "description": ""}
            ]),
        )
    }

    fn read(body: &str) -> Result<Value, SandboxError> {
        parameters(&action(), "multipart/form-data; boundary=b0", body.as_bytes())
    }

    #[test]
    fn reads_file_json_and_text_parts_typed_by_the_spec() {
        let body = "--b0\r\nContent-Disposition: form-data; name=\"File\"; filename=\"File\"\r\n\r\nscan\r\n\
                    --b0\r\nContent-Disposition: form-data; name=\"Limit\"\r\n\r\n5\r\n\
                    --b0\r\nContent-Disposition: form-data; name=\"Tags\"\r\nContent-Type: application/json\r\n\r\n\
                    [\"a\", \"b\"]\r\n--b0--\r\n";
        assert_eq!(read(body).unwrap(), serde_json::json!({"File": "scan", "Limit": 5, "Tags": ["a", "b"]}));
        assert_eq!(read("").unwrap(), serde_json::json!({}), "a request without members is an empty body");
        let quoted = "multipart/form-data; charset=utf-8; boundary=\"b0\"";
        assert!(parameters(&action(), quoted, body.as_bytes()).is_ok());
        assert!(has_media_type("Multipart/Form-Data; boundary=x", MEDIA_TYPE));
        assert!(!has_media_type("application/json", MEDIA_TYPE));
    }

    #[test]
    fn malformed_bodies_are_invalid_parameters_saying_what_is_wrong() {
        let part = "--b0\r\nContent-Disposition: form-data; name=\"Limit\"\r\n\r\n5\r\n";
        let cases = [
            ("no boundary line", "Content-Disposition: form-data; name=\"Limit\"\r\n\r\n5".to_owned(), "open with"),
            ("never closed", part.to_owned(), "followed by the boundary"),
            ("after the close", format!("{part}--b0--\r\nmore"), "nothing may follow"),
            ("twice", format!("{part}{part}--b0--"), "sent twice"),
            ("unnamed", "--b0\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b0--".to_owned(), "must be named"),
            ("not form-data", "--b0\r\nContent-Disposition: inline; name=\"a\"\r\n\r\nx\r\n--b0--".to_owned(), "form-data"),
            (
                "bad JSON",
                "--b0\r\nContent-Disposition: form-data; name=\"Tags\"\r\nContent-Type: application/json\r\n\r\n[\r\n--b0--"
                    .to_owned(),
                "not valid JSON",
            ),
            ("no blank line", "--b0\r\nContent-Disposition: form-data; name=\"a\"".to_owned(), "blank line"),
            ("bad header", "--b0\r\nno colon here\r\n\r\nx\r\n--b0--".to_owned(), "Name: value"),
        ];
        for (what, body, says) in cases {
            let error = read(&body).unwrap_err();
            assert_eq!(error.code, "InvalidParameter", "{what}");
            assert!(error.message.contains(says), "{what}: {}", error.message);
        }
        let error = parameters(&action(), "multipart/form-data", b"--b0--").unwrap_err();
        assert!(error.message.contains("boundary"), "{}", error.message);
        let binary = b"--b0\r\nContent-Disposition: form-data; name=\"Limit\"\r\n\r\n\xff\xfe\r\n--b0--";
        let error = parameters(&action(), "multipart/form-data; boundary=b0", binary).unwrap_err();
        assert!(error.message.contains("neither a file nor UTF-8 text"), "{}", error.message);
    }
}
