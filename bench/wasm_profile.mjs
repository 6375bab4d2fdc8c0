// Where the page's wasm spends its time, function by function, outside the browser: runs the
// wasm-bindgen output under node (the same V8 as Chromium) on an order file or an LTV pack,
// import then analysis, and with --profile prints the functions that took the most time.
//
//   cargo build --locked --release --target wasm32-unknown-unknown
//   wasm-bindgen --target no-modules --no-modules-global LtvWasm --no-typescript --keep-debug \
//     --out-dir build/wasm-names target/wasm32-unknown-unknown/release/ltv.wasm
//   node_modules/.bin/wasm-opt -O3 --debuginfo build/wasm-names/ltv_bg.wasm -o build/wasm-names/ltv_bg.wasm
//   node bench/wasm_profile.mjs build/wasm-names FILE [--profile] [--split] [--cold]
//
// `--split` opens a pack as the page's two workers do, one after the other here: both ranges,
// the joins (the file's worker's merge and the second worker's whole pack), the analysis's first
// part and its later views, each step timed (wall and CPU: this host is shared); then checks the
// joined analysis is one worker's.
//
// (build.sh's own build/wasm works too, without names.) This is how the 128-bit multiplications
// (`__multi3`) and 回収期間's per-step sums were found: `perf` on the native build does not show
// what is slow only in wasm.
import { readFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import vm from 'node:vm';

const [dir, file, ...flags] = process.argv.slice(2);
const flag = flags.includes('--profile') ? '--profile' : null;
if (!dir || !file) throw new Error('usage: node bench/wasm_profile.mjs WASM_DIR FILE [--profile]');
vm.runInThisContext(`${readFileSync(join(dir, 'ltv.js'), 'utf8')}\nglobalThis.LtvWasm = LtvWasm;`);
const LtvWasm = globalThis.LtvWasm;
LtvWasm.initSync({ module: readFileSync(join(dir, 'ltv_bg.wasm')) });
const bytes = readFileSync(file);
// As the page does before a file comes (its spare worker): without it, V8 runs the first large
// file's long calls in baseline code (--cold to leave it out).
if (!flags.includes('--cold')) LtvWasm.warmUp();
const chunk = 4 << 20;
const chunks = function* () { for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk); };

const inspector = flag === '--profile' ? new Session() : null;
if (inspector) {
  inspector.connect();
  await inspector.post('Profiler.enable');
  await inspector.post('Profiler.start');
}
let t = performance.now();
let session;
if (flags.includes('--split')) {
  const step = (name, f) => {
    const [t0, cpu0] = [performance.now(), process.cpuUsage()];
    const out = f();
    const cpu = process.cpuUsage(cpu0);
    const ms = (us) => Math.round(us / 1000);
    console.log(`${name.padEnd(28)} ${Math.round(performance.now() - t0)} ms (CPU ${ms(cpu.user + cpu.system)} ms)`);
    return out;
  };
  const [preludeEnd, cut] = LtvWasm.packPlan(bytes.subarray(0, 64 * 1024), bytes.length, 2);
  const range = (start, end) => {
    const r = new LtvWasm.PackRange(preludeEnd, start, end, bytes.length);
    r.pushPrelude(bytes.subarray(0, preludeEnd));
    for (let at = r.from(); at < bytes.length && !r.done(); at += chunk) r.push(bytes.subarray(at, at + chunk));
    return r;
  };
  const first = step('read range 0', () => range(preludeEnd, cut));
  const second = step('read range 1', () => range(cut, -1));
  const merger = step('range 0 → merger', () => first.intoMerger());
  const own = step('range 0 customers (bytes)', () => merger.customers());
  const analyst = step('range 1 → analyst (bytes)', () => second.intoAnalyst());
  const part = analyst.takeRange();
  step('merger: add range 1', () => merger.add(part));
  step('analyst: add range 0', () => analyst.add(own));
  const whole = step('analyst: open', () => analyst.open());
  session = step('merger: open', () => merger.open());
  const firstPart = step('first part', () => session.analyzeFirst({}));
  const later = step('later views', () => whole.laterViews({}));
  const joined = JSON.stringify({ ...firstPart, ...later });
  console.log(`joined = one worker's analysis: ${joined === JSON.stringify(session.analyze({}))}`);
  await printProfile();
  process.exit(0);
}
if (LtvWasm.looksLikePack(bytes.subarray(0, 4096))) {
  const set = new LtvWasm.PackSet();
  set.begin(bytes.length);
  for (const c of chunks()) set.push(c);
  set.end();
  session = set.open();
} else {
  const reader = new LtvWasm.OrderReader({ sizeHint: bytes.length });
  for (const c of chunks()) reader.push(c);
  session = reader.finish();
}
const importMs = performance.now() - t;
t = performance.now();
const a = session.analyze({});
const analysisMs = performance.now() - t;
console.log(JSON.stringify({ file, customers: a.customers, importMs: Math.round(importMs), analysisMs: Math.round(analysisMs) }));
await printProfile();

async function printProfile() {
  if (!inspector) return;
  const { profile } = await inspector.post('Profiler.stop');
  const self = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  profile.samples.forEach((id, i) => {
    const name = byId.get(id).callFrame.functionName || '(anonymous)';
    self.set(name, (self.get(name) || 0) + (profile.timeDeltas[i] || 0));
  });
  const total = [...self.values()].reduce((x, y) => x + y, 0);
  for (const [name, us] of [...self].sort((x, y) => y[1] - x[1]).slice(0, 30)) {
    console.log(`${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / total).toFixed(1).padStart(5)} %  ${name.replace(/::h[0-9a-f]{16}$/, '')}`);
  }
}
