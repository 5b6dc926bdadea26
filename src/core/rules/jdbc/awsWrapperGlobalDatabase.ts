// jdbc/aws-wrapper-global-database — the AWS wrapper on an Aurora Global Database needs what it cannot detect: the
// global dialect (auto-detection picks aurora-mysql on a regional endpoint), instance host patterns for every
// region, the home region for gdbFailover, and (with Global Write Forwarding) skipping the stale-DNS probe of the
// inactive cluster's writer endpoint; a gdbAccessibleRegions that lists every region does nothing (AWS wrapper
// configuration guide §3.7–§3.8a, §5.3, §6.6, §8.2, §13.2, symptom table §16.3, anti-pattern table §18).
import type { Fix } from '../types';
import { defineRule } from '../define';
import type { Span } from '../../model/types';
import { classifyHost } from '../../knowledge/aurora/endpoints';
import { GLOBAL_DIALECT } from '../../knowledge/aurora/awsWrapper';
import { boolValue } from '../shared/driverProps';
import { compact, setDriverPropFix } from '../shared/fixes';
import { dsLabel, humanList, whereDriverProp } from '../shared/labels';
import { firstHost, pluginListLabel, pluginLists, wrapperDatasources, wrapperPropSet, wrapperPropUnknown, wrapperProps, wrapperPropValue } from '../shared/awsWrapper';

const GUIDE = "AWS's wrapper configuration guide (published advice, not measured here)";
const GDB_PLUGINS = ['gdbFailover', 'gdbReadWriteSplitting', 'gdbAutoReadWriteSplitting', 'gdbSimpleReadWriteSplitting', 'gdbAutoSimpleReadWriteSplitting'];

/** Regions named by instance host patterns like `?.abc.us-east-1.rds.amazonaws.com`. */
function patternRegions(value: string): string[] {
  const out: string[] = [];
  for (const p of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const r = classifyHost(p.replace(/^\?/, 'x')).region;
    if (r && !out.includes(r.toLowerCase())) out.push(r.toLowerCase());
  }
  return out;
}

export const awsWrapperGlobalDatabaseRule = defineRule({
  meta: {
    id: 'jdbc/aws-wrapper-global-database',
    title: 'AWS wrapper on an Aurora Global Database without the settings it cannot detect',
    defaultSeverity: 'warning',
    tags: ['jdbc', 'aurora'],
    formats: ['carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: true,
    auroraOnly: true,
    fixable: true,
    rationale:
      'AWS says the wrapper needs wrapperDialect=global-aurora-mysql, globalClusterInstanceHostPatterns for every region and failoverHomeRegion on an Aurora Global Database, or its topology stays empty and failover degrades.',
  },
  check(ctx) {
    const doc = ctx.doc;
    for (const ds of wrapperDatasources(ctx.datasources)) {
      const h = firstHost(ds);
      const lists = pluginLists(doc, ds);
      const explicit = lists.filter((l) => l.prop);
      const gdbPlugins = [...new Set(explicit.flatMap((l) => l.plugins.filter((p) => GDB_PLUGINS.includes(p))))];
      const dialectProps = wrapperProps(doc, ds, 'wrapperDialect');
      const dialect = wrapperPropValue(doc, ds, 'wrapperDialect');
      const globalHost = h?.kind === 'global';
      if (!globalHost && gdbPlugins.length === 0 && dialect !== GLOBAL_DIALECT) continue;
      const label = dsLabel(ds);
      const span: Span = h ? h.host.span : ds.url!.span;
      const evidence = globalHost ? `the Global Database writer endpoint ${h!.host.host}` : gdbPlugins.length ? `the Global Database plugin${gdbPlugins.length === 1 ? '' : 's'} ${humanList(gdbPlugins)}` : `wrapperDialect=${GLOBAL_DIALECT}`;
      // (1) dialect: auto-detection gets it right only on the global writer endpoint
      if (!wrapperPropUnknown(doc, ds, 'wrapperDialect') && dialect !== GLOBAL_DIALECT && (dialect !== null || !globalHost)) {
        const p = dialectProps[dialectProps.length - 1] ?? null;
        ctx.report({
          datasource: ds,
          span: p ? p.span : span,
          fromDefault: !p,
          message:
            `${label} uses ${evidence} through the AWS wrapper with ${p ? `wrapperDialect=${p.value.trim()} ${whereDriverProp(p)}` : 'no wrapperDialect (auto-detected from a regional endpoint: aurora-mysql)'}. ` +
            `${GUIDE}: with aurora-mysql instead of ${GLOBAL_DIALECT} the Global Database topology stays empty, each plugin waits about 5 s in a ` +
            `secondary region and readiness checks fail. Set wrapperDialect=${GLOBAL_DIALECT}.`,
          fixes: (): Fix[] => compact([setDriverPropFix(ds, 'wrapperDialect', GLOBAL_DIALECT, p)]),
        });
      }
      const failoverList = lists.find((l) => l.plugins.some((p) => p === 'gdbFailover' || p === 'failover2' || p === 'failover' || GDB_PLUGINS.includes(p)));
      // (2) instance host patterns for every region
      if (failoverList && !wrapperPropSet(doc, ds, 'globalClusterInstanceHostPatterns') && !wrapperPropUnknown(doc, ds, 'globalClusterInstanceHostPatterns')) {
        ctx.report({
          datasource: ds,
          span,
          fromDefault: true,
          message:
            `${label} uses ${evidence} with ${pluginListLabel(failoverList)} but sets no globalClusterInstanceHostPatterns: ${GUIDE} says the ` +
            'wrapper then cannot enumerate the instances of the other regions (topology monitor in "panic mode", failover degraded). Set ' +
            'globalClusterInstanceHostPatterns to one pattern per region, e.g. ?.<cluster-id>.us-east-1.rds.amazonaws.com,?.<cluster-id>.us-west-2.rds.amazonaws.com.',
        });
      }
      // (3) gdbFailover needs the home region
      if (gdbPlugins.includes('gdbFailover') && !wrapperPropSet(doc, ds, 'failoverHomeRegion') && !wrapperPropUnknown(doc, ds, 'failoverHomeRegion')) {
        const l = explicit.find((x) => x.plugins.includes('gdbFailover'))!;
        ctx.report({
          datasource: ds,
          span: l.prop!.span,
          message:
            `${pluginListLabel(l)} of ${label} enables gdbFailover without failoverHomeRegion: ${GUIDE} lists failoverHomeRegion (the region APIM ` +
            'runs in) as required with gdbFailover, together with activeHomeFailoverMode / inactiveHomeFailoverMode. Set failoverHomeRegion.',
        });
      }
      // (4) gdbAccessibleRegions listing every region of the patterns is a no-op
      const patterns = wrapperPropValue(doc, ds, 'globalClusterInstanceHostPatterns');
      for (const p of wrapperProps(doc, ds, 'gdbAccessibleRegions')) {
        const regions = patternRegions(patterns ?? '');
        const listed = p.value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
        if (regions.length < 2 || !regions.every((r) => listed.includes(r))) continue;
        ctx.report({
          datasource: ds,
          span: p.span,
          severity: 'info',
          message:
            `gdbAccessibleRegions=${p.value.trim()} ${whereDriverProp(p)} of ${label} lists every region of globalClusterInstanceHostPatterns ` +
            `(${regions.join(', ')}): ${GUIDE} says that adds nothing; the setting only helps when it restricts the wrapper to the regions APIM ` +
            'can reach (usually just its home region). Remove it, or list only the reachable regions.',
        });
      }
      // (5) Global Write Forwarding without skipping the inactive writer's stale-DNS probe
      for (const p of wrapperProps(doc, ds, 'gdbEnableGlobalWriteForwarding')) {
        if (boolValue(p.value) !== true || wrapperPropUnknown(doc, ds, 'skipInactiveWriterClusterEndpointCheck')) continue;
        const skip = wrapperProps(doc, ds, 'skipInactiveWriterClusterEndpointCheck');
        if (skip.some((s) => boolValue(s.value) === true)) continue;
        ctx.report({
          datasource: ds,
          span: p.span,
          severity: 'info',
          message:
            `gdbEnableGlobalWriteForwarding=true ${whereDriverProp(p)} of ${label} without skipInactiveWriterClusterEndpointCheck=true: ${GUIDE} ` +
            'says the stale-DNS helper of failover2/gdbFailover then probes the inactive cluster\'s writer endpoint in the other region ' +
            '(unexpected connections, failed health probes). Set skipInactiveWriterClusterEndpointCheck=true.',
          fixes: (): Fix[] => compact([setDriverPropFix(ds, 'skipInactiveWriterClusterEndpointCheck', 'true', skip[skip.length - 1] ?? null)]),
        });
      }
    }
  },
});
