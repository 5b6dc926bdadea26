// Messages say what is wrong in THIS file: the value in effect, where it comes from (the file, or which
// default), why it matters, and the safe value. Default-derived findings sit on the datasource header.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint } from '../helpers';
import type { ProjectConfig } from '../../../src/core/config/options';

const AUR = 'apim.cluster-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com';

const carbon = (config: string, url = `jdbc:mysql://${AUR}:3306/apimgt_db?useSSL=true`) => `<datasources-configuration>
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

const generic = (props: string) => `<datasource>
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

const toml = (extra = '', url = `jdbc:mysql://${AUR}:3306/apim_db?useSSL=true`) => `[database.apim_db]
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

function one(file: string, text: string, rule: string, config: ProjectConfig = {}) {
  const res = lint(file, text, config);
  assert.deepEqual(res.internalErrors, []);
  const all = res.findings.filter((f) => f.ruleId === rule);
  assert.ok(all.length > 0, `no ${rule} finding`);
  const f = all[0];
  return { f, all, text, res, at: text.slice(f.span.start, f.span.end), header: res.doc.datasources.find((d) => (d.name ?? d.id) === f.datasource)?.headerSpan };
}

test('pool/test-on-borrow: Tomcat default in XML on the header; explicit false in TOML on the value', () => {
  const x = one('m-datasources.xml', carbon('<validationQuery>SELECT 1</validationQuery>'), 'pool/test-on-borrow');
  assert.equal(x.f.severity, 'error');
  assert.deepEqual(x.f.span, x.header);
  assert.equal(x.f.fromDefault, true);
  assert.match(x.f.message, /^testOnBorrow is false \(Tomcat default: not set in <configuration>\): connections killed by a failover go straight to APIM code as `Communications link failure`.*set testOnBorrow to true\. Forecast \(pool model, 24 fault timings\): failover: keeps handing out dead connections/);
  assert.deepEqual(x.f.fixes.map((fx) => fx.title.split(' → ')[0]), ['Set testOnBorrow to true']);
  const t = one('deployment.toml', toml('pool_options.testOnBorrow = false\n'), 'pool/test-on-borrow');
  assert.equal(t.at, 'false');
  assert.equal(t.f.fromDefault, false);
  assert.match(t.f.message, /^testOnBorrow is false: /);
});

test('pool/validation-query-timeout names the TOML table it is missing from', () => {
  const t = one('deployment.toml', toml(), 'pool/validation-query-timeout');
  assert.deepEqual(t.f.span, t.header);
  assert.match(t.f.message, /^validationQueryTimeout is -1 \(Tomcat default: not set in \[database\.apim_db\.pool_options\]\), i\.e\. no timeout: .*set it to 5 \(seconds\)/);
});

test('pool/max-age: explicit 0 on the value, unset on the header, both with the safe value', () => {
  const x = one('m-datasources.xml', carbon('<testOnBorrow>true</testOnBorrow><maxAge>0</maxAge>'), 'pool/max-age');
  assert.equal(x.at, '0');
  assert.match(x.f.message, /^maxAge is 0, so connections are never retired by age: .*error 1290.*measured.*Forecast \(pool model, 24 fault timings\): failover: pinned .* With maxAge 60000: failover: recovers in/);
  // the forecast prefers the shorter maxAge: a pinned pool recovers about maxAge after it reconnected to the demoted writer
  assert.deepEqual(x.f.fixes.map((fx) => [fx.title.split(' (')[0], !!fx.preferred]), [['Set maxAge to 60000', true], ['Set maxAge to 300000', false]]);
  const g = one('datasource.xml', generic(''), 'pool/max-age');
  assert.match(g.f.message, /^maxAge is 0 \(Tomcat default: not set in <properties>\)/);
});

test('pool/idle-eviction: says what testWhileIdle does and does not catch', () => {
  const t = one('deployment.toml', toml(), 'pool/idle-eviction');
  assert.match(t.f.message, /^testWhileIdle is false \(Tomcat default: not set in \[database\.apim_db\.pool_options\]\): /);
  assert.match(t.f.message, /finds dead idle connections early but does not catch connections to a demoted writer/);
  const x = one('m-datasources.xml', carbon('<testOnBorrow>true</testOnBorrow><testWhileIdle>true</testWhileIdle><minIdle>2</minIdle><timeBetweenEvictionRunsMillis>0</timeBetweenEvictionRunsMillis>'), 'pool/idle-eviction');
  assert.match(x.f.message, /^timeBetweenEvictionRunsMillis is 0: the pool cleaner never runs/);
});

test('pool/max-wait: error for <= 0, info below 5000, with the value', () => {
  const a = one('m-datasources.xml', carbon('<testOnBorrow>true</testOnBorrow><maxWait>-1</maxWait>'), 'pool/max-wait');
  assert.equal(a.f.severity, 'error');
  assert.match(a.f.message, /^maxWait is -1: .*wait for a connection forever/);
  const b = one('m-datasources.xml', carbon('<testOnBorrow>true</testOnBorrow><maxWait>1000</maxWait>'), 'pool/max-wait');
  assert.equal(b.f.severity, 'info');
  assert.match(b.f.message, /^maxWait is 1000 ms: .*Timeout: Pool empty.*set it to 60000/);
});

test('pool/remove-abandoned and pool/default-auto-commit name the value and its origin', () => {
  const r = one('datasource.xml', generic(''), 'pool/remove-abandoned');
  assert.match(r.f.message, /^removeAbandoned is false \(Tomcat default: not set in <properties>\): /);
  const d = one('deployment.toml', toml('pool_options.defaultAutoCommit = false\n'), 'pool/default-auto-commit');
  assert.equal(d.at, 'false');
  assert.match(d.f.message, /^defaultAutoCommit is false, but WSO2's default for WSO2AM_DB is true: .*Transaction resolution unknown/);
  assert.deepEqual(d.f.fixes, [], 'no fix flips defaultAutoCommit');
  // stock APIM 2.x files shipped WSO2AM_DB with false in some releases and true in others: either is WSO2's
  const x = lint('m-datasources.xml', carbon('<testOnBorrow>true</testOnBorrow><defaultAutoCommit>false</defaultAutoCommit>'));
  assert.equal(x.findings.filter((f) => f.ruleId === 'pool/default-auto-commit').length, 0);
});

test('serverless/max-connections-budget: the sum, its terms and their origins, on the largest pool with related locations', () => {
  const t = one('deployment.toml', toml(), 'serverless/max-connections-budget', { target: 'aurora-serverless-v2', cluster: { apimNodes: 2, maxConnections: 150 } });
  assert.equal(
    t.f.message.split(':')[0],
    "2 APIM nodes × (WSO2AM_DB 50 (WSO2 deployment.toml default) + WSO2_SHARED_DB 50 (WSO2 deployment.toml default)) = 200 connections at peak, above 80 % of the cluster's @@max_connections 150 (120)",
  );
  assert.deepEqual(t.f.span, t.header);
  assert.equal(t.f.related.length, 1);
  assert.deepEqual(t.f.fixes, []);
  const x = one('m-datasources.xml', carbon('<testOnBorrow>true</testOnBorrow><maxActive>80</maxActive>'), 'serverless/max-connections-budget', { cluster: { maxConnections: 90 } });
  assert.equal(x.at, '80');
  const h = one('deployment.toml', toml(), 'serverless/max-connections-budget', { target: 'aurora-serverless-v2', cluster: { apimNodes: 2, maxAcu: 2 } });
  assert.match(h.f.message, /max ACU 2: .*not verified here.*aurora-guard probe/);
  assert.equal(lint('deployment.toml', toml(), { target: 'aurora-serverless-v2', cluster: { apimNodes: 1, maxAcu: 2 } }).findings.filter((f) => f.ruleId === 'serverless/max-connections-budget').length, 0);
});

test('serverless/auto-pause-*: values with where they are written, only when auto-pause is on', () => {
  const cfg: ProjectConfig = { target: 'aurora-serverless-v2', cluster: { autoPause: true } };
  const t = one('deployment.toml', toml('', `jdbc:mysql://${AUR}:3306/apim_db?connectTimeout=10000`), 'serverless/auto-pause-resume-timeouts', cfg);
  assert.equal(t.at, '10000');
  assert.match(t.f.message, /^connectTimeout is 10000 ms in the JDBC URL: the first connection after an auto-pause waits while the cluster resumes/);
  const g = one('datasource.xml', generic(''), 'serverless/auto-pause-blocked', cfg);
  assert.equal(g.all.length, 2);
  assert.match(g.all.map((f) => f.message).join('\n'), /^initialSize is 10 \(Tomcat default: not set in <properties>\)/m);
  assert.match(g.all.map((f) => f.message).join('\n'), /^minIdle is 10 \(Tomcat default: not set in <properties>\): the pool keeps 10 connections open at all times.*\(not verified\)\.$/m);
  // min ACU 0 means auto-pause; a provisioned target never auto-pauses
  assert.ok(lint('datasource.xml', generic(''), { cluster: { minAcu: 0 } }).findings.some((f) => f.ruleId === 'serverless/auto-pause-blocked'));
  assert.ok(!lint('datasource.xml', generic(''), { target: 'aurora-provisioned', cluster: { minAcu: 0 } }).findings.some((f) => f.ruleId.startsWith('serverless/auto-pause')));
});
