// <ltv-calculator>: the whole tool as one custom element (shadow DOM, so a blog's styles neither
// leak in nor out). The page dist/ltv.html is this element plus a landing header; the blog
// widget dist/ltv-widget.js is the same code. It only renders: parsing and maths run in the
// worker (LtvEngine). The views live in www/ui/*.js; this file holds the state and the flow:
//
//   landing ──file──▶ progress ──▶ check (how the file was read; re-import) ──分析する──▶ dashboard
//      ▲  (errors are shown on the landing step, with the column mapping when columns were missing)
//
// A per-customer summary file (lifetimes' frequency, recency, T, monetary_value) takes the same
// flow: its check asks the time unit, and its dashboard has only the forecast and the table.
//
// Attributes: mode ("full" | "calculator"), lang ("ja" | "en"), currency (default JPY), margin
// (default 粗利率 %). Events (bubbles, composed): ltv-result (detail: the report, again after every
// re-analysis), ltv-error (detail: the Error), ltv-forecast (detail: the forecast, each time the
// dashboard's forecast has run), ltv-levers (detail: {source, inputs, result} when a calculator's
// answer changes), ltv-language (detail: {lang}).
// Classic script, concatenated by tools/build-www.mjs after every view; defines `LtvWidget` only.
'use strict';

const LtvWidget = (() => {
  /** The widget's CSS (inflated once, on first use). */
  let css = null;
  const widgetCss = () => (css ??= LtvPacked.text(LtvAssets.widgetCssGz));
  const { translator, pickLanguage } = LtvI18n;
  const { analyze: analyzeFile, preview: previewFile, roles: coreRoles, sample: sampleBlob, prepare: prepareWorker } = LtvEngine;
  const { nextTask, parseTypedNumber, LatestRequest } = LtvUtil;
  const { language, mappings, packSalt } = LtvStore;
  const { h, appendAll, lockIcon, downloadBytes } = LtvDom;
  const { errorText } = LtvText;
  const { LeverCalculator } = LtvLevers;
  const { importCheckView, summaryCheckView } = LtvCheck;
  const { introView, dropZoneView, ProgressView, errorView } = LtvFlow;
  const { sectionNav, aggregatesOnly, cpaCard, fillTopTable } = LtvOverview;
  const { refreshThisWeek } = LtvStatus;
  const { paybackView } = LtvPayback;
  const { sections } = LtvSections;
  const { ForecastView } = LtvForecast;

  const { Exporter, settingsFile, readSettingsFile } = LtvExports;
  const { CustomerTableView } = LtvTable;

  /** One constructed stylesheet for every widget of the document (CSSOM: allowed by any CSP). */
  let ltvSheet = null;
  function adoptLtvStyles(root) {
    try {
      if (!ltvSheet) {
        ltvSheet = new CSSStyleSheet();
        ltvSheet.replaceSync(widgetCss());
      }
      root.adoptedStyleSheets = [ltvSheet];
      return true;
    } catch {
      return false; // an old browser: a <style> element is added on each render instead
    }
  }

  class LtvCalculatorElement extends HTMLElement {
    static observedAttributes = ['lang', 'currency', 'mode', 'margin'];

    #root = this.attachShadow({ mode: 'open' });
    #adopted = adoptLtvStyles(this.#root);
    #i18n = translator(pickLanguage(null));
    /** @type {'landing'|'progress'|'check'|'dashboard'} */
    #step = 'landing';
    /** @type {Array<File|Blob>} the file, or the several files of one shop, being analysed */
    #files = [];
    #fileNames = [];
    #options = {}; // import options of the current report ({columns, dayOrder, …})
    #remembered = false;
    /** The core's role list, for the mapping table of an error (there is no report then). */
    #errorRoles = null;
    #report = null;
    /** A large LTV pack's later views while a second worker computes them (`report.complete`);
     *  the dashboard draws the sections before them meanwhile. */
    #pending = null;
    #analysis = null;
    #params = {};
    #error = null;
    #abort = null;
    #progressView = null;
    #encoding = 'utf8Bom';
    #landingCalc = null;
    #dashCalc = null;
    #tableView = null;
    #forecastView = null;
    #levers = null; // the dashboard calculator's current result (for the 許容CPA card)
    #renders = new LatestRequest();
    #charts = [];
    #toast = null;
    #toastTimer = 0;

    #connected = false;
    /** The button of the latest click in the widget: an export marks it busy while it runs. */
    #clicked = null;
    /** Whether the latest click was the second (or later) of a double click (`detail` ≥ 2). */
    #repeatClick = false;

    constructor() {
      super();
      this.#root.addEventListener('click', (e) => {
        this.#clicked = e.target instanceof Element ? e.target.closest('button') : null;
        this.#repeatClick = e.detail >= 2;
      }, true);
    }

    connectedCallback() {
      this.#connected = true;
      this.#i18n = translator(pickLanguage(this.getAttribute('lang') || language.get()));
      this.#landingCalc ??= this.#makeLandingCalculator();
      this.#render();
    }

    disconnectedCallback() {
      this.#connected = false;
      this.#abort?.abort();
      this.#closeReport();
      this.#destroyCharts();
    }

    attributeChangedCallback(name, before, after) {
      // Also called on upgrade, before connectedCallback: the first render happens there.
      if (!this.#connected || before === after) return;
      if (name === 'lang') return this.#setLang(after, false);
      if (name === 'margin' && this.#landingCalc) this.#landingCalc.setInputs({ grossMarginPercent: this.#defaultMargin() });
      this.#render();
    }

    /** The current language, 'ja' or 'en'. */
    get language() {
      return this.#i18n.lang;
    }

    /** The current report (with the analysis of the last settings), or null. */
    get report() {
      return this.#report ? { ...this.#report, analysis: this.#analysis } : null;
    }

    /** The step shown: 'landing', 'progress', 'check' or 'dashboard'. */
    get step() {
      return this.#step;
    }

    get #mode() {
      return this.getAttribute('mode') === 'calculator' ? 'calculator' : 'full';
    }

    get #currency() {
      return this.#report?.import.currency || this.getAttribute('currency') || 'JPY';
    }

    #defaultMargin() {
      const m = parseTypedNumber(this.getAttribute('margin'));
      return m != null && Number(m) <= 100 ? m : LeverCalculator.EXAMPLE.grossMarginPercent;
    }

    #makeLandingCalculator() {
      return new LeverCalculator({
        prefix: 'calc',
        heading: () => this.#i18n.t('calc.title'),
        lead: () => this.#i18n.t('calc.lead'),
        getI18n: () => this.#i18n,
        getCurrency: () => this.getAttribute('currency') || 'JPY',
        remember: true,
        onResult: (inputs, result) => this.#emit('ltv-levers', { source: this.#mode === 'calculator' ? 'calculator' : 'landing', inputs, result }),
      }, { ...LeverCalculator.EXAMPLE, grossMarginPercent: this.#defaultMargin() });
    }

    #emit(type, detail) {
      this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
    }

    #setLang(lang, remember = true) {
      this.#i18n = translator(pickLanguage(lang));
      if (remember) language.set(this.#i18n.lang);
      this.#emit('ltv-language', { lang: this.#i18n.lang });
      const focusLang = this.#root.activeElement?.classList.contains('lang');
      this.#render();
      if (focusLang) this.#root.querySelector('.lang')?.focus();
    }

    // ── the flow ────────────────────────────────────────────────────────────────────────────────

    /**
     * Reads a file (or the sample, or several files of one shop) and shows how it was read.
     * Resolves with the report. A column mapping the person chose earlier for the same header
     * is applied unless `options.columns` is given.
     * @param {File|Blob|Array<File|Blob>} files
     * @param {Object} [options] LtvCalculator.analyze options (columns, dayOrder, encoding, …)
     */
    analyze(files, options = {}) {
      return this.#run([].concat(files), options, { remembered: !options.columns });
    }

    get #fileName() {
      return this.#fileNames.join(this.#i18n.t('list.separator'));
    }

    async #run(files, options, { remembered, save }) {
      this.#abort?.abort();
      this.#closeReport();
      this.#error = null;
      this.#files = files;
      this.#fileNames = files.map((f) => f.name || '');
      const abort = (this.#abort = new AbortController());
      this.#go('progress');
      try {
        const opts = { ...options };
        // The options of this reading, also when it fails: the error view reads again from them.
        this.#options = opts;
        this.#remembered = false;
        if (remembered) {
          // The mapping chosen earlier for each file's header (several files: each its own).
          const saved = await Promise.all(files.map(async (f) => mappings.get(await this.#headerOf(f, abort.signal))));
          const choice = (s) => ({
            columns: s.columns,
            ...(s.amountAdjustments ? { amountAdjustments: s.amountAdjustments } : {}),
            ...(s.dayOrder ? { dayOrder: s.dayOrder } : {}),
            ...(s.summaryUnit ? { summaryUnit: s.summaryUnit } : {}),
          });
          if (files.length > 1) {
            opts.perFile = saved.map((s) => (s ? choice(s) : {}));
          } else if (saved[0]) {
            Object.assign(opts, choice(saved[0]), options);
          }
          this.#remembered = saved.some(Boolean);
        }
        // 粗利率 is asked once: the landing calculator's (40 % until the person changes it, or
        // the margin attribute); emptied there, the figures are on revenue and say so.
        const margin = this.#landingCalc ? this.#landingCalc.inputs.grossMarginPercent : this.#defaultMargin();
        this.#params = margin != null && Number(margin) <= 100 ? { grossMarginPercent: margin } : {};
        const report = await analyzeFile(files.length > 1 ? files : files[0], {
          ...opts,
          analysis: this.#params,
          early: true,
          signal: abort.signal,
          onProgress: (p) => this.#progressView?.update(p),
        });
        if (abort.signal.aborted) {
          report.close();
          return null;
        }
        this.#report = report;
        this.#analysis = report.analysis;
        this.#pending = report.complete;
        this.#pending.then(() => {
          if (this.#pending === report.complete) this.#pending = null;
        }, () => {});
        this.#options = opts;
        if (save && !report.pack) {
          // Only header texts and the person's choices are stored, never a cell of the data: not
          // for a "header" that looks like data, nor for a file without one.
          const remember = (imp, o) => !imp.headerLooksLikeData && !imp.noHeader && mappings.set(imp.header, { columns: o.columns || {}, amountAdjustments: o.amountAdjustments || null,
            dayOrder: o.dayOrder || null, summaryUnit: o.summaryUnit || null });
          if (report.import.files) report.import.files.forEach((imp, k) => remember(imp, (opts.perFile || [])[k] || {}));
          else remember(report.import, opts);
        }
        this.#dashCalc = null;
        this.#tableView = null;
        // An LTV pack was read by no column mapping: straight to the figures.
        this.#go(report.pack ? 'dashboard' : 'check');
        await report.complete;
        this.#emit('ltv-result', report);
        return report;
      } catch (e) {
        if (this.#abort !== abort && e.name === 'AbortError') return null; // replaced by a newer file
        if (e.name === 'AbortError') {
          this.#error = { name: 'cancelled' };
          this.#go('landing');
          return null;
        }
        // A file whose columns were not found gets the mapping table, with the core's roles.
        this.#errorRoles = e.details?.header?.length ? await coreRoles().catch(() => null) : null;
        if (this.#abort !== abort) throw e; // another file came meanwhile
        this.#error = e;
        this.#go('landing');
        this.#emit('ltv-error', e);
        throw e;
      } finally {
        if (this.#abort === abort) {
          this.#abort = null;
          this.#progressView = null;
        }
      }
    }

    /** The header cells of a file (from its first 64 KiB), also when its columns were not recognised. */
    async #headerOf(file, signal) {
      try {
        return (await previewFile(file, { signal })).header;
      } catch (e) {
        if (e.details?.header) return e.details.header;
        throw e;
      }
    }

    #quietly(promise) {
      promise.catch(() => {}); // shown in the error panel already
    }

    /**
     * Reads the same file(s) again with other columns, amount adjustments, day order, encoding or
     * currency, and remembers the choice. `file`: which of several files the columns are for.
     */
    #reimport(choice) {
      const opts = { ...this.#options };
      const { file, columns, amountAdjustments, ...rest } = choice;
      if (file != null) {
        opts.perFile = this.#files.map((_, k) => ({ ...(opts.perFile || [])[k] }));
        Object.assign(opts.perFile[file], columns ? { columns } : {}, amountAdjustments ? { amountAdjustments } : {});
      } else {
        if (columns) opts.columns = columns;
        if (amountAdjustments) opts.amountAdjustments = amountAdjustments;
      }
      for (const key of ['dayOrder', 'summaryUnit', 'encoding', 'currency']) if (rest[key]) opts[key] = rest[key];
      if (rest.keepSuspiciousDates != null) opts.keepSuspiciousDates = rest.keepSuspiciousDates;
      if (rest.noHeader != null) opts.noHeader = rest.noHeader;
      this.#quietly(this.#run(this.#files, opts, { remembered: false, save: true }));
    }

    #forgetMapping() {
      for (const imp of this.#report?.import.files || (this.#report ? [this.#report.import] : [])) mappings.forget(imp.header);
      this.#quietly(this.#run(this.#files, {}, { remembered: false }));
    }

    #closeReport() {
      this.#forecastView?.dispose();
      this.#forecastView = null;
      this.#report?.close();
      this.#report = null;
      this.#analysis = null;
    }

    #toLanding() {
      this.#abort?.abort();
      this.#closeReport();
      this.#error = null;
      this.#go('landing');
    }

    /** Shows a step and moves the focus to its heading (keyboard and screen-reader users land there). */
    #go(step) {
      this.#step = step;
      const focusId = { landing: this.#error ? 'error-title' : 'drop-title', progress: 'progress-title', check: 'check-title', dashboard: 'results-title' }[step];
      this.#render().then(() => requestAnimationFrame(() => {
        // In the next frame: focusing now would force a synchronous layout inside this task.
        if (this.#step !== step) return;
        const target = this.#root.getElementById(focusId) || (step === 'landing' && this.#error ? this.#root.getElementById('notice') : null);
        if (target && this.#root.activeElement !== target && this.#mode === 'full' && this.#wasUsed) {
          if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
          target.focus({ preventScroll: step === 'progress' });
          if (step !== 'progress') target.scrollIntoView?.({ block: 'nearest' });
        }
      }));
    }

    /** Focus moves only after the person did something (never on page load). */
    get #wasUsed() {
      return this.#files.length > 0 || this.#error != null;
    }

    // ── the dashboard's actions ─────────────────────────────────────────────────────────────────

    /** Runs the analysis again with `patch` on top of the current parameters (or, `replace`,
     *  instead of them). */
    async #reanalyze(patch, replace = false) {
      const params = replace ? { ...patch } : { ...this.#params, ...patch };
      if (this.#dashCalc) {
        const i = this.#dashCalc.inputs;
        params.acquisitionCost = i.acquisitionCost;
        params.retentionCostPerYear = i.retentionCostPerYear;
      }
      const analysis = await this.#report.reanalyze(params);
      this.#params = params;
      this.#analysis = analysis;
      this.#pending = null; // (a whole analysis)
      const focusedId = this.#root.activeElement?.id;
      const scroll = window.scrollY;
      if (this.#dashCalc && analysis.levers) this.#dashCalc.setInputs(analysis.levers.inputs, analysis.levers);
      await this.#render();
      this.#refreshStatus(true); // 回収期間's 予測, when a forecast is attached
      window.scrollTo({ top: scroll });
      if (focusedId) this.#root.getElementById(focusedId)?.focus({ preventScroll: true });
      this.#emit('ltv-result', this.report);
      this.#say(this.#i18n.t('settings.done'));
    }

    /** The files the dashboard writes: CSV exports and the LTV pack. */
    #exporter = new Exporter({
      i18n: () => this.#i18n,
      report: () => this.#report,
      analysis: () => this.#analysis,
      encoding: () => this.#encoding,
      parent: () => this.#root.querySelector('.ltv'),
      say: (text) => this.#say(text),
      repeatClick: () => this.#repeatClick,
    });

    /** Saves the settings as a small JSON file (every analysis parameter but the date, and the
     *  calculator's costs): a consultant redoes next month's report with one click. */
    #saveSettings() {
      const name = `${this.#i18n.t('settings.file.prefix')}_${this.#analysis.analysisDate}.json`;
      downloadBytes(this.#root.querySelector('.ltv'), settingsFile(this.#params, this.#dashCalc?.inputs), name, 'application/json');
      this.#say(this.#i18n.t('settings.file.saved', { name }));
    }

    /** Applies a settings file: its settings replace the current ones (the analysis date stays). */
    async #loadSettings(blob) {
      const { settings, costs } = await readSettingsFile(blob);
      this.#dashCalc?.setInputs(costs);
      const date = this.#params.analysisDate;
      await this.#reanalyze({ ...(date ? { analysisDate: date } : {}), ...settings }, true);
    }

    /** The LTV pack's salt: the one typed in the settings (8 characters or more), else the remembered one. */
    #packSalt() {
      const typed = this.#root.getElementById('pack-salt')?.value;
      return typed && typed.length >= 8 ? typed : packSalt.get();
    }

    #setEncoding(enc) {
      this.#encoding = enc;
      for (const sel of this.#root.querySelectorAll('select.encoding-select')) sel.value = enc;
    }

    #showCustomers(filter) {
      this.#tableView?.setFilter(filter);
      const target = this.#root.getElementById('customers');
      target?.scrollIntoView({ block: 'start' });
      target?.querySelector('h2')?.focus({ preventScroll: true });
    }

    /** A short message in the status line at the bottom of the screen (also read by screen readers). */
    #say(text) {
      if (!this.#toast) return;
      this.#toast.textContent = text;
      this.#toast.hidden = false;
      clearTimeout(this.#toastTimer);
      this.#toastTimer = setTimeout(() => {
        if (this.#toast) this.#toast.hidden = true;
      }, 8000);
    }

    get #summary() {
      return this.#report?.import.kind === 'customerSummary';
    }

    #dashContext() {
      const forecastView = this.#forecastView;
      return {
        i18n: this.#i18n,
        currency: this.#currency,
        root: this.#root,
        report: this.#report,
        analysis: this.#analysis,
        summary: this.#summary,
        /** The forecast of the current analysis (a getter: the view asks this context for its own parameters). */
        get forecast() {
          return forecastView?.result ?? null;
        },
        fileName: this.#fileName,
        params: this.#params,
        packSalt,
        encoding: this.#encoding,
        actions: {
          reanalyze: (p) => this.#reanalyze(p),
          exportCustomers: (filter, label) => this.#exporter.csv('customers', filter, label, this.#clicked),
          exportFirstProducts: (table, label) => this.#exporter.csv('firstProducts', { table }, label, this.#clicked),
          exportSubscriptionList: (list, label) => this.#exporter.csv('subscription', { list }, label, this.#clicked),
          exportView: (table, label) => this.#exporter.csv('view', { table }, label, this.#clicked),
          exportPayback: (label) => this.#exporter.csv('payback', {}, label, this.#clicked),
          exportPack: (options) => this.#exporter.pack(this.#packSalt(), this.#clicked, options),
          showCustomers: (filter) => this.#showCustomers(filter),
          print: () => window.print(),
          otherFile: () => this.#toLanding(),
          backToCheck: () => this.#go('check'),
          setEncoding: (enc) => this.#setEncoding(enc),
          saveSettings: () => this.#saveSettings(),
          loadSettings: (file) => this.#loadSettings(file),
        },
      };
    }

    #makeDashCalculator() {
      const a = () => this.#analysis;
      const calc = new LeverCalculator({
        prefix: 'dash-calc',
        heading: () => this.#i18n.t('dashCalc.title'),
        lead: () => this.#i18n.t(a().measured.annual.ltv != null ? 'dashCalc.lead' : 'dashCalc.leadToDate'),
        getI18n: () => this.#i18n,
        getCurrency: () => this.#currency,
        onResult: (inputs, result) => {
          this.#levers = result;
          this.#root.querySelector('[data-kpi=cpa]')?.replaceWith(cpaCard(this.#dashContext(), result));
          this.#emit('ltv-levers', { source: 'dashboard', inputs, result });
        },
        extra: () => {
          const { t, decimal } = this.#i18n;
          const years = a().measured.lifetime.expectedYears;
          return h('div', { class: 'actions no-print' },
            h('button', { type: 'button', class: 'button small', text: t('dashCalc.reset'),
              onclick: () => a().levers && calc.setInputs(a().levers.inputs, a().levers) }),
            years != null ? h('button', { type: 'button', class: 'button small', text: t('dashCalc.useYears', { years: decimal(years, 2) }),
              onclick: () => calc.setInputs({ years }) }) : null);
        },
      }, a().levers ? a().levers.inputs : LeverCalculator.EXAMPLE);
      if (a().levers) {
        this.#levers = a().levers;
        calc.setInputs(a().levers.inputs, a().levers);
      }
      return calc;
    }

    /** 今週やること again with the statuses as they are now (the forecast refines them), and, once
     *  the forecast is done (`final`), 回収期間 continued by it (予測): not at its first answer, when
     *  the continuation would keep the file's worker from the table's pages while the forecast runs. */
    async #refreshStatus(final = false) {
      const report = this.#report;
      if (!report || this.#summary || !this.#analysis) return;
      try {
        const [status, payback] = await Promise.all([report.status(), final ? report.payback() : this.#analysis.payback]);
        if (report !== this.#report || !this.#analysis || this.#step !== 'dashboard') return;
        this.#analysis = { ...this.#analysis, status, payback };
        refreshThisWeek(this.#dashContext());
        this.#root.querySelector('#payback')?.replaceWith(paybackView(this.#dashContext()) || '');
      } catch {
        // The section keeps the figures it has (the report was closed meanwhile).
      }
    }

    // ── rendering ───────────────────────────────────────────────────────────────────────────────

    #destroyCharts() {
      for (const f of this.#charts) f.destroyChart();
      this.#charts = [];
      this.#forecastView?.destroyCharts();
    }

    #ctx() {
      return { i18n: this.#i18n, currency: this.#currency, root: this.#root };
    }

    /** Renders the current step. Resolves when every part is on screen (the dashboard comes in pieces). */
    async #render() {
      this.#destroyCharts();
      const isLatest = this.#renders.begin();
      const { t } = this.#i18n;
      const mode = this.#mode;
      const main = h('div', { class: 'step-body' });
      this.#toast = h('div', { class: 'toast', role: 'status', hidden: true });
      this.#root.replaceChildren(...[
        this.#adopted ? null : h('style', { text: widgetCss() }),
        h('div', { class: `ltv mode-${mode} step-${this.#step}`, lang: this.#i18n.lang },
          h('div', { class: 'bar no-print' },
            mode === 'full' && this.#step !== 'landing' ? h('p', { class: 'privacy' }, lockIcon(), t('app.privacy')) : h('span'),
            h('button', {
              type: 'button', class: 'lang', lang: this.#i18n.lang === 'ja' ? 'en' : 'ja',
              'aria-label': t('lang.switchLabel'), text: t('lang.switch'),
              onclick: () => this.#setLang(this.#i18n.lang === 'ja' ? 'en' : 'ja'),
            })),
          mode === 'full' ? this.#stepsNav() : null,
          main,
          this.#toast)].filter(Boolean));
      if (mode === 'calculator') {
        main.append(this.#landingCalc.render());
        return;
      }
      const ctx = this.#ctx();
      if (this.#step === 'landing') {
        appendAll(main, [
          introView(ctx),
          this.#error ? errorView(ctx, { error: this.#error, roles: this.#errorRoles, encoding: this.#options.encoding,
            fileName: this.#fileNames.length > 1 ? this.#fileNames[this.#error.file] : null }, {
            // Several files: the columns are for the file the error is in.
            onReimport: (choice) => this.#reimport(this.#files.length > 1 ? { ...choice, file: this.#error.file ?? 0 } : choice),
            onOtherFile: () => this.#toLanding(),
          }) : null,
          dropZoneView(ctx, {
            onFile: (files) => this.#quietly(this.analyze(files)),
            onSample: () => this.#quietly(sampleBlob().then((csv) => this.analyze(new File([csv], t('drop.sampleFileName'), { type: 'text/csv' })))),
          }),
          this.#landingCalc.render()]);
        prepareWorker(); // a file's worker ready before a file is chosen
      } else if (this.#step === 'progress') {
        this.#progressView = new ProgressView(ctx, { name: this.#fileName, onCancel: () => this.#abort?.abort() });
        this.#progressView.update({ bytes: 0, total: this.#files.reduce((n, f) => n + (f.size || 0), 0), rows: 0, elapsedMs: 0 });
        main.append(this.#progressView.element);
      } else if (this.#step === 'check') {
        if (this.#summary) {
          appendAll(main, summaryCheckView(ctx, { report: this.#report, fileName: this.#fileName, options: this.#options }, {
            onAnalyze: () => this.#go('dashboard'),
            onReimport: (choice) => this.#reimport(choice),
            onOtherFile: () => this.#toLanding(),
          }));
          return;
        }
        appendAll(main, importCheckView(ctx, { report: this.#report, fileName: this.#fileName, fileNames: this.#fileNames, remembered: this.#remembered, options: this.#options }, {
          onAnalyze: () => this.#go('dashboard'),
          onReimport: (choice) => this.#reimport(choice),
          onForget: () => this.#forgetMapping(),
          onOtherFile: () => this.#toLanding(),
        }));
      } else if (this.#step === 'dashboard') {
        await this.#renderDashboard(main, isLatest);
      }
    }

    #stepsNav() {
      const { t } = this.#i18n;
      const at = { landing: 1, progress: 1, check: 2, dashboard: 3 }[this.#step];
      return h('ol', { class: 'steps no-print', 'aria-label': t('steps.label') },
        [1, 2, 3].map((n) => h('li', { class: n < at ? 'done' : n === at ? 'current' : null, 'aria-current': n === at ? 'step' : null },
          h('span', { class: 'num', 'aria-hidden': 'true', text: n < at ? '✓' : String(n) }),
          h('span', { text: t(`steps.${n}`) }),
          n < at ? h('span', { class: 'visually-hidden', text: t('steps.done') }) : null)));
    }

    /** The dashboard, one section per task so that the page stays responsive while it is built. */
    async #renderDashboard(main, isLatest) {
      const summary = this.#summary;
      if (!summary) this.#dashCalc ??= this.#makeDashCalculator();
      this.#forecastView ??= new ForecastView(() => this.#dashContext(), {
        onDone: (forecast) => {
          // The table gains (or loses) the forecast's columns and the statuses its refinement; the
          // event carries the figures.
          this.#tableView?.load();
          this.#refreshStatus(true);
          if (forecast) this.#emit('ltv-forecast', forecast);
        },
        // The first answer's figures are in the table already: show them.
        onPreliminary: () => {
          this.#tableView?.load();
          this.#refreshStatus();
        },
      });
      const d = this.#dashContext();
      // An aggregates-only LTV pack has no customer rows: no table (the view says why).
      if (!aggregatesOnly(d)) this.#tableView ??= new CustomerTableView(() => this.#dashContext());
      const parts = sections(d, { levers: this.#levers, calculator: this.#dashCalc, forecast: this.#forecastView, table: this.#tableView });
      for (const make of parts) {
        if (!isLatest()) return;
        if (make.later && this.#pending) {
          try {
            await this.#pending;
          } catch {
            return; // the import says why
          }
          if (!isLatest()) return;
          main.querySelector('.section-nav')?.replaceWith(sectionNav(d)); // its optional sections
        }
        const el = make();
        if (!el) continue;
        main.append(el);
        const top = el.querySelector('#top');
        if (top) fillTopTable(d, top).catch((e) => top.replaceChildren(h('p', { text: errorText(this.#i18n, e) })));
        // Charts measure their box (a layout) and deferred parts are big: each in a task of its own.
        for (const later of [...el.querySelectorAll('figure.chart')].map((fig) => () => {
          fig.mountChart();
          this.#charts.push(fig);
        }).concat(el.deferred || [])) {
          await nextTask();
          if (!isLatest()) return;
          later();
        }
        await nextTask();
      }
      if (!isLatest()) return;
      main.dataset.complete = 'true';
      // The forecast last: the worker answers the table's first page before it starts (seconds on
      // a big file), and it runs again only when the analysis date, the margin or its settings changed.
      this.#forecastView.ensure();
    }
  }

  /** Registers <ltv-calculator>. Calling it twice (or loading the script twice) is harmless. */
  function define(tag = 'ltv-calculator', registry = customElements) {
    if (!registry.get(tag)) registry.define(tag, LtvCalculatorElement);
    return LtvCalculatorElement;
  }

  return Object.freeze({ Element: LtvCalculatorElement, define });
})();
