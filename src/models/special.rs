//! Special functions for the models: ln Γ, digamma, ln B, a guarded Gauss hypergeometric
//! ₂F₁ and a tanh-sinh integrator, all in `f64` and, where values can overflow, in log space.
//!
//! How this works / advice for hackers:
//! * [`ln_gamma`] and [`digamma`] shift the argument up with the recurrence and then use the
//!   Stirling (de Moivre) asymptotic series; both are accurate to a few ulps of the result's scale.
//! * [`ln_hyp2f1`] is only defined where every model needs it: `a, b, c > 0` and `0 ≤ z < 1`,
//!   where every term of the Gauss series is positive and ₂F₁ ≥ 1, so its logarithm is finite.
//!   1. When `c > a` and `c > b`, Euler's transformation (Abramowitz & Stegun 15.3.3)
//!      `₂F₁(a,b;c;z) = (1−z)^(c−a−b) ₂F₁(c−a,c−b;c;z)` is applied if it shrinks the terms'
//!      growth: this is what keeps the Pareto/NBD and BG/NBD terms cheap for customers with
//!      hundreds of purchases (the series of `₂F₁(r+s+x, r+x; r+s+x+1; z)` first climbs for
//!      thousands of terms; the transformed `₂F₁(1, s+1; r+s+x+1; z)` only falls).
//!   2. The series is summed with a running scale (no overflow) and stops only on a proven tail
//!      bound, not on a small term. It gets a budget of 50 000 terms (≈ 0.1 ms).
//!   3. Past the budget (z close to 1 with a term ratio close to 1), Euler's integral
//!      (A&S 15.3.1) `Γ(c)/(Γ(b)Γ(c−b)) ∫₀¹ t^(b−1)(1−t)^(c−b−1)(1−zt)^(−a) dt` is evaluated by
//!      tanh-sinh quadrature in log space instead (needs `c > b`, or `c > a` with the roles
//!      swapped).
//!   4. Otherwise the series goes on up to [`MAX_SERIES_TERMS`]; failure is reported as
//!      [`Hyp2f1Error::NotConverged`], never as NaN or infinity.
//! * [`ln_beta_integral`] integrates `t^(p−1)(1−t)^(q−1)e^(g(t))` over (0,1). An exponent below 1
//!   is taken out by substituting `v = t^p` near that end, so the rule only ever sees a bounded
//!   integrand.

use std::f64::consts::{LN_2, PI};

/// The largest number of Gauss-series terms [`ln_hyp2f1`] sums before giving up.
pub const MAX_SERIES_TERMS: usize = 1_000_000;

/// Terms the series may take before the Euler integral (about as costly as this many terms) is
/// tried instead.
const SERIES_BUDGET: usize = 1_000;

/// The series' budget when the continued fraction can follow.
const FRACTION_SERIES_BUDGET: usize = 16;

/// Steps the continued fraction of ₂F₁(1, p; c; z) may take before the Euler integral is tried.
const FRACTION_BUDGET: usize = 5_000;

/// ln Γ(x) for `x > 0`; `+∞` for `x ≤ 0` or NaN (outside the domain the models use).
///
/// ```
/// use ltv::models::special::ln_gamma;
/// assert!((ln_gamma(0.5) - std::f64::consts::PI.sqrt().ln()).abs() < 1e-14);
/// assert!((ln_gamma(10.0) - 362_880f64.ln()).abs() < 1e-12);
/// ```
#[must_use]
pub fn ln_gamma(x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        return f64::INFINITY;
    }
    if x >= 15.0 {
        return stirling_ln_gamma(x);
    }
    // Γ(x) = Γ(x+n) / (x(x+1)…(x+n−1)); the product stays far from overflow (n ≤ 15).
    let n = (15.0 - x).ceil();
    let mut product = 1.0;
    let mut y = x;
    for _ in 0..n as u32 {
        product *= y;
        y += 1.0;
    }
    stirling_ln_gamma(y) - product.ln()
}

fn stirling_ln_gamma(x: f64) -> f64 {
    const HALF_LN_2PI: f64 = 0.918_938_533_204_672_8;
    (x - 0.5) * x.ln() - x + HALF_LN_2PI + stirling_series(x)
}

/// The 1/x series of Stirling's formula; at x ≥ 15 the first omitted term is below 1e-16.
fn stirling_series(x: f64) -> f64 {
    let r = 1.0 / x;
    let r2 = r * r;
    r * (1.0 / 12.0 - r2 * (1.0 / 360.0 - r2 * (1.0 / 1260.0 - r2 * (1.0 / 1680.0 - r2 / 1188.0))))
}

/// ln Γ(a + x) − ln Γ(a) for `a > 0`, `x ≥ 0`: for large `a` it is computed as one Stirling
/// difference, (a−½)·ln(1 + x/a) + x·ln(a+x) − x + …, instead of subtracting two huge values.
///
/// ```
/// use ltv::models::special::ln_gamma_ratio;
/// let a = 1e9; // ln Γ(a+2) − ln Γ(a) = ln(a(a+1)), where ln Γ(a) ≈ 2e10
/// assert!((ln_gamma_ratio(a, 2.0) - (a * (a + 1.0)).ln()).abs() < 1e-12);
/// ```
#[must_use]
pub fn ln_gamma_ratio(a: f64, x: f64) -> f64 {
    if x == 0.0 {
        return 0.0;
    }
    if a.is_nan() || a < 15.0 {
        return ln_gamma(a + x) - ln_gamma(a);
    }
    let b = a + x;
    (a - 0.5) * (x / a).ln_1p() + x * b.ln() - x + stirling_series(b) - stirling_series(a)
}

/// The digamma function ψ(x) = d/dx ln Γ(x) for `x > 0`; NaN-free: `−∞` for `x ≤ 0` or NaN.
///
/// ```
/// use ltv::models::special::digamma;
/// assert!((digamma(1.0) + 0.577_215_664_901_532_9).abs() < 1e-13); // −γ
/// ```
#[must_use]
pub fn digamma(x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        return f64::NEG_INFINITY;
    }
    let mut acc = 0.0;
    let mut y = x;
    while y < 10.0 {
        acc -= 1.0 / y;
        y += 1.0;
    }
    let r2 = 1.0 / (y * y);
    let series = r2
        * (1.0 / 12.0
            - r2 * (1.0 / 120.0 - r2 * (1.0 / 252.0 - r2 * (1.0 / 240.0 - r2 * 5.0 / 660.0))));
    acc + y.ln() - 0.5 / y - series
}

/// ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), for `a, b > 0`.
///
/// ```
/// use ltv::models::special::ln_beta;
/// assert!((ln_beta(2.0, 3.0) - (1.0f64 / 12.0).ln()).abs() < 1e-14);
/// ```
#[must_use]
pub fn ln_beta(a: f64, b: f64) -> f64 {
    ln_gamma(a) + ln_gamma(b) - ln_gamma(a + b)
}

/// Why [`ln_hyp2f1`] gave no value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hyp2f1Error {
    /// An argument is outside `a, b, c > 0`, `0 ≤ z < 1`, or not finite.
    Domain,
    /// The series did not reach its tail bound within [`MAX_SERIES_TERMS`] terms.
    NotConverged,
}

/// ln ₂F₁(a, b; c; z), the Gauss hypergeometric function, for `a, b, c > 0` and `0 ≤ z < 1`
/// (where it is ≥ 1). The result is always finite; see the module notes for the method.
///
/// ```
/// use ltv::models::special::ln_hyp2f1;
/// // ₂F₁(1, 1; 2; z) = −ln(1 − z)/z
/// let f = ln_hyp2f1(1.0, 1.0, 2.0, 0.5).unwrap().exp();
/// assert!((f - 2.0 * 2f64.ln()).abs() < 1e-14);
/// // (1 − z)^(−a) far beyond f64 range: ln ₂F₁(300, 2; 2; 0.99) = 300 ln 100
/// let ln_f = ln_hyp2f1(300.0, 2.0, 2.0, 0.99).unwrap();
/// assert!((ln_f - 300.0 * 100f64.ln()).abs() < 1e-9);
/// ```
pub fn ln_hyp2f1(a: f64, b: f64, c: f64, z: f64) -> Result<f64, Hyp2f1Error> {
    let finite = a.is_finite() && b.is_finite() && c.is_finite() && z.is_finite();
    if !finite || a <= 0.0 || b <= 0.0 || c <= 0.0 || !(0.0..1.0).contains(&z) {
        return Err(Hyp2f1Error::Domain);
    }
    if z == 0.0 {
        return Ok(0.0);
    }
    // Euler's transformation keeps all parameters positive when c > a and c > b; ln(1−z)^(c−a−b)
    // is its factor.
    let euler = (c > a && c > b).then(|| (c - a, c - b, (c - a - b) * (-z).ln_1p()));
    // 1. The series of the form whose terms grow less (their ratio at k = 0 is abz/c in one,
    //    (c−a)(c−b)z/c in the other), within its budget.
    let (sa, sb, factor) = match euler {
        Some((ea, eb, f)) if ea * eb < a * b => (ea, eb, f),
        _ => (a, b, 0.0),
    };
    // 2. The continued fraction, when either form is a ₂F₁(1, p; c; z) (the series then gets a
    //    shorter budget: the fraction is the faster of the two past a few dozen terms).
    let one = |u: f64, v: f64| {
        let is_one = |w: f64| (w - 1.0).abs() <= 4.0 * f64::EPSILON * c;
        if is_one(u) {
            Some(v)
        } else if is_one(v) {
            Some(u)
        } else {
            None
        }
    };
    let fraction = [Some((a, b, 0.0)), euler]
        .into_iter()
        .flatten()
        .find_map(|(u, v, f)| one(u, v).map(|p| (p, f)));
    let budget = if fraction.is_some() { FRACTION_SERIES_BUDGET } else { SERIES_BUDGET };
    if let Ok(v) = ln_gauss_series(sa, sb, c, z, budget) {
        return finite_or(factor + v);
    }
    if let Some((p, f)) = fraction {
        if let Ok(ln_f) = ln_hyp2f1_one(p, c, z) {
            return finite_or(f + ln_f);
        }
    }
    // 3. Euler's integral (needs c > b; ₂F₁ is symmetric in a and b), else the long series.
    let (a, b) = if c > b { (a, b) } else { (b, a) };
    if c > b {
        return ln_euler_integral(a, b, c, z);
    }
    ln_gauss_series(a, b, c, z, MAX_SERIES_TERMS)
}

/// ln ₂F₁(a, b; c; zⱼ) for several zⱼ and the same a, b, c, into `out`: the Gauss series'
/// coefficients are shared, so each further z costs two multiplications and an addition per
/// term (the models' expectations at every month end of the CLV horizon). The form (Euler's
/// transformation or not) is chosen as in [`ln_hyp2f1`], from a, b, c alone; a z whose series
/// does not settle within the budget is evaluated alone by [`ln_hyp2f1`].
///
/// ```
/// use ltv::models::special::{ln_hyp2f1, ln_hyp2f1_each};
/// let zs = [0.0, 0.1, 0.5, 0.9];
/// let mut out = [0.0; 4];
/// ln_hyp2f1_each(2.3, 1.7, 0.9, &zs, &mut out).unwrap();
/// for (z, v) in zs.iter().zip(out) {
///     assert!((v - ln_hyp2f1(2.3, 1.7, 0.9, *z).unwrap()).abs() < 1e-13);
/// }
/// ```
///
/// # Errors
/// As [`ln_hyp2f1`], for the first z that fails.
pub fn ln_hyp2f1_each(
    a: f64,
    b: f64,
    c: f64,
    zs: &[f64],
    out: &mut [f64],
) -> Result<(), Hyp2f1Error> {
    const RESCALE: f64 = 1e250;
    let finite = a.is_finite() && b.is_finite() && c.is_finite();
    if !finite || a <= 0.0 || b <= 0.0 || c <= 0.0 || out.len() != zs.len() {
        return Err(Hyp2f1Error::Domain);
    }
    if zs.iter().any(|z| !(0.0..1.0).contains(z)) {
        return Err(Hyp2f1Error::Domain);
    }
    let euler = c > a && c > b && (c - a) * (c - b) < a * b;
    let (sa, sb) = if euler { (c - a, c - b) } else { (a, b) };
    // Per z: the running term, the sum, its scale, and whether its tail bound has been met.
    let n = zs.len();
    let (mut term, mut sum, mut ln_scale) = (vec![1.0f64; n], vec![1.0f64; n], vec![0.0f64; n]);
    let mut done: Vec<bool> = zs.iter().map(|&z| z == 0.0).collect();
    let mut left = done.iter().filter(|d| !**d).count();
    let (ab_c, d) = (sa * sb - c, sa + sb - c - 1.0);
    let mut k = 0;
    while left > 0 && k < SERIES_BUDGET {
        let kf = k as f64;
        let ratio = (sa + kf) * (sb + kf) / ((c + kf) * (kf + 1.0));
        let kn = kf + 1.0;
        let delta = if d <= 0.0 {
            (ab_c + kn * d).max(0.0) / ((c + kn) * (1.0 + kn))
        } else {
            (ab_c.abs() / (c + kn) + d) / (1.0 + kn)
        };
        for j in 0..n {
            if done[j] {
                continue;
            }
            let z = zs[j];
            term[j] *= ratio * z;
            sum[j] += term[j];
            if sum[j] > RESCALE {
                ln_scale[j] += sum[j].ln();
                term[j] /= sum[j];
                sum[j] = 1.0;
            }
            let rho = z * (1.0 + delta);
            if rho < 1.0 && term[j] * rho / (1.0 - rho) <= 1e-17 * sum[j] {
                done[j] = true;
                left -= 1;
            }
        }
        k += 1;
    }
    for j in 0..n {
        let z = zs[j];
        out[j] = if z == 0.0 {
            0.0
        } else if done[j] {
            let factor = if euler { (c - a - b) * (-z).ln_1p() } else { 0.0 };
            finite_or(factor + ln_scale[j] + sum[j].ln())?
        } else {
            ln_hyp2f1(a, b, c, z)?
        };
    }
    Ok(())
}

fn finite_or(v: f64) -> Result<f64, Hyp2f1Error> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(Hyp2f1Error::NotConverged)
    }
}

/// ln ₂F₁(1, p; c; z) through the incomplete beta function it is a ratio of: with a = c − 1 and
/// b = p − c + 1, B_z(a, b) = z^a (1−z)^b / a · ₂F₁(1, p; c; z) (A&S 26.5.23 with 15.3.3).
/// As in Numerical Recipes' `betai`, the continued fraction is taken directly where it converges
/// fast (z < (a+1)/(a+b+2), which always holds when b ≤ 0), and otherwise for the complement,
/// B_z(a, b) = B(a, b) − B_(1−z)(b, a), whose fraction in 1 − z converges fast; there
/// I_z(a, b) ≥ ½ or so, so the difference loses no digits. Either way the work is
/// O(√max(a, b)) steps, whatever z.
fn ln_hyp2f1_one(p: f64, c: f64, z: f64) -> Result<f64, Hyp2f1Error> {
    let (a, b) = (c - 1.0, p - c + 1.0);
    if a <= 0.0 || b <= 0.0 || z <= (a + 1.0) / (a + b + 2.0) {
        return ln_hyp2f1_one_by_fraction(p, c, z);
    }
    let w = 1.0 - z;
    let ln_z = (-w).ln_1p();
    // ln B_w(b, a) = b ln w + a ln(1−w) − ln b + ln ₂F₁(1, a+b; b+1; w)
    let ln_tail = b * w.ln() + a * ln_z - b.ln() + ln_hyp2f1_one_by_fraction(a + b, b + 1.0, w)?;
    let ln_complete = ln_gamma(b) - ln_gamma_ratio(a, b);
    let ln_share = ln_tail - ln_complete; // ln I_w(b, a) = ln(1 − I_z(a, b))
    if ln_share >= 0.0 {
        return Err(Hyp2f1Error::NotConverged);
    }
    let ln_incomplete = ln_complete + (-ln_share.exp_m1()).ln();
    finite_or(a.ln() + ln_incomplete - a * ln_z - b * w.ln())
}

/// ln ₂F₁(1, p; c; z) by Gauss's continued fraction for the ratio ₂F₁(a+b, 1; a+1; z) with
/// a = c − 1, b = p − c + 1 (the incomplete beta function's fraction, A&S 26.5.8, evaluated by
/// the modified Lentz method as in Numerical Recipes' `betacf`). Where the Gauss series needs
/// millions of terms (z within 1e-5 of 1 with p close to c, the Pareto/NBD likelihood when the
/// death-rate parameters s, β are large), the fraction converges in a few hundred steps. Stops
/// when a step changes the value by less than 1e-15, or fails after [`FRACTION_BUDGET`] steps.
fn ln_hyp2f1_one_by_fraction(p: f64, c: f64, z: f64) -> Result<f64, Hyp2f1Error> {
    let (a, b) = (c - 1.0, p - c + 1.0);
    if a <= 0.0 {
        return Err(Hyp2f1Error::Domain);
    }
    // ₂F₁ = 1/g, g = 1 + d₁/(1 + d₂/(1 + …)) with d₂ₘ₊₁ = −(a+m)(a+b+m)z/((a+2m)(a+2m+1)),
    // d₂ₘ = m(b−m)z/((a+2m−1)(a+2m)). Writing dₙ = Pₙ/Qₙ, the equivalent fraction
    // 1 + K(Qₙ₋₁Pₙ / Qₙ) (Q₀ = 1) has convergents Aₙ/Bₙ from the fundamental recurrences
    // Aₙ = QₙAₙ₋₁ + Qₙ₋₁PₙAₙ₋₂ (the same for B): no division per step, one per pair of steps
    // for the convergence test; A and B are rescaled together, which leaves A/B unchanged.
    let (mut a1, mut a0) = (1.0f64, 1.0f64); // Aₙ₋₂, Aₙ₋₁ (A₋₁ = A₀ = 1)
    let (mut b1, mut b0) = (0.0f64, 1.0f64); // Bₙ₋₂, Bₙ₋₁ (B₋₁ = 0, B₀ = 1)
    let mut q_prev = 1.0f64;
    let mut last = 1.0f64;
    for m in 0..FRACTION_BUDGET {
        let m = m as f64;
        let m2 = 2.0 * m;
        let odd = (-(a + m) * (a + b + m) * z, (a + m2) * (a + m2 + 1.0));
        let even = ((m + 1.0) * (b - m - 1.0) * z, (a + m2 + 1.0) * (a + m2 + 2.0));
        for (pn, qn) in [odd, even] {
            let k = q_prev * pn;
            (a1, a0) = (a0, qn * a0 + k * a1);
            (b1, b0) = (b0, qn * b0 + k * b1);
            q_prev = qn;
        }
        let size = a0.abs();
        if !(1e-150..=1e150).contains(&size) {
            if !(size.is_finite() && size > 0.0) {
                return Err(Hyp2f1Error::NotConverged);
            }
            let inv = 1.0 / size;
            (a1, a0, b1, b0) = (a1 * inv, a0 * inv, b1 * inv, b0 * inv);
        }
        let g = a0 / b0;
        if !g.is_finite() {
            return Err(Hyp2f1Error::NotConverged);
        }
        if g > 0.0 && (g / last - 1.0).abs() < 1e-15 {
            return finite_or(-g.ln());
        }
        last = g;
    }
    Err(Hyp2f1Error::NotConverged)
}

/// ln of Euler's integral (A&S 15.3.1), for c > b.
fn ln_euler_integral(a: f64, b: f64, c: f64, z: f64) -> Result<f64, Hyp2f1Error> {
    let ln_integral = ln_beta_integral(b, c - b, |t, s| {
        // 1 − zt = (1 − z) + z(1 − t), exact near t = 1.
        let one_minus_zt = if t < 0.5 { (-z * t).ln_1p() } else { (1.0 - z + z * s).ln() };
        -a * one_minus_zt
    });
    finite_or(ln_integral - ln_beta(b, c - b))
}

/// The Gauss series Σ (a)ₖ(b)ₖ/((c)ₖ k!) zᵏ with positive terms, in log space. It stops when a
/// bound on the whole remaining tail is below 1e-17 of the sum. For j ≥ k the term ratio is
/// z·(a+j)(b+j)/((c+j)(1+j)) = z·(1 + N(j)/((c+j)(1+j))) with N(j) = ab − c + j·D,
/// D = a+b−c−1, so it is at most z(1 + δₖ) with δₖ = max(N(k), 0)/((c+k)(1+k)) when D ≤ 0
/// (N falls) and δₖ = (|ab−c|/(c+k) + D)/(1+k) otherwise.
fn ln_gauss_series(a: f64, b: f64, c: f64, z: f64, max_terms: usize) -> Result<f64, Hyp2f1Error> {
    const RESCALE: f64 = 1e250;
    let (ab_c, d) = (a * b - c, a + b - c - 1.0);
    let (mut term, mut sum, mut ln_scale) = (1.0f64, 1.0f64, 0.0f64);
    for k in 0..max_terms {
        let kf = k as f64;
        term *= z * (a + kf) * (b + kf) / ((c + kf) * (kf + 1.0));
        sum += term;
        if sum > RESCALE {
            ln_scale += sum.ln();
            term /= sum;
            sum = 1.0;
        }
        let kn = kf + 1.0;
        let delta = if d <= 0.0 {
            (ab_c + kn * d).max(0.0) / ((c + kn) * (1.0 + kn))
        } else {
            (ab_c.abs() / (c + kn) + d) / (1.0 + kn)
        };
        let rho = z * (1.0 + delta);
        if rho < 1.0 && term * rho / (1.0 - rho) <= 1e-17 * sum {
            return finite_or(ln_scale + sum.ln());
        }
    }
    Err(Hyp2f1Error::NotConverged)
}

/// ln ∫₀¹ t^(p−1) (1−t)^(q−1) exp(g(t, 1−t)) dt for `p, q > 0` and a `g` that is smooth and
/// finite on (0, 1) (it receives `t` and `1 − t`, so each end can be evaluated without
/// cancellation). Each half of (0, 1) is integrated by tanh-sinh quadrature; an exponent below 1
/// is absorbed by the substitution `v = t^p` (or `w = (1−t)^q`), so the quadrature never sees a
/// singular integrand. Returns a finite value or `−∞` for an integral that underflows.
///
/// ```
/// use ltv::models::special::{ln_beta, ln_beta_integral};
/// let (p, q) = (0.01, 2.5); // ∫ t^(p−1)(1−t)^(q−1) dt = B(p, q) ≈ 100
/// assert!((ln_beta_integral(p, q, |_, _| 0.0) - ln_beta(p, q)).abs() < 1e-12);
/// ```
pub fn ln_beta_integral(p: f64, q: f64, g: impl Fn(f64, f64) -> f64) -> f64 {
    // Left half: t ∈ (0, 1/2].
    let left = if p < 1.0 {
        let len = (-p * LN_2).exp(); // (1/2)^p
        ln_tanh_sinh(len, |v| {
            let t = (v.ln() / p).exp();
            (q - 1.0) * (-t).ln_1p() + g(t, 1.0 - t)
        }) - p.ln()
    } else {
        ln_tanh_sinh(0.5, |t| (p - 1.0) * t.ln() + (q - 1.0) * (-t).ln_1p() + g(t, 1.0 - t))
    };
    // Right half in s = 1 − t ∈ (0, 1/2].
    let right = if q < 1.0 {
        let len = (-q * LN_2).exp();
        ln_tanh_sinh(len, |w| {
            let s = (w.ln() / q).exp();
            (p - 1.0) * (-s).ln_1p() + g(1.0 - s, s)
        }) - q.ln()
    } else {
        ln_tanh_sinh(0.5, |s| (q - 1.0) * s.ln() + (p - 1.0) * (-s).ln_1p() + g(1.0 - s, s))
    };
    ln_add_exp(left, right)
}

/// ln(eᵘ + eᵛ) without overflow; `−∞` when both are `−∞`.
fn ln_add_exp(u: f64, v: f64) -> f64 {
    let (hi, lo) = if u >= v { (u, v) } else { (v, u) };
    if hi == f64::NEG_INFINITY {
        return hi;
    }
    hi + (lo - hi).exp().ln_1p()
}

/// ln(1 + eᶻ) (the "softplus"), exact for large |z|.
///
/// ```
/// use ltv::models::special::ln_1p_exp;
/// assert_eq!(ln_1p_exp(800.0), 800.0);
/// assert!((ln_1p_exp(0.0) - 2f64.ln()).abs() < 1e-15);
/// ```
#[must_use]
pub fn ln_1p_exp(z: f64) -> f64 {
    z.max(0.0) + (-z.abs()).exp().ln_1p()
}

/// 1/(1 + e⁻ᶻ), the logistic function, without overflow.
///
/// ```
/// use ltv::models::special::logistic;
/// assert_eq!((logistic(0.0), logistic(-800.0), logistic(800.0)), (0.5, 0.0, 1.0));
/// ```
#[must_use]
pub fn logistic(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// ln ∫₀^len exp(f(v)) dv by the tanh-sinh (double-exponential) rule, halving the step until
/// two levels agree to 1e-10 (the error then is far smaller: it squares from level to level). `f` is a log-integrand: `−∞` means zero; NaN counts as zero.
fn ln_tanh_sinh(len: f64, mut f: impl FnMut(f64) -> f64) -> f64 {
    const T_MAX: f64 = 6.5; // beyond, the nodes are within 1e-450 of the ends
    const MAX_LEVEL: u32 = 9;
    // dv/dt = len · 2e^(−2u)/(1 + e^(−2u))² · (π/2) cosh t
    let ln_scale = (len * PI).ln();
    // Sum over nodes t = k·h of w(t)·e^f(v(t)), kept as (max, Σ e^(· − max)).
    let mut acc = LnSum::default();
    let mut node = |t: f64, acc: &mut LnSum| {
        let u = PI / 2.0 * t.sinh();
        let q = (-2.0 * u.abs()).exp();
        // v = len/(1 + e^(−2u)); near v = 0 use the small side directly.
        let v = if u >= 0.0 { len / (1.0 + q) } else { len * q / (1.0 + q) };
        if v <= 0.0 || v >= len {
            return;
        }
        let ln_w = ln_scale + ln_cosh(t) - 2.0 * u.abs() - 2.0 * q.ln_1p();
        let fv = f(v);
        if !fv.is_nan() {
            acc.add(ln_w + fv);
        }
    };
    let mut h = 1.0;
    let mut k = 0.0;
    while k * h <= T_MAX {
        node(k * h, &mut acc);
        if k > 0.0 {
            node(-k * h, &mut acc);
        }
        k += 1.0;
    }
    let mut previous = acc.ln() + h.ln();
    for _ in 1..=MAX_LEVEL {
        h /= 2.0;
        let mut t = h;
        while t <= T_MAX {
            node(t, &mut acc);
            node(-t, &mut acc);
            t += 2.0 * h;
        }
        let current = acc.ln() + h.ln();
        if (current - previous).abs() < 1e-10 || current == f64::NEG_INFINITY {
            return current;
        }
        previous = current;
    }
    previous
}

fn ln_cosh(t: f64) -> f64 {
    let a = t.abs();
    a + (-2.0 * a).exp().ln_1p() - LN_2
}

/// A running log-sum-exp.
#[derive(Default)]
struct LnSum {
    max: Option<f64>,
    sum: f64,
}

impl LnSum {
    fn add(&mut self, v: f64) {
        if v == f64::NEG_INFINITY || v.is_nan() {
            return;
        }
        match self.max {
            None => (self.max, self.sum) = (Some(v), 1.0),
            Some(m) if v > m => (self.max, self.sum) = (Some(v), self.sum * (m - v).exp() + 1.0),
            Some(m) => self.sum += (v - m).exp(),
        }
    }

    fn ln(&self) -> f64 {
        self.max.map_or(f64::NEG_INFINITY, |m| m + self.sum.ln())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * b.abs().max(1.0)
    }

    #[test]
    fn ln_gamma_matches_known_values() {
        let cases = [
            (0.5, 0.572_364_942_924_700_1),
            (1.0, 0.0),
            (2.0, 0.0),
            (3.5, 1.200_973_602_347_074_3),
            (10.0, 12.801_827_480_081_469),
            (100.0, 359.134_205_369_575_4),
            (1e-5, 11.512_919_692_895_828),
            (1e6, 12_815_504.569_147_612),
        ];
        for (x, want) in cases {
            assert!((ln_gamma(x) - want).abs() < 1e-13 * want.abs().max(1.0), "lnΓ({x})");
        }
    }

    #[test]
    fn ln_gamma_ratio_agrees_with_the_difference_and_the_product() {
        for (a, x) in [(0.3, 2.0), (14.9, 0.5), (15.0, 3.7), (250.0, 40.0), (1e4, 1e4)] {
            let direct = ln_gamma(a + x) - ln_gamma(a);
            assert!((ln_gamma_ratio(a, x) - direct).abs() < 1e-11 * direct.abs().max(1.0));
        }
        let a: f64 = 3.0e7;
        let product = (a * (a + 1.0) * (a + 2.0)).ln();
        assert!((ln_gamma_ratio(a, 3.0) - product).abs() < 1e-13 * product);
    }

    #[test]
    fn ln_gamma_and_digamma_are_never_nan_outside_the_domain() {
        for x in [0.0, -1.0, f64::NAN] {
            assert_eq!(ln_gamma(x), f64::INFINITY);
            assert_eq!(digamma(x), f64::NEG_INFINITY);
        }
    }

    #[test]
    fn digamma_matches_known_values_and_the_derivative_of_ln_gamma() {
        let cases = [
            (1.0, -0.577_215_664_901_532_9),
            (0.5, -1.963_510_026_021_423_5),
            (10.0, 2.251_752_589_066_721),
            (1e-3, -1_000.575_571_931_810_3),
        ];
        for (x, want) in cases {
            assert!(close(digamma(x), want, 1e-13), "ψ({x}) = {}", digamma(x));
        }
        for x in [0.3, 2.7, 14.9, 15.1, 250.0] {
            let h = 1e-5 * x;
            let numeric = (ln_gamma(x + h) - ln_gamma(x - h)) / (2.0 * h);
            assert!(close(digamma(x), numeric, 1e-7), "ψ({x})");
        }
    }

    const Z_NEAR_1: f64 = 1.0 - 1e-12;

    #[test]
    fn hyp2f1_matches_closed_forms_over_the_whole_unit_interval() {
        // ₂F₁(1,1;2;z) = −ln(1−z)/z ; ₂F₁(a,b;b;z) = (1−z)^−a ; ₂F₁(1/2,1;3/2;z²) = atanh(z)/z
        let cases: [(f64, f64, f64, f64, f64); 9] = [
            (1.0, 1.0, 2.0, 0.5, (2.0 * LN_2).ln()),
            (1.0, 1.0, 2.0, 0.999, ((-(0.001f64).ln()) / 0.999).ln()),
            (1.0, 1.0, 2.0, Z_NEAR_1, (-(1.0 - Z_NEAR_1).ln() / Z_NEAR_1).ln()),
            (3.7, 2.0, 2.0, 0.3, -3.7 * 0.7f64.ln()),
            (300.0, 2.0, 2.0, 0.99, 300.0 * 100f64.ln()),
            (0.5, 1.0, 1.5, 0.25, (0.5f64.atanh() / 0.5).ln()),
            (0.5, 1.0, 1.5, 0.9801, (0.99f64.atanh() / 0.99).ln()),
            (0.5, 1.0, 1.5, 0.999_998_000_001, (0.999_999f64.atanh() / 0.999_999).ln()),
            (2.5, 0.01, 2.5, 0.97, -0.01 * 0.03f64.ln()),
        ];
        for (a, b, c, z, want) in cases {
            let got = ln_hyp2f1(a, b, c, z).unwrap();
            assert!((got - want).abs() < 1e-10 * want.abs().max(1.0), "₂F₁({a},{b};{c};{z})");
        }
    }

    #[test]
    fn hyp2f1_tends_to_gauss_sum_at_one() {
        // ₂F₁(a,b;c;1) = Γ(c)Γ(c−a−b)/(Γ(c−a)Γ(c−b)) when c > a + b.
        let (a, b, c) = (0.5, 0.5, 3.0);
        let gauss = ln_gamma(c) + ln_gamma(c - a - b) - ln_gamma(c - a) - ln_gamma(c - b);
        let got = ln_hyp2f1(a, b, c, 1.0 - 1e-13).unwrap();
        assert!((got - gauss).abs() < 1e-10);
    }

    #[test]
    fn series_euler_transform_and_euler_integral_agree() {
        let params = [
            (0.55, 1.6, 2.2),
            (221.9, 1.3, 222.9),
            (222.1, 221.5, 223.1),
            (0.24, 2.4, 2.2),
            (30.2, 32.4, 32.2),
            (0.01, 0.02, 1.5),
            (5.0, 0.3, 0.7),
        ];
        for (a, b, c) in params {
            for z in [0.5, 0.9, 0.95, 0.996] {
                let series = ln_gauss_series(a, b, c, z, MAX_SERIES_TERMS).unwrap();
                let (ia, ib) = if c > b { (a, b) } else { (b, a) };
                if c > ib {
                    let integral = ln_euler_integral(ia, ib, c, z).unwrap();
                    assert!(close(integral, series, 1e-11), "integral ({a},{b};{c};{z})");
                }
                if c > a && c > b {
                    let euler = (c - a - b) * (-z).ln_1p()
                        + ln_gauss_series(c - a, c - b, c, z, MAX_SERIES_TERMS).unwrap();
                    assert!(close(euler, series, 1e-12), "euler ({a},{b};{c};{z})");
                }
                assert!(close(ln_hyp2f1(a, b, c, z).unwrap(), series, 1e-11));
            }
        }
    }

    #[test]
    fn continued_fraction_agrees_with_the_long_series_to_1e_11() {
        // (p, c) of both Pareto/NBD cases: p = s + 1 or p = r + x, c = r + s + x + 1.
        let params = [
            (1.6, 2.55),
            (18_341.0, 18_387.9),
            (18_341.0, 18_342.9),
            (0.65, 1.6),
            (45.9, 47.5),
            (500.5, 501.1),
            (2.0, 300.0),
        ];
        for (p, c) in params {
            for z in [0.3, 0.9, 0.999, 0.999_99] {
                let Ok(series) = ln_gauss_series(1.0, p, c, z, 20 * MAX_SERIES_TERMS) else {
                    continue;
                };
                let fraction = ln_hyp2f1_one_by_fraction(p, c, z).unwrap();
                assert!(
                    close(fraction, series, 1e-11),
                    "₂F₁(1,{p};{c};{z}): {fraction} vs {series}"
                );
            }
        }
    }

    #[test]
    fn hyp2f1_is_finite_on_extreme_arguments() {
        let extreme = [
            (1e4, 1e4 + 0.5, 1e4 + 1.0, 0.999_999),
            (0.001, 0.001, 0.002, 1.0 - 1e-15),
            (1e-8, 3.0, 1e-8 + 1.0, 0.999),
            (221.8, 0.3, 222.8, 0.9999),
            (50.0, 60.0, 0.5, 0.97),
            (1e5, 2.0, 1e5 + 1.0, 0.5),
        ];
        for (a, b, c, z) in extreme {
            match ln_hyp2f1(a, b, c, z) {
                Ok(v) => assert!(v.is_finite() && v >= 0.0, "₂F₁({a},{b};{c};{z}) = {v}"),
                Err(e) => assert_eq!(e, Hyp2f1Error::NotConverged, "({a},{b};{c};{z})"),
            }
        }
    }

    #[test]
    fn hyp2f1_refuses_arguments_outside_its_domain() {
        let bad = [
            (1.0, 1.0, 2.0, 1.0),
            (1.0, 1.0, 2.0, -0.5),
            (-1.0, 1.0, 2.0, 0.5),
            (1.0, 1.0, 0.0, 0.5),
            (f64::NAN, 1.0, 2.0, 0.5),
            (1.0, f64::INFINITY, 2.0, 0.5),
        ];
        for (a, b, c, z) in bad {
            assert_eq!(ln_hyp2f1(a, b, c, z), Err(Hyp2f1Error::Domain));
        }
        assert_eq!(ln_hyp2f1(2.0, 3.0, 4.0, 0.0), Ok(0.0));
    }

    #[test]
    fn beta_integral_handles_singular_and_flat_ends() {
        for (p, q) in [(0.01, 0.02), (0.5, 0.5), (1.0, 1.0), (3.0, 0.2), (40.0, 60.0)] {
            let got = ln_beta_integral(p, q, |_, _| 0.0);
            assert!((got - ln_beta(p, q)).abs() < 1e-12, "B({p},{q})");
        }
    }

    #[test]
    fn log_helpers_do_not_overflow() {
        assert_eq!(ln_1p_exp(1000.0), 1000.0);
        assert!((ln_1p_exp(-1000.0)).abs() < 1e-300);
        assert_eq!(logistic(-1000.0), 0.0);
        assert_eq!(logistic(1000.0), 1.0);
        assert!((ln_add_exp(1000.0, 1000.0) - (1000.0 + LN_2)).abs() < 1e-12);
        assert_eq!(ln_add_exp(f64::NEG_INFINITY, f64::NEG_INFINITY), f64::NEG_INFINITY);
    }
}
