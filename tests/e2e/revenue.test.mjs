// 売上 as each platform's export defines it (issue 11), end to end in Chromium on file://: the
// figures shown on the page and returned by the JS API, the rule stated on the import check,
// several files of one shop (two 楽天 periods with an overlapping order; 楽天 + the own shop's
// ledger with shared e-mails), and a dollar file whose currency is assumed and can be changed.
// Every figure is computed by hand from the fixtures (tests/fixtures/platforms/), as in
// tests/import_platforms.rs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useChromium, fixture, chooseFile, openDashboard, kpis, inShadow, assertAccessible } from './browser.mjs';

const chromium = useChromium();
const platform = (name) => fixture(`platforms/${name}`);

/**
 * Each platform fixture alone: customers, orders and revenue (page: the KPI cards; API: the
 * overview) and the rule line on the import check.
 */
const PLATFORMS = [
  {
    // 503-1: 3,000 + 500 − 300 + 1,500 = 4,700; 503-2: 2,000 + 400 + 200 − 400 = 2,200;
    // 503-3: 5,000 + 600 − 500 = 5,100. Two buyers.
    file: 'amazon_order_report.txt', customers: 2, orders: 3, revenue: '12000', shown: '￥12,000',
    rule: '売上 = item-price ＋ shipping-price ＋ gift-wrap-price − item-promotion-discount − ship-promotion-discount(明細ごとに合計)',
  },
  {
    // 5,600 − 500 + 3,000 + 8,800 + (2,200 − 200); the キャンセル確定 order left out.
    file: 'rakuten_rms_orders.csv', customers: 3, orders: 4, revenue: '18900', shown: '￥18,900',
    rule: '売上 = 合計金額 − 店舗発行クーポン利用額(注文番号ごとに1回)',
  },
  {
    // Alone, April's order 2 is no duplicate: 3,000 + (6,000 − 400) + 2,400 + (3,000 − 300);
    // 渡辺's キャンセル確定 order left out, so 高橋, 伊藤 and 小林.
    file: 'rakuten_rms_orders_2024-04.csv', customers: 3, orders: 4, revenue: '13700', shown: '￥13,700',
    rule: '売上 = 合計金額 − 店舗発行クーポン利用額(注文番号ごとに1回)',
  },
  {
    // 佐藤 3,000 + 2,500 + (6,000 − 1,000 refund row); 鈴木 4,500; 田中 1,000 (order 1006
    // refunded in full, its refund row not subtracted again).
    file: 'woocommerce_analytics_orders.csv', customers: 3, orders: 5, revenue: '16000', shown: '￥16,000',
    rule: '売上 = Net sales(注文番号ごとに1回)',
  },
  {
    // #1001 5,500 (two line items); #1002 3,750 − 1,200 refunded; #1003 voided; #1004 4,800.
    file: 'shopify_orders_export.csv', customers: 2, orders: 3, revenue: '12850', shown: '￥12,850',
    rule: '売上 = Total − Refunded Amount(注文番号ごとに1回)',
  },
  {
    // 4,000 + 2,500 + 1,000, one order a row (no order number column).
    file: 'own_shop_ledger.csv', customers: 3, orders: 3, revenue: '7500', shown: '￥7,500',
    rule: '売上 = 合計金額(1行を1件の注文として)',
  },
  {
    // $35.28 + $120.00 + $18.99 + $42.50.
    file: 'usd_ledger.csv', customers: 3, orders: 4, revenue: '216.77', shown: '$216.77',
    rule: '売上 = amount(注文番号ごとに1回)',
  },
];

/** The text of the import check's fact labelled `label`. */
function checkFact(page, label) {
  return inShadow(page, (root, label) => {
    const f = [...root.querySelectorAll('#check .fact')].find((d) => d.querySelector('dt').textContent === label);
    return f ? f.querySelector('dd').textContent : null;
  }, label);
}

/** Imports one file or several through the JS API in the page; returns the report's import and overview. */
async function analyze(page, names) {
  await page.evaluate(() => document.body.append(Object.assign(document.createElement('input'), { type: 'file', id: 'fx', multiple: true })));
  await page.locator('#fx').setInputFiles(names.map(platform));
  return page.evaluate(async (several) => {
    const files = [...document.getElementById('fx').files];
    const report = await LtvCalculator.analyze(several ? files : files[0]);
    report.close();
    document.getElementById('fx').remove();
    return { import: report.import, overview: report.overview };
  }, names.length > 1);
}

for (const p of PLATFORMS) {
  test(`${p.file}: the page shows ${p.shown} from ${p.orders} orders of ${p.customers} customers and states the rule`, () => chromium.onPage('ltv.html', async ({ page }) => {
    await chooseFile(page, platform(p.file));
    assert.equal(await checkFact(page, '売上'), p.rule);
    assert.match(await checkFact(page, '読み込んだ行'), new RegExp(`${p.orders} 件の注文・${p.customers} 人の顧客`));
    await openDashboard(page);
    const k = await kpis(page);
    assert.deepEqual([k.customers, k.orders, k.revenue], [String(p.customers), String(p.orders), p.shown]);
  }));
}

test('a file without order numbers states that each row is one order, in English too', () => chromium.onPage('ltv.html', async ({ page }) => {
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await chooseFile(page, platform('own_shop_ledger.csv'));
  assert.equal(await checkFact(page, 'Revenue'), 'Revenue = 合計金額 (each row one order)');
}));

test('the JS API gives the same customers, orders and revenue for every platform', () => chromium.onPage('ltv.html', async ({ page }) => {
  for (const p of PLATFORMS) {
    const r = await analyze(page, [p.file]);
    assert.deepEqual([r.overview.customers, r.overview.orders, r.overview.revenue], [p.customers, p.orders, p.revenue], p.file);
  }
  // The rule's terms as the API reports them (the page's line is built from these).
  const rakuten = await analyze(page, ['rakuten_rms_orders.csv']);
  assert.equal(rakuten.import.mapping.amount, '合計金額');
  assert.deepEqual(rakuten.import.amountAdjustments.map((a) => [a.sign, a.column]), [['minus', '店舗発行クーポン利用額']]);
  assert.equal(rakuten.import.amountKind, 'orderTotal');
  const amazon = await analyze(page, ['amazon_order_report.txt']);
  assert.deepEqual(amazon.import.amountAdjustments.map((a) => [a.sign, a.column]), [
    ['plus', 'shipping-price'], ['plus', 'gift-wrap-price'], ['minus', 'item-promotion-discount'], ['minus', 'ship-promotion-discount'],
  ]);
}));

test('the JS API takes several files: two 楽天 periods count the repeated order once; 楽天 + the own shop match customers', () => chromium.onPage('ltv.html', async ({ page }) => {
  // March 18,900 + April's new orders 5,600 + 2,400 + 2,700 (order 2 again, counted once).
  const two = await analyze(page, ['rakuten_rms_orders.csv', 'rakuten_rms_orders_2024-04.csv']);
  assert.deepEqual([two.overview.customers, two.overview.orders, two.overview.revenue], [4, 7, '29600']);
  assert.deepEqual(two.import.skipped, { cancelled: 2, duplicateOrder: 1 });
  assert.deepEqual(two.import.issues.filter((i) => i.kind === 'duplicateOrder').map((i) => [i.file, i.line, i.value]),
    [[1, 2, '123456-20240402-0000000002']]);
  // April: 伊藤 and 小林 (高橋's only row is the duplicate, 渡辺's only order cancelled).
  assert.deepEqual(two.import.files.map((f) => [f.rows, f.orders, f.customers]), [[6, 4, 3], [6, 3, 2]]);

  // 高橋 by e-mail (M001), 伊藤 by phone (M002): 3 + 3 customers, 2 of them the same people.
  // 18,900 + 4,000 + 2,500 + 1,000.
  const mixed = await analyze(page, ['rakuten_rms_orders.csv', 'own_shop_ledger.csv']);
  assert.deepEqual([mixed.overview.customers, mixed.overview.orders, mixed.overview.revenue], [4, 7, '26400']);
  assert.equal(mixed.import.mergedCustomers, 2);
}));

test('two 楽天 files chosen together in the page count the order found in both once', () => chromium.onPage('ltv.html', async ({ page }) => {
  assert.equal(await page.locator('ltv-calculator input[type=file]').getAttribute('multiple'), '');
  await chooseFile(page, [platform('rakuten_rms_orders.csv'), platform('rakuten_rms_orders_2024-04.csv')]);
  assert.equal(await checkFact(page, 'ファイル'), 'rakuten_rms_orders.csv、rakuten_rms_orders_2024-04.csv');
  assert.equal(await checkFact(page, '読み込んだ行'), '12 行を読み込み、7 件の注文・4 人の顧客として集計しました。');
  // Each file's rows, orders, customers, period and skipped rows.
  const files = await inShadow(page, (root) => [...root.querySelectorAll('.files-wrap tbody tr')].map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.deepEqual(files, [
    ['rakuten_rms_orders.csv', 'Shift_JIS', '6', '4', '3', '2024/03/05 – 2024/04/02', '1'],
    ['rakuten_rms_orders_2024-04.csv', 'Shift_JIS', '6', '3', '2', '2024/04/08 – 2024/04/28', '2'],
  ]);
  // The duplicate: counted under its reason and named with its file and line.
  const skipped = await inShadow(page, (root) => ({
    reasons: [...root.querySelectorAll('.check-skipped tr[data-reason]')].map((tr) => [tr.dataset.reason, tr.cells[1].textContent]),
    lines: [...root.querySelectorAll('.check-skipped .issue-lines li')].map((li) => li.textContent),
  }));
  assert.deepEqual(skipped.reasons.sort(), [['cancelled', '2'], ['duplicateOrder', '1']]);
  assert.ok(skipped.lines.includes('rakuten_rms_orders_2024-04.csv 2 行目 — 前のファイルで読み込んだ注文(重複のため1回だけ数えます)123456-20240402-0000000002'),
    JSON.stringify(skipped.lines));
  // Each file's rule, beside its columns.
  assert.deepEqual(await inShadow(page, (root) => [...root.querySelectorAll('.revenue-rule')].map((p) => p.textContent)),
    Array(2).fill('売上 = 合計金額 − 店舗発行クーポン利用額(注文番号ごとに1回)'));
  await assertAccessible(page, 'import check of two files');
  await openDashboard(page);
  const k = await kpis(page);
  assert.deepEqual([k.customers, k.orders, k.revenue], ['4', '7', '￥29,600']);
}));

test('楽天 and the own shop ledger in the page: the customers matched by e-mail and phone and the combined revenue', () => chromium.onPage('ltv.html', async ({ page }) => {
  await chooseFile(page, [platform('rakuten_rms_orders.csv'), platform('own_shop_ledger.csv')]);
  const notes = await inShadow(page, (root) => [...root.querySelectorAll('#check .notes li')].map((li) => li.textContent));
  assert.ok(notes.includes('2 人は複数のファイルで同じメールアドレスまたは電話番号だったため、同じ顧客として数えました。'), JSON.stringify(notes));
  assert.equal(await checkFact(page, '読み込んだ行'), '9 行を読み込み、7 件の注文・4 人の顧客として集計しました。');
  await openDashboard(page);
  const k = await kpis(page);
  assert.deepEqual([k.customers, k.orders, k.revenue], ['4', '7', '￥26,400']);
}));

test('a dollar file: the currency is shown as assumed and can be changed to EUR and GBP, in Japanese and English', () => chromium.onPage('ltv.html', async ({ page }) => {
  const currency = () => inShadow(page, (root) => {
    const code = root.querySelector('#check .currency-code');
    const basis = root.querySelector('#check .currency-basis');
    return [code.textContent, basis.textContent, basis.classList.contains('assumed')];
  });
  const reread = async (code) => {
    await page.locator('ltv-calculator #currency-choice').selectOption(code);
    await page.waitForFunction((code) => document.querySelector('ltv-calculator').shadowRoot.querySelector('#check .currency-code')?.textContent === code, code);
  };
  await chooseFile(page, platform('usd_ledger.csv'));
  assert.deepEqual(await currency(),
    ['USD', 'ファイルに通貨の記載がなく、金額に小数(セント)があるため円ではないと判断しました(米ドルと仮定)', true]);
  await reread('EUR');
  assert.deepEqual(await currency(), ['EUR', 'ファイルの通貨として指定されたもの', false]);
  await openDashboard(page);
  assert.equal((await kpis(page)).revenue, '€216.77');

  await page.getByRole('button', { name: '別のファイルを選ぶ' }).click();
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await chooseFile(page, platform('usd_ledger.csv'));
  assert.equal(await checkFact(page, 'Revenue'), 'Revenue = amount (once per order number)');
  assert.deepEqual(await currency(),
    ['USD', 'the file does not say, and the amounts have cents, so they are not yen (assumed US dollars)', true]);
  await reread('GBP');
  assert.deepEqual(await currency(), ['GBP', 'as chosen for this file', false]);
  await assertAccessible(page, 'import check of a dollar file read as pounds');
  await openDashboard(page);
  assert.equal((await kpis(page)).revenue, '£216.77');
}));
