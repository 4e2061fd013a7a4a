//! The sandbox over a real socket: raw HTTP requests signed with the runtime's signer, checked against the
//! official API 3.0 error codes and shapes, the rate limit, injected faults and the counters.

mod support;

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::{ACTION, Answer, Call, ID, KEY, SPECS, call, http, is_uuid_shaped, sandbox, send};
use tencentcloud_sandbox::{Fault, Outcome, Sandbox, SandboxError};

#[tokio::test]
async fn answers_with_the_documented_example_and_a_fresh_request_id() {
    let sandbox = sandbox().await;
    let first = call(&sandbox, Call::default()).await;
    let second = call(&sandbox, Call::default()).await;
    assert_eq!((first.status, first.content_type.as_str()), (200, "application/json"));
    let (mut a, b) = (first.json(), second.json());
    let id = a["Response"]["RequestId"].as_str().unwrap().to_owned();
    assert!(is_uuid_shaped(&id), "{id}");
    assert_ne!(Some(id.as_str()), b["Response"]["RequestId"].as_str());

    let spec = &sandbox.services()[0].action(ACTION).unwrap().examples[0].response;
    a["Response"]["RequestId"] = spec["Response"]["RequestId"].clone();
    assert_eq!(&a, spec);
    assert_eq!(sandbox.stats().action(ACTION).count(&Outcome::Ok), 2);
}

#[tokio::test]
async fn checks_real_signatures() {
    let sandbox = sandbox().await;
    let cases = [
        (Call { secret_key: "wrong-key", ..Default::default() }, "AuthFailure.SignatureFailure"),
        (
            Call { tampered: Some(r#"{"SdkAppId":1,"TaskId":3}"#.into()), ..Default::default() },
            "AuthFailure.SignatureFailure",
        ),
        (Call { secret_id: "AKIDnobody", ..Default::default() }, "AuthFailure.SecretIdNotFound"),
        (Call { skew: -301, ..Default::default() }, "AuthFailure.SignatureExpire"),
        (Call { skew: 301, ..Default::default() }, "AuthFailure.SignatureExpire"),
        (Call { authorization: false, ..Default::default() }, "AuthFailure.InvalidAuthorization"),
    ];
    for (i, (case, code)) in cases.into_iter().enumerate() {
        let answer = call(&sandbox, case).await;
        assert_eq!(answer.status, 200, "case {i}");
        assert_eq!(answer.error_code(), code, "case {i}: {}", answer.text);
        assert!(is_uuid_shaped(answer.json()["Response"]["RequestId"].as_str().unwrap()));
    }
    // Four minutes of clock skew is inside the window.
    assert_eq!(call(&sandbox, Call { skew: -240, ..Default::default() }).await.status, 200);
    let stats = sandbox.stats().action(ACTION);
    assert_eq!(stats.count(&Outcome::Error("AuthFailure.SignatureFailure".into())), 2);
    assert_eq!(stats.count(&Outcome::Error("AuthFailure.SignatureExpire".into())), 2);
    assert_eq!(stats.requests, 7);
    assert_eq!(stats.admitted_at.len(), 1, "only the good request reaches the rate limiter");
}

#[tokio::test]
async fn routes_by_action_version_and_credential_scope() {
    let sandbox = sandbox().await;
    let cases = [
        (Call { action: Some("DescribeNothing"), ..Default::default() }, "InvalidAction", "`DescribeNothing`"),
        (Call { version: "2017-03-12", ..Default::default() }, "NoSuchVersion", "2020-02-10"),
        (Call { service: "nosuch", ..Default::default() }, "InvalidAction", "`nosuch`"),
        (Call { action: None, ..Default::default() }, "MissingParameter", "`Action`"),
        (Call { version: "", ..Default::default() }, "MissingParameter", "`Version`"),
    ];
    for (case, code, needle) in cases {
        let answer = call(&sandbox, case).await;
        assert_eq!(answer.error_code(), code, "{}", answer.text);
        assert!(answer.error_message().contains(needle), "{}", answer.text);
    }
    // A real service domain as Host names the service; a signature scoped to another service does not fit it.
    let by_host = call(&sandbox, Call { host: Some("ccc.tencentcloudapi.com"), ..Default::default() }).await;
    assert!(by_host.json()["Response"]["Error"].is_null(), "{}", by_host.text);
    let mismatched =
        call(&sandbox, Call { host: Some("ccc.tencentcloudapi.com"), service: "cvm", ..Default::default() }).await;
    assert_eq!(mismatched.error_code(), "AuthFailure.SignatureFailure", "{}", mismatched.text);
    assert!(mismatched.error_message().contains("`cvm`"), "{}", mismatched.text);
    let raw = http().put(sandbox.url()).send().await.unwrap();
    let body: Value = serde_json::from_str(&raw.text().await.unwrap()).unwrap();
    assert_eq!(body["Response"]["Error"]["Code"], "UnsupportedProtocol");
    let elsewhere = http().post(format!("{}/v2", sandbox.url())).send().await.unwrap();
    assert_eq!(elsewhere.status().as_u16(), 404);
}

#[tokio::test]
async fn validates_the_body_against_the_request_spec() {
    let sandbox = sandbox().await;
    let cases = [
        (json!({"SdkAppId": 1}).to_string(), "MissingParameter", "`TaskId`"),
        (
            json!({"SdkAppId": 1, "TaskId": "two"}).to_string(),
            "InvalidParameter",
            "`TaskId` is incorrect: expected an Integer",
        ),
        (
            json!({"SdkAppId": 1, "TaskId": [2]}).to_string(),
            "InvalidParameter",
            "`TaskId` is incorrect: expected an Integer",
        ),
        (json!({"SdkAppId": 1, "TaskId": 2, "Taskid": 2}).to_string(), "UnknownParameter", "`Taskid`"),
        ("SdkAppId=1&TaskId=2".to_owned(), "InvalidParameter", "not valid JSON"),
        ("[1,2]".to_owned(), "InvalidParameter", "JSON object"),
    ];
    for (body, code, needle) in cases {
        let answer = call(&sandbox, Call { body: body.clone(), ..Default::default() }).await;
        assert_eq!(answer.error_code(), code, "{body}: {}", answer.text);
        assert!(answer.error_message().contains(needle), "{body}: {}", answer.text);
    }
}

#[tokio::test]
async fn names_the_member_path_inside_nested_request_types() {
    let sandbox = sandbox().await;
    let good = json!({"SdkAppId": 1, "NotBefore": 2, "Callees": ["1"], "Callers": ["2"],
        "CalleeAttributes": [{"Callee": "1", "Variables": [{"Key": "k", "Value": "v"}]}]});
    let create =
        |body: Value| Call { action: Some("CreateAutoCalloutTask"), body: body.to_string(), ..Default::default() };
    let ok = call(&sandbox, create(good.clone())).await.json();
    assert_eq!(ok["Response"]["TaskId"], 0, "no example: a placeholder built from the response spec");
    let cases = [
        ("/CalleeAttributes/0/Callee", json!(5), "InvalidParameter", "`CalleeAttributes[0].Callee`"),
        (
            "/CalleeAttributes/0/Variables/0/Value",
            Value::Null,
            "MissingParameter",
            "`CalleeAttributes[0].Variables[0].Value`",
        ),
        ("/Callees/0", json!(1), "InvalidParameter", "`Callees[0]`"),
        ("/CalleeAttributes/0/Uui", json!("x"), "UnknownParameter", "`CalleeAttributes[0].Uui`"),
    ];
    for (pointer, value, code, needle) in cases {
        let mut body = good.clone();
        match body.pointer_mut(pointer) {
            Some(slot) => *slot = value,
            None => {
                let (parent, key) = pointer.rsplit_once('/').unwrap();
                body.pointer_mut(parent).unwrap().as_object_mut().unwrap().insert(key.to_owned(), value);
            }
        }
        let answer = call(&sandbox, create(body)).await;
        assert_eq!(answer.error_code(), code, "{pointer}: {}", answer.text);
        assert!(answer.error_message().contains(needle), "{pointer}: {}", answer.text);
    }
}

#[tokio::test]
async fn region_required_actions_need_x_tc_region_and_examples_are_picked_by_request_and_headers() {
    let sandbox = sandbox().await;
    let status = |body: &str, extra: Vec<(&'static str, &'static str)>| Call {
        action: Some("DescribeInstancesStatus"),
        version: "2017-03-12",
        service: "cvm",
        body: body.to_owned(),
        extra,
        ..Default::default()
    };
    let answer = call(&sandbox, status("{}", vec![])).await;
    assert_eq!(answer.error_code(), "MissingParameter");
    assert!(answer.error_message().contains("`Region`"));

    let region = ("X-TC-Region", "ap-guangzhou");
    let statuses = |a: Answer| a.json()["Response"]["InstanceStatusSet"].clone();
    assert_eq!(statuses(call(&sandbox, status(r#"{"Limit":1}"#, vec![region])).await), json!(["RUNNING"]));
    let chinese = vec![region, ("X-TC-Language", "zh-CN")];
    assert_eq!(statuses(call(&sandbox, status(r#"{"Limit":"1"}"#, chinese)).await), json!(["运行中"]));
    assert_eq!(statuses(call(&sandbox, status(r#"{"Limit":2}"#, vec![region])).await), json!(["RUNNING", "STOPPED"]));
    // No example matches: the first one answers.
    assert_eq!(statuses(call(&sandbox, status(r#"{"Limit":3}"#, vec![region])).await), json!(["运行中"]));
}

#[tokio::test]
async fn handlers_replace_the_example_until_removed() {
    let sandbox = sandbox().await;
    sandbox.on(ACTION, |request: Value| match request["TaskId"].as_i64() {
        Some(404) => Err(SandboxError::new("ResourceNotFound", "no task 404")),
        Some(id) => Ok(json!({"Name": format!("task {id}"), "RequestId": "ignored"})),
        None => unreachable!("the spec requires TaskId"),
    });
    let ok = call(&sandbox, Call { body: r#"{"SdkAppId":1,"TaskId":7}"#.into(), ..Default::default() }).await.json();
    assert_eq!(ok["Response"]["Name"], "task 7");
    assert!(is_uuid_shaped(ok["Response"]["RequestId"].as_str().unwrap()));
    let missing = call(&sandbox, Call { body: r#"{"SdkAppId":1,"TaskId":404}"#.into(), ..Default::default() }).await;
    assert_eq!((missing.error_code(), missing.error_message()), ("ResourceNotFound".into(), "no task 404".into()));
    sandbox.off(ACTION);
    assert_eq!(call(&sandbox, Call::default()).await.json()["Response"]["Name"], "foobar");

    sandbox.on(ACTION, |_| panic!("the test's own assertion failed"));
    let panicked = call(&sandbox, Call::default()).await;
    assert_eq!(panicked.error_code(), "InternalError");
    assert!(panicked.error_message().contains("the test's own assertion failed"), "{}", panicked.text);
}

#[tokio::test]
async fn enforces_the_documented_rate_limit_per_secret_id() {
    let sandbox =
        Sandbox::builder().specs(SPECS).credential(ID, KEY).credential("AKIDother", "k2").start().await.unwrap();
    let started = Instant::now();
    let mut limited = 0;
    for _ in 0..40 {
        let answer = call(&sandbox, Call::default()).await;
        if answer.status == 200 && answer.json()["Response"]["Error"]["Code"] == "RequestLimitExceeded" {
            limited += 1;
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    // Another SecretId has its own budget.
    let other = call(&sandbox, Call { secret_id: "AKIDother", secret_key: "k2", ..Default::default() }).await;
    assert!(other.json()["Response"]["Error"].is_null(), "{}", other.text);
    let stats = sandbox.stats().action(ACTION);
    assert_eq!(stats.count(&Outcome::Error("RequestLimitExceeded".into())), limited);
    let admitted = 40.0 - limited as f64;
    // A bucket of 20 that refills at 20/s admits at most 20 + 20 per second elapsed.
    assert!(admitted <= 20.0 + 20.0 * elapsed + 1.0, "{admitted} admitted in {elapsed} s");
    if elapsed < 0.5 {
        // 40 requests in under half a second: at least 10 must have been refused.
        assert!(limited >= 10, "{limited} refused in {elapsed} s");
    }
    let unlimited = Sandbox::builder().specs(SPECS).credential(ID, KEY).without_rate_limits().start().await.unwrap();
    for _ in 0..40 {
        assert!(call(&unlimited, Call::default()).await.json()["Response"]["Error"].is_null());
    }
}

#[tokio::test]
async fn injects_each_kind_of_fault() {
    let sandbox = sandbox().await;
    let faults = sandbox.faults();

    faults.set([Fault::bad_gateway(1.0)]);
    let html = call(&sandbox, Call::default()).await;
    assert_eq!((html.status, html.content_type.as_str()), (502, "text/html"));
    assert!(html.text.contains("502 Bad Gateway"));

    faults.set([Fault::malformed_json(1.0)]);
    let malformed = call(&sandbox, Call::default()).await;
    assert_eq!(malformed.status, 200);
    assert!(serde_json::from_str::<Value>(&malformed.text).is_err(), "{}", malformed.text);

    faults.set([Fault::truncated_json(1.0)]);
    let truncated = call(&sandbox, Call::default()).await;
    assert!(serde_json::from_str::<Value>(&truncated.text).is_err());
    assert!(truncated.text.starts_with(r#"{"Response":{"#), "{}", truncated.text);

    faults.set([Fault::error("InternalError", 1.0).on_action(ACTION)]);
    assert_eq!(call(&sandbox, Call::default()).await.error_code(), "InternalError");

    faults.set([Fault::error("InternalError", 1.0).on_action("SomeOtherAction")]);
    assert_eq!(call(&sandbox, Call::default()).await.status, 200);

    faults.set([Fault::drop_connection(1.0)]);
    let dropped = send(&sandbox, Call::default()).await.err().expect("the connection is closed without a response");
    assert!(dropped.is_request() || dropped.is_connect() || dropped.is_body(), "{dropped:?}");

    faults.set([Fault::latency(Duration::from_millis(150), 1.0)]);
    let started = Instant::now();
    assert_eq!(call(&sandbox, Call::default()).await.status, 200);
    assert!(started.elapsed() >= Duration::from_millis(150));

    faults.clear();
    assert_eq!(call(&sandbox, Call::default()).await.status, 200);
    let stats = sandbox.stats().action(ACTION);
    for (outcome, n) in [
        (Outcome::BadGateway, 1),
        (Outcome::MalformedJson, 1),
        (Outcome::TruncatedJson, 1),
        (Outcome::InjectedError("InternalError".into()), 1),
        (Outcome::Dropped, 1),
        (Outcome::Ok, 3),
    ] {
        assert_eq!(stats.count(&outcome), n, "{outcome}");
    }
}

#[tokio::test]
async fn the_same_seed_gives_the_same_faults() {
    async fn outcomes(seed: u64) -> Vec<u16> {
        let sandbox = Sandbox::builder()
            .specs(SPECS)
            .credential(ID, KEY)
            .without_rate_limits()
            .fault("html502@0.3".parse().unwrap())
            .fault("error:InternalError@0.3".parse().unwrap())
            .seed(seed)
            .start()
            .await
            .unwrap();
        let mut seen = Vec::new();
        for _ in 0..40 {
            let answer = call(&sandbox, Call::default()).await;
            seen.push(if answer.status == 502 {
                502
            } else if answer.json()["Response"]["Error"].is_null() {
                200
            } else {
                500
            });
        }
        seen
    }
    let a = outcomes(11).await;
    assert_eq!(a, outcomes(11).await);
    assert_ne!(a, outcomes(12).await);
    assert!(a.contains(&502) && a.contains(&500) && a.contains(&200), "{a:?}");
}

#[tokio::test]
async fn shutdown_stops_serving() {
    let sandbox = sandbox().await;
    let url = sandbox.url();
    assert_eq!(call(&sandbox, Call::default()).await.status, 200);
    sandbox.shutdown().await;
    let error = http().post(&url).body("{}").send().await.unwrap_err();
    assert!(error.is_connect(), "{error:?}");
}

#[tokio::test]
async fn refuses_to_start_without_specs() {
    let empty = std::env::temp_dir().join(format!("sandbox-no-specs-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let error = Sandbox::builder().specs(&empty).start().await.unwrap_err();
    assert!(error.to_string().contains("no service folder"), "{error}");
    let error = Sandbox::builder().specs("/nonexistent/specs").start().await.unwrap_err();
    assert!(error.to_string().contains("cannot list folder"), "{error}");
}

#[tokio::test]
async fn dropping_the_sandbox_stops_it() {
    let sandbox = sandbox().await;
    let addr = sandbox.addr();
    assert_eq!(call(&sandbox, Call::default()).await.status, 200);
    drop(sandbox);
    // Drop cannot wait for the server task, which closes the listener as soon as it runs again.
    for _ in 0..1_000 {
        if tokio::net::TcpStream::connect(addr).await.is_err() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("{addr} still accepts connections 10 s after the sandbox was dropped");
}
