// Probe section: our own throw-away MariaDB pair on 127.0.0.1 (scripts/db/db.sh with a separate data directory
// and ports, so the test suite's instances are never touched), then
//   - tick overhead: the pooled channel's probe (ProbeConnection.query of the role query + parsing the row)
//     versus a raw mysql2 query of the same SQL on the same underlying connection, interleaved;
//   - detection latency, fault → first watch event, for SIGKILL, an endpoint switch to a read-only instance
//     (a TCP proxy plays the cluster endpoint) and a hung server (SIGSTOP).
import * as os from 'node:os';
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as net from 'node:net';
import { execFile, spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type * as mysql from 'mysql2';
import { ROOT } from './lint';
import { median, quantile, r3, sleep } from './stats';
import { prng } from './synthetic';

export interface ProbeSection {
  overheadRatio: number | null;
  detectionMs: Record<string, number | null>;
  intervalMs: number | null;
  // ---- additions ----
  note: string;
  server: string | null;
  overhead: {
    probeUs: number | null;
    rawUs: number | null;
    rounds: number;
    batch: number;
    ratioP25: number | null;
    ratioP75: number | null;
    roundsUs?: { probe: number[]; raw: number[] };
    what: string;
  } | null;
  detection: Record<
    string,
    { samplesMs: number[]; maxMs: number | null; firstEvent: string[]; boundMs: number; met: boolean | null; what: string }
  >;
  queryTimeoutMs: number | null;
  connectTimeoutMs: number | null;
  targets: { overhead: string; detection: string };
  met: { overhead: boolean | null; detection: boolean | null };
}

const DB_SH = path.join(ROOT, 'scripts', 'db', 'db.sh');
const INTERVAL_MS = 250;
const QUERY_TIMEOUT_MS = 1000;
const CONNECT_TIMEOUT_MS = 1000;

function empty(note: string): ProbeSection {
  return {
    overheadRatio: null,
    detectionMs: { sigkill: null, 'read-only-switch': null, 'hung-server': null },
    intervalMs: null,
    note,
    server: null,
    overhead: null,
    detection: {},
    queryTimeoutMs: null,
    connectTimeoutMs: null,
    targets: {
      overhead: '≤ 1.2× a raw mysql2 query',
      detection: 'SIGKILL and read-only switch ≤ 2 intervals; hung server ≤ query timeout + 1 interval',
    },
    met: { overhead: null, detection: null },
  };
}

function hasMariadb(): boolean {
  return (
    ['/usr/sbin/mariadbd', '/usr/bin/mariadbd', '/usr/local/bin/mariadbd'].some((p) => fs.existsSync(p)) ||
    spawnSync('sh', ['-c', 'command -v mariadbd'], { encoding: 'utf8' }).status === 0
  );
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

export async function runProbeSection(o: { quick: boolean; log: (m: string) => void }): Promise<ProbeSection> {
  const probeDir = path.join(ROOT, 'src', 'core', 'probe');
  if (!fs.existsSync(path.join(probeDir, 'watch.ts')) || !fs.existsSync(path.join(probeDir, 'connection.ts'))) {
    return empty('the probe engine (src/core/probe/) is not there: nothing to measure');
  }
  if (!fs.existsSync(DB_SH)) return empty('scripts/db/db.sh is missing: no MariaDB to probe');
  if (!hasMariadb()) return empty('MariaDB is not installed (scripts/db/db.sh install, as root): probe figures not measured');
  const writerPort = Number(process.env.AURORA_GUARD_BENCH_WRITER_PORT ?? 23306);
  const readerPort = Number(process.env.AURORA_GUARD_BENCH_READER_PORT ?? 23307);
  const env = {
    ...process.env,
    AG_DB_BASE: path.join(os.tmpdir(), 'aurora-guard-bench-db'),
    AG_DB_WRITER_PORT: String(writerPort),
    AG_DB_READER_PORT: String(readerPort),
  };
  const db = (...args: string[]) => spawnSync('bash', [DB_SH, ...args], { env, encoding: 'utf8', timeout: 120000 });
  const dbAsync = (...args: string[]) =>
    new Promise<void>((resolve, reject) => execFile('bash', [DB_SH, ...args], { env, timeout: 60000 }, (e) => (e ? reject(e) : resolve())));

  // our instances, or a port taken by someone else?
  const running = db('status').stdout ?? '';
  for (const [name, port] of [
    ['writer', writerPort],
    ['reader', readerPort],
  ] as const) {
    if (!new RegExp(`${name} pid \\d+`).test(running) && !(await portFree(port))) {
      return empty(`port ${port} on 127.0.0.1 is taken by another process: set AURORA_GUARD_BENCH_WRITER_PORT / _READER_PORT`);
    }
  }
  o.log(`probe: starting the bench's own MariaDB pair on 127.0.0.1:${writerPort}/${readerPort} (data in ${env.AG_DB_BASE}) …`);
  const t0 = performance.now();
  const up = db('up');
  if (up.status !== 0) return empty(`scripts/db/db.sh up failed: ${(up.stderr || '').trim().split('\n').slice(-3).join(' | ')}`);
  o.log(`probe: MariaDB ready in ${Math.round(performance.now() - t0)} ms`);
  const stopAll = () => {
    const pid = db('pid', 'writer').stdout?.trim();
    if (pid)
      try {
        process.kill(Number(pid), 'SIGCONT');
      } catch {
        /* gone */
      }
    db('down');
  };
  process.once('exit', stopAll);
  try {
    return await measureProbe(
      o,
      writerPort,
      readerPort,
      () => Number(db('pid', 'writer').stdout.trim()),
      () => dbAsync('start', 'writer'),
    );
  } finally {
    process.removeListener('exit', stopAll);
    stopAll();
    o.log('probe: MariaDB pair stopped');
  }
}

async function measureProbe(
  o: { quick: boolean; log: (m: string) => void },
  writerPort: number,
  readerPort: number,
  writerPid: () => number,
  startWriter: () => Promise<void>,
): Promise<ProbeSection> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { ProbeSession } = require('../src/core/probe/connection') as typeof import('../src/core/probe/connection');
  const { runWatch } = require('../src/core/probe/watch') as typeof import('../src/core/probe/watch');
  const { roleQuery, parseRoleRow } = require('../src/core/probe/identify') as typeof import('../src/core/probe/identify');
  const { staticPassword } = require('../src/core/probe/endpoint') as typeof import('../src/core/probe/endpoint');
  const { SwitchProxy } = require('../test/probe/switchProxy') as typeof import('../test/probe/switchProxy');
  /* eslint-enable @typescript-eslint/no-require-imports */
  type WatchEvent = import('../src/core/probe/watch').WatchEvent;
  const out = empty('');
  out.intervalMs = INTERVAL_MS;
  out.queryTimeoutMs = QUERY_TIMEOUT_MS;
  out.connectTimeoutMs = CONNECT_TIMEOUT_MS;
  const ep = (port: number) => ({
    host: '127.0.0.1',
    port,
    user: 'probe',
    database: 'probe_db',
    password: staticPassword('probepw'),
    connectTimeoutMs: CONNECT_TIMEOUT_MS,
    queryTimeoutMs: QUERY_TIMEOUT_MS,
  });

  // ---- overhead -------------------------------------------------------------------------------
  {
    const session = new ProbeSession({ maxConnections: 2 });
    // The raw mysql2 connection under the ProbeConnection (a private field there): capture it where it is created.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const m2 = require('mysql2') as { createConnection: (...a: unknown[]) => mysql.Connection };
    const orig = m2.createConnection;
    let captured: mysql.Connection | null = null;
    m2.createConnection = (...a: unknown[]) => (captured = orig.apply(m2, a));
    let pc: import('../src/core/probe/connection').ProbeConnection;
    try {
      pc = await session.connect(ep(writerPort));
    } finally {
      m2.createConnection = orig;
    }
    if (!captured)
      throw new Error(
        'could not reach the mysql2 connection under ProbeConnection (mysql2.createConnection was not called through the module export)',
      );
    const version = String((await pc.query('SELECT @@version AS v')).rows[0]?.v ?? '');
    out.server = `MariaDB ${version} on 127.0.0.1 (loopback), started by this bench`;
    const flavor = /mariadb/i.test(version) ? 'mariadb' : 'mysql';
    const sql = roleQuery(flavor);
    const raw: mysql.Connection = captured;
    const probeOnce = async () => {
      const r = await pc.query(sql);
      parseRoleRow(flavor, r.rows[0]);
    };
    const rawOnce = () =>
      new Promise<unknown>((resolve, reject) => raw.query({ sql }, (e: unknown, rows: unknown) => (e ? reject(e) : resolve(rows))));
    // warm-up by time: the first seconds of a connection run markedly slower (JIT, server caches)
    const warmEnd = performance.now() + (o.quick ? 500 : 1500);
    while (performance.now() < warmEnd) {
      await probeOnce();
      await rawOnce();
    }
    const batch = 100;
    const rounds = o.quick ? 10 : 40;
    const A: number[] = [];
    const B: number[] = [];
    const timeBatch = async (fn: () => Promise<unknown>) => {
      const t = performance.now();
      for (let i = 0; i < batch; i++) await fn();
      return (performance.now() - t) / batch;
    };
    for (let r = 0; r < rounds; r++) {
      // A,B then B,A: which one runs first alternates, so an order effect cancels out
      if (r % 2 === 0) {
        A.push(await timeBatch(probeOnce));
        B.push(await timeBatch(rawOnce));
      } else {
        B.push(await timeBatch(rawOnce));
        A.push(await timeBatch(probeOnce));
      }
    }
    await session.close();
    const ratios = A.map((a, i) => a / B[i]);
    out.overheadRatio = r3(median(ratios));
    out.overhead = {
      probeUs: r3(median(A) * 1000),
      rawUs: r3(median(B) * 1000),
      rounds,
      batch,
      ratioP25: r3(quantile(ratios, 0.25)),
      ratioP75: r3(quantile(ratios, 0.75)),
      roundsUs: { probe: A.map((x) => r3(x * 1000)!), raw: B.map((x) => r3(x * 1000)!) },
      what: `one pooled-channel probe (ProbeConnection.query of \`${sql}\` under its own timer + parseRoleRow) vs the same SQL through the raw mysql2 connection underneath it (loopback), batches of ${batch} in alternating order, median of per-round ratios`,
    };
    // inconclusive (null) when the middle half of the per-round ratios straddles the target: the machine was too busy
    const p25 = quantile(ratios, 0.25);
    const p75 = quantile(ratios, 0.75);
    out.met.overhead = out.overheadRatio === null ? null : p25 <= 1.2 && p75 > 1.2 && p75 / p25 > 1.5 ? null : out.overheadRatio <= 1.2;
    o.log(`probe: tick overhead ${out.overheadRatio}× (${out.overhead?.probeUs} µs vs ${out.overhead?.rawUs} µs)`);
  }

  // ---- detection latency ------------------------------------------------------------------------
  const rnd = prng(7);
  const reps = { sigkill: o.quick ? 1 : 3, 'read-only-switch': o.quick ? 2 : 5, 'hung-server': o.quick ? 1 : 3 };
  const isFailure = (e: WatchEvent) => e.type === 'connection-lost' || e.type === 'connect-failed' || e.type === 'timeout';

  async function drill(
    name: keyof typeof reps,
    port: number,
    detect: (e: WatchEvent) => boolean,
    inject: () => void | Promise<void>,
    recover: () => Promise<void>,
    recovered: (e: WatchEvent) => boolean,
    boundMs: number,
    what: string,
  ): Promise<void> {
    const events: { at: number; e: WatchEvent }[] = [];
    const ac = new AbortController();
    const watch = runWatch({
      endpoint: ep(port),
      intervalMs: INTERVAL_MS,
      durationMs: 120000,
      signal: ac.signal,
      resolve: null,
      reconnect: { baseDelayMs: 100, factor: 1, attempts: 1000, jitter: 0 },
      onEvent: (e) => events.push({ at: performance.now(), e }),
    });
    const until = async (pred: () => boolean, ms: number, what2: string) => {
      const end = performance.now() + ms;
      while (!pred()) {
        if (performance.now() > end)
          throw new Error(`${name}: no ${what2} within ${ms} ms; events: ${events.map((x) => `${x.e.channel}:${x.e.type}`).join(' ')}`);
        await sleep(2);
      }
    };
    const samples: number[] = [];
    const first: string[] = [];
    try {
      await until(
        () =>
          events.some((x) => x.e.channel === 'pooled' && x.e.type === 'connected') &&
          events.some((x) => x.e.channel === 'fresh' && x.e.type === 'connected'),
        5000,
        'steady state',
      );
      for (let i = 0; i < reps[name]; i++) {
        await sleep(INTERVAL_MS + rnd() * INTERVAL_MS); // a random phase relative to the ticks
        const mark = events.length;
        const tf = performance.now();
        await inject();
        await until(() => events.slice(mark).some((x) => detect(x.e)), boundMs * 4 + 2000, 'detection');
        const ev = events.slice(mark).find((x) => detect(x.e))!;
        samples.push(ev.at - tf);
        first.push(`${ev.e.channel}:${ev.e.type}${ev.e.code ? ' ' + ev.e.code : ''}`);
        const mark2 = events.length;
        await recover();
        await until(() => events.slice(mark2).some((x) => recovered(x.e)), 15000, 'recovery');
      }
    } finally {
      ac.abort();
      await watch.catch(() => undefined);
    }
    out.detectionMs[name] = r3(median(samples));
    out.detection[name] = {
      samplesMs: samples.map((s) => r3(s)!),
      maxMs: r3(Math.max(...samples)),
      firstEvent: first,
      boundMs,
      met: Math.max(...samples) <= boundMs,
      what,
    };
    o.log(`probe: ${name} detected in ${samples.map((s) => Math.round(s)).join(', ')} ms (bound ${boundMs} ms)`);
  }

  const onWriter = (e: WatchEvent) => e.channel === 'fresh' && (e.type === 'connected' || e.type === 'writable') && e.role === 'writer';
  const pooledBack = (e: WatchEvent) => e.channel === 'pooled' && e.type === 'connected';
  const errors: string[] = [];

  try {
    await drill(
      'sigkill',
      writerPort,
      isFailure,
      () => {
        process.kill(writerPid(), 'SIGKILL');
      },
      () => startWriter(),
      pooledBack,
      2 * INTERVAL_MS,
      'kill -9 of the writer (the watched endpoint) → first connection-lost / connect-failed / timeout event on either channel',
    );
  } catch (e) {
    errors.push(String((e as Error).message));
  }

  try {
    const proxy = await SwitchProxy.start({ port: writerPort });
    try {
      await drill(
        'read-only-switch',
        proxy.port,
        (e) => e.type === 'role-changed' && e.role === 'reader',
        () => proxy.switchTo({ port: readerPort }),
        async () => proxy.switchTo({ port: writerPort }),
        onWriter,
        2 * INTERVAL_MS,
        'a TCP proxy (the cluster endpoint) starts sending new connections to the read-only instance (existing ones stay) → first role-changed to reader',
      );
    } finally {
      await proxy.close();
    }
  } catch (e) {
    errors.push(String((e as Error).message));
  }

  try {
    let stopped = 0;
    await drill(
      'hung-server',
      writerPort,
      (e) => e.type === 'timeout',
      () => {
        stopped = writerPid();
        process.kill(stopped, 'SIGSTOP');
      },
      async () => {
        process.kill(stopped, 'SIGCONT');
      },
      pooledBack,
      QUERY_TIMEOUT_MS + INTERVAL_MS,
      'SIGSTOP of the writer → first timeout event (the pooled query times out at the query timeout, a fresh connect at the connect timeout)',
    );
  } catch (e) {
    errors.push(String((e as Error).message));
  }

  const d = Object.values(out.detection);
  out.met.detection = d.length === 3 ? d.every((x) => x.met) : d.some((x) => x.met === false) ? false : null;
  out.note =
    `Own MariaDB pair started by the bench; watch interval ${INTERVAL_MS} ms (the watch default), query and connect timeouts ${QUERY_TIMEOUT_MS} ms, DNS off (IP literal). ` +
    'Detection = from the moment the fault is injected to the first matching watch event (onEvent), faults injected at a random phase of the tick.' +
    (errors.length ? ` Errors: ${errors.join(' || ')}` : '');
  return out;
}
