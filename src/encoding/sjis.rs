//! Shift_JIS as the WHATWG Encoding Standard defines it (§13.3,
//! <https://encoding.spec.whatwg.org/#shift_jis>): Microsoft's CP932 / Windows-31J, what Japanese
//! Excel and shop exports write and what browsers read.
//!
//! How this works: a byte below 0x80 (and 0x80 itself) is that code point, 0xA1–0xDF is half-width
//! katakana (U+FF61–U+FF9F), and 0x81–0x9F or 0xE0–0xFC is a lead byte. A lead and the next byte
//! make a *pointer*, `(lead − 0x81 or 0xC1) × 188 + (trail − 0x40 or 0x41)`, looked up in the
//! `index-jis0208` table (`jis0208.rs`); pointers 8836–10715 are the user-defined area,
//! U+E000 onwards, computed rather than stored. Whatever the rules do not map is an error, which
//! decodes to U+FFFD; an ASCII byte after a lead is never swallowed by the error.
//!
//! The encoder maps back through the first pointer of a code point, leaving out the
//! NEC-selected IBM extensions (pointers 8272–8835), so ⅰ, ＂ and 纊 (read from 0xEEEF, 0xEEFC
//! and 0xED40) come out as IBM's 0xFA40, 0xFA57 and 0xFA5C, as in every browser. Its reverse table (one `u16` per BMP code point, 128 KiB) is built
//! when an encoder is made, in microseconds, instead of shipping a second table in the wasm.
//!
//! Advice for hackers: these rules are the standard's steps in order; the tests compare the
//! decoder with encoding_rs for every one- and two-byte input and the encoder for every scalar
//! value, so any change can be checked exhaustively with `cargo test --lib encoding`.

use super::jis0208::JIS0208;

/// The first pointer of the user-defined area (U+E000).
const USER_DEFINED_START: usize = 8836;
/// The last pointer of the user-defined area (U+E757).
const USER_DEFINED_END: usize = 10715;
/// Where the IBM extensions start; the table leaves out the user-defined area before them.
const IBM_START: usize = 10716;
/// The pointers the encoder leaves out: NEC-selected IBM extensions (the same characters are at
/// 0xFA–0xFC).
const ENCODER_EXCLUDED: std::ops::RangeInclusive<usize> = 8272..=8835;

/// The code point of a pointer in `index-jis0208`, if any.
fn index_code_point(pointer: usize) -> Option<char> {
    let slot = if pointer < USER_DEFINED_START {
        pointer
    } else if pointer >= IBM_START {
        pointer - (IBM_START - USER_DEFINED_START)
    } else {
        return None;
    };
    match JIS0208.get(slot) {
        Some(&v) if v != 0 => char::from_u32(u32::from(v)),
        _ => None,
    }
}

/// The character a lead byte (0x81–0x9F or 0xE0–0xFC) and the byte after it decode to, if any.
fn decode_pair(lead: u8, byte: u8) -> Option<char> {
    let offset = if byte < 0x7F { 0x40 } else { 0x41 };
    let lead_offset = if lead < 0xA0 { 0x81 } else { 0xC1 };
    if !matches!(byte, 0x40..=0x7E | 0x80..=0xFC) {
        return None;
    }
    // Callers pass only lead bytes, so the subtraction never wraps (were it to, the pointer would
    // be past the table: no character).
    let pointer = usize::from(lead.wrapping_sub(lead_offset)) * 188 + usize::from(byte - offset);
    if (USER_DEFINED_START..=USER_DEFINED_END).contains(&pointer) {
        // 0xE000 + at most 1879: always a scalar value.
        return char::from_u32((0xE000 + pointer - USER_DEFINED_START) as u32);
    }
    index_code_point(pointer)
}

/// Appends what a lead byte and the byte after it decode to; returns how many of the two bytes
/// that took: 1 when the second is ASCII and not part of a character (it is read again).
fn push_pair(lead: u8, byte: u8, out: &mut String) -> usize {
    match decode_pair(lead, byte) {
        Some(c) => {
            out.push(c);
            2
        }
        None => {
            out.push(char::REPLACEMENT_CHARACTER);
            if byte < 0x80 {
                1
            } else {
                2
            }
        }
    }
}

/// A streaming Shift_JIS decoder: feed it bytes in chunks of any size with
/// [`ShiftJisDecoder::decode`], then call [`ShiftJisDecoder::finish`]. A lead byte at the end of
/// a chunk waits for the next one, so the chunking never changes the text.
///
/// ```
/// use ltv::encoding::sjis::ShiftJisDecoder;
/// let (mut dec, mut text) = (ShiftJisDecoder::new(), String::new());
/// dec.decode(b"\x89\xEF\x88", &mut text); // 会 and the lead byte of 員
/// dec.decode(b"\xF5ID", &mut text);
/// dec.finish(&mut text);
/// assert_eq!(text, "会員ID");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShiftJisDecoder {
    /// The lead byte waiting for its trail byte, 0 when there is none.
    lead: u8,
}

impl ShiftJisDecoder {
    /// A decoder at the start of a text.
    #[must_use]
    pub const fn new() -> ShiftJisDecoder {
        ShiftJisDecoder { lead: 0 }
    }

    /// Decodes `input`, appending to `out`; a lead byte at its end is kept for the next call.
    /// Malformed bytes become U+FFFD.
    pub fn decode(&mut self, input: &[u8], out: &mut String) {
        // Two bytes make three of UTF-8 (kana, kanji); ASCII stays one.
        out.reserve(input.len() + input.len() / 2);
        let mut i = 0;
        if self.lead != 0 {
            let Some(&trail) = input.first() else { return };
            i = push_pair(std::mem::take(&mut self.lead), trail, out) - 1;
        }
        while let Some(&byte) = input.get(i) {
            match byte {
                0x00..=0x7F => {
                    // A run of ASCII (most of a CSV line) is copied at once.
                    let ascii = &input[i..];
                    let run = ascii.iter().position(|&b| b >= 0x80).unwrap_or(ascii.len());
                    match std::str::from_utf8(&ascii[..run]) {
                        Ok(text) => out.push_str(text),
                        Err(_) => out.extend(ascii[..run].iter().map(|&b| char::from(b))),
                    }
                    i += run;
                }
                0x81..=0x9F | 0xE0..=0xFC => match input.get(i + 1) {
                    Some(&trail) => i += push_pair(byte, trail, out),
                    None => {
                        self.lead = byte;
                        i += 1;
                    }
                },
                _ => {
                    out.push(match byte {
                        0x80 => '\u{80}',
                        0xA1..=0xDF => char::from_u32(0xFF61 - 0xA1 + u32::from(byte))
                            .unwrap_or(char::REPLACEMENT_CHARACTER),
                        _ => char::REPLACEMENT_CHARACTER,
                    });
                    i += 1;
                }
            }
        }
    }

    /// Ends the text: a lead byte still waiting is an error (U+FFFD). The decoder can then start
    /// a new text.
    pub fn finish(&mut self, out: &mut String) {
        if std::mem::take(&mut self.lead) != 0 {
            out.push(char::REPLACEMENT_CHARACTER);
        }
    }
}

/// The byte that stands for `|` (0x7C) where it is the second byte of a character (ポ is
/// `83 7C`, ＼ `81 5F`… ) while a `|`-separated Shift_JIS line is split: DEL (0x7F) is never the
/// second byte of a character, nor a delimiter, a quote or a line break.
pub(crate) const BAR_STAND_IN: u8 = 0x7F;

fn is_lead(b: u8) -> bool {
    matches!(b, 0x81..=0x9F | 0xE0..=0xFC)
}

/// Hides, in place, each `|` that is the second byte of a Shift_JIS character behind
/// `BAR_STAND_IN`, so that csv-core splits a `|`-separated line at its separators only.
/// `lead`: the byte before `bytes` was a first byte (carried from one chunk to the next).
///
/// ```
/// # use ltv::encoding::sjis::{hide_trail_bars, restore_trail_bars};
/// let mut line = b"A|\x83\x7C\x83\x43\x83\x93\x83\x67|1".to_vec(); // A|ポイント|1
/// let mut lead = false;
/// hide_trail_bars(&mut line, &mut lead);
/// assert_eq!(line.iter().filter(|b| **b == b'|').count(), 2);
/// restore_trail_bars(&mut line[2..10]);
/// assert_eq!(ltv::encoding::sjis::decode(&line[2..10]), "ポイント");
/// ```
pub fn hide_trail_bars(bytes: &mut [u8], lead: &mut bool) {
    for b in bytes {
        if *lead {
            if *b == b'|' {
                *b = BAR_STAND_IN;
            }
            *lead = false;
        } else {
            *lead = is_lead(*b);
        }
    }
}

/// Puts back the `|` that [`hide_trail_bars`] hid, in one field (a field starts at a character:
/// its separator was not a second byte). A first byte followed by a DEL of the file itself is
/// not a character either way (it decodes as one after this).
pub fn restore_trail_bars(field: &mut [u8]) {
    let mut lead = false;
    for b in field {
        if lead {
            if *b == BAR_STAND_IN {
                *b = b'|';
            }
            lead = false;
        } else {
            lead = is_lead(*b);
        }
    }
}

/// Decodes a whole Shift_JIS text (no BOM handling: Shift_JIS has none).
///
/// ```
/// assert_eq!(ltv::encoding::sjis::decode(b"\x8D\x87\x8Cv \xB6\xC5 \x82"), "合計 ｶﾅ \u{FFFD}");
/// ```
#[must_use]
pub fn decode(bytes: &[u8]) -> String {
    let (mut dec, mut text) = (ShiftJisDecoder::new(), String::new());
    dec.decode(bytes, &mut text);
    dec.finish(&mut text);
    text
}

/// A Shift_JIS encoder. Making one builds its reverse table (128 KiB); keep it for a whole
/// file.
///
/// ```
/// use ltv::encoding::sjis::ShiftJisEncoder;
/// let mut bytes = Vec::new();
/// let unmappable = ShiftJisEncoder::new().encode_lossy("会員 ¥😀", b'?', &mut bytes);
/// assert_eq!((bytes.as_slice(), unmappable), (&b"\x89\xEF\x88\xF5 \x5C?"[..], 1));
/// ```
#[derive(Clone)]
pub struct ShiftJisEncoder {
    /// By BMP code point: the index Shift_JIS pointer + 1, 0 for none.
    pointers: Vec<u16>,
}

impl std::fmt::Debug for ShiftJisEncoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ShiftJisEncoder")
    }
}

impl Default for ShiftJisEncoder {
    fn default() -> ShiftJisEncoder {
        ShiftJisEncoder::new()
    }
}

impl ShiftJisEncoder {
    /// An encoder, with its reverse table built.
    #[must_use]
    pub fn new() -> ShiftJisEncoder {
        let mut pointers = vec![0u16; 0x1_0000];
        let stored = (0..USER_DEFINED_START).chain(IBM_START..);
        for (pointer, &cp) in stored.zip(JIS0208.iter()) {
            if cp == 0 || ENCODER_EXCLUDED.contains(&pointer) {
                continue;
            }
            // The first pointer of a code point is the one kept (pointers are below 11104).
            let slot = &mut pointers[usize::from(cp)];
            if *slot == 0 {
                *slot = u16::try_from(pointer + 1).unwrap_or(0);
            }
        }
        ShiftJisEncoder { pointers }
    }

    /// The Shift_JIS bytes of `c` (one or two, the rest zero), or `None` when Shift_JIS cannot
    /// hold it.
    ///
    /// ```
    /// use ltv::encoding::sjis::ShiftJisEncoder;
    /// let enc = ShiftJisEncoder::new();
    /// assert_eq!(enc.encode_char('Ａ'), Some((2, [0x82, 0x60])));
    /// assert_eq!(enc.encode_char('ｱ'), Some((1, [0xB1, 0])));
    /// assert_eq!(enc.encode_char('€'), None);
    /// ```
    #[must_use]
    pub fn encode_char(&self, c: char) -> Option<(usize, [u8; 2])> {
        let cp = u32::from(c);
        let cp = match cp {
            0x00..=0x80 => return Some((1, [cp as u8, 0])),
            0xA5 => return Some((1, [0x5C, 0])),
            0x203E => return Some((1, [0x7E, 0])),
            0xFF61..=0xFF9F => return Some((1, [(cp - 0xFF61 + 0xA1) as u8, 0])),
            0x2212 => 0xFF0D,
            _ => cp,
        };
        let pointer = usize::from(*self.pointers.get(cp as usize)?).checked_sub(1)?;
        let (lead, trail) = (pointer / 188, pointer % 188);
        let lead_offset = if lead < 0x1F { 0x81 } else { 0xC1 };
        let offset = if trail < 0x3F { 0x40 } else { 0x41 };
        // The largest pointer is 11103: lead ≤ 0xFC, trail ≤ 0xFC.
        Some((2, [(lead + lead_offset) as u8, (trail + offset) as u8]))
    }

    /// Encodes `text`, appending to `out`, with `replacement` for each character Shift_JIS cannot
    /// hold; returns how many there were.
    pub fn encode_lossy(&self, text: &str, replacement: u8, out: &mut Vec<u8>) -> usize {
        out.reserve(text.len());
        let mut unmappable = 0;
        let mut rest = text;
        while !rest.is_empty() {
            // ASCII runs (most of a CSV file) are copied as they are.
            let ascii = rest.bytes().position(|b| !b.is_ascii()).unwrap_or(rest.len());
            out.extend_from_slice(&rest.as_bytes()[..ascii]);
            rest = &rest[ascii..];
            let mut chars = rest.chars();
            let Some(c) = chars.next() else { break };
            match self.encode_char(c) {
                Some((n, bytes)) => out.extend_from_slice(&bytes[..n]),
                None => {
                    out.push(replacement);
                    unmappable += 1;
                }
            }
            rest = chars.as_str();
        }
        unmappable
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// encoding_rs's Shift_JIS decoding, the reference (the decoder browsers use).
    fn reference(bytes: &[u8]) -> String {
        encoding_rs::SHIFT_JIS.decode_without_bom_handling(bytes).0.into_owned()
    }

    #[test]
    fn every_one_and_two_byte_sequence_decodes_as_encoding_rs_does() {
        for a in 0..=255u8 {
            assert_eq!(decode(&[a]), reference(&[a]), "{a:02X}");
            for b in 0..=255u8 {
                assert_eq!(decode(&[a, b]), reference(&[a, b]), "{a:02X} {b:02X}");
            }
        }
    }

    #[test]
    fn three_byte_and_truncated_sequences_decode_as_encoding_rs_does() {
        let leads = [0x81, 0x82, 0x88, 0x9F, 0xE0, 0xEA, 0xED, 0xEE, 0xEF, 0xF0, 0xF9, 0xFA, 0xFC];
        let others = [0x00, 0x3F, 0x40, 0x7E, 0x7F, 0x80, 0x81, 0x9F, 0xA0, 0xA1, 0xDF, 0xE0, 0xFC];
        let others = others.iter().chain(&[0xFD, 0xFE, 0xFF, b'A', b'\n', b',', b'"']);
        for &lead in &leads {
            for &b in others.clone() {
                for &c in others.clone() {
                    for bytes in [&[lead, b, c][..], &[b, lead, c], &[b, c, lead], &[lead, lead, b]]
                    {
                        assert_eq!(decode(bytes), reference(bytes), "{bytes:02X?}");
                    }
                }
            }
        }
    }

    #[test]
    fn every_split_of_a_sample_decodes_as_the_whole() {
        let mut sample = encoding_rs::SHIFT_JIS
            .encode("会員ID,注文日,合計金額\r\nｱｲｳ,①Ⅹ№∵纊,¥~\r\n")
            .0
            .into_owned();
        sample.extend_from_slice(b"\x81\x3F\x82\xFD\xA0\xF0\x40\xEF\xFC\xFC\x4C\x81");
        let whole = reference(&sample);
        assert_eq!(decode(&sample), whole);
        for i in 0..=sample.len() {
            for j in i..=sample.len() {
                let (mut dec, mut text) = (ShiftJisDecoder::new(), String::new());
                for part in [&sample[..i], &sample[i..j], &sample[j..]] {
                    dec.decode(part, &mut text);
                }
                dec.finish(&mut text);
                assert_eq!(text, whole, "split at {i} and {j}");
            }
        }
        let (mut dec, mut text) = (ShiftJisDecoder::new(), String::new());
        for byte in &sample {
            dec.decode(std::slice::from_ref(byte), &mut text);
        }
        dec.finish(&mut text);
        assert_eq!(text, whole, "one byte at a time");
    }

    #[test]
    fn a_lead_byte_left_at_the_end_is_one_replacement_character() {
        let (mut dec, mut text) = (ShiftJisDecoder::new(), String::new());
        dec.decode(b"A\x89", &mut text);
        assert_eq!(text, "A");
        dec.finish(&mut text);
        dec.finish(&mut text);
        assert_eq!(text, "A\u{FFFD}");
    }

    #[test]
    fn the_committed_table_is_the_index_encoding_rs_decodes() {
        for (slot, &cp) in JIS0208.iter().enumerate() {
            let pointer = if slot < USER_DEFINED_START { slot } else { slot + 1880 };
            let (lead, trail) = (pointer / 188, pointer % 188);
            let bytes = [
                (lead + if lead < 0x1F { 0x81 } else { 0xC1 }) as u8,
                (trail + if trail < 0x3F { 0x40 } else { 0x41 }) as u8,
            ];
            let (text, malformed) = encoding_rs::SHIFT_JIS.decode_without_bom_handling(&bytes);
            let expected = if malformed { 0 } else { text.chars().next().map_or(0, u32::from) };
            assert_eq!(u32::from(cp), expected, "pointer {pointer}");
        }
        assert_eq!(JIS0208.len(), USER_DEFINED_START + 11104 - IBM_START);
    }

    /// encoding_rs's Shift_JIS encoding of one character, `None` when it is unmappable.
    fn reference_encode(c: char) -> Option<Vec<u8>> {
        let mut encoder = encoding_rs::SHIFT_JIS.new_encoder();
        let mut buf = [0u8; 8];
        let mut utf8 = [0u8; 4];
        let (res, _, written) =
            encoder.encode_from_utf8_without_replacement(c.encode_utf8(&mut utf8), &mut buf, true);
        match res {
            encoding_rs::EncoderResult::InputEmpty => Some(buf[..written].to_vec()),
            _ => None,
        }
    }

    #[test]
    fn every_scalar_value_encodes_as_encoding_rs_does() {
        let enc = ShiftJisEncoder::new();
        let mut mapped = 0;
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let ours = enc.encode_char(c).map(|(n, b)| b[..n].to_vec());
            assert_eq!(ours, reference_encode(c), "U+{:04X}", u32::from(c));
            mapped += usize::from(ours.is_some());
        }
        // One byte: U+0000–U+0080, ¥, ‾ and 63 half-width katakana (194); two bytes: the 7326
        // code points of the index, and − (as －).
        assert_eq!(mapped, 194 + 7327);
    }

    #[test]
    fn nec_selected_duplicates_decode_but_encode_to_the_ibm_bytes() {
        let enc = ShiftJisEncoder::new();
        let duplicates = [
            ([0xEE, 0xEF], [0xFA, 0x40], 'ⅰ'),
            ([0xEE, 0xFC], [0xFA, 0x57], '＂'),
            ([0xED, 0x40], [0xFA, 0x5C], '纊'),
        ];
        for (nec, ibm, c) in duplicates {
            assert_eq!((decode(&nec), decode(&ibm)), (c.to_string(), c.to_string()));
            assert_eq!(enc.encode_char(c), Some((2, ibm)), "{c}");
        }
        // Where JIS X 0208 itself has the character, its own bytes win: ￢ and ∵ are on row 2.
        assert_eq!(enc.encode_char('￢'), Some((2, [0x81, 0xCA])));
        assert_eq!(enc.encode_char('∵'), Some((2, [0x81, 0xE6])));
    }

    #[test]
    fn unmappable_characters_become_the_replacement_and_are_counted() {
        let text = "ID,名前\r\n1,髙橋 ①€😀\u{E000}\r\n";
        let mut ours = Vec::new();
        let bad = ShiftJisEncoder::new().encode_lossy(text, b'?', &mut ours);
        let mut expected = Vec::new();
        let mut expected_bad = 0;
        for c in text.chars() {
            match reference_encode(c) {
                Some(bytes) => expected.extend(bytes),
                None => {
                    expected.push(b'?');
                    expected_bad += 1;
                }
            }
        }
        assert_eq!((ours, bad), (expected, expected_bad));
        assert_eq!(expected_bad, 3, "€, 😀 and the private-use U+E000");
    }

    #[test]
    fn encoding_then_decoding_gives_back_every_mappable_character() {
        let enc = ShiftJisEncoder::new();
        for c in (0..=0xFFFF).filter_map(char::from_u32) {
            if let Some((n, bytes)) = enc.encode_char(c) {
                let back = decode(&bytes[..n]);
                // The three the standard maps one way only: ¥ → \, ‾ → ~, − → －.
                if !matches!(c, '¥' | '‾' | '−') {
                    assert_eq!(back, c.to_string(), "U+{:04X}", u32::from(c));
                }
            }
        }
    }
}
