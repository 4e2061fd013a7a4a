//! The `tencentcloud-sandbox` binary: flags for specs, address, credentials, faults and seed, and clear errors
//! for bad flags.

mod support;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use support::{Call, ID, KEY, SPECS, send_to};

fn sandbox_command() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tencentcloud-sandbox"))
}

/// Kills the child even when an assertion fails first.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn serves_the_specs_with_the_flags_faults() {
    let credential = format!("{ID}:{KEY}");
    let mut child = Running(
        sandbox_command()
            .args(["--specs", SPECS, "--listen", "127.0.0.1:0", "--credential", &credential, "--seed", "3"])
            .args(["--fault", "DescribeAutoCalloutTask=error:InternalError@1", "--fault", "latency:1ms@0.5"])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut stdout = BufReader::new(child.0.stdout.take().unwrap());
    let mut banner = String::new();
    for _ in 0..6 {
        stdout.read_line(&mut banner).unwrap();
    }
    assert!(!banner.contains(KEY), "the secret key must not be printed: {banner}");
    let url = banner.lines().next().and_then(|l| l.strip_prefix("tencentcloud-sandbox listening on ")).unwrap();
    let host = url.strip_prefix("http://").unwrap();
    assert!(banner.contains("ccc 2020-02-10: 2 actions"), "{banner}");
    assert!(banner.contains("fault DescribeAutoCalloutTask=error:InternalError@1"), "{banner}");

    let answer = send_to(host, Call::default()).await.unwrap();
    assert_eq!(answer.error_code(), "InternalError", "{}", answer.text);
    let wrong = send_to(host, Call { secret_key: "nope", ..Default::default() }).await.unwrap();
    assert_eq!(wrong.error_code(), "AuthFailure.SignatureFailure");
}

#[test]
fn bad_flags_fail_with_the_expected_form() {
    let cases: [(&[&str], &str); 3] = [
        (&["--fault", "explode@0.1"], "expected [Action=]KIND@PROBABILITY"),
        (&["--credential", "no-colon-secret"], "--credential expects SECRET_ID:SECRET_KEY"),
        (&["--specs", "/nonexistent/specs"], "cannot load the specs under /nonexistent/specs"),
    ];
    for (args, needle) in cases {
        let output = sandbox_command().args(["--listen", "127.0.0.1:0"]).args(args).output().unwrap();
        assert!(!output.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
        assert!(!stderr.contains("no-colon-secret"), "a credential must not be echoed: {stderr}");
    }
}
