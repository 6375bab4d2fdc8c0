// The 通販 consultant's views of issue 15 beyond 初回購入商品別: 月次推移 (revenue, orders and
// customers per month, 新規 and 既存, 前年同月比). Every chart is described by the table next to
// it; every table has its CSV (the core's export_view, one table id each). Defines `LtvViews` only.
'use strict';

const LtvViews = (() => {
  const { h, section, scrollTable, dataTable } = LtvDom;
  const { groupedBarChart } = LtvCharts;
  const { moneyOf } = LtvDashboard;
  const { currencyUnit } = LtvText;

  /** The column ids of each table's CSV (the core's `…_COLUMNS`), worded by `views.col.<id>`. */
  const COLUMNS = {
    monthly: ['month', 'newRevenue', 'existingRevenue', 'revenue', 'newOrders', 'existingOrders', 'orders',
      'newCustomers', 'existingCustomers', 'customers', 'revenueYoy', 'ordersYoy', 'customersYoy', 'newCustomersYoy'],
  };

  /** The CSV's header words for one table, in the page's language. */
  function viewExportLabels(i18n, table) {
    return { columns: Object.fromEntries((COLUMNS[table] || []).map((id) => [id, i18n.t(`views.col.${id}`)])) };
  }

  /** The months the chart shows at most (the table has them all). */
  const CHART_MONTHS = 24;

  /** A CSV button for one table of the views. */
  function exportButton(d, table) {
    const { t } = d.i18n;
    const name = t(`views.table.${table}`);
    return h('button', { type: 'button', class: 'button small', id: `${table}-export`, 'aria-label': t('views.exportFor', { name }),
      onclick: () => d.actions.exportView(table, name) }, t('export.button'));
  }

  /** 月次推移: a chart of revenue 新規 / 既存 by month and the table of every month. */
  function monthlyView(d) {
    const rows = d.analysis?.monthly?.months;
    if (!rows || !rows.length) return null;
    const { t, count, percent } = d.i18n;
    const money = moneyOf(d);
    const monthName = (r) => {
      const [y, m] = r.month.split('-');
      return t('month', { y, m: Number(m) }) + (r.complete ? '' : t('monthly.partial'));
    };
    const yoy = (v) => (v != null ? percent(v, 1) : '—');
    const shown = rows.slice(-CHART_MONTHS);
    const unit = currencyUnit(d.i18n, d.currency);
    const chart = groupedBarChart({
      title: t('monthly.chart', { n: count(shown.length) }),
      summary: t('monthly.summary', { month: monthName(rows[rows.length - 1]), revenue: money(rows[rows.length - 1].revenue) }),
      describedBy: 'monthly-caption',
      labels: shown.map((r, k) => {
        const [y, m] = r.month.split('-');
        return k === 0 || m === '01' ? `${y}/${Number(m)}` : String(Number(m));
      }),
      series: [
        { label: t('monthly.new'), values: shown.map((r) => Number(r.newRevenue)) },
        { label: t('monthly.existing'), values: shown.map((r) => Number(r.existingRevenue)) },
      ],
      xLabel: t('monthly.axis.x'),
      yLabel: t('monthly.axis.y', { unit }),
      tick: (v) => d.i18n.num(v, 0),
    });
    const table = dataTable({
      captionId: 'monthly-caption',
      caption: t('monthly.caption'),
      columns: [
        { label: t('views.col.month'), head: true, cell: monthName },
        { label: t('views.col.newRevenue'), num: true, cell: (r) => money(r.newRevenue) },
        { label: t('views.col.existingRevenue'), num: true, cell: (r) => money(r.existingRevenue) },
        { label: t('views.col.revenue'), num: true, cell: (r) => money(r.revenue) },
        { label: t('views.col.revenueYoy'), num: true, cell: (r) => yoy(r.revenueYoy) },
        { label: t('views.col.newOrders'), num: true, cell: (r) => count(r.newOrders) },
        { label: t('views.col.existingOrders'), num: true, cell: (r) => count(r.existingOrders) },
        { label: t('views.col.newCustomers'), num: true, cell: (r) => count(r.newCustomers) },
        { label: t('views.col.existingCustomers'), num: true, cell: (r) => count(r.existingCustomers) },
        { label: t('views.col.customers'), num: true, cell: (r) => count(r.customers) },
        { label: t('views.col.customersYoy'), num: true, cell: (r) => yoy(r.customersYoy) },
      ],
      rows: [...rows].reverse(),
      rowAttrs: (r) => ({ 'data-month': r.month }),
    });
    return section('monthly', t('monthly.title'), { class: 'card monthly page-break' },
      h('p', { class: 'lead', text: t('monthly.lead') }),
      chart,
      h('div', { class: 'actions no-print' }, exportButton(d, 'monthly')),
      scrollTable('monthly-caption', table),
      h('p', { class: 'note', text: t('monthly.note') }));
  }

  return Object.freeze({ monthlyView, viewExportLabels });
})();
