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

//!
//! `first.rs` computes 初回購入商品別; this file holds the 商品マスタ and the shared types.

mod first;

pub(crate) use first::first_products;
pub use first::{FirstProductRow, FirstProducts, NextProduct, RowWindow};

use super::facts::CustomerFacts;
use crate::dataset::Dataset;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
mod tests;
