//! LTV (顧客生涯価値) and RFM calculator for small Japanese mail-order shops: the pure core.
//!
//! The shop's order export is read in the browser and never leaves it: this crate is compiled to
//! WebAssembly and driven by a web worker, chunk by chunk. Nothing here touches files, clocks,
//! randomness or JavaScript except [`wasm`] (the one wasm-bindgen façade, wasm32 only).
//!
//! Map of the crate:
//! * [`sniff`]: encoding, delimiter, header row and column mapping from the first bytes;
//! * [`columns`]: which header plays which [`columns::Role`] (Japanese and English synonyms);
//! * [`date`], [`money`]: cells as shops write them → calendar days and exact decimals;
//! * [`import`]: the streaming [`import::OrderReader`] (push chunks, then finish) and its report;
//! * [`dataset`]: customers and their purchase days, what every analysis starts from;
//! * [`aggregated`]: per-customer summary files made elsewhere (frequency, recency, T), for the
//!   forecast;
//! * [`summary`]: the headline figures (平均購入単価, 購入頻度, リピート率);
//! * [`analysis`]: 年間LTV and the five levers, RFM segments, CPM, デシル, cohorts, channels
//!   against CPA, the customer table and its CSV export, all as of an analysis date;
//! * [`models`]: predictive customer-base models (BG/NBD, MBG/NBD, Pareto/NBD, Gamma-Gamma):
//!   P(alive), expected purchases and spend, CLV, holdout validation; [`models::forecast`] runs it all;
//! * [`error`]: the one [`Error`] type with stable codes.
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
pub mod overview;
pub mod session;
pub mod summary;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use error::{Error, Result};
