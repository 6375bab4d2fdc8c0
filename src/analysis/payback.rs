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
//! ([`crate::money::ratio`]).
//!
//! 予測 (with a forecast attached whose observation end is the analysis date, [`Projection`]):
//! every step d of a row whose customers' windows do not all lie before the analysis date is
//! also continued, over **all** the row's customers: (Σ their gross profit in their first d days
//! up to the analysis date + Σ over the open windows of E(purchases in (analysis date, first +
//! d − 1\]) × expected spend × profit ratio) ÷ customers. E(purchases) is the transaction model's
//! conditional expectation given the customer's (x, tₓ, T) at the observation end, the spend the
//! Gamma-Gamma conditional mean, the profit ratio the basis's (profit ÷ revenue of the shop, the
//! 粗利率, or 1 on revenue). The payback is then the first step, observed or 予測, reaching the CPA.

use super::facts::{of_margin, CustomerFacts, Fixed};
use crate::dataset::{Dataset, NO_CHANNEL};
use crate::date::Day;
use crate::models::TransactionModel;
use crate::money::ratio;
use crate::summary::TimeUnit;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::Serialize;

/// Days per step.
pub const STEP_DAYS: u32 = 30;
/// Steps (30 … 720 days).
pub const STEPS: usize = 24;

/// One acquisition month (or all of them).
#[derive(Debug, Default, Clone, PartialEq, Serialize)]
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
    /// The days of the first step that reaches the CPA (a 予測 step's value when it has one).
    pub payback_days: Option<u32>,
    /// Per step, the 予測 value when the step has a window past the analysis date (see the
    /// module notes); empty without a forecast.
    pub predicted: Vec<Option<Decimal>>,
    /// True when `payback_days` is a 予測 step.
    pub payback_predicted: bool,
}

/// What the forecast gives 回収期間 to continue it past the analysis date.
#[derive(Debug, Clone, Copy)]
pub struct Projection<'a> {
    /// The transaction model fitted on all the data.
    pub model: TransactionModel,
    /// Its time unit.
    pub unit: TimeUnit,
    /// Its observation end (the projection is made only when it is the analysis date).
    pub observation_end: Day,
    /// Per customer of the dataset, the expected spend per purchase (Gamma-Gamma).
    pub expected_spend: &'a [f64],
}

/// 回収期間 by acquisition month.
#[derive(Debug, Default, Clone, PartialEq, Serialize)]
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

/// Sums of one row while the customers are walked, by how many of a customer's steps are closed
/// (J: the windows that end on or before the analysis date) and by step: a customer adds each
/// purchase day once, and the cumulative cells are summed once per row ([`Acc::sums`]), not once
/// per customer and step (that was most of a 3 M-customer analysis's time in the page, where
/// 128-bit sums cost several instructions each).
#[derive(Clone)]
struct Acc {
    customers: u64,
    /// Customers by J (0 ..= STEPS).
    by_closed: [u64; STEPS + 1],
    /// Revenue and gross profit by J, then by the step the purchase day falls in.
    revenue: [[Fixed; STEPS]; STEPS + 1],
    profit: [[Fixed; STEPS]; STEPS + 1],
    /// With a projection: the expected revenue of the open windows, by step.
    expected: [f64; STEPS],
}

impl Default for Acc {
    fn default() -> Self {
        Acc {
            customers: 0,
            by_closed: [0; STEPS + 1],
            revenue: [[0; STEPS]; STEPS + 1],
            profit: [[0; STEPS]; STEPS + 1],
            expected: [0.0; STEPS],
        }
    }
}

/// A row's cumulative cells per step.
struct Sums {
    /// Customers whose window of the step has ended.
    eligible: [u64; STEPS],
    /// Their revenue and gross profit in their first (step + 1) × 30 days.
    revenue: [Fixed; STEPS],
    profit: [Fixed; STEPS],
    /// Every customer's, up to the analysis date (for 予測).
    all_revenue: [Fixed; STEPS],
    all_profit: [Fixed; STEPS],
}

impl Acc {
    /// Adds a customer whose first `closed` steps have ended, with their revenue and profit per
    /// step (only the steps with a purchase day: most customers have one or two).
    fn add(&mut self, closed: usize, steps: &[(usize, Fixed, Fixed)]) {
        self.customers += 1;
        self.by_closed[closed] += 1;
        for &(step, revenue, profit) in steps {
            self.revenue[closed][step] += revenue;
            self.profit[closed][step] += profit;
        }
    }

    /// Step j's cells: the customers with J > j, each with their sums up to step j; and, over
    /// every J, every customer's sums up to step j.
    fn sums(&self) -> Sums {
        let mut s = Sums {
            eligible: [0; STEPS],
            revenue: [0; STEPS],
            profit: [0; STEPS],
            all_revenue: [0; STEPS],
            all_profit: [0; STEPS],
        };
        for closed in 0..=STEPS {
            let (mut r, mut p) = (0 as Fixed, 0 as Fixed);
            for j in 0..STEPS {
                r += self.revenue[closed][j];
                p += self.profit[closed][j];
                s.all_revenue[j] += r;
                s.all_profit[j] += p;
                if j < closed {
                    s.eligible[j] += self.by_closed[closed];
                    s.revenue[j] += r;
                    s.profit[j] += p;
                }
            }
        }
        s
    }

    fn row(
        &self,
        month: String,
        b: &CustomerFacts,
        cpa: Option<Decimal>,
        ratio_of_profit: Option<f64>,
    ) -> PaybackRow {
        let total = |revenue: Fixed, profit: Fixed| match (&b.profit, b.margin) {
            (Some(_), _) => b.money(profit),
            (None, Some(m)) => of_margin(b.money(revenue), m),
            (None, None) => b.money(revenue),
        };
        let sums = self.sums();
        let values: Vec<Option<Decimal>> = (0..STEPS)
            .map(|j| {
                let n = sums.eligible[j];
                (n > 0).then(|| ratio(total(sums.revenue[j], sums.profit[j]), Decimal::from(n)))
            })
            .collect();
        let predicted: Vec<Option<Decimal>> = match ratio_of_profit {
            Some(k) if self.customers > 0 => (0..STEPS)
                .map(|j| {
                    (sums.eligible[j] < self.customers).then(|| {
                        let more =
                            Decimal::from_f64_retain(self.expected[j] * k).unwrap_or_default();
                        let sum = total(sums.all_revenue[j], sums.all_profit[j]);
                        ratio(sum.checked_add(more).unwrap_or(sum), Decimal::from(self.customers))
                    })
                })
                .collect(),
            _ => Vec::new(),
        };
        let shown = |j: usize| predicted.get(j).copied().flatten().or(values[j]);
        let payback = cpa.and_then(|cpa| (0..STEPS).find(|&j| shown(j).is_some_and(|v| v >= cpa)));
        PaybackRow {
            month,
            cpa,
            customers: self.customers,
            values,
            payback_days: payback.map(|j| (j as u32 + 1) * STEP_DAYS),
            payback_predicted: payback
                .is_some_and(|j| predicted.get(j).is_some_and(Option::is_some)),
            predicted,
        }
    }
}

/// Computes 回収期間 by acquisition month, and by channel in the order of `channels` (the channel
/// view's, each with its CPA: the channel's, else the shop's),
/// continued by `projection` when it is given and observed to the analysis date. Never inlined:
/// the analysis and the session's 予測 call it, and a copy in each weighs on the page.
#[must_use]
#[inline(never)]
pub(crate) fn payback(
    ds: &Dataset,
    b: &CustomerFacts,
    cpa: Option<Decimal>,
    channels: &[(String, Option<Decimal>)],
    projection: Option<&Projection<'_>>,
) -> Payback {
    let projection = projection.filter(|p| p.observation_end == b.as_of);
    // The basis's profit ratio: the file's profit ÷ revenue over the shop, the 粗利率, or 1.
    let ratio_of_profit = projection.map(|_| match (&b.profit, b.margin) {
        (Some(p), _) => {
            let (p, r): (Fixed, Fixed) = (
                p.iter().map(|&v| Fixed::from(v)).sum(),
                b.revenue.iter().map(|&v| Fixed::from(v)).sum(),
            );
            if r == 0 {
                0.0
            } else {
                (p as f64) / (r as f64)
            }
        }
        (None, Some(m)) => m.to_f64().unwrap_or(0.0) / 100.0,
        (None, None) => 1.0,
    });
    // By acquisition month, numbered from the first customer's (b.months).
    let mut months: Vec<Acc> = vec![Acc::default(); b.months.of(b.as_of) + 1];
    let mut all = Acc::default();
    let mut by_channel: Vec<Acc> = vec![Acc::default(); ds.channels.len()];
    let mut none = Acc::default();
    // E[purchases] of a one-time buyer per step, by first day (from `b.first_day`).
    let mut one_timers: Vec<Option<[f64; STEPS]>> = Vec::new();
    let mut steps: Vec<(usize, Fixed, Fixed)> = Vec::new();
    for (i, &c) in b.ids.iter().enumerate() {
        let first = b.first[i];
        let profits = ds.profit_of(c as usize).unwrap_or(&[]);
        // The customer's revenue and profit per step with a purchase day (in step order).
        steps.clear();
        for (k, p) in ds.purchases_of(c as usize).iter().enumerate() {
            if p.day > b.as_of {
                break;
            }
            let step = ((p.day - first).max(0) as u32 / STEP_DAYS) as usize;
            if step >= STEPS {
                break;
            }
            let revenue = super::facts::money_fixed(p.revenue, b.scale);
            let profit = profits.get(k).map_or(0, |&x| super::facts::money_fixed(x, b.scale));
            match steps.last_mut() {
                Some(last) if last.0 == step => {
                    last.1 += revenue;
                    last.2 += profit;
                }
                _ => steps.push((step, revenue, profit)),
            }
        }
        // The window of step j: the first day and the 30(j+1) − 1 days after it; the first
        // `closed` windows end on or before the analysis date.
        let end = |j: usize| first + (STEP_DAYS as i32) * (j as i32 + 1) - 1;
        let closed = (((b.as_of - first + 1).max(0) as u32 / STEP_DAYS) as usize).min(STEPS);
        let month = b.months.of(first).min(months.len() - 1);
        let acc = &mut months[month];
        let ch = ds.channel_of.get(c as usize).copied().unwrap_or(NO_CHANNEL);
        let channel = by_channel.get_mut(usize::from(ch)).unwrap_or(&mut none);
        for a in [&mut *acc, &mut all, &mut *channel] {
            a.add(closed, &steps);
        }
        // With a projection, E[purchases in (as of, end]] × spend of each open window.
        if let Some(p) = projection {
            // (x, tₓ, T) at the observation end (the analysis date), as the forecast's summaries
            // read them: repeat purchase days, the last one and the end, from the first.
            let days = |d: Day| p.unit.from_days(f64::from(d - first));
            let (x, t_x, t) = (b.days[i].saturating_sub(1), days(b.last[i]), days(b.as_of));
            let spend = p.expected_spend.get(c as usize).copied().unwrap_or(0.0);
            let purchases =
                |j: usize| p.model.expected_purchases(x, t_x, t, days(end(j) - b.as_of + first));
            // One-time buyers (most customers) share their expectations by first day: computed
            // once a day (the model's series are most of this function's time).
            let once = (x == 0).then(|| {
                let k = (first - b.first_day).max(0) as usize;
                if one_timers.len() <= k {
                    one_timers.resize(k + 1, None);
                }
                *one_timers[k].get_or_insert_with(|| {
                    std::array::from_fn(|j| if end(j) > b.as_of { purchases(j) } else { 0.0 })
                })
            });
            for j in closed..STEPS {
                let n = once.map_or_else(|| purchases(j), |n| n[j]);
                let e = crate::models::finite_non_negative(n * spend);
                for a in [&mut *acc, &mut all, &mut *channel] {
                    a.expected[j] += e;
                }
            }
        }
    }
    Payback {
        cpa,
        step_days: STEP_DAYS,
        profit: b.profit.is_some() || b.margin.is_some(),
        all: all.row("all".into(), b, cpa, ratio_of_profit),
        months: months
            .iter()
            .enumerate()
            .filter(|(_, a)| a.customers > 0)
            .map(|(k, a)| a.row(b.months.name(k), b, cpa, ratio_of_profit))
            .collect(),
        // In the channel view's order (most customers first, ties by name: an order of the data,
        // which a pack keeps; no sort of our own, whose code would weigh on the page).
        channels: channels
            .iter()
            .filter_map(|(name, cpa)| {
                let k = ds.channels.iter().position(|c| c == name)?;
                let a = by_channel.get(k).filter(|a| a.customers > 0)?;
                Some(a.row(name.clone(), b, *cpa, ratio_of_profit))
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

    #[test]
    fn predicted_steps_add_the_models_expected_purchases_times_spend_and_margin_past_the_analysis_date(
    ) {
        use super::{payback, Projection};
        use crate::analysis::facts::CustomerFacts;
        use crate::date::days_from_civil;
        use crate::models::{bgnbd, TransactionModel};
        use crate::summary::TimeUnit;
        use rust_decimal::Decimal;
        // The shop of the first test, as of 2024-03-31, 粗利率 50 %, CPA 2,000; BG/NBD in days
        // with r 0.5, α 10, a 1, b 3; expected spends A 2,000, B 1,500, Z 1,000.
        // A: x 2, tₓ 35 (02-05), T 90; B: x 1, tₓ 65 (03-20), T 76; Z: x 0, tₓ 0, T 0.
        // January, 90 days: A's window (to 03-30) is closed, B's (to 04-13) open 13 days:
        // [A 6000 × 50 % + B 5000 × 50 % + E_B(13) × 1500 × 50 %] ÷ 2. 120 days: A open 29
        // days (to 04-29), B 43 (to 05-13). March (Z), 30 days: [100 × 50 % + E_Z(29) × 1000 ×
        // 50 %] ÷ 1. The 30- and 60-day steps of January are fully observed: no 予測.
        let csv = "customer_id,order_date,amount\nA,2024-01-01,3000\nA,2024-01-20,1000\n\
                   A,2024-02-05,2000\nB,2024-01-15,1000\nB,2024-03-20,4000\nZ,2024-03-31,100\n";
        let ds = data(csv);
        let as_of = days_from_civil(2024, 3, 31);
        let b = CustomerFacts::build(&ds, as_of, Some(d("50")), &[]);
        let model = TransactionModel::BgNbd(bgnbd::Params { r: 0.5, alpha: 10.0, a: 1.0, b: 3.0 });
        let spend = [2000.0, 1500.0, 1000.0];
        let p = Projection {
            model,
            unit: TimeUnit::Days,
            observation_end: as_of,
            expected_spend: &spend,
        };
        let pb = payback(&ds, &b, Some(d("2000")), &[], Some(&p));
        let e = |x, t_x, t, h| model.expected_purchases(x, t_x, t, h);
        let (ea, eb) = (e(2, 35.0, 90.0, 29.0), e(1, 65.0, 76.0, 13.0));
        let cents = |observed: &str, expected: f64, n: u32| {
            let total = d(observed) + Decimal::from_f64_retain(expected * 0.5).unwrap();
            (total / Decimal::from(n)).round_dp_with_strategy(2, crate::money::MONEY_ROUNDING)
        };
        let jan = &pb.months[0];
        assert_eq!(&jan.values[..4], &[Some(d("1250")), Some(d("1750")), Some(d("3000")), None]);
        assert_eq!(&jan.predicted[..2], &[None, None]);
        assert_eq!(jan.predicted[2], Some(cents("5500", eb * 1500.0, 2)));
        let eb43 = e(1, 65.0, 76.0, 43.0);
        assert_eq!(jan.predicted[3], Some(cents("5500", ea * 2000.0 + eb43 * 1500.0, 2)));
        // Paid back at 90 days on the 予測 (already on the observed, too: A alone, 3000).
        assert_eq!((jan.payback_days, jan.payback_predicted), (Some(90), true));
        let mar = &pb.months[1];
        assert_eq!(mar.values[0], None);
        assert_eq!(mar.predicted[0], Some(cents("50", e(0, 0.0, 0.0, 29.0) * 1000.0, 1)));
        // Hand-checked magnitude: B, 13 days at ~1/30 a day if alive: 0 < E_B(13) < 1.
        assert!(eb > 0.0 && eb < 1.0 && ea > eb, "{ea} {eb}");
        // Without a projection, or one not observed to the analysis date: observed only.
        let plain = payback(&ds, &b, Some(d("2000")), &[], None);
        assert_eq!(plain.months[0].values, jan.values);
        assert!(plain.all.predicted.is_empty() && !plain.months[0].payback_predicted);
        let late = Projection { observation_end: as_of - 1, ..p };
        assert_eq!(payback(&ds, &b, Some(d("2000")), &[], Some(&late)), plain);
    }
}
