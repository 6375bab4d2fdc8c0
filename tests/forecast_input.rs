//! The forecast's input as bytes (what the page's forecast worker receives) gives exactly the
//! forecast of the dataset it came from, on every stress shop (tests/shops); and the forecast
//! with progress is the forecast, with the first answer first.

#[path = "shops/mod.rs"]
mod shops;

use ltv::models::forecast::Step;
use ltv::models::input::{encode_orders, ForecastInput};
use ltv::models::{forecast, forecast_with_progress, ForecastParams, ModelKind};
use ltv::summary::TimeUnit;

/// Without the holdout check, BG/NBD: fast on every shop in a debug build.
fn quick(unit: TimeUnit) -> ForecastParams {
    ForecastParams { unit, validate: false, model: Some(ModelKind::BgNbd), ..Default::default() }
}

#[test]
fn every_stress_shop_forecasts_the_same_from_its_bytes() {
    for shop in shops::all() {
        let ds = shop.dataset();
        let bytes = encode_orders(&ds);
        let input = ForecastInput::decode(&bytes).unwrap();
        for unit in [TimeUnit::Weeks, TimeUnit::Days] {
            let params = quick(unit);
            let want = forecast(&ds, &params);
            let got = input.forecast(&params, &mut |_| {});
            assert_eq!(got, want, "{} in {unit:?}", shop.name);
        }
        // A few bytes per purchase day.
        let days = shop.purchases.len();
        assert!(
            bytes.len() <= 16 + 2 * ds.customers() + 5 * days,
            "{}: {} bytes",
            shop.name,
            bytes.len()
        );
    }
}

#[test]
fn on_the_mix_the_first_answer_is_bg_nbd_and_the_result_is_the_forecasts() {
    let ds = shops::mix(600).dataset();
    let params =
        ForecastParams { models: vec![ModelKind::BgNbd, ModelKind::MbgNbd], ..Default::default() };
    let mut first = None;
    let f = forecast_with_progress(&ds, &params, &mut |step| {
        if let Step::Preliminary(f) = step {
            first = Some((f.model, f.validation.len()));
        }
    })
    .unwrap();
    assert_eq!(first, Some((ModelKind::BgNbd, 0)));
    assert_eq!(f.validation.len(), 2);
    assert_eq!(f, forecast(&ds, &params).unwrap());
}
