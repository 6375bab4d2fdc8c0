//! The forecast on the stress shops (tests/shops), natively: for `bench/run.mjs`.
//!
//! `cargo run --release --example forecast_bench -- OUT_DIR` writes each shop as
//! `OUT_DIR/shop-<id>.csv` (customer_id,order_date,amount) for the browser runs, and prints one
//! JSON line per shop and time unit: the median time of three default forecasts (holdout check of
//! the three models, refit, every customer's figures and intervals), the model chosen or the
//! error's code. The realistic Shopify-layout shop (tests/shops/shopify.rs) is written as
//! `shop-shopify.csv` and goes through the importer first.

#[path = "../tests/shops/mod.rs"]
mod shops;

use ltv::dataset::Dataset;
use ltv::date::format_day;
use ltv::import::{import_bytes, ImportOptions};
use ltv::models::{forecast, ForecastParams};
use ltv::summary::TimeUnit;
use std::fmt::Write as _;
use std::time::Instant;

fn main() -> std::io::Result<()> {
    let out = std::env::args().nth(1).unwrap_or_else(|| "bench/out".into());
    std::fs::create_dir_all(&out)?;
    for (k, shop) in shops::all().into_iter().enumerate() {
        let id = format!("{k}");
        let mut csv = String::from("customer_id,order_date,amount\n");
        for &(customer, day, yen) in &shop.purchases {
            let _ = writeln!(csv, "C{customer:06},{},{yen}", format_day(day));
        }
        std::fs::write(format!("{out}/shop-{id}.csv"), csv)?;
        let ds = shop.dataset();
        time_default_forecast(&id, shop.name, &ds);
    }
    // The realistic Shopify-layout shop (tests/shops/shopify.rs), read by the importer.
    let shopify = shops::shopify::realistic_shop();
    std::fs::write(format!("{out}/shop-shopify.csv"), &shopify.csv)?;
    let ds = import_bytes(shopify.csv.as_bytes(), &ImportOptions::default())
        .map_err(|e| std::io::Error::other(e.to_string()))?
        .dataset;
    time_default_forecast("shopify", "realistic Shopify shop (line items, coupons, refunds)", &ds);
    Ok(())
}

/// Prints the JSON line of one shop's default forecast in weeks and in days.
fn time_default_forecast(id: &str, name: &str, ds: &Dataset) {
    for (unit, unit_name) in [(TimeUnit::Weeks, "weeks"), (TimeUnit::Days, "days")] {
        let params = ForecastParams { unit, ..Default::default() };
        let mut times = Vec::new();
        let mut outcome = String::new();
        for _ in 0..3 {
            let start = Instant::now();
            let result = forecast(ds, &params);
            times.push(start.elapsed().as_secs_f64() * 1000.0);
            outcome = match result {
                Ok(f) => f.model.name().to_string(),
                Err(e) => e.code().to_string(),
            };
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{{\"id\":\"{id}\",\"shop\":\"{name}\",\"customers\":{},\"unit\":\"{unit_name}\",\"nativeMs\":{:.1},\"outcome\":\"{outcome}\"}}",
            ds.customers(),
            times[1]
        );
    }
}
