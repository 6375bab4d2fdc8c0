//! Coupon and discount codes: per order while a file is read, then per customer the code used
//! on the first purchase day (初回購入のクーポン). Codes are interned once; an order or a customer
//! holds a 2-byte id, never text.

use crate::date::Day;

/// No coupon on the order (or on the customer's first purchase day).
pub const NO_COUPON: u16 = u16::MAX;

/// Distinct codes kept by name; the rest are counted under the last one (as channels are).
pub const MAX_COUPONS: usize = 60_000;

/// The coupon column as an importer collects it: the codes, and per order its code's id.
#[derive(Debug, Default, Clone)]
pub struct OrderCoupons {
    /// Distinct codes (trimmed), numbered in first-seen order.
    pub names: Vec<String>,
    /// Ids by code (u32 like the products' lookup: one hash map's code in the wasm).
    lookup: crate::intern::NameMap<u32>,
    /// Per order, its code ([`NO_COUPON`]: none).
    pub(crate) per_order: Vec<u16>,
}

impl OrderCoupons {
    /// `n` orders without a coupon (a coupon column started in a later file).
    #[must_use]
    pub fn blank(n: usize) -> OrderCoupons {
        OrderCoupons { per_order: vec![NO_COUPON; n], ..OrderCoupons::default() }
    }

    /// The id of the code `name` (trimmed), numbered on first sight; `None` for a blank.
    ///
    /// ```
    /// use ltv::dataset::OrderCoupons;
    /// let mut c = OrderCoupons::default();
    /// assert_eq!((c.intern(" WELCOME "), c.intern("SPRING"), c.intern("WELCOME")), (Some(0), Some(1), Some(0)));
    /// assert_eq!(c.intern("  "), None);
    /// ```
    pub fn intern(&mut self, name: &str) -> Option<u16> {
        let name = name.trim();
        if name.is_empty() {
            return None;
        }
        if let Some(&id) = self.lookup.get(name) {
            return Some(id as u16);
        }
        if self.names.len() >= MAX_COUPONS {
            return Some((MAX_COUPONS - 1) as u16);
        }
        let id = self.names.len() as u16;
        self.names.push(name.to_owned());
        self.lookup.insert(name.to_owned(), u32::from(id));
        Some(id)
    }

    /// Adds the next order's code ([`NO_COUPON`]: none).
    pub fn push(&mut self, id: u16) {
        self.per_order.push(id);
    }

    /// The code of order `i` ([`NO_COUPON`] when none or out of range).
    #[must_use]
    pub fn of(&self, i: usize) -> u16 {
        self.per_order.get(i).copied().unwrap_or(NO_COUPON)
    }

    /// Orders recorded.
    #[must_use]
    pub fn len(&self) -> usize {
        self.per_order.len()
    }

    /// Whether no order was recorded.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.per_order.is_empty()
    }

    /// Keeps the orders whose `keep` is true.
    pub(crate) fn retain(&mut self, keep: &[bool]) {
        let mut k = keep.iter();
        self.per_order.retain(|_| *k.next().unwrap_or(&true));
    }

    /// The orders at `at`, in that order.
    pub(crate) fn gather(&mut self, at: &[usize]) {
        self.per_order = at.iter().map(|&i| self.of(i)).collect();
    }

    /// Per customer, an empty first-day code (filled by [`FirstCoupons::note`]).
    pub(crate) fn first_of(&self, customers: usize) -> FirstCoupons {
        FirstCoupons { names: self.names.clone(), of: vec![NO_COUPON; customers] }
    }
}

/// Per customer, the code used on the first purchase day.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FirstCoupons {
    /// The codes, by id.
    pub names: Vec<String>,
    /// Per customer, the id of the first purchase day's code ([`NO_COUPON`]: none that day).
    pub of: Vec<u16>,
}

impl FirstCoupons {
    /// Customer `c`'s first-day code, if any.
    #[must_use]
    pub fn name(&self, c: usize) -> Option<&str> {
        let id = *self.of.get(c)?;
        self.names.get(usize::from(id)).map(String::as_str)
    }

    /// Reads one order (not a refund) of the orders sorted by customer and day: the first
    /// order of a customer fixes the first purchase day, and the first code met on that day is
    /// the customer's. `first` carries the customer and first day between calls.
    pub(crate) fn note(&mut self, customer: u32, day: Day, code: u16, first: &mut (u32, Day)) {
        if first.0 != customer {
            *first = (customer, day);
        }
        if first.1 == day && code != NO_COUPON {
            if let Some(slot) = self.of.get_mut(customer as usize) {
                if *slot == NO_COUPON {
                    *slot = code;
                }
            }
        }
    }

    /// Keeps the customers whose `keep` is true.
    pub(crate) fn retain(&mut self, keep: &[bool]) {
        let mut k = keep.iter();
        self.of.retain(|_| *k.next().unwrap_or(&true));
    }
}
