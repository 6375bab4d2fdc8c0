//! The cohort view of an aggregates-only pack, from its cube: the analysis's cohort view
//! ([`crate::analysis::cohorts`], by acquisition month) with every cohort's channels and first
//! products summed (a view by first channel or product from the cube is not drawn yet).
//!
//! The cube is by month, so the view is by month whatever period is asked for (a customer
//! active in two months of a quarter cannot be counted once from monthly counts). Suppressed
//! cells are not in the sums (the pack's info counts them); with `k = 1` the view equals the
//! analysis's (tested).

use super::aggregates::{compact, Aggregates, Item};
use crate::analysis::cohorts::{
    average_curve, Cohort, CohortCell, CohortParams, CohortPeriod, Cohorts,
};
use crate::date::civil_from_days;
use crate::money::{ratio, Money};
use rust_decimal::Decimal;

fn money(units: i128) -> Decimal {
    Money::sum_to_decimal(units).normalize()
}

/// The cohort view of `a`'s cube (suppressed cells count as empty: their number is
/// [`super::AggregateInfo::suppressed_cells`]).
#[must_use]
pub fn cohorts_of_cube(a: &Aggregates, params: &CohortParams) -> Cohorts {
    view(a, params.min_observed_share)
}

/// The cohort view of the cube (the analysis's rules, by month; see
/// [`crate::analysis::cohorts`]).
fn view(a: &Aggregates, min_observed_share: f64) -> Cohorts {
    let period = CohortPeriod::Month;
    let end_month = super::aggregates::month_of(a.end);
    // Per acquisition month and offset: customers (on offset 0), active, revenue.
    let mut grid: Vec<Item> = a
        .cube
        .iter()
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
