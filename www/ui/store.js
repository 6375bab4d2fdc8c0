// What the tool remembers across visits (the language, the column mapping chosen for a header
// set, the LTV calculator's numbers), in localStorage that never throws: sandboxed iframes, private modes and file:// pages in
// some browsers have none, and the tool must work all the same (the choice then lasts for the
// page). Classic script, concatenated by tools/build-www.mjs; defines `LtvStore` only.
'use strict';

const LtvStore = (() => {
  function get(key) {
    try {
      const v = localStorage.getItem(key);
      return v == null ? null : JSON.parse(v);
    } catch {
      return null;
    }
  }

  function set(key, value) {
    try {
      localStorage.setItem(key, JSON.stringify(value));
    } catch {
      /* no storage here: nothing to remember */
    }
  }

  function remove(key) {
    try {
      localStorage.removeItem(key);
    } catch {
      /* no storage */
    }
  }

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

  /** The language a person chose ('ja' | 'en'), or null. */
  const language = Object.freeze({
    get: () => get('ltv.lang'),
    set: (lang) => set('ltv.lang', lang),
  });

  /** The column mapping a person chose for one header set, remembered across visits. */
  const mappingKey = (header) => `ltv.mapping.${hashText(header.join('\u001f'))}`;
  const mappings = Object.freeze({
    /** @returns {{columns: Object<string,string>, dayOrder?: string, summaryUnit?: string}|null} */
    get: (header) => (header && header.length ? get(mappingKey(header)) : null),
    set: (header, choice) => set(mappingKey(header), choice),
    forget: (header) => remove(mappingKey(header)),
  });

  /** The LTV calculator's six numbers as typed (decimal strings, '' = not entered): never file data. */
  const LEVER_KEYS = ['averageOrderValue', 'purchasesPerYear', 'years', 'grossMarginPercent', 'acquisitionCost', 'retentionCostPerYear'];
  const leverInputs = Object.freeze({
    get: () => {
      const v = get('ltv.levers');
      if (!v || typeof v !== 'object') return null;
      const out = {};
      for (const k of LEVER_KEYS) if (typeof v[k] === 'string' && /^(\d+(\.\d+)?)?$/.test(v[k])) out[k] = v[k];
      return out;
    },
    set: (inputs) => set('ltv.levers', Object.fromEntries(LEVER_KEYS.map((k) => [k, String(inputs[k] ?? '')]))),
  });

  /**
   * The salt of the LTV packs this browser writes: made once (16 random characters), remembered,
   * changeable. Packs merge only under one salt; it never leaves the browser except as typed.
   */
  const packSalt = Object.freeze({
    get: () => {
      const saved = get('ltv.packSalt');
      if (typeof saved === 'string' && saved.length >= 8) return saved;
      const bytes = crypto.getRandomValues(new Uint8Array(16));
      const made = Array.from(bytes, (b) => 'abcdefghijkmnpqrstuvwxyz23456789'[b % 32]).join('');
      set('ltv.packSalt', made);
      return made;
    },
    set: (salt) => set('ltv.packSalt', salt),
  });

  return Object.freeze({ language, mappings, leverInputs, packSalt });
})();
