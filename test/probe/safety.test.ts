// Secrets never leak; cancel is fast; bad input and dead endpoints give clear, bounded answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { inspect } from 'node:util';
import { randomBytes } from 'node:crypto';
import { identify } from '../../src/core/probe/identify';
import { runValidationLab } from '../../src/core/probe/validationLab';
import { runWatch, type WatchEvent } from '../../src/core/probe/watch';
import { ProbeError } from '../../src/core/probe/errors';
import { ProbeSession } from '../../src/core/probe/connection';
import { staticPassword } from '../../src/core/probe/endpoint';
import { jsonLine } from '../../src/core/probe/json';
import { AuroraSim } from './auroraSim';
import { SwitchProxy } from './switchProxy';
import { WRITER, noProbeThreads, openSocketsTo } from './helpers';
import { rejection, surfaces } from './outcomes';

const SENTINEL = `S3ntinel-${randomBytes(6).toString('hex')}`;

test('password sentinel: never in errors, events or summaries (wrong password on MariaDB)', async () => {
  const ep = { ...WRITER, password: staticPassword(SENTINEL) };
  const e1 = await rejection(identify(ep));
  assert.ok(e1 instanceof ProbeError && e1.code === 'ER_ACCESS_DENIED_ERROR');
  const e2 = await rejection(runValidationLab({ writer: ep, runs: 1 }));
  const events: WatchEvent[] = [];
  const r = await runWatch({
    endpoint: ep,
    intervalMs: 50,
    durationMs: 600,
    reconnect: { baseDelayMs: 100 },
    onEvent: (e) => events.push(e),
  });
  assert.ok(events.some((e) => e.code === 'ER_ACCESS_DENIED_ERROR'));
  const all = [surfaces(e1), surfaces(e2), ...r.events.map(jsonLine), jsonLine(r.summary), surfaces(r), surfaces(ep)].join('\n');
  assert.ok(!all.includes(SENTINEL), 'the password leaked');
  assert.equal(await noProbeThreads(WRITER.port), 0);
});

test('password sentinel: not visible by logging a session or a connection (the driver config is an ES private field)', async () => {
  const s = new ProbeSession();
  try {
    const c = await s.connect({ ...WRITER, password: staticPassword('probepw') });
    for (const x of [s, c]) assert.ok(!inspect(x, { depth: 20, showHidden: true }).includes('probepw'), inspect(x));
  } finally {
    await s.close();
  }
});

test('password sentinel: scrubbed even when the server echoes it (simulated server)', async () => {
  const sim = await AuroraSim.start({ password: 'the-right-one', accessDeniedSuffix: ` [client sent '${SENTINEL}']` });
  try {
    const e = await rejection(
      identify({
        host: '127.0.0.1',
        port: sim.port('aurora-sim-1'),
        user: 'probe',
        password: staticPassword(SENTINEL),
        connectTimeoutMs: 800,
      }),
    );
    assert.ok(e instanceof ProbeError);
    assert.match(e.message, /\[client sent '\*\*\*'\]/);
    assert.ok(!surfaces(e).includes(SENTINEL));
  } finally {
    await sim.close();
  }
});

test('password sentinel: a full simulated failover drill with the right password shows it nowhere', { timeout: 15000 }, async () => {
  const sim = await AuroraSim.start({ password: SENTINEL });
  const proxy = await SwitchProxy.start({ port: sim.port('aurora-sim-1') });
  try {
    const ep = {
      host: '127.0.0.1',
      port: proxy.port,
      user: 'probe',
      password: staticPassword(SENTINEL),
      connectTimeoutMs: 500,
      queryTimeoutMs: 400,
    };
    const run = runWatch({ endpoint: ep, intervalMs: 50, durationMs: 2000, reconnect: { baseDelayMs: 100 } });
    setTimeout(() => void sim.failover('aurora-sim-2', { rebootMs: 300 }), 400);
    setTimeout(() => proxy.switchTo({ port: sim.port('aurora-sim-2') }), 1000);
    const r = await run;
    assert.ok(r.events.some((e) => e.type === 'writable'));
    const lab = await runValidationLab({
      writer: { ...ep, port: sim.port('aurora-sim-2') },
      reader: { ...ep, port: sim.port('aurora-sim-1') },
      runs: 2,
    });
    const all = [...r.events.map(jsonLine), jsonLine(r.summary), surfaces(r), surfaces(lab), surfaces(await identify(ep))].join('\n');
    assert.ok(!all.includes(SENTINEL));
  } finally {
    await proxy.close();
    await sim.close();
  }
});

test('cancel: stopping a watch on a hung endpoint ends everything within 1 s', { timeout: 10000 }, async () => {
  const proxy = await SwitchProxy.start({ port: WRITER.port });
  proxy.blackhole();
  try {
    const ac = new AbortController();
    const run = runWatch({
      endpoint: { ...WRITER, port: proxy.port, connectTimeoutMs: 10000, queryTimeoutMs: 10000 },
      intervalMs: 50,
      durationMs: 30000,
      signal: ac.signal,
    });
    await new Promise((r) => setTimeout(r, 300));
    const t0 = performance.now();
    ac.abort();
    const r = await run;
    assert.ok(performance.now() - t0 < 1000, `took ${performance.now() - t0} ms`);
    assert.equal(r.summary.verdict.cancelled, true);
    assert.equal(openSocketsTo(proxy.port), 0);
  } finally {
    await proxy.close();
  }
});

test(
  'unreachable endpoint: the watch reports ECONNREFUSED, backs off exponentially, and says the endpoint never became writable',
  { timeout: 10000 },
  async () => {
    const s = net.createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
    const port = (s.address() as net.AddressInfo).port;
    await new Promise<void>((r) => s.close(() => r()));
    const r = await runWatch({
      endpoint: { ...WRITER, port, connectTimeoutMs: 500 },
      intervalMs: 50,
      durationMs: 1600,
      reconnect: { baseDelayMs: 100, factor: 2, attempts: 3, jitter: 0 },
    });
    const fresh = r.events.filter((e) => e.channel === 'fresh');
    assert.equal(fresh.length, 1, 'one event per transition, not one per tick');
    assert.equal(fresh[0].type, 'connect-failed');
    assert.equal(fresh[0].code, 'ECONNREFUSED');
    assert.match(fresh[0].message!, /nothing is listening/);
    const pooled = r.events.filter((e) => e.channel === 'pooled');
    // 100, 200, 400 (the policy's 3 attempts), then the last delay again
    assert.deepEqual(
      pooled.map((e) => e.nextRetryMs),
      pooled.map((_, i) => 100 * 2 ** Math.min(i, 2)),
    );
    assert.ok(pooled.length >= 4, `${pooled.length} attempts`);
    assert.equal(pooled[3].retryBudgetExhausted, true);
    assert.equal(r.summary.timeToWritableMs, null);
    assert.equal(r.summary.verdict.recovered, false);
    assert.match(r.summary.verdict.text, /NOT writable again/);
    const line = JSON.parse(jsonLine(fresh[0]));
    assert.deepEqual(Object.keys(line).slice(0, 6), ['t', 'type', 'channel', 'code', 'role', 'serverId']);
    // the keys, with the stale-DNS figures added next to staleRoleMs (IP literal: DNS not resolved → null)
    const summary = JSON.parse(jsonLine(r.summary));
    assert.deepEqual(Object.keys(summary), [
      'type',
      'downtimeMs',
      'timeToWritableMs',
      'staleRoleMs',
      'staleDnsMs',
      'pooledPinnedMs',
      'verdict',
    ]);
    assert.equal(summary.staleDnsMs, null);
    assert.equal(summary.pooledPinnedMs, null);
  },
);

test('bad watch options are refused before any connection', async () => {
  await assert.rejects(runWatch({ endpoint: WRITER, intervalMs: 10 }), /interval must be at least 50 ms/);
  await assert.rejects(runWatch({ endpoint: { ...WRITER, port: 0 } }), /port 0 is not 1–65535/);
  await assert.rejects(identify({ ...WRITER, host: '' }), /host is empty/);
  await assert.rejects(identify({ ...WRITER, auth: 'iam-token' }), /IAM auth token is sent in clear text: use tls required or verify/);
});
