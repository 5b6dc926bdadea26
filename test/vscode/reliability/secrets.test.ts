/// <reference types="mocha" />
// Part 4 of issue 6 (editor side): a unique sentinel password goes through every probe flow of the extension in
// the real VS Code host — "Probe Aurora" (right password, wrong password, unreachable endpoint, the endpoint from
// the auroraGuard.probe.* settings), the Probes view's run and watch (password from secret storage, also one the
// server rejects), JSON and
// Markdown exports — and every output is searched for it (as written, base64, URL-encoded, hex): messages to
// and from the webview, the view's snapshot, the state the webview persisted (handed back by VS Code when the
// view is shown again), the output channel (its events and its log file), outcomes and error texts, exports,
// user and workspace settings.json, and everything else code-server wrote (its logs and storage).
// Counts: secrets-vscode.json (the summary adds the terminal part, secrets-cli.json).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HostMessage } from '../../../src/extension/probe/protocol';
import { admin } from '../../probe/helpers';
import { LeakSearch, makeSentinel } from '../../reliability/lib/sentinel';
import { activate, closeAll, workspaceRoot } from '../suite/helpers';
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
  let flows = 0;

  before(async () => {
    const api = await activate();
    subs.push(api.probe.onDidPost((m) => posted.push(m)), api.probe.onDidLog((l) => logged.push(l)), api.probe.onDidReceive((m) => received.push(m)));
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
    const fromSettings = await vscode.commands.executeCommand<{ status: string; error?: string }>('auroraGuard.probe', { password: PW, runs: 1 });
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
    assert.ok(posted.slice(from).some((m) => m.type === 'event'), 'watch events reached the view');
    // a saved password the server rejects: the run fails, and the saved password is dropped (said in the log)
    await api.probe.savePassword({ user: 'probe', host: '127.0.0.1', port: WRITER_PORT }, PW);
    from = posted.length;
    const logFrom = logged.length;
    api.probe.receiveFromView({ type: 'run', endpoint: { ...form, user: 'probe' } });
    await until(() => logged.slice(logFrom).some((l) => /saved password was removed/.test(l)), 30000, 'the rejected saved password removed');
    assert.ok(posted.slice(from).some((m) => m.type === 'status' && m.error), 'the failure reached the view');
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
    await until(() => api.probe.isViewReady() && api.probe.viewRestoredState() !== before, 10000, 'the view re-created with its persisted state');
    const state = JSON.stringify(api.probe.viewRestoredState());
    assert.match(state, /"snapshot"/, 'the webview persisted its snapshot');
    search.check('webview persisted state (setState)', state);
    await vscode.commands.executeCommand('auroraGuard.forgetPassword', `auroraGuard.probe.password:${USER}@127.0.0.1:${WRITER_PORT}`);
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
    assert.ok(HOST_DATA, 'AURORA_GUARD_HOST_DATA (set by run-ext-tests.sh) names code-server\'s data dir');
    const userSettings = path.join(HOST_DATA!, 'user', 'User', 'settings.json');
    search.check('user settings.json', fs.readFileSync(userSettings));
    // the output channel's log file: flushed once a marker logged after every flow is in it
    const marker = `flush-${Date.now().toString(36)}`;
    api.probe.receiveFromView({ type: marker });
    let logFile: string | undefined;
    await until(() => {
      logFile = findFile(HOST_DATA!, (p) => /Aurora Failover Guard\.log$/.test(p) && fs.readFileSync(p, 'utf8').includes(marker));
      return !!logFile;
    }, 15000, 'the output channel log file with the marker');
    search.check('output channel log file', fs.readFileSync(logFile!));
    search.checkTree(HOST_DATA!, (rel) => (rel.endsWith('Aurora Failover Guard.log') || rel === path.join('user', 'User', 'settings.json') ? null : 'code-server logs and storage (everything else in its data dir)'));
    for (const k of ['probe.host', 'probe.port', 'probe.user', 'probe.database']) await vscode.workspace.getConfiguration('auroraGuard').update(k, undefined, vscode.ConfigurationTarget.Workspace);
    writeCounts('secrets-vscode', { ...search.toJSON(), flows });
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
