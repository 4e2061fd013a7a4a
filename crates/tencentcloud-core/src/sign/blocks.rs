//! SHA-256 driven block by block: a message written on the stack piece by piece, padded in place and compressed
//! with `sha2::compress256` (the same SHA-NI or software rounds `Sha256` uses), resumable from a saved state. It
//! lets a signature hash exactly its blocks: the keyed HMAC states are two saved states, and the canonical request
//! and string to sign are each compressed in one pass without `Sha256`'s own buffering and copies.

use sha2::digest::generic_array::GenericArray;
use sha2::digest::typenum::U64;

/// SHA-256's initial state (FIPS 180-4, 5.3.3).
pub(super) const INITIAL_STATE: [u32; 8] =
    [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

const BLOCK: usize = 64;

type Block = GenericArray<u8, U64>;

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
        Blocks { state, hashed, blocks: [Block::default(); K], len: 0 }
    }

    // Inlined so that constant pieces become plain stores rather than calls to memmove. A piece of up to a block
    // that fits in the buffer lands in at most two blocks: two copies, no loop.
    #[inline(always)]
    pub(super) fn put(&mut self, bytes: &[u8]) {
        let (index, offset) = (self.len / BLOCK, self.len % BLOCK);
        let (head, tail) = bytes.split_at((BLOCK - offset).min(bytes.len()));
        if let Some((current, following)) = self.blocks.get_mut(index..).and_then(<[Block]>::split_first_mut)
            && let Some(slot) = current.get_mut(offset..offset + head.len())
        {
            if tail.is_empty() {
                slot.copy_from_slice(head);
                self.len += bytes.len();
                return;
            }
            if let Some(next) = following.first_mut().and_then(|block| block.get_mut(..tail.len())) {
                slot.copy_from_slice(head);
                next.copy_from_slice(tail);
                self.len += bytes.len();
                return;
            }
        }
        self.put_across(bytes);
    }

    /// A piece that crosses a block boundary or overflows the buffer: block by block, compressing a full buffer.
    #[inline(never)]
    fn put_across(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            if self.len == K * BLOCK {
                self.compress_full_blocks();
            }
            let offset = self.len % BLOCK;
            let n = (BLOCK - offset).min(bytes.len());
            let (head, rest) = bytes.split_at(n);
            if let Some(slot) = self.blocks.get_mut(self.len / BLOCK).and_then(|b| b.get_mut(offset..offset + n)) {
                slot.copy_from_slice(head);
            }
            self.len += n;
            bytes = rest;
        }
    }

    /// Writes `s` lowercased, as the canonical request writes the action.
    pub(super) fn put_lowercase(&mut self, s: &str) {
        let mut lowered = [0u8; 64];
        match lowered.get_mut(..s.len()) {
            Some(slot) if s.is_ascii() => {
                for (to, &from) in slot.iter_mut().zip(s.as_bytes()) {
                    // Branch-free, so it vectorises: 'A'..='Z' gain the 0x20 bit.
                    *to = from | (u8::from(from.wrapping_sub(b'A') < 26) << 5);
                }
                self.put(slot);
            }
            _ => self.put(s.to_lowercase().as_bytes()),
        }
    }

    /// Compresses the whole blocks gathered so far and moves the partial one, if any, to the front.
    fn compress_full_blocks(&mut self) {
        let whole = self.len / BLOCK;
        sha2::compress256(&mut self.state, self.blocks.get(..whole).unwrap_or_default());
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
        let offset = self.len % BLOCK;
        if let Some(block) = self.blocks.get_mut(self.len / BLOCK) {
            if let Some(tail) = block.get_mut(offset..) {
                tail.fill(0);
            }
            if let Some(first) = block.get_mut(offset) {
                *first = 0x80;
            }
        }
        if let Some(last) = self.blocks.get_mut(count - 1) {
            if count * BLOCK > self.len + BLOCK {
                last.fill(0);
            }
            if let Some(length) = last.get_mut(BLOCK - 8..) {
                length.copy_from_slice(&bits.to_be_bytes());
            }
        }
        sha2::compress256(&mut self.state, self.blocks.get(..count).unwrap_or_default());
        digest_of(&self.state)
    }
}

/// SHA-256 of `data`. A message that fits, padded, in four blocks is gathered on the stack and compressed in one
/// call (a 200-byte API request is one); a longer one goes through `Sha256`, which compresses its whole blocks
/// straight from `data`.
#[inline]
pub(super) fn sha256(data: &[u8]) -> [u8; 32] {
    const SMALL: usize = 4;
    if data.len() + 9 <= SMALL * BLOCK {
        let mut message = Blocks::<SMALL>::resume(INITIAL_STATE, 0);
        message.put_across(data);
        message.finish()
    } else {
        use sha2::Digest;
        sha2::Sha256::digest(data).into()
    }
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
    sha2::compress256(state, &[Block::clone_from_slice(block)]);
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
    fn sha256_equals_sha2_on_both_sides_of_the_stack_path() {
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
