//! The table of a per-customer summary file (lifetimes' frequency, recency, T, monetary value),
//! with the forecast's figures once it has run: sorted, searched, paged.

use super::page_of;
use crate::import::summary_file::SummaryFile;
use crate::models::forecast::CustomerForecasts;
use crate::money::MONEY_ROUNDING;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A column of the summary table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SummarySort {
    /// Customer key.
    Key,
    /// Repeat purchases (x).
    Frequency,
    /// tₓ.
    Recency,
    /// T.
    T,
    /// Mean repeat spend.
    Monetary,
    /// P(alive).
    PAlive,
    /// Expected purchases over the horizon.
    ExpectedPurchases,
    /// Predicted CLV (default).
    #[default]
    PredictedClv,
}

/// A page request for the summary table.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SummaryQuery {
    /// Sort column.
    pub sort: SummarySort,
    /// Ascending instead of descending.
    pub ascending: bool,
    /// Only keys containing this text (case-insensitive).
    pub search: String,
    /// Rows to skip.
    pub offset: usize,
    /// Rows to return (default 50, at most 1000).
    pub limit: usize,
}

/// One customer of a summary file, with the forecast when there is one.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SummaryRow {
    /// Customer key.
    pub key: String,
    /// x.
    pub frequency: u32,
    /// tₓ (file unit).
    pub recency: f64,
    /// T (file unit).
    pub t: f64,
    /// Mean repeat spend.
    pub monetary: f64,
    /// P(alive), with a forecast.
    pub p_alive: Option<f64>,
    /// Expected purchases over the horizon, with a forecast.
    pub expected_purchases: Option<f64>,
    /// Predicted CLV (2 decimals), with a forecast.
    pub predicted_clv: Option<Decimal>,
    /// The low end of the predicted CLV's 80 % interval (2 decimals), when the forecast has
    /// intervals.
    pub predicted_clv_low: Option<Decimal>,
    /// The high end of the predicted CLV's 80 % interval (2 decimals), likewise.
    pub predicted_clv_high: Option<Decimal>,
}

/// One page of the summary table.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SummaryPage {
    /// Customers matching the search.
    pub total: usize,
    /// Offset of the first row.
    pub offset: usize,
    /// The rows.
    pub rows: Vec<SummaryRow>,
}

/// A page of a summary file's customers, sorted and searched, with the forecast's figures.
#[must_use]
pub fn summary_page(
    a: &SummaryFile,
    f: Option<&CustomerForecasts>,
    q: &SummaryQuery,
) -> SummaryPage {
    let needle = q.search.trim().to_lowercase();
    let ids = (0..a.rows.len() as u32)
        .filter(|&i| needle.is_empty() || a.key(i as usize).to_lowercase().contains(&needle));
    let pick = |v: Option<&Vec<f64>>, i: usize| v.and_then(|v| v.get(i)).copied().unwrap_or(-1.0);
    let value = |i: usize| -> f64 {
        let r = &a.rows[i];
        match q.sort {
            SummarySort::Key => 0.0,
            SummarySort::Frequency => f64::from(r.x),
            SummarySort::Recency => r.t_x,
            SummarySort::T => r.t,
            SummarySort::Monetary => r.monetary,
            SummarySort::PAlive => pick(f.map(|f| &f.p_alive), i),
            SummarySort::ExpectedPurchases => pick(f.map(|f| &f.expected_purchases), i),
            SummarySort::PredictedClv => pick(f.map(|f| &f.clv), i),
        }
    };
    let cmp = |x: &u32, y: &u32| {
        let (i, j) = (*x as usize, *y as usize);
        let ord = if q.sort == SummarySort::Key {
            a.key(i).cmp(&a.key(j))
        } else {
            value(i).total_cmp(&value(j))
        };
        (if q.ascending { ord } else { ord.reverse() }).then(x.cmp(y))
    };
    let (page, total) = page_of(ids, q.offset, q.limit, &cmp);
    let rows = page
        .iter()
        .map(|&i| {
            let (i, r) = (i as usize, &a.rows[i as usize]);
            let get = |v: &Vec<f64>| v.get(i).copied();
            let money = |v: f64| {
                Decimal::from_f64_retain(v).map(|d| d.round_dp_with_strategy(2, MONEY_ROUNDING))
            };
            let range = f.and_then(|f| f.clv_range.get(i).copied());
            SummaryRow {
                key: a.key(i).into_owned(),
                frequency: r.x,
                recency: r.t_x,
                t: r.t,
                monetary: r.monetary,
                p_alive: f.and_then(|f| get(&f.p_alive)),
                expected_purchases: f.and_then(|f| get(&f.expected_purchases)),
                predicted_clv: f.and_then(|f| get(&f.clv)).and_then(money),
                predicted_clv_low: range.and_then(|[low, _]| money(low)),
                predicted_clv_high: range.and_then(|[_, high]| money(high)),
            }
        })
        .collect();
    SummaryPage { total, offset: q.offset, rows }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{import_bytes, ImportOptions};

    #[test]
    fn a_summary_file_pages_by_any_column_without_a_forecast() {
        let csv = "customer_id,frequency,recency,T,monetary_value\n\
                   A,2,30.43,38.86,22.35\nB,0,0,38.86,0\nC,x,1,2,3\nA,1,1,2,3\nD,5,36,38.5,41\n";
        let i = import_bytes(csv.as_bytes(), &ImportOptions::default()).unwrap();
        let a = i.summary_file.unwrap();
        let page = summary_page(
            &a,
            None,
            &SummaryQuery { sort: SummarySort::Frequency, ..Default::default() },
        );
        let keys: Vec<&str> = page.rows.iter().map(|r| r.key.as_str()).collect();
        assert_eq!((page.total, keys), (3, vec!["D", "A", "B"]));
        assert_eq!(page.rows[0].p_alive, None);
    }

    #[test]
    fn a_summary_files_rows_carry_the_clv_interval_when_the_forecast_has_one() {
        let csv = "customer_id,frequency,recency,T,monetary_value\nA,2,30,38,22\nB,0,0,38,0\n";
        let a = import_bytes(csv.as_bytes(), &ImportOptions::default()).unwrap().summary_file;
        let a = a.unwrap();
        let mut f = CustomerForecasts {
            p_alive: vec![0.9, 0.5],
            expected_purchases: vec![1.0, 0.2],
            expected_spend: vec![20.0, 20.0],
            clv: vec![100.0, 10.0],
            clv_range: vec![[80.004, 130.5], [5.0, 20.0]],
        };
        let q = SummaryQuery { sort: SummarySort::Key, ascending: true, ..Default::default() };
        let row = &summary_page(&a, Some(&f), &q).rows[0];
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(
            (row.predicted_clv_low, row.predicted_clv_high),
            (Some(d("80")), Some(d("130.5")))
        );
        f.clv_range.clear();
        let row = &summary_page(&a, Some(&f), &q).rows[0];
        assert_eq!((row.predicted_clv, row.predicted_clv_low), (Some(d("100")), None));
    }
}
