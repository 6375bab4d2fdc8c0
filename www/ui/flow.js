// The guided flow before the dashboard: the landing step (what the tool does, the privacy
// promise, the drop zone), the progress of an import, errors, and the import check (how the file
// was read, which column plays which role, what was skipped and why; change a column or the day
// order and read the file again).
'use strict';

/** @typedef {{i18n: Object, currency: string, root: ShadowRoot}} ViewContext */

/** The roles in the order the mapping table lists them; `required` ones are needed to import. */
const LTV_ROLES = [
  { role: 'customer', required: 'key' },
  { role: 'email', required: 'key' },
  { role: 'date', required: true },
  { role: 'amount', required: true },
  { role: 'orderId' },
  { role: 'status' },
  { role: 'channel' },
  { role: 'profit' },
  { role: 'cost' },
  { role: 'refund' },
  { role: 'cancelledAt' },
  { role: 'time' },
  { role: 'quantity' },
  { role: 'product' },
  { role: 'currency' },
];

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
 * @param {{onFile: function(File): void, onSample: function(): void}} actions
 */
function dropZoneView(ctx, actions) {
  const { t } = ctx.i18n;
  const input = h('input', {
    type: 'file', hidden: true, accept: '.csv,.tsv,.txt,text/csv,text/tab-separated-values',
    onchange: (e) => {
      const file = e.target.files[0];
      e.target.value = '';
      if (file) actions.onFile(file);
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
    h('p', { class: 'formats', text: t('drop.summary') }));
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    const file = e.dataTransfer?.files?.[0];
    if (file) actions.onFile(file);
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

  /** @param {{bytes: number, total: number, rows: number, elapsedMs: number}} p */
  update(p) {
    const { t, count, percent } = this.#ctx.i18n;
    const ratio = p.total ? Math.min(1, p.bytes / p.total) : 0;
    const seconds = p.elapsedMs / 1000;
    const rate = seconds > 0 ? p.rows / seconds : 0;
    const left = ratio > 0.02 && seconds > 0.3 ? Math.max(0, Math.round((seconds / ratio) * (1 - ratio))) : null;
    this.#bar.value = ratio;
    this.#bar.setAttribute('aria-valuetext', percent(ratio, 0));
    this.#detail.textContent = t('progress.detail', { percent: percent(ratio, 0), rows: count(p.rows), rate: count(rate) });
    this.#left.textContent = left != null ? t('progress.left', { seconds: count(left) }) : t('progress.estimating');
  }
}

/** The text of an error from the engine, in the current language. */
function errorText(i18n, e) {
  const { t, count } = i18n;
  const d = e.details || {};
  const sep = t('list.separator');
  const params = {
    ...d,
    rows: d.rows != null ? count(d.rows) : '',
    line: d.line != null ? count(d.line) : '',
    value: d.value ?? '',
    message: e.message,
    missing: (d.missing || []).map((r) => t(`role.${r}`)).join(sep),
    header: (d.header || []).join(sep),
    reason: d.reason ? t(`issue.${d.reason}`) : '',
    looksLike: d.looksLike ? t(`looksLike.${d.looksLike}`) : '',
    role: d.role ? t(`role.${d.role}`) : '',
    param: d.name ? t(`param.${d.name}`) : '',
  };
  const key = `error.${e.name}`;
  return key in LtvI18n.messages.ja ? t(key, params) : t('error.internal', params);
}

/**
 * An error, with what to do next. A file whose columns were not recognised gets the mapping
 * table right here, so the person can say which column is which.
 */
function errorView(ctx, e, actions) {
  const { t } = ctx.i18n;
  if (e.name === 'cancelled') {
    return h('section', { class: 'notice', role: 'status', id: 'notice' }, h('p', { text: t('progress.cancelled') }));
  }
  const header = e.details?.header;
  const canMap = (e.name === 'missing_columns' || e.name === 'unknown_column') && header && header.length;
  const editor = canMap ? mappingEditor(ctx, { header, mapping: {}, sample: [] }) : null;
  return h('section', { class: 'card error', id: 'error', role: 'alert', 'aria-labelledby': 'error-title' },
    h('h2', { id: 'error-title', tabindex: '-1', text: t('error.title') }),
    h('p', { class: 'error-text', text: errorText(ctx.i18n, e) }),
    editor ? h('div', { class: 'error-mapping' },
      h('h3', { text: t('error.mapping.title') }),
      h('p', { text: t('error.mapping.hint') }),
      editor.element,
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'button primary', text: t('check.reimport'), onclick: () => actions.onReimport({ columns: editor.choice() }) }))) : null,
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'button', text: t('check.otherFile'), onclick: actions.onOtherFile })));
}

/**
 * The column mapping as a table: one select per role, listing the header cells, and the first
 * values of the chosen column.
 * @param {ViewContext} ctx
 * @param {{header: string[], mapping: Object<string,string>, sample: string[][]}} spec
 * @returns {{element: HTMLElement, choice: function(): Object<string,string>, changed: function(): boolean}}
 */
function mappingEditor(ctx, spec) {
  const { t } = ctx.i18n;
  const selects = new Map();
  const exampleCells = new Map();
  const examples = (col) => {
    const j = spec.header.indexOf(col);
    if (j < 0) return '';
    return spec.sample.slice(0, 3).map((r) => r[j] ?? '').filter((v) => v !== '').join(' / ');
  };
  const rows = LTV_ROLES.map(({ role, required }) => {
    const chosen = spec.mapping[role] ?? '';
    const example = h('td', { class: 'example', text: examples(chosen) });
    const select = h('select', { id: `map-${role}`, name: role, 'aria-describedby': `map-${role}-what`,
      onchange: () => {
        example.textContent = examples(select.value);
        // A column serves one role (as in the core): the role that had it lets it go.
        for (const [other, sel] of selects) {
          if (other !== role && select.value && sel.value === select.value) {
            sel.value = '';
            exampleCells.get(other).textContent = '';
          }
        }
      } },
      h('option', { value: '', text: t('check.mapping.none') }),
      spec.header.map((col) => h('option', { value: col, '.selected': col === chosen, text: col || t('check.mapping.blankHeader') })));
    selects.set(role, select);
    exampleCells.set(role, example);
    return h('tr', { 'data-role': role },
      h('th', { scope: 'row' },
        h('label', { for: `map-${role}`, text: t(`role.${role}`) }),
        required === true ? h('span', { class: 'badge required', text: t('check.mapping.required') }) : null,
        required === 'key' ? h('span', { class: 'badge required', text: t('check.mapping.requiredKey') }) : null,
        h('span', { class: 'what', id: `map-${role}-what`, text: t(`role.${role}.what`) })),
      h('td', {}, select),
      example);
  });
  const table = h('table', { class: 'mapping' },
    h('caption', { id: 'mapping-caption', text: t('check.mapping.caption') }),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col', text: t('check.mapping.role') }),
      h('th', { scope: 'col', text: t('check.mapping.column') }),
      h('th', { scope: 'col', text: t('check.mapping.example') }))),
    h('tbody', {}, rows));
  const element = scrollTable('mapping-caption', table, 'mapping-wrap');
  return {
    element,
    /** Every role pinned to what the selects say ('' = no column): exactly what the person sees. */
    choice: () => Object.fromEntries([...selects].map(([role, sel]) => [role, sel.value])),
    changed: () => [...selects].some(([role, sel]) => sel.value !== (spec.mapping[role] ?? '')),
  };
}

/** A `a/b/yyyy` date from the sample, to show both ways of reading it. */
function ambiguousExample(imp) {
  const col = imp.header.indexOf(imp.mapping.date);
  for (const row of imp.sample) {
    const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})/.exec(row[col] || '');
    if (m) return { text: row[col], a: Number(m[1]), b: Number(m[2]) };
  }
  return null;
}

/**
 * The import check: how the file was read, and the way to correct it.
 * @param {ViewContext} ctx
 * @param {{report: Object, fileName: string, remembered: boolean, options: Object}} state
 * @param {{onAnalyze: function(): void, onReimport: function({columns?: Object, dayOrder?: string}): void, onForget: function(): void,
 *          onOtherFile: function(): void}} actions
 */
/** Rows left out, by reason (the import check of orders and of summary files). */
function skippedTable(ctx, imp) {
  const { t, count } = ctx.i18n;
  return scrollTable('skipped-title', dataTable({
    columns: [
      { label: t('check.skipped.reason'), head: true, cell: ([kind]) => t(`issue.${kind}`) },
      { label: t('check.skipped.rows'), num: true, cell: ([, n]) => count(n) },
    ],
    rows: Object.entries(imp.skipped),
    rowAttrs: ([kind]) => ({ 'data-reason': kind }),
  }));
}

function importCheckView(ctx, state, actions) {
  const i18n = ctx.i18n;
  const { t, count, day } = i18n;
  const imp = state.report.import;
  const editor = mappingEditor(ctx, { header: imp.header, mapping: imp.mapping, sample: imp.sample });
  const skippedTotal = Object.values(imp.skipped).reduce((a, b) => a + b, 0);
  const fact = (label, ...value) => h('div', { class: 'fact' }, h('dt', { text: label }), h('dd', {}, ...value));
  const keyColumn = imp.mapping[imp.customerKey === 'email' ? 'email' : 'customer'];
  const notes = [];
  if (imp.lineItemRows) notes.push(t('check.note.lineItems', { rows: count(imp.lineItemRows) }));
  if (imp.refundRows) notes.push(t('check.note.refunds', { rows: count(imp.refundRows) }));
  if (imp.mergedRepeats) notes.push(t('check.note.merged', { orders: count(imp.mergedRepeats) }));
  if (imp.refundOnlyCustomers) notes.push(t('check.note.refundOnly', { customers: count(imp.refundOnlyCustomers) }));
  if (imp.emailFallbackOrders) notes.push(t('check.note.emailFallback', { orders: count(imp.emailFallbackOrders) }));
  if (imp.blankLines) notes.push(t('check.note.blank', { rows: count(imp.blankLines) }));

  const example = ambiguousExample(imp);
  // Asked when the data could not decide; kept on screen after the person answered (to change it).
  const dayOrderBlock = imp.dayOrder && (imp.dayOrderAssumed || imp.dayOrderConflict || state.options.dayOrder)
    ? h('fieldset', { class: 'day-order', id: 'day-order' },
      h('legend', { text: t('check.dayOrder.title') }),
      h('p', { text: example
        ? t('check.dayOrder.example', { value: example.text, monthFirst: t('check.dayOrder.md', { m: example.a, d: example.b }), dayFirst: t('check.dayOrder.md', { m: example.b, d: example.a }) })
        : t('check.dayOrder.question') }),
      imp.dayOrderConflict ? h('p', { class: 'warn', text: t('check.dayOrder.conflict') }) : null,
      ['monthFirst', 'dayFirst'].map((order) => h('div', { class: 'radio' },
        h('input', { type: 'radio', name: 'dayOrder', id: `day-order-${order}`, value: order, '.checked': imp.dayOrder === order }),
        h('label', { for: `day-order-${order}`, text: t(`check.dayOrder.${order}`) }))),
      h('button', { type: 'button', class: 'button', text: t('check.dayOrder.apply'), onclick: (e) => {
        const picked = e.target.closest('fieldset').querySelector('input:checked')?.value;
        if (picked) actions.onReimport({ dayOrder: picked });
      } }))
    : null;

  // Several cards: those below the fold are laid out only when scrolled near (content-visibility),
  // which keeps the step's first frame short.
  return [h('section', { class: 'card check', id: 'check', 'aria-labelledby': 'check-title' },
    h('h2', { id: 'check-title', tabindex: '-1', text: t('check.title') }),
    h('p', { class: 'lead', text: t('check.lead') }),
    state.remembered ? h('p', { class: 'notice remembered', role: 'status' },
      h('span', { text: t('check.remembered') }), ' ',
      h('button', { type: 'button', class: 'link', text: t('check.forget'), onclick: actions.onForget })) : null,
    h('dl', { class: 'facts' },
      fact(t('check.file'), h('span', { class: 'file-name', text: state.fileName || t('check.noName') })),
      fact(t('check.encoding'), `${t(`encoding.${imp.encoding}`)}${imp.encodingDetected ? ` (${t('check.detected')})` : ''}`),
      fact(t('check.delimiter'), t(`delimiter.${{ ',': 'comma', '\t': 'tab', ';': 'semicolon', '|': 'pipe' }[imp.delimiter] || 'other'}`)),
      fact(t('check.headerLine'), t('check.headerLine.value', { line: count(imp.headerLine) })),
      fact(t('check.rows'), t('import.summary', { rows: count(imp.rows), orders: count(imp.orders), customers: count(imp.customers) })),
      imp.firstDay ? fact(t('check.period'), `${day(imp.firstDay)} – ${day(imp.lastDay)}`) : null,
      fact(t('check.customerKey'), t(`import.key.${imp.customerKey}`, { column: keyColumn })),
      fact(t('check.amount'), t(`amountKind.${imp.amountKind}`)),
      fact(t('check.currency'), imp.currencyAssumed ? t('check.currency.assumed', { currency: imp.currency }) : imp.currency)),
    imp.mojibake ? h('p', { class: 'warn', role: 'alert', text: t('check.mojibake') }) : null,
    notes.length ? h('ul', { class: 'notes' }, notes.map((n) => h('li', { text: n }))) : null,
    dayOrderBlock,
    h('div', { class: 'actions primary-actions' },
      h('button', { type: 'button', class: 'button primary', id: 'analyze-button', text: t('check.analyze'), onclick: actions.onAnalyze }),
      h('button', { type: 'button', class: 'button', text: t('check.otherFile'), onclick: actions.onOtherFile })),
    // A secondary control, after the main action: read the file again in another encoding.
    h('label', { class: 'encoding-choice' }, h('span', { text: t('check.encoding.change') }), ' ',
      h('select', { id: 'encoding-choice', onchange: (e) => actions.onReimport({ encoding: e.target.value }) },
        ['auto', 'utf-8', 'shift_jis', 'utf-16le'].map((enc) => h('option', {
          value: enc,
          '.selected': (state.options.encoding || 'auto') === enc,
          text: enc === 'auto' ? t('check.encoding.auto') : t(`encoding.${enc}`),
        }))))),

  h('div', { class: 'card check-sample' },
    h('h3', { id: 'sample-title', text: t('check.sample.title', { rows: count(Math.min(imp.sample.length, 5)) }) }),
    scrollTable('sample-title', h('table', { class: 'sample' },
      h('thead', {},
        h('tr', {}, imp.header.map((col) => h('th', { scope: 'col', text: col }))),
        h('tr', { class: 'roles' }, imp.header.map((col) => {
          const roles = Object.entries(imp.mapping).filter(([, c]) => c === col).map(([r]) => t(`role.${r}`));
          return h('td', { class: roles.length ? 'mapped' : null, text: roles.length ? `→ ${roles.join(t('list.separator'))}` : t('check.sample.unused') });
        }))),
      h('tbody', {}, imp.sample.slice(0, 5).map((row) => h('tr', {}, imp.header.map((_, j) => h('td', { text: row[j] ?? '' })))))))),

  h('div', { class: 'card check-skipped' },
    h('h3', { id: 'skipped-title', text: t('check.skipped.title') }),
    skippedTotal === 0
      ? h('p', { class: 'skipped-none', text: t('check.skipped.none') })
      : h('div', { class: 'skipped' },
        h('p', { text: t('import.skipped', { count: count(skippedTotal) }) }),
        skippedTable(ctx, imp),
        imp.issues.length ? h('h4', { text: t('check.skipped.examples') }) : null,
        imp.issues.length ? h('ul', { class: 'issue-lines' }, imp.issues.slice(0, 10).map((i) =>
          h('li', {}, `${t('issue.line', { line: count(i.line) })} — ${t(`issue.${i.kind}`)}`, i.value ? h('code', { text: i.value }) : null))) : null),

    imp.statuses.length ? h('h3', { id: 'status-title', text: t('check.status.title') }) : null,
    imp.statuses.length ? scrollTable('status-title', dataTable({
      columns: [
        { label: t('check.status.value'), head: true, cell: (st) => st.value || t('check.status.blank') },
        { label: t('check.status.orders'), num: true, cell: (st) => count(st.orders) },
        { label: t('check.status.rule'), cell: (st) => h('span', { class: `status-rule rule-${st.rule}`, text: t(`statusRule.${st.rule}`) }) },
      ],
      rows: imp.statuses,
    })) : null),

  h('div', { class: 'card check-mapping' },
    h('div', { class: 'actions primary-actions' },
      h('button', { type: 'button', class: 'button primary', text: t('check.analyze'), onclick: actions.onAnalyze })),

    // Closed until wanted: the table of 15 selects is the heaviest part of the step to lay out.
    h('details', { class: 'mapping-details', id: 'mapping-details', ontoggle: (e) => e.target.open && e.target.scrollIntoView({ block: 'nearest' }) },
      h('summary', { id: 'mapping-title', text: t('check.mapping.title') }),
      h('p', { text: t('check.mapping.hint') }),
      editor.element,
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'button', id: 'reimport-button', text: t('check.reimport'),
          onclick: () => actions.onReimport({ columns: editor.choice() }) }))))];
}

/** The columns of a per-customer summary file, in the order the check lists them (lifetimes' names). */
const LTV_SUMMARY_COLUMNS = [
  { id: 'customer', names: ['customerid', 'customer', 'id', 'cust', '顧客id', '会員id'] },
  { id: 'frequency', names: ['frequency', 'x'] },
  { id: 'recency', names: ['recency', 'tx'] },
  { id: 't', names: ['t', 'tcal'] },
  { id: 'monetary', names: ['monetaryvalue', 'monetary', 'averagespend'] },
];

/** The header cell the core matched for a summary column (the same names, compared loosely). */
function summaryColumnOf(header, names) {
  const plain = (s) => String(s).normalize('NFKC').toLowerCase().replace(/[\s_\-.()（）]/g, '');
  return header.find((cell) => names.includes(plain(cell))) ?? null;
}

/**
 * The import check of a per-customer summary file: what the file is, which column means what,
 * and the question only the person can answer: the time unit of recency and T.
 * @param {ViewContext} ctx
 * @param {{report: Object, fileName: string, options: Object}} state
 * @param {{onAnalyze: function(): void, onReimport: function({summaryUnit: string}): void, onOtherFile: function(): void}} actions
 */
function summaryCheckView(ctx, state, actions) {
  const i18n = ctx.i18n;
  const { t, count, num } = i18n;
  const imp = state.report.import;
  const unit = imp.summaryUnit || 'days';
  const skippedTotal = Object.values(imp.skipped).reduce((a, b) => a + b, 0);
  const fact = (label, ...value) => h('div', { class: 'fact' }, h('dt', { text: label }), h('dd', {}, ...value));
  const tColumn = summaryColumnOf(imp.header, LTV_SUMMARY_COLUMNS[3].names);
  const tIndex = imp.header.indexOf(tColumn);
  const firstT = tIndex >= 0 ? Number(imp.sample[0]?.[tIndex]) : NaN;
  const columns = dataTable({
    captionId: 'summary-columns-caption',
    caption: t('summary.columns.caption'),
    columns: [
      { label: t('summary.columns.name'), head: true, cell: (c) => t(`summary.col.${c.id}`) },
      { label: t('summary.columns.column'), cell: (c) => summaryColumnOf(imp.header, c.names) ?? t('summary.columns.missing') },
      { label: t('summary.columns.meaning'), cls: 'meaning', cell: (c) => t(`summary.col.${c.id}.what`) },
    ],
    rows: LTV_SUMMARY_COLUMNS,
    rowAttrs: (c) => ({ 'data-column': c.id }),
  });
  const unitBlock = h('fieldset', { class: 'day-order summary-unit', id: 'summary-unit' },
    h('legend', { text: t('summary.unit.title') }),
    h('p', { text: t('summary.unit.question') }),
    Number.isFinite(firstT) ? h('p', { class: 'hint', text: t('summary.unit.example', {
      value: num(firstT, 2), daysMonths: num(firstT / 30.44, 1), weeksAsDays: num(firstT * 7, 0), weeksMonths: num((firstT * 7) / 30.44, 1) }) }) : null,
    ['days', 'weeks'].map((u) => h('div', { class: 'radio' },
      h('input', { type: 'radio', name: 'summaryUnit', id: `summary-unit-${u}`, value: u, '.checked': unit === u }),
      h('label', { for: `summary-unit-${u}`, text: t(`summary.unit.${u}`) }))),
    h('p', { class: 'hint', text: t('summary.unit.now', { unit: t(`summary.unit.${unit}`) }) }),
    h('button', { type: 'button', class: 'button', id: 'summary-unit-apply', text: t('summary.unit.apply'), onclick: (e) => {
      const picked = e.target.closest('fieldset').querySelector('input:checked')?.value;
      if (picked && picked !== unit) actions.onReimport({ summaryUnit: picked });
    } }));
  return [h('section', { class: 'card check summary-check', id: 'check', 'aria-labelledby': 'check-title' },
    h('h2', { id: 'check-title', tabindex: '-1', text: t('check.title') }),
    h('p', { class: 'lead', id: 'summary-what', text: t('summary.what') }),
    h('dl', { class: 'facts' },
      fact(t('check.file'), h('span', { class: 'file-name', text: state.fileName || t('check.noName') })),
      fact(t('check.encoding'), `${t(`encoding.${imp.encoding}`)}${imp.encodingDetected ? ` (${t('check.detected')})` : ''}`),
      fact(t('check.rows'), t('summary.rows', { rows: count(imp.rows), customers: count(imp.customers) })),
      fact(t('summary.unit.fact'), t(`summary.unit.${unit}`)),
      fact(t('check.currency'), imp.currencyAssumed ? t('check.currency.assumed', { currency: imp.currency }) : imp.currency)),
    scrollTable('summary-columns-caption', columns, 'summary-columns-wrap'),
    unitBlock,
    h('p', { class: 'hint', text: t('summary.only') }),
    skippedTotal ? h('div', { class: 'skipped' },
      h('h3', { id: 'skipped-title', text: t('check.skipped.title') }),
      h('p', { text: t('import.skipped', { count: count(skippedTotal) }) }),
      skippedTable(ctx, imp),
      imp.issues.length ? h('ul', { class: 'issue-lines' }, imp.issues.slice(0, 10).map((i) =>
        h('li', {}, `${t('issue.line', { line: count(i.line) })} — ${t(`issue.${i.kind}`)}`, i.value ? h('code', { text: i.value }) : null))) : null)
      : h('p', { class: 'skipped-none', text: t('check.skipped.none') }),
    h('div', { class: 'actions primary-actions' },
      h('button', { type: 'button', class: 'button primary', id: 'analyze-button', text: t('summary.analyze'), onclick: actions.onAnalyze }),
      h('button', { type: 'button', class: 'button', text: t('check.otherFile'), onclick: actions.onOtherFile })))];
}
