//! Aggregates-only packs of disjoint customer sets → the pack of the union: every cell sums.

use super::aggregates::{Aggregates, CubeCell, Dim, FitCell};
use super::{AggregateInfo, Pack, PackInfo};
use crate::dataset::{Dataset, Products};
use crate::date::format_day;
use crate::intern::Strings;
use crate::Error;
use std::collections::BTreeMap;

/// The sorted union of `names`, and for each list, its numbers in the union.
fn union(lists: &[&[String]]) -> (Vec<String>, Vec<Vec<u32>>) {
    let mut all: Vec<String> = lists.iter().flat_map(|l| l.iter().cloned()).collect();
    all.sort_unstable();
    all.dedup();
    let maps = lists
        .iter()
        .map(|l| l.iter().map(|n| all.partition_point(|m| m < n) as u32).collect())
        .collect();
    (all, maps)
}

fn renumber(d: Dim, map: &[u32]) -> Dim {
    match d {
        Dim::Id(n) => map.get(n as usize).map_or(Dim::None, |&m| Dim::Id(m)),
        other => other,
    }
}

/// Sums the aggregates of aggregates-only `packs` (checked alike by the caller into `base`).
///
/// # Errors
/// [`Error::PackPeriods`] when their aggregates' end days differ.
pub(super) fn merge(packs: Vec<Pack>, base: PackInfo) -> Result<Pack, Error> {
    let aggs: Vec<&Aggregates> = packs.iter().filter_map(|p| p.aggregates.as_ref()).collect();
    let Some(first) = aggs.first() else { return Err(Error::Empty) };
    if aggs.len() != packs.len() {
        return Err(Error::PackMismatch { what: "customerRows" });
    }
    if let Some(other) = aggs.iter().find(|a| a.end != first.end) {
        return Err(Error::PackPeriods { ends: [format_day(first.end), format_day(other.end)] });
    }
    let channel_lists: Vec<&[String]> = packs.iter().map(|p| &p.dataset.channels[..]).collect();
    let product_lists: Vec<&[String]> = packs
        .iter()
        .map(|p| p.dataset.products.as_ref().map_or(&[][..], |x| x.names.as_slice()))
        .collect();
    let (channels, channel_maps) = union(&channel_lists);
    let (products, product_maps) = union(&product_lists);
    let mut fit: BTreeMap<(u32, u64, u64), (u64, i128)> = BTreeMap::new();
    let mut cube: BTreeMap<(i32, Dim, Dim, u32), CubeCell> = BTreeMap::new();
    for (k, a) in aggs.iter().enumerate() {
        for c in &a.fit {
            let e = fit.entry((c.x, c.t_x.to_bits(), c.t.to_bits())).or_default();
            *e = (e.0 + c.customers, e.1 + c.repeat_revenue);
        }
        for c in &a.cube {
            let channel = renumber(c.channel, &channel_maps[k]);
            let product = renumber(c.product, &product_maps[k]);
            let cell = CubeCell { channel, product, ..*c };
            cube.entry((c.month, channel, product, c.offset))
                .and_modify(|m| {
                    m.customers += c.customers;
                    m.figures = match (m.figures, c.figures) {
                        (Some(mut a), Some(b)) => {
                            a.active += b.active;
                            a.purchase_days += b.purchase_days;
                            a.revenue += b.revenue;
                            a.gross_profit += b.gross_profit;
                            Some(a)
                        }
                        // A suppressed part leaves the sum unknown.
                        _ => None,
                    };
                })
                .or_insert(cell);
        }
    }
    // A cohort's rows carry its size: the sum over the packs of its offset-0 rows (a pack
    // whose part of the cohort did nothing in a later month wrote no row for it).
    let mut cube: Vec<CubeCell> = cube.into_values().collect();
    let mut size = 0;
    for c in &mut cube {
        if c.offset == 0 {
            size = c.customers;
        }
        c.customers = size;
    }
    let fit: Vec<FitCell> = fit
        .into_iter()
        .map(|((x, t_x, t), (customers, repeat_revenue))| FitCell {
            x,
            t_x: f64::from_bits(t_x),
            t: f64::from_bits(t),
            customers,
            repeat_revenue,
        })
        .collect();
    let merged = Aggregates {
        end: first.end,
        k: aggs.iter().map(|a| a.k).min().unwrap_or(1),
        customers: aggs.iter().map(|a| a.customers).sum(),
        fit,
        fit_pooled: aggs.iter().map(|a| a.fit_pooled).sum(),
        cube,
        cohort_pooled: aggs.iter().map(|a| a.cohort_pooled).sum(),
        cohort_dropped: aggs.iter().map(|a| a.cohort_dropped).sum(),
    };
    let has_channel = packs.iter().any(|p| p.info.has_channel);
    let has_products = packs.iter().any(|p| p.info.has_products);
    let info = PackInfo {
        has_channel,
        has_products,
        packs: packs.iter().map(|p| p.info.packs).sum(),
        aggregates: Some(AggregateInfo::of(&merged)),
        ..base
    };
    let dataset = empty_dataset(&info, channels, products);
    Ok(Pack { info, dataset, aggregates: Some(merged) })
}

/// The dataset of an aggregates-only pack: no customer, the channel and product names.
pub(super) fn empty_dataset(
    info: &PackInfo,
    channels: Vec<String>,
    products: Vec<String>,
) -> Dataset {
    let products =
        info.has_products.then(|| Products::from_parts(products, vec![0], Vec::new(), Vec::new()));
    Dataset::from_pack_parts(
        Strings::default(),
        Vec::new(),
        info.has_gross_profit.then(Vec::new),
        vec![0],
        if info.has_channel { channels } else { Vec::new() },
        Vec::new(),
        products,
    )
}
