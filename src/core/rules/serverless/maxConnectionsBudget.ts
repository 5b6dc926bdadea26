// serverless/max-connections-budget: Σ maxActive in effect × APIM nodes against the cluster's @@max_connections.
import type { Rule } from '../types';
import type { Datasource, RelatedLocation, Span } from '../../model/types';
import type { EffectiveValue } from '../../wso2/defaults';
import { effectiveNumber } from '../../wso2/defaults';
import { dsName, originSuffix } from '../shared/labels';
import { entrySpan } from '../shared/spans';

const THRESHOLD = 0.8;
/** research §4: without @@max_connections, warn only for ≥ 2 nodes, > 50 per node, declared max ACU ≤ 4. */
const HEURISTIC_MAX_ACU = 4;
const HEURISTIC_PER_NODE = 50;

interface Pool {
  ds: Datasource;
  n: number;
  eff: EffectiveValue;
  span: Span;
  fromDefault: boolean;
}

export const maxConnectionsBudgetRule: Rule = {
  meta: {
    id: 'serverless/max-connections-budget',
    title: 'Connection pools can exceed the cluster\'s max_connections',
    defaultSeverity: 'warning',
    tags: ['serverless', 'aurora', 'pool'],
    formats: ['carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: true,
    auroraOnly: true,
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
    const maxConn = ctx.options.cluster.maxConnections;
    let message: string;
    if (maxConn !== undefined && maxConn > 0) {
      const limit = Math.floor(maxConn * THRESHOLD);
      if (total <= limit) return;
      const each = Math.max(1, Math.floor(limit / nodes / pools.length));
      message =
        `${sum}${notCounted}, above 80 % of the cluster's @@max_connections ${maxConn} (${limit}): when the pools fill up, for instance all reconnecting after a failover, ` +
        `the cluster refuses new connections ("Too many connections") and leaves no headroom for admin sessions; keep the total at or below ${limit} ` +
        `(e.g. maxActive ${each} per datasource) or give the cluster a larger max_connections (higher max ACU or instance class).`;
    } else {
      const maxAcu = ctx.options.cluster.maxAcu;
      if (maxAcu === undefined || maxAcu > HEURISTIC_MAX_ACU || nodes < 2 || perNode <= HEURISTIC_PER_NODE) return;
      message =
        `${sum}${notCounted} against a Serverless v2 cluster with max ACU ${maxAcu}: its @@max_connections is derived from the memory of the maximum ACU, ` +
        `so a small max ACU means a small ceiling (the exact figure for ${maxAcu} ACU is not verified here); read it with \`aurora-guard probe\` and set ` +
        'cluster.maxConnections in aurora-guard.json to check this budget exactly, or lower maxActive.';
    }
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
};
