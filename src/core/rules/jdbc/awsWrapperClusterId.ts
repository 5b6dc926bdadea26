// jdbc/aws-wrapper-cluster-id — the AWS wrapper caches topology per clusterId, which defaults to "1". Two
// datasources of one APIM node that reach different Aurora clusters with the same clusterId share one cache:
// wrong-cluster topology and failover to the other cluster's instances (AWS wrapper configuration guide §3.10,
// §6.1, symptom table §16.3, anti-pattern table §18).
import type { Fix } from '../types';
import { defineRule } from '../define';
import type { Datasource } from '../../model/types';
import { classifyHost } from '../../knowledge/aurora/endpoints';
import { TOPOLOGY_PLUGINS } from '../../knowledge/aurora/awsWrapper';
import { compact, setDriverPropFix } from '../shared/fixes';
import { dsLabel, whereDriverProp } from '../shared/labels';
import { firstHost, pluginLists, wrapperDatasources, wrapperPropUnknown, wrapperProps } from '../shared/awsWrapper';

const DEFAULT_CLUSTER_ID = '1';

/** The Aurora cluster a writer/reader cluster endpoint belongs to: `<name>` + its account/region domain. */
function clusterOf(ds: Datasource): { key: string; name: string } | null {
  const h = firstHost(ds);
  if (!h || (h.kind !== 'cluster' && h.kind !== 'cluster-ro')) return null;
  const i = classifyHost(h.host.host);
  return i.name && i.domain ? { key: `${i.name.toLowerCase()}.${i.domain.toLowerCase()}`, name: i.name } : null;
}

export const awsWrapperClusterIdRule = defineRule({
  meta: {
    id: 'jdbc/aws-wrapper-cluster-id',
    title: 'AWS wrapper datasources on different clusters share a clusterId',
    defaultSeverity: 'warning',
    tags: ['jdbc', 'aurora'],
    formats: ['carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: true,
    auroraOnly: true,
    fixable: true,
    rationale:
      'AWS says the wrapper keys its topology cache by clusterId (default 1), so datasources on different clusters with the same clusterId can get the wrong topology and fail over to the wrong cluster.',
  },
  check(ctx) {
    const groups = new Map<string, { ds: Datasource; cluster: { key: string; name: string }; idProp: ReturnType<typeof wrapperProps>[number] | null }[]>();
    for (const ds of wrapperDatasources(ctx.datasources)) {
      if (!pluginLists(ctx.doc, ds).some((l) => l.plugins.some((p) => TOPOLOGY_PLUGINS.includes(p)))) continue;
      if (wrapperPropUnknown(ctx.doc, ds, 'clusterId')) continue;
      const cluster = clusterOf(ds);
      if (!cluster) continue;
      const ids = wrapperProps(ctx.doc, ds, 'clusterId');
      const id = ids.length ? ids[ids.length - 1].value.trim() : DEFAULT_CLUSTER_ID;
      if (ids.some((p) => p.value.trim() !== id)) continue; // URL and properties disagree: which one wins depends on the driver
      const g = groups.get(id) ?? groups.set(id, []).get(id)!;
      g.push({ ds, cluster, idProp: ids.length ? ids[ids.length - 1] : null });
    }
    for (const [id, members] of groups) {
      const first = members[0];
      for (const m of members) {
        if (m.cluster.key === first.cluster.key) continue;
        const where = m.idProp ? `clusterId=${id} ${whereDriverProp(m.idProp)}` : `no clusterId, so the wrapper's default ${DEFAULT_CLUSTER_ID}`;
        const newId = m.cluster.name;
        ctx.report({
          datasource: m.ds,
          span: m.idProp ? m.idProp.span : firstHost(m.ds)!.host.span,
          fromDefault: !m.idProp,
          related: [{ span: firstHost(first.ds)!.host.span, message: `${dsLabel(first.ds)}: cluster ${first.cluster.name}, clusterId ${id}` }],
          message:
            `${dsLabel(m.ds)} reaches the Aurora cluster ${m.cluster.name} through the AWS wrapper with ${where}, the same as ` +
            `${dsLabel(first.ds)}, which reaches the cluster ${first.cluster.name}. The wrapper keys its topology cache and monitors by ` +
            `clusterId, so the two clusters' topologies collide: AWS's wrapper configuration guide (published advice, not measured here) ` +
            `names wrong-cluster topology and failovers as the symptom. Give each cluster its own clusterId (e.g. clusterId=${newId}); ` +
            `datasources on the same cluster should share it.`,
          fixes: (): Fix[] => compact([setDriverPropFix(m.ds, 'clusterId', newId, m.idProp)]),
        });
      }
    }
  },
});
