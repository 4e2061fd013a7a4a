//! Quickstart: call DescribeAutoCalloutTask with the values of its reference page (SdkAppId 1, TaskId 2) and
//! print the typed response.
//!
//! By default the call goes to an embedded sandbox on 127.0.0.1 that serves this crate's specs, so it works on
//! a fresh machine without a Tencent Cloud account:
//!
//! ```text
//! cargo run -p tencentcloud-ccc --example quickstart
//! ```
//!
//! With `--live` it calls the real endpoint, ccc.tencentcloudapi.com, with the credentials in
//! `TENCENTCLOUD_SECRET_ID` and `TENCENTCLOUD_SECRET_KEY`:
//!
//! ```text
//! TENCENTCLOUD_SECRET_ID=... TENCENTCLOUD_SECRET_KEY=... cargo run -p tencentcloud-ccc --example quickstart -- --live
//! ```

use std::process::ExitCode;

use tencentcloud_ccc::{Client, Credentials};
use tencentcloud_sandbox::{DEFAULT_SECRET_ID, DEFAULT_SECRET_KEY, Sandbox};

/// The crate's own specs (`specs/2020-02-10`), the ones the client was generated from.
const SPECS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/specs");

#[tokio::main]
async fn main() -> ExitCode {
    let live = std::env::args().skip(1).any(|arg| arg == "--live");
    match run(live).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(live: bool) -> Result<(), Box<dyn std::error::Error>> {
    // Kept alive until the end of `run`: dropping it stops the server.
    let mut sandbox = None;
    let builder = if live {
        let (Ok(id), Ok(key)) = (std::env::var("TENCENTCLOUD_SECRET_ID"), std::env::var("TENCENTCLOUD_SECRET_KEY"))
        else {
            return Err("--live needs TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY in the environment".into());
        };
        println!("calling ccc.tencentcloudapi.com as {id}");
        Client::builder().credentials(Credentials::new(id, key))
    } else {
        let started = Sandbox::builder().specs(SPECS).start().await?;
        println!("sandbox serving {SPECS} at {}", started.url());
        let builder = Client::builder()
            .endpoint(started.url())
            .credentials(Credentials::new(DEFAULT_SECRET_ID, DEFAULT_SECRET_KEY));
        sandbox = Some(started);
        builder
    };
    let client = builder.build()?;

    let task = client.describe_auto_callout_task().sdk_app_id(1).task_id(2).send().await?;
    println!("DescribeAutoCalloutTask(SdkAppId 1, TaskId 2) =\n{task:#?}");

    if let Some(sandbox) = sandbox {
        sandbox.shutdown().await;
    }
    Ok(())
}
