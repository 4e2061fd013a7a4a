//! Decoding the `{"Response": {...}}` envelope: the output, or `Response.Error` as a service error.
//!
//! The hot path never builds a `serde_json::Value`: the envelope is split with a borrowed `RawValue`, and the
//! inner object is deserialised straight into the output type. Only when the inner object mentions `"Error"` is
//! it probed for an error first.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use crate::Error;
use crate::error::one_line;

#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(rename = "Response", borrow)]
    response: &'a RawValue,
}

#[derive(Deserialize)]
struct ErrorProbe {
    #[serde(rename = "Error")]
    error: Option<ServiceErrorBody>,
    #[serde(rename = "RequestId")]
    request_id: Option<String>,
}

#[derive(Deserialize)]
struct ServiceErrorBody {
    #[serde(rename = "Code")]
    code: String,
    #[serde(rename = "Message", default)]
    message: String,
}

/// Decodes a response body received with HTTP `status`.
pub(crate) fn decode_response<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, Error> {
    // The usual answer, a compact `{"Response":{...}}` with no `Error`, in one pass instead of two (the envelope,
    // then its content). Anything else, or any failure, takes the full path below, which explains what is wrong.
    if (200..300).contains(&status)
        && let Some(inner) = body.strip_prefix(b"{\"Response\":").and_then(|rest| rest.strip_suffix(b"}"))
        && let Ok(inner) = std::str::from_utf8(inner)
        && !inner.contains("\"Error\"")
        && let Ok(output) = serde_json::from_str(inner)
    {
        return Ok(output);
    }
    let envelope: Envelope<'_> = serde_json::from_slice(body).map_err(|e| {
        let reason = if e.is_eof() {
            format!("the body ends early ({})", position(&e))
        } else if e.is_data() {
            format!("expected an object with a `Response` member ({})", what_was_wrong(&e))
        } else {
            format!("the body is not JSON ({})", position(&e))
        };
        Error::decode(status, reason, body)
    })?;
    let inner = envelope.response.get();
    if inner.contains("\"Error\"") {
        let probe: ErrorProbe = serde_json::from_str(inner).map_err(|e| {
            let reason = format!("`Response.Error` is not {{\"Code\", \"Message\"}} ({})", what_was_wrong(&e));
            Error::decode(status, reason, body).with_request_id(request_id_of(inner).map(str::to_owned))
        })?;
        // An `Error` with an empty Code is no error: pages document success answers carrying one (tbp Reset's
        // `"Error": {"Code": "", "Message": ""}` beside its results).
        if let Some(error) = probe.error.filter(|e| !e.code.is_empty()) {
            return Err(Error::service(error.code, error.message, probe.request_id, status));
        }
    }
    // An answer that is not 2xx is an error even when it decodes (a gateway's 500 can carry a bare RequestId): it
    // becomes a decode error with the status, which is retried by the same rules as any other 5xx or 429.
    if !(200..300).contains(&status) {
        let reason =
            format!("HTTP {status} with a `Response` that carries no `Error`; a non-2xx answer is not a result");
        return Err(Error::decode(status, reason, body).with_request_id(request_id_of(inner).map(str::to_owned)));
    }
    serde_json::from_str(inner).map_err(|_| {
        // Decode again with path tracking, only on failure, so the error names the member that was wrong.
        let deserializer = &mut serde_json::Deserializer::from_str(inner);
        let reason = match serde_path_to_error::deserialize::<_, T>(deserializer) {
            Err(e) => {
                // The path's map keys come from the document, so it is bounded like any other text.
                let path = e.path().to_string();
                let at = if path == "." { "`Response`".to_owned() } else { format!("`Response.{}`", bounded(&path)) };
                format!("{at}: {}", what_was_wrong(e.inner()))
            }
            Ok(_) => "the response does not match the output type".to_owned(),
        };
        Error::decode(status, reason, body).with_request_id(request_id_of(inner).map(str::to_owned))
    })
}

/// Where a JSON error happened, as `line L column C`.
pub(crate) fn position(e: &serde_json::Error) -> String {
    format!("line {} column {}", e.line(), e.column())
}

/// The most characters of a path or an expected-type description an error keeps.
const DESCRIPTION_CHARS: usize = 120;

/// What a JSON error says, without any value from the document: serde's "invalid type: string \"<value>\",
/// expected ..." quotes the value, which in an STS or metadata answer is a secret, and can be megabytes long.
/// Keeps the kind of value found, the expected type (which comes from the Rust type, not the document), a
/// missing field's name, and the position.
pub(crate) fn what_was_wrong(e: &serde_json::Error) -> String {
    let message = e.to_string();
    // serde_json appends " at line L column C"; the message proper comes before it.
    let message = message.rsplit_once(" at line ").map_or(message.as_str(), |(head, _)| head);
    let described = if let Some(rest) =
        message.strip_prefix("invalid type: ").or_else(|| message.strip_prefix("invalid value: "))
    {
        let found = value_kind(rest);
        match rest.rsplit_once(", expected ") {
            Some((_, expected)) => format!("found {found}, expected {}", bounded(expected)),
            None => format!("found {found} of the wrong type"),
        }
    } else if let Some(field) = message.strip_prefix("missing field ") {
        format!("missing member {}", bounded(field))
    } else if message.starts_with("invalid length ") {
        match message.rsplit_once(", expected ") {
            Some((_, expected)) => format!("wrong number of elements, expected {}", bounded(expected)),
            None => "wrong number of elements".to_owned(),
        }
    } else if message.starts_with("unknown variant ") {
        "a value that is not one of the allowed names".to_owned()
    } else if e.is_syntax() || e.is_eof() {
        "malformed JSON".to_owned()
    } else {
        "a value the member's type does not accept".to_owned()
    };
    format!("{described} at {}", position(e))
}

/// The kind of value serde's `Unexpected` describes, without the value itself.
fn value_kind(unexpected: &str) -> &'static str {
    const KINDS: [(&str, &str); 12] = [
        ("string", "a string"),
        ("integer", "an integer"),
        ("floating point", "a number"),
        ("boolean", "a boolean"),
        ("null", "null"),
        ("map", "an object"),
        ("sequence", "an array"),
        ("unit", "null"),
        ("char", "a string"),
        ("byte array", "bytes"),
        ("newtype", "a value"),
        ("enum", "a value"),
    ];
    KINDS.iter().find(|(prefix, _)| unexpected.starts_with(prefix)).map_or("a value", |(_, kind)| kind)
}

/// A description cut to [`DESCRIPTION_CHARS`] on one line.
fn bounded(text: &str) -> String {
    one_line(text, DESCRIPTION_CHARS)
}

const REQUEST_ID_KEY: &str = "\"RequestId\"";

/// The `RequestId` of a response object, found without parsing it (API 3.0 puts it last), for logs and errors.
pub(crate) fn request_id_of(inner: &str) -> Option<&str> {
    let at = inner.rfind(REQUEST_ID_KEY)?;
    let rest = inner[at + REQUEST_ID_KEY.len()..].trim_start().strip_prefix(':')?.trim_start().strip_prefix('"')?;
    let end = rest.find(['"', '\\'])?;
    // A real id is a UUID; anything long or with control characters is not one, and must not reach a log line.
    Some(&rest[..end]).filter(|id| id.len() <= 128 && !id.bytes().any(|b| b.is_ascii_control()))
}

/// [`request_id_of`] for a whole body, for the span of a successful call: searches back from the end, so only
/// the short tail after the key is checked as UTF-8, not the whole body.
pub(crate) fn request_id_in(body: &[u8]) -> Option<&str> {
    let key = REQUEST_ID_KEY.as_bytes();
    let at = body.windows(key.len()).rposition(|window| window == key)?;
    request_id_of(std::str::from_utf8(&body[at..]).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Output {
        #[serde(rename = "TotalCount")]
        total_count: u32,
        #[serde(rename = "RequestId")]
        request_id: String,
    }

    #[test]
    fn decodes_the_inner_object() {
        let body = br#"{"Response": {"TotalCount": 3, "RequestId": "abc"}}"#;
        assert_eq!(decode_response::<Output>(200, body).unwrap(), Output { total_count: 3, request_id: "abc".into() });
    }

    #[test]
    fn compact_answers_decode_as_the_full_path_does() {
        let expected = Output { total_count: 3, request_id: "abc".into() };
        for body in [
            &br#"{"Response":{"TotalCount":3,"RequestId":"abc"}}"#[..],
            br#"{"Response":{"TotalCount":3,"RequestId":"abc","Note":"}"}}"#,
            br#"{"Response":{"TotalCount":3,"RequestId":"abc"},"Extra":{}}"#,
        ] {
            assert_eq!(decode_response::<Output>(200, body).unwrap(), expected);
        }
        let with_error = br#"{"Response":{"TotalCount":3,"RequestId":"abc","Error":{"Code":"X.Y","Message":"m"}}}"#;
        assert_eq!(decode_response::<Output>(200, with_error).unwrap_err().code(), Some("X.Y"));
        let not_ok = br#"{"Response":{"TotalCount":3,"RequestId":"abc"}}"#;
        assert!(decode_response::<Output>(503, not_ok).unwrap_err().is_decode());
        let wrong_type = br#"{"Response":{"TotalCount":"x","RequestId":"abc"}}"#;
        assert!(decode_response::<Output>(200, wrong_type).unwrap_err().to_string().contains("TotalCount"));
    }

    #[test]
    fn maps_the_error_envelope() {
        let body =
            br#"{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"bad sig"},"RequestId":"r-1"}}"#;
        let e = decode_response::<Output>(200, body).unwrap_err();
        assert_eq!(e.code(), Some("AuthFailure.SignatureFailure"));
        assert_eq!(e.message(), Some("bad sig"));
        assert_eq!(e.request_id(), Some("r-1"));
    }

    #[test]
    fn non_json_truncated_and_mistyped_bodies_are_decode_errors() {
        let e = decode_response::<Output>(502, b"<html><body>502 Bad Gateway</body></html>").unwrap_err();
        assert!(e.is_decode() && e.status() == Some(502));
        assert!(e.body_excerpt().unwrap().starts_with("<html><body>502 Bad Gateway"));

        let e = decode_response::<Output>(200, br#"{"Response": {"TotalCount": 3, "Req"#).unwrap_err();
        assert!(e.is_decode() && e.to_string().contains("ends early"), "{e}");

        let e =
            decode_response::<Output>(200, br#"{"Response": {"TotalCount": "x", "RequestId": "r-9"}}"#).unwrap_err();
        assert!(e.to_string().contains("`Response.TotalCount`"), "{e}");
        assert_eq!(e.request_id(), Some("r-9"));

        let e = decode_response::<Output>(200, br#"{"Result": {}}"#).unwrap_err();
        assert!(e.to_string().contains("Response"), "{e}");
    }

    #[test]
    fn a_non_2xx_status_is_an_error_even_when_the_body_decodes() {
        for status in [500, 502, 404, 429] {
            let e =
                decode_response::<Output>(status, br#"{"Response":{"TotalCount":1,"RequestId":"r-5"}}"#).unwrap_err();
            assert!(e.is_decode() && e.status() == Some(status), "{e}");
            assert_eq!(e.request_id(), Some("r-5"));
        }
        assert!(decode_response::<Output>(201, br#"{"Response":{"TotalCount":1,"RequestId":"r"}}"#).is_ok());
    }

    #[test]
    fn decode_errors_name_the_path_and_expected_type_but_never_the_value() {
        let secret = "S3CR3T-value";
        for (body, path, found) in [
            (
                format!(r#"{{"Response":{{"TotalCount":"{secret}","RequestId":"r"}}}}"#),
                "`Response.TotalCount`",
                "found a string",
            ),
            (
                format!(r#"{{"Response":{{"TotalCount":3,"RequestId":["{secret}"]}}}}"#),
                "`Response.RequestId`",
                "found an array",
            ),
            (format!(r#"{{"Response":"{secret}"}}"#), "`Response`", "found a string"),
            (format!(r#"{{"Response":{{"Error":"{secret}","RequestId":"r"}}}}"#), "`Response.Error`", "found a string"),
        ] {
            let e = decode_response::<Output>(200, body.as_bytes()).unwrap_err();
            let text = format!("{e} {e:?}");
            assert!(!text.contains(secret), "{text}");
            assert!(text.contains(path) && text.contains(found) && text.contains("line 1 column"), "{text}");
        }
        let huge = format!(r#"{{"Response":{{"TotalCount":"{}"}}}}"#, "k".repeat(1 << 20));
        let e = decode_response::<Output>(200, huge.as_bytes()).unwrap_err();
        assert!(e.to_string().len() < 400 && format!("{e:?}").len() < 600, "bounded: {} bytes", e.to_string().len());
        let e = decode_response::<Output>(200, br#"{"Response":{"RequestId":"r"}}"#).unwrap_err();
        assert!(e.to_string().contains("missing member `TotalCount`"), "{e}");
    }

    #[test]
    fn an_error_with_an_empty_code_is_a_success_answer() {
        #[derive(Debug, serde::Deserialize)]
        struct Out {
            #[serde(rename = "BotName")]
            bot: String,
        }
        let body = br#"{"Response": {"BotName": "b", "Error": {"Code": "", "Message": ""}, "RequestId": "r"}}"#;
        let out: Out = decode_response(200, body).unwrap();
        assert_eq!(out.bot, "b");
        let body = br#"{"Response": {"Error": {"Code": "InternalError", "Message": ""}, "RequestId": "r"}}"#;
        assert_eq!(decode_response::<Out>(200, body).unwrap_err().code(), Some("InternalError"));
    }

    #[test]
    fn an_output_member_named_error_is_not_a_service_error() {
        #[derive(Deserialize)]
        struct WithError {
            #[serde(rename = "Items")]
            items: Vec<serde_json::Value>,
        }
        let body = br#"{"Response": {"Items": [{"Error": "none"}], "RequestId": "x"}}"#;
        assert_eq!(decode_response::<WithError>(200, body).unwrap().items.len(), 1);
    }

    #[test]
    fn request_id_is_found_without_parsing() {
        assert_eq!(request_id_of(r#"{"A": 1, "RequestId" : "6f0c-11"}"#), Some("6f0c-11"));
        assert_eq!(request_id_of(r#"{"A": 1}"#), None);
        let mut body = b"{\"Response\":{\"Name\":\"".to_vec();
        body.extend_from_slice(&[0xff; 3]);
        body.extend_from_slice(br#"","RequestId":"r-7"}}"#);
        assert_eq!(request_id_in(&body), Some("r-7"), "only the tail after the key needs to be UTF-8");
        assert_eq!(request_id_in(br#"{"Response":{}}"#), None);
    }
}
