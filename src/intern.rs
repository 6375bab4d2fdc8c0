//! A compact set of byte strings (customer keys), numbered in first-seen order.
//!
//! All keys live in one arena (1 MiB blocks, a length before each key); the hash table holds only
//! their numbers. On a file with two million customers this takes ~25 bytes a customer where
//! `HashMap<String, u32>` takes ~70, with no allocation per key.

use hashbrown::HashTable;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// Bytes per arena block: strings never straddle blocks, and blocks never move.
const BLOCK: usize = 1 << 20;
/// Positions per index block.
const INDEX_BLOCK: usize = 1 << 16;

/// Byte strings numbered in the order they were pushed (no lookup), in 1 MiB blocks: growing
/// never copies what is stored (a doubling `Vec` would briefly need three times the space, and
/// wasm memory never shrinks). Each string is stored as a LEB128 length, then its bytes.
#[derive(Default, Clone)]
pub struct Strings {
    blocks: Vec<Vec<u8>>,
    /// Per string, `block << 20 | offset`, in blocks of [`INDEX_BLOCK`].
    index: Vec<Vec<u32>>,
    len: usize,
}

/// The strings in order (how they sit in blocks is not part of what they are: appended ones keep
/// their own blocks).
impl std::fmt::Debug for Strings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = |i: usize| String::from_utf8_lossy(self.get(i as u32)).into_owned();
        f.debug_list().entries((0..self.len).map(text)).finish()
    }
}

fn write_len(out: &mut Vec<u8>, mut n: usize) {
    loop {
        let byte = (n & 0x7F) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// The length stored at `b[0..]` and the bytes it took.
#[inline]
fn read_len(b: &[u8]) -> (usize, usize) {
    let (mut n, mut shift) = (0usize, 0);
    for (i, &byte) in b.iter().enumerate() {
        n |= usize::from(byte & 0x7F) << shift;
        if byte & 0x80 == 0 {
            return (n, i + 1);
        }
        shift += 7;
    }
    (n, b.len())
}

impl Strings {
    /// `n` empty strings (a side column started late, blank for what came before).
    #[must_use]
    pub fn blank(n: usize) -> Strings {
        let mut s = Strings::default();
        for _ in 0..n {
            s.push(&[]);
        }
        s
    }

    /// Appends `s`; returns its number.
    pub fn push(&mut self, s: &[u8]) -> u32 {
        let need = s.len() + 5;
        if self.blocks.last().is_none_or(|b| b.len() + need > b.capacity()) {
            self.blocks.push(Vec::with_capacity(BLOCK.max(need)));
        }
        let block_no = self.blocks.len() - 1;
        let block = &mut self.blocks[block_no];
        let pos = ((block_no as u32) << 20) | block.len() as u32;
        write_len(block, s.len());
        block.extend_from_slice(s);
        self.push_pos(pos)
    }

    /// Numbers the string stored at `pos` (`block << 20 | offset`).
    fn push_pos(&mut self, pos: u32) -> u32 {
        if self.len % INDEX_BLOCK == 0 {
            self.index.push(Vec::with_capacity(INDEX_BLOCK));
        }
        if let Some(ix) = self.index.last_mut() {
            ix.push(pos);
        }
        self.len += 1;
        (self.len - 1) as u32
    }

    /// Appends every string of `other`, in order, taking its blocks as they are: only their
    /// positions are written (a split pack's worker appends 1.6 M customer keys).
    pub fn append(&mut self, other: Strings) {
        let shift = (self.blocks.len() as u32) << 20;
        self.blocks.extend(other.blocks);
        for pos in other.index.iter().flatten() {
            self.push_pos(pos + shift);
        }
    }

    /// String number `i`. Panics if `i` was never returned by [`Strings::push`].
    #[must_use]
    #[inline]
    pub fn get(&self, i: u32) -> &[u8] {
        let i = i as usize;
        let pos = self.index[i / INDEX_BLOCK][i % INDEX_BLOCK] as usize;
        let block = &self.blocks[pos >> 20];
        let at = pos & (BLOCK - 1);
        let (n, used) = read_len(&block[at..]);
        &block[at + used..at + used + n]
    }

    /// How many strings there are.
    #[must_use]
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Keeps the strings whose `keep[i]` is true (renumbered in order), in place: each kept
    /// string moves to the write position, which never passes the read position.
    pub fn retain(&mut self, keep: &[bool]) {
        // Strings before the first one removed stay where they are.
        let first = keep.iter().position(|k| !k).unwrap_or(keep.len()).min(self.len);
        if first == self.len {
            return;
        }
        let pos = self.index[first / INDEX_BLOCK][first % INDEX_BLOCK] as usize;
        let (mut wb, mut wo, mut w) = (pos >> 20, pos & (BLOCK - 1), first);
        for i in first..self.len {
            if !keep.get(i).copied().unwrap_or(true) {
                continue;
            }
            let pos = self.index[i / INDEX_BLOCK][i % INDEX_BLOCK] as usize;
            let (rb, ro) = (pos >> 20, pos & (BLOCK - 1));
            let (n, used) = read_len(&self.blocks[rb][ro..]);
            let total = n + used;
            // An earlier block takes the string only within its capacity (so it never moves);
            // the string's own block always can (the write position is not past it).
            while wb < rb && wo + total > self.blocks[wb].capacity() {
                self.blocks[wb].truncate(wo);
                (wb, wo) = (wb + 1, 0);
            }
            if wb == rb {
                self.blocks[rb].copy_within(ro..ro + total, wo);
            } else {
                let (head, tail) = self.blocks.split_at_mut(rb);
                let dst = &mut head[wb];
                dst.truncate(wo);
                dst.extend_from_slice(&tail[0][ro..ro + total]);
            }
            self.index[w / INDEX_BLOCK][w % INDEX_BLOCK] = ((wb as u32) << 20) | wo as u32;
            wo += total;
            w += 1;
        }
        if let Some(b) = self.blocks.get_mut(wb) {
            b.truncate(wo);
        }
        self.blocks.truncate(wb + 1);
        self.index.truncate(w.div_ceil(INDEX_BLOCK));
        if let Some(ix) = self.index.last_mut() {
            ix.truncate(w - (w - 1) / INDEX_BLOCK * INDEX_BLOCK);
        }
        self.len = w;
    }

    /// Gives back unused capacity of the last block.
    pub fn shrink_to_fit(&mut self) {
        if let Some(b) = self.blocks.last_mut() {
            b.shrink_to_fit();
        }
    }
}

/// Byte strings numbered 0, 1, 2, … in the order they were first interned.
#[derive(Debug, Default, Clone)]
pub struct Interner {
    strings: Strings,
    /// (number, hash tag) per key.
    /// Per key, its number (hashbrown's control bytes already hold 7 bits of the hash, so a
    /// stored tag saved almost no comparison; without it the table is 4 bytes a slot, not 8).
    table: HashTable<u32>,
}

/// A 64-bit hash of a byte string on every target (FxHash-style multiply–rotate over 8-byte
/// words, then a murmur3 finaliser). Hashers built on `usize` give only 32 bits on wasm32, which
/// left the high half zero and turned the table into one long probe chain.
#[must_use]
pub fn hash64(bytes: &[u8]) -> u64 {
    const K: u64 = 0x517C_C1B7_2722_0A95;
    let mut h = bytes.len() as u64;
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let mut word = [0u8; 8];
        word.copy_from_slice(w);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
    }
    let rest = words.remainder();
    if !rest.is_empty() {
        let mut word = [0u8; 8];
        word[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^= h >> 33;
    h = h.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    h ^ (h >> 33)
}

/// Byte equality by 8-byte words (wasm's `memcmp` is a byte loop; keys are short).
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (mut x, mut y) = (a.chunks_exact(8), b.chunks_exact(8));
    for (p, q) in (&mut x).zip(&mut y) {
        if u64::from_le_bytes(p.try_into().unwrap_or([0; 8]))
            != u64::from_le_bytes(q.try_into().unwrap_or([0; 8]))
        {
            return false;
        }
    }
    x.remainder() == y.remainder()
}

/// The table's hash of a tag: the tag spread over 64 bits (hashbrown uses the top bits too).
fn spread(tag: u32) -> u64 {
    u64::from(tag).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

impl Interner {
    /// The number of `key`, interning it when it is new.
    ///
    /// ```
    /// let mut keys = ltv::intern::Interner::default();
    /// assert_eq!((keys.intern(b"A"), keys.intern(b"B"), keys.intern(b"A")), (0, 1, 0));
    /// assert_eq!(keys.get(1), b"B");
    /// ```
    pub fn intern(&mut self, key: &[u8]) -> u32 {
        let tag = (hash64(key) >> 32) as u32;
        let strings = &self.strings;
        let found = self.table.find(spread(tag), |&i| same_bytes(strings.get(i), key));
        if let Some(&i) = found {
            return i;
        }
        let i = self.strings.push(key);
        // Growing the table re-hashes the keys from the arena.
        let strings = &self.strings;
        self.table
            .insert_unique(spread(tag), i, |&j| spread((hash64(strings.get(j)) >> 32) as u32));
        i
    }

    /// Like [`Interner::intern`], also saying whether the key is new.
    pub fn intern_new(&mut self, key: &[u8]) -> (u32, bool) {
        let before = self.len();
        let i = self.intern(key);
        (i, self.len() > before)
    }

    /// The key numbered `i`. Panics if `i` was never returned by [`Interner::intern`].
    #[must_use]
    pub fn get(&self, i: u32) -> &[u8] {
        self.strings.get(i)
    }

    /// How many distinct keys there are.
    #[must_use]
    pub fn len(&self) -> usize {
        self.strings.len()
    }

    /// True when nothing was interned.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.strings.is_empty()
    }

    /// Drops the lookup table once no more keys will be added; the keys stay readable.
    #[must_use]
    pub fn freeze(self) -> Strings {
        let mut strings = self.strings;
        strings.shrink_to_fit();
        strings
    }
}

/// A 64-bit fingerprint of an order number, to recognise its rows wherever they are in the file.
#[must_use]
pub fn fingerprint(bytes: &[u8]) -> u64 {
    hash64(bytes)
}

/// The hasher of maps keyed by [`fingerprint`]s: the key is already a well-mixed 64-bit hash, so
/// it is its own hash (the standard SipHash of it again took a tenth of a 1 M-row import).
#[derive(Debug, Default, Clone, Copy)]
pub struct Passthrough(u64);

impl Hasher for Passthrough {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `u64` keys are hashed here; any other is folded in, never dropped.
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = hash64(&word) ^ self.0.rotate_left(5);
        }
    }

    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

/// The hasher of maps keyed by small dense ids (product ids, …): one multiplication by the
/// golden-ratio constant and a rotation, as rustc's FxHash. The standard SipHash is keyed
/// against hash flooding, which ids numbered by the importer cannot do, and costs several times
/// more per lookup in the analysis's per-customer loops.
#[derive(Debug, Default, Clone, Copy)]
pub struct IdHash(u64);

impl Hasher for IdHash {
    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u32(&mut self, v: u32) {
        self.write_u64(u64::from(v));
    }

    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0 ^ v).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// A map keyed by dense ids (see [`IdHash`]).
pub type IdMap<V> = HashMap<u32, V, BuildHasherDefault<IdHash>>;

/// A map keyed by short names the file gives (products, coupon codes), hashed a byte at a time
/// by [`IdHash`]: SipHash of every line item's product name was 3.5 % of an import in the wasm.
pub type NameMap<V> = HashMap<String, V, BuildHasherDefault<IdHash>>;

/// A map keyed by calendar days (`date::Day`, an `i32`; see [`IdHash`]).
pub type DayMap<V> = HashMap<i32, V, BuildHasherDefault<IdHash>>;

/// A map keyed by [`fingerprint`]s.
pub type FingerprintMap<V> = HashMap<u64, V, BuildHasherDefault<Passthrough>>;
/// A set of [`fingerprint`]s.
pub type FingerprintSet = HashSet<u64, BuildHasherDefault<Passthrough>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fingerprint_map_keeps_every_order_number_apart() {
        let mut owners = FingerprintMap::default();
        for i in 0..100_000u32 {
            owners.insert(fingerprint(format!("O{i}").as_bytes()), i);
        }
        assert_eq!(owners.len(), 100_000);
        assert_eq!(owners.get(&fingerprint(b"O4242")), Some(&4242));
        assert_eq!(owners.get(&fingerprint(b"O100000")), None);
    }

    #[test]
    fn many_keys_keep_their_first_seen_numbers() {
        let mut keys = Interner::default();
        for i in 0..50_000u32 {
            assert_eq!(keys.intern(format!("C{i:07}").as_bytes()), i);
        }
        for i in (0..50_000u32).rev() {
            assert_eq!(keys.intern(format!("C{i:07}").as_bytes()), i);
        }
        assert_eq!(keys.len(), 50_000);
        assert_eq!(keys.get(42), b"C0000042");
        assert_eq!(keys.intern(b""), 50_000);
    }

    #[test]
    fn retain_keeps_the_chosen_strings_in_order() {
        let mut s = Strings::default();
        for w in [&b"alpha"[..], b"", b"be", b"gamma"] {
            s.push(w);
        }
        s.retain(&[false, true, true, false]);
        assert_eq!((s.len(), s.get(0), s.get(1)), (2, &b""[..], &b"be"[..]));
    }

    #[test]
    fn strings_span_many_blocks_and_survive_retain_across_them() {
        // ~3.5 MiB of strings: several arena blocks and index blocks, a string over 1 MiB too.
        let text = |i: usize| format!("{i}:{}", "x".repeat(i % 300));
        let mut s = Strings::default();
        for i in 0..23_000 {
            s.push(text(i).as_bytes());
        }
        let big = vec![b'b'; BLOCK + 10];
        s.push(&big);
        for i in 0..70_000 {
            s.push(text(i).as_bytes());
        }
        assert_eq!(s.get(22_999), text(22_999).as_bytes());
        assert_eq!(s.get(23_000), &big[..]);
        let keep: Vec<bool> = (0..s.len()).map(|i| i % 3 != 0).collect();
        let expect: Vec<Vec<u8>> =
            (0..s.len()).filter(|i| keep[*i]).map(|i| s.get(i as u32).to_vec()).collect();
        s.retain(&keep);
        assert_eq!(s.len(), expect.len());
        for (i, e) in expect.iter().enumerate() {
            assert_eq!(s.get(i as u32), &e[..], "string {i}");
        }
        s.push(b"after");
        assert_eq!(s.get(s.len() as u32 - 1), b"after");
    }

    #[test]
    fn appended_strings_keep_their_numbers_after_the_first_ones_and_survive_retain() {
        // Both sides span several arena and index blocks (~2.6 MiB, 70,000 strings each).
        let text = |side: char, i: usize| format!("{side}{i}:{}", "y".repeat(i % 40));
        let fill = |side| {
            let mut s = Strings::default();
            for i in 0..70_000 {
                s.push(text(side, i).as_bytes());
            }
            s
        };
        let (mut s, other) = (fill('a'), fill('b'));
        s.append(other);
        assert_eq!(s.len(), 140_000);
        assert_eq!(
            (s.get(69_999), s.get(70_000)),
            (text('a', 69_999).as_bytes(), text('b', 0).as_bytes())
        );
        assert_eq!(s.get(139_999), text('b', 69_999).as_bytes());
        assert_eq!(s.push(b"after"), 140_000);
        let keep: Vec<bool> = (0..s.len()).map(|i| i % 5 != 0).collect();
        let expect: Vec<Vec<u8>> =
            (0..s.len()).filter(|i| keep[*i]).map(|i| s.get(i as u32).to_vec()).collect();
        s.retain(&keep);
        for (i, e) in expect.iter().enumerate() {
            assert_eq!(s.get(i as u32), &e[..], "string {i}");
        }
    }

    #[test]
    fn the_hash_spreads_similar_keys_over_both_halves() {
        let keys: Vec<String> = (0..10_000).map(|i| format!("C{i:07}")).collect();
        let mut high: Vec<u32> = keys.iter().map(|k| (hash64(k.as_bytes()) >> 32) as u32).collect();
        let mut low: Vec<u32> = keys.iter().map(|k| hash64(k.as_bytes()) as u32).collect();
        for v in [&mut high, &mut low] {
            v.sort_unstable();
            v.dedup();
            assert!(v.len() > 9_990, "{} distinct of 10000", v.len());
        }
        assert_ne!(hash64(b"ab"), hash64(b"ab\0"));
    }
}
