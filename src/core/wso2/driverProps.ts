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
import type { Datasource, DriverProp } from '../model/types';

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
  const lower = name.toLowerCase();
  const props = ds.driverProps.filter((p) => p.name.toLowerCase() === lower);
  const sources: DriverProp['source'][] = hasDatabaseProps(ds) ? ['url', 'databaseProps'] : ['url', 'connectionProperties'];
  const out: DriverProp[] = [];
  for (const src of sources) {
    const found = props.filter((p) => p.source === src);
    if (found.length) out.push(found[found.length - 1]);
  }
  return out;
}

/** Occurrences that never reach the driver: connectionProperties while <databaseProps> replaces them. */
export function shadowedDriverProps(ds: Pick<Datasource, 'driverProps' | 'settings'>, name: string): DriverProp[] {
  if (!hasDatabaseProps(ds)) return [];
  const lower = name.toLowerCase();
  return ds.driverProps.filter((p) => p.source === 'connectionProperties' && p.name.toLowerCase() === lower);
}
