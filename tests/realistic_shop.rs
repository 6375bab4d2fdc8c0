//! A realistic shop of our own making in Shopify's layout (tests/shops/shopify.rs): the import's
//! figures are checked to the yen against the generator's ledger; then every view, the customer
//! pages, the export and the default forecast run on it.

#[path = "shops/mod.rs"]
mod shops;

use ltv::analysis::export::ExportOptions;
use ltv::analysis::AnalysisParams;
use ltv::date::Day;
use ltv::import::{import_bytes, ImportOptions};
use ltv::overview::overview;
use ltv::session::{ForecastRequest, Session};
use shops::shopify::realistic_shop;
use std::collections::BTreeSet;

#[test]
fn a_realistic_shopify_shop_imports_to_the_yen_and_every_view_and_the_forecast_run_on_it() {
    let shop = realistic_shop();
    let ledger = &shop.ledger;
    let import = import_bytes(shop.csv.as_bytes(), &ImportOptions::default()).unwrap();
    let ds = &import.dataset;
    let o = overview(ds);

    // The import: exactly the ledger.
    assert_eq!(o.revenue.to_string(), ledger.revenue.to_string());
    assert_eq!(o.orders, ledger.orders);
    assert_eq!(o.customers as usize, ledger.days.len());
    let purchase_days: usize = ledger.days.values().map(BTreeSet::len).sum();
    assert_eq!(
        o.purchase_days as usize, purchase_days,
        "two orders on one day are one purchase day"
    );
    for c in 0..ds.customers() {
        let days: BTreeSet<Day> =
            ds.purchases_of(c).iter().filter(|p| p.orders > 0).map(|p| p.day).collect();
        assert_eq!(Some(&days), ledger.days.get(ds.key(c).as_ref()), "{}", ds.key(c));
    }
    assert!(ledger.cancelled > 0 && ledger.refunded > 0);
    // The heavy repeaters keep 35+ purchase days once cancellations and full refunds are out.
    let heavy = ledger.days.values().filter(|d| d.len() >= 35).count();
    assert_eq!(heavy, 6);

    // Every view, the customer pages, the export and the default forecast.
    let mut session = Session::new(import);
    let a = session.analyze(&AnalysisParams::default()).unwrap();
    assert_eq!(a.customers as usize, ledger.days.len());
    let segments: u64 = a.rfm.segments.iter().map(|s| s.figures.customers).sum();
    assert_eq!(segments, a.customers, "every customer is in one RFM segment");
    // 月次推移 adds up to the whole: revenue and orders of every month are the shop's.
    let months = &a.monthly.months;
    let revenue: rust_decimal::Decimal = months.iter().map(|m| m.revenue).sum();
    assert_eq!(revenue, a.measured.revenue);
    assert_eq!(months.iter().map(|m| m.orders).sum::<u64>(), a.measured.orders);
    assert!(months.iter().all(|m| m.new_revenue + m.existing_revenue == m.revenue));
    // 回数別: every customer reaches the 1st purchase day; the 2nd is reached by the repeaters.
    let ladder = &a.ladder.all.rows;
    assert_eq!(ladder[0].reached, a.customers);
    assert_eq!(ladder[1].reached, a.measured.repeat.f2_customers);
    let products = a.products.as_ref().expect("line items name their products");
    // By first coupon: every customer's first kept order carries WELCOME10 (the generator gives
    // it to the first order that is booked), so the one row is the whole shop's, figure for
    // figure the same as the one channel's (every order comes from `web`).
    assert_eq!(products.by_coupon.len(), 1, "no customer without a first-day coupon");
    let (coupon, channel) = (&products.by_coupon[0], &products.by_channel[0]);
    assert_eq!((coupon.key.as_str(), channel.key.as_str()), ("WELCOME10", "web"));
    assert_eq!(coupon.customers, products.customers);
    assert_eq!(
        ltv::analysis::products::FirstProductRow { key: "web".into(), ..coupon.clone() },
        *channel
    );
    // お試し→定期: the course's customers get their first cycle 30 days after the trial (later
    // when that order was voided or refunded; a heavy repeater who started on the trial may buy
    // the 定期便 sooner). A 定期 day is also an upgrade (its product is 定期), so within every
    // window no more reach 定期 than upgrade.
    let u = a.upgrade.as_ref().expect("trial customers");
    assert!(u.windows.iter().all(|w| w.to_subscription <= w.upgraded));
    assert!(u.windows[2].to_subscription > 0);
    assert!(u.subscription_customers <= u.upgraded_customers);
    assert_eq!(u.subscription_median_days, Some(30.0));
    // 前年比較 a year back: every customer of today came from a segment or was not yet one.
    let year_ago = ltv::date::format_day(ltv::date::parse_iso_day(&a.analysis_date).unwrap() - 365);
    let c = session.compare(&AnalysisParams::default(), &year_ago).unwrap();
    assert_eq!(c.later.customers, a.customers);
    assert_eq!(c.moves.iter().map(|m| m.customers).sum::<u64>(), a.customers);
    let earlier: u64 = c.moves.iter().filter(|m| m.from.is_some()).map(|m| m.customers).sum();
    assert_eq!(earlier, c.earlier.customers);
    let page = session.customers(serde_json::json!({ "limit": 500 })).unwrap();
    let page = serde_json::to_value(&page).unwrap();
    assert_eq!(page["total"].as_u64(), Some(a.customers));
    let export = session.export_customers(&ExportOptions::default()).unwrap();
    assert_eq!(export.rows as u64, a.customers);

    let f = session.forecast(ForecastRequest::default()).unwrap();
    assert_eq!(f.validation.len(), 3, "all three models checked: {:?}", f.issues);
    let t = &f.totals;
    assert!(t.expected_purchases > 0.0 && t.clv > 0.0 && t.intervals.is_some());
    let c = &f.customers;
    assert!(c.p_alive.iter().all(|p| (0.0..=1.0).contains(p)));
    assert!(c.clv.iter().zip(&c.clv_range).all(|(v, [lo, hi])| lo <= v && v <= hi));
    // The customer table carries the forecast's figures after it.
    let page =
        session.customers(serde_json::json!({ "limit": 1, "sort": "predictedClv" })).unwrap();
    let page = serde_json::to_value(&page).unwrap();
    assert!(page["rows"][0]["pAlive"].as_f64().is_some(), "{page}");

    // 回収期間 continued by the forecast: the observed cells are those of the analysis; a step is
    // 予測 exactly when some customer's window reaches past the analysis date (a fully observed
    // step counts every customer of the row), and the payback is the first step reaching the
    // CPA among the shown ones.
    let cpa = rust_decimal::Decimal::from(3000);
    let params = AnalysisParams { acquisition_cost: Some(cpa), ..Default::default() };
    session.clear_forecast();
    let observed = session.analyze(&params).unwrap().payback;
    assert!(observed.all.predicted.is_empty());
    session.forecast(ForecastRequest::default()).unwrap();
    let pb = session.payback().unwrap();
    session.analyze(&params).unwrap();
    assert_eq!(session.payback().unwrap(), pb, "a new analysis keeps the forecast's model");
    let rows = |p: &ltv::analysis::payback::Payback| {
        std::iter::once(p.all.clone()).chain(p.months.clone()).chain(p.channels.clone()).collect()
    };
    let (before, after): (Vec<_>, Vec<_>) = (rows(&observed), rows(&pb));
    assert_eq!(before.len(), after.len());
    let mut predicted = 0;
    for (o, r) in before.iter().zip(&after) {
        assert_eq!((&o.month, &o.values), (&r.month, &r.values), "observed cells unchanged");
        assert_eq!(r.predicted.len(), r.values.len());
        for (j, p) in r.predicted.iter().enumerate() {
            match p {
                None => assert!(r.values[j].is_some(), "{} step {j}: fully observed", r.month),
                Some(v) => {
                    predicted += 1;
                    assert!(*v >= rust_decimal::Decimal::ZERO, "{} step {j}: {v}", r.month);
                }
            }
        }
        let shown: Vec<_> = r.predicted.iter().zip(&r.values).map(|(p, v)| p.or(*v)).collect();
        let at = shown.iter().position(|v| v.is_some_and(|v| v >= cpa));
        assert_eq!(r.payback_days, at.map(|j| (j as u32 + 1) * 30), "{}", r.month);
        assert_eq!(r.payback_predicted, at.is_some_and(|j| r.predicted[j].is_some()));
    }
    assert!(predicted > 0 && after[0].predicted[23].is_some(), "the 720-day step is open");
    // The newest month is 予測 at 720 days, the oldest fully observed at 30 days.
    assert!(pb.months.last().is_some_and(|r| r.predicted[23].is_some()));
    assert_eq!(pb.months[0].predicted[0], None);
    assert_eq!(pb.months[0].values[0], observed.months[0].values[0]);
}
