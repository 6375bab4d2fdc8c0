// Issue 16, 定期通販: a subscription cart's export (tests/fixtures/orders_teiki.csv: 受注番号,
// 顧客番号, 受注日時, 受注区分, 定期回数, 商品名, 合計金額, 対応状況; UTF-8 BOM, CRLF) read through
// the built page on file://: the import check names the rule, the 定期 section shows the exact
// 継続率 and 平均継続回数, the 定期LTV inputs re-run it, the lists download as CSV. JA and EN, axe
// clean, no network, no console error. Also the 回収期間 table, which every shop gets.
//
// By hand (the shop of the unit tests of src/analysis/subscription.rs), analysis date 2024-06-25
// (G's last order), every gap between cycles 30 days → interval 30, grace 14:
//   A cycles 1–6 (last 05-30, due 06-29): active. B 1 (01-01): lost after 1. C 1, 2 (its 3rd is
//   キャンセル): lost after 2. D 1 (06-20, due 07-20): active. E 1, 2 (last 05-31): active.
//   F 1–3 (its 4th is スキップ): lost after 3. 15 cycles, 6 定期 customers.
//   n=2: A C E F received it of A B C E F (D still waiting) → 4/5 = 80.0 %; n=3: A F of A C F
//   (E waiting) → 66.7 %; n=4: A of A F → 50.0 %; n=5, 6: A → 100 %; 初回比 1, 0.8, 0.533, 0.267.
//   平均継続回数 (カート方式) 15 ÷ 6 = 2.50; six customers cannot identify sBG (—).
//   粗利率 40 % (the page's default): a cycle 3000 → 1200; with 送料・手数料 200 → 1000; expected
//   cycles 1, 1.8, 2.333333, 2.6 → ￥1,000, ￥1,800, ￥2,333.33 (shown in whole yen: ￥2,333), ￥2,600; CPO 2,000 → 3回目.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useChromium, fixture, chooseFile, openDashboard, tableRows, download, assertAccessible } from './browser.mjs';

const chromium = useChromium();

async function dashboard(page) {
  await chooseFile(page, fixture('orders_teiki.csv'));
  const check = await page.locator('ltv-calculator #check').textContent();
  await openDashboard(page);
  await page.locator('ltv-calculator #fc-retry:not([hidden]), ltv-calculator #forecast .fc-error-title').first().waitFor({ state: 'attached' });
  return check;
}

const rows = (page) => tableRows(page, 'ltv-calculator #subscription .table-wrap:not(.heat-wrap) table');

test('定期: 継続率 by 回数, 平均継続回数, 定期LTV, lists (JA)', () => chromium.onPage('ltv.html', async ({ page }) => {
  const check = await dashboard(page);
  assert.match(check, /「定期回数」列\(定期回数\)から定期顧客 6人・定期受注 15回/);
  const table = await rows(page);
  assert.deepEqual(table.slice(0, 7).map((r) => r.slice(0, 6)), [
    ['1回目', '6', '6', '100.0%', '100.0%', '—'],
    ['2回目', '5', '4', '80.0%', '80.0%', '—'],
    ['3回目', '3', '2', '66.7%', '53.3%', '—'],
    ['4回目', '2', '1', '50.0%', '26.7%', '—'],
    ['5回目', '1', '1', '100.0%', '26.7%', '—'],
    ['6回目', '1', '1', '100.0%', '26.7%', '—'],
    ['7回目', '0', '0', '—', '—', '—'],
  ]);
  const kpi = (id) => page.locator(`ltv-calculator [data-kpi="subscription-${id}"] .value`).textContent();
  assert.equal(await kpi('customers'), '6');
  assert.equal(await kpi('perCustomer'), '2.50');
  assert.equal(await kpi('model'), '—');
  assert.match(await page.locator('ltv-calculator [data-kpi="subscription-perCustomer"] .note').textContent(), /定期受注総数 15回 ÷ 定期顧客数 6人/);
  assert.match(await page.locator('ltv-calculator #subscription-rule').textContent(), /間隔 30日\(データから算出\).*14日/);
  // 定期CPO 2,000 and 200 per cycle: profit 1,200 − 200 = 1,000 a cycle.
  await page.locator('ltv-calculator #subscription-cpo').fill('2000');
  await page.locator('ltv-calculator #subscription-cost').fill('200');
  await page.getByRole('button', { name: '定期の数値を再計算' }).click();
  await page.waitForFunction(() => document.querySelector('ltv-calculator').shadowRoot
    .querySelector('#subscription [data-fact="breakEven"] dd')?.textContent === '3回目');
  assert.deepEqual((await rows(page)).slice(0, 4).map((r) => r[6]), ['￥1,000', '￥1,800', '￥2,333', '￥2,600']);
  assert.match(await page.locator('ltv-calculator #subscription [data-fact="cycleProfit"] dd').textContent(), /￥1,200 − 費用 ￥200 = ￥1,000/);
  // The lists: A (due 06-29) and E (06-30) next week; B stopped after the first delivery.
  assert.match(await page.locator('ltv-calculator [data-list="dueSoon"] h3').textContent(), /2人/);
  const file = await download(page, () => page.getByRole('button', { name: '初回だけで離脱した顧客 の顧客リストをCSVで書き出す' }).click());
  assert.equal(file.name, '定期リスト_初回だけで離脱した顧客_2024-06-25.csv');
  assert.deepEqual(file.bytes.subarray(3).toString('utf8').split('\r\n'), [
    '顧客,定期コース(初回の商品),回数,初回お届け日,最終お届け日,お届け間隔(日),次回予定日',
    'B,【定期】薬用美容液,1,2024-01-01,2024-01-01,30,2024-01-31', '']);
  // The heat map: January's starters A, B, C → 2回目 2 of 3.
  const heat = await tableRows(page, 'ltv-calculator #subscription .subscription-heat');
  assert.deepEqual(heat.map((r) => r.slice(0, 4)), [
    ['2024-01', '3', '100%', '67%'], ['2024-02', '1', '100%', '100%'], ['2024-05', '1', '100%', '100%'], ['2024-06', '1', '100%', '']]);
  // 回収期間 (every shop): January's new customers A, B, C, 粗利率 40 %: within 30 days 3 × 3000
  // × 40 % ÷ 3 = ￥1,200; within 60 days (A's and C's 2nd cycles) 15,000 × 40 % ÷ 3 = ￥2,000.
  const payback = await tableRows(page, 'ltv-calculator #payback .payback-table');
  const jan2 = payback.find((r) => r[0] === '2024-01');
  assert.deepEqual(jan2.slice(0, 4), ['2024-01', '3', '￥1,200', '￥2,000']);
  assert.equal(payback[0][0], '全コホート');
  await assertAccessible(page, 'subscription (JA)');
}));

test('定期 in English: the same figures in English words', () => chromium.onPage('ltv.html', { locale: 'en-US' }, async ({ page }) => {
  const check = await dashboard(page);
  assert.match(check, /6 subscription customers and 15 cycles from the column “定期回数” \(cycle number\)/);
  assert.equal(await page.locator('ltv-calculator #subscription-title').textContent(), 'Subscription retention, average cycles and subscription LTV');
  assert.deepEqual((await rows(page)).slice(1, 3).map((r) => r.slice(0, 5)), [
    ['No. 2', '5', '4', '80.0%', '80.0%'],
    ['No. 3', '3', '2', '66.7%', '53.3%'],
  ]);
  assert.equal(await page.locator('ltv-calculator [data-kpi="subscription-perCustomer"] .value').textContent(), '2.50');
  await assertAccessible(page, 'subscription (EN)');
}));

// tests/fixtures/orders_teiki_courses.csv (the shop of src/analysis/subscription/courses.rs): two
// courses, 【定期】美容液 every 30 days (A, B, E: five gaps of 30) and 【定期】サプリ every 60 (C, D:
// three gaps of 60); the shop's median of the eight gaps is 30, each course is due after its own.
test('定期: each course is due after its own interval (JA and EN)', () => chromium.onPage('ltv.html', async ({ page }) => {
  await chooseFile(page, fixture('orders_teiki_courses.csv'));
  await openDashboard(page);
  assert.equal(await page.locator('ltv-calculator #subscription-courses').textContent(),
    'コース別の間隔: 【定期】美容液 30日(3人)、【定期】サプリ 60日(2人)');
  await assertAccessible(page, 'subscription courses (JA)');
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.waitForFunction(() => document.querySelector('ltv-calculator').shadowRoot
    .querySelector('#subscription-courses')?.textContent.startsWith('Interval by course'));
  assert.equal(await page.locator('ltv-calculator #subscription-courses').textContent(),
    'Interval by course: 【定期】美容液 30 days (3); 【定期】サプリ 60 days (2)');
}));
