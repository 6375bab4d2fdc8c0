// 初回購入商品別: per product (or group, 区分, first channel or first-day coupon) of the customers' first purchase day, how many
// new customers it brought, their F2 within 30–365 days, 年間LTV, median 転換日数, the share who
// bought it again and what they bought second; the 商品マスタ below it; a CSV of the table shown.
// Defines `LtvProducts` only.
'use strict';

const LtvProducts = (() => {
  const { h, section, scrollTable, dataTable } = LtvDom;
  const { moneyOf, setStatus, rerun } = LtvDashboard;
  const { parseTypedNumber } = LtvUtil;

  const TABLES = [['product', 'byProduct'], ['group', 'byGroup'], ['kind', 'byKind'], ['channel', 'byChannel'], ['coupon', 'byCoupon']];
  const KINDS = ['trial', 'main', 'subscription', 'excluded'];
  /** Products bought second shown per row on screen (the CSV has them all). */
  const NEXT_SHOWN = 3;

  /** @param {DashboardContext} d */
  function productsView(d) {
    const p = d.analysis.products;
    if (!p) return null;
    const { t, count, percent, decimal, num } = d.i18n;
    const money = moneyOf(d);
    const kindName = (k) => t(`products.kind.${k}`);
    const gross = [...p.byProduct, ...p.byGroup, ...p.byKind, ...(p.byChannel || []), ...(p.byCoupon || [])].some((r) => r.annualGrossProfitLtv != null);
    const windows = (p.byProduct[0] || p.byGroup[0] || p.byKind[0])?.windows.map((w) => w.days) ?? [];
    let shown = 'product';

    const tableOf = (which) => {
      const rows = p[TABLES.find(([k]) => k === which)[1]];
      if (!rows.length) return h('p', { class: 'note', id: 'products-empty', text: t('products.empty', { min: count(p.minCustomers) }) });
      return scrollTable('products-caption', dataTable({
        captionId: 'products-caption',
        caption: t(`products.caption.${which}`),
        columns: [
          { label: t(`products.col.${which}`), head: true, cell: (r) => (which === 'kind' ? kindName(r.key) : which === 'coupon' && !r.key ? t('products.noCoupon') : r.key) },
          ...(which === 'product' ? [{ label: t('products.col.kind'), cell: (r) => (r.kind ? kindName(r.kind) : '') }] : []),
          { label: t('products.col.newCustomers'), num: true, cell: (r) => count(r.customers) },
          ...windows.map((days, k) => ({
            label: t('products.col.f2Within', { days: count(days) }), num: true,
            cell: (r) => (r.windows[k]?.eligible > 0 ? percent(r.windows[k].f2Rate, 1) : '—'),
          })),
          { label: t('products.col.annualLtv'), num: true, cell: (r) => (r.annualLtv != null ? money(r.annualLtv) : '—') },
          ...(gross ? [{ label: t('products.col.annualGrossProfitLtv'), num: true, cell: (r) => (r.annualGrossProfitLtv != null ? money(r.annualGrossProfitLtv) : '—') }] : []),
          { label: t('products.col.medianDaysToSecond'), num: true, cell: (r) => (r.medianDaysToSecond != null ? t('products.days', { days: num(r.medianDaysToSecond, 1) }) : '—') },
          { label: t('products.col.sameAgainRate'), num: true, cell: (r) => percent(r.sameAgainRate, 1) },
          // The first three on screen (a row stays three lines high), every one in the CSV.
          { label: t('products.col.nextProducts'), cls: 'next-products', wide: true, cell: (r) => (r.nextProducts.length
            ? h('ul', { class: 'plain' }, r.nextProducts.slice(0, NEXT_SHOWN).map((n) => h('li', { text: t('products.next', { name: n.name, share: percent(n.share, 1), lift: decimal(n.lift, 2) }) })))
            : '—') },
        ],
        rows,
        rowAttrs: (r) => ({ 'data-key': r.key }),
      }));
    };

    const holder = h('div', { class: 'products-table' }, tableOf(shown));
    const exportLabel = () => t('export.buttonFor', { name: t(`products.by.${shown}`) });
    const exportButton = h('button', { type: 'button', class: 'button small', id: 'products-export', 'aria-label': exportLabel(),
      onclick: () => d.actions.exportFirstProducts(shown, t(`products.by.${shown}`)) }, t('export.button'));
    const select = h('select', { id: 'products-table-select', onchange: (e) => {
      shown = e.target.value;
      holder.replaceChildren(tableOf(shown));
      exportButton.setAttribute('aria-label', exportLabel());
    } }, TABLES.filter(([k, field]) => !['channel', 'coupon'].includes(k) || p[field]?.length).map(([k]) => h('option', { value: k, text: t(`products.by.${k}`) })));
    const status = h('p', { class: 'form-status', role: 'status' });
    const current = d.params.products || {};
    const form = h('form', { class: 'products-form cohort-settings no-print', novalidate: true, onsubmit: async (e) => {
      e.preventDefault();
      const input = e.target.querySelector('#products-min');
      const typed = parseTypedNumber(input.value.trim());
      const n = typed == null ? NaN : Number(typed);
      if (!Number.isInteger(n) || n < 1 || n > 1e9) {
        input.setAttribute('aria-invalid', 'true');
        setStatus(status, t('products.minError'), true);
        input.focus();
        return;
      }
      input.removeAttribute('aria-invalid');
      const firstProduct = e.target.querySelector('#products-rule').value;
      await rerun(d, status, { products: { ...current, minCustomers: n, firstProduct } });
    } },
    h('div', { class: 'field' }, h('label', { for: 'products-min', text: t('products.min') }),
      h('input', { id: 'products-min', class: 'short', type: 'text', inputmode: 'numeric', size: 4, '.value': String(p.minCustomers) })),
    h('div', { class: 'field' }, h('label', { for: 'products-rule', text: t('products.ruleLabel') }),
      h('select', { id: 'products-rule' }, ['allLines', 'topLine'].map((r) => h('option', { value: r, '.selected': p.rule === r, text: t(`products.ruleOption.${r}`) })))),
    h('button', { type: 'submit', class: 'button', id: 'products-apply', text: t('products.apply') }),
    status);
    // The 商品マスタ, editable: a 区分 and a group per product re-run the analysis (for this
    // page only: product names are the file's data, and nothing of the data is stored).
    const listed = p.catalog.slice(0, 200);
    const catalog = dataTable({
      captionId: 'products-catalog-caption',
      caption: t('products.catalog.caption', { n: count(p.catalog.length) }),
      columns: [
        { label: t('products.col.product'), head: true, cell: (e) => e.name },
        { label: t('products.col.group'), cell: (e, k) => h('input', { type: 'text', class: 'product-group', 'data-index': k, size: 16,
          'aria-label': t('products.catalog.groupFor', { name: e.name }), '.value': e.group }) },
        { label: t('products.col.kind'), cell: (e, k) => h('select', { class: 'product-kind', 'data-index': k, 'aria-label': t('products.catalog.kindFor', { name: e.name }) },
          KINDS.map((kind) => h('option', { value: kind, '.selected': e.kind === kind, text: kindName(kind) }))) },
        { label: t('products.catalog.purchases'), num: true, cell: (e) => count(e.purchases) + (e.overridden ? ` ${t('products.catalog.overridden')}` : '') },
      ],
      rows: listed,
    });
    const catalogStatus = h('p', { class: 'form-status', role: 'status' });
    const catalogForm = h('form', { class: 'products-catalog-form', novalidate: true, onsubmit: async (e) => {
      e.preventDefault();
      const overrides = { ...(current.overrides || {}) };
      for (const [k, entry] of listed.entries()) {
        const kind = e.target.querySelector(`select.product-kind[data-index="${k}"]`).value;
        const group = e.target.querySelector(`input.product-group[data-index="${k}"]`).value.trim() || entry.group;
        if (kind !== entry.kind || group !== entry.group) overrides[entry.name] = { kind, group };
      }
      await rerun(d, catalogStatus, { products: { ...current, minCustomers: p.minCustomers, firstProduct: p.rule, overrides } });
    } },
    scrollTable('products-catalog-caption', catalog),
    h('div', { class: 'actions no-print' }, h('button', { type: 'submit', class: 'button', id: 'products-catalog-apply', text: t('products.catalog.apply') })),
    catalogStatus);
    return section('products', t('products.title'), { class: 'card products page-break' },
      h('p', { class: 'lead', text: t('products.lead') }),
      h('p', { class: 'hint', text: t(`products.rule.${p.rule}`, { min: count(p.minCustomers), hidden: count(p.hiddenRows) }) }),
      h('div', { class: 'cohort-settings no-print' },
        h('div', { class: 'field' }, h('label', { for: 'products-table-select', text: t('products.show') }), select), exportButton),
      form,
      holder,
      h('p', { class: 'note', text: t('products.note') }),
      h('details', { class: 'products-catalog' },
        h('summary', { text: t('products.catalog.summary', { n: count(p.catalog.length) }) }),
        catalogForm,
        h('p', { class: 'note', text: t('products.catalog.rule') })));
  }

  /** The CSV's words: product export column ids and 区分 names, in the page's language. */
  function productExportLabels(i18n) {
    const ids = ['product', 'group', 'kind', 'channel', 'coupon', 'newCustomers', 'annualCustomers', 'annualLtv', 'annualGrossProfitLtv',
      'repeatCustomers', 'medianDaysToSecond', 'sameAgainRate', 'nextProducts'];
    const columns = Object.fromEntries(ids.map((id) => [id, i18n.t(`products.col.${id}`)]));
    columns.f2Within = i18n.t('products.col.f2Within', { days: '{days}' });
    columns.noCoupon = i18n.t('products.noCoupon');
    const kinds = Object.fromEntries(['trial', 'main', 'subscription', 'excluded'].map((k) => [k, i18n.t(`products.kind.${k}`)]));
    return { columns, kinds };
  }

  return Object.freeze({ productsView, productExportLabels });
})();
