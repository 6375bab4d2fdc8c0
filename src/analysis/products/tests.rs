//! Unit tests of the 商品マスタ and 初回購入商品別.

use super::*;
use crate::analysis::testing::{d, data};
use crate::analysis::{analyze, AnalysisParams};

/// A small shop worked by hand (tests/fixtures/orders_first_products.csv), analysed on
/// 2025-12-31. Products per first purchase day (送料 is 除外 and never counts):
/// A 2024-01-10 {【お試し】美容液, 送料}, 2nd 01-24 (+14) {美容液}, 3rd 03-01 {美容液};
/// B 2024-01-15 {【お試し】美容液}, no 2nd; C 2024-02-01 {【お試し】美容液, 化粧水}, 2nd 05-01
/// (+90) {化粧水}; D 2024-03-01 {美容液}, 2nd 03-31 (+30) {【定期】美容液}; E 2025-12-01
/// {【お試し】美容液}, no 2nd; F 2024-06-01 {化粧水}, 2nd 2025-07-01 (+395) {化粧水}.
const SHOP: &str = include_str!("../../../tests/fixtures/orders_first_products.csv");

fn params(rule: FirstProductRule, min: u32) -> AnalysisParams {
    AnalysisParams {
        analysis_date: Some("2025-12-31".into()),
        products: ProductParams { min_customers: min, first_product: rule, ..Default::default() },
        ..AnalysisParams::default()
    }
}

fn view(rule: FirstProductRule, min: u32) -> FirstProducts {
    analyze(&data(SHOP), &params(rule, min)).unwrap().products.unwrap()
}

fn row<'a>(rows: &'a [FirstProductRow], key: &str) -> &'a FirstProductRow {
    rows.iter().find(|r| r.key == key).unwrap()
}

fn f2(r: &FirstProductRow) -> Vec<(u32, u64, u64)> {
    r.windows.iter().map(|w| (w.days, w.eligible, w.f2_customers)).collect()
}

fn next(r: &FirstProductRow) -> Vec<(&str, u64, f64, f64)> {
    r.next_products.iter().map(|n| (n.name.as_str(), n.customers, n.share, n.lift)).collect()
}

#[test]
fn kinds_are_guessed_from_the_name_first_rule_first() {
    let cases = [
        ("【お試し】美容液", Kind::Trial),
        ("美容液 トライアルセット", Kind::Trial),
        ("無料サンプル", Kind::Trial),
        ("Trial kit", Kind::Trial),
        ("【定期】美容液", Kind::Subscription),
        ("送料無料 美容液 定期便", Kind::Subscription),
        ("送料", Kind::Excluded),
        ("代引き手数料", Kind::Excluded),
        ("ギフト包装", Kind::Excluded),
        ("同梱チラシ", Kind::Excluded),
        ("お試し送料", Kind::Excluded),
        ("美容液 30ml", Kind::Main),
    ];
    for (name, kind) in cases {
        assert_eq!(guess_kind(name), kind, "{name}");
    }
}

#[test]
fn the_catalog_lists_each_product_with_its_group_kind_and_purchase_days() {
    let mut p = params(FirstProductRule::AllLines, 1);
    p.products
        .overrides
        .insert("化粧水".into(), ProductOverride { kind: Some(Kind::Subscription), group: None });
    let v = analyze(&data(SHOP), &p).unwrap().products.unwrap();
    let got: Vec<(&str, &str, Kind, bool, u64)> = v
        .catalog
        .iter()
        .map(|e| (e.name.as_str(), e.group.as_str(), e.kind, e.overridden, e.purchases))
        .collect();
    assert_eq!(
        got,
        [
            // Purchase days: A1 B1 C1 E1; C1 C2 F1 F2; A2 A3 D1; D2; A1. Most purchased
            // first, ties by name.
            ("【お試し】美容液", "美容液", Kind::Trial, false, 4),
            ("化粧水", "化粧水", Kind::Subscription, true, 4),
            ("美容液", "美容液", Kind::Main, false, 3),
            ("【定期】美容液", "美容液", Kind::Subscription, false, 1),
            ("送料", "送料", Kind::Excluded, false, 1),
        ]
    );
}

#[test]
fn first_products_count_every_line_of_the_first_day_by_default() {
    let v = view(FirstProductRule::AllLines, 1);
    // A, B, C, E by the trial; C and F by 化粧水; D by 美容液. 送料 has no row.
    let keys: Vec<(&str, u64)> =
        v.by_product.iter().map(|r| (r.key.as_str(), r.customers)).collect();
    assert_eq!(keys, [("【お試し】美容液", 4), ("化粧水", 2), ("美容液", 1)]);
    assert_eq!(v.customers, 6);

    let trial = row(&v.by_product, "【お試し】美容液");
    // 30 days: E (12-01 + 29 = 12-30) is eligible too, only A (+14) converts; 60 days and
    // more: A, B, C; C (+90) is in from 180 days on.
    assert_eq!(f2(trial), [(30, 4, 1), (60, 3, 1), (90, 3, 1), (180, 3, 2), (365, 3, 2)]);
    assert_eq!(trial.windows[0].f2_rate, 0.25);
    // 年間: A 980 + 500 + 3,000 + 3,000 = 7,480; B 980; C 980 + 1,500 + 1,500 = 3,980;
    // 12,440 ÷ 3 = 4,146.67. Gross profit (原価 column): A 380 + 2,000 + 2,000 = 4,380;
    // B 380; C 1,380 + 1,000 = 2,380; 7,140 ÷ 3 = 2,380.
    assert_eq!(trial.annual_customers, 3);
    assert_eq!(trial.annual_ltv, Some(d("4146.67")));
    assert_eq!(trial.annual_gross_profit_ltv, Some(d("2380")));
    // 転換日数 14 and 90 → 52; nobody bought the trial again.
    assert_eq!((trial.repeat_customers, trial.median_days_to_second), (2, Some(52.0)));
    assert_eq!((trial.same_again_customers, trial.same_again_rate), (0, 0.0));
    // 2nd purchases: A 美容液, C 化粧水 (½ each). Over all four repeaters (A 美容液, C 化粧水,
    // D 【定期】美容液, F 化粧水): 美容液 ¼ → lift 2; 化粧水 ½ → lift 1.
    assert_eq!(next(trial), [("化粧水", 1, 0.5, 1.0), ("美容液", 1, 0.5, 2.0)]);

    let lotion = row(&v.by_product, "化粧水");
    // C +90, F +395: F never within 365 days.
    assert_eq!(f2(lotion), [(30, 2, 0), (60, 2, 0), (90, 2, 0), (180, 2, 1), (365, 2, 1)]);
    // 年間: C 3,980 + F 1,500 (the 2025-07-01 order is past F's window) = 5,480 ÷ 2;
    // gross 2,380 + 1,000 = 3,380 ÷ 2.
    assert_eq!(lotion.annual_ltv, Some(d("2740")));
    assert_eq!(lotion.annual_gross_profit_ltv, Some(d("1690")));
    assert_eq!(lotion.median_days_to_second, Some(242.5)); // (90 + 395) ÷ 2
    assert_eq!((lotion.same_again_customers, lotion.same_again_rate), (2, 1.0));
    assert_eq!(next(lotion), [("化粧水", 2, 1.0, 2.0)]);

    let serum = row(&v.by_product, "美容液");
    // D +30: not within 30 days (day 30 is the 31st day), within 60.
    assert_eq!(f2(serum), [(30, 1, 0), (60, 1, 1), (90, 1, 1), (180, 1, 1), (365, 1, 1)]);
    assert_eq!(serum.annual_ltv, Some(d("5700"))); // 3,000 + 2,700
    assert_eq!(serum.annual_gross_profit_ltv, Some(d("3700"))); // 2,000 + 1,700
    assert_eq!(serum.same_again_customers, 0, "【定期】美容液 is another product");
    assert_eq!(next(serum), [("【定期】美容液", 1, 1.0, 4.0)]);
}

#[test]
fn groups_and_kinds_count_a_customer_once() {
    let v = view(FirstProductRule::AllLines, 1);
    // Group 美容液: the trial's A, B, C, E and D; again later in the group: A (美容液), D
    // (【定期】美容液).
    let serum = row(&v.by_group, "美容液");
    assert_eq!((serum.customers, serum.same_again_customers, serum.same_again_rate), (5, 2, 0.4));
    assert_eq!(row(&v.by_group, "化粧水").customers, 2);
    assert!(v.by_group.iter().all(|r| r.key != "送料"));
    // 区分: お試し A, B, C, E; 本品 C (化粧水), D, F. 本品 again: C and F (化粧水), not D
    // (定期 is another 区分).
    let keys: Vec<(&str, u64)> = v.by_kind.iter().map(|r| (r.key.as_str(), r.customers)).collect();
    assert_eq!(keys, [("trial", 4), ("main", 3)]);
    let main = row(&v.by_kind, "main");
    assert_eq!(main.same_again_customers, 2);
    // F2 within 60: D only; within 365: C and D. 年間: 3,980 + 5,700 + 1,500 = 11,180 ÷ 3.
    assert_eq!(f2(main)[1], (60, 3, 1));
    assert_eq!(f2(main)[4], (365, 3, 2));
    assert_eq!(main.annual_ltv, Some(d("3726.67")));
    assert_eq!(main.median_days_to_second, Some(90.0)); // 30, 90, 395
}

#[test]
fn the_top_line_rule_counts_only_the_highest_priced_line() {
    // C's first day: the trial 980 < 化粧水 1,500 → C counts under 化粧水 only. A's: the
    // trial 980 > 送料 500.
    let v = view(FirstProductRule::TopLine, 1);
    let keys: Vec<(&str, u64)> =
        v.by_product.iter().map(|r| (r.key.as_str(), r.customers)).collect();
    assert_eq!(keys, [("【お試し】美容液", 3), ("化粧水", 2), ("美容液", 1)]);
    let trial = row(&v.by_product, "【お試し】美容液");
    // A, B, E: 年間 over A and B: (7,480 + 980) ÷ 2.
    assert_eq!(trial.annual_ltv, Some(d("4230")));
}

#[test]
fn rows_under_the_minimum_are_hidden_and_counted() {
    // Minimum 2: 美容液 (1) hidden among products; no group or 区分 row is under 2.
    let v = view(FirstProductRule::AllLines, 2);
    assert_eq!(v.by_product.len(), 2);
    assert_eq!(v.hidden_rows, 1);
    // The default minimum of 10 hides every row of this small shop (3 + 2 + 2).
    let v = view(FirstProductRule::AllLines, 10);
    assert!(v.by_product.is_empty() && v.by_group.is_empty() && v.by_kind.is_empty());
    assert_eq!(v.hidden_rows, 7);
}

#[test]
fn the_csv_of_a_table_neutralises_product_names_and_writes_exact_figures() {
    use crate::analysis::export::{
        export_first_products, ExportEncoding, ProductExportOptions, ProductTable,
    };
    let csv = "customer,date,amount,product\nA,2024-01-01,100,=HYPERLINK(1)\n\
               A,2024-01-05,50,Tea\nB,2024-01-02,100,=HYPERLINK(1)\n";
    let p = AnalysisParams {
        products: ProductParams { min_customers: 1, ..Default::default() },
        ..AnalysisParams::default()
    };
    let v = analyze(&data(csv), &p).unwrap().products.unwrap();
    let mut opts = ProductExportOptions {
        table: ProductTable::Product,
        encoding: ExportEncoding::Utf8,
        ..Default::default()
    };
    opts.labels.columns.insert("f2Within".into(), "F2 {days}日".into());
    opts.labels.kinds.insert("main".into(), "本品".into());
    let file = export_first_products(&v, &opts);
    let text = String::from_utf8(file.bytes).unwrap();
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "product,kind,newCustomers,F2 30日,F2 60日,F2 90日,F2 180日,F2 365日,\
         annualCustomers,annualLtv,repeatCustomers,medianDaysToSecond,sameAgainRate,nextProducts"
    );
    // Analysed on 2024-01-05: the 30-day window of A (01-01) has not ended (no rate);
    // A's 2nd purchase was 4 days later (Tea).
    assert_eq!(lines[1], "'=HYPERLINK(1),本品,2,,,,,,0,,1,4,0.0000,Tea 100.0% ×1.00");
    assert_eq!(file.rows, 1);
}

#[test]
fn no_product_column_means_no_product_view() {
    let ds = data("customer_id,order_date,amount\nA,2024-01-05,1000\n");
    assert!(analyze(&ds, &AnalysisParams::default()).unwrap().products.is_none());
}

#[test]
fn the_first_product_table_is_also_given_by_acquisition_channel() {
    // As of 2024-12-31. web: A (trial 01-01, 本品 01-15 +14), B (trial 02-01, nothing);
    // ig: C (本品 03-01, 本品 03-11 +10, the same product again). F2 within 30 days: web ½, ig 1.
    let csv = "customer_id,order_id,order_date,product,amount,channel
A,1,2024-01-01,【お試し】美容液,980,web
A,2,2024-01-15,美容液,4800,web
B,3,2024-02-01,【お試し】美容液,980,web
C,4,2024-03-01,美容液,4800,ig
C,5,2024-03-11,美容液,4800,ig
D,6,2024-12-31,美容液,4800,
";
    let p = AnalysisParams {
        analysis_date: Some("2024-12-31".into()),
        products: ProductParams { min_customers: 1, ..Default::default() },
        ..Default::default()
    };
    let v = analyze(&data(csv), &p).unwrap().products.unwrap();
    let rows: Vec<(&str, u64, u64, f64)> = v
        .by_channel
        .iter()
        .map(|r| (r.key.as_str(), r.customers, r.same_again_customers, r.windows[0].f2_rate))
        .collect();
    assert_eq!(rows, vec![("web", 2, 0, 0.5), ("ig", 1, 1, 1.0)]);
}

#[test]
fn the_first_product_table_is_also_given_by_the_coupon_of_the_first_purchase_day() {
    // As of 2025-12-31 (every first year over). The code counts only on the first purchase day,
    // from any of its orders or lines; a code on a later day does not make a customer's row.
    // WELCOME: A 2024-01-10 980 (code on the first line, 送料 line blank), 2nd 01-24 (+14) 4,800:
    //   year 5,780; B 2024-02-01 980 + 3,000 (the code on the day's second order), 2nd 03-01
    //   (+29) 4,800 with SPRING: year 8,780. 年間LTV (5,780 + 8,780) ÷ 2 = 7,280; F2 within 30
    //   days 2 of 2; median 転換日数 (14 + 29) ÷ 2 = 21.5; neither bought a first product again.
    // クーポンなし: C 2024-03-05 4,800, 2nd 04-04 (+30, SPRING) 4,800: year 9,600; F2 within 30
    //   days 0 of 1 (day 30 is past day 29); 美容液 again.
    let csv = "customer_id,order_id,order_date,product,amount,coupon
A,1,2024-01-10,【お試し】美容液,980,WELCOME
A,1,2024-01-10,送料,,
A,2,2024-01-24,美容液,4800,
B,3,2024-02-01,【お試し】美容液,980,
B,4,2024-02-01,化粧水,3000, WELCOME
B,5,2024-03-01,美容液,4800,SPRING
C,6,2024-03-05,美容液,4800,
C,7,2024-04-04,美容液,4800,SPRING
";
    let p = AnalysisParams {
        analysis_date: Some("2025-12-31".into()),
        products: ProductParams { min_customers: 1, ..Default::default() },
        ..Default::default()
    };
    let ds = data(csv);
    assert_eq!(
        ds.coupons.as_ref().map(|c| c.names.clone()),
        Some(vec!["WELCOME".into(), "SPRING".into()])
    );
    let v = analyze(&ds, &p).unwrap().products.unwrap();
    // key, new customers, 年間LTV, (eligible, F2) within 30 days, median 転換日数, same again.
    type Row<'a> = (&'a str, u64, String, (u64, u64), Option<f64>, u64);
    let rows: Vec<Row<'_>> = v
        .by_coupon
        .iter()
        .map(|r| {
            let ltv = r.annual_ltv.map(|m| m.normalize().to_string()).unwrap_or_default();
            let w = (r.windows[0].eligible, r.windows[0].f2_customers);
            (r.key.as_str(), r.customers, ltv, w, r.median_days_to_second, r.same_again_customers)
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            ("WELCOME", 2, "7280".into(), (2, 2), Some(21.5), 0),
            ("", 1, "9600".into(), (1, 0), Some(30.0), 1),
        ]
    );
    // Without a coupon column there is no such table.
    let plain = data(SHOP);
    assert!(plain.coupons.is_none());
    assert!(analyze(&plain, &params(FirstProductRule::AllLines, 1))
        .unwrap()
        .products
        .unwrap()
        .by_coupon
        .is_empty());
}
