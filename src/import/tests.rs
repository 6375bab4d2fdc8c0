use super::*;
use crate::encoding::TextEncoding;
use crate::overview::{customer_row, overview};

const BASIC: &[u8] = include_bytes!("../../tests/fixtures/orders_basic.csv");

pub(super) fn import(bytes: &[u8]) -> Import {
    import_bytes(bytes, &ImportOptions::default()).unwrap()
}

/// The issues the import reported, as (line, kind, value).
pub(super) fn issues_of(i: &Import) -> Vec<(u64, IssueKind, &str)> {
    i.report.counts.issues.iter().map(|x| (x.line, x.kind, x.value.as_str())).collect()
}

fn in_chunks(bytes: &[u8], size: usize) -> Result<Import> {
    let mut reader = OrderReader::new(ImportOptions::default());
    for chunk in bytes.chunks(size) {
        reader.push(chunk)?;
    }
    reader.finish()
}

/// Everything the user sees of an import, as one comparable value.
fn fingerprint_of(import: &Import) -> String {
    let ds = &import.dataset;
    let last = ds.day_range().map_or(0, |r| r.1);
    let page: Vec<_> = (0..ds.customers()).map(|c| customer_row(ds, c, last)).collect();
    format!("{:?}\n{:?}\n{:?}", import.report, overview(&import.dataset), page)
}

#[test]
fn the_basic_fixture_gives_hand_computed_totals() {
    // Kept: 1001 C001 3,300 · 1002 C002 1,200 · 1003 C001 5,000 · 1005 C003 700 ·
    // 1006 C001 1,500 · 1007 C001 2,000 (1006 and 1007 on the same day). 1004 is cancelled.
    let i = import(BASIC);
    let o = overview(&i.dataset);
    assert_eq!((o.customers, o.orders, o.purchase_days), (3, 6, 5));
    // 3300 + 1200 + 5000 + 700 + 1500 + 2000 = 13700
    assert_eq!(o.revenue.to_string(), "13700");
    // 13700 / 6 = 2283.333… → 2283.33
    assert_eq!(o.average_order_value.to_string(), "2283.33");
    // 6 orders / 3 customers
    assert_eq!(o.orders_per_customer, 2.0);
    // Only C001 bought on two or more days: 1 / 3
    assert_eq!((o.repeat_customers, o.repeat_rate), (1, 1.0 / 3.0));
    assert_eq!((o.first_day.as_str(), o.last_day.as_str()), ("2024-01-05", "2024-03-01"));
    let top: Vec<(&str, String, u32, u32)> = o
        .top_customers
        .iter()
        .map(|r| (r.key.as_str(), r.revenue.to_string(), r.orders, r.purchase_days))
        .collect();
    // C001: 3300 + 5000 + 1500 + 2000 = 11800 in 4 orders on 3 days
    assert_eq!(
        top,
        [
            ("C001", "11800".into(), 4, 3),
            ("C002", "1200".into(), 1, 1),
            ("C003", "700".into(), 1, 1)
        ]
    );
    assert_eq!(o.top_customers[0].email.as_deref(), Some("a@example.com"));
}

#[test]
fn the_report_says_how_the_basic_fixture_was_read() {
    let r = import(BASIC).report;
    assert_eq!((r.encoding, r.delimiter.as_str(), r.header_line), (TextEncoding::Utf8, ",", 1));
    assert_eq!((r.counts.rows, r.counts.orders, r.customers), (7, 6, 3));
    assert_eq!(r.customer_key, CustomerKey::CustomerId);
    assert_eq!(r.mapping["customer"], "会員ID");
    assert_eq!(r.mapping["amount"], "合計金額");
    assert_eq!(r.counts.skipped.get(&IssueKind::Cancelled), Some(&1));
    assert_eq!(
        r.counts.issues,
        [RowIssue {
            file: 0, line: 5, kind: IssueKind::Cancelled, value: "キャンセル".into()
        }]
    );
    // Quoted comma and doubled quote arrive as written.
    assert_eq!(r.sample[0][1], "Tシャツ, 白");
    assert_eq!(r.sample[1][1], "マグ \"特大\"");
    assert_eq!(r.currency, "JPY");
    assert!(r.currency_assumed);
    let rules: Vec<(&str, StatusRule, u64)> =
        r.statuses.iter().map(|s| (s.value.as_str(), s.rule, s.orders)).collect();
    assert_eq!(rules, [("発送済", StatusRule::Kept, 6), ("キャンセル", StatusRule::Excluded, 1)]);
}

#[test]
fn every_chunk_size_gives_the_identical_result() {
    let whole = fingerprint_of(&import(BASIC));
    for size in 1..=BASIC.len() {
        assert_eq!(fingerprint_of(&in_chunks(BASIC, size).unwrap()), whole, "chunk size {size}");
    }
}

/// The same orders written in every dialect the importer reads.
fn dialects() -> Vec<(&'static str, Vec<u8>)> {
    let rows = [
        ["C1", "2024/03/05 10:00", "1,200", "発送済", "Tシャツ, 白"],
        ["C2", "2024/03/06 11:00", "800", "発送済", "マグ \"特大\""],
        ["C1", "2024/04/01 09:00", "2,500", "キャンセル", "複数行\nメモ"],
        ["C3", "2024/04/02 12:00", "△300", "発送済", "返金"],
        ["C1", "2024/04/03 12:00", "1500", "発送済", "靴下"],
    ];
    let header = ["会員ID", "注文日時", "合計金額", "ステータス", "商品名"];
    let write = |delim: &str, eol: &str, quote_all: bool| {
        let cell = |c: &str| {
            if quote_all || c.contains([',', '"', '\n', ';', '\t']) {
                format!("\"{}\"", c.replace('"', "\"\""))
            } else {
                c.to_owned()
            }
        };
        let mut s = String::new();
        for r in std::iter::once(&header).chain(rows.iter()) {
            s.push_str(&r.iter().map(|c| cell(c)).collect::<Vec<_>>().join(delim));
            s.push_str(eol);
        }
        s
    };
    let utf16 = |s: &str| {
        let mut b = vec![0xFF, 0xFE];
        b.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
        b
    };
    let comma = write(",", "\r\n", false);
    let mixed = comma.replacen("\r\n", "\n", 3);
    vec![
        ("comma CRLF", comma.clone().into_bytes()),
        ("comma LF, no final newline", write(",", "\n", false).trim_end().as_bytes().to_vec()),
        ("mixed CRLF and LF", mixed.into_bytes()),
        ("old Mac CR only", write(",", "\r", false).into_bytes()),
        ("everything quoted", write(",", "\n", true).into_bytes()),
        ("tab", write("\t", "\r\n", false).into_bytes()),
        ("semicolon", write(";", "\n", false).into_bytes()),
        ("title and blank lines above", format!("受注一覧\r\n\r\n{comma}\r\n\r\n").into_bytes()),
        ("UTF-8 BOM", [&[0xEF, 0xBB, 0xBF][..], comma.as_bytes()].concat()),
        ("Shift_JIS", encoding_rs::SHIFT_JIS.encode(&comma).0.into_owned()),
        ("UTF-16LE BOM, tab", utf16(&write("\t", "\r\n", false))),
    ]
}

#[test]
fn every_dialect_gives_the_same_orders_in_every_chunk_size() {
    // Kept: C1 1,200 + 1,500; C2 800; C3's refund −300 (C3 has no order: left out).
    // C1's 2,500 is cancelled.
    for (name, bytes) in dialects() {
        let whole = import(&bytes);
        let o = overview(&whole.dataset);
        assert_eq!((o.customers, o.orders, o.revenue.to_string()), (2, 3, "3500".into()), "{name}");
        assert_eq!(whole.report.counts.skipped.get(&IssueKind::Cancelled), Some(&1), "{name}");
        let expected = fingerprint_of(&whole);
        for size in (1..=100).chain((101..bytes.len()).step_by(13)) {
            let chunked = in_chunks(&bytes, size).unwrap();
            assert_eq!(fingerprint_of(&chunked), expected, "{name}, chunk size {size}");
        }
    }
}

#[test]
fn files_larger_than_the_sniff_window_are_chunk_invariant_too() {
    let mut csv = String::from("customer_id,order_date,amount,note\n");
    for i in 0..6000 {
        csv.push_str(&format!("C{},2024-01-{:02},{},\"n, {i}\"\n", i % 700, i % 28 + 1, i % 97));
    }
    let bytes = csv.as_bytes();
    assert!(bytes.len() > SNIFF_LEN * 2);
    let whole = fingerprint_of(&import(bytes));
    for size in [1, 7, 4096, SNIFF_LEN - 1, SNIFF_LEN, SNIFF_LEN + 3] {
        assert_eq!(fingerprint_of(&in_chunks(bytes, size).unwrap()), whole, "chunk size {size}");
    }
    assert_eq!(import(bytes).report.counts.orders, 6000);
}

#[test]
fn a_bar_separated_shift_jis_file_keeps_the_characters_whose_second_byte_is_a_bar() {
    // ポ is 83 7C: its second byte is `|`, the separator. Read as bytes, `ポチ` was cut in two
    // and the header's `ポイント利用額` made a column too many.
    let text = "会員ID|注文日|合計金額|ポイント利用額|商品名\n\
                ポチ|2024-01-05|1000|0|ポット\n\
                ソラ|2024-01-06|2000|100|\"ポ|ポ\"\n\
                ポチ|2024-02-05|500|0|ポーチ\n";
    let mut bytes = Vec::new();
    let unmappable =
        crate::encoding::sjis::ShiftJisEncoder::new().encode_lossy(text, b'?', &mut bytes);
    assert_eq!(unmappable, 0);
    // Sixteen separators, one `|` in quotes, seven ポ.
    assert_eq!(bytes.iter().filter(|b| **b == b'|').count(), 16 + 1 + 7);
    let whole = import(&bytes);
    assert_eq!(whole.report.encoding, TextEncoding::ShiftJis);
    assert_eq!(whole.report.delimiter, "|");
    assert_eq!(whole.report.counts.issues.len(), 0);
    let o = overview(&whole.dataset);
    // ポチ 1000 + 500, ソラ 2000
    assert_eq!((o.customers, o.orders, o.revenue.to_string()), (2, 3, "3500".into()));
    assert_eq!(
        (o.top_customers[0].key.as_str(), o.top_customers[1].key.as_str()),
        ("ソラ", "ポチ")
    );
    let expected = fingerprint_of(&whole);
    for size in 1..bytes.len() {
        assert_eq!(
            fingerprint_of(&in_chunks(&bytes, size).unwrap()),
            expected,
            "chunk size {size}"
        );
    }
}

#[test]
fn a_header_longer_than_the_sniff_window_is_seen_whole() {
    // 12,000 further columns make a header of about 110 KB: the first 64 KiB held no whole
    // line, and the file was "missing columns" with no header to map.
    let extra: String = (0..12_000).map(|k| format!(",col{k:05}")).collect();
    let csv =
        format!("customer_id,order_date,amount{extra}\nA,2024-01-05,1000\nB,2024-01-06,500\n");
    let bytes = csv.as_bytes();
    assert!(bytes.len() > SNIFF_LEN + 40_000);
    let whole = import(bytes);
    assert_eq!(whole.report.header_line, 1);
    let o = overview(&whole.dataset);
    assert_eq!((o.customers, o.orders, o.revenue.to_string()), (2, 2, "1500".into()));
    let expected = fingerprint_of(&whole);
    for size in [7, 4096, SNIFF_LEN - 1, SNIFF_LEN, SNIFF_LEN + 3, bytes.len()] {
        assert_eq!(fingerprint_of(&in_chunks(bytes, size).unwrap()), expected, "chunk size {size}");
    }
    // Columns it does not recognise: the error names the whole header, to be mapped by hand,
    // and so does the preview the page asks for first (with a title line above the header).
    let csv = format!("注文一覧\n会員,日付,売上げ{extra}\nA,2024-01-05,1000\n");
    match import_bytes(csv.as_bytes(), &ImportOptions::default()) {
        Err(Error::MissingColumns { header, .. }) => {
            assert_eq!((header.len(), header[2].as_str()), (12_003, "売上げ"));
        }
        other => panic!("{:?}", other.map(|i| i.report.counts)),
    }
    let preview = sniff::preview(csv.as_bytes(), true, &sniff::SniffOptions::default());
    assert!(matches!(preview, Err(Error::MissingColumns { header, .. }) if header.len() == 12_003));
    // Mapped by hand, it reads.
    let mut options = ImportOptions::default();
    for (role, header) in [("customer", "会員"), ("date", "日付"), ("amount", "売上げ")] {
        options.sniff.columns.by_role.insert(role.into(), header.into());
    }
    let i = import_bytes(csv.as_bytes(), &options).unwrap();
    assert_eq!(
        (i.report.header_line, overview(&i.dataset).revenue.to_string()),
        (2, "1000".into())
    );
}

#[test]
fn a_bom_that_starts_a_line_is_text_whether_or_not_the_line_has_a_quote() {
    // csv-core drops a BOM at the start of its first input, which was wherever it first took
    // over from the fast path (the first line with a quote, a range of a split file): the same
    // cell read two ways, and a split read unlike the whole (the fuzzer found it).
    for memo in ["x", "\"q, r\""] {
        let csv = format!(
            "customer_id,order_date,amount,memo\nA,2024-01-05,1000,x\n\u{feff}B,2024-01-06,2000,{memo}\n"
        );
        let i = import(csv.as_bytes());
        assert_eq!(overview(&i.dataset).top_customers[0].key, "\u{feff}B", "memo {memo}");
        let expected = fingerprint_of(&i);
        for size in 1..csv.len() {
            let chunked = in_chunks(csv.as_bytes(), size).unwrap();
            assert_eq!(fingerprint_of(&chunked), expected, "memo {memo}, chunk size {size}");
        }
        let at = csv.find('\u{feff}').unwrap() as u64;
        let split = split::import_ranges(csv.as_bytes(), &ImportOptions::default(), &[at - 1], 3);
        assert_eq!(fingerprint_of(&split.unwrap()), expected, "memo {memo}, split");
    }
}

#[test]
fn a_last_line_without_newline_is_read_in_lf_and_crlf_files() {
    for file in [
        "customer_id,order_date,amount\nA,2024-01-01,5",
        "customer_id,order_date,amount\r\nA,2024-01-01,5",
    ] {
        assert_eq!(overview(&import(file.as_bytes()).dataset).revenue.to_string(), "5");
    }
}

#[test]
fn broken_rows_are_reported_with_their_line_and_the_rest_is_kept() {
    let csv = "title line\n\ncustomer_id,order_date,amount,memo\r\n\
               A,2024-01-01,100,\"two\nlines\"\r\n\
               B,2024-13-01,200,\r\n\
               C,2024-01-02,12x,\r\n\
               ,2024-01-03,300,\r\n\
               D,,400,\r\n\
               E,2024-01-04,,\r\n\
               customer_id,order_date,amount,memo\r\n\
               F,2024-01-05,600,\r\n";
    let i = import(csv.as_bytes());
    let issues = issues_of(&i);
    assert_eq!(
        issues,
        [
            (6, IssueKind::BadDate, "2024-13-01"),
            (7, IssueKind::BadAmount, "12x"),
            (8, IssueKind::MissingCustomer, ""),
            (9, IssueKind::MissingDate, ""),
            (10, IssueKind::MissingAmount, ""),
            (11, IssueKind::RepeatedHeader, ""),
        ]
    );
    assert_eq!(i.report.header_line, 3);
    assert_eq!((i.report.counts.rows, i.report.counts.orders), (8, 2));
    assert_eq!(overview(&i.dataset).revenue.to_string(), "700");
}

#[test]
fn shift_jis_line_item_exports_are_read_without_decoding_the_whole_file() {
    let text = "注文番号,注文日時,会員ID,合計金額,ステータス,商品名\r\n\
                P1,2024/3/5 10:00,会員ソ表,1200,発送済,表示ソフト\r\n\
                P1,2024/3/5 10:00,会員ソ表,1200,発送済,予備\r\n\
                P2,2024/3/6 10:00,会員２,△300,発送済,返品調整\r\n\
                P3,2024/3/7 10:00,会員２,900,注文キャンセル,x\r\n";
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(text);
    let whole = import(&sjis);
    assert_eq!(whole.report.encoding, TextEncoding::ShiftJis);
    let o = overview(&whole.dataset);
    assert_eq!((o.customers, o.orders, o.revenue.to_string()), (1, 1, "1200".into()));
    // P2 is a refund of 会員２, whose only order (P3) was cancelled: not a customer.
    assert_eq!((whole.report.counts.refund_rows, whole.report.refund_only_customers), (1, 1));
    assert_eq!(o.top_customers[0].key, "会員ソ表");
    for size in 1..sjis.len() {
        assert_eq!(fingerprint_of(&in_chunks(&sjis, size).unwrap()), fingerprint_of(&whole));
    }
}

#[test]
fn a_quote_never_closed_is_reported_with_the_lines_it_swallowed_in_every_chunk_size() {
    // Line 2 is kept; B's amount opens a quote on line 3 that the file never closes, so
    // lines 3 to 5 are one unread text: 3 lines reported, none silently lost.
    let csv = "customer,date,amount\nA,2024-01-05,1000\nB,2024-01-06,\"2000\n\
               C,2024-01-07,500\nD,2024-01-08,700\n";
    let i = import(csv.as_bytes());
    let issues = issues_of(&i);
    assert_eq!(issues, [(3, IssueKind::UnclosedQuote, "3–5")]);
    assert_eq!(i.report.counts.skipped[&IssueKind::UnclosedQuote], 3);
    assert_eq!((i.report.counts.rows, i.report.counts.orders), (4, 1));
    assert_eq!(overview(&i.dataset).revenue.to_string(), "1000");
    let whole = fingerprint_of(&i);
    for size in 1..csv.len() {
        assert_eq!(fingerprint_of(&in_chunks(csv.as_bytes(), size).unwrap()), whole);
    }
    // The record starts on line 3 (a closed two-line memo), the open quote is on line 4,
    // the file ends on line 6 without a line break: lines 3–6, 4 lines.
    let csv = "customer,date,amount,memo,note\r\nA,2024-01-05,1000,,\r\n\
               B,2024-01-06,2000,\"two\r\nlines\",\"never\r\nclosed\r\nC,2024-01-07,5";
    let i = import(csv.as_bytes());
    let issues = issues_of(&i);
    assert_eq!(issues, [(4, IssueKind::UnclosedQuote, "3–6")]);
    assert_eq!(i.report.counts.skipped[&IssueKind::UnclosedQuote], 4);
    // Nothing but the open quote: not "empty", but no usable row, and why.
    let err = import_bytes(b"customer,date,amount\n\"A,2024-01-05,1\n", &ImportOptions::default())
        .unwrap_err();
    assert_eq!(
        err,
        Error::NoUsableRows {
            rows: 1,
            reason: Some("unclosedQuote"),
            line: Some(2),
            value: Some("2–2".into())
        }
    );
}

#[test]
fn a_closed_quote_at_the_very_end_of_the_file_is_an_ordinary_last_field() {
    for file in [
        "customer,date,amount,memo\nA,2024-01-01,5,\"x\"",
        "customer,date,amount,memo\nA,2024-01-01,5,\"x\ny\"\n",
    ] {
        let i = import(file.as_bytes());
        assert_eq!(overview(&i.dataset).revenue.to_string(), "5", "{file:?}");
        assert!(i.report.counts.issues.is_empty(), "{file:?}");
    }
}

#[test]
fn a_file_without_a_header_row_is_said_so_and_read_by_position_when_asked() {
    let csv = "A001,2024-01-05,1000,a@x.jp\nB002,2024-01-06,2000,b@x.jp\n\
               A001,2024-02-01,500,a@x.jp\n";
    // Read as usual: the first row is no header (a date, an amount, an e-mail in it).
    let err = import_bytes(csv.as_bytes(), &ImportOptions::default()).unwrap_err();
    assert_eq!(
        err,
        Error::MissingColumns {
            missing: vec!["customer", "date", "amount"],
            header: ["A001", "2024-01-05", "1000", "a@x.jp"].map(String::from).to_vec(),
            looks_like_data: true
        }
    );
    // Columns picked from that "header": it is read, but the report says it looks like data.
    let mut picked = ImportOptions::default();
    for (role, col) in [("customer", "A001"), ("date", "2024-01-05"), ("amount", "1000")] {
        picked.sniff.columns.by_role.insert(role.into(), col.into());
    }
    let i = import_bytes(csv.as_bytes(), &picked).unwrap();
    assert_eq!((i.report.header_looks_like_data, i.report.counts.rows), (true, 2));
    // No header row: every row is data, the roles come from the cells (text, date, the
    // last number, e-mail): A001 1,000 + 500, B002 2,000.
    let mut none = ImportOptions::default();
    none.sniff.no_header = true;
    let i = import_bytes(csv.as_bytes(), &none).unwrap();
    let r = &i.report;
    assert_eq!((r.no_header, r.header_looks_like_data, r.header_line), (true, false, 0));
    assert_eq!(r.header, ["#1", "#2", "#3", "#4"]);
    let mapping: Vec<(&str, &str)> = r.mapping.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(mapping, [("amount", "#3"), ("customer", "#1"), ("date", "#2"), ("email", "#4")]);
    let o = overview(&i.dataset);
    assert_eq!(
        (r.counts.rows, o.customers, o.orders, o.revenue.to_string()),
        (3, 2, 3, "3500".into())
    );
    for size in 1..csv.len() {
        let mut reader = OrderReader::new(none.clone());
        for chunk in csv.as_bytes().chunks(size) {
            reader.push(chunk).unwrap();
        }
        assert_eq!(fingerprint_of(&reader.finish().unwrap()), fingerprint_of(&i));
    }
    // A real header does not look like data.
    assert!(!import(BASIC).report.header_looks_like_data);
}

#[test]
fn nothing_usable_is_an_error_that_names_the_main_reason() {
    let err = import_bytes(
        b"customer_id,order_date,amount\nA,soon,1\nB,later,2\n",
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        err,
        Error::NoUsableRows {
            rows: 2,
            reason: Some("badDate"),
            line: Some(2),
            value: Some("soon".into())
        }
    );
    assert_eq!(import_bytes(b"", &ImportOptions::default()).unwrap_err(), Error::Empty);
    // A header alone: no data rows, not an empty file.
    assert_eq!(
        import_bytes(b"customer_id,order_date,amount\n", &ImportOptions::default()).unwrap_err(),
        Error::NoDataRows
    );
    assert_eq!(
        import_bytes(b"customer_id,order_date,amount\r\n\r\n\r\n", &ImportOptions::default())
            .unwrap_err()
            .code(),
        "no_data_rows"
    );
}

#[test]
fn random_bytes_never_panic_and_give_a_report_or_an_error() {
    // xorshift64*: a fixed seed, so a failure is reproducible.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    let alphabet = b"ab,;\t\"\r\n0123456789-/:. \xE3\x81\x82\x82\xA0\xFF\xFEAC";
    for round in 0..400 {
        let len = (next() % 600) as usize;
        let mut bytes: Vec<u8> = if round % 2 == 0 {
            b"customer_id,order_date,amount,status\n".to_vec()
        } else {
            Vec::new()
        };
        bytes.extend((0..len).map(|_| {
            let r = next();
            if r % 5 == 0 {
                (r >> 8) as u8
            } else {
                alphabet[(r >> 16) as usize % alphabet.len()]
            }
        }));
        let chunk = 1 + (next() % 64) as usize;
        let whole = import_bytes(&bytes, &ImportOptions::default());
        let chunked = in_chunks(&bytes, chunk);
        match (whole, chunked) {
            (Ok(a), Ok(b)) => assert_eq!(fingerprint_of(&a), fingerprint_of(&b)),
            (Err(a), Err(b)) => assert_eq!(a, b),
            (a, b) => panic!("round {round}: whole {:?} vs chunked {:?}", a.is_ok(), b.is_ok()),
        }
    }
}

#[test]
fn an_empty_chunk_in_the_middle_of_a_file_changes_nothing() {
    // Found by the fuzzer (tests/fuzz_reader): csv-core reads an empty slice as the end of the
    // input, so an empty push after the sniff window ended the record it cut.
    let mut csv = String::from("customer_id,order_date,amount,memo\n");
    for i in 0..3000 {
        csv.push_str(&format!("C{},2024-01-{:02},{},\"n, {i}\"\n", i % 300, i % 28 + 1, i % 97));
    }
    let bytes = csv.as_bytes();
    assert!(bytes.len() > SNIFF_LEN + 100);
    let whole = fingerprint_of(&import(bytes));
    for cut in [SNIFF_LEN + 5, SNIFF_LEN + 23, bytes.len() - 3] {
        let mut reader = OrderReader::new(ImportOptions::default());
        for chunk in [&bytes[..cut], &[], &bytes[cut..]] {
            reader.push(chunk).unwrap();
        }
        assert_eq!(fingerprint_of(&reader.finish().unwrap()), whole, "empty chunk at {cut}");
    }
}

#[test]
fn utf16_files_cut_inside_a_code_unit_after_the_sniff_window_read_alike() {
    let mut text = String::from("\u{feff}customer_id\torder_date\tamount\tmemo\r\n");
    for i in 0..3000 {
        text.push_str(&format!(
            "会員{}\t2024-01-{:02}\t{}\tメモ {i}\r\n",
            i % 300,
            i % 28 + 1,
            i % 97
        ));
    }
    let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    assert!(bytes.len() > SNIFF_LEN + 100);
    let whole = fingerprint_of(&import(&bytes));
    let mut reader = OrderReader::new(ImportOptions::default());
    reader.push(&bytes[..SNIFF_LEN + 1]).unwrap();
    for b in bytes[SNIFF_LEN + 1..].chunks(1) {
        reader.push(b).unwrap();
    }
    assert_eq!(fingerprint_of(&reader.finish().unwrap()), whole);
}

#[test]
fn a_quote_never_closed_in_a_utf16_file_is_reported_as_in_utf8() {
    // Found by the fuzzer: the end of a UTF-16 file ended the open record as a row ("bad
    // amount") before the reader could see that its quote was never closed.
    let csv = "customer,date,amount\nA,2024-01-05,1000\nB,2024-01-06,\"2000\nC,2024-01-07,500\n";
    let utf8 = import(csv.as_bytes());
    assert_eq!(utf8.report.counts.skipped[&IssueKind::UnclosedQuote], 2);
    for bom in [[0xFF, 0xFE], [0xFE, 0xFF]] {
        let mut bytes = bom.to_vec();
        for u in csv.encode_utf16() {
            bytes.extend(if bom[0] == 0xFF { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        assert_eq!(import(&bytes).report.counts, utf8.report.counts);
    }
}

#[test]
fn a_repeated_japanese_header_in_a_shift_jis_file_is_a_repeated_header() {
    // Found by the fuzzer: the header was compared as UTF-8 with the Shift_JIS bytes of the
    // rows, so two monthly 楽天 exports pasted together reported a "bad date" in the second
    // header instead of a repeated header.
    let text =
        "会員ID,注文日,合計金額\r\nA,2024/3/5,1200\r\n会員ID,注文日,合計金額\r\nB,2024/4/1,800\r\n";
    let utf8 = import(text.as_bytes());
    let sjis = import(&encoding_rs::SHIFT_JIS.encode(text).0);
    assert_eq!(sjis.report.encoding, TextEncoding::ShiftJis);
    let issues: Vec<(u64, IssueKind)> =
        sjis.report.counts.issues.iter().map(|i| (i.line, i.kind)).collect();
    assert_eq!(issues, [(3, IssueKind::RepeatedHeader)]);
    assert_eq!(sjis.report.counts, utf8.report.counts);
}

#[test]
fn a_repeated_header_with_ideographic_spaces_is_a_repeated_header() {
    // The header is decoded and trimmed of every space; the rows were compared with it
    // trimmed of ASCII spaces only, so `合計金額　` (U+3000) again below was a "bad date".
    let text = "会員ID,注文日,合計金額\u{3000}\r\nA,2024/3/5,1200\r\n\u{3000}会員ID,注文日 ,合計金額\u{3000}\r\n\
                B,2024/4/1,800\r\n";
    for bytes in [text.as_bytes().to_vec(), encoding_rs::SHIFT_JIS.encode(text).0.into_owned()] {
        let i = import(&bytes);
        let issues: Vec<(u64, IssueKind)> =
            i.report.counts.issues.iter().map(|i| (i.line, i.kind)).collect();
        assert_eq!(issues, [(3, IssueKind::RepeatedHeader)]);
        assert_eq!(overview(&i.dataset).revenue.to_string(), "2000");
    }
}

#[test]
fn lower_casing_e_mails_never_changes_a_shift_jis_character() {
    // Found by the fuzzer: e-mail keys were lower-cased byte by byte, and a Shift_JIS
    // character's second byte can be an ASCII capital: 広 (8D 4C, 'L') became 考 (8D 6C, 'l'),
    // so two customers merged and the key read wrong.
    let text = "メールアドレス,注文日,合計金額\r\n広@Example.jp,2024/3/5,1200\r\n\
                考@example.jp,2024/3/6,800\r\nTARO@EXAMPLE.JP,2024/3/7,500\r\n";
    let sjis = encoding_rs::SHIFT_JIS.encode(text).0;
    for bytes in [text.as_bytes(), &sjis[..]] {
        let ds = import(bytes).dataset;
        let mut keys: Vec<String> = (0..ds.customers()).map(|c| ds.key(c).into_owned()).collect();
        keys.sort();
        assert_eq!(keys, ["taro@example.jp", "広@example.jp", "考@example.jp"]);
    }
}

#[test]
fn a_shop_offset_outside_the_earths_time_zones_is_refused() {
    // Found by the fuzzer: `shopUtcOffsetMinutes: 2147483647` moved an Amazon file's UTC
    // dates by 4,000 years, and the analysis of that span took 24 GB.
    let with = |minutes: i32| {
        ImportRequest { shop_utc_offset_minutes: Some(minutes), ..Default::default() }
            .into_options()
    };
    for minutes in [i32::MAX, i32::MIN, 841, -721, 100_000] {
        assert_eq!(with(minutes).unwrap_err().code(), "bad_options", "{minutes}");
    }
    for minutes in [-720, 0, 540, 840] {
        assert_eq!(with(minutes).unwrap().shop_utc_offset_min, minutes);
    }
}

#[test]
fn amounts_that_overflow_when_combined_are_bad_amounts_never_a_panic() {
    // Found by the fuzzer: a unit price times its quantity, the lines of one order, an amount
    // less its refund or an amount plus an adjustment column can pass Decimal's 28 digits, and
    // the arithmetic panicked (a crashed worker in the browser).
    let max = "79228162514264337593543950335";
    let files = [
        format!("会員ID,注文日,単価,個数\nA,2024-01-01,{max},2\nB,2024-01-02,100,1\n"),
        format!("注文番号,会員ID,注文日,小計\n1,A,2024-01-01,{max}\n1,A,2024-01-01,{max}\n2,B,2024-01-02,100\n"),
        format!("Name,Email,Created at,Total,Refunded Amount\n#1,a@x.jp,2024-01-01,-{max},{max}\n#2,b@x.jp,2024-01-02,100,\n"),
        format!("customer_id,order_date,amount,cost\nA,2024-01-01,-{max},{max}\nB,2024-01-02,100,50\n"),
    ];
    for (file, rows) in files.iter().zip([1, 2, 1, 1]) {
        let i = import(file.as_bytes());
        assert_eq!(i.report.counts.skipped.get(&IssueKind::BadAmount), Some(&rows), "{file}");
        assert_eq!(overview(&i.dataset).revenue.to_string(), "100", "{file}");
    }
    // An adjustment column (楽天's shop coupon) that takes the amount past 28 digits.
    let mut options = ImportOptions::default();
    options.sniff.columns.adjustments = Some(vec!["-クーポン".into()]);
    let file =
        format!("会員ID,注文日,合計金額,クーポン\nA,2024-01-01,-{max},{max}\nB,2024-01-02,100,0\n");
    let i = import_bytes(file.as_bytes(), &options).unwrap();
    assert_eq!(overview(&i.dataset).revenue.to_string(), "100");
}
