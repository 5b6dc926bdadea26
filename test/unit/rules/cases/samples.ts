// Sample files the rules' tables of cases (and the cross-rule tests) lint: one Aurora cluster, and a datasource file
// per format built around the setting a case is about. Each builder keeps the exact text its cases were written
// against (messages, spans and line numbers depend on it).
import { AURORA_HOST } from '../../helpers';

/** The cluster (writer) endpoint and its reader endpoint. */
export const AUR = AURORA_HOST;
export const RO = 'apim.cluster-ro-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com';

/** A Carbon master-datasources.xml: one MySQL datasource, its URL and driver, `config` lines after them. */
export const carbonMysql = (
  url: string,
  config = '',
  name = 'WSO2AM_DB',
  driver = 'com.mysql.cj.jdbc.Driver',
) => `<datasources-configuration>
    <datasources>
        <datasource>
            <name>${name}</name>
            <definition type="RDBMS">
                <configuration>
                    <url>${url}</url>
                    <driverClassName>${driver}</driverClassName>
${config}                </configuration>
            </definition>
        </datasource>
    </datasources>
</datasources-configuration>
`;

/** The pool rules' Carbon datasource: `config` in <configuration>. */
export const carbonPool = (config: string, url = `jdbc:mysql://${AUR}:3306/apimgt_db?useSSL=true`) => `<datasources-configuration>
    <datasources>
        <datasource>
            <name>WSO2AM_DB</name>
            <definition type="RDBMS">
                <configuration>
                    <url>${url}</url>
                    <driverClassName>com.mysql.cj.jdbc.Driver</driverClassName>
                    ${config}
                </configuration>
            </definition>
        </datasource>
    </datasources>
</datasources-configuration>
`;

/** The pool rules' generic <datasource>: testOnBorrow and `props` in <properties>. */
export const genericPool = (props: string) => `<datasource>
    <name>apim_db</name>
    <definition>
      <driverClassName>com.mysql.cj.jdbc.Driver</driverClassName>
      <url>jdbc:mysql://${AUR}:3306/apim_db</url>
      <properties>
           <property name="testOnBorrow">true</property>
           ${props}
      </properties>
    </definition>
</datasource>
`;

/** The pool rules' deployment.toml: apim_db (`extra` after its keys) and shared_db. */
export const tomlPool = (extra = '', url = `jdbc:mysql://${AUR}:3306/apim_db?useSSL=true`) => `[database.apim_db]
type = "mysql"
url = "${url}"
username = "apimadmin"
password = "secret"
${extra}
[database.shared_db]
type = "mysql"
url = "jdbc:mysql://${AUR}:3306/shared_db?useSSL=true"
username = "apimadmin"
password = "secret"
`;

/** The validation rules' Carbon datasource: a JNDI name, credentials, `config` lines in <configuration>. */
export function carbonValidation(config: string, opts: { url?: string; driver?: string; name?: string } = {}): string {
  return `<datasources-configuration xmlns:svns="http://org.wso2.securevault/configuration">
    <datasources>
        <datasource>
            <name>${opts.name ?? 'WSO2AM_DB'}</name>
            <jndiConfig>
                <name>jdbc/WSO2AM_DB</name>
            </jndiConfig>
            <definition type="RDBMS">
                <configuration>
                    <url>${opts.url ?? `jdbc:mysql://${AUR}:3306/apimgt_db?useSSL=true`}</url>
                    <username>apimadmin</username>
                    <password>secret</password>
                    <driverClassName>${opts.driver ?? 'com.mysql.cj.jdbc.Driver'}</driverClassName>
${config
  .split('\n')
  .map((l) => '                    ' + l.trim())
  .join('\n')}
                </configuration>
            </definition>
        </datasource>
    </datasources>
</datasources-configuration>
`;
}

/** A deployment.toml that leaves every pool option at WSO2's default. */
export const TOML_DEFAULTS = `[database.apim_db]
type = "mysql"
url = "jdbc:mysql://${AUR}:3306/apim_db?useSSL=true"
username = "apimadmin"
password = "secret"
driver = "com.mysql.cj.jdbc.Driver"

[keystore.tls]
file_name = "wso2carbon.jks"
`;

/** The AWS JDBC wrapper rules' sample: a Carbon datasource on the wrapper's driver, `extra` in <configuration>. */
export const carbonWrapper = (url: string, extra = '', name = 'WSO2AM_DB') => `<datasources-configuration>
    <datasources>
        <datasource>
            <name>${name}</name>
            <definition type="RDBMS">
                <configuration>
                    <url>${url}</url>
                    <driverClassName>software.amazon.jdbc.Driver</driverClassName>
                    ${extra}
                </configuration>
            </definition>
        </datasource>
    </datasources>
</datasources-configuration>
`;
