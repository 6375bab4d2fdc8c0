#!/usr/bin/env node
// The DuckDB-WASM baseline of ./build.sh bench (issue 17): the same order file, the same work
// (per customer: orders, revenue, first and last day; then the totals), in the same headless
// Chromium, the file chosen in a file input and read through DuckDB's browser file reader.
// DuckDB-WASM's worker cannot start from file://, so the bench serves its npm package (pinned in
// bench/duckdb/package.json, installed there by `npm ci --prefix bench/duckdb`) from a loopback
// server of its own. Never part of the product, which makes no request at all.
//
// Usage: node bench/duckdb_wasm.mjs FILE [RUNS]   → one JSON line:
//   {startMs (worker + wasm instantiated + connected), ms: [each run], customers, orders, revenue}
import http from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import { join, extname } from 'node:path';
import * as esbuild from 'esbuild';
import { launch, root } from '../tests/e2e/browser.mjs';

const [file, runsArg = '3'] = process.argv.slice(2);
const dist = join(root, 'bench', 'duckdb', 'node_modules', '@duckdb', 'duckdb-wasm', 'dist');
if (!file || !existsSync(dist)) {
  process.stderr.write('usage: node bench/duckdb_wasm.mjs FILE [RUNS] (after npm ci --prefix bench/duckdb)\n');
  process.exit(2);
}

// The page's script, bundled by esbuild (the package's ESM build imports apache-arrow by name).
const SCRIPT = `import * as duckdb from '@duckdb/duckdb-wasm';
window.start = async () => {
  const t0 = performance.now();
  const worker = new Worker('/dist/duckdb-browser-eh.worker.js');
  window.db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate('/dist/duckdb-eh.wasm');
  window.conn = await db.connect();
  return performance.now() - t0;
};
window.run = async (i) => {
  const file = document.getElementById('f').files[0];
  const name = 'orders' + i + '.csv';
  const t0 = performance.now();
  await db.registerFileHandle(name, file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
  const table = await conn.query("SELECT count(*)::BIGINT AS customers, sum(orders)::BIGINT AS orders, sum(revenue)::DOUBLE AS revenue FROM ("
    + "SELECT customer_id, count(*) AS orders, sum(amount) AS revenue, min(order_date) AS first, max(order_date) AS last "
    + "FROM read_csv('" + name + "', header = true) GROUP BY customer_id)");
  const ms = performance.now() - t0;
  const row = table.toArray()[0].toJSON();
  await db.dropFile(name);
  return { ms, customers: Number(row.customers), orders: Number(row.orders), revenue: Number(row.revenue) };
};
window.ready = true;
`;
const bundle = (await esbuild.build({
  stdin: { contents: SCRIPT, resolveDir: join(root, 'bench', 'duckdb'), loader: 'js' },
  bundle: true, format: 'esm', write: false, logLevel: 'silent',
})).outputFiles[0].text;
const PAGE = '<!doctype html><meta charset="utf-8"><input type="file" id="f"><script type="module" src="/bundle.mjs"></script>';

const TYPES = { '.mjs': 'text/javascript', '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (url.pathname === '/' || url.pathname === '/bundle.mjs') {
    res.writeHead(200, { 'content-type': url.pathname === '/' ? 'text/html' : 'text/javascript' }).end(url.pathname === '/' ? PAGE : bundle);
    return;
  }
  const path = url.pathname.startsWith('/dist/') ? join(dist, url.pathname.slice(6).replace(/\.\.+/g, '')) : null;
  if (!path || !existsSync(path)) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(readFileSync(path));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const browser = await launch();
try {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction(() => window.ready === true);
  const startMs = await page.evaluate(() => window.start());
  await page.locator('#f').setInputFiles(file);
  const runs = [];
  for (let i = 0; i < Number(runsArg); i++) runs.push(await page.evaluate((k) => window.run(k), i));
  const last = runs.at(-1);
  console.log(JSON.stringify({ startMs, ms: runs.map((r) => r.ms), customers: last.customers, orders: last.orders, revenue: last.revenue }));
} finally {
  await browser.close();
  server.close();
}
