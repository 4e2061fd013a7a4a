//! `tencentcloud-sandbox`: serve the specs as a local API 3.0 endpoint until Ctrl-C.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use tencentcloud_sandbox::{DEFAULT_SECRET_ID, Fault, Sandbox};

#[derive(Parser)]
#[command(name = "tencentcloud-sandbox", version, about = "A local Tencent Cloud API 3.0 endpoint served from specs")]
struct Cli {
    /// The folder holding <service>/<version>/ spec folders.
    #[arg(long, default_value = "specs")]
    specs: PathBuf,
    /// Address to listen on; port 0 lets the OS pick.
    #[arg(long, default_value = "127.0.0.1:9000")]
    listen: SocketAddr,
    /// A credential to accept, as SECRET_ID:SECRET_KEY (repeatable). Without one, TENCENTCLOUD_SECRET_ID and
    /// TENCENTCLOUD_SECRET_KEY are used when set, else the sandbox's built-in test credential.
    #[arg(long, value_name = "ID:KEY")]
    credential: Vec<String>,
    /// A fault to inject, as [Action=]KIND@PROBABILITY with KIND one of latency:<N>ms, error:<Code>, html502,
    /// malformed, truncated, drop (repeatable). Example: --fault DescribeAutoCalloutTask=drop@0.05
    #[arg(long, value_name = "FAULT")]
    fault: Vec<Fault>,
    /// Seed of the fault generator.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Multiply every documented rate limit by this; 0 turns rate limiting off.
    #[arg(long, default_value_t = 1)]
    rate_limit_scale: u32,
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut builder = Sandbox::builder().specs(&cli.specs).listen(cli.listen).faults(cli.fault).seed(cli.seed);
    builder = if cli.rate_limit_scale == 0 {
        builder.without_rate_limits()
    } else {
        builder.rate_limit_scale(cli.rate_limit_scale)
    };
    for credential in &cli.credential {
        let Some((id, key)) = credential.split_once(':').filter(|(id, key)| !id.is_empty() && !key.is_empty()) else {
            // Never echo the value: it holds a secret key.
            eprintln!("error: --credential expects SECRET_ID:SECRET_KEY");
            return ExitCode::FAILURE;
        };
        builder = builder.credential(id, key);
    }
    let mut secret_ids: Vec<String> =
        cli.credential.iter().filter_map(|c| c.split_once(':')).map(|(id, _)| id.to_owned()).collect();
    if cli.credential.is_empty() {
        if let (Ok(id), Ok(key)) = (std::env::var("TENCENTCLOUD_SECRET_ID"), std::env::var("TENCENTCLOUD_SECRET_KEY")) {
            builder = builder.credential(id.clone(), key);
            secret_ids.push(id);
        } else {
            secret_ids.push(format!("{DEFAULT_SECRET_ID} (key: tencentcloud_sandbox::DEFAULT_SECRET_KEY)"));
        }
    }
    let sandbox = match builder.start().await {
        Ok(sandbox) => sandbox,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("tencentcloud-sandbox listening on {}", sandbox.url());
    for service in sandbox.services() {
        println!("  {} {}: {} actions", service.spec.service, service.spec.version, service.actions.len());
    }
    println!("  accepting SecretId {}", secret_ids.join(", "));
    for fault in sandbox.faults().list() {
        println!("  fault {fault}");
    }
    if let Err(e) = tokio::signal::ctrl_c().await {
        eprintln!("error: cannot wait for Ctrl-C: {e}");
    }
    sandbox.shutdown().await;
    ExitCode::SUCCESS
}
