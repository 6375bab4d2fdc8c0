//! The LTV pack: a shop's per-customer purchase days without personal data, in one documented,
//! versioned file that the page analyses as if it had read the orders, and that packs of other
//! periods or other customers merge into.
//!
//! # Why it exists
//! A shop with 100 M orders, or a consultant serving several clients, cannot drop raw order
//! files into a browser, and the client's personal data should not leave the client. Every view
//! reads only each customer's purchase days (day, orders, revenue, gross profit, products) and
//! acquisition channel ([`Dataset`]): that is a mergeable aggregate, small enough for the page,
//! and it can be computed where the orders live (`tools/sql/ltv_pack.sql` for DuckDB, BigQuery and
//! Snowflake).
//!
//! # The format (version 1)
//! One CSV file (RFC 4180, UTF-8 without BOM, `\n` line ends; `.ltvpack.csv`). **CSV rather than
//! JSON** because every SQL engine writes the result of one query as CSV (`COPY … TO`, `EXPORT
//! DATA`, `COPY INTO @stage`) with no per-row document to build, a file of millions of customers
//! is read line by line with the importer's CSV machinery (no document tree in the browser's
//! memory), it gzips well, and a person can open it in Excel to see what leaves the shop. One
//! file with a `record` column rather than several files, because one query writes it and one
//! file travels.
//!
//! The header is [`COLUMNS`] (in any order; other columns are ignored). Each row is one record:
//!
//! | `record` | `id` | `name` | other columns |
//! | --- | --- | --- | --- |
//! | `meta` | a key | its value | empty |
//! | `channel` | a number (0, 1, …) | the channel's name | empty |
//! | `product` | a number | the product's name (商品名 / code, as in the orders) | empty |
//! | `customer` | the salted id | empty (no personal data) | below |
//!
//! Meta keys: `format` = `ltv-pack`, `version` = `1`, `salt_id` (see below), `currency` (ISO
//! code), and `gross_profit`, `channel`, `products` = `yes` / `no` (whether the orders had a
//! profit or cost column, a channel column, a product column: a view with no data says so).
//!
//! A customer row: `first_day`, `last_day` (ISO dates of the first and last purchase day),
//! `purchase_days`, `orders`, `revenue`, `gross_profit` (empty without), `revenue_first_365`
//! (revenue of the first purchase day and the 364 days after), `channel` (the channel number of
//! the first order; empty: none), then the purchase-day lists, one entry per day on which the
//! customer bought or was refunded, in day order, entries separated by one space:
//! * `days`: day deltas, the first from `first_day` (negative for a refund-only day before the
//!   first purchase), the others from the entry before (≥ 1);
//! * `day_orders`: orders of each day (0 on a refund-only day); empty when every day has one;
//! * `day_revenue`: net revenue of each day (refunds subtracted), a plain decimal (`1200`,
//!   `53.91`, `-300`; at most 4 decimals);
//! * `day_profit`: gross profit of each day, when `gross_profit` is `yes`; else empty;
//! * `day_products`: when `products` is `yes`: each day's product numbers joined by `;` with a
//!   `*` after the day's highest-priced line's product (`3;5*;7`), or `-` for none.
//!
//! The totals are checked against the lists when a pack is read (a hand-edited pack that
//! disagrees with itself is refused). Money is exact (never a float), as everywhere.
//!
//! # Version 2: the aggregates, and aggregates-only packs
//! A base too big for customer rows (tens of millions of customers do not fit a browser tab)
//! travels as its **aggregates** ([`aggregates`]): what the forecast and the cohort view read,
//! with no cell of fewer than `k` customers. A pack with aggregates is version 2: its header is
//! [`COLUMNS`] then [`AGG_COLUMNS`], its meta rows add `customer_rows` (`yes` / `no`: `no` is an
//! **aggregates-only** pack, without any `customer` record), `agg_end` (the day the aggregates
//! are as of), `agg_k`, `agg_customers`, `fit_pooled`, `cohort_pooled`, `cohort_dropped`, and
//! two records come after the `product` records and before the customers:
//!
//! | `record` | columns |
//! | --- | --- |
//! | `fit` | `x`, `t_x`, `t` (days, at most 2 decimals), `customers` (n), `repeat_revenue` |
//! | `cohort` | `month` (`2024-03`), `channel`, `product` (numbers; empty: none; `*`: pooled), `offset`, `customers`, `active`, `purchase_days`, `revenue`, `gross_profit` |
//!
//! A `cohort` row whose `active` … `gross_profit` are empty was suppressed (fewer than `k`
//! active customers); an offset without a row had no purchase and no refund. **Why a version
//! bump:** a version 1 reader refuses an unknown record, so a pack with aggregates could never
//! be read by it as version 1; version 2 makes the refusal say why (`version`). A pack without
//! aggregates is still written as version 1, byte for byte as before, and both are read.
//!
//! Gamma-Gamma is not fitted on an aggregates-only pack: its likelihood reads each customer's
//! own mean spend, which no sum gives; `repeat_revenue` gives the mean spend per repeat purchase
//! that stands for everyone ([`crate::models::forecast::forecast_weighted`]). The transaction
//! models are fitted on the weighted table exactly as on the customers (`tests/pack_aggregates.rs`:
//! the same parameters within 1e-9).
//!
//! # No personal data
//! Keys, e-mails, names, addresses and phones never enter a pack: a customer is
//! `substr(sha256(salt || ':' || key), 1, 20)` (80 bits, lower-case hex), the salt a secret the
//! shop keeps (at least 8 characters; the page makes one and remembers it in the browser). Packs
//! merge only under the same salt: the pack carries `salt_id` = `substr(sha256('ltv-pack salt
//! id:' || salt), 1, 16)`, which identifies the salt without revealing it. Channel and product
//! names are the shop's catalogue, not personal data; they stay.
//!
//! # Merging
//! [`Pack::merge`]: packs of disjoint periods, or of disjoint customer sets, of one shop (one
//! salt, currency and profit basis) merge into the pack of the union: a customer's purchase days
//! are joined (a customer with one day in two packs is an overlap, refused: the periods were not
//! disjoint), the first channel is the one of the earliest first purchase. Customers, channels
//! and products are written in id and name order, so the merged bytes equal the pack of all the
//! orders read at once, when no order (or its refund) spans two packs' periods.
//!
//! Aggregates: packs with customer rows merge their rows (their aggregates are dropped: the rows
//! give them again, written on export when asked for). Aggregates-only packs of **disjoint
//! customer sets** of one end day (`agg_end`) merge by summing every cell (a cell suppressed in
//! one part stays suppressed; `k` is the smallest); their customers cannot be checked (they have
//! no ids), so disjointness is the caller's promise. Aggregates-only packs of different end days
//! are refused ([`Error::PackPeriods`]): the packs of two periods would count a customer's
//! acquisition in both. An aggregates-only pack never merges with customer rows
//! ([`Error::PackMismatch`], `customerRows`).
//!
//! Advice for hackers: [`Pack::decode`] takes untrusted bytes: every count, id and number is
//! checked and an error names the line, the column and the reason ([`Error::BadPack`]); nothing
//! indexes without a check.

mod agg_format;
mod agg_merge;
pub mod aggregates;
pub mod cohorts;
use crate::order::sort_indices;
mod merge;
mod read;
mod report;
pub mod sha256;
pub mod split;
mod stream;
mod write;

use crate::dataset::Dataset;
use crate::Error;
use serde::Serialize;

pub use aggregates::{Aggregates, DEFAULT_K};
pub use stream::PackReader;
pub use write::{export, export_with, PackOptions};

/// The pack format's newest version: a pack with aggregates is written as version 2, a pack
/// without as version 1 (byte for byte as before aggregates existed); both are read.
pub const VERSION: u32 = 2;

/// The version of a pack without aggregates.
pub const VERSION_1: u32 = 1;

/// The columns of a pack, in the order written.
pub const COLUMNS: [&str; 16] = [
    "record",
    "id",
    "name",
    "first_day",
    "last_day",
    "purchase_days",
    "orders",
    "revenue",
    "gross_profit",
    "revenue_first_365",
    "channel",
    "days",
    "day_orders",
    "day_revenue",
    "day_profit",
    "day_products",
];

/// The columns a version 2 pack adds after [`COLUMNS`] (its aggregate records').
pub const AGG_COLUMNS: [&str; 9] =
    ["x", "t_x", "t", "customers", "repeat_revenue", "month", "offset", "product", "active"];

/// Hex digits of a customer's salted id (80 bits: a collision among 100 million customers has a
/// chance of about 4 in a billion).
pub const ID_HEX: usize = 20;

/// The shortest salt accepted.
pub const MIN_SALT: usize = 8;

/// What a pack says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PackInfo {
    /// Format version.
    pub version: u32,
    /// Identifies the salt of the customer ids (not the salt).
    pub salt_id: String,
    /// Currency of the money (ISO code).
    pub currency: String,
    /// The orders had a profit or cost column.
    pub has_gross_profit: bool,
    /// The orders had a channel column.
    pub has_channel: bool,
    /// The orders had a product column.
    pub has_products: bool,
    /// Packs merged into this one (1 for a pack read alone).
    pub packs: u32,
    /// Whether the pack has customer rows (false: aggregates only).
    pub customer_rows: bool,
    /// What its aggregates are, when it has them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aggregates: Option<AggregateInfo>,
}

/// What a pack's aggregates say about themselves (its `agg_*` meta rows).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AggregateInfo {
    /// The day they are as of (ISO).
    pub end: String,
    /// Cells of fewer than `k` customers are pooled or suppressed.
    pub k: u32,
    /// Customers aggregated.
    pub customers: u64,
    /// Customers in pooled rows of the weighted table.
    pub fit_pooled: u64,
    /// Customers in pooled (`*`) cohorts.
    pub cohort_pooled: u64,
    /// Customers left out of the cube (pooled cohorts still under `k`).
    pub cohort_dropped: u64,
    /// Cube cells written without their figures (fewer than `k` active customers).
    pub suppressed_cells: u64,
}

impl AggregateInfo {
    /// The info of `a`.
    #[must_use]
    pub fn of(a: &Aggregates) -> AggregateInfo {
        AggregateInfo {
            end: crate::date::format_day(a.end),
            k: a.k,
            customers: a.customers,
            fit_pooled: a.fit_pooled,
            cohort_pooled: a.cohort_pooled,
            cohort_dropped: a.cohort_dropped,
            suppressed_cells: a.cube.iter().filter(|c| c.figures.is_none()).count() as u64,
        }
    }
}

/// A pack read into the dataset the views read (customers keyed by their salted ids).
#[derive(Debug, Clone)]
pub struct Pack {
    /// What the pack says about itself.
    pub info: PackInfo,
    /// Its customers and purchase days (none in an aggregates-only pack; its channel and
    /// product names are there).
    pub dataset: Dataset,
    /// Its aggregates, when it has them.
    pub aggregates: Option<Aggregates>,
}

/// `salt_id` of `salt`.
///
/// ```
/// assert_eq!(ltv::pack::salt_id("example-salt").unwrap(), "30acc451307f8f11");
/// ```
///
/// # Errors
/// [`Error::BadOptions`] for a salt shorter than [`MIN_SALT`] characters.
pub fn salt_id(salt: &str) -> Result<String, Error> {
    check_salt(salt)?;
    Ok(sha256::sha256_hex(format!("ltv-pack salt id:{salt}").as_bytes(), 16))
}

/// The salted id of a customer key.
///
/// ```
/// assert_eq!(ltv::pack::customer_id("example-salt", "C001"), "2ca3bb0d0891024104b2");
/// ```
#[must_use]
pub fn customer_id(salt: &str, key: &str) -> String {
    let mut input = String::with_capacity(salt.len() + key.len() + 1);
    input.push_str(salt);
    input.push(':');
    input.push_str(key);
    sha256::sha256_hex(input.as_bytes(), ID_HEX)
}

fn check_salt(salt: &str) -> Result<(), Error> {
    if salt.chars().count() < MIN_SALT {
        return Err(Error::BadOptions(format!(
            "the pack's salt must have at least {MIN_SALT} characters"
        )));
    }
    Ok(())
}

impl Pack {
    /// The pack's bytes (customers in id order, channels and products in name order).
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        let ids: Vec<String> =
            (0..self.dataset.customers()).map(|c| self.dataset.key(c).into_owned()).collect();
        write::write(&self.dataset, &ids, &self.info, self.aggregates.as_ref())
    }

    /// Reads a pack.
    ///
    /// # Errors
    /// [`Error::Empty`] for no bytes; [`Error::BadPack`] naming the line, column and reason of
    /// the first problem.
    pub fn decode(bytes: &[u8]) -> Result<Pack, Error> {
        stream::read(bytes)
    }

    /// The pack of the union of `packs` (see the module doc).
    ///
    /// # Errors
    /// [`Error::Empty`] for no pack; [`Error::PackMismatch`] when the packs differ in salt,
    /// currency or profit basis, or some have customer rows and some not;
    /// [`Error::PackOverlap`] when a customer has a day in two packs; [`Error::PackPeriods`]
    /// for aggregates-only packs of different end days.
    pub fn merge(packs: Vec<Pack>) -> Result<Pack, Error> {
        merge::merge(packs)
    }
}

/// The pack of a dataset read from packs (its keys are the salted ids).
#[must_use]
pub fn write_dataset(ds: &Dataset, info: &PackInfo) -> Vec<u8> {
    let ids: Vec<String> = (0..ds.customers()).map(|c| ds.key(c).into_owned()).collect();
    write::write(ds, &ids, info, None)
}

/// An aggregates-only pack written again (`ds`: its channel and product names).
#[must_use]
pub fn write_aggregates(ds: &Dataset, info: &PackInfo, aggregates: &Aggregates) -> Vec<u8> {
    write::write(ds, &[], info, Some(aggregates))
}

/// The pack of a dataset read from packs written again as `options` ask (with its aggregates,
/// or aggregates only).
///
/// # Errors
/// As [`export_with`].
pub fn rewrite_with(
    ds: &Dataset,
    info: &PackInfo,
    options: &PackOptions,
) -> Result<Vec<u8>, Error> {
    let ids: Vec<String> = (0..ds.customers()).map(|c| ds.key(c).into_owned()).collect();
    let aggregates = write::aggregates_of(ds, options)?;
    let info = PackInfo { customer_rows: options.customer_rows, ..info.clone() };
    Ok(write::write(ds, &ids, &info, Some(&aggregates)))
}

/// Whether `bytes` (the first bytes of a file are enough) look like a pack: a header whose first
/// cell is `record` and that names the pack's columns.
#[must_use]
pub fn looks_like_pack(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let line = bytes.split(|&b| b == b'\n').next().unwrap_or(&[]);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    line.starts_with(b"record,") && line.split(|&b| b == b',').any(|c| c == b"day_revenue")
}
