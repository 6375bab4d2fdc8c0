//! The streaming importer: bytes in, chunk by chunk; customers' purchase days out.
//!
//! How this works: [`OrderReader::push`] takes the file in chunks of any size (the browser's
//! `File.stream()` decides them). The first [`SNIFF_LEN`] bytes are held back and given to
//! [`fn@sniff`] to find the encoding, delimiter, header row and column mapping. Then
//! `records` splits every byte into records (csv-core underneath) and hands each data row to
//! the `orders` assembler (or, for a per-customer summary file, to [`summary_file`]); blank
//! lines and repeated headers are dealt with here. [`OrderReader::finish`] builds the
//! [`Dataset`] and the [`ImportReport`].
//!
//! The parts, in the order a file meets them: [`mod@sniff`] (encoding, delimiter, header) with
//! [`columns`] (which header plays which role), `records` (bytes → records), `orders`
//! (records → orders) with [`status`] (cancelled? refunded?), [`summary_file`] (lifetimes-style
//! summary files), [`report`] (what the user is told).

mod batch;
pub mod columns;
mod orders;
mod records;
pub mod report;
pub mod sniff;
pub mod split;
pub mod status;
pub mod summary_file;

pub use batch::Batch;
pub use report::{
    AdjustmentColumn, Counts, CurrencyBasis, CustomerKey, FileKind, ImportReport, IssueKind,
    RowIssue, SubscriptionFound,
};
pub use status::{classify_status, StatusRule, StatusSeen};

use crate::dataset::{Dataset, DatasetBuilder};
use crate::date::format_day;
use crate::date::DayOrder;
use crate::encoding::TextEncoding;
use crate::summary::TimeUnit;
use crate::{Error, Result};
use columns::{role_list, AmountKind, Role};
use orders::{day_order_of, Carry, OrderAssembler};
use records::{Record, RecordReader};
use serde::Deserialize;
use sniff::{sniff, SniffOptions, Sniffed, SNIFF_LEN};
use std::collections::BTreeMap;
use summary_file::{SummaryFile, SummaryRows};

/// The caller's settings for an import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOptions {
    /// Encoding, delimiter and column choices (all detected when not given).
    pub sniff: SniffOptions,
    /// Day order of `a/b/yyyy` dates (detected from the data when not given).
    pub day_order: Option<DayOrder>,
    /// The shop's offset from UTC in minutes (540 = Asia/Tokyo): dates with an offset are moved
    /// to the shop's calendar day.
    pub shop_utc_offset_min: i32,
    /// The currency when the file does not say (ISO code, default `JPY`).
    pub currency: Option<String>,
    /// The file's size in bytes, when known: the order list is sized once from it (no doubling
    /// copies on files of millions of rows).
    pub size_hint: Option<u64>,
    /// The time unit of a per-customer summary file's recency and T (lifetimes writes days by
    /// default).
    pub summary_unit: TimeUnit,
    /// Keep orders dated far outside the rest of the file's (by default they are left out and
    /// reported as `suspiciousDate`).
    pub keep_suspicious_dates: bool,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            sniff: SniffOptions::default(),
            day_order: None,
            shop_utc_offset_min: 540,
            currency: None,
            size_hint: None,
            summary_unit: TimeUnit::Days,
            keep_suspicious_dates: false,
        }
    }
}

/// Import options as the JS API writes them (all optional; camelCase).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ImportRequest {
    /// `"auto"`, `"utf-8"`, `"shift_jis"` (also `"cp932"`, `"sjis"`), `"utf-16le"`, `"utf-16be"`.
    pub encoding: Option<String>,
    /// `","`, `"\t"`, `";"` or `"|"`.
    pub delimiter: Option<String>,
    /// Role → header text, e.g. `{customer: "会員ID"}`.
    pub columns: BTreeMap<String, String>,
    /// Columns added to or subtracted from the amount: header texts with a leading `+` or `-`,
    /// e.g. `["-店舗発行クーポン利用額"]`; absent: the platform's own rule, `[]`: none.
    pub amount_adjustments: Option<Vec<String>>,
    /// Day order of `a/b/yyyy` dates.
    pub day_order: Option<DayOrder>,
    /// The shop's offset from UTC in minutes (default 540, Asia/Tokyo).
    pub shop_utc_offset_minutes: Option<i32>,
    /// The currency when the file does not say.
    pub currency: Option<String>,
    /// The file's size in bytes.
    pub size_hint: Option<f64>,
    /// The time unit of a per-customer summary file (`"days"`, the lifetimes default, or
    /// `"weeks"`).
    pub summary_unit: Option<TimeUnit>,
    /// Keep orders dated far outside the rest (default: left out and reported).
    pub keep_suspicious_dates: Option<bool>,
    /// The file has no header row: the columns are named by position (`#1`, `#2`, …).
    pub no_header: Option<bool>,
}

impl ImportRequest {
    /// The options it asks for.
    ///
    /// ```
    /// use ltv::import::ImportRequest;
    /// let r = ImportRequest { encoding: Some("cp932".into()), ..Default::default() };
    /// assert_eq!(r.into_options().unwrap().sniff.encoding, Some(ltv::encoding::TextEncoding::ShiftJis));
    /// ```
    ///
    /// # Errors
    /// [`Error::BadOptions`] for an unknown encoding or delimiter, or a shop offset outside the
    /// Earth's time zones (UTC−12:00 to UTC+14:00).
    pub fn into_options(self) -> Result<ImportOptions> {
        let shop_utc_offset_min = self.shop_utc_offset_minutes.unwrap_or(540);
        if !(-720..=840).contains(&shop_utc_offset_min) {
            return Err(Error::BadOptions(format!(
                "shopUtcOffsetMinutes {shop_utc_offset_min} is not between -720 and 840"
            )));
        }
        let encoding = TextEncoding::from_label(self.encoding.as_deref().unwrap_or(""))
            .map_err(|e| Error::BadOptions(format!("unknown encoding {e}")))?;
        let delimiter = match self.delimiter.as_deref() {
            None | Some("" | "auto") => None,
            Some(d) if d.len() == 1 && matches!(d.as_bytes()[0], b',' | b'\t' | b';' | b'|') => {
                Some(d.as_bytes()[0])
            }
            Some(other) => return Err(Error::BadOptions(format!("unknown delimiter {other:?}"))),
        };
        Ok(ImportOptions {
            sniff: SniffOptions {
                encoding,
                delimiter,
                columns: columns::ColumnChoice {
                    by_role: self.columns,
                    adjustments: self.amount_adjustments,
                },
                no_header: self.no_header.unwrap_or(false),
            },
            day_order: self.day_order,
            shop_utc_offset_min,
            currency: self.currency.filter(|c| !c.is_empty()).map(|c| c.to_uppercase()),
            size_hint: self.size_hint.filter(|s| s.is_finite() && *s > 0.0).map(|s| s as u64),
            summary_unit: self.summary_unit.unwrap_or(TimeUnit::Days),
            keep_suspicious_dates: self.keep_suspicious_dates.unwrap_or(false),
        })
    }
}
/// The result of an import.
#[derive(Debug, Clone)]
pub struct Import {
    /// How the file was read.
    pub report: ImportReport,
    /// Customers and purchase days (empty for a summary file).
    pub dataset: Dataset,
    /// The rows of a per-customer summary file.
    pub summary_file: Option<SummaryFile>,
}

/// Streams an order file (or a per-customer summary file) into an [`Import`].
#[derive(Debug)]
pub struct OrderReader {
    options: ImportOptions,
    phase: Phase,
    bytes_in: u64,
    /// The files read before, when this is one of several.
    batch: Option<Box<Batch>>,
}

#[derive(Debug)]
enum Phase {
    /// Holding the first bytes back until there are enough to sniff.
    Sniffing(Vec<u8>),
    /// Reading records.
    Reading(Box<Reading>),
}

/// The reading phase: records go to the rows' consumer.
#[derive(Debug)]
struct Reading {
    sniffed: Sniffed,
    records: RecordReader,
    /// The header's cells as bytes, to recognise it when it comes again.
    header_cells: Vec<Vec<u8>>,
    header_line: u64,
    rows: Rows,
    counts: Counts,
    /// One byte range of a file read by several workers: which records are this range's.
    cut: Option<Box<split::Cut>>,
    /// A range after the first: no header row in it (a header text is a repeated header).
    in_range: bool,
}

/// Who takes the data rows (one per import, inside the boxed [`Reading`]: its size is no matter).
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
enum Rows {
    Orders(OrderAssembler),
    Summaries(SummaryRows),
}

impl Reading {
    fn new(sniffed: Sniffed, options: &ImportOptions, carry: Option<Carry>) -> Reading {
        let rows = match sniffed.summary {
            Some(cols) => Rows::Summaries(SummaryRows::new(cols, sniffed.encoding)),
            None => Rows::Orders(OrderAssembler::new(&sniffed, options, carry)),
        };
        Reading {
            records: RecordReader::new(sniffed.encoding, sniffed.delimiter, sniffed.bom_len),
            header_cells: if sniffed.has_header {
                // As the records hold them: a Shift_JIS file's rows are Shift_JIS bytes (UTF-16
                // is transcoded to UTF-8).
                let encoder = (sniffed.encoding == TextEncoding::ShiftJis)
                    .then(crate::encoding::sjis::ShiftJisEncoder::new);
                let raw = |h: &str| match &encoder {
                    Some(e) => {
                        let mut out = Vec::with_capacity(h.len());
                        e.encode_lossy(h, b'?', &mut out);
                        out
                    }
                    None => h.as_bytes().to_vec(),
                };
                sniffed.header.iter().map(|h| raw(h.trim())).collect()
            } else {
                Vec::new()
            },
            header_line: 0,
            rows,
            counts: Counts::default(),
            cut: None,
            in_range: false,
            sniffed,
        }
    }

    fn feed(&mut self, chunk: &[u8]) {
        self.read(Some(chunk));
    }

    fn finish(&mut self) {
        self.read(None);
        let Reading { records, rows, counts, cut, .. } = self;
        if let Rows::Orders(o) = rows {
            o.flush(counts);
        }
        let stopped = cut.as_ref().is_some_and(|c| c.stopped());
        if let Some(q) = records.unclosed_quote().filter(|_| !stopped) {
            // Every line from the record's start to the end of the file is one unread text.
            let lines = q.last - q.first + 1;
            counts.rows += lines;
            let value = format!("{}–{}", q.first, q.last);
            counts.issue(q.open, IssueKind::UnclosedQuote, &value, lines);
        }
    }

    /// Reads the records of `chunk` (`None`: the end of the file) and hands each to [`take`]: in
    /// one byte range of a file read by several workers, only the range's own records.
    fn read(&mut self, chunk: Option<&[u8]>) {
        let Reading { records, sniffed, header_cells, header_line, rows, counts, cut, in_range } =
            self;
        let header = (
            sniffed.header_record,
            sniffed.has_header && !*in_range,
            header_cells.as_slice(),
            sniffed.encoding,
        );
        let mut on_record = |r: Record<'_>| {
            if cut.as_deref_mut().is_none_or(|cut| cut.admit(&r)) {
                take(r, header, header_line, rows, counts);
            }
        };
        match chunk {
            Some(chunk) => records.feed(chunk, &mut on_record),
            None => records.finish(&mut on_record),
        }
    }
}

/// One record: above the header (a title: skipped), the header, a blank line, the header again
/// (files pasted together: reported), or a data row for `rows`. A file without a header row
/// has only data rows.
fn take(
    r: Record<'_>,
    (header_record, has_header, header_cells, encoding): (u64, bool, &[Vec<u8>], TextEncoding),
    header_line: &mut u64,
    rows: &mut Rows,
    counts: &mut Counts,
) {
    if has_header && r.index <= header_record {
        if r.index == header_record {
            *header_line = r.line;
        }
        return;
    }
    let f = &r.fields;
    if f.is_blank() {
        counts.blank_lines += 1;
        return;
    }
    counts.rows += 1;
    let same = |i: usize| {
        let cell = f.get(i);
        cell == header_cells[i] || trim_wide_spaces(cell, encoding) == header_cells[i]
    };
    if f.len() == header_cells.len() && (0..f.len()).all(same) {
        if let Rows::Orders(o) = rows {
            o.flush(counts);
        }
        return counts.issue(r.line, IssueKind::RepeatedHeader, "", 1);
    }
    match rows {
        Rows::Orders(o) => o.row(f, r.line, counts),
        Rows::Summaries(s) => s.row(f, r.line, counts),
    }
}

/// A cell without the spaces a spreadsheet leaves around text besides ASCII ones (the header
/// was trimmed of them when decoded): U+3000 and NBSP, in the bytes of the file's records.
fn trim_wide_spaces(mut cell: &[u8], encoding: TextEncoding) -> &[u8] {
    let spaces: &[&[u8]] = match encoding {
        TextEncoding::ShiftJis => &[b"\x81\x40"],
        _ => &["\u{3000}".as_bytes(), "\u{a0}".as_bytes()],
    };
    loop {
        let before = cell.len();
        cell = cell.trim_ascii();
        for s in spaces {
            cell = cell.strip_prefix(*s).unwrap_or(cell);
            cell = cell.strip_suffix(*s).unwrap_or(cell);
        }
        if cell.len() == before {
            return cell;
        }
    }
}

impl OrderReader {
    /// A reader with the given options.
    #[must_use]
    pub fn new(options: ImportOptions) -> OrderReader {
        OrderReader { options, phase: Phase::Sniffing(Vec::new()), bytes_in: 0, batch: None }
    }

    /// Consumes `chunk`; a record cut by the chunk's end is carried over to the next call.
    ///
    /// # Errors
    /// Only when the file cannot be read at all: [`Error::NotText`], [`Error::MissingColumns`],
    /// [`Error::UnknownColumn`] (reported as soon as the first [`SNIFF_LEN`] bytes are in).
    pub fn push(&mut self, chunk: &[u8]) -> Result<()> {
        self.bytes_in += chunk.len() as u64;
        match &mut self.phase {
            Phase::Reading(reading) => {
                reading.feed(chunk);
                Ok(())
            }
            Phase::Sniffing(buf) => {
                let before = buf.len();
                buf.extend_from_slice(chunk);
                // The window is looked for once the first SNIFF_LEN bytes are in, then each time
                // the bytes held double (a long header: not a scan of the whole buffer per chunk).
                let grew = before.checked_ilog2() < buf.len().checked_ilog2();
                if buf.len() >= SNIFF_LEN && grew && sniff::window(buf, false).is_some() {
                    let buf = std::mem::take(buf);
                    self.start(&buf, false)?;
                }
                Ok(())
            }
        }
    }

    fn start(&mut self, buf: &[u8], complete: bool) -> Result<()> {
        let w = sniff::window(buf, complete).unwrap_or(buf.len().min(SNIFF_LEN));
        let prefix = &buf[..w];
        let sniffed = sniff(prefix, complete && buf.len() == w, &self.options.sniff)?;
        let carry = match self.batch.as_mut() {
            Some(batch) => Some(batch.carry_for(&sniffed)?),
            None => None,
        };
        let mut reading = Box::new(Reading::new(sniffed, &self.options, carry));
        reading.feed(buf);
        if let (Some(size), Rows::Orders(o)) = (self.options.size_hint, &mut reading.rows) {
            // The orders still to come ≈ the bytes still to come × the orders of the bytes read
            // ÷ those bytes (line-item files have several rows an order); 2 % spare.
            let seen = o.builder.len() as u64 + 1;
            let rest = size.saturating_sub(buf.len() as u64);
            let orders = rest.saturating_mul(seen) / (buf.len() as u64).max(1);
            o.reserve((orders + orders / 50).min(1 << 28) as usize);
        }
        self.phase = Phase::Reading(reading);
        Ok(())
    }

    /// Bytes and data rows read so far.
    #[must_use]
    pub fn progress(&self) -> (u64, u64) {
        match &self.phase {
            Phase::Reading(reading) => (self.bytes_in, reading.counts.rows),
            Phase::Sniffing(_) => (self.bytes_in, 0),
        }
    }

    /// Ends the input and builds the dataset.
    ///
    /// # Errors
    /// The errors of [`OrderReader::push`], [`Error::Empty`], and [`Error::NoUsableRows`] when not
    /// one order could be used.
    pub fn finish(self) -> Result<Import> {
        Ok(self.finish_file()?.0.into_import())
    }

    /// Ends the input of one file (alone, or one of several: its batch comes back with it).
    pub(crate) fn finish_file(mut self) -> Result<(FileRead, Option<Box<Batch>>)> {
        if let Phase::Sniffing(buf) = &mut self.phase {
            let buf = std::mem::take(buf);
            self.start(&buf, true)?;
        }
        let Phase::Reading(mut reading) = self.phase else {
            return Err(Error::Empty);
        };
        reading.finish();
        let nothing = match &reading.rows {
            Rows::Orders(o) => o.builder.is_empty(),
            Rows::Summaries(s) => s.is_empty(),
        };
        if nothing {
            return Err(reading.counts.nothing_usable());
        }
        Ok((file_read(*reading, &self.options), self.batch))
    }
}

/// One file, once every row is read: its report (the customers, days and statuses of this
/// file alone) and what it adds to the dataset.
pub(crate) struct FileRead {
    pub report: ImportReport,
    /// The orders so far (this file's added), for a file of orders.
    pub builder: Option<DatasetBuilder>,
    pub summary_file: Option<SummaryFile>,
    /// Order numbers (salted by group) of this file.
    pub file_orders: Vec<u64>,
}

impl FileRead {
    /// The import of this file alone.
    fn into_import(self) -> Import {
        // The file's order numbers serve only a batch's next file: freed before the dataset is
        // built (left to the end of this function, they were held at the import's peak).
        let FileRead { mut report, builder, summary_file, file_orders } = self;
        drop(file_orders);
        let encoding = if builder.as_ref().is_some_and(|b| !b.aliases.is_empty()) {
            crate::encoding::TextEncoding::Utf8
        } else {
            report.encoding
        };
        let dataset = builder.unwrap_or_default().build(encoding);
        report.set_dataset_figures(&dataset);
        Import { report, dataset, summary_file }
    }
}

/// The report of one file and what it adds, once every row is read.
fn file_read(reading: Reading, options: &ImportOptions) -> FileRead {
    let Reading { sniffed: s, header_line, rows, mut counts, .. } = reading;
    let (assembled, summary_file) = match rows {
        Rows::Orders(o) => (Some(o.finish(&mut counts)), None),
        Rows::Summaries(r) => (None, Some(r.finish(options.summary_unit))),
    };
    let (day_order, day_order_assumed) = day_order_of(&s, options);
    let cents = assembled.as_ref().is_some_and(|a| a.amounts_have_cents);
    let file_currency = assembled.as_ref().and_then(|a| a.currency.clone());
    let (currency, currency_basis) = match (&options.currency, s.currency, file_currency) {
        (Some(c), ..) => (c.clone(), CurrencyBasis::Caller),
        (None, Some(c), _) => (c.to_owned(), CurrencyBasis::Symbol),
        (None, None, Some(c)) => (c, CurrencyBasis::Column),
        (None, None, None) if cents => ("USD".to_owned(), CurrencyBasis::Cents),
        (None, None, None) => ("JPY".to_owned(), CurrencyBasis::Default),
    };
    let days = assembled.as_ref().and_then(|a| a.days);
    let customers = match (&assembled, &summary_file) {
        (Some(a), _) => a.customers,
        (None, Some(f)) => f.rows.len() as u64,
        (None, None) => 0,
    };
    let subscription = s.map.get(Role::Subscription).map(|i| SubscriptionFound {
        kind: s.map.subscription_kind.unwrap_or(columns::SubscriptionKind::OrderKind),
        column: s.header.get(i).cloned().unwrap_or_default(),
        customers: 0,
        cycles: 0,
        numbered_cycles: 0,
    });
    let report = ImportReport {
        kind: if summary_file.is_some() { FileKind::CustomerSummary } else { FileKind::Orders },
        summary_unit: summary_file.as_ref().map(|f| f.unit),
        encoding: s.encoding,
        encoding_detected: !s.encoding_given,
        delimiter: (s.delimiter as char).to_string(),
        header_line,
        no_header: !s.has_header,
        header_looks_like_data: s.header_looks_like_data,
        mapping: s.map.assigned().map(|(r, i)| (r.name(), s.header[i].clone())).collect(),
        roles: role_list(),
        summary_mapping: s.summary.map(|c| c.mapping(&s.header)),
        amount_adjustments: AdjustmentColumn::of(&s.map.adjustments, &s.header),
        header: s.header,
        amount_kind: s.map.amount_kind.unwrap_or(AmountKind::OrderTotal),
        customer_key: if s.map.get(Role::Customer).is_some() {
            CustomerKey::CustomerId
        } else {
            CustomerKey::Email
        },
        sample: s.sample,
        customers,
        first_day: days.map(|r| format_day(r.0)),
        last_day: days.map(|r| format_day(r.1)),
        currency,
        currency_assumed: matches!(currency_basis, CurrencyBasis::Cents | CurrencyBasis::Default),
        currency_basis,
        mojibake: s.mojibake,
        day_order: s.day_order_matters.then_some(day_order),
        day_order_assumed,
        day_order_conflict: assembled.as_ref().is_some_and(|a| a.day_order_conflict),
        statuses: assembled.as_ref().map(|a| a.statuses.clone()).unwrap_or_default(),
        merged_repeats: 0,
        refund_only_customers: 0,
        merged_customers: 0,
        subscription,
        files: Vec::new(),
        counts,
    };
    let (builder, file_orders) = match assembled {
        Some(a) => (Some(a.builder), a.file_orders),
        None => (None, Vec::new()),
    };
    FileRead { report, builder, summary_file, file_orders }
}

/// Reads a whole file held in memory (tests, benchmarks, small inputs).
///
/// # Errors
/// As [`OrderReader::finish`].
pub fn import_bytes(bytes: &[u8], options: &ImportOptions) -> Result<Import> {
    let mut reader = OrderReader::new(options.clone());
    reader.push(bytes)?;
    reader.finish()
}

#[cfg(test)]
mod tests;
