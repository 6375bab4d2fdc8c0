//! UTF-16LE and UTF-16BE decoding as the WHATWG Encoding Standard defines it (§14.2,
//! https://encoding.spec.whatwg.org/#shared-utf-16-decoder), streaming: a byte or a high
//! surrogate at the end of a chunk waits for the next chunk. Unpaired surrogates and an odd byte
//! at the end become U+FFFD. No BOM handling: the caller skips it.

/// A streaming UTF-16 decoder: [`Utf16Decoder::decode`] per chunk, then
/// [`Utf16Decoder::finish`].
///
/// ```
/// use ltv::encoding::utf16::Utf16Decoder;
/// let (mut dec, mut text) = (Utf16Decoder::new(false), String::new());
/// dec.decode(b"\x1A\x4F\x61", &mut text); // 会, then half of 'a'
/// dec.decode(b"\x00\x3D\xD8\x00", &mut text); // the rest of 'a', a high surrogate, half of…
/// dec.decode(b"\xDE", &mut text); // …the low one: 😀
/// dec.finish(&mut text);
/// assert_eq!(text, "会a😀");
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

    /// Decodes `input`, appending to `out`; an incomplete code unit or surrogate pair at its end
    /// is kept for the next call.
    pub fn decode(&mut self, mut input: &[u8], out: &mut String) {
        out.reserve(input.len() / 2 * 3 / 2 + 4);
        if let Some(first) = self.lead_byte {
            let Some((&second, rest)) = input.split_first() else { return };
            self.lead_byte = None;
            input = rest;
            self.unit(self.combine(first, second), out);
        }
        let mut pairs = input.chunks_exact(2);
        for pair in &mut pairs {
            let unit = self.combine(pair[0], pair[1]);
            // Not a surrogate, none pending (almost every unit): the character itself.
            if self.lead_surrogate.is_none() && !(0xD800..=0xDFFF).contains(&unit) {
                out.push(char::from_u32(u32::from(unit)).unwrap_or(char::REPLACEMENT_CHARACTER));
            } else {
                self.unit(unit, out);
            }
        }
        if let [last] = pairs.remainder() {
            self.lead_byte = Some(*last);
        }
    }

    /// Ends the text: a byte or a high surrogate still waiting is one U+FFFD. The decoder can
    /// then start a new text.
    pub fn finish(&mut self, out: &mut String) {
        if self.lead_byte.take().is_some() | self.lead_surrogate.take().is_some() {
            out.push(char::REPLACEMENT_CHARACTER);
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
    fn unit(&mut self, unit: u16, out: &mut String) {
        if let Some(high) = self.lead_surrogate.take() {
            if (0xDC00..=0xDFFF).contains(&unit) {
                let c = 0x1_0000 + ((u32::from(high) - 0xD800) << 10) + (u32::from(unit) - 0xDC00);
                out.push(char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER));
                return;
            }
            // The unit after an unpaired high surrogate is read again on its own.
            out.push(char::REPLACEMENT_CHARACTER);
        }
        match unit {
            0xD800..=0xDBFF => self.lead_surrogate = Some(unit),
            0xDC00..=0xDFFF => out.push(char::REPLACEMENT_CHARACTER),
            _ => out.push(char::from_u32(u32::from(unit)).unwrap_or(char::REPLACEMENT_CHARACTER)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(big_endian: bool, parts: &[&[u8]]) -> String {
        let (mut dec, mut text) = (Utf16Decoder::new(big_endian), String::new());
        for part in parts {
            dec.decode(part, &mut text);
        }
        dec.finish(&mut text);
        text
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
