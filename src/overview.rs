//! The headline figures of an order file (the full per-customer table is
//! [`crate::analysis::customers`]).
//!
//! Definitions (the README repeats them for users):
//! * 平均購入単価 (average order value) = net revenue ÷ orders;
//! * 購入頻度 (purchases per customer) = orders ÷ customers, so that
//!   顧客単価 = revenue ÷ customers = 平均購入単価 × 購入頻度 holds exactly;
//! * リピート率 (repeat rate) = customers who bought on two or more different days ÷ customers
//!   (two orders on one day are one purchase, as in the literature).
//!
//! The figures are as of the last order day, like the analysis by default: a refund dated after
//! it is left out here as there (counted in [`Overview::later_refunds`], never silently).

use crate::dataset::Dataset;
use crate::date::{format_day, Day};
use crate::money::ratio;
use crate::money::Money;
use rust_decimal::Decimal;
use serde::Serialize;

/// One customer's line in tables and exports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerRow {
    /// The customer key (customer number or e-mail).
    pub key: String,
    /// E-mail, when the key is a customer number and the file has e-mails.
    pub email: Option<String>,
    /// First order day (ISO).
    pub first_day: String,
    /// Last order day (ISO).
    pub last_day: String,
    /// Orders.
    pub orders: u32,
    /// Distinct purchase days (RFM frequency).
    pub purchase_days: u32,
    /// Net revenue.
    pub revenue: Decimal,
}

/// The headline figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Overview {
    /// Customers.
    pub customers: u64,
    /// Orders (refund rows not counted).
    pub orders: u64,
    /// Purchase days (one customer's orders of one day count once).
    pub purchase_days: u64,
    /// Net revenue: orders less refunds.
    pub revenue: Decimal,
    /// 平均購入単価: revenue ÷ orders.
    pub average_order_value: Decimal,
    /// 顧客単価: revenue ÷ customers.
    pub revenue_per_customer: Decimal,
    /// 購入頻度: orders ÷ customers.
    pub orders_per_customer: f64,
    /// リピート率: share of customers with purchases on 2+ days.
    pub repeat_rate: f64,
    /// Customers with purchases on 2+ days.
    pub repeat_customers: u64,
    /// First order day (ISO).
    pub first_day: String,
    /// Last order day (ISO).
    pub last_day: String,
    /// The ten customers with the highest revenue.
    pub top_customers: Vec<CustomerRow>,
    /// Refunds (customer-days holding only refunds) dated after the last order day: left out,
    /// as the analysis leaves out everything after its date.
    pub later_refunds: u64,
    /// Their amount (negative), left out of `revenue`.
    pub later_refund_total: Decimal,
}

/// Per-customer totals used by several views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    /// First order day.
    pub first: Day,
    /// Last order day.
    pub last: Day,
    /// Orders.
    pub orders: u32,
    /// Purchase days.
    pub days: u32,
    /// Net revenue.
    pub revenue: Decimal,
}

/// Totals of customer `c` as of `as_of` (refunds dated later are left out).
#[must_use]
pub fn totals(ds: &Dataset, c: usize, as_of: Day) -> Totals {
    let ps = ds.purchases_of(c);
    let ps = &ps[..ps.partition_point(|p| p.day <= as_of)];
    let mut t =
        Totals { first: Day::MAX, last: Day::MIN, orders: 0, days: 0, revenue: Decimal::ZERO };
    let mut units: i128 = 0;
    for p in ps {
        units += i128::from(p.revenue.units());
        if p.orders > 0 {
            t.orders += p.orders;
            t.days += 1;
            t.first = t.first.min(p.day);
            t.last = t.last.max(p.day);
        }
    }
    t.revenue = Money::sum_to_decimal(units);
    if t.days == 0 {
        // Only refunds (cannot happen for imported data: every customer has an order).
        let day = ps.first().map_or(0, |p| p.day);
        (t.first, t.last) = (day, day);
    }
    t
}

/// The table row of customer `c` as of `as_of`.
#[must_use]
pub fn customer_row(ds: &Dataset, c: usize, as_of: Day) -> CustomerRow {
    let t = totals(ds, c, as_of);
    CustomerRow {
        key: ds.key(c).into_owned(),
        email: ds.email(c).map(|e| e.into_owned()),
        first_day: format_day(t.first),
        last_day: format_day(t.last),
        orders: t.orders,
        purchase_days: t.days,
        revenue: t.revenue,
    }
}

/// The headline figures of a dataset.
///
/// ```
/// use ltv::import::{import_bytes, ImportOptions};
/// let csv = "customer_id,order_date,amount\nA,2024-01-05,1000\nA,2024-02-01,500\nB,2024-01-09,1500\n";
/// let data = import_bytes(csv.as_bytes(), &ImportOptions::default()).unwrap().dataset;
/// let o = ltv::overview::overview(&data);
/// assert_eq!((o.customers, o.orders, o.revenue.to_string()), (2, 3, "3000".to_string()));
/// assert_eq!(o.average_order_value.to_string(), "1000");
/// assert_eq!(o.repeat_rate, 0.5);
/// ```
#[must_use]
pub fn overview(ds: &Dataset) -> Overview {
    let n = ds.customers();
    let (first, last) = ds.day_range().unwrap_or((0, 0));
    let (mut orders, mut days, mut repeaters, mut total) = (0u64, 0u64, 0u64, 0i128);
    let (mut later, mut later_units) = (0u64, 0i128);
    // The ten highest revenues (in Money units), highest first; ties in first-seen order.
    let mut top: Vec<(i128, usize)> = Vec::with_capacity(11);
    for c in 0..n {
        let (mut units, mut c_days) = (0i128, 0u64);
        for p in ds.purchases_of(c) {
            if p.day > last {
                // Only refunds lie after the last order day.
                later += 1;
                later_units += i128::from(p.revenue.units());
                continue;
            }
            units += i128::from(p.revenue.units());
            orders += u64::from(p.orders);
            c_days += u64::from(p.orders > 0);
        }
        days += c_days;
        repeaters += u64::from(c_days >= 2);
        total += units;
        if top.len() < 10 || units > top[top.len() - 1].0 {
            let at = top.partition_point(|&(u, _)| u >= units);
            top.insert(at, (units, c));
            top.truncate(10);
        }
    }
    let revenue = Money::sum_to_decimal(total);
    let share = |k: u64| if n == 0 { 0.0 } else { k as f64 / n as f64 };
    Overview {
        customers: n as u64,
        orders,
        purchase_days: days,
        revenue,
        average_order_value: ratio(revenue, Decimal::from(orders)),
        revenue_per_customer: ratio(revenue, Decimal::from(n as u64)),
        orders_per_customer: share(orders),
        repeat_rate: share(repeaters),
        repeat_customers: repeaters,
        first_day: format_day(first),
        last_day: format_day(last),
        top_customers: top.iter().map(|&(_, c)| customer_row(ds, c, last)).collect(),
        later_refunds: later,
        later_refund_total: Money::sum_to_decimal(later_units),
    }
}
