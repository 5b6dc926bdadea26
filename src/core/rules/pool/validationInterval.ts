// pool/validation-interval: a connection validated less than validationInterval ago is handed out unchecked.
// Lowering the interval alone is NOT safe with a liveness-only query (measured: SELECT 1 + 3000 ms pins the
// pool to a demoted writer every time), so the fix always comes with a role-aware query or a maxAge.
import type { Fix, Rule } from '../types';
import { effectiveNumber } from '../../wso2/defaults';
import { compact, simpleFix } from '../shared/fixes';
import { originSuffix, q } from '../shared/labels';
import { intendedReadOnly } from '../shared/readOnly';
import { SAFE_VALIDATION_INTERVAL_MS, SHORT_MAX_AGE_MS } from '../../knowledge/safeValues';
import { reportAtSetting } from '../shared/spans';
import { ROLE_AWARE_VALIDATION_QUERY, hasCustomValidator, isLivenessOnly, validationQueryInfo } from '../../knowledge/validationQueries';

const ROLE_AWARE_SHORT = '`SELECT IF(@@innodb_read_only, …)`';

export const validationIntervalRule: Rule = {
  meta: {
    id: 'pool/validation-interval',
    title: 'validationInterval too long, or lowered without a role-aware query',
    defaultSeverity: 'warning',
    tags: ['pool', 'aurora'],
    formats: ['carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: true,
    auroraOnly: false,
    rationale:
      'Connections validated less than validationInterval ago are handed out unchecked, so after a failover requests get dead connections for up to 30 s with WSO2\'s 30000; but with a liveness-only query a short interval pins the pool to a demoted writer.',
  },
  check(ctx) {
    const ver = ctx.options.apimVersion;
    for (const ds of ctx.datasources) {
      const { n, eff } = effectiveNumber(ds, 'validationInterval', ver);
      if (!Number.isFinite(n)) continue;
      const info = validationQueryInfo(ds);
      const custom = hasCustomValidator(ds);
      const roleAware = custom || info.kind === 'role-aware' || info.kind === 'writes';
      const readOnly = intendedReadOnly(ds);
      const canOfferRoleAware = !roleAware && !readOnly && info.kind !== 'templated';
      const maxAge = effectiveNumber(ds, 'maxAge', ver).n;
      const hasMaxAge = Number.isFinite(maxAge) && maxAge > 0;
      const origin = originSuffix(ds, eff, ver, 'validationInterval');
      const at = `validationInterval is ${n} ms${origin}`;
      const interval: [string, string] = ['validationInterval', String(SAFE_VALIDATION_INTERVAL_MS)];
      const roleAwareQuery: [string, string] = ['validationQuery', ROLE_AWARE_VALIDATION_QUERY];
      const shortMaxAge: [string, string] = ['maxAge', String(SHORT_MAX_AGE_MS)];

      if (n > SAFE_VALIDATION_INTERVAL_MS) {
        const fixes: (() => Fix | null)[] = [];
        let advice: string;
        if (!canOfferRoleAware && (roleAware || hasMaxAge)) {
          advice = roleAware
            ? `set it to ${SAFE_VALIDATION_INTERVAL_MS}`
            : `set it to ${SAFE_VALIDATION_INTERVAL_MS} (maxAge ${maxAge} ms bounds how long a pool pinned to a demoted writer lasts)`;
          fixes.push(() => simpleFix(`Set validationInterval to ${SAFE_VALIDATION_INTERVAL_MS}`, ds.edit.setSettings([interval]), true));
        } else {
          advice = hasMaxAge
            ? `set it to ${SAFE_VALIDATION_INTERVAL_MS} and use a validation query that raises on a read-only instance (maxAge ${maxAge} ms already bounds how long a pool pinned to a demoted writer lasts)`
            : `set it to ${SAFE_VALIDATION_INTERVAL_MS} together with a validation query that raises on a read-only instance or a maxAge ` +
              `(lowering it alone with ${info.kind === 'none' ? 'Connection.isValid()' : isLivenessOnly(info.kind) && info.value ? q(info.value) : 'a liveness-only query'} pins the pool to a demoted writer: measured)`;
          if (canOfferRoleAware) {
            fixes.push(() =>
              simpleFix(
                `Set validationInterval to ${SAFE_VALIDATION_INTERVAL_MS} and validationQuery to ${q(ROLE_AWARE_VALIDATION_QUERY)} (raises on a read-only instance; confirm on Aurora with aurora-guard probe)`,
                ds.edit.setSettings([interval, roleAwareQuery]), true,
              ),
            );
          }
          fixes.push(() =>
            hasMaxAge
              ? simpleFix(`Set validationInterval to ${SAFE_VALIDATION_INTERVAL_MS} (keeps maxAge ${maxAge} ms as the bound on a pool pinned to a demoted writer)`, ds.edit.setSettings([interval]), !canOfferRoleAware)
              : simpleFix(
                `Set validationInterval to ${SAFE_VALIDATION_INTERVAL_MS} and maxAge to ${SHORT_MAX_AGE_MS} (a pool pinned to a demoted writer recovers within about a minute)`,
                ds.edit.setSettings([interval, shortMaxAge]), !canOfferRoleAware,
              ),
          );
        }
        ctx.report({
          message:
            `${at}: a connection validated less than ${n / 1000} s ago is handed out unchecked, so after a failover requests keep getting dead connections for up to ${n / 1000} s; ${advice}.`,
          ...reportAtSetting(ds, eff),
          fixes: () => compact(fixes.map((f) => f())),
        });
        continue;
      }

      // Short interval: safe only with a role-aware query or a maxAge.
      if (!isLivenessOnly(info.kind) || custom || readOnly || hasMaxAge) continue;
      const what = info.kind === 'none' ? 'Connection.isValid() (no validationQuery)' : `the liveness-only validationQuery ${q(info.value ?? '')}`;
      ctx.report({
        message:
          `${at} with ${what} and no maxAge: ${eff.source === 'file' ? 'lowering validationInterval alone' : 'an interval this short with only a liveness check'} pins the pool to a demoted writer (measured): after a failover it ` +
          'revalidates and reconnects while DNS still points at the old writer, the check passes there and writes fail with error 1290 until APIM restarts; ' +
          `use a validation query that raises on a read-only instance (${ROLE_AWARE_SHORT}), or set maxAge.`,
        ...reportAtSetting(ds, eff),
        fixes: () => compact([
          simpleFix(
            `Set validationQuery to ${q(ROLE_AWARE_VALIDATION_QUERY)} (raises on a read-only instance; confirm on Aurora with aurora-guard probe)`,
            ds.edit.setSettings([roleAwareQuery]), true,
          ),
          simpleFix(`Set maxAge to ${SHORT_MAX_AGE_MS} (a pool pinned to a demoted writer recovers within about a minute)`, ds.edit.setSettings([shortMaxAge])),
        ]),
      });
    }
  },
};
