// CPM分析 (the ten groups 初回 / よちよち / コツコツ / 流行 / 優良 × 現役 / 離脱, each exportable) and
// acquisition channels against CPA: a CPA input per channel re-runs the analysis and each
// channel gets its verdict, written out (never shown by colour alone). Defines `LtvCpm` only.
'use strict';

const LtvCpm = (() => {
  const { h, section, scrollTable, dataTable } = LtvDom;
  const { parseTypedNumber } = LtvUtil;
  const { codeName } = LtvText;
  const { moneyOf, groupFigureColumns, listColumn, setStatus, rerun } = LtvDashboard;

  /** @param {DashboardContext} d */
  function cpmView(d) {
    const { t, count } = d.i18n;
    const money = moneyOf(d);
    const cpm = d.analysis.cpm;
    const p = cpm.params;
    const name = (g) => codeName(d.i18n, 'cpm.group', g.group);
    const table = dataTable({
      captionId: 'cpm-caption',
      caption: t('cpm.caption'),
      stack: true,
      columns: [
        { label: t('cpm.group'), head: true, cell: (g) => name(g) },
        { label: t('cpm.state'), cell: (g) => h('span', { class: `state ${g.lapsed ? 'lapsed' : 'active'}`, text: t(g.lapsed ? 'cpm.lapsed' : 'cpm.active') }) },
        ...groupFigureColumns(d),
        listColumn(d, (g) => ({ cpmGroups: [g.group] }), name),
      ],
      rows: cpm.groups,
      rowAttrs: (g) => ({ 'data-group': g.group, class: g.lapsed ? 'lapsed-row' : null }),
    });
    return section('cpm', t('cpm.title'), { class: 'card cpm page-break' },
      h('p', { class: 'lead', text: t('cpm.lead') }),
      h('p', { class: 'hint', text: t('cpm.rules', { lapse: count(p.lapseDays), early: count(p.earlyDays), mature: count(p.matureDays), amount: money(p.amountYen) }) }),
      scrollTable('cpm-caption', table));
  }

  /** @param {DashboardContext} d */
  function channelView(d) {
    const { t, count, percent, decimal } = d.i18n;
    const money = moneyOf(d);
    const ch = d.analysis.channels;
    if (!ch) return null;
    const cpa = d.params.channelCpa || {};
    const status = h('p', { class: 'form-status', role: 'status' });
    const verdictText = { profitable: '✓', revenueOnly: '△', unprofitable: '✗', noCpa: '—', notEnoughHistory: '…' };
    const rows = ch.channels.map((c, i) => ({ ...c, index: i }));
    const table = dataTable({
      captionId: 'channels-caption',
      caption: t('channels.caption'),
      stack: true,
      columns: [
        { label: t('channels.channel'), head: true, cell: (c) => c.channel ?? t('channels.none') },
        { label: t('rfm.customers'), num: true, cell: (c) => count(c.customers) },
        { label: t('rfm.revenue'), num: true, cell: (c) => money(c.revenue) },
        { label: t('channels.cohort'), num: true, cell: (c) => count(c.cohortCustomers) },
        { label: t('channels.annualLtv'), num: true, cell: (c) => (c.annualLtv != null ? money(c.annualLtv) : '—') },
        { label: t('channels.annualGross'), num: true, cell: (c) => (c.annualGrossProfitLtv != null ? money(c.annualGrossProfitLtv) : '—') },
        { label: t('channels.f2'), num: true, cell: (c) => percent(c.annualF2Rate, 1) },
        { label: t('channels.cpa'), num: true, cell: (c) => c.channel == null ? '—' : [
          h('label', { class: 'visually-hidden', for: `cpa-${c.index}`, text: t('channels.cpaFor', { channel: c.channel }) }),
          h('input', { id: `cpa-${c.index}`, class: 'cpa-input no-print', type: 'text', inputmode: 'decimal', autocomplete: 'off',
            'data-channel': c.channel, '.value': cpa[c.channel] ?? '', placeholder: t('channels.cpaPlaceholder') }),
          h('span', { class: 'print-only', text: c.cpa != null ? money(c.cpa) : '—' })] },
        { label: t('channels.ratio'), num: true, cell: (c) => (c.ltvToCpa != null ? t('channels.ratioValue', { value: decimal(c.ltvToCpa, 2) }) : '—') },
        { label: t('channels.verdict'), wide: true, cell: (c) => h('span', { class: `verdict-tag v-${c.verdict}` },
          h('span', { 'aria-hidden': 'true', text: `${verdictText[c.verdict]} ` }), t(`channels.verdict.${c.verdict}`)) },
      ],
      rows,
      rowAttrs: (c) => ({ 'data-channel': c.channel ?? '' }),
    });
    const form = h('form', { class: 'channel-form', novalidate: true, onsubmit: async (e) => {
      e.preventDefault();
      const next = {};
      let bad = null;
      for (const input of e.target.querySelectorAll('input.cpa-input')) {
        const v = input.value.trim();
        if (!v) continue;
        const n = parseTypedNumber(v);
        if (n == null) {
          bad = input;
          input.setAttribute('aria-invalid', 'true');
        } else {
          input.removeAttribute('aria-invalid');
          next[input.dataset.channel] = n;
        }
      }
      if (bad) {
        setStatus(status, t('channels.cpaError'), true);
        bad.focus();
        return;
      }
      await rerun(d, status, { channelCpa: next });
    } },
    scrollTable('channels-caption', table),
    h('div', { class: 'actions no-print' }, h('button', { type: 'submit', class: 'button primary', id: 'cpa-apply', text: t('channels.apply') })),
    status);
    return section('channels', t('channels.title'), { class: 'card channels' },
      h('p', { class: 'lead', text: t('channels.lead') }),
      form,
      h('p', { class: 'hint', text: t('channels.verdictHelp') }));
  }

  return Object.freeze({ cpmView, channelView });
})();
