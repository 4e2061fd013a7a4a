//! The environment provider and the default chain (environment -> profile file -> CVM role). These change
//! process-wide environment variables, so they live alone in this test binary, in one sequential test.

// `std::env::set_var` is unsafe since edition 2024, and changing the environment is what this binary is for.
#![allow(unsafe_code)]

mod support;

use support::{Reply, Seen, TestServer};
use tencentcloud_core::ProvideCredentials;
use tencentcloud_core::credentials::{CvmRoleProvider, DefaultChain, EnvironmentProvider};

const KEY: &str = "ENVKEY-must-not-leak";
const VARS: [&str; 4] = [
    "TENCENTCLOUD_SECRET_ID",
    "TENCENTCLOUD_SECRET_KEY",
    "TENCENTCLOUD_SESSION_TOKEN",
    "TENCENTCLOUD_CREDENTIALS_FILE",
];

fn set(name: &str, value: &str) {
    // SAFETY: this binary has one test and a current-thread runtime, so nothing reads the environment concurrently.
    unsafe { std::env::set_var(name, value) }
}

fn clear_all() {
    for name in VARS {
        // SAFETY: as in `set`.
        unsafe { std::env::remove_var(name) }
    }
}

#[tokio::test(flavor = "current_thread")]
async fn environment_then_profile_then_cvm_role() {
    let metadata = TestServer::start(|seen: &Seen, _| match seen.path.as_str() {
        "/" => Reply::Raw { status: 200, content_type: "text/plain", body: "role".into() },
        _ => Reply::Json(
            200,
            serde_json::json!({"TmpSecretId": "AKIDcvm", "TmpSecretKey": KEY, "Token": "t", "ExpiredTime": 4102444800i64})
                .to_string(),
        ),
    })
    .await;
    let dir = std::env::temp_dir().join(format!("tencentcloud-rs-env-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let chain = || DefaultChain::new().with_cvm_role(CvmRoleProvider::with_base_url(&metadata.url));

    // Nothing in the environment, no profile file: the CVM role answers.
    clear_all();
    set("TENCENTCLOUD_CREDENTIALS_FILE", dir.join("absent").to_str().unwrap());
    assert_eq!(chain().provide().await.unwrap().secret_id(), "AKIDcvm");
    let e = EnvironmentProvider::new().provide().await.unwrap_err();
    assert!(e.to_string().contains("TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY are not set"), "{e}");

    // A profile file wins over the CVM role.
    let file = dir.join("credentials");
    std::fs::write(&file, format!("[default]\nsecret_id = AKIDfile\nsecret_key = {KEY}\n")).unwrap();
    set("TENCENTCLOUD_CREDENTIALS_FILE", file.to_str().unwrap());
    assert_eq!(chain().provide().await.unwrap().secret_id(), "AKIDfile");

    // The environment wins over both.
    set("TENCENTCLOUD_SECRET_ID", "AKIDenv");
    set("TENCENTCLOUD_SECRET_KEY", KEY);
    set("TENCENTCLOUD_SESSION_TOKEN", "session");
    let c = chain().provide().await.unwrap();
    assert_eq!((c.secret_id(), c.secret_key(), c.token()), ("AKIDenv", KEY, Some("session")));

    // Half-set variables are reported precisely.
    clear_all();
    set("TENCENTCLOUD_SECRET_ID", "AKIDenv");
    let e = EnvironmentProvider::new().provide().await.unwrap_err();
    assert!(e.to_string().contains("TENCENTCLOUD_SECRET_ID is set but TENCENTCLOUD_SECRET_KEY is not"), "{e}");

    // All three failing: one error naming each reason, and no secret.
    clear_all();
    set("TENCENTCLOUD_CREDENTIALS_FILE", dir.join("absent").to_str().unwrap());
    let down = TestServer::start(|_, _| Reply::Raw { status: 500, content_type: "text/plain", body: KEY.into() }).await;
    let e = DefaultChain::new().with_cvm_role(CvmRoleProvider::with_base_url(&down.url)).provide().await.unwrap_err();
    let text = e.to_string();
    assert!(e.is_credentials());
    for part in ["environment", "profile file", "CVM role", "HTTP 500"] {
        assert!(text.contains(part), "{part} missing: {text}");
    }
    assert!(!text.contains(KEY) && !format!("{e:?}").contains(KEY), "{text}");
    assert_eq!(text.matches("no usable credentials").count(), 1, "each reason once, without the lead: {text}");
    clear_all();
    std::fs::remove_dir_all(&dir).unwrap();
}
