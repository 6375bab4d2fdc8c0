//! Predictive customer-base models ("buy till you die"): who is still a customer, how many
//! purchases each will make, what they will spend, and what they are worth.
//!
//! Map of the module:
//! * their input, per-customer `(x, t_x, T, monetary)` with the calibration/holdout split and
//!   the compression of identical histories, is [`crate::summary`]'s (a layer below);
//! * [`bgnbd`], [`mbgnbd`], [`pareto_nbd`]: the transaction models (fit, P(alive), expected
//!   purchases), [`gamma_gamma`]: spend per purchase;
//! * [`sbg`]: the shifted-beta-geometric model of 定期 (contractual) retention, fitted on
//!   censored cycle counts (Fader & Hardie 2007);
//! * [`clv`]: discounted value over a horizon; [`validation`]: holdout checks and the model
//!   suggestion; [`forecast`](forecast()): the one entry point the page calls;
//! * [`input`]: the forecast's input as bytes, for the worker that runs it beside the page's;
//! * [`special`] and [`optimize`]: the numerics (log-space ₂F₁, BFGS, Hessian).
//!
//! Fitting is a function from data to a value ([`Fitted`]); predictions are functions of the
//! parameters. All maths is `f64` in log space; money becomes `f64` only in [`crate::summary`].

pub mod bgnbd;
pub mod clv;
pub mod forecast;
pub mod gamma_gamma;
pub mod input;
pub mod interval;
pub mod mbgnbd;
pub mod optimize;
pub mod pareto_nbd;
mod predict;
pub mod sbg;
mod short_history;
pub mod special;
pub mod validation;

pub use forecast::{forecast, forecast_with_progress, Forecast, ForecastParams};

use crate::summary::Row;
use crate::Error;
use optimize::{covariance, hessian, minimize, minimize_from, Objective, Settings};
use serde::{Deserialize, Serialize};

/// Fewer repeat buyers than this cannot identify a model's parameters.
pub const MIN_REPEAT_BUYERS: f64 = 10.0;

/// The search keeps every parameter within [e^−11.5, e^11.5] ≈ [1e-5, 1e5] (times scaled so the
/// longest T is 10, money so the mean spend is 1): fitted values of real data are of order
/// 0.01–100, and a parameter that runs to the wall marks a limiting case of the model (e.g.
/// a, b → ∞: everyone has the same dropout probability), reported in [`FitReport::at_bound`].
const LOG_BOUND: f64 = 7.0;

/// How to fit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FitOptions {
    /// L2 penalty `λ Σ θ²` on the parameters, added to the mean negative log-likelihood with
    /// times scaled so that the longest `T` is 10 (lifetimes' `penalizer_coef`). 0 = plain MLE.
    pub penalizer_coef: f64,
    /// BFGS iterations allowed.
    pub max_iterations: u32,
    /// Converged when every component of the gradient of the mean negative log-likelihood
    /// (in log-parameters) is at most this.
    pub gradient_tolerance: f64,
    /// Compute standard errors (a numerical Hessian: a few more likelihood evaluations).
    pub standard_errors: bool,
}

impl Default for FitOptions {
    fn default() -> Self {
        FitOptions {
            penalizer_coef: 0.0,
            max_iterations: 300,
            gradient_tolerance: 1e-7,
            standard_errors: true,
        }
    }
}

/// How a fit went.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FitReport {
    /// True when the gradient test was met (a fit that stops close to it is still returned,
    /// with `false` here).
    pub converged: bool,
    /// Optimiser iterations.
    pub iterations: u32,
    /// The log-likelihood at the estimate, in the data's time unit.
    pub log_likelihood: f64,
    /// Akaike information criterion, 2k − 2 LL.
    pub aic: f64,
    /// Bayesian information criterion, k ln n − 2 LL.
    pub bic: f64,
    /// Customers the fit used.
    pub n: f64,
    /// The parameters' names, in the order of `standard_errors`.
    pub parameters: Vec<&'static str>,
    /// Standard errors (inverse Hessian, delta method from log-parameters); `None` when the
    /// Hessian is not positive definite or the parameter is at the search bound.
    pub standard_errors: Vec<Option<f64>>,
    /// Parameters that ran to the search bound: the data point to a limiting case of the model
    /// (e.g. `["a", "b"]`: no heterogeneity in the dropout probability). Predictions remain
    /// valid; the parameter values themselves are not meaningful.
    pub at_bound: Vec<&'static str>,
    /// The covariance of the log-parameters (row-major, in the order of `parameters`; rows and
    /// columns of parameters at the bound are zero), when the standard errors exist: the input
    /// of the forecast's intervals. Not serialised.
    #[serde(skip)]
    pub log_covariance: Option<Vec<f64>>,
}

/// Fitted parameters with their report.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Fitted<P> {
    /// The estimate.
    pub params: P,
    /// How the fit went.
    pub report: FitReport,
}

/// The transaction models.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, strum::EnumIter)]
#[serde(rename_all = "camelCase")]
pub enum ModelKind {
    /// BG/NBD (Fader, Hardie & Lee 2005).
    BgNbd,
    /// MBG/NBD (Batislam, Denizel & Filiztekin 2007).
    MbgNbd,
    /// Pareto/NBD (Schmittlein, Morrison & Colombo 1987).
    ParetoNbd,
}

impl ModelKind {
    /// Every model, in the order they are tried.
    pub const ALL: [ModelKind; 3] = [ModelKind::BgNbd, ModelKind::MbgNbd, ModelKind::ParetoNbd];

    /// The stable name used in errors and outputs, e.g. `"bgNbd"`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            ModelKind::BgNbd => "bgNbd",
            ModelKind::MbgNbd => "mbgNbd",
            ModelKind::ParetoNbd => "paretoNbd",
        }
    }
}

/// The parameters of one fitted transaction model: every prediction of the three models through
/// one type.
///
/// ```
/// use ltv::models::{bgnbd, TransactionModel};
/// let m = TransactionModel::BgNbd(bgnbd::Params { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 });
/// let (x, t_x, t) = (2, 30.43, 38.86);
/// let e = m.expected_purchases(x, t_x, t, 39.0);
/// assert!((e - m.p_alive(x, t_x, t) * m.expected_purchases_if_alive(x, t, 39.0)).abs() < 1e-15);
/// assert!((e - 1.226).abs() < 2e-3 && m.expected_purchases_new(78.0) > 1.8);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum TransactionModel {
    /// BG/NBD.
    BgNbd(bgnbd::Params),
    /// MBG/NBD.
    MbgNbd(mbgnbd::Params),
    /// Pareto/NBD.
    ParetoNbd(pareto_nbd::Params),
}

impl TransactionModel {
    /// Which model this is.
    #[must_use]
    pub fn kind(&self) -> ModelKind {
        match self {
            TransactionModel::BgNbd(_) => ModelKind::BgNbd,
            TransactionModel::MbgNbd(_) => ModelKind::MbgNbd,
            TransactionModel::ParetoNbd(_) => ModelKind::ParetoNbd,
        }
    }

    /// P(alive at `t` | x, t_x, T = `t`).
    #[must_use]
    pub fn p_alive(&self, x: u32, t_x: f64, t: f64) -> f64 {
        match self {
            TransactionModel::BgNbd(p) => bgnbd::p_alive(p, x, t_x, t),
            TransactionModel::MbgNbd(p) => mbgnbd::p_alive(p, x, t_x, t),
            TransactionModel::ParetoNbd(p) => pareto_nbd::p_alive(p, x, t_x, t),
        }
    }

    /// Expected purchases in (T, T + `horizon`] of a customer still alive at T with `x` repeat
    /// purchases; the conditional expectation is this times [`TransactionModel::p_alive`]. It
    /// does not depend on `t_x`, so callers can share it between customers.
    #[must_use]
    pub fn expected_purchases_if_alive(&self, x: u32, t: f64, horizon: f64) -> f64 {
        match self {
            TransactionModel::BgNbd(p) => bgnbd::expected_purchases_if_alive(p, x, t, horizon),
            TransactionModel::MbgNbd(p) => mbgnbd::expected_purchases_if_alive(p, x, t, horizon),
            TransactionModel::ParetoNbd(p) => {
                pareto_nbd::expected_purchases_if_alive(p, x, t, horizon)
            }
        }
    }

    /// [`TransactionModel::expected_purchases_if_alive`] at several horizons, into `out` (for
    /// BG/NBD and MBG/NBD the horizons share their ₂F₁ series' coefficients).
    pub fn expected_purchases_if_alive_each(
        &self,
        x: u32,
        t: f64,
        horizons: &[f64],
        out: &mut [f64],
    ) {
        use bgnbd::{family_if_alive_each, Family};
        match self {
            TransactionModel::BgNbd(_) => {
                family_if_alive_each(self.values(), Family::Bg, x, t, horizons, out);
            }
            TransactionModel::MbgNbd(_) => {
                family_if_alive_each(self.values(), Family::Mbg, x, t, horizons, out);
            }
            TransactionModel::ParetoNbd(p) => {
                for (o, &h) in out.iter_mut().zip(horizons) {
                    *o = pareto_nbd::expected_purchases_if_alive(p, x, t, h);
                }
            }
        }
    }

    /// Expected purchases in (T, T + `horizon`] given the history (the conditional expectation).
    /// Never inlined: its callers (validation, CLV, 回収期間) would each hold a copy of the
    /// three models' code.
    #[must_use]
    #[inline(never)]
    pub fn expected_purchases(&self, x: u32, t_x: f64, t: f64, horizon: f64) -> f64 {
        self.p_alive(x, t_x, t) * self.expected_purchases_if_alive(x, t, horizon)
    }

    /// The parameters in the order of the model's `PARAMETERS`.
    #[must_use]
    pub fn values(&self) -> [f64; 4] {
        match *self {
            TransactionModel::BgNbd(bgnbd::Params { r, alpha, a, b })
            | TransactionModel::MbgNbd(mbgnbd::Params { r, alpha, a, b }) => [r, alpha, a, b],
            TransactionModel::ParetoNbd(pareto_nbd::Params { r, alpha, s, beta }) => {
                [r, alpha, s, beta]
            }
        }
    }

    /// The same model with parameters `v` (in the order of [`TransactionModel::values`]).
    #[must_use]
    pub fn with_values(&self, [r, alpha, a, b]: [f64; 4]) -> TransactionModel {
        match self {
            TransactionModel::BgNbd(_) => TransactionModel::BgNbd(bgnbd::Params { r, alpha, a, b }),
            TransactionModel::MbgNbd(_) => {
                TransactionModel::MbgNbd(mbgnbd::Params { r, alpha, a, b })
            }
            TransactionModel::ParetoNbd(_) => {
                TransactionModel::ParetoNbd(pareto_nbd::Params { r, alpha, s: a, beta: b })
            }
        }
    }

    /// Expected repeat purchases in (0, `horizon`] of a customer who has just made a first
    /// purchase (the unconditional E[X(t)]).
    #[must_use]
    pub fn expected_purchases_new(&self, horizon: f64) -> f64 {
        match self {
            TransactionModel::BgNbd(p) => bgnbd::expected_purchases_new(p, horizon),
            TransactionModel::MbgNbd(p) => mbgnbd::expected_purchases_new(p, horizon),
            TransactionModel::ParetoNbd(p) => pareto_nbd::expected_purchases_new(p, horizon),
        }
    }
}

/// Fits the transaction model `kind` to compressed rows.
///
/// ```
/// use ltv::{models::{fit, FitOptions, ModelKind}, summary::Row};
/// // 40 one-time buyers and 20 repeat buyers of various recency (times in weeks).
/// let mut rows: Vec<Row> = (0..40).map(|k| Row { x: 0, t_x: 0.0, t: 20.0 + f64::from(k), weight: 1.0 }).collect();
/// rows.extend((1..=20).map(|k| Row { x: k % 5 + 1, t_x: f64::from(k), t: 40.0, weight: 1.0 }));
/// let fitted = fit(ModelKind::BgNbd, &rows, &FitOptions::default()).unwrap();
/// assert!(fitted.report.converged && fitted.report.log_likelihood < 0.0);
/// ```
pub fn fit(
    kind: ModelKind,
    rows: &[Row],
    options: &FitOptions,
) -> Result<Fitted<TransactionModel>, Error> {
    Ok(match kind {
        ModelKind::BgNbd => {
            let f = bgnbd::fit(rows, options)?;
            Fitted { params: TransactionModel::BgNbd(f.params), report: f.report }
        }
        ModelKind::MbgNbd => {
            let f = mbgnbd::fit(rows, options)?;
            Fitted { params: TransactionModel::MbgNbd(f.params), report: f.report }
        }
        ModelKind::ParetoNbd => {
            let f = pareto_nbd::fit(rows, options)?;
            Fitted { params: TransactionModel::ParetoNbd(f.params), report: f.report }
        }
    })
}

/// Compressed rows as columns, grouped by `x` (so per-`x` gamma terms are computed once per
/// group), with times multiplied by a scale. Each row also points into `times`, the distinct
/// times: orders fall on whole days, so there are only as many as days in the history, and
/// per-time logarithms can be computed once per likelihood evaluation instead of once per row.
pub(crate) struct Columns {
    /// `(x, start, end)`: rows `start..end` have this `x`.
    pub groups: Vec<(u32, usize, usize)>,
    pub w: Vec<f64>,
    /// The distinct values of `t` and `t_x`, ascending.
    pub times: Vec<f64>,
    /// Per row, the index of `t` and of `t_x` in `times`.
    pub t_at: Vec<u32>,
    pub t_x_at: Vec<u32>,
    /// Σ w.
    pub n: f64,
}

impl Columns {
    pub fn new(rows: &[Row], scale: f64) -> Columns {
        let mut order: Vec<usize> = (0..rows.len()).collect();
        order.sort_by_key(|&i| rows[i].x);
        let mut times: Vec<f64> = rows.iter().flat_map(|r| [r.t * scale, r.t_x * scale]).collect();
        times.sort_by(f64::total_cmp);
        times.dedup();
        let at = |v: f64| times.partition_point(|&u| u < v) as u32;
        let mut c = Columns {
            groups: Vec::new(),
            w: Vec::with_capacity(rows.len()),
            t_at: Vec::with_capacity(rows.len()),
            t_x_at: Vec::with_capacity(rows.len()),
            times: Vec::new(),
            n: 0.0,
        };
        for (k, &i) in order.iter().enumerate() {
            let r = rows[i];
            match c.groups.last_mut() {
                Some(g) if g.0 == r.x => g.2 = k + 1,
                _ => c.groups.push((r.x, k, k + 1)),
            }
            c.t_x_at.push(at(r.t_x * scale));
            c.t_at.push(at(r.t * scale));
            c.w.push(r.weight);
            c.n += r.weight;
        }
        c.times = times;
        c
    }

    /// The log-likelihood in the rows' own time unit, from `ll_scaled` computed on these
    /// columns (times × `scale`) at the correspondingly scaled parameters: the likelihood is a
    /// density in the x purchase times, so scaling time by k multiplies it by k^−x.
    pub fn unscaled_ll(&self, ll_scaled: f64, scale: f64) -> f64 {
        let purchases: f64 = self
            .groups
            .iter()
            .map(|&(x, start, end)| f64::from(x) * self.w[start..end].iter().sum::<f64>())
            .sum();
        ll_scaled + scale.ln() * purchases
    }
}

/// Above this many distinct histories (or spends), a fit starts from the optimum on a
/// systematic subsample of at most half as many: the search on all of them then needs only a
/// few iterations.
pub(crate) const WARM_START_ROWS: usize = 20_000;

/// Every k-th item, at most `limit / 2` of them (compressed rows come sorted by x, tₓ, T, so
/// the sample spreads over all histories), or `None` when there are at most `limit` and the
/// search starts from scratch.
pub(crate) fn subsample<T: Copy>(rows: &[T], limit: usize) -> Option<Vec<T>> {
    (rows.len() > limit).then(|| {
        let k = rows.len().div_ceil((limit / 2).max(1));
        rows.iter().step_by(k).copied().collect()
    })
}

/// Where a search starts: a point and, after a warm start, an inverse-Hessian estimate.
pub(crate) struct Start {
    pub x: Vec<f64>,
    pub inverse_hessian: Option<Vec<f64>>,
}

impl Start {
    /// All parameters 1 (times scaled so the longest T is 10, money to a mean of 1).
    pub fn cold(k: usize) -> Start {
        Start { x: vec![0.0; k], inverse_hessian: None }
    }

    /// The optimum of `objective` (on a subsample) and BFGS's curvature there.
    pub fn warm(objective: &mut impl Objective, k: usize, options: &FitOptions) -> Start {
        let m = minimize(objective, &vec![0.0; k], &search_settings(options));
        Start { x: m.x, inverse_hessian: Some(m.inverse_hessian) }
    }
}

/// The search settings of a fit.
pub(crate) fn search_settings(options: &FitOptions) -> Settings {
    Settings {
        max_iterations: options.max_iterations,
        gradient_tolerance: options.gradient_tolerance,
        bound: LOG_BOUND,
    }
}

/// The factor that brings the longest `T` to 10 (lifetimes' scaling): the optimiser then
/// starts from parameters of order 1 whatever the time unit.
pub(crate) fn time_scale(rows: &[Row]) -> f64 {
    let max_t = rows.iter().fold(0.0f64, |m, r| m.max(r.t));
    if max_t > 0.0 && max_t.is_finite() {
        10.0 / max_t
    } else {
        1.0
    }
}

/// Refuses data without enough repeat buyers to tell the purchase rate from the dropout.
pub(crate) fn require_repeat_buyers(model: &'static str, rows: &[Row]) -> Result<(), Error> {
    let bad = rows.iter().any(|r| {
        !(r.t.is_finite() && r.t_x.is_finite() && r.weight.is_finite())
            || r.t_x < 0.0
            || r.t_x > r.t
            || r.weight < 0.0
    });
    if bad {
        return Err(Error::BadParameter {
            name: "rows",
            reason: "times must be finite with 0 ≤ t_x ≤ T, weights non-negative".into(),
        });
    }
    let repeaters: f64 = rows.iter().filter(|r| r.x > 0).map(|r| r.weight).sum();
    if repeaters < MIN_REPEAT_BUYERS {
        let reason = if repeaters == 0.0 {
            "every customer bought only once".to_string()
        } else {
            format!("only {repeaters} repeat buyers (at least {MIN_REPEAT_BUYERS} are needed)")
        };
        return Err(Error::NotIdentifiable { model, reason });
    }
    Ok(())
}

/// lifetimes' L2 penalty λ Σ θ² on the natural parameters, and its gradient in log-parameters
/// added to `grad`.
pub(crate) fn add_penalty(theta: &[f64], lambda: f64, grad: Option<&mut [f64]>) -> f64 {
    if lambda == 0.0 {
        return 0.0;
    }
    if let Some(g) = grad {
        g.iter_mut().zip(theta).for_each(|(g, th)| *g += 2.0 * lambda * th * th);
    }
    lambda * theta.iter().map(|th| th * th).sum::<f64>()
}

/// exp of log-parameters, or `None` if one overflows or underflows (outside the model).
pub(crate) fn positive_params<const K: usize>(log_params: &[f64]) -> Option<[f64; K]> {
    let mut theta = [0.0; K];
    for (th, l) in theta.iter_mut().zip(log_params) {
        *th = l.exp();
        if !(th.is_finite() && *th > 0.0) {
            return None;
        }
    }
    Some(theta)
}

/// The optimiser's result in log-parameters.
pub(crate) struct Estimate {
    pub log_params: Vec<f64>,
    /// Standard errors of the log-parameters.
    pub log_se: Vec<Option<f64>>,
    /// Their covariance (see [`FitReport::log_covariance`]).
    pub log_covariance: Option<Vec<f64>>,
    pub converged: bool,
    pub iterations: u32,
    pub at_bound: Vec<bool>,
}

/// Minimises a mean negative log-likelihood over log-parameters and derives standard errors
/// from the Hessian of `n` times it. A search that ends far from a stationary point is an error;
/// one that ends close to it (gradient ≤ 1e-4) is returned as not converged.
pub(crate) fn estimate(
    model: &'static str,
    objective: &mut impl Objective,
    start: &Start,
    n: f64,
    options: &FitOptions,
) -> Result<Estimate, Error> {
    let settings = search_settings(options);
    let m = minimize_from(objective, &start.x, start.inverse_hessian.as_deref(), &settings);
    if !m.value.is_finite() || !(m.converged || m.gradient_norm <= 1e-4) {
        return Err(Error::NotConverged { model, iterations: m.iterations });
    }
    let mut log_se = vec![None; m.x.len()];
    if !options.standard_errors {
        return Ok(Estimate {
            log_params: m.x,
            log_se,
            log_covariance: None,
            converged: m.converged,
            iterations: m.iterations,
            at_bound: m.at_bound,
        });
    }
    // Standard errors of the free parameters from their block of the Hessian of n × objective.
    let h = hessian(objective, &m.x);
    let free: Vec<usize> = (0..m.x.len()).filter(|&i| !m.at_bound[i]).collect();
    let block: Vec<f64> = free
        .iter()
        .flat_map(|&i| free.iter().map(move |&j| (i, j)))
        .map(|(i, j)| h[i * m.x.len() + j] * n)
        .collect();
    let k = m.x.len();
    let mut log_covariance = None;
    if let Some(cov) = covariance(&block) {
        let mut full = vec![0.0; k * k];
        for (u, &i) in free.iter().enumerate() {
            log_se[i] = Some(cov[u * free.len() + u].sqrt()).filter(|v| v.is_finite());
            for (v, &j) in free.iter().enumerate() {
                full[i * k + j] = cov[u * free.len() + v];
            }
        }
        log_covariance = full.iter().all(|v| v.is_finite()).then_some(full);
    }
    Ok(Estimate {
        log_params: m.x,
        log_se,
        log_covariance,
        converged: m.converged,
        iterations: m.iterations,
        at_bound: m.at_bound,
    })
}

impl FitReport {
    /// The report of an estimate with natural parameters `theta` and log-likelihood `ll`.
    pub(crate) fn new(
        parameters: &[&'static str],
        theta: &[f64],
        ll: f64,
        n: f64,
        est: &Estimate,
    ) -> FitReport {
        let k = theta.len() as f64;
        FitReport {
            converged: est.converged,
            iterations: est.iterations,
            log_likelihood: ll,
            aic: 2.0 * k - 2.0 * ll,
            bic: k * n.max(1.0).ln() - 2.0 * ll,
            n,
            parameters: parameters.to_vec(),
            // Delta method: SE(θ) = θ · SE(ln θ).
            standard_errors: theta
                .iter()
                .zip(&est.log_se)
                .map(|(th, se)| se.map(|s| th * s))
                .collect(),
            at_bound: parameters.iter().zip(&est.at_bound).filter(|p| *p.1).map(|p| *p.0).collect(),
            log_covariance: est.log_covariance.clone(),
        }
    }
}

/// A probability for the outputs: clamped to [0, 1], NaN (a bug upstream) as 0.
pub(crate) fn probability(v: f64) -> f64 {
    if v.is_nan() {
        0.0
    } else {
        v.clamp(0.0, 1.0)
    }
}

/// An expectation for the outputs: never negative, NaN (a bug upstream) as 0, never infinite.
pub(crate) fn finite_non_negative(v: f64) -> f64 {
    if v.is_nan() || v <= 0.0 {
        0.0
    } else {
        v.min(f64::MAX)
    }
}

/// A small simulated shop for the unit tests.
#[cfg(test)]
pub(crate) mod testing {
    use crate::dataset::Dataset;
    use crate::date::{days_from_civil, format_day};
    use crate::import::{import_bytes, ImportOptions};

    /// SplitMix64: a fixed, seeded sequence of uniforms in (0, 1).
    struct Uniforms(u64);

    impl Uniforms {
        fn next(&mut self) -> f64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64 + 0.5 / (1u64 << 53) as f64
        }
    }

    /// `customers` BG/NBD customers over two years from 2022-01-01, first purchases spread over
    /// the first 180 days: rate λ ~ Exponential(mean 1/30 per day) = Gamma(1, 30 days),
    /// dropout p = u³ ~ Beta(1/3, 1) after each purchase; spend varies by customer and order.
    pub(crate) fn simulated_shop(customers: u32, seed: u64) -> Dataset {
        import_bytes(simulated_shop_csv(customers, seed).as_bytes(), &ImportOptions::default())
            .expect("invariant: valid CSV")
            .dataset
    }

    /// The order file of [`simulated_shop`].
    pub(crate) fn simulated_shop_csv(customers: u32, seed: u64) -> String {
        let mut u = Uniforms(seed);
        let start = days_from_civil(2022, 1, 1);
        let end = start + 730;
        let mut csv = String::from("customer_id,order_date,amount\n");
        for k in 0..customers {
            let lambda = -u.next().ln() / 30.0;
            let p = u.next().powi(3);
            let mean_spend = 2000.0 + 3000.0 * u.next();
            let mut time = f64::from(start) + 180.0 * u.next();
            loop {
                let day = time.floor() as i32;
                if day > end {
                    break;
                }
                let amount = (mean_spend * (0.5 + u.next())).round();
                csv.push_str(&format!("C{k},{},{amount}\n", format_day(day)));
                if u.next() < p {
                    break;
                }
                time += -u.next().ln() / lambda;
            }
        }
        csv
    }
}
