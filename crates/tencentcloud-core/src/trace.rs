//! Per-call trace ids (`X-TC-TraceId`): a version-4 UUID per call unless the caller gives one, sent with every
//! attempt of the call and kept in its span and its error.

use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::RequestOptions;

/// The header a call's trace id travels in.
pub const TRACE_ID_HEADER: &str = "x-tc-traceid";

// Trace ids are random version-4 UUIDs from SplitMix64 streams, one per thread, each seeded from the clock, the
// thread and a process-wide counter: unique per call without a system call, and not a secret (a trace id is
// sent in clear and logged). Per thread rather than one shared counter, which every call on every core would
// write; so they are free functions, with no state in the client.

/// Seeds handed out so far: no two threads start from the same state even when their clocks read the same.
static SEEDS: AtomicU64 = AtomicU64::new(0);

thread_local! {
    static STATE: Cell<u64> = Cell::new(seed());
}

fn seed() -> u64 {
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(0);
    let local = 0u8;
    let address = &local as *const u8 as u64;
    let count = SEEDS.fetch_add(1, Ordering::Relaxed);
    // Odd multiples of the golden ratio keep streams of consecutive counts far apart.
    nanos ^ address.rotate_left(29) ^ u64::from(std::process::id()) ^ count.wrapping_mul(0xD1B5_4A32_D192_ED03)
}

fn next_u64() -> u64 {
    let mut z = STATE.with(|state| {
        let next = state.get().wrapping_add(0x9E37_79B9_7F4A_7C15);
        state.set(next);
        next
    });
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn next_uuid() -> uuid::Uuid {
    let bytes = (u128::from(next_u64()) << 64 | u128::from(next_u64())).to_be_bytes();
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

/// A buffer a generated trace id is written into.
pub(crate) type TraceIdBuf = [u8; uuid::fmt::Hyphenated::LENGTH];

/// The trace id of a call: the caller's (`RequestOptions::with_trace_id`), or a fresh one written into `buf`
/// without formatting machinery or an allocation.
pub(crate) fn for_call<'b>(options: &'b RequestOptions, buf: &'b mut TraceIdBuf) -> &'b str {
    match options.trace_id() {
        Some(id) => id,
        None => next_uuid().hyphenated().encode_lower(buf),
    }
}

/// The next UUID as 32 hex digits, Python's `uuid4().hex` (a multipart boundary).
pub(crate) fn next_hex() -> String {
    next_uuid().simple().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fresh() -> String {
        for_call(&RequestOptions::new(), &mut [0; 36]).to_owned()
    }

    #[test]
    fn threads_draw_distinct_ids() {
        let ids: Vec<String> = std::thread::scope(|scope| {
            let workers: Vec<_> =
                (0..4).map(|_| scope.spawn(|| (0..2000).map(|_| fresh()).collect::<Vec<_>>())).collect();
            workers.into_iter().flat_map(|w| w.join().unwrap()).collect()
        });
        let distinct: std::collections::HashSet<&String> = ids.iter().collect();
        assert_eq!(distinct.len(), ids.len());
    }

    #[test]
    fn trace_ids_are_distinct_version_4_uuids() {
        let mut buf = [0u8; 36];
        let (a, b, c) = (fresh(), fresh(), for_call(&RequestOptions::new(), &mut buf).to_owned());
        assert_ne!(a, b);
        assert_ne!(b, c);
        for id in [a, b, c] {
            let parsed = uuid::Uuid::parse_str(&id).unwrap();
            assert_eq!(parsed.get_version_num(), 4, "{id}");
        }
        let options = RequestOptions::new().with_trace_id("caller-chosen");
        assert_eq!(for_call(&options, &mut buf), "caller-chosen", "the caller's id is kept");
    }
}
