//! Cost of signing one typical API 3.0 request (a 200-byte JSON body) with the derived key already cached.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use tencentcloud_core::sign::{self, KeyCache, Request};

fn body_of_200_bytes() -> Vec<u8> {
    let mut body = br#"{"SdkAppId":1400000000,"TaskId":123456,"Filters":[{"Name":"instance-name","Values":["web-server-01","web-server-02"]}],"Offset":0,"Limit":20,"Order":"DESC","OrderField":"CreateTime","Pad":""#.to_vec();
    while body.len() < 198 {
        body.push(b'x');
    }
    body.extend_from_slice(b"\"}");
    assert_eq!(body.len(), 200);
    body
}

fn signing(c: &mut Criterion) {
    let body = body_of_200_bytes();
    let cache = KeyCache::new();
    let (id, key, service, timestamp) =
        ("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", "ccc", 1_763_900_000);
    let request = Request {
        host: "ccc.tencentcloudapi.com",
        content_type: "application/json",
        action: Some("DescribeAutoCalloutTask"),
        payload: &body,
    };
    c.bench_function("sign 200-byte request, key cached", |b| {
        b.iter(|| {
            let derived = cache.get(black_box(key), sign::utc_date(timestamp), service);
            black_box(sign::authorization(id, &derived, service, black_box(timestamp), black_box(&request)))
        })
    });
    let without_action = Request { action: None, ..request };
    c.bench_function("sign 200-byte request, key cached, content-type;host only", |b| {
        b.iter(|| {
            let derived = cache.get(black_box(key), sign::utc_date(timestamp), service);
            black_box(sign::authorization(id, &derived, service, black_box(timestamp), black_box(&without_action)))
        })
    });
    // The floor: the SHA-256 blocks a signature needs cannot cost less than this per block.
    c.bench_function("sha256 of the 200-byte body", |b| b.iter(|| black_box(sign::sha256_hex(black_box(&body)))));
    c.bench_function("derive signing key (cache miss)", |b| {
        b.iter(|| black_box(sign::SigningKey::derive(black_box(key), "2025-11-23", service)))
    });
}

criterion_group!(benches, signing);
criterion_main!(benches);
