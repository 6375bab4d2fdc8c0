// デシル分析 (bar chart + table with the cumulative share) and the acquisition cohorts (the LTV
// curve: cumulative revenue per customer by months since the first purchase, and the retention
// heat map). Every chart is described by the table next to it. Defines `LtvTrends` only.
'use strict';

const LtvTrends = (() => {
  const { h, section, scrollTable, dataTable } = LtvDom;
  const { currencyUnit } = LtvText;
  const { barChart, lineChart } = LtvCharts;
  const { moneyOf, heatLevel, rerun } = LtvDashboard;

  /** @param {DashboardContext} d */
  function decileView(d) {
    const { t, count, percent } = d.i18n;
    const money = moneyOf(d);
    const rows = d.analysis.deciles.deciles;
    const top = rows[0];
    const top2 = rows[1];
    const chart = barChart({
      title: t('deciles.chart'),
      summary: top ? t('deciles.summary', { top: percent(top.revenueShare, 1), top2: percent(top2 ? top2.cumulativeShare : top.cumulativeShare, 1) }) : '',
      describedBy: 'deciles-caption',
      labels: rows.map((r) => String(r.decile)),
      values: rows.map((r) => r.revenueShare),
      xLabel: t('deciles.axis.x'),
      yLabel: t('deciles.axis.y'),
      format: (v) => percent(v, 1),
      tick: (v) => percent(v, 0),
    });
    const table = dataTable({
      captionId: 'deciles-caption',
      caption: t('deciles.caption'),
      columns: [
        { label: t('deciles.decile'), head: true, cell: (r) => t('deciles.name', { n: r.decile }) },
        { label: t('deciles.customers'), num: true, cell: (r) => count(r.customers) },
        { label: t('deciles.revenue'), num: true, cell: (r) => money(r.revenue) },
        { label: t('deciles.share'), num: true, cell: (r) => percent(r.revenueShare, 1) },
        { label: t('deciles.cumulative'), num: true, cell: (r) => percent(r.cumulativeShare, 1) },
        { label: t('deciles.perCustomer'), num: true, cell: (r) => money(r.revenuePerCustomer) },
        { label: t('deciles.range'), num: true, cell: (r) => (r.customers ? `${money(r.minRevenue)} – ${money(r.maxRevenue)}` : '—') },
      ],
      rows,
      rowAttrs: (r) => ({ 'data-decile': r.decile }),
    });
    return section('deciles', t('deciles.title'), { class: 'card deciles page-break' },
      top ? h('p', { class: 'lead', id: 'deciles-sentence', text: t('deciles.sentence', { top: percent(top.revenueShare, 1), top2: percent(top2 ? top2.cumulativeShare : top.cumulativeShare, 1) }) }) : null,
      h('p', { class: 'hint', text: t('deciles.lead') }),
      chart,
      scrollTable('deciles-caption', table),
      // The customers behind the top decile, by name (filled by LtvOverview.fillTopTable).
      h('div', { class: 'top', id: 'top' }, h('p', { class: 'loading', text: t('table.loading') })));
  }

  /** A cohort's period (`2024-03`, `2024-Q1`, `2024`) in the language's style. */
  function periodLabel(i18n, name) {
    const [y, rest] = name.split('-');
    if (!rest) return i18n.t('year', { y });
    if (rest.startsWith('Q')) return i18n.t('quarter', { y, q: rest.slice(1) });
    return i18n.t('month', { y, m: Number(rest) });
  }

  /** The shares of customers observed at which the average curve may stop. */
  const SHARES = [0.25, 0.5, 0.75];

  /** The cohorts' period and where the average curve stops: changing either re-runs the analysis. */
  function cohortSettings(d, co) {
    const { t, percent } = d.i18n;
    const status = h('p', { class: 'form-status', role: 'status' });
    const apply = (patch) => rerun(d, status, { cohorts: { period: co.period, minObservedShare: co.minObservedShare, ...patch } });
    return h('div', { class: 'cohort-settings no-print' },
      h('div', { class: 'field' }, h('label', { for: 'cohort-period', text: t('cohorts.periodLabel') }),
        h('select', { id: 'cohort-period', onchange: (e) => apply({ period: e.target.value }) },
          ['month', 'quarter', 'year'].map((p) => h('option', { value: p, '.selected': co.period === p, text: t(`cohorts.period.${p}`) })))),
      h('div', { class: 'field' }, h('label', { for: 'cohort-share', text: t('cohorts.shareLabel') }),
        h('select', { id: 'cohort-share', onchange: (e) => apply({ minObservedShare: Number(e.target.value) }) },
          [...new Set([...SHARES, co.minObservedShare])].sort((a, b) => a - b).map((v) => h('option', { value: String(v), '.selected': co.minObservedShare === v,
            text: t('cohorts.shareOption', { share: percent(v, 0) }) })))),
      status);
  }

  /** Up to `n` cohorts spread evenly over the list (oldest and newest with a complete month 1 included). */
  function pickCohorts(cohorts, n) {
    const usable = cohorts.filter((c) => c.cells.some((cell) => cell.offset >= 1 && cell.complete));
    if (usable.length <= n) return usable;
    const step = (usable.length - 1) / (n - 1);
    return Array.from({ length: n }, (_, i) => usable[Math.round(i * step)]);
  }

  /**
   * The cohort view: the analysis's, or, for an aggregates-only LTV pack, `fromPack` (the same
   * view from the pack's cohort cube, by month, without settings, and its curves by first
   * channel and product: `fromPack.splits`).
   * @param {DashboardContext} d
   * @param {Object|null} [fromPack]
   */
  function cohortView(d, fromPack = null) {
    const i18n = d.i18n;
    const { t, count, percent } = i18n;
    const money = moneyOf(d);
    const co = fromPack || d.analysis.cohorts;
    const agg = fromPack && d.report.pack.aggregates;
    const settings = fromPack
      ? h('p', { class: 'hint', id: 'cohorts-from-pack', text: t('agg.cohorts', { k: count(agg.k), cells: count(agg.suppressedCells) }) })
      : cohortSettings(d, co);
    if (!co.cohorts.length) {
      return section('cohorts', t('cohorts.title'), {}, settings, h('p', { text: t('cohorts.none') }));
    }
    const unit = co.period;
    const after = (n) => t(`cohorts.after.${unit}`, { n: count(n) });
    const average = co.average;
    const maxOffset = Math.max(...co.cohorts.map((c) => c.cells.length - 1), 0);
    const x = Array.from({ length: maxOffset + 1 }, (_, i) => i);
    const picked = pickCohorts(co.cohorts, 5);
    const curve = (cells) => x.map((k) => {
      const cell = cells.find((c) => c.offset === k);
      return cell && (cell.complete !== false) ? Number(cell.cumulativeRevenuePerCustomer) : null;
    });
    // The core stops the average where too few customers are observed (the share is settable).
    const pooled = curve(average);
    const last = average[average.length - 1];
    const compact = (v) => i18n.moneyCompact(v, d.currency);
    const late = (k) => unit === 'month' && k > 12;
    const chart = lineChart({
      title: t('cohorts.chart'),
      summary: last ? t('cohorts.summary', { after: after(last.offset), value: money(last.cumulativeRevenuePerCustomer) }) : '',
      describedBy: 'curve-caption',
      x,
      series: [
        { label: t('cohorts.average'), values: pooled, emphasis: true },
        ...picked.map((c) => ({ label: t('cohorts.cohortLabel', { month: periodLabel(i18n, c.period), customers: count(c.customers) }), values: curve(c.cells) })),
      ],
      xLabel: t(`cohorts.axis.${unit}`),
      yLabel: t('cohorts.axis.y', { currency: currencyUnit(i18n, d.currency) }),
      xTick: (v) => String(v),
      yTick: compact,
    });
    const curveTable = dataTable({
      captionId: 'curve-caption',
      caption: t('cohorts.curve.caption'),
      columns: [
        { label: t('cohorts.offset'), head: true, cell: (p) => after(p.offset) },
        { label: t('cohorts.cohorts'), num: true, cell: (p) => count(p.cohorts) },
        { label: t('cohorts.customers'), num: true, cell: (p) => count(p.customers) },
        { label: t('cohorts.observed'), num: true, cell: (p) => percent(p.observedShare, 0) },
        { label: t('cohorts.retention'), num: true, cell: (p) => percent(p.retention, 1) },
        { label: t('cohorts.step'), num: true, cell: (p) => money(p.revenuePerCustomer) },
        { label: t('cohorts.cumulative'), num: true, cell: (p) => money(p.cumulativeRevenuePerCustomer) },
      ],
      rows: average,
      rowAttrs: (p) => ({ 'data-offset': p.offset, class: late(p.offset) ? 'late' : null }),
    });
    const heat = () => h('table', { class: 'heat cohort-heat' },
      h('caption', { id: 'retention-caption', text: t('cohorts.heat.caption') }),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', text: t('cohorts.month') }),
        h('th', { scope: 'col', class: 'num', text: t('cohorts.customers') }),
        x.map((k) => h('th', { scope: 'col', class: `num${late(k) ? ' late' : ''}`, text: t('cohorts.offsetShort', { n: k }) })))),
      h('tbody', {}, co.cohorts.map((c) => h('tr', { 'data-cohort': c.period },
        h('th', { scope: 'row', text: periodLabel(i18n, c.period) }),
        h('td', { class: 'num', text: count(c.customers) }),
        x.map((k) => {
          const cell = c.cells.find((cl) => cl.offset === k);
          if (!cell) return h('td', { class: `empty${late(k) ? ' late' : ''}` });
          const level = k === 0 ? 0 : heatLevel(cell.retention, 0.5);
          return h('td', { class: `num heat-${level}${cell.complete ? '' : ' partial'}${late(k) ? ' late' : ''}`,
            text: `${percent(cell.retention, 0)}${cell.complete ? '' : '*'}` });
        })))));
    const heatSlot = h('div', { class: 'heat-slot' }, h('p', { class: 'loading', text: t('table.loading') }));
    const el = section('cohorts', t('cohorts.title'), { class: 'card cohorts page-break' },
      h('p', { class: 'lead', text: t('cohorts.lead') }),
      settings,
      chart,
      h('p', { class: 'hint', id: 'cohorts-average-how', text: t('cohorts.averageHow') }),
      co.averageCut ? h('p', { class: 'hint', id: 'cohorts-few', text: t('cohorts.few', { share: percent(co.minObservedShare, 0) }) }) : null,
      h('details', { class: 'data-table' }, h('summary', { text: t('cohorts.curve.show') }),
        scrollTable('curve-caption', curveTable, 'curve-wrap')),
      h('h3', { id: 'retention-title', text: t('cohorts.heat.title') }),
      h('p', { class: 'hint', text: t('cohorts.heat.hint') }),
      heatSlot,
      unit === 'month' && maxOffset > 12 ? h('p', { class: 'print-only hint', text: t('cohorts.printNote') }) : null,
      fromPack ? splitTables(d, fromPack.splits) : null);
    // Built in a task of its own: a few years of cohorts make a table of a thousand cells.
    el.deferred = [() => heatSlot.replaceChildren(scrollTable('retention-caption', heat(), 'cohort-wrap'))];
    return el;
  }

  /**
   * An aggregates-only pack's curves by first channel and by first product (from its cube): a
   * row each, with the next month's retention and the cumulative revenue per customer after 3,
   * 6 and 12 months ("—" where the curve stops). At most 20 products.
   */
  function splitTables(d, splits) {
    const { t, count, percent } = d.i18n;
    const money = moneyOf(d);
    const at = (r, k) => r.average[k];
    const table = (kind, rows) => rows.length ? [
      h('h3', { id: `split-${kind}-title`, text: t(`agg.split.${kind}`) }),
      scrollTable(`split-${kind}-title`, dataTable({
        captionId: `split-${kind}-caption`,
        caption: t('agg.split.caption'),
        columns: [
          { label: t(`agg.split.${kind}Col`), head: true, cell: (r) => r.pooled ? t('agg.split.pooled') : r.key || t('agg.split.none') },
          { label: t('cohorts.customers'), num: true, cell: (r) => count(r.customers) },
          { label: t('agg.split.next'), num: true, cell: (r) => at(r, 1) ? percent(at(r, 1).retention, 1) : '—' },
          ...[2, 5, 11].map((k) => ({ label: t('agg.split.after', { n: k + 1 }), num: true,
            cell: (r) => at(r, k) ? money(at(r, k).cumulativeRevenuePerCustomer) : '—' })),
        ],
        rows: rows.slice(0, 20),
        rowAttrs: (r) => ({ 'data-split': r.key }),
      }), `split-${kind}-wrap`),
    ] : [];
    return splits ? [...table('channel', splits.byChannel), ...table('product', splits.byProduct)] : null;
  }

  return Object.freeze({ decileView, cohortView });
})();
