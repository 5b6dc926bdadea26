// The finding jdbc/connect-timeout and jdbc/socket-timeout share: Connector/J's connectTimeout and socketTimeout
// both default to 0 (wait forever), so a missing or 0 value is reported wherever the driver would see it.
// Decided by the failover forecast: reported where the hung-writer, black-hole or auto-pause scenario fails and the
// timeout would make it better.
import type { Datasource, DriverProp } from '../../../model/types';
import type { RuleContext } from '../../types';
import type { CandidateFix } from '../../../forecast/judge';
import { lookupDriverProp, propValueTemplated } from '../../shared/driverProps';
import { setDriverPropFix } from '../../shared/fixes';
import {
  TIMEOUT_SCENARIOS,
  decide,
  findingForecast,
  forecastSentence,
  judgedFixes,
  type ForecastDecision,
} from '../../shared/forecastFinding';
import { dsLabel, whereDriverProp } from '../../shared/labels';
import { isAuroraTarget } from '../../../knowledge/target';

export interface TimeoutSpec {
  name: 'connectTimeout' | 'socketTimeout';
  /** The value the fix writes. */
  value: number;
  /** What 0 means (`no connect timeout`). */
  what: string;
  /** Why that matters during an Aurora failover: one sentence. */
  why: string;
  /** The same for a datasource that is not (evidently) on Aurora. */
  whyGeneric: string;
  /** Advice appended after "Set name=value". */
  advice: string;
}

function candidate(ds: Datasource, spec: TimeoutSpec, value: number, existing: DriverProp | null): CandidateFix[] {
  const fix = () => setDriverPropFix(ds, spec.name, String(value), existing);
  return [
    {
      title: fix()?.title ?? `Set ${spec.name}=${value}`,
      edits: () => fix()?.edits ?? null,
      change: spec.name === 'connectTimeout' ? { connectTimeoutMs: value } : { socketTimeoutMs: value },
    },
  ];
}

/** Report a missing or 0 timeout where the driver would see it (every occurrence that can be in effect). */
export function checkDriverTimeout(ctx: RuleContext, spec: TimeoutSpec): void {
  const { name, value } = spec;
  const judged = (ds: Datasource, v: number, existing: DriverProp | null): { d: ForecastDecision; c: CandidateFix[] } | null => {
    const c = candidate(ds, spec, v, existing);
    const d = decide(ctx, ds, c, TIMEOUT_SCENARIOS);
    return d && { d, c };
  };
  const tail = (j: { d: ForecastDecision }, v: number) => ` ${forecastSentence(j.d, `${name}=${v}`)}`;
  for (const ds of ctx.datasources) {
    if (!ds.url) continue;
    const lk = lookupDriverProp(ctx.doc, ds, name);
    const label = dsLabel(ds);
    const why = isAuroraTarget(ds, ctx.options) ? spec.why : spec.whyGeneric;
    if (lk.inEffect.length) {
      for (const p of lk.inEffect) {
        if (propValueTemplated(ctx.doc, p)) continue;
        const n = Number(p.value.trim());
        if (!Number.isFinite(n) || n !== 0) continue;
        const j = judged(ds, value, p);
        if (!j) continue;
        ctx.report({
          datasource: ds,
          span: p.span,
          message: `${name}=0 ${whereDriverProp(p)} of ${label} means ${spec.what}. ${why} Set ${name}=${value}${spec.advice}${tail(j, value)}`,
          fixes: judgedFixes(ctx, ds, j.c),
          forecast: findingForecast(j.d),
        });
      }
      continue;
    }
    // Missing: only judge when no template could hide it, and only for Connector/J (MariaDB's driver has other defaults).
    if (lk.unknown || ds.url.subprotocol !== 'mysql') continue;
    if (lk.shadowed.length) {
      const sh = lk.shadowed[lk.shadowed.length - 1];
      const shn = Number(sh.value.trim());
      const v = Number.isFinite(shn) && shn > 0 ? shn : value;
      const j = judged(ds, v, null);
      if (!j) continue;
      ctx.report({
        datasource: ds,
        span: sh.span,
        fromDefault: true,
        message:
          `${name}=${sh.value} in connectionProperties of ${label} never reaches the driver: Carbon replaces the connectionProperties ` +
          `with <databaseProps> when both are present, so Connector/J's default 0 (${spec.what}) is in effect. ${why} ` +
          `Set ${name}=${v} in the JDBC URL or in <databaseProps>${spec.advice}${tail(j, v)}`,
        fixes: judgedFixes(ctx, ds, j.c),
        forecast: findingForecast(j.d),
      });
      continue;
    }
    const j = judged(ds, value, null);
    if (!j) continue;
    ctx.report({
      datasource: ds,
      span: ds.headerSpan,
      fromDefault: true,
      message:
        `${label} sets no ${name} (not in the JDBC URL, connectionProperties or databaseProps), so Connector/J's default 0 ` +
        `(${spec.what}) is in effect. ${why} Set ${name}=${value}${spec.advice}${tail(j, value)}`,
      fixes: judgedFixes(ctx, ds, j.c),
      forecast: findingForecast(j.d),
    });
  }
}
