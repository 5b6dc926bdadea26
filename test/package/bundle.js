// What a webpack bundle needs at run time, read from its text (used by vsix.test.js on the files in the .vsix):
//   chunkFiles: the files of the lazy chunks the bundle can load (from webpack's runtime)
//   runtimeRequires: the require() calls webpack left in place, other than its own chunk loader
//   node test/package/bundle.js DIST_DIR [MAIN.js]   (prints both for a build output folder)
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { builtinModules } = require('node:module');

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/**
 * The chunk files `main` can load: webpack's runtime names them with `__webpack_require__.u = (chunkId) => …`,
 * and `__webpack_require__.e(ID)` loads one (in the main file or in a chunk).
 * @param {string} main path of the entry bundle (posix, e.g. dist/extension.js)
 * @param {string[]} js every .js file of the package
 * @param {(p: string) => string} read
 */
function chunkFiles(main, js, read) {
  const src = read(main);
  const ids = new Set();
  for (const f of js)
    for (const m of read(f).matchAll(/__webpack_require__\.e\(\s*(?:\/\*[^*]*\*\/\s*)?(\d+|"[^"]+")\s*\)/g)) ids.add(JSON.parse(m[1]));
  if (ids.size === 0) return [];
  // expression form: (chunkId) => (chunkId + ".js");   block form: (chunkId) => {\n … return …;\n };
  const u = /__webpack_require__\.u = (\(chunkId\) => (?:\([^\n]*\)|\{[\s\S]*?\n[^\n]*?\}));/.exec(src);
  if (!u) throw new Error(`${main} loads chunks ${[...ids].join(', ')} but its chunk-name function was not found`);
  const name = new Function(`return ${u[1]}`)();
  return [...ids].map((id) => ({ id, file: path.posix.join(path.posix.dirname(main), name(id)) }));
}

/** Is offset `at` of `src` inside a string literal or a comment on its line (a heuristic: enough for bundles)? */
function inStringOrComment(src, at) {
  const lineStart = src.lastIndexOf('\n', at - 1) + 1;
  const before = src.slice(lineStart, at);
  if (/^\s*(\*|\/\/|\/\*)/.test(before)) return true;
  let quote = null;
  for (let i = 0; i < before.length; i++) {
    const c = before[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '/' && before[i + 1] === '/') return true;
  }
  return quote !== null;
}

/**
 * require() calls in `js` that would resolve outside the package at run time: anything but `vscode`, Node
 * built-ins, relative files present in the package, and webpack's chunk loader.
 * @param {string[]} js
 * @param {(p: string) => string} read
 * @param {(p: string) => boolean} has
 */
function runtimeRequires(js, read, has) {
  const problems = [];
  for (const f of js) {
    const src = read(f);
    for (const m of src.matchAll(/(?<![\w$.])require\(/g)) {
      if (inStringOrComment(src, m.index)) continue;
      const rest = src.slice(m.index + m[0].length, m.index + m[0].length + 120);
      const lit = /^\s*(["'`])([^"'`]+)\1\s*\)/.exec(rest);
      if (lit) {
        const id = lit[2];
        if (id === 'vscode' || BUILTINS.has(id)) continue;
        if (id.startsWith('./') && has(path.posix.join(path.posix.dirname(f), id))) continue;
        problems.push(`${f}: require(${JSON.stringify(id)})`);
      } else if (/^\s*"\.\/" \+ __webpack_require__\.u\(/.test(rest)) {
        continue; // webpack's chunk loader (its files are checked by chunkFiles)
      } else {
        problems.push(`${f}: require(${rest.split('\n')[0].slice(0, 60)}…)`);
      }
    }
  }
  return problems;
}

module.exports = { chunkFiles, runtimeRequires };

if (require.main === module) {
  const dir = path.resolve(process.argv[2] || 'dist');
  const main = process.argv[3] || 'extension.js';
  const js = fs.readdirSync(dir).filter((f) => f.endsWith('.js'));
  const read = (p) => fs.readFileSync(path.join(dir, p), 'utf8');
  const chunks = chunkFiles(main, js, read);
  console.log(
    'chunks:',
    chunks.map((c) => `${c.id} → ${c.file}${fs.existsSync(path.join(dir, c.file)) ? '' : ' (MISSING)'}`).join(', ') || 'none',
  );
  const present = [main, ...chunks.map((c) => c.file)].filter((p) => fs.existsSync(path.join(dir, p)));
  const probs = runtimeRequires(present, read, (p) => fs.existsSync(path.join(dir, p)));
  console.log('requires outside the bundle:', probs.length ? '\n  ' + probs.join('\n  ') : 'none');
}
