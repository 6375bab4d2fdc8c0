//! Order statuses: which status texts mean a cancelled, refunded or kept order, and the table of
//! the statuses a file holds, with how many orders had each.

use serde::Serialize;

/// How a status value was treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, strum::EnumIter)]
#[serde(rename_all = "camelCase")]
pub enum StatusRule {
    /// Orders with this status count.
    Kept,
    /// Cancelled / voided / failed: excluded.
    Excluded,
    /// Returned or refunded in full: excluded.
    Refunded,
}

/// One status value seen in the file and what was done with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusSeen {
    /// The status text as in the file.
    pub value: String,
    /// What was done with its orders.
    pub rule: StatusRule,
    /// How many orders had it.
    pub orders: u64,
}

/// The distinct status values of a file, with the rule for each and how many orders had it.
#[derive(Debug, Default)]
pub(crate) struct StatusTable {
    pub(crate) bytes: Vec<Vec<u8>>,
    /// The values, in the order they were first seen.
    pub(crate) seen: Vec<StatusSeen>,
}

/// Past this many distinct status values (free text?), new ones share one entry per rule.
pub(crate) const MAX_STATUSES: usize = 500;

impl StatusTable {
    pub(crate) fn find(&self, cell: &[u8]) -> Option<u32> {
        self.bytes.iter().position(|b| b.as_slice() == cell).map(|i| i as u32)
    }

    pub(crate) fn add(&mut self, cell: &[u8], rule: StatusRule, text: String) -> u32 {
        if self.bytes.len() >= MAX_STATUSES {
            let other = format!("…({rule:?})");
            if let Some(i) = self.seen.iter().position(|s| s.value == other) {
                return i as u32;
            }
            self.bytes.push(Vec::new());
            self.seen.push(StatusSeen { value: other, rule, orders: 0 });
        } else {
            self.bytes.push(cell.to_vec());
            self.seen.push(StatusSeen { value: text, rule, orders: 0 });
        }
        (self.seen.len() - 1) as u32
    }

    /// Counts one order with status `i`; returns its rule.
    pub(crate) fn count(&mut self, i: u32) -> StatusRule {
        let s = &mut self.seen[i as usize];
        s.orders += 1;
        s.rule
    }
}

/// The rule for a status value: cancelled / voided / failed orders are excluded, returned or
/// fully refunded ones too; everything else counts (partially refunded orders count with the
/// refund subtracted). `yahoo` turns on Yahoo!ショッピング's numeric codes (4 = キャンセル).
///
/// ```
/// use ltv::import::{classify_status, StatusRule};
/// assert_eq!(classify_status("キャンセル確定", false), StatusRule::Excluded);
/// assert_eq!(classify_status("partially_refunded", false), StatusRule::Kept);
/// assert_eq!(classify_status("返品", false), StatusRule::Refunded);
/// assert_eq!(classify_status("発送済", false), StatusRule::Kept);
/// assert_eq!(classify_status("スキップ", false), StatusRule::Excluded); // a skipped 定期 cycle
/// ```
#[must_use]
pub fn classify_status(text: &str, yahoo: bool) -> StatusRule {
    let t: String = text.to_lowercase().chars().filter(|c| !c.is_whitespace()).collect();
    if yahoo && t == "4" {
        return StatusRule::Excluded;
    }
    // A skipped 定期 cycle (スキップ) ships nothing: it is no order and no cycle.
    const EXCLUDED: [&str; 14] = [
        "キャンセル",
        "取消",
        "取り消し",
        "cancel",
        "void",
        "削除",
        "無効",
        "failed",
        "失敗",
        "declined",
        "与信ng",
        "決済エラー",
        "スキップ",
        "skipped",
    ];
    const PARTIAL: [&str; 3] = ["partial", "一部", "部分"];
    const REFUNDED: [&str; 5] = ["返品", "返送", "返金済", "refunded", "returned"];
    if EXCLUDED.iter().any(|w| t.contains(w)) {
        StatusRule::Excluded
    } else if REFUNDED.iter().any(|w| t.contains(w)) && !PARTIAL.iter().any(|w| t.contains(w)) {
        StatusRule::Refunded
    } else {
        StatusRule::Kept
    }
}
