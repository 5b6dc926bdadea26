// The CLI as a user runs it: exit codes, output formats, config discovery, fix and dry-run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { run } from '../../../src/cli/main';
import { ALL_RULES } from '../../../src/core/rules/index';

async function cli(...args: string[]) {
  let out = '';
  let err = '';
  const code = await run(args, { out: (s) => (out += s), err: (s) => (err += s), color: false });
  return { code, out, err };
}

const AURORA = 'apim.cluster-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com';
const XML = `<?xml version="1.0" encoding="UTF-8"?>
<datasources-configuration xmlns:svns="http://org.wso2.securevault/configuration">
  <datasources>
    <datasource>
      <name>WSO2AM_DB</name>
      <jndiConfig><name>jdbc/WSO2AM_DB</name></jndiConfig>
      <definition type="RDBMS">
        <configuration>
          <url>jdbc:mysql://${AURORA}:3306/apimgtdb?autoReconnect=true&amp;useSSL=false</url>
          <username>apim</username>
          <password>secret</password>
          <driverClassName>com.mysql.cj.jdbc.Driver</driverClassName>
          <maxActive>50</maxActive>
          <maxWait>60000</maxWait>
          <validationQuery>SELECT 1</validationQuery>
          <validationInterval>30000</validationInterval>
        </configuration>
      </definition>
    </datasource>
  </datasources>
</datasources-configuration>
`;

function workspace(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aurora-guard-cli-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

test('usage errors exit 2 with a clear message and no stack trace', async () => {
  const empty = workspace({ 'README.md': 'nothing here' });
  for (const [args, pattern] of [
    [['lint', '--bogus', 'x'], /unknown option '--bogus'/],
    [['lint', path.join(empty, 'missing.toml')], /cannot read .*missing\.toml: no such file or directory/],
    [['lint', empty], /no deployment\.toml or \*-datasources\.xml files found/],
    [['lint', '--format', 'yaml', empty], /argument 'yaml' is invalid/],
    [['frobnicate'], /unknown command/],
  ] as [string[], RegExp][]) {
    const r = await cli(...args);
    assert.equal(r.code, 2, `${args.join(' ')} → ${r.code}`);
    assert.match(r.err, pattern);
    assert.doesNotMatch(r.err, /\n\s+at /, 'stack trace leaked');
  }
});

test('an invalid aurora-guard.json is a usage error that names the key', async () => {
  const dir = workspace({ 'conf/master-datasources.xml': XML, 'aurora-guard.json': '{"target": "aurora", "rulez": {}}' });
  const r = await cli('lint', dir);
  assert.equal(r.code, 2);
  // every problem, each naming its key
  assert.match(r.err, /aurora-guard\.json: .*"target" must be one of/);
  assert.match(r.err, /unknown key "rulez" \(did you mean "rules"\?\)/);
  const broken = workspace({ 'conf/master-datasources.xml': XML, '.aurora-guard.json': '{ not json' });
  const r2 = await cli('lint', broken);
  assert.equal(r2.code, 2);
  assert.match(r2.err, /\.aurora-guard\.json: not valid JSON/);
});

test('lint --format json follows the contract and exits 1 on an error finding', async () => {
  const dir = workspace({ 'repository/conf/datasources/master-datasources.xml': XML });
  const r = await cli('lint', '--format', 'json', dir);
  assert.equal(r.code, 1, r.err);
  const json = JSON.parse(r.out);
  assert.equal(json.length, 1);
  assert.ok(json[0].file.endsWith('master-datasources.xml'));
  const ids = json[0].findings.map((f: { ruleId: string }) => f.ruleId);
  for (const id of ['pool/test-on-borrow', 'pool/validation-interval', 'jdbc/connect-timeout', 'jdbc/auto-reconnect']) assert.ok(ids.includes(id), `${id} missing in ${ids}`);
  for (const f of json[0].findings) {
    for (const k of ['ruleId', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn', 'datasource', 'fixes']) assert.ok(k in f, `finding lacks ${k}`);
    assert.ok(['error', 'warning', 'info'].includes(f.severity));
  }
});

test('rule severities come from the nearest aurora-guard.json; --target overrides its target', async () => {
  const dir = workspace({
    'conf/master-datasources.xml': XML,
    'aurora-guard.json': JSON.stringify({ rules: { 'pool/test-on-borrow': 'off', 'aurora/reader-endpoint-for-writer': 'warning' } }),
  });
  const r = await cli('lint', '--format', 'json', dir);
  const ids = JSON.parse(r.out)[0].findings.map((f: { ruleId: string }) => f.ruleId);
  assert.ok(!ids.includes('pool/test-on-borrow'));
  const mysql = await cli('lint', '--format', 'json', '--target', 'mysql', dir);
  const mids = JSON.parse(mysql.out)[0].findings.map((f: { ruleId: string }) => f.ruleId);
  assert.ok(!mids.some((id: string) => id.startsWith('aurora/')), `aurora rules fired with --target mysql: ${mids}`);
});

test('lint text output and sarif output', async () => {
  const dir = workspace({ 'master-datasources.xml': XML });
  const t = await cli('lint', path.join(dir, 'master-datasources.xml'));
  assert.match(t.out, /master-datasources\.xml:\d+:\d+ {2}error {4}pool\/test-on-borrow {2}/);
  assert.match(t.out, /\d+ problems \(\d+ errors?, \d+ warnings?, \d+ info\) in 1 file/);
  const s = await cli('lint', '--format', 'sarif', dir);
  const log = JSON.parse(s.out);
  assert.equal(log.version, '2.1.0');
  assert.ok(log.runs[0].results.length > 0);
});

test('rules --format json lists the catalogue with docs links and whether each rule can offer a fix', async () => {
  const r = await cli('rules', '--format', 'json');
  assert.equal(r.code, 0);
  const rules = JSON.parse(r.out);
  assert.ok(rules.length >= 28, `only ${rules.length} rules`);
  for (const rule of rules) assert.match(rule.docs, /docs\/rules\/.+\.md$/);
  assert.deepEqual(rules.map((x: { fixable: boolean }) => x.fixable), ALL_RULES.map((x) => x.meta.fixable));
});

test('fix --dry-run prints a diff and leaves the file alone; fix writes it and the errors are gone', async () => {
  const dir = workspace({ 'master-datasources.xml': XML });
  const file = path.join(dir, 'master-datasources.xml');
  const dry = await cli('fix', '--dry-run', file);
  assert.equal(fs.readFileSync(file, 'utf8'), XML);
  assert.match(dry.out, /^\+.*<testOnBorrow>true<\/testOnBorrow>/m);
  assert.match(dry.out, /would apply \d+ fix/);
  const real = await cli('fix', file);
  assert.equal(real.code, 0, real.out + real.err);
  const fixed = fs.readFileSync(file, 'utf8');
  assert.notEqual(fixed, XML);
  assert.ok(fixed.includes('<password>secret</password>'), 'unrelated content changed');
  const after = await cli('lint', '--format', 'json', file);
  const remaining = JSON.parse(after.out)[0].findings;
  assert.equal(remaining.filter((f: { severity: string }) => f.severity === 'error').length, 0);
  assert.equal(remaining.filter((f: { fixes: { preferred: boolean }[] }) => f.fixes.some((x) => x.preferred)).length, 0, 'a fixable finding is left');
});

test('lint DIR finds Helm values (by content), ConfigMaps that embed a deployment.toml and JVM files; arbitrary YAML is skipped; fix edits the YAML', async () => {
  const values = `# prod overrides\nwso2:\n  apim:\n    configurations:\n      databases:\n        type: mysql\n        apim_db:\n          url: jdbc:mysql://${AURORA}:3306/apim_db?connectTimeout=10000&socketTimeout=60000\n          poolParameters:\n            testOnBorrow: false   # keep this comment\n`;
  const dir = workspace({
    'charts/apim/Chart.yaml': 'apiVersion: v2\nname: wso2am-all-in-one\nversion: 4.2.0-1\n',
    'charts/apim/values/aws-prod.yaml': values,
    'k8s/apim-conf.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  deployment.toml: |\n    [database.apim_db]\n    type = "mysql"\n    url = "jdbc:mysql://${AURORA}:3306/apim_db"\n`,
    'docker-compose.yaml': 'services:\n  db:\n    image: mysql:8\n    environment:\n      databases: apim\n',
    'docker/Dockerfile': 'FROM wso2/wso2am:4.5.0\nENV JAVA_OPTS="-Dnetworkaddress.cache.ttl=5"\n',
  });
  const r = await cli('lint', dir, '--format', 'json');
  const report = JSON.parse(r.out) as { file: string; findings: { ruleId: string; line: number; column: number; message: string; fromDefault: boolean }[] }[];
  assert.deepEqual(report.map((f) => path.relative(dir, f.file)).sort(), ['charts/apim/values/aws-prod.yaml', 'docker/Dockerfile', 'k8s/apim-conf.yaml']);
  const v = report.find((f) => f.file.endsWith('aws-prod.yaml'))!;
  const tob = v.findings.find((f) => f.ruleId === 'pool/test-on-borrow')!;
  assert.deepEqual([tob.line, tob.column], [10, 27]);
  // the chart version comes from the Chart.yaml one folder up: the 4.2 chart ships defaultAutoCommit false
  const dac = v.findings.find((f) => f.ruleId === 'pool/default-auto-commit')!;
  assert.ok(dac.fromDefault);
  assert.match(dac.message, /wso2am-all-in-one 4\.2\.0-1/);
  assert.ok(report.find((f) => f.file.endsWith('apim-conf.yaml'))!.findings.length > 0);
  assert.ok(report.find((f) => f.file.endsWith('Dockerfile'))!.findings.some((f) => f.ruleId === 'jvm/dns-ttl'));

  const file = path.join(dir, 'charts/apim/values/aws-prod.yaml');
  const fixed = await cli('fix', file);
  assert.equal(fixed.code === 0 || fixed.code === 1, true, fixed.err);
  const after = fs.readFileSync(file, 'utf8');
  assert.notEqual(after, values);
  assert.match(after, /testOnBorrow: (true|false) {3}# keep this comment\n/);
  assert.ok(after.startsWith('# prod overrides\nwso2:\n'));
  // still valid YAML, the new parameters under poolParameters, nothing else changed
  const data = parseYaml(after) as { wso2: { apim: { configurations: { databases: { type: string; apim_db: { url: string; poolParameters: Record<string, unknown> } } } } } };
  const dbs = data.wso2.apim.configurations.databases;
  assert.equal(dbs.type, 'mysql');
  assert.equal(dbs.apim_db.url, `jdbc:mysql://${AURORA}:3306/apim_db?connectTimeout=10000&socketTimeout=60000`);
  assert.ok(Object.keys(dbs.apim_db.poolParameters).length > 1);
});

test('forecast: text and the JSON contract, now and after fix-all; the JVM DNS TTL of the scanned java.security feeds it; bad flags exit 2', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ag-forecast-'));
  const toml = path.join(dir, 'deployment.toml');
  fs.writeFileSync(toml, `[database.apim_db]\ntype = "mysql"\nurl = "jdbc:mysql://${AURORA}:3306/apim_db"\nusername = "apim"\npassword = "x"\n`);
  const text = await cli('forecast', toml);
  assert.equal(text.code, 0, text.err);
  assert.match(text.out, /WSO2AM_DB\n {2}failover +pinned to the demoted writer after every one of the 24 failover timings .*; after fix-all: ≤ \d+ s/);
  assert.match(text.out, /24 fault timings per scenario\. Forecast by the pool model .* modelled, not measured\./);
  const json = JSON.parse((await cli('forecast', '--format', 'json', toml)).out);
  const ds = json[0].datasources[0];
  assert.deepEqual(Object.keys(ds).slice(0, 5), ['name', 'line', 'scenarios', 'afterFixAll', 'unknownSettings']);
  assert.equal(ds.name, 'WSO2AM_DB');
  assert.equal(ds.line, 1);
  const f = ds.scenarios['aurora-failover'];
  assert.equal(f.pinnedShare, 1);
  assert.deepEqual(f.recoveryMs, { p50: null, p95: null, max: null });
  assert.ok(typeof f.failedWrites.p50 === 'number');
  assert.equal(ds.afterFixAll['aurora-failover'].pinnedShare, 0);
  assert.ok(ds.afterFixAll['aurora-failover'].recoveryMs.p95 > 0);
  // the JDK's 30 s DNS cache: 35 s of stale DNS; a java.security beside it with ttl 5: 10 s
  assert.equal(f.boundMs, 3000 + 35000 + 15000);
  fs.writeFileSync(path.join(dir, 'java.security'), 'networkaddress.cache.ttl=5\n');
  const withTtl = JSON.parse((await cli('forecast', '--format', 'json', dir)).out);
  assert.equal(withTtl.find((x: { file: string }) => x.file === toml).datasources[0].scenarios['aurora-failover'].boundMs, 3000 + 10000 + 15000);
  // an explicit flag wins over the workspace's file
  const flagged = JSON.parse((await cli('forecast', '--format', 'json', '--dns-ttl', '0', dir)).out);
  assert.equal(flagged.find((x: { file: string }) => x.file === toml).datasources[0].scenarios['aurora-failover'].boundMs, 3000 + 5000 + 15000);
  assert.equal((await cli('forecast', '--threads', 'many', toml)).code, 2);
  // lint --format json carries the forecast on the findings it decided
  const lint = JSON.parse((await cli('lint', '--format', 'json', toml)).out);
  const vq = lint[0].findings.find((x: { ruleId: string }) => x.ruleId === 'pool/validation-query');
  assert.equal(vq.forecast.scenarios['aurora-failover'].pinned, 24);
  assert.equal(vq.forecast.afterFix['aurora-failover'].pinned, 0);
});
