//! The reader under libFuzzer: the first byte picks a chunk size, the rest is the file. The
//! whole file and the file pushed in chunks must give the same import (never a panic). Seeds:
//! the structure-aware inputs of tests/fuzz_reader (`FUZZ_DUMP_CORPUS`).

#![no_main]

use libfuzzer_sys::fuzz_target;
use ltv::import::{import_bytes, Import, ImportOptions, OrderReader};

/// The import's report and every customer's key and purchases.
fn facts(i: &Import) -> (String, Vec<(String, Vec<(i32, u32, i64)>)>) {
    let ds = &i.dataset;
    let customers = (0..ds.customers())
        .map(|c| {
            let days = ds.purchases_of(c).iter().map(|p| (p.day, p.orders, p.revenue.units()));
            (ds.key(c).into_owned(), days.collect())
        })
        .collect();
    (format!("{:?}", i.report), customers)
}

fuzz_target!(|data: &[u8]| {
    let Some((&k, file)) = data.split_first() else { return };
    let options = ImportOptions::default();
    let whole = import_bytes(file, &options).map(|i| facts(&i));
    let mut reader = OrderReader::new(options);
    let chunked = file
        .chunks(usize::from(k) + 1)
        .try_for_each(|c| reader.push(c))
        .and_then(|()| reader.finish())
        .map(|i| facts(&i));
    assert_eq!(
        whole,
        chunked,
        "the whole file and chunks of {} bytes disagree",
        usize::from(k) + 1
    );
});
