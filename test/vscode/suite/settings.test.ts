/// <reference types="mocha" />
// Settings reach the core: severity overrides, target, the workspace aurora-guard.json winning over settings,
// and the debounce (new findings wait, fixed ones vanish at once); typing reads no setting (the options are cached
// until a setting or a config file changes).
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

  it('typing reads no setting and resolves no options; a setting change does both again', async () => {
    const api = await activate();
    const doc = await openFresh(MASTER);
    await waitForDiagnostics(doc.uri, (d) => d.length > 0, 'diagnostics');
    await api.lintNow(doc);
    const before = api.optionsCounters();
    const editor = await vscode.window.showTextDocument(doc);
    for (let i = 0; i < 20; i++) {
      const end = doc.lineAt(doc.lineCount - 1).range.end;
      assert.ok(await editor.edit((e) => e.insert(end, i % 5 === 4 ? '\n' : ' ')));
    }
    await api.lintNow(doc); // what the debounced lint runs (each keystroke's own pass ran in the change event)
    assert.deepEqual(api.optionsCounters(), before, 'twenty keystrokes, no setting read, no options resolved');
    await setSetting('auroraGuard.debounceMs', 250, doc);
    const after = api.optionsCounters();
    assert.ok(after.settingsReads > before.settingsReads, 'the changed settings are read');
    assert.ok(after.resolutions > before.resolutions, 'the options are resolved again');
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

  it('a misspelled rule id in aurora-guard.json: a diagnostic on the key with the suggestion (the schema)', async function () {
    const doc = await openFresh(MASTER);
    await waitForDiagnostics(doc.uri, (d) => d.length > 0, 'diagnostics');
    const file = vscode.Uri.file(path.join(workspaceRoot(), 'aurora-guard.json'));
    const text = '{\n  "rules": {\n    "pool/max-age": "off",\n    "pool/validaton-interval": "off"\n  },\n  "cluster": { "apimNodes": 2.5 }\n}\n';
    try {
      fs.writeFileSync(file.fsPath, text);
      const diags = await waitForDiagnostics(file, (x) => x.length === 2, 'two diagnostics on aurora-guard.json');
      const rule = diags.find((d) => /unknown rule/.test(d.message));
      assert.ok(rule, diags.map((d) => d.message).join(' | '));
      assert.match(rule.message, /unknown rule 'pool\/validaton-interval' \(did you mean 'pool\/validation-interval'\?\)/);
      assert.deepEqual([rule.range.start.line, rule.range.start.character, rule.range.end.character], [3, 4, 4 + '"pool/validaton-interval"'.length]);
      const nodes = diags.find((d) => /apimNodes/.test(d.message));
      assert.ok(nodes && nodes.range.start.line === 5 && text.split('\n')[5].slice(nodes.range.start.character, nodes.range.end.character) === '2.5', 'the value 2.5 is marked');
    } finally {
      fs.rmSync(file.fsPath, { force: true });
    }
    await waitForDiagnostics(file, (x) => x.length === 0, 'the diagnostics gone with the file');
  });

  it('aurora-guard.json in the editor: the JSON language server completes the rule ids from the contributed schema', async function () {
    this.timeout(90000);
    const json = vscode.extensions.getExtension('vscode.json-language-features');
    if (!json) this.skip(); // not in every host build: the schema contribution is then unused
    const file = vscode.Uri.file(path.join(workspaceRoot(), '.scratch', 'schema', 'aurora-guard.json'));
    fs.mkdirSync(path.dirname(file.fsPath), { recursive: true });
    fs.writeFileSync(file.fsPath, '{\n  "rules": {\n    "pool/validaton-interval": "off",\n    ""\n  }\n}\n');
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'json');
    // completion inside "" in "rules": the rule ids, from the schema package.json contributes (jsonValidation)
    let labels: string[] = [];
    const deadline = Date.now() + 45000;
    while (Date.now() < deadline) {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', file, new vscode.Position(3, 5));
      labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      if (labels.some((l) => l.includes('pool/validation-interval'))) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    console.log(`      completions at "rules": ${labels.length} (${labels.slice(0, 4).join(', ')} …)`);
    assert.ok(labels.some((l) => l.includes('pool/validation-interval')), `the JSON language server completed no rule ids: ${labels.slice(0, 10).join(', ')}`);
    assert.ok(!labels.some((l) => l.includes('pool/validaton-interval')));
    // (the JSON language server's own schema diagnostics are pulled by the workbench UI for visible editors and did
    // not arrive in this headless host within 30 s; the extension's diagnostic on the key is the test above)
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
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
