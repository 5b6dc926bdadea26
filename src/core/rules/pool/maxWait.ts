// pool/max-wait: how long a request waits for a pooled connection while a failover's reconnects are slow.
import { defineRule } from '../define';
import type { Datasource } from '../../model/types';
import { effectiveNumber } from '../../knowledge/wso2/defaults';
import { driverPropsInEffect, intValue } from '../shared/driverProps';
import { compact, simpleFix } from '../shared/fixes';
import { originSuffix } from '../shared/labels';
import { SAFE_MAX_WAIT_MS } from '../../knowledge/safeValues';
import { reportAtSetting } from '../shared/spans';

/** The maxWait a fix writes: WSO2's 60000, or connectTimeout if that is longer (a borrower must outwait a connect). */
function safeMaxWait(ds: Datasource): number {
  const cts = driverPropsInEffect(ds, 'connectTimeout').map((p) => intValue(p.value)).map((n) => (Number.isFinite(n) ? n : 0));
  return Math.max(SAFE_MAX_WAIT_MS, ...cts);
}

export const maxWaitRule = defineRule({
  meta: {
    id: 'pool/max-wait',
    title: 'maxWait waits forever or gives up too early',
    defaultSeverity: 'info',
    tags: ['pool', 'aurora'],
    formats: ['carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: true,
    auroraOnly: false,
    fixable: true,
    rationale:
      'During a failover borrowers queue behind new connections: maxWait <= 0 hangs request threads forever, a very short one turns a 30 s failover into a storm of "Timeout: Pool empty" errors.',
  },
  check(ctx) {
    for (const ds of ctx.datasources) {
      const { n, eff } = effectiveNumber(ds, 'maxWait', ctx.options.apimVersion);
      if (!Number.isFinite(n) || n >= 5000) continue;
      const origin = originSuffix(ds, eff);
      const target = safeMaxWait(ds);
      const fix = () => compact([simpleFix(`Set maxWait to ${target}`, ds.edit.setSetting('maxWait', String(target)), true)]);
      if (n <= 0) {
        ctx.report({
          message:
            `maxWait is ${n}${origin}: when the pool is exhausted during a failover, request threads wait for a connection forever instead of failing; ` +
            `set it to ${target} (30000–60000 ms, and at least connectTimeout).`,
          ...reportAtSetting(ds, eff), severity: 'error', fixes: fix,
        });
      } else {
        ctx.report({
          message:
            `maxWait is ${n} ms${origin}: while a failover's new connections are being opened, borrowers give up after ${n} ms with ` +
            `PoolExhaustedException "Timeout: Pool empty", so a ~30 s failover becomes a storm of errors; set it to ${target} (30000–60000 ms, WSO2's default is 60000).`,
          ...reportAtSetting(ds, eff), severity: 'info', fixes: fix,
        });
      }
    }
  },
});
