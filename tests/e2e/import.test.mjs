// Real shops' exports end to end in Chromium: a Shift_JIS 楽天-style line-item export and an
// Excel "CSV UTF-8" file with a title row, yen signs, ▲ refunds and a totals line. The totals
// and the skipped rows (line, reason) are computed by hand from the fixtures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useChromium, fixture, chooseFile, assertAccessible } from './browser.mjs';

const chromium = useChromium();

/** Imports a fixture through the public API in the page; returns the report. */
async function analyze(page, name) {
  await page.evaluate(() => document.body.append(Object.assign(document.createElement('input'), { type: 'file', id: 'fx' })));
  await page.locator('#fx').setInputFiles(fixture(name));
  return page.evaluate(async () => {
    const report = await LtvCalculator.analyze(document.getElementById('fx').files[0]);
    report.close();
    return { import: report.import, overview: report.overview, analysis: report.analysis };
  });
}

test('a Shift_JIS line-item export (楽天 style) gives hand-computed totals and names its skipped rows', () => chromium.onPage('ltv.html', async ({ page }) => {
  const r = await analyze(page, 'rakuten_sjis_items.csv');
  // Kept orders: 0000000001 taro 5,500 (two lines, total repeated) · 0000000003 hanako 4,200 ·
  // 0000000004 taro 12,000 · 0000000005 jiro 1,800 (2024年1月20日) · 0000000008 saburo 2,200.
  // 5,500 + 4,200 + 12,000 + 1,800 + 2,200 = 25,700 over 5 orders and 4 customers.
  assert.equal(r.import.encoding, 'shift_jis');
  assert.equal(r.import.customerKey, 'email');
  assert.deepEqual([r.overview.customers, r.overview.orders, r.overview.revenue], [4, 5, '25700']);
  assert.equal(r.overview.averageOrderValue, '5140'); // 25,700 ÷ 5
  assert.equal(r.overview.repeatRate, 0.25); // taro bought on 2 days: 1 of 4
  assert.deepEqual([r.overview.firstDay, r.overview.lastDay], ['2024-01-05', '2024-01-25']);
  assert.deepEqual(r.overview.topCustomers.map((c) => [c.key, c.revenue]), [
    ['taro@example.jp', '17500'], ['hanako@example.jp', '4200'], ['saburo@example.jp', '2200'], ['jiro@example.jp', '1800'],
  ]);
  assert.deepEqual([r.import.rows, r.import.lineItemRows], [9, 1]);
  assert.deepEqual(r.import.issues.map((i) => [i.line, i.kind, i.value]), [
    [4, 'cancelled', 'キャンセル確定'],
    [8, 'badDate', '不明'],
    [9, 'missingCustomer', ''],
  ]);
  assert.deepEqual(r.import.skipped, { badDate: 1, missingCustomer: 1, cancelled: 1 });
}));

test('an Excel UTF-8 (BOM) file with a title row, yen signs, a ▲ refund and a totals line reads exactly', () => chromium.onPage('ltv.html', async ({ page }) => {
  const r = await analyze(page, 'excel_bom.csv');
  // K-001 1,200 + 2,000; K-002 3,400; K-003 ▲500 refund then 1,500: 7,600 over 4 orders.
  assert.equal(r.import.encoding, 'utf-8');
  assert.equal(r.import.headerLine, 3);
  assert.deepEqual([r.import.currency, r.import.currencyAssumed], ['JPY', false]);
  assert.deepEqual([r.overview.customers, r.overview.orders, r.overview.revenue], [3, 4, '7600']);
  assert.equal(r.overview.averageOrderValue, '1900');
  assert.equal(r.import.refundRows, 1);
  assert.deepEqual(r.import.issues.map((i) => [i.line, i.kind, i.value]), [
    [9, 'badDate', '2024/13/1'],
    [11, 'totalsRow', '合計'],
  ]);
  assert.equal(r.import.blankLines, 1);
  // The acquisition channel is the first ORDER's: K-003's ▲500 refund row (LINE) does not count.
  assert.deepEqual(r.analysis.channels.channels.map((c) => [c.channel, c.customers]).sort(), [
    ['Google広告', 1], ['Instagram', 1], ['LINE', 1],
  ]);
}));

test('the import check lets the encoding be chosen and warns of a garbled header, in both languages', () => chromium.onPage('ltv.html', async ({ page }) => {
  await chooseFile(page, fixture('rakuten_sjis_items.csv'));
  const encodingFact = () => page.locator('ltv-calculator .fact', { hasText: '文字コード' }).locator('dd').first().innerText();
  assert.match(await encodingFact(), /^Shift_JIS \(自動判定\)/);
  await page.locator('ltv-calculator #encoding-choice').selectOption('shift_jis');
  await page.locator('ltv-calculator #check').waitFor();
  await page.waitForFunction(() => !/自動判定\)/.test(
    [...document.querySelector('ltv-calculator').shadowRoot.querySelectorAll('.fact')].find((f) => /文字コード/.test(f.textContent)).textContent));
  assert.match(await encodingFact(), /^Shift_JIS(?! \(自動判定\))/);
  assert.equal(await page.locator('ltv-calculator #encoding-choice').inputValue(), 'shift_jis');

  // 「注文番号」 saved as UTF-8, read as CP932 and saved again (文字化け), beside readable columns.
  await page.getByRole('button', { name: '別のファイルを選ぶ' }).click();
  await chooseFile(page, {
    name: 'garbled.csv', mimeType: 'text/csv',
    buffer: Buffer.from('豕ｨ譁・分蜿ｷ,email,order_date,amount\n1,a@x.jp,2024-01-01,1000\n2,b@x.jp,2024-01-02,2000\n'),
  });
  assert.match(await page.locator('ltv-calculator #check .warn').innerText(), /見出しが文字化けしているようです/);
  await page.getByRole('button', { name: 'Switch to English' }).click();
  assert.match(await page.locator('ltv-calculator #check .warn').innerText(), /The header looks garbled/);
  await assertAccessible(page, 'import check with a garbled header');
}));
