//! Gamma-Gamma spend model: Fader, Hardie & Lee (2005), "RFM and CLV: using iso-value curves
//! for customer base analysis", *Journal of Marketing Research* 42(4), 415–430; likelihood as in
//! Fader & Hardie (2013), "The Gamma-Gamma model of monetary value".
//!
//! A customer's purchase amounts are Gamma(p, ν) with ν ~ Gamma(q, v) across customers, and
//! spend is independent of the purchase process. Fitted on the repeat buyers' mean repeat spend
//! m̄ₓ (the summaries' monetary value); customers without a repeat purchase carry no spend
//! information and are left out of the fit.

use super::optimize::Objective;
use super::special::{digamma, ln_gamma, ln_gamma_ratio};
use super::{
    add_penalty, estimate, finite_non_negative, positive_params, subsample, WARM_START_ROWS,
};
use super::{FitOptions, FitReport, Start};
use super::{Fitted, MIN_REPEAT_BUYERS};
use crate::summary::CustomerSummary;
use crate::Error;
use serde::{Deserialize, Serialize};

/// Gamma-Gamma parameters: spend per purchase ~ Gamma(`p`, ν), ν ~ Gamma(`q`, `v`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Params {
    /// Shape of the per-purchase spend.
    pub p: f64,
    /// Shape of the spend-scale distribution (the population mean exists only for q > 1).
    pub q: f64,
    /// Scale of the spend-scale distribution (in money).
    pub v: f64,
}

/// The parameters' names, in the order of the standard errors.
pub const PARAMETERS: [&str; 3] = ["p", "q", "v"];

const MODEL: &str = "gammaGamma";

/// Fits the model to the customers with `x > 0` and a positive monetary value.
///
/// Errors: fewer than [`MIN_REPEAT_BUYERS`] such customers, or an estimate with q ≤ 1, where
/// the mean spend p·v/(q−1) does not exist (lifetimes' NaN/negative CLV, issues #146 and #362).
pub fn fit(customers: &[CustomerSummary], options: &FitOptions) -> Result<Fitted<Params>, Error> {
    let buyers = repeat_buyers(customers);
    let mut spend = Spend::new(&buyers, 1.0);
    if spend.n < MIN_REPEAT_BUYERS {
        let reason = format!(
            "{} repeat buyers with a positive spend (at least {MIN_REPEAT_BUYERS} are needed)",
            spend.n
        );
        return Err(Error::NotIdentifiable { model: MODEL, reason });
    }
    // Fit in money scaled to a mean of 1, so the start (1, 1, 1) is of the right order.
    let scale = 1.0 / spend.mean();
    let penalizer = options.penalizer_coef;
    let start = match subsample(&buyers, WARM_START_ROWS) {
        Some(sample) => {
            let spend = Spend::new(&sample, scale);
            Start::warm(&mut Nll { spend: &spend, penalizer }, 3, options)
        }
        None => Start::cold(3),
    };
    spend.rescale(scale);
    let est = estimate(MODEL, &mut Nll { spend: &spend, penalizer }, &start, spend.n, options)?;
    let not_converged = Error::NotConverged { model: MODEL, iterations: est.iterations };
    let th = positive_params::<3>(&est.log_params).ok_or(not_converged)?;
    let params = Params { p: th[0], q: th[1], v: th[2] / scale };
    if params.q <= 1.0 {
        let reason = format!("q = {:.3} ≤ 1: the mean spend does not exist", params.q);
        return Err(Error::NotIdentifiable { model: MODEL, reason });
    }
    // The likelihood is a density in money: with money × k it is k times larger per customer.
    let ll = spend_ll(&spend, th, None) + spend.n * scale.ln();
    let report = FitReport::new(&PARAMETERS, &[params.p, params.q, params.v], ll, spend.n, &est);
    Ok(Fitted { params, report })
}

/// The log-likelihood of the customers with `x > 0` and a positive monetary value (Fader &
/// Hardie 2013, eq. 4): Σ ln[Γ(px+q)/(Γ(px)Γ(q)) · v^q m̄^(px−1) x^(px) / (v + m̄x)^(px+q)].
///
/// ```
/// use ltv::{models::gamma_gamma::{log_likelihood, Params}, summary::CustomerSummary};
/// let p = Params { p: 1.0, q: 1.0, v: 1.0 };
/// // x = 1, m̄ = 1: Γ(2)/(Γ(1)Γ(1)) · 1/(1+1)² = 1/4
/// let c = [CustomerSummary { x: 1, t_x: 1.0, t: 2.0, monetary: 1.0 }];
/// assert!((log_likelihood(&p, &c) - 0.25f64.ln()).abs() < 1e-12);
/// ```
#[must_use]
pub fn log_likelihood(params: &Params, customers: &[CustomerSummary]) -> f64 {
    spend_ll(&Spend::new(&repeat_buyers(customers), 1.0), [params.p, params.q, params.v], None)
}

/// Expected spend per purchase of a customer with `x` repeat purchases of mean `monetary`
/// (Fader, Hardie & Lee 2005, eq. 5): p(v + x·m̄)/(px + q − 1), a weighted average of the
/// population mean pv/(q−1) and m̄. For `x == 0` it is the population mean. Never negative:
/// for parameters without a mean (q ≤ 1, which [`fit`] never returns) it gives 0 at `x == 0`.
///
/// ```
/// use ltv::models::gamma_gamma::{expected_spend, Params};
/// let cdnow = Params { p: 6.25, q: 3.74, v: 15.44 };
/// // Hardie's sheet (lifetimes' test_conditional_expected_average_profit): CDNOW customer 1
/// // bought for $29.73 and $14.96 after the first purchase, by 1997-09-30.
/// assert!((expected_spend(&cdnow, 2, (29.73 + 14.96) / 2.0) - 24.65).abs() < 0.1);
/// assert!((expected_spend(&cdnow, 0, 0.0) - 35.17).abs() < 0.1);
/// ```
#[must_use]
pub fn expected_spend(params: &Params, x: u32, monetary: f64) -> f64 {
    let px = params.p * f64::from(x);
    let denominator = px + params.q - 1.0;
    if denominator <= 0.0 {
        return 0.0;
    }
    finite_non_negative(params.p * (params.v + f64::from(x) * monetary.max(0.0)) / denominator)
}

/// Repeat buyers with a positive spend, grouped by x; customers with the same (x, m̄) (order
/// amounts cluster at price points) are one entry with a weight.
struct Spend {
    groups: Vec<Group>,
    /// Customers.
    n: f64,
    /// Σ ln m̄ and Σ x ln m̄ and Σ x ln x over customers.
    sum_ln_m: f64,
    sum_x_ln_m: f64,
    sum_x_ln_x: f64,
}

struct Group {
    x: f64,
    /// Customers in the group.
    n: f64,
    /// Distinct mean spends and how many customers have each.
    m: Vec<f64>,
    w: Vec<f64>,
}

/// The customers the model is fitted to: `x > 0` and a positive, finite monetary value.
fn repeat_buyers(customers: &[CustomerSummary]) -> Vec<(u32, f64)> {
    customers
        .iter()
        .filter(|c| c.x > 0 && c.monetary > 0.0 && c.monetary.is_finite())
        .map(|c| (c.x, c.monetary))
        .collect()
}

impl Spend {
    /// `buyers` as (x, m̄), with m̄ multiplied by `scale`.
    fn new(buyers: &[(u32, f64)], scale: f64) -> Spend {
        let mut kept: Vec<(u32, f64)> = buyers.iter().map(|&(x, m)| (x, m * scale)).collect();
        kept.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
        let mut s =
            Spend { groups: Vec::new(), n: 0.0, sum_ln_m: 0.0, sum_x_ln_m: 0.0, sum_x_ln_x: 0.0 };
        for (x, m) in kept {
            let xf = f64::from(x);
            match s.groups.last_mut() {
                Some(g) if g.x == xf => {
                    g.n += 1.0;
                    match (g.m.last(), g.w.last_mut()) {
                        (Some(&last), Some(w)) if last == m => *w += 1.0,
                        _ => {
                            g.m.push(m);
                            g.w.push(1.0);
                        }
                    }
                }
                _ => s.groups.push(Group { x: xf, n: 1.0, m: vec![m], w: vec![1.0] }),
            }
            s.n += 1.0;
            s.sum_ln_m += m.ln();
            s.sum_x_ln_m += xf * m.ln();
            s.sum_x_ln_x += xf * xf.ln();
        }
        s
    }

    /// Multiplies every mean spend by `k`.
    fn rescale(&mut self, k: f64) {
        let ln_k = k.ln();
        for g in &mut self.groups {
            g.m.iter_mut().for_each(|m| *m *= k);
            self.sum_x_ln_m += g.x * g.n * ln_k;
        }
        self.sum_ln_m += self.n * ln_k;
    }

    /// The mean of the mean spends.
    fn mean(&self) -> f64 {
        let total: f64 =
            self.groups.iter().flat_map(|g| g.m.iter().zip(&g.w).map(|(m, w)| m * w)).sum();
        total / self.n
    }
}

/// Σ ln L and, when asked, its gradient in (p, q, v); one logarithm per customer. Written as
/// ln[Γ(px+q)/Γ(q)] − ln Γ(px) − q ln(1 + xm̄/v) − px ln(v + xm̄) + (px−1) ln m̄ + px ln x, so no
/// two large terms cancel when q and v are large.
fn spend_ll(s: &Spend, [p, q, v]: [f64; 3], grad: Option<&mut [f64; 3]>) -> f64 {
    let ln_v = v.ln();
    let mut ll = p * (s.sum_x_ln_m + s.sum_x_ln_x) - s.sum_ln_m;
    let psi_q = digamma(q);
    let mut g = [s.sum_x_ln_m + s.sum_x_ln_x, 0.0, 0.0];
    for group in &s.groups {
        let (x, n) = (group.x, group.n);
        let px = p * x;
        // Σ ln(1 + x m̄/v) and Σ 1/(v + x m̄) over the group's customers.
        let (mut sum_l1, mut sum_inv) = (0.0, 0.0);
        for (&m, &w) in group.m.iter().zip(&group.w) {
            sum_l1 += w * (x * m / v).ln_1p();
            sum_inv += w / (v + x * m);
        }
        let sum_ln_u = n * ln_v + sum_l1; // Σ ln(v + x m̄)
        ll += n * (ln_gamma_ratio(q, px) - ln_gamma(px)) - q * sum_l1 - px * sum_ln_u;
        if grad.is_some() {
            let psi = digamma(px + q);
            g[0] += n * x * (psi - digamma(px)) - x * sum_ln_u;
            g[1] += n * (psi - psi_q) - sum_l1;
            g[2] += n * q / v - (px + q) * sum_inv;
        }
    }
    if let Some(out) = grad {
        *out = g;
    }
    ll
}

/// The mean negative log-likelihood (plus penalty) in log-parameters.
struct Nll<'a> {
    spend: &'a Spend,
    penalizer: f64,
}

impl Objective for Nll<'_> {
    fn value(&mut self, x: &[f64]) -> f64 {
        let Some(th) = positive_params::<3>(x) else { return f64::INFINITY };
        -spend_ll(self.spend, th, None) / self.spend.n + add_penalty(&th, self.penalizer, None)
    }

    const ANALYTIC_GRADIENT: bool = true;

    fn gradient(&mut self, x: &[f64], g: &mut [f64]) -> f64 {
        let Some(th) = positive_params::<3>(x) else { return f64::INFINITY };
        let mut d = [0.0; 3];
        let ll = spend_ll(self.spend, th, Some(&mut d));
        for i in 0..3 {
            g[i] = -d[i] * th[i] / self.spend.n;
        }
        -ll / self.spend.n + add_penalty(&th, self.penalizer, Some(g))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn customer(x: u32, monetary: f64) -> CustomerSummary {
        CustomerSummary { x, t_x: 1.0, t: 2.0, monetary }
    }

    #[test]
    fn analytic_gradient_matches_central_differences() {
        let cs = [
            customer(1, 20.0),
            customer(1, 35.5),
            customer(1, 20.0),
            customer(3, 12.0),
            customer(7, 80.0),
        ];
        let spend = Spend::new(&repeat_buyers(&cs), 0.05);
        let mut nll = Nll { spend: &spend, penalizer: 0.2 };
        let x = [0.4, 0.9, -0.3];
        let mut analytic = [0.0; 3];
        nll.gradient(&x, &mut analytic);
        for i in 0..3 {
            let (mut up, mut down) = (x, x);
            up[i] += 1e-6;
            down[i] -= 1e-6;
            let numeric = (nll.value(&up) - nll.value(&down)) / 2e-6;
            assert!((analytic[i] - numeric).abs() < 1e-7, "{i}: {} vs {numeric}", analytic[i]);
        }
    }

    #[test]
    fn spend_is_never_negative_or_nan() {
        let no_mean = Params { p: 2.0, q: 0.5, v: 10.0 };
        assert_eq!(expected_spend(&no_mean, 0, 0.0), 0.0);
        assert!(expected_spend(&no_mean, 3, 50.0) > 0.0);
        assert!(expected_spend(&Params { p: 6.25, q: 3.74, v: 15.44 }, 2, f64::NAN).is_finite());
    }

    #[test]
    fn heavy_tailed_spend_with_q_at_most_one_is_a_clear_error() {
        // Mean spends with a Pareto(½) tail across customers: the spend scale has no mean.
        let cs: Vec<CustomerSummary> = (0..400)
            .map(|k| customer(1 + k % 3, 10.0 / ((f64::from(k) + 0.5) / 400.0).powi(2)))
            .collect();
        let err = fit(&cs, &FitOptions::default()).unwrap_err();
        assert_eq!(err.code(), "not_identifiable");
        assert!(err.to_string().contains("q = "), "{err}");
    }

    #[test]
    fn too_few_repeat_buyers_is_a_clear_error() {
        let cs: Vec<CustomerSummary> = (0..50).map(|i| customer(u32::from(i < 5), 10.0)).collect();
        let err = fit(&cs, &FitOptions::default()).unwrap_err();
        assert_eq!(err.code(), "not_identifiable");
    }
}
