// The top of the dashboard: the header with the report's actions, the section navigation, the
// settings that re-run the analysis, the KPI cards and the top-10 table (drawn in the deciles'
// section, so that 今週やること comes right under the KPIs); for a per-customer
// summary file, its header and the sentence saying why only the forecast is shown. Defines
// `LtvOverview` only.
'use strict';

const LtvOverview = (() => {
  const { h, section, scrollTable, dataTable } = LtvDom;
  const { parseTypedNumber } = LtvUtil;
  const { moneyOf, kpiCard, encodingSelect, setStatus, rerun } = LtvDashboard;
  const { leverBasis } = LtvLevers;
  const { errorText } = LtvText;

  /** The sections of the dashboard (ids of their cards) in page order, in the navigation's groups. */
  const SECTION_GROUPS = [
    ['overview', ['kpis', 'this-week', 'repeat', 'settings', 'compare']],
    ['customers', ['dash-calc', 'rfm', 'deciles', 'cohorts', 'cpm']],
    ['acquisition', ['channels', 'products', 'monthly']],
    ['retention', ['ladder', 'to-second', 'upgrade', 'subscription', 'payback']],
    ['forecast', ['forecast', 'customers']],
  ];

  /** The sections of a per-customer summary file's dashboard (one group, unnamed). */
  const SUMMARY_GROUPS = [[null, ['forecast', 'customers']]];

  /** The sections of an aggregates-only LTV pack's dashboard. */
  const AGGREGATE_GROUPS = [[null, ['cohorts', 'forecast', 'customers']]];

  /** Whether the data is an aggregates-only LTV pack (no customer rows). @param {DashboardContext} d */
  const aggregatesOnly = (d) => d.report.pack?.customerRows === false;

  /** The sections that exist only when the analysis has their view (`analysis[id]`). */
  const OPTIONAL = new Set(['channels', 'products', 'upgrade', 'subscription']);

  /**
   * The header of the dashboard: the file, the date (or, for a per-customer summary file, the unit)
   * the figures are as of, and the report's actions.
   * @param {DashboardContext} d
   */
  function dashboardHeader(d) {
    const { t, count, day } = d.i18n;
    const a = d.analysis;
    const imp = d.report.import;
    const agg = aggregatesOnly(d) ? d.report.pack.aggregates : null;
    const asOf = agg
      ? t('agg.asOf', { date: day(agg.end), customers: count(agg.customers), k: count(agg.k) })
      : d.summary
      ? t('summary.asOf', { customers: count(imp.customers), unit: t(`summary.unit.${imp.summaryUnit || 'days'}`) })
      : t('results.asOf', { date: day(a.analysisDate), first: day(a.firstDay), customers: count(a.customers) });
    const pack = d.report.pack;
    const source = pack
      ? t('results.sourcePack', { name: d.fileName || t('check.noName'), packs: count(pack.packs), customers: count(imp.customers) })
      : t('results.source', { name: d.fileName || t('check.noName'), rows: count(imp.rows), encoding: t(`encoding.${imp.encoding}`) });
    return h('header', { class: 'dash-head', id: 'dashboard-head' },
      h('h2', { id: 'results-title', tabindex: '-1', text: t('results.title') }),
      h('p', { class: 'source', text: source }),
      h('p', { class: 'as-of', text: asOf }),
      h('div', { class: 'actions no-print' },
        h('button', { type: 'button', class: 'button primary', id: 'print-button', text: t('results.print'), onclick: d.actions.print }),
        pack ? null : h('button', { type: 'button', class: 'button', text: t('results.backToCheck'), onclick: d.actions.backToCheck }),
        h('button', { type: 'button', class: 'button', text: t('check.otherFile'), onclick: d.actions.otherFile })));
  }

  /**
   * The LTV pack, a consultant's tool kept with the settings: its export, and the salt of its
   * customer ids (remembered in this browser, changeable; a pack read in has its ids already).
   */
  function packView(d) {
    const { t } = d.i18n;
    // What the pack holds: customer rows (the default), with the aggregates, or the aggregates
    // alone (a base too big for customer rows); k: cells of fewer customers are pooled or hidden.
    const content = h('select', { id: 'pack-content' },
      ['rows', 'rowsAndAggregates', 'aggregates'].map((v) => h('option', { value: v, text: t(`pack.content.${v}`) })));
    // k matters only for the aggregates: the field is off while customer rows alone are chosen.
    const k = h('input', { id: 'pack-k', type: 'text', inputmode: 'numeric', autocomplete: 'off', '.value': '10',
      'aria-describedby': 'pack-k-note', '.disabled': true });
    content.addEventListener('change', () => { k.disabled = content.value === 'rows'; });
    const options = () => content.value === 'rows' ? {}
      : { aggregates: true, customerRows: content.value !== 'aggregates', k: Math.max(1, Math.floor(Number(k.value)) || 10) };
    return h('div', { class: 'pack-export no-print' },
      h('h3', { text: t('pack.title') }),
      h('p', { class: 'hint', text: t('pack.lead') }),
      h('div', { class: 'pack-options' },
        h('div', { class: 'field' }, h('label', { for: 'pack-content', text: t('pack.contentLabel') }), content),
        h('div', { class: 'field' }, h('label', { for: 'pack-k', text: t('pack.kLabel') }), k)),
      h('p', { class: 'hint', id: 'pack-k-note', text: t('pack.kNote') }),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'button', id: 'export-pack', text: t('results.exportPack'), onclick: () => d.actions.exportPack(options()) })),
      d.report.pack ? null : h('details', { class: 'pack-salt' },
        h('summary', { text: t('pack.saltSummary') }),
        h('p', { class: 'note', text: t('pack.saltNote') }),
        h('label', { for: 'pack-salt' }, t('pack.saltLabel')),
        h('input', { id: 'pack-salt', type: 'text', autocomplete: 'off', spellcheck: 'false', minlength: '8', '.value': d.packSalt.get(),
          onchange: (e) => e.target.value.length >= 8 && d.packSalt.set(e.target.value) })));
  }

  /** Why a summary file's dashboard has only the forecast and the table (one sentence). */
  function summaryNotice(d) {
    const { t } = d.i18n;
    return h('p', { class: 'notice summary-notice', id: 'summary-notice', text: t('summary.needsOrders') });
  }

  /**
   * Why an aggregates-only LTV pack's dashboard has only the cohorts and the forecast: what it
   * shows, from what, and what needs customer rows (never shown as zeros).
   */
  function aggregatesNotice(d) {
    const { t, count } = d.i18n;
    const a = d.report.pack.aggregates;
    return h('div', { class: 'notice summary-notice', id: 'aggregates-notice' },
      h('p', { text: t('agg.shows') }),
      h('p', { class: 'needs-rows', text: t('agg.needsRows') }),
      h('p', { class: 'hint', text: t('agg.suppressed', { k: count(a.k), pooled: count(a.fitPooled), dropped: count(a.cohortDropped) }) }));
  }

  /** The customer table's place in an aggregates-only pack's dashboard: why there is none. */
  function needsRowsSection(d) {
    const { t } = d.i18n;
    return section('customers', t('table.title'), { class: 'card customers-card' },
      h('p', { class: 'notice needs-rows', id: 'customers-needs-rows', text: t('agg.tableNeedsRows') }));
  }

  /** In-page navigation: buttons that scroll to a section and move the focus to its heading. */
  function sectionNav(d) {
    const { t } = d.i18n;
    const go = (id) => (e) => {
      e.preventDefault();
      const target = d.root.getElementById(id);
      if (!target) return;
      target.scrollIntoView({ block: 'start' });
      target.querySelector('h2')?.focus({ preventScroll: true });
    };
    const shown = (id) => !OPTIONAL.has(id) || d.analysis[id];
    const link = (id) => h('li', {}, h('a', { href: `#${id}`, onclick: go(id), text: t(`nav.${id}`) }));
    return h('nav', { class: 'section-nav no-print', 'aria-label': t('nav.label') },
      h('ul', { class: 'nav-groups' }, (aggregatesOnly(d) ? AGGREGATE_GROUPS : d.summary ? SUMMARY_GROUPS : SECTION_GROUPS).map(([group, ids]) =>
        h('li', { class: 'nav-group' },
          group ? h('span', { class: 'nav-group-label', id: `nav-group-${group}`, text: t(`nav.group.${group}`) }) : null,
          h('ul', { 'aria-labelledby': group ? `nav-group-${group}` : null }, ids.filter(shown).map(link))))));
  }

  /**
   * The KPI cards, each with a one-line explanation in the shop owner's words.
   * @param {DashboardContext} d
   * @param {Object|null} levers the calculator's current result (for 許容CPA)
   */
  function kpiView(d, levers) {
    const { t, count, decimal, percent, day } = d.i18n;
    const money = moneyOf(d);
    const a = d.analysis;
    const m = a.measured;
    const an = m.annual;
    const life = m.lifetime;
    const dash = '—';
    return section('kpis', t('kpi.title'), {},
      h('dl', { class: 'kpis main-kpis' },
        kpiCard({ id: 'ltv', label: t('kpi.ltv'), value: money(m.revenuePerCustomer), note: t('kpi.ltv.note'),
          sub: m.grossProfitPerCustomer != null ? t('kpi.grossBasis', { value: money(m.grossProfitPerCustomer), margin: d.i18n.num(m.grossMarginPercent, 1) }) : null,
          main: true }),
        kpiCard({ id: 'annualLtv', label: t('kpi.annualLtv'), value: an.ltv != null ? money(an.ltv) : dash,
          note: an.ltv != null ? t('kpi.annualLtv.note', { customers: count(an.cohortCustomers), to: day(an.acquiredTo) }) : t('kpi.annualLtv.none'),
          sub: an.grossProfitLtv != null ? t('kpi.grossBasis', { value: money(an.grossProfitLtv), margin: d.i18n.num(m.grossMarginPercent, 1) }) : null, main: true }),
        kpiCard({ id: 'aov', label: t('kpi.aov'), value: money(m.averageOrderValue), note: t('kpi.aov.note') }),
        kpiCard({ id: 'frequency', label: t('kpi.frequency'),
          value: t('kpi.frequency.value', { value: decimal(m.ordersPerCustomer, 2) }), note: t('kpi.frequency.note'),
          sub: an.ordersPerCustomer != null ? t('kpi.frequency.annual', { value: decimal(an.ordersPerCustomer, 2) }) : null }),
        kpiCard({ id: 'f2', label: t('kpi.f2'), value: percent(m.repeat.f2Rate, 1), note: t('kpi.f2.note'),
          sub: t('kpi.f3', { value: percent(m.repeat.f3Rate, 1) }) }),
        kpiCard({ id: 'retention', label: t('kpi.retention'),
          value: life.yearlyRetentionRate != null ? percent(life.yearlyRetentionRate, 1) : dash,
          note: life.yearlyRetentionRate != null ? t('kpi.retention.note') : t('kpi.retention.none'),
          sub: life.expectedYears != null ? t('kpi.retention.years', { years: decimal(life.expectedYears, 2) }) : null }),
        cpaCard(d, levers)),
      h('h3', { id: 'basics-title', class: 'visually-hidden', text: t('kpi.basics') }),
      h('dl', { class: 'kpis small-kpis', 'aria-labelledby': 'basics-title' },
        kpiCard({ id: 'customers', label: t('kpi.customers'), value: count(m.customers), note: t('kpi.customers.note') }),
        kpiCard({ id: 'orders', label: t('kpi.orders'), value: count(m.orders), note: t('kpi.orders.note') }),
        kpiCard({ id: 'revenue', label: t('kpi.revenue'), value: money(m.revenue), note: t('kpi.revenue.note'),
          sub: m.grossProfit != null ? t('kpi.grossProfit', { value: money(m.grossProfit), margin: d.i18n.num(m.grossMarginPercent, 1) }) : null }),
        kpiCard({ id: 'period', label: t('kpi.period'), value: `${day(a.firstDay)} – ${day(a.analysisDate)}`,
          note: t('kpi.period.note'),
          sub: m.averageDaysBetweenPurchases != null ? t('kpi.interval', { days: decimal(m.averageDaysBetweenPurchases, 0) }) : null })));
  }

  /**
   * The 許容CPA card: the dashboard calculator's ceiling with its basis, or a dash while it has none
   * (drawn again each time the calculator's answer changes).
   */
  function cpaCard(d, levers) {
    const { t } = d.i18n;
    return kpiCard({ id: 'cpa', label: t('kpi.cpa'), value: levers?.allowableCpa != null ? moneyOf(d)(levers.allowableCpa) : '—',
      note: t('kpi.cpa.note'), sub: cpaBasis(d, levers), main: true });
  }

  /**
   * What the 許容CPA card's figure is measured on (「粗利ベース・粗利率40%・継続期間 1 年で計算」 or
   * 「売上ベース…」), and whether the retention cost is left out: the card never shows a bare figure.
   */
  function cpaBasis(d, levers) {
    if (!levers || levers.allowableCpa == null) return null;
    const { t, num } = d.i18n;
    const basis = t('kpi.cpa.basis', { basis: leverBasis(d.i18n, levers), years: num(levers.inputs.years) });
    return levers.allowableCpaIncludesRetention ? basis : `${basis}${t('list.separator')}${t('calc.allowableCpa.noRetention')}`;
  }

  /** Fills the top-10 table of the deciles' section (asked from the worker: it follows the analysis date). */
  async function fillTopTable(d, container) {
    const { t, count, day } = d.i18n;
    const money = moneyOf(d);
    const page = await d.report.customers({ sort: 'revenue', ascending: false, limit: 10 });
    container.replaceChildren(
      h('h3', { id: 'top-title', text: t('top.title') }),
      scrollTable('top-title', dataTable({
        columns: [
          { label: t('top.rank'), num: true, cell: (r) => count(r.rank) },
          { label: t('top.key'), cls: 'key', cell: (r) => r.key },
          { label: t('top.orders'), num: true, cell: (r) => count(r.orders) },
          { label: t('top.days'), num: true, cell: (r) => count(r.purchaseDays) },
          { label: t('top.revenue'), num: true, cell: (r) => money(r.revenue) },
          { label: t('top.first'), cell: (r) => day(r.firstDay) },
          { label: t('top.last'), cell: (r) => day(r.lastDay) },
        ],
        rows: page.rows.map((r, i) => ({ ...r, rank: i + 1 })),
      })));
  }

  /** Settings that re-run the analysis: analysis date, 粗利率, RFM scoring, CSV encoding. */
  function settingsView(d) {
    const { t, decimal } = d.i18n;
    const a = d.analysis;
    const fromFile = a.profitBasis === 'profitColumn';
    const status = h('p', { class: 'form-status', role: 'status' });
    const form = h('form', { class: 'settings-form', novalidate: true, onsubmit: async (e) => {
      e.preventDefault();
      const f = e.target;
      const margin = fromFile ? null : f.elements.margin.value.trim();
      const parsedMargin = margin ? parseTypedNumber(margin) : null;
      if (margin && (parsedMargin == null || Number(parsedMargin) > 100)) {
        setStatus(status, t('settings.marginError'), true);
        f.elements.margin.setAttribute('aria-invalid', 'true');
        return;
      }
      await rerun(d, status, {
        analysisDate: f.elements.date.value || null,
        grossMarginPercent: fromFile ? null : parsedMargin,
        rfm: { ...(d.params.rfm || {}), method: f.elements.rfm.value },
      });
    } },
    h('div', { class: 'field' },
      h('label', { for: 'set-date', text: t('settings.date') }),
      h('input', { id: 'set-date', name: 'date', type: 'date', '.value': a.analysisDate, min: a.firstDay, 'aria-describedby': 'set-date-hint' }),
      h('p', { class: 'hint', id: 'set-date-hint', text: t('settings.date.hint', { last: d.i18n.day(d.report.import.lastDay) }) })),
    fromFile
      ? h('div', { class: 'field' }, h('p', { class: 'label-like', text: t('settings.margin') }),
        h('p', { class: 'hint', text: t('settings.margin.fromFile', { margin: decimal(a.measured.grossMarginPercent, 2) }) }))
      : h('div', { class: 'field' },
        h('label', { for: 'set-margin', text: t('settings.margin') }),
        h('div', { class: 'input-unit' },
          h('input', { id: 'set-margin', name: 'margin', type: 'text', inputmode: 'decimal', autocomplete: 'off',
            '.value': d.params.grossMarginPercent ?? '', placeholder: t('settings.margin.placeholder'), 'aria-describedby': 'set-margin-hint' }),
          h('span', { class: 'unit', 'aria-hidden': 'true', text: t('unit.percent') })),
        h('p', { class: 'hint', id: 'set-margin-hint', text: t('settings.margin.hint') })),
    h('div', { class: 'field' },
      h('label', { for: 'set-rfm', text: t('settings.rfm') }),
      h('select', { id: 'set-rfm', name: 'rfm', 'aria-describedby': 'set-rfm-hint' },
        ['thresholds', 'quintiles'].map((m) => h('option', { value: m, '.selected': a.rfm.params.method === m, text: t(`settings.rfm.${m}`) }))),
      h('p', { class: 'hint', id: 'set-rfm-hint', text: t('settings.rfm.hint') })),
    h('div', { class: 'field' },
      h('label', { for: 'set-encoding', text: t('export.encoding') }),
      encodingSelect(d, 'set-encoding'),
      h('p', { class: 'hint', text: t('export.encoding.hint') })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button primary', text: t('settings.apply') })),
    status);
    // The settings as a file: saved after this month's report, loaded on next month's file.
    const fileStatus = h('p', { class: 'form-status', role: 'status' });
    const fileInput = h('input', { type: 'file', id: 'settings-file', accept: '.json,application/json', hidden: true,
      onchange: async (e) => {
        const file = e.target.files?.[0];
        e.target.value = '';
        if (!file) return;
        setStatus(fileStatus, t('settings.running'));
        try {
          await d.actions.loadSettings(file);
        } catch (err) {
          setStatus(fileStatus, err.name === 'settings_file' ? t(`settings.file.error.${err.code}`) : errorText(d.i18n, err), true);
        }
      } });
    const files = h('div', { class: 'settings-files no-print' },
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'button', id: 'settings-save', text: t('settings.file.save'), onclick: () => d.actions.saveSettings() }),
        h('button', { type: 'button', class: 'button', id: 'settings-load', text: t('settings.file.load'), onclick: () => fileInput.click() }),
        fileInput),
      h('p', { class: 'hint', text: t('settings.file.hint') }),
      fileStatus);
    return section('settings', t('settings.title'), { class: 'card settings' },
      h('p', { class: 'lead', text: t('settings.lead') }), form, files, packView(d),
      h('p', { class: 'print-only', text: t('settings.printSummary', { date: d.i18n.day(a.analysisDate),
        margin: a.measured.grossMarginPercent != null ? `${decimal(a.measured.grossMarginPercent, 2)}%` : t('settings.margin.unknown'),
        rfm: t(`settings.rfm.${a.rfm.params.method}`) }) }));
  }

  return Object.freeze({ dashboardHeader, sectionNav, summaryNotice, aggregatesNotice, needsRowsSection, aggregatesOnly,
    kpiView, cpaCard, fillTopTable, settingsView });
})();
