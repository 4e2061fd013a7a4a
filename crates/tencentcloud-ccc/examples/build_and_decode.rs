//! Builds the DescribeAutoCalloutTask request with the reference page's values and decodes the page's example
//! response into typed values, without any network: `cargo run -p tencentcloud-ccc --example build_and_decode`.

use tencentcloud_ccc::operation::describe_auto_callout_task::{
    DescribeAutoCalloutTaskRequest, DescribeAutoCalloutTaskResponse,
};

/// The page's example response, as printed on it.
const PAGE_RESPONSE: &str = r#"{
  "Response": {
    "IvrId": 1, "Name": "foobar", "NotBefore": 1, "NotAfter": 0, "State": 1, "Callers": ["008610086"],
    "RequestId": "foobar", "Callees": [{"State": 1, "Callee": "foobar", "Sessions": ["foobar"]}],
    "Description": "foobar"
  }
}"#;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let request = DescribeAutoCalloutTaskRequest::builder().sdk_app_id(1).task_id(2).build()?;
    println!("request body: {}", serde_json::to_string(&request)?);

    // A required member left out is an error before any traffic.
    let missing = DescribeAutoCalloutTaskRequest::builder().sdk_app_id(1).build().unwrap_err();
    println!("without TaskId: {missing}");

    let body: serde_json::Value = serde_json::from_str(PAGE_RESPONSE)?;
    let response: DescribeAutoCalloutTaskResponse = serde_json::from_value(body["Response"].clone())?;
    println!("name: {}, description: {}", response.name, response.description);
    println!(
        "runs from {} to {:?}, state {}, IVR {}",
        response.not_before, response.not_after, response.state, response.ivr_id
    );
    println!("callers: {:?}", response.callers);
    for callee in &response.callees {
        println!("callee {} state {} sessions {:?}", callee.callee, callee.state, callee.sessions);
    }
    println!("request id: {}", response.request_id);
    Ok(())
}
