//! 商品マスタ and 初回購入商品別: which entry products make customers who stay.
//!
//! **商品マスタ** (`catalog`): the distinct products of the file (the product column's text,
//! a name or a code), each with a group and a 区分 ([`Kind`]). Both are guessed from the name
//! ([`guess_kind`], [`guess_group`]) and can be overridden per product
//! ([`ProductParams::overrides`]).
//!
//! **初回購入商品別** (`first_products`): per product of the customers' first purchase day (and
//! the same per group and per 区分), over the customers acquired with it:
//!
//! | figure | definition |
//! |---|---|
//! | 新規顧客 | customers whose first purchase day holds the product. By default every product of that day counts the customer once ([`FirstProductRule::AllLines`]); with [`FirstProductRule::TopLine`] only the day's highest-priced line counts (as ecforce does), where the lines carry prices (a line total or a unit price × quantity), else all the day's products. 除外 products (送料, 同梱物, …) never count. |
//! | F2 within N days | the F2 windows of [`super::measured`] ([`super::measured::window_outcome`]): a 2nd purchase day at most N − 1 days after the first, over the customers whose N-day window has ended by the analysis date |
//! | 年間LTV | the definition of [`super::measured`]: revenue (and gross profit) in the first purchase day and the 364 days after it, over the customers whose window has ended, ÷ those customers |
//! | 転換日数 (median) | days from the first to the second purchase day, median over the customers with a second purchase day (the mean of the middle two for an even count) |
//! | 同じ商品の再購入 | customers who bought the same product (group, 区分) on a later purchase day ÷ new customers |
//! | 2回目の商品 | the five products most often in the second purchase day: share = customers with the product in their 2nd purchase ÷ the row's customers with a 2nd purchase; lift = that share ÷ the same share over all customers with a 2nd purchase (above 1: bought after this entry product more than usual). 除外 products are left out. |
//!
//! Rows with fewer new customers than [`ProductParams::min_customers`] (default 10) are left out
//! (counted in [`FirstProducts::hidden_rows`]): their rates would be noise. Rows are sorted by new
//! customers, most first, then by name.

use super::facts::{CustomerFacts, Fixed};
use super::measured::window_outcome;
use super::share;
use crate::dataset::Dataset;

use crate::money::ratio;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// 区分 of a product.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::EnumIter,
)]
#[serde(rename_all = "camelCase")]
pub enum Kind {
    /// お試し: a trial set, a sample.
    Trial,
    /// 本品: the regular product.
    Main,
    /// 定期: a subscription course.
    Subscription,
    /// 除外: not a product (送料, 手数料, ラッピング, ギフト包装, 同梱物): left out of the views.
    Excluded,
}

/// Guesses a product's 区分 from its name, first rule that matches:
/// 1. 除外 when the name says 送料 (but not 送料無料, which is an offer), 手数料, ラッピング,
///    ギフト包装 or 同梱 (English: shipping, gift wrap);
/// 2. お試し when it says 【お試し】, お試し, トライアル or サンプル (trial, sample);
/// 3. 定期 when it says 定期 (subscription);
/// 4. otherwise 本品.
///
/// ```
/// use ltv::analysis::products::{guess_kind, Kind};
/// assert_eq!(guess_kind("【お試し】美容液 7日分"), Kind::Trial);
/// assert_eq!(guess_kind("送料無料 美容液 定期便"), Kind::Subscription);
/// assert_eq!(guess_kind("送料"), Kind::Excluded);
/// assert_eq!(guess_kind("美容液 30ml"), Kind::Main);
/// ```
#[must_use]
pub fn guess_kind(name: &str) -> Kind {
    let lower = name.to_lowercase().replace("送料無料", "");
    let has = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    if has(&["送料", "手数料", "ラッピング", "ギフト包装", "同梱", "shipping", "gift wrap"])
    {
        Kind::Excluded
    } else if has(&["お試し", "トライアル", "サンプル", "trial", "sample"]) {
        Kind::Trial
    } else if has(&["定期", "subscription"]) {
        Kind::Subscription
    } else {
        Kind::Main
    }
}

/// Guesses a product's group from its name: the name without bracketed tags (【…】, […], ［…］)
/// and surrounding spaces, so that 「【お試し】美容液」 and 「【定期】美容液」 are both 「美容液」;
/// the whole name when nothing else is left.
///
/// ```
/// use ltv::analysis::products::guess_group;
/// assert_eq!(guess_group("【お試し】美容液"), "美容液");
/// assert_eq!(guess_group("[NEW] Tea"), "Tea");
/// assert_eq!(guess_group("【送料】"), "【送料】");
/// ```
#[must_use]
pub fn guess_group(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut close: Option<char> = None;
    for ch in name.chars() {
        match (close, ch) {
            (Some(c), _) if ch == c => close = None,
            (Some(_), _) => {}
            (None, '【') => close = Some('】'),
            (None, '[') => close = Some(']'),
            (None, '［') => close = Some('］'),
            (None, _) => out.push(ch),
        }
    }
    let trimmed = out.trim();
    if trimmed.is_empty() {
        name.trim().to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// The shop's own 区分 and group of a product (either may be left to the guess).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ProductOverride {
    /// 区分, instead of the guess.
    pub kind: Option<Kind>,
    /// Group, instead of the guess.
    pub group: Option<String>,
}

/// Which products of the first purchase day a customer is counted under.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, strum::EnumIter)]
#[serde(rename_all = "camelCase")]
pub enum FirstProductRule {
    /// Every product of the first purchase day counts the customer once.
    #[default]
    AllLines,
    /// Only the highest-priced line (when the lines carry prices; else every product).
    TopLine,
}

/// What the product views can be told.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ProductParams {
    /// Rows with fewer new customers are left out; default 10.
    pub min_customers: u32,
    /// Which first-day products count.
    pub first_product: FirstProductRule,
    /// Per product name, the shop's 区分 and group.
    pub overrides: BTreeMap<String, ProductOverride>,
}

impl Default for ProductParams {
    fn default() -> Self {
        ProductParams {
            min_customers: 10,
            first_product: FirstProductRule::AllLines,
            overrides: BTreeMap::new(),
        }
    }
}

/// One product of the 商品マスタ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CatalogEntry {
    /// The product column's text (name or code).
    pub name: String,
    /// Group (the override, else [`guess_group`]).
    pub group: String,
    /// 区分 (the override, else [`guess_kind`]).
    pub kind: Kind,
    /// Whether the 区分 or the group comes from an override.
    pub overridden: bool,
    /// Purchase days (on or before the analysis date) holding the product.
    pub purchases: u64,
}

/// The 商品マスタ of the dataset (by product id); empty without a product column.
#[must_use]
pub(crate) fn catalog(
    ds: &Dataset,
    b: &CustomerFacts,
    params: &ProductParams,
) -> Vec<CatalogEntry> {
    let Some(products) = ds.products.as_ref() else { return Vec::new() };
    let mut purchases = vec![0u64; products.names.len()];
    for &c in &b.ids {
        for (k, p) in ds.purchases_of(c as usize).iter().enumerate() {
            if p.day > b.as_of {
                break;
            }
            for &id in ds.products_of(c as usize, k) {
                if let Some(n) = purchases.get_mut(id as usize) {
                    *n += 1;
                }
            }
        }
    }
    products
        .names
        .iter()
        .zip(purchases)
        .map(|(name, purchases)| {
            let o = params.overrides.get(name);
            CatalogEntry {
                name: name.clone(),
                group: o.and_then(|o| o.group.clone()).unwrap_or_else(|| guess_group(name)),
                kind: o.and_then(|o| o.kind).unwrap_or_else(|| guess_kind(name)),
                overridden: o.is_some_and(|o| o.kind.is_some() || o.group.is_some()),
                purchases,
            }
        })
        .collect()
}

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
    /// Rows left out (fewer new customers than the minimum), over the three tables.
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
    next: HashMap<u32, u64>,
}

/// One customer's first and second purchase, as the rows read them.
struct Customer<'a> {
    row: usize,
    second: Option<&'a [u32]>,
    days_to_second: Option<u32>,
}

impl Acc {
    fn add(&mut self, b: &CustomerFacts, windows: &[u32], c: &Customer<'_>, again: bool) {
        let i = c.row;
        self.customers += 1;
        self.eligible.resize(windows.len(), 0);
        self.f2.resize(windows.len(), 0);
        for (w, &days) in windows.iter().enumerate() {
            if let Some(two) = window_outcome(b.first[i], b.second[i], b.as_of, days) {
                self.eligible[w] += 1;
                self.f2[w] += u64::from(two);
            }
        }
        if b.year_complete(i) {
            self.annual += 1;
            self.annual_revenue += b.year_revenue[i];
            self.annual_profit += b.year_file_profit(i);
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
        next.sort_unstable_by(|a, b| {
            b.1.cmp(&a.1).then_with(|| base.names[a.0 as usize].cmp(&base.names[b.0 as usize]))
        });
        let next_products = next
            .into_iter()
            .take(5)
            .map(|(p, n)| {
                let s = share(n, repeat);
                let all = share(base.second.get(&p).copied().unwrap_or(0), base.repeaters);
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
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    let n = v.len();
    Some(if n % 2 == 1 {
        f64::from(v[n / 2])
    } else {
        (f64::from(v[n / 2 - 1]) + f64::from(v[n / 2])) / 2.0
    })
}

/// What every row compares itself with.
struct Base<'a> {
    names: &'a [String],
    kinds: Vec<Kind>,
    /// Per product, customers with it in their 2nd purchase day.
    second: HashMap<u32, u64>,
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
    let mut by_product: HashMap<u32, Acc> = HashMap::new();
    let mut by_group: HashMap<u32, Acc> = HashMap::new();
    let mut by_kind: BTreeMap<Kind, Acc> = BTreeMap::new();
    let mut base =
        Base { names: &products.names, kinds: Vec::new(), second: HashMap::new(), repeaters: 0 };
    let mut customers = 0u64;
    let (mut first_ids, mut groups, mut first_kinds) = (Vec::new(), Vec::new(), Vec::new());
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
        let later: Vec<usize> =
            second.into_iter().map(|(k, _)| k).chain(days.map(|(k, _)| k)).collect();
        first_ids.clear();
        let top = ds.top_product_of(c, kf).filter(|t| counted(t));
        match (params.first_product, top) {
            (FirstProductRule::TopLine, Some(t)) => first_ids.push(t),
            _ => first_ids.extend(ds.products_of(c, kf).iter().copied().filter(|p| counted(p))),
        }
        let second_products = second.map(|(k, _)| ds.products_of(c, k));
        if let Some(s) = second_products {
            base.repeaters += 1;
            for &p in s {
                *base.second.entry(p).or_default() += 1;
            }
        }
        if first_ids.is_empty() {
            continue;
        }
        customers += 1;
        let customer = Customer {
            row,
            second: second_products,
            days_to_second: second.map(|(_, d)| (d - first_day).max(0) as u32),
        };
        let bought_later = |hit: &dyn Fn(u32) -> bool| {
            later.iter().any(|&k| ds.products_of(c, k).iter().any(|&p| hit(p)))
        };
        for &p in &first_ids {
            let again = bought_later(&|q| q == p);
            by_product.entry(p).or_default().add(b, windows, &customer, again);
        }
        groups.clear();
        groups.extend(first_ids.iter().map(|&p| group_of[p as usize]));
        groups.sort_unstable();
        groups.dedup();
        for &g in &groups {
            let again = bought_later(&|q| group_of.get(q as usize) == Some(&g));
            by_group.entry(g).or_default().add(b, windows, &customer, again);
        }
        first_kinds.clear();
        first_kinds.extend(first_ids.iter().map(|&p| kinds[p as usize]));
        first_kinds.sort_unstable();
        first_kinds.dedup();
        for &k in &first_kinds {
            let again = bought_later(&|q| kinds.get(q as usize) == Some(&k));
            by_kind.entry(k).or_default().add(b, windows, &customer, again);
        }
    }
    base.kinds = kinds;
    let min = u64::from(params.min_customers);
    let mut hidden = 0u64;
    let mut finish = |rows: Vec<FirstProductRow>| {
        let (mut shown, left): (Vec<_>, Vec<_>) =
            rows.into_iter().partition(|r| r.customers >= min);
        hidden += left.len() as u64;
        shown.sort_by(|a, b| b.customers.cmp(&a.customers).then_with(|| a.key.cmp(&b.key)));
        shown
    };
    let by_product = finish(
        by_product
            .into_iter()
            .map(|(p, acc)| {
                let kind = base.kinds.get(p as usize).copied();
                acc.row(products.names[p as usize].clone(), kind, b, windows, &base)
            })
            .collect(),
    );
    let by_group = finish(
        by_group
            .into_iter()
            .map(|(g, acc)| acc.row(group_names[g as usize].clone(), None, b, windows, &base))
            .collect(),
    );
    let by_kind = finish(
        by_kind
            .into_iter()
            .map(|(k, acc)| acc.row(kind_code(k), Some(k), b, windows, &base))
            .collect(),
    );
    // Listed most purchased first, ties by name: an order of the data, not of the file (a pack
    // or a merge of packs does not keep the order products were first seen in).
    let mut catalog = catalog;
    catalog.sort_by(|a, b| b.purchases.cmp(&a.purchases).then_with(|| a.name.cmp(&b.name)));
    Some(FirstProducts {
        catalog,
        rule: params.first_product,
        min_customers: params.min_customers,
        customers,
        by_product,
        by_group,
        by_kind,
        hidden_rows: hidden,
    })
}

/// The code of a 区分 as serialised (`trial`, `main`, `subscription`, `excluded`).
pub(crate) fn kind_code(k: Kind) -> String {
    match k {
        Kind::Trial => "trial",
        Kind::Main => "main",
        Kind::Subscription => "subscription",
        Kind::Excluded => "excluded",
    }
    .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testing::{d, data};
    use crate::analysis::{analyze, AnalysisParams};

    /// A small shop worked by hand (tests/fixtures/orders_first_products.csv), analysed on
    /// 2025-12-31. Products per first purchase day (送料 is 除外 and never counts):
    /// A 2024-01-10 {【お試し】美容液, 送料}, 2nd 01-24 (+14) {美容液}, 3rd 03-01 {美容液};
    /// B 2024-01-15 {【お試し】美容液}, no 2nd; C 2024-02-01 {【お試し】美容液, 化粧水}, 2nd 05-01
    /// (+90) {化粧水}; D 2024-03-01 {美容液}, 2nd 03-31 (+30) {【定期】美容液}; E 2025-12-01
    /// {【お試し】美容液}, no 2nd; F 2024-06-01 {化粧水}, 2nd 2025-07-01 (+395) {化粧水}.
    const SHOP: &str = include_str!("../../tests/fixtures/orders_first_products.csv");

    fn params(rule: FirstProductRule, min: u32) -> AnalysisParams {
        AnalysisParams {
            analysis_date: Some("2025-12-31".into()),
            products: ProductParams {
                min_customers: min,
                first_product: rule,
                ..Default::default()
            },
            ..AnalysisParams::default()
        }
    }

    fn view(rule: FirstProductRule, min: u32) -> FirstProducts {
        analyze(&data(SHOP), &params(rule, min)).unwrap().products.unwrap()
    }

    fn row<'a>(rows: &'a [FirstProductRow], key: &str) -> &'a FirstProductRow {
        rows.iter().find(|r| r.key == key).unwrap()
    }

    fn f2(r: &FirstProductRow) -> Vec<(u32, u64, u64)> {
        r.windows.iter().map(|w| (w.days, w.eligible, w.f2_customers)).collect()
    }

    fn next(r: &FirstProductRow) -> Vec<(&str, u64, f64, f64)> {
        r.next_products.iter().map(|n| (n.name.as_str(), n.customers, n.share, n.lift)).collect()
    }

    #[test]
    fn kinds_are_guessed_from_the_name_first_rule_first() {
        let cases = [
            ("【お試し】美容液", Kind::Trial),
            ("美容液 トライアルセット", Kind::Trial),
            ("無料サンプル", Kind::Trial),
            ("Trial kit", Kind::Trial),
            ("【定期】美容液", Kind::Subscription),
            ("送料無料 美容液 定期便", Kind::Subscription),
            ("送料", Kind::Excluded),
            ("代引き手数料", Kind::Excluded),
            ("ギフト包装", Kind::Excluded),
            ("同梱チラシ", Kind::Excluded),
            ("お試し送料", Kind::Excluded),
            ("美容液 30ml", Kind::Main),
        ];
        for (name, kind) in cases {
            assert_eq!(guess_kind(name), kind, "{name}");
        }
    }

    #[test]
    fn the_catalog_lists_each_product_with_its_group_kind_and_purchase_days() {
        let mut p = params(FirstProductRule::AllLines, 1);
        p.products.overrides.insert(
            "化粧水".into(),
            ProductOverride { kind: Some(Kind::Subscription), group: None },
        );
        let v = analyze(&data(SHOP), &p).unwrap().products.unwrap();
        let got: Vec<(&str, &str, Kind, bool, u64)> = v
            .catalog
            .iter()
            .map(|e| (e.name.as_str(), e.group.as_str(), e.kind, e.overridden, e.purchases))
            .collect();
        assert_eq!(
            got,
            [
                // Purchase days: A1 B1 C1 E1; C1 C2 F1 F2; A2 A3 D1; D2; A1. Most purchased
                // first, ties by name.
                ("【お試し】美容液", "美容液", Kind::Trial, false, 4),
                ("化粧水", "化粧水", Kind::Subscription, true, 4),
                ("美容液", "美容液", Kind::Main, false, 3),
                ("【定期】美容液", "美容液", Kind::Subscription, false, 1),
                ("送料", "送料", Kind::Excluded, false, 1),
            ]
        );
    }

    #[test]
    fn first_products_count_every_line_of_the_first_day_by_default() {
        let v = view(FirstProductRule::AllLines, 1);
        // A, B, C, E by the trial; C and F by 化粧水; D by 美容液. 送料 has no row.
        let keys: Vec<(&str, u64)> =
            v.by_product.iter().map(|r| (r.key.as_str(), r.customers)).collect();
        assert_eq!(keys, [("【お試し】美容液", 4), ("化粧水", 2), ("美容液", 1)]);
        assert_eq!(v.customers, 6);

        let trial = row(&v.by_product, "【お試し】美容液");
        // 30 days: E (12-01 + 29 = 12-30) is eligible too, only A (+14) converts; 60 days and
        // more: A, B, C; C (+90) is in from 180 days on.
        assert_eq!(f2(trial), [(30, 4, 1), (60, 3, 1), (90, 3, 1), (180, 3, 2), (365, 3, 2)]);
        assert_eq!(trial.windows[0].f2_rate, 0.25);
        // 年間: A 980 + 500 + 3,000 + 3,000 = 7,480; B 980; C 980 + 1,500 + 1,500 = 3,980;
        // 12,440 ÷ 3 = 4,146.67. Gross profit (原価 column): A 380 + 2,000 + 2,000 = 4,380;
        // B 380; C 1,380 + 1,000 = 2,380; 7,140 ÷ 3 = 2,380.
        assert_eq!(trial.annual_customers, 3);
        assert_eq!(trial.annual_ltv, Some(d("4146.67")));
        assert_eq!(trial.annual_gross_profit_ltv, Some(d("2380")));
        // 転換日数 14 and 90 → 52; nobody bought the trial again.
        assert_eq!((trial.repeat_customers, trial.median_days_to_second), (2, Some(52.0)));
        assert_eq!((trial.same_again_customers, trial.same_again_rate), (0, 0.0));
        // 2nd purchases: A 美容液, C 化粧水 (½ each). Over all four repeaters (A 美容液, C 化粧水,
        // D 【定期】美容液, F 化粧水): 美容液 ¼ → lift 2; 化粧水 ½ → lift 1.
        assert_eq!(next(trial), [("化粧水", 1, 0.5, 1.0), ("美容液", 1, 0.5, 2.0)]);

        let lotion = row(&v.by_product, "化粧水");
        // C +90, F +395: F never within 365 days.
        assert_eq!(f2(lotion), [(30, 2, 0), (60, 2, 0), (90, 2, 0), (180, 2, 1), (365, 2, 1)]);
        // 年間: C 3,980 + F 1,500 (the 2025-07-01 order is past F's window) = 5,480 ÷ 2;
        // gross 2,380 + 1,000 = 3,380 ÷ 2.
        assert_eq!(lotion.annual_ltv, Some(d("2740")));
        assert_eq!(lotion.annual_gross_profit_ltv, Some(d("1690")));
        assert_eq!(lotion.median_days_to_second, Some(242.5)); // (90 + 395) ÷ 2
        assert_eq!((lotion.same_again_customers, lotion.same_again_rate), (2, 1.0));
        assert_eq!(next(lotion), [("化粧水", 2, 1.0, 2.0)]);

        let serum = row(&v.by_product, "美容液");
        // D +30: not within 30 days (day 30 is the 31st day), within 60.
        assert_eq!(f2(serum), [(30, 1, 0), (60, 1, 1), (90, 1, 1), (180, 1, 1), (365, 1, 1)]);
        assert_eq!(serum.annual_ltv, Some(d("5700"))); // 3,000 + 2,700
        assert_eq!(serum.annual_gross_profit_ltv, Some(d("3700"))); // 2,000 + 1,700
        assert_eq!(serum.same_again_customers, 0, "【定期】美容液 is another product");
        assert_eq!(next(serum), [("【定期】美容液", 1, 1.0, 4.0)]);
    }

    #[test]
    fn groups_and_kinds_count_a_customer_once() {
        let v = view(FirstProductRule::AllLines, 1);
        // Group 美容液: the trial's A, B, C, E and D; again later in the group: A (美容液), D
        // (【定期】美容液).
        let serum = row(&v.by_group, "美容液");
        assert_eq!(
            (serum.customers, serum.same_again_customers, serum.same_again_rate),
            (5, 2, 0.4)
        );
        assert_eq!(row(&v.by_group, "化粧水").customers, 2);
        assert!(v.by_group.iter().all(|r| r.key != "送料"));
        // 区分: お試し A, B, C, E; 本品 C (化粧水), D, F. 本品 again: C and F (化粧水), not D
        // (定期 is another 区分).
        let keys: Vec<(&str, u64)> =
            v.by_kind.iter().map(|r| (r.key.as_str(), r.customers)).collect();
        assert_eq!(keys, [("trial", 4), ("main", 3)]);
        let main = row(&v.by_kind, "main");
        assert_eq!(main.same_again_customers, 2);
        // F2 within 60: D only; within 365: C and D. 年間: 3,980 + 5,700 + 1,500 = 11,180 ÷ 3.
        assert_eq!(f2(main)[1], (60, 3, 1));
        assert_eq!(f2(main)[4], (365, 3, 2));
        assert_eq!(main.annual_ltv, Some(d("3726.67")));
        assert_eq!(main.median_days_to_second, Some(90.0)); // 30, 90, 395
    }

    #[test]
    fn the_top_line_rule_counts_only_the_highest_priced_line() {
        // C's first day: the trial 980 < 化粧水 1,500 → C counts under 化粧水 only. A's: the
        // trial 980 > 送料 500.
        let v = view(FirstProductRule::TopLine, 1);
        let keys: Vec<(&str, u64)> =
            v.by_product.iter().map(|r| (r.key.as_str(), r.customers)).collect();
        assert_eq!(keys, [("【お試し】美容液", 3), ("化粧水", 2), ("美容液", 1)]);
        let trial = row(&v.by_product, "【お試し】美容液");
        // A, B, E: 年間 over A and B: (7,480 + 980) ÷ 2.
        assert_eq!(trial.annual_ltv, Some(d("4230")));
    }

    #[test]
    fn rows_under_the_minimum_are_hidden_and_counted() {
        // Minimum 2: 美容液 (1) hidden among products; no group or 区分 row is under 2.
        let v = view(FirstProductRule::AllLines, 2);
        assert_eq!(v.by_product.len(), 2);
        assert_eq!(v.hidden_rows, 1);
        // The default minimum of 10 hides every row of this small shop (3 + 2 + 2).
        let v = view(FirstProductRule::AllLines, 10);
        assert!(v.by_product.is_empty() && v.by_group.is_empty() && v.by_kind.is_empty());
        assert_eq!(v.hidden_rows, 7);
    }

    #[test]
    fn the_csv_of_a_table_neutralises_product_names_and_writes_exact_figures() {
        use crate::analysis::export::{
            export_first_products, ExportEncoding, ProductExportOptions, ProductTable,
        };
        let csv = "customer,date,amount,product\nA,2024-01-01,100,=HYPERLINK(1)\n\
                   A,2024-01-05,50,Tea\nB,2024-01-02,100,=HYPERLINK(1)\n";
        let p = AnalysisParams {
            products: ProductParams { min_customers: 1, ..Default::default() },
            ..AnalysisParams::default()
        };
        let v = analyze(&data(csv), &p).unwrap().products.unwrap();
        let mut opts = ProductExportOptions {
            table: ProductTable::Product,
            encoding: ExportEncoding::Utf8,
            ..Default::default()
        };
        opts.labels.columns.insert("f2Within".into(), "F2 {days}日".into());
        opts.labels.kinds.insert("main".into(), "本品".into());
        let file = export_first_products(&v, &opts);
        let text = String::from_utf8(file.bytes).unwrap();
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(
            lines[0],
            "product,kind,newCustomers,F2 30日,F2 60日,F2 90日,F2 180日,F2 365日,\
             annualCustomers,annualLtv,repeatCustomers,medianDaysToSecond,sameAgainRate,nextProducts"
        );
        // Analysed on 2024-01-05: the 30-day window of A (01-01) has not ended (no rate);
        // A's 2nd purchase was 4 days later (Tea).
        assert_eq!(lines[1], "'=HYPERLINK(1),本品,2,,,,,,0,,1,4,0.0000,Tea 100.0% ×1.00");
        assert_eq!(file.rows, 1);
    }

    #[test]
    fn no_product_column_means_no_product_view() {
        let ds = data("customer_id,order_date,amount\nA,2024-01-05,1000\n");
        assert!(analyze(&ds, &AnalysisParams::default()).unwrap().products.is_none());
    }
}
