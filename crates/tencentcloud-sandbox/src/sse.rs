//! Streaming answers: for an action that streams (`tencentcloud_spec::streaming`) and a request that asks to
//! (its `Stream` member is `true`, or the action always streams), the sandbox answers `text/event-stream`.
//!
//! Without a handler it streams the documented example's response as one event. With [`Sandbox::on_stream`]
//! a test feeds the events itself through a channel, so it decides when each arrives, can stall the stream, end
//! it with an error event, and sees the client hang up (the channel's receiver is dropped with the connection).
//!
//! Each chunk goes out as `data: <JSON>\n\n`; an error as `event: error` with the official error envelope.

use std::convert::Infallible;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use serde_json::Value;
use tencentcloud_spec::{ActionSpec, Service, Streaming};
use tokio::sync::mpsc;

use crate::catalog::example_response;
use crate::server::Shared;
use crate::validate::validate_request;
use crate::{Sandbox, SandboxError};

/// What a stream handler returns: the receiving end of the events to send, in order. Each `Ok` is a chunk (the
/// action's response members); an `Err` is sent as an error event and ends the stream; the stream ends when
/// every sender is dropped. The sandbox drops the receiver when the client hangs up, which a test sees with
/// `sender.closed().await`.
pub type EventReceiver = mpsc::Receiver<Result<Value, SandboxError>>;

/// Answers a streaming request of one action: gets the validated request, returns its events or an error sent
/// as an ordinary JSON error answer (before any event).
pub type StreamHandler = Arc<dyn Fn(Value) -> Result<EventReceiver, SandboxError> + Send + Sync>;

impl Sandbox {
    /// Streams the answers of `action` from `handler` when a request asks to stream; see [`EventReceiver`].
    ///
    /// ```no_run
    /// # async fn demo(sandbox: &tencentcloud_sandbox::Sandbox) {
    /// let (events, receiver) = tokio::sync::mpsc::channel(8);
    /// let receiver = std::sync::Mutex::new(Some(receiver));
    /// sandbox.on_stream("ChatCompletions", move |_request| {
    ///     Ok(receiver.lock().unwrap().take().expect("one streaming call"))
    /// });
    /// events.send(Ok(serde_json::json!({"Choices": [{"Delta": {"Content": "Hel"}}]}))).await.unwrap();
    /// # }
    /// ```
    pub fn on_stream<F>(&self, action: impl Into<String>, handler: F)
    where
        F: Fn(Value) -> Result<EventReceiver, SandboxError> + Send + Sync + 'static,
    {
        let mut handlers = self.shared.stream_handlers.write().unwrap_or_else(|p| p.into_inner());
        handlers.insert(action.into(), Arc::new(handler));
    }
}

/// The streaming answer to `request`, or `None` when the action does not stream or the request did not ask to.
pub(crate) fn respond<'h>(
    shared: &Shared,
    service: &Service,
    action: &ActionSpec,
    request: &Value,
    request_id: &str,
    header: impl Fn(&str) -> Option<&'h str>,
) -> Option<Result<Body, SandboxError>> {
    let asked = match tencentcloud_spec::streaming(action)? {
        Streaming::Always => true,
        Streaming::WhenRequested(member) => match request.get(&member.name) {
            Some(Value::Bool(on)) => *on,
            Some(Value::String(text)) => text.eq_ignore_ascii_case("true"),
            _ => false,
        },
    };
    if !asked {
        return None;
    }
    let events = validate_request(service, action, request).and_then(|()| {
        let handler = shared.stream_handlers.read().unwrap_or_else(|p| p.into_inner()).get(&action.name).cloned();
        match handler {
            Some(handler) => crate::server::guarded(&action.name, || handler(request.clone())),
            None => {
                let (sender, receiver) = mpsc::channel(1);
                let mut members = example_response(service, action, request, header);
                members.insert("RequestId".to_owned(), Value::String(request_id.to_owned()));
                // Cannot fail: the channel is new and has room for one.
                let _ = sender.try_send(Ok(Value::Object(members)));
                Ok(receiver)
            }
        }
    });
    Some(events.map(|events| body(events, request_id)))
}

/// The event stream's body: one `data:` event per chunk, an error event for an error, which ends it.
fn body(events: EventReceiver, request_id: &str) -> Body {
    let request_id = request_id.to_owned();
    let body = futures_util::stream::unfold(Some(events), move |events| {
        let request_id = request_id.clone();
        async move {
            let mut events = events?;
            let text = match events.recv().await? {
                Ok(chunk) => format!("data: {chunk}\n\n"),
                Err(error) => {
                    return Some((Ok::<_, Infallible>(Bytes::from(error_event(&error, &request_id))), None));
                }
            };
            Some((Ok(Bytes::from(text)), Some(events)))
        }
    });
    Body::from_stream(body)
}

fn error_event(error: &SandboxError, request_id: &str) -> String {
    format!("event: error\ndata: {}\n\n", error.body(request_id))
}
