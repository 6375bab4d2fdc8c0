// What the dashboard writes to files and reads back: the CSV exports (customers, 初回購入商品別, the
// 通販 views' tables, the 定期 lists), the LTV pack, and the settings file. An export runs once at a
// time per kind and marks the button that started it busy. Defines `LtvExports` only.
'use strict';

const LtvExports = (() => {
  const { downloadBytes } = LtvDom;
  const { safeFilePart } = LtvUtil;
  const { errorText, exportLabels } = LtvText;
  const { productExportLabels } = LtvProducts;
  const { subscriptionExportLabels } = LtvSubscription;
  const { viewExportLabels } = LtvViews;
  const { paybackExportLabels } = LtvPayback;

  /** The analysis parameters a settings file never carries: a monthly report is redone on the
   *  next file as of its own last day. Every other parameter the analysis was given is a setting. */
  const NOT_SETTINGS = ['analysisDate'];
  /** The calculator's inputs a settings file carries. */
  const CALCULATOR_KEYS = ['acquisitionCost', 'retentionCostPerYear'];
  const isSetting = (key) => !NOT_SETTINGS.includes(key) && !CALCULATOR_KEYS.includes(key);
  /** A settings file is small: anything larger is not one. */
  const MAX_SETTINGS_BYTES = 1 << 20;

  /** An error of a settings file, worded by `settings.file.error.<code>`. */
  const settingsError = (code) => Object.assign(new Error(code), { name: 'settings_file', code });

  /**
   * How each CSV export is asked of the report, and the prefix of its file name. `filter` is the
   * table's filter, or `{table}` / `{list}` of a view.
   */
  const CSV = {
    customers: { prefix: 'export.filePrefix',
      write: (report, filter, enc, i18n, analysis) => report.exportCustomers({ ...filter, encoding: enc, ...(analysis ? { labels: exportLabels(i18n, analysis) } : {}) }) },
    firstProducts: { prefix: 'products.filePrefix',
      write: (report, filter, enc, i18n) => report.exportFirstProducts({ ...filter, encoding: enc, labels: productExportLabels(i18n) }) },
    view: { prefix: 'views.filePrefix',
      write: (report, filter, enc, i18n) => report.exportView({ ...filter, encoding: enc, ...viewExportLabels(i18n, filter.table) }) },
    payback: { prefix: 'views.filePrefix',
      write: (report, filter, enc, i18n, analysis) => report.exportPayback({ encoding: enc, ...paybackExportLabels(i18n, analysis?.payback?.profit) }) },
    subscription: { prefix: 'subscription.filePrefix',
      write: (report, filter, enc, i18n) => report.exportSubscriptionList({ ...filter, encoding: enc, labels: subscriptionExportLabels(i18n) }) },
  };

  /**
   * The dashboard's file writer. `host` gives what is current when a file is written:
   * {i18n(), report(), analysis(), encoding(), parent() (where the download link goes), say(text),
   * repeatClick() (the latest click was the second of a double click)}.
   */
  class Exporter {
    /** Exports under way, by what they export: a second click on the same button does nothing. */
    #busy = new Set();
    #host;

    constructor(host) {
      this.#host = host;
    }

    /**
     * A CSV export: `kind` one of customers, firstProducts, view, subscription; `label` names the
     * file; `button` (the one clicked) shows that the export runs.
     */
    csv(kind, filter, label, button) {
      const host = this.#host;
      const enc = host.encoding();
      return this.#once(JSON.stringify([kind, filter, label, enc]), button, async () => {
        const { t, count } = host.i18n();
        const file = await CSV[kind].write(host.report(), filter, enc, host.i18n(), host.analysis());
        const name = `${t(CSV[kind].prefix)}_${safeFilePart(label)}_${host.analysis().analysisDate}${enc === 'shiftJis' ? '_sjis' : ''}.csv`;
        downloadBytes(host.parent(), file.bytes, name, enc === 'shiftJis' ? 'text/csv;charset=shift_jis' : 'text/csv;charset=utf-8');
        return t('export.done', { rows: count(file.rows), name }) + (file.unmappable ? ` ${t('export.unmappable', { n: count(file.unmappable) })}` : '');
      });
    }

    /** The LTV pack of the data: customers under ids salted with `salt`, no personal data. */
    pack(salt, button, options = {}) {
      const host = this.#host;
      return this.#once('pack', button, async () => {
        const { t, count } = host.i18n();
        const file = await host.report().exportPack(salt, options);
        const onlyAggregates = options.customerRows === false;
        const name = `${t(onlyAggregates ? 'pack.aggFilePrefix' : 'pack.filePrefix')}_${host.analysis().analysisDate}.ltvpack.csv`;
        downloadBytes(host.parent(), file.bytes, name, 'text/csv;charset=utf-8');
        return t(onlyAggregates ? 'pack.aggDone' : 'pack.done', { name, customers: count(host.report().import.customers), k: count(options.k ?? 10) });
      });
    }

    /** Runs `write` (resolving to the message to show) unless the same export runs already, or
     *  the click that asked is the second of a double click (a small file can be written before
     *  it arrives: one double click, one file). The button shows it runs (aria-busy, a spinner)
     *  and keeps the focus (not `disabled`). */
    async #once(key, button, write) {
      if (this.#busy.has(key) || this.#host.repeatClick?.()) return;
      this.#busy.add(key);
      const host = this.#host;
      button?.setAttribute('aria-busy', 'true');
      button?.setAttribute('aria-disabled', 'true');
      host.say(host.i18n().t('export.busy'));
      try {
        host.say(await write());
      } catch (e) {
        host.say(errorText(host.i18n(), e));
      } finally {
        this.#busy.delete(key);
        button?.removeAttribute('aria-busy');
        button?.removeAttribute('aria-disabled');
      }
    }
  }

  /**
   * The settings as a small JSON file (margin, CPA per channel, thresholds, 商品マスタ, 回数別, 定期, the
   * calculator's costs), so that a consultant redoes next month's report with one click.
   * @returns {Uint8Array}
   */
  function settingsFile(params, calculatorInputs) {
    const pick = (o, keys) => Object.fromEntries(keys.filter((k) => o[k] != null && o[k] !== '').map((k) => [k, o[k]]));
    const file = {
      ltvSettings: 1,
      analysis: { ...pick(params, Object.keys(params).filter(isSetting)), ...pick(calculatorInputs || {}, CALCULATOR_KEYS) },
    };
    return new TextEncoder().encode(`${JSON.stringify(file, null, 2)}\n`);
  }

  /**
   * Reads a settings file: `{settings, costs}` (the analysis parameters, and the calculator's costs
   * with '' for one not in the file). Throws a `settings_file` error with the code of what is wrong.
   */
  async function readSettingsFile(blob) {
    if (blob.size > MAX_SETTINGS_BYTES) throw settingsError('tooLarge');
    let file;
    try {
      file = JSON.parse(await blob.text());
    } catch {
      throw settingsError('notJson');
    }
    const analysis = file && typeof file === 'object' ? file.analysis : null;
    if (file?.ltvSettings !== 1 || !analysis || typeof analysis !== 'object' || Array.isArray(analysis)) throw settingsError('notSettings');
    const kept = (keys) => Object.fromEntries(keys.filter((k) => Object.hasOwn(analysis, k)).map((k) => [k, analysis[k]]));
    const costs = kept(CALCULATOR_KEYS);
    return {
      settings: kept(Object.keys(analysis).filter(isSetting)),
      costs: Object.fromEntries(CALCULATOR_KEYS.map((k) => [k, costs[k] == null ? '' : String(costs[k])])),
    };
  }

  return Object.freeze({ Exporter, settingsFile, readSettingsFile });
})();
