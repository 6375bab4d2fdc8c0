//! The tables of 初回購入商品別 as CSV files.

use super::{encoded, text, ExportEncoding, ExportFile, ExportLabels};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt::Write;

/// Which table of 初回購入商品別 to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, strum::EnumIter)]
#[serde(rename_all = "camelCase")]
pub enum ProductTable {
    /// By product.
    #[default]
    Product,
    /// By group.
    Group,
    /// By 区分.
    Kind,
    /// By acquisition channel.
    Channel,
    /// By the first purchase day's coupon code.
    Coupon,
}

/// What to export of 初回購入商品別 and how.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ProductExportOptions {
    /// Which table.
    pub table: ProductTable,
    /// File encoding.
    pub encoding: ExportEncoding,
    /// Header and names, in the page's language. Column ids: `product`, `group`, `kind`,
    /// `channel`, `coupon` (and `noCoupon`, the row of the customers without one),
    /// `newCustomers`, `f2Within` (its text may hold `{days}`), `annualCustomers`, `annualLtv`,
    /// `annualGrossProfitLtv`, `repeatCustomers`, `medianDaysToSecond`, `sameAgainRate`,
    /// `nextProducts`; 区分 names by code in `kinds`.
    pub labels: ExportLabels,
}

/// Writes one table of 初回購入商品別 as a CSV file: text cells (product, group and 区分 names,
/// the 2nd-purchase products as `name share lift` joined by ` / `) are neutralised against
/// formulas like every text cell here; rates are fractions (`0.25`), money plain numbers.
#[must_use]
pub fn export_first_products(
    fp: &crate::analysis::products::FirstProducts,
    opts: &ProductExportOptions,
) -> ExportFile {
    let labels = &opts.labels;
    let word = |id: &str| ExportLabels::word(&labels.columns, id).to_owned();
    let (rows, key_id) = match opts.table {
        ProductTable::Product => (&fp.by_product, "product"),
        ProductTable::Group => (&fp.by_group, "group"),
        ProductTable::Kind => (&fp.by_kind, "kind"),
        ProductTable::Channel => (&fp.by_channel, "channel"),
        ProductTable::Coupon => (&fp.by_coupon, "coupon"),
    };
    let gross = rows.iter().any(|r| r.annual_gross_profit_ltv.is_some());
    let windows: Vec<u32> =
        rows.first().map(|r| r.windows.iter().map(|w| w.days).collect()).unwrap_or_default();
    let mut header: Vec<String> = vec![word(key_id)];
    if opts.table == ProductTable::Product {
        header.push(word("kind"));
    }
    header.push(word("newCustomers"));
    for d in &windows {
        let w = labels
            .columns
            .get("f2Within")
            .map_or(format!("f2Within{d}"), |t| t.replace("{days}", &d.to_string()));
        header.push(w);
    }
    header.extend(["annualCustomers", "annualLtv"].map(word));
    if gross {
        header.push(word("annualGrossProfitLtv"));
    }
    header.extend(
        ["repeatCustomers", "medianDaysToSecond", "sameAgainRate", "nextProducts"].map(word),
    );
    let mut out = String::with_capacity(256 * (rows.len() + 1));
    for (k, h) in header.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        text(&mut out, h);
    }
    out.push_str("\r\n");
    let kind_word = |k: crate::analysis::products::Kind| {
        let code = crate::analysis::products::kind_code(k);
        ExportLabels::word(&labels.kinds, &code).to_owned()
    };
    for r in rows {
        let key = match (opts.table, r.kind) {
            (ProductTable::Kind, Some(k)) => kind_word(k),
            (ProductTable::Coupon, _) if r.key.is_empty() => word("noCoupon"),
            _ => r.key.clone(),
        };
        text(&mut out, &key);
        if opts.table == ProductTable::Product {
            out.push(',');
            text(&mut out, &r.kind.map(kind_word).unwrap_or_default());
        }
        let _ = write!(out, ",{}", r.customers);
        for d in &windows {
            out.push(',');
            if let Some(w) = r.windows.iter().find(|w| w.days == *d).filter(|w| w.eligible > 0) {
                let _ = write!(out, "{:.4}", w.f2_rate);
            }
        }
        let opt = |v: Option<Decimal>| v.map(|v| v.normalize().to_string()).unwrap_or_default();
        let _ = write!(out, ",{},{}", r.annual_customers, opt(r.annual_ltv));
        if gross {
            let _ = write!(out, ",{}", opt(r.annual_gross_profit_ltv));
        }
        let median = r.median_days_to_second.map(|m| m.to_string()).unwrap_or_default();
        let _ = write!(out, ",{},{median},{:.4},", r.repeat_customers, r.same_again_rate);
        let next: Vec<String> = r
            .next_products
            .iter()
            .map(|n| format!("{} {:.1}% ×{:.2}", n.name, n.share * 100.0, n.lift))
            .collect();
        text(&mut out, &next.join(" / "));
        out.push_str("\r\n");
    }
    encoded(out, opts.encoding, rows.len())
}
