/// <reference types="mocha" />
// Part 4 of issue 6 (editor side): a unique sentinel password goes through every probe flow of the extension in
// the real VS Code host — "Probe Aurora" (right password, wrong password, unreachable endpoint, the endpoint from
// the auroraGuard.probe.* settings), the Probes view's run and watch (password from secret storage, also one the
// server rejects), JSON and
// Markdown exports — and every output is searched for it (as written, base64, URL-encoded, hex): messages to
// and from the webview, the view's snapshot, the state the webview persisted (handed back by VS Code when the
// view is shown again), the output channel (its events and its log file), outcomes and error texts, exports,
// user and workspace settings.json, and everything else code-server wrote (its logs and storage).
// IAM: scripts/test-reliability.sh starts code-server (so the extension host) with fake AWS credentials in its
// environment whose secret access key and session token are sentinels; the extension probes a SIMULATED Aurora
// (test/probe/auroraSim.ts: TLS, tokens checked like RDS) with auth iam from the settings and through the Probes
// view's form (accepted, an expired token the sim echoes, unreachable); those two secrets and every token the sim
// received, with its signature, are searched for in the same outputs. Without that environment (a plain
// test:vscode run) the IAM flows are skipped and said so in the counts.
// Counts: secrets-vscode.json (the summary adds the terminal part, secrets-cli.json).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HostMessage } from '../../../src/shared/probe/protocol';
import { admin } from '../../probe/helpers';
import { LeakSearch, makeSentinel, searchIamTokens } from '../../reliability/lib/sentinel';
import { activate, closeAll, workspaceRoot } from '../suite/helpers';
import type * as SimModule from '../../probe/auroraSim';
import type * as ProbeHelpers from '../../probe/helpers';
import { HOST_DATA, WRITER_PORT, until, writeCounts } from './lib';

const PW = makeSentinel('Pw');
const USER = 'ag_secret_ext';
const search = new LeakSearch({ password: PW });

describe('reliability: secrets in the extension (sentinel password)', function () {
  this.timeout(120_000);
  const posted: HostMessage[] = [];
  const received: unknown[] = [];
  const logged: string[] = [];
  const outcomes: unknown[] = [];
  const subs: vscode.Disposable[] = [];
  const notes: string[] = [];
  let flows = 0;

  before(async () => {
    const api = await activate();
    subs.push(
      api.probe.onDidPost((m) => posted.push(m)),
      api.probe.onDidLog((l) => logged.push(l)),
      api.probe.onDidReceive((m) => received.push(m)),
    );
    await admin(WRITER_PORT, `CREATE OR REPLACE USER '${USER}'@'%' IDENTIFIED BY '${PW}'`);
    await admin(WRITER_PORT, `GRANT SELECT ON probe_db.* TO '${USER}'@'%'`);
    await closeAll();
  });
  after(async () => {
    subs.forEach((d) => d.dispose());
    await admin(WRITER_PORT, `DROP USER IF EXISTS '${USER}'@'%'`).catch(() => undefined);
  });

  it('Probe Aurora with the right and a wrong password, an unreachable endpoint, and the endpoint from settings', async () => {
    const api = await activate();
    const endpoint = { host: '127.0.0.1', port: WRITER_PORT, user: USER, database: 'probe_db' };
    const ok = await api.probe.probe({ password: PW, endpoint, runs: 2 });
    assert.equal(ok.status, 'ok', ok.error);
    const wrong = await api.probe.probe({ password: PW, endpoint: { ...endpoint, user: 'probe' } });
    assert.equal(wrong.status, 'failed');
    const s = net.createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
    const closed = (s.address() as net.AddressInfo).port;
    await new Promise<void>((r) => s.close(() => r()));
    const down = await api.probe.probe({ password: PW, endpoint: { ...endpoint, port: closed } });
    assert.equal(down.status, 'failed');
    // the endpoint from the workspace's auroraGuard.probe.* settings (no editor open)
    const cfg = vscode.workspace.getConfiguration('auroraGuard');
    await cfg.update('probe.host', '127.0.0.1', vscode.ConfigurationTarget.Workspace);
    await cfg.update('probe.port', WRITER_PORT, vscode.ConfigurationTarget.Workspace);
    await cfg.update('probe.user', USER, vscode.ConfigurationTarget.Workspace);
    await cfg.update('probe.database', 'probe_db', vscode.ConfigurationTarget.Workspace);
    const fromSettings = await vscode.commands.executeCommand<{ status: string; error?: string }>('auroraGuard.probe', {
      password: PW,
      runs: 1,
    });
    assert.equal(fromSettings.status, 'ok', fromSettings.error);
    outcomes.push(ok, wrong, down, fromSettings);
    flows += 4;
  });

  it('the Probes view: run and watch with the password from secret storage, then JSON and Markdown exports', async () => {
    const api = await activate();
    await api.probe.savePassword({ user: USER, host: '127.0.0.1', port: WRITER_PORT }, PW);
    await vscode.commands.executeCommand('auroraGuard.probes.focus');
    await until(() => api.probe.isViewReady(), 10000, 'the Probes view ready');
    const form = { host: '127.0.0.1', port: WRITER_PORT, user: USER, database: 'probe_db', tls: 'off', readerHost: null };
    let from = posted.length;
    api.probe.receiveFromView({ type: 'run', endpoint: form });
    await until(() => posted.slice(from).some((m) => m.type === 'oneShot'), 30000, 'the view run');
    from = posted.length;
    api.probe.receiveFromView({ type: 'watchStart', endpoint: form, intervalMs: 100, durationS: 2 });
    await until(() => posted.slice(from).some((m) => m.type === 'watchDone'), 30000, 'the view watch');
    assert.ok(
      posted.slice(from).some((m) => m.type === 'event'),
      'watch events reached the view',
    );
    // a saved password the server rejects: the run fails, and the saved password is dropped (said in the log)
    await api.probe.savePassword({ user: 'probe', host: '127.0.0.1', port: WRITER_PORT }, PW);
    from = posted.length;
    const logFrom = logged.length;
    api.probe.receiveFromView({ type: 'run', endpoint: { ...form, user: 'probe' } });
    await until(
      () => logged.slice(logFrom).some((l) => /saved password was removed/.test(l)),
      30000,
      'the rejected saved password removed',
    );
    assert.ok(
      posted.slice(from).some((m) => m.type === 'status' && m.error),
      'the failure reached the view',
    );
    flows += 3;
    const dir = path.join(workspaceRoot(), '.scratch', 'exports');
    fs.mkdirSync(dir, { recursive: true });
    const j = await api.probe.exportRun('json', vscode.Uri.file(path.join(dir, 'run.json')));
    const md = await api.probe.exportRun('markdown', vscode.Uri.file(path.join(dir, 'run.md')));
    search.check('exported JSON run', fs.readFileSync(j!.fsPath));
    search.check('exported Markdown run', fs.readFileSync(md!.fsPath));
    // close the view (its "Hide" action) and open it again: VS Code re-creates it from the state the webview
    // persisted with setState (a view only hidden behind another one keeps its webview and is not re-resolved)
    const before = api.probe.viewRestoredState();
    await vscode.commands.executeCommand('auroraGuard.probes.removeView');
    await until(() => !api.probe.isViewReady(), 5000, 'the Probes view closed');
    await vscode.commands.executeCommand('auroraGuard.probes.focus');
    await until(
      () => api.probe.isViewReady() && api.probe.viewRestoredState() !== before,
      10000,
      'the view re-created with its persisted state',
    );
    const state = JSON.stringify(api.probe.viewRestoredState());
    assert.match(state, /"snapshot"/, 'the webview persisted its snapshot');
    search.check('webview persisted state (setState)', state);
    await vscode.commands.executeCommand('auroraGuard.forgetPassword', `auroraGuard.probe.password:${USER}@127.0.0.1:${WRITER_PORT}`);
  });

  it("auth iam with the host's fake AWS credentials (simulated Aurora over TLS): from the settings and the Probes view form, accepted, expired, unreachable", async function () {
    const { AWS_ACCESS_KEY_ID: keyId, AWS_SECRET_ACCESS_KEY: secret, AWS_SESSION_TOKEN: session } = process.env;
    if (
      process.env.AURORA_GUARD_FAKE_AWS !== '1' ||
      !keyId ||
      !secret?.startsWith('AgAwsSecret+') ||
      !session?.startsWith('AgAwsSession+')
    ) {
      notes.push(
        'IAM flows in the extension not run: the host was not started with the fake AWS credentials (scripts/test-reliability.sh secrets does that)',
      );
      this.skip();
    }
    search.addSecret('aws secret access key (host environment)', secret);
    search.addSecret('aws session token (host environment)', session);
    const api = await activate();
    // required, not imported: nothing may load mysql2 before the extension does
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { AuroraSim } = require('../../probe/auroraSim') as typeof SimModule;
    const { selfSignedCert } = require('../../probe/helpers') as typeof ProbeHelpers;
    /* eslint-enable @typescript-eslint/no-require-imports */
    const cert = selfSignedCert(['localhost', '127.0.0.1']);
    const iam = { users: ['iam_apim'], keys: { [keyId]: secret }, region: 'eu-west-1', echoToken: true };
    const sim = await AuroraSim.start({ tls: cert, iam });
    const simExpired = await AuroraSim.start({ tls: cert, iam: { ...iam, now: () => Date.now() + 16 * 60_000 } });
    const cfg = () => vscode.workspace.getConfiguration('auroraGuard');
    const keys = ['probe.host', 'probe.port', 'probe.user', 'probe.database', 'probe.tls', 'probe.auth', 'probe.region'];
    try {
      for (const [k, v] of [
        ['probe.host', '127.0.0.1'],
        ['probe.port', sim.port('aurora-sim-1')],
        ['probe.user', 'iam_apim'],
        ['probe.tls', 'required'],
        ['probe.auth', 'iam'],
        ['probe.region', 'eu-west-1'],
      ] as const) {
        await cfg().update(k, v, vscode.ConfigurationTarget.Workspace);
      }
      await cfg().update('probe.database', undefined, vscode.ConfigurationTarget.Workspace);
      await closeAll(); // no datasource under the cursor: the endpoint comes from the settings
      type Outcome = { status: string; error?: string; result?: { server: { flavor: string } } };
      const ok = await vscode.commands.executeCommand<Outcome>('auroraGuard.probe', { runs: 2 });
      assert.equal(ok.status, 'ok', ok.error);
      assert.equal(ok.result!.server.flavor, 'aurora');
      await cfg().update('probe.port', simExpired.port('aurora-sim-1'), vscode.ConfigurationTarget.Workspace);
      const expired = await vscode.commands.executeCommand<Outcome>('auroraGuard.probe', { runs: 1 });
      assert.equal(expired.status, 'failed');
      assert.match(expired.error ?? '', /\[token '\*\*\*'\].*the IAM auth token was rejected/, 'the echoed token scrubbed');
      const s = net.createServer();
      await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
      const closed = (s.address() as net.AddressInfo).port;
      await new Promise<void>((r) => s.close(() => r()));
      await cfg().update('probe.port', closed, vscode.ConfigurationTarget.Workspace);
      const down = await vscode.commands.executeCommand<Outcome>('auroraGuard.probe', { runs: 1 });
      assert.equal(down.status, 'failed');
      outcomes.push(ok, expired, down);
      flows += 3;
      // the Probes view's form: run (with the reader), watch, and a run the server refuses
      await vscode.commands.executeCommand('auroraGuard.probes.focus');
      await until(() => api.probe.isViewReady(), 10000, 'the Probes view ready');
      const form = {
        host: '127.0.0.1',
        port: sim.port('aurora-sim-1'),
        user: 'iam_apim',
        database: null,
        tls: 'required',
        auth: 'iam',
        region: 'eu-west-1',
        readerHost: `127.0.0.1:${sim.port('aurora-sim-2')}`,
      };
      let from = posted.length;
      api.probe.receiveFromView({ type: 'run', endpoint: form });
      await until(
        () => posted.slice(from).some((m) => m.type === 'oneShot' || (m.type === 'status' && m.error)),
        30000,
        'the view run (iam)',
      );
      assert.ok(
        posted.slice(from).some((m) => m.type === 'oneShot'),
        JSON.stringify(posted.slice(from)).slice(0, 600),
      );
      const dir = path.join(workspaceRoot(), '.scratch', 'exports-iam');
      fs.mkdirSync(dir, { recursive: true });
      const j = await api.probe.exportRun('json', vscode.Uri.file(path.join(dir, 'run.json')));
      const md = await api.probe.exportRun('markdown', vscode.Uri.file(path.join(dir, 'run.md')));
      assert.equal(JSON.parse(fs.readFileSync(j!.fsPath, 'utf8')).server.flavor, 'aurora', 'the export is of the IAM run');
      search.check('exported JSON run', fs.readFileSync(j!.fsPath));
      search.check('exported Markdown run', fs.readFileSync(md!.fsPath));
      from = posted.length;
      api.probe.receiveFromView({ type: 'watchStart', endpoint: { ...form, readerHost: null }, intervalMs: 100, durationS: 2 });
      await until(() => posted.slice(from).some((m) => m.type === 'watchDone'), 30000, 'the view watch (iam)');
      assert.ok(
        posted.slice(from).some((m) => m.type === 'event' && m.event.type === 'connected'),
        'the watch connected with tokens',
      );
      from = posted.length;
      api.probe.receiveFromView({ type: 'run', endpoint: { ...form, port: simExpired.port('aurora-sim-1'), readerHost: null } });
      await until(() => posted.slice(from).some((m) => m.type === 'status' && m.error), 30000, 'the refused view run (iam)');
      flows += 3;
      // the state the webview persisted after these runs (re-created from it, as in the password test)
      const before = api.probe.viewRestoredState();
      await vscode.commands.executeCommand('auroraGuard.probes.removeView');
      await until(() => !api.probe.isViewReady(), 5000, 'the Probes view closed');
      await vscode.commands.executeCommand('auroraGuard.probes.focus');
      await until(
        () => api.probe.isViewReady() && api.probe.viewRestoredState() !== before,
        10000,
        'the view re-created with its persisted state',
      );
      search.check('webview persisted state (setState)', JSON.stringify(api.probe.viewRestoredState()));
      const good = sim.iamLogins.filter((l) => l.result.ok);
      assert.ok(
        good.length >= 4 && good.every((l) => l.tls && l.token!.includes(`X-Amz-Security-Token=${encodeURIComponent(session)}`)),
        JSON.stringify(sim.iamLogins.map((l) => l.result)),
      );
      assert.ok(
        simExpired.iamLogins.length >= 2 && simExpired.iamLogins.every((l) => !l.result.ok && l.result.reason === 'token expired'),
        JSON.stringify(simExpired.iamLogins.map((l) => l.result)),
      );
      const n = searchIamTokens(
        search,
        [...sim.iamLogins, ...simExpired.iamLogins].map((l) => l.token).filter((t): t is string => !!t),
      );
      notes.push(
        `${n} distinct IAM tokens generated in the extension host (rds-signer, fake credentials of its environment) searched for with their signatures`,
      );
      assert.ok(n >= 2, `${n} tokens`);
    } finally {
      for (const k of keys) await cfg().update(k, undefined, vscode.ConfigurationTarget.Workspace);
      await sim.close();
      await simExpired.close();
    }
  });

  it('no output carries the password: messages, state, snapshot, output channel and its log file, settings, host logs', async () => {
    const api = await activate();
    search.check('webview messages (host → view)', JSON.stringify(posted));
    search.check('webview messages (view → host)', JSON.stringify(received));
    search.check('view snapshot (host side)', JSON.stringify(api.probe.snapshot()));
    search.check('webview HTML', api.probe.viewHtml()?.html);
    search.check('output channel (lines logged)', logged.join('\n'));
    search.check('probe outcomes and error texts', JSON.stringify(outcomes));
    const wsSettings = path.join(workspaceRoot(), '.vscode', 'settings.json');
    search.check('workspace settings.json', fs.existsSync(wsSettings) ? fs.readFileSync(wsSettings) : '');
    assert.ok(HOST_DATA, "AURORA_GUARD_HOST_DATA (set by run-ext-tests.sh) names code-server's data dir");
    const userSettings = path.join(HOST_DATA!, 'user', 'User', 'settings.json');
    search.check('user settings.json', fs.readFileSync(userSettings));
    // the output channel's log file: flushed once a marker logged after every flow is in it
    const marker = `flush-${Date.now().toString(36)}`;
    api.probe.receiveFromView({ type: marker });
    let logFile: string | undefined;
    await until(
      () => {
        logFile = findFile(HOST_DATA!, (p) => /Aurora Failover Guard\.log$/.test(p) && fs.readFileSync(p, 'utf8').includes(marker));
        return !!logFile;
      },
      15000,
      'the output channel log file with the marker',
    );
    search.check('output channel log file', fs.readFileSync(logFile!));
    search.checkTree(HOST_DATA!, (rel) =>
      rel.endsWith('Aurora Failover Guard.log') || rel === path.join('user', 'User', 'settings.json')
        ? null
        : 'code-server logs and storage (everything else in its data dir)',
    );
    for (const k of ['probe.host', 'probe.port', 'probe.user', 'probe.database'])
      await vscode.workspace.getConfiguration('auroraGuard').update(k, undefined, vscode.ConfigurationTarget.Workspace);
    writeCounts('secrets-vscode', { ...search.toJSON(), flows, notes });
    assert.deepEqual(search.leaks, []);
    assert.ok(search.searched().length >= 10, `outputs searched: ${search.searched().join(', ')}`);
  });
});

function findFile(dir: string, pred: (p: string) => boolean): string | undefined {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      const f = findFile(p, pred);
      if (f) return f;
    } else if (e.isFile() && pred(p)) return p;
  }
  return undefined;
}
