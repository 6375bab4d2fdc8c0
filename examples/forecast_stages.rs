//! The default forecast of one order file, natively, with the time of each stage:
//! `cargo run --release --example forecast_stages -- FILE [days|weeks]`.
//!
//! Each stage shows its wall time and, on Linux, its CPU time (from /proc, in 10 ms ticks),
//! which a busy shared machine disturbs much less.

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
    let cpu_start = cpu_ms();
    let mut last = String::from("start");
    let (mut at, mut cpu_at) = (0.0, cpu_start);
    let result = forecast_with_progress(&ds, &params, &mut |step| {
        let now = start.elapsed().as_secs_f64() * 1e3;
        let cpu = cpu_ms();
        println!("{last:<40} {:>8.0} ms, CPU {:>6.0} ms", now - at, cpu - cpu_at);
        cpu_at = cpu;
        (last, at) = (
            match step {
                Step::Stage(s) => format!("{s:?}"),
                Step::Preliminary(f) => format!("(first answer {:?} given)", f.model),
            },
            now,
        );
    });
    let now = start.elapsed().as_secs_f64() * 1e3;
    let cpu = cpu_ms();
    println!("{last:<40} {:>8.0} ms, CPU {:>6.0} ms", now - at, cpu - cpu_at);
    let total = cpu - cpu_start;
    match result {
        Ok(f) => {
            println!("total {now:.0} ms, CPU {total:.0} ms: {:?}, CLV {:.0}", f.model, f.totals.clv)
        }
        Err(e) => println!("total {now:.0} ms, CPU {total:.0} ms: error {}", e.code()),
    }
    Ok(())
}

/// This thread's CPU time (user + system) in ms, from /proc (0 where there is none).
fn cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    // Fields after the command's closing parenthesis, from the 3rd; utime and stime are the
    // 14th and 15th.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let tick = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (tick(11) + tick(12)) * 10.0
}
