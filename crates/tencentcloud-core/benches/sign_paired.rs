//! One signature against its hashing floor, measured in alternation: round after round, a batch of signatures
//! (key cached) then a batch of the floor's hashing, so both see the same machine. On a shared VM the speed of the
//! machine drifts by several percent between criterion's separate benches; the ratio within a round does not.
//! Prints one JSON line: the medians over the rounds, and the ratio's 10th and 90th percentiles.

use std::hint::black_box;
use std::time::Instant;

use tencentcloud_core::sign::{self, KeyCache};

#[path = "common/signing.rs"]
mod signing;

const ROUNDS: usize = 200;
const BATCH: u32 = 20_000;

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this unoptimised without it, where a
    // round of each is enough to show it works.
    let measuring = std::env::args().any(|arg| arg == "--bench");
    let (rounds, batch) = if measuring { (ROUNDS, BATCH) } else { (1, 10) };
    let body = signing::body_of_200_bytes();
    let request = signing::request(&body);
    let floor = signing::Floor::new(&body);
    let cache = KeyCache::new();
    let (id, key, service, timestamp) = (signing::SECRET_ID, signing::SECRET_KEY, signing::SERVICE, signing::TIMESTAMP);
    let sign_once = || {
        let derived = cache.get(black_box(key), sign::utc_date(timestamp), service);
        black_box(sign::authorization(id, &derived, service, black_box(timestamp), black_box(&request)));
    };
    let per_call = |work: &dyn Fn()| {
        let started = Instant::now();
        for _ in 0..batch {
            work();
        }
        started.elapsed().as_nanos() as f64 / f64::from(batch)
    };
    // Warm-up: caches, the key cache and the CPU's clock.
    for _ in 0..rounds.min(5) {
        per_call(&sign_once);
        per_call(&|| floor.hash());
    }
    let (mut signatures, mut floors, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..rounds {
        let signature = per_call(&sign_once);
        let hashing = per_call(&|| floor.hash());
        signatures.push(signature);
        floors.push(hashing);
        ratios.push(signature / hashing);
    }
    let quantile = |values: &mut Vec<f64>, q: f64| {
        values.sort_by(f64::total_cmp);
        values[((values.len() - 1) as f64 * q).round() as usize]
    };
    println!(
        "{}",
        serde_json::json!({
            "rounds": rounds,
            "batch": batch,
            "signature_ns": quantile(&mut signatures, 0.5),
            "floor_ns": quantile(&mut floors, 0.5),
            "ratio": quantile(&mut ratios, 0.5),
            "ratio_p10": quantile(&mut ratios, 0.1),
            "ratio_p90": quantile(&mut ratios, 0.9),
        })
    );
}
