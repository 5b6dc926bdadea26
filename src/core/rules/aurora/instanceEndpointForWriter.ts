// aurora/instance-endpoint-for-writer — a datasource that writes is pinned to one instance endpoint.
// After a failover that instance is a reader (or gone), and writes fail with 1290 until someone edits
// the config. A plain RDS MySQL instance endpoint has the same shape, so unless the project says the
// target is Aurora the finding says "Aurora instance endpoint or single-AZ RDS".
import { defineRule } from '../define';
import { classifyHost } from '../../knowledge/aurora/endpoints';
import { dsLabel } from '../shared/labels';
import { isWritable } from '../shared/readOnly';
import { auroraConfirmed } from '../../knowledge/target';

export const instanceEndpointForWriterRule = defineRule({
  meta: {
    id: 'aurora/instance-endpoint-for-writer',
    title: 'Writable datasource pinned to an instance endpoint',
    defaultSeverity: 'error',
    tags: ['aurora', 'jdbc'],
    formats: ['carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: true,
    auroraOnly: true,
    fixable: false,
    rationale:
      'An instance endpoint does not follow a failover: the pinned instance becomes a reader and APIM writes fail with ERROR 1290 until the config is changed.',
  },
  check(ctx) {
    const confirmed = auroraConfirmed(ctx.options);
    for (const ds of ctx.datasources) {
      if (!ds.url || !isWritable(ds)) continue;
      for (const h of ds.url.hosts) {
        if (h.templated) continue;
        const info = classifyHost(h.host);
        if (info.kind !== 'instance') continue;
        const form = `<cluster-name>.cluster-${info.domain ? info.domain.replace(/^[^.]+/, '<id>') : `<id>.${info.region ?? '<region>'}.rds.amazonaws.com`}`;
        const message = confirmed
          ? `${dsLabel(ds)} connects to the Aurora instance endpoint ${h.host}. An instance endpoint stays on that one instance: after a failover ` +
            `it is a reader, and APIM's writes fail with ERROR 1290 (--read-only) until the config is changed. ` +
            `Use the cluster's writer endpoint (RDS console: the cluster's "Writer" endpoint, of the form ${form}); ` +
            `the cluster name cannot be derived from an instance name, so no automatic fix is offered.`
          : `${dsLabel(ds)} connects to ${h.host}, an Aurora instance endpoint or a single-AZ RDS instance (the names look alike; ` +
            `set "target" in aurora-guard.json or run the probe to tell). If it is Aurora, this endpoint does not follow a failover: ` +
            `the instance becomes a reader and writes fail with ERROR 1290 (--read-only). Use the cluster's writer endpoint ` +
            `(of the form ${form}); it cannot be derived from the instance name, so no automatic fix is offered.`;
        ctx.report({ datasource: ds, span: h.span, severity: confirmed ? 'error' : 'warning', message });
      }
    }
  },
});
