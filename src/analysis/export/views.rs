//! The tables of the 通販 views (月次推移, 回数別, 転換日数, 引き上げ率, 回収期間) as CSV files.
//!
//! Each table is built as rows of cells: a [`Cell::Text`] goes through [`super::text`] (neutralised
//! against formulas, quoted when needed), a [`Cell::Num`] is a number this code wrote from an exact
//! value (money as a plain decimal, rates as fractions with 4 decimals, an empty cell for "none").

use super::{encoded, text, ExportEncoding, ExportFile, ExportLabels};
use crate::analysis::payback::Payback;
use crate::analysis::ViewTables as Analysis;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Which table of the views to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, strum::EnumIter)]
#[serde(rename_all = "camelCase")]
pub enum ViewTable {
    /// 月次推移: one row a month.
    #[default]
    Monthly,
    /// 回数別: one row a step of every ladder (everyone, by month, channel and first product).
    Ladder,
    /// 転換日数: one row a bin of days from the first to the second purchase day.
    DaysToSecond,
    /// 引き上げ率: one row a window (empty without trial customers).
    Upgrade,
}

/// What to export of the views and how.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ViewExportOptions {
    /// Which table.
    pub table: ViewTable,
    /// File encoding.
    pub encoding: ExportEncoding,
    /// Header text by column id (see each table's `COLUMNS`); ids not given are written as is.
    pub labels: ExportLabels,
    /// Words for the codes written in cells, by code (回数別's splits: `all`, `month`,
    /// `channel`, `product`; `11` for 11回以上); codes not given are written as is.
    pub names: BTreeMap<String, String>,
}

/// One cell.
pub(super) enum Cell {
    /// Text from the data or the page's words: neutralised and quoted.
    Text(String),
    /// A number written here from an exact value.
    Num(String),
}

fn num(v: impl ToString) -> Cell {
    Cell::Num(v.to_string())
}

fn money(v: Decimal) -> Cell {
    Cell::Num(v.normalize().to_string())
}

fn rate(v: Option<f64>) -> Cell {
    Cell::Num(v.map(|v| format!("{v:.4}")).unwrap_or_default())
}

/// The column ids of 月次推移's CSV.
pub const MONTHLY_COLUMNS: [&str; 14] = [
    "month",
    "newRevenue",
    "existingRevenue",
    "revenue",
    "newOrders",
    "existingOrders",
    "orders",
    "newCustomers",
    "existingCustomers",
    "customers",
    "revenueYoy",
    "ordersYoy",
    "customersYoy",
    "newCustomersYoy",
];

fn monthly(a: &Analysis) -> (&'static [&'static str], Vec<Vec<Cell>>) {
    let rows = a
        .monthly
        .months
        .iter()
        .map(|m| {
            vec![
                Cell::Text(m.month.clone()),
                money(m.new_revenue),
                money(m.existing_revenue),
                money(m.revenue),
                num(m.new_orders),
                num(m.existing_orders),
                num(m.orders),
                num(m.new_customers),
                num(m.existing_customers),
                num(m.customers),
                rate(m.revenue_yoy),
                rate(m.orders_yoy),
                rate(m.customers_yoy),
                rate(m.new_customers_yoy),
            ]
        })
        .collect();
    (&MONTHLY_COLUMNS, rows)
}

/// The column ids of 回数別's CSV.
pub const LADDER_COLUMNS: [&str; 13] = [
    "split",
    "key",
    "customers",
    "purchase",
    "reached",
    "reachedShare",
    "stepped",
    "lapsed",
    "pending",
    "returnedLater",
    "stepRate",
    "meanDays",
    "medianDays",
];

fn ladder(
    a: &Analysis,
    names: &BTreeMap<String, String>,
) -> (&'static [&'static str], Vec<Vec<Cell>>) {
    let word = |code: &str| ExportLabels::word(names, code).to_owned();
    let l = &a.ladder;
    let splits = std::iter::once(("all", &l.all))
        .chain(l.by_month.iter().map(|s| ("month", s)))
        .chain(l.by_channel.iter().map(|s| ("channel", s)))
        .chain(l.by_product.iter().map(|s| ("product", s)));
    let mut rows = Vec::new();
    for (split, seg) in splits {
        for r in &seg.rows {
            let purchase = if r.purchase as usize == crate::analysis::ladder::LADDER_ROWS {
                word("11")
            } else {
                r.purchase.to_string()
            };
            rows.push(vec![
                Cell::Text(word(split)),
                Cell::Text(seg.key.clone()),
                num(seg.customers),
                Cell::Text(purchase),
                num(r.reached),
                rate(Some(r.reached_share)),
                num(r.stepped),
                num(r.lapsed),
                num(r.pending),
                num(r.returned_later),
                rate(r.step_rate),
                Cell::Num(r.mean_days.map(|v| format!("{v:.1}")).unwrap_or_default()),
                Cell::Num(r.median_days.map(|v| v.to_string()).unwrap_or_default()),
            ]);
        }
    }
    (&LADDER_COLUMNS, rows)
}

/// The column ids of 転換日数's CSV.
pub const DAYS_TO_SECOND_COLUMNS: [&str; 5] =
    ["from", "to", "customers", "share", "cumulativeShare"];

fn days_to_second(a: &Analysis) -> (&'static [&'static str], Vec<Vec<Cell>>) {
    let rows = a
        .days_to_second
        .bins
        .iter()
        .map(|b| {
            vec![
                num(b.from),
                Cell::Num(b.to.map(|t| t.to_string()).unwrap_or_default()),
                num(b.customers),
                rate(Some(b.share)),
                rate(Some(b.cumulative_share)),
            ]
        })
        .collect();
    (&DAYS_TO_SECOND_COLUMNS, rows)
}

/// The column ids of 引き上げ率's CSV.
pub const UPGRADE_COLUMNS: [&str; 7] = [
    "days",
    "trialCustomers",
    "eligible",
    "upgraded",
    "rate",
    "toSubscription",
    "subscriptionRate",
];

fn upgrade(a: &Analysis) -> (&'static [&'static str], Vec<Vec<Cell>>) {
    let rows = a
        .upgrade
        .iter()
        .flat_map(|u| {
            u.windows.iter().map(|w| {
                vec![
                    num(w.days),
                    num(u.trial_customers),
                    num(w.eligible),
                    num(w.upgraded),
                    rate(w.rate),
                    num(w.to_subscription),
                    rate(w.subscription_rate),
                ]
            })
        })
        .collect();
    (&UPGRADE_COLUMNS, rows)
}

/// Writes one table of the views of `a` as a CSV file (CRLF lines, the header in the page's words).
#[must_use]
pub fn export_view(a: &Analysis, opts: &ViewExportOptions) -> ExportFile {
    let (columns, rows) = match opts.table {
        ViewTable::Monthly => monthly(a),
        ViewTable::Ladder => ladder(a, &opts.names),
        ViewTable::DaysToSecond => days_to_second(a),
        ViewTable::Upgrade => upgrade(a),
    };
    table_csv(columns, &rows, &opts.labels, opts.encoding)
}

/// The column ids of 回収期間's CSV: one row a step of every row of the table (全コホート, each
/// acquisition month, each channel), as the page shows it.
pub const PAYBACK_COLUMNS: [&str; 8] =
    ["split", "key", "customers", "cpa", "days", "value", "forecast", "payback"];

/// What to export of 回収期間 and how.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PaybackExportOptions {
    /// File encoding.
    pub encoding: ExportEncoding,
    /// Header text by column id ([`PAYBACK_COLUMNS`]).
    pub labels: ExportLabels,
    /// Words for the codes written in cells: the splits `all`, `month`, `channel`, the key of the
    /// row of every month together `allCohorts`, and the marks `forecast` (a 予測 value) and
    /// `payback` (the step that reaches the CPA); codes not given are written as is.
    pub names: BTreeMap<String, String>,
}

/// Writes 回収期間 as a CSV file: per row of the table and per step (30, 60, … days), the
/// cumulative gross profit (or revenue) per new customer, observed or 予測 (marked), and the
/// step that pays the CPA back (marked). A step nobody reached yet and no forecast continues has
/// an empty value.
#[must_use]
pub fn export_payback(p: &Payback, opts: &PaybackExportOptions) -> ExportFile {
    let word = |code: &str| ExportLabels::word(&opts.names, code).to_owned();
    let splits = std::iter::once(("all", &p.all))
        .chain(p.months.iter().map(|r| ("month", r)))
        .chain(p.channels.iter().map(|r| ("channel", r)));
    let mut rows = Vec::new();
    for (split, r) in splits {
        let key = if split == "all" { word("allCohorts") } else { r.month.clone() };
        for (j, observed) in r.values.iter().enumerate() {
            let days = (j as u32 + 1) * p.step_days;
            let predicted = r.predicted.get(j).copied().flatten();
            rows.push(vec![
                Cell::Text(word(split)),
                Cell::Text(key.clone()),
                num(r.customers),
                Cell::Num(r.cpa.map(|c| c.normalize().to_string()).unwrap_or_default()),
                num(days),
                predicted.or(*observed).map_or(Cell::Num(String::new()), money),
                Cell::Text(if predicted.is_some() { word("forecast") } else { String::new() }),
                Cell::Text(if r.payback_days == Some(days) {
                    word("payback")
                } else {
                    String::new()
                }),
            ]);
        }
    }
    table_csv(&PAYBACK_COLUMNS, &rows, &opts.labels, opts.encoding)
}

/// The header (in the page's words) and the rows as CSV (CRLF lines).
fn table_csv(
    columns: &[&str],
    rows: &[Vec<Cell>],
    labels: &ExportLabels,
    encoding: ExportEncoding,
) -> ExportFile {
    let mut out = String::with_capacity(128 * (rows.len() + 1));
    for (k, id) in columns.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        text(&mut out, ExportLabels::word(&labels.columns, id));
    }
    out.push_str("\r\n");
    for row in rows {
        for (k, cell) in row.iter().enumerate() {
            if k > 0 {
                out.push(',');
            }
            match cell {
                Cell::Text(s) => text(&mut out, s),
                Cell::Num(s) => out.push_str(s),
            }
        }
        out.push_str("\r\n");
    }
    encoded(out, encoding, rows.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testing::{d, data};
    use crate::analysis::{analyze, AnalysisParams};

    #[test]
    fn the_monthly_csv_has_one_row_a_month_with_exact_money_and_year_on_year_rates() {
        // January 2024: A ¥1,000.50 (新規); January 2025: A ¥2,000 (既存), B ¥500 (新規).
        // 前年同月比: revenue 2,500 ÷ 1,000.50 = 2.4988; customers 2 ÷ 1; new 1 ÷ 1.
        let ds = data(
            "customer_id,order_date,amount\nA,2024-01-05,1000.50\nA,2025-01-06,2000\nB,2025-01-31,500\n",
        );
        let a = analyze(&ds, &AnalysisParams::default()).unwrap();
        let mut opts = ViewExportOptions { encoding: ExportEncoding::Utf8, ..Default::default() };
        opts.labels.columns.insert("month".into(), "月".into());
        let file = export_view(&crate::analysis::ViewTables::of(&a), &opts);
        let text = String::from_utf8(file.bytes).unwrap();
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(file.rows, 13);
        assert_eq!(
            lines[0],
            "月,newRevenue,existingRevenue,revenue,newOrders,existingOrders,orders,newCustomers,\
             existingCustomers,customers,revenueYoy,ordersYoy,customersYoy,newCustomersYoy"
        );
        assert_eq!(lines[1], "2024-01,1000.5,0,1000.5,1,0,1,1,0,1,,,,");
        assert_eq!(lines[2], "2024-02,0,0,0,0,0,0,0,0,0,,,,");
        assert_eq!(lines[13], "2025-01,500,2000,2500,1,1,2,1,1,2,2.4988,2.0000,2.0000,1.0000");
        assert_eq!(lines[14], "");
    }

    #[test]
    fn the_days_to_second_csv_has_every_bin_with_its_shares() {
        // Second purchases after 5 and 40 days: bins 1–7 and 36–42, half each.
        let ds = data(
            "customer_id,order_date,amount\nA,2024-01-01,1\nA,2024-01-06,1\nB,2024-01-01,1\nB,2024-02-10,1\n",
        );
        let a = analyze(&ds, &AnalysisParams::default()).unwrap();
        let opts = ViewExportOptions {
            table: ViewTable::DaysToSecond,
            encoding: ExportEncoding::Utf8,
            ..Default::default()
        };
        let text =
            String::from_utf8(export_view(&crate::analysis::ViewTables::of(&a), &opts).bytes)
                .unwrap();
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(lines[0], "from,to,customers,share,cumulativeShare");
        assert_eq!(lines[1], "1,7,1,0.5000,0.5000");
        assert_eq!(lines[2], "8,14,0,0.0000,0.5000");
        assert_eq!(lines[6], "36,42,1,0.5000,1.0000");
        assert_eq!(lines[28], "366,,0,0.0000,1.0000");
        assert_eq!(lines.len(), 30);
    }

    #[test]
    fn the_upgrade_csv_has_a_row_a_window() {
        // A: trial 01-01, 本品 01-21 (+20), 定期 02-20 (+50); as of 2024-12-31 every window has
        // ended: 本品 or 定期 0 within 14, 1 within 30, 60 and 90 days; 定期 1 within 60 and 90.
        let ds = data("customer_id,order_date,product,amount\nA,2024-01-01,【お試し】茶,500\nA,2024-01-21,茶,2000\nA,2024-02-20,【定期】茶,1800\nB,2024-12-31,茶,2000\n");
        let a = analyze(&ds, &AnalysisParams::default()).unwrap();
        let opts = ViewExportOptions {
            table: ViewTable::Upgrade,
            encoding: ExportEncoding::Utf8,
            ..Default::default()
        };
        let text =
            String::from_utf8(export_view(&crate::analysis::ViewTables::of(&a), &opts).bytes)
                .unwrap();
        assert_eq!(
            text,
            "days,trialCustomers,eligible,upgraded,rate,toSubscription,subscriptionRate\r\n\
             14,1,1,0,0.0000,0,0.0000\r\n30,1,1,1,1.0000,0,0.0000\r\n\
             60,1,1,1,1.0000,1,1.0000\r\n90,1,1,1,1.0000,1,1.0000\r\n"
        );
    }

    #[test]
    fn the_ladder_csv_writes_every_split_with_neutralised_keys() {
        // As of 2024-03-31, 180 days. A (channel "=cmd"): 01-01, 01-31 (+30): stepped at 1, pending
        // at 2. B: 03-01, pending at 1. Everyone at 1: 2 reached, 1 stepped, 1 pending, rate 1.
        let ds = data(
            "customer_id,order_date,amount,channel\nA,2024-01-01,100,=cmd\nA,2024-01-31,100,=cmd\nB,2024-03-31,100,\n",
        );
        let a = analyze(&ds, &AnalysisParams::default()).unwrap();
        let mut opts = ViewExportOptions {
            table: ViewTable::Ladder,
            encoding: ExportEncoding::Utf8,
            ..Default::default()
        };
        opts.names.insert("all".into(), "全体".into());
        opts.names.insert("11".into(), "11回以上".into());
        let text =
            String::from_utf8(export_view(&crate::analysis::ViewTables::of(&a), &opts).bytes)
                .unwrap();
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(
            lines[0],
            "split,key,customers,purchase,reached,reachedShare,stepped,lapsed,pending,\
             returnedLater,stepRate,meanDays,medianDays"
        );
        assert_eq!(lines[1], "全体,,2,1,2,1.0000,1,0,1,0,1.0000,30.0,30");
        assert_eq!(lines[2], "全体,,2,2,1,0.5000,0,0,1,0,,,");
        assert_eq!(lines[11], "全体,,2,11回以上,0,0.0000,0,0,0,0,,,");
        // Months 2024-01 (A) and 2024-03 (B), 11 rows each; then the channel, neutralised.
        assert_eq!(lines[12], "month,2024-01,1,1,1,1.0000,1,0,0,0,1.0000,30.0,30");
        assert_eq!(lines[34], "channel,'=cmd,1,1,1,1.0000,1,0,0,0,1.0000,30.0,30");
        assert_eq!(lines.len(), 3 * 11 + 1 + 11 + 1);
    }

    #[test]
    fn the_payback_csv_has_a_row_a_step_of_every_row_with_the_payback_step_marked() {
        // payback.rs's channel shop, as of 2024-03-31, 粗利率 50 %, CPA 2,000 (Instagram 500):
        // web (A; Z's first day is the analysis date) 30 days 1,500, 60 days 2,500: paid back at
        // 60; the channel named "=cmd" (B) 30 days 500 ≥ 500: paid back at 30, 60 days 500, 90
        // days open (B's window ends 04-13). 全コホート: 4 new customers; at 30 days the 3 whose
        // window has ended (A, B, C): (3000 + 1000 + 100) × 50 % ÷ 3 = 683.33…
        let csv = "customer_id,order_date,amount,channel\nA,2024-01-01,3000,web\n\
                   A,2024-02-05,2000,web\nB,2024-01-15,1000,=cmd\nB,2024-03-20,4000,=cmd\n\
                   C,2024-01-02,100,\nZ,2024-03-31,100,web\n";
        let mut p = AnalysisParams {
            gross_margin_percent: Some(d("50")),
            acquisition_cost: Some(d("2000")),
            ..Default::default()
        };
        p.channel_cpa.insert("=cmd".into(), d("500"));
        let pb = analyze(&data(csv), &p).unwrap().payback;
        let names: BTreeMap<String, String> = [("allCohorts", "全コホート"), ("payback", "回収")]
            .map(|(k, v)| (k.into(), v.into()))
            .into();
        let opts =
            PaybackExportOptions { encoding: ExportEncoding::Utf8, names, ..Default::default() };
        let file = export_payback(&pb, &opts);
        let text = String::from_utf8(file.bytes).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "split,key,customers,cpa,days,value,forecast,payback");
        assert_eq!(lines[1], "all,全コホート,4,2000,30,683.33,,");
        // Rows: 全体, 2024-01, 2024-03, web, =cmd; 24 steps each.
        assert_eq!((file.rows, lines.len()), (5 * 24, 5 * 24 + 1));
        let web = 1 + 3 * 24;
        assert_eq!(
            &lines[web..web + 3],
            [
                "channel,web,2,2000,30,1500,,",
                "channel,web,2,2000,60,2500,,回収",
                "channel,web,2,2000,90,2500,,"
            ]
        );
        let cmd = 1 + 4 * 24;
        assert_eq!(
            &lines[cmd..cmd + 3],
            [
                "channel,'=cmd,1,500,30,500,,回収",
                "channel,'=cmd,1,500,60,500,,",
                "channel,'=cmd,1,500,90,,,"
            ]
        );
    }
}
