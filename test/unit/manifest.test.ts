// package.json as VS Code reads it (issue 13): one command category, probe commands only where they work, "Probe
// Aurora" in the editor's context menu of datasource files, and every `when` clause's own context key set by the
// extension.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './helpers';
import { CommandId, DATASOURCE_FILE_CONTEXT, PROBEABLE_FILE_CONTEXT } from '../../src/extension/constants';

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const c = pkg.contributes;

test('every command is in one category and registered by the extension', () => {
  assert.deepEqual([...new Set(c.commands.map((x: { category: string }) => x.category))], ['Aurora Failover Guard']);
  const registered = new Set<string>([
    CommandId.LintWorkspace, CommandId.ShowRuleDocs, CommandId.FixAllInFile, CommandId.Probe, CommandId.ForgetPassword, CommandId.ShowForecast, CommandId.ShowForecastDocs,
  ]);
  for (const x of c.commands) assert.ok(registered.has(x.command), `${x.command} is contributed but not a CommandId`);
});

test('probe commands show only in a trusted workspace; Probe Aurora is in the context menu of files that hold datasources', () => {
  const palette = c.menus.commandPalette as { command: string; when: string }[];
  assert.match(palette.find((m) => m.command === 'auroraGuard.probe')!.when, /\bisWorkspaceTrusted\b/);
  const editor = c.menus['editor/context'] as { command: string; when: string; group: string }[];
  const probe = editor.find((m) => m.command === 'auroraGuard.probe');
  assert.ok(probe, 'Probe Aurora is not in editor/context');
  assert.match(probe.when, new RegExp(`\\b${PROBEABLE_FILE_CONTEXT.replace('.', '\\.')}\\b`));
  assert.match(probe.when, /\bisWorkspaceTrusted\b/);
  for (const m of c.menus['view/title']) if (m.command === 'auroraGuard.probe') assert.match(m.when, /\bisWorkspaceTrusted\b/);
  assert.match(palette.find((m) => m.command === 'auroraGuard.fixAll')!.when, new RegExp(DATASOURCE_FILE_CONTEXT.replace('.', '\\.')));
});

test("the when clauses' own context keys are the ones the extension sets", () => {
  const src = fs.readFileSync(path.join(ROOT, 'src', 'extension', 'extension.ts'), 'utf8');
  assert.match(src, /executeCommand\('setContext', DATASOURCE_FILE_CONTEXT,/);
  assert.match(src, /executeCommand\('setContext', PROBEABLE_FILE_CONTEXT,/);
  const ownKeys = new Set<string>();
  for (const list of Object.values(c.menus) as { when?: string }[][]) {
    for (const m of list) for (const k of (m.when ?? '').match(/auroraGuard\.\w+/g) ?? []) ownKeys.add(k);
  }
  ownKeys.delete('auroraGuard.probes'); // the view id (view == auroraGuard.probes)
  assert.deepEqual([...ownKeys].sort(), [DATASOURCE_FILE_CONTEXT, PROBEABLE_FILE_CONTEXT].sort());
});
