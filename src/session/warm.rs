//! A small made-up shop run once through every step a large file takes, before the file comes.
//!
//! Why. V8 runs a wasm function in its baseline compiler (Liftoff) until the function has run a
//! while, then compiles it optimised (TurboFan) in the background; a call already running stays
//! in baseline code. The analysis is a few dozen passes, each one call over every customer: on
//! the first large file every pass ran in baseline code. Measured in wasm under node on the
//! 10 M-order pack (3.28 M customers), the first analysis took 5.8–6.0 s of CPU and the next ones
//! 3.6–4.7 s; after this warm-up, which costs about 0.2 s of CPU, the first one took 3.7 s. The
//! page compiles the module once and posts it to every worker, which share its optimised code:
//! one warm-up in the spare worker serves the file's worker and its helpers.
//!
//! What it runs: the import of about 2,000 order lines (line items, products with 定期 and お試し,
//! channels, costs, cancellations), the whole analysis, the pack of the shop split over two
//! ranges as the page's workers read a large pack, and the analysis in its two parts.

use super::Session;
use crate::analysis::AnalysisParams;
use crate::import::{import_bytes, ImportOptions};
use crate::pack::{self, split};
use crate::Error;
use std::fmt::Write;

/// The made-up shop's order lines, as a CSV of the page's sample columns.
fn shop() -> String {
    const PRODUCTS: [(&str, u32); 6] = [
        ("【お試し】美容液", 980),
        ("【定期】美容液", 3980),
        ("美容液", 4980),
        ("化粧水", 2980),
        ("クレンジング", 2480),
        ("ハンドクリーム", 1280),
    ];
    const CHANNELS: [&str; 4] = ["Google広告", "Instagram", "LINE", "紹介"];
    let mut csv =
        String::from("注文番号,注文日,会員ID,商品名,数量,合計金額,原価,流入元,ステータス\n");
    // A linear congruential generator: the same shop every time.
    let mut seed = 2_024_u64;
    let mut next = |n: u64| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % n
    };
    let mut order = 0;
    for customer in 0..400u64 {
        let mut day = next(700);
        let channel = CHANNELS[next(4) as usize];
        for _ in 0..1 + next(8) {
            order += 1;
            let status = if next(40) == 0 { "キャンセル" } else { "発送済" };
            // One to three lines per order, on the same order number.
            for _ in 0..1 + next(3) {
                let (name, price) = PRODUCTS[next(6) as usize];
                let n = 1 + next(2);
                let amount = u64::from(price) * n;
                let (y, m, d) = (2023 + day / 360, 1 + day % 360 / 30, 1 + day % 28);
                let _ = writeln!(
                    csv,
                    "W{order},{y}-{m:02}-{d:02},M{customer},{name},{n},{amount},{},{channel},{status}",
                    amount * 2 / 5
                );
            }
            day += 20 + next(90);
        }
    }
    csv
}

/// Runs the made-up shop through the import, the analysis, a split pack and the analysis in two
/// parts; answers the customers of the analysis and of its split pack's (the same: a test).
///
/// # Errors
/// None expected: any error of the steps.
pub fn warm_up() -> Result<(u64, u64), Error> {
    let params = AnalysisParams::default();
    let import = import_bytes(shop().as_bytes(), &ImportOptions::default())?;
    let bytes = pack::export(&import.dataset, "warm-up-salt", &import.report.currency)?;
    let customers = Session::new(import).analyze(&params)?.customers;
    // The page's two workers on a large pack: ranges read, customers exchanged, two halves.
    let first = split::prelude_end(&bytes).unwrap_or(0);
    let (merged, analyst) =
        split::read_split(&bytes, &[first, (first + bytes.len() as u64) / 2], 4096)?;
    let mut file = Session::from_decoded(vec![merged])?;
    let whole = Session::from_decoded(analyst.into_iter().collect())?;
    let split = file.analyze_first(&params)?.customers;
    whole.later_views(&params)?;
    Ok((customers, split))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_warm_up_shop_is_read_analysed_and_split_with_the_same_customers() {
        let (whole, split) = warm_up().unwrap();
        // 400 made up; one whose every order is cancelled is not a customer.
        assert!((380..=400).contains(&whole), "{whole}");
        assert_eq!(split, whole);
    }
}
