// pool/test-on-borrow: without validation on borrow, a connection killed by a failover is handed to APIM.
import type { Rule } from '../types';
import { effectiveBool, originNote, setPoolValue, settingSpan, simpleFix, compact } from '../helpersB';

export const testOnBorrowRule: Rule = {
  meta: {
    id: 'pool/test-on-borrow',
    title: 'testOnBorrow must be true',
    defaultSeverity: 'error',
    tags: ['pool', 'aurora'],
    formats: ['carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: true,
    auroraOnly: false,
    rationale:
      'Without testOnBorrow the pool hands out pooled connections unchecked, so connections killed by a failover, reboot or pause reach APIM code as "Communications link failure".',
  },
  check(ctx) {
    for (const ds of ctx.datasources) {
      const { b, eff } = effectiveBool(ds, 'testOnBorrow', ctx.options.apimVersion);
      if (b !== false) continue; // true, templated or unreadable
      const where = settingSpan(ds, eff);
      const origin = originNote(ds, eff);
      ctx.report({
        message:
          `testOnBorrow is false${origin ? ' ' + origin : ''}: connections killed by a failover go straight to APIM code as ` +
          '`Communications link failure` instead of being replaced by the pool; set testOnBorrow to true.',
        span: where.span,
        fromDefault: where.fromDefault,
        datasource: ds,
        fixes: compact([simpleFix('Set testOnBorrow to true', setPoolValue(ds, 'testOnBorrow', 'true'), true)]),
      });
    }
  },
};
