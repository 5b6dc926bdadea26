#!/usr/bin/env node
// Equivalence check for bench/patches/maskTemplates-repeat-fill.diff: the original and the patched
// maskTemplates must return the same { masked, regions, kinds } for every corpus file and fixture (with the
// detected template kinds and every other combination) and for 20,000 random strings of template syntax,
// newlines (LF, CR, CRLF) and astral characters.
//   node bench/patches/verify-maskTemplates.js ORIGINAL_templates.js PATCHED_templates.js [corpus dir]
// (compile each version of src/core/text/templates.ts to CommonJS first, e.g. with ts.transpileModule)
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const [origPath, patchedPath, corpus = path.resolve(__dirname, '..', '..', '..', 'shared', 'corpus')] = process.argv.slice(2);
if (!origPath || !patchedPath) {
  console.error('usage: node bench/patches/verify-maskTemplates.js ORIGINAL.js PATCHED.js [corpus dir]');
  process.exit(2);
}
const A = require(path.resolve(origPath));
const B = require(path.resolve(patchedPath));
const files = [];
const walk = (d) => {
  if (!fs.existsSync(d)) return;
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else files.push(p);
  }
};
walk(corpus);
walk(path.resolve(__dirname, '..', '..', 'test', 'fixtures'));
const kindsList = [['helm'], ['jinja'], ['erb'], ['gsp'], ['helm', 'erb'], ['jinja', 'gsp'], ['erb', 'gsp']];
const same = (x, y) => JSON.stringify(x) === JSON.stringify(y);
let n = 0;
let diffs = 0;
for (const f of files) {
  const t = fs.readFileSync(f, 'utf8');
  for (const k of [A.detectTemplates(t, path.basename(f)), ...kindsList]) {
    n++;
    if (!same(A.maskTemplates(t, k), B.maskTemplates(t, k))) {
      diffs++;
      console.log('DIFF', f, k);
    }
  }
}
let seed = 12345;
const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const atoms = [
  '{{',
  '}}',
  '{%',
  '%}',
  '{#',
  '#}',
  '<%',
  '%>',
  '<%=',
  '<%#',
  '${',
  '}',
  '\n',
  '\r',
  '\r\n',
  'a',
  ' ',
  '-',
  '/*',
  '😀',
  'x = "v"',
  '<a>',
];
for (let i = 0; i < 20000; i++) {
  let s = '';
  const len = Math.floor(rnd() * 40);
  for (let j = 0; j < len; j++) s += atoms[Math.floor(rnd() * atoms.length)];
  for (const k of kindsList) {
    n++;
    if (!same(A.maskTemplates(s, k), B.maskTemplates(s, k))) {
      diffs++;
      if (diffs < 5) console.log('DIFF', JSON.stringify(s), k);
    }
  }
}
console.log(`equivalence: ${n} inputs (${files.length} files), ${diffs} differences`);
process.exit(diffs ? 1 : 0);
