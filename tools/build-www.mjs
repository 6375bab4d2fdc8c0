#!/usr/bin/env node
// Assembles dist/ from www/ and the optimised wasm: no bundler, only concatenation.
//
//   dist/ltv-widget.js   one classic script: wasm (base64) + worker source + i18n + engine + widget
//   dist/ltv.html        the page: the same script inlined, with a strict CSP (script hash)
//   dist/index.html      the same page, for static hosts that serve index.html
//   dist/widget-demo.html  a plain "blog" page that embeds ltv-widget.js
//
// Usage: node tools/build-www.mjs <glue.js> <module_bg.wasm> <sample.csv> <outdir>

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [glueFile, wasmFile, sampleFile, outDir] = process.argv.slice(2);
const www = (name) => readFileSync(join(root, 'www', name), 'utf8');
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version
  ?? /^version = "(.*)"$/m.exec(readFileSync(join(root, 'Cargo.toml'), 'utf8'))[1];

/** A JS string literal that is also safe inside an inline <script> (no `</script`). */
const literal = (text) => JSON.stringify(text).replace(/<\//g, '<\\/');

const glue = readFileSync(glueFile, 'utf8');
if (!/\bLtvWasm\b/.test(glue)) throw new Error('glue must be built with --no-modules-global LtvWasm');
const workerSrc = `${glue}\n${www('worker.js')}`;
const wasmB64 = readFileSync(wasmFile).toString('base64');

const bundle = [
  '/*! LTV・RFM calculator — your order data never leaves the browser. MIT licence. */',
  '(function () {',
  "'use strict';",
  'if (window.LtvCalculator) return; // loaded twice: the first copy already defined everything',
  `const LTV_VERSION = ${literal(version)};`,
  `const LTV_WASM_B64 = ${literal(wasmB64)};`,
  `const LTV_WORKER_SRC = ${literal(workerSrc)};`,
  `const LTV_SAMPLE_CSV = ${literal(readFileSync(sampleFile, 'utf8'))};`,
  `const LTV_WIDGET_CSS = ${literal(www('widget.css'))};`,
  www('i18n.js'),
  www('engine.js'),
  www('widget.js'),
  'const LtvCalculator = Object.freeze({',
  '  version: LTV_VERSION,',
  '  analyze: LtvEngine.analyze,',
  '  preview: LtvEngine.preview,',
  '  levers: LtvEngine.levers,',
  '  define: defineLtvCalculator,',
  '  Element: LtvCalculatorElement,',
  '});',
  'window.LtvCalculator = LtvCalculator;',
  'defineLtvCalculator();',
  '})();',
  '',
].join('\n');
if (/<\/script/i.test(bundle)) throw new Error('bundle contains </script');

mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'ltv-widget.js'), bundle);

const hash = createHash('sha256').update(bundle, 'utf8').digest('base64');
const csp = [
  "default-src 'none'",
  `script-src 'sha256-${hash}' 'wasm-unsafe-eval'`,
  "style-src 'unsafe-inline'",
  'img-src data: blob:',
  'worker-src blob:',
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
let page = www('index.html');
for (const [placeholder, value] of [['{{CSP}}', csp], ['{{VERSION}}', version], ['{{SCRIPT}}', bundle]]) {
  if (!page.includes(placeholder)) throw new Error(`index.html lacks ${placeholder}`);
  page = page.split(placeholder).join(value); // split/join: no `$` patterns as in String.replace
}
writeFileSync(join(outDir, 'ltv.html'), page);
writeFileSync(join(outDir, 'index.html'), page);
writeFileSync(join(outDir, 'widget-demo.html'), www('widget-demo.html'));
process.stderr.write(`dist: ltv.html ${(page.length / 1024).toFixed(0)} KiB, wasm ${(wasmB64.length * 0.75 / 1024).toFixed(0)} KiB\n`);
