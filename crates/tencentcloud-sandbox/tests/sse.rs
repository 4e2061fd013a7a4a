//! Server-Sent Events over a real socket: the runtime's `execute_stream` against the sandbox streaming hunyuan
//! ChatTranslations (a spec regenerated from its page), and against a raw TCP server for what the sandbox never
//! sends (bytes that are not UTF-8, a data line that is not JSON).

use std::sync::Mutex;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use serde::Serialize;
use serde_json::{Value, json};
use tencentcloud_core::{Action, ActionInfo, Client, Credentials, RequestOptions, ServiceInfo};
use tencentcloud_sandbox::{EventReceiver, Sandbox, SandboxError};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::mpsc;

const ID: &str = "AKIDSandboxSseTest";
const KEY: &str = "sandbox-sse-key";
const SPECS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sse-specs");

static HUNYUAN: ServiceInfo =
    ServiceInfo { name: "hunyuan", version: "2023-09-01", domain: "hunyuan.tencentcloudapi.com" };
static TRANSLATE: ActionInfo = ActionInfo {
    service: &HUNYUAN,
    name: "ChatTranslations",
    rate_limit_per_second: None,
    region_required: false,
    read_only: false,
};

#[derive(Serialize)]
#[serde(transparent)]
struct ChatTranslations(Value);
impl Action for ChatTranslations {
    type Output = Value;
    const INFO: &'static ActionInfo = &TRANSLATE;
}

fn request(stream: bool) -> ChatTranslations {
    ChatTranslations(json!({"Model": "hunyuan-translation", "Stream": stream, "Text": "Hello", "Target": "zh"}))
}

async fn sandbox() -> Sandbox {
    Sandbox::builder().specs(SPECS).credential(ID, KEY).start().await.unwrap()
}

fn client(url: &str) -> Client {
    Client::builder().endpoint(url).credentials(Credentials::new(ID, KEY)).build().unwrap()
}

/// Serves one streaming call from a channel the test feeds; returns the sending end.
fn feed(sandbox: &Sandbox) -> mpsc::Sender<Result<Value, SandboxError>> {
    let (sender, receiver) = mpsc::channel(16);
    let receiver: Mutex<Option<EventReceiver>> = Mutex::new(Some(receiver));
    sandbox.on_stream("ChatTranslations", move |_| Ok(receiver.lock().unwrap().take().expect("one streaming call")));
    sender
}

fn delta(text: &str) -> Value {
    json!({"Id": "chat-1", "Choices": [{"Index": 0, "Delta": {"Role": "assistant", "Content": text}}]})
}

#[tokio::test]
async fn sse_streams_the_documented_example_and_a_plain_answer_is_one_chunk() {
    let sandbox = sandbox().await;
    let client = client(&sandbox.url());
    let chunks: Vec<_> = client.execute_stream(&request(true)).collect().await;
    assert_eq!(chunks.len(), 1);
    let chunk = chunks[0].as_ref().unwrap();
    assert_eq!(
        chunk["Choices"][0]["Message"]["Content"],
        "Playing video games can cause persistent enhancement in cognition."
    );
    // Stream: false is an ordinary JSON answer, which the stream hands over as its one chunk.
    let chunks: Vec<_> = client.execute_stream(&request(false)).collect().await;
    assert_eq!(chunks.len(), 1);
    assert_eq!(chunks[0].as_ref().unwrap()["Usage"]["TotalTokens"], 106);
}

#[tokio::test]
async fn sse_chunks_arrive_in_order_and_a_one_mebibyte_event_is_read_whole() {
    let sandbox = sandbox().await;
    let events = feed(&sandbox);
    let big = "字".repeat((1 << 20) / 3) + "x"; // 3 bytes a character, plus one
    assert_eq!(big.len(), 1 << 20);
    for chunk in [delta("Hel"), delta(&big), delta("lo")] {
        events.send(Ok(chunk)).await.unwrap();
    }
    drop(events);
    let chunks: Vec<Value> = client(&sandbox.url()).execute_stream(&request(true)).map(Result::unwrap).collect().await;
    let contents: Vec<&str> = chunks.iter().map(|c| c["Choices"][0]["Delta"]["Content"].as_str().unwrap()).collect();
    assert_eq!(contents.len(), 3);
    assert_eq!((contents[0], contents[2]), ("Hel", "lo"));
    assert_eq!(contents[1].len(), 1 << 20, "the 1 MiB event arrives whole");
}

#[tokio::test]
async fn sse_a_stalled_stream_ends_with_an_idle_timeout() {
    let sandbox = sandbox().await;
    let events = feed(&sandbox);
    events.send(Ok(delta("first"))).await.unwrap();
    let options = RequestOptions::new().with_stream_idle_timeout(Duration::from_millis(300));
    let mut stream = std::pin::pin!(client(&sandbox.url()).execute_stream_with(&request(true), &options));
    assert_eq!(stream.next().await.unwrap().unwrap()["Choices"][0]["Delta"]["Content"], "first");
    let started = Instant::now();
    let error = stream.next().await.unwrap().unwrap_err();
    assert!(error.is_timeout(), "{error}");
    assert!(error.to_string().contains("idle timeout"), "{error}");
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert!(stream.next().await.is_none(), "the stream ends after its error");
    drop(events);
}

#[tokio::test]
async fn sse_dropping_the_stream_mid_way_hangs_up_on_the_server() {
    let sandbox = sandbox().await;
    let events = feed(&sandbox);
    events.send(Ok(delta("one"))).await.unwrap();
    {
        let mut stream = std::pin::pin!(client(&sandbox.url()).execute_stream(&request(true)));
        assert!(stream.next().await.unwrap().is_ok());
    }
    // The sandbox drops the receiving end when the connection closes.
    tokio::time::timeout(Duration::from_secs(10), events.closed()).await.expect("the server saw the client hang up");
}

#[tokio::test]
async fn sse_an_error_body_or_an_error_event_is_a_service_error() {
    let sandbox = sandbox().await;
    sandbox.on_stream("ChatTranslations", |_| Err(SandboxError::new("LimitExceeded.Tokens", "too many tokens")));
    let chunks: Vec<_> = client(&sandbox.url()).execute_stream(&request(true)).collect().await;
    assert_eq!(chunks.len(), 1);
    let error = chunks[0].as_ref().unwrap_err();
    assert_eq!(error.code(), Some("LimitExceeded.Tokens"), "{error}");
    assert!(error.request_id().is_some());

    let events = feed(&sandbox);
    events.send(Ok(delta("partial"))).await.unwrap();
    events.send(Err(SandboxError::new("InternalError", "the model stopped"))).await.unwrap();
    events.send(Ok(delta("never sent"))).await.unwrap();
    let chunks: Vec<_> = client(&sandbox.url()).execute_stream(&request(true)).collect().await;
    assert_eq!(chunks.len(), 2, "{chunks:?}");
    assert!(chunks[0].is_ok());
    let error = chunks[1].as_ref().unwrap_err();
    assert_eq!((error.code(), error.message()), (Some("InternalError"), Some("the model stopped")));

    // A stream handler that panics answers InternalError naming the panic, as a plain handler does.
    sandbox.on_stream("ChatTranslations", |_| panic!("the test's handler broke"));
    let chunks: Vec<_> = client(&sandbox.url()).execute_stream(&request(true)).collect().await;
    let error = chunks[0].as_ref().unwrap_err();
    assert_eq!(error.code(), Some("InternalError"), "{error}");
    assert!(error.to_string().contains("the test's handler broke"), "{error}");

    // A validation failure is refused before any event.
    let bad = ChatTranslations(json!({"Stream": true}));
    let chunks: Vec<_> = client(&sandbox.url()).execute_stream(&bad).collect().await;
    assert_eq!(chunks[0].as_ref().unwrap_err().code(), Some("MissingParameter"));
}

/// A one-shot HTTP server that answers any request with `body` as an event stream.
async fn raw_server(body: &'static [u8]) -> String {
    let head = format!("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncontent-length: {}\r\n\r\n", body.len());
    one_shot_server([head.as_bytes(), body].concat()).await
}

/// A one-shot HTTP server that answers any request with `answer`, status line and headers included.
async fn one_shot_server(answer: Vec<u8>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut head = vec![0u8; 64 * 1024];
        let _ = socket.read(&mut head).await.unwrap();
        socket.write_all(&answer).await.unwrap();
        let _ = socket.shutdown().await;
    });
    url
}

#[tokio::test]
async fn sse_bad_bytes_and_non_json_lines_are_errors_with_their_line() {
    for (body, line) in [
        (b"data: {\"Id\": \"a\"}\n\n: comment\ndata: \xff\xfe\n\n".as_slice(), 4),
        (b"data: {\"Id\": \"a\"}\n\nid: 2\ndata: {\"Id\": \"b\"}\n\ndata: [DONE-ish\n\n".as_slice(), 6),
        (b"data: {\"Id\": \"a\"}\n\ndata: {\"Id\": \n\n".as_slice(), 3),
    ] {
        let url = raw_server(body).await;
        let chunks: Vec<_> = client(&url).execute_stream(&request(true)).collect().await;
        let (last, good) = chunks.split_last().unwrap();
        assert!(good.iter().all(Result::is_ok), "{chunks:?}");
        let error = last.as_ref().unwrap_err();
        assert!(error.is_stream(), "{error}");
        assert_eq!(error.stream_line(), Some(line), "{error}");
    }
}

/// A stream refused before it starts goes through the same answer decoding as a plain call: a 429's
/// `Retry-After` reaches the error.
#[tokio::test]
async fn sse_a_throttled_open_carries_the_servers_retry_after() {
    let body = r#"{"Response":{"Error":{"Code":"RequestLimitExceeded","Message":"slow down"},"RequestId":"r-1"}}"#;
    let answer = format!(
        "HTTP/1.1 429 Too Many Requests\r\ncontent-type: application/json\r\nretry-after: 7\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    let url = one_shot_server(answer.into_bytes()).await;
    let client = Client::builder()
        .endpoint(url)
        .credentials(Credentials::new(ID, KEY))
        .retry(tencentcloud_core::RetryConfig::disabled())
        .build()
        .unwrap();
    let chunks: Vec<_> = client.execute_stream(&request(true)).collect().await;
    let error = chunks[0].as_ref().unwrap_err();
    assert_eq!(error.code(), Some("RequestLimitExceeded"), "{error}");
    assert_eq!(error.retry_after(), Some(Duration::from_secs(7)));
}

/// A stream that never starts is cut off by the attempt timeout or the total one, whichever comes first, through
/// the same deadline as a plain call.
#[tokio::test]
async fn sse_an_open_that_never_answers_ends_at_the_first_limit() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    let builder = || {
        let builder = Client::builder().endpoint(&url).credentials(Credentials::new(ID, KEY));
        builder.retry(tencentcloud_core::RetryConfig::disabled())
    };
    for (client, limit) in [
        (builder().attempt_timeout(Duration::from_millis(200)).build().unwrap(), "attempt timeout of 200ms"),
        (builder().total_timeout(Duration::from_millis(200)).build().unwrap(), "total timeout of 200ms"),
    ] {
        let start = Instant::now();
        let chunks: Vec<_> = client.execute_stream(&request(true)).collect().await;
        let error = chunks[0].as_ref().unwrap_err();
        assert!(error.is_timeout() && error.to_string().contains(limit), "{error}");
        assert!(start.elapsed() < Duration::from_secs(5), "{:?}", start.elapsed());
    }
}
