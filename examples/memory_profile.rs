//! Where the memory of an import and its analysis goes, natively (issue 17: 5 M rows with the
//! whole analysis ≤ 450 MB of renderer memory). Reads FILE as the page's worker does (1 MiB
//! chunks into an `OrderReader` with the file's size as hint, then the analysis with the page's
//! default parameters) under a counting allocator, and prints per phase the heap live at its end
//! and its peak, and every allocation of 8 MiB or more (size, the heap live with it, the phase
//! it happened in; a Vec that doubles shows as a run of them). Wasm memory only grows, so the browser's wasm memory is
//! about the largest peak here (plus the allocator's fragmentation).
//!
//! `cargo run --release --example memory_profile -- bench/out/orders-5m.csv`
#![allow(clippy::print_stdout, clippy::print_stderr)]

use ltv::analysis::AnalysisParams;
use ltv::import::{ImportOptions, OrderReader};
use ltv::session::Session;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// The system allocator, counting.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static PHASE: AtomicUsize = AtomicUsize::new(0);
/// Allocations of at least BIG bytes: (size, phase, heap live with it), the first LOG of them.
const BIG: usize = 8 << 20;
const LOG: usize = 512;
static BIG_SIZE: [AtomicUsize; LOG] = [const { AtomicUsize::new(0) }; LOG];
static BIG_PHASE: [AtomicUsize; LOG] = [const { AtomicUsize::new(0) }; LOG];
static BIG_LIVE: [AtomicUsize; LOG] = [const { AtomicUsize::new(0) }; LOG];
static BIG_N: AtomicUsize = AtomicUsize::new(0);

fn note(size: usize) {
    let live = LIVE.fetch_add(size, Relaxed) + size;
    PEAK.fetch_max(live, Relaxed);
    if size >= BIG {
        let i = BIG_N.fetch_add(1, Relaxed);
        if i < LOG {
            BIG_SIZE[i].store(size, Relaxed);
            BIG_PHASE[i].store(PHASE.load(Relaxed), Relaxed);
            BIG_LIVE[i].store(live, Relaxed);
        }
    }
}

// SAFETY: every call is passed on to `System` unchanged; the counters have no effect on it.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        // SAFETY: the caller's contract, passed on.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        // SAFETY: the caller's contract, passed on.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        let moved = unsafe { System.realloc(ptr, layout, new_size) };
        if moved == ptr {
            // In place: only the difference.
            if new_size >= layout.size() {
                note(new_size - layout.size());
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Relaxed);
            }
        } else {
            // Moved: both blocks were held at once.
            note(new_size);
            LIVE.fetch_sub(layout.size(), Relaxed);
        }
        moved
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const PHASES: [&str; 4] = ["read (push)", "finish (dataset)", "report", "analysis + table"];

fn mib(n: usize) -> String {
    format!("{:.0} MiB", n as f64 / 1048576.0)
}

fn end_phase(k: usize) {
    println!(
        "{:<18} live {:>9}  peak {:>9}",
        PHASES[k],
        mib(LIVE.load(Relaxed)),
        mib(PEAK.load(Relaxed))
    );
    PEAK.store(LIVE.load(Relaxed), Relaxed);
    PHASE.store(k + 1, Relaxed);
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: memory_profile FILE");
        std::process::exit(2);
    };
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or_else(|e| panic!("{path}: {e}"));
    let options = ImportOptions { size_hint: Some(size), ..ImportOptions::default() };
    let mut reader = OrderReader::new(options);
    let mut file = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut chunk = vec![0u8; 1 << 20];
    loop {
        let n = std::io::Read::read(&mut file, &mut chunk).expect("read");
        if n == 0 {
            break;
        }
        reader.push(&chunk[..n]).expect("push");
    }
    drop(chunk);
    end_phase(0);
    let mut session = Session::new(reader.finish().expect("finish"));
    end_phase(1);
    let report = session.report();
    println!("  {} customers", report.overview.customers);
    end_phase(2);
    let params: AnalysisParams = serde_json::from_str("{}").expect("default parameters");
    let analysis = session.analyze(&params).expect("analysis");
    drop(analysis);
    end_phase(3);
    println!("allocations of {} or more (size, heap live with it, phase):", mib(BIG));
    for i in 0..BIG_N.load(Relaxed).min(LOG) {
        let phase = BIG_PHASE[i].load(Relaxed);
        let (size, live) = (BIG_SIZE[i].load(Relaxed), BIG_LIVE[i].load(Relaxed));
        println!("  {:>9}  {:>9}  {}", mib(size), mib(live), PHASES.get(phase).unwrap_or(&"?"));
    }
}
