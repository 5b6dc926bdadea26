/// <reference types="mocha" />
// Lightbulb actions, their order, and what applying them does to the document. ("Make this pool failover-safe",
// first for a datasource whose forecast fails, is tested in forecast.test.ts.)
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { applyEdits } from '../../../src/core/fixes/apply';
import { fixAll } from '../../../src/core/fixes/fixAll';
import { lintText } from '../../../src/core/lint';
import { failoverSafeFix } from '../../../src/core/forecast/report';
import { activate, allTabs, closeAll, codeOf, coreFindings, isMarkdownPreview, needsRules, openFresh, optionsOf, ours, waitForDiagnostics, waitForTab } from './helpers';

const MASTER = 'apim-2.6/repository/conf/datasources/master-datasources.xml';
const TOML = 'apim-4.2/repository/conf/deployment.toml';

async function actionsFor(doc: vscode.TextDocument, diag: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  // (the API command returns the actions without their diagnostics: callers pick by title, or use a range only one
  // diagnostic covers)
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diag.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
}

async function firstDiagnostic(doc: vscode.TextDocument, ruleId: string): Promise<vscode.Diagnostic> {
  const diags = await waitForDiagnostics(doc.uri, (d) => d.some((x) => codeOf(x) === ruleId), ruleId);
  return diags.filter((x) => codeOf(x) === ruleId).sort((a, b) => a.range.start.compareTo(b.range.start))[0];
}

describe('code actions', () => {
  before(() => activate());

  it('offers, in order: preferred fix, other fixes, fix all, disable for line, disable for file, show documentation', async function () {
    needsRules(this, 'pool/validation-interval');
    const doc = await openFresh(MASTER);
    const diag = await firstDiagnostic(doc, 'pool/validation-interval');
    // a diagnostic no other of ours overlaps, so every action returned is for this one
    assert.equal(ours(doc.uri).filter((d) => d.range.intersection(diag.range)).length, 1);
    const findings = await coreFindings(doc);
    const finding = findings.find((f) => f.ruleId === 'pool/validation-interval' && doc.positionAt(f.span.start).isEqual(diag.range.start))!;
    assert.ok(finding.fixes.some((f) => f.preferred), 'the core offers a preferred fix for pool/validation-interval');
    assert.ok(findings.filter((f) => f.ruleId === 'pool/validation-interval' && f.fixes.some((x) => x.preferred)).length > 1, 'two fixable findings');
    const actions = await actionsFor(doc, diag);
    const fixTitles = [...finding.fixes.filter((f) => f.preferred), ...finding.fixes.filter((f) => !f.preferred)].map((f) => f.title);
    // a finding decided by the forecast, of a datasource whose forecast fails: "Make this pool failover-safe" first
    const ds = lintText(doc.fileName, doc.getText(), await optionsOf(doc)).doc.datasources.find((d) => (d.name ?? d.id) === finding.datasource)!;
    const safe = failoverSafeFix(doc.fileName, doc.getText(), await optionsOf(doc), ds.id);
    assert.ok(finding.forecast && safe, 'the fixture\'s pool fails the forecast');
    assert.deepEqual(
      actions.map((a) => a.title),
      [
        safe.title,
        ...fixTitles,
        'Fix all pool/validation-interval problems in this file',
        'Disable pool/validation-interval for this line',
        'Disable pool/validation-interval for this file',
        'Show documentation for pool/validation-interval',
      ],
    );
    assert.deepEqual(
      actions.map((a) => !!a.isPreferred),
      actions.map((_, i) => i <= 1),
    );
  });

  it('applying the preferred fix changes the document exactly as the core says, and the diagnostic disappears', async function () {
    needsRules(this, 'pool/validation-interval');
    const doc = await openFresh(MASTER);
    const diag = await firstDiagnostic(doc, 'pool/validation-interval');
    const before = doc.getText();
    const finding = (await coreFindings(doc)).find((f) => f.ruleId === 'pool/validation-interval' && doc.positionAt(f.span.start).isEqual(diag.range.start))!;
    const fix = finding.fixes.find((f) => f.preferred)!;
    const action = (await actionsFor(doc, diag)).find((a) => a.isPreferred && !a.title.startsWith('Make this pool failover-safe'))!;
    assert.equal(action.title, fix.title);
    assert.ok(await vscode.workspace.applyEdit(action.edit!));
    assert.equal(doc.getText(), applyEdits(before, fix.edits));
    await waitForDiagnostics(doc.uri, (d) => !d.some((x) => codeOf(x) === 'pool/validation-interval' && x.range.start.line === diag.range.start.line), 'the fixed diagnostic gone', 2_000);
  });

  it('"Fix all <rule> problems" fixes every finding of that rule in one edit', async function () {
    needsRules(this, 'pool/test-on-borrow');
    const doc = await openFresh(MASTER);
    const diag = await firstDiagnostic(doc, 'pool/test-on-borrow');
    const before = doc.getText();
    const action = (await actionsFor(doc, diag)).find((a) => a.title === 'Fix all pool/test-on-borrow problems in this file')!;
    assert.ok(await vscode.workspace.applyEdit(action.edit!));
    const expected = fixAll(doc.fileName, before, await optionsOf(doc), (f) => f.ruleId === 'pool/test-on-borrow').text;
    assert.equal(doc.getText(), expected);
    await waitForDiagnostics(doc.uri, (d) => !d.some((x) => codeOf(x) === 'pool/test-on-borrow'), 'no pool/test-on-borrow left', 2_000);
    // one undo step restores the file
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), before);
  });

  it('"Disable for this line" inserts the suppression comment with the line\'s indentation (XML)', async function () {
    needsRules(this, 'pool/validation-interval');
    const doc = await openFresh(MASTER);
    const diag = await firstDiagnostic(doc, 'pool/validation-interval');
    const line = diag.range.start.line;
    const indent = /^\s*/.exec(doc.lineAt(line).text)![0];
    const action = (await actionsFor(doc, diag)).find((a) => a.title === 'Disable pool/validation-interval for this line')!;
    assert.ok(await vscode.workspace.applyEdit(action.edit!));
    assert.equal(doc.lineAt(line).text, `${indent}<!-- aurora-guard-disable-next-line pool/validation-interval -->`);
    await waitForDiagnostics(doc.uri, (d) => !d.some((x) => codeOf(x) === 'pool/validation-interval' && x.range.start.line === line + 1), 'the suppressed finding gone', 2_000);
    // the other datasource's finding stays
    assert.ok(ours(doc.uri).some((x) => codeOf(x) === 'pool/validation-interval'));
  });

  it('"Disable for this line" uses # comments in TOML', async function () {
    needsRules(this, 'pool/validation-interval');
    const doc = await openFresh(TOML);
    const diags = await waitForDiagnostics(doc.uri, (d) => d.some((x) => codeOf(x) === 'pool/validation-interval'), 'pool/validation-interval');
    const diag = diags.filter((x) => codeOf(x) === 'pool/validation-interval').sort((a, b) => b.range.start.compareTo(a.range.start))[0];
    const line = diag.range.start.line;
    const action = (await actionsFor(doc, diag)).find((a) => a.title === 'Disable pool/validation-interval for this line')!;
    assert.ok(await vscode.workspace.applyEdit(action.edit!));
    assert.equal(doc.lineAt(line).text, '# aurora-guard-disable-next-line pool/validation-interval');
    await waitForDiagnostics(doc.uri, (d) => !d.some((x) => codeOf(x) === 'pool/validation-interval' && x.range.start.line === line + 1), 'the suppressed finding gone', 2_000);
  });

  it('"Disable for this file" silences the rule in the whole file (after the XML declaration)', async function () {
    needsRules(this, 'pool/test-on-borrow');
    const doc = await openFresh(MASTER);
    const diag = await firstDiagnostic(doc, 'pool/test-on-borrow');
    const action = (await actionsFor(doc, diag)).find((a) => a.title === 'Disable pool/test-on-borrow for this file')!;
    assert.ok(await vscode.workspace.applyEdit(action.edit!));
    assert.match(doc.lineAt(0).text, /^<\?xml /);
    assert.equal(doc.lineAt(1).text, '<!-- aurora-guard-disable-file pool/test-on-borrow -->');
    await waitForDiagnostics(doc.uri, (d) => !d.some((x) => codeOf(x) === 'pool/test-on-borrow'), 'no pool/test-on-borrow', 2_000);
  });

  it('"Show documentation" opens the rule page in the Markdown preview', async function () {
    needsRules(this, 'pool/test-on-borrow');
    const doc = await openFresh(MASTER);
    const diag = await firstDiagnostic(doc, 'pool/test-on-borrow');
    const action = (await actionsFor(doc, diag)).find((a) => a.title === 'Show documentation for pool/test-on-borrow')!;
    assert.equal(action.command?.command, 'auroraGuard.showRuleDocs');
    const shown = (await vscode.commands.executeCommand(action.command!.command, ...(action.command!.arguments ?? []))) as vscode.Uri;
    assert.match(shown.path, /docs\/rules\/pool\/test-on-borrow\.md$/);
    await waitForTab(isMarkdownPreview, 'a Markdown preview tab');
    await closeAll();
  });

  it('the diagnostic code link (the docs page) opens as a Markdown preview, not as text', async function () {
    needsRules(this, 'pool/test-on-borrow');
    const doc = await openFresh(MASTER);
    const diag = await firstDiagnostic(doc, 'pool/test-on-borrow');
    const target = (diag.code as { target: vscode.Uri }).target;
    await vscode.workspace.fs.stat(target); // the page ships in the extension
    await vscode.commands.executeCommand('vscode.open', target);
    await waitForTab((t) => t.input instanceof vscode.TabInputCustom && t.input.viewType === 'vscode.markdown.preview.editor' && t.input.uri.toString() === target.toString(), 'the preview of the docs page');
    await waitForTab(() => !allTabs().some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === target.toString()), 'the text tab replaced');
    await closeAll();
  });
});

describe('fix-on-save (source.fixAll.auroraGuard)', () => {
  before(() => activate());
  afterEach(() => vscode.workspace.getConfiguration('editor').update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace));

  it('is offered as a source.fixAll action and applies every preferred fix to a fixed point', async function () {
    needsRules(this, 'pool/test-on-borrow', 'pool/validation-interval');
    const doc = await openFresh(MASTER);
    await waitForDiagnostics(doc.uri, (d) => d.length > 0, 'diagnostics');
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(0, 0, 0, 0), 'source.fixAll.auroraGuard')) ?? [];
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind?.value, 'source.fixAll.auroraGuard');
    const expected = fixAll(doc.fileName, doc.getText(), await optionsOf(doc));
    assert.ok(expected.applied.length >= 2, `fixes applied: ${expected.applied.length}`);
    assert.ok(await vscode.workspace.applyEdit(actions[0].edit!));
    assert.equal(doc.getText(), expected.text);
  });

  it('the "Fix All Auto-fixable Problems" command does the same for the active editor', async function () {
    needsRules(this, 'pool/test-on-borrow');
    const doc = await openFresh(TOML);
    await vscode.window.showTextDocument(doc);
    const expected = fixAll(doc.fileName, doc.getText(), await optionsOf(doc)).text;
    assert.notEqual(expected, doc.getText(), 'the fixture has fixable findings');
    assert.equal(await vscode.commands.executeCommand('auroraGuard.fixAll'), true);
    assert.equal(doc.getText(), expected);
  });

  it('runs on save with "editor.codeActionsOnSave": { "source.fixAll.auroraGuard": "explicit" }', async function () {
    needsRules(this, 'pool/test-on-borrow', 'pool/validation-interval');
    await vscode.workspace.getConfiguration('editor').update('codeActionsOnSave', { 'source.fixAll.auroraGuard': 'explicit' }, vscode.ConfigurationTarget.Workspace);
    const doc = await openFresh(MASTER);
    await waitForDiagnostics(doc.uri, (d) => d.length > 0, 'diagnostics');
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit((e) => e.insert(new vscode.Position(doc.lineCount - 1, doc.lineAt(doc.lineCount - 1).text.length), '\n'));
    const expected = fixAll(doc.fileName, doc.getText(), await optionsOf(doc)).text;
    await vscode.commands.executeCommand('workbench.action.files.save');
    assert.equal(doc.isDirty, false);
    assert.equal(doc.getText(), expected);
    const fixable = (await coreFindings(doc)).filter((f) => f.fixes.some((x) => x.preferred));
    assert.deepEqual(fixable.map((f) => f.ruleId), []);
  });
});
