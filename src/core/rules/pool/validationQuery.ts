// pool/validation-query: Tomcat ignores the validation query's result, so only a query that RAISES on a
// read-only instance makes the pool drop connections to a reader or a demoted writer (measured).
import type { Fix, Rule } from '../types';
import type { Datasource } from '../../model/types';
import { isConnectorJ } from '../shared/drivers';
import { compact, simpleFix } from '../shared/fixes';
import { q, whereSettingsLive } from '../shared/labels';
import { intendedReadOnly } from '../shared/readOnly';
import { entrySpan } from '../shared/spans';
import { isAuroraTarget } from '../shared/target';
import {
  PING_VALIDATION_QUERY, ROLE_AWARE_VALIDATION_QUERY, SEED_VALIDATION_QUERY, hasCustomValidator, validationQueryInfo,
  type ValidationQueryInfo,
} from '../../knowledge/validationQueries';

const RAISES = `use a query that raises on a read-only instance, e.g. ${q(ROLE_AWARE_VALIDATION_QUERY)}`;

function describe(ds: Datasource, info: ValidationQueryInfo, apimVersion: string | null): string {
  const v = info.value ?? '';
  const origin = info.fromDefault ? ' (WSO2 deployment.toml default)' : '';
  switch (info.kind) {
    case 'none': {
      const old = apimVersion && /^2\.[01](\.|$)/.test(apimVersion);
      return (
        `No validationQuery (not set in ${ds.format === 'deployment-toml' ? 'this datasource' : whereSettingsLive(ds)}): ` +
        (old
          ? 'on APIM 2.0/2.1 (Tomcat 7.0.34) validation then fails every time; '
          : 'Tomcat validates with Connection.isValid(), a liveness-only check that passes on a demoted writer or reader, so the pool keeps connections whose writes fail with error 1290; ') +
        RAISES + '.'
      );
    }
    case 'connection-id':
      return (
        `validationQuery ${q(v)} is liveness-only, like SELECT 1: Tomcat ignores its result, so it passes on a demoted writer or reader ` +
        '(measured: with it the pool stayed pinned to the demoted writer in the same scenarios as SELECT 1); ' + RAISES + '.'
      );
    case 'select-1':
      return (
        `validationQuery ${q(v)}${origin} is liveness-only: Tomcat ignores the result, so a connection to a demoted writer or reader passes ` +
        'validation and keeps failing writes with error 1290 (measured: the pool stayed pinned to the demoted writer); ' + RAISES + '.'
      );
    case 'ping':
      return (
        `validationQuery ${q(v)} is ${isConnectorJ(ds) ? 'a protocol ping (MySQL Connector/J): the cheapest liveness check' : 'plain SELECT 1 here (only MySQL Connector/J turns the marker into a ping)'}, ` +
        'but it passes on a demoted writer or reader just like SELECT 1, so the pool keeps connections whose writes fail with error 1290; ' + RAISES + '.'
      );
    case 'read-only-select':
      return (
        `validationQuery ${q(v)} returns 1 on a reader but does not raise, and Tomcat ignores results, so it never evicts a connection to a demoted writer; ` +
        RAISES + '.'
      );
    case 'other-select':
      return (
        `validationQuery ${q(v)} succeeds on a reader too and Tomcat ignores its result, so it is liveness-only and keeps connections to a demoted writer; ` +
        RAISES + '.'
      );
    default:
      return (
        `Tomcat ignores the result of validationQuery ${q(v)}, so it detects a demoted writer or reader only if it raises an error on a read-only instance; ` +
        `aurora-guard can't tell whether it does: check it with \`aurora-guard probe\`, or ${RAISES}.`
      );
  }
}

export const validationQueryRule: Rule = {
  meta: {
    id: 'pool/validation-query',
    title: 'Validation query only checks liveness',
    defaultSeverity: 'warning',
    tags: ['pool', 'aurora'],
    formats: ['carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: true,
    auroraOnly: false,
    rationale:
      'Tomcat treats a validation query as passed when it does not throw, so SELECT 1 or SELECT connection_id() keep connections to a demoted writer; a query that raises on a read-only instance makes the pool replace them.',
  },
  check(ctx) {
    for (const ds of ctx.datasources) {
      if (hasCustomValidator(ds) || intendedReadOnly(ds)) continue;
      const info = validationQueryInfo(ds);
      if (info.kind === 'role-aware' || info.kind === 'writes' || info.kind === 'templated') continue;
      if (info.value !== null && info.value.trim() === '') continue; // wso2/empty-validation-query
      const aurora = isAuroraTarget(ds, ctx.options);
      const fixes: (() => Fix | null)[] = [
        () => simpleFix(
          `Set validationQuery to ${q(ROLE_AWARE_VALIDATION_QUERY)}: raises on a read-only instance, so the pool drops connections to a demoted writer or reader (checked on MariaDB 10.11; confirm on Aurora with aurora-guard probe)`,
          ds.edit.setSetting('validationQuery', ROLE_AWARE_VALIDATION_QUERY),
          true,
        ),
      ];
      if (info.kind !== 'ping' && isConnectorJ(ds)) {
        fixes.push(() =>
          simpleFix(
            `Set validationQuery to ${q(PING_VALIDATION_QUERY)} (MySQL Connector/J only): cheapest liveness check; does not detect a demoted writer or reader`,
            ds.edit.setSetting('validationQuery', PING_VALIDATION_QUERY),
          ),
        );
      }
      if (info.kind !== 'connection-id') {
        fixes.push(() =>
          simpleFix(
            `Set validationQuery to ${q(SEED_VALIDATION_QUERY)} (the seed article's query): detects only dead connections, like SELECT 1; does not detect a demoted writer or reader`,
            ds.edit.setSetting('validationQuery', SEED_VALIDATION_QUERY),
          ),
        );
      }
      ctx.report({
        message: describe(ds, info, ctx.options.apimVersion),
        span: info.entry ? entrySpan(info.entry) : ds.headerSpan,
        fromDefault: !info.entry,
        datasource: ds,
        severity: info.kind === 'unknown' ? 'info' : aurora ? 'warning' : 'info',
        fixes: () => compact(fixes.map((f) => f())),
      });
    }
  },
};
