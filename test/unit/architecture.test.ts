// The core must stay editor-neutral: no `vscode` import anywhere under src/core (nor in the CLI).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './helpers';

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

const VSCODE_IMPORT = /(?:from\s+|require\(\s*|import\(\s*|import\s+)['"]vscode['"]/;

for (const layer of ['src/core', 'src/cli']) {
  test(`${layer} never imports the vscode module`, () => {
    const files = tsFiles(path.join(ROOT, layer));
    assert.ok(files.length > 0, `no TypeScript files found under ${layer}`);
    const offenders = files.filter((f) => VSCODE_IMPORT.test(fs.readFileSync(f, 'utf8'))).map((f) => path.relative(ROOT, f));
    assert.deepEqual(offenders, []);
  });
}

test('the import check itself recognises the forms it must catch', () => {
  for (const s of [`import * as vscode from 'vscode';`, `import { window } from "vscode"`, `const v = require('vscode')`, `await import('vscode')`, `import 'vscode';`]) {
    assert.ok(VSCODE_IMPORT.test(s), s);
  }
  assert.ok(!VSCODE_IMPORT.test(`import x from './vscode-helpers'`));
});
