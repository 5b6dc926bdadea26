// pool/validation-query-timeout: without a timeout, a validation on a half-open socket blocks the borrower.
import { defineRule } from '../define';
import { effectiveNumber } from '../../knowledge/wso2/defaults';
import { compact, simpleFix } from '../shared/fixes';
import { originNote } from '../shared/labels';
import { SAFE_VALIDATION_QUERY_TIMEOUT_S } from '../../knowledge/safeValues';
import { reportAtSetting } from '../shared/spans';

export const validationQueryTimeoutRule = defineRule({
  meta: {
    id: 'pool/validation-query-timeout',
    title: 'No validationQueryTimeout',
    defaultSeverity: 'info',
    tags: ['pool', 'aurora'],
    formats: ['carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: true,
    auroraOnly: false,
    fixable: true,
    rationale:
      'Without validationQueryTimeout a validation that hits a half-open socket during a failover blocks the borrowing request thread; a few seconds bound it (socketTimeout is the hard bound).',
  },
  check(ctx) {
    for (const ds of ctx.datasources) {
      const { n, eff } = effectiveNumber(ds, 'validationQueryTimeout', ctx.options.apimVersion);
      if (!Number.isFinite(n) || n > 0) continue;
      const origin = originNote(ds, eff);
      const shown = eff.source === 'file' ? `validationQueryTimeout is ${n} (no timeout)` : `validationQueryTimeout is ${n} ${origin}, i.e. no timeout`;
      ctx.report({
        message:
          `${shown}: a validation that runs on a half-open socket during a failover blocks the borrowing request thread with no limit; ` +
          `set it to ${SAFE_VALIDATION_QUERY_TIMEOUT_S} (seconds), and keep a socketTimeout in the JDBC URL as the hard bound ` +
          '(Connector/J enforces this timeout by sending KILL QUERY over a new connection, which cannot help when the host is gone).',
        ...reportAtSetting(ds, eff),
        fixes: () => compact([
          simpleFix(`Set validationQueryTimeout to ${SAFE_VALIDATION_QUERY_TIMEOUT_S} (seconds)`, ds.edit.setSetting('validationQueryTimeout', String(SAFE_VALIDATION_QUERY_TIMEOUT_S)), true),
        ]),
      });
    }
  },
});
