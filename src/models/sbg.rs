//! sBG, the shifted-beta-geometric model of contractual retention: Fader & Hardie (2007), "How
//! to project customer retention", *Journal of Interactive Marketing* 21(1), 76–90.
//!
//! Each customer renews at the end of every period (a 定期 cycle) until they cancel, with a
//! constant churn probability θ of their own; across customers θ ~ Beta(γ, δ). T is the period
//! in which a customer churns (T = 1: they never renewed). The paper's eq. (3)–(4):
//!
//! * P(T = t | γ, δ) = B(γ+1, δ+t−1) / B(γ, δ), t = 1, 2, …
//! * S(t | γ, δ) = P(T > t) = B(γ, δ+t) / B(γ, δ), S(0) = 1,
//!
//! and the recursions of eq. (5)–(6): P(T=1) = γ/(γ+δ), P(T=t) = (δ+t−2)/(γ+δ+t−1) · P(T=t−1);
//! S(t) = (δ+t−1)/(γ+δ+t−1) · S(t−1). The retention rate r(t) = S(t)/S(t−1) = (δ+t−1)/(γ+δ+t−1)
//! rises with t: the cancel-prone leave first (the paper's point against a constant rate).
//!
//! The likelihood (eq. 7, generalised to right-censoring at any period): a customer seen to
//! churn in period t contributes P(T = t), one still active after t renewals S(t).
//!
//! In 定期 terms: a customer who received cycles 1…k and then stopped has T = k; a customer who
//! received k cycles and whose cycle k+1 is not yet due is known to have T > k−1, i.e.
//! contributes S(k−1). The share of starters who receive cycle n is S(n−1).
//!
//! Expected cycles: for a customer who has survived n renewals, θ | T > n ~ Beta(γ, δ+n), so
//! the expected number of further renewals is E[(1−θ)/θ] = (δ+n)/(γ−1), finite only when γ > 1
//! (the undiscounted limit of the DERL of Fader & Hardie 2010, "Customer-base valuation in a
//! contractual setting: the perils of ignoring heterogeneity", *Marketing Science* 29(1), eq. 6).
//! With γ ≤ 1, as in both of the paper's fits, the mean is infinite: the views therefore report
//! the expectation within a horizon of cycles, Σ S(t)/S(n) over the horizon, and the closed form
//! only when it exists.

use super::optimize::Objective;
use super::special::{digamma, ln_beta};
use super::{estimate, positive_params, FitOptions, FitReport, Fitted, Start};
use crate::Error;
use serde::{Deserialize, Serialize};

/// sBG parameters: the churn probability θ ~ Beta(`gamma`, `delta`) across customers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Params {
    /// γ, the Beta shape of θ on the churn side.
    pub gamma: f64,
    /// δ, the Beta shape of θ on the renewal side.
    pub delta: f64,
}

/// The parameters' names, in the order of the standard errors.
pub const PARAMETERS: [&str; 2] = ["gamma", "delta"];

const MODEL: &str = "sbg";

/// Fewer customers than this cannot identify the two parameters.
pub const MIN_CUSTOMERS: f64 = 10.0;

/// Censored lifetimes, compressed to counts (weights may be fractional).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Lifetimes {
    /// `churned[t − 1]`: customers seen to churn in period t (T = t).
    pub churned: Vec<f64>,
    /// `active[t]`: customers still active after t renewals and not observed further (T > t).
    pub active: Vec<f64>,
}

impl Lifetimes {
    /// The paper's data: the number of customers alive at the start of each period
    /// (`survivors[0]` started, `survivors[t]` renewed t times); those alive at the end are
    /// right-censored there.
    ///
    /// ```
    /// use ltv::models::sbg::Lifetimes;
    /// let l = Lifetimes::from_survivors(&[1000.0, 631.0, 468.0]);
    /// assert_eq!((l.churned, l.active), (vec![369.0, 163.0], vec![0.0, 0.0, 468.0]));
    /// ```
    #[must_use]
    pub fn from_survivors(survivors: &[f64]) -> Lifetimes {
        let churned = survivors.windows(2).map(|w| w[0] - w[1]).collect();
        let mut active = vec![0.0; survivors.len()];
        if let (Some(last), Some(&n)) = (active.last_mut(), survivors.last()) {
            *last = n;
        }
        Lifetimes { churned, active }
    }

    /// Adds one customer seen to churn in period `t` (≥ 1).
    pub fn add_churned(&mut self, t: usize, weight: f64) {
        if t == 0 {
            return;
        }
        if self.churned.len() < t {
            self.churned.resize(t, 0.0);
        }
        self.churned[t - 1] += weight;
    }

    /// Adds one customer still active after `t` renewals.
    pub fn add_active(&mut self, t: usize, weight: f64) {
        if self.active.len() <= t {
            self.active.resize(t + 1, 0.0);
        }
        self.active[t] += weight;
    }

    /// All customers.
    #[must_use]
    pub fn customers(&self) -> f64 {
        self.churned.iter().sum::<f64>() + self.active.iter().sum::<f64>()
    }
}

/// P(T = t): the probability that a new customer churns in period `t` (eq. 3); 0 for t = 0.
///
/// ```
/// use ltv::models::sbg::{churn_probability, Params};
/// let p = Params { gamma: 1.0, delta: 1.0 }; // θ uniform: P(T=t) = 1/(t(t+1))
/// assert!((churn_probability(&p, 3) - 1.0 / 12.0).abs() < 1e-15);
/// ```
#[must_use]
pub fn churn_probability(p: &Params, t: u32) -> f64 {
    if t == 0 {
        return 0.0;
    }
    let t = f64::from(t);
    (ln_beta(p.gamma + 1.0, p.delta + t - 1.0) - ln_beta(p.gamma, p.delta)).exp()
}

/// S(t) = P(T > t): the share of new customers still active after `t` renewals (eq. 4).
///
/// ```
/// use ltv::models::sbg::{survival, Params};
/// let p = Params { gamma: 1.0, delta: 1.0 }; // S(t) = 1/(t+1)
/// assert!((survival(&p, 3) - 0.25).abs() < 1e-15);
/// assert_eq!(survival(&p, 0), 1.0);
/// ```
#[must_use]
pub fn survival(p: &Params, t: u32) -> f64 {
    if t == 0 {
        return 1.0;
    }
    (ln_beta(p.gamma, p.delta + f64::from(t)) - ln_beta(p.gamma, p.delta)).exp()
}

/// S(0), S(1), …, S(`up_to`) by the recursion S(t) = (δ+t−1)/(γ+δ+t−1) · S(t−1) (eq. 6).
///
/// ```
/// use ltv::models::sbg::{survival, survival_curve, Params};
/// let p = Params { gamma: 0.704, delta: 1.182 };
/// let s = survival_curve(&p, 12);
/// assert_eq!(s.len(), 13);
/// assert!((s[12] - survival(&p, 12)).abs() < 1e-12);
/// ```
#[must_use]
pub fn survival_curve(p: &Params, up_to: u32) -> Vec<f64> {
    let mut s = Vec::with_capacity(up_to as usize + 1);
    let mut v = 1.0;
    s.push(v);
    for t in 1..=up_to {
        let t = f64::from(t);
        v *= (p.delta + t - 1.0) / (p.gamma + p.delta + t - 1.0);
        s.push(v);
    }
    s
}

/// The retention rate of period `t` (≥ 1), r(t) = S(t)/S(t−1) = (δ+t−1)/(γ+δ+t−1) (eq. 8).
///
/// ```
/// use ltv::models::sbg::{retention_rate, Params};
/// let p = Params { gamma: 0.704, delta: 1.182 };
/// assert!(retention_rate(&p, 1) < retention_rate(&p, 2)); // rises with tenure
/// ```
#[must_use]
pub fn retention_rate(p: &Params, t: u32) -> f64 {
    let t = f64::from(t.max(1));
    (p.delta + t - 1.0) / (p.gamma + p.delta + t - 1.0)
}

/// Expected further renewals of a customer who has survived `n` renewals, counted up to
/// `horizon` renewals from the start: Σ_{t=n+1}^{horizon} S(t)/S(n). In 定期 terms, with n = k−1
/// for a customer who has received k cycles, the expected number of cycles still to come up to
/// cycle `horizon` + 1.
///
/// ```
/// use ltv::models::sbg::{expected_further_renewals, Params};
/// let p = Params { gamma: 1.0, delta: 1.0 }; // S(t) = 1/(t+1)
/// // n = 1, horizon 3: S(2)/S(1) + S(3)/S(1) = (1/3)/(1/2) + (1/4)/(1/2) = 2/3 + 1/2
/// assert!((expected_further_renewals(&p, 1, 3) - 7.0 / 6.0).abs() < 1e-12);
/// assert_eq!(expected_further_renewals(&p, 3, 3), 0.0);
/// ```
#[must_use]
pub fn expected_further_renewals(p: &Params, n: u32, horizon: u32) -> f64 {
    let mut sum = 0.0;
    let mut ratio = 1.0; // S(t)/S(n)
    for t in n + 1..=horizon {
        ratio *= retention_rate(p, t);
        sum += ratio;
    }
    sum
}

/// Expected further renewals of a customer who has survived `n` renewals with no horizon,
/// (δ+n)/(γ−1), or `None` when γ ≤ 1 and the mean is infinite (see the module doc).
///
/// ```
/// use ltv::models::sbg::{expected_further_renewals_unbounded, Params};
/// let p = Params { gamma: 3.0, delta: 4.0 };
/// assert_eq!(expected_further_renewals_unbounded(&p, 2), Some(3.0)); // (4+2)/(3−1)
/// assert_eq!(expected_further_renewals_unbounded(&Params { gamma: 0.7, delta: 1.2 }, 0), None);
/// ```
#[must_use]
pub fn expected_further_renewals_unbounded(p: &Params, n: u32) -> Option<f64> {
    (p.gamma > 1.0).then(|| (p.delta + f64::from(n)) / (p.gamma - 1.0))
}

/// The log-likelihood of censored lifetimes (eq. 7 with censoring at every period):
/// Σₜ churned(t) ln P(T=t) + Σₜ active(t) ln S(t).
///
/// ```
/// use ltv::models::sbg::{log_likelihood, Lifetimes, Params};
/// let p = Params { gamma: 1.0, delta: 1.0 };
/// // One churned in period 1 (P = 1/2), one active after 2 renewals (S(2) = 1/3).
/// let l = Lifetimes { churned: vec![1.0], active: vec![0.0, 0.0, 1.0] };
/// assert!((log_likelihood(&p, &l) - (0.5f64 * (1.0 / 3.0)).ln()).abs() < 1e-14);
/// ```
#[must_use]
pub fn log_likelihood(p: &Params, data: &Lifetimes) -> f64 {
    ll(data, p.gamma, p.delta, None)
}

/// Σ ln L and, when asked, its gradient in (γ, δ): with c = γ+δ,
/// ln P(T=t) = ln B(γ+1, δ+t−1) − ln B(γ, δ), ∂γ = ψ(γ+1) − ψ(c+t) − ψ(γ) + ψ(c),
/// ∂δ = ψ(δ+t−1) − ψ(c+t) − ψ(δ) + ψ(c); ln S(t) = ln B(γ, δ+t) − ln B(γ, δ),
/// ∂γ = ψ(c) − ψ(c+t), ∂δ = ψ(δ+t) − ψ(c+t) − ψ(δ) + ψ(c).
fn ll(data: &Lifetimes, gamma: f64, delta: f64, mut grad: Option<&mut [f64; 2]>) -> f64 {
    let base = ln_beta(gamma, delta);
    let c = gamma + delta;
    let psi = grad.as_ref().map(|_| (digamma(gamma), digamma(delta), digamma(c)));
    let mut total = 0.0;
    for (i, &w) in data.churned.iter().enumerate() {
        if w == 0.0 {
            continue;
        }
        let t = (i + 1) as f64;
        total += w * (ln_beta(gamma + 1.0, delta + t - 1.0) - base);
        if let (Some(g), Some((pg, pd, pc))) = (grad.as_deref_mut(), psi) {
            let pct = digamma(c + t);
            g[0] += w * (digamma(gamma + 1.0) - pct - pg + pc);
            g[1] += w * (digamma(delta + t - 1.0) - pct - pd + pc);
        }
    }
    for (t, &w) in data.active.iter().enumerate() {
        if w == 0.0 || t == 0 {
            continue; // S(0) = 1: no information
        }
        let t = t as f64;
        total += w * (ln_beta(gamma, delta + t) - base);
        if let (Some(g), Some((_, pd, pc))) = (grad.as_deref_mut(), psi) {
            let pct = digamma(c + t);
            g[0] += w * (pc - pct);
            g[1] += w * (digamma(delta + t) - pct - pd + pc);
        }
    }
    total
}

/// The mean negative log-likelihood in (ln γ, ln δ).
struct Nll<'a> {
    data: &'a Lifetimes,
    n: f64,
    penalizer: f64,
}

impl Objective for Nll<'_> {
    fn value(&mut self, x: &[f64]) -> f64 {
        let Some([g, d]) = positive_params::<2>(x) else { return f64::INFINITY };
        -ll(self.data, g, d, None) / self.n + super::add_penalty(&[g, d], self.penalizer, None)
    }

    const ANALYTIC_GRADIENT: bool = true;

    fn gradient(&mut self, x: &[f64], grad: &mut [f64]) -> f64 {
        let Some(th) = positive_params::<2>(x) else { return f64::INFINITY };
        let mut d = [0.0; 2];
        let v = ll(self.data, th[0], th[1], Some(&mut d));
        for i in 0..2 {
            grad[i] = -d[i] * th[i] / self.n; // d/d ln θ = θ d/dθ
        }
        -v / self.n + super::add_penalty(&th, self.penalizer, Some(grad))
    }
}

/// Fits sBG by maximum likelihood to censored lifetimes, with standard errors from the
/// Hessian (delta method from the log-parameters).
///
/// Errors: `BadParameter` for negative or non-finite counts; `NotIdentifiable` with fewer than
/// [`MIN_CUSTOMERS`] customers or no churn observed at all (then θ → 0 and δ runs away).
///
/// ```
/// use ltv::models::{sbg::{fit, Lifetimes}, FitOptions};
/// let data = Lifetimes::from_survivors(&[1000.0, 631.0, 468.0, 382.0, 326.0]);
/// let f = fit(&data, &FitOptions::default()).unwrap();
/// assert!(f.report.converged && f.params.gamma > 0.0 && f.report.standard_errors[0].is_some());
/// ```
pub fn fit(data: &Lifetimes, options: &FitOptions) -> Result<Fitted<Params>, Error> {
    if data.churned.iter().chain(&data.active).any(|w| !w.is_finite() || *w < 0.0) {
        return Err(Error::BadParameter {
            name: "lifetimes",
            reason: "counts must be finite and non-negative".into(),
        });
    }
    let n = data.customers();
    if n < MIN_CUSTOMERS {
        let reason = format!("only {n} customers (at least {MIN_CUSTOMERS} are needed)");
        return Err(Error::NotIdentifiable { model: MODEL, reason });
    }
    if data.churned.iter().sum::<f64>() == 0.0 {
        let reason = "no customer has stopped yet".to_string();
        return Err(Error::NotIdentifiable { model: MODEL, reason });
    }
    let mut nll = Nll { data, n, penalizer: options.penalizer_coef };
    let est = estimate(MODEL, &mut nll, &Start::cold(2), n, options)?;
    let not_converged = Error::NotConverged { model: MODEL, iterations: est.iterations };
    let [gamma, delta] = positive_params::<2>(&est.log_params).ok_or(not_converged)?;
    let params = Params { gamma, delta };
    let report =
        FitReport::new(&PARAMETERS, &[gamma, delta], ll(data, gamma, delta, None), n, &est);
    Ok(Fitted { params, report })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::optimize::central_difference;

    #[test]
    fn survival_and_churn_probabilities_add_up_to_one() {
        // S(t) + Σ_{u ≤ t} P(T = u) = 1 for every t.
        let p = Params { gamma: 0.668, delta: 3.806 };
        let s = survival_curve(&p, 30);
        let mut cumulative = 0.0;
        for t in 1..=30u32 {
            cumulative += churn_probability(&p, t);
            assert!((s[t as usize] + cumulative - 1.0).abs() < 1e-12, "t = {t}");
            assert!((s[t as usize] - survival(&p, t)).abs() < 1e-12, "t = {t}");
        }
    }

    #[test]
    fn the_analytic_gradient_matches_central_differences() {
        let data = Lifetimes { churned: vec![5.0, 3.0, 2.0], active: vec![1.0, 2.0, 0.0, 4.0] };
        let mut nll = Nll { data: &data, n: data.customers(), penalizer: 0.0 };
        for x in [[0.0, 0.0], [-0.5, 1.2], [1.0, -0.3]] {
            let (mut a, mut c) = ([0.0; 2], [0.0; 2]);
            nll.gradient(&x, &mut a);
            central_difference(&mut nll, &x, &mut c);
            for i in 0..2 {
                assert!((a[i] - c[i]).abs() < 1e-7, "{x:?}: {a:?} vs {c:?}");
            }
        }
    }

    #[test]
    fn a_censored_customer_counts_as_surviving_not_as_lost() {
        // Hand-computed, γ = δ = 1 (θ uniform): P(T=1) = 1/2, S(1) = 1/2, S(2) = 1/3.
        // Two customers: one stopped after cycle 1 (T = 1), one has received 2 cycles and the
        // third is not yet due (T > 1): ln L = ln(1/2) + ln S(1) = 2 ln(1/2).
        let p = Params { gamma: 1.0, delta: 1.0 };
        let data = Lifetimes { churned: vec![1.0], active: vec![0.0, 1.0] };
        assert!((log_likelihood(&p, &data) - 2.0 * 0.5f64.ln()).abs() < 1e-14);
        // Counting the censored customer as lost in period 2 instead gives P(T=2) = 1/6:
        // ln(1/2) + ln(1/6), a lower likelihood for a shop that keeps its customers.
        let lost = Lifetimes { churned: vec![1.0, 1.0], active: vec![] };
        assert!((log_likelihood(&p, &lost) - (0.5f64.ln() + (1.0f64 / 6.0).ln())).abs() < 1e-14);
    }

    #[test]
    fn the_fit_refuses_data_without_a_single_stop() {
        let data = Lifetimes { churned: vec![], active: vec![0.0, 10.0, 10.0] };
        let e = fit(&data, &FitOptions::default()).unwrap_err();
        assert_eq!(e.code(), "not_identifiable");
        let bad = Lifetimes { churned: vec![f64::NAN], active: vec![] };
        assert_eq!(fit(&bad, &FitOptions::default()).unwrap_err().code(), "bad_parameter");
        let few = Lifetimes { churned: vec![3.0], active: vec![0.0, 2.0] };
        assert_eq!(fit(&few, &FitOptions::default()).unwrap_err().code(), "not_identifiable");
    }

    #[test]
    fn a_fit_on_a_geometric_shop_recovers_its_mean_churn() {
        // Every customer churns with θ = 0.3 exactly (no heterogeneity): the expected counts
        // of 10 000 starters, all censored after 6 renewals. γ/(γ+δ) estimates E[θ] = 0.3.
        let mut survivors = vec![10_000.0];
        for _ in 0..6 {
            let last = *survivors.last().unwrap_or(&0.0);
            survivors.push(last * 0.7);
        }
        let f = fit(&Lifetimes::from_survivors(&survivors), &FitOptions::default()).unwrap();
        let mean = f.params.gamma / (f.params.gamma + f.params.delta);
        assert!((mean - 0.3).abs() < 1e-3, "{:?}", f.params);
    }
}
