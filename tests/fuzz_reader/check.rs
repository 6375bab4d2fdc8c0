//! The properties every input must have:
//! 1. no call panics (`import_bytes`, the streaming reader, and what the page does next: the
//!    headline figures, the report as JSON, the error's details, the first analysis);
//! 2. `import_bytes(whole)` equals the streaming reader fed the same bytes in several chunkings
//!    (1-byte chunks, a fixed size, random sizes with empty chunks, cuts inside multibyte
//!    characters, inside quoted fields, between `\r` and `\n`, around the sniff window);
//! 3. a failure is an [`Error`] with a code, never a panic.

use super::rng::Rng;
use ltv::analysis::{analyze, AnalysisParams};
use ltv::import::sniff::SNIFF_LEN;
use ltv::import::{import_bytes, Import, ImportOptions, ImportReport, ImportRequest, OrderReader};
use ltv::overview::{customer_row, overview};
use ltv::Error;

/// Everything an import gives, as one comparable value (the dataset has no `PartialEq`: its
/// facts per customer stand for it).
#[derive(Debug, PartialEq)]
pub struct Facts {
    pub report: ImportReport,
    pub customers: Vec<CustomerFacts>,
    pub channels: Vec<String>,
    pub merged: (u64, u64, u64),
    pub summary_file: Option<Vec<String>>,
}

#[derive(Debug, PartialEq)]
pub struct CustomerFacts {
    pub key: String,
    pub email: Option<String>,
    pub contacts: [Option<String>; 4],
    pub channel: Option<String>,
    /// (day, orders, revenue in units)
    pub purchases: Vec<(i32, u32, i64)>,
    pub profit: Option<Vec<i64>>,
}

pub fn facts(import: &Import) -> Facts {
    let ds = &import.dataset;
    let customers = (0..ds.customers())
        .map(|c| CustomerFacts {
            key: ds.key(c).into_owned(),
            email: ds.email(c).map(|e| e.into_owned()),
            contacts: [0, 1, 2, 3].map(|slot| ds.contact(c, slot).map(|s| s.into_owned())),
            channel: ds.channel(c).map(str::to_owned),
            purchases: ds
                .purchases_of(c)
                .iter()
                .map(|p| (p.day, p.orders, p.revenue.units()))
                .collect(),
            profit: ds.profit_of(c).map(|p| p.iter().map(|m| m.units()).collect()),
        })
        .collect();
    let summary_file = import
        .summary_file
        .as_ref()
        .map(|f| f.rows.iter().enumerate().map(|(i, r)| format!("{} {r:?}", f.key(i))).collect());
    Facts {
        report: import.report.clone(),
        customers,
        channels: ds.channels.clone(),
        merged: (ds.merged_repeats, ds.merged_customers, ds.refund_only_customers),
        summary_file,
    }
}

/// The result of one read, comparable.
pub type Outcome = Result<Facts, Error>;

/// The options of an input, as the JS API writes them (so a failure's options can be saved as
/// JSON and read back).
pub fn options_json(rng: &mut Rng, header: &[String], len: usize) -> serde_json::Value {
    use serde_json::{json, Map, Value};
    let mut o = Map::new();
    if rng.chance(55) {
        return Value::Object(o);
    }
    let header_text = |rng: &mut Rng| -> String {
        if header.is_empty() || rng.chance(10) {
            (*rng.pick(&["nonexistent", "", "#2", "合計金額"])).to_owned()
        } else {
            rng.pick(header).clone()
        }
    };
    if rng.chance(25) {
        let e = *rng.pick(&[
            "auto",
            "utf-8",
            "shift_jis",
            "cp932",
            "utf-16le",
            "utf-16be",
            "UTF-16",
            "latin-9",
        ]);
        o.insert("encoding".into(), json!(e));
    }
    if rng.chance(20) {
        o.insert("delimiter".into(), json!(*rng.pick(&[",", "\t", ";", "|", "auto", "x", ""])));
    }
    if rng.chance(30) {
        let mut cols = Map::new();
        for _ in 0..1 + rng.below(3) {
            let role = *rng.pick(&[
                "customer",
                "email",
                "orderId",
                "date",
                "time",
                "amount",
                "status",
                "channel",
                "profit",
                "cost",
                "refund",
                "cancelledAt",
                "quantity",
                "product",
                "currency",
                "name",
                "postalCode",
                "address",
                "phone",
                "bogusRole",
            ]);
            cols.insert(role.into(), json!(header_text(rng)));
        }
        o.insert("columns".into(), Value::Object(cols));
    }
    if rng.chance(15) {
        let adj: Vec<String> = (0..rng.below(3))
            .map(|_| format!("{}{}", rng.pick(&["+", "-", ""]), header_text(rng)))
            .collect();
        o.insert("amountAdjustments".into(), json!(adj));
    }
    if rng.chance(20) {
        o.insert("dayOrder".into(), json!(*rng.pick(&["monthFirst", "dayFirst"])));
    }
    if rng.chance(20) {
        let off = if rng.chance(5) {
            *rng.pick(&[i32::MIN, i32::MAX, -100_000, 100_000])
        } else {
            rng.between(-720, 840) as i32
        };
        o.insert("shopUtcOffsetMinutes".into(), json!(off));
    }
    if rng.chance(10) {
        o.insert("currency".into(), json!(*rng.pick(&["USD", "jpy", "", "€"])));
    }
    if rng.chance(20) {
        let size = *rng.pick(&[len as f64, 0.0, 1.0, 1e15, -5.0, len as f64 * 3.0]);
        o.insert("sizeHint".into(), json!(size));
    }
    if rng.chance(10) {
        o.insert("summaryUnit".into(), json!(*rng.pick(&["days", "weeks"])));
    }
    if rng.chance(15) {
        o.insert("keepSuspiciousDates".into(), json!(rng.chance(50)));
    }
    if rng.chance(8) {
        o.insert("noHeader".into(), json!(true));
    }
    Value::Object(o)
}

/// The options of a JSON request, or the error the JS API would throw.
pub fn options_of(json: &serde_json::Value) -> Result<ImportOptions, Error> {
    let request: ImportRequest =
        serde_json::from_value(json.clone()).map_err(|e| Error::BadOptions(e.to_string()))?;
    request.into_options()
}

/// Reads `bytes` pushed in `chunks` (lengths adding up to the input's).
pub fn read_in(bytes: &[u8], chunks: &[usize], options: &ImportOptions) -> Result<Import, Error> {
    let mut reader = OrderReader::new(options.clone());
    let mut at = 0;
    for &n in chunks {
        reader.push(&bytes[at..at + n])?;
        at += n;
    }
    if at < bytes.len() {
        reader.push(&bytes[at..])?;
    }
    reader.finish()
}

/// A named way to cut an input into chunks.
pub struct Chunking {
    pub name: &'static str,
    pub sizes: Vec<usize>,
}

fn cuts_to_sizes(mut cuts: Vec<usize>, len: usize) -> Vec<usize> {
    cuts.retain(|&c| c <= len);
    cuts.sort_unstable();
    let mut sizes = Vec::with_capacity(cuts.len());
    let mut prev = 0;
    for c in cuts {
        sizes.push(c - prev);
        prev = c;
    }
    sizes
}

/// The chunkings an input is read in (besides whole).
pub fn chunkings(bytes: &[u8], rng: &mut Rng, thorough: bool) -> Vec<Chunking> {
    let len = bytes.len();
    let mut out = Vec::new();
    // 1-byte chunks (the first 4 KiB of larger inputs; the rest in one).
    let ones = len.min(if thorough { 4096 } else { 1024 });
    out.push(Chunking { name: "1-byte chunks", sizes: vec![1; ones] });
    // 1-byte chunks after the sniff window too (the reader reads them as they come).
    if len > SNIFF_LEN + 64 {
        let mut sizes = vec![SNIFF_LEN + rng.below(64)];
        sizes.extend(std::iter::repeat_n(1, (len - sizes[0]).min(2048)));
        out.push(Chunking { name: "1-byte chunks after the sniff window", sizes });
    }
    // A fixed size.
    let size = 2 + rng.below(96);
    out.push(Chunking { name: "fixed size", sizes: vec![size; len / size] });
    // Random sizes, empty chunks among them.
    let mut sizes = Vec::new();
    let mut left = len;
    while left > 0 && sizes.len() < 5000 {
        let n = if rng.chance(10) { 0 } else { rng.length(left).max(1).min(left) };
        sizes.push(n);
        left -= n;
    }
    out.push(Chunking { name: "random sizes with empty chunks", sizes });
    // Cuts where a reader is most likely to go wrong.
    let mut places: Vec<usize> = Vec::new();
    for i in 1..len {
        let (a, b) = (bytes[i - 1], bytes[i]);
        let inside_multibyte = a >= 0x80 || (b < 0x80 && a == 0); // UTF-8/SJIS lead, UTF-16 half
        if inside_multibyte || a == b'"' || (a == b'\r' && b == b'\n') {
            places.push(i);
        }
        if places.len() > 20_000 {
            break;
        }
    }
    let mut cuts: Vec<usize> = Vec::new();
    if !places.is_empty() {
        cuts.extend((0..1 + rng.below(8)).map(|_| places[rng.below(places.len())]));
    }
    for c in [SNIFF_LEN - 1, SNIFF_LEN, SNIFF_LEN + 1, len.saturating_sub(1)] {
        if rng.chance(50) {
            cuts.push(c);
        }
    }
    cuts.dedup();
    out.push(Chunking {
        name: "cuts inside characters, quotes, CRLF",
        sizes: cuts_to_sizes(cuts, len),
    });
    if thorough {
        for _ in 0..2 {
            let cut = rng.below(len + 1);
            out.push(Chunking { name: "two halves", sizes: vec![cut] });
        }
    }
    out
}

/// What went wrong with one input.
#[derive(Debug)]
pub enum Failure {
    Panic { during: &'static str, message: String },
    Mismatch { chunking: &'static str, sizes: Vec<usize>, detail: String },
    NoCode(String),
}

/// The first line where two debug dumps differ, with a little context.
pub fn first_difference(a: &str, b: &str) -> String {
    for (i, (x, y)) in a.lines().zip(b.lines()).enumerate() {
        if x != y {
            return format!("line {i}:\n  whole:   {x}\n  chunked: {y}");
        }
    }
    format!("lengths differ: {} vs {} lines", a.lines().count(), b.lines().count())
}

fn describe(o: &Outcome) -> String {
    match o {
        Ok(f) => format!("{f:#?}"),
        Err(e) => format!("Err({e:#?})"),
    }
}

/// A short name of an outcome: `ok`, or the error's code.
pub fn outcome_code(o: &Outcome) -> String {
    match o {
        Ok(_) => "ok".into(),
        Err(e) => e.code().into(),
    }
}

/// Runs `f`, turning a panic into a [`Failure::Panic`].
pub fn guarded<T>(during: &'static str, f: impl FnOnce() -> T) -> Result<T, Failure> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|p| {
        let message = p
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "non-string panic".into());
        Failure::Panic { during, message: format!("{message} {}", super::last_panic_location()) }
    })
}

/// What one input gave, for the statistics.
pub struct Checked {
    pub outcome: Outcome,
    pub chunkings: usize,
}

/// Checks every property on one input.
pub fn check(
    bytes: &[u8],
    options: &ImportOptions,
    rng: &mut Rng,
    thorough: bool,
    analyse: bool,
) -> Result<Checked, Failure> {
    let imported = guarded("import_bytes", || import_bytes(bytes, options))?;
    if let Ok(i) = &imported {
        // What the page does next: the report as JSON, the headline figures, the first page of
        // customers, the first analysis.
        guarded("after import", || {
            let _ = serde_json::to_string(&i.report);
            let o = overview(&i.dataset);
            let _ = serde_json::to_string(&o);
            let last = i.dataset.day_range().map_or(0, |r| r.1);
            for c in 0..i.dataset.customers().min(50) {
                let _ = customer_row(&i.dataset, c, last);
            }
            if analyse && i.summary_file.is_none() {
                let _ = analyze(&i.dataset, &AnalysisParams::default());
            }
        })?;
    }
    let whole: Outcome = match imported {
        Ok(i) => Ok(guarded("facts", || facts(&i))?),
        Err(e) => Err(e),
    };
    if let Err(e) = &whole {
        if e.code().is_empty() {
            return Err(Failure::NoCode(format!("{e:?}")));
        }
        guarded("error details", || {
            let _ = format!("{e}");
            let _ = serde_json::to_string(&e.details());
        })?;
    }
    let cs = chunkings(bytes, rng, thorough);
    let n = cs.len();
    for c in cs {
        let chunked: Outcome =
            guarded("streaming reader", || read_in(bytes, &c.sizes, options).map(|i| facts(&i)))?;
        if chunked != whole {
            let detail = first_difference(&describe(&whole), &describe(&chunked));
            return Err(Failure::Mismatch { chunking: c.name, sizes: c.sizes, detail });
        }
    }
    check_split(bytes, options, rng)?;
    Ok(Checked { outcome: whole, chunkings: n })
}

/// Property 5 (issue 17): the file cut into byte ranges at random places, each read into a
/// partial aggregate and the partials merged (as the page's workers read a large file), gives
/// the import of one reader: the same report (as JSON) and dataset. A file the merge cannot
/// reproduce exactly is refused (the page then reads it with one worker): not a failure.
fn check_split(bytes: &[u8], options: &ImportOptions, rng: &mut Rng) -> Result<(), Failure> {
    use ltv::import::split::{import_ranges, Merger};
    let head = &bytes[..bytes.len().min(ltv::import::sniff::SNIFF_LEN)];
    if bytes.len() < 2 || Merger::new(options, head, true).is_err() {
        return Ok(());
    }
    let dump = |r: &Result<ltv::import::Import, Error>| match r {
        Ok(i) => format!(
            "{}\n{:#?}",
            serde_json::to_string_pretty(&i.report).unwrap_or_default(),
            i.dataset
        ),
        Err(e) => format!("error {}: {e}", e.code()),
    };
    let one = guarded("import_bytes", || import_bytes(bytes, options))?;
    for _ in 0..2 {
        let mut cuts: Vec<u64> =
            (0..1 + rng.below(3)).map(|_| 1 + rng.below(bytes.len() - 1) as u64).collect();
        cuts.sort_unstable();
        cuts.dedup();
        let chunk = *rng.pick(&[1, 3, 64, 4096, 1 << 16]);
        let split = guarded("split reader", || import_ranges(bytes, options, &cuts, chunk))?;
        if matches!(&split, Err(Error::BadOptions(m)) if m.contains("cannot be merged")) {
            continue;
        }
        let (a, b) = (dump(&one), dump(&split));
        if a != b {
            if let Ok(dir) = std::env::var("SPLIT_FAIL_DIR") {
                let _ = std::fs::write(
                    format!(
                        "{dir}/fail-{}.bin",
                        cuts.iter().map(u64::to_string).collect::<Vec<_>>().join("-")
                    ),
                    bytes,
                );
            }
            let detail = format!("cuts {cuts:?}, chunk {chunk}: {}", first_difference(&a, &b));
            return Err(Failure::Mismatch { chunking: "split", sizes: Vec::new(), detail });
        }
    }
    Ok(())
}

/// Property 4, for generated files: the same text in another encoding (UTF-8, UTF-16LE or BE
/// with BOM, Shift_JIS when it can hold the text) gives the same import, but for the encoding
/// the report names.
pub fn check_encodings(text: &str, options: &ImportOptions, rng: &mut Rng) -> Result<(), Failure> {
    use super::dialects::{encode, Enc};
    // The sniffer looks at the first 64 KiB of bytes, which hold fewer rows of UTF-16 (the
    // sample, a currency sign, the day order may differ): only texts that fit it whole.
    if text.encode_utf16().count() * 2 + 2 > SNIFF_LEN {
        return Ok(());
    }
    // Control characters make a UTF-8 or Shift_JIS file "binary" (the sniffer's test) but not
    // a UTF-16 one: such texts are left out.
    if text.chars().any(|c| matches!(c as u32, 0..=8 | 14..=25 | 27..=31)) {
        return Ok(());
    }
    let mut encs = vec![Enc::Utf8, Enc::Utf16leBom, Enc::Utf16beBom];
    // Shift_JIS only when it holds the text exactly (its encoder writes `¥` as `\`, and
    // characters it lacks as `&#…;`).
    // `|`-separated texts too: a `|` that is the second byte of a character (ポ is 83 7C) is
    // not a separator.
    let sjis = encode(text, Enc::ShiftJis);
    if encoding_rs::SHIFT_JIS.decode_without_bom_handling(&sjis).0 == text {
        encs.push(Enc::ShiftJis);
    }
    let a = encs[rng.below(encs.len())];
    let b = encs[rng.below(encs.len())];
    let read = |enc: Enc| -> Result<Outcome, Failure> {
        let bytes = encode(text, enc);
        guarded("import_bytes", || {
            import_bytes(&bytes, options).map(|i| {
                let mut f = facts(&i);
                f.report.encoding = ltv::encoding::TextEncoding::Utf8;
                f
            })
        })
    };
    let (x, y) = (read(a)?, read(b)?);
    if x != y {
        let detail = first_difference(&describe(&x), &describe(&y));
        return Err(Failure::Mismatch {
            chunking: if a == b { "same encoding twice" } else { "another encoding" },
            sizes: Vec::new(),
            detail: format!("{a:?} vs {b:?}: {detail}"),
        });
    }
    Ok(())
}

/// Several files (this input, then another): never a panic, an error has a code. (A file read
/// as a batch of one is not expected to read as it does alone: in a batch, customers sharing an
/// e-mail or phone number are merged, and a summary file is refused.)
pub fn check_batch(first: &[u8], second: &[u8], options: &ImportOptions) -> Result<(), Failure> {
    use ltv::import::Batch;
    let read = |files: &[&[u8]]| -> Result<Import, Error> {
        let mut batch = Batch::new();
        for f in files {
            let mut reader = batch.next_file(options.clone());
            reader.push(f)?;
            batch = reader.finish_into()?;
        }
        batch.finish()
    };
    let two = guarded("batch of two files", || read(&[first, second]).map(|i| facts(&i)))?;
    match two {
        Err(e) if e.code().is_empty() => Err(Failure::NoCode(format!("{e:?}"))),
        _ => Ok(()),
    }
}
