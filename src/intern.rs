//! A compact set of byte strings (customer keys), numbered in first-seen order.
//!
//! All keys live in one arena; the table holds only their numbers. On a file with two million
//! customers this takes ~25 bytes a customer where `HashMap<String, u32>` takes ~70, and it makes
//! no allocation per key.

use hashbrown::HashTable;
use rustc_hash::FxHasher;
use std::hash::Hasher;

/// Byte strings numbered 0, 1, 2, … in the order they were first interned.
#[derive(Debug, Default, Clone)]
pub struct Interner {
    arena: Vec<u8>,
    ends: Vec<u32>,
    table: HashTable<u32>,
}

fn hash(bytes: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write(bytes);
    h.finish()
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
        let h = hash(key);
        let (arena, ends) = (&self.arena, &self.ends);
        let slice = |i: u32| {
            let i = i as usize;
            let start = if i == 0 { 0 } else { ends[i - 1] as usize };
            &arena[start..ends[i] as usize]
        };
        if let Some(&i) = self.table.find(h, |&i| slice(i) == key) {
            return i;
        }
        let i = self.ends.len() as u32;
        self.arena.extend_from_slice(key);
        self.ends.push(self.arena.len() as u32);
        let (arena, ends) = (&self.arena, &self.ends);
        self.table.insert_unique(h, i, |&j| {
            let j = j as usize;
            let start = if j == 0 { 0 } else { ends[j - 1] as usize };
            hash(&arena[start..ends[j] as usize])
        });
        i
    }

    /// The key numbered `i`. Panics if `i` was never returned by [`Interner::intern`].
    #[must_use]
    pub fn get(&self, i: u32) -> &[u8] {
        let i = i as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.arena[start..self.ends[i] as usize]
    }

    /// How many distinct keys there are.
    #[must_use]
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when nothing was interned.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Drops the lookup table once no more keys will be added (the keys stay readable).
    pub fn freeze(&mut self) {
        self.table = HashTable::new();
        self.arena.shrink_to_fit();
        self.ends.shrink_to_fit();
    }
}

/// A 64-bit fingerprint of an order number, to recognise its rows wherever they are in the file.
#[must_use]
pub fn fingerprint(bytes: &[u8]) -> u64 {
    hash(bytes)
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
}
