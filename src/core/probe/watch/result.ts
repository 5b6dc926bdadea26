// What a finished watch returns: the events, the summary and its verdict (with the pool model replayed over the
// recording when pool settings were given), the recording itself and the latency figures.
import { latencyStats } from '../stats';
import { DEFAULT_WORKLOAD, SEED_RETRY_POLICY } from '../../forecast/kernel';
import { recommendedPool } from '../../forecast/policy';
import { poolVerdict, type PoolVerdict } from '../../forecast/verdict';
import type { ChannelState } from './channel';
import type { DnsTracker } from './dns';
import type { PooledLink } from './pooled';
import type { TimelineRecorder } from './recorder';
import { summarizeEvents } from './summary';
import type { WatchEvent, WatchOptions, WatchResult, WatchVerdict } from './types';
import { verdictText } from './verdict';

/** What the engine hands over at the end of a watch. */
export interface WatchRecord {
  events: WatchEvent[];
  cancelled: boolean;
  dns: DnsTracker;
  recorder: TimelineRecorder;
  pool: WatchOptions['pool'];
  pooled: { link: PooledLink; seen: ChannelState };
  ticks: number;
  freshSkipped: number;
  lat: { pooled: number[]; fresh: number[]; lag: number[] };
}

export function watchResult(w: WatchRecord, endT: number): WatchResult {
  const s = summarizeEvents(w.events, endT, SEED_RETRY_POLICY, { dnsResolved: w.dns.active });
  const timeline = w.recorder.build(Math.round(endT));
  let pool: PoolVerdict | null = null;
  if (w.pool) {
    const ds = w.pool.datasource;
    pool = poolVerdict(timeline, ds, w.pool.recommended ?? recommendedPool(ds), w.pool.workload ?? DEFAULT_WORKLOAD);
  }
  const { link, seen } = w.pooled;
  const verdict: WatchVerdict = {
    cancelled: w.cancelled,
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
    dns: { ...w.dns.counts, last: w.dns.last },
    pool,
    text: '',
  };
  verdict.text = verdictText(s, verdict, w.events);
  return {
    events: [...w.events],
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
      ticks: w.ticks,
      freshSkipped: w.freshSkipped,
      pooled: latencyStats(w.lat.pooled),
      fresh: latencyStats(w.lat.fresh),
      dns: latencyStats(w.dns.latencies),
      tickLag: latencyStats(w.lat.lag),
    },
  };
}
