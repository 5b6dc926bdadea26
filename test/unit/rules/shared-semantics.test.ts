// Decisions the rules share (src/core/rules/shared): every rule judges a driver property the same way
// (each occurrence that can be in effect: the URL's and the Properties' — <databaseProps> replacing
// connectionProperties), and every rule counts `cluster.minAcu: 0` as auto-pause.
import { assertForecastTitle } from '../helpers';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, applyEdits, carbonXml } from '../helpers';
import type { ProjectConfig } from '../../../src/core/config/options';
import { autoPauseEnabled, isAuroraTarget } from '../../../src/core/knowledge/target';
import { resolveOptions } from '../../../src/core/config/options';
import { parseDocument } from '../../../src/core/parse/index';

const AUR = 'apim.cluster-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com';

const carbon = (url: string, config: string[] = []) =>
  carbonXml(url, ['<driverClassName>com.mysql.cj.jdbc.Driver</driverClassName>', ...config]);

function findings(text: string, rule: string, config: ProjectConfig = {}) {
  return lint('master-datasources.xml', text, config).findings.filter((f) => f.ruleId === rule);
}

test('autoPauseEnabled: minAcu 0 alone means auto-pause; never for provisioned or plain MySQL', () => {
  assert.equal(autoPauseEnabled(resolveOptions({ cluster: { minAcu: 0 } })), true);
  assert.equal(autoPauseEnabled(resolveOptions({ cluster: { minAcu: 0.5 } })), false);
  assert.equal(autoPauseEnabled(resolveOptions({ cluster: { minAcu: 0, autoPause: false } })), false);
  assert.equal(autoPauseEnabled(resolveOptions({ target: 'aurora-provisioned', cluster: { autoPause: true } })), false);
  assert.equal(autoPauseEnabled(resolveOptions({ target: 'mysql', cluster: { minAcu: 0 } })), false);
});

test('isAuroraTarget: the project target wins, else an RDS host', () => {
  const ds = (host: string) => parseDocument('master-datasources.xml', carbon(`jdbc:mysql://${host}:3306/am`)).datasources[0];
  assert.equal(isAuroraTarget(ds(AUR), resolveOptions()), true);
  assert.equal(isAuroraTarget(ds('db.internal'), resolveOptions()), false);
  assert.equal(isAuroraTarget(ds('db.internal'), resolveOptions({ target: 'aurora-provisioned' })), true);
  assert.equal(isAuroraTarget(ds(AUR), resolveOptions({ target: 'mysql' })), false);
});

test('jdbc/connect-timeout and jdbc/socket-timeout count minAcu 0 as auto-pause, like the serverless rules', () => {
  const text = carbon(`jdbc:mysql://${AUR}:3306/am?useSSL=true`);
  const cfg: ProjectConfig = { target: 'aurora-serverless-v2', cluster: { minAcu: 0 } };
  const ct = findings(text, 'jdbc/connect-timeout', cfg);
  assert.equal(ct.length, 1);
  assert.match(ct[0].message, /Set connectTimeout=30000 \(ms\): auto-pause is on/);
  assertForecastTitle(ct[0].fixes[0].title, 'Add connectTimeout=30000 to the JDBC URL');
  const st = findings(text, 'jdbc/socket-timeout', cfg);
  assert.match(st[0].message, /and above the auto-pause resume time\. Forecast \(pool model/);
  // a provisioned cluster never auto-pauses, whatever cluster.autoPause says
  const prov = findings(text, 'jdbc/connect-timeout', { target: 'aurora-provisioned', cluster: { autoPause: true } });
  assert.match(prov[0].message, /Set connectTimeout=10000 \(ms\)\. Forecast \(pool model/);
});

test('jdbc rules judge the properties occurrence too when the URL also sets the property (Connector/J 8 lets the properties win)', () => {
  const text = carbon(`jdbc:mysql://${AUR}:3306/am?connectTimeout=10000&amp;autoReconnect=false&amp;useSSL=true`, [
    '<connectionProperties>connectTimeout=0;autoReconnect=true;useSSL=false</connectionProperties>',
  ]);
  const ct = findings(text, 'jdbc/connect-timeout');
  assert.equal(ct.length, 1);
  assert.match(ct[0].message, /^connectTimeout=0 in connectionProperties of WSO2AM_DB means no connect timeout\./);
  assertForecastTitle(ct[0].fixes[0].title, 'Set connectTimeout=10000 in connectionProperties');
  const fixed = applyEdits(text, ct[0].fixes[0].edits);
  assert.ok(fixed.includes('<connectionProperties>connectTimeout=10000;autoReconnect=true;useSSL=false</connectionProperties>'));
  assert.equal(findings(fixed, 'jdbc/connect-timeout').length, 0);

  const ar = findings(text, 'jdbc/auto-reconnect');
  assert.equal(ar.length, 1);
  assert.match(ar[0].message, /^autoReconnect=true in connectionProperties of WSO2AM_DB/);

  const tls = findings(text, 'jdbc/tls');
  assert.equal(tls.length, 1);
  assert.match(tls[0].message, /^useSSL=false in connectionProperties of WSO2AM_DB turns TLS off/);
});

test('both occurrences are reported when both can be in effect; a connectionProperties piece that <databaseProps> replaces is not', () => {
  const text = carbon(`jdbc:mysql://${AUR}:3306/am?tcpKeepAlive=false`, [
    '<connectionProperties>tcpKeepAlive=false</connectionProperties>',
  ]);
  const both = findings(text, 'jdbc/tcp-keepalive');
  assert.deepEqual(
    both.map((f) => f.message.slice(0, f.message.indexOf(' of '))),
    ['tcpKeepAlive=false in the JDBC URL', 'tcpKeepAlive=false in connectionProperties'],
  );

  const replaced = carbon(`jdbc:mysql://${AUR}:3306/am?useSSL=true`, [
    '<connectionProperties>tcpKeepAlive=false</connectionProperties>',
    '<databaseProps>',
    '  <property name="socketTimeout">60000</property>',
    '</databaseProps>',
  ]);
  assert.equal(findings(replaced, 'jdbc/tcp-keepalive').length, 0);
});

test('jdbc/multi-host-failover-readonly: failOverReadOnly counts as false only when every occurrence in effect says so', () => {
  const hosts = `${AUR}:3306,other.cluster-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com:3306`;
  const mixed = carbon(`jdbc:mysql://${hosts}/am?failOverReadOnly=false`, [
    '<connectionProperties>failOverReadOnly=true</connectionProperties>',
  ]);
  assert.match(findings(mixed, 'jdbc/multi-host-failover-readonly')[0].message, /read-only by default \(failOverReadOnly=true\)/);
  const allFalse = carbon(`jdbc:mysql://${hosts}/am?failOverReadOnly=false`);
  assert.match(findings(allFalse, 'jdbc/multi-host-failover-readonly')[0].message, /failOverReadOnly=false lets it write to the secondary/);
});
