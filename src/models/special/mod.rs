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
//!      bound, not on a small term. It gets a budget of 1,000 terms, or 16 when step 3 can follow.
//!   3. When either form is a ₂F₁(1, p; c; z) (every Pareto/NBD ₂F₁ is), the incomplete beta
//!      function's continued fraction (A&S 26.5.8) is evaluated, directly or for its complement
//!      as Numerical Recipes' `betai` chooses, in O(√max(a, b)) steps whatever z: this is what
//!      keeps the Pareto/NBD likelihood cheap when s and β are large and z is within 1e-6 of 1,
//!      where the series needs millions of terms (issue 13).
//!   4. Else Euler's integral (A&S 15.3.1)
//!      `Γ(c)/(Γ(b)Γ(c−b)) ∫₀¹ t^(b−1)(1−t)^(c−b−1)(1−zt)^(−a) dt` by tanh-sinh quadrature in
//!      log space (needs `c > b`, or `c > a` with the roles swapped).
//!   5. Otherwise the series goes on up to [`MAX_SERIES_TERMS`]; failure is reported as
//!      [`Hyp2f1Error::NotConverged`], never as NaN or infinity.
//!
//!   The accuracy is checked against mpmath over the models' parameter ranges
//!   (tests/model_grid.rs): within 1e-10 relative in the Pareto/NBD log-likelihood.
//! * [`ln_beta_integral`] integrates `t^(p−1)(1−t)^(q−1)e^(g(t))` over (0,1). An exponent below 1
//!   is taken out by substituting `v = t^p` near that end, so the rule only ever sees a bounded
//!   integrand.

use std::f64::consts::{LN_2, PI};

mod hyp2f1;
pub use hyp2f1::{ln_hyp2f1, ln_hyp2f1_each, Hyp2f1Error, MAX_SERIES_TERMS};

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
