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
      packReason: d.reason && i18n.has(`pack.reason.${d.reason}`) ? t(`pack.reason.${d.reason}`) : (d.reason ?? ''),
      packWhat: d.name && i18n.has(`pack.what.${d.name}`) ? t(`pack.what.${d.name}`) : (d.name ?? ''),
    };
    const key = `error.${e.name}`;
    return i18n.has(key) ? t(key, params) : t('error.internal', params);
  }

  /** A currency as the unit of an input or an axis: 円 for yen, else its code. */
  function currencyUnit(i18n, currency) {
    return currency === 'JPY' ? i18n.t('unit.yen') : currency;
  }

  /** The name of a code the core returns (`segment`, `cpm.group`, `action` …), in the current language. */
  function codeName(i18n, family, code) {
    return i18n.t(`${family}.${code}`);
  }

  /** The export's column ids (the core's order and names; tests/e2e/i18n.test.mjs checks them). */
  const EXPORT_COLUMNS = ['key', 'email', 'name', 'postalCode', 'address', 'phone', 'firstDay', 'lastDay', 'orders',
    'purchaseDays', 'revenue', 'grossProfit', 'annualRevenue', 'recencyDays', 'status', 'intervalDays', 'r', 'f', 'm', 'segment', 'cpm',
    'pAlive', 'expectedPurchases', 'predictedClv', 'predictedClvLow', 'predictedClvHigh', 'probablyLost'];

  /** The words of a CSV export in the current language: headers, segment, CPM group and status names. */
  function exportLabels(i18n, analysis) {
    const table = (codes, family) => Object.fromEntries(codes.map((c) => [c, codeName(i18n, family, c)]));
    return {
      columns: table(EXPORT_COLUMNS, 'export.col'),
      segments: table(analysis.rfm.segments.map((s) => s.segment), 'segment'),
      cpmGroups: table(analysis.cpm.groups.map((g) => g.group), 'cpm.group'),
      statuses: table(analysis.status.statuses.map((g) => g.status), 'status'),
    };
  }

  return Object.freeze({ errorText, currencyUnit, codeName, exportLabels, EXPORT_COLUMNS });
})();
