//! The cells of a generated export: hostile texts, dates and money in each dialect's forms.

use super::dialects::{DateStyle, DateStyle as D, MoneyStyle, MoneyStyle as M};
use super::rng::Rng;

/// Cells no shop writes on purpose: formula starts, bidi controls, NUL, huge fields, broken
/// quotes, impossible dates and numbers.
pub fn hostile_cell(rng: &mut Rng) -> String {
    match rng.below(24) {
        0 => "=cmd|' /C calc'!A0".into(),
        1 => "+1+1".into(),
        2 => "@SUM(A1)".into(),
        3 => "\u{202E}1,048 rows".into(),
        4 => "\0".into(),
        5 => "\u{FEFF}=1".into(),
        6 => "\u{3000}＝1".into(),
        7 if rng.chance(20) => "x".repeat(rng.length(70_000)),
        7 => "x".repeat(rng.length(300)),
        8 => "\"".repeat(1 + rng.below(7)),
        9 => "\"unclosed".into(),
        10 => "9".repeat(1 + rng.below(60)),
        11 => "-9".repeat(1 + rng.below(30)),
        12 => (*rng
            .pick(&["NaN", "inf", "-0", "1e308", "0x1F", "1.2.3", "--5", "(5", "5)", "-99999"]))
        .into(),
        13 => (*rng.pick(&[
            "0000-00-00",
            "9999-12-31",
            "2024-02-30",
            "1900-01-01",
            "99999999999999",
            "-1",
            "1e10",
            "2024/13/45",
            "31/31/2024",
            "2024-03-05 25:61:61",
            "2024-03-05T10:00:00+99:99",
            "令和99年1月1日",
            "R6.2.30",
            "20241301",
            "0",
            "2958466",
        ]))
        .into(),
        14 => "\u{1A}".into(),
        15 => "\r".into(),
        16 => "\u{FFFD}\u{FFFD}".into(),
        17 => "繝・Φ繝励Ξ".into(),
        18 => "ｶﾀｶﾅ\\ソ表".into(),
        19 => "\u{E000}外字".into(),
        20 => "合計".into(),
        21 => "Total".into(),
        22 => " ".repeat(rng.length(5000)),
        _ => {
            let n = rng.length(64);
            (0..n).map(|_| char::from_u32(rng.below(0x3100) as u32).unwrap_or('?')).collect()
        }
    }
}

fn pad2(n: u32) -> String {
    format!("{n:02}")
}

/// The date cell of `day` at `secs` in `style`.
pub fn date_cell(style: DateStyle, day: i64, secs: u32, rng: &mut Rng) -> String {
    let (y, m, d) = ltv::date::civil_from_days(day as i32);
    let (hh, mm, ss) = (secs / 3600, secs / 60 % 60, secs % 60);
    match style {
        D::IsoDay => format!("{y}-{}-{}", pad2(m), pad2(d)),
        D::IsoSeconds => {
            format!("{y}-{}-{} {}:{}:{}", pad2(m), pad2(d), pad2(hh), pad2(mm), pad2(ss))
        }
        D::SlashDay => format!("{y}/{m}/{d}"),
        D::SlashPadded => {
            format!("{y}/{}/{} {}:{}:{}", pad2(m), pad2(d), pad2(hh), pad2(mm), pad2(ss))
        }
        D::SlashMinutes => format!("{y}/{m}/{d} {hh}:{}", pad2(mm)),
        D::Kanji => format!("{y}年{m}月{d}日"),
        D::Compact => format!("{y}{}{}", pad2(m), pad2(d)),
        D::ShopifyOffset => {
            let off = *rng.pick(&["+0900", "+0200", "-0500", "+0000"]);
            format!("{y}-{}-{} {}:{}:{} {off}", pad2(m), pad2(d), pad2(hh), pad2(mm), pad2(ss))
        }
        D::IsoT => format!("{y}-{}-{}T{}:{}:{}", pad2(m), pad2(d), pad2(hh), pad2(mm), pad2(ss)),
        D::IsoTOffset => {
            format!("{y}-{}-{}T{}:{}:{}+00:00", pad2(m), pad2(d), pad2(hh), pad2(mm), pad2(ss))
        }
        D::IsoZ => format!("{y}-{}-{}T{}:{}:{}Z", pad2(m), pad2(d), pad2(hh), pad2(mm), pad2(ss)),
        D::ExcelSerial => {
            let serial = day + 25_569;
            format!("{serial}.{:08}", u64::from(secs) * 100_000_000 / 86_400)
        }
        D::UnixSeconds => format!("{}", day * 86_400 + i64::from(secs)),
        D::MonthFirst => format!("{m}/{d}/{y}"),
        D::MonthFirstAmPm => {
            let (h12, ampm) = match hh {
                0 => (12, "AM"),
                1..=11 => (hh, "AM"),
                12 => (12, "PM"),
                _ => (hh - 12, "PM"),
            };
            format!("{m}/{d}/{y} {h12}:{}:{} {ampm}", pad2(mm), pad2(ss))
        }
        D::DayFirst => format!("{}/{}/{y}", pad2(d), pad2(m)),
        D::StripeMinutes => format!("{y}-{}-{} {}:{}", pad2(m), pad2(d), pad2(hh), pad2(mm)),
        D::Era => {
            if y >= 2019 {
                format!("令和{}年{m}月{d}日", y - 2018)
            } else {
                format!("R{}.{m}.{d}", y - 2018)
            }
        }
    }
}

fn group3(digits: &str, sep: char) -> String {
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

pub(super) fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap_or(c),
            ',' => '，',
            '.' => '．',
            '-' => '－',
            _ => c,
        })
        .collect()
}

/// The money cell of `units` (yen, or cents when `cents`) in `style`.
pub fn money_cell(style: MoneyStyle, units: i64, cents: bool) -> String {
    let neg = units < 0;
    let abs = units.unsigned_abs();
    let (whole, frac) = if cents { (abs / 100, Some(abs % 100)) } else { (abs, None) };
    let plain = match frac {
        Some(f) => format!("{whole}.{f:02}"),
        None => whole.to_string(),
    };
    let grouped = |sep: char, dec: char| {
        let g = group3(&whole.to_string(), sep);
        match frac {
            Some(f) => format!("{g}{dec}{f:02}"),
            None => g,
        }
    };
    let sign = if neg { "-" } else { "" };
    match style {
        M::Plain => format!("{sign}{plain}"),
        M::Cents => format!("{sign}{whole}.{:02}", frac.unwrap_or(0)),
        M::Comma => format!("{sign}{}", grouped(',', '.')),
        M::Yen => format!("{sign}¥{}", grouped(',', '.')),
        M::FullWidthYen => format!("{sign}￥{}", grouped(',', '.')),
        M::Backslash => format!("{sign}\\{}", grouped(',', '.')),
        M::EnSuffix => format!("{sign}{}円", grouped(',', '.')),
        M::FullWidthDigits => full_width(&format!("{sign}{}", grouped(',', '.'))),
        M::Dollar => format!("{sign}${}", grouped(',', '.')),
        M::European => format!("{sign}{}", grouped('.', ',')),
        M::Accounting if neg => format!("({})", grouped(',', '.')),
        M::Accounting => grouped(',', '.'),
        M::Triangle if neg => format!("▲{}", grouped(',', '.')),
        M::Triangle => grouped(',', '.'),
        M::CodePrefix => format!("JPY {sign}{plain}"),
    }
}
