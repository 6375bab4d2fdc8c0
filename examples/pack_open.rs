//! Native time to open LTV packs (or an order file) and analyse them as the page does
//! (`Session::from_packs` or the import, then `analyze`), each step timed:
//! `cargo run --release --example pack_open -- FILE… [--json OUT]`. The browser's figure is
//! `node bench/pack_page.mjs PACK…`; this is its native floor. `--json` writes the analysis, to
//! compare two builds' figures byte for byte.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use ltv::analysis::AnalysisParams;
use ltv::import::{import_bytes, ImportOptions};
use ltv::pack::looks_like_pack;
use ltv::session::Session;
use std::time::Instant;

fn main() -> Result<(), String> {
    let mut files: Vec<String> = std::env::args().skip(1).collect();
    let json = files.iter().position(|a| a == "--json").map(|k| {
        let out = files.get(k + 1).cloned().unwrap_or_default();
        files.drain(k..(k + 2).min(files.len()));
        out
    });
    let t = Instant::now();
    let bytes: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(f).map_err(|e| format!("{f}: {e}")))
        .collect::<Result<_, _>>()?;
    let read = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let mut session = match bytes.as_slice() {
        [one] if !looks_like_pack(one) => {
            Session::new(import_bytes(one, &ImportOptions::default()).map_err(|e| e.to_string())?)
        }
        _ => {
            let slices: Vec<&[u8]> = bytes.iter().map(Vec::as_slice).collect();
            Session::from_packs(&slices).map_err(|e| e.to_string())?
        }
    };
    let open = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let a = session.analyze(&AnalysisParams::default()).map_err(|e| e.to_string())?;
    let analysis = t.elapsed().as_secs_f64();
    println!(
        "{{\"customers\":{},\"readFileS\":{read:.3},\"openS\":{open:.3},\"analysisS\":{analysis:.3}}}",
        a.customers
    );
    if let Some(out) = json {
        let text = serde_json::to_string_pretty(&a).map_err(|e| e.to_string())?;
        std::fs::write(&out, text).map_err(|e| format!("{out}: {e}"))?;
    }
    Ok(())
}
