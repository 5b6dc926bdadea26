// What WSO2 really reads. Sources: carbon-kernel RDBMSConfiguration / RDBMSDataSourceReader,
// the master-datasources.xml.j2 templates, default.json and key-mappings.json (see docs/rules/*.md).
import type { DatasourceRole, DbFamily } from '../../model/types';

/** Children of <configuration> that Carbon's RDBMSConfiguration accepts (JAXB drops anything else silently). */
export const CARBON_CONFIGURATION_KEYS: readonly string[] = [
  'url', 'defaultAutoCommit', 'defaultReadOnly', 'defaultTransactionIsolation', 'defaultCatalog', 'driverClassName',
  'username', 'password', 'maxActive', 'maxIdle', 'minIdle', 'initialSize', 'maxWait', 'testOnBorrow', 'testOnReturn',
  'testWhileIdle', 'validationQuery', 'validatorClassName', 'timeBetweenEvictionRunsMillis', 'numTestsPerEvictionRun',
  'minEvictableIdleTimeMillis', 'accessToUnderlyingConnectionAllowed', 'removeAbandoned', 'removeAbandonedTimeout',
  'logAbandoned', 'connectionProperties', 'initSQL', 'jdbcInterceptors', 'validationInterval', 'jmxEnabled', 'fairQueue',
  'abandonWhenPercentageFull', 'maxAge', 'useEquals', 'suspectTimeout', 'validationQueryTimeout', 'alternateUsernameAllowed',
  'dataSourceClassName', 'dataSourceProps', 'databaseProps', 'commitOnReturn', 'rollbackOnReturn',
];

/** Keys that are connection identity, not pool tuning (never "pool settings" in the model). */
export const CONNECTION_KEYS: readonly string[] = ['url', 'username', 'password', 'driverClassName', 'validationQuery'];

/** Tomcat pool attributes that Carbon does not accept: the reason a key is "unsupported", said in the message. */
export const TOMCAT_ONLY_KEYS: readonly string[] = [
  'testOnConnect', 'logValidationErrors', 'propagateInterruptState', 'ignoreExceptionOnPreLoad',
  'useDisposableConnectionFacade', 'useStatementFacade', 'useLock', 'dataSourceJNDI',
];

/** Keys the deployment.toml templates read at the top level of [database.X] (everything else there is ignored). */
export const TOML_TOP_LEVEL_KEYS: readonly string[] = [
  'type', 'url', 'username', 'password', 'driver', 'validationQuery', 'hostname', 'port', 'name', 'jmx_enable',
  // [[datasource]] identity keys
  'id', 'description', 'jndi_config', 'pool_options', 'jmx_enable', 'definition',
];

/** snake_case aliases WSO2 maps for shared_db only (key-mappings.json); elsewhere they are dropped. */
export const SHARED_DB_SNAKE_ALIASES: Readonly<Record<string, string>> = {
  max_active: 'maxActive',
  max_wait: 'maxWait',
  test_on_borrow: 'testOnBorrow',
  validation_interval: 'validationInterval',
  default_auto_commit: 'defaultAutoCommit',
};

/** TOML [database.X] → the datasource WSO2 renders. */
export const TOML_DATABASES: Readonly<Record<string, { role: DatasourceRole; name: string; jndi: string }>> = {
  apim_db: { role: 'apim_db', name: 'WSO2AM_DB', jndi: 'jdbc/WSO2AM_DB' },
  shared_db: { role: 'shared_db', name: 'WSO2_SHARED_DB', jndi: 'jdbc/SHARED_DB' },
  user: { role: 'user', name: 'WSO2USER_DB', jndi: 'jdbc/WSO2USER_DB' },
  config: { role: 'config', name: 'WSO2CONFIG_DB', jndi: 'jdbc/WSO2CONFIG_DB' },
  local: { role: 'local', name: 'WSO2_CARBON_DB', jndi: 'jdbc/WSO2CarbonDB' },
};

/** Role of an XML datasource from its name (APIM 2.x stock names). */
export function roleFromXmlName(name: string | null): DatasourceRole {
  if (!name) return 'unknown';
  const n = name.toUpperCase();
  if (n === 'WSO2AM_DB' || n === 'APIM_DB') return 'apim_db';
  if (n === 'WSO2_SHARED_DB' || n === 'SHARED_DB') return 'shared_db';
  if (n === 'WSO2UM_DB' || n === 'WSO2USER_DB') return 'user';
  if (n === 'WSO2REG_DB' || n === 'WSO2CONFIG_DB') return 'config';
  if (n === 'WSO2_CARBON_DB') return 'local';
  return 'custom';
}

/** type = "…" in deployment.toml → what infer.json fills in. */
export const TOML_TYPE_INFERENCE: Readonly<Record<string, { driver: string; urlPrefix: string; defaultPort: number; validationQuery: string }>> = {
  mysql: { driver: 'com.mysql.jdbc.Driver', urlPrefix: 'jdbc:mysql://', defaultPort: 3306, validationQuery: 'SELECT 1' },
  mariadb: { driver: 'org.mariadb.jdbc.Driver', urlPrefix: 'jdbc:mariadb://', defaultPort: 3306, validationQuery: 'SELECT 1' },
  postgre: { driver: 'org.postgresql.Driver', urlPrefix: 'jdbc:postgresql://', defaultPort: 5432, validationQuery: 'SELECT 1' },
  postgresql: { driver: 'org.postgresql.Driver', urlPrefix: 'jdbc:postgresql://', defaultPort: 5432, validationQuery: 'SELECT 1' },
  mssql: { driver: 'com.microsoft.sqlserver.jdbc.SQLServerDriver', urlPrefix: 'jdbc:sqlserver://', defaultPort: 1433, validationQuery: 'SELECT 1' },
  oracle: { driver: 'oracle.jdbc.OracleDriver', urlPrefix: 'jdbc:oracle:thin:@', defaultPort: 1521, validationQuery: 'SELECT 1 FROM DUAL' },
  db2: { driver: 'com.ibm.db2.jcc.DB2Driver', urlPrefix: 'jdbc:db2://', defaultPort: 50000, validationQuery: 'SELECT 1 FROM SYSIBM.SYSDUMMY1' },
  h2: { driver: 'org.h2.Driver', urlPrefix: 'jdbc:h2:', defaultPort: 0, validationQuery: 'SELECT 1' },
};

/** Database family from a JDBC subprotocol, driver class or TOML type. */
export function familyOf(subprotocol: string | null, driverClass: string | null, type: string | null): DbFamily {
  const s = (subprotocol ?? '').toLowerCase();
  const t = (type ?? '').toLowerCase();
  const d = (driverClass ?? '').toLowerCase();
  if (['mysql', 'mariadb'].includes(s) || ['mysql', 'mariadb'].includes(t)) return 'mysql';
  if (s === 'h2' || t === 'h2') return 'h2';
  if (s === 'postgresql' || t === 'postgre' || t === 'postgresql') return 'postgresql';
  if (s === 'oracle' || t === 'oracle') return 'oracle';
  if (s === 'sqlserver' || s === 'jtds' || t === 'mssql') return 'mssql';
  if (s === 'db2' || t === 'db2') return 'db2';
  if (!s && !t) {
    if (d.includes('mysql') || d.includes('mariadb')) return 'mysql';
    if (d.includes('h2')) return 'h2';
    if (d.includes('postgresql')) return 'postgresql';
    if (d.includes('oracle')) return 'oracle';
    if (d.includes('sqlserver') || d.includes('jtds')) return 'mssql';
    if (d.includes('db2')) return 'db2';
  }
  return 'unknown';
}
