//! The profile provider against hostile files: a FIFO and /dev/zero are refused without blocking, a large file is
//! refused, and an unchanged file is not re-read.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use tencentcloud_core::credentials::{MAX_PROFILE_BYTES, ProfileProvider};
use tencentcloud_core::{Client, ProvideCredentials};

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("tencentcloud-rs-profile-file-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[tokio::test]
async fn a_fifo_or_a_device_is_refused_without_blocking() {
    let fifo = scratch("fifo").join("credentials");
    let _ = std::fs::remove_file(&fifo);
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
    assert!(made.success());
    for path in [fifo.clone(), "/dev/zero".into()] {
        // Reading either would block forever or fill memory; the answer must come at once.
        let outcome =
            tokio::time::timeout(Duration::from_secs(20), ProfileProvider::new().with_path(&path).provide()).await;
        let e = outcome.expect("the provider blocked").unwrap_err();
        assert!(e.is_credentials() && e.to_string().contains("not a regular file"), "{e}");
    }
    // Through a client, the call ends with the credentials error well inside its total timeout.
    let client = Client::builder()
        .credentials(ProfileProvider::new().with_path(&fifo))
        .endpoint("http://127.0.0.1:9")
        .total_timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    #[derive(serde::Serialize)]
    struct Nothing {}
    static SERVICE: tencentcloud_core::ServiceInfo =
        tencentcloud_core::ServiceInfo { name: "cvm", version: "2017-03-12", domain: "" };
    static INFO: tencentcloud_core::ActionInfo = tencentcloud_core::ActionInfo {
        service: &SERVICE,
        name: "DescribeRegions",
        rate_limit_per_second: None,
        region_required: false,
        read_only: true,
    };
    impl tencentcloud_core::Action for Nothing {
        type Output = serde_json::Value;
        const INFO: &'static tencentcloud_core::ActionInfo = &INFO;
    }
    let e = client.execute(&Nothing {}).await.unwrap_err();
    assert!(e.is_credentials(), "{e}");
}

#[tokio::test]
async fn a_large_file_is_refused_and_an_unchanged_file_is_read_once() {
    let dir = scratch("cache");
    let big = dir.join("big");
    std::fs::write(&big, vec![b'#'; MAX_PROFILE_BYTES as usize + 1]).unwrap();
    let e = ProfileProvider::new().with_path(&big).provide().await.unwrap_err();
    assert!(e.to_string().contains("larger than"), "{e}");

    let path = dir.join("credentials");
    std::fs::write(&path, "[default]\nsecret_id = AKIDone\nsecret_key = key-one\n").unwrap();
    let provider = ProfileProvider::new().with_path(&path);
    let first = provider.provide().await.unwrap();
    let again = provider.clone().provide().await.unwrap();
    assert!(Arc::ptr_eq(&first, &again), "an unchanged file comes from the cache");

    std::fs::write(&path, "[default]\nsecret_id = AKIDtwo\nsecret_key = key-two\n").unwrap();
    let file = std::fs::File::options().write(true).open(&path).unwrap();
    file.set_modified(SystemTime::now() + Duration::from_secs(5)).unwrap();
    assert_eq!(provider.provide().await.unwrap().secret_id(), "AKIDtwo", "a changed file is read again");

    std::fs::write(&path, "[default]\nsecret_id = AKIDa\n[default]\nsecret_key = key-b\n").unwrap();
    let e = provider.provide().await.unwrap_err();
    assert!(e.to_string().contains("appears again"), "{e}");
}
