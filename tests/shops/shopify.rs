//! A realistic shop in Shopify's documented `orders_export.csv` layout (../shared/order-formats.md
//! §1.1: one row per line item, order fields on the first row and blank after, `Name` as order
//! number, `Email` as the customer, `Created at` with `+0900`): 300 customers over 2.5 years with
//! line items, shipping, a first-order coupon, cancellations, full refunds, partial refunds, two
//! orders on one day, one-time buyers, 定期 buyers and six heavy repeaters with 40–50 purchase
//! days. The generator keeps its own ledger of what the shop earned.
//!
//! Used by `tests/realistic_shop.rs` and `examples/forecast_bench.rs`.

use super::Rng;
use ltv::date::{days_from_civil, format_day, Day};
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
pub struct Ledger {
    pub revenue: i64,
    pub orders: u64,
    /// Kept purchase days per customer e-mail.
    pub days: BTreeMap<String, BTreeSet<Day>>,
    pub cancelled: u64,
    pub refunded: u64,
}

pub struct Shop {
    pub csv: String,
    pub ledger: Ledger,
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

pub fn realistic_shop() -> Shop {
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
