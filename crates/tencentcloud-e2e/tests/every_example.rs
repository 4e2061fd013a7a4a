//! Every documented example of every action of every service version in `specs/`, sent over a real socket to
//! one sandbox serving the whole `specs/` root through the runtime's generic `Client::call_json`. An example whose
//! request uses only members its table documents must come back as its documented response (error examples
//! included) with a fresh RequestId; one whose request regen's report (`regen-report.json`) says breaks its tables
//! (an undocumented member, a required member left out, a value of the wrong kind) must be refused with the
//! matching error naming that member, since the sandbox holds clients to the tables.

use serde_json::{Value, json};
use tencentcloud_core::{Client, RetryConfig};
use tencentcloud_e2e::{RegenReport, is_uuid_shaped, without_request_id};
use tencentcloud_spec::ActionSpec;

/// The example's request through the runtime's generic call (signing, region, envelope and errors as any caller
/// gets them), returned as the `Response` object the service sent: its members, or its `Error` and `RequestId`.
async fn send(client: &Client, action: &ActionSpec, body: &Value) -> Value {
    match client.call_json(&action.service, &action.version, &action.name, body.clone()).await {
        Ok(response) => response,
        Err(e) if e.is_service() => {
            json!({"Error": {"Code": e.code(), "Message": e.message()}, "RequestId": e.request_id()})
        }
        Err(e) => panic!("{} {}: {e}", action.service, action.name),
    }
}

#[tokio::test]
async fn every_documented_example_of_every_service_is_answered_over_a_socket() {
    let sandbox = tencentcloud_e2e::sandbox().without_rate_limits().start().await.unwrap();
    // Every answer is checked once: a documented RequestLimitExceeded example must not be retried.
    let client = tencentcloud_e2e::client(&sandbox).retry(RetryConfig::disabled()).build().unwrap();
    let (mut answered, mut refused, mut failures) = (0usize, 0usize, Vec::new());
    for service in sandbox.services() {
        let report = RegenReport::of(service);
        // Streaming actions answer with Server-Sent Events, which the SSE tests cover.
        for action in service.actions.iter().filter(|a| !tencentcloud_spec::is_streaming_action(a)) {
            for (i, example) in action.examples.iter().enumerate() {
                if !example.headers.is_empty() {
                    continue; // extra X-TC-* headers: the typed tests of ccc and cvm cover those
                }
                let label = format!("{} {} {} example {}", action.service, action.version, action.name, i + 1);
                let answer = send(&client, action, &example.request).await;
                let response = &answer;
                if !response["RequestId"].as_str().is_some_and(is_uuid_shaped) {
                    failures.push(format!("{label}: no fresh RequestId in {answer}"));
                    continue;
                }
                let defects = report.request_defects(action, i);
                match defects.first() {
                    Some(_) => {
                        // The sandbox stops at one of them; it must be one regen reported, named.
                        let error = &response["Error"];
                        let message = error["Message"].as_str().unwrap_or_default();
                        let matched = defects
                            .iter()
                            .any(|(code, member)| error["Code"] == *code && message.contains(member.as_str()));
                        if !matched {
                            failures.push(format!("{label}: regen reported {defects:?}, answered {answer}"));
                        }
                        refused += 1;
                    }
                    None => {
                        // Examples the request cannot tell apart all get the first one's response.
                        let documented = action
                            .examples
                            .iter()
                            .find(|e| e.request == example.request && e.headers.is_empty())
                            .unwrap_or(example);
                        let expected = tencentcloud_e2e::expected_answer(documented, action);
                        if without_request_id(response.clone()) != expected {
                            failures.push(format!("{label}: answered {answer}, documented {expected}"));
                        }
                        answered += 1;
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} examples failed:\n{}", failures.len(), failures.join("\n"));
    assert!(answered > 0, "no example was answered");
    eprintln!("{answered} examples answered as documented, {refused} refused for the defects regen reported");
    assert_eq!(sandbox.stats().total_requests(), (answered + refused) as u64, "one request per example");
}
