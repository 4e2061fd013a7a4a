//! Every documented example of every action of every service version in `specs/`, sent over a real socket to
//! one sandbox serving the whole `specs/` root, signed with TC3 as the example's service. An example whose
//! request uses only members its table documents must come back as its documented response (error examples
//! included) with a fresh RequestId; one whose request regen's report (`regen-report.json`) says breaks its tables
//! (an undocumented member, a required member left out, a value of the wrong kind) must be refused with the
//! matching error naming that member, since the sandbox holds clients to the tables.

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::Value;
use tencentcloud_core::sign::{self, Request};
use tencentcloud_e2e::RegenReport;
use tencentcloud_e2e::{REGION, SECRET_ID, SECRET_KEY, is_uuid_shaped};
use tencentcloud_spec::ActionSpec;

fn without_request_id(mut response: Value) -> Value {
    if let Some(members) = response.as_object_mut() {
        members.remove("RequestId");
    }
    response
}

async fn send(http: &reqwest::Client, endpoint: &str, action: &ActionSpec, body: &Value) -> Value {
    let timestamp = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64;
    let payload = body.to_string();
    let content_type = "application/json; charset=utf-8";
    let signed = Request { host: endpoint, content_type, action: Some(&action.name), payload: payload.as_bytes() };
    let authorization = sign::sign(SECRET_ID, SECRET_KEY, &action.service, timestamp, &signed);
    let mut request = http
        .post(format!("http://{endpoint}"))
        .header("Content-Type", content_type)
        .header("Authorization", authorization)
        .header("X-TC-Action", &action.name)
        .header("X-TC-Version", &action.version)
        .header("X-TC-Timestamp", timestamp.to_string());
    if action.region_required {
        request = request.header("X-TC-Region", REGION);
    }
    let text = request.body(payload).send().await.unwrap().text().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: not JSON ({e}): {text}", action.name))
}

#[tokio::test]
async fn every_documented_example_of_every_service_is_answered_over_a_socket() {
    let sandbox = tencentcloud_e2e::sandbox().without_rate_limits().start().await.unwrap();
    let http = reqwest::Client::new();
    let endpoint = sandbox.endpoint();
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
                let answer = send(&http, &endpoint, action, &example.request).await;
                let response = &answer["Response"];
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
                        let expected = without_request_id(documented.response["Response"].clone());
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
