/// <reference types="mocha" />
// Helm values files, Kubernetes manifests and JVM files in the editor: which are linted (by content, never any
// YAML), diagnostics at the characters the core reports, the chart version from Chart.yaml, and a quick fix that
// edits the YAML in place.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parse as parseYaml } from 'yaml';
import { applyEdits } from '../../../src/core/fixes/apply';
import { fileKind } from '../../../src/core/files/select';
import { activate, closeAll, codeOf, coreFindings, freshCopy, openFresh, waitForDiagnostics, workspaceRoot } from './helpers';

const VALUES = 'helm-apim/values/values-prod.yaml';
/** What the tests read of the parsed values file. */
type HelmValues = {
  wso2: { apim: { configurations: { databases: Record<string, { poolParameters: Record<string, unknown> }> } }; deployment: { envs: Record<string, string> } };
};

async function actionsFor(doc: vscode.TextDocument, range: vscode.Range): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, range, vscode.CodeActionKind.QuickFix.value)) ?? [];
}

describe('Helm values, manifests and JVM files', () => {
  before(() => activate());
  after(() => closeAll());

  it('selects WSO2 values files and ConfigMaps by content, JVM files by name, and never arbitrary YAML', async () => {
    const api = await activate();
    assert.ok(api.isLinted(await openFresh(VALUES, false)));
    assert.ok(api.isLinted(await openFresh('k8s/apim-conf.yaml', false)));
    assert.ok(api.isLinted(await openFresh('jvm/api-manager.sh', false)));
    const compose = await openFresh('k8s/docker-compose.yaml', false);
    assert.equal(api.isLinted(compose), false);
    assert.deepEqual(await api.lintNow(compose), []);
    assert.equal(fileKind('/a/values.yaml', 'replicaCount: 1\nimage:\n  repository: nginx\n'), null);
    assert.equal(fileKind('/a/Dockerfile', 'FROM wso2/wso2am:4.5.0\n'), 'jvm-file');
  });

  it('values file: diagnostics where the core puts them, a chart default from the Chart.yaml one folder up', async () => {
    // a fresh copy of the values file with the chart's Chart.yaml one folder up, as in the fixture
    const uri = freshCopy(VALUES);
    fs.copyFileSync(path.join(workspaceRoot(), 'helm-apim', 'Chart.yaml'), path.join(path.dirname(uri.fsPath), '..', 'Chart.yaml'));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    const diags = await waitForDiagnostics(doc.uri, (d) => d.some((x) => codeOf(x) === 'pool/test-on-borrow') && d.some((x) => codeOf(x) === 'pool/default-auto-commit'), 'values diagnostics');
    const tob = diags.find((x) => codeOf(x) === 'pool/test-on-borrow')!;
    const core = (await coreFindings(doc)).find((f) => f.ruleId === 'pool/test-on-borrow')!;
    assert.ok(tob.range.isEqual(new vscode.Range(doc.positionAt(core.span.start), doc.positionAt(core.span.end))));
    assert.equal(doc.getText(tob.range), 'false');
    assert.equal(tob.range.start.line, 13);
    // the chart is 4.2.0-1 (Chart.yaml in the parent folder), whose values.yaml ships defaultAutoCommit false
    const dac = diags.find((x) => codeOf(x) === 'pool/default-auto-commit')!;
    assert.match(dac.message, /Helm chart default: wso2\/helm-apim wso2am-all-in-one 4\.2\.0-1/);
    assert.equal(doc.getText(dac.range), 'apim_db');
    // JAVA_OPTS in the values: the -D form of the security property is never read
    const dns = diags.find((x) => codeOf(x) === 'jvm/dns-ttl' && doc.getText(x.range).startsWith('-Dnetworkaddress'));
    assert.ok(dns, 'jvm/dns-ttl on JAVA_OPTS');
  });

  it('values file: the preferred quick fix edits the YAML in place and the diagnostic goes away', async () => {
    const doc = await openFresh(VALUES);
    const diags = await waitForDiagnostics(doc.uri, (d) => d.some((x) => codeOf(x) === 'pool/test-on-borrow'), 'pool/test-on-borrow');
    const diag = diags.find((x) => codeOf(x) === 'pool/test-on-borrow')!;
    const before = doc.getText();
    const fix = (await coreFindings(doc)).find((f) => f.ruleId === 'pool/test-on-borrow')!.fixes.find((f) => f.preferred)!;
    const action = (await actionsFor(doc, diag.range)).find((a) => a.isPreferred && !a.title.startsWith('Make this pool failover-safe'))!;
    assert.equal(action.title, fix.title);
    assert.ok(await vscode.workspace.applyEdit(action.edit!));
    assert.equal(doc.getText(), applyEdits(before, fix.edits));
    assert.match(doc.getText(), /testOnBorrow: true {3}# turned off while debugging/);
    assert.equal((parseYaml(doc.getText()) as HelmValues).wso2.apim.configurations.databases.apim_db.poolParameters.testOnBorrow, true);
    await waitForDiagnostics(doc.uri, (d) => !d.some((x) => codeOf(x) === 'pool/test-on-borrow'), 'pool/test-on-borrow gone', 3_000);
  });

  it('values file: a fix that adds a parameter creates poolParameters and keeps the file valid YAML', async () => {
    const doc = await openFresh(VALUES);
    const diags = await waitForDiagnostics(doc.uri, (d) => d.some((x) => codeOf(x) === 'pool/max-age' && doc.getText(x.range) === 'shared_db'), 'pool/max-age on shared_db');
    const diag = diags.find((x) => codeOf(x) === 'pool/max-age' && doc.getText(x.range) === 'shared_db')!;
    const before = doc.getText();
    const core = (await coreFindings(doc)).find((f) => f.ruleId === 'pool/max-age' && doc.getText(new vscode.Range(doc.positionAt(f.span.start), doc.positionAt(f.span.end))) === 'shared_db')!;
    const fix = core.fixes.find((f) => f.preferred)!;
    const action = (await actionsFor(doc, diag.range)).find((a) => a.isPreferred && a.title.startsWith('Set maxAge'))!;
    assert.equal(action.title, fix.title);
    assert.ok(await vscode.workspace.applyEdit(action.edit!));
    assert.equal(doc.getText(), applyEdits(before, fix.edits));
    const data = parseYaml(doc.getText()) as HelmValues;
    const maxAge = data.wso2.apim.configurations.databases.shared_db.poolParameters.maxAge;
    assert.ok(typeof maxAge === 'number' && maxAge > 0, `maxAge ${maxAge}`);
    assert.equal(data.wso2.apim.configurations.databases.apim_db.poolParameters.maxActive, 50);
    assert.equal(data.wso2.deployment.envs.JAVA_OPTS, '-Dnetworkaddress.cache.ttl=5');
    assert.ok(doc.getText().startsWith('# Production overrides for the wso2/helm-apim all-in-one chart\n'));
  });

  it('ConfigMap and start script: their diagnostics sit on the embedded text and the JVM option', async () => {
    const cm = await openFresh('k8s/apim-conf.yaml');
    const d1 = await waitForDiagnostics(cm.uri, (d) => d.some((x) => codeOf(x) === 'pool/test-on-borrow'), 'ConfigMap pool/test-on-borrow');
    const tob = d1.find((x) => codeOf(x) === 'pool/test-on-borrow')!;
    assert.equal(cm.getText(tob.range), 'false');
    assert.equal(tob.range.start.line, 11);
    const sh = await openFresh('jvm/api-manager.sh');
    const d2 = await waitForDiagnostics(sh.uri, (d) => d.some((x) => codeOf(x) === 'jvm/dns-ttl'), 'jvm/dns-ttl in api-manager.sh');
    assert.equal(sh.getText(d2.find((x) => codeOf(x) === 'jvm/dns-ttl')!.range), '-Dsun.net.inetaddr.ttl=60');
  });
});
