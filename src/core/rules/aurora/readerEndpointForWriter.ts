// aurora/reader-endpoint-for-writer — a datasource that writes points at the Aurora reader endpoint
// (`cluster-ro-`), which spreads connections over read-only replicas: the first write fails with 1290.
import { defineRule } from '../define';
import { classifyHost, writerEndpointFor } from '../../knowledge/aurora/endpoints';
import { dsLabel } from '../shared/labels';
import { isWritable } from '../shared/readOnly';

export const readerEndpointForWriterRule = defineRule({
  meta: {
    id: 'aurora/reader-endpoint-for-writer',
    title: 'Writable datasource on the Aurora reader endpoint',
    defaultSeverity: 'error',
    tags: ['aurora', 'jdbc'],
    formats: ['carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: true,
    auroraOnly: true,
    fixable: true,
    rationale:
      'The reader endpoint (cluster-ro-) spreads connections over read-only replicas, so every APIM write through it fails with ERROR 1290 (--read-only).',
  },
  check(ctx) {
    for (const ds of ctx.datasources) {
      if (!ds.url || !isWritable(ds)) continue;
      for (const h of ds.url.hosts) {
        if (h.templated || classifyHost(h.host).kind !== 'cluster-ro') continue;
        const writer = writerEndpointFor(h.host);
        const custom = ds.role === 'custom' ? ' (If this datasource only ever reads, set defaultReadOnly to true and this check stops.)' : '';
        ctx.report({
          datasource: ds,
          span: h.span,
          message:
            `${dsLabel(ds)} connects to the Aurora reader endpoint ${h.host}. It spreads connections over the read-only replicas, so APIM's ` +
            `writes fail with ERROR 1290 (--read-only). ` +
            `Use the cluster (writer) endpoint${writer ? ` ${writer}` : ''}.${custom}`,
          fixes: () => (writer
            ? [{ title: `Replace the reader endpoint with the cluster (writer) endpoint ${writer}`, edits: ds.edit.replaceHost(h, writer), preferred: true }]
            : []),
        });
      }
    }
  },
});
