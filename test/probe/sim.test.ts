// Aurora-only behaviour against a SIMULATED Aurora cluster (test/probe/auroraSim.ts, a MySQL-protocol server
// built on mysql2's server API). These tests check the probe's handling of Aurora's answers; they do not
// show how real Aurora behaves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { identify } from '../../src/core/probe/identify';
import { runValidationLab } from '../../src/core/probe/validationLab';
import { runWatch, type WatchEvent } from '../../src/core/probe/watch';
import { staticPassword, type EndpointOptions } from '../../src/core/probe/endpoint';
import { oneShotJson, jsonLine } from '../../src/core/probe/json';
import { ROLE_AWARE_VALIDATION_QUERY } from '../../src/core/knowledge/validationQueries';
import { AuroraSim } from './auroraSim';
import { SwitchProxy } from './switchProxy';
import { fmt, openSocketsTo, sleep, socketStatesTo, waitForEvent } from './helpers';

const ep = (port: number): EndpointOptions => ({
  host: '127.0.0.1',
  port,
  user: 'probe',
  password: staticPassword('probepw'),
  connectTimeoutMs: 800,
  queryTimeoutMs: 500,
});

test('simulated Aurora: identify reads @@aurora_version, @@aurora_server_id, the instance list and the writer', async () => {
  const sim = await AuroraSim.start();
  try {
    const w = await identify(ep(sim.port('aurora-sim-1')));
    assert.equal(w.flavor, 'aurora');
    assert.equal(w.auroraVersion, '3.05.2');
    assert.equal(w.role, 'writer');
    assert.equal(w.serverId, 'aurora-sim-1');
    assert.equal(w.writerId, 'aurora-sim-1');
    assert.deepEqual(
      w.instances.map((i) => [i.serverId, i.role]),
      [
        ['aurora-sim-1', 'writer'],
        ['aurora-sim-2', 'reader'],
        ['aurora-sim-3', 'reader'],
      ],
    );
    assert.equal(w.instances[0].lagMs, null);
    assert.equal(w.instances[1].lagMs, 14.5);
    // an Aurora reader reports read_only = 0: only innodb_read_only tells the role
    const r = await identify(ep(sim.port('aurora-sim-2')));
    assert.equal(r.readOnly, false);
    assert.equal(r.innodbReadOnly, true);
    assert.equal(r.role, 'reader');
    assert.equal(r.serverId, 'aurora-sim-2');
    const json = oneShotJson(w);
    assert.deepEqual(json.instances, [
      { serverId: 'aurora-sim-1', role: 'writer' },
      { serverId: 'aurora-sim-2', role: 'reader' },
      { serverId: 'aurora-sim-3', role: 'reader' },
    ]);
    assert.deepEqual(json.server, { version: '8.0.32', flavor: 'aurora', role: 'writer', serverId: 'aurora-sim-1', maxConnections: 2000 });
  } finally {
    await sim.close();
  }
});

test('simulated Aurora: validation-query lab against the writer and a reader instance', async () => {
  const sim = await AuroraSim.start();
  try {
    const lab = await runValidationLab({ writer: ep(sim.port('aurora-sim-1')), reader: ep(sim.port('aurora-sim-2')), runs: 5 });
    const reader = lab.measurements.find((m) => m.sql === ROLE_AWARE_VALIDATION_QUERY && m.endpoint === 'reader')!;
    assert.equal(reader.ok, false);
    assert.equal(reader.errorCode, 1242);
    assert.ok(lab.measurements.filter((m) => m.sql === 'SELECT 1').every((m) => m.ok));
    assert.equal(lab.endpoints[0].flavor, 'aurora');
  } finally {
    await sim.close();
  }
});

test(
  'simulated Aurora: failover → connection-lost, role-changed (stale DNS to the demoted writer), dns-changed, server-changed, writable',
  { timeout: 20000 },
  async (t) => {
    const sim = await AuroraSim.start();
    const proxy = await SwitchProxy.start({ port: sim.port('aurora-sim-1') });
    let cname = 'aurora-sim-1.abc.eu-west-1.rds.amazonaws.com';
    const events: WatchEvent[] = [];
    const t0 = performance.now();
    const now = () => performance.now() - t0;
    try {
      const run = runWatch({
        endpoint: ep(proxy.port),
        intervalMs: 100,
        durationMs: 3500,
        reconnect: { baseDelayMs: 200, jitter: 0 },
        // the cluster endpoint is a CNAME to the current writer instance; simulated, no DNS query is made
        resolve: async () => ({ addresses: ['127.0.0.1'], cname }),
        onEvent: (e) => events.push(e),
      });
      await waitForEvent(events, (e) => e.channel === 'fresh' && e.type === 'connected', 2000, 'connected');
      await sleep(300);
      const tFail = now();
      await sim.failover('aurora-sim-2', { rebootMs: 400 }); // the old writer reboots, comes back as a reader
      await sleep(1200); // stale DNS: the endpoint still leads to aurora-sim-1
      const tDns = now();
      proxy.switchTo({ port: sim.port('aurora-sim-2') });
      cname = 'aurora-sim-2.abc.eu-west-1.rds.amazonaws.com';
      const r = await run;
      const ev = r.events;
      const find = (pred: (e: WatchEvent) => boolean, what: string) => {
        const e = ev.find(pred);
        assert.ok(e, `${what} missing:\n${fmt(ev)}`);
        return e!;
      };
      const lost = find((e) => e.channel === 'pooled' && e.type === 'connection-lost', 'pooled connection-lost');
      assert.ok(lost.t - tFail < 100, `lost ${lost.t - tFail} ms after the failover`);
      find((e) => e.channel === 'fresh' && e.type === 'connect-failed' && e.t >= tFail - 5, 'fresh connect-failed during the reboot');
      const stale = find((e) => e.channel === 'fresh' && e.type === 'role-changed' && e.role === 'reader', 'role-changed writer→reader');
      assert.equal(stale.serverId, 'aurora-sim-1');
      const dnsEv = find((e) => e.type === 'dns-changed', 'dns-changed');
      assert.equal(dnsEv.cname, 'aurora-sim-2.abc.eu-west-1.rds.amazonaws.com');
      const srv = find((e) => e.channel === 'fresh' && e.type === 'server-changed', 'server-changed');
      assert.deepEqual([srv.from, srv.serverId], ['aurora-sim-1', 'aurora-sim-2']);
      const writable = find((e) => e.channel === 'fresh' && e.type === 'writable', 'writable');
      assert.ok(writable.t - tDns <= 100 + 250, `writable ${writable.t - tDns} ms after DNS moved`);
      assert.ok(Math.abs(dnsEv.t - tDns) <= 100 + 250, `dns-changed ${dnsEv.t - tDns} ms after the change`);

      const s = r.summary;
      assert.equal(s.verdict.recovered, true);
      assert.ok(s.timeToWritableMs! >= tDns - tFail - 150 && s.timeToWritableMs! <= tDns - tFail + 350, `${s.timeToWritableMs}`);
      assert.ok(s.staleRoleMs > 400, `${s.staleRoleMs}`);
      assert.ok(s.downtimeMs > 0 && s.downtimeMs < 1000, `${s.downtimeMs}`);
      assert.equal(s.verdict.retry.bridged, true);
      assert.equal(s.verdict.dns.changes, 1);
      // the long-lived connection reconnected during the stale window: still on the demoted writer
      assert.equal(s.verdict.pooled.finalServerId, 'aurora-sim-1');
      assert.equal(s.verdict.pooled.finalRole, 'reader');
      // one IP (the proxy) for every instance: the CNAME target is what moved. Stale DNS from the failure to the CNAME change
      assert.ok(
        Math.abs(s.staleDnsMs! - (tDns - tFail)) <= 100 + 250,
        `staleDnsMs ${s.staleDnsMs}, DNS moved ${Math.round(tDns - tFail)} ms after the failover`,
      );
      const pinned = find((e) => e.type === 'stale-address', 'stale-address (pooled connection on the old CNAME target)');
      assert.deepEqual(
        [pinned.channel, pinned.serverId, pinned.address, pinned.cname],
        ['pooled', 'aurora-sim-1', '127.0.0.1', 'aurora-sim-2.abc.eu-west-1.rds.amazonaws.com'],
      );
      assert.ok(s.pooledPinnedMs! > 0, `${s.pooledPinnedMs}`);
      t.diagnostic(
        `simulated failover: downtime ${s.downtimeMs} ms, stale ${s.staleRoleMs} ms, stale DNS ${s.staleDnsMs} ms, writable after ${s.timeToWritableMs} ms, pooled pinned ${s.pooledPinnedMs} ms`,
      );
      for (const e of ev) JSON.parse(jsonLine(e));

      // the cluster now reports the new writer
      const after = await identify(ep(proxy.port));
      assert.equal(after.writerId, 'aurora-sim-2');
      assert.equal(after.serverId, 'aurora-sim-2');
      assert.equal(openSocketsTo(proxy.port), 0, socketStatesTo(proxy.port).join(','));
    } finally {
      await proxy.close();
      await sim.close();
    }
  },
);
