//! Per-customer summaries as the literature defines them, and the calibration/holdout split.
//!
//! For a customer and an observation end (Fader, Hardie & Lee 2005, §2; identical in lifetimes,
//! BTYD and CLVTools):
//! * `x`: repeat purchase days, the first purchase excluded (one customer-day is one
//!   transaction; [`Dataset`] has already merged same-day orders);
//! * `t_x`: time from the first to the last purchase (0 without a repeat purchase);
//! * `T` (field `t`): time from the first purchase to the observation end;
//! * monetary value: mean revenue of the repeat purchase days (0 without any).
//!
//! Days holding only refunds (`orders == 0`) are not purchases. Purchases after the observation
//! end are ignored; a customer whose first purchase is after it is left out. Times are in an
//! explicit [`TimeUnit`]: weeks are days/7, never calendar weeks.

use crate::dataset::Dataset;
use crate::date::Day;
use crate::money::Money;
use crate::Error;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};

/// The unit of `t_x`, `T` and every time a model reads or predicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, strum::EnumIter)]
#[serde(rename_all = "camelCase")]
pub enum TimeUnit {
    /// Days.
    Days,
    /// Weeks of 7 days (days/7), the unit of the published CDNOW figures.
    #[default]
    Weeks,
}

impl TimeUnit {
    /// Days in one unit.
    ///
    /// ```
    /// assert_eq!(ltv::summary::TimeUnit::Weeks.days(), 7.0);
    /// ```
    #[must_use]
    pub fn days(self) -> f64 {
        match self {
            TimeUnit::Days => 1.0,
            TimeUnit::Weeks => 7.0,
        }
    }

    /// A span of days in this unit.
    ///
    /// ```
    /// assert_eq!(ltv::summary::TimeUnit::Weeks.from_days(273.0), 39.0);
    /// ```
    #[must_use]
    pub fn from_days(self, days: f64) -> f64 {
        days / self.days()
    }
}

/// One customer's history, in the models' notation.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct CustomerSummary {
    /// Repeat purchase days (x).
    pub x: u32,
    /// Time of the last purchase, from the first (tₓ).
    pub t_x: f64,
    /// Time from the first purchase to the observation end (T).
    pub t: f64,
    /// Mean revenue of the repeat purchase days (0 when `x == 0`).
    pub monetary: f64,
}

/// The summaries of all customers who had bought by the observation end.
#[derive(Debug, Clone, PartialEq)]
pub struct Summaries {
    /// The unit of `t_x` and `t`.
    pub unit: TimeUnit,
    /// The observation end (inclusive).
    pub obs_end: Day,
    /// Per summary, the customer's number in the [`Dataset`].
    pub customer: Vec<u32>,
    /// Per summary, the customer's first purchase day.
    pub first_day: Vec<Day>,
    /// The summaries.
    pub rows: Vec<CustomerSummary>,
}

/// Summaries of every customer of `ds` whose first purchase is on or before `obs_end`.
///
/// ```
/// use ltv::import::{import_bytes, ImportOptions};
/// use ltv::summary::{summarize, TimeUnit};
/// let csv = "customer_id,order_date,amount\nA,2024-01-01,100\nA,2024-01-08,300\nA,2024-01-15,500\n";
/// let ds = import_bytes(csv.as_bytes(), &ImportOptions::default()).unwrap().dataset;
/// let end = ltv::date::days_from_civil(2024, 1, 29);
/// let s = summarize(&ds, end, TimeUnit::Weeks).rows[0];
/// assert_eq!((s.x, s.t_x, s.t, s.monetary), (2, 2.0, 4.0, 400.0));
/// ```
#[must_use]
pub fn summarize(ds: &Dataset, obs_end: Day, unit: TimeUnit) -> Summaries {
    let n = ds.customers();
    let mut out = Summaries {
        unit,
        obs_end,
        customer: Vec::with_capacity(n),
        first_day: Vec::with_capacity(n),
        rows: Vec::with_capacity(n),
    };
    for c in 0..n {
        let mut days = ds.purchases_of(c).iter().filter(|p| p.orders > 0 && p.day <= obs_end);
        let Some(first) = days.next() else { continue };
        let (mut x, mut last, mut units) = (0u32, first.day, 0i128);
        for p in days {
            x += 1;
            last = p.day;
            units += i128::from(p.revenue.units());
        }
        // The exact sum, then one conversion to f64 for the model's maths.
        let revenue = Money::sum_to_decimal(units).to_f64().unwrap_or(0.0);
        let monetary = if x == 0 { 0.0 } else { revenue / f64::from(x) };
        out.customer.push(c as u32);
        out.first_day.push(first.day);
        out.rows.push(CustomerSummary {
            x,
            t_x: unit.from_days(f64::from(last - first.day)),
            t: unit.from_days(f64::from(obs_end - first.day)),
            monetary,
        });
    }
    out
}

/// A calibration/holdout split: summaries at the calibration end and what the same customers
/// did in the holdout (`cal_end`, `obs_end`].
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    /// Summaries at the calibration end.
    pub calibration: Summaries,
    /// The holdout's last day (inclusive).
    pub holdout_end: Day,
    /// The holdout's length in the summaries' unit.
    pub holdout_length: f64,
    /// Per calibration summary, the purchase days in the holdout.
    pub holdout_x: Vec<u32>,
}

/// Splits the history at `cal_end`: calibration summaries up to it, holdout purchases after it
/// up to `obs_end`.
///
/// ```
/// use ltv::import::{import_bytes, ImportOptions};
/// use ltv::summary::{split, TimeUnit};
/// let csv = "customer_id,order_date,amount\nA,2024-01-01,100\nA,2024-02-01,300\nB,2024-02-02,50\n";
/// let ds = import_bytes(csv.as_bytes(), &ImportOptions::default()).unwrap().dataset;
/// let day = |m, d| ltv::date::days_from_civil(2024, m, d);
/// let s = split(&ds, day(1, 31), day(2, 29), TimeUnit::Days).unwrap();
/// assert_eq!((s.calibration.rows.len(), s.holdout_x[0], s.holdout_length), (1, 1, 29.0));
/// ```
pub fn split(ds: &Dataset, cal_end: Day, obs_end: Day, unit: TimeUnit) -> Result<Split, Error> {
    if obs_end <= cal_end {
        return Err(Error::BadParameter {
            name: "calibrationEnd",
            reason: "the calibration must end before the observation end".into(),
        });
    }
    let calibration = summarize(ds, cal_end, unit);
    let holdout_x = calibration
        .customer
        .iter()
        .map(|&c| {
            let purchases = ds.purchases_of(c as usize).iter();
            purchases.filter(|p| p.orders > 0 && p.day > cal_end && p.day <= obs_end).count() as u32
        })
        .collect();
    Ok(Split {
        calibration,
        holdout_end: obs_end,
        holdout_length: unit.from_days(f64::from(obs_end - cal_end)),
        holdout_x,
    })
}

/// Customers with the same `(x, t_x, T)`, fitted as one row with an integer weight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Row {
    /// Repeat purchase days.
    pub x: u32,
    /// Time of the last purchase.
    pub t_x: f64,
    /// Time from the first purchase to the observation end.
    pub t: f64,
    /// Customers with this history.
    pub weight: f64,
}

impl From<&CustomerSummary> for Row {
    fn from(s: &CustomerSummary) -> Row {
        Row { x: s.x, t_x: s.t_x, t: s.t, weight: 1.0 }
    }
}

/// Distinct histories with their weights, and which row each customer went to.
#[derive(Debug, Clone, PartialEq)]
pub struct Compressed {
    /// Distinct `(x, t_x, T)`, sorted by `x`, then `t_x`, then `T`.
    pub rows: Vec<Row>,
    /// Per input summary, the index of its row.
    pub row_of: Vec<u32>,
}

/// Merges identical `(x, t_x, T)` (likelihoods and predictions depend on nothing else).
///
/// ```
/// use ltv::summary::{compress, CustomerSummary};
/// let s = |x, t_x, t| CustomerSummary { x, t_x, t, monetary: 0.0 };
/// let c = compress(&[s(0, 0.0, 5.0), s(1, 2.0, 5.0), s(0, 0.0, 5.0)]);
/// assert_eq!((c.rows.len(), c.rows[0].weight, c.row_of), (2, 2.0, vec![0, 1, 0]));
/// ```
#[must_use]
pub fn compress(summaries: &[CustomerSummary]) -> Compressed {
    compress_weighted(summaries, None)
}

/// [`compress`] of weighted summaries (`weights[i]` customers have summary `i`; `None`: one
/// each): a row's weight is the sum of its summaries' weights.
#[must_use]
pub fn compress_weighted(summaries: &[CustomerSummary], weights: Option<&[f64]>) -> Compressed {
    let weight = |i: usize| weights.map_or(1.0, |w| w.get(i).copied().unwrap_or(0.0));
    // Times are non-negative, so their bit patterns sort like the numbers.
    let key = |s: &CustomerSummary| (s.x, s.t_x.to_bits(), s.t.to_bits());
    let mut order: Vec<u32> = (0..summaries.len() as u32).collect();
    order.sort_unstable_by_key(|&i| key(&summaries[i as usize]));
    let mut rows: Vec<Row> = Vec::new();
    let mut row_of = vec![0u32; summaries.len()];
    let mut last_key = None;
    for i in order {
        let s = &summaries[i as usize];
        if last_key == Some(key(s)) {
            if let Some(row) = rows.last_mut() {
                row.weight += weight(i as usize);
            }
        } else {
            rows.push(Row { weight: weight(i as usize), ..Row::from(s) });
            last_key = Some(key(s));
        }
        row_of[i as usize] = rows.len() as u32 - 1;
    }
    Compressed { rows, row_of }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::testing::orders as dataset;

    fn day(m: u32, d: u32) -> Day {
        crate::date::days_from_civil(2024, m, d)
    }

    #[test]
    fn summaries_follow_the_literature_definitions() {
        let ds = dataset(
            "A,2024-01-01,100\nA,2024-01-01,50\nA,2024-01-15,200\nA,2024-01-29,400\n\
             B,2024-01-10,70\nC,2024-03-01,10\nA,2024-03-01,999\n",
        );
        let s = summarize(&ds, day(1, 31), TimeUnit::Days);
        // C starts after the end and is left out; A's March purchase is ignored.
        assert_eq!(s.customer, vec![0, 1]);
        let a = s.rows[0];
        // Same-day orders are one purchase; the first purchase is not a repeat.
        assert_eq!((a.x, a.t_x, a.t, a.monetary), (2, 28.0, 30.0, 300.0));
        assert_eq!(s.rows[1], CustomerSummary { x: 0, t_x: 0.0, t: 21.0, monetary: 0.0 });
        let weeks = summarize(&ds, day(1, 31), TimeUnit::Weeks);
        assert_eq!(weeks.rows[0].t_x, 4.0);
        assert!((weeks.rows[0].t - 30.0 / 7.0).abs() < 1e-15);
    }

    #[test]
    fn refund_only_days_are_not_purchases() {
        let ds = dataset("A,2024-01-01,100\nA,2024-01-05,-100\nA,2024-01-09,80\n");
        let s = summarize(&ds, day(1, 31), TimeUnit::Days).rows[0];
        assert_eq!((s.x, s.t_x, s.monetary), (1, 8.0, 80.0));
    }

    #[test]
    fn holdout_counts_only_purchases_after_the_calibration_end() {
        let ds = dataset(
            "A,2024-01-01,100\nA,2024-01-20,100\nA,2024-02-03,100\nA,2024-02-03,5\n\
             A,2024-02-10,100\nA,2024-03-20,100\nB,2024-02-05,100\n",
        );
        let s = split(&ds, day(1, 31), day(2, 29), TimeUnit::Weeks).unwrap();
        assert_eq!(s.calibration.customer, vec![0]);
        assert_eq!(s.holdout_x, vec![2]);
        assert_eq!(s.calibration.rows[0].x, 1);
        assert!((s.holdout_length - 29.0 / 7.0).abs() < 1e-15);
        assert!(split(&ds, day(2, 1), day(2, 1), TimeUnit::Weeks).is_err());
    }

    #[test]
    fn compression_keeps_the_weights_and_the_mapping() {
        let s = |x, t_x, t| CustomerSummary { x, t_x, t, monetary: 1.0 };
        let input =
            [s(2, 3.0, 9.0), s(0, 0.0, 9.0), s(2, 3.0, 9.0), s(2, 3.0, 8.0), s(0, 0.0, 9.0)];
        let c = compress(&input);
        let rows: Vec<(u32, f64, f64, f64)> =
            c.rows.iter().map(|r| (r.x, r.t_x, r.t, r.weight)).collect();
        assert_eq!(rows, [(0, 0.0, 9.0, 2.0), (2, 3.0, 8.0, 1.0), (2, 3.0, 9.0, 2.0)]);
        for (i, &r) in c.row_of.iter().enumerate() {
            let row = c.rows[r as usize];
            assert_eq!((row.x, row.t_x, row.t), (input[i].x, input[i].t_x, input[i].t));
        }
    }
}
