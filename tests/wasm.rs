//! The wasm-bindgen façade, tested across the JS boundary (in node, by wasm-bindgen-test-runner):
//! options in as JS objects, reports out as plain objects with money as strings, errors thrown
//! with their stable code as `name` and the numbers in `details`.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Reflect, JSON};
use ltv::wasm::{preview, OrderReader, Session};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const BASIC: &[u8] = include_bytes!("fixtures/orders_basic.csv");

fn get(v: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(v.clone(), |acc, key| Reflect::get(&acc, &JsValue::from_str(key)).unwrap())
}

fn js(json: &str) -> JsValue {
    JSON::parse(json).unwrap()
}

fn string(v: JsValue) -> String {
    v.as_string().unwrap_or_else(|| format!("{v:?}"))
}

#[wasm_bindgen_test]
fn an_import_in_chunks_reports_exact_money_as_strings() {
    let mut importer = OrderReader::new(JsValue::UNDEFINED).unwrap();
    for chunk in BASIC.chunks(5) {
        importer.push(chunk).unwrap();
    }
    let analysis = importer.finish().unwrap();
    let report = analysis.report().unwrap();
    assert_eq!(string(get(&report, "overview.revenue")), "13700");
    assert_eq!(string(get(&report, "overview.averageOrderValue")), "2283.33");
    assert_eq!(get(&report, "overview.customers").as_f64(), Some(3.0));
    assert_eq!(get(&report, "import.rows").as_f64(), Some(7.0));
    assert_eq!(string(get(&report, "import.encoding")), "utf-8");
    assert_eq!(string(get(&report, "import.mapping.customer")), "会員ID");
    assert_eq!(string(get(&report, "import.issues.0.kind")), "cancelled");
    assert_eq!(get(&report, "import.skipped.cancelled").as_f64(), Some(1.0));
    let top: Array = get(&report, "overview.topCustomers").dyn_into().unwrap();
    assert_eq!(string(get(&top.get(0), "key")), "C001");
    assert_eq!(string(get(&top.get(0), "revenue")), "11800");
}

#[wasm_bindgen_test]
fn the_customer_table_is_paged_sorted_and_searched() {
    let mut importer = OrderReader::new(JsValue::UNDEFINED).unwrap();
    importer.push(BASIC).unwrap();
    let mut analysis = importer.finish().unwrap();
    let page = analysis.customers(js(r#"{"sort":"revenue","ascending":true,"limit":2}"#)).unwrap();
    assert_eq!(get(&page, "total").as_f64(), Some(3.0));
    assert_eq!(string(get(&page, "rows.0.key")), "C003");
    assert_eq!(string(get(&page, "rows.1.key")), "C002");
    let found = analysis.customers(js(r#"{"search":"A@EXAMPLE"}"#)).unwrap();
    assert_eq!(string(get(&found, "rows.0.key")), "C001");
    assert_eq!(get(&found, "total").as_f64(), Some(1.0));
}

#[wasm_bindgen_test]
fn the_callers_columns_and_encoding_are_used() {
    let text = "id;when;yen;mail\n1;05/03/2024;1200;X@Y.JP\n";
    let options = js(
        r#"{"columns":{"customer":"mail","date":"when","amount":"yen"},"delimiter":";","dayOrder":"dayFirst","encoding":"utf-8"}"#,
    );
    let mut importer = OrderReader::new(options).unwrap();
    importer.push(text.as_bytes()).unwrap();
    let report = importer.finish().unwrap().report().unwrap();
    assert_eq!(string(get(&report, "overview.firstDay")), "2024-03-05");
    assert_eq!(string(get(&report, "overview.topCustomers.0.key")), "X@Y.JP");
    assert_eq!(string(get(&report, "import.delimiter")), ";");
}

#[wasm_bindgen_test]
fn preview_shows_the_mapping_and_sample_rows() {
    let p = preview(BASIC, true, JsValue::UNDEFINED).unwrap();
    assert_eq!(string(get(&p, "mapping.date")), "注文日時");
    assert_eq!(string(get(&p, "sample.0.1")), "Tシャツ, 白");
    assert_eq!(string(get(&p, "delimiter")), ",");
    // Every role with its need, in the order the import check lists them.
    assert_eq!(
        (string(get(&p, "roles.0.role")), string(get(&p, "roles.0.need"))),
        ("customer".into(), "key".into())
    );
    assert_eq!(
        (string(get(&p, "roles.3.role")), string(get(&p, "roles.3.need"))),
        ("amount".into(), "required".into())
    );
    assert_eq!(string(get(&p, "roles.6.role")), "cancelledAt"); // then the optional ones, in Role::ALL order
}

#[wasm_bindgen_test]
fn errors_carry_a_stable_code_and_the_details_to_show() {
    let err = preview(b"foo,bar\n1,2\n", true, JsValue::UNDEFINED).unwrap_err();
    assert_eq!(string(get(&err, "name")), "missing_columns");
    let missing: Array = get(&err, "details.missing").dyn_into().unwrap();
    assert_eq!(missing.length(), 3);
    assert_eq!(string(get(&err, "details.header.1")), "bar");

    let mut importer = OrderReader::new(JsValue::UNDEFINED).unwrap();
    importer.push(b"customer_id,order_date,amount\nA,soon,1\n").unwrap();
    let err = importer.finish().err().unwrap();
    assert_eq!(string(get(&err, "name")), "no_usable_rows");
    assert_eq!(string(get(&err, "details.reason")), "badDate");
    assert_eq!(get(&err, "details.line").as_f64(), Some(2.0));

    let err = OrderReader::new(js(r#"{"encoding":"latin-9"}"#)).err().unwrap();
    assert_eq!(string(get(&err, "name")), "bad_options");
    assert!(err.is_instance_of::<js_sys::Error>());
}

#[wasm_bindgen_test]
fn the_analysis_and_the_export_cross_the_boundary() {
    let mut importer = OrderReader::new(JsValue::UNDEFINED).unwrap();
    importer.push(BASIC).unwrap();
    let mut imported = importer.finish().unwrap();
    let a = imported.analyze(js(r#"{"analysisDate":"2024-02-29"}"#)).unwrap();
    assert_eq!(string(get(&a, "analysisDate")), "2024-02-29");
    // As of 29 Feb: C001 3,300 + 5,000, C002 1,200 (C003's only order is in March).
    assert_eq!(string(get(&a, "measured.revenue")), "9500");
    let file = imported.export_customers(js(r#"{"encoding":"utf8Bom"}"#)).unwrap();
    let bytes: js_sys::Uint8Array = get(&file, "bytes").dyn_into().unwrap();
    assert_eq!(&bytes.to_vec()[..3], &[0xEF, 0xBB, 0xBF]);
    assert_eq!(get(&file, "rows").as_f64(), Some(2.0));
    let err = imported.analyze(js(r#"{"analysisDate":"2023-01-01"}"#)).unwrap_err();
    assert_eq!(string(get(&err, "name")), "bad_parameter");
}

#[wasm_bindgen_test]
fn the_lever_calculator_needs_no_file() {
    let r = ltv::wasm::levers(js(
        r#"{"averageOrderValue":"5000","purchasesPerYear":"3","years":"2","grossMarginPercent":"40","acquisitionCost":"8000","retentionCostPerYear":"1000"}"#,
    ))
    .unwrap();
    // 5,000 × 3 × 2 = 30,000; × 40 % = 12,000; − 8,000 − 1,000 × 2 = 2,000.
    assert_eq!(string(get(&r, "revenueLtv")), "30000");
    assert_eq!(string(get(&r, "grossProfitLtv")), "12000");
    assert_eq!(string(get(&r, "profitPerCustomer")), "2000");
    assert_eq!(string(get(&r, "basis")), "grossProfit");
    // An input left out is "not entered" (null), never 0: no verdict until it is entered.
    let r = ltv::wasm::levers(js(
        r#"{"averageOrderValue":"5000","purchasesPerYear":"3","years":"2","acquisitionCost":null}"#,
    ))
    .unwrap();
    assert_eq!(string(get(&r, "basis")), "revenue");
    assert_eq!(string(get(&r, "allowableCpa")), "30000");
    assert!(get(&r, "profitable").is_null());
}

#[wasm_bindgen_test]
fn a_forecast_crosses_the_boundary_and_joins_the_customer_table() {
    // Forty customers over two years, some buying often: enough for BG/NBD to be identified.
    let mut csv = String::from("customer_id,order_date,amount\n");
    for c in 0..40u32 {
        let buys = 1 + c % 6;
        for k in 0..buys {
            let day = 1 + (c * 7 + k * 53) % 700;
            let (y, rest) = if day > 365 { (2024, day - 365) } else { (2023, day) };
            let (m, d) = (1 + (rest - 1) / 31 % 12, 1 + (rest - 1) % 28);
            csv.push_str(&format!("C{c},{y}-{m:02}-{d:02},{}\n", 1000 + 100 * k));
        }
    }
    let mut importer = OrderReader::new(JsValue::UNDEFINED).unwrap();
    importer.push(csv.as_bytes()).unwrap();
    let mut imported = importer.finish().unwrap();
    let f = imported.forecast(js(r#"{"validate":false,"model":"bgNbd"}"#)).unwrap();
    assert_eq!(string(get(&f, "model")), "bgNbd");
    let total = get(&f, "totals.expectedPurchases").as_f64().unwrap();
    assert!(total.is_finite() && total > 0.0, "{total}");
    assert!(get(&f, "customers").is_undefined(), "per-customer arrays stay in the worker");
    let page = imported.customers(js(r#"{"sort":"pAlive","ascending":true,"limit":3}"#)).unwrap();
    let p = get(&page, "rows.0.pAlive").as_f64().unwrap();
    assert!((0.0..=1.0).contains(&p), "{p}");
    assert!(get(&page, "rows.0.predictedClv").as_string().is_some());
    let err = imported.forecast(js(r#"{"observationEnd":"next week"}"#)).unwrap_err();
    assert_eq!(string(get(&err, "name")), "bad_parameter");
}

#[wasm_bindgen_test]
fn a_per_customer_summary_file_is_forecast_and_paged_but_not_analysed() {
    // A lifetimes summary (days): enough repeaters for BG/NBD.
    let mut csv = String::from("customer_id,frequency,recency,T,monetary_value\n");
    for c in 0..60u32 {
        let x = c % 5;
        let t = 300.0 + f64::from(c);
        let rec = if x == 0 { 0.0 } else { t * f64::from(c % 7 + 1) / 8.0 };
        csv.push_str(&format!("K{c},{x},{rec},{t},{}\n", 1000 + 10 * c));
    }
    let mut importer = OrderReader::new(js(r#"{"summaryUnit":"days"}"#)).unwrap();
    importer.push(csv.as_bytes()).unwrap();
    let mut imported = importer.finish().unwrap();
    let report = imported.report().unwrap();
    assert_eq!(string(get(&report, "import.kind")), "customerSummary");
    assert_eq!(string(get(&report, "import.summaryUnit")), "days");
    let err = imported.analyze(JsValue::UNDEFINED).unwrap_err();
    assert_eq!(string(get(&err, "name")), "needs_orders");
    let f = imported.forecast(js(r#"{"model":"bgNbd"}"#)).unwrap();
    assert_eq!(string(get(&f, "unit")), "days");
    let page = imported.customers(js(r#"{"sort":"predictedClv","limit":5}"#)).unwrap();
    assert_eq!(get(&page, "total").as_f64(), Some(60.0));
    let p = get(&page, "rows.0.pAlive").as_f64().unwrap();
    assert!((0.0..=1.0).contains(&p));
}

#[wasm_bindgen_test]
fn each_customer_has_a_status_and_the_lists_of_this_week_filter_the_table() {
    // As of 2024-03-01: C001 bought on 01-05, 02-10 and 03-01 (gaps 36 and 20: median 28, the
    // 30-day floor) and is 現役; C002 bought once 55 days ago, more than 1.5 × 36 (the shop's
    // 転換日数, C001's 36 days): 離反しかけ; C003 bought that day: 新規. The top fifth is C001.
    let mut importer = OrderReader::new(JsValue::UNDEFINED).unwrap();
    importer.push(BASIC).unwrap();
    let mut imported = importer.finish().unwrap();
    let analysis = imported.analyze(JsValue::UNDEFINED).unwrap();
    let status = imported.status().unwrap();
    assert_eq!(
        JSON::stringify(&get(&analysis, "status")).unwrap(),
        JSON::stringify(&status).unwrap()
    );
    assert_eq!(get(&status, "daysToSecond").as_f64(), Some(36.0));
    let counts: Vec<(String, f64)> = get(&status, "statuses")
        .dyn_into::<Array>()
        .unwrap()
        .iter()
        .map(|g| (string(get(&g, "status")), get(&g, "customers").as_f64().unwrap()))
        .collect();
    let want = [("active", 1.0), ("new", 1.0), ("slipping", 1.0), ("lapsed", 0.0)];
    assert_eq!(counts, want.map(|(s, n)| (s.to_string(), n)));
    assert_eq!(string(get(&status, "lists.2.list")), "thank");
    assert_eq!(string(get(&status, "lists.2.revenue")), "11800");
    let page = imported.customers(js(r#"{"statuses":["slipping"]}"#)).unwrap();
    assert_eq!(string(get(&page, "rows.0.key")), "C002");
    assert_eq!(get(&page, "rows.0.intervalDays").as_f64(), Some(36.0));
    let page = imported.customers(js(r#"{"actionList":"thank"}"#)).unwrap();
    assert_eq!(
        (get(&page, "total").as_f64(), string(get(&page, "rows.0.status"))),
        (Some(1.0), "active".into())
    );
    let err = imported.customers(js(r#"{"actionList":"everyone"}"#)).unwrap_err();
    assert_eq!(string(get(&err, "name")), "bad_options");
}

/// 40 customers with 1–6 purchases each in 2023, imported: enough for BG/NBD.
fn forty_customers() -> Session {
    let mut csv = String::from("customer_id,order_date,amount\n");
    for c in 0..40u32 {
        for k in 0..(1 + c % 6) {
            let day = 1 + (c * 7 + k * 53) % 330;
            csv.push_str(&format!(
                "C{c},2023-{:02}-{:02},1000\n",
                1 + (day - 1) / 28 % 12,
                1 + (day - 1) % 28
            ));
        }
    }
    let mut importer = OrderReader::new(JsValue::UNDEFINED).unwrap();
    importer.push(csv.as_bytes()).unwrap();
    importer.finish().unwrap()
}

#[wasm_bindgen_test]
fn a_failed_forecast_leaves_no_old_figures_in_the_table() {
    let mut imported = forty_customers();
    imported.forecast(js(r#"{"validate":false,"model":"bgNbd"}"#)).unwrap();
    let page = imported.customers(js(r#"{"limit":1}"#)).unwrap();
    assert!(get(&page, "rows.0.pAlive").as_f64().is_some());
    assert!(imported.forecast(js(r#"{"horizonDays":-1}"#)).is_err());
    let page = imported.customers(js(r#"{"limit":1}"#)).unwrap();
    assert!(get(&page, "rows.0.pAlive").is_null(), "old P(alive) must be gone");
}

#[wasm_bindgen_test]
fn a_forecast_in_another_worker_reports_stages_and_its_figures_join_the_table() {
    use js_sys::{Float64Array, Function};
    use ltv::wasm::ForecastSession;
    let mut imported = forty_customers();
    let bytes = imported.forecast_input();
    let elsewhere = ForecastSession::new(&bytes).unwrap();
    // The progress callback collects what it is told.
    let seen = Array::new();
    let make = Function::new_with_args("seen", "return (m) => { seen.push(m); }");
    let push: Function = make.call1(&JsValue::NULL, &seen).unwrap().dyn_into().unwrap();
    let out = elsewhere.run(js(r#"{"model":"bgNbd"}"#), Some(push)).unwrap();
    let stages: Vec<String> = seen.iter().map(|m| string(get(&m, "stage"))).collect();
    // The forced model's first answer is the final one: only its intervals are added at the end.
    assert_eq!(stages, ["first", "preliminary", "checking", "checking", "checking", "intervals"]);
    assert_eq!(string(get(&seen.get(2), "model")), "bgNbd");
    assert_eq!(get(&seen.get(4), "k").as_f64(), Some(3.0));
    assert_eq!(string(get(&seen.get(1), "result.forecast.model")), "bgNbd");
    assert!(get(&out, "forecast.suggestedModel").as_string().is_some());
    let array =
        |name: &str| get(&out, &format!("customers.{name}")).dyn_into::<Float64Array>().unwrap();
    assert_eq!(array("pAlive").length(), 40);
    // The 80 % interval of each CLV: two more arrays, one per customer.
    assert_eq!((array("clvLow").length(), array("clvHigh").length()), (40, 40));
    assert!(get(&out, "forecast.totals.intervals.clv").is_object());
    // The forecast's model goes with its figures: 回収期間 is continued (予測) past the analysis
    // date, which is the forecast's observation end.
    imported.analyze(JsValue::UNDEFINED).unwrap();
    let params = get(&out, "forecast.transactions.params.bgNbd");
    let values: Vec<f64> = ["r", "alpha", "a", "b"]
        .iter()
        .map(|k| Reflect::get(&params, &JsValue::from_str(k)).unwrap().as_f64().unwrap())
        .collect();
    imported
        .attach_forecast(
            array("pAlive").to_vec(),
            array("expectedPurchases").to_vec(),
            array("expectedSpend").to_vec(),
            array("clv").to_vec(),
            array("clvLow").to_vec(),
            array("clvHigh").to_vec(),
            0.5,
            "bgNbd",
            &values,
            &string(get(&out, "forecast.unit")),
            &string(get(&out, "forecast.observationEnd")),
        )
        .unwrap();
    let payback = imported.payback().unwrap();
    let predicted = Array::from(&get(&payback, "all.predicted"));
    assert_eq!(predicted.length(), 24);
    assert!(predicted.get(23).as_string().is_some(), "the 720-day step is 予測");
    let page = imported.customers(js(r#"{"sort":"predictedClv","limit":1}"#)).unwrap();
    assert!(get(&page, "rows.0.pAlive").as_f64().is_some());
    // Money crosses as decimal strings: low ≤ CLV ≤ high.
    let amount = |name: &str| string(get(&page, &format!("rows.0.{name}"))).parse::<f64>().unwrap();
    let (low, clv, high) =
        (amount("predictedClvLow"), amount("predictedClv"), amount("predictedClvHigh"));
    assert!(low <= clv && clv <= high && low < high, "{low} {clv} {high}");
    // Without intervals (empty arrays): the range is null.
    let (p, e, s, c) =
        (array("pAlive"), array("expectedPurchases"), array("expectedSpend"), array("clv"));
    imported
        .attach_forecast(
            p.to_vec(),
            e.to_vec(),
            s.to_vec(),
            c.to_vec(),
            vec![],
            vec![],
            0.5,
            "",
            &[],
            "",
            "",
        )
        .unwrap();
    assert_eq!(Array::from(&get(&imported.payback().unwrap(), "all.predicted")).length(), 0);
    let page = imported.customers(js(r#"{"limit":1}"#)).unwrap();
    assert!(get(&page, "rows.0.predictedClvLow").is_null());
    imported.clear_forecast();
    let page = imported.customers(js(r#"{"limit":1}"#)).unwrap();
    assert!(get(&page, "rows.0.pAlive").is_null());
    let one = || vec![1.0];
    let err = imported.attach_forecast(
        vec![0.5],
        one(),
        one(),
        one(),
        vec![],
        vec![],
        0.5,
        "",
        &[],
        "",
        "",
    );
    assert_eq!(string(get(&err.unwrap_err(), "name")), "bad_parameter");
    // A low end without its high end.
    let err = imported.attach_forecast(
        p.to_vec(),
        e.to_vec(),
        s.to_vec(),
        c.to_vec(),
        c.to_vec(),
        vec![],
        0.5,
        "",
        &[],
        "",
        "",
    );
    assert_eq!(string(get(&err.unwrap_err(), "name")), "bad_parameter");
    let err = ForecastSession::new(b"not a forecast input").err().unwrap();
    assert_eq!(string(get(&err, "name")), "bad_parameter");
}
