// The AWS JDBC wrapper rules (catalogWrapper.ts): complete, one file per rule, docs with the required sections,
// invalid and valid fixtures; and what their messages and decisions say in the cases the fixtures don't spell out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, FIXTURES, lint } from '../helpers';
import { ALL_RULES } from '../../../src/core/rules/index';
import { derivedFailoverMode, canonicalStrategy, EXCLUSIVE_PAIRS } from '../../../src/core/aurora/awsWrapper';
import type { ProjectConfig } from '../../../src/core/config/options';

const IDS = [
  'jdbc/aws-wrapper-efm-socket-timeout', 'jdbc/aws-wrapper-custom-domain', 'jdbc/aws-wrapper-iam-max-age', 'jdbc/aws-wrapper-failover-mode',
  'jdbc/aws-wrapper-cluster-id', 'jdbc/aws-wrapper-deprecated', 'jdbc/aws-wrapper-plugin-fit', 'jdbc/aws-wrapper-global-database',
  'jdbc/aws-wrapper-risky-values', 'jdbc/aws-wrapper-datasource-class',
];
const CATALOG_AWS_WRAPPER = ALL_RULES.filter((r) => IDS.includes(r.meta.id));
const filesUnder = (dir: string) => (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile());
const AUR = 'apim.cluster-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com';
const RO = 'apim.cluster-ro-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com';

test('the wrapper catalogue holds exactly its rules, each registered once in ALL_RULES, one file each', () => {
  assert.deepEqual(CATALOG_AWS_WRAPPER.map((r) => r.meta.id).sort(), [...IDS].sort());
  for (const id of IDS) {
    assert.equal(ALL_RULES.filter((r) => r.meta.id === id).length, 1, id);
    const name = id.split('/')[1].replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    const file = path.join(ROOT, 'src/core/rules/jdbc', `${name}.ts`);
    assert.ok(fs.existsSync(file), `${id}: ${path.relative(ROOT, file)}`);
    assert.match(fs.readFileSync(file, 'utf8'), new RegExp(`id: '${id}'`));
  }
});

test('metadata complete; docs pages carry the sections and say what is published vs measured', () => {
  for (const { meta } of CATALOG_AWS_WRAPPER) {
    assert.ok(meta.title.length > 10 && meta.title.length < 110, `${meta.id}: title`);
    assert.ok(meta.rationale.length > 40 && meta.rationale.endsWith('.'), `${meta.id}: rationale`);
    assert.equal(meta.mysqlOnly, true, meta.id);
    const md = fs.readFileSync(path.join(ROOT, 'docs/rules', `${meta.id}.md`), 'utf8');
    assert.equal(md.split('\n')[0], `# ${meta.id}`);
    const sev = md.split('\n').find((l) => l.startsWith('Severity: '))!;
    assert.match(sev, new RegExp(`^Severity: ${meta.defaultSeverity}\\b`));
    for (const f of meta.formats) assert.ok(sev.includes(f), `${meta.id}: format ${f}`);
    for (const s of ['## What it checks', '## Why it matters on Aurora', '## Safe value', '## Fix', '## What was measured / what is not verified', '## Sources']) {
      assert.ok(md.includes(s), `${meta.id}: ${s}`);
    }
    assert.match(md, /aws\/aws-advanced-jdbc-wrapper/, `${meta.id}: cites the wrapper's guide or source`);
    assert.match(md, /[Nn]ot (measured|run) here/, `${meta.id}: says nothing is measured here`);
  }
});

test('every wrapper rule has an invalid and a valid fixture', () => {
  const dir = path.join(FIXTURES, 'rules', 'jdbc');
  const texts = filesUnder(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
  for (const id of IDS) {
    const named = texts.filter((t) => new RegExp(`aurora-guard-test-rules:[^\\n]*${id.replace('/', '\\/')}\\b(?!-)`).test(t));
    const expecting = named.filter((t) => new RegExp(`expect(-here)?:[^\\n]*${id.replace('/', '\\/')}\\b(?!-)`).test(t));
    assert.ok(expecting.length > 0, `${id}: an invalid fixture`);
    assert.ok(named.length > expecting.length, `${id}: a valid fixture`);
  }
});

const carbon = (url: string, extra = '', name = 'WSO2AM_DB') => `<datasources-configuration>
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

function findings(text: string, rule: string, config: ProjectConfig = {}) {
  const res = lint('master-datasources.xml', text, config);
  assert.deepEqual(res.internalErrors, []);
  return res.findings.filter((f) => f.ruleId === rule);
}

test('every wrapper finding says its advice is published and not measured here', () => {
  const dir = path.join(FIXTURES, 'rules', 'jdbc');
  let seen = 0;
  for (const f of filesUnder(dir).filter((x) => x.startsWith('aws-wrapper') && x.includes('invalid'))) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    for (const x of lint(f.endsWith('.toml') ? 'deployment.toml' : 'master-datasources.xml', text).findings.filter((y) => y.ruleId.startsWith('jdbc/aws-wrapper-'))) {
      assert.match(x.message, /published advice|published, not measured|not measured here|not run here/, `${x.ruleId}: ${x.message}`);
      seen++;
    }
  }
  assert.ok(seen > 20, String(seen));
});

test('efm-socket-timeout: the window from the written EFM parameters and the defaults, the fix above it', () => {
  const [f] = findings(carbon(`jdbc:aws-wrapper:mysql://${AUR}:3306/a?failureDetectionInterval=10000&amp;socketTimeout=55000`), 'jdbc/aws-wrapper-efm-socket-timeout');
  assert.match(f.message, /failureDetectionTime 30000 \(default\) \+ failureDetectionInterval 10000 × failureDetectionCount 3 \(default\) = 60000 ms/);
  assert.match(f.message, /efm2 from the wrapper's default plugins \(wrapperPlugins not set/);
  assert.equal(f.fixes[0].title, 'Set socketTimeout=70000 in the JDBC URL');
  assert.equal(findings(carbon(`jdbc:aws-wrapper:mysql://${AUR}:3306/a?socketTimeout=45000`), 'jdbc/aws-wrapper-efm-socket-timeout').length, 0, 'equal to the window is not shorter');
  assert.equal(findings(carbon(`jdbc:mysql://${AUR}:3306/a?socketTimeout=5000`).replace('software.amazon.jdbc.Driver', 'com.mysql.cj.jdbc.Driver'), 'jdbc/aws-wrapper-efm-socket-timeout').length, 0, 'no wrapper, no EFM');
  assert.equal(findings(carbon('jdbc:aws-wrapper:mysql://db.example.internal:3306/a?socketTimeout=10000&amp;clusterId=x'), 'jdbc/aws-wrapper-efm-socket-timeout').length, 1, 'EFM runs behind any host name');
  assert.equal(findings(carbon(`jdbc:aws-wrapper:mysql://${AUR}:3306/a?socketTimeout=5000&amp;wrapperProfileName=SF_F0`), 'jdbc/aws-wrapper-efm-socket-timeout').length, 0, 'a preset: the plugin list is not known');
});

test('failover-mode: derived default from the wrapper source, reader-or-writer on cluster-ro, strict-writer elsewhere', () => {
  assert.equal(derivedFailoverMode('cluster-ro'), 'reader-or-writer');
  for (const k of ['cluster', 'cluster-custom', 'instance', 'other', 'ip']) assert.equal(derivedFailoverMode(k), 'strict-writer', k);
  const ro = '<defaultReadOnly>true</defaultReadOnly>';
  assert.equal(findings(carbon(`jdbc:aws-wrapper:mysql://${RO}:3306/a`, ro), 'jdbc/aws-wrapper-failover-mode').length, 0);
  const [c] = findings(carbon('jdbc:aws-wrapper:mysql://reports.example.internal:3306/a', ro), 'jdbc/aws-wrapper-failover-mode');
  assert.match(c.message, /sets no failoverMode, so the AWS wrapper uses strict-writer/);
  assert.equal(c.fixes[0].title, 'Add failoverMode=strict-reader to the JDBC URL');
  const [w] = findings(carbon(`jdbc:aws-wrapper:mysql://${AUR}:3306/a?failoverMode=reader-or-writer`), 'jdbc/aws-wrapper-failover-mode');
  assert.match(w.message, /ERROR 1290/);
  assert.equal(findings(carbon(`jdbc:aws-wrapper:mysql://${AUR}:3306/a?failoverMode=strict-reader`), 'jdbc/aws-wrapper-failover-mode', { target: 'mysql' }).length, 0);
});

test('iam-max-age and custom-domain fire on hosts that are not RDS names (auroraOnly is false on purpose)', () => {
  const iam = findings(carbon('jdbc:aws-wrapper:mysql://db.example.internal:3306/a?wrapperPlugins=iam', '<maxAge>900000</maxAge>'), 'jdbc/aws-wrapper-iam-max-age');
  assert.equal(iam.length, 1);
  assert.match(iam[0].message, /maxAge is 900000 ms, at least the token's 15 minutes/);
  assert.match(iam[0].message, /token only matters when a connection is opened/);
  assert.equal(findings(carbon('jdbc:aws-wrapper:mysql://db.example.internal:3306/a?wrapperPlugins=iam', '<maxAge>899999</maxAge>'), 'jdbc/aws-wrapper-iam-max-age').length, 0);
  assert.equal(findings(carbon('jdbc:aws-wrapper:mysql://db.example.internal:3306/a'), 'jdbc/aws-wrapper-custom-domain').length, 1);
  assert.equal(findings(carbon('jdbc:aws-wrapper:mysql://db.example.internal:3306/a'), 'jdbc/aws-wrapper-custom-domain', { target: 'mysql' }).length, 0);
});

test('jdbc/aws-wrapper reports every mutually exclusive pair; a fix only where the guide names the one to keep', () => {
  const [a, b] = findings(carbon(`jdbc:aws-wrapper:mysql://${AUR}:3306/a?wrapperPlugins=initialConnection,failover2,gdbFailover,efm,efm2`), 'jdbc/aws-wrapper');
  assert.match(a.message, /both failover2 and gdbFailover/);
  assert.deepEqual(a.fixes, []);
  assert.match(b.message, /both efm and efm2.*Keep efm2/);
  assert.equal(b.fixes[0].title, 'Set wrapperPlugins=initialConnection,failover2,gdbFailover,efm2');
  // the pair list is symmetric-free (no pair twice) and names only distinct plugins
  const keys = EXCLUSIVE_PAIRS.map((p) => [p.a, p.b].sort().join('+'));
  assert.equal(new Set(keys).size, keys.length);
  assert.ok(EXCLUSIVE_PAIRS.every((p) => p.a !== p.b && (p.keep === null || p.keep === p.a || p.keep === p.b)));
});

test('risky-values: strategy names are matched exactly, the meant name offered only when unambiguous', () => {
  assert.equal(canonicalStrategy('round-robin'), 'roundRobin');
  assert.equal(canonicalStrategy('LEAST_CONNECTIONS'), 'leastConnections');
  assert.equal(canonicalStrategy('fastest'), null);
  const [f] = findings(carbon(`jdbc:aws-wrapper:mysql://${AUR}:3306/a?readerHostSelectorStrategy=fastest`), 'jdbc/aws-wrapper-risky-values');
  assert.deepEqual(f.fixes, []);
});

test('cluster-id: only datasources on a different cluster than the first of their clusterId group', () => {
  const two = `<datasources-configuration><datasources>
  <datasource><name>A</name><definition type="RDBMS"><configuration><url>jdbc:aws-wrapper:mysql://${AUR}:3306/a</url><driverClassName>software.amazon.jdbc.Driver</driverClassName></configuration></definition></datasource>
  <datasource><name>B</name><definition type="RDBMS"><configuration><url>jdbc:aws-wrapper:mysql://other.cluster-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com:3306/b</url><driverClassName>software.amazon.jdbc.Driver</driverClassName></configuration></definition></datasource>
</datasources></datasources-configuration>`;
  const fs2 = findings(two, 'jdbc/aws-wrapper-cluster-id');
  assert.equal(fs2.length, 1);
  assert.equal(fs2[0].datasource, 'B');
  assert.match(fs2[0].message, /no clusterId, so the wrapper's default 1, the same as A, which reaches the cluster apim/);
  assert.equal(fs2[0].related.length, 1);
});
