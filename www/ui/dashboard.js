// What the sections of the dashboard (www/ui/dashboard-*.js, table.js) share: the context they
// are built from, money in the file's currency, a KPI card, the heat levels of the heat maps, the
// CSV encoding choice, the columns of a segment's figures and customer list, and the status line
// of a form that re-runs the analysis.
// Classic script, concatenated by tools/build-www.mjs; defines `LtvDashboard` only.
'use strict';

const LtvDashboard = (() => {
  const { h } = LtvDom;
  const { errorText } = LtvText;

  /**
   * Everything a dashboard view needs.
   * `summary` is true for a per-customer summary file (no analysis: only the forecast and the table);
   * `forecast` is the forecast of the current analysis once it has run (else null).
   * @typedef {{i18n: Object, currency: string, root: ShadowRoot, report: Object, analysis: Object|null,
   *   summary: boolean, forecast: Object|null, fileName: string, params: Object, encoding: string,
   *   packSalt: {get: function(): string, set: function(string): void},
   *   actions: {reanalyze: function(Object): Promise, exportCustomers: function(Object, string): Promise, exportFirstProducts: function(string, string): Promise, exportView: function(string, string): Promise, exportPayback: function(string): Promise, exportSubscriptionList: function(string, string): Promise,
   *     exportPack: function(): Promise,
   *     showCustomers: function(Object): void, print: function(): void, otherFile: function(): void,
   *     backToCheck: function(): void, setEncoding: function(string): void}}} DashboardContext
   */

  /** Money in the file's currency. @param {DashboardContext} d */
  const moneyOf = (d) => (v) => d.i18n.money(v, d.currency);

  /**
   * A KPI card: the figure, an optional range (`range`, e.g. its 80 % interval) and second line
   * (`sub`), and a one-line explanation in the shop owner's words (`note`). `main` cards are the
   * large ones; `id` names it (data-kpi).
   * @param {{id: string, label: string, value: string, note: string, sub?: string|null, range?: string|null, main?: boolean}} card
   */
  function kpiCard({ id, label, value, note, sub, range, main }) {
    return h('div', { class: `kpi${main ? ' main' : ''}`, 'data-kpi': id },
      h('dt', { text: label }), h('dd', { class: 'value', text: value }),
      range ? h('dd', { class: 'range', text: range }) : null,
      sub ? h('dd', { class: 'sub', text: sub }) : null,
      h('dd', { class: 'note', text: note }));
  }

  /** Heat level 0–5 of a share of the largest value (CSS classes heat-0 … heat-5). */
  function heatLevel(value, max) {
    if (!(value > 0) || !(max > 0)) return 0;
    return Math.min(5, 1 + Math.floor(Math.sqrt(value / max) * 4.999)); // sqrt: small counts stay visible
  }

  /** The CSV encoding choice; every copy of it in the dashboard shows the same value. */
  function encodingSelect(d, id) {
    const { t } = d.i18n;
    return h('select', { id, class: 'encoding-select', onchange: (e) => d.actions.setEncoding(e.target.value) },
      ['utf8Bom', 'shiftJis', 'utf8'].map((enc) => h('option', { value: enc, '.selected': d.encoding === enc, text: t(`export.encoding.${enc}`) })));
  }

  /**
   * The figures the core gives every RFM segment and CPM group (its GroupFigures) as table columns:
   * customers and their share, revenue and its share, revenue per customer.
   * @param {DashboardContext} d
   */
  function groupFigureColumns(d) {
    const { t, count, percent } = d.i18n;
    const money = moneyOf(d);
    return [
      { label: t('rfm.customers'), num: true, cell: (g) => count(g.customers) },
      { label: t('rfm.customerShare'), num: true, cell: (g) => percent(g.customerShare, 1) },
      { label: t('rfm.revenue'), num: true, cell: (g) => money(g.revenue) },
      { label: t('rfm.revenueShare'), num: true, cell: (g) => percent(g.revenueShare, 1) },
      { label: t('rfm.perCustomer'), num: true, cell: (g) => money(g.revenuePerCustomer) },
    ];
  }

  /**
   * The column with a segment's or group's customer list: its CSV, and a button that shows its
   * customers in the table (none for an empty one).
   * @param {DashboardContext} d
   * @param {function(Object): Object} filterOf the table filter of a row (`{segments: […]}`, `{cpmGroups: […]}`)
   * @param {function(Object): string} nameOf the row's name (the CSV's file name and the buttons' labels)
   */
  function listColumn(d, filterOf, nameOf) {
    const { t } = d.i18n;
    return { label: t('rfm.list'), cls: 'no-print row-actions', wide: true, cell: (row) => {
      if (!(row.customers > 0)) return '';
      const name = nameOf(row);
      return [
        h('button', { type: 'button', class: 'button small', 'aria-label': t('export.buttonFor', { name }),
          onclick: () => d.actions.exportCustomers(filterOf(row), name) }, t('export.button')),
        h('button', { type: 'button', class: 'button small', 'aria-label': t('rfm.showFor', { name }),
          onclick: () => d.actions.showCustomers(filterOf(row)) }, t('rfm.show'))];
    } };
  }

  /** What a dashboard without orders was read from: `aggregates` (an aggregates-only LTV pack)
   *  or `summary` (a per-customer summary file); the suffix of their message keys. */
  const summaryKind = (d) => (d.report.pack?.customerRows === false ? 'aggregates' : 'summary');

  /** Shows a message in a form's status line (`error`: styled as an error). */
  function setStatus(status, text, error = false) {
    status.className = error ? 'form-status field-error' : 'form-status';
    status.textContent = text;
  }

  /** Re-runs the analysis with `params`, saying so in the form's status line (and why it failed). */
  async function rerun(d, status, params) {
    setStatus(status, d.i18n.t('settings.running'));
    try {
      await d.actions.reanalyze(params);
    } catch (err) {
      setStatus(status, errorText(d.i18n, err), true);
    }
  }

  return Object.freeze({ moneyOf, kpiCard, heatLevel, encodingSelect, groupFigureColumns, listColumn, setStatus, rerun, summaryKind });
})();
