// The validation-family rules decide from the failover forecast: report only where a scenario fails (pinned, or a
// recovery beyond its bound) and one of the rule's fixes would make it better without making anything worse.
import type { Datasource } from '../../model/types';
import type { Fix, FindingForecast, RuleContext } from '../types';
import { datasourceForecast, type DatasourceForecast } from '../../forecast/datasource';
import { SCENARIO_LABELS, describeScenarios } from '../../forecast/describe';
import { bestIntent, failingScenarios, judgeFixes, type CandidateFix, type Intent } from '../../forecast/judge';
import type { ScenarioId } from '../../forecast/scenarios';

/** The scenarios the pool-validation rules answer for (the driver timeouts answer for the hung and black-holed writer). */
export const POOL_SCENARIOS: readonly ScenarioId[] = ['aurora-failover', 'auto-pause-resume'];
export const TIMEOUT_SCENARIOS: readonly ScenarioId[] = ['hung-writer', 'blackhole', 'auto-pause-resume'];

export interface ForecastDecision {
  df: DatasourceForecast;
  failing: ScenarioId[];
  best: Intent;
}

/** Null when the forecast gives this rule nothing to say for `ds` (nothing fails, or none of its fixes would help). */
export function decide(
  ctx: RuleContext,
  ds: Datasource,
  candidates: readonly CandidateFix[],
  only?: readonly ScenarioId[],
): ForecastDecision | null {
  if (candidates.length === 0) return null;
  const df = datasourceForecast(ds, ctx.options);
  const failing = failingScenarios(df.now).filter((id) => !only || only.includes(id));
  if (failing.length === 0) return null;
  const best = bestIntent(df, candidates);
  return best && { df, failing, best };
}

/** "Forecast: failover: pinned … . With <what>: failover: recovers in 12 s at p95." */
export function forecastSentence(d: ForecastDecision, what = d.best.fix.short ?? d.best.fix.title): string {
  const now = d.df.now;
  const current = now.ifQueryRaises
    ? `if the validation query passes on a read-only instance, ${describeScenarios(now.scenarios, d.failing)}; if it raises there, ` +
      `${describeScenarios(now.ifQueryRaises, d.failing)} (the text can't tell: settle it with the probe's validation-query lab, aurora-guard probe)`
    : describeScenarios(now.scenarios, d.failing);
  const withWhat = d.best.combined ? `${what}, together with the other fixes the forecast asks for` : what;
  const head =
    `Forecast (pool model, ${d.df.now.scenarios[d.failing[0]]?.timings ?? 24} fault timings): ${current}. With ${withWhat}: ` +
    `${describeScenarios(d.best.after.scenarios, d.failing)}`;
  if (d.best.worse.length === 0) return `${head}.`;
  return (
    `${head}, but ${describeScenarios(d.best.after.scenarios, d.best.worse)} (now ${describeScenarios(d.df.now.scenarios, d.best.worse)}), ` +
    `so no fix is offered: weigh the ${d.best.worse.map((id) => SCENARIO_LABELS[id]).join(' and ')} against the ${d.failing.map((id) => SCENARIO_LABELS[id]).join(' and ')}.`
  );
}

export function findingForecast(d: ForecastDecision): FindingForecast {
  return {
    scenarios: d.df.now.scenarios,
    ...(d.df.now.ifQueryRaises ? { ifQueryRaises: d.df.now.ifQueryRaises } : {}),
    afterFix: d.best.after.scenarios,
  };
}

/** The fixes, built and judged by the forecast on first read. */
export function judgedFixes(ctx: RuleContext, ds: Datasource, candidates: readonly CandidateFix[]): () => Fix[] {
  const { options } = ctx;
  return () => judgeFixes(ds, options, candidates);
}
