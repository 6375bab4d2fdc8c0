//! The cohort view of an aggregates-only pack, from its cube: the analysis's cohort view
//! ([`crate::analysis::cohorts`], by acquisition month) with every cohort's channels and first
//! products summed, and the same figures by first channel.
//!
//! The cube is by month, so the view is by month whatever period is asked for (a customer
//! active in two months of a quarter cannot be counted once from monthly counts). Suppressed
//! cells (1 to k − 1 active customers) are not in the sums: their number is given, and with
//! `k = 1` the view equals the analysis's (tested).

use super::aggregates::{Aggregates, Dim};
use crate::analysis::cohorts::{
    Cohort, CohortCell, CohortParams, CohortPeriod, Cohorts, CurvePoint,
};
use crate::date::civil_from_days;
use crate::money::{ratio, Money, MONEY_ROUNDING};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// The cohort figures an aggregates-only pack gives.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PackCohorts {
    /// Every acquisition month's cohort (all channels and first products).
    pub all: Cohorts,
    /// Per first channel (its name; `None`: no channel; `*` cohorts are left out), customers
    /// acquired and the cohort view of that channel's customers.
    pub by_channel: Vec<ChannelCohorts>,
    /// The suppression threshold of the cube.
    pub k: u32,
    /// Cube cells whose figures were suppressed (not in the sums).
    pub suppressed_cells: u64,
    /// Customers left out of the cube (pooled cohorts still under k).
    pub dropped_customers: u64,
}

/// The cohorts of one first channel.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChannelCohorts {
    /// The channel's name (`None`: no channel).
    pub channel: Option<String>,
    /// Customers acquired through it.
    pub customers: u64,
    /// Their cohort view.
    pub cohorts: Cohorts,
}

/// Per month offset: active customers and revenue (in [`Money`] units).
type Offsets = BTreeMap<u32, (u64, i128)>;

fn money(units: i128) -> Decimal {
    Money::sum_to_decimal(units).normalize()
}

/// The cohort view of `a`'s cube (`channels`: the pack's channel names, by number).
#[must_use]
pub fn cohorts_of_cube(a: &Aggregates, channels: &[String], params: &CohortParams) -> PackCohorts {
    let suppressed_cells = a.cube.iter().filter(|c| c.figures.is_none()).count() as u64;
    let all = view(a, params.min_observed_share, |_| true);
    let mut dims: Vec<Dim> =
        a.cube.iter().map(|c| c.channel).filter(|d| *d != Dim::Pooled).collect();
    dims.sort_unstable();
    dims.dedup();
    let by_channel = dims
        .into_iter()
        .map(|d| {
            let cohorts = view(a, params.min_observed_share, |c| c == d);
            let channel = match d {
                Dim::Id(n) => channels.get(n as usize).cloned(),
                _ => None,
            };
            let customers = cohorts.cohorts.iter().map(|c| c.customers).sum();
            ChannelCohorts { channel, customers, cohorts }
        })
        .collect();
    PackCohorts { all, by_channel, k: a.k, suppressed_cells, dropped_customers: a.cohort_dropped }
}

/// The cohort view of the cube's cohorts whose channel `keep` accepts (the analysis's rules,
/// by month; see [`crate::analysis::cohorts`]).
fn view(a: &Aggregates, min_observed_share: f64, keep: impl Fn(Dim) -> bool) -> Cohorts {
    let period = CohortPeriod::Month;
    let end_month = super::aggregates::month_of(a.end);
    // Per acquisition month: customers, and per offset (active, revenue).
    let mut grid: BTreeMap<i32, (u64, Offsets)> = BTreeMap::new();
    for c in a.cube.iter().filter(|c| keep(c.channel)) {
        let (n, cells) = grid.entry(c.month).or_default();
        if c.offset == 0 {
            *n += c.customers;
        }
        let f = c.figures.unwrap_or_default();
        let cell = cells.entry(c.offset).or_default();
        *cell = (cell.0 + f.active, cell.1 + f.revenue);
    }
    let next = civil_from_days(a.end + 1);
    // The end's month is complete when the next day starts a month.
    let complete_through = if next.2 == 1 { end_month } else { end_month - 1 };
    let first = grid.keys().next().copied().unwrap_or(end_month);
    let span = (end_month - first + 1).max(0) as usize;
    let mut pooled = vec![(0u64, 0u64, 0u64, 0i128); span];
    let mut out = Vec::new();
    for (&month, (n, cells)) in &grid {
        let n = *n;
        if n == 0 || month > end_month {
            continue;
        }
        let mut cumulative = 0i128;
        let cells = (0..=(end_month - month) as u32)
            .map(|k| {
                let (active, revenue) = cells.get(&k).copied().unwrap_or_default();
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
    let base = pooled.first().map_or(0, |p| p.1);
    let (mut running, mut average, mut average_cut) = (Decimal::ZERO, Vec::new(), false);
    for (k, &(cohorts, n, active, revenue)) in pooled.iter().enumerate() {
        if cohorts == 0 {
            break;
        }
        let observed = share(n, base);
        if observed < min_observed_share {
            average_cut = true;
            break;
        }
        let step = money(revenue).checked_div(Decimal::from(n)).unwrap_or_default();
        running = running.checked_add(step).unwrap_or(running);
        average.push(CurvePoint {
            offset: k as u32,
            cohorts,
            customers: n,
            observed_share: observed,
            retention: share(active, n),
            revenue_per_customer: ratio(money(revenue), Decimal::from(n)),
            cumulative_revenue_per_customer: running
                .round_dp_with_strategy(2, MONEY_ROUNDING)
                .normalize(),
        });
    }
    Cohorts { period, min_observed_share, cohorts: out, average, average_cut }
}

fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}
