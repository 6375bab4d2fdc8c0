// 比較: the analysis date against an earlier one (by default the same day a year before): the
// headline figures at both with their change, each RFM segment's size at both, and the moves
// between segments as a from × to table (a heat map whose cells carry the counts). The core
// computes every figure (money changes included); this file only lays them out.
// Defines `LtvCompare` only.
'use strict';

const LtvCompare = (() => {
  const { h, section, scrollTable, dataTable } = LtvDom;
  const { codeName, errorText } = LtvText;
  const { moneyOf, heatLevel, setStatus } = LtvDashboard;

  /** The same day one year before an ISO day (29 February → 28 February). */
  function yearBefore(iso) {
    const [y, m, d] = iso.split('-').map(Number);
    const day = m === 2 && d === 29 ? 28 : d;
    return `${String(y - 1).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  }

  /** A signed change of a count or a share (shares in points). */
  function signed(i18n, v, kind) {
    if (v == null || !Number.isFinite(v)) return '—';
    const sign = v > 0 ? '+' : v < 0 ? '−' : '±';
    const a = Math.abs(v);
    return kind === 'points' ? `${sign}${i18n.decimal(a * 100, 1)}${i18n.t('compare.points')}` : `${sign}${i18n.count(a)}`;
  }

  /** A signed money change from the core's exact decimal string. */
  function signedMoney(d, v) {
    if (v == null) return '—';
    const s = String(v);
    const negative = s.startsWith('-');
    const zero = /^-?0(\.0*)?$/.test(s);
    return `${zero ? '±' : negative ? '−' : '+'}${moneyOf(d)(negative ? s.slice(1) : s)}`;
  }

  /** The three tables of a comparison. @param {DashboardContext} d */
  function comparisonTables(d, c) {
    const { t, count, percent } = d.i18n;
    const money = moneyOf(d);
    const orDash = (v, f) => (v == null ? '—' : f(v));
    const statusCount = (hl, s) => hl.statuses.find((x) => x.status === s)?.customers ?? 0;
    const kpiRows = [
      ['customers', count(c.earlier.customers), count(c.later.customers), signed(d.i18n, c.later.customers - c.earlier.customers)],
      ['newCustomers', count(c.earlier.newCustomers), count(c.later.newCustomers), signed(d.i18n, c.later.newCustomers - c.earlier.newCustomers)],
      ['buyingCustomers', count(c.earlier.buyingCustomers), count(c.later.buyingCustomers), signed(d.i18n, c.later.buyingCustomers - c.earlier.buyingCustomers)],
      ['revenueLastYear', money(c.earlier.revenueLastYear), money(c.later.revenueLastYear), signedMoney(d, c.changes.revenueLastYear)],
      ['annualLtv', orDash(c.earlier.annualLtv, money), orDash(c.later.annualLtv, money), signedMoney(d, c.changes.annualLtv)],
      ['revenuePerCustomer', money(c.earlier.revenuePerCustomer), money(c.later.revenuePerCustomer), signedMoney(d, c.changes.revenuePerCustomer)],
      ['averageOrderValue', money(c.earlier.averageOrderValue), money(c.later.averageOrderValue), signedMoney(d, c.changes.averageOrderValue)],
      ['f2Rate', percent(c.earlier.f2Rate, 1), percent(c.later.f2Rate, 1), signed(d.i18n, c.later.f2Rate - c.earlier.f2Rate, 'points')],
      ...c.later.statuses.map((s) => [`status.${s.status}`, count(statusCount(c.earlier, s.status)), count(s.customers),
        signed(d.i18n, s.customers - statusCount(c.earlier, s.status))]),
    ];
    const dates = { earlier: d.i18n.day(c.earlier.date), later: d.i18n.day(c.later.date) };
    const kpis = dataTable({
      captionId: 'compare-kpis-caption',
      caption: t('compare.kpis.caption', dates),
      columns: [
        { label: t('compare.col.figure'), head: true, cell: (r) => (r[0].startsWith('status.') ? codeName(d.i18n, 'status', r[0].slice(7)) : t(`compare.kpi.${r[0]}`)) },
        { label: dates.earlier, num: true, cell: (r) => r[1] },
        { label: dates.later, num: true, cell: (r) => r[2] },
        { label: t('compare.col.change'), num: true, cell: (r) => r[3] },
      ],
      rows: kpiRows,
      rowAttrs: (r) => ({ 'data-kpi': r[0] }),
    });
    const segName = (s) => codeName(d.i18n, 'segment', s);
    const segments = dataTable({
      captionId: 'compare-segments-caption',
      caption: t('compare.segments.caption', dates),
      stack: true,
      columns: [
        { label: t('rfm.segment'), head: true, cell: (p) => segName(p.segment) },
        { label: t('compare.col.customersAt', { date: dates.earlier }), num: true, cell: (p) => count(p.earlier.customers) },
        { label: t('compare.col.customersAt', { date: dates.later }), num: true, cell: (p) => count(p.later.customers) },
        { label: t('compare.col.change'), num: true, cell: (p) => signed(d.i18n, p.later.customers - p.earlier.customers) },
        { label: t('compare.col.revenueShareAt', { date: dates.earlier }), num: true, cell: (p) => percent(p.earlier.revenueShare, 1) },
        { label: t('compare.col.revenueShareAt', { date: dates.later }), num: true, cell: (p) => percent(p.later.revenueShare, 1) },
      ],
      rows: c.segments,
      rowAttrs: (p) => ({ 'data-segment': p.segment }),
    });
    // From (rows: the earlier segment, then "not yet a customer") × to (columns: the later segment).
    const order = c.segments.map((p) => p.segment);
    const froms = [...order, null];
    const at = (from, to) => c.moves.find((m) => m.from === from && m.to === to)?.customers ?? 0;
    const max = Math.max(0, ...c.moves.map((m) => m.customers));
    const moves = h('table', { class: 'heat moves' },
      h('caption', { id: 'compare-moves-caption', text: t('compare.moves.caption', dates) }),
      h('thead', {}, h('tr', {},
        h('td', { class: 'corner', text: t('compare.moves.corner') }),
        order.map((s) => h('th', { scope: 'col', text: segName(s) })))),
      h('tbody', {}, froms.map((from) => h('tr', { 'data-from': from ?? 'none' },
        h('th', { scope: 'row', text: from ? segName(from) : t('compare.moves.notYet') }),
        order.map((to) => {
          const n = at(from, to);
          return h('td', { class: `num heat-${heatLevel(n, max)}${from === to ? ' same' : ''}`, 'data-to': to, text: n ? count(n) : '' });
        })))));
    return [
      scrollTable('compare-kpis-caption', kpis),
      scrollTable('compare-segments-caption', segments),
      h('h3', { text: t('compare.moves.title') }),
      h('p', { class: 'hint', text: t('compare.moves.hint') }),
      scrollTable('compare-moves-caption', moves),
    ];
  }

  /** @param {DashboardContext} d */
  function compareView(d) {
    const { t } = d.i18n;
    const a = d.analysis;
    const suggested = yearBefore(a.analysisDate);
    const status = h('p', { class: 'form-status', role: 'status' });
    const out = h('div', { class: 'compare-out', 'aria-live': 'polite' });
    const input = h('input', { id: 'compare-date', name: 'date', type: 'date', min: a.firstDay, max: a.analysisDate,
      '.value': suggested >= a.firstDay ? suggested : a.firstDay, 'aria-describedby': 'compare-date-hint' });
    const form = h('form', { class: 'cohort-settings no-print', novalidate: true, onsubmit: async (e) => {
      e.preventDefault();
      if (!input.value) {
        input.setAttribute('aria-invalid', 'true');
        setStatus(status, t('compare.dateMissing'), true);
        return;
      }
      input.removeAttribute('aria-invalid');
      setStatus(status, t('compare.running'));
      try {
        const c = await d.report.compare({ ...d.params, analysisDate: a.analysisDate }, input.value);
        out.replaceChildren(...comparisonTables(d, c));
        card.classList.remove('no-print');
        setStatus(status, '');
      } catch (err) {
        out.replaceChildren();
        setStatus(status, errorText(d.i18n, err), true);
      }
    } },
    h('div', { class: 'field' },
      h('label', { for: 'compare-date', text: t('compare.date') }), input,
      h('p', { class: 'hint', id: 'compare-date-hint', text: t('compare.date.hint', { date: d.i18n.day(a.analysisDate) }) })),
    h('button', { type: 'submit', class: 'button', id: 'compare-run', text: t('compare.run') }),
    status);
    // Printed only once a comparison is on screen (the form alone says nothing on paper).
    const card = section('compare', t('compare.title'), { class: 'card compare no-print' },
      h('p', { class: 'lead', text: t('compare.lead') }), form, out);
    return card;
  }

  return Object.freeze({ compareView });
})();
