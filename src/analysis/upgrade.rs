//! 引き上げ率: of the customers who started with a trial (お試し), the share who went on to the
//! regular product (本品) or a subscription (定期).
//!
//! | figure | definition |
//! |---|---|
//! | お試し顧客 trial customers | customers whose first purchase day holds an お試し product and no 本品 or 定期 product (区分 from the 商品マスタ, [`super::products`]) |
//! | 引き上げ upgrade | the first later purchase day holding a 本品 or 定期 product |
//! | 引き上げ率 within N days | trial customers upgraded at most N − 1 days after the first purchase (day 0 = the first purchase day) ÷ trial customers whose N days have ended by the analysis date (the F2 window rule, [`super::measured::window_outcome`]); N = 14, 30, 60, 90 |
//! | 日数 days | days from the first purchase to the upgrade, median (the mean of the middle two) and mean, over the trial customers upgraded by the analysis date |
//! | 引き上げ お試し→定期 (issue 16) | the same with the 定期 course as the target: the first later purchase day that is a 定期 cycle (by the subscription column when the file has one, else a product whose 区分 is 定期, as the 定期 view reads them), within N days over the same eligible customers, with its median and mean days |
//!
//! `None` without a product column or without trial customers.

use super::facts::CustomerFacts;
use super::ladder::{product_kinds, purchase_days, DayCounts};
use super::measured::window_outcome;
use super::products::{Kind, ProductParams};
use super::share;
use crate::dataset::Dataset;
use crate::date::Day;
use serde::Serialize;

/// The windows of 引き上げ率, in days.
pub const UPGRADE_WINDOWS: [u32; 4] = [14, 30, 60, 90];

/// 引き上げ率 within one window.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UpgradeWindow {
    /// Window length in days.
    pub days: u32,
    /// Trial customers whose window has ended.
    pub eligible: u64,
    /// Of those, upgraded within the window.
    pub upgraded: u64,
    /// upgraded ÷ eligible; `None` when nobody is eligible.
    pub rate: Option<f64>,
    /// Of the eligible, those whose first 定期 cycle came within the window.
    pub to_subscription: u64,
    /// to_subscription ÷ eligible; `None` when nobody is eligible.
    pub subscription_rate: Option<f64>,
}

/// 引き上げ率 (see the module doc).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Upgrade {
    /// Trial customers.
    pub trial_customers: u64,
    /// Of those, upgraded by the analysis date.
    pub upgraded_customers: u64,
    /// Of the upgraded, those whose upgrade day held a 定期 product.
    pub to_subscription: u64,
    /// The windows.
    pub windows: Vec<UpgradeWindow>,
    /// Median days to the upgrade.
    pub median_days: Option<f64>,
    /// Mean days to the upgrade.
    pub mean_days: Option<f64>,
    /// Trial customers with a 定期 cycle on a later purchase day by the analysis date.
    pub subscription_customers: u64,
    /// Median days from the first purchase to the first 定期 cycle.
    pub subscription_median_days: Option<f64>,
    /// Mean days from the first purchase to the first 定期 cycle.
    pub subscription_mean_days: Option<f64>,
}

/// 引き上げ率; `None` without a product column or trial customers.
#[must_use]
pub(crate) fn upgrade(ds: &Dataset, b: &CustomerFacts, params: &ProductParams) -> Option<Upgrade> {
    ds.products.as_ref()?;
    let kinds = product_kinds(ds, params);
    let kind_in = |c: usize, k: usize, want: &[Kind]| {
        ds.products_of(c, k)
            .iter()
            .any(|&p| kinds.get(p as usize).is_some_and(|x| want.contains(x)))
    };
    // A 定期 cycle: marked by the subscription column when it marks any, else a 定期 product.
    let column = ds.subscription.as_ref().filter(|v| v.iter().any(|x| x.is_subscription()));
    let is_cycle = |c: usize, k: usize| match column {
        Some(v) => {
            let at = ds.starts[c] as usize + k;
            v.get(at).is_some_and(|x| x.is_subscription())
        }
        None => kind_in(c, k, &[Kind::Subscription]),
    };
    let (mut trial, mut upgraded, mut to_sub, mut subscribed) = (0u64, 0u64, 0u64, 0u64);
    let mut eligible = [0u64; UPGRADE_WINDOWS.len()];
    let mut within = [0u64; UPGRADE_WINDOWS.len()];
    let mut within_sub = [0u64; UPGRADE_WINDOWS.len()];
    let mut days = DayCounts::default();
    let mut sub_days = DayCounts::default();
    for &c in &b.ids {
        let c = c as usize;
        let mut purchases = purchase_days(ds, c, b.as_of);
        let Some((k_first, first)) = purchases.next() else { continue };
        if !kind_in(c, k_first, &[Kind::Trial])
            || kind_in(c, k_first, &[Kind::Main, Kind::Subscription])
        {
            continue;
        }
        trial += 1;
        let later: Vec<(usize, Day)> = purchases.collect();
        let sub = later.iter().copied().find(|&(k, _)| is_cycle(c, k));
        if let Some((_, day)) = sub {
            subscribed += 1;
            sub_days.add((day - first).max(0) as u32);
        }
        let sub_day = sub.map_or(Day::MAX, |(_, d)| d);
        let up = later.into_iter().find(|&(k, _)| kind_in(c, k, &[Kind::Main, Kind::Subscription]));
        if let Some((k, day)) = up {
            upgraded += 1;
            to_sub += u64::from(kind_in(c, k, &[Kind::Subscription]));
            days.add((day - first).max(0) as u32);
        }
        let up_day = up.map_or(Day::MAX, |(_, d)| d);
        for (w, &n) in UPGRADE_WINDOWS.iter().enumerate() {
            if let Some(hit) = window_outcome(first, up_day, b.as_of, n) {
                eligible[w] += 1;
                within[w] += u64::from(hit);
                within_sub[w] +=
                    u64::from(window_outcome(first, sub_day, b.as_of, n) == Some(true));
            }
        }
    }
    (trial > 0).then(|| Upgrade {
        trial_customers: trial,
        upgraded_customers: upgraded,
        to_subscription: to_sub,
        windows: UPGRADE_WINDOWS
            .iter()
            .enumerate()
            .map(|(w, &n)| UpgradeWindow {
                days: n,
                eligible: eligible[w],
                upgraded: within[w],
                rate: (eligible[w] > 0).then(|| share(within[w], eligible[w])),
                to_subscription: within_sub[w],
                subscription_rate: (eligible[w] > 0).then(|| share(within_sub[w], eligible[w])),
            })
            .collect(),
        median_days: days.median(),
        mean_days: days.mean(),
        subscription_customers: subscribed,
        subscription_median_days: sub_days.median(),
        subscription_mean_days: sub_days.mean(),
    })
}

#[cfg(test)]
mod tests {
    use crate::analysis::testing::data;
    use crate::analysis::{analyze, AnalysisParams};

    /// Analysis date 2024-03-31.
    /// A: trial 01-01, 本品 01-11 (+10). B: trial 01-01, trial again 01-20, 定期 02-20 (+50).
    /// C: trial 03-01, nothing (30 days: eligible for 14 and 30 only; 03-01 + 29 = 03-30).
    /// D: trial + 本品 on 01-05: not a trial customer. E: 本品 only. F: trial 03-25 (eligible for none).
    const SHOP: &str = "customer_id,order_id,order_date,product,amount
A,1,2024-01-01,【お試し】美容液,980
A,2,2024-01-11,美容液,4800
B,3,2024-01-01,【お試し】美容液,980
B,4,2024-01-20,【お試し】美容液,980
B,5,2024-02-20,【定期】美容液,4320
C,6,2024-03-01,【お試し】美容液,980
D,7,2024-01-05,【お試し】美容液,980
D,7,2024-01-05,美容液,4800
E,8,2024-01-05,美容液,4800
F,9,2024-03-25,【お試し】美容液,980
";

    #[test]
    fn trial_customers_are_followed_to_their_first_regular_or_subscription_purchase() {
        let p = AnalysisParams { analysis_date: Some("2024-03-31".into()), ..Default::default() };
        let u = analyze(&data(SHOP), &p).unwrap().upgrade.unwrap();
        // Trial customers A, B, C, F; upgraded A (+10) and B (+50, to 定期).
        assert_eq!((u.trial_customers, u.upgraded_customers, u.to_subscription), (4, 2, 1));
        // 14 days: A, B, C eligible (F's window is open); A upgraded → ⅓.
        // 30 days: A, B, C (C's 30 days end 03-30); A → ⅓. 60 and 90: A, B → 1 and 1, 2 ÷ 2.
        let w: Vec<(u32, u64, u64)> =
            u.windows.iter().map(|w| (w.days, w.eligible, w.upgraded)).collect();
        assert_eq!(w, vec![(14, 3, 1), (30, 3, 1), (60, 2, 2), (90, 2, 2)]);
        assert_eq!(u.windows[0].rate, Some(1.0 / 3.0));
        // Days 10 and 50: median and mean 30.
        assert_eq!((u.median_days, u.mean_days), (Some(30.0), Some(30.0)));
    }

    #[test]
    fn trial_customers_are_also_followed_to_their_first_subscription_cycle() {
        // The same shop: B's 定期 on 02-20 (+50) is the only 定期 purchase after a trial (A's
        // upgrade is 本品). 14 and 30 days: A, B, C eligible, none → 0; 60 and 90: A, B, B → ½.
        let p = AnalysisParams { analysis_date: Some("2024-03-31".into()), ..Default::default() };
        let u = analyze(&data(SHOP), &p).unwrap().upgrade.unwrap();
        let w: Vec<(u32, u64, u64, Option<f64>)> = u
            .windows
            .iter()
            .map(|w| (w.days, w.eligible, w.to_subscription, w.subscription_rate))
            .collect();
        assert_eq!(
            w,
            vec![
                (14, 3, 0, Some(0.0)),
                (30, 3, 0, Some(0.0)),
                (60, 2, 1, Some(0.5)),
                (90, 2, 1, Some(0.5))
            ]
        );
        assert_eq!((u.subscription_customers, u.subscription_median_days), (1, Some(50.0)));
    }

    #[test]
    fn a_subscription_column_marks_the_cycles_when_the_file_has_one() {
        // As of 2024-06-30. A: trial 01-01, 本品 01-15 (+14), 定期 cycle 1 of the column on 03-01
        // (+60, a product not named 定期). B: trial 01-10, 定期 cycle 1 on 01-31 (+21); a
        // 【定期】 product without the column's mark (C, 02-20) is not a cycle when the column marks
        // any. Within 14: A, B, C eligible, none. 30: B → ⅓. 60: B (A's +60 is day 60) → ⅓.
        // 90: A and B → ⅔. Days 21 and 60: median 40.5.
        let csv = "customer_id,order_id,order_date,product,amount,定期回数
A,1,2024-01-01,【お試し】美容液,980,
A,2,2024-01-15,美容液,4800,
A,3,2024-03-01,美容液,4320,1
B,4,2024-01-10,【お試し】美容液,980,
B,5,2024-01-31,美容液,4320,1
C,6,2024-01-20,【お試し】美容液,980,
C,7,2024-02-20,【定期】美容液,4320,
";
        let p = AnalysisParams { analysis_date: Some("2024-06-30".into()), ..Default::default() };
        let u = analyze(&data(csv), &p).unwrap().upgrade.unwrap();
        let w: Vec<(u32, u64, u64)> =
            u.windows.iter().map(|w| (w.days, w.eligible, w.to_subscription)).collect();
        assert_eq!(w, vec![(14, 3, 0), (30, 3, 1), (60, 3, 1), (90, 3, 2)]);
        assert_eq!((u.subscription_customers, u.subscription_median_days), (2, Some(40.5)));
        assert_eq!(u.subscription_mean_days, Some(40.5));
    }

    #[test]
    fn no_trial_product_means_no_upgrade_view() {
        let csv = "customer_id,order_date,product,amount\nA,2024-01-01,美容液,4800\n";
        assert_eq!(analyze(&data(csv), &AnalysisParams::default()).unwrap().upgrade, None);
        let csv = "customer_id,order_date,amount\nA,2024-01-01,4800\n";
        assert_eq!(analyze(&data(csv), &AnalysisParams::default()).unwrap().upgrade, None);
    }
}
