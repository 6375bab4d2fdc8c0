//! A file read by several workers (byte ranges, partial aggregates, merged) gives exactly the
//! import one reader gives: the same report (counts, issues with their lines, statuses, days,
//! currency) and the same dataset, on every fixture, cut at random places and read in random
//! chunk sizes (issue 17).

use ltv::import::split::import_ranges;
use ltv::import::{import_bytes, ImportOptions};
use std::path::{Path, PathBuf};

fn fixtures(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("fixtures").flatten() {
        let path = entry.path();
        if path.is_dir() {
            fixtures(&path, out);
        } else if matches!(path.extension().and_then(|e| e.to_str()), Some("csv" | "txt" | "tsv")) {
            out.push(path);
        }
    }
}

/// A small seeded generator (xorshift), so that a failure names its case.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn same(bytes: &[u8], options: &ImportOptions, cuts: &[u64], chunk: usize, what: &str) {
    let one = import_bytes(bytes, options);
    let split = import_ranges(bytes, options, cuts, chunk);
    match (one, split) {
        (Ok(a), Ok(b)) => {
            assert_eq!(
                serde_json::to_string(&a.report).unwrap(),
                serde_json::to_string(&b.report).unwrap(),
                "{what}: report, cuts {cuts:?}, chunk {chunk}"
            );
            assert_eq!(
                format!("{:?}", a.dataset),
                format!("{:?}", b.dataset),
                "{what}: dataset, cuts {cuts:?}, chunk {chunk}"
            );
        }
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{what}: error"),
        (a, b) => panic!("{what}: one reader {:?}, split {:?}, cuts {cuts:?}", a.err(), b.err()),
    }
}

/// Every fixture that can be split (not a summary file, not UTF-16), at one cut in each of
/// many places, two and three cuts at random, and in chunks from 1 byte to 64 KiB.
#[test]
fn split_import_equals_one_reader_on_every_fixture() {
    let mut files = Vec::new();
    fixtures(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"), &mut files);
    files.sort();
    let options = ImportOptions::default();
    let mut split_files = 0;
    for path in &files {
        let bytes = std::fs::read(path).expect("fixture");
        let name = path.display().to_string();
        let len = bytes.len() as u64;
        let head = &bytes[..bytes.len().min(ltv::import::sniff::SNIFF_LEN)];
        if ltv::import::split::Merger::new(&options, head, true).is_err() {
            continue; // read by one worker (a summary file, UTF-16, not a file of orders)
        }
        split_files += 1;
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ len);
        // One cut at (nearly) every line start, and just before and after it.
        let step = (len / 50).max(1);
        for at in (1..len).step_by(step as usize) {
            same(&bytes, &options, &[at], 64 * 1024, &name);
        }
        for _ in 0..20 {
            let n = 1 + rng.below(3) as usize;
            let mut cuts: Vec<u64> = (0..n).map(|_| 1 + rng.below(len.saturating_sub(1))).collect();
            cuts.sort_unstable();
            cuts.dedup();
            let chunk = [1, 7, 64, 4096, 65536][rng.below(5) as usize];
            same(&bytes, &options, &cuts, chunk, &name);
        }
    }
    assert!(split_files >= 12, "only {split_files} fixtures were split");
}

/// An order number reused further down by another customer (issue 12): a range decides alone
/// who owns the numbers it reads, so the merge takes a range whose owners agree with the ranges
/// before it and refuses one whose do not (the page then reads the file with one worker, which
/// gives the one reader's import by definition). Cut at every byte, the split either equals the
/// one reader, report and dataset, or is refused, and it is refused only where the cut puts
/// A's order 1 and B's in two ranges. The second file's B order has a bad date (reported as
/// such, owning nothing): A's line right below it is still A's order 1, which a range without
/// A's first line cannot know (the fuzzer found it).
#[test]
fn an_order_number_reused_by_another_customer_is_reported_by_the_split_as_by_one_reader() {
    use ltv::import::IssueKind;
    for (b_row, expected) in [
        ("B,1,2024-02-05,2000", (IssueKind::SharedOrderNumber, "1 (2, 15)")),
        ("B,1,2024-13-45,2000", (IssueKind::BadDate, "2024-13-45")),
    ] {
        let mut csv = String::from("customer,order id,date,amount\nA,1,2024-01-05,1000\n");
        for k in 0..12 {
            csv.push_str(&format!("C{k},{},2024-01-{:02},500\n", 10 + k, 6 + k));
        }
        // Line 15: B's order 1; line 16: A's order 1 again (its own line, counted once).
        csv.push_str(&format!("{b_row}\nA,1,2024-01-05,1000\nD,30,2024-03-01,700\n"));
        let bytes = csv.as_bytes();
        let options = ImportOptions::default();
        let one = import_bytes(bytes, &options).unwrap();
        let issues: Vec<_> =
            one.report.counts.issues.iter().map(|i| (i.line, i.kind, i.value.as_str())).collect();
        assert_eq!(issues, [(15, expected.0, expected.1)]);
        assert_eq!(one.report.counts.line_item_rows, 0);
        let b_starts = csv.find("B,1").unwrap() as u64;
        let (mut merged, mut refused) = (0, 0);
        for at in 1..bytes.len() as u64 {
            match import_ranges(bytes, &options, &[at], 7) {
                Err(ltv::Error::BadOptions(m)) if m.contains("cannot be merged") => {
                    // A's order 1 and B's are read by two ranges: the cut is before B's line.
                    assert!(at < b_starts, "{b_row}: refused at {at}");
                    refused += 1;
                }
                _ => {
                    same(bytes, &options, &[at], 7, b_row);
                    merged += 1;
                }
            }
        }
        assert!(merged > 0 && refused > 0, "{b_row}: merged {merged}, refused {refused}");
    }
}
