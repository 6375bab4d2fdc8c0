//! Native cost of the 通販 views of issue 15 (月次推移, 回数別, …) on a file: the time of each
//! view (best of 3) and the heap it allocates at its peak beyond what was held before it (a
//! counting allocator), beside the time of the whole `analyze`.
//! `cargo run --release --example views_bench -- FILE` (e.g. the benchmark's 1 M-row file from
//! `node tools/gen-orders.mjs --rows 1000000 --format bench --out FILE`).
#![allow(clippy::print_stdout, clippy::print_stderr)]

use ltv::analysis::{analyze, bench, AnalysisParams};
use ltv::import::{import_bytes, ImportOptions};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

/// The system allocator, counting the bytes held and their peak.
struct Counting;

static HELD: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed to the system allocator unchanged; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let held = HELD.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(held, Relaxed);
        // SAFETY: the caller's contract is the system allocator's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        HELD.fetch_sub(layout.size(), Relaxed);
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Runs `f` three times: the best time (s) and the peak heap beyond the start (MB).
fn measure<T>(mut f: impl FnMut() -> T) -> (f64, f64) {
    let (mut best, mut peak) = (f64::INFINITY, 0usize);
    for _ in 0..3 {
        let start = HELD.load(Relaxed);
        PEAK.store(start, Relaxed);
        let t = Instant::now();
        let out = f();
        best = best.min(t.elapsed().as_secs_f64());
        peak = peak.max(PEAK.load(Relaxed) - start);
        drop(out);
    }
    (best, peak as f64 / 1e6)
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: views_bench FILE");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let mut ds = match import_bytes(&bytes, &ImportOptions::default()) {
        Ok(i) => i.dataset,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    drop(bytes);
    let params = AnalysisParams::default();
    let (t, m) = measure(|| analyze(&ds, &params));
    println!("analyze (every view): {t:.3} s, peak +{m:.1} MB");
    let typical = analyze(&ds, &params).ok().and_then(|a| a.status.days_to_second);
    let facts = match bench::facts(&ds, &params) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    // 月次推移, 回数別 and 転換日数 run with or without a product column; 引き上げ率 needs it.
    let (mut total, mut shared) = ((0.0, 0.0f64), 0.0);
    for (name, needs_products, (t, m)) in [
        ("月次推移", false, measure(|| bench::monthly(&ds, &facts))),
        ("回数別", false, measure(|| bench::ladder(&ds, &facts, &params))),
        ("転換日数", false, measure(|| bench::days_to_second(&facts, typical, &params))),
        ("引き上げ率", true, measure(|| bench::upgrade(&ds, &facts, &params))),
    ] {
        println!("{name}: {t:.3} s, peak +{m:.1} MB");
        total = (total.0 + t, total.1.max(m));
        if !needs_products {
            shared += t;
        }
    }
    println!("the views together: {:.3} s, peak +{:.1} MB (the largest one)", total.0, total.1);
    // What the product column adds to `analyze` (初回購入商品別, 引き上げ率, the ladder's split by
    // first product): the same analysis without it.
    ds.products = None;
    let (without, without_peak) = measure(|| analyze(&ds, &params));
    println!("analyze without the product column: {without:.3} s, peak +{without_peak:.1} MB");
    println!(
        "issue 15's views in all: {:.3} s of the {t:.3} s analysis, peak +{:.1} MB",
        (t - without).max(0.0) + shared,
        (m - without_peak).max(total.1)
    );
}
