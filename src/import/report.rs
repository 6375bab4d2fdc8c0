//! What the user is told about how a file was read: the [`ImportReport`], the rows not used
//! ([`RowIssue`], by [`IssueKind`]) and the [`Counts`] the readers keep.

use super::columns::{Adjustment, AmountKind, RoleInfo, Sign};
use super::status::StatusSeen;
use crate::date::DayOrder;
use crate::encoding::TextEncoding;
use crate::summary::TimeUnit;
use crate::Error;
use serde::Serialize;
use std::collections::BTreeMap;

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// How many problem rows are kept as examples (all are counted).
pub const MAX_ISSUE_SAMPLES: usize = 200;

/// Why a row was not used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, strum::EnumIter)]
#[serde(rename_all = "camelCase")]
pub enum IssueKind {
    /// The date cell is not a date.
    BadDate,
    /// The order has no date.
    MissingDate,
    /// The amount cell is not a number.
    BadAmount,
    /// The order has no amount.
    MissingAmount,
    /// The order has no customer key.
    MissingCustomer,
    /// The header row appears again (files pasted together).
    RepeatedHeader,
    /// A row carries the order number of an order of another customer.
    SharedOrderNumber,
    /// An order dated far outside the rest of the file's orders (a placeholder `1900-01-01`, a
    /// mistyped year): left out unless the caller keeps such dates.
    SuspiciousDate,
    /// A quoted field opens and the file ends inside it: the lines from its row to the end
    /// could not be read (the value says which: `first–last`).
    UnclosedQuote,
    /// The order was read already from an earlier file (counted once).
    DuplicateOrder,
    /// A totals line (合計, Total) without a date, as spreadsheets add at the bottom.
    TotalsRow,
    /// The order is in another currency than the file's main one.
    OtherCurrency,
    /// The order was cancelled, voided or failed (excluded by rule).
    Cancelled,
    /// The order was refunded in full or returned (excluded by rule).
    Refunded,
    /// A per-customer summary row with a missing, non-numeric or contradictory number.
    BadSummary,
    /// A per-customer summary row for a customer already read.
    DuplicateCustomer,
}

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, strum::EnumIter)]
#[serde(rename_all = "camelCase")]
pub enum FileKind {
    /// Order rows (the usual export).
    Orders,
    /// One row per customer with frequency, recency, T (and monetary value), aggregated
    /// elsewhere: only the forecast can use it.
    CustomerSummary,
}

/// A row that was not used, with where and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RowIssue {
    /// Which file, when several were read (0: the first).
    #[serde(skip_serializing_if = "is_zero")]
    pub file: u32,
    /// The line in the file (1-based) where the row starts.
    pub line: u64,
    /// Why it was not used.
    pub kind: IssueKind,
    /// The offending cell (shortened), when there is one.
    pub value: String,
}

impl IssueKind {
    /// The stable code of an issue kind (its serialised name), e.g. `"badDate"`.
    ///
    /// ```
    /// assert_eq!(ltv::import::IssueKind::TotalsRow.code(), "totalsRow");
    /// ```
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            IssueKind::BadDate => "badDate",
            IssueKind::MissingDate => "missingDate",
            IssueKind::BadAmount => "badAmount",
            IssueKind::MissingAmount => "missingAmount",
            IssueKind::MissingCustomer => "missingCustomer",
            IssueKind::RepeatedHeader => "repeatedHeader",
            IssueKind::SharedOrderNumber => "sharedOrderNumber",
            IssueKind::UnclosedQuote => "unclosedQuote",
            IssueKind::SuspiciousDate => "suspiciousDate",
            IssueKind::DuplicateOrder => "duplicateOrder",
            IssueKind::TotalsRow => "totalsRow",
            IssueKind::OtherCurrency => "otherCurrency",
            IssueKind::Cancelled => "cancelled",
            IssueKind::Refunded => "refunded",
            IssueKind::BadSummary => "badSummary",
            IssueKind::DuplicateCustomer => "duplicateCustomer",
        }
    }
}

/// An adjustment of the amount, by header text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdjustmentColumn {
    /// Added or subtracted.
    pub sign: Sign,
    /// The header text of the column.
    pub column: String,
}

impl AdjustmentColumn {
    /// The adjustments of a column map, with their header texts.
    pub(crate) fn of(adjustments: &[Adjustment], header: &[String]) -> Vec<AdjustmentColumn> {
        adjustments
            .iter()
            .filter_map(|a| {
                Some(AdjustmentColumn { sign: a.sign, column: header.get(a.column)?.clone() })
            })
            .collect()
    }
}

/// Where the file's currency comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, strum::EnumIter)]
#[serde(rename_all = "camelCase")]
pub enum CurrencyBasis {
    /// The caller's choice (the import check's currency select).
    Caller,
    /// The amounts' sign (`$`, `€`, `¥`, `円`).
    Symbol,
    /// The file's currency column.
    Column,
    /// Not said: a fifth or more of the amounts have cents, so they are not yen (assumed US
    /// dollars).
    Cents,
    /// Not said and whole amounts: yen.
    Default,
}

/// Which column the customers were told apart by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, strum::EnumIter)]
#[serde(rename_all = "camelCase")]
pub enum CustomerKey {
    /// The shop's customer number.
    CustomerId,
    /// The e-mail address (trimmed, lower-cased).
    Email,
}

/// What was counted while reading: rows, orders and the rows not used (by reason, with
/// examples). The order assembler and the summary-file reader add to it; the report shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    /// Data rows read below the header (blank lines not counted).
    pub rows: u64,
    /// Blank lines skipped.
    pub blank_lines: u64,
    /// Orders kept (customers, for a summary file).
    pub orders: u64,
    /// Rows that were a further line item of an order already started.
    pub line_item_rows: u64,
    /// Rows with a negative amount, counted as refunds (not orders).
    pub refund_rows: u64,
    /// Orders keyed by e-mail because their customer number was blank.
    pub email_fallback_orders: u64,
    /// Refund rows moved to the day of their order (same order number).
    pub refunds_moved_to_their_order: u64,
    /// Rows dated far outside the rest of the orders that were kept, as the caller asked
    /// (otherwise they are left out as `suspiciousDate`).
    pub suspicious_dates_kept: u64,
    /// Rows not used, by reason.
    pub skipped: BTreeMap<IssueKind, u64>,
    /// Examples of rows not used (the first [`MAX_ISSUE_SAMPLES`]).
    pub issues: Vec<RowIssue>,
}

impl Counts {
    /// Counts `rows` rows not used for `kind`; the first [`MAX_ISSUE_SAMPLES`] are kept as
    /// examples with their line and the offending cell (shortened).
    pub(crate) fn issue(&mut self, line: u64, kind: IssueKind, value: &str, rows: u64) {
        *self.skipped.entry(kind).or_default() += rows;
        if self.issues.len() < MAX_ISSUE_SAMPLES {
            let value: String = value.chars().take(60).collect();
            self.issues.push(RowIssue { file: 0, line, kind, value });
        }
    }

    /// Adds another file's counts to these; its examples follow these while there is room.
    pub(crate) fn add(&mut self, other: &Counts) {
        // Every field by name: a new counter cannot be forgotten here.
        let Counts {
            rows,
            blank_lines,
            orders,
            line_item_rows,
            refund_rows,
            email_fallback_orders,
            refunds_moved_to_their_order,
            suspicious_dates_kept,
            skipped,
            issues,
        } = other;
        self.rows += rows;
        self.blank_lines += blank_lines;
        self.orders += orders;
        self.line_item_rows += line_item_rows;
        self.refund_rows += refund_rows;
        self.email_fallback_orders += email_fallback_orders;
        self.refunds_moved_to_their_order += refunds_moved_to_their_order;
        self.suspicious_dates_kept += suspicious_dates_kept;
        for (kind, n) in skipped {
            *self.skipped.entry(*kind).or_default() += n;
        }
        let room = MAX_ISSUE_SAMPLES.saturating_sub(self.issues.len());
        self.issues.extend(issues.iter().take(room).cloned());
    }

    /// The error for a file of which nothing could be used: no data row, or no usable row with the
    /// most frequent reason and an example.
    pub(crate) fn nothing_usable(&self) -> Error {
        if self.rows == 0 {
            // The header was found (else the sniffer said so): rows are what is missing.
            return Error::NoDataRows;
        }
        let reason = self.skipped.iter().max_by_key(|(_, n)| **n).map(|(k, _)| *k);
        let example = reason.and_then(|k| self.issues.iter().find(|i| i.kind == k));
        Error::NoUsableRows {
            rows: self.rows,
            reason: reason.map(IssueKind::code),
            line: example.map(|e| e.line),
            value: example.map(|e| e.value.clone()),
        }
    }
}

/// The 定期 (subscription) orders the file marks, and by which rule (shown on the import check).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionFound {
    /// The rule: the column holds cycle numbers, subscription numbers, or order kinds.
    pub kind: super::columns::SubscriptionKind,
    /// The column's header.
    pub column: String,
    /// Customers with at least one 定期 purchase day.
    pub customers: u64,
    /// 定期 purchase days (cycles; cancelled and skipped ones are not orders).
    pub cycles: u64,
    /// Of those, cycles whose number the file gives.
    pub numbered_cycles: u64,
}

/// Everything the user should know about how the file was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    /// Orders, or per-customer summaries.
    pub kind: FileKind,
    /// The time unit of a summary file's recency and T.
    pub summary_unit: Option<TimeUnit>,
    /// Encoding used.
    pub encoding: TextEncoding,
    /// Whether it was detected (false: chosen by the caller).
    pub encoding_detected: bool,
    /// The delimiter, as text (`","`, `"\t"`, `";"`).
    pub delimiter: String,
    /// The line of the header row (1-based).
    pub header_line: u64,
    /// The caller said the file has no header row: the columns are named by position.
    pub no_header: bool,
    /// The header row looks like data (dates, e-mails, numbers in it): the file may have no
    /// header row (read it again with `noHeader`).
    pub header_looks_like_data: bool,
    /// The header cells.
    pub header: Vec<String>,
    /// Role → header text of the chosen column.
    pub mapping: BTreeMap<&'static str, String>,
    /// Every role with whether it is needed, in the order the import check lists them.
    pub roles: Vec<RoleInfo>,
    /// A summary file's columns (`customer`, `frequency`, `recency`, `t`, `monetary`, in this
    /// order), each with the header text it was read from.
    pub summary_mapping: Option<Vec<super::summary_file::SummaryColumn>>,
    /// How amounts of one order's rows were combined.
    pub amount_kind: AmountKind,
    /// Columns added to the amount or subtracted from it (売上 = amount ± these).
    pub amount_adjustments: Vec<AdjustmentColumn>,
    /// The customer key used.
    pub customer_key: CustomerKey,
    /// The first data rows, to show next to the mapping.
    pub sample: Vec<Vec<String>>,
    /// Rows read, orders kept and rows not used, by reason.
    #[serde(flatten)]
    pub counts: Counts,
    /// Customers found.
    pub customers: u64,
    /// First and last order day (ISO), when there are orders.
    pub first_day: Option<String>,
    /// Last order day (ISO).
    pub last_day: Option<String>,
    /// Currency (ISO code).
    pub currency: String,
    /// True when the file does not say: the currency was guessed from the amounts' cents, or
    /// is the default (yen); the user should confirm it.
    pub currency_assumed: bool,
    /// Where the currency comes from.
    pub currency_basis: CurrencyBasis,
    /// The header looks garbled (文字化け): the file was probably re-saved in the wrong encoding.
    pub mojibake: bool,
    /// The day order used for `a/b/yyyy` dates, when the file has such dates.
    pub day_order: Option<DayOrder>,
    /// True when the data could not decide the day order (the user should confirm it).
    pub day_order_assumed: bool,
    /// True when a later row contradicts the assumed day order (import again with the other).
    pub day_order_conflict: bool,
    /// Status values seen and the rule applied to each.
    pub statuses: Vec<StatusSeen>,
    /// Order numbers found again further down the file (merged into one order).
    pub merged_repeats: u64,
    /// Customers left out because the file holds only refunds for them.
    pub refund_only_customers: u64,
    /// Customers found under two keys in several files (a customer number in one, the e-mail
    /// or phone in another) and counted once.
    pub merged_customers: u64,
    /// The 定期 orders found through the subscription column, when the file has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subscription: Option<SubscriptionFound>,
    /// Several files: each file's own report (its rows, orders, skipped lines, mapping).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<ImportReport>,
}

impl ImportReport {
    /// Takes the figures that only the whole dataset knows (customers, days, merges).
    pub(crate) fn set_dataset_figures(&mut self, dataset: &crate::dataset::Dataset) {
        if self.kind == FileKind::CustomerSummary {
            return;
        }
        let range = dataset.day_range();
        self.customers = dataset.customers() as u64;
        self.first_day = range.map(|r| crate::date::format_day(r.0));
        self.last_day = range.map(|r| crate::date::format_day(r.1));
        self.merged_repeats = dataset.merged_repeats;
        self.refund_only_customers = dataset.refund_only_customers;
        self.merged_customers = dataset.merged_customers;
        if let (Some(found), Some(cycles)) =
            (self.subscription.as_mut(), dataset.subscription.as_ref())
        {
            found.cycles = cycles.iter().filter(|c| c.is_subscription()).count() as u64;
            found.numbered_cycles = cycles.iter().filter(|c| c.number().is_some()).count() as u64;
            found.customers = (0..dataset.customers())
                .filter(|&c| {
                    dataset.cycles_of(c).is_some_and(|v| v.iter().any(|x| x.is_subscription()))
                })
                .count() as u64;
        }
    }
}
