//! The text encodings an order file can be in, their names, and decoding one cell.
//!
//! The codecs are our own, small and exact: [`sjis`] (the WHATWG Shift_JIS decoder and encoder,
//! with the `index-jis0208` table in `jis0208.rs`) and [`utf16`] (the WHATWG UTF-16LE/BE
//! decoder); UTF-8 is std's. A general library such as encoding_rs links every CJK table
//! (Big5, GBK, EUC-KR, …: 175 KB of our wasm) because its decoder dispatches over all encodings;
//! it is only a dev-dependency here, the reference the tests compare with on every input.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;

mod jis0208;
pub mod sjis;
pub mod utf16;

/// A text encoding an order file can be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, strum::EnumIter)]
pub enum TextEncoding {
    /// UTF-8, with or without BOM.
    #[serde(rename = "utf-8")]
    Utf8,
    /// Shift_JIS with Microsoft's extensions (CP932, Windows-31J): Japanese Excel's "CSV".
    #[serde(rename = "shift_jis")]
    ShiftJis,
    /// UTF-16 little-endian: Excel's "Unicode テキスト".
    #[serde(rename = "utf-16le")]
    Utf16le,
    /// UTF-16 big-endian.
    #[serde(rename = "utf-16be")]
    Utf16be,
}

impl TextEncoding {
    /// The encoding a label names (WHATWG names and the usual Japanese aliases,
    /// case-insensitive); `None` for `auto` or an empty label.
    ///
    /// ```
    /// use ltv::encoding::TextEncoding;
    /// assert_eq!(TextEncoding::from_label("CP932"), Ok(Some(TextEncoding::ShiftJis)));
    /// assert_eq!(TextEncoding::from_label("auto"), Ok(None));
    /// assert!(TextEncoding::from_label("latin-9").is_err());
    /// ```
    ///
    /// # Errors
    /// The label, when it names no encoding this crate reads.
    pub fn from_label(label: &str) -> Result<Option<TextEncoding>, String> {
        Ok(Some(match label.trim().to_ascii_lowercase().as_str() {
            "" | "auto" => return Ok(None),
            "utf-8" | "utf8" => TextEncoding::Utf8,
            "shift_jis" | "shift-jis" | "sjis" | "cp932" | "ms932" | "windows-31j" => {
                TextEncoding::ShiftJis
            }
            "utf-16le" | "utf-16" => TextEncoding::Utf16le,
            "utf-16be" => TextEncoding::Utf16be,
            _ => return Err(label.to_owned()),
        }))
    }

    /// The decoder that turns the bytes into UTF-8 before csv-core sees them: UTF-16 only
    /// (UTF-8 and Shift_JIS are split as bytes, and only the cells needed are decoded).
    #[must_use]
    pub fn transcoder(self) -> Option<utf16::Utf16Decoder> {
        match self {
            TextEncoding::Utf16le => Some(utf16::Utf16Decoder::new(false)),
            TextEncoding::Utf16be => Some(utf16::Utf16Decoder::new(true)),
            TextEncoding::Utf8 | TextEncoding::ShiftJis => None,
        }
    }

    /// Appends `text` (bytes in this encoding) to `out` with its ASCII letters lower-cased; the
    /// second byte of a Shift_JIS character may be an ASCII capital's and is kept as it is.
    ///
    /// ```
    /// use ltv::encoding::TextEncoding;
    /// let mut out = Vec::new();
    /// TextEncoding::ShiftJis.push_ascii_lowercase(b"\x8D\x4CA@X.JP", &mut out); // 広A@X.JP
    /// assert_eq!(out, b"\x8D\x4Ca@x.jp");
    /// ```
    pub fn push_ascii_lowercase(self, text: &[u8], out: &mut Vec<u8>) {
        if self != TextEncoding::ShiftJis || text.is_ascii() {
            out.extend(text.iter().map(u8::to_ascii_lowercase));
            return;
        }
        let mut i = 0;
        while let Some(&b) = text.get(i) {
            if matches!(b, 0x81..=0x9F | 0xE0..=0xFC) && i + 1 < text.len() {
                out.extend_from_slice(&text[i..i + 2]);
                i += 2;
            } else {
                out.push(b.to_ascii_lowercase());
                i += 1;
            }
        }
    }

    /// Decodes one cell of a file in this encoding (after transcoding, UTF-16 cells are UTF-8).
    /// ASCII cells are borrowed as they are.
    #[must_use]
    pub fn decode_cell(self, bytes: &[u8]) -> Cow<'_, str> {
        match self {
            TextEncoding::ShiftJis if !bytes.is_ascii() => Cow::Owned(sjis::decode(bytes)),
            _ => match std::str::from_utf8(bytes) {
                Ok(text) => Cow::Borrowed(text),
                Err(_) => String::from_utf8_lossy(bytes),
            },
        }
    }
}
