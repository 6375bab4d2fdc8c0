// The guided flow around the import check: the landing step (what the tool does, the privacy
// promise, the drop zone), the progress of an import, and errors (with the column mapping when
// the columns were not recognised). Classic script, concatenated by tools/build-www.mjs; defines
// `LtvFlow` only.
'use strict';

const LtvFlow = (() => {
  const { h, lockIcon } = LtvDom;
  const { errorText } = LtvText;
  const { mappingEditor, encodingChoice } = LtvCheck;

  /** The landing step's intro: one sentence and the privacy promise. */
  function introView(ctx) {
    const { t } = ctx.i18n;
    return h('section', { class: 'intro', 'aria-labelledby': 'intro-title' },
      h('h2', { id: 'intro-title', class: 'intro-title', tabindex: '-1', text: t('intro.title') }),
      h('p', { class: 'intro-lead', text: t('intro.lead') }),
      h('p', { class: 'promise' },
        h('strong', {}, lockIcon(), t('intro.promise')),
        h('span', { text: ` ${t('intro.promiseDetail')}` })));
  }

  /**
   * The drop zone with the file button and the sample button.
   * @param {ViewContext} ctx
   * @param {{onFile: function(Array<File>): void, onSample: function(): void}} actions the files
   *   chosen or dropped (several: one shop's files, read as one)
   */
  function dropZoneView(ctx, actions) {
    const { t } = ctx.i18n;
    const input = h('input', {
      type: 'file', hidden: true, multiple: true, accept: '.csv,.tsv,.txt,text/csv,text/tab-separated-values',
      onchange: (e) => {
        const files = [...e.target.files];
        e.target.value = '';
        if (files.length) actions.onFile(files);
      },
    });
    const zone = h('section', { class: 'card drop', id: 'drop', 'aria-labelledby': 'drop-title' },
      h('h2', { id: 'drop-title', tabindex: '-1', text: t('drop.title') }),
      h('p', { class: 'hint', text: t('drop.hint') }),
      h('div', { class: 'actions' },
        input,
        h('button', { type: 'button', class: 'button primary', text: t('drop.choose'), onclick: () => input.click() }),
        h('button', { type: 'button', class: 'button', text: t('drop.sample'), onclick: () => actions.onSample() })),
      h('p', { class: 'formats', text: t('drop.formats') }),
      h('p', { class: 'formats', text: t('drop.columns') }),
      h('p', { class: 'formats', text: t('drop.summary') }),
      h('p', { class: 'formats', id: 'drop-pack', text: t('drop.pack') }));
    zone.addEventListener('dragover', (e) => {
      e.preventDefault();
      zone.classList.add('over');
    });
    zone.addEventListener('dragleave', () => zone.classList.remove('over'));
    zone.addEventListener('drop', (e) => {
      e.preventDefault();
      zone.classList.remove('over');
      const files = [...(e.dataTransfer?.files || [])];
      if (files.length) actions.onFile(files);
    });
    return zone;
  }

  /**
   * The progress of an import: built once, then only its numbers change (so the cancel button
   * keeps the keyboard focus while the figures move).
   */
  class ProgressView {
    #ctx;
    #bar;
    #detail;
    #left;
    element;

    /** @param {ViewContext} ctx @param {{name: string, onCancel: function(): void}} opts */
    constructor(ctx, opts) {
      this.#ctx = ctx;
      const { t } = ctx.i18n;
      this.#bar = h('progress', { max: '1', value: '0', 'aria-labelledby': 'progress-title' });
      this.#detail = h('p', { class: 'detail', text: '' });
      this.#left = h('p', { class: 'detail left', text: '' });
      this.element = h('section', { class: 'card progress', id: 'progress', 'aria-labelledby': 'progress-title' },
        h('h2', { id: 'progress-title', tabindex: '-1', text: t('progress.reading') }),
        opts.name ? h('p', { class: 'file-name', text: opts.name }) : null,
        this.#bar, this.#detail, this.#left,
        h('button', { type: 'button', class: 'button', text: t('progress.cancel'), onclick: opts.onCancel }));
    }

    /** @param {{bytes: number, total: number, rows: number|null, elapsedMs: number}} p `rows: null`: an LTV pack (no rows: megabytes read are shown) */
    update(p) {
      const { t, count, num, percent } = this.#ctx.i18n;
      const ratio = p.total ? Math.min(1, p.bytes / p.total) : 0;
      const seconds = p.elapsedMs / 1000;
      const rate = seconds > 0 ? p.rows / seconds : 0;
      const left = ratio > 0.02 && seconds > 0.3 ? Math.max(0, Math.round((seconds / ratio) * (1 - ratio))) : null;
      this.#bar.value = ratio;
      this.#bar.setAttribute('aria-valuetext', percent(ratio, 0));
      const mb = (bytes) => num(bytes / 1e6, 0);
      this.#detail.textContent = p.rows == null
        ? t('progress.detailBytes', { percent: percent(ratio, 0), read: mb(p.bytes), total: mb(p.total) })
        : t('progress.detail', { percent: percent(ratio, 0), rows: count(p.rows), rate: count(rate) });
      // Every byte read: the figures are being computed (seconds on a large file), not "0 s left".
      this.#left.textContent = ratio >= 1 ? t('progress.computing')
        : left != null ? t('progress.left', { seconds: count(left) }) : t('progress.estimating');
    }
  }

  /**
   * An error, with what to do next. A file whose columns were not recognised gets the mapping
   * table right here (with the core's `roles`), so the person can say which column is which.
   * @param {ViewContext} ctx
   * @param {{error: Error & {details?: Object}, roles: Array<{role: string, need: string}>|null, fileName?: string|null, encoding?: string}} state
   *   `fileName`: which of several files the error is in; `encoding`: the one asked for, if any
   * @param {{onReimport: function({columns?: Object, encoding?: string, noHeader?: boolean}): void, onOtherFile: function(): void}} actions
   */
  function errorView(ctx, { error: e, roles, fileName, encoding }, actions) {
    const { t } = ctx.i18n;
    if (e.name === 'cancelled') {
      return h('section', { class: 'notice', role: 'status', id: 'notice' }, h('p', { text: t('progress.cancelled') }));
    }
    const header = e.details?.header;
    const canMap = (e.name === 'missing_columns' || e.name === 'unknown_column') && header && header.length && roles;
    const editor = canMap ? mappingEditor(ctx, { header, mapping: {}, sample: [], roles }) : null;
    return h('section', { class: 'card error', id: 'error', role: 'alert', 'aria-labelledby': 'error-title' },
      h('h2', { id: 'error-title', tabindex: '-1', text: t('error.title') }),
      fileName ? h('p', { class: 'file-name', text: t('error.inFile', { name: fileName }) }) : null,
      h('p', { class: 'error-text', text: errorText(ctx.i18n, e) }),
      e.details?.headerLooksLikeData ? h('div', { class: 'no-header', id: 'no-header' },
        h('p', { class: 'warn', text: t('error.noHeader.hint') }),
        h('button', { type: 'button', class: 'button primary', id: 'no-header-button', text: t('check.noHeader.button'),
          onclick: () => actions.onReimport({ noHeader: true }) })) : null,
      editor ? h('div', { class: 'error-mapping' },
        h('h3', { text: t('error.mapping.title') }),
        h('p', { text: t('error.mapping.hint') }),
        editor.element,
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'button primary', text: t('check.reimport'), onclick: () => actions.onReimport({ columns: editor.choice() }) }))) : null,
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'button', text: t('check.otherFile'), onclick: actions.onOtherFile })),
      // A file read in the wrong encoding (e.g. a UTF-8 header over Shift_JIS rows) can be read
      // again in another one from here too.
      READ_ERRORS.has(e.name) ? encodingChoice(ctx, encoding, (choice) => actions.onReimport({ encoding: choice })) : null);
  }

  /** Errors about what the file says (not what kind of file it is): another encoding may help. */
  const READ_ERRORS = new Set(['missing_columns', 'unknown_column', 'no_data_rows', 'no_usable_rows']);

  return Object.freeze({ introView, dropZoneView, ProgressView, errorView });
})();
