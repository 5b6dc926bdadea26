/// <reference types="mocha" />
// Part 6 of issue 6: an untrusted workspace for real. This file runs in a code-server with workspace trust on
// (run-ext-tests.sh WORKSPACE_TRUST=1: no --disable-workspace-trust, security.workspace.trust.enabled, a fresh
// browser profile, so the folder has never been trusted; startupPrompt "never" opens it in Restricted Mode).
// Expected: vscode.workspace.isTrusted is false, linting still publishes diagnostics, "Probe Aurora" (command and
// the Probes view's run / watch messages) refuses and says why, and no TCP connection reaches the endpoint
// (a counting listener on 127.0.0.1 stands in for MariaDB). A control run with the trust override shows the
// listener does see a probe's connection in this host, so a 0 means refused, not unobserved.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, closeAll, coreFindings, openFresh, ours, waitForDiagnostics } from '../suite/helpers';
import { CountingListener, until, writeCounts } from './lib';

const FIXTURE = 'apim-4.2/repository/conf/deployment.toml';

describe('reliability: untrusted workspace (workspace trust on, folder not trusted)', () => {
  const counts = { isTrusted: null as boolean | null, lintDiagnostics: 0, lintExpected: 0, probeAttempts: 0, probesRun: 0, refusals: 0, refusalSaysWhy: 0, connections: 0, controlConnections: 0 };
  let listener: CountingListener;
  const logged: string[] = [];
  let sub: vscode.Disposable | undefined;

  before(async () => {
    listener = await CountingListener.start();
    const api = await activate();
    sub = api.probe.onDidLog((l) => logged.push(l));
  });
  after(async () => {
    sub?.dispose();
    await listener.close();
    counts.connections = listener.accepted - counts.controlConnections;
    writeCounts('untrusted', counts);
  });

  it('the workspace is really untrusted (no override)', () => {
    counts.isTrusted = vscode.workspace.isTrusted;
    assert.equal(vscode.workspace.isTrusted, false, 'workspace trust is off or the folder is trusted: run with WORKSPACE_TRUST=1');
  });

  it('linting still publishes diagnostics', async () => {
    const doc = await openFresh(FIXTURE);
    const expected = (await coreFindings(doc)).length;
    assert.ok(expected > 0, 'the fixture has findings');
    const d = await waitForDiagnostics(doc.uri, (x) => x.length === expected, `${expected} diagnostics`);
    counts.lintDiagnostics = d.length;
    counts.lintExpected = expected;
    assert.equal(ours(doc.uri).length, expected);
  });

  it('"Probe Aurora" refuses, says why, and opens no connection (command, test API, view run and watch)', async () => {
    const api = await activate();
    const endpoint = { host: '127.0.0.1', port: listener.port, user: 'probe', database: null };
    const outcomes = [
      await vscode.commands.executeCommand<{ status: string; error?: string }>('auroraGuard.probe', { password: 'x-untrusted-pw', endpoint }),
      await api.probe.probe({ password: 'x-untrusted-pw', endpoint }),
      await vscode.commands.executeCommand<{ status: string; error?: string }>('auroraGuard.probe', { uri: (await openFresh(FIXTURE, false)).uri, password: 'x-untrusted-pw' }),
    ];
    counts.probeAttempts += outcomes.length;
    for (const o of outcomes) {
      if (o.status === 'ok' || o.status === 'failed') counts.probesRun++;
      if (o.status === 'untrusted') counts.refusals++;
      if (/untrusted workspace/.test(o.error ?? '') && /Trust this workspace/.test(o.error ?? '')) counts.refusalSaysWhy++;
    }
    // the view's messages go through the same gate (a well-formed run and watch for the listener)
    const form = { host: '127.0.0.1', port: listener.port, user: 'probe', database: null, tls: 'off', readerHost: null };
    const n = logged.length;
    api.probe.receiveFromView({ type: 'run', endpoint: form });
    api.probe.receiveFromView({ type: 'watchStart', endpoint: form, intervalMs: 100, durationS: 2 });
    counts.probeAttempts += 2;
    await until(() => logged.slice(n).filter((l) => /probe refused: the workspace is not trusted/.test(l)).length >= 2, 5000, 'two refusals logged');
    counts.refusals += 2;
    counts.refusalSaysWhy += 2; // the same refusal (its message is the command's, checked above)
    // give a connection that should not happen time to arrive
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(listener.accepted, 0, `${listener.accepted} connections reached the listener`);
    assert.deepEqual(outcomes.map((o) => o.status), ['untrusted', 'untrusted', 'untrusted']);
    assert.equal(counts.refusalSaysWhy, counts.probeAttempts);
  });

  it('control: with the trust override the same probe does connect (the listener sees it)', async () => {
    const api = await activate();
    await closeAll(); // no datasource file in the editor: the probe takes the endpoint given, without a quick pick
    api.probe.setTrustOverride(true);
    try {
      const n = logged.length;
      const o = await Promise.race([
        api.probe.probe({ password: 'x-untrusted-pw', endpoint: { host: '127.0.0.1', port: listener.port, user: 'probe', database: null } }),
        new Promise<never>((_r, rej) => setTimeout(() => rej(new Error(`no outcome in 20 s; log: ${logged.slice(n).join(' | ')}; accepted ${listener.accepted}; view ready ${api.probe.isViewReady()}`)), 20000)),
      ]);
      assert.equal(o.status, 'failed', 'the listener closes every connection, so the probe fails');
    } finally {
      api.probe.setTrustOverride(undefined);
    }
    counts.controlConnections = listener.accepted;
    assert.ok(listener.accepted > 0, 'the control probe reached the listener');
  });
});
