//! The LTV pack (src/pack/): a pack of the orders gives every view's numbers as the orders do;
//! packs merge into the pack of the union; no personal data leaves in a pack; hostile packs are
//! refused with a code, never a panic.

use ltv::analysis::{analyze, AnalysisParams};
use ltv::import::{import_bytes, Import, ImportOptions};
use ltv::pack::{self, Pack};
use ltv::Error;

const SALT: &str = "test-salt-0123";

fn import(bytes: &[u8]) -> Import {
    import_bytes(bytes, &ImportOptions::default()).unwrap()
}

/// The orders read without their coupon column: a pack carries no coupon codes (the table by
/// first coupon needs the order file), so this is what a pack's analysis equals.
fn import_without_coupons(bytes: &[u8]) -> Import {
    let mut options = ImportOptions::default();
    options.sniff.columns.by_role.insert("coupon".into(), String::new());
    import_bytes(bytes, &options).unwrap()
}

fn pack_of(i: &Import) -> Vec<u8> {
    pack::export(&i.dataset, SALT, &i.report.currency).unwrap()
}

const FIXTURES: [(&str, &[u8]); 12] = [
    ("orders_basic", include_bytes!("fixtures/orders_basic.csv")),
    ("orders_dashboard", include_bytes!("fixtures/orders_dashboard.csv")),
    ("orders_first_products", include_bytes!("fixtures/orders_first_products.csv")),
    ("orders_cohorts", include_bytes!("fixtures/orders_cohorts.csv")),
    ("orders_status", include_bytes!("fixtures/orders_status.csv")),
    ("amazon", include_bytes!("fixtures/platforms/amazon_order_report.txt")),
    ("rakuten", include_bytes!("fixtures/platforms/rakuten_rms_orders.csv")),
    ("shopify", include_bytes!("fixtures/platforms/shopify_orders_export.csv")),
    ("woocommerce", include_bytes!("fixtures/platforms/woocommerce_analytics_orders.csv")),
    ("own_shop", include_bytes!("fixtures/platforms/own_shop_ledger.csv")),
    ("usd", include_bytes!("fixtures/platforms/usd_ledger.csv")),
    ("pack_orders", include_bytes!("fixtures/pack_orders.csv")),
];

fn json<T: serde::Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).unwrap()
}

/// The analysis without the customer keys of the 定期 lists' previews (a pack names its
/// customers by salted ids), and with the model figures (floats) to 12 significant digits: a
/// pack lists the customers in another order, so sums over them may differ in the last bit.
fn without_list_keys(mut a: serde_json::Value) -> serde_json::Value {
    fn round(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Number(n) if n.is_f64() => {
                let x = n.as_f64().unwrap_or(0.0);
                let r: f64 = format!("{x:.11e}").parse().unwrap_or(x);
                *v = serde_json::json!(r);
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(round),
            serde_json::Value::Object(o) => o.values_mut().for_each(round),
            _ => {}
        }
    }
    round(&mut a);
    if let Some(s) = a.get_mut("subscription").and_then(|s| s.as_object_mut()) {
        for list in s.values_mut() {
            for row in list.get_mut("preview").and_then(|p| p.as_array_mut()).into_iter().flatten()
            {
                row.as_object_mut().map(|r| r.remove("key"));
            }
        }
    }
    a
}

#[test]
fn a_pack_of_each_fixture_gives_the_same_analysis_as_its_orders() {
    let margin = AnalysisParams { gross_margin_percent: Some(40.into()), ..Default::default() };
    let top_line = AnalysisParams {
        products: serde_json::from_value(serde_json::json!({"firstProduct": "topLine"})).unwrap(),
        ..Default::default()
    };
    for (name, bytes) in FIXTURES {
        let orders = import_without_coupons(bytes);
        let p = Pack::decode(&pack_of(&import(bytes))).unwrap();
        assert!(p.dataset.coupons.is_none(), "{name}");
        for params in [AnalysisParams::default(), margin.clone(), top_line.clone()] {
            let want = without_list_keys(json(&analyze(&orders.dataset, &params).unwrap()));
            let got = without_list_keys(json(&analyze(&p.dataset, &params).unwrap()));
            assert_eq!(got, want, "{name}");
        }
        let o = |ds| {
            let mut o = json(&ltv::overview::overview(ds));
            o.as_object_mut().unwrap().remove("topCustomers");
            o
        };
        assert_eq!(o(&p.dataset), o(&orders.dataset), "{name}");
        assert_eq!(p.info.currency, orders.report.currency, "{name}");
    }
}

#[test]
fn a_pack_read_and_written_again_is_the_same_bytes() {
    for (name, bytes) in FIXTURES {
        let written = pack_of(&import(bytes));
        assert_eq!(Pack::decode(&written).unwrap().to_bytes(), written, "{name}");
    }
}

#[test]
fn the_dashboard_fixture_packs_to_these_exact_lines() {
    let text = String::from_utf8(pack_of(&import(FIXTURES[1].1))).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[..11],
        [
            "record,id,name,first_day,last_day,purchase_days,orders,revenue,gross_profit,revenue_first_365,channel,days,day_orders,day_revenue,day_profit,day_products",
            "meta,format,ltv-pack,,,,,,,,,,,,,",
            "meta,version,1,,,,,,,,,,,,,",
            &format!("meta,salt_id,{},,,,,,,,,,,,,", pack::salt_id(SALT).unwrap()),
            "meta,currency,JPY,,,,,,,,,,,,,",
            "meta,gross_profit,yes,,,,,,,,,,,,,",
            "meta,channel,yes,,,,,,,,,,,,,",
            "meta,products,no,,,,,,,,,,,,,",
            "channel,0,Google広告,,,,,,,,,,,,,",
            "channel,1,Instagram,,,,,,,,,,,,,",
            "channel,2,LINE,,,,,,,,,,,,,",
        ]
    );
    // E005: six purchase days of ¥5,000 (cost ¥2,000) from 2024-01-05, by LINE.
    let e005 = pack::customer_id(SALT, "E005");
    let row = lines.iter().find(|l| l.starts_with(&format!("customer,{e005},"))).unwrap();
    assert_eq!(
        row.split(',').skip(3).collect::<Vec<_>>(),
        [
            "2024-01-05",
            "2024-12-15",
            "6",
            "6",
            "30000",
            "18000",
            "30000",
            "2",
            "0 60 61 61 62 101",
            "",
            "5000 5000 5000 5000 5000 5000",
            "3000 3000 3000 3000 3000 3000",
            ""
        ]
    );
    assert_eq!(lines.len(), 11 + 7, "seven customers");
}

#[test]
fn a_default_pack_holds_no_key_email_name_phone_or_address() {
    for (name, bytes) in FIXTURES {
        let orders = import(bytes);
        let text = String::from_utf8(pack_of(&orders)).unwrap();
        let ds = &orders.dataset;
        for c in 0..ds.customers() {
            let mut personal = vec![ds.key(c).into_owned()];
            personal.extend(ds.email(c).map(|e| e.into_owned()));
            personal.extend((0..4).filter_map(|slot| ds.contact(c, slot).map(|v| v.into_owned())));
            for value in personal.iter().filter(|v| v.len() >= 3) {
                assert!(!text.contains(value.as_str()), "{name}: {value:?} is in the pack");
            }
        }
        assert!(!text.contains('@'), "{name}: an e-mail is in the pack");
    }
    // The fixture with names, phones and addresses has them (the test above is not vacuous).
    let status = import(FIXTURES[4].1);
    assert_eq!(status.dataset.contact(0, 0).as_deref(), Some("山田 花子"));
    assert_eq!(status.dataset.contact(0, 3).as_deref(), Some("090-1111-0001"));
}

/// A year of a shop's orders, deterministic: customers return at random, with a channel, a
/// cost and a product on every order; no order and no refund crosses a month.
fn year_of_orders() -> Vec<(u32, String, String)> {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let channels = ["Google広告", "Instagram", "LINE", "紹介"];
    let products = ["美容液", "【お試し】美容液", "化粧水", "送料", "【定期】美容液"];
    let mut rows = Vec::new();
    for n in 0..1500u32 {
        let month = 1 + next(12) as u32;
        let day = 1 + next(28) as u32;
        let customer = next(300);
        let price = 500 + 100 * next(50);
        let line = format!(
            "O{n},C{customer:03},2024-{month:02}-{day:02},{price},{},{},{}",
            price * 4 / 10,
            channels[next(4) as usize],
            products[next(5) as usize],
        );
        rows.push((month, line, format!("O{n}")));
        if next(20) == 0 {
            // A refund of part of this order, in its month.
            let refund = format!("O{n},C{customer:03},2024-{month:02}-28,-{},0,,", price / 2);
            rows.push((month, refund, format!("O{n}")));
        }
    }
    rows
}

const HEADER: &str = "注文番号,顧客ID,注文日,金額,粗利,流入元,商品名\n";

#[test]
fn twelve_monthly_packs_merged_equal_the_pack_of_the_year() {
    let rows = year_of_orders();
    let file = |month: Option<u32>| {
        let mut s = HEADER.to_owned();
        for (m, line, _) in &rows {
            if month.is_none_or(|x| x == *m) {
                s.push_str(line);
                s.push('\n');
            }
        }
        s
    };
    let year = pack_of(&import(file(None).as_bytes()));
    let months: Vec<Pack> = (1..=12)
        .map(|m| Pack::decode(&pack_of(&import(file(Some(m)).as_bytes()))).unwrap())
        .collect();
    // In any order of the months.
    let mut shuffled = months.clone();
    shuffled.reverse();
    shuffled.swap(2, 7);
    let merged = Pack::merge(shuffled).unwrap();
    assert_eq!(merged.info.packs, 12);
    assert_eq!(
        String::from_utf8(merged.to_bytes()).unwrap(),
        String::from_utf8(year.clone()).unwrap()
    );
    let ds = &Pack::decode(&year).unwrap().dataset;
    assert_eq!((ds.customers(), ds.purchases.len()), (299, 1490));
    // Two halves (merged packs merge again) give the same.
    let (a, b) = months.split_at(5);
    let halves = [Pack::merge(a.to_vec()).unwrap(), Pack::merge(b.to_vec()).unwrap()];
    assert_eq!(Pack::merge(halves.to_vec()).unwrap().to_bytes(), year);
}

#[test]
fn packs_of_disjoint_customers_merge_into_the_pack_of_all() {
    let rows = year_of_orders();
    let file = |even: Option<bool>| {
        let mut s = HEADER.to_owned();
        for (_, line, _) in &rows {
            let customer: u32 = line.split(',').nth(1).unwrap()[1..].parse().unwrap();
            if even.is_none_or(|e| (customer % 2 == 0) == e) {
                s.push_str(line);
                s.push('\n');
            }
        }
        s
    };
    let all = pack_of(&import(file(None).as_bytes()));
    let parts = [Some(true), Some(false)]
        .map(|e| Pack::decode(&pack_of(&import(file(e).as_bytes()))).unwrap());
    assert_eq!(Pack::merge(parts.to_vec()).unwrap().to_bytes(), all);
}

#[test]
fn packs_that_share_a_customers_day_or_differ_in_salt_or_currency_do_not_merge() {
    let a = import(b"customer,date,amount\nA,2024-01-05,100\nB,2024-01-06,200\nC,2024-02-01,50\n");
    let b = import(b"customer,date,amount\nA,2024-01-05,100\nB,2024-02-06,200\n");
    let pa = Pack::decode(&pack_of(&a)).unwrap();
    let pb = Pack::decode(&pack_of(&b)).unwrap();
    assert_eq!(
        Pack::merge(vec![pa.clone(), pb.clone()]).unwrap_err(),
        Error::PackOverlap { customers: 1, day: "2024-01-05".into() }
    );
    let other_salt =
        Pack::decode(&pack::export(&b.dataset, "another-salt", "JPY").unwrap()).unwrap();
    let err = Pack::merge(vec![pa.clone(), other_salt]).unwrap_err();
    assert_eq!((err.code(), err.details().name), ("pack_mismatch", Some("saltId")));
    let dollars = Pack::decode(&pack::export(&b.dataset, SALT, "USD").unwrap()).unwrap();
    assert_eq!(
        Pack::merge(vec![pa, dollars]).unwrap_err(),
        Error::PackMismatch { what: "currency" }
    );
    assert_eq!(Pack::merge(Vec::new()).unwrap_err(), Error::Empty);
}

#[test]
fn a_short_salt_is_refused() {
    let a = import(b"customer,date,amount\nA,2024-01-05,100\n");
    let err = pack::export(&a.dataset, "short", "JPY").unwrap_err();
    assert_eq!(err.code(), "bad_options");
}

/// A valid pack's text with `from` replaced by `to` (once).
fn edited(from: &str, to: &str) -> Vec<u8> {
    let a = import(b"customer,date,amount\nA,2024-01-05,100\nA,2024-02-01,250\nB,2024-01-06,200\n");
    let text = String::from_utf8(pack_of(&a)).unwrap();
    assert!(text.contains(from), "{from:?} not in\n{text}");
    text.replacen(from, to, 1).into_bytes()
}

#[test]
fn a_broken_pack_is_refused_with_its_line_column_and_reason() {
    let cases: [(&str, &str, (u64, &str, &str)); 12] = [
        ("record,id,", "kind,id,", (1, "record", "missingColumn")),
        ("meta,format,ltv-pack", "meta,format,ltv-bag", (9, "name", "notPack")),
        ("meta,version,1", "meta,version,3", (9, "name", "version")),
        ("meta,currency,JPY,", "meta,currenci,JPY,", (9, "id", "missingMeta")),
        ("2024-01-05,2024-02-01", "2024-01-05,2024-02-02", (9, "last_day", "total")),
        ("2024-01-05,2024-02-01", "2024-13-05,2024-02-01", (9, "first_day", "notADate")),
        (",0 27,", ",0 0,", (9, "days", "notInDayOrder")),
        (",0 27,", ",0 x,", (9, "days", "notANumber")),
        (",100 250,", ",100,", (9, "day_revenue", "listLength")),
        (",100 250,", ",100 25.00001,", (9, "day_revenue", "notAmount")),
        (",350,", ",351,", (9, "revenue", "total")),
        ("customer,", "client,", (9, "record", "unknownRecord")),
    ];
    for (from, to, (line, column, reason)) in cases {
        let err = Pack::decode(&edited(from, to)).unwrap_err();
        let Error::BadPack { line: l, column: c, reason: r, .. } = &err else {
            panic!("{from:?} → {to:?}: {err}")
        };
        let line = if reason == "missingColumn" || l == &9 { line } else { *l };
        assert_eq!((*l, *c, *r), (line, column, reason), "{from:?} → {to:?}: {err}");
        assert_eq!(err.code(), "bad_pack");
    }
    assert_eq!(Pack::decode(b"").unwrap_err(), Error::Empty);
    assert_eq!(Pack::decode(b"  \n").unwrap_err(), Error::Empty);
}

#[test]
fn a_pack_with_a_name_in_a_customer_row_is_refused() {
    let text = String::from_utf8(edited("customer,", "customer,")).unwrap();
    let line = text.lines().find(|l| l.starts_with("customer,")).unwrap();
    let mut cells: Vec<&str> = line.split(',').collect();
    cells[2] = "山田 花子";
    let broken = text.replacen(line, &cells.join(","), 1);
    let err = Pack::decode(broken.as_bytes()).unwrap_err();
    assert!(matches!(err, Error::BadPack { column: "name", reason: "personalData", .. }), "{err}");
}

#[test]
fn damaged_packs_never_panic() {
    let whole = pack_of(&import(FIXTURES[2].1));
    let mut seed = 7u64;
    let mut next = |n: usize| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as usize % n
    };
    let alphabet = b"0123456789-;* ,\n\"x.";
    let (mut ok, mut refused) = (0, 0);
    for _ in 0..3000 {
        let mut b = whole.clone();
        for _ in 0..1 + next(4) {
            if b.is_empty() {
                break;
            }
            let at = next(b.len());
            match next(3) {
                0 => b[at] = alphabet[next(alphabet.len())],
                1 => {
                    b.remove(at);
                }
                _ => b.truncate(at),
            }
        }
        match Pack::decode(&b) {
            Ok(p) => {
                ok += 1;
                // What reads must analyse.
                let _ = analyze(&p.dataset, &AnalysisParams::default());
            }
            Err(e) => {
                refused += 1;
                assert!(!e.code().is_empty());
            }
        }
    }
    assert!(ok > 0 && refused > 0, "{ok} read, {refused} refused");
}

#[test]
fn a_pack_read_in_chunks_of_any_size_is_the_pack_read_whole_and_a_broken_one_fails_on_the_same_line(
) {
    let i = import(include_bytes!("fixtures/pack_orders.csv"));
    let bytes = pack::export(&i.dataset, SALT, "JPY").unwrap();
    let with_bom = [&b"\xEF\xBB\xBF"[..], &bytes].concat();
    let broken = {
        // The third customer row's revenue total with a digit more.
        let text = String::from_utf8(bytes.clone()).unwrap();
        let mut lines: Vec<String> = text.lines().map(String::from).collect();
        let k =
            lines.iter().enumerate().filter(|(_, l)| l.starts_with("customer,")).nth(2).unwrap().0;
        let mut cells: Vec<String> = lines[k].split(',').map(String::from).collect();
        cells[7] = format!("{}1", cells[7]);
        lines[k] = cells.join(",");
        (lines.join("\n") + "\n").into_bytes()
    };
    let whole = Pack::decode(&bytes).unwrap().to_bytes();
    let want_err = Pack::decode(&broken).unwrap_err();
    assert!(matches!(want_err, Error::BadPack { reason: "total", .. }), "{want_err}");
    for size in [1, 2, 3, 5, 64, 1000, bytes.len()] {
        let read = |b: &[u8]| {
            let mut r = pack::PackReader::new(b.len());
            b.chunks(size).try_for_each(|c| r.push(c))?;
            r.finish()
        };
        assert_eq!(read(&bytes).unwrap().to_bytes(), whole, "chunks of {size}");
        assert_eq!(read(&with_bom).unwrap().to_bytes(), whole, "with a BOM, chunks of {size}");
        assert_eq!(read(&broken).unwrap_err(), want_err, "broken, chunks of {size}");
        assert_eq!(read(b" \n ").unwrap_err(), Error::Empty, "blank, chunks of {size}");
    }
}
