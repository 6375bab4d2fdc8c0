//! 80 % intervals of the forecast's figures, by the delta method.
//!
//! A figure f(θ) (a customer's CLV, the base's expected purchases, revenue or CLV) has, to first
//! order, the variance ∇f(ln θ)ᵀ Σ ∇f(ln θ), where Σ is the covariance of the fitted
//! log-parameters (the inverse of the observed information, [`super::FitReport::log_covariance`])
//! and the gradient is a forward difference in each free log-parameter. The transaction model
//! and Gamma-Gamma are fitted separately, so their blocks are independent and add.
//!
//! Why the delta method and not a parametric bootstrap: it costs one extra prediction pass per
//! parameter (seven at most) where a bootstrap needs a few hundred to settle its 10 % and 90 %
//! quantiles, which on a base of 450 k customers would cost more than the fit itself; the
//! figures are smooth in the parameters, so the first-order variance is adequate. The interval
//! is taken on the log scale, f · exp(±z·σ/f) (z = Φ⁻¹(0.9)), so it stays positive and widens
//! upwards as these figures do. It covers the uncertainty of the estimated parameters, not the
//! chance of who happens to buy next year, and nothing for a parameter at the search bound
//! (its variance is not defined); the holdout error beside the totals is the empirical check.

/// The coverage of the intervals.
pub const LEVEL: f64 = 0.8;

/// Φ⁻¹(0.9): a two-sided 80 % interval.
const Z: f64 = 1.281_551_565_544_600_4;

/// The forward-difference step in a log-parameter.
pub(crate) const STEP: f64 = 1e-4;

/// The interval [low, high] of a non-negative `value` with `variance`, on the log scale.
///
/// ```
/// use ltv::models::interval::range;
/// let [low, high] = range(100.0, 25.0); // σ = 5: 100·e^(∓1.2816·0.05)
/// assert!((low - 93.79).abs() < 0.01 && (high - 106.62).abs() < 0.01);
/// assert_eq!(range(0.0, 4.0), [0.0, 0.0]);
/// ```
#[must_use]
pub fn range(value: f64, variance: f64) -> [f64; 2] {
    if !(value > 0.0 && value.is_finite()) {
        return [0.0, 0.0];
    }
    let spread = Z * variance.max(0.0).sqrt() / value;
    if !spread.is_finite() {
        return [value, value];
    }
    [value * (-spread).exp(), value * spread.exp()]
}

/// gᵀ Σ g for a row-major `k × k` covariance.
pub(crate) fn quadratic(g: &[f64], cov: &[f64]) -> f64 {
    let k = g.len();
    let mut sum = 0.0;
    for i in 0..k {
        if g[i] == 0.0 {
            continue;
        }
        for j in 0..k {
            sum += g[i] * cov[i * k + j] * g[j];
        }
    }
    sum
}

/// The parameters with log-parameter `j` moved by [`STEP`].
pub(crate) fn shifted<const K: usize>(values: [f64; K], j: usize) -> [f64; K] {
    let mut v = values;
    v[j] *= STEP.exp();
    v
}

/// The free parameters of a covariance: those with a positive variance.
pub(crate) fn free(cov: &[f64], k: usize) -> Vec<usize> {
    (0..k).filter(|&j| cov.get(j * k + j).is_some_and(|v| *v > 0.0)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_range_is_the_80_percent_interval_of_a_log_normal_with_that_variance() {
        // ln f ~ N(ln 100, (σ/f)²) to first order: its 10 % and 90 % quantiles.
        let [low, high] = range(100.0, 100.0);
        assert!((low.ln() - (100f64.ln() - Z * 0.1)).abs() < 1e-12);
        assert!((high.ln() - (100f64.ln() + Z * 0.1)).abs() < 1e-12);
        assert!((low * high - 100.0 * 100.0).abs() < 1e-9); // symmetric on the log scale
    }

    #[test]
    fn the_quadratic_form_uses_the_whole_covariance() {
        let cov = [4.0, 1.0, 1.0, 9.0];
        assert_eq!(quadratic(&[1.0, 0.0], &cov), 4.0);
        assert_eq!(quadratic(&[1.0, 1.0], &cov), 15.0);
        assert_eq!(free(&[4.0, 0.0, 0.0, 0.0], 2), vec![0]);
    }
}
