//! CSV export of customer lists (a segment, a CPM group, a search, or all) and of the product
//! tables, for Excel and mailing tools. What every file shares lives here:
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
//! `customers.rs` writes the customer lists, `products.rs` the tables of 初回購入商品別,
//! `subscription.rs` the lists of the 定期 view, `views.rs` the tables of 月次推移 and the other
//! 通販 views.

mod customers;
mod products;
mod subscription;
mod views;

pub use customers::{export_customers, ExportOptions, COLUMNS};
pub use products::{export_first_products, ProductExportOptions, ProductTable};
pub use subscription::{export_subscription_list, SubscriptionExportOptions, SUBSCRIPTION_COLUMNS};
pub use views::{
    export_payback, export_view, PaybackExportOptions, ViewExportOptions, ViewTable,
    DAYS_TO_SECOND_COLUMNS, LADDER_COLUMNS, MONTHLY_COLUMNS, PAYBACK_COLUMNS,
};

use super::facts::Fixed;
use crate::date::{civil_from_days, Day};
use crate::encoding::sjis::ShiftJisEncoder;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
pub(super) fn is_invisible(c: char) -> bool {
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
pub(super) fn runs_as_formula(s: &str) -> bool {
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
pub(super) fn text(out: &mut String, s: &str) {
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

/// Appends the cells that say who a customer is: the key, the e-mail (`email`) and the contact
/// columns the file has (`contacts`: name, postal code, address, phone), all as text cells.
pub(super) fn push_customer(
    out: &mut String,
    ds: &crate::dataset::Dataset,
    c: usize,
    email: bool,
    contacts: [bool; 4],
) {
    text(out, &ds.key(c));
    if email {
        out.push(',');
        text(out, ds.email(c).as_deref().unwrap_or(""));
    }
    for slot in (0..4).filter(|&s| contacts[s]) {
        out.push(',');
        text(out, ds.contact(c, slot).as_deref().unwrap_or(""));
    }
}

/// Appends an unsigned integer (faster than `write!` for a million cells).
pub(super) fn push_uint(out: &mut String, mut v: u128) {
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
pub(super) fn push_day(out: &mut String, day: Day) {
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
pub(super) fn push_money(out: &mut String, scale: u32, v: Fixed) {
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
pub(super) fn encoded(out: String, encoding: ExportEncoding, rows: usize) -> ExportFile {
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
pub(super) fn shift_jis(s: &str) -> (Vec<u8>, usize) {
    let mut out = Vec::with_capacity(s.len());
    let bad = ShiftJisEncoder::new().encode_lossy(s, b'?', &mut out);
    (out, bad)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

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
}
