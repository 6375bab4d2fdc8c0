// Opens LTV packs in dist/ltv.html (file://, headless Chromium) and times "files chosen →
// dashboard complete" (read, merged, analysed, every section drawn) and the first table page.
// Usage: node bench/pack_page.mjs PACK… (after ./build.sh)
import { launch, openPage, distUrl } from '../tests/e2e/browser.mjs';

const files = process.argv.slice(2);
const browser = await launch();
try {
  const { page, network, errors } = await openPage(browser);
  await page.goto(distUrl('ltv.html'));
  await page.locator('ltv-calculator input[type=file]').waitFor({ state: 'attached' });
  const started = Date.now();
  await page.locator('ltv-calculator input[type=file]').setInputFiles(files);
  await page.locator('ltv-calculator .step-body[data-complete]').waitFor({ timeout: 600_000 });
  const ms = Date.now() - started;
  const source = await page.locator('ltv-calculator .dash-head .source').textContent();
  const timing = await page.evaluate(() => document.querySelector('ltv-calculator').report?.timing);
  console.log(JSON.stringify({ files, dashboardMs: ms, source, timing, network: network.length, errors }));
} finally {
  await browser.close();
}
