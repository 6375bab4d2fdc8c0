//! The business analysis the 通販 articles ask for: 年間LTV and the five LTV levers, RFM segments
//! with the best-customer cluster, the CPM portfolio, デシル分析, acquisition cohorts, channels
//! against CPA, and the customer table with its CSV export.
//!
//! Everything is computed **as of an analysis date** ([`AnalysisParams::analysis_date`], by
//! default the last order day of the file). Purchases and refunds after it are ignored, as if the
//! file had been exported that day; customers whose first order is later are not counted.
//! "Days since" are counted from it (a purchase on the analysis date is 0 days ago).
//!
//! Shared definitions (each module documents its own figures):
//! * a **purchase day** is one customer's orders of one calendar day (two orders on one day are
//!   one purchase, as in the literature); cancelled orders never reach the data;
//! * **revenue** is net: order amounts less refunds (refund-only days lower revenue but are not
//!   purchases);
//! * **gross profit** (粗利) is summed from the file's profit or cost column when it has one,
//!   otherwise revenue × [`AnalysisParams::gross_margin_percent`] when given
//!   ([`ProfitBasis`]);
//! * **年間LTV window**: the first purchase day and the 364 days after it (365 days); a customer
//!   counts in 年間 figures once the whole window is on or before the analysis date;
//! * money is exact ([`Decimal`]); averages are rounded half away from zero (四捨五入) to 2
//!   decimals ([`crate::money::ratio`]); shares and rates are fractions (`0.25` = 25 %).
//!
//! Entry points: [`analyze`] (all views in one serialisable [`Analysis`]),
//! [`customers::CustomerTable`] (pages of the per-customer table), [`export::export_customers`]
//! (CSV for Excel), [`levers::calculate`] (the calculator that needs no file).

pub mod channels;
pub mod cohorts;
pub mod compare;
pub mod conversion;
pub mod cpm;
pub mod customers;
pub mod deciles;
pub mod export;
pub mod facts;
pub mod ladder;
pub mod levers;
pub mod measured;
pub mod monthly;
pub mod payback;
pub mod products;
pub mod rfm;
mod select;
pub(crate) use select::{middle_pair, nth_smallest, page_of};
pub mod status;
pub mod subscription;
pub mod summary_table;
pub mod upgrade;

use crate::dataset::Dataset;
use crate::date::{format_day, parse_iso_day, Day};
use crate::money::ratio;
use crate::Error;
use customers::CustomerTable;
use facts::CustomerFacts;
pub use facts::ProfitBasis;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Everything the analysis can be told (all optional; JSON names in camelCase).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AnalysisParams {
    /// The analysis date, `YYYY-MM-DD`; default: the last order day in the file.
    pub analysis_date: Option<String>,
    /// Gross margin (粗利率) in percent, used when the file has no profit or cost column.
    pub gross_margin_percent: Option<Decimal>,
    /// Windows (days from the first purchase) for F2/F3転換率; default 30, 60, 90, 180, 365.
    pub repeat_windows_days: Vec<u32>,
    /// RFM scoring.
    pub rfm: rfm::RfmParams,
    /// CPM thresholds.
    pub cpm: cpm::CpmParams,
    /// The status rule (usual interval, its floor and multiples).
    pub status: status::StatusParams,
    /// Cohorts: by month, quarter or year; where the average curve stops.
    pub cohorts: cohorts::CohortParams,
    /// CPA (new-customer acquisition cost) per acquisition channel, by channel name.
    pub channel_cpa: BTreeMap<String, Decimal>,
    /// 獲得費用 (CPA) to pre-fill the lever calculator with; default 0.
    pub acquisition_cost: Option<Decimal>,
    /// 維持費用 per customer per year to pre-fill the lever calculator with; default 0.
    pub retention_cost_per_year: Option<Decimal>,
    /// 商品マスタ overrides and 初回購入商品別 options.
    pub products: products::ProductParams,
    /// 定期: grace period, cycles, 定期CPO, cost per cycle, ….
    pub subscription: subscription::SubscriptionParams,
    /// 回数別: the 離脱基準日数.
    pub ladder: ladder::LadderParams,
}

impl Default for AnalysisParams {
    fn default() -> Self {
        AnalysisParams {
            analysis_date: None,
            gross_margin_percent: None,
            repeat_windows_days: vec![30, 60, 90, 180, 365],
            rfm: rfm::RfmParams::default(),
            cpm: cpm::CpmParams::default(),
            status: status::StatusParams::default(),
            cohorts: cohorts::CohortParams::default(),
            channel_cpa: BTreeMap::new(),
            acquisition_cost: None,
            retention_cost_per_year: None,
            products: products::ProductParams::default(),
            subscription: subscription::SubscriptionParams::default(),
            ladder: ladder::LadderParams::default(),
        }
    }
}

impl AnalysisParams {
    /// Checks every parameter; returns the analysis date as a day (default: the last order day).
    ///
    /// # Errors
    /// [`Error::BadParameter`] naming the first parameter out of range, or `analysisDate` when
    /// no order lies on or before it.
    pub fn validate(&self, ds: &Dataset) -> Result<Day, Error> {
        let bad = |name: &'static str, reason: String| Err(Error::BadParameter { name, reason });
        if let Some(m) = self.gross_margin_percent {
            if m.is_sign_negative() || m > Decimal::ONE_HUNDRED {
                return bad("grossMarginPercent", format!("{m} is not between 0 and 100"));
            }
        }
        if self.repeat_windows_days.iter().any(|&w| w == 0 || w > 36_500) {
            return bad("repeatWindowsDays", "windows must be 1 to 36500 days".into());
        }
        for (name, v) in [
            ("acquisitionCost", self.acquisition_cost),
            ("retentionCostPerYear", self.retention_cost_per_year),
        ] {
            if v.is_some_and(|v| v.is_sign_negative() && !v.is_zero()) {
                return bad(name, "must not be negative".into());
            }
        }
        if let Some((ch, v)) = self.channel_cpa.iter().find(|(_, v)| v.is_sign_negative()) {
            if !v.is_zero() {
                return bad("channelCpa", format!("the CPA of {ch} is negative"));
            }
        }
        self.rfm.validate()?;
        self.cpm.validate()?;
        self.status.validate()?;
        self.cohorts.validate()?;
        self.subscription.validate()?;
        self.ladder.validate()?;
        let Some((first, last)) = ds.day_range() else {
            return bad("analysisDate", "the data holds no orders".into());
        };
        let as_of = match self.analysis_date.as_deref().map(str::trim) {
            None | Some("") => last,
            Some(s) => match parse_iso_day(s) {
                Some(d) => d,
                None => return bad("analysisDate", format!("{s:?} is not a YYYY-MM-DD date")),
            },
        };
        if as_of < first {
            return bad(
                "analysisDate",
                format!(
                    "no order on or before {} (the first is {})",
                    format_day(as_of),
                    format_day(first)
                ),
            );
        }
        Ok(as_of)
    }
}

/// All views of one analysis, as one value for the page.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Analysis {
    /// The analysis date (ISO): purchases after it were ignored.
    pub analysis_date: String,
    /// The first order day in the data (ISO).
    pub first_day: String,
    /// Customers with an order on or before the analysis date.
    pub customers: u64,
    /// Where gross profit figures come from.
    pub profit_basis: ProfitBasis,
    /// Figures measured from the orders: 年間LTV, AOV, frequency, retention, F2/F3, ….
    pub measured: measured::Measured,
    /// The lever calculator pre-filled with the measured figures (`None` only when amounts are
    /// too large to multiply, e.g. a corrupt amount column near 10^28 yen).
    pub levers: Option<levers::LeverResult>,
    /// RFM scores, segments, the best-customer cluster and the R × F grid.
    pub rfm: rfm::RfmSummary,
    /// The CPM portfolio (初回 / よちよち / コツコツ / 流行 / 優良 × 現役 / 離脱).
    pub cpm: cpm::CpmSummary,
    /// One status per customer for action, and the lists of 「今週やること」.
    pub status: status::StatusSummary,
    /// デシル分析.
    pub deciles: deciles::Deciles,
    /// Acquisition-month cohorts (retention and the LTV curve).
    pub cohorts: cohorts::Cohorts,
    /// Acquisition channels against CPA; `None` when the file has no channel column.
    pub channels: Option<channels::Channels>,
    /// 商品マスタ and 初回購入商品別; `None` when the file has no product column.
    pub products: Option<products::FirstProducts>,
    /// 定期: 継続率 by 回数, 平均継続回数, sBG, 定期LTV; `None` when no purchase is a 定期 cycle.
    pub subscription: Option<subscription::Subscription>,
    /// 回収期間: cumulative gross profit per new customer by acquisition month, 30-day steps,
    /// against the CPA ([`AnalysisParams::acquisition_cost`]).
    pub payback: payback::Payback,
    /// 月次推移: revenue, orders and customers per month, 新規 and 既存.
    pub monthly: monthly::Monthly,
    /// 回数別: F1 → F2 → … with 継続 / 離脱 / 判定待ち, overall and by month, channel and product.
    pub ladder: ladder::Ladder,
    /// 転換日数: days from the 1st to the 2nd purchase day, and the late one-time buyers.
    pub days_to_second: conversion::DaysToSecond,
    /// 引き上げ率: お試し → 本品 / 定期; `None` without a product column or trial customers.
    pub upgrade: Option<upgrade::Upgrade>,
}

/// The tables of the 通販 views that have a CSV ([`export::export_view`]): a copy of those fields
/// of an [`Analysis`], kept by a session for its exports.
#[derive(Debug, Clone, PartialEq)]
pub struct ViewTables {
    /// 月次推移.
    pub monthly: monthly::Monthly,
    /// 回数別.
    pub ladder: ladder::Ladder,
    /// 転換日数.
    pub days_to_second: conversion::DaysToSecond,
    /// 引き上げ率.
    pub upgrade: Option<upgrade::Upgrade>,
}

impl ViewTables {
    /// The view tables of `a`.
    #[must_use]
    pub fn of(a: &Analysis) -> ViewTables {
        ViewTables {
            monthly: a.monthly.clone(),
            ladder: a.ladder.clone(),
            days_to_second: a.days_to_second.clone(),
            upgrade: a.upgrade.clone(),
        }
    }
}

/// Runs every view of the analysis.
///
/// ```
/// use ltv::analysis::{analyze, AnalysisParams};
/// use ltv::import::{import_bytes, ImportOptions};
/// let csv = "customer_id,order_date,amount\nA,2024-01-05,1000\nA,2024-02-01,500\nB,2024-01-09,1500\n";
/// let data = import_bytes(csv.as_bytes(), &ImportOptions::default()).unwrap().dataset;
/// let a = analyze(&data, &AnalysisParams::default()).unwrap();
/// assert_eq!((a.analysis_date.as_str(), a.customers), ("2024-02-01", 2));
/// assert_eq!(a.measured.revenue_per_customer.to_string(), "1500");
/// ```
///
/// # Errors
/// [`Error::BadParameter`] when a parameter is out of range (see [`AnalysisParams::validate`]).
pub fn analyze(ds: &Dataset, params: &AnalysisParams) -> Result<Analysis, Error> {
    analyze_with_table(ds, params).map(|(a, _)| a)
}

/// [`analyze`], also returning the customer table built on the way (keep it for paging and
/// exports: building it is most of the work).
///
/// # Errors
/// As [`analyze`].
pub fn analyze_with_table(
    ds: &Dataset,
    params: &AnalysisParams,
) -> Result<(Analysis, CustomerTable), Error> {
    analyze_parts(ds, params, true)
}

/// The views two workers can compute apart, each with the dataset (a large LTV pack opened by
/// several workers): the file's worker computes the others ([`analyze_parts`] with `later`
/// false), a second worker these ([`later_views`]), at once. Balanced as the page runs them on
/// a 3.3 M-customer pack (the second worker starts ~0.2 s later: it takes in the first range's
/// customers, then appends its own): with 月次推移 and the cohorts among the others, the file's
/// worker finished 0.54 s after this one; with them here, 0.1–0.16 s after (in node, one after
/// the other, these are now the longer part: 2.4 s against 1.5 s).
#[derive(Debug, Default, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LaterViews {
    /// As [`Analysis::products`].
    pub products: Option<products::FirstProducts>,
    /// As [`Analysis::subscription`].
    pub subscription: Option<subscription::Subscription>,
    /// As [`Analysis::payback`].
    pub payback: payback::Payback,
    /// As [`Analysis::upgrade`].
    pub upgrade: Option<upgrade::Upgrade>,
    /// As [`Analysis::cohorts`].
    pub cohorts: cohorts::Cohorts,
    /// As [`Analysis::monthly`].
    pub monthly: monthly::Monthly,
}

/// [`analyze_with_table`]; with `later` false the [`LaterViews`] fields are left empty
/// (defaults), for [`later_views`] to compute elsewhere.
///
/// # Errors
/// As [`analyze`].
pub fn analyze_parts(
    ds: &Dataset,
    params: &AnalysisParams,
    later: bool,
) -> Result<(Analysis, CustomerTable), Error> {
    let table = CustomerTable::build(ds, params)?;
    let b = table.facts();
    let measured = measured::measure(ds, b, params);
    let levers = levers::calculate(&levers::prefill(&measured, params)).ok();
    let channels = channels::channels(ds, b, &params.channel_cpa);
    let LaterViews { products, subscription, payback, upgrade, cohorts, monthly } = if later {
        later_views_with(ds, b, params, channels.as_ref())
    } else {
        LaterViews::default()
    };
    let analysis = Analysis {
        analysis_date: format_day(b.as_of),
        first_day: format_day(b.first_day),
        customers: b.len() as u64,
        profit_basis: b.profit_basis(),
        measured,
        levers,
        rfm: rfm::summarize(b, &table.scores, &params.rfm),
        cpm: cpm::summarize(b, &table.cpm, &params.cpm),
        status: table.status_summary(),
        deciles: deciles::deciles(b),
        cohorts,
        channels,
        products,
        subscription,
        payback,
        monthly,
        ladder: ladder::ladder(ds, b, &params.ladder, &params.products),
        days_to_second: conversion::days_to_second(
            b,
            table.rhythms.days_to_second,
            params.ladder.lapse_days,
        ),
        upgrade,
    };
    Ok((analysis, table))
}

/// The [`LaterViews`] of the analysis of `ds` with `params`: the values [`analyze_with_table`]
/// gives them (the same facts, the same channels' order), without the customer table.
///
/// # Errors
/// As [`analyze`].
pub fn later_views(ds: &Dataset, params: &AnalysisParams) -> Result<LaterViews, Error> {
    let b = CustomerTable::facts_of(ds, params)?;
    let channels = channels::channels(ds, &b, &params.channel_cpa);
    Ok(later_views_with(ds, &b, params, channels.as_ref()))
}

fn later_views_with(
    ds: &Dataset,
    b: &CustomerFacts,
    params: &AnalysisParams,
    channels: Option<&channels::Channels>,
) -> LaterViews {
    // 回収期間 lists its channels in the channel view's order, each with its CPA.
    let order: Vec<(String, Option<Decimal>)> = channels
        .iter()
        .flat_map(|c| &c.channels)
        .filter_map(|r| r.channel.clone())
        .map(|name| {
            let cpa = params.channel_cpa.get(&name).copied().or(params.acquisition_cost);
            (name, cpa)
        })
        .collect();
    LaterViews {
        products: products::first_products(ds, b, &params.products, &params.repeat_windows_days),
        subscription: subscription::subscription(ds, b, &params.products, &params.subscription),
        payback: payback::payback(ds, b, params.acquisition_cost, &order, None),
        upgrade: upgrade::upgrade(ds, b, &params.products),
        cohorts: cohorts::cohorts(ds, b, &params.cohorts),
        monthly: monthly::monthly(ds, b),
    }
}

/// The 通販 views one at a time, for `examples/views_bench.rs` (timed and measured there; not an
/// API: [`analyze`] computes them with the others).
#[doc(hidden)]
pub mod bench {
    use super::{facts::CustomerFacts, ladder, monthly, AnalysisParams};
    use crate::dataset::Dataset;
    use crate::Error;

    /// The per-customer facts every view reads.
    pub struct Facts(CustomerFacts);

    /// Builds the facts as [`super::analyze`] does (without the money parameters' decimals).
    ///
    /// # Errors
    /// As [`AnalysisParams::validate`].
    pub fn facts(ds: &Dataset, params: &AnalysisParams) -> Result<Facts, Error> {
        let as_of = params.validate(ds)?;
        Ok(Facts(CustomerFacts::build(ds, as_of, params.gross_margin_percent, &[])))
    }

    /// 月次推移.
    #[must_use]
    pub fn monthly(ds: &Dataset, f: &Facts) -> monthly::Monthly {
        monthly::monthly(ds, &f.0)
    }

    /// 転換日数 (the typical day given: the status rule's).
    #[must_use]
    pub fn days_to_second(
        f: &Facts,
        typical: Option<u32>,
        params: &AnalysisParams,
    ) -> super::conversion::DaysToSecond {
        super::conversion::days_to_second(&f.0, typical, params.ladder.lapse_days)
    }

    /// 引き上げ率.
    #[must_use]
    pub fn upgrade(
        ds: &Dataset,
        f: &Facts,
        params: &AnalysisParams,
    ) -> Option<super::upgrade::Upgrade> {
        super::upgrade::upgrade(ds, &f.0, &params.products)
    }

    /// 回数別.
    #[must_use]
    pub fn ladder(ds: &Dataset, f: &Facts, params: &AnalysisParams) -> ladder::Ladder {
        ladder::ladder(ds, &f.0, &params.ladder, &params.products)
    }
}

/// `part ÷ whole` as a fraction; 0 when `whole` is 0.
pub(crate) fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// The figures of a group of customers (an RFM segment, a CPM group): how many, their revenue,
/// and the shares of both.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupFigures {
    /// Customers.
    pub customers: u64,
    /// customers ÷ all customers.
    pub customer_share: f64,
    /// Net revenue of these customers.
    pub revenue: Decimal,
    /// revenue ÷ all revenue.
    pub revenue_share: f64,
    /// revenue ÷ customers.
    pub revenue_per_customer: Decimal,
}

impl GroupFigures {
    pub(crate) fn new(customers: u64, all: u64, revenue: Decimal, all_revenue: Decimal) -> Self {
        GroupFigures {
            customers,
            customer_share: share(customers, all),
            revenue,
            revenue_share: money_share(revenue, all_revenue),
            revenue_per_customer: ratio(revenue, Decimal::from(customers)),
        }
    }
}

/// `part ÷ whole` of money as a fraction; 0 when `whole` is 0.
pub(crate) fn money_share(part: Decimal, whole: Decimal) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    // Two conversions and one float division: for whole yen below 2^53 this is the correctly
    // rounded quotient, the same number `6600.0 / 27600.0` gives.
    match (part.to_f64(), whole.to_f64()) {
        (Some(p), Some(w)) if w != 0.0 => p / w,
        _ => 0.0,
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Fixtures shared by the analysis tests.
    use crate::dataset::Dataset;
    use crate::import::{import_bytes, ImportOptions};
    use rust_decimal::Decimal;

    /// Imports a CSV text.
    pub(crate) fn data(csv: &str) -> Dataset {
        import_bytes(csv.as_bytes(), &ImportOptions::default()).expect("fixture imports").dataset
    }

    /// A decimal from text.
    pub(crate) fn d(s: &str) -> Decimal {
        s.parse().expect("decimal literal")
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{d, data};
    use super::*;

    use crate::import::{import_bytes, ImportOptions};
    use crate::overview::overview;

    #[test]
    fn a_refund_after_the_last_order_day_is_left_out_of_the_overview_as_of_the_analysis() {
        // The last order is on 2024-02-05; B's refund of 700 on 2024-03-01 is after it, and
        // C's −99999 after that: both left out everywhere and counted.
        let csv = "customer_id,order_date,amount\nA,2024-01-05,1000\nB,2024-01-10,400\n\
                   A,2024-02-05,500\nB,2024-03-01,-700\nC,2024-03-02,-99999\n";
        let ds = import_bytes(csv.as_bytes(), &ImportOptions::default()).unwrap().dataset;
        let o = overview(&ds);
        let a = analyze(&ds, &AnalysisParams::default()).unwrap();
        // 1000 + 400 + 500 = 1900 in both; AOV 1900 ÷ 3 = 633.33
        assert_eq!(
            (o.revenue.to_string(), a.measured.revenue.to_string()),
            ("1900".into(), "1900".into())
        );
        assert_eq!(o.average_order_value.to_string(), "633.33");
        assert_eq!((o.later_refunds, o.later_refund_total.to_string()), (1, "-700".into()));
        let b = o.top_customers.iter().find(|r| r.key == "B").unwrap();
        assert_eq!(b.revenue.to_string(), "400");
    }

    /// Analysis date 2024-12-31. A is a year old (first 2023-06-01): 年間 window holds
    /// ¥4,000 + ¥2,000 the same day (2 orders, 1 purchase day) and ¥6,000 on 2023-09-01 = ¥12,000
    /// in 3 orders; 2024-08-01 (day 427) is outside. B (2024-05-01) is too young.
    const SHOP: &str = "customer_id,order_date,amount
A,2023-06-01,4000
A,2023-06-01,2000
A,2023-09-01,6000
A,2024-08-01,3000
B,2024-05-01,5000
B,2024-12-31,1000
";

    #[test]
    fn the_levers_are_prefilled_so_that_they_reproduce_the_annual_ltv() {
        let p = AnalysisParams {
            gross_margin_percent: Some(d("40")),
            acquisition_cost: Some(d("3000")),
            retention_cost_per_year: Some(d("500")),
            ..Default::default()
        };
        let a = analyze(&data(SHOP), &p).unwrap();
        assert_eq!(a.measured.annual.ltv, Some(d("12000")));
        let levers = a.levers.unwrap();
        let i = &levers.inputs;
        // AOV 12,000 ÷ 3 = 4,000; frequency 3 orders ÷ 1 customer; 1 year; margin from the parameter.
        assert_eq!(
            (i.average_order_value, i.purchases_per_year, i.years, i.gross_margin_percent),
            (Some(d("4000")), Some(d("3")), Some(d("1")), Some(d("40")))
        );
        // LTV 12,000; × 40 % = 4,800; profit 4,800 − 3,000 − 500 = 1,300; 許容CPA 4,300.
        assert_eq!(
            (levers.revenue_ltv, levers.gross_profit_ltv),
            (Some(d("12000")), Some(d("4800")))
        );
        assert_eq!(
            (levers.profit_per_customer, levers.allowable_cpa),
            (Some(d("1300")), Some(d("4300")))
        );
        assert_eq!(levers.basis, levers::Basis::GrossProfit);
        assert_eq!(a.profit_basis, ProfitBasis::MarginParameter);
        assert_eq!(
            (a.analysis_date.as_str(), a.first_day.as_str(), a.customers),
            ("2024-12-31", "2023-06-01", 2)
        );
    }

    #[test]
    fn bad_parameters_are_refused_with_their_names() {
        let ds = data(SHOP);
        let name = |p: AnalysisParams| match analyze(&ds, &p) {
            Err(Error::BadParameter { name, .. }) => name,
            other => panic!("expected a bad parameter, got {other:?}"),
        };
        assert_eq!(
            name(AnalysisParams { analysis_date: Some("2024/12/31".into()), ..Default::default() }),
            "analysisDate"
        );
        assert_eq!(
            name(AnalysisParams { analysis_date: Some("2023-05-31".into()), ..Default::default() }),
            "analysisDate"
        );
        assert_eq!(
            name(AnalysisParams { gross_margin_percent: Some(d("-1")), ..Default::default() }),
            "grossMarginPercent"
        );
        assert_eq!(
            name(AnalysisParams { repeat_windows_days: vec![0], ..Default::default() }),
            "repeatWindowsDays"
        );
        assert_eq!(
            name(AnalysisParams { acquisition_cost: Some(d("-5")), ..Default::default() }),
            "acquisitionCost"
        );
        let mut p = AnalysisParams::default();
        p.channel_cpa.insert("Google".into(), d("-100"));
        assert_eq!(name(p), "channelCpa");
        let mut p = AnalysisParams::default();
        p.cpm.early_days = 300;
        assert_eq!(name(p), "cpm.earlyDays");
    }

    #[test]
    fn an_analysis_date_after_the_data_makes_everyone_older() {
        // As of 2025-12-31 B is a year old too: 年間 = (12,000 + 6,000) ÷ 2 = 9,000.
        let p = AnalysisParams { analysis_date: Some("2025-12-31".into()), ..Default::default() };
        let a = analyze(&data(SHOP), &p).unwrap();
        assert_eq!(
            (a.measured.annual.cohort_customers, a.measured.annual.ltv),
            (2, Some(d("9000")))
        );
    }
}
