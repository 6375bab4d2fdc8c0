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
//! The gradient is numeric (central differences of this likelihood).

use super::optimize::Objective;
use super::special::{ln_1p_exp, ln_gamma_ratio, ln_hyp2f1, logistic, Hyp2f1Error};
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
    let ll = cols.unscaled_ll(ll_sum(&cols, th, &mut Vec::new()), scale);
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
    ll_sum(&Columns::new(rows, 1.0), [p.r, p.alpha, p.s, p.beta], &mut Vec::new())
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
fn hyp_args([r, alpha, s, beta]: [f64; 4], x: f64) -> (f64, f64, f64, f64) {
    let b2 = if alpha >= beta { s + 1.0 } else { r + x };
    (r + s + x, b2, alpha.max(beta), (alpha - beta).abs())
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

/// Σ w ln L with ln L = ln K + ln(1 + e^ω) (see the module notes). The time logarithms are
/// tabled once per distinct time and ln ₂F₁ once per (x, distinct time) in `scratch`, so most
/// rows cost no ₂F₁ at all. A ₂F₁ failure makes the point infeasible (−∞).
fn ll_sum(cols: &Columns, theta: [f64; 4], scratch: &mut Vec<f64>) -> f64 {
    let [_, alpha, _, beta] = theta;
    let m_ab = alpha.max(beta);
    let n = cols.times.len();
    scratch.clear();
    for scale in [alpha, beta, m_ab] {
        scratch.extend(cols.times.iter().map(|tau| (tau / scale).ln_1p()));
    }
    scratch.resize(4 * n, f64::NAN);
    let (tables, memo) = scratch.split_at_mut(3 * n);
    let (l1_alpha, rest) = tables.split_at(n);
    let (l1_beta, l1_m) = rest.split_at(n);
    let mut ll = 0.0;
    for &(x, start, end) in &cols.groups {
        let xf = f64::from(x);
        let (a1, b2, m, d) = hyp_args(theta, xf);
        let at = AtFrequency::new(theta, xf);
        memo.fill(f64::NAN);
        let mut ln_f_at = |k: usize| -> Result<f64, Hyp2f1Error> {
            if memo[k].is_nan() {
                memo[k] = ln_f(a1, b2, m, d, cols.times[k])?;
            }
            Ok(memo[k])
        };
        for i in start..end {
            let (kt, ktx) = (cols.t_at[i] as usize, cols.t_x_at[i] as usize);
            let (Ok(ln_f1), Ok(ln_f2)) =
                (ln_f_at(ktx), if kt > ktx { ln_f_at(kt) } else { Ok(0.0) })
            else {
                return f64::NEG_INFINITY;
            };
            let logs = RowLogs {
                l1_alpha_t: l1_alpha[kt],
                l1_beta_t: l1_beta[kt],
                l1_m_tx: l1_m[ktx],
                l1_m_t: l1_m[kt],
                ln_f1,
                ln_f2,
            };
            let dead = if kt > ktx { at.omega(&logs) } else { f64::NEG_INFINITY };
            ll += cols.w[i] * (at.ln_alive(&logs) + ln_1p_exp(dead));
        }
    }
    ll
}

/// The mean negative log-likelihood (plus penalty) in log-parameters; numeric gradient.
struct Nll<'a> {
    cols: &'a Columns,
    penalizer: f64,
    /// Time tables and the ₂F₁ memo, reused by every evaluation.
    scratch: Vec<f64>,
}

impl Objective for Nll<'_> {
    fn value(&mut self, x: &[f64]) -> f64 {
        let Some(th) = positive_params::<4>(x) else { return f64::INFINITY };
        -ll_sum(self.cols, th, &mut self.scratch) / self.cols.n
            + add_penalty(&th, self.penalizer, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::special::ln_gamma;

    const CDNOW: Params = Params { r: 0.55315, alpha: 10.57633, s: 0.60625, beta: 11.67150 };

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
