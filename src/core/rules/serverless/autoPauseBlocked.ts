// serverless/auto-pause-blocked: any open connection keeps an auto-pausing Serverless v2 cluster awake.
import { defineRule } from '../define';
import { effectiveNumber } from '../../knowledge/wso2/defaults';
import { compact, simpleFix } from '../shared/fixes';
import { originSuffix } from '../shared/labels';
import { reportAtSetting } from '../shared/spans';
import { autoPauseEnabled } from '../../knowledge/target';

export const autoPauseBlockedRule = defineRule({
  meta: {
    id: 'serverless/auto-pause-blocked',
    title: 'Idle pool connections keep the cluster from auto-pausing',
    defaultSeverity: 'info',
    tags: ['serverless', 'aurora', 'pool'],
    formats: ['carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: true,
    auroraOnly: true,
    fixable: true,
    rationale:
      'Aurora Serverless v2 pauses only when no user connection is open; a pool that keeps minIdle (or opens initialSize) connections holds it awake.',
  },
  check(ctx) {
    if (!autoPauseEnabled(ctx.options)) return;
    const ver = ctx.options.apimVersion;
    for (const ds of ctx.datasources) {
      for (const key of ['minIdle', 'initialSize'] as const) {
        const { n, eff } = effectiveNumber(ds, key, ver);
        if (!Number.isFinite(n) || n <= 0) continue;
        const origin = originSuffix(ds, eff);
        const effect =
          key === 'minIdle'
            ? `the pool keeps ${n} connection${n === 1 ? '' : 's'} open at all times, so the cluster never auto-pauses while APIM runs`
            : `the pool opens ${n} connection${n === 1 ? '' : 's'} when it starts, which keep the cluster awake until the pool cleaner closes them as idle`;
        ctx.report({
          message:
            `${key} is ${n}${origin}: ${effect} (any open user connection prevents the pause); set it to 0. ` +
            'APIM\'s own background database work may keep the cluster awake anyway (not verified).',
          ...reportAtSetting(ds, eff),
          fixes: () => compact([simpleFix(`Set ${key} to 0`, ds.edit.setSetting(key, '0'), true)]),
        });
      }
    }
  },
});
