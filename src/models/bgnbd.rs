//! BG/NBD: Fader, Hardie & Lee (2005), "Counting your customers the easy way: an alternative to
//! the Pareto/NBD model", *Marketing Science* 24(2), 275–284.
//!
//! While alive, a customer buys at rate λ ~ Gamma(r, α); after each purchase they drop out with
//! probability p ~ Beta(a, b). Times are in the unit of the summaries (see
//! [`TimeUnit`](crate::summary::TimeUnit)); `t` is the paper's T, `horizon` its t.
//!
//! How this works: MBG/NBD (Batislam et al. 2007) differs only in letting a customer also drop
//! out at the first purchase, which moves the beta part by one purchase. Both share the code
//! here through a `Family` switch: the likelihood with its analytic gradient, P(alive), and the
//! expectation of a customer alive now, which is the paper's eq. (9) with updated parameters
//! (that is how eq. (10) factors). Eq. (9) is computed through a guarded ln ₂F₁ and, where
//! that cannot be used (a ≈ 1, a + b ≤ 1), through its defining integral over p.

use super::optimize::Objective;
use super::special::{
    digamma, ln_beta, ln_beta_integral, ln_gamma_ratio, ln_hyp2f1, ln_hyp2f1_each, logistic,
};
use super::{
    add_penalty, estimate, finite_non_negative, positive_params, probability,
    require_repeat_buyers, subsample, time_scale, Columns, FitOptions, FitReport, Fitted, Start,
    WARM_START_ROWS,
};
use crate::summary::Row;
use crate::Error;
use serde::{Deserialize, Serialize};

/// BG/NBD parameters: purchase rate λ ~ Gamma(`r`, `alpha`), dropout p ~ Beta(`a`, `b`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Params {
    /// Shape of the purchase-rate distribution.
    pub r: f64,
    /// Scale of the purchase-rate distribution (in the time unit).
    pub alpha: f64,
    /// Beta shape of the dropout probability.
    pub a: f64,
    /// Beta shape of the dropout probability.
    pub b: f64,
}

/// The parameters' names, in the order of the standard errors.
pub const PARAMETERS: [&str; 4] = ["r", "alpha", "a", "b"];

impl Params {
    fn array(&self) -> [f64; 4] {
        [self.r, self.alpha, self.a, self.b]
    }
}

/// Fits BG/NBD by maximum likelihood (the paper's eq. 6) to compressed rows.
///
/// Needs at least [`MIN_REPEAT_BUYERS`](super::MIN_REPEAT_BUYERS) repeat buyers.
pub fn fit(rows: &[Row], options: &FitOptions) -> Result<Fitted<Params>, Error> {
    let f = fit_family(rows, options, Family::Bg)?;
    let [r, alpha, a, b] = f.params;
    Ok(Fitted { params: Params { r, alpha, a, b }, report: f.report })
}

/// The log-likelihood of the rows (eq. 6, summed with the weights).
///
/// ```
/// use ltv::{models::bgnbd::{log_likelihood, Params}, summary::Row};
/// let p = Params { r: 1.0, alpha: 1.0, a: 1.0, b: 1.0 };
/// // x = 0, T = 1: L = B(1,1)/B(1,1) · α^r/(α+T)^r = 1/2
/// let rows = [Row { x: 0, t_x: 0.0, t: 1.0, weight: 1.0 }];
/// assert!((log_likelihood(&p, &rows) - 0.5f64.ln()).abs() < 1e-12);
/// ```
#[must_use]
pub fn log_likelihood(p: &Params, rows: &[Row]) -> f64 {
    family_ll(&Columns::new(rows, 1.0), p.array(), Family::Bg, None, &mut Vec::new())
}

/// Probability that a customer with `x` repeat purchases, the last at `t_x`, is still active at
/// `t` (times in the fitting unit). With no repeat purchase BG/NBD cannot have dropped the
/// customer, so the answer is exactly 1 (Hardie, note 021).
///
/// ```
/// # use ltv::models::bgnbd::{p_alive, Params};
/// let cdnow = Params { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
/// assert_eq!(p_alive(&cdnow, 0, 0.0, 38.0), 1.0);
/// // The paper's closed form, 1 / (1 + a/(b+x−1) · ((α+T)/(α+tₓ))^(r+x)):
/// let (x, t_x, t) = (2.0, 30.43, 38.86);
/// let odds = cdnow.a / (cdnow.b + x - 1.0) * ((cdnow.alpha + t) / (cdnow.alpha + t_x)).powf(cdnow.r + x);
/// assert!((p_alive(&cdnow, 2, t_x, t) - 1.0 / (1.0 + odds)).abs() < 1e-12);
/// ```
#[must_use]
pub fn p_alive(p: &Params, x: u32, t_x: f64, t: f64) -> f64 {
    family_p_alive(p.array(), Family::Bg, x, t_x, t)
}

/// Expected purchases in (T, T + `horizon`] of a customer alive at T = `t` with `x` repeat
/// purchases: eq. (10) without its P(alive) factor.
///
/// ```
/// # use ltv::models::bgnbd::{expected_purchases, expected_purchases_if_alive, p_alive, Params};
/// let cdnow = Params { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
/// let if_alive = expected_purchases_if_alive(&cdnow, 2, 38.86, 39.0);
/// let e = expected_purchases(&cdnow, 2, 30.43, 38.86, 39.0);
/// assert!((e - p_alive(&cdnow, 2, 30.43, 38.86) * if_alive).abs() < 1e-15);
/// assert_eq!(expected_purchases_if_alive(&cdnow, 2, 38.86, 0.0), 0.0);
/// ```
#[must_use]
pub fn expected_purchases_if_alive(p: &Params, x: u32, t: f64, horizon: f64) -> f64 {
    family_if_alive(p.array(), Family::Bg, x, t, horizon)
}

/// Expected purchases in (T, T + `horizon`] given `x`, `t_x` and T = `t` (eq. 10).
///
/// ```
/// # use ltv::models::bgnbd::{expected_purchases, Params};
/// let cdnow = Params { r: 0.2425945, alpha: 4.4136019, a: 0.7929199, b: 2.4258881 };
/// // Hardie's spreadsheet: 1.226 for x = 2, t_x = 30.43, T = 38.86 over the next 39 weeks.
/// assert!((expected_purchases(&cdnow, 2, 30.43, 38.86, 39.0) - 1.226).abs() < 1e-3);
/// ```
#[must_use]
pub fn expected_purchases(p: &Params, x: u32, t_x: f64, t: f64, horizon: f64) -> f64 {
    p_alive(p, x, t_x, t) * expected_purchases_if_alive(p, x, t, horizon)
}

/// Expected repeat purchases in (0, `horizon`] of a new customer, E[X(t)] (eq. 9).
///
/// ```
/// # use ltv::models::bgnbd::{expected_purchases_new, Params};
/// let cdnow = Params { r: 0.2425945, alpha: 4.4136019, a: 0.7929199, b: 2.4258881 };
/// assert!((expected_purchases_new(&cdnow, 78.0) - 1.8576).abs() < 1e-3); // Hardie's sheet
/// ```
#[must_use]
pub fn expected_purchases_new(p: &Params, horizon: f64) -> f64 {
    family_new(p.array(), Family::Bg, horizon)
}

/// The two members of the beta-geometric/NBD family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    /// BG/NBD: dropout only after a repeat purchase.
    Bg,
    /// MBG/NBD: dropout also right after the first purchase.
    Mbg,
}

impl Family {
    /// Purchases after which a dropout could have happened, beyond the repeat purchases.
    fn shift(self) -> u32 {
        match self {
            Family::Bg => 0,
            Family::Mbg => 1,
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Family::Bg => "bgNbd",
            Family::Mbg => "mbgNbd",
        }
    }
}

pub(crate) fn fit_family(
    rows: &[Row],
    options: &FitOptions,
    family: Family,
) -> Result<Fitted<[f64; 4]>, Error> {
    require_repeat_buyers(family.name(), rows)?;
    let scale = time_scale(rows);
    let start = match subsample(rows, WARM_START_ROWS) {
        Some(sample) => {
            let cols = Columns::new(&sample, scale);
            Start::warm(&mut Nll::new(&cols, family, options.penalizer_coef), 4, options)
        }
        None => Start::cold(4),
    };
    let cols = Columns::new(rows, scale);
    let mut nll = Nll::new(&cols, family, options.penalizer_coef);
    let est = estimate(family.name(), &mut nll, &start, cols.n, options)?;
    let not_converged = Error::NotConverged { model: family.name(), iterations: est.iterations };
    let th = positive_params::<4>(&est.log_params).ok_or(not_converged)?;
    let natural = [th[0], th[1] / scale, th[2], th[3]];
    let ll = cols.unscaled_ll(family_ll(&cols, th, family, None, &mut Vec::new()), scale);
    let report = FitReport::new(&PARAMETERS, &natural, ll, cols.n, &est);
    Ok(Fitted { params: natural, report })
}

/// The mean negative log-likelihood (plus penalty) in log-parameters.
struct Nll<'a> {
    cols: &'a Columns,
    family: Family,
    penalizer: f64,
    /// Per-time tables, reused by every evaluation.
    scratch: Vec<f64>,
}

impl<'a> Nll<'a> {
    fn new(cols: &'a Columns, family: Family, penalizer: f64) -> Nll<'a> {
        Nll { cols, family, penalizer, scratch: Vec::with_capacity(2 * cols.times.len()) }
    }
}

impl Objective for Nll<'_> {
    fn value(&mut self, x: &[f64]) -> f64 {
        let Some(th) = positive_params::<4>(x) else { return f64::INFINITY };
        -family_ll(self.cols, th, self.family, None, &mut self.scratch) / self.cols.n
            + add_penalty(&th, self.penalizer, None)
    }

    const ANALYTIC_GRADIENT: bool = true;

    fn gradient(&mut self, x: &[f64], g: &mut [f64]) -> f64 {
        let Some(th) = positive_params::<4>(x) else { return f64::INFINITY };
        let mut d = [0.0; 4];
        let ll = family_ll(self.cols, th, self.family, Some(&mut d), &mut self.scratch);
        for i in 0..4 {
            g[i] = -d[i] * th[i] / self.cols.n; // d/d ln θ = θ d/dθ
        }
        -ll / self.cols.n + add_penalty(&th, self.penalizer, Some(g))
    }
}

/// Σ w ln L (eq. 6) and, when asked, its gradient in (r, α, a, b). Per customer,
/// ln L = ln[Γ(r+x)/Γ(r)] − r ln(1 + T/α) − x ln(α+T) + ln[B(a, b+x')/B(a, b)] + ln(1 + e^z),
/// z = ln(a/(b+x'−1)) + (r+x) ln((α+T)/(α+tₓ)), where x' counts the dropout opportunities (x,
/// plus 1 for MBG/NBD) and the last term is there only when x' > 0. Written this way no two
/// large terms cancel, even with parameters near the search bound. The gamma-function terms are
/// computed once per x, the time logarithms once per distinct time (in `scratch`), so a row
/// costs one exponential and one logarithm.
pub(crate) fn family_ll(
    cols: &Columns,
    [r, alpha, a, b]: [f64; 4],
    family: Family,
    mut grad: Option<&mut [f64; 4]>,
    scratch: &mut Vec<f64>,
) -> f64 {
    let ln_alpha = alpha.ln();
    let want = grad.is_some();
    // Per distinct time τ: ln(1 + τ/α) and 1/(α + τ).
    let m = cols.times.len();
    scratch.clear();
    scratch.extend(cols.times.iter().map(|tau| (tau / alpha).ln_1p()));
    if want {
        scratch.extend(cols.times.iter().map(|tau| 1.0 / (alpha + tau)));
    }
    let (l1_at, inv_at) = scratch.split_at(m);
    let (psi_r, psi_b, psi_ab) =
        if want { (digamma(r), digamma(b), digamma(a + b)) } else { (0.0, 0.0, 0.0) };
    let mut ll = 0.0;
    for &(x, start, end) in &cols.groups {
        let (xf, xb) = (f64::from(x), f64::from(x + family.shift()));
        let rx = r + xf;
        let c = ln_gamma_ratio(r, xf) + ln_gamma_ratio(b, xb) - ln_gamma_ratio(a + b, xb);
        let dropout = xb > 0.0;
        let d = if dropout { (a / (b + xb - 1.0)).ln() } else { 0.0 };
        // Group sums for the gradient: w, w ln(1+T/α), w s Δ, w/(α+T), w s (1/(α+T) − 1/(α+tₓ)),
        // w s, where s = e^z/(1 + e^z) and Δ = ln((α+T)/(α+tₓ)).
        let mut sums = [0.0; 6];
        for i in start..end {
            let (w, at_t) = (cols.w[i], cols.t_at[i] as usize);
            let l1 = l1_at[at_t];
            let mut row = c - r * l1;
            if x > 0 {
                row -= xf * (ln_alpha + l1);
            }
            let (mut s, mut diff) = (0.0, 0.0);
            if dropout {
                diff = l1 - l1_at[cols.t_x_at[i] as usize];
                let z = d + rx * diff;
                // ln(1 + e^z) and the logistic s = e^z/(1 + e^z) from one exponential.
                let e = (-z.abs()).exp();
                row += z.max(0.0) + e.ln_1p();
                s = if z >= 0.0 { 1.0 / (1.0 + e) } else { e / (1.0 + e) };
            }
            ll += w * row;
            if want {
                let inv_big = inv_at[at_t];
                sums[0] += w;
                sums[1] += w * l1;
                sums[2] += w * s * diff;
                sums[3] += w * inv_big;
                sums[4] += w * s * (inv_big - inv_at[cols.t_x_at[i] as usize]);
                sums[5] += w * s;
            }
        }
        if let Some(g) = grad.as_deref_mut() {
            let [sw, s_l1, s_sdiff, s_inv, s_sinv, s_s] = sums;
            let psi_abx = digamma(a + b + xb);
            g[0] += sw * (digamma(rx) - psi_r) - s_l1 + s_sdiff;
            g[1] += sw * r / alpha - rx * s_inv + rx * s_sinv;
            g[2] += sw * (psi_ab - psi_abx) + s_s / a;
            g[3] += sw * (digamma(b + xb) - psi_abx - psi_b + psi_ab);
            if dropout {
                g[3] -= s_s / (b + xb - 1.0);
            }
        }
    }
    ll
}

/// P(alive): 1 / (1 + a/(b+x'−1) · ((α+T)/(α+tₓ))^(r+x)), exactly 1 without a dropout
/// opportunity.
pub(crate) fn family_p_alive(
    [r, alpha, a, b]: [f64; 4],
    family: Family,
    x: u32,
    t_x: f64,
    t: f64,
) -> f64 {
    let xb = f64::from(x + family.shift());
    if xb == 0.0 {
        return 1.0;
    }
    // ln((α+T)/(α+tₓ)) as ln1p, exact when tₓ is close to T.
    let log_odds =
        (a / (b + xb - 1.0)).ln() + (r + f64::from(x)) * ((t - t_x) / (alpha + t_x)).ln_1p();
    probability(logistic(-log_odds))
}

/// A customer alive at T with x repeat purchases buys like a new customer with
/// λ ~ Gamma(r+x, α+T) and p ~ Beta(a, b+x'): eq. (10) = P(alive) × eq. (9) with those.
pub(crate) fn family_if_alive(
    [r, alpha, a, b]: [f64; 4],
    family: Family,
    x: u32,
    t: f64,
    horizon: f64,
) -> f64 {
    let xb = f64::from(x + family.shift());
    expected_if_alive(r + f64::from(x), alpha + t, a, b + xb, horizon)
}

/// [`family_if_alive`] at several horizons at once (their ₂F₁ share the series' coefficients).
pub(crate) fn family_if_alive_each(
    [r, alpha, a, b]: [f64; 4],
    family: Family,
    x: u32,
    t: f64,
    horizons: &[f64],
    out: &mut [f64],
) {
    let (r, alpha, b) = (r + f64::from(x), alpha + t, b + f64::from(x + family.shift()));
    let c = a + b - 1.0;
    let zs: Vec<f64> =
        horizons.iter().map(|&h| if h > 0.0 { h / (alpha + h) } else { 0.0 }).collect();
    let mut ln_f = vec![f64::NAN; zs.len()];
    if has_closed_form(a, c) && ln_hyp2f1_each(r, b, c, &zs, &mut ln_f).is_err() {
        ln_f.fill(f64::NAN);
    }
    for ((o, &h), ln_f) in out.iter_mut().zip(horizons).zip(ln_f) {
        *o = if h.is_nan() || h <= 0.0 {
            0.0
        } else {
            closed_form(r, alpha, a, c, h, ln_f)
                .unwrap_or_else(|| expected_if_alive_by_integral(r, alpha, a, b, h))
        };
    }
}

/// E[X(t)] of a new customer: P(alive right after the first purchase) × eq. (9).
pub(crate) fn family_new(theta: [f64; 4], family: Family, horizon: f64) -> f64 {
    family_p_alive(theta, family, 0, 0.0, 0.0) * family_if_alive(theta, family, 0, 0.0, horizon)
}

/// Eq. (9): E[X(t)] = (a+b−1)/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b; a+b−1; t/(α+t))], which is
/// E over p ~ Beta(a, b) of (1 − (α/(α+pt))^r)/p. The bracket is taken as −expm1 of its log, so
/// it keeps its digits when small; near a = 1 (0/0) or for a + b ≤ 1 the integral over p is
/// used instead.
fn expected_if_alive(r: f64, alpha: f64, a: f64, b: f64, t: f64) -> f64 {
    if t.is_nan() || t <= 0.0 {
        return 0.0;
    }
    let c = a + b - 1.0;
    if has_closed_form(a, c) {
        if let Some(v) = ln_hyp2f1(r, b, c, t / (alpha + t))
            .ok()
            .and_then(|ln_f| closed_form(r, alpha, a, c, t, ln_f))
        {
            return v;
        }
    }
    expected_if_alive_by_integral(r, alpha, a, b, t)
}

/// Eq. (9) is used away from a = 1 (0/0) and for a + b > 1.
fn has_closed_form(a: f64, c: f64) -> bool {
    c > 0.0 && (a - 1.0).abs() > 1e-6
}

/// Eq. (9) from ln ₂F₁(r, b; c; t/(α+t)), c = a + b − 1: c/(a−1) · −expm1(−r ln(1 + t/α) + ln ₂F₁);
/// `None` when rounding makes it negative or not finite (the integral is taken then).
fn closed_form(r: f64, alpha: f64, a: f64, c: f64, t: f64, ln_f: f64) -> Option<f64> {
    let u = -r * (t / alpha).ln_1p() + ln_f;
    let v = c / (a - 1.0) * -u.exp_m1();
    (v.is_finite() && v >= 0.0).then_some(v)
}

/// ∫ p^(a−1)(1−p)^(b−1) φ(p) dp / B(a, b) with φ(p) = (1 − (1 + pt/α)^(−r))/p.
///
/// For a < 1 the weight's singularity at p = 0 is taken out instead of substituted: with
/// φ(0) = rt/α and B(a+1, b)/B(a, b) = a/(a+b), the integral is
/// φ(0) − a/(a+b) · E_Beta(a+1, b)[(φ(0) − φ(p))/p], whose integrand is bounded and smooth (a
/// small a, the limit of no dropout, otherwise puts all the weight into a sliver next to 0).
fn expected_if_alive_by_integral(r: f64, alpha: f64, a: f64, b: f64, t: f64) -> f64 {
    let h = t / alpha;
    if a < 1.0 {
        let at_zero = r * h;
        let ln_integral = ln_beta_integral(a + 1.0, b, |p, _| ln_phi_deficit(r, h, p));
        let deficit = (ln_integral - ln_beta(a + 1.0, b)).exp() * a / (a + b);
        return finite_non_negative(at_zero - deficit);
    }
    let ln_integral = ln_beta_integral(a, b, |p, _| {
        let ph = p * h;
        if ph < 1e-12 {
            // (1 − (1+ph)^(−r))/p = rh (1 − (r+1)ph/2 + …)
            (r * h).ln() + (-(r + 1.0) * ph / 2.0).ln_1p()
        } else {
            (-(-r * ph.ln_1p()).exp_m1()).ln() - p.ln()
        }
    });
    finite_non_negative((ln_integral - ln_beta(a, b)).exp())
}

/// ln[(φ(0) − φ(p))/p] = ln[(rph − 1 + (1+ph)^(−r))/p²], by its Taylor series
/// r(r+1)h²/2 · (1 − (r+2)ph/3 + (r+2)(r+3)(ph)²/12 − …) where the difference would cancel.
fn ln_phi_deficit(r: f64, h: f64, p: f64) -> f64 {
    let ph = p * h;
    if ph < 1e-3 {
        let series = 1.0 - (r + 2.0) * ph / 3.0 * (1.0 - (r + 3.0) * ph / 4.0);
        return (r * (r + 1.0) * h * h / 2.0).ln() + series.ln();
    }
    (r * ph + (-r * ph.ln_1p()).exp_m1()).ln() - 2.0 * p.ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    const CDNOW: Params = Params { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    const CDNOW_FINE: Params =
        Params { r: 0.2425945, alpha: 4.4136019, a: 0.7929199, b: 2.4258881 };

    #[test]
    fn p_alive_falls_the_longer_a_buyer_is_silent() {
        assert!(p_alive(&CDNOW, 2, 5.0, 38.0) < p_alive(&CDNOW, 2, 30.0, 38.0));
    }

    #[test]
    fn expectation_matches_hardie_spreadsheet_within_1e_3() {
        // lifetimes' test_expectation_returns_same_value_Hardie_excel_sheet.
        let table = [
            (0.1429, 0.0078),
            (1.0, 0.0532),
            (3.0, 0.1506),
            (31.8571, 1.0405),
            (32.0, 1.0437),
            (78.0, 1.8576),
        ];
        for (t, want) in table {
            let got = expected_purchases_new(&CDNOW_FINE, t);
            assert!((got - want).abs() < 1e-3, "E[X({t})] = {got}");
        }
    }

    #[test]
    fn closed_form_and_integral_agree() {
        let cases = [
            (0.243, 4.414, 0.793, 2.426, 39.0),
            (2.243, 43.27, 0.793, 4.426, 39.0),
            (300.2, 103.0, 1.7, 302.4, 52.0),
            (0.5, 0.01, 3.0, 0.4, 400.0),
            (1.2, 10.0, 0.3, 0.9, 5.0),
            // a < 1 and small: the integral with the singularity at p = 0 taken out
            (2.0, 10.0, 0.3, 5.0, 52.0),
            (45.2, 80.0, 0.05, 60.0, 10.0),
            (0.9, 3.0, 0.001, 800.0, 150.0),
        ];
        for (r, alpha, a, b, t) in cases {
            let closed = expected_if_alive(r, alpha, a, b, t);
            let integral = expected_if_alive_by_integral(r, alpha, a, b, t);
            assert!((closed - integral).abs() < 1e-9 * closed.max(1.0), "{closed} vs {integral}");
        }
    }

    #[test]
    fn expectation_is_continuous_through_a_equal_to_one() {
        let at = |a| expected_if_alive(0.5, 3.0, a, 2.0, 20.0);
        let (below, on, above) = (at(1.0 - 1e-5), at(1.0), at(1.0 + 1e-5));
        assert!((below - on).abs() < 1e-4 && (above - on).abs() < 1e-4, "{below} {on} {above}");
    }

    #[test]
    fn analytic_gradient_matches_central_differences() {
        let rows = [
            Row { x: 0, t_x: 0.0, t: 30.0, weight: 3.0 },
            Row { x: 1, t_x: 5.0, t: 30.0, weight: 1.0 },
            Row { x: 4, t_x: 25.0, t: 38.0, weight: 2.0 },
            Row { x: 4, t_x: 2.0, t: 38.0, weight: 1.0 },
        ];
        let cols = Columns::new(&rows, 0.3);
        for family in [Family::Bg, Family::Mbg] {
            let mut nll = Nll::new(&cols, family, 0.1);
            let x = [-0.7, 0.4, -0.2, 0.8];
            let mut analytic = [0.0; 4];
            nll.gradient(&x, &mut analytic);
            for i in 0..4 {
                let h = 1e-6;
                let (mut up, mut down) = (x, x);
                up[i] += h;
                down[i] -= h;
                let numeric = (nll.value(&up) - nll.value(&down)) / (2.0 * h);
                assert!((analytic[i] - numeric).abs() < 1e-7, "{family:?} {i}");
            }
        }
    }

    #[test]
    fn extreme_histories_give_finite_predictions() {
        let cases = [(300, 103.0, 103.5), (221, 103.43, 103.57), (1, 1.0, 520.0), (0, 0.0, 5000.0)];
        for (x, t_x, t) in cases {
            let pa = p_alive(&CDNOW, x, t_x, t);
            let e = expected_purchases(&CDNOW, x, t_x, t, 52.0);
            assert!((0.0..=1.0).contains(&pa) && e.is_finite() && e >= 0.0, "{x} {pa} {e}");
        }
        // Years of silence after many purchases: almost surely gone.
        assert!(p_alive(&CDNOW, 300, 1.0, 520.0) < 1e-100);
        // 300 purchases up to the end: a very active customer expects many more.
        assert!(expected_purchases(&CDNOW, 300, 103.0, 103.5, 52.0) > 100.0);
    }

    #[test]
    fn likelihood_in_scaled_time_converts_back_exactly() {
        let rows = [
            Row { x: 0, t_x: 0.0, t: 30.0, weight: 3.0 },
            Row { x: 3, t_x: 12.0, t: 38.0, weight: 2.0 },
        ];
        let scale = 0.37;
        let cols = Columns::new(&rows, scale);
        for family in [Family::Bg, Family::Mbg] {
            let scaled = [0.4, 4.0 * scale, 0.8, 2.5];
            let ll = family_ll(&cols, scaled, family, None, &mut Vec::new());
            let natural = [0.4, 4.0, 0.8, 2.5];
            let direct =
                family_ll(&Columns::new(&rows, 1.0), natural, family, None, &mut Vec::new());
            assert!((cols.unscaled_ll(ll, scale) - direct).abs() < 1e-12, "{family:?}");
        }
    }

    #[test]
    fn log_likelihood_sums_rows_with_their_weights() {
        let one = [Row { x: 2, t_x: 3.0, t: 9.0, weight: 1.0 }];
        let three = [Row { x: 2, t_x: 3.0, t: 9.0, weight: 3.0 }];
        let ll = log_likelihood(&CDNOW, &one);
        assert!((log_likelihood(&CDNOW, &three) - 3.0 * ll).abs() < 1e-12);
        assert!(ll < 0.0);
    }
}
