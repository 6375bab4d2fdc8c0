// The dashboard's sections in their order: each a function that builds its element (or null when
// the data has nothing for it). Those marked `later` show the views a second worker computes for
// a large LTV pack (src/analysis/mod.rs, LaterViews): the widget draws the sections before them
// while it waits. A summary file has no orders (between the header and the forecast, only why);
// an aggregates-only pack has its cohorts too (from its cube), and no customer rows.
// Classic script, concatenated by tools/build-www.mjs after every view; defines `LtvSections` only.
'use strict';

const LtvSections = (() => {
  const { dashboardHeader, sectionNav, summaryNotice, aggregatesNotice, needsRowsSection, aggregatesOnly, kpiView,
    settingsView } = LtvOverview;
  const { thisWeekView } = LtvStatus;
  const { repeatView } = LtvRepeat;
  const { rfmView } = LtvRfm;
  const { decileView, cohortView } = LtvTrends;
  const { cpmView, channelView } = LtvCpm;
  const { productsView } = LtvProducts;
  const { compareView } = LtvCompare;
  const { subscriptionView } = LtvSubscription;
  const { paybackView } = LtvPayback;
  const { monthlyView, ladderView, daysToSecondView, upgradeView } = LtvViews;

  /** A section of a view of the analysis's later part. */
  const later = (make) => Object.assign(make, { later: true });

  /**
   * @param {DashboardContext} d
   * @param {{levers: Object|null, calculator: {render: function(): Element}|null,
   *   forecast: {render: function(): Element}, table: {render: function(): Element}|null}} own
   *   the widget's own parts: the calculator's result, the calculator, the forecast, the table
   * @returns {Array<function(): (Element|null)>}
   */
  function sections(d, { levers, calculator, forecast, table }) {
    const aggregates = aggregatesOnly(d);
    return [
      () => dashboardHeader(d),
      () => sectionNav(d),
      ...(aggregates ? [() => aggregatesNotice(d), () => cohortView(d, d.report.packCohorts)] : d.summary ? [() => summaryNotice(d)] : [
        () => kpiView(d, levers),
        () => thisWeekView(d),
        () => repeatView(d),
        () => settingsView(d),
        () => compareView(d),
        () => calculator.render(),
        () => rfmView(d),
        () => decileView(d),
        later(() => cohortView(d)),
        () => cpmView(d),
        () => channelView(d),
        later(() => productsView(d)),
        later(() => monthlyView(d)),
        () => ladderView(d),
        () => daysToSecondView(d),
        later(() => upgradeView(d)),
        later(() => subscriptionView(d)),
        later(() => paybackView(d)),
      ]),
      () => forecast.render(),
      () => (aggregates ? needsRowsSection(d) : table.render()),
    ];
  }

  return Object.freeze({ sections });
})();
