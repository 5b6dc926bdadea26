// Helm values files, YAML manifests that embed datasource files, and JVM options in YAML: the located model
// (lines and columns), chart defaults per chart version, and the YAML editor (every edit keeps the file valid
// YAML, changes only what it sets, and keeps comments, indentation, quoting and key order).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { applyEdits, lint, memoryFs, outsideEditsUnchanged, ROOT } from '../helpers';
import { parseDocument } from '../../../src/core/parse/index';
import { wso2YamlKind } from '../../../src/core/parse/yaml/parseYaml';
import { effectiveSetting } from '../../../src/core/knowledge/wso2/defaults';
import { chartRefFromChartYaml, helmChartPoolDefaults } from '../../../src/core/knowledge/wso2/helmChart';
import { findHelmChart } from '../../../src/core/files/discover';
import { jvmDnsTtlSeconds } from '../../../src/core/parse/jvm/dnsTtlInEffect';
import { LineIndex } from '../../../src/core/text/lineIndex';
import type { ConfigDocument, Datasource, TextEdit } from '../../../src/core/model/types';

const AURORA = 'apim.cluster-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com';

function values(body: string): string {
  return `wso2:\n  apim:\n    configurations:\n      databases:\n${body}`;
}

function ds(doc: ConfigDocument, id: string): Datasource {
  const d = doc.datasources.find((x) => x.id === id);
  assert.ok(d, `no ${id} in ${doc.datasources.map((x) => x.id).join(', ')}`);
  return d;
}

/** 1-based line:column of an offset. */
function at(text: string, offset: number): string {
  const p = new LineIndex(text).position(offset);
  return `${p.line + 1}:${p.column + 1}`;
}

/**
 * Apply an edit list and check it: edits apart, nothing outside them changed, the result is valid YAML whose data
 * equals the original's except under `changedPath`, and every comment line of the original is still there.
 */
function applyYaml(text: string, edits: TextEdit[] | null, changedPath: string[]): { out: string; data: Record<string, unknown> } {
  assert.ok(edits && edits.length > 0, 'expected edits');
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start);
  for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i].span.start > sorted[i - 1].span.end, 'edits overlap or touch');
  const out = applyEdits(text, edits);
  assert.ok(outsideEditsUnchanged(text, out, edits));
  const before = parseYaml(text) as Record<string, unknown>;
  const after = parseYaml(out) as Record<string, unknown>; // throws on invalid YAML
  const strip = (d: Record<string, unknown>) => {
    const copy = structuredClone(d);
    let cur: Record<string, unknown> = copy;
    for (const k of changedPath.slice(0, -1)) cur = cur[k] as Record<string, unknown>;
    delete cur[changedPath[changedPath.length - 1]];
    return copy;
  };
  assert.deepEqual(strip(after), strip(before), 'data outside the changed datasource changed');
  for (const line of text.split('\n').filter((l) => l.includes('#'))) assert.ok(out.includes(line.slice(line.indexOf('#'))), `comment lost: ${line}`);
  const doc = parseDocument('values.yaml', out);
  assert.equal(doc.parseError, null);
  return { out, data: after };
}

function poolOf(data: Record<string, unknown>, db = 'apim_db'): Record<string, unknown> {
  const d = ((((data.wso2 as Record<string, unknown>).apim as Record<string, unknown>).configurations as Record<string, unknown>).databases as Record<string, unknown>)[db] as Record<string, unknown>;
  return d.poolParameters as Record<string, unknown>;
}

const APIM_PATH = ['wso2', 'apim', 'configurations', 'databases', 'apim_db'];
/** What the tests read of a wso2/helm-apim values file: the databases (`jdbc` and one entry per datasource). */
type HelmValues = { wso2: { apim: { configurations: { databases: Record<string, Record<string, string>> } } } };

test('helm values: datasources, roles, URL and pool parameters located at their YAML lines and columns', () => {
  const text = values(
    `        type: "mysql"   # Aurora\n` +
      `        jdbc:\n          driver: "com.mysql.cj.jdbc.Driver"\n` +
      `        apim_db:\n          url: "jdbc:mysql://${AURORA}:3306/apim_db?useSSL=true"\n          username: apimadmin\n` +
      `          poolParameters:\n            testOnBorrow: false   # keep\n            maxWait: 60000\n` +
      `        shared_db:\n          url: jdbc:mysql://${AURORA}:3306/shared_db\n`,
  );
  const doc = parseDocument('values-prod.yaml', text);
  assert.equal(doc.parseError, null);
  assert.equal(doc.format, 'deployment-toml');
  const apim = ds(doc, 'database.apim_db');
  assert.equal(apim.name, 'WSO2AM_DB');
  assert.equal(apim.family, 'mysql');
  assert.equal(apim.driverClass, 'com.mysql.cj.jdbc.Driver');
  assert.equal(at(text, apim.headerSpan.start), '8:9');
  assert.equal(at(text, apim.url!.hosts[0].span.start), '9:30');
  assert.equal(text.slice(apim.url!.hosts[0].span.start, apim.url!.hosts[0].span.end), AURORA);
  const tob = apim.settings.find((s) => s.key === 'testOnBorrow')!;
  assert.equal(tob.value, 'false');
  assert.equal(at(text, tob.valueSpan.start), '12:27');
  assert.equal(tob.placement, 'toml-pool-options');
  assert.equal(ds(doc, 'database.shared_db').role, 'shared_db');
  const res = lint('values-prod.yaml', text);
  const f = res.findings.find((x) => x.ruleId === 'pool/test-on-borrow')!;
  assert.equal(at(text, f.span.start), '12:27');
  assert.equal(f.fromDefault, false);
});

test('helm values: what a values file omits is the chart default, said so, and found on the datasource key', () => {
  const text = values(`        type: mysql\n        apim_db:\n          url: jdbc:mysql://${AURORA}:3306/apim_db\n`);
  const apim = ds(parseDocument('values.yaml', text), 'database.apim_db');
  for (const [k, v] of Object.entries({ testOnBorrow: 'true', validationInterval: '30000', maxActive: '100', maxWait: '60000', minIdle: '5' })) {
    const eff = effectiveSetting(apim, k);
    assert.equal(eff.value, v, k);
    assert.match(eff.origin, /Helm chart default: wso2\/helm-apim/);
  }
  assert.equal(effectiveSetting(apim, 'defaultAutoCommit').value, null, 'unknown chart version: unknown');
  const res = lint('values.yaml', text);
  const vi = res.findings.find((x) => x.ruleId === 'pool/validation-interval')!;
  assert.ok(vi.fromDefault);
  assert.match(vi.message, /30000 ms \(Helm chart default: wso2\/helm-apim: not set in databases\.apim_db\.poolParameters\)/);
  assert.equal(at(text, vi.span.start), '6:9');
});

test('helm values: defaultAutoCommit by chart version (Chart.yaml or the helmChartVersion key); poolParameters: null drops the chart map', () => {
  assert.equal(helmChartPoolDefaults({ version: '4.2.0-1', name: 'wso2am-all-in-one' }).defaultAutoCommit, 'false');
  assert.equal(helmChartPoolDefaults({ version: '4.5.0-3', name: 'wso2am-all-in-one' }).defaultAutoCommit, 'true');
  assert.equal(helmChartPoolDefaults({ version: '4.5.0-1', name: 'wso2am-km' }).defaultAutoCommit, 'false');
  assert.equal(helmChartPoolDefaults({ version: '4.5.0', name: null }).defaultAutoCommit, null);
  assert.equal(helmChartPoolDefaults({ version: '4.7.0-1', name: 'wso2am-all-in-one' }).defaultAutoCommit, 'true');
  assert.equal(helmChartPoolDefaults({ version: null, name: null }).defaultAutoCommit, null);
  assert.deepEqual(chartRefFromChartYaml('apiVersion: v2\nname: wso2am-all-in-one\nversion: 4.5.0-3\nappVersion: "4.5.0"\n'), { version: '4.5.0-3', name: 'wso2am-all-in-one' });
  assert.equal(chartRefFromChartYaml('name: x\n'), null);
  assert.equal(chartRefFromChartYaml(': : :\n  - ['), null);

  const text = values(`        type: mysql\n        apim_db:\n          url: jdbc:mysql://${AURORA}:3306/apim_db\n`);
  const old = lint('values.yaml', text, { helmChartVersion: '4.2.0-1' });
  const dac = old.findings.find((x) => x.ruleId === 'pool/default-auto-commit')!;
  assert.ok(dac.fromDefault);
  assert.match(dac.message, /defaultAutoCommit is false \(Helm chart default: wso2\/helm-apim 4\.2\.0-1/);
  assert.equal(lint('values.yaml', text, { helmChartVersion: '4.5.0-3' }).findings.filter((x) => x.ruleId === 'pool/default-auto-commit').length, 0);

  const nulled = values(`        type: mysql\n        apim_db:\n          url: jdbc:mysql://${AURORA}:3306/apim_db\n          poolParameters:\n`);
  const eff = effectiveSetting(ds(parseDocument('values.yaml', nulled), 'database.apim_db'), 'maxActive');
  assert.equal(eff.value, '50', 'WSO2 deployment.toml default once the chart map is dropped');
});

test('helm values: Chart.yaml beside the values file, or one folder up', async () => {
  const fs = memoryFs({ '/c/Chart.yaml': 'name: wso2am-cp\nversion: 4.5.0-2\n' });
  assert.deepEqual(await findHelmChart('/c', fs), { version: '4.5.0-2', name: 'wso2am-cp' });
  assert.deepEqual(await findHelmChart('/c/values', fs), { version: '4.5.0-2', name: 'wso2am-cp' });
  assert.equal(await findHelmChart('/d', fs), null);
});

test('helm values: the 3.2 charts name the datasources apimDB / sharedDB', () => {
  const text = values(`        type: mysql\n        apimDB:\n          url: jdbc:mysql://${AURORA}:3306/apim_db\n        sharedDB:\n          url: jdbc:mysql://${AURORA}:3306/shared_db\n`);
  assert.deepEqual(parseDocument('values.yaml', text).datasources.map((d) => d.id), ['database.apim_db', 'database.shared_db']);
});

test('helm values: invalid YAML is one located parse error; arbitrary YAML is not linted', () => {
  const bad = values(`        apim_db:\n          url: "jdbc:mysql://h/db\n          username: x\n`);
  const doc = parseDocument('values.yaml', bad);
  assert.ok(doc.parseError);
  assert.match(doc.parseError.message, /^YAML is not valid/);
  assert.equal(lint('values.yaml', bad).findings[0].ruleId, 'syntax/parse-error');
  assert.equal(wso2YamlKind(bad), 'helm-values');
  const compose = 'services:\n  db:\n    image: mysql\n    environment:\n      databases: x\n';
  assert.equal(wso2YamlKind(compose), null);
  assert.equal(wso2YamlKind('apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 2\n'), null);
  const res = lint('docker-compose.yaml', compose);
  assert.deepEqual(res.findings, []);
  assert.equal(res.doc.parseError, null);
});

test('YAML editor: a new pool parameter goes after the last one, same indentation, comments and quoting kept', () => {
  const text = values(
    `        type: mysql\n        apim_db:\n          url: 'jdbc:mysql://${AURORA}:3306/apim_db'\n          poolParameters:\n            maxActive: 50  # sized for 2 nodes\n            testOnBorrow: "false"\n        shared_db: {}\n`,
  );
  const apim = ds(parseDocument('values.yaml', text), 'database.apim_db');
  const { out, data } = applyYaml(text, apim.edit.setSettings([['testOnBorrow', 'true'], ['maxAge', '300000'], ['validationQuery', 'SELECT 1']]), APIM_PATH);
  assert.deepEqual(poolOf(data), { maxActive: 50, testOnBorrow: 'true', maxAge: 300000, validationQuery: 'SELECT 1' });
  assert.ok(out.includes('            testOnBorrow: "true"\n            maxAge: 300000\n            validationQuery: SELECT 1\n'));
});

test('YAML editor: poolParameters is created under the datasource when absent (2- and 4-space files, CRLF)', () => {
  for (const [unit, eol] of [['  ', '\n'], ['    ', '\n'], ['  ', '\r\n']] as const) {
    const i = (n: number) => unit.repeat(n);
    const text = [`wso2:`, `${i(1)}apim:`, `${i(2)}configurations:`, `${i(3)}databases:`, `${i(4)}type: mysql`, `${i(4)}apim_db:`, `${i(5)}url: jdbc:mysql://${AURORA}:3306/apim_db`, `${i(5)}username: apimadmin # the app user`, `${i(4)}shared_db:`, `${i(5)}url: jdbc:mysql://${AURORA}:3306/shared_db`, ''].join(eol);
    const apim = ds(parseDocument('values.yaml', text), 'database.apim_db');
    const { out, data } = applyYaml(text, apim.edit.setSetting('maxAge', '60000'), APIM_PATH);
    assert.deepEqual(poolOf(data), { maxAge: 60000 });
    assert.ok(out.includes(`${i(5)}username: apimadmin # the app user${eol}${i(5)}poolParameters:${eol}${i(6)}maxAge: 60000${eol}${i(4)}shared_db:`), JSON.stringify(out));
  }
});

test('YAML editor: `poolParameters:` empty, `~` or `{}`, and a flow mapping', () => {
  for (const empty of ['', ' ~', ' {}', ' null']) {
    const text = values(`        apim_db:\n          url: jdbc:mysql://${AURORA}:3306/apim_db\n          poolParameters:${empty}   # tuned below\n        shared_db:\n          url: x\n`);
    const apim = ds(parseDocument('values.yaml', text), 'database.apim_db');
    const { data } = applyYaml(text, apim.edit.setSettings([['maxAge', '60000'], ['testOnBorrow', 'true']]), APIM_PATH);
    assert.deepEqual(poolOf(data), { maxAge: 60000, testOnBorrow: true }, JSON.stringify(empty));
  }
  const flow = values(`        apim_db:\n          url: jdbc:mysql://${AURORA}:3306/apim_db\n          poolParameters: {maxActive: 50, testOnBorrow: false}\n`);
  const apim = ds(parseDocument('values.yaml', flow), 'database.apim_db');
  const r = applyYaml(flow, apim.edit.setSettings([['testOnBorrow', 'true'], ['maxAge', '60000']]), APIM_PATH);
  assert.deepEqual(poolOf(r.data), { maxActive: 50, testOnBorrow: true, maxAge: 60000 });
});

test('YAML editor: remove, rename and move a misplaced key; removing the only parameter leaves an empty mapping, not null', () => {
  const text = values(`        apim_db:\n          url: jdbc:mysql://${AURORA}:3306/apim_db\n          maxActive: 80\n          poolParameters:\n            maxWiat: 1000\n`);
  const apim = ds(parseDocument('values.yaml', text), 'database.apim_db');
  const typo = apim.settings.find((s) => s.key === 'maxWiat')!;
  assert.deepEqual(poolOf(applyYaml(text, apim.edit.renameKey(typo, 'maxWait'), APIM_PATH).data), { maxWait: 1000 });
  assert.deepEqual(poolOf(applyYaml(text, apim.edit.removeEntry(typo), APIM_PATH).data), {});
  const misplaced = apim.settings.find((s) => s.key === 'maxActive')!;
  assert.equal(misplaced.placement, 'toml-top');
  const moved = applyYaml(text, apim.edit.moveToPoolOptions(misplaced), APIM_PATH);
  assert.deepEqual(poolOf(moved.data), { maxWiat: 1000, maxActive: 80 });
});

test('YAML editor: URL parameters in plain, single- and double-quoted URLs; escaped URLs are left alone', () => {
  for (const q of ['', "'", '"']) {
    const text = values(`        apim_db:\n          url: ${q}jdbc:mysql://${AURORA}:3306/apim_db?useSSL=true${q}\n`);
    const apim = ds(parseDocument('values.yaml', text), 'database.apim_db');
    const { data } = applyYaml(text, apim.edit.setUrlParam('socketTimeout', '60000'), APIM_PATH);
    const url = (data as HelmValues).wso2.apim.configurations.databases.apim_db.url;
    assert.equal(url, `jdbc:mysql://${AURORA}:3306/apim_db?useSSL=true&socketTimeout=60000`);
    const host = apim.url!.hosts[0];
    const swapped = applyYaml(text, apim.edit.replaceHost(host, 'apim.cluster-x.eu-west-1.rds.amazonaws.com'), APIM_PATH);
    assert.match(JSON.stringify(swapped.data), /cluster-x/);
  }
  const escaped = values(`        apim_db:\n          url: "jdbc:mysql://${AURORA}:3306/apim_db?a=\\x41"\n`);
  const apim = ds(parseDocument('values.yaml', escaped), 'database.apim_db');
  assert.equal(apim.url!.text.endsWith('a=A'), true);
  assert.equal(apim.url!.templated, true, 'not located one for one: unknown, never edited');
  assert.equal(apim.edit.setUrlParam('socketTimeout', '60000'), null);
  const vs = apim.urlEntry!.valueSpan;
  for (const f of lint('values.yaml', escaped, { target: 'aurora-serverless-v2' }).findings) {
    for (const x of f.fixes) for (const e of x.edits) assert.ok(e.span.end <= vs.start || e.span.start >= vs.end, `${f.ruleId} edits the escaped URL`);
  }
});

test('every fix of a realistic values-prod.yaml keeps valid YAML and changes only its datasource', () => {
  const text = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'rules', 'pool', 'test-on-borrow', 'invalid-helm-values.yaml'), 'utf8');
  const res = lint('values-prod.yaml', text, { target: 'aurora-serverless-v2', cluster: { minAcu: 0.5, maxAcu: 8 } });
  let fixes = 0;
  for (const f of res.findings) {
    for (const fix of f.fixes) {
      if (!f.datasource) continue;
      const db = f.datasource === 'WSO2AM_DB' ? 'apim_db' : 'shared_db';
      if (f.ruleId === 'jdbc/aws-wrapper') {
        // one driver for every datasource of a values file: the switch changes it and every URL that shares it
        const { data } = applyYaml(text, fix.edits, ['wso2', 'apim', 'configurations', 'databases']);
        const dbs = (data as HelmValues).wso2.apim.configurations.databases;
        assert.equal(dbs.jdbc.driver, 'software.amazon.jdbc.Driver');
        assert.ok(dbs.apim_db.url.startsWith('jdbc:aws-wrapper:mysql://') && dbs.shared_db.url.startsWith('jdbc:aws-wrapper:mysql://'));
      } else applyYaml(text, fix.edits, ['wso2', 'apim', 'configurations', 'databases', db]);
      fixes++;
    }
  }
  assert.ok(fixes >= 10, `only ${fixes} fixes`);
});

test('ConfigMap, Secret stringData and kubernetes-apim values: the embedded file is linted at the YAML positions', () => {
  const toml = `    [database.apim_db]\n    type = "mysql"\n    url = "jdbc:mysql://${AURORA}:3306/apim_db"\n\n    [database.apim_db.pool_options]\n    testOnBorrow = false\n`;
  const cm = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  deployment.toml: |\n${toml}`;
  const cmRes = lint('apim-conf.yaml', cm);
  const f = cmRes.findings.find((x) => x.ruleId === 'pool/test-on-borrow')!;
  assert.equal(at(cm, f.span.start), '12:20');
  const fixed = applyEdits(cm, f.fixes[0].edits);
  assert.equal((parseYaml(fixed) as { data: Record<string, string> }).data['deployment.toml'], toml.replace(/^ {4}/gm, '').replace('testOnBorrow = false', 'testOnBorrow = true'));

  const secret = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  master-datasources.xml: |-\n    <datasources-configuration><datasources><datasource><name>WSO2AM_DB</name><definition type="RDBMS"><configuration>\n      <url>jdbc:mysql://${AURORA}:3306/apim_db</url>\n      <testOnBorrow>false</testOnBorrow>\n    </configuration></definition></datasource></datasources></datasources-configuration>\n`;
  assert.equal(wso2YamlKind(secret), 'manifest');
  const sf = lint('secret.yaml', secret).findings.find((x) => x.ruleId === 'pool/test-on-borrow')!;
  assert.equal(at(secret, sf.span.start), '9:21');

  const kapim = `wso2:\n  deployment:\n    am:\n      config:\n        deployment.toml: |-\n${toml.replace(/^ {4}/gm, '          ')}`;
  assert.equal(wso2YamlKind(kapim), 'kubernetes-apim-values');
  const kf = lint('values.yaml', kapim).findings.find((x) => x.ruleId === 'pool/test-on-borrow')!;
  assert.equal(at(kapim, kf.span.start), '11:26');
  // a TOML error inside the string is reported where it is in the YAML file
  const broken = kapim.replace('type = "mysql"', 'type = "mysql');
  const err = lint('values.yaml', broken).findings[0];
  assert.equal(err.ruleId, 'syntax/parse-error');
  assert.equal(at(broken, err.span.start).split(':')[0], '7');
});

test('jvmDnsTtlSeconds: security property wins, then the system property, else 30 s; -1 is forever; the -D trap is listed', () => {
  assert.deepEqual(jvmDnsTtlSeconds([]), { seconds: 30, forever: false, source: 'default', setting: null, conflicting: false, ignored: [] });
  const r1 = jvmDnsTtlSeconds([
    { fileName: 'api-manager.sh', text: 'JAVA_OPTS="$JAVA_OPTS -Dsun.net.inetaddr.ttl=10 -Dnetworkaddress.cache.ttl=1"\n' },
    { fileName: 'java.security', text: 'security.provider.1=SUN\nnetworkaddress.cache.ttl=5\n' },
  ]);
  assert.equal(r1.seconds, 5);
  assert.equal(r1.source, 'security-property');
  assert.equal(r1.setting!.fileName, 'java.security');
  assert.equal(r1.ignored.length, 1);
  const r2 = jvmDnsTtlSeconds([{ fileName: 'values.yaml', text: 'wso2:\n  deployment:\n    envs:\n      JAVA_OPTS: "-Dsun.net.inetaddr.ttl=60"\n' }]);
  assert.deepEqual([r2.seconds, r2.source], [60, 'system-property']);
  const r3 = jvmDnsTtlSeconds([
    { fileName: 'Dockerfile', text: 'RUN echo "networkaddress.cache.ttl=-1" >> $JAVA_HOME/conf/security/java.security\n' },
    { fileName: 'java.security', text: 'networkaddress.cache.ttl=5\n' },
  ]);
  assert.deepEqual([r3.seconds, r3.forever], [-1, true]);
  assert.equal(r3.conflicting, true);
});

test('the corpus values.yaml (wso2/helm-apim 4.5.x all-in-one) reads its two datasources and seven pool parameters each', () => {
  const file = path.resolve(ROOT, '..', 'shared', 'corpus', 'helm-apim-4.5.x__all-in-one__values.yaml');
  if (!fs.existsSync(file)) return;
  const doc = parseDocument(file, fs.readFileSync(file, 'utf8'));
  assert.deepEqual(doc.datasources.map((d) => [d.id, d.settings.map((s) => s.key).join(',')]), [
    ['database.apim_db', 'defaultAutoCommit,testOnBorrow,testWhileIdle,validationInterval,maxActive,maxWait,minIdle'],
    ['database.shared_db', 'defaultAutoCommit,testOnBorrow,testWhileIdle,validationInterval,maxActive,maxWait,minIdle'],
  ]);
});

test('suppression comments work in YAML; a BOM keeps positions', () => {
  const body = values(`        type: mysql\n        apim_db:\n          url: jdbc:mysql://${AURORA}:3306/apim_db\n          poolParameters:\n            # aurora-guard-disable-next-line pool/test-on-borrow -- deliberate\n            testOnBorrow: false\n`);
  assert.equal(lint('values.yaml', body).findings.filter((f) => f.ruleId === 'pool/test-on-borrow').length, 0);
  const bom = '\uFEFF' + body.replace(/ +# aurora-guard-disable.*\n/, '');
  const f = lint('values.yaml', bom).findings.find((x) => x.ruleId === 'pool/test-on-borrow')!;
  assert.equal(bom.slice(f.span.start, f.span.end), 'false');
});
