/// <reference types="mocha" />
// Which documents are linted: every kind of file the CLI reads (the core's file selection, src/core/files/select.ts,
// tested under plain Node in test/unit/files), here as the editor sees them: JVM files by name, values files by
// content whatever their name, the generic <datasource> form by content, and the user's globs.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, codeOf, coreFindings, openFresh, setSetting, waitForDiagnostics } from './helpers';

describe('document selection', () => {
  it('lints a java.security by name, also one that sets no DNS cache TTL (as the CLI does when it is named)', async () => {
    const api = await activate();
    const doc = await openFresh('jvm/java.security');
    assert.ok(api.isLinted(doc));
    const diags = await waitForDiagnostics(doc.uri, (d) => d.some((x) => codeOf(x) === 'jvm/dns-ttl'), 'jvm/dns-ttl on java.security');
    const ttl = diags.find((x) => codeOf(x) === 'jvm/dns-ttl')!;
    assert.match(ttl.message, /This java\.security does not set networkaddress\.cache\.ttl/);
    assert.equal(ttl.severity, vscode.DiagnosticSeverity.Information);
  });

  it('lints a Dockerfile by name: the -D flag the JDK never reads', async () => {
    const api = await activate();
    const doc = await openFresh('docker/Dockerfile');
    assert.ok(api.isLinted(doc));
    const diags = await waitForDiagnostics(doc.uri, (d) => d.some((x) => codeOf(x) === 'jvm/dns-ttl'), 'jvm/dns-ttl on the Dockerfile');
    assert.equal(doc.getText(diags.find((x) => codeOf(x) === 'jvm/dns-ttl')!.range), '-Dnetworkaddress.cache.ttl=5');
  });

  it('lints a Helm values file named my-values.yaml by its content, with the findings the core reports', async () => {
    const api = await activate();
    const doc = await openFresh('helm-custom/my-values.yaml');
    assert.ok(api.isLinted(doc));
    const expected = await coreFindings(doc);
    assert.ok(expected.some((f) => f.ruleId === 'pool/test-on-borrow'));
    const diags = await waitForDiagnostics(doc.uri, (d) => d.length === expected.length, `${expected.length} diagnostics`);
    assert.deepEqual(diags.map(codeOf).sort(), expected.map((f) => f.ruleId).sort());
    assert.equal(doc.getText(diags.find((x) => codeOf(x) === 'pool/test-on-borrow')!.range), 'false');
  });

  it('lints the generic <datasource> XML form when it is open', async () => {
    const api = await activate();
    const doc = await openFresh('seed/apim-datasource.xml');
    assert.ok(api.isLinted(doc));
  });

  it('leaves unrelated XML alone', async () => {
    const api = await activate();
    const doc = await openFresh('other/pom-like.xml');
    assert.equal(api.isLinted(doc), false);
    assert.deepEqual(await api.lintNow(doc), []);
    assert.equal(vscode.languages.getDiagnostics(doc.uri).length, 0);
  });

  it('lints files matched by auroraGuard.files', async () => {
    const api = await activate();
    const doc = await openFresh('custom/datasources.conf.tmpl');
    assert.equal(api.isLinted(doc), false);
    try {
      await setSetting('auroraGuard.files', ['**/*.conf.tmpl'], doc);
      assert.equal(api.isLinted(doc), true);
    } finally {
      await setSetting('auroraGuard.files', undefined);
    }
    assert.equal(api.isLinted(doc), false);
  });
});
