// The forecast in words: for rule messages, fix titles, hovers, code lenses and the CLI's text report.
import type { Forecast, ScenarioForecast, ScenarioForecasts } from './forecast';
import { SCENARIO_IDS, type ScenarioId } from './scenarios';

export const SCENARIO_LABELS: Readonly<Record<ScenarioId, string>> = {
  'aurora-failover': 'failover',
  'auto-pause-resume': 'auto-pause resume',
  'hung-writer': 'hung writer',
  blackhole: 'black-holed writer',
};

/** What a pool that never recovers is stuck with, by the failure most of its writes end in. */
const STUCK: Readonly<Record<string, string>> = {
  'read-only': 'pinned to the demoted writer',
  'connection-error': 'keeps handing out dead connections',
  'socket-timeout': 'threads hang on dead connections',
  'connect-timeout': 'threads hang connecting',
  'validation-failed': 'keeps failing validation',
  'pool-exhausted': 'pool exhausted',
  'connect-refused': 'keeps failing to connect',
};

export function duration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 100_000) return `${Math.round(ms / 1000)} s`;
  return `${(ms / 60000).toFixed(1)} min`;
}

function stuck(f: ScenarioForecast): string {
  return STUCK[f.pinnedCause ?? ''] ?? 'still failing';
}

/** "pinned to the demoted writer after 9 of 24 failover timings; otherwise recovers in 31 s at p95". */
export function describeScenario(id: ScenarioId, f: ScenarioForecast): string {
  const what = id === 'aurora-failover' ? 'failover' : SCENARIO_LABELS[id];
  if (f.pinned === f.timings) return `${stuck(f)} after every one of the ${f.timings} ${what} timings (never recovers until APIM restarts)`;
  const rec = `recovers in ${duration(f.recoveryMs.p95)} at p95${f.recoveryMs.max !== f.recoveryMs.p95 ? ` (max ${duration(f.recoveryMs.max)})` : ''}`;
  const lost = `, ~${f.failedWrites.p50.toLocaleString('en-US')} writes lost (p50)`;
  if (f.pinned > 0) return `${stuck(f)} after ${f.pinned} of ${f.timings} ${what} timings; otherwise ${rec}${lost}`;
  return `${rec}${lost}`;
}

/** Short form for code lenses and titles: "pinned 9/24 · p95 31 s", or "≤ 12 s". */
export function shortScenario(f: ScenarioForecast): string {
  if (f.pinned === f.timings) return `pinned ${f.pinned}/${f.timings}`;
  const p95 = `p95 ${duration(f.recoveryMs.p95)}`;
  return f.pinned > 0 ? `pinned ${f.pinned}/${f.timings} · ${p95}` : `≤ ${duration(f.recoveryMs.max)}`;
}

/** "failover: …; hung writer: …" over the scenarios given (default: every one in `fs`). */
export function describeScenarios(fs: ScenarioForecasts, ids: readonly ScenarioId[] = SCENARIO_IDS): string {
  return ids
    .filter((id) => fs[id])
    .map((id) => `${SCENARIO_LABELS[id]}: ${describeScenario(id, fs[id]!)}`)
    .join('; ');
}

/** A forecast in one sentence, with both branches where the validation query's behaviour is unknown. */
export function describeForecast(f: Forecast, ids: readonly ScenarioId[] = SCENARIO_IDS): string {
  if (!f.ifQueryRaises) return describeScenarios(f.scenarios, ids);
  return `if the validation query passes on a read-only instance: ${describeScenarios(f.scenarios, ids)}. If it raises there: ${describeScenarios(f.ifQueryRaises, ids)}`;
}

export const FORECAST_CAVEAT =
  'Forecast by the pool model (Tomcat jdbc-pool rules replayed at 24 fault timings; see docs/forecast.md): modelled, not measured.';
