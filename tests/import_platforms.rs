//! 売上 as each platform's export defines it (README, "One definition of 売上"): goods, shipping
//! and fees charged to the buyer, minus discounts the shop funds, minus refunds; never minus
//! marketplace-funded points. Each fixture is written from the platform's documented header
//! (../shared/order-formats.md) and its totals are computed by hand in the test.

use ltv::import::{import_bytes, CurrencyBasis, Import, ImportOptions, IssueKind};
use ltv::overview::overview;

fn import(bytes: &[u8]) -> Import {
    import_bytes(bytes, &ImportOptions::default()).expect("the fixture imports")
}

fn revenue_of(i: &Import, key: &str) -> String {
    let ds = &i.dataset;
    let c = (0..ds.customers()).find(|&c| ds.key(c) == key).expect("customer");
    let units: i128 = ds.purchases_of(c).iter().map(|p| i128::from(p.revenue.units())).sum();
    ltv::money::Money::sum_to_decimal(units).to_string()
}

fn days_of(i: &Import, key: &str) -> Vec<(String, String)> {
    let ds = &i.dataset;
    let c = (0..ds.customers()).find(|&c| ds.key(c) == key).expect("customer");
    ds.purchases_of(c)
        .iter()
        .map(|p| (ltv::date::format_day(p.day), p.revenue.to_decimal().to_string()))
        .collect()
}

#[test]
fn amazon_order_report_revenue_is_items_plus_shipping_and_gift_wrap_less_promotions() {
    let i = import(include_bytes!("fixtures/platforms/amazon_order_report.txt"));
    let o = overview(&i.dataset);
    // 503-1: 3,000 + 500 − 300 (promotion) + 1,500 = 4,700 (purchase-date 15:30 GMT = 00:30 JST
    //        the next day); 503-2: 2,000 + 400 + 200 (gift wrap) − 400 (free-shipping promotion)
    //        = 2,200; 503-3: 5,000 + 600 − 500 (a second promotion on a continuation line) = 5,100.
    assert_eq!((o.customers, o.orders, o.revenue.to_string()), (2, 3, "12000".into()));
    assert_eq!(
        days_of(&i, "abc123@marketplace.amazon.co.jp"),
        [("2024-03-05".into(), "4700".into()), ("2024-04-10".into(), "2200".into())]
    );
    assert_eq!(revenue_of(&i, "xyz789@marketplace.amazon.co.jp"), "5100");
    let terms: Vec<(String, &str)> = i
        .report
        .amount_adjustments
        .iter()
        .map(|a| (format!("{:?}", a.sign), a.column.as_str()))
        .collect();
    assert_eq!(
        terms,
        [
            ("Plus".into(), "shipping-price"),
            ("Plus".into(), "gift-wrap-price"),
            ("Minus".into(), "item-promotion-discount"),
            ("Minus".into(), "ship-promotion-discount"),
        ]
    );
    assert_eq!(i.report.mapping["amount"], "item-price");
    assert_eq!(i.report.counts.line_item_rows, 2, "the second item and the continuation line");
}

#[test]
fn rakuten_revenue_is_the_order_total_less_shop_coupons_once_per_order() {
    let i = import(include_bytes!("fixtures/platforms/rakuten_rms_orders.csv"));
    let o = overview(&i.dataset);
    // 合計金額 − 店舗発行クーポン利用額, once per 注文番号 (repeated on every 商品明細 row):
    // 5,600 − 500 = 5,100 (楽天発行クーポン 300 and ポイント 200 are paid to the shop by 楽天);
    // 3,000; 8,800 (ポイント 1,000 not subtracted); 2,200 − 200 = 2,000. The キャンセル確定 order
    // of 4,000 is left out.
    assert_eq!((o.customers, o.orders, o.revenue.to_string()), (3, 4, "18900".into()));
    assert_eq!(revenue_of(&i, "a1b2c3@pc.fw.rakuten.ne.jp"), "8100");
    assert_eq!(revenue_of(&i, "d4e5f6@pc.fw.rakuten.ne.jp"), "8800");
    assert_eq!(i.report.counts.skipped.get(&IssueKind::Cancelled), Some(&1));
    assert_eq!(i.report.mapping["amount"], "合計金額");
    let terms: Vec<&str> = i.report.amount_adjustments.iter().map(|a| a.column.as_str()).collect();
    assert_eq!(terms, ["店舗発行クーポン利用額"]);
}

#[test]
fn woocommerce_refund_rows_belong_to_their_order_and_never_twice_to_a_refunded_one() {
    let i = import(include_bytes!("fixtures/platforms/woocommerce_analytics_orders.csv"));
    let o = overview(&i.dataset);
    // 佐藤: 3,000 + 2,500 + (6,000 − 1,000 refunded on 05-20, counted on the order's day 05-01);
    // 鈴木: 4,500 (order 1004 cancelled); 田中: 1,000 (order 1006 refunded in full and left out:
    // its refund row of −3,500 is not subtracted again).
    assert_eq!((o.customers, o.orders, o.revenue.to_string()), (3, 5, "16000".into()));
    assert_eq!(
        days_of(&i, "佐藤 花子"),
        [
            ("2024-03-01".into(), "3000".into()),
            ("2024-03-10".into(), "2500".into()),
            ("2024-05-01".into(), "5000".into())
        ]
    );
    assert_eq!(revenue_of(&i, "田中 一郎"), "1000");
    let c = &i.report.counts;
    assert_eq!((c.refund_rows, c.refunds_moved_to_their_order), (1, 1));
    // The refunded order and its refund row; the cancelled order.
    assert_eq!(c.skipped.get(&IssueKind::Refunded), Some(&2));
    assert_eq!(c.skipped.get(&IssueKind::Cancelled), Some(&1));
    assert_eq!(i.report.last_day.as_deref(), Some("2024-05-01"));
}

#[test]
fn amounts_with_cents_are_dollars_not_yen_when_the_file_does_not_say() {
    let i = import(include_bytes!("fixtures/platforms/usd_ledger.csv"));
    assert_eq!(overview(&i.dataset).revenue.to_string(), "216.77");
    let r = &i.report;
    assert_eq!(
        (r.currency.as_str(), r.currency_assumed, r.currency_basis),
        ("USD", true, CurrencyBasis::Cents)
    );
    // The user's choice on the import check wins.
    let options = ImportOptions { currency: Some("EUR".into()), ..ImportOptions::default() };
    let r =
        import_bytes(include_bytes!("fixtures/platforms/usd_ledger.csv"), &options).unwrap().report;
    assert_eq!(
        (r.currency.as_str(), r.currency_assumed, r.currency_basis),
        ("EUR", false, CurrencyBasis::Caller)
    );
    // Whole amounts written with `.00` stay yen.
    let yen = import(b"customer_id,order_date,amount\nA,2024-01-01,1200.00\nB,2024-01-02,800.00\n");
    assert_eq!(
        (yen.report.currency.as_str(), yen.report.currency_basis),
        ("JPY", CurrencyBasis::Default)
    );
}

#[test]
fn a_shop_can_change_the_revenue_formula() {
    let bytes = include_bytes!("fixtures/platforms/rakuten_rms_orders.csv");
    let mut options = ImportOptions::default();
    // No adjustment: 合計金額 alone (5,600 + 3,000 + 8,800 + 2,200).
    options.sniff.columns.adjustments = Some(vec![]);
    let o = overview(&import_bytes(bytes, &options).unwrap().dataset);
    assert_eq!(o.revenue.to_string(), "19600");
    // Both coupons subtracted (the shop's own choice): 19,600 − 700 − 300.
    options.sniff.columns.adjustments =
        Some(vec!["-店舗発行クーポン利用額".into(), "−楽天発行クーポン利用額".into()]);
    let o = overview(&import_bytes(bytes, &options).unwrap().dataset);
    assert_eq!(o.revenue.to_string(), "18600");
    options.sniff.columns.adjustments = Some(vec!["-クーポン".into()]);
    assert!(matches!(
        import_bytes(bytes, &options),
        Err(ltv::Error::UnknownColumn { role: "amount", .. })
    ));
}

/// Reads several files as one shop (the JS API's array of files).
fn import_files(files: &[&[u8]]) -> Import {
    let mut batch = ltv::import::Batch::new();
    for bytes in files {
        let mut reader = batch.next_file(ImportOptions::default());
        reader.push(bytes).expect("readable");
        batch = reader.finish_into().expect("the file imports");
    }
    batch.finish().expect("the files import")
}

/// The lines of a file (bytes, CRLF) whose order number contains one of `orders`, with the header.
fn rakuten_part(orders: &[&str]) -> Vec<u8> {
    let bytes = include_bytes!("fixtures/platforms/rakuten_rms_orders.csv");
    let mut lines = bytes.split(|b| *b == b'\n').filter(|l| !l.is_empty());
    let mut out = lines.next().expect("header").to_vec();
    out.push(b'\n');
    for line in lines {
        if orders.iter().any(|o| line.windows(o.len()).any(|w| w == o.as_bytes())) {
            out.extend_from_slice(line);
            out.push(b'\n');
        }
    }
    out
}

#[test]
fn two_rakuten_periods_with_an_overlapping_order_count_it_once() {
    // March: orders 1, 3, 4 (cancelled); April: order 3 again (the periods overlap), 2 and 5.
    let march = rakuten_part(&["-0000000001", "-0000000003", "-0000000004"]);
    let april = rakuten_part(&["-0000000003", "-0000000002", "-0000000005"]);
    let i = import_files(&[&march, &april]);
    let o = overview(&i.dataset);
    // The same totals as the single file: 5,100 + 3,000 + 8,800 + 2,000.
    assert_eq!((o.customers, o.orders, o.revenue.to_string()), (3, 4, "18900".into()));
    let r = &i.report;
    assert_eq!(r.counts.skipped.get(&IssueKind::DuplicateOrder), Some(&1));
    assert_eq!(r.files.len(), 2);
    assert_eq!((r.files[0].counts.rows, r.files[1].counts.rows), (4, 3));
    assert_eq!((r.files[0].counts.orders, r.files[1].counts.orders), (2, 2));
    let dup = r.counts.issues.iter().find(|x| x.kind == IssueKind::DuplicateOrder).unwrap();
    assert_eq!((dup.file, dup.line), (1, 3)); // April: header, order 2, then order 3
}

#[test]
fn rakuten_and_the_own_shop_match_customers_by_email_and_phone() {
    let i = import_files(&[
        include_bytes!("fixtures/platforms/rakuten_rms_orders.csv"),
        include_bytes!("fixtures/platforms/own_shop_ledger.csv"),
    ]);
    let o = overview(&i.dataset);
    // M001 has 高橋's 楽天 e-mail, M002 伊藤's phone (090-1111-2222 in three 楽天 columns):
    // 3 + 3 customers of whom 2 are the same people. 18,900 + 4,000 + 2,500 + 1,000.
    assert_eq!((o.customers, o.orders, o.revenue.to_string()), (4, 7, "26400".into()));
    assert_eq!(i.report.merged_customers, 2);
    assert_eq!(revenue_of(&i, "a1b2c3@pc.fw.rakuten.ne.jp"), "12100");
    assert_eq!(revenue_of(&i, "d4e5f6@pc.fw.rakuten.ne.jp"), "11300");
    assert_eq!(revenue_of(&i, "M003"), "1000");
}

#[test]
fn contact_columns_are_kept_when_mapped_and_joined_when_split() {
    let i = import(include_bytes!("fixtures/platforms/rakuten_rms_orders.csv"));
    let ds = &i.dataset;
    let c = (0..ds.customers()).find(|&c| ds.key(c) == "d4e5f6@pc.fw.rakuten.ne.jp").unwrap();
    // 注文者姓 + 注文者名, 郵便番号1-2, 住所 in three parts, 電話番号 in three.
    let contact: Vec<Option<String>> =
        (0..4).map(|s| ds.contact(c, s).map(|v| v.into_owned())).collect();
    assert_eq!(
        contact,
        [
            Some("伊藤 健".into()),
            Some("460-0008".into()),
            Some("愛知県名古屋市中区栄3-4-5".into()),
            Some("090-1111-2222".into())
        ]
    );
    assert_eq!(i.report.mapping["name"], "注文者姓");
    // Shopify writes zip codes (and some shops phone numbers) as `'100-0001` so that Excel keeps
    // the leading zero: the apostrophe is dropped; a name or address keeps its own.
    let shopify = import(
        "Name,Email,Created at,Total,Billing Name,Billing Address1,Billing Zip,Billing Phone\n\
         #1,a@x.jp,2024-01-01,100,O'Brien,'A棟,'100-0001,'0312345678\n"
            .as_bytes(),
    );
    let contact: Vec<Option<String>> =
        (0..4).map(|s| shopify.dataset.contact(0, s).map(|v| v.into_owned())).collect();
    let want = ["O'Brien", "100-0001", "'A棟", "0312345678"].map(|v| Some(v.to_owned()));
    assert_eq!(contact, want);
    // A file without contact columns keeps none.
    let plain = import(b"customer_id,order_date,amount\nA,2024-01-01,100\n");
    assert_eq!(plain.dataset.has_contacts(), [false; 4]);
}

#[test]
fn two_rakuten_downloads_in_shift_jis_make_one_shop_with_the_repeated_order_counted_once() {
    let i = import_files(&[
        include_bytes!("fixtures/platforms/rakuten_rms_orders.csv"),
        include_bytes!("fixtures/platforms/rakuten_rms_orders_2024-04.csv"),
    ]);
    let o = overview(&i.dataset);
    // March: 18,900 (4 orders, 高橋, 伊藤, 渡辺). April, 合計金額 − 店舗発行クーポン利用額 per
    // order: order 2 again (a duplicate of March's, not counted); 伊藤's 6,000 − 400 = 5,600
    // (two lines; ポイント 300 not subtracted); 小林's 2,400 (楽天発行クーポン 200 not subtracted)
    // and 3,000 − 300 = 2,700; 渡辺's キャンセル確定 5,000 left out. 18,900 + 10,700.
    assert_eq!((o.customers, o.orders, o.revenue.to_string()), (4, 7, "29600".into()));
    assert_eq!(revenue_of(&i, "d4e5f6@pc.fw.rakuten.ne.jp"), "14400");
    assert_eq!(revenue_of(&i, "j1k2l3@pc.fw.rakuten.ne.jp"), "5100");
    assert_eq!(revenue_of(&i, "a1b2c3@pc.fw.rakuten.ne.jp"), "8100");
    let r = &i.report;
    assert_eq!(r.encoding, ltv::encoding::TextEncoding::ShiftJis);
    assert_eq!(r.counts.skipped.get(&IssueKind::DuplicateOrder), Some(&1));
    assert_eq!(r.counts.skipped.get(&IssueKind::Cancelled), Some(&2));
    let dup: Vec<(u32, u64, &str)> = r
        .counts
        .issues
        .iter()
        .filter(|x| x.kind == IssueKind::DuplicateOrder)
        .map(|x| (x.file, x.line, x.value.as_str()))
        .collect();
    // The second file (numbered from 0), its first data line.
    assert_eq!(dup, [(1, 2, "123456-20240402-0000000002")]);
    let april = &r.files[1];
    // 高橋 (only the duplicate) and 渡辺 (only cancelled) are not April's customers.
    assert_eq!((april.counts.rows, april.counts.orders, april.customers), (6, 3, 2));
    assert_eq!(april.encoding, ltv::encoding::TextEncoding::ShiftJis);
    assert_eq!(
        (april.first_day.as_deref(), april.last_day.as_deref()),
        (Some("2024-04-08"), Some("2024-04-28"))
    );
}

#[test]
fn ec_cube_and_makeshop_names_reach_the_customer_list() {
    let name_of = |csv: &str, key: &str| {
        let i = import(csv.as_bytes());
        let ds = &i.dataset;
        let c = (0..ds.customers()).find(|&c| ds.key(c) == key).expect("customer");
        ds.contact(c, 0).map(|v| v.into_owned())
    };
    // EC-CUBE 受注CSV: お名前(姓) + お名前(名) joined with a space, like 楽天's 注文者姓 + 注文者名.
    let ec_cube = "注文ID,会員ID,お名前(姓),お名前(名),お名前(セイ),お名前(メイ),メールアドレス,支払合計,対応状況(名称),受注日\n\
                   1001,12,山田,太郎,ヤマダ,タロウ,taro@example.jp,5500,発送済み,2024/04/01 10:00:00\n";
    assert_eq!(name_of(ec_cube, "12").as_deref(), Some("山田 太郎"));
    // MakeShop: 注文者 is the buyer's name (its 振り仮名 column is not).
    let makeshop = "日付,注文時間,注文番号,処理状況,会員ID,注文者,注文者(振り仮名),合計金額\n\
                    2024/4/2,103309,P171323551145213731,配送,M9,佐々木 花,ササキ ハナ,3300\n";
    assert_eq!(name_of(makeshop, "M9").as_deref(), Some("佐々木 花"));
}

#[test]
fn ec_cube_cancelled_orders_are_read_from_the_status_name_not_its_code() {
    // EC-CUBE 受注CSV: 対応状況(ID) 3 is 注文取消し; the rules read 対応状況(名称).
    let csv = "注文ID,会員ID,メールアドレス,支払合計,対応状況(ID),対応状況(名称),受注日\n\
               1001,12,taro@example.jp,5500,5,発送済み,2024/04/01 10:00:00\n\
               1002,12,taro@example.jp,3000,3,注文取消し,2024/04/03 10:00:00\n\
               1003,15,hana@example.jp,2200,5,発送済み,2024/04/05 10:00:00\n";
    let i = import(csv.as_bytes());
    let o = overview(&i.dataset);
    // 5,500 + 2,200; order 1002 left out.
    assert_eq!((o.customers, o.orders, o.revenue.to_string()), (2, 2, "7700".into()));
    assert_eq!(i.report.mapping["status"], "対応状況(名称)");
    assert_eq!(i.report.counts.skipped.get(&IssueKind::Cancelled), Some(&1));
}

#[test]
fn shopify_revenue_is_total_once_per_order_less_refunded_amount_without_cancelled_orders() {
    let i = import(include_bytes!("fixtures/platforms/shopify_orders_export.csv"));
    let o = overview(&i.dataset);
    // #1001: Total 5,500 (its second line item's row is blank, not 0); #1002: 3,750 − 1,200
    // refunded = 2,550; #1003 voided and cancelled: left out; #1004: 4,800 (coupon already in
    // Total). 5,500 + 2,550 + 4,800 = 12,850.
    assert_eq!((o.customers, o.orders, o.revenue.to_string()), (2, 3, "12850".into()));
    assert_eq!(revenue_of(&i, "hana@example.jp"), "8050");
    assert_eq!(revenue_of(&i, "taro@example.jp"), "4800");
    assert_eq!(i.report.mapping["amount"], "Total");
    assert_eq!(i.report.mapping["refund"], "Refunded Amount");
}
