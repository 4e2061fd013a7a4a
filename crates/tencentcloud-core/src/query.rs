//! A request's parameters as the query string of a GET, flattened and encoded the way the official SDKs do.
//!
//! Nested members join their names with dots and array elements are numbered from 0, so
//! `{"Filters": [{"Name": "zone", "Values": ["a", "b"]}], "Limit": 1}` becomes
//! `Filters.0.Name=zone&Filters.0.Values.0=a&Filters.0.Values.1=b&Limit=1`, in the order the request serialises
//! its members. Nulls, empty arrays and empty objects send nothing (the Go, Python, Java and Node SDKs all drop
//! them); numbers print as JSON writes them; booleans as `true`/`false`, as the Go, Java and Node SDKs print
//! them (the Python SDK prints `True`/`False`; the service and the sandbox accept both).
//!
//! Names and values are encoded as Python's `urlencode` (`quote_plus`) and Go's `QueryEscape` do: letters,
//! digits and `-_.~` as they are, a space as `+`, every other byte of the UTF-8 as `%XX` in upper-case hex. The
//! signature covers the query exactly as sent, so the encoding only has to be one the server decodes.
//!
//! ```
//! let query = tencentcloud_core::query::encode(&serde_json::json!({
//!     "Filters": [{"Name": "instance-name", "Values": ["web 1", "未命名"]}],
//!     "Limit": 20,
//!     "DryRun": false,
//! }))
//! .unwrap();
//! assert_eq!(
//!     query,
//!     "Filters.0.Name=instance-name&Filters.0.Values.0=web+1&Filters.0.Values.1=%E6%9C%AA%E5%91%BD%E5%90%8D\
//!      &Limit=20&DryRun=false"
//! );
//! ```

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::Value;

use crate::Error;

/// The form-urlencoded query string of a request's JSON parameters (an object; see the module docs).
pub fn encode(params: &Value) -> Result<String, Error> {
    let Value::Object(members) = params else {
        return Err(Error::build("a GET request's parameters must serialise to a JSON object"));
    };
    let mut out = String::new();
    let mut name = String::new();
    for (key, value) in members {
        name.clear();
        name.push_str(key);
        flatten(&mut name, value, &mut out);
    }
    Ok(out)
}

/// Appends `name=value` pairs for `value` under the dotted `name`, restoring `name` before returning.
fn flatten(name: &mut String, value: &Value, out: &mut String) {
    let scalar = match value {
        Value::Null => return,
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                nested(name, &index.to_string(), item, out);
            }
            return;
        }
        Value::Object(members) => {
            for (key, member) in members {
                nested(name, key, member, out);
            }
            return;
        }
        Value::Bool(b) => if *b { "true" } else { "false" }.to_owned(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
    };
    if !out.is_empty() {
        out.push('&');
    }
    push_encoded(out, name);
    out.push('=');
    push_encoded(out, &scalar);
}

fn nested(name: &mut String, segment: &str, value: &Value, out: &mut String) {
    let length = name.len();
    name.push('.');
    name.push_str(segment);
    flatten(name, value, out);
    name.truncate(length);
}

/// What `quote_plus` leaves as it is: ASCII letters and digits and `-_.~` (a space becomes `+`, below).
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// Appends `text` encoded as `quote_plus` does.
pub fn push_encoded(out: &mut String, text: &str) {
    for (i, piece) in text.split(' ').enumerate() {
        if i > 0 {
            out.push('+');
        }
        out.extend(utf8_percent_encode(piece, UNRESERVED));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn get_request_query_flattens_like_the_official_sdks() {
        let query = encode(&json!({
            "A": {"B": {"C": 1.5}},
            "Empty": [],
            "None": null,
            "Nested": [[1, 2], {}],
            "Text": "a+b&c=d/é~*",
            "Blank": "",
        }))
        .unwrap();
        assert_eq!(query, "A.B.C=1.5&Nested.0.0=1&Nested.0.1=2&Text=a%2Bb%26c%3Dd%2F%C3%A9~%2A&Blank=");
        assert_eq!(encode(&json!({})).unwrap(), "");
        assert!(encode(&json!([1])).unwrap_err().is_build());
    }
}
