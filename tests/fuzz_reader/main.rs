//! A property-based, structure-aware fuzzer of the order reader (issue 12, "A fuzz target worth
//! the name"): deterministic (SplitMix64 from a seed), no dependency beyond the crate's own.
//!
//! Inputs are exports of every dialect the reader knows ([`dialects`]: Shopify, 楽天 RMS (new
//! and legacy), Amazon, WooCommerce (two), MakeShop, EC-CUBE, futureshop, ネクストエンジン,
//! Yahoo!, Stripe, Square, a shop's own ledger, plain English, a lifetimes summary), written
//! in UTF-8 (with or without BOM), Shift_JIS or UTF-16 with every date and money form, then
//! damaged by [`mutate`]; the fixtures of tests/fixtures and the realistic Shopify shop of
//! tests/shops are seeds too. An input whose outcome is new (error code, issue kinds,
//! encoding, delimiter, mapping shape) joins a corpus that later inputs mutate: outcome-guided,
//! not coverage-guided. Each input is read with random options (as the JS API writes them)
//! and checked by [`check`]: never a panic, the whole file equals every chunking, errors
//! carry codes.
//!
//! Knobs (environment variables):
//! * `FUZZ_SECONDS=3600` runs for that long, `FUZZ_INPUTS=N` for that many inputs (default: a
//!   short run, fewer inputs in a debug build);
//! * `FUZZ_SEED=N` the first seed (default 1); `FUZZ_CRASH_DIR` where failures are written;
//!   `FUZZ_DUMP_CORPUS=dir` writes each input with a new outcome there (seeds for `fuzz/`);
//! * `FUZZ_REPRO=target/fuzz-crashes/….bin` reads one saved input again (with its saved
//!   options) in many chunkings and fails with the difference.
//!
//! ```sh
//! FUZZ_SECONDS=3600 cargo test --release --test fuzz_reader -- --nocapture
//! ```
//!
//! A failing input is written to `target/fuzz-crashes/` (the bytes, and beside them a JSON file
//! with the options, the seed and what failed).

mod cells;
mod check;
mod dialect_table;
mod dialects;
mod mutate;
mod rng;

#[path = "../shops/mod.rs"]
mod shops;

use check::{check, options_json, options_of, outcome_code, Failure};
use rng::Rng;
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

thread_local! {
    static FUZZING: Cell<bool> = const { Cell::new(false) };
    static LOCATION: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Where the last panic on this thread happened (recorded by the quiet hook).
pub fn last_panic_location() -> String {
    LOCATION.with(|l| l.borrow().clone())
}

/// Panics while fuzzing are recorded, not printed (they are reported with their input); any
/// other panic (a test's assertion) prints as usual.
fn install_quiet_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if FUZZING.with(Cell::get) {
                let at = info.location().map(|l| format!("at {l}")).unwrap_or_default();
                LOCATION.with(|l| *l.borrow_mut() = at);
            } else {
                default(info);
            }
        }));
    });
}

/// The seed inputs: every fixture of the repository and a realistic shop.
fn seeds() -> Vec<(&'static str, Vec<u8>)> {
    let mut out: Vec<(&'static str, Vec<u8>)> = vec![
        ("excel_bom", include_bytes!("../fixtures/excel_bom.csv").to_vec()),
        ("orders_basic", include_bytes!("../fixtures/orders_basic.csv").to_vec()),
        ("orders_dashboard", include_bytes!("../fixtures/orders_dashboard.csv").to_vec()),
        ("orders_dayorder", include_bytes!("../fixtures/orders_dayorder.csv").to_vec()),
        ("rakuten_sjis_items", include_bytes!("../fixtures/rakuten_sjis_items.csv").to_vec()),
        ("cdnow_summary_weeks", include_bytes!("../fixtures/cdnow_summary_weeks.csv").to_vec()),
        ("amazon", include_bytes!("../fixtures/platforms/amazon_order_report.txt").to_vec()),
        ("own_shop_ledger", include_bytes!("../fixtures/platforms/own_shop_ledger.csv").to_vec()),
        ("rakuten_rms", include_bytes!("../fixtures/platforms/rakuten_rms_orders.csv").to_vec()),
        (
            "rakuten_rms_2024_04",
            include_bytes!("../fixtures/platforms/rakuten_rms_orders_2024-04.csv").to_vec(),
        ),
        ("shopify", include_bytes!("../fixtures/platforms/shopify_orders_export.csv").to_vec()),
        ("usd_ledger", include_bytes!("../fixtures/platforms/usd_ledger.csv").to_vec()),
        (
            "woocommerce",
            include_bytes!("../fixtures/platforms/woocommerce_analytics_orders.csv").to_vec(),
        ),
    ];
    out.push(("realistic shopify shop", shops::shopify::realistic_shop().csv.into_bytes()));
    out
}

/// One input to check: its bytes, its options (as JSON), where it came from.
#[derive(Clone)]
struct Input {
    bytes: Arc<Vec<u8>>,
    options: serde_json::Value,
    header: Vec<String>,
    origin: String,
    /// The text of a generated file that was not mutated (for the encoding property).
    text: Option<Arc<String>>,
}

#[derive(Default)]
struct Stats {
    inputs: u64,
    bytes: u64,
    chunked_reads: u64,
    outcomes: BTreeMap<String, u64>,
    issue_kinds: BTreeMap<&'static str, u64>,
    origins: BTreeMap<String, (u64, u64)>,
    features: HashSet<u64>,
    failures: u64,
    failure_kinds: BTreeMap<String, u64>,
    slowest: (Duration, usize, String),
}

impl Stats {
    fn print(&self, elapsed: Duration, corpus: usize) {
        let mut s = format!(
            "fuzz_reader: {} inputs ({:.1} MB) in {:.0} s, {} chunked reads, {} distinct \
             outcomes (corpus {corpus}), {} failures, {} MB resident\n",
            self.inputs,
            self.bytes as f64 / 1e6,
            elapsed.as_secs_f64(),
            self.chunked_reads,
            self.features.len(),
            self.failures,
            resident_bytes() >> 20,
        );
        s += "  outcomes:";
        for (k, n) in &self.outcomes {
            s += &format!(" {k} {n},");
        }
        s += "\n  issue kinds (inputs with one):";
        for (k, n) in &self.issue_kinds {
            s += &format!(" {k} {n},");
        }
        s += "\n  origins (inputs, ok):";
        for (k, (n, ok)) in &self.origins {
            s += &format!(" {k} {n}/{ok},");
        }
        s += &format!(
            "\n  slowest input: {:.0} ms ({} bytes, {})\n",
            self.slowest.0.as_secs_f64() * 1e3,
            self.slowest.1,
            self.slowest.2
        );
        for (k, n) in &self.failure_kinds {
            s += &format!("  FAILURE x{n}: {k}\n");
        }
        eprint!("{s}");
    }
}

fn crash_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("FUZZ_CRASH_DIR") {
        return PathBuf::from(dir);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("fuzz-crashes")
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3))
}

/// Writes a failing input and what failed; returns the path of the bytes.
fn save(kind: &str, input: &Input, seed: u64, what: &str) -> PathBuf {
    let dir = crash_dir();
    let _ = std::fs::create_dir_all(&dir);
    let stem = format!("{kind}-{:016x}", fnv(&input.bytes));
    let bin = dir.join(format!("{stem}.bin"));
    let _ = std::fs::write(&bin, input.bytes.as_slice());
    let meta = serde_json::json!({
        "options": input.options,
        "seed": seed,
        "origin": input.origin,
        "failure": what,
    });
    let _ = std::fs::write(
        dir.join(format!("{stem}.json")),
        serde_json::to_string_pretty(&meta).unwrap_or_default(),
    );
    bin
}

/// A short name of what an outcome is like, for the corpus: the error, the issue kinds, how
/// the file was read.
fn feature(origin: &str, outcome: &check::Outcome) -> (u64, Vec<&'static str>) {
    let mut key = format!("{origin}|{}", outcome_code(outcome));
    let mut kinds = Vec::new();
    if let Ok(f) = outcome {
        let r = &f.report;
        kinds = r.counts.skipped.keys().map(|k| k.code()).collect();
        key += &format!(
            "|{kinds:?}|{:?}|{}|{:?}|{:?}|{:?}|{:?}|{}|{}|{}|{}|{:?}",
            r.encoding,
            r.delimiter,
            r.amount_kind,
            r.customer_key,
            r.currency_basis,
            r.day_order,
            r.mojibake,
            r.no_header,
            r.header_looks_like_data,
            r.amount_adjustments.len(),
            r.mapping.keys().collect::<Vec<_>>(),
        );
    }
    if let Err(ltv::Error::NoUsableRows { reason, .. }) = outcome {
        key += &format!("|{reason:?}");
    }
    (fnv(key.as_bytes()), kinds)
}

/// Input number `i` of a run: fresh from a dialect, a seed or a corpus entry, perhaps mutated.
fn next_input(rng: &mut Rng, seeds: &[(&'static str, Vec<u8>)], corpus: &[Input]) -> Input {
    let roll = rng.below(100);
    let (mut bytes, header, origin, options, mut text) = if roll < 30 && !corpus.is_empty() {
        let c = &corpus[rng.below(corpus.len())];
        let options = if rng.chance(70) { Some(c.options.clone()) } else { None };
        (c.bytes.to_vec(), c.header.clone(), c.origin.clone(), options, c.text.clone())
    } else if roll < 40 {
        let (name, b) = rng.pick(seeds);
        (b.clone(), Vec::new(), format!("seed {name}"), None, None)
    } else {
        let clean = rng.chance(20);
        let g = dialects::generate(rng, clean);
        let name = dialects::DIALECTS[g.spec.dialect].name;
        (g.bytes, g.header, name.to_owned(), None, Some(Arc::new(g.text)))
    };
    let mutated = roll < 40 || rng.chance(50);
    if mutated {
        text = None;
        let other = if !corpus.is_empty() && rng.chance(50) {
            corpus[rng.below(corpus.len())].bytes.to_vec()
        } else {
            dialects::generate(rng, false).bytes
        };
        mutate::mutate(&mut bytes, &other, rng);
    }
    let options = options.unwrap_or_else(|| options_json(rng, &header, bytes.len()));
    Input { bytes: Arc::new(bytes), options, header, origin, text }
}

/// How long a run goes.
enum Budget {
    Inputs(u64),
    Seconds(u64),
}

/// Resident memory past which the watchdog saves the input and stops (a reader that takes
/// gigabytes would crash a browser tab).
const MEMORY_LIMIT: u64 = 3 << 30;

/// The process's resident memory (Linux; 0 elsewhere).
fn resident_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * 4096)
}

/// The input being checked, for the watchdog.
type Current = Arc<Mutex<Option<(Instant, Input, u64)>>>;

/// Writes the input that has been running for too long and stops the process (a hang is a
/// failure that `catch_unwind` cannot catch).
fn watchdog(current: Current, limit: Duration) {
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_millis(200));
        let guard = current.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, input, seed)) = guard.as_ref() {
            let rss = resident_bytes();
            if rss > MEMORY_LIMIT {
                let what = format!("the process grew to {} MB", rss >> 20);
                let path = save("memory", input, *seed, &what);
                eprintln!("fuzz_reader: input of seed {seed}: {what}; saved to {}", path.display());
                std::process::exit(4);
            }
        }
        if let Some((since, input, seed)) = guard.as_ref() {
            if since.elapsed() > limit {
                let path = save("hang", input, *seed, "ran longer than the watchdog's limit");
                eprintln!("fuzz_reader: input of seed {seed} hangs; saved to {}", path.display());
                std::process::exit(3);
            }
        }
    });
}

/// Runs the fuzzer; returns its statistics.
fn run(seed: u64, budget: Budget, verbose: bool) -> Stats {
    install_quiet_hook();
    let seeds = seeds();
    let mut corpus: Vec<Input> = Vec::new();
    let mut stats = Stats::default();
    let start = Instant::now();
    let current: Current = Arc::new(Mutex::new(None));
    let hang_limit = if cfg!(debug_assertions) { 900 } else { 120 };
    watchdog(current.clone(), Duration::from_secs(hang_limit));
    let mut last_print = Instant::now();
    let dump = std::env::var_os("FUZZ_DUMP_CORPUS").map(PathBuf::from);
    if let Some(dir) = &dump {
        let _ = std::fs::create_dir_all(dir);
    }
    for i in 0u64.. {
        match budget {
            Budget::Inputs(n) if i >= n => break,
            Budget::Seconds(s) if start.elapsed().as_secs() >= s => break,
            _ => {}
        }
        let input_seed = seed.wrapping_mul(0x1000_0000).wrapping_add(i);
        let mut rng = Rng::new(input_seed);
        let input = next_input(&mut rng, &seeds, &corpus);
        let thorough = i % 4 == 0;
        let analyse = i % 8 == 0;
        *current.lock().unwrap_or_else(|e| e.into_inner()) =
            Some((Instant::now(), input.clone(), input_seed));
        let t0 = Instant::now();
        FUZZING.with(|f| f.set(true));
        let result = match options_of(&input.options) {
            Ok(options) => (|| {
                let checked = check(&input.bytes, &options, &mut rng, thorough, analyse)?;
                if let Some(text) = input.text.as_ref().filter(|_| options.sniff.encoding.is_none())
                {
                    check::check_encodings(text, &options, &mut rng)?;
                }
                if i % 8 == 4 {
                    // Several files: this one, then a seed.
                    let other = seeds[rng.below(seeds.len())].1.as_slice();
                    check::check_batch(&input.bytes, other, &options)?;
                }
                Ok(checked)
            })(),
            Err(e) => Ok(check::Checked { outcome: Err(e), chunkings: 0 }),
        };
        FUZZING.with(|f| f.set(false));
        let took = t0.elapsed();
        *current.lock().unwrap_or_else(|e| e.into_inner()) = None;
        stats.inputs += 1;
        stats.bytes += input.bytes.len() as u64;
        if took > stats.slowest.0 {
            stats.slowest = (took, input.bytes.len(), input.origin.clone());
        }
        let origin_key = input.origin.split(' ').next().unwrap_or("").to_owned();
        match result {
            Ok(checked) => {
                stats.chunked_reads += checked.chunkings as u64;
                let code = outcome_code(&checked.outcome);
                *stats.outcomes.entry(code.clone()).or_default() += 1;
                let o = stats.origins.entry(input.origin.clone()).or_default();
                o.0 += 1;
                o.1 += u64::from(code == "ok");
                let (feature, kinds) = feature(&origin_key, &checked.outcome);
                for k in kinds {
                    *stats.issue_kinds.entry(k).or_default() += 1;
                }
                if stats.features.insert(feature) && input.bytes.len() < 256 * 1024 {
                    if let Some(dir) = &dump {
                        // Seeds for the coverage-guided target (fuzz/): a chunk-size byte first.
                        let mut seed = vec![15u8];
                        seed.extend_from_slice(&input.bytes);
                        let _ = std::fs::write(dir.join(format!("{:016x}", fnv(&seed))), seed);
                    }
                    if corpus.len() < 2000 {
                        corpus.push(input);
                    } else {
                        let at = rng.below(corpus.len());
                        corpus[at] = input;
                    }
                }
            }
            Err(failure) => {
                stats.failures += 1;
                let (kind, what) = match &failure {
                    Failure::Panic { during, message } => {
                        ("panic", format!("panic during {during}: {message}"))
                    }
                    Failure::Mismatch { chunking, sizes, detail } => {
                        let shown: Vec<usize> = sizes.iter().take(40).copied().collect();
                        (
                            "mismatch",
                            format!("whole ≠ {chunking} (chunk sizes {shown:?}…): {detail}"),
                        )
                    }
                    Failure::NoCode(e) => ("no-code", format!("an error without a code: {e}")),
                };
                let short: String = what.lines().next().unwrap_or("").chars().take(160).collect();
                let count = stats.failure_kinds.entry(short).or_default();
                *count += 1;
                if *count <= 3 {
                    let path = save(kind, &input, input_seed, &what);
                    eprintln!(
                        "fuzz_reader: seed {input_seed}: {what}\n  saved to {}",
                        path.display()
                    );
                }
            }
        }
        if verbose && last_print.elapsed() > Duration::from_secs(300) {
            stats.print(start.elapsed(), corpus.len());
            last_print = Instant::now();
        }
    }
    stats.print(start.elapsed(), corpus.len());
    stats
}

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

#[test]
fn the_reader_never_panics_and_every_chunking_reads_like_the_whole_file() {
    if std::env::var_os("FUZZ_REPRO").is_some() {
        return; // the repro test below reads the saved input
    }
    let seed = env_u64("FUZZ_SEED").unwrap_or(1);
    let budget = match (env_u64("FUZZ_SECONDS"), env_u64("FUZZ_INPUTS")) {
        (Some(s), _) => Budget::Seconds(s),
        (None, Some(n)) => Budget::Inputs(n),
        // The short run of `cargo test` (a debug build is ~10× slower).
        (None, None) => Budget::Inputs(if cfg!(debug_assertions) { 250 } else { 3000 }),
    };
    let verbose = matches!(budget, Budget::Seconds(_));
    let stats = run(seed, budget, verbose);
    assert_eq!(stats.failures, 0, "see target/fuzz-crashes/ and the lines above");
    assert!(
        stats.outcomes.get("ok").copied().unwrap_or(0) > stats.inputs / 5,
        "too few valid inputs"
    );
}

#[test]
fn every_dialects_clean_export_is_read_and_chunking_changes_nothing() {
    install_quiet_hook();
    let mut ok_by_dialect = vec![0u32; dialects::DIALECTS.len()];
    let (mut ok, mut all) = (0, 0);
    let mut failures = Vec::new();
    for i in 0..(if cfg!(debug_assertions) { 120 } else { 800 }) {
        let mut rng = Rng::new(0xC1EA_0000 + i);
        let g = dialects::generate(&mut rng, true);
        if g.spec.orders < 3 {
            continue;
        }
        all += 1;
        let options = ltv::import::ImportOptions::default();
        match check(&g.bytes, &options, &mut rng, false, false) {
            Ok(c) if c.outcome.is_ok() => {
                ok += 1;
                ok_by_dialect[g.spec.dialect] += 1;
            }
            Ok(c) => failures.push(format!(
                "{} {:?}: {:?}",
                dialects::DIALECTS[g.spec.dialect].name,
                g.spec.enc,
                c.outcome.err()
            )),
            Err(f) => panic!("{} {:?}: {f:?}", dialects::DIALECTS[g.spec.dialect].name, g.spec),
        }
    }
    for (d, n) in dialects::DIALECTS.iter().zip(&ok_by_dialect) {
        assert!(*n > 0, "no clean {} export was read", d.name);
    }
    assert!(ok * 10 >= all * 9, "{ok} of {all} clean exports read; failures: {failures:#?}");
}

#[test]
fn a_saved_failure_is_read_again_with_its_options() {
    let Some(path) = std::env::var_os("FUZZ_REPRO").map(PathBuf::from) else { return };
    let bytes = std::fs::read(&path).expect("the saved input");
    let meta: serde_json::Value = std::fs::read(path.with_extension("json"))
        .ok()
        .and_then(|m| serde_json::from_slice(&m).ok())
        .unwrap_or_default();
    let options_json = meta.get("options").cloned().unwrap_or_else(|| serde_json::json!({}));
    eprintln!("options: {options_json}\nfailure saved: {}", meta["failure"]);
    let options = options_of(&options_json).expect("the saved options");
    let mut rng = Rng::new(meta["seed"].as_u64().unwrap_or(0));
    // An unmutated generated file is its text in one encoding: decode it for the encoding
    // property (BOM, else UTF-8, else Shift_JIS).
    let text = match encoding_rs::Encoding::for_bom(&bytes) {
        Some((enc, bom)) => enc.decode_without_bom_handling(&bytes[bom..]).0.into_owned(),
        None => match std::str::from_utf8(&bytes) {
            Ok(t) => t.to_owned(),
            Err(_) => encoding_rs::SHIFT_JIS.decode_without_bom_handling(&bytes).0.into_owned(),
        },
    };
    for round in 0..20 {
        if let Err(f) = check(&bytes, &options, &mut rng, true, true) {
            panic!("round {round}: {f:#?}");
        }
        if let Err(f) = check::check_encodings(&text, &options, &mut rng) {
            panic!("round {round}, the same text in another encoding: {f:#?}");
        }
    }
}
