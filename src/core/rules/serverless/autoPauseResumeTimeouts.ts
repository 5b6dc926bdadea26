// serverless/auto-pause-resume-timeouts: with auto-pause, the first connection waits for the cluster to
// resume (up to ~15 s, ~30 s after a long pause); every layer must wait at least that long.
// Decided by the forecast's auto-pause-resume scenario: each timeout is reported where that scenario fails and the
// longer value would make it better.
import { defineRule } from '../define';
import type { CandidateFix } from '../../forecast/judge';
import type { PoolSettings } from '../../forecast/kernel';
import type { Datasource, TextEdit } from '../../model/types';
import { decide, findingForecast, forecastSentence, judgedFixes } from '../shared/forecastFinding';
import { effectiveBool, effectiveNumber } from '../../knowledge/wso2/defaults';
import { driverPropsInEffect, intValue } from '../shared/driverProps';
import { originSuffix, whereDriverProp } from '../shared/labels';
import { AUTO_PAUSE_RESUME_MS, SAFE_MAX_WAIT_MS, SAFE_SOCKET_TIMEOUT_AUTO_PAUSE_MS } from '../../knowledge/safeValues';
import { reportAtSetting } from '../shared/spans';
import { autoPauseEnabled } from '../../knowledge/target';

const RESUME = 'the first connection after an auto-pause waits while the cluster resumes (AWS says up to 15 s, and about 30 s after a pause of more than a day)';


export const autoPauseResumeTimeoutsRule = defineRule({
  meta: {
    id: 'serverless/auto-pause-resume-timeouts',
    title: 'Timeouts shorter than an auto-pause resume',
    defaultSeverity: 'warning',
    tags: ['serverless', 'aurora', 'jdbc', 'pool'],
    formats: ['carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: true,
    auroraOnly: true,
    fixable: true,
    rationale:
      'A Serverless v2 cluster that auto-pauses resumes on the next connection attempt, which takes up to 15-30 s; any connect, socket or pool timeout shorter than that fails the first requests after a pause.',
  },
  check(ctx) {
    if (!autoPauseEnabled(ctx.options)) return;
    const ver = ctx.options.apimVersion;
    /** The decision and judged fixes for one change, or null when the forecast says it doesn't help. */
    const judged = (ds: Datasource, title: string, edits: () => TextEdit[] | null, change: Partial<PoolSettings>) => {
      const c: CandidateFix[] = [{ title, edits, change }];
      const d = decide(ctx, ds, c, ['auto-pause-resume']);
      return d && { fixes: judgedFixes(ctx, ds, c), forecast: findingForecast(d), note: ` ${forecastSentence(d, title.replace(/^Set /, ''))}` };
    };
    for (const ds of ctx.datasources) {
      // Every occurrence that can be in effect is judged (URL vs Properties precedence depends on the driver version).
      const cts = driverPropsInEffect(ds, 'connectTimeout').map((prop) => ({ prop, n: intValue(prop.value) }));
      for (const ct of cts) {
        if (!(ct.n > 0 && ct.n < AUTO_PAUSE_RESUME_MS)) continue;
        const j = judged(ds, `Set connectTimeout to ${AUTO_PAUSE_RESUME_MS}`, () => ds.edit.setDriverProp(ct.prop.name, String(AUTO_PAUSE_RESUME_MS), ct.prop.source), { connectTimeoutMs: AUTO_PAUSE_RESUME_MS });
        if (!j) continue;
        ctx.report({
          message:
            `connectTimeout is ${ct.n} ms ${whereDriverProp(ct.prop)}: ${RESUME}, so connects time out and requests fail; set it to ${AUTO_PAUSE_RESUME_MS} or more.${j.note}`,
          span: ct.prop.valueSpan,
          datasource: ds,
          fixes: j.fixes,
          forecast: j.forecast,
        });
      }
      for (const prop of driverPropsInEffect(ds, 'socketTimeout')) {
        const n = intValue(prop.value);
        if (!(n > 0 && n < AUTO_PAUSE_RESUME_MS)) continue;
        const j = judged(ds, `Set socketTimeout to ${SAFE_SOCKET_TIMEOUT_AUTO_PAUSE_MS}`, () => ds.edit.setDriverProp(prop.name, String(SAFE_SOCKET_TIMEOUT_AUTO_PAUSE_MS), prop.source), { socketTimeoutMs: SAFE_SOCKET_TIMEOUT_AUTO_PAUSE_MS });
        if (!j) continue;
        ctx.report({
          message:
            `socketTimeout is ${n} ms ${whereDriverProp(prop)}: ${RESUME}, and a statement on a connection that reaches the cluster while it resumes ` +
            `times out first; set it to at least ${AUTO_PAUSE_RESUME_MS} (${SAFE_SOCKET_TIMEOUT_AUTO_PAUSE_MS} leaves room for legitimate slow statements).${j.note}`,
          span: prop.valueSpan,
          datasource: ds,
          fixes: j.fixes,
          forecast: j.forecast,
        });
      }
      const ctN = Math.max(0, ...cts.map((c) => (Number.isFinite(c.n) ? c.n : 0)));
      const required = Math.max(AUTO_PAUSE_RESUME_MS, ctN);
      const mw = effectiveNumber(ds, 'maxWait', ver);
      if (Number.isFinite(mw.n) && mw.n > 0 && mw.n < required) {
        const origin = originSuffix(ds, mw.eff);
        const target = Math.max(SAFE_MAX_WAIT_MS, required);
        const than = ctN >= AUTO_PAUSE_RESUME_MS ? `connectTimeout (${ctN} ms)` : `the ${AUTO_PAUSE_RESUME_MS / 1000} s a resume can take`;
        const j = judged(ds, `Set maxWait to ${target}`, () => ds.edit.setSetting('maxWait', String(target)), { maxWaitMs: target });
        if (j) {
          ctx.report({
            message:
              `maxWait is ${mw.n} ms${origin}, shorter than ${than}: ${RESUME}, and requests queued behind that connection give up first; set it to ${target}.${j.note}`,
            ...reportAtSetting(ds, mw.eff),
            fixes: j.fixes,
            forecast: j.forecast,
          });
        }
      }
      // pool/test-on-borrow reports this already; say it here only when that rule is switched off.
      if (ctx.options.rules['pool/test-on-borrow'] === 'off') {
        const tob = effectiveBool(ds, 'testOnBorrow', ver);
        if (tob.b === false) {
          const origin = originSuffix(ds, tob.eff);
          const j = judged(ds, 'Set testOnBorrow to true', () => ds.edit.setSetting('testOnBorrow', 'true'), { testOnBorrow: true });
          if (j) {
            ctx.report({
              message:
                `testOnBorrow is false${origin}: connections closed by a pause/resume or failover are handed to APIM unchecked; set it to true.${j.note}`,
              ...reportAtSetting(ds, tob.eff),
              fixes: j.fixes,
              forecast: j.forecast,
            });
          }
        }
      }
    }
  },
});
