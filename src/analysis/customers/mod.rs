//! The per-customer table of the page: one row per customer with first/last order, orders,
//! purchase days, revenue, gross profit, 年間 revenue, recency, R/F/M scores, RFM segment and CPM
//! group; sortable by any column, searchable by key or e-mail, filterable by segment and CPM
//! group, paged.
//!
//! How this stays fast with 500 000 customers: [`CustomerTable::build`] computes every metric once
//! into parallel arrays (a few dozen bytes per customer). A page request filters row numbers into
//! one `Vec<u32>`, partially sorts it (`select_nth_unstable_by`, then sorts only the rows up to
//! the page's end) and formats just the rows of the page. The search compares bytes in place
//! (ASCII case-insensitive), allocating nothing per row. Equal values keep the file's order, in
//! both directions.

use super::cpm::{groups, CpmGroup};
use super::facts::{CustomerFacts, Fixed};
use super::rfm::{score, Scores, Segment};
use super::status::{self, classify, refine, ActionList, Rhythms, Status, StatusParams};
use super::{page_of, AnalysisParams};
use crate::dataset::Dataset;
use crate::date::format_day;
use crate::models::forecast::CustomerForecasts;
use crate::money::MONEY_ROUNDING;
use crate::overview::CustomerRow;
use crate::Error;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// Per-customer metrics, scores and groups as of the analysis date.
#[derive(Debug, Clone)]
pub struct CustomerTable {
    base: CustomerFacts,
    /// R, F and M scores.
    pub(crate) scores: Scores,
    pub(crate) segment: Vec<Segment>,
    pub(crate) cpm: Vec<CpmGroup>,
    /// Each customer's usual interval and the shop's rhythm.
    pub(crate) rhythms: Rhythms,
    /// The status from recency against the usual interval (before the forecast refines it).
    base_status: Vec<Status>,
    status_params: StatusParams,
    /// Revenue from which a customer is valuable (the top fifth).
    valuable_from: Fixed,
    /// 回数別's 離脱基準日数 (where the follow-up list of 転換日数 ends).
    lapse_days: u32,
    /// The model forecast per row, once attached ([`CustomerTable::attach_predictions`]).
    pub(crate) predictions: Option<Predictions>,
}

/// A model's forecast per table row.
#[derive(Debug, Clone)]
pub struct Predictions {
    p_alive: Vec<f32>,
    expected_purchases: Vec<f32>,
    clv: Vec<f64>,
    /// The 80 % interval of each CLV; empty when the forecast has none.
    clv_range: Vec<[f64; 2]>,
    /// Valuable (top fifth by revenue) and probably lost (P(alive) below the threshold).
    probably_lost: Vec<bool>,
    /// The P(alive) below which a customer is probably lost.
    alive_threshold: f64,
}

impl Predictions {
    /// Row `i`'s P(alive), expected purchases, CLV and probably-lost flag.
    pub(crate) fn get(&self, i: usize) -> (f64, f64, f64, bool) {
        let p = f64::from(self.p_alive[i]);
        (p, f64::from(self.expected_purchases[i]), self.clv[i], self.probably_lost[i])
    }

    /// Whether the CLVs carry an interval.
    pub(crate) fn has_range(&self) -> bool {
        !self.clv_range.is_empty()
    }

    /// Row `i`'s CLV interval [low, high], when the forecast has intervals.
    pub(crate) fn range(&self, i: usize) -> Option<[f64; 2]> {
        self.clv_range.get(i).copied()
    }
}

/// A predicted amount as money: rounded to 2 decimals with [`MONEY_ROUNDING`].
fn predicted_money(v: f64) -> Option<Decimal> {
    Decimal::from_f64_retain(v).map(|d| d.round_dp_with_strategy(2, MONEY_ROUNDING))
}

/// A column to sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SortColumn {
    /// Customer key.
    Key,
    /// E-mail (customers without one first when ascending).
    Email,
    /// First order day.
    FirstDay,
    /// Last order day.
    LastDay,
    /// Orders.
    Orders,
    /// Purchase days.
    PurchaseDays,
    /// Net revenue (default).
    #[default]
    Revenue,
    /// Gross profit.
    GrossProfit,
    /// Revenue in the first 365 days (customers whose year is not over sort lowest).
    AnnualRevenue,
    /// Days since the last purchase.
    Recency,
    /// Status (現役 first when ascending).
    Status,
    /// The usual interval between purchases.
    Interval,
    /// R score.
    R,
    /// F score.
    F,
    /// M score.
    M,
    /// RFM segment (best first when ascending).
    Segment,
    /// CPM group (現役 初回 first when ascending).
    Cpm,
    /// P(alive) from the forecast.
    PAlive,
    /// Expected purchases over the forecast horizon.
    ExpectedPurchases,
    /// Predicted CLV over the forecast's months.
    PredictedClv,
}

/// Which customers, in which order (used by pages and exports).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CustomerFilter {
    /// Sort column.
    pub sort: SortColumn,
    /// Ascending instead of descending.
    pub ascending: bool,
    /// Only customers whose key or e-mail contains this text (ASCII letters case-insensitive).
    pub search: String,
    /// Only these segments (empty: all).
    pub segments: Vec<Segment>,
    /// Only these CPM groups (empty: all).
    pub cpm_groups: Vec<CpmGroup>,
    /// Only these statuses (empty: all).
    pub statuses: Vec<Status>,
    /// Only the customers of one list of 「今週やること」.
    pub action_list: Option<ActionList>,
    /// Only valuable customers the forecast says are probably lost (the re-purchase campaign
    /// list); needs a forecast.
    pub probably_lost: bool,
    /// Only the follow-up list of 転換日数: one purchase day, past the shop's typical 転換日数,
    /// not yet 離脱 ([`super::conversion`]).
    pub follow_up: bool,
}

/// A request for one page.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TableQuery {
    /// Filter and order.
    #[serde(flatten)]
    pub filter: CustomerFilter,
    /// Rows to skip.
    pub offset: usize,
    /// Rows to return (default 50, at most 1000).
    pub limit: usize,
}

/// One customer's row.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TableRow {
    /// Key, e-mail, first and last order day, orders, purchase days, net revenue to the analysis
    /// date.
    #[serde(flatten)]
    pub customer: CustomerRow,
    /// The buyer's contact details, when the file has them: name, postal code, address, phone
    /// (for the follow-up lists; they stay in the page).
    #[serde(flatten)]
    pub contact: Contact,
    /// Gross profit, when known.
    pub gross_profit: Option<Decimal>,
    /// Revenue in the first 365 days; `None` until that year is over.
    pub annual_revenue: Option<Decimal>,
    /// Days since the last purchase.
    pub recency_days: u32,
    /// The status for action (refined by the forecast once attached).
    pub status: Status,
    /// The usual interval in days the status measured the recency against.
    pub interval_days: u32,
    /// R score.
    pub r: u8,
    /// F score.
    pub f: u8,
    /// M score.
    pub m: u8,
    /// RFM segment.
    pub segment: Segment,
    /// CPM group.
    pub cpm: CpmGroup,
    /// P(alive) at the analysis date, when a forecast is attached.
    pub p_alive: Option<f64>,
    /// Expected purchases over the forecast horizon, when a forecast is attached.
    pub expected_purchases: Option<f64>,
    /// Predicted CLV over the forecast's months (rounded to 2 decimals), when attached.
    pub predicted_clv: Option<Decimal>,
    /// The low end of the predicted CLV's 80 % interval (2 decimals), when the forecast has
    /// intervals.
    pub predicted_clv_low: Option<Decimal>,
    /// The high end of the predicted CLV's 80 % interval (2 decimals), likewise.
    pub predicted_clv_high: Option<Decimal>,
    /// A valuable customer (top fifth by revenue) who is probably lost.
    pub probably_lost: bool,
}

/// A customer's contact details (each only when the file has it).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    /// 氏名.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// 郵便番号.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// 住所.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// 電話番号.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

impl Contact {
    /// Customer `c`'s contact details.
    #[must_use]
    pub fn of(ds: &Dataset, c: usize) -> Contact {
        let get = |slot| ds.contact(c, slot).map(|v| v.into_owned());
        Contact { name: get(0), postal_code: get(1), address: get(2), phone: get(3) }
    }
}

/// One page of the table.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TablePage {
    /// Customers matching the filter.
    pub total: usize,
    /// The offset of the first row.
    pub offset: usize,
    /// The rows.
    pub rows: Vec<TableRow>,
}

/// Case-insensitive (ASCII) substring test without allocation; `needle` is lower-case.
fn contains(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if n.is_empty() {
        return true;
    }
    if !needle.is_ascii() {
        return hay.contains(needle);
    }
    h.len() >= n.len() && h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

impl CustomerTable {
    /// Computes every customer's metrics, scores and groups.
    ///
    /// # Errors
    /// [`Error::BadParameter`] as [`AnalysisParams::validate`].
    pub fn build(ds: &Dataset, params: &AnalysisParams) -> Result<CustomerTable, Error> {
        let base = CustomerTable::facts_of(ds, params)?;
        let scores = score(&base, &params.rfm);
        let segment = scores.segments();
        let cpm = groups(&base, &params.cpm);
        let rhythms = status::rhythms(ds, &base, &params.status);
        let base_status = (0..base.len())
            .map(|i| classify(base.recency(i), base.days[i], rhythms.interval[i], &params.status))
            .collect();
        let valuable_from = status::top_fifth(&base.revenue);
        Ok(CustomerTable {
            base,
            scores,
            segment,
            cpm,
            rhythms,
            base_status,
            status_params: params.status.clone(),
            valuable_from,
            lapse_days: params.ladder.lapse_days,
            predictions: None,
        })
    }

    /// The per-customer facts of the table [`CustomerTable::build`] builds (a worker that computes
    /// the later views alone reads them: [`crate::analysis::later_views`]).
    ///
    /// # Errors
    /// As [`AnalysisParams::validate`].
    pub(crate) fn facts_of(ds: &Dataset, params: &AnalysisParams) -> Result<CustomerFacts, Error> {
        let as_of = params.validate(ds)?;
        let mut money = params.rfm.monetary_yen.to_vec();
        money.push(params.cpm.amount_yen);
        Ok(CustomerFacts::build(ds, as_of, params.gross_margin_percent, &money))
    }

    /// Row `i`'s status, refined by the forecast when one is attached.
    pub(crate) fn status(&self, i: usize) -> Status {
        match &self.predictions {
            Some(p) => refine(
                self.base_status[i],
                self.base.days[i],
                f64::from(p.p_alive[i]),
                p.alive_threshold,
                &self.status_params,
            ),
            None => self.base_status[i],
        }
    }

    /// The statuses and the lists of 「今週やること」 (with the forecast once attached).
    #[must_use]
    pub fn status_summary(&self) -> status::StatusSummary {
        status::summarize(
            &self.base,
            &self.rhythms,
            &self.status_params,
            self.valuable_from,
            self.predictions.is_some(),
            |i| self.status(i),
        )
    }

    /// Removes the forecast's columns (a new forecast failed: its old figures must not linger
    /// in pages or exports).
    pub fn clear_predictions(&mut self) {
        self.predictions = None;
    }

    /// Attaches a forecast, given per dataset customer (as [`fn@crate::models::forecast`] returns
    /// it; its CLV intervals too, when it has them). A customer is flagged probably lost when
    /// P(alive) is below `alive_threshold` and their revenue is in the top fifth: the valuable
    /// customers a re-purchase campaign is for.
    pub fn attach_predictions(&mut self, f: &CustomerForecasts, alive_threshold: f64) {
        let (p_alive, expected_purchases, clv) = (&f.p_alive, &f.expected_purchases, &f.clv);
        let b = &self.base;
        let at = |v: &[f64], i: usize| v.get(b.ids[i] as usize).copied().unwrap_or(0.0);
        let n = b.len();
        let threshold = self.valuable_from;
        let p: Vec<f32> = (0..n).map(|i| at(p_alive, i) as f32).collect();
        let probably_lost = (0..n)
            .map(|i| f64::from(p[i]) < alive_threshold && Fixed::from(b.revenue[i]) >= threshold)
            .collect();
        self.predictions = Some(Predictions {
            expected_purchases: (0..n).map(|i| at(expected_purchases, i) as f32).collect(),
            clv: (0..n).map(|i| at(clv, i)).collect(),
            clv_range: if f.clv_range.is_empty() {
                Vec::new()
            } else {
                (0..n)
                    .map(|i| f.clv_range.get(b.ids[i] as usize).copied().unwrap_or([0.0; 2]))
                    .collect()
            },
            p_alive: p,
            probably_lost,
            alive_threshold,
        });
    }

    pub(crate) fn facts(&self) -> &CustomerFacts {
        &self.base
    }

    /// Customers in the table.
    #[must_use]
    pub fn len(&self) -> usize {
        self.base.len()
    }

    /// Whether the table has no customer.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.base.len() == 0
    }

    /// The analysis date (ISO).
    #[must_use]
    pub fn analysis_date(&self) -> String {
        format_day(self.base.as_of)
    }

    /// Whether row `i` passes the filter (search, segments, CPM groups).
    fn matches(&self, ds: &Dataset, f: &CustomerFilter, needle: &str, i: usize) -> bool {
        if !f.segments.is_empty() && !f.segments.contains(&self.segment[i]) {
            return false;
        }
        if !f.cpm_groups.is_empty() && !f.cpm_groups.contains(&self.cpm[i]) {
            return false;
        }
        if f.probably_lost && !self.predictions.as_ref().is_some_and(|p| p.probably_lost[i]) {
            return false;
        }
        if f.follow_up
            && !super::conversion::is_follow_up(
                &self.base,
                i,
                self.rhythms.days_to_second,
                self.lapse_days,
            )
        {
            return false;
        }
        if !f.statuses.is_empty() || f.action_list.is_some() {
            let s = self.status(i);
            if !f.statuses.is_empty() && !f.statuses.contains(&s) {
                return false;
            }
            let b = &self.base;
            let valuable = Fixed::from(b.revenue[i]) >= self.valuable_from;
            if f.action_list
                .is_some_and(|l| !l.has(s, valuable, b.recency(i), self.rhythms.interval[i]))
            {
                return false;
            }
        }
        if needle.is_empty() {
            return true;
        }
        let c = self.base.ids[i] as usize;
        contains(&ds.key(c), needle)
            || ds.email(c).is_some_and(|e| contains(&e, needle))
            || [0, 3].iter().any(|&slot| ds.contact(c, slot).is_some_and(|v| contains(&v, needle)))
    }

    fn annual(&self, i: usize) -> Option<Fixed> {
        self.base.year_complete(i).then(|| Fixed::from(self.base.year_revenue[i]))
    }

    /// The gross-profit sort key: the file's profit, else revenue (× a margin ≥ 0 keeps order).
    fn profit_key(&self, i: usize) -> Fixed {
        let b = &self.base;
        match (&b.profit, b.margin) {
            (Some(_), _) => b.file_profit(i),
            (None, Some(m)) if !m.is_zero() => Fixed::from(b.revenue[i]),
            _ => 0,
        }
    }

    /// Orders two rows by the filter's column; ties in file order.
    fn compare(&self, ds: &Dataset, f: &CustomerFilter, x: u32, y: u32) -> Ordering {
        let (i, j) = (x as usize, y as usize);
        let b = &self.base;
        let ord = match f.sort {
            SortColumn::Key => ds.key(b.ids[i] as usize).cmp(&ds.key(b.ids[j] as usize)),
            SortColumn::Email => ds.email(b.ids[i] as usize).cmp(&ds.email(b.ids[j] as usize)),
            SortColumn::FirstDay => b.first[i].cmp(&b.first[j]),
            SortColumn::LastDay => b.last[i].cmp(&b.last[j]),
            SortColumn::Orders => b.orders[i].cmp(&b.orders[j]),
            SortColumn::PurchaseDays => b.days[i].cmp(&b.days[j]),
            SortColumn::Revenue => Fixed::from(b.revenue[i]).cmp(&Fixed::from(b.revenue[j])),
            SortColumn::GrossProfit => self.profit_key(i).cmp(&self.profit_key(j)),
            SortColumn::AnnualRevenue => self.annual(i).cmp(&self.annual(j)),
            SortColumn::Recency => b.recency(i).cmp(&b.recency(j)),
            SortColumn::Status => self.status(i).cmp(&self.status(j)),
            SortColumn::Interval => self.rhythms.interval[i].cmp(&self.rhythms.interval[j]),
            SortColumn::R => self.scores.r[i].cmp(&self.scores.r[j]),
            SortColumn::F => self.scores.f[i].cmp(&self.scores.f[j]),
            SortColumn::M => self.scores.m[i].cmp(&self.scores.m[j]),
            SortColumn::Segment => self.segment[i].cmp(&self.segment[j]),
            SortColumn::Cpm => (self.cpm[i] as u8).cmp(&(self.cpm[j] as u8)),
            SortColumn::PAlive => self
                .prediction(|p| f64::from(p.p_alive[i]))
                .total_cmp(&self.prediction(|p| f64::from(p.p_alive[j]))),
            SortColumn::ExpectedPurchases => self
                .prediction(|p| f64::from(p.expected_purchases[i]))
                .total_cmp(&self.prediction(|p| f64::from(p.expected_purchases[j]))),
            SortColumn::PredictedClv => {
                self.prediction(|p| p.clv[i]).total_cmp(&self.prediction(|p| p.clv[j]))
            }
        };
        (if f.ascending { ord } else { ord.reverse() }).then(x.cmp(&y))
    }

    /// A forecast figure (−1 without a forecast).
    fn prediction(&self, get: impl Fn(&Predictions) -> f64) -> f64 {
        self.predictions.as_ref().map_or(-1.0, get)
    }

    /// Row numbers of every customer passing the filter, in row order.
    fn matching<'a>(
        &'a self,
        ds: &'a Dataset,
        f: &'a CustomerFilter,
    ) -> impl Iterator<Item = u32> + 'a {
        let needle = f.search.trim().to_lowercase();
        (0..self.len() as u32).filter(move |&i| self.matches(ds, f, &needle, i as usize))
    }

    /// Row numbers of every customer passing the filter, in the filter's order (for exports).
    #[must_use]
    pub fn select(&self, ds: &Dataset, f: &CustomerFilter) -> Vec<u32> {
        let mut rows: Vec<u32> = self.matching(ds, f).collect();
        rows.sort_unstable_by(|&x, &y| self.compare(ds, f, x, y));
        rows
    }

    /// The row of table row number `i` (as returned by [`CustomerTable::select`]); `None`
    /// outside the table.
    #[must_use]
    pub fn row(&self, ds: &Dataset, i: u32) -> Option<TableRow> {
        let i = i as usize;
        let b = &self.base;
        let c = *b.ids.get(i)? as usize;
        let range = self.predictions.as_ref().and_then(|p| p.range(i));
        Some(TableRow {
            customer: CustomerRow {
                key: ds.key(c).into_owned(),
                email: ds.email(c).map(|e| e.into_owned()),
                first_day: format_day(b.first[i]),
                last_day: format_day(b.last[i]),
                orders: b.orders[i],
                purchase_days: b.days[i],
                revenue: b.money(Fixed::from(b.revenue[i])),
            },
            contact: Contact::of(ds, c),
            gross_profit: b.gross_profit(i),
            annual_revenue: self.annual(i).map(|v| b.money(v)),
            recency_days: b.recency(i),
            status: self.status(i),
            interval_days: self.rhythms.interval[i],
            r: self.scores.r[i],
            f: self.scores.f[i],
            m: self.scores.m[i],
            segment: self.segment[i],
            cpm: self.cpm[i],
            p_alive: self.predictions.as_ref().map(|p| f64::from(p.p_alive[i])),
            expected_purchases: self
                .predictions
                .as_ref()
                .map(|p| f64::from(p.expected_purchases[i])),
            predicted_clv: self.predictions.as_ref().and_then(|p| predicted_money(p.clv[i])),
            predicted_clv_low: range.and_then(|[low, _]| predicted_money(low)),
            predicted_clv_high: range.and_then(|[_, high]| predicted_money(high)),
            probably_lost: self.predictions.as_ref().is_some_and(|p| p.probably_lost[i]),
        })
    }

    /// One page of the table.
    ///
    /// ```
    /// use ltv::analysis::{customers::{CustomerTable, TableQuery}, AnalysisParams};
    /// use ltv::import::{import_bytes, ImportOptions};
    /// let csv = "customer_id,order_date,amount\nA,2024-01-05,1000\nB,2024-01-09,1500\n";
    /// let data = import_bytes(csv.as_bytes(), &ImportOptions::default()).unwrap().dataset;
    /// let table = CustomerTable::build(&data, &AnalysisParams::default()).unwrap();
    /// let page = table.page(&data, &TableQuery::default()); // revenue, highest first
    /// assert_eq!((page.total, page.rows[0].customer.key.as_str()), (2, "B"));
    /// ```
    #[must_use]
    pub fn page(&self, ds: &Dataset, q: &TableQuery) -> TablePage {
        let rows = self.matching(ds, &q.filter);
        let cmp = |x: &u32, y: &u32| self.compare(ds, &q.filter, *x, *y);
        let (page, total) = page_of(rows, q.offset, q.limit, &cmp);
        let rows = page.iter().filter_map(|&i| self.row(ds, i)).collect();
        TablePage { total, offset: q.offset, rows }
    }
}

#[cfg(test)]
mod tests;
