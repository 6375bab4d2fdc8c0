//! Steps 2–4 of the forecast ([`super::forecast`]): the final fit (the candidates in order, the
//! first that fits), Gamma-Gamma for spend, and every customer's figures with their 80 %
//! intervals ([`super::interval`]).
//!
//! Customers with the same (x, T) share their expectations and customers with the same
//! (x, tₓ, T) share everything but spend, so the work grows with distinct histories; the
//! expectations at the purchases' horizon and at every month end of the CLV are one call per
//! (x, T). The intervals' gradients are forward differences: one more pass over the histories
//! per free parameter of the transaction model, and a closed form per customer for spend.

use super::clv::{discount_factors, discounted_sum, month_ends};
use super::forecast::{
    candidate_order, CustomerForecasts, Forecast, ForecastParams, ForecastTotals, Issue,
    ShortHistory, TotalIntervals,
};
use super::validation::ModelValidation;
use super::Fitted;
use super::{fit, gamma_gamma, interval, ModelKind, TransactionModel};
use crate::summary::{compress_weighted, Compressed, Row, Summaries};
use crate::Error;

/// What was settled before the final fit.
pub(super) struct Fitting {
    pub(super) validation: Vec<ModelValidation>,
    pub(super) suggested_model: Option<ModelKind>,
    pub(super) issues: Vec<Issue>,
    pub(super) observation_end: String,
}

/// What the fits and the predictions read: every customer's summary, the distinct histories,
/// and the number of customers of the file (summary `i` is customer `summaries.customer[i]`).
pub(super) struct Prepared {
    pub(super) summaries: Summaries,
    pub(super) compressed: Compressed,
    pub(super) customers: usize,
    /// Customers per summary (weighted rows); `None`: one each.
    pub(super) weights: Option<Vec<f64>>,
}

impl Prepared {
    pub(super) fn new(summaries: Summaries, customers: usize) -> Prepared {
        Prepared::weighted(summaries, customers, None)
    }

    pub(super) fn weighted(
        summaries: Summaries,
        customers: usize,
        weights: Option<Vec<f64>>,
    ) -> Prepared {
        let compressed = compress_weighted(&summaries.rows, weights.as_deref());
        Prepared { summaries, compressed, customers, weights }
    }

    fn weight(&self, i: usize) -> f64 {
        self.weights.as_ref().map_or(1.0, |w| w.get(i).copied().unwrap_or(0.0))
    }
}

/// Step 2: the models fitted on all the data.
#[derive(Clone)]
pub(super) struct Fits {
    transactions: Fitted<TransactionModel>,
    spend: Option<Fitted<gamma_gamma::Params>>,
    /// The candidates that did not fit and Gamma-Gamma's failure, if any.
    issues: Vec<Issue>,
}

impl Fits {
    /// The transaction model fitted.
    pub(super) fn model(&self) -> ModelKind {
        self.transactions.params.kind()
    }
}

/// Step 2: the transaction model (the candidates in order, the first that fits) and
/// Gamma-Gamma, on the compressed histories and the customers' summaries.
pub(super) fn fit_models(
    data: &Prepared,
    params: &ForecastParams,
    suggested_model: Option<ModelKind>,
) -> Result<Fits, Error> {
    let mut issues = Vec::new();
    let mut transactions = None;
    let mut first_error = None;
    for kind in candidate_order(params, suggested_model) {
        match fit(kind, &data.compressed.rows, &params.fit) {
            Ok(f) => {
                transactions = Some(f);
                break;
            }
            Err(e) => {
                issues.push(Issue::new(kind.name(), &e));
                first_error.get_or_insert(e);
            }
        }
    }
    let transactions = match (transactions, first_error) {
        (Some(t), _) => t,
        (None, Some(e)) => return Err(e),
        (None, None) => return Err(Error::NotConverged { model: "bgNbd", iterations: 0 }),
    };
    let fitted_spend = match &data.weights {
        Some(_) => Err(Error::NeedsCustomerRows { view: "gammaGamma" }),
        None => gamma_gamma::fit(&data.summaries.rows, &params.fit),
    };
    let spend = match fitted_spend {
        Ok(f) => Some(f),
        Err(e) => {
            issues.push(Issue::new("gammaGamma", &e));
            None
        }
    };
    Ok(Fits { transactions, spend, issues })
}

/// Steps 3–4: every customer's predictions from `fits`, with their 80 % intervals when
/// `intervals` is asked for and the fit gave a covariance.
// One copy for every caller (not inlined into each): it is the biggest function of the
// forecast, and the page's wasm has a size budget.
#[inline(never)]
pub(super) fn predict(
    data: &Prepared,
    params: &ForecastParams,
    fitted: Fitting,
    fits: Fits,
    intervals: bool,
    mean_spend: &dyn Fn() -> f64,
) -> Forecast {
    let (summaries, compressed, n) = (&data.summaries, &data.compressed, data.customers);
    let Fitting { validation, suggested_model, mut issues, observation_end } = fitted;
    let Fits { transactions, spend, issues: fit_issues } = fits;
    issues.extend(fit_issues);
    let unit = params.unit;
    let model = transactions.params;
    let rows = &compressed.rows;
    let horizon = Horizon {
        purchases: unit.from_days(params.horizon_days),
        month_ends: month_ends(unit, params.clv_months),
        factors: discount_factors(params.annual_discount_rate, params.clv_months),
    };
    let knots = Knots::new(&horizon.month_ends, &horizon.factors);
    let base = histories(&model, rows, horizon.purchases, &horizon.month_ends, |e| {
        (discounted_sum(e, &horizon.factors), knots.apply_at_months(e))
    });

    // The intervals' inputs: per free log-parameter of the transaction model, the derivatives
    // of every history's figures (the CLV's from a few month ends, see [`Knots`]); per free
    // Gamma-Gamma log-parameter, its shifted parameters.
    let transaction_cov = transactions.report.log_covariance.as_deref().filter(|_| intervals);
    let transaction_free = transaction_cov.map(|c| interval::free(c, 4)).unwrap_or_default();
    let derivatives: Vec<(usize, Histories)> = transaction_free
        .iter()
        .map(|&j| {
            let moved = model.with_values(interval::shifted(model.values(), j));
            let h = histories(&moved, rows, horizon.purchases, &knots.times, |e| {
                let v = knots.apply(e);
                (v, v)
            });
            (j, h.minus(&base))
        })
        .collect();
    let spend_fit = spend.as_ref().map(|f| (f.params, f.report.log_covariance.as_deref()));
    let spend_moves: Vec<(usize, gamma_gamma::Params)> = match spend_fit {
        Some((p, Some(cov))) if intervals => interval::free(cov, 3)
            .into_iter()
            .map(|j| {
                let [p, q, v] = interval::shifted([p.p, p.q, p.v], j);
                (j, gamma_gamma::Params { p, q, v })
            })
            .collect(),
        _ => Vec::new(),
    };
    let with_intervals = transaction_cov.is_some();

    let mut out = CustomerForecasts {
        p_alive: vec![0.0; n],
        expected_purchases: vec![0.0; n],
        expected_spend: vec![0.0; n],
        clv: vec![0.0; n],
        clv_range: if with_intervals { vec![[0.0; 2]; n] } else { Vec::new() },
    };
    let fallback_spend = if spend.is_none() { mean_spend() } else { 0.0 };
    let margin = params.margin.unwrap_or(1.0);
    let customers_total: f64 = (0..summaries.rows.len()).map(|i| data.weight(i)).sum();
    let mut totals = ForecastTotals {
        customers: customers_total.round() as u64,
        horizon_days: params.horizon_days,
        clv_months: params.clv_months,
        expected_purchases: 0.0,
        expected_revenue: 0.0,
        clv: 0.0,
        probably_lost: 0,
        probably_lost_share: 0.0,
        intervals: None,
    };
    // Gradients of the totals: [transaction model (4) | Gamma-Gamma (3)] per figure.
    let (mut g_purchases, mut g_revenue, mut g_clv) = ([0.0; 7], [0.0; 7], [0.0; 7]);
    for (i, s) in summaries.rows.iter().enumerate() {
        let (c, r) = (summaries.customer[i] as usize, compressed.row_of[i] as usize);
        let spend_per_purchase = match &spend {
            Some(f) => gamma_gamma::expected_spend(&f.params, s.x, s.monetary),
            None => fallback_spend,
        };
        let (purchases, discounted) = (base.purchases[r], base.discounted[r]);
        let clv = super::finite_non_negative(discounted * spend_per_purchase * margin);
        out.p_alive[c] = base.alive[r];
        out.expected_purchases[c] = purchases;
        out.expected_spend[c] = spend_per_purchase;
        out.clv[c] = clv;
        let w = data.weight(i);
        totals.expected_purchases += w * purchases;
        totals.expected_revenue += w * purchases * spend_per_purchase;
        totals.clv += w * clv;
        if base.alive[r] < params.alive_threshold {
            totals.probably_lost += w.round() as u64;
        }
        if !with_intervals {
            continue;
        }
        let mut g = [0.0; 7];
        for (j, d) in &derivatives {
            g[*j] = d.discounted[r] * spend_per_purchase * margin;
            g_purchases[*j] += w * d.purchases[r];
            g_revenue[*j] += w * d.purchases[r] * spend_per_purchase;
        }
        for (j, moved) in &spend_moves {
            let d = (gamma_gamma::expected_spend(moved, s.x, s.monetary) - spend_per_purchase)
                / interval::STEP;
            g[4 + j] = discounted * d * margin;
            g_revenue[4 + j] += w * purchases * d;
        }
        for (total, v) in g_clv.iter_mut().zip(&g) {
            *total += w * v;
        }
        out.clv_range[c] = interval::range(clv, variance(&g, transaction_cov, spend_fit));
    }
    if totals.customers > 0 {
        totals.probably_lost_share = totals.probably_lost as f64 / totals.customers as f64;
    }
    if with_intervals {
        let at =
            |value, g: &[f64; 7]| interval::range(value, variance(g, transaction_cov, spend_fit));
        totals.intervals = Some(TotalIntervals {
            level: interval::LEVEL,
            spend_uncertainty: !spend_moves.is_empty(),
            expected_purchases: at(totals.expected_purchases, &g_purchases),
            expected_revenue: at(totals.expected_revenue, &g_revenue),
            clv: at(totals.clv, &g_clv),
        });
    }
    let holdout_error = holdout_error(&validation, model.kind());
    let short_history = ShortHistory::check_weighted(
        &summaries.rows,
        data.weights.as_deref(),
        unit,
        params.horizon_days,
    );
    Forecast {
        unit,
        observation_end,
        model: model.kind(),
        suggested_model,
        transactions,
        spend,
        validation,
        holdout_error,
        issues,
        short_history,
        customers: out,
        totals,
    }
}

/// `kind`'s holdout error (see [`Forecast::holdout_error`]).
pub(super) fn holdout_error(validation: &[ModelValidation], kind: ModelKind) -> Option<f64> {
    validation
        .iter()
        .find(|v| v.model == kind && v.actual_total > 0.0)
        .map(|v| v.predicted_total / v.actual_total - 1.0)
}

/// How far ahead the per-customer figures look: the horizon of the expected purchases, and the
/// month ends and discount factors of the CLV.
struct Horizon {
    purchases: f64,
    month_ends: Vec<f64>,
    factors: Vec<f64>,
}

/// Per distinct history (compressed row): P(alive), expected purchases over the horizon and
/// discounted purchases over the CLV months, and the same from the [`Knots`] alone (what the
/// derivative passes are differenced against, so that the knots' own error cancels).
struct Histories {
    alive: Vec<f64>,
    purchases: Vec<f64>,
    discounted: Vec<f64>,
    discounted_at_knots: Vec<f64>,
}

impl Histories {
    /// (self − base) / [`interval::STEP`]: the forward-difference derivatives of the figures
    /// the intervals use (purchases, and discounted purchases from the knots; P(alive) is left
    /// as it is).
    fn minus(mut self, base: &Histories) -> Histories {
        for (v, b) in [
            (&mut self.purchases, &base.purchases),
            (&mut self.discounted, &base.discounted_at_knots),
        ] {
            for (v, b) in v.iter_mut().zip(b) {
                *v = (*v - b) / interval::STEP;
            }
        }
        self
    }
}

/// Every history's figures under `model`: P(alive), the expected purchases over `purchases`
/// and `discount` of the expectations at `clv_times` (the CLV's discounted purchases, and
/// those from the knots). The expectations of the alive depend on
/// (x, T) only, so they are computed once per (x, T), at every horizon in one call.
fn histories(
    model: &TransactionModel,
    rows: &[Row],
    purchases: f64,
    clv_times: &[f64],
    discount: impl Fn(&[f64]) -> (f64, f64),
) -> Histories {
    let key = |i: usize| (rows[i].x, rows[i].t.to_bits());
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_unstable_by_key(|&i| key(i));
    let mut h = Histories {
        alive: vec![0.0; rows.len()],
        purchases: vec![0.0; rows.len()],
        discounted: vec![0.0; rows.len()],
        discounted_at_knots: vec![0.0; rows.len()],
    };
    let horizons: Vec<f64> = std::iter::once(purchases).chain(clv_times.iter().copied()).collect();
    let mut expected = vec![0.0; horizons.len()];
    for run in order.chunk_by(|&i, &j| key(i) == key(j)) {
        let (x, t) = (rows[run[0]].x, rows[run[0]].t);
        model.expected_purchases_if_alive_each(x, t, &horizons, &mut expected);
        let over_horizon = expected[0];
        let (over_months, at_knots) = discount(&expected[1..]);
        for &i in run {
            let pa = model.p_alive(x, rows[i].t_x, t);
            (h.alive[i], h.purchases[i], h.discounted[i], h.discounted_at_knots[i]) =
                (pa, pa * over_horizon, pa * over_months, pa * at_knots);
        }
    }
    h
}

/// The CLV's month ends as the intervals' derivative passes see them: a knot every
/// [`KNOT_MONTHS`] months and at the last, with weights such that Σⱼ wⱼ E(knotⱼ) is the
/// discounted sum Σₖ fₖ (Eₖ − Eₖ₋₁) = Σₖ Eₖ (fₖ − fₖ₊₁) of E at every month end, E between
/// knots interpolated by the cubic through the four nearest knots (and E(0) = 0). E is smooth
/// in time, so the derivatives lose less than a thousandth (tested) while a pass costs a third.
struct Knots {
    /// The knots' month indices (from 0) and times.
    months: Vec<usize>,
    times: Vec<f64>,
    weights: Vec<f64>,
}

/// Months between the knots of [`Knots`].
const KNOT_MONTHS: usize = 3;

impl Knots {
    fn new(month_ends: &[f64], factors: &[f64]) -> Knots {
        let months = month_ends.len();
        let is_knot = |k: usize| months <= 4 || (k + 1) % KNOT_MONTHS == 0 || k + 1 == months;
        let knot_months: Vec<usize> = (0..months).filter(|&k| is_knot(k)).collect();
        // Nodes: t = 0 (where E is 0), then the knots.
        let nodes: Vec<f64> =
            std::iter::once(0.0).chain(knot_months.iter().map(|&k| month_ends[k])).collect();
        let mut weights = vec![0.0; knot_months.len()];
        for (k, &t) in month_ends.iter().enumerate() {
            let increment = factors[k] - factors.get(k + 1).copied().unwrap_or(0.0);
            if let Ok(j) = knot_months.binary_search(&k) {
                weights[j] += increment;
                continue;
            }
            // The four nodes around t (fewer when there are fewer).
            let above = nodes.partition_point(|&u| u < t);
            let first = above.saturating_sub(2).min(nodes.len().saturating_sub(4));
            let stencil = first..(first + 4).min(nodes.len());
            for i in stencil.clone().filter(|&i| i > 0) {
                let basis: f64 = stencil
                    .clone()
                    .filter(|&m| m != i)
                    .map(|m| (t - nodes[m]) / (nodes[i] - nodes[m]))
                    .product();
                weights[i - 1] += increment * basis;
            }
        }
        let times = knot_months.iter().map(|&k| month_ends[k]).collect();
        Knots { months: knot_months, times, weights }
    }

    /// Σⱼ wⱼ E(knotⱼ), from E at the knots.
    fn apply(&self, at_knots: &[f64]) -> f64 {
        self.weights.iter().zip(at_knots).map(|(w, e)| w * e).sum()
    }

    /// Σⱼ wⱼ E(knotⱼ), from E at every month end.
    fn apply_at_months(&self, at_months: &[f64]) -> f64 {
        self.weights.iter().zip(&self.months).map(|(w, &k)| w * at_months[k]).sum()
    }
}

/// gᵀΣg over the transaction model's block (g[0..4]) and Gamma-Gamma's (g[4..7]).
fn variance(
    g: &[f64; 7],
    transaction_cov: Option<&[f64]>,
    spend: Option<(gamma_gamma::Params, Option<&[f64]>)>,
) -> f64 {
    let t = transaction_cov.map_or(0.0, |c| interval::quadratic(&g[..4], c));
    let s = match spend {
        Some((_, Some(c))) => interval::quadratic(&g[4..], c),
        _ => 0.0,
    };
    t + s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::forecast::forecast;
    use crate::models::testing::simulated_shop;
    use crate::models::FitOptions;
    use crate::summary::{compress, summarize};

    #[test]
    fn totals_and_every_clv_carry_an_80_percent_interval_around_the_estimate() {
        let ds = simulated_shop(400, 7);
        let f = forecast(&ds, &ForecastParams::default()).unwrap();
        let t = &f.totals;
        let iv = t.intervals.as_ref().unwrap();
        assert_eq!(iv.level, 0.8);
        for (v, [lo, hi]) in [
            (t.expected_purchases, iv.expected_purchases),
            (t.expected_revenue, iv.expected_revenue),
            (t.clv, iv.clv),
        ] {
            assert!(lo > 0.0 && lo < v && v < hi && hi.is_finite(), "{lo} {v} {hi}");
            assert!(((lo * hi).sqrt() - v).abs() < 1e-9 * v); // symmetric on the log scale
        }
        let c = &f.customers;
        assert_eq!(c.clv_range.len(), ds.customers());
        for (v, [lo, hi]) in c.clv.iter().zip(&c.clv_range) {
            assert!(*lo <= *v && v <= hi && hi.is_finite(), "{lo} {v} {hi}");
        }
        // The chosen model's holdout error is its check's predicted / actual − 1.
        let v = f.validation.iter().find(|v| v.model == f.model).unwrap();
        assert_eq!(f.holdout_error, Some(v.predicted_total / v.actual_total - 1.0));
    }

    #[test]
    fn the_delta_interval_of_expected_purchases_matches_a_parametric_bootstrap_within_15_percent() {
        // 400 draws of the log-parameters from N(ln θ̂, Σ): the 10 % and 90 % quantiles of the
        // total against the delta method's interval.
        let ds = simulated_shop(400, 11);
        let p =
            ForecastParams { validate: false, model: Some(ModelKind::BgNbd), ..Default::default() };
        let f = forecast(&ds, &p).unwrap();
        let [lo, hi] = f.totals.intervals.as_ref().unwrap().expected_purchases;
        let cov = f.transactions.report.log_covariance.clone().unwrap();
        let l = cholesky(&cov, 4);
        let summaries = summarize(&ds, ds.day_range().unwrap().1, p.unit);
        let horizon = p.unit.from_days(p.horizon_days);
        let model = f.transactions.params;
        let mut rng = 0x2545_f491_4f6c_dd1du64;
        let mut totals: Vec<f64> = (0..400)
            .map(|_| {
                let e: Vec<f64> = (0..4).map(|_| normal(&mut rng)).collect();
                let mut v = model.values();
                for i in 0..4 {
                    v[i] *= (0..4).map(|j| l[i * 4 + j] * e[j]).sum::<f64>().exp();
                }
                let m = model.with_values(v);
                summaries.rows.iter().map(|r| m.expected_purchases(r.x, r.t_x, r.t, horizon)).sum()
            })
            .collect();
        totals.sort_by(f64::total_cmp);
        let (b_lo, b_hi) = (totals[40], totals[359]);
        let v = f.totals.expected_purchases;
        assert!(((v - lo) / (v - b_lo) - 1.0).abs() < 0.15, "delta {lo}, bootstrap {b_lo}, {v}");
        assert!(((hi - v) / (b_hi - v) - 1.0).abs() < 0.15, "delta {hi}, bootstrap {b_hi}, {v}");
    }

    /// The lower Cholesky factor of a k × k covariance (zero rows stay zero).
    fn cholesky(a: &[f64], k: usize) -> Vec<f64> {
        let mut l = vec![0.0; k * k];
        for i in 0..k {
            for j in 0..=i {
                let s: f64 = (0..j).map(|m| l[i * k + m] * l[j * k + m]).sum();
                if i == j {
                    l[i * k + i] = (a[i * k + i] - s).max(0.0).sqrt();
                } else if l[j * k + j] > 0.0 {
                    l[i * k + j] = (a[i * k + j] - s) / l[j * k + j];
                }
            }
        }
        l
    }

    /// A standard normal draw (Box–Muller on SplitMix64).
    fn normal(state: &mut u64) -> f64 {
        let mut uniform = || {
            *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = *state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
        };
        let (u, v) = (uniform().max(1e-300), uniform());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }

    #[test]
    fn the_knots_weigh_a_cubic_expectation_exactly_like_every_month_end() {
        // E(t) = 0.3t − 0.02t² + 0.0007t³ (E(0) = 0) at 12 and 7 month ends, 8 % a year.
        let e = |t: f64| 0.3 * t - 0.02 * t * t + 0.0007 * t * t * t;
        for months in [12, 7, 3, 1] {
            let ends = month_ends(crate::summary::TimeUnit::Weeks, months);
            let factors = discount_factors(0.08, months);
            let knots = Knots::new(&ends, &factors);
            let every: Vec<f64> = ends.iter().map(|&t| e(t)).collect();
            let at_knots: Vec<f64> = knots.times.iter().map(|&t| e(t)).collect();
            let want = discounted_sum(&every, &factors);
            assert!((knots.apply(&at_knots) - want).abs() < 1e-12 * want, "{months} months");
            assert_eq!(
                knots.times.len(),
                if months == 12 {
                    4
                } else if months == 7 {
                    3
                } else {
                    months as usize
                }
            );
        }
    }

    #[test]
    fn the_intervals_from_knots_are_within_a_thousandth_of_those_from_every_month_end() {
        let ds = simulated_shop(400, 3);
        let p = ForecastParams { validate: false, ..Default::default() };
        let summaries = summarize(&ds, ds.day_range().unwrap().1, p.unit);
        let rows = compress(&summaries.rows).rows;
        let model = fit(ModelKind::BgNbd, &rows, &p.fit).unwrap().params;
        let ends = month_ends(p.unit, 12);
        let factors = discount_factors(p.annual_discount_rate, 12);
        let knots = Knots::new(&ends, &factors);
        let pass = |m: &TransactionModel| {
            histories(m, &rows, 52.0, &ends, |e| {
                (discounted_sum(e, &factors), knots.apply_at_months(e))
            })
        };
        let base = pass(&model);
        let total = |v: &[f64]| v.iter().sum::<f64>();
        for j in 0..4 {
            let moved = model.with_values(interval::shifted(model.values(), j));
            let every_month =
                (total(&pass(&moved).discounted) - total(&base.discounted)) / interval::STEP;
            let from_knots = histories(&moved, &rows, 52.0, &knots.times, |e| {
                let v = knots.apply(e);
                (v, v)
            })
            .minus(&base);
            let from_knots = total(&from_knots.discounted);
            assert!(
                (every_month - from_knots).abs() <= 1e-3 * every_month.abs(),
                "parameter {j}: {every_month} vs {from_knots}"
            );
        }
    }

    #[test]
    fn without_standard_errors_there_are_no_intervals() {
        let ds = simulated_shop(200, 5);
        let fit = FitOptions { standard_errors: false, ..Default::default() };
        let f =
            forecast(&ds, &ForecastParams { validate: false, fit, ..Default::default() }).unwrap();
        assert!(f.totals.intervals.is_none() && f.customers.clv_range.is_empty());
        assert_eq!(f.holdout_error, None);
    }
}
