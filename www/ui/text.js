// Texts made from the engine's values, in the current language: an error's message with its
// details, the name of a currency as a unit, the name of a segment or group the core names in
// both languages. Classic script, concatenated by tools/build-www.mjs; defines `LtvText` only.
'use strict';

const LtvText = (() => {
  /**
   * The text of an error from the engine (its `name` is the core's stable code, its `details` the
   * numbers to show), in the current language; an unknown code reads as an internal error.
   * @param {Object} i18n a translator of LtvI18n
   * @param {Error & {details?: Object}} e
   */
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
    return i18n.has(key) ? t(key, params) : t('error.internal', params);
  }

  /** A currency as the unit of an input or an axis: 円 for yen, else its code. */
  function currencyUnit(i18n, currency) {
    return currency === 'JPY' ? i18n.t('unit.yen') : currency;
  }

  /** The name the core gives a segment or a group, in the current language. */
  function localName(i18n, item) {
    return i18n.lang === 'en' ? item.nameEn : item.nameJa;
  }

  return Object.freeze({ errorText, currencyUnit, localName });
})();
