//! The only file that speaks wasm-bindgen: converts JS values to core types, calls the core,
//! converts back. No logic lives here (the session's rules are in [`crate::session`]).
//!
//! JS sees (global `LtvWasm`, made by `wasm-bindgen --target no-modules`):
//! * `preview(bytes, complete, options)` → how the file looks (encoding, header, mapping, sample);
//! * `new OrderReader(options)`, `.push(Uint8Array)`, `.rows()`, `.finish()` → a `Session`;
//! * `Session.report()`, `.analyze(params)`, `.forecast(request)`, `.customers(query)`,
//!   `.exportCustomers(options)`;
//! * `levers(inputs)`: the LTV calculator, which needs no file; `roles()`: the column roles.
//!
//! Errors are thrown as `Error` objects whose `name` is the stable code of [`crate::Error::code`]
//! and whose `details` holds the numbers to show ([`crate::Error::details`]). Money crosses as
//! decimal strings (`"13700"`), never as JS numbers.

use crate::analysis::levers;
use crate::import::ImportRequest;
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

    /// The model forecast: `request` as `ForecastRequest` in camelCase.
    pub fn forecast(&mut self, request: JsValue) -> Result<JsValue, JsValue> {
        to_value(self.0.forecast(from_js(request)?).map_err(to_js)?)
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
        let out = js_sys::Object::new();
        let set = |k: &str, v: &JsValue| js_sys::Reflect::set(&out, &JsValue::from_str(k), v);
        set("bytes", &js_sys::Uint8Array::from(file.bytes.as_slice()))?;
        set("rows", &JsValue::from_f64(file.rows as f64))?;
        set("unmappable", &JsValue::from_f64(file.unmappable as f64))?;
        Ok(out.into())
    }
}

/// Every role a column can play, with its need, in the order the import check lists them (for
/// a file whose columns were not found, which has no report).
#[wasm_bindgen]
pub fn roles() -> Result<JsValue, JsValue> {
    to_value(&crate::import::columns::role_list())
}

/// The LTV calculator (five levers, CPA ceiling, sensitivity): works with no file.
#[wasm_bindgen]
pub fn levers(inputs: JsValue) -> Result<JsValue, JsValue> {
    let inputs: levers::LeverInputs = from_js(inputs)?;
    to_value(&levers::calculate(&inputs).map_err(to_js)?)
}
