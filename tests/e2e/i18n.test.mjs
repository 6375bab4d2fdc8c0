// Every message exists in Japanese and in English: the two tables have the same keys, and every
// key the code asks for with a literal t('…') is in them (keys built from data, such as
// `issue.${kind}`, are listed here by their families). Runs in node, no browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { root } from './browser.mjs';

const www = join(root, 'www');
const context = { navigator: { languages: ['ja'] }, Intl };
// The two message tables, then the translator, as the build concatenates them.
const i18nFiles = ['i18n/ja.js', 'i18n/en.js', 'i18n.js'];
vm.runInNewContext(`${i18nFiles.map((f) => readFileSync(join(www, f), 'utf8')).join('\n')}\nthis.LtvI18n = LtvI18n;`, context);
const { messages } = context.LtvI18n;
const sources = ['widget.js', 'page.js', 'engine.js', ...readdirSync(join(www, 'ui')).map((f) => join('ui', f))]
  .map((f) => readFileSync(join(www, f), 'utf8')).join('\n');

test('Japanese and English have the same messages, none empty', () => {
  const ja = Object.keys(messages.ja).sort();
  const en = Object.keys(messages.en).sort();
  assert.deepEqual(ja.filter((k) => !(k in messages.en)), [], 'missing in English');
  assert.deepEqual(en.filter((k) => !(k in messages.ja)), [], 'missing in Japanese');
  for (const lang of ['ja', 'en']) {
    for (const [k, v] of Object.entries(messages[lang])) assert.ok(v.length > 0, `${lang} ${k} is empty`);
  }
});

test('every placeholder of a Japanese message is in its English one', () => {
  const holes = (s) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
  for (const k of Object.keys(messages.ja)) assert.deepEqual(holes(messages.en[k]), holes(messages.ja[k]), k);
});

test('every key the code asks for exists', () => {
  const literal = [...sources.matchAll(/\bt\('([\w.-]+)'/g), ...sources.matchAll(/\? '([a-z]+\.[\w.]+)' : '([a-z]+\.[\w.]+)'/g)]
    .flatMap((m) => m.slice(1)).filter(Boolean);
  const families = {
    'amountKind.': ['orderTotal', 'lineTotal', 'unitPrice'],
    'channels.verdict.': ['profitable', 'revenueOnly', 'unprofitable', 'noCpa', 'notEnoughHistory'],
    'check.dayOrder.': ['monthFirst', 'dayFirst'],
    'delimiter.': ['comma', 'tab', 'semicolon', 'pipe', 'other'],
    'encoding.': ['utf-8', 'shift_jis', 'utf-16le', 'utf-16be'],
    'export.encoding.': ['utf8Bom', 'shiftJis', 'utf8'],
    'import.key.': ['customerId', 'email'],
    'issue.': ['badDate', 'missingDate', 'badAmount', 'missingAmount', 'missingCustomer', 'repeatedHeader', 'totalsRow', 'otherCurrency', 'cancelled', 'refunded',
      'badSummary', 'duplicateCustomer'],
    'lever.': ['averageOrderValue', 'purchasesPerYear', 'years', 'grossMarginPercent', 'acquisitionCost', 'retentionCostPerYear'],
    'looksLike.': ['xlsx', 'xls', 'pdf', 'binary'],
    'error.': ['empty', 'not_text', 'missing_columns', 'unknown_column', 'no_usable_rows', 'bad_options', 'bad_parameter', 'no_data', 'internal',
      'not_identifiable', 'not_converged', 'needs_orders'],
    'forecast.model.': ['bgNbd', 'mbgNbd', 'paretoNbd', 'bgNbd.what', 'mbgNbd.what', 'paretoNbd.what'],
    'forecast.unit.': ['weeks', 'days'],
    'forecast.error.': ['not_identifiable', 'not_converged'],
    'forecast.issue.': ['not_identifiable', 'not_converged'],
    'forecast.param.bg.': ['r', 'alpha', 'a', 'b'],
    'forecast.param.pnbd.': ['r', 'alpha', 's', 'beta'],
    'forecast.param.gg.': ['p', 'q', 'v'],
    'summary.col.': ['customer', 'frequency', 'recency', 't', 'monetary', 'customer.what', 'frequency.what', 'recency.what', 't.what', 'monetary.what'],
    'summary.unit.': ['days', 'weeks'],
    'param.': ['analysisDate', 'grossMarginPercent', 'acquisitionCost', 'retentionCostPerYear', 'channelCpa', 'repeatWindowsDays',
      'rfm.recencyDays', 'rfm.frequencyDays', 'rfm.monetaryYen', 'cpm.lapseDays', 'cpm.earlyDays', 'cpm.amountYen', 'levers'],
    'role.': ['customer', 'email', 'date', 'amount', 'orderId', 'status', 'channel', 'profit', 'cost', 'refund', 'cancelledAt', 'time', 'quantity', 'product', 'currency'],
    'settings.rfm.': ['thresholds', 'quintiles'],
    'statusRule.': ['kept', 'excluded', 'refunded'],
    'steps.': ['1', '2', '3'],
    'table.col.': ['key', 'email', 'segment', 'revenue', 'orders', 'purchaseDays', 'grossProfit', 'annualRevenue', 'firstDay', 'lastDay', 'recency', 'r', 'f', 'm', 'cpm', 'pAlive', 'expectedPurchases', 'predictedClv',
      'frequency', 'summaryRecency', 'summaryT', 'monetary'],
    'unit.': ['perYear', 'years', 'percent', 'yen', 'moneyPerYear'],
    'nav.': ['settings', 'kpis', 'dash-calc', 'rfm', 'deciles', 'cohorts', 'cpm', 'channels', 'customers', 'forecast'],
  };
  const built = Object.entries(families).flatMap(([prefix, names]) => names.map((n) => prefix + n));
  const roles = families['role.'].map((r) => `role.${r}.what`);
  const hints = families['lever.'].map((l) => `lever.${l}.hint`);
  const missing = [...new Set([...literal, ...built, ...roles, ...hints])].filter((k) => !(k in messages.ja));
  assert.deepEqual(missing, []);
  assert.ok(literal.length > 250, `found ${literal.length} literal keys`);
});
