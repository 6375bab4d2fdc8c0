//! The streaming order importer: bytes in, chunk by chunk; customers' purchase days out.
//!
//! How this works: [`OrderReader::push`] takes the file in chunks of any size (the browser's
//! `File.stream()` decides them). The first [`SNIFF_LEN`] bytes are held back and given to
//! [`crate::sniff`] to find the encoding, delimiter, header row and column mapping; then every
//! byte goes through csv-core, record by record. Rows sharing an order number are the line items
//! of one order (blank cells on continuation rows are "not given", never zero); when the order is
//! complete it is checked (cancelled? date? amount? customer?) and kept as a [`RawOrder`] or
//! reported as a [`RowIssue`] with its line number. [`OrderReader::finish`] builds the
//! [`Dataset`].
//!
//! Advice for hackers: csv-core reports a record when it has consumed its terminator, so the line
//! a record started on is computed from `line()` minus the newlines inside it (see
//! [`Body::take_record`]). Chunk boundaries must never change anything: the tests feed every file
//! in every chunk size.

use crate::aggregated::{parse_summary_row, SummaryColumns};
use crate::columns::{role_list, AmountKind, Role, RoleInfo};
use crate::dataset::{Dataset, Parts, Purchase, NO_CHANNEL};
use crate::date::{day_order_evidence, parse_stamp, parse_time, DateError, Day, DayOrder};
use crate::encoding::TextEncoding;
use crate::intern::{fingerprint, Strings};
use crate::money::{parse_amount, Money};
use crate::sniff::{sniff, SniffOptions, Sniffed, SNIFF_LEN};
use crate::summary::{CustomerSummary, TimeUnit};
use crate::{Error, Result};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// How many problem rows are kept as examples (all are counted).
pub const MAX_ISSUE_SAMPLES: usize = 200;
/// Distinct channels kept by name; the rest are counted under the last one.
const MAX_CHANNELS: usize = 1000;

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
        }
    }
}

/// Why a row was not used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
    /// The line in the file (1-based) where the row starts.
    pub line: u64,
    /// Why it was not used.
    pub kind: IssueKind,
    /// The offending cell (shortened), when there is one.
    pub value: String,
}

/// How a status value was treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum StatusRule {
    /// Orders with this status count.
    Kept,
    /// Cancelled / voided / failed: excluded.
    Excluded,
    /// Returned or refunded in full: excluded.
    Refunded,
}

/// One status value seen in the file and what was done with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusSeen {
    /// The status text as in the file.
    pub value: String,
    /// What was done with its orders.
    pub rule: StatusRule,
    /// How many orders had it.
    pub orders: u64,
}

/// Which column the customers were told apart by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum CustomerKey {
    /// The shop's customer number.
    CustomerId,
    /// The e-mail address (trimmed, lower-cased).
    Email,
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
    /// The header cells.
    pub header: Vec<String>,
    /// Role → header text of the chosen column.
    pub mapping: BTreeMap<&'static str, String>,
    /// Every role with whether it is needed, in the order the import check lists them.
    pub roles: Vec<RoleInfo>,
    /// A summary file's columns: `customer`, `frequency`, `recency`, `t`, `monetary` → header
    /// text.
    pub summary_mapping: Option<BTreeMap<&'static str, String>>,
    /// How amounts of one order's rows were combined.
    pub amount_kind: AmountKind,
    /// The customer key used.
    pub customer_key: CustomerKey,
    /// Orders keyed by e-mail because their customer number was blank.
    pub email_fallback_orders: u64,
    /// The first data rows, to show next to the mapping.
    pub sample: Vec<Vec<String>>,
    /// Data rows read below the header (blank lines not counted).
    pub rows: u64,
    /// Blank lines skipped.
    pub blank_lines: u64,
    /// Orders kept.
    pub orders: u64,
    /// Rows that were a further line item of an order already started.
    pub line_item_rows: u64,
    /// Rows with a negative amount, counted as refunds (not orders).
    pub refund_rows: u64,
    /// Customers found.
    pub customers: u64,
    /// First and last order day (ISO), when there are orders.
    pub first_day: Option<String>,
    /// Last order day (ISO).
    pub last_day: Option<String>,
    /// Currency (ISO code).
    pub currency: String,
    /// True when the file does not say and the default was used.
    pub currency_assumed: bool,
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
    /// Rows not used, by reason.
    pub skipped: BTreeMap<IssueKind, u64>,
    /// Examples of rows not used (the first [`MAX_ISSUE_SAMPLES`]).
    pub issues: Vec<RowIssue>,
}

/// The result of an import.
#[derive(Debug, Clone)]
pub struct Import {
    /// How the file was read.
    pub report: ImportReport,
    /// Customers and purchase days (empty for a summary file).
    pub dataset: Dataset,
    /// The rows of a per-customer summary file.
    pub aggregated: Option<Aggregated>,
}

/// The customers of a per-customer summary file.
#[derive(Debug, Clone)]
pub struct Aggregated {
    encoding: TextEncoding,
    keys: Strings,
    /// The summaries, in file order, in the file's time unit.
    pub rows: Vec<CustomerSummary>,
    /// Their time unit.
    pub unit: TimeUnit,
}

impl Aggregated {
    /// Customer `i`'s key.
    #[must_use]
    pub fn key(&self, i: usize) -> std::borrow::Cow<'_, str> {
        self.encoding.decode_cell(self.keys.get(i as u32))
    }
}

/// Streams an order file into a [`Dataset`].
#[derive(Debug)]
pub struct OrderReader {
    options: ImportOptions,
    phase: Phase,
    bytes_in: u64,
}

#[derive(Debug)]
enum Phase {
    /// Holding the first bytes back until there are enough to sniff.
    Sniffing(Vec<u8>),
    /// Reading records.
    Reading(Box<Body>),
}

impl OrderReader {
    /// A reader with the given options.
    #[must_use]
    pub fn new(options: ImportOptions) -> OrderReader {
        OrderReader { options, phase: Phase::Sniffing(Vec::new()), bytes_in: 0 }
    }

    /// Consumes `chunk`; a record cut by the chunk's end is carried over to the next call.
    ///
    /// # Errors
    /// Only when the file cannot be read at all: [`Error::NotText`], [`Error::MissingColumns`],
    /// [`Error::UnknownColumn`] (reported as soon as the first [`SNIFF_LEN`] bytes are in).
    pub fn push(&mut self, chunk: &[u8]) -> Result<()> {
        self.bytes_in += chunk.len() as u64;
        match &mut self.phase {
            Phase::Reading(body) => {
                body.feed(chunk);
                Ok(())
            }
            Phase::Sniffing(buf) => {
                buf.extend_from_slice(chunk);
                if buf.len() >= SNIFF_LEN {
                    let buf = std::mem::take(buf);
                    self.start(&buf, false)?;
                }
                Ok(())
            }
        }
    }

    fn start(&mut self, buf: &[u8], complete: bool) -> Result<()> {
        let prefix = &buf[..buf.len().min(SNIFF_LEN)];
        let sniffed = sniff(prefix, complete && buf.len() <= SNIFF_LEN, &self.options.sniff)?;
        let mut body = Box::new(Body::new(sniffed, &self.options));
        if let Some(size) = self.options.size_hint {
            // Rows ≈ size ÷ bytes per line of the first chunk; 2 % spare.
            let lines = prefix.iter().filter(|b| **b == b'\n').count().max(1) as u64;
            let rows = size / (prefix.len() as u64 / lines).max(1);
            body.sink.orders.reserve_exact((rows + rows / 50).min(1 << 28) as usize);
        }
        body.feed(buf);
        self.phase = Phase::Reading(body);
        Ok(())
    }

    /// Bytes and data rows read so far.
    #[must_use]
    pub fn progress(&self) -> (u64, u64) {
        match &self.phase {
            Phase::Reading(body) => (self.bytes_in, body.sink.rows),
            Phase::Sniffing(_) => (self.bytes_in, 0),
        }
    }

    /// Ends the input and builds the dataset.
    ///
    /// # Errors
    /// The errors of [`OrderReader::push`], [`Error::Empty`], and [`Error::NoUsableRows`] when not
    /// one order could be used.
    pub fn finish(mut self) -> Result<Import> {
        if let Phase::Sniffing(buf) = &mut self.phase {
            let buf = std::mem::take(buf);
            self.start(&buf, true)?;
        }
        let Phase::Reading(mut body) = self.phase else {
            return Err(Error::Empty);
        };
        body.feed_end();
        body.sink.into_import()
    }
}

/// The reading phase: csv-core plus the row logic.
#[derive(Debug)]
struct Body {
    csv: csv_core::Reader,
    out: Vec<u8>,
    ends: Vec<usize>,
    n_out: usize,
    n_ends: usize,
    /// BOM bytes still to skip.
    skip: usize,
    /// UTF-16 → UTF-8 transcoder.
    transcoder: Option<encoding_rs::Decoder>,
    utf8: String,
    header_record: u64,
    records: u64,
    /// The delimiter (for the quote-free fast path).
    delimiter: u8,
    /// csv-core is between records: the fast path may take the next lines.
    at_record_start: bool,
    /// The last record ended at a `\r`: the next byte goes to csv-core (a `\n` to skip).
    after_cr: bool,
    /// Field ends of a fast-path line.
    fast_ends: Vec<usize>,
    sink: RowSink,
}

impl Body {
    fn new(sniffed: Sniffed, options: &ImportOptions) -> Body {
        let transcoder = sniffed
            .encoding
            .needs_transcoding()
            .then(|| sniffed.encoding.codec().new_decoder_without_bom_handling());
        Body {
            csv: csv_core::ReaderBuilder::new().delimiter(sniffed.delimiter).build(),
            out: vec![0; 1024],
            ends: vec![0; 64],
            n_out: 0,
            n_ends: 0,
            skip: sniffed.bom_len,
            transcoder,
            utf8: String::new(),
            header_record: sniffed.header_record,
            records: 0,
            delimiter: sniffed.delimiter,
            at_record_start: true,
            after_cr: false,
            fast_ends: Vec::with_capacity(64),
            sink: RowSink::new(sniffed, options),
        }
    }

    fn feed(&mut self, mut chunk: &[u8]) {
        if self.skip > 0 {
            let n = self.skip.min(chunk.len());
            self.skip -= n;
            chunk = &chunk[n..];
        }
        match self.transcoder.as_mut() {
            None => self.parse(chunk),
            Some(dec) => {
                let mut utf8 = std::mem::take(&mut self.utf8);
                utf8.clear();
                let mut rest = chunk;
                loop {
                    utf8.reserve(
                        dec.max_utf8_buffer_length(rest.len()).unwrap_or(rest.len() * 3 + 16),
                    );
                    let (res, read, _) = dec.decode_to_string(rest, &mut utf8, false);
                    rest = &rest[read..];
                    if res == encoding_rs::CoderResult::InputEmpty {
                        break;
                    }
                }
                self.parse(utf8.as_bytes());
                self.utf8 = utf8;
            }
        }
    }

    fn feed_end(&mut self) {
        if let Some(mut dec) = self.transcoder.take() {
            let mut tail = String::with_capacity(16);
            let _ = dec.decode_to_string(&[], &mut tail, true);
            self.parse(tail.as_bytes());
        }
        // An empty slice tells csv-core the input is over: a last line without `\n` is a record.
        self.parse(&[]);
        self.sink.flush();
    }

    fn parse(&mut self, mut input: &[u8]) {
        use csv_core::ReadRecordResult::*;
        let at_end = input.is_empty();
        loop {
            if self.at_record_start && !at_end {
                let taken = self.fast_lines(input);
                input = &input[taken..];
                if input.is_empty() {
                    return;
                }
                self.at_record_start = false;
            }
            // After a record that ended at `\r`, one byte goes to csv-core: a `\n` completes the
            // CRLF; anything else starts the next record there.
            let step = if self.after_cr { &input[..input.len().min(1)] } else { input };
            let (res, n_in, n_out, n_ends) = self.csv.read_record(
                step,
                &mut self.out[self.n_out..],
                &mut self.ends[self.n_ends..],
            );
            if self.after_cr && n_in > 0 {
                self.after_cr = false;
                if input[0] == b'\n' {
                    self.at_record_start = true;
                }
            }
            let consumed = &input[..n_in];
            input = &input[n_in..];
            self.n_out += n_out;
            self.n_ends += n_ends;
            match res {
                InputEmpty if !at_end && input.is_empty() => return,
                InputEmpty if !at_end => {}
                InputEmpty => {} // at the end csv-core wants to be called again with `&[]`
                End => return,
                OutputFull => self.out.resize(self.out.len() * 2, 0),
                OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                Record => {
                    let ended_by_lf = consumed.last() == Some(&b'\n');
                    self.take_record(ended_by_lf);
                    (self.n_out, self.n_ends) = (0, 0);
                    self.at_record_start = ended_by_lf;
                    self.after_cr = consumed.last() == Some(&b'\r');
                }
            }
        }
    }

    /// The fast path: complete lines without any quote are split here, without csv-core (which
    /// would copy every byte); csv-core takes over at the first line with a `"`, a lone `\r`, or
    /// a line cut by the chunk's end. Both give the same fields, so chunking changes nothing.
    /// Returns the bytes consumed.
    fn fast_lines(&mut self, input: &[u8]) -> usize {
        let delim = self.delimiter;
        let mut pos = 0;
        let mut lines = 0u64;
        'lines: loop {
            self.fast_ends.clear();
            let start = pos;
            let mut i = pos;
            let end = loop {
                // Skip eight ordinary bytes at a time; stop at the first special one.
                i += special_byte(input, i, delim);
                let Some(&b) = input.get(i) else { break 'lines };
                if b == delim {
                    self.fast_ends.push(i - start);
                } else if b == b'\n' {
                    break i;
                } else if b == b'"' || (b == b'\r' && input.get(i + 1) != Some(&b'\n')) {
                    break 'lines;
                } else if b == b'\r' {
                    i += 1;
                    break i - 1;
                }
                i += 1;
            };
            pos = i + 1;
            let line_no = self.csv.line() + lines;
            lines += 1;
            if end == start {
                continue; // an empty line: csv-core skips these too
            }
            self.fast_ends.push(end - start);
            let record = self.records;
            self.records += 1;
            if record < self.header_record {
                continue;
            }
            if record == self.header_record {
                self.sink.header_line = line_no;
                continue;
            }
            let fields = Fields { data: &input[start..end], ends: &self.fast_ends, sep: 1 };
            self.sink.row(&fields, line_no);
        }
        self.csv.set_line(self.csv.line() + lines);
        pos
    }

    /// Handles one complete record in `out[..n_out]` / `ends[..n_ends]`.
    fn take_record(&mut self, ended_by_lf: bool) {
        let record = self.records;
        self.records += 1;
        if record < self.header_record {
            return; // a title or notes above the header
        }
        let data = &self.out[..self.n_out];
        // `line()` counts every `\n` consumed so far: remove the ones inside the record and the
        // terminator (a CRLF record ends at its `\r`, so its `\n` is not counted yet).
        let inner = count_newlines(data);
        let line = self.csv.line() - inner - u64::from(ended_by_lf);
        if record == self.header_record {
            self.sink.header_line = line;
            return;
        }
        let fields = Fields { data, ends: &self.ends[..self.n_ends], sep: 0 };
        self.sink.row(&fields, line);
    }
}

/// 0x80 in the lowest zero byte of `x` (bytes above it may be flagged wrongly by the borrow;
/// only the lowest flag is used).
fn zero_bytes(x: u64) -> u64 {
    x.wrapping_sub(0x0101_0101_0101_0101) & !x & 0x8080_8080_8080_8080
}

/// How many bytes from `at` can be skipped before a delimiter, `"`, `\r` or `\n` (or the last
/// few bytes, which the caller reads one by one): eight bytes per step, as a CSV line is mostly
/// ordinary bytes.
fn special_byte(input: &[u8], at: usize, delim: u8) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let (d, q, cr, lf) = (ONES * u64::from(delim), ONES * 0x22, ONES * 0x0D, ONES * 0x0A);
    let mut i = at;
    while let Some(w) = input.get(i..i + 8) {
        let x = u64::from_le_bytes(w.try_into().unwrap_or([0; 8]));
        let m = zero_bytes(x ^ d) | zero_bytes(x ^ q) | zero_bytes(x ^ cr) | zero_bytes(x ^ lf);
        if m != 0 {
            return i - at + (m.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    i - at
}

/// `\n` bytes in `data`, eight at a time (SWAR: a zero byte of `word ^ 0x0A…0A` marks one);
/// most records have none, and this runs for every record.
fn count_newlines(data: &[u8]) -> u64 {
    const LF: u64 = 0x0A0A_0A0A_0A0A_0A0A;
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut words = data.chunks_exact(8);
    let mut n = 0;
    for w in &mut words {
        let x = u64::from_le_bytes(w.try_into().unwrap_or([0; 8])) ^ LF;
        if x.wrapping_sub(LOW) & !x & HIGH != 0 {
            n += w.iter().filter(|b| **b == b'\n').count() as u64;
        }
    }
    n + words.remainder().iter().filter(|b| **b == b'\n').count() as u64
}

/// The cells of one record.
struct Fields<'a> {
    data: &'a [u8],
    ends: &'a [usize],
    /// Bytes between fields: 0 in csv-core's output, 1 (the delimiter) in a raw line.
    sep: usize,
}

impl Fields<'_> {
    /// Cell `i`, trimmed of spaces; empty when the row is shorter.
    fn get(&self, i: usize) -> &[u8] {
        let Some(&end) = self.ends.get(i) else { return &[] };
        let start = if i == 0 { 0 } else { self.ends[i - 1] + self.sep };
        self.data[start..end].trim_ascii()
    }

    fn is_blank(&self) -> bool {
        (0..self.len()).all(|i| self.get(i).is_empty())
    }

    fn len(&self) -> usize {
        self.ends.len()
    }
}

/// An order being assembled from its rows.
#[derive(Debug, Default)]
struct Pending {
    line: u64,
    rows: u64,
    customer: Option<u32>,
    by_email: bool,
    day: Option<Day>,
    amount: Option<Decimal>,
    refund: Option<Decimal>,
    profit: Option<Decimal>,
    cost: Option<Decimal>,
    /// Index into the status table.
    status: Option<u32>,
    cancelled_at: bool,
    channel: Option<u16>,
    other_currency: Option<String>,
    /// A bad cell was already reported (with this reason): the order is dropped.
    broken: Option<IssueKind>,
}

/// The row logic: columns, per-order assembly, checks and the report's counters.
#[derive(Debug)]
struct RowSink {
    encoding: TextEncoding,
    sniffed_header: Vec<String>,
    header_raw: Vec<Vec<u8>>,
    mapping: BTreeMap<&'static str, String>,
    sample: Vec<Vec<String>>,
    col: [Option<usize>; 15],
    amount_kind: AmountKind,
    amount_has_sentinel: bool,
    date_is_utc: bool,
    /// The last `YYYY-MM-DD` read and its day: rows of a date-sorted file repeat it.
    last_date: ([u8; 10], Day),
    day_order: DayOrder,
    day_order_used: Option<DayOrder>,
    day_order_assumed: bool,
    day_order_conflict: bool,
    shop_offset: i32,
    currency: Option<String>,
    currency_assumed: bool,
    mojibake: bool,
    encoding_detected: bool,
    delimiter: u8,
    header_line: u64,

    pending: Option<Pending>,
    pending_id: Vec<u8>,
    seq: u32,
    orders: Vec<Purchase>,
    parts: Parts,
    statuses: StatusTable,
    /// A per-customer summary file: its columns, rows and unit.
    summary: Option<SummaryColumns>,
    summaries: Vec<CustomerSummary>,
    summary_unit: TimeUnit,
    /// A reusable buffer for lower-casing e-mails.
    email_buf: Vec<u8>,

    rows: u64,
    blank_lines: u64,
    kept: u64,
    line_item_rows: u64,
    refund_rows: u64,
    email_fallback_orders: u64,
    skipped: BTreeMap<IssueKind, u64>,
    issues: Vec<RowIssue>,
}

fn idx(role: Role) -> usize {
    role.index()
}

impl RowSink {
    fn new(s: Sniffed, options: &ImportOptions) -> RowSink {
        let mut col = [None; 15];
        for role in Role::ALL {
            col[idx(role)] = s.map.get(role);
        }
        let mapping = s.map.assigned().map(|(r, i)| (r.name(), s.header[i].clone())).collect();
        let raw_header =
            |i: Option<usize>| i.and_then(|i| s.header.get(i)).map(|h| h.to_lowercase());
        let date_header = raw_header(s.map.get(Role::Date)).unwrap_or_default();
        let amount_header = raw_header(s.map.get(Role::Amount)).unwrap_or_default();
        let (day_order, assumed) = match (options.day_order, s.day_order) {
            (Some(o), _) => (o, false),
            (None, Some(o)) => (o, false),
            (None, None) => (DayOrder::MonthFirst, s.day_order_matters),
        };
        // The caller's currency, else the amounts' sign (a currency column overrides both).
        let currency = options.currency.clone().or(s.currency.map(str::to_owned));
        let mut parts = Parts {
            sum_repeats: s.map.amount_kind != Some(AmountKind::OrderTotal),
            ..Parts::default()
        };
        if s.map.get(Role::Customer).is_some() && s.map.get(Role::Email).is_some() {
            parts.emails = Some(Strings::default());
        }
        if s.map.get(Role::Channel).is_some() {
            parts.channel = Some(Vec::new());
        }
        if s.map.get(Role::Profit).is_some() || s.map.get(Role::Cost).is_some() {
            parts.profit = Some(Vec::new());
        }
        RowSink {
            encoding: s.encoding,
            header_raw: s.header.iter().map(|h| h.trim().as_bytes().to_vec()).collect(),
            sniffed_header: s.header.clone(),
            mapping,
            sample: s.sample,
            col,
            amount_kind: s.map.amount_kind.unwrap_or(AmountKind::OrderTotal),
            amount_has_sentinel: amount_header.contains("-99999"),
            date_is_utc: date_header.contains("utc") || date_header.contains("gmt"),
            last_date: ([0; 10], 0),
            day_order,
            day_order_used: s.day_order_matters.then_some(day_order),
            day_order_assumed: assumed,
            day_order_conflict: false,
            shop_offset: options.shop_utc_offset_min,
            currency_assumed: currency.is_none() && s.map.get(Role::Currency).is_none(),
            currency,
            mojibake: s.mojibake,
            encoding_detected: !s.encoding_given,
            delimiter: s.delimiter,
            header_line: 0,
            pending: None,
            pending_id: Vec::new(),
            seq: 0,
            orders: Vec::new(),
            parts,
            statuses: StatusTable::default(),
            summary: s.summary,
            summaries: Vec::new(),
            summary_unit: options.summary_unit,
            email_buf: Vec::new(),
            rows: 0,
            blank_lines: 0,
            kept: 0,
            line_item_rows: 0,
            refund_rows: 0,
            email_fallback_orders: 0,
            skipped: BTreeMap::new(),
            issues: Vec::new(),
        }
    }

    fn cell<'a>(&self, f: &'a Fields<'_>, role: Role) -> Option<&'a [u8]> {
        self.col[idx(role)].map(|i| f.get(i)).filter(|c| !c.is_empty())
    }

    fn text<'a>(&self, bytes: &'a [u8]) -> std::borrow::Cow<'a, str> {
        self.encoding.decode_cell(bytes)
    }

    fn issue(&mut self, line: u64, kind: IssueKind, value: &str, rows: u64) {
        *self.skipped.entry(kind).or_default() += rows;
        if self.issues.len() < MAX_ISSUE_SAMPLES {
            let value: String = value.chars().take(60).collect();
            self.issues.push(RowIssue { line, kind, value });
        }
    }

    fn row(&mut self, f: &Fields<'_>, line: u64) {
        if f.is_blank() {
            self.blank_lines += 1;
            return;
        }
        self.rows += 1;
        if f.len() == self.header_raw.len()
            && f.get(0) == self.header_raw[0].as_slice()
            && (1..f.len()).all(|i| f.get(i) == self.header_raw[i].as_slice())
        {
            self.flush();
            self.issue(line, IssueKind::RepeatedHeader, "", 1);
            return;
        }
        if let Some(cols) = self.summary {
            return self.summary_row(&cols, f, line);
        }
        if self.cell(f, Role::Date).is_none() {
            let first = (0..f.len()).map(|i| f.get(i)).find(|c| !c.is_empty()).unwrap_or(&[]);
            let text = self.text(first);
            if is_totals_word(&text) {
                let text = text.into_owned();
                self.flush();
                self.issue(line, IssueKind::TotalsRow, &text, 1);
                return;
            }
        }
        let id = self.col[idx(Role::OrderId)].map(|i| f.get(i));
        let continues = match (&self.pending, id) {
            (Some(_), Some(id)) => id.is_empty() || id == self.pending_id.as_slice(),
            _ => false,
        };
        if continues {
            self.line_item_rows += 1;
        } else {
            self.flush();
            self.pending_id.clear();
            if let Some(id) = id {
                self.pending_id.extend_from_slice(id);
            }
            self.pending = Some(Pending { line, ..Pending::default() });
        }
        self.merge_row(f, line);
    }

    /// Adds one row's cells to the pending order.
    fn merge_row(&mut self, f: &Fields<'_>, line: u64) {
        let Some(mut p) = self.pending.take() else { return };
        p.rows += 1;
        if p.customer.is_none() {
            self.read_customer(f, &mut p);
        }
        if p.day.is_none() && p.broken.is_none() {
            if let Some(cell) = self.cell(f, Role::Date) {
                match self.read_day(f, cell) {
                    Ok(day) => p.day = Some(day),
                    Err(_) => {
                        let text = self.text(cell).into_owned();
                        self.issue(line, IssueKind::BadDate, &text, 0);
                        p.broken = Some(IssueKind::BadDate);
                    }
                }
            }
        }
        if p.broken.is_none() {
            self.read_money(f, line, &mut p);
        }
        if p.status.is_none() {
            if let Some(cell) = self.cell(f, Role::Status) {
                p.status = Some(self.status_index(cell));
            }
        }
        if self.cell(f, Role::CancelledAt).is_some() {
            p.cancelled_at = true;
        }
        if p.channel.is_none() {
            if let Some(cell) = self.cell(f, Role::Channel) {
                p.channel = Some(self.channel_index(cell));
            }
        }
        if p.other_currency.is_none() {
            if let Some(cell) = self.cell(f, Role::Currency) {
                let code = self.text(cell).trim().to_uppercase();
                match &self.currency {
                    None => self.currency = Some(code),
                    Some(main) if *main != code => p.other_currency = Some(code),
                    Some(_) => {}
                }
            }
        }
        self.pending = Some(p);
    }

    /// One row of a per-customer summary file.
    fn summary_row(&mut self, cols: &SummaryColumns, f: &Fields<'_>, line: u64) {
        let parsed = parse_summary_row(cols, |i| std::str::from_utf8(f.get(i)).unwrap_or(""));
        let row = match parsed {
            Ok(row) => row,
            Err(_) => {
                let cells: Vec<String> = [Some(cols.frequency), Some(cols.recency), Some(cols.t)]
                    .into_iter()
                    .chain([cols.monetary])
                    .flatten()
                    .map(|i| self.text(f.get(i)).into_owned())
                    .collect();
                return self.issue(line, IssueKind::BadSummary, &cells.join(", "), 1);
            }
        };
        let key: Vec<u8> = match cols.key.map(|k| f.get(k)).filter(|k| !k.is_empty()) {
            Some(k) => k.to_vec(),
            None => line.to_string().into_bytes(),
        };
        let (_, new) = self.parts.keys.intern_new(&key);
        if !new {
            let text = self.text(&key).into_owned();
            return self.issue(line, IssueKind::DuplicateCustomer, &text, 1);
        }
        self.kept += 1;
        self.summaries.push(row);
    }

    /// The customer number, else the e-mail (trimmed, lower-cased); a guest's `0` is no number.
    /// (A customer whose orders all turn out cancelled is dropped by the dataset, in place.)
    fn read_customer(&mut self, f: &Fields<'_>, p: &mut Pending) {
        let email = self.cell(f, Role::Email);
        let id = self.cell(f, Role::Customer).filter(|c| *c != b"0");
        let lower = |buf: &mut Vec<u8>, e: &[u8]| {
            buf.clear();
            buf.extend(e.iter().map(u8::to_ascii_lowercase));
        };
        let mut buf = std::mem::take(&mut self.email_buf);
        let (c, new) = match (id, email) {
            (Some(id), _) => self.parts.keys.intern_new(id),
            (None, Some(e)) => {
                lower(&mut buf, e);
                p.by_email = self.col[idx(Role::Customer)].is_some();
                self.parts.keys.intern_new(&buf)
            }
            (None, None) => {
                self.email_buf = buf;
                return;
            }
        };
        p.customer = Some(c);
        if let (true, Some(emails)) = (new, self.parts.emails.as_mut()) {
            match (id, email) {
                (Some(_), Some(e)) => {
                    lower(&mut buf, e);
                    emails.push(&buf);
                }
                _ => {
                    emails.push(&[]);
                }
            }
        }
        self.email_buf = buf;
    }

    fn read_day(&mut self, f: &Fields<'_>, cell: &[u8]) -> std::result::Result<Day, DateError> {
        // `2024-03-05 14:22:10` and kin, straight from the bytes (most generated exports); the
        // same date as the row before needs only its time checked.
        if !self.date_is_utc
            && (cell.len() == 10 || cell.len() == 19)
            && cell[..10] == self.last_date.0
            && (cell.len() == 10 || crate::date::iso_time_ok(&cell[10..]))
        {
            return Ok(self.last_date.1);
        }
        if let Some(Ok(stamp)) = crate::date::iso_fast_path(cell) {
            if let Ok(prefix) = <[u8; 10]>::try_from(&cell[..10]) {
                self.last_date = (prefix, stamp.day);
            }
            if !self.date_is_utc {
                return Ok(stamp.shop_day(self.shop_offset));
            }
        }
        let text = self.text(cell);
        let stamp = match parse_stamp(&text, self.day_order) {
            Ok(s) => s,
            Err(e) => {
                if self.day_order_assumed
                    && day_order_evidence(&text).is_some_and(|o| o != self.day_order)
                {
                    self.day_order_conflict = true;
                }
                return Err(e);
            }
        };
        let mut stamp = stamp;
        if stamp.offset_min.is_none() && self.date_is_utc {
            stamp.offset_min = Some(0);
        }
        if stamp.offset_min.is_some() && stamp.secs == 0 {
            if let Some(t) = self.cell(f, Role::Time).and_then(|t| parse_time(&self.text(t))) {
                stamp = stamp.with_time(t);
            }
        }
        Ok(stamp.shop_day(self.shop_offset))
    }

    fn money(&self, cell: &[u8]) -> std::result::Result<Option<Decimal>, ()> {
        let value = match crate::money::plain_decimal_bytes(cell) {
            Some(d) => Some(d),
            None => parse_amount(&self.text(cell)).map_err(|_| ())?,
        };
        if self.amount_has_sentinel && value == Some(Decimal::from(-99_999)) {
            return Ok(None); // 楽天 legacy: -99999 = "invalid / not computed"
        }
        Ok(value)
    }

    fn read_money(&mut self, f: &Fields<'_>, line: u64, p: &mut Pending) {
        let qty = || {
            self.cell(f, Role::Quantity)
                .and_then(|q| parse_amount(&self.text(q)).ok().flatten())
                .unwrap_or(Decimal::ONE)
        };
        let per_line = self.amount_kind != AmountKind::OrderTotal;
        let scale = if self.amount_kind == AmountKind::UnitPrice { qty() } else { Decimal::ONE };
        for role in [Role::Amount, Role::Profit, Role::Cost, Role::Refund] {
            let Some(cell) = self.cell(f, role) else { continue };
            let value = match self.money(cell) {
                Ok(Some(v)) => v,
                Ok(None) => continue,
                Err(()) => {
                    if role == Role::Amount {
                        let text = self.text(cell).into_owned();
                        self.issue(line, IssueKind::BadAmount, &text, 0);
                        p.broken = Some(IssueKind::BadAmount);
                        return;
                    }
                    continue; // a bad optional cell: the order still counts, without it
                }
            };
            let slot = match role {
                Role::Amount => &mut p.amount,
                Role::Profit => &mut p.profit,
                Role::Cost => &mut p.cost,
                _ => &mut p.refund,
            };
            let scaled =
                if role == Role::Refund || scale == Decimal::ONE { value } else { value * scale };
            *slot = match (*slot, per_line && role != Role::Refund) {
                (None, _) => Some(scaled),
                (Some(sum), true) => Some(sum + scaled),
                (Some(first), false) => Some(first), // an order total: the first one counts
            };
        }
    }

    fn status_index(&mut self, cell: &[u8]) -> u32 {
        if let Some(i) = self.statuses.find(cell) {
            return i;
        }
        let text = self.text(cell).trim().to_owned();
        let yahoo =
            self.mapping.get("status").is_some_and(|h| h.eq_ignore_ascii_case("OrderStatus"));
        let rule = classify_status(&text, yahoo);
        self.statuses.add(cell, rule, text)
    }

    fn channel_index(&mut self, cell: &[u8]) -> u16 {
        let name = self.text(cell).trim().to_owned();
        if let Some(i) = self.parts.channels.iter().position(|c| *c == name) {
            return i as u16;
        }
        if self.parts.channels.len() >= MAX_CHANNELS {
            return (MAX_CHANNELS - 1) as u16;
        }
        self.parts.channels.push(name);
        (self.parts.channels.len() - 1) as u16
    }

    /// Checks the pending order and keeps it or reports it.
    fn flush(&mut self) {
        let Some(p) = self.pending.take() else { return };
        let rule = p.status.map_or(StatusRule::Kept, |i| self.statuses.count(i));
        if let Some(kind) = p.broken {
            // Already reported at its bad cell; count the order's rows.
            *self.skipped.entry(kind).or_default() += p.rows;
            return;
        }
        let rule = if p.cancelled_at { StatusRule::Excluded } else { rule };
        if rule != StatusRule::Kept {
            let text = p.status.map(|i| self.statuses.seen[i as usize].value.clone());
            let kind = if rule == StatusRule::Refunded {
                IssueKind::Refunded
            } else {
                IssueKind::Cancelled
            };
            return self.issue(p.line, kind, &text.unwrap_or_default(), p.rows);
        }
        if let Some(code) = &p.other_currency {
            return self.issue(p.line, IssueKind::OtherCurrency, code, p.rows);
        }
        let Some(customer) = p.customer else {
            return self.issue(p.line, IssueKind::MissingCustomer, "", p.rows);
        };
        let Some(day) = p.day else {
            return self.issue(p.line, IssueKind::MissingDate, "", p.rows);
        };
        let Some(amount) = p.amount else {
            return self.issue(p.line, IssueKind::MissingAmount, "", p.rows);
        };
        let net = match p.refund.map(|r| r.abs()) {
            None => amount,
            Some(refund) => {
                let net = amount - refund;
                if amount > Decimal::ZERO && net <= Decimal::ZERO {
                    let value = format!("{amount} − {refund}");
                    return self.issue(p.line, IssueKind::Refunded, &value, p.rows);
                }
                net
            }
        };
        let profit = self.parts.profit.is_some().then(|| match (p.profit, p.cost) {
            (Some(pr), _) => pr,
            (None, Some(cost)) => net - cost,
            (None, None) => Decimal::ZERO,
        });
        // Stored as exact 8-byte Money: more than 4 decimals or ±922 trillion is not an amount.
        let money =
            Money::from_decimal(net).zip(profit.map_or(Some(Money::ZERO), Money::from_decimal));
        let Some((net_money, profit_money)) = money else {
            return self.issue(p.line, IssueKind::BadAmount, &net.to_string(), p.rows);
        };
        if net.is_sign_negative() {
            self.refund_rows += p.rows;
        } else {
            self.kept += 1;
        }
        if p.by_email {
            self.email_fallback_orders += 1;
        }
        let key = if self.col[idx(Role::OrderId)].is_some() && !self.pending_id.is_empty() {
            fingerprint(&self.pending_id)
        } else {
            u64::from(self.seq) | (1 << 63)
        };
        if let Some(profits) = self.parts.profit.as_mut() {
            profits.push(profit_money);
        }
        if let Some(channels) = self.parts.channel.as_mut() {
            channels.push(p.channel.unwrap_or(NO_CHANNEL));
        }
        self.orders.push(Purchase::order(customer, day, key, net_money));
        self.seq += 1;
    }

    fn into_import(mut self) -> Result<Import> {
        self.flush();
        if self.orders.is_empty() && self.summaries.is_empty() {
            let (reason, example) = self
                .skipped
                .iter()
                .max_by_key(|(_, n)| **n)
                .map(|(k, _)| *k)
                .map(|k| (Some(k), self.issues.iter().find(|i| i.kind == k).cloned()))
                .unwrap_or((None, None));
            return Err(if self.rows == 0 {
                Error::Empty
            } else {
                Error::NoUsableRows {
                    rows: self.rows,
                    reason: reason.map(issue_code),
                    line: example.as_ref().map(|e| e.line),
                    value: example.map(|e| e.value),
                }
            });
        }
        let orders = std::mem::take(&mut self.orders);
        let mut parts = std::mem::take(&mut self.parts);
        let aggregated = self.summary.map(|_| Aggregated {
            encoding: self.encoding,
            keys: std::mem::take(&mut parts.keys).freeze(),
            rows: std::mem::take(&mut self.summaries),
            unit: self.summary_unit,
        });
        let customer_key = if self.col[idx(Role::Customer)].is_some() {
            CustomerKey::CustomerId
        } else {
            CustomerKey::Email
        };
        let dataset = Dataset::from_orders(orders, parts, self.encoding);
        let range = dataset.day_range();
        let statuses = std::mem::take(&mut self.statuses.seen);
        let report = ImportReport {
            kind: if aggregated.is_some() { FileKind::CustomerSummary } else { FileKind::Orders },
            summary_unit: aggregated.as_ref().map(|a| a.unit),
            encoding: self.encoding,
            encoding_detected: self.encoding_detected,
            delimiter: (self.delimiter as char).to_string(),
            header_line: self.header_line,
            summary_mapping: self.summary.map(|c| c.mapping(&self.sniffed_header)),
            header: self.sniffed_header,
            mapping: self.mapping,
            roles: role_list(),
            amount_kind: self.amount_kind,
            customer_key,
            email_fallback_orders: self.email_fallback_orders,
            sample: self.sample,
            rows: self.rows,
            blank_lines: self.blank_lines,
            orders: self.kept,
            line_item_rows: self.line_item_rows,
            refund_rows: self.refund_rows,
            customers: aggregated.as_ref().map_or(dataset.customers(), |a| a.rows.len()) as u64,
            first_day: range.map(|r| crate::date::format_day(r.0)),
            last_day: range.map(|r| crate::date::format_day(r.1)),
            currency: self.currency.unwrap_or_else(|| "JPY".to_owned()),
            currency_assumed: self.currency_assumed,
            mojibake: self.mojibake,
            day_order: self.day_order_used,
            day_order_assumed: self.day_order_assumed,
            day_order_conflict: self.day_order_conflict,
            statuses,
            merged_repeats: dataset.merged_repeats,
            refund_only_customers: dataset.refund_only_customers,
            skipped: self.skipped,
            issues: self.issues,
        };
        Ok(Import { report, dataset, aggregated })
    }
}

/// The distinct status values of a file, with the rule for each and how many orders had it.
#[derive(Debug, Default)]
struct StatusTable {
    bytes: Vec<Vec<u8>>,
    seen: Vec<StatusSeen>,
}

/// Past this many distinct status values (free text?), new ones share one entry per rule.
const MAX_STATUSES: usize = 500;

impl StatusTable {
    fn find(&self, cell: &[u8]) -> Option<u32> {
        self.bytes.iter().position(|b| b.as_slice() == cell).map(|i| i as u32)
    }

    fn add(&mut self, cell: &[u8], rule: StatusRule, text: String) -> u32 {
        if self.bytes.len() >= MAX_STATUSES {
            let other = format!("…({rule:?})");
            if let Some(i) = self.seen.iter().position(|s| s.value == other) {
                return i as u32;
            }
            self.bytes.push(Vec::new());
            self.seen.push(StatusSeen { value: other, rule, orders: 0 });
        } else {
            self.bytes.push(cell.to_vec());
            self.seen.push(StatusSeen { value: text, rule, orders: 0 });
        }
        (self.seen.len() - 1) as u32
    }

    /// Counts one order with status `i`; returns its rule.
    fn count(&mut self, i: u32) -> StatusRule {
        let s = &mut self.seen[i as usize];
        s.orders += 1;
        s.rule
    }
}

/// `合計`, `総計`, `Total`, …: the first cell of a spreadsheet's totals line.
fn is_totals_word(cell: &str) -> bool {
    let t: String = cell.trim().to_lowercase().chars().filter(|c| !c.is_whitespace()).collect();
    matches!(
        t.as_str(),
        "合計" | "総計" | "総合計" | "小計" | "計" | "total" | "totals" | "grandtotal" | "sum"
    )
}

/// The stable code of an issue kind (its serialised name).
fn issue_code(kind: IssueKind) -> &'static str {
    match kind {
        IssueKind::BadDate => "badDate",
        IssueKind::MissingDate => "missingDate",
        IssueKind::BadAmount => "badAmount",
        IssueKind::MissingAmount => "missingAmount",
        IssueKind::MissingCustomer => "missingCustomer",
        IssueKind::RepeatedHeader => "repeatedHeader",
        IssueKind::TotalsRow => "totalsRow",
        IssueKind::OtherCurrency => "otherCurrency",
        IssueKind::Cancelled => "cancelled",
        IssueKind::Refunded => "refunded",
        IssueKind::BadSummary => "badSummary",
        IssueKind::DuplicateCustomer => "duplicateCustomer",
    }
}

/// The rule for a status value: cancelled / voided / failed orders are excluded, returned or
/// fully refunded ones too; everything else counts (partially refunded orders count with the
/// refund subtracted). `yahoo` turns on Yahoo!ショッピング's numeric codes (4 = キャンセル).
///
/// ```
/// use ltv::import::{classify_status, StatusRule};
/// assert_eq!(classify_status("キャンセル確定", false), StatusRule::Excluded);
/// assert_eq!(classify_status("partially_refunded", false), StatusRule::Kept);
/// assert_eq!(classify_status("返品", false), StatusRule::Refunded);
/// assert_eq!(classify_status("発送済", false), StatusRule::Kept);
/// ```
#[must_use]
pub fn classify_status(text: &str, yahoo: bool) -> StatusRule {
    let t: String = text.to_lowercase().chars().filter(|c| !c.is_whitespace()).collect();
    if yahoo && t == "4" {
        return StatusRule::Excluded;
    }
    const EXCLUDED: [&str; 12] = [
        "キャンセル",
        "取消",
        "取り消し",
        "cancel",
        "void",
        "削除",
        "無効",
        "failed",
        "失敗",
        "declined",
        "与信ng",
        "決済エラー",
    ];
    const PARTIAL: [&str; 3] = ["partial", "一部", "部分"];
    const REFUNDED: [&str; 5] = ["返品", "返送", "返金済", "refunded", "returned"];
    if EXCLUDED.iter().any(|w| t.contains(w)) {
        StatusRule::Excluded
    } else if REFUNDED.iter().any(|w| t.contains(w)) && !PARTIAL.iter().any(|w| t.contains(w)) {
        StatusRule::Refunded
    } else {
        StatusRule::Kept
    }
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
mod tests {
    use super::*;
    use crate::overview::{customer_row, overview};

    const BASIC: &[u8] = include_bytes!("../tests/fixtures/orders_basic.csv");

    fn import(bytes: &[u8]) -> Import {
        import_bytes(bytes, &ImportOptions::default()).unwrap()
    }

    fn in_chunks(bytes: &[u8], size: usize) -> Result<Import> {
        let mut reader = OrderReader::new(ImportOptions::default());
        for chunk in bytes.chunks(size) {
            reader.push(chunk)?;
        }
        reader.finish()
    }

    /// Everything the user sees of an import, as one comparable value.
    fn fingerprint_of(import: &Import) -> String {
        let ds = &import.dataset;
        let page: Vec<_> = (0..ds.customers()).map(|c| customer_row(ds, c)).collect();
        format!("{:?}\n{:?}\n{:?}", import.report, overview(&import.dataset), page)
    }

    #[test]
    fn the_basic_fixture_gives_hand_computed_totals() {
        // Kept: 1001 C001 3,300 · 1002 C002 1,200 · 1003 C001 5,000 · 1005 C003 700 ·
        // 1006 C001 1,500 · 1007 C001 2,000 (1006 and 1007 on the same day). 1004 is cancelled.
        let i = import(BASIC);
        let o = overview(&i.dataset);
        assert_eq!((o.customers, o.orders, o.purchase_days), (3, 6, 5));
        // 3300 + 1200 + 5000 + 700 + 1500 + 2000 = 13700
        assert_eq!(o.revenue.to_string(), "13700");
        // 13700 / 6 = 2283.333… → 2283.33
        assert_eq!(o.average_order_value.to_string(), "2283.33");
        // 6 orders / 3 customers
        assert_eq!(o.orders_per_customer, 2.0);
        // Only C001 bought on two or more days: 1 / 3
        assert_eq!((o.repeat_customers, o.repeat_rate), (1, 1.0 / 3.0));
        assert_eq!((o.first_day.as_str(), o.last_day.as_str()), ("2024-01-05", "2024-03-01"));
        let top: Vec<(&str, String, u32, u32)> = o
            .top_customers
            .iter()
            .map(|r| (r.key.as_str(), r.revenue.to_string(), r.orders, r.purchase_days))
            .collect();
        // C001: 3300 + 5000 + 1500 + 2000 = 11800 in 4 orders on 3 days
        assert_eq!(
            top,
            [
                ("C001", "11800".into(), 4, 3),
                ("C002", "1200".into(), 1, 1),
                ("C003", "700".into(), 1, 1)
            ]
        );
        assert_eq!(o.top_customers[0].email.as_deref(), Some("a@example.com"));
    }

    #[test]
    fn the_report_says_how_the_basic_fixture_was_read() {
        let r = import(BASIC).report;
        assert_eq!((r.encoding, r.delimiter.as_str(), r.header_line), (TextEncoding::Utf8, ",", 1));
        assert_eq!((r.rows, r.orders, r.customers), (7, 6, 3));
        assert_eq!(r.customer_key, CustomerKey::CustomerId);
        assert_eq!(r.mapping["customer"], "会員ID");
        assert_eq!(r.mapping["amount"], "合計金額");
        assert_eq!(r.skipped.get(&IssueKind::Cancelled), Some(&1));
        assert_eq!(
            r.issues,
            [RowIssue { line: 5, kind: IssueKind::Cancelled, value: "キャンセル".into() }]
        );
        // Quoted comma and doubled quote arrive as written.
        assert_eq!(r.sample[0][1], "Tシャツ, 白");
        assert_eq!(r.sample[1][1], "マグ \"特大\"");
        assert_eq!(r.currency, "JPY");
        assert!(r.currency_assumed);
        let rules: Vec<(&str, StatusRule, u64)> =
            r.statuses.iter().map(|s| (s.value.as_str(), s.rule, s.orders)).collect();
        assert_eq!(
            rules,
            [("発送済", StatusRule::Kept, 6), ("キャンセル", StatusRule::Excluded, 1)]
        );
    }

    #[test]
    fn every_chunk_size_gives_the_identical_result() {
        let whole = fingerprint_of(&import(BASIC));
        for size in 1..=BASIC.len() {
            assert_eq!(
                fingerprint_of(&in_chunks(BASIC, size).unwrap()),
                whole,
                "chunk size {size}"
            );
        }
    }

    /// The same orders written in every dialect the importer reads.
    fn dialects() -> Vec<(&'static str, Vec<u8>)> {
        let rows = [
            ["C1", "2024/03/05 10:00", "1,200", "発送済", "Tシャツ, 白"],
            ["C2", "2024/03/06 11:00", "800", "発送済", "マグ \"特大\""],
            ["C1", "2024/04/01 09:00", "2,500", "キャンセル", "複数行\nメモ"],
            ["C3", "2024/04/02 12:00", "△300", "発送済", "返金"],
            ["C1", "2024/04/03 12:00", "1500", "発送済", "靴下"],
        ];
        let header = ["会員ID", "注文日時", "合計金額", "ステータス", "商品名"];
        let write = |delim: &str, eol: &str, quote_all: bool| {
            let cell = |c: &str| {
                if quote_all || c.contains([',', '"', '\n', ';', '\t']) {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c.to_owned()
                }
            };
            let mut s = String::new();
            for r in std::iter::once(&header).chain(rows.iter()) {
                s.push_str(&r.iter().map(|c| cell(c)).collect::<Vec<_>>().join(delim));
                s.push_str(eol);
            }
            s
        };
        let utf16 = |s: &str| {
            let mut b = vec![0xFF, 0xFE];
            b.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
            b
        };
        let comma = write(",", "\r\n", false);
        let mixed = comma.replacen("\r\n", "\n", 3);
        vec![
            ("comma CRLF", comma.clone().into_bytes()),
            ("comma LF, no final newline", write(",", "\n", false).trim_end().as_bytes().to_vec()),
            ("mixed CRLF and LF", mixed.into_bytes()),
            ("old Mac CR only", write(",", "\r", false).into_bytes()),
            ("everything quoted", write(",", "\n", true).into_bytes()),
            ("tab", write("\t", "\r\n", false).into_bytes()),
            ("semicolon", write(";", "\n", false).into_bytes()),
            (
                "title and blank lines above",
                format!("受注一覧\r\n\r\n{comma}\r\n\r\n").into_bytes(),
            ),
            ("UTF-8 BOM", [&[0xEF, 0xBB, 0xBF][..], comma.as_bytes()].concat()),
            ("Shift_JIS", encoding_rs::SHIFT_JIS.encode(&comma).0.into_owned()),
            ("UTF-16LE BOM, tab", utf16(&write("\t", "\r\n", false))),
        ]
    }

    #[test]
    fn every_dialect_gives_the_same_orders_in_every_chunk_size() {
        // Kept: C1 1,200 + 1,500; C2 800; C3's refund −300 (C3 has no order: left out).
        // C1's 2,500 is cancelled.
        for (name, bytes) in dialects() {
            let whole = import(&bytes);
            let o = overview(&whole.dataset);
            assert_eq!(
                (o.customers, o.orders, o.revenue.to_string()),
                (2, 3, "3500".into()),
                "{name}"
            );
            assert_eq!(whole.report.skipped.get(&IssueKind::Cancelled), Some(&1), "{name}");
            let expected = fingerprint_of(&whole);
            for size in (1..=100).chain((101..bytes.len()).step_by(13)) {
                let chunked = in_chunks(&bytes, size).unwrap();
                assert_eq!(fingerprint_of(&chunked), expected, "{name}, chunk size {size}");
            }
        }
    }

    #[test]
    fn files_larger_than_the_sniff_window_are_chunk_invariant_too() {
        let mut csv = String::from("customer_id,order_date,amount,note\n");
        for i in 0..6000 {
            csv.push_str(&format!(
                "C{},2024-01-{:02},{},\"n, {i}\"\n",
                i % 700,
                i % 28 + 1,
                i % 97
            ));
        }
        let bytes = csv.as_bytes();
        assert!(bytes.len() > SNIFF_LEN * 2);
        let whole = fingerprint_of(&import(bytes));
        for size in [1, 7, 4096, SNIFF_LEN - 1, SNIFF_LEN, SNIFF_LEN + 3] {
            assert_eq!(
                fingerprint_of(&in_chunks(bytes, size).unwrap()),
                whole,
                "chunk size {size}"
            );
        }
        assert_eq!(import(bytes).report.orders, 6000);
    }

    #[test]
    fn a_last_line_without_newline_is_read_in_lf_and_crlf_files() {
        for file in [
            "customer_id,order_date,amount\nA,2024-01-01,5",
            "customer_id,order_date,amount\r\nA,2024-01-01,5",
        ] {
            assert_eq!(overview(&import(file.as_bytes()).dataset).revenue.to_string(), "5");
        }
    }

    #[test]
    fn broken_rows_are_reported_with_their_line_and_the_rest_is_kept() {
        let csv = "title line\n\ncustomer_id,order_date,amount,memo\r\n\
                   A,2024-01-01,100,\"two\nlines\"\r\n\
                   B,2024-13-01,200,\r\n\
                   C,2024-01-02,12x,\r\n\
                   ,2024-01-03,300,\r\n\
                   D,,400,\r\n\
                   E,2024-01-04,,\r\n\
                   customer_id,order_date,amount,memo\r\n\
                   F,2024-01-05,600,\r\n";
        let i = import(csv.as_bytes());
        let issues: Vec<(u64, IssueKind, &str)> =
            i.report.issues.iter().map(|x| (x.line, x.kind, x.value.as_str())).collect();
        assert_eq!(
            issues,
            [
                (6, IssueKind::BadDate, "2024-13-01"),
                (7, IssueKind::BadAmount, "12x"),
                (8, IssueKind::MissingCustomer, ""),
                (9, IssueKind::MissingDate, ""),
                (10, IssueKind::MissingAmount, ""),
                (11, IssueKind::RepeatedHeader, ""),
            ]
        );
        assert_eq!(i.report.header_line, 3);
        assert_eq!((i.report.rows, i.report.orders), (8, 2));
        assert_eq!(overview(&i.dataset).revenue.to_string(), "700");
    }

    #[test]
    fn line_items_make_one_order_and_blank_order_cells_are_not_zero() {
        // Shopify: the total is on the first row of the order only.
        let csv = "Name,Email,Financial Status,Total,Created at,Lineitem quantity,Lineitem name,Lineitem price\n\
                   #1001,a@x.jp,paid,5300,2024-03-05 10:00:00 +0900,1,Mug,1200\n\
                   #1001,a@x.jp,,,2024-03-05 10:00:00 +0900,2,Tee,2050\n\
                   #1002,B@X.jp,paid,800,2024-03-06 10:00:00 +0900,1,Sock,800\n\
                   #1003,a@x.jp,voided,999,2024-03-07 10:00:00 +0900,1,Cap,999\n";
        let i = import(csv.as_bytes());
        let o = overview(&i.dataset);
        assert_eq!((o.customers, o.orders, o.revenue.to_string()), (2, 2, "6100".into()));
        assert_eq!(i.report.line_item_rows, 1);
        assert_eq!(i.report.customer_key, CustomerKey::Email);
        assert_eq!(o.top_customers[1].key, "b@x.jp", "e-mails are lower-cased");
        assert_eq!(i.report.skipped[&IssueKind::Cancelled], 1);
    }

    #[test]
    fn unit_prices_are_multiplied_by_quantity_and_summed() {
        let csv = "注文番号,会員ID,注文日,単価,個数\n1,A,2024/3/5,1200,2\n1,A,2024/3/5,500,1\n2,A,2024/3/9,300,\n";
        let o = overview(&import(csv.as_bytes()).dataset);
        // 1200 × 2 + 500 × 1 = 2900 for order 1; 300 × 1 for order 2
        assert_eq!((o.orders, o.revenue.to_string()), (2, "3200".into()));
    }

    #[test]
    fn repeated_order_totals_on_every_line_count_once() {
        // 楽天: the order's total is repeated on every line of the order.
        let csv = "注文番号,注文日時,合計金額,注文者メールアドレス,商品名\n\
                   A-1,2024-03-05 10:00:00,5000,x@y.jp,one\n\
                   A-1,2024-03-05 10:00:00,5000,x@y.jp,two\n\
                   A-2,2024-03-08 10:00:00,700,x@y.jp,three\n\
                   A-1,2024-03-05 10:00:00,5000,x@y.jp,three (sorted apart)\n";
        let i = import(csv.as_bytes());
        let o = overview(&i.dataset);
        assert_eq!((o.orders, o.revenue.to_string()), (2, "5700".into()));
        assert_eq!(i.report.merged_repeats, 1);
    }

    #[test]
    fn refunds_are_subtracted_and_refund_rows_are_not_orders() {
        let csv = "order_id,customer_id,order_date,amount,refunded amount\n\
                   1,A,2024-01-01,1000,200\n\
                   2,A,2024-01-10,500,500\n\
                   3,B,2024-01-02,800,\n\
                   4,B,2024-02-01,-300,\n";
        let i = import(csv.as_bytes());
        let o = overview(&i.dataset);
        // A: 1000 − 200 (order 2 refunded in full is excluded); B: 800 − 300 (refund row)
        assert_eq!((o.orders, o.revenue.to_string()), (2, "1300".into()));
        assert_eq!(i.report.refund_rows, 1);
        assert_eq!(i.report.skipped[&IssueKind::Refunded], 1);
        assert_eq!(o.purchase_days, 2);
    }

    #[test]
    fn shift_jis_line_item_exports_are_read_without_decoding_the_whole_file() {
        let text = "注文番号,注文日時,会員ID,合計金額,ステータス,商品名\r\n\
                    P1,2024/3/5 10:00,会員ソ表,1200,発送済,表示ソフト\r\n\
                    P1,2024/3/5 10:00,会員ソ表,1200,発送済,予備\r\n\
                    P2,2024/3/6 10:00,会員２,△300,発送済,返品調整\r\n\
                    P3,2024/3/7 10:00,会員２,900,注文キャンセル,x\r\n";
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(text);
        let whole = import(&sjis);
        assert_eq!(whole.report.encoding, TextEncoding::ShiftJis);
        let o = overview(&whole.dataset);
        assert_eq!((o.customers, o.orders, o.revenue.to_string()), (1, 1, "1200".into()));
        // P2 is a refund of 会員２, whose only order (P3) was cancelled: not a customer.
        assert_eq!((whole.report.refund_rows, whole.report.refund_only_customers), (1, 1));
        assert_eq!(o.top_customers[0].key, "会員ソ表");
        for size in 1..sjis.len() {
            assert_eq!(fingerprint_of(&in_chunks(&sjis, size).unwrap()), fingerprint_of(&whole));
        }
    }

    #[test]
    fn amounts_money_cannot_hold_exactly_are_reported_not_rounded() {
        let csv = "customer_id,order_date,amount\nA,2024-01-01,0.00001\nB,2024-01-02,1e3\n\
                   C,2024-01-03,79000000000000000000000000000\nD,2024-01-04,12.3456\n";
        let i = import(csv.as_bytes());
        let issues: Vec<(u64, IssueKind)> =
            i.report.issues.iter().map(|x| (x.line, x.kind)).collect();
        assert_eq!(
            issues,
            [(2, IssueKind::BadAmount), (3, IssueKind::BadAmount), (4, IssueKind::BadAmount)]
        );
        assert_eq!(overview(&i.dataset).revenue.to_string(), "12.3456");
    }

    #[test]
    fn a_repeated_date_is_still_checked_for_its_time() {
        // The second row reuses the first row's day, but its time is impossible.
        let csv =
            "customer_id,order_date,amount\nA,2024-03-05 10:00:00,1\nB,2024-03-05 25:00:00,2\n\
                   C,2024-03-05,3\nD,2024-03-05T11:00:00,4\nE,2024-03-05 11:00,5\n";
        let i = import(csv.as_bytes());
        let issues: Vec<(u64, IssueKind)> =
            i.report.issues.iter().map(|x| (x.line, x.kind)).collect();
        assert_eq!(issues, [(3, IssueKind::BadDate)]);
        assert_eq!(
            (overview(&i.dataset).orders, overview(&i.dataset).revenue.to_string()),
            (4, "13".into())
        );
    }

    #[test]
    fn newlines_are_counted_in_any_position_of_a_word() {
        for len in 0..40 {
            for at in 0..len {
                let mut data = vec![b'x'; len];
                data[at] = b'\n';
                assert_eq!(count_newlines(&data), 1, "len {len} at {at}");
                data[len - 1] = b'\n';
                assert_eq!(count_newlines(&data), 1 + u64::from(at != len - 1));
            }
        }
        assert_eq!(count_newlines(b"\x8a\x0b\xff\x0a\x0a\x09x\x0a"), 3);
    }

    #[test]
    fn nothing_usable_is_an_error_that_names_the_main_reason() {
        let err = import_bytes(
            b"customer_id,order_date,amount\nA,soon,1\nB,later,2\n",
            &ImportOptions::default(),
        )
        .unwrap_err();
        assert_eq!(
            err,
            Error::NoUsableRows {
                rows: 2,
                reason: Some("badDate"),
                line: Some(2),
                value: Some("soon".into())
            }
        );
        assert_eq!(import_bytes(b"", &ImportOptions::default()).unwrap_err(), Error::Empty);
        assert_eq!(
            import_bytes(b"customer_id,order_date,amount\n", &ImportOptions::default())
                .unwrap_err(),
            Error::Empty
        );
    }

    #[test]
    fn random_bytes_never_panic_and_give_a_report_or_an_error() {
        // xorshift64*: a fixed seed, so a failure is reproducible.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            state.wrapping_mul(0x2545_F491_4F6C_DD1D)
        };
        let alphabet = b"ab,;\t\"\r\n0123456789-/:. \xE3\x81\x82\x82\xA0\xFF\xFEAC";
        for round in 0..400 {
            let len = (next() % 600) as usize;
            let mut bytes: Vec<u8> = if round % 2 == 0 {
                b"customer_id,order_date,amount,status\n".to_vec()
            } else {
                Vec::new()
            };
            bytes.extend((0..len).map(|_| {
                let r = next();
                if r % 5 == 0 {
                    (r >> 8) as u8
                } else {
                    alphabet[(r >> 16) as usize % alphabet.len()]
                }
            }));
            let chunk = 1 + (next() % 64) as usize;
            let whole = import_bytes(&bytes, &ImportOptions::default());
            let chunked = in_chunks(&bytes, chunk);
            match (whole, chunked) {
                (Ok(a), Ok(b)) => assert_eq!(fingerprint_of(&a), fingerprint_of(&b)),
                (Err(a), Err(b)) => assert_eq!(a, b),
                (a, b) => panic!("round {round}: whole {:?} vs chunked {:?}", a.is_ok(), b.is_ok()),
            }
        }
    }
}
