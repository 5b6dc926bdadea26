// What a rule's table of cases is (cases/<category>/<rule>.ts, run by catalog.test.ts under the rule's id) and the
// helpers its checks use.
import assert from 'node:assert/strict';
import { lint } from '../../helpers';
import type { ProjectConfig } from '../../../../src/core/config/options';
import type { LintResult } from '../../../../src/core/lint';
import type { Span } from '../../../../src/core/model/types';
import type { Finding } from '../../../../src/core/rules/types';

/** One row: `text` linted as `file` (the name decides the format) with `config`, then checks on the outcome. */
export interface RuleCase {
  /** What the case shows: the test's name, after the rule id. */
  name: string;
  file: string;
  text: string;
  config?: ProjectConfig;
  /** `found`: the findings of the table's rule; `res`: the whole result (no internal error, and the file parsed). */
  expect(found: Finding[], res: LintResult): void;
}

/** Lint a file that must parse without an internal error; the whole result. */
export function lintClean(file: string, text: string, config: ProjectConfig = {}): LintResult {
  const res = lint(file, text, config);
  assert.deepEqual(res.internalErrors, []);
  assert.equal(res.doc.parseError, null);
  return res;
}

/** The findings of one rule on a file that must parse without an internal error. */
export function findingsOf(rule: string, file: string, text: string, config: ProjectConfig = {}): Finding[] {
  return lintClean(file, text, config).findings.filter((f) => f.ruleId === rule);
}

/** The first finding in `found` (fails when there is none). */
export function first(found: Finding[]): Finding {
  assert.ok(found.length > 0, 'no finding of the rule');
  return found[0];
}

/** The one finding in `found` (fails naming the messages when there are none or several). */
export function only(found: Finding[]): Finding {
  assert.equal(found.length, 1, `${found[0]?.ruleId ?? 'the rule'}: ${JSON.stringify(found.map((f) => f.message))}`);
  return found[0];
}

/** The header of the datasource a finding is about (where a default-derived finding sits). */
export function headerOf(res: LintResult, f: Finding): Span | undefined {
  return res.doc.datasources.find((d) => (d.name ?? d.id) === f.datasource)?.headerSpan;
}

/** The text a finding sits on. */
export function at(text: string, f: Finding): string {
  return text.slice(f.span.start, f.span.end);
}
