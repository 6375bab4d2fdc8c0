#!/usr/bin/env node
// Fails when a `crate::` path in src/ runs against the layer order that src/lib.rs documents on
// its line `//! Layers: a b | c | d …` (groups separated by `|`; each module may use only the
// modules of earlier groups, and its own). Comments are ignored; tests are checked too.
//
// Usage: node tools/check-layers.mjs   (exit 1 and one line per violation)

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const src = join(fileURLToPath(import.meta.url), '..', '..', 'src');
const layersLine = readFileSync(join(src, 'lib.rs'), 'utf8').split('\n').find((l) => l.startsWith('//! Layers:'));
if (!layersLine) throw new Error('src/lib.rs has no "//! Layers:" line');
const rank = new Map();
layersLine.slice('//! Layers:'.length).split('|').forEach((group, i) => {
  for (const name of group.replace(/[`.,;]/g, ' ').trim().split(/\s+/)) rank.set(name, i);
});

const files = (dir) => readdirSync(dir).flatMap((f) => {
  const path = join(dir, f);
  return statSync(path).isDirectory() ? files(path) : path.endsWith('.rs') ? [path] : [];
});

/** The top-level modules a piece of code names with `crate::`, grouped imports included. */
function usedModules(code) {
  const used = new Set();
  for (const m of code.matchAll(/\bcrate::(\w+|\{)/g)) {
    if (m[1] !== '{') { used.add(m[1]); continue; }
    let depth = 1, item = '', i = m.index + m[0].length;
    for (; i < code.length && depth > 0; i++) {
      const c = code[i];
      if (c === '{') depth++;
      else if (c === '}') depth--;
      if (depth === 1 && c === ',') { used.add(item.trim().split(/::|\s/)[0]); item = ''; } else if (depth >= 1) item += c;
    }
    used.add(item.trim().split(/::|\s/)[0]);
  }
  used.delete('');
  return used;
}

const problems = [];
for (const file of files(src)) {
  const module = relative(src, file).split(sep)[0].replace(/\.rs$/, '');
  if (module === 'lib') continue;
  if (!rank.has(module)) { problems.push(`${relative(src, file)}: module ${module} is not in the layers of src/lib.rs`); continue; }
  const code = readFileSync(file, 'utf8').split('\n').map((l) => l.replace(/\/\/.*$/, '')).join('\n');
  for (const dep of usedModules(code)) {
    const target = dep === 'Error' || dep === 'Result' ? 'error' : dep;
    if (target === module) continue;
    if (!rank.has(target)) problems.push(`${relative(src, file)}: crate::${dep} is not in the layers of src/lib.rs`);
    else if (rank.get(target) >= rank.get(module)) problems.push(`${relative(src, file)}: ${module} uses crate::${dep}, a later layer`);
  }
}
if (problems.length) {
  process.stderr.write(`${problems.join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(`layers ok: ${[...rank.keys()].length} modules in ${layersLine.split('|').length} layers\n`);
