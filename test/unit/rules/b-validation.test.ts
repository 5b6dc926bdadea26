// The validation trio (pool/validation-query, pool/validation-interval) follows the measured pool behaviour:
// liveness-only queries are called what they are, fixes come in a fixed order, and the interval is never
// lowered alone with a liveness-only query.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, applyEdits, readFixture } from '../helpers';
import {
  ROLE_AWARE_VALIDATION_QUERY, PING_VALIDATION_QUERY, SEED_VALIDATION_QUERY, classifyValidationQuery,
} from '../../../src/core/knowledge/validationQueries';
import { parseDocument } from '../../../src/core/parse/index';
import { settingEntry } from '../../../src/core/wso2/defaults';

const AUR = 'apim.cluster-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com';

function carbon(config: string, opts: { url?: string; driver?: string; name?: string } = {}): string {
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
${config.split('\n').map((l) => '                    ' + l.trim()).join('\n')}
                </configuration>
            </definition>
        </datasource>
    </datasources>
</datasources-configuration>
`;
}

const TOML_DEFAULTS = `[database.apim_db]
type = "mysql"
url = "jdbc:mysql://${AUR}:3306/apim_db?useSSL=true"
username = "apimadmin"
password = "secret"
driver = "com.mysql.cj.jdbc.Driver"

[keystore.tls]
file_name = "wso2carbon.jks"
`;

function only<T extends { ruleId: string }>(findings: T[], id: string): T[] {
  return findings.filter((f) => f.ruleId === id);
}

test('classifyValidationQuery: what Tomcat does with each query, role-awareness proven from the text', () => {
  const cases: [string | null, string][] = [
    ['SELECT 1', 'select-1'], ['select 1;', 'select-1'], ['SELECT 1 FROM DUAL', 'select-1'],
    ['select connection_id();', 'connection-id'], [SEED_VALIDATION_QUERY, 'connection-id'],
    [PING_VALIDATION_QUERY, 'ping'], ['SELECT @@innodb_read_only', 'read-only-select'],
    [ROLE_AWARE_VALIDATION_QUERY, 'role-aware'],
    ['SELECT IF(@@read_only OR @@innodb_read_only, (SELECT 1 UNION ALL SELECT 2), 1)', 'role-aware'],
    ['select if(@@global.innodb_read_only || @@global.read_only = 1, (select 1 union select 2), 1) as ok', 'role-aware'],
    ['SELECT CASE WHEN @@read_only OR @@innodb_read_only THEN (SELECT 1 UNION ALL SELECT 2) ELSE 1 END', 'role-aware'],
    // only one variable: raises on one kind of demoted writer, not the other
    ['SELECT IF(@@innodb_read_only, (SELECT 1 UNION ALL SELECT 2), 1)', 'role-aware-innodb'],
    ['SELECT IF(@@read_only, (SELECT 1 UNION ALL SELECT 2), 1)', 'role-aware-read-only'],
    // never raises: a one-row subquery, a UNION that folds to one row, the raising branch on the writer side
    ['SELECT IF(@@innodb_read_only, (SELECT 1), 1)', 'other-select'],
    ['SELECT IF(@@read_only OR @@innodb_read_only, (SELECT 1 UNION SELECT 1), 1)', 'other-select'],
    ['SELECT IF(@@read_only OR @@innodb_read_only, 1, (SELECT 1 UNION ALL SELECT 2))', 'unknown'],
    // can't be proven from the text
    ['SELECT IF(@@innodb_read_only, (SELECT id FROM t), 1)', 'unknown'], ['SELECT check_role(@@read_only)', 'unknown'],
    ['select version()', 'other-select'], ['UPDATE heartbeat SET ts = NOW()', 'writes'],
    ['SELECT 1 FROM dual FOR UPDATE', 'unknown'], ['CALL check_role()', 'unknown'], [null, 'none'],
  ];
  for (const [q, kind] of cases) assert.equal(classifyValidationQuery(q), kind, String(q));
});

test('pool/validation-query offers the measured role-aware query, judged by the forecast; no fix that changes nothing', () => {
  const res = lint('master-datasources.xml', carbon('<testOnBorrow>true</testOnBorrow>\n<validationQuery>SELECT 1</validationQuery>'));
  const [f] = only(res.findings, 'pool/validation-query');
  assert.ok(f);
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /Forecast \(pool model, 24 fault timings\): failover: pinned to the demoted writer after every one of the 24 failover timings/);
  assert.match(f.message, /With the role-aware query: failover: recovers in \d+ s at p95/);
  // the ping and the seed query are liveness-only like SELECT 1: the forecast can't tell them apart, so they are not offered
  assert.equal(f.fixes.length, 1);
  assert.ok(f.fixes[0].preferred && f.fixes[0].title.includes(ROLE_AWARE_VALIDATION_QUERY));
  assert.match(f.fixes[0].title, /confirm on Aurora with aurora-guard probe\) → failover ≤ \d+ s$/);
  assert.ok(f.forecast && f.forecast.scenarios['aurora-failover']!.pinned === 24 && f.forecast.afterFix!['aurora-failover']!.pinned === 0);
  const after = applyEdits(res.doc.text, f.fixes[0].edits);
  assert.equal(parseDocument('master-datasources.xml', after).datasources[0].validationQuery?.value, ROLE_AWARE_VALIDATION_QUERY);
  assert.equal(only(lint('master-datasources.xml', after).findings, 'pool/validation-query').length, 0);
});

test('pool/validation-query: info, not warning, off Aurora; a MySQL primary demoted with read_only is judged by @@read_only', () => {
  const res = lint('master-datasources.xml', carbon('<testOnBorrow>true</testOnBorrow>\n<validationQuery>SELECT 1</validationQuery>', {
    url: 'jdbc:mariadb://db.internal:3306/apimgt_db', driver: 'org.mariadb.jdbc.Driver',
  }));
  const [f] = only(res.findings, 'pool/validation-query');
  assert.equal(f.severity, 'info');
  assert.deepEqual(f.fixes.map((x) => x.title.includes(PING_VALIDATION_QUERY)), [false]);
  // the innodb-only query raises on an Aurora reader but not on a MariaDB primary demoted with SET GLOBAL read_only=1
  const innodb = lint('master-datasources.xml', carbon('<testOnBorrow>true</testOnBorrow>\n<validationQuery>SELECT IF(@@innodb_read_only, (SELECT 1 UNION ALL SELECT 2), 1)</validationQuery>', {
    url: 'jdbc:mariadb://db.internal:3306/apimgt_db', driver: 'org.mariadb.jdbc.Driver',
  }));
  const [g] = only(innodb.findings, 'pool/validation-query');
  assert.match(g.message, /raises only when @@innodb_read_only is 1, but a MySQL\/MariaDB primary demoted with SET GLOBAL read_only=1 keeps @@innodb_read_only = 0/);
  const aurora = lint('master-datasources.xml', carbon('<testOnBorrow>true</testOnBorrow>\n<validationQuery>SELECT IF(@@innodb_read_only, (SELECT 1 UNION ALL SELECT 2), 1)</validationQuery>'));
  assert.equal(only(aurora.findings, 'pool/validation-query').length, 0, 'on Aurora the demoted writer reports innodb_read_only = 1');
  // the user's override still wins over the rule's own choice
  const off = lint('master-datasources.xml', carbon('<validationQuery>SELECT 1</validationQuery>'), { rules: { 'pool/validation-query': 'error' } });
  assert.equal(only(off.findings, 'pool/validation-query')[0].severity, 'error');
});

test("pool/validation-query says the seed article's select connection_id(); is liveness-only like SELECT 1 (measured)", () => {
  const res = lint('master-datasources.xml', carbon('<testOnBorrow>true</testOnBorrow>\n<validationQuery>select connection_id();</validationQuery>'));
  const [f] = only(res.findings, 'pool/validation-query');
  assert.match(f.message, /`select connection_id\(\);` is liveness-only, like SELECT 1/);
  assert.match(f.message, /measured/);
  assert.equal(res.doc.text.slice(f.span.start, f.span.end), 'select connection_id();');
  assert.equal(f.fixes.filter((x) => x.title.includes(SEED_VALIDATION_QUERY)).length, 0, 'no fix that changes nothing');
});

test('pool/validation-query on a deployment.toml default sits on the header and names the default', () => {
  const res = lint('deployment.toml', TOML_DEFAULTS);
  const [f] = only(res.findings, 'pool/validation-query');
  const ds = res.doc.datasources[0];
  assert.deepEqual(f.span, ds.headerSpan);
  assert.equal(f.fromDefault, true);
  assert.match(f.message, /^validationQuery `SELECT 1` \(WSO2 deployment\.toml default\) is liveness-only/);
});

test('pool/validation-interval: the preferred fix sets validationInterval AND the role-aware query (XML)', () => {
  const text = carbon('<testOnBorrow>true</testOnBorrow>\n<validationQuery>SELECT 1</validationQuery>\n<validationInterval>30000</validationInterval>');
  const res = lint('master-datasources.xml', text);
  const [f] = only(res.findings, 'pool/validation-interval');
  assert.match(f.message, /^validationInterval is 30000 ms: /);
  assert.match(f.message, /lowering it alone pins the pool to a demoted writer \(measured\)/);
  assert.match(f.message, /With validationInterval 3000 and the role-aware validation query: failover: recovers in/);
  // the interval alone is not offered: with SELECT 1 it leaves the pool pinned (the forecast says no better)
  assert.equal(f.fixes.length, 2);
  assert.ok(f.fixes.every((x) => x.title !== 'Set validationInterval to 3000' && !x.title.startsWith('Set validationInterval to 3000 →')));
  const ds1 = parseDocument('master-datasources.xml', applyEdits(text, f.fixes[0].edits)).datasources[0];
  assert.equal(settingEntry(ds1, 'validationInterval')?.value, '3000');
  assert.equal(ds1.validationQuery?.value, ROLE_AWARE_VALIDATION_QUERY);
  assert.ok(f.fixes[0].preferred);
  const ds2 = parseDocument('master-datasources.xml', applyEdits(text, f.fixes[1].edits)).datasources[0];
  assert.equal(settingEntry(ds2, 'validationInterval')?.value, '3000');
  assert.equal(settingEntry(ds2, 'maxAge')?.value, '60000');
  assert.equal(ds2.validationQuery?.value, 'SELECT 1');
});

test('pool/validation-interval on deployment.toml defaults: header finding, both fixes build one pool_options table', () => {
  const res = lint('deployment.toml', TOML_DEFAULTS);
  const [f] = only(res.findings, 'pool/validation-interval');
  assert.deepEqual(f.span, res.doc.datasources[0].headerSpan);
  assert.match(f.message, /^validationInterval is 30000 ms \(WSO2 deployment\.toml default\): /);
  for (const fix of f.fixes) {
    const after = applyEdits(TOML_DEFAULTS, fix.edits);
    const doc = parseDocument('deployment.toml', after);
    assert.equal(doc.parseError, null, after);
    assert.equal((after.match(/\[database\.apim_db\.pool_options\]/g) ?? []).length, 1, after);
    assert.equal(settingEntry(doc.datasources[0], 'validationInterval')?.value, '3000');
  }
  const first = parseDocument('deployment.toml', applyEdits(TOML_DEFAULTS, f.fixes[0].edits)).datasources[0];
  assert.equal(first.validationQuery?.value, ROLE_AWARE_VALIDATION_QUERY);
  const second = parseDocument('deployment.toml', applyEdits(TOML_DEFAULTS, f.fixes[1].edits)).datasources[0];
  assert.equal(settingEntry(second, 'maxAge')?.value, '60000');
});

test('pool/validation-interval: only the interval when the query is already role-aware, and only where DNS moves faster than the interval', () => {
  const text = carbon(`<validationQuery>${ROLE_AWARE_VALIDATION_QUERY}</validationQuery>\n<testOnBorrow>true</testOnBorrow>\n<validationInterval>30000</validationInterval>`);
  // the JVM caches DNS for 5 s: the endpoint reaches the new writer 13 s after the failover, and a 30 s interval keeps
  // handing out dead connections well past that
  const res = lint('master-datasources.xml', text, { forecast: { dnsTtl: 5 } });
  const [f] = only(res.findings, 'pool/validation-interval');
  assert.deepEqual(f.fixes.map((x) => x.title.split(' → ')[0]), ['Set validationInterval to 3000']);
  // with the JDK's default 30 s DNS cache, new connections reach the demoted writer for 35 s, longer than the interval:
  // the role-aware query evicts them as they are validated, and a shorter interval changes nothing (forecast)
  assert.equal(only(lint('master-datasources.xml', text).findings, 'pool/validation-interval').length, 0);
});

test('a short interval with a liveness-only query is pool/validation-query\'s finding (forecast: pinned every time), not the interval\'s', () => {
  const res = lint('master-datasources.xml', carbon('<testOnBorrow>true</testOnBorrow>\n<validationQuery>SELECT 1</validationQuery>\n<validationInterval>3000</validationInterval>'));
  assert.equal(only(res.findings, 'pool/validation-interval').length, 0);
  const [q] = only(res.findings, 'pool/validation-query');
  assert.match(q.message, /pinned to the demoted writer after every one of the 24 failover timings/);
  assert.ok(q.fixes[0].preferred && q.fixes[0].title.includes(ROLE_AWARE_VALIDATION_QUERY));
  // with maxAge 60000 the damage is bounded (measured), but the forecast still says a minute beyond the bound
  const ok = lint('master-datasources.xml', carbon('<testOnBorrow>true</testOnBorrow>\n<validationQuery>SELECT 1</validationQuery>\n<validationInterval>3000</validationInterval>\n<maxAge>60000</maxAge>'));
  assert.equal(only(ok.findings, 'pool/validation-interval').length, 0);
  assert.match(only(ok.findings, 'pool/validation-query')[0].message, /failover: recovers in \d+ s at p95/);
});

test('pool/validation-interval: APIM 2.0/2.1 default (Tomcat 7.0.34) is 30000 and is said so', () => {
  const q = `<validationQuery>${ROLE_AWARE_VALIDATION_QUERY}</validationQuery>\n<testOnBorrow>true</testOnBorrow>`;
  const res = lint('master-datasources.xml', carbon(q), { apimVersion: '2.1.0', forecast: { dnsTtl: 5 } });
  const [f] = only(res.findings, 'pool/validation-interval');
  assert.equal(f.fromDefault, true);
  assert.match(f.message, /^validationInterval is 30000 ms \(Tomcat 7\.0\.34 default in APIM 2\.0\/2\.1: not set in <configuration>\)/);
  const newer = lint('master-datasources.xml', carbon(q), { apimVersion: '4.2.0', forecast: { dnsTtl: 5 } });
  assert.equal(only(newer.findings, 'pool/validation-interval').length, 0);
});

test('no role-aware query is ever offered for a reader-endpoint datasource', () => {
  const text = readFixture('rules/pool/validation-query/valid-master-datasources.xml').replace('<validationInterval>3000</validationInterval>', '<validationInterval>30000</validationInterval>');
  const res = lint('master-datasources.xml', text.replace(/<defaultReadOnly>true<\/defaultReadOnly>/, '<validationInterval>30000</validationInterval>'));
  const reader = res.findings.filter((f) => f.datasource === 'REPORTING_READ_DB');
  assert.ok(reader.length > 0);
  for (const f of reader) for (const fix of f.fixes) assert.ok(!fix.title.includes('innodb_read_only'), `${f.ruleId}: ${fix.title}`);
});
