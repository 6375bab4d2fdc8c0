//! Pack bytes → records, chunk by chunk: csv-core keeps a record that spans chunks, a byte
//! order mark is skipped and a blank file is empty; each record goes to [`Reader`] (`read.rs`),
//! which checks it and keeps what it says.

use super::read::{Header, Reader, Row, RESERVE_AFTER};
use super::Pack;
use crate::Error;

pub(super) fn read(bytes: &[u8]) -> Result<Pack, Error> {
    let mut reader = PackReader::new(bytes.len());
    reader.push(bytes)?;
    reader.finish()
}

/// A pack read chunk by chunk, as the page streams the file: its bytes are never whole in
/// memory (they were 411 MB of a 10 M-order pack's 1.3 GB). `push` the chunks in order, then
/// `finish`; an error names the line, column and reason, and the reader is done with.
pub struct PackReader {
    csv: csv_core::Reader,
    /// The record being read: its cells' bytes and ends so far (a record may span chunks).
    out: Vec<u8>,
    ends: Vec<usize>,
    n_out: usize,
    n_ends: usize,
    /// The line the record being read starts on.
    line: u64,
    /// Lines split by [`PackReader::plain_line`], which csv-core did not count, and whether
    /// csv-core's last record ended with a line feed (then the next byte starts a line, and a
    /// plain line may be split without it).
    plain_lines: u64,
    at_line_start: bool,
    /// Off: every line through csv-core (the tests compare both ways).
    plain: bool,
    header: Option<Header>,
    r: Reader,
    /// The file's size (0: unknown), the bytes read, and whether the columns were reserved.
    size_hint: usize,
    consumed: usize,
    reserved: bool,
    /// Whether the first three bytes came (a byte order mark is skipped), whether a non-blank
    /// byte came, and the bytes held back until both are known ([`PackReader::release`]).
    started: bool,
    any_text: bool,
    held: Vec<u8>,
    /// Reading a byte range of customer records ([`super::split`]): any other record is refused.
    ranged: bool,
}

impl PackReader {
    /// A reader for a pack of `size_hint` bytes (0 when unknown: nothing is reserved ahead).
    #[must_use]
    pub fn new(size_hint: usize) -> PackReader {
        let csv = csv_core::Reader::new();
        let line = csv.line();
        PackReader {
            csv,
            out: vec![0u8; 4096],
            ends: vec![0usize; 32],
            n_out: 0,
            n_ends: 0,
            line,
            plain_lines: 0,
            at_line_start: false,
            plain: true,
            header: None,
            r: Reader::new(),
            size_hint,
            consumed: 0,
            reserved: false,
            started: false,
            any_text: false,
            held: Vec::new(),
            ranged: false,
        }
    }

    /// Reads the next bytes of the file (the records they complete are checked and kept).
    ///
    /// # Errors
    /// [`Error::BadPack`] at the first problem.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), Error> {
        if self.started && self.any_text {
            return self.feed(chunk);
        }
        self.held.extend_from_slice(chunk);
        self.release(false)
    }

    /// Feeds the bytes held back once they are known: the first three (a byte order mark, skipped,
    /// may span chunks; `end`: there are no more), and blank ones until the first text (a blank
    /// file is empty, not a bad header).
    fn release(&mut self, end: bool) -> Result<(), Error> {
        if !self.started {
            if self.held.len() < 3 && !end {
                return Ok(());
            }
            self.started = true;
            if self.held.starts_with(b"\xEF\xBB\xBF") {
                self.held.drain(..3);
            }
        }
        if !self.any_text {
            self.any_text = self.held.iter().any(|b| !b.is_ascii_whitespace());
            if !self.any_text {
                return Ok(());
            }
        }
        let held = std::mem::take(&mut self.held);
        self.feed(&held)
    }

    /// The pack read.
    ///
    /// # Errors
    /// [`Error::Empty`] for no record; [`Error::BadPack`] at the first problem.
    pub fn finish(mut self) -> Result<Pack, Error> {
        self.release(true)?;
        if !self.any_text {
            return Err(Error::Empty);
        }
        self.feed(&[])?; // the last record, without a line break after it
        if self.header.is_none() {
            return Err(Error::Empty);
        }
        self.r.finish()
    }

    /// From now on the bytes are a range of customer records that starts at a record start
    /// ([`super::split`]): any other record is refused, as is a prelude that did not end at one.
    pub(super) fn enter_range(&mut self) -> Result<(), Error> {
        self.release(true)?;
        if self.header.is_none() || !self.at_record_start() {
            return Err(Error::BadPack {
                line: self.line,
                column: "record",
                reason: "inconsistent",
                value: String::new(),
            });
        }
        self.ranged = true;
        Ok(())
    }

    /// Whether the bytes read so far, which end with a line break, end at a record's end: then
    /// nothing of a record is pending. Inside a quoted field the line break itself would be
    /// pending (csv-core copies it into the field); outside one it ended the record.
    pub(super) fn at_record_start(&self) -> bool {
        self.n_out == 0 && self.n_ends == 0
    }

    /// The records read so far.
    pub(super) fn reader(&mut self) -> &mut Reader {
        &mut self.r
    }

    /// The records read, once the bytes have ended at a record's end.
    pub(super) fn into_reader(self) -> Reader {
        self.r
    }

    /// The last range's end: its last record, without a line break after it, is read.
    pub(super) fn end_of_file(&mut self) -> Result<(), Error> {
        self.feed(&[])
    }

    /// Reads `input` through csv-core, each complete record in turn (an empty `input` ends the
    /// file); a plain line (see [`PackReader::plain_line`]) at a line start is split without it.
    fn feed(&mut self, mut input: &[u8]) -> Result<(), Error> {
        use csv_core::ReadRecordResult as R;
        loop {
            while self.at_line_start && self.header.is_some() && self.at_record_start() {
                let Some(n) = self.plain_line(input) else { break };
                input = &input[n..];
                self.consumed += n;
                self.record()?;
                (self.n_out, self.n_ends) = (0, 0);
                self.plain_lines += 1;
                self.line += 1;
            }
            let (res, n_in, o, e) = self.csv.read_record(
                input,
                &mut self.out[self.n_out..],
                &mut self.ends[self.n_ends..],
            );
            if n_in > 0 {
                // Only a record that csv-core ended at a line feed leaves nothing pending in it.
                self.at_line_start =
                    self.plain && matches!(res, R::Record) && input[n_in - 1] == b'\n';
            }
            input = &input[n_in..];
            self.consumed += n_in;
            (self.n_out, self.n_ends) = (self.n_out + o, self.n_ends + e);
            match res {
                R::InputEmpty | R::End => return Ok(()),
                R::OutputFull => self.out.resize(self.out.len() * 2, 0),
                R::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                R::Record => {
                    self.record()?;
                    (self.n_out, self.n_ends) = (0, 0);
                    self.line = self.csv.line() + self.plain_lines;
                }
            }
        }
    }

    /// Splits the line `input` starts with into the record's cells, as csv-core would, when it is
    /// plain: it ends with a line feed within `input`, is not empty, and has no carriage return
    /// and no quote but cells that are exactly `""` (empty); a customer record is such a line,
    /// and a loop over its bytes is cheaper than csv-core's machine. The bytes used (the line
    /// feed too), or `None` (nothing is used: csv-core reads it), also when the line is longer
    /// than the record's buffers, which csv-core grows.
    fn plain_line(&mut self, input: &[u8]) -> Option<usize> {
        let (out, ends) = (&mut self.out, &mut self.ends);
        let (mut o, mut e, mut i) = (0usize, 0usize, 0usize);
        let mut cell_start = true;
        loop {
            match *input.get(i)? {
                b'\n' if i > 0 => break,
                b',' => {
                    *ends.get_mut(e)? = o;
                    e += 1;
                    cell_start = true;
                    i += 1;
                }
                b'"' if cell_start
                    && input.get(i + 1) == Some(&b'"')
                    && matches!(input.get(i + 2), Some(b',' | b'\n')) =>
                {
                    cell_start = false;
                    i += 2;
                }
                b'"' | b'\r' | b'\n' => return None,
                b => {
                    *out.get_mut(o)? = b;
                    o += 1;
                    cell_start = false;
                    i += 1;
                }
            }
        }
        *ends.get_mut(e)? = o;
        (self.n_out, self.n_ends) = (o, e + 1);
        Some(i + 1)
    }

    /// The record just read: the header, or a row.
    fn record(&mut self) -> Result<(), Error> {
        let (bytes, ends) = (&self.out[..self.n_out], &self.ends[..self.n_ends]);
        if ends.iter().all(|&e| e == 0) {
            return Ok(()); // an empty line
        }
        let Some(h) = self.header.as_ref() else {
            let mut cells = Vec::with_capacity(ends.len());
            let mut start = 0;
            for &end in ends {
                cells.push(&bytes[start..end]);
                start = end;
            }
            self.header = Some(Header::of(&cells)?);
            return Ok(());
        };
        let row = Row { line: self.line, bytes, ends, header: h };
        if self.ranged && !row.is_customer() {
            return Err(row.bad(0, "afterCustomers"));
        }
        self.r.record(&row)?;
        if self.r.customers() == RESERVE_AFTER && !self.reserved && self.size_hint > 0 {
            self.reserved = true;
            self.r.reserve(self.consumed, self.size_hint.saturating_sub(self.consumed));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::PackReader;
    use crate::import::{import_bytes, ImportOptions};
    use crate::pack::{export, Pack};
    use crate::Error;

    /// A pack read in chunks of `chunk` bytes, with or without splitting plain lines itself, and
    /// how many lines it split itself.
    fn read(bytes: &[u8], chunk: usize, plain: bool) -> (Result<Pack, Error>, u64) {
        let mut r = PackReader::new(bytes.len());
        r.plain = plain;
        for c in bytes.chunks(chunk) {
            if let Err(e) = r.push(c) {
                return (Err(e), r.plain_lines);
            }
        }
        let n = r.plain_lines;
        (r.finish(), n)
    }

    fn pack_of(csv: &[u8]) -> Vec<u8> {
        let i = import_bytes(csv, &ImportOptions::default()).unwrap();
        export(&i.dataset, "test-salt-0123", &i.report.currency).unwrap()
    }

    /// `bytes` with `from` replaced by `to` at its `k`-th customer record's start.
    fn at_customer(bytes: &[u8], k: usize, from: &str, to: &str) -> Vec<u8> {
        let text = String::from_utf8(bytes.to_vec()).unwrap();
        let at = text.match_indices("\ncustomer,").nth(k).unwrap().0 + 1;
        let (head, tail) = text.split_at(at);
        format!("{head}{}", tail.replacen(from, to, 1)).into_bytes()
    }

    #[test]
    fn plain_lines_split_without_csv_core_read_as_csv_core_reads_them() {
        let pack = pack_of(include_bytes!("../../tests/fixtures/pack_orders.csv"));
        let text = String::from_utf8(pack.clone()).unwrap();
        let id = text.split("\ncustomer,").nth(3).unwrap().split(',').next().unwrap().to_string();
        let variants: Vec<(&str, Vec<u8>)> = vec![
            ("as written", pack.clone()),
            ("with a byte order mark", [&b"\xEF\xBB\xBF"[..], &pack].concat()),
            ("CRLF", text.replace('\n', "\r\n").into_bytes()),
            ("a quoted id", at_customer(&pack, 2, &id, &format!("\"{id}\""))),
            ("blank lines", text.replacen("\ncustomer,", "\n\n\ncustomer,", 3).into_bytes()),
            ("a quoted line break in an id", at_customer(&pack, 4, &id, "\"a\nb\"")),
            ("a quote inside a cell", at_customer(&pack, 5, ",\"\",", ",x\"\",")),
            ("a bad day on a later line", at_customer(&pack, 6, ",20", ",19x")),
            ("no line feed at the end", pack[..pack.len() - 1].to_vec()),
        ];
        for (name, bytes) in &variants {
            let (want, by_csv_core) = read(bytes, bytes.len(), false);
            assert_eq!(by_csv_core, 0);
            for chunk in [1, 2, 3, 7, 64, 4096, bytes.len()] {
                let (got, _) = read(bytes, chunk, true);
                assert_eq!(format!("{got:?}"), format!("{want:?}"), "{name}, chunks of {chunk}");
            }
        }
        // The plain lines were split without csv-core: every record after the header whose
        // quotes are only empty cells' (every customer record).
        let plain =
            text.lines().skip(1).filter(|l| !l.replace(",\"\"", ",").contains('"')).count() as u64;
        assert!(plain >= text.matches("\ncustomer,").count() as u64 && plain > 10, "{plain}");
        assert_eq!(read(&pack, pack.len(), true).1, plain);
        // The errors name the same line either way (the bad day's).
        let (bad, _) = read(&variants[7].1, 4096, true);
        assert!(matches!(bad, Err(Error::BadPack { line, .. }) if line > 10), "{bad:?}");
    }
}
