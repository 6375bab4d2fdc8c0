//! The one entry point the page calls: check the models on a holdout, pick one, refit it on all
//! the data and predict every customer.
//!
//! Steps of [`forecast`]:
//! 1. split the history (default: the last third is the holdout) and run
//!    [`validate`] for each model asked for;
//! 2. take the forced model, or else the suggested one (lowest holdout frequency error), and fit
//!    it on everything up to the observation end (falling back to the next model if it fails);
//! 3. fit Gamma-Gamma for spend (if it cannot be fitted, every customer gets the shop's mean
//!    revenue per purchase day and an issue says why);
//! 4. per customer: P(alive), expected purchases over the horizon, expected spend, CLV, and the
//!    80 % intervals of the CLV and the totals.
//!
//! Steps 2–4 live in `predict.rs`; [`forecast_with_progress`] runs the same steps with the first
//! answer first and tells its caller each stage.
//!
//! Problems that do not stop the forecast (a model that cannot be fitted on the calibration
//! period, no spend model) are reported as [`Issue`]s.

use super::gamma_gamma;
use super::predict::{fit_models, predict, Fitting, Prepared};
pub use super::short_history::ShortHistory;
use super::validation::{default_calibration_end, suggest, validate, ModelValidation};
use super::{FitOptions, Fitted, ModelKind, TransactionModel};
use crate::dataset::Dataset;
use crate::date::{format_day, Day};
use crate::money::Money;
use crate::summary::{split, summarize, TimeUnit};
use crate::Error;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};

/// What to forecast and how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ForecastParams {
    /// The models' time unit (the results do not depend on it beyond rounding).
    pub unit: TimeUnit,
    /// The last day of data to use, as a [`Day`] (days since 1970-01-01; default: the last
    /// purchase day).
    pub observation_end: Option<Day>,
    /// The calibration end of the holdout check, as a [`Day`] (default: two thirds into the
    /// history).
    pub calibration_end: Option<Day>,
    /// Run the holdout check (default true).
    pub validate: bool,
    /// The models to check, in order of preference on ties.
    pub models: Vec<ModelKind>,
    /// Use this model whatever the check says.
    pub model: Option<ModelKind>,
    /// Days ahead for "expected purchases" (default 365).
    pub horizon_days: f64,
    /// Months of CLV (default 12).
    pub clv_months: u32,
    /// Annual discount rate of the CLV, e.g. 0.1 (default 0.1).
    pub annual_discount_rate: f64,
    /// Gross margin as a fraction of revenue: CLV on gross profit (default: on revenue).
    pub margin: Option<f64>,
    /// A customer with P(alive) below this counts as probably lost (default 0.5).
    pub alive_threshold: f64,
    /// Fitting options for every model.
    pub fit: FitOptions,
}

impl Default for ForecastParams {
    fn default() -> Self {
        ForecastParams {
            unit: TimeUnit::Weeks,
            observation_end: None,
            calibration_end: None,
            validate: true,
            models: ModelKind::ALL.to_vec(),
            model: None,
            horizon_days: 365.0,
            clv_months: 12,
            annual_discount_rate: 0.1,
            margin: None,
            alive_threshold: 0.5,
            fit: FitOptions::default(),
        }
    }
}

/// A problem that did not stop the forecast.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Issue {
    /// What it concerns: a model name (`"paretoNbd"`, `"gammaGamma"`) or `"validation"`.
    pub subject: &'static str,
    /// The error's stable code.
    pub code: &'static str,
    /// The error in English.
    pub message: String,
}

impl Issue {
    pub(super) fn new(subject: &'static str, error: &Error) -> Issue {
        Issue { subject, code: error.code(), message: error.to_string() }
    }
}

/// Per-customer predictions, indexed by the dataset's customer number. Customers whose first
/// purchase is after the observation end have zeros.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerForecasts {
    /// Probability of still being a customer at the observation end.
    pub p_alive: Vec<f64>,
    /// Expected purchases (purchase days) over the horizon.
    pub expected_purchases: Vec<f64>,
    /// Expected revenue per purchase.
    pub expected_spend: Vec<f64>,
    /// Discounted value over the CLV months (gross profit when a margin is given).
    pub clv: Vec<f64>,
    /// The 80 % interval of each `clv` ([`super::interval`]); empty when the fit gave no covariance.
    pub clv_range: Vec<[f64; 2]>,
}

impl CustomerForecasts {
    /// The low and the high ends of [`CustomerForecasts::clv_range`] as two columns (for JS,
    /// which receives them as two `Float64Array`s; both empty when there are no intervals).
    #[must_use]
    pub fn clv_range_columns(&self) -> [Vec<f64>; 2] {
        [
            self.clv_range.iter().map(|r| r[0]).collect(),
            self.clv_range.iter().map(|r| r[1]).collect(),
        ]
    }

    /// [`CustomerForecasts::clv_range`] from its two columns (as JS sends them back).
    ///
    /// # Errors
    /// [`Error::BadParameter`] when the columns differ in length.
    ///
    /// ```
    /// use ltv::models::forecast::CustomerForecasts;
    /// let range = CustomerForecasts::clv_range_from_columns(&[1.0, 2.0], &[3.0, 4.0]).unwrap();
    /// assert_eq!(range, [[1.0, 3.0], [2.0, 4.0]]);
    /// assert!(CustomerForecasts::clv_range_from_columns(&[1.0], &[]).is_err());
    /// ```
    pub fn clv_range_from_columns(low: &[f64], high: &[f64]) -> Result<Vec<[f64; 2]>, Error> {
        if low.len() != high.len() {
            return Err(Error::BadParameter {
                name: "forecast",
                reason: format!(
                    "the CLV range has {} low ends and {} high ends",
                    low.len(),
                    high.len()
                ),
            });
        }
        Ok(low.iter().zip(high).map(|(&lo, &hi)| [lo, hi]).collect())
    }
}

/// Whole-base figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ForecastTotals {
    /// Customers forecast.
    pub customers: u64,
    /// The horizon of `expected_purchases` and `expected_revenue`, in days.
    pub horizon_days: f64,
    /// Months of CLV.
    pub clv_months: u32,
    /// Expected purchases over the horizon.
    pub expected_purchases: f64,
    /// Expected revenue over the horizon (undiscounted).
    pub expected_revenue: f64,
    /// Σ CLV.
    pub clv: f64,
    /// Customers with P(alive) below the threshold.
    pub probably_lost: u64,
    /// Their share of the customers.
    pub probably_lost_share: f64,
    /// 80 % intervals of the totals, when the fit gave a covariance.
    pub intervals: Option<TotalIntervals>,
}

/// Intervals of the totals (delta method, see [`super::interval`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TotalIntervals {
    /// Their coverage (0.8).
    pub level: f64,
    /// True when the spend model's uncertainty is included (else only the transaction model's).
    pub spend_uncertainty: bool,
    /// [low, high] of the expected purchases.
    pub expected_purchases: [f64; 2],
    /// [low, high] of the expected revenue.
    pub expected_revenue: [f64; 2],
    /// [low, high] of Σ CLV.
    pub clv: [f64; 2],
}

/// The forecast.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Forecast {
    /// The time unit of the parameters.
    pub unit: TimeUnit,
    /// The observation end (ISO).
    pub observation_end: String,
    /// The model used.
    pub model: ModelKind,
    /// The model the holdout check suggests, if it ran.
    pub suggested_model: Option<ModelKind>,
    /// The transaction model fitted on all the data.
    pub transactions: Fitted<TransactionModel>,
    /// The spend model, when it could be fitted.
    pub spend: Option<Fitted<gamma_gamma::Params>>,
    /// The holdout checks that ran.
    pub validation: Vec<ModelValidation>,
    /// The chosen model's holdout error: its predicted holdout purchases over the actual ones,
    /// minus 1 (0.23: the check on the last third was 23 % high), when it was checked.
    pub holdout_error: Option<f64>,
    /// Problems that did not stop the forecast.
    pub issues: Vec<Issue>,
    /// Set when the history is too short for the forecast to be trusted (see [`ShortHistory`]).
    pub short_history: Option<ShortHistory>,
    /// Per customer (not serialised: millions of numbers stay in the worker and reach the page
    /// one table page at a time).
    #[serde(skip_serializing)]
    pub customers: CustomerForecasts,
    /// Whole base.
    pub totals: ForecastTotals,
}

/// Validates, chooses, fits and predicts; see the module notes.
///
/// Errors: bad parameters, no purchase at all ([`Error::Empty`]) or none by the observation end
/// ([`Error::BadParameter`]), or data no model can be fitted to (e.g. only one-time buyers:
/// [`Error::NotIdentifiable`]).
///
/// ```
/// use ltv::import::{import_bytes, ImportOptions};
/// use ltv::models::{forecast, ForecastParams};
/// let mut csv = String::from("customer_id,order_date,amount\n");
/// for k in 0..60 {
///     csv += &format!("C{k},2024-01-{:02},3000\n", k % 28 + 1);
///     if k % 3 == 0 { // every third customer comes back, some of them twice
///         csv += &format!("C{k},2024-{:02}-15,2500\n", 2 + k % 5);
///         if k % 2 == 0 { csv += &format!("C{k},2024-{:02}-20,4000\n", 7 + k % 4); }
///     }
/// }
/// let data = import_bytes(csv.as_bytes(), &ImportOptions::default()).unwrap().dataset;
/// let f = forecast(&data, &ForecastParams { validate: false, ..Default::default() }).unwrap();
/// assert_eq!(f.customers.clv.len(), 60);
/// assert!(f.customers.p_alive.iter().all(|p| (0.0..=1.0).contains(p)));
/// assert!(f.totals.expected_revenue > 0.0);
/// ```
pub fn forecast(ds: &Dataset, params: &ForecastParams) -> Result<Forecast, Error> {
    let (first, obs_end) = observation(ds, params)?;
    let (validation, issues) = check_models(ds, params, first, obs_end, &mut |_| {});
    let suggested_model = suggest(&validation);
    let data = Prepared::new(summarize(ds, obs_end, params.unit), ds.customers());
    let fits = fit_models(&data, params, suggested_model)?;
    let fitted =
        Fitting { validation, suggested_model, issues, observation_end: format_day(obs_end) };
    let mean_spend = || mean_purchase_revenue(ds, obs_end);
    Ok(predict(&data, params, fitted, fits, true, &mean_spend))
}

/// The checked parameters' first purchase day and observation end.
fn observation(ds: &Dataset, params: &ForecastParams) -> Result<(Day, Day), Error> {
    check(params)?;
    let (first, last) = ds.day_range().ok_or(Error::Empty)?;
    let obs_end = params.observation_end.unwrap_or(last);
    if obs_end < first {
        return Err(Error::BadParameter {
            name: "observationEnd",
            reason: format!("no purchase on or before {}", format_day(obs_end)),
        });
    }
    Ok((first, obs_end))
}

/// Step 1: the holdout check of every model asked for (none when `validate` is off), with
/// the problems that did not stop it.
fn check_models(
    ds: &Dataset,
    params: &ForecastParams,
    first: Day,
    obs_end: Day,
    progress: &mut dyn FnMut(Step<'_>),
) -> (Vec<ModelValidation>, Vec<Issue>) {
    let (mut validation, mut issues) = (Vec::new(), Vec::new());
    if !params.validate {
        return (validation, issues);
    }
    let cal_end = params.calibration_end.unwrap_or_else(|| default_calibration_end(first, obs_end));
    match split(ds, cal_end, obs_end, params.unit) {
        Ok(s) => {
            let n = params.models.len();
            for (k, &kind) in params.models.iter().enumerate() {
                progress(Step::Stage(Stage::Checking { model: kind, k: k + 1, n }));
                match validate(ds, &s, kind, &params.fit) {
                    Ok(v) => validation.push(v),
                    Err(e) => issues.push(Issue::new(kind.name(), &e)),
                }
            }
        }
        Err(e) => issues.push(Issue::new("validation", &e)),
    }
    (validation, issues)
}

/// Where a running forecast is, for a progress line (see [`forecast_with_progress`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "stage")]
pub enum Stage {
    /// Fitting the model shown first (the forced one, else the first of `models`) on all the
    /// data and predicting every customer with it, before any holdout check.
    First {
        /// The model.
        model: ModelKind,
    },
    /// Checking model `k` (from 1) of `n` on the holdout.
    Checking {
        /// The model.
        model: ModelKind,
        /// Its place in the list, from 1.
        k: usize,
        /// Models to check.
        n: usize,
    },
    /// Fitting the chosen model on all the data and predicting every customer.
    Final {
        /// The model tried first.
        model: ModelKind,
        /// True when the holdout check chose it (false: forced, or no check asked for).
        checked: bool,
    },
    /// The check chose the first answer's model: its 80 % intervals are computed.
    Intervals {
        /// The model.
        model: ModelKind,
    },
}

/// What [`forecast_with_progress`] tells its caller while it runs.
#[derive(Debug)]
pub enum Step<'a> {
    /// A stage begins.
    Stage(Stage),
    /// The first answer, before the holdout check (its `validation` is empty and it has no
    /// suggestion); the final answer follows.
    Preliminary(&'a Forecast),
}

/// The candidates of the final fit, in order, each once: the forced model, else the suggested
/// one and then `models` (BG/NBD when there is none).
pub(super) fn candidate_order(
    params: &ForecastParams,
    suggested: Option<ModelKind>,
) -> Vec<ModelKind> {
    let mut list: Vec<ModelKind> = match params.model {
        Some(kind) => vec![kind],
        None => suggested.into_iter().chain(params.models.iter().copied()).collect(),
    };
    if list.is_empty() {
        list.push(ModelKind::BgNbd);
    }
    let mut seen = Vec::with_capacity(list.len());
    list.retain(|k| {
        let new = !seen.contains(k);
        seen.push(*k);
        new
    });
    list
}

/// [`forecast`], the first answer first, telling `progress` each stage: with the holdout check
/// asked for, the forced model (else the first of `models`) is fitted on all the data and every
/// customer predicted *before* the check, without the intervals ([`Step::Preliminary`]); then
/// each model is checked ([`Stage::Checking`]); then the model the check chose is fitted
/// ([`Stage::Final`]), or, when it is the first answer's, only the intervals are added
/// ([`Stage::Intervals`]). The result is exactly [`forecast`]'s.
///
/// # Errors
/// As [`forecast`].
pub fn forecast_with_progress(
    ds: &Dataset,
    params: &ForecastParams,
    progress: &mut dyn FnMut(Step<'_>),
) -> Result<Forecast, Error> {
    let (first, obs_end) = observation(ds, params)?;
    let data = Prepared::new(summarize(ds, obs_end, params.unit), ds.customers());
    let fitting = |validation, suggested_model, issues| Fitting {
        validation,
        suggested_model,
        issues,
        observation_end: format_day(obs_end),
    };
    let mean_spend = || mean_purchase_revenue(ds, obs_end);
    let first_order = candidate_order(params, None);
    let mut first_fits = None;
    if params.validate {
        progress(Step::Stage(Stage::First { model: first_order[0] }));
        let fits = fit_models(&data, params, None);
        if let Ok(fits) = &fits {
            let none = fitting(Vec::new(), None, Vec::new());
            let f = predict(&data, params, none, fits.clone(), false, &mean_spend);
            progress(Step::Preliminary(&f));
        }
        first_fits = Some(fits);
    }
    let (validation, issues) = check_models(ds, params, first, obs_end, progress);
    let suggested_model = suggest(&validation);
    let final_order = candidate_order(params, suggested_model);
    // The same candidates in the same order fit the same models: the first answer's fits are
    // the final ones, and only the intervals are left to compute.
    let fits = match first_fits.filter(|_| final_order == first_order) {
        Some(fits) => {
            let fits = fits?;
            progress(Step::Stage(Stage::Intervals { model: fits.model() }));
            fits
        }
        None => {
            let checked = params.validate && params.model.is_none();
            progress(Step::Stage(Stage::Final { model: final_order[0], checked }));
            fit_models(&data, params, suggested_model)?
        }
    };
    let fitted = fitting(validation, suggested_model, issues);
    Ok(predict(&data, params, fitted, fits, true, &mean_spend))
}

/// Fits and predicts from per-customer summaries alone: a file that was aggregated elsewhere
/// (frequency, recency, T and monetary value, as lifetimes computes them). Without purchase
/// dates there is no holdout check. Customer `i` is summary row `i`.
///
/// # Errors
/// As [`forecast`].
pub fn forecast_summaries(
    rows: &[crate::summary::CustomerSummary],
    params: &ForecastParams,
) -> Result<Forecast, Error> {
    forecast_weighted(rows, None, params)
}

/// [`forecast_summaries`] of weighted rows: row `i` stands for `weights[i]` customers (an
/// aggregates-only pack's weighted table). The transaction model is fitted on the rows with
/// their weights, exactly as on the customers; the totals weigh each row's figures; the
/// per-customer figures are per row. Gamma-Gamma needs each customer's own mean spend, so it is
/// not fitted ([`Error::NeedsCustomerRows`] in the issues): the mean spend of the repeat
/// purchase days stands for everyone.
///
/// # Errors
/// As [`forecast`]; [`Error::BadParameter`] when the weights are not one per row, finite and
/// non-negative.
pub fn forecast_weighted(
    rows: &[crate::summary::CustomerSummary],
    weights: Option<&[f64]>,
    params: &ForecastParams,
) -> Result<Forecast, Error> {
    check(params)?;
    if let Some(w) = weights {
        if w.len() != rows.len() || w.iter().any(|v| !(v.is_finite() && *v >= 0.0)) {
            return Err(Error::BadParameter {
                name: "weights",
                reason: "one finite, non-negative weight per row".into(),
            });
        }
    }
    let weight = |i: usize| weights.map_or(1.0, |w| w[i]);
    let n = rows.len();
    let summaries = crate::summary::Summaries {
        unit: params.unit,
        obs_end: 0,
        customer: (0..n as u32).collect(),
        first_day: vec![0; n],
        rows: rows.to_vec(),
    };
    let fitted = Fitting {
        validation: Vec::new(),
        suggested_model: None,
        issues: Vec::new(),
        observation_end: String::new(),
    };
    // Without Gamma-Gamma, the mean spend of the repeat purchases stands for everyone.
    let fallback = || {
        let repeaters = rows.iter().enumerate().filter(|(_, r)| r.x > 0);
        let (sum, count) = repeaters.fold((0.0, 0.0), |(s, c), (i, r)| {
            let days = f64::from(r.x) * weight(i);
            (s + r.monetary * days, c + days)
        });
        if count > 0.0 {
            sum / count
        } else {
            0.0
        }
    };
    let data = Prepared::weighted(summaries, n, weights.map(<[f64]>::to_vec));
    let fits = fit_models(&data, params, None)?;
    Ok(predict(&data, params, fitted, fits, true, &fallback))
}

fn check(p: &ForecastParams) -> Result<(), Error> {
    let bad =
        |name: &'static str, reason: &str| Err(Error::BadParameter { name, reason: reason.into() });
    if !(p.horizon_days.is_finite() && p.horizon_days > 0.0 && p.horizon_days <= 36_525.0) {
        return bad("horizonDays", "must be more than 0 and at most 100 years");
    }
    if p.clv_months == 0 || p.clv_months > 1200 {
        return bad("clvMonths", "must be between 1 and 1200");
    }
    if !(p.annual_discount_rate.is_finite() && p.annual_discount_rate > -1.0) {
        return bad("annualDiscountRate", "must be a number above −1 (e.g. 0.1 for 10 %)");
    }
    if p.margin.is_some_and(|m| !(0.0..=1.0).contains(&m)) {
        return bad("margin", "must be a fraction of revenue between 0 and 1");
    }
    if !(0.0..=1.0).contains(&p.alive_threshold) {
        return bad("aliveThreshold", "must be between 0 and 1");
    }
    Ok(())
}

/// The shop's mean revenue per purchase day up to `obs_end` (the spend of every customer when
/// Gamma-Gamma cannot be fitted).
fn mean_purchase_revenue(ds: &Dataset, obs_end: Day) -> f64 {
    let (mut units, mut days) = (0i128, 0u64);
    for p in ds.purchases.iter().filter(|p| p.orders > 0 && p.day <= obs_end) {
        units += i128::from(p.revenue.units());
        days += 1;
    }
    let sum = Money::sum_to_decimal(units);
    let mean = if days == 0 { 0.0 } else { sum.to_f64().unwrap_or(0.0) / days as f64 };
    super::finite_non_negative(mean)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{import_bytes, ImportOptions};
    use crate::models::testing::simulated_shop;

    fn dataset(csv: &str) -> Dataset {
        let csv = format!("customer_id,order_date,amount\n{csv}");
        import_bytes(csv.as_bytes(), &ImportOptions::default()).unwrap().dataset
    }

    #[test]
    fn forecast_gives_finite_non_negative_values_for_every_customer() {
        let ds = simulated_shop(400, 7);
        let f = forecast(&ds, &ForecastParams::default()).unwrap();
        assert_eq!(f.customers.p_alive.len(), ds.customers());
        let c = &f.customers;
        for i in 0..ds.customers() {
            assert!((0.0..=1.0).contains(&c.p_alive[i]), "{i}");
            for v in [c.expected_purchases[i], c.expected_spend[i], c.clv[i]] {
                assert!(v.is_finite() && v >= 0.0, "{i}: {v}");
            }
        }
        assert!(f.totals.expected_purchases > 0.0 && f.totals.clv > 0.0);
        let sum: f64 = c.expected_purchases.iter().sum();
        assert!((sum - f.totals.expected_purchases).abs() < 1e-9 * sum);
        assert!(!f.validation.is_empty());
        assert_eq!(Some(f.model), f.suggested_model);
    }

    #[test]
    fn a_margin_scales_clv_but_not_revenue() {
        let ds = simulated_shop(300, 8);
        let base =
            ForecastParams { validate: false, model: Some(ModelKind::BgNbd), ..Default::default() };
        let revenue = forecast(&ds, &base).unwrap();
        let profit = forecast(&ds, &ForecastParams { margin: Some(0.3), ..base }).unwrap();
        assert!((profit.totals.clv - 0.3 * revenue.totals.clv).abs() < 1e-9 * revenue.totals.clv);
        assert_eq!(profit.totals.expected_revenue, revenue.totals.expected_revenue);
    }

    #[test]
    fn a_two_day_history_is_forecast_with_the_warning_that_it_is_too_short() {
        // 60 customers on 2024-03-01, half of them again on 2024-03-02: two days of orders.
        let csv: String = (0..60)
            .flat_map(|k| {
                let again = (k % 2 == 0).then(|| format!("C{k},2024-03-02,1500\n"));
                std::iter::once(format!("C{k},2024-03-01,{}\n", 1000 + 10 * k)).chain(again)
            })
            .collect();
        let p = ForecastParams { validate: false, unit: TimeUnit::Days, ..Default::default() };
        let f = forecast(&dataset(&csv), &p).unwrap();
        // T = 1 day for everyone (the day after the first), every repeat gap 1 day.
        assert_eq!(
            f.short_history,
            Some(ShortHistory { span_days: 1.0, horizon_days: 365.0, median_gap_days: Some(1.0) })
        );
        let long = forecast(&crate::models::testing::simulated_shop(300, 2), &p).unwrap();
        assert_eq!(long.short_history, None);
    }

    #[test]
    fn only_one_time_buyers_is_a_clear_error() {
        let csv: String =
            (0..50).map(|k| format!("C{k},2024-01-{:02},1000\n", k % 28 + 1)).collect();
        let err = forecast(&dataset(&csv), &ForecastParams::default()).unwrap_err();
        assert_eq!(err.code(), "not_identifiable");
        assert!(err.to_string().contains("only once"), "{err}");
    }

    #[test]
    fn an_observation_end_before_every_purchase_is_refused() {
        let ds = simulated_shop(50, 9);
        let early = crate::date::days_from_civil(2021, 1, 1);
        let p = ForecastParams { observation_end: Some(early), ..Default::default() };
        let err = forecast(&ds, &p).unwrap_err();
        assert_eq!(err.code(), "bad_parameter");
        assert!(err.to_string().contains("2021-01-01"), "{err}");
    }

    #[test]
    fn bad_parameters_are_refused() {
        let ds = simulated_shop(50, 9);
        let cases = [
            ForecastParams { horizon_days: 0.0, ..Default::default() },
            ForecastParams { clv_months: 0, ..Default::default() },
            ForecastParams { annual_discount_rate: f64::NAN, ..Default::default() },
            ForecastParams { margin: Some(1.5), ..Default::default() },
        ];
        for p in cases {
            assert_eq!(forecast(&ds, &p).unwrap_err().code(), "bad_parameter");
        }
    }
}
