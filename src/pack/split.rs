//! One large pack read by several workers at once (issue 18): each worker reads the pack's
//! prelude and then one byte range of its customer records ([`RangeReader`]); the ranges'
//! customers are appended, in file order, to the first range's ([`Merger`]), which gives the
//! same [`Pack`] as one [`PackReader`] reading the whole file.
//!
//! How this works. A pack's records are `meta`, `channel`, `product` (and the aggregates), then
//! only `customer` records, one per line. [`plan`] finds the first line that starts with
//! `customer,` in the file's head: the prelude ends there. It cuts what follows at nominal
//! offsets `b₁ < b₂ < …`; a range runs from the first line start at or after its `b` to the
//! first line start at or after the next one, so the ranges tile the customer records. Every
//! worker reads the prelude first (it says which columns hold what, the profit, channel and
//! product flags, and how many channels and products there are), then its range.
//!
//! Only a line break outside quotes ends a record, and a customer record has no reason to quote
//! one, but an id may. So each reader checks its own boundaries: the prelude must end where a
//! record ends, every record in a range must be a `customer` record, and a range must end where
//! a record ends (not inside a quoted field). By induction from the file's start every range
//! then starts at a record start, and the records read are the records one reader reads. When
//! a check fails, or a range has an error, the caller reads the file with one worker, which
//! reports the error at its line, as always.

use super::read::Reader;
use super::stream::PackReader;
use super::Pack;
use crate::wire::{In, Out};
use crate::Error;

/// Packs smaller than this are read by one worker.
pub const MIN_SPLIT_BYTES: u64 = 8 << 20;
/// No range is smaller than this.
const MIN_RANGE_BYTES: u64 = 4 << 20;

/// Where a pack of `size` bytes whose first bytes are `head` is cut for `workers` readers: the
/// prelude's end (the start of the first range), then the nominal start of every other range.
/// Empty when one worker should read it: small, or no customer record in the head (an
/// aggregates-only pack, a long prelude, or a `record` column that is not the first).
#[must_use]
pub fn plan(head: &[u8], size: u64, workers: u32) -> Vec<u64> {
    if size < MIN_SPLIT_BYTES || workers < 2 {
        return Vec::new();
    }
    let Some(first) = prelude_end(head) else {
        return Vec::new();
    };
    let body = size.saturating_sub(first);
    let n = u64::from(workers).min(body / MIN_RANGE_BYTES);
    if n < 2 {
        return Vec::new();
    }
    std::iter::once(first).chain((1..n).map(|k| first + body / n * k)).collect()
}

/// The prelude's end in a pack's first bytes: the start of the line of its first customer
/// record (`None`: none in `head`).
#[must_use]
pub fn prelude_end(head: &[u8]) -> Option<u64> {
    let needle = b"\ncustomer,";
    head.windows(needle.len()).position(|w| w == needle).map(|at| at as u64 + 1)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Reading the prelude (`push_prelude`).
    Prelude,
    /// Skipping to the range's first line start.
    Skip,
    /// Reading the range's records.
    Read,
    /// Past the range's last line.
    Done,
}

/// The reader of one range of a split pack: `push_prelude` the bytes before the prelude's end,
/// then `push` the bytes from [`RangeReader::from`] until [`RangeReader::done`] (or the file's
/// end), then [`RangeReader::finish`] (its customers, to send to the merging worker) or, for
/// the first range, [`RangeReader::into_merger`].
pub struct RangeReader {
    reader: PackReader,
    /// The range's nominal start and end (`u64::MAX`: the file's end).
    start: u64,
    end: u64,
    /// The file offset of the next byte `push` is given.
    at: u64,
    state: State,
}

/// A range that could not be read as part of a split (the caller reads the file whole).
fn mismatch(line: u64) -> Error {
    Error::BadPack { line, column: "record", reason: "inconsistent", value: String::new() }
}

impl RangeReader {
    /// The reader of the range from `start` to `end` (`u64::MAX`: to the file's end) of a pack
    /// of `size` bytes whose prelude ends at `prelude_end` (as [`plan`] says).
    ///
    /// # Errors
    /// [`Error::BadPack`] when the offsets are not a range after the prelude.
    pub fn new(prelude_end: u64, start: u64, end: u64, size: u64) -> Result<RangeReader, Error> {
        if prelude_end == 0 || start < prelude_end || end <= start {
            return Err(mismatch(0));
        }
        // The first range's worker holds every customer in the end: its columns are reserved
        // for the whole file; another's for its range.
        let hint = if start == prelude_end { size } else { prelude_end + end.min(size) - start };
        Ok(RangeReader {
            reader: PackReader::new(usize::try_from(hint).unwrap_or(usize::MAX)),
            start,
            end,
            at: start - 1,
            state: State::Prelude,
        })
    }

    /// The file offset of the first byte [`RangeReader::push`] wants: the byte before the
    /// range's nominal start (a line break there makes the start a line start).
    #[must_use]
    pub fn from(&self) -> u64 {
        self.start - 1
    }

    /// The prelude's next bytes (the file from its start to the prelude's end).
    ///
    /// # Errors
    /// [`Error::BadPack`] at the first problem.
    pub fn push_prelude(&mut self, chunk: &[u8]) -> Result<(), Error> {
        if self.state != State::Prelude {
            return Err(mismatch(0));
        }
        self.reader.push(chunk)
    }

    /// The range's next bytes (the first from [`RangeReader::from`]); bytes past the range's
    /// end are ignored.
    ///
    /// # Errors
    /// [`Error::BadPack`] at the first problem, or when the prelude did not end at a record's
    /// end or a record in the range is not a customer's.
    pub fn push(&mut self, mut chunk: &[u8]) -> Result<(), Error> {
        if self.state == State::Prelude {
            self.reader.enter_range()?;
            self.state = State::Skip;
        }
        while !chunk.is_empty() {
            match self.state {
                State::Prelude | State::Done => return Ok(()),
                State::Skip => match chunk.iter().position(|&b| b == b'\n') {
                    Some(i) => {
                        self.at += i as u64 + 1;
                        chunk = &chunk[i + 1..];
                        self.state = if self.at >= self.end { State::Done } else { State::Read };
                    }
                    None => {
                        self.at += chunk.len() as u64;
                        return Ok(());
                    }
                },
                State::Read => {
                    // The range ends after the first line break at or after `end - 1`.
                    let from = self.end.saturating_sub(1).saturating_sub(self.at);
                    let stop = usize::try_from(from)
                        .ok()
                        .filter(|&f| f < chunk.len())
                        .and_then(|f| chunk[f..].iter().position(|&b| b == b'\n').map(|i| f + i));
                    let n = stop.map_or(chunk.len(), |i| i + 1);
                    self.reader.push(&chunk[..n])?;
                    self.at += n as u64;
                    chunk = &chunk[n..];
                    if stop.is_some() {
                        self.state = State::Done;
                    }
                }
            }
        }
        Ok(())
    }

    /// Whether the range's last line has been read.
    #[must_use]
    pub fn done(&self) -> bool {
        self.state == State::Done
    }

    /// The records, once the range (or the file) has ended: a range ends at a record's end; at
    /// the file's end its last record, without a line break after it, is read.
    fn close(mut self) -> Result<PackReader, Error> {
        if self.state == State::Prelude {
            self.push(&[])?; // an empty range
        }
        match self.state {
            State::Done if self.reader.at_record_start() => Ok(self.reader),
            State::Read | State::Skip if self.end == u64::MAX => {
                self.reader.end_of_file()?;
                Ok(self.reader)
            }
            _ => Err(mismatch(0)),
        }
    }

    /// The range's customers, for the merging worker ([`Merger::add`]).
    ///
    /// # Errors
    /// [`Error::BadPack`] when the range did not end at a record's end.
    pub fn finish(self) -> Result<Vec<u8>, Error> {
        Ok(self.into_analyst()?.0)
    }

    /// [`RangeReader::finish`], and the range's records kept for an [`Analyst`]: this worker
    /// holds the whole pack too, to compute half of the analysis at the same time as the file's
    /// worker ([`crate::session::Session::analyze_first`]).
    ///
    /// # Errors
    /// As [`RangeReader::finish`].
    pub fn into_analyst(self) -> Result<(Vec<u8>, Analyst), Error> {
        let mut reader = self.close()?;
        let mut out = Out(Vec::new());
        reader.reader().write_customers(&mut out);
        Ok((out.0, Analyst { own: Some(reader.into_reader()), whole: None }))
    }

    /// The first range's reader becomes the merge of the ranges after it.
    ///
    /// # Errors
    /// As [`RangeReader::finish`].
    pub fn into_merger(self) -> Result<Merger, Error> {
        Ok(Merger { reader: self.close()? })
    }
}

/// The first range's records, with every later range's customers appended in file order.
pub struct Merger {
    reader: PackReader,
}

impl Merger {
    /// Appends the next range's customers ([`RangeReader::finish`]).
    ///
    /// # Errors
    /// [`Error::BadPack`] when the bytes are damaged or disagree with the prelude.
    pub fn add(&mut self, partial: &[u8]) -> Result<(), Error> {
        let reader: &mut Reader = self.reader.reader();
        reader.absorb(&mut In { b: partial, at: 0 }, None).ok_or_else(|| mismatch(0))
    }

    /// The customers added so far, as [`RangeReader::finish`] writes them.
    pub fn customers(&mut self) -> Vec<u8> {
        let mut out = Out(Vec::new());
        self.reader.reader().write_customers(&mut out);
        out.0
    }

    /// The pack, checked as a whole (a customer in two ranges is a duplicate).
    ///
    /// # Errors
    /// As [`PackReader::finish`].
    pub fn finish(self) -> Result<Pack, Error> {
        self.reader.finish()
    }
}

/// The second range's worker, which holds the whole pack too: the first range's customers are
/// added ([`Analyst::add`]), then its own range's records, then every later range's customers in
/// their order; the pack is the one the file's worker opens.
pub struct Analyst {
    /// This worker's range, until the first range's customers come.
    own: Option<Reader>,
    whole: Option<Reader>,
}

impl Analyst {
    /// Appends the next range's customers: the first range's first, then the ranges after this
    /// worker's.
    ///
    /// # Errors
    /// [`Error::BadPack`] when the bytes are damaged or disagree with the prelude.
    pub fn add(&mut self, partial: &[u8]) -> Result<(), Error> {
        let inp = &mut In { b: partial, at: 0 };
        let ok = match (self.whole.as_mut(), self.own.take()) {
            (Some(whole), _) => whole.absorb(inp, None),
            (None, Some(own)) => {
                let mut whole = own.with_prelude();
                let ok = whole.absorb(inp, Some(&own)).and_then(|()| whole.append(own));
                self.whole = Some(whole);
                ok
            }
            (None, None) => None,
        };
        ok.ok_or_else(|| mismatch(0))
    }

    /// The whole pack.
    ///
    /// # Errors
    /// As [`Merger::finish`]; [`Error::BadPack`] before the first range's customers came.
    pub fn finish(self) -> Result<Pack, Error> {
        self.whole.ok_or_else(|| mismatch(0))?.finish()
    }
}

/// Reads `bytes` as the page's workers read a split pack cut at `cuts` (as [`plan`] gives
/// them: the prelude's end, then the other ranges' starts), each range's prelude and bytes
/// pushed in chunks of `chunk` bytes: the pack the file's worker merges, and the one the second
/// range's worker holds as an [`Analyst`] (`None` for one range). The tests compare both with
/// one reader's.
///
/// # Errors
/// The first range's error, or a mismatch (then one reader reads the file).
pub fn read_split(bytes: &[u8], cuts: &[u64], chunk: usize) -> Result<(Pack, Option<Pack>), Error> {
    let size = bytes.len() as u64;
    let (&prelude_end, rest) = cuts.split_first().ok_or_else(|| mismatch(0))?;
    let starts: Vec<u64> = std::iter::once(prelude_end).chain(rest.iter().copied()).collect();
    let mut ranges = Vec::with_capacity(starts.len());
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(u64::MAX);
        let mut r = RangeReader::new(prelude_end, start, end, size)?;
        let at = |a: u64| usize::try_from(a).unwrap_or(usize::MAX).min(bytes.len());
        for c in bytes[..at(prelude_end)].chunks(chunk.max(1)) {
            r.push_prelude(c)?;
        }
        for c in bytes[at(r.from())..].chunks(chunk.max(1)) {
            if r.done() {
                break;
            }
            r.push(c)?;
        }
        ranges.push(r);
    }
    let mut ranges = ranges.into_iter();
    let mut merger = ranges.next().ok_or_else(|| mismatch(0))?.into_merger()?;
    let first = merger.customers();
    let mut analyst: Option<Analyst> = None;
    for r in ranges {
        let part = match analyst.as_mut() {
            None => {
                let (part, mut a) = r.into_analyst()?;
                a.add(&first)?;
                analyst = Some(a);
                part
            }
            Some(a) => {
                let part = r.finish()?;
                a.add(&part)?;
                part
            }
        };
        merger.add(&part)?;
    }
    Ok((merger.finish()?, analyst.map(Analyst::finish).transpose()?))
}
