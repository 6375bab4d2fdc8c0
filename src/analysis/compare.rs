//! 比較: two analysis dates side by side (this year against the same day last year): the
//! headline figures at each, each RFM segment's size at each, and the moves between segments —
//! where the customers of each segment at the earlier date are at the later one, and which
//! segments the customers who arrived in between went to.
//!
//! Both dates are analysed with the same parameters (thresholds, margin), so a change is the
//! customers' doing, not the rules'. A customer of the earlier date is always a customer of the
//! later one (customers only arrive as the date moves on).
//!
//! The "last 365 days" figures count the purchase days in the window that ends on the date and
//! began 364 days before it: revenue there is net (refunds dated in the window are subtracted).

use super::customers::CustomerTable;
use super::facts::{money_fixed, Fixed, YEAR_DAYS};
use super::rfm::{self, Segment, SegmentRow};
use super::status::Status;
use super::{measured, AnalysisParams};
use crate::dataset::Dataset;
use crate::date::{format_day, Day};
use crate::Error;
use rust_decimal::Decimal;
use serde::Serialize;

/// The headline figures at one date.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Headline {
    /// The date (ISO).
    pub date: String,
    /// Customers with an order on or before the date.
    pub customers: u64,
    /// Customers whose first purchase falls in the last 365 days.
    pub new_customers: u64,
    /// Customers with a purchase day in the last 365 days.
    pub buying_customers: u64,
    /// Net revenue of the last 365 days.
    pub revenue_last_year: Decimal,
    /// Revenue per customer to date (LTV to date).
    pub revenue_per_customer: Decimal,
    /// 年間LTV (`None` until a first-year window has ended).
    pub annual_ltv: Option<Decimal>,
    /// 平均購入単価 to date.
    pub average_order_value: Decimal,
    /// F2転換率 to date.
    pub f2_rate: f64,
    /// Customers per status (現役, 新規, 離反しかけ, 休眠), in [`Status::ALL`] order.
    pub statuses: Vec<StatusCount>,
}

/// Customers of one status.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusCount {
    /// The status.
    pub status: Status,
    /// Its customers.
    pub customers: u64,
}

/// A segment at both dates.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SegmentPair {
    /// The segment.
    pub segment: Segment,
    /// At the earlier date.
    pub earlier: SegmentRow,
    /// At the later date.
    pub later: SegmentRow,
}

/// Customers who were in one segment at the earlier date (or not yet customers) and are in
/// another (or the same) at the later one.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Move {
    /// The segment at the earlier date; `None`: not yet a customer then.
    pub from: Option<Segment>,
    /// The segment at the later date.
    pub to: Segment,
    /// How many customers.
    pub customers: u64,
}

/// The money figures of the later date less those of the earlier one (exact, so that the page
/// never subtracts money in floating point).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MoneyChanges {
    /// Revenue of the last 365 days.
    pub revenue_last_year: Decimal,
    /// Revenue per customer to date.
    pub revenue_per_customer: Decimal,
    /// 年間LTV, when both dates have it.
    pub annual_ltv: Option<Decimal>,
    /// 平均購入単価.
    pub average_order_value: Decimal,
}

/// Two dates compared.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Comparison {
    /// The earlier date's figures.
    pub earlier: Headline,
    /// The later date's figures.
    pub later: Headline,
    /// later − earlier of the money figures.
    pub changes: MoneyChanges,
    /// Every segment at both dates, best first.
    pub segments: Vec<SegmentPair>,
    /// The moves with at least one customer: by earlier segment (not-yet-customers last), then
    /// by later segment, best first.
    pub moves: Vec<Move>,
}

/// The figures at the date of `table`.
fn headline(ds: &Dataset, table: &CustomerTable, params: &AnalysisParams) -> Headline {
    let b = table.facts();
    let as_of = b.as_of;
    let from: Day = as_of - (YEAR_DAYS - 1);
    let mut revenue: Fixed = 0;
    let mut buying = 0u64;
    for &c in &b.ids {
        let mut bought = false;
        for p in ds.purchases_of(c as usize) {
            if p.day > as_of {
                break;
            }
            if p.day >= from {
                revenue += money_fixed(p.revenue, b.scale);
                bought |= p.orders > 0;
            }
        }
        buying += u64::from(bought);
    }
    let m = measured::measure(ds, b, params);
    let summary = table.status_summary();
    Headline {
        date: format_day(as_of),
        customers: b.len() as u64,
        new_customers: b.first.iter().filter(|&&d| d >= from).count() as u64,
        buying_customers: buying,
        revenue_last_year: b.money(revenue),
        revenue_per_customer: m.revenue_per_customer,
        annual_ltv: m.annual.ltv,
        average_order_value: m.average_order_value,
        f2_rate: m.repeat.f2_rate,
        statuses: summary
            .statuses
            .iter()
            .map(|g| StatusCount { status: g.status, customers: g.count.customers })
            .collect(),
    }
}

/// Compares the analysis at `params`' date with the analysis at `earlier` (ISO), with the same
/// parameters.
///
/// # Errors
/// [`Error::BadParameter`] as [`AnalysisParams::validate`], or `compareDate` when `earlier` is
/// not a date before the analysis date with an order on or before it.
pub fn compare(ds: &Dataset, params: &AnalysisParams, earlier: &str) -> Result<Comparison, Error> {
    let later_table = CustomerTable::build(ds, params)?;
    let before = AnalysisParams { analysis_date: Some(earlier.to_owned()), ..params.clone() };
    let earlier_table = CustomerTable::build(ds, &before).map_err(|e| match e {
        Error::BadParameter { name: "analysisDate", reason } => {
            Error::BadParameter { name: "compareDate", reason }
        }
        other => other,
    })?;
    let (e, l) = (earlier_table.facts(), later_table.facts());
    if e.as_of >= l.as_of {
        return Err(Error::BadParameter {
            name: "compareDate",
            reason: format!("{} is not before {}", format_day(e.as_of), format_day(l.as_of)),
        });
    }
    // Each dataset customer's segment at the earlier date.
    let mut then: Vec<Option<Segment>> = vec![None; ds.customers()];
    for (i, &c) in e.ids.iter().enumerate() {
        then[c as usize] = Some(earlier_table.segment[i]);
    }
    let slot = |s: Option<Segment>| s.map_or(Segment::ALL.len(), |s| s as usize);
    let mut counts = vec![[0u64; Segment::ALL.len()]; Segment::ALL.len() + 1];
    for (i, &c) in l.ids.iter().enumerate() {
        counts[slot(then[c as usize])][later_table.segment[i] as usize] += 1;
    }
    let froms = Segment::ALL.iter().map(|&s| Some(s)).chain([None]);
    let moves = froms
        .flat_map(|from| {
            let row = counts[slot(from)];
            Segment::ALL.iter().filter(move |&&to| row[to as usize] > 0).map(move |&to| Move {
                from,
                to,
                customers: row[to as usize],
            })
        })
        .collect();
    let summary = |t: &CustomerTable| rfm::summarize(t.facts(), &t.scores, &params.rfm).segments;
    let segments = summary(&earlier_table)
        .into_iter()
        .zip(summary(&later_table))
        .map(|(earlier, later)| SegmentPair { segment: later.segment, earlier, later })
        .collect();
    let (earlier, later) =
        (headline(ds, &earlier_table, &before), headline(ds, &later_table, params));
    let changes = MoneyChanges {
        revenue_last_year: later.revenue_last_year - earlier.revenue_last_year,
        revenue_per_customer: later.revenue_per_customer - earlier.revenue_per_customer,
        annual_ltv: later.annual_ltv.zip(earlier.annual_ltv).map(|(l, e)| l - e),
        average_order_value: later.average_order_value - earlier.average_order_value,
    };
    Ok(Comparison { earlier, later, changes, segments, moves })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testing::data;

    /// Analysis dates 2023-12-31 and 2024-12-31, RFM by the default thresholds (R: days since
    /// ≤ 30 / 60 / 90 / 180 → 5 / 4 / 3 / 2, else 1; F: purchase days ≥ 2 / 3 / 5 / 10).
    ///   A  2023-12-01, 2023-12-20, 2024-12-20 ¥1,000 each
    ///      2023-12-31: 11 days, F2 → R5 F2 育成中 (promising); 2024-12-31: 11 days, F3 → R5 F3 安定顧客
    ///   B  2023-06-01 ¥5,000, a refund of ¥1,000 on 2024-02-01
    ///      2023-12-31: 213 days, F1 → R1 休眠顧客 (dormant); 2024-12-31: 579 days → still dormant
    ///   C  2024-11-15 ¥3,000: not a customer in 2023; 46 days → R4 F1 育成中 (promising)
    ///   D  2023-12-31 ¥2,000 (the earlier date itself) → R5 F1 新規顧客; 2024: 366 days → R1 dormant
    const SHOP: &str = "customer_id,order_date,amount
A,2023-12-01,1000
A,2023-12-20,1000
A,2024-12-20,1000
B,2023-06-01,5000
B,2024-02-01,-1000
C,2024-11-15,3000
D,2023-12-31,2000
";

    fn compared() -> Comparison {
        let params =
            AnalysisParams { analysis_date: Some("2024-12-31".into()), ..Default::default() };
        compare(&data(SHOP), &params, "2023-12-31").unwrap()
    }

    #[test]
    fn the_headline_figures_are_those_of_each_date() {
        let c = compared();
        let (e, l) = (&c.earlier, &c.later);
        assert_eq!((e.date.as_str(), l.date.as_str()), ("2023-12-31", "2024-12-31"));
        // 2023: A, B, D; all three first bought in 2023-01-01 … 12-31; 2024: A, B, C, D.
        assert_eq!((e.customers, e.new_customers, e.buying_customers), (3, 3, 3));
        // 2024-01-01 … 12-31: new C only; buying A (12-20) and C; B's refund is no purchase.
        assert_eq!((l.customers, l.new_customers, l.buying_customers), (4, 1, 2));
        // 2023: 1,000 + 1,000 + 5,000 + 2,000 = 9,000; 2024: 1,000 − 1,000 + 3,000 = 3,000.
        assert_eq!(
            (e.revenue_last_year.to_string(), l.revenue_last_year.to_string()),
            ("9000".into(), "3000".into())
        );
        // To date: 9,000 ÷ 3 = 3,000; 2024: (3,000 + 4,000 + 3,000 + 2,000) ÷ 4 = 3,000.
        assert_eq!(e.revenue_per_customer.to_string(), "3000");
        assert_eq!(l.revenue_per_customer.to_string(), "3000");
        assert_eq!(c.changes.revenue_last_year.to_string(), "-6000");
        assert_eq!(c.changes.revenue_per_customer.to_string(), "0");
        // 年間LTV: in 2023 no first year has ended (B's ends 2024-05-30); in 2024 those of A
        // (2,000: 12-20 is past its year), B (5,000 − 1,000) and D (2,000) have: 8,000 ÷ 3.
        let annual = l.annual_ltv.map(|v| v.to_string());
        assert_eq!((e.annual_ltv, annual), (None, Some("2666.67".into())));
        assert_eq!(c.changes.annual_ltv, None);
        // F2: A of 3, then A of 4.
        assert!((e.f2_rate - 1.0 / 3.0).abs() < 1e-12 && (l.f2_rate - 0.25).abs() < 1e-12);
        assert_eq!(e.statuses.iter().map(|s| s.customers).sum::<u64>(), 3);
        assert_eq!(l.statuses.iter().map(|s| s.customers).sum::<u64>(), 4);
    }

    #[test]
    fn the_moves_say_where_each_segments_customers_went() {
        use Segment::*;
        let c = compared();
        let moves: Vec<_> = c.moves.iter().map(|m| (m.from, m.to, m.customers)).collect();
        assert_eq!(
            moves,
            [
                (Some(New), Dormant, 1),     // D
                (Some(Promising), Loyal, 1), // A
                (Some(Dormant), Dormant, 1), // B
                (None, Promising, 1),        // C
            ]
        );
        let size = |s: Segment| {
            let p = c.segments.iter().find(|p| p.segment == s).unwrap();
            (p.earlier.figures.customers, p.later.figures.customers)
        };
        assert_eq!(
            (size(Promising), size(Loyal), size(Dormant), size(New)),
            ((1, 1), (0, 1), (1, 2), (1, 0))
        );
    }

    #[test]
    fn the_earlier_date_must_come_before_the_analysis_date_and_after_the_first_order() {
        let ds = data(SHOP);
        let params =
            AnalysisParams { analysis_date: Some("2024-12-31".into()), ..Default::default() };
        let name = |r: Result<Comparison, Error>| match r {
            Err(Error::BadParameter { name, .. }) => name,
            other => panic!("{other:?}"),
        };
        assert_eq!(name(compare(&ds, &params, "2024-12-31")), "compareDate");
        assert_eq!(name(compare(&ds, &params, "2023-01-01")), "compareDate");
        assert_eq!(name(compare(&ds, &params, "last year")), "compareDate");
    }
}
