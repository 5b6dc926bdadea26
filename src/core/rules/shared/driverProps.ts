// Reading a JDBC driver property (connectTimeout, useSSL …) the way it reaches the driver. Which written
// occurrences can be in effect is decided in wso2/driverProps.ts (the editors use the same decision):
// Carbon's <databaseProps> REPLACES the properties parsed from connectionProperties, and between the URL
// and those properties Connector/J 5.1 lets the URL win while 8.x lets the properties win. The file does
// not tell the driver version, so the rules judge EVERY occurrence that could be in effect.
import type { ConfigDocument, Datasource, DriverProp } from '../../model/types';
import { settingEntry } from '../../knowledge/wso2/defaults';
import { driverPropsInEffect, hasDatabaseProps, shadowedDriverProps } from '../../knowledge/wso2/driverProps';
import { entryTemplated, spanTemplated, urlParamsKnown } from './templates';

export { driverPropsInEffect, hasDatabaseProps };

export interface DriverPropLookup {
  /** Every occurrence that can be the one in effect: the URL's, then <databaseProps>' or connectionProperties' (last of each). */
  inEffect: DriverProp[];
  /** Occurrences that never reach the driver (connectionProperties while <databaseProps> is present). */
  shadowed: DriverProp[];
  /** A place the property could be written is hidden behind template syntax: whether it is set is unknown. */
  unknown: boolean;
}

/** Find a driver property (name compared case-insensitively) wherever it can reach the driver. */
export function lookupDriverProp(doc: ConfigDocument, ds: Datasource, name: string): DriverPropLookup {
  let unknown = !!ds.url && !urlParamsKnown(doc, ds.url);
  const cp = settingEntry(ds, 'connectionProperties');
  if (!hasDatabaseProps(ds) && cp && entryTemplated(cp)) unknown = true;
  return { inEffect: driverPropsInEffect(ds, name), shadowed: shadowedDriverProps(ds, name), unknown };
}

/** The value of this occurrence is rendered later (template syntax or a placeholder). */
export function propValueTemplated(doc: ConfigDocument, p: DriverProp): boolean {
  return p.value.includes('\uE000') || spanTemplated(doc, p.valueSpan);
}

/** A value judged as a boolean the way Connector/J reads it (true/yes, false/no); null for anything else. */
export function boolValue(v: string): boolean | null {
  const t = v.trim().toLowerCase();
  if (t === 'true' || t === 'yes') return true;
  if (t === 'false' || t === 'no') return false;
  return null;
}

/** A value that is a plain (optionally negative) integer, else NaN (templated, empty, `10s` …). */
export function intValue(v: string): number {
  return /^\s*-?\d+\s*$/.test(v) ? Number(v) : NaN;
}
