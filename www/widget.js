// <ltv-calculator>: the whole tool as one custom element (shadow DOM, so a blog's styles neither
// leak in nor out). The page dist/ltv.html is this element plus a landing header; the blog
// widget dist/ltv-widget.js is the same code. It only renders: parsing and maths run in the
// worker (LtvEngine). Every data-derived string goes in through textContent, never innerHTML.
'use strict';

/** Creates an element: h('p', {class: 'x'}, 'text', child). Strings become text nodes. */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v == null) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

class LtvCalculatorElement extends HTMLElement {
  static observedAttributes = ['lang', 'currency'];

  #root = this.attachShadow({ mode: 'open' });
  #i18n = LtvI18n.translator(LtvI18n.pickLanguage(null));
  #report = null; // the current LtvCalculator.analyze() result
  #source = null; // {name}
  #error = null;
  #progress = null; // {bytes,total,rows,elapsedMs}
  #abort = null;

  connectedCallback() {
    this.#i18n = LtvI18n.translator(LtvI18n.pickLanguage(this.getAttribute('lang') || this.#storedLang()));
    this.#render();
  }

  disconnectedCallback() {
    this.#abort?.abort();
    this.#report?.close();
    this.#report = null;
  }

  attributeChangedCallback(name) {
    if (name === 'lang' && this.isConnected) this.#setLang(this.getAttribute('lang'));
    else if (this.isConnected) this.#render();
  }

  /** The current language, 'ja' or 'en'. */
  get language() {
    return this.#i18n.lang;
  }

  #storedLang() {
    try {
      return localStorage.getItem('ltv.lang');
    } catch {
      return null;
    }
  }

  #setLang(lang) {
    this.#i18n = LtvI18n.translator(LtvI18n.pickLanguage(lang));
    try {
      localStorage.setItem('ltv.lang', this.#i18n.lang);
    } catch {
      /* storage may be off (private mode, sandboxed iframe): the choice lasts for this page */
    }
    this.#render();
  }

  get #currency() {
    return this.#report?.import.currency || this.getAttribute('currency') || 'JPY';
  }

  /** Reads a file (or the sample) and shows the result. Resolves with the report. */
  async analyze(file, options = {}) {
    this.#abort?.abort();
    this.#report?.close();
    this.#report = null;
    this.#error = null;
    this.#source = { name: file.name || '' };
    const abort = (this.#abort = new AbortController());
    this.#progress = { bytes: 0, total: file.size, rows: 0, elapsedMs: 0 };
    this.#render();
    try {
      const report = await LtvCalculator.analyze(file, {
        ...options,
        signal: abort.signal,
        onProgress: (p) => {
          this.#progress = p;
          this.#renderProgress();
        },
      });
      if (abort.signal.aborted) return null;
      this.#report = report;
      this.dispatchEvent(new CustomEvent('ltv-result', { detail: report, bubbles: true, composed: true }));
      return report;
    } catch (e) {
      if (e.name === 'AbortError') {
        this.#error = { name: 'cancelled' };
        return null;
      }
      this.#error = e;
      this.dispatchEvent(new CustomEvent('ltv-error', { detail: e, bubbles: true, composed: true }));
      throw e;
    } finally {
      if (this.#abort === abort) {
        this.#abort = null;
        this.#progress = null;
        this.#render();
      }
    }
  }

  #analyzeQuietly(file) {
    this.analyze(file).catch(() => {}); // shown in the error panel already
  }

  #render() {
    const { t } = this.#i18n;
    const root = this.#root;
    root.replaceChildren(
      h('style', { text: LTV_WIDGET_CSS }),
      h(
        'div',
        { class: 'ltv', lang: this.#i18n.lang },
        h(
          'div',
          { class: 'bar' },
          h('p', { class: 'privacy' }, h('span', { class: 'lock', 'aria-hidden': 'true' }, '🔒 '), t('app.privacy')),
          h('button', {
            type: 'button',
            class: 'lang',
            lang: this.#i18n.lang === 'ja' ? 'en' : 'ja',
            'aria-label': t('lang.switchLabel'),
            text: t('lang.switch'),
            onclick: () => this.#setLang(this.#i18n.lang === 'ja' ? 'en' : 'ja'),
          }),
        ),
        this.#dropZone(),
        h('div', { class: 'progress-slot', 'aria-live': 'polite' }),
        this.#errorPanel(),
        this.#results(),
      ),
    );
    this.#renderProgress();
  }

  #dropZone() {
    const { t } = this.#i18n;
    const input = h('input', {
      type: 'file',
      class: 'visually-hidden',
      tabindex: '-1',
      'aria-hidden': 'true',
      accept: '.csv,.tsv,.txt,text/csv,text/tab-separated-values',
      onchange: (e) => {
        const file = e.target.files[0];
        if (file) this.#analyzeQuietly(file);
        e.target.value = '';
      },
    });
    const zone = h(
      'section',
      { class: 'drop', 'aria-labelledby': 'drop-title' },
      h('h2', { id: 'drop-title', text: t('drop.title') }),
      h('p', { class: 'hint', text: t('drop.hint') }),
      h(
        'div',
        { class: 'actions' },
        input,
        h('button', { type: 'button', class: 'button primary', text: t('drop.choose'), onclick: () => input.click() }),
        h('button', {
          type: 'button',
          class: 'button',
          text: t('drop.sample'),
          onclick: () => this.#analyzeQuietly(new File([LTV_SAMPLE_CSV], 'sample-orders.csv', { type: 'text/csv' })),
        }),
      ),
      h('p', { class: 'formats', text: t('drop.formats') }),
    );
    zone.addEventListener('dragover', (e) => {
      e.preventDefault();
      zone.classList.add('over');
    });
    zone.addEventListener('dragleave', () => zone.classList.remove('over'));
    zone.addEventListener('drop', (e) => {
      e.preventDefault();
      zone.classList.remove('over');
      const file = e.dataTransfer?.files?.[0];
      if (file) this.#analyzeQuietly(file);
    });
    return zone;
  }

  #renderProgress() {
    const slot = this.#root.querySelector('.progress-slot');
    if (!slot) return;
    const p = this.#progress;
    if (!p) return slot.replaceChildren();
    const { t, count, percent } = this.#i18n;
    const ratio = p.total ? Math.min(1, p.bytes / p.total) : 0;
    const seconds = p.elapsedMs / 1000;
    const rate = seconds > 0 ? p.rows / seconds : 0;
    const left = ratio > 0.02 && seconds > 0.5 ? Math.max(0, Math.round((seconds / ratio) * (1 - ratio))) : null;
    slot.replaceChildren(
      h(
        'section',
        { class: 'progress' },
        h('p', { class: 'label', text: t('progress.reading') }),
        h('progress', { max: '1', value: String(ratio), 'aria-label': t('progress.reading') }),
        h('p', { class: 'detail' },
          t('progress.detail', { percent: percent(ratio, 0), rows: count(p.rows), rate: count(rate) }),
          left != null ? ` · ${t('progress.left', { seconds: left })}` : ''),
        h('button', { type: 'button', class: 'button', text: t('progress.cancel'), onclick: () => this.#abort?.abort() }),
      ),
    );
  }

  #errorPanel() {
    const e = this.#error;
    if (!e) return null;
    const { t } = this.#i18n;
    if (e.name === 'cancelled') return h('section', { class: 'notice', role: 'status', text: t('progress.cancelled') });
    const d = e.details || {};
    const sep = t('list.separator');
    const params = {
      ...d,
      message: e.message,
      missing: (d.missing || []).map((r) => t(`role.${r}`)).join(sep),
      header: (d.header || []).join(sep),
      reason: d.reason ? t(`issue.${d.reason}`) : '',
    };
    const key = `error.${e.name}`;
    const text = key in LtvI18n.messages.ja ? t(key, params) : t('error.internal', params);
    return h('section', { class: 'error', role: 'alert' }, h('h2', { text: t('error.title') }), h('p', { text }));
  }

  #results() {
    const r = this.#report;
    if (!r) return null;
    const { t, count, money, decimal, percent, day } = this.#i18n;
    const o = r.overview;
    const cur = this.#currency;
    const kpi = (id, label, value, note) =>
      h('div', { class: 'kpi', 'data-kpi': id }, h('dt', { text: label }), h('dd', { class: 'value', text: value }),
        h('dd', { class: 'note', text: note }));
    const imp = r.import;
    return h(
      'section',
      { class: 'results', 'aria-labelledby': 'results-title' },
      h('h2', { id: 'results-title', text: t('results.title') }),
      h('p', { class: 'source', text: t('results.source', {
        name: this.#source?.name || '',
        rows: count(imp.rows),
        encoding: t(`encoding.${imp.encoding}`),
      }) }),
      h(
        'dl',
        { class: 'kpis' },
        kpi('customers', t('kpi.customers'), count(o.customers), t('kpi.customers.note')),
        kpi('orders', t('kpi.orders'), count(o.orders), t('kpi.orders.note')),
        kpi('revenue', t('kpi.revenue'), money(o.revenue, cur), t('kpi.revenue.note')),
        kpi('aov', t('kpi.aov'), money(o.averageOrderValue, cur), t('kpi.aov.note')),
        kpi('frequency', t('kpi.frequency'), t('kpi.frequency.value', { value: decimal(o.ordersPerCustomer, 2) }),
          t('kpi.frequency.note')),
        kpi('repeat', t('kpi.repeat'), percent(o.repeatRate, 1), t('kpi.repeat.note')),
        kpi('period', t('kpi.period'), `${day(o.firstDay)} – ${day(o.lastDay)}`, t('kpi.period.note')),
      ),
      this.#topTable(o.topCustomers, cur),
      this.#importPanel(imp),
    );
  }

  #topTable(rows, cur) {
    const { t, count, money, day } = this.#i18n;
    const cols = ['rank', 'key', 'orders', 'days', 'revenue', 'first', 'last'];
    const numeric = new Set(['rank', 'orders', 'days', 'revenue']);
    return h(
      'section',
      { class: 'top', 'aria-labelledby': 'top-title' },
      h('h3', { id: 'top-title', text: t('top.title') }),
      h(
        'div',
        { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-labelledby': 'top-title' },
        h(
          'table',
          {},
          h('thead', {}, h('tr', {}, cols.map((c) => h('th', { scope: 'col', class: numeric.has(c) ? 'num' : null, text: t(`top.${c}`) })))),
          h(
            'tbody',
            {},
            rows.map((row, i) =>
              h(
                'tr',
                {},
                h('td', { class: 'num', text: count(i + 1) }),
                h('td', { class: 'key', text: row.key }),
                h('td', { class: 'num', text: count(row.orders) }),
                h('td', { class: 'num', text: count(row.purchaseDays) }),
                h('td', { class: 'num', text: money(row.revenue, cur) }),
                h('td', { text: day(row.firstDay) }),
                h('td', { text: day(row.lastDay) }),
              ),
            ),
          ),
        ),
      ),
    );
  }

  #importPanel(imp) {
    const { t, count } = this.#i18n;
    const skipped = Object.values(imp.skipped).reduce((a, b) => a + b, 0);
    const keyColumn = imp.mapping[imp.customerKey === 'email' ? 'email' : 'customer'];
    return h(
      'details',
      { class: 'import' },
      h('summary', { text: t('import.title') }),
      h('p', { text: t('import.summary', { rows: count(imp.rows), orders: count(imp.orders), customers: count(imp.customers) }) }),
      h('p', { text: t(`import.key.${imp.customerKey}`, { column: keyColumn }) }),
      skipped > 0 ? h('p', { text: t('import.skipped', { count: count(skipped) }) }) : null,
      skipped > 0
        ? h('ul', { class: 'issues' },
            Object.entries(imp.skipped).map(([kind, n]) => h('li', {}, `${t(`issue.${kind}`)}: ${count(n)}`)),
          )
        : null,
      imp.issues.length
        ? h('ul', { class: 'issue-lines' },
            imp.issues.slice(0, 20).map((i) =>
              h('li', {}, `${t('issue.line', { line: count(i.line) })} — ${t(`issue.${i.kind}`)}`,
                i.value ? h('code', { text: i.value }) : null)),
          )
        : null,
    );
  }
}

/** Registers <ltv-calculator>. Calling it twice (or loading the script twice) is harmless. */
function defineLtvCalculator(tag = 'ltv-calculator', registry = customElements) {
  if (!registry.get(tag)) registry.define(tag, LtvCalculatorElement);
  return LtvCalculatorElement;
}
