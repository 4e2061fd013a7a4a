//! Paginators over a real socket: sandbox handlers serve pages, and the paginator must stop exactly (at the total,
//! on an empty or short page, when the token ends), fail typed on a repeated token or a response without the
//! members it pages by, and keep to the action's rate limit.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use futures_util::StreamExt;
use serde::Serialize;
use serde_json::{Value, json};
use tencentcloud_core::paginate::{PageRule, Paginator};
use tencentcloud_core::{Action, ActionInfo, Client, ServiceInfo};
use tencentcloud_sandbox::{Outcome, Sandbox};
use tencentcloud_spec::{ActionSpec, Service, ServiceSpec};

/// cvm's DescribeInstances as `tencentcloud_spec::paging` reads it.
const INSTANCES: PageRule =
    PageRule::OffsetLimit { offset: "Offset", limit: "Limit", total: Some("TotalCount"), items: "InstanceSet" };

/// `n` instances, each with its position as its id, served `Offset`/`Limit` at a time (10 by default), with
/// `total` as the TotalCount the server claims.
fn serve_instances(sandbox: &Sandbox, n: usize, total: i64) -> Arc<AtomicUsize> {
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = calls.clone();
    sandbox.on("DescribeInstances", move |request| {
        seen.fetch_add(1, Ordering::SeqCst);
        let offset = request["Offset"].as_u64().unwrap_or(0) as usize;
        let limit = request["Limit"].as_u64().unwrap_or(10) as usize;
        let page: Vec<Value> =
            (offset..n.min(offset + limit)).map(|i| json!({"InstanceId": format!("ins-{i}")})).collect();
        Ok(json!({"TotalCount": total, "InstanceSet": page}))
    });
    calls
}

async fn cvm_sandbox() -> (Sandbox, Client) {
    let sandbox = tencentcloud_e2e::sandbox().without_rate_limits().start().await.unwrap();
    let client = tencentcloud_e2e::client(&sandbox).build().unwrap();
    (sandbox, client)
}

fn instances(
    client: &Client,
    limit: Option<i64>,
) -> Paginator<tencentcloud_cvm::operation::describe_instances::DescribeInstancesRequest> {
    let mut builder = tencentcloud_cvm::operation::describe_instances::DescribeInstancesRequest::builder();
    if let Some(limit) = limit {
        builder = builder.limit(limit);
    }
    Paginator::new(client.clone(), &builder.build().unwrap(), INSTANCES)
}

async fn ids(
    paginator: Paginator<tencentcloud_cvm::operation::describe_instances::DescribeInstancesRequest>,
) -> Vec<String> {
    let items: Vec<Result<Value, _>> = paginator.items::<Value>().collect().await;
    items.into_iter().map(|i| i.unwrap()["InstanceId"].as_str().unwrap().to_owned()).collect()
}

fn expected_ids(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("ins-{i}")).collect()
}

#[test]
fn paginator_rule_of_describe_instances_is_what_the_spec_detection_finds() {
    let specs = PathBuf::from(tencentcloud_e2e::SPECS).join("cvm/2017-03-12");
    let service = tencentcloud_spec::load_service(specs).unwrap();
    let detected = tencentcloud_spec::paging::detect(service.action("DescribeInstances").unwrap()).unwrap();
    assert_eq!(
        detected,
        tencentcloud_spec::paging::Paging::OffsetLimit {
            offset: "Offset".into(),
            limit: "Limit".into(),
            total: Some("TotalCount".into()),
            items: "InstanceSet".into()
        }
    );
}

#[tokio::test]
async fn paginator_stops_at_total_count_and_on_a_short_page() {
    let (sandbox, client) = cvm_sandbox().await;
    let calls = serve_instances(&sandbox, 23, 23);
    assert_eq!(ids(instances(&client, Some(10))).await, expected_ids(23));
    assert_eq!(calls.load(Ordering::SeqCst), 3, "pages of 10, 10 and 3");

    // The pages themselves, typed.
    calls.store(0, Ordering::SeqCst);
    let pages: Vec<_> = instances(&client, Some(10)).pages().collect().await;
    let sizes: Vec<usize> = pages.iter().map(|p| p.as_ref().unwrap().instance_set.len()).collect();
    assert_eq!(sizes, [10, 10, 3]);
    assert_eq!(pages[0].as_ref().unwrap().total_count, 23);

    // An exact multiple of the page size ends at the total without asking for an empty page.
    let calls = serve_instances(&sandbox, 20, 20);
    assert_eq!(ids(instances(&client, Some(10))).await, expected_ids(20));
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn paginator_survives_an_off_by_one_total_count() {
    let (sandbox, client) = cvm_sandbox().await;
    // The server claims one more than it has and the request sets no page size: the empty page ends it.
    let calls = serve_instances(&sandbox, 23, 24);
    assert_eq!(ids(instances(&client, None)).await, expected_ids(23));
    assert_eq!(calls.load(Ordering::SeqCst), 4, "10, 10, 3, then an empty page");
    // The server claims one fewer: the paginator stops at what it claims, no page beyond.
    let calls = serve_instances(&sandbox, 23, 22);
    assert_eq!(ids(instances(&client, None)).await, expected_ids(23));
    assert_eq!(calls.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn paginator_fails_typed_when_the_response_lacks_what_it_pages_by() {
    let (sandbox, client) = cvm_sandbox().await;
    sandbox.on("DescribeInstances", |_| Ok(json!({"TotalCount": 5})));
    let items: Vec<_> = instances(&client, Some(2)).items::<Value>().collect().await;
    assert_eq!(items.len(), 1, "one error, no loop: {items:?}");
    let error = items[0].as_ref().unwrap_err();
    assert!(error.is_paging(), "{error}");
    assert!(error.to_string().contains("InstanceSet"), "{error}");

    sandbox.on("DescribeInstances", |_| Ok(json!({"InstanceSet": [{"InstanceId": "a"}, {"InstanceId": "b"}]})));
    let pages: Vec<_> = instances(&client, Some(2)).pages().collect().await;
    assert_eq!(pages.len(), 1, "{pages:?}");
    assert!(pages[0].as_ref().unwrap_err().to_string().contains("TotalCount"));
}

/// A service of one action that pages by token or page number, for the patterns cvm's specs do not have.
#[derive(Serialize)]
struct ListThings {
    #[serde(rename = "NextToken", skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
    #[serde(rename = "PageNumber", skip_serializing_if = "Option::is_none")]
    page_number: Option<i64>,
    #[serde(rename = "PageSize", skip_serializing_if = "Option::is_none")]
    page_size: Option<i64>,
}

static THINGS: ServiceInfo =
    ServiceInfo { name: "things", version: "2020-01-01", domain: "things.tencentcloudapi.com" };
static LIST_THINGS: ActionInfo = ActionInfo {
    service: &THINGS,
    name: "ListThings",
    rate_limit_per_second: Some(5),
    region_required: false,
    read_only: true,
};

impl Action for ListThings {
    type Output = Value;
    const INFO: &'static ActionInfo = &LIST_THINGS;
}

fn things_service() -> Service {
    let members = |list: &[(&str, &str)]| -> Value {
        list.iter().map(|(n, t)| json!({"name": n, "type": t, "description": ""})).collect()
    };
    let action: ActionSpec = serde_json::from_value(json!({
        "name": "ListThings", "service": "things", "version": "2020-01-01", "domain": "things.tencentcloudapi.com",
        "region_required": false, "rate_limit_per_second": 5, "description": "Lists things.",
        "request": members(&[("NextToken", "String"), ("PageNumber", "Integer"), ("PageSize", "Integer")]),
        "response": members(&[("NextToken", "String"), ("Things", "Array of String"), ("Total", "Integer"), ("RequestId", "String")]),
    }))
    .unwrap();
    let spec: ServiceSpec = serde_json::from_value(
        json!({"service": "things", "version": "2020-01-01", "domain": "things.tencentcloudapi.com"}),
    )
    .unwrap();
    Service { dir: PathBuf::from("things"), spec, actions: vec![action], types: Vec::new(), files: Vec::new() }
}

async fn things_sandbox(rate_limited: bool) -> (Sandbox, Client) {
    let builder = tencentcloud_e2e::sandbox().services(vec![things_service()]);
    let builder = if rate_limited { builder } else { builder.without_rate_limits() };
    let sandbox = builder.start().await.unwrap();
    let client = tencentcloud_e2e::client(&sandbox).build().unwrap();
    (sandbox, client)
}

const BY_TOKEN: PageRule = PageRule::Token { token: "NextToken", items: Some("Things") };
const BY_PAGE: PageRule =
    PageRule::PageNumber { page: "PageNumber", size: "PageSize", total: Some("Total"), items: "Things" };

#[tokio::test]
async fn paginator_follows_tokens_until_none_and_refuses_a_repeated_one() {
    let (sandbox, client) = things_sandbox(false).await;
    // Tokens t1..t3, then none.
    sandbox.on("ListThings", |request| {
        let at: usize = request["NextToken"].as_str().map(|t| t[1..].parse().unwrap()).unwrap_or(0);
        let next = if at < 3 { json!(format!("t{}", at + 1)) } else { Value::Null };
        Ok(json!({"Things": [format!("thing-{at}")], "NextToken": next}))
    });
    let request = ListThings { next_token: None, page_number: None, page_size: None };
    let things: Vec<_> = Paginator::new(client.clone(), &request, BY_TOKEN).items::<String>().collect().await;
    let things: Vec<String> = things.into_iter().map(Result::unwrap).collect();
    assert_eq!(things, ["thing-0", "thing-1", "thing-2", "thing-3"]);

    // A server that hands back the same token forever: an error after the repeat, never a loop.
    sandbox.on("ListThings", |_| Ok(json!({"Things": ["again"], "NextToken": "same"})));
    let pages: Vec<_> = Paginator::new(client, &request, BY_TOKEN).pages().collect().await;
    assert_eq!(pages.len(), 2, "{pages:?}");
    assert!(pages[0].is_ok());
    let error = pages[1].as_ref().unwrap_err();
    assert!(error.is_paging() && error.to_string().contains("repeated"), "{error}");
    assert_eq!(sandbox.stats().total_requests(), 4 + 2);
}

#[tokio::test]
async fn paginator_pages_by_number_from_one_and_keeps_to_the_rate_limit() {
    // ListThings allows 5 calls a second; 11 pages must not trip the sandbox's own limiter.
    let (sandbox, client) = things_sandbox(true).await;
    sandbox.on("ListThings", |request| {
        let page = request["PageNumber"].as_i64().unwrap();
        let size = request["PageSize"].as_i64().unwrap();
        let things: Vec<String> = ((page - 1) * size..(page * size).min(21)).map(|i| format!("t{i}")).collect();
        Ok(json!({"Things": things, "Total": 21}))
    });
    let request = ListThings { next_token: None, page_number: None, page_size: Some(2) };
    let things: Vec<_> = Paginator::new(client, &request, BY_PAGE).items::<String>().collect().await;
    let things: Vec<String> = things.into_iter().map(Result::unwrap).collect();
    assert_eq!(things, (0..21).map(|i| format!("t{i}")).collect::<Vec<_>>());
    let stats = sandbox.stats();
    assert_eq!(stats.total(&Outcome::Ok), 11, "{stats:#?}");
    assert_eq!(stats.total_requests(), 11, "no call was refused by the sandbox's rate limit: {stats:#?}");
}

#[tokio::test]
async fn paginator_methods_generated_on_the_builder_page_and_stream_typed_items() {
    let (sandbox, client) = cvm_sandbox().await;
    let calls = serve_instances(&sandbox, 23, 23);
    let cvm = tencentcloud_cvm::Client::new(client);
    let instances: Vec<_> = cvm.describe_instances().limit(10).items().collect().await;
    let ids: Vec<String> = instances.into_iter().map(|i| i.unwrap().instance_id).collect();
    assert_eq!(ids, expected_ids(23));
    let pages: Vec<_> = cvm.describe_instances().limit(10).into_paginator().collect().await;
    let sizes: Vec<usize> = pages.into_iter().map(|p| p.unwrap().instance_set.len()).collect();
    assert_eq!(sizes, [10, 10, 3]);
    assert_eq!(calls.load(Ordering::SeqCst), 6);
}
