//! Reference tests of the predictive models on the CDNOW sample (tests/fixtures/CDNOW_sample.txt,
//! see CDNOW_README.md): each test is named after the published figure it reproduces and the
//! tolerance it allows. Setup of Fader, Hardie & Lee (2005): weeks = days/7, calibration
//! 1997-01-01..1997-09-30 (T measured to 1997-09-30), holdout 1997-10-01..1998-06-30.

use ltv::dataset::{Dataset, DatasetBuilder, RawOrder};
use ltv::date::{days_from_civil, Day};
use ltv::encoding::TextEncoding;
use ltv::models::validation::validate;
use ltv::models::{
    bgnbd, forecast, gamma_gamma, mbgnbd, pareto_nbd, FitOptions, ForecastParams, ModelKind,
    TransactionModel,
};
use ltv::summary::{compress, split, summarize, CustomerSummary, Split, TimeUnit};
use rust_decimal::Decimal;
use std::str::FromStr;
use std::sync::OnceLock;

const CDNOW: &str = include_str!("fixtures/CDNOW_sample.txt");

fn day(y: i32, m: u32, d: u32) -> Day {
    days_from_civil(y, m, d)
}

/// The whitespace-separated rows `master_id customer_id YYYYMMDD cds dollars` as orders.
fn cdnow() -> &'static Dataset {
    static DATA: OnceLock<Dataset> = OnceLock::new();
    DATA.get_or_init(|| {
        let mut parts = DatasetBuilder::default();
        let mut orders = Vec::new();
        for (seq, line) in CDNOW.lines().enumerate() {
            let f: Vec<&str> = line.split_whitespace().collect();
            assert_eq!(f.len(), 5, "line {}", seq + 1);
            let customer = parts.keys.intern(f[1].as_bytes());
            let date: u32 = f[2].parse().unwrap();
            let day = day((date / 10_000) as i32, date / 100 % 100, date % 100);
            let amount = Decimal::from_str(f[4]).unwrap();
            let seq = seq as u32;
            orders.push(RawOrder { customer, day, key: u64::from(seq), amount, seq });
        }
        parts.build_from_raw(orders, TextEncoding::Utf8)
    })
}

fn cdnow_split() -> &'static Split {
    static SPLIT: OnceLock<Split> = OnceLock::new();
    SPLIT.get_or_init(|| {
        split(cdnow(), day(1997, 9, 30), day(1998, 6, 30), TimeUnit::Weeks).unwrap()
    })
}

fn calibration() -> &'static [CustomerSummary] {
    &cdnow_split().calibration.rows
}

fn within(got: f64, want: f64, rel: f64) -> bool {
    (got - want).abs() <= rel * want.abs()
}

#[test]
fn cdnow_summary_matches_the_papers_totals() {
    let ds = cdnow();
    assert_eq!(ds.customers(), 2357);
    assert_eq!(ds.purchases.iter().filter(|p| p.orders > 0).count(), 6696);
    let cal = calibration();
    assert_eq!(cal.len(), 2357);
    assert_eq!(cal.iter().filter(|s| s.x == 0).count(), 1411);
    assert_eq!(cal.iter().filter(|s| s.x > 0).count(), 946);
    // Hardie's summary for customer 1: x = 2, t_x = 30.43, T = 38.86 weeks.
    let first = cal[0];
    assert_eq!(first.x, 2);
    assert!((first.t_x - 30.43).abs() < 0.005 && (first.t - 38.86).abs() < 0.005);
    // Every purchase is a first purchase, a calibration repeat or a holdout purchase.
    let s = cdnow_split();
    let repeats: u32 = cal.iter().map(|s| s.x).sum();
    let holdout: u32 = s.holdout_x.iter().sum();
    assert_eq!(2357 + repeats + holdout, 6696);
    assert_eq!(s.holdout_length, 39.0);
}

#[test]
fn bgnbd_matches_fader_hardie_lee_2005_within_0_5_percent_and_ll_within_0_1() {
    let rows = compress(calibration()).rows;
    let f = bgnbd::fit(&rows, &FitOptions::default()).unwrap();
    let p = f.params;
    // lifetimes / CLVTools digits of the published 0.243, 4.414, 0.793, 2.426; LL −9582.4.
    for (got, want) in [(p.r, 0.2425945), (p.alpha, 4.4136019), (p.a, 0.7929199), (p.b, 2.4258881)]
    {
        assert!(within(got, want, 0.005), "{p:?}");
    }
    assert!((f.report.log_likelihood + 9582.429).abs() < 0.1, "{}", f.report.log_likelihood);
    assert!(f.report.converged);
    assert_eq!(f.report.n, 2357.0);
    assert!(f.report.standard_errors.iter().all(|se| se.is_some_and(|v| v > 0.0)));
}

#[test]
fn compressed_and_one_row_per_customer_fits_agree_within_1e_6() {
    // lifetimes' test_fit_with_and_without_weights.
    let compressed = compress(calibration()).rows;
    let one_each: Vec<_> = calibration().iter().map(ltv::summary::Row::from).collect();
    assert!(compressed.len() < one_each.len());
    let a = bgnbd::fit(&compressed, &FitOptions::default()).unwrap();
    let b = bgnbd::fit(&one_each, &FitOptions::default()).unwrap();
    let (pa, pb) = (a.params, b.params);
    for (x, y) in [(pa.r, pb.r), (pa.alpha, pb.alpha), (pa.a, pb.a), (pa.b, pb.b)] {
        assert!(within(x, y, 1e-6), "{pa:?} {pb:?}");
    }
    assert!((a.report.log_likelihood - b.report.log_likelihood).abs() < 1e-6);
}

#[test]
fn penalizer_shrinks_every_bgnbd_parameter_as_in_lifetimes() {
    // lifetimes' test_penalizer_term_will_shrink_coefs_to_0 (coefficients 0.1 and 10).
    let rows = compress(calibration()).rows;
    let fit = |penalizer_coef| {
        let options = FitOptions { penalizer_coef, ..FitOptions::default() };
        let p = bgnbd::fit(&rows, &options).unwrap().params;
        [p.r, p.alpha, p.a, p.b]
    };
    let (none, some, more) = (fit(0.0), fit(0.1), fit(10.0));
    for i in 0..4 {
        assert!(some[i] < none[i] && more[i] < some[i], "{none:?} {some:?} {more:?}");
    }
}

#[test]
fn bgnbd_fit_predicts_hardie_sheet_1_226_and_e_x78_1_8576_within_1e_3() {
    let rows = compress(calibration()).rows;
    let p = bgnbd::fit(&rows, &FitOptions::default()).unwrap().params;
    let conditional = bgnbd::expected_purchases(&p, 2, 30.43, 38.86, 39.0);
    assert!((conditional - 1.226).abs() < 1e-3, "{conditional}");
    let unconditional = bgnbd::expected_purchases_new(&p, 78.0);
    assert!((unconditional - 1.8576).abs() < 1e-3, "{unconditional}");
}

#[test]
fn pareto_nbd_matches_clvtools_within_0_5_percent_and_ll_within_0_1() {
    let rows = compress(calibration()).rows;
    let f = pareto_nbd::fit(&rows, &FitOptions::default()).unwrap();
    let p = f.params;
    // CLVTools 0.55315/10.57633/0.60625/11.67150 (paper: 0.553, 10.578, 0.606, 11.669), LL −9594.976.
    for (got, want) in [(p.r, 0.55315), (p.alpha, 10.57633), (p.s, 0.60625), (p.beta, 11.67150)] {
        assert!(within(got, want, 0.005), "{p:?}");
    }
    assert!((f.report.log_likelihood + 9594.976).abs() < 0.1, "{}", f.report.log_likelihood);
    // CLVTools' standard errors (test_correctness_pnbd.R), within 5 %.
    let se: Vec<f64> = f.report.standard_errors.iter().map(|s| s.unwrap()).collect();
    for (got, want) in se.iter().zip([0.0476264, 0.8427222, 0.1872594, 6.2105448]) {
        assert!(within(*got, want, 0.05), "{se:?}");
    }
}

#[test]
fn gamma_gamma_matches_fader_hardie_2013_within_0_5_percent_and_clvtools_ll_within_0_1() {
    let f = gamma_gamma::fit(calibration(), &FitOptions::default()).unwrap();
    let p = f.params;
    assert_eq!(f.report.n, 946.0);
    for (got, want) in [(p.p, 6.25), (p.q, 3.74), (p.v, 15.44)] {
        assert!(within(got, want, 0.005), "{p:?}");
    }
    assert!((f.report.log_likelihood + 4055.9177).abs() < 0.1, "{}", f.report.log_likelihood);
}

#[test]
fn gamma_gamma_expected_spend_matches_hardie_sheet_for_customers_1_to_10_within_0_1() {
    // lifetimes' test_conditional_expected_average_profit (Hardie's note 025 spreadsheet).
    let p = gamma_gamma::Params { p: 6.25, q: 3.74, v: 15.44 };
    let want = [24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17];
    for (s, want) in calibration().iter().zip(want) {
        let got = gamma_gamma::expected_spend(&p, s.x, s.monetary);
        assert!((got - want).abs() < 0.1, "{s:?}: {got} vs {want}");
    }
}

#[test]
fn mbgnbd_matches_btydplus_as_asserted_by_lifetimes_within_0_5_percent() {
    // lifetimes' test_params_out_is_close_to_BTYDplus: 0.525, 6.183, 0.891, 1.614.
    let rows = compress(calibration()).rows;
    let f = mbgnbd::fit(&rows, &FitOptions::default()).unwrap();
    let p = f.params;
    for (got, want) in [(p.r, 0.525), (p.alpha, 6.183), (p.a, 0.891), (p.b, 1.614)] {
        assert!(within(got, want, 0.005), "{p:?}");
    }
    assert!(f.report.converged);
    // Properties: a one-time buyer may be gone; predictions are finite.
    assert!(mbgnbd::p_alive(&p, 0, 0.0, 38.86) < 1.0);
    for s in calibration() {
        let e = mbgnbd::expected_purchases(&p, s.x, s.t_x, s.t, 39.0);
        assert!(e.is_finite() && e >= 0.0);
    }
}

#[test]
fn bgnbd_holdout_zero_class_is_0_23_predicted_vs_0_24_actual_within_0_01() {
    let v = validate(cdnow(), cdnow_split(), ModelKind::BgNbd, &FitOptions::default()).unwrap();
    let zero = &v.by_frequency[0];
    assert_eq!(zero.customers, 1411);
    assert!((zero.actual - 334.0 / 1411.0).abs() < 1e-12, "{zero:?}");
    assert!((zero.predicted - 0.23).abs() < 0.01, "{zero:?}");
}

#[test]
fn bgnbd_under_forecasts_cumulative_repeat_purchases_at_week_78_by_4_percent_within_1_5_points() {
    let v = validate(cdnow(), cdnow_split(), ModelKind::BgNbd, &FitOptions::default()).unwrap();
    assert_eq!(v.tracking.len(), 78);
    let last = v.tracking.last().unwrap();
    assert_eq!(last.day, "1998-06-30");
    let error = last.expected / last.actual - 1.0;
    assert!((error + 0.04).abs() < 0.015, "{last:?}: {error}");
    // Within the calibration period the tracking is close (the model was fitted there).
    let week39 = &v.tracking[38];
    assert!((week39.expected / week39.actual - 1.0).abs() < 0.03, "{week39:?}");
}

#[test]
fn extreme_histories_give_finite_predictions_for_every_model() {
    let rows = compress(calibration()).rows;
    let options = FitOptions::default();
    let models = [
        TransactionModel::BgNbd(bgnbd::fit(&rows, &options).unwrap().params),
        TransactionModel::MbgNbd(mbgnbd::fit(&rows, &options).unwrap().params),
        TransactionModel::ParetoNbd(pareto_nbd::fit(&rows, &options).unwrap().params),
    ];
    // 300 repeat purchases; CLVTools' Pareto/NBD regression case; silent for ten years.
    let histories = [(300, 100.0, 103.0), (221, 103.43, 103.57), (5, 10.0, 520.0), (0, 0.0, 1e4)];
    for m in &models {
        for (x, t_x, t) in histories {
            let pa = m.p_alive(x, t_x, t);
            let e = m.expected_purchases(x, t_x, t, 52.0);
            assert!((0.0..=1.0).contains(&pa) && e.is_finite() && e >= 0.0, "{m:?} {x}");
        }
        assert!(m.p_alive(5, 10.0, 520.0) < 0.05, "{m:?}");
        // About three purchases a week up to the end: many more expected in a year.
        assert!(m.expected_purchases(300, 103.0, 103.5, 52.0) > 50.0, "{m:?}");
    }
}

#[test]
fn only_one_time_buyers_is_a_not_identifiable_error_for_every_model() {
    let rows: Vec<_> = calibration().iter().filter(|s| s.x == 0).collect();
    let once = compress(&rows.into_iter().copied().collect::<Vec<_>>()).rows;
    for kind in ModelKind::ALL {
        let err = ltv::models::fit(kind, &once, &FitOptions::default()).unwrap_err();
        assert_eq!(err.code(), "not_identifiable", "{kind:?}");
    }
    let err = gamma_gamma::fit(&[], &FitOptions::default()).unwrap_err();
    assert_eq!(err.code(), "not_identifiable");
}

#[test]
fn forecast_on_cdnow_is_complete_and_finite() {
    let obs_end = day(1998, 6, 30);
    let params = ForecastParams {
        observation_end: Some(obs_end),
        calibration_end: Some(day(1997, 9, 30)),
        margin: Some(0.3),
        ..ForecastParams::default()
    };
    let f = forecast(cdnow(), &params).unwrap();
    assert_eq!(f.validation.len(), 3, "{:?}", f.issues);
    assert!(f.suggested_model.is_some());
    assert!(f.spend.is_some());
    assert_eq!(f.totals.customers, 2357);
    let c = &f.customers;
    for v in [&c.p_alive, &c.expected_purchases, &c.expected_spend, &c.clv] {
        assert_eq!(v.len(), 2357);
        assert!(v.iter().all(|x| x.is_finite() && *x >= 0.0));
    }
    assert!(c.p_alive.iter().all(|p| *p <= 1.0));
    assert!(f.totals.probably_lost_share > 0.0 && f.totals.probably_lost_share < 1.0);
    let _ = summarize(cdnow(), obs_end, TimeUnit::Days);
}

#[test]
fn an_aggregated_cdnow_summary_forecasts_with_the_published_bgnbd_fit_within_0_5_percent() {
    // The same calibration summary handed over as a lifetimes-style file would be: no dates,
    // no holdout; the BG/NBD fit is Fader, Hardie & Lee's (2005).
    let params = ltv::models::ForecastParams {
        model: Some(ltv::models::ModelKind::BgNbd),
        ..Default::default()
    };
    let f = ltv::models::forecast::forecast_summaries(calibration(), &params).unwrap();
    let ltv::models::TransactionModel::BgNbd(p) = f.transactions.params else {
        panic!("BG/NBD was asked for, got {:?}", f.model)
    };
    for (got, want) in [(p.r, 0.243), (p.alpha, 4.414), (p.a, 0.793), (p.b, 2.426)] {
        assert!(within(got, want, 0.005), "{p:?}");
    }
    assert_eq!(
        (f.customers.p_alive.len(), f.validation.len(), f.observation_end.as_str()),
        (2357, 0, "")
    );
    assert!(f.spend.is_some());
}

/// Fader & Hardie (2007), "How to project customer retention", Table 1 / Figure 3: the
/// survivors of 1000 customers over 7 years and the published fits.
fn sbg_fit(survivors: &[f64]) -> ltv::models::Fitted<ltv::models::sbg::Params> {
    use ltv::models::sbg::{fit, Lifetimes};
    fit(&Lifetimes::from_survivors(survivors), &FitOptions::default()).unwrap()
}

#[test]
fn sbg_matches_fader_hardie_2007_regular_customers_to_three_decimals() {
    let f = sbg_fit(&[1000.0, 631.0, 468.0, 382.0, 326.0, 289.0, 262.0, 241.0]);
    assert!(f.report.converged);
    // The paper: γ = 0.704, δ = 1.182 (three decimals: within half a unit of the last digit).
    assert!((f.params.gamma - 0.704).abs() < 5e-4, "γ = {}", f.params.gamma);
    assert!((f.params.delta - 1.182).abs() < 5e-4, "δ = {}", f.params.delta);
    assert!((f.report.log_likelihood + 1680.3).abs() < 0.05); // the paper's LL = −1680.3
    assert!(f.report.standard_errors.iter().all(Option::is_some));
}

#[test]
fn sbg_matches_fader_hardie_2007_high_end_customers_to_three_decimals() {
    let f = sbg_fit(&[1000.0, 869.0, 743.0, 653.0, 593.0, 551.0, 517.0, 491.0]);
    assert!(f.report.converged);
    // The paper: γ = 0.668, δ = 3.806.
    assert!((f.params.gamma - 0.668).abs() < 5e-4, "γ = {}", f.params.gamma);
    assert!((f.params.delta - 3.806).abs() < 5e-4, "δ = {}", f.params.delta);
    assert!((f.report.log_likelihood + 1611.2).abs() < 0.05); // the paper's LL = −1611.2
}
