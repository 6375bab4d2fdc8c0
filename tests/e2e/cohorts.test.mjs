// Issue 14, the cohort chart: the 全コホート平均 line never falls where fewer cohorts reach the later
// months (it adds up each period's revenue per customer of the cohorts observed, weighted by
// customers) and stops where fewer than a settable share of customers are observed; cohorts by
// month, quarter or year; every line differs by colour and dash, with a legend. JA and EN,
// desktop and 375 px, axe clean, no network, no console error.
//
// tests/fixtures/orders_cohorts.csv, analysis date 2024-04-30 (April complete), by hand:
//   Jan: J1 ¥1,000.  Feb: F1 ¥1,000 (+ ¥3,000 in March), F2 ¥1,000.
//   Mar: M1 ¥1,000 (+ ¥5,000 in April), M2, M3 ¥1,000.  Apr: A1–A4 ¥1,000.
//   month 0: 10 customers, ¥10,000 → ¥1,000.
//   month 1: Jan + Feb + Mar observed (6 customers, 60 %), ¥0 + ¥3,000 + ¥5,000 → ¥1,333.33; ¥2,333.33.
//   month 2: Jan + Feb (3 customers, 30 %), ¥0 → still ¥2,333.33 — pooling the cumulative figures
//            would give (¥1,000 + ¥5,000) ÷ 3 = ¥2,000 there, a fall. Below 50 %: not drawn by default.
//   by quarter: Q1 (6 customers) has only quarter 0 complete: ¥9,000 ÷ 6 = ¥1,500.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useChromium, distUrl, fixture, chooseFile, openDashboard, shots, tableRows, assertAccessible, inShadow } from './browser.mjs';

const chromium = useChromium();

const curve = (page) => tableRows(page, 'ltv-calculator #cohorts .curve-wrap');

/** Changes a setting of the cohort section and waits for the re-run analysis to be drawn. */
async function choose(page, id, value, until) {
  await page.locator(`ltv-calculator #${id}`).selectOption(value);
  await page.waitForFunction(([sel, v]) => document.querySelector('ltv-calculator').shadowRoot.querySelector(sel)?.value === v
    && document.querySelector('ltv-calculator').shadowRoot.querySelector('.step-body[data-complete]'), [`#${id}`, value]);
  await page.waitForFunction((u) => document.querySelector('ltv-calculator').shadowRoot.querySelector(u), until);
  await inShadow(page, (root) => root.querySelectorAll('#cohorts details').forEach((d) => { d.open = true; }));
}

/** The legend's lines: [label, colour, dash] each. */
const legend = (page) => page.$$eval('ltv-calculator #cohorts .legend li', (lis) => lis.map((li) => {
  const line = li.querySelector('line');
  return [li.textContent, line.getAttribute('stroke'), line.getAttribute('stroke-dasharray') || 'solid'];
}));

test('the all-cohorts line never falls and stops below the observed share; monthly, quarterly, yearly (JA)', () => chromium.onPage('ltv.html', async ({ page }) => {
  await chooseFile(page, fixture('orders_cohorts.csv'));
  await openDashboard(page);
  await inShadow(page, (root) => root.querySelectorAll('#cohorts details').forEach((d) => { d.open = true; }));
  assert.deepEqual(await curve(page), [
    ['0 か月後', '4', '10', '100%', '100.0%', '￥1,000', '￥1,000'],
    ['1 か月後', '3', '6', '60%', '33.3%', '￥1,333', '￥2,333'],
  ]);
  assert.equal(await page.locator('ltv-calculator #cohorts-few').textContent(),
    '観測できる顧客が最初の期間の50%未満になるところで、全コホート平均の線を止めています(その先は古いコホートだけの平均になるため)。');
  assert.match(await page.locator('ltv-calculator #cohorts-average-how').textContent(), /平均の線は下がりません/);
  // Every line differs by colour and by dash, and the legend names each.
  const lines = await legend(page);
  assert.equal(lines[0][0], '全コホート平均');
  assert.deepEqual(lines.slice(1).map((l) => l[0]), ['2024年1月(初回 1 人)', '2024年2月(初回 2 人)', '2024年3月(初回 3 人)']);
  assert.equal(new Set(lines.map((l) => l[1])).size, lines.length, 'distinct colours');
  assert.equal(new Set(lines.map((l) => l[2])).size, lines.length, 'distinct dashes');
  assert.equal(await page.locator('ltv-calculator #cohorts canvas').count(), 1);
  await assertAccessible(page, 'cohorts by month');

  // Drawn while 25 % are observed: month 2 (30 %) joins, flat, not falling.
  await choose(page, 'cohort-share', '0.25', '#cohorts .curve-wrap tr[data-offset="2"]');
  const rows = await curve(page);
  assert.deepEqual(rows[2], ['2 か月後', '2', '3', '30%', '0.0%', '￥0', '￥2,333']);
  const values = rows.map((r) => Number(r[6].replace(/[^\d]/g, '')));
  assert.ok(values.every((v, k) => k === 0 || v >= values[k - 1]), `never falls: ${values}`);
  assert.equal(await page.locator('ltv-calculator #cohort-share').inputValue(), '0.25');

  // By quarter: Q1 and Q2; only Q1's first quarter is over.
  await choose(page, 'cohort-period', 'quarter', '#cohorts tr[data-cohort="2024-Q1"]');
  assert.deepEqual(await curve(page), [['0 四半期後', '1', '6', '100%', '100.0%', '￥1,500', '￥1,500']]);
  const heat = await page.$$eval('ltv-calculator #cohorts .cohort-heat tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.deepEqual(heat, [['2024年 第1四半期', '6', '100%', '17%*'], ['2024年 第2四半期', '4', '100%*', '']]);
  assert.equal(await page.locator('ltv-calculator #cohorts figure.chart .plot').getAttribute('aria-label'),
    '初回購入からの経過ごとの1人あたり累計売上. 全コホート平均で 0 四半期後に ￥1,500');
  // By year: 2024 is not over, so no average yet (the cohort's own row says so with *).
  await choose(page, 'cohort-period', 'year', '#cohorts tr[data-cohort="2024"]');
  assert.deepEqual(await curve(page), []);
  assert.deepEqual(await page.$$eval('ltv-calculator #cohorts .cohort-heat tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent))),
    [['2024年', '10', '100%*']]);
  await choose(page, 'cohort-period', 'month', '#cohorts tr[data-cohort="2024-01"]');
  await assertAccessible(page, 'cohorts after the settings');
  await shots(page, 'cohorts-1-month');
}));

test('cohorts in English, by quarter, at phone width', () => chromium.onPage(null, { locale: 'en-US' }, async ({ page }) => {
  await page.goto(distUrl('ltv.html'));
  await page.getByRole('button', { name: 'Try the sample data' }).click();
  await page.locator('ltv-calculator #check').waitFor();
  await openDashboard(page);
  await choose(page, 'cohort-period', 'quarter', '#cohorts tr[data-cohort="2022-Q1"]');
  assert.equal(await page.locator('ltv-calculator #cohorts tr[data-cohort="2022-Q1"] th').textContent(), 'Q1 2022');
  const rows = await curve(page);
  assert.equal(rows[0][0], 'quarter 0');
  const values = rows.map((r) => Number(r[6].replace(/[^\d.]/g, '')));
  assert.ok(values.every((v, k) => k === 0 || v >= values[k - 1]), `never falls: ${values}`);
  assert.ok(rows.every((r) => Number(r[3].replace('%', '')) >= 50), 'stops below 50 % observed');
  const lines = await legend(page);
  assert.equal(new Set(lines.map((l) => `${l[1]} ${l[2]}`)).size, lines.length);
  assert.equal(new Set(lines.map((l) => l[2])).size, lines.length, 'distinct dashes');
  assert.match(await page.locator('ltv-calculator label[for=cohort-share]').textContent(), /Draw the average/);
  await assertAccessible(page, 'cohorts in English');
  await page.setViewportSize({ width: 375, height: 812 });
  await assertAccessible(page, 'cohorts in English at phone width');
  await page.setViewportSize({ width: 1280, height: 900 });
  await shots(page, 'cohorts-2-quarter-en');
}));
