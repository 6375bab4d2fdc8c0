//! Guessing how a file is written from its first bytes: the encoding, the delimiter, which row is
//! the header, and the column mapping.
//!
//! How this works: [`sniff`] looks at a prefix of the file (the reader gives it the first
//! [`SNIFF_LEN`] bytes, or the whole file when it is smaller). The encoding comes from the BOM,
//! else from whether the bytes are valid UTF-8 (Shift_JIS/CP932 otherwise; NUL bytes in every
//! other position mean UTF-16 without BOM). For each candidate delimiter the prefix is split into
//! records with csv-core, each of the first [`HEADER_SEARCH_ROWS`] records is scored as a header
//! with [`super::columns`], and the best (delimiter, row) wins; ties go to the delimiter whose data
//! rows have the header's width. So a title or blank lines above the header are skipped.
//!
//! Shift_JIS is never decoded as a whole: its trail bytes never collide with `,` `"` TAB CR LF,
//! so csv-core splits the raw bytes and only the cells that are needed are decoded. A trail byte
//! may be `|` (ポ is 83 7C): with that delimiter such bytes are hidden while a line is split
//! ([`crate::encoding::sjis::hide_trail_bars`]) and put back in each cell.

use super::columns::{map_columns, role_list, AmountKind, ColumnChoice, ColumnMap, Role, RoleInfo};
use crate::date::{day_order_evidence, DayOrder};
use crate::encoding::TextEncoding;
use crate::error::LooksLike;
use crate::{Error, Result};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// How many bytes of the file are looked at to guess its shape (more when its first lines are
/// longer: [`window`]).
pub const SNIFF_LEN: usize = 64 * 1024;
/// The most bytes looked at when the first lines are longer than [`SNIFF_LEN`].
pub const MAX_SNIFF_LEN: usize = 4 << 20;

/// How many of a file's first bytes `buf` the sniffer looks at: [`SNIFF_LEN`], or, when those
/// hold fewer than two line breaks (a header longer than the window, perhaps below a title
/// line), up to the second line break, so that the header is seen whole; at most
/// [`MAX_SNIFF_LEN`]. `None`: more bytes are needed (`complete`: `buf` is the whole file). The
/// answer does not change as more bytes come (so chunk sizes never change it).
///
/// ```
/// use ltv::import::sniff::{window, SNIFF_LEN};
/// let mut file = vec![b'a'; SNIFF_LEN + 10];
/// assert_eq!(window(&file, false), None); // the first line goes on
/// file.extend_from_slice(b"\n1\n2\n");
/// assert_eq!(window(&file, false), Some(SNIFF_LEN + 13)); // the header and a row
/// assert_eq!(window(b"a,b\n1,2\n", true), Some(8));
/// ```
#[must_use]
pub fn window(buf: &[u8], complete: bool) -> Option<usize> {
    if buf.len() < SNIFF_LEN {
        return complete.then_some(buf.len());
    }
    let mut breaks = buf.iter().enumerate().filter(|(_, b)| **b == b'\n');
    match breaks.nth(1) {
        Some((i, _)) => Some((i + 1).clamp(SNIFF_LEN, MAX_SNIFF_LEN)),
        None if complete || buf.len() >= MAX_SNIFF_LEN => Some(buf.len().min(MAX_SNIFF_LEN)),
        None => None,
    }
}
/// How many records from the top may be a title/notes before the header.
pub const HEADER_SEARCH_ROWS: usize = 20;
/// How many data rows are kept to show the user next to the mapping.
pub const SAMPLE_ROWS: usize = 5;

/// What [`sniff`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sniffed {
    /// The encoding.
    pub encoding: TextEncoding,
    /// True when the caller chose the encoding; false when it was detected.
    pub encoding_given: bool,
    /// Bytes of BOM at the start of the file (skipped).
    pub bom_len: usize,
    /// The field delimiter: `,` TAB `;` or `|`.
    pub delimiter: u8,
    /// The header's record number (0-based, counting csv-core records, blank lines excluded).
    pub header_record: u64,
    /// False when the caller said the file has no header row: every record is data, and the
    /// columns are named by position (`#1`, `#2`, …).
    pub has_header: bool,
    /// The header row looks like data (dates, e-mails, numbers in it): the file may have no
    /// header row.
    pub header_looks_like_data: bool,
    /// The header cells, decoded.
    pub header: Vec<String>,
    /// The mapping of columns to roles.
    pub map: ColumnMap,
    /// The first data rows, decoded, to show next to the mapping.
    pub sample: Vec<Vec<String>>,
    /// The day order of `a/b/yyyy` dates, when the sample decides it.
    pub day_order: Option<DayOrder>,
    /// Whether the date column holds `a/b/yyyy` dates at all (then the day order matters).
    pub day_order_matters: bool,
    /// The currency the amounts are written in (`$` → USD, `€` → EUR, …), when they say.
    pub currency: Option<&'static str>,
    /// The header looks like text that was decoded with the wrong encoding and saved again
    /// (文字化け, e.g. `繝・Φ繝励Ξ`): the user should export the file again.
    pub mojibake: bool,
    /// A per-customer summary file (frequency, recency, T, …) instead of orders.
    pub summary: Option<super::summary_file::SummaryColumns>,
}

/// The caller's overrides for sniffing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SniffOptions {
    /// Forces the encoding.
    pub encoding: Option<TextEncoding>,
    /// Forces the delimiter.
    pub delimiter: Option<u8>,
    /// Forces columns per role.
    pub columns: ColumnChoice,
    /// The file has no header row: the first row is data, the columns are named by position
    /// (`#1`, `#2`, …) and their roles guessed from what the cells hold.
    pub no_header: bool,
}

/// What a cell holds, for telling a row of data from a header and for guessing the columns of a
/// file without a header row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Blank,
    Email,
    Date,
    Number,
    Text,
}

fn shape(cell: &str) -> Shape {
    let c = cell.trim();
    if c.is_empty() {
        return Shape::Blank;
    }
    if let Some((local, domain)) = c.split_once('@') {
        if !local.is_empty() && domain.contains('.') && !c.contains(char::is_whitespace) {
            return Shape::Email;
        }
    }
    // A date spells its year: `2024-03-05`, `2024/3/5`, `2024年3月5日`, `3/5/2024`, `20240305`
    // (a bare number may be an Excel serial day, but it reads as an amount first).
    let digits = c.bytes().filter(u8::is_ascii_digit).count();
    let separated = c.contains(['-', '/', '年', '.']) && digits >= 6;
    let compact = c.len() == 8 && digits == 8 && (c.starts_with("19") || c.starts_with("20"));
    if (separated || compact) && crate::date::parse_stamp(c, DayOrder::MonthFirst).is_ok() {
        return Shape::Date;
    }
    if crate::money::parse_amount(c).is_ok_and(|v| v.is_some()) {
        return Shape::Number;
    }
    Shape::Text
}

/// Whether a header row looks like a row of data: it holds an e-mail or a date, or two numbers
/// (a real header names its columns).
pub(crate) fn looks_like_data(header: &[String]) -> bool {
    let shapes: Vec<Shape> = header.iter().map(|h| shape(h)).collect();
    shapes.iter().any(|s| matches!(s, Shape::Email | Shape::Date))
        || shapes.iter().filter(|s| **s == Shape::Number).count() >= 2
}

/// The names of the columns of a file without a header row: `#1`, `#2`, ….
fn position_names(width: usize) -> Vec<String> {
    (1..=width).map(|i| format!("#{i}")).collect()
}

/// The roles of a file without a header row, from what its cells hold (a column's shape is the
/// one of at least four fifths of its non-blank cells): the first column of e-mails, the first
/// of dates, the last of numbers (the total is usually right of any number column), and for the
/// customer the first column of text, else the first other column of numbers. Column names as
/// [`position_names`].
fn guess_roles(rows: &[Vec<String>], width: usize) -> BTreeMap<String, String> {
    let shape_of = |j: usize| {
        let shapes: Vec<Shape> =
            rows.iter().map(|r| r.get(j).map_or(Shape::Blank, |c| shape(c))).collect();
        let filled = shapes.iter().filter(|s| **s != Shape::Blank).count();
        [Shape::Email, Shape::Date, Shape::Number, Shape::Text]
            .into_iter()
            .find(|k| filled > 0 && shapes.iter().filter(|s| *s == k).count() * 5 >= filled * 4)
            .unwrap_or(Shape::Blank)
    };
    let shapes: Vec<Shape> = (0..width).map(shape_of).collect();
    let first = |k: Shape, not: &[Option<usize>]| {
        (0..width).find(|j| shapes[*j] == k && !not.contains(&Some(*j)))
    };
    let email = first(Shape::Email, &[]);
    let date = first(Shape::Date, &[]);
    let amount = (0..width).rev().find(|j| shapes[*j] == Shape::Number);
    let customer = first(Shape::Text, &[]).or_else(|| first(Shape::Number, &[amount, date, email]));
    let mut roles = BTreeMap::new();
    for (role, col) in
        [("email", email), ("date", date), ("amount", amount), ("customer", customer)]
    {
        if let Some(j) = col {
            roles.insert(role.to_owned(), format!("#{}", j + 1));
        }
    }
    roles
}

/// Detects the encoding of a prefix: `(encoding, bom length)`.
///
/// ```
/// use ltv::{encoding::TextEncoding, import::sniff::detect_encoding};
/// assert_eq!(detect_encoding(b"\xEF\xBB\xBFid,amount\n", true).unwrap(), (TextEncoding::Utf8, 3));
/// assert_eq!(detect_encoding(b"\x89\xEF\x88\xF5ID\n", true).unwrap(), (TextEncoding::ShiftJis, 0));
/// ```
///
/// # Errors
/// [`Error::Empty`] for no bytes, [`Error::NotText`] for a workbook or binary data.
pub fn detect_encoding(prefix: &[u8], complete: bool) -> Result<(TextEncoding, usize)> {
    if prefix.is_empty() {
        return Err(Error::Empty);
    }
    match prefix {
        [0xEF, 0xBB, 0xBF, ..] => return Ok((TextEncoding::Utf8, 3)),
        [0xFF, 0xFE, ..] => return Ok((TextEncoding::Utf16le, 2)),
        [0xFE, 0xFF, ..] => return Ok((TextEncoding::Utf16be, 2)),
        [b'P', b'K', 3, 4, ..] => return Err(Error::NotText { looks_like: LooksLike::Xlsx }),
        [0xD0, 0xCF, 0x11, 0xE0, ..] => return Err(Error::NotText { looks_like: LooksLike::Xls }),
        [b'%', b'P', b'D', b'F', ..] => return Err(Error::NotText { looks_like: LooksLike::Pdf }),
        _ => {}
    }
    let nul_at = |parity: usize| {
        prefix.iter().skip(parity).step_by(2).take(512).filter(|b| **b == 0).count()
    };
    let (even, odd) = (nul_at(0), nul_at(1));
    let pairs = prefix.len().min(1024) / 2;
    if pairs > 0 && odd * 10 >= pairs * 8 && even == 0 {
        return Ok((TextEncoding::Utf16le, 0));
    }
    if pairs > 0 && even * 10 >= pairs * 8 && odd == 0 {
        return Ok((TextEncoding::Utf16be, 0));
    }
    let controls = prefix
        .iter()
        .take(4096)
        .filter(|b| matches!(**b, 0..=8 | 14..=25 | 27..=31) && **b != 0x1A)
        .count();
    if controls > 0 {
        return Err(Error::NotText { looks_like: LooksLike::Binary });
    }
    match std::str::from_utf8(prefix) {
        Ok(_) => Ok((TextEncoding::Utf8, 0)),
        // A character cut at the end of the prefix is still UTF-8.
        Err(e) if e.error_len().is_none() && !complete => Ok((TextEncoding::Utf8, 0)),
        Err(_) => Ok((TextEncoding::ShiftJis, 0)),
    }
}

/// The bytes csv-core should see for a prefix: UTF-16 transcoded to UTF-8, others as they are
/// (without the BOM).
fn csv_bytes(prefix: &[u8], encoding: TextEncoding, bom_len: usize) -> Cow<'_, [u8]> {
    let body = &prefix[bom_len.min(prefix.len())..];
    match encoding.transcoder() {
        Some(mut dec) => {
            // Not finished: a unit cut by the end of the prefix is left out.
            let mut out = Vec::with_capacity(body.len() * 3 / 2 + 16);
            dec.decode(body, &mut out);
            Cow::Owned(out)
        }
        None => Cow::Borrowed(body),
    }
}

/// Splits `bytes` into records with csv-core. When `complete` is false the last (possibly cut)
/// record is dropped.
pub(crate) fn records(
    bytes: &[u8],
    encoding: TextEncoding,
    delimiter: u8,
    complete: bool,
    limit: usize,
) -> Vec<Vec<Vec<u8>>> {
    // A `|` may be the second byte of a Shift_JIS character: hidden while the lines are split.
    let bars = encoding == TextEncoding::ShiftJis && delimiter == b'|';
    let hidden;
    let bytes = if bars {
        let mut copy = bytes.to_vec();
        crate::encoding::sjis::hide_trail_bars(&mut copy, &mut false);
        hidden = copy;
        &hidden[..]
    } else {
        bytes
    };
    let mut rdr = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
    let mut out = vec![0u8; 4096];
    let mut ends = vec![0usize; 64];
    let (mut n_out, mut n_ends) = (0, 0);
    let mut input = bytes;
    let mut recs = Vec::new();
    let mut finished_input = false;
    loop {
        let (res, n_in, o, e) = rdr.read_record(input, &mut out[n_out..], &mut ends[n_ends..]);
        input = &input[n_in..];
        n_out += o;
        n_ends += e;
        match res {
            csv_core::ReadRecordResult::InputEmpty => {
                if !complete || finished_input {
                    break;
                }
                finished_input = true;
                input = &[];
            }
            csv_core::ReadRecordResult::OutputFull => out.resize(out.len() * 2, 0),
            csv_core::ReadRecordResult::OutputEndsFull => ends.resize(ends.len() * 2, 0),
            csv_core::ReadRecordResult::Record => {
                let mut start = 0;
                let rec = ends[..n_ends]
                    .iter()
                    .map(|&end| {
                        let mut f = out[start..end].to_vec();
                        if bars {
                            crate::encoding::sjis::restore_trail_bars(&mut f);
                        }
                        start = end;
                        f
                    })
                    .collect();
                recs.push(rec);
                (n_out, n_ends) = (0, 0);
                if recs.len() >= limit {
                    break;
                }
            }
            csv_core::ReadRecordResult::End => break,
        }
    }
    recs
}

/// Guesses the shape of a file from its first bytes. `complete` says the prefix is the whole file.
///
/// # Errors
/// [`Error::Empty`], [`Error::NotText`], [`Error::MissingColumns`] when no row names a date, an
/// amount and a customer, and the column errors of [`map_columns`].
pub fn sniff(prefix: &[u8], complete: bool, options: &SniffOptions) -> Result<Sniffed> {
    let (encoding, bom_len) = match options.encoding {
        Some(enc) => {
            let bom = match (enc, prefix) {
                (TextEncoding::Utf8, [0xEF, 0xBB, 0xBF, ..]) => 3,
                (TextEncoding::Utf16le, [0xFF, 0xFE, ..]) => 2,
                (TextEncoding::Utf16be, [0xFE, 0xFF, ..]) => 2,
                _ => 0,
            };
            if prefix.is_empty() {
                return Err(Error::Empty);
            }
            (enc, bom)
        }
        None => detect_encoding(prefix, complete)?,
    };
    let bytes = csv_bytes(prefix, encoding, bom_len);
    if bytes.iter().all(|b| b.is_ascii_whitespace() || *b == 0x1A) {
        return Err(Error::Empty);
    }
    let delimiters: &[u8] = match options.delimiter {
        Some(ref d) => std::slice::from_ref(d),
        None => b",\t;|",
    };
    let decode_row = |rec: &[Vec<u8>]| -> Vec<String> {
        rec.iter().map(|f| encoding.decode_cell(f).trim().to_owned()).collect()
    };
    if options.no_header {
        return sniff_without_header(
            &bytes,
            complete,
            options,
            encoding,
            bom_len,
            delimiters,
            &decode_row,
        );
    }

    /// The best header so far: (score, same-width rows, delimiter, header row, records).
    type Candidate = (u32, usize, u8, usize, Vec<Vec<Vec<u8>>>);
    let mut best: Option<Candidate> = None;
    for &delim in delimiters {
        let recs = records(&bytes, encoding, delim, complete, HEADER_SEARCH_ROWS + 200);
        for (i, rec) in recs.iter().enumerate().take(HEADER_SEARCH_ROWS) {
            if rec.len() < 2 {
                continue;
            }
            let header = decode_row(rec);
            let Ok(map) = map_columns(&header, &ColumnChoice::default()) else { continue };
            // A per-customer summary file's header beats any order columns.
            let summary = super::summary_file::summary_columns(&header).is_some();
            let score = if summary { 1000 } else { map.score() };
            let width = recs[i + 1..].iter().filter(|r| r.len() == rec.len()).count();
            let better = match &best {
                None => score > 0,
                Some((s, w, ..)) => (score, width) > (*s, *w),
            };
            if better {
                best = Some((score, width, delim, i, recs.clone()));
            }
        }
    }
    let Some((_, _, delimiter, header_i, recs)) = best else {
        let first = records(&bytes, encoding, delimiters[0], complete, 1);
        let header = first.first().map(|r| decode_row(r)).unwrap_or_default();
        if options.columns.by_role.is_empty() {
            return Err(Error::MissingColumns {
                missing: vec!["customer", "date", "amount"],
                looks_like_data: looks_like_data(&header),
                header,
            });
        }
        // The caller named the columns: trust the first row as the header.
        return finish_sniff(
            encoding,
            options,
            bom_len,
            delimiters[0],
            0,
            header,
            &[],
            &decode_row,
        );
    };
    let header = decode_row(&recs[header_i]);
    finish_sniff(
        encoding,
        options,
        bom_len,
        delimiter,
        header_i,
        header,
        &recs[header_i + 1..],
        &decode_row,
    )
}

/// [`sniff`] of a file without a header row: the delimiter that splits the first rows into the
/// most rows of one width (two columns or more), the columns named by position and their roles
/// guessed from the cells (the caller's choice wins).
fn sniff_without_header(
    bytes: &[u8],
    complete: bool,
    options: &SniffOptions,
    encoding: TextEncoding,
    bom_len: usize,
    delimiters: &[u8],
    decode_row: &dyn Fn(&[Vec<u8>]) -> Vec<String>,
) -> Result<Sniffed> {
    /// The best delimiter so far: (rows of the common width, that width, delimiter, records).
    type Split = (usize, usize, u8, Vec<Vec<Vec<u8>>>);
    let mut best: Option<Split> = None;
    for &delim in delimiters {
        let recs = records(bytes, encoding, delim, complete, HEADER_SEARCH_ROWS + 200);
        let mut widths: BTreeMap<usize, usize> = BTreeMap::new();
        for r in recs.iter().filter(|r| r.len() >= 2) {
            *widths.entry(r.len()).or_default() += 1;
        }
        let Some((&width, &rows)) = widths.iter().max_by_key(|(w, n)| (**n, **w)) else {
            continue;
        };
        if best.as_ref().is_none_or(|(n, ..)| rows > *n) {
            best = Some((rows, width, delim, recs));
        }
    }
    let Some((_, width, delimiter, recs)) = best else {
        return Err(Error::MissingColumns {
            missing: vec!["customer", "date", "amount"],
            header: Vec::new(),
            looks_like_data: false,
        });
    };
    let header = position_names(width);
    let sample: Vec<Vec<String>> = recs.iter().take(50).map(|r| decode_row(r)).collect();
    let mut by_role = guess_roles(&sample, width);
    by_role.extend(options.columns.by_role.clone());
    let options = SniffOptions {
        columns: ColumnChoice { by_role, adjustments: options.columns.adjustments.clone() },
        ..options.clone()
    };
    let mut s = finish_sniff(encoding, &options, bom_len, delimiter, 0, header, &recs, decode_row)?;
    s.has_header = false;
    Ok(s)
}

/// How the first bytes of a file look, for the page before the import: encoding, delimiter,
/// header, mapping and sample rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Preview {
    /// The encoding.
    pub encoding: TextEncoding,
    /// Whether it was detected (false: chosen by the caller).
    pub encoding_detected: bool,
    /// The delimiter, as text.
    pub delimiter: String,
    /// The header cells.
    pub header: Vec<String>,
    /// Role → header text of the chosen column.
    pub mapping: BTreeMap<&'static str, String>,
    /// What the amount column holds, when there is one.
    pub amount_kind: Option<AmountKind>,
    /// Columns added to the amount or subtracted from it.
    pub amount_adjustments: Vec<super::report::AdjustmentColumn>,
    /// The first data rows.
    pub sample: Vec<Vec<String>>,
    /// The day order of `a/b/yyyy` dates, when the sample decides it.
    pub day_order: Option<DayOrder>,
    /// Whether the file has `a/b/yyyy` dates.
    pub day_order_matters: bool,
    /// Every role with whether it is needed, in the order the import check lists them.
    pub roles: Vec<RoleInfo>,
}

/// [`sniff`], as the page shows it.
///
/// # Errors
/// As [`sniff`].
pub fn preview(prefix: &[u8], complete: bool, options: &SniffOptions) -> Result<Preview> {
    let w = window(prefix, complete).unwrap_or(prefix.len());
    let s = sniff(&prefix[..w], complete && w == prefix.len(), options)?;
    Ok(Preview {
        encoding: s.encoding,
        encoding_detected: !s.encoding_given,
        delimiter: (s.delimiter as char).to_string(),
        mapping: s.map.assigned().map(|(r, i)| (r.name(), s.header[i].clone())).collect(),
        amount_kind: s.map.amount_kind,
        amount_adjustments: super::report::AdjustmentColumn::of(&s.map.adjustments, &s.header),
        header: s.header,
        sample: s.sample,
        day_order: s.day_order,
        day_order_matters: s.day_order_matters,
        roles: role_list(),
    })
}

#[allow(clippy::too_many_arguments)]
fn finish_sniff(
    encoding: TextEncoding,
    options: &SniffOptions,
    bom_len: usize,
    delimiter: u8,
    header_i: usize,
    header: Vec<String>,
    data: &[Vec<Vec<u8>>],
    decode_row: &dyn Fn(&[Vec<u8>]) -> Vec<String>,
) -> Result<Sniffed> {
    let summary = super::summary_file::summary_columns(&header);
    let map = map_columns(&header, &options.columns)?;
    let missing = map.missing();
    let header_looks_like_data = !options.no_header && looks_like_data(&header);
    if !missing.is_empty() && summary.is_none() {
        return Err(Error::MissingColumns {
            missing,
            header,
            looks_like_data: header_looks_like_data,
        });
    }
    let rows: Vec<Vec<String>> = data
        .iter()
        .filter(|r| !(r.len() <= 1 && r.first().is_none_or(|f| f.is_empty())))
        .map(|r| decode_row(r))
        .collect();
    let (mut first_evidence, mut matters) = (None, false);
    if let Some(col) = map.get(Role::Date) {
        for cell in rows.iter().filter_map(|r| r.get(col)) {
            matters |= crate::date::needs_day_order(cell);
            if first_evidence.is_none() {
                first_evidence = day_order_evidence(cell);
            }
        }
    }
    let currency = map
        .get(Role::Amount)
        .and_then(|col| rows.iter().filter_map(|r| r.get(col)).find_map(|cell| currency_of(cell)));
    let mojibake = looks_like_mojibake(&header.join(""));
    Ok(Sniffed {
        summary,
        currency,
        mojibake,
        encoding,
        encoding_given: options.encoding.is_some(),
        bom_len,
        delimiter,
        header_record: header_i as u64,
        has_header: true,
        header_looks_like_data,
        header,
        map,
        sample: rows.into_iter().take(SAMPLE_ROWS).collect(),
        day_order: first_evidence,
        day_order_matters: matters,
    })
}

/// The currency a money cell names by its sign or code, if any.
fn currency_of(cell: &str) -> Option<&'static str> {
    let upper = cell.to_ascii_uppercase();
    [("JPY", "JPY"), ("USD", "USD"), ("EUR", "EUR"), ("GBP", "GBP"), ("US$", "USD")]
        .iter()
        .find(|(code, _)| upper.contains(code))
        .map(|(_, c)| *c)
        .or_else(|| match cell.chars().find(|c| "¥￥円$€£".contains(*c))? {
            '$' => Some("USD"),
            '€' => Some("EUR"),
            '£' => Some("GBP"),
            _ => Some("JPY"),
        })
}

/// Signs of text decoded with the wrong encoding and saved again: UTF-8 read as CP932 gives runs
/// of rare kanji such as 繝 縺 螟 蜿; UTF-8 read as Latin-1 gives `Ã`, `â€`; and U+FFFD is a
/// character that was lost.
fn looks_like_mojibake(text: &str) -> bool {
    const SIGNS: [&str; 9] = ["\u{FFFD}", "繝", "縺", "螟", "蜿", "譁", "Ã", "â€", "ï¼"];
    SIGNS.iter().any(|s| text.contains(s))
}

#[cfg(test)]
mod tests;
