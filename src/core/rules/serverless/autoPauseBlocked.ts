// serverless/auto-pause-blocked: any open connection keeps an auto-pausing Serverless v2 cluster awake.
import type { Rule } from '../types';
import { autoPauseEnabled, compact, effectiveNumber, originNote, setPoolValue, settingSpan, simpleFix } from '../helpersB';

export const autoPauseBlockedRule: Rule = {
  meta: {
    id: 'serverless/auto-pause-blocked',
    title: 'Idle pool connections keep the cluster from auto-pausing',
    defaultSeverity: 'info',
    tags: ['serverless', 'aurora', 'pool'],
    formats: ['carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: true,
    auroraOnly: true,
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
        const s = settingSpan(ds, eff);
        const origin = originNote(ds, eff);
        const effect =
          key === 'minIdle'
            ? `the pool keeps ${n} connection${n === 1 ? '' : 's'} open at all times, so the cluster never auto-pauses while APIM runs`
            : `the pool opens ${n} connection${n === 1 ? '' : 's'} when it starts, which keep the cluster awake until the pool cleaner closes them as idle`;
        ctx.report({
          message:
            `${key} is ${n}${origin ? ' ' + origin : ''}: ${effect} (any open user connection prevents the pause); set it to 0. ` +
            'APIM\'s own background database work may keep the cluster awake anyway (not verified).',
          span: s.span,
          fromDefault: s.fromDefault,
          datasource: ds,
          fixes: compact([simpleFix(`Set ${key} to 0`, setPoolValue(ds, key, '0'), true)]),
        });
      }
    }
  },
};
