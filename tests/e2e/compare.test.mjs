// Issue 14 "Also": the analysis compared with an earlier date (this year against last year: the
// key figures, the segments, the moves between them), and the settings saved to a small JSON file
// and loaded back. JA and EN, axe clean, no network, no console error.
//
// tests/fixtures/orders_compare.csv, analysis date 2024-12-31 (the last order day), compared
// with 2023-12-31 (the same day a year before, the default), RFM by the default thresholds — the
// shop of src/analysis/compare.rs's unit tests plus E:
//   A  2023-12-01, 2023-12-20, 2024-12-20 ¥1,000 each   2023: R5 F2 育成中 → 2024: R5 F3 安定顧客
//   B  2023-06-01 ¥5,000, refund −¥1,000 on 2024-02-01  休眠顧客 at both
//   C  2024-11-15 ¥3,000                                 not yet → 育成中 (46 days: R4 F1)
//   D  2023-12-31 ¥2,000                                 新規顧客 → 休眠顧客 (366 days)
//   E  2024-12-31 ¥4,000                                 not yet → 新規顧客
// 2023-12-31: 3 customers, all new and buying in the year; revenue of the year 9,000; to date
//   9,000 ÷ 3 = ¥3,000 a customer; AOV 9,000 ÷ 4 orders = ¥2,250; F2 1 of 3 = 33.3 %; no 年間LTV.
// 2024-12-31: 5 customers, new C and E, buying A, C, E; the year's revenue 1,000 − 1,000 + 3,000 +
//   4,000 = 7,000; to date 16,000 ÷ 5 = ¥3,200; AOV 16,000 ÷ 7 = 2,285.71; F2 1 of 5 = 20.0 %;
//   年間LTV (A 2,000 + B 4,000 + D 2,000) ÷ 3 = 2,666.67.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useChromium, fixture, chooseFile, openDashboard, tableRows, download, assertAccessible, kpis } from './browser.mjs';

const chromium = useChromium();

async function compared(page) {
  await chooseFile(page, fixture('orders_compare.csv'));
  await openDashboard(page);
  await page.locator('ltv-calculator #compare-run').click();
  await page.locator('ltv-calculator #compare .compare-out table').first().waitFor();
}

test('前年比較: the key figures, the segments and the moves between two analysis dates (JA)', () => chromium.onPage('ltv.html', async ({ page }) => {
  await chooseFile(page, fixture('orders_compare.csv'));
  await openDashboard(page);
  assert.equal(await page.locator('ltv-calculator #compare-date').inputValue(), '2023-12-31', 'a year before by default');
  await page.locator('ltv-calculator #compare-run').click();
  await page.locator('ltv-calculator #compare .compare-out table').first().waitFor();
  const kpiRows = await tableRows(page, 'ltv-calculator #compare table:has(#compare-kpis-caption)');
  assert.deepEqual(kpiRows.slice(0, 8), [
    ['顧客数(累計)', '3', '5', '+2'],
    ['新規顧客数(直近1年)', '3', '2', '−1'],
    ['購入した顧客数(直近1年)', '3', '3', '±0'],
    ['売上(直近1年)', '￥9,000', '￥7,000', '−￥2,000'],
    ['年間LTV', '—', '￥2,667', '—'],
    ['LTV(1人あたり累計売上)', '￥3,000', '￥3,200', '+￥200'],
    ['平均購入単価', '￥2,250', '￥2,286', '+￥36'], // 2,285.71 − 2,250 = 35.71
    ['F2転換率(累計)', '33.3%', '20.0%', '−13.3ポイント'],
  ]);
  const seg = (s) => page.$$eval(`ltv-calculator #compare tr[data-segment=${s}]`, (trs) => [...trs[0].cells].map((c) => c.textContent));
  assert.deepEqual(await seg('dormant'), ['休眠顧客', '1', '2', '+1', '55.6%', '37.5%']); // 5,000 of 9,000; 6,000 of 16,000
  assert.deepEqual(await seg('new'), ['新規顧客', '1', '1', '±0', '22.2%', '25.0%']);
  // The moves: row = segment at 2023-12-31 (then "not yet"), column = at 2024-12-31.
  const moves = await page.$$eval('ltv-calculator #compare table.moves tbody tr', (trs) => trs.flatMap((tr) =>
    [...tr.querySelectorAll('td')].filter((td) => td.textContent).map((td) => [tr.dataset.from, td.dataset.to, td.textContent])));
  assert.deepEqual(moves, [
    ['new', 'dormant', '1'], // D
    ['promising', 'loyal', '1'], // A
    ['dormant', 'dormant', '1'], // B
    ['none', 'new', '1'], // E
    ['none', 'promising', '1'], // C
  ]);
  await assertAccessible(page, 'comparison');

  // A date that is not before the analysis date says so, by its name.
  await page.locator('ltv-calculator #compare-date').fill('2024-12-31');
  await page.locator('ltv-calculator #compare-run').click();
  await page.locator('ltv-calculator #compare .form-status.field-error').waitFor();
  assert.match(await page.locator('ltv-calculator #compare .form-status').textContent(), /比較する日/);
  assert.equal(await page.locator('ltv-calculator #compare .compare-out table').count(), 0);
}));

test('year on year in English', () => chromium.onPage('ltv.html', { locale: 'en-US' }, async ({ page }) => {
  await compared(page);
  const kpiRows = await tableRows(page, 'ltv-calculator #compare table:has(#compare-kpis-caption)');
  assert.deepEqual(kpiRows[3], ['Revenue (last 12 months)', '¥9,000', '¥7,000', '−¥2,000']);
  assert.deepEqual(kpiRows[7], ['Second-purchase rate (to date)', '33.3%', '20.0%', '−13.3 pts']);
  assert.equal(await page.locator('ltv-calculator #compare table.moves tr[data-from=none] th').textContent(), 'Not yet a customer');
}));

test('the settings go to a small JSON file and come back from it; a file that is not one is refused (JA)', () => chromium.onPage('ltv.html', async ({ page }) => {
  await chooseFile(page, fixture('orders_compare.csv'));
  await openDashboard(page);
  // 粗利率 30 % and relative RFM scoring, applied; then saved.
  await page.locator('ltv-calculator #set-margin').fill('30');
  await page.locator('ltv-calculator #set-rfm').selectOption('quintiles');
  await page.getByRole('button', { name: 'この条件で再計算' }).click();
  await page.waitForFunction(() => document.querySelector('ltv-calculator').shadowRoot.querySelector('#set-rfm')?.value === 'quintiles'
    && document.querySelector('ltv-calculator').shadowRoot.querySelector('[data-kpi=ltv] .sub')?.textContent.includes('30%'));
  const saved = await download(page, () => page.getByRole('button', { name: '設定をファイルに保存' }).click());
  assert.equal(saved.name, 'LTV設定_2024-12-31.json');
  const json = JSON.parse(saved.bytes.toString('utf8'));
  assert.equal(json.ltvSettings, 1);
  assert.equal(json.analysis.grossMarginPercent, '30');
  assert.equal(json.analysis.rfm.method, 'quintiles');
  assert.equal(json.analysis.analysisDate, undefined, 'the analysis date is not a setting');

  // Loaded back on a fresh page: the same settings, the same figures (16,000 × 30 % ÷ 5 = ¥960).
  const dir = mkdtempSync(join(tmpdir(), 'ltv-settings-'));
  const file = join(dir, 'settings.json');
  writeFileSync(file, saved.bytes);
  await page.reload();
  await chooseFile(page, fixture('orders_compare.csv'));
  await openDashboard(page);
  assert.equal(await page.locator('ltv-calculator #set-rfm').inputValue(), 'thresholds');
  await page.locator('ltv-calculator #settings-file').setInputFiles(file);
  await page.waitForFunction(() => document.querySelector('ltv-calculator').shadowRoot.querySelector('#set-rfm')?.value === 'quintiles');
  assert.equal(await page.locator('ltv-calculator #set-margin').inputValue(), '30');
  assert.equal(await page.locator('ltv-calculator [data-kpi=ltv] .sub').textContent(), '粗利ベース(粗利率30%) ￥960');

  // Not JSON, and JSON of something else: refused with a reason, nothing changed.
  const notJson = join(dir, 'orders.json');
  writeFileSync(notJson, 'customer_id,order_date,amount\n');
  await page.locator('ltv-calculator #settings-file').setInputFiles(notJson);
  await page.locator('ltv-calculator #settings .settings-files .field-error').waitFor();
  assert.match(await page.locator('ltv-calculator #settings .settings-files .form-status').textContent(), /JSON形式ではありません/);
  const other = join(dir, 'other.json');
  writeFileSync(other, '{"analysis": {"grossMarginPercent": 10}}');
  await page.locator('ltv-calculator #settings-file').setInputFiles(other);
  await page.waitForFunction(() => /設定ファイルではありません/.test(document.querySelector('ltv-calculator').shadowRoot.querySelector('#settings .settings-files .form-status').textContent));
  assert.equal(await page.locator('ltv-calculator #set-margin').inputValue(), '30');
  // A settings file with a value out of range names the setting.
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, '{"ltvSettings": 1, "analysis": {"grossMarginPercent": 150}}');
  await page.locator('ltv-calculator #settings-file').setInputFiles(bad);
  await page.waitForFunction(() => /粗利率/.test(document.querySelector('ltv-calculator').shadowRoot.querySelector('#settings .settings-files .form-status').textContent));
  assert.equal((await kpis(page)).customers, '5');
  await assertAccessible(page, 'settings file');
}));

test('on a 375 px phone in English: the comparison, the segment chart, a busy export and the settings file, no sideways scroll', () => chromium.onPage('ltv.html', { locale: 'en-US', viewport: { width: 375, height: 800 } }, async ({ page }) => {
  await compared(page);
  assert.deepEqual(await page.$$eval('ltv-calculator #compare tr[data-segment=dormant]', (trs) => [...trs[0].cells].map((c) => c.textContent)),
    ['Dormant', '1', '2', '+1', '55.6%', '37.5%']);
  assert.equal(await page.locator('ltv-calculator #rfm figure.chart figcaption').textContent(), 'Share of customers and of revenue per segment');
  // A double click on a segment's CSV: busy once, one file.
  const name = 'Download the customers of Dormant as CSV';
  await page.evaluate((label) => {
    const button = document.querySelector('ltv-calculator').shadowRoot.querySelector(`button[aria-label="${label}"]`);
    window.busySeen = [];
    new MutationObserver(() => window.busySeen.push(button.getAttribute('aria-busy'))).observe(button, { attributes: true, attributeFilter: ['aria-busy'] });
  }, name);
  const files = [];
  page.on('download', (d) => files.push(d.suggestedFilename()));
  await page.getByRole('button', { name }).dblclick();
  await page.waitForFunction(() => window.busySeen.length >= 2 && window.busySeen.at(-1) === null);
  await page.waitForTimeout(500);
  assert.deepEqual(files, ['customers_Dormant_2024-12-31.csv']);
  // The settings file, saved with 粗利率 30 %, loaded back on a fresh page, and a file that is
  // not one refused, in English.
  await page.locator('ltv-calculator #set-margin').fill('30');
  await page.getByRole('button', { name: 'Compute again' }).click();
  await page.waitForFunction(() => document.querySelector('ltv-calculator').shadowRoot.querySelector('[data-kpi=ltv] .sub')?.textContent.includes('30%'));
  const saved = await download(page, () => page.getByRole('button', { name: 'Save settings to a file' }).click());
  assert.equal(saved.name, 'ltv-settings_2024-12-31.json');
  assert.equal(JSON.parse(saved.bytes.toString('utf8')).ltvSettings, 1);
  const dir = mkdtempSync(join(tmpdir(), 'ltv-settings-en-'));
  writeFileSync(join(dir, 'settings.json'), saved.bytes);
  writeFileSync(join(dir, 'orders.json'), 'customer_id,order_date,amount\n');
  await page.reload();
  await chooseFile(page, fixture('orders_compare.csv'));
  await openDashboard(page);
  assert.equal(await page.locator('ltv-calculator #set-margin').inputValue(), '40');
  await page.locator('ltv-calculator #settings-file').setInputFiles(join(dir, 'settings.json'));
  await page.waitForFunction(() => document.querySelector('ltv-calculator').shadowRoot.querySelector('#set-margin')?.value === '30');
  // 16,000 × 30 % ÷ 5 customers = ¥960.
  assert.equal(await page.locator('ltv-calculator [data-kpi=ltv] .sub').textContent(), 'gross profit (margin 30%) ¥960');
  await page.locator('ltv-calculator #settings-file').setInputFiles(join(dir, 'orders.json'));
  await page.locator('ltv-calculator #settings .settings-files .field-error').waitFor();
  assert.equal(await page.locator('ltv-calculator #settings .settings-files .form-status').textContent(),
    'This file is not JSON. Choose a file made with “Save settings to a file”.');
  assert.equal(await page.locator('ltv-calculator #set-margin').inputValue(), '30');
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), true, 'no sideways scroll');
  await assertAccessible(page, 'comparison and settings file on a phone in English');
}));
