// The translator and the number and date formats. Classic script: inlined by tools/build-www.mjs
// into the widget bundle after the message tables (www/i18n/ja.js, www/i18n/en.js); defines
// `LtvI18n`. Every string the UI shows comes from those tables, in both languages
// (tests/e2e/i18n.test.mjs checks that every key used in www/ exists in both); data-derived text
// is never part of a message template's markup (it goes in via textContent).
'use strict';

const LtvI18n = (() => {
  /** The message tables by language; Japanese is the fallback of a missing key. */
  const messages = Object.freeze({ ja: LtvMessagesJa, en: LtvMessagesEn });

  const LOCALES = { ja: 'ja-JP', en: 'en-US' };
  const cache = new Map();
  function nf(lang, opts) {
    const key = lang + JSON.stringify(opts);
    if (!cache.has(key)) cache.set(key, new Intl.NumberFormat(LOCALES[lang], opts));
    return cache.get(key);
  }

  /** Picks the language: an explicit choice, else the browser's first language. */
  function pickLanguage(explicit) {
    if (explicit === 'ja' || explicit === 'en') return explicit;
    const langs = (navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'ja']);
    return String(langs[0]).toLowerCase().startsWith('ja') ? 'ja' : 'en';
  }

  /** A translator bound to one language: t(key, params) and number/date formatters. */
  function translator(lang) {
    const table = messages[lang] || messages.ja;
    const t = (key, params) => {
      const template = table[key] ?? messages.ja[key] ?? key;
      return params ? template.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m)) : template;
    };
    const money = (value, currency = 'JPY') => {
      try {
        return nf(lang, { style: 'currency', currency }).format(value);
      } catch {
        return `${nf(lang, {}).format(value)} ${currency}`;
      }
    };
    return {
      lang,
      locale: LOCALES[lang],
      t,
      /** Whether `key` has a message (for keys built from an engine's code, with a fallback). */
      has: (key) => key in messages.ja,
      /** Money from a decimal string (exact: Intl formats the string, not a float). */
      money,
      /** Short money for chart axes: ￥1.2万 / ¥12K. */
      moneyCompact(value, currency = 'JPY') {
        try {
          return nf(lang, { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 }).format(value);
        } catch {
          return money(value, currency);
        }
      },
      count: (n) => nf(lang, { maximumFractionDigits: 0 }).format(n),
      decimal: (n, digits = 2) => nf(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n),
      /** A number with at most `digits` decimals and no trailing zeros (2.17, 3, 1.5). */
      num: (n, digits = 2) => nf(lang, { maximumFractionDigits: digits }).format(n),
      percent: (ratio, digits = 1) =>
        nf(lang, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(ratio),
      /** An ISO day (`2024-03-05`) in the language's style. */
      day(iso) {
        if (!iso) return '';
        // Written out, not through Intl.DateTimeFormat: the first date formatter loads the
        // calendar data (~150 ms of a dashboard's first drawing), for two fixed layouts.
        const [y, m, d] = iso.split('-');
        return lang === 'ja' ? `${y}/${m}/${d}` : `${m}/${d}/${y}`;
      },
    };
  }

  return Object.freeze({ messages, pickLanguage, translator });
})();
