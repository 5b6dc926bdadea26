// pool/idle-eviction: testWhileIdle and the pool cleaner find dead idle connections early; they do not
// catch a connection to a demoted writer (a liveness query passes there). Auto-pause aware.
import { defineRule } from '../define';
import { effectiveBool, effectiveNumber } from '../../knowledge/wso2/defaults';
import { compact, simpleFix } from '../shared/fixes';
import { originSuffix } from '../shared/labels';
import { SAFE_EVICTION_RUN_MS } from '../../knowledge/safeValues';
import { reportAtSetting } from '../shared/spans';
import { autoPauseEnabled } from '../../knowledge/target';

const NOT_DEMOTED = 'it finds dead idle connections early but does not catch connections to a demoted writer, where a liveness query passes';

export const idleEvictionRule = defineRule({
  meta: {
    id: 'pool/idle-eviction',
    title: 'Idle connections are not checked (testWhileIdle / eviction runs)',
    defaultSeverity: 'info',
    tags: ['pool', 'aurora', 'serverless'],
    formats: ['carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: true,
    auroraOnly: false,
    fixable: true,
    rationale:
      'testWhileIdle lets the pool cleaner find idle connections killed by a failover before a request borrows them; it is a liveness check only, and open idle connections keep an auto-pausing cluster awake.',
  },
  check(ctx) {
    const ver = ctx.options.apimVersion;
    const autoPause = autoPauseEnabled(ctx.options);
    for (const ds of ctx.datasources) {
      const runs = effectiveNumber(ds, 'timeBetweenEvictionRunsMillis', ver);
      const twi = effectiveBool(ds, 'testWhileIdle', ver);
      if (Number.isFinite(runs.n) && runs.n <= 0) {
        ctx.report({
          message:
            `timeBetweenEvictionRunsMillis is ${runs.n}: the pool cleaner never runs, so idle connections are never validated or closed by age ` +
            `(up to maxIdle stay open${autoPause ? ', which keeps the auto-pausing cluster awake' : ''}, and testWhileIdle does nothing); set it to ${SAFE_EVICTION_RUN_MS}.`,
          ...reportAtSetting(ds, runs.eff),
          fixes: () => compact([simpleFix(`Set timeBetweenEvictionRunsMillis to ${SAFE_EVICTION_RUN_MS}`, ds.edit.setSetting('timeBetweenEvictionRunsMillis', String(SAFE_EVICTION_RUN_MS)), true)]),
        });
        continue;
      }
      if (twi.b === false && !autoPause) {
        const origin = originSuffix(ds, twi.eff);
        const minIdle = effectiveNumber(ds, 'minIdle', ver);
        const idleNote =
          Number.isFinite(minIdle.n) && minIdle.n > 0
            ? ` minIdle ${minIdle.n}${originSuffix(ds, minIdle.eff)} keeps that many connections open indefinitely, never checked until borrowed.`
            : '';
        const every = Number.isFinite(runs.n) ? `every ${runs.n} ms` : 'on every cleaner run';
        ctx.report({
          message:
            `testWhileIdle is false${origin}: idle connections killed by a failover are found only when a request borrows them; ` +
            `set it to true so the pool cleaner validates idle connections ${every}; ${NOT_DEMOTED}.${idleNote}`,
          ...reportAtSetting(ds, twi.eff),
          fixes: () => compact([simpleFix('Set testWhileIdle to true', ds.edit.setSetting('testWhileIdle', 'true'), true)]),
        });
        continue;
      }
      if (twi.b === true && Number.isFinite(runs.n) && runs.n > SAFE_EVICTION_RUN_MS) {
        ctx.report({
          message:
            `timeBetweenEvictionRunsMillis is ${runs.n} ms with testWhileIdle: idle connections killed by a failover are found up to ${runs.n / 1000} s late ` +
            `(Tomcat default ${SAFE_EVICTION_RUN_MS}); set it to ${SAFE_EVICTION_RUN_MS}. testWhileIdle only checks liveness: ${NOT_DEMOTED}.`,
          ...reportAtSetting(ds, runs.eff),
          fixes: () => compact([simpleFix(`Set timeBetweenEvictionRunsMillis to ${SAFE_EVICTION_RUN_MS}`, ds.edit.setSetting('timeBetweenEvictionRunsMillis', String(SAFE_EVICTION_RUN_MS)), true)]),
        });
      }
    }
  },
});
