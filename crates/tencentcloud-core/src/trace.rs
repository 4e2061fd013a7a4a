//! Per-call trace ids (`X-TC-TraceId`): a version-4 UUID per call unless the caller gives one, sent with every
//! attempt of the call and kept in its span and its error.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// The header a call's trace id travels in.
pub const TRACE_ID_HEADER: &str = "x-tc-traceid";

/// Random version-4 UUIDs from a SplitMix64 stream seeded per client: unique per call without a system call, and
/// not a secret (a trace id is sent in clear and logged).
#[derive(Debug)]
pub(crate) struct TraceIds {
    state: AtomicU64,
}

impl TraceIds {
    pub(crate) fn new() -> Self {
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(0);
        let local = 0u8;
        let address = &local as *const u8 as u64;
        TraceIds { state: AtomicU64::new(nanos ^ address.rotate_left(29) ^ u64::from(std::process::id())) }
    }

    fn next_u64(&self) -> u64 {
        let mut z = self.state.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed).wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn next_uuid(&self) -> uuid::Uuid {
        let bytes = (u128::from(self.next_u64()) << 64 | u128::from(self.next_u64())).to_be_bytes();
        uuid::Builder::from_random_bytes(bytes).into_uuid()
    }

    pub(crate) fn next(&self) -> String {
        self.next_uuid().to_string()
    }

    /// The next trace id written into `buf`, without formatting machinery or an allocation.
    pub(crate) fn next_into<'b>(&self, buf: &'b mut [u8; uuid::fmt::Hyphenated::LENGTH]) -> &'b str {
        self.next_uuid().hyphenated().encode_lower(buf)
    }

    /// The next UUID as 32 hex digits, Python's `uuid4().hex` (a multipart boundary).
    pub(crate) fn next_hex(&self) -> String {
        self.next_uuid().simple().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trace_ids_are_distinct_version_4_uuids() {
        let ids = TraceIds::new();
        let mut buf = [0u8; 36];
        let (a, b, c) = (ids.next(), ids.next(), ids.next_into(&mut buf).to_owned());
        assert_ne!(a, b);
        assert_ne!(b, c);
        for id in [a, b, c] {
            let parsed = uuid::Uuid::parse_str(&id).unwrap();
            assert_eq!(parsed.get_version_num(), 4, "{id}");
        }
    }
}
