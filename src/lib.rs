//! LTV (顧客生涯価値) and RFM calculator for small Japanese mail-order shops: the pure core.
//!
//! The shop's order export is read in the browser and never leaves it: this crate is compiled to
//! WebAssembly and driven by a web worker, chunk by chunk. Nothing here touches files, clocks,
//! randomness or JavaScript except `wasm` (the one wasm-bindgen façade, wasm32 only).
//!
//! Map of the crate, from the leaves up (each layer uses only the layers before it; `./build.sh
//! test` checks it with `tools/check-layers.mjs`, which reads the next line):
//!
//! Layers: error money date encoding intern order wire | dataset | overview | summary | import | models | analysis | pack | session vocabulary | wasm
//!
//! * leaves: [`error`] (the one [`Error`] type with stable codes), [`money`] (exact amounts and
//!   their rounding), [`date`] (cells → calendar days), [`encoding`] (UTF-8, Shift_JIS, UTF-16),
//!   [`intern`] (customer keys in arenas), `order` (the one index sort large sorts share), `wire`
//!   (the bytes partial results travel in between workers);
//! * [`dataset`]: customers and their purchase days, what every view starts from;
//! * [`overview`]: the headline figures (平均購入単価, 購入頻度, リピート率);
//! * [`summary`]: each customer's (x, tₓ, T) as the models read them, and the holdout split;
//! * [`import`]: the streaming [`import::OrderReader`] (push chunks, then finish): sniffing,
//!   columns, records, order assembly, statuses, summary files, and the import report;
//! * [`models`]: BG/NBD, MBG/NBD, Pareto/NBD, Gamma-Gamma: P(alive), expected purchases and
//!   spend, CLV, holdout validation; [`mod@models::forecast`] runs it all;
//! * [`analysis`]: 年間LTV and the five levers, RFM segments, CPM, デシル, cohorts, channels
//!   against CPA, the customer table and its CSV export, all as of an analysis date;
//! * [`pack`]: the LTV pack, the per-customer purchase days without personal data, in one
//!   versioned CSV file: export, read, merge;
//! * [`session`]: one imported file with its last analysis and forecast (what the page talks to);
//!   [`vocabulary`]: every code the page translates, by family;
//! * `wasm`: the façade JS calls (conversion only).
//!
//! ```
//! use ltv::import::{import_bytes, ImportOptions};
//! let csv = "会員ID,注文日,合計金額\nA,2024/3/5,\"1,200\"\nA,2024/4/1,800\nB,2024/3/9,500\n";
//! let import = import_bytes(csv.as_bytes(), &ImportOptions::default()).unwrap();
//! let o = ltv::overview::overview(&import.dataset);
//! assert_eq!((o.customers, o.orders, o.revenue.to_string()), (2, 3, "2500".to_string()));
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod analysis;
pub mod dataset;
pub mod date;
pub mod encoding;
pub mod error;
pub mod import;
pub mod intern;
pub mod models;
pub mod money;
mod order;
pub mod overview;
pub mod pack;
pub mod session;
pub mod summary;
pub mod vocabulary;
#[cfg(target_arch = "wasm32")]
pub mod wasm;
mod wire;

pub use error::{Error, Result};
