//! Structure-aware inputs: order exports in the dialects of real shops
//! (../shared/order-formats.md), each written from a small model of a shop's orders so that
//! most inputs reach a valid header and real rows; the mutators then break them.
//!
//! A [`Spec`] says what one file looks like: the dialect (its header texts per role, its
//! delimiter, its date, money, status and order-number forms, whether order fields sit on the
//! first line item only), the encoding and BOM, line endings, a title above and totals below,
//! quoting, hostile cells. [`render`] writes it.

use super::rng::Rng;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    OrderId,
    /// A line's own id (Amazon `order-item-id`, 楽天 `商品明細ID`).
    LineId,
    Customer,
    Email,
    Date,
    /// The day alone, beside a date-time column (楽天 `注文日`).
    DateOnly,
    /// The time alone (MakeShop `注文時間` `103309`, Square `Time`).
    Time,
    /// Square's `Time Zone`.
    TimeZone,
    /// The order's total (on the first line only in first-row dialects).
    Amount,
    /// The line's price (a line total or a unit price).
    Line,
    Qty,
    /// A refunded amount, positive.
    Refund,
    /// A shop-funded discount (a positive number the platform subtracts).
    Discount,
    /// Other money: subtotal, tax, shipping.
    OtherMoney,
    Status,
    CancelledAt,
    Currency,
    Channel,
    Product,
    Name,
    Phone,
    Zip,
    /// Free text: commas, quotes, line breaks.
    Note,
    Cost,
    /// Flags, codes and other columns nobody reads.
    Filler,
    SumFrequency,
    SumRecency,
    SumT,
    SumMonetary,
}

/// How order numbers look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdStyle {
    Plain,
    Hash,
    Rakuten,
    Amazon,
    MakeShop,
    Stripe,
    Yahoo,
    Hex,
}

/// A form of the date cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateStyle {
    IsoDay,
    IsoSeconds,
    SlashDay,
    SlashPadded,
    SlashMinutes,
    Kanji,
    Compact,
    ShopifyOffset,
    IsoT,
    IsoTOffset,
    IsoZ,
    ExcelSerial,
    UnixSeconds,
    MonthFirst,
    MonthFirstAmPm,
    DayFirst,
    StripeMinutes,
    Era,
}

pub const ALL_DATE_STYLES: [DateStyle; 18] = [
    DateStyle::IsoDay,
    DateStyle::IsoSeconds,
    DateStyle::SlashDay,
    DateStyle::SlashPadded,
    DateStyle::SlashMinutes,
    DateStyle::Kanji,
    DateStyle::Compact,
    DateStyle::ShopifyOffset,
    DateStyle::IsoT,
    DateStyle::IsoTOffset,
    DateStyle::IsoZ,
    DateStyle::ExcelSerial,
    DateStyle::UnixSeconds,
    DateStyle::MonthFirst,
    DateStyle::MonthFirstAmPm,
    DateStyle::DayFirst,
    DateStyle::StripeMinutes,
    DateStyle::Era,
];

/// A form of money cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyStyle {
    Plain,
    Cents,
    Comma,
    Yen,
    FullWidthYen,
    Backslash,
    EnSuffix,
    FullWidthDigits,
    Dollar,
    European,
    Accounting,
    Triangle,
    CodePrefix,
}

pub const ALL_MONEY_STYLES: [MoneyStyle; 13] = [
    MoneyStyle::Plain,
    MoneyStyle::Cents,
    MoneyStyle::Comma,
    MoneyStyle::Yen,
    MoneyStyle::FullWidthYen,
    MoneyStyle::Backslash,
    MoneyStyle::EnSuffix,
    MoneyStyle::FullWidthDigits,
    MoneyStyle::Dollar,
    MoneyStyle::European,
    MoneyStyle::Accounting,
    MoneyStyle::Triangle,
    MoneyStyle::CodePrefix,
];

/// One platform's export.
pub struct Dialect {
    pub name: &'static str,
    pub delimiter: u8,
    pub columns: &'static [(&'static str, Col)],
    /// Status values: the first ones keep an order, the rest cancel or refund it.
    pub statuses: &'static [&'static str],
    pub id: IdStyle,
    pub dates: &'static [DateStyle],
    pub money: &'static [MoneyStyle],
    /// Order fields (total, status, …) only on an order's first line (Shopify).
    pub first_row_only: bool,
    /// Several rows per order.
    pub line_items: bool,
    /// Refunds are rows of their own with a negative amount (WooCommerce, Square).
    pub refund_rows: bool,
    /// Usually Shift_JIS.
    pub sjis: bool,
    /// A per-customer summary file, not orders.
    pub summary: bool,
}

use Col::*;
use DateStyle as D;

pub use super::dialect_table::DIALECTS;

/// The bytes a file is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enc {
    Utf8,
    Utf8Bom,
    ShiftJis,
    Utf16leBom,
    Utf16beBom,
    Utf16leNoBom,
}

/// Everything that decides one generated file.
#[derive(Debug, Clone)]
pub struct Spec {
    pub dialect: usize,
    pub enc: Enc,
    pub delimiter: u8,
    pub eol: &'static str,
    pub mixed_eol: bool,
    pub final_eol: bool,
    pub orders: usize,
    pub date: DateStyle,
    pub money: MoneyStyle,
    /// Per cent of cells written in another form than the file's (Excel-edited files).
    pub drift: u32,
    pub quote_all: bool,
    pub padded_cells: bool,
    pub title: bool,
    pub blank_lines_above: usize,
    pub totals_row: bool,
    pub repeated_header: bool,
    pub ctrl_z: bool,
    pub header: bool,
    pub shuffle_columns: bool,
    pub drop_columns: u32,
    pub trailing_empty_columns: usize,
    /// One header text damaged as spreadsheets do (case, full width, spaces, a `_1` suffix).
    pub header_damage: bool,
    /// Per cent of cells replaced by a hostile one.
    pub hostile: u32,
    /// Per cent of rows with a blank cell where a value belongs.
    pub blanks: u32,
    pub customers: usize,
    pub first_day: i64,
    pub span_days: i64,
    pub cents: bool,
}

impl Spec {
    /// A random spec; `clean` keeps to what the platform really writes (no drift, no hostile
    /// cells, no damage) so the reader must import it.
    pub fn random(rng: &mut Rng, clean: bool) -> Spec {
        let dialect = rng.below(DIALECTS.len());
        let d = &DIALECTS[dialect];
        let enc = if clean {
            if d.sjis && rng.chance(60) {
                Enc::ShiftJis
            } else {
                *rng.pick(&[Enc::Utf8, Enc::Utf8Bom, Enc::Utf16leBom])
            }
        } else {
            match rng.below(10) {
                0..=3 => Enc::Utf8,
                4 => Enc::Utf8Bom,
                5 | 6 => Enc::ShiftJis,
                7 => Enc::Utf16leBom,
                8 => Enc::Utf16beBom,
                _ => Enc::Utf16leNoBom,
            }
        };
        // Excel's "Unicode テキスト" is tab-separated.
        let delimiter = if matches!(enc, Enc::Utf16leBom | Enc::Utf16beBom) && rng.chance(50) {
            b'\t'
        } else if !clean && rng.chance(15) {
            *rng.pick(b",\t;|")
        } else {
            d.delimiter
        };
        let date =
            if !clean && rng.chance(20) { *rng.pick(&ALL_DATE_STYLES) } else { *rng.pick(d.dates) };
        let money = if !clean && rng.chance(20) {
            *rng.pick(&ALL_MONEY_STYLES)
        } else {
            *rng.pick(d.money)
        };
        let big = rng.chance(if clean { 3 } else { 6 });
        Spec {
            dialect,
            enc,
            delimiter,
            eol: ["\r\n", "\r\n", "\n", "\n", "\r"][rng.below(5)],
            mixed_eol: !clean && rng.chance(10),
            final_eol: rng.chance(85),
            orders: if big { 300 + rng.below(1500) } else { rng.length(40) },
            date,
            money,
            drift: if clean { 0 } else { [0, 0, 0, 2, 10, 50][rng.below(6)] },
            quote_all: rng.chance(15),
            padded_cells: rng.chance(5),
            title: rng.chance(15),
            blank_lines_above: if rng.chance(15) { 1 + rng.below(3) } else { 0 },
            totals_row: rng.chance(15),
            repeated_header: rng.chance(10),
            ctrl_z: rng.chance(3),
            header: clean || rng.chance(93),
            shuffle_columns: rng.chance(20),
            drop_columns: if rng.chance(30) { rng.below(40) as u32 } else { 0 },
            trailing_empty_columns: if rng.chance(10) { 1 + rng.below(5) } else { 0 },
            header_damage: !clean && rng.chance(8),
            hostile: if clean { 0 } else { [0, 0, 1, 5, 30][rng.below(5)] },
            blanks: if clean { 0 } else { [0, 0, 2, 20][rng.below(4)] },
            customers: 1 + rng.length(300),
            first_day: rng.between(days(2010, 1, 1), days(2026, 1, 1)),
            span_days: [0, 1, 30, 400, 1500, 5000][rng.below(6)],
            cents: rng.chance(20),
        }
    }
}

/// Days since 1970-01-01 of a civil date (the crate's own conversion).
fn days(y: i32, m: u32, d: u32) -> i64 {
    i64::from(ltv::date::days_from_civil(y, m, d))
}

/// One order of the model shop.
struct Order {
    number: u64,
    customer: usize,
    day: i64,
    secs: u32,
    /// (product, quantity, line total) in the smallest unit (yen, or cents when `cents`).
    lines: Vec<(usize, i64, i64)>,
    status: usize,
    refund: i64,
}

const PRODUCTS: [&str; 10] = [
    "Tシャツ, 白",
    "マグ \"特大\"",
    "美容液 30mL",
    "化粧水\n150mL",
    "表示ソフト",
    "①髙﨑の茶～",
    "Green tea 100g",
    "ギフト ― 〜 −",
    "定期便, 第2回",
    "",
];

const NOTES: [&str; 8] = [
    "",
    "置き配希望",
    "two\nlines, \"quoted\"",
    "ありがとう\r\nございます",
    "a,b,c",
    "\"",
    "  spaces  ",
    "複数行\n\nメモ",
];

use super::cells::full_width;
pub use super::cells::{date_cell, hostile_cell, money_cell};

fn order_number(style: IdStyle, o: &Order, rng: &mut Rng) -> String {
    let (y, m, d) = ltv::date::civil_from_days(o.day as i32);
    match style {
        IdStyle::Plain => format!("{}", 1000 + o.number),
        IdStyle::Hash => format!("#{}", 1000 + o.number),
        IdStyle::Rakuten => format!("274555-{y}{m:02}{d:02}-{:010}", o.number),
        IdStyle::Amazon => format!("503-{:07}-{:07}", o.number, o.number * 7 % 9_999_999),
        IdStyle::MakeShop => format!("P{:018}", 171_323_551_145_213_731 + o.number),
        IdStyle::Stripe => format!("ch_{:016x}", o.number.wrapping_mul(0x9E37_79B9)),
        IdStyle::Yahoo => format!("store-{}", 10_000 + o.number),
        IdStyle::Hex if rng.chance(50) => format!("{:010x}", o.number.wrapping_mul(0x2545_F491)),
        IdStyle::Hex => format!("{:X}", o.number),
    }
}

fn customer_id(dialect: &Dialect, c: usize) -> String {
    match dialect.name {
        "stripe" => format!("cus_{:012x}", c * 7919),
        "woocommerce-analytics" => {
            ["佐藤 花子", "田中 一郎", "John Smith", "Ann O'Neil", "高橋, 美咲"][c % 5].to_owned()
                + &(c / 5).to_string()
        }
        "own-ledger" => format!("K-{c:03}"),
        _ => format!("C{c:04}"),
    }
}

fn email(dialect: &Dialect, c: usize) -> String {
    match dialect.name {
        "rakuten" | "rakuten-legacy" => format!("{:06x}@pc.fw.rakuten.ne.jp", c * 104_729),
        "amazon" => format!("{:08x}@marketplace.amazon.co.jp", c * 7_777),
        _ if c % 7 == 3 => format!("User{c}@Example.JP"),
        _ => format!("user{c}@example.com"),
    }
}

/// The model shop's orders.
fn orders(spec: &Spec, rng: &mut Rng) -> Vec<Order> {
    let d = &DIALECTS[spec.dialect];
    let mut out: Vec<Order> = Vec::with_capacity(spec.orders);
    for i in 0..spec.orders {
        let n_lines = if d.line_items && rng.chance(40) { 2 + rng.below(3) } else { 1 };
        let lines = (0..n_lines)
            .map(|_| {
                let qty = 1 + rng.below(3) as i64;
                let price = [980, 1_200, 3_300, 4_800, 12_800, 0, 99_999][rng.below(7)];
                let price = if spec.cents { price * 100 + rng.below(100) as i64 } else { price };
                (rng.below(PRODUCTS.len()), qty, price * qty)
            })
            .collect();
        let status =
            if d.statuses.is_empty() || rng.chance(80) { 0 } else { rng.below(d.statuses.len()) };
        let day = spec.first_day + rng.below(spec.span_days as usize + 1) as i64;
        out.push(Order {
            number: if rng.chance(2) && i > 0 { out[rng.below(i)].number } else { i as u64 + 1 },
            // A summary file has one row per customer.
            customer: if d.summary { i } else { rng.below(spec.customers) },
            day,
            secs: rng.below(86_400) as u32,
            lines,
            status,
            refund: if rng.chance(10) { 100 * rng.below(50) as i64 } else { 0 },
        });
    }
    if rng.chance(50) {
        out.sort_by_key(|o| (o.day, o.secs));
    }
    out
}

fn quote(cell: &str, delimiter: u8, all: bool) -> String {
    let special = cell.bytes().any(|b| b == delimiter || matches!(b, b'"' | b'\r' | b'\n'));
    if all || special {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_owned()
    }
}

/// One cell of one line of one order.
#[allow(clippy::too_many_arguments)]
fn cell(col: Col, spec: &Spec, o: &Order, line: usize, refund_row: bool, rng: &mut Rng) -> String {
    let d = &DIALECTS[spec.dialect];
    let order_field = line == 0 || !d.first_row_only;
    let money_style =
        if rng.chance(spec.drift) { *rng.pick(&ALL_MONEY_STYLES) } else { spec.money };
    let date_style = if rng.chance(spec.drift) { *rng.pick(&ALL_DATE_STYLES) } else { spec.date };
    let money = |units: i64| money_cell(money_style, units, spec.cents);
    let total: i64 = o.lines.iter().map(|l| l.2).sum();
    let (product, qty, line_total) = o.lines[line];
    match col {
        OrderId => order_number(d.id, o, rng),
        LineId => format!("{}{:02}", o.number, line + 1),
        Customer if rng.chance(3) => (*rng.pick(&["", "0", "guest"])).into(),
        Customer => customer_id(d, o.customer),
        Email if rng.chance(3) => String::new(),
        Email => email(d, o.customer),
        Date => date_cell(date_style, o.day, o.secs, rng),
        DateOnly => date_cell(
            if matches!(date_style, D::MonthFirst | D::IsoDay | D::SlashDay) {
                date_style
            } else {
                D::SlashDay
            },
            o.day,
            o.secs,
            rng,
        ),
        Time => {
            let (h, m, s) = (o.secs / 3600, o.secs / 60 % 60, o.secs % 60);
            match d.name {
                "makeshop" => format!("{h:02}{m:02}{s:02}"),
                "square" if rng.chance(50) => {
                    format!(
                        "{}:{m:02}:{s:02} {}",
                        (h + 11) % 12 + 1,
                        if h < 12 { "AM" } else { "PM" }
                    )
                }
                _ => format!("{h:02}:{m:02}:{s:02}"),
            }
        }
        TimeZone => (*rng.pick(&["Pacific Time (US & Canada)", "Tokyo", "UTC"])).into(),
        Amount if refund_row => money(-(o.refund.max(1))),
        Amount if order_field => money(total),
        Amount => String::new(),
        Line => money(if rng.chance(50) { line_total } else { line_total / qty.max(1) }),
        Qty => qty.to_string(),
        Refund if order_field && o.refund > 0 => money(o.refund),
        Refund if order_field && rng.chance(50) => money(0),
        Refund => String::new(),
        Discount if order_field && rng.chance(30) => money(100 * rng.below(5) as i64),
        Discount => String::new(),
        OtherMoney if order_field => money(rng.below(2000) as i64),
        OtherMoney => String::new(),
        Status if d.statuses.is_empty() => String::new(),
        Status if refund_row && d.name == "square" => "Refund".into(),
        Status if order_field => d.statuses[o.status].into(),
        Status => String::new(),
        CancelledAt if order_field && o.status >= 2 => date_cell(spec.date, o.day + 1, 0, rng),
        CancelledAt => String::new(),
        Currency => (*rng.pick(&["JPY", "JPY", "USD", "usd", "EUR", ""])).into(),
        Channel => {
            (*rng.pick(&["web", "pos", "Instagram", "LINE", "Google広告", "", "iPhone"])).into()
        }
        Product => PRODUCTS[product].into(),
        Name => (*rng.pick(&["高橋 美咲", "伊藤", "Ann", "髙﨑", ""])).into(),
        Phone => {
            (*rng.pick(&["090-1111-2222", "03", "+81 90 1111 2222", "'0312345678", ""])).into()
        }
        Zip => (*rng.pick(&["'75008", "101-0047", "1010047", "0001", ""])).into(),
        Note => (*rng.pick(&NOTES)).into(),
        Cost => money(total * rng.below(70) as i64 / 100),
        Filler => (*rng.pick(&["", "0", "1", "TRUE", "Standard", "クレジットカード", "x"])).into(),
        SumFrequency => rng.below(20).to_string(),
        SumRecency => format!("{:.6}", rng.below(40_000) as f64 / 1000.0),
        SumT => format!("{}", rng.below(40_000) as f64 / 1000.0),
        SumMonetary => format!("{:.3}", rng.below(100_000) as f64 / 7.0),
    }
}

/// The file of `spec`, as text (before encoding), with the header texts it used.
pub fn text(spec: &Spec, rng: &mut Rng) -> (String, Vec<String>) {
    let d = &DIALECTS[spec.dialect];
    let mut cols: Vec<(String, Col)> = d
        .columns
        .iter()
        .filter(|(_, c)| {
            let essential =
                matches!(c, Date | Amount | Email | Customer | Line | DateOnly) || c.is_summary();
            essential || !rng.chance(spec.drop_columns)
        })
        .map(|(h, c)| ((*h).to_owned(), *c))
        .collect();
    if spec.shuffle_columns {
        for i in (1..cols.len()).rev() {
            cols.swap(i, rng.below(i + 1));
        }
    }
    if spec.header_damage {
        // Header damage a spreadsheet leaves: case, full-width letters, spaces, duplicates.
        let i = rng.below(cols.len());
        let h = &cols[i].0;
        cols[i].0 = match rng.below(4) {
            0 => h.to_uppercase(),
            1 => full_width(h),
            2 => format!(" {h}\u{3000}"),
            _ => format!("{h}_1"),
        };
    }
    let delim = (spec.delimiter as char).to_string();
    let mut lines: Vec<String> = Vec::new();
    if spec.title {
        lines.push(format!("受注一覧（2024年）{}", delim.repeat(cols.len().saturating_sub(1))));
    }
    for _ in 0..spec.blank_lines_above {
        lines.push(if rng.chance(50) { String::new() } else { delim.repeat(cols.len() - 1) });
    }
    let trailing = delim.repeat(spec.trailing_empty_columns);
    let header_line = cols
        .iter()
        .map(|(h, _)| quote(h, spec.delimiter, spec.quote_all))
        .collect::<Vec<_>>()
        .join(&delim)
        + &trailing;
    if spec.header {
        lines.push(header_line.clone());
    }
    let orders = orders(spec, rng);
    let d_refunds = d.refund_rows;
    let mut row_count = 0;
    for o in &orders {
        let mut rows: Vec<(usize, bool)> = (0..o.lines.len()).map(|l| (l, false)).collect();
        if d_refunds && o.refund > 0 {
            rows.push((0, true));
        }
        for (line, refund_row) in rows {
            let cells: Vec<String> = cols
                .iter()
                .map(|(_, c)| {
                    let mut v = if rng.chance(spec.blanks) {
                        String::new()
                    } else {
                        cell(*c, spec, o, line, refund_row, rng)
                    };
                    if rng.chance(spec.hostile) {
                        v = hostile_cell(rng);
                    }
                    if spec.padded_cells {
                        v = format!(" {v} ");
                    }
                    quote(&v, spec.delimiter, spec.quote_all)
                })
                .collect();
            lines.push(cells.join(&delim) + &trailing);
            row_count += 1;
            if spec.repeated_header && row_count == spec.orders / 2 {
                lines.push(header_line.clone());
            }
        }
    }
    if spec.totals_row {
        let sum: i64 = orders.iter().flat_map(|o| o.lines.iter().map(|l| l.2)).sum();
        let cells: Vec<String> = cols
            .iter()
            .enumerate()
            .map(|(i, (_, c))| match c {
                _ if i == 0 => "合計".to_owned(),
                Amount => quote(&money_cell(spec.money, sum, spec.cents), spec.delimiter, false),
                _ => String::new(),
            })
            .collect();
        lines.push(String::new());
        lines.push(cells.join(&delim));
    }
    let mut out = String::new();
    for (i, l) in lines.iter().enumerate() {
        out.push_str(l);
        let last = i + 1 == lines.len();
        if !last || spec.final_eol {
            out.push_str(if spec.mixed_eol && rng.chance(30) {
                ["\r\n", "\n", "\r"][rng.below(3)]
            } else {
                spec.eol
            });
        }
    }
    if spec.ctrl_z {
        out.push('\u{1A}');
    }
    (out, cols.into_iter().map(|(h, _)| h).collect())
}

impl Col {
    fn is_summary(self) -> bool {
        matches!(self, SumFrequency | SumRecency | SumT | SumMonetary)
    }
}

/// `text` in the bytes of `enc`.
pub fn encode(text: &str, enc: Enc) -> Vec<u8> {
    let utf16 = |big: bool, bom: bool| {
        let mut b: Vec<u8> = Vec::with_capacity(text.len() * 2 + 2);
        if bom {
            b.extend(if big { [0xFE, 0xFF] } else { [0xFF, 0xFE] });
        }
        for u in text.encode_utf16() {
            b.extend(if big { u.to_be_bytes() } else { u.to_le_bytes() });
        }
        b
    };
    match enc {
        Enc::Utf8 => text.as_bytes().to_vec(),
        Enc::Utf8Bom => [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
        Enc::ShiftJis => encoding_rs::SHIFT_JIS.encode(text).0.into_owned(),
        Enc::Utf16leBom => utf16(false, true),
        Enc::Utf16beBom => utf16(true, true),
        Enc::Utf16leNoBom => utf16(false, false),
    }
}

/// A generated file: its bytes and the header texts it used (for the options' column choices).
pub struct Generated {
    pub bytes: Vec<u8>,
    /// The text before encoding.
    pub text: String,
    pub header: Vec<String>,
    pub spec: Spec,
}

pub fn generate(rng: &mut Rng, clean: bool) -> Generated {
    let spec = Spec::random(rng, clean);
    let (text, header) = text(&spec, rng);
    Generated { bytes: encode(&text, spec.enc), text, header, spec }
}
