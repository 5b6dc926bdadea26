// What a kernel run takes (the pool's settings, the application's load, how to run) and what it returns.
import type { RetryPolicy, RetryVerdict } from './retry';
import type { World } from './world';

export interface PoolSettings {
  /** Shown in verdicts ("datasource", "recommended", …). */
  label: string;
  testOnBorrow: boolean;
  testWhileIdle: boolean;
  validationQuery: string | null;
  /** Whether the validation query raises on a read-only instance (measured by the lab, or by classification). */
  validationRaisesOnReader: boolean;
  validationIntervalMs: number;
  maxAgeMs: number;
  maxActive: number;
  maxIdle: number;
  minIdle: number;
  initialSize: number;
  maxWaitMs: number;
  timeBetweenEvictionRunsMs: number;
  minEvictableIdleTimeMs: number;
  /** Driver connectTimeout (ms, 0 = none). */
  connectTimeoutMs: number;
  /** Driver socketTimeout (ms, 0 = none). */
  socketTimeoutMs: number;
}

export interface PoolWorkload {
  workers: number;
  borrowEveryMs: number;
  writeMs: number;
  validateMs: number;
  connectMs: number;
}

/** The measured scenario's load: 8 threads, one write every 50 ms each. */
export const DEFAULT_WORKLOAD: PoolWorkload = { workers: 8, borrowEveryMs: 50, writeMs: 1, validateMs: 1, connectMs: 2 };

export type FailureCause =
  | 'connect-refused' // borrow had to connect and the endpoint refused
  | 'connect-timeout' // borrow had to connect and it timed out (blackhole / hung)
  | 'validation-failed' // validation failed, the one reconnect's validation failed too
  | 'pool-exhausted' // maxWait passed without a connection
  | 'connection-error' // the write ran on a dead connection
  | 'read-only' // the write reached a reader / demoted writer (1290)
  | 'socket-timeout'; // the write hung until socketTimeout

/** How the run starts and what it reports beyond the counts (used by the forecast). */
export interface RunOptions {
  retry?: RetryPolicy;
  /** Start with this many idle connections, already connected and validated at the given times (a pool in steady state). */
  prewarm?: { slots: number; instance: string; connectedAt: number; lastValidated: number };
  /** First run of the pool cleaner (default: one eviction period after the start). */
  cleanerFirstAt?: number;
  /** Skip the retry verdict (the forecast reads only counts and times). */
  noRetryVerdict?: boolean;
  /** `new World(timeline)` built once for many runs of the same timeline. */
  world?: World;
  /**
   * From this time on the timeline no longer changes: stop as soon as the outcome is decided (every connection in the
   * pool is live on the writer: healthy for good; or every one on the wrong instance has passed a validation since:
   * they stay until maxAge), instead of running to durationMs.
   */
  settledFrom?: number;
}

/** The pool at the end of the run, for extrapolating past it when the world no longer changes. */
export interface RunTail {
  /** Connections used in the last second that sit on a non-writer or are dead: when each was opened. */
  badRecentConnectedAt: number[];
  /** Operations still blocked at the end (hung statement or connect): when each started and will end. */
  blockedUntil: number[];
  blockedSince: number[];
  /** Failed writes in the last `windowMs` of the run, and that window. */
  recentFailures: number;
  windowMs: number;
}

export interface PoolRunResult {
  label: string;
  settings: PoolSettings;
  writes: number;
  failedWrites: number;
  /** Writes a worker could not even start because its previous operation blocked it (a hung statement or connect). */
  stalledWrites: number;
  failedByCause: Partial<Record<FailureCause, number>>;
  /** Start of the first failed write (ms), null if none. */
  firstFailureMs: number | null;
  /** First successful write after the first failure. */
  firstGoodAfterFailureMs: number | null;
  /** From here on every write succeeded (null: failing until the end). */
  allGoodFromMs: number | null;
  /** From the first failure to allGoodFrom (or to the end when still failing). */
  failingForMs: number;
  /** Writes were still failing in the last round of borrows (the last 2 × borrowEveryMs). */
  stillFailingAtEnd: boolean;
  /** Workers blocked in a hung operation when the run ended. */
  stuckWorkers: number;
  retry: RetryVerdict;
  tail: RunTail;
}
