//! Multipart bodies over a real socket (cii UploadMedicalFile style): the server receives a well-formed
//! `multipart/form-data` body (each member a part, the file's bytes as a file part) under a boundary-carrying
//! Content-Type, and the signature (over the body's hash and that Content-Type) verifies; bad input fails before
//! any traffic.

mod support;

use std::time::Duration;

use serde::Serialize;
use serde_json::{Value, json};
use support::actions::{UPLOAD_MEDICAL_FILE, Upload as Raw};
use support::{Reply, Seen, TestServer};
use tencentcloud_core::{
    Action, ActionInfo, Client, Credentials, HttpMethod, Multipart, OctetStream, RequestOptions, RetryConfig,
};

const SECRET_ID: &str = "AKIDtestmultipart";
const SECRET_KEY: &str = "multipart-key";

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Upload {
    name: String,
    tags: Vec<String>,
    limit: u32,
    #[serde(rename = "FileURL", skip_serializing_if = "Option::is_none")]
    file_url: Option<String>,
}

impl Action for Upload {
    type Output = Value;
    const INFO: &'static ActionInfo = &UPLOAD_MEDICAL_FILE;
}

fn client(server: &TestServer) -> Client {
    let no_backoff = RetryConfig::standard().with_base_delay(Duration::ZERO).with_max_delay(Duration::ZERO);
    let builder = Client::builder().credentials(Credentials::new(SECRET_ID, SECRET_KEY)).endpoint(&server.url);
    builder.rate_limiting(false).retry(no_backoff).build().unwrap()
}

/// One part of a multipart body: its header lines and its value.
#[derive(Debug, PartialEq)]
struct Part {
    headers: Vec<String>,
    value: Vec<u8>,
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

/// Reads a multipart/form-data body strictly (RFC 7578 / 2046): the boundary from the Content-Type, every part
/// opened by `--boundary CRLF`, headers ending in a blank line, the value up to `CRLF --boundary`, and the body
/// closed by `--boundary--` CRLF with nothing after it.
fn parse_multipart(seen: &Seen) -> Vec<Part> {
    let content_type = seen.header("content-type").unwrap();
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect(content_type);
    let opener = format!("--{boundary}\r\n").into_bytes();
    let separator = format!("\r\n--{boundary}").into_bytes();
    let mut rest = seen.body.as_slice();
    let mut parts = Vec::new();
    loop {
        assert!(rest.starts_with(&opener), "a part must open with the boundary line");
        rest = &rest[opener.len()..];
        let end = find(rest, &separator).expect("every part is followed by a boundary");
        let part = &rest[..end];
        let blank = find(part, b"\r\n\r\n").expect("part headers end in a blank line");
        let headers = String::from_utf8(part[..blank].to_vec()).unwrap();
        parts.push(Part {
            headers: headers.split("\r\n").map(str::to_owned).collect(),
            value: part[blank + 4..].to_vec(),
        });
        rest = &rest[end + 2..];
        if rest == format!("--{boundary}--\r\n").as_bytes() {
            return parts;
        }
    }
}

#[tokio::test]
async fn multipart_body_is_well_formed_and_signed_over_its_content_type() {
    let server = TestServer::start(|_, n| {
        if n == 0 {
            Reply::service_error("RequestLimitExceeded", "slow down", "r-0")
        } else {
            Reply::response(json!({"RequestId": format!("r-{n}")}))
        }
    })
    .await;
    // A file whose bytes look like multipart framing, to show they are carried as they are.
    let mut file: Vec<u8> = (0..50_000u32).map(|i| (i * 31 + i / 97) as u8).collect();
    file[100..108].copy_from_slice(b"\r\n--\r\n\r\n");
    let request = Upload { name: "扫描 scan".into(), tags: vec!["a".into(), "ü".into()], limit: 5, file_url: None };
    let options = RequestOptions::new().with_multipart(Multipart::new().with_binary("File", file.clone()));
    let client = client(&server);
    client.execute_with(&request, &options).await.unwrap();
    client.execute_with(&request, &options).await.unwrap();

    let seen = server.requests();
    assert_eq!(seen.len(), 3, "the first call was retried once");
    assert_eq!(seen[0].body, seen[1].body, "a retry sends the same body and boundary");
    assert_eq!(seen[0].header("content-type"), seen[1].header("content-type"));
    let boundary = |seen: &Seen| seen.header("content-type").unwrap().rsplit('=').next().unwrap().to_owned();
    assert_ne!(boundary(&seen[1]), boundary(&seen[2]), "each call gets a fresh boundary");
    for request in &seen {
        let b = boundary(request);
        assert!(b.len() == 32 && b.bytes().all(|c| c.is_ascii_hexdigit()), "uuid4().hex as the Python SDK: {b}");
        assert_eq!(request.method, "POST");
        assert_eq!(request.header("x-tc-action"), Some("UploadMedicalFile"));
        let parts = parse_multipart(request);
        let disposition = |name: &str| format!("Content-Disposition: form-data; name=\"{name}\"");
        assert_eq!(
            parts,
            [
                Part { headers: vec![disposition("Name")], value: "扫描 scan".as_bytes().to_vec() },
                Part {
                    headers: vec![disposition("Tags"), "Content-Type: application/json".into()],
                    value: br#"["a", "\u00fc"]"#.to_vec(),
                },
                Part { headers: vec![disposition("Limit")], value: b"5".to_vec() },
                Part { headers: vec![format!("{}; filename=\"File\"", disposition("File"))], value: file.clone() },
            ]
        );
        let verified = request.verify(SECRET_ID, SECRET_KEY).unwrap();
        assert_eq!(verified.service, "cii");
    }
    // The signature covers the body and the Content-Type with its boundary.
    let mut tampered = seen[2].clone();
    tampered.body[20_000] ^= 1;
    assert_eq!(tampered.verify(SECRET_ID, SECRET_KEY).unwrap_err().code(), "AuthFailure.SignatureFailure");
    let mut reframed = seen[2].clone();
    let other = format!("multipart/form-data; boundary={}", boundary(&seen[1]));
    reframed.headers.insert("content-type", other.parse().unwrap());
    assert_eq!(reframed.verify(SECRET_ID, SECRET_KEY).unwrap_err().code(), "AuthFailure.SignatureFailure");
}

#[tokio::test]
async fn multipart_with_a_fixed_boundary_is_the_python_layout_byte_for_byte() {
    let server = TestServer::start(|_, _| Reply::response(json!({"RequestId": "r"}))).await;
    let request = Raw(json!({"File": "replaced", "Info": {"K": 1.5e-7, "L": [true, null]}, "Skipped": null}));
    let multipart = Multipart::new().with_binary("File", vec![0u8, 0xff]).with_binary("Extra", b"x".to_vec());
    let options = RequestOptions::new().with_multipart(multipart.with_boundary("b0"));
    client(&server).execute_with(&request, &options).await.unwrap();
    let seen = &server.requests()[0];
    assert_eq!(seen.header("content-type"), Some("multipart/form-data; boundary=b0"));
    // As the Python SDK's _get_multipart_body writes it for {"File", "Info"} with BinaryParams File and Extra
    // (sign_interop's multipart test checks it on random bodies): the binary part in place of the member, the new
    // one last. The null member is left out (Python cannot send one: its `%s` of bytes refuses None).
    let expected: &[u8] =
        b"--b0\r\nContent-Disposition: form-data; name=\"File\"; filename=\"File\"\r\n\r\n\x00\xff\r\n\
        --b0\r\nContent-Disposition: form-data; name=\"Info\"\r\nContent-Type: application/json\r\n\r\n\
        {\"K\": 1.5e-07, \"L\": [true, null]}\r\n\
        --b0\r\nContent-Disposition: form-data; name=\"Extra\"; filename=\"Extra\"\r\n\r\nx\r\n--b0--\r\n";
    assert_eq!(seen.body.escape_ascii().to_string(), expected.escape_ascii().to_string());
    seen.verify(SECRET_ID, SECRET_KEY).unwrap();
}

#[tokio::test]
async fn multipart_bad_input_fails_before_any_traffic() {
    let server = TestServer::start(|_, _| Reply::response(json!({"RequestId": "r"}))).await;
    let client = client(&server);
    let upload = || Upload { name: "n".into(), tags: vec![], limit: 1, file_url: Some("u".into()) };
    let with = |multipart: Multipart| RequestOptions::new().with_multipart(multipart);
    for (options, needle) in [
        (with(Multipart::new()).with_method(HttpMethod::Get), "sent with POST"),
        (with(Multipart::new()).with_octet_stream(OctetStream::new(vec![1])), "not both"),
        (with(Multipart::new().with_binary("Fi\"le", vec![1])), "cannot be a multipart part name"),
        (with(Multipart::new().with_binary("File\r\nX-Injected: 1", vec![1])), "cannot be a multipart part name"),
        (with(Multipart::new().with_binary("File", vec![1]).with_binary("File", vec![2])), "given twice"),
        (with(Multipart::new().with_boundary("has space")), "1 to 70"),
        (with(Multipart::new().with_boundary("x".repeat(71))), "1 to 70"),
        (with(Multipart::new().with_binary("File", b"ab--b0cd".to_vec()).with_boundary("b0")), "occurs in a part"),
    ] {
        let error = client.execute_with(&upload(), &options).await.unwrap_err();
        assert!(error.is_build() && error.to_string().contains(needle), "{needle}: {error}");
    }
    for request in [Raw(json!(["not", "an", "object"])), Raw(json!({"Bad\"Name": "v"})), Raw(json!({"": "v"}))] {
        let error = client.execute_with(&request, &with(Multipart::new())).await.unwrap_err();
        assert!(error.is_build(), "{error}");
    }
    assert!(server.requests().is_empty());
    // Debug shows part names and sizes, never the bytes.
    let shown = format!("{:?}", Multipart::new().with_binary("File", b"secret-bytes".to_vec()));
    assert!(!shown.contains("secret") && shown.contains("File") && shown.contains("12"), "{shown}");
}
