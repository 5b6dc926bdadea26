// jdbc/aws-wrapper-deprecated — deprecated AWS wrapper plugins and properties: failover (v1) and efm (v1) have known
// thread-leak / thread-accumulation bugs (use failover2 / efm2), auroraStaleDns is superseded by initialConnection
// and bg (and failover2 already honours skipInactiveWriterClusterEndpointCheck), enableGreenNodeReplacement by the
// bg plugin (AWS wrapper configuration guide §1.5, §5.2, §5.5, §5.15, §6.9, anti-pattern table §18).
import type { Fix } from '../types';
import { defineRule } from '../define';
import { DEPRECATED_PLUGINS, excludedBy } from '../../knowledge/aurora/awsWrapper';
import { boolValue } from '../shared/driverProps';
import { compact, simpleFix } from '../shared/fixes';
import { dsLabel, whereDriverProp } from '../shared/labels';
import { pluginLists, setPluginsFix, wrapperDatasources, wrapperProps } from '../shared/awsWrapper';

export const awsWrapperDeprecatedRule = defineRule({
  meta: {
    id: 'jdbc/aws-wrapper-deprecated',
    title: 'Deprecated AWS wrapper plugin or property (failover v1, efm v1, auroraStaleDns, enableGreenNodeReplacement)',
    defaultSeverity: 'warning',
    tags: ['jdbc', 'aurora'],
    formats: ['carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: true,
    auroraOnly: false,
    fixable: true,
    rationale:
      'AWS deprecates the wrapper\'s failover and efm v1 plugins (thread leaks, slower detection), auroraStaleDns and enableGreenNodeReplacement in favour of failover2, efm2, initialConnection and bg.',
  },
  check(ctx) {
    for (const ds of wrapperDatasources(ctx.datasources)) {
      for (const l of pluginLists(ctx.doc, ds)) {
        if (!l.prop) continue; // the default list holds no deprecated plugin
        // a deprecated plugin listed with one it excludes (failover with failover2 …) is jdbc/aws-wrapper's finding
        const old = l.plugins.filter((p) => DEPRECATED_PLUGINS[p] && !excludedBy(p, l.plugins));
        if (old.length === 0) continue;
        // replace each deprecated code by its successor (once), or drop it when the successor would clash with the rest
        const kept = l.plugins.filter((p) => !DEPRECATED_PLUGINS[p]);
        const successor = (p: string): string | null => {
          const use = DEPRECATED_PLUGINS[p].use;
          return use && !excludedBy(use, kept) ? use : null;
        };
        const next: string[] = [];
        for (const p of l.plugins) {
          const q = DEPRECATED_PLUGINS[p] ? successor(p) : p;
          if (q && !next.includes(q)) next.push(q);
        }
        const why = old.map((p) => DEPRECATED_PLUGINS[p].why).join('; ');
        const repl = old.map((p) => (successor(p) ? `replace ${p} with ${successor(p)}` : `remove ${p}`)).join(', ');
        ctx.report({
          datasource: ds,
          span: l.prop.span,
          message:
            `wrapperPlugins=${l.prop.value.trim()} ${whereDriverProp(l.prop)} of ${dsLabel(ds)} uses deprecated AWS wrapper plugin${old.length === 1 ? '' : 's'} ` +
            `${old.join(', ')}: ${why} (AWS's wrapper configuration guide, published advice, not measured here). ${repl[0].toUpperCase()}${repl.slice(1)}` +
            `${next.length ? ` (wrapperPlugins=${next.join(',')})` : ''}.`,
          fixes: (): Fix[] => compact([setPluginsFix(ds, l, next, `Set wrapperPlugins=${next.join(',')} (${repl})`)]),
        });
      }
      for (const p of wrapperProps(ctx.doc, ds, 'enableGreenNodeReplacement')) {
        if (boolValue(p.value) !== true) continue;
        ctx.report({
          datasource: ds,
          span: p.span,
          message:
            `enableGreenNodeReplacement=${p.value.trim()} ${whereDriverProp(p)} of ${dsLabel(ds)} is a deprecated AWS wrapper property, replaced ` +
            `by the bg (Blue/Green) plugin (AWS's wrapper configuration guide, published advice, not measured here). Turn it off and add bg to ` +
            `wrapperPlugins if the cluster goes through Blue/Green deployments.`,
          fixes: (): Fix[] => compact([simpleFix('Set enableGreenNodeReplacement=false (use the bg plugin for Blue/Green)', ds.edit.setDriverProp(p.name, 'false', p.source), true)]),
        });
      }
    }
  },
});
