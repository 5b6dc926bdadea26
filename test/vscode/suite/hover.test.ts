/// <reference types="mocha" />
// Hovers on flagged keys (rule title, why, message, value in effect, docs link) and on keys WSO2 ignores.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ruleById } from '../../../src/core/rules/index';
import { activate, codeOf, coreFindings, linesMatching, needsParser, needsRules, openFresh, setSetting, waitForDiagnostics } from './helpers';

async function hoverText(doc: vscode.TextDocument, pos: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos)) ?? [];
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n')
    .replace(/\\([\\*_{}[\]<>#|])/g, '$1'); // undo Markdown escaping
}

describe('hover', () => {
  before(() => activate());

  it('explains a flagged value: title, why, message, value in effect, docs link', async function () {
    needsRules(this, 'pool/validation-interval');
    const doc = await openFresh('apim-2.6/repository/conf/datasources/master-datasources.xml');
    const diags = await waitForDiagnostics(doc.uri, (d) => d.some((x) => codeOf(x) === 'pool/validation-interval'), 'pool/validation-interval');
    const diag = diags.find((x) => codeOf(x) === 'pool/validation-interval')!;
    const line = diag.range.start.line;
    const meta = ruleById('pool/validation-interval')!.meta;
    const finding = (await coreFindings(doc)).find((f) => f.ruleId === 'pool/validation-interval' && doc.positionAt(f.span.start).line === line)!;
    // on the key name (outside the squiggle): everything, the message included
    const onKey = await hoverText(doc, new vscode.Position(line, doc.lineAt(line).text.indexOf('validationInterval') + 3));
    assert.ok(onKey.includes(meta.title), `title in: ${onKey}`);
    assert.ok(onKey.includes(meta.rationale), 'rationale');
    assert.ok(onKey.includes(finding.message), 'message');
    assert.match(onKey, /Value in effect:.*validationInterval = 30000.*set in the file/);
    assert.ok(onKey.includes('command:auroraGuard.showRuleDocs'), 'docs link');
    // on the squiggle, VS Code's own problem hover shows the message: ours does not repeat it
    const onValue = await hoverText(doc, new vscode.Position(line, doc.lineAt(line).text.indexOf('30000') + 2));
    assert.ok(onValue.includes(meta.title) && onValue.includes(meta.rationale));
    assert.ok(!onValue.includes(finding.message), 'message not repeated');
  });

  it('says when WSO2 silently ignores a key that no rule flags', async function () {
    const doc = await openFresh('apim-4.2/repository/conf/deployment.toml');
    needsParser(this, doc);
    await setSetting('auroraGuard.rules', { 'wso2/pool-option-misplaced': 'off', 'wso2/unsupported-pool-option': 'off' }, doc);
    try {
      const line = linesMatching(doc, /^maxActive = 100/)[0];
      const text = await hoverText(doc, new vscode.Position(line, 2));
      assert.match(text, /Ignored by WSO2/);
      assert.match(text, /pool_options/);
    } finally {
      await setSetting('auroraGuard.rules', undefined, doc);
    }
  });

  it('shows nothing of ours on a key that is fine', async function () {
    const doc = await openFresh('apim-4.2/repository/conf/deployment.toml');
    needsParser(this, doc);
    const line = linesMatching(doc, /^maxWait = 60000/)[0]; // in shared_db.pool_options, nothing wrong with it
    const text = await hoverText(doc, new vscode.Position(line, 2));
    assert.doesNotMatch(text, /Ignored by WSO2|command:auroraGuard/);
  });
});
