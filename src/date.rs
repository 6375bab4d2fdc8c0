//! Calendar days and the order-date formats that shops export.
//!
//! How this works: a date cell is parsed into a [`Stamp`] (the calendar day and time as written,
//! plus the UTC offset when the cell carries one). [`Stamp::shop_day`] then gives the calendar day
//! in the shop's time zone: an instant with an offset (`2025-10-07 09:50:26 +0200`, Amazon's
//! `…+00:00`) is moved to the shop's zone first, so a JST 00:30 order is not counted on the previous
//! day. A cell without an offset is taken as already being shop-local time.
//!
//! Days are counted from 1970-01-01 ([`Day`]); the conversion is Howard Hinnant's
//! `days_from_civil` / `civil_from_days` (proleptic Gregorian, exact for every `i32` year we meet).
//! Nothing here reads a clock: "today" is always passed in by the caller.

use serde::{Deserialize, Serialize};

/// A calendar day: the number of days since 1970-01-01 (negative before).
pub type Day = i32;

/// Seconds in a day.
const DAY_SECS: i64 = 86_400;
/// Excel's serial day number of 1970-01-01 (its 1900 system, leap-year bug included).
const EXCEL_SERIAL_1970: i64 = 25_569;

/// Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's `days_from_civil`).
///
/// ```
/// assert_eq!(ltv::date::days_from_civil(1970, 1, 1), 0);
/// assert_eq!(ltv::date::days_from_civil(2024, 3, 5), 19_787);
/// ```
#[must_use]
pub fn days_from_civil(y: i32, m: u32, d: u32) -> Day {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468) as Day
}

/// The (year, month, day) of a [`Day`] (Hinnant's `civil_from_days`).
///
/// ```
/// assert_eq!(ltv::date::civil_from_days(19_787), (2024, 3, 5));
/// ```
#[must_use]
pub fn civil_from_days(z: Day) -> (i32, u32, u32) {
    let z = i64::from(z) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
    (y, m, d)
}

/// ISO text of a day, e.g. `"2024-03-05"`.
///
/// ```
/// assert_eq!(ltv::date::format_day(19_787), "2024-03-05");
/// ```
#[must_use]
pub fn format_day(day: Day) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Parses an ISO day `YYYY-MM-DD` (as used in options, e.g. the analysis date).
///
/// ```
/// assert_eq!(ltv::date::parse_iso_day("2024-03-05"), Some(19_787));
/// assert_eq!(ltv::date::parse_iso_day("2024-02-30"), None);
/// ```
#[must_use]
pub fn parse_iso_day(s: &str) -> Option<Day> {
    let b = s.trim().as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| std::str::from_utf8(&b[r]).ok()?.parse::<u32>().ok();
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    ymd(y as i32, m, d)
}

/// [`parse_iso_day`] of exactly `YYYY-MM-DD` in ASCII digits, without the text's checks (an LTV
/// pack has two days a customer); `None` for anything else, which [`parse_iso_day`] may still
/// read (spaces around, a `+` sign).
pub(crate) fn iso_day_bytes(b: &[u8]) -> Option<Day> {
    let &[y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = b else { return None };
    let n = |cs: &[u8]| {
        cs.iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    ymd(n(&[y0, y1, y2, y3])? as i32, n(&[m0, m1])?, n(&[d0, d1])?)
}

/// Days in a month of the proleptic Gregorian calendar.
fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// A checked date: `None` for month 13, 30 February and years outside 1900–2200.
fn ymd(y: i32, m: u32, d: u32) -> Option<Day> {
    let plausible = (1900..=2200).contains(&y) && (1..=12).contains(&m);
    (plausible && d >= 1 && d <= days_in_month(y, m)).then(|| days_from_civil(y, m, d))
}

/// Which number comes first in `3/5/2024`: the month (US) or the day (most of Europe).
/// Japanese exports write the year first, so this only matters for Western files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, strum::EnumIter)]
#[serde(rename_all = "camelCase")]
pub enum DayOrder {
    /// `3/5/2024` is 5 March.
    MonthFirst,
    /// `3/5/2024` is 3 May.
    DayFirst,
}

/// A date cell as written: the calendar day and time of day, and the offset from UTC in minutes
/// when the cell states one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// The calendar day as written.
    pub day: Day,
    /// Seconds since midnight as written (0 when the cell has no time).
    pub secs: u32,
    /// The cell's offset from UTC in minutes (`+0900` → 540), `None` when it has none.
    pub offset_min: Option<i32>,
}

impl Stamp {
    /// The calendar day in the shop's time zone (`shop_offset_min`: e.g. 540 for Asia/Tokyo).
    ///
    /// ```
    /// use ltv::date::{parse_stamp, DayOrder, format_day};
    /// // 23:30 UTC on 4 March is 08:30 on 5 March in Tokyo.
    /// let s = parse_stamp("2024-03-04T23:30:00+00:00", DayOrder::MonthFirst).unwrap();
    /// assert_eq!(format_day(s.shop_day(540)), "2024-03-05");
    /// ```
    #[must_use]
    pub fn shop_day(&self, shop_offset_min: i32) -> Day {
        match self.offset_min {
            None => self.day,
            Some(off) => {
                let local = i64::from(self.day) * DAY_SECS + i64::from(self.secs)
                    - i64::from(off) * 60
                    + i64::from(shop_offset_min) * 60;
                local.div_euclid(DAY_SECS) as Day
            }
        }
    }

    /// The same stamp with the time of day taken from a separate time column.
    #[must_use]
    pub fn with_time(self, secs: u32) -> Stamp {
        Stamp { secs, ..self }
    }
}

/// Why a date cell could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// The cell is blank.
    Empty,
    /// The text is not a date in any format we know.
    Unrecognised,
    /// The numbers do not make a real date (e.g. 2024-02-30, month 13).
    Invalid,
}

/// A tiny cursor over ASCII bytes (full-width digits are folded before parsing).
struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }
    fn eat(&mut self, c: u8) -> bool {
        let hit = self.peek() == Some(c);
        self.i += usize::from(hit);
        hit
    }
    fn skip_spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.i += 1;
        }
    }
    /// A run of ASCII digits: (value, number of digits). Values over u64 saturate.
    fn digits(&mut self) -> (u64, usize) {
        let start = self.i;
        let mut v: u64 = 0;
        while let Some(c @ b'0'..=b'9') = self.peek() {
            v = v.saturating_mul(10).saturating_add(u64::from(c - b'0'));
            self.i += 1;
        }
        (v, self.i - start)
    }
    fn rest(&self) -> &'a [u8] {
        &self.b[self.i..]
    }
    fn done(&self) -> bool {
        self.i >= self.b.len()
    }
}

/// Folds full-width ASCII (`２０２４／３／５`), the ideographic space and the Japanese date
/// words (`年`, `月`, `日`) into plain ASCII; returns `None` when the text is already ASCII.
fn fold_date_text(s: &str) -> Option<String> {
    if s.is_ascii() {
        return None;
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{FF01}'..='\u{FF5E}' => out.push(char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)),
            '\u{3000}' => out.push(' '),
            '年' | '月' => out.push('/'),
            '日' => {}
            '時' | '分' => out.push(':'),
            '秒' => {}
            '\u{2212}' => out.push('-'),
            _ => out.push(c),
        }
    }
    Some(out)
}

/// Parses a date cell in any of the formats shops export:
///
/// * `2024-03-05`, `2024/3/5`, `2024.03.05`, `2024年3月5日`, each with an optional time
///   (`14:22`, `14:22:10`, `T05:22:10.123`) and offset (`Z`, `+0900`, `+09:00`, ` +0200`, `UTC`);
/// * `20240305` and `20240305142210`;
/// * `3/5/2024` and `3.5.2024` (with `order` deciding month/day), with an optional `2:30:00 PM`;
/// * Excel serial days (`45384.347…`, the 1900 system) and Unix epoch seconds (10 digits, UTC).
///
/// ```
/// use ltv::date::{parse_stamp, DayOrder, format_day};
/// let s = parse_stamp("2025-10-07 09:50:26 +0200", DayOrder::MonthFirst).unwrap();
/// assert_eq!((format_day(s.day), s.secs, s.offset_min), ("2025-10-07".into(), 35_426, Some(120)));
/// ```
pub fn parse_stamp(s: &str, order: DayOrder) -> Result<Stamp, DateError> {
    if let Some(stamp) = iso_fast_path(s.as_bytes()) {
        return stamp;
    }
    let folded = fold_date_text(s);
    let t = folded.as_deref().unwrap_or(s).trim();
    if t.is_empty() {
        return Err(DateError::Empty);
    }
    let mut c = Cursor { b: t.as_bytes(), i: 0 };
    let (first, n1) = c.digits();
    if n1 == 0 {
        return Err(DateError::Unrecognised);
    }
    // A bare number: YYYYMMDD, YYYYMMDDhhmmss, an Excel serial (with a fraction) or epoch seconds.
    let rest = c.rest();
    let serial_fraction =
        n1 == 5 && rest.first() == Some(&b'.') && rest[1..].iter().all(u8::is_ascii_digit);
    if rest.is_empty() || serial_fraction {
        return bare_number(t, first, n1);
    }
    match c.peek() {
        Some(sep @ (b'-' | b'/' | b'.')) => {
            c.i += 1;
            let (second, n2) = c.digits();
            if n2 == 0 || !c.eat(sep) {
                return Err(DateError::Unrecognised);
            }
            let (third, n3) = c.digits();
            if n3 == 0 {
                return Err(DateError::Unrecognised);
            }
            let day = if n1 == 4 {
                ymd(first as i32, second as u32, third as u32)
            } else if n3 == 4 && n1 <= 2 && n2 <= 2 {
                let (m, d) = match order {
                    DayOrder::MonthFirst => (first, second),
                    DayOrder::DayFirst => (second, first),
                };
                ymd(third as i32, m as u32, d as u32)
            } else {
                return Err(DateError::Unrecognised);
            }
            .ok_or(DateError::Invalid)?;
            // `2024年3月5日` folds to `2024/3/5` then possibly a trailing separator-less time.
            let (secs, offset_min) = time_and_offset(&mut c)?;
            Ok(Stamp { day, secs, offset_min })
        }
        _ => Err(DateError::Unrecognised),
    }
}

/// `2024-03-05` and `2024-03-05 14:22:10` (or `/` and `T`), the bulk of generated exports, read
/// at fixed positions; `None` sends every other form to the general parser.
/// Whether ` 14:22:10` (or `T14:22:10`) after an ISO date is a valid time, as
/// [`iso_fast_path`] would accept it.
pub(crate) fn iso_time_ok(t: &[u8]) -> bool {
    let two = |i: usize| -> Option<u32> {
        let (a, c) = (t.get(i)?.wrapping_sub(b'0'), t.get(i + 1)?.wrapping_sub(b'0'));
        (a < 10 && c < 10).then(|| u32::from(a) * 10 + u32::from(c))
    };
    t.len() == 9
        && matches!(t[0], b' ' | b'T')
        && t[3] == b':'
        && t[6] == b':'
        && matches!((two(1), two(4), two(7)), (Some(h), Some(m), Some(s)) if h < 24 && m < 60 && s < 61)
}

pub(crate) fn iso_fast_path(b: &[u8]) -> Option<Result<Stamp, DateError>> {
    let two = |i: usize| -> Option<u32> {
        let (a, c) = (b[i].wrapping_sub(b'0'), b[i + 1].wrapping_sub(b'0'));
        (a < 10 && c < 10).then(|| u32::from(a) * 10 + u32::from(c))
    };
    if !(b.len() == 10 || b.len() == 19) || !matches!(b[4], b'-' | b'/') || b[7] != b[4] {
        return None;
    }
    let y = two(0)? * 100 + two(2)?;
    let (m, d) = (two(5)?, two(8)?);
    let secs = if b.len() == 19 {
        if !matches!(b[10], b' ' | b'T') || b[13] != b':' || b[16] != b':' {
            return None;
        }
        let (h, mi, s) = (two(11)?, two(14)?, two(17)?);
        match hms(u64::from(h), u64::from(mi), u64::from(s)) {
            Ok(secs) => secs,
            Err(e) => return Some(Err(e)),
        }
    } else {
        0
    };
    Some(
        ymd(y as i32, m, d)
            .map(|day| Stamp { day, secs, offset_min: None })
            .ok_or(DateError::Invalid),
    )
}

/// The forms that are a single number (see [`parse_stamp`]).
fn bare_number(t: &str, int: u64, n_int: usize) -> Result<Stamp, DateError> {
    let no_offset = |day| Ok(Stamp { day, secs: 0, offset_min: None });
    match n_int {
        8 if !t.contains('.') => {
            let (y, m, d) = (int / 10_000, int / 100 % 100, int % 100);
            no_offset(ymd(y as i32, m as u32, d as u32).ok_or(DateError::Invalid)?)
        }
        14 if !t.contains('.') => {
            let (date, time) = (int / 1_000_000, int % 1_000_000);
            let (y, m, d) = (date / 10_000, date / 100 % 100, date % 100);
            let day = ymd(y as i32, m as u32, d as u32).ok_or(DateError::Invalid)?;
            let secs = hms(time / 10_000, time / 100 % 100, time % 100)?;
            Ok(Stamp { day, secs, offset_min: None })
        }
        // Excel serial days 1954-10-03 … 2119-01-09, with the time as the fraction.
        5 => {
            let serial: f64 = t.parse().map_err(|_| DateError::Unrecognised)?;
            if !(20_000.0..80_000.0).contains(&serial) {
                return Err(DateError::Unrecognised);
            }
            let whole = serial.floor();
            let secs = ((serial - whole) * DAY_SECS as f64).round().min(86_399.0) as u32;
            no_offset((whole as i64 - EXCEL_SERIAL_1970) as Day).map(|s: Stamp| s.with_time(secs))
        }
        // Unix epoch seconds (BASE, Yahoo!ショッピング `OrderTimeUnixEpoch`): an instant in UTC.
        10 if !t.contains('.') => {
            let secs = int as i64;
            Ok(Stamp {
                day: secs.div_euclid(DAY_SECS) as Day,
                secs: secs.rem_euclid(DAY_SECS) as u32,
                offset_min: Some(0),
            })
        }
        _ => Err(DateError::Unrecognised),
    }
}

fn hms(h: u64, m: u64, s: u64) -> Result<u32, DateError> {
    if h < 24 && m < 60 && s < 61 {
        Ok((h * 3600 + m * 60 + s.min(59)) as u32)
    } else {
        Err(DateError::Invalid)
    }
}

/// The optional time and offset after the date: ` 14:22:10 +0900`, `T05:22:10Z`, ` 2:30 PM`.
fn time_and_offset(c: &mut Cursor<'_>) -> Result<(u32, Option<i32>), DateError> {
    c.eat(b'/'); // left over from a folded `日`-less `2024年3月5日` → `2024/3/5/`
    c.skip_spaces();
    if c.done() {
        return Ok((0, None));
    }
    if !c.eat(b'T') && !c.peek().is_some_and(|b| b.is_ascii_digit()) {
        // `2024/03/05 (火)` and other decorations: the day is what matters.
        return Ok((0, None));
    }
    let (h, nh) = c.digits();
    if nh == 0 || nh > 2 || !c.eat(b':') {
        return Err(DateError::Unrecognised);
    }
    let (m, nm) = c.digits();
    if nm != 2 {
        return Err(DateError::Unrecognised);
    }
    let mut s = 0;
    if c.eat(b':') {
        let (v, ns) = c.digits();
        if ns != 2 {
            return Err(DateError::Unrecognised);
        }
        s = v;
        if c.eat(b'.') || c.eat(b',') {
            c.digits(); // fractions of a second never change the day
        }
    }
    c.eat(b':'); // `14時22分` folds to `14:22:`
    c.skip_spaces();
    let h = am_pm(c, h)?;
    let secs = hms(h, m, s)?;
    c.skip_spaces();
    let offset = offset(c)?;
    Ok((secs, offset))
}

/// Applies an `AM`/`PM` suffix (12-hour clock, e.g. Square's `2:30:00 PM`).
fn am_pm(c: &mut Cursor<'_>, h: u64) -> Result<u64, DateError> {
    let rest = c.rest();
    let marker = |m: &[u8]| rest.len() >= 2 && rest[..2].eq_ignore_ascii_case(m);
    let pm = marker(b"PM");
    if !(pm || marker(b"AM")) {
        return Ok(h);
    }
    c.i += 2;
    match (h, pm) {
        (1..=11, true) => Ok(h + 12),
        (12, false) => Ok(0),
        (1..=12, _) => Ok(h),
        _ => Err(DateError::Invalid),
    }
}

/// `Z`, `UTC`, `GMT`, `+0900`, `+09:00`, `-05`, or nothing.
fn offset(c: &mut Cursor<'_>) -> Result<Option<i32>, DateError> {
    let rest = c.rest();
    if rest.is_empty() {
        return Ok(None);
    }
    if rest == b"Z" || rest.eq_ignore_ascii_case(b"UTC") || rest.eq_ignore_ascii_case(b"GMT") {
        return Ok(Some(0));
    }
    let sign = match rest[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return Err(DateError::Unrecognised),
    };
    c.i += 1;
    let (v, n) = c.digits();
    let minutes = match n {
        2 if c.eat(b':') => {
            let (mm, nm) = c.digits();
            if nm != 2 {
                return Err(DateError::Unrecognised);
            }
            v * 60 + mm
        }
        2 => v * 60,
        4 => v / 100 * 60 + v % 100,
        _ => return Err(DateError::Unrecognised),
    };
    if !c.done() || minutes > 14 * 60 {
        return Err(DateError::Unrecognised);
    }
    Ok(Some(sign * minutes as i32))
}

/// Parses a separate time cell: `142210` (MakeShop's hhmmss), `14:22`, `14:22:10`, `2:30:00 PM`.
/// Returns seconds since midnight.
///
/// ```
/// assert_eq!(ltv::date::parse_time("142210"), Some(51_730));
/// assert_eq!(ltv::date::parse_time("2:30:00 PM"), Some(52_200));
/// ```
#[must_use]
pub fn parse_time(s: &str) -> Option<u32> {
    let folded = fold_date_text(s);
    let t = folded.as_deref().unwrap_or(s).trim();
    let mut c = Cursor { b: t.as_bytes(), i: 0 };
    let (v, n) = c.digits();
    if c.done() && (n == 6 || n == 4) {
        let (h, m, s) =
            if n == 6 { (v / 10_000, v / 100 % 100, v % 100) } else { (v / 100, v % 100, 0) };
        return hms(h, m, s).ok();
    }
    let mut c = Cursor { b: t.as_bytes(), i: 0 };
    time_and_offset(&mut c).ok().filter(|_| c.done()).map(|(secs, _)| secs)
}

/// What a `a/b/yyyy` cell says about the day order: `Some(DayFirst)` when `a` > 12,
/// `Some(MonthFirst)` when `b` > 12, `None` when both could be a month (or it is another format).
///
/// ```
/// use ltv::date::{day_order_evidence, DayOrder};
/// assert_eq!(day_order_evidence("25/03/2024"), Some(DayOrder::DayFirst));
/// assert_eq!(day_order_evidence("3/25/2024 6:29:00"), Some(DayOrder::MonthFirst));
/// assert_eq!(day_order_evidence("3/5/2024"), None);
/// ```
#[must_use]
pub fn day_order_evidence(s: &str) -> Option<DayOrder> {
    let folded = fold_date_text(s);
    let mut c = Cursor { b: folded.as_deref().unwrap_or(s).trim().as_bytes(), i: 0 };
    let (a, na) = c.digits();
    let sep = c.peek().filter(|b| matches!(b, b'/' | b'-' | b'.'))?;
    c.i += 1;
    let (b, nb) = c.digits();
    if !c.eat(sep) || c.digits().1 != 4 || !(1..=2).contains(&na) || !(1..=2).contains(&nb) {
        return None;
    }
    match (a > 12, b > 12) {
        (true, false) => Some(DayOrder::DayFirst),
        (false, true) => Some(DayOrder::MonthFirst),
        _ => None,
    }
}

/// Whether a cell is written day-month-year style (`a/b/yyyy`), i.e. needs a [`DayOrder`].
#[must_use]
pub fn needs_day_order(s: &str) -> bool {
    let t = s.trim_start().as_bytes();
    let lead = t.iter().take_while(|b| b.is_ascii_digit()).count();
    (1..=2).contains(&lead) && matches!(t.get(lead), Some(b'/' | b'-' | b'.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> String {
        format_day(parse_stamp(s, DayOrder::MonthFirst).unwrap().shop_day(540))
    }

    #[test]
    fn civil_round_trip_covers_leap_years_and_centuries() {
        for z in -800_000..800_000 {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
        assert_eq!(format_day(days_from_civil(2000, 2, 29)), "2000-02-29");
        assert_eq!(ymd(1900, 2, 29), None);
        assert_eq!(ymd(2024, 2, 29), Some(days_from_civil(2024, 2, 29)));
    }

    #[test]
    fn the_byte_path_reads_every_plain_iso_day_as_the_text_path_and_nothing_else() {
        // Every day of 1899-12-25 … 2201-01-05 as text, and cells the text path reads or refuses.
        for z in days_from_civil(1899, 12, 25)..days_from_civil(2201, 1, 5) {
            let text = format_day(z);
            assert_eq!(iso_day_bytes(text.as_bytes()), parse_iso_day(&text), "{text}");
        }
        for cell in
            ["2024-02-30", "2024-13-01", "2024-00-10", "2024/03/05", "2024-3-05", "20240305"]
        {
            assert_eq!(
                (iso_day_bytes(cell.as_bytes()), parse_iso_day(cell)),
                (None, None),
                "{cell}"
            );
        }
        // The text path's extras stay its own: the byte path says no, the caller falls back.
        for cell in [" 2024-03-05", "2024-+3-05"] {
            assert_eq!(iso_day_bytes(cell.as_bytes()), None, "{cell}");
            assert_eq!(parse_iso_day(cell), Some(days_from_civil(2024, 3, 5)), "{cell}");
        }
    }

    #[test]
    fn every_documented_format_gives_the_shop_day_in_tokyo() {
        let cases = [
            ("2024-03-05", "2024-03-05"),
            ("2024/3/5", "2024-03-05"),
            ("2024/03/05 14:22:10", "2024-03-05"),
            ("2024.03.05", "2024-03-05"),
            ("20240305", "2024-03-05"),
            ("20240305142210", "2024-03-05"),
            ("2024年3月5日", "2024-03-05"),
            ("２０２４／３／５", "2024-03-05"),
            ("2024/1/5 12:34", "2024-01-05"),
            ("2024-01-05 (金)", "2024-01-05"),
            // Shopify: 09:50 in +02:00 is 07:50 UTC, 16:50 in Tokyo.
            ("2025-10-07 09:50:26 +0200", "2025-10-07"),
            // 23:30 in +02:00 is 21:30 UTC, 06:30 next day in Tokyo.
            ("2025-10-07 23:30:00 +0200", "2025-10-08"),
            // Amazon in UTC: 18:53 UTC is 03:53 the next day in Tokyo.
            ("2003-07-14T18:53:56+00:00", "2003-07-15"),
            ("2024-03-05T05:22:10+00:00", "2024-03-05"),
            ("2024-03-05T05:22:10.123Z", "2024-03-05"),
            ("2024-03-04 23:59 UTC", "2024-03-05"),
            ("2024-03-05T01:00:00-05:00", "2024-03-05"),
            // Excel serial 45384.347… is 2024-04-02 08:20:58 (no offset: shop time).
            ("45384.34789351852", "2024-04-02"),
            // Epoch seconds 1709650930 = 2024-03-05 15:02:10 UTC = 2024-03-06 00:02 JST.
            ("1709650930", "2024-03-06"),
            ("3/25/2024 6:29:00", "2024-03-25"),
            ("10/05/2026 2:30:00 PM", "2026-10-05"),
        ];
        for (input, want) in cases {
            assert_eq!(day(input), want, "{input}");
        }
    }

    #[test]
    fn day_first_order_swaps_day_and_month() {
        let s = parse_stamp("03/05/2024", DayOrder::DayFirst).unwrap();
        assert_eq!(format_day(s.day), "2024-05-03");
        assert_eq!(
            format_day(parse_stamp("25.12.2024", DayOrder::DayFirst).unwrap().day),
            "2024-12-25"
        );
    }

    #[test]
    fn impossible_and_foreign_text_is_refused_not_guessed() {
        use DateError::*;
        let cases = [
            ("", Empty),
            ("  ", Empty),
            ("2024-02-30", Invalid),
            ("2024-13-01", Invalid),
            ("20241301", Invalid),
            ("yesterday", Unrecognised),
            ("2024-03", Unrecognised),
            ("12800", Unrecognised),
            ("2024-03-05 25:00", Invalid),
            ("2024-03-05 24:00:00", Invalid),
            ("2024-02-30 10:00:00", Invalid),
            ("2024-03-05 10:00:0x", Unrecognised),
            ("2024-03-05 10:00 +2500", Unrecognised),
            ("13/25/2024", Invalid),
        ];
        for (input, want) in cases {
            assert_eq!(parse_stamp(input, DayOrder::MonthFirst), Err(want), "{input:?}");
        }
    }

    #[test]
    fn separate_time_columns_move_the_day_when_the_date_is_utc() {
        let s = parse_stamp("2024-03-04", DayOrder::MonthFirst).unwrap();
        let utc = Stamp { offset_min: Some(0), ..s };
        assert_eq!(
            format_day(utc.with_time(parse_time("142210").unwrap()).shop_day(540)),
            "2024-03-04"
        );
        assert_eq!(
            format_day(utc.with_time(parse_time("16:00").unwrap()).shop_day(540)),
            "2024-03-05"
        );
        assert_eq!(parse_time("12:00:00 AM"), Some(0));
        assert_eq!(parse_time("24:00"), None);
        assert_eq!(parse_time("noon"), None);
    }

    #[test]
    fn iso_days_in_options_are_strict() {
        assert_eq!(parse_iso_day("2024-3-5"), None);
        assert_eq!(parse_iso_day(" 2024-03-05 "), Some(19_787));
    }

    #[test]
    fn day_order_needed_only_for_leading_day_or_month() {
        assert!(needs_day_order("3/5/2024"));
        assert!(!needs_day_order("2024/3/5"));
        assert!(!needs_day_order("20240305"));
    }
}
