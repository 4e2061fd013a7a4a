//! SHA-256 driven block by block: a message written on the stack piece by piece, padded in place and compressed
//! with `sha2`'s `compress256` (the same SHA-NI or software rounds `Sha256` uses), resumable from a saved state. It
//! lets a signature hash exactly its blocks: the keyed HMAC states are two saved states, and the canonical request
//! and string to sign are each compressed in one pass without `Sha256`'s own buffering and copies.

use sha2::block_api::compress256;

use super::{hex32, hex32_into_slot};

/// SHA-256's initial state (FIPS 180-4, 5.3.3).
pub(super) const INITIAL_STATE: [u32; 8] =
    [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

const BLOCK: usize = 64;

type Block = [u8; BLOCK];

/// A message being hashed: `state` has absorbed `hashed` bytes (whole blocks); `blocks` hold the rest, `len`
/// bytes of it. Kept as blocks rather than bytes so all of them go to `compress256` in one call: each call
/// reloads and stores the state, which costs about as much as a tenth of a block. `K` is at least 2, so a
/// message's last bytes and their padding always fit.
pub(super) struct Blocks<const K: usize> {
    state: [u32; 8],
    hashed: u64,
    blocks: [Block; K],
    len: usize,
}

impl<const K: usize> Blocks<K> {
    /// A message that starts after `hashed` bytes already compressed into `state` (0 and [`INITIAL_STATE`] for a
    /// plain SHA-256; 64 and a keyed pad's state for an HMAC).
    #[inline(always)]
    pub(super) fn resume(state: [u32; 8], hashed: u64) -> Self {
        Blocks { state, hashed, blocks: [[0; BLOCK]; K], len: 0 }
    }

    // Inlined so that constant pieces become plain stores rather than calls to memmove. The blocks are written as
    // one flat buffer, so a piece that fits is one bounds check and one copy wherever the block boundaries fall.
    #[inline(always)]
    pub(super) fn put(&mut self, bytes: &[u8]) {
        let end = self.len + bytes.len();
        match self.blocks.as_flattened_mut().get_mut(self.len..end) {
            Some(slot) => {
                slot.copy_from_slice(bytes);
                self.len = end;
            }
            None => self.put_across(bytes),
        }
    }

    /// A piece that overflows the buffer: as much as fits, then the full blocks are compressed, and again.
    #[inline(never)]
    fn put_across(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            if self.len == K * BLOCK {
                self.compress_full_blocks();
            }
            let n = (K * BLOCK - self.len).min(bytes.len());
            let (head, rest) = bytes.split_at(n);
            if let Some(slot) = self.blocks.as_flattened_mut().get_mut(self.len..self.len + n) {
                slot.copy_from_slice(head);
            }
            self.len += n;
            bytes = rest;
        }
    }

    /// Writes the lowercase hex of a digest straight into the blocks, as the canonical request and the string to
    /// sign carry the digests before them.
    #[inline(always)]
    pub(super) fn put_hex(&mut self, digest: &[u8; 32]) {
        let end = self.len + 64;
        if hex32_into_slot(digest, self.blocks.as_flattened_mut().get_mut(self.len..end)) {
            self.len = end;
        } else {
            self.put_across(&hex32(digest));
        }
    }

    /// Writes `s` lowercased, as the canonical request writes the action: ASCII straight into the blocks, 16
    /// bytes at a time where it can (vectorised), anything else through Unicode's lowercase, as the official
    /// SDKs lower it.
    #[inline(always)]
    pub(super) fn put_lowercase(&mut self, s: &str) {
        let end = self.len + s.len();
        match self.blocks.as_flattened_mut().get_mut(self.len..end) {
            Some(slot) if s.is_ascii() => {
                // Branch-free: 'A'..='Z' gain the 0x20 bit.
                let lower = |byte: u8| byte | (u8::from(byte.wrapping_sub(b'A') < 26) << 5);
                let (from_chunks, from_rest) = s.as_bytes().as_chunks::<16>();
                let (to_chunks, to_rest) = slot.as_chunks_mut::<16>();
                for (to, from) in to_chunks.iter_mut().zip(from_chunks) {
                    *to = from.map(lower);
                }
                for (to, &from) in to_rest.iter_mut().zip(from_rest) {
                    *to = lower(from);
                }
                self.len = end;
            }
            _ => self.put(s.to_lowercase().as_bytes()),
        }
    }

    /// Compresses the whole blocks gathered so far and moves the partial one, if any, to the front.
    fn compress_full_blocks(&mut self) {
        let whole = self.len / BLOCK;
        compress256(&mut self.state, self.blocks.get(..whole).unwrap_or_default());
        if let Some(partial) = self.blocks.get(whole).copied()
            && let Some(first) = self.blocks.first_mut()
        {
            *first = partial;
        }
        self.len -= whole * BLOCK;
        self.hashed += (whole * BLOCK) as u64;
    }

    /// Pads the message (0x80, zeros, its length in bits) and returns its digest; the message is spent. By
    /// reference, so the blocks are not copied to get here.
    #[inline(always)]
    pub(super) fn finish(&mut self) -> [u8; 32] {
        if self.len + 9 > K * BLOCK {
            self.compress_full_blocks();
        }
        let bits = (self.hashed + self.len as u64) * 8;
        let count = (self.len + 9).div_ceil(BLOCK);
        let end = count * BLOCK;
        let flat = self.blocks.as_flattened_mut();
        if let Some(padding) = flat.get_mut(self.len..end - 8) {
            padding.fill(0);
            if let Some(first) = padding.first_mut() {
                *first = 0x80;
            }
        }
        if let Some(length) = flat.get_mut(end - 8..end) {
            length.copy_from_slice(&bits.to_be_bytes());
        }
        compress256(&mut self.state, self.blocks.get(..count).unwrap_or_default());
        digest_of(&self.state)
    }
}

/// SHA-256 of `data`: its whole blocks compressed straight from it (no copy), then its last bytes and their
/// padding from the stack, in two calls of `compress256` whatever the length.
#[inline]
pub(super) fn sha256(data: &[u8]) -> [u8; 32] {
    let (whole, rest) = data.as_chunks::<BLOCK>();
    let mut state = INITIAL_STATE;
    compress256(&mut state, whole);
    let mut tail = Blocks::<2>::resume(state, (whole.len() * BLOCK) as u64);
    tail.put(rest);
    tail.finish()
}

/// The big-endian bytes of a final state.
pub(super) fn digest_of(state: &[u32; 8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (bytes, word) in out.chunks_exact_mut(4).zip(state) {
        bytes.copy_from_slice(&word.to_be_bytes());
    }
    out
}

/// Compresses one block into `state`.
pub(super) fn compress_block(state: &mut [u32; 8], block: &[u8; 64]) {
    compress256(state, std::slice::from_ref(block));
}

/// The state after one block: an HMAC key's inner or outer pad.
pub(super) fn state_after(block: &[u8; 64]) -> [u32; 8] {
    let mut state = INITIAL_STATE;
    compress_block(&mut state, block);
    state
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    #[test]
    fn sha256_equals_sha2_for_every_length_and_tail() {
        let data: Vec<u8> = (0..600u32).map(|i| (i * 13 + i / 7) as u8).collect();
        for len in 0..data.len() {
            let expected: [u8; 32] = Sha256::digest(&data[..len]).into();
            assert_eq!(sha256(&data[..len]), expected, "len {len}");
        }
    }

    #[test]
    fn digests_equal_sha2_for_every_length_and_split() {
        let data: Vec<u8> = (0..1100u32).map(|i| (i * 7 + i / 13) as u8).collect();
        for len in 0..data.len() {
            let message = &data[..len];
            let expected: [u8; 32] = Sha256::digest(message).into();
            for split in [0, 1, 5, 63, 64, 65, 127, 128, 130, 300].into_iter().filter(|&s| s <= len) {
                let mut small = Blocks::<2>::resume(INITIAL_STATE, 0);
                let mut large = Blocks::<5>::resume(INITIAL_STATE, 0);
                for piece in [&message[..split], &message[split..]] {
                    small.put(piece);
                    large.put(piece);
                }
                assert_eq!(small.finish(), expected, "len {len}, split {split}");
                assert_eq!(large.finish(), expected, "len {len}, split {split}");
            }
        }
    }
}
