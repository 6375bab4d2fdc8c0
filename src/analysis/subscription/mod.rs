//! 定期通販 (subscription courses): 継続率 by 回数, 平均継続回数, the sBG retention model on the
//! shop's own cycles, 定期LTV with 損益分岐回数 and 限界CPO, and the lists to act on.
//!
//! **Which purchases are 定期 cycles** ([`SubscriptionRule`]): the file's subscription column
//! when it has one (定期回数, 定期受注番号, 受注区分 = 定期; see the import), else the purchase days
//! holding a product whose 区分 in the 商品マスタ is 定期. Cancelled and skipped cycles never
//! reach the data (their orders are left out at import). A purchase day is one cycle. The cycle
//! number is the column's when it gives one, else one more than the customer's previous 定期
//! purchase (the first is 1).
//!
//! **Censoring.** A customer's next cycle is due on the last cycle's day + the course's interval
//! (the median of the days between consecutive cycles of the course's customers, rounded up,
//! the course being the product of the first cycle (`courses.rs`); the shop's median over all
//! customers for a course without gaps or a file without products; unless
//! [`SubscriptionParams::interval_days`] says; 30 without any), and the customer is **離脱**
//! (lost) after their last cycle k once the analysis date is past that due date + the grace
//! period ([`SubscriptionParams::grace_days`], default 14). Otherwise they are still active and
//! right-censored at k: never counted as lost.
//!
//! | figure | definition |
//! |---|---|
//! | n回目継続率 | customers who received cycle n ÷ customers whose cycle n was due (they received cycle n−1 in the file and either received n or are lost); active customers still waiting for n are left out |
//! | 継続率 (初回比) | the product of the n回目継続率 from 2 to n (Kaplan–Meier): the share of starters expected to receive cycle n |
//! | heat map | per start month (month of cycle 1), customers who received cycle n ÷ the month's starters not censored before n |
//! | 平均継続回数 (カート方式) | 定期受注総数 ÷ 定期顧客数 (楽楽リピート's definition; the still-active lower it) |
//! | 平均継続回数 (sBG) | the expected cycles of a new customer within [`SubscriptionParams::cycles`] cycles, Σ S(t) for t < N; without a horizon (δ/(γ−1) + 1) only when γ > 1 |
//! | 定期LTV | per new 定期 customer, the expected cycles within N × the profit of a cycle: the average revenue of a 定期 purchase day × 粗利率 (the file's profit when it has one; revenue when no margin is known) − the 送料・決済手数料 per cycle the user enters |
//! | 損益分岐回数 | the first n at which the expected cumulative profit per new customer reaches the 定期CPO |
//! | 限界CPO | the expected cumulative profit within [`SubscriptionParams::payback_cycles`]: the most a new 定期 customer may cost to pay back within that many cycles |
//!
//! The sBG model is fitted on the customers seen from their first cycle (a customer whose first
//! cycle in the file is later joined before the file starts and is left out of the fit and the
//! heat map, but not of the n回目継続率 from the cycle they were first seen).

mod lists;

pub(crate) use lists::in_key_order;
use lists::list_summary;
pub use lists::{ListRow, ListSummary, SubscriptionList, LIST_PREVIEW};
mod courses;
mod heat;
pub use courses::CourseInterval;

use super::facts::CustomerFacts;
use super::products::{guess_kind, Kind, ProductParams};
use super::share;
use crate::dataset::{Cycle, Dataset};
use crate::date::Day;
use crate::models::sbg;
use crate::models::FitOptions;
use crate::money::{ratio, Money, MONEY_ROUNDING};
use crate::Error;
use rust_decimal::prelude::FromPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// What the 定期 views can be told.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SubscriptionParams {
    /// Days after the due date before a customer without their next cycle counts as lost.
    pub grace_days: u32,
    /// The course's interval in days; default: read from the data.
    pub interval_days: Option<u32>,
    /// Cycles shown and projected (1 to 120); default 24.
    pub cycles: u32,
    /// 定期CPO: the cost of acquiring one new 定期 customer.
    pub cpo: Option<Decimal>,
    /// 送料・決済手数料 (and any other cost) per cycle, subtracted from each cycle's profit.
    pub cost_per_cycle: Option<Decimal>,
    /// The cycles within which the 限界CPO must pay back; default 12.
    pub payback_cycles: u32,
    /// The "due soon" list: customers whose next cycle is due within this many days; default 7.
    pub due_within_days: u32,
}

impl Default for SubscriptionParams {
    fn default() -> Self {
        SubscriptionParams {
            grace_days: 14,
            interval_days: None,
            cycles: 24,
            cpo: None,
            cost_per_cycle: None,
            payback_cycles: 12,
            due_within_days: 7,
        }
    }
}

impl SubscriptionParams {
    /// Checks the ranges.
    ///
    /// # Errors
    /// [`Error::BadParameter`] naming the parameter (`subscription.cycles`, …).
    pub fn validate(&self) -> Result<(), Error> {
        let bad = |name: &'static str, reason: &str| {
            Err(Error::BadParameter { name, reason: reason.into() })
        };
        if self.cycles == 0 || self.cycles > 120 {
            return bad("subscription.cycles", "must be 1 to 120");
        }
        if self.payback_cycles == 0 || self.payback_cycles > 120 {
            return bad("subscription.paybackCycles", "must be 1 to 120");
        }
        if self.grace_days > 365 {
            return bad("subscription.graceDays", "must be 0 to 365");
        }
        if self.interval_days.is_some_and(|d| d == 0 || d > 730) {
            return bad("subscription.intervalDays", "must be 1 to 730");
        }
        if self.due_within_days == 0 || self.due_within_days > 365 {
            return bad("subscription.dueWithinDays", "must be 1 to 365");
        }
        for (name, v) in
            [("subscription.cpo", self.cpo), ("subscription.costPerCycle", self.cost_per_cycle)]
        {
            if v.is_some_and(|v| v.is_sign_negative() && !v.is_zero()) {
                return bad(name, "must not be negative");
            }
        }
        Ok(())
    }
}

/// How the 定期 purchases were found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, strum::EnumIter)]
#[serde(rename_all = "camelCase")]
pub enum SubscriptionRule {
    /// The file's subscription column, with cycle numbers (定期回数).
    CycleColumn,
    /// The file's subscription column without cycle numbers (定期受注番号, 受注区分 = 定期):
    /// cycles numbered in order.
    Column,
    /// Products whose 区分 is 定期 in the 商品マスタ.
    Product,
}

/// One cycle number of the 継続率 table.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RetentionRow {
    /// The cycle number n (1 = the first delivery).
    pub cycle: u32,
    /// Customers whose cycle n was due (for n = 1: the customers seen from cycle 1).
    pub due: u64,
    /// Of those, customers who received it.
    pub received: u64,
    /// n回目継続率 = received ÷ due (`None` when none was due).
    pub rate: Option<f64>,
    /// 継続率 (初回比): the product of the rates from 2 to n (`None` past the first cycle nobody
    /// was due for).
    pub survival: Option<f64>,
    /// The sBG model's share of new customers who receive cycle n, S(n−1).
    pub model_survival: Option<f64>,
}

/// One cell of the heat map.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CohortCell {
    /// Starters of the month not censored before cycle n.
    pub due: u64,
    /// Of those, customers who received cycle n.
    pub received: u64,
    /// received ÷ due.
    pub rate: f64,
}

/// One start month of the heat map.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CohortRow {
    /// The month of cycle 1, `YYYY-MM`.
    pub month: String,
    /// Customers who started that month.
    pub customers: u64,
    /// Per cycle 1…N (`None` when nobody of the month could have reached it yet).
    pub cells: Vec<Option<CohortCell>>,
}

/// 平均継続回数, both ways.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AverageCycles {
    /// 定期受注総数: 定期 purchase days.
    pub total_cycles: u64,
    /// 定期顧客数: customers with one at least.
    pub customers: u64,
    /// カート方式: total_cycles ÷ customers, rounded to 2 decimals.
    pub per_customer: Decimal,
    /// sBG: the expected cycles of a new customer within `horizon` cycles.
    pub model: Option<f64>,
    /// The horizon of `model`.
    pub horizon: u32,
    /// sBG without a horizon (only when γ > 1; otherwise the mean is infinite).
    pub model_unbounded: Option<f64>,
}

/// The sBG fit on the shop's cycles.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SbgFit {
    /// γ.
    pub gamma: f64,
    /// δ.
    pub delta: f64,
    /// Standard error of γ.
    pub gamma_se: Option<f64>,
    /// Standard error of δ.
    pub delta_se: Option<f64>,
    /// Log-likelihood.
    pub log_likelihood: f64,
    /// Whether the search converged.
    pub converged: bool,
    /// Customers fitted (seen from cycle 1).
    pub customers: u64,
    /// Mean over the active customers of the expected further cycles within the next
    /// `horizon` cycles.
    pub expected_remaining_per_active: Option<f64>,
    /// The same without a horizon (γ > 1 only).
    pub expected_remaining_unbounded: Option<f64>,
    /// Expected cycles still to come from all active customers within the horizon (Σ).
    pub expected_remaining_total: f64,
}

/// 定期LTV, 損益分岐回数 and 限界CPO.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Economics {
    /// Average revenue of a 定期 purchase day.
    pub cycle_revenue: Decimal,
    /// Average gross profit of one (revenue × 粗利率, or the file's profit; the revenue when
    /// neither is known).
    pub cycle_gross_profit: Decimal,
    /// Whether `cycle_gross_profit` is a profit (false: revenue, no margin known).
    pub profit_basis: bool,
    /// The cost per cycle entered (0 when not).
    pub cost_per_cycle: Decimal,
    /// cycle_gross_profit − cost_per_cycle.
    pub cycle_profit: Decimal,
    /// Which survival the expectations use: `"model"` (sBG) or `"observed"`.
    pub survival_basis: &'static str,
    /// Per cycle n = 1…N: the expected cumulative profit per new customer after n cycles
    /// (`None` where the observed survival stops).
    pub cumulative_profit: Vec<Option<Decimal>>,
    /// 定期LTV: the cumulative profit after N cycles.
    pub ltv: Option<Decimal>,
    /// The 定期CPO entered.
    pub cpo: Option<Decimal>,
    /// 損益分岐回数: the first n with cumulative profit ≥ CPO (`None`: not within N, or no CPO).
    pub break_even_cycle: Option<u32>,
    /// The cycles of the 限界CPO.
    pub payback_cycles: u32,
    /// 限界CPO: the cumulative profit after `payback_cycles`.
    pub marginal_cpo: Option<Decimal>,
}

/// One customer's 定期 history, as the views read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry {
    pub(crate) customer: u32,
    /// The first cycle number seen in the file.
    pub(crate) first_number: u32,
    /// The last cycle number (cycles received).
    pub(crate) last_number: u32,
    pub(crate) first_day: Day,
    pub(crate) last_day: Day,
    pub(crate) next_due: Day,
    pub(crate) lost: bool,
    /// The course (product id of the first cycle), when the file has products.
    pub(crate) course: Option<u32>,
    /// The course's interval in days, by which `next_due` was set.
    pub(crate) interval_days: u32,
}

/// The 定期 views.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Subscription {
    /// How the 定期 purchases were found.
    pub rule: SubscriptionRule,
    /// The column's header (for the column rules; filled in by the session from the import).
    pub column: Option<String>,
    /// 定期 customers (with a 定期 purchase on or before the analysis date).
    pub customers: u64,
    /// Customers seen from their first cycle.
    pub starters: u64,
    /// Customers whose first cycle in the file is a later one (joined before the file starts).
    pub joined_before_file: u64,
    /// The course's interval used, in days.
    pub interval_days: u32,
    /// Whether it was read from the data (false: the parameter, or 30 for lack of data).
    pub interval_from_data: bool,
    /// The interval of each course (the product of the customers' first cycle), by which its
    /// customers are due; empty without a product column (then the shop's is everyone's).
    pub courses: Vec<CourseInterval>,
    /// The grace period, in days.
    pub grace_days: u32,
    /// Customers still active (right-censored).
    pub active: u64,
    /// Customers lost (離脱).
    pub lost: u64,
    /// 継続率 by 回数, cycles 1…N.
    pub retention: Vec<RetentionRow>,
    /// The heat map: start month × 回数.
    pub cohorts: Vec<CohortRow>,
    /// 平均継続回数.
    pub average_cycles: AverageCycles,
    /// The sBG fit (`None` when the data cannot identify it: see `model_issue`).
    pub model: Option<SbgFit>,
    /// The error code of a fit that failed.
    pub model_issue: Option<&'static str>,
    /// 定期LTV, 損益分岐回数, 限界CPO.
    pub economics: Economics,
    /// Customers whose next cycle is due soon.
    pub due_soon: ListSummary,
    /// Customers who stopped after cycle 1.
    pub stopped_after_first: ListSummary,
}

/// Which purchases of the dataset are 定期 and by which rule; `None` when no rule finds one.
fn marks(ds: &Dataset, products: &ProductParams) -> Option<(SubscriptionRule, Vec<Cycle>)> {
    if let Some(v) = ds.subscription.as_ref() {
        if v.iter().any(|c| c.is_subscription()) {
            let rule = if v.iter().any(|c| c.number().is_some()) {
                SubscriptionRule::CycleColumn
            } else {
                SubscriptionRule::Column
            };
            return Some((rule, v.clone()));
        }
    }
    let p = ds.products.as_ref()?;
    let teiki: Vec<bool> = p
        .names
        .iter()
        .map(|n| {
            products.overrides.get(n).and_then(|o| o.kind).unwrap_or_else(|| guess_kind(n))
                == Kind::Subscription
        })
        .collect();
    if !teiki.iter().any(|t| *t) {
        return None;
    }
    let marks: Vec<Cycle> = (0..ds.purchases.len())
        .map(|k| {
            let any = p.of(k).iter().any(|&id| teiki.get(id as usize).copied().unwrap_or(false));
            if any {
                Cycle::UNNUMBERED
            } else {
                Cycle::NONE
            }
        })
        .collect();
    marks.iter().any(|c| c.is_subscription()).then_some((SubscriptionRule::Product, marks))
}

/// The median of the gaps, rounded up; `None` when there are none.
fn median_up(gaps: &mut [u32]) -> Option<u32> {
    crate::analysis::middle_pair(gaps)
        .map(|(lower, upper)| (u64::from(lower) + u64::from(upper)).div_ceil(2) as u32)
}

/// Exact money × an expectation: the expectation is taken to 6 decimals, the product rounded
/// with [`MONEY_ROUNDING`] to 2.
fn times(money: Decimal, expectation: f64) -> Option<Decimal> {
    let e = Decimal::from_f64(expectation)?.round_dp(6);
    money.checked_mul(e).map(|v| v.round_dp_with_strategy(2, MONEY_ROUNDING))
}

/// Computes the 定期 views; `None` when no purchase is a 定期 cycle.
#[must_use]
pub(crate) fn subscription(
    ds: &Dataset,
    b: &CustomerFacts,
    products: &ProductParams,
    params: &SubscriptionParams,
) -> Option<Subscription> {
    let (rule, marks) = marks(ds, products)?;
    let as_of = b.as_of;
    // Pass 1: each customer's 定期 purchase days (numbered), the gaps between them, the revenue.
    struct Seen {
        customer: u32,
        first_number: u32,
        last_number: u32,
        first_day: Day,
        last_day: Day,
    }
    let mut seen: Vec<Seen> = Vec::new();
    let mut gaps: Vec<u32> = Vec::new();
    // Each customer's course (the product of the first cycle) and its interval: courses.rs.
    let mut courses = courses::Courses::new(ds, products);
    let mut course_of: Vec<Option<u32>> = Vec::new();
    // Money summed exactly in Money's units (a Decimal sum normalised every amount it added).
    let (mut total_cycles, mut revenue, mut profit) = (0u64, 0i128, 0i128);
    for &c in &b.ids {
        let c = c as usize;
        let start = ds.starts[c] as usize;
        let profits = ds.profit_of(c);
        let mut s: Option<Seen> = None;
        let mut course = None;
        for (k, p) in ds.purchases_of(c).iter().enumerate() {
            if p.day > as_of {
                break;
            }
            let mark = marks.get(start + k).copied().unwrap_or(Cycle::NONE);
            if !mark.is_subscription() || p.orders == 0 {
                continue;
            }
            total_cycles += 1;
            revenue += i128::from(p.revenue.units());
            if let Some(pr) = profits.and_then(|v| v.get(k)) {
                profit += i128::from(pr.units());
            }
            match s.as_mut() {
                None => {
                    course = courses.start(ds, c, k);
                    let n = mark.number().map_or(1, u32::from);
                    s = Some(Seen {
                        customer: c as u32,
                        first_number: n,
                        last_number: n,
                        first_day: p.day,
                        last_day: p.day,
                    });
                }
                Some(s) => {
                    gaps.push((p.day - s.last_day).max(0) as u32);
                    courses.gap(course, (p.day - s.last_day).max(0) as u32);
                    let n = mark.number().map_or(s.last_number + 1, u32::from);
                    s.last_number = s.last_number.max(n);
                    s.last_day = p.day;
                }
            }
        }
        if let Some(s) = s {
            seen.push(s);
            course_of.push(course);
        }
    }
    if seen.is_empty() {
        return None;
    }
    let (interval, interval_from_data) = match params.interval_days {
        Some(d) => (d, false),
        None => median_up(&mut gaps).filter(|&d| d > 0).map_or((30, false), |d| (d, true)),
    };
    let (course_days, course_list) = courses.intervals(ds, interval, params.interval_days);
    let grace = params.grace_days;
    let entries: Vec<Entry> = seen
        .iter()
        .zip(&course_of)
        .map(|(s, course)| {
            let days =
                course.and_then(|c| course_days.get(c as usize)).copied().unwrap_or(interval);
            let next_due = s.last_day + days as Day;
            Entry {
                course: *course,
                interval_days: days,
                customer: s.customer,
                first_number: s.first_number,
                last_number: s.last_number,
                first_day: s.first_day,
                last_day: s.last_day,
                next_due,
                lost: as_of > next_due + grace as Day,
            }
        })
        .collect();
    let n_max = params.cycles;
    // 継続率 by 回数.
    let mut due = vec![0u64; n_max as usize + 1];
    let mut received = vec![0u64; n_max as usize + 1];
    for e in &entries {
        if e.first_number == 1 {
            due[1] += 1;
            received[1] += 1;
        }
        for n in 2..=n_max {
            if e.first_number > n - 1 || e.last_number < n - 1 {
                continue; // not seen at cycle n − 1
            }
            if e.last_number >= n {
                due[n as usize] += 1;
                received[n as usize] += 1;
            } else if e.lost {
                due[n as usize] += 1;
            }
        }
    }
    // The model, on the customers seen from cycle 1.
    let mut lifetimes = sbg::Lifetimes::default();
    for e in entries.iter().filter(|e| e.first_number == 1) {
        if e.lost {
            lifetimes.add_churned(e.last_number as usize, 1.0);
        } else {
            lifetimes.add_active(e.last_number as usize - 1, 1.0);
        }
    }
    let horizon = n_max.max(params.payback_cycles);
    let fit = sbg::fit(&lifetimes, &FitOptions::default());
    let model_issue = fit.as_ref().err().map(Error::code);
    let fitted = fit.ok();
    let model_curve = fitted.as_ref().map(|f| sbg::survival_curve(&f.params, horizon));
    let mut survival = 1.0;
    let mut observed: Vec<Option<f64>> = Vec::with_capacity(horizon as usize);
    let mut retention = Vec::with_capacity(n_max as usize);
    for n in 1..=horizon {
        let (d, r) = if n <= n_max { (due[n as usize], received[n as usize]) } else { (0, 0) };
        let rate = (d > 0).then(|| share(r, d));
        let this = if n == 1 {
            (d > 0).then_some(1.0)
        } else if observed.last().copied().flatten().is_some() {
            rate.map(|x| {
                survival *= x;
                survival
            })
        } else {
            None
        };
        observed.push(this);
        if n <= n_max {
            retention.push(RetentionRow {
                cycle: n,
                due: d,
                received: r,
                rate,
                survival: this,
                model_survival: model_curve.as_ref().and_then(|s| s.get(n as usize - 1).copied()),
            });
        }
    }
    let cohorts = heat::heat_map(&entries, n_max);
    // 平均継続回数 and the expected remaining cycles.
    let customers = entries.len() as u64;
    let within = |curve: &[f64], n: u32| curve.iter().take(n as usize).sum::<f64>();
    let model_fit = fitted.as_ref().map(|f| {
        let active: Vec<&Entry> = entries.iter().filter(|e| !e.lost).collect();
        let remaining: Vec<f64> = active
            .iter()
            .map(|e| {
                let n = e.last_number - 1;
                sbg::expected_further_renewals(&f.params, n, n + n_max)
            })
            .collect();
        let total: f64 = remaining.iter().sum();
        let unbounded = (!active.is_empty())
            .then(|| {
                active
                    .iter()
                    .map(|e| sbg::expected_further_renewals_unbounded(&f.params, e.last_number - 1))
                    .sum::<Option<f64>>()
                    .map(|s| s / active.len() as f64)
            })
            .flatten();
        SbgFit {
            gamma: f.params.gamma,
            delta: f.params.delta,
            gamma_se: f.report.standard_errors.first().copied().flatten(),
            delta_se: f.report.standard_errors.get(1).copied().flatten(),
            log_likelihood: f.report.log_likelihood,
            converged: f.report.converged,
            customers: lifetimes.customers() as u64,
            expected_remaining_per_active: (!active.is_empty())
                .then(|| total / active.len() as f64),
            expected_remaining_unbounded: unbounded,
            expected_remaining_total: total,
        }
    });
    let average_cycles = AverageCycles {
        total_cycles,
        customers,
        per_customer: ratio(Decimal::from(total_cycles), Decimal::from(customers)),
        model: model_curve.as_ref().map(|s| within(s, n_max)),
        horizon: n_max,
        model_unbounded: fitted
            .as_ref()
            .and_then(|f| sbg::expected_further_renewals_unbounded(&f.params, 0))
            .map(|e| e + 1.0),
    };
    // Economics.
    let cycles_d = Decimal::from(total_cycles);
    let (revenue, profit) = (Money::sum_to_decimal(revenue), Money::sum_to_decimal(profit));
    let cycle_revenue = ratio(revenue, cycles_d);
    let (cycle_gross_profit, profit_basis) = if ds.profit.is_some() {
        (ratio(profit, cycles_d), true)
    } else if let Some(m) = b.margin {
        (ratio(super::facts::of_margin(revenue, m), cycles_d), true)
    } else {
        (cycle_revenue, false)
    };
    let cost = params.cost_per_cycle.unwrap_or(Decimal::ZERO);
    let cycle_profit = cycle_gross_profit.saturating_sub(cost);
    let (curve, survival_basis): (Vec<Option<f64>>, &'static str) = match &model_curve {
        Some(s) => (s.iter().take(horizon as usize).map(|&v| Some(v)).collect(), "model"),
        None => (observed, "observed"),
    };
    let mut expected = 0.0;
    let mut cumulative: Vec<Option<Decimal>> = Vec::with_capacity(horizon as usize);
    for v in &curve {
        cumulative.push(v.and_then(|v| {
            expected += v;
            times(cycle_profit, expected)
        }));
        if v.is_none() {
            expected = f64::NAN; // nothing further is known
        }
    }
    let at = |n: u32| cumulative.get(n as usize - 1).copied().flatten();
    let break_even_cycle = params.cpo.and_then(|cpo| {
        (1..=n_max).find(|&n| at(n).is_some_and(|g| g >= cpo && g > Decimal::ZERO))
    });
    let economics = Economics {
        cycle_revenue,
        cycle_gross_profit,
        profit_basis,
        cost_per_cycle: cost,
        cycle_profit,
        survival_basis,
        ltv: at(n_max),
        cpo: params.cpo,
        break_even_cycle,
        payback_cycles: params.payback_cycles,
        marginal_cpo: at(params.payback_cycles),
        cumulative_profit: cumulative.into_iter().take(n_max as usize).collect(),
    };
    // Lists.
    let soon_end = as_of + params.due_within_days as Day;
    let mut due_soon: Vec<Entry> = entries
        .iter()
        .filter(|e| !e.lost && e.next_due > as_of && e.next_due <= soon_end)
        .copied()
        .collect();
    let mut stopped: Vec<Entry> = entries
        .iter()
        .filter(|e| e.lost && e.first_number == 1 && e.last_number == 1)
        .copied()
        .collect();
    let active = entries.iter().filter(|e| !e.lost).count() as u64;
    Some(Subscription {
        rule,
        column: None,
        customers,
        starters: due[1],
        joined_before_file: entries.iter().filter(|e| e.first_number > 1).count() as u64,
        interval_days: interval,
        interval_from_data,
        courses: course_list,
        grace_days: grace,
        active,
        lost: customers - active,
        retention,
        cohorts,
        average_cycles,
        model: model_fit,
        model_issue,
        economics,
        due_soon: list_summary(ds, SubscriptionList::DueSoon, &mut due_soon),
        stopped_after_first: list_summary(ds, SubscriptionList::StoppedAfterFirst, &mut stopped),
    })
}

#[cfg(test)]
mod tests;
