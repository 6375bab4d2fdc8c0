// Issue 15, 初回購入商品別: the products of customers' first purchase day, each with its new
// customers, F2 within 30–365 days, 年間LTV on revenue and on gross profit (the file's 原価
// column), median 転換日数, the share who bought it again and the products of the 2nd purchase;
// by group and by 区分; the 商品マスタ; a CSV of the table shown. JA and EN, axe clean, no
// network, no console error.
//
// tests/fixtures/orders_first_products.csv, analysis date 2025-12-01 (the last order day), by
// hand (the same shop as the unit tests of src/analysis/products.rs, which analyse it on
// 2025-12-31; on 12-01 E's 30-day window has not ended):
//   【お試し】美容液: A, B, C, E (送料 in A's first order is 除外). F2 within 30 days: A (+14) of
//     A, B, C (E's window is open) → 33.3 %; within 180 and 365: A, C (+90) → 66.7 %.
//     年間LTV (A 7,480 + B 980 + C 3,980) ÷ 3 = 4,146.67 → ￥4,147; gross (4,380 + 380 +
//     2,380) ÷ 3 = ￥2,380; 転換日数 14, 90 → 52; 2nd purchases: 化粧水 ½ (lift 1), 美容液 ½ (lift 2).
//   化粧水: C, F. F2 within 180 and 365: C → 50 %; 年間LTV (3,980 + 1,500) ÷ 2 = ￥2,740, gross
//     ￥1,690; 転換日数 90, 395 → 242.5; both bought it again; 2nd: 化粧水 (share 1, lift 2).
//   美容液: D. F2 within 30: 0 % (+30 is day 31); 60 and on: 100 %; 年間LTV 3,000 + 2,700.
// The default minimum of 10 new customers hides every row; the test sets it to 1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useChromium, fixture, chooseFile, openDashboard, tableRows, download, assertAccessible } from './browser.mjs';

const chromium = useChromium();

async function dashboard(page) {
  await chooseFile(page, fixture('orders_first_products.csv'));
  await openDashboard(page);
  await page.locator('ltv-calculator #fc-retry:not([hidden]), ltv-calculator #forecast .fc-error-title').first().waitFor({ state: 'attached' });
}

/** Sets the minimum of new customers and waits for the table's rows. */
async function showFrom(page, min, button) {
  await page.locator('ltv-calculator #products-min').fill(String(min));
  await page.getByRole('button', { name: button }).click();
  await page.locator('ltv-calculator #products .products-table table tbody tr').first().waitFor();
}

const rows = (page) => tableRows(page, 'ltv-calculator #products .products-table table');

/** The 商品マスタ: name, group (its input), 区分 (its select's value), purchase days. */
const catalog = (page) => page.$$eval('ltv-calculator #products details table tbody tr', (trs) => trs.map((tr) => [
  tr.cells[0].textContent, tr.querySelector('input').value, tr.querySelector('select').value, tr.cells[3].textContent]));

test('初回購入商品別: rows, 区分, CSV, axe (JA)', () => chromium.onPage('ltv.html', async ({ page }) => {
  await dashboard(page);
  // The default minimum (10) hides all rows of this small shop and says so.
  assert.match(await page.locator('ltv-calculator #products-empty').textContent(), /10人以上の行がありません/);
  assert.match(await page.locator('ltv-calculator #products .hint').textContent(), /10人未満の行は表示していません\(7行\)/);
  await showFrom(page, 1, '初回購入商品別を再計算');
  assert.deepEqual(await rows(page), [
    ['【お試し】美容液', 'お試し', '4', '33.3%', '33.3%', '33.3%', '66.7%', '66.7%', '￥4,147', '￥2,380', '52日', '0.0%',
      '化粧水 50.0%(リフト 1.00)美容液 50.0%(リフト 2.00)'],
    ['化粧水', '本品', '2', '0.0%', '0.0%', '0.0%', '50.0%', '50.0%', '￥2,740', '￥1,690', '242.5日', '100.0%', '化粧水 100.0%(リフト 2.00)'],
    ['美容液', '本品', '1', '0.0%', '100.0%', '100.0%', '100.0%', '100.0%', '￥5,700', '￥3,700', '30日', '0.0%', '【定期】美容液 100.0%(リフト 4.00)'],
  ]);
  // By 区分: 本品 = C (化粧水), D, F: 年間LTV (3,980 + 5,700 + 1,500) ÷ 3; gross (2,380 + 3,700 +
  // 1,000) ÷ 3 = 2,360; 2nd purchases 化粧水 (C, F) ⅔ over ½ of all repeaters → lift 1.33.
  await page.locator('ltv-calculator #products-table-select').selectOption('kind');
  assert.deepEqual((await rows(page))[1], ['本品', '3', '0.0%', '33.3%', '33.3%', '66.7%', '66.7%', '￥3,727', '￥2,360', '90日', '66.7%',
    '化粧水 66.7%(リフト 1.33)【定期】美容液 33.3%(リフト 1.33)']);
  // The CSV of the table shown: exact numbers, the page's words.
  const file = await download(page, () => page.getByRole('button', { name: '区分別 の顧客リストをCSVで書き出す' }).click());
  assert.equal(file.name, '初回購入商品別_区分別_2025-12-01.csv');
  assert.deepEqual(file.bytes.subarray(3).toString('utf8').split('\r\n'), [
    '区分,新規顧客,F2転換率(30日以内),F2転換率(60日以内),F2転換率(90日以内),F2転換率(180日以内),F2転換率(365日以内),年間LTVの対象顧客,年間LTV,年間LTV(粗利),2回目購入の顧客,転換日数(中央値),同じ商品の再購入率,2回目によく買われる商品',
    'お試し,4,0.3333,0.3333,0.3333,0.6667,0.6667,3,4146.67,2380,2,52,0.0000,化粧水 50.0% ×1.00 / 美容液 50.0% ×2.00',
    '本品,3,0.0000,0.3333,0.3333,0.6667,0.6667,3,3726.67,2360,3,90,0.6667,化粧水 66.7% ×1.33 / 【定期】美容液 33.3% ×1.33',
    '',
  ]);
  // The 商品マスタ: 区分 and group guessed from the name; 送料 is 除外.
  await page.locator('ltv-calculator #products details summary').click();
  assert.deepEqual(await catalog(page), [
    ['【お試し】美容液', '美容液', 'trial', '4'],
    ['化粧水', '化粧水', 'main', '4'],
    ['美容液', '美容液', 'main', '3'],
    ['【定期】美容液', '美容液', 'subscription', '1'],
    ['送料', '送料', 'excluded', '1'],
  ]);
  await assertAccessible(page, 'first products (JA)');
  // 化粧水 set to 定期 by hand: C (trial + 化粧水) and F count under 定期; 本品 keeps D only.
  await page.getByRole('combobox', { name: '「化粧水」の区分' }).selectOption('subscription');
  await page.getByRole('button', { name: '商品マスタを反映して再計算' }).click();
  await page.waitForFunction(() => document.querySelector('ltv-calculator').shadowRoot
    .querySelector('#products .products-table tr[data-key="化粧水"] td')?.textContent === '定期');
  await page.locator('ltv-calculator #products-table-select').selectOption('kind');
  assert.deepEqual((await rows(page)).map((r) => r.slice(0, 2)), [['お試し', '4'], ['定期', '2'], ['本品', '1']]);
  await page.locator('ltv-calculator #products details summary').click();
  assert.deepEqual((await catalog(page))[1], ['化粧水', '化粧水', 'subscription', '4 (手動)']);
}));

test('初回購入商品別 in English: words, numbers and the CSV header', () => chromium.onPage('ltv.html', { locale: 'en-US' }, async ({ page }) => {
  await dashboard(page);
  assert.equal(await page.locator('ltv-calculator #products-title').textContent(), 'F2 rate and 1-year LTV by first product');
  await showFrom(page, 2, 'Recalculate by first product');
  // Minimum 2: 美容液 (1 customer) is hidden.
  assert.deepEqual((await rows(page)).map((r) => r.slice(0, 3).concat(r.slice(8, 11))), [
    ['【お試し】美容液', 'Trial', '4', '¥4,147', '¥2,380', '52 days'],
    ['化粧水', 'Main product', '2', '¥2,740', '¥1,690', '242.5 days'],
  ]);
  assert.match(await page.locator('ltv-calculator #products .hint').textContent(), /fewer than 2 new customers are not shown \(1 rows\)/);
  await page.locator('ltv-calculator #products-table-select').selectOption('group');
  assert.deepEqual((await rows(page)).map((r) => [r[0], r[1], r[10]]), [['美容液', '5', '40.0%'], ['化粧水', '2', '100.0%']]);
  const file = await download(page, () => page.getByRole('button', { name: /By group/ }).click());
  assert.equal(file.name, 'first_products_By_group_2025-12-01.csv');
  assert.match(file.bytes.subarray(3).toString('utf8').split('\r\n')[0], /^Group,New customers,F2 rate \(within 30 days\),/);
  await assertAccessible(page, 'first products (EN)');
}));
