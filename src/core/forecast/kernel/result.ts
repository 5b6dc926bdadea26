// A run's write log → its result: counts by cause, when failures started and stopped, and the retry verdict.
import { retryVerdict, SEED_RETRY_POLICY, type RetryPolicy } from './retry';
import type { FailureCause, PoolRunResult, PoolSettings, RunTail } from './types';

/** One write a worker attempted: when it started, and how it ended. */
export interface WriteRecord { t: number; ok: boolean; cause?: FailureCause }

export function summarizeRun(
  s: PoolSettings, writes: WriteRecord[], end: number, borrowEveryMs: number, stuck: number,
  retry: RetryPolicy | null, tail: RunTail, stalled: number, healthy = false,
): PoolRunResult {
  writes.sort((a, b) => a.t - b.t);
  const failed = writes.filter((x) => !x.ok);
  const failedByCause: Partial<Record<FailureCause, number>> = {};
  for (const f of failed) failedByCause[f.cause!] = (failedByCause[f.cause!] ?? 0) + 1;
  const firstFailure = failed.length ? failed[0].t : null;
  const lastFailure = failed.length ? failed[failed.length - 1].t : null;
  const firstGood = firstFailure === null ? null : writes.find((x) => x.ok && x.t > firstFailure)?.t ?? null;
  const allGood = lastFailure === null ? null : writes.find((x) => x.ok && x.t > lastFailure)?.t ?? null;
  // the last round of borrows (every worker's last write or so) still failed
  const stillFailing = !healthy && (stuck > 0 || failed.some((f) => f.t >= end - 2 * borrowEveryMs));
  const failingFor = firstFailure === null ? 0 : (stillFailing || allGood === null ? end : allGood) - firstFailure;
  return {
    label: s.label, settings: s, writes: writes.length, failedWrites: failed.length, stalledWrites: stalled, failedByCause,
    firstFailureMs: firstFailure === null ? null : Math.round(firstFailure),
    firstGoodAfterFailureMs: firstGood === null ? null : Math.round(firstGood),
    allGoodFromMs: stillFailing || allGood === null ? null : Math.round(allGood),
    failingForMs: Math.round(failingFor), stillFailingAtEnd: stillFailing, stuckWorkers: stuck,
    retry: retry
      ? retryVerdict(failed.map((f) => f.t), (t) => outcomeAfter(writes, t), end, retry)
      : { policy: SEED_RETRY_POLICY, bridged: null, unbridged: 0, unknown: failed.length },
    tail,
  };
}

/** Outcome of the first write that started at or after `t` (null when none). */
function outcomeAfter(writes: { t: number; ok: boolean }[], t: number): boolean | null {
  let lo = 0;
  let hi = writes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (writes[mid].t < t) lo = mid + 1;
    else hi = mid;
  }
  return lo < writes.length ? writes[lo].ok : null;
}
