//! What the generated types cost at run time: decoding the documented `DescribeInstances` answer (nested data
//! types, arrays, nullable members) and encoding the documented `RunInstances` request, the two halves of a call
//! that `tencentcloud-core`'s execute bench leaves to the generated code.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use tencentcloud_cvm::operation::describe_instances::DescribeInstancesResponse;
use tencentcloud_cvm::operation::run_instances::RunInstancesRequest;

/// The first documented example of `action`, as (request JSON, inner response JSON).
fn example(action: &str) -> (String, String) {
    let path = format!("{}/specs/2017-03-12/actions/{action}.json", env!("CARGO_MANIFEST_DIR"));
    let spec: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let example = &spec["examples"][0];
    (example["request"].to_string(), example["response"]["Response"].to_string())
}

fn codec(c: &mut Criterion) {
    let (_, answer) = example("DescribeInstances");
    c.bench_function("decode DescribeInstances example response", |b| {
        b.iter(|| black_box(serde_json::from_str::<DescribeInstancesResponse>(black_box(&answer)).unwrap()))
    });
    let (request, _) = example("RunInstances");
    let request: RunInstancesRequest = serde_json::from_str(&request).unwrap();
    c.bench_function("encode RunInstances example request", |b| {
        b.iter(|| black_box(serde_json::to_vec(black_box(&request)).unwrap()))
    });
}

criterion_group!(benches, codec);
criterion_main!(benches);
