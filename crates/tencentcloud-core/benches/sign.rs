//! Cost of signing one typical API 3.0 request (a 200-byte JSON body) with the derived key already cached, beside
//! its hashing floor: the SHA-256 blocks no TC3 signature of that request can avoid.

use criterion::{Criterion, criterion_group, criterion_main};
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
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
    // The two halves of the row above, to show where the time beyond the floor goes.
    c.bench_function("key cache hit alone", |b| {
        b.iter(|| black_box(cache.get(black_box(key), sign::utc_date(black_box(timestamp)), service)))
    });
    let derived = cache.get(key, sign::utc_date(timestamp), service);
    c.bench_function("sign 200-byte request, key in hand", |b| {
        b.iter(|| {
            black_box(sign::authorization(id, black_box(&derived), service, black_box(timestamp), black_box(&request)))
        })
    });
    let without_action = Request { action: None, ..request };
    c.bench_function("sign 200-byte request, key cached, content-type;host only", |b| {
        b.iter(|| {
            let derived = cache.get(black_box(key), sign::utc_date(timestamp), service);
            black_box(sign::authorization(id, &derived, service, black_box(timestamp), black_box(&without_action)))
        })
    });
    c.bench_function("hashing floor of that signature (11 SHA-256 blocks)", |b| {
        // The blocks are the body's (4), the canonical request's (4 for ours) and the HMAC's over the string to
        // sign with the key's pads already absorbed (2 inner, 1 outer); the inputs have the lengths ours have, so
        // only the work around the hashing is left out.
        let canonical = format!(
            "POST\n/\n\ncontent-type:application/json\nhost:ccc.tencentcloudapi.com\nx-tc-action:describeautocallouttask\n\ncontent-type;host;x-tc-action\n{}",
            "0".repeat(64)
        );
        let string_to_sign = format!("TC3-HMAC-SHA256\n{timestamp}\n2025-11-23/ccc/tc3_request\n{}", "0".repeat(64));
        let keyed = <Hmac<Sha256> as KeyInit>::new_from_slice(&[7u8; 32]).unwrap();
        b.iter(|| {
            let body_digest = Sha256::digest(black_box(&body));
            let canonical_digest = Sha256::digest(black_box(canonical.as_bytes()));
            let mut mac = black_box(&keyed).clone();
            mac.update(black_box(string_to_sign.as_bytes()));
            black_box((body_digest, canonical_digest, mac.finalize().into_bytes()))
        })
    });
    // One SHA-256 alone, for the cost per block.
    c.bench_function("sha256 of the 200-byte body", |b| b.iter(|| black_box(sign::sha256_hex(black_box(&body)))));
    c.bench_function("derive signing key (cache miss)", |b| {
        b.iter(|| black_box(sign::SigningKey::derive(black_box(key), "2025-11-23", service)))
    });
}

criterion_group!(benches, signing);
criterion_main!(benches);
