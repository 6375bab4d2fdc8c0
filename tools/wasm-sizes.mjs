#!/usr/bin/env node
// Where the wasm's bytes go (issue 17: the page's 1 MB budget): each function's body size with its
// name from the name section, the largest first, and the totals of a few families that
// monomorphisation multiplies (the standard library's sorts, serde's (de)serialisers, formatting).
// Reads the wasm as wasm-bindgen writes it, before wasm-opt strips the names (wasm-bindgen
// demangles them; cargo's own output keeps them mangled):
//
//   wasm-bindgen --target no-modules --no-modules-global LtvWasm --no-typescript --out-dir /tmp/w \
//     target/wasm32-unknown-unknown/release/ltv.wasm
//   node tools/wasm-sizes.mjs /tmp/w/ltv_bg.wasm [top N, default 30] [--against OLD.wasm]
//
// `--against` lists instead the functions that grew, shrank, came or went since OLD.wasm (built the
// same way, e.g. from a `git worktree` of the commit before): a change's cost in bytes, by function.
//
// Sizes are of the code before wasm-opt (-O3 then takes ~10 % off); gzip shrinks code to ~40 %,
// so 10 KB of code here is ~4 KB of the page.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const against = args.includes('--against') ? args.splice(args.indexOf('--against'), 2)[1] : null;
const [file, top = '30'] = args;
if (!file) {
  process.stderr.write('usage: node tools/wasm-sizes.mjs FILE.wasm [N] [--against OLD.wasm]\n');
  process.exit(2);
}

/** The wasm's size, its sections' sizes and its functions (body size, name). */
function read(path) {
  const buf = readFileSync(path);
  let p = 8;
  const leb = () => {
    let r = 0;
    let shift = 0;
    let b;
    do {
      b = buf[p++];
      r += (b & 127) * 2 ** shift;
      shift += 7;
    } while (b & 128);
    return r;
  };
  const skipLimits = () => (leb() & 1 ? (leb(), leb()) : leb());
  let imported = 0;
  const bodies = [];
  const names = new Map();
  const sections = new Map();
  const SECTION = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'data count'];
  while (p < buf.length) {
    const id = buf[p++];
    const size = leb();
    const end = p + size;
    sections.set(SECTION[id] ?? id, (sections.get(SECTION[id] ?? id) ?? 0) + size);
    if (id === 2) {
      for (let n = leb(); n > 0; n--) {
        // (`p += leb()` would add to p as it was before leb() moved it)
        const moduleLength = leb();
        p += moduleLength;
        const fieldLength = leb();
        p += fieldLength;
        const kind = buf[p++];
        if (kind === 0) {
          leb();
          imported++;
        } else if (kind === 1) {
          p++;
          skipLimits();
        } else if (kind === 2) skipLimits();
        else if (kind === 3) p += 2;
      }
    } else if (id === 10) {
      for (let n = leb(); n > 0; n--) {
        const s = leb();
        bodies.push(s);
        p += s;
      }
    } else if (id === 0) {
      const len = leb();
      const name = buf.subarray(p, p + len).toString();
      p += len;
      while (name === 'name' && p < end) {
        const sub = buf[p++];
        const subSize = leb();
        const subEnd = p + subSize;
        if (sub === 1) {
          for (let n = leb(); n > 0; n--) {
            const index = leb();
            const l = leb();
            names.set(index, buf.subarray(p, p + l).toString());
            p += l;
          }
        }
        p = subEnd;
      }
    }
    p = end;
  }
  return { size: buf.length, sections, fns: bodies.map((size, i) => ({ size, name: names.get(i + imported) ?? `function ${i + imported}` })) };
}

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const out = (line) => process.stdout.write(`${line}\n`);
const { size, sections, fns } = read(file);
if (against) {
  // By name without the hash that tells a generic function's copies apart: their sum.
  const sum = (list) => list.reduce((m, f) => m.set(f.name.replace(/::h[0-9a-f]{16}$/, ''), (m.get(f.name.replace(/::h[0-9a-f]{16}$/, '')) ?? 0) + f.size), new Map());
  const [now, before] = [sum(fns), sum(read(against).fns)];
  const total = (m) => [...m.values()].reduce((a, b) => a + b, 0);
  out(`code: ${total(before)} → ${total(now)} bytes (${total(now) - total(before) >= 0 ? '+' : ''}${total(now) - total(before)})`);
  const diff = [...new Set([...now.keys(), ...before.keys()])].map((k) => [k, (now.get(k) ?? 0) - (before.get(k) ?? 0)]).filter(([, d]) => d);
  for (const [name, d] of diff.sort((a, b) => Math.abs(b[1]) - Math.abs(a[1])).slice(0, Number(top))) out(`${String(d > 0 ? `+${d}` : d).padStart(8)}  ${name.slice(0, 140)}`);
  process.exit(0);
}
out(`${file}: ${kib(size)}; ${[...sections].map(([k, v]) => `${k} ${kib(v)}`).join(', ')}; ${fns.length} functions`);
out(`\nthe ${top} largest functions:`);
for (const f of [...fns].sort((a, b) => b.size - a.size).slice(0, Number(top))) out(`${String(f.size).padStart(8)}  ${f.name.slice(0, 140)}`);
const families = [
  ['sorts (core::slice::sort, one copy per element type and order)', /core::slice::sort/],
  ['serde (de)serialisers', /serde/],
  ['formatting (core::fmt)', /core::fmt|::fmt::/],
  ['the crate (ltv::)', /^(<)?ltv::/],
];
out('\nfamilies (a function may be in two):');
for (const [label, re] of families) {
  const of = fns.filter((f) => re.test(f.name));
  out(`${kib(of.reduce((n, f) => n + f.size, 0)).padStart(12)}  ${of.length} functions  ${label}`);
}
