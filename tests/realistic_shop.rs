//! A realistic shop of our own making, in Shopify's documented `orders_export.csv` layout
//! (../shared/order-formats.md §1.1: one row per line item, order fields on the first row and
//! blank after, `Name` as order number, `Email` as the customer, `Created at` with `+0900`):
//! 300 customers over 2.5 years with line items, shipping, a first-order coupon, cancellations,
//! full refunds, partial refunds, two orders on one day, one-time buyers, 定期 buyers and six
//! heavy repeaters with 40–50 purchase days. The generator keeps its own ledger of what the
//! shop earned, so the import's figures are checked to the yen; then every view, the customer
//! export and the default forecast run on it.

#[path = "shops/mod.rs"]
mod shops;

use ltv::analysis::export::ExportOptions;
use ltv::analysis::AnalysisParams;
use ltv::date::{days_from_civil, format_day, Day};
use ltv::import::{import_bytes, ImportOptions};
use ltv::overview::overview;
use ltv::session::{ForecastRequest, Session};
use shops::Rng;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

const HEADER: &str = "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem compare at price,Lineitem sku,Lineitem requires shipping,Lineitem taxable,Lineitem fulfillment status,Billing Name,Billing Street,Billing Address1,Billing Address2,Billing Company,Billing City,Billing Zip,Billing Province,Billing Country,Billing Phone,Shipping Name,Shipping Street,Shipping Address1,Shipping Address2,Shipping Company,Shipping City,Shipping Zip,Shipping Province,Shipping Country,Shipping Phone,Notes,Note Attributes,Cancelled at,Payment Method,Payment Reference,Refunded Amount,Vendor,Outstanding Balance,Employee,Location,Device ID,Id,Tags,Risk Level,Source";

/// (name, yen): a trial, full-size products, a subscription course and a gift box.
const PRODUCTS: [(&str, i64); 6] = [
    ("【お試し】美容液 7日分", 980),
    ("美容液 30mL", 4_800),
    ("化粧水 150mL", 3_200),
    ("定期便 美容液 30mL", 4_320),
    ("ギフトボックス", 6_500),
    ("クレンジング 120g", 2_400),
];

/// What the shop earned, as the generator wrote it.
#[derive(Default)]
struct Ledger {
    revenue: i64,
    orders: u64,
    /// Kept purchase days per customer e-mail.
    days: BTreeMap<String, BTreeSet<Day>>,
    cancelled: u64,
    refunded: u64,
}

struct Shop {
    csv: String,
    ledger: Ledger,
}

/// One order: its lines (product index, quantity), written as Shopify writes it, and booked.
fn order(
    shop: &mut Shop,
    rng: &mut Rng,
    number: &mut u32,
    email: &str,
    day: Day,
    lines: &[(usize, i64)],
) {
    *number += 1;
    let first = shop.ledger.days.get(email).is_none_or(|d| d.is_empty());
    let goods: i64 = lines.iter().map(|&(p, q)| PRODUCTS[p].1 * q).sum();
    let discount = if first { goods / 10 } else { 0 }; // WELCOME10 on the first order
    let shipping = if goods - discount >= 5_000 { 0 } else { 550 };
    let subtotal = goods - discount;
    let total = subtotal + shipping;
    let roll = rng.uniform();
    let (status, cancelled, refunded) = if roll < 0.03 {
        ("voided", true, 0)
    } else if roll < 0.06 {
        ("refunded", false, total)
    } else if roll < 0.11 {
        ("partially_refunded", false, PRODUCTS[lines[0].0].1) // one unit of the first line back
    } else {
        ("paid", false, 0)
    };
    let created = format!("{} 10:{:02}:00 +0900", format_day(day), *number % 60);
    for (k, &(p, q)) in lines.iter().enumerate() {
        let (name, price) = PRODUCTS[p];
        let _ = if k == 0 {
            writeln!(
                shop.csv,
                "#{number},{email},{status},{created},fulfilled,{created},yes,JPY,{subtotal},{shipping},0,{total},{},{},ヤマト運輸,{created},{q},{name},{price},,SKU{p},true,true,fulfilled,山田 花子,,東京都千代田区1-1,,,千代田区,'100-0001,Tokyo,Japan,,山田 花子,,東京都千代田区1-1,,,千代田区,'100-0001,Tokyo,Japan,,,,{},Shopify Payments,,{},,0,,,,{},,Low,web",
                if first { "WELCOME10" } else { "" },
                if first { discount.to_string() } else { "0".into() },
                if cancelled { created.as_str() } else { "" },
                if refunded > 0 { refunded.to_string() } else { "0".into() },
                7_000_000 + *number,
            )
        } else {
            // Continuation rows: the order's fields blank (blank ≠ 0).
            writeln!(
                shop.csv,
                "#{number},{email},,,,,,,,,,,,,,{created},{q},{name},{price},,SKU{p},true,true,fulfilled,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,"
            )
        };
    }
    if cancelled {
        shop.ledger.cancelled += 1;
    } else if refunded == total {
        shop.ledger.refunded += 1;
    } else {
        shop.ledger.revenue += total - refunded;
        shop.ledger.orders += 1;
        shop.ledger.days.entry(email.to_string()).or_default().insert(day);
    }
}

fn realistic_shop() -> Shop {
    let mut shop = Shop { csv: format!("{HEADER}\n"), ledger: Ledger::default() };
    let mut rng = Rng::new(2026);
    let start = days_from_civil(2022, 1, 1);
    let span = 913;
    let mut number = 1000;
    let one_order = |shop: &mut Shop, rng: &mut Rng, number: &mut u32, email: &str, day: Day| {
        let n = 1 + rng.between(0, 2) as usize;
        let lines: Vec<(usize, i64)> = (0..n)
            .map(|k| ((rng.between(0, 5) as usize + k) % 6, 1 + i64::from(rng.between(0, 1))))
            .collect();
        order(shop, rng, number, email, day, &lines);
    };
    for c in 0..300 {
        let email = format!("customer{c:03}@example.jp");
        let first = start + rng.between(0, span - 60);
        match c % 50 {
            // One-time buyers: half the shop, many on the trial.
            0..=24 => order(&mut shop, &mut rng, &mut number, &email, first, &[(0, 1)]),
            // Occasional buyers: 2–8 orders every ~2.5 months.
            25..=42 => {
                let mut day = first;
                for _ in 0..rng.between(2, 8) {
                    if day >= start + span {
                        break;
                    }
                    one_order(&mut shop, &mut rng, &mut number, &email, day);
                    day += 40 + rng.between(0, 70);
                }
            }
            // 定期: the trial, then the course every 30 days for up to a year.
            43..=48 => {
                order(&mut shop, &mut rng, &mut number, &email, first, &[(0, 1)]);
                let months = rng.between(2, 12);
                for m in 1..=months {
                    let day = first + 30 * m;
                    if day < start + span {
                        order(&mut shop, &mut rng, &mut number, &email, day, &[(3, 1)]);
                    }
                }
            }
            // Heavy repeaters: 40–50 purchase days, one of them with a second order that day.
            _ => {
                let days = 40 + rng.between(0, 10);
                let mut day = start + rng.between(0, 20);
                for k in 0..days {
                    one_order(&mut shop, &mut rng, &mut number, &email, day);
                    if k == 5 {
                        order(&mut shop, &mut rng, &mut number, &email, day, &[(4, 1)]);
                    }
                    day += 12 + rng.between(0, 8);
                }
            }
        }
    }
    shop
}

#[test]
fn a_realistic_shopify_shop_imports_to_the_yen_and_every_view_and_the_forecast_run_on_it() {
    let shop = realistic_shop();
    let ledger = &shop.ledger;
    let import = import_bytes(shop.csv.as_bytes(), &ImportOptions::default()).unwrap();
    let ds = &import.dataset;
    let o = overview(ds);

    // The import: exactly the ledger.
    assert_eq!(o.revenue.to_string(), ledger.revenue.to_string());
    assert_eq!(o.orders, ledger.orders);
    assert_eq!(o.customers as usize, ledger.days.len());
    let purchase_days: usize = ledger.days.values().map(BTreeSet::len).sum();
    assert_eq!(
        o.purchase_days as usize, purchase_days,
        "two orders on one day are one purchase day"
    );
    for c in 0..ds.customers() {
        let days: BTreeSet<Day> =
            ds.purchases_of(c).iter().filter(|p| p.orders > 0).map(|p| p.day).collect();
        assert_eq!(Some(&days), ledger.days.get(ds.key(c).as_ref()), "{}", ds.key(c));
    }
    assert!(ledger.cancelled > 0 && ledger.refunded > 0);
    // The heavy repeaters keep 35+ purchase days once cancellations and full refunds are out.
    let heavy = ledger.days.values().filter(|d| d.len() >= 35).count();
    assert_eq!(heavy, 6);

    // Every view, the customer pages, the export and the default forecast.
    let mut session = Session::new(import);
    let a = session.analyze(&AnalysisParams::default()).unwrap();
    assert_eq!(a.customers as usize, ledger.days.len());
    let segments: u64 = a.rfm.segments.iter().map(|s| s.figures.customers).sum();
    assert_eq!(segments, a.customers, "every customer is in one RFM segment");
    let page = session.customers(serde_json::json!({ "limit": 500 })).unwrap();
    let page = serde_json::to_value(&page).unwrap();
    assert_eq!(page["total"].as_u64(), Some(a.customers));
    let export = session.export_customers(&ExportOptions::default()).unwrap();
    assert_eq!(export.rows as u64, a.customers);

    let f = session.forecast(ForecastRequest::default()).unwrap();
    assert_eq!(f.validation.len(), 3, "all three models checked: {:?}", f.issues);
    let t = &f.totals;
    assert!(t.expected_purchases > 0.0 && t.clv > 0.0 && t.intervals.is_some());
    let c = &f.customers;
    assert!(c.p_alive.iter().all(|p| (0.0..=1.0).contains(p)));
    assert!(c.clv.iter().zip(&c.clv_range).all(|(v, [lo, hi])| lo <= v && v <= hi));
    // The customer table carries the forecast's figures after it.
    let page =
        session.customers(serde_json::json!({ "limit": 1, "sort": "predictedClv" })).unwrap();
    let page = serde_json::to_value(&page).unwrap();
    assert!(page["rows"][0]["pAlive"].as_f64().is_some(), "{page}");
}
