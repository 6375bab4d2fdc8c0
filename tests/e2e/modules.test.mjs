// How the www files live together (see tools/build-www.mjs): every script the bundle is made of is
// in its WWW_FILES list; each defines exactly one namespace object at its top level; and each uses
// only the namespaces of the files above it in that list (so there is no cycle, and a newcomer
// can read the files from the top down). Runs in node, no browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './browser.mjs';
import { WWW_FILES } from '../../tools/build-www.mjs';

const www = join(root, 'www');
const source = (file) => readFileSync(join(www, file), 'utf8');
/** The code without its comments (roughly: enough to tell which names it uses). */
const code = (file) => source(file).replace(/(^|[^:'"`])\/\/.*$/gm, '$1').replace(/\/\*[\s\S]*?\*\//g, '');

/** Defined by the build above every www file (not by a file of the list). */
const FROM_THE_BUILD = ['LtvAssets'];

test('every script of www/ is in the build, once (the worker is built on its own)', () => {
  const scripts = (dir) => readdirSync(join(www, dir)).filter((f) => f.endsWith('.js')).map((f) => (dir === '.' ? f : `${dir}/${f}`));
  const onDisk = [...scripts('.'), ...scripts('ui'), ...scripts('i18n')].filter((f) => f !== 'worker.js').sort();
  const listed = WWW_FILES.map(([file]) => file);
  assert.equal(new Set(listed).size, listed.length, 'a file listed twice');
  assert.deepEqual([...listed].sort(), onDisk);
});

test('each file defines one namespace object and nothing else at its top level', () => {
  for (const [file, namespace] of WWW_FILES) {
    const declared = [...code(file).matchAll(/^(?:const|let|var|class|function\*?|async\s+function)\s+([\w$]+)/gm)].map((m) => m[1]);
    assert.deepEqual(declared, [namespace], file);
    assert.match(source(file), new RegExp(`^const ${namespace} = (\\(\\(\\) => \\{|Object\\.freeze\\()`, 'm'), `${file}: a frozen namespace`);
  }
});

test('a file uses only the namespaces of the files above it', () => {
  const namespaces = new Set([...FROM_THE_BUILD, ...WWW_FILES.map(([, namespace]) => namespace)]);
  const above = new Set(FROM_THE_BUILD);
  for (const [file, namespace] of WWW_FILES) {
    const used = new Set([...code(file).matchAll(/\bLtv\w+/g)].map((m) => m[0]).filter((name) => namespaces.has(name)));
    used.delete(namespace);
    assert.deepEqual([...used].filter((name) => !above.has(name)), [], `${file} uses a file below it`);
    above.add(namespace);
  }
});
