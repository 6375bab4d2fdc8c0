//! The LTV calculator of the five levers (LTVの5つの要素): works with no file at all.
//!
//! Inputs ([`LeverInputs`]): 平均購入単価 (average order value, yen), 購入頻度 (purchases per
//! year), 継続期間 (years), 粗利率 (gross margin, %), 獲得費用 (acquisition cost = CPA per new
//! customer, yen, paid once) and 維持費用 (retention cost per customer **per year**, yen: DM,
//! 同梱物, LINE, points…; over the whole period it is 維持費用 × 継続期間). Every input is
//! optional: an empty field is "not entered", never 0. The figures that need a missing input are
//! `None`, and [`LeverResult::missing`] names the inputs the verdict still needs.
//!
//! **One basis.** With a 粗利率 every figure is on gross profit (粗利ベース); without one, on
//! revenue (売上ベース), and the result says so ([`LeverResult::basis`]). The margin is never
//! assumed to be 100 %: on revenue the 許容CPA is the ceiling of a shop without cost of goods,
//! which overspends a real shop's budget (at 40 % by 2.5 ×), so the page states the basis on
//! every figure.
//!
//! | figure | formula |
//! |---|---|
//! | LTV (売上ベース) | 平均購入単価 × 購入頻度 × 継続期間 |
//! | LTV (粗利ベース) | LTV (売上) × 粗利率 |
//! | LTV (on the basis) | LTV (粗利) with a 粗利率, else LTV (売上) |
//! | 維持費用 (期間合計) | 維持費用 × 継続期間 |
//! | 1人当たり利益 | LTV − 獲得費用 − 維持費用 × 継続期間 |
//! | 許容CPA / 限界CPA | LTV − 維持費用 × 継続期間 (without 維持費用 when it is not entered, and said so) |
//! | the verdict | the article's (獲得費用 + 維持費用 × 継続期間) < 平均購買単価 × 購買頻度 × 継続購買期間 (× 粗利率), i.e. CPA < 許容CPA: one test, on the basis |
//!
//! Sensitivity: each lever is improved by 10 % on its own — 平均購入単価, 購入頻度, 継続期間 and
//! 粗利率 **up** 10 % (粗利率 at most 100 %), 獲得費用 and 維持費用 **down** 10 % (for a cost the
//! improvement is a decrease) — and the change in 1人当たり利益 and LTV is reported, best first
//! (only when every input the verdict needs is entered; 粗利率 only when entered).
//! Note that a +10 % on 平均購入単価, 購入頻度 or 粗利率 moves profit by the same amount (each
//! scales LTV by 1.1); the article's advice is to work on frequency and retention first, because
//! raising prices makes new customers harder to win.
//!
//! Money is exact; results are rounded half away from zero to 2 decimals.

use super::measured::Measured;
use super::AnalysisParams;
use crate::money::MONEY_ROUNDING;
use crate::order::sort_rows;
use crate::Error;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The five levers (plus the gross margin that turns revenue into profit); `None` = not entered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LeverInputs {
    /// 平均購入単価: average order value (yen).
    pub average_order_value: Option<Decimal>,
    /// 購入頻度: purchases per customer per year.
    pub purchases_per_year: Option<Decimal>,
    /// 継続期間: years a customer keeps buying.
    pub years: Option<Decimal>,
    /// 粗利率: gross margin in percent; `None` = the figures are on revenue (売上ベース).
    pub gross_margin_percent: Option<Decimal>,
    /// 獲得費用: acquisition cost (CPA) per new customer (yen, once).
    pub acquisition_cost: Option<Decimal>,
    /// 維持費用: retention cost per customer per year (yen).
    pub retention_cost_per_year: Option<Decimal>,
}

/// What the money figures are measured on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Basis {
    /// 粗利ベース: revenue × 粗利率.
    GrossProfit,
    /// 売上ベース: no 粗利率 entered.
    Revenue,
}

/// One of the levers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, strum::EnumIter)]
#[serde(rename_all = "camelCase")]
pub enum Lever {
    /// 平均購入単価を上げる.
    AverageOrderValue,
    /// 購入頻度を上げる.
    PurchasesPerYear,
    /// 継続期間を伸ばす.
    Years,
    /// 粗利率を上げる (its code is the input's name).
    #[serde(rename = "grossMarginPercent")]
    GrossMargin,
    /// 獲得費用を下げる.
    AcquisitionCost,
    /// 維持費用を下げる (its code is the input's name).
    #[serde(rename = "retentionCostPerYear")]
    RetentionCost,
}

impl Lever {
    /// Every lever, in the article's order.
    pub const ALL: [Lever; 6] = [
        Lever::AverageOrderValue,
        Lever::PurchasesPerYear,
        Lever::Years,
        Lever::GrossMargin,
        Lever::AcquisitionCost,
        Lever::RetentionCost,
    ];

    /// Whether improving this lever means lowering it (the two costs).
    #[must_use]
    pub fn is_cost(self) -> bool {
        matches!(self, Lever::AcquisitionCost | Lever::RetentionCost)
    }

    /// The input's name (as the JS API spells it).
    #[must_use]
    pub fn input_name(self) -> &'static str {
        match self {
            Lever::AverageOrderValue => "averageOrderValue",
            Lever::PurchasesPerYear => "purchasesPerYear",
            Lever::Years => "years",
            Lever::GrossMargin => "grossMarginPercent",
            Lever::AcquisitionCost => "acquisitionCost",
            Lever::RetentionCost => "retentionCostPerYear",
        }
    }

    fn value(self, i: &LeverInputs) -> Option<Decimal> {
        match self {
            Lever::AverageOrderValue => i.average_order_value,
            Lever::PurchasesPerYear => i.purchases_per_year,
            Lever::Years => i.years,
            Lever::GrossMargin => i.gross_margin_percent,
            Lever::AcquisitionCost => i.acquisition_cost,
            Lever::RetentionCost => i.retention_cost_per_year,
        }
    }
}

/// What improving one lever by 10 % does.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LeverEffect {
    /// The lever.
    pub lever: Lever,
    /// The change applied, in percent: +10, or −10 for the two costs.
    pub change_percent: i32,
    /// The lever's value after the change.
    pub new_value: Decimal,
    /// LTV (revenue) after the change.
    pub revenue_ltv: Decimal,
    /// LTV on the basis (gross profit with a margin, else revenue) after the change.
    pub ltv: Decimal,
    /// 1人当たり利益 after the change.
    pub profit_per_customer: Decimal,
    /// Change in 1人当たり利益.
    pub profit_change: Decimal,
    /// Change in LTV (on the basis); 0 for the costs.
    pub ltv_change: Decimal,
    /// 1 = moves profit most; equal changes share a rank (1, 1, 1, 4, …).
    pub rank: u32,
}

/// The calculator's answer. A figure whose inputs are not all entered is `None`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LeverResult {
    /// The inputs used.
    pub inputs: LeverInputs,
    /// What LTV, 1人当たり利益, 許容CPA and the verdict are measured on.
    pub basis: Basis,
    /// The inputs the verdict needs that are not entered (input names, in the article's order).
    pub missing: Vec<&'static str>,
    /// LTV, revenue basis: 平均購入単価 × 購入頻度 × 継続期間.
    pub revenue_ltv: Option<Decimal>,
    /// LTV, gross-profit basis: LTV (revenue) × 粗利率 (`None` without a 粗利率).
    pub gross_profit_ltv: Option<Decimal>,
    /// LTV on [`Self::basis`].
    pub ltv: Option<Decimal>,
    /// 維持費用 over the whole period: per year × 継続期間.
    pub retention_cost_total: Option<Decimal>,
    /// 獲得費用 + 維持費用 over the period.
    pub total_cost: Option<Decimal>,
    /// 1人当たり利益: LTV − 獲得費用 − 維持費用 × 継続期間.
    pub profit_per_customer: Option<Decimal>,
    /// 許容CPA (限界CPA): LTV − 維持費用 × 継続期間; LTV alone when 維持費用 is not entered.
    pub allowable_cpa: Option<Decimal>,
    /// Whether [`Self::allowable_cpa`] has the retention cost taken off.
    pub allowable_cpa_includes_retention: bool,
    /// The one verdict: (獲得費用 + 維持費用 × 継続期間) < LTV on the basis, i.e. 獲得費用 < 許容CPA.
    /// `None` while an input it needs is not entered.
    pub profitable: Option<bool>,
    /// LTV ÷ 獲得費用; `None` when the acquisition cost is 0 or not entered.
    pub ltv_to_cpa: Option<f64>,
    /// Each lever improved by 10 %, the lever that moves profit most first (empty while an
    /// input is missing).
    pub sensitivity: Vec<LeverEffect>,
    /// The levers sharing rank 1 (empty when no lever raises profit).
    pub most_effective: Vec<Lever>,
}

/// Exact figures of one set of inputs.
struct Figures {
    revenue_ltv: Option<Decimal>,
    ltv: Option<Decimal>,
    retention_total: Option<Decimal>,
    profit: Option<Decimal>,
}

fn mul(a: Decimal, b: Decimal) -> Result<Decimal, Error> {
    a.checked_mul(b).ok_or_else(|| Error::BadParameter {
        name: "levers",
        reason: "the inputs are too large to multiply".into(),
    })
}

fn figures(i: &LeverInputs) -> Result<Figures, Error> {
    let revenue_ltv = match (i.average_order_value, i.purchases_per_year, i.years) {
        (Some(aov), Some(freq), Some(years)) => Some(mul(mul(aov, freq)?, years)?),
        _ => None,
    };
    let ltv = match (revenue_ltv, i.gross_margin_percent) {
        (Some(r), Some(m)) => Some(mul(r, m)? / Decimal::ONE_HUNDRED),
        (r, None) => r,
        (None, _) => None,
    };
    let retention_total = match (i.retention_cost_per_year, i.years) {
        (Some(c), Some(years)) => Some(mul(c, years)?),
        _ => None,
    };
    let profit = match (ltv, i.acquisition_cost, retention_total) {
        (Some(l), Some(cpa), Some(r)) => Some(l - cpa - r),
        _ => None,
    };
    Ok(Figures { revenue_ltv, ltv, retention_total, profit })
}

fn round(x: Decimal) -> Decimal {
    x.round_dp_with_strategy(2, MONEY_ROUNDING).normalize()
}

/// Checks the inputs that are entered: none negative, the margin at most 100 %.
///
/// # Errors
/// [`Error::BadParameter`] naming the first bad input.
pub fn validate(i: &LeverInputs) -> Result<(), Error> {
    for lever in Lever::ALL {
        if let Some(v) = lever.value(i) {
            if v.is_sign_negative() && !v.is_zero() {
                return Err(Error::BadParameter {
                    name: lever.input_name(),
                    reason: format!("{v} is negative"),
                });
            }
        }
    }
    if let Some(m) = i.gross_margin_percent.filter(|m| *m > Decimal::ONE_HUNDRED) {
        return Err(Error::BadParameter {
            name: "grossMarginPercent",
            reason: format!("{m} is above 100"),
        });
    }
    Ok(())
}

/// The inputs with one lever improved by 10 % (`None` for a lever that is not entered).
fn improved(i: &LeverInputs, lever: Lever) -> Option<(LeverInputs, Decimal)> {
    let up = |v: Decimal| v * Decimal::new(11, 1);
    let down = |v: Decimal| v * Decimal::new(9, 1);
    let mut j = i.clone();
    let v = match lever {
        Lever::AverageOrderValue => &mut j.average_order_value,
        Lever::PurchasesPerYear => &mut j.purchases_per_year,
        Lever::Years => &mut j.years,
        Lever::GrossMargin => &mut j.gross_margin_percent,
        Lever::AcquisitionCost => &mut j.acquisition_cost,
        Lever::RetentionCost => &mut j.retention_cost_per_year,
    };
    let new_value = match (lever, (*v)?) {
        (Lever::GrossMargin, m) => up(m).min(Decimal::ONE_HUNDRED),
        (l, c) if l.is_cost() => down(c),
        (_, x) => up(x),
    };
    *v = Some(new_value);
    Some((j, new_value))
}

/// LTV, 許容CPA, the verdict and the sensitivity of the five levers.
///
/// ```
/// use ltv::analysis::levers::{calculate, Basis, LeverInputs};
/// // dgcm.jp's example: ¥2,000 × 10 a year × 10 years.
/// let i = LeverInputs {
///     average_order_value: Some(2000.into()),
///     purchases_per_year: Some(10.into()),
///     years: Some(10.into()),
///     gross_margin_percent: Some(40.into()),
///     acquisition_cost: Some(20_000.into()),
///     retention_cost_per_year: Some(1_000.into()),
/// };
/// let r = calculate(&i).unwrap();
/// assert_eq!(r.basis, Basis::GrossProfit);
/// assert_eq!(r.revenue_ltv.unwrap().to_string(), "200000");
/// assert_eq!(r.ltv.unwrap().to_string(), "80000");
/// assert_eq!(r.allowable_cpa.unwrap().to_string(), "70000"); // 80,000 − 1,000 × 10
/// assert_eq!(r.profit_per_customer.unwrap().to_string(), "50000");
/// assert_eq!(r.profitable, Some(true));
/// ```
///
/// # Errors
/// [`Error::BadParameter`] for a negative input, a margin above 100 or numbers too large.
pub fn calculate(i: &LeverInputs) -> Result<LeverResult, Error> {
    validate(i)?;
    let f = figures(i)?;
    let missing: Vec<&'static str> = Lever::ALL
        .into_iter()
        .filter(|l| *l != Lever::GrossMargin && l.value(i).is_none())
        .map(Lever::input_name)
        .collect();
    let mut sensitivity = Vec::with_capacity(Lever::ALL.len());
    if let (Some(profit), Some(ltv)) = (f.profit, f.ltv) {
        for lever in Lever::ALL {
            let Some((j, new_value)) = improved(i, lever) else { continue };
            let g = figures(&j)?;
            let (Some(g_rev), Some(g_ltv), Some(g_profit)) = (g.revenue_ltv, g.ltv, g.profit)
            else {
                continue;
            };
            sensitivity.push(LeverEffect {
                lever,
                change_percent: if lever.is_cost() { -10 } else { 10 },
                new_value: round(new_value),
                revenue_ltv: round(g_rev),
                ltv: round(g_ltv),
                profit_per_customer: round(g_profit),
                profit_change: round(g_profit - profit),
                ltv_change: round(g_ltv - ltv),
                rank: 0,
            });
        }
    }
    // Best first; equal changes keep the article's order and share a rank.
    sort_rows(&mut sensitivity, &|a, b| b.profit_change.cmp(&a.profit_change));
    for k in 0..sensitivity.len() {
        sensitivity[k].rank =
            if k > 0 && sensitivity[k].profit_change == sensitivity[k - 1].profit_change {
                sensitivity[k - 1].rank
            } else {
                k as u32 + 1
            };
    }
    let most_effective = sensitivity
        .iter()
        .filter(|e| e.rank == 1 && e.profit_change > Decimal::ZERO)
        .map(|e| e.lever)
        .collect();
    let ltv_to_cpa = match (f.ltv, i.acquisition_cost) {
        (Some(l), Some(cpa)) if !cpa.is_zero() => Some(super::money_share(l, cpa)),
        _ => None,
    };
    let total_cost = match (i.acquisition_cost, f.retention_total) {
        (Some(cpa), Some(r)) => Some(cpa + r),
        _ => None,
    };
    let allowable_cpa = f.ltv.map(|l| l - f.retention_total.unwrap_or(Decimal::ZERO));
    Ok(LeverResult {
        inputs: i.clone(),
        basis: if i.gross_margin_percent.is_some() { Basis::GrossProfit } else { Basis::Revenue },
        missing,
        revenue_ltv: f.revenue_ltv.map(round),
        gross_profit_ltv: f.ltv.filter(|_| i.gross_margin_percent.is_some()).map(round),
        ltv: f.ltv.map(round),
        retention_cost_total: f.retention_total.map(round),
        total_cost: total_cost.map(round),
        profit_per_customer: f.profit.map(round),
        allowable_cpa: allowable_cpa.map(round),
        allowable_cpa_includes_retention: f.retention_total.is_some(),
        // (獲得費用 + 維持費用) < LTV on the basis ⇔ 1人当たり利益 > 0 ⇔ CPA < 許容CPA.
        profitable: f.profit.map(|p| p > Decimal::ZERO),
        ltv_to_cpa,
        sensitivity,
        most_effective,
    })
}

/// The calculator's inputs filled from measured data, on the 年間 (one-year) basis the 通販
/// industry uses: 平均購入単価 and 購入頻度 of the customers' first year (so that
/// 平均購入単価 × 購入頻度 = 年間LTV, up to rounding), 継続期間 = 1 year, 粗利率 = the measured
/// margin (from the profit column, else the margin parameter; none = 売上ベース, never an
/// assumed 100 %), and the costs from the parameters (not entered when not given). With no
/// customer a full year old yet, the AOV and frequency of all orders to date are used instead
/// (frequency per customer to date). For a multi-year LTV set 継続期間 to
/// [`super::measured::Lifetime::expected_years`].
#[must_use]
pub fn prefill(m: &Measured, params: &AnalysisParams) -> LeverInputs {
    let a = &m.annual;
    let (aov, freq) = match (a.average_order_value, a.orders_per_customer) {
        (Some(aov), Some(freq)) => (aov, freq),
        _ => (m.average_order_value, m.orders_per_customer),
    };
    LeverInputs {
        average_order_value: Some(aov),
        purchases_per_year: Some(freq),
        years: Some(Decimal::ONE),
        gross_margin_percent: m.gross_margin_percent,
        acquisition_cost: params.acquisition_cost,
        retention_cost_per_year: params.retention_cost_per_year,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testing::d;

    fn some(x: &str) -> Option<Decimal> {
        Some(d(x))
    }

    fn inputs() -> LeverInputs {
        LeverInputs {
            average_order_value: some("5000"),
            purchases_per_year: some("3"),
            years: some("2"),
            gross_margin_percent: some("40"),
            acquisition_cost: some("6000"),
            retention_cost_per_year: some("1000"),
        }
    }

    #[test]
    fn ltv_profit_and_allowable_cpa_follow_the_five_lever_formula() {
        let r = calculate(&inputs()).unwrap();
        assert_eq!(r.basis, Basis::GrossProfit);
        assert!(r.missing.is_empty());
        // LTV = 5,000 × 3 × 2 = 30,000; gross profit 30,000 × 40 % = 12,000.
        assert_eq!(r.revenue_ltv, some("30000"));
        assert_eq!((r.gross_profit_ltv, r.ltv), (some("12000"), some("12000")));
        // 維持費用 1,000 a year × 2 years = 2,000; cost total 6,000 + 2,000 = 8,000.
        assert_eq!(r.retention_cost_total, some("2000"));
        assert_eq!(r.total_cost, some("8000"));
        // Profit 12,000 − 6,000 − 2,000 = 4,000; 許容CPA 12,000 − 2,000 = 10,000.
        assert_eq!(r.profit_per_customer, some("4000"));
        assert_eq!(r.allowable_cpa, some("10000"));
        assert!(r.allowable_cpa_includes_retention);
        assert_eq!(r.profitable, Some(true)); // 8,000 < 12,000
        assert_eq!(r.ltv_to_cpa, Some(2.0)); // 12,000 ÷ 6,000
    }

    #[test]
    fn sensitivity_ranks_levers_by_profit_change_with_costs_decreasing() {
        let r = calculate(&inputs()).unwrap();
        let got: Vec<(Lever, i32, Decimal, Decimal, u32)> = r
            .sensitivity
            .iter()
            .map(|e| (e.lever, e.change_percent, e.new_value, e.profit_change, e.rank))
            .collect();
        // AOV, frequency, margin: LTV(粗利) × 10 % = +1,200 each.
        // Years 2 → 2.2: 12,000 × 10 % − 1,000 × 0.2 = +1,000.
        // CPA 6,000 → 5,400: +600. Retention 1,000 → 900 a year × 2 = +200.
        assert_eq!(
            got,
            vec![
                (Lever::AverageOrderValue, 10, d("5500"), d("1200"), 1),
                (Lever::PurchasesPerYear, 10, d("3.3"), d("1200"), 1),
                (Lever::GrossMargin, 10, d("44"), d("1200"), 1),
                (Lever::Years, 10, d("2.2"), d("1000"), 4),
                (Lever::AcquisitionCost, -10, d("5400"), d("600"), 5),
                (Lever::RetentionCost, -10, d("900"), d("200"), 6),
            ]
        );
        assert_eq!(
            r.most_effective,
            vec![Lever::AverageOrderValue, Lever::PurchasesPerYear, Lever::GrossMargin]
        );
        let years = &r.sensitivity[3];
        // 5,000 × 3 × 2.2 = 33,000 revenue; × 40 % = 13,200 (+1,200); profit 13,200 − 6,000 − 2,200.
        assert_eq!((years.revenue_ltv, years.ltv), (d("33000"), d("13200")));
        assert_eq!((years.profit_per_customer, years.ltv_change), (d("5000"), d("1200")));
        assert_eq!(r.sensitivity[4].ltv_change, Decimal::ZERO);
    }

    #[test]
    fn one_verdict_on_one_basis_never_contradicts_itself() {
        // LTV 3,000 × 2 × 1 = 6,000 revenue, 30 % → 1,800 gross profit.
        let mut i = LeverInputs {
            average_order_value: some("3000"),
            purchases_per_year: some("2"),
            years: some("1"),
            gross_margin_percent: some("30"),
            acquisition_cost: some("4000"),
            retention_cost_per_year: some("500"),
        };
        let r = calculate(&i).unwrap();
        // Cost 4,000 + 500 = 4,500 ≥ 1,800 gross profit: below water, and 許容CPA = 1,300 < 4,000.
        assert_eq!((r.profit_per_customer, r.allowable_cpa), (some("-2700"), some("1300")));
        assert_eq!((r.total_cost, r.ltv), (some("4500"), some("1800")));
        assert_eq!(r.profitable, Some(false));
        // Without a 粗利率 the same numbers are judged on revenue, and the result says so.
        i.gross_margin_percent = None;
        let r = calculate(&i).unwrap();
        assert_eq!((r.basis, r.ltv, r.gross_profit_ltv), (Basis::Revenue, some("6000"), None));
        assert_eq!((r.allowable_cpa, r.profitable), (some("5500"), Some(true))); // 4,500 < 6,000
        assert!(r.sensitivity.iter().all(|e| e.lever != Lever::GrossMargin));
        i.acquisition_cost = some("6000");
        assert_eq!(calculate(&i).unwrap().profitable, Some(false)); // 6,500 ≥ 6,000
    }

    #[test]
    fn an_empty_input_is_not_entered_rather_than_zero() {
        let mut i = inputs();
        i.acquisition_cost = None;
        let r = calculate(&i).unwrap();
        // No CPA: no verdict, no profit, no sensitivity; LTV and 許容CPA stand.
        assert_eq!(r.missing, vec!["acquisitionCost"]);
        assert_eq!((r.profitable, r.profit_per_customer, r.total_cost), (None, None, None));
        assert!(r.sensitivity.is_empty() && r.most_effective.is_empty());
        assert_eq!((r.ltv, r.allowable_cpa), (some("12000"), some("10000")));
        // No 維持費用 either: the ceiling is the LTV, and the result says it leaves it out.
        i.retention_cost_per_year = None;
        let r = calculate(&i).unwrap();
        assert_eq!(r.missing, vec!["acquisitionCost", "retentionCostPerYear"]);
        assert_eq!((r.allowable_cpa, r.allowable_cpa_includes_retention), (some("12000"), false));
        // No 継続期間: no LTV at all.
        i.years = None;
        let r = calculate(&i).unwrap();
        assert_eq!((r.revenue_ltv, r.ltv, r.allowable_cpa), (None, None, None));
        let all_empty = calculate(&LeverInputs::default()).unwrap();
        assert_eq!(all_empty.missing.len(), 5);
        assert_eq!(all_empty.basis, Basis::Revenue);
    }

    #[test]
    fn money_is_rounded_half_away_from_zero_to_two_decimals() {
        let i = LeverInputs {
            average_order_value: some("1234.5"),
            purchases_per_year: some("1.1"),
            years: some("1"),
            gross_margin_percent: some("33.3"),
            ..LeverInputs::default()
        };
        let r = calculate(&i).unwrap();
        // 1,234.5 × 1.1 = 1,357.95; × 33.3 % = 452.19735 → 452.20.
        assert_eq!((r.revenue_ltv, r.gross_profit_ltv), (some("1357.95"), some("452.20")));
    }

    #[test]
    fn negative_inputs_and_margins_above_100_are_refused() {
        let mut i = inputs();
        i.retention_cost_per_year = some("-1");
        let e = calculate(&i).unwrap_err();
        assert_eq!(e.code(), "bad_parameter");
        assert!(matches!(e, Error::BadParameter { name: "retentionCostPerYear", .. }));
        let mut i = inputs();
        i.gross_margin_percent = some("100.5");
        assert!(matches!(
            calculate(&i),
            Err(Error::BadParameter { name: "grossMarginPercent", .. })
        ));
    }

    #[test]
    fn the_margin_lever_stops_at_100_percent_and_zero_cpa_has_no_ratio() {
        let mut i = inputs();
        i.gross_margin_percent = some("95");
        i.acquisition_cost = Some(Decimal::ZERO);
        let r = calculate(&i).unwrap();
        let m = r.sensitivity.iter().find(|e| e.lever == Lever::GrossMargin).unwrap();
        assert_eq!(m.new_value, d("100"));
        assert_eq!(r.ltv_to_cpa, None);
    }
}
