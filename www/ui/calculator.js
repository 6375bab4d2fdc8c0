// The LTV calculator of the five levers (LTVの5つの要素) plus 粗利率: on the landing page (works
// before any file is read), in the dashboard (pre-filled from the shop's data) and alone
// (mode="calculator"). The maths runs in the worker (LtvEngine.levers, exact decimals); this view
// only reads the inputs, debounces them and shows the answer. Defines `LtvLevers` only.
'use strict';

const LtvLevers = (() => {
  const { h, dataTable } = LtvDom;
  const { debounce, parseTypedNumber, LatestRequest } = LtvUtil;
  const { currencyUnit } = LtvText;
  const { levers } = LtvEngine;
  const { leverInputs } = LtvStore;

  /** @typedef {{averageOrderValue: string, purchasesPerYear: string, years: string,
   *             grossMarginPercent: string, acquisitionCost: string, retentionCostPerYear: string}} LeverInputs */

  class LeverCalculator {
    /** The inputs, in the article's order, with their unit kind. */
    static FIELDS = [
      { id: 'averageOrderValue', unit: 'money', short: 'aov' },
      { id: 'purchasesPerYear', unit: 'perYear', short: 'freq' },
      { id: 'years', unit: 'years', short: 'years' },
      { id: 'grossMarginPercent', unit: 'percent', short: 'margin', max: 100 },
      { id: 'acquisitionCost', unit: 'money', short: 'cpa' },
      { id: 'retentionCostPerYear', unit: 'moneyPerYear', short: 'retention' },
    ];

    /** Example figures for the landing page (¥5,000 × 3 a year × 2 years). */
    static EXAMPLE = {
      averageOrderValue: '5000', purchasesPerYear: '3', years: '2',
      grossMarginPercent: '40', acquisitionCost: '8000', retentionCostPerYear: '1000',
    };

    #texts; // what the person typed, per field
    #result = null;
    #errors = {};
    #requests = new LatestRequest();
    #opts;
    #out = null;
    #live = null;
    #form = null;
    #schedule = debounce(() => this.#compute(), 250);

    /**
     * @param {{prefix: string, heading: (string|function(): string), level?: number, lead?: (string|function(): string), source: string,
     *          getI18n: function(): Object, getCurrency: function(): string,
     *          onResult?: function(LeverInputs, Object): void, extra?: function(): Node, remember?: boolean}} opts
     *   `remember`: the typed numbers are kept in localStorage (only these six numbers, never data).
     * @param {LeverInputs} initial
     */
    constructor(opts, initial) {
      this.#opts = opts;
      const saved = opts.remember ? leverInputs.get() : null;
      this.#texts = { ...initial, ...(saved || {}) };
    }

    /** The inputs as decimal strings (what the worker is asked); an empty field is null (not entered). */
    get inputs() {
      const out = {};
      for (const f of LeverCalculator.FIELDS) out[f.id] = parseTypedNumber(this.#texts[f.id]);
      return out;
    }

    /** Keeps the typed numbers for the next visit (the remembering calculator only). */
    #save() {
      if (!this.#opts.remember) return;
      const out = {};
      for (const f of LeverCalculator.FIELDS) out[f.id] = parseTypedNumber(this.#texts[f.id]) ?? '';
      leverInputs.set(out);
    }

    get result() {
      return this.#result;
    }

    /** Replaces the inputs (e.g. pre-filled from an analysis) and recomputes. */
    setInputs(inputs, result = null) {
      this.#texts = { ...this.#texts };
      for (const [k, v] of Object.entries(inputs)) this.#texts[k] = v ?? '';
      this.#errors = {};
      this.#save();
      if (this.#form) {
        for (const f of LeverCalculator.FIELDS) {
          const input = this.#form.querySelector(`[name=${f.id}]`);
          if (input) input.value = this.#texts[f.id];
        }
      }
      if (result) {
        this.#result = result;
        this.#renderResult();
        this.#opts.onResult?.(this.inputs, result);
      } else this.#compute();
    }

    /** Builds the view (again, after a language change: the typed values stay). */
    render() {
      const { t } = this.#opts.getI18n();
      const p = this.#opts.prefix;
      const level = this.#opts.level || 2;
      this.#form = h('form', { class: 'calc-inputs', novalidate: true, onsubmit: (e) => e.preventDefault() },
        LeverCalculator.FIELDS.map((f) => this.#field(f)));
      this.#live = h('p', { class: 'visually-hidden', 'aria-live': 'polite', id: `${p}-live` });
      this.#out = h('div', { class: 'calc-out' });
      const text = (v) => (typeof v === 'function' ? v() : v);
      const el = h('section', { class: 'card calc', id: p, 'aria-labelledby': `${p}-title` },
        h(`h${level}`, { id: `${p}-title`, tabindex: '-1', text: text(this.#opts.heading) }),
        this.#opts.lead ? h('p', { class: 'lead', text: text(this.#opts.lead) }) : null,
        h('p', { class: 'formula-line' }, h('span', { text: t('calc.formula') })),
        h('div', { class: 'calc-grid' }, this.#form, h('div', {}, this.#live,
          h('p', { class: 'stale-note field-error', hidden: true, text: t('calc.stale') }), this.#out)),
        this.#opts.extra ? this.#opts.extra() : null);
      if (this.#result) this.#renderResult();
      else this.#compute();
      return el;
    }

    #field(f) {
      const { t } = this.#opts.getI18n();
      const id = `${this.#opts.prefix}-${f.short}`;
      const error = this.#errors[f.id];
      return h('div', { class: 'field' },
        h('label', { for: id, text: t(`lever.${f.id}`) }),
        h('div', { class: 'input-unit' },
          h('input', {
            id, name: f.id, type: 'text', inputmode: 'decimal', autocomplete: 'off', spellcheck: 'false',
            '.value': this.#texts[f.id] ?? '',
            'aria-invalid': error ? 'true' : null,
            'aria-describedby': `${id}-hint${error ? ` ${id}-err` : ''}`,
            oninput: (e) => this.#onInput(f, e.target),
          }),
          h('span', { class: 'unit', 'aria-hidden': 'true', text: this.#unit(f.unit) })),
        h('p', { class: 'hint', id: `${id}-hint`, text: t(`lever.${f.id}.hint`) }),
        h('p', { class: 'field-error', id: `${id}-err`, hidden: !error, text: error || '' }));
    }

    #unit(kind) {
      const { t } = this.#opts.getI18n();
      const money = currencyUnit(this.#opts.getI18n(), this.#opts.getCurrency());
      if (kind === 'money') return money;
      if (kind === 'moneyPerYear') return t('unit.moneyPerYear', { money });
      return t(`unit.${kind}`);
    }

    #onInput(f, input) {
      const { t } = this.#opts.getI18n();
      this.#texts[f.id] = input.value;
      this.#save();
      const value = parseTypedNumber(input.value);
      let error = null;
      if (input.value.trim() !== '' && value == null) error = t('calc.error.number');
      else if (f.max != null && value != null && Number(value) > f.max) error = t('calc.error.max', { max: f.max });
      this.#errors[f.id] = error;
      const id = input.id;
      const err = input.closest('.field').querySelector('.field-error');
      err.textContent = error || '';
      err.hidden = !error;
      if (error) {
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-describedby', `${id}-hint ${id}-err`);
      } else {
        input.removeAttribute('aria-invalid');
        input.setAttribute('aria-describedby', `${id}-hint`);
      }
      const stale = Object.values(this.#errors).some(Boolean);
      this.#out?.classList.toggle('stale', stale);
      const note = this.#out?.parentElement?.querySelector('.stale-note');
      if (note) note.hidden = !stale;
      if (!Object.values(this.#errors).some(Boolean)) this.#schedule();
      else this.#schedule.cancel();
    }

    async #compute() {
      const isLatest = this.#requests.begin();
      const inputs = this.inputs;
      try {
        const result = await levers(inputs);
        if (!isLatest()) return; // a newer input is on its way
        this.#result = result;
        this.#renderResult();
        this.#opts.onResult?.(inputs, result);
      } catch (e) {
        if (!isLatest() || !this.#out) return;
        const { t } = this.#opts.getI18n();
        this.#out.replaceChildren(h('p', { class: 'field-error', role: 'alert', text: t('calc.error.failed', { message: e.message }) }));
      }
    }

    #renderResult() {
      if (!this.#out) return;
      const r = this.#result;
      const i18n = this.#opts.getI18n();
      const { t, num } = i18n;
      const cur = this.#opts.getCurrency();
      const m = (v) => (v == null ? t('calc.notEntered') : i18n.money(v, cur));
      const i = r.inputs;
      const figure = (id, label, value, note) => h('div', { class: `figure fig-${id}`, 'data-figure': id },
        h('dt', { text: label }), h('dd', { class: 'value', text: value }), h('dd', { class: 'note', text: note }));
      const gross = r.basis === 'grossProfit';
      const basis = leverBasis(i18n, r);
      const ok = r.profitable;
      const verdict = ok == null ? 'pending' : ok ? 'profitable' : 'unprofitable';
      const best = r.sensitivity.filter((e) => e.rank === 1 && Number(e.profitChange) > 0);
      const maxChange = Math.max(0, ...r.sensitivity.map((e) => Math.abs(Number(e.profitChange))));
      const leverName = (lever) => t(`lever.${lever}`);
      const fieldValue = (lever, v) => {
        if (lever === 'grossMarginPercent') return `${num(v)}%`;
        if (lever === 'years') return t('calc.value.years', { value: num(v) });
        if (lever === 'purchasesPerYear') return t('calc.value.perYear', { value: num(v) });
        return m(v);
      };
      const missing = r.missing.map((id) => t(`lever.${id}`)).join(t('list.separator'));
      this.#live.textContent = t('calc.live', { ltv: m(r.ltv), basis,
        verdict: t(`calc.verdict.${verdict}Short`) });
      this.#out.classList.remove('stale');
      // The article's inequality with the numbers on screen, on the one basis of the verdict.
      const inequality = () => {
        const years = num(i.years);
        const retention = t('calc.inequality.retention', { retention: m(i.retentionCostPerYear), years });
        const right = gross
          ? t('calc.inequality.rightGross', { aov: m(i.averageOrderValue), freq: num(i.purchasesPerYear), years, margin: num(i.grossMarginPercent) })
          : t('calc.inequality.rightRevenue', { aov: m(i.averageOrderValue), freq: num(i.purchasesPerYear), years });
        return [
          h('p', { class: 'rule', text: t(gross ? 'calc.inequality.ruleGross' : 'calc.inequality.ruleRevenue') }),
          h('p', { class: 'numbers', text: t('calc.inequality.numbers', {
            cpa: m(i.acquisitionCost), retention, cost: m(r.totalCost), op: ok ? '<' : '≧', right, ltv: m(r.ltv) }) }),
          h('p', { class: 'numbers cpa-line', text: t('calc.inequality.cpa', {
            cpa: m(i.acquisitionCost), op: ok ? '<' : '≧', ceiling: m(r.allowableCpa), ltv: m(r.ltv), retention: m(r.retentionCostTotal) }) }),
        ];
      };
      this.#out.replaceChildren(
        h('dl', { class: 'calc-figures' },
          figure('revenueLtv', t('calc.revenueLtv'), m(r.revenueLtv), t('calc.revenueLtv.note')),
          gross ? figure('grossProfitLtv', t('calc.grossProfitLtv'), m(r.grossProfitLtv), t('calc.grossProfitLtv.note', { margin: num(i.grossMarginPercent) })) : null,
          figure('profit', t('calc.profit'), m(r.profitPerCustomer), t('calc.profit.note', { basis })),
          figure('allowableCpa', t('calc.allowableCpa'), m(r.allowableCpa), [basis,
            r.allowableCpa != null && !r.allowableCpaIncludesRetention ? t('calc.allowableCpa.noRetention') : null].filter(Boolean).join(t('list.separator')))),
        ...(gross ? [] : [h('p', { class: 'basis-warning', text: t('calc.revenueBasisWarning') })]),
        h('div', { class: `verdict ${ok == null ? 'pending' : ok ? 'ok' : 'ng'}`, 'data-verdict': verdict },
          h('p', { class: 'verdict-line' },
            h('span', { class: 'mark', 'aria-hidden': 'true', text: ok == null ? '…' : ok ? '✓' : '✗' }),
            h('span', { text: ok == null
              ? t('calc.verdict.pending', { missing })
              : t(ok ? 'calc.verdict.ok' : 'calc.verdict.ng', { basis, profit: m(r.profitPerCustomer) }) })),
          ok == null ? null : h('div', { class: 'inequality' }, inequality())),
        h('div', { class: 'sensitivity' },
          h('h3', { text: t('calc.sensitivity.title') }),
          h('p', { class: 'best', 'data-best': best.map((e) => e.lever).join(' ') },
            best.length || !r.sensitivity.length
              ? best.length ? t('calc.sensitivity.best', { levers: best.map((e) => t('calc.sensitivity.quoted', { name: leverName(e.lever) })).join(t('list.separator')), change: m(best[0].profitChange) })
              : t('calc.sensitivity.waiting') : t('calc.sensitivity.none')),
          // Not a named region: two calculators on one blog page would repeat its name. It fits the
          // narrowest phone, so it needs no scrolling (and no keyboard stop) of its own.
          r.sensitivity.length === 0 ? null : h('div', { class: 'table-wrap fits' },
            dataTable({
              columns: [
                { label: t('calc.sensitivity.lever'), head: true, cell: (e) => [leverName(e.lever), e.rank === 1 && Number(e.profitChange) > 0 ? h('span', { class: 'badge', text: t('calc.sensitivity.top') }) : null] },
                { label: t('calc.sensitivity.change'), num: true, cell: (e) => `${e.changePercent > 0 ? '+' : '−'}${Math.abs(e.changePercent)}%` },
                { label: t('calc.sensitivity.newValue'), num: true, cell: (e) => fieldValue(e.lever, e.newValue) },
                { label: t('calc.sensitivity.profitChange'), num: true, cls: 'bar-cell', cell: (e) => [
                  h('span', { class: 'bar', 'aria-hidden': 'true', style: { '--w': `${maxChange ? (Math.abs(Number(e.profitChange)) / maxChange) * 100 : 0}%` } }),
                  h('span', { class: 'bar-value', text: `${Number(e.profitChange) >= 0 ? '+' : ''}${m(e.profitChange)}` })] },
              ],
              rows: r.sensitivity,
            })),
          h('p', { class: 'advice', text: t('calc.advice') })),
        h('p', { class: 'print-only inputs-summary', text: t('calc.inputsSummary', {
          aov: m(i.averageOrderValue), freq: i.purchasesPerYear == null ? t('calc.notEntered') : num(i.purchasesPerYear),
          years: i.years == null ? t('calc.notEntered') : num(i.years), basis,
          cpa: m(i.acquisitionCost), retention: m(i.retentionCostPerYear) }) }));
    }
  }

  /**
   * What the calculator's money figures are measured on, in words: 「粗利ベース・粗利率40%」 or
   * 「売上ベース」 (no margin entered).
   * @param {Object} i18n
   * @param {{basis: string, inputs: LeverInputs}} result
   */
  function leverBasis(i18n, result) {
    return result.basis === 'grossProfit'
      ? i18n.t('basis.gross', { margin: i18n.num(result.inputs.grossMarginPercent, 1) })
      : i18n.t('basis.revenue');
  }

  return Object.freeze({ LeverCalculator, leverBasis });
})();
