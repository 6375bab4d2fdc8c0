//! 初回購入商品別: the rows by product, group and 区分 (see the module doc of [`super`]).

use super::{catalog, kind_code, CatalogEntry, FirstProductRule, Kind, ProductParams};
use crate::analysis::facts::{CustomerFacts, Fixed};
use crate::analysis::measured::window_outcome;
use crate::analysis::{middle_pair, share};
use crate::dataset::{Dataset, NO_CHANNEL, NO_COUPON};
use crate::intern::IdMap;
use crate::money::ratio;
use crate::order::sort_rows;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::HashMap;
use strum::IntoEnumIterator;

/// F2 within a window, for one row.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RowWindow {
    /// Window length in days.
    pub days: u32,
    /// New customers whose window has ended.
    pub eligible: u64,
    /// Of those, customers with a 2nd purchase day within the window.
    pub f2_customers: u64,
    /// f2_customers ÷ eligible.
    pub f2_rate: f64,
}

/// A product most often bought in the second purchase.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NextProduct {
    /// Product name.
    pub name: String,
    /// The row's customers with it in their 2nd purchase day.
    pub customers: u64,
    /// customers ÷ the row's customers with a 2nd purchase day.
    pub share: f64,
    /// share ÷ the same share over all customers with a 2nd purchase day.
    pub lift: f64,
}

/// One row of 初回購入商品別.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FirstProductRow {
    /// The product name, the group, or the 区分 code.
    pub key: String,
    /// 区分 of the product (product rows only).
    pub kind: Option<Kind>,
    /// New customers.
    pub customers: u64,
    /// F2 within each window.
    pub windows: Vec<RowWindow>,
    /// Customers whose 年間LTV window has ended.
    pub annual_customers: u64,
    /// 年間LTV on revenue, over `annual_customers` (`None` when there are none).
    pub annual_ltv: Option<Decimal>,
    /// 年間LTV on gross profit, when gross profit is known.
    pub annual_gross_profit_ltv: Option<Decimal>,
    /// Customers with a 2nd purchase day (to the analysis date).
    pub repeat_customers: u64,
    /// Median days from the first to the second purchase day.
    pub median_days_to_second: Option<f64>,
    /// Customers who bought the same product (group, 区分) on a later purchase day.
    pub same_again_customers: u64,
    /// same_again_customers ÷ customers.
    pub same_again_rate: f64,
    /// The five products most often in the 2nd purchase day.
    pub next_products: Vec<NextProduct>,
}

/// 初回購入商品別, by product, by group and by 区分.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FirstProducts {
    /// The 商品マスタ.
    pub catalog: Vec<CatalogEntry>,
    /// The rule used.
    pub rule: FirstProductRule,
    /// The minimum of new customers for a row.
    pub min_customers: u32,
    /// New customers with at least one counted first-day product.
    pub customers: u64,
    /// By product.
    pub by_product: Vec<FirstProductRow>,
    /// By group.
    pub by_group: Vec<FirstProductRow>,
    /// By 区分.
    pub by_kind: Vec<FirstProductRow>,
    /// By acquisition channel (the channel of the first order), over the same new customers;
    /// empty without a channel column. 同じ商品の再購入 is a later purchase of any of the
    /// customer's first products.
    pub by_channel: Vec<FirstProductRow>,
    /// By the coupon or discount code of the first purchase day, over the same new customers;
    /// the customers with no code that day are one row whose key is empty (クーポンなし). Empty
    /// without a coupon column; 同じ商品の再購入 as in `by_channel`.
    pub by_coupon: Vec<FirstProductRow>,
    /// Rows left out (fewer new customers than the minimum), over the tables.
    pub hidden_rows: u64,
}

/// Sums of one row while the customers are walked.
#[derive(Debug, Default, Clone)]
struct Acc {
    customers: u64,
    eligible: Vec<u64>,
    f2: Vec<u64>,
    annual: u64,
    annual_revenue: Fixed,
    annual_profit: Fixed,
    days_to_second: Vec<u32>,
    same_again: u64,
    next: IdMap<u64>,
}

/// What one customer adds to every row they are in, worked out once per customer.
#[derive(Default)]
struct Customer<'a> {
    /// Per window: `None` while it is open, else whether a 2nd purchase day fell in it.
    windows: Vec<Option<bool>>,
    /// Revenue and gross profit of the first 365 days, when that year has ended.
    annual: Option<(Fixed, Fixed)>,
    second: Option<&'a [u32]>,
    days_to_second: Option<u32>,
}

impl Acc {
    /// A row of `windows` F2 windows.
    fn new(windows: usize) -> Acc {
        Acc { eligible: vec![0; windows], f2: vec![0; windows], ..Acc::default() }
    }

    fn add(&mut self, c: &Customer<'_>, again: bool) {
        self.customers += 1;
        for ((eligible, f2), outcome) in self.eligible.iter_mut().zip(&mut self.f2).zip(&c.windows)
        {
            if let Some(two) = *outcome {
                *eligible += 1;
                *f2 += u64::from(two);
            }
        }
        if let Some((revenue, profit)) = c.annual {
            self.annual += 1;
            self.annual_revenue += revenue;
            self.annual_profit += profit;
        }
        if let Some(d) = c.days_to_second {
            self.days_to_second.push(d);
        }
        if let Some(second) = c.second {
            for &p in second {
                *self.next.entry(p).or_default() += 1;
            }
        }
        self.same_again += u64::from(again);
    }

    fn row(
        mut self,
        key: String,
        kind: Option<Kind>,
        b: &CustomerFacts,
        windows: &[u32],
        base: &Base<'_>,
    ) -> FirstProductRow {
        let repeat = self.days_to_second.len() as u64;
        let per = |x: Decimal| ratio(x, Decimal::from(self.annual));
        let annual_ltv = (self.annual > 0).then(|| per(b.money(self.annual_revenue)));
        let annual_gross =
            b.gross(self.annual_revenue, self.annual_profit).filter(|_| self.annual > 0).map(per);
        let mut next: Vec<(u32, u64)> = self
            .next
            .iter()
            .map(|(&p, &n)| (p, n))
            .filter(|&(p, _)| base.kinds.get(p as usize) != Some(&Kind::Excluded))
            .collect();
        sort_rows(&mut next, &|a, b| {
            b.1.cmp(&a.1).then_with(|| base.names[a.0 as usize].cmp(&base.names[b.0 as usize]))
        });
        let next_products = next
            .into_iter()
            .take(5)
            .map(|(p, n)| {
                let s = share(n, repeat);
                let all = share(base.second.get(p as usize).copied().unwrap_or(0), base.repeaters);
                NextProduct {
                    name: base.names[p as usize].clone(),
                    customers: n,
                    share: s,
                    lift: if all > 0.0 { s / all } else { 0.0 },
                }
            })
            .collect();
        FirstProductRow {
            key,
            kind,
            customers: self.customers,
            windows: windows
                .iter()
                .enumerate()
                .map(|(w, &days)| {
                    let (e, f) = (
                        self.eligible.get(w).copied().unwrap_or(0),
                        self.f2.get(w).copied().unwrap_or(0),
                    );
                    RowWindow { days, eligible: e, f2_customers: f, f2_rate: share(f, e) }
                })
                .collect(),
            annual_customers: self.annual,
            annual_ltv,
            annual_gross_profit_ltv: annual_gross,
            repeat_customers: repeat,
            median_days_to_second: median(&mut self.days_to_second),
            same_again_customers: self.same_again,
            same_again_rate: share(self.same_again, self.customers),
            next_products,
        }
    }
}

/// The median of `v` (the mean of the middle two for an even count); `None` when empty.
fn median(v: &mut [u32]) -> Option<f64> {
    middle_pair(v).map(|(lower, upper)| (f64::from(lower) + f64::from(upper)) / 2.0)
}

/// What every row compares itself with.
struct Base<'a> {
    names: &'a [String],
    kinds: Vec<Kind>,
    /// Per product, customers with it in their 2nd purchase day.
    second: Vec<u64>,
    /// Customers with a 2nd purchase day.
    repeaters: u64,
}

/// 初回購入商品別 (with the 商品マスタ); `None` without a product column.
#[must_use]
pub(crate) fn first_products(
    ds: &Dataset,
    b: &CustomerFacts,
    params: &ProductParams,
    windows: &[u32],
) -> Option<FirstProducts> {
    let products = ds.products.as_ref()?;
    let catalog = catalog(ds, b, params);
    let kinds: Vec<Kind> = catalog.iter().map(|e| e.kind).collect();
    let mut group_ids: HashMap<&str, u32> = HashMap::new();
    let mut group_names: Vec<String> = Vec::new();
    let group_of: Vec<u32> = catalog
        .iter()
        .map(|e| {
            *group_ids.entry(e.group.as_str()).or_insert_with(|| {
                group_names.push(e.group.clone());
                (group_names.len() - 1) as u32
            })
        })
        .collect();
    let counted = |id: &u32| kinds.get(*id as usize).is_some_and(|k| *k != Kind::Excluded);
    // Rows by id: products, groups, channels and coupons are numbered densely, 区分 by its
    // place in the enum (the customers who have no coupon in the last row).
    let rows = |n: usize| vec![Acc::new(windows.len()); n];
    let (mut by_product, mut by_group) = (rows(products.names.len()), rows(group_names.len()));
    let mut by_kind = rows(Kind::iter().count());
    let mut by_channel = rows(ds.channels.len());
    let coupon_names = ds.coupons.as_ref().map_or(&[][..], |c| c.names.as_slice());
    let mut by_coupon = rows(coupon_names.len() + 1);
    let mut base = Base {
        names: &products.names,
        kinds: Vec::new(),
        second: vec![0; products.names.len()],
        repeaters: 0,
    };
    let mut customers = 0u64;
    let (mut first_ids, mut groups, mut first_kinds) = (Vec::new(), Vec::new(), Vec::new());
    let mut customer = Customer::default();
    // Per product, group and 区分: the last customer (a number of this walk) who bought it on a
    // later purchase day, and who had it among their first products (marks instead of a sorted
    // list per customer).
    let mut stamp = 0u32;
    let mut later = vec![0u32; products.names.len()];
    let (mut later_group, mut first_group) =
        (vec![0u32; group_names.len()], vec![0u32; group_names.len()]);
    let (mut later_kind, mut first_kind) = (vec![0u32; by_kind.len()], vec![0u32; by_kind.len()]);
    for (row, &c) in b.ids.iter().enumerate() {
        let c = c as usize;
        let purchases = ds.purchases_of(c);
        // Purchase days with an order, on or before the analysis date.
        let mut days = purchases
            .iter()
            .enumerate()
            .take_while(|(_, p)| p.day <= b.as_of)
            .filter(|(_, p)| p.orders > 0)
            .map(|(k, p)| (k, p.day));
        let Some((kf, first_day)) = days.next() else { continue };
        let second = days.next();
        let second_products = second.map(|(k, _)| ds.products_of(c, k));
        if let Some(s) = second_products {
            base.repeaters += 1;
            for &p in s {
                if let Some(n) = base.second.get_mut(p as usize) {
                    *n += 1;
                }
            }
        }
        first_ids.clear();
        let top = ds.top_product_of(c, kf).filter(|t| counted(t));
        match (params.first_product, top) {
            (FirstProductRule::TopLine, Some(t)) => first_ids.push(t),
            _ => first_ids.extend(ds.products_of(c, kf).iter().copied().filter(|p| counted(p))),
        }
        if first_ids.is_empty() {
            continue;
        }
        customers += 1;
        // Every product of the later purchase days, its group and 区分 (excluded products too: a
        // group is bought again through any of its products).
        stamp += 1;
        for (k, _) in second.into_iter().chain(days) {
            for &q in ds.products_of(c, k) {
                let q = q as usize;
                if let (Some(p), Some(&g), Some(&kind)) =
                    (later.get_mut(q), group_of.get(q), kinds.get(q))
                {
                    *p = stamp;
                    later_group[g as usize] = stamp;
                    later_kind[kind as usize] = stamp;
                }
            }
        }
        customer.windows.clear();
        customer.windows.extend(
            windows.iter().map(|&w| window_outcome(b.first[row], b.second[row], b.as_of, w)),
        );
        customer.annual = b
            .year_complete(row)
            .then(|| (Fixed::from(b.year_revenue[row]), b.year_file_profit(row)));
        customer.second = second_products;
        customer.days_to_second = second.map(|(_, d)| (d - first_day).max(0) as u32);
        let bought_later = |p: &u32| later.get(*p as usize) == Some(&stamp);
        for &p in &first_ids {
            if let Some(acc) = by_product.get_mut(p as usize) {
                acc.add(&customer, bought_later(&p));
            }
        }
        // The customer's groups and 区分, each once.
        groups.clear();
        first_kinds.clear();
        for &p in &first_ids {
            let (g, k) = (group_of[p as usize] as usize, kinds[p as usize] as usize);
            if std::mem::replace(&mut first_group[g], stamp) != stamp {
                groups.push(g);
            }
            if std::mem::replace(&mut first_kind[k], stamp) != stamp {
                first_kinds.push(k);
            }
        }
        for &g in &groups {
            by_group[g].add(&customer, later_group[g] == stamp);
        }
        for &k in &first_kinds {
            by_kind[k].add(&customer, later_kind[k] == stamp);
        }
        // By channel and by coupon, 同じ商品の再購入 is a later purchase of any first product.
        let any_again = first_ids.iter().any(bought_later);
        let ch = ds.channel_of.get(c).copied().unwrap_or(NO_CHANNEL);
        if let Some(acc) = by_channel.get_mut(usize::from(ch)) {
            acc.add(&customer, any_again);
        }
        if let Some(coupons) = ds.coupons.as_ref() {
            let code = coupons.of.get(c).copied().unwrap_or(NO_COUPON);
            let at = usize::from(code).min(coupon_names.len());
            by_coupon[at].add(&customer, any_again);
        }
    }
    base.kinds = kinds;
    let min = u64::from(params.min_customers);
    let mut hidden = 0u64;
    let mut finish = |rows: Vec<FirstProductRow>| {
        let (mut shown, left): (Vec<_>, Vec<_>) =
            rows.into_iter().partition(|r| r.customers >= min);
        hidden += left.len() as u64;
        sort_rows(&mut shown, &|a, b| b.customers.cmp(&a.customers).then(a.key.cmp(&b.key)));
        shown
    };
    let by_product = finish(
        by_product
            .into_iter()
            .enumerate()
            .filter(|(_, acc)| acc.customers > 0)
            .map(|(p, acc)| {
                let kind = base.kinds.get(p).copied();
                acc.row(products.names[p].clone(), kind, b, windows, &base)
            })
            .collect(),
    );
    let by_group = finish(
        by_group
            .into_iter()
            .enumerate()
            .filter(|(_, acc)| acc.customers > 0)
            .map(|(g, acc)| acc.row(group_names[g].clone(), None, b, windows, &base))
            .collect(),
    );
    let by_kind = finish(
        Kind::iter()
            .zip(by_kind)
            .filter(|(_, acc)| acc.customers > 0)
            .map(|(k, acc)| acc.row(kind_code(k), Some(k), b, windows, &base))
            .collect(),
    );
    let by_channel = finish(
        ds.channels
            .iter()
            .zip(by_channel)
            .filter(|(_, acc)| acc.customers > 0)
            .map(|(name, acc)| acc.row(name.clone(), None, b, windows, &base))
            .collect(),
    );
    let by_coupon = finish(
        coupon_names
            .iter()
            .chain([&String::new()])
            .zip(by_coupon)
            .filter(|(_, acc)| acc.customers > 0)
            .map(|(name, acc)| acc.row(name.clone(), None, b, windows, &base))
            .collect(),
    );
    // Listed most purchased first, ties by name: an order of the data, not of the file (a pack
    // or a merge of packs does not keep the order products were first seen in).
    let mut catalog = catalog;
    sort_rows(&mut catalog, &|a, b| b.purchases.cmp(&a.purchases).then(a.name.cmp(&b.name)));
    Some(FirstProducts {
        catalog,
        rule: params.first_product,
        min_customers: params.min_customers,
        customers,
        by_product,
        by_group,
        by_kind,
        by_channel,
        by_coupon,
        hidden_rows: hidden,
    })
}
