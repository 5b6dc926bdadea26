// A datasource's forecast: its settings in effect, the project's facts (target, auto-pause, JVM DNS TTL, workload)
// and the scenarios that apply, run through forecast(). Rules, fixes, the CLI's `forecast` and the editor use this.
import type { ConfigDocument, Datasource } from '../model/types';
import type { ResolvedOptions } from '../config/options';
import { autoPauseEnabled, isAuroraTarget } from '../knowledge/target';
import type { ReadOnlyEngine } from '../knowledge/validationQueries';
import type { PoolSettings } from './kernel';
import { poolSettingsFromDatasource } from './settings';
import { DEFAULT_FORECAST_WORKLOAD, forecast, type Forecast, type ForecastContext } from './forecast';
import type { ScenarioId } from './scenarios';

/** The demoted writer of this datasource looks like an Aurora reader (innodb_read_only) or a demoted MySQL primary (read_only). */
export function engineOf(ds: Datasource, options: ResolvedOptions): ReadOnlyEngine {
  return isAuroraTarget(ds, options) ? 'aurora' : 'mysql';
}

/** The engine is only known once a template renders (templated type, URL or driver): engine-specific fixes are never preferred. */
export function engineUnknown(ds: Datasource): boolean {
  return ds.family !== 'mysql';
}

/** Scenarios that apply: auto-pause-resume only where the cluster can auto-pause. */
export function scenariosFor(options: ResolvedOptions): ScenarioId[] {
  const out: ScenarioId[] = ['aurora-failover'];
  if (autoPauseEnabled(options)) out.push('auto-pause-resume');
  out.push('hung-writer', 'blackhole');
  return out;
}

export function forecastContext(options: ResolvedOptions, scenarios: readonly ScenarioId[] = scenariosFor(options)): ForecastContext {
  const f = options.forecast ?? {};
  return {
    dnsTtlS: f.dnsTtl ?? null,
    resumeMs: f.resumeMs,
    scenarios,
    workload: {
      threads: f.threads ?? DEFAULT_FORECAST_WORKLOAD.threads,
      borrowEveryMs: f.borrowEveryMs ?? DEFAULT_FORECAST_WORKLOAD.borrowEveryMs,
    },
  };
}

export interface DatasourceForecast {
  ds: Datasource;
  settings: PoolSettings;
  /** Settings that are templated or unreadable: the model used Tomcat's default for them. */
  unknownSettings: string[];
  /** The validation query's behaviour on a read-only instance can't be proven from its text. */
  queryUnknown: boolean;
  engine: ReadOnlyEngine;
  ctx: ForecastContext;
  now: Forecast;
}

const cache = new WeakMap<Datasource, { options: ResolvedOptions; df: DatasourceForecast }>();

/** The forecast of `ds` as it is (cached per datasource object and options object: one lint asks several times). */
export function datasourceForecast(ds: Datasource, options: ResolvedOptions): DatasourceForecast {
  const hit = cache.get(ds);
  if (hit && hit.options === options) return hit.df;
  const engine = engineOf(ds, options);
  const { settings, unknown, queryUnknown } = poolSettingsFromDatasource(ds, {
    apimVersion: options.apimVersion,
    engine,
    label: 'datasource',
  });
  const ctx = forecastContext(options);
  const df: DatasourceForecast = {
    ds,
    settings,
    unknownSettings: unknown,
    queryUnknown,
    engine,
    ctx,
    now: forecast(settings, ctx, queryUnknown),
  };
  cache.set(ds, { options, df });
  return df;
}

/** The forecast with some settings changed (a fix's intent, before its edits are checked by re-parsing). */
export function forecastWith(
  df: DatasourceForecast,
  change: Partial<PoolSettings>,
  queryUnknown = df.queryUnknown && change.validationRaisesOnReader === undefined,
): Forecast {
  return forecast({ ...df.settings, ...change }, df.ctx, queryUnknown);
}

/** The datasources of `doc` that have a pool to forecast (RDBMS, MySQL family or engine unknown). */
export function forecastableDatasources(doc: ConfigDocument, isMysqlFamily: (ds: Datasource) => boolean): Datasource[] {
  return doc.datasources.filter((ds) => ds.definitionType.toUpperCase() === 'RDBMS' && isMysqlFamily(ds));
}
