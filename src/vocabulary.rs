//! Every code the core hands to the page for translation, by family (the enums the page never
//! words, such as a CPM group's stage, are left out): the page's i18n tables
//! must have a message for each (tests/e2e/i18n.test.mjs reads this list from
//! `examples/vocabulary.rs`, so a new issue kind or segment cannot ship untranslated).
//!
//! The lists come from the enums themselves ([`strum::EnumIter`]), never from hand-kept copies.

use crate::analysis::channels::Verdict;
use crate::analysis::cohorts::CohortPeriod;
use crate::analysis::cpm::CpmGroup;
use crate::analysis::export::{
    ExportEncoding, ProductTable, ViewTable, COLUMNS, SUBSCRIPTION_COLUMNS,
};
use crate::analysis::levers::Lever;
use crate::analysis::products::{FirstProductRule, Kind};
use crate::analysis::rfm::{Action, ScoreMethod, Segment};
use crate::analysis::status::{ActionList, Status};
use crate::analysis::subscription::{SubscriptionList, SubscriptionRule};
use crate::date::DayOrder;
use crate::encoding::TextEncoding;
use crate::error::{Error, LooksLike};
use crate::import::columns::{AmountKind, Role, Sign, SubscriptionKind};
use crate::import::{CurrencyBasis, CustomerKey, IssueKind, StatusRule};
use crate::models::ModelKind;
use crate::summary::TimeUnit;
use serde::Serialize;
use strum::IntoEnumIterator;

/// The codes, by family (serialised as the page sees them).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Vocabulary {
    /// [`Error::code`]s (errors, and the forecast's issues).
    pub errors: Vec<&'static str>,
    /// What a file that is not text looks like.
    pub looks_like: Vec<LooksLike>,
    /// Why a row was not used.
    pub issues: Vec<IssueKind>,
    /// Column roles.
    pub roles: Vec<Role>,
    /// What the amount column holds.
    pub amount_kinds: Vec<AmountKind>,
    /// Customer number or e-mail.
    pub customer_keys: Vec<CustomerKey>,
    /// Where the currency comes from.
    pub currency_bases: Vec<CurrencyBasis>,
    /// Adjustments of the amount: added or subtracted.
    pub signs: Vec<Sign>,
    /// Kept, excluded, refunded.
    pub status_rules: Vec<StatusRule>,
    /// Day orders of `a/b/yyyy` dates.
    pub day_orders: Vec<DayOrder>,
    /// Text encodings.
    pub encodings: Vec<TextEncoding>,
    /// Encodings of the CSV exports.
    pub export_encodings: Vec<ExportEncoding>,
    /// Time units of the models.
    pub time_units: Vec<TimeUnit>,
    /// Transaction models.
    pub models: Vec<ModelKind>,
    /// The five levers (and the margin).
    pub levers: Vec<Lever>,
    /// RFM scoring methods.
    pub score_methods: Vec<ScoreMethod>,
    /// RFM segments.
    pub segments: Vec<Segment>,
    /// What to do with each segment.
    pub actions: Vec<Action>,
    /// CPM groups.
    pub cpm_groups: Vec<CpmGroup>,
    /// Channels against their CPA.
    pub verdicts: Vec<Verdict>,
    /// Customer statuses for action.
    pub statuses: Vec<Status>,
    /// The lists of 「今週やること」.
    pub action_lists: Vec<ActionList>,
    /// Cohort periods.
    pub cohort_periods: Vec<CohortPeriod>,
    /// The columns of the CSV exports.
    pub export_columns: Vec<&'static str>,
    /// 区分 of the 商品マスタ.
    pub product_kinds: Vec<Kind>,
    /// Which first-day products count in 初回購入商品別.
    pub first_product_rules: Vec<FirstProductRule>,
    /// The tables of 初回購入商品別 (by product, group, 区分).
    pub product_tables: Vec<ProductTable>,
    /// What a subscription column holds (cycle numbers, subscription numbers, order kinds).
    pub subscription_kinds: Vec<SubscriptionKind>,
    /// How the 定期 purchases were found.
    pub subscription_rules: Vec<SubscriptionRule>,
    /// The lists of the 定期 view.
    pub subscription_lists: Vec<SubscriptionList>,
    /// The columns of the 定期 lists' CSV.
    pub subscription_columns: Vec<&'static str>,
    /// The tables of the 通販 views with a CSV (月次推移, …).
    pub view_tables: Vec<ViewTable>,
}

/// Every code of every family.
///
/// ```
/// let v = ltv::vocabulary::vocabulary();
/// assert!(v.errors.contains(&"no_usable_rows"));
/// assert_eq!(v.segments.len(), 9);
/// ```
#[must_use]
pub fn vocabulary() -> Vocabulary {
    fn all<T: IntoEnumIterator>() -> Vec<T> {
        T::iter().collect()
    }
    Vocabulary {
        errors: Error::iter().map(|e| e.code()).collect(),
        looks_like: all(),
        issues: all(),
        roles: all(),
        amount_kinds: all(),
        customer_keys: all(),
        currency_bases: all(),
        signs: all(),
        status_rules: all(),
        day_orders: all(),
        encodings: all(),
        export_encodings: all(),
        time_units: all(),
        models: all(),
        levers: all(),
        score_methods: all(),
        segments: all(),
        actions: all(),
        cpm_groups: all(),
        verdicts: all(),
        statuses: all(),
        action_lists: all(),
        cohort_periods: all(),
        export_columns: COLUMNS.to_vec(),
        product_kinds: all(),
        first_product_rules: all(),
        product_tables: all(),
        subscription_kinds: all(),
        subscription_rules: all(),
        subscription_lists: all(),
        subscription_columns: SUBSCRIPTION_COLUMNS.to_vec(),
        view_tables: all(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_codes_are_their_serialised_names() {
        for kind in IssueKind::iter() {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.code(), "{kind:?}");
        }
        for l in LooksLike::iter() {
            assert_eq!(serde_json::to_value(l).unwrap(), l.code());
        }
    }

    #[test]
    fn every_family_lists_distinct_codes() {
        let v = serde_json::to_value(vocabulary()).unwrap();
        for (family, codes) in v.as_object().unwrap() {
            let codes: Vec<&str> =
                codes.as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
            let mut unique = codes.clone();
            unique.sort_unstable();
            unique.dedup();
            assert_eq!(unique.len(), codes.len(), "{family}: {codes:?}");
            assert!(!codes.is_empty(), "{family}");
        }
    }
}
