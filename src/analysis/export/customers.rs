//! The customer list as a CSV file.
//!
//! Columns: customer key, e-mail (only when the file has e-mails), first and last order day,
//! orders, purchase days, revenue, gross profit (only when known), revenue in the first 365 days
//! (empty until that year is over), days since the last order, status (現役 / 新規 / 離反しかけ /
//! 休眠) and the usual interval it is measured against, R, F, M, RFM segment, CPM group;
//! once a forecast is attached, P(alive), expected purchases, predicted CLV, the low and high
//! ends of its 80 % interval (only when the forecast has intervals) and the probably-lost flag.

use super::{
    encoded, push_customer, push_day, push_money, push_uint, text, ExportEncoding, ExportFile,
    ExportLabels,
};
use crate::analysis::customers::{CustomerFilter, CustomerTable};
use crate::analysis::facts::Fixed;
use crate::dataset::Dataset;
use crate::money::MONEY_ROUNDING;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt::Write;

/// What to export and how.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ExportOptions {
    /// Which customers, in which order.
    #[serde(flatten)]
    pub filter: CustomerFilter,
    /// File encoding.
    pub encoding: ExportEncoding,
    /// Header and names, in the page's language.
    pub labels: ExportLabels,
}

/// Every column an export can have, in order.
pub const COLUMNS: [&str; 27] = [
    "key",
    "email",
    "name",
    "postalCode",
    "address",
    "phone",
    "firstDay",
    "lastDay",
    "orders",
    "purchaseDays",
    "revenue",
    "grossProfit",
    "annualRevenue",
    "recencyDays",
    "status",
    "intervalDays",
    "r",
    "f",
    "m",
    "segment",
    "cpm",
    "pAlive",
    "expectedPurchases",
    "predictedClv",
    "predictedClvLow",
    "predictedClvHigh",
    "probablyLost",
];

/// The column ids of an export, in order. `forecast`: none, without or with the CLV intervals.
fn columns(
    email: bool,
    contacts: [bool; 4],
    profit: bool,
    forecast: Option<bool>,
) -> Vec<&'static str> {
    let mut c = vec!["key"];
    if email {
        c.push("email");
    }
    for (has, id) in contacts.into_iter().zip(["name", "postalCode", "address", "phone"]) {
        if has {
            c.push(id);
        }
    }
    c.extend(["firstDay", "lastDay", "orders", "purchaseDays", "revenue"]);
    if profit {
        c.push("grossProfit");
    }
    c.extend(["annualRevenue", "recencyDays", "status", "intervalDays", "r", "f", "m"]);
    c.extend(["segment", "cpm"]);
    if let Some(range) = forecast {
        c.extend(["pAlive", "expectedPurchases", "predictedClv"]);
        if range {
            c.extend(["predictedClvLow", "predictedClvHigh"]);
        }
        c.push("probablyLost");
    }
    c
}

/// Writes the customers passing the filter as a CSV file.
///
/// ```
/// use ltv::analysis::{customers::CustomerTable, export::{export_customers, ExportOptions}, AnalysisParams};
/// use ltv::import::{import_bytes, ImportOptions};
/// let csv = "customer_id,order_date,amount\nA,2024-01-05,1000\n";
/// let data = import_bytes(csv.as_bytes(), &ImportOptions::default()).unwrap().dataset;
/// let table = CustomerTable::build(&data, &AnalysisParams::default()).unwrap();
/// let file = export_customers(&data, &table, &ExportOptions::default());
/// assert!(file.bytes.starts_with(b"\xEF\xBB\xBF")); // UTF-8 BOM
/// assert_eq!(file.rows, 1);
/// ```
#[must_use]
pub fn export_customers(ds: &Dataset, t: &CustomerTable, opts: &ExportOptions) -> ExportFile {
    let rows = t.select(ds, &opts.filter);
    let b = t.facts();
    let email = rows.iter().any(|&i| ds.email(b.ids[i as usize] as usize).is_some());
    let profit = b.profit_basis() != crate::analysis::ProfitBasis::None;
    let contacts = ds.has_contacts();
    let labels = &opts.labels;
    let mut out = String::with_capacity(128 * (rows.len() + 1));
    let forecast = t.predictions.as_ref();
    let kinds = forecast.map(|p| p.has_range());
    for (k, id) in columns(email, contacts, profit, kinds).into_iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        text(&mut out, ExportLabels::word(&labels.columns, id));
    }
    out.push_str("\r\n");
    for &i in &rows {
        // Written straight from the table's arrays: no row struct, no allocation per row for
        // ASCII keys.
        let i = i as usize;
        let c = b.ids[i] as usize;
        push_customer(&mut out, ds, c, email, contacts);
        // Numbers and ISO dates: written as they are (a negative amount stays a number).
        out.push(',');
        push_day(&mut out, b.first[i]);
        out.push(',');
        push_day(&mut out, b.last[i]);
        for v in [b.orders[i], b.days[i]] {
            out.push(',');
            push_uint(&mut out, u128::from(v));
        }
        out.push(',');
        push_money(&mut out, b.scale, Fixed::from(b.revenue[i]));
        if b.profit.is_some() {
            out.push(',');
            push_money(&mut out, b.scale, b.file_profit(i));
        } else if let Some(g) = b.gross_profit(i) {
            let _ = write!(out, ",{g}");
        }
        out.push(',');
        if b.year_complete(i) {
            push_money(&mut out, b.scale, Fixed::from(b.year_revenue[i]));
        }
        out.push(',');
        push_uint(&mut out, u128::from(b.recency(i)));
        out.push(',');
        text(&mut out, ExportLabels::word(&labels.statuses, t.status(i).into()));
        out.push(',');
        push_uint(&mut out, u128::from(t.rhythms.interval[i]));
        for score in [t.scores.r[i], t.scores.f[i], t.scores.m[i]] {
            out.push(',');
            out.push(char::from(b'0' + score));
        }
        out.push(',');
        let (segment, cpm) = (t.segment[i], t.cpm[i]);
        text(&mut out, ExportLabels::word(&labels.segments, segment.into()));
        out.push(',');
        text(&mut out, ExportLabels::word(&labels.cpm_groups, cpm.into()));
        if let Some(p) = forecast {
            let (alive, purchases, clv, lost) = p.get(i);
            // Rounded as the table pages round them, so the file and the page agree.
            let money = |v: f64| {
                let d = Decimal::from_f64_retain(v).unwrap_or_default();
                d.round_dp_with_strategy(2, MONEY_ROUNDING).normalize()
            };
            let _ = write!(out, ",{alive:.3},{purchases:.2},{}", money(clv));
            if let Some([low, high]) = p.range(i) {
                let _ = write!(out, ",{},{}", money(low), money(high));
            }
            let _ = write!(out, ",{}", u8::from(lost));
        }
        out.push_str("\r\n");
    }
    encoded(out, opts.encoding, rows.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rfm::Segment;
    use crate::analysis::testing::data;
    use crate::analysis::AnalysisParams;
    use std::collections::BTreeMap;

    /// Keys and e-mails a spreadsheet would run, a quoted comma, and a refund larger than the
    /// order (revenue −500). Analysis date 2024-03-01.
    const SHOP: &str = "customer_id,order_date,amount,email
=SUM(A1),2024-03-01,1000,\"a,b@example.com\"
@x,2024-02-01,500,plain@example.com
-5,2024-02-01,500,\"say \"\"hi\"\"\"
+81,2024-02-01,500,
-5,2024-02-10,-1000,
";

    fn export(opts: &ExportOptions) -> ExportFile {
        let ds = data(SHOP);
        let t = CustomerTable::build(&ds, &AnalysisParams::default()).unwrap();
        export_customers(&ds, &t, opts)
    }

    #[test]
    fn utf8_export_has_bom_crlf_quoting_and_neutralised_text_but_real_negative_numbers() {
        let opts = ExportOptions {
            filter: CustomerFilter {
                sort: crate::analysis::customers::SortColumn::Key,
                ascending: true,
                ..Default::default()
            },
            labels: ja(),
            ..Default::default()
        };
        let f = export(&opts);
        assert_eq!(f.rows, 4);
        assert!(f.bytes.starts_with(b"\xEF\xBB\xBF"));
        let text = std::str::from_utf8(&f.bytes[3..]).unwrap();
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(
            lines,
            vec![
                "顧客ID,メールアドレス,初回購入日,最終購入日,注文回数,購入日数,累計購入金額,初回から365日の購入金額,最終購入からの日数,状態,いつもの購入間隔(日),R,F,M,RFMセグメント,CPM分類",
                // Key order: "+81" < "-5" < "=SUM(A1)" < "@x". Nobody came back: the usual
                // interval is the 30-day floor, and 29 days ≤ 45 is 新規.
                "'+81,,2024-02-01,2024-02-01,1,1,500,,29,新規,30,5,1,1,新規顧客,初回現役客",
                // -5: a 500 order and a 1,000 refund: revenue −500 stays a plain number.
                "'-5,\"say \"\"hi\"\"\",2024-02-01,2024-02-01,1,1,-500,,29,新規,30,5,1,1,新規顧客,初回現役客",
                "'=SUM(A1),\"a,b@example.com\",2024-03-01,2024-03-01,1,1,1000,,0,新規,30,5,1,1,新規顧客,初回現役客",
                "'@x,plain@example.com,2024-02-01,2024-02-01,1,1,500,,29,新規,30,5,1,1,新規顧客,初回現役客",
                "",
            ]
        );
        assert!(text.ends_with("\r\n") && !text.replace("\r\n", "").contains('\n'));
    }

    #[test]
    fn hostile_keys_are_written_with_a_leading_quote_in_utf8_and_shift_jis() {
        let ds = data(
            "customer_id,order_date,amount\n\"＝HYPERLINK(\"\"x\"\")\",2024-01-05,100\n\
             \u{3000}=1+1,2024-01-06,200\n",
        );
        let t = CustomerTable::build(&ds, &AnalysisParams::default()).unwrap();
        let by_key = CustomerFilter {
            sort: crate::analysis::customers::SortColumn::Key,
            ascending: true,
            ..Default::default()
        };
        let utf8 = ExportOptions { filter: by_key.clone(), labels: ja(), ..Default::default() };
        let f = export_customers(&ds, &t, &utf8);
        let text = std::str::from_utf8(&f.bytes[3..]).unwrap();
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert!(lines[1].starts_with("'\u{3000}=1+1,2024-01-06,"), "{}", lines[1]);
        assert!(lines[2].starts_with("\"'＝HYPERLINK(\"\"x\"\")\",2024-01-05,"), "{}", lines[2]);
        let sjis =
            ExportOptions { filter: by_key, labels: ja(), encoding: ExportEncoding::ShiftJis };
        let f = export_customers(&ds, &t, &sjis);
        let (text, _, _) = encoding_rs::SHIFT_JIS.decode(&f.bytes);
        assert!(
            text.contains("\r\n'\u{3000}=1+1,") && text.contains("\r\n\"'＝HYPERLINK("),
            "{text}"
        );
    }

    /// The page's Japanese words for the columns and names these tests meet.
    fn ja() -> ExportLabels {
        let map = |pairs: &[(&str, &str)]| {
            pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<BTreeMap<_, _>>()
        };
        ExportLabels {
            columns: map(&[
                ("key", "顧客ID"),
                ("email", "メールアドレス"),
                ("firstDay", "初回購入日"),
                ("lastDay", "最終購入日"),
                ("orders", "注文回数"),
                ("purchaseDays", "購入日数"),
                ("revenue", "累計購入金額"),
                ("annualRevenue", "初回から365日の購入金額"),
                ("recencyDays", "最終購入からの日数"),
                ("status", "状態"),
                ("intervalDays", "いつもの購入間隔(日)"),
                ("r", "R"),
                ("f", "F"),
                ("m", "M"),
                ("segment", "RFMセグメント"),
                ("cpm", "CPM分類"),
            ]),
            segments: map(&[("new", "新規顧客")]),
            cpm_groups: map(&[("firstActive", "初回現役客")]),
            statuses: map(&[("new", "新規")]),
            kinds: BTreeMap::new(),
        }
    }

    #[test]
    fn shift_jis_export_writes_cp932_bytes_and_ids_and_codes_without_labels() {
        let f = export(&ExportOptions {
            encoding: ExportEncoding::ShiftJis,
            labels: ja(),
            ..Default::default()
        });
        // 顧客ID in CP932: 顧 8C DA, 客 8B 71, then ASCII; no BOM.
        assert!(f.bytes.starts_with(&[0x8C, 0xDA, 0x8B, 0x71, b'I', b'D', b',']));
        // 新規顧客 (新 90 56, 規 8B 4B, 顧客) appears in the rows.
        assert!(f.bytes.windows(8).any(|w| w == [0x90, 0x56, 0x8B, 0x4B, 0x8C, 0xDA, 0x8B, 0x71]));
        assert_eq!(f.unmappable, 0);
        let plain = export(&ExportOptions { encoding: ExportEncoding::Utf8, ..Default::default() });
        let text = String::from_utf8(plain.bytes).unwrap();
        assert!(text.starts_with("key,email,firstDay,lastDay,orders,"));
        assert!(text.contains(",29,new,30,5,1,1,new,firstActive\r\n"));
    }

    #[test]
    fn every_column_is_listed_in_its_order() {
        assert_eq!(columns(true, [true; 4], true, Some(true)), COLUMNS);
    }

    #[test]
    fn a_list_of_this_weeks_actions_exports_its_customers_with_their_status() {
        use crate::analysis::status::{ActionList, Status};
        // As of 2024-03-01 every customer is new; the second-purchase list holds those at 15
        // days or more (half the 30-day interval): all but =SUM(A1), who bought that day.
        let list = |l| ExportOptions {
            filter: CustomerFilter { action_list: Some(l), ..Default::default() },
            encoding: ExportEncoding::Utf8,
            ..Default::default()
        };
        let f = export(&list(ActionList::SecondPurchase));
        assert_eq!(f.rows, 3);
        assert!(!String::from_utf8(f.bytes).unwrap().contains("=SUM"));
        assert_eq!(export(&list(ActionList::WinBack)).rows, 0);
        let new = ExportOptions {
            filter: CustomerFilter { statuses: vec![Status::New], ..Default::default() },
            ..Default::default()
        };
        assert_eq!(export(&new).rows, 4);
    }

    #[test]
    fn a_segment_filter_exports_only_that_segment() {
        let opts = ExportOptions {
            filter: CustomerFilter { segments: vec![Segment::Champions], ..Default::default() },
            ..Default::default()
        };
        let f = export(&opts);
        assert_eq!(f.rows, 0);
        assert_eq!(f.bytes.iter().filter(|&&b| b == b'\n').count(), 1); // the header only
    }
}
