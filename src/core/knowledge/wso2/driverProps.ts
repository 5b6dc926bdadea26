// Which written occurrence of a JDBC driver property (connectTimeout, useSSL …) can reach the driver.
// A property can be written in three places: the JDBC URL's query, the pool's <connectionProperties>
// (`a=1;b=2`), and Carbon's <databaseProps><property name="a">1</property>.
//
// - Carbon REPLACES the properties Tomcat parsed from connectionProperties with <databaseProps> when those
//   are present (RDBMSDataSourceUtils.createPoolConfiguration), so connectionProperties then never reach
//   the driver.
// - The URL and that Properties object both reach the driver, and which one wins depends on the driver:
//   Connector/J 5.1 lets the URL override the Properties, 8.x lets the Properties override the URL
//   (ConnectionUrl.collectProperties). The file does not say which driver version runs, so BOTH the URL's
//   occurrence and the Properties' occurrence can be the one in effect, and both must be judged.
// Within one place the last occurrence wins.
import type { Datasource, DriverProp } from '../../model/types';

/** Carbon replaces the connectionProperties-parsed properties when <databaseProps> is present. */
export function hasDatabaseProps(ds: Pick<Datasource, 'driverProps' | 'settings'>): boolean {
  return ds.driverProps.some((p) => p.source === 'databaseProps') || ds.settings.some((s) => s.key === 'databaseProps');
}

/**
 * Every occurrence of a driver property (name compared case-insensitively) that can be the one in effect:
 * the last one in the URL, then the last one in the Properties Carbon hands over (<databaseProps> when
 * present, else connectionProperties). Empty when the property is not written where it reaches the driver.
 */
export function driverPropsInEffect(ds: Pick<Datasource, 'driverProps' | 'settings'>, name: string): DriverProp[] {
  return inEffectIndex(ds).get(name.toLowerCase())?.slice() ?? [];
}

type DsProps = Pick<Datasource, 'driverProps' | 'settings'>;
interface InEffectIndex {
  driverProps: DriverProp[];
  driverPropCount: number;
  settings: DsProps['settings'];
  settingCount: number;
  byName: Map<string, DriverProp[]>;
}

/**
 * Rules ask about a datasource's properties dozens of times per lint: the answer for every name is computed once
 * per datasource (rebuilt if its property or setting lists were replaced or grew).
 */
const IN_EFFECT = new WeakMap<DsProps, InEffectIndex>();

function inEffectIndex(ds: DsProps): Map<string, DriverProp[]> {
  const cached = IN_EFFECT.get(ds);
  if (cached && cached.driverProps === ds.driverProps && cached.driverPropCount === ds.driverProps.length && cached.settings === ds.settings && cached.settingCount === ds.settings.length) {
    return cached.byName;
  }
  // per name: the last URL occurrence, then the last occurrence in the Properties Carbon hands over
  const second: DriverProp['source'] = hasDatabaseProps(ds) ? 'databaseProps' : 'connectionProperties';
  const last = new Map<string, { url?: DriverProp; props?: DriverProp }>();
  for (const p of ds.driverProps) {
    if (p.source !== 'url' && p.source !== second) continue;
    const k = p.name.toLowerCase();
    const e = last.get(k) ?? last.set(k, {}).get(k)!;
    if (p.source === 'url') e.url = p;
    else e.props = p;
  }
  const byName = new Map<string, DriverProp[]>();
  for (const [k, e] of last) byName.set(k, [...(e.url ? [e.url] : []), ...(e.props ? [e.props] : [])]);
  IN_EFFECT.set(ds, { driverProps: ds.driverProps, driverPropCount: ds.driverProps.length, settings: ds.settings, settingCount: ds.settings.length, byName });
  return byName;
}

/** Occurrences that never reach the driver: connectionProperties while <databaseProps> replaces them. */
export function shadowedDriverProps(ds: Pick<Datasource, 'driverProps' | 'settings'>, name: string): DriverProp[] {
  if (!hasDatabaseProps(ds)) return [];
  const lower = name.toLowerCase();
  return ds.driverProps.filter((p) => p.source === 'connectionProperties' && p.name.toLowerCase() === lower);
}
