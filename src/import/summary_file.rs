//! Files that were aggregated elsewhere: one row per customer with the summary the models fit
//! (lifetimes' `summary_data_from_transaction_data` writes `frequency, recency, T,
//! monetary_value`). Such a file feeds the forecast directly (`models::forecast::forecast_summaries`);
//! without purchase dates there is no RFM, cohort or holdout view.
//!
//! The columns are recognised by name (`frequency`, `recency`, `T`, `monetary_value`, and a
//! customer key such as `customer_id`); their time unit is the caller's to state (lifetimes'
//! default is days).

use super::columns::normalize_header;
use super::records::Fields;
use super::report::{Counts, IssueKind};
use crate::encoding::TextEncoding;
use crate::intern::{Interner, Strings};
use crate::summary::{CustomerSummary, TimeUnit};
use serde::Serialize;

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
    /// Every column of a summary file (`customer`, `frequency`, `recency`, `t`, `monetary`, in
    /// this order) with the header text it was read from (`None`: the file has none), for the
    /// import check.
    #[must_use]
    pub fn mapping(&self, header: &[String]) -> Vec<SummaryColumn> {
        [
            ("customer", self.key),
            ("frequency", Some(self.frequency)),
            ("recency", Some(self.recency)),
            ("t", Some(self.t)),
            ("monetary", self.monetary),
        ]
        .into_iter()
        .map(|(id, i)| SummaryColumn { id, header: i.and_then(|i| header.get(i)).cloned() })
        .collect()
    }
}

/// A column of a summary file and the header it was read from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SummaryColumn {
    /// `customer`, `frequency`, `recency`, `t` or `monetary`.
    pub id: &'static str,
    /// The header text of the file's column; `None` when the file has none.
    pub header: Option<String>,
}

/// The summary columns of `header`, when it is a summary file's.
///
/// ```
/// use ltv::import::summary_file::summary_columns;
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
/// use ltv::import::summary_file::{parse_summary_row, SummaryColumns};
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

/// Reads the data rows of a summary file.
#[derive(Debug)]
pub(crate) struct SummaryRows {
    cols: SummaryColumns,
    encoding: TextEncoding,
    keys: Interner,
    rows: Vec<CustomerSummary>,
}

impl SummaryRows {
    /// A reader of rows with these columns.
    pub(crate) fn new(cols: SummaryColumns, encoding: TextEncoding) -> SummaryRows {
        SummaryRows { cols, encoding, keys: Interner::default(), rows: Vec::new() }
    }

    /// One data row: kept, or reported as a bad or duplicate customer.
    pub(crate) fn row(&mut self, f: &Fields<'_>, line: u64, counts: &mut Counts) {
        let cols = &self.cols;
        let text = |bytes: &[u8]| self.encoding.decode_cell(bytes).into_owned();
        let row = match parse_summary_row(cols, |i| std::str::from_utf8(f.get(i)).unwrap_or("")) {
            Ok(row) => row,
            Err(_) => {
                let cells: Vec<String> = [Some(cols.frequency), Some(cols.recency), Some(cols.t)]
                    .into_iter()
                    .chain([cols.monetary])
                    .flatten()
                    .map(|i| text(f.get(i)))
                    .collect();
                return counts.issue(line, IssueKind::BadSummary, &cells.join(", "), 1);
            }
        };
        let key: Vec<u8> = match cols.key.map(|k| f.get(k)).filter(|k| !k.is_empty()) {
            Some(k) => k.to_vec(),
            None => line.to_string().into_bytes(),
        };
        if !self.keys.intern_new(&key).1 {
            return counts.issue(line, IssueKind::DuplicateCustomer, &text(&key), 1);
        }
        counts.orders += 1;
        self.rows.push(row);
    }

    /// Whether no row was kept.
    pub(crate) fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The customers read, with their time unit.
    pub(crate) fn finish(self, unit: TimeUnit) -> SummaryFile {
        SummaryFile {
            encoding: self.encoding,
            keys: self.keys.freeze(),
            rows: self.rows,
            unit,
            weights: None,
        }
    }
}

/// The customers of a per-customer summary file.
#[derive(Debug, Clone)]
pub struct SummaryFile {
    encoding: TextEncoding,
    keys: Strings,
    /// The summaries, in file order, in the file's time unit.
    pub rows: Vec<CustomerSummary>,
    /// Their time unit.
    pub unit: TimeUnit,
    /// Customers per row, when each row stands for several (an aggregates-only pack's weighted
    /// table: the rows name no customer).
    pub weights: Option<Vec<f64>>,
}

impl SummaryFile {
    /// Weighted rows without keys (row `i` stands for `weights[i]` customers).
    #[must_use]
    pub fn weighted(rows: Vec<CustomerSummary>, weights: Vec<f64>, unit: TimeUnit) -> SummaryFile {
        SummaryFile {
            encoding: TextEncoding::Utf8,
            keys: Strings::default(),
            rows,
            unit,
            weights: Some(weights),
        }
    }

    /// Customer `i`'s key.
    #[must_use]
    pub fn key(&self, i: usize) -> std::borrow::Cow<'_, str> {
        self.encoding.decode_cell(self.keys.get(i as u32))
    }
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
        use crate::import::{import_bytes, FileKind, ImportOptions};
        let csv = "customer_id,frequency,recency,T,monetary_value\n\
                   A,2,30.43,38.86,22.35\nB,0,0,38.86,0\nC,x,1,2,3\nA,1,1,2,3\nD,5,36,38.5,41\n";
        let i = import_bytes(csv.as_bytes(), &ImportOptions::default()).unwrap();
        assert_eq!(
            (i.report.kind, i.report.customers, i.dataset.customers()),
            (FileKind::CustomerSummary, 3, 0)
        );
        let issues: Vec<(u64, IssueKind)> =
            i.report.counts.issues.iter().map(|x| (x.line, x.kind)).collect();
        assert_eq!(issues, [(4, IssueKind::BadSummary), (5, IssueKind::DuplicateCustomer)]);
        let a = i.summary_file.unwrap();
        assert_eq!((a.rows[0].x, a.rows[0].t_x, a.key(2)), (2, 30.43, "D".into()));
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
