//! Secret-looking values sent through every decode path (the API envelope, `Response.Error`, an output member,
//! STS AssumeRole and the CVM metadata service) never reach an error's Display, Debug or source chain, nor the
//! `call failed` log line; and a huge value gives a bounded error. Alone in its binary because it installs the
//! global tracing subscriber.

mod support;

use std::time::Duration;

use support::actions::Create;
use support::{Captured, Reply, Seen, TestServer};
use tencentcloud_core::credentials::{AssumeRoleProvider, CvmRoleProvider};
use tencentcloud_core::{Client, Credentials, Error, ProvideCredentials, RetryConfig};

const SECRET: &str = "S3CR3T-must-not-leak";
/// A secret that arrives as a JSON number.
const NUMERIC_SECRET: &str = "73190006543219876";

/// Display, Debug and every source of `e`.
fn everything_about(e: &Error) -> String {
    let mut text = format!("{e}\n{e:?}\n");
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        text.push_str(&format!("{cause}\n{cause:?}\n"));
        source = cause.source();
    }
    text
}

fn assert_clean(what: &str, text: &str) {
    assert!(!text.contains(SECRET) && !text.contains(NUMERIC_SECRET), "{what} leaked a secret: {text}");
}

/// Bodies that carry the secrets where the decoder expects something else.
fn api_bodies() -> Vec<String> {
    vec![
        format!(r#"{{"Response":"{SECRET}"}}"#),
        format!(r#"{{"Response":{{"Name":{NUMERIC_SECRET},"RequestId":"r"}}}}"#),
        format!(r#"{{"Response":{{"Name":["{SECRET}"],"RequestId":"r"}}}}"#),
        format!(r#"{{"Response":{{"Name":{{"k":"{SECRET}"}},"RequestId":"r"}}}}"#),
        format!(r#"{{"Response":{{"Error":"{SECRET}","RequestId":"r"}}}}"#),
        format!(r#"{{"Response":{{"Error":{{"Code":{NUMERIC_SECRET},"Message":"m"}},"RequestId":"r"}}}}"#),
        format!(r#"{{"Response":{{"Name":"{SECRET}","#),
        format!(r#""{SECRET}""#),
        format!(r#"["{SECRET}"]"#),
        format!(r#"{NUMERIC_SECRET}"#),
        format!(r#"{{"Response":{{"Name":"{SECRET}","RequestId":"r"}},"Response":{NUMERIC_SECRET}}}"#),
    ]
}

#[tokio::test(flavor = "current_thread")]
async fn secret_values_never_reach_errors_or_the_log() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    tracing::subscriber::set_global_default(subscriber).unwrap();

    let mut errors = Vec::new();
    for body in api_bodies() {
        let server = TestServer::start(move |_, _| Reply::Raw {
            status: 200,
            content_type: "application/json",
            body: body.clone(),
        })
        .await;
        let client = Client::builder()
            .credentials(Credentials::new("AKIDdecode", "key"))
            .endpoint(&server.url)
            .rate_limiting(false)
            .build()
            .unwrap();
        errors.push(client.execute(&Create { name: "x".into() }).await.unwrap_err());
    }

    let sts_bodies = [
        format!(r#"{{"Response":{{"Credentials":"{SECRET}","ExpiredTime":4000000000,"RequestId":"r"}}}}"#),
        format!(
            r#"{{"Response":{{"Credentials":{{"Token":"{SECRET}","TmpSecretId":"AKIDtmp","TmpSecretKey":{NUMERIC_SECRET}}},"ExpiredTime":4000000000,"RequestId":"r"}}}}"#
        ),
        format!(
            r#"{{"Response":{{"Credentials":{{"Token":{{"t":"{SECRET}"}},"TmpSecretId":"AKIDtmp","TmpSecretKey":"{SECRET}"}},"ExpiredTime":"{SECRET}","RequestId":"r"}}}}"#
        ),
    ];
    for body in sts_bodies {
        let sts = TestServer::start(move |_, _| Reply::Json(200, body.clone())).await;
        let provider =
            AssumeRoleProvider::builder(Credentials::new("AKIDbase", "key"), "qcs::cam::uin/1:roleName/r", "s")
                .endpoint(&sts.url)
                .build()
                .unwrap();
        errors.push(provider.provide().await.unwrap_err());
    }

    let metadata_bodies = [
        format!(
            r#"{{"TmpSecretId":"AKIDtmp","TmpSecretKey":{NUMERIC_SECRET},"Token":"{SECRET}","ExpiredTime":4000000000}}"#
        ),
        format!(
            r#"{{"TmpSecretId":"AKIDtmp","TmpSecretKey":"{SECRET}","Token":["{SECRET}"],"ExpiredTime":4000000000}}"#
        ),
        format!(r#""{SECRET}""#),
        format!(r#"{{"TmpSecretKey":"{SECRET}","#),
    ];
    for body in metadata_bodies {
        let metadata = TestServer::start(move |seen: &Seen, _| {
            if seen.path == "/" {
                Reply::Raw { status: 200, content_type: "text/plain", body: "role".into() }
            } else {
                Reply::Json(200, body.clone())
            }
        })
        .await;
        errors.push(CvmRoleProvider::with_base_url(&metadata.url).provide().await.unwrap_err());
    }

    for e in &errors {
        assert_clean("an error", &everything_about(e));
    }
    let log = String::from_utf8(captured.bytes()).unwrap();
    assert!(log.contains("call failed"), "the failures were logged: {log}");
    assert_clean("the log", &log);

    // A 4 MiB value gives an error of bounded size.
    let huge = format!(
        r#"{{"Response":{{"Name":{{"k":"{}"}},"RequestId":"{}"}}}}"#,
        SECRET.repeat(1 << 18),
        "r".repeat(1 << 20)
    );
    let server = TestServer::start(move |_, _| Reply::Json(200, huge.clone())).await;
    let client = Client::builder()
        .credentials(Credentials::new("AKIDdecode", "key"))
        .endpoint(&server.url)
        .retry(RetryConfig::disabled())
        .attempt_timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let e = client.execute(&Create { name: "x".into() }).await.unwrap_err();
    let text = everything_about(&e);
    assert_clean("a huge answer's error", &text);
    assert!(text.len() < 2_000, "the error is bounded: {} bytes", text.len());
}
