// Part 1 of issue 6: fuzz the core with mutations of every corpus file and fixture.
// Properties: lintText never throws, reports no internal error, and every finding range, related range,
// parse-error range and fix edit lies inside the document (and no edit splits a UTF-16 surrogate pair).
// Replay: the seed and the run index are printed with every failure; AURORA_GUARD_FUZZ_SEED=<seed> replays it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SETTINGS, corpusNote, seedFiles, writeStats } from './lib/env';
import { applyMutations, describeMutations, mutationArb } from './lib/mutate';
import { OPTIONS, OPTION_CONFIGS, checkLint, editProblems, mapOffset, optionsIndex, outsideEditsUnchanged, sameBug } from './lib/check';
import { Recorder } from './lib/record';
import { renderSynth, synthDocArb } from './lib/synth';

console.log(
  `[fuzz] seed ${SETTINGS.seed} (override: AURORA_GUARD_FUZZ_SEED), ${SETTINGS.fuzzRuns} mutated inputs (AURORA_GUARD_FUZZ_RUNS); ${corpusNote()}`,
);

const rec = new Recorder();
const stats = {
  seed: SETTINGS.seed,
  inputs: 0,
  unmutated: 0,
  mutated: 0,
  synthetic: 0,
  parseErrors: 0,
  findings: 0,
  fixes: 0,
  corpusFound: seedFiles().corpusFound,
  ms: 0,
};

function lintOne(origin: string, fileName: string, text: string, opt: number): void {
  const c = checkLint(fileName, text, OPTIONS[opt]);
  stats.inputs++;
  if (c.result) {
    if (c.result.doc.parseError) stats.parseErrors++;
    stats.findings += c.result.findings.length;
    for (const f of c.result.findings) stats.fixes += f.fixes.length;
  }
  if (c.violations.length) {
    rec.add(c.violations, {
      origin,
      fileName,
      format: c.result?.doc.format ?? 'crash',
      optionsLabel: OPTION_CONFIGS[opt].label,
      text: text.length <= 300_000 ? text : text.slice(0, 300_000),
    });
  }
}

function assertNone(before: number, what: string, mark: Map<string, number>): void {
  const n = rec.total() - before;
  assert.equal(n, 0, `${what}: ${n} violations (seed ${SETTINGS.seed}):\n${rec.report(mark)}`);
}

function finish(): void {
  if (rec.total() > 0 && SETTINGS.reduceMs > 0) {
    rec.reduceAll(
      (ex, t) => checkLint(ex.fileName, t, OPTIONS[optionsIndex(ex.optionsLabel)]).violations.some((v) => sameBug(v, ex.violation)),
      SETTINGS.reduceMs,
    );
  }
  writeStats('fuzz', {
    ...stats,
    crashes: rec.count('crash'),
    internalErrors: rec.count('internal-error'),
    outOfRange: rec.count('range', 'edit-range', 'edit-splits-char'),
    ...rec.toJSON(),
  });
}

test('fuzz: the checks themselves catch what they must (overlap, outside edits, split surrogate, moved bytes)', () => {
  const e = (start: number, end: number, newText = '') => ({ span: { start, end }, newText });
  assert.ok(editProblems('abcdef', { title: 't', edits: [e(1, 4), e(2, 2, 'x')] }), 'overlap');
  assert.ok(editProblems('abc', { title: 't', edits: [e(2, 5)] }), 'outside');
  assert.ok(editProblems('a\uD83D\uDE00b', { title: 't', edits: [e(2, 2, 'x')] }), 'split surrogate pair');
  assert.equal(
    editProblems('abcdef', { title: 't', edits: [e(1, 1, 'x'), e(1, 3)] }),
    null,
    'insertion before a deletion at the same offset is fine',
  );
  assert.ok(outsideEditsUnchanged('abcdef', 'aXdef', [e(1, 3, 'X')]));
  assert.ok(!outsideEditsUnchanged('abcdef', 'aXdeF', [e(1, 3, 'X')]));
  assert.deepEqual(mapOffset(5, [e(1, 3, 'XYZ')]), [6, 6]);
  assert.deepEqual(mapOffset(2, [e(1, 3, 'XYZ')]), [1, 4]);
});

test('fuzz: every corpus file and fixture, unmutated, under every option set', () => {
  const t0 = Date.now();
  const { seeds } = seedFiles();
  const before = rec.total();
  const mark = rec.mark();
  for (const s of seeds) for (let o = 0; o < OPTIONS.length; o++) lintOne(`${s.label} (unmutated)`, s.fileName, s.text, o);
  stats.unmutated = seeds.length * OPTIONS.length;
  stats.ms += Date.now() - t0;
  finish();
  assertNone(before, 'unmutated seed files', mark);
});

test(`fuzz: ${SETTINGS.synthRuns} synthetic documents (seed ${SETTINGS.seed}) never crash the core and keep every range inside the document`, () => {
  const t0 = Date.now();
  const before = rec.total();
  const mark = rec.mark();
  const docs = fc.sample(fc.record({ doc: synthDocArb, opt: fc.nat({ max: OPTIONS.length - 1 }) }), {
    seed: SETTINGS.seed ^ 0x5717,
    numRuns: SETTINGS.synthRuns,
  });
  docs.forEach((r, i) => {
    const text = renderSynth(r.doc);
    lintOne(`seed ${SETTINGS.seed} synthetic ${i}: ${r.doc.fileName} ${JSON.stringify(text).slice(0, 300)}`, r.doc.fileName, text, r.opt);
  });
  stats.synthetic = docs.length;
  stats.ms += Date.now() - t0;
  finish();
  assertNone(before, 'synthetic documents', mark);
});

test(`fuzz: ${SETTINGS.fuzzRuns} mutated inputs (seed ${SETTINGS.seed}) never crash the core and keep every range inside the document`, () => {
  const t0 = Date.now();
  const before = rec.total();
  const mark = rec.mark();
  const { seeds } = seedFiles();
  const runs = fc.sample(
    fc.record({ mutations: fc.array(mutationArb, { minLength: 1, maxLength: 4 }), opt: fc.nat({ max: OPTIONS.length - 1 }) }),
    {
      seed: SETTINGS.seed,
      numRuns: SETTINGS.fuzzRuns,
    },
  );
  runs.forEach((r, i) => {
    // round robin: every seed file is mutated about fuzzRuns / seeds times
    const s = seeds[i % seeds.length];
    lintOne(
      `seed ${SETTINGS.seed} run ${i}: ${s.label} mutated by ${describeMutations(r.mutations)}`,
      s.fileName,
      applyMutations(s.text, r.mutations),
      r.opt,
    );
  });
  stats.mutated = runs.length;
  stats.ms += Date.now() - t0;
  finish();
  console.log(
    `[fuzz] ${stats.inputs} inputs (${stats.parseErrors} with a parse error), ${stats.findings} findings, ${stats.fixes} fixes; ${rec.total()} violations in ${stats.ms} ms`,
  );
  assertNone(before, 'mutated inputs', mark);
});
