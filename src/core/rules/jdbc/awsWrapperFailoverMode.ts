// jdbc/aws-wrapper-failover-mode — the role the wrapper's failover plugins reconnect to (failoverMode) must match
// the datasource: every APIM datasource writes, so a reader mode sends its writes to a read-only replica after a
// failover; and a reader datasource in strict-writer mode moves onto the writer. An unset failoverMode is derived
// from the URL's host (FailoverConnectionPlugin.initFailoverMode): reader-or-writer on the reader cluster endpoint
// (cluster-ro-), strict-writer everywhere else, including a custom domain (CNAME) or custom endpoint that fronts
// readers (AWS wrapper configuration guide §9.1, §3.6b, §17.3).
import type { Fix } from '../types';
import { defineRule } from '../define';
import { derivedFailoverMode, FAILOVER_MODES, type FailoverMode } from '../../knowledge/aurora/awsWrapper';
import { compact, setDriverPropFix } from '../shared/fixes';
import { dsLabel, whereDriverProp } from '../shared/labels';
import { isWritable } from '../shared/readOnly';
import { firstHost, pluginListLabel, pluginLists, wrapperDatasources, wrapperPropUnknown, wrapperProps } from '../shared/awsWrapper';

const FAILOVER_PLUGINS = ['failover', 'failover2'];

export const awsWrapperFailoverModeRule = defineRule({
  meta: {
    id: 'jdbc/aws-wrapper-failover-mode',
    title: 'AWS wrapper failoverMode does not match what the datasource does',
    defaultSeverity: 'warning',
    tags: ['jdbc', 'aurora'],
    formats: ['carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: true,
    auroraOnly: false,
    fixable: true,
    rationale:
      'After a failover the AWS wrapper reconnects to the role failoverMode names: a reader mode sends APIM\'s writes to a read-only replica, and strict-writer (the default except on the cluster-ro endpoint) moves a reader datasource onto the writer.',
  },
  check(ctx) {
    if (ctx.options.target === 'mysql') return;
    for (const ds of wrapperDatasources(ctx.datasources)) {
      const list = pluginLists(ctx.doc, ds).find((l) => l.plugins.some((p) => FAILOVER_PLUGINS.includes(p)));
      if (!list) continue;
      const h = firstHost(ds);
      if (!h || wrapperPropUnknown(ctx.doc, ds, 'failoverMode')) continue;
      const label = dsLabel(ds);
      const writes = isWritable(ds);
      const readerEndpoint = h.kind === 'cluster-ro';
      const via = `(failover plugin from ${pluginListLabel(list)})`;
      const written = wrapperProps(ctx.doc, ds, 'failoverMode');
      if (written.length) {
        for (const p of written) {
          const mode = p.value.trim().toLowerCase() as FailoverMode;
          if (!FAILOVER_MODES.includes(mode)) continue;
          if (writes && mode !== 'strict-writer') {
            ctx.report({
              datasource: ds,
              span: p.span,
              message:
                `failoverMode=${p.value.trim()} ${whereDriverProp(p)} of ${label}: after a failover the AWS wrapper reconnects this datasource ` +
                `${mode === 'strict-reader' ? 'only to a reader' : 'to a reader when one is available'} ${via}, but APIM writes through it ` +
                `(defaultReadOnly is not true), and writes on a reader fail with ERROR 1290 (--read-only). Set failoverMode=strict-writer ` +
                `(AWS's configuration guide, published advice: strict-writer for writer pools).`,
              fixes: (): Fix[] => compact([setDriverPropFix(ds, 'failoverMode', 'strict-writer', p)]),
            });
          } else if (!writes && mode === 'strict-writer') {
            ctx.report({
              datasource: ds,
              span: p.span,
              message:
                `failoverMode=strict-writer ${whereDriverProp(p)} of ${label}, a read-only datasource (defaultReadOnly=true): after a failover the ` +
                `AWS wrapper reconnects it only to the writer ${via}, moving its read load onto the writer. AWS's configuration guide ` +
                `(published advice, not measured here) gives reader pools failoverMode=strict-reader. Set failoverMode=strict-reader.`,
              fixes: (): Fix[] => compact([setDriverPropFix(ds, 'failoverMode', 'strict-reader', p)]),
            });
          }
        }
        continue;
      }
      // unset: the mode the wrapper derives from the host
      const derived = derivedFailoverMode(h.kind);
      if (writes && readerEndpoint) continue; // aurora/reader-endpoint-for-writer reports the endpoint itself
      if (!writes && derived === 'strict-writer') {
        ctx.report({
          datasource: ds,
          span: h.host.span,
          fromDefault: true,
          message:
            `${label} is read-only (defaultReadOnly=true) and sets no failoverMode, so the AWS wrapper uses strict-writer: it derives ` +
            `reader-or-writer only for the reader cluster endpoint (cluster-ro-), not for ${h.host.host} ${via}. After a failover this ` +
            `reader datasource reconnects only to the writer, moving its read load there. Set failoverMode=strict-reader (AWS's ` +
            `configuration guide, published advice, not measured here; the wrapper's FailoverConnectionPlugin source for the default).`,
          fixes: (): Fix[] => compact([setDriverPropFix(ds, 'failoverMode', 'strict-reader', null)]),
        });
      }
    }
  },
});
