// Hostile and careless files on the page (issue 12): nothing lost without a word (an unclosed
// quote, a placeholder date, a refund after the last order day), and the check says so in both
// languages with figures computed by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useChromium, chooseFile, inShadow, openDashboard, distUrl, fixture } from './browser.mjs';

const chromium = useChromium();

const csv = (name, text) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });

/** The import check's skipped reasons (data-reason → rows) and example lines. */
const skipped = (page) => inShadow(page, (root) => ({
  reasons: Object.fromEntries([...root.querySelectorAll('.check-skipped tr[data-reason]')].map((tr) => [tr.dataset.reason, tr.cells[1].textContent])),
  lines: [...root.querySelectorAll('.check-skipped .issue-lines li')].map((li) => li.textContent),
}));

test('a quote that never closes is named with the lines it swallowed, in ja and en', () => chromium.onPage('ltv.html', async ({ page }) => {
  // Line 2 kept; B's amount opens a quote on line 3 that the file never closes: lines 3–5 lost.
  const file = csv('quote.csv', 'customer,date,amount\nA,2024-01-05,1000\nB,2024-01-06,"2000\nC,2024-01-07,500\nD,2024-01-08,700\n');
  await chooseFile(page, file);
  const ja = await skipped(page);
  assert.deepEqual(ja.reasons, { unclosedQuote: '3' });
  assert.deepEqual(ja.lines, ['3 行目 — この行で開いた引用符(")が閉じられていません: ファイルの最後までの次の行を読み込めませんでした(引用符を閉じてから読み込み直してください)3–5']);
  await page.evaluate(() => document.querySelector('ltv-calculator').setAttribute('lang', 'en'));
  await page.locator('ltv-calculator #check-title', { hasText: 'Check' }).waitFor();
  const en = await skipped(page);
  assert.deepEqual(en.lines, ['line 3 — A quote (") opened on this line is never closed: these lines, to the end of the file, could not be read (close the quote and read the file again)3–5']);
}));

test('a placeholder date is left out with a word, and kept when the person asks', () => chromium.onPage('ltv.html', async ({ page }) => {
  // Orders on 2024-01-05, 02-10, 03-15, 04-20 and 1900-01-01 (line 4): the quartiles are
  // 2024-01-05 and 03-15, so 1900 is far outside; kept: 1,000 + 2,000 + 1,500 + 800 = 5,300.
  const file = csv('placeholder.csv', 'customer_id,order_date,amount\nA,2024-01-05,1000\nB,2024-02-10,2000\nC,1900-01-01,500\nA,2024-03-15,1500\nD,2024-04-20,800\n');
  await chooseFile(page, file);
  const note = page.locator('ltv-calculator #suspicious-dates');
  assert.equal(await note.locator('p').innerText(),
    'ほかの注文から大きく離れた日付の 1 行(例: 1900/01/01)は、期間が引き延ばされないよう除外しました。日付が正しい場合は含めてください。');
  const period = () => page.locator('ltv-calculator .fact', { hasText: '期間' }).locator('dd').innerText();
  assert.match(await period(), /^2024\/01\/05 – 2024\/04\/20$/);
  assert.deepEqual((await skipped(page)).reasons, { suspiciousDate: '1' });
  await note.getByRole('button', { name: 'これらの日付を含める' }).click();
  await page.locator('ltv-calculator #suspicious-dates button', { hasText: '除外する' }).waitFor();
  assert.match(await note.locator('p').innerText(), /^ほかの注文から大きく離れた日付の 1 行を、選択どおり含めています\(期間の始まり: 1900\/01\/01\)。$/);
  assert.match(await period(), /^1900\/01\/01 – 2024\/04\/20$/);
  const revenue = await page.evaluate(async () => {
    const r = await LtvCalculator.analyze(new Blob(['customer_id,order_date,amount\nA,2024-01-05,1000\nB,2024-02-10,2000\nC,1900-01-01,500\nA,2024-03-15,1500\nD,2024-04-20,800\n']),
      { keepSuspiciousDates: true, analysis: false });
    r.close();
    return [r.overview.revenue, r.import.suspiciousDatesKept];
  });
  assert.deepEqual(revenue, ['5800', 1]);
}));

test('a refund after the last order day is left out of the headline figures as of the analysis, and said', () => chromium.onPage('ltv.html', async ({ page }) => {
  // Orders 1,000 + 400 + 500 = 1,900 up to 2024-02-05; B's −700 on 03-01 comes after it.
  const text = 'customer_id,order_date,amount\nA,2024-01-05,1000\nB,2024-01-10,400\nA,2024-02-05,500\nB,2024-03-01,-700\n';
  const r = await page.evaluate(async (t) => {
    const report = await LtvCalculator.analyze(new Blob([t]));
    report.close();
    return [report.overview.revenue, report.analysis.measured.revenue, report.overview.laterRefunds, report.overview.laterRefundTotal];
  }, text);
  assert.deepEqual(r, ['1900', '1900', 1, '-700']);
  await chooseFile(page, csv('later.csv', text));
  const notes = await inShadow(page, (root) => [...root.querySelectorAll('.check .notes li')].map((li) => li.textContent));
  assert.ok(notes.includes('最終注文日より後の日付の返金 1 件(-￥700)は数えていません(すべて分析基準日＝既定では最終注文日の時点で集計します)。'), notes.join('\n'));
}));

test('a file without a header row is said so, read by position on request, and nothing of it is stored', () => chromium.onPage('ltv.html', async ({ page }) => {
  // A001 1,000 + 500 and B002 2,000: 3 rows, 2 customers, 3,500.
  const file = csv('noheader.csv', 'A001,2024-01-05,1000,a@x.jp\nB002,2024-01-06,2000,b@x.jp\nA001,2024-02-01,500,a@x.jp\n');
  await page.locator('ltv-calculator input[type=file]').setInputFiles(file);
  const hint = page.locator('ltv-calculator #error #no-header');
  await hint.waitFor();
  assert.equal(await hint.locator('p').innerText(), '1行目が列名ではなくデータ(日付・金額・メールアドレス)のようです。ファイルに見出し行がないのかもしれません。');
  // The person picks the columns from that "header" instead: read, with a warning, not remembered.
  for (const [role, col] of [['customer', 'A001'], ['date', '2024-01-05'], ['amount', '1000']]) {
    await page.locator(`ltv-calculator #error #map-${role}`).selectOption(col);
  }
  await page.locator('ltv-calculator #error .actions .button.primary', { hasText: 'この対応で読み込み直す' }).click();
  await page.locator('ltv-calculator #check #no-header').waitFor();
  const rows = () => page.locator('ltv-calculator .fact', { hasText: '読み込んだ行' }).locator('dd').innerText();
  assert.match(await rows(), /^2 行/);
  assert.equal(await page.evaluate(() => localStorage.length), 0);
  // "The file has no header row": every row is an order, the columns kept by position.
  await page.locator('ltv-calculator #no-header-button').click();
  await page.locator('ltv-calculator #header-row-button').waitFor();
  assert.match(await rows(), /^3 行/);
  const headerFact = await page.locator('ltv-calculator .fact', { hasText: '見出し行' }).locator('dd').innerText();
  assert.match(headerFact, /^なし\(列の位置 #1, #2, … で読み込み\)/);
  const r = await page.evaluate(async () => {
    const report = await LtvCalculator.analyze(new Blob(['A001,2024-01-05,1000,a@x.jp\nB002,2024-01-06,2000,b@x.jp\nA001,2024-02-01,500,a@x.jp\n']), { noHeader: true, analysis: false });
    report.close();
    return [report.overview.customers, report.overview.orders, report.overview.revenue, report.import.mapping];
  });
  assert.deepEqual(r, [2, 3, '3500', { amount: '#3', customer: '#1', date: '#2', email: '#4' }]);
}));

test('a right-to-left override in a file name or a cell reorders nothing on the check or the dashboard', () => chromium.onPage('ltv.html', async ({ page }) => {
  const controls = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
  // K\u202E01 bought twice: 1,000 + 48; 2 rows, 1 customer.
  await chooseFile(page, csv('\u202Eorders.csv', 'customer_id,order_date,amount,memo\nK\u202E01,2024-01-05,1000,\u202Egift\nK\u202E01,2024-02-05,48,x\n'));
  const text = () => inShadow(page, (root) => root.textContent);
  assert.doesNotMatch(await text(), controls);
  assert.equal(await page.locator('ltv-calculator .file-name').first().innerText(), 'orders.csv');
  assert.match(await page.locator('ltv-calculator .fact', { hasText: '読み込んだ行' }).locator('dd').innerText(), /^2 行を読み込み、2 件の注文・1 人の顧客として集計しました。$/);
  await page.locator('ltv-calculator #analyze-button').click();
  await page.locator('ltv-calculator .step-body[data-complete]').waitFor();
  assert.doesNotMatch(await text(), controls);
  assert.ok((await text()).includes('K01'));
}));

test('a UTF-8 header over Shift_JIS rows: the error offers another encoding, and UTF-8 reads the header, in ja and en', () => chromium.onPage('ltv.html', async ({ page }) => {
  // The rows' names in Shift_JIS bytes (山田 = 8E 52 93 63): the body is taken for Shift_JIS,
  // which garbles the UTF-8 header, so no column is recognised.
  const header = Buffer.from('会員ID,氏名,注文日,合計金額\n');
  const rows = [];
  for (let k = 0; k < 20; k++) rows.push(Buffer.from(`A${k},`), Buffer.from([0x8e, 0x52, 0x93, 0x63]), Buffer.from(`,2024-03-${String(k + 1).padStart(2, '0')},${1000 + k}\n`));
  await page.locator('ltv-calculator input[type=file]').setInputFiles({ name: 'mixed.csv', mimeType: 'text/csv', buffer: Buffer.concat([header, ...rows]) });
  await page.locator('ltv-calculator #error').waitFor();
  const choice = page.locator('ltv-calculator #error #encoding-choice');
  assert.equal(await choice.inputValue(), 'auto');
  assert.match(await page.locator('ltv-calculator #error .encoding-choice').innerText(), /^文字化けしている場合は文字コードを指定して読み直す/);
  await page.getByRole('button', { name: 'Switch to English' }).click();
  assert.match(await page.locator('ltv-calculator #error .encoding-choice').innerText(), /^Garbled text\? Read the file again as/);
  await page.locator('ltv-calculator #error #encoding-choice').selectOption('utf-8');
  await page.locator('ltv-calculator #check').waitFor();
  await page.locator('ltv-calculator table.sample tr.roles').waitFor();
  // Every column is recognised again: 会員ID, 氏名 (a contact column), 注文日 and 合計金額.
  const mapped = await page.locator('ltv-calculator table.sample tr.roles td').evaluateAll((tds) => tds.map((td) => td.classList.contains('mapped')));
  assert.deepEqual(mapped, [true, true, true, true]);
  assert.equal(await page.locator('ltv-calculator #encoding-choice').inputValue(), 'utf-8');
}));

test('a header longer than the 64 KiB the sniffer looks at is still shown whole and can be mapped', () => chromium.onPage('ltv.html', async ({ page }) => {
  // 3,400 further columns (about 68 KB of header) after 会員, 日付, 売上げ, which no platform
  // names: the error shows the header's columns to map. A001 1,000 + 500, B002 2,000.
  const extra = Array.from({ length: 3400 }, (_, k) => `,備考欄その${String(k).padStart(4, '0')}`).join('');
  const text = `会員,日付,売上げ${extra}\nA001,2024-01-05,1000\nB002,2024-01-06,2000\nA001,2024-02-01,500\n`;
  assert.ok(Buffer.byteLength(text) > 64 * 1024 + 2000);
  await page.locator('ltv-calculator input[type=file]').setInputFiles(csv('wide.csv', text));
  await page.locator('ltv-calculator #error #map-customer').waitFor();
  const options = await page.locator('ltv-calculator #error #map-amount option').evaluateAll((os) => os.map((o) => o.value));
  assert.ok(options.includes('売上げ') && options.includes('備考欄その3399'), `${options.length} options`);
  for (const [role, col] of [['customer', '会員'], ['date', '日付'], ['amount', '売上げ']]) {
    await page.locator(`ltv-calculator #error #map-${role}`).selectOption(col);
  }
  await page.locator('ltv-calculator #error .actions .button.primary', { hasText: 'この対応で読み込み直す' }).click();
  await page.locator('ltv-calculator #check').waitFor();
  assert.match(await page.locator('ltv-calculator .fact', { hasText: '読み込んだ行' }).locator('dd').innerText(),
    /^3 行を読み込み、3 件の注文・2 人の顧客として集計しました。$/);
  const r = await page.evaluate(async (t) => {
    const report = await LtvCalculator.analyze(new Blob([t]), { columns: { customer: '会員', date: '日付', amount: '売上げ' }, analysis: false });
    report.close();
    return [report.overview.customers, report.overview.revenue, report.import.headerLine];
  }, text);
  assert.deepEqual(r, [2, '3500', 1]);
}));

test('a right-to-left override in a file name, a customer, a channel: the print report reorders nothing either', () => chromium.onPage(null, async ({ page }) => {
  const controls = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
  // Text drawn on the charts' canvases (labels, legends) is not in the DOM: recorded as drawn.
  await page.addInitScript(() => {
    window.__drawn = [];
    for (const name of ['fillText', 'strokeText']) {
      const draw = CanvasRenderingContext2D.prototype[name];
      CanvasRenderingContext2D.prototype[name] = function (text, ...rest) {
        window.__drawn.push(String(text));
        return draw.call(this, text, ...rest);
      };
    }
  });
  await page.goto(distUrl('ltv.html'));
  const text = readFileSync(fixture('orders_dashboard.csv'), 'utf8')
    .replaceAll('A001', 'A\u202E001').replaceAll('Google広告', 'Goo\u202Egle広告').replaceAll('Instagram', '\u202EInstagram');
  await chooseFile(page, csv('\u202Ereport.csv', text));
  await openDashboard(page);
  await page.evaluate(() => { window.print = () => { window.__printed = true; }; });
  await page.getByRole('button', { name: 'レポートを印刷 / PDFで保存' }).click();
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi: the charts redraw
  await page.waitForTimeout(500);
  const printed = await inShadow(page, (root) => {
    // What the print shows: the text of every element laid out in print media.
    const shown = [];
    const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      if (n.parentElement && n.parentElement.getClientRects().length) shown.push(n.nodeValue);
    }
    return shown.join('\n');
  });
  assert.equal(await page.evaluate(() => window.__printed), true);
  assert.doesNotMatch(printed, controls);
  assert.doesNotMatch(await page.title(), controls);
  const drawn = await page.evaluate(() => window.__drawn);
  assert.ok(drawn.length > 0, 'the charts drew text');
  assert.deepEqual(drawn.filter((t) => controls.test(t)), []);
  // The data is there, in its own order: the customer, the channels, the figures.
  for (const s of ['A001', 'Google広告', 'Instagram', '￥11,500']) assert.ok(printed.includes(s), s);
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  assert.ok(pages >= 4 && pages <= 12, `a report of a few pages (${pages})`);
}));
