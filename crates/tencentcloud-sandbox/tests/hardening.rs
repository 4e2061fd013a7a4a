//! The sandbox against unauthenticated, idle and slow clients over raw sockets: bodies are refused before they
//! are read, stats keep only known actions, idle and slow-loris connections are closed, and a connection cap
//! keeps room for normal calls.

mod support;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use support::{ACTION, Call, ID, KEY, SPECS, VERSION, call};
use tencentcloud_core::sign;
use tencentcloud_sandbox::Sandbox;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Everything the peer sends until it closes, or `None` if it is still open after `wait`.
async fn read_until_closed(stream: &mut TcpStream, wait: Duration) -> Option<String> {
    let mut seen = Vec::new();
    let read = tokio::time::timeout(wait, async {
        let mut buf = [0u8; 4096];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => seen.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    read.ok().map(|()| String::from_utf8_lossy(&seen).into_owned())
}

/// A request head whose signature headers are valid for `body`, declaring `length` body bytes.
fn signed_head(host: &str, body: &str, length: usize, secret_key: &str) -> String {
    let timestamp = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64;
    let authorization = sign::sign(
        ID,
        secret_key,
        "ccc",
        timestamp,
        &sign::Request { host, content_type: "application/json", action: Some(ACTION), payload: body.as_bytes() },
    );
    format!(
        "POST / HTTP/1.1\r\nhost: {host}\r\ncontent-type: application/json\r\nx-tc-action: {ACTION}\r\n\
         x-tc-version: {VERSION}\r\nx-tc-timestamp: {timestamp}\r\nx-tc-region: ap-guangzhou\r\n\
         authorization: {authorization}\r\ncontent-length: {length}\r\n\r\n"
    )
}

#[tokio::test]
async fn unauthenticated_bodies_are_refused_before_they_are_read() {
    let sandbox = Sandbox::builder().specs(SPECS).credential(ID, KEY).start().await.unwrap();
    let host = sandbox.endpoint();
    let nine_mib = 9 << 20;
    let heads = [
        // No Authorization at all.
        format!(
            "POST / HTTP/1.1\r\nhost: {host}\r\ncontent-type: application/json\r\nx-tc-action: {ACTION}\r\n\
             x-tc-version: {VERSION}\r\nx-tc-timestamp: 1\r\ncontent-length: {nine_mib}\r\n\r\n"
        ),
        // A wrong key is only found out by hashing the body; an unknown id and a stale timestamp are not.
        signed_head(&host, "{}", nine_mib, KEY).replace(ID, "AKIDnobody"),
        signed_head(&host, "{}", nine_mib, KEY).replace("x-tc-timestamp: ", "x-tc-timestamp: 1"),
        // Declared larger than the API's 10 MB limit.
        signed_head(&host, "{}", 11 << 20, KEY),
    ];
    for (i, head) in heads.iter().enumerate() {
        let mut stream = TcpStream::connect(sandbox.addr()).await.unwrap();
        stream.write_all(head.as_bytes()).await.unwrap();
        // The body is never sent: a sandbox that buffered before checking would wait for it.
        let mut answer = vec![0u8; 4096];
        let n = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut answer))
            .await
            .unwrap_or_else(|_| panic!("case {i}: the sandbox waited for the body"))
            .unwrap();
        let text = String::from_utf8_lossy(&answer[..n]);
        let code = [
            "AuthFailure.InvalidAuthorization",
            "AuthFailure.SecretIdNotFound",
            "AuthFailure.SignatureExpire",
            "RequestSizeLimitExceeded",
        ][i];
        assert!(text.contains(code), "case {i}: {text}");
    }
}

#[tokio::test]
async fn stats_count_only_actions_the_specs_define() {
    let sandbox = Sandbox::builder().specs(SPECS).credential(ID, KEY).start().await.unwrap();
    for i in 0..50 {
        let name = format!("Made{i}{}", "Up".repeat(1000));
        let answer = call(&sandbox, Call { action: Some(&name), authorization: false, ..Default::default() }).await;
        assert_eq!(answer.error_code(), "AuthFailure.InvalidAuthorization");
    }
    call(&sandbox, Call::default()).await;
    let stats = sandbox.stats();
    let names: Vec<&String> = stats.actions.keys().collect();
    assert_eq!(names, ["-", ACTION], "made-up names share one key");
    assert_eq!(stats.action("-").requests, 50);
}

#[tokio::test]
async fn idle_slow_and_surplus_connections_are_closed_and_normal_calls_get_through() {
    let sandbox = Sandbox::builder()
        .specs(SPECS)
        .credential(ID, KEY)
        .max_connections(4)
        .header_read_timeout(Duration::from_millis(300))
        .idle_timeout(Duration::from_millis(300))
        .body_timeout(Duration::from_millis(300))
        .start()
        .await
        .unwrap();
    let host = sandbox.endpoint();
    let mut held = Vec::new();
    for kind in 0..4 {
        let mut stream = TcpStream::connect(sandbox.addr()).await.unwrap();
        match kind {
            0 => {}                                                                          // idle from the start
            1 => stream.write_all(b"POST / HTTP/1.1\r\nhost: x\r\nx-tc-act").await.unwrap(), // slow loris
            2 => {
                // A valid head, then a body that never finishes.
                let body = r#"{"SdkAppId":1,"TaskId":2}"#;
                stream.write_all(signed_head(&host, body, body.len(), KEY).as_bytes()).await.unwrap();
                stream.write_all(&body.as_bytes()[..5]).await.unwrap();
            }
            _ => {
                // A finished call, then the connection left idle.
                let body = r#"{"SdkAppId":1,"TaskId":2}"#;
                stream.write_all(signed_head(&host, body, body.len(), KEY).as_bytes()).await.unwrap();
                stream.write_all(body.as_bytes()).await.unwrap();
            }
        }
        held.push(stream);
    }
    // All four slots are taken; a normal call still gets through once the timeouts free them.
    let answer = call(&sandbox, Call::default()).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    for (kind, stream) in held.iter_mut().enumerate() {
        let seen = read_until_closed(stream, Duration::from_secs(10)).await;
        let seen = seen.unwrap_or_else(|| panic!("connection {kind} was never closed"));
        if kind == 3 {
            assert!(seen.starts_with("HTTP/1.1 200"), "the finished call was answered: {seen}");
        }
    }
}
