// 予測: the model forecast (BG/NBD, MBG/NBD or Pareto/NBD for purchases, Gamma-Gamma for spend),
// in the shop owner's words. It runs in a worker of its own (report.forecast) after the rest of the
// dashboard is on screen, and again when the analysis date, the margin or its own settings
// change; the table, the exports and the settings answer meanwhile. While it runs the section
// says which stage it is at (checking model 2 of 3 …) and offers 中止 (cancel). The first answer
// comes first: the chosen model (the forced one, else BG/NBD) fitted before the holdout check is
// shown at once, then replaced by the checked answer (which may suggest another model). It shows:
//   * which model was used and why (the holdout check: fitted on the first two thirds of the
//     history, compared with the last third);
//   * whole-base totals with their units (expected purchases are an expectation, P(alive) a
//     probability 0–100 %, CLV a discounted amount over N months), each with its 80 % interval
//     (the parameters' uncertainty, by the delta method) and, beside them, the holdout check's
//     error in plain words ("the check on the last third was 23 % high");
//   * the re-purchase campaign list: valuable customers (top fifth by revenue) who are probably
//     lost, with its CSV;
//   * the holdout check and the fit for consultants (dashboard-forecast-check.js).
// Errors (too few repeat buyers, no convergence) become a message inside the section.
// Defines `LtvForecast` only.
'use strict';

const LtvForecast = (() => {
  const { h, section, scrollTable, dataTable } = LtvDom;
  const { nextTask, parseTypedNumber, LatestRequest } = LtvUtil;
  const { errorText } = LtvText;
  const { moneyOf, kpiCard, setStatus, summaryKind } = LtvDashboard;
  const { MODELS, shiftDay, validationView, fitDetailsView } = LtvForecastCheck;

  /** The margin of the forecast's CLV, as a fraction, when the analysis has one (else revenue). */
  function forecastMargin(analysis) {
    if (!analysis || analysis.profitBasis === 'none') return null;
    const m = Number(analysis.measured.grossMarginPercent);
    return Number.isFinite(m) && m >= 0 && m <= 100 ? m / 100 : null;
  }

  /** The text of a forecast error, in the shop owner's words. */
  function forecastErrorText(i18n, e) {
    const key = `forecast.error.${e.name}`;
    return i18n.has(key) ? i18n.t(key) : errorText(i18n, e);
  }

  /** The warning of a history too short for its forecast (Forecast.shortHistory). */
  function shortHistoryText({ t, num }, sh) {
    const days = (v) => t(v === 1 ? 'forecast.days.one' : 'forecast.days.other', { n: num(v, v < 10 ? 1 : 0) });
    const gap = sh.medianGapDays != null ? t('forecast.shortHistory.gap', { gap: days(sh.medianGapDays) }) : '';
    return t('forecast.shortHistory', { span: days(sh.spanDays), horizon: days(sh.horizonDays), gap });
  }

  /**
   * The holdout error beside the totals, in plain words: the chosen model's predicted holdout
   * purchases over the actual ones, minus 1 (`f.holdoutError`), or null when it was not checked.
   */
  function holdoutText(i18n, error) {
    if (error == null || !Number.isFinite(error)) return null;
    const pct = i18n.percent(Math.abs(error), 0);
    if (Math.round(Math.abs(error) * 100) === 0) return i18n.t('forecast.holdout.even');
    return i18n.t(error > 0 ? 'forecast.holdout.high' : 'forecast.holdout.low', { pct });
  }

  class ForecastView {
    /** @type {function(): DashboardContext} */
    #ctx;
    #hooks;
    /** The section's own settings (the analysis date and margin come from the analysis). */
    #settings = { horizonDays: 365, clvMonths: 12, ratePercent: 10, model: '', marginPercent: null };
    #result = null;
    #resultKey = null;
    #error = null;
    #errorKey = null;
    #runningKey = null;
    /** The settings whose run the person cancelled (not run again by itself). */
    #cancelledKey = null;
    /** The first answer of the run under way (before the holdout check): {key, f}. */
    #first = null;
    /** The stage of the run under way ({stage, model, k, n}) and when it began. */
    #progress = null;
    #startedAt = 0;
    #timer = 0;
    #abort = null;
    #runs = new LatestRequest();
    #els = null;
    #charts = [];
    #disposed = false;
    /** Say "updated" once the run the settings asked for is done. */
    #announce = false;

    /**
     * @param {function(): DashboardContext} getContext
     * @param {{onDone?: function(Object|null): void, onPreliminary?: function(Object): void}} [hooks]
     *   `onDone` after every run (with the forecast, or null after an error or a cancel),
     *   `onPreliminary` when the first answer (before the holdout check) is there
     */
    constructor(getContext, hooks = {}) {
      this.#ctx = getContext;
      this.#hooks = hooks;
    }

    /**
     * The forecast of the current data and settings (the checked one, else the first answer while
     * the check runs or after it was cancelled), or null (not run yet, failed).
     */
    get result() {
      if (this.#disposed) return null;
      const key = this.#key();
      if (this.#resultKey !== null && this.#resultKey === key) return this.#result;
      return this.#first?.key === key ? this.#first.f : null;
    }

    /** The parameters of `report.forecast` for the current analysis and settings. */
    params() {
      const d = this.#ctx();
      const s = this.#settings;
      const p = { horizonDays: s.horizonDays, clvMonths: s.clvMonths, annualDiscountRate: s.ratePercent / 100 };
      if (s.model) p.model = s.model;
      if (d.summary) {
        if (s.marginPercent != null) p.margin = s.marginPercent / 100;
      } else {
        p.observationEnd = d.analysis.analysisDate;
        const margin = forecastMargin(d.analysis);
        if (margin != null) p.margin = margin;
      }
      return p;
    }

    #key() {
      return JSON.stringify(this.params());
    }

    /**
     * Runs the forecast unless the current parameters already ran or are running (a second click
     * does nothing), or their run was cancelled (`force`: run it again then). Other parameters
     * replace a run under way.
     */
    ensure({ force = false } = {}) {
      if (this.#disposed) return;
      const key = this.#key();
      if (key === this.#resultKey || key === this.#errorKey || key === this.#runningKey) return;
      if (key === this.#cancelledKey && !force) return;
      this.#run();
    }

    /** Stops the run under way (中止): the first answer, if it came, stays on screen. */
    cancel() {
      this.#abort?.abort();
    }

    async #run() {
      const d = this.#ctx();
      const params = this.params();
      const key = JSON.stringify(params);
      const isLatest = this.#runs.begin();
      const abort = new AbortController();
      this.#abort = abort;
      this.#runningKey = key;
      this.#cancelledKey = null;
      this.#first = null;
      this.#progress = null;
      this.#startedAt = performance.now();
      clearInterval(this.#timer);
      this.#timer = setInterval(() => this.#showElapsed(), 1000);
      this.#fill();
      let ok = false;
      try {
        const f = await d.report.forecast(params, {
          signal: abort.signal,
          onProgress: (p) => {
            if (!isLatest()) return;
            this.#progress = p;
            this.#showProgress();
          },
          onPreliminary: (f) => {
            if (!isLatest()) return;
            this.#first = { key, f };
            this.#fill();
            this.#hooks.onPreliminary?.(f);
          },
        });
        if (!isLatest()) return;
        [this.#result, this.#resultKey, this.#error, this.#errorKey] = [f, key, null, null];
        this.#first = null;
        ok = true;
      } catch (e) {
        if (!isLatest()) return;
        if (e.name === 'AbortError') this.#cancelledKey = key;
        else [this.#error, this.#errorKey] = [e, key];
      } finally {
        if (isLatest()) {
          clearInterval(this.#timer);
          this.#abort = null;
        }
      }
      this.#runningKey = null;
      this.#fill();
      this.#hooks.onDone?.(ok ? this.#result : null);
    }

    /** Forgets everything (the report was closed): a run still under way is ignored. */
    dispose() {
      this.#runs.cancel();
      clearInterval(this.#timer);
      this.#disposed = true;
      this.destroyCharts();
      this.#els = null;
    }

    /** Destroys the charts of the last render. */
    destroyCharts() {
      for (const f of this.#charts) f.destroyChart();
      this.#charts = [];
    }

    /** Builds the section (again after a language change or a new analysis; the results stay). */
    render() {
      this.destroyCharts();
      const d = this.#ctx();
      const { t } = d.i18n;
      const els = {
        status: h('p', { class: 'fc-status', id: 'fc-status', role: 'status' }),
        elapsed: h('span', { class: 'fc-elapsed hint', id: 'fc-elapsed' }),
        cancel: h('button', { type: 'button', class: 'button small', id: 'fc-cancel', hidden: true,
          onclick: () => this.cancel() }, t('forecast.cancel')),
        retry: h('button', { type: 'button', class: 'button small primary', id: 'fc-retry', hidden: true,
          onclick: () => this.ensure({ force: true }) }, t('forecast.retry')),
        top: h('div', { class: 'fc-top' }),
        form: this.#form(d),
        bottom: h('div', { class: 'fc-bottom' }),
      };
      els.section = section('forecast', t('forecast.title'), { class: 'card forecast page-break' },
        h('p', { class: 'lead', text: t(d.summary ? `forecast.lead.${summaryKind(d)}` : 'forecast.lead') }),
        h('div', { class: 'fc-progress' }, els.status, h('div', { class: 'actions no-print' }, els.cancel, els.retry, els.elapsed)),
        els.top, els.form, els.bottom);
      this.#els = els;
      this.#fill();
      return els.section;
    }

    /** The stage of the run under way, in words. */
    #progressText(d) {
      const { t, count } = d.i18n;
      const p = this.#progress;
      if (!p || !['first', 'checking', 'final', 'intervals'].includes(p.stage)) return t('forecast.running');
      const model = t(`forecast.model.${p.model}`);
      const stage = p.stage === 'final' && !p.checked ? 'only' : p.stage;
      return t(`forecast.stage.${stage}`, { model, k: count(p.k ?? 0), n: count(p.n ?? 0) });
    }

    #running(key) {
      if (this.#cancelledKey === key && this.#runningKey !== key) return false;
      return this.#runningKey === key || (key !== this.#resultKey && key !== this.#errorKey);
    }

    /** The status line of a run under way (each stage; the page is not rebuilt). */
    #showProgress() {
      const els = this.#els;
      if (!els || !this.#running(this.#key())) return;
      els.status.textContent = this.#progressText(this.#ctx());
      this.#showElapsed();
    }

    /** Seconds since the run began (outside the live status line: not read out every second). */
    #showElapsed() {
      const els = this.#els;
      if (!els) return;
      const running = this.#runningKey !== null && this.#running(this.#key());
      const seconds = Math.floor((performance.now() - this.#startedAt) / 1000);
      els.elapsed.textContent = running && seconds >= 1 ? this.#ctx().i18n.t('forecast.elapsed', { s: this.#ctx().i18n.count(seconds) }) : '';
    }

    /** Shows the current state: running (with the first answer once it came), an error, cancelled, or the forecast. */
    #fill() {
      const els = this.#els;
      if (!els) return;
      const d = this.#ctx();
      const { t } = d.i18n;
      const key = this.#key();
      const running = this.#running(key);
      const cancelled = !running && this.#cancelledKey === key;
      const first = this.#first?.key === key ? this.#first.f : null;
      const f = this.#resultKey === key ? this.#result : first;
      const error = !running && this.#errorKey === key ? this.#error : null;
      els.section.dataset.state = running ? 'loading' : error ? 'error' : cancelled ? 'cancelled' : 'done';
      if (f && f === first) els.section.dataset.first = running ? 'checking' : 'unchecked';
      else delete els.section.dataset.first;
      els.status.className = `fc-status${running ? ' loading' : ''}`;
      els.status.textContent = running ? this.#progressText(d) : cancelled ? t(first ? 'forecast.cancelled.first' : 'forecast.cancelled') : '';
      els.cancel.hidden = !running;
      els.retry.hidden = !cancelled;
      this.#showElapsed();
      els.form.hidden = running && !this.#result && !this.#error && !first;
      if (running && !first) {
        // The previous figures stay visible (dimmed) while the new ones are computed.
        // (aria-busy on them, not on the section: its status line must still be announced.)
        for (const part of [els.top, els.bottom]) {
          part.classList.toggle('stale', part.childElementCount > 0);
          part.setAttribute('aria-busy', 'true');
        }
        return;
      }
      for (const part of [els.top, els.bottom]) {
        if (running) part.setAttribute('aria-busy', 'true');
        else part.removeAttribute('aria-busy');
      }
      if (this.#announce && !running) {
        this.#announce = false;
        els.status.textContent = t(error ? 'forecast.failed' : 'forecast.updated');
      }
      els.top.classList.remove('stale');
      els.bottom.classList.remove('stale');
      this.destroyCharts();
      if (cancelled && !first) {
        els.top.replaceChildren();
        els.bottom.replaceChildren();
        return;
      }
      if (error) {
        els.top.replaceChildren(h('div', { class: 'notice fc-error', id: 'fc-error' },
          h('p', { class: 'fc-error-title', text: t('forecast.error.title') }),
          h('p', { text: forecastErrorText(d.i18n, error) }),
          h('p', { class: 'hint', text: t('forecast.error.rest') })));
        els.bottom.replaceChildren();
        return;
      }
      if (!f) return;
      // The first answer (before the holdout check): `checking` while the check runs.
      const stage = f === first ? (running ? 'checking' : 'unchecked') : 'checked';
      els.top.replaceChildren(...this.#summary(d, f, stage).filter(Boolean));
      els.bottom.replaceChildren(...[
        d.summary ? null : this.#lostList(d, f),
        validationView(d, f, stage),
        fitDetailsView(d, f),
      ].filter(Boolean));
      this.#charts = [...els.section.querySelectorAll('figure.chart')];
      if (els.section.isConnected) this.#mountCharts(this.#charts);
    }

    /** One chart per task (each measures its box). */
    async #mountCharts(figures) {
      for (const fig of figures) {
        await nextTask();
        if (!this.#charts.includes(fig) || !fig.isConnected) return;
        fig.mountChart();
      }
    }

    /** The model, why it was chosen, and the whole-base totals. */
    #summary(d, f, stage) {
      const i18n = d.i18n;
      const { t, count, num, decimal, percent, day } = i18n;
      const money = moneyOf(d);
      const tot = f.totals;
      const modelName = t(`forecast.model.${f.model}`);
      const v = f.validation.find((x) => x.model === (f.suggestedModel || f.model));
      let why;
      if (stage !== 'checked') {
        why = t(`forecast.why.first.${stage}`, { model: modelName });
      } else if (this.#settings.model) {
        why = t('forecast.why.forced') + (f.suggestedModel ? t('forecast.why.forcedAuto', { model: t(`forecast.model.${f.suggestedModel}`) }) : '');
      } else if (f.suggestedModel && f.suggestedModel === f.model) {
        why = t('forecast.why.holdout', { calEnd: day(v.calibrationEnd), from: day(shiftDay(v.calibrationEnd, 1)), to: day(v.holdoutEnd) });
      } else if (f.suggestedModel) {
        why = t('forecast.why.fallback', { suggested: t(`forecast.model.${f.suggestedModel}`), model: modelName });
      } else {
        why = t(d.summary ? `forecast.why.noHoldout.${summaryKind(d)}` : 'forecast.why.noHoldout', { model: modelName });
      }
      const per = (v) => (tot.customers ? v / tot.customers : 0);
      const margin = this.params().margin;
      const basis = margin != null
        ? t('forecast.basis.profit', { margin: percent(margin, 1) })
        : t('forecast.basis.revenue');
      const rate = `${num(this.#settings.ratePercent, 2)}%`;
      const unit = t(`forecast.unit.${f.unit}`);
      // The 80 % intervals of the totals (none when the fit gave no standard errors).
      const iv = tot.intervals;
      const level = iv ? percent(iv.level, 0) : '';
      const range = (key, pair, format) => (iv ? t(key, { level, low: format(pair[0]), high: format(pair[1]) }) : null);
      const holdout = holdoutText(i18n, f.holdoutError);
      return [
        h('p', { class: 'fc-model', id: 'fc-model' },
          h('strong', { text: t('forecast.modelUsed', { model: modelName }) }), ' ',
          h('span', { text: t(`forecast.model.${f.model}.what`) })),
        h('p', { class: 'fc-why', id: 'fc-why', text: why }),
        h('p', { class: 'hint', text: d.summary
          ? t(`forecast.data.${summaryKind(d)}`, { customers: count(tot.customers), unit })
          : t('forecast.data.orders', { date: day(f.observationEnd), customers: count(tot.customers), unit }) }),
        h('dl', { class: 'kpis fc-kpis', id: 'fc-kpis' },
          kpiCard({ id: 'fcPurchases', label: t('forecast.kpi.purchases', { days: count(tot.horizonDays) }),
            value: t('forecast.value.times', { value: num(tot.expectedPurchases, 1) }),
            range: range('forecast.range.times', iv?.expectedPurchases, (v) => decimal(v, 1)),
            note: t('forecast.kpi.purchases.note', { customers: count(tot.customers) }),
            sub: t('forecast.kpi.perCustomer', { value: t('forecast.value.times', { value: num(per(tot.expectedPurchases), 2) }) }),
            main: true }),
          kpiCard({ id: 'fcRevenue', label: t('forecast.kpi.revenue', { days: count(tot.horizonDays) }),
            value: money(tot.expectedRevenue), note: t('forecast.kpi.revenue.note'),
            range: range('forecast.range.money', iv?.expectedRevenue, money),
            sub: t('forecast.kpi.perCustomer', { value: money(per(tot.expectedRevenue)) }) }),
          kpiCard({ id: 'fcClv', label: t('forecast.kpi.clv', { months: count(tot.clvMonths), rate }), value: money(tot.clv),
            range: range('forecast.range.money', iv?.clv, money),
            note: t('forecast.kpi.clv.note', { basis, rate, months: count(tot.clvMonths) }),
            sub: t('forecast.kpi.perCustomer', { value: money(per(tot.clv)) }), main: true }),
          kpiCard({ id: 'fcLost', label: t('forecast.kpi.lost'), value: percent(tot.probablyLostShare, 1),
            note: t('forecast.kpi.lost.note', { threshold: percent(0.5, 0) }),
            sub: t('forecast.kpi.lost.sub', { lost: count(tot.probablyLost), customers: count(tot.customers) }), main: true })),
        holdout ? h('p', { class: 'fc-holdout', id: 'fc-holdout', text: holdout }) : null,
        f.shortHistory ? h('p', { class: 'warn', id: 'fc-short-history', text: shortHistoryText(i18n, f.shortHistory) }) : null,
        h('p', { class: 'hint fc-interval-note', id: 'fc-interval-note', text: iv
          ? t('forecast.interval.note', { level }) + (iv.spendUncertainty ? '' : t('forecast.interval.noSpend'))
          : t(stage === 'checked' ? 'forecast.interval.none' : `forecast.interval.${stage}`) }),
        h('p', { class: 'hint fc-units', text: t('forecast.units') }),
        f.model === 'bgNbd' ? h('p', { class: 'hint', id: 'fc-bgnbd-note', text: t('forecast.bgNbdNote') }) : null,
        h('p', { class: 'print-only', text: t('forecast.printSettings', { days: count(tot.horizonDays), months: count(tot.clvMonths), rate, basis,
          model: this.#settings.model ? modelName : t('forecast.settings.auto') }) }),
      ];
    }

    /** The re-purchase campaign list: valuable customers who are probably lost. */
    #lostList(d, f) {
      const { t, count, percent, day } = d.i18n;
      const money = moneyOf(d);
      const filter = { probablyLost: true, sort: 'revenue', ascending: false };
      const name = t('forecast.lost.listName');
      const slot = h('div', { class: 'fc-lost-slot' }, h('p', { class: 'loading', text: t('table.loading') }));
      const intro = h('p', { class: 'lead', id: 'fc-lost-count' });
      const actions = h('div', { class: 'actions no-print' });
      const block = h('div', { class: 'fc-lost', id: 'fc-lost' },
        h('h3', { id: 'fc-lost-title', text: t('forecast.lost.title') }),
        intro,
        h('p', { class: 'hint', text: t('forecast.lost.how', { threshold: percent(0.5, 0) }) }),
        slot, actions);
      d.report.customers({ ...filter, limit: 10 }).then((page) => {
        if (!block.isConnected && !this.#els?.bottom.contains(block)) return;
        intro.textContent = page.total
          ? t('forecast.lost.count', { n: count(page.total) })
          : t('forecast.lost.none');
        block.dataset.total = String(page.total);
        if (!page.total) {
          slot.replaceChildren();
          return;
        }
        slot.replaceChildren(scrollTable('fc-lost-caption', dataTable({
          captionId: 'fc-lost-caption',
          stack: true,
          caption: page.total > page.rows.length
            ? t('forecast.lost.captionTop', { n: count(page.rows.length), total: count(page.total) })
            : t('forecast.lost.caption'),
          columns: [
            { label: t('table.col.key'), head: true, cls: 'key', cell: (r) => r.key },
            { label: t('table.col.revenue'), num: true, cell: (r) => money(r.revenue) },
            { label: t('table.col.lastDay'), cell: (r) => day(r.lastDay) },
            { label: t('table.col.recency'), num: true, cell: (r) => count(r.recencyDays) },
            { label: t('forecast.col.pAlive'), num: true, cell: (r) => percent(r.pAlive, 0) },
            { label: t('forecast.col.clv', { months: count(f.totals.clvMonths) }), num: true, cell: (r) => money(r.predictedClv) },
          ],
          rows: page.rows,
        }), 'fc-lost-wrap'));
        actions.replaceChildren(
          h('button', { type: 'button', class: 'button primary', id: 'fc-lost-export',
            onclick: () => d.actions.exportCustomers(filter, name) }, t('forecast.lost.export', { n: count(page.total) })),
          h('button', { type: 'button', class: 'button', onclick: () => d.actions.showCustomers(filter) }, t('forecast.lost.show')));
      }).catch((e) => slot.replaceChildren(h('p', { text: errorText(d.i18n, e) })));
      return block;
    }

    /** The settings that re-run the forecast: horizon, CLV months, discount rate, model. */
    #form(d) {
      const { t } = d.i18n;
      const s = this.#settings;
      const status = h('p', { class: 'form-status', role: 'status' });
      const field = (id, name, label, value, unit, hint) => h('div', { class: 'field' },
        h('label', { for: id, text: label }),
        h('div', { class: 'input-unit' },
          h('input', { id, name, type: 'text', inputmode: 'decimal', autocomplete: 'off', '.value': value ?? '', 'aria-describedby': `${id}-hint` }),
          h('span', { class: 'unit', 'aria-hidden': 'true', text: unit })),
        h('p', { class: 'hint', id: `${id}-hint`, text: hint }));
      const form = h('form', { class: 'settings-form fc-form no-print', id: 'fc-form', novalidate: true, onsubmit: (e) => {
        e.preventDefault();
        const el = e.target.elements;
        const read = (input, min, max, integer) => {
          const v = parseTypedNumber(input.value.trim());
          const n = v == null ? NaN : Number(v);
          const ok = Number.isFinite(n) && n >= min && n <= max && (!integer || Number.isInteger(n));
          if (ok) input.removeAttribute('aria-invalid');
          else input.setAttribute('aria-invalid', 'true');
          return ok ? n : null;
        };
        const horizon = read(el.horizon, 1, 36525, true);
        const months = read(el.months, 1, 1200, true);
        const rate = read(el.rate, 0, 100, false);
        const margin = el.margin ? (el.margin.value.trim() === '' ? null : read(el.margin, 0, 100, false)) : null;
        const badMargin = el.margin && el.margin.value.trim() !== '' && margin == null;
        if (horizon == null || months == null || rate == null || badMargin) {
          setStatus(status, t('forecast.settings.error'), true);
          e.target.querySelector('[aria-invalid=true]')?.focus();
          return;
        }
        setStatus(status, '');
        Object.assign(s, { horizonDays: horizon, clvMonths: months, ratePercent: rate, model: el.model.value, marginPercent: margin });
        this.#announce = this.#key() !== this.#resultKey && this.#key() !== this.#errorKey;
        this.ensure({ force: true });
      } },
      field('fc-horizon', 'horizon', t('forecast.settings.horizon'), s.horizonDays, t('forecast.settings.days'), t('forecast.settings.horizon.hint')),
      field('fc-months', 'months', t('forecast.settings.months'), s.clvMonths, t('forecast.settings.monthsUnit'), t('forecast.settings.months.hint')),
      field('fc-rate', 'rate', t('forecast.settings.rate'), s.ratePercent, t('forecast.settings.rateUnit'), t('forecast.settings.rate.hint')),
      d.summary ? field('fc-margin', 'margin', t('settings.margin'), s.marginPercent, t('unit.percent'), t('forecast.settings.margin.hint')) : null,
      h('div', { class: 'field' },
        h('label', { for: 'fc-model-select', text: t('forecast.settings.model') }),
        h('select', { id: 'fc-model-select', name: 'model', 'aria-describedby': 'fc-model-select-hint' },
          ['', ...MODELS].map((m) => h('option', { value: m, '.selected': s.model === m, text: m ? t(`forecast.model.${m}`) : t('forecast.settings.auto') }))),
        h('p', { class: 'hint', id: 'fc-model-select-hint', text: t(d.summary ? 'forecast.settings.model.hintSummary' : 'forecast.settings.model.hint') })),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button primary', id: 'fc-apply', text: t('forecast.settings.apply') })),
      status);
      return h('div', { class: 'fc-settings no-print' }, h('h3', { id: 'fc-settings-title', text: t('forecast.settings.title') }), form);
    }
  }

  return Object.freeze({ ForecastView });
})();
