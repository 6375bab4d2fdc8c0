//! Our codecs (src/encoding/) beside encoding_rs, natively, on a CP932 file: the whole file
//! decoded at once, every line decoded as a cell of its own (as the importer decodes the cells it
//! needs), the text encoded back (as the CSV export does, `?` for what Shift_JIS cannot hold),
//! and the text as UTF-16LE transcoded in 1 MiB chunks (as the importer reads a UTF-16 file).
//! Medians of five runs, in ms.
//!
//! `cargo run --release --example encoding_bench -- bench/out/orders-1m-cp932.csv`
//! (the file comes from `./build.sh bench` or `node tools/gen-orders.mjs --rows 1000000
//! --encoding cp932 --out …`)
#![allow(clippy::print_stdout)]

use ltv::encoding::sjis::{self, ShiftJisEncoder};
use ltv::encoding::utf16::Utf16Decoder;
use std::hint::black_box;
use std::time::Instant;

/// The median time of five runs of `f`, in ms.
fn median_ms(mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..5)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[2]
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: encoding_bench FILE (Shift_JIS)");
    let bytes = std::fs::read(&path).expect("read the file");
    let lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    let text = sjis::decode(&bytes);
    assert_eq!(text, encoding_rs::SHIFT_JIS.decode_without_bom_handling(&bytes).0);
    let utf16: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    // An odd chunk size, so that code units are cut between chunks.
    const CHUNK: usize = (1 << 20) + 1;

    let rows = [
        (
            "decode the whole file",
            median_ms(|| {
                black_box(sjis::decode(black_box(&bytes)));
            }),
            median_ms(|| {
                black_box(encoding_rs::SHIFT_JIS.decode_without_bom_handling(black_box(&bytes)));
            }),
        ),
        (
            "decode each line on its own",
            median_ms(|| {
                for line in &lines {
                    black_box(sjis::decode(black_box(line)));
                }
            }),
            median_ms(|| {
                for line in &lines {
                    black_box(encoding_rs::SHIFT_JIS.decode_without_bom_handling(black_box(line)));
                }
            }),
        ),
        (
            "encode the text (export)",
            median_ms(|| {
                let mut out = Vec::with_capacity(text.len());
                black_box(ShiftJisEncoder::new().encode_lossy(black_box(&text), b'?', &mut out));
            }),
            median_ms(|| {
                black_box(encoding_rs::SHIFT_JIS.encode(black_box(&text)));
            }),
        ),
        (
            "transcode UTF-16LE in chunks",
            median_ms(|| {
                let (mut dec, mut out) = (Utf16Decoder::new(false), Vec::new());
                for chunk in utf16.chunks(CHUNK) {
                    out.clear();
                    dec.decode(black_box(chunk), &mut out);
                    black_box(&out);
                }
                dec.finish(&mut out);
            }),
            median_ms(|| {
                let mut dec = encoding_rs::UTF_16LE.new_decoder_without_bom_handling();
                let mut out = String::new();
                for chunk in utf16.chunks(CHUNK) {
                    out.clear();
                    out.reserve(dec.max_utf8_buffer_length(chunk.len()).unwrap_or(0));
                    let _ = black_box(dec.decode_to_string(black_box(chunk), &mut out, false));
                    black_box(&out);
                }
            }),
        ),
    ];
    println!("{} MB, {} lines", bytes.len() / 1_000_000, lines.len());
    println!("| what | ours (ms) | encoding_rs (ms) | ours / encoding_rs |");
    println!("| --- | --- | --- | --- |");
    for (what, ours, theirs) in rows {
        println!("| {what} | {ours:.0} | {theirs:.0} | {:.2} |", ours / theirs);
    }
}
