// Checks the .vsix that `npm run package` writes (scripts/package.sh runs this file after vsce):
//   node --test test/package/vsix.test.js          (AURORA_GUARD_VSIX=path to check another file)
// - it exists and is smaller than MAX_BYTES (2 MiB: today ~0.2 MiB; mysql2 bundled into a probe chunk adds ~0.3 MiB)
// - it holds what the extension needs at run time: dist/extension.js, every chunk that bundle can load, every
//   docs/rules page, the grammars, the icon, the walkthrough media, package.json, README, CHANGELOG, LICENSE
// - and nothing else: no node_modules, sources, tests, build output other than the bundle, source maps, the CLI
// - the bundle requires nothing at run time but `vscode`, Node built-ins and its own chunks (webpack bundled the rest)
// - third-party notices: dist/THIRD-PARTY-NOTICES.txt holds every npm package whose code the shipped bundles hold (from
//   their source maps in dist/, next to the build that was packaged) with its licence files' text, and every
//   "For license information please see …" file a bundle names is in the package
// - the Probes view's page assets (src/extension/probe/html.ts PROBES_VIEW_ASSETS): its script with the web
//   components (@vscode-elements/elements) and the chart, and its styles; the components are not in dist/extension.js
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const zip = require('./zip');
const { chunkFiles, runtimeRequires } = require('./bundle');

const ROOT = path.resolve(__dirname, '..', '..');
const VSIX = path.resolve(ROOT, process.env.AURORA_GUARD_VSIX || 'dist/aurora-failover-guard.vsix');
const MAX_BYTES = 2 * 1024 * 1024;
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

if (!fs.existsSync(VSIX)) {
  test('the .vsix exists', () => assert.fail(`${path.relative(ROOT, VSIX)} is missing: run npm run package`));
  return;
}
const buf = fs.readFileSync(VSIX);
const all = zip.entries(buf);
/** extension files by their path in the repository (the vsix puts them under extension/) */
const files = new Map(all.filter((e) => e.name.startsWith('extension/')).map((e) => [e.name.slice('extension/'.length), e]));
const text = (p) => zip.read(buf, files.get(p)).toString('utf8');
const walk = (d) =>
  fs
    .readdirSync(path.join(ROOT, d), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(`${d}/${e.name}`) : [`${d}/${e.name}`]));

test(`the .vsix is smaller than ${MAX_BYTES} bytes`, () => {
  assert.ok(buf.length < MAX_BYTES, `${buf.length} bytes`);
});

test('it is a VS Code extension package for this package.json', () => {
  const manifest = zip
    .read(
      buf,
      all.find((e) => e.name === 'extension.vsixmanifest'),
    )
    .toString('utf8');
  assert.match(
    manifest,
    new RegExp(`<Identity [^>]*Id="${pkg.name}"[^>]*Version="${pkg.version.replace(/\./g, '\\.')}"[^>]*Publisher="${pkg.publisher}"`),
  );
  assert.ok(all.some((e) => e.name === '[Content_Types].xml'));
  assert.deepEqual(JSON.parse(text('package.json')).contributes, pkg.contributes, 'package.json in the vsix is the current one');
});

test('it holds the run-time files', () => {
  // vsce stores README.md, CHANGELOG.md and LICENSE as readme.md, changelog.md and LICENSE.txt
  for (const p of [
    'package.json',
    'readme.md',
    'changelog.md',
    'LICENSE.txt',
    pkg.main.replace(/^\.\//, ''),
    'docs/rules/README.md',
    'media/icon.png',
  ]) {
    assert.ok(files.has(p), `missing ${p}`);
  }
  for (const p of walk('docs/rules')) assert.ok(files.has(p), `missing rule doc ${p}`);
  for (const p of walk('syntaxes')) assert.ok(files.has(p), `missing grammar file ${p}`);
});

test('every file package.json points at is in it (icon, grammars, walkthrough media)', () => {
  const refs = [pkg.icon];
  const c = pkg.contributes || {};
  for (const l of c.languages || []) if (l.configuration) refs.push(l.configuration);
  for (const j of c.jsonValidation || []) if (!/^https?:/.test(j.url)) refs.push(j.url);
  for (const g of c.grammars || []) refs.push(g.path);
  for (const w of c.walkthroughs || []) {
    for (const s of w.steps || []) {
      const m = s.media || {};
      for (const v of [m.markdown, m.svg, ...(typeof m.image === 'string' ? [m.image] : Object.values(m.image || {}))]) if (v) refs.push(v);
    }
  }
  for (const r of refs.filter(Boolean))
    assert.ok(files.has(r.replace(/^\.\//, '')), `package.json refers to ${r}, which is not in the vsix`);
});

test('nothing that is not needed at run time', () => {
  const bad = [...files.keys()].filter(
    (p) =>
      /(^|\/)node_modules\//.test(p) ||
      /^(src|test|out|bench|scripts|demo|\.vscode-host|\.db|\.test-output|\.ci|\.git)\//.test(p) ||
      /\.(map|ts|vsix)$/.test(p) ||
      p === 'dist/cli.js' ||
      /^media\/screenshot/.test(p) ||
      /^(tsconfig\.json|webpack\.config\.js|package-lock\.json|\.vscodeignore|\.gitignore)$/.test(p),
  );
  assert.deepEqual(bad, []);
});

/** The JS files of the bundle in the vsix: dist/extension.js and every chunk it can load. */
const main = pkg.main.replace(/^\.\//, '');
const js = [...files.keys()].filter((p) => p.startsWith('dist/') && p.endsWith('.js'));

test('every chunk the bundle loads is in it', () => {
  const missing = chunkFiles(main, js, text).filter((c) => !files.has(c.file));
  assert.deepEqual(missing, [], 'add the chunk files to the allowlist in .vscodeignore');
});

test('the bundle requires only vscode, Node built-ins and its own chunks at run time', () => {
  assert.deepEqual(
    runtimeRequires(js, text, (p) => files.has(p)),
    [],
  );
});

test("the Probes view's page assets are in it; the web components are in the webview bundle only", () => {
  const src = fs.readFileSync(path.join(ROOT, 'src', 'extension', 'probe', 'html.ts'), 'utf8');
  const list = /PROBES_VIEW_ASSETS = \[(.*)\] as const/.exec(src);
  assert.ok(list, 'PROBES_VIEW_ASSETS not found in src/extension/probe/html.ts');
  const assets = [...list[1].matchAll(/\[([^\]]+)\]/g)].map((m) =>
    m[1]
      .split(',')
      .map((x) => x.trim().replace(/^'|'$/g, ''))
      .join('/'),
  );
  assert.ok(assets.includes('dist/webview/probes.js') && assets.length >= 3, assets.join(' '));
  for (const a of assets) assert.ok(files.has(a), `missing ${a}`);
  const web = text('dist/webview/probes.js');
  for (const tag of ['vscode-textfield', 'vscode-single-select', 'vscode-button', 'vscode-collapsible', 'vscode-table'])
    assert.ok(web.includes(`"${tag}"`), `${tag} is not in the webview bundle`);
  assert.ok(
    !/customElements\.define|adoptedStyleSheets/.test(text('dist/extension.js')),
    'web components (lit) got into dist/extension.js',
  );
});

test('third-party notices: every bundled package with its licence text, and the licence files the bundles name', () => {
  assert.ok(files.has('dist/THIRD-PARTY-NOTICES.txt'), 'missing dist/THIRD-PARTY-NOTICES.txt');
  const notices = text('dist/THIRD-PARTY-NOTICES.txt');
  // the files a bundle's banner points to ("/*! For license information please see extension.js.LICENSE.txt */")
  for (const f of js) {
    for (const m of text(f).matchAll(/For license information please see ([\w.-]+)/g)) {
      const p = path.posix.join(path.posix.dirname(f), m[1]);
      assert.ok(files.has(p), `${f} points to ${p}, which is not in the vsix`);
    }
  }
  // the packages: read from the source maps of the shipped bundles (webpack://…/node_modules/<pkg>/…)
  const bundled = new Map();
  for (const f of js) {
    const map = path.join(ROOT, `${f}.map`);
    if (!fs.existsSync(map)) continue; // the webview bundle has no source map: checked by name below
    for (const src of JSON.parse(fs.readFileSync(map, 'utf8')).sources) {
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(
        src.replace(/^.*node_modules\/(?=(?:@[^/]+\/)?[^/]+\/(?!.*node_modules\/))/, 'node_modules/'),
      );
      if (m) bundled.set(m[1], f);
    }
  }
  assert.ok(
    bundled.has('smol-toml') && bundled.has('fast-xml-parser'),
    `source maps name no bundled packages: ${[...bundled.keys()].join(', ')}`,
  );
  for (const name of ['uplot', 'lit', '@vscode-elements/elements']) bundled.set(name, 'dist/webview/probes.js');
  for (const [name, f] of bundled) {
    const dir = path.join(ROOT, 'node_modules', name);
    const version = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
    assert.ok(notices.includes(`\n${name} ${version}\n`), `${name} ${version} (bundled in ${f}) is not in THIRD-PARTY-NOTICES.txt`);
    for (const lf of fs.readdirSync(dir).filter((x) => /^(licen[cs]e|copying|notice)([.-].*)?$/i.test(x))) {
      const body = fs.readFileSync(path.join(dir, lf), 'utf8').replace(/\r\n/g, '\n').trim();
      assert.ok(notices.includes(body), `the text of ${name}/${lf} is not in THIRD-PARTY-NOTICES.txt`);
    }
  }
  assert.match(notices, /smol-toml [\d.]+\nLicense: BSD-3-Clause/);
  assert.match(notices, /long [\d.]+\nLicense: Apache-2\.0[\s\S]*?Apache License\s+Version 2\.0/);
});

test('the schema of aurora-guard.json is in it and is the one package.json contributes', () => {
  const j = (pkg.contributes.jsonValidation || []).find((x) => x.fileMatch.includes('aurora-guard.json'));
  assert.ok(j, 'no jsonValidation for aurora-guard.json');
  const shipped = JSON.parse(text(j.url.replace(/^\.\//, '')));
  assert.deepEqual(shipped, JSON.parse(fs.readFileSync(path.join(ROOT, j.url), 'utf8')));
});
