// One large file read by several workers (issue 17: byte ranges, partial aggregates merged in
// the file's worker) gives exactly the report one worker gives: UTF-8 and CP932 files of
// 100 000 rows, and one with a quoted cell of many lines across the middle of the file, where
// the second range starts inside the quotes and is read again. (The native test
// tests/split_import.rs compares the two on every fixture at many cuts.) An LTV pack of 16 MB is
// read by two and three workers too (issue 18: the prelude, then a range of customer records each), and
// where a cut cannot be read as a split (a quoted line break, a broken row) by one, with the same
// report or the same error (tests/pack_split.rs: at every cut, natively).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { useChromium, root } from './browser.mjs';

const chromium = useChromium();
const dir = join(root, 'build', 'e2e-split');
const file = (name) => join(dir, name);

before(() => {
  mkdirSync(dir, { recursive: true });
  const gen = (name, args) => existsSync(file(name))
    || execFileSync('node', [join(root, 'tools', 'gen-orders.mjs'), '--rows', '100000', ...args, '--out', file(name)]);
  gen('utf8.csv', []);
  gen('cp932.csv', ['--encoding', 'cp932']);
  // 400 000 orders: their pack is over 12 MiB, three ranges of at least 4 MiB.
  existsSync(file('pack-orders-400k.csv'))
    || execFileSync('node', [join(root, 'tools', 'gen-orders.mjs'), '--rows', '400000', '--out', file('pack-orders-400k.csv')]);
  // A product cell of 1,000 lines (11 KB) whose text runs across the middle of the file.
  const bytes = readFileSync(file('utf8.csv'));
  let at = bytes.indexOf(10, Math.floor(bytes.length / 2) - 4000) + 1;
  let line = '';
  for (;;) {
    line = bytes.subarray(at, bytes.indexOf(10, at)).toString('utf8');
    if (!line.includes('"')) break;
    at = bytes.indexOf(10, at) + 1;
  }
  const cells = line.split(',');
  assert.equal(cells.length, 8, line);
  cells[5] = `"${'メモ,\n'.repeat(1000)}"`;
  writeFileSync(file('quoted.csv'), Buffer.concat([bytes.subarray(0, at), Buffer.from(cells.join(',')), bytes.subarray(at + Buffer.byteLength(line))]));
});

/** The import report, headline figures and the first table page, read with one worker or split. */
async function read(page, name, readers) {
  await page.evaluate(() => document.getElementById('fx')?.remove());
  await page.evaluate(() => document.body.append(Object.assign(document.createElement('input'), { type: 'file', id: 'fx' })));
  await page.locator('#fx').setInputFiles(file(name));
  return page.evaluate(async (n) => {
    const report = await LtvCalculator.analyze(document.getElementById('fx').files[0], { readers: n });
    const table = await report.customers({ limit: 50, sort: 'revenue' });
    report.close();
    return { import: report.import, overview: report.overview, analysis: report.analysis, table, readers: report.timing.readers };
  }, readers);
}

for (const name of ['utf8.csv', 'cp932.csv', 'quoted.csv']) {
  test(`${name}: several workers give the report of one`, () => chromium.onPage('ltv.html', async ({ page }) => {
    const one = await read(page, name, 1);
    const split = await read(page, name, 2);
    assert.equal(one.readers, 1);
    assert.equal(split.readers, 2);
    assert.deepEqual(split.import, one.import);
    assert.deepEqual(split.overview, one.overview);
    assert.deepEqual(split.analysis, one.analysis);
    assert.deepEqual(split.table, one.table);
    if (name === 'quoted.csv') assert.ok(one.import.rows > 99_000);
  }));
}

/** The page's pack of pack-orders.csv, then a copy with a quoted line break at the cut two
 * workers make and one with a broken last row (written beside the orders). */
async function writePacks(page) {
  await page.evaluate(() => document.body.append(Object.assign(document.createElement('input'), { type: 'file', id: 'fx' })));
  await page.locator('#fx').setInputFiles(file('pack-orders-400k.csv'));
  const base64 = await page.evaluate(async () => {
    const orders = await LtvCalculator.analyze(document.getElementById('fx').files[0], { readers: 1, analysis: false });
    const { bytes } = await orders.exportPack('e2e-salt-0123');
    orders.close();
    let text = '';
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(text);
  });
  const pack = Buffer.from(base64, 'base64');
  assert.ok(pack.length > 12 << 20, `the pack is ${pack.length} bytes`);
  writeFileSync(file('shop.ltvpack.csv'), pack);
  // Two workers cut at first + (size − first) / 2. The id of the first customer after the middle
  // gets a quoted line break 20 bytes into its line, and empty lines at the end (ignored) move the
  // cut 16 bytes into it: the first range ends inside the quotes.
  const first = pack.indexOf('\ncustomer,') + 1;
  const s = pack.indexOf(10, first + Math.floor((pack.length - first) / 2)) + 1;
  const id = s + 'customer,'.length;
  const quoted = Buffer.concat([pack.subarray(0, id), Buffer.from('"'), pack.subarray(id, id + 10), Buffer.from('\n'),
    pack.subarray(id + 10, id + 20), Buffer.from('"'), pack.subarray(id + 20)]);
  const padding = 2 * (s + 16 - first) - (quoted.length - first);
  assert.ok(padding >= 0 && pack[id + 20] === 44, 'a 20-character id');
  const padded = Buffer.concat([quoted, Buffer.from('\n'.repeat(padding))]);
  assert.equal(first + Math.floor((padded.length - first) / 2), s + 16);
  writeFileSync(file('quoted.ltvpack.csv'), padded);
  writeFileSync(file('broken.ltvpack.csv'), Buffer.concat([pack, Buffer.from('customer,ffff,,2024-13-01,2024-13-01,1,1,1,,1,,0,,1,,\n')]));
}

/** A pack's report, figures and first table page (or its error), read with `readers` workers. */
async function readPack(page, name, readers) {
  await page.locator('#fx').setInputFiles(file(name));
  return page.evaluate(async (n) => {
    try {
      const seen = [];
      const report = await LtvCalculator.analyze(document.getElementById('fx').files[0], { readers: n, onProgress: (p) => seen.push(p) });
      const table = await report.customers({ limit: 50, sort: 'revenue' });
      report.close();
      const { pack, overview, analysis } = report;
      // A pack has no rows to count (the page shows megabytes read): rows are null throughout,
      // the bytes only grow, and the last progress has read the whole file.
      const last = seen.at(-1);
      const progress = { rows: [...new Set(seen.map((p) => p.rows))], growing: seen.every((p, k) => k === 0 || p.bytes >= seen[k - 1].bytes),
        whole: last.bytes === last.total && last.total === document.getElementById('fx').files[0].size };
      return { pack, import: report.import, overview, analysis, table, progress, readers: report.timing.readers, analysers: report.timing.analysers,
        analystMemory: report.timing.analystWasmMemoryBytes };
    } catch (e) {
      return { error: { name: e.name, message: e.message, details: e.details } };
    }
  }, readers);
}

test('an LTV pack of 16 MB: two or three workers give the report of one; a quoted line break at the cut or a broken row is read by one', () => chromium.onPage('ltv.html', async ({ page }) => {
  await writePacks(page);
  const one = await readPack(page, 'shop.ltvpack.csv', 1);
  assert.equal(one.readers, 1);
  assert.deepEqual(one.progress, { rows: [null], growing: true, whole: true });
  assert.ok(one.analysis.customers > 140_000, `${one.analysis.customers} customers`);
  assert.ok(one.analysis.products.byProduct.length > 0, 'a view of the second worker has rows');
  // Three: the third range's customers go to the file's worker, then on to the second.
  for (const n of [2, 3]) {
    const split = await readPack(page, 'shop.ltvpack.csv', n);
    assert.equal(split.readers, n);
    assert.equal(split.analysers, 2, 'the later views were computed by the second worker');
    // The second worker's memory is reported: it holds the whole pack too (more than the file).
    assert.ok(split.analystMemory > 16e6, `${split.analystMemory} bytes`);
    assert.deepEqual(split, { ...one, readers: n, analysers: 2, analystMemory: split.analystMemory });
  }
  // `early`: the report comes with the file's worker's part (the later views are empty until
  // the second worker's come, unless they came first), and `complete` fills them in: the
  // analysis of one worker.
  const early = await page.evaluate(async () => {
    const report = await LtvCalculator.analyze(document.getElementById('fx').files[0], { readers: 2, early: true });
    const whole = await report.complete;
    report.close();
    return { same: whole === report.analysis, analysis: report.analysis, analysers: report.timing.analysers };
  });
  assert.equal(early.same, true);
  assert.equal(early.analysers, 2);
  assert.deepEqual(early.analysis, one.analysis);
  // The page draws a split pack's first sections as soon as the file's worker has its part, the
  // later ones when the second worker's come: every section and its link are there in the end,
  // with one worker's figures.
  await page.locator('ltv-calculator input[type=file]').setInputFiles(file('shop.ltvpack.csv'));
  await page.locator('ltv-calculator .step-body[data-complete]').waitFor({ timeout: 120_000 });
  const shown = await page.evaluate(() => {
    const el = document.querySelector('ltv-calculator');
    const root = el.shadowRoot || el;
    const ids = ['products', 'monthly', 'upgrade', 'payback', 'cohorts'];
    return {
      sections: ids.filter((id) => root.querySelector(`section#${id}`)),
      links: ids.filter((id) => root.querySelector(`.section-nav a[href="#${id}"]`)),
      analysers: el.report.timing.analysers,
      analysis: el.report.analysis,
    };
  });
  assert.deepEqual({ ...shown, analysis: null }, { sections: ['products', 'monthly', 'upgrade', 'payback', 'cohorts'],
    links: ['products', 'monthly', 'upgrade', 'payback', 'cohorts'], analysers: 2, analysis: null });
  // (The page analyses at its calculator's 粗利率, 40 %, as one worker does here.)
  const oneAt40 = await page.evaluate(async () => {
    const report = await LtvCalculator.analyze(document.getElementById('fx').files[0], { readers: 1, analysis: { grossMarginPercent: '40' } });
    report.close();
    return report.analysis;
  });
  assert.deepEqual(shown.analysis, oneAt40);
  // The quoted line break: the split sees its first range end inside quotes; one worker reads it.
  const quotedOne = await readPack(page, 'quoted.ltvpack.csv', 1);
  const quotedSplit = await readPack(page, 'quoted.ltvpack.csv', 2);
  assert.equal(quotedSplit.readers, 1);
  assert.equal(quotedSplit.analysers, undefined);
  assert.equal(quotedOne.analysis.customers, one.analysis.customers);
  // Its progress starts again when one worker reads the file after the split's ranges.
  assert.deepEqual(quotedSplit.progress, { rows: [null], growing: false, whole: true });
  assert.deepEqual({ ...quotedSplit, progress: null }, { ...quotedOne, progress: null });
  // The broken row: the same error, at the same line, either way.
  const brokenOne = await readPack(page, 'broken.ltvpack.csv', 1);
  const brokenSplit = await readPack(page, 'broken.ltvpack.csv', 2);
  assert.equal(brokenOne.error?.name, 'bad_pack', JSON.stringify(brokenOne).slice(0, 300));
  assert.deepEqual(brokenSplit, brokenOne);
}));
