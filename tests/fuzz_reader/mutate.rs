//! Byte-level mutations of a generated (or stored) file: what damaged uploads, editors and
//! hostile users do to an export that was valid.

use super::dialects::hostile_cell;
use super::rng::Rng;

/// Bytes that mean something to the reader: structure, BOMs, Shift_JIS lead and trail bytes,
/// UTF-8 starts, UTF-16 halves, NUL, Ctrl-Z.
const INTERESTING: &[&[u8]] = &[
    b"\"",
    b",",
    b"\t",
    b";",
    b"|",
    b"\r",
    b"\n",
    b"\r\n",
    b"\"\"",
    b"\",\"",
    b"\0",
    b"\x1a",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\xFE\xFF",
    b"\x81",
    b"\x83\x5C",
    b"\x95\x5C",
    b"\x82\xA0",
    b"\xE3\x81",
    b"\xE3\x81\x82",
    b"\xF0\x9F\x98",
    b"\xC0\xAF",
    b"\xFF",
    b"\x80",
    b"\\",
    b"-",
    b"/",
    b"2024-03-05",
    b"1,200",
    b"\xE5\x90\x88\xE8\xA8\x88", // 合計 (UTF-8)
    b"\x8D\x87\x8C\x76",         // 合計 (Shift_JIS)
    b"customer_id,order_date,amount\n",
    b"\xE4\xBC\x9A\xE5\x93\xA1ID", // 会員ID
];

/// Applies 1 to 5 random mutations; `other` is a second input to splice from.
pub fn mutate(bytes: &mut Vec<u8>, other: &[u8], rng: &mut Rng) -> Vec<&'static str> {
    let most = if rng.chance(70) { 2 } else { 5 };
    let n = 1 + rng.below(most);
    let mut done = Vec::with_capacity(n);
    for _ in 0..n {
        done.push(mutate_once(bytes, other, rng));
    }
    done
}

fn at(rng: &mut Rng, len: usize) -> usize {
    rng.below(len + 1)
}

fn span(rng: &mut Rng, len: usize) -> (usize, usize) {
    let start = at(rng, len);
    let n = rng.length(len - start);
    (start, start + n)
}

fn mutate_once(b: &mut Vec<u8>, other: &[u8], rng: &mut Rng) -> &'static str {
    let len = b.len();
    match rng.below(16) {
        0 if len > 0 => {
            let i = rng.below(len);
            b[i] ^= 1 << rng.below(8);
            "bit flip"
        }
        1 if len > 0 => {
            let i = rng.below(len);
            b[i] = rng.next_u64() as u8;
            "random byte"
        }
        2 | 3 => {
            let i = at(rng, len);
            let ins = rng.pick(INTERESTING);
            b.splice(i..i, ins.iter().copied());
            "interesting bytes"
        }
        4 => {
            let (s, e) = span(rng, len);
            b.drain(s..e);
            "delete span"
        }
        5 => {
            let (s, e) = span(rng, len);
            let copy = b[s..e].to_vec();
            let i = at(rng, len);
            b.splice(i..i, copy);
            "duplicate span"
        }
        6 => {
            let i = at(rng, len);
            b.truncate(i);
            "truncate"
        }
        7 if !other.is_empty() => {
            // Prefix of this file, suffix of the other (files pasted together).
            let i = at(rng, len);
            let j = at(rng, other.len());
            b.truncate(i);
            b.extend_from_slice(&other[j..]);
            "splice"
        }
        8 => {
            // A hostile cell right after a delimiter or at a line start.
            let cut = (0..8)
                .map(|_| at(rng, len))
                .find(|&i| i == 0 || matches!(b[i - 1], b',' | b'\t' | b'\n' | b';'))
                .unwrap_or(0);
            let cell = hostile_cell(rng);
            b.splice(cut..cut, cell.into_bytes());
            "hostile cell"
        }
        9 => {
            // An unclosed quote somewhere.
            let i = at(rng, len);
            b.insert(i, b'"');
            "open quote"
        }
        10 if len > 0 => {
            // Every one of one byte turned into another (line endings, delimiters).
            let (from, to) = *rng.pick(&[
                (b'\n', b'\r'),
                (b',', b'\t'),
                (b',', b';'),
                (b'\t', b','),
                (b'"', b'\''),
                (b'-', b'/'),
            ]);
            for x in b.iter_mut() {
                if *x == from {
                    *x = to;
                }
            }
            "replace all"
        }
        11 => {
            // The first line again, somewhere below (a repeated header).
            let end = b.iter().position(|&x| x == b'\n').map_or(len, |i| i + 1);
            let line = b[..end].to_vec();
            let i = at(rng, len);
            b.splice(i..i, line);
            "repeat first line"
        }
        12 if len > 0 => {
            // A line removed or doubled.
            let i = rng.below(len);
            let s = b[..i].iter().rposition(|&x| x == b'\n').map_or(0, |p| p + 1);
            let e = b[i..].iter().position(|&x| x == b'\n').map_or(len, |p| i + p + 1);
            if rng.chance(50) {
                b.drain(s..e);
            } else {
                let line = b[s..e].to_vec();
                b.splice(e..e, line);
            }
            "line removed or doubled"
        }
        13 => {
            // Random bytes.
            let i = at(rng, len);
            let n = rng.length(64);
            let junk: Vec<u8> = (0..n).map(|_| rng.next_u64() as u8).collect();
            b.splice(i..i, junk);
            "random bytes"
        }
        14 if len > 1 => {
            // One byte removed inside a multibyte character (or a UTF-16 unit cut in half).
            let i = (0..16)
                .map(|_| rng.below(len))
                .find(|&i| b[i] >= 0x80)
                .unwrap_or_else(|| rng.below(len));
            b.remove(i);
            "cut multibyte"
        }
        _ => {
            // Blank lines or a BOM in the middle.
            let i = at(rng, len);
            let choices: [&[u8]; 4] = [b"\n\n\n", b"\r\n\r\n", b",,,,\n", b"\xEF\xBB\xBF"];
            let ins = *rng.pick(&choices);
            b.splice(i..i, ins.iter().copied());
            "blank lines or BOM"
        }
    }
}
