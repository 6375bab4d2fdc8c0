//! Files that were aggregated elsewhere: one row per customer with the summary the models fit
//! (lifetimes' `summary_data_from_transaction_data` writes `frequency, recency, T,
//! monetary_value`). Such a file feeds the forecast directly ([`crate::models::forecast::forecast_summaries`]);
//! without purchase dates there is no RFM, cohort or holdout view.
//!
//! The columns are recognised by name (`frequency`, `recency`, `T`, `monetary_value`, and a
//! customer key such as `customer_id`); their time unit is the caller's to state (lifetimes'
//! default is days).

use crate::columns::normalize_header;
use crate::import::Aggregated;
use crate::models::forecast::CustomerForecasts;
use crate::money::MONEY_ROUNDING;
use crate::summary::CustomerSummary;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where the summary columns are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SummaryColumns {
    /// The customer key, when the file has one (else the row number names the customer).
    pub key: Option<usize>,
    /// Repeat purchase periods (x).
    pub frequency: usize,
    /// Time from the first to the last purchase (tₓ).
    pub recency: usize,
    /// Time from the first purchase to the end of the data (T).
    pub t: usize,
    /// Mean value of the repeat purchases, when given.
    pub monetary: Option<usize>,
}

impl SummaryColumns {
    /// Column id (`customer`, `frequency`, `recency`, `t`, `monetary`) → its header text, for the
    /// import check.
    #[must_use]
    pub fn mapping(&self, header: &[String]) -> BTreeMap<&'static str, String> {
        [
            ("customer", self.key),
            ("frequency", Some(self.frequency)),
            ("recency", Some(self.recency)),
            ("t", Some(self.t)),
            ("monetary", self.monetary),
        ]
        .into_iter()
        .filter_map(|(id, i)| Some((id, header.get(i?)?.clone())))
        .collect()
    }
}

/// The summary columns of `header`, when it is a summary file's.
///
/// ```
/// use ltv::aggregated::summary_columns;
/// let h: Vec<String> = ["customer_id", "frequency", "recency", "T", "monetary_value"]
///     .map(String::from).to_vec();
/// let c = summary_columns(&h).unwrap();
/// assert_eq!((c.key, c.frequency, c.t, c.monetary), (Some(0), 1, 3, Some(4)));
/// ```
#[must_use]
pub fn summary_columns(header: &[String]) -> Option<SummaryColumns> {
    let names: Vec<String> = header.iter().map(|h| normalize_header(h)).collect();
    let find = |wanted: &[&str]| names.iter().position(|n| wanted.contains(&n.as_str()));
    Some(SummaryColumns {
        frequency: find(&["frequency", "x"])?,
        recency: find(&["recency", "tx"])?,
        t: find(&["t", "tcal"])?,
        monetary: find(&["monetaryvalue", "monetary", "averagespend"]),
        key: find(&["customerid", "customer", "id", "cust", "顧客id", "会員id"]),
    })
}

/// Why a summary row could not be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SummaryRowError {
    /// A number is missing or not a number.
    NotANumber,
    /// The numbers contradict each other (negative, fractional frequency, recency beyond T).
    Inconsistent,
}

/// Reads one summary row from its cells (`get(column)` gives a cell's text).
///
/// ```
/// use ltv::aggregated::{parse_summary_row, SummaryColumns};
/// let cols = SummaryColumns { key: None, frequency: 0, recency: 1, t: 2, monetary: Some(3) };
/// let cells = ["2", "30.43", "38.86", "24.5"];
/// let s = parse_summary_row(&cols, |i| cells[i]).unwrap();
/// assert_eq!((s.x, s.t_x, s.t, s.monetary), (2, 30.43, 38.86, 24.5));
/// ```
///
/// # Errors
/// [`SummaryRowError`] for a missing, non-numeric or inconsistent value.
pub fn parse_summary_row<'a>(
    cols: &SummaryColumns,
    get: impl Fn(usize) -> &'a str,
) -> Result<CustomerSummary, SummaryRowError> {
    let num = |i: usize| -> Result<f64, SummaryRowError> {
        let v: f64 = get(i).trim().parse().map_err(|_| SummaryRowError::NotANumber)?;
        if v.is_finite() {
            Ok(v)
        } else {
            Err(SummaryRowError::NotANumber)
        }
    };
    let (x, t_x, t) = (num(cols.frequency)?, num(cols.recency)?, num(cols.t)?);
    let monetary = match cols.monetary {
        Some(i) if x > 0.0 => num(i)?,
        _ => 0.0,
    };
    let whole = x.fract() == 0.0 && (0.0..=1e9).contains(&x);
    if !whole
        || t_x < 0.0
        || t < 0.0
        || t_x > t + 1e-9
        || monetary < 0.0
        || (x == 0.0 && t_x != 0.0)
    {
        return Err(SummaryRowError::Inconsistent);
    }
    Ok(CustomerSummary { x: x as u32, t_x, t, monetary })
}

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
    a: &Aggregated,
    f: Option<&CustomerForecasts>,
    q: &SummaryQuery,
) -> SummaryPage {
    let needle = q.search.trim().to_lowercase();
    let mut ids: Vec<u32> = (0..a.rows.len() as u32)
        .filter(|&i| needle.is_empty() || a.key(i as usize).to_lowercase().contains(&needle))
        .collect();
    let total = ids.len();
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
    let limit = if q.limit == 0 { 50 } else { q.limit.min(1000) };
    let end = q.offset.saturating_add(limit).min(total);
    if q.offset >= end {
        return SummaryPage { total, offset: q.offset, rows: Vec::new() };
    }
    ids.select_nth_unstable_by(end - 1, cmp);
    ids.truncate(end);
    ids.sort_unstable_by(cmp);
    let rows = ids[q.offset..]
        .iter()
        .map(|&i| {
            let (i, r) = (i as usize, &a.rows[i as usize]);
            let get = |v: &Vec<f64>| v.get(i).copied();
            SummaryRow {
                key: a.key(i).into_owned(),
                frequency: r.x,
                recency: r.t_x,
                t: r.t,
                monetary: r.monetary,
                p_alive: f.and_then(|f| get(&f.p_alive)),
                expected_purchases: f.and_then(|f| get(&f.expected_purchases)),
                predicted_clv: f
                    .and_then(|f| get(&f.clv))
                    .and_then(Decimal::from_f64_retain)
                    .map(|d| d.round_dp_with_strategy(2, MONEY_ROUNDING)),
            }
        })
        .collect();
    SummaryPage { total, offset: q.offset, rows }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols() -> SummaryColumns {
        summary_columns(&["frequency", "recency", "T", "monetary_value"].map(String::from)).unwrap()
    }

    #[test]
    fn only_headers_with_frequency_recency_and_t_are_summaries() {
        let h = |cells: &[&str]| cells.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(summary_columns(&h(&["customer_id", "order_date", "amount"])).is_none());
        assert!(summary_columns(&h(&["frequency", "recency"])).is_none());
        assert_eq!(summary_columns(&h(&["Frequency", "Recency", "T"])).unwrap().monetary, None);
    }

    #[test]
    fn a_lifetimes_summary_file_imports_as_customers_for_the_forecast() {
        use crate::import::{import_bytes, FileKind, ImportOptions, IssueKind};
        let csv = "customer_id,frequency,recency,T,monetary_value\n\
                   A,2,30.43,38.86,22.35\nB,0,0,38.86,0\nC,x,1,2,3\nA,1,1,2,3\nD,5,36,38.5,41\n";
        let i = import_bytes(csv.as_bytes(), &ImportOptions::default()).unwrap();
        assert_eq!(
            (i.report.kind, i.report.customers, i.dataset.customers()),
            (FileKind::CustomerSummary, 3, 0)
        );
        let issues: Vec<(u64, IssueKind)> =
            i.report.issues.iter().map(|x| (x.line, x.kind)).collect();
        assert_eq!(issues, [(4, IssueKind::BadSummary), (5, IssueKind::DuplicateCustomer)]);
        let a = i.aggregated.unwrap();
        assert_eq!((a.rows[0].x, a.rows[0].t_x, a.key(2)), (2, 30.43, "D".into()));
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
    fn rows_are_checked_for_contradictions() {
        let row = |cells: [&'static str; 4]| parse_summary_row(&cols(), |i| cells[i]);
        assert_eq!(row(["0", "0", "38.86", ""]).unwrap().monetary, 0.0);
        assert_eq!(row(["2", "x", "3", "1"]), Err(SummaryRowError::NotANumber));
        assert_eq!(row(["1.5", "1", "3", "1"]), Err(SummaryRowError::Inconsistent));
        assert_eq!(row(["2", "5", "3", "1"]), Err(SummaryRowError::Inconsistent));
        assert_eq!(row(["0", "2", "3", "0"]), Err(SummaryRowError::Inconsistent));
        assert_eq!(row(["3", "2", "3", "-5"]), Err(SummaryRowError::Inconsistent));
        assert_eq!(row(["3", "2", "inf", "5"]), Err(SummaryRowError::NotANumber));
    }
}
