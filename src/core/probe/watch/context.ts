// What a channel (fresh.ts, pooled.ts) is given of the running watch: the endpoint and its session, the DNS
// tracker, the recording, the role query, the clock and the reporting. engine.ts owns them all; this file is
// the shape they share, so the channels and the engine do not import each other.
import { ProbeError } from '../errors';
import type { ProbeSession } from '../connection';
import type { EndpointOptions } from '../endpoint';
import type { Role } from '../identify';
import { observe, type ChannelState } from './channel';
import type { DnsTracker } from './dns';
import type { TimelineRecorder } from './recorder';
import type { RoleReader } from './role';
import type { WatchEvent, WatchSample } from './types';

export interface WatchContext {
  readonly ep: EndpointOptions;
  readonly session: ProbeSession;
  /** Aborted when the watch is cancelled: connects and queries stop at once. */
  readonly signal: AbortSignal;
  readonly dns: DnsTracker;
  readonly recorder: TimelineRecorder;
  readonly roles: RoleReader;
  /** ms since the watch started. */
  now(): number;
  /** The watch has ended: nothing more is emitted, sampled or scheduled. */
  stopped(): boolean;
  emit(e: Omit<WatchEvent, 't'> & { t?: number }): void;
  sample(s: WatchSample): void;
  /** Keep a probe's promise, so the end of the watch can wait for it. */
  track<T>(p: Promise<T>): void;
}

/** Report what a successful role query on a channel changed (base: the event fields of that channel's observation). */
export function report(
  ctx: WatchContext,
  seen: ChannelState,
  role: Role,
  serverId: string,
  base: Omit<WatchEvent, 't' | 'type'>,
  announce: boolean,
): void {
  for (const tr of observe(seen, role, serverId, announce)) {
    ctx.emit(tr.from === undefined ? { ...base, type: tr.type } : { ...base, type: tr.type, from: tr.from });
  }
}

export function asProbeError(e: unknown, session: ProbeSession): ProbeError {
  if (e instanceof ProbeError) return e;
  return new ProbeError({
    code: 'UNKNOWN',
    op: 'query',
    endpoint: null,
    message: session.scrub(e instanceof Error ? e.message : String(e)),
  });
}

export const round3 = (n: number) => Math.round(n * 1000) / 1000;
