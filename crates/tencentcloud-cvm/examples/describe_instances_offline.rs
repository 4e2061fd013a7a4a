//! Builds the DescribeInstances request of the reference page's first example and decodes that example's response
//! into typed values, without any network: `cargo run -p tencentcloud-cvm --example describe_instances_offline`.

use tencentcloud_cvm::operation::describe_instances::{DescribeInstancesRequest, DescribeInstancesResponse};
use tencentcloud_cvm::types::Filter;

/// The spec holds the page's examples; the first is "View Instance List".
const SPEC: &str = include_str!("../specs/2017-03-12/actions/DescribeInstances.json");

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let request = DescribeInstancesRequest::builder()
        .filters(Filter::default().with_name("zone").with_values(["ap-guangzhou-3", "ap-guangzhou-4"]))
        .offset(0)
        .limit(1)
        .build()?;
    println!("request body: {}", serde_json::to_string(&request)?);

    let spec: serde_json::Value = serde_json::from_str(SPEC)?;
    let example = &spec["examples"][0];
    assert_eq!(serde_json::to_value(&request)?, example["request"], "the same body as the page's example");
    let response: DescribeInstancesResponse = serde_json::from_value(example["response"]["Response"].clone())?;
    println!("{} instance(s) in total", response.total_count);
    for instance in &response.instance_set {
        println!(
            "{} {:?} in {}: {} ({} vCPU, {} GB), {:?}, private {:?}, public {:?}, IPv6 {:?}",
            instance.instance_id,
            instance.instance_name,
            instance.placement.zone,
            instance.instance_type,
            instance.cpu,
            instance.memory,
            instance.instance_state,
            instance.private_ip_addresses,
            instance.public_ip_addresses,
            instance.ipv6_addresses,
        );
    }
    Ok(())
}
