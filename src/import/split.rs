//! One file read by several workers: each reads a byte range into a partial aggregate
//! ([`RangeReader`]), and one [`Merger`] joins the partials, in file order, into the same
//! [`Import`] that [`super::OrderReader`] makes of the whole file.
//!
//! How this works. [`plan`] cuts the file at nominal offsets `b₁ < b₂ < …`. A range's reader
//! starts at the first line start after its `b` (the first `\n` at or after it, plus one) and
//! skips records until a *cut*: a record that surely starts a new order in a reading of the
//! whole file. With an order-number column that is a record whose order number differs from
//! the one of the record just before it (both read in this range, both non-blank, both with a
//! number): a different number always starts an order, whatever the order before it was. Without
//! that column every record starts an order, so the first record is the cut. The reader of the
//! range before keeps reading past `b` until the first cut after `b` by the same rule, so where
//! one range stops the next starts: the order that straddles `b` is read whole by one reader.
//! A range that starts inside a quoted field (a quoted line break) reads wrong records and finds
//! another cut than its neighbour: the [`Merger`] sees the two offsets differ and asks for that
//! range again from the right offset ([`Added::Reread`]), read with `exact` start.
//!
//! Each range numbers its lines from 1; the merger shifts them by the line where the range's cut
//! is in the file (known from the range before). Orders keep their file order, customers their
//! first-seen order, so the dataset, the statuses, the products and the channels come out
//! numbered as one reader numbers them. What only the whole file can decide (dates far from the
//! rest, refunds of orders left out) is decided after the merge, as one reader decides it at its
//! end. Files the merge cannot reproduce exactly (UTF-16, summary files, a header longer than the
//! head, a currency column that changes between ranges, more than the tables' caps of distinct
//! statuses or channels, an order number whose owner a range decided otherwise than the ranges
//! before it) are read by one worker: [`plan`] says so, or
//! [`Merger::add`] refuses, and the caller starts again.

use super::records::{Record, RecordReader};
use super::report::Counts;
use super::sniff::{sniff, SNIFF_LEN};
use super::{file_read, Import, ImportOptions, Reading, Rows};
use crate::encoding::TextEncoding;
use crate::wire::{In, Out};
use crate::{Error, Result};

/// Files smaller than this are read by one worker.
pub const MIN_SPLIT_BYTES: u64 = 8 << 20;
/// No range is smaller than this.
const MIN_RANGE_BYTES: u64 = 4 << 20;

/// Where the file is cut for `workers` readers: the nominal start of every range after the
/// first (ascending; each range runs to the next or to the end). Empty when the file should be
/// read by one worker: small, UTF-16 (its offsets are not line starts), a per-customer summary
/// file, or a head that cannot be sniffed (one reader reports why).
#[must_use]
pub fn plan(head: &[u8], size: u64, workers: u32, options: &ImportOptions) -> Vec<u64> {
    if size < MIN_SPLIT_BYTES || workers < 2 || head.len() < SNIFF_LEN.min(size as usize) {
        return Vec::new();
    }
    // A header longer than the window: one reader looks further than the head.
    if super::sniff::window(&head[..head.len().min(SNIFF_LEN)], false) != Some(SNIFF_LEN) {
        return Vec::new();
    }
    let Ok(s) = sniff(&head[..head.len().min(SNIFF_LEN)], false, &options.sniff) else {
        return Vec::new();
    };
    if s.summary.is_some() || s.encoding.transcoder().is_some() {
        return Vec::new();
    }
    let n = u64::from(workers).min(size / MIN_RANGE_BYTES).max(1);
    (1..n).map(|k| size / n * k).filter(|b| *b > SNIFF_LEN as u64).collect()
}

/// The part of a file one worker reads: from `start` (a nominal cut, or with `exact` a record
/// start already known) to the first cut at or after `end` (`u64::MAX`: to the end).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    /// The first byte given to [`RangeReader::push`].
    pub start: u64,
    /// The nominal end (the next range's start).
    pub end: u64,
    /// `start` is a record start (the file's first byte, or a range read again).
    pub exact: bool,
}

/// Where a range begins and ends, as its own reader saw it.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Bounds {
    /// The offset and (range-local) line of the range's first record, once found.
    start: Option<(u64, u64)>,
    /// The offset and line of the first record of the next range (`None`: read to the end).
    stop: Option<(u64, u64)>,
}

/// The cut rule of one range (see the module doc).
#[derive(Debug)]
pub(super) struct Cut {
    /// The order-number column.
    id_col: Option<usize>,
    /// Skipping the records before the first cut (a range after the first, not exact).
    skipping: bool,
    /// The effective end: the first line start after the nominal end (when seen).
    end: Option<u64>,
    nominal_end: u64,
    /// The previous record's order number (when it may count for a cut).
    prev: Option<Vec<u8>>,
    bounds: Bounds,
}

impl Cut {
    /// The key of a record for the cut rule: its order number (or nothing, without the column),
    /// for a record with a known offset that is not blank.
    fn key<'a>(&self, r: &'a Record<'_>) -> Option<&'a [u8]> {
        r.offset?;
        if r.fields.is_blank() {
            return None;
        }
        match self.id_col {
            Some(i) => Some(r.fields.get(i)).filter(|id| !id.is_empty()),
            None => Some(&[]),
        }
    }

    fn is_cut(&self, key: Option<&[u8]>) -> bool {
        match (self.id_col, key, &self.prev) {
            (None, Some(_), _) => true,
            (Some(_), Some(k), Some(p)) => k != p.as_slice(),
            _ => false,
        }
    }

    fn remember(&mut self, key: Option<&[u8]>) {
        match key {
            Some(k) => {
                let p = self.prev.get_or_insert_with(Vec::new);
                p.clear();
                p.extend_from_slice(k);
            }
            None => self.prev = None,
        }
    }

    /// Whether the range ended at a cut (the rest is the next range's).
    pub(super) fn stopped(&self) -> bool {
        self.bounds.stop.is_some()
    }

    /// Whether the record is this range's to read.
    pub(super) fn admit(&mut self, r: &Record<'_>) -> bool {
        if self.bounds.stop.is_some() {
            return false;
        }
        let key = self.key(r);
        let offset = r.offset.unwrap_or(0);
        if self.skipping {
            if self.is_cut(key) {
                self.skipping = false;
                self.bounds.start = Some((offset, r.line));
                self.prev = None;
                return true;
            }
            self.remember(key);
            return false;
        }
        let past_end = matches!((r.offset, self.end), (Some(o), Some(e)) if o >= e);
        if !past_end {
            self.prev = None;
            return true;
        }
        let after_start = self.bounds.start.is_some_and(|(s, _)| offset > s);
        if after_start && self.is_cut(key) {
            self.bounds.stop = Some((offset, r.line));
            return false;
        }
        self.remember(key);
        true
    }
}

/// Reads one byte range of a file into a partial aggregate (see the module doc).
#[derive(Debug)]
pub struct RangeReader {
    reading: Box<Reading>,
    /// The offset of the next byte pushed.
    pos: u64,
    /// Bytes before this offset are not the range's (a range that starts in the header).
    skip_to: u64,
    /// Bytes to drop before the first line start (a range after the first, not exact).
    seek_line: bool,
}

impl RangeReader {
    /// A reader of `range` of a file whose first bytes are `head` (at least [`SNIFF_LEN`], or
    /// the whole file: `whole`), sniffed as [`super::OrderReader`] sniffs them.
    ///
    /// # Errors
    /// The sniffer's errors; [`Error::BadOptions`] for a file [`plan`] would not split.
    pub fn new(
        options: &ImportOptions,
        head: &[u8],
        whole: bool,
        range: Range,
    ) -> Result<RangeReader> {
        let (sniffed, header_end) = sniff_head(options, head, whole)?;
        let prefix = &head[..head.len().min(SNIFF_LEN)];
        // No range starts or ends inside the header (or the title lines above it).
        let pushed_from = range.start;
        let range = if range.exact {
            Range { end: range.end.max(header_end), ..range }
        } else {
            Range { end: range.end.max(header_end), start: range.start.max(header_end), ..range }
        };
        let mut options = options.clone();
        // The range's share of the file (the file's size is the caller's hint; none: no reserve).
        options.size_hint =
            options.size_hint.map(|size| range.end.min(size).saturating_sub(range.start.min(size)));
        let first = range.start == 0;
        let id_col = sniffed.map.get(super::columns::Role::OrderId);
        let mut reading = Box::new(Reading::new(sniffed, &options, None));
        if let Rows::Orders(o) = &mut reading.rows {
            o.track_seq_keys();
            let lines = prefix.iter().filter(|b| **b == b'\n').count().max(1) as u64;
            let rows = options.size_hint.unwrap_or(0) / (prefix.len() as u64 / lines).max(1);
            o.builder.reserve((rows + rows / 50).min(1 << 28) as usize);
        }
        let s = &reading.sniffed;
        reading.records = RecordReader::at(
            s.encoding,
            s.delimiter,
            if first { s.bom_len } else { 0 },
            range.start,
        );
        reading.in_range = !first;
        let exact = first || range.exact;
        let mut cut = Cut {
            id_col,
            skipping: !exact,
            end: None,
            nominal_end: range.end,
            prev: None,
            bounds: Bounds::default(),
        };
        if exact {
            cut.bounds.start = Some((range.start, 1));
        }
        reading.cut = Some(Box::new(cut));
        Ok(RangeReader { reading, pos: pushed_from, skip_to: range.start, seek_line: !exact })
    }

    /// Reads the next bytes of the range (and past its end, until [`RangeReader::done`]).
    pub fn push(&mut self, chunk: &[u8]) {
        let mut at = self.pos;
        self.pos += chunk.len() as u64;
        let mut chunk = chunk;
        if at < self.skip_to {
            let n = ((self.skip_to - at) as usize).min(chunk.len());
            chunk = &chunk[n..];
            at += n as u64;
            if chunk.is_empty() {
                return;
            }
        }
        if let Some(cut) = self.reading.cut.as_deref_mut() {
            // The effective end: after the first line break at or after the nominal end.
            if cut.end.is_none() && self.pos > cut.nominal_end {
                let from = cut.nominal_end.max(at);
                let rel = (from - at) as usize;
                if let Some(i) = chunk[rel..].iter().position(|b| *b == b'\n') {
                    cut.end = Some(from + i as u64 + 1);
                }
            }
        }
        if self.seek_line {
            // The range starts after the first line break at or after its nominal start.
            let Some(i) = chunk.iter().position(|b| *b == b'\n') else { return };
            chunk = &chunk[i + 1..];
            self.seek_line = false;
            let s = &self.reading.sniffed;
            self.reading.records = RecordReader::at(s.encoding, s.delimiter, 0, at + i as u64 + 1);
        }
        self.reading.feed(chunk);
    }

    /// Whether the range is complete (its last order ended at a cut): nothing more to push.
    #[must_use]
    pub fn done(&self) -> bool {
        self.reading.cut.as_ref().is_some_and(|c| c.bounds.stop.is_some())
    }

    /// Data rows read so far.
    #[must_use]
    pub fn rows(&self) -> u64 {
        self.reading.counts.rows
    }

    /// Ends the input: the last order flushed (at the cut, or at the end of the file with its
    /// last line, perhaps the next range's first, and a quote never closed); the bounds.
    fn end(&mut self) -> Bounds {
        if self.done() {
            if let Rows::Orders(o) = &mut self.reading.rows {
                o.flush(&mut self.reading.counts);
            }
        } else {
            self.reading.finish();
        }
        self.reading.cut.as_ref().map(|c| c.bounds).unwrap_or_default()
    }

    /// Ends the first range (from the file's start) and makes it the [`Merger`] of the file: its
    /// state is the merge so far, as it is (nothing written, nothing read again). `options`:
    /// the file's, as given to [`RangeReader::new`].
    #[must_use]
    pub fn into_merger(mut self, options: &ImportOptions) -> Merger {
        let bounds = self.end();
        let mut reading = self.reading;
        reading.cut = None;
        reading.in_range = false;
        let (next, complete) = match bounds.stop {
            Some(stop) => (stop, false),
            None => ((0, 0), true),
        };
        Merger { options: options.clone(), reading, next, complete, first: false }
    }

    /// Ends the range: its partial aggregate, as bytes for [`Merger::add`].
    #[must_use]
    pub fn finish(mut self) -> Vec<u8> {
        let bounds = self.end();
        let mut out = Out(Vec::new());
        out.u8(u8::from(bounds.start.is_some()));
        let (s, sl) = bounds.start.unwrap_or((0, 0));
        out.u64(s);
        out.u64(sl);
        out.u8(u8::from(bounds.stop.is_some()));
        let (t, tl) = bounds.stop.unwrap_or((0, 0));
        out.u64(t);
        out.u64(tl);
        out.u64(self.reading.header_line);
        write_counts(&mut out, &self.reading.counts);
        if let Rows::Orders(o) = &mut self.reading.rows {
            o.write_partial(&mut out);
        }
        out.0
    }
}

/// What [`Merger::add`] did with a partial.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    /// Joined; more ranges to come.
    Merged,
    /// The file is complete (a range read to its end): the rest are not needed.
    Complete,
    /// The range did not start where the one before stopped (it started inside a quoted field,
    /// or one order spans it): read it again from this offset with `exact` start.
    Reread(u64),
}

/// Joins the partial aggregates of a file's ranges, in file order, into its [`Import`].
#[derive(Debug)]
pub struct Merger {
    options: ImportOptions,
    reading: Box<Reading>,
    /// The offset and file line where the next range must start.
    next: (u64, u64),
    complete: bool,
    first: bool,
}

impl Merger {
    /// A merger for the file whose first bytes are `head`.
    ///
    /// # Errors
    /// As [`RangeReader::new`].
    pub fn new(options: &ImportOptions, head: &[u8], whole: bool) -> Result<Merger> {
        let (sniffed, _) = sniff_head(options, head, whole)?;
        let mut reading = Box::new(Reading::new(sniffed, options, None));
        if let Rows::Orders(o) = &mut reading.rows {
            o.track_seq_keys();
        }
        Ok(Merger { options: options.clone(), reading, next: (0, 1), complete: false, first: true })
    }

    /// Joins the next range's partial (from [`RangeReader::finish`]).
    ///
    /// # Errors
    /// [`Error::BadOptions`] when the partial is damaged or cannot be merged exactly (the caller
    /// reads the file with one worker instead).
    pub fn add(&mut self, partial: &[u8]) -> Result<Added> {
        let refuse = || Error::BadOptions("the partial import cannot be merged".into());
        if self.complete {
            return Ok(Added::Complete);
        }
        let mut inp = In { b: partial, at: 0 };
        let head = (|| {
            let has_start = inp.u8()? == 1;
            let start = (inp.u64()?, inp.u64()?);
            let has_stop = inp.u8()? == 1;
            let stop = (inp.u64()?, inp.u64()?);
            let header_line = inp.u64()?;
            Some((has_start.then_some(start), has_stop.then_some(stop), header_line))
        })();
        let Some((start, stop, header_line)) = head else { return Err(refuse()) };
        let Some((_, local_line)) = start.filter(|s| s.0 == self.next.0) else {
            return Ok(Added::Reread(self.next.0));
        };
        let shift = self.next.1 as i64 - local_line as i64;
        if self.first {
            self.reading.header_line = header_line;
            self.first = false;
        }
        let mut counts = read_counts(&mut inp).ok_or_else(refuse)?;
        for issue in &mut counts.issues {
            issue.line = issue.line.saturating_add_signed(shift);
            issue.value = shift_value_lines(issue.kind, &issue.value, shift).ok_or_else(refuse)?;
        }
        let Rows::Orders(o) = &mut self.reading.rows else { return Err(refuse()) };
        o.absorb(&mut inp, shift).ok_or_else(refuse)?;
        self.reading.counts.add(&counts);
        match stop {
            Some((t, tl)) => {
                self.next = (t, tl.saturating_add_signed(shift));
                Ok(Added::Merged)
            }
            None => {
                self.complete = true;
                Ok(Added::Complete)
            }
        }
    }

    /// The offset where the next range must start.
    #[must_use]
    pub fn next_offset(&self) -> u64 {
        self.next.0
    }

    /// Whether a range read to the end of the file was added (the rest are not needed).
    #[must_use]
    pub fn is_complete(&self) -> bool {
        self.complete
    }

    /// The import of the whole file, once a range read to its end was added.
    ///
    /// # Errors
    /// [`Error::BadOptions`] before that; [`Error::NoUsableRows`] as [`super::OrderReader`].
    pub fn finish(self) -> Result<Import> {
        if !self.complete {
            return Err(Error::BadOptions("the file's last range is missing".into()));
        }
        let Merger { options, reading, .. } = self;
        let nothing = match &reading.rows {
            Rows::Orders(o) => o.builder.is_empty(),
            Rows::Summaries(s) => s.is_empty(),
        };
        if nothing {
            return Err(reading.counts.nothing_usable());
        }
        Ok(file_read(*reading, &options).into_import())
    }
}

/// An issue's value with the line numbers it names moved by `shift`: `id (first, this)` of a
/// shared order number, `first–last` of an unclosed quote. `None` when a value cut at the
/// sample's 60 characters may have lost them (the file is then read by one worker).
fn shift_value_lines(kind: super::IssueKind, value: &str, shift: i64) -> Option<String> {
    use super::IssueKind::{SharedOrderNumber, UnclosedQuote};
    let moved = |n: &str| n.parse::<u64>().ok().map(|n| n.saturating_add_signed(shift));
    let text = match kind {
        SharedOrderNumber => {
            if value.chars().count() >= 60 {
                return None;
            }
            let (id, lines) = value.strip_suffix(')')?.rsplit_once(" (")?;
            let (a, b) = lines.split_once(", ")?;
            format!("{id} ({}, {})", moved(a)?, moved(b)?)
        }
        UnclosedQuote => {
            let (a, b) = value.split_once('–')?;
            format!("{}–{}", moved(a)?, moved(b)?)
        }
        _ => return Some(value.to_owned()),
    };
    Some(text.chars().take(60).collect())
}

/// The head sniffed as [`super::OrderReader`] sniffs it, and the offset of the first record
/// after the header (0 without a header row).
fn sniff_head(
    options: &ImportOptions,
    head: &[u8],
    whole: bool,
) -> Result<(super::sniff::Sniffed, u64)> {
    let prefix = &head[..head.len().min(SNIFF_LEN)];
    if head.len() >= SNIFF_LEN && super::sniff::window(prefix, false) != Some(SNIFF_LEN) {
        // A header longer than the head: one reader looks further ([`super::sniff::window`]).
        return Err(Error::BadOptions("this file is read by one worker".into()));
    }
    let sniffed = sniff(prefix, whole && head.len() <= SNIFF_LEN, &options.sniff)?;
    if sniffed.summary.is_some() || sniffed.encoding.transcoder().is_some() {
        return Err(Error::BadOptions("this file is read by one worker".into()));
    }
    let mut header_end = 0;
    if sniffed.has_header {
        let mut records = RecordReader::new(sniffed.encoding, sniffed.delimiter, sniffed.bom_len);
        let mut found = None;
        records.feed(prefix, &mut |r| {
            if found.is_none() && r.index > sniffed.header_record {
                found = r.offset;
            }
        });
        header_end = found.unwrap_or(prefix.len() as u64);
    }
    Ok((sniffed, header_end))
}

/// The encoding's byte for `\n` never appears inside a character (UTF-8, Shift_JIS).
#[must_use]
pub fn splits_at_line_breaks(encoding: TextEncoding) -> bool {
    encoding.transcoder().is_none()
}

fn write_counts(out: &mut Out, c: &Counts) {
    for n in [
        c.rows,
        c.blank_lines,
        c.orders,
        c.line_item_rows,
        c.refund_rows,
        c.email_fallback_orders,
        c.refunds_moved_to_their_order,
        c.suspicious_dates_kept,
    ] {
        out.u64(n);
    }
    out.u64(c.skipped.len() as u64);
    for (k, n) in &c.skipped {
        out.u8(*k as u8);
        out.u64(*n);
    }
    out.u64(c.issues.len() as u64);
    for i in &c.issues {
        out.u64(u64::from(i.file));
        out.u64(i.line);
        out.u8(i.kind as u8);
        out.bytes(i.value.as_bytes());
    }
}

fn read_counts(inp: &mut In<'_>) -> Option<Counts> {
    let mut c = Counts {
        rows: inp.u64()?,
        blank_lines: inp.u64()?,
        orders: inp.u64()?,
        line_item_rows: inp.u64()?,
        refund_rows: inp.u64()?,
        email_fallback_orders: inp.u64()?,
        refunds_moved_to_their_order: inp.u64()?,
        suspicious_dates_kept: inp.u64()?,
        ..Counts::default()
    };
    for _ in 0..inp.len()? {
        let kind = issue_kind(inp.u8()?)?;
        c.skipped.insert(kind, inp.u64()?);
    }
    for _ in 0..inp.len()? {
        let file = u32::try_from(inp.u64()?).ok()?;
        let line = inp.u64()?;
        let kind = issue_kind(inp.u8()?)?;
        let value = inp.string()?;
        c.issues.push(super::RowIssue { file, line, kind, value });
    }
    Some(c)
}

/// The issue kind numbered `k` (its place in the enum).
pub(super) fn issue_kind(k: u8) -> Option<super::IssueKind> {
    use strum::IntoEnumIterator;
    super::IssueKind::iter().nth(usize::from(k))
}

/// Reads `bytes` as the page's workers read a split file, one range after the other, the
/// ranges starting at `cuts` (ascending), each pushed in chunks of `chunk` bytes: the same
/// [`Import`] as [`super::import_bytes`] (the tests compare them).
///
/// # Errors
/// As [`Merger::add`] and [`Merger::finish`].
pub fn import_ranges(
    bytes: &[u8],
    options: &ImportOptions,
    cuts: &[u64],
    chunk: usize,
) -> Result<Import> {
    let whole = bytes.len() <= SNIFF_LEN;
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    let reader = |start: u64, end: u64, exact: bool| -> Result<RangeReader> {
        let mut r = RangeReader::new(options, head, whole, Range { start, end, exact })?;
        let from = usize::try_from(start).unwrap_or(usize::MAX).min(bytes.len());
        for c in bytes[from..].chunks(chunk.max(1)) {
            r.push(c);
            if r.done() {
                break;
            }
        }
        Ok(r)
    };
    let starts: Vec<u64> = std::iter::once(0).chain(cuts.iter().copied()).collect();
    let end_of = |k: usize| starts.get(k + 1).copied().unwrap_or(u64::MAX);
    // The first range is the merger's own (as in the file's worker); the others come as bytes.
    let mut merger = reader(0, end_of(0), true)?.into_merger(options);
    for (k, &start) in starts.iter().enumerate().skip(1) {
        if merger.is_complete() {
            break;
        }
        let mut partial = reader(start, end_of(k), false)?.finish();
        loop {
            match merger.add(&partial)? {
                Added::Merged => break,
                Added::Complete => return merger.finish(),
                Added::Reread(at) => partial = reader(at, end_of(k), true)?.finish(),
            }
        }
    }
    merger.finish()
}
