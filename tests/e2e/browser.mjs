// Shared set-up of the end-to-end tests: headless Debian Chromium driven by playwright-core,
// pages opened from file://, every request and console message recorded so that each test can
// assert "no network" and "no console errors".
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const dist = join(root, 'dist');
export const fixture = (name) => join(root, 'tests', 'fixtures', name);
export const distUrl = (name) => pathToFileURL(join(dist, name)).href;
export const artifacts = join(root, 'tests', 'e2e', 'artifacts');
mkdirSync(artifacts, { recursive: true });

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A new page that records what must never happen: a request that is not file:, data: or blob:,
 * a console error, an uncaught exception.
 */
export async function openPage(browser, { locale = 'ja-JP', viewport = { width: 1280, height: 900 } } = {}) {
  const context = await browser.newContext({ locale, viewport, timezoneId: 'Asia/Tokyo', acceptDownloads: true });
  const page = await context.newPage();
  const network = [];
  const errors = [];
  context.on('request', (r) => {
    if (!/^(file|data|blob):/.test(r.url())) network.push(r.url());
  });
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('worker', (w) => w.on('console', (m) => m.type() === 'error' && errors.push(`worker: ${m.text()}`)));
  return { context, page, network, errors };
}

export async function shot(page, name) {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

/** The text of each KPI card's value, by id. */
export async function kpis(page) {
  return page.$$eval('.kpi', (cards) =>
    Object.fromEntries(cards.map((c) => [c.dataset.kpi, c.querySelector('.value').textContent])));
}
