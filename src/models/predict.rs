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
    TotalIntervals,
};
use super::validation::ModelValidation;
use super::{fit, gamma_gamma, interval, ModelKind, TransactionModel};
use crate::summary::{compress, Row, Summaries};
use crate::Error;

/// What was settled before the final fit.
pub(super) struct Fitting {
    pub(super) validation: Vec<ModelValidation>,
    pub(super) suggested_model: Option<ModelKind>,
    pub(super) issues: Vec<Issue>,
    pub(super) observation_end: String,
}

/// Steps 2–4 of [`super::forecast::forecast`]: the final fit and every customer's predictions.
pub(super) fn predict(
    summaries: &Summaries,
    n_customers: usize,
    params: &ForecastParams,
    fitted: Fitting,
    mean_spend: impl FnOnce() -> f64,
) -> Result<Forecast, Error> {
    let Fitting { validation, suggested_model, mut issues, observation_end } = fitted;
    let unit = params.unit;
    let compressed = compress(&summaries.rows);
    let mut transactions = None;
    let mut first_error = None;
    for kind in candidate_order(params, suggested_model) {
        match fit(kind, &compressed.rows, &params.fit) {
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
    let spend = match gamma_gamma::fit(&summaries.rows, &params.fit) {
        Ok(f) => Some(f),
        Err(e) => {
            issues.push(Issue::new("gammaGamma", &e));
            None
        }
    };

    let model = transactions.params;
    let rows = &compressed.rows;
    let horizon = Horizon {
        purchases: unit.from_days(params.horizon_days),
        month_ends: month_ends(unit, params.clv_months),
        factors: discount_factors(params.annual_discount_rate, params.clv_months),
    };
    let base = histories(&model, rows, &horizon);

    // The intervals' inputs: per free log-parameter of the transaction model, the derivatives
    // of every history's figures; per free Gamma-Gamma log-parameter, its shifted parameters.
    let transaction_cov = transactions.report.log_covariance.as_deref();
    let transaction_free = transaction_cov.map(|c| interval::free(c, 4)).unwrap_or_default();
    let derivatives: Vec<(usize, Histories)> = transaction_free
        .iter()
        .map(|&j| {
            let moved = model.with_values(interval::shifted(model.values(), j));
            (j, histories(&moved, rows, &horizon).minus(&base))
        })
        .collect();
    let spend_fit = spend.as_ref().map(|f| (f.params, f.report.log_covariance.as_deref()));
    let spend_moves: Vec<(usize, gamma_gamma::Params)> = match spend_fit {
        Some((p, Some(cov))) => interval::free(cov, 3)
            .into_iter()
            .map(|j| {
                let [p, q, v] = interval::shifted([p.p, p.q, p.v], j);
                (j, gamma_gamma::Params { p, q, v })
            })
            .collect(),
        _ => Vec::new(),
    };
    let with_intervals = transaction_cov.is_some();

    let n = n_customers;
    let mut out = CustomerForecasts {
        p_alive: vec![0.0; n],
        expected_purchases: vec![0.0; n],
        expected_spend: vec![0.0; n],
        clv: vec![0.0; n],
        clv_range: if with_intervals { vec![[0.0; 2]; n] } else { Vec::new() },
    };
    let fallback_spend = if spend.is_none() { mean_spend() } else { 0.0 };
    let margin = params.margin.unwrap_or(1.0);
    let mut totals = ForecastTotals {
        customers: summaries.rows.len() as u64,
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
        totals.expected_purchases += purchases;
        totals.expected_revenue += purchases * spend_per_purchase;
        totals.clv += clv;
        totals.probably_lost += u64::from(base.alive[r] < params.alive_threshold);
        if !with_intervals {
            continue;
        }
        let mut g = [0.0; 7];
        for (j, d) in &derivatives {
            g[*j] = d.discounted[r] * spend_per_purchase * margin;
            g_purchases[*j] += d.purchases[r];
            g_revenue[*j] += d.purchases[r] * spend_per_purchase;
        }
        for (j, moved) in &spend_moves {
            let d = (gamma_gamma::expected_spend(moved, s.x, s.monetary) - spend_per_purchase)
                / interval::STEP;
            g[4 + j] = discounted * d * margin;
            g_revenue[4 + j] += purchases * d;
        }
        for (total, v) in g_clv.iter_mut().zip(&g) {
            *total += v;
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
    Ok(Forecast {
        unit,
        observation_end,
        model: model.kind(),
        suggested_model,
        transactions,
        spend,
        validation,
        holdout_error,
        issues,
        customers: out,
        totals,
    })
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
/// discounted purchases over the CLV months.
struct Histories {
    alive: Vec<f64>,
    purchases: Vec<f64>,
    discounted: Vec<f64>,
}

impl Histories {
    /// (self − base) / [`interval::STEP`]: the forward-difference derivatives of the figures
    /// the intervals use (purchases and discounted purchases; P(alive) is left as it is).
    fn minus(mut self, base: &Histories) -> Histories {
        for (v, b) in
            [(&mut self.purchases, &base.purchases), (&mut self.discounted, &base.discounted)]
        {
            for (v, b) in v.iter_mut().zip(b) {
                *v = (*v - b) / interval::STEP;
            }
        }
        self
    }
}

/// Every history's figures under `model`. The expectations of the alive depend on (x, T)
/// only, so they are computed once per (x, T).
fn histories(model: &TransactionModel, rows: &[Row], horizon: &Horizon) -> Histories {
    let key = |i: usize| (rows[i].x, rows[i].t.to_bits());
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_unstable_by_key(|&i| key(i));
    let mut h = Histories {
        alive: vec![0.0; rows.len()],
        purchases: vec![0.0; rows.len()],
        discounted: vec![0.0; rows.len()],
    };
    // The purchases' horizon, then the month ends of the CLV: one call per (x, T).
    let horizons: Vec<f64> =
        std::iter::once(horizon.purchases).chain(horizon.month_ends.iter().copied()).collect();
    let mut expected = vec![0.0; horizons.len()];
    for run in order.chunk_by(|&i, &j| key(i) == key(j)) {
        let (x, t) = (rows[run[0]].x, rows[run[0]].t);
        model.expected_purchases_if_alive_each(x, t, &horizons, &mut expected);
        let over_horizon = expected[0];
        let over_months = discounted_sum(&expected[1..], &horizon.factors);
        for &i in run {
            let pa = model.p_alive(x, rows[i].t_x, t);
            (h.alive[i], h.purchases[i], h.discounted[i]) =
                (pa, pa * over_horizon, pa * over_months);
        }
    }
    h
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
    use crate::summary::summarize;

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
    fn without_standard_errors_there_are_no_intervals() {
        let ds = simulated_shop(200, 5);
        let fit = FitOptions { standard_errors: false, ..Default::default() };
        let f =
            forecast(&ds, &ForecastParams { validate: false, fit, ..Default::default() }).unwrap();
        assert!(f.totals.intervals.is_none() && f.customers.clv_range.is_empty());
        assert_eq!(f.holdout_error, None);
    }
}
