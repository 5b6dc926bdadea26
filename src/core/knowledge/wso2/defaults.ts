// The value in effect for a pool setting: what the file says where WSO2 reads it, or else the
// default that WSO2 / the Tomcat JDBC pool applies for this format and APIM version.
import type { Datasource, PoolSetting } from '../../model/types';
import { SHARED_DB_SNAKE_ALIASES } from './knowledge';

export type ValueSource = 'file' | 'wso2-default' | 'tomcat-default';

export interface EffectiveValue {
  /** Literal value as a string (`true`, `30000`, `SELECT 1`), or null when nothing applies (e.g. no validation query). */
  value: string | null;
  source: ValueSource;
  /** The entry that sets it, when source is 'file'. */
  entry: PoolSetting | null;
  /** Human wording of where a default comes from, for messages. */
  origin: string;
}

/** Tomcat jdbc-pool defaults (PoolProperties, 9.0.x; validationInterval 3000 since 7.0.71). */
const TOMCAT_DEFAULTS: Readonly<Record<string, string>> = {
  maxActive: '100', maxIdle: '100', minIdle: '10', initialSize: '10', maxWait: '30000',
  testOnBorrow: 'false', testOnReturn: 'false', testWhileIdle: 'false', validationInterval: '3000',
  timeBetweenEvictionRunsMillis: '5000', minEvictableIdleTimeMillis: '60000', maxAge: '0',
  removeAbandoned: 'false', removeAbandonedTimeout: '60', validationQueryTimeout: '-1', jmxEnabled: 'true',
  logAbandoned: 'false', fairQueue: 'true', numTestsPerEvictionRun: '0', suspectTimeout: '0',
};

/** RDBMSConfiguration overrides that every Carbon kernel (4.4–4.9) applies. */
const CARBON_CODE_DEFAULTS: Readonly<Record<string, string>> = {
  initialSize: '0', maxIdle: '8', minIdle: '0', jmxEnabled: 'false',
};

/** deployment.toml default.json for [database.*] (apim_db, shared_db and the optional user/config DBs). */
const TOML_DEFAULTS: Readonly<Record<string, string>> = {
  maxActive: '50', maxWait: '60000', testOnBorrow: 'true', validationInterval: '30000', defaultAutoCommit: 'true',
};

/** APIM 2.0/2.1 ship jdbc-pool 7.0.34, whose validationInterval default was still 30000. */
function tomcatDefault(name: string, apimVersion: string | null): string | undefined {
  if (name === 'validationInterval' && apimVersion && /^2\.[01](\.|$)/.test(apimVersion)) return '30000';
  return TOMCAT_DEFAULTS[name];
}

/** Canonical Carbon name of a setting key as WSO2 reads it for this datasource, or null if WSO2 ignores it. */
export function canonicalKey(ds: Datasource, s: PoolSetting): string | null {
  if (s.placement === 'toml-top') return null;
  if (ds.role === 'shared_db' && s.placement === 'toml-pool-options' && SHARED_DB_SNAKE_ALIASES[s.key]) {
    return SHARED_DB_SNAKE_ALIASES[s.key];
  }
  return s.key;
}

/** The entry that sets `name` where WSO2 reads it (the last one wins, as with JAXB setters). */
export function settingEntry(ds: Datasource, name: string): PoolSetting | null {
  let found: PoolSetting | null = null;
  for (const s of ds.settings) if (canonicalKey(ds, s) === name) found = s;
  return found;
}

export function effectiveSetting(ds: Datasource, name: string, apimVersion: string | null = null): EffectiveValue {
  const entry = settingEntry(ds, name);
  if (entry) return { value: entry.value, source: 'file', entry, origin: 'set in the file' };
  const provided = ds.providedDefaults;
  if (provided && Object.prototype.hasOwnProperty.call(provided.values, name)) {
    return { value: provided.values[name], source: 'wso2-default', entry: null, origin: provided.origin };
  }
  const isTomlDb = ds.format === 'deployment-toml' && ds.role !== 'custom';
  if (isTomlDb && TOML_DEFAULTS[name] !== undefined) {
    return { value: TOML_DEFAULTS[name], source: 'wso2-default', entry: null, origin: 'WSO2 deployment.toml default' };
  }
  if (ds.format !== 'generic-xml' && CARBON_CODE_DEFAULTS[name] !== undefined) {
    return { value: CARBON_CODE_DEFAULTS[name], source: 'wso2-default', entry: null, origin: 'Carbon RDBMSConfiguration default' };
  }
  const t = tomcatDefault(name, apimVersion);
  return { value: t ?? null, source: 'tomcat-default', entry: null, origin: 'Tomcat JDBC pool default' };
}

/** The validation query in effect: the file's (last one wins) or, for deployment.toml, the inferred `SELECT 1`. */
export function effectiveValidationQuery(ds: Datasource): { value: string | null; fromDefault: boolean } {
  if (ds.validationQuery) return { value: ds.validationQuery.value, fromDefault: false };
  if (ds.format === 'deployment-toml' && ds.role !== 'custom') return { value: 'SELECT 1', fromDefault: true };
  return { value: null, fromDefault: true };
}

/** Numeric value of a setting in effect (NaN when unknown or templated). */
export function effectiveNumber(ds: Datasource, name: string, apimVersion: string | null = null): { n: number; eff: EffectiveValue } {
  const eff = effectiveSetting(ds, name, apimVersion);
  const n = eff.value === null || eff.entry?.templated ? NaN : Number(eff.value.trim().replace(/^"|"$/g, ''));
  return { n, eff };
}

/** Boolean value of a setting in effect (null when unknown or templated). */
export function effectiveBool(ds: Datasource, name: string, apimVersion: string | null = null): { b: boolean | null; eff: EffectiveValue } {
  const eff = effectiveSetting(ds, name, apimVersion);
  if (eff.value === null || eff.entry?.templated) return { b: null, eff };
  const v = eff.value.trim().toLowerCase();
  return { b: v === 'true' ? true : v === 'false' ? false : null, eff };
}
