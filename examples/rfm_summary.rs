//! Writes the per-customer summary the models fit (frequency, recency, T in weeks, monetary
//! value: lifetimes' column names) for an order file, so that the benchmark can time the
//! `lifetimes` Python package on exactly the same input:
//! `cargo run --release --example rfm_summary -- orders.csv summary.csv`.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use ltv::import::{import_bytes, ImportOptions};
use ltv::summary::{summarize, TimeUnit};
use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(input), Some(output)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: rfm_summary ORDERS.csv SUMMARY.csv");
        std::process::exit(2);
    };
    let bytes = std::fs::read(input).expect("read the order file");
    let data = import_bytes(&bytes, &ImportOptions::default()).expect("import").dataset;
    let (_, last) = data.day_range().expect("orders");
    let s = summarize(&data, last, TimeUnit::Weeks);
    let mut out = std::io::BufWriter::new(std::fs::File::create(output).expect("create"));
    writeln!(out, "frequency,recency,T,monetary_value").expect("write");
    for r in &s.rows {
        writeln!(out, "{},{},{},{}", r.x, r.t_x, r.t, r.monetary).expect("write");
    }
}
