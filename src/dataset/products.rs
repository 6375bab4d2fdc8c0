//! The products of each order and of each purchase day, and the 定期 cycle of an order.

use crate::money::Money;

/// Whether an order (or a purchase day) is a 定期 (subscription) cycle, and which one when the
/// file numbers them: 2 bytes per order, no text kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Cycle(u16);

impl Cycle {
    /// Not a 定期 order.
    pub const NONE: Cycle = Cycle(0);

    /// The two bytes as stored (for a partial import's encoding).
    pub(crate) fn to_bits(self) -> u16 {
        self.0
    }

    /// A cycle from [`Cycle::to_bits`].
    pub(crate) fn from_bits(bits: u16) -> Cycle {
        Cycle(bits)
    }
    /// A 定期 order whose cycle number the file does not give.
    pub const UNNUMBERED: Cycle = Cycle(u16::MAX);

    /// Cycle `n` (1 and up; larger than 65 534 is kept as 65 534).
    ///
    /// ```
    /// use ltv::dataset::Cycle;
    /// assert_eq!(Cycle::numbered(3).number(), Some(3));
    /// assert_eq!(Cycle::UNNUMBERED.number(), None);
    /// assert!(Cycle::UNNUMBERED.is_subscription() && !Cycle::NONE.is_subscription());
    /// ```
    #[must_use]
    pub fn numbered(n: u64) -> Cycle {
        Cycle(n.clamp(1, u64::from(u16::MAX - 1)) as u16)
    }

    /// Whether this is a 定期 order.
    #[must_use]
    pub fn is_subscription(self) -> bool {
        self.0 != 0
    }

    /// The cycle number, when the file gives one.
    #[must_use]
    pub fn number(self) -> Option<u16> {
        (self.0 != 0 && self.0 != u16::MAX).then_some(self.0)
    }

    /// Two orders of one day (or the lines of one order) as one: 定期 when either is, with the
    /// larger cycle number.
    ///
    /// ```
    /// use ltv::dataset::Cycle;
    /// assert_eq!(Cycle::NONE.combine(Cycle::UNNUMBERED), Cycle::UNNUMBERED);
    /// assert_eq!(Cycle::UNNUMBERED.combine(Cycle::numbered(2)), Cycle::numbered(2));
    /// assert_eq!(Cycle::numbered(4).combine(Cycle::numbered(2)), Cycle::numbered(4));
    /// ```
    #[must_use]
    pub fn combine(self, other: Cycle) -> Cycle {
        match (self.number(), other.number()) {
            (Some(a), Some(b)) => Cycle(a.max(b)),
            (Some(_), None) => self,
            (None, Some(_)) => other,
            (None, None) if self.is_subscription() => self,
            (None, None) => other,
        }
    }
}

/// No product: the purchase's highest-priced line is not known (the lines carry no price).
pub const NO_PRODUCT: u32 = u32::MAX;

/// The products of each order, as an importer collects them: names interned once (ids in
/// first-seen order), then per order the sorted set of its product ids, one flat vector for all
/// orders. Memory grows with distinct products and with orders' distinct products, not with rows.
#[derive(Debug, Default, Clone)]
pub struct OrderProducts {
    /// Distinct product names (trimmed), numbered in first-seen order.
    pub names: Vec<String>,
    lookup: crate::intern::NameMap<u32>,
    /// The product ids of all orders, order after order.
    ids: Vec<u32>,
    /// Per order, the end of its ids in `ids`.
    ends: Vec<u32>,
    /// Per order, the product of its highest-priced line and that line's price
    /// ([`NO_PRODUCT`] when the lines carry no price).
    pub(crate) top: Vec<(u32, Money)>,
}

impl OrderProducts {
    /// How many product ids all orders have together (the purchase days' ids get as many).
    pub(super) fn ids_len(&self) -> usize {
        self.ids.len()
    }

    /// `n` orders without products (a product column started in a later file).
    #[must_use]
    pub fn blank(n: usize) -> OrderProducts {
        OrderProducts {
            ends: vec![0; n],
            top: vec![(NO_PRODUCT, Money::ZERO); n],
            ..OrderProducts::default()
        }
    }

    /// The id of the product named `name` (trimmed), numbered on first sight; `None` for a blank.
    pub fn intern(&mut self, name: &str) -> Option<u32> {
        let name = name.trim();
        if name.is_empty() {
            return None;
        }
        if let Some(&id) = self.lookup.get(name) {
            return Some(id);
        }
        let id = self.names.len() as u32;
        self.names.push(name.to_owned());
        self.lookup.insert(name.to_owned(), id);
        Some(id)
    }

    /// Makes room for `n` more orders (and as many product ids: one line each).
    pub fn reserve(&mut self, n: usize) {
        self.ids.reserve_exact(n);
        self.ends.reserve_exact(n);
        self.top.reserve_exact(n);
    }

    /// Adds the next order's products (any order, repeats allowed) and its highest-priced line.
    pub fn push_order(&mut self, ids: &[u32], top: Option<(u32, Money)>) {
        let from = self.ids.len();
        self.ids.extend_from_slice(ids);
        self.ids[from..].sort_unstable();
        let kept = dedup_tail(&mut self.ids, from);
        self.ids.truncate(kept);
        self.ends.push(self.ids.len() as u32);
        self.top.push(top.unwrap_or((NO_PRODUCT, Money::ZERO)));
    }

    /// Orders recorded.
    #[must_use]
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether no order was recorded.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The sorted product ids of order `i` (empty when out of range).
    #[must_use]
    pub fn of(&self, i: usize) -> &[u32] {
        let start = if i == 0 { 0 } else { self.ends.get(i - 1).copied().unwrap_or(0) as usize };
        let end = self.ends.get(i).copied().unwrap_or(0) as usize;
        self.ids.get(start..end).unwrap_or(&[])
    }

    /// The orders at `at`, in that order (names kept).
    pub(super) fn gather(&self, at: &[usize]) -> OrderProducts {
        let mut out = OrderProducts {
            names: self.names.clone(),
            lookup: self.lookup.clone(),
            ..OrderProducts::default()
        };
        for &i in at {
            out.ids.extend_from_slice(self.of(i));
            out.ends.push(out.ids.len() as u32);
            out.top.push(self.top.get(i).copied().unwrap_or((NO_PRODUCT, Money::ZERO)));
        }
        out
    }
}

/// Removes repeats from the sorted `v[from..]`; returns the new length of `v`.
fn dedup_tail(v: &mut [u32], from: usize) -> usize {
    let mut w = from;
    for r in from..v.len() {
        if w == from || v[w - 1] != v[r] {
            v[w] = v[r];
            w += 1;
        }
    }
    w
}

/// The products of each purchase day (the union of its orders' products), parallel to
/// [`Dataset::purchases`](super::Dataset::purchases).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Products {
    /// Distinct product names, indexed by product id.
    pub names: Vec<String>,
    /// `starts[k]..starts[k + 1]` index purchase `k`'s ids in `ids`.
    starts: Vec<u32>,
    /// The sorted product ids of each purchase, purchase after purchase.
    ids: Vec<u32>,
    /// Per purchase, the product of its highest-priced line ([`NO_PRODUCT`]: not known).
    top: Vec<u32>,
}

impl Products {
    /// The sorted product ids of purchase `k` (an index into [`super::Dataset::purchases`]).
    #[must_use]
    pub fn of(&self, k: usize) -> &[u32] {
        match (self.starts.get(k), self.starts.get(k + 1)) {
            (Some(&a), Some(&b)) => self.ids.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// The product of purchase `k`'s highest-priced line, when its lines carry prices.
    #[must_use]
    pub fn top(&self, k: usize) -> Option<u32> {
        self.top.get(k).copied().filter(|&t| t != NO_PRODUCT)
    }

    /// Purchases recorded.
    #[must_use]
    pub fn len(&self) -> usize {
        self.top.len()
    }

    /// Whether no purchase was recorded.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.top.is_empty()
    }

    /// Products of purchases given as they are stored: `starts[k]..starts[k + 1]` index
    /// purchase `k`'s sorted ids in `ids`, `top[k]` its highest-priced line's product
    /// ([`NO_PRODUCT`]: not known). For [`crate::pack`], which checks them first.
    pub(crate) fn from_parts(
        names: Vec<String>,
        starts: Vec<u32>,
        ids: Vec<u32>,
        top: Vec<u32>,
    ) -> Products {
        Products { names, starts, ids, top }
    }

    /// Starts the next purchase with order `i`'s products.
    pub(super) fn start(&mut self, orders: &OrderProducts, i: usize, price: &mut Vec<Money>) {
        if self.starts.is_empty() {
            self.starts.push(0);
        }
        self.ids.extend_from_slice(orders.of(i));
        self.starts.push(self.ids.len() as u32);
        let (top, at) = orders.top.get(i).copied().unwrap_or((NO_PRODUCT, Money::ZERO));
        self.top.push(top);
        price.push(at);
    }

    /// Adds order `i`'s products to the last purchase.
    pub(super) fn add(&mut self, orders: &OrderProducts, i: usize, price: &mut [Money]) {
        let from = self.starts.len().checked_sub(2).map_or(0, |k| self.starts[k] as usize);
        self.ids.extend_from_slice(orders.of(i));
        self.ids[from..].sort_unstable();
        let kept = dedup_tail(&mut self.ids, from);
        self.ids.truncate(kept);
        if let Some(end) = self.starts.last_mut() {
            *end = self.ids.len() as u32;
        }
        let (top, at) = orders.top.get(i).copied().unwrap_or((NO_PRODUCT, Money::ZERO));
        if let (Some(t), Some(p)) = (self.top.last_mut(), price.last_mut()) {
            if top != NO_PRODUCT && (*t == NO_PRODUCT || at > *p) {
                (*t, *p) = (top, at);
            }
        }
    }

    /// Keeps the purchases whose `keep` is true.
    pub(super) fn retain(&mut self, keep: &[bool]) {
        let mut out = Products { names: std::mem::take(&mut self.names), ..Products::default() };
        out.starts.push(0);
        for (k, _) in keep.iter().enumerate().filter(|(_, k)| **k) {
            out.ids.extend_from_slice(self.of(k));
            out.starts.push(out.ids.len() as u32);
            out.top.push(self.top.get(k).copied().unwrap_or(NO_PRODUCT));
        }
        *self = out;
    }
}
