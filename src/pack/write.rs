//! Dataset → pack bytes (the canonical form: customers by id, channels and products by name).

use super::aggregates::Aggregates;
use super::{
    check_salt, customer_id, salt_id, sort_indices, AggregateInfo, PackInfo, AGG_COLUMNS, COLUMNS,
    VERSION, VERSION_1,
};
use crate::dataset::{Dataset, KEY_GROUP_MARK, NO_CHANNEL};
use crate::date::{format_day, parse_iso_day, Day};
use crate::money::Money;
use crate::Error;
use serde::Deserialize;
use std::fmt::Write as _;

/// What a pack holds beyond its meta, channel and product records.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PackOptions {
    /// Customer rows (default: yes). Without them the pack holds its aggregates only.
    pub customer_rows: bool,
    /// The aggregates (the weighted table and the cohort cube; default: no). A pack without
    /// customer rows always has them.
    pub aggregates: bool,
    /// Cells of fewer than `k` customers are pooled or suppressed ([`super::DEFAULT_K`]).
    pub k: u32,
    /// The day the aggregates are as of (ISO; default: the last purchase day).
    pub end: Option<String>,
}

impl Default for PackOptions {
    fn default() -> Self {
        PackOptions { customer_rows: true, aggregates: false, k: super::DEFAULT_K, end: None }
    }
}

impl PackOptions {
    /// The end day asked for, else the last purchase day of `ds` (`None`: no purchase).
    ///
    /// # Errors
    /// [`Error::BadParameter`] for an end that is not `YYYY-MM-DD`.
    fn end(&self, ds: &Dataset) -> Result<Option<Day>, Error> {
        match self.end.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => parse_iso_day(s).map(Some).ok_or_else(|| Error::BadParameter {
                name: "end",
                reason: format!("{s:?} is not YYYY-MM-DD"),
            }),
            None => Ok(ds.day_range().map(|r| r.1)),
        }
    }
}

/// The pack of an imported order file: each customer under the salted id of its key (a
/// customer number of another platform's file keeps its group apart: `key#g<group>`).
///
/// # Errors
/// [`Error::BadOptions`] for a salt shorter than [`super::MIN_SALT`] characters.
pub fn export(ds: &Dataset, salt: &str, currency: &str) -> Result<Vec<u8>, Error> {
    export_with(ds, salt, currency, &PackOptions::default())
}

/// [`export`] with the aggregates and without customer rows as `options` ask.
///
/// # Errors
/// [`Error::BadOptions`] for a salt shorter than [`super::MIN_SALT`] characters;
/// [`Error::BadParameter`] for a bad `end`; [`Error::Empty`] for aggregates of no purchase.
pub fn export_with(
    ds: &Dataset,
    salt: &str,
    currency: &str,
    options: &PackOptions,
) -> Result<Vec<u8>, Error> {
    check_salt(salt)?;
    let ids: Vec<String> = (0..ds.customers())
        .map(|c| match ds.raw_key(c) {
            [.., KEY_GROUP_MARK, g] => customer_id(salt, &format!("{}#g{g}", ds.key(c))),
            _ => customer_id(salt, &ds.key(c)),
        })
        .collect();
    let info = PackInfo {
        version: VERSION,
        salt_id: salt_id(salt)?,
        currency: currency.to_owned(),
        has_gross_profit: ds.profit.is_some(),
        has_channel: !ds.channel_of.is_empty(),
        has_products: ds.products.is_some(),
        packs: 1,
        customer_rows: options.customer_rows,
        aggregates: None,
    };
    let aggregates = if options.aggregates || !options.customer_rows {
        Some(aggregates_of(ds, options)?)
    } else {
        None
    };
    Ok(write(ds, &ids, &info, aggregates.as_ref()))
}

/// The aggregates of `ds` as `options` ask, numbered as the pack numbers channels and products.
pub(crate) fn aggregates_of(ds: &Dataset, options: &PackOptions) -> Result<Aggregates, Error> {
    let end = options.end(ds)?.ok_or(Error::Empty)?;
    let channel_no = sorted_names(&ds.channels).1;
    let names = ds.products.as_ref().map_or(&[][..], |p| p.names.as_slice());
    let product_no = sorted_names(names).1;
    Ok(Aggregates::of(ds, end, &channel_no, &product_no).suppressed(options.k))
}

/// A CSV cell: quoted when it holds a comma, a quote or a line break.
fn cell(out: &mut String, s: &str) {
    if s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

/// One record of `fields` (padded with empty cells to the header's `width`).
pub(super) fn record(out: &mut String, fields: &[&str], width: usize) {
    for i in 0..width {
        if i > 0 {
            out.push(',');
        }
        cell(out, fields.get(i).copied().unwrap_or(""));
    }
    out.push('\n');
}

fn yes(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// `names` sorted, and for each old number its new one.
fn sorted_names(names: &[String]) -> (Vec<&String>, Vec<u32>) {
    let mut order: Vec<u32> = (0..names.len() as u32).collect();
    sort_indices(&mut order, &|a, b| names[a as usize].cmp(&names[b as usize]).then(a.cmp(&b)));
    let mut renumber = vec![0u32; names.len()];
    for (new, &old) in order.iter().enumerate() {
        renumber[old as usize] = new as u32;
    }
    (order.iter().map(|&i| &names[i as usize]).collect(), renumber)
}

/// The pack of `ds` with customer `c` named `ids[c]`.
/// The pack of `ds` with customer `c` named `ids[c]`, with `aggregates` when given (version 2;
/// else version 1), without customer rows when `info` says so.
pub(crate) fn write(
    ds: &Dataset,
    ids: &[String],
    info: &PackInfo,
    aggregates: Option<&Aggregates>,
) -> Vec<u8> {
    let mut out = String::with_capacity(64 * ds.customers() + 1024);
    let header: Vec<&str> = match aggregates {
        Some(_) => COLUMNS.iter().chain(AGG_COLUMNS.iter()).copied().collect(),
        None => COLUMNS.to_vec(),
    };
    let width = header.len();
    let record = |out: &mut String, fields: &[&str]| record(out, fields, width);
    record(&mut out, &header);
    let version = if aggregates.is_some() { VERSION } else { VERSION_1 }.to_string();
    let mut meta = vec![
        ("format", "ltv-pack".to_owned()),
        ("version", version),
        ("salt_id", info.salt_id.clone()),
        ("currency", info.currency.clone()),
        ("gross_profit", yes(info.has_gross_profit).to_owned()),
        ("channel", yes(info.has_channel).to_owned()),
        ("products", yes(info.has_products).to_owned()),
    ];
    if let Some(a) = aggregates {
        let i = AggregateInfo::of(a);
        meta.extend([
            ("customer_rows", yes(info.customer_rows).to_owned()),
            ("agg_end", i.end),
            ("agg_k", i.k.to_string()),
            ("agg_customers", i.customers.to_string()),
            ("fit_pooled", i.fit_pooled.to_string()),
            ("cohort_pooled", i.cohort_pooled.to_string()),
            ("cohort_dropped", i.cohort_dropped.to_string()),
        ]);
    }
    for (key, value) in &meta {
        record(&mut out, &["meta", key, value]);
    }
    let (channels, channel_no) = sorted_names(&ds.channels);
    if info.has_channel {
        for (i, name) in channels.iter().enumerate() {
            record(&mut out, &["channel", &i.to_string(), name]);
        }
    }
    let names = ds.products.as_ref().map_or(&[][..], |p| p.names.as_slice());
    let (products, product_no) = sorted_names(names);
    for (i, name) in products.iter().enumerate() {
        record(&mut out, &["product", &i.to_string(), name]);
    }
    if let Some(a) = aggregates {
        super::agg_format::write(&mut out, a, info.has_gross_profit, width);
    }
    if aggregates.is_some() && !info.customer_rows {
        return out.into_bytes();
    }
    let mut order: Vec<u32> = (0..ds.customers() as u32).collect();
    sort_indices(&mut order, &|a, b| ids[a as usize].cmp(&ids[b as usize]).then(a.cmp(&b)));
    let mut row = CustomerRow::default();
    for c in order.into_iter().map(|c| c as usize) {
        row.fill(ds, c, &channel_no, &product_no, info);
        let r = &row;
        record(
            &mut out,
            &[
                "customer",
                &ids[c],
                "",
                &r.first,
                &r.last,
                &r.purchase_days,
                &r.orders,
                &r.revenue,
                &r.profit,
                &r.revenue_365,
                &r.channel,
                &r.days,
                &r.day_orders,
                &r.day_revenue,
                &r.day_profit,
                &r.day_products,
            ],
        );
    }
    out.into_bytes()
}

/// The cells of one customer row (buffers reused from row to row).
#[derive(Default)]
struct CustomerRow {
    first: String,
    last: String,
    purchase_days: String,
    orders: String,
    revenue: String,
    profit: String,
    revenue_365: String,
    channel: String,
    days: String,
    day_orders: String,
    day_revenue: String,
    day_profit: String,
    day_products: String,
}

fn sep(s: &mut String) {
    if !s.is_empty() {
        s.push(' ');
    }
}

impl CustomerRow {
    fn fill(
        &mut self,
        ds: &Dataset,
        c: usize,
        channel_no: &[u32],
        product_no: &[u32],
        info: &PackInfo,
    ) {
        for s in [
            &mut self.channel,
            &mut self.days,
            &mut self.day_orders,
            &mut self.day_revenue,
            &mut self.day_profit,
            &mut self.day_products,
            &mut self.profit,
        ] {
            s.clear();
        }
        let ps = ds.purchases_of(c);
        let profit = ds.profit_of(c);
        let bought = ps.iter().filter(|p| p.orders > 0);
        let first = bought.clone().map(|p| p.day).min().unwrap_or(0);
        let last = bought.clone().map(|p| p.day).max().unwrap_or(0);
        self.first = format_day(first);
        self.last = format_day(last);
        self.purchase_days = bought.clone().count().to_string();
        self.orders = bought.map(|p| u64::from(p.orders)).sum::<u64>().to_string();
        let units = |m: Money| i128::from(m.units());
        self.revenue = Money::sum_to_decimal(ps.iter().map(|p| units(p.revenue)).sum()).to_string();
        let window = ps.iter().filter(|p| p.day >= first && p.day <= first + 364);
        self.revenue_365 =
            Money::sum_to_decimal(window.map(|p| units(p.revenue)).sum()).to_string();
        if let Some(pr) = profit.filter(|_| info.has_gross_profit) {
            self.profit = Money::sum_to_decimal(pr.iter().map(|&m| units(m)).sum()).to_string();
        }
        if let Some(&ch) = ds.channel_of.get(c).filter(|&&ch| ch != NO_CHANNEL) {
            if let Some(n) = channel_no.get(usize::from(ch)) {
                self.channel = n.to_string();
            }
        }
        let mut prev = first;
        let every_one = ps.iter().all(|p| p.orders == 1);
        for (k, p) in ps.iter().enumerate() {
            sep(&mut self.days);
            let _ = write!(self.days, "{}", i64::from(p.day) - i64::from(prev));
            prev = p.day;
            if !every_one {
                sep(&mut self.day_orders);
                let _ = write!(self.day_orders, "{}", p.orders);
            }
            sep(&mut self.day_revenue);
            let _ = write!(self.day_revenue, "{}", p.revenue.to_decimal());
            if let Some(pr) = profit.filter(|_| info.has_gross_profit) {
                sep(&mut self.day_profit);
                let _ = write!(
                    self.day_profit,
                    "{}",
                    pr.get(k).copied().unwrap_or_default().to_decimal()
                );
            }
            if info.has_products {
                sep(&mut self.day_products);
                let top = ds.top_product_of(c, k).and_then(|t| product_no.get(t as usize)).copied();
                let mut ids: Vec<u32> = ds
                    .products_of(c, k)
                    .iter()
                    .filter_map(|&i| product_no.get(i as usize).copied())
                    .collect();
                if ids.is_empty() {
                    self.day_products.push('-');
                }
                ids.sort_unstable();
                for (j, n) in ids.iter().enumerate() {
                    if j > 0 {
                        self.day_products.push(';');
                    }
                    let _ =
                        write!(self.day_products, "{n}{}", if Some(*n) == top { "*" } else { "" });
                }
            }
        }
    }
}
