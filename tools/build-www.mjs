#!/usr/bin/env node
// Assembles dist/ from www/ and the optimised wasm: no bundler, only concatenation.
//
//   dist/ltv-widget.js   one classic script, minified by esbuild: `LtvAssets` (wasm, sample, CSS
//                        and messages gzipped, 7 bits a character — see pack7; the wasm-bindgen
//                        glue and the worker as functions) + uPlot + the www files in the order
//                        below, all inside one function scope; only `LtvCalculator` and
//                        <ltv-calculator> are global
//   dist/ltv.html        the page: the same script inlined, with a strict CSP (script hash)
//   dist/index.html      the same page, for static hosts that serve index.html
//   dist/widget-demo.html  a plain "blog" page that embeds ltv-widget.js (two widgets)
//   dist/iframe-demo.html  a "blog" page that embeds ltv.html in a sandboxed iframe
//
// Usage: node tools/build-www.mjs <glue.js> <module_bg.wasm> <sample.csv> <outdir> [--zopfli <python>]
//   --zopfli: a python with the zopfli package (build.sh makes one) writes the gzip, ~5 % smaller
//   than zlib's best (node's zlib, the fallback, compresses a little less than the reference zlib).
//
// How the www files live together: each one defines exactly one namespace object
// (`const LtvDom = (() => { …; return Object.freeze({ h, section, … }); })();`) and takes what it
// uses from the files above it at the top of its own function (`const { h, section } = LtvDom;`).
// No other name is shared between files, and a file never uses one below it (no cycles).
// tests/e2e/modules.test.mjs checks this list against the files.

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { gzipSync, constants } from 'node:zlib';
import { buildSync, transformSync } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The www files in dependency order: each may use the namespaces above it. `LtvAssets` (written
 * by this script) and uPlot (vendor) come before them all.
 */
export const WWW_FILES = [
  ['packed.js', 'LtvPacked'], // unpack7 and the synchronous inflate of packed texts ← LtvGunzip
  ['ui/util.js', 'LtvUtil'], // debounce, nextTask, LatestRequest, typed numbers, file names
  // engine.js before the messages: it starts inflating and compiling the wasm as it is evaluated
  ['engine.js', 'LtvEngine'], // the wasm and the workers, the JS API ← LtvAssets, LtvUtil
  ['i18n/ja.js', 'LtvMessagesJa'], // the Japanese messages (only the table)
  ['i18n/en.js', 'LtvMessagesEn'], // the English messages (only the table)
  ['i18n.js', 'LtvI18n'], // translator, number and date formats ← messages
  ['ui/store.js', 'LtvStore'], // remembered language and column mappings (localStorage)
  ['ui/dom.js', 'LtvDom'], // h() (textContent only), sections, tables, downloads
  ['ui/text.js', 'LtvText'], // error messages, currency units, the core's names
  ['ui/charts.js', 'LtvCharts'], // uPlot charts ← LtvDom
  ['ui/calculator.js', 'LtvLevers'], // the five-lever calculator ← LtvDom, LtvUtil, LtvStore, LtvText, LtvEngine
  ['ui/check.js', 'LtvCheck'], // the import check and the column mapping ← LtvDom
  ['ui/flow.js', 'LtvFlow'], // landing, progress, errors ← LtvDom, LtvText, LtvCheck
  ['ui/dashboard.js', 'LtvDashboard'], // what the dashboard's sections share ← LtvDom, LtvText
  ['ui/dashboard-overview.js', 'LtvOverview'], // header, navigation, KPIs, top 10, settings ← LtvLevers
  ['ui/dashboard-status.js', 'LtvStatus'], // 今週やること, the status legend
  ['ui/dashboard-repeat.js', 'LtvRepeat'], // F2/F3 by window, retention
  ['ui/dashboard-rfm.js', 'LtvRfm'], // RFM segments and grid
  ['ui/dashboard-trends.js', 'LtvTrends'], // deciles and cohorts ← LtvCharts
  ['ui/dashboard-cpm.js', 'LtvCpm'], // CPM groups and channels
  ['ui/dashboard-products.js', 'LtvProducts'], // 初回購入商品別 and the 商品マスタ
  ['ui/dashboard-compare.js', 'LtvCompare'], // two analysis dates: figures, segments, moves
  ['ui/dashboard-subscription.js', 'LtvSubscription'], // 定期: 継続率 by 回数, sBG, 定期LTV, lists
  ['ui/dashboard-payback.js', 'LtvPayback'], // 回収期間 by acquisition month
  ['ui/dashboard-views.js', 'LtvViews'], // 月次推移 and the other 通販 views ← LtvCharts
  ['ui/dashboard-sections.js', 'LtvSections'], // the dashboard's sections in order, the later part's marked ← every view
  ['ui/dashboard-forecast-check.js', 'LtvForecastCheck'], // the holdout check and the fit's details ← LtvCharts, LtvDashboard
  ['ui/dashboard-forecast.js', 'LtvForecast'], // the model forecast ← LtvForecastCheck
  ['ui/table.js', 'LtvTable'], // the customer table
  ['ui/exports.js', 'LtvExports'], // CSV exports, the LTV pack, the settings file ← the views' export labels
  ['widget.js', 'LtvWidget'], // <ltv-calculator>: state and flow ← every view
  ['page.js', 'LtvPage'], // dist/ltv.html's header, footer and iframe height ← LtvI18n
];

/** The ids of the page's data blocks that carry the packed wasm and sample (LtvEngine reads them). */
const DATA_BLOCK = { __LTV_WASM__: 'ltv-wasm', __LTV_SAMPLE__: 'ltv-sample' };

/** The 7-bit groups that may not appear as themselves in the literal: NUL, LF, CR, ", <, \. */
export const UNSAFE7 = [0, 10, 13, 34, 60, 92];

/**
 * Binary → the body of a JS string literal (between double quotes, also safe inside <script>)
 * carrying 7 bits a character, where base64 carries 6: the bytes are cut into 7-bit groups, MSB
 * first, the last one padded with zeros; a group is sent as that ASCII character, except the six
 * UNSAFE7 groups: such a group goes with the group after it (0 at the end) as one character
 * ((index in UNSAFE7 + 2) << 7 | next), U+0100–U+03FF, two bytes in UTF-8 for two groups.
 * So every byte costs 8/7 of a byte (base64: 4/3). `unpack7` in www/engine.js is the inverse.
 */
export function pack7(bytes) {
  const groups = [];
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 7) {
      bits -= 7;
      groups.push((acc >> bits) & 127);
    }
    acc &= (1 << bits) - 1;
  }
  if (bits > 0) groups.push((acc << (7 - bits)) & 127);
  const chars = [];
  for (let i = 0; i < groups.length; i++) {
    const k = UNSAFE7.indexOf(groups[i]);
    if (k < 0) chars.push(groups[i]);
    else chars.push(((k + 2) << 7) | (i + 1 < groups.length ? groups[++i] : 0));
  }
  let out = '';
  for (let i = 0; i < chars.length; i += 8192) out += String.fromCharCode(...chars.slice(i, i + 8192));
  return out;
}

/**
 * gzip of each buffer: by zopfli when `python` has it (one process for all), else node's zlib at
 * its best level. Both are plain gzip (RFC 1952): DecompressionStream and fflate read either.
 */
function gzipAll(buffers, python) {
  if (!python) return buffers.map((b) => gzipSync(b, { level: constants.Z_BEST_COMPRESSION, memLevel: 9 }));
  // Length-prefixed buffers in, length-prefixed gzip out (5 iterations: 15 take 40 % longer for 0.02 %).
  const script = [
    'import sys, struct, zopfli.gzip',
    'data = sys.stdin.buffer.read(); out = sys.stdout.buffer; i = 0',
    'while i < len(data):',
    '    (n,) = struct.unpack_from("<I", data, i); i += 4',
    '    z = zopfli.gzip.compress(data[i:i + n], numiterations=5); i += n',
    '    out.write(struct.pack("<I", len(z)) + z)',
  ].join('\n');
  const input = Buffer.concat(buffers.flatMap((b) => [Buffer.from(new Uint32Array([b.length]).buffer), b]));
  const res = spawnSync(python, ['-c', script], { input, maxBuffer: 1 << 30 });
  if (res.status !== 0) throw new Error(`zopfli (${python}) failed: ${res.stderr}`);
  const out = [];
  for (let i = 0; i < res.stdout.length;) {
    const n = res.stdout.readUInt32LE(i);
    out.push(res.stdout.subarray(i + 4, i + 4 + n));
    i += 4 + n;
  }
  if (out.length !== buffers.length) throw new Error('zopfli: wrong number of outputs');
  return out;
}

/** Builds dist/ (see the top of this file). */
function build(argv) {
  const zopfliAt = argv.indexOf('--zopfli');
  const python = zopfliAt >= 0 ? argv[zopfliAt + 1] : null;
  const [glueFile, wasmFile, sampleFile, outDir] = zopfliAt >= 0 ? argv.filter((_, i) => i !== zopfliAt && i !== zopfliAt + 1) : argv;
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const www = (name) => readFileSync(join(root, 'www', name), 'utf8');
  const npm = (name) => readFileSync(join(root, 'node_modules', name), 'utf8');

  // uPlot 1.6.32 (MIT): its IIFE defines `var uPlot`, local to loadUPlot (run on the first chart).
  const uplotJs = npm('uplot/dist/uPlot.iife.min.js');
  if (!/^\/\*! https:\/\/github.com\/leeoniya\/uPlot \(v1\.6\.32\) \*\//.test(uplotJs)) throw new Error('expected uPlot 1.6.32');
  const css = transformSync(`/*! uPlot 1.6.32 (MIT) */\n${npm('uplot/dist/uPlot.min.css')}\n${www('widget.css')}`,
    { loader: 'css', minify: true, charset: 'utf8', legalComments: 'inline' }).code;
  /** Whitespace and comments out, syntax shortened, local names shortened (globals and the API keep theirs). */
  const minify = (js) => transformSync(js, { loader: 'js', minify: true, charset: 'utf8', legalComments: 'inline' }).code;
  const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version
    ?? /^version = "(.*)"$/m.exec(readFileSync(join(root, 'Cargo.toml'), 'utf8'))[1];

  /** A JS string literal that is also safe inside an inline <script> (no `</script`). */
  const literal = (text) => JSON.stringify(text).replace(/<\//g, '<\\/');

  const glue = readFileSync(glueFile, 'utf8');
  if (!/^let LtvWasm = /m.test(glue)) throw new Error('glue must be built with --no-modules-global LtvWasm');
  // The wasm and the sample travel gzipped (gzipAll), packed 7 bits a character; the page
  // inflates them with the browser's own DecompressionStream (LtvEngine). gzip's CRC-32 catches a
  // damaged copy. They are put in after esbuild, which would escape the control characters.
  const wasm = readFileSync(wasmFile);
  // What the first render needs (the messages, the CSS) travels the same way, inflated on first
  // use by fflate's gunzipSync (4.6 KB): as plain text it was a third of the page. It stays
  // inside the script in the page too (needed before any data block is read).
  const messages = (file, name) => {
    const table = new Function(`${www(file)}\nreturn ${name};`)();
    return Buffer.from(JSON.stringify(table), 'utf8');
  };
  const texts = {
    __LTV_CSS__: Buffer.from(css, 'utf8'),
    __LTV_MSG_JA__: messages('i18n/ja.js', 'LtvMessagesJa'),
    __LTV_MSG_EN__: messages('i18n/en.js', 'LtvMessagesEn'),
  };
  const [wasmGz, sampleGz, ...gzipped] = gzipAll([wasm, readFileSync(sampleFile), ...Object.values(texts)], python);
  const packed = { __LTV_WASM__: pack7(wasmGz), __LTV_SAMPLE__: pack7(sampleGz) };
  const textsGz = Object.fromEntries(Object.keys(texts).map((token, i) => [token, gzipped[i]]));
  const inline = Object.fromEntries(Object.entries(textsGz).map(([token, gz]) => [token, pack7(gz)]));
  const packedText = (token) => `{ bytes: ${textsGz[token].length}, text: "${token}" }`;
  const gunzipJs = buildSync({
    stdin: { contents: "export { gunzipSync } from 'fflate';", resolveDir: root, loader: 'js' },
    bundle: true, format: 'iife', globalName: 'LtvGunzip', minify: true, write: false, platform: 'browser', legalComments: 'inline',
  }).outputFiles[0].text;
  const wwwSource = (file) => ({
    // Inflated on first use (the English table only when English is shown).
    'i18n/ja.js': `const LtvMessagesJa = LtvPacked.table(${packedText('__LTV_MSG_JA__')});`,
    'i18n/en.js': `const LtvMessagesEn = LtvPacked.table(${packedText('__LTV_MSG_EN__')});`,
  })[file] ?? www(file);

  const source = [
    '/*! LTV・RFM calculator — your order data never leaves the browser. MIT licence. */',
    '(function () {',
    "'use strict';",
    'if (window.LtvCalculator) return; // loaded twice: the first copy already defined everything',
    "performance.mark('ltv:start');",
    '/** What the build puts in: the version; the wasm, the sample and the CSS gzipped and packed (bytes and text); the glue and the worker. */',
    'const LtvAssets = Object.freeze({',
    `  version: ${literal(version)},`,
    `  wasmGz: { bytes: ${wasmGz.length}, text: "__LTV_WASM__", block: 'ltv-wasm' },`,
    `  sampleGz: { bytes: ${sampleGz.length}, text: "__LTV_SAMPLE__", block: 'ltv-sample' },`,
    `  widgetCssGz: ${packedText('__LTV_CSS__')},`,
    '  /** The wasm-bindgen glue (--target no-modules): → LtvWasm. Run on the main thread for what',
    '   *  needs no file; its source (toString) also heads the workers\' (LtvEngine). */',
    `  glue: function () {\n${glue}\nreturn LtvWasm;\n},`,
    '  /** www/worker.js, run in each worker after the glue (LtvEngine builds the source). */',
    `  worker: function () {\n${www('worker.js')}\n},`,
    '});',
    '/** fflate 0.8.2 (MIT): gunzipSync only. */',
    gunzipJs,
    '/** uPlot, evaluated on the first chart: its set-up took ~80 ms of a cold page load. */',
    'let uPlotLoaded = null;',
    `const loadUPlot = () => (uPlotLoaded ??= (() => {\n${uplotJs}\nreturn uPlot;\n})());`,
    ...WWW_FILES.map(([f]) => `// ── www/${f}\n${wwwSource(f)}`),
    'const LtvCalculator = Object.freeze({',
    '  version: LtvAssets.version,',
    '  analyze: LtvEngine.analyze,',
    '  preview: LtvEngine.preview,',
    '  levers: LtvEngine.levers,',
    '  define: LtvWidget.define,',
    '  Element: LtvWidget.Element,',
    '});',
    'window.LtvCalculator = LtvCalculator;',
    'LtvWidget.define();',
    "performance.mark('ltv:defined');",
    'LtvPage.connect();',
    '})();',
    '',
  ].join('\n');
  if (/<\/script/i.test(source)) throw new Error('bundle contains </script');
  let bundle = minify(source);
  for (const [token, text] of Object.entries(inline)) {
    const parts = bundle.split(`"${token}"`);
    if (parts.length !== 2) throw new Error(`expected one "${token}" in the minified bundle`);
    bundle = parts.join(`"${text}"`);
  }
  const pageSource = bundle;
  for (const [token, text] of Object.entries(packed)) {
    const parts = bundle.split(`"${token}"`);
    if (parts.length !== 2) throw new Error(`expected one "${token}" in the minified bundle`);
    bundle = parts.join(`"${text}"`);
  }
  if (/<\/script|<!--/i.test(bundle)) throw new Error('bundle contains </script or <!--');

  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'ltv-widget.js'), bundle);

  // The page carries the packed wasm and sample in data blocks (<script type="application/
  // octet-stream">: never parsed or run as JavaScript, so not under script-src), not in its
  // script: the JS parser then reads 40 % of the bytes it reads in the widget. LtvEngine takes
  // them from the DOM (`text: null`, `block: id`).
  let pageBundle = pageSource;
  for (const token of Object.keys(packed)) {
    const parts = pageBundle.split(`"${token}"`);
    if (parts.length !== 2) throw new Error(`expected one "${token}" in the minified page bundle`);
    pageBundle = parts.join('null');
  }
  if (/<\/script|<!--/i.test(pageBundle)) throw new Error('page bundle contains </script or <!--');
  const dataBlocks = Object.entries(packed).map(([token, text]) =>
    `<script type="application/octet-stream" id="${DATA_BLOCK[token]}">${text}</script>`).join('\n');
  if (/<\/script|<!--/i.test(Object.values(packed).join(''))) throw new Error('packed data contains </script or <!--');

  const hash = createHash('sha256').update(pageBundle, 'utf8').digest('base64');
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
  for (const [placeholder, value] of [['{{CSP}}', csp], ['{{VERSION}}', version], ['{{DATA}}', dataBlocks], ['{{SCRIPT}}', pageBundle]]) {
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
  process.stderr.write(`dist: ltv.html ${kib(Buffer.byteLength(page))} KiB, ltv-widget.js ${kib(Buffer.byteLength(bundle))} KiB `
    + `(wasm ${kib(wasm.length)} KiB, gzipped ${kib(wasmGz.length)} KiB, packed ${kib(Buffer.byteLength(packed.__LTV_WASM__))} KiB; `
    + `sample gzipped and packed ${kib(Buffer.byteLength(packed.__LTV_SAMPLE__))} KiB; uPlot ${kib(uplotJs.length)} KiB)\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) build(process.argv.slice(2));
