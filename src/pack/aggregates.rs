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
//!   `k`: the same `x` with `t_x` and `T` in 28-day bins, then 56-day, … up to 1,792-day bins,
//!   then the same `x`, then neighbouring `x` (their pooled `x` is the customers' mean, rounded); a pool is written with its
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

/// The suppression threshold used when none is given.
pub const DEFAULT_K: u32 = 10;

/// Width of the bins of the first pooling step, in days.
const BIN_DAYS: i64 = 28;

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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

/// A cell being summed: its key and its sums. Every aggregate is summed as these (one type, one
/// sort: each map or sort of a type of its own is code of its own in the page's wasm).
pub(crate) type Item = ([i64; 4], [i128; 5]);

/// Marks suppressed figures in an [`Item`]'s active count: any sum with it stays negative.
pub(crate) const SUPPRESSED: i128 = i128::MIN / 4;

/// Sorts `items` by key and adds the sums of equal keys.
pub(crate) fn compact(items: &mut Vec<Item>) {
    let mut order: Vec<u32> = (0..items.len() as u32).collect();
    super::sort_indices(&mut order, &|a, b| items[a as usize].0.cmp(&items[b as usize].0));
    let mut out: Vec<Item> = Vec::with_capacity(items.len());
    for i in order {
        let (key, v) = items[i as usize];
        match out.last_mut() {
            Some((k, sums)) if *k == key => {
                for (s, v) in sums.iter_mut().zip(v) {
                    *s = s.saturating_add(v);
                }
            }
            _ => out.push((key, v)),
        }
    }
    *items = out;
}

/// Items are compacted when they pass this many (memory stays bounded on a big base).
const COMPACT_AT: usize = 1 << 20;

/// A channel or product as a key part (in [`Dim`]'s order: none, numbers, pooled).
pub(crate) fn dim_code(d: Dim) -> i64 {
    match d {
        Dim::None => -1,
        Dim::Id(n) => i64::from(n),
        Dim::Pooled => i64::MAX,
    }
}

pub(crate) fn dim_of(code: i64) -> Dim {
    match code {
        -1 => Dim::None,
        i64::MAX => Dim::Pooled,
        n => Dim::Id(n as u32),
    }
}

/// Days in hundredths (the fit table's times have at most 2 decimals).
fn hundredths(days: f64) -> i64 {
    (days * 100.0).round() as i64
}

/// Fit items (key x, tₓ, T in hundredths; sums customers, repeat revenue) as cells.
pub(crate) fn fit_of(items: &[Item]) -> Vec<FitCell> {
    items
        .iter()
        .map(|([x, t_x, t, _], v)| FitCell {
            x: *x as u32,
            t_x: *t_x as f64 / 100.0,
            t: *t as f64 / 100.0,
            customers: v[0] as u64,
            repeat_revenue: v[1],
        })
        .collect()
}

pub(crate) fn fit_item(c: &FitCell) -> Item {
    (
        [i64::from(c.x), hundredths(c.t_x), hundredths(c.t), 0],
        [c.customers.into(), c.repeat_revenue, 0, 0, 0],
    )
}

/// Cube items (key month, channel, product, offset; sums customers acquired on offset 0, active,
/// purchase days, revenue, gross profit), sorted, as cells: each cohort's size on its rows.
pub(crate) fn cube_of(items: &[Item]) -> Vec<CubeCell> {
    let mut size = 0;
    items
        .iter()
        .map(|([month, channel, product, offset], v)| {
            if *offset == 0 {
                size = v[0] as u64;
            }
            let figures = (v[1] >= 0).then(|| MonthFigures {
                active: v[1] as u64,
                purchase_days: v[2] as u64,
                revenue: v[3],
                gross_profit: v[4],
            });
            CubeCell {
                month: *month as i32,
                channel: dim_of(*channel),
                product: dim_of(*product),
                offset: *offset as u32,
                customers: size,
                figures,
            }
        })
        .collect()
}

pub(crate) fn cube_item(c: &CubeCell) -> Item {
    let key = [i64::from(c.month), dim_code(c.channel), dim_code(c.product), i64::from(c.offset)];
    let n = if c.offset == 0 { i128::from(c.customers) } else { 0 };
    match c.figures {
        Some(f) => (key, [n, f.active.into(), f.purchase_days.into(), f.revenue, f.gross_profit]),
        None => (key, [n, SUPPRESSED, 0, 0, 0]),
    }
}

impl Aggregates {
    /// The aggregates of `ds` as of `end`, every cell exact (`k` = 1); `channel_no` and
    /// `product_no` renumber the dataset's channels and products as the pack writes them.
    pub(crate) fn of(ds: &Dataset, end: Day, channel_no: &[u32], product_no: &[u32]) -> Self {
        let (mut fit, mut cube): (Vec<Item>, Vec<Item>) = (Vec::new(), Vec::new());
        let mut customers = 0u64;
        let units = |m: Money| i128::from(m.units());
        for c in 0..ds.customers() {
            let ps = ds.purchases_of(c);
            let Some(k_first) = ps.iter().position(|p| p.orders > 0 && p.day <= end) else {
                continue;
            };
            customers += 1;
            let first = ps[k_first].day;
            let (mut x, mut last, mut repeat) = (0i64, first, 0i128);
            for p in ps[k_first + 1..].iter().filter(|p| p.orders > 0 && p.day <= end) {
                x += 1;
                last = p.day;
                repeat += units(p.revenue);
            }
            let days = |d: Day| i64::from(d) * 100;
            fit.push(([x, days(last - first), days(end - first), 0], [1, repeat, 0, 0, 0]));
            let channel = match ds.channel_of.get(c) {
                Some(&ch) if ch != NO_CHANNEL => channel_no.get(usize::from(ch)).copied(),
                _ => None,
            };
            let product = ds
                .top_product_of(c, k_first)
                .or_else(|| {
                    let ids = ds.products_of(c, k_first);
                    ids.iter().copied().min_by_key(|&i| product_no.get(i as usize))
                })
                .and_then(|i| product_no.get(i as usize).copied());
            let code = |d: Option<u32>| d.map_or(-1, i64::from);
            let acq = month_of(first);
            let key = |offset: i64| [i64::from(acq), code(channel), code(product), offset];
            cube.push((key(0), [1, 0, 0, 0, 0]));
            // The customer's months, in day order (a refund before the first purchase: month 0).
            let profit = ds.profit_of(c);
            let mut run: Option<(i64, [i128; 5])> = None;
            for (k, p) in ps.iter().enumerate().filter(|(_, p)| p.day <= end) {
                let offset = i64::from((month_of(p.day) - acq).max(0));
                if run.is_some_and(|(o, _)| o != offset) {
                    if let Some((o, v)) = run.take() {
                        cube.push((key(o), v));
                    }
                }
                let v = &mut run.get_or_insert((offset, [0; 5])).1;
                v[3] += units(p.revenue);
                v[4] += profit.and_then(|pr| pr.get(k)).map_or(0, |&m| units(m));
                if p.orders > 0 {
                    (v[1], v[2]) = (1, v[2] + 1);
                }
            }
            if let Some((o, v)) = run {
                cube.push((key(o), v));
            }
            for items in [&mut fit, &mut cube] {
                if items.len() >= COMPACT_AT {
                    compact(items);
                }
            }
        }
        compact(&mut fit);
        compact(&mut cube);
        Aggregates {
            end,
            k: 1,
            customers,
            fit: fit_of(&fit),
            fit_pooled: 0,
            cube: cube_of(&cube),
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
        let k = i128::from(k);
        // The weighted table (sums: customers, Σ x, Σ tₓ, Σ T in hundredths, repeat revenue).
        let (mut out, mut small): (Vec<Item>, Vec<Item>) = (Vec::new(), Vec::new());
        for c in &self.fit {
            let (key, v) = fit_item(c);
            if v[0] >= k {
                out.push((key, v));
            } else {
                let n = v[0];
                let bin = |h: i64| h / (BIN_DAYS * 100);
                let sums = [
                    n,
                    n * i128::from(key[0]),
                    n * i128::from(key[1]),
                    n * i128::from(key[2]),
                    v[1],
                ];
                small.push(([key[0], bin(key[1]), bin(key[2]), 0], sums));
            }
        }
        let pooled_before: i128 = small.iter().map(|(_, v)| v[0]).sum();
        // Step 1: bins of 28 days of tₓ and T, then 56, 112, … up to 1,792 (a pool is binned
        // again by its customers' means); step 2: the same x; step 3: neighbouring x.
        let mut width = BIN_DAYS;
        let mut level = small;
        let mut by_x: Vec<Item> = Vec::new();
        while !level.is_empty() {
            compact(&mut level);
            let wider = width * 2;
            let last = wider > BIN_DAYS << 6;
            let mut next = Vec::new();
            for (key, v) in level {
                if v[0] >= k {
                    out.push(pooled_item(&v));
                } else if last {
                    by_x.push(([key[0], 0, 0, 0], v));
                } else {
                    let bin = |sum: i128| (sum / v[0]) as i64 / (wider * 100);
                    next.push(([key[0], bin(v[2]), bin(v[3]), 0], v));
                }
            }
            (level, width) = (next, wider);
        }
        compact(&mut by_x);
        let mut bands: Vec<[i128; 5]> = Vec::new();
        let mut open = [0i128; 5];
        for (_, v) in by_x {
            add(&mut open, &v);
            if open[0] >= k {
                bands.push(std::mem::take(&mut open));
            }
        }
        if open[0] > 0 {
            match bands.last_mut() {
                Some(last) => add(last, &open),
                None => bands.push(open),
            }
        }
        let mut dropped = 0;
        for b in bands {
            if b[0] >= k {
                out.push(pooled_item(&b));
            } else {
                dropped += b[0];
            }
        }
        compact(&mut out);
        self.fit = fit_of(&out);
        self.fit_pooled += (pooled_before - dropped) as u64;
        self.suppress_cube(k);
        self
    }

    fn suppress_cube(&mut self, k: i128) {
        let (mut kept, mut pooled): (Vec<Item>, Vec<Item>) = (Vec::new(), Vec::new());
        for c in &self.cube {
            let (key, v) = cube_item(c);
            if i128::from(c.customers) >= k && c.channel != Dim::Pooled {
                kept.push((key, v));
            } else {
                let pool = dim_code(Dim::Pooled);
                pooled.push(([key[0], pool, pool, key[3]], v));
            }
        }
        compact(&mut pooled);
        let mut size = 0;
        for (key, v) in pooled {
            if key[3] == 0 {
                size = v[0];
                if size < k {
                    self.cohort_dropped += size as u64;
                } else {
                    self.cohort_pooled += size as u64;
                }
            }
            if size >= k {
                kept.push((key, v));
            }
        }
        compact(&mut kept);
        // Figures of fewer than k active customers are someone's (a refund of a customer
        // inactive in the month too); only a month with nothing in it shows as it is.
        for (_, v) in &mut kept {
            if v[1] >= 0 && v[1] < k && v[1..] != [0; 4] {
                v[1..].copy_from_slice(&[SUPPRESSED, 0, 0, 0]);
            }
        }
        self.cube = cube_of(&kept);
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

fn add(acc: &mut [i128; 5], v: &[i128; 5]) {
    for (a, v) in acc.iter_mut().zip(v) {
        *a += v;
    }
}

/// The fit item of a pool (sums: customers, Σ x, Σ tₓ, Σ T in hundredths, repeat revenue): its
/// customers' mean x (rounded), tₓ and T (hundredths of a day, rounded; tₓ ≤ T, 0 for x 0).
fn pooled_item(v: &[i128; 5]) -> Item {
    let n = v[0].max(1);
    let mean = |s: i128| ((s + n / 2).div_euclid(n)) as i64;
    let (x, t) = (mean(v[1]), mean(v[3]));
    let t_x = if x == 0 { 0 } else { mean(v[2]).min(t) };
    ([x, t_x, t, 0], [v[0], v[4], 0, 0, 0])
}
