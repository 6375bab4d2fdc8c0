// 回収期間 continued by the forecast (issue 16: "months not yet observed continued from the BG/NBD
// and Gamma-Gamma expectation and marked 予測"), read through the built page on the shipped sample
// (build/sample.csv, 782 customers, a cost column; analysis date 2024-12-30, the last order day).
//
// The expected figures are the native core's, printed by
//   cargo run --release --example payback_forecast -- build/sample.csv 4000
// (the page's forecast: every model checked on the holdout, Pareto/NBD chosen, observed to the
// analysis date; each 予測 step = [Σ gross profit of the row's customers in their first d days up
// to the analysis date + Σ over the windows past it of E[purchases in (analysis date, first + d −
// 1]] × Gamma-Gamma spend × the shop's profit ÷ revenue] ÷ the row's customers), rounded to the
// yen as the page shows money. E.g. 全コホート: 3,522.30, 3,939.35, 4,281.18 (≥ CPA 4,000: paid
// back at 90 days, 予測), …, 8,120.04 at 720 days; 2024-11: 30 days observed 3,691.43 (every
// window closed), 60 days 予測 4,623.84 ≥ 4,000; 2023-11 fully observed to 690 days, paid back at
// 90 on observed figures. JA and EN, axe clean, no network, no console error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useChromium, openDashboard, tableRows, download, assertAccessible, sectionShots } from './browser.mjs';

const chromium = useChromium();

async function sampleDashboard(page, button) {
  await page.getByRole('button', { name: button }).click();
  await page.locator('ltv-calculator #check').waitFor();
  await openDashboard(page);
  await page.locator('ltv-calculator #forecast[data-state=done]').waitFor({ timeout: 90_000 });
}

/** The payback table's rows, once the forecast's 予測 is in it. */
async function rows(page) {
  await page.locator('ltv-calculator #payback td.predicted').first().waitFor({ timeout: 30_000 });
  return tableRows(page, 'ltv-calculator #payback .payback-table:not(:has(#payback-channel-caption))');
}

test('回収期間 is continued by the forecast: 予測 cells in italics with a text marker, the payback month marked 予測 (JA)', () => chromium.onPage('ltv.html', async ({ page }) => {
  await sampleDashboard(page, 'サンプルデータで試す');
  await page.locator('ltv-calculator #dash-calc input[name=acquisitionCost]').fill('4000');
  await page.getByRole('button', { name: 'この条件で再計算' }).click();
  await page.waitForFunction(() => document.querySelector('ltv-calculator').shadowRoot
    .querySelector('#payback-basis')?.textContent.includes('CPA ￥4,000'));
  const table = await rows(page);
  const row = (month) => table.find((r) => r[0] === month);
  // Label, customers, 24 steps (30 … 720 days), payback.
  assert.deepEqual([...row('全コホート').slice(0, 5), row('全コホート')[25], row('全コホート')[26]],
    ['全コホート', '782', '￥3,522予測', '￥3,939予測', '￥4,281予測', '￥8,120予測', '90日予測']);
  assert.deepEqual([...row('2024-12').slice(0, 6), row('2024-12')[25], row('2024-12')[26]],
    ['2024-12', '22', '￥3,489予測', '￥3,907予測', '￥4,286予測', '￥4,632予測', '￥8,479予測', '90日予測']);
  assert.deepEqual([...row('2024-11').slice(0, 6), row('2024-11')[25], row('2024-11')[26]],
    ['2024-11', '21', '￥3,691', '￥4,624予測', '￥5,158予測', '￥5,646予測', '￥11,069予測', '60日予測']);
  assert.deepEqual([...row('2023-11').slice(0, 6), row('2023-11')[25], row('2023-11')[26]],
    ['2023-11', '21', '￥3,413', '￥3,516', '￥4,191', '￥4,191', '￥7,818予測', '90日']);
  // The style: italic, the marker a text span; the payback cell framed as before.
  const cell = page.locator('ltv-calculator #payback tr[data-month="2024-11"] td[data-days="60"]');
  assert.equal(await cell.evaluate((td) => getComputedStyle(td).fontStyle), 'italic');
  assert.equal(await cell.locator('small').textContent(), '予測');
  assert.match(await cell.getAttribute('class'), /payback-hit/);
  assert.equal(await page.locator('ltv-calculator #payback tr[data-month="2023-11"] td[data-days="30"]')
    .evaluate((td) => getComputedStyle(td).fontStyle), 'normal');
  assert.match(await page.locator('ltv-calculator #payback-predicted').textContent(), /^斜体の「予測」は/);
  // By channel, each against the shop's CPA: メルマガ paid back at 60 days on the 予測.
  const channels = await tableRows(page, 'ltv-calculator #payback .payback-table:has(#payback-channel-caption)');
  assert.equal(channels.find((r) => r[0] === 'メルマガ').at(-1), '60日予測');
  // The CSV is the table as shown: a row a step, the exact amounts, 予測 and 回収 marked.
  const file = await download(page, () => page.getByRole('button', { name: '回収期間 をCSVで書き出す' }).click());
  assert.equal(file.name, '分析表_回収期間_2024-12-30.csv');
  const lines = file.bytes.subarray(3).toString('utf8').split('\r\n');
  assert.equal(lines[0], '区分,初回購入月・流入元,新規顧客数,CPA,経過日数,1人あたり累計粗利,予測,回収');
  assert.deepEqual(lines.slice(1, 4), ['全体,全コホート,782,4000,30,3522.3,予測,', '全体,全コホート,782,4000,60,3939.35,予測,',
    '全体,全コホート,782,4000,90,4281.18,予測,回収']);
  assert.equal(lines[24], '全体,全コホート,782,4000,720,8120.04,予測,');
  const nov = lines.filter((l) => l.startsWith('初回購入月,2024-11,'));
  assert.deepEqual(nov.slice(0, 2), ['初回購入月,2024-11,21,4000,30,3691.43,,', '初回購入月,2024-11,21,4000,60,4623.84,予測,回収']);
  assert.equal(lines.filter((l) => l.startsWith('流入元,メルマガ,')).length, 24);
  await assertAccessible(page, 'payback with 予測 (JA)');
  // On a phone the tables scroll inside their region; their captions stay in view, wrapped.
  await sectionShots(page, 'ltv-calculator #payback', 'payback-forecast');
}));

test('回収期間 予測 in English: the same figures marked “forecast”', () => chromium.onPage('ltv.html', { locale: 'en-US' }, async ({ page }) => {
  await sampleDashboard(page, 'Try the sample data');
  const all = (await rows(page)).find((r) => r[0] === 'All cohorts');
  assert.deepEqual(all.slice(0, 5), ['All cohorts', '782', '¥3,522forecast', '¥3,939forecast', '¥4,281forecast']);
  assert.equal(all[26], '—', 'no CPA entered: no payback');
  assert.match(await page.locator('ltv-calculator #payback-predicted').textContent(), /^Italic “forecast”: the model’s expectation/);
  await assertAccessible(page, 'payback with forecast (EN)');
}));
