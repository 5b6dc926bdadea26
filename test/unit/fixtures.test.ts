// Every fixture under test/fixtures/rules carries its expected findings; check them and every fix they offer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES, lint, fixtureExpectations, actualFindings, applyEdits, outsideEditsUnchanged } from './helpers';

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

const files = walk(path.join(FIXTURES, 'rules'));

for (const file of files) {
  const rel = path.relative(FIXTURES, file);
  test(`fixture ${rel}: findings match its expectations`, () => {
    const text = fs.readFileSync(file, 'utf8');
    const exp = fixtureExpectations(text);
    assert.ok(exp.rules.length > 0, 'fixture must name its rules with aurora-guard-test-rules:');
    const res = lint(file, text, exp.config);
    assert.deepEqual(res.internalErrors, []);
    assert.deepEqual(actualFindings(text, res.findings, exp.rules), exp.expected);
  });
  test(`fixture ${rel}: each fix applies cleanly, leaves the rest byte-identical, removes its finding`, () => {
    const text = fs.readFileSync(file, 'utf8');
    const exp = fixtureExpectations(text);
    const res = lint(file, text, exp.config);
    for (const f of res.findings.filter((x) => exp.rules.includes(x.ruleId))) {
      for (const fix of f.fixes) {
        const after = applyEdits(text, fix.edits);
        assert.ok(outsideEditsUnchanged(text, after, fix.edits), `${f.ruleId}: "${fix.title}" changed bytes outside its edits`);
        const again = lint(file, after, exp.config);
        assert.equal(again.doc.parseError, null, `${f.ruleId}: "${fix.title}" broke the file: ${again.doc.parseError?.message}`);
        const same = again.findings.filter((g) => g.ruleId === f.ruleId && g.datasource === f.datasource && g.message === f.message);
        assert.equal(same.length, 0, `${f.ruleId}: finding still there after "${fix.title}"`);
      }
    }
  });
}
