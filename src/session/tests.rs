use super::*;
use crate::import::{import_bytes, ImportOptions};
use crate::models::testing::simulated_shop_csv;
use serde_json::json;

fn session(csv: &str) -> Session {
    Session::new(import_bytes(csv.as_bytes(), &ImportOptions::default()).unwrap())
}

fn simulated() -> Session {
    session(&simulated_shop_csv(400, 7))
}

fn first_row(page: Page) -> crate::analysis::customers::TableRow {
    match page {
        Page::Customers(p) => p.rows.into_iter().next().expect("a row"),
        Page::Summaries(_) => panic!("an order file pages its customer table"),
    }
}

#[test]
fn a_session_of_packs_analyses_as_the_orders_and_writes_the_merged_pack_again() {
    let csv =
        "customer_id,order_date,amount\nA,2024-01-05,1000\nB,2024-01-09,1500\nA,2024-02-01,700\n";
    let orders = session(csv);
    let whole = orders.export_pack("shop-secret").unwrap();
    let (jan, feb) = csv.split_at(csv.find("A,2024-02").unwrap());
    let feb = format!("customer_id,order_date,amount\n{feb}");
    let packs = [
        session(jan).export_pack("shop-secret").unwrap(),
        session(&feb).export_pack("shop-secret").unwrap(),
    ];
    let mut s = Session::from_packs(&[&packs[0], &packs[1]]).unwrap();
    assert_eq!(s.export_pack("ignored").unwrap(), whole);
    let mut o = session(csv);
    let p = AnalysisParams::default();
    assert_eq!(s.analyze(&p).unwrap(), o.analyze(&p).unwrap());
    let r = s.report();
    assert_eq!(r.pack.map(|p| p.packs), Some(2));
    assert_eq!(
        (r.import.customers, r.import.counts.orders, r.import.currency.as_str()),
        (2, 3, "JPY")
    );
    assert_eq!(r.import.last_day.as_deref(), Some("2024-02-01"));
    assert_eq!(r.overview.revenue.to_string(), "3200");
    assert!(o.report().pack.is_none());
}

#[test]
fn pages_and_exports_work_before_any_analysis() {
    let mut s = session("customer_id,order_date,amount\nA,2024-01-05,1000\nB,2024-01-09,1500\n");
    assert_eq!(first_row(s.customers(json!({})).unwrap()).customer.key, "B");
    assert_eq!(s.export_customers(&ExportOptions::default()).unwrap().rows, 2);
}

#[test]
fn a_failed_forecast_clears_the_tables_predictions() {
    let mut s = simulated();
    s.analyze(&AnalysisParams::default()).unwrap();
    s.forecast(ForecastRequest::default()).unwrap();
    assert!(first_row(s.customers(json!({})).unwrap()).p_alive.is_some());
    let bad = ForecastRequest { observation_end: Some("1970-01-02".into()), ..Default::default() };
    assert!(s.forecast(bad).is_err());
    assert_eq!(first_row(s.customers(json!({})).unwrap()).p_alive, None);
}

#[test]
fn the_forecasts_model_continues_the_payback_until_a_forecast_is_cleared_or_fails() {
    let mut s = simulated();
    assert_eq!(s.payback().unwrap_err(), Error::NeedsOrders { view: "payback" });
    s.analyze(&AnalysisParams::default()).unwrap();
    assert!(s.payback().unwrap().all.predicted.is_empty());
    let quick = || ForecastRequest {
        params: ForecastParams { validate: false, ..Default::default() },
        ..Default::default()
    };
    s.forecast(quick()).unwrap();
    let pb = s.payback().unwrap();
    assert!(pb.all.predicted.iter().any(Option::is_some) && pb.all.predicted.len() == 24);
    s.clear_forecast();
    assert!(s.payback().unwrap().all.predicted.is_empty());
    s.forecast(quick()).unwrap();
    let bad = ForecastRequest { observation_end: Some("1970-01-02".into()), ..Default::default() };
    assert!(s.forecast(bad).is_err());
    assert!(s.payback().unwrap().all.predicted.is_empty());
}

#[test]
fn a_new_analysis_keeps_the_last_forecasts_figures() {
    let mut s = simulated();
    let clv = s.forecast(ForecastRequest::default()).unwrap().totals.clv;
    assert!(clv > 0.0);
    let p = AnalysisParams { gross_margin_percent: Some(40.into()), ..Default::default() };
    s.analyze(&p).unwrap();
    let row = first_row(s.customers(json!({"sort": "predictedClv"})).unwrap());
    assert!(row.predicted_clv.is_some_and(|v| v > 0.into()));
}

#[test]
fn the_forecast_refines_the_statuses_of_the_analysis_and_of_the_status_call() {
    use crate::analysis::status::Status;
    let mut s = simulated();
    let before = s.analyze(&AnalysisParams::default()).unwrap().status;
    assert!(!before.forecast);
    let n = s.import().dataset.customers();
    // Everyone almost surely gone: every repeat customer becomes 休眠.
    let gone = CustomerForecasts {
        p_alive: vec![0.01; n],
        expected_purchases: vec![0.0; n],
        expected_spend: vec![1.0; n],
        clv: vec![0.0; n],
        clv_range: Vec::new(),
    };
    s.attach_forecast(gone, 0.5).unwrap();
    let after = s.status().unwrap();
    let count = |sum: &StatusSummary, st: Status| {
        sum.statuses.iter().find(|g| g.status == st).map_or(0, |g| g.count.customers)
    };
    assert!(after.forecast && count(&before, Status::Active) > 0);
    assert_eq!(count(&after, Status::Active), 0);
    assert_eq!(count(&after, Status::New), count(&before, Status::New)); // one-time buyers stay
    assert_eq!(s.analyze(&AnalysisParams::default()).unwrap().status, after);
    s.clear_forecast();
    assert_eq!(s.status().unwrap(), before);
}

#[test]
fn a_bad_forecast_date_names_its_parameter() {
    let mut s = simulated();
    let bad = ForecastRequest { calibration_end: Some("2024/1/1".into()), ..Default::default() };
    assert!(matches!(s.forecast(bad), Err(Error::BadParameter { name: "calibrationEnd", .. })));
}

#[test]
fn a_forecast_run_elsewhere_from_the_input_bytes_joins_the_table_as_one_run_here() {
    use crate::models::input::ForecastInput;
    let request = || ForecastRequest {
        params: ForecastParams { validate: false, ..Default::default() },
        ..Default::default()
    };
    let mut here = simulated();
    here.forecast(request()).unwrap();
    let mut there = simulated();
    let input = ForecastInput::decode(&there.forecast_input()).unwrap();
    let f = input.forecast(&request().params().unwrap(), &mut |_| {}).unwrap();
    there.attach_forecast(f.customers, 0.5).unwrap();
    let q = || json!({"sort": "predictedClv", "limit": 5});
    let rows = |s: &mut Session| match s.customers(q()).unwrap() {
        Page::Customers(p) => p
            .rows
            .iter()
            .map(|r| {
                let range = (r.predicted_clv_low, r.predicted_clv_high);
                (r.customer.key.clone(), r.predicted_clv, range)
            })
            .collect::<Vec<_>>(),
        Page::Summaries(_) => panic!("an order file"),
    };
    assert_eq!(rows(&mut there), rows(&mut here));
    let export = |s: &mut Session| s.export_customers(&ExportOptions::default()).unwrap().bytes;
    assert_eq!(export(&mut there), export(&mut here));
}

#[test]
fn the_clv_intervals_of_a_forecast_attached_from_elsewhere_reach_the_pages_and_the_export() {
    use crate::models::input::ForecastInput;
    let mut s = simulated();
    let input = ForecastInput::decode(&s.forecast_input()).unwrap();
    let params = ForecastRequest::default().params().unwrap();
    let f = input.forecast(&params, &mut |_| {}).unwrap();
    assert!(f.totals.intervals.is_some());
    // As the page sends them: two columns, paired again.
    let [low, high] = f.customers.clv_range_columns();
    let clv_range = CustomerForecasts::clv_range_from_columns(&low, &high).unwrap();
    assert_eq!(clv_range, f.customers.clv_range);
    s.attach_forecast(CustomerForecasts { clv_range, ..f.customers.clone() }, 0.5).unwrap();
    let Page::Customers(page) =
        s.customers(json!({"sort": "predictedClv", "limit": 1000})).unwrap()
    else {
        panic!("an order file")
    };
    assert_eq!(page.rows.len(), page.total);
    for r in &page.rows {
        let (low, clv, high) = (r.predicted_clv_low, r.predicted_clv, r.predicted_clv_high);
        let (low, clv, high) = (low.unwrap(), clv.unwrap(), high.unwrap());
        assert!(low <= clv && clv <= high, "{}: {low} {clv} {high}", r.customer.key);
    }
    assert!(page.rows.iter().any(|r| r.predicted_clv_low < r.predicted_clv_high));
    // The export: two more columns after the CLV, holding the page's amounts.
    let mut labels = crate::analysis::export::ExportLabels::default();
    labels.columns.insert("predictedClvLow".into(), "予測LTV(80%区間の下限)".into());
    let options = ExportOptions {
        encoding: crate::analysis::export::ExportEncoding::Utf8,
        labels,
        ..Default::default()
    };
    let text = String::from_utf8(s.export_customers(&options).unwrap().bytes).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let at = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (key, clv) = (at("key"), at("predictedClv"));
    assert_eq!(
        header[clv..],
        ["predictedClv", "予測LTV(80%区間の下限)", "predictedClvHigh", "probablyLost"]
    );
    let top = &page.rows[0];
    let row: Vec<&str> = lines
        .map(|l| l.split(',').collect::<Vec<_>>())
        .find(|cells| cells[key] == top.customer.key)
        .unwrap();
    let money = |d: Option<rust_decimal::Decimal>| d.unwrap().normalize().to_string();
    assert_eq!(
        row[clv..clv + 3],
        [money(top.predicted_clv), money(top.predicted_clv_low), money(top.predicted_clv_high)]
    );
    // Without intervals: no range on the pages, no range columns in the file.
    s.attach_forecast(CustomerForecasts { clv_range: Vec::new(), ..f.customers.clone() }, 0.5)
        .unwrap();
    assert_eq!(first_row(s.customers(json!({})).unwrap()).predicted_clv_high, None);
    let text = String::from_utf8(s.export_customers(&options).unwrap().bytes).unwrap();
    assert!(text.lines().next().unwrap().ends_with(",predictedClv,probablyLost"));
}

#[test]
fn a_native_forecast_keeps_its_clv_intervals_in_the_table() {
    let mut s = simulated();
    let f = s.forecast(ForecastRequest::default()).unwrap();
    assert_eq!(f.customers.clv_range.len(), s.import().dataset.customers());
    let row = first_row(s.customers(json!({"sort": "predictedClv"})).unwrap());
    let (low, high) = (row.predicted_clv_low.unwrap(), row.predicted_clv_high.unwrap());
    assert!(low < row.predicted_clv.unwrap() && row.predicted_clv.unwrap() < high);
}

#[test]
fn clv_intervals_that_are_not_one_per_customer_are_refused() {
    let mut s = simulated();
    let n = s.import().dataset.customers();
    let figures = |range: usize| CustomerForecasts {
        p_alive: vec![0.5; n],
        expected_purchases: vec![1.0; n],
        expected_spend: vec![1.0; n],
        clv: vec![1.0; n],
        clv_range: vec![[0.5, 2.0]; range],
    };
    let err = s.attach_forecast(figures(n - 1), 0.5).unwrap_err();
    assert!(matches!(err, Error::BadParameter { name: "forecast", .. }), "{err}");
    s.attach_forecast(figures(n), 0.5).unwrap();
    s.attach_forecast(figures(0), 0.5).unwrap();
}

#[test]
fn figures_that_are_not_one_per_customer_are_refused_and_clear_the_old_ones() {
    let mut s = simulated();
    s.forecast(ForecastRequest::default()).unwrap();
    let n = s.import().dataset.customers();
    let short = CustomerForecasts {
        p_alive: vec![0.5; n - 1],
        expected_purchases: vec![1.0; n],
        expected_spend: vec![1.0; n],
        clv: vec![1.0; n],
        clv_range: Vec::new(),
    };
    let err = s.attach_forecast(short, 0.5).unwrap_err();
    assert!(matches!(err, Error::BadParameter { name: "forecast", .. }), "{err}");
    assert_eq!(first_row(s.customers(json!({})).unwrap()).p_alive, None);
    let ok = CustomerForecasts {
        p_alive: vec![0.25; n],
        expected_purchases: vec![1.0; n],
        expected_spend: vec![1.0; n],
        clv: vec![1.0; n],
        clv_range: Vec::new(),
    };
    s.attach_forecast(ok, 0.5).unwrap();
    assert!(first_row(s.customers(json!({})).unwrap()).p_alive.is_some());
    s.clear_forecast();
    assert_eq!(first_row(s.customers(json!({})).unwrap()).p_alive, None);
}

#[test]
fn a_summary_file_forecasts_and_pages_but_has_no_order_views() {
    let mut s = session(
        "customer_id,frequency,recency,T,monetary_value\nA,2,30,38,22\nB,0,0,38,0\nD,5,36,38,41\n",
    );
    assert_eq!(
        s.analyze(&AnalysisParams::default()).unwrap_err(),
        Error::NeedsOrders { view: "analysis" }
    );
    assert_eq!(
        s.export_customers(&ExportOptions::default()).unwrap_err(),
        Error::NeedsOrders { view: "export" }
    );
    let Page::Summaries(page) = s.customers(json!({"sort": "frequency"})).unwrap() else {
        panic!("a summary file pages its rows");
    };
    let keys: Vec<&str> = page.rows.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(keys, ["D", "A", "B"]);
    assert!(matches!(s.customers(json!({"sort": "revenue"})), Err(Error::BadOptions(_))));
}

#[test]
fn the_first_part_of_an_analysis_and_its_later_views_computed_apart_are_the_whole_analysis() {
    use crate::analysis::export::{
        PaybackExportOptions, ProductExportOptions, SubscriptionExportOptions, ViewExportOptions,
        ViewTable,
    };
    let files = [
        include_str!("../../tests/fixtures/orders_first_products.csv").to_string(),
        include_str!("../../tests/fixtures/orders_teiki_courses.csv").to_string(),
        include_str!("../../tests/fixtures/shopify_views.csv").to_string(),
        include_str!("../../tests/fixtures/orders_dashboard.csv").to_string(),
        simulated_shop_csv(400, 7),
    ];
    let params = AnalysisParams {
        acquisition_cost: Some(rust_decimal::Decimal::from(3000)),
        gross_margin_percent: Some(rust_decimal::Decimal::from(40)),
        ..Default::default()
    };
    for (k, csv) in files.iter().enumerate() {
        for p in [AnalysisParams::default(), params.clone()] {
            let mut whole = session(csv);
            let want = whole.analyze(&p).unwrap();
            // The file's worker computes the first part; another worker the later views.
            let mut first = session(csv);
            let mut got = first.analyze_first(&p).unwrap();
            assert_eq!(got.payback, Default::default(), "file {k}: left empty");
            let later = session(csv).later_views(&p).unwrap();
            (got.products, got.subscription, got.payback) =
                (later.products, later.subscription, later.payback);
            (got.upgrade, got.cohorts, got.monthly) = (later.upgrade, later.cohorts, later.monthly);
            assert_eq!(got, want, "file {k}");
            // What reads the later views here runs the whole analysis first.
            assert_eq!(first.payback().unwrap(), whole.payback().unwrap(), "file {k}");
            let view = |s: &mut Session, table| {
                s.export_view(&ViewExportOptions { table, ..Default::default() }).unwrap().bytes
            };
            for table in [ViewTable::Monthly, ViewTable::Ladder, ViewTable::Upgrade] {
                assert_eq!(view(&mut first, table), view(&mut whole, table), "file {k}");
            }
            let products = ProductExportOptions::default();
            assert_eq!(
                first.export_first_products(&products).map(|f| f.bytes),
                whole.export_first_products(&products).map(|f| f.bytes),
                "file {k}"
            );
            let list = SubscriptionExportOptions::default();
            assert_eq!(
                first.export_subscription_list(&list).map(|f| f.bytes),
                whole.export_subscription_list(&list).map(|f| f.bytes),
                "file {k}"
            );
            let pb = PaybackExportOptions::default();
            assert_eq!(
                first.export_payback(&pb).unwrap().bytes,
                whole.export_payback(&pb).unwrap().bytes
            );
        }
    }
}
