// Opens LTV packs in dist/ltv.html (file://, headless Chromium) and times "files chosen →
// dashboard complete" (read, merged, analysed, every section drawn) and the first table page.
// Usage: node bench/pack_page.mjs [--settle MS] PACK… (after ./build.sh). The file is chosen
// MS (default 1000) after the drop zone shows, as a visitor's choice takes at least that: the
// page's spare worker has then run its warm-up (src/session/warm.rs); --settle 0 measures the
// file chosen at once (the second worker warms up before its range instead).
import { launch, openPage, distUrl } from '../tests/e2e/browser.mjs';

const args = process.argv.slice(2);
const at = args.indexOf('--settle');
const settle = at >= 0 ? Number(args.splice(at, 2)[1]) : 1000;
const files = args;
const browser = await launch();
try {
  const { page, network, errors } = await openPage(browser);
  await page.goto(distUrl('ltv.html'));
  await page.locator('ltv-calculator input[type=file]').waitFor({ state: 'attached' });
  await page.waitForTimeout(settle);
  const started = Date.now();
  await page.locator('ltv-calculator input[type=file]').setInputFiles(files);
  await page.locator('ltv-calculator .step-body[data-complete]').waitFor({ timeout: 600_000 });
  const ms = Date.now() - started;
  const source = await page.locator('ltv-calculator .dash-head .source').textContent();
  const timing = await page.evaluate(() => document.querySelector('ltv-calculator').report?.timing);
  console.log(JSON.stringify({ files, settleMs: settle, dashboardMs: ms, source, timing, network: network.length, errors }));
} finally {
  await browser.close();
}
