// Watch / failover drill: probe an endpoint every intervalMs on two channels at once and resolve its DNS
// name each tick.
//   pooled — one long-lived connection, as a pooled connection sees the failover: it notices a reset at once
//            (the driver's 'error'/'end'), reconnects with exponential backoff + jitter (the seed article's
//            strategy, 1 s ×2, 5 attempts by default) and otherwise stays where it is, even on a demoted writer.
//   fresh  — a new connection per tick, as a new borrow sees it: where the endpoint routes right now.
// Both channels resolve the name first and connect to the address the resolver returned (as a JVM does:
// resolve, then connect), keeping the host name for TLS and IAM; each connection's remote address is recorded.
// Events are emitted as they happen; at the end a summary (downtime, time until writable, stale-role window,
// stale-DNS window, time the pooled connection stayed on an address DNS no longer returned) and a verdict,
// including the pool model replayed over the recorded timeline when pool settings are given.
import { isIP } from 'node:net';
import * as dns from 'node:dns';
import { performance } from 'node:perf_hooks';
import { ProbeError, PROBE_CODES } from './errors';
import { ProbeSession, type ProbeConnection } from './connection';
import { checkEndpoint, type EndpointOptions } from './endpoint';
import { parseRoleRow, roleQuery, type Flavor, type Role } from './identify';
import { latencyStats, type LatencyStats } from './stats';
import {
  DEFAULT_WORKLOAD, retryVerdict, SEED_RETRY_POLICY, type PoolSettings, type PoolTimeline, type PoolWorkload, type RetryVerdict,
} from '../forecast/kernel';
import { recommendedPool } from '../forecast/policy';
import { poolVerdict, type PoolVerdict } from '../forecast/verdict';

export type WatchChannel = 'pooled' | 'fresh';
export type WatchEventType =
  | 'connected' | 'connection-lost' | 'connect-failed' | 'timeout' | 'role-changed' | 'server-changed' | 'dns-changed' | 'writable'
  /** The pooled connection's address is no longer in the endpoint's DNS answer (DNS moved on, the connection did not). */
  | 'stale-address';

export interface WatchEvent {
  /** ms since the watch started. */
  t: number;
  type: WatchEventType;
  /** dns-changed is reported on the fresh channel: resolving the name is part of what a new borrow does. */
  channel: WatchChannel;
  /** Error code for failures (ECONNREFUSED, PROTOCOL_CONNECTION_LOST, PROBE_QUERY_TIMEOUT, …), else null. */
  code: string | null;
  /** Role seen (for failures: the role last seen on this channel). */
  role: Role | null;
  serverId: string | null;
  errno?: number | null;
  /** Scrubbed explanation of a failure. */
  message?: string;
  op?: 'connect' | 'query';
  /** Previous role / server id / DNS answer for *-changed events. */
  from?: string | null;
  /** Pooled channel: reconnect attempt number (0 = the first connect). */
  attempt?: number;
  /** Pooled channel: ms until the next reconnect attempt. */
  nextRetryMs?: number | null;
  /** The retry policy's attempts are used up (the watch keeps trying at the last delay). */
  retryBudgetExhausted?: boolean;
  /** Server connection id (pooled connected), for KILL. */
  connectionId?: number | null;
  /** When the probe that failed started (ms since start): the endpoint was failing from then on. */
  probeStartT?: number;
  latencyMs?: number;
  /** dns-changed, stale-address: the endpoint's DNS answer now. Fresh-channel events: the answer the connection followed. */
  addresses?: string[];
  cname?: string | null;
  /** The IP address the connection reached (its socket's remote address); stale-address: where the pooled connection is. */
  address?: string;
}

export interface WatchSample {
  t: number;
  channel: WatchChannel;
  ok: boolean;
  /** Fresh: connect + role query; pooled: role query. Fractional ms. */
  ms: number;
  role: Role | null;
  serverId: string | null;
  code: string | null;
  /** The IP address the connection reached (null when it failed before connecting). */
  address?: string | null;
}

export interface ReconnectPolicy {
  baseDelayMs: number;
  factor: number;
  attempts: number;
  /** ±fraction of each delay, drawn at random (0.2 = ±20 %). */
  jitter: number;
}

export const DEFAULT_RECONNECT: ReconnectPolicy = { baseDelayMs: 1000, factor: 2, attempts: 5, jitter: 0.2 };

export interface DnsAnswer {
  addresses: string[];
  /** The CNAME target (an Aurora cluster endpoint is a CNAME to the current instance endpoint). */
  cname?: string | null;
}

export type Resolver = (host: string) => Promise<DnsAnswer>;

export interface WatchOptions {
  endpoint: EndpointOptions;
  /** Default 250, at least 50. */
  intervalMs?: number;
  /** Default 60000. The watch always ends by then. */
  durationMs?: number;
  /** Stop early (the summary still comes, marked cancelled); everything is closed within 1 s. */
  signal?: AbortSignal;
  reconnect?: Partial<ReconnectPolicy>;
  /** DNS each tick: default lookup + CNAME for host names, skipped for IP literals; null = off. */
  resolve?: Resolver | null;
  onEvent?: (e: WatchEvent) => void;
  onSample?: (s: WatchSample) => void;
  /** Replay the recording through the pool model with these settings (and the recommended ones). */
  pool?: { datasource: PoolSettings; recommended?: PoolSettings; workload?: PoolWorkload };
  /** For tests: deterministic jitter. */
  random?: () => number;
}

export interface Disruption {
  startMs: number;
  /** When it became writable again (null: not within the run). */
  writableAtMs: number | null;
  downtimeMs: number;
  staleRoleMs: number;
  timeToWritableMs: number | null;
  /** Stale-DNS window of this disruption (see summarizeEvents); null when DNS was not resolved. */
  staleDnsMs: number | null;
}

export interface WatchVerdict {
  cancelled: boolean;
  /** No disruption was open at the end. */
  recovered: boolean;
  /** The fresh channel's last probe reached a writer. */
  writableAtEnd: boolean | null;
  disruptions: Disruption[];
  pooled: { losses: number; reconnects: number; finalRole: Role | null; finalServerId: string | null; connected: boolean };
  /** Would the seed's retry policy (5 attempts, 1 s doubling), started when the endpoint failed, have reached a writer? */
  retry: RetryVerdict;
  dns: { lookups: number; failures: number; changes: number; last: DnsAnswer | null };
  pool: PoolVerdict | null;
  text: string;
}

export interface WatchSummary {
  type: 'summary';
  downtimeMs: number;
  /** Total time from each disruption until a writer answered; null if the endpoint was not writable again. */
  timeToWritableMs: number | null;
  /** Time the endpoint answered as a reader (stale DNS / demoted writer). */
  staleRoleMs: number;
  /**
   * Stale-DNS window: per disruption, from its start until the endpoint's DNS answer last changed before a writer
   * answered again (0 when DNS did not change: the writer came back where DNS already pointed); summed. null when
   * DNS was not resolved (IP literal, resolver off). See summarizeEvents.
   */
  staleDnsMs: number | null;
  /** Time the long-lived (pooled) connection stayed on an address DNS no longer returned; null when DNS was not resolved. */
  pooledPinnedMs: number | null;
  verdict: WatchVerdict;
}

export interface WatchStats {
  ticks: number;
  freshSkipped: number;
  pooled: LatencyStats;
  fresh: LatencyStats;
  dns: LatencyStats;
  /** How late ticks fired relative to their schedule. */
  tickLag: LatencyStats;
}

export interface WatchResult {
  events: WatchEvent[];
  summary: WatchSummary;
  /** The recording in the pool model's terms. */
  timeline: PoolTimeline;
  stats: WatchStats;
}

const MIN_INTERVAL_MS = 50;

/** Default resolver: all A/AAAA answers in the system resolver's order (the first is connected to) and the CNAME target, if any. */
export const systemResolver: Resolver = async (host) => {
  const [addrs, cname] = await Promise.all([
    dns.promises.lookup(host, { all: true }).then((a) => a.map((x) => x.address)),
    dns.promises.resolveCname(host).then((c) => c[0] ?? null, () => null),
  ]);
  return { addresses: [...new Set(addrs)], cname };
};

/** A DNS answer in one comparable form (addresses sorted): the `from` of dns-changed and stale-address events. */
export function dnsKey(a: DnsAnswer): string {
  return `${a.cname ?? ''}|${[...a.addresses].sort().join(',')}`;
}

/** Is a connection that went to `address` (following an answer with CNAME `viaCname`) still where `answer` points? */
function stillInAnswer(address: string, viaCname: string | null, answer: DnsAnswer): boolean {
  if (!answer.addresses.includes(address)) return false;
  // an Aurora cluster endpoint is a CNAME to the writer's instance endpoint: a new target is a move even if a proxy keeps the IP
  return !viaCname || !answer.cname || viaCname === answer.cname;
}

const isFailure = (t: WatchEventType) => t === 'connection-lost' || t === 'connect-failed' || t === 'timeout';

/**
 * Summary of a recording (pure: the same events give the same summary; exported for tools that read watch output).
 *
 * - downtime: time the fresh channel (a new connection per tick) failed, from the probe that first failed.
 * - time to writable: from a disruption's start (the first failure on either channel, or a writer seen as a reader)
 *   until a writer answered again on either channel.
 * - stale role: time the fresh channel answered as a reader during disruptions.
 * - stale DNS (staleDnsMs): new connections follow DNS (resolve, then connect to the address returned), so the
 *   answer current when a writer answered again is the one that leads to the writer. The window runs from the
 *   disruption's start until the DNS answer last changed before that moment; it is 0 when the answer did not change
 *   during the disruption (the writer came back at the address DNS already returned: a restart, or DNS is not where
 *   the endpoint moves). For a disruption still open at the end it runs until the end if new connections were
 *   still reaching a reader then, else until the last DNS change (0 if none). Resolution: one tick (intervalMs).
 * - pooled pinned (pooledPinnedMs): from a stale-address event until the pooled connection is lost or replaced, or
 *   DNS returns its address again, or the end.
 * Both are null when DNS was not resolved (`dnsResolved`; by default: an event carries a DNS answer).
 */
export function summarizeEvents(
  events: readonly WatchEvent[], endT: number, policy = SEED_RETRY_POLICY, opts: { dnsResolved?: boolean } = {},
): Omit<WatchSummary, 'verdict'> & { disruptions: Disruption[]; writableAtEnd: boolean | null; retry: RetryVerdict } {
  const dnsResolved = opts.dnsResolved ?? events.some((e) => e.addresses !== undefined);
  const disruptions: Disruption[] = [];
  let open = null as Disruption | null; // (cast: assigned inside closures, which TS does not track)
  let freshDownSince: number | null = null;
  let readerSince: number | null = null;
  let pooledFailT: number | null = null;
  let lastFreshOkT = -Infinity;
  let seenWriter = false;
  // fresh channel writable-or-not over time, for the retry verdict
  const writableSteps: { t: number; w: boolean }[] = [];

  // downtime and stale time belong to the disruption during which they started, even if it closes first
  // (the pooled channel can reach a writer before the fresh channel's next tick)
  let downOwner = null as Disruption | null;
  let staleOwner = null as Disruption | null;
  const closeStale = (t: number) => {
    if (readerSince !== null) {
      if (staleOwner) staleOwner.staleRoleMs += t - readerSince;
      readerSince = null;
    }
  };
  const ensureOpen = (t: number) => {
    if (!open) {
      open = { startMs: t, writableAtMs: null, downtimeMs: 0, staleRoleMs: 0, timeToWritableMs: null, staleDnsMs: null };
      disruptions.push(open);
    }
  };
  const becameWritable = (t: number) => {
    closeStale(t);
    if (open) {
      open.writableAtMs = t;
      open.timeToWritableMs = t - open.startMs;
      open = null;
    }
  };
  for (const e of events) {
    if (e.channel === 'pooled') {
      if (isFailure(e.type)) pooledFailT ??= e.t;
      else if (e.type === 'connected') pooledFailT = null;
      if (e.type === 'writable') becameWritable(e.t);
      continue;
    }
    if (isFailure(e.type)) {
      const startT = Math.min(e.probeStartT ?? e.t, pooledFailT !== null && pooledFailT > lastFreshOkT ? pooledFailT : Infinity);
      ensureOpen(startT);
      if (freshDownSince === null) {
        freshDownSince = startT;
        downOwner = open;
      }
      closeStale(startT);
      writableSteps.push({ t: startT, w: false });
      continue;
    }
    if (e.type === 'dns-changed') continue;
    // connected / role-changed / server-changed / writable on the fresh channel: the endpoint answered
    lastFreshOkT = e.t;
    pooledFailT = null;
    if (freshDownSince !== null) {
      if (downOwner) downOwner.downtimeMs += e.t - freshDownSince;
      freshDownSince = null;
    }
    if (e.role === 'reader') {
      // a reader is a disruption only after the endpoint was a writer (watching a reader endpoint is not one)
      if (readerSince === null && (seenWriter || open)) {
        ensureOpen(e.t);
        readerSince = e.t;
        staleOwner = open;
      }
      writableSteps.push({ t: e.t, w: false });
    } else if (e.role === 'writer') {
      seenWriter = true;
      if (open) becameWritable(e.t);
      writableSteps.push({ t: e.t, w: true });
    }
  }
  if (freshDownSince !== null && downOwner) downOwner.downtimeMs += endT - freshDownSince;
  const endedOnReader = readerSince !== null;
  closeStale(endT);
  if (dnsResolved) {
    const changes = events.filter((e) => e.type === 'dns-changed').map((e) => e.t);
    for (const d of disruptions) {
      const until = d.writableAtMs ?? endT;
      const last = changes.filter((t) => t > d.startMs && t <= until).pop();
      d.staleDnsMs = d.writableAtMs === null && endedOnReader ? endT - d.startMs : last !== undefined ? last - d.startMs : 0;
    }
  }
  const pooledPinnedMs = dnsResolved ? pinnedTime(events, endT) : null;
  const last = writableSteps.length ? writableSteps[writableSteps.length - 1].w : null;
  const writableAt = (t: number): boolean | null => {
    let w: boolean | null = null;
    for (const s of writableSteps) {
      if (s.t > t) break;
      w = s.w;
    }
    return w;
  };
  const round = (n: number) => Math.round(n);
  for (const d of disruptions) {
    d.startMs = round(d.startMs);
    d.downtimeMs = round(d.downtimeMs);
    d.staleRoleMs = round(d.staleRoleMs);
    if (d.staleDnsMs !== null) d.staleDnsMs = round(d.staleDnsMs);
    if (d.timeToWritableMs !== null) d.timeToWritableMs = round(d.timeToWritableMs);
    if (d.writableAtMs !== null) d.writableAtMs = round(d.writableAtMs);
  }
  const unrecovered = disruptions.some((d) => d.writableAtMs === null);
  return {
    type: 'summary',
    downtimeMs: disruptions.reduce((a, d) => a + d.downtimeMs, 0),
    timeToWritableMs: unrecovered ? null : disruptions.reduce((a, d) => a + (d.timeToWritableMs ?? 0), 0),
    staleRoleMs: disruptions.reduce((a, d) => a + d.staleRoleMs, 0),
    staleDnsMs: dnsResolved ? disruptions.reduce((a, d) => a + (d.staleDnsMs ?? 0), 0) : null,
    pooledPinnedMs: pooledPinnedMs === null ? null : round(pooledPinnedMs),
    disruptions,
    writableAtEnd: last,
    retry: retryVerdict(disruptions.map((d) => d.startMs), writableAt, endT, policy),
  };
}

/** Time the pooled connection spent on an address DNS no longer returned (stale-address until it ends). */
function pinnedTime(events: readonly WatchEvent[], endT: number): number {
  let total = 0;
  let since: number | null = null;
  let address = '';
  let viaCname: string | null = null;
  for (const e of events) {
    if (since === null) {
      if (e.type === 'stale-address' && e.address) {
        since = e.t;
        address = e.address;
        viaCname = (e.from ?? '').split('|')[0] || null;
      }
      continue;
    }
    const replaced = e.channel === 'pooled' && (e.type === 'connected' || isFailure(e.type));
    const back = e.type === 'dns-changed' && stillInAnswer(address, viaCname, { addresses: e.addresses ?? [], cname: e.cname ?? null });
    if (replaced || back) {
      total += e.t - since;
      since = null;
    }
  }
  if (since !== null) total += endT - since;
  return total;
}

/** Collects the recording in the pool model's terms: routes, instance states, resets. */
class TimelineRecorder {
  private readonly route: PoolTimeline['route'] = [];
  private readonly instances: PoolTimeline['instances'] = {};
  private readonly resets: PoolTimeline['resets'] = [];
  private lastInstance: string | null = null;

  private setRoute(t: number, p: { instance?: string; fail?: 'refused' | 'blackhole' }) {
    const last = this.route[this.route.length - 1];
    if (last && last.instance === p.instance && last.fail === p.fail) return;
    this.route.push({ t: this.route.length === 0 ? 0 : t, ...p });
  }

  private setState(id: string, t: number, state: 'writer' | 'reader' | 'hung') {
    const pts = (this.instances[id] ??= []);
    const last = pts[pts.length - 1];
    if (last?.state === state) return;
    pts.push({ t, state });
  }

  observed(channel: WatchChannel, t: number, role: Role, serverId: string) {
    this.setState(serverId, t, role);
    if (channel === 'fresh') {
      this.setRoute(t, { instance: serverId });
      this.lastInstance = serverId;
    }
  }

  /** A timeout means the instance (or the path to it) hangs: existing connections and new connects stall. */
  hung(t: number, serverId: string | null) {
    const id = serverId ?? this.lastInstance;
    if (id) {
      this.setState(id, t, 'hung');
      this.setRoute(t, { instance: id });
    } else this.setRoute(t, { fail: 'blackhole' });
  }

  refused(t: number) {
    this.setRoute(t, { fail: 'refused' });
  }

  reset(t: number, serverId: string | null) {
    this.resets.push(serverId ? { t, instance: serverId } : { t });
  }

  build(durationMs: number): PoolTimeline {
    return { durationMs, route: [...this.route], instances: structuredClone(this.instances), resets: [...this.resets] };
  }
}

/** Run a watch until durationMs or the signal. Resolves with the events, the summary and the recording. */
export async function runWatch(opts: WatchOptions): Promise<WatchResult> {
  checkEndpoint(opts.endpoint);
  const intervalMs = opts.intervalMs ?? 250;
  if (!Number.isFinite(intervalMs) || intervalMs < MIN_INTERVAL_MS) {
    throw new ProbeError({ code: PROBE_CODES.badOptions, op: 'config', endpoint: null, message: `interval must be at least ${MIN_INTERVAL_MS} ms` });
  }
  const durationMs = opts.durationMs ?? 60000;
  if (!Number.isFinite(durationMs) || durationMs <= 0) {
    throw new ProbeError({ code: PROBE_CODES.badOptions, op: 'config', endpoint: null, message: 'duration must be a positive number of milliseconds' });
  }
  const w = new Watch(opts, intervalMs, durationMs);
  return w.run();
}

class Watch {
  private readonly ep: EndpointOptions;
  private readonly policy: ReconnectPolicy;
  private readonly resolver: Resolver | null;
  private readonly random: () => number;
  private readonly stop = new AbortController();
  private readonly session: ProbeSession;
  private readonly t0 = performance.now();
  private readonly events: WatchEvent[] = [];
  private readonly recorder = new TimelineRecorder();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly lat = { pooled: [] as number[], fresh: [] as number[], dns: [] as number[], lag: [] as number[] };
  private stopped = false;
  private cancelled = false;
  private flavor: Flavor | null = null;
  private ticks = 0;
  private freshSkipped = 0;
  private tickTimer: NodeJS.Timeout | null = null;
  private endTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private finish!: () => void;

  // pooled channel
  private pooled: ProbeConnection | null = null;
  private pooledBusy = false;
  private pooledAttempt = 0;
  private pooledRole: Role | null = null;
  private pooledServer: string | null = null;
  private pooledDisrupted = false;
  private pooledLosses = 0;
  private pooledReconnects = 0;
  private pooledAddress: string | null = null;
  /** CNAME target of the DNS answer the pooled connection followed. */
  private pooledVia: DnsAnswer | null = null;
  private pooledPinned = false;

  // fresh channel
  private freshBusy = false;
  private freshFailing: string | null = null;
  private freshRole: Role | null = null;
  private freshServer: string | null = null;
  private freshDisrupted = false;

  // dns
  private dnsInFlight: Promise<DnsAnswer | null> | null = null;
  private dnsLast: DnsAnswer | null = null;
  private dnsLookups = 0;
  private dnsFailures = 0;
  private dnsChanges = 0;

  constructor(private readonly opts: WatchOptions, private readonly intervalMs: number, private readonly durationMs: number) {
    this.ep = opts.endpoint;
    this.policy = { ...DEFAULT_RECONNECT, ...opts.reconnect };
    this.random = opts.random ?? Math.random;
    this.resolver = opts.resolve === null ? null : opts.resolve ?? (isIP(this.ep.host) ? null : systemResolver);
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
    if (this.freshBusy) {
      this.freshSkipped++;
      if (this.resolver && !this.dnsInFlight) this.track(this.lookup());
    } else this.track(this.probeFresh());
    if (this.pooled?.alive && !this.pooledBusy) this.track(this.probePooled());
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

  // --- fresh channel -----------------------------------------------------------------------------

  private async probeFresh(): Promise<void> {
    this.freshBusy = true;
    const start = this.now();
    let conn: ProbeConnection | null = null;
    try {
      const answer = await this.lookup();
      const connectStart = this.now(); // latency is connect + role query; the lookup has its own figures
      conn = await this.session.connect(this.ep, { signal: this.stop.signal, address: answer?.addresses[0] });
      const r = await this.roleOf(conn);
      const ms = this.now() - connectStart;
      this.freshOk(start, r.role, r.serverId, ms, conn.remoteAddress, answer);
    } catch (e) {
      this.freshFail(start, e);
    } finally {
      if (conn) await conn.close(200);
      this.freshBusy = false; // after the close, so at most one fresh socket exists at a time
    }
  }

  private freshOk(start: number, role: Role, serverId: string, ms: number, address: string | null, answer: DnsAnswer | null): void {
    if (this.stopped) return;
    this.sample({ t: Math.round(start), channel: 'fresh', ok: true, ms, role, serverId, code: null, address });
    this.recorder.observed('fresh', start, role, serverId);
    const base = {
      channel: 'fresh' as const, code: null, role, serverId, latencyMs: round3(ms),
      ...(address ? { address } : {}), ...(answer ? { addresses: [...answer.addresses].sort(), cname: answer.cname ?? null } : {}),
    };
    if (this.freshFailing !== null || this.freshRole === null) this.emit({ ...base, type: 'connected' });
    if (this.freshRole !== null && this.freshRole !== role) this.emit({ ...base, type: 'role-changed', from: this.freshRole });
    if (this.freshServer !== null && this.freshServer !== serverId) this.emit({ ...base, type: 'server-changed', from: this.freshServer });
    if (role === 'reader') this.freshDisrupted = true;
    else if (this.freshDisrupted) {
      this.emit({ ...base, type: 'writable' });
      this.freshDisrupted = false;
    }
    this.freshFailing = null;
    this.freshRole = role;
    this.freshServer = serverId;
  }

  private freshFail(start: number, e: unknown): void {
    if (this.stopped) return;
    const pe = asProbeError(e, this.session);
    if (pe.code === PROBE_CODES.aborted) return;
    this.sample({ t: Math.round(start), channel: 'fresh', ok: false, ms: this.now() - start, role: null, serverId: null, code: pe.code });
    const timedOut = pe.code === PROBE_CODES.connectTimeout || pe.code === PROBE_CODES.queryTimeout;
    if (timedOut) this.recorder.hung(start, null);
    else this.recorder.refused(start);
    this.freshDisrupted = true;
    if (this.freshFailing === pe.code) return; // report transitions, not every failing tick
    this.freshFailing = pe.code;
    this.emit({
      type: timedOut ? 'timeout' : 'connect-failed', channel: 'fresh', code: pe.code, errno: pe.errno, op: pe.op === 'query' ? 'query' : 'connect',
      role: this.freshRole, serverId: this.freshServer, message: pe.message, probeStartT: Math.round(start),
    });
  }

  // --- pooled channel ----------------------------------------------------------------------------

  private async connectPooled(): Promise<void> {
    if (this.stopped) return;
    const attempt = this.pooledAttempt;
    const start = this.now();
    let conn: ProbeConnection | null = null;
    try {
      const answer = await this.lookup();
      conn = await this.session.connect(this.ep, { signal: this.stop.signal, address: answer?.addresses[0] });
      const r = await this.roleOf(conn);
      if (this.stopped) return void conn.close(0);
      this.pooled = conn;
      this.pooledAttempt = 0;
      this.pooledAddress = conn.remoteAddress;
      this.pooledVia = answer;
      this.pooledPinned = false;
      if (attempt > 0) this.pooledReconnects++;
      conn.onLost((err) => this.pooledLost(conn!, err));
      this.sample({ t: Math.round(start), channel: 'pooled', ok: true, ms: r.ms, role: r.role, serverId: r.serverId, code: null, address: conn.remoteAddress });
      this.recorder.observed('pooled', start, r.role, r.serverId);
      this.emit({
        type: 'connected', channel: 'pooled', code: null, role: r.role, serverId: r.serverId, connectionId: conn.threadId, attempt, latencyMs: round3(conn.connectMs),
        ...(conn.remoteAddress ? { address: conn.remoteAddress } : {}),
      });
      this.pooledSaw(r.role, r.serverId);
      // DNS may have moved between the lookup and the end of the connect
      if (this.dnsLast) this.checkPinned(this.dnsLast);
    } catch (e) {
      if (conn) conn.destroy();
      const pe = asProbeError(e, this.session);
      if (pe.code === PROBE_CODES.aborted || this.stopped) return;
      const timedOut = pe.code === PROBE_CODES.connectTimeout || pe.code === PROBE_CODES.queryTimeout;
      this.pooledDisrupted = true;
      const next = this.scheduleReconnect();
      this.emit({
        type: timedOut ? 'timeout' : 'connect-failed', channel: 'pooled', code: pe.code, errno: pe.errno, op: pe.op === 'query' ? 'query' : 'connect',
        role: this.pooledRole, serverId: this.pooledServer, message: pe.message, attempt, nextRetryMs: next.delay,
        retryBudgetExhausted: next.exhausted || undefined, probeStartT: Math.round(start),
      });
    }
  }

  /** Schedule the next reconnect attempt; after the policy's attempts, keep trying at its last delay. */
  private scheduleReconnect(): { delay: number; exhausted: boolean } {
    this.pooledAttempt++;
    const k = Math.min(this.pooledAttempt, this.policy.attempts);
    const exhausted = this.pooledAttempt > this.policy.attempts;
    const raw = this.policy.baseDelayMs * this.policy.factor ** (k - 1);
    const delay = Math.max(0, Math.round(raw * (1 + this.policy.jitter * (2 * this.random() - 1))));
    this.retryTimer = setTimeout(() => this.track(this.connectPooled()), delay);
    return { delay, exhausted };
  }

  private pooledLost(conn: ProbeConnection, err: ProbeError): void {
    if (this.stopped || this.pooled !== conn) return;
    this.pooled = null;
    this.pooledPinned = false;
    this.pooledLosses++;
    this.pooledDisrupted = true;
    const timedOut = err.code === PROBE_CODES.queryTimeout;
    const t = this.now();
    if (timedOut) this.recorder.hung(t, this.pooledServer);
    else this.recorder.reset(t, this.pooledServer);
    const next = this.scheduleReconnect();
    this.emit({
      type: timedOut ? 'timeout' : 'connection-lost', channel: 'pooled', code: err.code, errno: err.errno, op: 'query',
      role: this.pooledRole, serverId: this.pooledServer, message: err.message, nextRetryMs: next.delay,
    });
  }

  private async probePooled(): Promise<void> {
    const conn = this.pooled;
    if (!conn) return;
    this.pooledBusy = true;
    const start = this.now();
    try {
      const r = await this.roleOf(conn);
      if (this.stopped || this.pooled !== conn) return;
      this.sample({ t: Math.round(start), channel: 'pooled', ok: true, ms: r.ms, role: r.role, serverId: r.serverId, code: null, address: conn.remoteAddress });
      this.recorder.observed('pooled', start, r.role, r.serverId);
      this.pooledSaw(r.role, r.serverId);
    } catch (e) {
      // fatal errors (lost, timeout) arrive through onLost; a non-fatal one is only sampled
      const pe = asProbeError(e, this.session);
      if (!pe.fatal) this.sample({ t: Math.round(start), channel: 'pooled', ok: false, ms: this.now() - start, role: null, serverId: null, code: pe.code });
    } finally {
      this.pooledBusy = false;
    }
  }

  private pooledSaw(role: Role, serverId: string): void {
    const base = { channel: 'pooled' as const, code: null, role, serverId };
    if (this.pooledRole !== null && this.pooledRole !== role) this.emit({ ...base, type: 'role-changed', from: this.pooledRole });
    if (this.pooledServer !== null && this.pooledServer !== serverId) this.emit({ ...base, type: 'server-changed', from: this.pooledServer });
    if (role === 'reader') this.pooledDisrupted = true;
    else if (this.pooledDisrupted) {
      this.emit({ ...base, type: 'writable' });
      this.pooledDisrupted = false;
    }
    this.pooledRole = role;
    this.pooledServer = serverId;
  }

  // --- dns ---------------------------------------------------------------------------------------

  /** Resolve the endpoint's name: one lookup at a time, shared by whoever needs an answer meanwhile. null: no resolver, or it failed. */
  private lookup(): Promise<DnsAnswer | null> {
    if (!this.resolver) return Promise.resolve(null);
    return (this.dnsInFlight ??= this.resolveOnce().finally(() => {
      this.dnsInFlight = null;
    }));
  }

  private async resolveOnce(): Promise<DnsAnswer | null> {
    const start = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      const limit = Math.min(2000, Math.max(500, this.intervalMs * 4));
      const answer = await Promise.race([
        this.resolver!(this.ep.host),
        new Promise<never>((_, rej) => (timer = setTimeout(() => rej(new Error('dns timeout')), limit))),
      ]);
      this.dnsLookups++;
      this.lat.dns.push(performance.now() - start);
      // keep the resolver's order (the first address is the one connected to); compare sorted
      const addresses = [...new Set(answer.addresses)].filter((a) => isIP(a) !== 0);
      const now: DnsAnswer = { addresses, cname: answer.cname ?? null };
      if (this.dnsLast && dnsKey(this.dnsLast) !== dnsKey(now)) {
        this.dnsChanges++;
        this.emit({
          type: 'dns-changed', channel: 'fresh', code: null, role: null, serverId: null,
          from: dnsKey(this.dnsLast), addresses: [...addresses].sort(), cname: now.cname,
        });
      }
      this.dnsLast = now;
      this.checkPinned(now);
      return now;
    } catch {
      this.dnsFailures++;
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The pooled connection stays where it connected; report once when DNS no longer returns that address. */
  private checkPinned(answer: DnsAnswer): void {
    const addr = this.pooledAddress;
    if (!this.pooled?.alive || !addr) return;
    const current = stillInAnswer(addr, this.pooledVia?.cname ?? null, answer);
    if (current) {
      this.pooledPinned = false;
      return;
    }
    if (this.pooledPinned) return;
    this.pooledPinned = true;
    this.emit({
      type: 'stale-address', channel: 'pooled', code: null, role: this.pooledRole, serverId: this.pooledServer,
      address: addr, from: this.pooledVia ? dnsKey(this.pooledVia) : null, addresses: [...answer.addresses].sort(), cname: answer.cname ?? null,
    });
  }

  // --- result ------------------------------------------------------------------------------------

  private result(endT: number): WatchResult {
    const s = summarizeEvents(this.events, endT, SEED_RETRY_POLICY, { dnsResolved: this.resolver !== null });
    const timeline = this.recorder.build(Math.round(endT));
    let pool: PoolVerdict | null = null;
    if (this.opts.pool) {
      const ds = this.opts.pool.datasource;
      pool = poolVerdict(timeline, ds, this.opts.pool.recommended ?? recommendedPool(ds), this.opts.pool.workload ?? DEFAULT_WORKLOAD);
    }
    const verdict: WatchVerdict = {
      cancelled: this.cancelled,
      recovered: s.disruptions.every((d) => d.writableAtMs !== null),
      writableAtEnd: s.writableAtEnd,
      disruptions: s.disruptions,
      pooled: { losses: this.pooledLosses, reconnects: this.pooledReconnects, finalRole: this.pooledRole, finalServerId: this.pooledServer, connected: !!this.pooled },
      retry: s.retry,
      dns: { lookups: this.dnsLookups, failures: this.dnsFailures, changes: this.dnsChanges, last: this.dnsLast },
      pool,
      text: '',
    };
    verdict.text = verdictText(s, verdict, this.events);
    return {
      events: [...this.events],
      summary: {
        type: 'summary', downtimeMs: s.downtimeMs, timeToWritableMs: s.timeToWritableMs, staleRoleMs: s.staleRoleMs,
        staleDnsMs: s.staleDnsMs, pooledPinnedMs: s.pooledPinnedMs, verdict,
      },
      timeline,
      stats: {
        ticks: this.ticks, freshSkipped: this.freshSkipped,
        pooled: latencyStats(this.lat.pooled), fresh: latencyStats(this.lat.fresh), dns: latencyStats(this.lat.dns), tickLag: latencyStats(this.lat.lag),
      },
    };
  }
}

function verdictText(s: ReturnType<typeof summarizeEvents>, v: WatchVerdict, events: readonly WatchEvent[]): string {
  const parts: string[] = [];
  if (s.disruptions.length === 0) {
    // new connections never failed; a long-lived connection may still have been cut (KILL, proxy reset, idle timeout)
    parts.push(v.pooled.losses === 0
      ? 'No disruption: the endpoint answered as a writer throughout.'
      : `New connections reached a writer throughout, but the long-lived connection was cut ${v.pooled.losses} time(s)` +
        ` (${v.pooled.reconnects} reconnect(s)): a pool hands such connections out until it validates them.`);
  }
  else {
    parts.push(`${s.disruptions.length} disruption(s): down ${s.downtimeMs} ms, answered as a reader for ${s.staleRoleMs} ms, ` +
      (s.timeToWritableMs === null ? 'NOT writable again before the end.' : `writable again after ${s.timeToWritableMs} ms.`));
    parts.push(v.retry.bridged === true ? 'The seed retry policy (5 attempts, 1 s doubling) would have reached a writer.'
      : v.retry.bridged === false ? 'The seed retry policy (5 attempts, 1 s doubling) would NOT have reached a writer.'
        : 'Whether the seed retry policy would have reached a writer is unknown: the recording ends before its last attempt.');
  }
  if (s.staleDnsMs !== null && s.disruptions.length) {
    const open = s.disruptions.some((d) => d.writableAtMs === null);
    parts.push(s.staleDnsMs === 0 ? `DNS did not move during the disruption${open ? '' : ' (the writer came back where DNS already pointed)'}.`
      : open ? `Stale-DNS window: at least ${s.staleDnsMs} ms (no writer answered before the end).`
        : `Stale-DNS window: ${s.staleDnsMs} ms (until DNS changed to the answer that led to the writer).`);
  }
  if (s.pooledPinnedMs) {
    const addrs = [...new Set(events.filter((e) => e.type === 'stale-address' && e.address).map((e) => e.address!))];
    parts.push(`The long-lived connection stayed on ${addrs.join(', ')} for ${s.pooledPinnedMs} ms after DNS stopped returning it: a pool keeps such a connection until it fails or a role-aware validation evicts it.`);
  }
  if (v.pooled.finalRole === 'reader') parts.push('The long-lived connection ended on a reader: a pool that only checks liveness stays pinned there.');
  if (v.pool) parts.push(v.pool.text);
  if (v.cancelled) parts.push('(Stopped early.)');
  return parts.join(' ');
}

function asProbeError(e: unknown, session: ProbeSession): ProbeError {
  if (e instanceof ProbeError) return e;
  return new ProbeError({ code: 'UNKNOWN', op: 'query', endpoint: null, message: session.scrub(e instanceof Error ? e.message : String(e)) });
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

/**
 * The same watch as an async iterable: events as they happen, then the summary. Breaking out of the loop
 * stops the watch (and closes its connections).
 */
export async function* watchStream(opts: Omit<WatchOptions, 'onEvent'>): AsyncGenerator<WatchEvent | WatchSummary, WatchResult | undefined> {
  const ac = new AbortController();
  const onOuterAbort = () => ac.abort();
  opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
  if (opts.signal?.aborted) ac.abort();
  const queue: WatchEvent[] = [];
  let wake: (() => void) | null = null;
  let result: WatchResult | undefined;
  let failure: unknown = null;
  let finished = false;
  const run = runWatch({ ...opts, signal: ac.signal, onEvent: (e) => { queue.push(e); wake?.(); } })
    .then((r) => { result = r; }, (e) => { failure = e; })
    .finally(() => { finished = true; wake?.(); });
  try {
    for (;;) {
      while (queue.length) yield queue.shift()!;
      if (finished) break;
      await new Promise<void>((r) => (wake = r));
      wake = null;
    }
    if (failure) throw failure;
    if (result) yield result.summary;
    return result;
  } finally {
    // the consumer stopped early: stop the watch and wait for its connections to close
    if (!finished) ac.abort();
    await run;
    opts.signal?.removeEventListener('abort', onOuterAbort);
  }
}
