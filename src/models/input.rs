//! The forecast's input as bytes: what a second worker needs to run the forecast while the
//! first keeps answering the page (table pages, exports, re-analysis).
//!
//! The forecast reads only each customer's purchase days (those with at least one order) and
//! their revenue, or, for a per-customer summary file, the summary rows. [`encode_orders`] and
//! [`encode_summaries`] write them compactly; [`ForecastInput::decode`] rebuilds a dataset that
//! holds only those days, on which [`ForecastInput::forecast`] gives exactly the figures
//! [`fn@super::forecast`] gives on the original (tested below on every stress shop).
//!
//! The format (version 1), all integers LEB128 varints, signed ones zigzagged:
//!
//! ```text
//! "LTVF" 1 kind
//! kind 0, orders:     customers, first day (signed), revenue divisor g,
//!                     per customer: days k, then k × (day − previous day (signed), revenue / g (signed))
//! kind 1, summaries:  unit (0 days, 1 weeks), rows, per row: x, then tₓ, T, monetary as f64 LE
//! kind 2, weighted:   as kind 1, each row followed by its weight (customers) as f64 LE
//! ```
//!
//! Revenue travels in [`Money`] units (1/10,000) divided by their greatest common divisor, so a
//! yen shop's purchase day takes about four bytes. Refund-only days are left out: no figure of
//! the forecast reads them. Decoding checks every length and range (bytes from elsewhere never
//! panic), so a damaged input is an [`Error::BadParameter`] named `forecastInput`.

use super::forecast::{forecast_weighted, forecast_with_progress, Stage, Step};
use super::{Forecast, ForecastParams};
use crate::dataset::Dataset;
use crate::date::Day;
use crate::money::Money;
use crate::summary::{CustomerSummary, TimeUnit};
use crate::Error;

const MAGIC: &[u8; 4] = b"LTVF";
const VERSION: u8 = 1;
const ORDERS: u8 = 0;
const SUMMARIES: u8 = 1;
const WEIGHTED: u8 = 2;

/// What a forecast runs on, rebuilt from bytes.
#[derive(Debug, Clone)]
pub enum ForecastInput {
    /// An order file's purchase days (every day has `orders == 1`; no keys, profit or channels).
    Orders(Box<Dataset>),
    /// A per-customer summary file's rows, in its time unit.
    Summaries {
        /// The unit of `t_x` and `t`.
        unit: TimeUnit,
        /// The rows, customer `i` being row `i`.
        rows: Vec<CustomerSummary>,
        /// Customers per row (an aggregates-only pack's weighted table); `None`: one each.
        weights: Option<Vec<f64>>,
    },
}

fn put(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn put_signed(out: &mut Vec<u8>, v: i64) {
    put(out, ((v << 1) ^ (v >> 63)) as u64);
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

fn header(kind: u8) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.extend([VERSION, kind]);
    out
}

/// The bytes of an order file's forecast input: each customer's purchase days with orders.
///
/// ```
/// use ltv::import::{import_bytes, ImportOptions};
/// use ltv::models::input::{encode_orders, ForecastInput};
/// let csv = "customer_id,order_date,amount\nA,2024-01-05,1200\nA,2024-02-01,800\nB,2024-01-09,500\n";
/// let ds = import_bytes(csv.as_bytes(), &ImportOptions::default()).unwrap().dataset;
/// let bytes = encode_orders(&ds);
/// assert!(bytes.len() < 24);
/// let ForecastInput::Orders(back) = ForecastInput::decode(&bytes).unwrap() else { panic!() };
/// assert_eq!(back.purchases_of(0).len(), 2);
/// assert_eq!(back.purchases_of(0)[1].revenue.to_decimal().to_string(), "800");
/// ```
#[must_use]
pub fn encode_orders(ds: &Dataset) -> Vec<u8> {
    let bought = || ds.purchases.iter().filter(|p| p.orders > 0);
    let first = bought().map(|p| p.day).min().unwrap_or(0);
    let g = bought().fold(0, |g, p| gcd(g, p.revenue.units().unsigned_abs())).max(1);
    let mut out = header(ORDERS);
    out.reserve(ds.customers() + 4 * ds.purchases.len());
    put(&mut out, ds.customers() as u64);
    put_signed(&mut out, i64::from(first));
    put(&mut out, g);
    for c in 0..ds.customers() {
        let days = ds.purchases_of(c).iter().filter(|p| p.orders > 0);
        put(&mut out, days.clone().count() as u64);
        let mut previous = first;
        for p in days {
            put_signed(&mut out, i64::from(p.day) - i64::from(previous));
            previous = p.day;
            // Exact: g divides every amount; i128 because g may exceed i64 (only for i64::MIN).
            put_signed(&mut out, (i128::from(p.revenue.units()) / i128::from(g)) as i64);
        }
    }
    out
}

/// The bytes of a per-customer summary file's forecast input.
#[must_use]
pub fn encode_summaries(unit: TimeUnit, rows: &[CustomerSummary]) -> Vec<u8> {
    encode_weighted(unit, rows, None)
}

/// The bytes of weighted summary rows' forecast input (`weights`: customers per row).
#[must_use]
pub fn encode_weighted(
    unit: TimeUnit,
    rows: &[CustomerSummary],
    weights: Option<&[f64]>,
) -> Vec<u8> {
    let mut out = header(if weights.is_some() { WEIGHTED } else { SUMMARIES });
    out.reserve(rows.len() * 34);
    out.push(u8::from(unit == TimeUnit::Weeks));
    put(&mut out, rows.len() as u64);
    for (i, r) in rows.iter().enumerate() {
        put(&mut out, u64::from(r.x));
        for v in [r.t_x, r.t, r.monetary] {
            out.extend(v.to_le_bytes());
        }
        if let Some(w) = weights {
            out.extend(w.get(i).copied().unwrap_or(0.0).to_le_bytes());
        }
    }
    out
}

/// Reads the bytes front to back; every read checks what is left.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

fn damaged(reason: &str) -> Error {
    Error::BadParameter { name: "forecastInput", reason: reason.into() }
}

impl Reader<'_> {
    fn left(&self) -> usize {
        self.bytes.len() - self.at
    }

    fn byte(&mut self) -> Result<u8, Error> {
        let b = *self.bytes.get(self.at).ok_or_else(|| damaged("cut short"))?;
        self.at += 1;
        Ok(b)
    }

    fn unsigned(&mut self) -> Result<u64, Error> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7F) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(damaged("a number runs over 64 bits"))
    }

    fn signed(&mut self) -> Result<i64, Error> {
        let v = self.unsigned()?;
        Ok((v >> 1) as i64 ^ -((v & 1) as i64))
    }

    /// A count of items that each take at least `min_bytes`: never more than the bytes left.
    fn count(&mut self, min_bytes: usize) -> Result<usize, Error> {
        let n = self.unsigned()?;
        usize::try_from(n)
            .ok()
            .filter(|&n| n.saturating_mul(min_bytes) <= self.left())
            .ok_or_else(|| damaged("a count is larger than the bytes that follow"))
    }

    fn float(&mut self) -> Result<f64, Error> {
        let end = self.at + 8;
        let b = self.bytes.get(self.at..end).ok_or_else(|| damaged("cut short"))?;
        self.at = end;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        let v = f64::from_le_bytes(a);
        if v.is_finite() {
            Ok(v)
        } else {
            Err(damaged("a summary value is not a finite number"))
        }
    }
}

impl ForecastInput {
    /// Reads the bytes of [`encode_orders`] or [`encode_summaries`].
    ///
    /// # Errors
    /// [`Error::BadParameter`] (`forecastInput`) for bytes that are not a whole forecast input
    /// of this version.
    pub fn decode(bytes: &[u8]) -> Result<ForecastInput, Error> {
        if bytes.len() < 6 || &bytes[..4] != MAGIC {
            return Err(damaged("not a forecast input"));
        }
        if bytes[4] != VERSION {
            return Err(damaged("another version of the forecast input"));
        }
        let mut r = Reader { bytes, at: 6 };
        let input = match bytes[5] {
            ORDERS => ForecastInput::Orders(Box::new(Self::orders(&mut r)?)),
            kind @ (SUMMARIES | WEIGHTED) => {
                let weighted = kind == WEIGHTED;
                let unit = match r.byte()? {
                    0 => TimeUnit::Days,
                    1 => TimeUnit::Weeks,
                    _ => return Err(damaged("an unknown time unit")),
                };
                let n = r.count(25)?;
                let mut rows = Vec::with_capacity(n);
                let mut weights = Vec::new();
                for _ in 0..n {
                    let x = u32::try_from(r.unsigned()?)
                        .map_err(|_| damaged("a frequency beyond 32 bits"))?;
                    let (t_x, t, monetary) = (r.float()?, r.float()?, r.float()?);
                    rows.push(CustomerSummary { x, t_x, t, monetary });
                    if weighted {
                        weights.push(r.float()?);
                    }
                }
                ForecastInput::Summaries { unit, rows, weights: weighted.then_some(weights) }
            }
            _ => return Err(damaged("an unknown kind of forecast input")),
        };
        if r.left() > 0 {
            return Err(damaged("bytes after the end"));
        }
        Ok(input)
    }

    fn orders(r: &mut Reader<'_>) -> Result<Dataset, Error> {
        let customers = r.count(1)?;
        let first = r.signed()?;
        let g = i128::from(r.unsigned()?.max(1));
        let mut starts = Vec::with_capacity(customers + 1);
        starts.push(0u32);
        let mut days: Vec<(Day, u32, Money)> = Vec::new();
        for _ in 0..customers {
            let k = r.count(2)?;
            let mut day = first;
            for _ in 0..k {
                day = day.checked_add(r.signed()?).ok_or_else(|| damaged("a day out of range"))?;
                let units = i128::from(r.signed()?) * g;
                let day = Day::try_from(day).map_err(|_| damaged("a day out of range"))?;
                let units = i64::try_from(units).map_err(|_| damaged("an amount out of range"))?;
                days.push((day, 1, Money::from_units(units)));
            }
            let end = u32::try_from(days.len()).map_err(|_| damaged("too many purchase days"))?;
            starts.push(end);
        }
        Dataset::from_purchase_days(starts, &days).ok_or_else(|| damaged("inconsistent customers"))
    }

    /// The forecast of this input ([`forecast_with_progress`] for orders,
    /// [`super::forecast::forecast_summaries`] in the file's unit for summaries).
    ///
    /// # Errors
    /// As [`fn@super::forecast`].
    pub fn forecast(
        &self,
        params: &ForecastParams,
        progress: &mut dyn FnMut(Step<'_>),
    ) -> Result<Forecast, Error> {
        match self {
            ForecastInput::Orders(ds) => forecast_with_progress(ds, params, progress),
            ForecastInput::Summaries { unit, rows, weights } => {
                let params = ForecastParams { unit: *unit, ..params.clone() };
                let model = params.model.or(params.models.first().copied());
                let model = model.unwrap_or(super::ModelKind::BgNbd);
                progress(Step::Stage(Stage::Final { model, checked: false }));
                forecast_weighted(rows, weights.as_deref(), &params)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::forecast::forecast;
    use crate::models::testing::simulated_shop;
    use crate::models::ModelKind;

    fn decoded(bytes: &[u8]) -> Dataset {
        match ForecastInput::decode(bytes).unwrap() {
            ForecastInput::Orders(ds) => *ds,
            ForecastInput::Summaries { .. } => panic!("an order file's input"),
        }
    }

    #[test]
    fn the_decoded_purchase_days_are_the_days_with_orders() {
        let ds = simulated_shop(300, 3);
        let back = decoded(&encode_orders(&ds));
        assert_eq!(back.customers(), ds.customers());
        for c in 0..ds.customers() {
            let want: Vec<(Day, i64)> = ds
                .purchases_of(c)
                .iter()
                .filter(|p| p.orders > 0)
                .map(|p| (p.day, p.revenue.units()))
                .collect();
            let got: Vec<(Day, i64)> =
                back.purchases_of(c).iter().map(|p| (p.day, p.revenue.units())).collect();
            assert_eq!(got, want, "customer {c}");
        }
    }

    #[test]
    fn the_forecast_of_the_decoded_input_is_the_forecast_of_the_dataset() {
        let ds = simulated_shop(400, 7);
        let input = ForecastInput::decode(&encode_orders(&ds)).unwrap();
        for params in [
            ForecastParams::default(),
            ForecastParams {
                model: Some(ModelKind::MbgNbd),
                margin: Some(0.4),
                ..Default::default()
            },
            ForecastParams { validate: false, ..Default::default() },
        ] {
            let want = forecast(&ds, &params).unwrap();
            assert_eq!(input.forecast(&params, &mut |_| {}).unwrap(), want);
        }
    }

    #[test]
    fn refunds_odd_amounts_and_far_days_survive_the_round_trip() {
        let ds = crate::dataset::testing::orders(
            "A,1900-03-01,0.0001\nA,2024-01-05,-500\nA,2024-01-05,1200\nA,2199-12-31,1200.5\n\
             B,2024-02-01,-300\nB,2024-02-01,900000000000\nC,2024-01-07,0\n",
        );
        let back = decoded(&encode_orders(&ds));
        let days = |d: &Dataset, c| -> Vec<(Day, i64)> {
            d.purchases_of(c)
                .iter()
                .filter(|p| p.orders > 0)
                .map(|p| (p.day, p.revenue.units()))
                .collect()
        };
        for c in 0..ds.customers() {
            assert_eq!(days(&back, c), days(&ds, c), "customer {c}");
        }
        assert_eq!(back.day_range(), ds.day_range());
    }

    #[test]
    fn a_summary_file_round_trips_bit_for_bit() {
        let rows = vec![
            CustomerSummary { x: 2, t_x: 30.43, t: 38.86, monetary: 22.35 },
            CustomerSummary { x: 0, t_x: 0.0, t: 38.86, monetary: 0.0 },
        ];
        let bytes = encode_summaries(TimeUnit::Weeks, &rows);
        let ForecastInput::Summaries { unit, rows: back, weights } =
            ForecastInput::decode(&bytes).unwrap()
        else {
            panic!("a summary file's input");
        };
        assert_eq!((unit, &back, weights), (TimeUnit::Weeks, &rows, None));
        // Weighted rows (an aggregates-only pack's table) keep their weights.
        let bytes = encode_weighted(TimeUnit::Days, &rows, Some(&[3.0, 1208.0]));
        let ForecastInput::Summaries { unit, rows: back, weights } =
            ForecastInput::decode(&bytes).unwrap()
        else {
            panic!("a summary file's input");
        };
        assert_eq!((unit, back, weights), (TimeUnit::Days, rows, Some(vec![3.0, 1208.0])));
    }

    #[test]
    fn damaged_bytes_are_an_error_never_a_panic() {
        let bytes = encode_orders(&simulated_shop(50, 1));
        for cut in 0..bytes.len() {
            let err = ForecastInput::decode(&bytes[..cut]).unwrap_err();
            assert_eq!(err.code(), "bad_parameter", "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(ForecastInput::decode(&longer).is_err());
        // Every byte flipped: an error or some dataset, never a panic.
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0xFF;
            let _ = ForecastInput::decode(&b);
        }
        let huge = [MAGIC.as_slice(), &[VERSION, ORDERS, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]].concat();
        assert!(ForecastInput::decode(&huge).is_err());
    }

    #[test]
    fn progress_names_each_stage_and_the_first_answer_comes_first() {
        #[derive(Debug, PartialEq)]
        enum Seen {
            Stage(Stage),
            Preliminary(ModelKind),
        }
        let ds = simulated_shop(400, 7);
        let mut seen = Vec::new();
        let mut first = None;
        let f = forecast_with_progress(&ds, &ForecastParams::default(), &mut |step| match step {
            Step::Stage(s) => seen.push(Seen::Stage(s)),
            Step::Preliminary(f) => {
                seen.push(Seen::Preliminary(f.model));
                first = Some(f.clone());
            }
        })
        .unwrap();
        let first = first.expect("a first answer");
        assert!(first.validation.is_empty() && first.suggested_model.is_none());
        let bg = ModelKind::BgNbd;
        let mut want = vec![Seen::Stage(Stage::First { model: bg }), Seen::Preliminary(bg)];
        for (k, &model) in ModelKind::ALL.iter().enumerate() {
            want.push(Seen::Stage(Stage::Checking { model, k: k + 1, n: 3 }));
        }
        // The final fit runs only when the check suggests another model than the first
        // answer's; else only the intervals are added to the first answer.
        let suggested = f.suggested_model.expect("a suggestion");
        want.push(Seen::Stage(if suggested == bg {
            Stage::Intervals { model: bg }
        } else {
            Stage::Final { model: suggested, checked: true }
        }));
        assert_eq!(seen, want);
        assert_eq!(f, forecast(&ds, &ForecastParams::default()).unwrap());
    }

    #[test]
    fn a_forced_model_is_fitted_once_and_its_first_answer_is_the_final_one_with_intervals() {
        let ds = simulated_shop(300, 5);
        for model in ModelKind::ALL {
            let params = ForecastParams { model: Some(model), ..Default::default() };
            let (mut stages, mut first) = (Vec::new(), None);
            let f = forecast_with_progress(&ds, &params, &mut |step| match step {
                Step::Stage(s) => stages.push(s),
                Step::Preliminary(f) => first = Some(f.totals.clone()),
            })
            .unwrap();
            assert_eq!(stages.len(), 5, "{model:?}: first fit, three checks, intervals");
            assert_eq!(stages[4], Stage::Intervals { model });
            // The same figures; the intervals come with the final answer.
            let first = first.expect("a first answer");
            assert!(first.intervals.is_none() && f.totals.intervals.is_some());
            assert_eq!(
                crate::models::forecast::ForecastTotals { intervals: None, ..f.totals.clone() },
                first
            );
            assert_eq!(f, forecast(&ds, &params).unwrap());
        }
    }

    #[test]
    fn without_the_check_there_is_one_stage_and_no_first_answer() {
        let ds = simulated_shop(200, 4);
        let params = ForecastParams { validate: false, ..Default::default() };
        let mut steps = Vec::new();
        let f = forecast_with_progress(&ds, &params, &mut |step| steps.push(format!("{step:?}")))
            .unwrap();
        assert_eq!(steps, ["Stage(Final { model: BgNbd, checked: false })"]);
        assert_eq!(f, forecast(&ds, &params).unwrap());
    }
}
