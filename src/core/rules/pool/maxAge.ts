// pool/max-age: the only setting that retires a healthy-looking connection that sits on the wrong instance.
import type { Rule } from '../types';
import { effectiveNumber } from '../../wso2/defaults';
import { compact, simpleFix } from '../shared/fixes';
import { originSuffix } from '../shared/labels';
import { SAFE_MAX_AGE_MS, SHORT_MAX_AGE_MS } from '../../knowledge/safeValues';
import { reportAtSetting } from '../shared/spans';

export const maxAgeRule: Rule = {
  meta: {
    id: 'pool/max-age',
    title: 'Connections are never retired by age',
    defaultSeverity: 'warning',
    tags: ['pool', 'aurora'],
    formats: ['carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: true,
    auroraOnly: true,
    rationale:
      'With maxAge 0 a connection that passes validation but sits on the wrong instance (the demoted writer reached through stale DNS) stays in the pool until restart; maxAge bounds that to about maxAge (measured).',
  },
  check(ctx) {
    for (const ds of ctx.datasources) {
      const { n, eff } = effectiveNumber(ds, 'maxAge', ctx.options.apimVersion);
      if (!Number.isFinite(n) || n > 0) continue;
      const origin = originSuffix(ds, eff);
      ctx.report({
        message:
          `maxAge is ${n}${origin}, so connections are never retired by age: one that passes validation but sits on the wrong instance ` +
          '(opened to the demoted writer through stale DNS) keeps failing writes with error 1290 until APIM restarts; ' +
          `set maxAge to ${SAFE_MAX_AGE_MS} (5 min), or ${SHORT_MAX_AGE_MS} if the JVM DNS cache can't be lowered to 5 s (measured: maxAge bounds a pinned pool to about maxAge).`,
        ...reportAtSetting(ds, eff),
        fixes: () => compact([
          simpleFix(`Set maxAge to ${SAFE_MAX_AGE_MS} (retire connections after 5 minutes)`, ds.edit.setSetting('maxAge', String(SAFE_MAX_AGE_MS)), true),
          simpleFix(`Set maxAge to ${SHORT_MAX_AGE_MS} (retire connections after 1 minute: for a JVM DNS cache above 5 s or a liveness-only validation query)`, ds.edit.setSetting('maxAge', String(SHORT_MAX_AGE_MS))),
        ]),
      });
    }
  },
};
