//! Aggregates-only packs of disjoint customer sets → the pack of the union: every cell sums.

use super::aggregates::{compact, cube_item, cube_of, fit_item, fit_of, Aggregates, Dim, Item};
use super::{sort_indices, AggregateInfo, Pack, PackInfo};
use crate::dataset::{Dataset, Products};
use crate::date::format_day;
use crate::intern::Strings;
use crate::Error;

/// The sorted union of `names`, and for each list, its numbers in the union.
fn union(lists: &[&[String]]) -> (Vec<String>, Vec<Vec<u32>>) {
    let all: Vec<&String> = lists.iter().flat_map(|l| l.iter()).collect();
    let mut order: Vec<u32> = (0..all.len() as u32).collect();
    sort_indices(&mut order, &|a, b| all[a as usize].cmp(all[b as usize]));
    let mut names: Vec<String> = Vec::new();
    for i in order {
        if names.last() != Some(all[i as usize]) {
            names.push(all[i as usize].clone());
        }
    }
    let maps = lists
        .iter()
        .map(|l| l.iter().map(|n| names.partition_point(|m| m < n) as u32).collect())
        .collect();
    (names, maps)
}

/// A sum of counts read from packs (saturating: hostile counts never overflow).
fn total(counts: impl Iterator<Item = u64>) -> u64 {
    counts.fold(0, u64::saturating_add)
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
    let (mut fit, mut cube): (Vec<Item>, Vec<Item>) = (Vec::new(), Vec::new());
    for (k, a) in aggs.iter().enumerate() {
        fit.extend(a.fit.iter().map(fit_item));
        // A suppressed part leaves the sum suppressed (its active count stays negative).
        cube.extend(a.cube.iter().map(|c| {
            let channel = renumber(c.channel, &channel_maps[k]);
            cube_item(&super::aggregates::CubeCell {
                channel,
                product: renumber(c.product, &product_maps[k]),
                ..*c
            })
        }));
    }
    compact(&mut fit);
    compact(&mut cube);
    let (fit, cube) = (fit_of(&fit), cube_of(&cube));
    let merged = Aggregates {
        end: first.end,
        k: aggs.iter().map(|a| a.k).min().unwrap_or(1),
        customers: total(aggs.iter().map(|a| a.customers)),
        fit,
        fit_pooled: total(aggs.iter().map(|a| a.fit_pooled)),
        cube,
        cohort_pooled: total(aggs.iter().map(|a| a.cohort_pooled)),
        cohort_dropped: total(aggs.iter().map(|a| a.cohort_dropped)),
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
