// What the engine does around every rule: suppression comments, datasource families (H2 and PostgreSQL get only the
// wso2/* mechanics), templated values (unknown, never reported), and severity overrides.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint } from '../helpers';
import type { ProjectConfig } from '../../../src/core/config/options';
import { AUR, carbonMysql } from './cases/samples';
import { findingsOf, only } from './cases/harness';

const findingsIn = (file: string, text: string, rule: string, config: ProjectConfig = {}) => findingsOf(rule, file, text, config);
const onlyOf = (file: string, text: string, rule: string, config: ProjectConfig = {}) => only(findingsOf(rule, file, text, config));

test('suppression comments silence one rule on one line (XML) and a whole file (shell)', () => {
  const url = `jdbc:mysql://${AUR}:3306/apimgt?autoReconnect=true&amp;useSSL=false&amp;connectTimeout=10000`;
  const plain = carbonMysql(url);
  assert.equal(findingsIn('master-datasources.xml', plain, 'jdbc/auto-reconnect').length, 1);
  const suppressed = plain.replace(
    '                    <url>',
    '                    <!-- aurora-guard-disable-next-line jdbc/auto-reconnect -- WSO2 sample, reviewed -->\n                    <url>',
  );
  assert.equal(findingsIn('master-datasources.xml', suppressed, 'jdbc/auto-reconnect').length, 0);
  assert.equal(findingsIn('master-datasources.xml', suppressed, 'jdbc/tls').length, 1, 'other rules on that line still report');
  const sh = '# aurora-guard-disable-file jvm/dns-ttl\nJAVA_OPTS="-Dnetworkaddress.cache.ttl=60"\n';
  assert.equal(findingsIn('bin/api-manager.sh', sh, 'jvm/dns-ttl').length, 0);
});

test('H2 and PostgreSQL datasources get no MySQL findings, only the wso2/* mechanics', () => {
  const h2 = carbonMysql(
    'jdbc:h2:./repository/database/WSO2CARBON_DB;DB_CLOSE_ON_EXIT=FALSE',
    '                    <logValidationErrors>true</logValidationErrors>\n',
    'WSO2_CARBON_DB',
    'org.h2.Driver',
  );
  const pg = carbonMysql(
    'jdbc:postgresql://apim-pg.cluster-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com:5432/apim?autoReconnect=true&amp;useSSL=false&amp;connectTimeout=0',
    '',
    'WSO2AM_DB',
    'org.postgresql.Driver',
  );
  for (const [name, text] of [
    ['h2', h2],
    ['pg', pg],
  ] as const) {
    const res = lint('master-datasources.xml', text, { target: 'aurora-serverless-v2' });
    assert.deepEqual(res.internalErrors, []);
    const mysqlish = res.findings.filter((f) => /^(jdbc|aurora|jvm)\//.test(f.ruleId));
    assert.deepEqual(
      mysqlish.map((f) => f.ruleId),
      [],
      name,
    );
  }
  assert.equal(findingsIn('master-datasources.xml', h2, 'wso2/unsupported-pool-option').length, 1);
});

test('templated URLs: unknown parts produce nothing, literal parameters are still linted', () => {
  const wrap = (url: string) =>
    carbonMysql(url).replace('<datasources-configuration>', '<datasources-configuration>\n<!-- {{ include "header" . }} -->');
  // whole URL templated: nothing about its parameters or hosts
  const whole = wrap('{{ .Values.db.url }}');
  const res = lint('master-datasources.xml', whole);
  assert.deepEqual(res.internalErrors, []);
  assert.equal(res.doc.parseError, null);
  assert.deepEqual(
    res.findings.filter((f) => /^(jdbc|aurora)\//.test(f.ruleId)).map((f) => f.ruleId),
    [],
  );
  assert.ok(
    res.findings.every((f) => !/\{\{|template/i.test(f.message)),
    'never reports the template syntax itself',
  );
  // a template inside the query may carry connectTimeout: no "missing" finding, but the literal autoReconnect=true is still one
  const partial = wrap(`jdbc:mysql://{{ .Values.db.host }}:3306/apimgt?autoReconnect=true&amp;{{ .Values.db.params }}`);
  assert.equal(findingsIn('master-datasources.xml', partial, 'jdbc/connect-timeout').length, 0);
  assert.equal(findingsIn('master-datasources.xml', partial, 'jdbc/socket-timeout').length, 0);
  const ar = onlyOf('master-datasources.xml', partial, 'jdbc/auto-reconnect');
  assert.equal(partial.slice(ar.span.start, ar.span.end), 'autoReconnect=true');
  // templated host, literal query: the missing timeout is known to be missing
  const hostOnly = wrap('jdbc:mysql://{{ .Values.db.host }}:{{ .Values.db.port }}/apimgt?useSSL=true');
  assert.equal(findingsIn('master-datasources.xml', hostOnly, 'jdbc/connect-timeout').length, 1);
  // a templated host is never judged as an endpoint
  assert.equal(findingsIn('master-datasources.xml', hostOnly, 'aurora/non-rds-host', { target: 'aurora-serverless-v2' }).length, 0);
});

test('a severity override applies to these rules too', () => {
  const text = carbonMysql(`jdbc:mysql://${AUR}:3306/apimgt?useSSL=false`);
  assert.equal(findingsIn('master-datasources.xml', text, 'jdbc/tls', { rules: { 'jdbc/tls': 'off' } }).length, 0);
  assert.equal(onlyOf('master-datasources.xml', text, 'jdbc/tls', { rules: { 'jdbc/tls': 'warning' } }).severity, 'warning');
});
