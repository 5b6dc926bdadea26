/// <reference types="mocha" />
// Diagnostics from real fixture files: the same findings the core reports, at the same characters, with the
// rule id linked to its docs page; plus the findings the rules are known to produce (issue 2's catalogue).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Finding } from '../../../src/core/rules/types';
import { SOURCE } from '../../../src/extension/constants';
import { activate, closeAll, codeOf, coreFindings, freshCopy, linesMatching, needsParser, needsRules, openFresh, ours, waitForDiagnostics, waitForLint } from './helpers';

const SEVERITY: Record<Finding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** Every diagnostic equals a core finding: range (via VS Code's own positionAt), code, target, severity, message, related. */
async function assertMatchesCore(doc: vscode.TextDocument): Promise<vscode.Diagnostic[]> {
  const api = await activate();
  const expected = await coreFindings(doc);
  const diags = await waitForDiagnostics(doc.uri, (d) => d.length === expected.length, `${expected.length} diagnostics`);
  const byKey = (d: { start: vscode.Position; code: string; message: string }) => `${d.start.line}:${d.start.character}:${d.code}:${d.message}`;
  const sorted = [...diags].sort((a, b) => a.range.start.compareTo(b.range.start) || codeOf(a).localeCompare(codeOf(b)) || a.message.localeCompare(b.message));
  const exp = [...expected].sort((a, b) => a.span.start - b.span.start || a.ruleId.localeCompare(b.ruleId) || a.message.localeCompare(b.message));
  for (let i = 0; i < exp.length; i++) {
    const f = exp[i];
    const d = sorted[i];
    const start = doc.positionAt(f.span.start);
    assert.equal(byKey({ start: d.range.start, code: codeOf(d), message: d.message }), byKey({ start, code: f.ruleId, message: f.message }));
    if (f.span.end > f.span.start) assert.ok(d.range.end.isEqual(doc.positionAt(f.span.end)), `${f.ruleId}: range end`);
    assert.equal(d.source, SOURCE);
    assert.equal(d.severity, SEVERITY[f.severity], `${f.ruleId}: severity`);
    const code = d.code as { value: string; target: vscode.Uri };
    assert.equal(code.target.toString(), api.ruleDocUri(f.ruleId).toString());
    assert.ok(code.target.path.endsWith(`/docs/rules/${f.ruleId}.md`), code.target.path);
    assert.equal(d.relatedInformation?.length ?? 0, f.related.length, `${f.ruleId}: related`);
    f.related.forEach((r, j) => {
      const ri = d.relatedInformation![j];
      assert.equal(ri.message, r.message);
      assert.ok(ri.location.range.start.isEqual(doc.positionAt(r.span.start)));
      assert.equal(ri.location.uri.toString(), doc.uri.toString());
    });
  }
  return diags;
}

function rulesOn(diags: vscode.Diagnostic[], ruleId: string): number[] {
  return diags.filter((d) => codeOf(d) === ruleId).map((d) => d.range.start.line).sort((a, b) => a - b);
}

/** Lines spanned by each <datasource>…</datasource> whose <name> is `name`. */
function datasourceLines(doc: vscode.TextDocument, name: string): [number, number] {
  const text = doc.getText();
  const i = text.indexOf(`<name>${name}</name>`);
  const start = text.lastIndexOf('<datasource>', i);
  const end = text.indexOf('</datasource>', i);
  return [doc.positionAt(start).line, doc.positionAt(end).line];
}

describe('diagnostics', () => {
  it('publishes exactly the core findings for a Carbon master-datasources.xml (ranges, codes, targets)', async function () {
    const doc = await openFresh('apim-2.6/repository/conf/datasources/master-datasources.xml');
    needsParser(this, doc);
    await assertMatchesCore(doc);
  });

  it('flags the missing testOnBorrow and the 30000 ms validationInterval of both Aurora datasources, not the H2 one', async function () {
    needsRules(this, 'pool/test-on-borrow', 'pool/validation-interval', 'jdbc/connect-timeout');
    const doc = await openFresh('apim-2.6/repository/conf/datasources/master-datasources.xml');
    const diags = await waitForDiagnostics(doc.uri, (d) => rulesOn(d, 'pool/test-on-borrow').length >= 2, 'pool/test-on-borrow twice');
    const am = datasourceLines(doc, 'WSO2AM_DB');
    const um = datasourceLines(doc, 'WSO2UM_DB');
    const h2 = datasourceLines(doc, 'WSO2_CARBON_DB');
    const inside = (l: number, [a, b]: [number, number]) => l >= a && l <= b;
    const borrow = rulesOn(diags, 'pool/test-on-borrow');
    assert.equal(borrow.length, 2);
    assert.ok(inside(borrow[0], am) && inside(borrow[1], um), `pool/test-on-borrow on lines ${borrow.map((l) => l + 1)}`);
    // validationInterval: on the <validationInterval> element of the two MySQL datasources
    const vi = linesMatching(doc, /<validationInterval>30000</).filter((l) => !inside(l, h2));
    assert.deepEqual(rulesOn(diags, 'pool/validation-interval'), vi);
    const ct = rulesOn(diags, 'jdbc/connect-timeout');
    assert.equal(ct.length, 2);
    assert.ok(ct.every((l) => inside(l, am) || inside(l, um)));
    assert.ok(!diags.some((d) => inside(d.range.start.line, h2) && /^(pool|jdbc|aurora|serverless)\//.test(codeOf(d))), 'no MySQL/Aurora finding on the H2 datasource');
    assert.equal(diags.find((d) => codeOf(d) === 'pool/test-on-borrow')!.severity, vscode.DiagnosticSeverity.Error);
  });

  it('flags a writable datasource on the Aurora reader endpoint', async function () {
    needsRules(this, 'aurora/reader-endpoint-for-writer');
    const doc = await openFresh('apim-2.6/repository/conf/datasources/reader-datasources.xml');
    const diags = await waitForDiagnostics(doc.uri, (d) => rulesOn(d, 'aurora/reader-endpoint-for-writer').length > 0, 'aurora/reader-endpoint-for-writer');
    const d = diags.find((x) => codeOf(x) === 'aurora/reader-endpoint-for-writer')!;
    assert.deepEqual([d.range.start.line], linesMatching(doc, /<url>.*cluster-ro-/));
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.match(doc.getText(d.range), /cluster-ro-/);
    await assertMatchesCore(doc);
  });

  it('judges a deployment.toml by the defaults WSO2 applies (validationInterval 30000 without pool_options)', async function () {
    needsRules(this, 'pool/validation-interval');
    const doc = await openFresh('apim-4.2/repository/conf/deployment.toml');
    const diags = await waitForDiagnostics(doc.uri, (d) => rulesOn(d, 'pool/validation-interval').length >= 2, 'pool/validation-interval for apim_db and shared_db');
    const apimHeader = linesMatching(doc, /^\[database\.apim_db\]/)[0];
    const sharedValue = linesMatching(doc, /^validationInterval = 30000/)[0];
    assert.deepEqual(rulesOn(diags, 'pool/validation-interval'), [apimHeader, sharedValue]);
    // TOML's default testOnBorrow is true: not flagged
    assert.deepEqual(rulesOn(diags, 'pool/test-on-borrow'), []);
    await assertMatchesCore(doc);
  });

  it('links a misplaced TOML key to the table it belongs in (related information)', async function () {
    needsRules(this, 'wso2/pool-option-misplaced');
    const doc = await openFresh('apim-4.2/repository/conf/deployment.toml');
    const diags = await waitForDiagnostics(doc.uri, (d) => d.some((x) => codeOf(x) === 'wso2/pool-option-misplaced'), 'wso2/pool-option-misplaced');
    const d = diags.find((x) => codeOf(x) === 'wso2/pool-option-misplaced')!;
    assert.deepEqual([d.range.start.line], linesMatching(doc, /^maxActive = 100/));
    assert.ok(d.relatedInformation?.length, 'has related information');
    assert.equal(d.relatedInformation![0].location.uri.toString(), doc.uri.toString());
    assert.deepEqual([d.relatedInformation![0].location.range.start.line], linesMatching(doc, /^\[database\.shared_db\.pool_options\]/));
  });

  it('lints the generic <datasource> form by its content', async function () {
    needsRules(this, 'jdbc/connect-timeout');
    const doc = await openFresh('seed/apim-datasource.xml');
    needsParser(this, doc);
    const diags = await assertMatchesCore(doc);
    assert.ok(diags.length > 0);
  });

  it('drops a stale result when a newer lint of the same document started (generation counter)', async function () {
    const api = await activate();
    const doc = await openFresh('apim-2.6/repository/conf/datasources/master-datasources.xml');
    const [first, second] = await Promise.all([api.lintNow(doc), api.lintNow(doc)]);
    assert.equal(first, null, 'the older run publishes nothing');
    assert.ok(Array.isArray(second));
  });

  it('reports nothing for a file with only H2 datasources', async function () {
    needsRules(this, 'pool/test-on-borrow', 'pool/validation-interval');
    const api = await activate();
    const doc = await openFresh('h2-only/master-datasources.xml');
    needsParser(this, doc);
    const findings = await api.lintNow(doc);
    assert.deepEqual(findings, []);
    assert.deepEqual(ours(doc.uri), []);
  });

  it('clears diagnostics when the document is closed', async function () {
    const api = await activate();
    await closeAll();
    // Opened the way a user opens it (an editor, no extension-held reference): VS Code closes the document when the
    // editor goes. (A document from openTextDocument stays open for minutes after its editors.)
    const uri = freshCopy('apim-2.6/repository/conf/datasources/master-datasources.xml');
    await vscode.commands.executeCommand('vscode.open', uri);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())!;
    assert.ok(doc);
    const findings = await api.lintNow(doc);
    assert.ok(findings && findings.length > 0);
    await waitForDiagnostics(doc.uri, (d) => d.length > 0, 'some diagnostics');
    const closed = new Promise<void>((resolve) => {
      const sub = vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.toString() === doc.uri.toString()) {
          sub.dispose();
          resolve();
        }
      });
    });
    await closeAll();
    // VS Code closes a document some time after its last editor (its own choice, not an event we control)
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 15_000));
    if ((await Promise.race([closed, timeout])) === 'timeout') this.skip();
    await waitForDiagnostics(doc.uri, (d) => d.length === 0, 'no diagnostics after close', 2_000);
  });

  it('lints every matching file in the workspace with the command', async function () {
    const api = await activate();
    const r = (await vscode.commands.executeCommand('auroraGuard.lintWorkspace')) as { files: number; findings: number };
    assert.ok(r.files >= 4, `files linted: ${r.files}`);
    const reader = vscode.Uri.file(path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'apim-2.6/repository/conf/datasources/reader-datasources.xml'));
    const expected = await coreFindings(await vscode.workspace.openTextDocument(reader));
    assert.equal(api.diagnostics.get(reader)?.length ?? 0, expected.length);
    void waitForLint; // (the command resolves after publishing)
  });
});
