//! Which actions answer with a stream of Server-Sent Events (`text/event-stream`) instead of one JSON document.
//!
//! Regen reads it from the page with [`detect`] and records it in the spec (`"streaming": "always"` or
//! `"when-requested"`); everything else reads the spec with [`streaming`], so a hand-written spec says it too.
//! The pages say so in one of two ways, and [`detect`] is the one place that reads them:
//!
//! - a `Stream` request member (Boolean) whose description names SSE or streaming ("results are incrementally
//!   returned via SSE protocol", lkeap's bare "Whether it is streaming output."): the action streams when the
//!   request sets it to `true` (hunyuan ChatTranslations, cls and lkeap ChatCompletions);
//! - an action that always streams: its description names SSE, Server-Sent Events or `text/event-stream`
//!   ("using HTTP SSE protocol for communication", lkeap ReconstructDocumentSSE), or its name ends in `SSE`, the
//!   API's naming convention for them (trtc TextToSpeechSSE, "This API is used to stream text-to-speech").
//!
//! The word "stream" alone is not enough: live-streaming services use it for video streams ("push the stream"),
//! so an action description must name SSE, and a `Stream` member must say "streaming" or name SSE.
//!
//! On the 9,838 saved pages of the international site (144 services) this flags 5 actions: cls ChatCompletions,
//! hunyuan ChatTranslations, lkeap ChatCompletions (by their `Stream` member), lkeap ReconstructDocumentSSE and
//! trtc TextToSpeechSSE (always). No other request member is named `Stream`, and no other page names SSE.

use crate::{ActionSpec, MemberSpec, Scalar, StreamingMode, TypeRef};

/// How an action streams, if it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Streaming<'a> {
    /// Streams when the request sets this Boolean member (always named `Stream` on the pages) to `true`.
    WhenRequested(&'a MemberSpec),
    /// Every answer is an event stream.
    Always,
}

impl<'a> Streaming<'a> {
    /// The request member that switches streaming on, if the action has one.
    pub fn member(self) -> Option<&'a MemberSpec> {
        match self {
            Streaming::WhenRequested(member) => Some(member),
            Streaming::Always => None,
        }
    }
}

/// How `action` streams its answer as Server-Sent Events, as its spec records it, or `None` when it answers with
/// one JSON document (or records `when-requested` without a Boolean `Stream` member, which validation refuses).
pub fn streaming(action: &ActionSpec) -> Option<Streaming<'_>> {
    match action.streaming? {
        StreamingMode::Always => Some(Streaming::Always),
        StreamingMode::WhenRequested => stream_member(action).map(Streaming::WhenRequested),
    }
}

/// The request member that switches streaming on: `Stream`, a Boolean.
pub fn stream_member(action: &ActionSpec) -> Option<&MemberSpec> {
    action.request.iter().find(|m| m.name == "Stream" && m.type_ref == TypeRef::Scalar(Scalar::Boolean))
}

/// How the page of `action` says it streams: a `Stream` member that names SSE or streaming, or an action
/// description naming SSE or a name ending in `SSE`. Regen records the answer in `ActionSpec::streaming`.
pub fn detect(action: &ActionSpec) -> Option<StreamingMode> {
    let member = stream_member(action)
        .filter(|m| names_sse(&m.description) || m.description.to_ascii_lowercase().contains("streaming"));
    match member {
        Some(_) => Some(StreamingMode::WhenRequested),
        None if names_sse(&action.description) || action.name.ends_with("SSE") => Some(StreamingMode::Always),
        None => None,
    }
}

/// Whether `action` streams at all (see [`streaming`]).
pub fn is_streaming_action(action: &ActionSpec) -> bool {
    streaming(action).is_some()
}

/// Whether `text` names SSE: the word `SSE` (not inside a longer word such as `ASSESS`), "server-sent event"
/// or `event-stream`, in any case for the last two.
fn names_sse(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    if lower.contains("server-sent event") || lower.contains("server sent event") || lower.contains("event-stream") {
        return true;
    }
    text.match_indices("SSE").any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + 3..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action(name: &str, description: &str, members: &[(&str, &str, &str)]) -> ActionSpec {
        let members: Vec<serde_json::Value> = members
            .iter()
            .map(|(name, ty, description)| {
                serde_json::json!({"name": name, "type": ty, "required": false, "description": description})
            })
            .collect();
        let mut action: ActionSpec = serde_json::from_value(serde_json::json!({
            "name": name, "service": "x", "version": "2020-01-01", "domain": "x.tencentcloudapi.com",
            "region_required": false, "description": description, "request": members, "response": [],
        }))
        .unwrap();
        // What regen does: read the page, record the answer in the spec.
        action.streaming = detect(&action);
        action
    }

    #[test]
    fn sse_is_named_by_a_stream_member_the_description_or_the_name() {
        let chat =
            action("ChatCompletions", "Chat.", &[("Stream", "Boolean", "Results are returned via SSE protocol.")]);
        assert_eq!(streaming(&chat).and_then(Streaming::member).map(|m| m.name.as_str()), Some("Stream"));
        let parse = action("ReconstructDocumentSSE", "Parsing, using HTTP SSE protocol for communication.", &[]);
        assert_eq!(streaming(&parse), Some(Streaming::Always));
        assert!(is_streaming_action(&action("TextToSpeechSSE", "This API is used to stream text-to-speech.", &[])));
        assert!(is_streaming_action(&action("Watch", "Answers as text/event-stream.", &[])));
        assert!(is_streaming_action(&action("Watch", "Sends Server-Sent Events.", &[])));

        // Streams of video, SSE inside a word, a Stream member that does not name SSE.
        assert!(!is_streaming_action(&action("DescribeLiveStreams", "This API is used to query live streams.", &[])));
        assert!(!is_streaming_action(&action("DescribeAssessments", "ASSESSMENT results (PROCESSED).", &[])));
        let lkeap = action("ChatCompletions", "Chat.", &[("Stream", "Boolean", "Whether it is streaming output.")]);
        assert!(is_streaming_action(&lkeap));
        let push = action("CreateTask", "Creates.", &[("Stream", "Boolean", "Whether to push the stream to the CDN.")]);
        assert!(!is_streaming_action(&push));
        let text = action("Chat", "Chat.", &[("Stream", "String", "Returned via SSE.")]);
        assert!(!is_streaming_action(&text), "the switch is a Boolean");
    }

    #[test]
    fn sse_the_spec_flag_is_what_counts() {
        let mut plain = action("Describe", "Describes.", &[("Stream", "Boolean", "Whatever.")]);
        assert_eq!(streaming(&plain), None);
        plain.streaming = Some(StreamingMode::WhenRequested);
        assert_eq!(streaming(&plain).and_then(Streaming::member).map(|m| m.name.as_str()), Some("Stream"));
        let mut bare = action("Describe", "Describes.", &[]);
        bare.streaming = Some(StreamingMode::WhenRequested);
        assert_eq!(streaming(&bare), None, "no Stream member to set");
        bare.streaming = Some(StreamingMode::Always);
        assert_eq!(streaming(&bare), Some(Streaming::Always));
    }
}
