// What fixtures cannot express: message text (value in effect and where it comes from), exact fix
// output, severity by project target, suppression comments, family and Aurora filtering, templates.
import { assertForecastTitle } from '../helpers';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, applyEdits } from '../helpers';
import type { ProjectConfig } from '../../../src/core/config/options';
import { LineIndex } from '../../../src/core/text/lineIndex';

const AUR = 'apim.cluster-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com';

const carbon = (url: string, config = '', name = 'WSO2AM_DB', driver = 'com.mysql.cj.jdbc.Driver') => `<datasources-configuration>
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

function findings(file: string, text: string, rule: string, config: ProjectConfig = {}) {
  const res = lint(file, text, config);
  assert.deepEqual(res.internalErrors, []);
  assert.equal(res.doc.parseError, null);
  return res.findings.filter((f) => f.ruleId === rule);
}

function only(file: string, text: string, rule: string, config: ProjectConfig = {}) {
  const fs = findings(file, text, rule, config);
  assert.equal(fs.length, 1, `${rule}: ${JSON.stringify(fs.map((f) => f.message))}`);
  return fs[0];
}

const lineOf = (text: string, offset: number) => new LineIndex(text).position(offset).line + 1;

// ── value in effect and its source ──────────────────────────────────────────────────────────────

test('pool-option-misplaced names the value in effect and the default it comes from', () => {
  const text = `[database.apim_db]\ntype = "mysql"\nurl = "jdbc:mysql://${AUR}:3306/apimgt"\nmaxActive = "100"\n`;
  const f = only('deployment.toml', text, 'wso2/pool-option-misplaced');
  assert.match(f.message, /maxActive = 100 sits directly under \[database\.apim_db\]/);
  assert.match(f.message, /the pool runs with maxActive 50 \(WSO2 deployment\.toml default\)/);
  assert.equal(f.fixes[0].title, 'Move maxActive into [database.apim_db.pool_options]');
  assert.equal(
    applyEdits(text, f.fixes[0].edits),
    `[database.apim_db]\ntype = "mysql"\nurl = "jdbc:mysql://${AUR}:3306/apimgt"\n\n[database.apim_db.pool_options]\nmaxActive = "100"\n`,
  );
});

test('unsupported-pool-option: the intended key, its value in effect, and the rename', () => {
  const text = carbon(`jdbc:mysql://${AUR}:3306/apimgt`, '                    <maxActiv>50</maxActiv>\n');
  const f = only('master-datasources.xml', text, 'wso2/unsupported-pool-option');
  assert.match(f.message, /^maxActiv = 50 in the <configuration> of WSO2AM_DB is ignored/);
  assert.match(f.message, /the pool runs with maxActive 100 \(Tomcat JDBC pool default\)/);
  const rename = f.fixes.find((x) => x.preferred)!;
  assert.equal(rename.title, 'Rename maxActiv to maxActive');
  assert.ok(applyEdits(text, rename.edits).includes('<maxActive>50</maxActive>'));
  assert.ok(f.fixes.some((x) => x.title === 'Delete maxActiv' && !x.preferred));
});

test('unsupported-pool-option: logValidationErrors has no Carbon equivalent, and the message says so', () => {
  const f = only('master-datasources.xml', carbon(`jdbc:mysql://${AUR}/apimgt`, '                    <logValidationErrors>true</logValidationErrors>\n'), 'wso2/unsupported-pool-option');
  assert.match(f.message, /Tomcat JDBC pool attribute/);
  assert.match(f.message, /There is no Carbon equivalent: raise the log level of org\.apache\.tomcat\.jdbc\.pool/);
});

test('connect-timeout: a default-derived finding sits on the header, says where it looked and what is in effect', () => {
  const text = carbon(`jdbc:mysql://${AUR}:3306/apimgt?useSSL=true`);
  const f = only('master-datasources.xml', text, 'jdbc/connect-timeout');
  assert.equal(f.fromDefault, true);
  assert.equal(text.slice(f.span.start, f.span.end), 'WSO2AM_DB', 'on the datasource name');
  assert.match(f.message, /WSO2AM_DB sets no connectTimeout \(not in the JDBC URL, connectionProperties or databaseProps\), so Connector\/J's default 0 \(no connect timeout\) is in effect/);
  assert.match(f.message, /Set connectTimeout=10000 \(ms\)/);
  assertForecastTitle(f.fixes[0].title, 'Add connectTimeout=10000 to the JDBC URL');
  assert.ok(applyEdits(text, f.fixes[0].edits).includes(`<url>jdbc:mysql://${AUR}:3306/apimgt?useSSL=true&amp;connectTimeout=10000</url>`));
});

test('connect-timeout: with auto-pause the recommended value is 30000', () => {
  const text = carbon(`jdbc:mysql://${AUR}:3306/apimgt`);
  const f = only('master-datasources.xml', text, 'jdbc/connect-timeout', { target: 'aurora-serverless-v2', cluster: { minAcu: 0, autoPause: true } });
  assert.match(f.message, /Set connectTimeout=30000 \(ms\): auto-pause is on/);
  assert.ok(applyEdits(text, f.fixes[0].edits).includes(`<url>jdbc:mysql://${AUR}:3306/apimgt?connectTimeout=30000</url>`));
});

test('connect-timeout: connectionProperties replaced by <databaseProps> is reported where it is written', () => {
  const text = carbon(
    `jdbc:mysql://${AUR}:3306/apimgt`,
    '                    <connectionProperties>connectTimeout=10000</connectionProperties>\n' +
      '                    <databaseProps>\n                        <property name="socketTimeout">60000</property>\n                    </databaseProps>\n',
  );
  const f = only('master-datasources.xml', text, 'jdbc/connect-timeout');
  assert.equal(text.slice(f.span.start, f.span.end), 'connectTimeout=10000');
  assert.match(f.message, /never reaches the driver: Carbon replaces the connectionProperties with <databaseProps>/);
  // the socketTimeout in <databaseProps> does count
  assert.equal(findings('master-datasources.xml', text, 'jdbc/socket-timeout').length, 0);
});

test('connect-timeout: an inferred TOML URL gets pool_options.connectionProperties, in a new table', () => {
  const text = `[database.apim_db]\ntype = "mysql"\nhostname = "${AUR}"\nport = 3306\nname = "apimgt"\n`;
  const f = only('deployment.toml', text, 'jdbc/connect-timeout');
  assertForecastTitle(f.fixes[0].title, 'Add pool_options.connectionProperties = "connectTimeout=10000"');
  assert.equal(applyEdits(text, f.fixes[0].edits), `${text}\n[database.apim_db.pool_options]\nconnectionProperties = "connectTimeout=10000"\n`);
});

test('reader endpoint: the fix writes the writer endpoint of the same cluster', () => {
  const text = carbon('jdbc:mysql://apim.cluster-ro-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com:3306/apimgt');
  const f = only('master-datasources.xml', text, 'aurora/reader-endpoint-for-writer');
  assert.equal(f.severity, 'error');
  assert.equal(f.fixes[0].title, `Replace the reader endpoint with the cluster (writer) endpoint ${AUR}`);
  assert.ok(applyEdits(text, f.fixes[0].edits).includes(`<url>jdbc:mysql://${AUR}:3306/apimgt</url>`));
});

test('instance endpoint: warning ("or single-AZ RDS") unless the project says Aurora, then error; never an invented cluster name', () => {
  const text = carbon('jdbc:mysql://apim-instance-1.c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com:3306/apimgt');
  const w = only('master-datasources.xml', text, 'aurora/instance-endpoint-for-writer');
  assert.equal(w.severity, 'warning');
  assert.match(w.message, /an Aurora instance endpoint or a single-AZ RDS instance/);
  assert.equal(w.fixes.length, 0);
  assert.match(w.message, /<cluster-name>\.cluster-<id>\.eu-west-1\.rds\.amazonaws\.com/);
  const e = only('master-datasources.xml', text, 'aurora/instance-endpoint-for-writer', { target: 'aurora-provisioned' });
  assert.equal(e.severity, 'error');
  assert.equal(findings('master-datasources.xml', text, 'aurora/instance-endpoint-for-writer', { target: 'mysql' }).length, 0);
});

test('tls: useSSL=false becomes sslMode=REQUIRED in place and the URL stays valid', () => {
  const text = carbon(`jdbc:mysql://${AUR}:3306/apimgt?useSSL=false&amp;connectTimeout=10000`);
  const f = only('master-datasources.xml', text, 'jdbc/tls');
  assert.equal(f.severity, 'info');
  const after = applyEdits(text, f.fixes[0].edits);
  assert.ok(after.includes(`<url>jdbc:mysql://${AUR}:3306/apimgt?sslMode=REQUIRED&amp;connectTimeout=10000</url>`));
  assert.equal(findings('master-datasources.xml', after, 'jdbc/tls').length, 0);
  // only a com.mysql.cj driver guarantees Connector/J 8.0.13+, so only then is the fix preferred
  assert.equal(f.fixes[0].preferred, true);
  const legacy = only('master-datasources.xml', carbon(`jdbc:mysql://${AUR}/apimgt?useSSL=false`, '', 'WSO2AM_DB', 'com.mysql.jdbc.Driver'), 'jdbc/tls');
  assert.equal(legacy.fixes[0].preferred, false);
});

test('auto-reconnect cites the Connector/J documentation and removes the parameter with its separator', () => {
  const text = carbon(`jdbc:mysql://${AUR}:3306/apimgt?autoReconnect=true&amp;useSSL=true`);
  const f = only('master-datasources.xml', text, 'jdbc/auto-reconnect');
  assert.match(f.message, /https:\/\/dev\.mysql\.com\/doc\/connector-j\//);
  assert.match(f.message, /WSO2's samples ship it/);
  assert.equal(f.fixes[0].title, 'Remove autoReconnect=true from the JDBC URL');
  assert.ok(applyEdits(text, f.fixes[0].edits).includes(`<url>jdbc:mysql://${AUR}:3306/apimgt?useSSL=true</url>`));
});

test('aws-wrapper: type = "mysql" infers com.mysql.jdbc.Driver, which cannot take a jdbc:aws-wrapper: URL', () => {
  const text = `[database.apim_db]\ntype = "mysql"\nurl = "jdbc:aws-wrapper:mysql://${AUR}:3306/apimgt"\nusername = "u"\n`;
  const f = only('deployment.toml', text, 'jdbc/aws-wrapper');
  assert.equal(f.severity, 'error');
  assert.equal(f.fromDefault, true);
  assert.match(f.message, /the driver is com\.mysql\.jdbc\.Driver \(inferred by WSO2 from type = "mysql"\)/);
  assert.equal(
    applyEdits(text, f.fixes[0].edits),
    `[database.apim_db]\ntype = "mysql"\nurl = "jdbc:aws-wrapper:mysql://${AUR}:3306/apimgt"\ndriver = "software.amazon.jdbc.Driver"\nusername = "u"\n`,
  );
});

test('aws-wrapper suggestion: once per file, naming the other datasources', () => {
  const text = `[database.apim_db]\ntype = "mysql"\nurl = "jdbc:mysql://${AUR}:3306/apimgt"\n\n[database.shared_db]\ntype = "mysql"\nurl = "jdbc:mysql://${AUR}:3306/shared"\n`;
  const f = only('deployment.toml', text, 'jdbc/aws-wrapper');
  assert.equal(f.severity, 'info');
  assert.match(f.message, /^\[database\.apim_db\] \(and \[database\.shared_db\]\) reach the Aurora cluster endpoint/);
  assert.equal(f.fixes[0].preferred, false, 'switching drivers needs a jar: never applied by fix-all');
});

// ── jvm/dns-ttl ─────────────────────────────────────────────────────────────────────────────────

test('jvm/dns-ttl: the -Dnetworkaddress.cache.ttl trap is rewritten to the property the JDK reads', () => {
  const text = '#!/bin/sh\nJAVA_OPTS="$JAVA_OPTS -Xmx2g -Dnetworkaddress.cache.ttl=5"\n';
  const f = only('bin/api-manager.sh', text, 'jvm/dns-ttl');
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /is ignored: the JDK reads networkaddress\.cache\.ttl only as a security property \(java\.security\)/);
  assert.match(f.message, /or better networkaddress\.cache\.ttl=5 in java\.security/);
  assert.equal(f.fixes[0].title, 'Replace -Dnetworkaddress.cache.ttl=5 with -Dsun.net.inetaddr.ttl=5');
  assert.equal(applyEdits(text, f.fixes[0].edits), '#!/bin/sh\nJAVA_OPTS="$JAVA_OPTS -Xmx2g -Dsun.net.inetaddr.ttl=5"\n');
});

test('jvm/dns-ttl: parseJvmOptions reads the three kinds with exact spans and skips comments', () => {
  const text = [
    'JAVA_OPTS="-Dsun.net.inetaddr.ttl=10 -Dnetworkaddress.cache.ttl=${TTL}"',
    '# JAVA_OPTS="-Dsun.net.inetaddr.ttl=999"',
    'RUN echo "networkaddress.cache.ttl=60" >> $JAVA_HOME/conf/security/java.security',
  ].join('\n');
  const doc = lint('Dockerfile', text).doc;
  assert.equal(doc.format, 'jvm-options');
  assert.deepEqual(
    doc.jvmDns.map((s) => [s.kind, s.name, s.value, text.slice(s.span.start, s.span.end), text.slice(s.valueSpan.start, s.valueSpan.end)]),
    [
      ['system-property', 'sun.net.inetaddr.ttl', '10', '-Dsun.net.inetaddr.ttl=10', '10'],
      ['ignored-system-property', 'networkaddress.cache.ttl', '${TTL}', '-Dnetworkaddress.cache.ttl=${TTL}', '${TTL}'],
      ['security-property', 'networkaddress.cache.ttl', '60', 'networkaddress.cache.ttl=60', '60'],
    ],
  );
  const sec = lint('conf/security/java.security', 'security.provider.1=SUN\n#networkaddress.cache.ttl=-1\nnetworkaddress.cache.ttl = 30\n').doc;
  assert.deepEqual(sec.jvmDns.map((s) => [s.kind, s.value]), [['security-property', '30']]);
});

test('jvm/dns-ttl: a datasource file gets at most one short info, on the first Aurora datasource', () => {
  const two = `<datasources-configuration><datasources>
<datasource><name>WSO2AM_DB</name><definition type="RDBMS"><configuration><url>jdbc:mysql://${AUR}/a</url></configuration></definition></datasource>
<datasource><name>WSO2_SHARED_DB</name><definition type="RDBMS"><configuration><url>jdbc:mysql://${AUR}/b</url></configuration></definition></datasource>
</datasources></datasources-configuration>`;
  const f = only('master-datasources.xml', two, 'jvm/dns-ttl');
  assert.equal(f.severity, 'info');
  assert.equal(f.datasource, 'WSO2AM_DB');
  assert.equal(f.fromDefault, true);
  assert.match(f.message, /30 s by default \(without a security manager\)/);
  assert.match(f.message, /This file can't show the JVM's setting/);
  assert.equal(findings('master-datasources.xml', two.replaceAll(AUR, 'mysql-svc'), 'jvm/dns-ttl').length, 0, 'not Aurora: silent');
});

// ── suppressions, families, templates ───────────────────────────────────────────────────────────

test('suppression comments silence one rule on one line (XML) and a whole file (shell)', () => {
  const url = `jdbc:mysql://${AUR}:3306/apimgt?autoReconnect=true&amp;useSSL=false&amp;connectTimeout=10000`;
  const plain = carbon(url);
  assert.equal(findings('master-datasources.xml', plain, 'jdbc/auto-reconnect').length, 1);
  const suppressed = plain.replace('                    <url>', '                    <!-- aurora-guard-disable-next-line jdbc/auto-reconnect -- WSO2 sample, reviewed -->\n                    <url>');
  assert.equal(findings('master-datasources.xml', suppressed, 'jdbc/auto-reconnect').length, 0);
  assert.equal(findings('master-datasources.xml', suppressed, 'jdbc/tls').length, 1, 'other rules on that line still report');
  const sh = '# aurora-guard-disable-file jvm/dns-ttl\nJAVA_OPTS="-Dnetworkaddress.cache.ttl=60"\n';
  assert.equal(findings('bin/api-manager.sh', sh, 'jvm/dns-ttl').length, 0);
});

test('H2 and PostgreSQL datasources get no MySQL findings, only the wso2/* mechanics', () => {
  const h2 = carbon('jdbc:h2:./repository/database/WSO2CARBON_DB;DB_CLOSE_ON_EXIT=FALSE', '                    <logValidationErrors>true</logValidationErrors>\n', 'WSO2_CARBON_DB', 'org.h2.Driver');
  const pg = carbon('jdbc:postgresql://apim-pg.cluster-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com:5432/apim?autoReconnect=true&amp;useSSL=false&amp;connectTimeout=0', '', 'WSO2AM_DB', 'org.postgresql.Driver');
  for (const [name, text] of [['h2', h2], ['pg', pg]] as const) {
    const res = lint('master-datasources.xml', text, { target: 'aurora-serverless-v2' });
    assert.deepEqual(res.internalErrors, []);
    const mysqlish = res.findings.filter((f) => /^(jdbc|aurora|jvm)\//.test(f.ruleId));
    assert.deepEqual(mysqlish.map((f) => f.ruleId), [], name);
  }
  assert.equal(findings('master-datasources.xml', h2, 'wso2/unsupported-pool-option').length, 1);
});

test('templated URLs: unknown parts produce nothing, literal parameters are still linted', () => {
  const wrap = (url: string) => carbon(url).replace('<datasources-configuration>', '<datasources-configuration>\n<!-- {{ include "header" . }} -->');
  // whole URL templated: nothing about its parameters or hosts
  const whole = wrap('{{ .Values.db.url }}');
  const res = lint('master-datasources.xml', whole);
  assert.deepEqual(res.internalErrors, []);
  assert.equal(res.doc.parseError, null);
  assert.deepEqual(res.findings.filter((f) => /^(jdbc|aurora)\//.test(f.ruleId)).map((f) => f.ruleId), []);
  assert.ok(res.findings.every((f) => !/\{\{|template/i.test(f.message)), 'never reports the template syntax itself');
  // a template inside the query may carry connectTimeout: no "missing" finding, but the literal autoReconnect=true is still one
  const partial = wrap(`jdbc:mysql://{{ .Values.db.host }}:3306/apimgt?autoReconnect=true&amp;{{ .Values.db.params }}`);
  assert.equal(findings('master-datasources.xml', partial, 'jdbc/connect-timeout').length, 0);
  assert.equal(findings('master-datasources.xml', partial, 'jdbc/socket-timeout').length, 0);
  const ar = only('master-datasources.xml', partial, 'jdbc/auto-reconnect');
  assert.equal(partial.slice(ar.span.start, ar.span.end), 'autoReconnect=true');
  // templated host, literal query: the missing timeout is known to be missing
  const hostOnly = wrap('jdbc:mysql://{{ .Values.db.host }}:{{ .Values.db.port }}/apimgt?useSSL=true');
  assert.equal(findings('master-datasources.xml', hostOnly, 'jdbc/connect-timeout').length, 1);
  // a templated host is never judged as an endpoint
  assert.equal(findings('master-datasources.xml', hostOnly, 'aurora/non-rds-host', { target: 'aurora-serverless-v2' }).length, 0);
});

test('non-rds-host: an IP literal is judged only when Aurora is evident (target, or an RDS host in the same file)', () => {
  const ip = carbon('jdbc:mysql://10.0.12.34:3306/apimgt');
  assert.equal(findings('master-datasources.xml', ip, 'aurora/non-rds-host').length, 0);
  assert.equal(findings('master-datasources.xml', ip, 'aurora/non-rds-host', { target: 'mysql' }).length, 0);
  const f = only('master-datasources.xml', ip, 'aurora/non-rds-host', { target: 'aurora-provisioned' });
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /connects to the IP address 10\.0\.12\.34/);
  assert.equal(lineOf(ip, f.span.start), 7);
});

test('a severity override applies to these rules too', () => {
  const text = carbon(`jdbc:mysql://${AUR}:3306/apimgt?useSSL=false`);
  assert.equal(findings('master-datasources.xml', text, 'jdbc/tls', { rules: { 'jdbc/tls': 'off' } }).length, 0);
  assert.equal(only('master-datasources.xml', text, 'jdbc/tls', { rules: { 'jdbc/tls': 'warning' } }).severity, 'warning');
});
