// docs/rules/coverage.md maps every entry of the AWS JDBC wrapper guide's anti-pattern table (§18) and symptom table
// (§16.3) to a rule of the catalogue or to the reason it does not apply. Checked here against ALL_RULES.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './helpers';
import { ALL_RULES } from '../../src/core/rules/index';

const FILE = path.join(ROOT, 'docs', 'rules', 'coverage.md');
/** Rows of the guide's tables at the commit the page names (053dd491): a row lost in an edit must fail here. */
const EXPECTED_ROWS = { A: 30, S: 16 };
const RULE_ID = /`([a-z0-9]+\/[a-z0-9-]+)`/g;

interface Row {
  key: string;
  entry: string;
  covered: string;
}

export function coverageRows(md: string): Row[] {
  const rows: Row[] = [];
  for (const line of md.split('\n')) {
    const m = /^\|\s*([ASF]\d+)\s*\|(.*)\|(.*)\|\s*$/.exec(line);
    if (m) rows.push({ key: m[1], entry: m[2].trim(), covered: m[3].trim() });
  }
  return rows;
}

/** What a row says: the rule ids it names (in backticks), and whether it is a "not applicable" row with a reason. */
export function judgeRow(row: Row, known: ReadonlySet<string>): { ids: string[]; unknown: string[]; reason: string | null } {
  const ids = [...row.covered.matchAll(RULE_ID)].map((m) => m[1]);
  const na = /^not applicable:\s*(.*)$/i.exec(row.covered);
  return { ids, unknown: ids.filter((id) => !known.has(id)), reason: na ? na[1].trim() : null };
}

const md = fs.readFileSync(FILE, 'utf8');
const rows = coverageRows(md);
const known = new Set(ALL_RULES.map((r) => r.meta.id));

test('coverage.md keeps every entry of both tables of the guide, numbered without gaps or repeats', () => {
  for (const [prefix, n] of Object.entries(EXPECTED_ROWS)) {
    const keys = rows.filter((r) => r.key.startsWith(prefix)).map((r) => r.key);
    assert.deepEqual(
      keys,
      Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`),
      `${prefix} rows`,
    );
  }
  for (const r of rows) assert.ok(r.entry.length > 10, `${r.key}: the entry names the guide's anti-pattern or symptom`);
});

test('every entry has a rule of the catalogue or a stated reason, never both and never neither', () => {
  for (const r of rows) {
    const j = judgeRow(r, known);
    assert.deepEqual(j.unknown, [], `${r.key}: names rules that do not exist`);
    if (j.reason !== null) {
      assert.ok(j.reason.length >= 40, `${r.key}: "not applicable" needs a reason, got "${j.reason}"`);
      // a rule named inside a reason is a pointer, fine; but the row must not also claim coverage up front
      assert.ok(!/^`/.test(r.covered), `${r.key}: either a rule or a reason`);
    } else {
      assert.ok(j.ids.length > 0, `${r.key}: neither a rule id nor "not applicable: <reason>"`);
      assert.ok(/^`jdbc\/aws-wrapper/.test(r.covered), `${r.key}: a covered entry starts with its jdbc/aws-wrapper* rule`);
    }
  }
});

test('every jdbc/aws-wrapper* rule of the catalogue is named by at least one entry', () => {
  const named = new Set(rows.flatMap((r) => judgeRow(r, known).ids));
  const wrapperRules = [...known].filter((id) => id.startsWith('jdbc/aws-wrapper'));
  assert.ok(wrapperRules.length >= 10, 'the wrapper rules are registered');
  assert.deepEqual(
    wrapperRules.filter((id) => !named.has(id)),
    [],
  );
});

test('the checks above can fail: a made-up rule, a bare "not applicable" and an empty cell are all caught', () => {
  const bad = coverageRows(
    [
      '| A1 | something the guide says | `jdbc/aws-wrapper-nope` |',
      '| A2 | something else it says | not applicable: no |',
      '| A3 | a third thing it says | — |',
    ].join('\n'),
  );
  assert.deepEqual(judgeRow(bad[0], known).unknown, ['jdbc/aws-wrapper-nope']);
  assert.ok(judgeRow(bad[1], known).reason!.length < 40);
  const third = judgeRow(bad[2], known);
  assert.equal(third.reason, null);
  assert.equal(third.ids.length, 0);
});
