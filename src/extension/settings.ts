// The extension's settings (package.json contributes.configuration), each with its TypeScript twin, and how
// they become the core's ProjectConfig. The workspace aurora-guard.json wins over them (see projectConfig.ts).
import * as vscode from 'vscode';
import type { ProjectConfig, SeverityOverride, Target } from '../core/config/options';
import { ConfigError, validateProjectConfig } from '../core/config/options';
import type { ProbeAuth, TlsMode } from '../core/probe/request';
import { CONFIG_SECTION } from './constants';

/** Every setting, exactly as contributed in package.json (a test keeps both lists equal). */
export interface AuroraGuardSettings {
  /** `auroraGuard.target`: what the datasources point at; `auto` decides per host (RDS/Aurora endpoint or not). */
  target: Target;
  /** `auroraGuard.apimVersion`: APIM version the files are for (drives defaults), e.g. "4.2.0"; null = unknown. */
  apimVersion: string | null;
  /** `auroraGuard.helmChartVersion`: wso2/helm-apim chart version Helm values files are for (a Chart.yaml beside the file wins); null = unknown. */
  helmChartVersion: string | null;
  /** `auroraGuard.cluster.minAcu`: Serverless v2 minimum capacity (ACU); null = unknown. */
  'cluster.minAcu': number | null;
  /** `auroraGuard.cluster.maxAcu`: Serverless v2 maximum capacity (ACU); null = unknown. */
  'cluster.maxAcu': number | null;
  /** `auroraGuard.cluster.autoPause`: the cluster auto-pauses (min ACU 0); null = unknown. */
  'cluster.autoPause': boolean | null;
  /** `auroraGuard.cluster.apimNodes`: APIM nodes that share the cluster; null = unknown. */
  'cluster.apimNodes': number | null;
  /** `auroraGuard.cluster.maxConnections`: the cluster's `@@max_connections`; null = unknown. */
  'cluster.maxConnections': number | null;
  /** `auroraGuard.rules`: rule id → `off` | `info` | `warning` | `error` (overrides the rule's default severity). */
  rules: Record<string, SeverityOverride>;
  /** `auroraGuard.files`: extra glob patterns of files to lint (besides deployment.toml, *-datasources.xml and their templates). */
  files: string[];
  /** `auroraGuard.debounceMs`: delay before linting after a change (findings that a change fixed disappear at once). */
  debounceMs: number;
  /** `auroraGuard.probe.host`: endpoint "Probe Aurora" uses when no datasource is under the cursor; null = ask. */
  'probe.host': string | null;
  /** `auroraGuard.probe.port`: its port. */
  'probe.port': number;
  /** `auroraGuard.probe.user`: its user name (the password lives in SecretStorage, never in settings); null = ask. */
  'probe.user': string | null;
  /** `auroraGuard.probe.database`: its default schema; null = none. */
  'probe.database': string | null;
  /** `auroraGuard.probe.tls`: off, required (no certificate checks) or verify (RDS CA bundle). */
  'probe.tls': TlsMode;
  /** `auroraGuard.probe.auth`: password (asked once, kept in SecretStorage) or iam (RDS IAM auth tokens generated locally; needs TLS). */
  'probe.auth': ProbeAuth;
  /** `auroraGuard.probe.region`: AWS region of IAM auth tokens; null = from the RDS host name, else AWS_REGION / AWS_DEFAULT_REGION, else the AWS profile. */
  'probe.region': string | null;
  /** `auroraGuard.forecast.codeLens`: show the failover forecast code lens above each datasource. */
  'forecast.codeLens': boolean;
}

export type SettingKey = keyof AuroraGuardSettings;

/** Defaults, equal to package.json's. */
export const SETTING_DEFAULTS: Readonly<AuroraGuardSettings> = {
  target: 'auto',
  apimVersion: null,
  helmChartVersion: null,
  'cluster.minAcu': null,
  'cluster.maxAcu': null,
  'cluster.autoPause': null,
  'cluster.apimNodes': null,
  'cluster.maxConnections': null,
  rules: {},
  files: [],
  debounceMs: 300,
  'probe.host': null,
  'probe.port': 3306,
  'probe.user': null,
  'probe.database': null,
  'probe.tls': 'off',
  'probe.auth': 'password',
  'probe.region': null,
  'forecast.codeLens': true,
};

export const SETTING_KEYS = Object.keys(SETTING_DEFAULTS) as SettingKey[];

/** Read all settings for a resource (folder-level settings apply in multi-root workspaces). */
export function readSettings(scope?: vscode.ConfigurationScope): AuroraGuardSettings {
  const c = vscode.workspace.getConfiguration(CONFIG_SECTION, scope);
  const out = { ...SETTING_DEFAULTS } as Record<SettingKey, unknown>;
  for (const k of SETTING_KEYS) {
    const v = c.get(k);
    if (v !== undefined) out[k] = v;
  }
  const s = out as unknown as AuroraGuardSettings;
  if (typeof s.debounceMs !== 'number' || !Number.isFinite(s.debounceMs) || s.debounceMs < 0) s.debounceMs = SETTING_DEFAULTS.debounceMs;
  if (!Array.isArray(s.files)) s.files = [];
  s.files = s.files.filter((g) => typeof g === 'string' && g.trim() !== '');
  if (typeof s.rules !== 'object' || s.rules === null || Array.isArray(s.rules)) s.rules = {};
  return s;
}

/**
 * Settings as a ProjectConfig layer (only what the user set; nulls mean "unknown" and are left out).
 * Invalid parts are dropped one by one and reported through `problems`, never thrown.
 */
export function settingsToProjectConfig(s: AuroraGuardSettings, problems: string[] = []): ProjectConfig {
  const raw: Record<string, unknown> = {};
  if (s.target && s.target !== 'auto') raw.target = s.target;
  if (s.apimVersion) raw.apimVersion = s.apimVersion;
  if (s.helmChartVersion) raw.helmChartVersion = s.helmChartVersion;
  const cluster: Record<string, unknown> = {};
  for (const k of ['minAcu', 'maxAcu', 'autoPause', 'apimNodes', 'maxConnections'] as const) {
    const v = s[`cluster.${k}`];
    if (v !== null && v !== undefined) cluster[k] = v;
  }
  if (Object.keys(cluster).length) raw.cluster = cluster;
  if (Object.keys(s.rules).length) raw.rules = s.rules;
  try {
    return validateProjectConfig(raw, 'settings');
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
  }
  // Keep every valid part; report the others.
  const out: ProjectConfig = {};
  for (const [k, v] of Object.entries(raw)) {
    try {
      Object.assign(out, validateProjectConfig({ [k]: v }, 'settings'));
    } catch (e) {
      if (k === 'rules' || k === 'cluster') {
        // salvage entry by entry
        const kept: Record<string, unknown> = {};
        for (const [ik, iv] of Object.entries(v as Record<string, unknown>)) {
          try {
            validateProjectConfig({ [k]: { [ik]: iv } }, 'settings');
            kept[ik] = iv;
          } catch (e2) {
            problems.push(
              `auroraGuard.${k === 'cluster' ? 'cluster.' + ik : 'rules'}: ${(e2 as Error).message.replace(/^settings: /, '')}`,
            );
          }
        }
        if (Object.keys(kept).length) Object.assign(out, validateProjectConfig({ [k]: kept }, 'settings'));
      } else {
        problems.push(`auroraGuard.${k}: ${(e as Error).message.replace(/^settings: /, '')}`);
      }
    }
  }
  return out;
}
