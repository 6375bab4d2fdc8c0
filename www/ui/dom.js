// Small DOM helpers shared by every view of <ltv-calculator>. Classic script, concatenated by
// tools/build-www.mjs inside the bundle's one function scope (nothing here is global).
// Static markup only: every data-derived string goes in through text nodes (h() children or
// `text:`), never through innerHTML, because CSV cells are untrusted.
'use strict';

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
    else if (k === 'text') el.textContent = v;
    else if (k === 'style') for (const [name, value] of Object.entries(v)) el.style.setProperty(name, value); // CSSOM: allowed by any CSP
    else if (k.startsWith('.')) el[k.slice(1)] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
}

function appendAll(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
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
    h('tbody', {}, spec.rows.map((row) => h('tr', spec.rowAttrs ? spec.rowAttrs(row) : {},
      spec.columns.map((c) => {
        const v = c.cell(row);
        const attrs = { class: [c.num ? 'num' : '', c.cls || '', c.wide ? 'wide' : ''].join(' ').trim() || null };
        if (c.head) return h('th', { scope: 'row', ...attrs }, v);
        // data-label: on phones a `stack` table shows each row as a card, every value with its label.
        return h('td', { ...attrs, 'data-label': spec.stack ? c.label : null }, v);
      })))));
}

/** Calls `fn` once typing pauses for `ms`; `.cancel()` drops a pending call. */
function debounce(fn, ms) {
  let timer = 0;
  const wrapped = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  wrapped.cancel = () => clearTimeout(timer);
  return wrapped;
}

/** Lets the browser paint and handle input before the next piece of work (no long tasks). */
function nextTask() {
  if (globalThis.scheduler && typeof scheduler.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * localStorage that never throws: sandboxed iframes, private modes and file:// pages in some
 * browsers have none, and the tool must work all the same (the choice then lasts for the page).
 */
const LtvStore = {
  get(key) {
    try {
      const v = localStorage.getItem(key);
      return v == null ? null : JSON.parse(v);
    } catch {
      return null;
    }
  },
  set(key, value) {
    try {
      localStorage.setItem(key, JSON.stringify(value));
    } catch {
      /* no storage here: nothing to remember */
    }
  },
  remove(key) {
    try {
      localStorage.removeItem(key);
    } catch {
      /* no storage */
    }
  },
};

/** A 53-bit hash of a text as hex (cyrb53): the key of a remembered header set. */
function hashText(text) {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16);
}

/** The column mapping a person chose for one header set, remembered across visits. */
const LtvMappings = {
  key: (header) => `ltv.mapping.${hashText(header.join('\u001f'))}`,
  /** @returns {{columns: Object<string,string>, dayOrder?: string}|null} */
  get: (header) => (header && header.length ? LtvStore.get(LtvMappings.key(header)) : null),
  set: (header, choice) => LtvStore.set(LtvMappings.key(header), choice),
  forget: (header) => LtvStore.remove(LtvMappings.key(header)),
};

/**
 * A number as a person types it → a plain decimal string, or null when it is not one.
 * Accepts full-width digits (３，０００), thousands separators, ¥ / 円 / % / spaces.
 * @param {string} text
 * @returns {string|null}
 */
function parseTypedNumber(text) {
  const plain = String(text ?? '').normalize('NFKC').replace(/[\s,¥￥円%]/g, '').replace(/^\+/, '');
  if (plain === '') return null;
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(plain)) return null;
  return plain.startsWith('.') ? `0${plain}` : plain;
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

/** A file name part without characters file systems refuse. */
function safeFilePart(text) {
  return String(text).replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 40);
}
