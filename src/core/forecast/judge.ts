// The model judges the advice. A rule of the validation family reports only when the forecast shows a scenario
// failing (pinned, or recovering later than its bound) and one of its candidate fixes would make that better; a fix is
// offered only when the forecast of the change it declares is worse in no scenario and better in some (the property
// test checks on the re-parsed fixed text that the edits make that change); the preferred fix is the one with the best
// forecast (never an engine-specific one where the engine is unknown).
import type { ConfigDocument, Datasource, TextEdit } from '../model/types';
import type { ResolvedOptions } from '../config/options';
import type { Fix } from '../rules/types';
import { parseDocument } from '../parse/index';
import { applyEdits, EditConflictError } from '../fixes/apply';
import type { PoolSettings } from './kernel';
import { compareScenario, forecast, scenarioFails, type Forecast, type ScenarioForecasts } from './forecast';
import { recommendedPool } from './policy';
import { SCENARIO_IDS, type ScenarioId } from './scenarios';
import { datasourceForecast, engineUnknown, forecastWith, type DatasourceForecast } from './datasource';
import { SCENARIO_LABELS, shortScenario } from './describe';

export interface CandidateFix {
  /** Title without the forecast (the judge appends it). */
  title: string;
  /** What the fix does in a few words, for messages ("the role-aware query", "maxAge 60000"). */
  short?: string;
  /** The fix's edits, built on demand. */
  edits: () => TextEdit[] | null;
  /** What the fix means for the pool, to decide whether the finding is worth reporting. */
  change: Partial<PoolSettings>;
  /** A MySQL-family-only fix (e.g. a MySQL validation query): never preferred where the engine is unknown. */
  engineSpecific?: boolean;
}

function branches(f: Forecast): ScenarioForecasts[] {
  return f.ifQueryRaises ? [f.scenarios, f.ifQueryRaises] : [f.scenarios];
}

/** Pairs of (before, after) branches to compare: the same branch where both have two, else every combination. */
function pairs(before: Forecast, after: Forecast): [ScenarioForecasts, ScenarioForecasts][] {
  const b = branches(before);
  const a = branches(after);
  if (a.length === b.length) return b.map((x, i) => [x, a[i]]);
  return b.flatMap((x) => a.map((y) => [x, y] as [ScenarioForecasts, ScenarioForecasts]));
}

/** Scenarios that fail now (in any branch). */
export function failingScenarios(f: Forecast): ScenarioId[] {
  return SCENARIO_IDS.filter((id) => branches(f).some((b) => b[id] && scenarioFails(b[id]!)));
}

export interface Verdict {
  /** No scenario worse in any branch. */
  noWorse: boolean;
  /** Some failing scenario better in some branch. */
  helps: boolean;
}

export function judge(before: Forecast, after: Forecast): Verdict {
  let noWorse = true;
  let helps = false;
  const failing = new Set(failingScenarios(before));
  for (const [b, a] of pairs(before, after)) {
    for (const id of SCENARIO_IDS) {
      if (!a[id] || !b[id]) continue;
      const c = compareScenario(a[id]!, b[id]!);
      if (c > 0) noWorse = false;
      if (c < 0 && failing.has(id)) helps = true;
    }
  }
  return { noWorse, helps };
}

/** Rank of a forecast for picking the best fix: pinned timings, then the slowest p95, summed over the worse branch. */
function badness(f: Forecast): number {
  let pinned = 0;
  let p95 = 0;
  for (const id of SCENARIO_IDS) {
    const s = f.scenarios[id];
    if (!s) continue;
    pinned += s.pinned;
    p95 += s.recoveryMs.p95 ?? 3_600_000;
  }
  return pinned * 1e9 + p95;
}

/** "failover ≤ 38 s, hung writer ≤ 73 s": the forecast after a fix over the scenarios that fail now. */
export function shortAfter(after: Forecast, ids: readonly ScenarioId[]): string {
  const f = after.scenarios;
  return ids
    .filter((id) => f[id])
    .map((id) => `${SCENARIO_LABELS[id]} ${shortScenario(f[id]!)}`)
    .join(', ');
}

/**
 * Does `change` matter among the changes the forecast asks for? Compared on top of the catalogue's other advice
 * (recommendedPool, with this change's own settings left as they are): a driver timeout can't shorten a recovery that
 * another missing timeout dominates, yet it is needed all the same. Returns the forecast with the change, or null.
 */
function mattersInCombination(df: DatasourceForecast, change: Partial<PoolSettings>): { after: Forecast; improved: ScenarioId[] } | null {
  const rec = recommendedPool(df.settings, { autoPause: df.ctx.scenarios?.includes('auto-pause-resume') }) as unknown as Record<
    string,
    unknown
  >;
  const base = { ...rec } as unknown as PoolSettings;
  for (const k of Object.keys(change) as (keyof PoolSettings)[]) (base as unknown as Record<string, unknown>)[k] = df.settings[k];
  const before = forecast(base, df.ctx);
  const after = forecast({ ...base, ...change }, df.ctx);
  const better = improved(before, after, failingScenarios(df.now));
  return better.length ? { after, improved: better } : null;
}

export interface Intent {
  fix: CandidateFix;
  /** The forecast after this fix alone, or (when `combined`) after it together with the rest of the advice. */
  after: Forecast;
  combined: boolean;
  /** Scenarios this fix makes worse (then it is not offered: the finding explains the trade-off instead). */
  worse: ScenarioId[];
}

/** Scenarios in which `after` is worse than `before` (in any branch). */
function worseIn(before: Forecast, after: Forecast): ScenarioId[] {
  const out = new Set<ScenarioId>();
  for (const [b, a] of pairs(before, after)) {
    for (const id of SCENARIO_IDS) if (a[id] && b[id] && compareScenario(a[id]!, b[id]!) > 0) out.add(id);
  }
  return [...out];
}

/**
 * The candidate the finding speaks of, by its intended change (no edits built): the first (rules list their best
 * advice first) that makes things better now without making anything worse, else the best one that is needed together
 * with the other advice, else (a trade-off the finding has to explain) one that helps but makes another scenario worse;
 * null when none helps. The fixes themselves are ranked by judgeFixes.
 */
export function bestIntent(df: DatasourceForecast, candidates: readonly CandidateFix[]): Intent | null {
  let best: (Intent & { rank: number }) | null = null;
  for (const c of candidates) {
    const alone = forecastWith(df, c.change);
    const v = judge(df.now, alone);
    let intent: Intent | null = v.helps ? { fix: c, after: alone, combined: false, worse: [] } : null;
    if (!intent) {
      const together = mattersInCombination(df, c.change);
      if (together) intent = { fix: c, after: together.after, combined: true, worse: [] };
    }
    if (!intent) continue;
    if (!v.noWorse) intent.worse = worseIn(df.now, alone);
    const rank = (intent.worse.length ? 1e16 : 0) + (intent.combined ? 1e15 : 0) + badness(intent.after);
    if (!best || rank < best.rank) best = { ...intent, rank };
    if (!intent.combined && intent.worse.length === 0) break; // a clean improvement: enough to report
  }
  if (!best) return null;
  const { rank: _rank, ...intent } = best;
  return intent;
}

const FALLBACK_NAMES: Readonly<Record<string, string>> = {
  'deployment-toml': 'deployment.toml',
  'carbon-xml': 'master-datasources.xml',
  'generic-xml': 'datasources.xml',
};

/** The datasource as it reads after `edits`, or null when the edits don't apply or break the file. */
export function datasourceAfter(doc: ConfigDocument, ds: Datasource, edits: readonly TextEdit[]): Datasource | null {
  let text: string;
  try {
    text = applyEdits(doc.text, edits);
  } catch (e) {
    if (e instanceof EditConflictError) return null;
    throw e;
  }
  const next = parseDocument(doc.fileName ?? FALLBACK_NAMES[doc.format] ?? 'datasources.xml', text, doc.parseOptions);
  if (next.parseError) return null;
  const i = doc.datasources.indexOf(ds);
  const same = next.datasources[i];
  if (same && same.id === ds.id) return same;
  return next.datasources.find((d) => d.id === ds.id) ?? null;
}

/**
 * Build, check and rank the candidates: each one's forecast (of the change it declares) is judged against the
 * datasource's forecast now. Offered: no scenario worse, and some failing scenario better (alone, or together
 * with the rest of the advice: see mattersInCombination). Preferred: the best
 * forecast (not engine-specific where the engine is unknown). Titles end with the forecast after the fix.
 */
export function judgeFixes(ds: Datasource, options: ResolvedOptions, candidates: readonly CandidateFix[]): Fix[] {
  const df = datasourceForecast(ds, options);
  const failing = failingScenarios(df.now);
  const judged: { fix: Fix; rank: number; engineSpecific: boolean }[] = [];
  // Each candidate is judged by the forecast of the change it declares (memoised: cheap). Re-parsing the fixed file per
  // fix would be most of the cost of linting (measured: 85 % of the fix-safety run), so that the edits do what the
  // change says is checked by the property test instead (test/unit/forecast/property.test.ts: every offered fix, on the
  // re-parsed file, over the corpus, its Aurora variant, the fixtures and 2,000 generated combinations).
  for (const c of candidates) {
    const edits = c.edits();
    if (!edits || edits.length === 0) continue;
    const after = forecastWith(df, c.change);
    const v = judge(df.now, after);
    if (!v.noWorse) continue;
    // the title names what gets better: alone, or (a lever that matters only with the rest) together with the other fixes
    let note: string;
    if (v.helps) note = shortAfter(after, improved(df.now, after, failing));
    else {
      const together = mattersInCombination(df, c.change);
      if (!together) continue;
      note = `with the other fixes: ${shortAfter(together.after, together.improved)}`;
    }
    judged.push({
      fix: { title: note ? `${c.title} → ${note}` : c.title, edits },
      rank: badness(after),
      engineSpecific: !!c.engineSpecific,
    });
  }
  const eligible = judged.filter((j) => !(j.engineSpecific && engineUnknown(ds)));
  if (eligible.length) eligible.reduce((a, b) => (b.rank < a.rank ? b : a)).fix.preferred = true;
  // the preferred one first, the rest in the rule's order
  return [...judged.filter((j) => j.fix.preferred), ...judged.filter((j) => !j.fix.preferred)].map((j) => j.fix);
}

/** The failing scenarios in which `after` is better than `before`. */
function improved(before: Forecast, after: Forecast, failing: readonly ScenarioId[]): ScenarioId[] {
  return failing.filter(
    (id) => before.scenarios[id] && after.scenarios[id] && compareScenario(after.scenarios[id]!, before.scenarios[id]!) < 0,
  );
}
