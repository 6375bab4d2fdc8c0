//! Packs as an import: what the session reads of an imported file, the report included.

use super::{Aggregates, Pack, PackInfo};
use crate::import::summary_file::SummaryFile;
use crate::import::{FileKind, Import, ImportReport};
use crate::summary::TimeUnit;

impl Pack {
    /// The pack as an import (its customers keyed by their salted ids, without contact details)
    /// and what is known of it. An aggregates-only pack is a summary file of weighted rows (its
    /// weighted table, in weeks as the forecast's default) with no customer; its aggregates come back for the cohort view.
    #[must_use]
    pub fn into_import(self) -> (PackInfo, Import, Option<Aggregates>) {
        let mut report = pack_report(&self.info, &self.dataset);
        let summary_file = match &self.aggregates {
            Some(a) if !self.info.customer_rows => {
                let (rows, weights) = a.summaries(TimeUnit::Weeks);
                report.kind = FileKind::CustomerSummary;
                report.summary_unit = Some(TimeUnit::Weeks);
                report.customers = a.customers;
                report.last_day = Some(crate::date::format_day(a.end));
                Some(SummaryFile::weighted(rows, weights, TimeUnit::Weeks))
            }
            _ => None,
        };
        let import = Import { report, dataset: self.dataset, summary_file };
        (self.info, import, self.aggregates)
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
