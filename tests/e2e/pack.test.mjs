// Issue 18, the LTV pack on the page: 「LTVパックを書き出す」 writes the pack of the current file
// (salted ids, no personal data); the same file chooser reads one pack, or several merged, and
// shows the figures the orders show. A broken pack is an error with its line and reason.
// tests/fixtures/orders_dashboard.csv, split at the year: 2023 and 2024 are disjoint periods.
// file://, no network, no console error, axe clean.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useChromium, fixture, chooseFile, openDashboard, kpis, download, assertAccessible } from './browser.mjs';

const chromium = useChromium();
const dir = mkdtempSync(join(tmpdir(), 'ltv-pack-'));

/** orders_dashboard.csv, whole or the orders of one year. */
function orders(year) {
  const [header, ...rows] = readFileSync(fixture('orders_dashboard.csv'), 'utf8').trimEnd().split('\n');
  const path = join(dir, `orders-${year || 'all'}.csv`);
  writeFileSync(path, [header, ...rows.filter((r) => !year || r.split(',')[1].startsWith(year))].join('\n') + '\n');
  return path;
}

/** Reads `files` with the element's file chooser (orders: through the import check). */
async function open(page, files, { pack = false } = {}) {
  if (await page.locator('ltv-calculator .step-dashboard').count()) {
    await page.getByRole('button', { name: '別のファイルを選ぶ' }).click();
  }
  if (pack) {
    await page.locator('ltv-calculator input[type=file]').setInputFiles(files);
    await page.locator('ltv-calculator .step-body[data-complete]').waitFor();
  } else {
    await chooseFile(page, files);
    await openDashboard(page);
  }
}

/** The pack of the data shown, written to disk. */
async function exportPack(page, name) {
  // A consultant's tool: with the settings, not among the report's actions in the header.
  assert.equal(await page.locator('ltv-calculator #dashboard-head #export-pack').count(), 0);
  const file = await download(page, () => page.locator('ltv-calculator #settings #export-pack').click());
  const path = join(dir, name);
  writeFileSync(path, file.bytes);
  return { ...file, path, text: file.bytes.toString('utf8') };
}

test('a pack of the orders, and two packs of its years merged, show the orders\' figures (JA)', () => chromium.onPage('ltv.html', async ({ page }) => {
  await open(page, orders());
  const want = await kpis(page);
  assert.equal(want.ltv, '￥11,500');
  const all = await exportPack(page, 'all.ltvpack.csv');
  assert.match(all.name, /^LTVパック_2024-12-31\.ltvpack\.csv$/);
  const lines = all.text.trimEnd().split('\n');
  assert.equal(lines[0], 'record,id,name,first_day,last_day,purchase_days,orders,revenue,gross_profit,revenue_first_365,channel,days,day_orders,day_revenue,day_profit,day_products');
  assert.equal(lines.filter((l) => l.startsWith('customer,')).length, 7);
  // No key, e-mail or phone of the file.
  for (const personal of ['A001', 'E005', '@example.com', '+819012345678', '=SUM']) assert.ok(!all.text.includes(personal), personal);

  // The pack alone: straight to the figures, the same.
  await open(page, all.path, { pack: true });
  assert.deepEqual(await kpis(page), want);
  assert.match(await page.locator('ltv-calculator .dash-head .source').textContent(), /^LTVパック all\.ltvpack\.csv · 1 件 · 顧客 7 人$/);
  await assertAccessible(page, 'dashboard of a pack');

  // Two years exported apart (the same salt, remembered in this browser), read together.
  await open(page, orders('2023'));
  const y2023 = await exportPack(page, '2023.ltvpack.csv');
  await open(page, orders('2024'));
  const y2024 = await exportPack(page, '2024.ltvpack.csv');
  await open(page, [y2023.path, y2024.path], { pack: true });
  assert.deepEqual(await kpis(page), want);
  assert.match(await page.locator('ltv-calculator .dash-head .source').textContent(), /· 2 件 · 顧客 7 人$/);
  // Written again, the merged pack is the pack of all the orders.
  assert.equal((await exportPack(page, 'merged.ltvpack.csv')).text, all.text);
}));

test('a pack whose total disagrees with its days, or two packs that overlap, are refused with a reason', () => chromium.onPage('ltv.html', async ({ page }) => {
  await open(page, orders());
  const all = await exportPack(page, 'all.ltvpack.csv');
  const lines = all.text.split('\n');
  const k = lines.findIndex((l) => l.startsWith('customer,'));
  const cells = lines[k].split(',');
  cells[7] = String(Number(cells[7]) + 1); // revenue one more than its days
  lines[k] = cells.join(',');
  const broken = join(dir, 'broken.ltvpack.csv');
  writeFileSync(broken, lines.join('\n'));
  await page.getByRole('button', { name: '別のファイルを選ぶ' }).click();
  await page.locator('ltv-calculator input[type=file]').setInputFiles(broken);
  const notice = page.locator('ltv-calculator #error .error-text');
  await notice.waitFor();
  assert.match(await notice.textContent(), new RegExp(`LTVパックとして読めません: ${k + 1}行目、列「revenue」: 合計が日ごとの値と合いません`));
  await page.locator('ltv-calculator input[type=file]').setInputFiles([all.path, all.path]);
  await page.waitForFunction(() => /重なっています: 7人/.test(document.querySelector('ltv-calculator').shadowRoot.querySelector('#error .error-text')?.textContent || ''));
  await assertAccessible(page, 'pack error');
}));

test('the pack export and its salt in English', () => chromium.onPage('ltv.html', { locale: 'en-US' }, async ({ page }) => {
  await page.locator('ltv-calculator input[type=file]').setInputFiles(orders());
  await page.locator('ltv-calculator #check').waitFor();
  await openDashboard(page);
  assert.equal(await page.locator('ltv-calculator #export-pack').textContent(), 'Export an LTV pack');
  await page.locator('ltv-calculator .pack-salt summary').click();
  const salt = await page.locator('ltv-calculator #pack-salt').inputValue();
  assert.match(salt, /^[a-z2-9]{16}$/);
  // A consultant's tool: with the settings, not among the report's actions in the header.
  assert.equal(await page.locator('ltv-calculator #dashboard-head #export-pack').count(), 0);
  const file = await download(page, () => page.locator('ltv-calculator #settings #export-pack').click());
  assert.equal(file.name, 'ltv-pack_2024-12-31.ltvpack.csv');
  await assertAccessible(page, 'pack salt (EN)');
}));

/** The CDNOW sample (2,357 customers, 1997-01..1998-06) as an order file. */
function cdnowOrders() {
  const rows = readFileSync(fixture('CDNOW_sample.txt'), 'utf8').trim().split('\n').map((l) => {
    const [id, , d, , amount] = l.trim().split(/\s+/);
    return `${id},${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)},${amount}`;
  });
  const path = join(dir, 'cdnow-orders.csv');
  writeFileSync(path, ['customer_id,order_date,amount', ...rows].join('\n') + '\n');
  return path;
}

const heatRows = (page) => page.$$eval('ltv-calculator .cohort-heat tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));

test('an aggregates-only pack shows the cohorts and the forecast, and says what needs customer rows (JA)', () => chromium.onPage('ltv.html', async ({ page }) => {
  await open(page, cdnowOrders());
  await page.locator('ltv-calculator .cohort-heat tbody tr').first().waitFor();
  const heat = await heatRows(page);
  assert.equal(heat.length, 3); // January to March 1997
  // 集計表のみ, k = 10.
  await page.locator('ltv-calculator #pack-content').selectOption('aggregates');
  await page.locator('ltv-calculator #pack-k').fill('10');
  const file = await download(page, () => page.locator('ltv-calculator #settings #export-pack').click());
  assert.equal(file.name, 'LTVパック_集計のみ_1998-06-30.ltvpack.csv');
  const text = file.bytes.toString('utf8');
  assert.ok(!text.split('\n').some((l) => l.startsWith('customer,')), 'no customer row');
  assert.match(text, /\nmeta,version,2,/);
  assert.match(text, /\nmeta,agg_k,10,/);
  assert.match(text, /\nmeta,customer_rows,no,/);
  for (const key of ['00004', '00018', '23570']) assert.ok(!text.includes(`,${key},`), key);
  const path = join(dir, 'aggregates.ltvpack.csv');
  writeFileSync(path, file.bytes);

  await open(page, path, { pack: true });
  await page.locator('ltv-calculator #forecast[data-state=done]').waitFor({ timeout: 120_000 });
  assert.match(await page.locator('ltv-calculator .dash-head .as-of').textContent(), /^集計のみのLTVパック: 1998\/06\/30 時点、顧客 2,357 人\(k = 10\)$/);
  // What needs customer rows says so, in words, never as zeros.
  assert.match(await page.locator('ltv-calculator #aggregates-notice .needs-rows').textContent(), /顧客行が必要なため、このパックでは表示できません/);
  assert.match(await page.locator('ltv-calculator #customers-needs-rows').textContent(), /^顧客一覧には顧客行が必要です/);
  for (const absent of ['#kpis', '#rfm', '#deciles', '#this-week', '.customers-card table']) {
    assert.equal(await page.locator(`ltv-calculator ${absent}`).count(), 0, absent);
  }
  // The cohorts from the cube: the orders' retention table, cell for cell (no cell under k).
  await page.locator('ltv-calculator .cohort-heat tbody tr').first().waitFor();
  assert.deepEqual(await heatRows(page), heat);
  assert.match(await page.locator('ltv-calculator #cohorts-from-pack').textContent(), /k = 10\).*\(0個\)/);
  // The forecast, fitted on the weighted table: real figures.
  const cards = await page.$$eval('ltv-calculator #forecast .fc-kpis .kpi', (cs) => Object.fromEntries(cs.map((c) => [c.dataset.kpi, c.querySelector('.value').textContent])));
  assert.match(cards.fcPurchases, /^[1-9][\d,.]*/);
  assert.match(cards.fcRevenue, /^\$[1-9][\d,.]*/);
  assert.match(cards.fcClv, /^\$[1-9][\d,.]*/);
  assert.match(await page.locator('ltv-calculator #fc-why').textContent(), /^集計のみのLTVパックには購入日がなく答え合わせができないため/);
  await assertAccessible(page, 'dashboard of an aggregates-only pack');
}));

test('aggregates-only packs of disjoint customers merge into the whole\'s cohorts; of two periods they are refused (pack_periods)', () => chromium.onPage('ltv.html', async ({ page }) => {
  const [header, ...rows] = readFileSync(cdnowOrders(), 'utf8').trimEnd().split('\n');
  const half = (parity) => {
    const path = join(dir, `cdnow-${parity}.csv`);
    writeFileSync(path, [header, ...rows.filter((r) => Number(r.split(',')[0]) % 2 === parity)].join('\n') + '\n');
    return path;
  };
  /** The aggregates-only pack (k = 1) of an order file. */
  const aggregates = async (orderFile, name) => {
    await open(page, orderFile);
    await page.locator('ltv-calculator #pack-content').selectOption('aggregates');
    await page.locator('ltv-calculator #pack-k').fill('1');
    const file = await download(page, () => page.locator('ltv-calculator #settings #export-pack').click());
    const path = join(dir, name);
    writeFileSync(path, file.bytes);
    return path;
  };
  await open(page, cdnowOrders());
  await page.locator('ltv-calculator .cohort-heat tbody tr').first().waitFor();
  const whole = await heatRows(page);
  const [even, odd] = [await aggregates(half(0), 'even.ltvpack.csv'), await aggregates(half(1), 'odd.ltvpack.csv')];
  await open(page, [even, odd], { pack: true });
  assert.match(await page.locator('ltv-calculator .dash-head .source').textContent(), /· 2 件 · 顧客 2,357 人$/);
  await page.locator('ltv-calculator .cohort-heat tbody tr').first().waitFor();
  assert.deepEqual(await heatRows(page), whole);
  await page.locator('ltv-calculator #forecast[data-state=done]').waitFor({ timeout: 120_000 });

  // Two years of one shop: each year's acquisitions are its own, so the sums would be wrong.
  const [y2023, y2024] = [await aggregates(orders('2023'), '2023-agg.ltvpack.csv'), await aggregates(orders('2024'), '2024-agg.ltvpack.csv')];
  await page.getByRole('button', { name: '別のファイルを選ぶ' }).click();
  await page.locator('ltv-calculator input[type=file]').setInputFiles([y2023, y2024]);
  await page.waitForFunction(() => /集計日が違うと合算できません/.test(document.querySelector('ltv-calculator').shadowRoot.querySelector('#error .error-text')?.textContent || ''));
  assert.match(await page.locator('ltv-calculator #error .error-text').textContent(), /\(2023-06-15 と 2024-12-31\)/);
}));

test('an aggregates-only pack shows its curves by first channel and first product, from its cube (the hand-counted shop)', () => chromium.onPage('ltv.html', async ({ page }) => {
  // tests/fixtures/pack_aggregates.csv, as of 2024-03-31. Web and P1: A (January: ¥1,500, then
  // ¥800 in March), C (February: ¥2,200, then ¥900 in March), D (March: ¥400): next month 1 of
  // the 2 observed (C), and the third month only January's 1 of 3 customers (under half: cut).
  // Shop and P2: B alone (January ¥2,000, a ¥300 refund in February, nothing in March): ¥1,700
  // after 3 months, and no purchase in the next month.
  await open(page, fixture('pack_aggregates.csv'));
  await page.locator('ltv-calculator #pack-content').selectOption('aggregates');
  await page.locator('ltv-calculator #pack-k').fill('1');
  const file = await download(page, () => page.locator('ltv-calculator #settings #export-pack').click());
  const path = join(dir, 'splits.ltvpack.csv');
  writeFileSync(path, file.bytes);
  await open(page, path, { pack: true });
  const rows = (kind) => page.$$eval(`ltv-calculator .split-${kind}-wrap tbody tr`, (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  await page.locator('ltv-calculator .split-product-wrap tbody tr').first().waitFor();
  assert.equal(await page.locator('ltv-calculator #split-channel-title').textContent(), '獲得チャネル別');
  assert.deepEqual(await rows('channel'), [['web', '3', '50.0%', '—', '—', '—'], ['shop', '1', '0.0%', '￥1,700', '—', '—']]);
  assert.deepEqual(await rows('product'), [['P1', '3', '50.0%', '—', '—', '—'], ['P2', '1', '0.0%', '￥1,700', '—', '—']]);
  await assertAccessible(page, 'an aggregates-only pack with channels and products');
}));
