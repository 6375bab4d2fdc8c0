//! Money cells as shops write them, read into exact decimals.
//!
//! Money is a [`rust_decimal::Decimal`] from the cell to the screen: never a float. Accepted:
//! `12800`, `12800.00`, `12,800`, `¥12,800`, `￥12,800`, `\12,800` (the yen sign of CP932), `12,800円`,
//! full-width digits (`１２８００`), `$22.50`, `-$0.95`, `US$5`, `JPY 1200`, negatives as `-1200`,
//! `−1200`, `△1,200`, `▲1,200`, `(1,200)` and `1200-`, and the decimal comma of European exports
//! (`1.234,56`). A blank cell is `None` (missing), never zero.

use rust_decimal::{Decimal, RoundingStrategy};

/// Why a money cell could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountError {
    /// Not a number once currency signs and separators are removed.
    NotANumber,
}

/// Reads a money cell. `Ok(None)` for a blank cell.
///
/// ```
/// use ltv::money::parse_amount;
/// use rust_decimal::Decimal;
/// assert_eq!(parse_amount("¥12,800").unwrap(), Some(Decimal::new(12_800, 0)));
/// assert_eq!(parse_amount("△1,200").unwrap(), Some(Decimal::new(-1_200, 0)));
/// assert_eq!(parse_amount("53.91").unwrap(), Some(Decimal::new(5_391, 2)));
/// assert_eq!(parse_amount("").unwrap(), None);
/// ```
pub fn parse_amount(cell: &str) -> Result<Option<Decimal>, AmountError> {
    // Fast path: plain ASCII digits with an optional sign and dot (most generated exports).
    let t = cell.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if let Some(d) = plain_decimal(t) {
        return Ok(Some(d));
    }
    // Currency words around the number: `JPY 1200`, `US$5`, `1200 USD`.
    let t = strip_currency_code(t);
    let mut negative = false;
    let mut digits = String::with_capacity(t.len());
    let mut saw_digit = false;
    let mut minus_after_digit = false;
    for c in t.chars() {
        let c = fold_width(c);
        match c {
            '0'..='9' if minus_after_digit => return Err(AmountError::NotANumber), // `2024-03`
            '0'..='9' => {
                digits.push(c);
                saw_digit = true;
            }
            '.' | ',' => digits.push(c),
            // Minus signs (leading, or trailing as in `1200-`), Japanese accounting triangles,
            // and accounting parentheses.
            '-' | '\u{2212}' | '\u{2012}' | '\u{2013}' | '△' | '▲' | '(' => {
                negative = true;
                minus_after_digit = saw_digit;
            }
            ')' | '+' | ' ' | '\u{3000}' | '\'' => {}
            // Currency signs: ¥ ￥ \ (the yen sign of CP932) $ € £ 円.
            '¥' | '\\' | '$' | '€' | '£' | '円' => {}
            _ => return Err(AmountError::NotANumber),
        }
    }
    if !saw_digit {
        return Err(AmountError::NotANumber);
    }
    let canonical = canonical_separators(&digits).ok_or(AmountError::NotANumber)?;
    let value = Decimal::from_str_exact(&canonical).map_err(|_| AmountError::NotANumber)?;
    Ok(Some(if negative { -value } else { value }))
}

/// ISO codes (and `US`, `YEN`) a money cell may start or end with.
const CURRENCY_WORDS: [&str; 14] = [
    "JPY", "YEN", "USD", "US", "EUR", "GBP", "CNY", "RMB", "KRW", "TWD", "HKD", "AUD", "CAD", "SGD",
];

/// Removes a leading and a trailing currency code; other letters stay (and make the cell fail).
fn strip_currency_code(t: &str) -> &str {
    let is_code = |w: &str| CURRENCY_WORDS.iter().any(|c| c.eq_ignore_ascii_case(w));
    let lead = t.bytes().take_while(u8::is_ascii_alphabetic).count();
    let t = if lead > 0 && is_code(&t[..lead]) { t[lead..].trim_start() } else { t };
    let trail = t.bytes().rev().take_while(u8::is_ascii_alphabetic).count();
    let cut = t.len() - trail;
    if trail > 0 && is_code(&t[cut..]) {
        t[..cut].trim_end()
    } else {
        t
    }
}

/// `12800`, `-1200`, `53.91`: parsed without any allocation.
fn plain_decimal(t: &str) -> Option<Decimal> {
    plain_decimal_bytes(t.as_bytes())
}

/// A plain decimal's sign and body: an optional `-`, then 1 to 18 bytes (so that up to 18
/// digits never overflow an `i64`).
fn plain_body(b: &[u8]) -> Option<(bool, &[u8])> {
    let (negative, body) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        _ => (false, b),
    };
    (!body.is_empty() && body.len() <= 18).then_some((negative, body))
}

/// [`parse_amount`]'s fast path on a cell's bytes (no UTF-8 check needed: only ASCII digits,
/// `-` and `.` pass); `None` sends the cell to the general parser.
#[must_use]
pub fn plain_decimal_bytes(b: &[u8]) -> Option<Decimal> {
    let (neg, body) = plain_body(b)?;
    let mut mantissa: i64 = 0;
    let mut scale: Option<u32> = None;
    for &c in body {
        match c {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + i64::from(c - b'0');
                if let Some(s) = scale.as_mut() {
                    *s += 1;
                }
            }
            b'.' if scale.is_none() => scale = Some(0),
            _ => return None,
        }
    }
    if scale == Some(0) {
        return None; // "12." is left to the general path (which accepts it)
    }
    let d = Decimal::new(if neg { -mantissa } else { mantissa }, scale.unwrap_or(0));
    Some(d)
}

/// Full-width ASCII (`１`, `，`, `．`, `－`, `￥`) to its half-width twin.
fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{FFE5}' => '¥',
        _ => c,
    }
}

/// Turns `1,234.56`, `1.234,56`, `1,234` and `12,5` into `1234.56`, `1234.56`, `1234`, `12.5`.
///
/// A separator followed by exactly three digits and then another separator or the end groups
/// thousands; the last separator otherwise marks the decimals.
fn canonical_separators(s: &str) -> Option<String> {
    let seps: Vec<(usize, char)> = s.char_indices().filter(|(_, c)| !c.is_ascii_digit()).collect();
    let Some(&(last_i, last_c)) = seps.last() else { return Some(s.to_owned()) };
    let tail = s.len() - last_i - 1;
    let both = seps.iter().any(|&(_, c)| c != last_c);
    // The last separator is the decimal mark if the other kind appears before it, or if it is
    // the only separator and is not followed by exactly three digits (`12,5`, `53.91`).
    let decimal_mark =
        (both || (seps.len() == 1 && (tail != 3 || last_c == '.'))).then_some(last_c);
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        if c.is_ascii_digit() {
            out.push(c);
        } else if Some(c) == decimal_mark && i == last_i {
            out.push('.');
        } else if Some(c) == decimal_mark {
            return None; // two decimal marks
        } else {
            // A thousands separator: exactly three digits must follow before the next one.
            let run = s[i + 1..].bytes().take_while(u8::is_ascii_digit).count();
            if run != 3 {
                return None; // `1.2.3`
            }
        }
    }
    Some(out)
}

/// Rounding of derived money (averages): half away from zero (四捨五入), to 2 decimals; the page
/// shows them in the currency's minor unit.
pub const MONEY_ROUNDING: RoundingStrategy = RoundingStrategy::MidpointAwayFromZero;

/// `a / b` rounded with [`MONEY_ROUNDING`] to 2 decimals; zero when `b` is zero.
///
/// ```
/// use rust_decimal::Decimal;
/// assert_eq!(ltv::money::ratio(Decimal::from(10), Decimal::from(3)).to_string(), "3.33");
/// assert_eq!(ltv::money::ratio(Decimal::from(5), Decimal::from(0)).to_string(), "0");
/// ```
#[must_use]
pub fn ratio(a: Decimal, b: Decimal) -> Decimal {
    if b.is_zero() {
        return Decimal::ZERO;
    }
    a.checked_div(b).unwrap_or(Decimal::ZERO).round_dp_with_strategy(2, MONEY_ROUNDING)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_bytes_read_into_units_give_the_decimal_path_s_value_or_leave_it_to_it() {
        let old = |b: &[u8]| Money::from_decimal(plain_decimal_bytes(b)?);
        for b in [
            &b"1200"[..],
            b"-53.91",
            b"0",
            b"-0",
            b"1200.0000",
            b"0.0001",
            b"999999999999999999",
            b"12.",
            b".5",
            b"-",
            b"",
            b"1.00000",
            b"1.23456",
            b"+5",
            b"1e3",
            b"1,200",
            b"--1",
            b"1.2.3",
            b"92233720368547.7580",
            b"922337203685477.580",
        ] {
            let fast = Money::from_plain_bytes(b);
            assert!(fast.is_none() || fast == old(b), "{:?}", String::from_utf8_lossy(b));
        }
        assert_eq!(Money::from_plain_bytes(b"-53.91"), Some(Money::from_units(-539_100)));
        assert_eq!(Money::from_plain_bytes(b"1200"), Some(Money::from_units(12_000_000)));
        // Every string of these bytes up to 6 long: the fast path never disagrees.
        let alphabet = b"0129.-";
        let mut stack: Vec<Vec<u8>> = vec![Vec::new()];
        while let Some(b) = stack.pop() {
            let fast = Money::from_plain_bytes(&b);
            assert!(fast.is_none() || fast == old(&b), "{:?}", String::from_utf8_lossy(&b));
            if b.len() < 6 {
                stack.extend(alphabet.iter().map(|&c| [&b[..], &[c]].concat()));
            }
        }
    }

    fn amount(s: &str) -> String {
        parse_amount(s).unwrap().map(|d| d.to_string()).unwrap_or_else(|| "blank".into())
    }

    #[test]
    fn every_money_style_in_the_issue_reads_exactly() {
        let cases = [
            ("12800", "12800"),
            ("12800.00", "12800.00"),
            ("12,800", "12800"),
            ("¥12,800", "12800"),
            ("￥12,800", "12800"),
            ("\\12,800", "12800"),
            ("12,800円", "12800"),
            ("１２８００", "12800"),
            ("１２，８００円", "12800"),
            ("-1200", "-1200"),
            ("−1200", "-1200"),
            ("△1,200", "-1200"),
            ("▲1,200", "-1200"),
            ("(1,200)", "-1200"),
            ("1200-", "-1200"),
            ("53.91", "53.91"),
            ("$22.50", "22.50"),
            ("-$0.95", "-0.95"),
            ("US$5", "5"),
            ("JPY 1200", "1200"),
            ("1.234,56", "1234.56"),
            ("1,234.56", "1234.56"),
            ("1,234,567", "1234567"),
            ("12,5", "12.5"),
            ("0", "0"),
            (" 300 ", "300"),
            ("", "blank"),
            ("   ", "blank"),
        ];
        for (input, want) in cases {
            assert_eq!(amount(input), want, "{input:?}");
        }
    }

    #[test]
    fn text_that_is_not_money_is_an_error_not_zero() {
        for input in
            ["abc", "-", "¥", "1.2.3", "12:30", "#N/A", "1e5", "2024-03-05", "1-2", "12x", "x12"]
        {
            assert_eq!(parse_amount(input), Err(AmountError::NotANumber), "{input:?}");
        }
    }

    #[test]
    fn money_keeps_every_amount_exactly_in_its_two_halves() {
        for units in [
            0i64,
            1,
            -1,
            4_294_967_295,
            4_294_967_296,
            -4_294_967_296,
            i64::MAX,
            i64::MIN,
            123_456_789_012,
        ] {
            let m = split(units);
            assert_eq!((m.units(), m.is_negative()), (units, units < 0), "{units}");
        }
        let (a, b) = (split(-5), split(3));
        assert!(a < b && a.saturating_add(b) == split(-2));
        assert_eq!(split(i64::MAX).saturating_add(split(1)).units(), i64::MAX);
        assert_eq!(std::mem::align_of::<Money>(), 4);
    }

    #[test]
    fn huge_amounts_stay_exact() {
        assert_eq!(amount("123456789012345678901.25"), "123456789012345678901.25");
    }
}

/// An exact amount in 8 bytes: a count of 1/10,000 of the currency unit.
///
/// Imported purchases are kept in this form because a file of millions of rows holds millions of
/// them (8 bytes instead of a `Decimal`'s 16, which decides whether 5 million rows fit in the
/// browser). It is exact for every amount shops write — up to four decimals, below ±922 trillion —
/// and [`Money::from_decimal`] refuses anything else rather than round it. Arithmetic on
/// totals happens in `Decimal` (or `i128` counts), converted back exactly with
/// [`Money::to_decimal`] / [`Money::sum_to_decimal`].
///
/// Stored as two 32-bit halves, so that a record holding it needs 4-byte alignment only (a
/// 20-byte purchase instead of 24: 20 MB on five million orders).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Money {
    lo: u32,
    hi: i32,
}

impl std::fmt::Debug for Money {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Money({})", self.to_decimal())
    }
}

impl PartialOrd for Money {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Money {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.units().cmp(&other.units())
    }
}

/// The two halves of `units`.
const fn split(units: i64) -> Money {
    Money { lo: units as u32, hi: (units >> 32) as i32 }
}

impl Money {
    /// Decimals kept.
    pub const SCALE: u32 = 4;
    /// Zero.
    pub const ZERO: Money = split(0);

    /// The exact `Money` of `d`; `None` beyond four decimals or ±922 trillion.
    ///
    /// ```
    /// use ltv::money::Money;
    /// use rust_decimal::Decimal;
    /// let m = Money::from_decimal(Decimal::new(5391, 2)).unwrap();
    /// assert_eq!(m.to_decimal().to_string(), "53.91");
    /// assert_eq!(Money::from_decimal(Decimal::new(1, 5)), None);
    /// ```
    #[must_use]
    pub fn from_decimal(d: Decimal) -> Option<Money> {
        // Fast path (every ordinary amount): few decimals, a mantissa far inside i64.
        let (scale, mantissa) = (d.scale(), d.mantissa());
        if scale <= Self::SCALE && mantissa.unsigned_abs() < 1 << 48 {
            return Some(split(mantissa as i64 * 10i64.pow(Self::SCALE - scale)));
        }
        let d = d.normalize();
        let scale = d.scale();
        if scale > Self::SCALE {
            return None;
        }
        let units = d.mantissa().checked_mul(10i128.pow(Self::SCALE - scale))?;
        i64::try_from(units).ok().map(split)
    }

    /// A plain decimal's bytes (`1200`, `-53.91`: an optional `-`, digits, at most four
    /// decimals) read straight into units; `None` for anything else, which
    /// [`plain_decimal_bytes`] and [`Money::from_decimal`] then read (the same value when both
    /// read it: a test compares them).
    #[must_use]
    pub fn from_plain_bytes(b: &[u8]) -> Option<Money> {
        let (negative, body) = plain_body(b)?;
        let (whole, decimals) = match body.iter().position(|&c| c == b'.') {
            Some(dot) => (&body[..dot], &body[dot + 1..]),
            None => (body, &b""[..]),
        };
        if whole.is_empty() || decimals.len() > Self::SCALE as usize || body.ends_with(b".") {
            return None;
        }
        // At most 18 digits: below 10^18, no overflow (and no checked multiplication, which is
        // a 128-bit library call in wasm).
        let mut units: i64 = 0;
        for &c in whole.iter().chain(decimals) {
            if !c.is_ascii_digit() {
                return None;
            }
            units = units * 10 + i64::from(c - b'0');
        }
        let scale = 10i64.pow(Self::SCALE - decimals.len() as u32);
        if units > i64::MAX / scale {
            return None;
        }
        let units = units * scale;
        Some(split(if negative { -units } else { units }))
    }

    /// The amount as a `Decimal` (trailing zeros removed: `1200`, `53.91`).
    #[must_use]
    pub fn to_decimal(self) -> Decimal {
        Decimal::new(self.units(), Self::SCALE).normalize()
    }

    /// The amount of `units` 1/10,000 of the currency unit (the inverse of [`Money::units`]).
    ///
    /// ```
    /// use ltv::money::Money;
    /// assert_eq!(Money::from_units(539_100).to_decimal().to_string(), "53.91");
    /// ```
    #[must_use]
    pub const fn from_units(units: i64) -> Money {
        split(units)
    }

    /// The count of 1/10,000 units.
    #[must_use]
    pub fn units(self) -> i64 {
        (i64::from(self.hi) << 32) | i64::from(self.lo)
    }

    /// A sum of [`Money::units`] as a `Decimal`.
    ///
    /// ```
    /// use ltv::money::Money;
    /// assert_eq!(Money::sum_to_decimal(1_234_500).to_string(), "123.45");
    /// ```
    #[must_use]
    pub fn sum_to_decimal(units: i128) -> Decimal {
        Decimal::try_from_i128_with_scale(units, Self::SCALE)
            .map(|d| d.normalize())
            .unwrap_or(if units < 0 { Decimal::MIN } else { Decimal::MAX })
    }

    /// True below zero (a refund).
    #[must_use]
    pub fn is_negative(self) -> bool {
        self.hi < 0
    }

    /// `self + other`, saturating at the range's ends (never reached by real totals).
    #[must_use]
    pub fn saturating_add(self, other: Money) -> Money {
        split(self.units().saturating_add(other.units()))
    }
}
