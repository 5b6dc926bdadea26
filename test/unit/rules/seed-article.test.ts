// The seed article's datasource examples (generic <property name=…> form), linted as written: its advice is
// judged honestly — testOnBorrow/testWhileIdle are credited, select connection_id() is liveness-only like
// select 1, and the short validationInterval it runs with (Tomcat's default) pins the pool (measured).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, readFixture } from '../helpers';
import { LineIndex } from '../../../src/core/text/lineIndex';
import type { ProjectConfig } from '../../../src/core/config/options';

/** The article's example as printed (the fixture holds it verbatim after two comment lines). */
function example(n: 1 | 2): string {
  const text = readFixture(`rules/pool/max-age/${n === 1 ? 'valid' : 'invalid'}-seed-article-example-1.xml`);
  const ex1 = text.slice(text.indexOf('<datasource>'));
  if (n === 1) return ex1;
  const t2 = readFixture('rules/pool/test-on-borrow/valid-seed-article-example-2.xml');
  return t2.slice(t2.indexOf('<datasource>'));
}

function ruleLines(text: string, config: ProjectConfig): string[] {
  const res = lint('datasource.xml', text, config);
  assert.deepEqual(res.internalErrors, []);
  assert.equal(res.doc.format, 'generic-xml');
  const idx = new LineIndex(text);
  return res.findings
    .filter((f) => f.ruleId.startsWith('pool/') || f.ruleId.startsWith('serverless/'))
    .map((f) => `${f.ruleId}@${idx.position(f.span.start).line + 1}`)
    .sort();
}

const AURORA: ProjectConfig = { target: 'aurora-serverless-v2' };

test("seed example 2 ('improved', select connection_id();) lints with the expected pool rules on Aurora", () => {
  assert.deepEqual(ruleLines(example(2), AURORA), [
    'pool/idle-eviction@18', // timeBetweenEvictionRunsMillis 30000: dead idle connections found up to 30 s late
    'pool/max-age@2', // not set
    'pool/remove-abandoned@2',
    // no pool/validation-interval: Tomcat's 3000 with a liveness-only query pins (measured), and the cure is the query or a maxAge
    'pool/validation-query-timeout@2',
    'pool/validation-query@15', // select connection_id(); is liveness-only like select 1
  ]);
});

test("seed example 1 (select 1;) gets the same findings: the article's change of query changes nothing that matters", () => {
  const one = ruleLines(example(1), AURORA);
  const two = ruleLines(example(2), AURORA);
  assert.deepEqual(one, two);
  const res = lint('datasource.xml', example(1), AURORA);
  const vq = res.findings.find((f) => f.ruleId === 'pool/validation-query')!;
  assert.match(vq.message, /^validationQuery `select 1;` is liveness-only/);
});

test("the seed's own advice is credited: testOnBorrow and testWhileIdle are not flagged, maxWait 10000 is within bounds", () => {
  const ids = ruleLines(example(2), AURORA).map((s) => s.split('@')[0]);
  for (const id of ['pool/test-on-borrow', 'pool/max-wait', 'pool/default-auto-commit']) assert.ok(!ids.includes(id), id);
  const res = lint('datasource.xml', example(2), AURORA);
  const idle = res.findings.find((f) => f.ruleId === 'pool/idle-eviction')!;
  assert.match(idle.message, /finds dead idle connections early but does not catch connections to a demoted writer/);
});

test('seed example 2 on an auto-pausing cluster also reports what keeps the cluster awake and the short maxWait', () => {
  // 200 APIM threads share the pool of 50 (the forecast's workload): requests queue for a connection during the resume,
  // so a maxWait shorter than the resume fails them; with the default 8 threads nobody queues and maxWait can't matter
  const lines = ruleLines(example(2), { target: 'aurora-serverless-v2', cluster: { autoPause: true }, forecast: { threads: 200 } });
  for (const l of ['serverless/auto-pause-blocked@10', 'serverless/auto-pause-blocked@12', 'serverless/auto-pause-resume-timeouts@13']) {
    assert.ok(lines.includes(l), `${l} in ${lines.join(' ')}`);
  }
  assert.ok(!lines.some((l) => l.startsWith('pool/idle-eviction@2')), 'testWhileIdle is not pushed under auto-pause');
});

test('off Aurora (placeholder host, no target) the Aurora-only rules stay silent and validation-query is info', () => {
  const res = lint('datasource.xml', example(2));
  const ids = res.findings.map((f) => f.ruleId);
  assert.ok(!ids.includes('pool/max-age'));
  assert.ok(!ids.some((id) => id.startsWith('serverless/')));
  assert.equal(res.findings.find((f) => f.ruleId === 'pool/validation-query')?.severity, 'info');
});
