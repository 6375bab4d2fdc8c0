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
use MoneyStyle as M;

pub const DIALECTS: &[Dialect] = &[
    Dialect {
        name: "shopify",
        delimiter: b',',
        columns: &[
            ("Name", OrderId),
            ("Email", Email),
            ("Financial Status", Status),
            ("Paid at", Filler),
            ("Fulfillment Status", Filler),
            ("Accepts Marketing", Filler),
            ("Currency", Currency),
            ("Subtotal", OtherMoney),
            ("Shipping", OtherMoney),
            ("Taxes", OtherMoney),
            ("Total", Amount),
            ("Discount Code", Filler),
            ("Discount Amount", Discount),
            ("Created at", Date),
            ("Lineitem quantity", Qty),
            ("Lineitem name", Product),
            ("Lineitem price", Line),
            ("Billing Name", Name),
            ("Billing Zip", Zip),
            ("Billing Phone", Phone),
            ("Notes", Note),
            ("Cancelled at", CancelledAt),
            ("Refunded Amount", Refund),
            ("Id", LineId),
            ("Source", Channel),
        ],
        statuses: &["paid", "partially_refunded", "refunded", "voided", "pending"],
        id: IdStyle::Hash,
        dates: &[D::ShopifyOffset, D::ExcelSerial],
        money: &[M::Plain, M::Cents],
        first_row_only: true,
        line_items: true,
        refund_rows: false,
        sjis: false,
        summary: false,
    },
    Dialect {
        name: "rakuten",
        delimiter: b',',
        columns: &[
            ("注文番号", OrderId),
            ("ステータス", Status),
            ("サブステータスID", Filler),
            ("注文日時", Date),
            ("注文日", DateOnly),
            ("注文時間", Time),
            ("商品合計金額", OtherMoney),
            ("送料合計", OtherMoney),
            ("請求金額", OtherMoney),
            ("合計金額", Amount),
            ("ポイント利用額", OtherMoney),
            ("店舗発行クーポン利用額", Discount),
            ("楽天発行クーポン利用額", OtherMoney),
            ("注文者郵便番号1", Zip),
            ("注文者郵便番号2", Zip),
            ("注文者姓", Name),
            ("注文者名", Name),
            ("注文者電話番号1", Phone),
            ("注文者メールアドレス", Email),
            ("商品明細ID", LineId),
            ("商品名", Product),
            ("単価", Line),
            ("個数", Qty),
            ("コメント", Note),
            ("利用端末", Channel),
        ],
        statuses: &["発送済", "新規受付", "キャンセル確定", "注文キャンセル"],
        id: IdStyle::Rakuten,
        dates: &[D::IsoSeconds, D::SlashPadded, D::SlashMinutes],
        money: &[M::Plain, M::Comma],
        first_row_only: false,
        line_items: true,
        refund_rows: false,
        sjis: true,
        summary: false,
    },
    Dialect {
        name: "rakuten-legacy",
        delimiter: b',',
        columns: &[
            ("受注番号", OrderId),
            ("受注ステータス", Status),
            ("注文日時", Date),
            ("合計金額(-99999=無効値)", Amount),
            ("メールアドレス", Email),
            ("商品名", Product),
            ("個数", Qty),
        ],
        statuses: &["発送済", "処理済", "キャンセル"],
        id: IdStyle::Rakuten,
        dates: &[D::SlashPadded, D::IsoSeconds],
        money: &[M::Plain],
        first_row_only: false,
        line_items: true,
        refund_rows: false,
        sjis: true,
        summary: false,
    },
    Dialect {
        name: "amazon",
        delimiter: b'\t',
        columns: &[
            ("order-id", OrderId),
            ("order-item-id", LineId),
            ("purchase-date", Date),
            ("payments-date", Filler),
            ("buyer-email", Email),
            ("buyer-name", Name),
            ("buyer-phone-number", Phone),
            ("sku", Filler),
            ("product-name", Product),
            ("quantity-purchased", Qty),
            ("currency", Currency),
            ("item-price", Line),
            ("item-tax", OtherMoney),
            ("shipping-price", OtherMoney),
            ("gift-wrap-price", OtherMoney),
            ("item-promotion-discount", Discount),
            ("ship-promotion-discount", Discount),
            ("ship-postal-code", Zip),
            ("order-status", Status),
        ],
        statuses: &["Shipped", "Complete", "Pending", "Cancelled"],
        id: IdStyle::Amazon,
        dates: &[D::IsoTOffset, D::IsoZ],
        money: &[M::Plain],
        first_row_only: false,
        line_items: true,
        refund_rows: false,
        sjis: false,
        summary: false,
    },
    Dialect {
        name: "woocommerce-analytics",
        delimiter: b',',
        columns: &[
            ("Date", Date),
            ("Order #", OrderId),
            ("Status", Status),
            ("Customer", Customer),
            ("Customer type", Filler),
            ("Payment method", Filler),
            ("Product(s)", Product),
            ("Items sold", Qty),
            ("Coupon(s)", Filler),
            ("Net sales", Amount),
            ("Attribution", Channel),
        ],
        statuses: &["completed", "processing", "cancelled", "refunded", "failed"],
        id: IdStyle::Plain,
        dates: &[D::IsoSeconds],
        money: &[M::Plain, M::Cents],
        first_row_only: false,
        line_items: false,
        refund_rows: true,
        sjis: false,
        summary: false,
    },
    Dialect {
        name: "woocommerce-plugin",
        delimiter: b',',
        columns: &[
            ("order_id", OrderId),
            ("order_number", Filler),
            ("order_date", Date),
            ("status", Status),
            ("order_total", Amount),
            ("order_currency", Currency),
            ("customer_id", Customer),
            ("billing_email", Email),
            ("billing_first_name", Name),
            ("billing_phone", Phone),
            ("cost", Cost),
        ],
        statuses: &["completed", "processing", "on-hold", "cancelled", "refunded"],
        id: IdStyle::Plain,
        dates: &[D::MonthFirst, D::MonthFirstAmPm, D::DayFirst],
        money: &[M::Cents, M::Dollar, M::European],
        first_row_only: false,
        line_items: false,
        refund_rows: false,
        sjis: false,
        summary: false,
    },
    Dialect {
        name: "makeshop",
        delimiter: b',',
        columns: &[
            ("日付", DateOnly),
            ("注文時間", Time),
            ("注文番号", OrderId),
            ("処理状況", Status),
            ("会員ID", Customer),
            ("注文者", Name),
            ("注文者(振り仮名)", Filler),
            ("メールアドレス", Email),
            ("購入金額", Amount),
            ("商品名", Product),
            ("数量", Qty),
        ],
        statuses: &["配送", "未処理", "注文キャンセル", "返送"],
        id: IdStyle::MakeShop,
        dates: &[D::SlashDay],
        money: &[M::Plain, M::Comma, M::Yen],
        first_row_only: false,
        line_items: true,
        refund_rows: false,
        sjis: true,
        summary: false,
    },
    Dialect {
        name: "ec-cube",
        delimiter: b',',
        columns: &[
            ("注文ID", OrderId),
            ("会員ID", Customer),
            ("お名前(姓)", Name),
            ("お名前(名)", Name),
            ("郵便番号1", Zip),
            ("郵便番号2", Zip),
            ("メールアドレス", Email),
            ("TEL1", Phone),
            ("小計", OtherMoney),
            ("値引き", OtherMoney),
            ("送料", OtherMoney),
            ("合計", Amount),
            ("支払合計", OtherMoney),
            ("対応状況(ID)", Filler),
            ("対応状況(名称)", Status),
            ("受注日", Date),
            ("注文詳細ID", LineId),
            ("商品名", Product),
            ("価格", Line),
            ("個数", Qty),
        ],
        statuses: &["発送済み", "新規受付", "入金済み", "キャンセル", "返品"],
        id: IdStyle::Plain,
        dates: &[D::IsoSeconds, D::SlashPadded],
        money: &[M::Plain],
        first_row_only: false,
        line_items: true,
        refund_rows: false,
        sjis: true,
        summary: false,
    },
    Dialect {
        name: "futureshop",
        delimiter: b',',
        columns: &[
            ("受注コード", OrderId),
            ("注文日時", Date),
            ("請求合計金額", Amount),
            ("商品合計金額", OtherMoney),
            ("送料", OtherMoney),
            ("決済方法", Filler),
            ("氏名(姓)", Name),
            ("氏名(名)", Name),
            ("メールアドレス", Email),
            ("電話番号(メイン)", Phone),
            ("処理状況区分", Status),
            ("商品名", Product),
            ("販売単価", Line),
            ("購入数量", Qty),
        ],
        statuses: &["処理済", "通常処理", "注文取消", "返品"],
        id: IdStyle::Hex,
        dates: &[D::IsoT, D::SlashPadded],
        money: &[M::Plain],
        first_row_only: false,
        line_items: true,
        refund_rows: false,
        sjis: true,
        summary: false,
    },
    Dialect {
        name: "next-engine",
        delimiter: b',',
        columns: &[
            ("店舗伝票番号", OrderId),
            ("受注日", Date),
            ("受注郵便番号", Zip),
            ("受注名", Name),
            ("受注電話番号", Phone),
            ("受注メールアドレス", Email),
            ("商品計", OtherMoney),
            ("税金", OtherMoney),
            ("発送代", OtherMoney),
            ("総合計", Amount),
        ],
        statuses: &[],
        id: IdStyle::Plain,
        dates: &[D::SlashPadded],
        money: &[M::Plain],
        first_row_only: false,
        line_items: false,
        refund_rows: false,
        sjis: true,
        summary: false,
    },
    Dialect {
        name: "yahoo",
        delimiter: b',',
        columns: &[
            ("OrderId", OrderId),
            ("OrderTime", Date),
            ("BillMailAddress", Email),
            ("BillLastName", Name),
            ("BillPhoneNumber", Phone),
            ("TotalPrice", Amount),
            ("OrderStatus", Status),
            ("DeviceType", Channel),
        ],
        statuses: &["5", "2", "4"],
        id: IdStyle::Yahoo,
        dates: &[D::SlashPadded, D::UnixSeconds],
        money: &[M::Plain],
        first_row_only: false,
        line_items: false,
        refund_rows: false,
        sjis: true,
        summary: false,
    },
    Dialect {
        name: "stripe",
        delimiter: b',',
        columns: &[
            ("id", OrderId),
            ("Description", Note),
            ("Created (UTC)", Date),
            ("Amount", Amount),
            ("Amount Refunded", Refund),
            ("Currency", Currency),
            ("Fee", OtherMoney),
            ("Mode", Filler),
            ("Status", Status),
            ("Customer ID", Customer),
            ("Customer Email", Email),
            ("Card Fingerprint", Filler),
        ],
        statuses: &["Paid", "Refunded", "Failed"],
        id: IdStyle::Stripe,
        dates: &[D::StripeMinutes],
        money: &[M::Cents],
        first_row_only: false,
        line_items: false,
        refund_rows: false,
        sjis: false,
        summary: false,
    },
    Dialect {
        name: "square",
        delimiter: b',',
        columns: &[
            ("Date", DateOnly),
            ("Time", Time),
            ("Time Zone", TimeZone),
            ("Gross Sales", OtherMoney),
            ("Discounts", OtherMoney),
            ("Net Sales", Amount),
            ("Tax", OtherMoney),
            ("Transaction ID", OrderId),
            ("Event Type", Status),
            ("Customer ID", Customer),
            ("Customer Name", Name),
            ("Channel", Channel),
        ],
        statuses: &["Payment", "Refund"],
        id: IdStyle::Hex,
        dates: &[D::IsoDay, D::MonthFirst],
        money: &[M::Dollar],
        first_row_only: false,
        line_items: false,
        refund_rows: true,
        sjis: false,
        summary: false,
    },
    Dialect {
        name: "own-ledger",
        delimiter: b',',
        columns: &[
            ("顧客ID", Customer),
            ("購入日", Date),
            ("購入金額", Amount),
            ("原価", Cost),
            ("流入元", Channel),
            ("メールアドレス", Email),
            ("氏名", Name),
            ("電話番号", Phone),
        ],
        statuses: &[],
        id: IdStyle::Plain,
        dates: &[D::SlashDay, D::Kanji, D::Compact, D::IsoDay, D::Era],
        money: &[M::Yen, M::FullWidthYen, M::Comma, M::EnSuffix, M::FullWidthDigits, M::Triangle],
        first_row_only: false,
        line_items: false,
        refund_rows: false,
        sjis: true,
        summary: false,
    },
    Dialect {
        name: "generic-english",
        delimiter: b',',
        columns: &[
            ("order_id", OrderId),
            ("customer_id", Customer),
            ("order_date", Date),
            ("amount", Amount),
            ("status", Status),
            ("profit", Cost),
            ("channel", Channel),
            ("email", Email),
        ],
        statuses: &["shipped", "cancelled", "refunded"],
        id: IdStyle::Plain,
        dates: &ALL_DATE_STYLES,
        money: &ALL_MONEY_STYLES,
        first_row_only: false,
        line_items: false,
        refund_rows: true,
        sjis: false,
        summary: false,
    },
    Dialect {
        name: "lifetimes-summary",
        delimiter: b',',
        columns: &[
            ("customer_id", Customer),
            ("frequency", SumFrequency),
            ("recency", SumRecency),
            ("T", SumT),
            ("monetary_value", SumMonetary),
        ],
        statuses: &[],
        id: IdStyle::Plain,
        dates: &[D::IsoDay],
        money: &[M::Plain],
        first_row_only: false,
        line_items: false,
        refund_rows: false,
        sjis: false,
        summary: true,
    },
];

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

/// Cells no shop writes on purpose: formula starts, bidi controls, NUL, huge fields, broken
/// quotes, impossible dates and numbers.
pub fn hostile_cell(rng: &mut Rng) -> String {
    match rng.below(24) {
        0 => "=cmd|' /C calc'!A0".into(),
        1 => "+1+1".into(),
        2 => "@SUM(A1)".into(),
        3 => "\u{202E}1,048 rows".into(),
        4 => "\0".into(),
        5 => "\u{FEFF}=1".into(),
        6 => "\u{3000}＝1".into(),
        7 if rng.chance(20) => "x".repeat(rng.length(70_000)),
        7 => "x".repeat(rng.length(300)),
        8 => "\"".repeat(1 + rng.below(7)),
        9 => "\"unclosed".into(),
        10 => "9".repeat(1 + rng.below(60)),
        11 => "-9".repeat(1 + rng.below(30)),
        12 => (*rng
            .pick(&["NaN", "inf", "-0", "1e308", "0x1F", "1.2.3", "--5", "(5", "5)", "-99999"]))
        .into(),
        13 => (*rng.pick(&[
            "0000-00-00",
            "9999-12-31",
            "2024-02-30",
            "1900-01-01",
            "99999999999999",
            "-1",
            "1e10",
            "2024/13/45",
            "31/31/2024",
            "2024-03-05 25:61:61",
            "2024-03-05T10:00:00+99:99",
            "令和99年1月1日",
            "R6.2.30",
            "20241301",
            "0",
            "2958466",
        ]))
        .into(),
        14 => "\u{1A}".into(),
        15 => "\r".into(),
        16 => "\u{FFFD}\u{FFFD}".into(),
        17 => "繝・Φ繝励Ξ".into(),
        18 => "ｶﾀｶﾅ\\ソ表".into(),
        19 => "\u{E000}外字".into(),
        20 => "合計".into(),
        21 => "Total".into(),
        22 => " ".repeat(rng.length(5000)),
        _ => {
            let n = rng.length(64);
            (0..n).map(|_| char::from_u32(rng.below(0x3100) as u32).unwrap_or('?')).collect()
        }
    }
}

fn pad2(n: u32) -> String {
    format!("{n:02}")
}

/// The date cell of `day` at `secs` in `style`.
pub fn date_cell(style: DateStyle, day: i64, secs: u32, rng: &mut Rng) -> String {
    let (y, m, d) = ltv::date::civil_from_days(day as i32);
    let (hh, mm, ss) = (secs / 3600, secs / 60 % 60, secs % 60);
    match style {
        D::IsoDay => format!("{y}-{}-{}", pad2(m), pad2(d)),
        D::IsoSeconds => {
            format!("{y}-{}-{} {}:{}:{}", pad2(m), pad2(d), pad2(hh), pad2(mm), pad2(ss))
        }
        D::SlashDay => format!("{y}/{m}/{d}"),
        D::SlashPadded => {
            format!("{y}/{}/{} {}:{}:{}", pad2(m), pad2(d), pad2(hh), pad2(mm), pad2(ss))
        }
        D::SlashMinutes => format!("{y}/{m}/{d} {hh}:{}", pad2(mm)),
        D::Kanji => format!("{y}年{m}月{d}日"),
        D::Compact => format!("{y}{}{}", pad2(m), pad2(d)),
        D::ShopifyOffset => {
            let off = *rng.pick(&["+0900", "+0200", "-0500", "+0000"]);
            format!("{y}-{}-{} {}:{}:{} {off}", pad2(m), pad2(d), pad2(hh), pad2(mm), pad2(ss))
        }
        D::IsoT => format!("{y}-{}-{}T{}:{}:{}", pad2(m), pad2(d), pad2(hh), pad2(mm), pad2(ss)),
        D::IsoTOffset => {
            format!("{y}-{}-{}T{}:{}:{}+00:00", pad2(m), pad2(d), pad2(hh), pad2(mm), pad2(ss))
        }
        D::IsoZ => format!("{y}-{}-{}T{}:{}:{}Z", pad2(m), pad2(d), pad2(hh), pad2(mm), pad2(ss)),
        D::ExcelSerial => {
            let serial = day + 25_569;
            format!("{serial}.{:08}", u64::from(secs) * 100_000_000 / 86_400)
        }
        D::UnixSeconds => format!("{}", day * 86_400 + i64::from(secs)),
        D::MonthFirst => format!("{m}/{d}/{y}"),
        D::MonthFirstAmPm => {
            let (h12, ampm) = match hh {
                0 => (12, "AM"),
                1..=11 => (hh, "AM"),
                12 => (12, "PM"),
                _ => (hh - 12, "PM"),
            };
            format!("{m}/{d}/{y} {h12}:{}:{} {ampm}", pad2(mm), pad2(ss))
        }
        D::DayFirst => format!("{}/{}/{y}", pad2(d), pad2(m)),
        D::StripeMinutes => format!("{y}-{}-{} {}:{}", pad2(m), pad2(d), pad2(hh), pad2(mm)),
        D::Era => {
            if y >= 2019 {
                format!("令和{}年{m}月{d}日", y - 2018)
            } else {
                format!("R{}.{m}.{d}", y - 2018)
            }
        }
    }
}

fn group3(digits: &str, sep: char) -> String {
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap_or(c),
            ',' => '，',
            '.' => '．',
            '-' => '－',
            _ => c,
        })
        .collect()
}

/// The money cell of `units` (yen, or cents when `cents`) in `style`.
pub fn money_cell(style: MoneyStyle, units: i64, cents: bool) -> String {
    let neg = units < 0;
    let abs = units.unsigned_abs();
    let (whole, frac) = if cents { (abs / 100, Some(abs % 100)) } else { (abs, None) };
    let plain = match frac {
        Some(f) => format!("{whole}.{f:02}"),
        None => whole.to_string(),
    };
    let grouped = |sep: char, dec: char| {
        let g = group3(&whole.to_string(), sep);
        match frac {
            Some(f) => format!("{g}{dec}{f:02}"),
            None => g,
        }
    };
    let sign = if neg { "-" } else { "" };
    match style {
        M::Plain => format!("{sign}{plain}"),
        M::Cents => format!("{sign}{whole}.{:02}", frac.unwrap_or(0)),
        M::Comma => format!("{sign}{}", grouped(',', '.')),
        M::Yen => format!("{sign}¥{}", grouped(',', '.')),
        M::FullWidthYen => format!("{sign}￥{}", grouped(',', '.')),
        M::Backslash => format!("{sign}\\{}", grouped(',', '.')),
        M::EnSuffix => format!("{sign}{}円", grouped(',', '.')),
        M::FullWidthDigits => full_width(&format!("{sign}{}", grouped(',', '.'))),
        M::Dollar => format!("{sign}${}", grouped(',', '.')),
        M::European => format!("{sign}{}", grouped('.', ',')),
        M::Accounting if neg => format!("({})", grouped(',', '.')),
        M::Accounting => grouped(',', '.'),
        M::Triangle if neg => format!("▲{}", grouped(',', '.')),
        M::Triangle => grouped(',', '.'),
        M::CodePrefix => format!("JPY {sign}{plain}"),
    }
}

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
