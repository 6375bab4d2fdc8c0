//! Pareto/NBD: Schmittlein, Morrison & Colombo (1987), "Counting your customers: who are they
//! and what will they do next?", *Management Science* 33(1), 1–24; likelihood and expressions as
//! in Fader & Hardie (2005), "A note on deriving the Pareto/NBD model and related expressions".
//!
//! While alive, a customer buys at rate λ ~ Gamma(r, α) and dies at rate μ ~ Gamma(s, β), at any
//! time. Times are in the summaries' unit; `t` is T, `horizon` the note's t.
//!
//! How this works / advice for hackers: the likelihood (note, eq. 18) is
//! L = Γ(r+x)α^r β^s/Γ(r) · [(α+T)^−(r+x) (β+T)^−s + s/(r+s+x) · A₀], with A₀ (eqs. 19–20) a
//! difference of two terms ₂F₁(r+s+x, b₂; r+s+x+1; z)/(m+τ)^(r+s+x) at τ = tₓ and τ = T, where
//! m = max(α, β). For x in the hundreds (r+s+x)·ln(m+τ) is far outside f64, which is the
//! NaN/overflow of BTYD, lifetimes and CLVTools' issue #100. Here every factor stays a
//! logarithm and the likelihood is written as ln L = ln K + ln(1 + e^ω), with
//! K = Γ(r+x)/Γ(r) · (α/(α+T))^r (α+T)^−x (β/(β+T))^s the "alive at T" term and ω the log-odds of
//! having died in (tₓ, T] (so P(alive) = 1/(1 + e^ω)); ω collects the powers as logarithms of
//! ratios near 1 and A₀'s difference as ln(−expm1(·)), so nothing large cancels. ln ₂F₁ comes
//! from [`ln_hyp2f1`], whose Euler transformation turns these ₂F₁ into fast, falling series.
//! The gradient is analytic but for ln ₂F₁'s own partials (see `ll_sum`).

use super::optimize::{central_difference, Objective};
use super::special::{digamma, ln_1p_exp, ln_gamma_ratio, ln_hyp2f1, logistic, Hyp2f1Error};
use super::{
    add_penalty, estimate, finite_non_negative, positive_params, probability,
    require_repeat_buyers, subsample, time_scale, Columns, FitOptions, FitReport, Fitted, Start,
};
use crate::summary::Row;
use crate::Error;
use serde::{Deserialize, Serialize};

/// Pareto/NBD parameters: purchase rate λ ~ Gamma(`r`, `alpha`), death rate μ ~ Gamma(`s`, `beta`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Params {
    /// Shape of the purchase-rate distribution.
    pub r: f64,
    /// Scale of the purchase-rate distribution (in the time unit).
    pub alpha: f64,
    /// Shape of the death-rate distribution.
    pub s: f64,
    /// Scale of the death-rate distribution (in the time unit).
    pub beta: f64,
}

/// The parameters' names, in the order of the standard errors.
pub const PARAMETERS: [&str; 4] = ["r", "alpha", "s", "beta"];

const MODEL: &str = "paretoNbd";

/// The most distinct histories the warm start sees. A likelihood evaluation costs about one
/// ₂F₁ per distinct (x, time) pair, and a subsample of a few thousand histories still has
/// nearly all of them, so the warm start searches a small one: its optimum is close enough
/// for the search on all the histories to finish in a few iterations.
const WARM_START_ROWS: usize = 1_000;

/// Fits Pareto/NBD by maximum likelihood to compressed rows.
pub fn fit(rows: &[Row], options: &FitOptions) -> Result<Fitted<Params>, Error> {
    require_repeat_buyers(MODEL, rows)?;
    let scale = time_scale(rows);
    let penalizer = options.penalizer_coef;
    let start = match subsample(rows, WARM_START_ROWS) {
        Some(sample) => {
            let cols = Columns::new(&sample, scale);
            Start::warm(&mut Nll { cols: &cols, penalizer, scratch: Vec::new() }, 4, options)
        }
        None => Start::cold(4),
    };
    let cols = Columns::new(rows, scale);
    let mut nll = Nll { cols: &cols, penalizer, scratch: Vec::new() };
    let est = estimate(MODEL, &mut nll, &start, cols.n, options)?;
    let not_converged = Error::NotConverged { model: MODEL, iterations: est.iterations };
    let th = positive_params::<4>(&est.log_params).ok_or(not_converged)?;
    let [r, alpha, s, beta] = th;
    let params = Params { r, alpha: alpha / scale, s, beta: beta / scale };
    let ll = cols.unscaled_ll(ll_sum(&cols, th, &mut Vec::new(), None), scale);
    let natural = [params.r, params.alpha, params.s, params.beta];
    let report = FitReport::new(&PARAMETERS, &natural, ll, cols.n, &est);
    Ok(Fitted { params, report })
}

/// The log-likelihood of the rows (note, eq. 18, summed with the weights).
///
/// ```
/// use ltv::{models::pareto_nbd::{log_likelihood, Params}, summary::Row};
/// let p = Params { r: 1.0, alpha: 1.0, s: 1.0, beta: 1.0 };
/// // x = 0, T = 1, α = β: L = 1/(2·2) + 1/2 · (1 − 1/4) = 5/8
/// let rows = [Row { x: 0, t_x: 0.0, t: 1.0, weight: 1.0 }];
/// assert!((log_likelihood(&p, &rows) - 0.625f64.ln()).abs() < 1e-12);
/// ```
#[must_use]
pub fn log_likelihood(p: &Params, rows: &[Row]) -> f64 {
    ll_sum(&Columns::new(rows, 1.0), [p.r, p.alpha, p.s, p.beta], &mut Vec::new(), None)
}

/// P(alive at T = `t` | x, t_x) = 1 / (1 + s/(r+s+x) · (α+T)^(r+x) (β+T)^s · A₀) (note, eq. 21).
///
/// ```
/// # use ltv::models::pareto_nbd::{p_alive, Params};
/// let p = Params { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 };
/// assert!((p_alive(&p, 26, 30.86, 31.0) - 0.9979).abs() < 1e-3); // BTYD walkthrough, p. 8
/// ```
#[must_use]
pub fn p_alive(p: &Params, x: u32, t_x: f64, t: f64) -> f64 {
    let theta = [p.r, p.alpha, p.s, p.beta];
    if t.partial_cmp(&t_x) != Some(std::cmp::Ordering::Greater) {
        return 1.0; // no time to have died since the last purchase
    }
    // Cannot fail (c > b always holds for these ₂F₁); if it ever did, the death term is left out.
    let Ok(logs) = row_logs(theta, f64::from(x), t_x, t) else { return 1.0 };
    probability(logistic(-AtFrequency::new(theta, f64::from(x)).omega(&logs)))
}

/// Expected purchases in (T, T + `horizon`] of a customer alive at T = `t`:
/// (r+x)(β+T)/((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)] (note, eq. 22 without P(alive); the
/// limit (r+x)(β+T)/(α+T) · ln((β+T+t)/(β+T)) at s = 1).
///
/// ```
/// # use ltv::models::pareto_nbd::{expected_purchases_if_alive, Params};
/// let p = Params { r: 0.55, alpha: 10.56, s: 1.0, beta: 11.64 };
/// // s = 1: (r+x)(β+T)/(α+T) · ln((β+T+t)/(β+T))
/// let want = 2.55 / 40.56 * 41.64 * (93.64f64 / 41.64).ln();
/// assert!((expected_purchases_if_alive(&p, 2, 30.0, 52.0) - want).abs() < 1e-12);
/// ```
#[must_use]
pub fn expected_purchases_if_alive(p: &Params, x: u32, t: f64, horizon: f64) -> f64 {
    if horizon.is_nan() || horizon <= 0.0 {
        return 0.0;
    }
    let bt = p.beta + t;
    let l = (horizon / bt).ln_1p();
    finite_non_negative(
        (p.r + f64::from(x)) / (p.alpha + t) * bt * one_minus_exp_over(p.s - 1.0, l),
    )
}

/// Expected purchases in (T, T + `horizon`] given `x`, `t_x` and T = `t` (note, eq. 22).
///
/// ```
/// # use ltv::models::pareto_nbd::{expected_purchases, Params};
/// let cdnow = Params { r: 0.55315, alpha: 10.57633, s: 0.60625, beta: 11.67150 };
/// // BTYD walkthrough: customer 1516 (x = 26, t_x = 30.86, T = 31), next 52 weeks: 25.46.
/// assert!((expected_purchases(&cdnow, 26, 30.86, 31.0, 52.0) - 25.46).abs() < 0.01);
/// ```
#[must_use]
pub fn expected_purchases(p: &Params, x: u32, t_x: f64, t: f64, horizon: f64) -> f64 {
    p_alive(p, x, t_x, t) * expected_purchases_if_alive(p, x, t, horizon)
}

/// Expected repeat purchases in (0, `horizon`] of a new customer:
/// rβ/(α(s−1)) · [1 − (β/(β+t))^(s−1)] (note, eq. 17).
///
/// ```
/// # use ltv::models::pareto_nbd::{expected_purchases_new, Params};
/// // R BTYD's manual: pnbd.Expectation(c(0.55, 10.56, 0.61, 11.64), t = 1)
/// let p = Params { r: 0.55, alpha: 10.56, s: 0.61, beta: 11.64 };
/// assert!((expected_purchases_new(&p, 1.0) - 0.05077821).abs() < 1e-8);
/// ```
#[must_use]
pub fn expected_purchases_new(p: &Params, horizon: f64) -> f64 {
    expected_purchases_if_alive(p, 0, 0.0, horizon)
}

/// (1 − e^(−kl))/k, with its limit l at k = 0.
fn one_minus_exp_over(k: f64, l: f64) -> f64 {
    if (k * l).abs() < 1e-8 {
        l * (1.0 - k * l / 2.0)
    } else {
        -(-k * l).exp_m1() / k
    }
}

/// The two ₂F₁ parameters besides z, m = max(α, β) and |α − β| (note, eqs. 19–20).
fn hyp_args(theta: [f64; 4], x: f64) -> (f64, f64, f64, f64) {
    hyp_args_on(theta, x, theta[1] >= theta[3])
}

/// [`hyp_args`] in the form of α ≥ β (`alpha_is_m`) or of β > α, whichever θ has.
fn hyp_args_on([r, alpha, s, beta]: [f64; 4], x: f64, alpha_is_m: bool) -> (f64, f64, f64, f64) {
    if alpha_is_m {
        (r + s + x, s + 1.0, alpha, alpha - beta)
    } else {
        (r + s + x, r + x, beta, beta - alpha)
    }
}

/// ln ₂F₁(a₁, b₂; a₁+1; |α−β|/(m+τ)).
fn ln_f(a1: f64, b2: f64, m: f64, d: f64, tau: f64) -> Result<f64, Hyp2f1Error> {
    ln_hyp2f1(a1, b2, a1 + 1.0, d / (m + tau))
}

/// The logarithms one customer's likelihood needs at its times: ln(1 + T/α), ln(1 + T/β),
/// ln(1 + tₓ/m), ln(1 + T/m), and ln F₁, ln F₂ (the ₂F₁ at tₓ and at T).
struct RowLogs {
    l1_alpha_t: f64,
    l1_beta_t: f64,
    l1_m_tx: f64,
    l1_m_t: f64,
    ln_f1: f64,
    ln_f2: f64,
}

/// What ω and ln K need of the parameters and x, computed once per frequency x.
struct AtFrequency {
    r: f64,
    x: f64,
    r_x: f64,
    s: f64,
    a1: f64,
    /// ln(s/a₁), ln(α/m), ln(β/m), ln α and ln Γ(r+x)/Γ(r).
    ln_s_over_a1: f64,
    ln_alpha_over_m: f64,
    ln_beta_over_m: f64,
    ln_alpha: f64,
    ln_gamma_ratio_rx: f64,
}

impl AtFrequency {
    fn new([r, alpha, s, beta]: [f64; 4], x: f64) -> AtFrequency {
        let (a1, m) = (r + s + x, alpha.max(beta));
        AtFrequency {
            r,
            x,
            r_x: r + x,
            s,
            a1,
            ln_s_over_a1: (s / a1).ln(),
            ln_alpha_over_m: (alpha / m).ln(),
            ln_beta_over_m: (beta / m).ln(),
            ln_alpha: alpha.ln(),
            ln_gamma_ratio_rx: ln_gamma_ratio(r, x),
        }
    }

    /// ω = ln[s/(r+s+x) · A₀ · (α+T)^(r+x) (β+T)^s], the log-odds of having died by T, for
    /// tₓ < T. With A₀ = [F₁/(m+tₓ)^a₁] · (1 − e^(u₂−u₁)):
    /// ω = ln(s/a₁) + (r+x) ln((α+T)/(m+tₓ)) + s ln((β+T)/(m+tₓ)) + ln F₁ + ln(−expm1(u₂ − u₁)),
    /// u₂ − u₁ = −a₁ ln((m+T)/(m+tₓ)) + ln F₂ − ln F₁, every ratio of logs taken as a difference
    /// of ln(1 + τ/·), which keeps its digits when the parameters are large.
    fn omega(&self, l: &RowLogs) -> f64 {
        let u21 = -self.a1 * (l.l1_m_t - l.l1_m_tx) + l.ln_f2 - l.ln_f1;
        if u21 >= 0.0 {
            return f64::NEG_INFINITY; // A₀ rounds to 0: tₓ is within rounding of T
        }
        let alive_alpha = self.ln_alpha_over_m + l.l1_alpha_t - l.l1_m_tx;
        let alive_beta = self.ln_beta_over_m + l.l1_beta_t - l.l1_m_tx;
        self.ln_s_over_a1
            + self.r_x * alive_alpha
            + self.s * alive_beta
            + l.ln_f1
            + (-u21.exp_m1()).ln()
    }

    /// ln K = ln[Γ(r+x)/Γ(r) · (α/(α+T))^r (α+T)^−x (β/(β+T))^s], the term of being alive at T.
    fn ln_alive(&self, l: &RowLogs) -> f64 {
        self.ln_gamma_ratio_rx
            - self.r * l.l1_alpha_t
            - self.x * (self.ln_alpha + l.l1_alpha_t)
            - self.s * l.l1_beta_t
    }
}

/// The logarithms of one history, computed directly.
fn row_logs(theta: [f64; 4], x: f64, t_x: f64, t: f64) -> Result<RowLogs, Hyp2f1Error> {
    let [_, alpha, _, beta] = theta;
    let (a1, b2, m, d) = hyp_args(theta, x);
    Ok(RowLogs {
        l1_alpha_t: (t / alpha).ln_1p(),
        l1_beta_t: (t / beta).ln_1p(),
        l1_m_tx: (t_x / m).ln_1p(),
        l1_m_t: (t / m).ln_1p(),
        ln_f1: ln_f(a1, b2, m, d, t_x)?,
        ln_f2: if t > t_x { ln_f(a1, b2, m, d, t)? } else { 0.0 },
    })
}

/// Σ w ln L with ln L = ln K + ln(1 + e^ω) (see the module notes), and with `grad` its
/// partial derivatives in (r, α, s, β). The time logarithms are tabled once per distinct time
/// and ln ₂F₁ once per (x, distinct time) in `scratch`, so most rows cost no ₂F₁ at all. A
/// ₂F₁ failure makes the point infeasible (−∞).
///
/// The gradient is analytic but for ln ₂F₁'s dependence on the parameters, a central
/// difference per memo entry (the ₂F₁ form taken at θ, see [`hyp_args_on`]): the chain rule
/// through ln K, ω = ln(s/a₁) + (r+x)A + sB + ln F₁ + h(u) and u = −a₁R + ln F₂ − ln F₁, with
/// A = ln((α+T)/(m+tₓ)), B = ln((β+T)/(m+tₓ)), R = ln((m+T)/(m+tₓ)), h(u) = ln(−expm1 u) and
/// d ln L = d ln K + σ(ω) dω. A gradient then costs about one likelihood and eight ₂F₁ per
/// memo entry instead of eight likelihoods.
fn ll_sum(
    cols: &Columns,
    theta: [f64; 4],
    scratch: &mut Vec<f64>,
    grad: Option<&mut [f64; 4]>,
) -> f64 {
    let [r, alpha, s, beta] = theta;
    let alpha_is_m = alpha >= beta;
    let m_ab = alpha.max(beta);
    let n = cols.times.len();
    // Per time: ln(1 + τ/α), ln(1 + τ/β), ln(1 + τ/m), then with the gradient 1/(α+τ),
    // 1/(β+τ), 1/(m+τ); then the memo: ln F, and with the gradient its four partials.
    let (tables, stride) = if grad.is_some() { (6, 5) } else { (3, 1) };
    scratch.clear();
    for scale in [alpha, beta, m_ab] {
        scratch.extend(cols.times.iter().map(|tau| (tau / scale).ln_1p()));
    }
    if grad.is_some() {
        for scale in [alpha, beta, m_ab] {
            scratch.extend(cols.times.iter().map(|tau| 1.0 / (scale + tau)));
        }
    }
    scratch.resize((tables + stride) * n, f64::NAN);
    let (table, memo) = scratch.split_at_mut(tables * n);
    let column = |k: usize| &table[k * n..(k + 1) * n];
    let (l1_alpha, l1_beta, l1_m) = (column(0), column(1), column(2));
    let mut ll = 0.0;
    let mut d = [0.0; 4];
    for &(x, start, end) in &cols.groups {
        let xf = f64::from(x);
        let (a1, b2, m, dd) = hyp_args_on(theta, xf, alpha_is_m);
        let at = AtFrequency::new(theta, xf);
        memo.fill(f64::NAN);
        // ln F at time k (and its partials in r, α, s, β after it, with the gradient).
        let ln_f_at = |memo: &mut [f64], k: usize| -> Result<usize, Hyp2f1Error> {
            let slot = k * stride;
            if memo[slot].is_nan() {
                let tau = cols.times[k];
                memo[slot] = ln_f(a1, b2, m, dd, tau)?;
                for j in 0..stride - 1 {
                    let moved = |sign: f64| {
                        let mut th = theta;
                        th[j] *= (sign * DIFF_STEP).exp();
                        let (a1, b2, m, dd) = hyp_args_on(th, xf, alpha_is_m);
                        ln_f(a1, b2, m, dd, tau)
                    };
                    memo[slot + 1 + j] =
                        (moved(1.0)? - moved(-1.0)?) / (2.0 * DIFF_STEP * theta[j]);
                }
            }
            Ok(slot)
        };
        let ln_gamma_slope = if grad.is_some() { digamma(r + xf) - digamma(r) } else { 0.0 };
        for i in start..end {
            let (kt, ktx) = (cols.t_at[i] as usize, cols.t_x_at[i] as usize);
            let (Ok(f1), Ok(f2)) =
                (ln_f_at(memo, ktx), if kt > ktx { ln_f_at(memo, kt) } else { Ok(usize::MAX) })
            else {
                return f64::NEG_INFINITY;
            };
            let logs = RowLogs {
                l1_alpha_t: l1_alpha[kt],
                l1_beta_t: l1_beta[kt],
                l1_m_tx: l1_m[ktx],
                l1_m_t: l1_m[kt],
                ln_f1: memo[f1],
                ln_f2: if kt > ktx { memo[f2] } else { 0.0 },
            };
            let dead = if kt > ktx { at.omega(&logs) } else { f64::NEG_INFINITY };
            let w = cols.w[i];
            ll += w * (at.ln_alive(&logs) + ln_1p_exp(dead));
            if grad.is_none() {
                continue;
            }
            let (inv_a, inv_b, inv_m) = (column(3), column(4), column(5));
            // d ln K.
            let mut g = [
                ln_gamma_slope - logs.l1_alpha_t,
                r / alpha - (r + xf) * inv_a[kt],
                -logs.l1_beta_t,
                s * (1.0 / beta - inv_b[kt]),
            ];
            if dead > f64::NEG_INFINITY {
                let sigma = logistic(dead);
                let u = -a1 * (logs.l1_m_t - logs.l1_m_tx) + logs.ln_f2 - logs.ln_f1;
                let em = u.exp_m1();
                let hp = (em + 1.0) / em; // h'(u)
                let big_a = (alpha / m).ln() + logs.l1_alpha_t - logs.l1_m_tx;
                let big_b = (beta / m).ln() + logs.l1_beta_t - logs.l1_m_tx;
                let big_r = logs.l1_m_t - logs.l1_m_tx;
                // ∂/∂m of A, B (−1/(m+tₓ)) and R (1/(m+T) − 1/(m+tₓ)), credited to α or β.
                let (dm_ab, dm_r) = (-inv_m[ktx], inv_m[kt] - inv_m[ktx]);
                let dm = (r + xf) * dm_ab + s * dm_ab - hp * a1 * dm_r;
                let mut omega = [
                    -1.0 / a1 + big_a - hp * big_r,
                    (r + xf) * inv_a[kt],
                    1.0 / s - 1.0 / a1 + big_b - hp * big_r,
                    s * inv_b[kt],
                ];
                omega[if alpha_is_m { 1 } else { 3 }] += dm;
                for j in 0..4 {
                    omega[j] += (1.0 - hp) * memo[f1 + 1 + j] + hp * memo[f2 + 1 + j];
                    g[j] += sigma * omega[j];
                }
            }
            for j in 0..4 {
                d[j] += w * g[j];
            }
        }
    }
    if let Some(out) = grad {
        *out = d;
    }
    ll
}

/// The step in a log-parameter of ln ₂F₁'s central differences.
const DIFF_STEP: f64 = 1e-5;

/// The mean negative log-likelihood (plus penalty) in log-parameters, with its gradient.
struct Nll<'a> {
    cols: &'a Columns,
    penalizer: f64,
    /// Time tables and the ₂F₁ memo, reused by every evaluation.
    scratch: Vec<f64>,
}

impl Objective for Nll<'_> {
    const ANALYTIC_GRADIENT: bool = true;

    fn value(&mut self, x: &[f64]) -> f64 {
        let Some(th) = positive_params::<4>(x) else { return f64::INFINITY };
        -ll_sum(self.cols, th, &mut self.scratch, None) / self.cols.n
            + add_penalty(&th, self.penalizer, None)
    }

    fn gradient(&mut self, x: &[f64], g: &mut [f64]) -> f64 {
        let Some(th) = positive_params::<4>(x) else { return f64::INFINITY };
        let [_, alpha, _, beta] = th;
        // Within a step of α = β, the ₂F₁ form would change inside the difference.
        if (alpha - beta).abs() <= 100.0 * DIFF_STEP * alpha.max(beta) {
            return central_difference(self, x, g);
        }
        let mut d = [0.0; 4];
        let ll = ll_sum(self.cols, th, &mut self.scratch, Some(&mut d));
        for i in 0..4 {
            g[i] = -d[i] * th[i] / self.cols.n;
        }
        -ll / self.cols.n + add_penalty(&th, self.penalizer, Some(g))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::special::ln_gamma;

    const CDNOW: Params = Params { r: 0.55315, alpha: 10.57633, s: 0.60625, beta: 11.67150 };

    #[test]
    fn the_analytic_gradient_matches_central_differences_with_alpha_above_or_below_beta() {
        // Histories of every kind: never came back, last purchase at T, heavy repeaters, and a
        // long silence; weights as compressed rows have them.
        let rows: Vec<Row> = [
            (0, 0.0, 3.0, 40.0),
            (0, 0.0, 9.5, 25.0),
            (1, 2.0, 9.5, 7.0),
            (2, 5.5, 5.5, 3.0),
            (4, 3.0, 8.0, 2.0),
            (12, 7.9, 8.0, 1.0),
            (45, 9.0, 10.0, 1.0),
            (3, 0.5, 10.0, 4.0),
        ]
        .iter()
        .map(|&(x, t_x, t, weight)| Row { x, t_x, t, weight })
        .collect();
        let cols = Columns::new(&rows, 1.0);
        for x in [[-0.6, 0.4, -0.2, 0.9], [0.3, 1.2, 0.5, -0.4], [-1.5, -0.5, 2.0, 1.5]] {
            let mut nll = Nll { cols: &cols, penalizer: 0.1, scratch: Vec::new() };
            let mut analytic = [0.0; 4];
            let value = nll.gradient(&x, &mut analytic);
            assert!((value - nll.value(&x)).abs() < 1e-14);
            for i in 0..4 {
                let (mut up, mut down) = (x, x);
                up[i] += 1e-6;
                down[i] -= 1e-6;
                let numeric = (nll.value(&up) - nll.value(&down)) / 2e-6;
                assert!(
                    (analytic[i] - numeric).abs() < 1e-7 * numeric.abs().max(1.0),
                    "{x:?}, {i}: {} vs {numeric}",
                    analytic[i]
                );
            }
        }
    }

    #[test]
    fn unconditional_expectation_matches_r_btyd_within_1e_8() {
        // The values of lifetimes' test_expectation_returns_same_value_as_R_BTYD: BTYD's
        // pnbd.Expectation with the parameters of its manual, c(0.55, 10.56, 0.61, 11.64).
        let btyd_params = Params { r: 0.55, alpha: 10.56, s: 0.61, beta: 11.64 };
        let btyd = [
            0.0, 0.05077821, 0.09916088, 0.14542507, 0.18979930, 0.23247466, 0.27361274,
            0.31335159, 0.35181024, 0.38909211,
        ];
        for (t, want) in btyd.iter().enumerate() {
            let got = expected_purchases_new(&btyd_params, t as f64);
            assert!((got - want).abs() < 1e-8, "t = {t}: {got}");
        }
    }

    #[test]
    fn conditional_expectation_has_no_jump_between_neighbouring_frequencies() {
        // lifetimes' test_conditional_expectation_underflow (values from lifetimes).
        let p = Params { r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 };
        let left = expected_purchases(&p, 132, 200.0, 200.0, 10.0);
        let right = expected_purchases(&p, 133, 200.0, 200.0, 10.0);
        assert!((left - 6.206_051_788_963_242).abs() < 1e-6, "{left}");
        assert!((right - 6.252_872_247_574_811).abs() < 1e-6, "{right}");
    }

    #[test]
    fn p_alive_is_finite_where_older_implementations_gave_nan() {
        // CLVTools test_correctness_pnbd.R, "numerically stable PAlive that produced NaNs".
        let p = Params { r: 0.5143, alpha: 2.8845, s: 0.2856, beta: 14.1087 };
        let cases = [
            (221, 103.42857, 103.57143),
            (254, 97.14286, 97.28571),
            (161, 94.71429, 98.0),
            (204, 98.57143, 99.42857),
        ];
        for (x, t_x, t) in cases {
            let pa = p_alive(&p, x, t_x, t);
            assert!(pa.is_finite() && (0.0..=1.0).contains(&pa), "x = {x}: {pa}");
        }
        assert!(p_alive(&p, 221, 103.42857, 103.57143) > 0.9);
        assert!(p_alive(&p, 161, 94.71429, 98.0) < p_alive(&p, 204, 98.57143, 99.42857));
    }

    #[test]
    fn likelihood_and_p_alive_stay_finite_for_lifetimes_overflow_case() {
        // lifetimes' test_overflow_error: α ≪ β, hundreds of purchases.
        let p = Params { r: 10.465, alpha: 7.98565181e-03, s: 3.0516, beta: 2.820 };
        for (x, t_x, t) in [(400, 5.0, 6.0), (500, 1.0, 37.0), (500, 4.0, 37.0)] {
            let ll = log_likelihood(&p, &[Row { x, t_x, t, weight: 1.0 }]);
            assert!(ll.is_finite(), "{ll}");
            let pa = p_alive(&p, x, t_x, t);
            assert!((0.0..=1.0).contains(&pa));
        }
    }

    #[test]
    fn likelihood_equals_the_integral_over_the_death_time() {
        // s ∫ₜₓᵀ (α+τ)^−(r+x) (β+τ)^−(s+1) dτ is the A₀ term; check by Simpson's rule.
        for p in [CDNOW, Params { r: 2.0, alpha: 1.0, s: 0.3, beta: 40.0 }] {
            let (x, t_x, t) = (3u32, 4.0, 30.0);
            let (r, xf) = (p.r, f64::from(x));
            let f = |tau: f64| {
                (-(r + xf) * (p.alpha + tau).ln() - (p.s + 1.0) * (p.beta + tau).ln()).exp()
            };
            let n = 20_000;
            let h = (t - t_x) / n as f64;
            let simpson: f64 = (0..=n)
                .map(|k| {
                    let w = if k == 0 || k == n {
                        1.0
                    } else if k % 2 == 1 {
                        4.0
                    } else {
                        2.0
                    };
                    w * f(t_x + k as f64 * h)
                })
                .sum::<f64>()
                * h
                / 3.0;
            let alive = (-(r + xf) * (p.alpha + t).ln() - p.s * (p.beta + t).ln()).exp();
            let front = ln_gamma(r + xf) - ln_gamma(r) + r * p.alpha.ln() + p.s * p.beta.ln();
            let want = front + (alive + p.s * simpson).ln();
            let got = log_likelihood(&p, &[Row { x, t_x, t, weight: 1.0 }]);
            assert!((got - want).abs() < 1e-9, "{got} vs {want}");
        }
    }

    #[test]
    fn expectation_is_smooth_through_s_equal_to_one() {
        let at = |s| expected_purchases_new(&Params { s, ..CDNOW }, 52.0);
        assert!((at(1.0) - at(1.0 + 1e-7)).abs() < 1e-6);
        assert!((at(1.0) - at(1.0 - 1e-7)).abs() < 1e-6);
    }

    #[test]
    fn a_customer_silent_for_years_is_probably_gone() {
        assert!(p_alive(&CDNOW, 10, 20.0, 520.0) < 0.01);
        assert_eq!(p_alive(&CDNOW, 10, 520.0, 520.0), 1.0);
    }
}
