// What the AWS Advanced JDBC Wrapper (software.amazon.jdbc.Driver, URLs jdbc:aws-wrapper:mysql://…) does with its
// connection properties, as AWS publishes it. One place for these facts; the jdbc/aws-wrapper* rules ask here.
// All of it is published advice or the wrapper's source, read here; nothing about the wrapper is measured by
// this project.
//
// Sources:
// - aws/aws-advanced-jdbc-wrapper docs/JDBC-WRAPPER-CONFIGURATION-ASSISTANT.md @ 053dd491 ("the guide"): §4.1 default
//   plugins, §4.4/§10.1 mutually exclusive plugins, §5.4 EFM parameters and their defaults, §5.6 IAM token life,
//   §6.1 clusterId, §7 host selection strategy names, §9.1 failoverMode, §10.2 database compatibility, §12.2
//   endpoint patterns, §16.3 symptom table, §18 anti-pattern table.
// - aws/aws-advanced-jdbc-wrapper wrapper/src/main/java/software/amazon/jdbc/plugin/failover2/FailoverConnectionPlugin.java
//   @ 004789f3 (initFailoverMode: an unset failoverMode is reader-or-writer on the reader cluster endpoint, else
//   strict-writer).

export const WRAPPER_GUIDE =
  'aws/aws-advanced-jdbc-wrapper docs/JDBC-WRAPPER-CONFIGURATION-ASSISTANT.md';

/** Plugins in effect when wrapperPlugins is not set (guide §4.1, §6.1). */
export const DEFAULT_PLUGINS: readonly string[] = ['initialConnection', 'auroraConnectionTracker', 'failover2', 'efm2'];

/** The read/write splitting family: load exactly one (guide §5.12a). */
export const RW_SPLITTING_PLUGINS: readonly string[] = [
  'readWriteSplitting', 'autoReadWriteSplitting', 'srw', 'autoSimpleReadWriteSplitting',
  'gdbReadWriteSplitting', 'gdbAutoReadWriteSplitting', 'gdbSimpleReadWriteSplitting', 'gdbAutoSimpleReadWriteSplitting',
];

/** Read/write splitting plugins that discover readers from the Aurora topology (guide §10.2). */
export const TOPOLOGY_RW_SPLITTING_PLUGINS: readonly string[] = [
  'readWriteSplitting', 'autoReadWriteSplitting', 'gdbReadWriteSplitting', 'gdbAutoReadWriteSplitting',
];

export const AUTH_PLUGINS: readonly string[] = ['iam', 'awsSecretsManager', 'federatedAuth', 'okta'];

/**
 * Mutually exclusive pairs (guide §4.4 / §10.1), each with the plugin to keep when the guide names one
 * (null: the choice depends on the deployment).
 */
export const EXCLUSIVE_PAIRS: readonly { a: string; b: string; keep: string | null; why: string }[] = [
  { a: 'failover', b: 'failover2', keep: 'failover2', why: 'two failover implementations conflict' },
  { a: 'failover', b: 'gdbFailover', keep: null, why: 'two failover implementations conflict' },
  { a: 'failover2', b: 'gdbFailover', keep: null, why: 'two failover implementations conflict' },
  { a: 'efm', b: 'efm2', keep: 'efm2', why: 'two failure-monitoring implementations conflict' },
  { a: 'auroraStaleDns', b: 'initialConnection', keep: 'initialConnection', why: 'initialConnection supersedes the deprecated auroraStaleDns' },
  { a: 'auroraStaleDns', b: 'srw', keep: null, why: 'auroraStaleDns works on Aurora writer endpoints, srw bypasses the topology' },
  { a: 'auroraStaleDns', b: 'gdbReadWriteSplitting', keep: null, why: 'auroraStaleDns is single-cluster, GDB read/write splitting is multi-region' },
  { a: 'initialConnection', b: 'srw', keep: null, why: 'initialConnection resolves cluster endpoints through the topology, srw uses two fixed endpoints' },
  { a: 'initialConnection', b: 'connectTime', keep: null, why: 'the wrapper lists them as incompatible' },
  ...['failover', 'failover2', 'gdbFailover', 'customEndpoint', 'fastestResponseStrategy', 'bg', 'auroraConnectionTracker', 'initialConnection', 'auroraStaleDns', ...RW_SPLITTING_PLUGINS]
    .map((p) => ({ a: 'limitless', b: p, keep: null, why: 'Aurora Limitless routes connections itself' })),
  ...pairsOf(AUTH_PLUGINS).map(([a, b]) => ({ a, b, keep: null, why: 'both supply the password: pick one authentication plugin' })),
  ...pairsOf(RW_SPLITTING_PLUGINS).map(([a, b]) => ({ a, b, keep: null, why: 'two read/write splitters: pick exactly one' })),
];

function pairsOf(xs: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < xs.length; i++) for (let j = i + 1; j < xs.length; j++) out.push([xs[i], xs[j]]);
  return out;
}

/** Deprecated plugins and their replacement (guide §1.5, §5.2, §5.5, §5.15, §18): initialConnection for the
 *  general stale-DNS handling auroraStaleDns did (bg covers its Blue/Green part). */
export const DEPRECATED_PLUGINS: Readonly<Record<string, { use: string | null; why: string }>> = {
  failover: { use: 'failover2', why: 'failover (v1) has known thread-leak bugs and slower detection' },
  efm: { use: 'efm2', why: 'efm (v1) has known thread-accumulation bugs' },
  auroraStaleDns: {
    use: 'initialConnection',
    why:
      'auroraStaleDns is deprecated, superseded by initialConnection (stale DNS) and bg (Blue/Green); failover2 already honours ' +
      'skipInactiveWriterClusterEndpointCheck without it',
  },
};

/** Plugins that need an Aurora (or RDS Multi-AZ DB cluster) topology: wrong on RDS Single-AZ or community MySQL (guide §10.2, §13.4). */
export const TOPOLOGY_PLUGINS: readonly string[] = [
  'initialConnection', 'auroraConnectionTracker', 'failover', 'failover2', 'gdbFailover', 'auroraStaleDns',
  'fastestResponseStrategy', 'customEndpoint', ...TOPOLOGY_RW_SPLITTING_PLUGINS,
];

/** wrapperDialect values that name a database without an Aurora topology (guide §8.1). */
export const NON_AURORA_DIALECTS: readonly string[] = ['mysql', 'rds-mysql', 'mariadb'];
export const GLOBAL_DIALECT = 'global-aurora-mysql';

/** Enhanced Failure Monitoring defaults (guide §5.4): detection after time + interval × count ≈ 45 s. */
export const EFM_DEFAULTS = { failureDetectionTime: 30000, failureDetectionInterval: 5000, failureDetectionCount: 3 } as const;

/** IAM authentication tokens live 15 minutes (guide §5.6, §14.1: pooled connections should be retired before). */
export const IAM_TOKEN_LIFE_MS = 900000;

/** The wrapper's javax.sql.DataSource (guide §14.1, §15.5): configured by bean properties, not by a JDBC URL. */
export const AWS_WRAPPER_DATASOURCE_CLASS = 'software.amazon.jdbc.ds.AwsWrapperDataSource';

/** Default total failover budget (guide §5.1) and the "Normal" profile the guide recommends instead of huge values (§18). */
export const FAILOVER_TIMEOUT_DEFAULT_MS = 300000;
export const FAILOVER_TIMEOUT_NORMAL_MS = 180000;

/** Host selection strategy names: exact camelCase, anything else is not recognised (guide §7). */
export const HOST_SELECTOR_STRATEGIES: readonly string[] = ['random', 'roundRobin', 'leastConnections', 'weightedRandom', 'fastestResponse', 'highestWeight'];
export const HOST_SELECTOR_PROPERTIES: readonly string[] = [
  'readerHostSelectorStrategy', 'failoverReaderHostSelectorStrategy', 'initialConnectionHostSelectorStrategy', 'readerInitialConnectionHostSelectorStrategy',
];

/** wrapperLoggerLevel values the guide says to avoid in production (§6.7, §18). */
export const NOISY_LOGGER_LEVELS: readonly string[] = ['ALL', 'FINEST'];

export type FailoverMode = 'strict-writer' | 'strict-reader' | 'reader-or-writer';
export const FAILOVER_MODES: readonly FailoverMode[] = ['strict-writer', 'strict-reader', 'reader-or-writer'];

/**
 * The failoverMode the failover plugins use when none is set (FailoverConnectionPlugin.initFailoverMode): the
 * reader cluster endpoint (`cluster-ro-`) gets reader-or-writer, every other host strict-writer, including a
 * custom domain (CNAME) that points at the reader endpoint and an Aurora custom endpoint.
 */
export function derivedFailoverMode(hostKind: string): FailoverMode {
  return hostKind === 'cluster-ro' ? 'reader-or-writer' : 'strict-writer';
}

/** The plugin cannot join this list: the guide lists it as mutually exclusive with one already there. */
export function excludedBy(plugin: string, plugins: readonly string[]): string | null {
  for (const x of EXCLUSIVE_PAIRS) {
    if (x.a === plugin && plugins.includes(x.b)) return x.b;
    if (x.b === plugin && plugins.includes(x.a)) return x.a;
  }
  return null;
}

/** Split a wrapperPlugins value into plugin codes (comma-separated; codes are case-sensitive). */
export function splitPlugins(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

/** The strategy name the user probably meant (`round-robin` → `roundRobin`), or null. */
export function canonicalStrategy(value: string): string | null {
  const squashed = value.replace(/[-_\s]/g, '').toLowerCase();
  return HOST_SELECTOR_STRATEGIES.find((s) => s.toLowerCase() === squashed) ?? null;
}
