//! One imported file and what the page has asked of it since: the last analysis (its customer
//! table is kept for paging and exports) and the last forecast (its per-customer figures join
//! the table, and survive a new analysis).
//!
//! The rules a page relies on, each tested below:
//! * a per-customer summary file has no order-based views: the analysis and the export answer
//!   [`Error::NeedsOrders`], the customer pages come from the summary rows;
//! * the table is built with the default parameters when a page or an export comes before any
//!   analysis;
//! * a forecast that fails leaves no figures of an older one behind (in pages or exports);
//! * a new analysis keeps the last forecast's figures in its table.
//!
//! The forecast can also run elsewhere (the page runs it in a second worker so that nothing
//! waits behind it): [`Session::forecast_input`] gives the bytes it needs
//! ([`crate::models::input`]), [`ForecastRequest::params`] reads the request there, and
//! [`Session::attach_forecast`] / [`Session::clear_forecast`] bring the per-customer figures
//! back under the same rules.
//!
//! Requests arrive as any serde [`Deserializer`] (the façade passes the JS object as it is), so
//! the choice between an order file's table and a summary file's is made here, not in the
//! façade.

use crate::analysis::cohorts::{CohortParams, Cohorts};
use crate::analysis::compare::{compare, Comparison};
use crate::analysis::customers::{CustomerTable, TableQuery};
use crate::analysis::export::{
    export_customers, export_first_products, export_payback, export_subscription_list, export_view,
    ExportFile, ExportOptions, PaybackExportOptions, ProductExportOptions,
    SubscriptionExportOptions, ViewExportOptions,
};
use crate::analysis::payback::{payback, Payback, Projection};
use crate::analysis::products::FirstProducts;
use crate::analysis::status::StatusSummary;
use crate::analysis::subscription::{Subscription, SubscriptionRule};
use crate::analysis::summary_table::{summary_page, SummaryQuery};
use crate::analysis::{
    analyze_parts, analyze_with_table, later_views, Analysis, AnalysisParams, LaterViews,
    ViewTables,
};
use crate::date::{parse_iso_day, Day};
use crate::import::{Import, ImportReport};
use crate::models::forecast::{
    forecast, forecast_weighted, CustomerForecasts, Forecast, ForecastParams,
};
use crate::models::input::{encode_orders, encode_weighted};
use crate::models::TransactionModel;
use crate::overview::{overview, Overview};
use crate::pack::cohorts::CubeSplits;
use crate::pack::{Aggregates, Pack, PackInfo, PackOptions};
use crate::summary::TimeUnit;
use crate::Error;
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize};

/// 回収期間's channels, in order, each with its CPA.
type ChannelCpas = Vec<(String, Option<Decimal>)>;

/// An imported file and the state of its analysis and forecast.
#[derive(Debug)]
pub struct Session {
    import: Import,
    table: Option<CustomerTable>,
    /// The last forecast's per-customer figures and its alive threshold.
    forecast: Option<(CustomerForecasts, f64)>,
    /// 初回購入商品別 of the last analysis (for its CSV).
    products: Option<FirstProducts>,
    /// The 定期 view of the last analysis (for its lists' CSV).
    subscription: Option<Subscription>,
    /// The tables of the last analysis's views (for their CSVs).
    views: Option<ViewTables>,
    /// What the pack (or the packs merged) said, when the session was opened from packs.
    pack: Option<PackInfo>,
    /// The pack's aggregates, when the session was opened from aggregates-only packs.
    aggregates: Option<Aggregates>,
    /// The last forecast's transaction model, time unit and observation end (回収期間's 予測).
    model: Option<(TransactionModel, TimeUnit, Day)>,
    /// 回収期間's CPA and its channels with their CPAs, in order, of the last analysis (for
    /// [`Session::payback`]).
    payback: Option<(Option<Decimal>, ChannelCpas)>,
    /// The parameters of an analysis whose later views another worker computed
    /// ([`Session::analyze_first`]): run whole before anything here reads them.
    later: Option<AnalysisParams>,
}

/// How the file was read and its headline figures.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report<'a> {
    /// How the file was read.
    pub import: &'a ImportReport,
    /// The headline figures.
    pub overview: Overview,
    /// The pack the data came from (its salt id, currency, packs merged, what it holds), when
    /// it came from LTV packs rather than orders.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pack: Option<&'a PackInfo>,
}

/// A forecast request: [`ForecastParams`] with the dates as ISO text (`YYYY-MM-DD`).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ForecastRequest {
    /// Last day of data to use (default: the last order day).
    pub observation_end: Option<String>,
    /// End of the calibration period of the holdout check.
    pub calibration_end: Option<String>,
    /// Everything else.
    #[serde(flatten)]
    pub params: ForecastParams,
}

impl ForecastRequest {
    /// The [`ForecastParams`] of the request (its ISO dates read as days).
    ///
    /// # Errors
    /// [`Error::BadParameter`] for a date that is not `YYYY-MM-DD`.
    pub fn params(self) -> Result<ForecastParams, Error> {
        let day = |name: &'static str, s: Option<String>| -> Result<Option<i32>, Error> {
            match s.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                None => Ok(None),
                Some(s) => parse_iso_day(s).map(Some).ok_or_else(|| Error::BadParameter {
                    name,
                    reason: format!("{s:?} is not YYYY-MM-DD"),
                }),
            }
        };
        let mut params = self.params;
        params.observation_end =
            day("observationEnd", self.observation_end)?.or(params.observation_end);
        params.calibration_end =
            day("calibrationEnd", self.calibration_end)?.or(params.calibration_end);
        Ok(params)
    }
}

/// One page of customers: an order file's table rows or a summary file's rows.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Page {
    /// Rows of the customer table.
    Customers(crate::analysis::customers::TablePage),
    /// Rows of a per-customer summary file.
    Summaries(crate::analysis::summary_table::SummaryPage),
}

impl Session {
    /// A session on a finished import.
    #[must_use]
    pub fn new(import: Import) -> Session {
        Session {
            import,
            table: None,
            forecast: None,
            products: None,
            subscription: None,
            views: None,
            pack: None,
            aggregates: None,
            model: None,
            payback: None,
            later: None,
        }
    }

    /// A session on LTV packs ([`crate::pack`]), merged into one: the views read its customers
    /// as they read an order file's (keyed by their salted ids, without contact details).
    ///
    /// # Errors
    /// [`Error::Empty`] for no pack, and the errors of [`Pack::decode`] and [`Pack::merge`].
    pub fn from_packs(packs: &[&[u8]]) -> Result<Session, Error> {
        let packs = packs.iter().map(|b| Pack::decode(b)).collect::<Result<Vec<_>, _>>()?;
        Session::from_decoded(packs)
    }

    /// [`Session::from_packs`] on packs read already (e.g. streamed with
    /// [`crate::pack::PackReader`]).
    ///
    /// # Errors
    /// [`Error::Empty`] for no pack, and the errors of [`Pack::merge`].
    pub fn from_decoded(packs: Vec<Pack>) -> Result<Session, Error> {
        let (info, import, aggregates) = Pack::merge(packs)?.into_import();
        let aggregates = aggregates.filter(|_| !info.customer_rows);
        Ok(Session { pack: Some(info), aggregates, ..Session::new(import) })
    }

    /// [`Error::NeedsCustomerRows`] for an aggregates-only pack, [`Error::NeedsOrders`] for a
    /// summary file: `view` needs orders.
    fn needs_orders(&self, view: &'static str) -> Result<(), Error> {
        if self.aggregates.is_some() {
            return Err(Error::NeedsCustomerRows { view });
        }
        if self.import.summary_file.is_some() {
            return Err(Error::NeedsOrders { view });
        }
        Ok(())
    }

    /// Whether the data is an aggregates-only pack (no customer rows).
    #[must_use]
    pub fn aggregates_only(&self) -> bool {
        self.aggregates.is_some()
    }

    /// The cohort view of an aggregates-only pack, from its cube (see
    /// [`crate::pack::cohorts::cohorts_of_cube`]).
    ///
    /// # Errors
    /// [`Error::NeedsOrders`] when the data is not an aggregates-only pack (its analysis has the
    /// cohort view); [`Error::BadParameter`] as [`CohortParams::validate`].
    pub fn pack_cohorts(&self, params: &CohortParams) -> Result<Cohorts, Error> {
        let a = self.aggregates.as_ref().ok_or(Error::NeedsOrders { view: "packCohorts" })?;
        params.validate()?;
        Ok(crate::pack::cohorts::cohorts_of_cube(a, params))
    }

    /// The cube's cohorts by first channel and by first product, for an aggregates-only pack
    /// (see [`crate::pack::cohorts::splits_of_cube`]).
    ///
    /// # Errors
    /// As [`Session::pack_cohorts`].
    pub fn pack_splits(&self, params: &CohortParams) -> Result<CubeSplits, Error> {
        let a = self.aggregates.as_ref().ok_or(Error::NeedsOrders { view: "packSplits" })?;
        params.validate()?;
        let ds = &self.import.dataset;
        let products = ds.products.as_ref().map_or(&[][..], |p| p.names.as_slice());
        Ok(crate::pack::cohorts::splits_of_cube(a, &ds.channels, products, params))
    }

    /// The LTV pack of the data: customers under the salted ids of their keys (`salt`: the
    /// shop's secret, at least 8 characters), no personal data. A session opened from packs
    /// writes its (merged) pack again, with its own ids (`salt` is not used).
    ///
    /// # Errors
    /// [`Error::NeedsOrders`] for a summary file; [`Error::BadOptions`] for a short salt.
    pub fn export_pack(&self, salt: &str) -> Result<Vec<u8>, Error> {
        self.export_pack_with(salt, &PackOptions::default())
    }

    /// [`Session::export_pack`] with the aggregates, or aggregates only, as `options` ask (an
    /// aggregates-only session writes its pack again, whatever `options` say).
    ///
    /// # Errors
    /// As [`Session::export_pack`], and [`crate::pack::export_with`]'s.
    pub fn export_pack_with(&self, salt: &str, options: &PackOptions) -> Result<Vec<u8>, Error> {
        if let (Some(a), Some(info)) = (&self.aggregates, &self.pack) {
            return Ok(crate::pack::write_aggregates(&self.import.dataset, info, a));
        }
        if self.import.summary_file.is_some() {
            return Err(Error::NeedsOrders { view: "pack" });
        }
        let ds = &self.import.dataset;
        match &self.pack {
            Some(info) if !options.aggregates && options.customer_rows => {
                Ok(crate::pack::write_dataset(ds, info))
            }
            Some(info) => crate::pack::rewrite_with(ds, info, options),
            None => crate::pack::export_with(ds, salt, &self.import.report.currency, options),
        }
    }

    /// The import behind the session.
    #[must_use]
    pub fn import(&self) -> &Import {
        &self.import
    }

    /// How the file was read and its headline figures.
    #[must_use]
    pub fn report(&self) -> Report<'_> {
        Report {
            import: &self.import.report,
            overview: overview(&self.import.dataset),
            pack: self.pack.as_ref(),
        }
    }

    /// Every view of the analysis; its customer table replaces the last one and keeps the last
    /// forecast's figures.
    ///
    /// # Errors
    /// [`Error::NeedsOrders`] for a summary file; [`Error::BadParameter`] as
    /// [`AnalysisParams::validate`].
    pub fn analyze(&mut self, params: &AnalysisParams) -> Result<Analysis, Error> {
        self.later = None;
        self.analyze_parts(params, true)
    }

    /// [`Session::analyze`] without its [`LaterViews`] (their fields left empty), which a second
    /// worker computes at the same time ([`Session::later_views`]). What needs them here (their
    /// CSVs, 回収期間 continued by the forecast) runs the whole analysis first, once.
    ///
    /// # Errors
    /// As [`Session::analyze`].
    pub fn analyze_first(&mut self, params: &AnalysisParams) -> Result<Analysis, Error> {
        let analysis = self.analyze_parts(params, false)?;
        self.later = Some(params.clone());
        Ok(analysis)
    }

    /// The [`LaterViews`] of the analysis with `params`: the second worker's part of
    /// [`Session::analyze_first`], the values [`Session::analyze`] gives those fields.
    ///
    /// # Errors
    /// As [`Session::analyze`].
    pub fn later_views(&self, params: &AnalysisParams) -> Result<LaterViews, Error> {
        self.needs_orders("analysis")?;
        let mut views = later_views(&self.import.dataset, params)?;
        self.name_subscription_column(&mut views.subscription);
        Ok(views)
    }

    /// The whole analysis, when [`Session::analyze_first`] left its later views to another
    /// worker.
    fn complete(&mut self) -> Result<(), Error> {
        match self.later.take() {
            Some(params) => self.analyze(&params).map(|_| ()),
            None => Ok(()),
        }
    }

    /// The 定期 view names the column its cycles came from (the import found it).
    fn name_subscription_column(&self, s: &mut Option<Subscription>) {
        if let (Some(s), Some(found)) = (s.as_mut(), self.import.report.subscription.as_ref()) {
            if s.rule != SubscriptionRule::Product {
                s.column = Some(found.column.clone());
            }
        }
    }

    fn analyze_parts(&mut self, params: &AnalysisParams, later: bool) -> Result<Analysis, Error> {
        self.needs_orders("analysis")?;
        let (mut analysis, mut table) = analyze_parts(&self.import.dataset, params, later)?;
        if let Some((c, threshold)) = &self.forecast {
            table.attach_predictions(c, *threshold);
            analysis.status = table.status_summary();
        }
        self.table = Some(table);
        // 回収期間's 予測 comes from `payback` (the analysis gives it as observed).
        let pb = &analysis.payback;
        self.payback =
            Some((pb.cpa, pb.channels.iter().map(|r| (r.month.clone(), r.cpa)).collect()));
        self.products = analysis.products.clone();
        self.name_subscription_column(&mut analysis.subscription);
        self.subscription = analysis.subscription.clone();
        self.views = Some(ViewTables::of(&analysis));
        Ok(analysis)
    }

    /// The analysis at the params' date compared with the same analysis at `earlier` (ISO):
    /// headline figures, segment sizes and the moves between segments (see [`compare`]).
    ///
    /// # Errors
    /// [`Error::NeedsOrders`] for a summary file; [`Error::BadParameter`] for a parameter out of
    /// range or a `compareDate` that is not before the analysis date.
    pub fn compare(&self, params: &AnalysisParams, earlier: &str) -> Result<Comparison, Error> {
        self.needs_orders("compare")?;
        compare(&self.import.dataset, params, earlier)
    }

    /// The statuses and the lists of 「今週やること」 as they are now: refined by the forecast
    /// once one is attached (the analysis gives them as they were when it ran).
    ///
    /// # Errors
    /// [`Error::NeedsOrders`] for a summary file.
    pub fn status(&mut self) -> Result<StatusSummary, Error> {
        self.needs_orders("status")?;
        Ok(self.table()?.status_summary())
    }

    /// The model forecast: fits, checks on a holdout, predicts every customer; the per-customer
    /// figures join the customer table and the exports. The last forecast's figures are removed
    /// first, so a failed forecast leaves none behind.
    ///
    /// # Errors
    /// [`Error::BadParameter`] for a date that is not `YYYY-MM-DD`, and the errors of
    /// [`forecast`].
    pub fn forecast(&mut self, request: ForecastRequest) -> Result<Forecast, Error> {
        let mut params = request.params()?;
        self.clear_forecast();
        let f = match &self.import.summary_file {
            Some(file) => {
                params.unit = file.unit;
                forecast_weighted(&file.rows, file.weights.as_deref(), &params)?
            }
            None => forecast(&self.import.dataset, &params)?,
        };
        self.attach_forecast(f.customers.clone(), params.alive_threshold)?;
        if let Some(end) =
            params.observation_end.or_else(|| self.import.dataset.day_range().map(|r| r.1))
        {
            self.attach_model(f.transactions.params, f.unit, end);
        }
        Ok(f)
    }

    /// What a forecast of this file reads, as bytes ([`crate::models::input`]): for running it
    /// elsewhere (the page's forecast worker).
    #[must_use]
    pub fn forecast_input(&self) -> Vec<u8> {
        match &self.import.summary_file {
            Some(file) => encode_weighted(file.unit, &file.rows, file.weights.as_deref()),
            None => encode_orders(&self.import.dataset),
        }
    }

    /// Brings a forecast computed elsewhere (from [`Session::forecast_input`]) into the table
    /// and the exports, replacing the last one's figures.
    ///
    /// # Errors
    /// [`Error::BadParameter`] when the figures are not one per customer of this file, or the
    /// threshold is not between 0 and 1 (the last figures are removed then).
    pub fn attach_forecast(
        &mut self,
        customers: CustomerForecasts,
        alive_threshold: f64,
    ) -> Result<(), Error> {
        self.clear_forecast();
        let n = match &self.import.summary_file {
            Some(file) => file.rows.len(),
            None => self.import.dataset.customers(),
        };
        let c = &customers;
        let lengths = [c.p_alive.len(), c.expected_purchases.len(), c.expected_spend.len()];
        // The CLV intervals are optional (none when the fit gave no covariance).
        let range = [c.clv_range.len()].into_iter().filter(|&len| len > 0);
        if lengths.into_iter().chain([c.clv.len()]).chain(range).any(|len| len != n) {
            return Err(Error::BadParameter {
                name: "forecast",
                reason: format!("the figures are not one per customer ({n})"),
            });
        }
        if !(0.0..=1.0).contains(&alive_threshold) {
            return Err(Error::BadParameter {
                name: "aliveThreshold",
                reason: "must be between 0 and 1".into(),
            });
        }
        if self.import.summary_file.is_none() {
            self.table()?.attach_predictions(c, alive_threshold);
        }
        self.forecast = Some((customers, alive_threshold));
        Ok(())
    }

    /// The transaction model of the forecast attached last (fitted in `unit`, observed to
    /// `observation_end`): 回収期間 is continued with it ([`Session::payback`]); removed with the
    /// forecast's figures.
    pub fn attach_model(&mut self, model: TransactionModel, unit: TimeUnit, observation_end: Day) {
        self.model = Some((model, unit, observation_end));
    }

    /// 回収期間 of the last analysis, continued by the forecast attached (予測) when there is one
    /// whose observation end is the analysis date.
    ///
    /// # Errors
    /// [`Error::NeedsOrders`] for a summary file, or before an analysis.
    pub fn payback(&mut self) -> Result<Payback, Error> {
        self.complete()?;
        let none = || Error::NeedsOrders { view: "payback" };
        let (cpa, channels) = self.payback.as_ref().ok_or_else(none)?;
        let table = self.table.as_ref().ok_or_else(none)?;
        let projection = match (&self.forecast, self.model) {
            (Some((c, _)), Some((model, unit, observation_end))) => {
                Some(Projection { model, unit, observation_end, expected_spend: &c.expected_spend })
            }
            _ => None,
        };
        Ok(payback(&self.import.dataset, table.facts(), *cpa, channels, projection.as_ref()))
    }

    /// Removes the last forecast's figures from the table and the exports (a forecast that
    /// failed or was cancelled elsewhere).
    pub fn clear_forecast(&mut self) {
        self.forecast = None;
        self.model = None;
        if let Some(table) = self.table.as_mut() {
            table.clear_predictions();
        }
    }

    /// The customer table of the last analysis (built with the default parameters when no
    /// analysis ran yet).
    fn table(&mut self) -> Result<&mut CustomerTable, Error> {
        if self.table.is_none() {
            let params = AnalysisParams::default();
            self.table = Some(analyze_with_table(&self.import.dataset, &params)?.1);
        }
        self.table.as_mut().ok_or(Error::NeedsOrders { view: "table" })
    }

    /// One page of customers: a [`TableQuery`] for an order file, a [`SummaryQuery`] for a
    /// summary file (read from `query` accordingly).
    ///
    /// # Errors
    /// [`Error::BadOptions`] when `query` does not fit the file's kind of table.
    pub fn customers<'de, D: Deserializer<'de>>(&mut self, query: D) -> Result<Page, Error> {
        let bad = |e: D::Error| Error::BadOptions(e.to_string());
        if self.aggregates.is_some() {
            return Err(Error::NeedsCustomerRows { view: "table" });
        }
        if let Some(file) = &self.import.summary_file {
            let q = SummaryQuery::deserialize(query).map_err(bad)?;
            let f = self.forecast.as_ref().map(|(f, _)| f);
            return Ok(Page::Summaries(summary_page(file, f, &q)));
        }
        let q = TableQuery::deserialize(query).map_err(bad)?;
        self.table()?;
        let table = self.table.as_ref().ok_or(Error::NeedsOrders { view: "table" })?;
        Ok(Page::Customers(table.page(&self.import.dataset, &q)))
    }

    /// A CSV of customers for Excel (see [`export_customers`]).
    ///
    /// # Errors
    /// [`Error::NeedsOrders`] for a summary file.
    pub fn export_customers(&mut self, options: &ExportOptions) -> Result<ExportFile, Error> {
        self.needs_orders("export")?;
        self.table()?;
        let table = self.table.as_ref().ok_or(Error::NeedsOrders { view: "table" })?;
        Ok(export_customers(&self.import.dataset, table, options))
    }

    /// A CSV of one table of the last analysis's 初回購入商品別 (see [`export_first_products`]).
    ///
    /// # Errors
    /// [`Error::NeedsOrders`] for a summary file, or before an analysis of a file with a product
    /// column.
    pub fn export_first_products(
        &mut self,
        options: &ProductExportOptions,
    ) -> Result<ExportFile, Error> {
        self.complete()?;
        let products = self.products.as_ref().ok_or(Error::NeedsOrders { view: "products" })?;
        Ok(export_first_products(products, options))
    }

    /// A CSV of one list of the last analysis's 定期 view (see [`export_subscription_list`]).
    ///
    /// # Errors
    /// [`Error::NeedsOrders`] before an analysis that found 定期 purchases.
    pub fn export_subscription_list(
        &mut self,
        options: &SubscriptionExportOptions,
    ) -> Result<ExportFile, Error> {
        self.complete()?;
        let s = self.subscription.as_ref().ok_or(Error::NeedsOrders { view: "subscription" })?;
        Ok(export_subscription_list(&self.import.dataset, s, options))
    }

    /// A CSV of 回収期間 as the page shows it: observed, and continued by the forecast once one
    /// ran ([`Session::payback`]; see [`export_payback`]).
    ///
    /// # Errors
    /// [`Error::NeedsOrders`] for a summary file, or before an analysis.
    pub fn export_payback(&mut self, options: &PaybackExportOptions) -> Result<ExportFile, Error> {
        Ok(export_payback(&self.payback()?, options))
    }

    /// A CSV of one table of the last analysis's views (月次推移, …; see [`export_view`]).
    ///
    /// # Errors
    /// [`Error::NeedsOrders`] for a summary file, or before an analysis.
    pub fn export_view(&mut self, options: &ViewExportOptions) -> Result<ExportFile, Error> {
        self.complete()?;
        let views = self.views.as_ref().ok_or(Error::NeedsOrders { view: "views" })?;
        Ok(export_view(views, options))
    }
}

#[cfg(test)]
mod tests;
mod warm;
pub use warm::warm_up;
