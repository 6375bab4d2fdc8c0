//! Native cost of the product column on a file: import time, the products kept per purchase
//! (bytes), and the time of `analyze` with and without the 初回購入商品別 view.
//! `cargo run --release --example products_bench -- FILE` (e.g. the benchmark's 1 M-row file from
//! `node tools/gen-orders.mjs --rows 1000000 --format bench --out FILE`).
#![allow(clippy::print_stdout, clippy::print_stderr)]

use ltv::analysis::{analyze, AnalysisParams};
use ltv::import::{import_bytes, ImportOptions};
use std::time::Instant;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: products_bench FILE");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let t = Instant::now();
    let import = match import_bytes(&bytes, &ImportOptions::default()) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    println!("import: {:.2} s", t.elapsed().as_secs_f64());
    let mut ds = import.dataset;
    if let Some(p) = ds.products.as_ref() {
        let names: usize = p.names.iter().map(|n| n.len() + 24).sum();
        let ids: usize = (0..p.len()).map(|k| p.of(k).len()).sum();
        // Per purchase: a start (4 bytes) and the top line (4 bytes); per id 4 bytes.
        let bytes = names + 8 * p.len() + 4 * ids;
        println!(
            "products: {} names, {} purchases, {} ids, ~{:.1} MB",
            p.names.len(),
            p.len(),
            ids,
            bytes as f64 / 1e6
        );
    }
    let params = AnalysisParams::default();
    let t = Instant::now();
    let a = analyze(&ds, &params);
    println!("analyze with products: {:.2} s", t.elapsed().as_secs_f64());
    if let Ok(Some(v)) = a.as_ref().map(|a| a.products.as_ref()) {
        println!(
            "初回購入商品別: {} new customers, {} product rows, {} group rows, {} 区分 rows",
            v.customers,
            v.by_product.len(),
            v.by_group.len(),
            v.by_kind.len()
        );
    }
    ds.products = None;
    let t = Instant::now();
    let _ = analyze(&ds, &params);
    println!("analyze without products: {:.2} s", t.elapsed().as_secs_f64());
}
