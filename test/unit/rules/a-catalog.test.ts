// The mechanics / endpoint / JDBC / JVM catalogue: complete, one file per rule, metadata filled in,
// a docs page per rule whose header agrees with the metadata, and fixtures (invalid and valid) per rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, FIXTURES } from '../helpers';
import { ALL_RULES } from '../../../src/core/rules/index';

const IDS = [
  'wso2/unsupported-pool-option', 'wso2/pool-option-misplaced', 'wso2/empty-validation-query', 'wso2/jdbc-interceptors',
  'aurora/instance-endpoint-for-writer', 'aurora/reader-endpoint-for-writer', 'aurora/non-rds-host',
  'jdbc/connect-timeout', 'jdbc/socket-timeout', 'jdbc/auto-reconnect', 'jdbc/multi-host-failover-readonly', 'jdbc/tcp-keepalive',
  'jdbc/tls', 'jdbc/aws-wrapper', 'jvm/dns-ttl',
];
const CATALOG_MECHANICS_ENDPOINTS_JDBC = ALL_RULES.filter((r) => IDS.includes(r.meta.id));

test('catalogue A holds exactly its 15 rules, each registered once in ALL_RULES', () => {
  assert.deepEqual(CATALOG_MECHANICS_ENDPOINTS_JDBC.map((r) => r.meta.id).sort(), [...IDS].sort());
  for (const id of IDS) assert.equal(ALL_RULES.filter((r) => r.meta.id === id).length, 1, id);
});

test('one source file per rule, named after the rule', () => {
  for (const id of IDS) {
    const [cat, name] = id.split('/');
    const camel = name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    const file = path.join(ROOT, 'src/core/rules', cat, `${camel}.ts`);
    assert.ok(fs.existsSync(file), `${id}: expected ${path.relative(ROOT, file)}`);
    assert.match(fs.readFileSync(file, 'utf8'), new RegExp(`id: '${id}'`), `${id}: the file declares the rule`);
  }
});

test('metadata is complete and consistent', () => {
  for (const { meta } of CATALOG_MECHANICS_ENDPOINTS_JDBC) {
    assert.ok(meta.title.length > 10 && meta.title.length < 110, `${meta.id}: title`);
    assert.ok(['error', 'warning', 'info'].includes(meta.defaultSeverity), `${meta.id}: severity`);
    assert.ok(meta.tags.length > 0, `${meta.id}: tags`);
    assert.ok(meta.formats.length > 0, `${meta.id}: formats`);
    assert.ok(meta.rationale.length > 40 && meta.rationale.endsWith('.'), `${meta.id}: rationale is one sentence`);
    const cat = meta.id.split('/')[0];
    if (cat === 'wso2') assert.equal(meta.mysqlOnly, false, `${meta.id}: wso2 mechanics apply to every family`);
    if (cat === 'jdbc' || cat === 'aurora') assert.equal(meta.mysqlOnly, true, `${meta.id}: MySQL-only`);
  }
  const aw = CATALOG_MECHANICS_ENDPOINTS_JDBC.find((r) => r.meta.id === 'jdbc/aws-wrapper')!.meta;
  assert.equal(aw.auroraOnly, true);
  for (const id of ['aurora/instance-endpoint-for-writer', 'aurora/reader-endpoint-for-writer']) {
    assert.equal(CATALOG_MECHANICS_ENDPOINTS_JDBC.find((r) => r.meta.id === id)!.meta.auroraOnly, true, id);
  }
});

test('every rule has a docs page: heading, severity line that matches the metadata, the required sections, sources', () => {
  for (const { meta } of CATALOG_MECHANICS_ENDPOINTS_JDBC) {
    const file = path.join(ROOT, 'docs/rules', `${meta.id}.md`);
    assert.ok(fs.existsSync(file), `${meta.id}: docs page missing`);
    const md = fs.readFileSync(file, 'utf8');
    const lines = md.split('\n');
    assert.equal(lines[0], `# ${meta.id}`);
    const sev = lines.find((l) => l.startsWith('Severity: '));
    assert.ok(sev, `${meta.id}: Severity line`);
    assert.match(sev!, new RegExp(`^Severity: ${meta.defaultSeverity}\\b`), `${meta.id}: docs severity = meta`);
    for (const f of meta.formats) assert.ok(sev!.includes(f), `${meta.id}: docs list format ${f}`);
    for (const section of ['## What it checks', '## Why it matters on Aurora', '## Safe value', '## Fix', '## Sources']) {
      assert.ok(md.includes(section), `${meta.id}: section "${section}"`);
    }
    assert.match(md, /https:\/\/|[a-z0-9-]+\/[a-z0-9-]+ /i, `${meta.id}: sources name URLs or repositories`);
  }
});

test('every rule has an invalid and a valid fixture that name it', () => {
  const all: { file: string; text: string }[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else all.push({ file: p, text: fs.readFileSync(p, 'utf8') });
    }
  };
  for (const cat of ['wso2', 'aurora', 'jdbc', 'jvm']) walk(path.join(FIXTURES, 'rules', cat));
  for (const id of IDS) {
    const named = all.filter((f) => new RegExp(`aurora-guard-test-rules:[^\\n]*${id.replace('/', '\\/')}`).test(f.text));
    const expecting = named.filter((f) => new RegExp(`expect(-here)?:[^\\n]*${id.replace('/', '\\/')}`).test(f.text));
    assert.ok(expecting.length > 0, `${id}: an invalid fixture`);
    assert.ok(named.length > expecting.length, `${id}: a valid fixture (names the rule, expects nothing)`);
  }
});
