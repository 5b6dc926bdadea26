// The verdict of a watch in words: what the disruptions cost, whether the seed retry policy bridged them, what DNS
// did, where the long-lived connection stayed, and the pool model's replay.
import type { EventSummary } from './summary';
import type { WatchEvent, WatchVerdict } from './types';

/** The verdict's sentence(s) for a summary and what the watch saw. */
export function verdictText(s: EventSummary, v: WatchVerdict, events: readonly WatchEvent[]): string {
  const parts: string[] = [];
  if (s.disruptions.length === 0) {
    // new connections never failed; a long-lived connection may still have been cut (KILL, proxy reset, idle timeout)
    parts.push(
      v.pooled.losses === 0
        ? 'No disruption: the endpoint answered as a writer throughout.'
        : `New connections reached a writer throughout, but the long-lived connection was cut ${v.pooled.losses} time(s)` +
            ` (${v.pooled.reconnects} reconnect(s)): a pool hands such connections out until it validates them.`,
    );
  } else {
    parts.push(
      `${s.disruptions.length} disruption(s): down ${s.downtimeMs} ms, answered as a reader for ${s.staleRoleMs} ms, ` +
        (s.timeToWritableMs === null ? 'NOT writable again before the end.' : `writable again after ${s.timeToWritableMs} ms.`),
    );
    parts.push(
      v.retry.bridged === true
        ? 'The seed retry policy (5 attempts, 1 s doubling) would have reached a writer.'
        : v.retry.bridged === false
          ? 'The seed retry policy (5 attempts, 1 s doubling) would NOT have reached a writer.'
          : 'Whether the seed retry policy would have reached a writer is unknown: the recording ends before its last attempt.',
    );
  }
  if (s.staleDnsMs !== null && s.disruptions.length) {
    const open = s.disruptions.some((d) => d.writableAtMs === null);
    parts.push(
      s.staleDnsMs === 0
        ? `DNS did not move during the disruption${open ? '' : ' (the writer came back where DNS already pointed)'}.`
        : open
          ? `Stale-DNS window: at least ${s.staleDnsMs} ms (no writer answered before the end).`
          : `Stale-DNS window: ${s.staleDnsMs} ms (until DNS changed to the answer that led to the writer).`,
    );
  }
  if (s.pooledPinnedMs) {
    const addrs = [...new Set(events.filter((e) => e.type === 'stale-address' && e.address).map((e) => e.address!))];
    parts.push(
      `The long-lived connection stayed on ${addrs.join(', ')} for ${s.pooledPinnedMs} ms after DNS stopped returning it:` +
        ' a pool keeps such a connection until it fails or a role-aware validation evicts it.',
    );
  }
  if (v.pooled.finalRole === 'reader')
    parts.push('The long-lived connection ended on a reader: a pool that only checks liveness stays pinned there.');
  if (v.pool) parts.push(v.pool.text);
  if (v.cancelled) parts.push('(Stopped early.)');
  return parts.join(' ');
}
