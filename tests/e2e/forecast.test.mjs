// The 予測 section and the per-customer summary mode.
//
// Orders: the shipped sample (build/sample.csv, 782 customers, a profit column). Every figure the
// section shows is compared with the JS API's own `report.forecast(...)` for the same file, called
// in the test page and formatted there with Intl for ja-JP: the totals, the model and why, the
// holdout check by calibration frequency and by model, the fit's parameters, the list of valuable
// customers probably lost (its count is `report.customers({probablyLost: true}).total`) and its
// CSV (the downloaded bytes carry P(alive), expected purchases and predicted CLV). The 80 %
// intervals: each total's range and the holdout error beside them, every customer's CLV range in
// the table and the CSV, as the API gives them, in Japanese and English.
//
// Summary files: the CDNOW calibration summary of Fader, Hardie & Lee (2005) in lifetimes' format
// (tests/fixtures/cdnow_summary_weeks.csv, written by tests/make_cdnow_summary.mjs), read in
// weeks with BG/NBD forced: the parameters shown must be the paper's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  useChromium, inShadow, download, distUrl, fixture, root, chooseFile, openDashboard, tableRows,
  assertAccessible, sectionShots, kpis,
} from './browser.mjs';
import { cdnowSummaryCsv } from '../make_cdnow_summary.mjs';

const SAMPLE = readFileSync(join(root, 'build', 'sample.csv'), 'utf8');
const FORECAST = 'ltv-calculator #forecast';

const chromium = useChromium();

/** Waits for the forecast of the current settings (`state`: done or error). */
const forecastState = (page, state = 'done') => page.locator(`${FORECAST}[data-state=${state}]`).waitFor({ timeout: 60_000 });

async function sampleDashboard(page) {
  await page.goto(distUrl('ltv.html'));
  await page.getByRole('button', { name: 'サンプルデータで試す' }).click();
  await page.locator('ltv-calculator #check').waitFor();
  await openDashboard(page);
  await forecastState(page);
}

/**
 * Runs the JS API on `text` in the page (a report of its own) and returns the forecast with the
 * figures the section should show, formatted for ja-JP.
 */
function expected(page, text, params, importOptions = {}) {
  return page.evaluate(async ({ text, params, importOptions }) => {
    const r = await LtvCalculator.analyze(text, importOptions);
    const a = r.analysis;
    const p = a ? { observationEnd: a.analysisDate, margin: Number(a.measured.grossMarginPercent) / 100, ...params } : params;
    const f = await r.forecast(p);
    const lost = a ? await r.customers({ probablyLost: true, sort: 'revenue', ascending: false, limit: 1000 }) : null;
    const byAlive = await r.customers({ sort: 'pAlive', ascending: false, limit: 1 });
    r.close();
    const nf = (o) => new Intl.NumberFormat('ja-JP', o);
    const yen = (v) => nf({ style: 'currency', currency: 'JPY' }).format(v);
    const max = (d) => (v) => nf({ maximumFractionDigits: d }).format(v);
    const fixed = (d) => (v) => nf({ minimumFractionDigits: d, maximumFractionDigits: d }).format(v);
    const pct = (d) => (v) => nf({ style: 'percent', minimumFractionDigits: d, maximumFractionDigits: d }).format(v);
    const day = (iso) => iso.replaceAll('-', '/');
    const next = (iso) => new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const names = { bgNbd: 'BG/NBD', mbgNbd: 'MBG/NBD', paretoNbd: 'Pareto/NBD' };
    const t = f.totals;
    const per = (v) => v / t.customers;
    const v = f.validation.find((x) => x.model === f.model);
    const kind = Object.keys(f.transactions.params)[0];
    return {
      f,
      lost: lost && { total: lost.total, keys: lost.rows.map((row) => row.key), alive: lost.rows.map((row) => row.pAlive) },
      topAlive: { key: byAlive.rows[0].key, pAlive: pct(0)(byAlive.rows[0].pAlive) },
      kpis: {
        fcPurchases: `${max(1)(t.expectedPurchases)} 回`,
        fcRevenue: yen(t.expectedRevenue),
        fcClv: yen(t.clv),
        fcLost: pct(1)(t.probablyLostShare),
      },
      subs: {
        fcPurchases: `1人あたり ${max(2)(per(t.expectedPurchases))} 回`,
        fcRevenue: `1人あたり ${yen(per(t.expectedRevenue))}`,
        fcClv: `1人あたり ${yen(per(t.clv))}`,
        fcLost: `${max(0)(t.probablyLost)} 人 / ${max(0)(t.customers)} 人`,
      },
      model: `使ったモデル: ${names[f.model]}`,
      why: v && `過去データの後半1/3で答え合わせをした結果、最も誤差が小さいモデルです(${day(v.calibrationEnd)} までの購入でモデルを当てはめ、${day(next(v.calibrationEnd))}〜${day(v.holdoutEnd)} の実際のリピート購入と比べました)。`,
      sentence: v && `${names[v.model]} の予測は ${day(next(v.calibrationEnd))}〜${day(v.holdoutEnd)} のリピート購入 ${max(1)(v.predictedTotal)} 回、実際は ${max(0)(v.actualTotal)} 回でした(予測の差 ${v.predictedTotal > v.actualTotal ? '+' : ''}${pct(1)((v.predictedTotal - v.actualTotal) / v.actualTotal)})。`,
      byFrequency: v && v.byFrequency.map((b) => [b.repeatPurchases === 7 ? '7 回以上' : `${b.repeatPurchases} 回`, max(0)(b.customers),
        b.customers ? fixed(2)(b.actual) : '—', b.customers ? fixed(2)(b.predicted) : '—']),
      models: f.validation.map((x) => [names[x.model], max(1)(x.predictedTotal), max(0)(x.actualTotal), fixed(3)(x.frequencyError)]),
      tracking: v && { weeks: v.tracking.length, last: [max(0)(v.tracking.at(-1).actual), max(1)(v.tracking.at(-1).expected)] },
      params: Object.fromEntries(f.transactions.report.parameters.map((n) => [n, fixed(3)(f.transactions.params[kind][n])])),
      spend: f.spend && Object.fromEntries(f.spend.report.parameters.map((n) => [n, fixed(3)(f.spend.params[n])])),
    };
  }, { text, params, importOptions });
}

/** The KPI cards of the forecast section: value and sub line, by id. */
function forecastCards(page) {
  return page.$$eval(`${FORECAST} .fc-kpis .kpi`, (cards) => Object.fromEntries(cards.map((c) =>
    [c.dataset.kpi, { label: c.querySelector('dt').textContent, value: c.querySelector('.value').textContent, sub: c.querySelector('.sub').textContent }])));
}

/** The parameters shown in the fit details, by name (`#fc-params` or `#fc-spend`). */
function shownParams(page, id) {
  return page.$$eval(`${FORECAST} .${id}-wrap tbody tr`, (trs) =>
    Object.fromEntries(trs.map((tr) => [tr.dataset.param, tr.cells[1].textContent])));
}


test('the forecast on the sample shows the API’s figures (model, totals, holdout check, fit), the probably-lost list and its CSV', () => chromium.onPage(null, async ({ page }) => {
  await sampleDashboard(page);
  const want = await expected(page, SAMPLE, {});
  const f = want.f;
  assert.equal(f.model, f.suggestedModel, 'automatic: the model the holdout check suggests');

  // The model and why, in words; the totals with their units.
  assert.equal(await page.locator(`${FORECAST} #fc-model strong`).textContent(), want.model);
  assert.equal(await page.locator(`${FORECAST} #fc-why`).textContent(), want.why);
  const cards = await forecastCards(page);
  assert.deepEqual(Object.fromEntries(Object.entries(cards).map(([k, c]) => [k, c.value])), want.kpis);
  assert.deepEqual(Object.fromEntries(Object.entries(cards).map(([k, c]) => [k, c.sub])), want.subs);
  assert.equal(cards.fcPurchases.label, '今後365日の予測購入回数');
  assert.equal(cards.fcRevenue.label, '今後365日の予測売上');
  assert.equal(cards.fcClv.label, '12か月の予測LTV合計(年率10%で割引)');
  assert.equal(cards.fcLost.label, '離脱の可能性が高い顧客の割合');
  assert.match(await page.locator(`${FORECAST} [data-kpi=fcClv] .note`).textContent(), /粗利\(売上 × 粗利率 57\.6%\)/); // the file's profit column: 57.55 %
  assert.match(await page.locator(`${FORECAST} .fc-units`).textContent(), /0〜100% の確率.*期待値/);

  // The holdout check: in total, by calibration frequency 0…7+, week by week, and by model.
  assert.equal(await page.locator(`${FORECAST} #fc-check-sentence`).textContent(), want.sentence);
  assert.deepEqual(await tableRows(page, `${FORECAST} .fc-freq-wrap`), want.byFrequency);
  assert.deepEqual((await tableRows(page, `${FORECAST} .fc-models-wrap`)).map((r) => r.slice(0, 4)), want.models);
  assert.match((await tableRows(page, `${FORECAST} .fc-models-wrap`)).find((r) => r[0] === 'Pareto/NBD')[4], /使用中/);
  const track = await tableRows(page, `${FORECAST} .fc-track-wrap`);
  assert.equal(track.length, want.tracking.weeks);
  assert.deepEqual(track.at(-1).slice(3), want.tracking.last);
  assert.equal(await page.locator(`${FORECAST} canvas`).count(), 2, 'the frequency bars and the tracking lines');
  assert.ok(await page.locator(`${FORECAST} figure.chart .plot[role=img][aria-describedby=fc-freq-caption]`).count());

  // The fit for consultants: parameters to 3 decimals, as the API gives them.
  assert.deepEqual(await shownParams(page, 'fc-params'), want.params);
  assert.deepEqual(await shownParams(page, 'fc-spend'), want.spend);

  // The re-purchase campaign list: valuable customers probably lost.
  const lost = page.locator(`${FORECAST} #fc-lost[data-total]`);
  await lost.waitFor();
  assert.equal(Number(await lost.getAttribute('data-total')), want.lost.total);
  assert.ok(want.lost.total > 10);
  assert.equal(await page.locator(`${FORECAST} #fc-lost-count`).textContent(), `累計購入金額が上位20%の優良顧客のうち、${want.lost.total} 人が離れかけています。`);
  const lostRows = await tableRows(page, `${FORECAST} .fc-lost-wrap`);
  assert.deepEqual(lostRows.map((r) => r[0]), want.lost.keys.slice(0, 10));
  // Screenshots (before the download's status line appears), with the fit details open.
  await inShadow(page, (root) => { root.querySelector('#fc-fit').open = true; });
  await sectionShots(page, FORECAST, 'forecast-sample');
  const csv = await download(page, () => page.locator(`${FORECAST} #fc-lost-export`).click());
  assert.equal(csv.name, `顧客リスト_離脱の可能性が高い優良顧客_${f.observationEnd}.csv`);
  const lines = csv.bytes.subarray(3).toString('utf8').split('\r\n').slice(0, -1);
  const header = lines[0].split(',');
  assert.deepEqual(header.slice(-6), ['生存確率 P(alive)', '予測購入回数', '予測LTV', '予測LTV(80%区間の下限)', '予測LTV(80%区間の上限)',
    '離脱の可能性が高い優良顧客']);
  const rows = lines.slice(1).map((l) => l.split(','));
  assert.equal(rows.length, want.lost.total);
  assert.deepEqual(rows.map((r) => r[0]), want.lost.keys);
  assert.deepEqual(rows.map((r) => r[header.indexOf('生存確率 P(alive)')]), want.lost.alive.map((p) => p.toFixed(3)));
  assert.ok(rows.every((r) => r.at(-1) === '1' && Number(r.at(-2)) >= 0));

  // The customer table: P(alive), expected purchases and predicted CLV, explained and sortable.
  const th = (col) => page.locator(`ltv-calculator table.customers th[data-col=${col}]`);
  assert.equal(await th('pAlive').textContent(), 'まだ顧客でいる確率');
  assert.equal(await th('expectedPurchases').textContent(), '今後365日の予測購入回数');
  assert.equal(await th('predictedClv').textContent(), '予測LTV(12か月)');
  assert.match(await page.locator('ltv-calculator .fc-table-hint').textContent(), /0〜100% の確率.*期待値/);
  await th('pAlive').locator('button').click();
  await page.waitForFunction(() => document.querySelector('ltv-calculator').shadowRoot.querySelector('th[data-col=pAlive]')?.getAttribute('aria-sort') === 'descending');
  await page.waitForFunction((key) => document.querySelector('ltv-calculator').shadowRoot.querySelector('table.customers tbody tr th')?.textContent === key, want.topAlive.key);
  const first = await inShadow(page, (root) => {
    const tr = root.querySelector('table.customers tbody tr');
    const col = [...root.querySelectorAll('table.customers thead th')].findIndex((x) => x.dataset.col === 'pAlive');
    return tr.cells[col].textContent;
  });
  assert.equal(first, want.topAlive.pAlive);
  // "Show in the customer table" filters it to the campaign list.
  await page.getByRole('button', { name: '顧客一覧で見る', exact: true }).click();
  await page.waitForFunction((n) => document.querySelector('ltv-calculator').shadowRoot.querySelector('#table-status')?.textContent === `${n} 人中 1〜50 人目`, want.lost.total);
  assert.equal(await page.locator('ltv-calculator #table-lost').isChecked(), true);

  // Accessible at desktop and phone width, with every data table opened.
  await inShadow(page, (root) => root.querySelectorAll('#forecast details').forEach((el) => { el.open = true; }));
  await assertAccessible(page, 'forecast section');
  await page.setViewportSize({ width: 375, height: 812 });
  await assertAccessible(page, 'forecast section at phone width');
  await page.setViewportSize({ width: 1280, height: 900 });
}));

test('the 80 % intervals: the totals’ ranges with the holdout error beside them, each customer’s CLV range in the table and the CSV, as the API gives them; in English too', () => chromium.onPage(null, async ({ page }) => {
  await sampleDashboard(page);
  // The API on the same file and settings, its figures formatted in the page (Intl, both languages).
  const api = await page.evaluate(async (text) => {
    const r = await LtvCalculator.analyze(text);
    const a = r.analysis;
    const f = await r.forecast({ observationEnd: a.analysisDate, margin: Number(a.measured.grossMarginPercent) / 100 });
    const rows = (await r.customers({ sort: 'revenue', ascending: false, limit: 1000 })).rows;
    const lost = (await r.customers({ probablyLost: true, sort: 'revenue', ascending: false, limit: 1000 })).rows;
    r.close();
    const fmt = (locale) => {
      const nf = (o) => new Intl.NumberFormat(locale, o);
      return { yen: (v) => nf({ style: 'currency', currency: 'JPY' }).format(v), num1: (v) => nf({ minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v),
        pct0: (v) => nf({ style: 'percent', maximumFractionDigits: 0 }).format(v) };
    };
    const [ja, en] = [fmt('ja-JP'), fmt('en-US')];
    const iv = f.totals.intervals;
    const e = f.holdoutError;
    return {
      f,
      ranges: iv && {
        fcPurchases: `80%区間 ${ja.num1(iv.expectedPurchases[0])}〜${ja.num1(iv.expectedPurchases[1])} 回`,
        fcRevenue: `80%区間 ${ja.yen(iv.expectedRevenue[0])}〜${ja.yen(iv.expectedRevenue[1])}`,
        fcClv: `80%区間 ${ja.yen(iv.clv[0])}〜${ja.yen(iv.clv[1])}`,
      },
      rangesEn: iv && { fcClv: `80% interval: ${en.yen(iv.clv[0])}–${en.yen(iv.clv[1])}` },
      holdout: e != null && `直近3分の1で答え合わせ: 予測は実績より${ja.pct0(Math.abs(e))}${e > 0 ? '多め' : '少なめ'}`,
      holdoutEn: e != null && `The check on the last third was ${en.pct0(Math.abs(e))} ${e > 0 ? 'high' : 'low'}`,
      rows: Object.fromEntries(rows.map((x) => [x.key, { clv: x.predictedClv, low: x.predictedClvLow, high: x.predictedClvHigh,
        shown: [ja.yen(x.predictedClv), `80%区間 ${ja.yen(x.predictedClvLow)}〜${ja.yen(x.predictedClvHigh)}`] }])),
      lost: lost.map((x) => [x.key, x.predictedClv, x.predictedClvLow, x.predictedClvHigh].map(String)),
    };
  }, SAMPLE);
  const { f } = api;
  const iv = f.totals.intervals;
  assert.ok(iv, 'the sample’s fit has standard errors');
  assert.equal(iv.level, 0.8);
  for (const name of ['expectedPurchases', 'expectedRevenue', 'clv']) {
    const [low, high] = iv[name];
    assert.ok(low < f.totals[name] && f.totals[name] < high, `${name}: ${low} ${f.totals[name]} ${high}`);
  }
  assert.equal(typeof f.holdoutError, 'number');

  // The totals: each card shows its range under the figure; the holdout error beside them; what the interval covers.
  const ranges = await page.$$eval(`${FORECAST} .fc-kpis .kpi`, (cards) => Object.fromEntries(cards
    .filter((c) => c.querySelector('.range')).map((c) => [c.dataset.kpi, c.querySelector('.range').textContent])));
  assert.deepEqual(ranges, api.ranges);
  assert.equal(await page.locator(`${FORECAST} #fc-holdout`).textContent(), api.holdout);
  assert.match(await page.locator(`${FORECAST} #fc-interval-note`).textContent(), /^80%区間は、モデルのパラメータを推定したときのぶれ\(標準誤差、デルタ法\)から計算した範囲です。誰が実際に買うかという偶然のばらつきは含まない/);

  // The customer table: each predicted CLV with its range below it, the API's to the yen.
  // (The table may still show the first answer's figures for a moment: it asks for its page again once the checked forecast is in.)
  const final = Object.fromEntries(Object.entries(api.rows).map(([key, r]) => [key, r.shown.join('|')]));
  await page.waitForFunction((final) => {
    const root = document.querySelector('ltv-calculator').shadowRoot;
    const col = [...root.querySelectorAll('table.customers thead th')].findIndex((x) => x.dataset.col === 'predictedClv');
    const trs = [...root.querySelectorAll('table.customers tbody tr')];
    return col > 0 && trs.length > 0 && trs.every((tr) => final[tr.cells[0].textContent] === [...tr.cells[col].children].map((c) => c.textContent).join('|'));
  }, final, { timeout: 10_000 }).catch(() => {});
  const shown = await inShadow(page, (root) => {
    const col = [...root.querySelectorAll('table.customers thead th')].findIndex((x) => x.dataset.col === 'predictedClv');
    return [...root.querySelectorAll('table.customers tbody tr')].map((tr) => [tr.cells[0].textContent,
      tr.cells[col].querySelector('.clv-value')?.textContent, tr.cells[col].querySelector('.clv-range')?.textContent]);
  });
  assert.equal(shown.length, 50);
  for (const [key, value, range] of shown) {
    const want = api.rows[key];
    assert.deepEqual([value, range], want.shown, key);
    assert.ok(Number(want.low) <= Number(want.clv) && Number(want.clv) <= Number(want.high), `${key}: ${want.low} ${want.clv} ${want.high}`);
  }
  assert.ok(shown.some(([key]) => Number(api.rows[key].low) < Number(api.rows[key].high)));

  // The CSV of the campaign list: the two range columns after the CLV, the API's amounts.
  await page.locator(`${FORECAST} #fc-lost-export`).waitFor();
  const csv = await download(page, () => page.locator(`${FORECAST} #fc-lost-export`).click());
  const lines = csv.bytes.subarray(3).toString('utf8').split('\r\n').slice(0, -1);
  const header = lines[0].split(',');
  const at = (name) => header.indexOf(name);
  const cells = lines.slice(1).map((l) => l.split(',')).map((r) => [r[0], ...['予測LTV', '予測LTV(80%区間の下限)', '予測LTV(80%区間の上限)'].map((n) => r[at(n)])]);
  assert.equal(cells.length, api.lost.length);
  assert.deepEqual(cells.map((r) => [r[0], ...r.slice(1).map(Number)]), api.lost.map((r) => [r[0], ...r.slice(1).map(Number)]));
  assert.ok(cells.every(([, clv, low, high]) => Number(low) <= Number(clv) && Number(clv) <= Number(high)));

  // English: the same figures in its words.
  await page.locator('ltv-calculator button.lang').click();
  await page.waitForFunction((want) => document.querySelector('ltv-calculator').shadowRoot.querySelector('#forecast[data-state=done] #fc-holdout')?.textContent.startsWith(want), api.holdoutEn);
  assert.equal(await page.locator(`${FORECAST} [data-kpi=fcClv] .range`).textContent(), api.rangesEn.fcClv);
  assert.match(await page.locator(`${FORECAST} #fc-interval-note`).textContent(), /^The 80% intervals come from the uncertainty of the model’s estimated parameters/);
  await page.locator('ltv-calculator table.customers td .clv-range').first().waitFor();
  assert.match(await page.locator('ltv-calculator table.customers td .clv-range').first().textContent(), /^80% interval ¥[\d,]+–¥[\d,]+$/);
}));

test('the forecast settings and a new analysis date run the forecast again', () => chromium.onPage(null, async ({ page }) => {
  await sampleDashboard(page);
  await page.getByLabel('予測期間').fill('180');
  await page.getByLabel('予測LTVの期間').fill('6');
  await page.getByLabel('割引率').fill('5');
  await page.locator('ltv-calculator #fc-model-select').selectOption('bgNbd');
  await page.getByRole('button', { name: 'この条件で予測し直す' }).click();
  await page.waitForFunction(() => /BG\/NBD$/.test(document.querySelector('ltv-calculator').shadowRoot.querySelector('#forecast[data-state=done] #fc-model strong')?.textContent || ''));
  const settings = { horizonDays: 180, clvMonths: 6, annualDiscountRate: 0.05, model: 'bgNbd' };
  let want = await expected(page, SAMPLE, settings);
  let cards = await forecastCards(page);
  assert.deepEqual(Object.fromEntries(Object.entries(cards).map(([k, c]) => [k, c.value])), want.kpis);
  assert.equal(cards.fcPurchases.label, '今後180日の予測購入回数');
  assert.equal(cards.fcClv.label, '6か月の予測LTV合計(年率5%で割引)');
  assert.equal(await page.locator(`${FORECAST} #fc-why`).textContent(), '設定で選んだモデルです。(「自動」なら、答え合わせで最も誤差が小さい Pareto/NBD を使います。)');
  assert.deepEqual(await shownParams(page, 'fc-params'), want.params);
  // The table follows (it asks the worker for its page again once the forecast is in).
  await page.waitForFunction(() => document.querySelector('ltv-calculator').shadowRoot
    .querySelector('table.customers th[data-col=expectedPurchases]')?.textContent === '今後180日の予測購入回数');

  // A bad value is refused in words, the forecast stays.
  await page.getByLabel('予測期間').fill('0');
  await page.getByRole('button', { name: 'この条件で予測し直す' }).click();
  assert.match(await page.locator(`${FORECAST} .fc-form .form-status`).textContent(), /予測期間は1〜36,525日/);
  assert.equal(await page.getByLabel('予測期間').getAttribute('aria-invalid'), 'true');
  await page.getByLabel('予測期間').fill('180');

  // The analysis date is the forecast's observation end.
  await page.locator('ltv-calculator #set-date').fill('2024-06-30');
  await page.getByRole('button', { name: 'この条件で再計算' }).click();
  await page.waitForFunction(() => /^2024\/06\/30 までの購入履歴/.test(document.querySelector('ltv-calculator').shadowRoot.querySelector('#forecast[data-state=done] .fc-top > .hint')?.textContent || ''));
  // The gross margin follows the analysis date too (the profit column up to that day).
  want = await expected(page, SAMPLE, settings, { analysis: { analysisDate: '2024-06-30' } });
  assert.equal(want.f.observationEnd, '2024-06-30');
  cards = await forecastCards(page);
  assert.deepEqual(Object.fromEntries(Object.entries(cards).map(([k, c]) => [k, c.value])), want.kpis);
  assert.deepEqual(Object.fromEntries(Object.entries(cards).map(([k, c]) => [k, c.sub])), want.subs);
}));

test('the forecast prints with its charts (no settings, no buttons)', () => chromium.onPage(null, async ({ page }) => {
  await sampleDashboard(page);
  await page.emulateMedia({ media: 'print' });
  const visible = (sel) => page.locator(`${FORECAST} ${sel}`).first().isVisible();
  assert.equal(await visible('h2'), true);
  assert.equal(await visible('.fc-kpis'), true);
  assert.equal(await page.locator(`${FORECAST} canvas`).count(), 2);
  for (const k of [0, 1]) assert.equal(await page.locator(`${FORECAST} canvas`).nth(k).isVisible(), true);
  assert.equal(await visible('.fc-lost-wrap'), true);
  assert.equal(await visible('.fc-form'), false);
  assert.equal(await visible('#fc-lost-export'), false);
  assert.equal(await visible('.fit-details'), false);
  assert.match(await page.locator(`${FORECAST} .fc-top .print-only`).textContent(), /^予測の条件: 予測期間 365 日、予測LTV 12 か月/);
  assert.equal(await page.$eval(FORECAST, (el) => getComputedStyle(el).breakBefore), 'page');
}));

test('too few repeat buyers: a friendly message inside the section in both languages, the dashboard stays', () => chromium.onPage('ltv.html', async ({ page }) => {
  await chooseFile(page, fixture('orders_dashboard.csv')); // 4 customers bought twice or more
  await openDashboard(page);
  await forecastState(page, 'error');
  const message = () => page.$$eval(`${FORECAST} #fc-error p`, (ps) => ps.map((p) => p.textContent));
  assert.deepEqual(await message(), ['予測できませんでした',
    '2回以上購入した顧客が少なすぎて、予測モデルを当てはめられません(少なくとも10人必要です)。期間の長い注文データで、または顧客が増えてからお試しください。',
    'ほかの分析結果はそのままお使いいただけます。']);
  assert.equal((await kpis(page)).ltv, '￥11,500');
  assert.equal(await page.locator('ltv-calculator table.customers th[data-col=pAlive]').count(), 0);
  assert.equal(await page.locator(`${FORECAST} #fc-form`).isVisible(), true);
  await assertAccessible(page, 'forecast error');
  await page.locator('ltv-calculator button.lang').click();
  await forecastState(page, 'error');
  const [title, text] = await message();
  assert.equal(title, 'No forecast');
  assert.match(text, /^Too few customers bought twice or more to fit a forecast model \(at least 10 are needed\)\./);
  assert.equal(await page.locator(`${FORECAST} h2`).textContent(), 'Forecast (future purchases)');
}));

test('two days of orders: the forecast says beside its totals that the history is too short, with the span, the horizon and the repeat gap (1, 365 and 1 days), in both languages', () => chromium.onPage('ltv.html', async ({ page }) => {
  // 60 customers on 2024-03-01, every other one again on 2024-03-02.
  let csv = 'customer_id,order_date,amount\n';
  for (let k = 0; k < 60; k++) {
    csv += `C${k},2024-03-01,${1000 + 10 * k}\n`;
    if (k % 2 === 0) csv += `C${k},2024-03-02,1500\n`;
  }
  await chooseFile(page, { name: 'two-days.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await openDashboard(page);
  await forecastState(page);
  const warning = () => page.locator(`${FORECAST} #fc-short-history`).textContent();
  assert.equal(await warning(), '注意: 購入履歴が1日分しかなく、365日先までの予測には短すぎます(リピート客の購入間隔の中央値: 1日)。モデルは見えた購入リズムをそのまま先へ延ばすため、この数字は大きく外れることがあります。履歴が予測期間の4分の1以上、かつ購入間隔の3倍以上になってから参考にしてください。');
  await assertAccessible(page, 'short history');
  await page.locator('ltv-calculator button.lang').click();
  await forecastState(page);
  assert.match(await warning(), /^Caution: the purchase history covers only 1 day, too short for a forecast over 365 days \(repeat buyers’ median gap between purchases: 1 day\)\./);
}));

test('a lifetimes summary file (CDNOW, weeks, BG/NBD forced) shows Fader, Hardie & Lee (2005)’s r, α, a, b = 0.243, 4.414, 0.793, 2.426 to 3 decimals', () => chromium.onPage('ltv.html', async ({ page }) => {
  assert.equal(readFileSync(fixture('cdnow_summary_weeks.csv'), 'utf8'), cdnowSummaryCsv(), 'the fixture is what tests/make_cdnow_summary.mjs writes');
  await chooseFile(page, fixture('cdnow_summary_weeks.csv'));

  // The check says what the file is and asks the time unit (lifetimes' default, days, first).
  assert.match(await page.locator('ltv-calculator #summary-what').textContent(), /顧客ごとに1行の集計ファイル/);
  assert.match(await page.locator('ltv-calculator .facts').innerText(), /2,357 行を読み込み、2,357 人の顧客として集計しました。/);
  assert.deepEqual((await tableRows(page, 'ltv-calculator .summary-columns-wrap')).map((r) => r[1]), ['customer_id', 'frequency', 'recency', 'T', 'monetary_value']);
  assert.equal(await page.locator('ltv-calculator #summary-unit-days').isChecked(), true);
  assert.match(await page.locator('ltv-calculator #summary-unit').innerText(), /T = 38.86 は、日なら約 1.3 か月、週なら 272 日 = 約 8.9 か月/);
  await assertAccessible(page, 'summary import check');
  await page.locator('ltv-calculator #summary-unit-weeks').check();
  await page.getByRole('button', { name: 'この単位で読み込み直す' }).click();
  await page.waitForFunction(() => document.querySelector('ltv-calculator').shadowRoot.querySelector('#summary-unit-weeks')?.checked
    && /今は「週」/.test(document.querySelector('ltv-calculator').shadowRoot.querySelector('#summary-unit').textContent));
  await openDashboard(page);
  await forecastState(page);

  // Only the forecast and the summary table; one sentence says why.
  assert.deepEqual(await page.$$eval('ltv-calculator .step-body > section', (s) => s.map((x) => x.id)), ['forecast', 'customers']);
  assert.deepEqual(await page.$$eval('ltv-calculator .section-nav a', (a) => a.map((x) => x.textContent)), ['予測', '顧客一覧']);
  assert.match(await page.locator('ltv-calculator #summary-notice').textContent(), /^このファイルは顧客ごとの集計.*表示できません。/);
  assert.equal(await page.locator('ltv-calculator #table-export').count(), 0);
  assert.match(await page.locator(`${FORECAST} #fc-check`).textContent(), /購入日がないため、答え合わせ.*できません/);

  await page.locator('ltv-calculator #fc-model-select').selectOption('bgNbd');
  await page.getByRole('button', { name: 'この条件で予測し直す' }).click();
  await page.waitForFunction(() => document.querySelector('ltv-calculator').shadowRoot.querySelector('#forecast[data-state=done] #fc-why')?.textContent.startsWith('設定で選んだモデル'));
  const text = readFileSync(fixture('cdnow_summary_weeks.csv'), 'utf8');
  const want = await expected(page, text, { model: 'bgNbd' }, { summaryUnit: 'weeks' });
  assert.deepEqual(await shownParams(page, 'fc-params'), { r: '0.243', alpha: '4.414', a: '0.793', b: '2.426' });
  assert.deepEqual(want.params, { r: '0.243', alpha: '4.414', a: '0.793', b: '2.426' });
  assert.equal(await page.locator(`${FORECAST} #fc-params-caption`).textContent(), 'BG/NBD のパラメータ(時間の単位: 週)');
  assert.match(await page.locator(`${FORECAST} #fc-bgnbd-note`).textContent(), /2回目の購入がまだない顧客の「まだ顧客でいる確率」は100%/);
  // Gamma-Gamma on the same summary: Fader & Hardie (2013) p, q, v = 6.25, 3.74, 15.44 (to 2 decimals).
  const spend = await shownParams(page, 'fc-spend');
  assert.deepEqual(Object.values(spend).map((s) => Number(s).toFixed(2)), ['6.25', '3.74', '15.44']);
  assert.deepEqual(Object.fromEntries(Object.entries(await forecastCards(page)).map(([k, c]) => [k, c.value])), want.kpis);

  // The summary table: file columns in weeks and the forecast, sortable.
  const head = await page.$$eval('ltv-calculator table.customers thead th button span:first-child', (ths) => ths.map((x) => x.textContent));
  assert.deepEqual(head, ['顧客', 'リピート購入回数', '初回〜最終購入(週)', '初回〜集計の終わり(週)', 'リピート1回の平均金額',
    'まだ顧客でいる確率', '今後365日の予測購入回数', '予測LTV(12か月)']);
  await page.locator('ltv-calculator th[data-col=pAlive] button').click();
  await page.waitForFunction((key) => document.querySelector('ltv-calculator').shadowRoot.querySelector('th[data-col=pAlive]')?.getAttribute('aria-sort') === 'descending'
    && document.querySelector('ltv-calculator').shadowRoot.querySelector('table.customers tbody tr th')?.textContent === key, want.topAlive.key);
  assert.equal(await page.locator('ltv-calculator #table-status').textContent(), '2,357 人中 1〜50 人目');

  await inShadow(page, (root) => root.querySelectorAll('#forecast details').forEach((el) => { el.open = true; }));
  await sectionShots(page, 'ltv-calculator .step-body', 'summary-dashboard');
  await assertAccessible(page, 'summary dashboard');
  await page.setViewportSize({ width: 375, height: 812 });
  await assertAccessible(page, 'summary dashboard at phone width');
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByRole('button', { name: '読み込みの確認に戻る' }).click();
  await page.locator('ltv-calculator #check').waitFor();
  await sectionShots(page, 'ltv-calculator #check', 'summary-check');
}));
