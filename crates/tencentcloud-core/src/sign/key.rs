//! Derived TC3 keys: the UTC date of the credential scope, the key chain `HMAC("TC3"+SecretKey, date)` ->
//! service -> `tc3_request`, and the per-client cache that derives each key once.

use std::fmt;
use std::sync::RwLock;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::as_str;
use super::blocks::{Blocks, compress_block, digest_of, state_after};

type HmacSha256 = Hmac<Sha256>;

/// A UTC calendar date `YYYY-MM-DD`, kept inline so signing does not allocate for it.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct UtcDate([u8; 10]);

impl UtcDate {
    /// The date as `YYYY-MM-DD`, the form the credential scope uses.
    pub fn as_str(&self) -> &str {
        as_str(&self.0)
    }

    /// The date's ASCII bytes, for signing without a UTF-8 check.
    pub(super) fn as_bytes(&self) -> &[u8; 10] {
        &self.0
    }
}

impl fmt::Display for UtcDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for UtcDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UtcDate({})", self.as_str())
    }
}

/// The UTC civil date of a Unix timestamp, for the credential scope.
pub fn utc_date(timestamp: i64) -> UtcDate {
    let (year, month, day) = crate::civil_time::civil_from_unix(timestamp);
    // Clamped to four digits, so the narrowing casts are exact.
    let (year, month, day) = (year.clamp(0, 9999) as u32, month as u32, day as u32);
    let pair = |n: u32| [b'0' + (n / 10 % 10) as u8, b'0' + (n % 10) as u8];
    let ([y0, y1], [y2, y3], [m0, m1], [d0, d1]) = (pair(year / 100), pair(year % 100), pair(month), pair(day));
    UtcDate([y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1])
}

/// The first second of a `YYYY-MM-DD` date and the date, if it is one (it round-trips through [`utc_date`]).
fn day_of(date: &str) -> Option<(i64, UtcDate)> {
    let number = |range: std::ops::Range<usize>| date.get(range)?.parse::<i64>().ok();
    let start = crate::civil_time::days_from_civil(number(0..4)?, number(5..7)?, number(8..10)?).checked_mul(86_400)?;
    let parsed = utc_date(start);
    (parsed.as_str() == date).then_some((start, parsed))
}

/// One HMAC-SHA256 with a fresh key (the derivation steps, where the key changes every time).
pub(super) fn mac(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = new_hmac(key);
    mac.update(message);
    mac.finalize().into_bytes().into()
}

fn new_hmac(key: &[u8]) -> HmacSha256 {
    // HMAC takes keys of any length (longer ones are hashed first), so this never fails.
    <HmacSha256 as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable!("HMAC accepts any key length"))
}

/// The derived TC3 key for one secret, UTC date and service: `HMAC("TC3"+SecretKey, date)` -> service ->
/// `tc3_request`. Deriving costs four HMACs, so clients keep these in a [`KeyCache`]. It holds only the SHA-256
/// states after the key's inner and outer pads (the key itself is not kept), so each signature costs only its
/// message blocks; cloning it is a copy. Debug never shows it.
#[derive(Clone)]
pub struct SigningKey {
    /// SHA-256 states after the key's inner and outer pad blocks: an HMAC under this key resumes from them.
    inner: [u32; 8],
    outer: [u32; 8],
    /// The scope's date and its first second, when `date` was a real `YYYY-MM-DD`: a signature whose timestamp
    /// falls on that day takes the date from here instead of converting the timestamp again.
    day: Option<(i64, UtcDate)>,
}

impl SigningKey {
    /// The TC3 key for one secret key, UTC date and service: HMAC of `TC3`+key over the date, then the service, then `tc3_request`.
    pub fn derive(secret_key: &str, date: &str, service: &str) -> Self {
        let mut tc3 = Vec::with_capacity(3 + secret_key.len());
        tc3.extend_from_slice(b"TC3");
        tc3.extend_from_slice(secret_key.as_bytes());
        let k_date = mac(&tc3, date.as_bytes());
        let k_service = mac(&k_date, service.as_bytes());
        let k_signing = mac(&k_service, b"tc3_request");
        let (mut inner_pad, mut outer_pad) = ([0x36u8; 64], [0x5cu8; 64]);
        for ((inner, outer), key) in inner_pad.iter_mut().zip(outer_pad.iter_mut()).zip(&k_signing) {
            *inner ^= key;
            *outer ^= key;
        }
        SigningKey { inner: state_after(&inner_pad), outer: state_after(&outer_pad), day: day_of(date) }
    }

    /// The scope date for a signature at `timestamp`: the key's own when the timestamp falls on it.
    pub(super) fn date_for(&self, timestamp: i64) -> UtcDate {
        match self.day {
            Some((start, date)) if timestamp.checked_sub(start).is_some_and(|s| (0..86_400).contains(&s)) => date,
            _ => utc_date(timestamp),
        }
    }

    /// A message to MAC under this key: the inner pad's block is already hashed.
    #[inline(always)]
    pub(super) fn message<const N: usize>(&self) -> Blocks<N> {
        Blocks::resume(self.inner, 64)
    }

    /// The MAC of `message`: its inner digest, hashed once more after the outer pad, in the one block it fills.
    pub(super) fn mac_of<const N: usize>(&self, message: &mut Blocks<N>) -> [u8; 32] {
        let mut block = [0u8; 64];
        let (digest, padding) = block.split_at_mut(32);
        digest.copy_from_slice(&message.finish());
        padding[0] = 0x80;
        // The outer message is the pad block and the 32-byte digest: 96 bytes, 768 bits.
        padding[24..].copy_from_slice(&768u64.to_be_bytes());
        let mut state = self.outer;
        compress_block(&mut state, &block);
        digest_of(&state)
    }

    /// The MAC of the concatenation of `parts`.
    #[cfg(test)]
    pub(super) fn mac_parts(&self, parts: &[&[u8]]) -> [u8; 32] {
        let mut message = self.message::<2>();
        for part in parts {
            message.put(part);
        }
        self.mac_of(&mut message)
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey(<redacted>)")
    }
}

/// Derived keys by secret, date and service. A client talks to few services with one secret at a time, so a
/// short list beats a map; the oldest entry is dropped when it is full. Every signature reads it and a new day or
/// service writes it, so it sits behind a read-write lock: concurrent signatures never wait for each other, even
/// when the thread of one is preempted while it looks.
#[derive(Default)]
pub struct KeyCache {
    entries: RwLock<Vec<CachedKey>>,
}

struct CachedKey {
    secret_key: String,
    date: UtcDate,
    service: String,
    key: SigningKey,
}

const KEY_CACHE_CAPACITY: usize = 16;

impl KeyCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// The key for `secret_key` on `date` for `service`, derived on first use.
    pub fn get(&self, secret_key: &str, date: UtcDate, service: &str) -> SigningKey {
        let find = |entries: &[CachedKey]| {
            let hit = entries.iter().find(|e| e.date == date && e.service == service && e.secret_key == secret_key);
            hit.map(|e| e.key.clone())
        };
        if let Some(key) = find(&self.entries.read().unwrap_or_else(|poisoned| poisoned.into_inner())) {
            return key;
        }
        let mut entries = self.entries.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        // Another signature may have derived it between the two locks.
        if let Some(key) = find(&entries) {
            return key;
        }
        let key = SigningKey::derive(secret_key, date.as_str(), service);
        // Entries for other dates are dead weight once the day has turned.
        entries.retain(|e| e.date == date);
        if entries.len() >= KEY_CACHE_CAPACITY {
            entries.remove(0);
        }
        entries.push(CachedKey {
            secret_key: secret_key.to_owned(),
            date,
            service: service.to_owned(),
            key: key.clone(),
        });
        key
    }
}

impl fmt::Debug for KeyCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let len = self.entries.read().map(|e| e.len()).unwrap_or(0);
        write!(f, "KeyCache({len} keys)")
    }
}
