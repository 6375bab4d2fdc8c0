// One large file read by several workers (issue 17: byte ranges, partial aggregates merged in
// the file's worker) gives exactly the report one worker gives: UTF-8 and CP932 files of
// 100 000 rows, and one with a quoted cell of many lines across the middle of the file, where
// the second range starts inside the quotes and is read again. (The native test
// tests/split_import.rs compares the two on every fixture at many cuts.)
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
