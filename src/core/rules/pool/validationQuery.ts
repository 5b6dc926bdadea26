// pool/validation-query: Tomcat ignores the validation query's result, so only a query that RAISES on a
// read-only instance makes the pool drop connections to a reader or a demoted writer (measured). Decided by the
// failover forecast: reported where the pool fails a scenario and the role-aware query would make it better.
import { defineRule } from '../define';
import type { Datasource } from '../../model/types';
import type { CandidateFix } from '../../forecast/judge';
import { isConnectorJ } from '../shared/drivers';
import { POOL_SCENARIOS, decide, findingForecast, forecastSentence, judgedFixes } from '../shared/forecastFinding';
import { q, whereSettingsLive } from '../shared/labels';
import { intendedReadOnly } from '../shared/readOnly';
import { entrySpan } from '../shared/spans';
import { isAuroraTarget } from '../../knowledge/target';
import {
  ROLE_AWARE_VALIDATION_QUERY,
  hasCustomValidator,
  validationQueryInfo,
  type ValidationQueryInfo,
} from '../../knowledge/validationQueries';

const RAISES = `use a query that raises on a read-only instance, e.g. ${q(ROLE_AWARE_VALIDATION_QUERY)}`;

function describe(ds: Datasource, info: ValidationQueryInfo, apimVersion: string | null, engine: 'aurora' | 'mysql'): string {
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
        RAISES +
        '.'
      );
    }
    case 'connection-id':
      return (
        `validationQuery ${q(v)} is liveness-only, like SELECT 1: Tomcat ignores its result, so it passes on a demoted writer or reader ` +
        '(measured: with it the pool stayed pinned to the demoted writer in the same scenarios as SELECT 1); ' +
        RAISES +
        '.'
      );
    case 'select-1':
      return (
        `validationQuery ${q(v)}${origin} is liveness-only: Tomcat ignores the result, so a connection to a demoted writer or reader passes ` +
        'validation and keeps failing writes with error 1290 (measured: the pool stayed pinned to the demoted writer); ' +
        RAISES +
        '.'
      );
    case 'ping':
      return (
        `validationQuery ${q(v)} is ${isConnectorJ(ds) ? 'a protocol ping (MySQL Connector/J): the cheapest liveness check' : 'plain SELECT 1 here (only MySQL Connector/J turns the marker into a ping)'}, ` +
        'but it passes on a demoted writer or reader just like SELECT 1, so the pool keeps connections whose writes fail with error 1290; ' +
        RAISES +
        '.'
      );
    case 'read-only-select':
      return (
        `validationQuery ${q(v)} returns 1 on a reader but does not raise, and Tomcat ignores results, so it never evicts a connection to a demoted writer; ` +
        RAISES +
        '.'
      );
    case 'other-select':
      return (
        `validationQuery ${q(v)} succeeds on a reader too and Tomcat ignores its result, so it is liveness-only and keeps connections to a demoted writer; ` +
        RAISES +
        '.'
      );
    case 'role-aware-innodb':
    case 'role-aware-read-only': {
      const checks = info.kind === 'role-aware-innodb' ? '@@innodb_read_only' : '@@read_only';
      const misses =
        engine === 'aurora'
          ? 'an Aurora reader (and a writer demoted by a failover) reports @@innodb_read_only = 1 with @@read_only = 0'
          : 'a MySQL/MariaDB primary demoted with SET GLOBAL read_only=1 keeps @@innodb_read_only = 0';
      return `validationQuery ${q(v)} raises only when ${checks} is 1, but ${misses}, so it passes on the demoted writer here; check both variables: ${q(ROLE_AWARE_VALIDATION_QUERY)}.`;
    }
    case 'templated':
      return (
        `validationQuery is rendered by a template, so whether it raises on a read-only instance (the only way Tomcat drops a connection to a demoted writer) ` +
        `can't be known from this file: check the rendered query with the probe's validation-query lab (\`aurora-guard probe\`), or ${RAISES}.`
      );
    default:
      return (
        `Tomcat ignores the result of validationQuery ${q(v)}, so it detects a demoted writer or reader only if it raises an error on a read-only instance; ` +
        `aurora-guard can't prove from its text that it does: check it with the probe's validation-query lab (\`aurora-guard probe\`), or ${RAISES}.`
      );
  }
}

export const validationQueryRule = defineRule({
  meta: {
    id: 'pool/validation-query',
    title: 'Validation query only checks liveness',
    defaultSeverity: 'warning',
    tags: ['pool', 'aurora'],
    formats: ['carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: true,
    auroraOnly: false,
    fixable: true,
    rationale:
      'Tomcat treats a validation query as passed when it does not throw, so SELECT 1 or SELECT connection_id() keep connections to a demoted writer; a query that raises on a read-only instance makes the pool replace them.',
  },
  check(ctx) {
    for (const ds of ctx.datasources) {
      if (hasCustomValidator(ds) || intendedReadOnly(ds)) continue;
      const info = validationQueryInfo(ds);
      if (info.value !== null && info.value.trim() === '') continue; // wso2/empty-validation-query
      const candidates: CandidateFix[] = [
        {
          title: `Set validationQuery to ${q(ROLE_AWARE_VALIDATION_QUERY)} (raises on a read-only instance; checked on MariaDB, confirm on Aurora with aurora-guard probe)`,
          edits: () => (info.kind === 'templated' ? null : ds.edit.setSetting('validationQuery', ROLE_AWARE_VALIDATION_QUERY)),
          short: 'the role-aware query',
          change: { validationRaisesOnReader: true },
          engineSpecific: true,
        },
      ];
      const d = decide(ctx, ds, candidates, POOL_SCENARIOS);
      if (!d || (!d.df.queryUnknown && d.df.settings.validationRaisesOnReader)) continue;
      const unknown = d.df.queryUnknown;
      ctx.report({
        message: `${describe(ds, info, ctx.options.apimVersion, d.df.engine)} ${forecastSentence(d)}`,
        span: info.entry ? entrySpan(info.entry) : ds.headerSpan,
        fromDefault: !info.entry,
        datasource: ds,
        severity: unknown ? 'info' : isAuroraTarget(ds, ctx.options) ? 'warning' : 'info',
        fixes: judgedFixes(ctx, ds, candidates),
        forecast: findingForecast(d),
      });
    }
  },
});
