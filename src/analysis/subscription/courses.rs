//! The 定期 interval per course (product) instead of one per shop: a shop with a monthly course
//! and a bimonthly one would otherwise call the bimonthly customers lost a month early.
//!
//! | figure | definition |
//! |---|---|
//! | course | the product of a customer's first 定期 cycle: the day's product whose 区分 is 定期, else the day's highest-priced line, else its first product; none without a product column |
//! | course interval | the median of the days between consecutive cycles of the course's customers, rounded up (the shop's rule, [`super::median_up`]); a course without such a gap takes the shop's interval; `subscription.intervalDays` overrides every course |

use super::median_up;
use crate::analysis::ladder::product_kinds;
use crate::analysis::products::{Kind, ProductParams};
use crate::dataset::Dataset;
use serde::Serialize;

/// One course and the interval its customers are judged by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CourseInterval {
    /// The product name.
    pub course: String,
    /// 定期 customers whose first cycle was this course.
    pub customers: u64,
    /// The interval used, in days.
    pub interval_days: u32,
    /// Whether it was read from the course's own gaps (false: the shop's interval or the
    /// parameter).
    pub from_data: bool,
}

/// The courses of a shop while its customers are walked: each customer's course, the gaps.
#[derive(Debug, Default)]
pub(super) struct Courses {
    kinds: Vec<Kind>,
    /// Per course (by product id): customers and the gaps between their cycles.
    by_course: Vec<(u64, Vec<u32>)>,
}

impl Courses {
    /// Ready for `ds` (empty without a product column).
    pub(super) fn new(ds: &Dataset, products: &ProductParams) -> Courses {
        let kinds = product_kinds(ds, products);
        Courses { by_course: vec![(0, Vec::new()); kinds.len()], kinds }
    }

    /// The course of customer `c` whose first cycle is purchase `k` (counted once per customer).
    pub(super) fn start(&mut self, ds: &Dataset, c: usize, k: usize) -> Option<u32> {
        let ids = ds.products_of(c, k);
        let teiki =
            ids.iter().copied().find(|&p| self.kinds.get(p as usize) == Some(&Kind::Subscription));
        let course = teiki.or_else(|| ds.top_product_of(c, k)).or_else(|| ids.first().copied())?;
        self.by_course.get_mut(course as usize)?.0 += 1;
        Some(course)
    }

    /// A gap of `days` between two cycles of a customer of `course`.
    pub(super) fn gap(&mut self, course: Option<u32>, days: u32) {
        if let Some((_, gaps)) = course.and_then(|c| self.by_course.get_mut(c as usize)) {
            gaps.push(days);
        }
    }

    /// Each course's interval (by product id; `shop` for a product that is no one's course)
    /// and the courses as listed, in the order the file first names them (no sort: its code
    /// would weigh on the page; a pack carries no 定期 cycles, so no other order is met); `shop` is the shop's interval, `fixed` the parameter that
    /// overrides every course.
    pub(super) fn intervals(
        mut self,
        ds: &Dataset,
        shop: u32,
        fixed: Option<u32>,
    ) -> (Vec<u32>, Vec<CourseInterval>) {
        let names = ds.products.as_ref().map_or(&[][..], |p| p.names.as_slice());
        let mut of = vec![shop; self.by_course.len()];
        let mut list = Vec::new();
        for (course, (customers, gaps)) in self.by_course.iter_mut().enumerate() {
            if *customers == 0 {
                continue;
            }
            let own = median_up(gaps).filter(|&d| d > 0 && fixed.is_none());
            let days = fixed.or(own).unwrap_or(shop);
            of[course] = days;
            list.push(CourseInterval {
                course: names.get(course).cloned().unwrap_or_default(),
                customers: *customers,
                interval_days: days,
                from_data: own.is_some(),
            });
        }
        (of, list)
    }
}

#[cfg(test)]
mod tests {
    use super::CourseInterval;
    use crate::analysis::{analyze, AnalysisParams};

    /// As of 2024-06-30, grace 14 days. 美容液 (monthly): A 04-01, 05-01, 05-31; B 01-01, 01-31;
    /// E 03-01, 03-31, 04-30: gaps 30 × 5. サプリ (every 60 days): C 01-05, 03-05, 05-04; D 02-01,
    /// 04-01: gaps 60 × 3. The shop's median of the eight gaps is 30; the courses' 30 and 60.
    const SHOP: &str = "customer_id,order_date,product,amount
A,2024-04-01,【定期】美容液,3000
A,2024-05-01,【定期】美容液,3000
A,2024-05-31,【定期】美容液,3000
B,2024-01-01,【定期】美容液,3000
B,2024-01-31,【定期】美容液,3000
E,2024-03-01,【定期】美容液,3000
E,2024-03-31,【定期】美容液,3000
E,2024-04-30,【定期】美容液,3000
C,2024-01-05,【定期】サプリ,2000
C,2024-03-05,【定期】サプリ,2000
C,2024-05-04,【定期】サプリ,2000
D,2024-02-01,【定期】サプリ,2000
D,2024-04-01,【定期】サプリ,2000
";

    fn params(interval_days: Option<u32>) -> AnalysisParams {
        let mut p =
            AnalysisParams { analysis_date: Some("2024-06-30".into()), ..Default::default() };
        p.subscription.interval_days = interval_days;
        p
    }

    #[test]
    fn the_due_list_csv_names_each_customers_course_and_its_interval() {
        use crate::analysis::export::{
            export_subscription_list, ExportEncoding, SubscriptionExportOptions,
        };
        use crate::analysis::subscription::SubscriptionList;
        // As of 06-29, due in the next 7 days: A (美容液, 05-31 + 30 = 06-30), C (サプリ, 05-04
        // + 60 = 07-03).
        let ds = crate::analysis::testing::data(SHOP);
        let p = AnalysisParams { analysis_date: Some("2024-06-29".into()), ..Default::default() };
        let s = analyze(&ds, &p).unwrap().subscription.unwrap();
        let opts = SubscriptionExportOptions {
            list: SubscriptionList::DueSoon,
            encoding: ExportEncoding::Utf8,
            ..Default::default()
        };
        let text = String::from_utf8(export_subscription_list(&ds, &s, &opts).bytes).unwrap();
        assert_eq!(
            text.split("\r\n").collect::<Vec<_>>(),
            [
                "key,course,cycles,firstCycleDay,lastCycleDay,intervalDays,nextDueDay",
                "A,【定期】美容液,3,2024-04-01,2024-05-31,30,2024-06-30",
                "C,【定期】サプリ,3,2024-01-05,2024-05-04,60,2024-07-03",
                ""
            ]
        );
    }

    #[test]
    fn each_course_is_due_after_its_own_interval() {
        let s = analyze(&crate::analysis::testing::data(SHOP), &params(None))
            .unwrap()
            .subscription
            .unwrap();
        let course = |name: &str, customers, interval_days, from_data| CourseInterval {
            course: name.into(),
            customers,
            interval_days,
            from_data,
        };
        assert_eq!(
            s.courses,
            vec![course("【定期】美容液", 3, 30, true), course("【定期】サプリ", 2, 60, true)]
        );
        assert_eq!((s.interval_days, s.interval_from_data), (30, true));
        // A: 05-31 + 30 = 06-30, + 14 not past: active. B: 01-31 + 30 + 14 = 03-15: lost.
        // E: 04-30 + 30 + 14 = 06-13: lost. C: 05-04 + 60 = 07-03: active (by the shop's 30 days
        // it would be lost on 06-17). D: 04-01 + 60 + 14 = 06-14: lost.
        assert_eq!((s.active, s.lost), (2, 3));
        // The shop's interval would have lost C too.
        let fixed = analyze(&crate::analysis::testing::data(SHOP), &params(Some(30)))
            .unwrap()
            .subscription
            .unwrap();
        assert_eq!((fixed.active, fixed.lost), (1, 4));
        assert!(fixed.courses.iter().all(|c| c.interval_days == 30 && !c.from_data));
    }
}
