// The watch's vocabulary: what it is asked (WatchOptions), what it reports as it runs (WatchEvent, WatchSample)
// and what it returns (WatchResult: the events, the summary with its verdict, the recording, the figures).
// The JSON lines of `aurora-guard probe --watch --format json` are these events and this summary (json.ts).
import type { EndpointOptions } from '../endpoint';
import type { Role } from '../identify';
import type { LatencyStats } from '../stats';
import type { PoolSettings, PoolTimeline, PoolWorkload, RetryVerdict } from '../../forecast/kernel';
import type { PoolVerdict } from '../../forecast/verdict';
import type { DnsAnswer, Resolver } from './dns';

export type WatchChannel = 'pooled' | 'fresh';
export type WatchEventType =
  | 'connected'
  | 'connection-lost'
  | 'connect-failed'
  | 'timeout'
  | 'role-changed'
  | 'server-changed'
  | 'dns-changed'
  | 'writable'
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
  /** Previous role / server id / DNS answer (dnsKey) for *-changed events; stale-address: the answer the connection followed. */
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
  /**
   * stale-address: the CNAME target of the DNS answer the pooled connection followed when it connected (null: none).
   * Absent in recordings made before this field existed; summarizeEvents then reads it from `from`.
   */
  viaCname?: string | null;
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

/** A failure event: the channel could not reach the endpoint (or lost it). */
export const isFailure = (t: WatchEventType): boolean => t === 'connection-lost' || t === 'connect-failed' || t === 'timeout';
