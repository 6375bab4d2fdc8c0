//! One status per customer for action — 現役 (active), 離反しかけ (slipping), 休眠 (lapsed),
//! 新規 (new) — from the days since the last purchase against the customer's **usual interval**
//! (いつもの購入間隔), and the lists of 「今週やること」 built on it.
//!
//! RFM and CPM measure every customer with the same yardstick (R: 30/60/90/180 days, CPM's 離脱:
//! 240 days), so a customer who buys once a year is 休眠 by RFM while on time, and a customer who
//! bought every week is 現役 by CPM months after stopping. The status measures each customer by
//! their own rhythm, so that it says what to do now.
//!
//! **The rule** (defaults in [`StatusParams`]):
//! * the **usual interval** `I` of a customer is
//!   - with 3 purchase days or more: the median of their own gaps between consecutive purchase
//!     days;
//!   - with 2 purchase days: the shop's median gap between consecutive purchase days (all repeat
//!     customers' gaps), since one gap says little;
//!   - with 1 purchase day: the shop's typical 転換日数, the median days from the first to the
//!     second purchase day of the customers who came back;
//!   - and never less than 30 days (a customer who bought three times in a week is not lost a week
//!     later); the floor alone when the shop has no repeat customer;
//! * with `R` the days since the last purchase: **休眠** when `R > 3 × I`; else **離反しかけ**
//!   when `R > 1.5 × I`; else **新規** with one purchase day, **現役** with two or more;
//! * once the forecast has run, a customer with 2 purchase days or more whose P(alive) is below
//!   the forecast's threshold (50 %) is at least 離反しかけ, and below 10 % 休眠. The forecast
//!   only makes a status more cautious, never rosier, and does not touch one-time buyers (BG/NBD
//!   says nothing about them: their P(alive) is 1).
//!
//! A median of an even number of gaps is the mean of the two middle ones, rounded up to a whole
//! day. The comparisons are exact in integers (`100 × R > 150 × I`).
//!
//! **今週やること** ([`ActionList`]): three lists computed from the statuses, most urgent first —
//! win back the valuable customers who are 離反しかけ; follow up the 新規 customers who have reached
//! half of the usual interval (their 2nd purchase is due); thank and keep the valuable 現役
//! customers. *Valuable* is the top fifth of customers by revenue to date (ties included), as
//! for the forecast's probably-lost flag.

use super::facts::{Amount, CustomerFacts, Fixed};
use crate::dataset::Dataset;
use crate::Error;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The status parameters (all optional in JSON).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StatusParams {
    /// The shortest usual interval, in days (default 30).
    pub min_interval_days: u32,
    /// Purchase days from which a customer's own median gap is their usual interval (default 3).
    pub own_rhythm_from_days: u32,
    /// 離反しかけ once the days since the last purchase exceed this percentage of the usual
    /// interval (default 150).
    pub slipping_percent: u32,
    /// 休眠 beyond this percentage (default 300).
    pub lapsed_percent: u32,
    /// With a forecast: a repeat customer whose P(alive) is below this is 休眠 (default 0.1).
    pub lapsed_below_p_alive: f64,
}

impl Default for StatusParams {
    fn default() -> Self {
        StatusParams {
            min_interval_days: 30,
            own_rhythm_from_days: 3,
            slipping_percent: 150,
            lapsed_percent: 300,
            lapsed_below_p_alive: 0.1,
        }
    }
}

impl StatusParams {
    /// Checks the parameters.
    ///
    /// # Errors
    /// [`Error::BadParameter`] naming the first one out of range.
    pub fn validate(&self) -> Result<(), Error> {
        let bad = |name, reason: &str| Err(Error::BadParameter { name, reason: reason.into() });
        if !(1..=3650).contains(&self.min_interval_days) {
            return bad("status.minIntervalDays", "must be 1 to 3650 days");
        }
        if self.own_rhythm_from_days < 2 {
            return bad("status.ownRhythmFromDays", "must be at least 2");
        }
        if !(100..=10_000).contains(&self.slipping_percent) {
            return bad("status.slippingPercent", "must be 100 to 10000");
        }
        if self.lapsed_percent <= self.slipping_percent || self.lapsed_percent > 10_000 {
            return bad("status.lapsedPercent", "must exceed status.slippingPercent");
        }
        if !(0.0..=1.0).contains(&self.lapsed_below_p_alive) {
            return bad("status.lapsedBelowPAlive", "must be between 0 and 1");
        }
        Ok(())
    }
}

/// A customer's status for action.
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
pub enum Status {
    /// 現役: two purchase days or more, on rhythm.
    Active,
    /// 新規: one purchase day, recent.
    New,
    /// 離反しかけ: past 1.5 × the usual interval.
    Slipping,
    /// 休眠: past 3 × the usual interval.
    Lapsed,
}

impl Status {
    /// Every status, in the order the page lists them.
    pub const ALL: [Status; 4] = [Status::Active, Status::New, Status::Slipping, Status::Lapsed];
}

/// The status from the days since the last purchase (`recency`), the purchase days and the usual
/// interval (days, at least 1).
///
/// ```
/// use ltv::analysis::status::{classify, Status, StatusParams};
/// let p = StatusParams::default();
/// assert_eq!(classify(45, 1, 30, &p), Status::New); // 45 = 1.5 × 30: still new
/// assert_eq!(classify(46, 4, 30, &p), Status::Slipping);
/// assert_eq!(classify(91, 4, 30, &p), Status::Lapsed);
/// ```
#[must_use]
pub fn classify(recency: u32, purchase_days: u32, interval: u32, p: &StatusParams) -> Status {
    let past = |percent: u32| u64::from(recency) * 100 > u64::from(interval) * u64::from(percent);
    if past(p.lapsed_percent) {
        Status::Lapsed
    } else if past(p.slipping_percent) {
        Status::Slipping
    } else if purchase_days <= 1 {
        Status::New
    } else {
        Status::Active
    }
}

/// The status once the forecast has run: a repeat customer (2 purchase days or more) whose
/// P(alive) is below `slipping_below` is at least 離反しかけ, below
/// [`StatusParams::lapsed_below_p_alive`] 休眠; never rosier than `status`.
///
/// ```
/// use ltv::analysis::status::{refine, Status, StatusParams};
/// let p = StatusParams::default();
/// assert_eq!(refine(Status::Active, 4, 0.3, 0.5, &p), Status::Slipping);
/// assert_eq!(refine(Status::Lapsed, 4, 0.9, 0.5, &p), Status::Lapsed);
/// ```
#[must_use]
pub fn refine(
    status: Status,
    purchase_days: u32,
    p_alive: f64,
    slipping_below: f64,
    p: &StatusParams,
) -> Status {
    if purchase_days < 2 || status == Status::Lapsed {
        return status;
    }
    if p_alive < p.lapsed_below_p_alive {
        Status::Lapsed
    } else if p_alive < slipping_below && status == Status::Active {
        Status::Slipping
    } else {
        status
    }
}

/// The median of the gaps (sorts them): the middle one, or the mean of the two middle ones
/// rounded up; `None` for none.
fn median(gaps: &mut [u32]) -> Option<u32> {
    let n = gaps.len();
    if n == 0 {
        return None;
    }
    gaps.sort_unstable();
    let (low, high) = (gaps[(n - 1) / 2], gaps[n / 2]);
    Some(((u64::from(low) + u64::from(high)).div_ceil(2)) as u32)
}

/// The median of a histogram (`counts[d]` gaps of `d` days), by the same rule as [`median`].
fn histogram_median(counts: &[u64]) -> Option<u32> {
    let n: u64 = counts.iter().sum();
    if n == 0 {
        return None;
    }
    // The values at 0-based ranks (n − 1) / 2 and n / 2.
    let at = |rank: u64| {
        let mut seen = 0;
        counts.iter().position(|&c| {
            seen += c;
            seen > rank
        })
    };
    let (low, high) = (at((n - 1) / 2)?, at(n / 2)?);
    Some(((low + high) as u64).div_ceil(2) as u32)
}

/// The shop's rhythm and every customer's usual interval.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Rhythms {
    /// Per row: the usual interval in days (the floor applied).
    pub(crate) interval: Vec<u32>,
    /// 転換日数: the median days from the first to the second purchase day.
    pub(crate) days_to_second: Option<u32>,
    /// The median gap between consecutive purchase days, over all repeat customers.
    pub(crate) repeat_interval: Option<u32>,
}

/// Every customer's usual interval, and the shop's two medians it falls back on.
pub(crate) fn rhythms(ds: &Dataset, b: &CustomerFacts, p: &StatusParams) -> Rhythms {
    let span = (b.as_of - b.first_day).max(0) as usize + 1;
    let (mut gaps_hist, mut second_hist) = (vec![0u64; span], vec![0u64; span]);
    let mut own = vec![0u32; b.len()];
    let mut gaps = Vec::new();
    for (i, &c) in b.ids.iter().enumerate() {
        if b.days[i] < 2 {
            continue;
        }
        gaps.clear();
        let mut previous: Option<crate::date::Day> = None;
        for d in ds.purchases_of(c as usize).iter().filter(|p| p.orders > 0).map(|p| p.day) {
            if d > b.as_of {
                break;
            }
            if let Some(prev) = previous {
                let gap = (d - prev).max(0) as u32;
                gaps.push(gap);
                if let Some(slot) = gaps_hist.get_mut(gap as usize) {
                    *slot += 1;
                }
            }
            previous = Some(d);
        }
        if let Some(slot) = second_hist.get_mut((b.second[i] - b.first[i]).max(0) as usize) {
            *slot += 1;
        }
        if b.days[i] >= p.own_rhythm_from_days {
            own[i] = median(&mut gaps).unwrap_or(0);
        }
    }
    let days_to_second = histogram_median(&second_hist);
    let repeat_interval = histogram_median(&gaps_hist);
    let interval = own
        .iter()
        .enumerate()
        .map(|(i, &own)| {
            let rhythm = match b.days[i] {
                d if d >= p.own_rhythm_from_days => Some(own),
                1 => days_to_second,
                _ => repeat_interval,
            };
            rhythm.unwrap_or(0).max(p.min_interval_days)
        })
        .collect();
    Rhythms { interval, days_to_second, repeat_interval }
}

/// One of the lists of 「今週やること」.
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
pub enum ActionList {
    /// 離反しかけの優良顧客を呼び戻す: valuable customers who are 離反しかけ.
    WinBack,
    /// 2回目の購入を後押しする: 新規 customers past half their usual interval.
    SecondPurchase,
    /// 優良顧客にお礼と特別扱い: valuable customers who are 現役.
    Thank,
}

impl ActionList {
    /// Every list, most urgent first.
    pub const ALL: [ActionList; 3] =
        [ActionList::WinBack, ActionList::SecondPurchase, ActionList::Thank];

    /// Whether a customer belongs to the list.
    pub(crate) fn has(self, status: Status, valuable: bool, recency: u32, interval: u32) -> bool {
        match self {
            ActionList::WinBack => status == Status::Slipping && valuable,
            ActionList::SecondPurchase => {
                status == Status::New && u64::from(recency) * 2 >= u64::from(interval)
            }
            ActionList::Thank => status == Status::Active && valuable,
        }
    }
}

/// The customers of one status or one list: how many and their revenue.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Count {
    /// Customers.
    pub customers: u64,
    /// Their net revenue to the analysis date.
    pub revenue: Decimal,
}

/// One status and its customers.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusGroup {
    /// The status.
    pub status: Status,
    /// Its customers.
    #[serde(flatten)]
    pub count: Count,
}

/// One list of 「今週やること」.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionGroup {
    /// The list.
    pub list: ActionList,
    /// Its customers.
    #[serde(flatten)]
    pub count: Count,
}

/// The statuses and the lists of 「今週やること」, as of the analysis date.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusSummary {
    /// 転換日数: median days from the first to the second purchase day; `None` without repeat
    /// customers.
    pub days_to_second: Option<u32>,
    /// The median gap between consecutive purchase days of repeat customers.
    pub repeat_interval: Option<u32>,
    /// The usual interval of one-time buyers (転換日数 with the floor).
    pub new_interval: u32,
    /// The parameters the statuses were given with.
    pub params: StatusParams,
    /// Revenue from which a customer is valuable (the top fifth).
    pub valuable_from: Decimal,
    /// Whether the forecast's P(alive) refined the statuses.
    pub forecast: bool,
    /// Each status, in [`Status::ALL`] order.
    pub statuses: Vec<StatusGroup>,
    /// 今週やること, most urgent first.
    pub lists: Vec<ActionGroup>,
}

/// The revenue from which a customer is in the top fifth (at least one customer).
pub(crate) fn top_fifth(revenue: &[Amount]) -> Fixed {
    let n = revenue.len();
    if n == 0 {
        return Fixed::MAX;
    }
    let mut by_revenue = revenue.to_vec();
    Fixed::from(*by_revenue.select_nth_unstable(n - n.div_ceil(5)).1)
}

/// Counts the statuses and the lists; `status(i)` is row `i`'s current status.
pub(crate) fn summarize(
    b: &CustomerFacts,
    rhythms: &Rhythms,
    params: &StatusParams,
    valuable_from: Fixed,
    forecast: bool,
    status: impl Fn(usize) -> Status,
) -> StatusSummary {
    let mut by_status = [(0u64, 0 as Fixed); 4];
    let mut by_list = [(0u64, 0 as Fixed); 3];
    for i in 0..b.len() {
        let s = status(i);
        let add =
            |slot: &mut (u64, Fixed)| *slot = (slot.0 + 1, slot.1 + Fixed::from(b.revenue[i]));
        add(&mut by_status[Status::ALL.iter().position(|&x| x == s).unwrap_or(0)]);
        let valuable = Fixed::from(b.revenue[i]) >= valuable_from;
        for (k, list) in ActionList::ALL.iter().enumerate() {
            if list.has(s, valuable, b.recency(i), rhythms.interval[i]) {
                add(&mut by_list[k]);
            }
        }
    }
    let count = |(customers, revenue): (u64, Fixed)| Count { customers, revenue: b.money(revenue) };
    StatusSummary {
        days_to_second: rhythms.days_to_second,
        repeat_interval: rhythms.repeat_interval,
        new_interval: rhythms.days_to_second.unwrap_or(0).max(params.min_interval_days),
        params: params.clone(),
        valuable_from: if b.len() == 0 { Decimal::ZERO } else { b.money(valuable_from) },
        forecast,
        statuses: Status::ALL
            .iter()
            .zip(by_status)
            .map(|(&status, c)| StatusGroup { status, count: count(c) })
            .collect(),
        lists: ActionList::ALL
            .iter()
            .zip(by_list)
            .map(|(&list, c)| ActionGroup { list, count: count(c) })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testing::data;
    use crate::date::parse_iso_day;

    #[test]
    fn medians_take_the_middle_gap_or_the_mean_of_the_two_rounded_up() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [3, 1, 2]), Some(2));
        assert_eq!(median(&mut [60, 41]), Some(51)); // 50.5 → 51
        assert_eq!(median(&mut [70, 10, 50, 20]), Some(35)); // (20 + 50) ÷ 2
        let mut counts = vec![0u64; 71];
        for d in [10, 20, 50, 70] {
            counts[d] += 1;
        }
        assert_eq!(histogram_median(&counts), Some(35));
        counts[41] += 1; // 10, 20, 41, 50, 70
        assert_eq!(histogram_median(&counts), Some(41));
        assert_eq!(histogram_median(&[0, 0, 1, 1]), Some(3)); // 2 and 3: 2.5 → 3
        assert_eq!(histogram_median(&[0; 4]), None);
    }

    #[test]
    fn the_status_changes_exactly_past_one_and_a_half_and_three_times_the_interval() {
        let p = StatusParams::default();
        // Interval 35 days: 1.5 × 35 = 52.5, 3 × 35 = 105.
        let at = |recency, days| classify(recency, days, 35, &p);
        assert_eq!(
            [at(0, 2), at(52, 2), at(53, 2)],
            [Status::Active, Status::Active, Status::Slipping]
        );
        assert_eq!([at(105, 2), at(106, 2)], [Status::Slipping, Status::Lapsed]);
        // One purchase day: 新規 while on rhythm, then the same steps.
        assert_eq!(
            [at(0, 1), at(52, 1), at(53, 1), at(106, 1)],
            [Status::New, Status::New, Status::Slipping, Status::Lapsed]
        );
        // Other percentages: slipping past 100 %, lapsed past 200 % of 30 days.
        let q = StatusParams { slipping_percent: 100, lapsed_percent: 200, ..p.clone() };
        assert_eq!(
            [30, 31, 60, 61].map(|r| classify(r, 3, 30, &q)),
            [Status::Active, Status::Slipping, Status::Slipping, Status::Lapsed]
        );
    }

    #[test]
    fn the_forecast_only_makes_a_repeat_customers_status_more_cautious() {
        let p = StatusParams::default();
        let r = |s, days, alive| refine(s, days, alive, 0.5, &p);
        assert_eq!(r(Status::Active, 2, 0.5), Status::Active); // not below the threshold
        assert_eq!(r(Status::Active, 2, 0.499), Status::Slipping);
        assert_eq!(r(Status::Active, 2, 0.1), Status::Slipping); // 10 % is not below 10 %
        assert_eq!(r(Status::Active, 2, 0.099), Status::Lapsed);
        assert_eq!(r(Status::Slipping, 5, 0.3), Status::Slipping);
        assert_eq!(r(Status::Slipping, 5, 0.05), Status::Lapsed);
        assert_eq!(r(Status::Slipping, 5, 0.99), Status::Slipping); // never rosier
        assert_eq!(r(Status::Lapsed, 5, 0.99), Status::Lapsed);
        // One-time buyers are left as they are.
        assert_eq!(r(Status::New, 1, 0.0), Status::New);
        assert_eq!(r(Status::Slipping, 1, 0.0), Status::Slipping);
    }

    /// A: 2024-01-01, 02-20 (+50), 04-30 (+70): own median (50 + 70) ÷ 2 = 60.
    /// B: 01-01, 01-21 (+20). C: 03-01, 03-11 (+10). D: 04-01 only.
    /// The shop's gaps 10, 20, 50, 70: median 35 (B's and C's interval). 転換日数 A 50, B 20,
    /// C 10: median 20, below the 30-day floor: D's interval is 30.
    const SHOP: &str = "customer_id,order_date,amount
A,2024-01-01,1000
B,2024-01-01,1000
A,2024-02-20,1000
B,2024-01-21,2000
C,2024-03-01,500
C,2024-03-11,500
D,2024-04-01,8000
A,2024-04-30,1000
A,2024-04-30,1000
";

    fn statuses_at(day: &str) -> (Rhythms, Vec<Status>) {
        let ds = data(SHOP);
        let b = CustomerFacts::build(&ds, parse_iso_day(day).unwrap(), None, &[]);
        let p = StatusParams::default();
        let r = rhythms(&ds, &b, &p);
        let s =
            (0..b.len()).map(|i| classify(b.recency(i), b.days[i], r.interval[i], &p)).collect();
        (r, s)
    }

    #[test]
    fn each_customer_is_measured_against_their_own_or_the_shops_rhythm() {
        use Status::*;
        let (r, _) = statuses_at("2024-04-30");
        // Rows in dataset order: A, B, C, D (two orders of A on 04-30 are one purchase day).
        assert_eq!(r.interval, [60, 35, 35, 30]);
        assert_eq!((r.days_to_second, r.repeat_interval), (Some(20), Some(35)));
        // A (last 04-30, I 60): active to 90 days (07-29), slipping to 180 (10-27), then lapsed.
        assert_eq!(statuses_at("2024-07-29").1[0], Active);
        assert_eq!(statuses_at("2024-07-30").1[0], Slipping);
        assert_eq!(statuses_at("2024-10-27").1[0], Slipping);
        assert_eq!(statuses_at("2024-10-28").1[0], Lapsed);
        // D (one day, 04-01, I 30): new to 45 days (05-16), slipping to 90 (06-30), then lapsed.
        assert_eq!(statuses_at("2024-05-16").1[3], New);
        assert_eq!(statuses_at("2024-05-17").1[3], Slipping);
        assert_eq!(statuses_at("2024-06-30").1[3], Slipping);
        assert_eq!(statuses_at("2024-07-01").1[3], Lapsed);
        // As of 04-30: B last bought 01-21 (100 days > 52.5, ≤ 105): slipping; C 03-11
        // (50 days ≤ 52.5): active; D 29 days: new.
        assert_eq!(statuses_at("2024-04-30").1, [Active, Slipping, Active, New]);
        // B is lapsed after 105 days (05-05 is day 105, 05-06 day 106).
        assert_eq!(statuses_at("2024-05-05").1[1], Slipping);
        assert_eq!(statuses_at("2024-05-06").1[1], Lapsed);
    }

    #[test]
    fn a_shop_without_repeat_customers_falls_back_on_the_floor() {
        let ds = data("customer_id,order_date,amount\nA,2024-01-01,100\nB,2024-02-15,100\n");
        let b = CustomerFacts::build(&ds, parse_iso_day("2024-02-15").unwrap(), None, &[]);
        let r = rhythms(&ds, &b, &StatusParams::default());
        assert_eq!((r.interval, r.days_to_second, r.repeat_interval), (vec![30, 30], None, None));
    }

    #[test]
    fn the_lists_hold_the_valuable_slipping_the_new_past_half_their_interval_and_the_valuable_active(
    ) {
        // As of 04-30 (see SHOP): A active 4,000; B slipping 3,000; C active 1,000; D new 8,000
        // (29 days ≥ 30 ÷ 2). Top fifth of 4 customers = 1 customer: from 8,000 (D).
        let ds = data(SHOP);
        let b = CustomerFacts::build(&ds, parse_iso_day("2024-04-30").unwrap(), None, &[]);
        let p = StatusParams::default();
        let r = rhythms(&ds, &b, &p);
        let valuable = top_fifth(&b.revenue);
        assert_eq!(b.money(valuable), Decimal::from(8000));
        let s = |i: usize| classify(b.recency(i), b.days[i], r.interval[i], &p);
        let sum = summarize(&b, &r, &p, valuable, false, s);
        let counts: Vec<(Status, u64, String)> = sum
            .statuses
            .iter()
            .map(|g| (g.status, g.count.customers, g.count.revenue.to_string()))
            .collect();
        assert_eq!(
            counts,
            [
                (Status::Active, 2, "5000".into()),
                (Status::New, 1, "8000".into()),
                (Status::Slipping, 1, "3000".into()),
                (Status::Lapsed, 0, "0".into())
            ]
        );
        let lists: Vec<(ActionList, u64)> =
            sum.lists.iter().map(|g| (g.list, g.count.customers)).collect();
        // B is slipping but not valuable; D is new at 29 days (≥ 15); nobody active is valuable.
        assert_eq!(
            lists,
            [(ActionList::WinBack, 0), (ActionList::SecondPurchase, 1), (ActionList::Thank, 0)]
        );
        assert_eq!(
            (sum.days_to_second, sum.repeat_interval, sum.new_interval),
            (Some(20), Some(35), 30)
        );
        // With a lower bar (the top three: 3,000 and more), A is thanked and B won back.
        let sum = summarize(&b, &r, &p, b.fixed(Decimal::from(3000)), false, s);
        let lists: Vec<u64> = sum.lists.iter().map(|g| g.count.customers).collect();
        assert_eq!(lists, [1, 1, 1]);
        assert_eq!(sum.lists[0].count.revenue, Decimal::from(3000));
        // D at 14 days is new but not yet due (14 × 2 < 30).
        assert!(!ActionList::SecondPurchase.has(Status::New, false, 14, 30));
        assert!(ActionList::SecondPurchase.has(Status::New, false, 15, 30));
    }
}
