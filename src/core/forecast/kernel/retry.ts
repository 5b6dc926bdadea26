// Retrying a failed write: the seed article's policy, and whether retries at its offsets would have bridged the
// failures of a run.

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  factor: number;
}

/** The seed article's retry strategy: 5 attempts, 1 s, doubling. */
export const SEED_RETRY_POLICY: RetryPolicy = { attempts: 5, baseDelayMs: 1000, factor: 2 };

/** Offsets of the retries after a failure: 1000, 3000, 7000, 15000, 31000 ms for the seed policy. */
export function retryOffsets(p: RetryPolicy = SEED_RETRY_POLICY): number[] {
  const out: number[] = [];
  let sum = 0;
  for (let k = 0; k < p.attempts; k++) {
    sum += p.baseDelayMs * p.factor ** k;
    out.push(sum);
  }
  return out;
}

export interface RetryVerdict {
  policy: RetryPolicy;
  /** true: every failed write would have succeeded on one of its retries; false: some would not; null: retries fall past the end of the recording. */
  bridged: boolean | null;
  /** Failed writes whose every retry also failed. */
  unbridged: number;
  /** Failed writes whose outcome is unknown (their retries fall after the recording ends). */
  unknown: number;
}

/** Would retrying each failure at the policy's offsets have succeeded? `okAt(t)` tells whether an attempt at t succeeds. */
export function retryVerdict(failures: number[], okAt: (t: number) => boolean | null, end: number, policy: RetryPolicy = SEED_RETRY_POLICY): RetryVerdict {
  const offsets = retryOffsets(policy);
  let unbridged = 0;
  let unknown = 0;
  for (const f of failures) {
    let outcome: boolean | null = false;
    for (const o of offsets) {
      if (f + o > end) {
        outcome = null;
        break;
      }
      if (okAt(f + o) === true) {
        outcome = true;
        break;
      }
    }
    if (outcome === false) unbridged++;
    else if (outcome === null) unknown++;
  }
  return { policy, bridged: unbridged > 0 ? false : unknown > 0 ? null : true, unbridged, unknown };
}
