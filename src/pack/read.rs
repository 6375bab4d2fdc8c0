//! Pack records → [`Pack`]: every cell checked, errors with line, column and reason (the bytes
//! become records in `stream.rs`).

use super::aggregates::{
    compact, cube_item, cube_of, fit_item, fit_of, Aggregates, CubeCell, FitCell, Item,
};
use super::{agg_format, sort_indices, AggregateInfo, Pack, PackInfo, AGG_COLUMNS, COLUMNS};
use super::{VERSION, VERSION_1};
use crate::dataset::{Dataset, Products, Purchase, NO_CHANNEL, NO_PRODUCT};
use crate::date::{days_from_civil, iso_day_bytes, parse_iso_day, Day};
use crate::intern::Strings;
use crate::money::{plain_decimal_bytes, Money};
use crate::Error;

mod customers;

/// An error at `line`, in `column`, for `reason`, with the cell (cut to 40 characters).
fn bad(line: u64, column: &'static str, reason: &'static str, value: &[u8]) -> Error {
    let value: String = String::from_utf8_lossy(value).chars().take(40).collect();
    Error::BadPack { line, column, reason, value }
}

/// Every column's name: [`COLUMNS`], then [`AGG_COLUMNS`].
fn column_name(col: usize) -> &'static str {
    COLUMNS.get(col).or_else(|| AGG_COLUMNS.get(col - COLUMNS.len())).copied().unwrap_or("")
}

/// The columns' positions in the header (`usize::MAX`: an aggregate column a version 1 pack
/// does not have).
pub(super) struct Header([usize; COLUMNS.len() + AGG_COLUMNS.len()]);

impl Header {
    pub(super) fn of(cells: &[&[u8]]) -> Result<Header, Error> {
        let mut at = [usize::MAX; COLUMNS.len() + AGG_COLUMNS.len()];
        for (i, name) in COLUMNS.iter().enumerate() {
            at[i] = cells.iter().position(|c| c == &name.as_bytes()).ok_or_else(|| {
                bad(1, name, "missingColumn", cells.first().copied().unwrap_or(b""))
            })?;
        }
        for (i, name) in AGG_COLUMNS.iter().enumerate() {
            if let Some(p) = cells.iter().position(|c| c == &name.as_bytes()) {
                at[COLUMNS.len() + i] = p;
            }
        }
        Ok(Header(at))
    }

    /// Whether the header has every aggregate column.
    fn has_aggregates(&self) -> bool {
        self.0[COLUMNS.len()..].iter().all(|&p| p != usize::MAX)
    }
}

/// Column numbers (indexes into [`COLUMNS`]).
const RECORD: usize = 0;
const ID: usize = 1;
const NAME: usize = 2;
const FIRST_DAY: usize = 3;
const LAST_DAY: usize = 4;
const PURCHASE_DAYS: usize = 5;
const ORDERS: usize = 6;
const REVENUE: usize = 7;
const GROSS_PROFIT: usize = 8;
const REVENUE_365: usize = 9;
const CHANNEL: usize = 10;
const DAYS: usize = 11;
const DAY_ORDERS: usize = 12;
const DAY_REVENUE: usize = 13;
const DAY_PROFIT: usize = 14;
const DAY_PRODUCTS: usize = 15;

/// One record's cells, by column number: the record's bytes and where each cell ends (as
/// csv-core gives them; no list of cells is built per record).
pub(super) struct Row<'a> {
    pub(super) line: u64,
    pub(super) bytes: &'a [u8],
    pub(super) ends: &'a [usize],
    pub(super) header: &'a Header,
}

impl<'a> Row<'a> {
    pub(super) fn get(&self, col: usize) -> &'a [u8] {
        let at = self.header.0.get(col).copied().unwrap_or(usize::MAX);
        let Some(&end) = self.ends.get(at) else { return b"" };
        let start = if at == 0 { 0 } else { self.ends[at - 1] };
        self.bytes.get(start..end).unwrap_or(b"")
    }
    pub(super) fn is_customer(&self) -> bool {
        self.get(RECORD) == b"customer"
    }
    pub(super) fn bad(&self, col: usize, reason: &'static str) -> Error {
        bad(self.line, column_name(col), reason, self.get(col))
    }
    pub(super) fn text(&self, col: usize) -> Result<&'a str, Error> {
        std::str::from_utf8(self.get(col)).map_err(|_| self.bad(col, "notUtf8"))
    }
    pub(super) fn number<T: std::str::FromStr>(&self, col: usize) -> Result<T, Error> {
        let s = self.text(col)?;
        s.parse().map_err(|_| self.bad(col, "notANumber"))
    }
    /// A count (what `number::<u64>` reads, faster).
    fn count(&self, col: usize) -> Result<u64, Error> {
        signed(self.get(col))
            .and_then(|n| u64::try_from(n).ok())
            .ok_or_else(|| self.bad(col, "notANumber"))
    }
    fn day(&self, col: usize) -> Result<Day, Error> {
        if let Some(day) = iso_day_bytes(self.get(col)) {
            return Ok(day);
        }
        parse_iso_day(self.text(col)?).ok_or_else(|| self.bad(col, "notADate"))
    }
    pub(super) fn money(&self, col: usize) -> Result<i128, Error> {
        let m = money(self.get(col)).ok_or_else(|| self.bad(col, "notAmount"))?;
        Ok(i128::from(m.units()))
    }
}

/// A plain decimal (`1200`, `-53.91`, `1200.0000`) as exact [`Money`].
fn money(b: &[u8]) -> Option<Money> {
    Money::from_plain_bytes(b).or_else(|| Money::from_decimal(plain_decimal_bytes(b)?))
}

/// An integer as `str::parse::<i64>` reads it (`0`, `17`, `-3`, `+5`), without its UTF-8 check
/// (a pack has several per customer and day).
fn signed(b: &[u8]) -> Option<i64> {
    let (negative, digits) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        Some(b'+') => (false, &b[1..]),
        _ => (false, b),
    };
    if digits.is_empty() || digits.len() > 18 {
        // 18 digits cannot overflow; longer ones (leading zeros, or out of range) go the long way.
        return std::str::from_utf8(b).ok()?.parse().ok();
    }
    let n = digits
        .iter()
        .try_fold(0i64, |n, &c| c.is_ascii_digit().then(|| n * 10 + i64::from(c - b'0')))?;
    Some(if negative { -n } else { n })
}

/// The space-separated tokens of a list cell (none for an empty cell; an empty token between
/// two spaces is one).
fn tokens(b: &[u8]) -> impl Iterator<Item = &[u8]> {
    (!b.is_empty()).then(|| b.split(|&c| c == b' ')).into_iter().flatten()
}

/// How many [`tokens`] `b` holds, counted without cutting them (a tight loop over the bytes:
/// five list cells per customer are counted before they are read).
fn token_count(b: &[u8]) -> usize {
    if b.is_empty() {
        0
    } else {
        b.iter().filter(|&&c| c == b' ').count() + 1
    }
}

/// Everything read so far.
pub(super) struct Reader {
    /// The meta rows' keys and values.
    meta: Vec<(String, String)>,
    /// Channel names by number (numbered 0, 1, … in their rows' order).
    channel_names: Vec<String>,
    /// Product names by number (numbered as the channels).
    product_names: Vec<String>,
    ids: Strings,
    purchases: Vec<Purchase>,
    profit: Vec<Money>,
    product_starts: Vec<u32>,
    product_ids: Vec<u32>,
    product_top: Vec<u32>,
    starts: Vec<u32>,
    channel_of: Vec<u16>,
    /// `meta` known complete (the first customer row was read).
    flags: Option<Flags>,
    /// The meta rows checked (at the first aggregate or customer row, or at the end).
    checked: Option<Meta>,
    fit: Vec<FitCell>,
    cube: Vec<CubeCell>,
}

#[derive(Clone, Copy)]
struct Flags {
    profit: bool,
    channel: bool,
    products: bool,
}

/// What the meta rows say.
#[derive(Clone, Copy)]
struct Meta {
    flags: Flags,
    version: u32,
    customer_rows: bool,
    /// The aggregates' end, k, customers, fit_pooled, cohort_pooled, cohort_dropped.
    agg: Option<(Day, u32, [u64; 4])>,
}

/// The first and last day a pack may hold (the importer's date range).
fn day_bounds() -> (Day, Day) {
    (days_from_civil(1900, 1, 1), days_from_civil(2200, 12, 31))
}

/// Customers read before the columns are reserved for the rest ([`Reader::reserve`]).
pub(super) const RESERVE_AFTER: usize = 4096;

impl Reader {
    pub(super) fn new() -> Reader {
        Reader {
            meta: Vec::new(),
            channel_names: Vec::new(),
            product_names: Vec::new(),
            ids: Strings::default(),
            purchases: Vec::new(),
            profit: Vec::new(),
            product_starts: vec![0],
            product_ids: Vec::new(),
            product_top: Vec::new(),
            starts: vec![0],
            channel_of: Vec::new(),
            flags: None,
            checked: None,
            fit: Vec::new(),
            cube: Vec::new(),
        }
    }

    /// Customers read so far.
    pub(super) fn customers(&self) -> usize {
        self.ids.len()
    }

    /// Reserves the columns once for the customers still to come, at the rate of those read in
    /// the first `read` bytes (`left` bytes remain): a doubling `Vec` copies itself and holds
    /// both copies while it does (wasm memory never shrinks), a tenth of a pack's reading.
    pub(super) fn reserve(&mut self, read: usize, left: usize) {
        let more = |n: usize| (n as f64 * left as f64 / read.max(1) as f64 * 1.05) as usize;
        self.purchases.reserve(more(self.purchases.len()));
        self.profit.reserve(more(self.profit.len()));
        self.product_ids.reserve(more(self.product_ids.len()));
        self.product_starts.reserve(more(self.product_starts.len()));
        self.product_top.reserve(more(self.product_top.len()));
        self.starts.reserve(more(self.starts.len()));
        self.channel_of.reserve(more(self.channel_of.len()));
    }

    pub(super) fn record(&mut self, row: &Row<'_>) -> Result<(), Error> {
        let kind = row.get(RECORD);
        if kind != b"customer" && self.flags.is_some() {
            return Err(row.bad(RECORD, "afterCustomers"));
        }
        if (kind == b"meta" || kind == b"channel" || kind == b"product")
            && (!self.fit.is_empty() || !self.cube.is_empty())
        {
            return Err(row.bad(RECORD, "afterAggregates"));
        }
        match kind {
            b"meta" => {
                let key = row.text(ID)?;
                if self.meta.iter().any(|(k, _)| k == key) {
                    return Err(row.bad(ID, "duplicate"));
                }
                self.meta.push((key.to_owned(), row.text(NAME)?.to_owned()));
            }
            b"channel" | b"product" => {
                let names = if kind == b"channel" {
                    &mut self.channel_names
                } else {
                    &mut self.product_names
                };
                // Numbered 0, 1, … in order (as written, and as the SQL's DENSE_RANK − 1).
                let id: u64 = row.number(ID)?;
                if id != names.len() as u64 {
                    return Err(row.bad(ID, "notInOrder"));
                }
                if names.len() >= usize::from(NO_CHANNEL) - 1 && kind == b"channel" {
                    return Err(row.bad(ID, "tooMany"));
                }
                names.push(row.text(NAME)?.to_owned());
            }
            b"fit" | b"cohort" => {
                let meta = self.meta_once(row.line)?;
                if meta.version == VERSION_1 {
                    return Err(row.bad(RECORD, "unknownRecord"));
                }
                if !row.header.has_aggregates() {
                    return Err(row.bad(agg_format::X, "missingColumn"));
                }
                if kind == b"fit" {
                    self.fit.push(agg_format::fit(row)?);
                } else {
                    let (c, p) = (self.channel_names.len(), self.product_names.len());
                    self.cube.push(agg_format::cohort(row, c, p)?);
                }
            }
            b"customer" => {
                let meta = self.meta_once(row.line)?;
                if !meta.customer_rows {
                    return Err(row.bad(RECORD, "customerRows"));
                }
                self.flags = Some(meta.flags);
                self.customer(row, meta.flags)?;
            }
            _ => return Err(row.bad(RECORD, "unknownRecord")),
        }
        Ok(())
    }

    /// The meta rows, checked at the first row that needs them.
    fn meta_once(&mut self, line: u64) -> Result<Meta, Error> {
        if let Some(m) = self.checked {
            return Ok(m);
        }
        let m = self.check_meta(line)?;
        self.checked = Some(m);
        Ok(m)
    }

    /// The meta rows, checked.
    fn check_meta(&self, line: u64) -> Result<Meta, Error> {
        let get = |key: &'static str| {
            self.meta
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v)
                .ok_or_else(|| bad(line, "id", "missingMeta", key.as_bytes()))
        };
        if get("format")? != "ltv-pack" {
            return Err(bad(line, "name", "notPack", get("format")?.as_bytes()));
        }
        let version = match get("version")?.as_str() {
            "1" => VERSION_1,
            "2" => VERSION,
            v => return Err(bad(line, "name", "version", v.as_bytes())),
        };
        if get("salt_id")?.is_empty() {
            return Err(bad(line, "name", "missingMeta", b"salt_id"));
        }
        if get("currency")?.is_empty() {
            return Err(bad(line, "name", "missingMeta", b"currency"));
        }
        let flag = |key: &'static str| match get(key)?.as_str() {
            "yes" => Ok(true),
            "no" => Ok(false),
            other => Err(bad(line, "name", "notYesNo", other.as_bytes())),
        };
        let flags = Flags {
            profit: flag("gross_profit")?,
            channel: flag("channel")?,
            products: flag("products")?,
        };
        if version == VERSION_1 {
            return Ok(Meta { flags, version, customer_rows: true, agg: None });
        }
        let number = |key: &'static str| -> Result<u64, Error> {
            get(key)?.parse().map_err(|_| bad(line, "name", "notANumber", key.as_bytes()))
        };
        let end_text = get("agg_end")?;
        let end = parse_iso_day(end_text)
            .ok_or_else(|| bad(line, "name", "notADate", end_text.as_bytes()))?;
        let k = u32::try_from(number("agg_k")?)
            .map_err(|_| bad(line, "name", "notANumber", b"agg_k"))?;
        let counts = [
            number("agg_customers")?,
            number("fit_pooled")?,
            number("cohort_pooled")?,
            number("cohort_dropped")?,
        ];
        Ok(Meta {
            flags,
            version,
            customer_rows: flag("customer_rows")?,
            agg: Some((end, k, counts)),
        })
    }

    fn customer(&mut self, row: &Row<'_>, flags: Flags) -> Result<(), Error> {
        let id = row.get(ID);
        if id.is_empty() || id.len() > 64 {
            return Err(row.bad(ID, "badId"));
        }
        if !row.get(NAME).is_empty() {
            return Err(row.bad(NAME, "personalData"));
        }
        let customer = self.ids.len() as u32;
        if customer == u32::MAX - 1 {
            return Err(row.bad(ID, "tooMany"));
        }
        let first = row.day(FIRST_DAY)?;
        let (lo, hi) = day_bounds();
        // The lists.
        let days_cell = row.get(DAYS);
        let n = token_count(days_cell);
        if n == 0 {
            return Err(row.bad(DAYS, "noOrder"));
        }
        let orders_cell = row.get(DAY_ORDERS);
        let n_orders = token_count(orders_cell);
        if n_orders != 0 && n_orders != n {
            return Err(row.bad(DAY_ORDERS, "listLength"));
        }
        if token_count(row.get(DAY_REVENUE)) != n {
            return Err(row.bad(DAY_REVENUE, "listLength"));
        }
        let n_profit = token_count(row.get(DAY_PROFIT));
        if n_profit != if flags.profit { n } else { 0 } {
            return Err(row.bad(DAY_PROFIT, "listLength"));
        }
        let n_products = token_count(row.get(DAY_PRODUCTS));
        if n_products != if flags.products { n } else { 0 } {
            return Err(row.bad(DAY_PRODUCTS, "listLength"));
        }
        let from = self.purchases.len();
        let mut day = i64::from(first);
        let mut orders_it = tokens(orders_cell);
        let mut profit_it = tokens(row.get(DAY_PROFIT));
        let mut products_it = tokens(row.get(DAY_PRODUCTS));
        let (mut sum, mut sum_365, mut profit_sum) = (0i128, 0i128, 0i128);
        let (mut bought_days, mut orders_total) = (0u64, 0u64);
        let (mut first_bought, mut last_bought) = (None::<Day>, None::<Day>);
        for (k, (delta, revenue)) in tokens(days_cell).zip(tokens(row.get(DAY_REVENUE))).enumerate()
        {
            let delta: i64 =
                signed(delta).ok_or_else(|| bad(row.line, "days", "notANumber", delta))?;
            if k > 0 && delta < 1 {
                return Err(bad(row.line, "days", "notInDayOrder", days_cell));
            }
            day = day.saturating_add(delta);
            if day < i64::from(lo) || day > i64::from(hi) {
                return Err(bad(row.line, "days", "notADate", days_cell));
            }
            let d = day as Day;
            let orders: u32 = match orders_it.next() {
                None => 1,
                Some(t) => signed(t)
                    .and_then(|n| u32::try_from(n).ok())
                    .ok_or_else(|| bad(row.line, "day_orders", "notANumber", t))?,
            };
            let revenue =
                money(revenue).ok_or_else(|| bad(row.line, "day_revenue", "notAmount", revenue))?;
            if orders > 0 {
                bought_days += 1;
                orders_total += u64::from(orders);
                first_bought.get_or_insert(d);
                last_bought = Some(d);
            }
            sum += i128::from(revenue.units());
            if d >= first && i64::from(d) <= i64::from(first) + 364 {
                sum_365 += i128::from(revenue.units());
            }
            self.purchases.push(Purchase { day: d, orders, revenue, customer });
            if let Some(t) = profit_it.next() {
                let p = money(t).ok_or_else(|| bad(row.line, "day_profit", "notAmount", t))?;
                profit_sum += i128::from(p.units());
                self.profit.push(p);
            }
            if let Some(t) = products_it.next() {
                self.day_products(row, t)?;
            }
        }
        // The totals agree with the lists.
        if first_bought != Some(first) {
            return Err(row.bad(FIRST_DAY, "total"));
        }
        if last_bought != Some(row.day(LAST_DAY)?) {
            return Err(row.bad(LAST_DAY, "total"));
        }
        if row.count(PURCHASE_DAYS)? != bought_days {
            return Err(row.bad(PURCHASE_DAYS, "total"));
        }
        if row.count(ORDERS)? != orders_total {
            return Err(row.bad(ORDERS, "total"));
        }
        if row.money(REVENUE)? != sum {
            return Err(row.bad(REVENUE, "total"));
        }
        if row.money(REVENUE_365)? != sum_365 {
            return Err(row.bad(REVENUE_365, "total"));
        }
        if flags.profit && row.money(GROSS_PROFIT)? != profit_sum {
            return Err(row.bad(GROSS_PROFIT, "total"));
        }
        let channel = if row.get(CHANNEL).is_empty() {
            NO_CHANNEL
        } else {
            let n = row.count(CHANNEL)?;
            if !flags.channel || n >= self.channel_names.len() as u64 {
                return Err(row.bad(CHANNEL, "unknownReference"));
            }
            n as u16
        };
        if flags.channel {
            self.channel_of.push(channel);
        }
        self.ids.push(row.get(ID));
        let end = u32::try_from(self.purchases.len()).map_err(|_| row.bad(DAYS, "tooMany"))?;
        self.starts.push(end);
        debug_assert!(self.purchases.len() > from);
        Ok(())
    }

    /// One day's products: `3;5*;7` or `-`.
    fn day_products(&mut self, row: &Row<'_>, t: &[u8]) -> Result<(), Error> {
        let err = || bad(row.line, "day_products", "unknownReference", t);
        let from = self.product_ids.len();
        let mut top = NO_PRODUCT;
        if t != b"-" {
            for part in t.split(|&c| c == b';') {
                let (part, is_top) = match part.strip_suffix(b"*") {
                    Some(p) => (p, true),
                    None => (part, false),
                };
                let id: u64 = signed(part)
                    .and_then(|n| u64::try_from(n).ok())
                    .ok_or_else(|| bad(row.line, "day_products", "notANumber", t))?;
                if id >= self.product_names.len() as u64 {
                    return Err(err());
                }
                let id = id as u32;
                if is_top {
                    if top != NO_PRODUCT {
                        return Err(bad(row.line, "day_products", "twoTops", t));
                    }
                    top = id;
                }
                self.product_ids.push(id);
            }
        }
        let ids = &mut self.product_ids[from..];
        if ids.len() > 1 {
            ids.sort_unstable();
            if ids.windows(2).any(|w| w[0] == w[1]) {
                return Err(bad(row.line, "day_products", "duplicate", t));
            }
        }
        self.product_starts.push(self.product_ids.len() as u32);
        self.product_top.push(top);
        Ok(())
    }

    pub(super) fn finish(mut self) -> Result<Pack, Error> {
        let meta_info = self.meta_once(0)?;
        let flags = meta_info.flags;
        if self.flags.is_none() && meta_info.customer_rows {
            return Err(bad(0, "record", "noCustomers", b""));
        }
        // The aggregates in canonical order (an engine writes its rows in an order of its own).
        let mut fit: Vec<Item> = self.fit.iter().map(fit_item).collect();
        let mut cube: Vec<Item> = self.cube.iter().map(cube_item).collect();
        compact(&mut fit);
        compact(&mut cube);
        let aggregates =
            meta_info.agg.map(|(end, k, [customers, fit_pooled, pooled, dropped])| Aggregates {
                end,
                k,
                customers,
                fit: fit_of(&fit),
                fit_pooled,
                cube: cube_of(&cube),
                cohort_pooled: pooled,
                cohort_dropped: dropped,
            });
        // One row per customer: in id order, as packs are written, that is one pass; else a sort
        // (3.3 M ids took ~1 s of the page's opening of a 10 M-order pack).
        let n = self.ids.len();
        let ascending = (1..n as u32).all(|i| self.ids.get(i - 1) < self.ids.get(i));
        if !ascending {
            let mut order: Vec<u32> = (0..n as u32).collect();
            sort_indices(&mut order, &|a, b| self.ids.get(a).cmp(self.ids.get(b)).then(a.cmp(&b)));
            if let Some(w) = order.windows(2).find(|w| self.ids.get(w[0]) == self.ids.get(w[1])) {
                return Err(bad(0, "id", "duplicate", self.ids.get(w[0])));
            }
        }
        let meta = |key: &str| {
            self.meta.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()).unwrap_or_default()
        };
        let info = PackInfo {
            version: meta_info.version,
            salt_id: meta("salt_id"),
            currency: meta("currency"),
            has_gross_profit: flags.profit,
            has_channel: flags.channel,
            has_products: flags.products,
            packs: 1,
            customer_rows: meta_info.customer_rows,
            aggregates: aggregates.as_ref().map(AggregateInfo::of),
        };
        let products = flags.products.then(|| {
            Products::from_parts(
                self.product_names,
                self.product_starts,
                self.product_ids,
                self.product_top,
            )
        });
        let dataset = Dataset::from_pack_parts(
            self.ids,
            self.purchases,
            flags.profit.then_some(self.profit),
            self.starts,
            if flags.channel { self.channel_names } else { Vec::new() },
            self.channel_of,
            products,
        );
        Ok(Pack { info, dataset, aggregates })
    }
}
