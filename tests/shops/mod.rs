//! Stress shops for the forecast: small, deterministic order histories of the shapes real shops
//! have and the models find hard (the slow 296-customer shop of issue 13, heavy repeaters, only
//! one-time buyers, one customer, one day, monthly buyers for five years, a mix).
//!
//! Shared by `tests/forecast_shops.rs` and `examples/forecast_bench.rs` (`#[path]`), so the
//! bench times exactly what the tests check.

#![allow(dead_code)] // each user takes what it needs

pub mod shopify;

use ltv::dataset::{Dataset, DatasetBuilder, RawOrder};
use ltv::date::{days_from_civil, Day};
use ltv::encoding::TextEncoding;
use rust_decimal::Decimal;

/// SplitMix64: a tiny seeded generator, so every run sees the same shop.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// A uniform in (0, 1).
    pub fn uniform(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (((z ^ (z >> 31)) >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    /// A whole number in `lo..=hi`.
    pub fn between(&mut self, lo: i32, hi: i32) -> i32 {
        lo + (self.uniform() * f64::from(hi - lo + 1)).floor() as i32
    }
}

/// One shop: its purchases as (customer, day, yen), and its name for reports.
pub struct Shop {
    pub name: &'static str,
    pub purchases: Vec<(u32, Day, i64)>,
}

impl Shop {
    /// The shop as the dataset the importer would have built.
    pub fn dataset(&self) -> Dataset {
        let mut builder = DatasetBuilder::default();
        let mut orders = Vec::with_capacity(self.purchases.len());
        for (seq, &(customer, day, yen)) in self.purchases.iter().enumerate() {
            let customer = builder.keys.intern(format!("C{customer:06}").as_bytes());
            let seq = seq as u32;
            orders.push(RawOrder {
                customer,
                day,
                key: u64::from(seq),
                amount: Decimal::from(yen),
                seq,
            });
        }
        builder.build_from_raw(orders, TextEncoding::Utf8)
    }

    /// Distinct customers.
    pub fn customers(&self) -> usize {
        let mut ids: Vec<u32> = self.purchases.iter().map(|p| p.0).collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    }
}

fn start() -> Day {
    days_from_civil(2022, 1, 1)
}

fn price(rng: &mut Rng) -> i64 {
    [1_980, 2_980, 3_480, 4_980, 6_800, 12_800][rng.between(0, 5) as usize]
}

/// `n` purchase days of one customer from `first`, at gaps of about `gap` days (±half), inside
/// the shop's `span` days.
fn repeater(
    rng: &mut Rng,
    id: u32,
    first: Day,
    n: u32,
    gap: f64,
    span: i32,
    out: &mut Vec<(u32, Day, i64)>,
) {
    let mut day = first;
    for _ in 0..n {
        if day >= start() + span {
            break;
        }
        out.push((id, day, price(rng)));
        day += (gap * (0.5 + rng.uniform())).round().max(1.0) as i32;
    }
}

/// The shop of issue 13: 296 customers over 2.5 years, about half one-time buyers, most others
/// with 2–8 purchase days, six heavy repeaters with 22–45 purchase days.
pub fn issue_13_shop() -> Shop {
    let span = 913;
    let mut rng = Rng::new(13);
    let mut purchases = Vec::new();
    for id in 0..296u32 {
        let first = start() + rng.between(0, span - 30);
        match id {
            0..=147 => purchases.push((id, first, price(&mut rng))),
            148..=289 => {
                let n = rng.between(2, 8) as u32;
                repeater(&mut rng, id, first, n, 75.0, span, &mut purchases);
            }
            _ => {
                let n = [22, 27, 31, 36, 40, 45][(id - 290) as usize];
                let first = start() + rng.between(0, 20);
                repeater(
                    &mut rng,
                    id,
                    first,
                    n,
                    f64::from(span) / f64::from(n),
                    span,
                    &mut purchases,
                );
            }
        }
    }
    Shop { name: "issue 13 shop (296 customers, six heavy repeaters)", purchases }
}

/// 40 customers with 100–200 purchase days over three years, among 260 light ones.
pub fn heavy_repeaters() -> Shop {
    let span = 1_095;
    let mut rng = Rng::new(100);
    let mut purchases = Vec::new();
    for id in 0..300u32 {
        let first = start() + rng.between(0, 60);
        if id < 40 {
            let n = rng.between(100, 200) as u32;
            repeater(&mut rng, id, first, n, f64::from(span) / f64::from(n), span, &mut purchases);
        } else {
            let first = start() + rng.between(0, span - 30);
            let n = rng.between(1, 4) as u32;
            repeater(&mut rng, id, first, n, 120.0, span, &mut purchases);
        }
    }
    Shop { name: "heavy repeaters (40 × 100–200 purchase days)", purchases }
}

/// 300 customers who each bought once.
pub fn one_time_buyers() -> Shop {
    let mut rng = Rng::new(1);
    let purchases =
        (0..300u32).map(|id| (id, start() + rng.between(0, 700), price(&mut rng))).collect();
    Shop { name: "one-time buyers only", purchases }
}

/// One customer with five purchase days.
pub fn one_customer() -> Shop {
    let purchases = [0, 40, 95, 180, 300].iter().map(|d| (0, start() + d, 4_980)).collect();
    Shop { name: "one customer", purchases }
}

/// 300 customers, every purchase on the same day.
pub fn one_day() -> Shop {
    let mut rng = Rng::new(2);
    let purchases = (0..300u32).map(|id| (id, start(), price(&mut rng))).collect();
    Shop { name: "every purchase on one day", purchases }
}

/// 200 customers buying every month for five years (from their first month on).
pub fn monthly_for_five_years() -> Shop {
    let mut rng = Rng::new(60);
    let mut purchases = Vec::new();
    for id in 0..200u32 {
        let first = start() + rng.between(0, 90);
        let yen = price(&mut rng);
        for month in 0..60 {
            let day = first + month * 30 + rng.between(-2, 2);
            if day < start() + 5 * 365 {
                purchases.push((id, day, yen));
            }
        }
    }
    Shop { name: "monthly buyers for five years", purchases }
}

/// A bit of everything: `n` customers of all the shapes above over three years.
pub fn mix(n: u32) -> Shop {
    let span = 1_095;
    let mut rng = Rng::new(7);
    let mut purchases = Vec::new();
    for id in 0..n {
        let first = start() + rng.between(0, span - 1);
        match id % 20 {
            0..=9 => purchases.push((id, first, price(&mut rng))),
            10..=16 => {
                let k = rng.between(2, 6) as u32;
                repeater(&mut rng, id, first, k, 90.0, span, &mut purchases);
            }
            17 | 18 => {
                let first = start() + rng.between(0, 365);
                repeater(&mut rng, id, first, 36, 30.0, span, &mut purchases);
            }
            _ => {
                let first = start() + rng.between(0, 120);
                let k = rng.between(100, 150) as u32;
                repeater(&mut rng, id, first, k, 7.0, span, &mut purchases);
            }
        }
    }
    Shop { name: "mix", purchases }
}

/// Every stress shop, small.
pub fn all() -> Vec<Shop> {
    vec![
        issue_13_shop(),
        heavy_repeaters(),
        one_time_buyers(),
        one_customer(),
        one_day(),
        monthly_for_five_years(),
        mix(3_000),
    ]
}
