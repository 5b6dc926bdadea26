// jdbc/aws-wrapper-efm-socket-timeout — the wrapper's Enhanced Failure Monitoring (efm2, in the default plugin
// list) detects a dead host after failureDetectionTime + failureDetectionInterval × failureDetectionCount
// (≈ 45 s with defaults). A socketTimeout shorter than that fires first, so EFM never gets to do its job
// (AWS wrapper configuration guide §5.4, §6.10, §17.6, anti-pattern table §18).
import type { Fix } from '../types';
import { defineRule } from '../define';
import { EFM_DEFAULTS } from '../../knowledge/aurora/awsWrapper';
import { lookupDriverProp, propValueTemplated } from '../shared/driverProps';
import { compact, setDriverPropFix } from '../shared/fixes';
import { dsLabel, whereDriverProp } from '../shared/labels';
import { intProp, pluginListLabel, pluginLists, setPluginsFix, wrapperDatasources, wrapperPropUnknown, wrapperPropValue } from '../shared/awsWrapper';

/** The EFM detection window in effect (ms), or null when a parameter is templated or not a number. */
function efmWindow(get: (name: string) => string | null, unknown: (name: string) => boolean): { ms: number; terms: string } | null {
  const vals: number[] = [];
  const terms: string[] = [];
  for (const name of ['failureDetectionTime', 'failureDetectionInterval', 'failureDetectionCount'] as const) {
    if (unknown(name)) return null;
    const v = get(name);
    const n = v === null ? EFM_DEFAULTS[name] : intProp(v);
    if (!Number.isFinite(n) || n < 0) return null;
    vals.push(n);
    terms.push(`${name} ${n}${v === null ? ' (default)' : ''}`);
  }
  return { ms: vals[0] + vals[1] * vals[2], terms: `${terms[0]} + ${terms[1]} × ${terms[2]}` };
}

export const awsWrapperEfmSocketTimeoutRule = defineRule({
  meta: {
    id: 'jdbc/aws-wrapper-efm-socket-timeout',
    title: 'socketTimeout shorter than the AWS wrapper\'s failure-detection (EFM) window',
    defaultSeverity: 'warning',
    tags: ['jdbc', 'aurora'],
    formats: ['carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: true,
    // EFM works on any database the wrapper reaches (custom domains and non-Aurora hosts included)
    auroraOnly: false,
    fixable: true,
    rationale:
      'AWS says a socketTimeout shorter than the Enhanced Failure Monitoring window (failureDetectionTime + interval × count, about 45 s by default) times out first, so the efm2 plugin never detects anything.',
  },
  check(ctx) {
    for (const ds of wrapperDatasources(ctx.datasources)) {
      const lists = pluginLists(ctx.doc, ds).filter((l) => l.plugins.includes('efm2') || l.plugins.includes('efm'));
      if (lists.length === 0) continue;
      if (wrapperPropUnknown(ctx.doc, ds, 'failureDetectionEnabled')) continue;
      if (wrapperPropValue(ctx.doc, ds, 'failureDetectionEnabled')?.toLowerCase() === 'false') continue;
      const win = efmWindow((n) => wrapperPropValue(ctx.doc, ds, n), (n) => wrapperPropUnknown(ctx.doc, ds, n));
      if (!win) continue;
      const raise = Math.max(60000, Math.ceil((win.ms + 1) / 10000) * 10000);
      const list = lists[0];
      const efm = list.plugins.includes('efm2') ? 'efm2' : 'efm';
      for (const p of lookupDriverProp(ctx.doc, ds, 'socketTimeout').inEffect) {
        if (propValueTemplated(ctx.doc, p)) continue;
        const n = intProp(p.value);
        if (!Number.isFinite(n) || n <= 0 || n >= win.ms) continue;
        ctx.report({
          datasource: ds,
          span: p.span,
          message:
            `socketTimeout=${n} ${whereDriverProp(p)} of ${dsLabel(ds)} is shorter than the AWS wrapper's Enhanced Failure Monitoring window ` +
            `(${efm} from ${pluginListLabel(list)}): ${win.terms} = ${win.ms} ms. The socket times out before EFM can declare the host dead, ` +
            `so EFM never does its job. AWS's configuration guide (published advice, not measured here) says to pick one strategy per ` +
            `datasource: a finite socketTimeout for short queries without ${efm}, or ${efm} for long-running ones. Raise socketTimeout above ` +
            `${win.ms} (e.g. ${raise}, still above APIM's longest legitimate query) or remove ${efm} from wrapperPlugins.`,
          fixes: (): Fix[] => compact([
            setDriverPropFix(ds, 'socketTimeout', String(raise), p),
            setPluginsFix(ds, list, list.plugins.filter((x) => x !== efm), `Remove ${efm} from wrapperPlugins (keep socketTimeout=${n} as the failure detection)`, false),
          ]),
        });
      }
    }
  },
});
