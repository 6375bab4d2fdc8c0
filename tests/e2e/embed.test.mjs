// Every way to use the tool: the blog widget (two independent widgets, one calculator-only, events
// to the page, styles isolated both ways, the script loaded twice), the sandboxed iframe for
// blogs with a strict CSP, and the single HTML file on its own, offline. All from file://.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  useChromium, distUrl, dist, fixture, kpis, chooseFile, openDashboard, shots, assertAccessible,
} from './browser.mjs';

const chromium = useChromium();

test('a blog page with two widgets: calculator-only and full, independent, with events', () => chromium.onPage(null, async ({ page }) => {
  await page.addInitScript(() => {
    window.__events = [];
    for (const type of ['ltv-levers', 'ltv-result', 'ltv-error']) {
      document.addEventListener(type, (e) => window.__events.push({ type, from: e.target.id, composed: e.composed, bubbles: e.bubbles,
        source: e.detail?.source, ltv: e.detail?.result?.revenueLtv, customers: e.detail?.overview?.customers }));
    }
  });
  await page.goto(distUrl('widget-demo.html'));
  const only = '#calculator-only';
  await page.locator(`${only} [data-figure=revenueLtv]`).waitFor();
  // Calculator-only: no drop zone, no steps; the margin attribute fills 粗利率.
  assert.equal(await page.locator(`${only} .drop`).count(), 0);
  assert.equal(await page.locator(`${only} .steps`).count(), 0);
  assert.equal(await page.locator(`${only} input[name=grossMarginPercent]`).inputValue(), '35');
  assert.equal(await page.locator(`${only} [data-figure=grossProfitLtv] .value`).textContent(), '￥10,500'); // 30,000 × 35 %
  assert.equal(await page.locator('#full input[name=grossMarginPercent]').inputValue(), '40');
  await page.locator(`${only} input[name=averageOrderValue]`).fill('6000');
  await page.waitForFunction(() => document.querySelector('#calculator-only').shadowRoot.querySelector('[data-figure=revenueLtv] .value').textContent === '￥36,000');
  assert.equal(await page.locator('#full [data-figure=revenueLtv] .value').textContent(), '￥30,000', 'the other widget keeps its own state');
  const levers = await page.evaluate(() => window.__events.filter((e) => e.type === 'ltv-levers'));
  assert.deepEqual(levers.at(-1), { type: 'ltv-levers', from: 'calculator-only', composed: true, bubbles: true, source: 'calculator', ltv: '36000', customers: undefined });
  assert.ok(levers.some((e) => e.from === 'full' && e.source === 'landing'));

  // The full widget reads a file; the calculator-only one is untouched; the page hears ltv-result.
  await chooseFile(page, fixture('orders_basic.csv'), '#full');
  await openDashboard(page, '#full');
  assert.equal((await kpis(page, '#full')).customers, '3');
  const result = await page.evaluate(() => window.__events.find((e) => e.type === 'ltv-result'));
  assert.deepEqual(result, { type: 'ltv-result', from: 'full', composed: true, bubbles: true, source: undefined, ltv: undefined, customers: 3 });
  assert.equal(await page.locator(`${only} [data-figure=revenueLtv] .value`).textContent(), '￥36,000');
  assert.match(await page.locator('#events').textContent(), /ltv-result from #full: 3 customers, revenue 13700/);

  // Styles do not leak in (the blog's red Comic Sans buttons) nor out (the blog's paragraphs).
  const color = await page.$eval('#full', (el) => getComputedStyle(el.shadowRoot.querySelector('.button.primary')).color);
  assert.equal(color, 'rgb(255, 255, 255)');
  const font = await page.$eval('#full', (el) => getComputedStyle(el.shadowRoot.querySelector('.kpi .value')).fontFamily);
  assert.ok(!/Comic/.test(font), font);
  assert.equal(await page.$eval('article > p', (p) => getComputedStyle(p).color), 'rgb(170, 0, 0)');

  // In the blog's ~720 px column on a 1280 px window the widget takes its narrow layout from its
  // own width: the calculator in one column, the segment table's rows as cards, no table wider
  // than its region (the window alone would have given the desktop layout).
  const layout = await page.$eval('#full', (el) => {
    const root = el.shadowRoot;
    const wraps = [...root.querySelectorAll('.table-wrap')].filter((w) => w.querySelector('table.stack'));
    return {
      width: Math.round(root.querySelector('.ltv').getBoundingClientRect().width),
      calcColumns: getComputedStyle(root.querySelector('.calc-grid')).gridTemplateColumns.split(' ').length,
      segmentRow: getComputedStyle(root.querySelector('[data-segment]')).display,
      clipped: wraps.filter((w) => w.scrollWidth > w.clientWidth + 1).length,
      stacked: wraps.length,
    };
  });
  assert.ok(layout.width < 800, `widget width ${layout.width}`);
  assert.equal(layout.calcColumns, 1);
  assert.equal(layout.segmentRow, 'grid');
  assert.ok(layout.stacked >= 2, `${layout.stacked} stack tables`);
  assert.equal(layout.clipped, 0);

  // Loading the script again, or defining again, is harmless.
  await page.evaluate(() => new Promise((resolve) => {
    const s = document.createElement('script');
    s.src = 'ltv-widget.js';
    s.onload = resolve;
    document.body.append(s);
  }));
  assert.equal(await page.evaluate(() => LtvCalculator.define() === customElements.get('ltv-calculator')), true);
  assert.equal((await kpis(page, '#full')).customers, '3');
  await assertAccessible(page, 'blog page with two widgets');
  await shots(page, 'embed-widgets');
}));

test('the blog widget on a 375 px phone in English: one column, rows as cards, nothing clipped, no sideways scroll', () => chromium.onPage(null, { locale: 'en-US', viewport: { width: 375, height: 800 } }, async ({ page }) => {
  await page.goto(distUrl('widget-demo.html'));
  await page.locator('#full [data-figure=revenueLtv]').waitFor();
  assert.equal(await page.$eval('#full', (el) => el.language), 'en');
  await chooseFile(page, fixture('orders_basic.csv'), '#full');
  await openDashboard(page, '#full');
  assert.equal((await kpis(page, '#full')).customers, '3');
  assert.equal(await page.locator('#full #results-title').textContent(), 'Results');
  const layout = await page.$eval('#full', (el) => {
    const root = el.shadowRoot;
    const wraps = [...root.querySelectorAll('.table-wrap')].filter((w) => w.querySelector('table.stack'));
    return {
      calcColumns: getComputedStyle(root.querySelector('.calc-grid')).gridTemplateColumns.split(' ').length,
      segmentRow: getComputedStyle(root.querySelector('[data-segment]')).display,
      nav: (({ scrollWidth, clientWidth, offsetHeight }) => ({ scrolls: scrollWidth > clientWidth, height: offsetHeight }))(root.querySelector('.nav-groups')),
      clipped: wraps.filter((w) => w.scrollWidth > w.clientWidth + 1).length,
      stacked: wraps.length,
      label: root.querySelector('table.stack td[data-label]')?.dataset.label,
    };
  });
  assert.equal(layout.calcColumns, 1);
  assert.equal(layout.segmentRow, 'grid');
  // The grouped navigation is one row that scrolls sideways, not half a screen of chips.
  assert.equal(layout.nav.scrolls, true);
  assert.ok(layout.nav.height < 80, `navigation ${layout.nav.height} px high`);
  assert.ok(layout.stacked >= 2, `${layout.stacked} stack tables`);
  assert.equal(layout.clipped, 0);
  assert.match(layout.label, /^[\x20-\x7e]+$/, `an English column label on the cards: ${layout.label}`);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), true, 'no sideways scroll');
  await assertAccessible(page, 'blog widget on a phone in English');
}));

test('the sandboxed iframe works from file:// under the blog\'s strict CSP, and sizes itself', () => chromium.onPage('iframe-demo.html', async ({ page }) => {
  const frame = page.frameLocator('#ltv-frame');
  await frame.getByRole('button', { name: 'サンプルデータで試す' }).click();
  await frame.locator('ltv-calculator #check').waitFor();
  await frame.locator('ltv-calculator #analyze-button').click();
  await frame.locator('ltv-calculator .step-body[data-complete]').waitFor();
  assert.equal(await frame.locator('ltv-calculator [data-kpi=customers] .value').textContent(), '782');
  // The frame told the page its height (nothing else crosses the frame).
  await page.waitForFunction(() => parseInt(document.getElementById('ltv-frame').style.height, 10) > 2000);
  const inner = page.frames().find((f) => f !== page.mainFrame());
  assert.equal(await inner.evaluate(() => origin), 'null', 'an opaque origin: the frame cannot reach the blog');
  await assertAccessible(page, 'iframe page', { iframes: false });
  await assertAccessible(inner, 'inside the iframe', { iframes: false });
  await shots(page, 'embed-iframe');

  // The minimal form from the README, sandbox="allow-scripts" only, also works.
  const min = join(dist, '_test-iframe-min.html');
  writeFileSync(min, '<!doctype html><html lang="ja"><title>t</title><iframe title="LTV" sandbox="allow-scripts" src="ltv.html" style="width:100%;height:800px"></iframe>');
  try {
    await page.goto(pathToFileURL(min).href);
    const f = page.frameLocator('iframe');
    await f.locator('ltv-calculator input[type=file]').setInputFiles(fixture('orders_basic.csv'));
    await f.locator('ltv-calculator #analyze-button').click();
    await f.locator('ltv-calculator .step-body[data-complete]').waitFor();
    assert.equal(await f.locator('ltv-calculator [data-kpi=revenue] .value').textContent(), '￥13,700');
  } finally {
    rmSync(min);
  }
}));

test('the single HTML file works on its own, copied anywhere, offline', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ltv-offline-'));
  try {
    copyFileSync(join(dist, 'ltv.html'), join(dir, '顧客分析.html'));
    await chromium.onPage(null, async ({ page, context }) => {
      await context.setOffline(true);
      await page.goto(pathToFileURL(join(dir, '顧客分析.html')).href);
      await page.getByRole('button', { name: 'サンプルデータで試す' }).click();
      await page.locator('ltv-calculator #check').waitFor();
      await openDashboard(page);
      assert.equal((await kpis(page)).customers, '782');
      assert.equal(await page.locator('ltv-calculator #cohorts canvas').count(), 1);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
