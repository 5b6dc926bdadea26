// The three output formats: text lines, the JSON contract, SARIF 2.1.0 valid against the official schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import { ROOT, lint } from '../helpers';
import { toJsonReport } from '../../../src/core/report/json';
import { toText } from '../../../src/core/report/text';
import { toSarif, sarifRuleName } from '../../../src/core/report/sarif';
import { ALL_RULES } from '../../../src/core/rules/index';
import type { FileResult } from '../../../src/core/report/positions';
import type { Finding } from '../../../src/core/rules/types';

const TEXT = 'line one\n  <maxWait>-1</maxWait>\r\nthird é line\n';
const at = (s: string) => ({ start: TEXT.indexOf(s), end: TEXT.indexOf(s) + s.length });

function finding(over: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'pool/max-wait', severity: 'error', message: 'maxWait is -1: borrowers wait forever', span: at('-1'), datasource: 'WSO2AM_DB',
    fromDefault: false, related: [{ span: at('third'), message: 'related place' }],
    fixes: [{ title: 'Set maxWait to 60000', preferred: true, edits: [{ span: at('-1'), newText: '60000' }] }],
    ...over,
  };
}

const results: FileResult[] = [
  { file: 'conf/master-datasources.xml', text: TEXT, findings: [finding(), finding({ severity: 'info', ruleId: 'pool/remove-abandoned', fixes: [], related: [], span: at('é'), datasource: null })] },
  { file: 'conf/deployment.toml', text: '', findings: [] },
];

test('json: one object per file with 1-based positions and fixes as edits', () => {
  const json = toJsonReport(results);
  assert.equal(json.length, 2);
  assert.equal(json[0].file, 'conf/master-datasources.xml');
  const f = json[0].findings[0];
  assert.deepEqual(
    { ruleId: f.ruleId, severity: f.severity, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn, datasource: f.datasource },
    { ruleId: 'pool/max-wait', severity: 'error', line: 2, column: 12, endLine: 2, endColumn: 14, datasource: 'WSO2AM_DB' },
  );
  assert.deepEqual(f.fixes[0], {
    title: 'Set maxWait to 60000', preferred: true,
    edits: [{ line: 2, column: 12, endLine: 2, endColumn: 14, offset: TEXT.indexOf('-1'), length: 2, newText: '60000' }],
  });
  // CRLF counts as one line break
  assert.equal(json[0].findings[1].line, 3);
  assert.deepEqual(json[1].findings, []);
});

test('text: file:line:col  severity  rule-id  message, then a summary', () => {
  const out = toText(results);
  const lines = out.trimEnd().split('\n');
  assert.equal(lines[0], 'conf/master-datasources.xml:2:12  error    pool/max-wait  maxWait is -1: borrowers wait forever');
  assert.match(lines[1], /^conf\/master-datasources\.xml:3:7 {2}info {5}pool\/remove-abandoned {2}/);
  assert.equal(lines[2], '2 problems (1 error, 0 warnings, 1 info) in 2 files; 1 fixable with `aurora-guard fix`.');
  assert.equal(toText([{ file: 'a.toml', text: '', findings: [] }]).trim(), 'No problems found in 1 file.');
});

function sarifValidator() {
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  return ajv.compile(schema);
}

test('sarif: valid against the SARIF 2.1.0 JSON schema, with rules[] and physical locations', () => {
  const log = toSarif(results, ALL_RULES);
  const validate = sarifValidator();
  assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  const run = log.runs[0];
  assert.equal(run.tool.driver.name, 'aurora-guard');
  assert.equal(run.tool.driver.rules!.length, ALL_RULES.length);
  for (const r of run.tool.driver.rules!) {
    assert.ok(r.shortDescription?.text && r.helpUri && r.defaultConfiguration?.level && r.name, `rule ${r.id} lacks metadata`);
  }
  const res = run.results![0];
  assert.equal(res.level, 'error');
  assert.deepEqual(res.locations![0].physicalLocation!.region, { startLine: 2, startColumn: 12, endLine: 2, endColumn: 14 });
  assert.equal(res.locations![0].physicalLocation!.artifactLocation!.uri, 'conf/master-datasources.xml');
  assert.equal(run.results![1].level, 'note');
  assert.equal(res.fixes![0].artifactChanges[0].replacements[0].insertedContent!.text, '60000');
});

test('sarif: the schema check really rejects a broken log', () => {
  const validate = sarifValidator();
  const log = toSarif(results, ALL_RULES) as unknown as { runs: { results: { level: string }[] }[] };
  log.runs[0].results[0].level = 'fatal';
  assert.equal(validate(log), false);
});

test('sarif: a real lint result (parse error) is valid too', () => {
  const text = '<datasources-configuration><datasources><datasource><name>X</name></datasource>\n';
  const res = lint('broken-datasources.xml', text);
  assert.equal(res.findings[0]?.ruleId, 'syntax/parse-error');
  const log = toSarif([{ file: 'broken-datasources.xml', text, findings: res.findings }], ALL_RULES);
  assert.ok(sarifValidator()(log));
});

test('sarif rule names are identifiers', () => {
  assert.equal(sarifRuleName('pool/validation-interval'), 'PoolValidationInterval');
  assert.equal(sarifRuleName('jvm/dns-ttl'), 'JvmDnsTtl');
});
