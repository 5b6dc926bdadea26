// End to end: a failover drill through the proxy on the real loopback MariaDB pair, recorded by the watch and
// replayed through the pool model with a datasource's settings (read from a deployment.toml with WSO2's
// defaults) and with the recommended ones. The verdicts must differ.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runWatch, type WatchEvent } from '../../src/core/probe/watch';
import { poolSettingsFromDatasource } from '../../src/core/forecast/settings';
import { parseDocument } from '../../src/core/parse/index';
import { SwitchProxy } from './switchProxy';
import { READER, WRITER, fmt, noProbeThreads, openSocketsTo, waitForEvent } from './helpers';

const TOML = `[database.apim_db]
type = "mysql"
url = "jdbc:mysql://127.0.0.1:13306/probe_db"
username = "probe"
password = "not-used-by-the-model"
`;

test(
  'drill: the pool verdict differs between WSO2 defaults (SELECT 1, validationInterval 30000) and the recommended settings',
  { timeout: 30000 },
  async (t) => {
    const doc = parseDocument('deployment.toml', TOML);
    const ds = doc.datasources.find((d) => d.id === 'database.apim_db');
    assert.ok(ds, `the TOML parser found no [database.apim_db]: ${JSON.stringify(doc.parseError ?? doc.datasources.map((d) => d.id))}`);
    const { settings } = poolSettingsFromDatasource(ds, { label: 'apim_db (WSO2 defaults)' });
    assert.equal(settings.validationIntervalMs, 30000);
    assert.equal(settings.validationQuery, 'SELECT 1');

    const proxy = await SwitchProxy.start({ port: WRITER.port });
    const events: WatchEvent[] = [];
    try {
      const FAILOVER = 1500;
      const DNS_MOVES = 4500;
      const run = runWatch({
        endpoint: { ...WRITER, port: proxy.port, connectTimeoutMs: 800, queryTimeoutMs: 500 },
        intervalMs: 100,
        durationMs: 8000,
        reconnect: { baseDelayMs: 300, jitter: 0 },
        pool: { datasource: settings },
        onEvent: (e) => events.push(e),
      });
      await waitForEvent(events, (e) => e.type === 'connected' && e.channel === 'fresh', 2000, 'connected');
      // failover: every connection reset; new connections reach the read-only instance (stale DNS to the demoted writer)…
      setTimeout(() => {
        proxy.switchTo({ port: READER.port });
        proxy.dropAll('rst');
      }, FAILOVER);
      // …until DNS points at the writer again
      setTimeout(() => proxy.switchTo({ port: WRITER.port }), DNS_MOVES);
      const r = await run;
      const v = r.summary.verdict;
      const pool = v.pool!;
      t.diagnostic(pool.text);
      t.diagnostic(`timeline: ${JSON.stringify(r.timeline.route.map((p) => [Math.round(p.t), p.instance ?? p.fail]))}`);

      // the recording: reset of server 1 at the failover; routed to server 2 (a reader), then back to 1
      assert.ok(
        r.timeline.resets.some((x) => x.instance === '1' && Math.abs(x.t - FAILOVER) < 300),
        JSON.stringify(r.timeline.resets),
      );
      // (a fresh probe in flight when the connections were reset shows up as a short 'refused' entry)
      assert.deepEqual(
        r.timeline.route.filter((p) => p.instance).map((p) => p.instance),
        ['1', '2', '1'],
        fmt(r.events),
      );
      assert.equal(r.timeline.instances['2'][0].state, 'reader');

      // WSO2 defaults: connections validated at the start stay unvalidated for 30 s: every write fails to the end
      assert.equal(pool.datasource.stillFailingAtEnd, true, pool.text);
      assert.equal(pool.datasource.allGoodFromMs, null);
      // recommended: the role-aware query evicts the reader connections; good again shortly after DNS moved back
      assert.equal(pool.recommended.stillFailingAtEnd, false, pool.text);
      assert.ok(
        pool.recommended.allGoodFromMs! >= DNS_MOVES - 300 && pool.recommended.allGoodFromMs! <= DNS_MOVES + 1500,
        `${pool.recommended.allGoodFromMs}`,
      );
      assert.ok(pool.recommended.failedWrites < pool.datasource.failedWrites);
      assert.match(v.text, /apim_db \(WSO2 defaults\): \d+\/\d+ writes failed/);

      // the endpoint view of the same drill
      assert.ok(r.summary.staleRoleMs > 2000, `${r.summary.staleRoleMs}`);
      assert.equal(v.recovered, true);
      assert.equal(openSocketsTo(proxy.port), 0);
    } finally {
      await proxy.close();
    }
    assert.equal(await noProbeThreads(WRITER.port), 0);
    assert.equal(await noProbeThreads(READER.port), 0);
  },
);
