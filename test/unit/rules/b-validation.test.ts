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

test('classifyValidationQuery: what Tomcat does with each query', () => {
  const cases: [string | null, string][] = [
    ['SELECT 1', 'select-1'], ['select 1;', 'select-1'], ['SELECT 1 FROM DUAL', 'select-1'],
    ['select connection_id();', 'connection-id'], [SEED_VALIDATION_QUERY, 'connection-id'],
    [PING_VALIDATION_QUERY, 'ping'], ['SELECT @@innodb_read_only', 'read-only-select'],
    [ROLE_AWARE_VALIDATION_QUERY, 'role-aware'],
    ['SELECT IF(@@read_only OR @@innodb_read_only, (SELECT 1 UNION ALL SELECT 2), 1)', 'role-aware'],
    ['select version()', 'other-select'], ['UPDATE heartbeat SET ts = NOW()', 'writes'],
    ['SELECT 1 FROM dual FOR UPDATE', 'unknown'], ['CALL check_role()', 'unknown'], [null, 'none'],
  ];
  for (const [q, kind] of cases) assert.equal(classifyValidationQuery(q), kind, String(q));
});

test('pool/validation-query offers the role-aware query first, then the ping (Connector/J only), then the seed query with honest titles', () => {
  const res = lint('master-datasources.xml', carbon('<testOnBorrow>true</testOnBorrow>\n<validationQuery>SELECT 1</validationQuery>'));
  const [f] = only(res.findings, 'pool/validation-query');
  assert.ok(f);
  assert.equal(f.severity, 'warning');
  assert.equal(f.fixes.length, 3);
  assert.ok(f.fixes[0].preferred && f.fixes[0].title.includes(ROLE_AWARE_VALIDATION_QUERY));
  assert.match(f.fixes[0].title, /confirm on Aurora with aurora-guard probe/);
  assert.ok(!f.fixes[1].preferred && f.fixes[1].title.includes(PING_VALIDATION_QUERY));
  assert.match(f.fixes[1].title, /Connector\/J only/);
  assert.match(f.fixes[1].title, /does not detect a demoted writer/);
  assert.ok(f.fixes[2].title.includes(SEED_VALIDATION_QUERY));
  assert.match(f.fixes[2].title, /detects only dead connections.*does not detect a demoted writer or reader/);
  const after = applyEdits(res.doc.text, f.fixes[0].edits);
  assert.equal(parseDocument('master-datasources.xml', after).datasources[0].validationQuery?.value, ROLE_AWARE_VALIDATION_QUERY);
});

test('pool/validation-query: no ping fix for the MariaDB driver; info, not warning, off Aurora', () => {
  const res = lint('master-datasources.xml', carbon('<testOnBorrow>true</testOnBorrow>\n<validationQuery>SELECT 1</validationQuery>', {
    url: 'jdbc:mariadb://db.internal:3306/apimgt_db', driver: 'org.mariadb.jdbc.Driver',
  }));
  const [f] = only(res.findings, 'pool/validation-query');
  assert.equal(f.severity, 'info');
  assert.deepEqual(f.fixes.map((x) => x.title.includes(PING_VALIDATION_QUERY)), [false, false]);
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
  assert.match(f.message, /pins the pool to a demoted writer: measured/);
  assert.equal(f.fixes.length, 2);
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

test('pool/validation-interval: only the interval when the query is already role-aware', () => {
  const res = lint('master-datasources.xml', carbon(`<validationQuery>${ROLE_AWARE_VALIDATION_QUERY}</validationQuery>\n<validationInterval>30000</validationInterval>`));
  const [f] = only(res.findings, 'pool/validation-interval');
  assert.deepEqual(f.fixes.map((x) => x.title), ['Set validationInterval to 3000']);
});

test('pool/validation-interval flags a short interval with a liveness-only query and no maxAge (measured: pins the pool)', () => {
  const res = lint('master-datasources.xml', carbon('<validationQuery>SELECT 1</validationQuery>\n<validationInterval>3000</validationInterval>'));
  const [f] = only(res.findings, 'pool/validation-interval');
  assert.match(f.message, /lowering validationInterval alone pins the pool to a demoted writer \(measured\)/);
  assert.ok(f.fixes[0].preferred && f.fixes[0].title.includes(ROLE_AWARE_VALIDATION_QUERY));
  // with maxAge the damage is bounded (measured): no finding
  const ok = lint('master-datasources.xml', carbon('<validationQuery>SELECT 1</validationQuery>\n<validationInterval>3000</validationInterval>\n<maxAge>60000</maxAge>'));
  assert.equal(only(ok.findings, 'pool/validation-interval').length, 0);
});

test('pool/validation-interval: APIM 2.0/2.1 default (Tomcat 7.0.34) is 30000 and is said so', () => {
  const res = lint('master-datasources.xml', carbon(`<validationQuery>${ROLE_AWARE_VALIDATION_QUERY}</validationQuery>`), { apimVersion: '2.1.0' });
  const [f] = only(res.findings, 'pool/validation-interval');
  assert.equal(f.fromDefault, true);
  assert.match(f.message, /^validationInterval is 30000 ms \(Tomcat 7\.0\.34 default in APIM 2\.0\/2\.1: not set in <configuration>\)/);
  const newer = lint('master-datasources.xml', carbon(`<validationQuery>${ROLE_AWARE_VALIDATION_QUERY}</validationQuery>`), { apimVersion: '4.2.0' });
  assert.equal(only(newer.findings, 'pool/validation-interval').length, 0);
});

test('no role-aware query is ever offered for a reader-endpoint datasource', () => {
  const text = readFixture('rules/pool/validation-query/valid-master-datasources.xml').replace('<validationInterval>3000</validationInterval>', '<validationInterval>30000</validationInterval>');
  const res = lint('master-datasources.xml', text.replace(/<defaultReadOnly>true<\/defaultReadOnly>/, '<validationInterval>30000</validationInterval>'));
  const reader = res.findings.filter((f) => f.datasource === 'REPORTING_READ_DB');
  assert.ok(reader.length > 0);
  for (const f of reader) for (const fix of f.fixes) assert.ok(!fix.title.includes('innodb_read_only'), `${f.ruleId}: ${fix.title}`);
});
