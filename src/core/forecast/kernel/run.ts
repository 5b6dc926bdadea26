// The event loop: the application's workers borrow, write and return on their schedule, the cleaner runs every
// eviction period, and the pool and the driver answer; the run stops at the end of the timeline, or early once its
// outcome is settled (RunOptions.settledFrom). What is still blocked at the end becomes the run's tail.
import { Driver } from './driver';
import { EventQueue, type SimEvent } from './events';
import { Pool } from './pool';
import { summarizeRun, type WriteRecord } from './result';
import { SEED_RETRY_POLICY } from './retry';
import { DEFAULT_WORKLOAD, type FailureCause, type PoolRunResult, type PoolSettings, type PoolWorkload, type RunOptions, type RunTail } from './types';
import { World, type PoolTimeline } from './world';

/** Replay `timeline` against a pool with `settings` under `workload`. */
export function simulatePool(
  timeline: PoolTimeline, settings: PoolSettings, workload: PoolWorkload = DEFAULT_WORKLOAD, opts: RunOptions = {},
): PoolRunResult {
  const retry = opts.retry ?? SEED_RETRY_POLICY;
  const world = opts.world ?? new World(timeline);
  const s = settings;
  const W = workload;
  let end = timeline.durationMs;
  let healthyStop = false;
  let settledAt: number | null = null;
  const heap = new EventQueue();
  const driver = new Driver(world, s, W);
  const pool = new Pool(s, W, driver, heap);
  const lastStart: number[] = new Array(W.workers).fill(0);
  const writes: WriteRecord[] = [];
  let stalled = 0;

  if (pool.cleaner) heap.push({ kind: 'cleaner', t: opts.cleanerFirstAt ?? pool.evictionPeriodMs });
  pool.fill(opts.prewarm);
  for (let w = 0; w < W.workers; w++) heap.push({ kind: 'borrow', t: (w * W.borrowEveryMs) / W.workers, w });

  const validates = s.testOnBorrow || s.testWhileIdle;
  /** The outcome can't change any more (see RunOptions.settledFrom): 'healthy', 'stuck' or null. */
  const settled = (t: number): 'healthy' | 'stuck' | null => {
    if (pool.waiters.length > 0) return null;
    // an operation still in flight past the next borrow is blocked: its outcome is not known yet
    if (heap.some((e) => (e.kind === 'write' || e.kind === 'return') && e.t > t + W.borrowEveryMs)) return null;
    let bad = false;
    for (const slot of pool.live) {
      if (slot.instance === null) return null;
      const d = driver.dead(slot, t);
      if (!d && world.stateAt(slot.instance, t) === 'writer') continue;
      bad = true;
      // a dead connection is replaced at its next validation; one on a reader is kept only if its validation passed
      if (validates && (d || slot.lastValidated < opts.settledFrom! || s.validationRaisesOnReader)) return null;
    }
    return bad ? 'stuck' : 'healthy';
  };
  let ev: SimEvent | undefined;
  while ((ev = heap.pop()) && ev.t <= end) {
    const t = ev.t;
    switch (ev.kind) {
      case 'borrow': {
        lastStart[ev.w] = t;
        pool.borrow(ev.w, t);
        break;
      }
      case 'wait-timeout': {
        pool.waitTimedOut(ev.w, ev.token, t);
        break;
      }
      case 'write': {
        const r = driver.execute(ev.slot, t, W.writeMs, true);
        const cause: FailureCause | undefined = r.ok ? undefined : r.cause;
        heap.push({ kind: 'return', t: r.endT, w: ev.w, slot: ev.slot, startedAt: ev.startedAt, ok: r.ok, cause });
        break;
      }
      case 'return': {
        writes.push({ t: ev.startedAt, ok: ev.ok, cause: ev.cause });
        if (t - ev.startedAt > W.borrowEveryMs) stalled += Math.floor((t - ev.startedAt) / W.borrowEveryMs) - 1;
        if (ev.slot) pool.giveBack(ev.slot, t);
        heap.push({ kind: 'borrow', t: Math.max(t, lastStart[ev.w] + W.borrowEveryMs), w: ev.w });
        if (opts.settledFrom !== undefined && t >= opts.settledFrom && ev.ok && settledAt === null) {
          const state = settled(t);
          if (state) {
            // past this point nothing changes but maxAge retirements and blocked threads' timeouts: let the operations in
            // flight finish, then stop
            settledAt = t;
            healthyStop = state === 'healthy';
            end = Math.min(end, t + 2 * W.borrowEveryMs);
          }
        }
        break;
      }
      case 'cleaner': {
        pool.clean(t);
        heap.push({ kind: 'cleaner', t: t + pool.evictionPeriodMs });
        break;
      }
    }
  }
  // workers blocked for over a second in an operation that outlasts the run (hung, or connecting without a timeout)
  let stuck = 0;
  const blockedUntil: number[] = [];
  const blockedSince: number[] = [];
  for (; ev; ev = heap.pop()) {
    if ((ev.kind === 'return' || ev.kind === 'write') && ev.startedAt < end - 1000) {
      stuck++;
      blockedUntil.push(ev.t);
      blockedSince.push(ev.startedAt);
    }
  }
  const windowMs = Math.max(1000, 2 * W.borrowEveryMs);
  const badRecentConnectedAt: number[] = [];
  for (const slot of pool.live) {
    if (Math.max(slot.stamp, slot.usedAt) < end - windowMs || slot.instance === null) continue;
    if (driver.dead(slot, end) || world.stateAt(slot.instance, end) !== 'writer') badRecentConnectedAt.push(slot.connectedAt);
  }
  let recentFailures = 0;
  for (const w of writes) if (!w.ok && w.t >= end - windowMs) recentFailures++;
  const tail: RunTail = { badRecentConnectedAt, blockedUntil, blockedSince, recentFailures, windowMs };
  return summarizeRun(s, writes, end, W.borrowEveryMs, healthyStop ? 0 : stuck, opts.noRetryVerdict ? null : retry, tail, stalled, healthyStop);
}
