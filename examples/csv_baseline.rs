//! The benchmark's native baseline: the usual way to aggregate an order CSV in Rust with the
//! `csv` crate (orders and revenue per customer, in a HashMap). `./build.sh bench` times it on the
//! same file as the browser import, so the browser figure is reported as a ratio to it.
//!
//! `cargo run --release --example csv_baseline -- orders.csv`
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::HashMap;

fn main() {
    let path = std::env::args().nth(1).expect("usage: csv_baseline FILE");
    let started = std::time::Instant::now();
    let mut rdr = csv::ReaderBuilder::new().from_path(&path).expect("open");
    // The bench files (English or CP932 Japanese headers) hold customer, date and amount in
    // columns 1, 2 and 3.
    let (customer, date, amount) = (1, 2, 3);
    let mut per_customer: HashMap<Vec<u8>, (u32, f64, Vec<u8>)> = HashMap::new();
    let mut record = csv::ByteRecord::new();
    let mut rows = 0u64;
    while rdr.read_byte_record(&mut record).expect("read") {
        rows += 1;
        let value: f64 =
            std::str::from_utf8(&record[amount]).ok().and_then(|s| s.parse().ok()).unwrap_or(0.0);
        let entry = per_customer.entry(record[customer].to_vec()).or_insert((0, 0.0, Vec::new()));
        entry.0 += 1;
        entry.1 += value;
        let day = &record[date][..10.min(record[date].len())];
        if entry.2.as_slice() < day {
            entry.2 = day.to_vec();
        }
    }
    let revenue: f64 = per_customer.values().map(|v| v.1).sum();
    println!(
        "{{\"rows\":{rows},\"customers\":{},\"revenue\":{revenue},\"seconds\":{}}}",
        per_customer.len(),
        started.elapsed().as_secs_f64()
    );
}
