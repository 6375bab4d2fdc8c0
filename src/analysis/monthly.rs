//! 月次推移: revenue, orders and customers per calendar month, split into 新規 and 既存.
//!
//! | figure | definition |
//! |---|---|
//! | 新規 | what customers bought in the calendar month of their first purchase day (a customer who first bought on 10 March and again on 25 March is 新規 for both orders) |
//! | 既存 | what customers bought in any later month |
//! | 売上 | net revenue of the purchase days in the month (refunds on their own day subtract where they fall; a refund dated before a customer's first purchase counts as 既存) |
//! | 注文数 | orders in the month |
//! | 顧客数 | customers with a purchase day in the month (新規 + 既存; each once a month) |
//! | 新規顧客数 | customers whose first purchase day is in the month (= 新規 customers) |
//! | 前年同月比 | the month's figure ÷ the same month a year before, when that month is in the data and its figure is above 0 (`1.2` = 120 %) |
//!
//! Months run from the month of the first purchase in the data to the analysis date's month, the
//! last one marked `complete: false` unless the analysis date is its last day. The sums of the
//! months are the analysis's revenue and orders.

use super::facts::{CustomerFacts, Fixed};
use super::measured::{month_end, month_start};
use crate::dataset::Dataset;
use crate::date::civil_from_days;
use rust_decimal::Decimal;
use serde::Serialize;

/// One calendar month.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MonthRow {
    /// `YYYY-MM`.
    pub month: String,
    /// Whether the month has ended by the analysis date.
    pub complete: bool,
    /// Net revenue of 新規 (customers in their first month).
    pub new_revenue: Decimal,
    /// Net revenue of 既存.
    pub existing_revenue: Decimal,
    /// new_revenue + existing_revenue.
    pub revenue: Decimal,
    /// Orders of 新規.
    pub new_orders: u64,
    /// Orders of 既存.
    pub existing_orders: u64,
    /// All orders.
    pub orders: u64,
    /// Customers whose first purchase day is in the month.
    pub new_customers: u64,
    /// Customers with a purchase day in the month who first bought earlier.
    pub existing_customers: u64,
    /// new_customers + existing_customers.
    pub customers: u64,
    /// revenue ÷ revenue of the same month a year before (`None` without one, or when it was ≤ 0).
    pub revenue_yoy: Option<f64>,
    /// orders ÷ orders of the same month a year before.
    pub orders_yoy: Option<f64>,
    /// customers ÷ customers of the same month a year before.
    pub customers_yoy: Option<f64>,
    /// new_customers ÷ new customers of the same month a year before.
    pub new_customers_yoy: Option<f64>,
}

/// 月次推移, oldest month first.
#[derive(Debug, Default, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Monthly {
    /// The months from the first purchase to the analysis date.
    pub months: Vec<MonthRow>,
}

#[derive(Debug, Default, Clone, Copy)]
struct Acc {
    revenue: [Fixed; 2],
    orders: [u64; 2],
    customers: [u64; 2],
}

/// `now ÷ before` when `before` is above 0.
fn yoy(now: f64, before: f64) -> Option<f64> {
    (before > 0.0).then(|| now / before)
}

/// 月次推移 of the customers of `b` (see the module doc).
#[must_use]
pub(crate) fn monthly(ds: &Dataset, b: &CustomerFacts) -> Monthly {
    let count = b.months.of(b.as_of) + 1;
    let mut acc = vec![Acc::default(); count];
    for (i, &c) in b.ids.iter().enumerate() {
        let first_month = b.months.of(b.first[i]);
        // The last month this customer was counted in, per side (新規 0, 既存 1).
        let mut seen = usize::MAX;
        for p in ds.purchases_of(c as usize) {
            if p.day > b.as_of {
                break;
            }
            let k = b.months.of(p.day);
            let side = usize::from(k != first_month || p.day < b.first[i]);
            let Some(a) = acc.get_mut(k) else { continue };
            a.revenue[side] += super::facts::money_fixed(p.revenue, b.scale);
            if p.orders > 0 {
                a.orders[side] += u64::from(p.orders);
                if seen != k {
                    seen = k;
                    a.customers[side] += 1;
                }
            }
        }
    }
    let ended = b.as_of == month_end(b.months.first + count as i32 - 1);
    let months = acc
        .iter()
        .enumerate()
        .map(|(k, a)| {
            let (y, m, _) = civil_from_days(month_start(b.months.first + k as i32));
            let before = k.checked_sub(12).and_then(|j| acc.get(j));
            let total = |a: &Acc| {
                (
                    b.money(a.revenue[0] + a.revenue[1]),
                    (a.orders[0] + a.orders[1]) as f64,
                    (a.customers[0] + a.customers[1]) as f64,
                )
            };
            let (revenue, orders, customers) = total(a);
            let f = |d: Decimal| {
                use rust_decimal::prelude::ToPrimitive;
                d.to_f64().unwrap_or(0.0)
            };
            let (revenue_yoy, orders_yoy, customers_yoy, new_customers_yoy) = match before {
                Some(p) => {
                    let (r0, o0, c0) = total(p);
                    (
                        yoy(f(revenue), f(r0)),
                        yoy(orders, o0),
                        yoy(customers, c0),
                        yoy(a.customers[0] as f64, p.customers[0] as f64),
                    )
                }
                None => (None, None, None, None),
            };
            MonthRow {
                month: format!("{y:04}-{m:02}"),
                complete: k + 1 < count || ended,
                new_revenue: b.money(a.revenue[0]),
                existing_revenue: b.money(a.revenue[1]),
                revenue,
                new_orders: a.orders[0],
                existing_orders: a.orders[1],
                orders: a.orders[0] + a.orders[1],
                new_customers: a.customers[0],
                existing_customers: a.customers[1],
                customers: a.customers[0] + a.customers[1],
                revenue_yoy,
                orders_yoy,
                customers_yoy,
                new_customers_yoy,
            }
        })
        .collect();
    Monthly { months }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testing::{d, data};
    use crate::analysis::{analyze, AnalysisParams};

    /// Analysis date 2025-02-10 (the last order day).
    /// A: 2024-01-05 ¥1,000 and 2024-01-20 ¥500 (both 新規, January); 2025-01-08 ¥2,000 (既存).
    /// B: 2024-01-31 ¥3,000 (新規); 2024-02-01 ¥700 in two orders of ¥300 + ¥400 on one day
    ///    (既存, 2 orders, 1 customer); refund −¥200 on 2024-02-15 (既存, no order).
    /// C: 2025-01-08 ¥800 (新規); 2025-02-10 ¥900 (既存).
    const SHOP: &str = "customer_id,order_id,order_date,amount
A,1,2024-01-05,1000
A,2,2024-01-20,500
B,3,2024-01-31,3000
B,4,2024-02-01,300
B,5,2024-02-01,400
B,9,2024-02-15,-200
A,6,2025-01-08,2000
C,7,2025-01-08,800
C,8,2025-02-10,900
";

    #[test]
    fn revenue_orders_and_customers_split_into_new_and_existing_by_month() {
        let a = analyze(&data(SHOP), &AnalysisParams::default()).unwrap();
        let m = &a.monthly.months;
        // 2024-01 … 2025-02: 14 months.
        assert_eq!(m.len(), 14);
        let jan = &m[0];
        assert_eq!(jan.month, "2024-01");
        // 新規 1,000 + 500 + 3,000 = 4,500 in 3 orders from A and B; no 既存.
        assert_eq!(
            (jan.new_revenue, jan.existing_revenue, jan.revenue),
            (d("4500"), d("0"), d("4500"))
        );
        assert_eq!(
            (jan.new_orders, jan.existing_orders, jan.new_customers, jan.customers),
            (3, 0, 2, 2)
        );
        let feb = &m[1];
        // 既存 B: 300 + 400 − 200 = 500 in 2 orders (the refund is no order), 1 customer.
        assert_eq!((feb.new_revenue, feb.existing_revenue), (d("0"), d("500")));
        assert_eq!((feb.existing_orders, feb.existing_customers, feb.new_customers), (2, 1, 0));
        // March–December 2024: nothing.
        assert!(m[2..12].iter().all(|r| r.revenue.is_zero() && r.customers == 0));
        let jan25 = &m[12];
        // 新規 C 800; 既存 A 2,000; 前年同月比 revenue 2,800 ÷ 4,500, customers 2 ÷ 2, new 1 ÷ 2.
        assert_eq!((jan25.new_revenue, jan25.existing_revenue), (d("800"), d("2000")));
        assert_eq!(jan25.revenue_yoy, Some(2800.0 / 4500.0));
        assert_eq!((jan25.customers_yoy, jan25.new_customers_yoy), (Some(1.0), Some(0.5)));
        assert!(jan25.complete);
        let feb25 = &m[13];
        // 既存 C 900 vs February 2024's 500: 1.8; orders 1 ÷ 2; the month has not ended.
        assert_eq!(
            (feb25.existing_revenue, feb25.revenue_yoy, feb25.orders_yoy),
            (d("900"), Some(1.8), Some(0.5))
        );
        assert!(!feb25.complete);
        // No year back for the first twelve months.
        assert!(m[..12].iter().all(|r| r.revenue_yoy.is_none()));
        // The months add up to the analysis's revenue (4,500 + 500 + 2,800 + 900 = 8,700) and orders.
        let total: Decimal = m.iter().map(|r| r.revenue).sum();
        assert_eq!(total, a.measured.revenue);
        assert_eq!(total, d("8700"));
        assert_eq!(m.iter().map(|r| r.orders).sum::<u64>(), 8);
    }

    #[test]
    fn a_year_back_with_nothing_sold_gives_no_year_on_year_figure() {
        // March 2024 sold nothing, so March 2025 has no 前年同月比.
        let csv = "customer_id,order_date,amount\nA,2024-02-01,1000\nA,2025-03-31,500\n";
        let a = analyze(&data(csv), &AnalysisParams::default()).unwrap();
        let last = a.monthly.months.last().unwrap();
        assert_eq!((last.month.as_str(), last.revenue_yoy, last.complete), ("2025-03", None, true));
    }
}
