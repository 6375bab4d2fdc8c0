//! Speed check of the analysis on a synthetic shop: ~450,000 customers and ~1,000,000 orders over
//! three years (seeded, deterministic), 60 % one-time buyers, five channels, a cost column.
//! Prints the native time of `analyze` (with the customer table) and of the first table page:
//! `cargo run --release --example analysis_bench`. The browser target is 0.5 s for all of it.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use ltv::analysis::customers::{CustomerFilter, SortColumn, TableQuery};
use ltv::analysis::export::{export_customers, ExportOptions};
use ltv::analysis::rfm::{ScoreMethod, Segment};
use ltv::analysis::{analyze_with_table, AnalysisParams};
use ltv::dataset::{Dataset, DatasetBuilder, RawOrder};
use ltv::encoding::TextEncoding;
use rust_decimal::Decimal;
use std::time::Instant;

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn synthetic(customers: u32) -> Dataset {
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let start = ltv::date::days_from_civil(2022, 1, 1);
    let span: i32 = 3 * 365;
    let mut parts = DatasetBuilder::default();
    parts.channels = ["Google", "Instagram", "LINE", "Yahoo", "Direct"].map(String::from).to_vec();
    let (mut channels, mut profits) = (Vec::new(), Vec::new());
    let mut orders = Vec::new();
    for c in 0..customers {
        parts.keys.intern(format!("C{c:07}").as_bytes());
        let channel = rng.below(5) as u16;
        let mut day = start + rng.below(span as u64) as i32;
        // 60 % buy once; the others 2 + a geometric number more (mean ≈ 4 orders).
        let n = if rng.unit() < 0.6 { 1 } else { 2 + (-(rng.unit().max(1e-12)).ln() * 3.0) as u32 };
        for _ in 0..n {
            if day >= start + span {
                break;
            }
            let seq = orders.len() as u32;
            let amount = Decimal::from(1_000 + rng.below(190) * 100);
            orders.push(RawOrder {
                customer: c,
                day,
                key: u64::from(seq) | (1 << 63),
                amount,
                seq,
            });
            channels.push(channel);
            profits.push(
                ltv::money::Money::from_decimal(amount * Decimal::new(4, 1)).unwrap_or_default(),
            );
            day += 1 + (-(rng.unit().max(1e-12)).ln() * 60.0) as i32;
        }
    }
    (parts.channel, parts.profit) = (Some(channels), Some(profits));
    parts.build_from_raw(orders, TextEncoding::Utf8)
}

fn main() {
    let t = Instant::now();
    let ds = synthetic(450_000);
    println!(
        "synthetic data: {} customers, {} orders, {} purchase days, built in {:?}",
        ds.customers(),
        ds.purchases.iter().map(|p| u64::from(p.orders)).sum::<u64>(),
        ds.purchases.len(),
        t.elapsed()
    );
    let mut params = AnalysisParams::default();
    params.channel_cpa.insert("Google".into(), Decimal::from(5_000));
    // The machine may be shared: report the fastest and the median of several runs.
    for method in [ScoreMethod::Thresholds, ScoreMethod::Quintiles] {
        params.rfm.method = method;
        let mut runs = Vec::new();
        for _ in 0..9 {
            let t = Instant::now();
            let (analysis, table) = analyze_with_table(&ds, &params).expect("analysis");
            let analyzed = t.elapsed();
            let page = table.page(&ds, &TableQuery::default());
            runs.push((t.elapsed(), analyzed));
            assert_eq!((analysis.customers, page.rows.len()), (450_000, 50));
        }
        runs.sort();
        let (best, median) = (runs[0], runs[runs.len() / 2]);
        println!(
            "{method:?}: analyze + first page: fastest {:?} (analyze {:?}), median {:?}",
            best.0, best.1, median.0
        );
    }
    let (_, table) = analyze_with_table(&ds, &params).expect("analysis");
    let t = Instant::now();
    let filter =
        CustomerFilter { search: "c00012".into(), sort: SortColumn::Key, ..Default::default() };
    let page = table.page(&ds, &TableQuery { filter, ..Default::default() });
    println!("search page: {:?} ({} matches)", t.elapsed(), page.total);
    let opts = ExportOptions {
        filter: CustomerFilter { segments: vec![Segment::Dormant], ..Default::default() },
        ..Default::default()
    };
    let all = ExportOptions::default();
    for (name, opts) in [("休眠顧客", &opts), ("all customers", &all)] {
        let mut best = None;
        let mut file = None;
        for _ in 0..5 {
            let t = Instant::now();
            file = Some(export_customers(&ds, &table, opts));
            let e = t.elapsed();
            best = Some(best.map_or(e, |b: std::time::Duration| b.min(e)));
        }
        let file = file.expect("exported");
        println!(
            "export of {name}: fastest {:?} ({} rows, {} bytes)",
            best.unwrap_or_default(),
            file.rows,
            file.bytes.len()
        );
    }
}
