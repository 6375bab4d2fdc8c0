// Step ② of the flow, the import check: how the file was read (encoding, delimiter, header,
// rows, period, customer key, amounts, currency), which column plays which role, what was
// skipped and why, and the way to correct it (change a column, the day order, the encoding, or a
// summary file's time unit, and read the file again). The roles and a summary file's columns
// are the core's (`report.import.roles`, `report.import.summaryMapping`), never guessed here.
// Classic script, concatenated by tools/build-www.mjs; defines `LtvCheck` only.
'use strict';

const LtvCheck = (() => {
  const { h, scrollTable, dataTable, plain } = LtvDom;

  /** @typedef {{i18n: Object, currency: string, root: ShadowRoot}} ViewContext */

  /** @typedef {{role: string, need: 'key'|'required'|'optional'}} RoleInfo the core's role list */

  /**
   * The column mapping as a table: one select per role (the core's list, in its order), listing
   * the header cells, and the first values of the chosen column.
   * @param {ViewContext} ctx
   * Below it, the columns added to the amount or subtracted from it (売上 as a small formula).
   * @param {{header: string[], mapping: Object<string,string>, sample: string[][], roles: RoleInfo[],
   *          adjustments?: Array<{sign: 'plus'|'minus', column: string}>, idPrefix?: string}} spec
   * @returns {{element: HTMLElement, choice: function(): Object<string,string>, adjustments: function(): string[],
   *            changed: function(): boolean}}
   */
  function mappingEditor(ctx, spec) {
    const { t } = ctx.i18n;
    const prefix = spec.idPrefix || 'map';
    const selects = new Map();
    const exampleCells = new Map();
    const examples = (col) => {
      const j = spec.header.indexOf(col);
      if (j < 0) return '';
      return spec.sample.slice(0, 3).map((r) => r[j] ?? '').filter((v) => v !== '').join(' / ');
    };
    const rows = spec.roles.map(({ role, need }) => {
      const chosen = spec.mapping[role] ?? '';
      const example = h('td', { class: 'example', text: examples(chosen) });
      const select = h('select', { id: `${prefix}-${role}`, name: role, 'aria-describedby': `${prefix}-${role}-what`,
        onchange: () => {
          example.textContent = plain(examples(select.value));
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
          h('label', { for: `${prefix}-${role}`, text: t(`role.${role}`) }),
          need === 'required' ? h('span', { class: 'badge required', text: t('check.mapping.required') }) : null,
          need === 'key' ? h('span', { class: 'badge required', text: t('check.mapping.requiredKey') }) : null,
          h('span', { class: 'what', id: `${prefix}-${role}-what`, text: t(`role.${role}.what`) })),
        h('td', {}, select),
        example);
    });
    const table = h('table', { class: 'mapping' },
      h('caption', { id: `${prefix}-caption`, text: t('check.mapping.caption') }),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', text: t('check.mapping.role') }),
        h('th', { scope: 'col', text: t('check.mapping.column') }),
        h('th', { scope: 'col', text: t('check.mapping.example') }))),
      h('tbody', {}, rows));
    const formula = adjustmentEditor(ctx, spec, prefix);
    const element = h('div', { class: 'mapping-editor' }, scrollTable(`${prefix}-caption`, table, 'mapping-wrap'), formula.element);
    const initial = (spec.adjustments || []).map(term).join('|');
    return {
      element,
      /** Every role pinned to what the selects say ('' = no column): exactly what the person sees. */
      choice: () => Object.fromEntries([...selects].map(([role, sel]) => [role, sel.value])),
      /** The amount's adjustments as the core reads them: `+column` / `-column`. */
      adjustments: formula.terms,
      changed: () => [...selects].some(([role, sel]) => sel.value !== (spec.mapping[role] ?? '')) || formula.terms().join('|') !== initial,
    };
  }

  /** An adjustment as the core's option reads it. */
  const term = (a) => `${a.sign === 'minus' ? '-' : '+'}${a.column}`;

  /**
   * The columns added to the amount or subtracted from it: one row each (sign, column, remove),
   * and a button to add one. Starts with the core's choice for the file's platform.
   */
  function adjustmentEditor(ctx, spec, prefix) {
    const { t } = ctx.i18n;
    const list = h('ul', { class: 'adjustments', id: `${prefix}-adjustments` });
    const row = (a) => {
      const sign = h('select', { class: 'adjust-sign', 'aria-label': t('check.adjust.sign') },
        ['plus', 'minus'].map((v) => h('option', { value: v, '.selected': a.sign === v, text: t(`sign.${v}`).trim() })));
      const column = h('select', { class: 'adjust-column', 'aria-label': t('check.adjust.column') },
        spec.header.map((col) => h('option', { value: col, '.selected': col === a.column, text: col || t('check.mapping.blankHeader') })));
      const item = h('li', {}, sign, column,
        h('button', { type: 'button', class: 'button small', text: t('check.adjust.remove'), onclick: () => item.remove() }));
      return item;
    };
    for (const a of spec.adjustments || []) list.append(row(a));
    const element = h('div', { class: 'adjust' },
      h('h4', { id: `${prefix}-adjust-title`, text: t('check.adjust.title') }),
      h('p', { class: 'hint', text: t('check.adjust.hint') }),
      list,
      h('button', { type: 'button', class: 'button small', id: `${prefix}-adjust-add`, text: t('check.adjust.add'),
        onclick: () => list.append(row({ sign: 'minus', column: spec.header[0] })) }));
    const terms = () => [...list.children].map((li) => term({
      sign: li.querySelector('.adjust-sign').value, column: li.querySelector('.adjust-column').value }));
    return { element, terms };
  }

  /**
   * 売上 as the file was read: the amount column ± the adjustments, and how an order's rows add up
   * (without an order number column, each row is an order of its own).
   */
  function revenueRule(i18n, imp) {
    const { t } = i18n;
    // The refund column (Shopify's `Refunded Amount`, …) is subtracted like a minus adjustment.
    const refund = imp.mapping.refund ? [`${t('sign.minus')}${imp.mapping.refund}`] : [];
    const formula = [imp.mapping.amount, ...imp.amountAdjustments.map((a) => `${t(`sign.${a.sign}`)}${a.column}`), ...refund].join('');
    const per = imp.mapping.orderId
      ? t(`check.revenue.per.${imp.amountKind}`)
      : t(imp.amountKind === 'unitPrice' ? 'check.revenue.per.unitPriceRow' : 'check.revenue.per.row');
    return t('check.revenue.rule', { formula, per });
  }

  /** The currencies the check offers (the file's own first). */
  const CURRENCIES = ['JPY', 'USD', 'EUR', 'GBP', 'CNY', 'KRW', 'TWD', 'HKD', 'SGD', 'AUD', 'CAD'];

  /** The currency and where it comes from (when the file does not say: assumed, in a warning colour). */
  function currencyFact(ctx, imp) {
    const { t } = ctx.i18n;
    return fact(t('check.currency'), h('span', { class: 'currency-code', text: imp.currency }), ' — ',
      h('span', { class: imp.currencyAssumed ? 'currency-basis assumed' : 'currency-basis', text: t(`currency.basis.${imp.currencyBasis}`) }));
  }

  /** 「文字コードを変えて読み直す」: the encodings the reader knows, `current` selected (else auto). */
  function encodingChoice(ctx, current, onChange) {
    const { t } = ctx.i18n;
    return h('label', { class: 'encoding-choice' }, h('span', { text: t('check.encoding.change') }), ' ',
      h('select', { id: 'encoding-choice', onchange: (e) => onChange(e.target.value) },
        ['auto', 'utf-8', 'shift_jis', 'utf-16le'].map((enc) => h('option', {
          value: enc,
          '.selected': (current || 'auto') === enc,
          text: enc === 'auto' ? t('check.encoding.auto') : t(`encoding.${enc}`),
        }))));
  }

  /** A select to read the file again in another currency (the file's own first). */
  function currencyChoice(ctx, imp, onChange) {
    const { t } = ctx.i18n;
    const codes = CURRENCIES.includes(imp.currency) ? CURRENCIES : [imp.currency, ...CURRENCIES];
    return h('label', { class: 'currency-choice' }, h('span', { text: t('check.currency.change') }), ' ',
      h('select', { id: 'currency-choice', onchange: (e) => onChange(e.target.value) },
        codes.map((c) => h('option', { value: c, '.selected': c === imp.currency, text: c }))));
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

  /** One fact of the file: a label and its value. */
  const fact = (label, ...value) => h('div', { class: 'fact' }, h('dt', { text: label }), h('dd', {}, ...value));

  /** The facts every check shows: the file's name, its encoding and its currency. */
  function sharedFacts(ctx, state) {
    const { t } = ctx.i18n;
    const imp = state.report.import;
    return {
      file: fact(t('check.file'), h('span', { class: 'file-name', text: state.fileName || t('check.noName') })),
      encoding: fact(t('check.encoding'), `${t(`encoding.${imp.encoding}`)}${imp.encodingDetected ? ` (${t('check.detected')})` : ''}`),
      currency: fact(t('check.currency'), imp.currencyAssumed ? t('check.currency.assumed', { currency: imp.currency }) : imp.currency),
    };
  }

  /** Rows left out, in all. */
  const skippedTotal = (imp) => Object.values(imp.skipped).reduce((a, b) => a + b, 0);

  /**
   * Rows left out: how many, by reason, and the first ten with their line and value.
   * @param {{examplesTitle?: boolean}} [opts] a heading above the examples
   */
  function skippedReport(ctx, imp, { examplesTitle = false, fileNames = null } = {}) {
    const { t, count } = ctx.i18n;
    return [
      h('p', { text: t('import.skipped', { count: count(skippedTotal(imp)) }) }),
      scrollTable('skipped-title', dataTable({
        columns: [
          { label: t('check.skipped.reason'), head: true, cell: ([kind]) => t(`issue.${kind}`) },
          { label: t('check.skipped.rows'), num: true, cell: ([, n]) => count(n) },
        ],
        rows: Object.entries(imp.skipped),
        rowAttrs: ([kind]) => ({ 'data-reason': kind }),
      })),
      examplesTitle && imp.issues.length ? h('h4', { text: t('check.skipped.examples') }) : null,
      imp.issues.length ? h('ul', { class: 'issue-lines' }, imp.issues.slice(0, 10).map((i) =>
        h('li', {}, `${fileNames ? `${fileNames[i.file || 0] || ''} ` : ''}${t('issue.line', { line: count(i.line) })} — ${t(`issue.${i.kind}`)}`,
          i.value ? h('code', { text: i.value }) : null))) : null,
    ];
  }

  /**
   * A question of the check (inside its fieldset): radio buttons, and the button that reads the
   * file again with the answer.
   * @param {{name: string, idPrefix: string, values: string[], checked: string, label: function(string): string,
   *          button: Object, onPick: function(string): void}} spec `button`: the button's attributes
   * @returns {{radios: HTMLElement[], button: HTMLElement}}
   */
  function question(spec) {
    return {
      radios: spec.values.map((value) => h('div', { class: 'radio' },
        h('input', { type: 'radio', name: spec.name, id: `${spec.idPrefix}-${value}`, value, '.checked': spec.checked === value }),
        h('label', { for: `${spec.idPrefix}-${value}`, text: spec.label(value) }))),
      button: h('button', { type: 'button', class: 'button', ...spec.button, onclick: (e) => {
        const picked = e.target.closest('fieldset').querySelector('input:checked')?.value;
        if (picked) spec.onPick(picked);
      } }),
    };
  }

  /** The main action of a check (analyse, or forecast) and "another file". */
  function mainActions(ctx, label, actions) {
    const { t } = ctx.i18n;
    return h('div', { class: 'actions primary-actions' },
      h('button', { type: 'button', class: 'button primary', id: 'analyze-button', text: label, onclick: actions.onAnalyze }),
      h('button', { type: 'button', class: 'button', text: t('check.otherFile'), onclick: actions.onOtherFile }));
  }

  /**
   * The import check of an order file: how it was read, and the way to correct it.
   * @param {ViewContext} ctx
   * @param {{report: Object, fileName: string, remembered: boolean, options: Object}} state
   * @param {{onAnalyze: function(): void, onReimport: function({columns?: Object, dayOrder?: string, encoding?: string}): void,
   *          onForget: function(): void, onOtherFile: function(): void}} actions
   */
  function importCheckView(ctx, state, actions) {
    const i18n = ctx.i18n;
    const { t, count, day } = i18n;
    const imp = state.report.import;
    const files = imp.files || [imp];
    const several = files.length > 1;
    const editors = files.map((f, k) => mappingEditor(ctx, { header: f.header, mapping: f.mapping, sample: f.sample, roles: f.roles,
      adjustments: f.amountAdjustments, idPrefix: several ? `map${k}` : 'map' }));
    const shared = sharedFacts(ctx, state);
    const keyColumn = imp.mapping[imp.customerKey === 'email' ? 'email' : 'customer'];
    const notes = [];
    if (imp.lineItemRows) notes.push(t('check.note.lineItems', { rows: count(imp.lineItemRows) }));
    if (imp.refundRows) notes.push(t('check.note.refunds', { rows: count(imp.refundRows) }));
    if (imp.mergedRepeats) notes.push(t('check.note.merged', { orders: count(imp.mergedRepeats) }));
    if (imp.refundOnlyCustomers) notes.push(t('check.note.refundOnly', { customers: count(imp.refundOnlyCustomers) }));
    const later = state.report.overview;
    if (later && later.laterRefunds) notes.push(t('check.note.laterRefunds', { refunds: count(later.laterRefunds), amount: i18n.money(later.laterRefundTotal, imp.currency) }));
    if (imp.emailFallbackOrders) notes.push(t('check.note.emailFallback', { orders: count(imp.emailFallbackOrders) }));
    if (imp.blankLines) notes.push(t('check.note.blank', { rows: count(imp.blankLines) }));
    if (imp.refundsMovedToTheirOrder) notes.push(t('check.note.refundsMoved', { rows: count(imp.refundsMovedToTheirOrder) }));
    if (imp.mergedCustomers) notes.push(t('check.note.mergedCustomers', { customers: count(imp.mergedCustomers) }));

    // Dates far from the rest: left out by default (say so, offer to keep them), or kept as chosen.
    const suspicious = imp.skipped.suspiciousDate || 0;
    const farDay = imp.issues.find((i) => i.kind === 'suspiciousDate')?.value;
    const suspiciousBlock = suspicious || imp.suspiciousDatesKept
      ? h('div', { class: 'suspicious-dates notice', id: 'suspicious-dates' },
        h('p', { class: suspicious ? 'warn' : null, text: suspicious
          ? t('check.suspicious.left', { rows: count(suspicious), day: farDay ? day(farDay) : '' })
          : t('check.suspicious.kept', { rows: count(imp.suspiciousDatesKept), first: imp.firstDay ? day(imp.firstDay) : '' }) }),
        h('button', { type: 'button', class: 'button small', id: 'suspicious-dates-button',
          text: t(suspicious ? 'check.suspicious.keep' : 'check.suspicious.leave'),
          onclick: () => actions.onReimport({ keepSuspiciousDates: !!suspicious }) }))
      : null;

    // A header row that looks like data: offer to read the file as having none (the columns the
    // person chose are kept, by position).
    const byPosition = () => Object.fromEntries(Object.entries(imp.mapping).map(([role, col]) => [role, `#${imp.header.indexOf(col) + 1}`]));
    const noHeaderBlock = !several && imp.headerLooksLikeData
      ? h('div', { class: 'no-header notice', id: 'no-header' },
        h('p', { class: 'warn', text: t('check.noHeader.looksLikeData') }),
        h('button', { type: 'button', class: 'button small', id: 'no-header-button', text: t('check.noHeader.button'),
          onclick: () => actions.onReimport({ noHeader: true, columns: byPosition() }) }))
      : null;

    const example = ambiguousExample(imp);
    const dayOrder = question({
      name: 'dayOrder', idPrefix: 'day-order', values: ['monthFirst', 'dayFirst'], checked: imp.dayOrder,
      label: (order) => t(`check.dayOrder.${order}`),
      button: { text: t('check.dayOrder.apply') },
      onPick: (picked) => actions.onReimport({ dayOrder: picked }),
    });
    // Asked when the data could not decide; kept on screen after the person answered (to change it).
    const dayOrderBlock = imp.dayOrder && (imp.dayOrderAssumed || imp.dayOrderConflict || state.options.dayOrder)
      ? h('fieldset', { class: 'day-order', id: 'day-order' },
        h('legend', { text: t('check.dayOrder.title') }),
        h('p', { text: example
          ? t('check.dayOrder.example', { value: example.text, monthFirst: t('check.dayOrder.md', { m: example.a, d: example.b }), dayFirst: t('check.dayOrder.md', { m: example.b, d: example.a }) })
          : t('check.dayOrder.question') }),
        imp.dayOrderConflict ? h('p', { class: 'warn', text: t('check.dayOrder.conflict') }) : null,
        dayOrder.radios,
        dayOrder.button)
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
        shared.file,
        shared.encoding,
        fact(t('check.delimiter'), t(`delimiter.${{ ',': 'comma', '\t': 'tab', ';': 'semicolon', '|': 'pipe' }[imp.delimiter] || 'other'}`)),
        fact(t('check.headerLine'), imp.noHeader ? t('check.headerLine.none') : t('check.headerLine.value', { line: count(imp.headerLine) }),
          imp.noHeader ? h('button', { type: 'button', class: 'link', id: 'header-row-button', text: t('check.noHeader.undo'),
            onclick: () => actions.onReimport({ noHeader: false, columns: {} }) }) : null),
        fact(t('check.rows'), t('import.summary', { rows: count(imp.rows), orders: count(imp.orders), customers: count(imp.customers) })),
        imp.firstDay ? fact(t('check.period'), `${day(imp.firstDay)} – ${day(imp.lastDay)}`) : null,
        fact(t('check.customerKey'), t(`import.key.${imp.customerKey}`, { column: keyColumn })),
        several ? null : fact(t('check.revenue'), revenueRule(i18n, imp)),
        imp.subscription ? fact(t('check.subscription'), t('check.subscription.found', {
          column: imp.subscription.column, rule: t(`subscription.kind.${imp.subscription.kind}`),
          customers: count(imp.subscription.customers), cycles: count(imp.subscription.cycles) })) : null,
        currencyFact(ctx, imp)),
      several ? filesTable(ctx, state, files) : null,
      imp.mojibake ? h('p', { class: 'warn', role: 'alert', text: t('check.mojibake') }) : null,
      notes.length ? h('ul', { class: 'notes' }, notes.map((n) => h('li', { text: n }))) : null,
      suspiciousBlock,
      noHeaderBlock,
      dayOrderBlock,
      mainActions(ctx, t('check.analyze'), actions),
      // Secondary controls, after the main action: read the file again in another currency or encoding.
      currencyChoice(ctx, imp, (currency) => actions.onReimport({ currency })),
      encodingChoice(ctx, state.options.encoding, (encoding) => actions.onReimport({ encoding }))),

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
      skippedTotal(imp) === 0
        ? h('p', { class: 'skipped-none', text: t('check.skipped.none') })
        : h('div', { class: 'skipped' }, skippedReport(ctx, imp, { examplesTitle: true, fileNames: several ? state.fileNames : null })),

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

      // Closed until wanted: the table of selects is the heaviest part of the step to lay out.
      editors.map((editor, k) => h('details', { class: 'mapping-details', id: several ? `mapping-details-${k}` : 'mapping-details',
        ontoggle: (e) => e.target.open && e.target.scrollIntoView({ block: 'nearest' }) },
        h('summary', { id: several ? `mapping-title-${k}` : 'mapping-title',
          text: several ? t('check.mapping.titleOf', { name: state.fileNames[k] || String(k + 1) }) : t('check.mapping.title') }),
        several ? h('p', { class: 'revenue-rule', text: revenueRule(i18n, files[k]) }) : null,
        h('p', { text: t('check.mapping.hint') }),
        editor.element,
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'button', id: several ? `reimport-button-${k}` : 'reimport-button', text: t('check.reimport'),
            onclick: () => actions.onReimport({ file: several ? k : undefined, columns: editor.choice(), amountAdjustments: editor.adjustments() }) })))))];
  }

  /** Several files of one shop: each file's name, rows, orders, customers, period and skipped rows. */
  function filesTable(ctx, state, files) {
    const { t, count, day } = ctx.i18n;
    return scrollTable('files-caption', dataTable({
      captionId: 'files-caption',
      caption: t('check.files.caption', { files: count(files.length) }),
      columns: [
        { label: t('check.files.name'), head: true, cls: 'file-name', cell: (f, k) => state.fileNames[k] || String(k + 1) },
        { label: t('check.encoding'), cell: (f) => t(`encoding.${f.encoding}`) },
        { label: t('check.files.rows'), num: true, cell: (f) => count(f.rows) },
        { label: t('check.files.orders'), num: true, cell: (f) => count(f.orders) },
        { label: t('check.files.customers'), num: true, cell: (f) => count(f.customers) },
        { label: t('check.period'), cell: (f) => (f.firstDay ? `${day(f.firstDay)} – ${day(f.lastDay)}` : '—') },
        { label: t('check.files.skipped'), num: true, cell: (f) => count(skippedTotal(f)) },
      ],
      rows: files,
    }), 'files-wrap');
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
    const shared = sharedFacts(ctx, state);
    /** Column id → the header cell the core read it from (absent: the file has none). */
    const listed = imp.summaryMapping || [];
    const mapping = Object.fromEntries(listed.filter((c) => c.header != null).map((c) => [c.id, c.header]));
    const tIndex = mapping.t != null ? imp.header.indexOf(mapping.t) : -1;
    const firstT = tIndex >= 0 ? Number(imp.sample[0]?.[tIndex]) : NaN;
    const columns = dataTable({
      captionId: 'summary-columns-caption',
      caption: t('summary.columns.caption'),
      columns: [
        { label: t('summary.columns.name'), head: true, cell: (id) => t(`summary.col.${id}`) },
        { label: t('summary.columns.column'), cell: (id) => mapping[id] ?? t('summary.columns.missing') },
        { label: t('summary.columns.meaning'), cls: 'meaning', cell: (id) => t(`summary.col.${id}.what`) },
      ],
      rows: listed.map((c) => c.id),
      rowAttrs: (id) => ({ 'data-column': id }),
    });
    const unitQuestion = question({
      name: 'summaryUnit', idPrefix: 'summary-unit', values: ['days', 'weeks'], checked: unit,
      label: (u) => t(`summary.unit.${u}`),
      button: { id: 'summary-unit-apply', text: t('summary.unit.apply') },
      onPick: (picked) => {
        if (picked !== unit) actions.onReimport({ summaryUnit: picked });
      },
    });
    const unitBlock = h('fieldset', { class: 'day-order summary-unit', id: 'summary-unit' },
      h('legend', { text: t('summary.unit.title') }),
      h('p', { text: t('summary.unit.question') }),
      Number.isFinite(firstT) ? h('p', { class: 'hint', text: t('summary.unit.example', {
        value: num(firstT, 2), daysMonths: num(firstT / 30.44, 1), weeksAsDays: num(firstT * 7, 0), weeksMonths: num((firstT * 7) / 30.44, 1) }) }) : null,
      unitQuestion.radios,
      h('p', { class: 'hint', text: t('summary.unit.now', { unit: t(`summary.unit.${unit}`) }) }),
      unitQuestion.button);
    return [h('section', { class: 'card check summary-check', id: 'check', 'aria-labelledby': 'check-title' },
      h('h2', { id: 'check-title', tabindex: '-1', text: t('check.title') }),
      h('p', { class: 'lead', id: 'summary-what', text: t('summary.what') }),
      h('dl', { class: 'facts' },
        shared.file,
        shared.encoding,
        fact(t('check.rows'), t('summary.rows', { rows: count(imp.rows), customers: count(imp.customers) })),
        fact(t('summary.unit.fact'), t(`summary.unit.${unit}`)),
        shared.currency),
      scrollTable('summary-columns-caption', columns, 'summary-columns-wrap'),
      unitBlock,
      h('p', { class: 'hint', text: t('summary.only') }),
      skippedTotal(imp)
        ? h('div', { class: 'skipped' }, h('h3', { id: 'skipped-title', text: t('check.skipped.title') }), skippedReport(ctx, imp))
        : h('p', { class: 'skipped-none', text: t('check.skipped.none') }),
      mainActions(ctx, t('summary.analyze'), actions))];
  }

  return Object.freeze({ mappingEditor, encodingChoice, importCheckView, summaryCheckView });
})();
