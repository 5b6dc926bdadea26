// The forecast of every datasource in a file, now and after fix-all: what `aurora-guard forecast` prints (text and
// JSON, a contract: fields only ever added), what the editor's hover and code lens show, and the one fix that makes
// a pool failover-safe (the changes the forecast needs, applied together).
import type { ResolvedOptions } from '../config/options';
import type { ConfigDocument, Datasource, TextEdit } from '../model/types';
import type { Fix } from '../rules/types';
import { fixAll } from '../fixes/fixAll';
import { datasourcesWithGeneratedSettings, isMysqlFamily, lintText } from '../lint';
import { parseDocument } from '../parse/index';
import { LineIndex } from '../text/lineIndex';
import { dsName } from '../knowledge/datasourceName';
import { datasourceForecast, forecastableDatasources } from './datasource';
import { FORECAST_CAVEAT, SCENARIO_LABELS, describeScenario, duration, shortScenario } from './describe';
import type { Forecast, ScenarioForecast, ScenarioForecasts } from './forecast';
import { failingScenarios } from './judge';
import { SCENARIO_IDS, type ScenarioId } from './scenarios';

export interface JsonScenario {
  pinnedShare: number;
  recoveryMs: { p50: number | null; p95: number | null; max: number | null };
  failedWrites: { p50: number };
  /** Fields added beyond the issue's contract: counts, the scenario's bound and whether it fails. */
  pinned: number;
  timings: number;
  boundMs: number;
  fails: boolean;
}

export interface JsonDatasourceForecast {
  name: string;
  line: number;
  scenarios: Partial<Record<ScenarioId, JsonScenario>>;
  afterFixAll: Partial<Record<ScenarioId, JsonScenario>>;
  /** Present where the validation query can't be proven to raise (or not): the same scenarios if it raises. */
  ifQueryRaises?: Partial<Record<ScenarioId, JsonScenario>>;
  /** Settings the model could not read (templated) and took Tomcat's default for. */
  unknownSettings: string[];
  /** Template control flow (a loop over pool options) may generate settings this file doesn't show: the forecast assumes none. */
  settingsGenerated: boolean;
}

export interface JsonForecastFile {
  file: string;
  datasources: JsonDatasourceForecast[];
}

function jsonScenarios(fs: ScenarioForecasts): Partial<Record<ScenarioId, JsonScenario>> {
  const out: Partial<Record<ScenarioId, JsonScenario>> = {};
  for (const id of SCENARIO_IDS) {
    const f = fs[id];
    if (!f) continue;
    out[id] = {
      pinnedShare: Math.round(f.pinnedShare * 10000) / 10000,
      recoveryMs: f.recoveryMs,
      failedWrites: f.failedWrites,
      pinned: f.pinned,
      timings: f.timings,
      boundMs: f.boundMs,
      fails: failingScenarios({ scenarios: { [id]: f } }).length > 0,
    };
  }
  return out;
}

export interface DatasourceOutlook {
  ds: Datasource;
  now: Forecast;
  afterFixAll: Forecast;
  unknownSettings: string[];
  settingsGenerated: boolean;
}

/** Every forecastable datasource of the file, now and after `aurora-guard fix` (all preferred fixes). */
export function forecastFile(
  fileName: string,
  text: string,
  options: ResolvedOptions,
): { doc: ConfigDocument; outlooks: DatasourceOutlook[] } {
  const doc = parseDocument(fileName, text, { helmChart: options.helmChart ?? null });
  const list = forecastableDatasources(doc, isMysqlFamily);
  if (list.length === 0 || doc.parseError) return { doc, outlooks: [] };
  const fixed = fixAll(fileName, text, options);
  const after = fixed.text === text ? doc : parseDocument(fileName, fixed.text, { helmChart: options.helmChart ?? null });
  const generated = datasourcesWithGeneratedSettings(doc);
  const outlooks = list.map((ds, i) => {
    const df = datasourceForecast(ds, options);
    const twin = after.datasources.find((d) => d.id === ds.id) ?? forecastableDatasources(after, isMysqlFamily)[i] ?? ds;
    return {
      ds,
      now: df.now,
      afterFixAll: datasourceForecast(twin, options).now,
      unknownSettings: df.unknownSettings,
      settingsGenerated: generated.has(ds),
    };
  });
  return { doc, outlooks };
}

export function toJsonForecast(file: string, doc: ConfigDocument, outlooks: DatasourceOutlook[]): JsonForecastFile {
  const index = new LineIndex(doc.text);
  return {
    file,
    datasources: outlooks.map((o) => ({
      name: dsName(o.ds),
      line: index.position(o.ds.headerSpan.start).line + 1,
      scenarios: jsonScenarios(o.now.scenarios),
      afterFixAll: jsonScenarios(o.afterFixAll.scenarios),
      ...(o.now.ifQueryRaises ? { ifQueryRaises: jsonScenarios(o.now.ifQueryRaises) } : {}),
      unknownSettings: o.unknownSettings,
      settingsGenerated: o.settingsGenerated,
    })),
  };
}

/** One line per scenario: "failover  pinned 9/24 · p95 31 s  →  ≤ 12 s after fix-all". */
export function forecastLines(o: DatasourceOutlook): string[] {
  return SCENARIO_IDS.filter((id) => o.now.scenarios[id]).map((id) => {
    const now = o.now.scenarios[id]!;
    const after = o.afterFixAll.scenarios[id]!;
    return `${SCENARIO_LABELS[id].padEnd(18)} ${describeScenario(id, now)}; after fix-all: ${shortScenario(after)}`;
  });
}

/** The code lens / group-fix headline: the failover scenario now and after, e.g. "pinned 9/24 · p95 31 s → ≤ 12 s". */
export function headline(now: ScenarioForecast, after: ScenarioForecast): string {
  return `${shortScenario(now)} → ${shortScenario(after)}`;
}

/** The single edit that turns `before` into `after` (their common prefix and suffix left alone). */
function oneEdit(before: string, after: string): TextEdit {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end])
    end++;
  return { span: { start, end: before.length - end }, newText: after.slice(start, after.length - end) };
}

/**
 * "Make this pool failover-safe": the preferred fixes of the forecast-decided findings of one datasource, applied
 * together (re-linting after each, as fix-all does), as one fix. Null when the forecast asks for nothing.
 */
export function failoverSafeFix(
  fileName: string,
  text: string,
  options: ResolvedOptions,
  datasourceId: string,
): (Fix & { now: Forecast; after: Forecast }) | null {
  const doc = parseDocument(fileName, text, { helmChart: options.helmChart ?? null });
  const ds = doc.datasources.find((d) => d.id === datasourceId);
  if (!ds || doc.parseError) return null;
  const name = dsName(ds);
  const now = datasourceForecast(ds, options).now;
  if (failingScenarios(now).length === 0) return null;
  const res = fixAll(fileName, text, options, (f) => f.datasource === name && f.forecast !== undefined);
  if (res.applied.length === 0 || res.text === text) return null;
  const afterDoc = parseDocument(fileName, res.text, { helmChart: options.helmChart ?? null });
  const twin = afterDoc.datasources.find((d) => d.id === datasourceId);
  if (!twin) return null;
  const after = datasourceForecast(twin, options).now;
  const id: ScenarioId = failingScenarios(now)[0];
  const title = `Make this pool failover-safe: ${SCENARIO_LABELS[id]} ${headline(now.scenarios[id]!, after.scenarios[id]!)} (${res.applied.length} change${res.applied.length === 1 ? '' : 's'})`;
  // a sanity check: the combined change lints as fix-all says
  if (lintText(fileName, res.text, options, { fixes: 'lazy' }).doc.parseError) return null;
  return { title, edits: [oneEdit(text, res.text)], preferred: false, now, after };
}

/** One scenario of a datasource's outlook, in words (the hover's table, the Probes view's rows). */
export interface ForecastRow {
  scenario: ScenarioId;
  label: string;
  /** describeScenario of the forecast now (where the query is unknown: the branch where it does not raise). */
  now: string;
  /** Where the validation query's behaviour is unknown: the same scenario if it raises on a read-only instance. */
  nowIfQueryRaises: string | null;
  /** shortScenario after fix-all ("≤ 38 s", "pinned 9/24 · p95 31 s"). */
  after: string;
  /** Fails now (pinned or beyond its bound, in any branch) / after fix-all. */
  fails: boolean;
  failsAfter: boolean;
}

export function forecastRows(o: DatasourceOutlook): ForecastRow[] {
  return SCENARIO_IDS.filter((id) => o.now.scenarios[id] && o.afterFixAll.scenarios[id]).map((id) => {
    const now = o.now.scenarios[id]!;
    const raises = o.now.ifQueryRaises?.[id];
    return {
      scenario: id,
      label: SCENARIO_LABELS[id],
      now: describeScenario(id, now),
      nowIfQueryRaises: raises ? describeScenario(id, raises) : null,
      after: shortScenario(o.afterFixAll.scenarios[id]!),
      fails: failingScenarios({ scenarios: { [id]: now }, ...(raises ? { ifQueryRaises: { [id]: raises } } : {}) }).length > 0,
      failsAfter: failingScenarios(scenarioOnly(o.afterFixAll, id)).length > 0,
    };
  });
}

function scenarioOnly(f: Forecast, id: ScenarioId): Forecast {
  return { scenarios: { [id]: f.scenarios[id] }, ...(f.ifQueryRaises?.[id] ? { ifQueryRaises: { [id]: f.ifQueryRaises[id] } } : {}) };
}

/** A scenario in a code lens: "pinned in 9/24 timings · p95 31 s", or "≤ 12 s". */
function lensScenario(f: ScenarioForecast): string {
  if (f.pinned === 0) return shortScenario(f);
  const pinned = `pinned in ${f.pinned}/${f.timings} timings`;
  return f.pinned === f.timings ? pinned : `${pinned} · p95 ${duration(f.recoveryMs.p95)}`;
}

/**
 * The code lens over a datasource: "Failover: pinned in 9/24 timings · p95 31 s → after fixes ≤ 12 s", plus how many
 * other scenarios fail now ("· 2 more scenarios fail"); "Failover: ≤ 12 s · every scenario within its bound" when
 * nothing fails.
 */
export function codeLensTitle(o: DatasourceOutlook): string {
  const id: ScenarioId = 'aurora-failover';
  const now = o.now.scenarios[id];
  const after = o.afterFixAll.scenarios[id];
  if (!now || !after) return 'Failover forecast';
  const failing = failingScenarios(o.now);
  const head = `Failover: ${lensScenario(now)}`;
  if (failing.length === 0) return `${head} · every scenario within its bound`;
  const fixedBy = failing.includes(id) || shortScenario(now) !== shortScenario(after) ? ` → after fixes ${lensScenario(after)}` : '';
  const others = failing.filter((x) => x !== id).length;
  return `${head}${fixedBy}${others ? ` · ${others} more scenario${others === 1 ? '' : 's'} fail${others === 1 ? 's' : ''}` : ''}`;
}

/** Markdown-safe text (the forecast's words never contain code; `|` would break a table cell). */
function mdText(s: string): string {
  return s.replace(/[\\`*_{}[\]<>#|]/g, (c) => `\\${c}`);
}

/**
 * The hover over a datasource's header: a table of every scenario now and after fix-all, the other branch where the
 * validation query is unknown, settings the model could not read, and the caveat with a link to `docsHref`.
 */
export function forecastMarkdown(o: DatasourceOutlook, docsHref: string): string {
  const rows = forecastRows(o);
  const L: string[] = [];
  const failing = rows.filter((r) => r.fails).length;
  L.push(
    `**Failover forecast** for \`${dsName(o.ds).replace(/`/g, "'")}\`: ${failing ? `${failing} of ${rows.length} scenarios fail now` : 'every scenario within its bound'} (24 fault timings each)`,
    '',
  );
  L.push('| scenario | now | after fix-all |', '|---|---|---|');
  for (const r of rows) {
    const mark = (bad: boolean) => (bad ? '$(error) ' : '$(pass) ');
    L.push(`| ${mdText(r.label)} | ${mark(r.fails)}${mdText(r.now)} | ${mark(r.failsAfter)}${mdText(r.after)} |`);
  }
  L.push('');
  const other = rows.filter((r) => r.nowIfQueryRaises !== null);
  if (other.length) {
    L.push(
      `The validation query can't be proven to raise (or not) on a read-only instance: the table assumes it passes there. If it raises: ${other.map((r) => `${mdText(r.label)}: ${mdText(r.nowIfQueryRaises!)}`).join('; ')}. The probe's validation-query lab settles which.`,
      '',
    );
  }
  if (o.unknownSettings.length)
    L.push(
      `Not readable from the file (templated), so Tomcat's default was used: ${o.unknownSettings.map((s) => `\`${s.replace(/`/g, "'")}\``).join(', ')}.`,
      '',
    );
  L.push(`*${mdText(FORECAST_CAVEAT)}* [How the forecast works](${docsHref})`);
  return L.join('\n');
}
