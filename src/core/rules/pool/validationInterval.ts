// pool/validation-interval: a connection validated less than validationInterval ago is handed out unchecked.
// Lowering the interval alone is NOT safe with a liveness-only query (measured: SELECT 1 + 3000 ms pins the
// pool to a demoted writer every time). Decided by the failover forecast: reported where a scenario fails and an
// interval fix (with a role-aware query or a maxAge where the query alone can't tell) makes it better; every fix
// is judged by the forecast of the fixed file.
import { defineRule } from '../define';
import type { CandidateFix } from '../../forecast/judge';
import { datasourceForecast } from '../../forecast/datasource';
import { effectiveNumber } from '../../knowledge/wso2/defaults';
import { POOL_SCENARIOS, decide, findingForecast, forecastSentence, judgedFixes } from '../shared/forecastFinding';
import { originSuffix, q } from '../shared/labels';
import { intendedReadOnly } from '../shared/readOnly';
import { SAFE_VALIDATION_INTERVAL_MS, SHORT_MAX_AGE_MS } from '../../knowledge/safeValues';
import { reportAtSetting } from '../shared/spans';
import { ROLE_AWARE_VALIDATION_QUERY, hasCustomValidator, validationQueryInfo } from '../../knowledge/validationQueries';

const ROLE_AWARE_SHORT = '`SELECT IF(@@read_only OR @@innodb_read_only, …)`';

export const validationIntervalRule = defineRule({
  meta: {
    id: 'pool/validation-interval',
    title: 'validationInterval too long, or lowered without a role-aware query',
    defaultSeverity: 'warning',
    tags: ['pool', 'aurora'],
    formats: ['carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: true,
    auroraOnly: false,
    fixable: true,
    rationale:
      'Connections validated less than validationInterval ago are handed out unchecked, so after a failover requests get dead connections for up to 30 s with WSO2\'s 30000; but with a liveness-only query a short interval pins the pool to a demoted writer.',
  },
  check(ctx) {
    const ver = ctx.options.apimVersion;
    for (const ds of ctx.datasources) {
      const { n, eff } = effectiveNumber(ds, 'validationInterval', ver);
      if (!Number.isFinite(n) || hasCustomValidator(ds) || intendedReadOnly(ds)) continue;
      const info = validationQueryInfo(ds);
      const maxAge = effectiveNumber(ds, 'maxAge', ver).n;
      const hasMaxAge = Number.isFinite(maxAge) && maxAge > 0;
      const interval: [string, string] = ['validationInterval', String(SAFE_VALIDATION_INTERVAL_MS)];
      const roleAwareQuery: [string, string] = ['validationQuery', ROLE_AWARE_VALIDATION_QUERY];
      const shortMaxAge: [string, string] = ['maxAge', String(SHORT_MAX_AGE_MS)];
      // A short interval with a query that can't tell a demoted writer pins the pool (measured), but the cure is the
      // query or a maxAge: pool/validation-query and pool/max-age report it with the forecast.
      if (n <= SAFE_VALIDATION_INTERVAL_MS) continue;
      const safeInterval = { validationIntervalMs: SAFE_VALIDATION_INTERVAL_MS };
      const setInterval = [interval];
      const lead = `Set validationInterval to ${SAFE_VALIDATION_INTERVAL_MS} and `;
      const candidates: CandidateFix[] = [];
      // the query already raises on a read-only instance of this engine: the interval is all that needs changing
      const raises = datasourceForecast(ds, ctx.options);
      const provenRaising = !raises.queryUnknown && raises.settings.validationRaisesOnReader;
      if (info.kind !== 'templated' && !provenRaising) {
        candidates.push({
          title: `${lead}validationQuery to ${q(ROLE_AWARE_VALIDATION_QUERY)} (raises on a read-only instance; confirm on Aurora with aurora-guard probe)`,
          edits: () => ds.edit.setSettings([...setInterval, roleAwareQuery]),
          short: `validationInterval ${SAFE_VALIDATION_INTERVAL_MS} and the role-aware validation query`,
          change: { ...safeInterval, validationRaisesOnReader: true },
          engineSpecific: true,
        });
      }
      if (!provenRaising && (!hasMaxAge || maxAge > SHORT_MAX_AGE_MS)) {
        candidates.push({
          title: `${lead}maxAge to ${SHORT_MAX_AGE_MS} (a pool pinned to a demoted writer recovers within about a minute)`,
          edits: () => ds.edit.setSettings([...setInterval, shortMaxAge]),
          short: `validationInterval ${SAFE_VALIDATION_INTERVAL_MS} and maxAge ${SHORT_MAX_AGE_MS}`,
          change: { ...safeInterval, maxAgeMs: SHORT_MAX_AGE_MS },
        });
      }
      candidates.push({
        title: `Set validationInterval to ${SAFE_VALIDATION_INTERVAL_MS}`,
        edits: () => ds.edit.setSettings([interval]),
        short: `validationInterval ${SAFE_VALIDATION_INTERVAL_MS}`,
        change: safeInterval,
      });
      const d = decide(ctx, ds, candidates, POOL_SCENARIOS);
      if (!d) continue;
      const origin = originSuffix(ds, eff, ver, 'validationInterval');
      const at = `validationInterval is ${n} ms${origin}`;
      const message =
        `${at}: a connection validated less than ${n / 1000} s ago is handed out unchecked, so after a failover requests keep getting dead ` +
        `connections for up to ${n / 1000} s; and unless the query raises on a read-only instance (${ROLE_AWARE_SHORT}), lowering it alone pins ` +
        'the pool to a demoted writer (measured).';
      ctx.report({
        message: `${message} ${forecastSentence(d)}`,
        ...reportAtSetting(ds, eff),
        fixes: judgedFixes(ctx, ds, candidates),
        forecast: findingForecast(d),
      });
    }
  },
});
