// The pool model on synthetic timelines mirroring docs' pool ground truth (a real tomcat-jdbc 9.0.70 pool,
// 8 threads, failover with 3 s of refused connections then 8 s of stale DNS to the demoted writer).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  simulatePool,
  poolVerdict,
  recommendedPool,
  failoverScenario,
  retryOffsets,
  retryVerdict,
  WSO2_DEFAULT_POOL,
  type PoolSettings,
  type PoolTimeline,
} from '../../../src/core/forecast/index';
import { poolSettingsFromDatasource } from '../../../src/core/forecast/settings';
import { parseDocument } from '../../../src/core/parse/index';

const D = WSO2_DEFAULT_POOL;
const SEED: PoolSettings = {
  ...D,
  label: 'seed article',
  validationQuery: 'select connection_id();',
  testWhileIdle: true,
  timeBetweenEvictionRunsMs: 30000,
};
const SELECT1_3000: PoolSettings = { ...D, label: 'SELECT 1, validationInterval 3000', validationIntervalMs: 3000 };
const SELECT1_3000_MAXAGE: PoolSettings = { ...SELECT1_3000, label: '+ maxAge 30000', maxAgeMs: 30000 };
const ROLE_AWARE_3000: PoolSettings = {
  ...SELECT1_3000,
  label: 'role-aware, 3000',
  validationQuery: 'SELECT IF(@@innodb_read_only, (SELECT 1 UNION ALL SELECT 2), 1)',
  validationRaisesOnReader: true,
};

/** DNS reaches the promoted writer at T + refuse + stale. */
const dnsMoves = (T: number) => T + 3000 + 8000;

test('pool model: WSO2 defaults, failover 15 s after start → recovers when validation falls due (~T+15 s), mostly connection errors', () => {
  const T = 15000;
  const r = simulatePool(failoverScenario({ failoverAtMs: T }), D);
  assert.equal(r.stillFailingAtEnd, false);
  assert.ok(r.allGoodFromMs! >= T + 14500 && r.allGoodFromMs! <= T + 16000, `all good from ${r.allGoodFromMs}`);
  assert.ok((r.failedByCause['connection-error'] ?? 0) > r.failedWrites * 0.9, JSON.stringify(r.failedByCause));
  // ground truth: 2443 failed writes (8 threads × 20/s × ~15 s)
  assert.ok(r.failedWrites > 2200 && r.failedWrites < 2700, `${r.failedWrites}`);
});

test('pool model: WSO2 defaults, failover 25 s after start → pinned to the demoted writer until the end (1290s)', () => {
  const r = simulatePool(failoverScenario({ failoverAtMs: 25000 }), D);
  assert.equal(r.stillFailingAtEnd, true);
  assert.equal(r.allGoodFromMs, null);
  assert.ok((r.failedByCause['read-only'] ?? 0) > r.failedWrites * 0.8, JSON.stringify(r.failedByCause));
  assert.equal(r.retry.bridged, false);
});

test('pool model: the seed article settings behave like the defaults (recover at 15 s, pinned at 25 s)', () => {
  assert.equal(simulatePool(failoverScenario({ failoverAtMs: 15000 }), SEED).stillFailingAtEnd, false);
  assert.equal(simulatePool(failoverScenario({ failoverAtMs: 25000 }), SEED).stillFailingAtEnd, true);
});

test('pool model: SELECT 1 with validationInterval 3000 alone is ALWAYS pinned, whatever the failover time', () => {
  for (const T of [5000, 12000, 15000, 25000, 37000]) {
    const r = simulatePool(failoverScenario({ failoverAtMs: T }), SELECT1_3000);
    assert.equal(r.stillFailingAtEnd, true, `failover at ${T}`);
    assert.equal(r.firstGoodAfterFailureMs, null, `failover at ${T}: a good write after the failover`);
    assert.ok((r.failedByCause['read-only'] ?? 0) > r.failedWrites * 0.8, `failover at ${T}: ${JSON.stringify(r.failedByCause)}`);
  }
});

test('pool model: adding maxAge recovers about maxAge after the pool reconnected to the demoted writer', () => {
  for (const T of [15000, 25000]) {
    const r = simulatePool(failoverScenario({ failoverAtMs: T }), SELECT1_3000_MAXAGE);
    assert.equal(r.stillFailingAtEnd, false, `failover at ${T}`);
    // connections reach the demoted writer at T+3 s; they are retired maxAge (30 s) later (ground truth: T+33.1 s)
    const expected = T + 3000 + 30000;
    assert.ok(Math.abs(r.allGoodFromMs! - expected) <= 1500, `failover at ${T}: all good from ${r.allGoodFromMs}, expected ≈${expected}`);
  }
});

test('pool model: the role-aware query recovers within ~1 s after DNS points at the new writer', () => {
  for (const T of [15000, 25000]) {
    for (const s of [ROLE_AWARE_3000, recommendedPool(D)]) {
      const r = simulatePool(failoverScenario({ failoverAtMs: T }), s);
      assert.equal(r.stillFailingAtEnd, false, `${s.label} at ${T}`);
      const dns = dnsMoves(T);
      assert.ok(
        r.allGoodFromMs! >= dns && r.allGoodFromMs! <= dns + 1500,
        `${s.label} at ${T}: all good from ${r.allGoodFromMs}, DNS moved at ${dns}`,
      );
      // ground truth: ~1950 failed writes, far fewer than the pinned settings
      assert.ok(r.failedWrites < 2500, `${r.failedWrites}`);
      assert.equal(r.retry.bridged, true);
    }
  }
});

test('pool model: the verdict contrasts the datasource with the recommended settings', () => {
  const v = poolVerdict(failoverScenario({ failoverAtMs: 25000 }), D);
  assert.equal(v.datasource.stillFailingAtEnd, true);
  assert.equal(v.recommended.stillFailingAtEnd, false);
  assert.ok(v.recommended.failedWrites < v.datasource.failedWrites / 2);
  assert.match(v.text, /WSO2 defaults: \d+\/\d+ writes failed/);
  assert.match(v.text, /recommended: .*all good again/);
  assert.match(v.caveat, /Modelled, not measured/);
});

test('pool model: deterministic (same input, same output)', () => {
  const tl = failoverScenario({ failoverAtMs: 17000 });
  assert.deepEqual(simulatePool(tl, SEED), simulatePool(tl, SEED));
});

test('pool model rule: connections validated less than validationInterval ago are handed out unvalidated', () => {
  // no failover at all: the instance just resets every connection at 5 s and stays the writer
  const tl: PoolTimeline = {
    durationMs: 40000,
    route: [{ t: 0, instance: 'A' }],
    instances: { A: [{ t: 0, state: 'writer' }] },
    resets: [{ t: 5000 }],
  };
  const r30 = simulatePool(tl, D); // validated at ~0 s → next validation ~30 s
  assert.ok(r30.allGoodFromMs! >= 29900 && r30.allGoodFromMs! <= 30500, `${r30.allGoodFromMs}`);
  const r3 = simulatePool(tl, SELECT1_3000);
  assert.ok(r3.allGoodFromMs! <= 5000 + 3000 + 100, `${r3.allGoodFromMs}`);
  // without testOnBorrow nothing ever notices the dead connections
  const none = simulatePool(tl, { ...D, testOnBorrow: false });
  assert.equal(none.stillFailingAtEnd, true);
});

test('pool model rule: a blackholed endpoint blocks borrowers for connectTimeout (or ~127 s without one)', () => {
  const tl: PoolTimeline = {
    durationMs: 30000,
    route: [
      { t: 0, instance: 'A' },
      { t: 5000, fail: 'blackhole' },
      { t: 15000, instance: 'A' },
    ],
    instances: { A: [{ t: 0, state: 'writer' }] },
    resets: [{ t: 5000 }],
  };
  const noTimeout = simulatePool(tl, SELECT1_3000);
  assert.equal(noTimeout.stillFailingAtEnd, true);
  assert.ok(noTimeout.stuckWorkers > 0);
  const withTimeout = simulatePool(tl, { ...SELECT1_3000, connectTimeoutMs: 2000 });
  assert.equal(withTimeout.stillFailingAtEnd, false);
  assert.ok((withTimeout.failedByCause['connect-timeout'] ?? 0) > 0);
  assert.ok(withTimeout.allGoodFromMs! <= 15000 + 2500, `${withTimeout.allGoodFromMs}`);
});

test('pool model rule: a hung instance blocks writes until socketTimeout, and maxWait bounds waiting for a connection', () => {
  const tl: PoolTimeline = {
    durationMs: 30000,
    route: [{ t: 0, instance: 'A' }],
    instances: {
      A: [
        { t: 0, state: 'writer' },
        { t: 5000, state: 'hung' },
        { t: 20000, state: 'writer' },
      ],
    },
    resets: [],
  };
  const hung = simulatePool(tl, { ...SELECT1_3000, maxActive: 4, maxWaitMs: 1000 });
  assert.ok((hung.failedByCause['pool-exhausted'] ?? 0) > 0, JSON.stringify(hung.failedByCause));
  assert.equal(hung.stillFailingAtEnd, false); // the server resumes at 20 s: the hung statements complete
  const st = simulatePool(tl, { ...SELECT1_3000, socketTimeoutMs: 3000 });
  assert.ok((st.failedByCause['socket-timeout'] ?? 0) > 0, JSON.stringify(st.failedByCause));
});

test('retry policy: the seed retries at +1, +3, +7, +15, +31 s', () => {
  assert.deepEqual(retryOffsets(), [1000, 3000, 7000, 15000, 31000]);
  const okAfter = (x: number) => (t: number) => t >= x;
  assert.equal(retryVerdict([0], okAfter(20000), 60000).bridged, true);
  assert.equal(retryVerdict([0], okAfter(40000), 60000).bridged, false);
  assert.equal(retryVerdict([0], okAfter(40000), 20000).bridged, null);
});

test('pool settings are read from a datasource through effectiveSetting (defaults included)', () => {
  const toml = [
    '[database.apim_db]',
    'type = "mysql"',
    'url = "jdbc:mysql://db.cluster-abc.eu-west-1.rds.amazonaws.com:3306/apim?connectTimeout=5000&socketTimeout=30000"',
    'username = "u"',
    'password = "p"',
    '[database.apim_db.pool_options]',
    'maxAge = 60000',
    '',
  ].join('\n');
  const doc = parseDocument('deployment.toml', toml);
  const ds = doc.datasources.find((d) => d.id === 'database.apim_db')!;
  const { settings } = poolSettingsFromDatasource(ds);
  assert.equal(settings.testOnBorrow, true); // WSO2 TOML default
  assert.equal(settings.validationIntervalMs, 30000); // WSO2 TOML default
  assert.equal(settings.validationQuery, 'SELECT 1'); // inferred
  assert.equal(settings.validationRaisesOnReader, false);
  assert.equal(settings.maxAgeMs, 60000);
  assert.equal(settings.connectTimeoutMs, 5000);
  assert.equal(settings.socketTimeoutMs, 30000);
  assert.equal(poolSettingsFromDatasource(ds, { validationRaisesOnReader: true }).settings.validationRaisesOnReader, true);
});
