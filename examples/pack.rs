//! The LTV pack on the command line (src/pack/):
//!
//! ```sh
//! cargo run --release --example pack -- export ORDERS.csv SALT > shop.ltvpack.csv   # orders → pack
//! cargo run --release --example pack -- aggregates ORDERS.csv SALT K [rows] > agg.ltvpack.csv
//!     # the aggregates (cells under K pooled or hidden), alone or with the customer rows (`rows`)
//! cargo run --release --example pack -- aggregates-of PACK.csv K > agg.ltvpack.csv
//!     # a pack's aggregates only (e.g. of the pack tools/sql/ltv_pack.sql writes)
//! cargo run --release --example pack -- suppress AGGREGATES.csv K > out.ltvpack.csv
//!     # exact aggregates (k = 1, e.g. tools/sql/ltv_aggregates.sql's) with cells under K pooled
//! cargo run --release --example pack -- canon PACK.csv > canonical.ltvpack.csv       # read, write again
//! cargo run --release --example pack -- merge A.csv B.csv … > merged.ltvpack.csv     # packs → one
//! ```
//!
//! `canon` is how `tools/sql/check.py` compares a pack written by SQL with the product's: a pack
//! read and written again is in the canonical form (customers by id, numbers plain, lists in day
//! order), whatever the engine's ordering and number formatting.

use ltv::import::{import_bytes, ImportOptions};
use ltv::pack::{self, Pack};
use std::io::Write;
use std::process::ExitCode;

fn read(path: &str) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{path}: {e}"))
}

fn run(args: &[String]) -> Result<Vec<u8>, String> {
    match args {
        [cmd, file, salt] if cmd == "export" => {
            let i =
                import_bytes(&read(file)?, &ImportOptions::default()).map_err(|e| e.to_string())?;
            pack::export(&i.dataset, salt, &i.report.currency).map_err(|e| e.to_string())
        }
        [cmd, file, salt, k, rest @ ..] if cmd == "aggregates" && rest.len() <= 1 => {
            let i =
                import_bytes(&read(file)?, &ImportOptions::default()).map_err(|e| e.to_string())?;
            let k = k.parse().map_err(|_| format!("k {k:?} is not a number"))?;
            let customer_rows = rest.first().is_some_and(|r| r == "rows");
            let options = pack::PackOptions { aggregates: true, customer_rows, k, end: None };
            pack::export_with(&i.dataset, salt, &i.report.currency, &options)
                .map_err(|e| e.to_string())
        }
        [cmd, file, k] if cmd == "aggregates-of" => {
            let p = Pack::decode(&read(file)?).map_err(|e| format!("{file}: {e}"))?;
            let k = k.parse().map_err(|_| format!("k {k:?} is not a number"))?;
            let options = pack::PackOptions { aggregates: true, customer_rows: false, k, end: None };
            pack::rewrite_with(&p.dataset, &p.info, &options).map_err(|e| e.to_string())
        }
        [cmd, file, k] if cmd == "suppress" => {
            let mut p = Pack::decode(&read(file)?).map_err(|e| format!("{file}: {e}"))?;
            let k = k.parse().map_err(|_| format!("k {k:?} is not a number"))?;
            let a = p.aggregates.take().ok_or(format!("{file}: a pack without aggregates"))?;
            if a.k != 1 {
                return Err(format!("{file}: its aggregates are suppressed already (k = {})", a.k));
            }
            let a = a.suppressed(k);
            p.info.aggregates = Some(pack::AggregateInfo::of(&a));
            p.aggregates = Some(a);
            Ok(p.to_bytes())
        }
        [cmd, file] if cmd == "canon" => {
            Ok(Pack::decode(&read(file)?).map_err(|e| format!("{file}: {e}"))?.to_bytes())
        }
        [cmd, files @ ..] if cmd == "merge" && !files.is_empty() => {
            let packs = files
                .iter()
                .map(|f| Pack::decode(&read(f)?).map_err(|e| format!("{f}: {e}")))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Pack::merge(packs).map_err(|e| e.to_string())?.to_bytes())
        }
        _ => Err(
            "usage: pack export ORDERS SALT | aggregates ORDERS SALT K [rows] | aggregates-of PACK K | suppress AGGREGATES K | canon PACK | merge PACK…"
                .into(),
        ),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(bytes) => {
            if std::io::stdout().write_all(&bytes).is_err() {
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
