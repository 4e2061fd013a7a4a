//! Cost of signing one typical API 3.0 request (a 200-byte JSON body) with the derived key already cached, beside
//! its hashing floor: the SHA-256 blocks no TC3 signature of that request can avoid.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use tencentcloud_core::sign::{self, KeyCache};

#[path = "common/signing.rs"]
mod signing;
use signing::{Floor, SECRET_ID as id, SECRET_KEY as key, SERVICE as service, TIMESTAMP as timestamp};

fn signing(c: &mut Criterion) {
    let body = signing::body_of_200_bytes();
    let cache = KeyCache::new();
    let request = signing::request(&body);
    c.bench_function("sign 200-byte request, key cached", |b| {
        b.iter(|| {
            let derived = cache.get(black_box(key), sign::utc_date(timestamp), service);
            black_box(sign::authorization(id, &derived, service, black_box(timestamp), black_box(&request)))
        })
    });
    // The floor straight after, so the two are measured as close together as criterion allows (the paired
    // bench, `sign_paired`, alternates them).
    let floor = Floor::new(&body);
    c.bench_function("hashing floor of that signature (11 SHA-256 blocks)", |b| b.iter(|| floor.hash()));
    // The two halves of the first row, to show where the time beyond the floor goes.
    c.bench_function("key cache hit alone", |b| {
        b.iter(|| black_box(cache.get(black_box(key), sign::utc_date(black_box(timestamp)), service)))
    });
    // A thread that calls two services in turn misses its own slot every time and reads the shared list.
    let services = [service, "cvm"];
    let mut turn = 0;
    c.bench_function("key cache, two services in turn on one thread", |b| {
        b.iter(|| {
            turn ^= 1;
            black_box(cache.get(black_box(key), sign::utc_date(black_box(timestamp)), services[turn]))
        })
    });
    let derived = cache.get(key, sign::utc_date(timestamp), service);
    c.bench_function("sign 200-byte request, key in hand", |b| {
        b.iter(|| {
            black_box(sign::authorization(id, black_box(&derived), service, black_box(timestamp), black_box(&request)))
        })
    });
    let without_action = sign::Request { action: None, ..request };
    c.bench_function("sign 200-byte request, key cached, content-type;host only", |b| {
        b.iter(|| {
            let derived = cache.get(black_box(key), sign::utc_date(timestamp), service);
            black_box(sign::authorization(id, &derived, service, black_box(timestamp), black_box(&without_action)))
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
