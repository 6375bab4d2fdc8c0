// 回収期間 (payback) for every shop: cumulative gross profit per new customer by acquisition
// month, every 30 days up to 720, against the CPA (the calculator's 獲得費用); the step that
// reaches it is highlighted; the same by acquisition channel, each against its own CPA. Once the
// forecast ran, the steps not yet observed are continued from it: italic, marked 予測 in text.
// Defines `LtvPayback` only.
'use strict';

const LtvPayback = (() => {
  const { h, section, scrollTable } = LtvDom;
  const { moneyOf } = LtvDashboard;

  /** The CSV's header and cell words in the page's language (`profit`: the values are gross profit). */
  function paybackExportLabels(i18n, profit) {
    const { t } = i18n;
    const columns = Object.fromEntries(['split', 'key', 'customers', 'cpa', 'days', 'value', 'forecast', 'payback']
      .map((id) => [id, t(id === 'value' ? `payback.col.value.${profit ? 'profit' : 'revenue'}` : `payback.col.${id}`)]));
    const names = { all: t('payback.split.all'), allCohorts: t('payback.all'), month: t('payback.split.month'), channel: t('payback.split.channel'),
      forecast: t('payback.mark.forecast'), payback: t('payback.mark.payback') };
    return { labels: { columns }, names };
  }

  /** @param {DashboardContext} d */
  function paybackView(d) {
    const p = d.analysis.payback;
    if (!p || !p.months.length) return null;
    const { t, count } = d.i18n;
    const money = moneyOf(d);
    const steps = p.all.values.length;
    const days = (j) => (j + 1) * p.stepDays;
    const mark = () => h('small', { text: t('payback.predMark') });
    const row = (r, label, cpa) => h('tr', { 'data-month': r.month },
      h('th', { scope: 'row', text: label }), h('td', { class: 'num', text: count(r.customers) }),
      cpa ? h('td', { class: 'num', text: r.cpa != null ? money(r.cpa) : '—' }) : null,
      r.values.map((o, j) => {
        const hit = r.paybackDays === days(j);
        const pred = r.predicted?.[j];
        const v = pred ?? o;
        return h('td', { class: `num${hit ? ' payback-hit' : ''}${v == null ? ' empty' : ''}${pred != null ? ' predicted' : ''}`, 'data-days': String(days(j)),
          title: hit ? t('payback.hit', { days: count(days(j)) }) : null }, v == null ? '' : money(v), pred != null ? mark() : null);
      }),
      h('td', { class: `num${r.paybackPredicted ? ' predicted' : ''}` }, r.paybackDays != null ? t('payback.days', { days: count(r.paybackDays) }) : '—',
        r.paybackPredicted ? mark() : null));
    const table = (id, key, body, cpa) => h('table', { class: 'payback-table' },
      h('caption', { id, text: t(id === 'payback-caption' ? 'payback.caption' : 'payback.channelCaption') }),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: key }), h('th', { scope: 'col', class: 'num', text: t('payback.customers') }),
        cpa ? h('th', { scope: 'col', class: 'num', text: 'CPA' }) : null,
        Array.from({ length: steps }, (_, j) => h('th', { scope: 'col', class: 'num', text: t('payback.days', { days: count(days(j)) }) })),
        h('th', { scope: 'col', class: 'num', text: t('payback.at') }))),
      h('tbody', {}, body));
    // By acquisition channel, each against its own CPA (the channel's, else the calculator's);
    // on screen only, as the report stays within 12 pages (the channel section prints its CPA).
    const channels = p.channels?.length
      ? scrollTable('payback-channel-caption', table('payback-channel-caption', t('channels.channel'),
        p.channels.map((r) => row(r, r.month, true)), true), 'payback-wrap no-print')
      : null;
    const exportButton = h('button', { type: 'button', class: 'button small', id: 'payback-export', 'aria-label': t('payback.exportLabel'),
      onclick: () => d.actions.exportPayback(t('payback.fileName')) }, t('export.button'));
    return section('payback', t('payback.title'), { class: 'card payback' },
      h('p', { class: 'lead', text: t('payback.lead') }),
      h('p', { class: 'hint', id: 'payback-basis', text: `${t(p.profit ? 'payback.basis.profit' : 'payback.basis.revenue')} ${
        p.cpa != null ? t('payback.cpa', { cpa: money(p.cpa) }) : t('payback.noCpa')}` }),
      p.all.predicted?.length ? h('p', { class: 'hint', id: 'payback-predicted', text: t('payback.predNote') }) : null,
      h('div', { class: 'actions no-print' }, exportButton),
      scrollTable('payback-caption', table('payback-caption', t('payback.month'), [row(p.all, t('payback.all')), ...p.months.map((r) => row(r, r.month))]), 'payback-wrap'),
      channels);
  }

  return Object.freeze({ paybackView, paybackExportLabels });
})();
