// Project configuration (`aurora-guard.json`) and the options the engine runs with.
// The same shape is read by the CLI and the extension; extension settings map onto it.
import type { Severity } from '../model/types';
import type { ConfigProblem } from './schema';
import { configProblems } from './schema';
import type { HelmChartRef } from '../knowledge/wso2/helmChart';

export type Target = 'auto' | 'aurora-serverless-v2' | 'aurora-provisioned' | 'mysql';
export type SeverityOverride = Severity | 'off';

export interface ClusterFacts {
  /** Serverless v2 capacity range (ACU). */
  minAcu?: number;
  maxAcu?: number;
  /** Auto-pause enabled (min ACU 0). */
  autoPause?: boolean;
  /** Number of APIM nodes that share the cluster. */
  apimNodes?: number;
  /** `@@max_connections` if known (e.g. from a probe). */
  maxConnections?: number;
}

/** What the failover forecast assumes about the application and the JVM (aurora-guard.json "forecast"). */
export interface ForecastFacts {
  /** APIM worker threads that use the pool (default 8). */
  threads?: number;
  /** Each thread uses a connection every this many ms (default 50). */
  borrowEveryMs?: number;
  /** The JVM DNS cache TTL in effect (networkaddress.cache.ttl, s); default: what the workspace's JVM files set, else the JDK's 30 s. */
  dnsTtl?: number;
  /** Auto-pause resume time (ms): about 30000 after a pause of more than 24 h (default, the worst case), 15000 after a shorter one. */
  resumeMs?: number;
}

/** The JSON file's shape. Unknown keys are an error (a typo must not silently do nothing). */
export interface ProjectConfig {
  target?: Target;
  cluster?: ClusterFacts;
  forecast?: ForecastFacts;
  /** APIM version the files are for, e.g. "4.2.0" (drives defaults; optional). */
  apimVersion?: string;
  /** Version of the wso2/helm-apim chart Helm values files are for, e.g. "4.5.0-3" (Chart.yaml beside a values file wins). */
  helmChartVersion?: string;
  rules?: Record<string, SeverityOverride>;
}

/** Options after defaults are applied. */
export interface ResolvedOptions {
  target: Target;
  cluster: ClusterFacts;
  forecast: ForecastFacts;
  apimVersion: string | null;
  /** The chart a Helm values file is rendered with (its pool defaults depend on it); null when not known. */
  helmChart?: HelmChartRef | null;
  rules: Record<string, SeverityOverride>;
}

export function resolveOptions(config: ProjectConfig = {}): ResolvedOptions {
  return {
    target: config.target ?? 'auto',
    cluster: { ...(config.cluster ?? {}) },
    forecast: { ...(config.forecast ?? {}) },
    apimVersion: config.apimVersion ?? null,
    helmChart: config.helmChartVersion ? { version: config.helmChartVersion, name: null } : null,
    rules: { ...(config.rules ?? {}) },
  };
}

/** Layer configs: later ones win key by key (e.g. user settings, then the workspace file). */
export function mergeConfigs(...configs: (ProjectConfig | undefined)[]): ProjectConfig {
  const out: ProjectConfig = {};
  for (const c of configs) {
    if (!c) continue;
    if (c.target !== undefined) out.target = c.target;
    if (c.apimVersion !== undefined) out.apimVersion = c.apimVersion;
    if (c.helmChartVersion !== undefined) out.helmChartVersion = c.helmChartVersion;
    if (c.cluster) out.cluster = { ...(out.cluster ?? {}), ...c.cluster };
    if (c.forecast) out.forecast = { ...(out.forecast ?? {}), ...c.forecast };
    if (c.rules) out.rules = { ...(out.rules ?? {}), ...c.rules };
  }
  return out;
}

export class ConfigError extends Error {
  constructor(
    message: string,
    /** Each problem with its JSON path (for a diagnostic on the offending key); empty when not known. */
    readonly problems: ConfigProblem[] = [],
  ) {
    super(message);
  }
}

/**
 * Validate a parsed JSON value as a ProjectConfig against the schema of aurora-guard.json
 * (schemas/aurora-guard.schema.json); throws ConfigError naming every bad key, e.g.
 * `aurora-guard.json: unknown rule 'pool/validaton-interval' (did you mean 'pool/validation-interval'?)`.
 */
export function validateProjectConfig(value: unknown, source = 'aurora-guard.json'): ProjectConfig {
  const problems = configProblems(value);
  if (problems.length) throw new ConfigError(`${source}: ${problems.map((p) => p.message).join('; ')}`, problems);
  const obj = value as ProjectConfig;
  const out: ProjectConfig = {};
  if (obj.target !== undefined) out.target = obj.target;
  if (obj.apimVersion !== undefined) out.apimVersion = obj.apimVersion;
  if (obj.helmChartVersion !== undefined) out.helmChartVersion = obj.helmChartVersion;
  if (obj.cluster !== undefined) out.cluster = { ...obj.cluster };
  if (obj.forecast !== undefined) out.forecast = { ...obj.forecast };
  if (obj.rules !== undefined) out.rules = { ...obj.rules };
  return out;
}
