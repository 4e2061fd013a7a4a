//! `tencentcloud_spec::streaming` on specs regenerated from the real pages: the five actions of the international
//! site that answer with Server-Sent Events are flagged, their neighbours and every committed spec are not.

use std::path::Path;

use tencentcloud_spec::{ActionSpec, Streaming, is_streaming_action, streaming};

/// A spec of a real page as regen writes it: `detect` reads the page's words, the spec records the answer.
fn fixture(name: &str) -> ActionSpec {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/streaming").join(format!("{name}.json"));
    let mut action: ActionSpec = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    action.streaming = tencentcloud_spec::streaming::detect(&action);
    action
}

#[test]
fn sse_actions_of_the_real_pages_are_flagged() {
    for name in ["cls-ChatCompletions", "hunyuan-ChatTranslations", "lkeap-ChatCompletions"] {
        let action = fixture(name);
        let member = streaming(&action).and_then(Streaming::member).map(|m| m.name.as_str());
        assert_eq!(member, Some("Stream"), "{name}");
    }
    for name in ["lkeap-ReconstructDocumentSSE", "trtc-TextToSpeechSSE"] {
        assert_eq!(streaming(&fixture(name)), Some(Streaming::Always), "{name}");
    }
    for name in ["hunyuan-SubmitHunyuanTo3DProJob", "lkeap-GetEmbedding"] {
        assert!(!is_streaming_action(&fixture(name)), "{name}");
    }
}

/// The committed international API has exactly these streaming actions (their pages say the answer is an SSE
/// stream); every other committed action answers with one JSON body.
#[test]
fn sse_the_committed_specs_stream_only_where_the_pages_say_so() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs");
    let services = tencentcloud_spec::load_service_tree(&root).unwrap();
    let actions: Vec<&ActionSpec> = services.iter().flat_map(|s| &s.actions).collect();
    assert!(actions.len() >= 24);
    let mut flagged: Vec<String> = services
        .iter()
        .flat_map(|s| {
            s.actions.iter().filter(|a| is_streaming_action(a)).map(move |a| format!("{} {}", s.spec.service, a.name))
        })
        .collect();
    flagged.sort();
    assert_eq!(
        flagged,
        [
            "cls ChatCompletions",
            "hunyuan ChatTranslations",
            "lkeap ChatCompletions",
            "lkeap ReconstructDocumentSSE",
            "trtc TextToSpeechSSE",
        ],
        "a committed action that streams must be one of the known SSE actions"
    );
}
