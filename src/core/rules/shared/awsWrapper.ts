// Reading the AWS JDBC wrapper's connection properties the way they reach it: the wrapper takes its properties
// from the JDBC URL's query and from the Properties Tomcat hands the driver (connectionProperties, or Carbon's
// <databaseProps>), like any driver property (see wso2/driverProps.ts), so every occurrence that can be in effect
// is judged. Facts about the wrapper live in aurora/awsWrapper.ts.
import type { ConfigDocument, Datasource, DriverProp, JdbcHost } from '../../model/types';
import type { ResolvedOptions } from '../../config/options';
import type { Fix } from '../types';
import { classifyHost, type EndpointKind } from '../../knowledge/aurora/endpoints';
import { DEFAULT_PLUGINS, NON_AURORA_DIALECTS, splitPlugins } from '../../knowledge/aurora/awsWrapper';
import { lookupDriverProp, propValueTemplated } from './driverProps';
import { setDriverPropFix } from './fixes';
import { whereDriverProp } from './labels';

/** Datasources whose JDBC URL goes through the wrapper (jdbc:aws-wrapper:…). */
export function wrapperDatasources(dss: readonly Datasource[]): Datasource[] {
  return dss.filter((ds) => !!ds.url?.awsWrapper);
}

/** Occurrences of a wrapper property that can be in effect, with a value known now (not templated). */
export function wrapperProps(doc: ConfigDocument, ds: Datasource, name: string): DriverProp[] {
  return lookupDriverProp(doc, ds, name).inEffect.filter((p) => !propValueTemplated(doc, p));
}

/** Whether the property could be hidden (a templated occurrence, or a templated place it could be written in). */
export function wrapperPropUnknown(doc: ConfigDocument, ds: Datasource, name: string): boolean {
  const lk = lookupDriverProp(doc, ds, name);
  return lk.unknown || lk.inEffect.some((p) => propValueTemplated(doc, p));
}

/** The value of a wrapper property in effect when every occurrence agrees, else null (unset, templated, or conflicting). */
export function wrapperPropValue(doc: ConfigDocument, ds: Datasource, name: string): string | null {
  const ps = wrapperProps(doc, ds, name);
  if (ps.length === 0 || wrapperPropUnknown(doc, ds, name)) return null;
  const v = ps[0].value.trim();
  return ps.every((p) => p.value.trim() === v) ? v : null;
}

/** A wrapper property is written (with any value) where it can reach the wrapper. */
export function wrapperPropSet(doc: ConfigDocument, ds: Datasource, name: string): boolean {
  return lookupDriverProp(doc, ds, name).inEffect.length > 0;
}

/** One plugin list that can be in effect: a written wrapperPlugins, or the wrapper's default list (prop null). */
export interface PluginList {
  plugins: string[];
  prop: DriverProp | null;
}

/**
 * Every plugin list that can be in effect for the datasource. The default list when wrapperPlugins is written
 * nowhere (unless a template could hide it, or wrapperProfileName picks a preset); none when unknowable.
 */
export function pluginLists(doc: ConfigDocument, ds: Datasource): PluginList[] {
  const lk = lookupDriverProp(doc, ds, 'wrapperPlugins');
  if (lk.inEffect.length) {
    return lk.inEffect.filter((p) => !propValueTemplated(doc, p)).map((p) => ({ plugins: splitPlugins(p.value), prop: p }));
  }
  if (lk.unknown || wrapperPropSet(doc, ds, 'wrapperProfileName')) return [];
  return [{ plugins: [...DEFAULT_PLUGINS], prop: null }];
}

/** "wrapperPlugins=a,b in the JDBC URL" or "the wrapper's default plugins (wrapperPlugins not set: a,b,…)". */
export function pluginListLabel(l: PluginList): string {
  return l.prop
    ? `wrapperPlugins=${l.prop.value.trim()} ${whereDriverProp(l.prop)}`
    : `the wrapper's default plugins (wrapperPlugins not set: ${DEFAULT_PLUGINS.join(',')})`;
}

/** The fix that writes a new plugin list: where the list is written, or (default list) as a new wrapperPlugins. */
export function setPluginsFix(ds: Datasource, l: PluginList, plugins: readonly string[], title: string, preferred = true): Fix | null {
  const value = plugins.join(',');
  if (l.prop) {
    const edits = ds.edit.setDriverProp(l.prop.name, value, l.prop.source);
    return edits ? { title, edits, ...(preferred ? { preferred } : {}) } : null;
  }
  const f = setDriverPropFix(ds, 'wrapperPlugins', value, null);
  return f ? { ...f, title, ...(preferred ? {} : { preferred: false }) } : null;
}

/** The first host of the URL that is known now, with its endpoint kind. */
export function firstHost(ds: Datasource): { host: JdbcHost; kind: EndpointKind } | null {
  const h = ds.url?.hosts.find((x) => !x.templated);
  return h ? { host: h, kind: classifyHost(h.host).kind } : null;
}

/**
 * The database behind the wrapper is evidently not Aurora: the project says plain MySQL, or wrapperDialect names
 * a database without an Aurora topology (mysql, rds-mysql, mariadb). Null when it does not say.
 */
export function nonAuroraReason(doc: ConfigDocument, ds: Datasource, options: ResolvedOptions): string | null {
  if (options.target === 'mysql') return 'the project target is plain MySQL ("target": "mysql")';
  const d = wrapperPropValue(doc, ds, 'wrapperDialect');
  if (d && NON_AURORA_DIALECTS.includes(d)) return `wrapperDialect=${d} names a database without an Aurora topology`;
  return null;
}

/** A plain (optionally negative) integer wrapper property value, else NaN. */
export function intProp(v: string): number {
  return /^\s*-?\d+\s*$/.test(v) ? Number(v) : NaN;
}
