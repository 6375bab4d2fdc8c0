//! 転換日数: how many days after the first purchase the second one comes, and who is now late.
//!
//! | figure | definition |
//! |---|---|
//! | distribution | customers with a second purchase day, by days from the first to the second purchase day: a week a bin up to 182 days (1–7, 8–14, …, 176–182), then 183–365 and 366 days or more |
//! | typical day | the shop's typical 転換日数 of the status rule ([`super::status`]): the median days, the mean of the middle two rounded up |
//! | フォロー対象 follow-up | customers with one purchase day whose days since it are past the typical day (more than it) and who are still 判定待ち in 回数別: the 離脱基準日数 X from their purchase have not ended (first + X − 1 after the analysis date) |
//!
//! The follow-up customers are listed (and exported with the contact columns) by the customer
//! table's filter `followUp` ([`super::customers::CustomerFilter::follow_up`]).

use super::facts::{CustomerFacts, Fixed};
use super::share;
use crate::date::Day;
use rust_decimal::Decimal;
use serde::Serialize;

/// The bins: the first day of each (the last one is open-ended).
const BIN_STARTS: [u32; 28] = [
    1, 8, 15, 22, 29, 36, 43, 50, 57, 64, 71, 78, 85, 92, 99, 106, 113, 120, 127, 134, 141, 148,
    155, 162, 169, 176, 183, 366,
];

/// One bin of the distribution.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DayBin {
    /// First day of the bin.
    pub from: u32,
    /// Last day of the bin; `None` for the last, open-ended one.
    pub to: Option<u32>,
    /// Customers whose second purchase day came that many days after the first.
    pub customers: u64,
    /// customers ÷ customers with a second purchase day.
    pub share: f64,
    /// The share of this bin and the ones before it.
    pub cumulative_share: f64,
}

/// 転換日数: the distribution and the follow-up list's size.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DaysToSecond {
    /// Customers with a second purchase day.
    pub repeat_customers: u64,
    /// The bins, shortest first.
    pub bins: Vec<DayBin>,
    /// The typical day (the status rule's 転換日数); `None` without repeat customers.
    pub typical_days: Option<u32>,
    /// Mean days to the second purchase day.
    pub mean_days: Option<f64>,
    /// Share of the repeat customers whose second purchase came on or before the typical day.
    pub within_typical_share: Option<f64>,
    /// The 離脱基準日数 the follow-up list ends at.
    pub lapse_days: u32,
    /// Customers to follow up (see the module doc).
    pub follow_up_customers: u64,
    /// Their revenue to date.
    pub follow_up_revenue: Decimal,
}

/// Whether row `i` is a follow-up customer: one purchase day, past `typical`, not yet 離脱.
pub(crate) fn is_follow_up(b: &CustomerFacts, i: usize, typical: Option<u32>, lapse: u32) -> bool {
    let Some(t) = typical else { return false };
    let still_open = i64::from(b.first[i]) + i64::from(lapse) - 1 > i64::from(b.as_of);
    b.days[i] == 1 && b.recency(i) > t && still_open
}

/// 転換日数 (see the module doc); `typical` is the status rule's.
#[must_use]
pub(crate) fn days_to_second(b: &CustomerFacts, typical: Option<u32>, lapse: u32) -> DaysToSecond {
    let mut counts = [0u64; BIN_STARTS.len()];
    let (mut repeat, mut sum, mut within) = (0u64, 0u64, 0u64);
    let (mut follow, mut follow_revenue): (u64, Fixed) = (0, 0);
    for i in 0..b.len() {
        if b.second[i] != Day::MAX {
            let d = (b.second[i] - b.first[i]).max(1) as u32;
            let bin = BIN_STARTS.iter().rposition(|&s| s <= d).unwrap_or(0);
            counts[bin] += 1;
            repeat += 1;
            sum += u64::from(d);
            within += u64::from(typical.is_some_and(|t| d <= t));
        } else if is_follow_up(b, i, typical, lapse) {
            follow += 1;
            follow_revenue += Fixed::from(b.revenue[i]);
        }
    }
    let mut cumulative = 0;
    let bins = BIN_STARTS
        .iter()
        .enumerate()
        .map(|(k, &from)| {
            cumulative += counts[k];
            DayBin {
                from,
                to: BIN_STARTS.get(k + 1).map(|next| next - 1),
                customers: counts[k],
                share: share(counts[k], repeat),
                cumulative_share: share(cumulative, repeat),
            }
        })
        .collect();
    DaysToSecond {
        repeat_customers: repeat,
        bins,
        typical_days: typical,
        mean_days: (repeat > 0).then(|| sum as f64 / repeat as f64),
        within_typical_share: (repeat > 0 && typical.is_some()).then(|| share(within, repeat)),
        lapse_days: lapse,
        follow_up_customers: follow,
        follow_up_revenue: b.money(follow_revenue),
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::customers::{CustomerFilter, TableQuery};
    use crate::analysis::testing::{d, data};
    use crate::analysis::{analyze, analyze_with_table, AnalysisParams};

    /// Analysis date 2024-12-31. Second purchases: A +5, B +20, C +40 (days 1–7, 15–21, 36–42);
    /// typical = the median 20. One-time buyers: D 2024-12-01 (30 days > 20, open: follow up,
    /// ¥3,000), E 2024-12-21 (10 days: not yet), F 2024-01-15 (351 days: past 180, 離脱).
    const SHOP: &str = "customer_id,order_date,amount
A,2024-01-01,1000
A,2024-01-06,1000
B,2024-02-01,1000
B,2024-02-21,1000
C,2024-03-01,1000
C,2024-04-10,1000
D,2024-12-01,3000
E,2024-12-21,500
F,2024-01-15,700
G,2024-12-31,100
";

    #[test]
    fn the_days_to_the_second_purchase_fall_into_weekly_bins_and_late_one_time_buyers_are_listed() {
        let a = analyze(&data(SHOP), &AnalysisParams::default()).unwrap();
        let v = &a.days_to_second;
        assert_eq!((v.repeat_customers, v.typical_days), (3, Some(20)));
        assert_eq!(a.status.days_to_second, Some(20));
        let counts: Vec<(u32, u64)> =
            v.bins.iter().filter(|b| b.customers > 0).map(|b| (b.from, b.customers)).collect();
        assert_eq!(counts, vec![(1, 1), (15, 1), (36, 1)]);
        // Cumulative: ⅓ by day 7, ⅔ by 21, all by 42; mean (5 + 20 + 40) ÷ 3; 2 of 3 by day 20.
        assert_eq!((v.bins[0].cumulative_share, v.bins[5].cumulative_share), (1.0 / 3.0, 1.0));
        assert_eq!((v.mean_days, v.within_typical_share), (Some(65.0 / 3.0), Some(2.0 / 3.0)));
        assert_eq!((v.bins[26].from, v.bins[26].to, v.bins[27].to), (183, Some(365), None));
        // Follow up D only (E is early, F lapsed, G bought today).
        assert_eq!((v.follow_up_customers, v.follow_up_revenue), (1, d("3000")));
    }

    #[test]
    fn the_follow_up_list_is_a_customer_table_filter() {
        let (_, table) = analyze_with_table(&data(SHOP), &AnalysisParams::default()).unwrap();
        let q = TableQuery {
            filter: CustomerFilter { follow_up: true, ..Default::default() },
            ..Default::default()
        };
        let page = table.page(&data(SHOP), &q);
        let keys: Vec<&str> = page.rows.iter().map(|r| r.customer.key.as_str()).collect();
        assert_eq!((keys, page.total), (vec!["D"], 1));
    }

    #[test]
    fn a_shorter_lapse_ends_the_follow_up_earlier() {
        // 離脱基準 30 days: D's window (12-01 + 29 = 12-30) has ended: nobody to follow up.
        let p = AnalysisParams {
            ladder: crate::analysis::ladder::LadderParams { lapse_days: 30 },
            ..Default::default()
        };
        let a = analyze(&data(SHOP), &p).unwrap();
        assert_eq!(a.days_to_second.follow_up_customers, 0);
    }
}
