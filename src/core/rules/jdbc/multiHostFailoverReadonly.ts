// jdbc/multi-host-failover-readonly — a Connector/J multi-host URL (h1,h2 or :replication:/:loadbalance:).
// After Connector/J fails over to a secondary the connection is read-only by default
// (failOverReadOnly=true), and it goes back to the primary only after secondsBeforeRetrySource (30 s)
// or queriesBeforeRetrySource (50). Aurora moves the writer behind one cluster endpoint instead.
import type { Fix } from '../types';
import { defineRule } from '../define';
import type { ConfigDocument, Datasource, JdbcHost } from '../../model/types';
import { classifyHost } from '../../knowledge/aurora/endpoints';
import { boolValue, driverPropsInEffect } from '../shared/driverProps';
import { compact } from '../shared/fixes';
import { dsLabel } from '../shared/labels';

/** Collapse the host list to the one cluster (writer) endpoint among them, keeping its port. */
function collapseFix(doc: ConfigDocument, ds: Datasource, hosts: JdbcHost[]): Fix | null {
  const clusters = hosts.filter((h) => !h.templated && classifyHost(h.host).kind === 'cluster');
  if (clusters.length !== 1) return null;
  const keep = clusters[0];
  const t = doc.text;
  const portOf = (h: JdbcHost) => /^:\d+/.exec(t.slice(h.span.end))?.[0] ?? '';
  const first = hosts[0];
  const last = hosts[hosts.length - 1];
  if (t[first.span.start - 1] === '[' || t[last.span.end] === ']') return null;
  const start = first.span.start;
  const end = last.span.end + portOf(last).length;
  const newText = t.slice(keep.span.start, keep.span.end) + portOf(keep);
  return { title: `Use only the cluster endpoint ${keep.host} in the JDBC URL`, edits: [{ span: { start, end }, newText }], preferred: true };
}

export const multiHostFailoverReadonlyRule = defineRule({
  meta: {
    id: 'jdbc/multi-host-failover-readonly',
    title: 'Connector/J multi-host URL in front of Aurora',
    defaultSeverity: 'warning',
    tags: ['jdbc', 'aurora'],
    formats: ['carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: true,
    // Multi-host URLs are a legitimate pattern for self-managed MySQL clusters; only judge them in front of Aurora.
    auroraOnly: true,
    fixable: true,
    rationale:
      "Connector/J's multi-host failover makes the connection read-only after it fails over (failOverReadOnly=true) and returns to the primary only after 30 s or 50 queries; Aurora already moves the writer behind one cluster endpoint.",
  },
  check(ctx) {
    for (const ds of ctx.datasources) {
      const url = ds.url;
      if (!url || url.awsWrapper || url.subprotocol !== 'mysql') continue;
      const mode = url.multiHostMode;
      const multi = url.hosts.length > 1;
      if (!multi && mode !== 'replication' && mode !== 'loadbalance') continue;
      const names = url.hosts.map((h) => (h.templated ? '(templated host)' : h.host)).join(', ');
      const label = dsLabel(ds);
      let message: string;
      if (mode === 'loadbalance' || mode === 'replication') {
        message =
          `The JDBC URL of ${label} uses jdbc:mysql:${mode}: over ${names}. Connector/J then picks hosts itself` +
          (mode === 'loadbalance'
            ? ', spreading connections over all of them; on Aurora only one instance accepts writes, so writes that land elsewhere fail with ERROR 1290 (--read-only).'
            : ', treating the first host as the source and the rest as replicas, and its failover makes connections read-only by default (failOverReadOnly=true).') +
          ' Aurora already moves the writer behind the cluster endpoint: use jdbc:mysql://<cluster endpoint>/… (or the AWS JDBC wrapper).';
      } else {
        // false only when every occurrence that can be in effect says so (the driver version decides which wins)
        const written = driverPropsInEffect(ds, 'failOverReadOnly');
        const explicitFalse = written.length > 0 && written.every((p) => boolValue(p.value) === false);
        message =
          `The JDBC URL of ${label} lists ${url.hosts.length} hosts (${names}), so Connector/J runs its own multi-host failover. ` +
          (explicitFalse
            ? 'failOverReadOnly=false lets it write to the secondary, but it stays there until it retries the primary after ' +
              'secondsBeforeRetrySource (30 s) or queriesBeforeRetrySource (50 queries), whatever Aurora did meanwhile. '
            : 'After it fails over to a secondary the connection is read-only by default (failOverReadOnly=true), so APIM writes fail with ' +
              "'Connection is read-only', and it retries the primary only after 30 s or 50 queries. ") +
          'Aurora does not need this: use the single cluster (writer) endpoint, or the AWS JDBC wrapper for topology-aware failover.';
      }
      ctx.report({ datasource: ds, span: url.hosts[0]?.span ?? url.span, message, fixes: () => compact([mode ? null : collapseFix(ctx.doc, ds, url.hosts)]) });
    }
  },
});
