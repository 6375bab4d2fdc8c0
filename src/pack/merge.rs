//! Packs of disjoint periods or customers → the pack of the union.

use super::{sort_indices, Pack, PackInfo};
use crate::dataset::{Dataset, Products, Purchase, NO_CHANNEL, NO_PRODUCT};
use crate::date::format_day;
use crate::intern::Strings;
use crate::money::Money;
use crate::Error;

/// Numbers for names, in first-seen order.
#[derive(Default)]
struct Names {
    names: Vec<String>,
    lookup: crate::intern::NameMap<u32>,
}

impl Names {
    fn id(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.lookup.get(name) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(name.to_owned());
        self.lookup.insert(name.to_owned(), i);
        i
    }
}

pub(super) fn merge(packs: Vec<Pack>) -> Result<Pack, Error> {
    let Some(first) = packs.first() else { return Err(Error::Empty) };
    if packs.len() == 1 {
        return packs.into_iter().next().ok_or(Error::Empty);
    }
    let base = first.info.clone();
    for p in &packs[1..] {
        let i = &p.info;
        let what = if i.salt_id != base.salt_id {
            Some("saltId")
        } else if i.currency != base.currency {
            Some("currency")
        } else if i.has_gross_profit != base.has_gross_profit {
            Some("grossProfit")
        } else {
            None
        };
        if let Some(what) = what {
            return Err(Error::PackMismatch { what });
        }
    }
    let with_rows = packs.iter().filter(|p| p.info.customer_rows).count();
    if with_rows == 0 {
        return super::agg_merge::merge(packs, base);
    }
    if with_rows != packs.len() {
        return Err(Error::PackMismatch { what: "customerRows" });
    }
    let has_channel = packs.iter().any(|p| p.info.has_channel);
    let has_products = packs.iter().any(|p| p.info.has_products);
    // Channel and product numbers of each pack in the union's.
    let (mut channels, mut products) = (Names::default(), Names::default());
    let channel_maps: Vec<Vec<u16>> = packs
        .iter()
        .map(|p| p.dataset.channels.iter().map(|n| channels.id(n) as u16).collect())
        .collect();
    let product_maps: Vec<Vec<u32>> = packs
        .iter()
        .map(|p| {
            let names = p.dataset.products.as_ref().map_or(&[][..], |x| x.names.as_slice());
            names.iter().map(|n| products.id(n)).collect()
        })
        .collect();
    if channels.names.len() >= usize::from(NO_CHANNEL) {
        return Err(Error::PackMismatch { what: "channels" });
    }
    // Every customer of every pack as one number (`offsets[k] + c`), by id, then pack.
    let mut offsets = vec![0u32];
    for p in &packs {
        let n = offsets.last().copied().unwrap_or(0);
        let more = u32::try_from(p.dataset.customers()).ok().and_then(|c| n.checked_add(c));
        offsets.push(more.ok_or(Error::PackMismatch { what: "customers" })?);
    }
    let split = |g: u32| {
        let k = offsets.partition_point(|&o| o <= g) - 1;
        (k as u32, g - offsets[k])
    };
    let key = |&(k, c): &(u32, u32)| packs[k as usize].dataset.raw_key(c as usize);
    let mut order: Vec<u32> = (0..offsets.last().copied().unwrap_or(0)).collect();
    sort_indices(&mut order, &|a, b| key(&split(a)).cmp(key(&split(b))).then(a.cmp(&b)));
    let all: Vec<(u32, u32)> = order.into_iter().map(split).collect();
    let mut keys = Strings::default();
    let mut purchases: Vec<Purchase> = Vec::new();
    let mut profit: Vec<Money> = Vec::new();
    let mut starts = vec![0u32];
    let mut channel_of = Vec::new();
    let (mut p_starts, mut p_ids, mut p_top) = (vec![0u32], Vec::new(), Vec::new());
    let (mut overlaps, mut overlap_day) = (0u64, None);
    let mut days: Vec<(i32, u32, u32, usize)> = Vec::new();
    let mut by_day: Vec<u32> = Vec::new();
    let mut i = 0;
    while i < all.len() {
        let mut j = i + 1;
        while j < all.len() && key(&all[j]) == key(&all[i]) {
            j += 1;
        }
        let customer = (starts.len() - 1) as u32;
        keys.push(key(&all[i]));
        // This customer's days in all packs, in day order.
        days.clear();
        let mut earliest: Option<(i32, u16)> = None;
        for &(k, c) in &all[i..j] {
            let ds = &packs[k as usize].dataset;
            let from = ds.starts[c as usize] as usize;
            for (n, p) in ds.purchases_of(c as usize).iter().enumerate() {
                days.push((p.day, k, c, from + n));
            }
            let first = ds.purchases_of(c as usize).iter().find(|p| p.orders > 0).map(|p| p.day);
            let ch = ds
                .channel_of
                .get(c as usize)
                .and_then(|&ch| channel_maps[k as usize].get(usize::from(ch)).copied())
                .unwrap_or(NO_CHANNEL);
            if let Some(d) = first {
                if earliest.is_none_or(|(e, _)| d < e) {
                    earliest = Some((d, ch));
                }
            }
        }
        by_day.clear();
        by_day.extend(0..days.len() as u32);
        sort_indices(&mut by_day, &|a, b| {
            days[a as usize].0.cmp(&days[b as usize].0).then(a.cmp(&b))
        });
        let collision = by_day.windows(2).find(|w| days[w[0] as usize].0 == days[w[1] as usize].0);
        if let Some(w) = collision {
            overlaps += 1;
            overlap_day.get_or_insert(days[w[0] as usize].0);
        }
        for &(_, k, _, at) in by_day.iter().map(|&i| &days[i as usize]) {
            let ds = &packs[k as usize].dataset;
            purchases.push(Purchase { customer, ..ds.purchases[at] });
            if let Some(v) = ds.profit.as_ref() {
                profit.push(v.get(at).copied().unwrap_or_default());
            }
            if has_products {
                let map = &product_maps[k as usize];
                let (ids, top) =
                    ds.products.as_ref().map_or((&[][..], None), |p| (p.of(at), p.top(at)));
                let from = p_ids.len();
                p_ids.extend(ids.iter().filter_map(|&i| map.get(i as usize).copied()));
                p_ids[from..].sort_unstable();
                p_starts.push(p_ids.len() as u32);
                p_top.push(top.and_then(|t| map.get(t as usize).copied()).unwrap_or(NO_PRODUCT));
            }
        }
        starts.push(purchases.len() as u32);
        if has_channel {
            channel_of.push(earliest.map_or(NO_CHANNEL, |(_, ch)| ch));
        }
        i = j;
    }
    if overlaps > 0 {
        let day = overlap_day.map(format_day).unwrap_or_default();
        return Err(Error::PackOverlap { customers: overlaps, day });
    }
    let info = PackInfo {
        has_channel,
        has_products,
        packs: packs.iter().map(|p| p.info.packs).sum(),
        // The customer rows give the aggregates again (written when asked for).
        version: super::VERSION_1,
        aggregates: None,
        ..base
    };
    let products =
        has_products.then(|| Products::from_parts(products.names, p_starts, p_ids, p_top));
    let dataset = Dataset::from_pack_parts(
        keys,
        purchases,
        info.has_gross_profit.then_some(profit),
        starts,
        if has_channel { channels.names } else { Vec::new() },
        channel_of,
        products,
    );
    Ok(Pack { info, dataset, aggregates: None })
}
