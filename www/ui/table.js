// The customer table: sortable columns, search, segment and CPM filters, 50 rows a page, and the
// filtered list as CSV. The worker filters, sorts and pages (fast with 500 000 customers); this
// view only ever renders the 50 rows of the page.
'use strict';

/**
 * The columns, in display order. `sort` is the worker's sort key; `when` hides a column whose data
 * the rows do not carry. The forecast adds its columns here (pAlive, predictedClv below are ready:
 * they appear as soon as the worker's rows have those fields).
 * @type {Array<{id: string, sort?: string, num?: boolean, cls?: string,
 *   cell: function(Object, Object): (string|Node), when?: function(Array<Object>): boolean}>}
 */
const LTV_TABLE_COLUMNS = [
  { id: 'key', sort: 'key', cls: 'key', cell: (r) => r.key },
  { id: 'email', sort: 'email', cls: 'key', cell: (r) => r.email ?? '', when: (rows) => rows.some((r) => r.email) },
  { id: 'segment', sort: 'segment', cell: (r, f) => f.segment(r.segment) },
  { id: 'revenue', sort: 'revenue', num: true, cell: (r, f) => f.money(r.revenue) },
  { id: 'orders', sort: 'orders', num: true, cell: (r, f) => f.count(r.orders) },
  { id: 'purchaseDays', sort: 'purchaseDays', num: true, cell: (r, f) => f.count(r.purchaseDays) },
  { id: 'grossProfit', sort: 'grossProfit', num: true, cell: (r, f) => (r.grossProfit != null ? f.money(r.grossProfit) : '—'), when: (rows) => rows.some((r) => r.grossProfit != null) },
  { id: 'annualRevenue', sort: 'annualRevenue', num: true, cell: (r, f) => (r.annualRevenue != null ? f.money(r.annualRevenue) : '—') },
  { id: 'firstDay', sort: 'firstDay', cell: (r, f) => f.day(r.firstDay) },
  { id: 'lastDay', sort: 'lastDay', cell: (r, f) => f.day(r.lastDay) },
  { id: 'recency', sort: 'recency', num: true, cell: (r, f) => f.count(r.recencyDays) },
  { id: 'r', sort: 'r', num: true, cell: (r) => String(r.r) },
  { id: 'f', sort: 'f', num: true, cell: (r) => String(r.f) },
  { id: 'm', sort: 'm', num: true, cell: (r) => String(r.m) },
  { id: 'cpm', sort: 'cpm', cell: (r, f) => f.cpm(r.cpm) },
  // Forecast columns (filled by the model forecast when it lands; hidden until then).
  { id: 'pAlive', sort: 'pAlive', num: true, cell: (r, f) => f.percent(r.pAlive, 0), when: (rows) => rows.some((r) => r.pAlive != null) },
  { id: 'predictedClv', sort: 'predictedClv', num: true, cell: (r, f) => f.money(r.predictedClv), when: (rows) => rows.some((r) => r.predictedClv != null) },
];

/** Text columns sort A→Z first; numbers, largest first. */
const ASCENDING_FIRST = new Set(['key', 'email', 'segment', 'cpm', 'firstDay', 'recency']);

class CustomerTableView {
  /** @type {function(): DashboardContext} */
  #ctx;
  #query = { sort: 'revenue', ascending: false, search: '', segments: [], cpmGroups: [], offset: 0, limit: 50 };
  #page = null;
  #seq = 0;
  #els = {};
  #columnsKey = '';
  #searchLater = debounce(() => {
    this.#query.offset = 0;
    this.load();
  }, 300);

  /** @param {function(): DashboardContext} getContext */
  constructor(getContext) {
    this.#ctx = getContext;
  }

  /** The filter of the current view (for the CSV of exactly these rows). */
  get filter() {
    const { sort, ascending, search, segments, cpmGroups } = this.#query;
    return { sort, ascending, search, segments, cpmGroups };
  }

  /** Shows only some customers (from a segment or CPM row), from the first page. */
  setFilter(filter) {
    this.#query = { ...this.#query, segments: [], cpmGroups: [], search: '', ...filter, offset: 0 };
    if (this.#els.segment) this.#els.segment.value = this.#query.segments[0] || '';
    if (this.#els.cpm) this.#els.cpm.value = this.#query.cpmGroups[0] || '';
    if (this.#els.search) this.#els.search.value = this.#query.search;
    return this.load();
  }

  /** Builds the view (again after a language change or a new analysis: the query stays). */
  render() {
    const d = this.#ctx();
    const { t } = d.i18n;
    const lang = d.i18n.lang;
    const q = this.#query;
    this.#columnsKey = '';
    this.#els.search = h('input', { id: 'table-search', type: 'search', '.value': q.search, autocomplete: 'off',
      oninput: (e) => {
        this.#query.search = e.target.value.trim();
        this.#searchLater();
      } });
    this.#els.segment = h('select', { id: 'table-segment', onchange: (e) => {
      this.#query.segments = e.target.value ? [e.target.value] : [];
      this.#query.offset = 0;
      this.load();
    } }, h('option', { value: '', text: t('table.all') }),
    d.analysis.rfm.segments.map((sg) => h('option', { value: sg.segment, '.selected': q.segments[0] === sg.segment, text: lang === 'en' ? sg.nameEn : sg.nameJa })));
    this.#els.cpm = h('select', { id: 'table-cpm', onchange: (e) => {
      this.#query.cpmGroups = e.target.value ? [e.target.value] : [];
      this.#query.offset = 0;
      this.load();
    } }, h('option', { value: '', text: t('table.all') }),
    d.analysis.cpm.groups.map((g) => h('option', { value: g.group, '.selected': q.cpmGroups[0] === g.group, text: lang === 'en' ? g.nameEn : g.nameJa })));
    this.#els.status = h('p', { class: 'table-status', id: 'table-status', role: 'status' });
    this.#els.table = h('table', { class: 'customers' },
      h('caption', { id: 'customers-caption', class: 'visually-hidden', text: t('table.caption') }),
      h('thead'), h('tbody'));
    this.#els.prev = h('button', { type: 'button', class: 'button small', text: t('table.prev'), onclick: () => this.#move(-1) });
    this.#els.next = h('button', { type: 'button', class: 'button small', text: t('table.next'), onclick: () => this.#move(1) });
    this.#els.pageInfo = h('span', { class: 'page-info' });
    const el = section('customers', t('table.title'), { class: 'card customers-card' },
      h('p', { class: 'lead', text: t('table.lead') }),
      h('div', { class: 'toolbar no-print' },
        h('div', { class: 'field' }, h('label', { for: 'table-search', text: t('table.search') }), this.#els.search),
        h('div', { class: 'field' }, h('label', { for: 'table-segment', text: t('table.segment') }), this.#els.segment),
        h('div', { class: 'field' }, h('label', { for: 'table-cpm', text: t('table.cpm') }), this.#els.cpm),
        h('div', { class: 'field' }, h('label', { for: 'table-encoding', text: t('export.encoding') }), encodingSelect(d, 'table-encoding')),
        h('div', { class: 'field export-field' },
          h('button', { type: 'button', class: 'button primary', id: 'table-export', text: t('table.export'),
            onclick: () => d.actions.exportCustomers(this.filter, t('table.exportName')) }))),
      this.#els.status,
      scrollTable('customers-caption', this.#els.table, 'customers-wrap'),
      h('div', { class: 'pager no-print' }, this.#els.prev, this.#els.pageInfo, this.#els.next));
    if (this.#page) this.#show(this.#page);
    this.load();
    return el;
  }

  #move(dir) {
    const total = this.#page?.total ?? 0;
    const next = this.#query.offset + dir * this.#query.limit;
    if (next < 0 || next >= total) return;
    this.#query.offset = next;
    this.load();
  }

  #sortBy(col) {
    const q = this.#query;
    if (q.sort === col.sort) q.ascending = !q.ascending;
    else {
      q.sort = col.sort;
      q.ascending = ASCENDING_FIRST.has(col.id);
    }
    q.offset = 0;
    this.load();
  }

  /** Asks the worker for the page and shows it (a newer request wins). */
  async load() {
    const d = this.#ctx();
    const seq = ++this.#seq;
    this.#els.table?.setAttribute('aria-busy', 'true');
    try {
      const page = await d.report.customers({ ...this.#query });
      if (seq !== this.#seq) return;
      this.#page = page;
      this.#show(page);
    } catch (e) {
      if (seq !== this.#seq || !this.#els.status) return;
      this.#els.status.textContent = errorText(d.i18n, e);
    } finally {
      if (seq === this.#seq) this.#els.table?.removeAttribute('aria-busy');
    }
  }

  #formatters(d) {
    const lang = d.i18n.lang;
    const segs = Object.fromEntries(d.analysis.rfm.segments.map((sg) => [sg.segment, lang === 'en' ? sg.nameEn : sg.nameJa]));
    const cpms = Object.fromEntries(d.analysis.cpm.groups.map((g) => [g.group, lang === 'en' ? g.nameEn : g.nameJa]));
    return {
      ...d.i18n,
      money: (v) => d.i18n.money(v, d.currency),
      segment: (k) => segs[k] || k,
      cpm: (k) => cpms[k] || k,
    };
  }

  #show(page) {
    const d = this.#ctx();
    const { t, count } = d.i18n;
    const f = this.#formatters(d);
    const cols = LTV_TABLE_COLUMNS.filter((c) => !c.when || c.when(page.rows));
    const key = cols.map((c) => c.id).join(',');
    const [thead, tbody] = [this.#els.table.tHead, this.#els.table.tBodies[0]];
    if (key !== this.#columnsKey) {
      this.#columnsKey = key;
      thead.replaceChildren(h('tr', {}, cols.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : null, 'data-col': c.id },
        h('button', { type: 'button', class: 'sort', onclick: () => this.#sortBy(c) },
          h('span', { text: t(`table.col.${c.id}`) }), h('span', { class: 'arrow', 'aria-hidden': 'true' }))))));
    }
    for (const th of thead.querySelectorAll('th')) {
      const col = LTV_TABLE_COLUMNS.find((c) => c.id === th.dataset.col);
      const active = col.sort === this.#query.sort;
      if (active) th.setAttribute('aria-sort', this.#query.ascending ? 'ascending' : 'descending');
      else th.removeAttribute('aria-sort');
      th.querySelector('.arrow').textContent = active ? (this.#query.ascending ? ' ▲' : ' ▼') : '';
    }
    tbody.replaceChildren(...(page.rows.length
      ? page.rows.map((r) => h('tr', {}, cols.map((c, i) => h(i === 0 ? 'th' : 'td', { scope: i === 0 ? 'row' : null, class: [c.num ? 'num' : '', c.cls || ''].join(' ').trim() || null }, c.cell(r, f)))))
      : [h('tr', {}, h('td', { colspan: String(cols.length), class: 'empty-row', text: t('table.empty') }))]));
    const from = page.total ? page.offset + 1 : 0;
    const to = page.offset + page.rows.length;
    this.#els.status.textContent = t('table.status', { total: count(page.total), from: count(from), to: count(to) });
    const pages = Math.max(1, Math.ceil(page.total / this.#query.limit));
    this.#els.pageInfo.textContent = t('table.page', { page: count(Math.floor(page.offset / this.#query.limit) + 1), pages: count(pages) });
    // aria-disabled, not disabled: a button that becomes disabled would drop the keyboard focus.
    this.#els.prev.setAttribute('aria-disabled', String(page.offset === 0));
    this.#els.next.setAttribute('aria-disabled', String(to >= page.total));
  }
}
