//! The default forecast of one order file, natively, with the time of each stage:
//! `cargo run --release --example forecast_stages -- FILE [days|weeks]`.

use ltv::import::{import_bytes, ImportOptions};
use ltv::models::forecast::{forecast_with_progress, Step};
use ltv::models::ForecastParams;
use ltv::summary::TimeUnit;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: forecast_stages FILE [days|weeks]")?;
    let unit = match args.next().as_deref() {
        Some("days") => TimeUnit::Days,
        _ => TimeUnit::Weeks,
    };
    let bytes = std::fs::read(&path)?;
    let t = Instant::now();
    let ds = import_bytes(&bytes, &ImportOptions::default())?.dataset;
    println!("import {:>8.0} ms, {} customers", t.elapsed().as_secs_f64() * 1e3, ds.customers());
    let params = ForecastParams { unit, ..Default::default() };
    let start = Instant::now();
    let mut last = String::from("start");
    let mut at = 0.0;
    let result = forecast_with_progress(&ds, &params, &mut |step| {
        let now = start.elapsed().as_secs_f64() * 1e3;
        println!("{last:<40} {:>8.0} ms", now - at);
        (last, at) = (
            match step {
                Step::Stage(s) => format!("{s:?}"),
                Step::Preliminary(f) => format!("(first answer {:?} given)", f.model),
            },
            now,
        );
    });
    let now = start.elapsed().as_secs_f64() * 1e3;
    println!("{last:<40} {:>8.0} ms", now - at);
    match result {
        Ok(f) => println!("total {now:.0} ms: {:?}, CLV {:.0}", f.model, f.totals.clv),
        Err(e) => println!("total {now:.0} ms: error {}", e.code()),
    }
    Ok(())
}
