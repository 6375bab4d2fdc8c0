//! CPM分析 (Customer Portfolio Management, やずや発祥): ten groups of customers by 在籍期間,
//! purchase days, 累計購入金額 and days since the last purchase.
//!
//! * **在籍期間** = days from the first to the **last** purchase day (LTV-Lab's 在籍日数,
//!   初回購入日〜最新購入日): how long the customer has kept buying, not how long ago they came;
//! * **離脱** = no purchase for [`CpmParams::lapse_days`] days or more before the analysis date
//!   (default 240); otherwise **現役**;
//! * purchases are purchase **days** (two orders on one day are one purchase).
//!
//! | stage | rule (defaults) |
//! |---|---|
//! | 初回 | one purchase day |
//! | よちよち | 2+ purchase days, 在籍 < 90 days |
//! | コツコツ | 2+ purchase days, 在籍 ≥ 90 days, 累計 < ¥70,000 |
//! | 流行 | 2+ purchase days, 90 ≤ 在籍 < 210 days, 累計 ≥ ¥70,000 |
//! | 優良 | 2+ purchase days, 在籍 ≥ 210 days, 累計 ≥ ¥70,000 |
//!
//! Each stage splits into 現役 and 離脱: ten groups, every customer in exactly one.

use super::facts::{CustomerFacts, Fixed};
use super::GroupFigures;
use crate::Error;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// CPM thresholds (defaults from LTV-Lab's CPM集計).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CpmParams {
    /// Days without a purchase from which a customer is 離脱 (default 240).
    pub lapse_days: u32,
    /// 在籍 below this many days is よちよち (default 90).
    pub early_days: u32,
    /// 在籍 from this many days with the amount is 優良, below it 流行 (default 210).
    pub mature_days: u32,
    /// 累計購入金額 from which a customer is 流行 or 優良 (default ¥70,000).
    pub amount_yen: Decimal,
}

impl Default for CpmParams {
    fn default() -> Self {
        CpmParams {
            lapse_days: 240,
            early_days: 90,
            mature_days: 210,
            amount_yen: Decimal::from(70_000),
        }
    }
}

impl CpmParams {
    /// Checks that the periods are positive and in order and the amount is not negative.
    ///
    /// # Errors
    /// [`Error::BadParameter`] naming the parameter.
    pub fn validate(&self) -> Result<(), Error> {
        let bad = |name, reason: &str| Err(Error::BadParameter { name, reason: reason.into() });
        if self.lapse_days == 0 {
            return bad("cpm.lapseDays", "must be at least 1");
        }
        if self.early_days > self.mature_days {
            return bad("cpm.earlyDays", "must not exceed cpm.matureDays");
        }
        if self.amount_yen.is_sign_negative() && !self.amount_yen.is_zero() {
            return bad("cpm.amountYen", "must not be negative");
        }
        Ok(())
    }
}

/// A CPM stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, strum::EnumIter)]
#[serde(rename_all = "camelCase")]
pub enum CpmStage {
    /// 初回: one purchase.
    First,
    /// よちよち: repeat buyer, short 在籍.
    Early,
    /// コツコツ: repeat buyer, long 在籍, below the amount.
    Steady,
    /// 流行: repeat buyer, the amount reached in a middle 在籍.
    Fast,
    /// 優良: repeat buyer, long 在籍 and the amount.
    Best,
}

/// One of the ten CPM groups.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::EnumIter,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "camelCase")]
#[strum(serialize_all = "camelCase")]
pub enum CpmGroup {
    /// 初回現役客.
    FirstActive,
    /// よちよち現役客.
    EarlyActive,
    /// コツコツ現役客.
    SteadyActive,
    /// 流行現役客.
    FastActive,
    /// 優良現役客.
    BestActive,
    /// 初回離脱客.
    FirstLapsed,
    /// よちよち離脱客.
    EarlyLapsed,
    /// コツコツ離脱客.
    SteadyLapsed,
    /// 流行離脱客.
    FastLapsed,
    /// 優良離脱客.
    BestLapsed,
}

impl CpmGroup {
    /// All ten groups: 現役 first, then 離脱, each from 初回 to 優良.
    pub const ALL: [CpmGroup; 10] = [
        CpmGroup::FirstActive,
        CpmGroup::EarlyActive,
        CpmGroup::SteadyActive,
        CpmGroup::FastActive,
        CpmGroup::BestActive,
        CpmGroup::FirstLapsed,
        CpmGroup::EarlyLapsed,
        CpmGroup::SteadyLapsed,
        CpmGroup::FastLapsed,
        CpmGroup::BestLapsed,
    ];

    fn new(stage: CpmStage, lapsed: bool) -> CpmGroup {
        CpmGroup::ALL[stage as usize + if lapsed { 5 } else { 0 }]
    }

    /// The stage.
    #[must_use]
    pub fn stage(self) -> CpmStage {
        [CpmStage::First, CpmStage::Early, CpmStage::Steady, CpmStage::Fast, CpmStage::Best]
            [self as usize % 5]
    }

    /// Whether the group is 離脱.
    #[must_use]
    pub fn lapsed(self) -> bool {
        self as usize >= 5
    }
}

/// The CPM group of one customer.
///
/// ```
/// use ltv::analysis::cpm::{classify, CpmGroup, CpmParams};
/// let p = CpmParams::default();
/// // 3 purchase days over 300 days, ¥80,000, last purchase 10 days ago.
/// assert_eq!(classify(3, 300, 80_000.into(), 10, &p), CpmGroup::BestActive);
/// ```
#[must_use]
pub fn classify(
    purchase_days: u32,
    tenure_days: u32,
    revenue: Decimal,
    days_since_last: u32,
    p: &CpmParams,
) -> CpmGroup {
    group(purchase_days, tenure_days, revenue >= p.amount_yen, days_since_last, p)
}

/// [`classify`] with the amount test done by the caller (`reached`: 累計 ≥ the amount).
pub(crate) fn group(
    purchase_days: u32,
    tenure_days: u32,
    reached: bool,
    days_since_last: u32,
    p: &CpmParams,
) -> CpmGroup {
    let stage = if purchase_days <= 1 {
        CpmStage::First
    } else if tenure_days < p.early_days {
        CpmStage::Early
    } else if !reached {
        CpmStage::Steady
    } else if tenure_days < p.mature_days {
        CpmStage::Fast
    } else {
        CpmStage::Best
    };
    CpmGroup::new(stage, days_since_last >= p.lapse_days)
}

/// One group's line.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CpmRow {
    /// The group.
    pub group: CpmGroup,
    /// Its stage.
    pub stage: CpmStage,
    /// Whether it is 離脱.
    pub lapsed: bool,
    /// Customers, revenue and their shares.
    #[serde(flatten)]
    pub figures: GroupFigures,
}

/// The CPM view.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CpmSummary {
    /// The thresholds used.
    pub params: CpmParams,
    /// The ten groups, 現役 first.
    pub groups: Vec<CpmRow>,
}

/// Every customer's CPM group.
pub(crate) fn groups(b: &CustomerFacts, params: &CpmParams) -> Vec<CpmGroup> {
    let amount = b.fixed(params.amount_yen);
    (0..b.len())
        .map(|i| {
            let tenure = (b.last[i] - b.first[i]).max(0) as u32;
            let reached = Fixed::from(b.revenue[i]) >= amount;
            group(b.days[i], tenure, reached, b.recency(i), params)
        })
        .collect()
}

/// The CPM view: the customers and revenue of each group.
pub(crate) fn summarize(b: &CustomerFacts, groups: &[CpmGroup], params: &CpmParams) -> CpmSummary {
    let mut acc = [(0u64, 0 as Fixed); 10];
    let mut total: Fixed = 0;
    for (i, g) in groups.iter().enumerate() {
        acc[*g as usize].0 += 1;
        acc[*g as usize].1 += Fixed::from(b.revenue[i]);
        total += Fixed::from(b.revenue[i]);
    }
    let n = b.len() as u64;
    let groups = CpmGroup::ALL
        .iter()
        .map(|&group| {
            let (customers, revenue) = acc[group as usize];
            let revenue = b.money(revenue);
            CpmRow {
                group,
                stage: group.stage(),
                lapsed: group.lapsed(),
                figures: GroupFigures::new(customers, n, revenue, b.money(total)),
            }
        })
        .collect();
    CpmSummary { params: params.clone(), groups }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::customers::CustomerTable;
    use crate::analysis::testing::{d, data};
    use crate::analysis::AnalysisParams;

    /// Analysis date 2024-12-31 (Z's order). 在籍 = first → last purchase day.
    const SHOP: &str = "customer_id,order_date,amount
F1,2024-12-01,5000
F2,2024-01-01,5000
Y1,2024-11-01,50000
Y1,2024-12-20,30000
Y2,2024-01-01,3000
Y2,2024-03-30,3000
K1,2024-01-01,20000
K1,2024-06-01,20000
K2,2023-01-01,30000
K2,2024-03-31,39999
R1,2024-06-01,40000
R1,2024-12-27,30000
R2,2023-01-01,40000
R2,2023-04-01,30000
U1,2024-01-01,40000
U1,2024-07-29,30000
U2,2022-01-01,70000
U2,2022-12-31,1
Z,2024-12-31,1000
";

    #[test]
    fn every_cpm_group_gets_its_customer() {
        let ds = data(SHOP);
        let t = CustomerTable::build(&ds, &AnalysisParams::default()).unwrap();
        let got: Vec<(String, CpmGroup)> =
            (0..ds.customers()).map(|c| (ds.key(c).into_owned(), t.cpm[c])).collect();
        let want = [
            // One purchase, 30 days ago / 365 days ago (≥ 240: 離脱).
            ("F1", CpmGroup::FirstActive),
            ("F2", CpmGroup::FirstLapsed),
            // 在籍 49 days (< 90) with ¥80,000: よちよち, not 流行.
            ("Y1", CpmGroup::EarlyActive),
            // 在籍 89 days; last purchase 276 days ago.
            ("Y2", CpmGroup::EarlyLapsed),
            // 在籍 152 days, ¥40,000 (< ¥70,000); last 213 days ago.
            ("K1", CpmGroup::SteadyActive),
            // 在籍 455 days, ¥69,999: one yen short; last 275 days ago.
            ("K2", CpmGroup::SteadyLapsed),
            // 在籍 209 days (< 210), ¥70,000.
            ("R1", CpmGroup::FastActive),
            // 在籍 90 days (≥ 90), ¥70,000; last 640 days ago.
            ("R2", CpmGroup::FastLapsed),
            // 在籍 210 days, ¥70,000; last 155 days ago.
            ("U1", CpmGroup::BestActive),
            // 在籍 364 days, ¥70,001; last 731 days ago.
            ("U2", CpmGroup::BestLapsed),
            ("Z", CpmGroup::FirstActive),
        ];
        let want: Vec<(String, CpmGroup)> = want.iter().map(|(k, g)| (k.to_string(), *g)).collect();
        assert_eq!(got, want);

        let s = summarize(t.facts(), &t.cpm, &CpmParams::default());
        let row = |g: CpmGroup| s.groups.iter().find(|r| r.group == g).unwrap();
        // 初回現役: F1 ¥5,000 + Z ¥1,000 = ¥6,000 over 2 customers.
        assert_eq!(
            (
                row(CpmGroup::FirstActive).figures.customers,
                row(CpmGroup::FirstActive).figures.revenue
            ),
            (2, d("6000"))
        );
        assert_eq!(row(CpmGroup::FirstActive).figures.revenue_per_customer, d("3000"));
        assert_eq!(s.groups.iter().map(|r| r.figures.customers).sum::<u64>(), 11);
        assert!(s.groups.iter().all(|r| r.figures.customers >= 1));
    }

    #[test]
    fn the_lapse_boundary_is_240_days_without_a_purchase() {
        let p = CpmParams::default();
        assert_eq!(classify(1, 0, Decimal::ZERO, 239, &p), CpmGroup::FirstActive);
        assert_eq!(classify(1, 0, Decimal::ZERO, 240, &p), CpmGroup::FirstLapsed);
    }
}
