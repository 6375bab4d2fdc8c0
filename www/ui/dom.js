// Small DOM helpers shared by every view of <ltv-calculator>. Classic script, concatenated by
// tools/build-www.mjs inside the bundle's one function scope; defines `LtvDom` only.
// Static markup only: every data-derived string goes in through text nodes (h() children or
// `text:`), never through innerHTML, because CSV cells are untrusted. Text and attribute values
// lose their bidi controls on the way in (plain()): a U+202E in a cell or a file name must not
// turn "1,048 rows" into "840,1" around it.
'use strict';

const LtvDom = (() => {
  /** Bidi embedding, override and isolate controls and the direction marks (U+061C, U+200E/F). */
  const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

  /** A string to show: without bidi controls, which could reorder the text around it. */
  const plain = (s) => String(s).replace(BIDI_CONTROLS, '');

  /**
   * Creates an element: h('p', {class: 'x', onclick: fn}, 'text', child).
   * Attribute values `false`/`null`/`undefined` are left out, `true` becomes an empty attribute;
   * keys starting with `on` add listeners, `text` sets textContent, `.name` sets a property.
   * @param {string} tag
   * @param {Object<string, *>} [attrs]
   * @param {...(Node|string|number|null|false|Array)} children
   * @returns {HTMLElement}
   */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    setAttrs(el, attrs);
    appendAll(el, children);
    return el;
  }

  /** The same for SVG (legend swatches and icons); no innerHTML either. */
  function svgEl(tag, attrs, ...children) {
    const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
    setAttrs(el, attrs);
    appendAll(el, children);
    return el;
  }

  function setAttrs(el, attrs) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === false || v == null) continue;
      if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else if (k === 'text') el.textContent = plain(v);
      else if (k === 'style') for (const [name, value] of Object.entries(v)) el.style.setProperty(name, value); // CSSOM: allowed by any CSP
      else if (k.startsWith('.')) el[k.slice(1)] = v;
      else el.setAttribute(k, v === true ? '' : plain(v));
    }
  }

  function appendAll(el, children) {
    for (const c of children.flat(Infinity)) {
      if (c == null || c === false) continue;
      el.append(c instanceof Node ? c : document.createTextNode(plain(c)));
    }
  }

  /** A small padlock (SVG: no emoji font needed), decorative. */
  function lockIcon() {
    return svgEl('svg', { class: 'lock', width: '14', height: '16', viewBox: '0 0 14 16', 'aria-hidden': 'true', focusable: 'false' },
      svgEl('rect', { x: '1', y: '7', width: '12', height: '8.5', rx: '1.5', fill: 'currentColor' }),
      svgEl('path', { d: 'M3.5 7V4.8a3.5 3.5 0 0 1 7 0V7', fill: 'none', stroke: 'currentColor', 'stroke-width': '1.8' }));
  }

  /** A section with a heading that can take focus (where the flow moves focus to). */
  function section(id, title, attrs, ...children) {
    return h('section', { class: 'card', id, 'aria-labelledby': `${id}-title`, ...attrs },
      h('h2', { id: `${id}-title`, tabindex: '-1', text: title }), ...children);
  }

  /** A table inside its own scrolling region (wide tables never widen the page). */
  function scrollTable(labelId, table, extra) {
    return h('div', { class: `table-wrap ${extra || ''}`, tabindex: '0', role: 'region', 'aria-labelledby': labelId }, table);
  }

  /**
   * A plain table from column definitions: [{label, num, cell: (row) => text|Node}].
   * @param {{caption?: string, captionId?: string, stack?: boolean, columns: Array<{label: string, num?: boolean,
   *          cell: function(*): (string|Node), head?: boolean, wide?: boolean}>, rows: Array, rowAttrs?: function(*): Object}} spec
   */
  function dataTable(spec) {
    return h('table', { class: spec.stack ? 'stack' : null },
      spec.caption ? h('caption', { id: spec.captionId, text: spec.caption }) : null,
      h('thead', {}, h('tr', {}, spec.columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : null, text: c.label })))),
      h('tbody', {}, spec.rows.map((row, k) => h('tr', spec.rowAttrs ? spec.rowAttrs(row) : {},
        spec.columns.map((c) => {
          const v = c.cell(row, k);
          const attrs = { class: [c.num ? 'num' : '', c.cls || '', c.wide ? 'wide' : ''].join(' ').trim() || null };
          if (c.head) return h('th', { scope: 'row', ...attrs }, v);
          // data-label: on phones a `stack` table shows each row as a card, every value with its label.
          return h('td', { ...attrs, 'data-label': spec.stack ? c.label : null }, v);
        })))));
  }

  /**
   * Saves bytes as a file: a Blob URL and a temporary <a download> (works from file://, under the
   * page's CSP, and inside the shadow root). The URL is revoked a little later, once the browser
   * has started the download.
   */
  function downloadBytes(parent, bytes, filename, type = 'text/csv') {
    const url = URL.createObjectURL(new Blob([bytes], { type }));
    const a = h('a', { href: url, download: filename, hidden: true });
    parent.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 30_000);
  }

  return Object.freeze({ h, svgEl, appendAll, plain, lockIcon, section, scrollTable, dataTable, downloadBytes });
})();
