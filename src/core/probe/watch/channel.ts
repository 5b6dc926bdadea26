// What the watch remembers about one channel (pooled or fresh), one type for both, and the transitions a
// successful role query reports on it. The pooled channel's connection (its reconnects, its address) is its own
// part of the engine; this is only what both channels see of the endpoint.
import type { Role } from '../identify';
import type { WatchEventType } from './types';

export interface ChannelState {
  /** Role / server last seen (kept through failures: a failure event reports the role last seen). */
  role: Role | null;
  serverId: string | null;
  /** Since the last writer: a failure or a reader was seen (the next writer is reported as `writable`). */
  disrupted: boolean;
  /** The error code the channel is failing with now (transitions are reported, not every failing tick); null when it answers. */
  failing: string | null;
  /** A probe is running on this channel. */
  busy: boolean;
}

export function newChannelState(): ChannelState {
  return { role: null, serverId: null, disrupted: false, failing: null, busy: false };
}

export interface Transition {
  type: Extract<WatchEventType, 'connected' | 'role-changed' | 'server-changed' | 'writable'>;
  /** role-changed, server-changed: what it was. */
  from?: string;
}

/**
 * A role query on the channel answered `role` on `serverId`: the events to report, in order, and the state
 * updated. `announce`: report `connected` when the channel was failing or had seen nothing yet (the fresh
 * channel; the pooled channel reports its own connects, with the connection's details).
 */
export function observe(s: ChannelState, role: Role, serverId: string, announce: boolean): Transition[] {
  const out: Transition[] = [];
  if (announce && (s.failing !== null || s.role === null)) out.push({ type: 'connected' });
  if (s.role !== null && s.role !== role) out.push({ type: 'role-changed', from: s.role });
  if (s.serverId !== null && s.serverId !== serverId) out.push({ type: 'server-changed', from: s.serverId });
  if (role === 'reader') s.disrupted = true;
  else if (s.disrupted) {
    out.push({ type: 'writable' });
    s.disrupted = false;
  }
  s.failing = null;
  s.role = role;
  s.serverId = serverId;
  return out;
}
