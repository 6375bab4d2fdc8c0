// Issue 14's first two "misleading today" points: 許容CPA is never on revenue by default (the 粗利率
// is asked once, carried from the landing calculator, 40 % by default, and every figure that
// depends on it says its basis), and the calculator gives one verdict on one basis with the
// article's inequality in the numbers on screen, an empty field being "not entered" and the
// inputs remembered across reloads (only these six numbers). JA and EN, desktop and 375 px, axe
// clean, no network, no console error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useChromium, distUrl, fixture, kpis, chooseFile, openDashboard, shots, assertAccessible } from './browser.mjs';

const chromium = useChromium();

const inCalc = (page, prefix) => ({
  figure: (id) => page.locator(`ltv-calculator #${prefix} [data-figure=${id}] .value`).textContent(),
  note: (id) => page.locator(`ltv-calculator #${prefix} [data-figure=${id}] .note`).textContent(),
  input: (name) => page.locator(`ltv-calculator #${prefix} input[name=${name}]`),
  verdicts: () => page.$$eval(`ltv-calculator >> #${prefix} .verdict`, (vs) => vs.map((v) => [v.dataset.verdict, v.querySelector('.verdict-line').textContent])),
  numbers: () => page.$$eval(`ltv-calculator >> #${prefix} .inequality p`, (ps) => ps.map((p) => p.textContent)),
  waitVerdict: (state) => page.locator(`ltv-calculator #${prefix} .verdict[data-verdict=${state}]`).waitFor(),
});

const cardSub = (page, id) => page.locator(`ltv-calculator [data-kpi=${id}] .sub`).textContent();

test('許容CPA: a file without a cost column is judged on the landing calculator’s 粗利率 (40 %), stated; revenue only when emptied (JA)', () => chromium.onPage('ltv.html', async ({ page }) => {
  const landing = inCalc(page, 'calc');
  assert.equal(await landing.input('grossMarginPercent').inputValue(), '40');
  await chooseFile(page, fixture('orders_basic.csv'));
  await openDashboard(page);
  // No year-old customer yet: to date 13,700 ÷ 6 orders = ¥2,283.33 × 2 orders a customer =
  // ¥4,566.67 of revenue; × 40 % = ¥1,826.67, the ceiling before a retention cost.
  assert.equal((await kpis(page)).cpa, '￥1,827');
  assert.equal(await cardSub(page, 'cpa'), '粗利ベース・粗利率40%・継続期間 1 年で計算、維持費用は未入力(差し引いていません)');
  assert.equal(await cardSub(page, 'ltv'), '粗利ベース(粗利率40%) ￥1,827'); // 13,700 × 40 % ÷ 3
  const dash = inCalc(page, 'dash-calc');
  assert.equal(await dash.input('grossMarginPercent').inputValue(), '40', 'never 100');
  assert.equal(await dash.input('acquisitionCost').inputValue(), '', 'no CPA in the file: not entered, not ¥0');
  assert.equal(await dash.figure('allowableCpa'), '￥1,827');
  assert.equal(await dash.note('allowableCpa'), '粗利ベース・粗利率40%、維持費用は未入力(差し引いていません)');
  assert.deepEqual(await dash.verdicts(), [['pending',
    '…黒字か赤字かの判定には、次の入力が必要です: 獲得費用(CPA)、維持費用。空欄は「未入力」で、0円とはみなしません。']]);
  await assertAccessible(page, 'dashboard on 40 %');
  await shots(page, 'cpa-1-margin-basis');

  // The shop's costs: ¥1,500 CPA and ¥200 a year: (1,500 + 200 × 1) = 1,700 < 1,826.67.
  await dash.input('acquisitionCost').fill('1500');
  await dash.input('retentionCostPerYear').fill('200');
  await dash.waitVerdict('profitable');
  await page.waitForFunction(() => document.querySelector('ltv-calculator').shadowRoot.querySelector('[data-kpi=cpa] .value')?.textContent === '￥1,627');
  assert.equal(await cardSub(page, 'cpa'), '粗利ベース・粗利率40%・継続期間 1 年で計算');

  // Emptied in the settings: the figures are on revenue, and every one says so.
  await page.locator('ltv-calculator #set-margin').fill('');
  await page.getByRole('button', { name: 'この条件で再計算' }).click();
  await page.waitForFunction(() => document.querySelector('ltv-calculator').shadowRoot.querySelector('[data-kpi=cpa] .sub')?.textContent.startsWith('売上ベース'));
  // The typed costs stay: 4,566.67 − 200 = 4,366.67 on revenue, 2.5 × the 40 % ceiling.
  assert.equal((await kpis(page)).cpa, '￥4,367');
  assert.equal(await cardSub(page, 'cpa'), '売上ベース・継続期間 1 年で計算');
  assert.equal(await dash.input('grossMarginPercent').inputValue(), '');
  assert.equal(await dash.note('allowableCpa'), '売上ベース');
  assert.equal(await dash.input('acquisitionCost').inputValue(), '1500');
  assert.match(await page.locator('ltv-calculator #dash-calc .basis-warning').textContent(), /^粗利率が未入力のため、売上ベース/);
  await assertAccessible(page, 'dashboard on revenue');
}));

test('許容CPA: the landing calculator’s 粗利率 is carried into the analysis, and the basis is stated in English', () => chromium.onPage(null, { locale: 'en-US' }, async ({ page }) => {
  await page.goto(distUrl('ltv.html'));
  const landing = inCalc(page, 'calc');
  await landing.input('grossMarginPercent').fill('25');
  await page.waitForFunction(() => /margin 25%/.test(document.querySelector('ltv-calculator').shadowRoot.querySelector('#calc [data-figure=allowableCpa] .note')?.textContent));
  await chooseFile(page, fixture('orders_basic.csv'));
  await openDashboard(page);
  // ¥4,566.67 × 25 % = ¥1,141.67.
  assert.equal((await kpis(page)).cpa, '¥1,142');
  assert.equal(await cardSub(page, 'cpa'), 'gross-profit basis, margin 25%, over a 1-year lifetime, retention cost not entered (not deducted)');
  const dash = inCalc(page, 'dash-calc');
  assert.equal(await dash.input('grossMarginPercent').inputValue(), '25');
  assert.deepEqual(await dash.verdicts(), [['pending',
    '…For a verdict, enter: Acquisition cost (CPA), Retention cost. An empty field is “not entered”, not zero.']]);
  await assertAccessible(page, 'dashboard in English');
  await shots(page, 'cpa-2-margin-basis-en');
}));

test('the calculator gives one verdict on one basis, with the article’s inequality in its numbers; empty is not entered; inputs survive a reload (JA)', () => chromium.onPage('ltv.html', async ({ page }) => {
  const c = inCalc(page, 'calc');
  await c.waitVerdict('profitable');
  // The example: ¥5,000 × 3 a year × 2 years, 40 %, CPA ¥8,000, retention ¥1,000 a year.
  assert.deepEqual(await c.verdicts(), [['profitable', '✓黒字です(粗利ベース・粗利率40%)。1人当たり利益は ￥2,000 です。']]);
  assert.deepEqual(await c.numbers(), [
    '(獲得費用 + 維持費用) < 平均購入単価 × 購入頻度 × 継続期間 × 粗利率',
    '(￥8,000 + ￥1,000 × 2年) = ￥10,000 < ￥5,000 × 3回 × 2年 × 40% = ￥12,000',
    'CPA < LTV − 維持費用: ￥8,000 < ￥12,000 − ￥2,000 = ￥10,000(許容CPA)']);
  assert.equal(await c.note('allowableCpa'), '粗利ベース・粗利率40%');
  assert.equal(await page.locator('ltv-calculator #calc').getByText('成立').count(), 0, 'no second verdict');
  assert.doesNotMatch(await page.locator('ltv-calculator #calc .calc-out').innerText(), /null|undefined|NaN/);

  // CPA ¥12,000: a loss, and the same inequality now reads ≧ with the new numbers.
  await c.input('acquisitionCost').fill('１２，０００');
  await c.waitVerdict('unprofitable');
  assert.deepEqual(await c.numbers(), [
    '(獲得費用 + 維持費用) < 平均購入単価 × 購入頻度 × 継続期間 × 粗利率',
    '(￥12,000 + ￥1,000 × 2年) = ￥14,000 ≧ ￥5,000 × 3回 × 2年 × 40% = ￥12,000',
    'CPA < LTV − 維持費用: ￥12,000 ≧ ￥12,000 − ￥2,000 = ￥10,000(許容CPA)']);
  assert.match((await c.verdicts())[0][1], /^✗赤字です\(粗利ベース・粗利率40%\)。1人当たり利益は -￥2,000 です。/);

  // Cleared: not entered, not ¥0 (which would have said 黒字 with ¥6,000 of profit).
  await c.input('acquisitionCost').fill('');
  await c.waitVerdict('pending');
  assert.equal(await c.figure('profit'), '未入力');
  assert.equal(await c.figure('allowableCpa'), '￥10,000');
  assert.deepEqual(await c.numbers(), []);
  await assertAccessible(page, 'calculator waiting for a CPA');
  await shots(page, 'cpa-3-calculator-pending');

  // No margin: every figure on revenue, said once in the verdict and on each figure, and warned.
  await c.input('acquisitionCost').fill('20000');
  await c.input('grossMarginPercent').fill('');
  await c.waitVerdict('profitable');
  assert.equal(await page.locator('ltv-calculator #calc [data-figure=grossProfitLtv]').count(), 0);
  assert.equal(await c.note('allowableCpa'), '売上ベース');
  assert.deepEqual(await c.numbers(), [
    '(獲得費用 + 維持費用) < 平均購入単価 × 購入頻度 × 継続期間',
    '(￥20,000 + ￥1,000 × 2年) = ￥22,000 < ￥5,000 × 3回 × 2年 = ￥30,000',
    'CPA < LTV − 維持費用: ￥20,000 < ￥30,000 − ￥2,000 = ￥28,000(許容CPA)']);
  assert.match(await page.locator('ltv-calculator #calc .basis-warning').textContent(), /広告費をかけると赤字になるおそれ/);

  // Remembered across a reload: only the six numbers, in localStorage.
  await c.input('grossMarginPercent').fill('35');
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('ltv.levers') || '{}').grossMarginPercent === '35');
  assert.deepEqual(await page.evaluate(() => JSON.parse(localStorage.getItem('ltv.levers'))), {
    averageOrderValue: '5000', purchasesPerYear: '3', years: '2', grossMarginPercent: '35', acquisitionCost: '20000', retentionCostPerYear: '1000' });
  await page.reload();
  await c.waitVerdict('unprofitable'); // 30,000 × 35 % = 10,500 < 22,000
  assert.equal(await c.input('grossMarginPercent').inputValue(), '35');
  assert.equal(await c.input('acquisitionCost').inputValue(), '20000');
  await shots(page, 'cpa-4-calculator-loss');
}));

test('the calculator in English: one verdict with the inequality in its numbers, and the pending state', () => chromium.onPage('ltv.html', { locale: 'en-US' }, async ({ page }) => {
  const c = inCalc(page, 'calc');
  await c.waitVerdict('profitable');
  assert.deepEqual(await c.numbers(), [
    '(acquisition cost + retention cost) < average order value × frequency × retention period × gross margin',
    '(¥8,000 + ¥1,000 × 2 years) = ¥10,000 < ¥5,000 × 3 × 2 years × 40% = ¥12,000',
    'CPA < LTV − retention cost: ¥8,000 < ¥12,000 − ¥2,000 = ¥10,000 (affordable CPA)']);
  await c.input('years').fill('');
  await c.waitVerdict('pending');
  assert.equal(await c.figure('revenueLtv'), 'not entered');
  assert.match((await c.verdicts())[0][1], /For a verdict, enter: Retention period\./);
  await assertAccessible(page, 'calculator in English');
  await shots(page, 'cpa-5-calculator-en');
}));
