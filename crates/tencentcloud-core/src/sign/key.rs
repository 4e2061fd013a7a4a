//! Derived TC3 keys: the UTC date of the credential scope, the key chain `HMAC("TC3"+SecretKey, date)` ->
//! service -> `tc3_request`, and the per-client cache that derives each key once.

use std::cell::RefCell;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use thread_local::ThreadLocal;

use super::as_str;
use super::blocks::{Blocks, compress_block, digest_of, state_after};

type HmacSha256 = Hmac<Sha256>;

/// A UTC calendar date `YYYY-MM-DD`, kept inline so signing does not allocate for it.
#[derive(Clone, Copy)]
pub struct UtcDate {
    text: [u8; 10],
    /// The same date as `YYYYMMDD` digits, a nibble each: what dates are compared by. The text was just
    /// written a byte at a time, and loading it back as wider words would stall until those stores retire.
    digits: u32,
}

impl PartialEq for UtcDate {
    fn eq(&self, other: &Self) -> bool {
        self.digits == other.digits
    }
}

impl Eq for UtcDate {}

impl std::hash::Hash for UtcDate {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.digits.hash(state);
    }
}

impl UtcDate {
    /// The date as `YYYY-MM-DD`, the form the credential scope uses.
    pub fn as_str(&self) -> &str {
        as_str(&self.text)
    }

    /// The date's ASCII bytes, for signing without a UTF-8 check.
    pub(super) fn as_bytes(&self) -> &[u8; 10] {
        &self.text
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

/// The UTC civil date of a Unix timestamp, for the credential scope. Every call of a client asks it for the same
/// day, so the last day converted is kept (process-wide, in one atomic word) and a call on that day costs a load
/// and a comparison instead of the calendar arithmetic.
pub fn utc_date(timestamp: i64) -> UtcDate {
    // Days past what the remembered word holds (before 1970, or from u32::MAX on) are converted every time.
    let Some(day) = u32::try_from(timestamp.div_euclid(86_400)).ok().filter(|&day| day != u32::MAX) else {
        return from_digits(digits_of(timestamp));
    };
    let remembered = LAST_DAY.load(Ordering::Relaxed);
    if (remembered >> 32) as u32 == day {
        return from_digits(remembered as u32);
    }
    let digits = digits_of(timestamp);
    LAST_DAY.store((u64::from(day) << 32) | u64::from(digits), Ordering::Relaxed);
    from_digits(digits)
}

/// The last day [`utc_date`] converted: its number since 1970 in the high half, its `YYYYMMDD` digits in the
/// low half, a nibble each. `u32::MAX` days (in 11 million years) marks it empty.
static LAST_DAY: AtomicU64 = AtomicU64::new(u64::MAX);

/// `YYYYMMDD` of a timestamp's UTC date, a nibble a digit, the year clamped to four digits.
fn digits_of(timestamp: i64) -> u32 {
    let (year, month, day) = crate::civil_time::civil_from_unix(timestamp);
    // Clamped to four digits, so the narrowing cast is exact and the number has eight digits at most.
    let decimal = year.clamp(0, 9999) as u32 * 10_000 + month as u32 * 100 + day as u32;
    (0..8).fold(0, |digits, place| digits | (decimal / 10u32.pow(place) % 10) << (4 * place))
}

fn from_digits(digits: u32) -> UtcDate {
    let digit = |i: u32| b'0' + ((digits >> (28 - 4 * i)) & 0xf) as u8;
    let text = [digit(0), digit(1), digit(2), digit(3), b'-', digit(4), digit(5), b'-', digit(6), digit(7)];
    UtcDate { text, digits }
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
    <HmacSha256 as KeyInit>::new_from_slice(key).unwrap_or_else(|_| unreachable!("HMAC accepts any key length"))
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
        // The outer message is the pad block and the 32-byte digest: 96 bytes, 768 bits, so its padding is fixed.
        const OUTER_PADDING: [u8; 32] = {
            let mut padding = [0u8; 32];
            padding[0] = 0x80;
            padding[30] = (768u16 >> 8) as u8;
            padding[31] = (768u16 & 0xff) as u8;
            padding
        };
        let mut block = [0u8; 64];
        let (digest, padding) = block.split_at_mut(32);
        digest.copy_from_slice(&message.finish());
        padding.copy_from_slice(&OUTER_PADDING);
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
/// short list beats a map; the oldest entry is dropped when it is full. A new day or service writes it, so it sits
/// behind a read-write lock. In front of it each thread keeps the last key it used: a signature's lookup then
/// reads only memory its own thread wrote, with no lock and no atomic read-modify-write (the lock's two cost more
/// than the rest of the lookup).
#[derive(Default)]
pub struct KeyCache {
    pub(super) entries: RwLock<Vec<Arc<CachedKey>>>,
    recent: ThreadLocal<RefCell<Option<Arc<CachedKey>>>>,
}

/// Shared by the list and the threads' slots, so a slot takes an entry without copying its strings.
pub(super) struct CachedKey {
    secret_key: String,
    pub(super) date: UtcDate,
    service: String,
    key: SigningKey,
}

impl CachedKey {
    fn is_for(&self, secret_key: &str, date: UtcDate, service: &str) -> bool {
        self.date == date && self.service == service && self.secret_key == secret_key
    }
}

const KEY_CACHE_CAPACITY: usize = 16;

impl KeyCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// The key for `secret_key` on `date` for `service`, derived on first use.
    pub fn get(&self, secret_key: &str, date: UtcDate, service: &str) -> SigningKey {
        let recent = self.recent.get_or_default();
        if let Ok(recent) = recent.try_borrow()
            && let Some(entry) = recent.as_ref().filter(|e| e.is_for(secret_key, date, service))
        {
            return entry.key.clone();
        }
        let entry = self.shared(secret_key, date, service);
        let key = entry.key.clone();
        if let Ok(mut recent) = recent.try_borrow_mut() {
            *recent = Some(entry);
        }
        key
    }

    /// The entry from the list every thread shares, derived and added when it is not there.
    fn shared(&self, secret_key: &str, date: UtcDate, service: &str) -> Arc<CachedKey> {
        let find = |entries: &[Arc<CachedKey>]| entries.iter().find(|e| e.is_for(secret_key, date, service)).cloned();
        if let Some(entry) = find(&self.entries.read().unwrap_or_else(|poisoned| poisoned.into_inner())) {
            return entry;
        }
        let mut entries = self.entries.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        // Another signature may have derived it between the two locks.
        if let Some(entry) = find(&entries) {
            return entry;
        }
        let entry = Arc::new(CachedKey {
            secret_key: secret_key.to_owned(),
            date,
            service: service.to_owned(),
            key: SigningKey::derive(secret_key, date.as_str(), service),
        });
        // Entries for other dates are dead weight once the day has turned.
        entries.retain(|e| e.date == date);
        if entries.len() >= KEY_CACHE_CAPACITY {
            entries.remove(0);
        }
        entries.push(Arc::clone(&entry));
        entry
    }
}

impl fmt::Debug for KeyCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let len = self.entries.read().map(|e| e.len()).unwrap_or(0);
        write!(f, "KeyCache({len} keys)")
    }
}
