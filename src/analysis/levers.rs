//! The LTV calculator of the five levers (LTVの5つの要素): works with no file at all.
//!
//! Inputs ([`LeverInputs`]): 平均購入単価 (average order value, yen), 購入頻度 (purchases per
//! year), 継続期間 (years), 粗利率 (gross margin, %), 獲得費用 (acquisition cost = CPA per new
//! customer, yen, paid once) and 維持費用 (retention cost per customer **per year**, yen: DM,
//! 同梱物, LINE, points…; over the whole period it is 維持費用 × 継続期間).
//!
//! | figure | formula |
//! |---|---|
//! | LTV (売上ベース) | 平均購入単価 × 購入頻度 × 継続期間 |
//! | LTV (粗利ベース) | LTV (売上) × 粗利率 |
//! | 維持費用 (期間合計) | 維持費用 × 継続期間 |
//! | 1人当たり利益 | LTV (粗利) − 獲得費用 − 維持費用 × 継続期間 |
//! | 許容CPA / 限界CPA | LTV (粗利) − 維持費用 × 継続期間: the largest CPA that still breaks even |
//! | the article's inequality | (獲得費用 + 維持費用 × 継続期間) < 平均購買単価 × 購買頻度 × 継続購買期間 (revenue basis, as written) |
//! | profitable | 1人当たり利益 > 0, i.e. 獲得費用 < 許容CPA (gross-profit basis, the stricter test) |
//!
//! Sensitivity: each lever is improved by 10 % on its own — 平均購入単価, 購入頻度, 継続期間 and
//! 粗利率 **up** 10 % (粗利率 at most 100 %), 獲得費用 and 維持費用 **down** 10 % (for a cost the
//! improvement is a decrease) — and the change in 1人当たり利益 and LTV is reported, best first.
//! Note that a +10 % on 平均購入単価, 購入頻度 or 粗利率 moves profit by the same amount (each
//! scales LTV by 1.1); the article's advice is to work on frequency and retention first, because
//! raising prices makes new customers harder to win.
//!
//! Money is exact; results are rounded half away from zero to 2 decimals.

use super::measured::Measured;
use super::AnalysisParams;
use crate::money::MONEY_ROUNDING;
use crate::Error;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The five levers (plus the gross margin that turns revenue into profit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LeverInputs {
    /// 平均購入単価: average order value (yen).
    pub average_order_value: Decimal,
    /// 購入頻度: purchases per customer per year.
    pub purchases_per_year: Decimal,
    /// 継続期間: years a customer keeps buying.
    pub years: Decimal,
    /// 粗利率: gross margin in percent (100 = revenue basis, the default until you enter yours).
    pub gross_margin_percent: Decimal,
    /// 獲得費用: acquisition cost (CPA) per new customer (yen, once).
    pub acquisition_cost: Decimal,
    /// 維持費用: retention cost per customer per year (yen).
    pub retention_cost_per_year: Decimal,
}

impl Default for LeverInputs {
    fn default() -> Self {
        LeverInputs {
            average_order_value: Decimal::ZERO,
            purchases_per_year: Decimal::ZERO,
            years: Decimal::ONE,
            gross_margin_percent: Decimal::ONE_HUNDRED,
            acquisition_cost: Decimal::ZERO,
            retention_cost_per_year: Decimal::ZERO,
        }
    }
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
    /// LTV (gross profit) after the change.
    pub gross_profit_ltv: Decimal,
    /// 1人当たり利益 after the change.
    pub profit_per_customer: Decimal,
    /// Change in 1人当たり利益.
    pub profit_change: Decimal,
    /// Change in LTV (gross profit); 0 for the costs.
    pub gross_profit_ltv_change: Decimal,
    /// 1 = moves profit most; equal changes share a rank (1, 1, 1, 4, …).
    pub rank: u32,
}

/// The calculator's answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LeverResult {
    /// The inputs used.
    pub inputs: LeverInputs,
    /// LTV, revenue basis: 平均購入単価 × 購入頻度 × 継続期間.
    pub revenue_ltv: Decimal,
    /// LTV, gross-profit basis: LTV (revenue) × 粗利率.
    pub gross_profit_ltv: Decimal,
    /// 維持費用 over the whole period: per year × 継続期間.
    pub retention_cost_total: Decimal,
    /// 獲得費用 + 維持費用 over the period.
    pub total_cost: Decimal,
    /// 1人当たり利益: LTV (gross profit) − 獲得費用 − 維持費用 × 継続期間.
    pub profit_per_customer: Decimal,
    /// 許容CPA (限界CPA): LTV (gross profit) − 維持費用 × 継続期間.
    pub allowable_cpa: Decimal,
    /// The article's inequality (獲得費用 + 維持費用) < 平均購買単価 × 購買頻度 × 継続購買期間,
    /// with 維持費用 over the period, on revenue as the article writes it.
    pub article_inequality_holds: bool,
    /// 1人当たり利益 > 0 (gross-profit basis): the acquisition cost is below 許容CPA.
    pub profitable: bool,
    /// LTV (gross profit) ÷ 獲得費用; `None` when the acquisition cost is 0.
    pub ltv_to_cpa: Option<f64>,
    /// Each lever improved by 10 %, the lever that moves profit most first.
    pub sensitivity: Vec<LeverEffect>,
    /// The levers sharing rank 1 (empty when no lever raises profit).
    pub most_effective: Vec<Lever>,
}

/// Exact figures of one set of inputs.
struct Figures {
    revenue_ltv: Decimal,
    gross_profit_ltv: Decimal,
    retention_total: Decimal,
    profit: Decimal,
}

fn mul(a: Decimal, b: Decimal) -> Result<Decimal, Error> {
    a.checked_mul(b).ok_or_else(|| Error::BadParameter {
        name: "levers",
        reason: "the inputs are too large to multiply".into(),
    })
}

fn figures(i: &LeverInputs) -> Result<Figures, Error> {
    let revenue_ltv = mul(mul(i.average_order_value, i.purchases_per_year)?, i.years)?;
    let gross_profit_ltv = mul(revenue_ltv, i.gross_margin_percent)? / Decimal::ONE_HUNDRED;
    let retention_total = mul(i.retention_cost_per_year, i.years)?;
    let profit = gross_profit_ltv - i.acquisition_cost - retention_total;
    Ok(Figures { revenue_ltv, gross_profit_ltv, retention_total, profit })
}

fn round(x: Decimal) -> Decimal {
    x.round_dp_with_strategy(2, MONEY_ROUNDING).normalize()
}

/// Checks the inputs: none negative, the margin at most 100 %.
///
/// # Errors
/// [`Error::BadParameter`] naming the first bad input.
pub fn validate(i: &LeverInputs) -> Result<(), Error> {
    let fields = [
        ("averageOrderValue", i.average_order_value),
        ("purchasesPerYear", i.purchases_per_year),
        ("years", i.years),
        ("grossMarginPercent", i.gross_margin_percent),
        ("acquisitionCost", i.acquisition_cost),
        ("retentionCostPerYear", i.retention_cost_per_year),
    ];
    for (name, v) in fields {
        if v.is_sign_negative() && !v.is_zero() {
            return Err(Error::BadParameter { name, reason: format!("{v} is negative") });
        }
    }
    if i.gross_margin_percent > Decimal::ONE_HUNDRED {
        return Err(Error::BadParameter {
            name: "grossMarginPercent",
            reason: format!("{} is above 100", i.gross_margin_percent),
        });
    }
    Ok(())
}

/// The inputs with one lever improved by 10 %.
fn improved(i: &LeverInputs, lever: Lever) -> (LeverInputs, Decimal) {
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
    *v = match lever {
        Lever::GrossMargin => up(*v).min(Decimal::ONE_HUNDRED),
        l if l.is_cost() => down(*v),
        _ => up(*v),
    };
    let new_value = *v;
    (j, new_value)
}

/// LTV, 許容CPA, the verdict and the sensitivity of the five levers.
///
/// ```
/// use ltv::analysis::levers::{calculate, LeverInputs};
/// // dgcm.jp's example: ¥2,000 × 10 a year × 10 years.
/// let i = LeverInputs {
///     average_order_value: 2000.into(),
///     purchases_per_year: 10.into(),
///     years: 10.into(),
///     gross_margin_percent: 40.into(),
///     acquisition_cost: 20_000.into(),
///     retention_cost_per_year: 1_000.into(),
/// };
/// let r = calculate(&i).unwrap();
/// assert_eq!(r.revenue_ltv.to_string(), "200000");
/// assert_eq!(r.gross_profit_ltv.to_string(), "80000");
/// assert_eq!(r.allowable_cpa.to_string(), "70000"); // 80,000 − 1,000 × 10
/// assert_eq!(r.profit_per_customer.to_string(), "50000");
/// ```
///
/// # Errors
/// [`Error::BadParameter`] for a negative input, a margin above 100 or numbers too large.
pub fn calculate(i: &LeverInputs) -> Result<LeverResult, Error> {
    validate(i)?;
    let f = figures(i)?;
    let mut sensitivity = Vec::with_capacity(Lever::ALL.len());
    for lever in Lever::ALL {
        let (j, new_value) = improved(i, lever);
        let g = figures(&j)?;
        sensitivity.push(LeverEffect {
            lever,
            change_percent: if lever.is_cost() { -10 } else { 10 },
            new_value: round(new_value),
            revenue_ltv: round(g.revenue_ltv),
            gross_profit_ltv: round(g.gross_profit_ltv),
            profit_per_customer: round(g.profit),
            profit_change: round(g.profit - f.profit),
            gross_profit_ltv_change: round(g.gross_profit_ltv - f.gross_profit_ltv),
            rank: 0,
        });
    }
    // Best first; equal changes keep the article's order and share a rank.
    sensitivity.sort_by_key(|e| std::cmp::Reverse(e.profit_change));
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
    let ltv_to_cpa = (!i.acquisition_cost.is_zero())
        .then(|| super::money_share(f.gross_profit_ltv, i.acquisition_cost));
    let total_cost = i.acquisition_cost + f.retention_total;
    Ok(LeverResult {
        inputs: i.clone(),
        revenue_ltv: round(f.revenue_ltv),
        gross_profit_ltv: round(f.gross_profit_ltv),
        retention_cost_total: round(f.retention_total),
        total_cost: round(total_cost),
        profit_per_customer: round(f.profit),
        allowable_cpa: round(f.gross_profit_ltv - f.retention_total),
        article_inequality_holds: total_cost < f.revenue_ltv,
        profitable: f.profit > Decimal::ZERO,
        ltv_to_cpa,
        sensitivity,
        most_effective,
    })
}

/// The calculator's inputs filled from measured data, on the 年間 (one-year) basis the 通販
/// industry uses: 平均購入単価 and 購入頻度 of the customers' first year (so that
/// 平均購入単価 × 購入頻度 = 年間LTV, up to rounding), 継続期間 = 1 year, 粗利率 = the measured
/// margin (from the profit column, else the margin parameter, else 100 = revenue basis), and the
/// costs from the parameters (0 when not given). With no customer a full year old yet, the AOV
/// and frequency of all orders to date are used instead (frequency per customer to date).
/// For a multi-year LTV set 継続期間 to [`super::measured::Lifetime::expected_years`].
#[must_use]
pub fn prefill(m: &Measured, params: &AnalysisParams) -> LeverInputs {
    let a = &m.annual;
    let (aov, freq) = match (a.average_order_value, a.orders_per_customer) {
        (Some(aov), Some(freq)) => (aov, freq),
        _ => (m.average_order_value, m.orders_per_customer),
    };
    LeverInputs {
        average_order_value: aov,
        purchases_per_year: freq,
        years: Decimal::ONE,
        gross_margin_percent: m.gross_margin_percent.unwrap_or(Decimal::ONE_HUNDRED),
        acquisition_cost: params.acquisition_cost.unwrap_or(Decimal::ZERO),
        retention_cost_per_year: params.retention_cost_per_year.unwrap_or(Decimal::ZERO),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testing::d;

    fn inputs() -> LeverInputs {
        LeverInputs {
            average_order_value: d("5000"),
            purchases_per_year: d("3"),
            years: d("2"),
            gross_margin_percent: d("40"),
            acquisition_cost: d("6000"),
            retention_cost_per_year: d("1000"),
        }
    }

    #[test]
    fn ltv_profit_and_allowable_cpa_follow_the_five_lever_formula() {
        let r = calculate(&inputs()).unwrap();
        // LTV = 5,000 × 3 × 2 = 30,000; gross profit 30,000 × 40 % = 12,000.
        assert_eq!(r.revenue_ltv, d("30000"));
        assert_eq!(r.gross_profit_ltv, d("12000"));
        // 維持費用 1,000 a year × 2 years = 2,000; cost total 6,000 + 2,000 = 8,000.
        assert_eq!(r.retention_cost_total, d("2000"));
        assert_eq!(r.total_cost, d("8000"));
        // Profit 12,000 − 6,000 − 2,000 = 4,000; 許容CPA 12,000 − 2,000 = 10,000.
        assert_eq!(r.profit_per_customer, d("4000"));
        assert_eq!(r.allowable_cpa, d("10000"));
        assert!(r.article_inequality_holds); // 8,000 < 30,000
        assert!(r.profitable);
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
        assert_eq!((years.revenue_ltv, years.gross_profit_ltv), (d("33000"), d("13200")));
        assert_eq!(
            (years.profit_per_customer, years.gross_profit_ltv_change),
            (d("5000"), d("1200"))
        );
        assert_eq!(r.sensitivity[4].gross_profit_ltv_change, Decimal::ZERO);
    }

    #[test]
    fn a_business_below_water_fails_both_tests_and_the_article_test_is_on_revenue() {
        // LTV 3,000 × 2 × 1 = 6,000 revenue, 30 % → 1,800 gross profit.
        let mut i = LeverInputs {
            average_order_value: d("3000"),
            purchases_per_year: d("2"),
            years: d("1"),
            gross_margin_percent: d("30"),
            acquisition_cost: d("4000"),
            retention_cost_per_year: d("500"),
        };
        let r = calculate(&i).unwrap();
        // Cost 4,000 + 500 = 4,500 < 6,000 revenue: the article's inequality holds…
        assert!(r.article_inequality_holds);
        // …but on gross profit 1,800 − 4,000 − 500 = −2,700 and 許容CPA = 1,300.
        assert_eq!((r.profit_per_customer, r.allowable_cpa), (d("-2700"), d("1300")));
        assert!(!r.profitable);
        i.acquisition_cost = d("6000");
        assert!(!calculate(&i).unwrap().article_inequality_holds); // 6,500 ≥ 6,000
    }

    #[test]
    fn money_is_rounded_half_away_from_zero_to_two_decimals() {
        let i = LeverInputs {
            average_order_value: d("1234.5"),
            purchases_per_year: d("1.1"),
            years: d("1"),
            gross_margin_percent: d("33.3"),
            ..LeverInputs::default()
        };
        let r = calculate(&i).unwrap();
        // 1,234.5 × 1.1 = 1,357.95; × 33.3 % = 452.19735 → 452.20.
        assert_eq!((r.revenue_ltv, r.gross_profit_ltv), (d("1357.95"), d("452.20")));
    }

    #[test]
    fn negative_inputs_and_margins_above_100_are_refused() {
        let mut i = inputs();
        i.retention_cost_per_year = d("-1");
        let e = calculate(&i).unwrap_err();
        assert_eq!(e.code(), "bad_parameter");
        assert!(matches!(e, Error::BadParameter { name: "retentionCostPerYear", .. }));
        let mut i = inputs();
        i.gross_margin_percent = d("100.5");
        assert!(matches!(
            calculate(&i),
            Err(Error::BadParameter { name: "grossMarginPercent", .. })
        ));
    }

    #[test]
    fn the_margin_lever_stops_at_100_percent_and_zero_cpa_has_no_ratio() {
        let mut i = inputs();
        i.gross_margin_percent = d("95");
        i.acquisition_cost = Decimal::ZERO;
        let r = calculate(&i).unwrap();
        let m = r.sensitivity.iter().find(|e| e.lever == Lever::GrossMargin).unwrap();
        assert_eq!(m.new_value, d("100"));
        assert_eq!(r.ltv_to_cpa, None);
    }
}
