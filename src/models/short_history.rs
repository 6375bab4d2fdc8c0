//! The forecast's warning that the history is too short for it ([`ShortHistory`]), on
//! customers' summaries or on a weighted fit table.

use crate::summary::{CustomerSummary, TimeUnit};
use serde::Serialize;

/// A history too short for its forecast: the models extrapolate the purchase rhythm they saw,
/// and a few days or a few repeat cycles show too little of it (two days of orders would
/// forecast a year of purchases at the rate of a launch). It is short when it covers less than a
/// quarter of the forecast horizon, or fewer than three of the repeat buyers' typical gaps
/// between purchases (the median over repeat buyers of tₓ/x).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ShortHistory {
    /// Days from the first purchase of the file to the observation end.
    pub span_days: f64,
    /// The forecast horizon, in days.
    pub horizon_days: f64,
    /// The repeat buyers' median gap between purchases, in days (none without repeat buyers).
    pub median_gap_days: Option<f64>,
}

impl ShortHistory {
    /// The check of [`ShortHistory`] on customers' summaries in `unit`.
    ///
    /// ```
    /// use ltv::models::forecast::ShortHistory;
    /// use ltv::summary::{CustomerSummary, TimeUnit};
    /// let c = |x, t_x, t| CustomerSummary { x, t_x, t, monetary: 0.0 };
    /// // Two days of orders against a year's horizon.
    /// let short = ShortHistory::check(&[c(1, 1.0, 2.0), c(0, 0.0, 1.0)], TimeUnit::Days, 365.0);
    /// assert_eq!(short.unwrap().span_days, 2.0);
    /// // A year, with repeat buyers every 40 days: long enough.
    /// assert!(ShortHistory::check(&[c(8, 320.0, 365.0)], TimeUnit::Days, 365.0).is_none());
    /// ```
    #[must_use]
    pub fn check(rows: &[CustomerSummary], unit: TimeUnit, horizon_days: f64) -> Option<Self> {
        Self::check_weighted(rows, None, unit, horizon_days)
    }

    /// [`ShortHistory::check`] on weighted rows (`weights[i]` customers have row `i`: an LTV
    /// pack's fit table): the median gap is the one of the customers, as if each row were
    /// repeated by its weight.
    ///
    /// ```
    /// use ltv::models::forecast::ShortHistory;
    /// use ltv::summary::{CustomerSummary, TimeUnit};
    /// let c = |x, t_x, t| CustomerSummary { x, t_x, t, monetary: 0.0 };
    /// // 5 customers every 40 days and 1 after 300 days, over 365 days: the median gap is 40
    /// // (over the two rows it would be 170, and the history 365 < 3 × 170 "short").
    /// let rows = [c(8, 320.0, 365.0), c(1, 300.0, 365.0)];
    /// assert!(ShortHistory::check_weighted(&rows, Some(&[5.0, 1.0]), TimeUnit::Days, 365.0).is_none());
    /// assert!(ShortHistory::check(&rows, TimeUnit::Days, 365.0).is_some());
    /// ```
    #[must_use]
    pub fn check_weighted(
        rows: &[CustomerSummary],
        weights: Option<&[f64]>,
        unit: TimeUnit,
        horizon_days: f64,
    ) -> Option<Self> {
        let weight = |i: usize| weights.map_or(1.0, |w| w.get(i).copied().unwrap_or(0.0));
        let span_days = rows
            .iter()
            .enumerate()
            .filter(|&(i, _)| weight(i) > 0.0)
            .fold(0.0f64, |m, (_, r)| m.max(r.t))
            * unit.days();
        let gaps: Vec<(f64, u64)> = rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.x > 0)
            .map(|(i, r)| (r.t_x / f64::from(r.x) * unit.days(), weight(i).round().max(0.0) as u64))
            .filter(|&(_, w)| w > 0)
            .collect();
        let order = crate::order::sorted_indices(gaps.len(), &|i, j| {
            gaps[i as usize].0.total_cmp(&gaps[j as usize].0)
        });
        let n: u64 = gaps.iter().map(|g| g.1).sum();
        // The k-th (0-based) gap of the customers.
        let nth = |k: u64| {
            let mut seen = 0;
            order.iter().map(|&i| gaps[i as usize]).find(|g| {
                seen += g.1;
                seen > k
            })
        };
        let median_gap_days = (n > 0).then(|| match (nth((n - 1) / 2), nth(n / 2)) {
            (Some(a), Some(b)) => (a.0 + b.0) / 2.0,
            _ => 0.0,
        });
        let short = span_days < horizon_days / 4.0
            || median_gap_days.is_some_and(|gap| span_days < 3.0 * gap);
        short.then_some(ShortHistory { span_days, horizon_days, median_gap_days })
    }
}
