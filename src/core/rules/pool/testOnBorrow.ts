// pool/test-on-borrow: without validation on borrow, a connection killed by a failover is handed to APIM.
import type { Rule } from '../types';
import { effectiveBool } from '../../wso2/defaults';
import { compact, simpleFix } from '../shared/fixes';
import { originSuffix } from '../shared/labels';
import { reportAtSetting } from '../shared/spans';

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
      const origin = originSuffix(ds, eff);
      ctx.report({
        message:
          `testOnBorrow is false${origin}: connections killed by a failover go straight to APIM code as ` +
          '`Communications link failure` instead of being replaced by the pool; set testOnBorrow to true.',
        ...reportAtSetting(ds, eff),
        fixes: () => compact([simpleFix('Set testOnBorrow to true', ds.edit.setSetting('testOnBorrow', 'true'), true)]),
      });
    }
  },
};
