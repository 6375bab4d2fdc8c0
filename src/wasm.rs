//! The only file that speaks wasm-bindgen: converts JS values to core types, calls the core,
//! converts back. No logic lives here (the session's rules are in [`crate::session`]).
//!
//! JS sees (global `LtvWasm`, made by `wasm-bindgen --target no-modules`):
//! * `preview(bytes, complete, options)` → how the file looks (encoding, header, mapping, sample);
//! * `new OrderReader(options)`, `.push(Uint8Array)`, `.rows()`, `.finish()` → a `Session`;
//! * one file read by several workers: `splitPlan(head, size, workers, options)`, in each worker
//!   `new RangeReader(options, head, whole, start, end, exact)` → partial bytes (`.finish()`),
//!   or in the file's worker the first range `.intoMerger(options)` → `Merger`, `.add(partial)`,
//!   `.finish()` → a `Session`;
//! * `Session.report()`, `.analyze(params)`, `.status()`, `.forecast(request)`,
//!   `.customers(query)`, `.exportCustomers(options)`;
//! * the forecast in a worker of its own: `Session.forecastInput()` → `Uint8Array`;
//!   `new ForecastSession(bytes)`, `.run(request, onProgress)` → `{forecast, customers: {pAlive,
//!   expectedPurchases, expectedSpend, clv, clvLow, clvHigh}}` (`Float64Array`s, transferable;
//!   `clvLow`/`clvHigh`, the 80 % interval of each CLV, empty when there is none), `onProgress`
//!   receiving `{stage: 'first'|'checking'|'final'|'intervals', model, k, n}` and `{stage: 'preliminary',
//!   result}` (the first answer, shaped as the result); back in the file's worker
//!   `Session.attachForecast(pAlive, expectedPurchases, expectedSpend, clv, clvLow, clvHigh,
//!   aliveThreshold, model, values, unit, observationEnd)` (the last four: the transaction model,
//!   for 回収期間's 予測) or `.clearForecast()`; `Session.payback()` → 回収期間 with its 予測;
//! * a large LTV pack read by several workers: `packPlan(head, size, workers)`, in each worker
//!   `new PackRange(preludeEnd, start, end, size)` → its customers (`.finish()`); in the file's
//!   worker `.intoMerger()` → `PackMerger`, `.add(partial)`, `.open()` → a `Session` whose
//!   `analyzeFirst(params)` leaves the later views to the second range's worker: `.intoAnalyst()`
//!   → `PackAnalyst`, `.add(partial)`, `.open()`, `Session.laterViews(params)`;
//! * LTV packs ([`crate::pack`]): `looksLikePack(firstBytes)`; `new PackSet()`, per pack
//!   `.begin(size)`, `.push(chunk)`…, `.end()`, then `.open()` → a `Session` of the packs merged; `Session.exportPack(salt)` →
//!   `Uint8Array` (the pack of the current data; `exportPack(salt, {aggregates, customerRows,
//!   k})` with its aggregates, or aggregates only); `Session.packCohorts()` → the cohort view
//!   of an aggregates-only pack's cube, `packSplits()` → its curves by first channel and product;
//! * `levers(inputs)`: the LTV calculator, which needs no file; `roles()`: the column roles;
//!   `warmUp()`: a made-up shop through every step once ([`crate::session::warm_up`]).
//!
//! Errors are thrown as `Error` objects whose `name` is the stable code of [`crate::Error::code`]
//! and whose `details` holds the numbers to show ([`crate::Error::details`]). Money crosses as
//! decimal strings (`"13700"`), never as JS numbers.

use crate::analysis::levers;
use crate::import::{split, ImportRequest};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Serialises for JS as plain objects (maps become objects, 64-bit integers become numbers).
fn to_value<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| js_sys::Error::new(&e.to_string()).into())
}

/// Reads an optional JS object into `T` (its defaults when `undefined` or `null`).
fn from_js<T: DeserializeOwned + Default>(value: JsValue) -> Result<T, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    serde_wasm_bindgen::from_value(value)
        .map_err(|e| to_js(crate::Error::BadOptions(e.to_string())))
}

/// A JS `Error` named by the stable code, with the details to show.
fn to_js(err: crate::Error) -> JsValue {
    let js = js_sys::Error::new(&err.to_string());
    js.set_name(err.code());
    if let Ok(details) = to_value(&err.details()) {
        let _ = js_sys::Reflect::set(&js, &JsValue::from_str("details"), &details);
    }
    js.into()
}

fn import_options(js: JsValue) -> Result<crate::import::ImportOptions, JsValue> {
    from_js::<ImportRequest>(js)?.into_options().map_err(to_js)
}

/// How the first bytes of a file look (`complete`: they are the whole file).
#[wasm_bindgen]
pub fn preview(bytes: &[u8], complete: bool, options: JsValue) -> Result<JsValue, JsValue> {
    let options = import_options(options)?;
    to_value(&crate::import::sniff::preview(bytes, complete, &options.sniff).map_err(to_js)?)
}

/// Streaming import: `push(bytes)` per chunk, then `finish()` once.
#[wasm_bindgen]
pub struct OrderReader(crate::import::OrderReader);

#[wasm_bindgen]
impl OrderReader {
    /// A new import with the given options (see the README's JS API).
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<OrderReader, JsValue> {
        Ok(OrderReader(crate::import::OrderReader::new(import_options(options)?)))
    }

    /// Feeds one chunk (a `Uint8Array`, copied in).
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        self.0.push(chunk).map_err(to_js)
    }

    /// Data rows read so far.
    pub fn rows(&self) -> f64 {
        self.0.progress().1 as f64
    }

    /// Ends the input; the reader is consumed.
    pub fn finish(self) -> Result<Session, JsValue> {
        Ok(Session(crate::session::Session::new(self.0.finish().map_err(to_js)?)))
    }

    /// Ends the input of one of several files (see `Batch`); the reader is consumed.
    #[wasm_bindgen(js_name = finishInto)]
    pub fn finish_into(self) -> Result<Batch, JsValue> {
        Ok(Batch(Some(self.0.finish_into().map_err(to_js)?)))
    }
}

/// Where to cut a file for `n` workers (`splitPlan(head, size, n, options)`): the
/// nominal start of each range after the first (numbers); empty: read it with one worker.
#[wasm_bindgen(js_name = splitPlan)]
pub fn split_plan(head: &[u8], size: f64, n: u32, options: JsValue) -> Result<Vec<f64>, JsValue> {
    let cuts = split::plan(head, size as u64, n, &import_options(options)?);
    Ok(cuts.into_iter().map(|c| c as f64).collect())
}

/// One byte range of a split file: `new RangeReader(options, head, whole, start, end, exact)`,
/// `push(bytes)` until `done()` or the file's end, `finish()` → the partial (bytes) for `Merger`.
#[wasm_bindgen]
pub struct RangeReader(split::RangeReader);

#[wasm_bindgen]
impl RangeReader {
    /// A reader of the range `start`–`end` (`end` < 0: to the end of the file).
    #[wasm_bindgen(constructor)]
    pub fn new(
        options: JsValue,
        head: &[u8],
        whole: bool,
        start: f64,
        end: f64,
        exact: bool,
    ) -> Result<RangeReader, JsValue> {
        let end = if end < 0.0 { u64::MAX } else { end as u64 };
        let range = split::Range { start: start as u64, end, exact };
        let reader = split::RangeReader::new(&import_options(options)?, head, whole, range);
        Ok(RangeReader(reader.map_err(to_js)?))
    }

    /// Feeds the next chunk (a `Uint8Array`, copied in).
    pub fn push(&mut self, chunk: &[u8]) {
        self.0.push(chunk);
    }

    /// Whether the range is complete (nothing more to push).
    pub fn done(&self) -> bool {
        self.0.done()
    }

    /// Data rows read so far.
    pub fn rows(&self) -> f64 {
        self.0.rows() as f64
    }

    /// The partial aggregate (transferable bytes); the reader is consumed.
    pub fn finish(self) -> Vec<u8> {
        self.0.finish()
    }

    /// The first range (from the file's start) becomes the file's `Merger`, as it is; the
    /// reader is consumed.
    #[wasm_bindgen(js_name = intoMerger)]
    pub fn into_merger(self, options: JsValue) -> Result<Merger, JsValue> {
        Ok(Merger(self.0.into_merger(&import_options(options)?)))
    }
}

/// Joins a split file's partials in file order: `new Merger(options, head, whole)`,
/// `add(partial)` → `"merged"`, `"complete"` or the offset to read that range again from (a
/// number), then `finish()` → a `Session`.
#[wasm_bindgen]
pub struct Merger(split::Merger);

#[wasm_bindgen]
impl Merger {
    /// A merger for the file whose first bytes are `head`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue, head: &[u8], whole: bool) -> Result<Merger, JsValue> {
        let merger = split::Merger::new(&import_options(options)?, head, whole);
        Ok(Merger(merger.map_err(to_js)?))
    }

    /// Joins the next partial.
    pub fn add(&mut self, partial: &[u8]) -> Result<JsValue, JsValue> {
        use split::Added;
        Ok(match self.0.add(partial).map_err(to_js)? {
            Added::Merged => JsValue::from_str("merged"),
            Added::Complete => JsValue::from_str("complete"),
            Added::Reread(at) => JsValue::from_f64(at as f64),
        })
    }

    /// Whether a range read to the end of the file was added (the rest are not needed).
    #[wasm_bindgen(js_name = isComplete)]
    pub fn is_complete(&self) -> bool {
        self.0.is_complete()
    }

    /// The import of the whole file; the merger is consumed.
    pub fn finish(self) -> Result<Session, JsValue> {
        Ok(Session(crate::session::Session::new(self.0.finish().map_err(to_js)?)))
    }
}

/// Several files of one shop: `let b = new Batch(); r = b.next(options)` … `r.push(…)`,
/// `b = r.finishInto()` for each file, then `b.finish()` → a `Session`.
#[wasm_bindgen]
pub struct Batch(Option<crate::import::Batch>);

#[wasm_bindgen]
impl Batch {
    /// No file yet.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Batch {
        Batch(Some(crate::import::Batch::new()))
    }

    /// A reader for the next file; the batch travels with it (`finishInto` gives it back).
    pub fn next(&mut self, options: JsValue) -> Result<OrderReader, JsValue> {
        let batch = self.0.take().ok_or_else(|| js_sys::Error::new("batch already used"))?;
        Ok(OrderReader(batch.next_file(import_options(options)?)))
    }

    /// One dataset of every file read.
    pub fn finish(self) -> Result<Session, JsValue> {
        let batch = self.0.ok_or_else(|| js_sys::Error::new("batch already used"))?;
        Ok(Session(crate::session::Session::new(batch.finish().map_err(to_js)?)))
    }
}

impl Default for Batch {
    fn default() -> Self {
        Batch::new()
    }
}

/// An imported file, ready for the views.
#[wasm_bindgen]
pub struct Session(crate::session::Session);

#[wasm_bindgen]
impl Session {
    /// The import report and the headline figures.
    pub fn report(&self) -> Result<JsValue, JsValue> {
        to_value(&self.0.report())
    }

    /// Every view of the analysis: `params` as `AnalysisParams` in camelCase.
    pub fn analyze(&mut self, params: JsValue) -> Result<JsValue, JsValue> {
        to_value(&self.0.analyze(&from_js(params)?).map_err(to_js)?)
    }

    /// The analysis without its later views (初回購入商品別, 定期, 回収期間, 引き上げ: their fields
    /// empty), which a second worker computes at once (`laterViews`).
    #[wasm_bindgen(js_name = analyzeFirst)]
    pub fn analyze_first(&mut self, params: JsValue) -> Result<JsValue, JsValue> {
        to_value(&self.0.analyze_first(&from_js(params)?).map_err(to_js)?)
    }

    /// The later views of the analysis with `params` (the fields `analyzeFirst` left empty).
    #[wasm_bindgen(js_name = laterViews)]
    pub fn later_views(&self, params: JsValue) -> Result<JsValue, JsValue> {
        to_value(&self.0.later_views(&from_js(params)?).map_err(to_js)?)
    }

    /// The analysis compared with the same analysis at `earlier` (`YYYY-MM-DD`): `params` as
    /// `AnalysisParams` in camelCase.
    pub fn compare(&self, params: JsValue, earlier: &str) -> Result<JsValue, JsValue> {
        to_value(&self.0.compare(&from_js(params)?, earlier).map_err(to_js)?)
    }

    /// The statuses and the lists of 「今週やること」 as they are now (refined by the forecast).
    pub fn status(&mut self) -> Result<JsValue, JsValue> {
        to_value(&self.0.status().map_err(to_js)?)
    }

    /// The model forecast: `request` as `ForecastRequest` in camelCase.
    pub fn forecast(&mut self, request: JsValue) -> Result<JsValue, JsValue> {
        to_value(&self.0.forecast(from_js(request)?).map_err(to_js)?)
    }

    /// What a forecast of this file reads, as bytes (for a `ForecastSession` in another worker).
    #[wasm_bindgen(js_name = forecastInput)]
    pub fn forecast_input(&self) -> Vec<u8> {
        self.0.forecast_input()
    }

    /// The per-customer figures of a forecast run elsewhere join the table and the exports
    /// (`clv_low` and `clv_high` empty when the forecast has no intervals); its transaction
    /// model continues 回収期間 (予測): `model` as `forecast.model` (`"bgNbd"`, …; `""`: none),
    /// `values` its four parameters in the order of `forecast.transactions.params`, `unit`
    /// (`"days"`, `"weeks"`), the ISO observation end.
    #[wasm_bindgen(js_name = attachForecast)]
    #[allow(clippy::too_many_arguments)] // one array per figure, as `ForecastSession.run` gives them
    pub fn attach_forecast(
        &mut self,
        p_alive: Vec<f64>,
        expected_purchases: Vec<f64>,
        expected_spend: Vec<f64>,
        clv: Vec<f64>,
        clv_low: Vec<f64>,
        clv_high: Vec<f64>,
        alive_threshold: f64,
        model: &str,
        values: &[f64],
        unit: &str,
        observation_end: &str,
    ) -> Result<(), JsValue> {
        use crate::models::forecast::CustomerForecasts;
        use crate::models::{bgnbd, mbgnbd, pareto_nbd, TransactionModel};
        let clv_range = CustomerForecasts::clv_range_from_columns(&clv_low, &clv_high);
        let customers = CustomerForecasts {
            p_alive,
            expected_purchases,
            expected_spend,
            clv,
            clv_range: clv_range.map_err(to_js)?,
        };
        self.0.attach_forecast(customers, alive_threshold).map_err(to_js)?;
        let unit = if unit == "days" {
            crate::summary::TimeUnit::Days
        } else {
            crate::summary::TimeUnit::Weeks
        };
        let end = crate::date::parse_iso_day(observation_end);
        if let (&[r, alpha, a, b], Some(end)) = (values, end) {
            let model = match model {
                "bgNbd" => TransactionModel::BgNbd(bgnbd::Params { r, alpha, a, b }),
                "mbgNbd" => TransactionModel::MbgNbd(mbgnbd::Params { r, alpha, a, b }),
                "paretoNbd" => {
                    TransactionModel::ParetoNbd(pareto_nbd::Params { r, alpha, s: a, beta: b })
                }
                _ => return Ok(()),
            };
            self.0.attach_model(model, unit, end);
        }
        Ok(())
    }

    /// 回収期間 of the last analysis, continued by the attached forecast (予測) when there is one.
    pub fn payback(&mut self) -> Result<JsValue, JsValue> {
        to_value(&self.0.payback().map_err(to_js)?)
    }

    /// Removes the last forecast's figures (a forecast that failed or was cancelled elsewhere).
    #[wasm_bindgen(js_name = clearForecast)]
    pub fn clear_forecast(&mut self) {
        self.0.clear_forecast();
    }

    /// One page of customers (`{sort, ascending, search, segments, cpmGroups, offset, limit}`).
    pub fn customers(&mut self, query: JsValue) -> Result<JsValue, JsValue> {
        let query = if query.is_undefined() || query.is_null() {
            js_sys::Object::new().into()
        } else {
            query
        };
        let page = self.0.customers(serde_wasm_bindgen::Deserializer::from(query));
        to_value(&page.map_err(to_js)?)
    }

    /// A CSV of customers for Excel: `{sort, search, segments, cpmGroups, encoding, language}`.
    /// Returns `{bytes: Uint8Array, rows, unmappable}`.
    #[wasm_bindgen(js_name = exportCustomers)]
    pub fn export_customers(&mut self, options: JsValue) -> Result<JsValue, JsValue> {
        let file = self.0.export_customers(&from_js(options)?).map_err(to_js)?;
        file_to_js(&file)
    }

    /// The LTV pack of the data (`salt`: the shop's secret, at least 8 characters; not used for
    /// a session opened from packs, which keeps its ids).
    /// `options`: `{customerRows, aggregates, k, end}` (default: customer rows, no aggregates).
    #[wasm_bindgen(js_name = exportPack)]
    pub fn export_pack(&self, salt: &str, options: JsValue) -> Result<Vec<u8>, JsValue> {
        let options: crate::pack::PackOptions = from_js(options)?;
        self.0.export_pack_with(salt, &options).map_err(to_js)
    }

    /// The cohort view of an aggregates-only pack, from its cube (the default parameters).
    #[wasm_bindgen(js_name = packCohorts)]
    pub fn pack_cohorts(&self) -> Result<JsValue, JsValue> {
        to_value(&self.0.pack_cohorts(&Default::default()).map_err(to_js)?)
    }

    /// The cube's cohorts by first channel and by first product (aggregates-only packs).
    #[wasm_bindgen(js_name = packSplits)]
    pub fn pack_splits(&self) -> Result<JsValue, JsValue> {
        to_value(&self.0.pack_splits(&Default::default()).map_err(to_js)?)
    }

    /// A CSV of 初回購入商品別 of the last analysis: `{table, encoding, labels}`.
    /// Returns `{bytes: Uint8Array, rows, unmappable}`.
    #[wasm_bindgen(js_name = exportFirstProducts)]
    pub fn export_first_products(&mut self, options: JsValue) -> Result<JsValue, JsValue> {
        let file = self.0.export_first_products(&from_js(options)?).map_err(to_js)?;
        file_to_js(&file)
    }

    /// A CSV of one list of the last analysis's 定期 view: `{list, encoding, labels}` (list
    /// `dueSoon` or `stoppedAfterFirst`). Returns `{bytes: Uint8Array, rows, unmappable}`.
    #[wasm_bindgen(js_name = exportSubscriptionList)]
    pub fn export_subscription_list(&mut self, options: JsValue) -> Result<JsValue, JsValue> {
        let file = self.0.export_subscription_list(&from_js(options)?).map_err(to_js)?;
        file_to_js(&file)
    }

    /// A CSV of one table of the last analysis's views (月次推移, …): `{table, encoding, labels}`.
    /// Returns `{bytes: Uint8Array, rows, unmappable}`.
    #[wasm_bindgen(js_name = exportView)]
    pub fn export_view(&mut self, options: JsValue) -> Result<JsValue, JsValue> {
        let file = self.0.export_view(&from_js(options)?).map_err(to_js)?;
        file_to_js(&file)
    }

    /// A CSV of 回収期間 as shown (observed, then 予測 once a forecast ran): `{encoding, labels,
    /// names}`. Returns `{bytes: Uint8Array, rows, unmappable}`.
    #[wasm_bindgen(js_name = exportPayback)]
    pub fn export_payback(&mut self, options: JsValue) -> Result<JsValue, JsValue> {
        let file = self.0.export_payback(&from_js(options)?).map_err(to_js)?;
        file_to_js(&file)
    }
}

/// The forecast of one file's `forecastInput()` bytes, in a worker of its own.
#[wasm_bindgen]
pub struct ForecastSession(crate::models::input::ForecastInput);

/// An export as `{bytes: Uint8Array, rows, unmappable}`.
fn file_to_js(file: &crate::analysis::export::ExportFile) -> Result<JsValue, JsValue> {
    let out = js_sys::Object::new();
    let set = |k: &str, v: &JsValue| js_sys::Reflect::set(&out, &JsValue::from_str(k), v);
    set("bytes", &js_sys::Uint8Array::from(file.bytes.as_slice()))?;
    set("rows", &JsValue::from_f64(file.rows as f64))?;
    set("unmappable", &JsValue::from_f64(file.unmappable as f64))?;
    Ok(out.into())
}

/// `{forecast, customers: {pAlive, expectedPurchases, expectedSpend, clv, clvLow, clvHigh}}`,
/// the arrays as `Float64Array`s (copies the worker can transfer; `clvLow` and `clvHigh` empty
/// without intervals).
fn forecast_result(f: &crate::models::Forecast) -> Result<JsValue, JsValue> {
    let out = js_sys::Object::new();
    let customers = js_sys::Object::new();
    let c = &f.customers;
    let [low, high] = c.clv_range_columns();
    for (name, values) in [
        ("pAlive", &c.p_alive),
        ("expectedPurchases", &c.expected_purchases),
        ("expectedSpend", &c.expected_spend),
        ("clv", &c.clv),
        ("clvLow", &low),
        ("clvHigh", &high),
    ] {
        let array = js_sys::Float64Array::from(values.as_slice());
        js_sys::Reflect::set(&customers, &JsValue::from_str(name), &array)?;
    }
    js_sys::Reflect::set(&out, &JsValue::from_str("forecast"), &to_value(f)?)?;
    js_sys::Reflect::set(&out, &JsValue::from_str("customers"), &customers)?;
    Ok(out.into())
}

#[wasm_bindgen]
impl ForecastSession {
    /// Reads the bytes of `Session.forecastInput()`.
    #[wasm_bindgen(constructor)]
    pub fn new(bytes: &[u8]) -> Result<ForecastSession, JsValue> {
        Ok(ForecastSession(crate::models::input::ForecastInput::decode(bytes).map_err(to_js)?))
    }

    /// The forecast (`request` as `ForecastRequest` in camelCase); `on_progress`, when given,
    /// is called with each stage and with the first answer (see the top of this file).
    pub fn run(
        &self,
        request: JsValue,
        on_progress: Option<js_sys::Function>,
    ) -> Result<JsValue, JsValue> {
        use crate::models::forecast::Step;
        let params =
            from_js::<crate::session::ForecastRequest>(request)?.params().map_err(to_js)?;
        let mut progress = |step: Step<'_>| {
            let Some(callback) = &on_progress else { return };
            let message = match step {
                Step::Stage(stage) => to_value(&stage),
                Step::Preliminary(f) => forecast_result(f).and_then(|result| {
                    let out = js_sys::Object::new();
                    js_sys::Reflect::set(&out, &"stage".into(), &"preliminary".into())?;
                    js_sys::Reflect::set(&out, &"result".into(), &result)?;
                    Ok(out.into())
                }),
            };
            // A throwing callback does not stop the forecast.
            if let Ok(message) = message {
                let _ = callback.call1(&JsValue::NULL, &message);
            }
        };
        forecast_result(&self.0.forecast(&params, &mut progress).map_err(to_js)?)
    }
}

/// Whether the first bytes of a file look like an LTV pack (its header).
#[wasm_bindgen(js_name = looksLikePack)]
pub fn looks_like_pack(first_bytes: &[u8]) -> bool {
    crate::pack::looks_like_pack(first_bytes)
}

/// Several LTV packs opened as one, streamed (see the list above): never whole in memory.
#[wasm_bindgen]
#[derive(Default)]
pub struct PackSet {
    packs: Vec<crate::pack::Pack>,
    reading: Option<crate::pack::PackReader>,
}

#[wasm_bindgen]
impl PackSet {
    /// No pack yet.
    #[wasm_bindgen(constructor)]
    pub fn new() -> PackSet {
        PackSet::default()
    }

    /// Starts the next pack, of `size` bytes (the file's size: its columns are reserved from
    /// it).
    pub fn begin(&mut self, size: f64) {
        self.reading = Some(crate::pack::PackReader::new(size as usize));
    }

    /// The pack's next bytes.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        match self.reading.as_mut() {
            Some(r) => r.push(chunk).map_err(to_js),
            None => Err(to_js(crate::Error::Empty)),
        }
    }

    /// The pack is complete.
    pub fn end(&mut self) -> Result<(), JsValue> {
        let reader = self.reading.take().ok_or_else(|| to_js(crate::Error::Empty))?;
        self.packs.push(reader.finish().map_err(to_js)?);
        Ok(())
    }

    /// A session of the packs merged; the set is consumed.
    pub fn open(self) -> Result<Session, JsValue> {
        Ok(Session(crate::session::Session::from_decoded(self.packs).map_err(to_js)?))
    }
}

/// Where to cut an LTV pack for `workers` workers (`packPlan(head, size, workers)`): the
/// prelude's end, then the nominal start of each range after the first; empty: one worker.
#[wasm_bindgen(js_name = packPlan)]
pub fn pack_plan(head: &[u8], size: f64, workers: u32) -> Vec<f64> {
    crate::pack::split::plan(head, size as u64, workers).into_iter().map(|c| c as f64).collect()
}

/// One byte range of a split pack: `pushPrelude(bytes)` the file's bytes before `preludeEnd`,
/// then `push(bytes)` from `from()` until `done()` or the file's end; then `finish()` → the
/// range's customers (bytes), `intoMerger()` (the first range) or `intoAnalyst()` (the second).
#[wasm_bindgen]
pub struct PackRange(crate::pack::split::RangeReader);

#[wasm_bindgen]
impl PackRange {
    /// The reader of the range `start`–`end` (`end` < 0: to the end of the file).
    #[wasm_bindgen(constructor)]
    pub fn new(prelude_end: f64, start: f64, end: f64, size: f64) -> Result<PackRange, JsValue> {
        let (end, at) = (if end < 0.0 { u64::MAX } else { end as u64 }, start as u64);
        let r = crate::pack::split::RangeReader::new(prelude_end as u64, at, end, size as u64);
        Ok(PackRange(r.map_err(to_js)?))
    }

    /// The file offset the range's bytes are read from.
    pub fn from(&self) -> f64 {
        self.0.from() as f64
    }

    /// The prelude's next bytes.
    #[wasm_bindgen(js_name = pushPrelude)]
    pub fn push_prelude(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        self.0.push_prelude(chunk).map_err(to_js)
    }

    /// The range's next bytes.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        self.0.push(chunk).map_err(to_js)
    }

    /// Whether the range's last line has been read.
    pub fn done(&self) -> bool {
        self.0.done()
    }

    /// The range's customers, for the first range's `PackMerger`.
    pub fn finish(self) -> Result<Vec<u8>, JsValue> {
        self.0.finish().map_err(to_js)
    }

    /// The first range becomes the merge.
    #[wasm_bindgen(js_name = intoMerger)]
    pub fn into_merger(self) -> Result<PackMerger, JsValue> {
        Ok(PackMerger(self.0.into_merger().map_err(to_js)?))
    }

    /// The second range's worker holds the whole pack too (`PackAnalyst`); its range's
    /// customers, for the first range's merger, are `takeRange()`.
    #[wasm_bindgen(js_name = intoAnalyst)]
    pub fn into_analyst(self) -> Result<PackAnalyst, JsValue> {
        let (range, analyst) = self.0.into_analyst().map_err(to_js)?;
        Ok(PackAnalyst { analyst, range })
    }
}

/// A split pack's first range, to which the other ranges' customers are added in file order.
#[wasm_bindgen]
pub struct PackMerger(crate::pack::split::Merger);

#[wasm_bindgen]
impl PackMerger {
    /// The customers added so far, as bytes (the first range's, for the `PackAnalyst`).
    pub fn customers(&mut self) -> Vec<u8> {
        self.0.customers()
    }

    /// Appends the next range's customers.
    pub fn add(&mut self, partial: &[u8]) -> Result<(), JsValue> {
        self.0.add(partial).map_err(to_js)
    }

    /// A session of the whole pack; the merger is consumed.
    pub fn open(self) -> Result<Session, JsValue> {
        open_pack(self.0.finish())
    }
}

/// The second range's worker of a split pack, which holds the whole pack too and computes the
/// later views: `add(partial)` the first range's customers, then those of the ranges after its
/// own, then `open()`.
#[wasm_bindgen]
pub struct PackAnalyst {
    analyst: crate::pack::split::Analyst,
    /// This worker's range's customers, until taken.
    range: Vec<u8>,
}

#[wasm_bindgen]
impl PackAnalyst {
    /// This worker's range's customers (for the first range's merger), once; empty after.
    #[wasm_bindgen(js_name = takeRange)]
    pub fn take_range(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.range)
    }

    /// Appends the next range's customers.
    pub fn add(&mut self, partial: &[u8]) -> Result<(), JsValue> {
        self.analyst.add(partial).map_err(to_js)
    }

    /// A session of the whole pack; the analyst is consumed.
    pub fn open(self) -> Result<Session, JsValue> {
        open_pack(self.analyst.finish())
    }
}

fn open_pack(pack: Result<crate::pack::Pack, crate::Error>) -> Result<Session, JsValue> {
    let pack = pack.map_err(to_js)?;
    Ok(Session(crate::session::Session::from_decoded(vec![pack]).map_err(to_js)?))
}

/// Every role a column can play, with its need, in the order the import check lists them (for
/// a file whose columns were not found, which has no report).
#[wasm_bindgen]
pub fn roles() -> Result<JsValue, JsValue> {
    to_value(&crate::import::columns::role_list())
}

/// A made-up shop through the import, the analysis and a split pack, once: their code is then
/// optimised before the first large file ([`crate::session::warm_up`]).
#[wasm_bindgen(js_name = warmUp)]
pub fn warm_up() -> Result<(), JsValue> {
    crate::session::warm_up().map(drop).map_err(to_js)
}

/// The LTV calculator (five levers, CPA ceiling, sensitivity): works with no file.
#[wasm_bindgen]
pub fn levers(inputs: JsValue) -> Result<JsValue, JsValue> {
    let inputs: levers::LeverInputs = from_js(inputs)?;
    to_value(&levers::calculate(&inputs).map_err(to_js)?)
}
