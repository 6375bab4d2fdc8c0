// The main thread stays responsive while a large file is imported: the worker parses, the page only
// receives progress messages. A PerformanceObserver for 'longtask' (tasks over 50 ms) is registered
// before the import of a 100 000-row file generated at test time; none may appear until the import
// check is on screen. The dashboard is built one section per task; its long tasks are reported.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useChromium, root, openDashboard } from './browser.mjs';

const chromium = useChromium();
let dir;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'ltv-perf-'));
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

test('no main-thread long task (> 50 ms) during a 100 000-row import', (t) => chromium.onPage('ltv.html', async ({ page }) => {
  const file = join(dir, 'orders-100k.csv');
  execFileSync(process.execPath, [join(root, 'tools', 'gen-orders.mjs'), '--rows', '100000', '--format', 'bench', '--out', file], { stdio: 'ignore' });
  await page.locator('ltv-calculator #calc [data-figure=revenueLtv]').waitFor(); // wasm compiled, page settled
  await page.waitForTimeout(300);
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__long.push(Math.round(e.duration));
    }).observe({ type: 'longtask' });
  });
  const started = Date.now();
  await page.locator('ltv-calculator input[type=file]').setInputFiles(file);
  await page.locator('ltv-calculator #check').waitFor({ timeout: 120_000 });
  const importMs = Date.now() - started;
  const rows = await page.locator('ltv-calculator .facts').innerText();
  assert.match(rows, /100,000 行を読み込み/);
  await page.waitForTimeout(100);
  const duringImport = await page.evaluate(() => window.__long.splice(0));

  const shown = Date.now();
  await openDashboard(page);
  await page.locator('ltv-calculator #top table').waitFor();
  const dashboardMs = Date.now() - shown;
  await page.waitForTimeout(100);
  const duringDashboard = await page.evaluate(() => window.__long.splice(0));
  t.diagnostic(`100,000 rows (${(statSync(file).size / 1e6).toFixed(1)} MB): import check after ${importMs} ms, ` +
    `long tasks during the import: [${duringImport}] ms; dashboard in ${dashboardMs} ms, long tasks while it was built: [${duringDashboard}] ms`);
  assert.deepEqual(duringImport, [], 'no long task while importing');
}));
