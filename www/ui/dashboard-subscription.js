// 定期通販: 継続率 by 回数 (table, start-month heat map), 平均継続回数 both ways, the sBG fit
// beside the observed, 定期LTV with 損益分岐回数 and 限界CPO from the shop's inputs, and the two
// lists (due next week, stopped after cycle 1) with their CSV. Every data-derived text goes
// through h()'s textContent. Defines `LtvSubscription` only.
'use strict';

const LtvSubscription = (() => {
  const { h, section, scrollTable, dataTable } = LtvDom;
  const { moneyOf, heatLevel, setStatus, rerun } = LtvDashboard;
  const { parseTypedNumber } = LtvUtil;

  const LISTS = [['dueSoon', 'dueSoon'], ['stoppedAfterFirst', 'stoppedAfterFirst']];

  /** @param {DashboardContext} d */
  function subscriptionView(d) {
    const s = d.analysis.subscription;
    if (!s) return null;
    const { t, count, percent, decimal, day } = d.i18n;
    const money = moneyOf(d);
    const pct = (v) => (v == null ? '—' : percent(v, 1));
    const e = s.economics;
    const a = s.averageCycles;

    const facts = h('dl', { class: 'kpis subscription-kpis' },
      ...[
        ['customers', count(s.customers), t('subscription.kpi.customers.note', { active: count(s.active), lost: count(s.lost) })],
        ['perCustomer', decimal(a.perCustomer, 2), t('subscription.kpi.perCustomer.note', { cycles: count(a.totalCycles), customers: count(a.customers) })],
        ['model', a.model != null ? decimal(a.model, 2) : '—', a.model != null
          ? t('subscription.kpi.model.note', { n: count(a.horizon) }) : t('subscription.kpi.model.none')],
        ['ltv', e.ltv != null ? money(e.ltv) : '—', t(e.profitBasis ? 'subscription.kpi.ltv.note' : 'subscription.kpi.ltv.revenue', { n: count(a.horizon) })],
      ].map(([id, value, note]) => h('div', { class: 'kpi', 'data-kpi': `subscription-${id}` },
        h('dt', { text: t(`subscription.kpi.${id}`) }), h('dd', { class: 'value', text: value }), h('dd', { class: 'note', text: note }))));

    const shown = s.retention.filter((r) => r.due > 0 || r.cycle <= 12);
    const retention = scrollTable('subscription-retention-caption', dataTable({
      captionId: 'subscription-retention-caption',
      caption: t('subscription.retention.caption'),
      columns: [
        { label: t('subscription.col.cycle'), head: true, cell: (r) => t('subscription.cycleN', { n: count(r.cycle) }) },
        { label: t('subscription.col.due'), num: true, cell: (r) => count(r.due) },
        { label: t('subscription.col.received'), num: true, cell: (r) => count(r.received) },
        { label: t('subscription.col.rate'), num: true, cls: 'rate', cell: (r) => pct(r.rate) },
        { label: t('subscription.col.survival'), num: true, cls: 'survival', cell: (r) => pct(r.survival) },
        { label: t('subscription.col.model'), num: true, cls: 'model', cell: (r) => pct(r.modelSurvival) },
        { label: t('subscription.col.cumulativeProfit'), num: true, cell: (r) => {
          const g = e.cumulativeProfit[r.cycle - 1];
          return g != null ? money(g) : '—';
        } },
      ],
      rows: shown,
      rowAttrs: (r) => ({ 'data-cycle': String(r.cycle), class: e.breakEvenCycle === r.cycle ? 'break-even' : null }),
    }));

    const cycles = s.retention.length;
    const heat = s.cohorts.length ? scrollTable('subscription-heat-caption', h('table', { class: 'heatmap subscription-heat' },
      h('caption', { id: 'subscription-heat-caption', text: t('subscription.heat.caption') }),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: t('subscription.heat.month') }), h('th', { scope: 'col', class: 'num', text: t('subscription.heat.customers') }),
        Array.from({ length: cycles }, (_, k) => h('th', { scope: 'col', class: 'num', text: count(k + 1) })))),
      h('tbody', {}, s.cohorts.map((c) => h('tr', { 'data-month': c.month },
        h('th', { scope: 'row', text: c.month }), h('td', { class: 'num', text: count(c.customers) }),
        c.cells.map((cell, k) => (cell
          ? h('td', { class: `num heat-${k === 0 ? 0 : heatLevel(cell.rate, 1)}`, title: t('subscription.heat.cell', { received: count(cell.received), due: count(cell.due) }), text: percent(cell.rate, 0) })
          : h('td', { class: 'num empty', text: '' }))))))), 'heat-wrap') : null;

    const m = s.model;
    const se = (v) => (v != null ? ` (± ${decimal(v, 3)})` : '');
    const model = m
      ? h('p', { class: 'subscription-model', text: t('subscription.model.fit', {
        gamma: decimal(m.gamma, 3) + se(m.gammaSe), delta: decimal(m.delta, 3) + se(m.deltaSe), customers: count(m.customers),
        remaining: m.expectedRemainingPerActive != null ? decimal(m.expectedRemainingPerActive, 2) : '—', n: count(a.horizon),
        total: decimal(m.expectedRemainingTotal, 0) }) })
      : h('p', { class: 'note subscription-model', text: t('subscription.model.none', { reason: t(`error.${s.modelIssue || 'not_identifiable'}`) }) });

    const current = d.params.subscription || {};
    const status = h('p', { class: 'form-status', role: 'status' });
    const field = (id, value, size = 8) => h('div', { class: 'field' }, h('label', { for: `subscription-${id}`, text: t(`subscription.input.${id}`) }),
      h('input', { id: `subscription-${id}`, type: 'text', inputmode: 'decimal', size, '.value': value == null ? '' : String(value) }));
    const form = h('form', { class: 'subscription-form settings-form no-print', novalidate: true, onsubmit: async (ev) => {
      ev.preventDefault();
      const read = (id, integer) => {
        const input = ev.target.querySelector(`#subscription-${id}`);
        const raw = input.value.trim();
        if (raw === '') return { ok: true, value: null };
        const typed = parseTypedNumber(raw);
        const n = typed == null ? NaN : Number(typed);
        const ok = Number.isFinite(n) && n >= 0 && (!integer || Number.isInteger(n));
        if (!ok) input.setAttribute('aria-invalid', 'true');
        else input.removeAttribute('aria-invalid');
        return { ok, value: ok ? (integer ? n : String(typed)) : null, input };
      };
      const cpo = read('cpo'), cost = read('cost'), margin = read('margin'), payback = read('payback', true), grace = read('grace', true);
      const bad = [cpo, cost, margin, payback, grace].find((x) => !x.ok);
      if (bad || (margin.value != null && Number(margin.value) > 100) || (payback.value != null && (payback.value < 1 || payback.value > 120))) {
        setStatus(status, t('subscription.input.error'), true);
        (bad?.input || ev.target.querySelector('#subscription-margin')).focus();
        return;
      }
      await rerun(d, status, {
        grossMarginPercent: margin.value,
        subscription: { ...current, cpo: cpo.value, costPerCycle: cost.value,
          ...(payback.value != null ? { paybackCycles: payback.value } : {}), ...(grace.value != null ? { graceDays: grace.value } : {}) },
      });
    } },
    field('cpo', current.cpo), field('cost', current.costPerCycle), field('margin', d.params.grossMarginPercent, 4),
    field('payback', s.economics.paybackCycles, 4), field('grace', s.graceDays, 4),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button', id: 'subscription-apply', text: t('subscription.apply') })),
    status);

    const economics = h('dl', { class: 'facts subscription-economics' },
      ...[
        ['cycleRevenue', money(e.cycleRevenue)],
        ['cycleProfit', t('subscription.econ.cycleProfit.value', { gross: money(e.cycleGrossProfit), cost: money(e.costPerCycle), profit: money(e.cycleProfit) })],
        ['breakEven', e.cpo == null ? t('subscription.econ.noCpo') : e.breakEvenCycle != null
          ? t('subscription.cycleN', { n: count(e.breakEvenCycle) }) : t('subscription.econ.notWithin', { n: count(a.horizon) })],
        ['marginalCpo', e.marginalCpo != null ? t('subscription.econ.marginalCpo.value', { cpo: money(e.marginalCpo), n: count(e.paybackCycles) }) : '—'],
      ].map(([id, value]) => h('div', { class: 'fact', 'data-fact': id }, h('dt', { text: t(`subscription.econ.${id}`) }), h('dd', { text: value }))));

    const lists = LISTS.map(([key, code]) => {
      const l = s[key];
      const name = t(`subscription.list.${code}`);
      return h('div', { class: 'subscription-list', 'data-list': code },
        h('h3', { text: `${name}: ${t('subscription.list.count', { n: count(l.customers) })}` }),
        h('p', { class: 'hint', text: t(`subscription.list.${code}.what`, { days: count(d.params.subscription?.dueWithinDays ?? 7) }) }),
        l.preview.length ? h('ul', { class: 'plain' }, l.preview.map((r) => h('li', { text: t('subscription.list.row', {
          key: r.key, cycles: count(r.cycles), last: day(r.lastCycleDay), next: day(r.nextDueDay) }) }))) : null,
        l.customers > 0 ? h('button', { type: 'button', class: 'button small no-print', id: `subscription-export-${code}`,
          'aria-label': t('export.buttonFor', { name }), onclick: () => d.actions.exportSubscriptionList(code, name) }, t('export.button')) : null);
    });

    return section('subscription', t('subscription.title'), { class: 'card subscription page-break' },
      h('p', { class: 'lead', text: t('subscription.lead') }),
      h('p', { class: 'hint', id: 'subscription-rule', text: t(`subscription.rule.${s.rule}`, { column: s.column || '' }) + ' ' +
        t(s.intervalFromData ? 'subscription.censoring.data' : 'subscription.censoring.fixed', { interval: count(s.intervalDays), grace: count(s.graceDays) }) +
        (s.joinedBeforeFile ? ` ${t('subscription.joinedBefore', { n: count(s.joinedBeforeFile) })}` : '') }),
      // Each course (the product of the first cycle) is due after its own interval.
      s.courses?.length > 1 ? h('p', { class: 'hint', id: 'subscription-courses', text: t('subscription.courses', {
        list: s.courses.slice(0, 10).map((c) => t('subscription.course', { course: c.course, days: count(c.intervalDays), n: count(c.customers) })).join(t('subscription.courseSep')) }) }) : null,
      facts,
      retention,
      h('p', { class: 'note', text: t('subscription.retention.note') }),
      heat,
      h('h3', { text: t('subscription.model.title') }),
      model,
      h('h3', { text: t('subscription.econ.title') }),
      form,
      economics,
      h('p', { class: 'note', text: t(e.survivalBasis === 'model' ? 'subscription.econ.basis.model' : 'subscription.econ.basis.observed') }),
      ...lists);
  }

  /** The CSV's words: the 定期 lists' column ids, in the page's language. */
  function subscriptionExportLabels(i18n) {
    const ids = ['key', 'email', 'name', 'postalCode', 'address', 'phone', 'course', 'cycles', 'firstCycleDay', 'lastCycleDay', 'intervalDays', 'nextDueDay'];
    return { columns: Object.fromEntries(ids.map((id) => [id, i18n.t(`subscription.col.${id}`)])) };
  }

  return Object.freeze({ subscriptionView, subscriptionExportLabels });
})();
