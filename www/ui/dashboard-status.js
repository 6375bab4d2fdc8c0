// 「今週やること」: the decision the dashboard leads with — who to contact this week and with what
// (win back the valuable customers slipping past their usual interval, follow up new customers when
// their 2nd purchase is due, thank the valuable active ones), each with its count, revenue, the rule
// in one line, what to do, and its CSV. Built on each customer's status (the core's rule; the
// forecast refines it when it has run: `refresh` draws the section again). Also the legend of the
// status column of the customer table. Defines `LtvStatus` only.
'use strict';

const LtvStatus = (() => {
  const { h, section } = LtvDom;
  const { codeName } = LtvText;
  const { moneyOf } = LtvDashboard;

  /** The numbers the rule's sentences are made of (the core's parameters and the shop's rhythm). */
  function ruleParams(d, s) {
    const { t, count, num, percent } = d.i18n;
    const p = s.params;
    const days = (n) => (n != null ? t('status.days', { n: count(n) }) : t('status.rule.none'));
    return {
      slip: num(p.slippingPercent / 100, 2),
      lapse: num(p.lapsedPercent / 100, 2),
      min: count(p.minIntervalDays),
      own: count(p.ownRhythmFromDays),
      repeat: days(s.repeatInterval),
      second: days(s.daysToSecond),
      from: count(Math.ceil(s.newInterval / 2)),
      to: count(Math.floor((s.newInterval * p.slippingPercent) / 100)),
      days: days(s.newInterval),
      valuable: moneyOf(d)(s.valuableFrom),
      alive: num(p.lapsedBelowPAlive * 100, 1),
      // The forecast's threshold of "probably lost" (the page asks for the default).
      threshold: percent(0.5, 0),
    };
  }

  /**
   * The section 「今週やること」, from `d.analysis.status` (the forecast's refinement arrives with
   * `refresh(d)`, which replaces the section in place).
   * @param {DashboardContext} d
   */
  function thisWeekView(d) {
    const { t, count } = d.i18n;
    const money = moneyOf(d);
    const s = d.analysis.status;
    const rp = ruleParams(d, s);
    const name = (list) => t(`actionList.${list}`);
    const people = (n) => t(n === 1 ? 'thisWeek.count.one' : 'thisWeek.count', { n: count(n) });
    const item = (g, k) => h('li', { class: `todo todo-${g.list}`, 'data-list': g.list },
      h('h3', { id: `todo-${g.list}-title` }, h('span', { class: 'todo-rank', 'aria-hidden': 'true', text: `${k + 1}` }), name(g.list)),
      h('p', { class: 'todo-count' },
        h('strong', { text: people(g.customers) }),
        g.customers > 0 ? h('span', { text: t('thisWeek.revenue', { revenue: money(g.revenue) }) }) : null),
      h('p', { class: 'todo-why', text: g.list === 'secondPurchase' && s.daysToSecond == null
        ? t('actionList.secondPurchase.whyNone', rp) : t(`actionList.${g.list}.why`, rp) }),
      g.customers > 0
        ? [h('p', { class: 'todo-what', text: t(`actionList.${g.list}.what`) }),
          h('div', { class: 'actions no-print' },
            h('button', { type: 'button', class: 'button small primary', id: `todo-${g.list}-csv`, 'aria-label': t('export.buttonFor', { name: name(g.list) }),
              onclick: () => d.actions.exportCustomers({ actionList: g.list, sort: 'revenue' }, name(g.list)) }, t('export.button')),
            h('button', { type: 'button', class: 'button small', id: `todo-${g.list}-show`, 'aria-label': t('rfm.showFor', { name: name(g.list) }),
              onclick: () => d.actions.showCustomers({ actionList: g.list }) }, t('rfm.show')))]
        : h('p', { class: 'todo-what', text: t('thisWeek.none') }));
    const statuses = h('div', { class: 'status-counts' },
      h('span', { id: 'status-counts-label', class: 'label-like', text: t('thisWeek.statuses') }),
      h('ul', { 'aria-labelledby': 'status-counts-label' }, s.statuses.map((g) => h('li', { 'data-status': g.status },
        h('span', { class: `status-badge status-${g.status}`, text: codeName(d.i18n, 'status', g.status) }),
        h('span', { class: 'n', text: people(g.customers) })))));
    return section('this-week', t('thisWeek.title'), { class: 'card this-week' },
      h('p', { class: 'lead', text: t('thisWeek.lead') }),
      h('ol', { class: 'todo-list' }, s.lists.map(item)),
      statuses,
      h('p', { class: 'hint', id: 'this-week-forecast', text: t(s.forecast ? 'thisWeek.forecast.done' : 'thisWeek.forecast.pending', rp) }),
      h('p', { class: 'hint no-print', text: t('thisWeek.contacts') }));
  }

  /**
   * Draws the section again with the statuses as they are now (after the forecast joined the table,
   * or left it); the focus stays on the button it was on.
   * @param {DashboardContext} d
   */
  function refreshThisWeek(d) {
    const old = d.root.getElementById('this-week');
    if (!old) return;
    const active = d.root.activeElement;
    const focused = active && old.contains(active) ? active.id : null;
    old.replaceWith(thisWeekView(d));
    if (focused) d.root.getElementById(focused)?.focus({ preventScroll: true });
  }

  /**
   * How the status column is decided and how it relates to the RFM and CPM labels: a short legend
   * under the customer table's lead.
   * @param {DashboardContext} d
   */
  function statusLegend(d) {
    const { t } = d.i18n;
    const s = d.analysis.status;
    const rp = ruleParams(d, s);
    return h('details', { class: 'status-legend' },
      h('summary', { text: t('status.legend.title') }),
      h('p', { text: t('status.legend.interval', rp) }),
      h('ul', {}, ['active', 'new', 'slipping', 'lapsed'].map((st) => h('li', {},
        h('span', { class: `status-badge status-${st}`, text: codeName(d.i18n, 'status', st) }),
        h('span', { text: t(`status.legend.${st}`, rp) })))),
      h('p', { text: t('status.legend.forecast', rp) }),
      h('p', { class: 'status-relation', text: t('status.legend.relation') }));
  }

  return Object.freeze({ thisWeekView, refreshThisWeek, statusLegend });
})();
