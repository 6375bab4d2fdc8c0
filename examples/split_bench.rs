//! The cost of reading a file in byte ranges and merging them (issue 17), natively: one reader,
//! then the same file in 2 and 4 ranges read one after the other (the CPU work the page's
//! workers share), with the time of each range's read and of the merge.
//!
//! `cargo run --release --example split_bench -- FILE`

use ltv::import::split::{Added, Range, RangeReader};
use ltv::import::{import_bytes, ImportOptions};
use std::time::Instant;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: split_bench FILE");
        std::process::exit(2);
    };
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let options = ImportOptions { size_hint: Some(bytes.len() as u64), ..ImportOptions::default() };
    let t = Instant::now();
    let one = import_bytes(&bytes, &options).expect("import");
    let one_ms = t.elapsed().as_secs_f64() * 1000.0;
    println!("one reader: {one_ms:.0} ms ({} customers)", one.dataset.customers());
    let head = &bytes[..bytes.len().min(ltv::import::sniff::SNIFF_LEN)];
    for n in [2u64, 4] {
        let len = bytes.len() as u64;
        let starts: Vec<u64> = (0..n).map(|k| len / n * k).collect();
        let mut read_ms = Vec::new();
        let mut partials = Vec::new();
        let mut first = None;
        for (k, &start) in starts.iter().enumerate() {
            let end = starts.get(k + 1).copied().unwrap_or(u64::MAX);
            let t = Instant::now();
            let range = Range { start, end, exact: k == 0 };
            let mut r = RangeReader::new(&options, head, false, range).expect("range");
            for c in bytes[start as usize..].chunks(1 << 20) {
                r.push(c);
                if r.done() {
                    break;
                }
            }
            if k == 0 {
                first = Some(r.into_merger(&options)); // the file's worker keeps its own range
            } else {
                partials.push(r.finish());
            }
            read_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        let t = Instant::now();
        let mut m = first.take().expect("the first range");
        for p in &partials {
            match m.add(p).expect("add") {
                Added::Merged => {}
                Added::Complete => break,
                Added::Reread(at) => panic!("reread at {at}"),
            }
        }
        let absorb_ms = t.elapsed().as_secs_f64() * 1000.0;
        let merged = m.finish().expect("finish");
        let merge_ms = t.elapsed().as_secs_f64() * 1000.0;
        println!("  merge: partials joined in {absorb_ms:.0} ms, then the dataset built (as one reader builds it at its end) in {:.0} ms", merge_ms - absorb_ms);
        let total: f64 = read_ms.iter().sum::<f64>() + merge_ms;
        let sizes: Vec<String> = partials.iter().map(|p| format!("{} MB", p.len() >> 20)).collect();
        println!(
            "{n} ranges: reads {:?} ms, partials {sizes:?}, merge {merge_ms:.0} ms; CPU {total:.0} ms = {:.2} × one reader; longest read + merge {:.0} ms = {:.2} ×",
            read_ms.iter().map(|x| x.round()).collect::<Vec<_>>(),
            total / one_ms,
            read_ms.iter().cloned().fold(0.0, f64::max) + merge_ms,
            (read_ms.iter().cloned().fold(0.0, f64::max) + merge_ms) / one_ms,
        );
        assert_eq!(merged.dataset.customers(), one.dataset.customers());
    }
}
