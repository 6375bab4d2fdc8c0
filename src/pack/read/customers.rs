//! A split pack's customers as bytes ([`super::super::split`]): a range's reader writes them,
//! another worker's reader appends them, in file order. Column after column (counts, days,
//! orders, revenue, …), so that appending 1.6 M customers is a few passes over arrays.

use super::Reader;
use crate::dataset::{Purchase, NO_CHANNEL, NO_PRODUCT};
use crate::money::Money;
use crate::wire::{In, Out};

/// `v`'s items, each as its `N` little-endian bytes.
fn put<const N: usize>(out: &mut Out, v: impl ExactSizeIterator<Item = [u8; N]>) {
    out.u64(v.len() as u64);
    // Sized once and filled slot by slot: a push per item checked the capacity each time.
    let start = out.0.len();
    out.0.resize(start + v.len() * N, 0);
    for (slot, b) in out.0[start..].chunks_exact_mut(N).zip(v) {
        slot.copy_from_slice(&b);
    }
}

/// The next `n` items of `N` bytes (`n` checked against what is left).
fn take<'a, const N: usize>(
    inp: &mut In<'a>,
    n: usize,
) -> Option<impl Iterator<Item = [u8; N]> + 'a> {
    let bytes = inp.slice(n.checked_mul(N)?)?;
    Some(bytes.chunks_exact(N).map(|c| <[u8; N]>::try_from(c).unwrap_or([0; N])))
}

/// A count written by [`put`] that must be `want`.
fn count(inp: &mut In<'_>, want: usize) -> Option<()> {
    (usize::try_from(inp.u64()?).ok()? == want).then_some(())
}

impl Reader {
    /// Writes the customers read: their ids, their purchase-day counts, then each column of
    /// their purchase days.
    pub(in crate::pack) fn write_customers(&self, out: &mut Out) {
        let n = self.ids.len();
        let ids: usize = (0..n).map(|c| self.ids.get(c as u32).len()).sum();
        // Reserved once: a doubling buffer of 190 MB (half of a 10 M-order pack) held both copies.
        let (m, k) = (self.purchases.len(), self.product_top.len());
        out.0.reserve(
            11 * 8
                + n * 5
                + ids
                + m * 16
                + self.profit.len() * 8
                + self.channel_of.len() * 2
                + k * 8
                + self.product_ids.len() * 4,
        );
        put(out, (0..n).map(|c| [self.ids.get(c as u32).len() as u8]));
        out.u64(ids as u64);
        (0..n).for_each(|c| out.0.extend_from_slice(self.ids.get(c as u32)));
        put(out, self.starts.windows(2).map(|w| (w[1] - w[0]).to_le_bytes()));
        put(out, self.purchases.iter().map(|p| p.day.to_le_bytes()));
        put(out, self.purchases.iter().map(|p| p.orders.to_le_bytes()));
        put(out, self.purchases.iter().map(|p| p.revenue.units().to_le_bytes()));
        put(out, self.profit.iter().map(|m| m.units().to_le_bytes()));
        put(out, self.channel_of.iter().map(|c| c.to_le_bytes()));
        put(out, self.product_starts.windows(2).map(|w| (w[1] - w[0]).to_le_bytes()));
        put(out, self.product_top.iter().map(|t| t.to_le_bytes()));
        put(out, self.product_ids.iter().map(|p| p.to_le_bytes()));
    }

    /// Appends the customers another range's reader wrote ([`Reader::write_customers`]), read
    /// under the same prelude, making room for `then`'s too when they are appended next
    /// ([`Reader::append`]: no column is then copied to grow). `None`: the bytes are damaged or
    /// disagree with the prelude.
    pub(in crate::pack) fn absorb(
        &mut self,
        inp: &mut In<'_>,
        then: Option<&Reader>,
    ) -> Option<()> {
        let room = |column: fn(&Reader) -> usize| then.map_or(0, column);
        let meta = self.meta_once(0).ok()?;
        if !meta.customer_rows {
            return None;
        }
        let flags = meta.flags;
        self.flags = Some(flags);
        let (base, days) = (self.ids.len(), self.purchases.len());
        let n = inp.len()?;
        let lens = inp.slice(n)?;
        let id_bytes = inp.bytes()?;
        let mut at = 0;
        for &len in lens {
            self.ids.push(id_bytes.get(at..at + usize::from(len))?);
            at += usize::from(len);
        }
        (at == id_bytes.len()).then_some(())?;
        count(inp, n)?;
        let counts: Vec<u32> = take::<4>(inp, n)?.map(u32::from_le_bytes).collect();
        let m = inp.len()?;
        (counts.iter().map(|&k| k as usize).sum::<usize>() == m).then_some(())?;
        let day = take::<4>(inp, m)?.map(i32::from_le_bytes);
        count(inp, m)?;
        let orders = take::<4>(inp, m)?.map(u32::from_le_bytes);
        count(inp, m)?;
        let revenue = take::<8>(inp, m)?.map(|b| Money::from_units(i64::from_le_bytes(b)));
        self.purchases.reserve(m + room(|r| r.purchases.len()));
        let mut columns = day.zip(orders).zip(revenue);
        for (c, &k) in counts.iter().enumerate() {
            let customer = u32::try_from(base + c).ok().filter(|&c| c < u32::MAX - 1)?;
            for ((day, orders), revenue) in columns.by_ref().take(k as usize) {
                self.purchases.push(Purchase { day, orders, revenue, customer });
            }
        }
        let mut end = days;
        self.starts.reserve(n + room(|r| r.ids.len()));
        for &k in &counts {
            end += k as usize;
            self.starts.push(u32::try_from(end).ok()?);
        }
        let k = inp.len()?;
        (k == if flags.profit { m } else { 0 }).then_some(())?;
        self.profit.reserve(k + room(|r| r.profit.len()));
        self.profit.extend(take::<8>(inp, k)?.map(|b| Money::from_units(i64::from_le_bytes(b))));
        let k = inp.len()?;
        (k == if flags.channel { n } else { 0 }).then_some(())?;
        self.channel_of.reserve(k + room(|r| r.channel_of.len()));
        for c in take::<2>(inp, k)?.map(u16::from_le_bytes) {
            (c == NO_CHANNEL || usize::from(c) < self.channel_names.len()).then_some(())?;
            self.channel_of.push(c);
        }
        let k = inp.len()?;
        (k == if flags.products { m } else { 0 }).then_some(())?;
        let from = self.product_ids.len();
        let mut end = from as u64;
        self.product_starts.reserve(k + room(|r| r.product_top.len()));
        self.product_top.reserve(k + room(|r| r.product_top.len()));
        for c in take::<4>(inp, k)?.map(u32::from_le_bytes) {
            end += u64::from(c);
            self.product_starts.push(u32::try_from(end).ok()?);
        }
        count(inp, k)?;
        for top in take::<4>(inp, k)?.map(u32::from_le_bytes) {
            (top == NO_PRODUCT || (top as usize) < self.product_names.len()).then_some(())?;
            self.product_top.push(top);
        }
        (inp.len()? as u64 == end - from as u64).then_some(())?;
        self.product_ids.reserve((end - from as u64) as usize + room(|r| r.product_ids.len()));
        for p in take::<4>(inp, (end - from as u64) as usize)?.map(u32::from_le_bytes) {
            ((p as usize) < self.product_names.len()).then_some(())?;
            self.product_ids.push(p);
        }
        (inp.at == inp.b.len()).then_some(())
    }

    /// A reader of the same prelude, without customers: the records before the first customer
    /// (meta, channels, products, aggregates), as read.
    pub(in crate::pack) fn with_prelude(&self) -> Reader {
        let mut r = Reader::new();
        r.meta.clone_from(&self.meta);
        r.channel_names.clone_from(&self.channel_names);
        r.product_names.clone_from(&self.product_names);
        r.flags = self.flags;
        r.checked = self.checked;
        r.fit.clone_from(&self.fit);
        r.cube.clone_from(&self.cube);
        r
    }

    /// Appends the customers of `other`, a reader of the same prelude (a worker's own range,
    /// after the ranges before it). `None`: more customers or days than the columns can number.
    pub(in crate::pack) fn append(&mut self, other: Reader) -> Option<()> {
        let base = u32::try_from(self.ids.len()).ok()?;
        let days = u32::try_from(self.purchases.len()).ok()?;
        let ids = u32::try_from(self.product_ids.len()).ok()?;
        u32::try_from(self.ids.len() + other.ids.len()).ok().filter(|&n| n < u32::MAX - 1)?;
        u32::try_from(self.purchases.len() + other.purchases.len()).ok()?;
        u32::try_from(self.product_ids.len() + other.product_ids.len()).ok()?;
        self.ids.append(other.ids);
        self.purchases
            .extend(other.purchases.iter().map(|p| Purchase { customer: p.customer + base, ..*p }));
        self.starts.extend(other.starts.iter().skip(1).map(|s| s + days));
        self.profit.extend_from_slice(&other.profit);
        self.channel_of.extend_from_slice(&other.channel_of);
        self.product_starts.extend(other.product_starts.iter().skip(1).map(|s| s + ids));
        self.product_ids.extend_from_slice(&other.product_ids);
        self.product_top.extend_from_slice(&other.product_top);
        if other.flags.is_some() {
            self.flags = other.flags;
        }
        Some(())
    }
}
