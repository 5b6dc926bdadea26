/// <reference types="mocha" />
// Settings reach the core: severity overrides, target, the workspace aurora-guard.json winning over settings,
// and the debounce (new findings wait, fixed ones vanish at once).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activate, codeOf, needsRules, openFresh, ours, setSetting, waitForDiagnostics, waitForLint, workspaceRoot } from './helpers';

const MASTER = 'apim-2.6/repository/conf/datasources/master-datasources.xml';
const VI = 'pool/validation-interval';

function severities(uri: vscode.Uri, ruleId: string): vscode.DiagnosticSeverity[] {
  return ours(uri).filter((d) => codeOf(d) === ruleId).map((d) => d.severity);
}

describe('settings', () => {
  before(() => activate());
  afterEach(async () => {
    await setSetting('auroraGuard.rules', undefined);
    await setSetting('auroraGuard.target', undefined);
    await setSetting('auroraGuard.debounceMs', undefined);
    await setSetting('auroraGuard.cluster.maxConnections', undefined);
    await setSetting('auroraGuard.cluster.apimNodes', undefined);
  });

  it('cluster facts from settings reach the rules (connection budget)', async function () {
    needsRules(this, 'serverless/max-connections-budget');
    const doc = await openFresh(MASTER);
    await waitForDiagnostics(doc.uri, (d) => d.length > 0, 'diagnostics');
    assert.ok(!ours(doc.uri).some((d) => codeOf(d) === 'serverless/max-connections-budget'));
    await setSetting('auroraGuard.cluster.apimNodes', 2, doc);
    await setSetting('auroraGuard.cluster.maxConnections', 60, doc);
    await waitForDiagnostics(doc.uri, (d) => d.some((x) => codeOf(x) === 'serverless/max-connections-budget'), 'serverless/max-connections-budget');
  });

  it('auroraGuard.rules overrides severities and turns rules off', async function () {
    needsRules(this, VI);
    const doc = await openFresh(MASTER);
    await waitForDiagnostics(doc.uri, (d) => d.some((x) => codeOf(x) === VI), VI);
    assert.ok(severities(doc.uri, VI).every((s) => s === vscode.DiagnosticSeverity.Warning));
    await setSetting('auroraGuard.rules', { [VI]: 'error' }, doc);
    await waitForDiagnostics(doc.uri, (d) => d.some((x) => codeOf(x) === VI) && severities(doc.uri, VI).every((s) => s === vscode.DiagnosticSeverity.Error), `${VI} as errors`);
    await setSetting('auroraGuard.rules', { [VI]: 'info' }, doc);
    await waitForDiagnostics(doc.uri, () => severities(doc.uri, VI).length > 0 && severities(doc.uri, VI).every((s) => s === vscode.DiagnosticSeverity.Information), `${VI} as info`);
    await setSetting('auroraGuard.rules', { [VI]: 'off' }, doc);
    await waitForDiagnostics(doc.uri, () => severities(doc.uri, VI).length === 0, `${VI} off`);
  });

  it('a workspace aurora-guard.json wins over the settings', async function () {
    needsRules(this, VI);
    const doc = await openFresh(MASTER);
    await setSetting('auroraGuard.rules', { [VI]: 'error' }, doc);
    const file = path.join(workspaceRoot(), 'aurora-guard.json');
    try {
      const relinted = waitForLint(doc.uri, doc.version);
      fs.writeFileSync(file, JSON.stringify({ rules: { [VI]: 'info' } }));
      await relinted;
      await waitForDiagnostics(doc.uri, () => severities(doc.uri, VI).length > 0 && severities(doc.uri, VI).every((s) => s === vscode.DiagnosticSeverity.Information), `${VI} as info from aurora-guard.json`);
    } finally {
      const relinted = waitForLint(doc.uri, doc.version);
      fs.rmSync(file, { force: true });
      await relinted;
    }
    await waitForDiagnostics(doc.uri, () => severities(doc.uri, VI).length > 0 && severities(doc.uri, VI).every((s) => s === vscode.DiagnosticSeverity.Error), `${VI} back to error`);
  });

  it('an invalid aurora-guard.json is reported on that file (and ignored) until it is fixed', async function () {
    const doc = await openFresh(MASTER);
    await waitForDiagnostics(doc.uri, (d) => d.length > 0, 'diagnostics');
    const file = vscode.Uri.file(path.join(workspaceRoot(), 'aurora-guard.json'));
    try {
      fs.writeFileSync(file.fsPath, JSON.stringify({ target: 'aurora-serverles-v2' }));
      const [d] = await waitForDiagnostics(file, (x) => x.length === 1, 'a diagnostic on aurora-guard.json');
      assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
      assert.match(d.message, /"target" must be one of/);
      assert.ok(ours(doc.uri).length > 0, 'the datasource file is still linted (with the settings)');
    } finally {
      fs.rmSync(file.fsPath, { force: true });
    }
    await waitForDiagnostics(file, (x) => x.length === 0, 'the diagnostic gone with the file');
  });

  it('auroraGuard.target = mysql turns the Aurora rules off', async function () {
    needsRules(this, 'aurora/reader-endpoint-for-writer');
    const doc = await openFresh('apim-2.6/repository/conf/datasources/reader-datasources.xml');
    await waitForDiagnostics(doc.uri, (d) => d.some((x) => codeOf(x) === 'aurora/reader-endpoint-for-writer'), 'aurora/reader-endpoint-for-writer');
    await setSetting('auroraGuard.target', 'mysql', doc);
    await waitForDiagnostics(doc.uri, (d) => !d.some((x) => /^(aurora|serverless)\//.test(codeOf(x))), 'no aurora/serverless findings');
  });

  it('debounces new findings but drops fixed ones at once', async function () {
    needsRules(this, VI);
    const DEBOUNCE = 1500;
    const doc = await openFresh(MASTER);
    await setSetting('auroraGuard.debounceMs', DEBOUNCE, doc);
    const diags = await waitForDiagnostics(doc.uri, (d) => d.some((x) => codeOf(x) === VI), VI);
    const line = diags.find((x) => codeOf(x) === VI)!.range.start.line;
    const col = doc.lineAt(line).text.indexOf('30000');
    const onLine = (d: vscode.Diagnostic[]) => d.some((x) => codeOf(x) === VI && x.range.start.line === line);
    // 30000 → 3000 fixes it: gone well before the debounce delay
    let t0 = Date.now();
    const edit1 = new vscode.WorkspaceEdit();
    edit1.replace(doc.uri, new vscode.Range(line, col, line, col + 5), '3000');
    assert.ok(await vscode.workspace.applyEdit(edit1));
    await waitForDiagnostics(doc.uri, (d) => !onLine(d), 'the fixed finding gone', DEBOUNCE - 500);
    assert.ok(Date.now() - t0 < DEBOUNCE, `fixed finding vanished after ${Date.now() - t0} ms`);
    // 3000 → 30000 brings it back, but only after the debounce delay
    t0 = Date.now();
    const edit2 = new vscode.WorkspaceEdit();
    edit2.replace(doc.uri, new vscode.Range(line, col, line, col + 4), '30000');
    assert.ok(await vscode.workspace.applyEdit(edit2));
    assert.equal(onLine(ours(doc.uri)), false, 'a new finding must wait for the debounce');
    await waitForDiagnostics(doc.uri, onLine, 'the finding back', DEBOUNCE + 5000);
    assert.ok(Date.now() - t0 >= DEBOUNCE - 100, `new finding appeared after ${Date.now() - t0} ms`);
  });
});
