//! RFM分析: scores 1–5 for recency, frequency and monetary value, named segments with what to do
//! for each, the best-customer cluster and the R × F grid.
//!
//! * **R** (recency) = days from the last purchase to the analysis date (0 = bought that day);
//! * **F** (frequency) = purchase **days** (two orders on one day count once);
//! * **M** (monetary) = net revenue to the analysis date.
//!
//! **Scores.** By default with fixed thresholds, as Japanese shops do (merchant-set ranks): they
//! mean the same thing every month and in every shop, and they cannot collapse when most
//! customers bought once (quantiles do). Defaults for a small 通販 shop:
//!
//! | score | R: days since last purchase | F: purchase days | M: revenue |
//! |---|---|---|---|
//! | 5 | ≤ 30 | ≥ 10 | ≥ ¥100,000 |
//! | 4 | ≤ 60 | ≥ 5 | ≥ ¥50,000 |
//! | 3 | ≤ 90 | ≥ 3 | ≥ ¥20,000 |
//! | 2 | ≤ 180 | 2 | ≥ ¥10,000 |
//! | 1 | more | 1 | less |
//!
//! With [`ScoreMethod::Quintiles`] the scores are relative: a customer's score is
//! `1 + ⌊5 × w ÷ n⌋`, where `w` is the number of customers with a strictly **worse** value and `n`
//! all customers. Equal values always get equal scores, so under heavy ties (60 % one-time
//! buyers) every one-time buyer gets F = 1 — never an arbitrary split into 1, 2 and 3 — and the
//! next group starts at the score its position earns (2-time buyers after 60 % get F = 4). Some
//! scores may then be empty: that is the honest picture of the data.
//!
//! **Segments** (a complete, non-overlapping partition of the 5 × 5 R × F grid; M is shown per
//! customer but the relationship stage is set by R and F — amount-based tiers are the job of the
//! CPM view):
//!
//! | segment | 日本語 | R | F | action |
//! |---|---|---|---|---|
//! | `champions` | 優良顧客 | 4–5 | 4–5 | `fanify` |
//! | `loyal` | 安定顧客 | 3–5 | 3–5, not 優良 | `upgrade` |
//! | `new` | 新規顧客 | 5 | 1 | `secondPurchase` |
//! | `promising` | 育成中 | 4–5 | 1–2, not 新規 | `nurture` |
//! | `needsAttention` | 要注意 | 3 | 1–2 | `remind` |
//! | `atRisk` | 離反予備軍 | 2 | 3–5 | `winBack` |
//! | `aboutToSleep` | 休眠予備軍 | 2 | 1–2 | `reactivate` |
//! | `previouslyLoyal` | 休眠優良顧客 | 1 | 3–5 | `winBackPersonal` |
//! | `dormant` | 休眠顧客 | 1 | 1–2 | `lowCostReactivation` |
//!
//! The texts of the actions (Japanese and English, from the articles: best customers → ファン化
//! and stronger service; lapsing → re-purchase with new products and campaign information; new →
//! follow-up for the 2nd purchase) are codes ([`Action`]) the page words. The **best-customer cluster** is the
//! 優良顧客 segment, sized as its share of customers against its share of revenue.

use super::facts::{CustomerFacts, Fixed};
use super::GroupFigures;
use crate::Error;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// How scores are given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, strum::EnumIter)]
#[serde(rename_all = "camelCase")]
pub enum ScoreMethod {
    /// Fixed thresholds (the default).
    #[default]
    Thresholds,
    /// Relative to the other customers (see the module doc for ties).
    Quintiles,
}

/// RFM scoring parameters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RfmParams {
    /// Thresholds or quintiles.
    pub method: ScoreMethod,
    /// Days since the last purchase at most for R = 5, 4, 3, 2 (increasing).
    pub recency_days: [u32; 4],
    /// Purchase days at least for F = 2, 3, 4, 5 (increasing).
    pub frequency_days: [u32; 4],
    /// Revenue at least for M = 2, 3, 4, 5 (increasing).
    pub monetary_yen: [Decimal; 4],
}

impl Default for RfmParams {
    fn default() -> Self {
        RfmParams {
            method: ScoreMethod::Thresholds,
            recency_days: [30, 60, 90, 180],
            frequency_days: [2, 3, 5, 10],
            monetary_yen: [10_000, 20_000, 50_000, 100_000].map(Decimal::from),
        }
    }
}

impl RfmParams {
    /// Checks that each threshold list is strictly increasing.
    ///
    /// # Errors
    /// [`Error::BadParameter`] naming the list.
    pub fn validate(&self) -> Result<(), Error> {
        let bad = |name| Err(Error::BadParameter { name, reason: "must be increasing".into() });
        if !self.recency_days.windows(2).all(|w| w[0] < w[1]) {
            return bad("rfm.recencyDays");
        }
        if !self.frequency_days.windows(2).all(|w| w[0] < w[1]) || self.frequency_days[0] < 2 {
            return Err(Error::BadParameter {
                name: "rfm.frequencyDays",
                reason: "must be increasing, from 2".into(),
            });
        }
        if !self.monetary_yen.windows(2).all(|w| w[0] < w[1]) {
            return bad("rfm.monetaryYen");
        }
        Ok(())
    }
}

/// An RFM segment.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::EnumIter,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "camelCase")]
#[strum(serialize_all = "camelCase")]
pub enum Segment {
    /// 優良顧客: R 4–5, F 4–5.
    Champions,
    /// 安定顧客: R 3–5, F 3–5 (not champions).
    Loyal,
    /// 新規顧客: R 5, F 1.
    New,
    /// 育成中: R 4–5, F 1–2 (not new).
    Promising,
    /// 要注意: R 3, F 1–2.
    NeedsAttention,
    /// 離反予備軍: R 2, F 3–5.
    AtRisk,
    /// 休眠予備軍: R 2, F 1–2.
    AboutToSleep,
    /// 休眠優良顧客: R 1, F 3–5.
    PreviouslyLoyal,
    /// 休眠顧客: R 1, F 1–2.
    Dormant,
}

/// A recommended action (a code: the page holds its texts, `action.<code>`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, strum::EnumIter,
)]
#[serde(rename_all = "camelCase")]
pub enum Action {
    /// ファン化.
    Fanify,
    /// 優良顧客への引き上げ.
    Upgrade,
    /// 2回目購入のフォロー.
    SecondPurchase,
    /// 3回目購入への育成.
    Nurture,
    /// 接触頻度を上げる.
    Remind,
    /// 離反防止.
    WinBack,
    /// 再購入キャンペーン.
    Reactivate,
    /// 休眠優良顧客の掘り起こし.
    WinBackPersonal,
    /// 低コストの掘り起こし.
    LowCostReactivation,
}

impl Segment {
    /// Every segment, best first.
    pub const ALL: [Segment; 9] = [
        Segment::Champions,
        Segment::Loyal,
        Segment::New,
        Segment::Promising,
        Segment::NeedsAttention,
        Segment::AtRisk,
        Segment::AboutToSleep,
        Segment::PreviouslyLoyal,
        Segment::Dormant,
    ];

    /// The segment of an R and an F score (1–5; out-of-range scores are clamped).
    ///
    /// ```
    /// use ltv::analysis::rfm::Segment;
    /// assert_eq!(Segment::of(5, 1), Segment::New);
    /// assert_eq!(Segment::of(4, 4), Segment::Champions);
    /// assert_eq!(Segment::of(2, 3), Segment::AtRisk);
    /// ```
    #[must_use]
    pub fn of(r: u8, f: u8) -> Segment {
        match (r.clamp(1, 5), f.clamp(1, 5)) {
            (4..=5, 4..=5) => Segment::Champions,
            (3..=5, 3..=5) => Segment::Loyal,
            (5, 1) => Segment::New,
            (4..=5, _) => Segment::Promising,
            (3, _) => Segment::NeedsAttention,
            (2, 3..=5) => Segment::AtRisk,
            (2, _) => Segment::AboutToSleep,
            (_, 3..=5) => Segment::PreviouslyLoyal,
            _ => Segment::Dormant,
        }
    }

    /// The rule, as shown next to the name.
    #[must_use]
    pub fn rule(self) -> &'static str {
        match self {
            Segment::Champions => "R4–5 × F4–5",
            Segment::Loyal => "R3–5 × F3–5",
            Segment::New => "R5 × F1",
            Segment::Promising => "R4–5 × F1–2",
            Segment::NeedsAttention => "R3 × F1–2",
            Segment::AtRisk => "R2 × F3–5",
            Segment::AboutToSleep => "R2 × F1–2",
            Segment::PreviouslyLoyal => "R1 × F3–5",
            Segment::Dormant => "R1 × F1–2",
        }
    }

    /// The recommended action.
    #[must_use]
    pub fn action(self) -> Action {
        match self {
            Segment::Champions => Action::Fanify,
            Segment::Loyal => Action::Upgrade,
            Segment::New => Action::SecondPurchase,
            Segment::Promising => Action::Nurture,
            Segment::NeedsAttention => Action::Remind,
            Segment::AtRisk => Action::WinBack,
            Segment::AboutToSleep => Action::Reactivate,
            Segment::PreviouslyLoyal => Action::WinBackPersonal,
            Segment::Dormant => Action::LowCostReactivation,
        }
    }
}

/// Scores of every row of the base.
#[derive(Debug, Clone)]
pub(crate) struct Scores {
    pub(crate) r: Vec<u8>,
    pub(crate) f: Vec<u8>,
    pub(crate) m: Vec<u8>,
}

impl Scores {
    /// Every customer's segment (from R and F).
    pub(crate) fn segments(&self) -> Vec<Segment> {
        self.r.iter().zip(&self.f).map(|(&r, &f)| Segment::of(r, f)).collect()
    }
}

/// Score of a value against increasing "at least" thresholds for 2, 3, 4, 5.
fn at_least<T: PartialOrd>(v: &T, t: &[T; 4]) -> u8 {
    1 + t.iter().filter(|x| v >= *x).count() as u8
}

/// Relative score: `1 + ⌊5 × worse ÷ n⌋`.
fn relative(worse: usize, n: usize) -> u8 {
    (1 + (5 * worse) / n.max(1)).min(5) as u8
}

/// Relative scores where a larger value is better: one sort of (value, row), then each run of
/// equal values gets the score of the number of rows before it.
fn quintiles<T: Ord + Copy>(values: &[T]) -> Vec<u8> {
    let n = values.len();
    let mut order: Vec<(T, u32)> = values.iter().enumerate().map(|(i, &v)| (v, i as u32)).collect();
    order.sort_unstable();
    let mut scores = vec![0u8; n];
    let mut start = 0;
    while start < n {
        let v = order[start].0;
        let end = start + order[start..].partition_point(|x| x.0 == v);
        for &(_, i) in &order[start..end] {
            scores[i as usize] = relative(start, n);
        }
        start = end;
    }
    scores
}

/// [`quintiles`] for small non-negative integers (days), by counting: `better_low` says
/// whether a lower value is better (recency).
fn quintiles_counted(values: &[u32], better_low: bool) -> Vec<u8> {
    let n = values.len();
    let max = values.iter().copied().max().unwrap_or(0) as usize;
    let mut below = vec![0usize; max + 2];
    for &v in values {
        below[v as usize + 1] += 1;
    }
    for k in 1..below.len() {
        below[k] += below[k - 1];
    }
    // below[v] = values < v; values > v = n − below[v + 1].
    values
        .iter()
        .map(|&v| {
            let worse = if better_low { n - below[v as usize + 1] } else { below[v as usize] };
            relative(worse, n)
        })
        .collect()
}

/// Scores every customer of the base.
pub(crate) fn score(b: &CustomerFacts, p: &RfmParams) -> Scores {
    let n = b.len();
    let recency: Vec<u32> = (0..n).map(|i| b.recency(i)).collect();
    match p.method {
        ScoreMethod::Thresholds => Scores {
            // R: "at most" thresholds for 5, 4, 3, 2 ⇔ 6 − "at least one more".
            r: recency
                .iter()
                .map(|&d| 5 - p.recency_days.iter().filter(|&&t| d > t).count() as u8)
                .collect(),
            f: b.days.iter().map(|d| at_least(d, &p.frequency_days)).collect(),
            m: {
                let t = p.monetary_yen.map(|x| b.fixed(x));
                b.revenue.iter().map(|&v| at_least(&Fixed::from(v), &t)).collect()
            },
        },
        ScoreMethod::Quintiles => Scores {
            r: quintiles_counted(&recency, true),
            f: quintiles_counted(&b.days, false),
            m: quintiles(&b.revenue),
        },
    }
}

/// Customers per score, index 0 = score 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScoreCounts {
    /// Customers per R score.
    pub recency: [u64; 5],
    /// Customers per F score.
    pub frequency: [u64; 5],
    /// Customers per M score.
    pub monetary: [u64; 5],
}

/// One segment's line.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SegmentRow {
    /// The segment.
    pub segment: Segment,
    /// The rule, e.g. `"R4–5 × F4–5"`.
    pub rule: &'static str,
    /// Recommended action (a code the page words).
    pub action: Action,
    /// Customers, revenue and their shares.
    #[serde(flatten)]
    pub figures: GroupFigures,
}

/// The best-customer cluster (優良顧客): "the top 12 % of customers bring 48 % of revenue".
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BestCustomers {
    /// The segment that forms the cluster (優良顧客).
    pub segment: Segment,
    /// Customers in it.
    pub customers: u64,
    /// Their share of customers.
    pub customer_share: f64,
    /// Their revenue.
    pub revenue: Decimal,
    /// Their share of revenue.
    pub revenue_share: f64,
    /// revenue share ÷ customer share (how many times their weight); 0 when empty.
    pub lift: f64,
}

/// One cell of the R × F grid.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GridCell {
    /// R score.
    pub r: u8,
    /// F score.
    pub f: u8,
    /// The segment of the cell.
    pub segment: Segment,
    /// Customers.
    pub customers: u64,
    /// Net revenue.
    pub revenue: Decimal,
}

/// The RFM view.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RfmSummary {
    /// The parameters used.
    pub params: RfmParams,
    /// Customers per score.
    pub score_counts: ScoreCounts,
    /// Every segment, best first (empty ones included).
    pub segments: Vec<SegmentRow>,
    /// The best-customer cluster.
    pub best_customers: BestCustomers,
    /// The 25 cells, R 5 → 1, then F 1 → 5.
    pub grid: Vec<GridCell>,
}

/// The RFM view: score counts, the R × F grid, the segments and the best-customer cluster.
pub(crate) fn summarize(b: &CustomerFacts, t: &Scores, params: &RfmParams) -> RfmSummary {
    let n = b.len() as u64;
    let mut counts = ScoreCounts { recency: [0; 5], frequency: [0; 5], monetary: [0; 5] };
    let mut cells = [[(0u64, 0 as Fixed); 5]; 5];
    let mut total: Fixed = 0;
    for i in 0..b.len() {
        let (r, f, m) = (t.r[i], t.f[i], t.m[i]);
        counts.recency[usize::from(r - 1)] += 1;
        counts.frequency[usize::from(f - 1)] += 1;
        counts.monetary[usize::from(m - 1)] += 1;
        let cell = &mut cells[usize::from(r - 1)][usize::from(f - 1)];
        cell.0 += 1;
        cell.1 += Fixed::from(b.revenue[i]);
        total += Fixed::from(b.revenue[i]);
    }
    let mut grid = Vec::with_capacity(25);
    let mut by_segment = [(0u64, 0 as Fixed); Segment::ALL.len()];
    for r in (1..=5u8).rev() {
        for f in 1..=5u8 {
            let (customers, revenue) = cells[usize::from(r - 1)][usize::from(f - 1)];
            let segment = Segment::of(r, f);
            let s = &mut by_segment[segment as usize];
            s.0 += customers;
            s.1 += revenue;
            grid.push(GridCell { r, f, segment, customers, revenue: b.money(revenue) });
        }
    }
    let segments: Vec<SegmentRow> = Segment::ALL
        .iter()
        .map(|&segment| {
            let (customers, revenue) = by_segment[segment as usize];
            let revenue = b.money(revenue);
            SegmentRow {
                segment,
                rule: segment.rule(),
                action: segment.action(),
                figures: GroupFigures::new(customers, n, revenue, b.money(total)),
            }
        })
        .collect();
    let best = &segments[Segment::Champions as usize].figures;
    let best_customers = BestCustomers {
        segment: Segment::Champions,
        customers: best.customers,
        customer_share: best.customer_share,
        revenue: best.revenue,
        revenue_share: best.revenue_share,
        lift: if best.customer_share > 0.0 {
            best.revenue_share / best.customer_share
        } else {
            0.0
        },
    };
    RfmSummary { params: params.clone(), score_counts: counts, segments, best_customers, grid }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::customers::CustomerTable;
    use crate::analysis::testing::{d, data};
    use crate::analysis::AnalysisParams;

    #[test]
    fn segments_tile_the_whole_grid_and_every_action_has_texts() {
        let mut seen = std::collections::BTreeSet::new();
        for r in 1..=5 {
            for f in 1..=5 {
                seen.insert(Segment::of(r, f));
            }
        }
        assert_eq!(seen.len(), Segment::ALL.len(), "every segment is reachable");
        let actions: std::collections::BTreeSet<Action> =
            Segment::ALL.iter().map(|s| s.action()).collect();
        assert_eq!(actions.len(), Segment::ALL.len(), "each segment has its own action");
        // The table in the module doc, row by row (R 5 → 1, F 1 → 5).
        use Segment::*;
        let grid: Vec<Vec<Segment>> =
            (1..=5).rev().map(|r| (1..=5).map(|f| Segment::of(r, f)).collect()).collect();
        assert_eq!(
            grid,
            vec![
                vec![New, Promising, Loyal, Champions, Champions],
                vec![Promising, Promising, Loyal, Champions, Champions],
                vec![NeedsAttention, NeedsAttention, Loyal, Loyal, Loyal],
                vec![AboutToSleep, AboutToSleep, AtRisk, AtRisk, AtRisk],
                vec![Dormant, Dormant, PreviouslyLoyal, PreviouslyLoyal, PreviouslyLoyal],
            ]
        );
    }

    #[test]
    fn threshold_scores_follow_the_defaults_at_their_edges() {
        let p = RfmParams::default();
        // F: 1 → 1, 2 → 2, 3–4 → 3, 5–9 → 4, 10+ → 5.
        let f: Vec<u8> =
            [1u32, 2, 3, 4, 5, 9, 10, 30].iter().map(|v| at_least(v, &p.frequency_days)).collect();
        assert_eq!(f, [1, 2, 3, 3, 4, 4, 5, 5]);
        let m: Vec<u8> = ["9999.99", "10000", "49999", "50000", "100000"]
            .iter()
            .map(|v| at_least(&d(v), &p.monetary_yen))
            .collect();
        assert_eq!(m, [1, 2, 3, 4, 5]);
    }

    #[test]
    fn quintiles_give_equal_values_equal_scores_under_heavy_ties() {
        // 10 customers: 6 one-time buyers, 2 with 2 days, 1 with 3, 1 with 10.
        let days = [1u32, 1, 1, 1, 1, 1, 2, 2, 3, 10];
        // One-time: 0 worse → 1. Two days: 6 worse → 1 + ⌊30/10⌋ = 4.
        // Three: 8 worse → 5. Ten: 9 worse → 1 + ⌊45/10⌋ = 5.
        assert_eq!(quintiles(&days), [1, 1, 1, 1, 1, 1, 4, 4, 5, 5]);
        // Distinct values: plain quintiles, 2 per score.
        let distinct: Vec<u32> = (1..=10).collect();
        assert_eq!(quintiles(&distinct), [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
        // Everyone equal: everyone 1.
        assert_eq!(quintiles(&[7u32; 4]), [1, 1, 1, 1]);
        // Counting gives the same scores; for recency, fewer days is better.
        assert_eq!(quintiles_counted(&days, false), quintiles(&days));
        let recency = [0u32, 0, 5, 5, 5, 9, 30, 30, 200, 400];
        let negated: Vec<i64> = recency.iter().map(|&d| -i64::from(d)).collect();
        // 400: 0 worse → 1; 200: 1 → 1; 30: 2 → 2; 9: 4 → 3; 5: 5 → 3; 0: 8 → 5.
        assert_eq!(quintiles_counted(&recency, true), [5, 5, 3, 3, 3, 3, 2, 2, 1, 1]);
        assert_eq!(quintiles(&negated), quintiles_counted(&recency, true));
    }

    /// Analysis date 2024-06-30. Same-day orders merge; the cancelled order is gone.
    /// A: 8 days within 2024-05/06, last 06-30 (R 0 → 5), F 5+ → 4, ¥80,000 → M 4: 優良顧客.
    /// B: 2024-06-10 two orders the same day (1 purchase day): R 20 → 5, F 1: 新規顧客.
    /// C: 2024-01-01, 2024-02-01, 2024-03-01 (3 days), R 121 → 2, F 3: 離反予備軍.
    /// D: 2023-06-01 once (R 395 → 1, F 1): 休眠顧客; its 2nd order is キャンセル.
    const SHOP: &str = "customer_id,order_date,amount,status
A,2024-05-01,10000,済
A,2024-05-08,10000,済
A,2024-05-15,10000,済
A,2024-05-22,10000,済
A,2024-05-29,10000,済
A,2024-06-05,10000,済
A,2024-06-12,10000,済
A,2024-06-30,10000,済
B,2024-06-10,3000,済
B,2024-06-10,2000,済
C,2024-01-01,4000,済
C,2024-02-01,4000,済
C,2024-03-01,4000,済
D,2023-06-01,8000,済
D,2023-07-01,5000,キャンセル
";

    #[test]
    fn the_rfm_view_counts_segments_shares_the_best_cluster_and_fills_the_grid() {
        let ds = data(SHOP);
        let t = CustomerTable::build(&ds, &AnalysisParams::default()).unwrap();
        assert_eq!(
            (t.scores.r.clone(), t.scores.f.clone(), t.scores.m.clone()),
            (vec![5, 5, 2, 1], vec![4, 1, 3, 1], vec![4, 1, 2, 1])
        );
        let s = summarize(t.facts(), &t.scores, &RfmParams::default());
        assert_eq!(s.score_counts.frequency, [2, 0, 1, 1, 0]);
        let seg = |x: Segment| s.segments.iter().find(|r| r.segment == x).unwrap();
        // Revenue: A 80,000, B 5,000, C 12,000, D 8,000 = 105,000.
        assert_eq!(
            (seg(Segment::Champions).figures.customers, seg(Segment::Champions).figures.revenue),
            (1, d("80000"))
        );
        assert_eq!(
            (seg(Segment::New).figures.customers, seg(Segment::New).figures.revenue),
            (1, d("5000"))
        );
        assert_eq!(seg(Segment::AtRisk).figures.revenue_per_customer, d("12000"));
        assert_eq!(seg(Segment::Dormant).figures.customers, 1);
        assert_eq!(seg(Segment::Loyal).figures.customers, 0);
        let best = &s.best_customers;
        // 1 of 4 customers (25 %) brings 80,000 ÷ 105,000 = 76.19 % of revenue.
        assert_eq!((best.customers, best.customer_share), (1, 0.25));
        assert_eq!(best.revenue_share, 80_000.0 / 105_000.0);
        assert!((best.lift - 3.047_619).abs() < 1e-6);
        assert_eq!(s.grid.len(), 25);
        let cell = s.grid.iter().find(|c| (c.r, c.f) == (2, 3)).unwrap();
        assert_eq!((cell.customers, cell.revenue, cell.segment), (1, d("12000"), Segment::AtRisk));
        assert_eq!(s.grid.iter().map(|c| c.customers).sum::<u64>(), 4);
    }

    #[test]
    fn thresholds_must_increase() {
        let p = RfmParams { recency_days: [30, 30, 90, 180], ..Default::default() };
        assert!(matches!(p.validate(), Err(Error::BadParameter { name: "rfm.recencyDays", .. })));
        let p = RfmParams { frequency_days: [1, 3, 5, 10], ..Default::default() };
        assert!(p.validate().is_err());
    }
}
