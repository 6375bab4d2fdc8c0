// Each step of the guided flow on the single-file page (file://…/dist/ltv.html): the landing
// calculator, the progress (with cancel), the import check (change a column, the remembered
// mapping, the day-order question, columns chosen after an error), errors in both languages and
// keyboard-only use. Every step is checked with axe and photographed at desktop and phone width;
// no test may touch the network or log an error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useChromium, openPage, distUrl, fixture, kpis, chooseFile, openDashboard, shots, assertAccessible,
  assertClean,
} from './browser.mjs';

const chromium = useChromium();

const calc = (page, prefix = 'calc') => ({
  figure: (id) => page.locator(`ltv-calculator #${prefix} [data-figure=${id}] .value`).textContent(),
  input: (name) => page.locator(`ltv-calculator #${prefix} input[name=${name}]`),
  verdict: () => page.locator(`ltv-calculator #${prefix} .verdict`).innerText(),
  inequality: () => page.locator(`ltv-calculator #${prefix} .inequality .numbers`).first().innerText(),
  best: () => page.locator(`ltv-calculator #${prefix} .sensitivity .best`).innerText(),
});

test('the landing page explains itself, promises privacy and computes the five levers at once', () => chromium.onPage(null, async ({ page }) => {
  await page.addInitScript(() => {
    window.__levers = [];
    document.addEventListener('ltv-levers', (e) => window.__levers.push(e.detail));
  });
  await page.goto(distUrl('ltv.html'));
  const c = calc(page);
  await page.locator('ltv-calculator #calc [data-figure=revenueLtv]').waitFor();
  assert.equal(await page.locator('ltv-calculator .promise strong').textContent(), 'ファイルはブラウザの外に送信されません。');
  assert.match(await page.locator('ltv-calculator .intro-lead').textContent(), /注文データ\(CSV\)から、LTV/);
  // The example: ¥5,000 × 3 a year × 2 years, 40 % margin, CPA ¥8,000, retention ¥1,000 a year.
  assert.equal(await c.figure('revenueLtv'), '￥30,000'); // 5,000 × 3 × 2
  assert.equal(await c.figure('grossProfitLtv'), '￥12,000'); // × 40 %
  assert.equal(await c.figure('profit'), '￥2,000'); // 12,000 − 8,000 − 1,000 × 2
  assert.equal(await c.figure('allowableCpa'), '￥10,000'); // 12,000 − 2,000
  assert.match(await c.verdict(), /黒字です\(粗利ベース・粗利率40%\)。1人当たり利益は ￥2,000 です。/);
  assert.equal(await c.inequality(), '(￥8,000 + ￥1,000 × 2年) = ￥10,000 < ￥5,000 × 3回 × 2年 × 40% = ￥12,000');
  // +10 % on 単価, 頻度 or 粗利率 adds 1,200 each; 継続期間 only 1,000 (its retention cost grows too).
  assert.equal(await c.best(), '利益をいちばん動かすのは 「平均購入単価」、「購入頻度」、「粗利率」: 10%改善で1人当たり利益が ￥1,200 増えます。');
  await assertAccessible(page, 'landing');
  await shots(page, 'flow-1-landing');

  // Full-width digits and a thousands comma, as a Japanese keyboard types them: a loss now, and
  // the one inequality shown (on the same gross-profit basis) says so.
  await c.input('acquisitionCost').fill('１２，０００');
  await page.waitForFunction(() => document.querySelector('ltv-calculator').shadowRoot.querySelector('#calc .verdict.ng'));
  assert.equal(await c.figure('profit'), '-￥2,000');
  assert.match(await c.verdict(), /赤字です\(粗利ベース・粗利率40%\)。1人当たり利益は -￥2,000 です。/);
  assert.equal(await c.inequality(), '(￥12,000 + ￥1,000 × 2年) = ￥14,000 ≧ ￥5,000 × 3回 × 2年 × 40% = ￥12,000');
  const last = await page.evaluate(() => window.__levers.at(-1));
  assert.equal(last.source, 'landing');
  assert.equal(last.inputs.acquisitionCost, '12000');
  assert.equal(last.result.profitPerCustomer, '-2000');

  // Not a number: the field says so and the figures wait.
  await c.input('years').fill('二年');
  assert.equal(await c.input('years').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('ltv-calculator #calc-years-err').textContent(), '数値を入れてください(例: 3000)');
  await c.input('grossMarginPercent').fill('120');
  assert.equal(await page.locator('ltv-calculator #calc-margin-err').textContent(), '100 以下の数値を入れてください');
  await assertAccessible(page, 'landing with input errors');
}));

test('the import check shows how the file was read; a changed column re-imports, is remembered and can be forgotten', () => chromium.onPage('ltv.html', async ({ page, context }) => {
  await chooseFile(page, fixture('orders_basic.csv'));
  const facts = () => page.$$eval('ltv-calculator .facts .fact', (fs) => Object.fromEntries(fs.map((f) => [f.querySelector('dt').textContent, f.querySelector('dd').textContent])));
  assert.deepEqual(await facts(), {
    ファイル: 'orders_basic.csv',
    文字コード: 'UTF-8 (自動判定)',
    区切り文字: 'カンマ( , )',
    見出し行: '1 行目',
    読み込んだ行: '7 行を読み込み、6 件の注文・3 人の顧客として集計しました。',
    注文の期間: '2024/01/05 – 2024/03/01',
    顧客の識別: '顧客ID列「会員ID」',
    売上: '売上 = 合計金額(注文番号ごとに1回)',
    通貨: 'JPY — ファイルに通貨の記載がないため円と仮定しました',
  });
  // The mapping it chose, with the first values of each column.
  const mapped = await page.$$eval('ltv-calculator table.mapping tbody tr', (trs) => Object.fromEntries(trs
    .map((tr) => [tr.dataset.role, tr.querySelector('select').value, tr.querySelector('td.example').textContent])
    .filter(([, col]) => col).map(([role, col, ex]) => [role, `${col}: ${ex}`])));
  assert.deepEqual(mapped, {
    customer: '会員ID: C001 / C002 / C001',
    email: 'メールアドレス: a@example.com / b@example.com / a@example.com',
    date: '注文日時: 2024/01/05 10:00:00 / 2024/01/06 12:00:00 / 2024/02/10 09:00:00',
    amount: '合計金額: 3,300 / 1200 / 5000',
    orderId: '注文番号: 1001 / 1002 / 1003',
    status: 'ステータス: 発送済 / 発送済 / 発送済',
    product: '商品名: Tシャツ, 白 / マグ "特大" / トート',
  });
  assert.deepEqual(await page.$$eval('ltv-calculator [data-reason]', (trs) => trs.map((tr) => tr.textContent)), ['キャンセル等の注文(除外)1']);
  assert.deepEqual(await page.$$eval('ltv-calculator .status-rule', (s) => s.map((x) => x.closest('tr').textContent)),
    ['発送済6集計に含める', 'キャンセル1除外(キャンセル等)']);
  await assertAccessible(page, 'import check');
  await shots(page, 'flow-3-check');
  assert.equal(await page.locator('ltv-calculator #mapping-details').getAttribute('open'), null);

  // Products as "customers": 5 different products among the kept orders → 5 customers.
  await page.locator('ltv-calculator #mapping-title').click();
  await page.locator('ltv-calculator #map-customer').selectOption('商品名');
  assert.equal(await page.locator('ltv-calculator #map-product').inputValue(), '', 'a column serves one role: 商品 lets it go');
  await page.locator('ltv-calculator #reimport-button').click();
  await page.waitForFunction(() => /5 人の顧客/.test(document.querySelector('ltv-calculator').shadowRoot.querySelector('#check .facts')?.textContent));
  assert.equal(await page.locator('ltv-calculator #map-customer').inputValue(), '商品名');
  await openDashboard(page);
  assert.equal((await kpis(page)).customers, '5');
  assert.equal((await kpis(page)).revenue, '￥13,700');

  // The same header set again (another page of the same browser): the choice is applied and said so.
  const again = await openPage(chromium.browser, { context });
  await again.page.goto(distUrl('ltv.html'));
  await chooseFile(again.page, fixture('orders_basic.csv'));
  assert.equal(await again.page.locator('ltv-calculator .remembered span').textContent(), '前回この見出しのファイルで選んだ列の対応を使いました。');
  assert.match(await again.page.locator('ltv-calculator .facts').innerText(), /6 件の注文・5 人の顧客/);
  await again.page.getByRole('button', { name: '自動の対応に戻す' }).click();
  await again.page.waitForFunction(() => /3 人の顧客/.test(document.querySelector('ltv-calculator').shadowRoot.querySelector('#check .facts')?.textContent));
  assert.equal(await again.page.locator('ltv-calculator .remembered').count(), 0);
  assertClean(again);
}));

test('dates that read both ways are asked about, and the answer re-imports the file', () => chromium.onPage('ltv.html', async ({ page }) => {
  await chooseFile(page, fixture('orders_dayorder.csv'));
  const question = page.locator('ltv-calculator #day-order');
  await question.waitFor();
  assert.match(await question.innerText(), /ファイルの日付「3\/5\/2024」は「3月5日」とも「5月3日」とも読めます。どちらですか?/);
  const period = () => page.locator('ltv-calculator .facts .fact:has(dt:text-is("注文の期間")) dd').textContent();
  const assumed = await page.$eval('ltv-calculator #day-order', (f) => f.querySelector('input:checked').value);
  assert.equal(assumed, 'monthFirst');
  assert.equal(await period(), '2024/03/05 – 2024/07/08');
  await assertAccessible(page, 'day-order question');
  await shots(page, 'flow-3-check-day-order');
  await page.getByLabel('日/月/年(3/5 = 5月3日)').check();
  await page.getByRole('button', { name: 'この順番で読み込み直す' }).click();
  await page.waitForFunction(() => /2024\/05\/03/.test(document.querySelector('ltv-calculator').shadowRoot.querySelector('#check .facts')?.textContent));
  assert.equal(await period(), '2024/05/03 – 2024/08/07');
  assert.equal(await page.$eval('ltv-calculator #day-order', (f) => f.querySelector('input:checked').value), 'dayFirst');
}));

test('columns the tool cannot recognise are chosen right on the error, in both languages', () => chromium.onPage('ltv.html', async ({ page }) => {
  await page.locator('ltv-calculator input[type=file]').setInputFiles({
    name: 'custom.csv', mimeType: 'text/csv',
    buffer: Buffer.from('お客さま,いつ,いくら\nK1,2024-01-05,1000\nK2,2024-01-06,2000\nK1,2024-02-01,500\n'),
  });
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /必要な列が見つかりません: .*見つかった見出し: お客さま、いつ、いくら/);
  await assertAccessible(page, 'error with the mapping table');
  await shots(page, 'flow-1-error-mapping');
  await page.getByRole('button', { name: 'Switch to English' }).click();
  assert.match(await page.getByRole('alert').innerText(), /Required columns not found: .*Header found: お客さま, いつ, いくら/);
  await page.getByRole('button', { name: '日本語に切り替え' }).click();
  await page.locator('ltv-calculator #map-customer').selectOption('お客さま');
  await page.locator('ltv-calculator #map-date').selectOption('いつ');
  await page.locator('ltv-calculator #map-amount').selectOption('いくら');
  await page.getByRole('button', { name: 'この対応で読み込み直す' }).click();
  await page.locator('ltv-calculator #check').waitFor();
  assert.match(await page.locator('ltv-calculator .facts').innerText(), /3 件の注文・2 人の顧客/);
}));

test('a file that is not CSV at all says so in Japanese and in English', () => chromium.onPage('ltv.html', async ({ page }) => {
  await page.locator('ltv-calculator input[type=file]').setInputFiles({
    name: 'orders.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('PK\u0003\u0004\u0014\u0000\u0006\u0000 some zip bytes', 'latin1'),
  });
  await page.getByRole('alert').waitFor();
  assert.equal(await page.locator('ltv-calculator .error-text').textContent(),
    'CSV形式のテキストファイルではありません(Excelのブック .xlsx)。Excelの場合は「名前を付けて保存」で CSV 形式にしてから読み込んでください。');
  await page.getByRole('button', { name: 'Switch to English' }).click();
  assert.equal(await page.locator('ltv-calculator .error-text').textContent(),
    'This is not a CSV text file (an Excel workbook .xlsx). In Excel, use “Save as” → CSV first.');
  assert.equal(await page.locator('ltv-calculator h2#error-title').textContent(), 'The file could not be read');
  await assertAccessible(page, 'error (English)');
}));

/** Holds the worker's 'import' message until released, so that the progress step stays on screen. */
async function holdImports(page) {
  await page.evaluate(() => {
    const post = Worker.prototype.postMessage;
    const held = [];
    window.__held = () => held.length;
    window.__release = () => held.splice(0).forEach((f) => f());
    Worker.prototype.postMessage = function (msg, ...rest) {
      if (msg && msg.op === 'import') return void held.push(() => post.call(this, msg, ...rest));
      return post.call(this, msg, ...rest);
    };
  });
}

test('the progress step can be cancelled, and the flow goes on when it is not', () => chromium.onPage('ltv.html', async ({ page }) => {
  await holdImports(page);
  await page.getByRole('button', { name: 'サンプルデータで試す' }).click();
  const progress = page.locator('ltv-calculator #progress');
  await progress.waitFor();
  assert.equal(await page.locator('ltv-calculator #progress-title').textContent(), '読み込み中…');
  assert.match(await progress.innerText(), /0% · 0 行 · 0 行\/秒/);
  await assertAccessible(page, 'progress');
  await shots(page, 'flow-2-progress');
  await page.getByRole('button', { name: '中止' }).click();
  await page.getByText('読み込みを中止しました。').waitFor();
  assert.equal(await progress.count(), 0);
  await page.evaluate(() => window.__release()); // the cancelled import's message: its worker is gone

  await page.getByRole('button', { name: 'サンプルデータで試す' }).click();
  await progress.waitFor();
  await page.waitForFunction(() => window.__held() > 0);
  await page.evaluate(() => window.__release());
  await page.locator('ltv-calculator #check').waitFor();
}));

test('the whole flow works with the keyboard alone, and the focus follows each step', () => chromium.onPage('ltv.html', async ({ page }) => {
  await page.locator('ltv-calculator .drop').waitFor();
  const focused = () => page.evaluate(() => {
    const el = document.querySelector('ltv-calculator').shadowRoot.activeElement;
    return el ? `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}:${el.textContent.trim().slice(0, 20)}` : null;
  });
  // Tab from the top of the page to the sample button.
  for (let i = 0; i < 10 && !/サンプルデータで試す/.test(await focused() || ''); i++) await page.keyboard.press('Tab');
  assert.match(await focused(), /^button:サンプルデータで試す/);
  await page.keyboard.press('Enter');
  await page.locator('ltv-calculator #check').waitFor();
  await page.waitForFunction(() => document.querySelector('ltv-calculator').shadowRoot.activeElement?.id === 'check-title');
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'button#analyze-button:分析する');
  await page.keyboard.press('Enter');
  await page.locator('ltv-calculator .step-body[data-complete]').waitFor();
  assert.equal(await focused(), 'h2#results-title:分析結果');
  // The focus ring is visible on a focused button.
  await page.keyboard.press('Tab');
  const outline = await page.evaluate(() => getComputedStyle(document.querySelector('ltv-calculator').shadowRoot.activeElement).outlineStyle);
  assert.equal(outline, 'solid');
}));
