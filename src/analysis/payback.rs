//! 回収期間 (payback): for every shop, the cumulative gross profit per new customer by
//! acquisition month, in 30-day steps up to 720 days, against the CPA the user gives
//! ([`super::AnalysisParams::acquisition_cost`]); the first step that reaches it is the payback.
//!
//! | figure | definition |
//! |---|---|
//! | step d (30, 60, …, 720) | Σ over the month's new customers whose first d days (the first purchase day and the d − 1 days after it) lie on or before the analysis date of their gross profit in those days ÷ those customers (LTV-Lab's LTV推移, on profit) |
//! | gross profit | the file's profit or cost column, else revenue × 粗利率, else revenue (the basis is named: [`super::ProfitBasis`]) |
//! | 回収 | the first step whose value is at least the CPA (`None`: not within the steps observed) |
//! | 全コホート | the same over every month's customers together (weighted by customers) |
//! | by channel | the same by acquisition channel (the first order's; issue 16), each against the channel's own CPA (`channelCpa`) when given, else the shop's CPA |
//!
//! Money is summed exactly (the facts' fixed point) and divided once per cell
//! ([`crate::money::ratio`]). Months not yet observed are left empty, not forecast.

use super::facts::{of_margin, CustomerFacts, Fixed};
use crate::dataset::{Dataset, NO_CHANNEL};
use crate::date::civil_from_days;
use crate::money::ratio;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// Days per step.
pub const STEP_DAYS: u32 = 30;
/// Steps (30 … 720 days).
pub const STEPS: usize = 24;

/// One acquisition month (or all of them).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PaybackRow {
    /// `YYYY-MM`, or `"all"` for every month together; in [`Payback::channels`], the channel.
    pub month: String,
    /// The CPA this row is compared against.
    pub cpa: Option<Decimal>,
    /// New customers of the month.
    pub customers: u64,
    /// Per step (30, 60, … days): cumulative gross profit per customer whose window has ended,
    /// `None` when nobody's has.
    pub values: Vec<Option<Decimal>>,
    /// The days of the first step that reaches the CPA.
    pub payback_days: Option<u32>,
}

/// 回収期間 by acquisition month.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Payback {
    /// The CPA compared against (`None`: not entered, no payback shown).
    pub cpa: Option<Decimal>,
    /// The step length in days.
    pub step_days: u32,
    /// Whether the values are gross profit (false: revenue, no margin or cost known).
    pub profit: bool,
    /// Every month together.
    pub all: PaybackRow,
    /// By acquisition month, oldest first.
    pub months: Vec<PaybackRow>,
    /// By acquisition channel, most customers first (ties by name); empty without a channel
    /// column.
    pub channels: Vec<PaybackRow>,
}

/// Sums of one row while the customers are walked.
#[derive(Default, Clone)]
struct Acc {
    customers: u64,
    eligible: [u64; STEPS],
    revenue: [Fixed; STEPS],
    profit: [Fixed; STEPS],
}

impl Acc {
    fn row(&self, month: String, b: &CustomerFacts, cpa: Option<Decimal>) -> PaybackRow {
        let values: Vec<Option<Decimal>> = (0..STEPS)
            .map(|j| {
                let n = self.eligible[j];
                (n > 0).then(|| {
                    let total = match (&b.profit, b.margin) {
                        (Some(_), _) => b.money(self.profit[j]),
                        (None, Some(m)) => of_margin(b.money(self.revenue[j]), m),
                        (None, None) => b.money(self.revenue[j]),
                    };
                    ratio(total, Decimal::from(n))
                })
            })
            .collect();
        let payback_days = cpa.and_then(|cpa| {
            values
                .iter()
                .position(|v| v.is_some_and(|v| v >= cpa))
                .map(|j| (j as u32 + 1) * STEP_DAYS)
        });
        PaybackRow { month, cpa, customers: self.customers, values, payback_days }
    }
}

/// Computes 回収期間 by acquisition month, and by channel in `order` (the channel view's).
#[must_use]
pub(crate) fn payback(
    ds: &Dataset,
    b: &CustomerFacts,
    cpa: Option<Decimal>,
    channel_cpa: &BTreeMap<String, Decimal>,
    order: &[String],
) -> Payback {
    let mut months: BTreeMap<(i32, u32), Acc> = BTreeMap::new();
    let mut all = Acc::default();
    let mut channels: Vec<Acc> = vec![Acc::default(); ds.channels.len()];
    let mut none = Acc::default();
    for (i, &c) in b.ids.iter().enumerate() {
        let first = b.first[i];
        let profits = ds.profit_of(c as usize).unwrap_or(&[]);
        let (mut rev, mut pro) = ([0 as Fixed; STEPS], [0 as Fixed; STEPS]);
        for (k, p) in ds.purchases_of(c as usize).iter().enumerate() {
            if p.day > b.as_of {
                break;
            }
            let step = ((p.day - first).max(0) as u32 / STEP_DAYS) as usize;
            if step >= STEPS {
                break;
            }
            rev[step] += super::facts::money_fixed(p.revenue, b.scale);
            pro[step] += profits.get(k).map_or(0, |&x| super::facts::money_fixed(x, b.scale));
        }
        let (y, m, _) = civil_from_days(first);
        let acc = months.entry((y, m)).or_default();
        let ch = ds.channel_of.get(c as usize).copied().unwrap_or(NO_CHANNEL);
        let by_channel = channels.get_mut(usize::from(ch)).unwrap_or(&mut none);
        acc.customers += 1;
        all.customers += 1;
        by_channel.customers += 1;
        let (mut cr, mut cp) = (0 as Fixed, 0 as Fixed);
        for j in 0..STEPS {
            cr += rev[j];
            cp += pro[j];
            // The window of step j: the first day and the 30(j+1) − 1 days after it.
            if first + (STEP_DAYS as i32) * (j as i32 + 1) - 1 > b.as_of {
                break;
            }
            for a in [&mut *acc, &mut all, &mut *by_channel] {
                a.eligible[j] += 1;
                a.revenue[j] += cr;
                a.profit[j] += cp;
            }
        }
    }
    Payback {
        cpa,
        step_days: STEP_DAYS,
        profit: b.profit.is_some() || b.margin.is_some(),
        all: all.row("all".into(), b, cpa),
        months: months.iter().map(|(&(y, m), a)| a.row(format!("{y:04}-{m:02}"), b, cpa)).collect(),
        // In the channel view's order (most customers first, ties by name: an order of the data,
        // which a pack keeps; no sort of our own, whose code would weigh on the page).
        channels: order
            .iter()
            .filter_map(|name| {
                let k = ds.channels.iter().position(|c| c == name)?;
                let a = channels.get(k).filter(|a| a.customers > 0)?;
                Some(a.row(name.clone(), b, channel_cpa.get(name).copied().or(cpa)))
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::testing::{d, data};
    use crate::analysis::{analyze, AnalysisParams};

    #[test]
    fn payback_is_the_first_thirty_day_step_whose_profit_per_customer_reaches_the_cpa() {
        // As of 2024-03-31, 粗利率 50 %, CPA 2,000. January: A (01-01: 3000, 01-20: 1000,
        // 02-05 (day 35): 2000), B (01-15: 1000, 03-20 (day 65): 4000). February: C (02-10: 500).
        // January, 30 days (both windows ended: A to 01-30, B to 02-13): (4000 + 1000) × 50 % ÷ 2
        // = 1250; 60 days (A to 02-29, B to 03-14): (6000 + 1000) × 50 % ÷ 2 = 1750; 90 days
        // (A to 03-30; B's ends 04-13, open): A alone 6000 × 50 % = 3000 ≥ 2000: paid back at 90.
        // February, 30 days (C to 03-10): 250; 60 days (to 04-09) open.
        let csv = "customer_id,order_date,amount\nA,2024-01-01,3000\nA,2024-01-20,1000\n\
                   A,2024-02-05,2000\nB,2024-01-15,1000\nB,2024-03-20,4000\nC,2024-02-10,500\n\
                   Z,2024-03-31,100\n";
        let p = AnalysisParams {
            gross_margin_percent: Some(d("50")),
            acquisition_cost: Some(d("2000")),
            ..Default::default()
        };
        let pb = analyze(&data(csv), &p).unwrap().payback;
        let jan = &pb.months[0];
        assert_eq!((jan.month.as_str(), jan.customers), ("2024-01", 2));
        assert_eq!(&jan.values[..4], &[Some(d("1250")), Some(d("1750")), Some(d("3000")), None]);
        assert_eq!(jan.payback_days, Some(90));
        let feb = &pb.months[1];
        assert_eq!((&feb.values[..2], feb.payback_days), (&[Some(d("250")), None][..], None));
        // All months, 30 days: A, B, C: (4000 + 1000 + 500) × 50 % ÷ 3 = 916.67.
        assert_eq!(pb.all.values[0], Some(d("916.67")));
        assert!(pb.profit);
        assert!(pb.channels.is_empty(), "no channel column");
    }

    #[test]
    fn payback_is_also_given_by_channel_each_against_its_own_cpa() {
        // As of 2024-03-31, 粗利率 50 %, the shop's CPA 2,000, Instagram's 500. web: A (01-01:
        // 3000, 02-05 (day 35): 2000); ig: B (01-15: 1000, 03-20 (day 65): 4000). web, 30 days:
        // 3000 × 50 % = 1500; 60: (3000 + 2000) × 50 % = 2500 ≥ 2000: paid back at 60. ig
        // 90 (A to 03-30) 2500; Z (03-31) is in no window yet. ig (Instagram), 30 days: 1000 ×
        // 50 % = 500 ≥ 500: paid back at 30; 60 (to 03-14): 500; 90 (to 04-13) open. C (no
        // channel) is in no channel row.
        let csv = "customer_id,order_date,amount,channel\nA,2024-01-01,3000,web\n\
                   A,2024-02-05,2000,web\nB,2024-01-15,1000,Instagram\nB,2024-03-20,4000,Instagram\n\
                   C,2024-01-02,100,\nZ,2024-03-31,100,web\n";
        let mut p = AnalysisParams {
            gross_margin_percent: Some(d("50")),
            acquisition_cost: Some(d("2000")),
            ..Default::default()
        };
        p.channel_cpa.insert("Instagram".into(), d("500"));
        let pb = analyze(&data(csv), &p).unwrap().payback;
        let rows: Vec<(&str, u64, Option<rust_decimal::Decimal>, Option<u32>)> = pb
            .channels
            .iter()
            .map(|r| (r.month.as_str(), r.customers, r.cpa, r.payback_days))
            .collect();
        assert_eq!(
            rows,
            vec![("web", 2, Some(d("2000")), Some(60)), ("Instagram", 1, Some(d("500")), Some(30))] // web has more customers, so it comes first.
        );
        assert_eq!(
            &pb.channels[0].values[..3],
            &[Some(d("1500")), Some(d("2500")), Some(d("2500"))]
        );
        assert_eq!(&pb.channels[1].values[..3], &[Some(d("500")), Some(d("500")), None]);
    }
}
