// Streamed reports (src/core/report/stream.ts) are byte for byte the whole-report functions' output, for real lint
// results of every fixture and the corpus, empty runs and files without findings; and SARIF paths as the CLI makes them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import { FIXTURES, ROOT, lint } from '../helpers';
import { toJsonReport } from '../../../src/core/report/json';
import { toText } from '../../../src/core/report/text';
import { toSarif } from '../../../src/core/report/sarif';
import { createReportWriter } from '../../../src/core/report/stream';
import type { ReportFormat } from '../../../src/core/report/stream';
import { ALL_RULES } from '../../../src/core/rules/index';
import type { FileResult } from '../../../src/core/report/positions';
import { sarifPaths } from '../../../src/cli/lint';

function walk(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

const files = walk(path.join(FIXTURES, 'rules')).slice(0, 80);
const corpus = path.join(ROOT, '..', 'shared', 'corpus');
if (fs.existsSync(corpus))
  files.push(
    ...fs
      .readdirSync(corpus)
      .filter((f) => !f.endsWith('.tsv'))
      .map((f) => path.join(corpus, f)),
  );
const results: FileResult[] = files.map((f) => {
  const text = fs.readFileSync(f, 'utf8');
  return { file: path.relative(ROOT, f), text, findings: lint(f, text).findings };
});

function streamed(format: ReportFormat, rs: FileResult[], chunks: string[] = []): string {
  const w = createReportWriter(format, (s) => chunks.push(s), { rules: ALL_RULES });
  for (const r of rs) w.file(r);
  w.end(0);
  return chunks.join('');
}

const whole: Record<ReportFormat, (rs: FileResult[]) => string> = {
  text: (rs) => toText(rs),
  json: (rs) => JSON.stringify(toJsonReport(rs), null, 2) + '\n',
  sarif: (rs) => JSON.stringify(toSarif(rs, ALL_RULES), null, 2) + '\n',
};

for (const format of ['text', 'json', 'sarif'] as const) {
  test(`${format}: streamed = whole, for ${results.length} linted files, none, and files without findings`, () => {
    assert.ok(
      results.some((r) => r.findings.length > 3),
      'the inputs have findings',
    );
    assert.equal(streamed(format, results), whole[format](results));
    assert.equal(streamed(format, []), whole[format]([]));
    const clean = [
      { file: 'a/deployment.toml', text: '', findings: [] },
      { file: 'b.xml', text: 'x', findings: [] },
    ];
    assert.equal(streamed(format, clean), whole[format](clean));
    assert.equal(streamed(format, [results[0], clean[0], results[1]]), whole[format]([results[0], clean[0], results[1]]));
  });

  test(`${format}: written in pieces, one per finding or result, not one string`, () => {
    const chunks: string[] = [];
    const many = results.filter((r) => r.findings.length > 0);
    const total = many.reduce((n, r) => n + r.findings.length, 0);
    streamed(format, many, chunks);
    assert.ok(chunks.length >= total, `${chunks.length} writes for ${total} findings`);
  });
}

test('sarif as the CLI writes it: paths relative to %SRCROOT% (the working directory), others file:// URIs; valid SARIF', () => {
  const cwd = path.join(path.sep, 'work', 'repo');
  const opts = sarifPaths(cwd);
  assert.deepEqual(opts.artifact!('conf/deployment.toml'), { uri: 'conf/deployment.toml', uriBaseId: '%SRCROOT%' });
  assert.deepEqual(opts.artifact!('./conf/a b-datasources.xml'), { uri: 'conf/a%20b-datasources.xml', uriBaseId: '%SRCROOT%' });
  assert.deepEqual(opts.artifact!(path.join(cwd, 'x', 'deployment.toml')), { uri: 'x/deployment.toml', uriBaseId: '%SRCROOT%' });
  assert.deepEqual(opts.artifact!('../other/deployment.toml'), { uri: 'file:///work/other/deployment.toml' });
  assert.deepEqual(opts.originalUriBaseIds!['%SRCROOT%'].uri, 'file:///work/repo/');
  const log = toSarif(results.slice(0, 5), ALL_RULES, opts);
  const schema = JSON.parse(
    fs.readFileSync(path.join(ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
  );
  const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);
  assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  for (const r of log.runs[0].results!) {
    for (const loc of [
      r.locations![0].physicalLocation!.artifactLocation!,
      ...(r.fixes ?? []).map((f) => f.artifactChanges[0].artifactLocation),
    ]) {
      assert.equal(loc.uriBaseId, '%SRCROOT%');
      assert.ok(!loc.uri!.startsWith('/') && !loc.uri!.includes('://'), loc.uri);
    }
  }
  assert.equal(log.runs[0].originalUriBaseIds!['%SRCROOT%'].uri, 'file:///work/repo/');
});
