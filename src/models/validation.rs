//! Holdout validation: fit on the calibration period, predict the holdout, compare.
//!
//! Two comparisons, as in Fader, Hardie & Lee (2005, §4) and the tools that followed:
//! * conditional: per calibration repeat frequency (0, 1, …, 6, 7+), the mean predicted
//!   holdout purchases E[Y(t) | x, tₓ, T] against the mean actual ones;
//! * tracking: the expected cumulative repeat purchases of the whole cohort week by week,
//!   Σᵢ E[X(τ − birthᵢ)] with the unconditional E[X(t)] (lifetimes'
//!   `expected_cumulative_transactions`, BTYD's `*.ExpectedCumulativeTransactions`), against
//!   the actual cumulative count, over calibration and holdout.
//!
//! The suggested model is the one with the lowest [`ModelValidation::frequency_error`].

use super::{fit, FitOptions, Fitted, ModelKind, TransactionModel};
use crate::dataset::Dataset;
use crate::date::{format_day, Day};
use crate::summary::{compress, Split};
use crate::Error;
use serde::Serialize;

/// Calibration frequencies are bucketed 0, 1, …, `FREQUENCY_BUCKETS − 2` and the rest.
pub const FREQUENCY_BUCKETS: usize = 8;

/// Predicted and actual holdout purchases of the customers with one calibration frequency.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FrequencyBucket {
    /// Calibration repeat purchases (the last bucket holds this many and more).
    pub repeat_purchases: u32,
    /// Customers in the bucket.
    pub customers: u32,
    /// Mean predicted holdout purchases per customer.
    pub predicted: f64,
    /// Mean actual holdout purchases per customer.
    pub actual: f64,
}

/// Cumulative repeat purchases of the cohort at the end of one week.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TrackingPoint {
    /// Week number, 1 = the week of the earliest first purchase.
    pub week: u32,
    /// The week's last day (ISO).
    pub day: String,
    /// Expected cumulative repeat purchases.
    pub expected: f64,
    /// Actual cumulative repeat purchases.
    pub actual: f64,
}

/// How one model did on the holdout.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelValidation {
    /// The model.
    pub model: ModelKind,
    /// Its fit on the calibration period.
    pub fit: Fitted<TransactionModel>,
    /// The calibration's last day (ISO).
    pub calibration_end: String,
    /// The holdout's last day (ISO).
    pub holdout_end: String,
    /// Holdout purchases predicted for the calibration customers (conditional expectations).
    pub predicted_total: f64,
    /// Their actual holdout purchases.
    pub actual_total: f64,
    /// Per calibration frequency.
    pub by_frequency: Vec<FrequencyBucket>,
    /// Σ over buckets of |predicted − actual| purchases, per customer: the mean absolute error
    /// of the bucket means, weighted by bucket size.
    pub frequency_error: f64,
    /// Weekly cumulative repeat purchases, calibration and holdout.
    pub tracking: Vec<TrackingPoint>,
}

/// The default calibration end: two thirds of the way from the first purchase to `obs_end`,
/// so the last third of the history is the holdout.
///
/// ```
/// let end = ltv::models::validation::default_calibration_end(0, 300);
/// assert_eq!(end, 200);
/// ```
#[must_use]
pub fn default_calibration_end(first: Day, obs_end: Day) -> Day {
    first + ((i64::from(obs_end) - i64::from(first)) * 2 / 3) as Day
}

/// Fits `kind` on the calibration part of `split` (without standard errors) and checks it
/// against the holdout.
pub fn validate(
    ds: &Dataset,
    split: &Split,
    kind: ModelKind,
    options: &FitOptions,
) -> Result<ModelValidation, Error> {
    let cal = &split.calibration;
    let compressed = compress(&cal.rows);
    // Only the parameters matter here: no standard errors.
    let options = FitOptions { standard_errors: false, ..*options };
    let fitted = fit(kind, &compressed.rows, &options)?;
    let model = fitted.params;
    let per_row: Vec<f64> = compressed
        .rows
        .iter()
        .map(|r| model.expected_purchases(r.x, r.t_x, r.t, split.holdout_length))
        .collect();
    let mut sums = [(0u32, 0.0f64, 0.0f64); FREQUENCY_BUCKETS];
    for (i, s) in cal.rows.iter().enumerate() {
        let bucket = &mut sums[(s.x as usize).min(FREQUENCY_BUCKETS - 1)];
        bucket.0 += 1;
        bucket.1 += per_row[compressed.row_of[i] as usize];
        bucket.2 += f64::from(split.holdout_x[i]);
    }
    let n = cal.rows.len().max(1) as f64;
    let frequency_error = sums.iter().map(|b| (b.1 - b.2).abs()).sum::<f64>() / n;
    let by_frequency = sums
        .iter()
        .enumerate()
        .map(|(k, &(customers, predicted, actual))| {
            let per = |v: f64| if customers == 0 { 0.0 } else { v / f64::from(customers) };
            FrequencyBucket {
                repeat_purchases: k as u32,
                customers,
                predicted: per(predicted),
                actual: per(actual),
            }
        })
        .collect();
    Ok(ModelValidation {
        model: kind,
        calibration_end: format_day(cal.obs_end),
        holdout_end: format_day(split.holdout_end),
        predicted_total: sums.iter().map(|b| b.1).sum(),
        actual_total: sums.iter().map(|b| b.2).sum(),
        by_frequency,
        frequency_error,
        tracking: tracking(ds, split, &model),
        fit: fitted,
    })
}

/// The model with the lowest frequency error (the first one on ties).
///
/// ```
/// assert_eq!(ltv::models::validation::suggest(&[]), None);
/// ```
#[must_use]
pub fn suggest(validations: &[ModelValidation]) -> Option<ModelKind> {
    validations
        .iter()
        .min_by(|a, b| a.frequency_error.total_cmp(&b.frequency_error))
        .map(|v| v.model)
}

/// Weekly expected and actual cumulative repeat purchases of the calibration cohort. E[X(t)]
/// depends only on the age t, so it is computed once per age in days and summed over birth days.
fn tracking(ds: &Dataset, split: &Split, model: &TransactionModel) -> Vec<TrackingPoint> {
    let cal = &split.calibration;
    let Some(&start) = cal.first_day.iter().min() else { return Vec::new() };
    let end = split.holdout_end;
    let days = (end - start + 1).max(0) as usize;
    let (mut births, mut repeats) = (vec![0.0f64; days], vec![0.0f64; days]);
    for (i, &c) in cal.customer.iter().enumerate() {
        births[(cal.first_day[i] - start) as usize] += 1.0;
        let purchases = ds.purchases_of(c as usize).iter();
        for p in purchases.filter(|p| p.orders > 0 && p.day <= end).skip(1) {
            repeats[(p.day - start) as usize] += 1.0;
        }
    }
    let born_on: Vec<(usize, f64)> =
        births.iter().enumerate().filter(|b| *b.1 > 0.0).map(|(d, &n)| (d, n)).collect();
    let expected_at_age: Vec<f64> =
        (0..days).map(|age| model.expected_purchases_new(cal.unit.from_days(age as f64))).collect();
    let mut points = Vec::with_capacity(days.div_ceil(7));
    let mut actual = 0.0;
    let mut counted = 0;
    for week in 1..=days.div_ceil(7) {
        let last = (7 * week - 1).min(days - 1);
        actual += repeats[counted..=last].iter().sum::<f64>();
        counted = last + 1;
        let expected = born_on
            .iter()
            .take_while(|b| b.0 <= last)
            .map(|&(d, n)| n * expected_at_age[last - d])
            .sum();
        points.push(TrackingPoint {
            week: week as u32,
            day: format_day(start + last as Day),
            expected,
            actual,
        });
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::testing::simulated_shop;
    use crate::summary::{split, TimeUnit};

    #[test]
    fn validation_reports_buckets_totals_and_a_tracking_curve() {
        let ds = simulated_shop(300, 3);
        let (first, last) = ds.day_range().unwrap();
        let cal_end = default_calibration_end(first, last);
        let s = split(&ds, cal_end, last, TimeUnit::Weeks).unwrap();
        let v = validate(&ds, &s, ModelKind::BgNbd, &FitOptions::default()).unwrap();
        assert_eq!(v.by_frequency.len(), FREQUENCY_BUCKETS);
        let customers: u32 = v.by_frequency.iter().map(|b| b.customers).sum();
        assert_eq!(customers as usize, s.calibration.rows.len());
        let actual: f64 = s.holdout_x.iter().map(|&x| f64::from(x)).sum();
        assert_eq!(v.actual_total, actual);
        assert!(v.predicted_total.is_finite() && v.predicted_total > 0.0);
        // The tracking curve is cumulative and ends with every repeat purchase of the cohort.
        let t = &v.tracking;
        assert!(t.windows(2).all(|w| w[1].actual >= w[0].actual && w[1].expected >= w[0].expected));
        let repeats: u32 = s.calibration.rows.iter().map(|r| r.x).sum::<u32>() + actual as u32;
        assert_eq!(t.last().unwrap().actual, f64::from(repeats));
        assert_eq!(t.last().unwrap().day, format_day(last));
        assert_eq!(suggest(std::slice::from_ref(&v)), Some(ModelKind::BgNbd));
    }
}
