//! The lists of the 定期 view (due soon, stopped after cycle 1) as CSV files.

use super::{
    encoded, push_customer, push_day, push_uint, text, ExportEncoding, ExportFile, ExportLabels,
};
use crate::analysis::subscription::{in_key_order, Subscription, SubscriptionList};
use crate::dataset::Dataset;
use serde::{Deserialize, Serialize};

/// Every column a 定期 list can have, in order.
pub const SUBSCRIPTION_COLUMNS: [&str; 12] = [
    "key",
    "email",
    "name",
    "postalCode",
    "address",
    "phone",
    "course",
    "cycles",
    "firstCycleDay",
    "lastCycleDay",
    "intervalDays",
    "nextDueDay",
];

/// Which 定期 list to export and how.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SubscriptionExportOptions {
    /// Which list.
    pub list: SubscriptionList,
    /// File encoding.
    pub encoding: ExportEncoding,
    /// Header text by column id ([`SUBSCRIPTION_COLUMNS`]), in the page's language.
    pub labels: ExportLabels,
}

/// Writes one list of the 定期 view: the customer key, the e-mail and the contact details the
/// file has, the course (the product of the first cycle, when the file has products), the cycles
/// received, the first and last cycle days, the course's interval and the next due day. Text
/// cells are neutralised against formulas like every text cell here.
#[must_use]
pub fn export_subscription_list(
    ds: &Dataset,
    s: &Subscription,
    opts: &SubscriptionExportOptions,
) -> ExportFile {
    let list = match opts.list {
        SubscriptionList::DueSoon => &s.due_soon,
        SubscriptionList::StoppedAfterFirst => &s.stopped_after_first,
    };
    let all = in_key_order(ds, list);
    let email = all.iter().any(|e| ds.email(e.customer as usize).is_some());
    let contacts = ds.has_contacts();
    let mut ids = vec!["key"];
    if email {
        ids.push("email");
    }
    for (has, id) in contacts.into_iter().zip(["name", "postalCode", "address", "phone"]) {
        if has {
            ids.push(id);
        }
    }
    let course_names = ds.products.as_ref().map(|p| p.names.as_slice());
    if course_names.is_some() {
        ids.push("course");
    }
    ids.extend(["cycles", "firstCycleDay", "lastCycleDay", "intervalDays", "nextDueDay"]);
    let mut out = String::with_capacity(96 * (all.len() + 1));
    for (k, id) in ids.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        text(&mut out, ExportLabels::word(&opts.labels.columns, id));
    }
    out.push_str("\r\n");
    for e in &all {
        let c = e.customer as usize;
        push_customer(&mut out, ds, c, email, contacts);
        if let Some(names) = course_names {
            out.push(',');
            let name = e.course.and_then(|k| names.get(k as usize));
            text(&mut out, name.map_or("", String::as_str));
        }
        out.push(',');
        push_uint(&mut out, u128::from(e.last_number));
        for day in [e.first_day, e.last_day] {
            out.push(',');
            push_day(&mut out, day);
        }
        out.push(',');
        push_uint(&mut out, u128::from(e.interval_days));
        out.push(',');
        push_day(&mut out, e.next_due);
        out.push_str("\r\n");
    }
    encoded(out, opts.encoding, all.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testing::data;
    use crate::analysis::{analyze, AnalysisParams};

    /// The UTF-8 CSV of the "stopped after cycle 1" list of `csv` as of 2024-06-25, and the view.
    fn stopped_after_first(csv: &str) -> (ExportFile, Subscription) {
        let ds = data(csv);
        let p = AnalysisParams { analysis_date: Some("2024-06-25".into()), ..Default::default() };
        let s = analyze(&ds, &p).unwrap().subscription.unwrap();
        let opts = SubscriptionExportOptions {
            list: SubscriptionList::StoppedAfterFirst,
            encoding: ExportEncoding::Utf8,
            ..Default::default()
        };
        (export_subscription_list(&ds, &s, &opts), s)
    }

    #[test]
    fn a_list_is_written_with_its_customers_and_their_keys_neutralised() {
        // "=B" stopped after one cycle (as of 2024-06-25); its key could run as a formula.
        let csv = "顧客番号,受注日,受注区分,合計金額\n=B,2024-01-01,定期,3000\n\
                   A,2024-06-01,定期,3000\nA,2024-06-20,通常,100\n";
        let (file, _) = stopped_after_first(csv);
        let text = String::from_utf8(file.bytes).unwrap();
        // One cycle on 01-01; no gap in the data: the interval is 30 days, due 01-31.
        assert_eq!(
            text,
            "key,cycles,firstCycleDay,lastCycleDay,intervalDays,nextDueDay\r\n'=B,1,2024-01-01,2024-01-01,30,2024-01-31\r\n"
        );
        assert_eq!(file.rows, 1);
    }

    #[test]
    fn every_row_of_a_list_is_in_due_day_then_key_order_not_only_the_page_s_first_rows() {
        // 30 customers stopped after one cycle: C29 … C00 on 2024-01-01 (in reverse file order),
        // then Z and A on 2024-01-02. The page shows 20; the CSV has all 32 in key order per day.
        let mut csv = String::from("顧客番号,受注日,受注区分,合計金額\n");
        for i in (0..30).rev() {
            csv.push_str(&format!("C{i:02},2024-01-01,定期,3000\n"));
        }
        csv.push_str("Z,2024-01-02,定期,3000\nA,2024-01-02,定期,3000\n");
        let (file, s) = stopped_after_first(&csv);
        let text = String::from_utf8(file.bytes).unwrap();
        let keys: Vec<&str> =
            text.lines().skip(1).map(|l| l.split(',').next().unwrap_or("")).collect();
        let mut want: Vec<String> = (0..30).map(|i| format!("C{i:02}")).collect();
        want.extend(["A".to_owned(), "Z".to_owned()]);
        assert_eq!(keys, want);
        let preview: Vec<&str> = s.stopped_after_first.preview.iter().map(|r| &*r.key).collect();
        assert_eq!(preview, want[..20].iter().map(String::as_str).collect::<Vec<_>>());
    }
}
