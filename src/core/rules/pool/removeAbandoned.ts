// pool/remove-abandoned: reclaim connections that code never returned (leaks on error paths).
import { defineRule } from '../define';
import { effectiveBool, settingEntry } from '../../knowledge/wso2/defaults';
import { compact, simpleFix } from '../shared/fixes';
import { originSuffix } from '../shared/labels';
import { SAFE_REMOVE_ABANDONED_TIMEOUT_S } from '../../knowledge/safeValues';
import { reportAtSetting } from '../shared/spans';

export const removeAbandonedRule = defineRule({
  meta: {
    id: 'pool/remove-abandoned',
    title: 'Leaked connections are never reclaimed',
    defaultSeverity: 'info',
    tags: ['pool'],
    formats: ['carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: true,
    auroraOnly: false,
    fixable: true,
    rationale:
      'A connection that code never returns (a leak on an error path, such as the ones a failover exercises) stays checked out until restart unless removeAbandoned reclaims it.',
  },
  check(ctx) {
    for (const ds of ctx.datasources) {
      const { b, eff } = effectiveBool(ds, 'removeAbandoned', ctx.options.apimVersion);
      if (b !== false) continue;
      const origin = originSuffix(ds, eff);
      const hasTimeout = !!settingEntry(ds, 'removeAbandonedTimeout');
      const title = hasTimeout
        ? 'Set removeAbandoned to true'
        : `Set removeAbandoned to true and removeAbandonedTimeout to ${SAFE_REMOVE_ABANDONED_TIMEOUT_S} (seconds)`;
      const pairs: [string, string][] = [['removeAbandoned', 'true']];
      if (!hasTimeout) pairs.push(['removeAbandonedTimeout', String(SAFE_REMOVE_ABANDONED_TIMEOUT_S)]);
      ctx.report({
        message:
          `removeAbandoned is false${origin}: a connection that code never returns (a leak on an error path, e.g. while a failover fails requests) ` +
          'stays checked out and is lost to the pool until APIM restarts; set removeAbandoned to true with a removeAbandonedTimeout above ' +
          `APIM's longest transaction (${SAFE_REMOVE_ABANDONED_TIMEOUT_S} s unless you know it is shorter; Tomcat's default of 60 s can cut long admin operations).`,
        ...reportAtSetting(ds, eff),
        fixes: () => compact([simpleFix(title, ds.edit.setSettings(pairs), true)]),
      });
    }
  },
});
