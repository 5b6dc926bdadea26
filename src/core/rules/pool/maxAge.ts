// pool/max-age: the only setting that retires a healthy-looking connection that sits on the wrong instance.
// Decided by the failover forecast: reported where the pool fails a scenario and a maxAge would make it better
// (with a validation query that raises on a read-only instance, it usually adds nothing to a failover).
import { defineRule } from '../define';
import type { CandidateFix } from '../../forecast/judge';
import { effectiveNumber } from '../../knowledge/wso2/defaults';
import { POOL_SCENARIOS, decide, findingForecast, forecastSentence, judgedFixes } from '../shared/forecastFinding';
import { originSuffix } from '../shared/labels';
import { SAFE_MAX_AGE_MS, SHORT_MAX_AGE_MS } from '../../knowledge/safeValues';
import { reportAtSetting } from '../shared/spans';

export const maxAgeRule = defineRule({
  meta: {
    id: 'pool/max-age',
    title: 'Connections are never retired by age',
    defaultSeverity: 'warning',
    tags: ['pool', 'aurora'],
    formats: ['carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: true,
    auroraOnly: true,
    fixable: true,
    rationale:
      'With maxAge 0 a connection that passes validation but sits on the wrong instance (the demoted writer reached through stale DNS) stays in the pool until restart; maxAge bounds that to about maxAge (measured).',
  },
  check(ctx) {
    for (const ds of ctx.datasources) {
      const { n, eff } = effectiveNumber(ds, 'maxAge', ctx.options.apimVersion);
      if (!Number.isFinite(n) || n > 0) continue;
      // the shorter first: with a query that can't tell a demoted writer, a pinned pool recovers about maxAge later
      const candidates: CandidateFix[] = [
        {
          title: `Set maxAge to ${SHORT_MAX_AGE_MS} (retire connections after 1 minute)`,
          edits: () => ds.edit.setSetting('maxAge', String(SHORT_MAX_AGE_MS)),
          short: `maxAge ${SHORT_MAX_AGE_MS}`,
          change: { maxAgeMs: SHORT_MAX_AGE_MS },
        },
        { title: `Set maxAge to ${SAFE_MAX_AGE_MS} (retire connections after 5 minutes)`, edits: () => ds.edit.setSetting('maxAge', String(SAFE_MAX_AGE_MS)), short: `maxAge ${SAFE_MAX_AGE_MS}`, change: { maxAgeMs: SAFE_MAX_AGE_MS } },
      ];
      const d = decide(ctx, ds, candidates, POOL_SCENARIOS);
      if (!d) continue;
      ctx.report({
        message:
          `maxAge is ${n}${originSuffix(ds, eff)}, so connections are never retired by age: one that passes validation but sits on the wrong instance ` +
          '(opened to the demoted writer through stale DNS) keeps failing writes with error 1290 until APIM restarts (measured: maxAge bounds a pinned pool to about maxAge). ' +
          forecastSentence(d),
        ...reportAtSetting(ds, eff),
        fixes: judgedFixes(ctx, ds, candidates),
        forecast: findingForecast(d),
      });
    }
  },
});
