// The pool settings a datasource runs with (what the file says, else WSO2's / Tomcat's defaults), as the
// pool model's input. Values come through effectiveSetting & co., so the verdict replays exactly what the
// linter reasons about.
import type { Datasource } from '../model/types';
import { effectiveBool, effectiveNumber, effectiveValidationQuery } from '../knowledge/wso2/defaults';
import { driverPropsInEffect } from '../knowledge/wso2/driverProps';
import { classifyValidationQuery, raisesOnReadOnly, type ReadOnlyEngine } from '../knowledge/validationQueries';
import type { PoolSettings } from './kernel';

/**
 * Does this validation query raise on a read-only instance of `engine` (so Tomcat evicts the connection)? null where the
 * text can't prove it either way (the probe's validation-query lab settles it).
 */
export function raisesOnReaderByClassification(query: string | null, engine: ReadOnlyEngine = 'aurora'): boolean | null {
  return raisesOnReadOnly(classifyValidationQuery(query), engine);
}

/**
 * The driver property `name` in ms, as it reaches the driver: connectionProperties replaced by <databaseProps> don't
 * count; between the URL and the properties the later one (Connector/J 8 lets the properties win).
 */
function driverMs(ds: Datasource, name: string): number | null {
  let v: string | null = null;
  for (const p of driverPropsInEffect(ds, name)) v = p.value;
  if (v === null) return null;
  const n = Number(v.trim());
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/**
 * Pool settings of `ds` for the model. `validationRaisesOnReader` overrides the static classification
 * with what the validation-query lab measured. Settings that are unknown (templated) fall back to the
 * Tomcat default and are listed in `unknown`.
 */
export function poolSettingsFromDatasource(
  ds: Datasource,
  opts: { apimVersion?: string | null; validationRaisesOnReader?: boolean; label?: string; engine?: ReadOnlyEngine } = {},
): { settings: PoolSettings; unknown: string[]; queryUnknown: boolean } {
  const v = opts.apimVersion ?? null;
  const unknown: string[] = [];
  const n = (name: string, fallback: number) => {
    const { n: x } = effectiveNumber(ds, name, v);
    if (Number.isNaN(x)) {
      unknown.push(name);
      return fallback;
    }
    return x;
  };
  const b = (name: string, fallback: boolean) => {
    const { b: x } = effectiveBool(ds, name, v);
    if (x === null) {
      unknown.push(name);
      return fallback;
    }
    return x;
  };
  const eq = effectiveValidationQuery(ds);
  const query = eq.value;
  const templatedQuery = !eq.fromDefault && !!ds.validationQuery?.templated;
  const raises = opts.validationRaisesOnReader ?? (templatedQuery ? null : raisesOnReaderByClassification(query, opts.engine ?? 'aurora'));
  const settings: PoolSettings = {
    label: opts.label ?? `datasource ${ds.name ?? ds.id}`,
    testOnBorrow: b('testOnBorrow', false),
    testWhileIdle: b('testWhileIdle', false),
    validationQuery: query,
    // unknown: the model runs as if it passes (the worse branch); the forecast shows both
    validationRaisesOnReader: raises === true,
    validationIntervalMs: n('validationInterval', 3000),
    maxAgeMs: n('maxAge', 0),
    maxActive: n('maxActive', 100),
    maxIdle: n('maxIdle', 100),
    minIdle: n('minIdle', 10),
    initialSize: n('initialSize', 10),
    maxWaitMs: n('maxWait', 30000),
    timeBetweenEvictionRunsMs: n('timeBetweenEvictionRunsMillis', 5000),
    minEvictableIdleTimeMs: n('minEvictableIdleTimeMillis', 60000),
    // Connector/J and MariaDB Connector/J: 0 = no timeout
    connectTimeoutMs: driverMs(ds, 'connectTimeout') ?? 0,
    socketTimeoutMs: driverMs(ds, 'socketTimeout') ?? 0,
  };
  return { settings, unknown, queryUnknown: raises === null };
}
