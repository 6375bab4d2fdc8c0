// What the page's wasm is made of, function by function (the page has a 1,000,000-byte budget):
// reads the code section and the name section of a wasm built with names (see the header of
// bench/wasm_profile.mjs) and prints the largest functions, or with a second file the functions
// that grew or are new against it, so a change's cost in bytes is seen before the budget test.
//
//   node bench/wasm_sizes.mjs NEW.wasm [OLD.wasm] [--top N] [--raw]
import { readFileSync } from 'node:fs';

/** name → body bytes of every defined function (names from the `name` custom section). */
function sizes(file) {
  const b = readFileSync(file);
  let at = 8;
  const uleb = () => {
    let n = 0;
    let shift = 0;
    for (;;) {
      const byte = b[at++];
      n += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (byte < 0x80) return n;
    }
  };
  let imports = 0;
  let bodies = [];
  const names = new Map();
  while (at < b.length) {
    const id = b[at++];
    const len = uleb();
    const end = at + len;
    if (id === 2) {
      // imports: count the functions (they take the first indices)
      for (let k = uleb(); k > 0; k--) {
        const skip = () => {
          const n = uleb(); // a length, read before `at` moves past it
          at += n;
        };
        skip(); // module
        skip(); // name
        const kind = b[at++];
        if (kind === 0) { uleb(); imports++; } else if (kind === 1) { at++; const f = uleb(); uleb(); if (f & 1) uleb(); } else if (kind === 2) { const f = uleb(); uleb(); if (f & 1) uleb(); } else if (kind === 3) { at += 2; }
      }
    } else if (id === 10) {
      for (let k = uleb(); k > 0; k--) {
        const size = uleb();
        bodies.push(size);
        at += size;
      }
    } else if (id === 0) {
      const nameLen = uleb();
      const name = b.subarray(at, at + nameLen).toString();
      at += nameLen;
      if (name === 'name') {
        while (at < end) {
          const sub = b[at++];
          const subLen = uleb();
          const subEnd = at + subLen;
          if (sub === 1) {
            for (let k = uleb(); k > 0; k--) {
              const index = uleb();
              const n = uleb();
              names.set(index, b.subarray(at, at + n).toString());
              at += n;
            }
          }
          at = subEnd;
        }
      }
    }
    at = end;
  }
  const out = new Map();
  bodies.forEach((size, i) => {
    const name = names.get(i + imports) || `func${i + imports}`;
    const key = raw ? name : name.replace(/::h[0-9a-f]{16}$/, '');
    out.set(key, (out.get(key) || 0) + size);
  });
  return out;
}

const args = process.argv.slice(2);
// --raw: one line per instance of a generic function (each sort's monomorphization apart).
const raw = args.includes('--raw') && args.splice(args.indexOf('--raw'), 1).length > 0;
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 40;
const [now, before] = args;
if (!now) throw new Error('usage: node bench/wasm_sizes.mjs NEW.wasm [OLD.wasm] [--top N] [--raw]');
const a = sizes(now);
const total = (m) => [...m.values()].reduce((s, x) => s + x, 0);
if (!before) {
  console.log(`${total(a)} bytes of code in ${a.size} functions`);
  for (const [name, size] of [...a].sort((x, y) => y[1] - x[1]).slice(0, top)) console.log(`${String(size).padStart(8)}  ${name}`);
} else {
  const b = sizes(before);
  console.log(`code: ${total(b)} → ${total(a)} bytes (${total(a) - total(b) >= 0 ? '+' : ''}${total(a) - total(b)})`);
  const diff = [...new Set([...a.keys(), ...b.keys()])].map((k) => [k, (a.get(k) || 0) - (b.get(k) || 0)]).filter(([, d]) => d !== 0);
  for (const [name, d] of diff.sort((x, y) => Math.abs(y[1]) - Math.abs(x[1])).slice(0, top)) console.log(`${String(d > 0 ? `+${d}` : d).padStart(8)}  ${name}`);
}
