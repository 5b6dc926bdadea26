// forecast(settings, context): what a failover, an auto-pause resume, a hung writer and a black-holed writer do to
// a pool with these settings, replayed by the pool model (kernel/) at 24 fault timings per scenario, because the
// outcome depends on where the fault falls in the validation / eviction / maxAge cycles (pool-ground-truth.md).
//
// Speed: one settings set is 4 × 24 short runs; the model runs a thinned workload (≤ 2 threads, ≤ 1 borrow/s, enough
// to resolve the cycles to a second) and scales failed writes to the real workload; once the world stops changing,
// what is left is extrapolated (connections on the wrong instance retire at maxAge, blocked threads when their
// timeout or the OS's fires) instead of simulated for minutes. Results are memoised per distinct settings.
import { AURORA_MYSQL_MAX_CONNECTIONS_CAP } from '../knowledge/aurora/maxConnections';
import { simulatePool, World, type PoolRunResult, type PoolSettings, type PoolWorkload } from './kernel';
import { buildScenario, SCENARIO_IDS, type Scenario, type ScenarioContext, type ScenarioId } from './scenarios';

export const TIMINGS = 24;
/** Failed writes are counted over at most this long after the fault (a pinned pool fails forever). */
export const FAILED_WRITES_HORIZON_MS = 600_000;

/** The application's load: worker threads that each use a connection every `borrowEveryMs`. */
export interface ForecastWorkload {
  threads: number;
  borrowEveryMs: number;
}

/** APIM-like default: the measured scenario's load (8 threads, one write every 50 ms each: 160 writes/s). */
export const DEFAULT_FORECAST_WORKLOAD: ForecastWorkload = { threads: 8, borrowEveryMs: 50 };

export interface ForecastContext extends ScenarioContext {
  /** Scenarios to run; default all four. */
  scenarios?: readonly ScenarioId[];
  workload?: ForecastWorkload;
}

export interface ScenarioForecast {
  /** Share of the fault timings after which the pool still fails writes for good (0..1). */
  pinnedShare: number;
  pinned: number;
  timings: number;
  /** Recovery time after the fault over the timings that recover; null where every timing pins. */
  recoveryMs: { p50: number | null; p95: number | null; max: number | null };
  /**
   * Writes lost within FAILED_WRITES_HORIZON_MS of the fault, scaled to the workload: those that failed, and those a
   * blocked thread could not even start.
   */
  failedWrites: { p50: number };
  /** Recovery later than this is beyond the scenario's bound. */
  boundMs: number;
  /** What most failed writes failed with, in the timings that pin (e.g. read-only: the demoted writer). */
  pinnedCause: string | null;
}

export type ScenarioForecasts = Partial<Record<ScenarioId, ScenarioForecast>>;

export interface Forecast {
  scenarios: ScenarioForecasts;
  /**
   * Set when the validation query can't be proven to raise (or not) on a read-only instance: `scenarios` assumes it
   * does NOT raise (the worse branch), this one that it does. The probe's validation-query lab settles which.
   */
  ifQueryRaises?: ScenarioForecasts;
}

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[i];
}

/** Phase k of 24 (k + 0.5) / 24, in a decorrelated order per cycle so the three cycles don't move in lockstep. */
function phase(k: number, stride: number, offset: number): number {
  return (((k * stride + offset) % TIMINGS) + 0.5) / TIMINGS;
}

/**
 * The pool as the thinned workload sees it. maxActive (and with it maxWait) only matters where threads outnumber it:
 * scaled by the threads' factor there, else left out (a canonical value, so the memo sees one pool). The pool starts in
 * steady state, so initialSize never matters; maxIdle is not modelled; a minIdle above the sim's threads acts as that.
 */
function simPool(s: PoolSettings, w: ForecastWorkload, sim: PoolWorkload, c: SimFields = simFields(s, w, sim)): PoolSettings {
  return { ...s, label: '', validationQuery: null, ...c, maxIdle: 0, minIdle: s.minIdle };
}

/** The fields the thinned workload changes (computed apart from simPool: the memo's key needs only these). */
interface SimFields {
  maxActive: number;
  maxWaitMs: number;
  initialSize: number;
  timeBetweenEvictionRunsMs: number;
}

function simFields(s: PoolSettings, w: ForecastWorkload, sim: PoolWorkload): SimFields {
  const contended = w.threads > s.maxActive && s.maxActive > 0;
  return {
    maxActive: contended ? Math.max(1, Math.floor((s.maxActive * sim.workers) / w.threads)) : 1_000_000,
    maxWaitMs: contended ? s.maxWaitMs : 0,
    // Tomcat's ConnectionPool.init lowers initialSize to maxActive, and Aurora refuses connections past max_connections
    // (at most 16,000): a written 300000 would otherwise have the sim open 300,000 slots
    initialSize: Math.min(s.initialSize, s.maxActive > 0 ? s.maxActive : Infinity, AURORA_MYSQL_MAX_CONNECTIONS_CAP),
    // a cleaner more often than the sim's borrows is below its resolution (and a 1 ms period would cost 100,000 events)
    timeBetweenEvictionRunsMs:
      s.timeBetweenEvictionRunsMs > 0
        ? Math.max(s.timeBetweenEvictionRunsMs, sim.borrowEveryMs / sim.workers)
        : s.timeBetweenEvictionRunsMs,
  };
}

function simWorkload(w: ForecastWorkload): { sim: PoolWorkload; scale: number } {
  const threads = Math.max(1, Math.round(w.threads));
  const every = Math.max(1, w.borrowEveryMs);
  const simWorkers = Math.min(threads, 2);
  // ≤ 1 borrow/s in all: the cycles (≥ 1 s) are resolved to a second, well inside the calibration's ±3 s
  const simEvery = Math.max(every, simWorkers * 1000);
  const realRate = threads / every;
  const simRate = simWorkers / simEvery;
  return { sim: { workers: simWorkers, borrowEveryMs: simEvery, writeMs: 1, validateMs: 1, connectMs: 2 }, scale: realRate / simRate };
}

/** Where the fault falls in the pool's cycles: how long ago its connections were validated and opened, and when the cleaner runs next. */
export interface TimingPhase {
  validatedAgoMs: number;
  connectedAgoMs: number;
  cleanerAtMs: number;
}

/** Timing k of 24: each cycle at an evenly spaced phase, the three cycles decorrelated. */
export function timingPhase(s: PoolSettings, k: number): TimingPhase {
  const evictEvery = s.timeBetweenEvictionRunsMs > 0 ? s.timeBetweenEvictionRunsMs : 30000;
  return {
    validatedAgoMs: phase(k, 1, 0) * Math.max(0, s.validationIntervalMs),
    connectedAgoMs: s.maxAgeMs > 0 ? phase(k, 5, 3) * s.maxAgeMs : 600_000,
    cleanerAtMs: phase(k, 7, 11) * evictEvery,
  };
}

export interface TimingOutcome {
  /** After the fault; Infinity: never recovers (pinned). */
  recoveryMs: number;
  failedWrites: number;
  cause: string | null;
}

function runTiming(sc: Scenario, s: PoolSettings, k: number, sim: PoolWorkload, scale: number, world: World): TimingOutcome {
  return runPhase(sc, s, timingPhase(s, k), sim, scale, world);
}

/** One fault timing of one scenario (exported for the calibration against pool-ground-truth.md). */
export function forecastTiming(
  sc: Scenario,
  s: PoolSettings,
  at: TimingPhase,
  w: ForecastWorkload = DEFAULT_FORECAST_WORKLOAD,
): TimingOutcome {
  const { sim, scale } = simWorkload(w);
  return runPhase(sc, simPool(s, w, sim), at, sim, scale);
}

function runPhase(sc: Scenario, s: PoolSettings, at0: TimingPhase, sim: PoolWorkload, scale: number, world?: World): TimingOutcome {
  const validating = s.testOnBorrow || s.testWhileIdle;
  const evicts = s.minEvictableIdleTimeMs > 0 || s.testWhileIdle || s.maxAgeMs > 0;
  const evictEvery = s.timeBetweenEvictionRunsMs > 0 ? s.timeBetweenEvictionRunsMs : 30000;
  const interval = Math.max(0, s.validationIntervalMs);
  const settle = Math.min(60000, Math.max(validating ? interval : 0, evicts ? evictEvery : 0) + 4 * sim.borrowEveryMs + 2000);
  const end = sc.staticFromMs + settle;
  const r: PoolRunResult = simulatePool({ ...sc.timeline, durationMs: end }, s, sim, {
    prewarm: { slots: sim.workers, instance: 'A', connectedAt: -at0.connectedAgoMs, lastValidated: -at0.validatedAgoMs },
    cleanerFirstAt: at0.cleanerAtMs,
    noRetryVerdict: true,
    world,
    settledFrom: sc.staticFromMs,
  });
  if (!r.stillFailingAtEnd) {
    const recovery = r.failedWrites === 0 ? 0 : Math.max(0, r.allGoodFromMs ?? r.firstGoodAfterFailureMs ?? 0);
    return { recoveryMs: recovery, failedWrites: (r.failedWrites + r.stalledWrites) * scale, cause: null };
  }
  // Still failing when the world stopped changing. Connections on the wrong instance (or dead and never validated)
  // retire at maxAge; a blocked thread's connection breaks when its timeout (or the OS's) fires, and is replaced then
  // if the pool validates, else only at maxAge; nothing else ends it.
  const validates = s.testOnBorrow || s.testWhileIdle;
  const byAge = (t: number) => (s.maxAgeMs > 0 ? t + s.maxAgeMs + sim.borrowEveryMs : Infinity);
  let at = -Infinity;
  for (const b of r.tail.blockedUntil) at = Math.max(at, validates ? b : byAge(b));
  for (const c of r.tail.badRecentConnectedAt) at = Math.max(at, byAge(c));
  // nothing bad left in the pool and nobody blocked: the last failures' connections were just retired
  if (at === -Infinity) at = end;
  const causes = Object.entries(r.failedByCause).sort((a, b) => b[1] - a[1]);
  const cause = causes.length ? causes[0][0] : null;
  const rate = r.tail.recentFailures / r.tail.windowMs;
  const horizon = Math.min(at, FAILED_WRITES_HORIZON_MS);
  let extra = rate * Math.max(0, horizon - end);
  // a blocked thread serves nothing until it is released (counted to the horizon)
  r.tail.blockedSince.forEach((since, i) => {
    extra += Math.max(0, Math.min(r.tail.blockedUntil[i], FAILED_WRITES_HORIZON_MS) - since) / sim.borrowEveryMs;
  });
  return { recoveryMs: at, failedWrites: (r.failedWrites + r.stalledWrites + extra) * scale, cause: at === Infinity ? cause : null };
}

/** `s` is already the sim's pool (simPool). */
function forecastScenario(sc: Scenario, s: PoolSettings, w: ForecastWorkload): ScenarioForecast {
  const { sim, scale } = simWorkload(w);
  const rec: number[] = [];
  const failed: number[] = [];
  const causes = new Map<string, number>();
  let pinned = 0;
  const world = new World({ ...sc.timeline, durationMs: 0 });
  for (let k = 0; k < TIMINGS; k++) {
    const o = runTiming(sc, s, k, sim, scale, world);
    failed.push(o.failedWrites);
    if (o.recoveryMs === Infinity) {
      pinned++;
      if (o.cause) causes.set(o.cause, (causes.get(o.cause) ?? 0) + 1);
    } else rec.push(o.recoveryMs);
  }
  rec.sort((a, b) => a - b);
  failed.sort((a, b) => a - b);
  const round = (x: number | null) => (x === null ? null : Math.round(x));
  const top = [...causes.entries()].sort((a, b) => b[1] - a[1])[0];
  return {
    pinnedShare: pinned / TIMINGS,
    pinned,
    timings: TIMINGS,
    recoveryMs: {
      p50: round(percentile(rec, 0.5)),
      p95: round(percentile(rec, 0.95)),
      max: round(rec.length ? rec[rec.length - 1] : null),
    },
    failedWrites: { p50: Math.round(percentile(failed, 0.5) ?? 0) },
    boundMs: sc.boundMs,
    pinnedCause: top ? top[0] : null,
  };
}

function contextKey(ctx: ForecastContext): string {
  const w = ctx.workload ?? DEFAULT_FORECAST_WORKLOAD;
  return `${ctx.dnsTtlS}|${ctx.resumeMs ?? ''}|${(ctx.scenarios ?? SCENARIO_IDS).join(',')}|${w.threads}|${w.borrowEveryMs}`;
}

/** The memo's key: what the model reads of simPool(s) (maxIdle is 0 there), without building that object per call. */
function simKey(s: PoolSettings, c: SimFields): string {
  return [
    +s.testOnBorrow,
    +s.testWhileIdle,
    +s.validationRaisesOnReader,
    s.validationIntervalMs,
    s.maxAgeMs,
    c.maxActive,
    0,
    s.minIdle,
    c.initialSize,
    c.maxWaitMs,
    c.timeBetweenEvictionRunsMs,
    s.minEvictableIdleTimeMs,
    s.connectTimeoutMs,
    s.socketTimeoutMs,
  ].join(',');
}

const MEMO_LIMIT = 4096;
const memo = new Map<string, ScenarioForecasts>();

/** The scenarios for one settings set (the query's raising taken from `settings`), memoised. */
export function forecastSettings(settings: PoolSettings, ctx: ForecastContext): ScenarioForecasts {
  const w = ctx.workload ?? DEFAULT_FORECAST_WORKLOAD;
  const { sim } = simWorkload(w);
  // keyed on what the model reads: settings that can't change the outcome share one entry
  const fields = simFields(settings, w, sim);
  const key = `${simKey(settings, fields)}#${contextKey(ctx)}`;
  const hit = memo.get(key);
  if (hit) return hit;
  const pool = simPool(settings, w, sim, fields);
  const out: ScenarioForecasts = {};
  for (const id of ctx.scenarios ?? SCENARIO_IDS) out[id] = forecastScenario(buildScenario(id, ctx), pool, w);
  if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value!);
  memo.set(key, out);
  return out;
}

/**
 * The forecast of a pool: every scenario at 24 fault timings. `queryUnknown`: the validation query's behaviour on a
 * read-only instance can't be proven from its text, so both branches are forecast.
 */
export function forecast(settings: PoolSettings, ctx: ForecastContext, queryUnknown = false): Forecast {
  if (!queryUnknown) return { scenarios: forecastSettings(settings, ctx) };
  return {
    scenarios: forecastSettings({ ...settings, validationRaisesOnReader: false }, ctx),
    ifQueryRaises: forecastSettings({ ...settings, validationRaisesOnReader: true }, ctx),
  };
}

/** The memo's size (for tests and the bench). */
export function forecastMemoSize(): number {
  return memo.size;
}

export function clearForecastMemo(): void {
  memo.clear();
}

// --- judging: is one forecast worse than another? ---------------------------------------------------------------

/** Two times closer than this are the same outcome (the model resolves a second; 5 % of a long recovery is noise). */
function sameTime(x: number, y: number): boolean {
  if (x === y) return true;
  if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
  return Math.abs(x - y) <= Math.max(1500, 0.05 * Math.max(x, y));
}

/**
 * Order two forecasts of one scenario: negative when `a` is better, positive when worse, 0 when the same within
 * tolerance. Pinning decides first (a pinned pool fails until APIM restarts). Then recovery p50, p95 and max: `a` is
 * better only if none of them is worse, and worse if any of them is (a fix that speeds up the slowest timing while the
 * typical one gets slower is not offered). Failed writes break ties.
 */
export function compareScenario(a: ScenarioForecast, b: ScenarioForecast): number {
  if (a.pinned !== b.pinned) return a.pinned - b.pinned;
  const t = (x: number | null) => (x === null ? Infinity : x);
  let worse = false;
  let better = false;
  for (const k of ['p50', 'p95', 'max'] as const) {
    const x = t(a.recoveryMs[k]);
    const y = t(b.recoveryMs[k]);
    if (sameTime(x, y)) continue;
    if (x > y) worse = true;
    else better = true;
  }
  if (worse) return 1;
  if (better) return -1;
  const fa = a.failedWrites.p50;
  const fb = b.failedWrites.p50;
  if (Math.abs(fa - fb) > Math.max(20, 0.1 * Math.max(fa, fb))) return fa - fb > 0 ? 1 : -1;
  return 0;
}

/** The scenarios in which `after` is worse than `before`. */
export function worseScenarios(before: ScenarioForecasts, after: ScenarioForecasts): ScenarioId[] {
  const out: ScenarioId[] = [];
  for (const id of SCENARIO_IDS) {
    const b = before[id];
    const a = after[id];
    if (a && b && compareScenario(a, b) > 0) out.push(id);
  }
  return out;
}

/** `after` is better than `before` in at least one scenario. */
export function betterInSome(before: ScenarioForecasts, after: ScenarioForecasts): boolean {
  return SCENARIO_IDS.some((id) => before[id] && after[id] && compareScenario(after[id]!, before[id]!) < 0);
}

/** A scenario needs attention: it pins in some timing, or recovers later than its bound at p95. */
export function scenarioFails(f: ScenarioForecast): boolean {
  return f.pinned > 0 || (f.recoveryMs.p95 !== null && f.recoveryMs.p95 > f.boundMs);
}
