//! Server-Sent Events: calls whose answer is a `text/event-stream` of chunks (hunyuan, lkeap and cls
//! `ChatCompletions` with `Stream: true`, lkeap `ReconstructDocumentSSE`, trtc `TextToSpeechSSE`, ...).
//!
//! [`Client::execute_stream`] opens the call like any other (region check, pacing, signing, retries of what
//! fails before the stream starts, the total timeout) and returns a `Stream` of the action's response type, one
//! item per event:
//!
//! - **No line-length limit**: an event is read however long its lines are (the Go SDK stopped at 64 KB until
//!   2026-05). Memory is bounded only by [`MAX_EVENT_BYTES`] per event, against a server that never ends a line.
//! - **Idle timeout**: no bytes for [`RequestOptions::with_stream_idle_timeout`] (default
//!   [`DEFAULT_STREAM_IDLE_TIMEOUT`]) between events ends the stream with a timeout error. The client's attempt
//!   timeout covers only the wait for the answer's headers, so a long stream is never cut off while it flows.
//! - **Cancel on drop**: dropping the stream drops the connection; the server sees it closed.
//! - **Errors are typed, never a silent end**: an `event: error`, or a data line holding `{"Response": {"Error":
//!   ...}}` or `{"Error": ...}`, is a service error with its code and request id; an answer that is the error
//!   envelope instead of a stream is the same service error (and is retried by the usual rules, since nothing has
//!   streamed yet); bytes that are not UTF-8, a data line that is not JSON, or JSON that is not the chunk type
//!   are an [`Error::is_stream`] error carrying the line number ([`Error::stream_line`]). After an error the
//!   stream ends.
//! - A JSON answer that is a success (the service chose not to stream) is one chunk.
//!
//! Events follow the HTML standard's parsing: `data:` lines of one event are joined with `\n`, a leading space
//! after the colon is dropped, lines starting with `:` are comments (keep-alives), `\r\n` and `\n` end lines.
//! A chunk may be the response's members or wrapped in `{"Response": ...}`; both decode.

use std::collections::VecDeque;
use std::time::Duration;

use futures_util::Stream;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tracing::Instrument;

use crate::deadline::{CallDeadline, within};
use crate::decode::{position, what_was_wrong};
use crate::error::TransportKind;
use crate::{Action, ActionInfo, Client, Error, RequestOptions};

/// The default longest wait for the next bytes of an event stream: the official SDKs' request timeout.
pub const DEFAULT_STREAM_IDLE_TIMEOUT: Duration = Duration::from_secs(60);

/// The largest single event read (64 MiB, the client's default response cap). A server that sends more without
/// ending the event is cut off with an error rather than allowed to grow memory without bound.
pub const MAX_EVENT_BYTES: usize = 64 << 20;

/// The call's answer: an event stream to read, or one JSON document.
enum Opened<T> {
    Events(reqwest::Response),
    Whole(T),
}

impl Client {
    /// Calls a streaming action and returns its events as a stream of the action's response type; see the
    /// [module docs](crate::sse). The request is serialised before this returns, so the stream borrows nothing.
    /// An action with a `Stream` member streams only when the request sets it to `true`.
    pub fn execute_stream<A: Action>(
        &self,
        request: &A,
    ) -> impl Stream<Item = Result<A::Output, Error>> + Send + 'static + use<A> {
        self.execute_stream_with(request, &RequestOptions::default())
    }

    /// [`execute_stream`](Self::execute_stream) with settings for this call (method, idle timeout).
    pub fn execute_stream_with<A: Action>(
        &self,
        request: &A,
        options: &RequestOptions,
    ) -> impl Stream<Item = Result<A::Output, Error>> + Send + 'static + use<A> {
        let info = A::INFO;
        let idle = options.stream_idle_timeout().unwrap_or(DEFAULT_STREAM_IDLE_TIMEOUT);
        let retry_safe = request.retry_safe();
        let params = serde_json::to_value(request)
            .map_err(|e| Error::build(format!("the request could not be serialised: {e}")).with_source(e));
        let (client, options) = (self.clone(), options.clone());
        let state = State::Opening { client, params, options, retry_safe };
        futures_util::stream::unfold(state, move |state| next::<A::Output>(state, info, idle))
    }

    async fn open<T: DeserializeOwned + Send + 'static>(
        &self,
        info: &'static ActionInfo,
        params: &Value,
        options: &RequestOptions,
        retry_safe: bool,
    ) -> Result<Opened<T>, Error> {
        let span = tracing::info_span!(
            "tencentcloud",
            service = info.service.name,
            action = info.name,
            streaming = true,
            trace_id = tracing::field::Empty,
            attempt = tracing::field::Empty
        );
        let mut generated = [0; 36];
        let trace_id = crate::trace::for_call(options, &mut generated);
        span.record("trace_id", trace_id);
        // The total timeout bounds the opening (retries, backoff and pacing included), not the events.
        let deadline = CallDeadline::after(tokio::time::Instant::now(), self.total_timeout());
        let opening = async {
            let (wire, route, trace) = self.prepare(info, params, options, trace_id)?;
            // The attempt timeout stops at an event stream's headers (the events may take longer), and covers the
            // body of a whole answer, as for a plain call.
            let send = |endpoint, wire, trace| {
                within(self.attempt_timeout(), deadline, async move {
                    let (response, timestamp) = self.send_signed(info, endpoint, &wire, &trace).await?;
                    let status = response.status().as_u16();
                    let is_events = response
                        .headers()
                        .get(reqwest::header::CONTENT_TYPE)
                        .and_then(|v| v.to_str().ok())
                        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("text/event-stream"));
                    if is_events && (200..300).contains(&status) {
                        return Ok(Opened::Events(response));
                    }
                    let date = response.headers().get(reqwest::header::DATE).cloned();
                    let retry_after = response.headers().get(reqwest::header::RETRY_AFTER).cloned();
                    let body = crate::body::read_capped(response, self.max_response_bytes()).await?;
                    self.decode_answer::<T>(status, &body, date.as_ref(), retry_after.as_ref(), timestamp)
                        .map(Opened::Whole)
                })
            };
            self.with_retries(info, (wire, &route, trace), retry_safe, deadline, &span, send).await
        };
        opening.instrument(span.clone()).await.map_err(|e| crate::client::tagged(e, info, trace_id))
    }
}

enum State {
    Opening { client: Client, params: Result<Value, Error>, options: RequestOptions, retry_safe: bool },
    Reading { response: reqwest::Response, parser: EventParser, ready: VecDeque<Event> },
    Done,
}

async fn next<T: DeserializeOwned + Send + 'static>(
    state: State,
    info: &'static ActionInfo,
    idle: Duration,
) -> Option<(Result<T, Error>, State)> {
    let with_action = |e: Error| e.with_action(format!("{}.{}", info.service.name, info.name));
    let (mut response, mut parser, mut ready) = match state {
        State::Done => return None,
        State::Opening { client, params, options, retry_safe } => {
            let params = match params {
                Ok(params) => params,
                Err(e) => return Some((Err(with_action(e)), State::Done)),
            };
            match client.open::<T>(info, &params, &options, retry_safe).await {
                Err(e) => return Some((Err(e), State::Done)),
                Ok(Opened::Whole(output)) => return Some((Ok(output), State::Done)),
                Ok(Opened::Events(response)) => (response, EventParser::default(), VecDeque::new()),
            }
        }
        State::Reading { response, parser, ready } => (response, parser, ready),
    };
    loop {
        if let Some(event) = ready.pop_front() {
            return Some(match event.decode::<T>() {
                Ok(chunk) => (Ok(chunk), State::Reading { response, parser, ready }),
                Err(e) => (Err(with_action(e)), State::Done),
            });
        }
        if parser.ended {
            return None;
        }
        let read = match tokio::time::timeout(idle, response.chunk()).await {
            Err(_) => {
                let why = format!("no event within the stream idle timeout of {idle:?} (after line {})", parser.line);
                Err(Error::transport(TransportKind::Timeout, why))
            }
            Ok(Err(e)) => Err(Error::from_reqwest(e)),
            Ok(Ok(Some(bytes))) => parser.push(&bytes, &mut ready),
            Ok(Ok(None)) => parser.finish(&mut ready),
        };
        if let Err(e) = read {
            return Some((Err(with_action(e)), State::Done));
        }
    }
}

/// One dispatched event.
#[derive(Debug)]
struct Event {
    event: String,
    data: String,
    /// The line of the event's first `data:` line.
    line: u64,
}

#[derive(serde::Deserialize)]
struct ErrorBody {
    #[serde(rename = "Code", default)]
    code: String,
    #[serde(rename = "Message", default)]
    message: String,
}

impl Event {
    fn decode<T: DeserializeOwned>(self) -> Result<T, Error> {
        let value: Value = serde_json::from_str(&self.data).map_err(|e| {
            let what = if self.event == "error" { "an error event's data" } else { "the data" };
            Error::stream(self.line, format!("{what} is not JSON ({})", position(&e)))
        })?;
        let (inner, wrapped) = match value {
            Value::Object(mut members) if members.len() == 1 && members.contains_key("Response") => {
                (members.remove("Response").unwrap_or_default(), true)
            }
            other => (other, false),
        };
        if let Some(error) = inner.get("Error").filter(|e| e.is_object() || wrapped || self.event == "error") {
            let request_id = inner.get("RequestId").and_then(Value::as_str).map(str::to_owned);
            let body: ErrorBody = serde_json::from_value(error.clone()).map_err(|e| {
                Error::stream(
                    self.line,
                    format!("the error event is not {{\"Code\", \"Message\"}} ({})", what_was_wrong(&e)),
                )
            })?;
            return Err(Error::service(body.code, body.message, request_id, 200));
        }
        if self.event == "error" {
            return Err(Error::service(
                "InternalError",
                "the server sent an error event without an Error member",
                None,
                200,
            ));
        }
        serde_json::from_value(inner)
            .map_err(|e| Error::stream(self.line, format!("the data is not the chunk type ({})", what_was_wrong(&e))))
    }
}

/// Splits a byte stream into events: lines of any length, counted from 1.
#[derive(Default)]
struct EventParser {
    /// Bytes received and not yet split into lines.
    pending: Vec<u8>,
    /// How far `pending` has been searched for a line end, so a long line is scanned once.
    scanned: usize,
    /// Lines completed so far.
    line: u64,
    event: String,
    data: String,
    has_data: bool,
    data_line: u64,
    /// Bytes in the event being built, for [`MAX_EVENT_BYTES`].
    event_bytes: usize,
    ended: bool,
}

impl EventParser {
    fn push(&mut self, bytes: &[u8], ready: &mut VecDeque<Event>) -> Result<(), Error> {
        self.pending.extend_from_slice(bytes);
        let mut start = 0;
        while let Some(offset) = self.pending[self.scanned..].iter().position(|&b| b == b'\n') {
            let end = self.scanned + offset;
            let line = &self.pending[start..end];
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            self.line += 1;
            let text = std::str::from_utf8(line)
                .map_err(|e| Error::stream(self.line, format!("the line is not UTF-8 (byte {})", e.valid_up_to() + 1)))?
                .to_owned();
            self.take_line(&text, ready)?;
            start = end + 1;
            self.scanned = start;
        }
        self.pending.drain(..start);
        self.scanned -= start;
        if self.event_bytes + self.pending.len() > MAX_EVENT_BYTES {
            return Err(Error::stream(self.line + 1, format!("an event is longer than {MAX_EVENT_BYTES} bytes")));
        }
        Ok(())
    }

    /// The body ended: a last line without its end is a line, and an event without its blank line is dispatched
    /// (a truncated one fails to decode rather than vanish).
    fn finish(&mut self, ready: &mut VecDeque<Event>) -> Result<(), Error> {
        self.ended = true;
        if !self.pending.is_empty() {
            self.push(b"\n", ready)?;
        }
        self.dispatch(ready);
        Ok(())
    }

    fn take_line(&mut self, line: &str, ready: &mut VecDeque<Event>) -> Result<(), Error> {
        if line.is_empty() {
            self.dispatch(ready);
            return Ok(());
        }
        self.event_bytes += line.len();
        if self.event_bytes > MAX_EVENT_BYTES {
            return Err(Error::stream(self.line, format!("an event is longer than {MAX_EVENT_BYTES} bytes")));
        }
        if line.starts_with(':') {
            return Ok(());
        }
        let (field, value) = line.split_once(':').unwrap_or((line, ""));
        let value = value.strip_prefix(' ').unwrap_or(value);
        match field {
            "data" => {
                if self.has_data {
                    self.data.push('\n');
                } else {
                    self.data_line = self.line;
                }
                self.data.push_str(value);
                self.has_data = true;
            }
            "event" => value.clone_into(&mut self.event),
            // `id` and `retry` steer browsers' reconnection; a call is not reconnected, so they are read and dropped.
            _ => {}
        }
        Ok(())
    }

    fn dispatch(&mut self, ready: &mut VecDeque<Event>) {
        let event = std::mem::take(&mut self.event);
        self.event_bytes = 0;
        if std::mem::take(&mut self.has_data) {
            ready.push_back(Event { event, data: std::mem::take(&mut self.data), line: self.data_line });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(chunks: &[&[u8]]) -> Result<Vec<(String, String, u64)>, Error> {
        let mut parser = EventParser::default();
        let mut ready = VecDeque::new();
        for chunk in chunks {
            parser.push(chunk, &mut ready)?;
        }
        parser.finish(&mut ready)?;
        Ok(ready.into_iter().map(|e| (e.event, e.data, e.line)).collect())
    }

    #[test]
    fn sse_events_split_across_chunks_join_their_data_lines() {
        let got = events(&[
            b": keep-alive\r\ndata: {\"A\"",
            b":1}\r\n\r\nevent: error\ndata: x\ndata:y\n\nid: 3\n\n",
            b"data: tail",
        ])
        .unwrap();
        assert_eq!(
            got,
            [
                (String::new(), "{\"A\":1}".to_owned(), 2),
                ("error".to_owned(), "x\ny".to_owned(), 5),
                (String::new(), "tail".to_owned(), 10),
            ]
        );
    }

    #[test]
    fn sse_invalid_utf8_names_its_line() {
        let error = events(&[b"data: {}\n\n", b"data: \xff\xfe\n\n"]).unwrap_err();
        assert!(error.is_stream());
        assert_eq!(error.stream_line(), Some(3));
    }

    #[test]
    fn sse_non_json_data_names_its_line_and_error_events_are_service_errors() {
        let event = |data: &str, event: &str| Event { event: event.into(), data: data.into(), line: 7 };
        let error = event("not json", "").decode::<Value>().unwrap_err();
        assert_eq!((error.is_stream(), error.stream_line()), (true, Some(7)));
        assert!(!error.to_string().contains("not json"), "{error}");
        let error = event(r#"{"Response":{"Error":{"Code":"LimitExceeded","Message":"m"},"RequestId":"r-1"}}"#, "")
            .decode::<Value>()
            .unwrap_err();
        assert_eq!((error.code(), error.request_id()), (Some("LimitExceeded"), Some("r-1")));
        let error =
            event(r#"{"Error":{"Code":"InternalError","Message":"boom"}}"#, "error").decode::<Value>().unwrap_err();
        assert_eq!(error.code(), Some("InternalError"));
        let chunk: Value = event(r#"{"Response":{"Choices":[]}}"#, "").decode().unwrap();
        assert_eq!(chunk, serde_json::json!({"Choices": []}));
    }
}
