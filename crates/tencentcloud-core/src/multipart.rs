//! `multipart/form-data` bodies, for the actions the official SDKs send that way (cii `UploadMedicalFile` and
//! `DescribeQualityScore`, whose `File` is the file's bytes). The body is laid out byte for byte as the Python
//! SDK's `_get_multipart_body` lays it out, and signed by its SHA-256 with the boundary-carrying
//! `Content-Type` as a signed header, as `_build_req_with_tc3_signature` signs it:
//!
//! - each member of the request, in order, is a part `Content-Disposition: form-data; name="<member>"`; a string
//!   is its UTF-8 text, an array or object is JSON as Python's `json.dumps` writes it (`", "` and `": "`,
//!   non-ASCII as `\uXXXX`, floats as Python's `repr`) under `Content-Type: application/json`;
//! - a binary part ([`Multipart::with_binary`]) carries its bytes under `name="<name>"; filename="<name>"`, in
//!   the place of the request member of that name, or after the request's members when it has none;
//! - parts are separated by `--<boundary>`, a fresh random 32-hex-digit one per call (`uuid4().hex`, as the
//!   Python SDK), and closed by `--<boundary>--`. A request without members is an empty body, as in Python.
//!
//! Python cannot send a number or boolean member as a part (its `%s` of bytes refuses them); here they are their
//! JSON text (`5`, `true`). A `null` member is left out, as an absent optional member is.
//!
//! ```no_run
//! # async fn upload<A: tencentcloud_core::Action>(client: &tencentcloud_core::Client, request: &A, scan: Vec<u8>)
//! # -> Result<A::Output, tencentcloud_core::Error> {
//! use tencentcloud_core::{Multipart, RequestOptions};
//! // `request` holds the other members (e.g. FileURL unset); File goes as the file's bytes.
//! client.execute_with(request, &RequestOptions::new().with_multipart(Multipart::new().with_binary("File", scan))).await
//! # }
//! ```

use std::fmt;
use std::io;

use bytes::Bytes;
use reqwest::header::HeaderValue;
use serde::Serialize;
use serde_json::Value;

use crate::Error;

/// The media type of a multipart call; the `Content-Type` sent adds `; boundary=<boundary>`.
pub const MULTIPART_FORM_DATA: &str = "multipart/form-data";

/// How many random boundaries are tried before a body that contains each of them is refused (a 128-bit random
/// boundary occurring in the content by chance is, in practice, never seen even once).
const RANDOM_BOUNDARY_TRIES: usize = 4;

/// The binary parts of a multipart call and, optionally, a fixed boundary. Debug shows names and sizes, not bytes.
#[derive(Clone, Default)]
#[must_use]
pub struct Multipart {
    binary: Vec<(String, Bytes)>,
    boundary: Option<String>,
}

impl fmt::Debug for Multipart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<(&str, usize)> = self.binary.iter().map(|(name, bytes)| (name.as_str(), bytes.len())).collect();
        f.debug_struct("Multipart").field("binary_bytes", &parts).field("boundary", &self.boundary).finish()
    }
}

impl Multipart {
    /// Every member of the request as a text or JSON part, with no binary parts.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sends `bytes` as the file part `name` (the official SDKs' `BinaryParams`), replacing the request's member
    /// of that name if it has one.
    pub fn with_binary(mut self, name: impl Into<String>, bytes: impl Into<Bytes>) -> Self {
        self.binary.push((name.into(), bytes.into()));
        self
    }

    /// Uses this boundary instead of a fresh random one, for a reproducible body (comparing with another SDK, a
    /// recorded test). It must be 1 to 70 of `0-9 A-Z a-z ' ( ) + _ , - . / : = ?` (RFC 2046) and must not occur
    /// in any part, or the call fails before any traffic.
    pub fn with_boundary(mut self, boundary: impl Into<String>) -> Self {
        self.boundary = Some(boundary.into());
        self
    }

    /// The body and `Content-Type` for `request`'s members; `fresh_boundary` gives random 32-hex-digit boundaries
    /// when none is fixed. Nothing depends on their being unpredictable: a boundary found in a part is never used.
    pub(crate) fn wire<T: Serialize + ?Sized>(
        &self,
        request: &T,
        fresh_boundary: impl Fn() -> String,
    ) -> Result<MultipartWire, Error> {
        let parts = self.parts(request)?;
        let (body, boundary) = match &self.boundary {
            Some(boundary) => {
                check_boundary(boundary)?;
                if parts.iter().any(|part| contains_delimiter(part.value(), boundary)) {
                    return Err(Error::build("the multipart boundary occurs in a part; choose another"));
                }
                (layout(&parts, boundary), boundary.clone())
            }
            None => (0..RANDOM_BOUNDARY_TRIES)
                .map(|_| fresh_boundary())
                .find(|boundary| !parts.iter().any(|part| contains_delimiter(part.value(), boundary)))
                .map(|boundary| (layout(&parts, &boundary), boundary))
                .ok_or_else(|| Error::build("no multipart boundary was found that the parts do not contain"))?,
        };
        let content_type = format!("{MULTIPART_FORM_DATA}; boundary={boundary}");
        // The boundary is checked ASCII (or hex), so the value is always a valid header.
        let header = HeaderValue::from_str(&content_type)
            .map_err(|_| Error::build("the multipart boundary is not a valid header value"))?;
        Ok(MultipartWire { body: Bytes::from(body), content_type, header })
    }

    /// The request's members as parts, in order, with the binary parts in place or after them.
    fn parts<T: Serialize + ?Sized>(&self, request: &T) -> Result<Vec<Part<'_>>, Error> {
        let failed =
            |e: serde_json::Error| Error::build(format!("the request could not be serialised: {e}")).with_source(e);
        let Value::Object(members) = serde_json::to_value(request).map_err(failed)? else {
            return Err(Error::build("a multipart request must serialise to a JSON object of members"));
        };
        for (i, (name, _)) in self.binary.iter().enumerate() {
            check_name(name)?;
            if self.binary[..i].iter().any(|(earlier, _)| earlier == name) {
                let shown = crate::error::one_line(name, 64);
                return Err(Error::build(format!("the binary part `{shown}` is given twice")));
            }
        }
        let binary = |name: &str| self.binary.iter().find(|(n, _)| n == name).map(|(_, bytes)| bytes);
        let mut parts = Vec::with_capacity(members.len() + self.binary.len());
        for (name, value) in &members {
            check_name(name)?;
            if let Some(bytes) = binary(name) {
                parts.push(Part::Binary(name.clone(), bytes));
                continue;
            }
            match value {
                Value::Null => {}
                Value::String(text) => parts.push(Part::Text(name.clone(), text.clone().into_bytes(), false)),
                Value::Array(_) | Value::Object(_) => parts.push(Part::Text(name.clone(), python_json(value)?, true)),
                Value::Bool(_) | Value::Number(_) => parts.push(Part::Text(name.clone(), python_json(value)?, false)),
            }
        }
        for (name, bytes) in &self.binary {
            if !members.contains_key(name) {
                parts.push(Part::Binary(name.clone(), bytes));
            }
        }
        Ok(parts)
    }
}

/// One form part: a text value (JSON when the flag is set) or a file's bytes.
enum Part<'a> {
    Text(String, Vec<u8>, bool),
    Binary(String, &'a Bytes),
}

impl Part<'_> {
    fn value(&self) -> &[u8] {
        match self {
            Part::Text(_, value, _) => value,
            Part::Binary(_, bytes) => bytes,
        }
    }
}

/// The body, exactly as the Python SDK's `_get_multipart_body` writes it.
fn layout(parts: &[Part<'_>], boundary: &str) -> Vec<u8> {
    let size: usize = parts.iter().map(|part| part.value().len() + 2 * boundary.len() + 128).sum();
    let mut body = Vec::with_capacity(size);
    for part in parts {
        body.extend_from_slice(b"--");
        body.extend_from_slice(boundary.as_bytes());
        body.extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
        match part {
            Part::Binary(name, _) => {
                body.extend_from_slice(name.as_bytes());
                body.extend_from_slice(b"\"; filename=\"");
                body.extend_from_slice(name.as_bytes());
                body.extend_from_slice(b"\"\r\n");
            }
            Part::Text(name, _, json) => {
                body.extend_from_slice(name.as_bytes());
                body.extend_from_slice(b"\"\r\n");
                if *json {
                    body.extend_from_slice(b"Content-Type: application/json\r\n");
                }
            }
        }
        body.extend_from_slice(b"\r\n");
        body.extend_from_slice(part.value());
        body.extend_from_slice(b"\r\n");
    }
    if !body.is_empty() {
        body.extend_from_slice(b"--");
        body.extend_from_slice(boundary.as_bytes());
        body.extend_from_slice(b"--\r\n");
    }
    body
}

/// A part name goes between quotes in a header: visible ASCII without `"` or `\`, so it can neither end the
/// quoted string nor the header line.
fn check_name(name: &str) -> Result<(), Error> {
    if !name.is_empty() && name.bytes().all(|b| b.is_ascii_graphic() && b != b'"' && b != b'\\') {
        return Ok(());
    }
    let shown = crate::error::one_line(name, 64);
    Err(Error::build(format!("`{shown}` cannot be a multipart part name (visible ASCII without `\"` or `\\`)")))
}

fn check_boundary(boundary: &str) -> Result<(), Error> {
    let allowed = |b: u8| b.is_ascii_alphanumeric() || b"'()+_,-./:=?".contains(&b);
    if (1..=70).contains(&boundary.len()) && boundary.bytes().all(allowed) {
        return Ok(());
    }
    Err(Error::build("a multipart boundary must be 1 to 70 of 0-9 A-Z a-z ' ( ) + _ , - . / : = ? (RFC 2046)"))
}

/// Whether `--<boundary>` occurs in `value`, which would end the part early for a reader. Boyer-Moore-Horspool:
/// a file's bytes are mostly not in the delimiter, so the search steps about its length at a time. On a 1 MiB
/// file comparing every window took 1.8 ms; this search and the layout together take about 0.2 ms, beside 0.7 ms
/// for the body's SHA-256 (`cargo bench -p tencentcloud-core --bench execute -- "1 MiB"`).
fn contains_delimiter(value: &[u8], boundary: &str) -> bool {
    let delimiter = [b"--".as_slice(), boundary.as_bytes()].concat();
    let (length, last) = (delimiter.len(), delimiter[delimiter.len() - 1]);
    let mut skip = [length; 256];
    for (i, &byte) in delimiter[..length - 1].iter().enumerate() {
        skip[usize::from(byte)] = length - 1 - i;
    }
    let mut at = 0;
    while let Some(window) = value.get(at..at + length) {
        if window[length - 1] == last && window == delimiter.as_slice() {
            return true;
        }
        at += skip[usize::from(window[length - 1])];
    }
    false
}

/// `value` as Python's `json.dumps(value)` writes it.
fn python_json(value: &Value) -> Result<Vec<u8>, Error> {
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, PythonJson);
    value
        .serialize(&mut serializer)
        .map_err(|e| Error::build(format!("a multipart JSON part could not be written: {e}")).with_source(e))?;
    Ok(out)
}

/// The defaults of Python's `json.dumps`: `", "` and `": "` separators, `ensure_ascii` (everything outside
/// printable ASCII as `\uXXXX`, astral characters as surrogate pairs, DEL included), floats as `repr`.
struct PythonJson;

impl serde_json::ser::Formatter for PythonJson {
    fn begin_array_value<W: ?Sized + io::Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        if first { Ok(()) } else { writer.write_all(b", ") }
    }

    fn begin_object_key<W: ?Sized + io::Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        if first { Ok(()) } else { writer.write_all(b", ") }
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn write_string_fragment<W: ?Sized + io::Write>(&mut self, writer: &mut W, fragment: &str) -> io::Result<()> {
        // serde_json has already escaped quotes, backslashes and control characters; the rest of Python's
        // `ensure_ascii` is everything from DEL up.
        let mut start = 0;
        for (at, c) in fragment.char_indices() {
            if (' '..='~').contains(&c) {
                continue;
            }
            writer.write_all(&fragment.as_bytes()[start..at])?;
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                write!(writer, "\\u{unit:04x}")?;
            }
            start = at + c.len_utf8();
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    fn write_f64<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: f64) -> io::Result<()> {
        writer.write_all(python_float(value).as_bytes())
    }

    fn write_f32<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: f32) -> io::Result<()> {
        writer.write_all(python_float(f64::from(value)).as_bytes())
    }
}

/// Python's `repr` of a finite float: the shortest digits that read back the same (as Rust's `{:e}` gives them),
/// written plainly when the decimal point falls within 16 places (`0.0001`, `1e+16` beyond), with `.0` on whole
/// numbers and a signed, two-digit exponent (`1e-05`, `1.5e+300`).
pub(crate) fn python_float(value: f64) -> String {
    let shortest = format!("{:e}", value.abs());
    // Two shortest strings may read back the same, equally far from the value (640809278922678.25 is
    // ...678.2 or ...678.3 in 16 digits); Python takes the even one, as exact rounding to that many digits does.
    let digit_count = shortest.split_once('e').map_or(1, |(m, _)| m.bytes().filter(u8::is_ascii_digit).count());
    let rounded = format!("{:.*e}", digit_count.saturating_sub(1), value.abs());
    let scientific = if rounded.parse::<f64>() == Ok(value.abs()) { rounded } else { shortest };
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((scientific.as_str(), "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let sign = if value.is_sign_negative() { "-" } else { "" };
    // Python's `decpt`: the value is 0.<digits> x 10^decpt.
    let point = exponent + 1;
    if !(-3..=16).contains(&point) {
        let (first, rest) = digits.split_at(1.min(digits.len()));
        let fraction = if rest.is_empty() { String::new() } else { format!(".{rest}") };
        let exponent_sign = if exponent < 0 { '-' } else { '+' };
        return format!("{sign}{first}{fraction}e{exponent_sign}{:02}", exponent.unsigned_abs());
    }
    let point = point.max(0) as usize;
    if point == 0 {
        let zeros = "0".repeat((-(exponent + 1)) as usize);
        format!("{sign}0.{zeros}{digits}")
    } else if digits.len() <= point {
        format!("{sign}{digits}{}.0", "0".repeat(point - digits.len()))
    } else {
        format!("{sign}{}.{}", &digits[..point], &digits[point..])
    }
}

/// A multipart call on the wire.
#[derive(Debug, Clone)]
pub(crate) struct MultipartWire {
    pub(crate) body: Bytes,
    /// `multipart/form-data; boundary=...`, signed as sent.
    pub(crate) content_type: String,
    pub(crate) header: HeaderValue,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_are_written_as_python_repr_writes_them() {
        for (value, python) in [
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1.0, "1.0"),
            (1.5, "1.5"),
            (100.0, "100.0"),
            (0.1, "0.1"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (0.000123, "0.000123"),
            (0.0000123, "1.23e-05"),
            (1e15, "1000000000000000.0"),
            (1e16, "1e+16"),
            (1.5e16, "1.5e+16"),
            (123456789012345680.0, "1.2345678901234568e+17"),
            (-2.5e-300, "-2.5e-300"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
            (9007199254740993.0, "9007199254740992.0"),
            (5_126_474_231_381_426.0 / 8.0, "640809278922678.2"), // exactly ...678.25, a tie
            (0.3, "0.3"),
            (2.5, "2.5"),
        ] {
            assert_eq!(python_float(value), python, "{value:e}");
        }
    }

    #[test]
    fn the_delimiter_search_finds_what_comparing_every_window_finds() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for round in 0..3000 {
            let boundary = ["b", "ab", "--", "0f3a", "a-b-"][round % 5];
            // A small alphabet, so the delimiter and near misses occur by chance.
            let value: Vec<u8> = (0..next() % 40).map(|_| b"-ab0f3"[(next() % 6) as usize]).collect();
            let delimiter = format!("--{boundary}").into_bytes();
            let naive = value.windows(delimiter.len()).any(|window| window == delimiter);
            assert_eq!(contains_delimiter(&value, boundary), naive, "{:?} in {:?}", boundary, value.escape_ascii());
        }
    }

    #[test]
    fn json_parts_are_written_as_python_json_dumps_writes_them() {
        let value = serde_json::json!({"a": [1, 2.5, "é\u{7f}\u{1f600}\n\"", null, true], "b": {}});
        let written = String::from_utf8(python_json(&value).unwrap()).unwrap();
        assert_eq!(written, r#"{"a": [1, 2.5, "\u00e9\u007f\ud83d\ude00\n\"", null, true], "b": {}}"#);
    }
}
