// The AWS JDBC wrapper's own anti-patterns (jdbc/aws-wrapper-*) are its configuration guide's advice, published and
// not measured here: every finding of theirs says so, and every page cites the guide or the wrapper's source and says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES, ROOT, lint } from '../helpers';
import { ALL_RULES } from '../../../src/core/rules/index';

const FAMILY = ALL_RULES.filter((r) => r.meta.id.startsWith('jdbc/aws-wrapper-'));

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

test('every wrapper finding says its advice is published and not measured here', () => {
  const dir = path.join(FIXTURES, 'rules', 'jdbc');
  let seen = 0;
  for (const file of filesUnder(dir).filter(
    (f) => path.relative(dir, f).startsWith('aws-wrapper') && path.basename(f).includes('invalid'),
  )) {
    const text = fs.readFileSync(file, 'utf8');
    for (const x of lint(file.endsWith('.toml') ? 'deployment.toml' : 'master-datasources.xml', text).findings.filter((y) =>
      y.ruleId.startsWith('jdbc/aws-wrapper-'),
    )) {
      assert.match(x.message, /published advice|published, not measured|not measured here|not run here/, `${x.ruleId}: ${x.message}`);
      seen++;
    }
  }
  assert.ok(seen > 20, String(seen));
});

test("every wrapper rule's page cites the wrapper's guide or source and says nothing is measured here", () => {
  assert.equal(FAMILY.length, 10);
  for (const { meta } of FAMILY) {
    const md = fs.readFileSync(path.join(ROOT, meta.docs), 'utf8');
    assert.match(md, /aws\/aws-advanced-jdbc-wrapper/, `${meta.id}: cites the wrapper's guide or source`);
    assert.match(md, /[Nn]ot (measured|run) here/, `${meta.id}: says nothing is measured here`);
  }
});
