// Issue 15, the 通販 views beyond 初回購入商品別, read through the built page from a Shopify
// line-item export: 月次推移 (新規/既存 by month, 前年同月比). JA and EN, axe clean, no network,
// no console error.
//
// tests/fixtures/shopify_views.csv: Shopify's orders_export header, one row a line item (the
// order's Total on its first line), 21 orders of 10 e-mails; #1020 is voided (left out), #1013 has
// ¥500 refunded (¥4,000 − 500 = ¥3,500). Analysis date 2025-03-31 (the last order day). By hand:
//   aoi  2024-01-10 【お試し】980 · 01-24 美容液 4,800 · 03-10, 04-10, 05-10 【定期】4,320
//   ben  2024-01-20 【お試し】980
//   chie 2024-02-05 美容液 4,800 + 化粧水 2,000 (one order) · 03-05 化粧水 2,000 · 2025-02-05 美容液 4,800
//   dai  2024-03-01 【お試し】980 · 04-30 【定期】4,320
//   emi  2024-06-15 化粧水 2,000 twice (two orders, one purchase day) · 07-15 化粧水 ×2 4,000 − 500
//   fumi 2024-12-01 【お試し】980 · 2025-01-05 美容液 4,800
//   gen  2025-01-08 美容液 4,800 − WELCOME10 480 = 4,320
//   hana 2025-01-15 【お試し】980 · 03-31 美容液 4,800
//   ichi 2025-02-10 【お試し】980
//
// 月次推移 (新規 = purchases in the month of the customer's first purchase):
//   2024-01 新規 aoi 980 + 4,800, ben 980 = 6,760 (3 orders, 2 customers)
//   2024-03 新規 dai 980; 既存 chie 2,000 + aoi 4,320 = 6,320 → 7,300, 3 orders, 3 customers
//   2024-07 既存 emi 3,500
//   2025-01 新規 gen 4,320 + hana 980 = 5,300; 既存 fumi 4,800 → 10,100; 前年同月比 10,100 ÷ 6,760
//           = 149.4 %; customers 3 ÷ 2 = 150.0 %
//   2025-02 新規 ichi 980; 既存 chie 4,800 → 5,780 ÷ 6,800 = 85.0 %; customers 2 ÷ 1 = 200.0 %
//   2025-03 既存 hana 4,800 ÷ 7,300 = 65.8 %; customers 1 ÷ 3 = 33.3 %
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useChromium, fixture, chooseFile, openDashboard, tableRows, download, assertAccessible } from './browser.mjs';

const chromium = useChromium();

async function dashboard(page) {
  await chooseFile(page, fixture('shopify_views.csv'));
  await openDashboard(page);
  await page.locator('ltv-calculator #fc-retry:not([hidden]), ltv-calculator #forecast .fc-error-title').first().waitFor({ state: 'attached' });
}

test('月次推移: 新規 and 既存 by month, 前年同月比, CSV, axe (JA)', () => chromium.onPage('ltv.html', async ({ page }) => {
  await dashboard(page);
  const rows = await tableRows(page, 'ltv-calculator #monthly table');
  assert.equal(rows.length, 15); // 2024-01 … 2025-03
  assert.deepEqual(rows.slice(0, 4), [
    ['2025年3月', '￥0', '￥4,800', '￥4,800', '65.8%', '0', '1', '0', '1', '1', '33.3%'],
    ['2025年2月', '￥980', '￥4,800', '￥5,780', '85.0%', '1', '1', '1', '1', '2', '200.0%'],
    ['2025年1月', '￥5,300', '￥4,800', '￥10,100', '149.4%', '2', '1', '2', '1', '3', '150.0%'],
    ['2024年12月', '￥980', '￥0', '￥980', '—', '1', '0', '1', '0', '1', '—'],
  ]);
  assert.deepEqual(rows[8], ['2024年7月', '￥0', '￥3,500', '￥3,500', '—', '0', '1', '0', '1', '1', '—']);
  assert.deepEqual(rows[12], ['2024年3月', '￥980', '￥6,320', '￥7,300', '—', '1', '2', '1', '2', '3', '—']);
  assert.deepEqual(rows[14], ['2024年1月', '￥6,760', '￥0', '￥6,760', '—', '3', '0', '2', '0', '2', '—']);
  // The chart: the last 24 months at most, described by the table.
  assert.equal(await page.locator('ltv-calculator #monthly figure.chart figcaption').textContent(), '月別の売上(新規・既存、直近15か月)');
  assert.deepEqual(await page.locator('ltv-calculator #monthly .legend li').allTextContents(), ['新規', '既存']);
  const file = await download(page, () => page.getByRole('button', { name: '月次推移 をCSVで書き出す' }).click());
  assert.equal(file.name, '分析表_月次推移_2025-03-31.csv');
  const lines = file.bytes.subarray(3).toString('utf8').split('\r\n');
  assert.equal(lines[0], '月,新規の売上,既存の売上,売上,新規の注文数,既存の注文数,注文数,新規顧客数,既存顧客数,購入顧客数,売上の前年同月比,注文数の前年同月比,購入顧客数の前年同月比,新規顧客数の前年同月比');
  assert.equal(lines[1], '2024-01,6760,0,6760,3,0,3,2,0,2,,,,');
  // 2025-01: orders 3 ÷ 3, new customers 2 ÷ 2; 2025-03: orders 1 ÷ 3, new 0 ÷ 1.
  assert.equal(lines[13], '2025-01,5300,4800,10100,2,1,3,2,1,3,1.4941,1.0000,1.5000,1.0000');
  assert.equal(lines[15], '2025-03,0,4800,4800,0,1,1,0,1,1,0.6575,0.3333,0.3333,0.0000');
  assert.equal(lines.length, 17);
  await assertAccessible(page, 'monthly (JA)');
}));

test('月次推移 in English: words, money and the CSV header', () => chromium.onPage('ltv.html', { locale: 'en-US' }, async ({ page }) => {
  await dashboard(page);
  assert.equal(await page.locator('ltv-calculator #monthly-title').textContent(), 'Monthly trend (new and existing)');
  const rows = await tableRows(page, 'ltv-calculator #monthly table');
  assert.deepEqual(rows[2], ['1/2025', '¥5,300', '¥4,800', '¥10,100', '149.4%', '2', '1', '2', '1', '3', '150.0%']);
  const file = await download(page, () => page.getByRole('button', { name: 'Download Monthly trend as CSV' }).click());
  assert.equal(file.name, 'table_Monthly_trend_2025-03-31.csv');
  assert.match(file.bytes.subarray(3).toString('utf8').split('\r\n')[0], /^Month,New revenue,Existing revenue,Revenue,New orders,/);
  await assertAccessible(page, 'monthly (EN)');
}));
