//! Typed streaming calls over a real socket: the generated `send_stream()` of hunyuan ChatTranslations (which
//! streams when `Stream` is true, and the method sets it) and of lkeap ReconstructDocumentSSE (which always
//! streams), against the sandbox serving their committed specs.

use std::sync::{Arc, Mutex};

use futures_util::StreamExt;
use serde_json::{Value, json};
use tencentcloud_sandbox::{EventReceiver, Sandbox, SandboxError};
use tokio::sync::mpsc;

fn service(name: &str, version: &str) -> tencentcloud_spec::Service {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs").join(name).join(version);
    tencentcloud_spec::load_service(&dir).unwrap()
}

async fn sandbox() -> Sandbox {
    let services = vec![service("hunyuan", "2023-09-01"), service("lkeap", "2024-05-22")];
    tencentcloud_e2e::sandbox().services(services).start().await.unwrap()
}

/// The test's end of a streaming call: events to send, and the request the sandbox got.
type Feed = (mpsc::Sender<Result<Value, SandboxError>>, Arc<Mutex<Option<Value>>>);

/// Serves one streaming call of `action` from a channel the test feeds; records the request it got.
fn feed(sandbox: &Sandbox, action: &str) -> Feed {
    let (sender, receiver) = mpsc::channel(16);
    let receiver: Mutex<Option<EventReceiver>> = Mutex::new(Some(receiver));
    let seen = Arc::new(Mutex::new(None));
    let saw = seen.clone();
    sandbox.on_stream(action, move |request| {
        *saw.lock().unwrap() = Some(request);
        Ok(receiver.lock().unwrap().take().expect("one streaming call"))
    });
    (sender, seen)
}

#[tokio::test]
async fn sse_typed_send_stream_sets_stream_and_yields_typed_chunks_in_order() {
    let sandbox = sandbox().await;
    let (events, seen) = feed(&sandbox, "ChatTranslations");
    for text in ["Hel", "lo"] {
        let chunk = json!({"Id": "chat-1", "Choices": [{"Index": 0, "Delta": {"Role": "assistant", "Content": text}}]});
        events.send(Ok(chunk)).await.unwrap();
    }
    drop(events);
    let client = tencentcloud_hunyuan::Client::from(tencentcloud_e2e::client(&sandbox).build().unwrap());
    let chunks: Vec<_> = client
        .chat_translations()
        .model("hunyuan-translation")
        .text("Hello")
        .target("zh")
        .send_stream()
        .map(|chunk| chunk.unwrap())
        .collect()
        .await;
    let text: Vec<&str> = chunks.iter().map(|c| c.choices[0].delta.content.as_str()).collect();
    assert_eq!(text, ["Hel", "lo"]);
    assert_eq!(chunks[0].id, "chat-1");
    assert_eq!(seen.lock().unwrap().as_ref().unwrap()["Stream"], json!(true), "send_stream asks for a stream");
}

#[tokio::test]
async fn sse_typed_always_streaming_action_streams_its_documented_example() {
    let sandbox = sandbox().await;
    let client = tencentcloud_lkeap::Client::from(tencentcloud_e2e::client(&sandbox).build().unwrap());
    let chunks: Vec<_> = client
        .reconstruct_document_sse()
        .file_type("PDF")
        .file_url("https://example.com/a.pdf")
        .send_stream()
        .collect()
        .await;
    assert!(!chunks.is_empty());
    let first = chunks[0].as_ref().unwrap();
    assert_eq!(first.response_type, "PROGRESS");
    assert_eq!(first.progress_message, "Start document parsing");
    assert!(sandbox.stats().action("ReconstructDocumentSSE").requests >= 1);
}

#[tokio::test]
async fn sse_typed_errors_a_missing_member_before_traffic_and_an_error_event_after() {
    let sandbox = sandbox().await;
    let client = tencentcloud_hunyuan::Client::from(tencentcloud_e2e::client(&sandbox).build().unwrap());
    // `Model` is required: the one item is the builder's error, and nothing reaches the server.
    let chunks: Vec<_> = client.chat_translations().text("Hello").send_stream().collect().await;
    assert_eq!(chunks.len(), 1);
    assert!(chunks[0].as_ref().unwrap_err().to_string().contains("Model"), "{:?}", chunks[0].as_ref().err());
    assert_eq!(sandbox.stats().action("ChatTranslations").requests, 0);

    let (events, _) = feed(&sandbox, "ChatTranslations");
    events.send(Ok(json!({"Id": "chat-2", "Choices": []}))).await.unwrap();
    events.send(Err(SandboxError::new("LimitExceeded.Tokens", "too many tokens"))).await.unwrap();
    drop(events);
    let chunks: Vec<_> = client.chat_translations().model("m").text("Hello").send_stream().collect().await;
    assert_eq!(chunks.len(), 2);
    assert_eq!(chunks[0].as_ref().unwrap().id, "chat-2");
    let error = chunks[1].as_ref().unwrap_err();
    assert_eq!(error.code(), Some("LimitExceeded.Tokens"), "{error}");
}
