//! Acquisition cohorts: customers grouped by the calendar month of their first purchase, followed
//! month by month.
//!
//! * **offset** k = calendar months since the acquisition month (0 = the acquisition month itself;
//!   a customer acquired on 31 January buying on 1 February is at offset 1);
//! * **retention** at k = customers of the cohort with a purchase day in month k ÷ customers
//!   acquired (offset 0 is 100 % by definition);
//! * **cumulative revenue per customer** at k = net revenue of the cohort in months 0..=k ÷
//!   customers acquired: the cohort's LTV curve;
//! * only months that have begun by the analysis date are shown; the analysis date's own month is
//!   marked `complete: false` unless the date is its last day (its figures are still growing);
//! * the **average curve** pools, for each offset, the cohorts whose month k is complete:
//!   Σ cumulative revenue ÷ Σ customers, and Σ active ÷ Σ customers.

use super::facts::{CustomerFacts, Fixed};
use super::measured::month_start;
use super::share;
use crate::dataset::Dataset;
use crate::date::civil_from_days;
use crate::money::ratio;
use rust_decimal::Decimal;
use serde::Serialize;

/// One month of one cohort.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CohortCell {
    /// Months since the acquisition month.
    pub offset: u32,
    /// The calendar month, `YYYY-MM`.
    pub month: String,
    /// Whether the month has ended by the analysis date.
    pub complete: bool,
    /// Customers of the cohort with a purchase in the month.
    pub active_customers: u64,
    /// active_customers ÷ customers acquired.
    pub retention: f64,
    /// Net revenue of the cohort in the month.
    pub revenue: Decimal,
    /// Net revenue of the cohort in months 0..=offset ÷ customers acquired.
    pub cumulative_revenue_per_customer: Decimal,
}

/// One acquisition month.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cohort {
    /// The acquisition month, `YYYY-MM`.
    pub month: String,
    /// Customers whose first purchase is in it.
    pub customers: u64,
    /// Months 0, 1, … up to the analysis date's month.
    pub cells: Vec<CohortCell>,
}

/// One point of the pooled LTV curve.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CurvePoint {
    /// Months since acquisition.
    pub offset: u32,
    /// Cohorts whose month at this offset is complete.
    pub cohorts: u64,
    /// Customers of those cohorts.
    pub customers: u64,
    /// Σ active ÷ Σ customers.
    pub retention: f64,
    /// Σ cumulative revenue ÷ Σ customers.
    pub cumulative_revenue_per_customer: Decimal,
}

/// The cohort view.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cohorts {
    /// Acquisition months, oldest first (months without new customers are left out).
    pub cohorts: Vec<Cohort>,
    /// The pooled LTV curve.
    pub average: Vec<CurvePoint>,
}

fn month_text(month: i32) -> String {
    let (y, m, _) = civil_from_days(month_start(month));
    format!("{y:04}-{m:02}")
}

/// The cohort view of the base.
pub(crate) fn cohorts(ds: &Dataset, b: &CustomerFacts) -> Cohorts {
    if b.len() == 0 {
        return Cohorts { cohorts: Vec::new(), average: Vec::new() };
    }
    let first_month = b.months.first;
    let span = b.months.of(b.as_of) + 1;
    // Per acquisition month: customers, and per offset (active, revenue).
    let mut customers = vec![0u64; span];
    let mut cells: Vec<Vec<(u64, Fixed)>> = (0..span).map(|a| vec![(0, 0); span - a]).collect();
    for (i, &c) in b.ids.iter().enumerate() {
        let acq = b.months.of(b.first[i]);
        customers[acq] += 1;
        let row = &mut cells[acq];
        let mut last_active: Option<usize> = None;
        for p in ds.purchases_of(c as usize) {
            if p.day > b.as_of {
                break;
            }
            // A refund dated before the first order counts in month 0.
            let k = b.months.of(p.day).max(acq) - acq;
            let Some(cell) = row.get_mut(k) else { continue };
            cell.1 += super::facts::money_fixed(p.revenue, b.scale);
            if p.orders > 0 && last_active != Some(k) {
                cell.0 += 1;
                last_active = Some(k);
            }
        }
    }
    // Months 0..complete have ended by the analysis date.
    let complete = span - usize::from(civil_from_days(b.as_of + 1).2 != 1);
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
                    *p = (p.0 + 1, p.1 + n, p.2 + active, p.3 + cumulative);
                }
                CohortCell {
                    offset: k as u32,
                    month: month_text(first_month + (a + k) as i32),
                    complete: done,
                    active_customers: active,
                    retention: share(active, n),
                    revenue: b.money(revenue),
                    cumulative_revenue_per_customer: ratio(b.money(cumulative), Decimal::from(n)),
                }
            })
            .collect();
        out.push(Cohort { month: month_text(first_month + a as i32), customers: n, cells });
    }
    let average = pooled
        .iter()
        .enumerate()
        .filter(|(_, p)| p.0 > 0)
        .map(|(k, &(cohorts, n, active, cumulative))| CurvePoint {
            offset: k as u32,
            cohorts,
            customers: n,
            retention: share(active, n),
            cumulative_revenue_per_customer: ratio(b.money(cumulative), Decimal::from(n)),
        })
        .collect();
    Cohorts { cohorts: out, average }
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
        let c = cohorts(&ds, &b);
        assert_eq!(c.cohorts.len(), 2);
        let jan = &c.cohorts[0];
        assert_eq!((jan.month.as_str(), jan.customers), ("2024-01", 2));
        let got: Vec<(u32, &str, bool, u64, Decimal, Decimal)> = jan
            .cells
            .iter()
            .map(|x| {
                (
                    x.offset,
                    x.month.as_str(),
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
        // Pooled over complete months: offset 0 = Jan + Feb cohorts: (4,000 + 5,000) ÷ 3 = 3,000;
        // offset 1 = Jan only (Feb's offset 1 is March): 5,500 ÷ 2 = 2,750.
        let avg: Vec<(u32, u64, u64, Decimal)> = c
            .average
            .iter()
            .map(|p| (p.offset, p.cohorts, p.customers, p.cumulative_revenue_per_customer))
            .collect();
        assert_eq!(avg, vec![(0, 2, 3, d("3000")), (1, 1, 2, d("2750"))]);
        assert_eq!(c.average[1].retention, 0.5);
    }
}
