//! The two lists of the 定期 view to act on: who is due soon, who stopped after cycle 1.

use super::Entry;
use crate::analysis::nth_smallest;
use crate::dataset::Dataset;
use crate::date::format_day;
use serde::{Deserialize, Serialize};

/// The two lists to act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, strum::EnumIter)]
#[serde(rename_all = "camelCase")]
pub enum SubscriptionList {
    /// Active customers whose next cycle is due within the coming days.
    #[default]
    DueSoon,
    /// Customers lost after their first cycle.
    StoppedAfterFirst,
}

/// One customer of a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListRow {
    /// Customer key.
    pub key: String,
    /// Cycles received (the last cycle number).
    pub cycles: u32,
    /// Day of the first 定期 purchase in the file.
    pub first_cycle_day: String,
    /// Day of the last one.
    pub last_cycle_day: String,
    /// The next cycle's due day (last + interval).
    pub next_due_day: String,
}

/// A list: its size, the first rows, and (for the CSV) every customer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListSummary {
    /// Which list.
    pub list: SubscriptionList,
    /// Customers in it.
    pub customers: u64,
    /// The first [`LIST_PREVIEW`] customers (by next due day, then key).
    pub preview: Vec<ListRow>,
    /// Every customer (dataset index, cycles, first, last, next due day).
    #[serde(skip)]
    pub(crate) all: Vec<Entry>,
}

/// Rows of a list shown on the page.
pub const LIST_PREVIEW: usize = 20;

/// A list with its preview rows (by next due day, then key). The list itself stays unsorted:
/// sorting a list of 800,000 customers by day and key is the CSV's work ([`in_key_order`]), done
/// when it is asked for.
pub(super) fn list_summary(
    ds: &Dataset,
    list: SubscriptionList,
    all: &mut Vec<Entry>,
) -> ListSummary {
    ListSummary {
        list,
        customers: all.len() as u64,
        preview: preview(ds, all),
        all: std::mem::take(all),
    }
}

/// The first [`LIST_PREVIEW`] rows of `all` by next due day, then key: the preview's last day
/// selected, then only the customers due by that day sorted.
fn preview(ds: &Dataset, all: &mut [Entry]) -> Vec<ListRow> {
    let first = all.iter().map(|e| e.next_due).min().unwrap_or(0);
    let mut head: Vec<Entry> = if all.len() > LIST_PREVIEW {
        // Days counted from the first one (a due day is never before it).
        let mut days: Vec<u32> = all.iter().map(|e| e.next_due.abs_diff(first)).collect();
        let last = nth_smallest(&mut days, LIST_PREVIEW - 1).1;
        all.iter().filter(|e| e.next_due.abs_diff(first) <= last).copied().collect()
    } else {
        all.to_vec()
    };
    head.sort_unstable_by_key(|e| e.next_due);
    by_key_within_days(ds, &mut head, LIST_PREVIEW);
    head.iter().take(LIST_PREVIEW).map(|e| list_row(ds, e)).collect()
}

/// Every customer of a list, by next due day, then key (the CSV's order).
pub(crate) fn in_key_order(ds: &Dataset, list: &ListSummary) -> Vec<Entry> {
    let mut all = list.all.clone();
    all.sort_unstable_by_key(|e| e.next_due);
    by_key_within_days(ds, &mut all, usize::MAX);
    all
}

/// Puts the customers of each due day in key order, for the days that start within the first
/// `rows` of `all` (sorted by due day). The keys are read once per customer of a day shared with
/// others: a comparison that read both keys took a tenth of a 3 M-customer analysis.
fn by_key_within_days(ds: &Dataset, all: &mut [Entry], rows: usize) {
    let mut start = 0;
    for day in all.chunk_by_mut(|a, b| a.next_due == b.next_due) {
        if start >= rows {
            break;
        }
        start += day.len();
        if day.len() > 1 {
            day.sort_by_cached_key(|e| ds.key(e.customer as usize));
        }
    }
}

/// The row of a list entry.
pub(crate) fn list_row(ds: &Dataset, e: &Entry) -> ListRow {
    ListRow {
        key: ds.key(e.customer as usize).into_owned(),
        cycles: e.last_number,
        first_cycle_day: format_day(e.first_day),
        last_cycle_day: format_day(e.last_day),
        next_due_day: format_day(e.next_due),
    }
}
