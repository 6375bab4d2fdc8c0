// The customer table: sortable columns, search, segment and CPM filters, 50 rows a page, and the
// filtered list as CSV. The worker filters, sorts and pages (fast with 500 000 customers); this
// view only ever renders the 50 rows of the page. Defines `LtvTable` only.
'use strict';

const LtvTable = (() => {
  const { h, section, scrollTable } = LtvDom;
  const { debounce, LatestRequest } = LtvUtil;
  const { errorText, codeName } = LtvText;
  const { moneyOf, encodingSelect } = LtvDashboard;
  const { statusLegend } = LtvStatus;

  /** The statuses, in the core's order (Status::ALL). */
  const STATUSES = ['active', 'new', 'slipping', 'lapsed'];

  /** Forecast columns: shown once the forecast of the current analysis has run. */
  const FORECAST_COLUMNS = [
    { id: 'pAlive', sort: 'pAlive', num: true, forecast: true, cell: (r, f) => (r.pAlive != null ? f.percent(r.pAlive, 0) : '—') },
    { id: 'expectedPurchases', sort: 'expectedPurchases', num: true, forecast: true, cell: (r, f) => (r.expectedPurchases != null ? f.decimal(r.expectedPurchases, 2) : '—') },
    { id: 'predictedClv', sort: 'predictedClv', num: true, forecast: true, cell: (r, f) => (r.predictedClv != null ? clvCell(r, f) : '—') },
  ];

  /** A predicted CLV, with its 80 % interval below it (small) when the forecast has one. */
  function clvCell(r, f) {
    if (r.predictedClvLow == null || r.predictedClvHigh == null) return f.money(r.predictedClv);
    return [h('span', { class: 'clv-value', text: f.money(r.predictedClv) }),
      h('span', { class: 'clv-range', text: f.t('table.clvRange', { low: f.money(r.predictedClvLow), high: f.money(r.predictedClvHigh) }) })];
  }

  /**
   * The columns, in display order. `sort` is the worker's sort key; `when` hides a column whose data
   * the rows do not carry; `forecast` columns appear once the forecast has run.
   * @type {Array<{id: string, sort?: string, num?: boolean, cls?: string, forecast?: boolean,
   *   cell: function(Object, Object): (string|Node), when?: function(Array<Object>): boolean}>}
   */
  const COLUMNS = [
    // Key, status, revenue and last purchase first: what a phone shows without scrolling.
    { id: 'key', sort: 'key', cls: 'key', cell: (r) => r.key },
    { id: 'status', sort: 'status', cell: (r, f) => h('span', { class: `status-badge status-${r.status}`, text: codeName(f, 'status', r.status) }) },
    { id: 'revenue', sort: 'revenue', num: true, cell: (r, f) => f.money(r.revenue) },
    { id: 'lastDay', sort: 'lastDay', cell: (r, f) => f.day(r.lastDay) },
    { id: 'recency', sort: 'recency', num: true, cell: (r, f) => f.count(r.recencyDays) },
    { id: 'interval', sort: 'interval', num: true, cell: (r, f) => f.count(r.intervalDays) },
    { id: 'email', sort: 'email', cls: 'key', cell: (r) => r.email ?? '', when: (rows) => rows.some((r) => r.email) },
    // The buyer's contact details, when the file has them (for calls, DMs and LINE; never sent anywhere).
    ...['name', 'postalCode', 'address', 'phone'].map((id) => ({ id, cls: 'contact', cell: (r) => r[id] ?? '', when: (rows) => rows.some((r) => r[id]) })),
    { id: 'segment', sort: 'segment', cell: (r, f) => f.segment(r.segment) },
    { id: 'orders', sort: 'orders', num: true, cell: (r, f) => f.count(r.orders) },
    { id: 'purchaseDays', sort: 'purchaseDays', num: true, cell: (r, f) => f.count(r.purchaseDays) },
    { id: 'grossProfit', sort: 'grossProfit', num: true, cell: (r, f) => (r.grossProfit != null ? f.money(r.grossProfit) : '—'), when: (rows) => rows.some((r) => r.grossProfit != null) },
    { id: 'annualRevenue', sort: 'annualRevenue', num: true, cell: (r, f) => (r.annualRevenue != null ? f.money(r.annualRevenue) : '—') },
    { id: 'firstDay', sort: 'firstDay', cell: (r, f) => f.day(r.firstDay) },
    { id: 'r', sort: 'r', num: true, cell: (r) => String(r.r) },
    { id: 'f', sort: 'f', num: true, cell: (r) => String(r.f) },
    { id: 'm', sort: 'm', num: true, cell: (r) => String(r.m) },
    { id: 'cpm', sort: 'cpm', cell: (r, f) => f.cpm(r.cpm) },
    ...FORECAST_COLUMNS,
  ];

  /** The columns of a per-customer summary file (times in the file's unit). */
  const SUMMARY_COLUMNS = [
    { id: 'key', sort: 'key', cls: 'key', cell: (r) => r.key },
    { id: 'frequency', sort: 'frequency', num: true, cell: (r, f) => f.count(r.frequency) },
    { id: 'summaryRecency', sort: 'recency', num: true, cell: (r, f) => f.num(r.recency, 2) },
    { id: 'summaryT', sort: 't', num: true, cell: (r, f) => f.num(r.t, 2) },
    { id: 'monetary', sort: 'monetary', num: true, cell: (r, f) => (r.frequency > 0 ? f.money(r.monetary) : '—') },
    ...FORECAST_COLUMNS,
  ];

  /** Text columns sort A→Z first; numbers, largest first. */
  const ASCENDING_FIRST = new Set(['key', 'email', 'status', 'segment', 'cpm', 'firstDay', 'recency']);

  /** The column header: the forecast's horizon and CLV months, the summary file's time unit. */
  function columnLabel(d, id) {
    const f = d.forecast;
    const unit = d.summary ? d.i18n.t(`summary.unit.${d.report.import.summaryUnit || 'days'}`) : '';
    return d.i18n.t(`table.col.${id}`, { days: d.i18n.count(f ? f.totals.horizonDays : 365), months: d.i18n.count(f ? f.totals.clvMonths : 12), unit });
  }

  class CustomerTableView {
    /** @type {function(): DashboardContext} */
    #ctx;
    #query = { sort: 'revenue', ascending: false, search: '', segments: [], cpmGroups: [], statuses: [], actionList: null, probablyLost: false, followUp: false, offset: 0, limit: 50 };
    #page = null;
    #requests = new LatestRequest();
    #els = {};
    #columnsKey = '';
    #searchLater = debounce(() => this.#refilter({}), 300);

    /** @param {function(): DashboardContext} getContext */
    constructor(getContext) {
      this.#ctx = getContext;
      if (getContext().summary) this.#query = { sort: 'predictedClv', ascending: false, search: '', offset: 0, limit: 50 };
    }

    /** The filter of the current view (for the CSV of exactly these rows). */
    get filter() {
      const { sort, ascending, search, segments, cpmGroups, statuses, actionList, probablyLost, followUp } = this.#query;
      return { sort, ascending, search, segments, cpmGroups, statuses, actionList, probablyLost, followUp };
    }

    /** Shows only some customers (from a segment, CPM or 今週やること row), from the first page. */
    setFilter(filter) {
      this.#query = { ...this.#query, segments: [], cpmGroups: [], statuses: [], actionList: null, search: '', probablyLost: false, followUp: false, ...filter, offset: 0 };
      if (this.#els.segment) this.#els.segment.value = this.#query.segments[0] || '';
      if (this.#els.cpm) this.#els.cpm.value = this.#query.cpmGroups[0] || '';
      if (this.#els.state) this.#els.state.value = this.#query.statuses[0] || '';
      this.#showList();
      if (this.#els.search) this.#els.search.value = this.#query.search;
      if (this.#els.lost) this.#els.lost.checked = this.#query.probablyLost;
      return this.load();
    }

    /** Builds the view (again after a language change or a new analysis: the query stays). */
    render() {
      const d = this.#ctx();
      const { t } = d.i18n;
      const q = this.#query;
      this.#columnsKey = '';
      this.#els.search = h('input', { id: 'table-search', type: 'search', '.value': q.search, autocomplete: 'off',
        oninput: (e) => {
          this.#query.search = e.target.value.trim();
          this.#searchLater();
        } });
      this.#els.status = h('p', { class: 'table-status', id: 'table-status', role: 'status' });
      this.#els.table = h('table', { class: 'customers' },
        h('caption', { id: 'customers-caption', class: 'visually-hidden', text: t('table.caption') }),
        h('thead'), h('tbody'));
      this.#els.prev = h('button', { type: 'button', class: 'button small', text: t('table.prev'), onclick: () => this.#move(-1) });
      this.#els.next = h('button', { type: 'button', class: 'button small', text: t('table.next'), onclick: () => this.#move(1) });
      this.#els.pageInfo = h('span', { class: 'page-info' });
      this.#els.forecastHint = h('p', { class: 'hint fc-table-hint', hidden: true });
      let tools;
      this.#els.listNote = h('p', { class: 'list-note', hidden: true });
      if (d.summary) {
        this.#els.segment = this.#els.cpm = this.#els.state = this.#els.lost = this.#els.lostField = null;
        tools = [
          h('div', { class: 'field' }, h('label', { for: 'table-search', text: t('table.searchKey') }), this.#els.search)];
      } else {
        this.#els.segment = this.#filterSelect(d, 'table-segment', 'segments', 'segment', d.analysis.rfm.segments.map((sg) => sg.segment));
        this.#els.cpm = this.#filterSelect(d, 'table-cpm', 'cpmGroups', 'cpm.group', d.analysis.cpm.groups.map((g) => g.group));
        this.#els.state = this.#filterSelect(d, 'table-state', 'statuses', 'status', STATUSES);
        this.#els.lost = h('input', { type: 'checkbox', id: 'table-lost', '.checked': q.probablyLost,
          onchange: (e) => this.#refilter({ probablyLost: e.target.checked }) });
        this.#els.lostField = h('div', { class: 'field check-field', hidden: !d.forecast },
          h('span', { class: 'label-like', 'aria-hidden': 'true', text: t('table.lostFilter') }),
          h('div', { class: 'checkbox' }, this.#els.lost, h('label', { for: 'table-lost', text: t('table.lostOnly') })));
        tools = [
          h('div', { class: 'field' }, h('label', { for: 'table-search', text: t('table.search') }), this.#els.search),
          h('div', { class: 'field' }, h('label', { for: 'table-state', text: t('table.state') }), this.#els.state),
          h('div', { class: 'field' }, h('label', { for: 'table-segment', text: t('table.segment') }), this.#els.segment),
          h('div', { class: 'field' }, h('label', { for: 'table-cpm', text: t('table.cpm') }), this.#els.cpm),
          this.#els.lostField,
          h('div', { class: 'field' }, h('label', { for: 'table-encoding', text: t('export.encoding') }), encodingSelect(d, 'table-encoding')),
          h('div', { class: 'field export-field' },
            h('button', { type: 'button', class: 'button primary', id: 'table-export', text: t('table.export'),
              onclick: () => d.actions.exportCustomers(this.filter, t('table.exportName')) }))];
      }
      const el = section('customers', t('table.title'), { class: 'card customers-card' },
        h('p', { class: 'lead', text: t(d.summary ? 'table.lead.summary' : 'table.lead') }),
        d.summary ? null : statusLegend(d),
        this.#els.forecastHint,
        h('div', { class: 'toolbar no-print' }, tools),
        this.#els.listNote,
        d.summary ? h('p', { class: 'hint', text: t('table.noExport') }) : null,
        this.#els.status,
        scrollTable('customers-caption', this.#els.table, 'customers-wrap'),
        h('div', { class: 'pager no-print' }, this.#els.prev, this.#els.pageInfo, this.#els.next));
      this.#showList();
      if (this.#page) this.#show(this.#page);
      this.load();
      return el;
    }

    /** Says which list of 今週やること the table shows, with a button that shows everyone again. */
    #showList() {
      const note = this.#els.listNote;
      if (!note) return;
      const list = this.#query.actionList;
      const follow = this.#query.followUp;
      note.hidden = !list && !follow;
      if (!list && !follow) return note.replaceChildren();
      const { t } = this.#ctx().i18n;
      note.replaceChildren(h('span', { text: t('table.listOnly', { name: list ? t(`actionList.${list}`) : t('toSecond.listName') }) }),
        h('button', { type: 'button', class: 'button small', text: t('table.listClear'), onclick: () => {
          this.#refilter({ actionList: null, followUp: false });
          this.#showList();
          // The button is gone: the focus goes to the table it changed.
          this.#els.table.closest('.table-wrap')?.focus({ preventScroll: true });
        } }));
    }

    /**
     * A select that shows the customers of one segment or CPM group ('' = all).
     * @param {string} key the query's list (`segments` or `cpmGroups`)
     * @param {string} family the i18n family of the values' names (`segment`, `cpm.group`)
     * @param {Array<string>} values the codes
     */
    #filterSelect(d, id, key, family, values) {
      return h('select', { id, onchange: (e) => this.#refilter({ [key]: e.target.value ? [e.target.value] : [] }) },
        h('option', { value: '', text: d.i18n.t('table.all') }),
        values.map((value) => h('option', { value, '.selected': this.#query[key][0] === value, text: codeName(d.i18n, family, value) })));
    }

    /** Changes the filter and shows its first page. */
    #refilter(patch) {
      Object.assign(this.#query, patch, { offset: 0 });
      this.load();
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
      const isLatest = this.#requests.begin();
      this.#els.table?.setAttribute('aria-busy', 'true');
      try {
        const query = { ...this.#query };
        if (!d.forecast) delete query.probablyLost; // a filter on the forecast needs the current one
        const page = await d.report.customers(query);
        if (!isLatest()) return;
        this.#page = page;
        this.#show(page);
      } catch (e) {
        if (!isLatest() || !this.#els.status) return;
        this.#els.status.textContent = errorText(d.i18n, e);
      } finally {
        if (isLatest()) this.#els.table?.removeAttribute('aria-busy');
      }
    }

    #formatters(d) {
      const money = moneyOf(d);
      if (d.summary) return { ...d.i18n, money };
      const segs = Object.fromEntries(d.analysis.rfm.segments.map((sg) => [sg.segment, codeName(d.i18n, 'segment', sg.segment)]));
      const cpms = Object.fromEntries(d.analysis.cpm.groups.map((g) => [g.group, codeName(d.i18n, 'cpm.group', g.group)]));
      return {
        ...d.i18n,
        money,
        segment: (k) => segs[k] || k,
        cpm: (k) => cpms[k] || k,
      };
    }

    #show(page) {
      const d = this.#ctx();
      const { t, count } = d.i18n;
      const f = this.#formatters(d);
      const all = d.summary ? SUMMARY_COLUMNS : COLUMNS;
      // Forecast columns only with the forecast of the current analysis (an older one may linger in
      // the worker while a new one runs or after it failed).
      const cols = all.filter((c) => (!c.when || c.when(page.rows)) && (!c.forecast || d.forecast));
      const labels = cols.map((c) => columnLabel(d, c.id));
      const key = cols.map((c, i) => `${c.id}:${labels[i]}`).join(',');
      const [thead, tbody] = [this.#els.table.tHead, this.#els.table.tBodies[0]];
      if (key !== this.#columnsKey) {
        this.#columnsKey = key;
        thead.replaceChildren(h('tr', {}, cols.map((c, i) => h('th', { scope: 'col', class: c.num ? 'num' : null, 'data-col': c.id },
          h('button', { type: 'button', class: 'sort', onclick: () => this.#sortBy(c) },
            h('span', { text: labels[i] }), h('span', { class: 'arrow', 'aria-hidden': 'true' }))))));
      }
      if (this.#els.lostField) this.#els.lostField.hidden = !d.forecast;
      const fc = d.forecast;
      this.#els.forecastHint.hidden = !fc;
      if (fc) {
        this.#els.forecastHint.textContent = t('table.forecastHint', { days: count(fc.totals.horizonDays), months: count(fc.totals.clvMonths) });
      }
      for (const th of thead.querySelectorAll('th')) {
        const col = all.find((c) => c.id === th.dataset.col);
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

  return Object.freeze({ CustomerTableView });
})();
