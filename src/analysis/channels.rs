//! Acquisition channels against CPA: 新規獲得費用のCPA < LTV, channel by channel.
//!
//! A customer's channel is the channel of their first order (流入元 / 広告媒体 column).
//! Per channel: customers, 年間LTV with exactly the definition of [`super::measured`] (revenue
//! in the first 365 days, over customers whose window has ended), F2転換率 to date and within the
//! 年間 window, and — when the user enters the channel's CPA — the verdict:
//!
//! | verdict | meaning |
//! |---|---|
//! | `profitable` | CPA < 年間LTV on gross profit (or on revenue when profit is unknown) |
//! | `revenueOnly` | CPA < 年間LTV on revenue, but not on gross profit: the ad pays back revenue, not profit |
//! | `unprofitable` | CPA ≥ 年間LTV (revenue) |
//! | `noCpa` | no CPA entered for the channel |
//! | `notEnoughHistory` | no customer of the channel is a full year old yet |
//!
//! Comparisons are exact (CPA × customers against the window revenue), not on rounded averages.

use super::facts::{CustomerFacts, Fixed};
use super::share;
use crate::dataset::{Dataset, NO_CHANNEL};
use crate::money::ratio;
use crate::order::sort_rows;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// The verdict for one channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, strum::EnumIter)]
#[serde(rename_all = "camelCase")]
pub enum Verdict {
    /// CPA below 年間LTV on the profit basis (or revenue when profit is unknown).
    Profitable,
    /// CPA below 年間LTV on revenue only.
    RevenueOnly,
    /// CPA at or above 年間LTV.
    Unprofitable,
    /// No CPA entered.
    NoCpa,
    /// No customer a full year old.
    NotEnoughHistory,
}

/// One channel's line.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChannelRow {
    /// The channel name; `None` for customers whose first order has no channel.
    pub channel: Option<String>,
    /// Customers acquired through it.
    pub customers: u64,
    /// Net revenue to date of those customers.
    pub revenue: Decimal,
    /// Customers whose 年間 window has ended.
    pub cohort_customers: u64,
    /// 年間LTV (revenue); `None` without cohort customers.
    pub annual_ltv: Option<Decimal>,
    /// 年間LTV (gross profit), when profit is known and there are cohort customers.
    pub annual_gross_profit_ltv: Option<Decimal>,
    /// Customers with 2+ purchase days ÷ customers (to date).
    pub f2_rate: f64,
    /// Cohort customers with a 2nd purchase day within the 年間 window ÷ cohort customers.
    pub annual_f2_rate: f64,
    /// The CPA entered for the channel.
    pub cpa: Option<Decimal>,
    /// 年間LTV (gross profit, else revenue) ÷ CPA.
    pub ltv_to_cpa: Option<f64>,
    /// The verdict.
    pub verdict: Verdict,
}

/// The channel view.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Channels {
    /// Channels, most customers first.
    pub channels: Vec<ChannelRow>,
    /// CPA entries naming no channel of the data (typos?).
    pub unknown_cpa_channels: Vec<String>,
}

#[derive(Default, Clone)]
struct Acc {
    customers: u64,
    revenue: Fixed,
    repeaters: u64,
    cohort: u64,
    cohort_revenue: Fixed,
    cohort_profit: Fixed,
    cohort_repeaters: u64,
}

/// The channel view; `None` when the file has no channel column.
pub(crate) fn channels(
    ds: &Dataset,
    b: &CustomerFacts,
    cpa: &BTreeMap<String, Decimal>,
) -> Option<Channels> {
    if ds.channel_of.is_empty() {
        return None;
    }
    let none = ds.channels.len();
    let mut acc = vec![Acc::default(); none + 1];
    for (i, &c) in b.ids.iter().enumerate() {
        let ch = ds.channel_of.get(c as usize).copied().unwrap_or(NO_CHANNEL);
        let a = &mut acc[if ch == NO_CHANNEL { none } else { usize::from(ch).min(none) }];
        a.customers += 1;
        a.revenue += Fixed::from(b.revenue[i]);
        a.repeaters += u64::from(b.days[i] >= 2);
        if b.year_complete(i) {
            a.cohort += 1;
            a.cohort_revenue += Fixed::from(b.year_revenue[i]);
            a.cohort_profit += b.year_file_profit(i);
            let second = i64::from(b.second[i]) - i64::from(b.first[i]);
            a.cohort_repeaters += u64::from(second < i64::from(super::facts::YEAR_DAYS));
        }
    }
    let mut rows: Vec<ChannelRow> = acc
        .iter()
        .enumerate()
        .filter(|(_, a)| a.customers > 0)
        .map(|(k, a)| {
            let channel = ds.channels.get(k).cloned();
            let cpa = channel.as_ref().and_then(|name| cpa.get(name)).copied();
            let has_cohort = a.cohort > 0;
            let n = Decimal::from(a.cohort);
            let cohort_revenue = b.money(a.cohort_revenue);
            let gross = b.gross(a.cohort_revenue, a.cohort_profit);
            let basis = gross.unwrap_or(cohort_revenue);
            let verdict = match cpa {
                _ if !has_cohort => Verdict::NotEnoughHistory,
                None => Verdict::NoCpa,
                Some(cpa) => {
                    let cost = cpa.checked_mul(n).unwrap_or(Decimal::MAX);
                    if cost < basis {
                        Verdict::Profitable
                    } else if cost < cohort_revenue {
                        Verdict::RevenueOnly
                    } else {
                        Verdict::Unprofitable
                    }
                }
            };
            let ltv_to_cpa = cpa
                .filter(|c| !c.is_zero() && has_cohort)
                .and_then(|c| c.checked_mul(n))
                .map(|cost| super::money_share(basis, cost));
            ChannelRow {
                channel,
                customers: a.customers,
                revenue: b.money(a.revenue),
                cohort_customers: a.cohort,
                annual_ltv: has_cohort.then(|| ratio(cohort_revenue, n)),
                annual_gross_profit_ltv: gross.filter(|_| has_cohort).map(|g| ratio(g, n)),
                f2_rate: share(a.repeaters, a.customers),
                annual_f2_rate: share(a.cohort_repeaters, a.cohort),
                cpa,
                ltv_to_cpa,
                verdict,
            }
        })
        .collect();
    // Most customers first; ties by name (not by the channels' order in the file, which a pack
    // or a merge of packs does not keep), the customers without a channel last.
    sort_rows(&mut rows, &|a, b| {
        let key = |r: &ChannelRow| (std::cmp::Reverse(r.customers), r.channel.is_none());
        key(a).cmp(&key(b)).then_with(|| a.channel.cmp(&b.channel))
    });
    let unknown_cpa_channels =
        cpa.keys().filter(|k| !ds.channels.iter().any(|c| c == *k)).cloned().collect();
    Some(Channels { channels: rows, unknown_cpa_channels })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testing::{d, data};
    use crate::analysis::{analyze, AnalysisParams};

    /// Analysis date 2025-01-31 (the last order). A full year needs a first order by 2024-02-02
    /// (2025-01-31 − 364 days; 2024 is a leap year).
    /// Google: G1 2024-01-10 ¥10,000 (cost 6,000) + 2024-06-01 ¥5,000 (cost 3,000);
    ///         G2 2024-01-20 ¥3,000 (cost 2,000).                      年間 revenue 18,000 ÷ 2
    /// Instagram: I1 2024-01-15 ¥4,000 (cost 3,000); I2 2024-12-01 ¥20,000 (too young).
    /// LINE: L1 2025-01-31 ¥2,000 (too young).
    /// The channel of a later order (G1's second order says LINE) does not move the customer.
    const SHOP: &str = "customer_id,order_date,amount,cost,channel
G1,2024-01-10,10000,6000,Google
G2,2024-01-20,3000,2000,Google
I1,2024-01-15,4000,3000,Instagram
G1,2024-06-01,5000,3000,LINE
I2,2024-12-01,20000,12000,Instagram
L1,2025-01-31,2000,1000,LINE
";

    #[test]
    fn channels_compare_cpa_with_annual_ltv_on_revenue_and_gross_profit() {
        let ds = data(SHOP);
        let mut p = AnalysisParams::default();
        p.channel_cpa.insert("Google".into(), d("6000"));
        p.channel_cpa.insert("Instagram".into(), d("4000"));
        p.channel_cpa.insert("Gogle".into(), d("1"));
        let a = analyze(&ds, &p).unwrap();
        let ch = a.channels.unwrap();
        assert_eq!(ch.unknown_cpa_channels, vec!["Gogle".to_string()]);
        let row =
            |name: &str| ch.channels.iter().find(|r| r.channel.as_deref() == Some(name)).unwrap();
        let g = row("Google");
        // Revenue 10,000 + 5,000 + 3,000 = 18,000 ÷ 2 = 9,000; profit 4,000 + 2,000 + 1,000 = 7,000 ÷ 2 = 3,500.
        assert_eq!((g.customers, g.cohort_customers), (2, 2));
        assert_eq!((g.annual_ltv, g.annual_gross_profit_ltv), (Some(d("9000")), Some(d("3500"))));
        // CPA 6,000 < 9,000 revenue but ≥ 3,500 gross profit.
        assert_eq!(g.verdict, Verdict::RevenueOnly);
        assert_eq!(g.ltv_to_cpa, Some(3500.0 / 6000.0));
        assert_eq!((g.f2_rate, g.annual_f2_rate), (0.5, 0.5));
        let i = row("Instagram");
        // Only I1 is a year old: 4,000 revenue, 1,000 profit; CPA 4,000 is not below 4,000.
        assert_eq!((i.customers, i.cohort_customers, i.revenue), (2, 1, d("24000")));
        assert_eq!(i.annual_ltv, Some(d("4000")));
        assert_eq!(i.verdict, Verdict::Unprofitable);
        let l = row("LINE");
        assert_eq!((l.customers, l.annual_ltv, l.verdict), (1, None, Verdict::NotEnoughHistory));
        assert_eq!(ch.channels[2].channel.as_deref(), Some("LINE")); // fewest customers last
    }

    #[test]
    fn a_cheap_channel_is_profitable_and_a_channel_without_cpa_says_so() {
        let ds = data(SHOP);
        let mut p = AnalysisParams::default();
        p.channel_cpa.insert("Google".into(), d("3499.99"));
        let a = analyze(&ds, &p).unwrap();
        let ch = a.channels.unwrap();
        let verdict = |name: &str| {
            ch.channels.iter().find(|r| r.channel.as_deref() == Some(name)).unwrap().verdict
        };
        assert_eq!(verdict("Google"), Verdict::Profitable); // 3,499.99 < 3,500
        assert_eq!(verdict("Instagram"), Verdict::NoCpa);
    }

    #[test]
    fn a_file_without_a_channel_column_has_no_channel_view() {
        let ds = data("customer_id,order_date,amount\nA,2024-01-01,100\n");
        assert_eq!(analyze(&ds, &AnalysisParams::default()).unwrap().channels, None);
    }
}
