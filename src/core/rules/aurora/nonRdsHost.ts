// aurora/non-rds-host — the datasource reaches Aurora through an IP literal or a name that is not an
// RDS endpoint. An IP cannot follow a failover; a CNAME/alias adds a DNS layer and hides the cluster
// from the AWS JDBC wrapper's topology discovery.
//
// meta.auroraOnly is false on purpose: the engine's Aurora filter passes a datasource only when its
// own host is an RDS name (or the target is Aurora), which by definition never holds for the hosts
// this rule is about. The rule decides itself: it fires when the project says the target is Aurora,
// or (for IP literals) when another datasource of the same file is on an RDS endpoint.
import { defineRule } from '../define';
import { classifyHost, isRdsHost } from '../../knowledge/aurora/endpoints';
import { dsLabel } from '../shared/labels';
import { auroraConfirmed } from '../../knowledge/target';

export const nonRdsHostRule = defineRule({
  meta: {
    id: 'aurora/non-rds-host',
    title: 'Aurora reached through an IP address or a non-RDS host name',
    defaultSeverity: 'info',
    tags: ['aurora', 'jdbc'],
    formats: ['carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: true,
    auroraOnly: false,
    fixable: false,
    rationale:
      'Aurora moves the cluster endpoint name to the new writer on failover; an IP literal cannot follow, and a CNAME adds its own DNS caching and hides the cluster from the AWS JDBC wrapper.',
  },
  check(ctx) {
    if (ctx.options.target === 'mysql') return;
    const confirmed = auroraConfirmed(ctx.options);
    const rdsInFile = ctx.doc.datasources.some((d) => d.family === 'mysql' && d.url?.hosts.some((h) => !h.templated && isRdsHost(h.host)));
    if (!confirmed && !rdsInFile) return;
    for (const ds of ctx.datasources) {
      if (!ds.url) continue;
      for (const h of ds.url.hosts) {
        if (h.templated) continue;
        const kind = classifyHost(h.host).kind;
        if (kind === 'ip') {
          ctx.report({
            datasource: ds,
            span: h.span,
            severity: 'warning',
            message:
              `${dsLabel(ds)} connects to the IP address ${h.host}. On failover Aurora moves the cluster endpoint's DNS name to the new writer; ` +
              `a fixed IP stays with the old instance, so APIM keeps reaching a reader or nothing. ` +
              `Use the cluster (writer) endpoint <cluster-name>.cluster-<id>.<region>.rds.amazonaws.com.`,
          });
        } else if ((kind === 'other' || kind === 'localhost') && confirmed) {
          ctx.report({
            datasource: ds,
            span: h.span,
            message:
              `${dsLabel(ds)} connects to ${h.host}, which is not an RDS endpoint name. If it is a CNAME or Route 53 alias of the cluster endpoint, ` +
              `its own DNS TTL adds to the failover delay (keep it at 5 s or less), and the AWS JDBC wrapper then needs ` +
              `clusterInstanceHostPattern (and clusterId) to discover the cluster. Prefer the cluster endpoint itself.`,
          });
        }
      }
    }
  },
});
