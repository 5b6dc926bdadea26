// JDBC driver classes the rules recognise.
import type { Datasource } from '../../model/types';
import { settingEntry } from '../../knowledge/wso2/defaults';

/** MySQL Connector/J 8.x+ (sslMode exists from 8.0.13). */
export const CONNECTOR_J_DRIVER = 'com.mysql.cj.jdbc.Driver';
/** MySQL Connector/J 5.1 (still accepted by 8.x as a deprecated alias). */
export const CONNECTOR_J_LEGACY_DRIVER = 'com.mysql.jdbc.Driver';
/** The AWS Advanced JDBC Wrapper. */
export const AWS_WRAPPER_DRIVER = 'software.amazon.jdbc.Driver';

/** The driver in effect is MySQL Connector/J (the only driver that honours the `/* ping *\/` marker). */
export function isConnectorJ(ds: Datasource): boolean {
  if (ds.url && !ds.url.templated && ds.url.subprotocol && ds.url.subprotocol !== 'mysql') return false;
  const d = (ds.driverClass ?? '').trim();
  if (d === CONNECTOR_J_DRIVER || d === CONNECTOR_J_LEGACY_DRIVER) return true;
  const dsc = settingEntry(ds, 'dataSourceClassName');
  return !!dsc && /^com\.mysql\./.test(dsc.value.trim());
}
