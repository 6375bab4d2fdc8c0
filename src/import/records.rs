//! Records from bytes: csv-core for every line with a quote, a fast path for the rest, UTF-16
//! transcoded chunk by chunk, a BOM skipped. Chunk boundaries never change a record.
//!
//! How this works: [`RecordReader::feed`] takes the file in chunks of any size and calls back once
//! per complete record (as csv-core itself returns one record at a time); it owns no row logic.
//! Complete lines without any `"` are split here, eight bytes at a time, without csv-core (which
//! would copy every byte); csv-core takes over at the first line with a quote, a lone CR, or a
//! line cut by the chunk's end. Both give the same fields.
//!
//! Advice for hackers: csv-core reports a record when it has consumed its terminator, so the line
//! a record started on is computed from `line()` minus the newlines inside it (see
//! [`RecordReader::take_record`]). The tests feed every file in every chunk size.

use crate::encoding::{utf16::Utf16Decoder, TextEncoding};

/// Splits a file into records, chunk by chunk; each complete record goes to the caller's
/// callback with its index and the line it starts on.
#[derive(Debug)]
pub(crate) struct RecordReader {
    csv: csv_core::Reader,
    out: Vec<u8>,
    ends: Vec<usize>,
    n_out: usize,
    n_ends: usize,
    /// BOM bytes still to skip.
    skip: usize,
    /// UTF-16 → UTF-8 transcoder.
    transcoder: Option<Utf16Decoder>,
    utf8: Vec<u8>,
    /// A `|`-separated Shift_JIS file: whether the last byte fed was a character's first byte
    /// (its `|` second bytes are hidden before csv-core splits the line, and put back in each
    /// field; the fast path, which would hand out the hidden bytes, is not taken).
    bars: Option<bool>,
    /// Records seen so far (blank lines excluded): the next record's index.
    records: u64,
    /// The delimiter (for the quote-free fast path).
    delimiter: u8,
    /// csv-core is between records: the fast path may take the next lines.
    at_record_start: bool,
    /// csv-core has been given a byte. Its first call strips a UTF-8 BOM at the start of its
    /// input, which is wherever it first takes over (a line with a quote, a range's start): the
    /// first call gets one byte, so that a BOM there stays text, as on the fast path.
    csv_started: bool,
    /// The last record ended at a `\r`: the next byte goes to csv-core (a `\n` to skip).
    after_cr: bool,
    /// Field ends of a fast-path line.
    fast_ends: Vec<usize>,
    /// The input is over: a record csv-core still returns was cut by the end of the file inside
    /// a quoted field.
    at_eof: bool,
    /// A quote that was never closed (set by [`RecordReader::finish`]).
    unclosed: Option<UnclosedQuote>,
    /// The offset in the file of the next byte parsed (`None` for UTF-16, whose records are
    /// transcoded: their offsets are not the file's).
    pos: Option<u64>,
    /// The offset of the record csv-core is reading, when it began at a known line start.
    rec_start: Option<u64>,
    /// `rec_start` is where csv-core took over, before the record's first byte: the empty lines
    /// csv-core skips there move it on.
    rec_open: bool,
}

/// A quoted field still open at the end of the file: its record is not a row, and every line
/// from the record's start to the end was swallowed by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct UnclosedQuote {
    /// The line the record starts on.
    pub first: u64,
    /// The line the quote opens on.
    pub open: u64,
    /// The file's last line with text.
    pub last: u64,
}

impl RecordReader {
    /// A reader of a file in `encoding`, whose first `bom_len` bytes are a byte-order mark.
    pub(crate) fn new(encoding: TextEncoding, delimiter: u8, bom_len: usize) -> RecordReader {
        RecordReader::at(encoding, delimiter, bom_len, 0)
    }

    /// A reader of the bytes from `offset` on (a byte range of a file read by several workers):
    /// records carry their offset in the file.
    pub(crate) fn at(
        encoding: TextEncoding,
        delimiter: u8,
        bom_len: usize,
        offset: u64,
    ) -> RecordReader {
        let transcoder = encoding.transcoder();
        let pos = transcoder.is_none().then_some(offset);
        let bars = (encoding == TextEncoding::ShiftJis && delimiter == b'|').then_some(false);
        RecordReader {
            csv: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            out: vec![0; 1024],
            ends: vec![0; 64],
            n_out: 0,
            n_ends: 0,
            skip: bom_len,
            transcoder,
            utf8: Vec::new(),
            bars,
            records: 0,
            delimiter,
            at_record_start: true,
            csv_started: false,
            after_cr: false,
            fast_ends: Vec::with_capacity(64),
            at_eof: false,
            unclosed: None,
            pos,
            rec_start: None,
            rec_open: false,
        }
    }

    fn advance(&mut self, n: usize) {
        if let Some(p) = self.pos.as_mut() {
            *p += n as u64;
        }
    }

    /// Reads `chunk`; a record cut by its end is completed by the next call.
    pub(crate) fn feed(&mut self, mut chunk: &[u8], on_record: &mut impl FnMut(Record<'_>)) {
        if self.skip > 0 {
            let n = self.skip.min(chunk.len());
            self.skip -= n;
            chunk = &chunk[n..];
            self.advance(n);
        }
        if chunk.is_empty() {
            return; // csv-core reads an empty slice as the end of the input
        }
        match self.transcoder.as_mut() {
            None if self.bars.is_some() => {
                let mut hidden = std::mem::take(&mut self.utf8);
                hidden.clear();
                hidden.extend_from_slice(chunk);
                if let Some(lead) = self.bars.as_mut() {
                    crate::encoding::sjis::hide_trail_bars(&mut hidden, lead);
                }
                self.parse(&hidden, on_record);
                self.utf8 = hidden;
            }
            None => self.parse(chunk, on_record),
            Some(dec) => {
                let mut utf8 = std::mem::take(&mut self.utf8);
                utf8.clear();
                dec.decode(chunk, &mut utf8);
                if !utf8.is_empty() {
                    // A chunk inside one code unit decodes to nothing: no end of input.
                    self.parse(&utf8, on_record);
                }
                self.utf8 = utf8;
            }
        }
    }

    /// Ends the input: a last line without a line break is a record too.
    pub(crate) fn finish(&mut self, on_record: &mut impl FnMut(Record<'_>)) {
        if let Some(mut dec) = self.transcoder.take() {
            let mut tail = Vec::with_capacity(16);
            dec.finish(&mut tail);
            if !tail.is_empty() {
                self.parse(&tail, on_record); // an empty slice would end the input
            }
        }
        // A last line without a line break gets one, so csv-core returns it as usual; inside a
        // quoted field the break is text, and the empty slice that tells csv-core the input is
        // over then returns a record cut by the end of the file: a quote never closed.
        self.parse(b"\n", on_record);
        self.at_eof = true;
        self.parse(&[], on_record);
    }

    /// A quote opened and never closed, once [`RecordReader::finish`] has run.
    pub(crate) fn unclosed_quote(&self) -> Option<UnclosedQuote> {
        self.unclosed
    }

    fn parse(&mut self, mut input: &[u8], on_record: &mut impl FnMut(Record<'_>)) {
        use csv_core::ReadRecordResult::*;
        let at_end = input.is_empty();
        loop {
            if self.at_record_start && !at_end {
                let taken = self.fast_lines(input, on_record);
                input = &input[taken..];
                self.advance(taken);
                if input.is_empty() {
                    return;
                }
                self.at_record_start = false;
                // csv-core takes over at the start of a line: its record starts here, or after
                // the empty lines there (csv-core skips them).
                self.rec_start = self.pos;
                self.rec_open = true;
            }
            // After a record that ended at `\r`, one byte goes to csv-core: a `\n` completes the
            // CRLF; anything else starts the next record there.
            let step = if self.after_cr || !self.csv_started {
                &input[..input.len().min(1)]
            } else {
                input
            };
            self.csv_started |= !step.is_empty();
            let (res, n_in, n_out, n_ends) = self.csv.read_record(
                step,
                &mut self.out[self.n_out..],
                &mut self.ends[self.n_ends..],
            );
            if self.after_cr && n_in > 0 {
                self.after_cr = false;
                if input[0] == b'\n' {
                    self.at_record_start = true;
                } else {
                    self.rec_start = None; // after a lone CR: the start is not tracked
                    self.rec_open = false;
                }
            }
            let consumed = &input[..n_in];
            input = &input[n_in..];
            self.advance(n_in);
            if self.rec_open {
                let blank = consumed.iter().take_while(|b| matches!(b, b'\r' | b'\n')).count();
                if let Some(start) = self.rec_start.as_mut() {
                    *start += blank as u64;
                }
                self.rec_open = blank == consumed.len();
            }
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
                    self.take_record(ended_by_lf, on_record);
                    self.rec_start = None;
                    self.rec_open = false;
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
    fn fast_lines(&mut self, input: &[u8], on_record: &mut impl FnMut(Record<'_>)) -> usize {
        if self.bars.is_some() {
            return 0;
        }
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
            let index = self.records;
            self.records += 1;
            let fields = Fields { data: &input[start..end], ends: &self.fast_ends, sep: 1 };
            let offset = self.pos.map(|p| p + start as u64);
            on_record(Record { index, line: line_no, offset, fields });
        }
        self.csv.set_line(self.csv.line() + lines);
        pos
    }

    /// Hands over one complete record in `out[..n_out]` / `ends[..n_ends]`.
    fn take_record(&mut self, ended_by_lf: bool, on_record: &mut impl FnMut(Record<'_>)) {
        if self.bars.is_some() {
            let mut start = 0;
            for &end in &self.ends[..self.n_ends] {
                crate::encoding::sjis::restore_trail_bars(&mut self.out[start..end]);
                start = end;
            }
        }
        let data = &self.out[..self.n_out];
        // `line()` counts every `\n` consumed so far: remove the ones inside the record and the
        // terminator (a CRLF record ends at its `\r`, so its `\n` is not counted yet).
        let inner = count_newlines(data);
        let line = self.csv.line() - inner - u64::from(ended_by_lf);
        if self.at_eof {
            // The open field is the record's last one; its text runs to the end of the file
            // (with the line break `finish` added).
            let ends = &self.ends[..self.n_ends];
            let field_start = match ends.len() {
                0 | 1 => 0,
                n => ends[n - 2],
            };
            let text = data.trim_ascii_end();
            self.unclosed = Some(UnclosedQuote {
                first: line,
                open: line + count_newlines(&data[..field_start.min(data.len())]),
                last: line + count_newlines(text),
            });
            return;
        }
        let index = self.records;
        self.records += 1;
        let fields = Fields { data, ends: &self.ends[..self.n_ends], sep: 0 };
        on_record(Record { index, line, offset: self.rec_start, fields });
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

/// One record: its index among the file's records (blank lines excluded), the line it starts on
/// (1-based) and its cells.
pub(crate) struct Record<'a> {
    /// 0 for the first record of the file.
    pub index: u64,
    /// The line the record starts on.
    pub line: u64,
    /// Its first byte's offset in the file, when known (not for UTF-16, nor after a lone CR).
    pub offset: Option<u64>,
    /// Its cells.
    pub fields: Fields<'a>,
}

/// The cells of one record.
pub(crate) struct Fields<'a> {
    data: &'a [u8],
    ends: &'a [usize],
    /// Bytes between fields: 0 in csv-core's output, 1 (the delimiter) in a raw line.
    sep: usize,
}

impl Fields<'_> {
    /// Cell `i`, trimmed of spaces; empty when the row is shorter.
    pub(crate) fn get(&self, i: usize) -> &[u8] {
        let Some(&end) = self.ends.get(i) else { return &[] };
        let start = if i == 0 { 0 } else { self.ends[i - 1] + self.sep };
        self.data[start..end].trim_ascii()
    }

    pub(crate) fn is_blank(&self) -> bool {
        (0..self.len()).all(|i| self.get(i).is_empty())
    }

    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
