//! The one error type of the crate.
//!
//! Only "nothing usable" is an error: a broken row is data (the import report's row issues).
//! Every variant has a stable [`Error::code`] that the page translates (Japanese and English);
//! `Display` is English, for logs and for scripts calling the JS API.

use serde::Serialize;
use std::fmt;

/// What a file that is not a text table looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, strum::EnumIter)]
#[serde(rename_all = "camelCase")]
pub enum LooksLike {
    /// An Excel workbook (`.xlsx`, a zip).
    Xlsx,
    /// An old Excel workbook (`.xls`).
    Xls,
    /// A PDF document.
    Pdf,
    /// Anything else that is not text.
    #[default]
    Binary,
}

impl LooksLike {
    /// Its code, e.g. `"xlsx"`.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            LooksLike::Xlsx => "xlsx",
            LooksLike::Xls => "xls",
            LooksLike::Pdf => "pdf",
            LooksLike::Binary => "binary",
        }
    }
}

/// Everything that can stop an import or an analysis.
#[derive(Debug, Clone, PartialEq, Eq, strum::EnumIter)]
#[non_exhaustive]
pub enum Error {
    /// The file holds no bytes, or only blank lines.
    Empty,
    /// The bytes are not a text table (e.g. an `.xlsx` workbook, an image, a zip).
    NotText {
        /// What the file looks like instead.
        looks_like: LooksLike,
    },
    /// No header row names the columns the analysis needs.
    MissingColumns {
        /// The roles that could not be found, e.g. `["date", "amount"]`.
        missing: Vec<&'static str>,
        /// The best candidate header row that was found, cell by cell.
        header: Vec<String>,
        /// That row looks like data (a date, an e-mail, numbers): the file may have no header
        /// row (read it again with `noHeader`).
        looks_like_data: bool,
    },
    /// A column named in the options is not in the header.
    UnknownColumn {
        /// The role it was meant for.
        role: &'static str,
        /// The header text given.
        name: String,
    },
    /// The file has a header row but no data row below it.
    NoDataRows,
    /// Rows were read but none of them gave a usable order.
    NoUsableRows {
        /// Rows read below the header.
        rows: u64,
        /// The most frequent reason rows were not used (an issue code, e.g. `"badDate"`).
        reason: Option<&'static str>,
        /// The line of an example row with that reason.
        line: Option<u64>,
        /// The offending cell of that example row.
        value: Option<String>,
    },
    /// The options passed by the caller could not be understood.
    BadOptions(String),
    /// The view needs order rows, but the file holds per-customer summaries.
    NeedsOrders {
        /// The view asked for, e.g. `"analysis"`.
        view: &'static str,
    },
    /// An analysis parameter is out of range (e.g. a negative period).
    BadParameter {
        /// The parameter's name, e.g. `"retentionYears"`.
        name: &'static str,
        /// Why it was refused.
        reason: String,
    },
    /// The data cannot identify a model's parameters (e.g. too few repeat buyers).
    NotIdentifiable {
        /// The model, e.g. `"bgNbd"`, `"gammaGamma"`.
        model: &'static str,
        /// Why, in English (the code is what the page translates).
        reason: String,
    },
    /// A file read as an LTV pack ([`crate::pack`]) breaks the format.
    BadPack {
        /// The line of the problem (1-based; 0: the file as a whole).
        line: u64,
        /// The pack's column, e.g. `"day_revenue"`.
        column: &'static str,
        /// Why, as a code: `missingColumn`, `missingMeta`, `notPack`, `version`, `notADate`,
        /// `notANumber`, `notAmount`, `listLength`, `total`, `duplicate`, `unknownReference`, ….
        reason: &'static str,
        /// The cell (its first 40 characters).
        value: String,
    },
    /// Packs to merge were not made alike: another salt, currency or profit basis.
    PackMismatch {
        /// What differs: `saltId`, `currency`, `grossProfit`, `channels`.
        what: &'static str,
    },
    /// Packs to merge share a customer's day: their periods (or customers) are not disjoint.
    PackOverlap {
        /// Customers with a day in two packs.
        customers: u64,
        /// The first such day (ISO).
        day: String,
    },
    /// Aggregates-only packs of different periods (their aggregates' end days differ): a
    /// customer's acquisition would be counted in both, so their aggregates cannot be summed.
    PackPeriods {
        /// The two end days (ISO), the first pack's and the first that differs.
        ends: [String; 2],
    },
    /// The view needs customer rows, and the data is an aggregates-only pack.
    NeedsCustomerRows {
        /// The view asked for, e.g. `"table"`, `"gammaGamma"`.
        view: &'static str,
    },
    /// The maximum-likelihood search did not reach an optimum.
    NotConverged {
        /// The model, e.g. `"paretoNbd"`.
        model: &'static str,
        /// Iterations spent before giving up.
        iterations: u32,
    },
}

impl Error {
    /// A stable identifier for the page to translate, e.g. `"missing_columns"`.
    ///
    /// ```
    /// assert_eq!(ltv::Error::Empty.code(), "empty");
    /// ```
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Error::Empty => "empty",
            Error::NotText { .. } => "not_text",
            Error::MissingColumns { .. } => "missing_columns",
            Error::UnknownColumn { .. } => "unknown_column",
            Error::NoDataRows => "no_data_rows",
            Error::NoUsableRows { .. } => "no_usable_rows",
            Error::BadOptions(_) => "bad_options",
            Error::NeedsOrders { .. } => "needs_orders",
            Error::BadParameter { .. } => "bad_parameter",
            Error::NotIdentifiable { .. } => "not_identifiable",
            Error::NotConverged { .. } => "not_converged",
            Error::BadPack { .. } => "bad_pack",
            Error::PackMismatch { .. } => "pack_mismatch",
            Error::PackOverlap { .. } => "pack_overlap",
            Error::PackPeriods { .. } => "pack_periods",
            Error::NeedsCustomerRows { .. } => "needs_customer_rows",
        }
    }
}

/// The numbers behind an error, for the page's translated message (camelCase when serialised;
/// absent fields are left out).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorDetails<'a> {
    /// The stable code ([`Error::code`]).
    pub code: &'static str,
    /// The roles that could not be found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing: Option<&'a [&'static str]>,
    /// The header found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header: Option<&'a [String]>,
    /// The header found looks like a row of data (the file may have no header row).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header_looks_like_data: Option<bool>,
    /// What a file that is not text looks like.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub looks_like: Option<LooksLike>,
    /// The role of an unknown column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<&'static str>,
    /// A column's or a parameter's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<&'a str>,
    /// Rows read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rows: Option<u64>,
    /// The main reason rows were not used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'static str>,
    /// The line of an example.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// The cell of an example.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<&'a str>,
}

impl Error {
    /// What the page needs to explain this error.
    ///
    /// ```
    /// let e = ltv::Error::UnknownColumn { role: "date", name: "Datum".into() };
    /// let d = e.details();
    /// assert_eq!((d.code, d.role, d.name), ("unknown_column", Some("date"), Some("Datum")));
    /// ```
    #[must_use]
    pub fn details(&self) -> ErrorDetails<'_> {
        let mut d = ErrorDetails { code: self.code(), ..ErrorDetails::default() };
        match self {
            Error::MissingColumns { missing, header, looks_like_data } => {
                (d.missing, d.header) = (Some(missing.as_slice()), Some(header.as_slice()));
                d.header_looks_like_data = Some(*looks_like_data);
            }
            Error::NotText { looks_like } => d.looks_like = Some(*looks_like),
            Error::UnknownColumn { role, name } => {
                (d.role, d.name) = (Some(*role), Some(name.as_str()));
            }
            Error::NoUsableRows { rows, reason, line, value } => {
                (d.rows, d.reason, d.line) = (Some(*rows), *reason, *line);
                d.value = value.as_deref();
            }
            Error::BadParameter { name, .. } => d.name = Some(name),
            Error::BadPack { line, column, reason, value } => {
                (d.line, d.name, d.reason) = (Some(*line), Some(*column), Some(*reason));
                d.value = Some(value.as_str());
            }
            Error::PackMismatch { what } => d.name = Some(what),
            Error::PackPeriods { ends } => {
                (d.name, d.value) = (Some(ends[0].as_str()), Some(ends[1].as_str()));
            }
            Error::NeedsCustomerRows { view } => d.name = Some(view),
            Error::PackOverlap { customers, day } => {
                (d.rows, d.value) = (Some(*customers), Some(day.as_str()));
            }
            _ => {}
        }
        d
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Empty => write!(f, "the file is empty"),
            Error::NoDataRows => write!(f, "the file has a header row but no data rows"),
            Error::NotText { looks_like } => {
                let looks_like = looks_like.code();
                write!(f, "the file is not a CSV/TSV text file (it looks like {looks_like})")
            }
            Error::MissingColumns { missing, header, .. } => write!(
                f,
                "no column found for {}; header seen: {}",
                missing.join(", "),
                header.join(" | ")
            ),
            Error::UnknownColumn { role, name } => {
                write!(f, "column \"{name}\" (for {role}) is not in the header")
            }
            Error::NoUsableRows { rows, reason, line, value } => {
                write!(f, "none of the {rows} rows gave a usable order")?;
                if let (Some(reason), Some(line)) = (reason, line) {
                    write!(f, " (most were {reason}, e.g. line {line}")?;
                    match value.as_deref() {
                        Some(v) if !v.is_empty() => write!(f, ": \"{v}\")")?,
                        _ => write!(f, ")")?,
                    }
                }
                Ok(())
            }
            Error::BadOptions(msg) => write!(f, "bad options: {msg}"),
            Error::NeedsOrders { view } => {
                write!(f, "the {view} needs order rows; this file holds per-customer summaries")
            }
            Error::BadParameter { name, reason } => write!(f, "bad parameter {name}: {reason}"),
            Error::NotIdentifiable { model, reason } => {
                write!(f, "the data cannot identify the {model} model: {reason}")
            }
            Error::BadPack { line, column, reason, value } => {
                write!(f, "not a valid LTV pack: line {line}, column {column}: {reason} ({value:?})")
            }
            Error::PackMismatch { what } => {
                write!(f, "the packs cannot be merged: their {what} differs")
            }
            Error::PackOverlap { customers, day } => write!(
                f,
                "the packs overlap: {customers} customers have a purchase day in two packs (e.g. {day})"
            ),
            Error::PackPeriods { ends } => write!(
                f,
                "aggregates-only packs of different periods (ends {} and {}) cannot be merged: \
                 a customer's acquisition would be wrong",
                ends[0], ends[1]
            ),
            Error::NeedsCustomerRows { view } => {
                write!(f, "the {view} needs customer rows; this pack holds aggregates only")
            }
            Error::NotConverged { model, iterations } => {
                write!(f, "fitting the {model} model did not converge in {iterations} iterations")
            }
        }
    }
}

impl std::error::Error for Error {}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
