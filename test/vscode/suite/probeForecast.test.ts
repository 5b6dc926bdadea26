/// <reference types="mocha" />
// The Probes view shows the failover forecast of the datasource a watch started from, beside what was observed
// (against the loopback MariaDB writer, like probe.test.ts; this file sorts after it: that one checks the first probe).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { forecastFile, forecastRows } from '../../../src/core/forecast/report';
import type { HostMessage } from '../../../src/shared/probe/protocol';
import { activate, closeAll, needsWriter, openFresh, optionsOf } from './helpers';

const PROBE_FIXTURE = 'probe-local/repository/conf/deployment.toml';

async function outlooksOf(doc: vscode.TextDocument) {
  return forecastFile(doc.fileName, doc.getText(), await optionsOf(doc)).outlooks;
}

describe('failover forecast in the Probes view', () => {
  it("the Probes view shows the datasource's forecast beside the watch started from it", async function () {
    await needsWriter(this);
    this.timeout(60_000);
    const api = await activate();
    const posted: HostMessage[] = [];
    const sub = api.probe.onDidPost((m) => posted.push(m));
    try {
      const doc = await openFresh(PROBE_FIXTURE);
      await api.probe.savePassword({ user: 'probe', host: '127.0.0.1', port: 13306 }, 'probepw');
      const r = await api.probe.probe({ uri: doc.uri.toString(), datasource: 'database.apim_db', password: 'probepw', runs: 1 });
      assert.equal(r.status, 'ok', r.error);
      // a watch from the view, on the endpoint the datasource filled in
      const endpoint = api.probe.snapshot().endpoint!;
      assert.match(endpoint.source, /WSO2AM_DB/);
      const from = posted.length;
      api.probe.receiveFromView({ type: 'watchStart', endpoint, intervalMs: 100, durationS: 2 });
      const done = await new Promise<Extract<HostMessage, { type: 'watchDone' }>>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `no watchDone; got ${posted
                  .slice(from)
                  .map((m) => m.type)
                  .join(', ')}`,
              ),
            ),
          30_000,
        );
        const check = () => {
          const m = posted.slice(from).find((x): x is Extract<HostMessage, { type: 'watchDone' }> => x.type === 'watchDone');
          if (m) {
            clearTimeout(timer);
            s2.dispose();
            resolve(m);
          }
        };
        const s2 = api.probe.onDidPost(() => check());
        check();
      });
      const f = done.summary?.forecast;
      assert.ok(f, `the watch summary carries the forecast: ${JSON.stringify(done.summary)}`);
      const o = (await outlooksOf(doc)).find((x) => x.ds.id === 'database.apim_db')!;
      const rows = forecastRows(o);
      assert.match(f.source, /deployment\.toml › WSO2AM_DB/);
      assert.deepEqual(
        f.rows.map((x) => [x.label, x.now, x.after, x.fails]),
        rows.map((x) => [x.label, x.now, x.after, x.fails]),
      );
      assert.match(f.caveat, /modelled, not measured/);
      assert.deepEqual(api.probe.snapshot().watch?.summary?.forecast, f, "the view's snapshot keeps it (it is rebuilt from it)");
      // a probe of an endpoint that is no datasource (no editor, the endpoint given), then a watch: no forecast
      await closeAll();
      const r2 = await api.probe.probe({
        password: 'probepw',
        runs: 1,
        endpoint: { host: '127.0.0.1', port: 13306, user: 'probe', database: 'probe_db' },
      });
      assert.equal(r2.status, 'ok', r2.error);
      const from2 = posted.length;
      api.probe.receiveFromView({ type: 'watchStart', endpoint: api.probe.snapshot().endpoint!, intervalMs: 100, durationS: 1 });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no second watchDone')), 30_000);
        const s3 = api.probe.onDidPost((m) => {
          if (m.type === 'watchDone') {
            clearTimeout(timer);
            s3.dispose();
            resolve();
          }
        });
      });
      const second = posted.slice(from2).find((m): m is Extract<HostMessage, { type: 'watchDone' }> => m.type === 'watchDone');
      assert.ok(!second?.summary?.forecast, 'no forecast for an endpoint from the form');
    } finally {
      sub.dispose();
      await vscode.commands.executeCommand('auroraGuard.forgetPassword', 'auroraGuard.probe.password:probe@127.0.0.1:13306');
    }
  });
});
