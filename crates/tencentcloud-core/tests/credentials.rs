//! Credential providers against local stand-ins: a metadata server for the CVM role, an STS endpoint for
//! AssumeRole, profile files on disk; and the guarantee that no secret reaches Debug or an error.

mod support;

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};
use support::actions::Create;
use support::{Reply, Seen, TestServer, civil, unix_now};
use tencentcloud_core::credentials::{AssumeRoleProvider, CvmRoleProvider, DefaultChain, ProfileProvider};
use tencentcloud_core::sign;
use tencentcloud_core::{Client, Credentials, ProvideCredentials, RetryConfig};

const TMP_KEY: &str = "TMPKEY-must-not-leak";
const TMP_TOKEN: &str = "TMPTOKEN-must-not-leak";
const BASE_KEY: &str = "BASEKEY-must-not-leak";

fn no_secret(text: &str) {
    for secret in [TMP_KEY, TMP_TOKEN, BASE_KEY] {
        assert!(!text.contains(secret), "a secret leaked: {text}");
    }
}

/// A metadata server: `/` lists the role, `/<role>` returns credentials expiring `expires_in` seconds from now.
async fn metadata_server(expires_in: i64, iso_expiry: bool) -> TestServer {
    TestServer::start(move |seen: &Seen, n| match seen.path.as_str() {
        "/meta/" => Reply::Raw { status: 200, content_type: "text/plain", body: "cvm-reader\n".into() },
        "/meta/cvm-reader" => {
            let expiry = unix_now() + expires_in;
            let mut body = json!({
                "TmpSecretId": format!("AKIDtmp{n}"),
                "TmpSecretKey": TMP_KEY,
                "Token": TMP_TOKEN,
                "Code": "Success",
            });
            if iso_expiry {
                let (y, m, d) = civil(expiry.div_euclid(86_400));
                let secs = expiry.rem_euclid(86_400);
                body["Expiration"] =
                    json!(format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", secs / 3600, secs / 60 % 60, secs % 60));
            } else {
                body["ExpiredTime"] = json!(expiry);
            }
            Reply::Json(200, body.to_string())
        }
        _ => Reply::Raw { status: 404, content_type: "text/plain", body: "not found".into() },
    })
    .await
}

#[tokio::test]
async fn cvm_role_credentials_are_fetched_cached_and_refreshed() {
    let server = metadata_server(3600, false).await;
    let provider = CvmRoleProvider::with_base_url(format!("{}/meta/", server.url));
    let first = provider.provide().await.unwrap();
    assert_eq!(first.secret_id(), "AKIDtmp1");
    assert_eq!(first.secret_key(), TMP_KEY);
    assert_eq!(first.token(), Some(TMP_TOKEN));
    let left = first.expires_at().unwrap().duration_since(SystemTime::now()).unwrap();
    assert!(left > Duration::from_secs(3500) && left <= Duration::from_secs(3600), "{left:?}");
    let paths: Vec<_> = server.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(paths, ["/meta/", "/meta/cvm-reader"]);

    let again = provider.provide().await.unwrap();
    assert!(Arc::ptr_eq(&first, &again), "fresh credentials come from the cache");
    assert_eq!(server.requests().len(), 2);
    no_secret(&format!("{provider:?} {first:?}"));

    // Credentials inside the five-minute margin are refreshed on every use.
    let short = metadata_server(200, false).await;
    let provider = CvmRoleProvider::with_base_url(format!("{}/meta", short.url)).with_role("cvm-reader");
    assert_eq!(provider.provide().await.unwrap().secret_id(), "AKIDtmp0");
    assert_eq!(provider.provide().await.unwrap().secret_id(), "AKIDtmp1");
    assert!(short.requests().iter().all(|r| r.path == "/meta/cvm-reader"), "a configured role skips the listing");
}

#[tokio::test]
async fn cvm_role_accepts_an_rfc3339_expiration() {
    let server = metadata_server(7200, true).await;
    let provider = CvmRoleProvider::with_base_url(format!("{}/meta/", server.url));
    let credentials = provider.provide().await.unwrap();
    let expiry = credentials.expires_at().unwrap().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64;
    assert!((expiry - (unix_now() + 7200)).abs() <= 2, "{expiry}");
}

#[tokio::test]
async fn many_waiting_calls_share_one_refresh() {
    let server = metadata_server(3600, false).await;
    let provider = CvmRoleProvider::with_base_url(format!("{}/meta/", server.url));
    let calls: Vec<_> = (0..16)
        .map(|_| {
            let provider = provider.clone();
            tokio::spawn(async move { provider.provide().await.map(|c| c.secret_id().to_owned()) })
        })
        .collect();
    for call in calls {
        assert_eq!(call.await.unwrap().unwrap(), "AKIDtmp1");
    }
    assert_eq!(server.requests().len(), 2, "one listing and one credentials fetch for all sixteen calls");
}

#[tokio::test]
async fn twenty_calls_inside_the_refresh_margin_share_one_metadata_fetch() {
    // 200 s left is inside the five-minute margin: every caller finds the cache stale at once.
    let server = metadata_server(200, false).await;
    let provider = CvmRoleProvider::with_base_url(format!("{}/meta/", server.url));
    let calls: Vec<_> = (0..20)
        .map(|_| {
            let provider = provider.clone();
            tokio::spawn(async move { provider.provide().await.map(|c| c.secret_id().to_owned()) })
        })
        .collect();
    for call in calls {
        assert_eq!(call.await.unwrap().unwrap(), "AKIDtmp1");
    }
    assert_eq!(server.requests().len(), 2, "one listing and one credentials fetch, not one per waiter");
}

#[tokio::test]
async fn already_expired_role_and_sts_credentials_are_refused() {
    for iso in [false, true] {
        let server = metadata_server(-60, iso).await;
        let e = CvmRoleProvider::with_base_url(format!("{}/meta/", server.url)).provide().await.unwrap_err();
        assert!(e.is_credentials() && e.to_string().contains("already expired"), "{e}");
        no_secret(&format!("{e} {e:?}"));
    }
    let sts = TestServer::start(|_, _| {
        Reply::response(json!({
            "Credentials": {"Token": TMP_TOKEN, "TmpSecretId": "AKIDold", "TmpSecretKey": TMP_KEY},
            "ExpiredTime": unix_now() - 60,
            "RequestId": "sts-old",
        }))
    })
    .await;
    let e = sts_role(&sts, BASE_KEY, "r").provide().await.unwrap_err();
    assert!(e.is_credentials() && e.to_string().contains("already expired"), "{e}");
    no_secret(&format!("{e} {e:?}"));
}

#[tokio::test]
async fn cvm_role_failures_are_credential_errors() {
    let no_role =
        TestServer::start(|_, _| Reply::Raw { status: 200, content_type: "text/plain", body: "".into() }).await;
    let e = CvmRoleProvider::with_base_url(&no_role.url).provide().await.unwrap_err();
    assert!(e.is_credentials() && e.to_string().contains("no CAM role"), "{e}");

    let refused = TestServer::start(|seen: &Seen, _| {
        if seen.path == "/" {
            Reply::Raw { status: 200, content_type: "text/plain", body: "r".into() }
        } else {
            Reply::Json(200, json!({"Code": "AccessDenied", "TmpSecretKey": TMP_KEY}).to_string())
        }
    })
    .await;
    let e = CvmRoleProvider::with_base_url(&refused.url).provide().await.unwrap_err();
    assert!(e.is_credentials(), "{e}");
    no_secret(&format!("{e} {e:?}"));

    let not_found =
        TestServer::start(|_, _| Reply::Raw { status: 404, content_type: "text/plain", body: "".into() }).await;
    let e = CvmRoleProvider::with_base_url(&not_found.url).provide().await.unwrap_err();
    assert!(e.to_string().contains("404"), "{e}");
}

/// An STS stand-in that checks the AssumeRole call is signed with the base credentials.
async fn sts_server() -> TestServer {
    TestServer::start(|seen: &Seen, n| {
        if let Err(e) = seen.verify("AKIDbase", BASE_KEY) {
            return Reply::service_error(e.code(), &e.to_string(), "sts-bad");
        }
        if seen.header("x-tc-action") != Some("AssumeRole") {
            return Reply::service_error("InvalidAction", "expected AssumeRole", "sts-1");
        }
        let body: Value = serde_json::from_slice(&seen.body).unwrap();
        if body["RoleArn"] == "qcs::cam::uin/1:roleName/denied" {
            return Reply::service_error("AuthFailure.UnauthorizedOperation", "not allowed", "sts-2");
        }
        Reply::response(json!({
            "Credentials": {
                "Token": TMP_TOKEN,
                "TmpSecretId": format!("AKIDsts{n}"),
                "TmpSecretKey": TMP_KEY,
            },
            "ExpiredTime": unix_now() + 1800,
            "Expiration": "2099-01-01T00:00:00Z",
            "RequestId": format!("sts-ok-{n}"),
        }))
    })
    .await
}

#[tokio::test]
async fn assume_role_calls_sts_and_the_client_uses_the_temporary_credentials() {
    let sts = sts_server().await;
    let provider = AssumeRoleProvider::builder(
        Credentials::new("AKIDbase", BASE_KEY),
        "qcs::cam::uin/1:roleName/reader",
        "tencentcloud-rs-test",
    )
    .endpoint(&sts.url)
    .duration(Duration::from_secs(1800))
    .build()
    .unwrap();
    let credentials = provider.provide().await.unwrap();
    assert_eq!(credentials.secret_id(), "AKIDsts0");
    assert_eq!(credentials.token(), Some(TMP_TOKEN));
    let request = &sts.requests()[0];
    assert_eq!(request.header("x-tc-version"), Some("2018-08-13"));
    assert_eq!(request.header("x-tc-region"), Some("ap-guangzhou"));
    let body: Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(
        body,
        json!({"RoleArn": "qcs::cam::uin/1:roleName/reader", "RoleSessionName": "tencentcloud-rs-test", "DurationSeconds": 1800})
    );
    provider.provide().await.unwrap();
    assert_eq!(sts.requests().len(), 1, "cached until five minutes before expiry");

    // A client using the provider signs with the temporary key and sends the token.
    let api = TestServer::start(|seen: &Seen, _| match seen.verify("AKIDsts0", TMP_KEY) {
        Ok(_) if seen.header("x-tc-token") == Some(TMP_TOKEN) => Reply::response(json!({"RequestId": "api-1"})),
        _ => Reply::service_error("AuthFailure.SignatureFailure", "wrong", "api-bad"),
    })
    .await;
    let client = Client::builder().credentials(provider.clone()).endpoint(&api.url).build().unwrap();
    client.execute(&Create { name: "x".into() }).await.unwrap();
    no_secret(&format!("{provider:?} {client:?} {credentials:?}"));
}

/// Assumes `roleName/<role>` through `sts`, signing with `AKIDbase` and `base_key`.
fn sts_role(sts: &TestServer, base_key: &str, role: &str) -> AssumeRoleProvider {
    let arn = format!("qcs::cam::uin/1:roleName/{role}");
    AssumeRoleProvider::builder(Credentials::new("AKIDbase", base_key), arn, "s").endpoint(&sts.url).build().unwrap()
}

#[tokio::test]
async fn assume_role_errors_are_credential_errors_with_the_sts_error_as_source() {
    let sts = sts_server().await;
    let e = sts_role(&sts, BASE_KEY, "denied").provide().await.unwrap_err();
    assert!(e.is_credentials(), "{e}");
    assert!(e.to_string().contains("AuthFailure.UnauthorizedOperation"), "{e}");
    let source = std::error::Error::source(&e).unwrap().to_string();
    assert!(source.contains("sts-2"), "{source}");
    no_secret(&format!("{e} {e:?}"));

    // Wrong base key: STS refuses the signature, and the client says so.
    let e = sts_role(&sts, "wrong", "r").provide().await.unwrap_err();
    assert!(e.to_string().contains("AuthFailure.SignatureFailure"), "{e}");

    let invalid = AssumeRoleProvider::builder(Credentials::new("a", "b"), "", "s").build();
    assert!(invalid.unwrap_err().is_build());
}

#[tokio::test]
async fn a_broken_sts_answer_does_not_quote_the_credentials_it_holds() {
    let body = json!({"Response": {
        "Credentials": {"Token": TMP_TOKEN, "TmpSecretId": "AKIDsts", "TmpSecretKey": TMP_KEY},
        "ExpiredTime": {"not": "a number"},
        "RequestId": "sts-broken",
    }})
    .to_string();
    let truncated = body[..body.find("ExpiredTime").unwrap()].to_owned();
    for (broken, why) in [(body, "`Response.ExpiredTime`"), (truncated, "ends early")] {
        let sts = TestServer::start(move |_: &Seen, _| Reply::Json(200, broken.clone())).await;
        let e = sts_role(&sts, BASE_KEY, "r").provide().await.unwrap_err();
        assert!(e.is_credentials() && e.to_string().contains(why), "{e}");
        let source = std::error::Error::source(&e).unwrap();
        no_secret(&format!("{e} {e:?} {source} {source:?}"));
    }
}

#[tokio::test]
async fn named_profiles_are_read_from_the_file() {
    let dir = std::env::temp_dir().join(format!("tencentcloud-rs-profile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("credentials");
    std::fs::write(
        &path,
        format!("[default]\nsecret_id = AKIDdefault\nsecret_key = {BASE_KEY}\n\n[ci]\nsecret_id = AKIDci\nsecret_key = {TMP_KEY}\ntoken = {TMP_TOKEN}\n"),
    )
    .unwrap();
    let default = ProfileProvider::new().with_path(&path).provide().await.unwrap();
    assert_eq!((default.secret_id(), default.token()), ("AKIDdefault", None));
    let ci = ProfileProvider::new().with_path(&path).with_profile("ci").provide().await.unwrap();
    assert_eq!((ci.secret_id(), ci.secret_key(), ci.token()), ("AKIDci", TMP_KEY, Some(TMP_TOKEN)));
    let e = ProfileProvider::new().with_path(&path).with_profile("prod").provide().await.unwrap_err();
    assert!(e.is_credentials() && e.to_string().contains("no `[prod]` profile"), "{e}");
    let e = ProfileProvider::new().with_path(dir.join("absent")).provide().await.unwrap_err();
    assert!(e.to_string().contains("cannot read"), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn no_type_holding_a_secret_shows_it() {
    let credentials = Credentials::new("AKIDvisible", BASE_KEY).with_token(TMP_TOKEN);
    let text = format!("{credentials:?}");
    assert!(text.contains("AKIDvisible"));
    no_secret(&text);
    let key = sign::SigningKey::derive(BASE_KEY, "2025-01-01", "cvm");
    let cache = sign::KeyCache::new();
    cache.get(BASE_KEY, sign::utc_date(0), "cvm");
    let builder = Client::builder().credentials(credentials.clone()).retry(RetryConfig::default());
    let client = Client::builder().credentials(credentials.clone()).build().unwrap();
    let chain = DefaultChain::new();
    let assume_builder = AssumeRoleProvider::builder(credentials.clone(), "qcs::cam::uin/1:roleName/r", "s");
    let assume_builder_text = format!("{assume_builder:?}");
    let assume = assume_builder.build().unwrap();
    no_secret(&format!("{key:?} {cache:?} {builder:?} {client:?} {chain:?} {assume:?} {assume_builder_text}"));
}
