//! Unit tests of the customer table: sorts, search, filters, forecast columns, statuses, profit.

use super::*;
use crate::analysis::testing::{d, data};

const SHOP: &str = "customer_id,order_date,amount,email
K1,2024-01-01,5000,Sato@Example.com
K2,2024-02-01,7000,ito@example.jp
K3,2024-03-01,5000,
K2,2024-03-01,1000,ito@example.jp
K4,2024-03-05,-200,
K4,2024-03-05,300,
";

fn keys(p: &TablePage) -> Vec<&str> {
    p.rows.iter().map(|r| r.customer.key.as_str()).collect()
}

#[test]
fn pages_sort_by_any_column_with_ties_in_file_order() {
    let ds = data(SHOP);
    let t = CustomerTable::build(&ds, &AnalysisParams::default()).unwrap();
    let q = |sort, ascending| TableQuery {
        filter: CustomerFilter { sort, ascending, ..Default::default() },
        ..Default::default()
    };
    // Revenue: K2 8,000, K1 5,000 = K3 5,000 (file order), K4 100 (300 − 200 refund).
    assert_eq!(keys(&t.page(&ds, &q(SortColumn::Revenue, false))), ["K2", "K1", "K3", "K4"]);
    assert_eq!(keys(&t.page(&ds, &q(SortColumn::Revenue, true))), ["K4", "K1", "K3", "K2"]);
    assert_eq!(keys(&t.page(&ds, &q(SortColumn::Key, false))), ["K4", "K3", "K2", "K1"]);
    assert_eq!(keys(&t.page(&ds, &q(SortColumn::Recency, true))), ["K4", "K2", "K3", "K1"]);
    assert_eq!(keys(&t.page(&ds, &q(SortColumn::PurchaseDays, false)))[0], "K2");
    let page = t.page(&ds, &TableQuery { offset: 1, limit: 2, ..q(SortColumn::Revenue, false) });
    assert_eq!((page.total, page.offset, keys(&page)), (4, 1, vec!["K1", "K3"]));
    let k2 = &t.page(&ds, &q(SortColumn::Revenue, false)).rows[0];
    assert_eq!(
        (k2.customer.orders, k2.customer.purchase_days, k2.customer.revenue),
        (2, 2, d("8000"))
    );
    assert_eq!(
        (k2.customer.first_day.as_str(), k2.customer.last_day.as_str(), k2.recency_days),
        ("2024-02-01", "2024-03-01", 4)
    );
    assert_eq!(k2.customer.email.as_deref(), Some("ito@example.jp"));
    assert_eq!(k2.annual_revenue, None); // not a year old
    assert!(t.page(&ds, &TableQuery { offset: 9, ..Default::default() }).rows.is_empty());
}

#[test]
fn search_matches_key_or_email_ignoring_ascii_case_and_filters_combine() {
    let ds = data(SHOP);
    let t = CustomerTable::build(&ds, &AnalysisParams::default()).unwrap();
    let search = |s: &str| {
        let filter = CustomerFilter { search: s.into(), ..Default::default() };
        keys(&t.page(&ds, &TableQuery { filter, ..Default::default() })).join(",")
    };
    assert_eq!(search("SATO@"), "K1");
    assert_eq!(search("example"), "K2,K1");
    assert_eq!(search(" k3 "), "K3");
    assert_eq!(search("nobody"), "");
    // All four bought within 60 days: R 4–5; K2 has 2 days → 育成中, the others 新規/育成中.
    let segs: Vec<Segment> = t.segment.clone();
    let filter = CustomerFilter { segments: vec![segs[1]], ..Default::default() };
    assert!(keys(&t.page(&ds, &TableQuery { filter, ..Default::default() })).contains(&"K2"));
    let filter = CustomerFilter {
        cpm_groups: vec![CpmGroup::EarlyActive],
        search: "k".into(),
        ..Default::default()
    };
    assert_eq!(keys(&t.page(&ds, &TableQuery { filter, ..Default::default() })), ["K2"]);
}

/// A forecast of SHOP's four customers (dataset order K1, K2, K3, K4) with these CLVs.
fn forecasts(clv: &[f64], clv_range: Vec<[f64; 2]>) -> CustomerForecasts {
    CustomerForecasts {
        p_alive: vec![0.9, 0.2, 0.3, 0.1],
        expected_purchases: vec![2.0, 0.5, 1.0, 0.1],
        expected_spend: vec![1.0; 4],
        clv: clv.to_vec(),
        clv_range,
    }
}

#[test]
fn a_forecasts_clv_ranges_reach_each_row_as_money_and_are_absent_without_one() {
    let ds = data(SHOP);
    let mut t = CustomerTable::build(&ds, &AnalysisParams::default()).unwrap();
    let clv = [9000.0, 1200.5, 3000.0, 50.0];
    let range = vec![[8000.004, 10000.0051], [1000.0, 1400.125], [2500.0, 3500.0], [40.0, 60.0]];
    t.attach_predictions(&forecasts(&clv, range), 0.5);
    let by_clv = CustomerFilter { sort: SortColumn::PredictedClv, ..Default::default() };
    let page = t.page(&ds, &TableQuery { filter: by_clv.clone(), ..Default::default() });
    let got: Vec<_> =
        page.rows.iter().map(|r| (r.predicted_clv_low, r.predicted_clv_high)).collect();
    let want = [("8000", "10000.01"), ("2500", "3500"), ("1000", "1400.13"), ("40", "60")];
    let want: Vec<_> = want.iter().map(|(lo, hi)| (Some(d(lo)), Some(d(hi)))).collect();
    assert_eq!(got, want);
    t.attach_predictions(&forecasts(&clv, Vec::new()), 0.5);
    let page = t.page(&ds, &TableQuery { filter: by_clv, ..Default::default() });
    assert!(page.rows.iter().all(|r| r.predicted_clv.is_some()
        && r.predicted_clv_low.is_none()
        && r.predicted_clv_high.is_none()));
}

#[test]
fn a_forecast_adds_columns_sorts_and_lists_valuable_customers_probably_lost() {
    let ds = data(SHOP);
    let mut t = CustomerTable::build(&ds, &AnalysisParams::default()).unwrap();
    // Dataset order K1, K2, K3, K4. Top fifth of 4 customers by revenue: 1 (K2, 8,000).
    t.attach_predictions(&forecasts(&[9000.0, 1200.5, 3000.0, 50.0], Vec::new()), 0.5);
    let q = |filter| TableQuery { filter, ..Default::default() };
    let lost = t.page(&ds, &q(CustomerFilter { probably_lost: true, ..Default::default() }));
    assert_eq!(keys(&lost), ["K2"]); // K3 and K4 are unlikely alive but not valuable
    let by_clv = CustomerFilter { sort: SortColumn::PredictedClv, ..Default::default() };
    let page = t.page(&ds, &q(by_clv));
    assert_eq!(keys(&page), ["K1", "K3", "K2", "K4"]);
    let k2 = &page.rows[2];
    assert_eq!(
        (k2.p_alive, k2.predicted_clv, k2.probably_lost),
        (Some(0.2f32 as f64), Some(d("1200.5")), true)
    );
    let by_alive =
        CustomerFilter { sort: SortColumn::PAlive, ascending: true, ..Default::default() };
    assert_eq!(keys(&t.page(&ds, &q(by_alive))), ["K4", "K2", "K3", "K1"]);
}

#[test]
fn rows_carry_their_status_which_the_forecast_refines_and_filters_and_sorts_follow() {
    use crate::analysis::status::{ActionList, Status};
    let ds = data(SHOP);
    let mut t = CustomerTable::build(&ds, &AnalysisParams::default()).unwrap();
    // As of 03-05. K2's one gap (29 days) is the shop's gap and 転換日数: every interval is the
    // 30-day floor. K1 bought once 64 days ago (> 45): 離反しかけ; K2 4 days ago: 現役; K3
    // and K4 (a refund and an order the same day: one purchase day) are new.
    let status = |t: &CustomerTable, s: Vec<Status>| {
        let filter = CustomerFilter {
            statuses: s,
            sort: SortColumn::Key,
            ascending: true,
            ..Default::default()
        };
        keys(&t.page(&ds, &TableQuery { filter, ..Default::default() })).join(",")
    };
    assert_eq!(status(&t, vec![Status::Slipping]), "K1");
    assert_eq!(status(&t, vec![Status::Active]), "K2");
    assert_eq!(status(&t, vec![Status::New]), "K3,K4");
    let row = t.page(&ds, &TableQuery::default()).rows.into_iter().find(|r| r.customer.key == "K2");
    assert_eq!(row.map(|r| (r.status, r.interval_days)), Some((Status::Active, 30)));
    // P(alive) K1 0.9, K2 0.2, K3 0.3, K4 0.1: only K2 bought on 2 days, and 0.2 < 0.5.
    t.attach_predictions(&forecasts(&[1.0; 4], Vec::new()), 0.5);
    assert_eq!(status(&t, vec![Status::Slipping]), "K1,K2");
    assert_eq!(status(&t, vec![Status::New]), "K3,K4");
    // K2 (8,000) is the valuable one: now on the win-back list.
    let list = CustomerFilter { action_list: Some(ActionList::WinBack), ..Default::default() };
    assert_eq!(keys(&t.page(&ds, &TableQuery { filter: list, ..Default::default() })), ["K2"]);
    let by_status =
        CustomerFilter { sort: SortColumn::Status, ascending: true, ..Default::default() };
    assert_eq!(
        keys(&t.page(&ds, &TableQuery { filter: by_status, ..Default::default() })),
        ["K3", "K4", "K1", "K2"]
    );
    t.clear_predictions();
    assert_eq!(status(&t, vec![Status::Active]), "K2");
}

#[test]
fn rows_carry_gross_profit_on_the_margin_basis_and_annual_revenue_once_the_year_is_over() {
    let csv =
        "customer_id,order_date,amount\nA,2023-01-01,1000\nA,2023-12-31,500\nA,2024-01-01,700\n";
    let ds = data(csv);
    let p = AnalysisParams { gross_margin_percent: Some(d("35")), ..Default::default() };
    let t = CustomerTable::build(&ds, &p).unwrap();
    let row = t.row(&ds, 0).unwrap();
    // 2,200 × 35 % = 770; the first year (days 0..364) holds 1,000 + 500 (2024-01-01 is day 365).
    assert_eq!(
        (row.customer.revenue, row.gross_profit, row.annual_revenue),
        (d("2200"), Some(d("770")), Some(d("1500")))
    );
    assert_eq!(t.row(&ds, 1), None);
}
