// Watch / failover drill: probe an endpoint every intervalMs on two channels at once and resolve its DNS
// name each tick.
//   pooled — one long-lived connection, as a pooled connection sees the failover: it notices a reset at once
//            (the driver's 'error'/'end'), reconnects with exponential backoff + jitter (the seed article's
//            strategy, 1 s ×2, 5 attempts by default) and otherwise stays where it is, even on a demoted writer.
//   fresh  — a new connection per tick, as a new borrow sees it: where the endpoint routes right now.
// Both channels resolve the name first and connect to the address the resolver returned (as a JVM does:
// resolve, then connect), keeping the host name for TLS and IAM; each connection's remote address is recorded.
// Events are emitted as they happen; at the end a summary (summary.ts) and a verdict (verdict.ts), including the
// pool model replayed over the recorded timeline (recorder.ts) when pool settings are given. This file is the
// engine: timers, the two channels' probes, and the pooled connection's reconnects and pinning.
import { performance } from 'node:perf_hooks';
import { ProbeError, PROBE_CODES } from '../errors';
import { ProbeSession, type ProbeConnection } from '../connection';
import { checkEndpoint, type EndpointOptions } from '../endpoint';
import { parseRoleRow, roleQuery, type Flavor, type Role } from '../identify';
import { PROBE_LIMITS } from '../request';
import { latencyStats } from '../stats';
import { DEFAULT_WORKLOAD, SEED_RETRY_POLICY } from '../../forecast/kernel';
import { recommendedPool } from '../../forecast/policy';
import { poolVerdict, type PoolVerdict } from '../../forecast/verdict';
import { newChannelState, observe, type ChannelState } from './channel';
import { defaultResolverFor, dnsKey, DnsTracker, stillInAnswer, type DnsAnswer } from './dns';
import { TimelineRecorder } from './recorder';
import { summarizeEvents } from './summary';
import {
  DEFAULT_RECONNECT,
  type ReconnectPolicy,
  type WatchEvent,
  type WatchOptions,
  type WatchResult,
  type WatchSample,
  type WatchVerdict,
} from './types';
import { verdictText } from './verdict';

const MIN_INTERVAL_MS = PROBE_LIMITS.intervalMs.min;

/** Run a watch until durationMs or the signal. Resolves with the events, the summary and the recording. */
export async function runWatch(opts: WatchOptions): Promise<WatchResult> {
  checkEndpoint(opts.endpoint);
  const intervalMs = opts.intervalMs ?? PROBE_LIMITS.intervalMs.default;
  if (!Number.isFinite(intervalMs) || intervalMs < MIN_INTERVAL_MS) {
    throw new ProbeError({
      code: PROBE_CODES.badOptions,
      op: 'config',
      endpoint: null,
      message: `interval must be at least ${MIN_INTERVAL_MS} ms`,
    });
  }
  const durationMs = opts.durationMs ?? 60000;
  if (!Number.isFinite(durationMs) || durationMs <= 0) {
    throw new ProbeError({
      code: PROBE_CODES.badOptions,
      op: 'config',
      endpoint: null,
      message: 'duration must be a positive number of milliseconds',
    });
  }
  const w = new Watch(opts, intervalMs, durationMs);
  return w.run();
}

/** The long-lived connection of the pooled channel, between its reconnects. */
interface PooledLink {
  conn: ProbeConnection | null;
  /** Reconnect attempt (0: the first connect, or connected). */
  attempt: number;
  losses: number;
  reconnects: number;
  /** The address it reached, and the DNS answer it followed to get there. */
  address: string | null;
  via: DnsAnswer | null;
  /** stale-address was reported and DNS has not returned the address since. */
  pinned: boolean;
}

class Watch {
  private readonly ep: EndpointOptions;
  private readonly policy: ReconnectPolicy;
  private readonly random: () => number;
  private readonly stop = new AbortController();
  private readonly session: ProbeSession;
  private readonly t0 = performance.now();
  private readonly events: WatchEvent[] = [];
  private readonly recorder = new TimelineRecorder();
  private readonly dns: DnsTracker;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly lat = { pooled: [] as number[], fresh: [] as number[], lag: [] as number[] };
  private stopped = false;
  private cancelled = false;
  private flavor: Flavor | null = null;
  private ticks = 0;
  private freshSkipped = 0;
  private tickTimer: NodeJS.Timeout | null = null;
  private endTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private finish!: () => void;

  /** What each channel has seen of the endpoint. */
  private readonly pooledSeen: ChannelState = newChannelState();
  private readonly freshSeen: ChannelState = newChannelState();
  private readonly link: PooledLink = { conn: null, attempt: 0, losses: 0, reconnects: 0, address: null, via: null, pinned: false };

  constructor(
    private readonly opts: WatchOptions,
    private readonly intervalMs: number,
    private readonly durationMs: number,
  ) {
    this.ep = opts.endpoint;
    this.policy = { ...DEFAULT_RECONNECT, ...opts.reconnect };
    this.random = opts.random ?? Math.random;
    const dnsTimeoutMs = Math.min(2000, Math.max(500, intervalMs * 4));
    this.dns = new DnsTracker(defaultResolverFor(this.ep.host, opts.resolve), this.ep.host, dnsTimeoutMs, {
      onChange: (from, now) =>
        this.emit({
          type: 'dns-changed',
          channel: 'fresh',
          code: null,
          role: null,
          serverId: null,
          from: dnsKey(from),
          addresses: [...now.addresses].sort(),
          cname: now.cname,
        }),
      onAnswer: (now) => this.checkPinned(now),
    });
    // pooled + fresh + one spare for a fresh probe whose socket is still closing
    this.session = new ProbeSession({ maxConnections: 3, signal: this.stop.signal });
  }

  private now(): number {
    return performance.now() - this.t0;
  }

  async run(): Promise<WatchResult> {
    const done = new Promise<void>((resolve) => (this.finish = resolve));
    const onAbort = () => {
      this.cancelled = true;
      this.end();
    };
    if (this.opts.signal?.aborted) onAbort();
    else this.opts.signal?.addEventListener('abort', onAbort, { once: true });
    this.endTimer = setTimeout(() => this.end(), this.durationMs);
    if (!this.stopped) {
      this.track(this.connectPooled());
      this.tick();
    }
    await done;
    this.opts.signal?.removeEventListener('abort', onAbort);
    const endT = Math.min(this.now(), this.cancelled ? this.now() : this.durationMs);
    // cancel: destroy now; normal end: close politely (COM_QUIT) with a short grace
    if (this.cancelled) this.stop.abort();
    await this.session.close(this.cancelled ? 0 : 300);
    await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((r) => setTimeout(r, 500).unref())]);
    return this.result(endT);
  }

  private end(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of [this.tickTimer, this.endTimer, this.retryTimer]) if (t) clearTimeout(t);
    this.finish();
  }

  private track<T>(p: Promise<T>): void {
    const q = p.catch(() => undefined).finally(() => this.inFlight.delete(q));
    this.inFlight.add(q);
  }

  private emit(e: Omit<WatchEvent, 't'> & { t?: number }): void {
    if (this.stopped) return;
    const ev: WatchEvent = { ...e, t: Math.round(e.t ?? this.now()) } as WatchEvent;
    this.events.push(ev);
    try {
      this.opts.onEvent?.(ev);
    } catch {
      /* a listener's error must not stop the watch */
    }
  }

  private sample(s: WatchSample): void {
    if (this.stopped) return;
    (s.channel === 'pooled' ? this.lat.pooled : this.lat.fresh).push(s.ms);
    try {
      this.opts.onSample?.(s);
    } catch {
      /* ignore */
    }
  }

  private tick(): void {
    if (this.stopped) return;
    const due = this.ticks * this.intervalMs;
    this.lat.lag.push(Math.max(0, this.now() - due));
    this.ticks++;
    // the fresh probe resolves before it connects; while it is stuck (a connect timeout), DNS is still resolved each tick
    if (this.freshSeen.busy) {
      this.freshSkipped++;
      if (this.dns.active && !this.dns.busy) this.track(this.dns.lookup());
    } else this.track(this.probeFresh());
    if (this.link.conn?.alive && !this.pooledSeen.busy) this.track(this.probePooled());
    const next = this.ticks * this.intervalMs - this.now();
    this.tickTimer = setTimeout(() => this.tick(), Math.max(0, next));
  }

  private async ensureFlavor(conn: ProbeConnection): Promise<Flavor> {
    if (this.flavor) return this.flavor;
    const v = String((await conn.query('SELECT @@version AS v')).rows[0]?.v ?? '');
    let aurora = false;
    try {
      const r = (await conn.query('SELECT @@aurora_version AS v')).rows[0];
      aurora = !!r && r.v !== null && r.v !== undefined;
    } catch (e) {
      if (!(e instanceof ProbeError) || e.fatal) throw e;
    }
    this.flavor = aurora ? 'aurora' : /mariadb/i.test(v) ? 'mariadb' : 'mysql';
    return this.flavor;
  }

  private async roleOf(conn: ProbeConnection): Promise<{ role: Role; serverId: string; connectionId: number | null; ms: number }> {
    const flavor = await this.ensureFlavor(conn);
    try {
      const r = await conn.query(roleQuery(flavor), { signal: this.stop.signal });
      return { ...parseRoleRow(flavor, r.rows[0]), ms: r.ms };
    } catch (e) {
      if (e instanceof ProbeError && e.errno === 1193) this.flavor = null; // wrong guess: detect again next time
      throw e;
    }
  }

  /** Report what a successful role query on a channel changed (base: the event fields of that channel's observation). */
  private report(seen: ChannelState, role: Role, serverId: string, base: Omit<WatchEvent, 't' | 'type'>, announce: boolean): void {
    for (const tr of observe(seen, role, serverId, announce)) {
      this.emit(tr.from === undefined ? { ...base, type: tr.type } : { ...base, type: tr.type, from: tr.from });
    }
  }

  // --- fresh channel -----------------------------------------------------------------------------

  private async probeFresh(): Promise<void> {
    this.freshSeen.busy = true;
    const start = this.now();
    let conn: ProbeConnection | null = null;
    try {
      const answer = await this.dns.lookup();
      const connectStart = this.now(); // latency is connect + role query; the lookup has its own figures
      conn = await this.session.connect(this.ep, { signal: this.stop.signal, address: answer?.addresses[0] });
      const r = await this.roleOf(conn);
      const ms = this.now() - connectStart;
      this.freshOk(start, r.role, r.serverId, ms, conn.remoteAddress, answer);
    } catch (e) {
      this.freshFail(start, e);
    } finally {
      if (conn) await conn.close(200);
      this.freshSeen.busy = false; // after the close, so at most one fresh socket exists at a time
    }
  }

  private freshOk(start: number, role: Role, serverId: string, ms: number, address: string | null, answer: DnsAnswer | null): void {
    if (this.stopped) return;
    this.sample({ t: Math.round(start), channel: 'fresh', ok: true, ms, role, serverId, code: null, address });
    this.recorder.observed('fresh', start, role, serverId);
    this.report(
      this.freshSeen,
      role,
      serverId,
      {
        channel: 'fresh',
        code: null,
        role,
        serverId,
        latencyMs: round3(ms),
        ...(address ? { address } : {}),
        ...(answer ? { addresses: [...answer.addresses].sort(), cname: answer.cname ?? null } : {}),
      },
      true,
    );
  }

  private freshFail(start: number, e: unknown): void {
    if (this.stopped) return;
    const pe = asProbeError(e, this.session);
    if (pe.code === PROBE_CODES.aborted) return;
    this.sample({ t: Math.round(start), channel: 'fresh', ok: false, ms: this.now() - start, role: null, serverId: null, code: pe.code });
    const timedOut = pe.code === PROBE_CODES.connectTimeout || pe.code === PROBE_CODES.queryTimeout;
    if (timedOut) this.recorder.hung(start, null);
    else this.recorder.refused(start);
    const seen = this.freshSeen;
    seen.disrupted = true;
    if (seen.failing === pe.code) return; // report transitions, not every failing tick
    seen.failing = pe.code;
    this.emit({
      type: timedOut ? 'timeout' : 'connect-failed',
      channel: 'fresh',
      code: pe.code,
      errno: pe.errno,
      op: pe.op === 'query' ? 'query' : 'connect',
      role: seen.role,
      serverId: seen.serverId,
      message: pe.message,
      probeStartT: Math.round(start),
    });
  }

  // --- pooled channel ----------------------------------------------------------------------------

  private async connectPooled(): Promise<void> {
    if (this.stopped) return;
    const link = this.link;
    const attempt = link.attempt;
    const start = this.now();
    let conn: ProbeConnection | null = null;
    try {
      const answer = await this.dns.lookup();
      conn = await this.session.connect(this.ep, { signal: this.stop.signal, address: answer?.addresses[0] });
      const r = await this.roleOf(conn);
      if (this.stopped) return void conn.close(0);
      Object.assign(link, { conn, attempt: 0, address: conn.remoteAddress, via: answer, pinned: false });
      if (attempt > 0) link.reconnects++;
      const c = conn;
      c.onLost((err) => this.pooledLost(c, err));
      this.sample({
        t: Math.round(start),
        channel: 'pooled',
        ok: true,
        ms: r.ms,
        role: r.role,
        serverId: r.serverId,
        code: null,
        address: c.remoteAddress,
      });
      this.recorder.observed('pooled', start, r.role, r.serverId);
      this.emit({
        type: 'connected',
        channel: 'pooled',
        code: null,
        role: r.role,
        serverId: r.serverId,
        connectionId: c.threadId,
        attempt,
        latencyMs: round3(c.connectMs),
        ...(c.remoteAddress ? { address: c.remoteAddress } : {}),
      });
      this.pooledSaw(r.role, r.serverId);
      // DNS may have moved between the lookup and the end of the connect
      if (this.dns.last) this.checkPinned(this.dns.last);
    } catch (e) {
      if (conn) conn.destroy();
      const pe = asProbeError(e, this.session);
      if (pe.code === PROBE_CODES.aborted || this.stopped) return;
      const timedOut = pe.code === PROBE_CODES.connectTimeout || pe.code === PROBE_CODES.queryTimeout;
      this.pooledSeen.disrupted = true;
      const next = this.scheduleReconnect();
      this.emit({
        type: timedOut ? 'timeout' : 'connect-failed',
        channel: 'pooled',
        code: pe.code,
        errno: pe.errno,
        op: pe.op === 'query' ? 'query' : 'connect',
        role: this.pooledSeen.role,
        serverId: this.pooledSeen.serverId,
        message: pe.message,
        attempt,
        nextRetryMs: next.delay,
        retryBudgetExhausted: next.exhausted || undefined,
        probeStartT: Math.round(start),
      });
    }
  }

  /** Schedule the next reconnect attempt; after the policy's attempts, keep trying at its last delay. */
  private scheduleReconnect(): { delay: number; exhausted: boolean } {
    const link = this.link;
    link.attempt++;
    const k = Math.min(link.attempt, this.policy.attempts);
    const exhausted = link.attempt > this.policy.attempts;
    const raw = this.policy.baseDelayMs * this.policy.factor ** (k - 1);
    const delay = Math.max(0, Math.round(raw * (1 + this.policy.jitter * (2 * this.random() - 1))));
    this.retryTimer = setTimeout(() => this.track(this.connectPooled()), delay);
    return { delay, exhausted };
  }

  private pooledLost(conn: ProbeConnection, err: ProbeError): void {
    const link = this.link;
    if (this.stopped || link.conn !== conn) return;
    link.conn = null;
    link.pinned = false;
    link.losses++;
    const seen = this.pooledSeen;
    seen.disrupted = true;
    const timedOut = err.code === PROBE_CODES.queryTimeout;
    const t = this.now();
    if (timedOut) this.recorder.hung(t, seen.serverId);
    else this.recorder.reset(t, seen.serverId);
    const next = this.scheduleReconnect();
    this.emit({
      type: timedOut ? 'timeout' : 'connection-lost',
      channel: 'pooled',
      code: err.code,
      errno: err.errno,
      op: 'query',
      role: seen.role,
      serverId: seen.serverId,
      message: err.message,
      nextRetryMs: next.delay,
    });
  }

  private async probePooled(): Promise<void> {
    const conn = this.link.conn;
    if (!conn) return;
    this.pooledSeen.busy = true;
    const start = this.now();
    try {
      const r = await this.roleOf(conn);
      if (this.stopped || this.link.conn !== conn) return;
      this.sample({
        t: Math.round(start),
        channel: 'pooled',
        ok: true,
        ms: r.ms,
        role: r.role,
        serverId: r.serverId,
        code: null,
        address: conn.remoteAddress,
      });
      this.recorder.observed('pooled', start, r.role, r.serverId);
      this.pooledSaw(r.role, r.serverId);
    } catch (e) {
      // fatal errors (lost, timeout) arrive through onLost; a non-fatal one is only sampled
      const pe = asProbeError(e, this.session);
      if (!pe.fatal)
        this.sample({
          t: Math.round(start),
          channel: 'pooled',
          ok: false,
          ms: this.now() - start,
          role: null,
          serverId: null,
          code: pe.code,
        });
    } finally {
      this.pooledSeen.busy = false;
    }
  }

  private pooledSaw(role: Role, serverId: string): void {
    this.report(this.pooledSeen, role, serverId, { channel: 'pooled', code: null, role, serverId }, false);
  }

  /** The pooled connection stays where it connected; report once when DNS no longer returns that address. */
  private checkPinned(answer: DnsAnswer): void {
    const link = this.link;
    const addr = link.address;
    if (!link.conn?.alive || !addr) return;
    const viaCname = link.via?.cname ?? null;
    if (stillInAnswer(addr, viaCname, answer)) {
      link.pinned = false;
      return;
    }
    if (link.pinned) return;
    link.pinned = true;
    this.emit({
      type: 'stale-address',
      channel: 'pooled',
      code: null,
      role: this.pooledSeen.role,
      serverId: this.pooledSeen.serverId,
      address: addr,
      from: link.via ? dnsKey(link.via) : null,
      addresses: [...answer.addresses].sort(),
      cname: answer.cname ?? null,
      viaCname,
    });
  }

  // --- result ------------------------------------------------------------------------------------

  private result(endT: number): WatchResult {
    const s = summarizeEvents(this.events, endT, SEED_RETRY_POLICY, { dnsResolved: this.dns.active });
    const timeline = this.recorder.build(Math.round(endT));
    let pool: PoolVerdict | null = null;
    if (this.opts.pool) {
      const ds = this.opts.pool.datasource;
      pool = poolVerdict(timeline, ds, this.opts.pool.recommended ?? recommendedPool(ds), this.opts.pool.workload ?? DEFAULT_WORKLOAD);
    }
    const { link, pooledSeen: seen } = this;
    const verdict: WatchVerdict = {
      cancelled: this.cancelled,
      recovered: s.disruptions.every((d) => d.writableAtMs !== null),
      writableAtEnd: s.writableAtEnd,
      disruptions: s.disruptions,
      pooled: {
        losses: link.losses,
        reconnects: link.reconnects,
        finalRole: seen.role,
        finalServerId: seen.serverId,
        connected: !!link.conn,
      },
      retry: s.retry,
      dns: { ...this.dns.counts, last: this.dns.last },
      pool,
      text: '',
    };
    verdict.text = verdictText(s, verdict, this.events);
    return {
      events: [...this.events],
      summary: {
        type: 'summary',
        downtimeMs: s.downtimeMs,
        timeToWritableMs: s.timeToWritableMs,
        staleRoleMs: s.staleRoleMs,
        staleDnsMs: s.staleDnsMs,
        pooledPinnedMs: s.pooledPinnedMs,
        verdict,
      },
      timeline,
      stats: {
        ticks: this.ticks,
        freshSkipped: this.freshSkipped,
        pooled: latencyStats(this.lat.pooled),
        fresh: latencyStats(this.lat.fresh),
        dns: latencyStats(this.dns.latencies),
        tickLag: latencyStats(this.lat.lag),
      },
    };
  }
}

function asProbeError(e: unknown, session: ProbeSession): ProbeError {
  if (e instanceof ProbeError) return e;
  return new ProbeError({
    code: 'UNKNOWN',
    op: 'query',
    endpoint: null,
    message: session.scrub(e instanceof Error ? e.message : String(e)),
  });
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;
