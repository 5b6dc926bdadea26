// serverless/max-connections-budget: Σ maxActive in effect × APIM nodes against the cluster's @@max_connections:
// the one the project states (cluster.maxConnections, e.g. read by the probe), else AWS's published default for the
// Serverless v2 maximum ACU (aurora/maxConnections.ts). Reported when the total leaves less than 20 % headroom.
import { defineRule } from '../define';
import type { Datasource, RelatedLocation, Span } from '../../model/types';
import type { EffectiveValue } from '../../knowledge/wso2/defaults';
import { effectiveNumber } from '../../knowledge/wso2/defaults';
import { originSuffix } from '../shared/labels';
import { dsName } from '../../knowledge/datasourceName';
import { entrySpan } from '../shared/spans';
import { serverlessV2MysqlMaxConnections } from '../../knowledge/aurora/maxConnections';

/** At most 80 % of max_connections: 20 % headroom for admin sessions, monitoring and pools refilling at once. */
const THRESHOLD = 0.8;

interface Pool {
  ds: Datasource;
  n: number;
  eff: EffectiveValue;
  span: Span;
  fromDefault: boolean;
}

export const maxConnectionsBudgetRule = defineRule({
  meta: {
    id: 'serverless/max-connections-budget',
    title: 'Connection pools can exceed the cluster\'s max_connections',
    defaultSeverity: 'warning',
    tags: ['serverless', 'aurora', 'pool'],
    formats: ['carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: true,
    auroraOnly: true,
    fixable: false,
    rationale:
      'Every APIM node opens up to maxActive connections per datasource; Aurora Serverless v2 derives @@max_connections from the maximum ACU, and pools that all refill after a failover can hit it.',
  },
  check(ctx) {
    const ver = ctx.options.apimVersion;
    const pools: Pool[] = [];
    let unknown = 0;
    for (const ds of ctx.datasources) {
      const { n, eff } = effectiveNumber(ds, 'maxActive', ver);
      if (!Number.isFinite(n)) {
        unknown++;
        continue;
      }
      // Tomcat resets maxActive < 1 to its default of 100 (ConnectionPool.init).
      const size = n < 1 ? 100 : n;
      pools.push({ ds, n: size, eff, span: eff.entry ? entrySpan(eff.entry) : ds.headerSpan, fromDefault: !eff.entry });
    }
    if (pools.length === 0) return;
    const nodes = Math.max(1, ctx.options.cluster.apimNodes ?? 1);
    const perNode = pools.reduce((a, p) => a + p.n, 0);
    const total = perNode * nodes;
    const terms = pools.map((p) => `${dsName(p.ds)} ${p.n}${originSuffix(p.ds, p.eff)}`).join(' + ');
    const sum = `${nodes} APIM node${nodes === 1 ? '' : 's'} × (${terms}) = ${total} connections at peak`;
    const notCounted = unknown ? ` (${unknown} templated maxActive value${unknown === 1 ? '' : 's'} not counted)` : '';
    const stated = ctx.options.cluster.maxConnections;
    const maxAcu = ctx.options.cluster.maxAcu;
    let maxConn: number;
    let what: string;
    let remedy: string;
    let basis = '';
    if (stated !== undefined && stated > 0) {
      maxConn = stated;
      what = `the cluster's @@max_connections ${stated}`;
      remedy = 'or give the cluster a larger max_connections (higher max ACU or instance class)';
    } else {
      // the maximum ACU only decides max_connections on Serverless v2
      if (maxAcu === undefined || ctx.options.target === 'aurora-provisioned' || ctx.options.target === 'mysql') return;
      const est = serverlessV2MysqlMaxConnections(maxAcu);
      if (!est) return;
      maxConn = est.value;
      what = `${est.value}, the default @@max_connections of Aurora MySQL Serverless v2 at a maximum of ${maxAcu} ACU`;
      basis =
        ` Where ${est.value} comes from: ${est.how}. Serverless v2 derives max_connections from the maximum ACU, not the current ` +
        'capacity, and applies a new maximum only after a reboot.';
      remedy =
        'or raise the maximum ACU and reboot the instances; if the parameter group sets max_connections itself, read it with ' +
        '`aurora-guard probe` and set cluster.maxConnections in aurora-guard.json (a stated value replaces this estimate)';
    }
    const limit = Math.floor(maxConn * THRESHOLD);
    if (total <= limit) return;
    const each = Math.max(1, Math.floor(limit / nodes / pools.length));
    const message =
      `${sum}${notCounted}, above 80 % of ${what} (${limit}): when the pools fill up, for instance all reconnecting after a failover, ` +
      `the cluster refuses new connections ("Too many connections") and leaves no headroom for admin sessions; keep the total at or below ${limit} ` +
      `(e.g. maxActive ${each} per datasource) ${remedy}.${basis}`;
    const largest = pools.reduce((a, p) => (p.n > a.n ? p : a), pools[0]);
    const related: RelatedLocation[] = pools
      .filter((p) => p !== largest)
      .map((p) => ({ span: p.span, message: `${dsName(p.ds)}: maxActive ${p.n}${originSuffix(p.ds, p.eff)}` }));
    ctx.report({
      message,
      span: largest.span,
      fromDefault: largest.fromDefault,
      datasource: largest.ds,
      related,
      fixes: [],
    });
  },
});
