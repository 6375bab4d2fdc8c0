//! The cohort view of an aggregates-only pack, from its cube: the analysis's cohort view
//! ([`crate::analysis::cohorts`], by acquisition month) with every cohort's channels and first
//! products summed; and the same view's average curve for each first channel and each first
//! product alone ([`splits_of_cube`]: the cube's other two dimensions).
//!
//! The cube is by month, so the view is by month whatever period is asked for (a customer
//! active in two months of a quarter cannot be counted once from monthly counts). Suppressed
//! cells are not in the sums (the pack's info counts them); with `k = 1` the view equals the
//! analysis's (tested).

use super::aggregates::{compact, Aggregates, CubeCell, Dim, Item};
use crate::analysis::cohorts::{
    average_curve, Cohort, CohortCell, CohortParams, CohortPeriod, Cohorts, CurvePoint,
};
use crate::date::civil_from_days;
use crate::money::{ratio, Money};
use rust_decimal::Decimal;
use serde::Serialize;

fn money(units: i128) -> Decimal {
    Money::sum_to_decimal(units).normalize()
}

/// The cohort view of `a`'s cube (suppressed cells count as empty: their number is
/// [`super::AggregateInfo::suppressed_cells`]).
#[must_use]
pub fn cohorts_of_cube(a: &Aggregates, params: &CohortParams) -> Cohorts {
    view(a, params.min_observed_share, &|_| true)
}

/// One first channel or first product of the cube: its customers and the average curve of its
/// cohorts alone (the cohort view's, by month).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CubeSplit {
    /// The channel's or product's name; empty for none or pooled (see `pooled`).
    pub key: String,
    /// The month's cohorts of fewer than k customers, pooled (channel and product `*`).
    pub pooled: bool,
    /// Customers acquired (in the cube: cohorts under k left out).
    pub customers: u64,
    /// The average cumulative revenue per customer by month offset (see
    /// [`crate::analysis::cohorts::Cohorts::average`]).
    pub average: Vec<CurvePoint>,
    /// Whether the curve was cut for too few customers observed.
    pub average_cut: bool,
}

/// The cube's cohorts by first channel and by first product, most customers first (ties by
/// name; pooled last).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CubeSplits {
    /// By the channel of the first order (empty without a channel column).
    pub by_channel: Vec<CubeSplit>,
    /// By the first purchase day's product (empty without a product column).
    pub by_product: Vec<CubeSplit>,
}

/// [`CubeSplits`] of `a`'s cube; `channels` and `products` name the pack's numbers.
#[must_use]
pub fn splits_of_cube(
    a: &Aggregates,
    channels: &[String],
    products: &[String],
    params: &CohortParams,
) -> CubeSplits {
    let split = |of: fn(&CubeCell) -> Dim, names: &[String]| {
        // The dimension's values, once each (in code order).
        let cells = crate::order::sorted_indices(a.cube.len(), &|i, j| {
            let code = |k: u32| super::aggregates::dim_code(of(&a.cube[k as usize]));
            code(i).cmp(&code(j))
        });
        let mut dims: Vec<Dim> = cells.iter().map(|&i| of(&a.cube[i as usize])).collect();
        dims.dedup();
        // A cube of one value (a file without the column: all "none") has no split to show.
        if dims.iter().all(|d| *d == Dim::None) {
            return Vec::new();
        }
        let rows: Vec<CubeSplit> = dims
            .into_iter()
            .map(|dim| {
                let v = view(a, params.min_observed_share, &|c| of(c) == dim);
                let key = match dim {
                    Dim::Id(i) => names.get(i as usize).cloned().unwrap_or_default(),
                    Dim::None | Dim::Pooled => String::new(),
                };
                CubeSplit {
                    key,
                    pooled: dim == Dim::Pooled,
                    customers: v.cohorts.iter().map(|c| c.customers).sum(),
                    average: v.average,
                    average_cut: v.average_cut,
                }
            })
            .collect();
        // A total order (names are unique within a dimension; none and pooled differ by `pooled`).
        let order = crate::order::sorted_indices(rows.len(), &|i, j| {
            let (p, q) = (&rows[i as usize], &rows[j as usize]);
            (p.pooled, std::cmp::Reverse(p.customers), &p.key).cmp(&(
                q.pooled,
                std::cmp::Reverse(q.customers),
                &q.key,
            ))
        });
        let mut rows: Vec<Option<CubeSplit>> = rows.into_iter().map(Some).collect();
        order.into_iter().filter_map(|i| rows[i as usize].take()).collect::<Vec<_>>()
    };
    CubeSplits {
        by_channel: split(|c| c.channel, channels),
        by_product: split(|c| c.product, products),
    }
}

/// The cohort view of the cube's cells that `keep` (the analysis's rules, by month; see
/// [`crate::analysis::cohorts`]).
fn view(a: &Aggregates, min_observed_share: f64, keep: &dyn Fn(&CubeCell) -> bool) -> Cohorts {
    let period = CohortPeriod::Month;
    let end_month = super::aggregates::month_of(a.end);
    // Per acquisition month and offset: customers (on offset 0), active, revenue.
    let mut grid: Vec<Item> = a
        .cube
        .iter()
        .filter(|c| keep(c))
        .map(|c| {
            let n = if c.offset == 0 { i128::from(c.customers) } else { 0 };
            let f = c.figures.unwrap_or_default();
            ([i64::from(c.month), i64::from(c.offset), 0, 0], [n, f.active.into(), f.revenue, 0, 0])
        })
        .collect();
    compact(&mut grid);
    let next = civil_from_days(a.end + 1);
    // The end's month is complete when the next day starts a month.
    let complete_through = if next.2 == 1 { end_month } else { end_month - 1 };
    let first = grid.first().map_or(end_month, |(k, _)| k[0] as i32);
    let span = (end_month - first + 1).max(0) as usize;
    let mut pooled = vec![(0u64, 0u64, 0u64, 0i128); span];
    let mut out = Vec::new();
    for rows in grid.chunk_by(|a, b| a.0[0] == b.0[0]) {
        let month = rows[0].0[0] as i32;
        let n = rows.iter().find(|(k, _)| k[1] == 0).map_or(0, |(_, v)| v[0] as u64);
        if n == 0 || month > end_month {
            continue;
        }
        let mut cumulative = 0i128;
        let cells = (0..=(end_month - month) as u32)
            .map(|k| {
                let (active, revenue) = rows
                    .iter()
                    .find(|(key, _)| key[1] == i64::from(k))
                    .map_or((0, 0), |(_, v)| (v[1] as u64, v[2]));
                cumulative += revenue;
                let done = month + k as i32 <= complete_through;
                if done {
                    let p = &mut pooled[k as usize];
                    *p = (p.0 + 1, p.1 + n, p.2 + active, p.3 + revenue);
                }
                CohortCell {
                    offset: k,
                    period: period.name(month + k as i32),
                    complete: done,
                    active_customers: active,
                    retention: share(active, n),
                    revenue: money(revenue),
                    cumulative_revenue_per_customer: ratio(money(cumulative), Decimal::from(n)),
                }
            })
            .collect();
        out.push(Cohort { period: period.name(month), customers: n, cells });
    }
    let (average, average_cut) = average_curve(&pooled, min_observed_share, money);
    Cohorts { period, min_observed_share, cohorts: out, average, average_cut }
}

fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}
