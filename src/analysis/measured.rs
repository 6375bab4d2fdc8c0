//! Figures measured from the orders as of the analysis date.
//!
//! | figure | definition |
//! |---|---|
//! | 顧客単価 / historic LTV | revenue to date ÷ customers (gross profit ÷ customers on the profit basis) |
//! | 平均購入単価 | revenue ÷ orders (all orders to date) |
//! | 年間LTV | revenue in the 年間 window (first purchase day + 364 days) summed over the customers whose window is complete (first purchase ≤ analysis date − 364 days), ÷ those customers; the cohort size is reported |
//! | 年間 平均購入単価 / 購入頻度 | that revenue ÷ those orders; those orders ÷ those customers (per year), so AOV × frequency = 年間LTV |
//! | 顧客維持率 (yearly) | 365-day periods counted back from the analysis date (the latest ends on it); for each pair of neighbouring periods: customers with a purchase in both ÷ customers with a purchase in the earlier. The earliest period may begin before the file does (`previousPartial`) |
//! | 顧客維持率 (monthly) | the same over calendar months, up to the last month that has ended by the analysis date |
//! | 継続期間 | two answers: `averageActiveYears` = mean of (last − first purchase day) ÷ 365 over all customers (one-time buyers count 0, so it understates a young shop); `expectedYears` = 1 ÷ (1 − r) with r the yearly 顧客維持率 pooled over all period pairs (Σ retained ÷ Σ active), the textbook expected lifetime |
//! | F2転換率 / F3 | customers with a 2nd / 3rd purchase **day** ÷ customers; overall (to date), and within N days: the 2nd purchase day is at most N − 1 days after the first (day 0 = the first purchase), counting only customers whose N-day window has ended by the analysis date |
//! | 平均購入間隔 | Σ (last − first purchase day) ÷ Σ (purchase days − 1) over repeat customers: the mean gap between consecutive purchase days |

use super::facts::{CustomerFacts, Fixed, YEAR_DAYS};
use super::{share, AnalysisParams};
use crate::dataset::Dataset;
use crate::date::{civil_from_days, days_from_civil, format_day, Day};
use crate::money::ratio;
use rust_decimal::Decimal;
use serde::Serialize;

/// Everything measured from the orders.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Measured {
    /// Customers (an order on or before the analysis date).
    pub customers: u64,
    /// Orders.
    pub orders: u64,
    /// Purchase days.
    pub purchase_days: u64,
    /// Net revenue.
    pub revenue: Decimal,
    /// Gross profit, when known.
    pub gross_profit: Option<Decimal>,
    /// Gross profit ÷ revenue in percent (2 decimals), when known.
    pub gross_margin_percent: Option<Decimal>,
    /// 平均購入単価: revenue ÷ orders.
    pub average_order_value: Decimal,
    /// Orders ÷ customers (to date).
    pub orders_per_customer: Decimal,
    /// 顧客単価 = historic LTV to date: revenue ÷ customers.
    pub revenue_per_customer: Decimal,
    /// Historic LTV on gross profit: gross profit ÷ customers.
    pub gross_profit_per_customer: Option<Decimal>,
    /// 年間LTV.
    pub annual: AnnualLtv,
    /// 継続期間.
    pub lifetime: Lifetime,
    /// 顧客維持率 per 365-day period, oldest first.
    pub retention_by_year: Vec<PeriodRetention>,
    /// 顧客維持率 per calendar month, oldest first.
    pub retention_by_month: Vec<PeriodRetention>,
    /// F2 / F3転換率.
    pub repeat: Repeat,
    /// 平均購入間隔 in days; `None` without repeat customers.
    pub average_days_between_purchases: Option<f64>,
}

/// 年間LTV: value of a customer's first 365 days.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AnnualLtv {
    /// Customers whose 365-day window has ended (the cohort averaged over).
    pub cohort_customers: u64,
    /// First purchase day of the earliest cohort customer (ISO).
    pub acquired_from: Option<String>,
    /// The latest first purchase day that qualifies: analysis date − 364 days (ISO).
    pub acquired_to: Option<String>,
    /// Orders of the cohort in their windows.
    pub orders: u64,
    /// Net revenue of the cohort in their windows.
    pub revenue: Decimal,
    /// Gross profit of the cohort in their windows, when known.
    pub gross_profit: Option<Decimal>,
    /// 年間LTV (revenue): revenue ÷ cohort customers; `None` while no customer is a year old.
    pub ltv: Option<Decimal>,
    /// 年間LTV (gross profit), when known and measurable.
    pub gross_profit_ltv: Option<Decimal>,
    /// 平均購入単価 in the window: revenue ÷ orders; `None` while no customer is a year old.
    pub average_order_value: Option<Decimal>,
    /// 購入頻度 (per year): orders ÷ cohort customers; `None` while no customer is a year old.
    pub orders_per_customer: Option<Decimal>,
}

/// 継続期間, two ways.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Lifetime {
    /// Mean of (last − first purchase day) ÷ 365 over all customers, in years.
    pub average_active_years: Decimal,
    /// Yearly 顧客維持率 pooled over all period pairs; `None` without a pair.
    pub yearly_retention_rate: Option<f64>,
    /// Expected lifetime 1 ÷ (1 − yearly 顧客維持率), in years; `None` without a pair or when
    /// every customer was retained.
    pub expected_years: Option<Decimal>,
}

/// Retention from one period to the next.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PeriodRetention {
    /// First day of the earlier period (ISO).
    pub previous_start: String,
    /// Last day of the earlier period (ISO).
    pub previous_end: String,
    /// First day of the period (ISO).
    pub start: String,
    /// Last day of the period (ISO).
    pub end: String,
    /// Whether the earlier period begins before the first order of the file.
    pub previous_partial: bool,
    /// Customers with a purchase in the earlier period.
    pub active_previous: u64,
    /// Of those, customers with a purchase in this period too.
    pub retained: u64,
    /// retained ÷ active_previous.
    pub rate: f64,
}

/// F2 / F3転換率.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Repeat {
    /// Customers with 2+ purchase days (to date).
    pub f2_customers: u64,
    /// F2転換率 to date: f2_customers ÷ customers.
    pub f2_rate: f64,
    /// Customers with 3+ purchase days.
    pub f3_customers: u64,
    /// F3転換率 to date.
    pub f3_rate: f64,
    /// F2 / F3 within N days of the first purchase.
    pub windows: Vec<RepeatWindow>,
}

/// F2 / F3 within a window.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RepeatWindow {
    /// N: the window is the first purchase day and the N − 1 days after it.
    pub days: u32,
    /// Customers whose window has ended by the analysis date.
    pub eligible: u64,
    /// Of those, customers with a 2nd purchase day in the window.
    pub f2_customers: u64,
    /// f2_customers ÷ eligible.
    pub f2_rate: f64,
    /// Of those, customers with a 3rd purchase day in the window.
    pub f3_customers: u64,
    /// f3_customers ÷ eligible.
    pub f3_rate: f64,
}

/// First day of a month number.
pub(crate) fn month_start(month: i32) -> Day {
    days_from_civil(month.div_euclid(12), month.rem_euclid(12) as u32 + 1, 1)
}

/// Last day of a month number.
pub(crate) fn month_end(month: i32) -> Day {
    month_start(month + 1) - 1
}

/// Measures every figure of this module.
#[must_use]
pub(crate) fn measure(ds: &Dataset, b: &CustomerFacts, params: &AnalysisParams) -> Measured {
    let n = b.len();
    let mut orders = 0u64;
    let mut days = 0u64;
    let (mut revenue, mut profit): (Fixed, Fixed) = (0, 0);
    let mut active_days = 0i64;
    let mut gap_days = 0i64;
    let mut gaps = 0u64;
    let (mut f2, mut f3) = (0u64, 0u64);
    let mut a_n = 0u64;
    let mut a_orders = 0u64;
    let (mut a_revenue, mut a_profit): (Fixed, Fixed) = (0, 0);
    let mut a_from = Day::MAX;
    for i in 0..n {
        orders += u64::from(b.orders[i]);
        days += u64::from(b.days[i]);
        revenue += Fixed::from(b.revenue[i]);
        profit += b.file_profit(i);
        let span = i64::from(b.last[i] - b.first[i]);
        active_days += span;
        if b.days[i] >= 2 {
            f2 += 1;
            gap_days += span;
            gaps += u64::from(b.days[i] - 1);
        }
        f3 += u64::from(b.days[i] >= 3);
        if b.year_complete(i) {
            a_n += 1;
            a_orders += u64::from(b.year_orders[i]);
            a_revenue += Fixed::from(b.year_revenue[i]);
            a_profit += b.year_file_profit(i);
            a_from = a_from.min(b.first[i]);
        }
    }
    let per = |x: Decimal, k: u64| ratio(x, Decimal::from(k));
    let gross = b.gross(revenue, profit);
    let a_gross = b.gross(a_revenue, a_profit);
    let (revenue, a_revenue) = (b.money(revenue), b.money(a_revenue));
    let by_year = retention_by_year(ds, b);
    let (active, retained) =
        by_year.iter().fold((0u64, 0u64), |(a, r), p| (a + p.active_previous, r + p.retained));
    let annual = AnnualLtv {
        cohort_customers: a_n,
        acquired_from: (a_n > 0).then(|| format_day(a_from)),
        acquired_to: (a_n > 0).then(|| format_day(b.as_of - (YEAR_DAYS - 1))),
        orders: a_orders,
        revenue: a_revenue,
        gross_profit: a_gross,
        ltv: (a_n > 0).then(|| per(a_revenue, a_n)),
        gross_profit_ltv: a_gross.filter(|_| a_n > 0).map(|g| per(g, a_n)),
        average_order_value: (a_n > 0).then(|| per(a_revenue, a_orders)),
        orders_per_customer: (a_n > 0).then(|| per(Decimal::from(a_orders), a_n)),
    };
    Measured {
        customers: n as u64,
        orders,
        purchase_days: days,
        revenue,
        gross_profit: gross,
        gross_margin_percent: gross
            .filter(|_| !revenue.is_zero())
            .and_then(|g| g.checked_mul(Decimal::ONE_HUNDRED))
            .map(|g| ratio(g, revenue)),
        average_order_value: per(revenue, orders),
        orders_per_customer: per(Decimal::from(orders), n as u64),
        revenue_per_customer: per(revenue, n as u64),
        gross_profit_per_customer: gross.map(|g| per(g, n as u64)),
        annual,
        lifetime: Lifetime {
            average_active_years: per(Decimal::from(active_days), 365 * n as u64),
            yearly_retention_rate: (active > 0).then(|| share(retained, active)),
            expected_years: (active > retained)
                .then(|| per(Decimal::from(active), active - retained)),
        },
        retention_by_year: by_year,
        retention_by_month: retention_by_month(ds, b),
        repeat: repeat(b, &params.repeat_windows_days, f2, f3),
        average_days_between_purchases: (gaps > 0).then(|| gap_days as f64 / gaps as f64),
    }
}

/// The F2 (F3) window rule: `None` when the `window`-day window from `first` has not ended by
/// `as_of` (the customer is not eligible); else whether `next` (the 2nd or 3rd purchase day,
/// `Day::MAX` when none) is at most `window − 1` days after `first` (day 0 = the first purchase).
pub fn window_outcome(first: Day, next: Day, as_of: Day, window: u32) -> Option<bool> {
    let last_offset = i64::from(window) - 1;
    if i64::from(first) + last_offset > i64::from(as_of) {
        return None;
    }
    // `next` is Day::MAX when missing: compare offsets in i64.
    Some(i64::from(next) - i64::from(first) <= last_offset)
}

fn repeat(b: &CustomerFacts, windows: &[u32], f2: u64, f3: u64) -> Repeat {
    let n = b.len() as u64;
    let windows = windows
        .iter()
        .map(|&w| {
            let (mut eligible, mut two, mut three) = (0u64, 0u64, 0u64);
            for i in 0..b.len() {
                let Some(second) = window_outcome(b.first[i], b.second[i], b.as_of, w) else {
                    continue;
                };
                eligible += 1;
                two += u64::from(second);
                three +=
                    u64::from(window_outcome(b.first[i], b.third[i], b.as_of, w) == Some(true));
            }
            RepeatWindow {
                days: w,
                eligible,
                f2_customers: two,
                f2_rate: share(two, eligible),
                f3_customers: three,
                f3_rate: share(three, eligible),
            }
        })
        .collect();
    Repeat {
        f2_customers: f2,
        f2_rate: share(f2, n),
        f3_customers: f3,
        f3_rate: share(f3, n),
        windows,
    }
}

/// Counts, per period, customers active in it and customers active in it and the next one.
/// `period(day)` numbers the periods so that later days have larger numbers (0..count).
fn active_pairs(
    ds: &Dataset,
    b: &CustomerFacts,
    count: usize,
    period: impl Fn(Day) -> Option<usize>,
) -> (Vec<u64>, Vec<u64>) {
    let mut active = vec![0u64; count];
    let mut both = vec![0u64; count];
    for &c in &b.ids {
        let mut prev: Option<usize> = None;
        for p in ds.purchases_of(c as usize) {
            if p.day > b.as_of {
                break;
            }
            if p.orders == 0 {
                continue;
            }
            let Some(k) = period(p.day) else { continue };
            if prev == Some(k) {
                continue;
            }
            active[k] += 1;
            if k > 0 && prev == Some(k - 1) {
                both[k - 1] += 1;
            }
            prev = Some(k);
        }
    }
    (active, both)
}

fn pairs(
    active: &[u64],
    both: &[u64],
    bounds: impl Fn(usize) -> (Day, Day),
    data_start: Day,
) -> Vec<PeriodRetention> {
    (1..active.len())
        .map(|k| {
            let (ps, pe) = bounds(k - 1);
            let (s, e) = bounds(k);
            PeriodRetention {
                previous_start: format_day(ps),
                previous_end: format_day(pe),
                start: format_day(s),
                end: format_day(e),
                previous_partial: ps < data_start,
                active_previous: active[k - 1],
                retained: both[k - 1],
                rate: share(both[k - 1], active[k - 1]),
            }
        })
        .collect()
}

/// Yearly retention over 365-day periods ending at the analysis date.
fn retention_by_year(ds: &Dataset, b: &CustomerFacts) -> Vec<PeriodRetention> {
    if b.len() == 0 {
        return Vec::new();
    }
    // Periods numbered oldest first: period k ends at as_of − 365 × (count − 1 − k).
    let count = ((b.as_of - b.first_day) / YEAR_DAYS) as usize + 1;
    let back = |day: Day| ((b.as_of - day) / YEAR_DAYS) as usize;
    let (active, both) = active_pairs(ds, b, count, |d| count.checked_sub(1 + back(d)));
    let bounds = |k: usize| {
        let end = b.as_of - YEAR_DAYS * (count - 1 - k) as Day;
        (end - (YEAR_DAYS - 1), end)
    };
    pairs(&active, &both, bounds, b.first_day)
}

/// Monthly retention over calendar months that have ended by the analysis date.
fn retention_by_month(ds: &Dataset, b: &CustomerFacts) -> Vec<PeriodRetention> {
    if b.len() == 0 {
        return Vec::new();
    }
    let first = b.months.first;
    // The analysis date's month counts only when the date is its last day.
    let ended = civil_from_days(b.as_of + 1).2 == 1;
    let count = b.months.of(b.as_of) + usize::from(ended);
    let (active, both) =
        active_pairs(ds, b, count, |d| Some(b.months.of(d)).filter(|&k| k < count));
    let bounds = |k: usize| (month_start(first + k as i32), month_end(first + k as i32));
    pairs(&active, &both, bounds, b.first_day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testing::{d, data};

    fn measured(csv: &str, params: &AnalysisParams) -> Measured {
        let ds = data(csv);
        let as_of = params.validate(&ds).unwrap();
        let b = CustomerFacts::build(&ds, as_of, params.gross_margin_percent, &[]);
        measure(&ds, &b, params)
    }

    /// Two years of a small shop (analysis date 2024-12-31, the last order):
    /// A: 2023-01-10 ¥5,000 + ¥1,000 the same day (one purchase day, two orders),
    ///    2023-03-01 ¥4,000, 2024-01-09 ¥3,000 (day 364: inside the year), 2024-02-01 ¥2,000.
    /// B: 2023-06-01 ¥10,000, 2023-06-20 ¥2,000 (キャンセル: excluded), 2024-06-01 ¥8,000 (day 366).
    /// C: 2024-03-01 ¥6,000, 2024-03-15 ¥1,500.
    /// D: 2024-12-31 ¥3,000.
    /// E: 2025-01-05 ¥9,999 (after the analysis date 2024-12-31: not a customer).
    const SHOP: &str = "customer_id,order_date,amount,status
A,2023-01-10,5000,発送済
A,2023-01-10,1000,発送済
A,2023-03-01,4000,発送済
A,2024-01-09,3000,発送済
A,2024-02-01,2000,発送済
B,2023-06-01,10000,発送済
B,2023-06-20,2000,キャンセル
B,2024-06-01,8000,発送済
C,2024-03-01,6000,発送済
C,2024-03-15,1500,発送済
D,2024-12-31,3000,発送済
E,2025-01-05,9999,発送済
";

    fn shop() -> Measured {
        let p = AnalysisParams { analysis_date: Some("2024-12-31".into()), ..Default::default() };
        measured(SHOP, &p)
    }

    #[test]
    fn totals_count_same_day_orders_once_as_purchase_days_and_skip_cancelled_and_later_orders() {
        let m = shop();
        // A 5 orders / 4 days, B 2 / 2 (cancelled one gone), C 2 / 2, D 1 / 1; E after the date.
        assert_eq!((m.customers, m.orders, m.purchase_days), (4, 10, 9));
        // 15,000 + 18,000 + 7,500 + 3,000 = 43,500.
        assert_eq!(m.revenue, d("43500"));
        assert_eq!(m.average_order_value, d("4350")); // 43,500 ÷ 10
        assert_eq!(m.revenue_per_customer, d("10875")); // 43,500 ÷ 4
        assert_eq!(m.orders_per_customer, d("2.5"));
        assert_eq!(m.gross_profit, None);
    }

    #[test]
    fn annual_ltv_averages_the_first_365_days_over_customers_a_full_year_old() {
        let m = shop();
        let a = &m.annual;
        // Window complete when first ≤ 2024-12-31 − 364 = 2024-01-02: A and B.
        assert_eq!(a.cohort_customers, 2);
        assert_eq!(a.acquired_from.as_deref(), Some("2023-01-10"));
        assert_eq!(a.acquired_to.as_deref(), Some("2024-01-02"));
        // A: days 0, 50, 364 → 6,000 + 4,000 + 3,000 = 13,000 (4 orders; 2024-02-01 is day 387).
        // B: day 0 → 10,000 (1 order; 2024-06-01 is day 366).
        assert_eq!((a.orders, a.revenue), (5, d("23000")));
        assert_eq!(a.ltv, Some(d("11500"))); // 23,000 ÷ 2
        assert_eq!(a.average_order_value, Some(d("4600"))); // 23,000 ÷ 5
        assert_eq!(a.orders_per_customer, Some(d("2.5"))); // 5 ÷ 2; 4,600 × 2.5 = 11,500
        assert_eq!(a.gross_profit_ltv, None);
    }

    #[test]
    fn gross_profit_comes_from_the_cost_column_or_else_from_the_margin_parameter() {
        let csv = "customer_id,order_date,amount,cost
A,2023-01-01,10000,6000
A,2023-06-01,5000,2000
B,2023-12-01,3000,1000
";
        let p = AnalysisParams { gross_margin_percent: Some(d("50")), ..Default::default() };
        let m = measured(csv, &p);
        // Profit from the file (the margin parameter is ignored): 4,000 + 3,000 + 2,000.
        assert_eq!(m.gross_profit, Some(d("9000")));
        assert_eq!(m.gross_margin_percent, Some(d("50"))); // 9,000 ÷ 18,000
        assert_eq!(m.gross_profit_per_customer, Some(d("4500")));
        // As of 2023-12-01 a full year needs a first purchase by 2022-12-02: nobody.
        assert_eq!(m.annual.cohort_customers, 0);
        assert_eq!((m.annual.ltv, m.annual.gross_profit_ltv), (None, None));

        let no_cost = "customer_id,order_date,amount\nA,2023-01-01,10000\nA,2024-06-01,5001\n";
        let p = AnalysisParams { gross_margin_percent: Some(d("30")), ..Default::default() };
        let m = measured(no_cost, &p);
        // 15,001 × 30 % = 4,500.3; 年間: A's first year holds 10,000 → 3,000.
        assert_eq!(m.gross_profit, Some(d("4500.3")));
        assert_eq!(m.annual.gross_profit_ltv, Some(d("3000")));
    }

    #[test]
    fn yearly_retention_pairs_365_day_periods_counted_back_from_the_analysis_date() {
        let m = shop();
        // Periods of 365 days back from 2024-12-31 (2024 is a leap year): 2024-01-02..2024-12-31 and
        // 2023-01-02..2024-01-01, which begins before the file (2023-01-10); no earlier one.
        // Active in P1: A (2023-01-10, 03-01), B (2023-06-01) = 2; both also in P2 (A 2024-01-09, B 2024-06-01).
        assert_eq!(m.retention_by_year.len(), 1);
        let y = &m.retention_by_year[0];
        assert_eq!(
            (y.previous_start.as_str(), y.previous_end.as_str(), y.start.as_str(), y.end.as_str()),
            ("2023-01-02", "2024-01-01", "2024-01-02", "2024-12-31")
        );
        assert!(y.previous_partial);
        assert_eq!((y.active_previous, y.retained, y.rate), (2, 2, 1.0));
        // Everyone retained: no finite expected lifetime.
        assert_eq!(m.lifetime.yearly_retention_rate, Some(1.0));
        assert_eq!(m.lifetime.expected_years, None);
        // Spans: A 387 days, B 366, C 14, D 0 → 767 ÷ (365 × 4) = 0.525… → 0.53 years.
        assert_eq!(m.lifetime.average_active_years, d("0.53"));
    }

    #[test]
    fn expected_lifetime_is_one_over_one_minus_the_pooled_yearly_retention() {
        // Analysis date 2024-12-31; periods 2023-01-02..2024-01-01 and 2024-01-02..2024-12-31.
        // Active in the first: A, B, C, D; A is retained → r = 1/4, lifetime 1 ÷ 0.75 = 1.33 years.
        let csv = "customer_id,order_date,amount
A,2023-02-01,100
B,2023-03-01,100
C,2023-04-01,100
D,2023-05-01,100
A,2024-02-01,100
E,2024-12-31,100
";
        let m = measured(csv, &AnalysisParams::default());
        assert_eq!(m.lifetime.yearly_retention_rate, Some(0.25));
        assert_eq!(m.lifetime.expected_years, Some(d("1.33")));
        assert!(m.retention_by_year[0].previous_partial); // 2023-01-02 < 2023-02-01
    }

    #[test]
    fn monthly_retention_uses_calendar_months_ended_by_the_analysis_date() {
        // Analysis date 2024-03-20: March has not ended, so the months are January and February.
        let csv = "customer_id,order_date,amount
A,2024-01-05,100
A,2024-01-25,100
B,2024-01-10,100
A,2024-02-03,100
C,2024-02-10,100
B,2024-03-20,100
";
        let m = measured(csv, &AnalysisParams::default());
        // January: A, B active (A twice: counted once); February: A retained, C new.
        assert_eq!(m.retention_by_month.len(), 1);
        let r = &m.retention_by_month[0];
        assert_eq!((r.previous_start.as_str(), r.end.as_str()), ("2024-01-01", "2024-02-29"));
        assert!(r.previous_partial); // the file starts 2024-01-05
        assert_eq!((r.active_previous, r.retained, r.rate), (2, 1, 0.5));
    }

    #[test]
    fn f2_and_f3_windows_count_only_customers_whose_window_has_ended() {
        // Analysis date 2024-04-30 (the last order).
        // A: 01-01, 01-30 (day 29), 03-01 (day 60).
        // B: 01-01, 01-31 (day 30).
        // C: 03-15, 03-20 (day 5): its 60-day window ends 05-13, after the date.
        // D: 04-30 only.
        let csv = "customer_id,order_date,amount
A,2024-01-01,100
A,2024-01-30,100
A,2024-03-01,100
B,2024-01-01,100
B,2024-01-31,100
C,2024-03-15,100
C,2024-03-20,100
D,2024-04-30,100
";
        let p = AnalysisParams { repeat_windows_days: vec![30, 60, 90], ..Default::default() };
        let m = measured(csv, &p);
        let r = &m.repeat;
        assert_eq!((r.f2_customers, r.f2_rate, r.f3_customers, r.f3_rate), (3, 0.75, 1, 0.25));
        let w: Vec<(u32, u64, u64, u64)> = r
            .windows
            .iter()
            .map(|w| (w.days, w.eligible, w.f2_customers, w.f3_customers))
            .collect();
        // 30 days = days 0..29: eligible A, B, C (03-15 + 29 = 04-13 ≤ 04-30), not D.
        //   F2: A (day 29), C (day 5); B's day 30 is outside. F3: none (A's 3rd is day 60).
        // 60 days = days 0..59: eligible A, B (C's window ends 05-13). F2: A, B. F3: none.
        // 90 days: eligible A, B (01-01 + 89 = 03-30). F2: A, B. F3: A (day 60).
        assert_eq!(w, vec![(30, 3, 2, 0), (60, 2, 2, 0), (90, 2, 2, 1)]);
        assert_eq!(r.windows[0].f2_rate, 2.0 / 3.0);
        // Gaps: A 60 days over 2 gaps, B 30 over 1, C 5 over 1 → 95 ÷ 4 = 23.75.
        assert_eq!(m.average_days_between_purchases, Some(23.75));
    }

    #[test]
    fn the_analysis_date_cuts_orders_and_refunds_after_it() {
        let csv = "customer_id,order_date,amount
A,2024-01-01,5000
A,2024-01-20,-1000
A,2024-02-01,3000
B,2024-03-01,2000
";
        let p = AnalysisParams { analysis_date: Some("2024-01-31".into()), ..Default::default() };
        let m = measured(csv, &p);
        // Only A's first order and its refund: 5,000 − 1,000; B is not yet a customer.
        assert_eq!((m.customers, m.orders, m.revenue), (1, 1, d("4000")));
        let early =
            AnalysisParams { analysis_date: Some("2023-12-31".into()), ..Default::default() };
        let ds = data(csv);
        assert!(matches!(
            early.validate(&ds),
            Err(crate::Error::BadParameter { name: "analysisDate", .. })
        ));
    }
}
