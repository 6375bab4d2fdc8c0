use super::*;

fn sniffed(text: &[u8]) -> Sniffed {
    sniff(text, true, &SniffOptions::default()).unwrap()
}

#[test]
fn comma_tab_and_semicolon_files_are_told_apart() {
    assert_eq!(sniffed(b"customer_id,order_date,amount\n1,2024-01-01,100\n").delimiter, b',');
    assert_eq!(sniffed(b"customer_id\torder_date\tamount\n1\t2024-01-01\t100\n").delimiter, b'\t');
    assert_eq!(sniffed(b"customer_id;order_date;amount\n1;2024-01-01;1,5\n").delimiter, b';');
}

#[test]
fn a_title_and_blank_lines_above_the_header_are_skipped() {
    let s = sniffed(
        "注文一覧 2024年\n\n出力日,2024/04/01\n会員ID,注文日,合計金額\nA,2024/3/5,1200\n"
            .as_bytes(),
    );
    assert_eq!(s.header, ["会員ID", "注文日", "合計金額"]);
    assert_eq!(s.header_record, 2);
    assert_eq!(s.sample, [["A", "2024/3/5", "1200"]]);
}

#[test]
fn shift_jis_is_detected_and_only_cells_are_decoded() {
    let (sjis, _, _) =
        encoding_rs::SHIFT_JIS.encode("会員ID,注文日,合計金額\r\nA,2024/3/5,1200\r\n");
    let s = sniffed(&sjis);
    assert_eq!(s.encoding, TextEncoding::ShiftJis);
    assert_eq!(s.header, ["会員ID", "注文日", "合計金額"]);
}

#[test]
fn utf16_with_bom_is_transcoded_for_the_csv_reader() {
    let mut bytes = vec![0xFF, 0xFE];
    for u in "会員ID\t注文日\t合計金額\r\nA\t2024/3/5\t1200\r\n".encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    let s = sniffed(&bytes);
    assert_eq!((s.encoding, s.bom_len, s.delimiter), (TextEncoding::Utf16le, 2, b'\t'));
    assert_eq!(s.header, ["会員ID", "注文日", "合計金額"]);
}

#[test]
fn workbooks_and_empty_files_are_refused_with_a_reason() {
    assert_eq!(sniff(b"", true, &SniffOptions::default()).unwrap_err(), Error::Empty);
    assert_eq!(sniff(b"\n\r\n  \n", true, &SniffOptions::default()).unwrap_err(), Error::Empty);
    assert_eq!(
        sniff(b"PK\x03\x04\x14\x00", true, &SniffOptions::default()).unwrap_err(),
        Error::NotText { looks_like: LooksLike::Xlsx }
    );
}

#[test]
fn a_file_without_recognisable_columns_names_what_is_missing() {
    let err = sniff(b"foo,bar\n1,2\n", true, &SniffOptions::default()).unwrap_err();
    assert_eq!(err.code(), "missing_columns");
    let err = sniff(b"customer_id,foo\n1,2\n", true, &SniffOptions::default()).unwrap_err();
    assert_eq!(
        err,
        Error::MissingColumns {
            missing: vec!["date", "amount"],
            header: vec!["customer_id".into(), "foo".into()],
            looks_like_data: false
        }
    );
}

#[test]
fn the_amounts_tell_the_currency_and_a_garbled_header_is_noticed() {
    assert_eq!(sniffed(b"email,order_date,total\na@x,2024-01-01,$22.50\n").currency, Some("USD"));
    assert_eq!(
        sniffed("会員ID,注文日,金額\nA,2024/1/1,\"1,200円\"\n".as_bytes()).currency,
        Some("JPY")
    );
    assert_eq!(sniffed(b"email,order_date,total\na@x,2024-01-01,22.50\n").currency, None);
    assert!(!sniffed("会員ID,注文日,金額\nA,2024/1/1,1200\n".as_bytes()).mojibake);
    // 「注文番号」 saved as UTF-8, read as CP932 and saved again, beside readable columns.
    let garbled = "豕ｨ譁・分蜿ｷ,email,order_date,amount\n1,a@x,2024-01-01,1\n";
    assert!(sniffed(garbled.as_bytes()).mojibake);
}

#[test]
fn the_day_order_is_read_from_the_sample_when_it_can_be() {
    let s = sniffed(b"email,order_date,total\na@x,3/5/2024,1\nb@x,25/03/2024,2\n");
    assert_eq!((s.day_order, s.day_order_matters), (Some(DayOrder::DayFirst), true));
    let s = sniffed(b"email,order_date,total\na@x,3/5/2024,1\n");
    assert_eq!((s.day_order, s.day_order_matters), (None, true));
}
