// Shared set-up of the end-to-end tests: headless Debian Chromium driven by playwright-core,
// pages opened from file://, every request and console message recorded so that each test can
// assert "no network" and "no console errors"; axe-core for the accessibility check of each step;
// screenshots at desktop and phone width in tests/e2e/artifacts/ (git-ignored).
import { chromium } from 'playwright-core';
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const dist = join(root, 'dist');
export const fixture = (name) => join(root, 'tests', 'fixtures', name);
export const distUrl = (name) => pathToFileURL(join(dist, name)).href;
export const artifacts = join(root, 'tests', 'e2e', 'artifacts');
mkdirSync(artifacts, { recursive: true });

export async function launch(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
  });
}

/**
 * A new page that records what must never happen: a request that is not file:, data: or blob:,
 * a console error, an uncaught exception.
 */
export async function openPage(browser, { locale = 'ja-JP', viewport = { width: 1280, height: 900 }, context: shared } = {}) {
  const context = shared || await browser.newContext({ locale, viewport, timezoneId: 'Asia/Tokyo', acceptDownloads: true });
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

/** Both checks every test ends with. */
export function assertClean({ network, errors }) {
  assert.deepEqual(network, [], 'no network request');
  assert.deepEqual(errors, [], 'no console error');
}

/**
 * Nothing of the customers' data is kept on the machine: what the page stored (localStorage)
 * holds header texts and choices only, never a cell of a data row: no e-mail address, no date,
 * no amount with a currency sign.
 */
export async function assertNothingKept(page) {
  if (page.isClosed()) return;
  const stored = await page.evaluate(() => {
    try {
      return Object.entries(localStorage).map(([k, v]) => `${k}=${v}`).join('\n');
    } catch {
      return '';
    }
  }).catch(() => '');
  assert.doesNotMatch(stored, /[^\s@"]+@[^\s@"]+\.[a-z]{2,}/i, 'no e-mail address in localStorage');
  assert.doesNotMatch(stored, /(19|20)\d\d[-/年]\d{1,2}[-/月]\d{1,2}/, 'no date in localStorage');
  assert.doesNotMatch(stored, /[¥￥$€£]\s?\d/, 'no amount in localStorage');
}

/**
 * One Chromium for the tests of a file: launched before the first, closed after the last.
 * `onPage(url, [options], body)` is a test's usual frame: a new page (openPage's `options`) on
 * dist/`url` (null: the body opens what it needs), `body({page, context, network, errors})`, then
 * assertClean and the context closed.
 * @param {string[]} [extraArgs] Chromium flags
 */
export function useChromium(extraArgs = []) {
  let browser = null;
  before(async () => {
    browser = await launch(extraArgs);
  });
  after(async () => {
    await browser?.close();
  });
  return {
    get browser() {
      return browser;
    },
    async onPage(url, options, body) {
      if (typeof options === 'function') [options, body] = [{}, options];
      const session = await openPage(browser, options);
      if (url) await session.page.goto(distUrl(url));
      await body(session);
      await assertNothingKept(session.page);
      assertClean(session);
      await session.context.close();
    },
  };
}

/** Runs `fn(root, arg)` in the page with the element's shadow root (fn is sent as its source). */
export function inShadow(page, fn, arg) {
  return page.evaluate(([f, a]) => new Function('root', 'arg', `return (${f})(root, arg)`)(document.querySelector('ltv-calculator').shadowRoot, a),
    [fn.toString(), arg]);
}

/** Clicks a button that downloads a file; returns the file's name and bytes. */
export async function download(page, click) {
  const [d] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: d.suggestedFilename(), bytes: readFileSync(await d.path()) };
}

export async function shot(page, name) {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

/**
 * Screenshots at desktop (1280 px) and phone (375 px) width; at phone width the page must not
 * scroll sideways (wide tables scroll inside their own region).
 */
export async function shots(page, name) {
  const desktop = page.viewportSize();
  await page.screenshot({ path: join(artifacts, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize({ width: 375, height: 812 });
  await page.waitForTimeout(150); // charts follow their box (ResizeObserver)
  const [scrollWidth, width] = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
  await page.screenshot({ path: join(artifacts, `${name}-phone.png`), fullPage: true });
  await page.setViewportSize(desktop);
  await page.waitForTimeout(50);
  assert.ok(scrollWidth <= width, `${name}: no sideways scroll at 375 px (page is ${scrollWidth} px wide)`);
}

const axeSource = readFileSync(join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/**
 * Runs axe-core on the whole document (open shadow roots included). The source is injected with
 * evaluate, which runs outside the page's CSP (a <script> tag would be refused).
 * @returns {Promise<Array<{id: string, impact: string, help: string, nodes: string[]}>>}
 */
export async function axeViolations(target, { iframes = true } = {}) {
  if (!(await target.evaluate(() => typeof window.axe === 'object'))) await target.evaluate(axeSource);
  return target.evaluate(async (iframes) => {
    const r = await window.axe.run(document, { resultTypes: ['violations'], iframes });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${JSON.stringify(n.target)} ${n.failureSummary || ''}`.slice(0, 300)) }));
  }, iframes);
}

export async function assertAccessible(target, label, options) {
  const violations = await axeViolations(target, options);
  assert.deepEqual(violations, [], `axe on ${label}`);
}

/** The text of each KPI card's value, by id. */
export async function kpis(page, scope = 'ltv-calculator') {
  return page.$$eval(`${scope} .kpi`, (cards) =>
    Object.fromEntries(cards.map((c) => [c.dataset.kpi, c.querySelector('.value').textContent])));
}

/** Chooses a file in the element's file input and waits for the import check. */
export async function chooseFile(page, file, scope = 'ltv-calculator') {
  await page.locator(`${scope} input[type=file]`).setInputFiles(file);
  await page.locator(`${scope} #check`).waitFor();
}

/** Presses 分析する (or Analyse) and waits until every section of the dashboard is on screen. */
export async function openDashboard(page, scope = 'ltv-calculator') {
  await page.locator(`${scope} #analyze-button`).click();
  await page.locator(`${scope} .step-body[data-complete]`).waitFor();
}

/** The cells' text of every body row of a table. */
export async function tableRows(page, selector) {
  return page.$$eval(`${selector} tbody tr`, (trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent)));
}

/**
 * Screenshots of one part of the page (its full height) at desktop (1280 px) and phone (375 px)
 * width, as `${name}-desktop.png` and `${name}-phone.png`; at phone width the page must not scroll
 * sideways, and a table wider than its scroll region keeps its caption in the region's view.
 */
export async function sectionShots(page, selector, name) {
  const desktop = page.viewportSize();
  for (const [width, suffix] of [[1280, 'desktop'], [375, 'phone']]) {
    await page.setViewportSize({ width, height: 900 });
    const target = page.locator(selector);
    await target.scrollIntoViewIfNeeded();
    await page.waitForTimeout(300); // charts follow their box (ResizeObserver)
    const box = await target.boundingBox();
    const [scrollY, scrollWidth, inner] = await page.evaluate(() => [window.scrollY, document.documentElement.scrollWidth, innerWidth]);
    await page.screenshot({ path: join(artifacts, `${name}-${suffix}.png`), fullPage: true,
      clip: { x: 0, y: box.y + scrollY, width, height: box.height } });
    if (suffix === 'phone') {
      assert.ok(scrollWidth <= inner, `${name}: no sideways scroll at 375 px (page is ${scrollWidth} px wide)`);
      const cut = await target.evaluate((el) => [...el.querySelectorAll('.table-wrap > table > caption')]
        .filter((c) => c.getBoundingClientRect().right > c.closest('.table-wrap').getBoundingClientRect().right + 1)
        .map((c) => c.textContent));
      assert.deepEqual(cut, [], `${name}: captions cut at 375 px`);
    }
  }
  await page.setViewportSize(desktop);
  await page.waitForTimeout(50);
}
