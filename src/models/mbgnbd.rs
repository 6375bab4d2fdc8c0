//! MBG/NBD: Batislam, Denizel & Filiztekin (2007), "Empirical validation and comparison of
//! models for customer base analysis", *International Journal of Research in Marketing* 24(3),
//! 201–209.
//!
//! BG/NBD where a customer can also drop out right after the first purchase: the dropout
//! chance applies after x + 1 purchases instead of x. So a customer without repeat purchases is
//! no longer surely alive, which fixes BG/NBD's optimism about one-time buyers. The likelihood
//! (their eq. 3), P(alive) and expectations are BG/NBD's with the beta part moved by one
//! purchase; the shared code lives in [`bgnbd`](super::bgnbd).

use super::bgnbd::{family_if_alive, family_new, family_p_alive, fit_family, Family};
use super::{Columns, FitOptions, Fitted};
use crate::summary::Row;
use crate::Error;
use serde::{Deserialize, Serialize};

/// MBG/NBD parameters: purchase rate λ ~ Gamma(`r`, `alpha`), dropout p ~ Beta(`a`, `b`).
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

impl Params {
    fn array(&self) -> [f64; 4] {
        [self.r, self.alpha, self.a, self.b]
    }
}

/// Fits MBG/NBD by maximum likelihood to compressed rows.
pub fn fit(rows: &[Row], options: &FitOptions) -> Result<Fitted<Params>, Error> {
    let f = fit_family(rows, options, Family::Mbg)?;
    let [r, alpha, a, b] = f.params;
    Ok(Fitted { params: Params { r, alpha, a, b }, report: f.report })
}

/// The log-likelihood of the rows, summed with the weights.
///
/// ```
/// use ltv::{models::mbgnbd::{log_likelihood, Params}, summary::Row};
/// let p = Params { r: 1.0, alpha: 1.0, a: 1.0, b: 1.0 };
/// // x = 0, T = 1: L = B(1,2)/B(1,1)·α^r/(α+T)^r + B(2,1)/B(1,1)·α^r/α^r = 1/4 + 1/2
/// let rows = [Row { x: 0, t_x: 0.0, t: 1.0, weight: 1.0 }];
/// assert!((log_likelihood(&p, &rows) - 0.75f64.ln()).abs() < 1e-12);
/// ```
#[must_use]
pub fn log_likelihood(p: &Params, rows: &[Row]) -> f64 {
    super::bgnbd::family_ll(&Columns::new(rows, 1.0), p.array(), Family::Mbg, None, &mut Vec::new())
}

/// P(alive at `t`) = 1 / (1 + a/(b+x) · ((α+T)/(α+tₓ))^(r+x)); below 1 even for `x == 0`.
///
/// ```
/// # use ltv::models::mbgnbd::{p_alive, Params};
/// let p = Params { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 };
/// assert!(p_alive(&p, 0, 0.0, 38.0) < 1.0);
/// assert!((p_alive(&p, 0, 0.0, 0.0) - 1.614 / (0.891 + 1.614)).abs() < 1e-12);
/// ```
#[must_use]
pub fn p_alive(p: &Params, x: u32, t_x: f64, t: f64) -> f64 {
    family_p_alive(p.array(), Family::Mbg, x, t_x, t)
}

/// Expected purchases in (T, T + `horizon`] of a customer alive at T = `t`:
/// (a+b+x)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x+1; a+b+x; t/(α+T+t))].
///
/// ```
/// # use ltv::models::mbgnbd::{expected_purchases_if_alive, Params};
/// let p = Params { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 };
/// let (short, long) = (expected_purchases_if_alive(&p, 3, 30.0, 4.0), expected_purchases_if_alive(&p, 3, 30.0, 52.0));
/// assert!(0.0 < short && short < long);
/// ```
#[must_use]
pub fn expected_purchases_if_alive(p: &Params, x: u32, t: f64, horizon: f64) -> f64 {
    family_if_alive(p.array(), Family::Mbg, x, t, horizon)
}

/// Expected purchases in (T, T + `horizon`] given `x`, `t_x` and T = `t`:
/// (a+b+x)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x+1; a+b+x; t/(α+T+t))] · P(alive).
///
/// ```
/// # use ltv::models::mbgnbd::{expected_purchases, Params};
/// let p = Params { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 };
/// let e = expected_purchases(&p, 2, 30.43, 38.86, 39.0);
/// assert!((e - 1.226).abs() < 0.05); // lifetimes checks MBG/NBD against Hardie's 1.226 at 0.05
/// ```
#[must_use]
pub fn expected_purchases(p: &Params, x: u32, t_x: f64, t: f64, horizon: f64) -> f64 {
    p_alive(p, x, t_x, t) * expected_purchases_if_alive(p, x, t, horizon)
}

/// Expected repeat purchases in (0, `horizon`] of a new customer:
/// b/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b+1; a+b; t/(α+t))].
///
/// ```
/// # use ltv::models::mbgnbd::{expected_purchases_new, Params};
/// let p = Params { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 };
/// assert!(expected_purchases_new(&p, 0.0) == 0.0 && expected_purchases_new(&p, 78.0) > 1.0);
/// ```
#[must_use]
pub fn expected_purchases_new(p: &Params, horizon: f64) -> f64 {
    family_new(p.array(), Family::Mbg, horizon)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BTYDPLUS: Params = Params { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 };

    #[test]
    fn new_customer_expectation_matches_the_closed_form() {
        // b/(a−1)·[1 − (α/(α+t))^r ₂F₁(r, b+1; a+b; t/(α+t))], the form lifetimes uses.
        let Params { r, alpha, a, b } = BTYDPLUS;
        for t in [1.0, 10.0, 39.0, 78.0] {
            let f = crate::models::special::ln_hyp2f1(r, b + 1.0, a + b, t / (alpha + t)).unwrap();
            let want = b / (a - 1.0) * (1.0 - (f + r * (alpha / (alpha + t)).ln()).exp());
            let got = expected_purchases_new(&BTYDPLUS, t);
            assert!((got - want).abs() < 1e-12 * want, "t = {t}: {got} vs {want}");
        }
    }

    #[test]
    fn one_time_buyers_fade_but_repeat_buyers_who_just_bought_stay() {
        assert!(p_alive(&BTYDPLUS, 0, 0.0, 52.0) < p_alive(&BTYDPLUS, 0, 0.0, 5.0));
        assert!(p_alive(&BTYDPLUS, 5, 52.0, 52.0) > 0.7);
    }

    #[test]
    fn extreme_histories_give_finite_predictions() {
        for (x, t_x, t) in [(300, 103.0, 103.5), (221, 103.43, 103.57), (2, 1.0, 520.0)] {
            let pa = p_alive(&BTYDPLUS, x, t_x, t);
            let e = expected_purchases(&BTYDPLUS, x, t_x, t, 52.0);
            assert!((0.0..=1.0).contains(&pa) && e.is_finite() && e >= 0.0, "{x}: {pa} {e}");
        }
    }
}
