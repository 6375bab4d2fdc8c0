// Issue 14, "one status per customer for action" and "lead with the decision": each customer's
// status (現役 / 新規 / 離反しかけ / 休眠) from the days since the last purchase against their usual
// interval, first in the customer table and in its CSV, explained against RFM and CPM; and
// 「今週やること」 right under the KPIs, each list with its count, revenue, rule and CSV (contact
// columns included). JA and EN, desktop and 375 px, axe clean, no network, no console error.
//
// tests/fixtures/orders_status.csv, analysis date 2024-12-31 (the last order day), by hand:
//   Y001  2021-12-01, 2022-12-01, 2023-12-01 × ¥30,000  gaps 365, 365 → own interval 365; 396 days ≤ 1.5 × 365 → 現役
//         (RFM: R1 F3 休眠優良顧客; CPM: 優良離脱客 — the status says a once-a-year buyer is on time)
//   W002  2024-08-01 … 09-10 every 10 days × ¥8,000      own median 10 → the 30-day floor; 112 > 3 × 30 → 休眠
//         (CPM: よちよち現役客 — the status says a customer who bought every 10 days has stopped)
//   S003  2024-03-01, 05-01, 07-01, 09-01 × ¥15,000      gaps 61, 61, 62 → 61; 121 days: > 91.5, ≤ 183 → 離反しかけ
//   A008  2024-10-01, 11-01, 12-01 × ¥6,000              gaps 31, 30 → 30.5 rounded up 31; 30 days → 現役
//   T009  2024-06-01, 09-15 × ¥9,000                     2 days: the shop's median gap 46; 107 > 69 → 離反しかけ
//   B010  2024-09-20 ¥50,000 (named =HYPERLINK("x"))     1 day: 転換日数 61; 102 > 91.5 → 離反しかけ
//   N005 (41 days, ¥7,000), N016 (56, ¥6,000), N004 (21, ¥5,000), N006 (0, ¥3,000): 新規
//   L007 (2023-05-05, ¥4,000), L011–L015 (2023-06, ¥2,000 each): 休眠
// The shop's gaps 10 10 10 10 30 31 61 61 62 106 365 365 → median (31 + 61) ÷ 2 = 46; 転換日数
// (first → second day) 10 31 61 106 365 → 61. The top fifth of 16 customers by revenue: 4
// (Y001 90,000, S003 60,000, B010 50,000, W002 40,000): valuable from ¥40,000.
// 今週やること: win back S003 + B010 (¥110,000); 2nd purchase: the new at 31–91 days, N005 + N016
// (¥13,000); thank: Y001 (¥90,000). The forecast cannot run (fewer than 10 repeat customers), so
// the statuses stay as the rule gives them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useChromium, distUrl, fixture, chooseFile, openDashboard, shots, tableRows, download, assertAccessible, inShadow,
} from './browser.mjs';

const chromium = useChromium();

/** Opens the fixture's dashboard and waits until the forecast has given up (it cannot run here). */
async function dashboard(page, name = 'orders_status.csv') {
  await chooseFile(page, fixture(name));
  await openDashboard(page);
  await page.locator('ltv-calculator #fc-retry:not([hidden]), ltv-calculator #forecast .fc-error-title').first().waitFor({ state: 'attached' });
}

/** Each list of 今週やること: [list, title, count, revenue, why]. */
const lists = (page) => page.$$eval('ltv-calculator #this-week li.todo', (lis) => lis.map((li) => [li.dataset.list,
  li.querySelector('h3').textContent, li.querySelector('.todo-count strong').textContent,
  li.querySelector('.todo-count span')?.textContent ?? '', li.querySelector('.todo-why').textContent]));

const statusCounts = (page) => page.$$eval('ltv-calculator #this-week [data-status]', (lis) => lis.map((li) => li.textContent));

const keys = (page) => page.$$eval('ltv-calculator table.customers tbody tr', (trs) => trs.map((tr) => tr.cells[0].textContent));

const waitTotal = (page, text) => page.waitForFunction((t) => document.querySelector('ltv-calculator').shadowRoot.querySelector('#table-status')?.textContent === t, text);

test('今週やること leads the dashboard: who, how many, why and what, with a CSV of each list and its contacts (JA)', () => chromium.onPage('ltv.html', async ({ page }) => {
  await dashboard(page);
  // Right under the KPIs, and first in the section navigation after them.
  assert.equal(await inShadow(page, (root) => root.getElementById('kpis').nextElementSibling.id), 'this-week');
  // Nothing between the KPI cards and it: the top-10 customers are with the deciles.
  assert.equal(await inShadow(page, (root) => root.querySelector('#top').closest('section').id), 'deciles');
  assert.deepEqual(await page.$$eval('ltv-calculator .section-nav a', (as) => as.slice(0, 2).map((a) => a.textContent)), ['主な指標', '今週やること']);
  assert.deepEqual(await lists(page), [
    ['winBack', '1離反しかけの優良顧客を呼び戻す', '2 人', '累計売上 ￥110,000',
      'いつもの購入間隔の1.5倍を過ぎても買っていない、累計売上が上位20%(￥40,000以上)の人です。'],
    ['secondPurchase', '2新規客の2回目の購入を後押しする', '2 人', '累計売上 ￥13,000',
      '1回だけ買って31〜91日の人です。このお店では2回目の購入は初回から61日後が中央値です(目安 61日)。'],
    ['thank', '3優良顧客にお礼と特別扱いを', '1 人', '累計売上 ￥90,000', '状態が現役で、累計売上が上位20%(￥40,000以上)の人です。'],
  ]);
  assert.match(await page.locator('ltv-calculator [data-list=secondPurchase] .todo-what').textContent(), /2回目の購入を後押し/);
  assert.deepEqual(await statusCounts(page), ['現役2 人', '新規4 人', '離反しかけ3 人', '休眠7 人']);
  assert.equal(await page.locator('ltv-calculator #this-week-forecast').textContent(), '予測が計算できると、「まだ顧客でいる確率」でも状態を見直します。');

  // The win-back list as CSV: its two customers, their contacts, the status; formulas neutralised.
  const file = await download(page, () => page.getByRole('button', { name: '離反しかけの優良顧客を呼び戻す の顧客リストをCSVで書き出す' }).click());
  assert.equal(file.name, '顧客リスト_離反しかけの優良顧客を呼び戻す_2024-12-31.csv');
  const lines = file.bytes.subarray(3).toString('utf8').split('\r\n');
  assert.deepEqual(lines, [
    '顧客ID,氏名,住所,電話番号,初回購入日,最終購入日,注文回数,購入日数,累計購入金額,累計粗利,初回から365日の購入金額,最終購入からの日数,状態,いつもの購入間隔(日),R,F,M,RFMセグメント,CPM分類',
    'S003,佐藤 健,大阪府大阪市2-2,080-2222-0003,2024-03-01,2024-09-01,4,4,60000,24000,,121,離反しかけ,61,2,3,4,離反予備軍,コツコツ現役客',
    'B010,"\'=HYPERLINK(""x"")",福岡県福岡市3-3,090-4444-0010,2024-09-20,2024-09-20,1,1,50000,20000,,102,離反しかけ,61,2,1,4,休眠予備軍,初回現役客',
    '',
  ]);

  // 一覧で見る: the table shows the list, says so, and shows everyone again on request.
  await page.getByRole('button', { name: '新規客の2回目の購入を後押しする を顧客一覧で見る' }).click();
  await waitTotal(page, '2 人中 1〜2 人目');
  assert.deepEqual(await keys(page), ['N005', 'N016']);
  assert.equal(await page.locator('ltv-calculator .list-note span').textContent(), '「新規客の2回目の購入を後押しする」の人だけを表示しています。');
  await page.locator('ltv-calculator .list-note').getByRole('button', { name: 'すべて表示' }).click();
  await waitTotal(page, '16 人中 1〜16 人目');
  assert.equal(await page.locator('ltv-calculator .list-note').isHidden(), true);
  await assertAccessible(page, 'dashboard with 今週やること');
  await shots(page, 'status-1-this-week');
}));

test('an export shows it is busy on its button and a double click writes one file (JA)', () => chromium.onPage('ltv.html', async ({ page }) => {
  await dashboard(page);
  const name = '離反しかけの優良顧客を呼び戻す の顧客リストをCSVで書き出す';
  // Every aria-busy value the button takes, recorded as it changes.
  await page.evaluate((label) => {
    const button = document.querySelector('ltv-calculator').shadowRoot.querySelector(`button[aria-label="${label}"]`);
    window.busySeen = [];
    new MutationObserver(() => window.busySeen.push(button.getAttribute('aria-busy'))).observe(button, { attributes: true, attributeFilter: ['aria-busy'] });
  }, name);
  const files = [];
  page.on('download', (d) => files.push(d.suggestedFilename()));
  await page.getByRole('button', { name }).dblclick();
  await page.waitForFunction(() => window.busySeen.length >= 2 && window.busySeen.at(-1) === null);
  await page.waitForTimeout(500);
  assert.deepEqual(await page.evaluate(() => window.busySeen), ['true', null], 'busy once, then free');
  assert.deepEqual(files, ['顧客リスト_離反しかけの優良顧客を呼び戻す_2024-12-31.csv'], 'one file from a double click');
  assert.equal(await page.getByRole('button', { name }).getAttribute('aria-disabled'), null);
}));

test('the customer table leads with the status, explains it against RFM and CPM, filters by it, and the CSV carries it (JA)', () => chromium.onPage('ltv.html', async ({ page }) => {
  await dashboard(page);
  await waitTotal(page, '16 人中 1〜16 人目');
  // Key, status, revenue and last purchase first (what a phone shows without scrolling).
  const head = await page.$$eval('ltv-calculator table.customers thead th', (ths) => ths.map((th) => th.dataset.col));
  assert.deepEqual(head.slice(0, 6), ['key', 'status', 'revenue', 'lastDay', 'recency', 'interval']);
  const rows = await tableRows(page, 'ltv-calculator table.customers');
  const byKey = Object.fromEntries(rows.map((r) => [r[0], r]));
  // Y001: 現役 by its own yearly rhythm, while RFM says 休眠優良顧客 and CPM 優良離脱客.
  assert.deepEqual(byKey.Y001.slice(0, 9), ['Y001', '現役', '￥90,000', '2023/12/01', '396', '365', '山田 花子', '東京都港区1-1', '090-1111-0001']);
  assert.deepEqual([byKey.Y001[9], byKey.Y001.at(-1)], ['休眠優良顧客', '優良離脱客']);
  // W002: 休眠 by its 10-day rhythm (30-day floor), while CPM says よちよち現役客.
  assert.deepEqual([...byKey.W002.slice(0, 6), byKey.W002.at(-1)], ['W002', '休眠', '￥40,000', '2024/09/10', '112', '30', 'よちよち現役客']);
  assert.deepEqual(byKey.T009.slice(1, 6), ['離反しかけ', '￥18,000', '2024/09/15', '107', '46']);
  assert.deepEqual(byKey.A008.slice(1, 6), ['現役', '￥18,000', '2024/12/01', '30', '31']);
  assert.deepEqual(byKey.N006.slice(1, 6), ['新規', '￥3,000', '2024/12/31', '0', '61']);
  // The name that looks like a formula is plain text on the page.
  assert.equal(byKey.B010[6], '=HYPERLINK("x")');

  // The legend: the rule in this shop's numbers, and how the status relates to RFM and CPM.
  await page.locator('ltv-calculator details.status-legend summary').click();
  const legend = await page.locator('ltv-calculator details.status-legend').innerText();
  assert.match(legend, /2回の人はお店全体の購入間隔の中央値\(46日\)、1回の人は2回目の購入までの日数の中央値\(61日\)で、どれも最短30日です/);
  assert.match(legend, /離反しかけ\n?\s*いつもの間隔の1.5倍を過ぎ、3倍以内/);
  assert.match(legend, /RFMでは「休眠優良顧客」でも状態は「現役」/);
  assert.match(legend, /「まだ顧客でいる確率」が50%未満の人を少なくとも離反しかけに、10%未満の人を休眠に/);

  // Filter by status; sort by it (現役 first).
  await page.locator('ltv-calculator #table-state').selectOption('lapsed');
  await waitTotal(page, '7 人中 1〜7 人目');
  assert.deepEqual(await keys(page), ['W002', 'L007', 'L011', 'L012', 'L013', 'L014', 'L015']);
  const file = await download(page, () => page.getByRole('button', { name: 'この一覧をCSVで書き出す' }).click());
  const lines = file.bytes.subarray(3).toString('utf8').split('\r\n');
  assert.equal(lines.length, 9); // header, 7 customers, the final CRLF
  assert.ok(lines.slice(1, -1).every((l) => l.split(',')[12] === '休眠'));
  await page.locator('ltv-calculator #table-state').selectOption('');
  await page.locator('ltv-calculator th[data-col=status] button').click();
  await waitTotal(page, '16 人中 1〜16 人目');
  await page.waitForFunction(() => document.querySelector('ltv-calculator').shadowRoot.querySelector('th[data-col=status]')?.getAttribute('aria-sort') === 'ascending');
  const statuses = await page.$$eval('ltv-calculator table.customers tbody tr', (trs) => trs.map((tr) => tr.cells[1].textContent));
  assert.deepEqual([...new Set(statuses)], ['現役', '新規', '離反しかけ', '休眠']);
  await assertAccessible(page, 'customer table with the status legend');
  await page.setViewportSize({ width: 375, height: 812 });
  // On a phone the first columns are on screen without scrolling the table.
  const visible = await inShadow(page, (root) => {
    const wrap = root.querySelector('.customers-wrap').getBoundingClientRect();
    return [...root.querySelectorAll('table.customers thead th')].filter((th) => th.getBoundingClientRect().right <= wrap.right + 1).map((th) => th.dataset.col);
  });
  assert.deepEqual(visible.slice(0, 4), ['key', 'status', 'revenue', 'lastDay']);
  await assertAccessible(page, 'customer table at phone width');
  await page.setViewportSize({ width: 1280, height: 900 });
  await shots(page, 'status-2-table');
}));

test('status and 今週やること in English', () => chromium.onPage(null, { locale: 'en-US' }, async ({ page }) => {
  await page.goto(distUrl('ltv.html'));
  await dashboard(page);
  assert.deepEqual(await lists(page), [
    ['winBack', '1Win back valuable customers who are slipping', '2 customers', 'revenue to date ¥110,000',
      'Not bought for more than 1.5 × their usual interval, revenue in the top 20% (¥40,000 or more).'],
    ['secondPurchase', '2Prompt new customers’ 2nd purchase', '2 customers', 'revenue to date ¥13,000',
      'Bought once, 31–91 days ago. In this shop the 2nd purchase comes a median 61 days after the first (taken as 61 days).'],
    ['thank', '3Thank and look after your best customers', '1 customer', 'revenue to date ¥90,000', 'Active, with revenue in the top 20% (¥40,000 or more).'],
  ]);
  assert.deepEqual(await statusCounts(page), ['Active2 customers', 'New4 customers', 'Slipping3 customers', 'Lapsed7 customers']);
  await waitTotal(page, '1–16 of 16 customers');
  const rows = await tableRows(page, 'ltv-calculator table.customers');
  assert.deepEqual(rows[0].slice(0, 6), ['Y001', 'Active', '¥90,000', '12/01/2023', '396', '365']);
  await page.locator('ltv-calculator details.status-legend summary').click();
  assert.match(await page.locator('ltv-calculator details.status-legend').innerText(), /a once-a-year buyer can be “previously loyal” in RFM yet Active/);
  const file = await download(page, () => page.getByRole('button', { name: 'Download the customers of Thank and look after your best customers as CSV' }).click());
  const lines = file.bytes.subarray(3).toString('utf8').split('\r\n');
  assert.match(lines[0], /,Days since last order,Status,Usual interval \(days\),R,F,M,/);
  assert.match(lines[1], /^Y001,.*,396,Active,365,1,3,4,/);
  await assertAccessible(page, 'this week in English');
  await shots(page, 'status-3-en');
}));

test('the forecast sharpens the statuses: a repeat customer below 50 % P(alive) is never active, below 10 % lapsed; the lists follow (JA, sample)', () => chromium.onPage('ltv.html', async ({ page }) => {
  await page.getByRole('button', { name: 'サンプルデータで試す' }).click();
  await page.locator('ltv-calculator #check').waitFor();
  await openDashboard(page);
  await page.waitForFunction(() => document.querySelector('ltv-calculator').shadowRoot.querySelector('#this-week-forecast')?.textContent === '予測の「まだ顧客でいる確率」も反映しています。', null, { timeout: 60_000 });
  await page.locator('ltv-calculator th[data-col=pAlive]').waitFor();
  // Lowest P(alive) first: every repeat customer's status follows the rule.
  await page.locator('ltv-calculator th[data-col=pAlive] button').click();
  await page.waitForFunction(() => document.querySelector('ltv-calculator').shadowRoot.querySelector('th[data-col=pAlive]')?.getAttribute('aria-sort') === 'descending');
  await page.locator('ltv-calculator th[data-col=pAlive] button').click();
  await page.waitForFunction(() => document.querySelector('ltv-calculator').shadowRoot.querySelector('th[data-col=pAlive]')?.getAttribute('aria-sort') === 'ascending');
  const checked = await inShadow(page, (root) => {
    const cols = [...root.querySelectorAll('table.customers thead th')].map((th) => th.dataset.col);
    return [...root.querySelectorAll('table.customers tbody tr')].map((tr) => {
      const cell = (id) => tr.cells[cols.indexOf(id)].textContent;
      return { days: Number(cell('purchaseDays')), alive: parseFloat(cell('pAlive')) / 100, status: cell('status') };
    });
  });
  const repeat = checked.filter((r) => r.days >= 2);
  assert.ok(repeat.length > 5, 'repeat customers on the first page');
  for (const r of repeat) {
    if (r.alive < 0.095) assert.equal(r.status, '休眠', JSON.stringify(r));
    if (r.alive < 0.495) assert.notEqual(r.status, '現役', JSON.stringify(r));
  }
  // The section's counts are the table's: each status filtered.
  const counts = await page.$$eval('ltv-calculator #this-week [data-status]', (lis) => lis.map((li) => [li.dataset.status, li.querySelector('.n').textContent]));
  for (const [status, n] of counts) {
    await page.locator('ltv-calculator #table-state').selectOption(status);
    await page.waitForFunction((want) => document.querySelector('ltv-calculator').shadowRoot.querySelector('#table-status')?.textContent.startsWith(`${want}中`), n.replace(/\s/g, ' '));
  }
  await assertAccessible(page, 'this week after the forecast');
  await shots(page, 'status-4-forecast');
}));
