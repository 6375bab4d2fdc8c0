// The 通販 consultant's views of issue 15 beyond 初回購入商品別: 月次推移 (revenue, orders and
// customers per month, 新規 and 既存, 前年同月比) and 回数別 (the ladder of purchase days with
// 継続 / 離脱 / 判定待ち, overall and by acquisition month, channel, first product) and 転換日数
// (days from the 1st to the 2nd purchase, and the late one-time buyers to follow up) and 引き上げ率
// (お試し → 本品 / 定期 within 14–90 days). Every chart is described by the table next to
// it; every table has its CSV (the core's export_view, one table id each). Defines `LtvViews` only.
'use strict';

const LtvViews = (() => {
  const { h, section, scrollTable, dataTable } = LtvDom;
  const { barChart, groupedBarChart, lineChart } = LtvCharts;
  const { moneyOf, setStatus, rerun } = LtvDashboard;
  const { currencyUnit } = LtvText;
  const { parseTypedNumber } = LtvUtil;

  /** The column ids of each table's CSV (the core's `…_COLUMNS`), worded by `views.col.<id>`. */
  const COLUMNS = {
    monthly: ['month', 'newRevenue', 'existingRevenue', 'revenue', 'newOrders', 'existingOrders', 'orders',
      'newCustomers', 'existingCustomers', 'customers', 'revenueYoy', 'ordersYoy', 'customersYoy', 'newCustomersYoy'],
    upgrade: ['days', 'trialCustomers', 'eligible', 'upgraded', 'rate', 'toSubscription', 'subscriptionRate'],
    daysToSecond: ['from', 'to', 'customers', 'share', 'cumulativeShare'],
    ladder: ['split', 'key', 'customers', 'purchase', 'reached', 'reachedShare', 'stepped', 'lapsed', 'pending', 'returnedLater',
      'stepRate', 'meanDays', 'medianDays'],
  };

  /** The ladder's splits: the select's value, the analysis field. */
  const SPLITS = [['all', 'all'], ['month', 'byMonth'], ['channel', 'byChannel'], ['product', 'byProduct']];

  /** The CSV's words for one table, in the page's language: `{labels: {columns}, names}` (headers by column id, names by code). */
  function viewExportLabels(i18n, table) {
    const columns = Object.fromEntries((COLUMNS[table] || []).map((id) => [id, i18n.t(`views.col.${id}`)]));
    const names = table === 'ladder'
      ? { ...Object.fromEntries(SPLITS.map(([k]) => [k, i18n.t(`ladder.split.${k}`)])), 11: i18n.t('ladder.purchaseMore') }
      : {};
    return { labels: { columns }, names };
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
      sequence: true,
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

  /** 回数別: the ladder of everyone, or the step rates of each month, channel or first product. */
  function ladderView(d) {
    const l = d.analysis?.ladder;
    if (!l || !l.all.customers) return null;
    const { t, count, percent, num } = d.i18n;
    const purchase = (n) => (n >= 11 ? t('ladder.purchaseMore') : t('ladder.purchase', { n }));
    const rate = (v) => (v != null ? percent(v, 1) : '—');
    const days = (v) => (v != null ? t('ladder.days', { days: num(v, 1) }) : '—');
    const splits = SPLITS.filter(([k, field]) => k === 'all' || l[field].length);
    let shown = 'all';
    const tableOf = (which) => {
      if (which === 'all') {
        return scrollTable('ladder-caption', dataTable({
          captionId: 'ladder-caption',
          caption: t('ladder.caption', { days: count(l.lapseDays) }),
          columns: [
            { label: t('views.col.purchase'), head: true, cell: (r) => purchase(r.purchase) },
            { label: t('views.col.reached'), num: true, cell: (r) => count(r.reached) },
            { label: t('views.col.reachedShare'), num: true, cell: (r) => percent(r.reachedShare, 1) },
            { label: t('views.col.stepped'), num: true, cell: (r) => count(r.stepped) },
            { label: t('views.col.lapsed'), num: true, cell: (r) => count(r.lapsed) },
            { label: t('views.col.pending'), num: true, cell: (r) => count(r.pending) },
            { label: t('views.col.stepRate'), num: true, cell: (r) => rate(r.stepRate) },
            { label: t('views.col.meanDays'), num: true, cell: (r) => days(r.meanDays) },
            { label: t('views.col.medianDays'), num: true, cell: (r) => days(r.medianDays) },
            { label: t('views.col.returnedLater'), num: true, cell: (r) => count(r.returnedLater) },
          ],
          rows: l.all.rows,
          rowAttrs: (r) => ({ 'data-purchase': r.purchase }),
        }));
      }
      const segments = l[SPLITS.find(([k]) => k === which)[1]];
      const keyName = (s) => (which === 'month' ? monthLabel(d.i18n, s.key) : s.key);
      return scrollTable('ladder-caption', dataTable({
        captionId: 'ladder-caption',
        caption: t('ladder.captionBy', { by: t(`ladder.split.${which}`), days: count(l.lapseDays) }),
        columns: [
          { label: t(`ladder.split.${which}`), head: true, cell: keyName },
          { label: t('views.col.customers'), num: true, cell: (s) => count(s.customers) },
          ...l.all.rows.map((_, k) => ({ label: k + 1 >= 11 ? t('ladder.stepMore') : t('ladder.step', { n: k + 1, next: k + 2 }), num: true,
            cell: (s) => rate(s.rows[k].stepRate) })),
        ],
        rows: segments,
        rowAttrs: (s) => ({ 'data-key': s.key }),
      }));
    };
    const holder = h('div', { class: 'ladder-table' }, tableOf(shown));
    // Everyone's ladder as lines (the table below holds every figure): 継続率 and 到達率 by purchase.
    const rows = l.all.rows;
    const chart = rows.some((r) => r.stepRate != null) ? lineChart({
      title: t('ladder.chart'),
      summary: `${t('ladder.step', { n: 1, next: 2 })}: ${rate(rows[0].stepRate)}`,
      describedBy: 'ladder-caption',
      x: rows.map((r) => r.purchase),
      series: [
        { label: t('views.col.stepRate'), values: rows.map((r) => r.stepRate), emphasis: true },
        { label: t('views.col.reachedShare'), values: rows.map((r) => r.reachedShare) },
      ],
      xLabel: t('views.col.purchase'),
      yLabel: t('views.col.share'),
      xTick: (v) => (v >= 11 ? `${v}+` : String(v)),
      yTick: (v) => percent(v, 0),
    }) : null;
    const select = h('select', { id: 'ladder-split', onchange: (e) => {
      shown = e.target.value;
      holder.replaceChildren(tableOf(shown));
    } }, splits.map(([k]) => h('option', { value: k, text: t(`ladder.split.${k}`) })));
    const status = h('p', { class: 'form-status', role: 'status' });
    const form = h('form', { class: 'ladder-form cohort-settings no-print', novalidate: true, onsubmit: async (e) => {
      e.preventDefault();
      const input = e.target.querySelector('#ladder-days');
      const typed = parseTypedNumber(input.value.trim());
      const n = typed == null ? NaN : Number(typed);
      if (!Number.isInteger(n) || n < 1 || n > 3650) {
        input.setAttribute('aria-invalid', 'true');
        setStatus(status, t('ladder.daysError'), true);
        input.focus();
        return;
      }
      input.removeAttribute('aria-invalid');
      await rerun(d, status, { ladder: { ...(d.params.ladder || {}), lapseDays: n } });
    } },
    h('div', { class: 'field' }, h('label', { for: 'ladder-days', text: t('ladder.lapseDays') }),
      h('input', { id: 'ladder-days', class: 'short', type: 'text', inputmode: 'numeric', size: 4, '.value': String(l.lapseDays) })),
    h('button', { type: 'submit', class: 'button', id: 'ladder-apply', text: t('ladder.apply') }),
    status);
    return section('ladder', t('ladder.title'), { class: 'card ladder' },
      h('p', { class: 'lead', text: t('ladder.lead', { days: count(l.lapseDays) }) }),
      form,
      h('div', { class: 'cohort-settings no-print' },
        h('div', { class: 'field' }, h('label', { for: 'ladder-split', text: t('ladder.show') }), select), exportButton(d, 'ladder')),
      // On screen only: in print the table carries the ladder (the report stays within 12 pages).
      chart && h('div', { class: 'no-print' }, chart),
      holder,
      h('p', { class: 'note', text: t('ladder.note', { days: count(l.lapseDays) }) }));
  }

  /** 転換日数: the histogram and its table, the typical day, the follow-up list. */
  function daysToSecondView(d) {
    const v = d.analysis?.daysToSecond;
    if (!v) return null;
    const { t, count, percent } = d.i18n;
    const money = moneyOf(d);
    const binName = (b) => (b.to == null ? t('toSecond.binOpen', { from: count(b.from) }) : t('toSecond.bin', { from: count(b.from), to: count(b.to) }));
    const typical = v.typicalDays;
    const listName = t('toSecond.listName');
    const followUp = { followUp: true };
    const chart = v.repeatCustomers > 0 ? barChart({
      title: t('toSecond.chart'),
      summary: typical != null ? t('toSecond.summary', { days: count(typical), share: percent(v.withinTypicalShare, 1) }) : '',
      describedBy: 'to-second-caption',
      labels: v.bins.map((b) => (b.to == null ? `${b.from}+` : b.to > 182 ? `${b.from}-` : String(b.to))),
      values: v.bins.map((b) => b.customers),
      xLabel: t('toSecond.axis.x'),
      yLabel: t('toSecond.axis.y'),
      format: (n) => (n > 0 ? count(n) : ''),
      tick: (n) => count(n),
    }) : null;
    const table = dataTable({
      captionId: 'to-second-caption',
      caption: t('toSecond.caption', { n: count(v.repeatCustomers) }),
      columns: [
        { label: t('views.col.from'), head: true, cell: binName },
        { label: t('views.col.customers'), num: true, cell: (b) => count(b.customers) },
        { label: t('views.col.share'), num: true, cell: (b) => percent(b.share, 1) },
        { label: t('views.col.cumulativeShare'), num: true, cell: (b) => percent(b.cumulativeShare, 1) },
      ],
      rows: v.bins,
      rowAttrs: (b) => ({ 'data-from': b.from }),
    });
    const follow = typical == null ? null : h('div', { class: 'follow-up', id: 'to-second-follow' },
      h('p', { class: 'lead', id: 'to-second-follow-text', text: t('toSecond.follow', { days: count(typical), lapse: count(v.lapseDays),
        n: count(v.followUpCustomers), revenue: money(v.followUpRevenue) }) }),
      v.followUpCustomers > 0 ? h('div', { class: 'actions no-print' },
        h('button', { type: 'button', class: 'button small', id: 'to-second-follow-export', 'aria-label': t('export.buttonFor', { name: listName }),
          onclick: () => d.actions.exportCustomers(followUp, listName) }, t('export.button')),
        h('button', { type: 'button', class: 'button small', 'aria-label': t('rfm.showFor', { name: listName }),
          onclick: () => d.actions.showCustomers(followUp) }, t('rfm.show'))) : null);
    return section('to-second', t('toSecond.title'), { class: 'card to-second' },
      h('p', { class: 'lead', text: typical != null
        ? t('toSecond.lead', { days: count(typical), share: percent(v.withinTypicalShare, 1), n: count(v.repeatCustomers) })
        : t('toSecond.none') }),
      follow,
      chart,
      h('div', { class: 'actions no-print' }, exportButton(d, 'daysToSecond')),
      // Folded like the cohorts' figures: the chart carries the distribution (and alone in print,
      // where 28 rows would add a page).
      h('details', { class: 'data-table no-print' }, h('summary', { text: t('toSecond.showTable', { n: count(v.bins.length) }) }),
        scrollTable('to-second-caption', table)),
      h('p', { class: 'note', text: t('toSecond.note') }));
  }

  /** 引き上げ率: お試し customers who bought 本品 or 定期, by window. */
  function upgradeView(d) {
    const u = d.analysis?.upgrade;
    if (!u) return null;
    const { t, count, percent, num } = d.i18n;
    const table = dataTable({
      captionId: 'upgrade-caption',
      caption: t('upgrade.caption'),
      columns: [
        { label: t('views.col.days'), head: true, cell: (w) => t('upgrade.within', { days: count(w.days) }) },
        { label: t('views.col.eligible'), num: true, cell: (w) => count(w.eligible) },
        { label: t('views.col.upgraded'), num: true, cell: (w) => count(w.upgraded) },
        { label: t('views.col.rate'), num: true, cell: (w) => (w.rate != null ? percent(w.rate, 1) : '—') },
        { label: t('views.col.toSubscription'), num: true, cell: (w) => count(w.toSubscription) },
        { label: t('views.col.subscriptionRate'), num: true, cell: (w) => (w.subscriptionRate != null ? percent(w.subscriptionRate, 1) : '—') },
      ],
      rows: u.windows,
      rowAttrs: (w) => ({ 'data-days': w.days }),
    });
    const last = u.windows[u.windows.length - 1];
    const chart = u.windows.some((w) => w.rate != null) ? lineChart({
      title: t('upgrade.chart'),
      summary: `${t('upgrade.within', { days: count(last.days) })}: ${last.rate != null ? percent(last.rate, 1) : '—'}`,
      describedBy: 'upgrade-caption',
      x: u.windows.map((w) => w.days),
      series: [
        { label: t('views.col.rate'), values: u.windows.map((w) => w.rate), emphasis: true },
        { label: t('views.col.subscriptionRate'), values: u.windows.map((w) => w.subscriptionRate) },
      ],
      xLabel: t('upgrade.axis'),
      yLabel: t('views.col.share'),
      xTick: (v) => count(v),
      yTick: (v) => percent(v, 0),
    }) : null;
    return section('upgrade', t('upgrade.title'), { class: 'card upgrade' },
      h('p', { class: 'lead', id: 'upgrade-lead', text: t('upgrade.lead', { n: count(u.trialCustomers), up: count(u.upgradedCustomers),
        sub: count(u.toSubscription), days: u.medianDays != null ? num(u.medianDays, 1) : '—' }) }),
      h('p', { class: 'lead', id: 'upgrade-sub-lead', text: t('upgrade.subLead', { n: count(u.subscriptionCustomers),
        days: u.subscriptionMedianDays != null ? num(u.subscriptionMedianDays, 1) : '—' }) }),
      chart && h('div', { class: 'no-print' }, chart),
      h('div', { class: 'actions no-print' }, exportButton(d, 'upgrade')),
      scrollTable('upgrade-caption', table),
      h('p', { class: 'note', text: t('upgrade.note') }));
  }

  /** `2024-03` in the language's style. */
  function monthLabel(i18n, key) {
    const [y, m] = key.split('-');
    return i18n.t('month', { y, m: Number(m) });
  }

  return Object.freeze({ monthlyView, ladderView, daysToSecondView, upgradeView, viewExportLabels });
})();
