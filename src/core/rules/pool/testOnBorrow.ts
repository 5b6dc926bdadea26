// pool/test-on-borrow: without validation on borrow, a connection killed by a failover is handed to APIM.
// Decided by the failover forecast (every scenario: a pool that never validates keeps dead connections).
import { defineRule } from '../define';
import type { CandidateFix } from '../../forecast/judge';
import { effectiveBool } from '../../knowledge/wso2/defaults';
import { decide, findingForecast, forecastSentence, judgedFixes } from '../shared/forecastFinding';
import { originSuffix } from '../shared/labels';
import { reportAtSetting } from '../shared/spans';

export const testOnBorrowRule = defineRule({
  meta: {
    id: 'pool/test-on-borrow',
    title: 'testOnBorrow must be true',
    defaultSeverity: 'error',
    tags: ['pool', 'aurora'],
    formats: ['carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: true,
    auroraOnly: false,
    fixable: true,
    rationale:
      'Without testOnBorrow the pool hands out pooled connections unchecked, so connections killed by a failover, reboot or pause reach APIM code as "Communications link failure".',
  },
  check(ctx) {
    for (const ds of ctx.datasources) {
      const { b, eff } = effectiveBool(ds, 'testOnBorrow', ctx.options.apimVersion);
      if (b !== false) continue; // true, templated or unreadable
      const candidates: CandidateFix[] = [
        { title: 'Set testOnBorrow to true', edits: () => ds.edit.setSetting('testOnBorrow', 'true'), change: { testOnBorrow: true } },
      ];
      const d = decide(ctx, ds, candidates);
      if (!d) continue;
      ctx.report({
        message:
          `testOnBorrow is false${originSuffix(ds, eff)}: connections killed by a failover go straight to APIM code as ` +
          `\`Communications link failure\` instead of being replaced by the pool; set testOnBorrow to true. ${forecastSentence(d, 'testOnBorrow true')}`,
        ...reportAtSetting(ds, eff),
        fixes: judgedFixes(ctx, ds, candidates),
        forecast: findingForecast(d),
      });
    }
  },
});
