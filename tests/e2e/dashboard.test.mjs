// The dashboard on a small shop with channels and a cost column (tests/fixtures/orders_dashboard.csv),
// every figure computed by hand below. Analysis date = the last order day, 2024-12-31.
//
// Kept orders (D005 is cancelled) per customer — revenue / cost → gross profit:
//   A001  Google   2023-01-10 10,000/6,000  2023-03-01 5,000/3,000  2024-12-20 8,000/4,000  → 23,000, profit 10,000
//   B002  Google   2023-02-01 3,000/2,000                                                    →  3,000, profit  1,000
//   C003  Insta    2023-06-15 4,000/2,500  2024-05-01 6,000/3,000                            → 10,000, profit  4,500
//   D004  Insta    2024-11-01 2,000/1,000  2024-12-31 2,000/1,000                            →  4,000, profit  2,000
//   E005  LINE     2024-01-05, 03-05, 05-05, 07-05, 09-05, 12-15: 6 × 5,000/2,000            → 30,000, profit 18,000
//   +819012345678 Google 2024-06-10 9,000/5,000                                              →  9,000, profit  4,000
//   =SUM(1) (no channel) 2024-12-31 1,500/500                                                →  1,500, profit  1,000
// 7 customers, 16 orders, revenue 80,500, gross profit 40,500 (50.31 %).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useChromium, download, distUrl, fixture, kpis, chooseFile, openDashboard, shots, tableRows,
  assertAccessible, artifacts,
} from './browser.mjs';
import { join } from 'node:path';

const chromium = useChromium();

async function dashboard(page, name = 'orders_dashboard.csv') {
  await page.goto(distUrl('ltv.html'));
  await chooseFile(page, fixture(name));
  await openDashboard(page);
}

test('the dashboard shows the hand-computed KPIs, segments, grid, deciles, cohorts, CPM and calculator', () => chromium.onPage('ltv.html', async ({ page }) => {
  await chooseFile(page, fixture('orders_dashboard.csv'));
  assert.match(await page.locator('ltv-calculator .facts').innerText(), /17 行を読み込み、16 件の注文・7 人の顧客として集計しました。/);
  await openDashboard(page);

  assert.deepEqual(await kpis(page), {
    ltv: '￥11,500', // 80,500 ÷ 7
    annualLtv: '￥9,333', // A, B, C are a year old by 2024-01-02: (15,000 + 3,000 + 10,000) ÷ 3 = 9,333.33
    aov: '￥5,031', // 80,500 ÷ 16 = 5,031.25
    frequency: '2.29 回', // 16 ÷ 7 = 2.2857
    f2: '57.1%', // A, C, D, E bought on 2+ days: 4 ÷ 7
    retention: '66.7%', // of A, B, C (active 2023-01-02…2024-01-01), A and C bought again in the next 365 days
    cpa: '￥4,705', // first-year AOV 28,000 ÷ 5 = 5,600 × 1.67 a year × 1 year × 50.31 % = 4,704.99
    customers: '7',
    orders: '16',
    revenue: '￥80,500',
    period: '2023/01/10 – 2024/12/31',
  });
  const subs = await page.$$eval('ltv-calculator .kpi .sub', (s) => Object.fromEntries(s.map((x) => [x.closest('.kpi').dataset.kpi, x.textContent])));
  assert.deepEqual(subs, {
    ltv: '粗利ベース(粗利率50.3%) ￥5,786', // 40,500 ÷ 7 = 5,785.71
    annualLtv: '粗利ベース(粗利率50.3%) ￥3,833', // (6,000 + 1,000 + 4,500) ÷ 3
    frequency: '年間 1.67 回(初回から1年間)', // 5 orders ÷ 3 customers in their first year
    f2: 'F3転換率 28.6%', // A and E: 2 ÷ 7
    retention: '平均継続期間の目安 3.00 年', // 1 ÷ (1 − 2/3)
    cpa: '粗利ベース・粗利率50.3%・継続期間 1 年で計算、維持費用は未入力(差し引いていません)',
    revenue: '粗利 ￥40,500(粗利率 50.3%)',
    period: '平均購入間隔 160 日',
  });

  // RFM (R: ≤30/60/90/180 days; F: purchase days ≥2/3/5/10): E R5 F4 champion; A R5 F3 loyal;
  // =SUM(1) R5 F1 new; D R5 F2 promising; B (699 days), C (244 days), +8190… (204 days) dormant.
  assert.equal(await page.locator('ltv-calculator #best-sentence').textContent(),
    '上位 14.3% の優良顧客(1 人)が売上の 37.3% を占めています(1人あたり平均の 2.6 倍)。'); // 1/7; 30,000/80,500; 0.3727/0.1429
  const segments = await page.$$eval('ltv-calculator [data-segment]', (trs) => trs.map((tr) => [...tr.cells].slice(0, 6).map((c) => c.textContent)));
  assert.deepEqual(segments, [
    ['優良顧客R4–5 × F4–5', '1', '14.3%', '￥30,000', '37.3%', '￥30,000'],
    ['安定顧客R3–5 × F3–5', '1', '14.3%', '￥23,000', '28.6%', '￥23,000'],
    ['新規顧客R5 × F1', '1', '14.3%', '￥1,500', '1.9%', '￥1,500'],
    ['育成中R4–5 × F1–2', '1', '14.3%', '￥4,000', '5.0%', '￥4,000'],
    ['要注意R3 × F1–2', '0', '0.0%', '￥0', '0.0%', '￥0'],
    ['離反予備軍R2 × F3–5', '0', '0.0%', '￥0', '0.0%', '￥0'],
    ['休眠予備軍R2 × F1–2', '0', '0.0%', '￥0', '0.0%', '￥0'],
    ['休眠優良顧客R1 × F3–5', '0', '0.0%', '￥0', '0.0%', '￥0'],
    ['休眠顧客R1 × F1–2', '3', '42.9%', '￥22,000', '27.3%', '￥7,333'], // 3,000 + 10,000 + 9,000
  ]);
  assert.match(await page.locator('ltv-calculator [data-segment=champions] .action-text').textContent(), /^ファン化/);
  // The segments' share of customers beside their share of revenue, as a chart described by the
  // table (its words say the same as the best-customer sentence).
  const chart = page.locator('ltv-calculator #rfm figure.chart');
  assert.equal(await chart.locator('figcaption').textContent(), 'セグメント別の顧客構成比と売上構成比');
  assert.equal(await chart.locator('.plot').getAttribute('aria-describedby'), 'segments-caption');
  assert.match(await chart.locator('.plot').getAttribute('aria-label'), /上位 14\.3% の優良顧客/);
  assert.deepEqual(await chart.locator('.legend li').allTextContents(), ['顧客構成比', '売上構成比']);
  const grid = await page.$$eval('ltv-calculator .rf-grid td[data-r]', (tds) => Object.fromEntries(tds
    .filter((td) => td.querySelector('.count').textContent !== '0').map((td) => [`R${td.dataset.r}F${td.dataset.f}`, td.textContent])));
  assert.deepEqual(grid, {
    R1F2: '114.3%休眠顧客', R1F1: '228.6%休眠顧客', R5F4: '114.3%優良顧客', R5F3: '114.3%安定顧客', R5F2: '114.3%育成中', R5F1: '114.3%新規顧客',
  });

  // デシル: 7 customers → deciles 1–7 hold one each (30,000, 23,000, 10,000, 9,000, 4,000, 3,000, 1,500).
  assert.equal(await page.locator('ltv-calculator #deciles-sentence').textContent(), '購入金額の上位10%の顧客が売上の 37.3%、上位20%で 65.8% を占めています。');
  const deciles = await tableRows(page, 'ltv-calculator #deciles > .table-wrap');
  assert.deepEqual(deciles.slice(0, 3), [
    ['デシル1', '1', '￥30,000', '37.3%', '37.3%', '￥30,000', '￥30,000 – ￥30,000'],
    ['デシル2', '1', '￥23,000', '28.6%', '65.8%', '￥23,000', '￥23,000 – ￥23,000'], // 53,000 ÷ 80,500
    ['デシル3', '1', '￥10,000', '12.4%', '78.3%', '￥10,000', '￥10,000 – ￥10,000'],
  ]);
  assert.deepEqual(deciles.at(-1), ['デシル10', '0', '￥0', '0.0%', '100.0%', '￥0', '—']);
  assert.equal(await page.locator('ltv-calculator #deciles canvas').count(), 1);

  // Cohorts: 2023-01 is A alone: bought in months 0 and 2 (2023-03-01); 2024-11 is D (Nov, Dec).
  const cohort = (month) => page.$$eval(`ltv-calculator tr[data-cohort="${month}"] td`, (tds) => tds.map((td) => td.textContent));
  assert.deepEqual((await cohort('2023-01')).slice(0, 5), ['1', '100%', '0%', '100%', '0%']);
  assert.deepEqual(await cohort('2024-11'), ['1', '100%', '100%', ...Array(22).fill('')]);
  // The pooled curve: month 0 = (10,000 + 3,000 + 4,000 + 5,000 + 9,000 + 2,000 + 1,500) ÷ 7 = 4,928.57.
  assert.deepEqual((await tableRows(page, 'ltv-calculator #cohorts .curve-wrap'))[0], ['0 か月後', '7', '7', '100%', '100.0%', '￥4,929', '￥4,929']);
  assert.equal(await page.locator('ltv-calculator #cohorts canvas').count(), 1);

  // CPM (離脱 ≥ 240 days, よちよち < 90 days 在籍, amount ¥70,000): none reaches the amount.
  const cpm = await page.$$eval('ltv-calculator [data-group]', (trs) => trs.map((tr) => [...tr.cells].slice(0, 5).map((c) => c.textContent).join(' ')));
  assert.deepEqual(cpm, [
    '初回現役客 現役 2 28.6% ￥10,500', // =SUM(1) and +8190… (204 days < 240)
    'よちよち現役客 現役 1 14.3% ￥4,000', // D: 60 days of 在籍
    'コツコツ現役客 現役 2 28.6% ￥53,000', // A and E
    '流行現役客 現役 0 0.0% ￥0',
    '優良現役客 現役 0 0.0% ￥0',
    '初回離脱客 離脱 1 14.3% ￥3,000', // B
    'よちよち離脱客 離脱 0 0.0% ￥0',
    'コツコツ離脱客 離脱 1 14.3% ￥10,000', // C: last purchase 244 days ago
    '流行離脱客 離脱 0 0.0% ￥0',
    '優良離脱客 離脱 0 0.0% ￥0',
  ]);

  // The calculator pre-filled from the data, then the shop's own costs.
  const input = (name) => page.locator(`ltv-calculator #dash-calc input[name=${name}]`);
  const values = {};
  for (const n of ['averageOrderValue', 'purchasesPerYear', 'years', 'grossMarginPercent', 'acquisitionCost', 'retentionCostPerYear']) values[n] = await input(n).inputValue();
  assert.deepEqual(values, { averageOrderValue: '5600', purchasesPerYear: '1.67', years: '1', grossMarginPercent: '50.31', acquisitionCost: '', retentionCostPerYear: '' }); // costs not in the file: not entered, never ¥0
  const figure = (id) => page.locator(`ltv-calculator #dash-calc [data-figure=${id}] .value`).textContent();
  assert.equal(await figure('revenueLtv'), '￥9,352'); // 5,600 × 1.67
  assert.equal(await figure('grossProfitLtv'), '￥4,705'); // × 50.31 % = 4,704.99
  await input('acquisitionCost').fill('4000');
  await input('retentionCostPerYear').fill('1000');
  await page.waitForFunction(() => document.querySelector('ltv-calculator').shadowRoot.querySelector('[data-kpi=cpa] .value')?.textContent === '￥3,705');
  assert.equal(await figure('allowableCpa'), '￥3,705'); // 4,704.99 − 1,000
  assert.equal(await figure('profit'), '-￥295'); // 4,704.99 − 4,000 − 1,000 = −295.01
  assert.match(await page.locator('ltv-calculator #dash-calc .verdict').innerText(), /赤字です/);
  await page.getByRole('button', { name: '継続期間に推定値 3.00 年を入れる' }).click();
  await page.waitForFunction(() => document.querySelector('ltv-calculator').shadowRoot.querySelector('#dash-calc .verdict.ok'));
  assert.equal(await figure('allowableCpa'), '￥11,115'); // 4,704.99 × 3 − 1,000 × 3 = 11,114.97
  // The forecast: only 4 customers bought twice or more, too few for the models (tests/e2e/forecast.test.mjs has the rest).
  await page.locator('ltv-calculator #forecast[data-state=error]').waitFor();
  assert.equal(await page.locator('ltv-calculator #forecast h2').textContent(), '予測(将来の購入予測)');
  assert.match(await page.locator('ltv-calculator #fc-error').textContent(), /2回以上購入した顧客が少なすぎて/);

  await assertAccessible(page, 'dashboard');
  await shots(page, 'flow-4-dashboard');
  await page.setViewportSize({ width: 375, height: 812 }); // tables as cards on a phone
  await assertAccessible(page, 'dashboard at phone width');
  await page.setViewportSize({ width: 1280, height: 900 });
}));

test('channels are judged against the CPA typed for each, and the settings re-run the analysis', () => chromium.onPage(null, async ({ page }) => {
  await dashboard(page);
  const channels = () => tableRows(page, 'ltv-calculator #channels');
  const strip = (rows) => rows.map((r) => r.filter((_, i) => i !== 7)); // the CPA input cell
  // Google: A, B, +8190… (A and B a year old: (15,000 + 3,000) ÷ 2 = 9,000; profit (6,000 + 1,000) ÷ 2 = 3,500;
  // A's 2nd purchase within the year: 1 of 2). Instagram: C, D (C: 10,000, profit 4,500, 2nd purchase in year).
  assert.deepEqual(strip(await channels()), [
    ['Google広告', '3', '￥35,000', '2', '￥9,000', '￥3,500', '50.0%', '—', '— CPA未入力'],
    ['Instagram', '2', '￥14,000', '1', '￥10,000', '￥4,500', '100.0%', '—', '— CPA未入力'],
    ['LINE', '1', '￥30,000', '0', '—', '—', '0.0%', '—', '… 1年たった顧客がまだいません'],
    ['(流入元なし)', '1', '￥1,500', '0', '—', '—', '0.0%', '—', '… 1年たった顧客がまだいません'],
  ]);
  await page.getByLabel('Google広告 のCPA').fill('3,000');
  await page.getByLabel('Instagram のCPA').fill('5000');
  await page.getByLabel('LINE のCPA').fill('1000');
  await page.getByRole('button', { name: 'CPAで判定する' }).click();
  await page.waitForFunction(() => document.querySelector('ltv-calculator').shadowRoot.querySelector('tr[data-channel="Google広告"] .v-profitable'));
  const verdicts = () => page.$$eval('ltv-calculator #channels tbody tr', (trs) => trs.map((tr) => `${tr.cells[0].textContent}: ${tr.cells[8].textContent} ${tr.cells[9].textContent}`));
  assert.deepEqual(await verdicts(), [
    'Google広告: 1.17 倍 ✓ 黒字(CPA < 年間LTV)', // 3,500 ÷ 3,000
    'Instagram: 0.90 倍 △ 売上では上回るが粗利では赤字', // 4,500 < 5,000 < 10,000
    'LINE: — … 1年たった顧客がまだいません',
    '(流入元なし): — … 1年たった顧客がまだいません',
  ]);
  assert.equal(await page.getByLabel('Google広告 のCPA').inputValue(), '3000');
  await page.getByLabel('Instagram のCPA').fill('12000');
  await page.getByRole('button', { name: 'CPAで判定する' }).click();
  await page.waitForFunction(() => document.querySelector('ltv-calculator').shadowRoot.querySelector('tr[data-channel="Instagram"] .v-unprofitable'));
  assert.equal((await verdicts())[1], 'Instagram: 0.38 倍 ✗ 赤字(CPA ≧ 年間LTV)'); // 4,500 ÷ 12,000
  await assertAccessible(page, 'dashboard with CPA verdicts');

  // Analysis date 2024-06-30: D and =SUM(1) are not customers yet; A 15,000, B 3,000, C 10,000,
  // E 15,000 (3 orders), +8190… 9,000 → 52,000 ÷ 5 = 10,400.
  await page.locator('ltv-calculator #set-date').fill('2024-06-30');
  await page.getByRole('button', { name: 'この条件で再計算' }).click();
  await page.waitForFunction(() => document.querySelector('ltv-calculator').shadowRoot.querySelector('[data-kpi=customers] .value')?.textContent === '5');
  const k = await kpis(page);
  assert.equal(k.ltv, '￥10,400');
  assert.equal(k.period, '2023/01/10 – 2024/06/30');
  assert.equal(await page.locator('ltv-calculator #set-date').inputValue(), '2024-06-30');
  assert.match(await page.locator('ltv-calculator .as-of').textContent(), /分析日 2024\/06\/30 時点/);
}));

test('a shop without a cost column enters its gross margin and gets profit figures', () => chromium.onPage(null, async ({ page }) => {
  await dashboard(page, 'orders_basic.csv');
  // 40 % until the shop says otherwise (the landing calculator's 粗利率): 13,700 × 40 % ÷ 3 = 1,826.67
  assert.equal(await page.locator('ltv-calculator [data-kpi=ltv] .sub').textContent(), '粗利ベース(粗利率40%) ￥1,827');
  await page.getByLabel('粗利率').first().fill('30');
  await page.getByRole('button', { name: 'この条件で再計算' }).click();
  await page.waitForFunction(() => /30%/.test(document.querySelector('ltv-calculator').shadowRoot.querySelector('[data-kpi=ltv] .sub')?.textContent));
  // 13,700 × 30 % ÷ 3 customers = 1,370
  assert.equal(await page.locator('ltv-calculator [data-kpi=ltv] .sub').textContent(), '粗利ベース(粗利率30%) ￥1,370');
  assert.equal(await page.locator('ltv-calculator #dash-calc input[name=grossMarginPercent]').inputValue(), '30');
  await page.getByLabel('粗利率').first().fill('150');
  await page.getByRole('button', { name: 'この条件で再計算' }).click();
  assert.equal(await page.locator('ltv-calculator .settings .settings-form .form-status').textContent(), '粗利率は 0〜100 の数値で入れてください。');
}));

test('the customer table sorts, searches, filters and pages (the worker pages; 50 rows a page)', () => chromium.onPage(null, async ({ page }) => {
  await dashboard(page);
  const keys = () => page.$$eval('ltv-calculator table.customers tbody tr', (trs) => trs.map((tr) => tr.cells[0].textContent));
  const status = () => page.locator('ltv-calculator #table-status').textContent();
  const waitKeys = (expected) => page.waitForFunction((e) => [...document.querySelector('ltv-calculator').shadowRoot.querySelectorAll('table.customers tbody tr')]
    .map((tr) => tr.cells[0].textContent).join(',') === e, expected.join(','));
  await waitKeys(['E005', 'A001', 'C003', '+819012345678', 'D004', 'B002', '=SUM(1)']); // revenue, highest first
  assert.equal(await status(), '7 人中 1〜7 人目');
  assert.equal(await page.locator('ltv-calculator th[data-col=revenue]').getAttribute('aria-sort'), 'descending');
  await page.locator('ltv-calculator th[data-col=key] button').click();
  await waitKeys(['+819012345678', '=SUM(1)', 'A001', 'B002', 'C003', 'D004', 'E005']);
  assert.equal(await page.locator('ltv-calculator th[data-col=key]').getAttribute('aria-sort'), 'ascending');
  await page.locator('ltv-calculator th[data-col=key] button').click();
  await waitKeys(['E005', 'D004', 'C003', 'B002', 'A001', '=SUM(1)', '+819012345678']);
  await page.getByLabel('顧客ID・メールで検索').fill('C00');
  await waitKeys(['C003']);
  assert.equal(await status(), '1 人中 1〜1 人目');
  assert.deepEqual((await tableRows(page, 'ltv-calculator table.customers'))[0],
    // 休眠: 244 days > 3 × 61, the shop's median gap between purchase days (C003 bought on 2 days).
    ['C003', '休眠', '￥10,000', '2024/05/01', '244', '61', 'c@example.com', '休眠顧客', '2', '2', '￥4,500', '￥10,000', '2023/06/15', '1', '2', '2', 'コツコツ離脱客']);
  await page.getByLabel('顧客ID・メールで検索').fill('');
  await page.locator('ltv-calculator #table-segment').selectOption('dormant');
  await page.locator('ltv-calculator th[data-col=revenue] button').click();
  await waitKeys(['C003', '+819012345678', 'B002']);
  // "Show" from a segment row filters the table to it.
  await page.getByRole('button', { name: '優良顧客 を顧客一覧で見る' }).click();
  await waitKeys(['E005']);
  assert.equal(await page.locator('ltv-calculator #table-segment').inputValue(), 'champions');

  // Paging on the sample (782 customers): the worker returns 50 rows a page.
  await page.goto(distUrl('ltv.html'));
  await page.getByRole('button', { name: 'サンプルデータで試す' }).click();
  await page.locator('ltv-calculator #check').waitFor();
  await openDashboard(page);
  await page.waitForFunction(() => /782 人中 1〜50 人目/.test(document.querySelector('ltv-calculator').shadowRoot.querySelector('#table-status')?.textContent));
  assert.equal((await keys()).length, 50);
  await page.getByRole('button', { name: '次の50人' }).click();
  await page.waitForFunction(() => /782 人中 51〜100 人目/.test(document.querySelector('ltv-calculator').shadowRoot.querySelector('#table-status')?.textContent));
  assert.equal(await page.locator('ltv-calculator .page-info').textContent(), '2 / 16 ページ');
  assert.equal(await page.locator('ltv-calculator table.customers tbody tr').count(), 50);
  await assertAccessible(page, 'customer table, page 2');
}));


test('customer lists download as CSV: UTF-8 with BOM and CRLF by default, formulas neutralised, Shift_JIS on request', () => chromium.onPage(null, async ({ page }) => {
  await dashboard(page);
  await page.locator('ltv-calculator table.customers tbody tr').first().waitFor();
  const all = await download(page, () => page.getByRole('button', { name: 'この一覧をCSVで書き出す' }).click());
  assert.equal(all.name, '顧客リスト_顧客一覧_2024-12-31.csv');
  assert.deepEqual([...all.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = all.bytes.subarray(3).toString('utf8');
  assert.ok(text.endsWith('\r\n'));
  assert.ok(!/[^\r]\n/.test(text), 'every line ends with CRLF');
  const lines = text.split('\r\n');
  assert.equal(lines[0], '顧客ID,メールアドレス,初回購入日,最終購入日,注文回数,購入日数,累計購入金額,累計粗利,初回から365日の購入金額,最終購入からの日数,状態,いつもの購入間隔(日),R,F,M,RFMセグメント,CPM分類');
  // The usual intervals: the shop's gaps 50 60 60 61 61 62 101 321 660 → 61 (2 purchase days);
  // 転換日数 50 60 60 321 → 60 (1 day); A001's own (50 + 660) ÷ 2 = 355, E005's 60 61 61 62 101 → 61.
  assert.deepEqual(lines.slice(1, -1), [
    'E005,e@example.com,2024-01-05,2024-12-15,6,6,30000,18000,,16,現役,61,5,4,3,優良顧客,コツコツ現役客',
    'A001,a@example.com,2023-01-10,2024-12-20,3,3,23000,10000,15000,11,現役,355,5,3,3,安定顧客,コツコツ現役客',
    'C003,c@example.com,2023-06-15,2024-05-01,2,2,10000,4500,10000,244,休眠,61,1,2,2,休眠顧客,コツコツ離脱客',
    "'+819012345678,g@example.com,2024-06-10,2024-06-10,1,1,9000,4000,,204,休眠,60,1,1,1,休眠顧客,初回現役客",
    'D004,d@example.com,2024-11-01,2024-12-31,2,2,4000,2000,,0,現役,61,5,2,1,育成中,よちよち現役客',
    'B002,b@example.com,2023-02-01,2023-02-01,1,1,3000,1000,3000,699,休眠,60,1,1,1,休眠顧客,初回離脱客',
    "'=SUM(1),f@example.com,2024-12-31,2024-12-31,1,1,1500,1000,,0,新規,60,5,1,1,新規顧客,初回現役客",
  ]);
  assert.match(await page.locator('ltv-calculator .toast').textContent(), /7 人を書き出しました: 顧客リスト_顧客一覧_2024-12-31\.csv/);

  // One segment's list, from its row.
  const champions = await download(page, () => page.getByRole('button', { name: '優良顧客 の顧客リストをCSVで書き出す' }).click());
  assert.equal(champions.name, '顧客リスト_優良顧客_2024-12-31.csv');
  assert.deepEqual(champions.bytes.subarray(3).toString('utf8').split('\r\n').slice(1, -1).map((l) => l.split(',')[0]), ['E005']);
  // A CPM group's list.
  const lapsed = await download(page, () => page.getByRole('button', { name: 'コツコツ離脱客 の顧客リストをCSVで書き出す' }).click());
  assert.deepEqual(lapsed.bytes.subarray(3).toString('utf8').split('\r\n').slice(1, -1).map((l) => l.split(',')[0]), ['C003']);

  // Shift_JIS for older tools: no BOM, Japanese in CP932.
  await page.locator('ltv-calculator #table-encoding').selectOption('shiftJis');
  assert.equal(await page.locator('ltv-calculator #set-encoding').inputValue(), 'shiftJis');
  const sjis = await download(page, () => page.getByRole('button', { name: 'この一覧をCSVで書き出す' }).click());
  assert.equal(sjis.name, '顧客リスト_顧客一覧_2024-12-31_sjis.csv');
  assert.notDeepEqual([...sjis.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.deepEqual([...sjis.bytes.subarray(0, 4)], [0x8c, 0xda, 0x8b, 0x71]); // 顧客 in Shift_JIS
  assert.equal(new TextDecoder('shift_jis').decode(sjis.bytes).split('\r\n')[0], lines[0]);
}));

test('the report prints as one document: no buttons or inputs, charts kept, sections on new pages', () => chromium.onPage(null, async ({ page }) => {
  await dashboard(page, 'orders_dashboard.csv');
  await page.evaluate(() => {
    window.__printed = 0;
    window.print = () => { window.__printed++; };
  });
  await page.getByRole('button', { name: 'レポートを印刷 / PDFで保存' }).click();
  assert.equal(await page.evaluate(() => window.__printed), 1);
  await page.emulateMedia({ media: 'print' });
  const visible = (sel) => page.locator(`ltv-calculator ${sel}`).first().isVisible();
  assert.equal(await visible('#print-button'), false);
  assert.equal(await visible('#dash-calc input'), false);
  assert.equal(await visible('.section-nav'), false);
  assert.equal(await visible('#customers'), false);
  assert.equal(await visible('#deciles canvas'), true);
  assert.equal(await visible('#cohorts canvas'), true);
  assert.equal(await visible('#dash-calc .inputs-summary'), true);
  assert.match(await page.locator('ltv-calculator #dash-calc .inputs-summary').textContent(), /平均購入単価 ￥5,600 × 購入頻度 1.67 回\/年/);
  assert.equal(await page.$eval('ltv-calculator #rfm', (el) => getComputedStyle(el).breakBefore), 'page');
  await page.screenshot({ path: join(artifacts, 'flow-5-print-media.png'), fullPage: true });
  const pdf = await page.pdf({ path: join(artifacts, 'flow-5-report.pdf'), format: 'A4', printBackground: true });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  assert.ok(pages >= 4 && pages <= 12, `a report of a few pages (${pages})`);
}));

test('the dashboard in English: names, sentences and en-US numbers', () => chromium.onPage('ltv.html', { locale: 'en-US' }, async ({ page }) => {
  assert.equal(await page.locator('ltv-calculator h2#drop-title').textContent(), 'Load your orders (CSV)'); // follows the browser
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assert.equal(await page.locator('h1').textContent(), 'LTV & RFM calculator');
  await chooseFile(page, fixture('orders_dashboard.csv'));
  await openDashboard(page);
  const k = await kpis(page);
  assert.equal(k.ltv, '¥11,500');
  assert.equal(k.frequency, '2.29');
  assert.equal(k.period, '01/10/2023 – 12/31/2024');
  assert.equal(await page.locator('ltv-calculator #best-sentence').textContent(),
    'The top 14.3% of your customers, the champions (1 people), bring 37.3% of revenue (2.6 times the average customer).');
  assert.deepEqual(await page.$$eval('ltv-calculator [data-segment] .seg-name', (s) => s.map((x) => x.textContent)),
    ['Champions', 'Loyal', 'New', 'Promising', 'Needs attention', 'At risk', 'About to sleep', 'Previously loyal', 'Dormant']);
  assert.match(await page.locator('ltv-calculator [data-segment=champions] .action-text').textContent(), /^Turn them into fans/);
  await assertAccessible(page, 'dashboard in English');
  await shots(page, 'flow-4-dashboard-en');
}));
