// jdbc/aws-wrapper — (1) consistency: a jdbc:aws-wrapper: URL needs software.amazon.jdbc.Driver and
// that driver needs a jdbc:aws-wrapper: URL (TOML type = "mysql" infers com.mysql.jdbc.Driver);
// (2) mutually exclusive wrapper plugins (failover + failover2, efm + efm2, … AWS's list) must not be combined; (3) for Aurora cluster
// endpoints, suggest the AWS Advanced JDBC Wrapper (topology-aware failover, closing pooled
// connections to a demoted writer, avoiding stale DNS on the first connect).
import type { Fix } from '../types';
import { defineRule } from '../define';
import type { ConfigDocument, Datasource, JdbcHost } from '../../model/types';
import { classifyHost } from '../../knowledge/aurora/endpoints';
import { EXCLUSIVE_PAIRS, splitPlugins } from '../../knowledge/aurora/awsWrapper';
import { driverPropsInEffect, propValueTemplated } from '../shared/driverProps';
import { AWS_WRAPPER_DRIVER, CONNECTOR_J_DRIVER } from '../shared/drivers';
import { insertTomlKeyAfter, urlEditable } from '../shared/edits';
import { dsLabel, humanList } from '../shared/labels';
import { entryTemplated } from '../shared/templates';

/** Edits that point the datasource's driver at `cls`: replace the written driver, or add one. */
function driverEdits(doc: ConfigDocument, ds: Datasource, cls: string) {
  if (ds.driver) return ds.edit.replaceValue(ds.driver, cls);
  // a Helm values file without databases.jdbc.driver: that key is shared by every datasource of the chart, and
  // adding it is left to the user (no TOML line may go into YAML)
  if (ds.valuesPath) return null;
  if (ds.format === 'deployment-toml') {
    const after = ds.urlEntry ?? ds.dbType;
    return after ? insertTomlKeyAfter(doc, after, 'driver', cls) : null;
  }
  return ds.edit.setSetting('driverClassName', cls);
}

/** Edit that turns `jdbc:mysql:` into `jdbc:aws-wrapper:mysql:` in the written URL. */
function schemeEdit(doc: ConfigDocument, ds: Datasource) {
  if (!ds.url || !urlEditable(ds)) return null;
  const at = ds.url.span.start;
  if (doc.text.slice(at, at + 5).toLowerCase() !== 'jdbc:') return null;
  return { span: { start: at + 5, end: at + 5 }, newText: 'aws-wrapper:' };
}

export const awsWrapperRule = defineRule({
  meta: {
    id: 'jdbc/aws-wrapper',
    title: 'AWS Advanced JDBC Wrapper: use it for Aurora, and configure it consistently',
    defaultSeverity: 'info',
    tags: ['jdbc', 'aurora'],
    formats: ['carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: true,
    auroraOnly: true,
    fixable: true,
    rationale:
      'The AWS Advanced JDBC Wrapper knows the Aurora topology (failover, closing pooled connections to a demoted writer, no stale DNS on connect); a jdbc:aws-wrapper: URL only works with software.amazon.jdbc.Driver and vice versa.',
  },
  check(ctx) {
    const doc = ctx.doc;
    const candidates: { ds: Datasource; cluster: JdbcHost; driverTemplated: boolean }[] = [];
    for (const ds of ctx.datasources) {
      const url = ds.url;
      if (!url || (url.templated && !url.scheme)) continue;
      const label = dsLabel(ds);
      const driver = ds.driverClass;
      const driverTemplated = !!ds.driver && entryTemplated(ds.driver);
      const driverWhere = ds.driver
        ? 'set in the file'
        : ds.format === 'deployment-toml'
          ? 'inferred by WSO2 from type = "mysql"'
          : 'in effect';

      // (1a) wrapper URL, other driver
      if (url.awsWrapper && driver && !driverTemplated && driver !== AWS_WRAPPER_DRIVER) {
        const inferred = !ds.driver;
        ctx.report({
          datasource: ds,
          span: ds.driver ? ds.driver.valueSpan : (ds.dbType?.entrySpan ?? ds.headerSpan),
          fromDefault: inferred,
          severity: 'error',
          message:
            `The JDBC URL of ${label} starts with jdbc:aws-wrapper:, but the driver is ${driver} (${driverWhere}). Tomcat instantiates that ` +
            `class and hands it the URL; a MySQL driver does not accept jdbc:aws-wrapper: URLs, so connections will most likely fail. ` +
            `Set the driver to ${AWS_WRAPPER_DRIVER}.`,
          fixes: (): Fix[] => {
            const edits = driverEdits(doc, ds, AWS_WRAPPER_DRIVER);
            return edits
              ? [{ title: inferred ? `Add driver = "${AWS_WRAPPER_DRIVER}"` : `Set the driver to ${AWS_WRAPPER_DRIVER}`, edits, preferred: true }]
              : [];
          },
        });
      }
      // (1b) wrapper driver, plain URL
      if (!url.awsWrapper && driver === AWS_WRAPPER_DRIVER && !driverTemplated && url.scheme) {
        const fixes = (): Fix[] => {
          const out: Fix[] = [];
          const se = schemeEdit(doc, ds);
          if (se) out.push({ title: `Change the URL scheme to jdbc:aws-wrapper:${url.subprotocol}:`, edits: [se], preferred: true });
          if (ds.driver) out.push({ title: `Set the driver to ${CONNECTOR_J_DRIVER} (no wrapper)`, edits: ds.edit.replaceValue(ds.driver, CONNECTOR_J_DRIVER), preferred: !se });
          return out;
        };
        ctx.report({
          datasource: ds,
          span: ds.driver ? ds.driver.valueSpan : ds.headerSpan,
          severity: 'error',
          message:
            `${label} uses the driver ${AWS_WRAPPER_DRIVER}, but its JDBC URL starts with ${url.scheme}; the wrapper accepts only ` +
            `jdbc:aws-wrapper: URLs, so connections will most likely fail. Use jdbc:aws-wrapper:${url.subprotocol}://… (or the plain MySQL driver).`,
          fixes,
        });
      }
      // (2) mutually exclusive plugins (failover + failover2, efm + efm2, two auth or read/write splitting plugins …)
      if (url.awsWrapper) {
        // every occurrence that can be in effect (URL vs properties precedence depends on the driver version)
        for (const prop of driverPropsInEffect(ds, 'wrapperPlugins')) {
          if (propValueTemplated(doc, prop)) continue;
          const plugins = splitPlugins(prop.value);
          for (const pair of EXCLUSIVE_PAIRS) {
            if (!plugins.includes(pair.a) || !plugins.includes(pair.b)) continue;
            const drop = pair.keep === null ? null : pair.keep === pair.a ? pair.b : pair.a;
            const kept = drop ? plugins.filter((p) => p !== drop).join(',') : null;
            ctx.report({
              datasource: ds,
              span: prop.span,
              severity: 'warning',
              message:
                `wrapperPlugins of ${label} is ${prop.value}: it enables both ${pair.a} and ${pair.b}, which the AWS JDBC wrapper ` +
                `documentation says must not be combined (${pair.why}; published advice, not measured here). ` +
                (kept !== null ? `Keep ${pair.keep} (${kept}).` : `Keep the one this deployment needs.`),
              fixes: (): Fix[] => {
                if (kept === null) return [];
                const edits = ds.edit.setDriverProp(prop.name, kept, prop.source);
                return edits ? [{ title: `Set wrapperPlugins=${kept}`, edits, preferred: true }] : [];
              },
            });
          }
        }
        continue;
      }
      // (3) suggestion for a plain MySQL URL on an Aurora cluster endpoint (reported once per file, below)
      if (driver === AWS_WRAPPER_DRIVER) continue;
      const cluster = url.hosts.find((h) => !h.templated && classifyHost(h.host).kind === 'cluster');
      if (cluster) candidates.push({ ds, cluster, driverTemplated });
    }
    // One suggestion per file, on the first datasource that could use the wrapper; the others are named in it.
    const first = candidates[0];
    if (!first) return;
    const { ds, cluster, driverTemplated } = first;
    const url = ds.url!;
    const others = candidates.slice(1).map((c) => dsLabel(c.ds));
    // A Helm values file has one driver for all its datasources (databases.jdbc.driver): switching it switches every
    // datasource that shares it, so their URLs must change in the same fix or their connections would fail.
    const sharers = ds.driver ? doc.datasources.filter((o) => o !== ds && o.driver && o.driver.valueSpan.start === ds.driver!.valueSpan.start) : [];
    const fixes = (): Fix[] => {
      const se = schemeEdit(doc, ds);
      const de = driverTemplated ? null : driverEdits(doc, ds, AWS_WRAPPER_DRIVER);
      if (!se || !de) return [];
      const more = [];
      for (const o of sharers) {
        if (o.url?.awsWrapper) continue;
        const e = o.url && !o.url.templated ? schemeEdit(doc, o) : null;
        if (!e) return [];
        more.push(e);
      }
      const names = humanList([dsLabel(ds), ...sharers.map((o) => dsLabel(o))]);
      return [{
        title: `Switch ${names} to the AWS Advanced JDBC Wrapper (jdbc:aws-wrapper:${url.subprotocol}: and ${AWS_WRAPPER_DRIVER}; needs its jar in repository/components/lib)`,
        edits: [se, ...more, ...de],
        preferred: false,
      }];
    };
    ctx.report({
      datasource: ds,
      span: cluster.span,
      message:
        `${dsLabel(ds)}${others.length ? ` (and ${humanList(others)})` : ''} reach${others.length ? '' : 'es'} the Aurora cluster endpoint ` +
        `through the plain MySQL driver. Consider the AWS Advanced JDBC Wrapper (jdbc:aws-wrapper:${url.subprotocol}://…, driver ` +
        `${AWS_WRAPPER_DRIVER}, its jar next to Connector/J in repository/components/lib): its default plugins close pooled connections ` +
        `to an instance whose role changed and avoid stale DNS when connecting. Not measured with APIM, whose DAO code closes connections ` +
        `on errors: the request that hits the failover will probably still fail.`,
      fixes,
    });
  },
});
