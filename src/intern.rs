//! A compact set of byte strings (customer keys), numbered in first-seen order.
//!
//! All keys live in one arena; the table holds only their numbers and a 32-bit hash tag, so
//! growing the table never re-reads the keys. On a file with two million customers this takes
//! ~30 bytes a customer where `HashMap<String, u32>` takes ~70, with no allocation per key.

use hashbrown::HashTable;

/// Byte strings in one arena, numbered in the order they were pushed (no lookup).
#[derive(Debug, Default, Clone)]
pub struct Strings {
    arena: Vec<u8>,
    ends: Vec<u32>,
}

impl Strings {
    /// Appends `s`; returns its number.
    pub fn push(&mut self, s: &[u8]) -> u32 {
        self.arena.extend_from_slice(s);
        self.ends.push(self.arena.len() as u32);
        (self.ends.len() - 1) as u32
    }

    /// String number `i`. Panics if `i` was never returned by [`Strings::push`].
    #[must_use]
    pub fn get(&self, i: u32) -> &[u8] {
        let i = i as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.arena[start..self.ends[i] as usize]
    }

    /// How many strings there are.
    #[must_use]
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Keeps the strings whose `keep[i]` is true (renumbered in order), in place.
    pub fn retain(&mut self, keep: &[bool]) {
        let (mut w_byte, mut w, mut start) = (0usize, 0usize, 0usize);
        for i in 0..self.ends.len() {
            let end = self.ends[i] as usize;
            if keep.get(i).copied().unwrap_or(true) {
                self.arena.copy_within(start..end, w_byte);
                w_byte += end - start;
                self.ends[w] = w_byte as u32;
                w += 1;
            }
            start = end;
        }
        self.arena.truncate(w_byte);
        self.ends.truncate(w);
    }

    /// Gives back unused capacity.
    pub fn shrink_to_fit(&mut self) {
        self.arena.shrink_to_fit();
        self.ends.shrink_to_fit();
    }
}

/// Byte strings numbered 0, 1, 2, … in the order they were first interned.
#[derive(Debug, Default, Clone)]
pub struct Interner {
    strings: Strings,
    /// (number, hash tag) per key.
    table: HashTable<(u32, u32)>,
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
        let found =
            self.table.find(spread(tag), |&(i, t)| t == tag && same_bytes(strings.get(i), key));
        if let Some(&(i, _)) = found {
            return i;
        }
        let i = self.strings.push(key);
        self.table.insert_unique(spread(tag), (i, tag), |&(_, t)| spread(t));
        i
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

#[cfg(test)]
mod tests {
    use super::*;

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
