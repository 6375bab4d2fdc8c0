//! 回数別 (F1 → F2 → … → F10 → 11回以上): how far customers climb the ladder of purchase days, and
//! where they fall off.
//!
//! For each step n (the n-th purchase day, `D_n`), over the customers who reached it:
//!
//! | figure | definition |
//! |---|---|
//! | 到達 reached | customers with at least n purchase days up to the analysis date |
//! | 継続 stepped | of those, customers whose (n+1)-th purchase day came within the 離脱基準日数 X: at most X − 1 days after `D_n` (day 0 = `D_n`; the rule of the F2 windows, [`super::measured::window_outcome`]); counted as soon as it happened, also while the X days are not over |
//! | 離脱 lapsed | no (n+1)-th purchase day within X days, the X days having ended by the analysis date (`D_n + X − 1` ≤ analysis date); a customer who came back later is 離脱 here and counted in `returned_later` |
//! | 判定待ち pending | no (n+1)-th purchase day yet and the X days not over: left out of the rate |
//! | 継続率 step rate | stepped ÷ (stepped + lapsed) |
//! | 日数 days | days from `D_n` to `D_{n+1}` over the customers who reached n+1 (also late ones): mean and median (the mean of the middle two for an even count) |
//!
//! Rows 1 to 10 are the 1st to 10th purchase day; row 11 (`11回以上`) pools every step from the
//! 11th purchase day on (its `reached` counts customers with 11 days or more, its other figures
//! count steps). The same table is given for every acquisition month, every acquisition channel
//! (the channel of the first order) and every product of the first purchase day (除外 products
//! never count; products with fewer first-day customers than
//! [`super::products::ProductParams::min_customers`] are left out, at most [`MAX_PRODUCTS`]).

use super::facts::CustomerFacts;
use super::measured::window_outcome;
use super::products::{guess_kind, Kind, ProductParams};
use super::share;
use crate::dataset::{Dataset, NO_CHANNEL};
use crate::date::Day;
use crate::order::sort_rows;
use crate::Error;
use serde::{Deserialize, Serialize};

/// Rows of a ladder: the 1st to 10th purchase day and 11回以上.
pub const LADDER_ROWS: usize = 11;

/// The most first products given a ladder of their own (those with the most customers).
pub const MAX_PRODUCTS: usize = 30;

/// What the ladder can be told.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LadderParams {
    /// 離脱基準日数: no next purchase within this many days is 離脱; default 180.
    pub lapse_days: u32,
}

impl Default for LadderParams {
    fn default() -> Self {
        LadderParams { lapse_days: 180 }
    }
}

impl LadderParams {
    /// Checks the days.
    ///
    /// # Errors
    /// [`Error::BadParameter`] when the days are not 1 to 3650.
    pub fn validate(&self) -> Result<(), Error> {
        if !(1..=3650).contains(&self.lapse_days) {
            return Err(Error::BadParameter {
                name: "ladder.lapseDays",
                reason: "must be 1 to 3650 days".into(),
            });
        }
        Ok(())
    }
}

/// One step of a ladder.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LadderRow {
    /// The purchase day: 1 to 10, or 11 for 11回以上.
    pub purchase: u32,
    /// Customers who reached it.
    pub reached: u64,
    /// reached ÷ the customers of the ladder (who all reached the 1st).
    pub reached_share: f64,
    /// Next purchase day within the 離脱基準日数.
    pub stepped: u64,
    /// No next purchase day within the 離脱基準日数, which has ended.
    pub lapsed: u64,
    /// No next purchase day yet, within the 離脱基準日数.
    pub pending: u64,
    /// Of the lapsed, customers who bought again after the 離脱基準日数.
    pub returned_later: u64,
    /// stepped ÷ (stepped + lapsed); `None` when nobody is decided.
    pub step_rate: Option<f64>,
    /// Mean days to the next purchase day (those who made it).
    pub mean_days: Option<f64>,
    /// Median days to the next purchase day.
    pub median_days: Option<f64>,
}

/// The ladder of one group of customers.
#[derive(Debug, Default, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LadderSegment {
    /// The acquisition month (`2024-03`), channel or product; empty for everyone.
    pub key: String,
    /// Customers in the group.
    pub customers: u64,
    /// The 11 rows.
    pub rows: Vec<LadderRow>,
}

/// 回数別: everyone, and by acquisition month, channel and first product.
#[derive(Debug, Default, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Ladder {
    /// The 離脱基準日数 used.
    pub lapse_days: u32,
    /// Every customer.
    pub all: LadderSegment,
    /// By acquisition month, oldest first.
    pub by_month: Vec<LadderSegment>,
    /// By acquisition channel, most customers first (empty without a channel column).
    pub by_channel: Vec<LadderSegment>,
    /// By product of the first purchase day, most customers first (empty without a product column).
    pub by_product: Vec<LadderSegment>,
}

/// Days counted by value (a gap of days), for the median without sorting.
#[derive(Debug, Default, Clone)]
pub(crate) struct DayCounts {
    counts: Vec<u32>,
    n: u64,
    sum: u64,
}

impl DayCounts {
    pub(crate) fn add(&mut self, days: u32) {
        let k = days as usize;
        if k >= self.counts.len() {
            self.counts.resize(k + 1, 0);
        }
        self.counts[k] += 1;
        self.n += 1;
        self.sum += u64::from(days);
    }

    /// Adds `other`'s days.
    fn merge(&mut self, other: &DayCounts) {
        if other.counts.len() > self.counts.len() {
            self.counts.resize(other.counts.len(), 0);
        }
        for (c, &o) in self.counts.iter_mut().zip(&other.counts) {
            *c += o;
        }
        self.n += other.n;
        self.sum += other.sum;
    }

    pub(crate) fn mean(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum as f64 / self.n as f64)
    }

    /// The `k`-th smallest value (0-based).
    fn nth(&self, k: u64) -> u32 {
        let mut seen = 0u64;
        for (v, &c) in self.counts.iter().enumerate() {
            seen += u64::from(c);
            if seen > k {
                return v as u32;
            }
        }
        0
    }

    /// The median (the mean of the middle two for an even count).
    pub(crate) fn median(&self) -> Option<f64> {
        match self.n {
            0 => None,
            n if n % 2 == 1 => Some(f64::from(self.nth(n / 2))),
            n => Some((f64::from(self.nth(n / 2 - 1)) + f64::from(self.nth(n / 2))) / 2.0),
        }
    }
}

#[derive(Debug, Default, Clone)]
struct RowAcc {
    reached: u64,
    stepped: u64,
    lapsed: u64,
    pending: u64,
    returned_later: u64,
    days: DayCounts,
}

/// What one step of one customer was.
#[derive(Clone, Copy)]
struct Step {
    row: usize,
    /// Counts in `reached` (the first step of the row for this customer).
    reach: bool,
    outcome: Option<bool>,
    /// Days to the next purchase day, when there is one.
    days: Option<u32>,
}

#[derive(Debug, Default, Clone)]
struct Acc {
    customers: u64,
    rows: Vec<RowAcc>,
}

impl Acc {
    fn add(&mut self, steps: &[Step]) {
        self.customers += 1;
        if self.rows.is_empty() {
            self.rows = vec![RowAcc::default(); LADDER_ROWS];
        }
        for s in steps {
            let r = &mut self.rows[s.row];
            r.reached += u64::from(s.reach);
            match (s.outcome, s.days) {
                (Some(true), _) => r.stepped += 1,
                (Some(false), later) => {
                    r.lapsed += 1;
                    r.returned_later += u64::from(later.is_some());
                }
                (None, _) => r.pending += 1,
            }
            if let Some(d) = s.days {
                r.days.add(d);
            }
        }
    }

    /// Adds `other`'s customers (every count is a sum: the same as adding them one by one).
    fn merge(&mut self, other: &Acc) {
        self.customers += other.customers;
        if other.rows.is_empty() {
            return;
        }
        if self.rows.is_empty() {
            self.rows = vec![RowAcc::default(); LADDER_ROWS];
        }
        for (r, o) in self.rows.iter_mut().zip(&other.rows) {
            r.reached += o.reached;
            r.stepped += o.stepped;
            r.lapsed += o.lapsed;
            r.pending += o.pending;
            r.returned_later += o.returned_later;
            r.days.merge(&o.days);
        }
    }

    fn segment(&self, key: String) -> LadderSegment {
        let rows = (0..LADDER_ROWS)
            .map(|k| {
                let r = self.rows.get(k).cloned().unwrap_or_default();
                let decided = r.stepped + r.lapsed;
                LadderRow {
                    purchase: k as u32 + 1,
                    reached: r.reached,
                    reached_share: share(r.reached, self.customers),
                    stepped: r.stepped,
                    lapsed: r.lapsed,
                    pending: r.pending,
                    returned_later: r.returned_later,
                    step_rate: (decided > 0).then(|| share(r.stepped, decided)),
                    mean_days: r.days.mean(),
                    median_days: r.days.median(),
                }
            })
            .collect();
        LadderSegment { key, customers: self.customers, rows }
    }
}

/// The 区分 of every product of the dataset (the shop's override, else the guess).
pub(crate) fn product_kinds(ds: &Dataset, params: &ProductParams) -> Vec<Kind> {
    ds.products.as_ref().map_or_else(Vec::new, |p| {
        p.names
            .iter()
            .map(|n| params.overrides.get(n).and_then(|o| o.kind).unwrap_or_else(|| guess_kind(n)))
            .collect()
    })
}

/// Customer `c`'s purchase days with an order, on or before `as_of`: (purchase index, day).
pub(crate) fn purchase_days(
    ds: &Dataset,
    c: usize,
    as_of: Day,
) -> impl Iterator<Item = (usize, Day)> + '_ {
    ds.purchases_of(c)
        .iter()
        .enumerate()
        .take_while(move |(_, p)| p.day <= as_of)
        .filter(|(_, p)| p.orders > 0)
        .map(|(k, p)| (k, p.day))
}

/// The outcome of one step from `day`: `Some(true)` when `next` is at most `x − 1` days after it
/// (decided as soon as it happens), `Some(false)` when it is not and the `x` days have ended by
/// `as_of` ([`window_outcome`]'s rule), `None` while they have not.
fn step_outcome(day: Day, next: Option<Day>, as_of: Day, x: u32) -> Option<bool> {
    if next.is_some_and(|n| i64::from(n) - i64::from(day) < i64::from(x)) {
        return Some(true);
    }
    window_outcome(day, next.unwrap_or(Day::MAX), as_of, x)
}

/// 回数別 (see the module doc).
#[must_use]
pub(crate) fn ladder(
    ds: &Dataset,
    b: &CustomerFacts,
    params: &LadderParams,
    products: &ProductParams,
) -> Ladder {
    let x = params.lapse_days;
    let kinds = product_kinds(ds, products);
    let counted = |id: u32| kinds.get(id as usize).is_some_and(|k| *k != Kind::Excluded);
    // Every customer is in one acquisition month (`Months::of` is at most the analysis date's):
    // the whole shop's row is their sum.
    let mut by_month: Vec<Acc> = vec![Acc::default(); b.months.of(b.as_of) + 1];
    let mut by_channel: Vec<Acc> = vec![Acc::default(); ds.channels.len()];
    // By product id (dense: the catalog's numbers).
    let n_products = ds.products.as_ref().map_or(0, |p| p.names.len());
    let mut by_product: Vec<Acc> = vec![Acc::default(); n_products];
    let (mut days, mut steps, mut firsts) = (Vec::new(), Vec::new(), Vec::new());
    for (i, &c) in b.ids.iter().enumerate() {
        let c = c as usize;
        days.clear();
        days.extend(purchase_days(ds, c, b.as_of));
        let Some(&(k_first, _)) = days.first() else { continue };
        steps.clear();
        for (n, &(_, day)) in days.iter().enumerate() {
            let next = days.get(n + 1).map(|&(_, d)| d);
            steps.push(Step {
                row: n.min(LADDER_ROWS - 1),
                reach: n < LADDER_ROWS,
                outcome: step_outcome(day, next, b.as_of, x),
                days: next.map(|d| (d - day).max(0) as u32),
            });
        }
        let month = b.months.of(b.first[i]).min(by_month.len() - 1);
        by_month[month].add(&steps);
        let ch = ds.channel_of.get(c).copied().unwrap_or(NO_CHANNEL);
        if let Some(a) = by_channel.get_mut(usize::from(ch)) {
            a.add(&steps);
        }
        firsts.clear();
        firsts.extend(ds.products_of(c, k_first).iter().copied().filter(|&p| counted(p)));
        firsts.sort_unstable();
        firsts.dedup();
        for &p in &firsts {
            if let Some(a) = by_product.get_mut(p as usize) {
                a.add(&steps);
            }
        }
    }
    let mut all = Acc::default();
    by_month.iter().for_each(|a| all.merge(a));
    let by_month = by_month
        .iter()
        .enumerate()
        .filter(|(_, a)| a.customers > 0)
        .map(|(k, a)| a.segment(b.months.name(k)))
        .collect();
    let mut by_channel: Vec<LadderSegment> = by_channel
        .iter()
        .zip(&ds.channels)
        .filter(|(a, _)| a.customers > 0)
        .map(|(a, name)| a.segment(name.clone()))
        .collect();
    let most_first = |p: &LadderSegment, q: &LadderSegment| {
        q.customers.cmp(&p.customers).then(p.key.cmp(&q.key))
    };
    sort_rows(&mut by_channel, &most_first);
    let names = ds.products.as_ref().map(|p| p.names.as_slice()).unwrap_or(&[]);
    let min = u64::from(products.min_customers);
    let mut by_product: Vec<LadderSegment> = by_product
        .iter()
        .zip(names)
        .filter(|(a, _)| a.customers >= min.max(1))
        .map(|(a, name)| a.segment(name.clone()))
        .collect();
    sort_rows(&mut by_product, &most_first);
    by_product.truncate(MAX_PRODUCTS);
    Ladder { lapse_days: x, all: all.segment(String::new()), by_month, by_channel, by_product }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testing::data;
    use crate::analysis::{analyze, AnalysisParams};

    /// Analysis date 2024-12-31, 離脱基準 100 days (decided when D + 99 ≤ 2024-12-31, i.e.
    /// D ≤ 2024-09-23).
    /// A: 01-01, 01-11 (+10), 01-31 (+20), 09-01 (+214, after the window: 離脱 then back).
    /// B: 01-01, 03-01 (+60); then nothing for 305 days: 離脱 at 2.
    /// C: 02-01 only: 離脱 at 1 (335 days).
    /// D: 12-01 only: 判定待ち at 1 (30 days).
    /// E: 03-01, 12-15 (+289, late): 離脱 at 1, back at 2 and 判定待ち there.
    const SHOP: &str = "customer_id,order_date,amount,channel
A,2024-01-01,1000,web
A,2024-01-11,1000,web
A,2024-01-31,1000,web
A,2024-09-01,1000,web
B,2024-01-01,1000,ig
B,2024-03-01,1000,ig
C,2024-02-01,1000,web
D,2024-12-01,1000,web
E,2024-03-01,1000,ig
E,2024-12-15,1000,ig
";

    fn ladder_of(csv: &str, lapse_days: u32) -> Ladder {
        let p = AnalysisParams { ladder: LadderParams { lapse_days }, ..Default::default() };
        analyze(&data(csv), &p).unwrap().ladder
    }

    #[test]
    fn each_step_counts_who_went_on_who_lapsed_and_who_is_still_pending() {
        let l = ladder_of(SHOP, 100);
        let r = &l.all.rows;
        // 1st: 5 reached; stepped A (+10), B (+60); lapsed C, E (E back after 289 days);
        // pending D; rate 2 ÷ 4. Days to the 2nd: 10, 60, 289 → mean 119.67, median 60.
        assert_eq!((r[0].reached, r[0].stepped, r[0].lapsed, r[0].pending), (5, 2, 2, 1));
        assert_eq!((r[0].returned_later, r[0].step_rate), (1, Some(0.5)));
        assert_eq!((r[0].mean_days, r[0].median_days), (Some(359.0 / 3.0), Some(60.0)));
        // 2nd: A, B, E reached (3 ÷ 5 = 60 %); A stepped (+20); B lapsed; E pending (12-15).
        // Days: 20 → mean and median 20.
        assert_eq!((r[1].reached, r[1].reached_share), (3, 0.6));
        assert_eq!((r[1].stepped, r[1].lapsed, r[1].pending, r[1].step_rate), (1, 1, 1, Some(0.5)));
        assert_eq!(r[1].median_days, Some(20.0));
        // 3rd: A only; +214 is past 100 days: lapsed, back later; rate 0.
        assert_eq!(
            (r[2].reached, r[2].lapsed, r[2].returned_later, r[2].step_rate),
            (1, 1, 1, Some(0.0))
        );
        // 4th: A on 09-01; 09-01 + 99 = 12-09 ≤ 12-31: lapsed. 5th and on: nobody.
        assert_eq!((r[3].reached, r[3].lapsed, r[3].mean_days), (1, 1, None));
        assert_eq!((r[4].reached, r[4].step_rate), (0, None));
        assert_eq!((r.len(), r[10].purchase), (11, 11));
    }

    #[test]
    fn a_next_purchase_that_already_came_is_went_on_before_the_lapse_days_are_over() {
        // As of 2024-12-31, 離脱基準 180 days. P: 12-01, 12-21 (+20): went on at 1 although
        // 12-01 + 179 = 2025-05-29 is not over; pending at 2. Q: 12-10 only: pending.
        // R: 01-01, 05-01 (+121): went on at 1; 05-01 + 179 = 10-27 is over: lapsed at 2.
        // 1st: reached 3, went on P and R, lapsed none, pending Q → 2 ÷ 2 = 100 %; days 20 and
        // 121: mean and median 70.5. 2nd: reached P and R, lapsed R, pending P → 0 ÷ 1.
        let csv = "customer_id,order_date,amount
P,2024-12-01,1000
P,2024-12-21,1000
Q,2024-12-10,1000
R,2024-01-01,1000
R,2024-05-01,1000
";
        let r = &ladder_of(csv, 180).all.rows;
        assert_eq!((r[0].reached, r[0].stepped, r[0].lapsed, r[0].pending), (3, 2, 0, 1));
        assert_eq!(
            (r[0].step_rate, r[0].mean_days, r[0].median_days),
            (Some(1.0), Some(70.5), Some(70.5))
        );
        assert_eq!((r[1].reached, r[1].stepped, r[1].lapsed, r[1].pending), (2, 0, 1, 1));
        assert_eq!(r[1].step_rate, Some(0.0));
        // The rule itself: decided at once when the next day came within X − 1 days; else only
        // once the X days are over (day X is too late).
        assert_eq!(super::step_outcome(0, Some(10), 15, 180), Some(true));
        assert_eq!(super::step_outcome(0, None, 15, 180), None);
        assert_eq!(super::step_outcome(0, Some(180), 200, 180), Some(false));
        assert_eq!(super::step_outcome(0, Some(179), 179, 180), Some(true));
    }

    #[test]
    fn the_ladder_is_split_by_acquisition_month_and_channel() {
        let l = ladder_of(SHOP, 100);
        let months: Vec<(&str, u64)> =
            l.by_month.iter().map(|s| (s.key.as_str(), s.customers)).collect();
        // January: A, B; February: C; March: E; December: D (months without customers left out).
        assert_eq!(months, vec![("2024-01", 2), ("2024-02", 1), ("2024-03", 1), ("2024-12", 1)]);
        // January: both stepped at 1 (rate 1); at 2, A stepped and B lapsed (½).
        let jan = &l.by_month[0].rows;
        assert_eq!((jan[0].step_rate, jan[1].step_rate), (Some(1.0), Some(0.5)));
        // web: A, C, D (3); ig: B, E (2). ig at 1: B stepped, E lapsed.
        let ch: Vec<(&str, u64)> =
            l.by_channel.iter().map(|s| (s.key.as_str(), s.customers)).collect();
        assert_eq!(ch, vec![("web", 3), ("ig", 2)]);
        assert_eq!(l.by_channel[1].rows[0].step_rate, Some(0.5));
        assert!(l.by_product.is_empty());
    }

    #[test]
    fn beyond_the_tenth_purchase_day_the_steps_are_pooled() {
        // 13 purchase days 10 days apart from 2024-01-01 (the last 2024-04-30); as of 2024-04-30
        // with 180 days: rows 1–10 stepped once each; row 11 pools the 11th and 12th steps
        // (stepped) and the 13th (pending): reached counts the customer once.
        let mut csv = String::from("customer_id,order_date,amount\n");
        for k in 0..13 {
            let day = crate::date::days_from_civil(2024, 1, 1) + 10 * k;
            csv.push_str(&format!("A,{},100\n", crate::date::format_day(day)));
        }
        let l = ladder_of(&csv, 180);
        let r = &l.all.rows;
        assert!(r[..10]
            .iter()
            .all(|r| r.reached == 1 && r.stepped == 1 && r.median_days == Some(10.0)));
        assert_eq!(
            (r[10].reached, r[10].stepped, r[10].pending, r[10].step_rate),
            (1, 2, 1, Some(1.0))
        );
    }

    #[test]
    fn each_first_product_has_its_ladder_and_shipping_is_never_one() {
        // As of 2024-06-30, 180 days. A: 01-01 trial + 送料, 01-15 main (+14). B: 01-02 trial only
        // (180 days end 06-29: lapsed). C: 02-01 main, 02-11 main (+10). Trial: A stepped, B
        // lapsed (½); main: C stepped (1); 送料 is 除外: no ladder.
        let csv = "customer_id,order_id,order_date,product,amount
A,1,2024-01-01,【お試し】美容液,980
A,1,2024-01-01,送料,500
A,2,2024-01-15,美容液,4800
B,3,2024-01-02,【お試し】美容液,980
C,4,2024-02-01,美容液,4800
C,5,2024-02-11,美容液,4800
C,6,2024-06-30,美容液,4800
";
        let p = AnalysisParams {
            products: ProductParams { min_customers: 1, ..Default::default() },
            ..Default::default()
        };
        let l = analyze(&data(csv), &p).unwrap().ladder;
        let rows: Vec<(&str, u64, Option<f64>)> = l
            .by_product
            .iter()
            .map(|s| (s.key.as_str(), s.customers, s.rows[0].step_rate))
            .collect();
        assert_eq!(rows, vec![("【お試し】美容液", 2, Some(0.5)), ("美容液", 1, Some(1.0))]);
    }

    #[test]
    fn a_median_of_counted_days_is_the_mean_of_the_middle_two() {
        let mut d = DayCounts::default();
        for v in [30, 10, 20, 90] {
            d.add(v);
        }
        // 10, 20, 30, 90 → (20 + 30) ÷ 2 = 25; mean 150 ÷ 4 = 37.5.
        assert_eq!((d.median(), d.mean()), (Some(25.0), Some(37.5)));
        assert_eq!(DayCounts::default().median(), None);
    }

    #[test]
    fn the_lapse_days_are_checked() {
        let p = AnalysisParams { ladder: LadderParams { lapse_days: 0 }, ..Default::default() };
        assert!(matches!(
            analyze(&data(SHOP), &p),
            Err(Error::BadParameter { name: "ladder.lapseDays", .. })
        ));
    }
}
