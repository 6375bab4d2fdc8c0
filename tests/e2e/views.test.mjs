// Issue 15, the 通販 views beyond 初回購入商品別, read through the built page from a Shopify
// line-item export: 月次推移 (新規/既存 by month, 前年同月比), 回数別 (the repeat ladder) and 転換日数
// (days to the 2nd purchase, the follow-up list), 引き上げ率 (お試し → 本品/定期). JA and EN, axe
// clean, no network, no console error.
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
//
// 回数別, 離脱基準 180 days (decided when D + 179 ≤ 2025-03-31, i.e. D ≤ 2024-10-03); 9 customers:
//   1回目: stepped aoi +14, chie +29, dai +60, emi +30, fumi +35, hana +75; lapsed ben; pending
//          gen, ichi → 6 ÷ 7 = 85.7 %; days 14, 29, 30, 35, 60, 75: mean 40.5, median 32.5
//   2回目: aoi, chie, dai, emi, fumi, hana (6 ÷ 9 = 66.7 %); stepped aoi +46; lapsed chie (back
//          after 337 days), dai, emi; pending fumi, hana → 1 ÷ 4 = 25.0 %; days 46, 337 → 191.5
//   3回目: aoi +31 stepped, chie pending → 100 %; 4回目: aoi +30 → 100 %; 5回目: aoi lapsed → 0 %
//   by channel (Source): web aoi, chie, emi, gen, hana: 1回目 4 ÷ 4, 2回目 aoi of aoi, chie, emi
//          → 33.3 %; instagram ben, dai, fumi, ichi: 1回目 dai, fumi of ben, dai, fumi → 66.7 %
//   by first product (minimum 1): 【お試し】 aoi, ben, dai, fumi, hana, ichi: 1回目 4 ÷ 5 = 80 %,
//          2回目 aoi of aoi, dai = 50 %; 化粧水 chie, emi; 美容液 chie, gen
//          (chie and gen: 1回目 100 %, 2回目 chie lapsed → 0 %; 化粧水 chie and emi likewise)
//   lapse after 30 days: 1回目 stepped aoi +14, chie +29 only; lapsed the other seven (dai +60,
//          emi +30, fumi +35, hana +75 came too late; ben, gen, ichi's 30 days are over) → 2 ÷ 9
//
// 転換日数: aoi 14, chie 29, emi 30, fumi 35, dai 60, hana 75 days; median (30 + 35) ÷ 2 rounded up
//   = 33 days; 14, 29, 30 ≤ 33: 50.0 %. Bins 8–14: 1; 29–35: 3 (cumulative 4 ÷ 6 = 66.7 %);
//   57–63: 1; 71–77: 1. Follow up (one purchase day, more than 33 days ago, 180 days not over):
//   gen (82 days, ¥4,320) and ichi (49 days, ¥980) = 2, ¥5,300; ben (436 days) has lapsed.
//
// 引き上げ率: trial customers aoi, ben, dai, fumi, hana, ichi (6); upgraded aoi +14 (本品), dai +60
//   (定期), fumi +35, hana +75 → 4, 1 to 定期; median (35 + 60) ÷ 2 = 47.5 days. Within N days =
//   up to day N − 1, over those whose N days are over by 2025-03-31:
//   14: all 6 eligible, none (aoi's +14 is day 14) → 0 %; 30: 6, aoi → 16.7 %;
//   60: not ichi (02-10 + 59 = 04-10) → 5, aoi and fumi → 40.0 %;
//   90: not hana (01-15 + 89 = 04-14) → 4, aoi, fumi, dai → 75.0 %.
//   お試し→定期 (no subscription column: the 【定期】 products are the cycles): aoi 03-10 (+60: 21 +
//   29 + 10), dai 04-30 (+60: 30 + 30) → 2 customers, median 60 days; within 14, 30 and 60 days
//   (day 59 at most) none; within 90: aoi and dai of the 4 eligible → 50.0 %.
//
// 初回購入商品別 by channel (the first order's Source), minimum 1; F2 within 30 days = a 2nd purchase
//   day at most 29 days after the first, over those whose 30 days are over:
//   web aoi (+14), chie (+29), emi (+30: no), gen, hana (+75: no) → 5 new customers, 2 ÷ 5 = 40.0 %;
//   instagram ben, dai (+60), fumi (+35), ichi (02-10 + 29 = 03-11: over) → 4, 0 ÷ 4 = 0.0 %.
//
// 初回購入商品別 by coupon (Discount Code of the first purchase day's orders), minimum 1: TRIAL aoi
//   (#1001), dai (#1005), hana (#1017); WELCOME10 gen (#1016), emi (#1012, her day's second order);
//   クーポンなし ben, chie, ichi and fumi (SPRING came on her 2nd day, #1015). F2 within 30 days:
//   TRIAL aoi (+14) of 3 → 33.3 %; WELCOME10 emi +30 no, gen none → 0.0 %; クーポンなし chie (+29)
//   of 4 → 25.0 %.
//
// 回収期間 by channel (粗利率 40 %, the page's default; no CPA entered): revenue of the first 30 days
//   (day 0–29) web aoi 980 + 4,800, chie 6,800 + 2,000 (+29), emi 4,000, gen 4,320, hana 980 =
//   23,880 × 40 % ÷ 5 = ￥1,910.4; instagram ben, dai, fumi, ichi 980 each: 3,920 × 40 % ÷ 4 = ￥392.
//   60 days (first ≤ 2025-01-31): web + emi's 07-15 3,500 = 27,380 × 40 % ÷ 5 = ￥2,190.4;
//   instagram ben, dai, fumi (+ 4,800 at +35; ichi's 60 days open) 7,740 × 40 % ÷ 3 = ￥1,032.
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

test('回数別: the ladder, its splits, the 離脱基準日数, CSV, axe (JA)', () => chromium.onPage('ltv.html', async ({ page }) => {
  await dashboard(page);
  const rows = await tableRows(page, 'ltv-calculator #ladder table');
  assert.equal(rows.length, 11);
  assert.deepEqual(rows.slice(0, 6), [
    ['1回目', '9', '100.0%', '6', '1', '2', '85.7%', '40.5日', '32.5日', '0'],
    ['2回目', '6', '66.7%', '1', '3', '2', '25.0%', '191.5日', '191.5日', '1'],
    ['3回目', '2', '22.2%', '1', '0', '1', '100.0%', '31日', '31日', '0'],
    ['4回目', '1', '11.1%', '1', '0', '0', '100.0%', '30日', '30日', '0'],
    ['5回目', '1', '11.1%', '0', '1', '0', '0.0%', '—', '—', '0'],
    ['6回目', '0', '0.0%', '0', '0', '0', '—', '—', '—', '0'],
  ]);
  assert.equal(rows[10][0], '11回以上');
  // The chart of everyone's ladder: two lines told apart by dash and colour, the table beside.
  const chart = page.locator('ltv-calculator #ladder figure.chart');
  assert.equal(await chart.locator('figcaption').textContent(), '回数別の継続率と到達率');
  assert.deepEqual(await chart.locator('.legend li').allTextContents(), ['次回への継続率', '1回目からの到達率']);
  assert.equal(await chart.locator('[role="img"]').getAttribute('aria-label'), '回数別の継続率と到達率. 1→2回目: 85.7%');
  assert.equal(await chart.locator('[role="img"]').getAttribute('aria-describedby'), 'ladder-caption');
  await chart.locator('canvas').first().waitFor();
  await page.locator('ltv-calculator #ladder-split').selectOption('channel');
  const dash = Array(6).fill('—');
  assert.deepEqual(await tableRows(page, 'ltv-calculator #ladder table'), [
    ['web', '5', '100.0%', '33.3%', '100.0%', '100.0%', '0.0%', ...dash],
    ['instagram', '4', '66.7%', '0.0%', '—', '—', '—', ...dash],
  ]);
  const file = await download(page, () => page.getByRole('button', { name: '回数別の継続・離脱 をCSVで書き出す' }).click());
  assert.equal(file.name, '分析表_回数別の継続・離脱_2025-03-31.csv');
  const lines = file.bytes.subarray(3).toString('utf8').split('\r\n');
  assert.equal(lines[0], '集計,区分の値,購入顧客数,購入回数,到達顧客,1回目からの到達率,継続,離脱,判定待ち,離脱後に復帰,次回への継続率,次回までの日数(平均),次回までの日数(中央値)');
  assert.equal(lines[1], '全体,,9,1,9,1.0000,6,1,2,0,0.8571,40.5,32.5');
  assert.equal(lines[11], '全体,,9,11回以上,0,0.0000,0,0,0,0,,,');
  assert.equal(lines[12], '初回購入月別,2024-01,2,1,2,1.0000,1,1,0,0,0.5000,14.0,14');
  await assertAccessible(page, 'ladder (JA)');
  // First products appear once the first-product table's minimum is 1.
  await page.locator('ltv-calculator #products-min').fill('1');
  await page.getByRole('button', { name: '初回購入商品別を再計算' }).click();
  await page.locator('ltv-calculator #ladder-split option[value="product"]').waitFor({ state: 'attached' });
  await page.locator('ltv-calculator #ladder-split').selectOption('product');
  assert.deepEqual((await tableRows(page, 'ltv-calculator #ladder table')).map((r) => r.slice(0, 4)), [
    ['【お試し】美容液 7日分', '6', '80.0%', '50.0%'],
    ['化粧水 150mL', '2', '100.0%', '0.0%'],
    ['美容液 30mL', '2', '100.0%', '0.0%'],
  ]);
  // A 離脱基準 of 30 days: 1回目 2 ÷ 9.
  await page.locator('ltv-calculator #ladder-days').fill('30');
  await page.getByRole('button', { name: '回数別を再計算' }).click();
  await page.waitForFunction(() => document.querySelector('ltv-calculator').shadowRoot
    .querySelector('#ladder-caption')?.textContent === '回数別(離脱基準 30日)');
  assert.deepEqual((await tableRows(page, 'ltv-calculator #ladder table'))[0].slice(0, 7), ['1回目', '9', '100.0%', '2', '7', '0', '22.2%']);
}));

test('回数別 in English: words and the CSV header', () => chromium.onPage('ltv.html', { locale: 'en-US' }, async ({ page }) => {
  await dashboard(page);
  assert.equal(await page.locator('ltv-calculator #ladder-title').textContent(), 'Repeat ladder: from each purchase to the next');
  assert.deepEqual((await tableRows(page, 'ltv-calculator #ladder table'))[1], ['Purchase 2', '6', '66.7%', '1', '3', '2', '25.0%', '191.5 days', '191.5 days', '1']);
  const file = await download(page, () => page.getByRole('button', { name: 'Download Repeat ladder as CSV' }).click());
  assert.match(file.bytes.subarray(3).toString('utf8').split('\r\n')[1], /^Everyone,,9,1,9,1.0000,6,1,2,0,0.8571,40.5,32.5$/);
  await assertAccessible(page, 'ladder (EN)');
}));

test('転換日数: the distribution, the typical day, the follow-up list and its CSV (JA)', () => chromium.onPage('ltv.html', async ({ page }) => {
  await dashboard(page);
  assert.equal(await page.locator('ltv-calculator #to-second .lead').first().textContent(),
    '2回目を買った6人の中央値は初回から33日後で、50.0%がその日までに2回目を買っています。');
  assert.equal(await page.locator('ltv-calculator #to-second-follow-text').textContent(),
    '33日を過ぎても2回目がなく、まだ離脱(180日)でない顧客: 2人(累計売上 ￥5,300)。');
  const rows = await tableRows(page, 'ltv-calculator #to-second table');
  assert.equal(rows.length, 28);
  assert.deepEqual(rows.slice(0, 5), [
    ['1〜7日', '0', '0.0%', '0.0%'],
    ['8〜14日', '1', '16.7%', '16.7%'],
    ['15〜21日', '0', '0.0%', '16.7%'],
    ['22〜28日', '0', '0.0%', '16.7%'],
    ['29〜35日', '3', '50.0%', '66.7%'],
  ]);
  assert.deepEqual(rows[10], ['71〜77日', '1', '16.7%', '100.0%']);
  assert.deepEqual(rows[27], ['366日以上', '0', '0.0%', '100.0%']);
  const bins = await download(page, () => page.getByRole('button', { name: '転換日数の分布 をCSVで書き出す' }).click());
  const lines = bins.bytes.subarray(3).toString('utf8').split('\r\n');
  assert.equal(lines[0], '初回からの日数,まで,購入顧客数,割合,累計');
  assert.deepEqual([lines[2], lines[5], lines[28]], ['8,14,1,0.1667,0.1667', '29,35,3,0.5000,0.6667', '366,,0,0.0000,1.0000']);
  // The follow-up list: a customer CSV (the e-mails are the keys) and the table filtered.
  const list = await download(page, () => page.getByRole('button', { name: '2回目フォロー対象 の顧客リストをCSVで書き出す' }).click());
  assert.match(list.name, /_2回目フォロー対象_2025-03-31\.csv$/);
  const keys = list.bytes.subarray(3).toString('utf8').split('\r\n').slice(1, -1).map((l) => l.split(',')[0]).sort();
  assert.deepEqual(keys, ['gen@example.jp', 'ichi@example.jp']);
  await page.getByRole('button', { name: '2回目フォロー対象 を顧客一覧で見る' }).click();
  await page.locator('ltv-calculator #customers .list-note:not([hidden])').waitFor();
  assert.match(await page.locator('ltv-calculator #customers .list-note').textContent(), /2回目フォロー対象/);
  await page.waitForFunction(() => document.querySelector('ltv-calculator').shadowRoot.querySelectorAll('#customers table.customers tbody tr').length === 2);
  await assertAccessible(page, 'days to second (JA)');
}));

test('転換日数 in English', () => chromium.onPage('ltv.html', { locale: 'en-US' }, async ({ page }) => {
  await dashboard(page);
  assert.equal(await page.locator('ltv-calculator #to-second-follow-text').textContent(),
    'Past 33 days without a second purchase and not lapsed yet (180 days): 2 customers (revenue to date ¥5,300).');
  assert.deepEqual((await tableRows(page, 'ltv-calculator #to-second table'))[4], ['29–35 days', '3', '50.0%', '66.7%']);
  await assertAccessible(page, 'days to second (EN)');
}));

test('引き上げ率: trial customers to 本品 or 定期 by window, CSV (JA)', () => chromium.onPage('ltv.html', async ({ page }) => {
  await dashboard(page);
  assert.equal(await page.locator('ltv-calculator #upgrade-lead').textContent(),
    'お試しで始めた6人のうち4人が本品・定期を購入(うち定期1人)。初回からの日数の中央値は47.5日です。');
  assert.equal(await page.locator('ltv-calculator #upgrade-sub-lead').textContent(),
    'お試し→定期: 2人、初回からの日数の中央値60日。');
  assert.deepEqual(await tableRows(page, 'ltv-calculator #upgrade table'), [
    ['14日以内', '6', '0', '0.0%', '0', '0.0%'],
    ['30日以内', '6', '1', '16.7%', '0', '0.0%'],
    ['60日以内', '5', '2', '40.0%', '0', '0.0%'],
    ['90日以内', '4', '3', '75.0%', '2', '50.0%'],
  ]);
  const file = await download(page, () => page.getByRole('button', { name: '引き上げ率 をCSVで書き出す' }).click());
  assert.equal(file.name, '分析表_引き上げ率_2025-03-31.csv');
  assert.deepEqual(file.bytes.subarray(3).toString('utf8').split('\r\n'), [
    '期間,お試し顧客,対象顧客,引き上げ,引き上げ率,定期へ引き上げ,定期引き上げ率', '14,6,6,0,0.0000,0,0.0000', '30,6,6,1,0.1667,0,0.0000',
    '60,6,5,2,0.4000,0,0.0000', '90,6,4,3,0.7500,2,0.5000', '']);
  const chart = page.locator('ltv-calculator #upgrade figure.chart');
  assert.deepEqual(await chart.locator('.legend li').allTextContents(), ['引き上げ率', '定期引き上げ率']);
  assert.equal(await chart.locator('[role="img"]').getAttribute('aria-label'), '期間別の引き上げ率. 90日以内: 75.0%');
  await chart.locator('canvas').first().waitFor();
  await assertAccessible(page, 'upgrade (JA)');
}));

test('引き上げ率 in English', () => chromium.onPage('ltv.html', { locale: 'en-US' }, async ({ page }) => {
  await dashboard(page);
  assert.equal(await page.locator('ltv-calculator #upgrade-lead').textContent(),
    'Of 6 customers who started with a trial, 4 bought the main product or a subscription (1 a subscription); median 47.5 days after the first purchase.');
  assert.deepEqual((await tableRows(page, 'ltv-calculator #upgrade table'))[3], ['Within 90 days', '4', '3', '75.0%', '2', '50.0%']);
  assert.match(await page.locator('ltv-calculator #upgrade-sub-lead').textContent(), /^Trial to subscription: 2 customers, median 60 days after/);
  await assertAccessible(page, 'upgrade (EN)');
}));

test('初回購入商品別 by first channel (Shopify Source), CSV (JA)', () => chromium.onPage('ltv.html', async ({ page }) => {
  await dashboard(page);
  await page.locator('ltv-calculator #products-min').fill('1');
  await page.getByRole('button', { name: '初回購入商品別を再計算' }).click();
  await page.locator('ltv-calculator #products .products-table table tbody tr').first().waitFor();
  await page.locator('ltv-calculator #products-table-select').selectOption('channel');
  const rows = await tableRows(page, 'ltv-calculator #products .products-table table');
  assert.deepEqual(rows.map((r) => r.slice(0, 3)), [['web', '5', '40.0%'], ['instagram', '4', '0.0%']]);
  const file = await download(page, () => page.getByRole('button', { name: '流入元別 の顧客リストをCSVで書き出す' }).click());
  const lines = file.bytes.subarray(3).toString('utf8').split('\r\n');
  assert.match(lines[0], /^流入元,新規顧客,F2転換率\(30日以内\),/);
  assert.match(lines[1], /^web,5,0.4000,/);
  await assertAccessible(page, 'first products by channel (JA)');
}));

test('初回購入商品別 by first coupon (Shopify Discount Code): import check, table, CSV (JA)', () => chromium.onPage('ltv.html', async ({ page }) => {
  await chooseFile(page, fixture('shopify_views.csv'));
  await page.locator('ltv-calculator #check').waitFor();
  const row = page.locator('ltv-calculator table.mapping tr[data-role="coupon"]');
  assert.equal(await row.locator('select').inputValue(), 'Discount Code');
  assert.match(await row.locator('th').textContent(), /^クーポン注文のクーポン/);
  await openDashboard(page);
  await page.locator('ltv-calculator #fc-retry:not([hidden]), ltv-calculator #forecast .fc-error-title').first().waitFor({ state: 'attached' });
  await page.locator('ltv-calculator #products-min').fill('1');
  await page.getByRole('button', { name: '初回購入商品別を再計算' }).click();
  await page.locator('ltv-calculator #products .products-table table tbody tr').first().waitFor();
  await page.locator('ltv-calculator #products-table-select').selectOption('coupon');
  const rows = await tableRows(page, 'ltv-calculator #products .products-table table');
  assert.deepEqual(rows.map((r) => r.slice(0, 3)), [['クーポンなし', '4', '25.0%'], ['TRIAL', '3', '33.3%'], ['WELCOME10', '2', '0.0%']]);
  const file = await download(page, () => page.getByRole('button', { name: 'クーポン別 の顧客リストをCSVで書き出す' }).click());
  const lines = file.bytes.subarray(3).toString('utf8').split('\r\n');
  assert.match(lines[0], /^クーポン,新規顧客,F2転換率\(30日以内\),/);
  assert.match(lines[1], /^クーポンなし,4,0.2500,/);
  assert.match(lines[2], /^TRIAL,3,0.3333,/);
  await assertAccessible(page, 'first products by coupon (JA)');
}));

test('初回購入商品別 by first coupon in English', () => chromium.onPage('ltv.html', { locale: 'en-US' }, async ({ page }) => {
  await dashboard(page);
  await page.locator('ltv-calculator #products-min').fill('1');
  await page.getByRole('button', { name: 'Recalculate by first product' }).click();
  await page.locator('ltv-calculator #products .products-table table tbody tr').first().waitFor();
  await page.locator('ltv-calculator #products-table-select').selectOption('coupon');
  const rows = await tableRows(page, 'ltv-calculator #products .products-table table');
  assert.deepEqual(rows.map((r) => r.slice(0, 3)), [['No coupon', '4', '25.0%'], ['TRIAL', '3', '33.3%'], ['WELCOME10', '2', '0.0%']]);
  assert.equal(await page.locator('ltv-calculator #products .products-table caption').innerText(), 'By coupon of the first purchase day');
}));

test('回収期間 by acquisition channel (JA)', () => chromium.onPage('ltv.html', async ({ page }) => {
  await dashboard(page);
  const row = (key) => page.$eval(`ltv-calculator #payback tr[data-month="${key}"]`, (tr) => [...tr.cells].map((c) => c.textContent));
  assert.deepEqual((await row('web')).slice(0, 5), ['web', '5', '—', '￥1,910', '￥2,190']);
  assert.deepEqual((await row('instagram')).slice(0, 5), ['instagram', '4', '—', '￥392', '￥1,032']);
  assert.match(await page.locator('ltv-calculator #payback-channel-caption').textContent(), /^流入元別の1人あたり累計粗利/);
  await assertAccessible(page, 'payback by channel (JA)');
}));
