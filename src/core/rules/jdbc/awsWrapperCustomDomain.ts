// jdbc/aws-wrapper-custom-domain — behind an IP address or a custom domain (CNAME / Route 53 alias) the AWS wrapper
// cannot tell which cluster it reaches nor how its instances are named: its topology plugins (failover2,
// auroraConnectionTracker, initialConnection, read/write splitting …) need clusterInstanceHostPattern and a
// clusterId (AWS wrapper configuration guide §6.1, §10.3, §12.2, symptom table §16.3, anti-pattern table §18).
import { defineRule } from '../define';
import { TOPOLOGY_PLUGINS } from '../../knowledge/aurora/awsWrapper';
import { dsLabel, humanList } from '../shared/labels';
import { firstHost, nonAuroraReason, pluginListLabel, pluginLists, wrapperDatasources, wrapperPropSet, wrapperPropUnknown } from '../shared/awsWrapper';

export const awsWrapperCustomDomainRule = defineRule({
  meta: {
    id: 'jdbc/aws-wrapper-custom-domain',
    title: 'AWS wrapper behind a custom domain or IP without clusterInstanceHostPattern / clusterId',
    defaultSeverity: 'warning',
    tags: ['jdbc', 'aurora'],
    formats: ['carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: true,
    auroraOnly: false,
    fixable: false,
    rationale:
      'AWS says the wrapper cannot derive the cluster or its instance host names from a custom domain or IP, so its failover and topology plugins need clusterInstanceHostPattern and a clusterId there.',
  },
  check(ctx) {
    for (const ds of wrapperDatasources(ctx.datasources)) {
      const h = firstHost(ds);
      if (!h || (h.kind !== 'other' && h.kind !== 'ip')) continue;
      if (nonAuroraReason(ctx.doc, ds, ctx.options)) continue; // jdbc/aws-wrapper-plugin-fit covers a non-Aurora database
      const list = pluginLists(ctx.doc, ds).find((l) => l.plugins.some((p) => TOPOLOGY_PLUGINS.includes(p)));
      if (!list) continue;
      const missing = ['clusterInstanceHostPattern', 'clusterId'].filter(
        (n) => !wrapperPropSet(ctx.doc, ds, n) && !wrapperPropUnknown(ctx.doc, ds, n),
      );
      if (missing.length === 0) continue;
      const topo = list.plugins.filter((p) => TOPOLOGY_PLUGINS.includes(p));
      const what = h.kind === 'ip' ? `the IP address ${h.host.host}` : `${h.host.host}, which is not an RDS endpoint name (a custom domain or alias)`;
      ctx.report({
        datasource: ds,
        span: h.host.span,
        message:
          `${dsLabel(ds)} reaches the database through the AWS wrapper at ${what}, with the topology plugin${topo.length === 1 ? '' : 's'} ` +
          `${humanList(topo)} (from ${pluginListLabel(list)}), but sets no ${humanList(missing)}. AWS's wrapper configuration guide ` +
          `(published advice, not measured here) says the wrapper cannot derive the cluster from such a host ("custom domain (CNAME) fails ` +
          `topology resolution"): set clusterInstanceHostPattern to the cluster's instance host pattern (?.<cluster-id>.<region>.rds.amazonaws.com) ` +
          `and a clusterId unique to the cluster, or connect to the cluster endpoint itself.`,
      });
    }
  },
});
