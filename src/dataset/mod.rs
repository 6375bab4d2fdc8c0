//! The imported data every analysis starts from: customers and their purchase days.
//!
//! How this works: the importer hands over one record per order (line items already combined).
//! [`Dataset`] groups them by customer, merges rows of one order number and day found in
//! different places of the file, and merges one customer's orders of one calendar day into one
//! [`Purchase`] (the literature's "transaction": lifetimes, BTYD and CLVTools all count
//! customer-days). Orders with a negative amount are refunds: they lower revenue on their day but
//! are not purchases.
//!
//! The purchases of all customers sit in one vector, customer after customer, in day order
//! (`starts[c]..starts[c+1]` are customer `c`'s), so memory grows with customer-days, not rows.
//!
//! Advice for hackers: memory decides whether millions of rows fit in a browser tab. The orders
//! are collected in the same 20-byte record as the purchases they become, sorted in place and
//! merged in place (no second buffer); money is [`Money`] (8 bytes, exact); the customer-key
//! hash table is dropped before the merge.

mod builder;
mod products;

pub use builder::{DatasetBuilder, RawOrder};
pub use products::{Cycle, OrderProducts, Products, NO_PRODUCT};

use crate::date::Day;
use crate::encoding::TextEncoding;
use crate::intern::Strings;
use crate::money::Money;
use std::borrow::Cow;

mod coupons;
pub use coupons::{FirstCoupons, OrderCoupons, MAX_COUPONS, NO_COUPON};

/// All orders of one customer on one calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Purchase {
    /// Shop-local calendar day.
    pub day: Day,
    /// Orders placed that day (0 for a day that only holds refunds). While importing, the
    /// fingerprint of the order's number (see `Purchase::order`).
    pub orders: u32,
    /// Net revenue of the day.
    pub revenue: Money,
    /// The customer.
    pub(crate) customer: u32,
}

impl Purchase {
    /// One order, as the importer records it before [`Dataset`] merges orders into days.
    pub(crate) fn order(customer: u32, day: Day, key: u64, amount: Money) -> Purchase {
        let key = (key ^ (key >> 32)) as u32;
        Purchase { day, orders: key, revenue: amount, customer }
    }

    /// The order of the merge: customer, day, refunds after orders, order key, amount. (A
    /// key packed into one u128 measured twice the instructions: the tuple stops at the
    /// customer in most comparisons.)
    fn sort_key(&self) -> (u32, Day, bool, u32, i64) {
        (self.customer, self.day, self.revenue.is_negative(), self.orders, self.revenue.units())
    }
}

/// Customers and their purchase days.
#[derive(Debug, Clone)]
pub struct Dataset {
    keys: Strings,
    encoding: TextEncoding,
    /// One e-mail per customer (empty: none), when the key is a customer number.
    emails: Option<Strings>,
    /// Purchases of all customers, grouped by customer, in day order.
    pub purchases: Vec<Purchase>,
    /// Gross profit per purchase (parallel to `purchases`), when the file gives profit or cost.
    pub profit: Option<Vec<Money>>,
    /// `starts[c]..starts[c + 1]` indexes customer `c`'s purchases.
    pub starts: Vec<u32>,
    /// Channel names.
    pub channels: Vec<String>,
    /// Per customer, the channel of the first order (an index into `channels`, or [`NO_CHANNEL`]).
    pub channel_of: Vec<u16>,
    /// The products of each purchase (parallel to `purchases`), when the file has a product
    /// column.
    pub products: Option<Products>,
    /// Per purchase (parallel to `purchases`), whether it is a 定期 cycle and which, when the
    /// file has a subscription column.
    pub subscription: Option<Vec<Cycle>>,
    /// Per customer, the coupon code of the first purchase day, when the file has a coupon
    /// column.
    pub coupons: Option<FirstCoupons>,
    /// Per customer, the contact details: name, postal code, address, phone.
    contacts: [Option<Strings>; 4],
    /// Rows of one order number found apart in the file, merged into one order.
    pub merged_repeats: u64,
    /// Customers found under two keys (e.g. a customer number in one file, the e-mail in
    /// another) and merged into one.
    pub merged_customers: u64,
    /// Customers left out because the file holds only refunds for them.
    pub refund_only_customers: u64,
}

/// No channel recorded.
pub const NO_CHANNEL: u16 = u16::MAX;

/// The byte that marks a customer number of another platform's file in a key (followed by the
/// file group): no UTF-8 or Shift_JIS text holds it.
pub(crate) const KEY_GROUP_MARK: u8 = 0xFF;

/// Merges the customers the aliases join (union-find): every order moves to the first customer
/// of its group that has orders of its own. Returns how many customers were merged away.
fn merge_aliases(orders: &mut [Purchase], aliases: &[(u32, u32)], n: usize) -> u64 {
    if aliases.is_empty() {
        return 0;
    }
    fn root(parent: &mut [u32], mut c: u32) -> u32 {
        while parent[c as usize] != c {
            let up = parent[parent[c as usize] as usize];
            parent[c as usize] = up;
            c = up;
        }
        c
    }
    let mut parent: Vec<u32> = (0..n as u32).collect();
    for &(a, b) in aliases {
        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
        if ra != rb {
            parent[ra.max(rb) as usize] = ra.min(rb);
        }
    }
    // The representative of a group: its first customer with an order (not a linking key).
    let mut has_orders = vec![false; n];
    for o in orders.iter() {
        has_orders[o.customer as usize] = true;
    }
    let mut representative = vec![u32::MAX; n];
    for c in 0..n as u32 {
        let r = root(&mut parent, c) as usize;
        if has_orders[c as usize] && representative[r] == u32::MAX {
            representative[r] = c;
        }
    }
    let mut merged = 0;
    for c in 0..n as u32 {
        let r = representative[root(&mut parent, c) as usize];
        merged += u64::from(has_orders[c as usize] && r != c);
    }
    for o in orders.iter_mut() {
        let r = representative[root(&mut parent, o.customer) as usize];
        if r != u32::MAX {
            o.customer = r;
        }
    }
    merged
}

/// `v[at[0]], v[at[1]], …`
/// `v[r] = v[perm[r]]` for every `r` at once (what `gather(v, perm)` returns), in place: each
/// cycle of the permutation is rotated, with one bit per element to mark the places done.
fn permute_in_place<T: Copy>(v: &mut [T], perm: &[usize]) {
    let mut done = vec![0u64; v.len().div_ceil(64)];
    for start in 0..v.len().min(perm.len()) {
        if done[start / 64] >> (start % 64) & 1 == 1 {
            continue;
        }
        let first = v[start];
        let mut at = start;
        loop {
            done[at / 64] |= 1 << (at % 64);
            let from = perm[at];
            if from == start {
                v[at] = first;
                break;
            }
            v[at] = v[from];
            at = from;
        }
    }
}

fn gather<T: Copy>(v: &[T], at: &[usize]) -> Vec<T> {
    at.iter().map(|&i| v[i]).collect()
}

impl Dataset {
    /// The dataset of the builder's records ([`Purchase::order`]), in place; the side columns
    /// of `parts` are in the orders' order.
    fn from_orders(
        mut orders: Vec<Purchase>,
        mut parts: DatasetBuilder,
        encoding: TextEncoding,
    ) -> Dataset {
        let merged_customers = merge_aliases(&mut orders, &parts.aliases, parts.keys.len());
        let n_customers = parts.keys.len();
        // No key is added from here on: the lookup table goes before the purchases are built.
        let keys = parts.keys.freeze();
        // One sort puts each customer's orders in day order, and the rows of one order number
        // of that day side by side (line items apart in the file, a file pasted twice).
        // Refund rows (negative) keep their own day and never merge with the order. (An in-place
        // counting sort by customer measured slower in wasm: its swaps jump around memory.)
        let (side_profit, side_channel) = (parts.profit.take(), parts.channel.take());
        let side_products = parts.products.take();
        let side_cycles = parts.subscription.take();
        let side_coupons = parts.coupon.take();
        // `perm[r]`: the index in file order of sorted order `r` (with side columns only).
        let (orders, profit_of_order, channel_of_order, perm) = if side_profit.is_some()
            || side_channel.is_some()
            || side_products.is_some()
            || side_cycles.is_some()
            || side_coupons.is_some()
        {
            // With side columns the records are sorted through a permutation that moves the
            // columns along; the records are moved in place (a sorted copy was the import's peak).
            let mut perm: Vec<usize> = (0..orders.len()).collect();
            perm.sort_unstable_by_key(|&i| (orders[i].sort_key(), i));
            permute_in_place(&mut orders, &perm);
            (
                orders,
                side_profit.map(|v| gather(&v, &perm)),
                side_channel.map(|v| gather(&v, &perm)),
                Some(perm),
            )
        } else {
            orders.sort_unstable_by_key(Purchase::sort_key);
            (orders, None, None, None)
        };
        // The products of each purchase day: the union of its orders' (refunds add none). Its
        // vectors get their most at once (a purchase day per order, every order's ids): grown by
        // doubling, the old and the new block of each were held together at the import's peak.
        let mut products = side_products.as_ref().map(|p| {
            Products::from_parts(
                p.names.clone(),
                Vec::with_capacity(orders.len() + 1),
                Vec::with_capacity(p.ids_len()),
                Vec::with_capacity(orders.len()),
            )
        });
        let mut top_price: Vec<Money> =
            Vec::with_capacity(if products.is_some() { orders.len() } else { 0 });
        let product_of = |r: usize| perm.as_ref().map_or(r, |p| p[r]);
        let mut orders = orders;
        let profit_of_seq = profit_of_order;
        let mut profit: Option<Vec<Money>> =
            profit_of_seq.as_ref().map(|_| Vec::with_capacity(orders.len()));
        // The cycle of order `r` (sorted), read through the permutation.
        let cycle_of = |r: usize| {
            side_cycles.as_ref().map_or(Cycle::NONE, |v| {
                v.get(perm.as_ref().map_or(r, |p| p[r])).copied().unwrap_or(Cycle::NONE)
            })
        };
        let mut cycles: Option<Vec<Cycle>> =
            side_cycles.as_ref().map(|_| Vec::with_capacity(orders.len()));
        let mut channel_of =
            vec![NO_CHANNEL; if channel_of_order.is_some() { n_customers } else { 0 }];
        let mut coupons = side_coupons.as_ref().map(|c| c.first_of(n_customers));
        let mut first_day = (u32::MAX, 0);
        let mut merged_repeats = 0;
        // Merged in place: purchase `w` is written over order `w ≤ r` after order `r` was read.
        let mut prev: Option<Purchase> = None;
        let mut w = 0;
        for r in 0..orders.len() {
            let o = orders[r];
            let negative = o.revenue.is_negative();
            let p = profit_of_seq.as_ref().map_or(Money::ZERO, |p| p[r]);
            let repeat = prev.is_some_and(|q| {
                (q.customer, q.day, q.orders, q.revenue.is_negative())
                    == (o.customer, o.day, o.orders, negative)
            });
            prev = Some(o);
            if let (Some(fc), Some(side), false) =
                (coupons.as_mut(), side_coupons.as_ref(), negative)
            {
                fc.note(o.customer, o.day, side.of(product_of(r)), &mut first_day);
            }
            if let (Some(v), false) = (cycles.as_mut(), negative) {
                // The same order's rows, or another order of the day: one purchase day.
                let same_day =
                    w > 0 && (orders[w - 1].customer, orders[w - 1].day) == (o.customer, o.day);
                if same_day {
                    if let Some(last) = v.last_mut() {
                        *last = last.combine(cycle_of(r));
                    }
                }
            }
            if repeat {
                merged_repeats += 1;
                if let (Some(pr), Some(side)) = (products.as_mut(), side_products.as_ref()) {
                    if !negative {
                        pr.add(side, product_of(r), &mut top_price);
                    }
                }
                // A repeated order total counts once; repeated line totals and refunds add up.
                if !(negative || parts.sum_repeats) {
                    continue;
                }
            }
            let is_order = u32::from(!negative && !repeat);
            // The acquisition channel is the one of the customer's first order (not a refund).
            if let Some(ch) = channel_of_order.as_ref() {
                let slot = &mut channel_of[o.customer as usize];
                if *slot == NO_CHANNEL && is_order == 1 {
                    *slot = ch[r];
                }
            }
            if w > 0 && (orders[w - 1].customer, orders[w - 1].day) == (o.customer, o.day) {
                let last = &mut orders[w - 1];
                last.orders += is_order;
                last.revenue = last.revenue.saturating_add(o.revenue);
                if let Some(v) = profit.as_mut().and_then(|v| v.last_mut()) {
                    *v = v.saturating_add(p);
                }
                if let (Some(pr), Some(side)) = (products.as_mut(), side_products.as_ref()) {
                    if !negative {
                        pr.add(side, product_of(r), &mut top_price);
                    }
                }
                continue;
            }
            orders[w] = Purchase { orders: is_order, ..o };
            w += 1;
            if let (Some(pr), Some(side)) = (products.as_mut(), side_products.as_ref()) {
                // A refund-only day starts with no products.
                let i = if negative { usize::MAX } else { product_of(r) };
                pr.start(side, i, &mut top_price);
            }
            if let Some(v) = profit.as_mut() {
                v.push(p);
            }
            if let Some(v) = cycles.as_mut() {
                v.push(if negative { Cycle::NONE } else { cycle_of(r) });
            }
        }
        orders.truncate(w);
        orders.shrink_to_fit();
        drop(profit_of_seq);
        drop(side_products);
        drop(top_price);
        let mut starts = vec![0u32; n_customers + 1];
        for p in &orders {
            starts[p.customer as usize + 1] += 1;
        }
        // A customer whose every order was cancelled has none (and is dropped below).
        for c in 0..n_customers {
            starts[c + 1] += starts[c];
        }
        let mut ds = Dataset {
            keys,
            encoding,
            emails: parts.emails,
            contacts: parts.contacts,
            purchases: orders,
            profit,
            products,
            subscription: cycles,
            coupons,
            starts,
            channels: parts.channels,
            channel_of,
            merged_repeats,
            merged_customers,
            refund_only_customers: 0,
        };
        ds.drop_customers_without_orders();
        ds
    }

    /// A customer without an order in the file is not a customer of this period: one whose
    /// orders were all cancelled (reported with the orders), or one with only refunds (the order
    /// itself is older than the file; counted in `refund_only_customers`). Both are removed.
    fn drop_customers_without_orders(&mut self) {
        let n = self.customers();
        let keep: Vec<bool> =
            (0..n).map(|c| self.purchases_of(c).iter().any(|p| p.orders > 0)).collect();
        if keep.iter().all(|k| *k) {
            return;
        }
        // In place: purchases are in customer order, so each kept one moves left.
        let mut renumber = vec![u32::MAX; n];
        let mut next = 0u32;
        for c in 0..n {
            if keep[c] {
                renumber[c] = next;
                next += 1;
            } else {
                self.refund_only_customers += u64::from(!self.purchases_of(c).is_empty());
            }
        }
        let mut w = 0;
        let mut kept = vec![false; if self.products.is_some() { self.purchases.len() } else { 0 }];
        for r in 0..self.purchases.len() {
            let p = self.purchases[r];
            let c = renumber[p.customer as usize];
            if let Some(k) = kept.get_mut(r) {
                *k = c != u32::MAX;
            }
            if c != u32::MAX {
                self.purchases[w] = Purchase { customer: c, ..p };
                if let Some(v) = self.profit.as_mut() {
                    v[w] = v[r];
                }
                if let Some(v) = self.subscription.as_mut() {
                    v[w] = v[r];
                }
                w += 1;
            }
        }
        self.purchases.truncate(w);
        if let Some(v) = self.profit.as_mut() {
            v.truncate(w);
        }
        if let Some(v) = self.subscription.as_mut() {
            v.truncate(w);
        }
        if let Some(pr) = self.products.as_mut() {
            pr.retain(&kept);
        }
        let mut starts = vec![0u32; next as usize + 1];
        for p in &self.purchases {
            starts[p.customer as usize + 1] += 1;
        }
        for c in 0..next as usize {
            starts[c + 1] += starts[c];
        }
        self.starts = starts;
        self.keys.retain(&keep);
        if let Some(e) = self.emails.as_mut() {
            e.retain(&keep);
        }
        for c in self.contacts.iter_mut().flatten() {
            c.retain(&keep);
        }
        if let Some(c) = self.coupons.as_mut() {
            c.retain(&keep);
        }
        if !self.channel_of.is_empty() {
            let mut k = keep.iter();
            self.channel_of.retain(|_| k.next().copied().unwrap_or(true));
        }
    }

    /// A dataset of purchase days alone (no keys, contacts, profit or channels): what the
    /// forecast reads, rebuilt in another worker from [`crate::models::input`]'s bytes.
    /// `starts[c]..starts[c + 1]` index customer `c`'s `(day, orders, revenue)` in `days`, in
    /// day order. `None` when `starts` does not fit `days` (not rising from 0 to its length).
    #[must_use]
    pub fn from_purchase_days(starts: Vec<u32>, days: &[(Day, u32, Money)]) -> Option<Dataset> {
        let fits = starts.first() == Some(&0)
            && starts.last().map(|&s| s as usize) == Some(days.len())
            && starts.windows(2).all(|w| w[0] <= w[1]);
        if !fits {
            return None;
        }
        let mut purchases = Vec::with_capacity(days.len());
        for (c, w) in starts.windows(2).enumerate() {
            let customer = c as u32;
            purchases.extend(
                days[w[0] as usize..w[1] as usize].iter().map(|&(day, orders, revenue)| Purchase {
                    day,
                    orders,
                    revenue,
                    customer,
                }),
            );
        }
        Some(Dataset {
            keys: Strings::blank(starts.len() - 1),
            encoding: TextEncoding::Utf8,
            emails: None,
            purchases,
            profit: None,
            products: None,
            subscription: None,
            coupons: None,
            starts,
            channels: Vec::new(),
            channel_of: Vec::new(),
            contacts: [None, None, None, None],
            merged_repeats: 0,
            merged_customers: 0,
            refund_only_customers: 0,
        })
    }

    /// A dataset of customers named by `keys` (a pack's salted ids) and their purchase days,
    /// with no e-mails or contacts; for [`crate::pack`], which checks the parts fit first.
    #[allow(clippy::too_many_arguments)] // the parts as the dataset holds them
    pub(crate) fn from_pack_parts(
        keys: Strings,
        purchases: Vec<Purchase>,
        profit: Option<Vec<Money>>,
        starts: Vec<u32>,
        channels: Vec<String>,
        channel_of: Vec<u16>,
        products: Option<Products>,
    ) -> Dataset {
        Dataset {
            keys,
            encoding: TextEncoding::Utf8,
            emails: None,
            purchases,
            profit,
            products,
            starts,
            channels,
            channel_of,
            contacts: [None, None, None, None],
            // A pack carries no 定期 cycles (the 定期 view needs the order file).
            subscription: None,
            // Nor coupons: the table by first coupon needs the order file.
            coupons: None,
            merged_repeats: 0,
            merged_customers: 0,
            refund_only_customers: 0,
        }
    }

    /// Customer `c`'s key as stored: in the file's encoding, with the mark and group of a
    /// customer number of another platform's file ([`KEY_GROUP_MARK`]).
    pub(crate) fn raw_key(&self, c: usize) -> &[u8] {
        self.keys.get(c as u32)
    }

    /// The number of customers.
    #[must_use]
    pub fn customers(&self) -> usize {
        self.starts.len() - 1
    }

    /// Customer `c`'s purchase days, in day order.
    #[must_use]
    pub fn purchases_of(&self, c: usize) -> &[Purchase] {
        &self.purchases[self.starts[c] as usize..self.starts[c + 1] as usize]
    }

    /// Customer `c`'s purchases' 定期 cycles (parallel to [`Dataset::purchases_of`]), when the
    /// file has a subscription column.
    #[must_use]
    pub fn cycles_of(&self, c: usize) -> Option<&[Cycle]> {
        let v = self.subscription.as_ref()?;
        v.get(self.starts[c] as usize..self.starts[c + 1] as usize)
    }

    /// Customer `c`'s gross profit per purchase day (parallel to [`Dataset::purchases_of`]),
    /// when the file gives profit or cost.
    #[must_use]
    pub fn profit_of(&self, c: usize) -> Option<&[Money]> {
        let p = self.profit.as_ref()?;
        Some(&p[self.starts[c] as usize..self.starts[c + 1] as usize])
    }

    /// Customer `c`'s key, as text (a customer number of another platform's file without the
    /// mark that keeps it apart).
    #[must_use]
    pub fn key(&self, c: usize) -> Cow<'_, str> {
        let key = self.keys.get(c as u32);
        let key = match key {
            [rest @ .., KEY_GROUP_MARK, _] => rest,
            _ => key,
        };
        self.encoding.decode_cell(key)
    }

    /// Customer `c`'s contact detail `slot` (0 name, 1 postal code, 2 address, 3 phone), when
    /// the file has it.
    #[must_use]
    pub fn contact(&self, c: usize, slot: usize) -> Option<Cow<'_, str>> {
        let strings = self.contacts.get(slot)?.as_ref().filter(|s| c < s.len())?;
        let value = strings.get(c as u32);
        (!value.is_empty()).then(|| self.encoding.decode_cell(value))
    }

    /// Which contact details the dataset has (name, postal code, address, phone).
    #[must_use]
    pub fn has_contacts(&self) -> [bool; 4] {
        [0, 1, 2, 3].map(|i| self.contacts[i].is_some())
    }

    /// Customer `c`'s e-mail, when the key is a customer number and the file has e-mails.
    #[must_use]
    pub fn email(&self, c: usize) -> Option<Cow<'_, str>> {
        let email = self.emails.as_ref().filter(|e| c < e.len())?.get(c as u32);
        (!email.is_empty()).then(|| self.encoding.decode_cell(email))
    }

    /// The product ids of customer `c`'s purchase `k` (by [`Dataset::purchases_of`]); empty
    /// without a product column. Names are in [`Products::names`].
    #[must_use]
    pub fn products_of(&self, c: usize, k: usize) -> &[u32] {
        let at = self.starts.get(c).map_or(usize::MAX, |&s| s as usize + k);
        self.products.as_ref().map_or(&[], |p| p.of(at))
    }

    /// The product of customer `c`'s purchase `k`'s highest-priced line, when lines carry prices.
    #[must_use]
    pub fn top_product_of(&self, c: usize, k: usize) -> Option<u32> {
        let at = self.starts.get(c).map_or(usize::MAX, |&s| s as usize + k);
        self.products.as_ref().and_then(|p| p.top(at))
    }

    /// Customer `c`'s acquisition channel (the channel of the first order), if any.
    #[must_use]
    pub fn channel(&self, c: usize) -> Option<&str> {
        let i = *self.channel_of.get(c)?;
        self.channels.get(usize::from(i)).map(String::as_str)
    }

    /// The first and last purchase day over all customers (`None` for no purchases).
    #[must_use]
    pub fn day_range(&self) -> Option<(Day, Day)> {
        let days = self.purchases.iter().filter(|p| p.orders > 0).map(|p| p.day);
        days.fold(None, |acc, d| match acc {
            None => Some((d, d)),
            Some((lo, hi)) => Some((lo.min(d), hi.max(d))),
        })
    }
}

/// Datasets for the unit tests of the layers below the importer.
#[cfg(test)]
pub(crate) mod testing {
    use super::{Dataset, DatasetBuilder};
    use crate::encoding::TextEncoding;
    use crate::money::Money;

    /// A dataset of `customer,YYYY-MM-DD,amount` lines (one order each, in file order).
    pub(crate) fn orders(lines: &str) -> Dataset {
        let mut b = DatasetBuilder::default();
        for (seq, line) in lines.lines().filter(|l| !l.trim().is_empty()).enumerate() {
            let cells: Vec<&str> = line.split(',').map(str::trim).collect();
            let day = crate::date::parse_iso_day(cells[1]).expect("fixture date");
            let amount = Money::from_decimal(cells[2].parse().expect("fixture amount"));
            let customer = b.keys.intern(cells[0].as_bytes());
            b.push_order(customer, day, seq as u64, amount.expect("fixture amount in range"));
        }
        b.build(TextEncoding::Utf8)
    }
}

#[cfg(test)]
mod tests;
