//! Packs as an import: what the session reads of an imported file, the report included.

use super::{Pack, PackInfo};
use crate::import::{Import, ImportReport};

impl Pack {
    /// The pack as an import (its customers keyed by their salted ids, without contact details)
    /// and what is known of it.
    #[must_use]
    pub fn into_import(self) -> (PackInfo, Import) {
        let report = pack_report(&self.info, &self.dataset);
        (self.info, Import { report, dataset: self.dataset, summary_file: None })
    }
}

/// The import report of packs: what the page's import check and dashboard read (kind, currency,
/// customers, period); the rest as for a file read without issues.
fn pack_report(info: &PackInfo, ds: &crate::dataset::Dataset) -> ImportReport {
    use crate::import::columns::{role_list, AmountKind};
    use crate::import::{Counts, CurrencyBasis, CustomerKey, FileKind};
    let orders = ds.purchases.iter().map(|p| u64::from(p.orders)).sum();
    let mut report = ImportReport {
        subscription: None,
        kind: FileKind::Orders,
        summary_unit: None,
        encoding: crate::encoding::TextEncoding::Utf8,
        encoding_detected: true,
        delimiter: ",".into(),
        header_line: 1,
        no_header: false,
        header_looks_like_data: false,
        header: crate::pack::COLUMNS.iter().map(|c| (*c).to_owned()).collect(),
        mapping: Default::default(),
        roles: role_list(),
        summary_mapping: None,
        amount_kind: AmountKind::OrderTotal,
        amount_adjustments: Vec::new(),
        customer_key: CustomerKey::CustomerId,
        sample: Vec::new(),
        counts: Counts { rows: ds.customers() as u64, orders, ..Counts::default() },
        customers: 0,
        first_day: None,
        last_day: None,
        currency: info.currency.clone(),
        currency_assumed: false,
        currency_basis: CurrencyBasis::Column,
        mojibake: false,
        day_order: None,
        day_order_assumed: false,
        day_order_conflict: false,
        statuses: Vec::new(),
        merged_repeats: 0,
        refund_only_customers: 0,
        merged_customers: 0,
        files: Vec::new(),
    };
    report.set_dataset_figures(ds);
    report
}
