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

// The codes the core returns, by family (build/vocabulary.json, written by ./build.sh test from
// examples/vocabulary.rs: read from the core's enums, so a new code cannot ship untranslated).
const vocabulary = JSON.parse(readFileSync(join(root, 'build', 'vocabulary.json'), 'utf8'));

test('every code the core returns has its message', () => {
  const prefixes = {
    errors: ['error.'],
    looksLike: ['looksLike.'],
    issues: ['issue.'],
    roles: ['role.', { suffix: '.what' }],
    amountKinds: ['amountKind.'],
    customerKeys: ['import.key.'],
    currencyBases: ['currency.basis.'],
    signs: ['sign.'],
    statusRules: ['statusRule.'],
    dayOrders: ['check.dayOrder.'],
    encodings: ['encoding.'],
    exportEncodings: ['export.encoding.'],
    timeUnits: ['forecast.unit.', 'summary.unit.'],
    models: ['forecast.model.', { suffix: '.what' }],
    levers: ['lever.', { suffix: '.hint' }],
    scoreMethods: ['settings.rfm.'],
    segments: ['segment.'],
    actions: ['action.'],
    cpmGroups: ['cpm.group.'],
    verdicts: ['channels.verdict.'],
    statuses: ['status.'],
    actionLists: ['actionList.', { suffix: '.why' }, { suffix: '.what' }],
    cohortPeriods: ['cohorts.period.', 'cohorts.axis.', 'cohorts.after.'],
    exportColumns: ['export.col.'],
    productKinds: ['products.kind.'],
    firstProductRules: ['products.rule.', 'products.ruleOption.'],
    productTables: ['products.by.', 'products.caption.', 'products.col.'],
    subscriptionKinds: ['subscription.kind.'],
    subscriptionRules: ['subscription.rule.'],
    subscriptionLists: ['subscription.list.', { suffix: '.what' }],
    subscriptionColumns: ['subscription.col.'],
    viewTables: ['views.table.'],
  };
  assert.deepEqual(Object.keys(vocabulary).sort(), Object.keys(prefixes).sort(), 'a family of the core has no prefix here');
  const missing = [];
  for (const [family, codes] of Object.entries(vocabulary)) {
    const [first, ...rest] = prefixes[family];
    const plain = [first, ...rest.filter((p) => typeof p === 'string')];
    const suffixes = rest.filter((p) => typeof p !== 'string').map((p) => first + '{code}' + p.suffix);
    for (const code of codes) {
      for (const key of [...plain.map((p) => p + code), ...suffixes.map((s) => s.replace('{code}', code))]) {
        if (!(key in messages.ja)) missing.push(key);
      }
    }
  }
  assert.deepEqual(missing, []);
});

test('every key the code asks for exists', () => {
  const literal = [...sources.matchAll(/\bt\('([\w.-]+)'/g), ...sources.matchAll(/\? '([a-z]+\.[\w.]+)' : '([a-z]+\.[\w.]+)'/g)]
    .flatMap((m) => m.slice(1)).filter(Boolean);
  // Families the page makes itself (the core's are checked above).
  const families = {
    'delimiter.': ['comma', 'tab', 'semicolon', 'pipe', 'other'],
    'error.': ['no_data', 'internal'],
    'forecast.error.': ['not_identifiable', 'not_converged'],
    'forecast.issue.': ['not_identifiable', 'not_converged'],
    'forecast.stage.': ['first', 'checking', 'final', 'only'],
    'forecast.why.first.': ['checking', 'unchecked'],
    'forecast.check.': ['checking', 'unchecked'],
    'forecast.param.bg.': ['r', 'alpha', 'a', 'b'],
    'forecast.param.pnbd.': ['r', 'alpha', 's', 'beta'],
    'forecast.param.gg.': ['p', 'q', 'v'],
    'summary.col.': ['customer', 'frequency', 'recency', 't', 'monetary', 'customer.what', 'frequency.what', 'recency.what', 't.what', 'monetary.what'],
    'param.': ['analysisDate', 'grossMarginPercent', 'acquisitionCost', 'retentionCostPerYear', 'channelCpa', 'repeatWindowsDays',
      'rfm.recencyDays', 'rfm.frequencyDays', 'rfm.monetaryYen', 'cpm.lapseDays', 'cpm.earlyDays', 'cpm.amountYen', 'levers',
      'status.minIntervalDays', 'status.ownRhythmFromDays', 'status.slippingPercent', 'status.lapsedPercent', 'status.lapsedBelowPAlive',
      'cohorts.minObservedShare', 'compareDate', 'ladder.lapseDays'],
    'steps.': ['1', '2', '3'],
    'table.col.': ['key', 'status', 'interval', 'email', 'segment', 'revenue', 'orders', 'purchaseDays', 'grossProfit', 'annualRevenue', 'firstDay', 'lastDay', 'recency', 'r', 'f', 'm', 'cpm', 'pAlive', 'expectedPurchases', 'predictedClv',
      'frequency', 'summaryRecency', 'summaryT', 'monetary'],
    'unit.': ['perYear', 'years', 'percent', 'yen', 'moneyPerYear'],
    'nav.': ['settings', 'compare', 'kpis', 'this-week', 'dash-calc', 'rfm', 'deciles', 'cohorts', 'cpm', 'channels', 'products', 'subscription', 'payback', 'monthly', 'ladder', 'to-second', 'upgrade', 'customers', 'forecast'],
    'nav.group.': ['overview', 'customers', 'acquisition', 'retention', 'forecast'],
  };
  const built = Object.entries(families).flatMap(([prefix, names]) => names.map((n) => prefix + n));
  const missing = [...new Set([...literal, ...built])].filter((k) => !(k in messages.ja));
  assert.deepEqual(missing, []);
  assert.ok(literal.length > 250, `found ${literal.length} literal keys`);
});

test('the page\'s export columns are the core\'s', () => {
  const source = readFileSync(join(www, 'ui', 'text.js'), 'utf8');
  const list = /const EXPORT_COLUMNS = \[([^\]]*)\]/.exec(source)[1].match(/'(\w+)'/g).map((s) => s.slice(1, -1));
  assert.deepEqual(list, vocabulary.exportColumns);
});
