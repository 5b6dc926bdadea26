// Part 3 of issue 6: probe drills against the real loopback MariaDB pair (scripts/db/db.sh; the reliability run
// starts its own on 16306/16307). Each fault of the probe issue — server SIGKILL, SIGSTOP (hung server),
// KILL <connection id>, the endpoint switched to the read-only instance, a blackhole — is repeated
// AURORA_GUARD_DRILL_RUNS times (default 5) through the real runWatch behind the probe suite's switching proxy,
// with a one-shot identify + validation lab, and an identify and a second watch cancelled, during the fault. Counted per drill:
//   hangs          an operation (watch event, identify, lab, recovery) or the whole drill past its bound + 1 s,
//                  or a cancel (watch or identify) that took 1 s or more to end everything
//   leaks          after the drill: server threads of the probe user on either instance (information_schema.PROCESSLIST),
//                  open client sockets to the proxy or the servers (/proc/net/tcp), more TCP handles in this
//                  process than before the drill (process.getActiveResourcesInfo)
//   wrong events   the fault's expected event type + code missing or wrong, a forbidden event, a one-shot with the
//                  wrong outcome, or no recovery after the fault was healed
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { runWatch, type WatchEvent, type WatchResult } from '../../src/core/probe/watch';
import { identify } from '../../src/core/probe/identify';
import { runValidationLab } from '../../src/core/probe/validationLab';
import { ProbeError } from '../../src/core/probe/errors';
import type { EndpointOptions } from '../../src/core/probe/endpoint';
import { SwitchProxy } from '../probe/switchProxy';
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
} from '../probe/helpers';
import { writeStats } from './lib/env';

const RUNS = Number(process.env.AURORA_GUARD_DRILL_RUNS ?? 5);
const INTERVAL = 100;
const CONNECT_TIMEOUT = 800;
const QUERY_TIMEOUT = 500;
/** The whole drill's own bound (start, fault, one-shots, heal, recovery, stop); a drill past it + 1 s is a hang. */
const DRILL_BOUND_MS = 15000;
const GRACE = 1000;

type Fault = 'sigkill' | 'sigstop' | 'kill-connection' | 'switch-to-reader' | 'blackhole';
const FAULTS: Fault[] = ['sigkill', 'sigstop', 'kill-connection', 'switch-to-reader', 'blackhole'];

interface Expect {
  what: string;
  match: (e: WatchEvent) => boolean;
  codes?: string[];
  withinMs: number;
}

const ev = (channel: WatchEvent['channel'], type: WatchEvent['type']) => (e: WatchEvent) => e.channel === channel && e.type === type;

/** What each fault must produce (event type + code), from the probe issue's fault table (test/probe/watch.test.ts). */
const EXPECT: Record<
  Fault,
  {
    events: Expect[];
    forbid?: { what: string; match: (e: WatchEvent) => boolean };
    oneShot: 'writer' | 'reader' | string[];
    recovery: Expect[];
  }
> = {
  sigkill: {
    events: [
      {
        what: 'pooled connection-lost',
        match: ev('pooled', 'connection-lost'),
        codes: ['PROTOCOL_CONNECTION_LOST', 'ECONNRESET'],
        withinMs: 1000,
      },
      {
        what: 'fresh connect-failed',
        match: ev('fresh', 'connect-failed'),
        codes: ['ECONNRESET', 'PROTOCOL_CONNECTION_LOST', 'ECONNREFUSED'],
        withinMs: INTERVAL + 1000,
      },
    ],
    oneShot: ['ECONNRESET', 'PROTOCOL_CONNECTION_LOST', 'ECONNREFUSED'],
    recovery: [
      { what: 'fresh connected', match: ev('fresh', 'connected'), withinMs: 5000 },
      { what: 'pooled connected', match: ev('pooled', 'connected'), withinMs: 8000 },
    ],
  },
  sigstop: {
    events: [
      { what: 'pooled timeout', match: ev('pooled', 'timeout'), codes: ['PROBE_QUERY_TIMEOUT'], withinMs: QUERY_TIMEOUT + INTERVAL + 1000 },
      {
        what: 'fresh timeout',
        match: ev('fresh', 'timeout'),
        codes: ['PROBE_CONNECT_TIMEOUT', 'PROBE_QUERY_TIMEOUT'],
        withinMs: CONNECT_TIMEOUT + INTERVAL + 1000,
      },
    ],
    oneShot: ['PROBE_CONNECT_TIMEOUT'],
    recovery: [
      { what: 'fresh connected', match: ev('fresh', 'connected'), withinMs: 3000 },
      { what: 'pooled connected', match: ev('pooled', 'connected'), withinMs: 6000 },
    ],
  },
  'kill-connection': {
    events: [
      {
        what: 'pooled connection-lost',
        match: ev('pooled', 'connection-lost'),
        codes: ['PROTOCOL_CONNECTION_LOST', 'ER_CONNECTION_KILLED', 'ECONNRESET'],
        withinMs: 1000,
      },
    ],
    forbid: {
      what: 'a fresh-channel failure (the endpoint itself never failed)',
      match: (e) => e.channel === 'fresh' && (e.type === 'connect-failed' || e.type === 'timeout'),
    },
    oneShot: 'writer',
    recovery: [{ what: 'pooled reconnected', match: ev('pooled', 'connected'), withinMs: 3000 }],
  },
  'switch-to-reader': {
    events: [
      {
        what: 'fresh role-changed writer→reader',
        match: (e) => ev('fresh', 'role-changed')(e) && e.from === 'writer' && e.role === 'reader',
        withinMs: INTERVAL + 1000,
      },
      {
        what: 'fresh server-changed 1→2',
        match: (e) => ev('fresh', 'server-changed')(e) && e.from === '1' && e.serverId === '2',
        withinMs: INTERVAL + 1000,
      },
    ],
    oneShot: 'reader',
    recovery: [
      { what: 'fresh writable on server 1', match: (e) => ev('fresh', 'writable')(e) && e.serverId === '1', withinMs: INTERVAL + 1000 },
    ],
  },
  blackhole: {
    events: [
      { what: 'pooled timeout', match: ev('pooled', 'timeout'), codes: ['PROBE_QUERY_TIMEOUT'], withinMs: QUERY_TIMEOUT + INTERVAL + 1000 },
      {
        what: 'fresh timeout',
        match: ev('fresh', 'timeout'),
        codes: ['PROBE_CONNECT_TIMEOUT', 'PROBE_QUERY_TIMEOUT'],
        withinMs: CONNECT_TIMEOUT + INTERVAL + 1000,
      },
    ],
    oneShot: ['PROBE_CONNECT_TIMEOUT'],
    recovery: [
      { what: 'fresh connected', match: ev('fresh', 'connected'), withinMs: CONNECT_TIMEOUT + 2000 },
      { what: 'pooled connected', match: ev('pooled', 'connected'), withinMs: 5000 },
    ],
  },
};

interface DrillRecord {
  fault: Fault;
  run: number;
  ms: number;
  hangs: string[];
  leaks: string[];
  wrong: string[];
  detectMs: Record<string, number>;
  cancelWatchMs: number;
  cancelWatchInFaultMs: number;
  cancelIdentifyMs: number;
}

const stats = {
  faults: FAULTS.length,
  runsPerFault: RUNS,
  drills: 0,
  hangs: 0,
  leakedConnections: 0,
  wrongEvents: 0,
  maxCancelMs: 0,
  maxDrillMs: 0,
  bounds: {
    intervalMs: INTERVAL,
    connectTimeoutMs: CONNECT_TIMEOUT,
    queryTimeoutMs: QUERY_TIMEOUT,
    drillMs: DRILL_BOUND_MS,
    graceMs: GRACE,
  },
  records: [] as DrillRecord[],
};
const save = () => writeStats('drills', stats);
after(save);

/** Open TCP connections of this process (its own fds, matched by inode in /proc/net/tcp) to remote `port`. */
function ownSocketsTo(port: number): number {
  const inodes = new Set<string>();
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/self/fd/${fd}`));
      if (m) inodes.add(m[1]);
    } catch {
      /* fd closed meanwhile */
    }
  }
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  return fs
    .readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => {
      const f = l.trim().split(/\s+/);
      return f.length > 9 && f[2].split(':')[1] === hex && ['01', '02', '03', '08'].includes(f[3]) && inodes.has(f[9]);
    }).length;
}

/** Poll `count` until it is 0 or `ms` passed (a socket closes a moment after its owner ended it); the last count. */
async function settlesToZero(count: () => number, ms = 1000): Promise<number> {
  const deadline = Date.now() + ms;
  let n = count();
  while (n > 0 && Date.now() < deadline) {
    await sleep(25);
    n = count();
  }
  return n;
}

/** TCP handles (sockets and listeners) this process holds now. */
function tcpHandles(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'TCPServerWrap' || r === 'TCPWrap').length;
}

/** Settle `p` or say it hung: resolves to [ms, outcome] or records a hang past `boundMs` + 1 s. */
async function bounded<T>(
  rec: DrillRecord,
  what: string,
  boundMs: number,
  p: Promise<T>,
): Promise<{ ms: number; value?: T; error?: unknown; hung: boolean }> {
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<'hung'>((r) => (timer = setTimeout(() => r('hung'), boundMs + GRACE)));
  const settled = p.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  const r = await Promise.race([settled, limit]);
  clearTimeout(timer);
  const ms = Math.round(performance.now() - t0);
  if (r === 'hung') {
    rec.hangs.push(`${what}: not settled after ${boundMs} + ${GRACE} ms`);
    return { ms, hung: true };
  }
  return { ms, hung: false, ...r };
}

const codeOf = (e: unknown) => (e instanceof ProbeError ? e.code : `non-ProbeError ${String(e)}`);

async function inject(fault: Fault, proxy: SwitchProxy, pooledConnectionId: number | undefined, writerPid: number): Promise<void> {
  switch (fault) {
    case 'sigkill':
      process.kill(writerPid, 'SIGKILL');
      break;
    case 'sigstop':
      await sigstop(writerPid);
      break;
    case 'kill-connection':
      await admin(WRITER.port, `KILL ${pooledConnectionId}`);
      break;
    case 'switch-to-reader':
      proxy.switchTo({ port: READER.port });
      proxy.dropAll('fin');
      break;
    case 'blackhole':
      proxy.blackhole();
      break;
  }
}

async function heal(fault: Fault, proxy: SwitchProxy, writerPid: number): Promise<void> {
  switch (fault) {
    case 'sigkill':
      await dbAsync('start', 'writer');
      break;
    case 'sigstop':
      sigcont(writerPid);
      break;
    case 'kill-connection':
      break;
    case 'switch-to-reader':
      proxy.switchTo({ port: WRITER.port });
      break;
    case 'blackhole':
      await proxy.forward();
      break;
  }
}

async function drill(fault: Fault, run: number): Promise<DrillRecord> {
  const rec: DrillRecord = {
    fault,
    run,
    ms: 0,
    hangs: [],
    leaks: [],
    wrong: [],
    detectMs: {},
    cancelWatchMs: 0,
    cancelWatchInFaultMs: 0,
    cancelIdentifyMs: 0,
  };
  const t0 = performance.now();
  const handlesBefore = tcpHandles();
  const proxy = await SwitchProxy.start({ port: WRITER.port });
  const ep: EndpointOptions = { ...WRITER, port: proxy.port, connectTimeoutMs: CONNECT_TIMEOUT, queryTimeoutMs: QUERY_TIMEOUT };
  const events: WatchEvent[] = [];
  const ac = new AbortController();
  const tw = performance.now();
  const now = () => Math.round(performance.now() - tw);
  const watch = runWatch({
    endpoint: ep,
    intervalMs: INTERVAL,
    durationMs: DRILL_BOUND_MS,
    signal: ac.signal,
    reconnect: { baseDelayMs: 200, factor: 2, attempts: 5, jitter: 0.1 },
    onEvent: (e) => events.push(e),
  });
  const writerPid = serverPid('writer');
  let watchResult: WatchResult | undefined;
  const wait = (x: Expect, since: number) =>
    bounded(
      rec,
      `${fault}: ${x.what}`,
      x.withinMs,
      waitForEvent(events, (e) => e.t >= since - 5 && x.match(e), x.withinMs, x.what),
    );
  try {
    for (const ch of ['pooled', 'fresh'] as const) {
      const r = await bounded(
        rec,
        `${fault}: ${ch} connected at start`,
        3000,
        waitForEvent(events, ev(ch, 'connected'), 3000, `${ch} connected`),
      );
      if (r.error) rec.wrong.push(`no ${ch} connection at the start: ${(r.error as Error).message}`);
    }
    await sleep(3 * INTERVAL);
    const pooledId = events.find(ev('pooled', 'connected'))?.connectionId;
    const exp = EXPECT[fault];

    const tFault = now();
    await inject(fault, proxy, pooledId ?? undefined, writerPid);
    // during the fault: a one-shot identify + lab through the endpoint, and an identify cancelled after 150 ms
    const oneShotBound = CONNECT_TIMEOUT + 10 * QUERY_TIMEOUT;
    const oneShot = bounded(rec, `${fault}: one-shot identify`, oneShotBound, identify(ep));
    const lab = bounded(rec, `${fault}: one-shot validation lab`, oneShotBound, runValidationLab({ writer: ep, runs: 1 }));
    // …and, cancelled mid-fault, an identify and a second watch with 10 s timeouts: each must end within 1 s of its cancel
    const cac = new AbortController();
    const wac = new AbortController();
    const mark = { identifyAbort: 0, identifySettled: 0, watchAbort: 0, watchSettled: 0 };
    const cancelled = identify({ ...ep, connectTimeoutMs: 10000, queryTimeoutMs: 10000 }, { signal: cac.signal })
      .then(
        () => 'done',
        (e: unknown) => codeOf(e),
      )
      .finally(() => (mark.identifySettled = performance.now()));
    const slow = { ...ep, connectTimeoutMs: 10000, queryTimeoutMs: 10000 };
    const cancelledWatch = runWatch({ endpoint: slow, intervalMs: INTERVAL, durationMs: DRILL_BOUND_MS, signal: wac.signal }).finally(
      () => (mark.watchSettled = performance.now()),
    );
    const identifyAborted = sleep(150).then(() => {
      mark.identifyAbort = performance.now();
      cac.abort();
    });
    const watchAborted = sleep(400).then(() => {
      mark.watchAbort = performance.now();
      wac.abort();
    });

    let lastFaultEvent = tFault;
    for (const x of exp.events) {
      const r = await wait(x, tFault);
      if (r.hung) continue;
      if (r.error) {
        rec.wrong.push(`expected ${x.what}: ${(r.error as Error).message}`);
        continue;
      }
      const e = r.value!;
      rec.detectMs[x.what] = e.t - tFault;
      lastFaultEvent = Math.max(lastFaultEvent, e.t);
      if (x.codes && !x.codes.includes(e.code ?? ''))
        rec.wrong.push(`${x.what} with code ${e.code}, expected one of ${x.codes.join(', ')}`);
    }
    const [o, l] = await Promise.all([oneShot, lab]);
    await identifyAborted; // each bound below counts from its cancel
    const c = await bounded(rec, `${fault}: cancelled identify`, 0, cancelled);
    // 0 when it ended on its own before the cancel
    rec.cancelIdentifyMs = Math.max(0, Math.round(mark.identifySettled - mark.identifyAbort));
    await watchAborted;
    const cw = await bounded(rec, `${fault}: watch cancelled during the fault`, 0, cancelledWatch);
    rec.cancelWatchInFaultMs = Math.max(0, Math.round(mark.watchSettled - mark.watchAbort));
    if (!cw.hung && (cw.error || !cw.value?.summary.verdict.cancelled))
      rec.wrong.push(`the watch cancelled during the fault: ${cw.error ? String(cw.error) : 'not reported as cancelled'}`);
    // it may have ended on its own before the cancel (a dead endpoint fails fast): then with the fault's code
    const cancelOk = ['done', 'PROBE_ABORTED', ...(Array.isArray(exp.oneShot) ? exp.oneShot : [])];
    if (!c.hung && !cancelOk.includes(c.value!)) rec.wrong.push(`cancelled identify ended with ${c.value}, expected ${cancelOk.join('/')}`);
    if (Array.isArray(exp.oneShot)) {
      for (const [name, r] of [
        ['identify', o],
        ['lab', l],
      ] as const) {
        if (r.hung) continue;
        if (!r.error) rec.wrong.push(`one-shot ${name} succeeded during ${fault}; expected ${exp.oneShot.join('/')}`);
        else if (!exp.oneShot.includes(codeOf(r.error)))
          rec.wrong.push(`one-shot ${name} failed with ${codeOf(r.error)}, expected ${exp.oneShot.join('/')}`);
      }
    } else {
      if (!o.hung && (o.error || o.value?.role !== exp.oneShot))
        rec.wrong.push(`one-shot identify: ${o.error ? codeOf(o.error) : `role ${o.value?.role}`}, expected role ${exp.oneShot}`);
      if (!l.hung && (l.error || l.value?.endpoints[0].role !== exp.oneShot))
        rec.wrong.push(`one-shot lab: ${l.error ? codeOf(l.error) : `role ${l.value?.endpoints[0].role}`}, expected role ${exp.oneShot}`);
    }

    await sleep(300);
    const tHeal = now();
    const h = await bounded(rec, `${fault}: heal`, 20000, heal(fault, proxy, writerPid));
    if (h.error) rec.wrong.push(`heal failed: ${(h.error as Error).message}`);
    // recovery: after the fault's events (a killed connection reconnects on its own, before any heal)
    for (const x of exp.recovery) {
      const r = await wait(x, fault === 'kill-connection' ? lastFaultEvent + 1 : tHeal);
      if (!r.hung && r.error) rec.wrong.push(`no recovery: ${(r.error as Error).message}`);
    }
    if (exp.forbid)
      for (const e of events.filter(exp.forbid.match))
        rec.wrong.push(`forbidden: ${exp.forbid.what}: ${e.t} ${e.channel} ${e.type} ${e.code}`);

    const tStop = performance.now();
    ac.abort();
    const w = await bounded(rec, `${fault}: watch cancel`, 0, watch);
    rec.cancelWatchMs = Math.round(performance.now() - tStop);
    watchResult = w.value;
    if (w.error) rec.wrong.push(`the watch failed: ${String(w.error)}`);
    else if (watchResult && !watchResult.summary.verdict.cancelled) rec.wrong.push('the watch did not report the cancel');
  } finally {
    // always: leave both servers running and answering for the next drill, the watch stopped
    sigcont(writerPid);
    if (fault === 'sigkill') await dbAsync('start', 'writer').catch((e) => rec.wrong.push(String(e)));
    ac.abort();
    await Promise.race([watch.catch(() => undefined), sleep(2000)]);
    const clientSockets = await settlesToZero(() => openSocketsTo(proxy.port));
    if (clientSockets) rec.leaks.push(`${clientSockets} client sockets to the endpoint still open after the watch ended`);
    await proxy.close();
  }
  for (const [name, port] of [
    ['writer', WRITER.port],
    ['reader', READER.port],
  ] as const) {
    const threads = await noProbeThreads(port, 4000);
    if (threads) rec.leaks.push(`${threads} server threads of the probe user left on the ${name}`);
    // this process's own sockets (the probe's and the proxy's upstream ones; other processes may use the servers)
    const socks = await settlesToZero(() => ownSocketsTo(port));
    if (socks) rec.leaks.push(`${socks} open sockets of this process to the ${name} (port ${port})`);
  }
  // handles close a tick after their socket: give them a moment before counting
  let handles = tcpHandles();
  for (let i = 0; i < 20 && handles > handlesBefore; i++) {
    await sleep(25);
    handles = tcpHandles();
  }
  if (handles > handlesBefore) rec.leaks.push(`${handles - handlesBefore} more TCP handles in this process than before the drill`);
  rec.ms = Math.round(performance.now() - t0);
  if (rec.cancelWatchMs >= 1000) rec.hangs.push(`watch cancel took ${rec.cancelWatchMs} ms`);
  if (rec.cancelWatchInFaultMs >= 1000) rec.hangs.push(`cancelling a watch during the fault took ${rec.cancelWatchInFaultMs} ms`);
  if (rec.cancelIdentifyMs >= 1000) rec.hangs.push(`identify cancel took ${rec.cancelIdentifyMs} ms`);
  if (rec.ms > DRILL_BOUND_MS + GRACE) rec.hangs.push(`the whole drill took ${rec.ms} ms (bound ${DRILL_BOUND_MS} ms)`);
  if (rec.wrong.length || rec.hangs.length) rec.wrong.push(`events: ${fmt(events).split('\n').join(' | ')}`.slice(0, 3000));
  return rec;
}

test('drills: the checks themselves see a leaked connection and a stuck operation', async () => {
  const rec: DrillRecord = {
    fault: 'sigkill',
    run: 0,
    ms: 0,
    hangs: [],
    leaks: [],
    wrong: [],
    detectMs: {},
    cancelWatchMs: 0,
    cancelWatchInFaultMs: 0,
    cancelIdentifyMs: 0,
  };
  const before = tcpHandles();
  const mysql = await import('mysql2/promise');
  const c = await mysql.createConnection({ host: WRITER.host, port: WRITER.port, user: 'probe', password: 'probepw' });
  try {
    assert.equal(ownSocketsTo(WRITER.port), 1);
    assert.ok(tcpHandles() > before);
    assert.ok((await noProbeThreads(WRITER.port, 200)) >= 1);
  } finally {
    await c.end();
  }
  assert.equal(await settlesToZero(() => ownSocketsTo(WRITER.port)), 0);
  const r = await bounded(rec, 'a promise that never settles', 50, new Promise(() => undefined));
  assert.equal(r.hung, true);
  assert.ok(r.ms >= 50 + GRACE - 5 && rec.hangs.length === 1, JSON.stringify(rec.hangs));
});

for (const fault of FAULTS) {
  test(
    `drills: ${fault} × ${RUNS} through runWatch + one-shot identify/lab: no hang, no leaked connection, the expected events`,
    { timeout: RUNS * (DRILL_BOUND_MS + 10000) },
    async (t) => {
      const problems: string[] = [];
      for (let run = 1; run <= RUNS; run++) {
        const rec = await drill(fault, run);
        stats.drills++;
        stats.hangs += rec.hangs.length;
        stats.leakedConnections += rec.leaks.length;
        stats.wrongEvents += rec.wrong.filter((w) => !w.startsWith('events: ')).length;
        stats.maxCancelMs = Math.max(stats.maxCancelMs, rec.cancelWatchMs, rec.cancelWatchInFaultMs, rec.cancelIdentifyMs);
        stats.maxDrillMs = Math.max(stats.maxDrillMs, rec.ms);
        stats.records.push(rec);
        save();
        t.diagnostic(
          `${fault} #${run}: ${rec.ms} ms; detected ${JSON.stringify(rec.detectMs)}; cancel: watch ${rec.cancelWatchMs} ms, watch during the fault ${rec.cancelWatchInFaultMs} ms, identify ${rec.cancelIdentifyMs} ms`,
        );
        problems.push(...[...rec.hangs, ...rec.leaks, ...rec.wrong].map((p) => `#${run}: ${p}`));
      }
      assert.deepEqual(problems, []);
    },
  );
}
