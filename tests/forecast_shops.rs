//! The default forecast (holdout check of the three models, the refit, every customer's
//! figures and intervals) on every stress shop (tests/shops), in weeks and in days: each ends in
//! a result whose every figure is finite, non-negative and a probability where it should be, or
//! in a clear `not_identifiable` / `not_converged` error. Speed is measured in the bench
//! (`./build.sh bench`, examples/forecast_bench.rs), not here; the work is bounded here by the
//! fits' iteration counts.

#[path = "shops/mod.rs"]
mod shops;

use ltv::models::{forecast, Forecast, ForecastParams, ModelKind};
use ltv::summary::TimeUnit;

fn assert_sound(f: &Forecast, what: &str) {
    let c = &f.customers;
    for i in 0..c.p_alive.len() {
        assert!((0.0..=1.0).contains(&c.p_alive[i]), "{what}: P(alive) {}", c.p_alive[i]);
        for v in [c.expected_purchases[i], c.expected_spend[i], c.clv[i]] {
            assert!(v.is_finite() && v >= 0.0, "{what}: customer {i}: {v}");
        }
        if let Some([lo, hi]) = c.clv_range.get(i) {
            assert!(*lo <= c.clv[i] && c.clv[i] <= *hi && hi.is_finite(), "{what}: {lo} {hi}");
        }
    }
    let t = &f.totals;
    for v in [t.expected_purchases, t.expected_revenue, t.clv] {
        assert!(v.is_finite() && v >= 0.0, "{what}: total {v}");
    }
    let fits = f.validation.iter().map(|v| &v.fit.report).chain([&f.transactions.report]);
    // The search's budget: 300 BFGS iterations, then up to ten times as many Nelder–Mead
    // steps and 300 BFGS again (optimize::minimize).
    for report in fits {
        assert!(report.iterations <= 300 * 12 && report.log_likelihood.is_finite(), "{what}");
    }
}

#[test]
fn every_stress_shop_ends_in_sound_figures_or_a_clear_error_in_weeks_and_in_days() {
    for shop in shops::all() {
        let ds = shop.dataset();
        for unit in [TimeUnit::Weeks, TimeUnit::Days] {
            let what = format!("{} in {unit:?}", shop.name);
            match forecast(&ds, &ForecastParams { unit, ..Default::default() }) {
                Ok(f) => assert_sound(&f, &what),
                Err(e) => assert!(
                    ["not_identifiable", "not_converged"].contains(&e.code()),
                    "{what}: {e}"
                ),
            }
        }
    }
}

#[test]
fn the_issue_13_shop_is_checked_and_forecast_by_pareto_nbd_in_a_bounded_search() {
    // 296 customers, half one-time buyers, six heavy repeaters with 22–45 purchase days: the
    // default forecast took 112 s natively and 38 s in the browser (its ₂F₁ needed 10⁵ series
    // terms per evaluation); now each ₂F₁ costs O(√max(a, b)) fraction steps.
    let ds = shops::issue_13_shop().dataset();
    let f = forecast(&ds, &ForecastParams::default()).unwrap();
    assert_sound(&f, "issue 13 shop");
    assert_eq!(f.validation.len(), 3);
    assert_eq!(f.model, ModelKind::ParetoNbd);
    let report = &f.transactions.report;
    assert!(report.converged && report.iterations <= 80, "{report:?}");
    // The death rate's shape runs to the bound: a homogeneous death rate, said so.
    assert_eq!(report.at_bound, ["beta"]);
    // Its check on the last third comes out 52 % high; the test asks only for a sound figure.
    assert!(f.holdout_error.is_some_and(|e| e.is_finite() && e > -1.0), "{:?}", f.holdout_error);
}
