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
// engine: the options, the timers and ticks, the events and samples, and the end; the channels are fresh.ts and
// pooled.ts, the result result.ts.
import { performance } from 'node:perf_hooks';
import { ProbeError, PROBE_CODES } from '../errors';
import { ProbeSession } from '../connection';
import { checkEndpoint, type EndpointOptions } from '../endpoint';
import { PROBE_LIMITS } from '../request';
import type { WatchContext } from './context';
import { defaultResolverFor, dnsKey, DnsTracker } from './dns';
import { FreshChannel } from './fresh';
import { PooledChannel } from './pooled';
import { TimelineRecorder } from './recorder';
import { watchResult } from './result';
import { RoleReader } from './role';
import type { WatchEvent, WatchOptions, WatchResult, WatchSample } from './types';

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

class Watch {
  private readonly ep: EndpointOptions;
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
  private ticks = 0;
  private freshSkipped = 0;
  private tickTimer: NodeJS.Timeout | null = null;
  private endTimer: NodeJS.Timeout | null = null;
  private finish!: () => void;

  private readonly fresh: FreshChannel;
  private readonly pooled: PooledChannel;

  constructor(
    private readonly opts: WatchOptions,
    private readonly intervalMs: number,
    private readonly durationMs: number,
  ) {
    this.ep = opts.endpoint;
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
      onAnswer: (now) => this.pooled.checkPinned(now),
    });
    // pooled + fresh + one spare for a fresh probe whose socket is still closing
    this.session = new ProbeSession({ maxConnections: 3, signal: this.stop.signal });
    const ctx: WatchContext = {
      ep: this.ep,
      session: this.session,
      signal: this.stop.signal,
      dns: this.dns,
      recorder: this.recorder,
      roles: new RoleReader(this.stop.signal),
      now: () => this.now(),
      stopped: () => this.stopped,
      emit: (e) => this.emit(e),
      sample: (s) => this.sample(s),
      track: (p) => this.track(p),
    };
    this.fresh = new FreshChannel(ctx);
    this.pooled = new PooledChannel(ctx, opts.reconnect, opts.random);
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
      this.track(this.pooled.connect());
      this.tick();
    }
    await done;
    this.opts.signal?.removeEventListener('abort', onAbort);
    const endT = Math.min(this.now(), this.cancelled ? this.now() : this.durationMs);
    // cancel: destroy now; normal end: close politely (COM_QUIT) with a short grace
    if (this.cancelled) this.stop.abort();
    await this.session.close(this.cancelled ? 0 : 300);
    await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((r) => setTimeout(r, 500).unref())]);
    return watchResult(
      {
        events: this.events,
        cancelled: this.cancelled,
        dns: this.dns,
        recorder: this.recorder,
        pool: this.opts.pool,
        pooled: this.pooled,
        ticks: this.ticks,
        freshSkipped: this.freshSkipped,
        lat: this.lat,
      },
      endT,
    );
  }

  private end(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of [this.tickTimer, this.endTimer, this.pooled.retryTimer]) if (t) clearTimeout(t);
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
    if (this.fresh.seen.busy) {
      this.freshSkipped++;
      if (this.dns.active && !this.dns.busy) this.track(this.dns.lookup());
    } else this.track(this.fresh.probe());
    if (this.pooled.link.conn?.alive && !this.pooled.seen.busy) this.track(this.pooled.probe());
    const next = this.ticks * this.intervalMs - this.now();
    this.tickTimer = setTimeout(() => this.tick(), Math.max(0, next));
  }
}
