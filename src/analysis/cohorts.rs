//! Acquisition cohorts: customers grouped by the calendar month (or quarter, or year) of their
//! first purchase, followed period by period.
//!
//! * **offset** k = calendar periods since the acquisition period (0 = the acquisition period
//!   itself; a customer acquired on 31 January buying on 1 February is at month offset 1);
//! * **retention** at k = customers of the cohort with a purchase day in period k ÷ customers
//!   acquired (offset 0 is 100 % by definition);
//! * **cumulative revenue per customer** at k = net revenue of the cohort in periods 0..=k ÷
//!   customers acquired: the cohort's LTV curve;
//! * only periods that have begun by the analysis date are shown; the analysis date's own period
//!   is marked `complete: false` unless the date is its last day (its figures are still growing);
//! * the **average curve** (全コホート平均) is built from the cohorts whose period k is complete
//!   ("observed" at k): its step at k is their revenue in period k ÷ their customers (weighted by
//!   customers), and the curve is the running sum of the steps. Pooling the cumulative figures
//!   instead would make the curve fall wherever the cohorts still observed bought less than the
//!   ones that dropped out of view; the running sum of per-customer steps never falls (unless a
//!   period's refunds exceed its purchases). Its retention at k is Σ active ÷ Σ customers of the
//!   same cohorts;
//! * the curve stops before the first offset at which the observed cohorts hold fewer than
//!   [`CohortParams::min_observed_share`] (default 50 %) of the customers observed at offset 0:
//!   further out it would describe a few old cohorts only.

use super::facts::{CustomerFacts, Fixed};
use super::measured::month_start;
use super::share;
use crate::dataset::Dataset;
use crate::date::civil_from_days;
use crate::money::ratio;
use crate::Error;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The length of a cohort's period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, strum::EnumIter)]
#[serde(rename_all = "camelCase")]
pub enum CohortPeriod {
    /// Calendar months (the default).
    #[default]
    Month,
    /// Calendar quarters (January–March, …).
    Quarter,
    /// Calendar years.
    Year,
}

impl CohortPeriod {
    /// Months in one period.
    fn months(self) -> i32 {
        match self {
            CohortPeriod::Month => 1,
            CohortPeriod::Quarter => 3,
            CohortPeriod::Year => 12,
        }
    }

    /// The name of period number `p` (`year × 12 + month − 1` divided by the period's months):
    /// `2024-03`, `2024-Q1`, `2024`.
    pub(crate) fn name(self, p: i32) -> String {
        let (y, m, _) = civil_from_days(month_start(p * self.months()));
        match self {
            CohortPeriod::Month => format!("{y:04}-{m:02}"),
            CohortPeriod::Quarter => format!("{y:04}-Q{}", (m - 1) / 3 + 1),
            CohortPeriod::Year => format!("{y:04}"),
        }
    }
}

/// How cohorts are made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CohortParams {
    /// Month, quarter or year.
    pub period: CohortPeriod,
    /// The average curve is drawn while the cohorts observed hold at least this share of the
    /// customers observed at offset 0 (default 0.5).
    pub min_observed_share: f64,
}

impl Default for CohortParams {
    fn default() -> Self {
        CohortParams { period: CohortPeriod::Month, min_observed_share: 0.5 }
    }
}

impl CohortParams {
    /// Checks the share.
    ///
    /// # Errors
    /// [`Error::BadParameter`] when the share is not between 0 and 1.
    pub fn validate(&self) -> Result<(), Error> {
        if !(0.0..=1.0).contains(&self.min_observed_share) {
            return Err(Error::BadParameter {
                name: "cohorts.minObservedShare",
                reason: "must be between 0 and 1".into(),
            });
        }
        Ok(())
    }
}

/// One period of one cohort.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CohortCell {
    /// Periods since the acquisition period.
    pub offset: u32,
    /// The calendar period (`2024-03`, `2024-Q1`, `2024`).
    pub period: String,
    /// Whether the period has ended by the analysis date.
    pub complete: bool,
    /// Customers of the cohort with a purchase in the period.
    pub active_customers: u64,
    /// active_customers ÷ customers acquired.
    pub retention: f64,
    /// Net revenue of the cohort in the period.
    pub revenue: Decimal,
    /// Net revenue of the cohort in periods 0..=offset ÷ customers acquired.
    pub cumulative_revenue_per_customer: Decimal,
}

/// One acquisition period.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cohort {
    /// The acquisition period (`2024-03`, `2024-Q1`, `2024`).
    pub period: String,
    /// Customers whose first purchase is in it.
    pub customers: u64,
    /// Periods 0, 1, … up to the analysis date's period.
    pub cells: Vec<CohortCell>,
}

/// One point of the average LTV curve.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CurvePoint {
    /// Periods since acquisition.
    pub offset: u32,
    /// Cohorts whose period at this offset is complete (observed).
    pub cohorts: u64,
    /// Customers of those cohorts.
    pub customers: u64,
    /// customers ÷ the customers observed at offset 0.
    pub observed_share: f64,
    /// Σ active ÷ Σ customers.
    pub retention: f64,
    /// The step: Σ revenue in the period ÷ Σ customers of the observed cohorts.
    pub revenue_per_customer: Decimal,
    /// The running sum of the steps (rounded to 2 decimals once, not step by step).
    pub cumulative_revenue_per_customer: Decimal,
}

/// The cohort view.
#[derive(Debug, Default, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cohorts {
    /// Month, quarter or year.
    pub period: CohortPeriod,
    /// The share of customers observed below which the average curve stops.
    pub min_observed_share: f64,
    /// Acquisition periods, oldest first (periods without new customers are left out).
    pub cohorts: Vec<Cohort>,
    /// The average LTV curve, up to where enough customers are observed.
    pub average: Vec<CurvePoint>,
    /// Whether offsets beyond the curve's end were left out for too few customers observed.
    pub average_cut: bool,
}

/// The cohort view of the base.
pub(crate) fn cohorts(ds: &Dataset, b: &CustomerFacts, params: &CohortParams) -> Cohorts {
    let empty = |average_cut| Cohorts {
        period: params.period,
        min_observed_share: params.min_observed_share,
        cohorts: Vec::new(),
        average: Vec::new(),
        average_cut,
    };
    if b.len() == 0 {
        return empty(false);
    }
    let months = params.period.months();
    // Period numbers from month numbers (`year × 12 + month − 1`).
    let period_of_month = |month: i32| month.div_euclid(months);
    let first_period = period_of_month(b.months.first);
    let period =
        |day| (period_of_month(b.months.first + b.months.of(day) as i32) - first_period) as usize;
    let span = period(b.as_of) + 1;
    // Per acquisition period: customers, and per offset (active, revenue).
    let mut customers = vec![0u64; span];
    let mut cells: Vec<Vec<(u64, Fixed)>> = (0..span).map(|a| vec![(0, 0); span - a]).collect();
    for (i, &c) in b.ids.iter().enumerate() {
        let acq = period(b.first[i]);
        customers[acq] += 1;
        let row = &mut cells[acq];
        let mut last_active: Option<usize> = None;
        for p in ds.purchases_of(c as usize) {
            if p.day > b.as_of {
                break;
            }
            // A refund dated before the first order counts in period 0.
            let k = period(p.day).max(acq) - acq;
            let Some(cell) = row.get_mut(k) else { continue };
            cell.1 += super::facts::money_fixed(p.revenue, b.scale);
            if p.orders > 0 && last_active != Some(k) {
                cell.0 += 1;
                last_active = Some(k);
            }
        }
    }
    // Periods 0..complete have ended by the analysis date: the last one only when the next day
    // starts a new period.
    let next = civil_from_days(b.as_of + 1);
    let ends = next.2 == 1 && (next.1 as i32 - 1) % months == 0;
    let complete = span - usize::from(!ends);
    // Per offset over the observed cohorts: (cohorts, customers, active, revenue).
    let mut pooled = vec![(0u64, 0u64, 0u64, 0 as Fixed); span];
    let mut out = Vec::new();
    for (a, row) in cells.iter().enumerate() {
        let n = customers[a];
        if n == 0 {
            continue;
        }
        let mut cumulative: Fixed = 0;
        let cells = row
            .iter()
            .enumerate()
            .map(|(k, &(active, revenue))| {
                cumulative += revenue;
                let done = a + k < complete;
                if done {
                    let p = &mut pooled[k];
                    *p = (p.0 + 1, p.1 + n, p.2 + active, p.3 + revenue);
                }
                CohortCell {
                    offset: k as u32,
                    period: params.period.name(first_period + (a + k) as i32),
                    complete: done,
                    active_customers: active,
                    retention: share(active, n),
                    revenue: b.money(revenue),
                    cumulative_revenue_per_customer: ratio(b.money(cumulative), Decimal::from(n)),
                }
            })
            .collect();
        out.push(Cohort {
            period: params.period.name(first_period + a as i32),
            customers: n,
            cells,
        });
    }
    let (average, average_cut) = average_curve(&pooled, params.min_observed_share, |v| b.money(v));
    if out.is_empty() {
        return empty(average_cut);
    }
    Cohorts {
        period: params.period,
        min_observed_share: params.min_observed_share,
        cohorts: out,
        average,
        average_cut,
    }
}

/// The average curve over the cohorts pooled by offset (`(cohorts, customers, active customers,
/// revenue)` per offset, `money` turning a revenue sum into yen): it ends at the first offset no
/// cohort has reached, or whose customers are fewer than `min_observed_share` of the first
/// offset's (then the second value is true: the curve was cut).
pub(crate) fn average_curve<R: Copy>(
    pooled: &[(u64, u64, u64, R)],
    min_observed_share: f64,
    money: impl Fn(R) -> Decimal,
) -> (Vec<CurvePoint>, bool) {
    let base = pooled.first().map_or(0, |p| p.1);
    let mut running = Decimal::ZERO;
    let mut average = Vec::new();
    for (k, &(cohorts, n, active, revenue)) in pooled.iter().enumerate() {
        if cohorts == 0 {
            break;
        }
        let observed = share(n, base);
        if observed < min_observed_share {
            return (average, true);
        }
        let step = money(revenue).checked_div(Decimal::from(n)).unwrap_or_default();
        running = running.checked_add(step).unwrap_or(running);
        average.push(CurvePoint {
            offset: k as u32,
            cohorts,
            customers: n,
            observed_share: observed,
            retention: share(active, n),
            revenue_per_customer: ratio(money(revenue), Decimal::from(n)),
            cumulative_revenue_per_customer: running
                .round_dp_with_strategy(2, crate::money::MONEY_ROUNDING)
                .normalize(),
        });
    }
    (average, false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testing::{d, data};

    /// Analysis date 2024-03-15 (March is not complete).
    /// January cohort: A (01-31, then 02-01 and 03-10), B (01-05, refund 02-10 of ¥500).
    /// February cohort: C (02-20 twice the same month: 02-20 and 02-25).
    /// D buys on 2024-04-01: after the date, not a customer.
    const SHOP: &str = "customer_id,order_date,amount
A,2024-01-31,1000
B,2024-01-05,3000
A,2024-02-01,2000
B,2024-02-10,-500
C,2024-02-20,4000
C,2024-02-25,1000
A,2024-03-10,1500
C,2024-03-15,600
D,2024-04-01,9000
";

    #[test]
    fn cohort_offsets_are_calendar_months_since_acquisition_up_to_the_analysis_date() {
        let ds = data(SHOP);
        let b =
            CustomerFacts::build(&ds, crate::date::parse_iso_day("2024-03-15").unwrap(), None, &[]);
        let c = cohorts(&ds, &b, &CohortParams::default());
        assert_eq!(c.cohorts.len(), 2);
        let jan = &c.cohorts[0];
        assert_eq!((jan.period.as_str(), jan.customers), ("2024-01", 2));
        let got: Vec<(u32, &str, bool, u64, Decimal, Decimal)> = jan
            .cells
            .iter()
            .map(|x| {
                (
                    x.offset,
                    x.period.as_str(),
                    x.complete,
                    x.active_customers,
                    x.revenue,
                    x.cumulative_revenue_per_customer,
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                // Month 0: A 1,000 + B 3,000 = 4,000 → 2,000 per customer.
                (0, "2024-01", true, 2, d("4000"), d("2000")),
                // Month 1: A buys 2,000 (A's 01-31 → 02-01 is offset 1); B's refund −500 is
                // revenue but not a purchase: 1 active, 1,500; cumulative 5,500 ÷ 2 = 2,750.
                (1, "2024-02", true, 1, d("1500"), d("2750")),
                // Month 2 (not complete): A 1,500 → cumulative 7,000 ÷ 2 = 3,500.
                (2, "2024-03", false, 1, d("1500"), d("3500")),
            ]
        );
        assert_eq!(jan.cells[1].retention, 0.5);
        let feb = &c.cohorts[1];
        // C bought twice in February: active once; 5,000 then 600 in March.
        let feb_cells: Vec<(u64, Decimal)> = feb
            .cells
            .iter()
            .map(|x| (x.active_customers, x.cumulative_revenue_per_customer))
            .collect();
        assert_eq!(feb_cells, vec![(1, d("5000")), (1, d("5600"))]);
        // The average over complete months: offset 0 = Jan + Feb cohorts: (4,000 + 5,000) ÷ 3 =
        // 3,000; offset 1 = Jan only (Feb's offset 1 is March): its month-1 revenue 1,500 ÷ 2 =
        // 750 a customer, added: 3,750 (2 of the 3 customers observed: 66.7 % ≥ 50 %).
        let avg: Vec<(u32, u64, u64, Decimal, Decimal)> = c
            .average
            .iter()
            .map(|p| {
                let (step, cum) = (p.revenue_per_customer, p.cumulative_revenue_per_customer);
                (p.offset, p.cohorts, p.customers, step, cum)
            })
            .collect();
        assert_eq!(avg, vec![(0, 2, 3, d("3000"), d("3000")), (1, 1, 2, d("750"), d("3750"))]);
        assert_eq!(c.average[1].retention, 0.5);
        assert!((c.average[1].observed_share - 2.0 / 3.0).abs() < 1e-12);
        assert!(!c.average_cut);
    }

    /// Analysis date 2024-04-30 (April complete). Cohorts: January J1 (1,000); February F1
    /// (1,000, then 3,000 in March), F2 (1,000); March M1 (1,000, then 5,000 in April), M2, M3
    /// (1,000 each); April A1–A4 (1,000 each). Fewer cohorts reach the later months.
    const LATE: &str = "customer_id,order_date,amount
J1,2024-01-10,1000
F1,2024-02-10,1000
F2,2024-02-11,1000
F1,2024-03-05,3000
M1,2024-03-10,1000
M2,2024-03-11,1000
M3,2024-03-12,1000
M1,2024-04-05,5000
A1,2024-04-10,1000
A2,2024-04-11,1000
A3,2024-04-12,1000
A4,2024-04-30,1000
";

    fn late(day: &str, params: &CohortParams) -> Cohorts {
        let ds = data(LATE);
        let b = CustomerFacts::build(&ds, crate::date::parse_iso_day(day).unwrap(), None, &[]);
        cohorts(&ds, &b, params)
    }

    #[test]
    fn the_average_curve_never_falls_where_fewer_cohorts_reach_the_later_months() {
        let params = CohortParams { min_observed_share: 0.25, ..Default::default() };
        let c = late("2024-04-30", &params);
        let avg: Vec<(u32, u64, Decimal)> = c
            .average
            .iter()
            .map(|p| (p.offset, p.customers, p.cumulative_revenue_per_customer))
            .collect();
        // Offset 0: all 10 customers, 10,000 → 1,000. Offset 1: Jan, Feb, Mar (6 customers),
        // their month-1 revenue 0 + 3,000 + 5,000 = 8,000 → 1,333.33; 2,333.33. Offset 2: Jan and
        // Feb (3 customers, 30 % ≥ 25 %), nothing bought → still 2,333.33. (Pooling cumulative
        // figures would give (1,000 + 5,000) ÷ 3 = 2,000 there: a fall.) Offset 3: Jan alone,
        // 10 % < 25 %: the curve stops.
        assert_eq!(avg, vec![(0, 10, d("1000")), (1, 6, d("2333.33")), (2, 3, d("2333.33"))]);
        assert!(c.average.windows(2).all(|w| {
            w[1].cumulative_revenue_per_customer >= w[0].cumulative_revenue_per_customer
        }));
        assert!(c.average_cut);
        // The default 50 %: offset 2 (30 %) is already too few.
        let c = late("2024-04-30", &CohortParams::default());
        assert_eq!(c.average.len(), 2);
        assert_eq!(c.average[1].observed_share, 0.6);
    }

    #[test]
    fn cohorts_by_quarter_and_by_year() {
        let quarter = CohortParams { period: CohortPeriod::Quarter, ..Default::default() };
        let c = late("2024-04-30", &quarter);
        let names: Vec<(&str, u64)> =
            c.cohorts.iter().map(|c| (c.period.as_str(), c.customers)).collect();
        assert_eq!(names, [("2024-Q1", 6), ("2024-Q2", 4)]);
        // Q1's quarter 1 (April) has not ended: M1's 5,000 is there, incomplete.
        let q1 = &c.cohorts[0].cells;
        assert_eq!(
            (q1[1].period.as_str(), q1[1].complete, q1[1].revenue),
            ("2024-Q2", false, d("5000"))
        );
        assert_eq!(q1[1].active_customers, 1);
        // Only Q1's quarter 0 is complete: 1,000 + 4,000 + 1,000 + 1,000 + 1,000 + 1,000 = 9,000 ÷ 6.
        let avg: Vec<(u32, Decimal)> =
            c.average.iter().map(|p| (p.offset, p.cumulative_revenue_per_customer)).collect();
        assert_eq!(avg, [(0, d("1500"))]);
        let year = CohortParams { period: CohortPeriod::Year, ..Default::default() };
        assert!(late("2024-04-30", &year).average.is_empty()); // 2024 has not ended
        let c = late("2024-12-31", &year);
        // 9,000 + 5,000 + 4,000 = 18,000 ÷ 10.
        assert_eq!(
            (c.cohorts[0].period.as_str(), c.average[0].cumulative_revenue_per_customer),
            ("2024", d("1800"))
        );
    }
}
