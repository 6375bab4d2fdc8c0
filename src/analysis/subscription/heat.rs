//! The 定期 heat map: per start month (the month of cycle 1), the share of its starters who
//! received cycle n among those due for it.

use super::{CohortCell, CohortRow, Entry};
use crate::analysis::share;
use crate::date::civil_from_days;
use std::collections::BTreeMap;

/// A start month's starters by last cycle (capped at N) and the lost among them.
struct Month {
    customers: u64,
    by_last: Vec<u64>,
    lost_by_last: Vec<u64>,
}

/// The heat map of the customers seen from cycle 1, cycles 1…`n_max`: a starter is due for
/// cycle n when they received it or were lost before it (an active customer waiting for it is
/// not yet due). Counted once per customer, then summed per month.
pub(super) fn heat_map(entries: &[Entry], n_max: u32) -> Vec<CohortRow> {
    let cap = n_max as usize;
    let mut months: BTreeMap<(i32, u32), Month> = BTreeMap::new();
    for e in entries.iter().filter(|e| e.first_number == 1) {
        let (y, m, _) = civil_from_days(e.first_day);
        let month = months.entry((y, m)).or_insert_with(|| Month {
            customers: 0,
            by_last: vec![0; cap + 1],
            lost_by_last: vec![0; cap + 1],
        });
        let last = (e.last_number as usize).min(cap);
        month.customers += 1;
        month.by_last[last] += 1;
        month.lost_by_last[last] += u64::from(e.lost);
    }
    months
        .into_iter()
        .map(|((y, m), month)| {
            // received(n) = starters whose last cycle ≥ n; lost before n = lost whose last < n.
            let mut received = month.customers;
            let mut lost_before = 0u64;
            let cells = (1..=cap)
                .map(|n| {
                    received -= month.by_last[n - 1];
                    lost_before += month.lost_by_last[n - 1];
                    let due = received + lost_before;
                    (due > 0).then(|| CohortCell { due, received, rate: share(received, due) })
                })
                .collect();
            CohortRow { month: format!("{y:04}-{m:02}"), customers: month.customers, cells }
        })
        .collect()
}
