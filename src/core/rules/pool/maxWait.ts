// pool/max-wait: how long a request waits for a pooled connection while a failover's reconnects are slow.
import type { Rule } from '../types';
import { SAFE_MAX_WAIT_MS, compact, driverPropCandidates, effectiveNumber, originNote, setPoolValue, settingSpan, simpleFix } from '../helpersB';
import type { Datasource } from '../../model/types';

/** The maxWait a fix writes: WSO2's 60000, or connectTimeout if that is longer (a borrower must outwait a connect). */
export function safeMaxWait(ds: Datasource): number {
  const cts = driverPropCandidates(ds, 'connectTimeout').map((c) => (Number.isFinite(c.n) ? c.n : 0));
  return Math.max(SAFE_MAX_WAIT_MS, ...cts);
}

export const maxWaitRule: Rule = {
  meta: {
    id: 'pool/max-wait',
    title: 'maxWait waits forever or gives up too early',
    defaultSeverity: 'info',
    tags: ['pool', 'aurora'],
    formats: ['carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: true,
    auroraOnly: false,
    rationale:
      'During a failover borrowers queue behind new connections: maxWait <= 0 hangs request threads forever, a very short one turns a 30 s failover into a storm of "Timeout: Pool empty" errors.',
  },
  check(ctx) {
    for (const ds of ctx.datasources) {
      const { n, eff } = effectiveNumber(ds, 'maxWait', ctx.options.apimVersion);
      if (!Number.isFinite(n) || n >= 5000) continue;
      const where = settingSpan(ds, eff);
      const origin = originNote(ds, eff);
      const target = safeMaxWait(ds);
      const fix = compact([simpleFix(`Set maxWait to ${target}`, setPoolValue(ds, 'maxWait', String(target)), true)]);
      if (n <= 0) {
        ctx.report({
          message:
            `maxWait is ${n}${origin ? ' ' + origin : ''}: when the pool is exhausted during a failover, request threads wait for a connection forever instead of failing; ` +
            `set it to ${target} (30000–60000 ms, and at least connectTimeout).`,
          span: where.span, fromDefault: where.fromDefault, datasource: ds, severity: 'error', fixes: fix,
        });
      } else {
        ctx.report({
          message:
            `maxWait is ${n} ms${origin ? ' ' + origin : ''}: while a failover's new connections are being opened, borrowers give up after ${n} ms with ` +
            `PoolExhaustedException "Timeout: Pool empty", so a ~30 s failover becomes a storm of errors; set it to ${target} (30000–60000 ms, WSO2's default is 60000).`,
          span: where.span, fromDefault: where.fromDefault, datasource: ds, severity: 'info', fixes: fix,
        });
      }
    }
  },
};
