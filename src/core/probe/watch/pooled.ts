// The pooled channel: one long-lived connection, as a pooled connection sees the failover. It notices a reset at
// once (the driver's 'error'/'end'), reconnects with exponential backoff + jitter and otherwise stays where it
// connected, even on a demoted writer: it reports once when DNS no longer returns its address (stale-address).
import { PROBE_CODES, type ProbeError } from '../errors';
import type { ProbeConnection } from '../connection';
import type { Role } from '../identify';
import { newChannelState, type ChannelState } from './channel';
import { asProbeError, report, round3, type WatchContext } from './context';
import { dnsKey, stillInAnswer, type DnsAnswer } from './dns';
import { DEFAULT_RECONNECT, type ReconnectPolicy } from './types';

/** The long-lived connection of the pooled channel, between its reconnects. */
export interface PooledLink {
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

export class PooledChannel {
  /** What this channel has seen of the endpoint. */
  readonly seen: ChannelState = newChannelState();
  readonly link: PooledLink = { conn: null, attempt: 0, losses: 0, reconnects: 0, address: null, via: null, pinned: false };
  /** The pending reconnect (the engine clears it when the watch ends). */
  retryTimer: NodeJS.Timeout | null = null;
  private readonly policy: ReconnectPolicy;
  private readonly random: () => number;

  constructor(
    private readonly ctx: WatchContext,
    reconnect: Partial<ReconnectPolicy> | undefined,
    random: (() => number) | undefined,
  ) {
    this.policy = { ...DEFAULT_RECONNECT, ...reconnect };
    this.random = random ?? Math.random;
  }

  async connect(): Promise<void> {
    const ctx = this.ctx;
    if (ctx.stopped()) return;
    const link = this.link;
    const attempt = link.attempt;
    const start = ctx.now();
    let conn: ProbeConnection | null = null;
    try {
      const answer = await ctx.dns.lookup();
      conn = await ctx.session.connect(ctx.ep, { signal: ctx.signal, address: answer?.addresses[0] });
      const r = await ctx.roles.roleOf(conn);
      if (ctx.stopped()) return void conn.close(0);
      Object.assign(link, { conn, attempt: 0, address: conn.remoteAddress, via: answer, pinned: false });
      if (attempt > 0) link.reconnects++;
      const c = conn;
      c.onLost((err) => this.lost(c, err));
      ctx.sample({
        t: Math.round(start),
        channel: 'pooled',
        ok: true,
        ms: r.ms,
        role: r.role,
        serverId: r.serverId,
        code: null,
        address: c.remoteAddress,
      });
      ctx.recorder.observed('pooled', start, r.role, r.serverId);
      ctx.emit({
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
      this.saw(r.role, r.serverId);
      // DNS may have moved between the lookup and the end of the connect
      if (ctx.dns.last) this.checkPinned(ctx.dns.last);
    } catch (e) {
      if (conn) conn.destroy();
      const pe = asProbeError(e, ctx.session);
      if (pe.code === PROBE_CODES.aborted || ctx.stopped()) return;
      const timedOut = pe.code === PROBE_CODES.connectTimeout || pe.code === PROBE_CODES.queryTimeout;
      this.seen.disrupted = true;
      const next = this.scheduleReconnect();
      ctx.emit({
        type: timedOut ? 'timeout' : 'connect-failed',
        channel: 'pooled',
        code: pe.code,
        errno: pe.errno,
        op: pe.op === 'query' ? 'query' : 'connect',
        role: this.seen.role,
        serverId: this.seen.serverId,
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
    this.retryTimer = setTimeout(() => this.ctx.track(this.connect()), delay);
    return { delay, exhausted };
  }

  private lost(conn: ProbeConnection, err: ProbeError): void {
    const ctx = this.ctx;
    const link = this.link;
    if (ctx.stopped() || link.conn !== conn) return;
    link.conn = null;
    link.pinned = false;
    link.losses++;
    const seen = this.seen;
    seen.disrupted = true;
    const timedOut = err.code === PROBE_CODES.queryTimeout;
    const t = ctx.now();
    if (timedOut) ctx.recorder.hung(t, seen.serverId);
    else ctx.recorder.reset(t, seen.serverId);
    const next = this.scheduleReconnect();
    ctx.emit({
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

  async probe(): Promise<void> {
    const ctx = this.ctx;
    const conn = this.link.conn;
    if (!conn) return;
    this.seen.busy = true;
    const start = ctx.now();
    try {
      const r = await ctx.roles.roleOf(conn);
      if (ctx.stopped() || this.link.conn !== conn) return;
      ctx.sample({
        t: Math.round(start),
        channel: 'pooled',
        ok: true,
        ms: r.ms,
        role: r.role,
        serverId: r.serverId,
        code: null,
        address: conn.remoteAddress,
      });
      ctx.recorder.observed('pooled', start, r.role, r.serverId);
      this.saw(r.role, r.serverId);
    } catch (e) {
      // fatal errors (lost, timeout) arrive through onLost; a non-fatal one is only sampled
      const pe = asProbeError(e, ctx.session);
      if (!pe.fatal)
        ctx.sample({
          t: Math.round(start),
          channel: 'pooled',
          ok: false,
          ms: ctx.now() - start,
          role: null,
          serverId: null,
          code: pe.code,
        });
    } finally {
      this.seen.busy = false;
    }
  }

  private saw(role: Role, serverId: string): void {
    report(this.ctx, this.seen, role, serverId, { channel: 'pooled', code: null, role, serverId }, false);
  }

  /** The pooled connection stays where it connected; report once when DNS no longer returns that address. */
  checkPinned(answer: DnsAnswer): void {
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
    this.ctx.emit({
      type: 'stale-address',
      channel: 'pooled',
      code: null,
      role: this.seen.role,
      serverId: this.seen.serverId,
      address: addr,
      from: link.via ? dnsKey(link.via) : null,
      addresses: [...answer.addresses].sort(),
      cname: answer.cname ?? null,
      viaCname,
    });
  }
}
