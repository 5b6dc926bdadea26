// Watch mode through a TCP proxy in front of the real loopback MariaDB, under each fault: the right event
// class and code within the configured bound, recovery detected, no hang, no leaked connection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { runWatch, type WatchEvent, type WatchResult } from '../../src/core/probe/watch';
import { identify } from '../../src/core/probe/identify';
import { ProbeError } from '../../src/core/probe/errors';
import { SwitchProxy } from './switchProxy';
import {
  READER,
  WRITER,
  admin,
  dbAsync,
  fmt,
  noProbeThreads,
  openSocketsTo,
  serverPid,
  sigcont,
  sigstop,
  sleep,
  waitForEvent,
} from './helpers';

const INTERVAL = 100;
const CONNECT_TIMEOUT = 800;
const QUERY_TIMEOUT = 500;
/** Scheduling and loopback slack on a busy 2-core machine. */
const SLACK = 250;

interface Drill {
  events: WatchEvent[];
  proxy: SwitchProxy;
  /** performance.now() at the watch's t = 0 (within a millisecond). */
  t0: number;
  /** ms since the watch started. */
  now(): number;
  stop(): Promise<WatchResult>;
  done: Promise<WatchResult>;
}

async function startDrill(durationMs = 20000): Promise<Drill> {
  const proxy = await SwitchProxy.start({ port: WRITER.port });
  const events: WatchEvent[] = [];
  const ac = new AbortController();
  const t0 = performance.now();
  const done = runWatch({
    endpoint: { ...WRITER, port: proxy.port, connectTimeoutMs: CONNECT_TIMEOUT, queryTimeoutMs: QUERY_TIMEOUT },
    intervalMs: INTERVAL,
    durationMs,
    signal: ac.signal,
    reconnect: { baseDelayMs: 200, factor: 2, attempts: 5, jitter: 0.1 },
    onEvent: (e) => events.push(e),
  });
  await waitForEvent(events, (e) => e.channel === 'pooled' && e.type === 'connected', 3000, 'pooled connected');
  await waitForEvent(events, (e) => e.channel === 'fresh' && e.type === 'connected', 3000, 'fresh connected');
  await sleep(3 * INTERVAL); // faults come well after the initial events
  return {
    events,
    proxy,
    t0,
    done,
    now: () => Math.round(performance.now() - t0),
    stop: async () => {
      ac.abort();
      return done;
    },
  };
}

/** After the drill: the watch is over, no client socket to the proxy and no server thread of the probe user remain. */
async function assertNoLeaks(d: Drill, ports: number[] = [WRITER.port, READER.port]): Promise<void> {
  const tStop = performance.now();
  const r = await d.stop();
  assert.ok(performance.now() - tStop < 1000, 'cancel must finish within 1 s');
  assert.equal(r.summary.verdict.cancelled, true);
  assert.equal(openSocketsTo(d.proxy.port), 0, 'client sockets left open');
  await d.proxy.close();
  for (const p of ports) assert.equal(await noProbeThreads(p, 4000), 0, `probe threads left on port ${p}`);
}

/** Events at or after `t` (the test's clock starts a moment before the watch's: allow a few ms of skew). */
const after = (_d: Drill, t: number) => (e: WatchEvent) => e.t >= t - 5;

test(
  'watch: server SIGKILL → pooled connection-lost at once, fresh connect-failed next tick; restart → recovery',
  { timeout: 30000 },
  async (t) => {
    const d = await startDrill();
    try {
      const pid = serverPid('writer');
      const tKill = d.now();
      process.kill(pid, 'SIGKILL');
      const lost = await waitForEvent(
        d.events,
        (e) => after(d, tKill)(e) && e.channel === 'pooled' && e.type === 'connection-lost',
        1000,
        'pooled connection-lost',
      );
      assert.ok(['PROTOCOL_CONNECTION_LOST', 'ECONNRESET'].includes(lost.code!), lost.code!);
      assert.equal(lost.serverId, '1');
      assert.ok(lost.t - tKill <= SLACK, `pooled lost ${lost.t - tKill} ms after the kill`);
      const failed = await waitForEvent(
        d.events,
        (e) => after(d, tKill)(e) && e.channel === 'fresh' && e.type === 'connect-failed',
        2000,
        'fresh connect-failed',
      );
      // through the proxy an instance that refuses shows as a reset; the proxy already accepted the TCP connection
      assert.ok(['ECONNRESET', 'PROTOCOL_CONNECTION_LOST', 'ECONNREFUSED'].includes(failed.code!), failed.code!);
      assert.ok(failed.t - tKill <= INTERVAL + SLACK, `fresh failed ${failed.t - tKill} ms after the kill`);
      // directly, with nothing listening, it is the real ECONNREFUSED
      await assert.rejects(
        identify({ ...WRITER, connectTimeoutMs: 500 }),
        (e: unknown) => e instanceof ProbeError && e.code === 'ECONNREFUSED',
      );
      t.diagnostic(`SIGKILL: pooled connection-lost after ${lost.t - tKill} ms, fresh connect-failed after ${failed.t - tKill} ms`);

      const tRestart = d.now();
      await dbAsync('start', 'writer');
      const back = await waitForEvent(
        d.events,
        (e) => after(d, tRestart)(e) && e.channel === 'fresh' && e.type === 'connected',
        5000,
        'fresh connected after restart',
      );
      await waitForEvent(
        d.events,
        (e) => after(d, tRestart)(e) && e.channel === 'pooled' && e.type === 'connected',
        8000,
        'pooled reconnected',
      );
      t.diagnostic(`SIGKILL: writer restarted in ${Math.round(d.now() - tRestart)} ms; fresh connected again at +${back.t - tKill} ms`);
      await sleep(2 * INTERVAL);
      const r = await d.stop();
      const dis = r.summary.verdict.disruptions;
      assert.equal(dis.length, 1, fmt(r.events));
      assert.ok(Math.abs(dis[0].startMs - tKill) <= SLACK, `disruption starts ${dis[0].startMs}, kill at ${tKill}`);
      assert.ok(r.summary.downtimeMs > 0 && r.summary.downtimeMs <= back.t - tKill + INTERVAL, `${r.summary.downtimeMs}`);
      assert.notEqual(r.summary.timeToWritableMs, null);
      assert.equal(r.summary.verdict.recovered, true);
    } finally {
      await dbAsync('start', 'writer');
      await assertNoLeaks(d).catch((e) => assert.fail(e));
    }
  },
);

test(
  'watch: server SIGSTOP (hung) → timeout events within queryTimeout / connectTimeout + 1 interval; SIGCONT → recovery',
  { timeout: 30000 },
  async (t) => {
    const d = await startDrill();
    const pid = serverPid('writer');
    try {
      const tStop = d.now();
      await sigstop(pid);
      const pooled = await waitForEvent(
        d.events,
        (e) => after(d, tStop)(e) && e.channel === 'pooled' && e.type === 'timeout',
        QUERY_TIMEOUT + INTERVAL + 1000,
        'pooled timeout',
      );
      assert.equal(pooled.code, 'PROBE_QUERY_TIMEOUT');
      assert.ok(pooled.t - tStop <= QUERY_TIMEOUT + INTERVAL + SLACK, `pooled timeout after ${pooled.t - tStop} ms`);
      const fresh = await waitForEvent(
        d.events,
        (e) => after(d, tStop)(e) && e.channel === 'fresh' && e.type === 'timeout',
        CONNECT_TIMEOUT + INTERVAL + 1000,
        'fresh timeout',
      );
      assert.ok(['PROBE_CONNECT_TIMEOUT', 'PROBE_QUERY_TIMEOUT'].includes(fresh.code!), fresh.code!);
      assert.ok(fresh.t - tStop <= CONNECT_TIMEOUT + INTERVAL + SLACK, `fresh timeout after ${fresh.t - tStop} ms`);
      assert.match(fresh.message!, /timed out after \d+ ms/);
      t.diagnostic(
        `SIGSTOP: pooled timeout after ${pooled.t - tStop} ms (queryTimeout ${QUERY_TIMEOUT}), fresh timeout after ${fresh.t - tStop} ms (connectTimeout ${CONNECT_TIMEOUT})`,
      );
      await sleep(300);
      const tCont = d.now();
      sigcont(pid);
      await waitForEvent(
        d.events,
        (e) => after(d, tCont)(e) && e.channel === 'fresh' && e.type === 'connected',
        3000,
        'fresh connected after SIGCONT',
      );
      await waitForEvent(
        d.events,
        (e) => after(d, tCont)(e) && e.channel === 'pooled' && e.type === 'connected',
        6000,
        'pooled reconnected after SIGCONT',
      );
    } finally {
      sigcont(pid);
      await assertNoLeaks(d).catch((e) => assert.fail(e));
    }
  },
);

test(
  'watch: KILL <connection id> → pooled connection-lost and reconnect; the endpoint itself never failed',
  { timeout: 20000 },
  async (t) => {
    const d = await startDrill();
    try {
      const first = d.events.find((e) => e.channel === 'pooled' && e.type === 'connected')!;
      assert.ok(first.connectionId! > 0);
      const tKill = d.now();
      await admin(WRITER.port, `KILL ${first.connectionId}`);
      const lost = await waitForEvent(
        d.events,
        (e) => after(d, tKill)(e) && e.channel === 'pooled' && e.type === 'connection-lost',
        1000,
        'pooled connection-lost',
      );
      assert.ok(['PROTOCOL_CONNECTION_LOST', 'ER_CONNECTION_KILLED', 'ECONNRESET'].includes(lost.code!), lost.code!);
      assert.ok(lost.t - tKill <= SLACK, `lost ${lost.t - tKill} ms after KILL`);
      const again = await waitForEvent(
        d.events,
        (e) => after(d, tKill)(e) && e.channel === 'pooled' && e.type === 'connected',
        3000,
        'pooled reconnected',
      );
      assert.notEqual(again.connectionId, first.connectionId);
      assert.ok(again.attempt! >= 1);
      t.diagnostic(`KILL: pooled connection-lost (${lost.code}) after ${lost.t - tKill} ms, reconnected after ${again.t - tKill} ms`);
      await sleep(3 * INTERVAL);
      assert.ok(!d.events.some((e) => e.channel === 'fresh' && (e.type === 'connect-failed' || e.type === 'timeout')), fmt(d.events));
      const r = await d.stop();
      assert.equal(r.summary.downtimeMs, 0);
      assert.deepEqual(r.summary.verdict.disruptions, []);
      assert.equal(r.summary.verdict.pooled.losses, 1);
      // the verdict must not call a cut pooled connection "no disruption"
      assert.match(r.summary.verdict.text, /the long-lived connection was cut 1 time/);
      assert.doesNotMatch(r.summary.verdict.text, /No disruption/);
    } finally {
      await assertNoLeaks(d).catch((e) => assert.fail(e));
    }
  },
);

test(
  'watch: endpoint switched to the read-only instance → role-changed writer→reader; back → writable; pooled stays pinned',
  { timeout: 20000 },
  async (t) => {
    const d = await startDrill();
    try {
      const tSwitch = d.now();
      d.proxy.switchTo({ port: READER.port });
      d.proxy.dropAll('fin');
      const role = await waitForEvent(
        d.events,
        (e) => after(d, tSwitch)(e) && e.channel === 'fresh' && e.type === 'role-changed',
        INTERVAL + 1000,
        'fresh role-changed',
      );
      assert.equal(role.from, 'writer');
      assert.equal(role.role, 'reader');
      assert.ok(role.t - tSwitch <= INTERVAL + SLACK, `role change seen after ${role.t - tSwitch} ms`);
      const srv = await waitForEvent(
        d.events,
        (e) => after(d, tSwitch)(e) && e.channel === 'fresh' && e.type === 'server-changed',
        1000,
        'fresh server-changed',
      );
      assert.equal(srv.from, '1');
      assert.equal(srv.serverId, '2');
      await waitForEvent(
        d.events,
        (e) => after(d, tSwitch)(e) && e.channel === 'pooled' && e.type === 'connection-lost',
        500,
        'pooled lost',
      );
      const pinned = await waitForEvent(
        d.events,
        (e) => after(d, tSwitch)(e) && e.channel === 'pooled' && e.type === 'role-changed',
        3000,
        'pooled role-changed',
      );
      assert.equal(pinned.role, 'reader');
      t.diagnostic(
        `switch: fresh role-changed after ${role.t - tSwitch} ms; pooled reconnected onto the reader after ${pinned.t - tSwitch} ms`,
      );

      await sleep(500);
      const tBack = d.now();
      d.proxy.switchTo({ port: WRITER.port }); // DNS moves on; the pooled connection stays where it is
      const w = await waitForEvent(
        d.events,
        (e) => after(d, tBack)(e) && e.channel === 'fresh' && e.type === 'writable',
        INTERVAL + 1000,
        'fresh writable',
      );
      assert.equal(w.serverId, '1');
      await sleep(2 * INTERVAL);
      const r = await d.stop();
      assert.equal(r.summary.verdict.disruptions.length, 1, fmt(r.events));
      assert.ok(
        r.summary.staleRoleMs >= tBack - role.t - INTERVAL && r.summary.staleRoleMs <= w.t - tSwitch + INTERVAL,
        `stale ${r.summary.staleRoleMs}`,
      );
      assert.ok(r.summary.timeToWritableMs! >= tBack - tSwitch - INTERVAL, `${r.summary.timeToWritableMs}`);
      assert.equal(r.summary.verdict.pooled.finalRole, 'reader');
      assert.match(r.summary.verdict.text, /pinned/);
    } finally {
      await assertNoLeaks(d).catch((e) => assert.fail(e));
    }
  },
);

test('watch: blackhole → timeouts on both channels within the bounds; healed → recovery', { timeout: 20000 }, async (t) => {
  const d = await startDrill();
  try {
    const tHole = d.now();
    d.proxy.blackhole();
    const pooled = await waitForEvent(
      d.events,
      (e) => after(d, tHole)(e) && e.channel === 'pooled' && e.type === 'timeout',
      QUERY_TIMEOUT + INTERVAL + 1000,
      'pooled timeout',
    );
    assert.equal(pooled.code, 'PROBE_QUERY_TIMEOUT');
    assert.ok(pooled.t - tHole <= QUERY_TIMEOUT + INTERVAL + SLACK, `pooled timeout after ${pooled.t - tHole} ms`);
    const fresh = await waitForEvent(
      d.events,
      (e) => after(d, tHole)(e) && e.channel === 'fresh' && e.type === 'timeout',
      CONNECT_TIMEOUT + INTERVAL + 1000,
      'fresh timeout',
    );
    assert.ok(fresh.t - tHole <= CONNECT_TIMEOUT + INTERVAL + SLACK, `fresh timeout after ${fresh.t - tHole} ms`);
    t.diagnostic(`blackhole: pooled timeout after ${pooled.t - tHole} ms, fresh timeout (${fresh.code}) after ${fresh.t - tHole} ms`);
    await sleep(300);
    const tHeal = d.now();
    await d.proxy.forward();
    await waitForEvent(
      d.events,
      (e) => after(d, tHeal)(e) && e.channel === 'fresh' && e.type === 'connected',
      CONNECT_TIMEOUT + 2000,
      'fresh connected',
    );
    await waitForEvent(d.events, (e) => after(d, tHeal)(e) && e.channel === 'pooled' && e.type === 'connected', 5000, 'pooled connected');
    const r = await d.stop();
    assert.equal(r.summary.verdict.recovered, true, r.summary.verdict.text);
    assert.ok(r.summary.downtimeMs > 0);
  } finally {
    await assertNoLeaks(d).catch((e) => assert.fail(e));
  }
});
