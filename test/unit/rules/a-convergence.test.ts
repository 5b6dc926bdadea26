// Applying every preferred fix of the mechanics/endpoint/JDBC/JVM rules, one at a time with a re-lint
// in between, reaches a fixed point: each step keeps the file parseable and leaves bytes outside its
// edits alone, and at the end none of these rules offers a preferred fix any more.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixAll } from '../../../src/core/fixes/fixAll';
import { resolveOptions } from '../../../src/core/config/options';
import type { ProjectConfig } from '../../../src/core/config/options';
import { ALL_RULES } from '../../../src/core/rules/index';
import { lint } from '../helpers';

const MINE = new Set(ALL_RULES.map((r) => r.meta.id).filter((id) => /^(wso2|aurora|jdbc|jvm)\//.test(id) && !id.startsWith('jdbc/aws-wrapper-')));
const AUR = 'apim.cluster-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com';
const RO = 'apim.cluster-ro-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com';

const XML = `<?xml version="1.0" encoding="UTF-8"?>
<datasources-configuration xmlns:svns="http://org.wso2.securevault/configuration">
    <datasources>
        <datasource>
            <name>WSO2AM_DB</name>
            <definition type="RDBMS">
                <configuration>
                    <url>jdbc:mysql://${RO}:3306/apimgt?autoReconnect=true&amp;useSSL=false&amp;tcpKeepAlive=false</url>
                    <username>wso2carbon</username>
                    <password>wso2carbon</password>
                    <driverClassName>com.mysql.cj.jdbc.Driver</driverClassName>
                    <maxActiv>50</maxActiv>
                    <logValidationErrors>true</logValidationErrors>
                    <validationQuery></validationQuery>
                    <jdbcInterceptors>ConnectionState;StatementFinalizer</jdbcInterceptors>
                </configuration>
            </definition>
        </datasource>
        <datasource>
            <name>WSO2_SHARED_DB</name>
            <definition type="RDBMS">
                <configuration>
                    <url>jdbc:aws-wrapper:mysql://${AUR}:3306/shared?wrapperPlugins=failover,failover2</url>
                    <driverClassName>com.mysql.cj.jdbc.Driver</driverClassName>
                    <connectionProperties>connectTimeout=0;autoReconnectForPools=true</connectionProperties>
                </configuration>
            </definition>
        </datasource>
    </datasources>
</datasources-configuration>
`;

const TOML = `[database.apim_db]
type = "mysql"
url = "jdbc:aws-wrapper:mysql://${AUR}:3306/apimgt?autoReconnect=true&amp;useSSL=false"
username = "apimadmin"
password = "apimadmin"
maxActive = "100"
validationQuery = ""

[database.apim_db.pool_options]
max_active = 80
maxActiv = 5

[database.shared_db]
type = "mysql"
hostname = "${RO}"
port = 3306
name = "shared"
username = "apimadmin"
password = "apimadmin"
`;

const SH = `#!/bin/sh
JAVA_OPTS="$JAVA_OPTS -Xms256m -Dnetworkaddress.cache.ttl=60"
JAVA_OPTS="$JAVA_OPTS -Dsun.net.inetaddr.ttl=30"
`;

for (const [file, text, config] of [
  ['master-datasources.xml', XML, {}],
  ['deployment.toml', TOML, { target: 'aurora-serverless-v2', cluster: { autoPause: true } }],
  ['api-manager.sh', SH, {}],
] as [string, string, ProjectConfig][]) {
  test(`fix-all converges on ${file}`, () => {
    const options = resolveOptions(config);
    const before = lint(file, text, config);
    assert.ok(before.findings.some((f) => MINE.has(f.ruleId) && f.fixes.some((x) => x.preferred)), 'the sample has fixable findings');
    const res = fixAll(file, text, options, (f) => MINE.has(f.ruleId));
    assert.ok(res.converged, `did not converge after: ${res.applied.map((a) => a.title).join(' | ')}`);
    const after = lint(file, res.text, config);
    assert.equal(after.doc.parseError, null);
    assert.deepEqual(after.internalErrors, []);
    const left = after.findings.filter((f) => MINE.has(f.ruleId) && f.fixes.some((x) => x.preferred));
    assert.deepEqual(left.map((f) => `${f.ruleId}: ${f.message}`), []);
  });
}

test('fix-all on the XML sample produces the expected URLs and keys', () => {
  const res = fixAll('master-datasources.xml', XML, resolveOptions({}), (f) => MINE.has(f.ruleId));
  const t = res.text;
  assert.ok(t.includes(`<url>jdbc:mysql://${AUR}:3306/apimgt?sslMode=REQUIRED&amp;connectTimeout=10000&amp;socketTimeout=60000</url>`), t);
  assert.ok(t.includes('<maxActive>50</maxActive>'));
  assert.ok(!t.includes('logValidationErrors'));
  assert.ok(t.includes('<validationQuery>SELECT 1</validationQuery>'));
  assert.ok(!t.includes('jdbcInterceptors'));
  assert.ok(t.includes('<driverClassName>software.amazon.jdbc.Driver</driverClassName>'));
  assert.ok(t.includes('wrapperPlugins=failover2'));
  assert.ok(t.includes('<connectionProperties>connectTimeout=10000</connectionProperties>'), t);
});
