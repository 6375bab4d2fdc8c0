#!/usr/bin/env node
// Assembles dist/ from www/ and the optimised wasm: no bundler, only concatenation.
//
//   dist/ltv-widget.js   one classic script: wasm (base64) + worker source + uPlot + i18n + engine
//                        + the views (www/ui/*.js, in the order below) + the element, all inside one
//                        function scope; only `LtvCalculator` and <ltv-calculator> are global
//   dist/ltv.html        the page: the same script inlined, with a strict CSP (script hash)
//   dist/index.html      the same page, for static hosts that serve index.html
//   dist/widget-demo.html  a plain "blog" page that embeds ltv-widget.js (two widgets)
//   dist/iframe-demo.html  a "blog" page that embeds ltv.html in a sandboxed iframe
//
// Usage: node tools/build-www.mjs <glue.js> <module_bg.wasm> <sample.csv> <outdir>

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [glueFile, wasmFile, sampleFile, outDir] = process.argv.slice(2);
const www = (name) => readFileSync(join(root, 'www', name), 'utf8');
const npm = (name) => readFileSync(join(root, 'node_modules', name), 'utf8');

/** The views, in dependency order (each file may use the ones above it). */
const UI_FILES = [
  'ui/dom.js',
  'ui/charts.js',
  'ui/calculator.js',
  'ui/flow.js',
  'ui/dashboard-overview.js',
  'ui/dashboard-repeat.js',
  'ui/dashboard-rfm.js',
  'ui/dashboard-trends.js',
  'ui/dashboard-cpm.js',
  'ui/dashboard-forecast.js',
  'ui/table.js',
];

// uPlot 1.6.32 (MIT): its IIFE defines `var uPlot`, which stays local to the bundle's function.
const uplotJs = npm('uplot/dist/uPlot.iife.min.js');
if (!/^\/\*! https:\/\/github.com\/leeoniya\/uPlot \(v1\.6\.32\) \*\//.test(uplotJs)) throw new Error('expected uPlot 1.6.32');
const css = `/* uPlot 1.6.32 (MIT) */\n${npm('uplot/dist/uPlot.min.css')}\n${www('widget.css')}`;
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
  `const LTV_WIDGET_CSS = ${literal(css)};`,
  uplotJs,
  www('i18n.js'),
  www('engine.js'),
  ...UI_FILES.map((f) => `// ── www/${f}\n${www(f)}`),
  www('widget.js'),
  www('page.js'),
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
  'ltvPageGlue();',
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
// The iframe demo runs under a strict CSP of its own: one hashed script that sizes the frame.
const resize = [
  '// Sizes the frame to the tool (the frame only ever sends its height; the data stays inside).',
  "const frame = document.getElementById('ltv-frame');",
  "window.addEventListener('message', (e) => {",
  "  if (e.source !== frame.contentWindow || !e.data || e.data.type !== 'ltv-height') return;",
  '  const height = Number(e.data.height);',
  '  if (Number.isFinite(height)) frame.style.height = `${Math.max(400, Math.min(height + 2, 20000))}px`;',
  '});',
].join('\n');
const resizeHash = createHash('sha256').update(resize, 'utf8').digest('base64');
writeFileSync(join(outDir, 'iframe-demo.html'),
  www('iframe-demo.html').split('sha256-{{RESIZE_HASH}}').join(`sha256-${resizeHash}`).split('{{RESIZE}}').join(resize));
const kib = (n) => (n / 1024).toFixed(0);
process.stderr.write(`dist: ltv.html ${kib(Buffer.byteLength(page))} KiB (wasm ${kib(wasmB64.length * 0.75)} KiB as ${kib(wasmB64.length)} KiB base64, uPlot ${kib(uplotJs.length)} KiB)\n`);
