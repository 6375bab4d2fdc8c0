//! Writes `src/encoding/jis0208.rs`, the WHATWG `index-jis0208` table our Shift_JIS codec uses,
//! by decoding every two-byte Shift_JIS sequence with encoding_rs (a dev-dependency whose data is
//! generated from the same WHATWG index; browsers use it too). Run it once when the table must
//! change (it never has since 2016):
//!
//! `cargo run --example jis0208_table > src/encoding/jis0208.rs && cargo fmt`
//!
//! The tests in `src/encoding/sjis.rs` check the committed table against encoding_rs for every
//! one- and two-byte sequence, so a stale or hand-edited table fails `cargo test`.
#![allow(clippy::print_stdout)]

use std::fmt::Write;

/// Pointers 0 to 8835 (JIS X 0208 rows 1–94 with NEC's row 13 and NEC-selected IBM extensions),
/// then 10716 to 11103 (IBM extensions). The user-defined area between (8836–10715) is
/// computed, not stored.
const LOW: std::ops::Range<usize> = 0..8836;
const IBM: std::ops::Range<usize> = 10716..11104;

/// The two Shift_JIS bytes of a pointer (WHATWG Encoding, "Shift_JIS encoder", step 8).
fn bytes(pointer: usize) -> [u8; 2] {
    let (lead, trail) = (pointer / 188, pointer % 188);
    let lead_offset = if lead < 0x1F { 0x81 } else { 0xC1 };
    let offset = if trail < 0x3F { 0x40 } else { 0x41 };
    [(lead + lead_offset) as u8, (trail + offset) as u8]
}

/// The code point encoding_rs decodes a pointer's two bytes to, 0 when the index has none.
fn code_point(pointer: usize) -> u16 {
    let input = bytes(pointer);
    let (text, malformed) = encoding_rs::SHIFT_JIS.decode_without_bom_handling(&input);
    let mut chars = text.chars();
    match (chars.next(), chars.next(), malformed) {
        (Some(c), None, false) => u16::try_from(u32::from(c)).expect("the index is in the BMP"),
        _ => 0,
    }
}

fn main() {
    let table: Vec<u16> = LOW.chain(IBM).map(code_point).collect();
    let mut out = String::new();
    out.push_str(concat!(
        "//! The WHATWG Encoding Standard's `index-jis0208`, the code point of each Shift_JIS\n",
        "//! pointer (0 where the index has none):\n",
        "//! <https://encoding.spec.whatwg.org/index-jis0208.txt>\n",
        "//!\n",
        "//! Generated; do not edit. Regenerate it with\n",
        "//! `cargo run --example jis0208_table > src/encoding/jis0208.rs`, which decodes every\n",
        "//! two-byte sequence with encoding_rs 0.8 (a dev-dependency, whose data is generated\n",
        "//! from the same index). The tests in `sjis.rs` compare the table with encoding_rs.\n",
        "//!\n",
        "//! Pointers 0–8835 are stored at their own index, pointers 10716–11103 (IBM\n",
        "//! extensions, lead bytes 0xFA–0xFC) at `pointer - 1880`; the user-defined area\n",
        "//! between them is computed by the decoder, not stored. A pointer is\n",
        "//! `(lead - 0x81 or 0xC1) * 188 + (trail - 0x40 or 0x41)`.\n\n",
    ));
    writeln!(out, "/// `index-jis0208` by pointer (see the module doc for the layout).").unwrap();
    writeln!(out, "#[rustfmt::skip]").unwrap();
    writeln!(out, "pub(super) static JIS0208: [u16; {}] = [", table.len()).unwrap();
    let pointers: Vec<usize> = LOW.chain(IBM).collect();
    for (row, chunk) in pointers.chunks(188).zip(table.chunks(188)) {
        let [lead, _] = bytes(row[0]);
        writeln!(out, "    // lead byte {lead:#04X}: pointers {}–{}", row[0], row[row.len() - 1])
            .unwrap();
        for line in chunk.chunks(12) {
            let cells: Vec<String> = line.iter().map(|v| format!("{v:#06X},")).collect();
            writeln!(out, "    {}", cells.join(" ")).unwrap();
        }
    }
    out.push_str("];\n");
    print!("{out}");
}
