//! Times the models on a synthetic shop of 450 000 customers (the browser worker's budget:
//! BG/NBD + Gamma-Gamma fitted and every customer predicted in ≤ 2 s).
//!
//! `cargo run --release --example fit_bench [customers]`
//!
//! The shop is simulated from the models themselves with a fixed seed (SplitMix64), so every run
//! sees the same data: first purchases spread over two years, three years of history,
//! BG/NBD purchases (r 0.25, α 31 days, a 0.8, b 2.4) and Gamma-Gamma amounts in yen (p 6,
//! q 3.7, v 1300). Purchases fall on whole days, as in an order file.

use ltv::dataset::{Dataset, Parts, RawOrder};
use ltv::models::summary::{compress, summarize, TimeUnit};
use ltv::models::{bgnbd, forecast, gamma_gamma, FitOptions, ForecastParams, ModelKind};
use ltv::sniff::TextEncoding;
use rust_decimal::Decimal;
use std::time::Instant;

/// SplitMix64 with the samplers the simulation needs.
struct Rng(u64);

impl Rng {
    /// A uniform in (0, 1).
    fn uniform(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (((z ^ (z >> 31)) >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    /// A standard normal (Box–Muller).
    fn normal(&mut self) -> f64 {
        let (u, v) = (self.uniform(), self.uniform());
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }

    /// Gamma(shape, scale 1) by Marsaglia & Tsang (2000); shape < 1 by boosting.
    fn gamma(&mut self, shape: f64) -> f64 {
        if shape < 1.0 {
            return self.gamma(shape + 1.0) * self.uniform().powf(1.0 / shape);
        }
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let x = self.normal();
            let v = (1.0 + c * x).powi(3);
            if v > 0.0 && self.uniform().ln() < 0.5 * x * x + d - d * v + d * v.ln() {
                return d * v;
            }
        }
    }
}

fn simulate(customers: u32, seed: u64) -> (Dataset, i32) {
    let (r, alpha, a, b) = (0.25, 31.0, 0.8, 2.4);
    let (p, q, v) = (6.0, 3.7, 1300.0);
    let start = ltv::date::days_from_civil(2022, 4, 1);
    let end = start + 3 * 365;
    let mut rng = Rng(seed);
    let mut parts = Parts::default();
    let mut orders = Vec::new();
    for k in 0..customers {
        let customer = parts.keys.intern(format!("C{k:07}").as_bytes());
        let lambda = rng.gamma(r) / alpha;
        let (g1, g2) = (rng.gamma(a), rng.gamma(b));
        let dropout = g1 / (g1 + g2);
        let nu = rng.gamma(q) / v;
        // The first purchase, then exponential gaps; a dropout chance after each repeat purchase.
        let mut time = f64::from(start) + 730.0 * rng.uniform();
        let mut first = true;
        loop {
            let day = time.floor() as i32;
            if day > end {
                break;
            }
            let yen = (rng.gamma(p) / nu).round().max(1.0);
            let seq = orders.len() as u32;
            let amount = Decimal::from(yen as i64);
            orders.push(RawOrder { customer, day, key: u64::from(seq), amount, seq });
            if !first && rng.uniform() < dropout {
                break;
            }
            first = false;
            time += -rng.uniform().ln() / lambda;
        }
    }
    (Dataset::build(orders, parts, TextEncoding::Utf8), end)
}

fn main() {
    let customers = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(450_000);
    let t = Instant::now();
    let (ds, end) = simulate(customers, 2024);
    let orders = ds.purchases.len();
    println!("simulated {} customers, {orders} purchase days in {:?}", ds.customers(), t.elapsed());

    // The production path, step by step.
    let t = Instant::now();
    let summaries = summarize(&ds, end, TimeUnit::Weeks);
    let compressed = compress(&summaries.rows);
    println!(
        "summaries + compression: {:?} ({} distinct histories)",
        t.elapsed(),
        compressed.rows.len()
    );
    let t = Instant::now();
    let bg = bgnbd::fit(&compressed.rows, &FitOptions::default()).expect("BG/NBD fit");
    println!("BG/NBD fit: {:?} ({} iterations) {:?}", t.elapsed(), bg.report.iterations, bg.params);
    let t = Instant::now();
    let gg = gamma_gamma::fit(&summaries.rows, &FitOptions::default()).expect("Gamma-Gamma fit");
    println!(
        "Gamma-Gamma fit: {:?} ({} iterations) {:?}",
        t.elapsed(),
        gg.report.iterations,
        gg.params
    );

    // The entry point the page calls, without and with the holdout check of all models.
    let quick =
        ForecastParams { validate: false, model: Some(ModelKind::BgNbd), ..Default::default() };
    let t = Instant::now();
    let f = forecast(&ds, &quick).expect("forecast");
    println!(
        "forecast (BG/NBD + Gamma-Gamma, no holdout check): {:?}; expected purchases {:.0}, CLV {:.0} yen",
        t.elapsed(),
        f.totals.expected_purchases,
        f.totals.clv
    );
    for models in [vec![ModelKind::BgNbd], ModelKind::ALL.to_vec()] {
        let params = ForecastParams { models: models.clone(), ..Default::default() };
        let t = Instant::now();
        let f = forecast(&ds, &params).expect("forecast");
        println!(
            "forecast with holdout check of {models:?}: {:?}; suggested {:?}, issues {:?}",
            t.elapsed(),
            f.suggested_model,
            f.issues.iter().map(|i| i.code).collect::<Vec<_>>()
        );
    }
}
