// Part 2 of issue 6: fix safety. For every fix of every finding in every input that parsed (the corpus
// and fixtures as they are, and mutated): the edits apply, the bytes outside them are identical, the
// fixed file still parses, the finding is gone, the same fix offered again changes nothing, and
// fix-all reaches a fixed point without a parse error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SETTINGS, corpusNote, seedFiles, writeStats } from './lib/env';
import { applyMutations, describeMutations, gentleMutationArb } from './lib/mutate';
import { OPTIONS, OPTION_CONFIGS, checkFixes, checkLint, emptyFixStats, optionsIndex, sameBug } from './lib/check';
import type { Violation } from './lib/check';
import { Recorder } from './lib/record';
import { carbonXml, genericXml, tomlDatasources } from './lib/big';
import { renderSynth, synthDocArb } from './lib/synth';

console.log(`[fixes] seed ${SETTINGS.seed}, ${SETTINGS.fixRuns} mutated inputs (AURORA_GUARD_FIX_RUNS); ${corpusNote()}`);

const rec = new Recorder();
const fixStats = emptyFixStats();
const stats = { seed: SETTINGS.seed, inputs: 0, parsedInputs: 0, inputsWithFixes: 0, ms: 0 };

function checkOne(origin: string, fileName: string, text: string, opt: number): void {
  stats.inputs++;
  const c = checkLint(fileName, text, OPTIONS[opt]);
  if (!c.result || c.result.doc.parseError) return; // part 1 counts crashes; fixes only come from parsed files
  stats.parsedInputs++;
  if (c.result.findings.some((f) => f.fixes.length > 0)) stats.inputsWithFixes++;
  const vs = checkFixes(fileName, text, OPTIONS[opt], c.result, fixStats);
  if (vs.length) rec.add(vs, { origin, fileName, format: c.result.doc.format, optionsLabel: OPTION_CONFIGS[opt].label, text });
}

/** Still the same bug on this text (used to reduce a failing input). */
function reproduces(fileName: string, text: string, opt: number, bug: Violation): boolean {
  const c = checkLint(fileName, text, OPTIONS[opt]);
  if (!c.result || c.result.doc.parseError) return false;
  const only = (f: { ruleId: string }) => f.ruleId === bug.ruleId || bug.ruleId === null;
  const vs = checkFixes(fileName, text, OPTIONS[opt], c.result, emptyFixStats(), { only, fixAll: bug.kind.startsWith('fixall') });
  return vs.some((v) => sameBug(v, bug));
}

function assertNone(before: number, what: string, mark: Map<string, number>): void {
  const n = rec.total() - before;
  assert.equal(n, 0, `${what}: ${n} fix-safety violations (seed ${SETTINGS.seed}):\n${rec.report(mark)}`);
}

function finish(): void {
  if (rec.total() > 0 && SETTINGS.reduceMs > 0) {
    rec.reduceAll((ex, t) => reproduces(ex.fileName, t, optionsIndex(ex.optionsLabel), ex.violation), SETTINGS.reduceMs);
  }
  writeStats('fixes', {
    ...stats,
    ...fixStats,
    corruptions: rec.count('fix-apply-throws', 'fix-outside-changed', 'fix-crash', 'fix-breaks-parse'),
    notEffective: rec.count('fix-not-effective'),
    notIdempotent: rec.count('fix-not-idempotent'),
    fixAllFailures: rec.count('fixall-throws', 'fixall-not-converged', 'fixall-breaks-parse'),
    ...rec.toJSON(),
  });
}

test('fixes: every fix of every corpus file and fixture (unmutated; default and Serverless options)', () => {
  const t0 = Date.now();
  const before = rec.total();
  const mark = rec.mark();
  const { seeds } = seedFiles();
  seeds.forEach((s, i) => {
    checkOne(`${s.label} (unmutated)`, s.fileName, s.text, 1);
    const other = [0, 2, 3, 4, 5][i % 5];
    checkOne(`${s.label} (unmutated)`, s.fileName, s.text, other);
  });
  stats.ms += Date.now() - t0;
  finish();
  assertNone(before, 'unmutated seed files', mark);
});

test('fixes: fix-all converges on files with many datasources', () => {
  const t0 = Date.now();
  const before = rec.total();
  const mark = rec.mark();
  checkOne('40 Carbon datasources', 'master-datasources.xml', carbonXml(40), 1);
  checkOne('40 generic datasources', 'custom-datasources.xml', genericXml(40), 1);
  checkOne('40 [[datasource]] tables', 'deployment.toml', tomlDatasources(40), 1);
  stats.ms += Date.now() - t0;
  finish();
  assertNone(before, 'many datasources', mark);
});

test(`fixes: ${SETTINGS.synthFixRuns} synthetic documents (seed ${SETTINGS.seed})`, () => {
  const t0 = Date.now();
  const before = rec.total();
  const mark = rec.mark();
  const docs = fc.sample(fc.record({ doc: synthDocArb, opt: fc.nat({ max: OPTIONS.length - 1 }) }), {
    seed: SETTINGS.seed ^ 0xf1c5,
    numRuns: SETTINGS.synthFixRuns,
  });
  docs.forEach((r, i) =>
    checkOne(`seed ${SETTINGS.seed} synthetic fix run ${i}: ${r.doc.fileName}`, r.doc.fileName, renderSynth(r.doc), r.opt),
  );
  stats.ms += Date.now() - t0;
  finish();
  assertNone(before, 'synthetic documents', mark);
});

test(`fixes: ${SETTINGS.fixRuns} mutated inputs (seed ${SETTINGS.seed}): fixes apply cleanly, remove their finding, are idempotent; fix-all converges`, () => {
  const t0 = Date.now();
  const before = rec.total();
  const mark = rec.mark();
  const { seeds } = seedFiles();
  const runs = fc.sample(
    fc.record({ mutations: fc.array(gentleMutationArb, { minLength: 1, maxLength: 3 }), opt: fc.nat({ max: OPTIONS.length - 1 }) }),
    {
      seed: SETTINGS.seed ^ 0x5eed,
      numRuns: SETTINGS.fixRuns,
    },
  );
  runs.forEach((r, i) => {
    const s = seeds[i % seeds.length];
    checkOne(
      `seed ${SETTINGS.seed} fix run ${i}: ${s.label} mutated by ${describeMutations(r.mutations)}`,
      s.fileName,
      applyMutations(s.text, r.mutations),
      r.opt,
    );
  });
  stats.ms += Date.now() - t0;
  finish();
  console.log(
    `[fixes] ${stats.inputs} inputs (${stats.parsedInputs} parsed, ${stats.inputsWithFixes} with fixes): ${fixStats.fixesApplied} fixes applied, ` +
      `${fixStats.fixAllRuns} fix-all runs (${fixStats.fixAllApplied} fixes); ${rec.total()} violations in ${stats.ms} ms`,
  );
  assertNone(before, 'mutated inputs', mark);
});
