// jdbc/aws-wrapper-plugin-fit — AWS wrapper plugins that do not fit the database, the endpoint or the pooling
// (AWS wrapper configuration guide §4.1, §5.10, §5.13, §5.14, §5.16, §10.2–§10.4, §13.4, §14.2, §17.2, §17.7,
// symptom table §16.3, anti-pattern table §18):
// - topology plugins (the default list included) on a database without an Aurora topology;
// - a cluster endpoint monitored by efm/efm2 without initialConnection (EFM then watches the cluster endpoint);
// - bg through a custom domain, or on a Multi-AZ DB cluster / Global Database dialect;
// - read/write splitting on a reader-only datasource, or without the wrapper's internal pool;
// - auroraConnectionTracker next to the wrapper's internal pool.
import type { Fix, Severity } from '../types';
import { defineRule } from '../define';
import type { Span } from '../../model/types';
import { excludedBy, RW_SPLITTING_PLUGINS, TOPOLOGY_PLUGINS } from '../../knowledge/aurora/awsWrapper';
import { compact } from '../shared/fixes';
import { dsLabel, humanList } from '../shared/labels';
import {
  firstHost, nonAuroraReason, pluginListLabel, pluginLists, setPluginsFix, wrapperDatasources, wrapperPropSet, wrapperPropValue,
} from '../shared/awsWrapper';

const GUIDE = "AWS's wrapper configuration guide (published advice, not measured here)";


export const awsWrapperPluginFitRule = defineRule({
  meta: {
    id: 'jdbc/aws-wrapper-plugin-fit',
    title: 'AWS wrapper plugins that do not fit the database, endpoint or pooling',
    defaultSeverity: 'warning',
    tags: ['jdbc', 'aurora'],
    formats: ['carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: true,
    auroraOnly: false,
    fixable: true,
    rationale:
      'AWS lists wrapper plugin choices that misbehave: Aurora topology plugins on other databases, EFM on a cluster endpoint without initialConnection, bg through a CNAME, read/write splitting where it has nothing to do.',
  },
  check(ctx) {
    const doc = ctx.doc;
    for (const ds of wrapperDatasources(ctx.datasources)) {
      const label = dsLabel(ds);
      const h = firstHost(ds);
      const span: Span = h ? h.host.span : ds.url!.span;
      const internalPool = wrapperPropSet(doc, ds, 'connectionPoolType');
      const dialect = wrapperPropValue(doc, ds, 'wrapperDialect');
      const nonAurora = nonAuroraReason(doc, ds, ctx.options);
      for (const l of pluginLists(doc, ds)) {
        const at = l.prop ? l.prop.span : span;
        const src = pluginListLabel(l);
        const report = (message: string, fixes: () => Fix[], severity?: Severity) =>
          ctx.report({ datasource: ds, span: at, fromDefault: !l.prop, message, fixes, ...(severity ? { severity } : {}) });

        if (nonAurora) {
          const topo = l.plugins.filter((p) => TOPOLOGY_PLUGINS.includes(p));
          if (topo.length) {
            const keep = l.plugins.filter((p) => !TOPOLOGY_PLUGINS.includes(p));
            report(
              `${label} uses the AWS wrapper on a database without an Aurora topology (${nonAurora}), but ${src} include${l.prop ? 's' : ''} ` +
                `${humanList(topo)}, which assume${topo.length === 1 ? 's' : ''} Aurora: ${GUIDE} says they fail or misbehave there ` +
                `(auroraConnectionTracker can throw NullPointerExceptions). Keep only plugins that work anywhere: wrapperPlugins=${keep.join(',')}` +
                `${keep.length ? '' : ' (empty: no plugins)'}.`,
              () => compact([setPluginsFix(ds, l, keep, `Set wrapperPlugins=${keep.join(',')} (no Aurora topology plugins)`)]),
            );
          }
          continue;
        }
        // EFM on a cluster endpoint without initialConnection
        const efm = l.plugins.find((p) => p === 'efm2' || p === 'efm');
        if (h && efm && ['cluster', 'cluster-ro', 'global'].includes(h.kind) && !l.plugins.includes('initialConnection')) {
          const next = ['initialConnection', ...l.plugins];
          report(
            `${src} of ${label} enable${l.prop ? 's' : ''} ${efm} on the ${h.kind === 'global' ? 'Global Database writer' : h.kind === 'cluster-ro' ? 'reader cluster' : 'cluster'} endpoint ` +
              `${h.host.host} without initialConnection. ${GUIDE}: without it the first connection lands on the cluster endpoint, EFM monitors the ` +
              `cluster endpoint instead of an instance, and stale DNS after a failover can trigger false failure detections or no failover at all. ` +
              `Add initialConnection.`,
            () => (!excludedBy('initialConnection', l.plugins) ? compact([setPluginsFix(ds, l, next, `Set wrapperPlugins=${next.join(',')} (add initialConnection)`)]) : []),
          );
        }
        // bg where it is not supported
        if (l.plugins.includes('bg')) {
          const why =
            h?.kind === 'other' ? `through ${h.host.host}, a custom domain (CNAME): the bg plugin does not support CNAME aliases`
              : h?.kind === 'global' || dialect === 'global-aurora-mysql' ? 'on an Aurora Global Database, which the bg plugin does not support'
                : dialect === 'rds-multi-az-mysql-cluster' ? 'on an RDS Multi-AZ DB cluster (wrapperDialect=rds-multi-az-mysql-cluster), which the bg plugin does not support'
                  : null;
          if (why) {
            report(
              `${src} of ${label} enable${l.prop ? 's' : ''} bg (Blue/Green) ${why}; ${GUIDE} says switchover behaviour is then undefined. ` +
                'Connect through the cluster or instance endpoint for Blue/Green, or use failover2 (a Multi-AZ DB cluster tunes clusterTopologyRefreshRateMs).',
              () => [],
            );
          }
        }
        const rw = l.plugins.filter((p) => RW_SPLITTING_PLUGINS.includes(p));
        if (rw.length) {
          const mode = wrapperPropValue(doc, ds, 'failoverMode');
          const readerOnly = h?.kind === 'cluster-ro' || mode === 'strict-reader';
          if (readerOnly) {
            const keep = l.plugins.filter((p) => !RW_SPLITTING_PLUGINS.includes(p));
            report(
              `${src} of ${label} enable${l.prop ? 's' : ''} ${humanList(rw)} on a reader-only datasource (${h?.kind === 'cluster-ro' ? `the reader endpoint ${h.host.host}` : 'failoverMode=strict-reader'}): ` +
                `the plugin switches a connection between writer and readers on setReadOnly(), and here it has nothing to switch (${GUIDE}). ` +
                `Drop it: the reader endpoint and failoverMode=strict-reader already keep the datasource on readers.`,
              () => compact([setPluginsFix(ds, l, keep, `Set wrapperPlugins=${keep.join(',')} (drop ${humanList(rw)})`)]),
            );
          } else if (!internalPool) {
            report(
              `${src} of ${label} enable${l.prop ? 's' : ''} ${humanList(rw)} without the wrapper's internal pool (connectionPoolType): ${GUIDE} ` +
                'says every setReadOnly() flip can then open a new physical connection, churning connections up to per-instance limits. Tomcat\'s ' +
                'pool in front does not help (it pools the logical connection), and the guide does not recommend running both pools. For APIM, ' +
                'prefer separate writer and reader datasources without a read/write splitting plugin.',
              () => [],
              'info',
            );
          }
        }
        if (internalPool && l.plugins.includes('auroraConnectionTracker')) {
          const keep = l.plugins.filter((p) => p !== 'auroraConnectionTracker');
          report(
            `${src} of ${label} include${l.prop ? 's' : ''} auroraConnectionTracker while connectionPoolType enables the wrapper's internal pool: ` +
              `${GUIDE} says the internal pool already tracks connections per instance and invalidates them on a role change, so the tracker is redundant.`,
            () => compact([setPluginsFix(ds, l, keep, `Set wrapperPlugins=${keep.join(',')} (drop auroraConnectionTracker)`)]),
            'info',
          );
        }
      }
    }
  },
});
