//! The text encodings an order file can be in, their names, and decoding one cell.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;

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

    /// The encoding_rs codec.
    #[must_use]
    pub fn codec(self) -> &'static encoding_rs::Encoding {
        match self {
            TextEncoding::Utf8 => encoding_rs::UTF_8,
            TextEncoding::ShiftJis => encoding_rs::SHIFT_JIS,
            TextEncoding::Utf16le => encoding_rs::UTF_16LE,
            TextEncoding::Utf16be => encoding_rs::UTF_16BE,
        }
    }

    /// Whether the bytes must be turned into UTF-8 before csv-core sees them (UTF-16 only).
    #[must_use]
    pub fn needs_transcoding(self) -> bool {
        matches!(self, TextEncoding::Utf16le | TextEncoding::Utf16be)
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
            TextEncoding::ShiftJis if !bytes.is_ascii() => {
                encoding_rs::SHIFT_JIS.decode_without_bom_handling(bytes).0
            }
            _ => match std::str::from_utf8(bytes) {
                Ok(text) => Cow::Borrowed(text),
                Err(_) => String::from_utf8_lossy(bytes),
            },
        }
    }
}
