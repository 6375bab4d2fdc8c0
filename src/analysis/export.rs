//! CSV export of customer lists (a segment, a CPM group, a search, or all), for Excel and mailing
//! tools.
//!
//! * **Encoding**: UTF-8 with BOM by default (Excel opens it correctly); plain UTF-8; or
//!   Shift_JIS (CP932, the WHATWG table browsers use) for older Japanese tools — characters it
//!   cannot hold become `?` and are counted in [`ExportFile::unmappable`].
//! * **Lines** end in CRLF, the last one too. Headers and names are the page's words
//!   ([`ExportLabels`]): the core knows only column ids and codes.
//! * **Quoting**: a field containing `,` `"` CR or LF is quoted, with `"` doubled.
//! * **Formula injection**: a *text* cell (customer key, e-mail, segment names) starting with `=`,
//!   `+`, `-`, `@`, TAB or CR is prefixed with `'`, so a spreadsheet shows it instead of running
//!   it. Numeric columns are written by this code from exact numbers and are never prefixed: a
//!   refund-heavy customer's `-500` stays a number.
//!
//! Columns: customer key, e-mail (only when the file has e-mails), first and last order day,
//! orders, purchase days, revenue, gross profit (only when known), revenue in the first 365 days
//! (empty until that year is over), days since the last order, status (現役 / 新規 / 離反しかけ /
//! 休眠) and the usual interval it is measured against, R, F, M, RFM segment, CPM group;
//! once a forecast is attached, P(alive), expected purchases, predicted CLV, the low and high
//! ends of its 80 % interval (only when the forecast has intervals) and the probably-lost flag.

use super::customers::{CustomerFilter, CustomerTable};
use super::facts::Fixed;
use crate::dataset::Dataset;
use crate::date::{civil_from_days, Day};
use crate::encoding::sjis::ShiftJisEncoder;
use crate::money::MONEY_ROUNDING;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write;

/// The bytes of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, strum::EnumIter)]
#[serde(rename_all = "camelCase")]
pub enum ExportEncoding {
    /// UTF-8 with a byte-order mark (the default: Excel reads Japanese correctly).
    #[default]
    Utf8Bom,
    /// UTF-8 without BOM.
    Utf8,
    /// Shift_JIS (CP932).
    ShiftJis,
}

/// The words of the file, in the page's language: column headers by column id (`key`, `email`,
/// `name`, `postalCode`, `address`, `phone`, `firstDay`, `lastDay`, `orders`, `purchaseDays`,
/// `revenue`, `grossProfit`, `annualRevenue`, `recencyDays`, `status`, `intervalDays`, `r`, `f`,
/// `m`, `segment`, `cpm`,
/// `pAlive`, `expectedPurchases`, `predictedClv`, `predictedClvLow`, `predictedClvHigh`,
/// `probablyLost`), and the names of segments, CPM groups and statuses by code. What is not given
/// is written as its id or code.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ExportLabels {
    /// Header text by column id.
    pub columns: BTreeMap<String, String>,
    /// Segment name by code (`champions`, …).
    pub segments: BTreeMap<String, String>,
    /// CPM group name by code (`bestActive`, …).
    pub cpm_groups: BTreeMap<String, String>,
    /// Status name by code (`active`, …).
    pub statuses: BTreeMap<String, String>,
    /// 区分 name by code (`trial`, `main`, `subscription`, `excluded`).
    pub kinds: BTreeMap<String, String>,
}

impl ExportLabels {
    fn word<'a>(map: &'a BTreeMap<String, String>, code: &'a str) -> &'a str {
        map.get(code).map_or(code, String::as_str)
    }
}

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

/// An exported file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFile {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Customer rows written (the header not counted).
    pub rows: usize,
    /// Characters Shift_JIS could not hold, written as `?`.
    pub unmappable: usize,
}

/// Characters a spreadsheet skips, or a reader does not see, before a cell's first visible one:
/// white space (NBSP, U+3000, VT, …), controls, and format characters (BOM, zero-width, bidi).
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// Whether a spreadsheet could run the cell as a formula: it starts with `=` `+` `-` `@`, a tab
/// or a line break, also after invisible characters and in a form NFKC folds to those signs
/// (full-width `＝＋－＠`, small `﹦﹢﹣﹫`, super- and subscript `⁼⁺⁻₌₊₋`), as OWASP's
/// CSV-injection guidance reads the cell (normalised and trimmed).
fn runs_as_formula(s: &str) -> bool {
    if matches!(s.chars().next(), Some('\t' | '\r' | '\n')) {
        return true;
    }
    matches!(
        s.chars().find(|c| !is_invisible(*c)),
        Some(
            '=' | '+'
                | '-'
                | '@'
                | '＝'
                | '＋'
                | '－'
                | '＠'
                | '﹦'
                | '﹢'
                | '﹣'
                | '﹫'
                | '⁼'
                | '⁺'
                | '⁻'
                | '₌'
                | '₊'
                | '₋'
        )
    )
}

/// Appends a text cell: neutralised against formulas (a leading `'`), quoted when needed.
fn text(out: &mut String, s: &str) {
    let risky = runs_as_formula(s);
    let quote = s.contains([',', '"', '\r', '\n']);
    if quote {
        out.push('"');
    }
    if risky {
        out.push('\'');
    }
    if quote {
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
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

/// Appends an unsigned integer (faster than `write!` for a million cells).
fn push_uint(out: &mut String, mut v: u128) {
    let mut buf = [0u8; 40];
    let mut k = buf.len();
    loop {
        k -= 1;
        buf[k] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend(buf[k..].iter().map(|&d| char::from(d)));
}

/// Appends an ISO day.
fn push_day(out: &mut String, day: Day) {
    let (y, m, d) = civil_from_days(day);
    let digits = |out: &mut String, v: u32, width: usize| {
        for p in (0..width).rev() {
            out.push(char::from(b'0' + (v / 10u32.pow(p as u32) % 10) as u8));
        }
    };
    digits(out, y.max(0) as u32, 4);
    out.push('-');
    digits(out, m, 2);
    out.push('-');
    digits(out, d, 2);
}

/// Appends a fixed amount as a plain number, as `Decimal` would show it normalised
/// (`-500`, `1234.5`): no exponent, no trailing zeros.
fn push_money(out: &mut String, scale: u32, v: Fixed) {
    if v < 0 {
        out.push('-');
    }
    let unit = 10u128.pow(scale);
    let (int, mut frac) = (v.unsigned_abs() / unit, v.unsigned_abs() % unit);
    push_uint(out, int);
    if frac != 0 {
        let mut digits = scale;
        while frac % 10 == 0 {
            (frac, digits) = (frac / 10, digits - 1);
        }
        out.push('.');
        for p in (0..digits).rev() {
            out.push(char::from(b'0' + (frac / 10u128.pow(p) % 10) as u8));
        }
    }
}

/// The file of CSV text `out` with `rows` rows, in `encoding` (UTF-8 with a BOM for Excel, plain
/// UTF-8, or Shift_JIS with unmappable characters counted).
fn encoded(out: String, encoding: ExportEncoding, rows: usize) -> ExportFile {
    let (bytes, unmappable) = match encoding {
        ExportEncoding::Utf8Bom => {
            let mut bytes = Vec::with_capacity(out.len() + 3);
            bytes.extend_from_slice(b"\xEF\xBB\xBF");
            bytes.extend_from_slice(out.as_bytes());
            (bytes, 0)
        }
        ExportEncoding::Utf8 => (out.into_bytes(), 0),
        ExportEncoding::ShiftJis => shift_jis(&out),
    };
    ExportFile { bytes, rows, unmappable }
}

/// Encodes UTF-8 text as Shift_JIS; returns the bytes and the count of characters replaced by `?`.
fn shift_jis(s: &str) -> (Vec<u8>, usize) {
    let mut out = Vec::with_capacity(s.len());
    let bad = ShiftJisEncoder::new().encode_lossy(s, b'?', &mut out);
    (out, bad)
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
    let profit = b.profit_basis() != super::ProfitBasis::None;
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
        text(&mut out, &ds.key(c));
        if email {
            out.push(',');
            text(&mut out, ds.email(c).as_deref().unwrap_or(""));
        }
        for slot in (0..4).filter(|&s| contacts[s]) {
            out.push(',');
            text(&mut out, ds.contact(c, slot).as_deref().unwrap_or(""));
        }
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
        push_money(&mut out, b.scale, b.revenue[i]);
        if b.profit.is_some() {
            out.push(',');
            push_money(&mut out, b.scale, b.file_profit(i));
        } else if let Some(g) = b.gross_profit(i) {
            let _ = write!(out, ",{g}");
        }
        out.push(',');
        if b.year_complete(i) {
            push_money(&mut out, b.scale, b.year_revenue[i]);
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

/// Which table of 初回購入商品別 to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, strum::EnumIter)]
#[serde(rename_all = "camelCase")]
pub enum ProductTable {
    /// By product.
    #[default]
    Product,
    /// By group.
    Group,
    /// By 区分.
    Kind,
}

/// What to export of 初回購入商品別 and how.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ProductExportOptions {
    /// Which table.
    pub table: ProductTable,
    /// File encoding.
    pub encoding: ExportEncoding,
    /// Header and names, in the page's language. Column ids: `product`, `group`, `kind`,
    /// `newCustomers`, `f2Within` (its text may hold `{days}`), `annualCustomers`, `annualLtv`,
    /// `annualGrossProfitLtv`, `repeatCustomers`, `medianDaysToSecond`, `sameAgainRate`,
    /// `nextProducts`; 区分 names by code in `kinds`.
    pub labels: ExportLabels,
}

/// Writes one table of 初回購入商品別 as a CSV file: text cells (product, group and 区分 names,
/// the 2nd-purchase products as `name share lift` joined by ` / `) are neutralised against
/// formulas like every text cell here; rates are fractions (`0.25`), money plain numbers.
#[must_use]
pub fn export_first_products(
    fp: &super::products::FirstProducts,
    opts: &ProductExportOptions,
) -> ExportFile {
    let labels = &opts.labels;
    let word = |id: &str| ExportLabels::word(&labels.columns, id).to_owned();
    let (rows, key_id) = match opts.table {
        ProductTable::Product => (&fp.by_product, "product"),
        ProductTable::Group => (&fp.by_group, "group"),
        ProductTable::Kind => (&fp.by_kind, "kind"),
    };
    let gross = rows.iter().any(|r| r.annual_gross_profit_ltv.is_some());
    let windows: Vec<u32> =
        rows.first().map(|r| r.windows.iter().map(|w| w.days).collect()).unwrap_or_default();
    let mut header: Vec<String> = vec![word(key_id)];
    if opts.table == ProductTable::Product {
        header.push(word("kind"));
    }
    header.push(word("newCustomers"));
    for d in &windows {
        let w = labels
            .columns
            .get("f2Within")
            .map_or(format!("f2Within{d}"), |t| t.replace("{days}", &d.to_string()));
        header.push(w);
    }
    header.extend(["annualCustomers", "annualLtv"].map(word));
    if gross {
        header.push(word("annualGrossProfitLtv"));
    }
    header.extend(
        ["repeatCustomers", "medianDaysToSecond", "sameAgainRate", "nextProducts"].map(word),
    );
    let mut out = String::with_capacity(256 * (rows.len() + 1));
    for (k, h) in header.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        text(&mut out, h);
    }
    out.push_str("\r\n");
    let kind_word = |k: super::products::Kind| {
        let code = super::products::kind_code(k);
        ExportLabels::word(&labels.kinds, &code).to_owned()
    };
    for r in rows {
        let key = match (opts.table, r.kind) {
            (ProductTable::Kind, Some(k)) => kind_word(k),
            _ => r.key.clone(),
        };
        text(&mut out, &key);
        if opts.table == ProductTable::Product {
            out.push(',');
            text(&mut out, &r.kind.map(kind_word).unwrap_or_default());
        }
        let _ = write!(out, ",{}", r.customers);
        for d in &windows {
            out.push(',');
            if let Some(w) = r.windows.iter().find(|w| w.days == *d).filter(|w| w.eligible > 0) {
                let _ = write!(out, "{:.4}", w.f2_rate);
            }
        }
        let opt = |v: Option<Decimal>| v.map(|v| v.normalize().to_string()).unwrap_or_default();
        let _ = write!(out, ",{},{}", r.annual_customers, opt(r.annual_ltv));
        if gross {
            let _ = write!(out, ",{}", opt(r.annual_gross_profit_ltv));
        }
        let median = r.median_days_to_second.map(|m| m.to_string()).unwrap_or_default();
        let _ = write!(out, ",{},{median},{:.4},", r.repeat_customers, r.same_again_rate);
        let next: Vec<String> = r
            .next_products
            .iter()
            .map(|n| format!("{} {:.1}% ×{:.2}", n.name, n.share * 100.0, n.lift))
            .collect();
        text(&mut out, &next.join(" / "));
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
    use rust_decimal::Decimal;

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
                sort: super::super::customers::SortColumn::Key,
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
    fn cells_a_spreadsheet_would_run_are_neutralised_also_behind_invisible_or_wide_signs() {
        use super::runs_as_formula;
        for cell in [
            "=1+1",
            "+81",
            "-5",
            "@x",
            "\t=1",
            "\r=1",
            "\n=1",
            "＝1+1",
            "＋1",
            "－1",
            "＠SUM(A1)",
            "\u{A0}=1",
            "\u{3000}=1",
            "\u{FEFF}=1",
            "\u{0B}=1",
            "\u{200B}=1",
            "\u{202E}=1",
            " =1",
            "﹦1",
            "⁺1",
            "₋1",
        ] {
            assert!(runs_as_formula(cell), "{cell:?}");
        }
        for cell in ["A001", "田中", "a=b", "1-2", "", "\u{A0}", "−1", "'=1"] {
            assert!(!runs_as_formula(cell), "{cell:?}");
        }
    }

    #[test]
    fn hostile_keys_are_written_with_a_leading_quote_in_utf8_and_shift_jis() {
        let ds = data(
            "customer_id,order_date,amount\n\"＝HYPERLINK(\"\"x\"\")\",2024-01-05,100\n\
             \u{3000}=1+1,2024-01-06,200\n",
        );
        let t = CustomerTable::build(&ds, &AnalysisParams::default()).unwrap();
        let by_key = CustomerFilter {
            sort: super::super::customers::SortColumn::Key,
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
    fn numbers_are_written_like_normalised_decimals() {
        let cases = [
            (0, 0, "0"),
            (0, -500, "-500"),
            (2, 123_450, "1234.5"),
            (2, -5, "-0.05"),
            (3, 1000, "1"),
        ];
        for (scale, v, want) in cases {
            let mut out = String::new();
            push_money(&mut out, scale, v);
            assert_eq!(out, want);
            let d = Decimal::try_from_i128_with_scale(v, scale).unwrap().normalize();
            assert_eq!(d.to_string(), want);
        }
        let mut out = String::new();
        push_day(&mut out, crate::date::days_from_civil(2024, 3, 5));
        push_uint(&mut out, 1_234_567);
        assert_eq!(out, "2024-03-051234567");
    }

    #[test]
    fn characters_shift_jis_cannot_hold_become_question_marks() {
        // 髙 is written FB FC (the IBM extension row, as the WHATWG encoder and Windows prefer;
        // CP932 also reads the NEC-selected EE E0 as 髙); ① is NEC row 13, 87 40.
        assert_eq!(shift_jis("髙😀①"), (vec![0xFB, 0xFC, b'?', 0x87, 0x40], 1));
    }

    #[test]
    fn a_list_of_this_weeks_actions_exports_its_customers_with_their_status() {
        use super::super::status::{ActionList, Status};
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
