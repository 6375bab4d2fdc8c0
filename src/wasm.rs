//! The only file that speaks wasm-bindgen: converts JS values to core types, calls the core,
//! converts back. No logic lives here.
//!
//! JS sees (global `LtvWasm`, made by `wasm-bindgen --target no-modules`):
//! * `preview(bytes, complete, options)` → how the file looks (encoding, header, mapping, sample);
//! * `new Importer(options)`, `.push(Uint8Array)`, `.rows()`, `.finish()` → an `Imported`;
//! * `Imported.report()`, `.analyze(params)`, `.forecast(params)`, `.customers(query)`,
//!   `.exportCustomers(options)`;
//! * `levers(inputs)`: the LTV calculator, which needs no file.
//!
//! Errors are thrown as `Error` objects whose `name` is the stable code of [`crate::Error::code`]
//! and whose `details` holds the numbers to show (missing columns, the line of a bad row, …).
//! Money crosses as decimal strings (`"13700"`), never as JS numbers.

use crate::analysis::customers::{CustomerTable, TableQuery};
use crate::analysis::export::{export_customers, ExportOptions};
use crate::analysis::{analyze_with_table, levers, AnalysisParams};
use crate::columns::ColumnChoice;
use crate::date::DayOrder;
use crate::encoding::TextEncoding;
use crate::import::{Import, ImportOptions, OrderReader};
use crate::models::{forecast, Forecast, ForecastParams};
use crate::overview::overview;
use crate::sniff::{sniff, SniffOptions};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;

/// Options from JS (all optional).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct OptionsDto {
    /// `"auto"`, `"utf-8"`, `"shift_jis"` (also `"cp932"`, `"sjis"`), `"utf-16le"`, `"utf-16be"`.
    encoding: Option<String>,
    /// `","`, `"\t"`, `";"` or `"|"`.
    delimiter: Option<String>,
    /// Role → header text, e.g. `{customer: "会員ID"}`.
    columns: BTreeMap<String, String>,
    day_order: Option<DayOrder>,
    shop_utc_offset_minutes: Option<i32>,
    currency: Option<String>,
    size_hint: Option<f64>,
    /// The time unit of a per-customer summary file (`"days"`, the lifetimes default, or
    /// `"weeks"`).
    summary_unit: Option<crate::summary::TimeUnit>,
}

impl OptionsDto {
    fn into_options(self) -> Result<ImportOptions, crate::Error> {
        let encoding = match self.encoding.as_deref().map(str::to_ascii_lowercase).as_deref() {
            None | Some("" | "auto") => None,
            Some("utf-8" | "utf8") => Some(TextEncoding::Utf8),
            Some("shift_jis" | "shift-jis" | "sjis" | "cp932" | "ms932" | "windows-31j") => {
                Some(TextEncoding::ShiftJis)
            }
            Some("utf-16le" | "utf-16") => Some(TextEncoding::Utf16le),
            Some("utf-16be") => Some(TextEncoding::Utf16be),
            Some(other) => {
                return Err(crate::Error::BadOptions(format!("unknown encoding {other}")))
            }
        };
        let delimiter = match self.delimiter.as_deref() {
            None | Some("" | "auto") => None,
            Some(d) if d.len() == 1 && matches!(d.as_bytes()[0], b',' | b'\t' | b';' | b'|') => {
                Some(d.as_bytes()[0])
            }
            Some(other) => {
                return Err(crate::Error::BadOptions(format!("unknown delimiter {other:?}")))
            }
        };
        Ok(ImportOptions {
            sniff: SniffOptions {
                encoding,
                delimiter,
                columns: ColumnChoice { by_role: self.columns },
            },
            day_order: self.day_order,
            shop_utc_offset_min: self.shop_utc_offset_minutes.unwrap_or(540),
            currency: self.currency.filter(|c| !c.is_empty()).map(|c| c.to_uppercase()),
            size_hint: self.size_hint.filter(|s| s.is_finite() && *s > 0.0).map(|s| s as u64),
            summary_unit: self.summary_unit.unwrap_or(crate::summary::TimeUnit::Days),
        })
    }
}

fn options(js: JsValue) -> Result<ImportOptions, JsValue> {
    if js.is_undefined() || js.is_null() {
        return Ok(ImportOptions::default());
    }
    let dto: OptionsDto = serde_wasm_bindgen::from_value(js)
        .map_err(|e| to_js(crate::Error::BadOptions(e.to_string())))?;
    dto.into_options().map_err(to_js)
}

/// Serialises for JS as plain objects (maps become objects, 64-bit integers become numbers).
fn to_value<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| js_sys::Error::new(&e.to_string()).into())
}

/// The numbers behind an error, for the page's translated message.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ErrorDetails<'a> {
    code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    missing: Option<&'a [&'static str]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    header: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    looks_like: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rows: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<&'a str>,
}

fn to_js(err: crate::Error) -> JsValue {
    use crate::Error as E;
    let mut d = ErrorDetails {
        code: err.code(),
        missing: None,
        header: None,
        looks_like: None,
        role: None,
        name: None,
        rows: None,
        reason: None,
        line: None,
        value: None,
    };
    match &err {
        E::MissingColumns { missing, header } => {
            (d.missing, d.header) = (Some(missing.as_slice()), Some(header.as_slice()));
        }
        E::NotText { looks_like } => d.looks_like = Some(looks_like),
        E::UnknownColumn { role, name } => (d.role, d.name) = (Some(*role), Some(name.as_str())),
        E::NoUsableRows { rows, reason, line, value } => {
            (d.rows, d.reason, d.line, d.value) = (Some(*rows), *reason, *line, value.as_deref());
        }
        E::BadParameter { name, .. } => d.name = Some(name),
        _ => {}
    }
    let js = js_sys::Error::new(&err.to_string());
    js.set_name(err.code());
    if let Ok(details) = to_value(&d) {
        let _ = js_sys::Reflect::set(&js, &JsValue::from_str("details"), &details);
    }
    js.into()
}

/// How the first bytes of a file look: encoding, delimiter, header, mapping and sample rows.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PreviewDto {
    encoding: TextEncoding,
    encoding_detected: bool,
    delimiter: String,
    header: Vec<String>,
    mapping: BTreeMap<&'static str, String>,
    amount_kind: Option<crate::columns::AmountKind>,
    sample: Vec<Vec<String>>,
    day_order: Option<DayOrder>,
    day_order_matters: bool,
    roles: Vec<crate::columns::RoleInfo>,
}

/// Looks at the first bytes of a file (`complete`: they are the whole file).
#[wasm_bindgen]
pub fn preview(bytes: &[u8], complete: bool, options_js: JsValue) -> Result<JsValue, JsValue> {
    let o = options(options_js)?;
    let s = sniff(bytes, complete, &o.sniff).map_err(to_js)?;
    to_value(&PreviewDto {
        encoding: s.encoding,
        encoding_detected: !s.encoding_given,
        delimiter: (s.delimiter as char).to_string(),
        mapping: s.map.assigned().map(|(r, i)| (r.name(), s.header[i].clone())).collect(),
        amount_kind: s.map.amount_kind,
        header: s.header,
        sample: s.sample,
        day_order: s.day_order,
        day_order_matters: s.day_order_matters,
        roles: crate::columns::role_list(),
    })
}

/// Streaming import: `push(bytes)` per chunk, then `finish()` once.
#[wasm_bindgen]
pub struct Importer(OrderReader);

#[wasm_bindgen]
impl Importer {
    /// A new import with the given options (see the README's JS API).
    #[wasm_bindgen(constructor)]
    pub fn new(options_js: JsValue) -> Result<Importer, JsValue> {
        Ok(Importer(OrderReader::new(options(options_js)?)))
    }

    /// Feeds one chunk (a `Uint8Array`, copied in).
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        self.0.push(chunk).map_err(to_js)
    }

    /// Data rows read so far.
    pub fn rows(&self) -> f64 {
        self.0.progress().1 as f64
    }

    /// Ends the input; the importer is consumed.
    pub fn finish(self) -> Result<Imported, JsValue> {
        Ok(Imported { import: self.0.finish().map_err(to_js)?, table: None, forecast: None })
    }
}

/// An imported file, ready for the views. The customer table of the last analysis is kept for
/// paging and exports.
#[wasm_bindgen]
pub struct Imported {
    import: Import,
    table: Option<CustomerTable>,
    /// The last forecast: its per-customer figures go into the table (and survive a new
    /// analysis).
    forecast: Option<(Forecast, f64)>,
}

/// Forecast options from JS: `ForecastParams` with the dates as ISO text.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct ForecastDto {
    /// Last day of data to use (default: the analysis date, else the last order day).
    observation_end: Option<String>,
    /// End of the calibration period of the holdout check.
    calibration_end: Option<String>,
    #[serde(flatten)]
    params: ForecastParams,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportDto<'a> {
    import: &'a crate::import::ImportReport,
    overview: crate::overview::Overview,
}

/// Reads an optional JS object into `T` (its serde defaults when `undefined`).
fn from_js<T: serde::de::DeserializeOwned + Default>(value: JsValue) -> Result<T, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    serde_wasm_bindgen::from_value(value)
        .map_err(|e| to_js(crate::Error::BadOptions(e.to_string())))
}

#[wasm_bindgen]
impl Imported {
    /// The import report and the headline figures.
    pub fn report(&self) -> Result<JsValue, JsValue> {
        to_value(&ReportDto {
            import: &self.import.report,
            overview: overview(&self.import.dataset),
        })
    }

    /// Every view of the analysis (see the README): `params` as `AnalysisParams` in camelCase.
    pub fn analyze(&mut self, params: JsValue) -> Result<JsValue, JsValue> {
        let params: AnalysisParams = from_js(params)?;
        if self.import.aggregated.is_some() {
            return Err(to_js(crate::Error::NeedsOrders { view: "analysis" }));
        }
        let (analysis, mut table) =
            analyze_with_table(&self.import.dataset, &params).map_err(to_js)?;
        if let Some((f, threshold)) = &self.forecast {
            let c = &f.customers;
            table.attach_predictions(&c.p_alive, &c.expected_purchases, &c.clv, *threshold);
        }
        self.table = Some(table);
        to_value(&analysis)
    }

    /// The model forecast (see the README): fits, validates on a holdout, predicts every
    /// customer; the per-customer figures join the customer table and exports.
    pub fn forecast(&mut self, params: JsValue) -> Result<JsValue, JsValue> {
        let dto: ForecastDto = from_js(params)?;
        let day = |name: &'static str, s: Option<String>| -> Result<Option<i32>, JsValue> {
            match s.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                None => Ok(None),
                Some(s) => crate::date::parse_iso_day(s).map(Some).ok_or_else(|| {
                    to_js(crate::Error::BadParameter {
                        name,
                        reason: format!("{s:?} is not YYYY-MM-DD"),
                    })
                }),
            }
        };
        let mut params = dto.params;
        params.observation_end =
            day("observationEnd", dto.observation_end)?.or(params.observation_end);
        params.calibration_end =
            day("calibrationEnd", dto.calibration_end)?.or(params.calibration_end);
        let threshold = params.alive_threshold;
        // The previous forecast's figures go first: if this one fails, none are left behind.
        self.forecast = None;
        if let Some(table) = self.table.as_mut() {
            table.clear_predictions();
        }
        let f = match &self.import.aggregated {
            Some(a) => {
                params.unit = a.unit;
                crate::models::forecast::forecast_summaries(&a.rows, &params).map_err(to_js)?
            }
            None => forecast(&self.import.dataset, &params).map_err(to_js)?,
        };
        let view = to_value(&f)?; // without the per-customer arrays (see `Forecast::customers`)
        if self.import.aggregated.is_none() {
            self.table()?;
        }
        if let Some(table) = self.table.as_mut() {
            let c = &f.customers;
            table.attach_predictions(&c.p_alive, &c.expected_purchases, &c.clv, threshold);
        }
        self.forecast = Some((f, threshold));
        Ok(view)
    }

    /// The dataset and the customer table (built with the default parameters when no analysis
    /// ran yet).
    fn table(&mut self) -> Result<(&crate::dataset::Dataset, &CustomerTable), JsValue> {
        if self.table.is_none() {
            let (_, table) = analyze_with_table(&self.import.dataset, &AnalysisParams::default())
                .map_err(to_js)?;
            self.table = Some(table);
        }
        let table = self.table.as_ref().ok_or_else(|| js_sys::Error::new("no table"))?;
        Ok((&self.import.dataset, table))
    }

    /// One page of the customer table: `{sort, ascending, search, segments, cpmGroups, offset,
    /// limit}`, as of the last analysis.
    pub fn customers(&mut self, query: JsValue) -> Result<JsValue, JsValue> {
        if let Some(a) = &self.import.aggregated {
            let q: crate::aggregated::SummaryQuery = from_js(query)?;
            let f = self.forecast.as_ref().map(|(f, _)| &f.customers);
            return to_value(&crate::aggregated::summary_page(a, f, &q));
        }
        let q: TableQuery = from_js(query)?;
        let (ds, table) = self.table()?;
        let page = table.page(ds, &q);
        to_value(&page)
    }

    /// A CSV of customers for Excel: `{sort, search, segments, cpmGroups, encoding, language}`.
    /// Returns `{bytes: Uint8Array, rows, unmappable}`.
    #[wasm_bindgen(js_name = exportCustomers)]
    pub fn export_customers(&mut self, options: JsValue) -> Result<JsValue, JsValue> {
        let o: ExportOptions = from_js(options)?;
        if self.import.aggregated.is_some() {
            return Err(to_js(crate::Error::NeedsOrders { view: "export" }));
        }
        let (ds, table) = self.table()?;
        let file = export_customers(ds, table, &o);
        let out = js_sys::Object::new();
        let bytes = js_sys::Uint8Array::from(file.bytes.as_slice());
        let set = |k: &str, v: &JsValue| js_sys::Reflect::set(&out, &JsValue::from_str(k), v);
        set("bytes", &bytes)?;
        set("rows", &JsValue::from_f64(file.rows as f64))?;
        set("unmappable", &JsValue::from_f64(file.unmappable as f64))?;
        Ok(out.into())
    }
}

/// The LTV calculator (five levers, CPA ceiling, sensitivity): works with no file.
#[wasm_bindgen]
pub fn levers(inputs: JsValue) -> Result<JsValue, JsValue> {
    let inputs: levers::LeverInputs = from_js(inputs)?;
    to_value(&levers::calculate(&inputs).map_err(to_js)?)
}
