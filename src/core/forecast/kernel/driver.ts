// The JDBC driver against the world: open a connection through the endpoint, run one statement on it, and tell a dead
// connection from a live one, with connectTimeout and socketTimeout as Connector/J applies them (rule 9 of
// kernel/index.ts). The pool decides when to call it; the driver only says what the server answered and when.
import { OS_CONNECT_TIMEOUT_MS, OS_RETRANSMIT_GIVE_UP_MS } from '../../knowledge/timings';
import type { FailureCause, PoolSettings, PoolWorkload } from './types';
import type { World } from './world';

/** One pool slot and the connection it holds (Tomcat's PooledConnection). */
export interface Slot {
  id: number;
  instance: string | null;
  connectedAt: number;
  lastValidated: number;
  /** Timestamp of the last borrow/return (Tomcat's con.getTimestamp(), used by idle eviction). */
  stamp: number;
  /** Last handed to a worker (for the run's tail: which connections are in use). */
  usedAt: number;
  /** Killed by a socket timeout (independent of the timeline). */
  broken: boolean;
  released: boolean;
}

export interface Outcome { ok: boolean; endT: number; cause?: FailureCause }

export class Driver {
  constructor(
    private readonly world: World,
    private readonly s: PoolSettings,
    private readonly W: PoolWorkload,
  ) {}

  dead(slot: Slot, t: number): boolean {
    return slot.broken || slot.instance === null || this.world.killedBetween(slot.instance, slot.connectedAt, t);
  }

  /** Open a connection for `slot` at `t`. */
  connect(slot: Slot, t: number): Outcome {
    const { world, s, W } = this;
    const r = world.routeAt(t);
    if (r.fail === 'refused') return { ok: false, endT: t + W.connectMs, cause: 'connect-refused' };
    if (r.fail === 'blackhole') return { ok: false, endT: t + (s.connectTimeoutMs > 0 ? s.connectTimeoutMs : OS_CONNECT_TIMEOUT_MS), cause: 'connect-timeout' };
    const inst = r.instance!;
    const st = world.stateAt(inst, t);
    if (st === 'down') return { ok: false, endT: t + W.connectMs, cause: 'connect-refused' };
    if (st === 'silent') return { ok: false, endT: t + (s.connectTimeoutMs > 0 ? s.connectTimeoutMs : OS_CONNECT_TIMEOUT_MS), cause: 'connect-timeout' };
    let at = t + W.connectMs;
    if (st === 'hung') {
      // TCP is accepted by the kernel; the handshake waits for the server (Connector/J: connectTimeout, else socketTimeout)
      const cap = s.connectTimeoutMs > 0 ? s.connectTimeoutMs : s.socketTimeoutMs > 0 ? s.socketTimeoutMs : Infinity;
      const resume = world.hungUntil(inst, t);
      if (t + cap <= resume) return { ok: false, endT: t + cap, cause: 'connect-timeout' };
      if (world.stateAt(inst, resume) === 'down') return { ok: false, endT: resume, cause: 'connect-refused' };
      at = resume + W.connectMs;
    }
    slot.instance = inst;
    slot.connectedAt = at;
    slot.broken = false;
    return { ok: true, endT: at };
  }

  /** Run one statement on `slot` at `t`; `raisesOnReader` for the validation query. */
  execute(slot: Slot, t: number, ms: number, raisesOnReader: boolean): Outcome & { readOnly?: boolean } {
    const { world, s } = this;
    if (this.dead(slot, t)) return { ok: false, endT: t + ms, cause: 'connection-error' };
    const inst = slot.instance!;
    let at = t;
    const st = world.stateAt(inst, t);
    if (st === 'hung' || st === 'silent') {
      const resume = world.hungUntil(inst, t);
      // no RST from a silent host: the OS gives up retransmitting, unless socketTimeout fires first
      const osCap = world.silentFrom(inst, t) + OS_RETRANSMIT_GIVE_UP_MS - t;
      const cap = s.socketTimeoutMs > 0 ? Math.min(s.socketTimeoutMs, osCap) : osCap;
      if (t + cap <= resume) {
        slot.broken = true; // the driver closes a connection whose socket timed out
        return { ok: false, endT: t + cap, cause: 'socket-timeout' };
      }
      at = resume;
      if (this.dead(slot, at)) return { ok: false, endT: at + ms, cause: 'connection-error' };
    }
    const reader = world.stateAt(inst, at) !== 'writer';
    if (reader && raisesOnReader) return { ok: false, endT: at + ms, cause: 'read-only', readOnly: true };
    return { ok: true, endT: at + ms };
  }
}
