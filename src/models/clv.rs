//! Customer lifetime value over a horizon: the discounted expected purchases of each month times
//! the expected spend per purchase (times the gross margin, when one is given).
//!
//! The formula is lifetimes' `customer_lifetime_value` (after its fix for counting cumulative
//! instead of incremental purchases, lifetimes #27/#43):
//! CLV = Σₖ₌₁ᴷ m · (E(tₖ) − E(tₖ₋₁)) / (1 + d)ᵏ, with E the conditional expected purchases by
//! the end of month k and d the monthly discount rate. Two choices are explicit here:
//! * a month is 365.25/12 days (30.44 days = 4.348 weeks), so that 12 months are one year and
//!   days and weeks give the same value (lifetimes uses 30 days or 4.345 weeks);
//! * the user gives an annual rate D; the monthly rate is d = (1 + D)^(1/12) − 1, so twelve
//!   months discount by exactly 1 + D.

use super::TransactionModel;
use crate::summary::{CustomerSummary, TimeUnit};

/// Days in a month: a year of 365.25 days over 12.
pub const DAYS_PER_MONTH: f64 = 365.25 / 12.0;

/// The monthly rate equivalent to an annual discount rate.
///
/// ```
/// let d = ltv::models::clv::monthly_discount_rate(0.10);
/// assert!(((1.0 + d).powi(12) - 1.10).abs() < 1e-12);
/// ```
#[must_use]
pub fn monthly_discount_rate(annual: f64) -> f64 {
    (annual.max(-0.99).ln_1p() / 12.0).exp_m1()
}

/// The ends of months 1..=`months`, in `unit`.
///
/// ```
/// use ltv::{models::clv::month_ends, summary::TimeUnit};
/// assert_eq!(month_ends(TimeUnit::Days, 12)[11], 365.25);
/// ```
#[must_use]
pub fn month_ends(unit: TimeUnit, months: u32) -> Vec<f64> {
    (1..=months).map(|k| unit.from_days(f64::from(k) * DAYS_PER_MONTH)).collect()
}

/// The discount factors 1/(1 + d)ᵏ of months 1..=`months` for an annual rate.
///
/// ```
/// let f = ltv::models::clv::discount_factors(0.10, 12);
/// assert!((f[11] - 1.0 / 1.1).abs() < 1e-12);
/// ```
#[must_use]
pub fn discount_factors(annual_rate: f64, months: u32) -> Vec<f64> {
    let d = monthly_discount_rate(annual_rate);
    (1..=months).map(|k| (-d.ln_1p() * f64::from(k)).exp()).collect()
}

/// Σₖ fₖ (Eₖ − Eₖ₋₁), E₀ = 0: discounted purchases from cumulative expectations at month ends.
/// Increments are floored at 0 (a cumulative expectation never falls; rounding can make it).
///
/// ```
/// let v = ltv::models::clv::discounted_sum(&[1.0, 1.5, 1.75], &[1.0, 0.5, 0.25]);
/// assert_eq!(v, 1.0 + 0.25 + 0.0625);
/// ```
#[must_use]
pub fn discounted_sum(cumulative: &[f64], factors: &[f64]) -> f64 {
    let mut previous = 0.0;
    let mut sum = 0.0;
    for (&e, &f) in cumulative.iter().zip(factors) {
        sum += f * (e - previous).max(0.0);
        previous = e;
    }
    sum
}

/// What a customer is worth over the next `months`: discounted expected purchases (from
/// `model`) × `spend` per purchase × `margin` (1 for revenue). `summary` is in `unit`.
///
/// ```
/// use ltv::models::{bgnbd::Params, clv::customer_lifetime_value, TransactionModel};
/// use ltv::summary::{CustomerSummary, TimeUnit};
/// let model = TransactionModel::BgNbd(Params { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 });
/// let c = CustomerSummary { x: 2, t_x: 30.43, t: 38.86, monetary: 22.35 };
/// let clv = customer_lifetime_value(&model, &c, TimeUnit::Weeks, 24.66, 12, 0.0, 1.0);
/// // Undiscounted, 12 months of purchases (≈1.4 in 52.2 weeks) at $24.66.
/// let purchases = model.expected_purchases(2, 30.43, 38.86, 365.25 / 7.0);
/// assert!((clv - 24.66 * purchases).abs() < 1e-9);
/// ```
#[must_use]
pub fn customer_lifetime_value(
    model: &TransactionModel,
    summary: &CustomerSummary,
    unit: TimeUnit,
    spend: f64,
    months: u32,
    annual_discount_rate: f64,
    margin: f64,
) -> f64 {
    let cumulative: Vec<f64> = month_ends(unit, months)
        .iter()
        .map(|&h| model.expected_purchases(summary.x, summary.t_x, summary.t, h))
        .collect();
    let purchases = discounted_sum(&cumulative, &discount_factors(annual_discount_rate, months));
    super::finite_non_negative(purchases * spend * margin)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::bgnbd::Params;

    const WEEKLY: Params = Params { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

    #[test]
    fn days_and_weeks_give_the_same_value() {
        let model = TransactionModel::BgNbd(WEEKLY);
        let weeks = CustomerSummary { x: 3, t_x: 20.0, t: 30.0, monetary: 0.0 };
        let days = CustomerSummary { x: 3, t_x: 140.0, t: 210.0, monetary: 0.0 };
        // α is a time scale: 4.414 weeks are 30.898 days.
        let in_days = TransactionModel::BgNbd(Params { alpha: WEEKLY.alpha * 7.0, ..WEEKLY });
        let w = customer_lifetime_value(&model, &weeks, TimeUnit::Weeks, 50.0, 12, 0.1, 0.3);
        let d = customer_lifetime_value(&in_days, &days, TimeUnit::Days, 50.0, 12, 0.1, 0.3);
        assert!((w - d).abs() < 1e-9 * w, "{w} vs {d}");
    }

    #[test]
    fn discounting_lowers_value_and_more_months_raise_it() {
        let model = TransactionModel::BgNbd(WEEKLY);
        let c = CustomerSummary { x: 5, t_x: 35.0, t: 38.0, monetary: 0.0 };
        let clv = |months, rate| {
            customer_lifetime_value(&model, &c, TimeUnit::Weeks, 30.0, months, rate, 1.0)
        };
        assert!(clv(12, 0.2) < clv(12, 0.0));
        assert!(clv(24, 0.1) > clv(12, 0.1));
        assert!(clv(12, 0.1) > 0.0);
    }
}
