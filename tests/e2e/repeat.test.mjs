// リピートと継続 on the dashboard: F2/F3 within 30…365 days and retention by year and month, as
// the core computes them (the API's figures for the same file, formatted for ja-JP).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useChromium, root, chooseFile, openDashboard, assertAccessible } from './browser.mjs';
import { join } from 'node:path';

const chromium = useChromium();

test('the repeat section shows F2/F3 by window and retention by year exactly as the core computes them', () => chromium.onPage('ltv.html', async ({ page }) => {
  const sample = join(root, 'build', 'sample.csv');
  await chooseFile(page, sample);
  await openDashboard(page);
  const m = await page.evaluate(async (text) => {
    const report = await LtvCalculator.analyze(new Blob([text]));
    report.close();
    return report.analysis.measured;
  }, readFileSync(sample, 'utf8'));
  const pct = (r) => new Intl.NumberFormat('ja-JP', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(r);
  const n = (v) => v.toLocaleString('ja-JP');
  const rows = (captionId) => page.$eval(`ltv-calculator #${captionId}`, (c) =>
    [...c.closest('table').tBodies[0].rows].map((tr) => [...tr.cells].map((cell) => cell.textContent)));
  const windows = await rows('repeat-windows-caption');
  assert.deepEqual(windows, m.repeat.windows.map((w) => [
    `${n(w.days)}日以内`, n(w.eligible), `${pct(w.f2Rate)} (${n(w.f2Customers)})`, `${pct(w.f3Rate)} (${n(w.f3Customers)})`,
  ]));
  assert.ok(m.retentionByYear.length >= 2, 'the sample spans three years');
  const years = (await rows('repeat-years-caption')).map((r) => [r[2], r[3], r[4]]);
  assert.deepEqual(years, m.retentionByYear.map((p) => [n(p.activePrevious), n(p.retained), pct(p.rate)]));
  await page.locator('ltv-calculator #repeat details summary').click();
  await assertAccessible(page.locator('ltv-calculator'), 'repeat section');
}));
