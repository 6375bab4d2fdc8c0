//! What an importer collects before the dataset is built: the orders and their side columns.

use super::{gather, Cycle, Dataset, OrderCoupons, OrderProducts, Purchase};
use crate::date::Day;
use crate::encoding::TextEncoding;
use crate::intern::{Interner, Strings};
use crate::money::Money;
use rust_decimal::Decimal;

/// One order as handed to [`DatasetBuilder::build_from_raw`] by loaders other than the CSV importer (tests,
/// reference data sets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawOrder {
    /// Customer number (index into [`DatasetBuilder::keys`]).
    pub customer: u32,
    /// Shop-local calendar day.
    pub day: Day,
    /// Fingerprint of the order number (unique per row when the file has no order numbers).
    pub key: u64,
    /// Net amount: the order's money less refunds; negative for a refund row.
    pub amount: Decimal,
    /// The order's number in file order: indexes [`DatasetBuilder::profit`] and
    /// [`DatasetBuilder::channel`].
    pub seq: u32,
}

/// What an importer collects for a [`Dataset`]: the orders, in file order, and beside them the
/// customers' keys and the optional side columns.
#[derive(Debug, Default)]
pub struct DatasetBuilder {
    /// Customer keys, in the file's encoding.
    pub keys: Interner,
    /// One e-mail per customer, in customer order (empty: none), when the key is a customer
    /// number and the file has e-mails.
    pub emails: Option<Strings>,
    /// Channel names.
    pub channels: Vec<String>,
    /// Per order, the channel index, when the file has a channel column (in the orders' order;
    /// for [`DatasetBuilder::build_from_raw`]: by the orders' `seq`).
    pub channel: Option<Vec<u16>>,
    /// Per order, the gross profit, when the file has a profit or cost column (indexed as
    /// `channel`).
    pub profit: Option<Vec<Money>>,
    /// True when rows of one order number found apart are lines to add up (line totals),
    /// false when they repeat the order's total (taken once).
    pub sum_repeats: bool,
    /// Per customer, the contact details the files have: name, postal code, address, phone (in
    /// this order; `None`: no file has that column).
    pub contacts: [Option<Strings>; 4],
    /// Pairs of customers who are one person (the same e-mail or phone in two files): merged
    /// when the dataset is built.
    pub aliases: Vec<(u32, u32)>,
    /// Per order, its products, when the file has a product column (indexed as `channel`).
    pub products: Option<OrderProducts>,
    /// Per order, whether it is a 定期 cycle (when the file has a subscription column).
    pub subscription: Option<Vec<Cycle>>,
    /// Per order, its coupon code, when the file has a coupon column.
    pub coupon: Option<OrderCoupons>,
    /// The orders, as `Purchase::order` records them.
    pub(crate) orders: Vec<Purchase>,
}

impl DatasetBuilder {
    /// Adds one order (its side columns are pushed by the caller, in the same order).
    /// `key` is the fingerprint of the order number, unique per row when the file has none.
    pub fn push_order(&mut self, customer: u32, day: Day, key: u64, amount: Money) {
        self.orders.push(Purchase::order(customer, day, key, amount));
    }

    /// Makes room for `n` more orders at once, in the orders and every side column the file has
    /// (no doubling copies on files of millions of rows: a doubling `Vec` briefly holds the old
    /// and the new buffer, and wasm memory never shrinks).
    pub fn reserve(&mut self, n: usize) {
        self.orders.reserve_exact(n);
        if let Some(v) = self.channel.as_mut() {
            v.reserve_exact(n);
        }
        if let Some(v) = self.profit.as_mut() {
            v.reserve_exact(n);
        }
        if let Some(p) = self.products.as_mut() {
            p.reserve(n);
        }
        if let Some(v) = self.subscription.as_mut() {
            v.reserve_exact(n);
        }
        if let Some(c) = self.coupon.as_mut() {
            c.per_order.reserve_exact(n);
        }
    }

    /// Orders added so far.
    #[must_use]
    pub fn len(&self) -> usize {
        self.orders.len()
    }

    /// The order at `i` (in the order added).
    pub(crate) fn order(&self, i: usize) -> Purchase {
        self.orders[i]
    }

    /// Moves each refund record (by index) to the day of the order it refunds: the order of the
    /// same customer with the same order key. Returns how many moved.
    pub(crate) fn move_refunds_to_their_orders(&mut self, refunds: &[usize]) -> u64 {
        use std::collections::{HashMap, HashSet};
        if refunds.is_empty() {
            return 0;
        }
        let wanted: HashSet<(u32, u32)> =
            refunds.iter().map(|&i| (self.orders[i].customer, self.orders[i].orders)).collect();
        let mut order_day: HashMap<(u32, u32), Day> = HashMap::new();
        for o in self.orders.iter().filter(|o| !o.revenue.is_negative()) {
            if wanted.contains(&(o.customer, o.orders)) {
                let day = order_day.entry((o.customer, o.orders)).or_insert(o.day);
                *day = (*day).min(o.day);
            }
        }
        let mut moved = 0;
        for &i in refunds {
            let o = &mut self.orders[i];
            if let Some(&day) = order_day.get(&(o.customer, o.orders)) {
                moved += u64::from(o.day != day);
                o.day = day;
            }
        }
        moved
    }

    /// Removes the orders at `indices` (ascending) with their side columns.
    pub(crate) fn remove_orders(&mut self, indices: &[usize]) {
        if indices.is_empty() {
            return;
        }
        fn retain<T>(v: &mut Vec<T>, keep: &[bool]) {
            let mut k = keep.iter();
            v.retain(|_| *k.next().unwrap_or(&true));
        }
        let mut keep = vec![true; self.orders.len()];
        for &i in indices {
            keep[i] = false;
        }
        retain(&mut self.orders, &keep);
        if let Some(v) = self.profit.as_mut() {
            retain(v, &keep);
        }
        if let Some(v) = self.channel.as_mut() {
            retain(v, &keep);
        }
        if let Some(v) = self.subscription.as_mut() {
            retain(v, &keep);
        }
        if let Some(c) = self.coupon.as_mut() {
            c.retain(&keep);
        }
        if let Some(p) = self.products.as_mut() {
            let at: Vec<usize> =
                (0..p.len()).filter(|&i| keep.get(i).copied().unwrap_or(true)).collect();
            *p = p.gather(&at);
        }
    }

    /// Whether no order was added.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.orders.is_empty()
    }

    /// Groups the orders into customers' purchase days, in place.
    #[must_use]
    pub fn build(mut self, encoding: TextEncoding) -> Dataset {
        let orders = std::mem::take(&mut self.orders);
        Dataset::from_orders(orders, self, encoding)
    }

    /// [`DatasetBuilder::build`] from orders made elsewhere (tests, reference data sets), whose
    /// side columns are indexed by their `seq`. Amounts beyond [`Money`]'s range (more than four
    /// decimals, or ±922 trillion) are clamped: the CSV importer refuses them before.
    #[must_use]
    pub fn build_from_raw(mut self, mut orders: Vec<RawOrder>, encoding: TextEncoding) -> Dataset {
        // The side columns follow the orders' `seq`: put them in the orders' order.
        orders.sort_by_key(|o| o.seq);
        let seqs: Vec<usize> = orders.iter().map(|o| o.seq as usize).collect();
        self.profit = self.profit.take().map(|v| gather(&v, &seqs));
        self.channel = self.channel.take().map(|v| gather(&v, &seqs));
        self.subscription = self.subscription.take().map(|v| gather(&v, &seqs));
        self.products = self.products.take().map(|p| p.gather(&seqs));
        if let Some(c) = self.coupon.as_mut() {
            c.gather(&seqs);
        }
        let clamp = |d: Decimal| {
            let limit = if d.is_sign_negative() { i64::MIN } else { i64::MAX } / 10_000;
            Money::from_decimal(d)
                .unwrap_or(Money::from_decimal(Decimal::from(limit)).unwrap_or(Money::ZERO))
        };
        self.orders = orders
            .iter()
            .map(|o| Purchase::order(o.customer, o.day, o.key, clamp(o.amount)))
            .collect();
        drop(orders);
        self.build(encoding)
    }
}
