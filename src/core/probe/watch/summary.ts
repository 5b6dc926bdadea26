// The summary of a recording: per disruption its downtime, time to writable, time answered as a reader and
// stale-DNS window, and the time the long-lived connection stayed on an address DNS no longer returned. Pure:
// the same events give the same summary (exported for tools that read watch output).
import { retryVerdict, SEED_RETRY_POLICY, type RetryVerdict } from '../../forecast/kernel';
import { cnameOfKey, stillInAnswer } from './dns';
import { isFailure, type Disruption, type WatchEvent, type WatchSummary } from './types';

/** What summarizeEvents finds: the summary's figures, the disruptions, the last state and the retry verdict. */
export type EventSummary = Omit<WatchSummary, 'verdict'> & {
  disruptions: Disruption[];
  writableAtEnd: boolean | null;
  retry: RetryVerdict;
};

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
  events: readonly WatchEvent[],
  endT: number,
  policy = SEED_RETRY_POLICY,
  opts: { dnsResolved?: boolean } = {},
): EventSummary {
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
    retry: retryVerdict(
      disruptions.map((d) => d.startMs),
      writableAt,
      endT,
      policy,
    ),
  };
}

/**
 * Time the pooled connection spent on an address DNS no longer returned: from stale-address until the connection is
 * lost or replaced, or DNS returns its address again behind the CNAME it followed (`viaCname`), or the end.
 */
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
        viaCname = e.viaCname !== undefined ? e.viaCname : cnameOfKey(e.from);
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
