// Project configuration (`aurora-guard.json`) and the options the engine runs with.
// The same shape is read by the CLI and the extension; extension settings map onto it.
import type { Severity } from '../rules/types';
import type { HelmChartRef } from '../wso2/helmChart';

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

const TARGETS: readonly Target[] = ['auto', 'aurora-serverless-v2', 'aurora-provisioned', 'mysql'];
const OVERRIDES: readonly SeverityOverride[] = ['off', 'info', 'warning', 'error'];
const CLUSTER_NUMBERS = ['minAcu', 'maxAcu', 'apimNodes', 'maxConnections'] as const;
const FORECAST_NUMBERS = ['threads', 'borrowEveryMs', 'dnsTtl', 'resumeMs'] as const;

export class ConfigError extends Error {}

/** Validate a parsed JSON value as a ProjectConfig; throws ConfigError with a message that names the bad key. */
export function validateProjectConfig(value: unknown, source = 'aurora-guard.json'): ProjectConfig {
  const fail = (msg: string): never => {
    throw new ConfigError(`${source}: ${msg}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('must be a JSON object');
  const obj = value as Record<string, unknown>;
  const out: ProjectConfig = {};
  for (const [k, v] of Object.entries(obj)) {
    switch (k) {
      case '$schema':
        break;
      case 'target':
        if (!TARGETS.includes(v as Target)) fail(`"target" must be one of ${TARGETS.join(', ')}`);
        out.target = v as Target;
        break;
      case 'apimVersion':
        if (typeof v !== 'string' || !/^\d+(\.\d+){0,2}$/.test(v)) fail('"apimVersion" must be a version like "4.2.0"');
        out.apimVersion = v as string;
        break;
      case 'helmChartVersion':
        if (typeof v !== 'string' || !/^v?\d+\.\d+(\.\d+)?(-[0-9A-Za-z.-]+)?$/.test(v)) fail('"helmChartVersion" must be a chart version like "4.5.0-3"');
        out.helmChartVersion = v as string;
        break;
      case 'cluster': {
        if (typeof v !== 'object' || v === null || Array.isArray(v)) fail('"cluster" must be an object');
        const c: ClusterFacts = {};
        for (const [ck, cv] of Object.entries(v as Record<string, unknown>)) {
          if ((CLUSTER_NUMBERS as readonly string[]).includes(ck)) {
            if (typeof cv !== 'number' || !Number.isFinite(cv) || cv < 0) fail(`"cluster.${ck}" must be a non-negative number`);
            (c as Record<string, number>)[ck] = cv as number;
          } else if (ck === 'autoPause') {
            if (typeof cv !== 'boolean') fail('"cluster.autoPause" must be true or false');
            c.autoPause = cv as boolean;
          } else fail(`unknown key "cluster.${ck}"`);
        }
        out.cluster = c;
        break;
      }
      case 'forecast': {
        if (typeof v !== 'object' || v === null || Array.isArray(v)) fail('"forecast" must be an object');
        const f: ForecastFacts = {};
        for (const [fk, fv] of Object.entries(v as Record<string, unknown>)) {
          if (!(FORECAST_NUMBERS as readonly string[]).includes(fk)) fail(`unknown key "forecast.${fk}"`);
          const min = fk === 'dnsTtl' ? -1 : fk === 'resumeMs' ? 0 : 1;
          if (typeof fv !== 'number' || !Number.isFinite(fv) || fv < min) fail(`"forecast.${fk}" must be a number ≥ ${min}`);
          (f as Record<string, number>)[fk] = fv as number;
        }
        out.forecast = f;
        break;
      }
      case 'rules': {
        if (typeof v !== 'object' || v === null || Array.isArray(v)) fail('"rules" must be an object of rule id → severity');
        const r: Record<string, SeverityOverride> = {};
        for (const [rk, rv] of Object.entries(v as Record<string, unknown>)) {
          if (!OVERRIDES.includes(rv as SeverityOverride)) fail(`"rules.${rk}" must be one of ${OVERRIDES.join(', ')}`);
          r[rk] = rv as SeverityOverride;
        }
        out.rules = r;
        break;
      }
      default:
        fail(`unknown key "${k}"`);
    }
  }
  return out;
}
