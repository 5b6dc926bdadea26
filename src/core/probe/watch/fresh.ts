// The fresh channel: a new connection per tick, as a new borrow from a pool sees the endpoint: where it routes
// right now. It resolves the name, connects to the address returned, queries the role and closes.
import { PROBE_CODES } from '../errors';
import type { ProbeConnection } from '../connection';
import type { Role } from '../identify';
import { newChannelState, type ChannelState } from './channel';
import { asProbeError, report, round3, type WatchContext } from './context';
import type { DnsAnswer } from './dns';

export class FreshChannel {
  /** What this channel has seen of the endpoint. */
  readonly seen: ChannelState = newChannelState();

  constructor(private readonly ctx: WatchContext) {}

  async probe(): Promise<void> {
    const ctx = this.ctx;
    this.seen.busy = true;
    const start = ctx.now();
    let conn: ProbeConnection | null = null;
    try {
      const answer = await ctx.dns.lookup();
      const connectStart = ctx.now(); // latency is connect + role query; the lookup has its own figures
      conn = await ctx.session.connect(ctx.ep, { signal: ctx.signal, address: answer?.addresses[0] });
      const r = await ctx.roles.roleOf(conn);
      const ms = ctx.now() - connectStart;
      this.ok(start, r.role, r.serverId, ms, conn.remoteAddress, answer);
    } catch (e) {
      this.fail(start, e);
    } finally {
      if (conn) await conn.close(200);
      this.seen.busy = false; // after the close, so at most one fresh socket exists at a time
    }
  }

  private ok(start: number, role: Role, serverId: string, ms: number, address: string | null, answer: DnsAnswer | null): void {
    const ctx = this.ctx;
    if (ctx.stopped()) return;
    ctx.sample({ t: Math.round(start), channel: 'fresh', ok: true, ms, role, serverId, code: null, address });
    ctx.recorder.observed('fresh', start, role, serverId);
    report(
      ctx,
      this.seen,
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

  private fail(start: number, e: unknown): void {
    const ctx = this.ctx;
    if (ctx.stopped()) return;
    const pe = asProbeError(e, ctx.session);
    if (pe.code === PROBE_CODES.aborted) return;
    ctx.sample({ t: Math.round(start), channel: 'fresh', ok: false, ms: ctx.now() - start, role: null, serverId: null, code: pe.code });
    const timedOut = pe.code === PROBE_CODES.connectTimeout || pe.code === PROBE_CODES.queryTimeout;
    if (timedOut) ctx.recorder.hung(start, null);
    else ctx.recorder.refused(start);
    const seen = this.seen;
    seen.disrupted = true;
    if (seen.failing === pe.code) return; // report transitions, not every failing tick
    seen.failing = pe.code;
    ctx.emit({
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
}
