/// <reference types="mocha" />
// "Probe Aurora" in the real extension host against the loopback MariaDB writer (scripts/db/db.sh, started by
// scripts/vscode-host/test-vscode.sh): the panel receives identify + the validation-query lab, the password
// never reaches the webview, its state or the output channel, untrusted workspaces are refused, malformed
// webview messages are ignored, and mysql2 is only loaded when a probe runs (dist/extension.probe.js).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HostMessage } from '../../../src/shared/probe/protocol';
import { ROLE_AWARE_VALIDATION_QUERY } from '../../../src/core/knowledge/validationQueries';
import { ROOT, activate, closeAll, needsWriter, openFresh, setSetting, writerReachable } from './helpers';
import type * as SimModule from '../../probe/auroraSim';
import type * as ProbeHelpers from '../../probe/helpers';

const PASSWORD = 'probepw';
const FIXTURE = 'probe-local/repository/conf/deployment.toml';

describe('Probe Aurora', () => {
  const posted: HostMessage[] = [];
  const logged: string[] = [];
  const subs: vscode.Disposable[] = [];

  before(async () => {
    const api = await activate();
    subs.push(
      api.probe.onDidPost((m) => posted.push(m)),
      api.probe.onDidLog((l) => logged.push(l)),
    );
  });
  after(() => subs.forEach((d) => d.dispose()));

  it('is contributed with its exact title and category, and the Probes view', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const cmd = pkg.contributes.commands.find((c: { command: string }) => c.command === 'auroraGuard.probe');
    assert.deepEqual([cmd.title, cmd.category], ['Probe Aurora', 'Aurora Failover Guard']);
    assert.ok(pkg.contributes.commands.some((c: { command: string }) => c.command === 'auroraGuard.forgetPassword'));
    assert.equal(pkg.contributes.viewsContainers.activitybar[0].id, 'auroraGuard');
    assert.deepEqual(
      pkg.contributes.views.auroraGuard.map((v: { id: string; name: string; type: string }) => [v.id, v.name, v.type]),
      [['auroraGuard.probes', 'Probes', 'webview']],
    );
    assert.match(pkg.capabilities.untrustedWorkspaces.description, /Probe Aurora/);
  });

  it('keeps the probe (mysql2) out of the activation bundle', async () => {
    const ext = fs.readFileSync(path.join(ROOT, 'dist', 'extension.js'), 'utf8');
    assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'extension.probe.js')), 'dist/extension.probe.js (the lazily loaded chunk) exists');
    // mysql2's auth plugins are a fingerprint of the driver.
    assert.ok(!ext.includes('mysql_native_password'), 'mysql2 is not in dist/extension.js');
    assert.ok(
      fs.readFileSync(path.join(ROOT, 'dist', 'extension.probe.js'), 'utf8').includes('mysql_native_password'),
      'mysql2 is in dist/extension.probe.js',
    );
  });

  it('offers a "Probe Aurora" code lens on each MySQL datasource URL', async () => {
    const doc = await openFresh(FIXTURE);
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri)).filter(
      (l) => l.command?.command === 'auroraGuard.probe',
    );
    assert.equal(lenses.length, 2);
    for (const l of lenses) {
      assert.equal(l.command!.title, 'Probe Aurora');
      assert.match(doc.lineAt(l.range.start.line).text, /^url = "jdbc:mysql:/);
    }
  });

  it('refuses to probe in an untrusted workspace and says why', async () => {
    const api = await activate();
    const before = posted.length;
    api.probe.setTrustOverride(false);
    try {
      const r = await vscode.commands.executeCommand<{ status: string; error?: string }>('auroraGuard.probe', {
        password: PASSWORD,
        endpoint: { host: '127.0.0.1', port: 13306, user: 'probe' },
      });
      assert.equal(r.status, 'untrusted');
      assert.match(r.error ?? '', /untrusted workspace/);
      assert.equal(posted.length, before, 'nothing was sent to the panel');
    } finally {
      api.probe.setTrustOverride(undefined);
    }
  });

  it('ignores malformed messages from the webview and logs them', async () => {
    const api = await activate();
    const n = logged.length;
    api.probe.receiveFromView({ type: 'run', endpoint: { host: 'x; rm -rf /', port: 3306, user: 'a', tls: 'off' } });
    api.probe.receiveFromView({ type: 'eval', code: 'alert(1)' });
    api.probe.receiveFromView('ready');
    api.probe.receiveFromView({ type: 'export', format: 'html' });
    const warnings = logged.slice(n).filter((l) => /ignored a malformed message/.test(l));
    assert.equal(warnings.length, 4, logged.slice(n).join('\n'));
  });

  it('probes the datasource under the cursor: identify + lab fill the panel', async function () {
    await needsWriter(this);
    this.timeout(60_000);
    const api = await activate();
    const probeChunk = path.join(ROOT, 'dist', 'extension.probe.js');
    assert.ok(!Object.keys(require.cache).includes(probeChunk), 'the probe chunk is not loaded before the first probe');
    const doc = await openFresh(FIXTURE);
    const editor = await vscode.window.showTextDocument(doc);
    const at = doc.positionAt(doc.getText().indexOf('[database.apim_db]') + 3);
    editor.selection = new vscode.Selection(at, at);
    const from = posted.length;
    const logFrom = logged.length;

    const r = await vscode.commands.executeCommand<{ status: string; error?: string }>('auroraGuard.probe', {
      password: PASSWORD,
      runs: 3,
    });
    assert.equal(r.status, 'ok', r.error);
    assert.ok(api.probe.isViewReady(), 'the Probes webview did its ready handshake');
    const msgs = posted.slice(from);
    const one = msgs.find((m): m is Extract<HostMessage, { type: 'oneShot' }> => m.type === 'oneShot');
    assert.ok(one, `a oneShot message reached the webview (got: ${msgs.map((m) => m.type).join(', ')})`);
    const { result } = one;
    assert.equal(result.endpoint.host, '127.0.0.1');
    assert.equal(result.endpoint.port, 13306);
    assert.equal(result.endpoint.user, 'probe', 'user taken from the file');
    assert.equal(result.endpoint.database, 'probe_db');
    assert.equal(result.endpoint.readerHost, null);
    assert.equal(result.server.flavor, 'mariadb');
    assert.equal(result.server.role, 'writer');
    assert.equal(result.json.server.flavor, 'mariadb');
    const roleAware = result.lab.measurements.find((m) => m.sql === ROLE_AWARE_VALIDATION_QUERY && m.endpoint === 'writer');
    assert.ok(roleAware, 'the role-aware query was measured on the writer');
    assert.equal(roleAware.ok, true, `role-aware query on the writer: ${roleAware.errorMessage}`);
    assert.ok(
      result.lab.measurements.some((m) => m.sql === 'SELECT 1 FROM DUAL' && m.source === 'file' && m.ok),
      "the file's validationQuery ran too",
    );
    assert.ok(Object.keys(require.cache).includes(probeChunk), 'the probe chunk was loaded by the command');

    // The password never leaves the host: not in a webview message, the view's snapshot, or the output channel.
    const everything = JSON.stringify(posted) + JSON.stringify(api.probe.snapshot());
    assert.ok(!everything.includes(PASSWORD), 'the password is in a message to the webview');
    assert.ok(
      logged.slice(logFrom).some((l) => /probe result: mariadb/.test(l)),
      logged.slice(logFrom).join('\n'),
    );
    assert.ok(!logged.join('\n').includes(PASSWORD), 'the password is in the output channel');

    // Export as JSON and Markdown.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ag-export-'));
    const j = await api.probe.exportRun('json', vscode.Uri.file(path.join(dir, 'run.json')));
    const md = await api.probe.exportRun('markdown', vscode.Uri.file(path.join(dir, 'run.md')));
    const exported = JSON.parse(fs.readFileSync(j!.fsPath, 'utf8'));
    assert.equal(exported.server.flavor, 'mariadb');
    assert.ok(Array.isArray(exported.queries) && exported.queries.length > 0);
    const mdText = fs.readFileSync(md!.fsPath, 'utf8');
    assert.match(mdText, /^# Aurora probe run/);
    assert.ok(!mdText.includes(PASSWORD) && !fs.readFileSync(j!.fsPath, 'utf8').includes(PASSWORD));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("auth iam from the settings: asks for no password and stores none; tokens from the host's AWS credentials log in to a simulated Aurora over TLS", async function () {
    this.timeout(30_000);
    const api = await activate();
    // a SIMULATED Aurora cluster (test/probe/auroraSim.ts) that checks IAM tokens like RDS: fake keys, no AWS.
    // Required here, not imported: the activation test checks that nothing has loaded mysql2 before.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { AuroraSim } = require('../../probe/auroraSim') as typeof SimModule;
    const { selfSignedCert } = require('../../probe/helpers') as typeof ProbeHelpers;
    /* eslint-enable @typescript-eslint/no-require-imports */
    const creds = { accessKeyId: 'AKIAFAKEVSCODEHOST01', secretAccessKey: 'vscode-host-fake-secret' };
    const sim = await AuroraSim.start({
      tls: selfSignedCert(['127.0.0.1']),
      iam: { users: ['iam_apim'], keys: { [creds.accessKeyId]: creds.secretAccessKey }, region: 'eu-west-1' },
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ag-aws-'));
    const env = {
      AWS_ACCESS_KEY_ID: creds.accessKeyId,
      AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
      AWS_CONFIG_FILE: path.join(dir, 'c'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'k'),
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    // a password prompt would leave the command waiting: the test would time out
    const from = posted.length;
    const logFrom = logged.length;
    const settings: [string, unknown][] = [
      ['probe.host', '127.0.0.1'],
      ['probe.port', sim.port('aurora-sim-1')],
      ['probe.user', 'iam_apim'],
      ['probe.tls', 'required'],
      ['probe.auth', 'iam'],
      ['probe.region', 'eu-west-1'],
    ];
    try {
      for (const [k, v] of settings) await setSetting(`auroraGuard.${k}`, v);
      await closeAll(); // no datasource under the cursor: the endpoint comes from the settings
      const r = await api.probe.probe({ runs: 2 });
      assert.equal(r.status, 'ok', r.error);
      assert.equal(r.result!.server.flavor, 'aurora');
      assert.deepEqual([r.result!.endpoint.source, r.result!.endpoint.auth, r.result!.endpoint.region], ['settings', 'iam', 'eu-west-1']);
      assert.equal(api.probe.snapshot().endpoint?.auth, 'iam', 'the view gets the auth mode (no secret)');
      assert.ok(
        sim.iamLogins.length > 0 && sim.iamLogins.every((l) => l.result.ok && l.tls),
        JSON.stringify(sim.iamLogins.map((l) => l.result)),
      );
      assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'extension.iam.js')), 'the signer has its own lazy chunk');
      assert.ok(
        Object.keys(require.cache).includes(path.join(ROOT, 'dist', 'extension.iam.js')),
        'the signer chunk was loaded by the IAM probe',
      );
      assert.ok(
        logged.slice(logFrom).some((l) => /with an IAM auth token \(eu-west-1\)/.test(l)),
        logged.slice(logFrom).join('\n'),
      );
      const everything = JSON.stringify(posted.slice(from)) + JSON.stringify(api.probe.snapshot()) + logged.join('\n');
      for (const l of sim.iamLogins) assert.ok(!everything.includes(l.token!), 'an IAM token reached the webview or the log');
      assert.doesNotMatch(everything, /X-Amz-Signature/);
    } finally {
      for (const [k] of settings) await setSetting(`auroraGuard.${k}`, undefined);
      for (const [k, v] of Object.entries(saved))
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      fs.rmSync(dir, { recursive: true, force: true });
      await sim.close();
    }
  });

  it('reports a wrong password as a failure without echoing it', async function () {
    if (!(await writerReachable())) this.skip();
    const api = await activate();
    const wrong = 'definitely-wrong-pw';
    const from = posted.length;
    const r = await api.probe.probe({ password: wrong, endpoint: { host: '127.0.0.1', port: 13306, user: 'probe', database: null } });
    assert.equal(r.status, 'failed');
    assert.ok(!(r.error ?? '').includes(wrong));
    assert.ok(!JSON.stringify(posted.slice(from)).includes(wrong));
    assert.ok(!logged.join('\n').includes(wrong));
  });
});
