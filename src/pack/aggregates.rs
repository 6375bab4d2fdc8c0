//! The optional aggregates of a pack (format version 2): what the forecast and the cohort view
//! need of a base too big for customer rows, with every published cell holding at least `k`
//! customers.
//!
//! * **The weighted table** ([`FitCell`]): customers with the same repeat purchase days `x`,
//!   recency `t_x` and age `T` (days, as of the aggregates' end, the definitions of
//!   [`crate::summary`]), with their number `n` (lifetimes' `weights`) and the sum of their
//!   repeat purchase days' revenue. The transaction models read nothing else: fitted on this
//!   table they give the parameters the customer rows give. Gamma-Gamma reads each customer's
//!   own mean spend (its likelihood is not a function of sums), so it needs customer rows; the
//!   sum of repeat revenue gives the mean spend per repeat purchase that stands for everyone
//!   then.
//! * **The cohort cube** ([`CubeCell`]): acquisition month × first channel × first product ×
//!   month offset → customers acquired, active customers (a purchase day in the month),
//!   purchase days, net revenue and gross profit of the month (a refund dated before the first
//!   purchase counts in offset 0, as in the cohort view). The first product is the product of
//!   the first purchase day's highest-priced line, else the day's first product by name.
//!
//! **Suppression.** A cell of fewer than `k` customers is never written as it is:
//! * fit rows of fewer than `k` customers are pooled, coarser step by step, until a pool holds
//!   `k`: the same `x` with `t_x` and `T` in 28-day bins, then the same `x`, then neighbouring
//!   `x` (their pooled `x` is the customers' mean, rounded); a pool is written with its
//!   customers' mean `t_x` and `T` (2 decimals). No customer is left out unless the whole table
//!   has fewer than `k`; pooled customers are counted (`fit_pooled`). With `k = 1` the table is
//!   exact;
//! * cohorts (month × channel × product) of fewer than `k` customers are pooled into the
//!   month's `*` cohort (channel and product `*`); a `*` cohort still under `k` is left out
//!   (`cohort_dropped` customers); a month cell with fewer than `k` active customers and any
//!   figure (a purchase, or a refund of an inactive customer) is written without its figures
//!   (empty `active`, `purchase_days`, `revenue`, `gross_profit`).

use crate::dataset::{Dataset, NO_CHANNEL};
use crate::date::{civil_from_days, Day};
use crate::money::Money;
use crate::summary::{CustomerSummary, TimeUnit};
use std::collections::BTreeMap;

/// The suppression threshold used when none is given.
pub const DEFAULT_K: u32 = 10;

/// Width of the bins of the first pooling step, in days.
const BIN_DAYS: f64 = 28.0;

/// One row of the weighted table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FitCell {
    /// Repeat purchase days (x).
    pub x: u32,
    /// Days from the first to the last purchase day (tₓ; a pool's mean).
    pub t_x: f64,
    /// Days from the first purchase day to the end (T; a pool's mean).
    pub t: f64,
    /// Customers (n).
    pub customers: u64,
    /// Their repeat purchase days' net revenue, in [`Money`] units.
    pub repeat_revenue: i128,
}

/// A cohort's channel or first product in the cube.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dim {
    /// None (the orders had none).
    None,
    /// The channel or product number (as in the pack's `channel` / `product` records).
    Id(u32),
    /// Pooled: the month's cohorts of fewer than `k` customers.
    Pooled,
}

/// One cohort × month offset of the cube.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CubeCell {
    /// Acquisition month number (`year × 12 + month − 1`).
    pub month: i32,
    /// First channel.
    pub channel: Dim,
    /// First product.
    pub product: Dim,
    /// Months since the acquisition month.
    pub offset: u32,
    /// Customers acquired (the cohort's size, on each of its rows).
    pub customers: u64,
    /// The month's figures, `None` when suppressed (1 to k − 1 active customers).
    pub figures: Option<MonthFigures>,
}

/// A cohort's figures of one month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MonthFigures {
    /// Customers with a purchase day in the month.
    pub active: u64,
    /// Purchase days in the month.
    pub purchase_days: u64,
    /// Net revenue, in [`Money`] units.
    pub revenue: i128,
    /// Gross profit, in [`Money`] units (0 without).
    pub gross_profit: i128,
}

/// The aggregates of a base as of `end`.
#[derive(Debug, Clone, PartialEq)]
pub struct Aggregates {
    /// The day they are as of (inclusive; later purchases are not in them).
    pub end: Day,
    /// The suppression threshold (1: nothing suppressed).
    pub k: u32,
    /// Customers aggregated (first purchase on or before `end`).
    pub customers: u64,
    /// The weighted table, by `x`, `t_x`, `T`.
    pub fit: Vec<FitCell>,
    /// Customers in pooled fit rows.
    pub fit_pooled: u64,
    /// The cube, by month, channel, product, offset; offsets without any purchase or refund
    /// are not written (their figures are 0).
    pub cube: Vec<CubeCell>,
    /// Customers in `*` cohorts.
    pub cohort_pooled: u64,
    /// Customers of `*` cohorts under `k`, left out of the cube.
    pub cohort_dropped: u64,
}

/// A month number (`year × 12 + month − 1`).
pub(crate) fn month_of(day: Day) -> i32 {
    let (y, m, _) = civil_from_days(day);
    y * 12 + m as i32 - 1
}

impl Aggregates {
    /// The aggregates of `ds` as of `end`, every cell exact (`k` = 1); `channel_no` and
    /// `product_no` renumber the dataset's channels and products as the pack writes them.
    pub(crate) fn of(ds: &Dataset, end: Day, channel_no: &[u32], product_no: &[u32]) -> Self {
        let mut fit: BTreeMap<(u32, u64, u64), (u64, i128)> = BTreeMap::new();
        let mut cube: BTreeMap<(i32, Dim, Dim, u32), (u64, MonthFigures)> = BTreeMap::new();
        let mut customers = 0u64;
        let units = |m: Money| i128::from(m.units());
        for c in 0..ds.customers() {
            let ps = ds.purchases_of(c);
            let Some(k_first) = ps.iter().position(|p| p.orders > 0 && p.day <= end) else {
                continue;
            };
            customers += 1;
            let first = ps[k_first].day;
            let (mut x, mut last, mut repeat) = (0u32, first, 0i128);
            for p in ps[k_first + 1..].iter().filter(|p| p.orders > 0 && p.day <= end) {
                x += 1;
                last = p.day;
                repeat += units(p.revenue);
            }
            let t_x = f64::from(last - first);
            let t = f64::from(end - first);
            let cell = fit.entry((x, t_x.to_bits(), t.to_bits())).or_default();
            *cell = (cell.0 + 1, cell.1 + repeat);
            // The cube.
            let channel = match ds.channel_of.get(c) {
                Some(&ch) if ch != NO_CHANNEL => {
                    channel_no.get(usize::from(ch)).map_or(Dim::None, |&n| Dim::Id(n))
                }
                _ => Dim::None,
            };
            let product = ds
                .top_product_of(c, k_first)
                .or_else(|| {
                    let ids = ds.products_of(c, k_first);
                    ids.iter().copied().min_by_key(|&i| product_no.get(i as usize))
                })
                .and_then(|i| product_no.get(i as usize))
                .map_or(Dim::None, |&n| Dim::Id(n));
            let acq = month_of(first);
            let profit = ds.profit_of(c);
            let mut last_month = None;
            for (k, p) in ps.iter().enumerate().filter(|(_, p)| p.day <= end) {
                let offset = (month_of(p.day) - acq).max(0) as u32;
                let cell = &mut cube.entry((acq, channel, product, offset)).or_default().1;
                cell.revenue += units(p.revenue);
                cell.gross_profit += profit.and_then(|v| v.get(k)).map_or(0, |&m| units(m));
                if p.orders > 0 {
                    cell.purchase_days += 1;
                    if last_month != Some(offset) {
                        cell.active += 1;
                        last_month = Some(offset);
                    }
                }
            }
            cube.entry((acq, channel, product, 0)).or_default().0 += 1;
        }
        // Each cohort's size on each of its rows.
        let mut cells: Vec<CubeCell> = Vec::with_capacity(cube.len());
        let mut size = 0;
        for ((month, channel, product, offset), (n, f)) in cube {
            if offset == 0 {
                size = n;
            }
            cells.push(CubeCell {
                month,
                channel,
                product,
                offset,
                customers: size,
                figures: Some(f),
            });
        }
        let fit = fit
            .into_iter()
            .map(|((x, t_x, t), (customers, repeat_revenue))| FitCell {
                x,
                t_x: f64::from_bits(t_x),
                t: f64::from_bits(t),
                customers,
                repeat_revenue,
            })
            .collect();
        Aggregates {
            end,
            k: 1,
            customers,
            fit,
            fit_pooled: 0,
            cube: cells,
            cohort_pooled: 0,
            cohort_dropped: 0,
        }
    }

    /// The same aggregates with every cell of fewer than `k` customers pooled or suppressed
    /// (see the module doc). `k` of 0 is taken as 1.
    #[must_use]
    pub fn suppressed(mut self, k: u32) -> Aggregates {
        let k = k.max(1);
        if k <= self.k {
            return self;
        }
        self.k = k;
        let (fit, pooled) = pool_fit(std::mem::take(&mut self.fit), u64::from(k));
        self.fit = fit;
        self.fit_pooled += pooled;
        self.suppress_cube(u64::from(k));
        self
    }

    fn suppress_cube(&mut self, k: u64) {
        let mut pooled: BTreeMap<(i32, u32), (u64, MonthFigures)> = BTreeMap::new();
        let mut kept = Vec::with_capacity(self.cube.len());
        for c in self.cube.drain(..) {
            if c.customers >= k && c.channel != Dim::Pooled {
                kept.push(c);
                continue;
            }
            let p = pooled.entry((c.month, c.offset)).or_default();
            if c.offset == 0 {
                p.0 += c.customers;
            }
            // A cell suppressed before (a merged pack's) stays suppressed.
            match (c.figures, &mut p.1) {
                (Some(f), acc) if acc.active != u64::MAX => add(acc, &f),
                (_, acc) => acc.active = u64::MAX,
            }
        }
        let mut size = 0;
        for ((month, offset), (n, f)) in pooled {
            if offset == 0 {
                size = n;
                if n < k {
                    self.cohort_dropped += n;
                } else {
                    self.cohort_pooled += n;
                }
            }
            if size < k {
                continue;
            }
            let figures = (f.active != u64::MAX).then_some(f);
            kept.push(CubeCell {
                month,
                channel: Dim::Pooled,
                product: Dim::Pooled,
                offset,
                customers: size,
                figures,
            });
        }
        // Figures of fewer than k active customers are someone's (a refund of a customer
        // inactive in the month too); only a month with nothing in it shows as it is.
        for c in &mut kept {
            if c.figures.is_some_and(|f| f.active < k && f != MonthFigures::default()) {
                c.figures = None;
            }
        }
        kept.sort_by_key(|c| (c.month, c.channel, c.product, c.offset));
        self.cube = kept;
    }

    /// The weighted table as the models' rows in `unit`, with the mean spend of each row's
    /// repeat purchase days (as [`CustomerSummary::monetary`]) and the rows' weights.
    #[must_use]
    pub fn summaries(&self, unit: TimeUnit) -> (Vec<CustomerSummary>, Vec<f64>) {
        let rows = self
            .fit
            .iter()
            .map(|c| {
                let days = i128::from(c.x) * i128::from(c.customers);
                let monetary = if days == 0 {
                    0.0
                } else {
                    use rust_decimal::prelude::ToPrimitive;
                    Money::sum_to_decimal(c.repeat_revenue).to_f64().unwrap_or(0.0) / days as f64
                };
                CustomerSummary {
                    x: c.x,
                    t_x: unit.from_days(c.t_x),
                    t: unit.from_days(c.t),
                    monetary,
                }
            })
            .collect();
        (rows, self.fit.iter().map(|c| c.customers as f64).collect())
    }
}

fn add(acc: &mut MonthFigures, f: &MonthFigures) {
    acc.active += f.active;
    acc.purchase_days += f.purchase_days;
    acc.revenue += f.revenue;
    acc.gross_profit += f.gross_profit;
}

/// Rounds days to 2 decimals.
fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// Pools fit rows of fewer than `k` customers (see the module doc); returns the rows and the
/// customers pooled.
fn pool_fit(cells: Vec<FitCell>, k: u64) -> (Vec<FitCell>, u64) {
    #[derive(Default, Clone, Copy)]
    struct Pool {
        n: u64,
        x: f64,
        t_x: f64,
        t: f64,
        revenue: i128,
    }
    impl Pool {
        fn add(&mut self, c: &FitCell) {
            let n = c.customers as f64;
            self.n += c.customers;
            self.x += f64::from(c.x) * n;
            self.t_x += c.t_x * n;
            self.t += c.t * n;
            self.revenue += c.repeat_revenue;
        }
        fn merge(&mut self, o: &Pool) {
            (self.n, self.x, self.t_x, self.t) =
                (self.n + o.n, self.x + o.x, self.t_x + o.t_x, self.t + o.t);
            self.revenue += o.revenue;
        }
        fn cell(&self) -> FitCell {
            let n = self.n as f64;
            let x = (self.x / n).round() as u32;
            let t = round2(self.t / n);
            let t_x = if x == 0 { 0.0 } else { round2(self.t_x / n).min(t) };
            FitCell { x, t_x, t, customers: self.n, repeat_revenue: self.revenue }
        }
    }
    let (mut out, mut small): (Vec<FitCell>, Vec<FitCell>) =
        cells.into_iter().partition(|c| c.customers >= k);
    let pooled: u64 = small.iter().map(|c| c.customers).sum();
    // Step 1: the same x, 28-day bins of t_x and T.
    let mut bins: BTreeMap<(u32, u64, u64), Pool> = BTreeMap::new();
    for c in small.drain(..) {
        let bin = |v: f64| (v / BIN_DAYS).floor() as u64;
        bins.entry((c.x, bin(c.t_x), bin(c.t))).or_default().add(&c);
    }
    // Step 2: the same x.
    let mut by_x: BTreeMap<u32, Pool> = BTreeMap::new();
    for ((x, _, _), p) in bins {
        if p.n >= k {
            out.push(p.cell());
        } else {
            by_x.entry(x).or_default().merge(&p);
        }
    }
    // Step 3: neighbouring x, in x order; a last pool under k joins the one before.
    let mut bands: Vec<Pool> = Vec::new();
    let mut open = Pool::default();
    for p in by_x.values() {
        open.merge(p);
        if open.n >= k {
            bands.push(std::mem::take(&mut open));
        }
    }
    if open.n > 0 {
        match bands.last_mut() {
            Some(last) => last.merge(&open),
            None => bands.push(open),
        }
    }
    let mut dropped = 0;
    for b in bands {
        if b.n >= k {
            out.push(b.cell());
        } else {
            dropped += b.n;
        }
    }
    out.sort_by(|a, b| {
        (a.x, a.t_x, a.t).partial_cmp(&(b.x, b.t_x, b.t)).unwrap_or(std::cmp::Ordering::Equal)
    });
    // Rows that pooled to the same history are one row.
    let mut merged: Vec<FitCell> = Vec::with_capacity(out.len());
    for c in out {
        match merged.last_mut() {
            Some(m) if (m.x, m.t_x, m.t) == (c.x, c.t_x, c.t) => {
                m.customers += c.customers;
                m.repeat_revenue += c.repeat_revenue;
            }
            _ => merged.push(c),
        }
    }
    (merged, pooled - dropped)
}
