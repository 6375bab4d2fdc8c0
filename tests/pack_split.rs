//! A pack read by several workers (src/pack/split.rs) is the pack one reader reads, in the file's
//! worker and in the second range's (which holds it too, to compute half of the analysis): on
//! every fixture, at cuts anywhere, in chunks of any size; where a cut cannot be read as a split (a
//! quoted line break, a broken row) the split says so and one reader reads the file; a damaged
//! pack is read by the split as one reader reads it, or refused (then one reader reads it).

mod shops;

use ltv::import::{import_bytes, ImportOptions};
use ltv::pack::{self, split, Pack};

const SALT: &str = "test-salt-0123";

const FIXTURES: [(&str, &[u8]); 6] = [
    ("orders_basic", include_bytes!("fixtures/orders_basic.csv")),
    ("orders_first_products", include_bytes!("fixtures/orders_first_products.csv")),
    ("orders_status", include_bytes!("fixtures/orders_status.csv")),
    ("rakuten", include_bytes!("fixtures/platforms/rakuten_rms_orders.csv")),
    ("shopify", include_bytes!("fixtures/platforms/shopify_orders_export.csv")),
    ("pack_orders", include_bytes!("fixtures/pack_orders.csv")),
];

/// Every fixture's pack, and the packs of the stress shops (the realistic Shopify shop, heavy
/// repeaters with 40+ purchase days, one-time buyers).
fn packs() -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = FIXTURES
        .iter()
        .map(|(name, bytes)| {
            let i = import_bytes(bytes, &ImportOptions::default()).unwrap();
            (name.to_string(), pack::export(&i.dataset, SALT, &i.report.currency).unwrap())
        })
        .collect();
    let realistic = shops::shopify::realistic_shop().csv;
    let i = import_bytes(realistic.as_bytes(), &ImportOptions::default()).unwrap();
    out.push(("realistic shopify".into(), pack::export(&i.dataset, SALT, "JPY").unwrap()));
    for shop in [shops::heavy_repeaters(), shops::one_time_buyers()] {
        out.push((shop.name.to_string(), pack::export(&shop.dataset(), SALT, "JPY").unwrap()));
    }
    out
}

/// Everything a pack holds, to compare two readings (the customers in their order included).
fn whole(p: &Pack) -> String {
    format!("{:?}", p)
}

/// Where the customer records start: after the line break before the first `customer,` line.
fn prelude_end(bytes: &[u8]) -> u64 {
    bytes.windows(10).position(|w| w == b"\ncustomer,").unwrap() as u64 + 1
}

/// SplitMix64 cut positions: `n` ascending offsets in the customer records.
fn cuts(bytes: &[u8], n: usize, seed: u64) -> Vec<u64> {
    let mut rng = shops::Rng::new(seed);
    let first = prelude_end(bytes);
    let span = bytes.len() as u64 - first;
    let mut at: Vec<u64> =
        (0..n).map(|_| first + 1 + (rng.uniform() * (span - 1) as f64) as u64).collect();
    at.sort_unstable();
    at.dedup();
    std::iter::once(first).chain(at).collect()
}

#[test]
fn a_pack_split_at_random_cuts_and_read_in_chunks_of_any_size_is_the_pack_read_whole() {
    for (name, bytes) in packs() {
        let want = whole(&Pack::decode(&bytes).unwrap());
        for (seed, n) in (0..12u64).zip([1, 1, 2, 2, 3, 3, 4, 5, 7, 9, 12, 20]) {
            let cuts = cuts(&bytes, n, seed);
            for chunk in [1, 7, 4096, bytes.len()] {
                let (got, analyst) = split::read_split(&bytes, &cuts, chunk)
                    .unwrap_or_else(|e| panic!("{name} at {cuts:?}, chunks of {chunk}: {e}"));
                assert_eq!(whole(&got), want, "{name} at {cuts:?}, chunks of {chunk}");
                // The second range's worker holds the same pack (it computes the later views).
                let analyst = analyst.expect("two ranges or more");
                assert_eq!(whole(&analyst), want, "{name} at {cuts:?}: the analyst's");
            }
        }
    }
}

#[test]
fn a_cut_on_every_byte_of_the_customer_records_gives_the_pack_read_whole_with_lf_or_crlf() {
    let lf = packs().remove(5).1; // pack_orders: profit, channels and products
    let crlf: Vec<u8> = String::from_utf8(lf.clone()).unwrap().replace('\n', "\r\n").into_bytes();
    for (bytes, chunk) in [(lf, 64), (crlf, 5)] {
        let want = whole(&Pack::decode(&bytes).unwrap());
        let first = prelude_end(&bytes);
        for cut in first + 1..bytes.len() as u64 {
            let (got, analyst) = split::read_split(&bytes, &[first, cut], chunk).unwrap();
            assert_eq!(whole(&got), want, "cut at {cut}");
            assert_eq!(whole(&analyst.unwrap()), want, "cut at {cut}: the analyst's");
        }
    }
}

#[test]
fn a_cut_inside_a_quoted_line_break_is_refused_never_read_wrong() {
    // A customer id may hold a quoted line break (any 1–64 bytes): one reader reads it.
    let text = String::from_utf8(packs().remove(5).1).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let k = lines.iter().position(|l| l.starts_with("customer,")).unwrap() + 2;
    let cells: Vec<&str> = lines[k].splitn(3, ',').collect();
    lines[k] = format!("customer,\"zz\ncustomer,x\",{}", cells[2]);
    let bytes = (lines.join("\n") + "\n").into_bytes();
    let want = whole(&Pack::decode(&bytes).unwrap());
    let first = prelude_end(&bytes);
    // The line start inside the quotes.
    let inside = bytes.windows(12).position(|w| w == b"zz\ncustomer,").unwrap() as u64 + 3;
    let (mut refused, mut read) = (0, 0);
    for cut in first + 1..bytes.len() as u64 {
        match split::read_split(&bytes, &[first, cut], 64) {
            Ok((p, analyst)) => {
                assert_eq!(whole(&p), want, "cut at {cut}");
                assert_eq!(whole(&analyst.unwrap()), want, "cut at {cut}: the analyst's");
                read += 1;
            }
            Err(_) => refused += 1,
        }
    }
    // Cuts whose line start is the quoted break's are refused; all others read right.
    assert!(split::read_split(&bytes, &[first, inside], 64).is_err());
    assert!(refused >= 1 && read > refused, "refused {refused}, read {read}");
}

#[test]
fn a_broken_row_in_any_range_fails_the_split_so_one_reader_reports_it() {
    let text = String::from_utf8(packs().remove(5).1).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let k = lines.iter().rposition(|l| l.starts_with("customer,")).unwrap();
    let mut cells: Vec<String> = lines[k].split(',').map(String::from).collect();
    cells[7] = format!("{}1", cells[7]); // the last customer's revenue total, wrong
    lines[k] = cells.join(",");
    let bytes = (lines.join("\n") + "\n").into_bytes();
    assert!(Pack::decode(&bytes).is_err());
    let first = prelude_end(&bytes);
    for cut in (first + 1..bytes.len() as u64).step_by(7) {
        assert!(split::read_split(&bytes, &[first, cut], 64).is_err(), "cut at {cut}");
    }
}

#[test]
fn the_plan_cuts_after_the_prelude_into_ranges_of_at_least_4_mib() {
    let bytes = packs().remove(5).1;
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let first = prelude_end(&bytes);
    let mib = 1u64 << 20;
    // 40 MiB for 4 workers: four ranges of 10 MiB after the prelude.
    let size = 40 * mib;
    let body = size - first;
    assert_eq!(
        split::plan(head, size, 4),
        vec![first, first + body / 4, first + body / 4 * 2, first + body / 4 * 3]
    );
    // 12 MiB for 8 workers: ranges of at least 4 MiB, so two.
    assert_eq!(split::plan(head, 12 * mib, 8), vec![first, first + (12 * mib - first) / 2]);
    // Small, one worker, or no customer record in the head: one reader.
    assert!(split::plan(head, 7 * mib, 4).is_empty());
    assert!(split::plan(head, 40 * mib, 1).is_empty());
    assert!(split::plan(&head[..first as usize - 1], 40 * mib, 4).is_empty());
}

/// A damaged copy of `bytes`: one to three edits of bytes, cells or lines (SplitMix64 `rng`).
fn damaged(bytes: &[u8], rng: &mut shops::Rng) -> Vec<u8> {
    const BYTES: &[u8] = b"0123456789-;* ,\n\r\"x.+e\xff";
    const CELLS: [&str; 14] = [
        "",
        "-1",
        "0",
        "99999999999999999999",
        "2024-02-30",
        "0 0",
        "1;1",
        "1*;2*",
        "\"\"",
        "\"a\nb\"",
        "1e3",
        " 5",
        "NaN",
        "customer",
    ];
    let mut text = bytes.to_vec();
    let pick = |rng: &mut shops::Rng, n: usize| (rng.uniform() * n as f64) as usize % n.max(1);
    for _ in 0..1 + pick(rng, 3) {
        let at = pick(rng, text.len());
        let mut lines: Vec<Vec<u8>> = text.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
        let k = pick(rng, lines.len());
        match pick(rng, 7) {
            0 => text[at] = BYTES[pick(rng, BYTES.len())],
            1 => text.insert(at, BYTES[pick(rng, BYTES.len())]),
            2 => drop(text.drain(at..(at + 1 + pick(rng, 20)).min(text.len()))),
            3 => text.truncate(at),
            4 | 5 => {
                if pick(rng, 2) == 0 {
                    let line = lines[k].clone();
                    lines.insert(pick(rng, lines.len()), line); // a line again, elsewhere
                } else {
                    let j = pick(rng, lines.len());
                    lines.swap(k, j);
                }
                text = lines.join(&b'\n');
            }
            _ => {
                // One cell of a line replaced.
                let mut cells: Vec<Vec<u8>> =
                    lines[k].split(|&b| b == b',').map(<[u8]>::to_vec).collect();
                let c = pick(rng, cells.len());
                cells[c] = CELLS[pick(rng, CELLS.len())].as_bytes().to_vec();
                lines[k] = cells.join(&b',');
                text = lines.join(&b'\n');
            }
        }
        if text.is_empty() {
            break;
        }
    }
    text
}

#[test]
fn a_damaged_pack_split_anywhere_is_read_as_one_reader_reads_it_or_refused_never_otherwise() {
    let mut rng = shops::Rng::new(18);
    let (mut same, mut refused, mut broken) = (0, 0, 0);
    for (name, bytes) in packs() {
        for k in 0..300 {
            let b = damaged(&bytes, &mut rng);
            let one = Pack::decode(&b);
            broken += usize::from(one.is_err());
            // The prelude's end where the page's plan puts it (before the first customer record)
            // or, one time in five, anywhere; then where two or three ranges start.
            let customers = b.windows(10).position(|w| w == b"\ncustomer,");
            let line = b.iter().position(|&c| c == b'\n');
            let Some(first) =
                (if k % 5 == 0 { line } else { customers.or(line) }).map(|i| i as u64 + 1)
            else {
                continue;
            };
            if first + 2 >= b.len() as u64 {
                continue;
            }
            let span = b.len() as u64 - first - 1;
            let mut cuts = vec![first + (rng.uniform() * span as f64) as u64];
            if k % 2 == 0 {
                cuts.push(first + 1 + (rng.uniform() * span as f64) as u64);
            }
            cuts.sort_unstable();
            cuts.dedup();
            cuts.retain(|&c| c > first);
            let cuts: Vec<u64> = std::iter::once(first).chain(cuts).collect();
            let chunk = [1, 7, 4096][k % 3];
            match (split::read_split(&b, &cuts, chunk), &one) {
                (Ok((got, analyst)), Ok(want)) => {
                    assert_eq!(whole(&got), whole(want), "{name} #{k} at {cuts:?}");
                    if let Some(a) = analyst {
                        assert_eq!(whole(&a), whole(want), "{name} #{k} at {cuts:?}: analyst");
                    }
                    same += 1;
                }
                (Ok(_), Err(e)) => {
                    panic!("{name} #{k} at {cuts:?}: split read a pack one reader refuses ({e})")
                }
                (Err(_), _) => refused += 1,
            }
        }
    }
    // The edits break most packs (2,382 of 2,700 when written); of those that still read, most
    // were read alike by the split (266).
    assert!(
        same > 150 && refused > 1000 && broken > 1000,
        "{same} read alike, {refused} refused, {broken} broken"
    );
}
