//! UTF-16LE and UTF-16BE decoding as the WHATWG Encoding Standard defines it (§14.2,
//! <https://encoding.spec.whatwg.org/#shared-utf-16-decoder>), streaming: a byte or a high
//! surrogate at the end of a chunk waits for the next chunk. Unpaired surrogates and an odd byte
//! at the end become U+FFFD. No BOM handling: the caller skips it.
//!
//! The output is UTF-8 *bytes* (always valid UTF-8), because that is what csv-core reads next.

/// A streaming UTF-16 decoder: [`Utf16Decoder::decode`] per chunk, then
/// [`Utf16Decoder::finish`].
///
/// ```
/// use ltv::encoding::utf16::Utf16Decoder;
/// let (mut dec, mut utf8) = (Utf16Decoder::new(false), Vec::new());
/// dec.decode(b"\x1A\x4F\x61", &mut utf8); // 会, then half of 'a'
/// dec.decode(b"\x00\x3D\xD8\x00", &mut utf8); // the rest of 'a', a high surrogate, half of…
/// dec.decode(b"\xDE", &mut utf8); // …the low one: 😀
/// dec.finish(&mut utf8);
/// assert_eq!(String::from_utf8(utf8).unwrap(), "会a😀");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Utf16Decoder {
    big_endian: bool,
    /// The first byte of a code unit, waiting for the second.
    lead_byte: Option<u8>,
    /// A high surrogate waiting for its low surrogate.
    lead_surrogate: Option<u16>,
}

impl Utf16Decoder {
    /// A decoder of UTF-16BE (`big_endian`) or UTF-16LE.
    #[must_use]
    pub const fn new(big_endian: bool) -> Utf16Decoder {
        Utf16Decoder { big_endian, lead_byte: None, lead_surrogate: None }
    }

    /// Decodes `input`, appending its UTF-8 to `out`; an incomplete code unit or surrogate pair
    /// at its end is kept for the next call.
    pub fn decode(&mut self, mut input: &[u8], out: &mut Vec<u8>) {
        out.reserve(input.len() / 2 * 3 / 2 + 4);
        if let Some(first) = self.lead_byte {
            let Some((&second, rest)) = input.split_first() else { return };
            self.lead_byte = None;
            input = rest;
            self.unit(self.combine(first, second), out);
        }
        loop {
            if self.lead_surrogate.is_none() {
                let ascii = copy_ascii(input, self.big_endian, out);
                input = &input[ascii..];
            }
            match *input {
                [first, second, ref rest @ ..] => {
                    self.unit(self.combine(first, second), out);
                    input = rest;
                }
                [last] => {
                    self.lead_byte = Some(last);
                    return;
                }
                [] => return,
            }
        }
    }

    /// Ends the text: a byte or a high surrogate still waiting is one U+FFFD. The decoder can
    /// then start a new text.
    pub fn finish(&mut self, out: &mut Vec<u8>) {
        if self.lead_byte.take().is_some() | self.lead_surrogate.take().is_some() {
            push_char(out, 0xFFFD);
        }
    }

    fn combine(&self, first: u8, second: u8) -> u16 {
        if self.big_endian {
            u16::from_be_bytes([first, second])
        } else {
            u16::from_le_bytes([first, second])
        }
    }

    /// One code unit, with a high surrogate possibly pending.
    fn unit(&mut self, unit: u16, out: &mut Vec<u8>) {
        if let Some(high) = self.lead_surrogate.take() {
            if (0xDC00..=0xDFFF).contains(&unit) {
                push_char(
                    out,
                    0x1_0000 + ((u32::from(high) - 0xD800) << 10) + (u32::from(unit) - 0xDC00),
                );
                return;
            }
            // The unit after an unpaired high surrogate is read again on its own.
            push_char(out, 0xFFFD);
        }
        match unit {
            0xD800..=0xDBFF => self.lead_surrogate = Some(unit),
            0xDC00..=0xDFFF => push_char(out, 0xFFFD),
            _ => push_char(out, u32::from(unit)),
        }
    }
}

/// Copies the ASCII code units at the start of `input` (most of a CSV file), four at a time
/// while it can; returns how many bytes that took.
fn copy_ascii(input: &[u8], big_endian: bool, out: &mut Vec<u8>) -> usize {
    // Read as a little-endian u64, four UTF-16LE units are ASCII when every high byte is 0 and
    // every low byte is below 0x80; in UTF-16BE the bytes of each unit are the other way round.
    let (mask, shift) =
        if big_endian { (0x80FF_80FF_80FF_80FF_u64, 8) } else { (0xFF80_FF80_FF80_FF80_u64, 0) };
    let mut taken = 0;
    for block in input.chunks_exact(8) {
        let Ok(block) = <[u8; 8]>::try_from(block) else { break };
        let w = u64::from_le_bytes(block);
        if w & mask != 0 {
            break;
        }
        let byte = |unit: u32| (w >> (16 * unit + shift)) as u8;
        out.extend_from_slice(&[byte(0), byte(1), byte(2), byte(3)]);
        taken += 8;
    }
    for pair in input[taken..].chunks_exact(2) {
        let (low, high) = if big_endian { (pair[1], pair[0]) } else { (pair[0], pair[1]) };
        if high != 0 || low >= 0x80 {
            break;
        }
        out.push(low);
        taken += 2;
    }
    taken
}

/// Appends the UTF-8 of a code point (U+FFFD if it is not a scalar value, which the callers
/// never pass).
fn push_char(out: &mut Vec<u8>, code_point: u32) {
    let c = char::from_u32(code_point).unwrap_or(char::REPLACEMENT_CHARACTER);
    out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(big_endian: bool, parts: &[&[u8]]) -> String {
        let (mut dec, mut utf8) = (Utf16Decoder::new(big_endian), Vec::new());
        for part in parts {
            dec.decode(part, &mut utf8);
        }
        dec.finish(&mut utf8);
        String::from_utf8(utf8).expect("the decoder writes UTF-8")
    }

    /// encoding_rs's decoding, the reference.
    fn reference(big_endian: bool, bytes: &[u8]) -> String {
        let codec = if big_endian { encoding_rs::UTF_16BE } else { encoding_rs::UTF_16LE };
        codec.decode_without_bom_handling(bytes).0.into_owned()
    }

    /// Code units that exercise every branch: ASCII, BMP, both surrogate halves, the edges.
    const UNITS: [u16; 12] = [
        0x0041, 0x000A, 0x00E9, 0x4F1A, 0xD7FF, 0xD800, 0xD83D, 0xDBFF, 0xDC00, 0xDE00, 0xDFFF,
        0xFFFF,
    ];

    #[test]
    fn every_sequence_of_up_to_three_interesting_units_decodes_as_encoding_rs_does() {
        for big_endian in [false, true] {
            let bytes = |units: &[u16]| -> Vec<u8> {
                units
                    .iter()
                    .flat_map(|u| if big_endian { u.to_be_bytes() } else { u.to_le_bytes() })
                    .collect()
            };
            for &a in &UNITS {
                for &b in &UNITS {
                    for &c in &UNITS {
                        let whole = bytes(&[a, b, c]);
                        // Whole, and cut after each of the first five bytes: a truncated text.
                        for end in 1..=whole.len() {
                            let input = &whole[..end];
                            let expected = reference(big_endian, input);
                            assert_eq!(decode_all(big_endian, &[input]), expected, "{input:02X?}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn every_two_byte_unit_decodes_as_encoding_rs_does() {
        for big_endian in [false, true] {
            for unit in 0..=0xFFFFu16 {
                let input = unit.to_le_bytes();
                assert_eq!(
                    decode_all(big_endian, &[&input]),
                    reference(big_endian, &input),
                    "{input:02X?}"
                );
            }
        }
    }

    #[test]
    fn long_ascii_runs_at_every_alignment_decode_as_encoding_rs_does() {
        // ASCII runs of every length up to 19 (the fast path takes four units at a time) between
        // other characters, lone surrogates and a NUL; every prefix (a text cut anywhere) and
        // every split point.
        let mut units: Vec<u16> = Vec::new();
        for (len, other) in
            (0..20).zip([0x4F1A, 0xD83D, 0xDE00, 0x00E9, 0x0000, 0xFFFF].iter().cycle())
        {
            units.extend((0..len).map(|i| u16::from(b'a') + i % 26));
            units.push(*other);
        }
        units.extend([0xD83D, 0xDE00, 0x0041, 0x0080, 0x0100, 0x7F00]);
        for big_endian in [false, true] {
            let bytes: Vec<u8> = units
                .iter()
                .flat_map(|u| if big_endian { u.to_be_bytes() } else { u.to_le_bytes() })
                .collect();
            for end in 0..=bytes.len() {
                let input = &bytes[..end];
                assert_eq!(decode_all(big_endian, &[input]), reference(big_endian, input), "{end}");
            }
            let whole = reference(big_endian, &bytes);
            for i in 0..=bytes.len() {
                assert_eq!(decode_all(big_endian, &[&bytes[..i], &bytes[i..]]), whole, "split {i}");
            }
        }
    }

    #[test]
    fn every_split_of_a_sample_decodes_as_the_whole() {
        let text = "会員ID\t注文日\r\n😀,髙,\u{FFFF}\r\n";
        for big_endian in [false, true] {
            let mut bytes: Vec<u8> = text
                .encode_utf16()
                .flat_map(|u| if big_endian { u.to_be_bytes() } else { u.to_le_bytes() })
                .collect();
            // A lone low surrogate, a lone high one before 'A', and a stray byte at the end.
            let tail: [u16; 3] = [0xDC00, 0xD800, 0x0041];
            bytes.extend(tail.iter().flat_map(|u| {
                if big_endian {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            }));
            bytes.push(0x42);
            let whole = reference(big_endian, &bytes);
            assert!(whole.starts_with(text) && whole.ends_with("\u{FFFD}\u{FFFD}A\u{FFFD}"));
            for i in 0..=bytes.len() {
                for j in i..=bytes.len() {
                    let parts = [&bytes[..i], &bytes[i..j], &bytes[j..]];
                    assert_eq!(decode_all(big_endian, &parts), whole, "split at {i} and {j}");
                }
            }
        }
    }
}
