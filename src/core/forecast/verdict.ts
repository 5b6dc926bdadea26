// The probe's pool verdict: the datasource's settings and the recommended ones replayed over the same recorded
// (or measured) failover timeline, in words.
import { DEFAULT_WORKLOAD, simulatePool, type PoolRunResult, type PoolSettings, type PoolTimeline, type PoolWorkload } from './kernel';
import { recommendedPool } from './policy';

export interface PoolVerdict {
  datasource: PoolRunResult;
  recommended: PoolRunResult;
  /** One sentence per setting set. */
  text: string;
  /** What the model leaves out (shown with the numbers). */
  caveat: string;
}

export const POOL_MODEL_CAVEAT =
  'Modelled, not measured: a deterministic replay of Tomcat jdbc-pool 9.0 borrow/validate/evict rules over this timeline ' +
  `(${DEFAULT_WORKLOAD.workers} threads, one write every ${DEFAULT_WORKLOAD.borrowEveryMs} ms each); real drivers add their own delays.`;

export function describeRun(r: PoolRunResult): string {
  if (r.failedWrites === 0) return `${r.label}: no failed writes.`;
  const causes = Object.entries(r.failedByCause)
    .sort((a, b) => b[1] - a[1])
    .map(([c, n]) => `${n} ${c}`)
    .join(', ');
  const tail = r.stillFailingAtEnd
    ? `still failing at the end (${(r.failingForMs / 1000).toFixed(1)} s since the first failure)${r.stuckWorkers ? `, ${r.stuckWorkers} threads hung` : ''}`
    : `all good again after ${(r.failingForMs / 1000).toFixed(1)} s`;
  const retry =
    r.retry.bridged === true
      ? 'the seed retry policy would have bridged it'
      : r.retry.bridged === false
        ? 'the seed retry policy would NOT have bridged it'
        : 'whether the seed retry policy bridges it is unknown (the recording ends too soon)';
  return `${r.label}: ${r.failedWrites}/${r.writes} writes failed (${causes}); ${tail}; ${retry}.`;
}

/** The datasource's settings next to the recommended ones, on the same timeline. */
export function poolVerdict(
  timeline: PoolTimeline,
  datasource: PoolSettings,
  recommended: PoolSettings = recommendedPool(datasource),
  workload: PoolWorkload = DEFAULT_WORKLOAD,
): PoolVerdict {
  const a = simulatePool(timeline, datasource, workload);
  const b = simulatePool(timeline, recommended, workload);
  return { datasource: a, recommended: b, text: `${describeRun(a)} ${describeRun(b)}`, caveat: POOL_MODEL_CAVEAT };
}

/**
 * The measured scenario of pool-ground-truth.md as a timeline: instance A is the writer until `failoverAtMs`,
 * then demoted (read-only); B is promoted. Every connection is reset at the failover; new connections are
 * refused for `refuseMs`, then reach the demoted A for `staleMs` (stale DNS), then B.
 */
export function failoverScenario(o: { failoverAtMs: number; refuseMs?: number; staleMs?: number; durationMs?: number }): PoolTimeline {
  const T = o.failoverAtMs;
  const refuse = o.refuseMs ?? 3000;
  const stale = o.staleMs ?? 8000;
  return {
    durationMs: o.durationMs ?? T + 40000,
    route: [
      { t: 0, instance: 'A' },
      { t: T, fail: 'refused' },
      { t: T + refuse, instance: 'A' },
      { t: T + refuse + stale, instance: 'B' },
    ],
    instances: {
      A: [
        { t: 0, state: 'writer' },
        { t: T, state: 'reader' },
      ],
      B: [
        { t: 0, state: 'reader' },
        { t: T, state: 'writer' },
      ],
    },
    resets: [{ t: T }],
  };
}
