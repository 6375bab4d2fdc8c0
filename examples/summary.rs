//! Imports an order file with the native build of the core and prints the import report and the
//! headline figures: `cargo run --release --example summary -- orders.csv`.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use ltv::import::{ImportOptions, OrderReader};
use std::io::Read;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: summary FILE");
        std::process::exit(2);
    };
    let mut file = std::fs::File::open(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1);
    });
    let size_hint = std::fs::metadata(&path).ok().map(|m| m.len());
    let mut reader = OrderReader::new(ImportOptions { size_hint, ..ImportOptions::default() });
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf).expect("read");
        if n == 0 {
            break;
        }
        if let Err(e) = reader.push(&buf[..n]) {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
    match reader.finish() {
        Ok(import) => {
            println!("{:#?}", import.report);
            println!("{:#?}", ltv::overview::overview(&import.dataset));
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
