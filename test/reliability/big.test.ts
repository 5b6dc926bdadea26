// Part 1 of issue 6, large inputs: 1 MB single-line values in every kind of file, 10,000 datasources,
// 10,000-deep nesting, and 10 MB inputs (realistic and pathological) linted within a stated bound.
// Each input is linted in a child process with a hard limit, so a hang is measured, not suffered.
// A cheap pre-check runs each 10 MB case at 1/10 of its size first: linting takes at least linear time, so an
// input that needs more than bound/5 at 1/10 size would need over twice the bound at full size (reported as
// too slow without the full run, which would only be killed at the bound).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SETTINGS, seedFiles, writeStats } from './lib/env';
import { bigValueArb, describeMutations } from './lib/mutate';
import { OPTIONS, OPTION_CONFIGS } from './lib/check';
import type { Violation } from './lib/check';
import { structureCases, tenMbCases } from './lib/big';
import { Recorder } from './lib/record';
import { runAll, runInChild } from './lib/pool';
import type { Outcome } from './lib/pool';
import type { Job } from './lib/worker';

const BOUND = SETTINGS.tenMbBoundMs;
/** Time a child process gets on top of the lint bound to start, load the core and build its input. */
const STARTUP_MS = 2500;

console.log(
  `[big] seed ${SETTINGS.seed}; bound for one 10 MB input: ${BOUND} ms (AURORA_GUARD_10MB_BOUND_MS); 1 MB inputs: ${BOUND / 10} ms; ${SETTINGS.bigRuns} inputs with a 1 MB value (AURORA_GUARD_FUZZ_BIG_RUNS)`,
);

const rec = new Recorder();
const timings: { name: string; bytes: number; ms: number | null; verdict: string }[] = [];
const stats = { inputs: 0, fixesApplied: 0, oneMb: 0, structure: 0, tenMb: 0, boundMs: BOUND, maxTenMbMs: 0, slow: 0, hangs: 0 };

function record(origin: string, fileName: string, format: string, opt: number, vs: Violation[]): void {
  if (vs.length) rec.add(vs, { origin, fileName, format, optionsLabel: OPTION_CONFIGS[opt].label, text: '' });
}

/** `label` groups violations of one kind of input (the detail names the exact input). */
function outcomeViolations(o: Outcome, limitMs: number, what: string, label: string = what): Violation[] {
  if (!o.ok) {
    if (o.reason === 'timeout') {
      stats.hangs++;
      return [{ kind: 'hang', ruleId: label, fixTitle: null, detail: `${what}: ${o.detail}` }];
    }
    return [{ kind: 'crash', ruleId: label, fixTitle: null, detail: `${what}: ${o.detail}` }];
  }
  const vs = [...o.result.violations, ...(o.fixes?.fixViolations ?? [])];
  if (o.fixTimeout) {
    stats.hangs++;
    vs.push({
      kind: 'hang',
      ruleId: label,
      fixTitle: null,
      detail: `${what}: checking its fixes did not finish (each fix re-lints the input; lint took ${Math.round(o.result.lintMs)} ms)`,
    });
  }
  if (o.fixes) stats.fixesApplied += o.fixes.fixesApplied;
  if (o.result.lintMs > limitMs) {
    stats.slow++;
    vs.push({
      kind: 'slow',
      ruleId: label,
      fixTitle: null,
      detail: `${what}: lintText took ${Math.round(o.result.lintMs)} ms (bound ${limitMs} ms)`,
    });
  }
  return vs;
}

/**
 * Pre-check of a 10 MB case at 1/10 size. It only spares the full run when even a linear extrapolation misses
 * the bound twice over (1/10 of the input took more than bound/5); returns whether to run the full input.
 */
async function preCheck(index: number, name: string, fileName: string): Promise<boolean> {
  const opt = 1;
  const pre = await runInChild({ kind: 'case', set: 'tenMb', index, scale: 0.1, options: opt, fixes: 0 }, BOUND / 5 + STARTUP_MS);
  stats.inputs++;
  const preVs = outcomeViolations(pre, BOUND / 5, `${name} at 1/10 size`, name);
  if (preVs.some((v) => v.kind === 'slow' || v.kind === 'hang')) {
    const ms = pre.ok ? `${Math.round(pre.result.lintMs)} ms` : `more than ${BOUND / 5} ms (killed)`;
    const slow: Violation = {
      kind: 'slow',
      ruleId: name,
      fixTitle: null,
      detail: `${name}: ${ms} at 1/10 size, so far more than ${BOUND} ms at full size (not run)`,
    };
    record(name, fileName, 'tenMb', opt, [slow, ...preVs.filter((v) => v.kind !== 'slow' && v.kind !== 'hang')]);
    timings.push({ name, bytes: pre.ok ? pre.result.bytes * 10 : 10 * 1048576, ms: null, verdict: `TOO SLOW: ${ms} at 1/10 size` });
    return false;
  }
  record(`${name} at 1/10 size`, fileName, pre.ok ? pre.result.format : 'tenMb', opt, preVs);
  return true;
}

/** One large input at full size (Serverless options: the most rules apply), timed against the bound. */
async function runFull(set: 'structure' | 'tenMb', index: number, name: string, fileName: string): Promise<void> {
  const opt = 1;
  const full = await runInChild({ kind: 'case', set, index, scale: 1, options: opt, fixes: 5 }, BOUND + STARTUP_MS * 2);
  stats.inputs++;
  const vs = outcomeViolations(full, BOUND, name);
  record(name, fileName, full.ok ? full.result.format : set, opt, vs);
  if (full.ok) {
    if (set === 'tenMb') stats.maxTenMbMs = Math.max(stats.maxTenMbMs, full.result.lintMs);
    const r = full.result;
    timings.push({
      name,
      bytes: r.bytes,
      ms: Math.round(r.lintMs),
      verdict: `${vs.length ? 'FAIL' : 'ok'} (${r.datasources} datasources, ${r.findings} findings${r.parseError ? ', parse error' : ''}, ${full.fixes?.fixesApplied ?? 0} fixes checked)`,
    });
  } else {
    timings.push({ name, bytes: 0, ms: null, verdict: `FAIL: ${full.detail}` });
  }
}

function assertNone(before: number, what: string, mark: Map<string, number>): void {
  const n = rec.total() - before;
  assert.equal(n, 0, `${what}: ${n} violations (seed ${SETTINGS.seed}):\n${rec.report(mark)}`);
}

function finish(): void {
  writeStats('big', {
    ...stats,
    crashes: rec.count('crash'),
    internalErrors: rec.count('internal-error'),
    outOfRange: rec.count('range', 'edit-range', 'edit-splits-char'),
    fixViolations: rec.total() - rec.count('crash', 'internal-error', 'range', 'edit-range', 'edit-splits-char', 'slow', 'hang'),
    timings,
    ...rec.toJSON(),
  });
}

test(`big: ${SETTINGS.bigRuns} inputs with a 1 MB single-line value lint within ${BOUND / 10} ms, without a crash`, async () => {
  const before = rec.total();
  const mark = rec.mark();
  const { seeds } = seedFiles();
  const runs = fc.sample(fc.record({ m: bigValueArb, opt: fc.nat({ max: OPTIONS.length - 1 }) }), {
    seed: SETTINGS.seed ^ 0xb16,
    numRuns: SETTINGS.bigRuns,
  });
  // spread the runs over the seed files (every seed file once before any twice), in a fixed shuffled order
  const order = fc.sample(fc.shuffledSubarray([...seeds.keys()], { minLength: seeds.length, maxLength: seeds.length }), {
    seed: SETTINGS.seed,
    numRuns: 1,
  })[0];
  await runAll(runs, 2, async (r, i) => {
    const seed = order[i % order.length];
    const job: Job = { kind: 'mutation', seed, mutations: [r.m], options: r.opt, fixes: 3 };
    const o = await runInChild(job, BOUND / 10 + STARTUP_MS);
    stats.inputs++;
    stats.oneMb++;
    const origin = `seed ${SETTINGS.seed} 1 MB run ${i}: ${seeds[seed].label} mutated by ${describeMutations([r.m])}`;
    record(
      origin,
      seeds[seed].fileName,
      o.ok ? o.result.format : '?',
      r.opt,
      outcomeViolations(o, BOUND / 10, origin, `1 MB of ${JSON.stringify(r.m.ch)}`),
    );
  });
  finish();
  assertNone(before, '1 MB values', mark);
});

test('big: 10,000 datasources and 10,000-deep nesting', async () => {
  const before = rec.total();
  const mark = rec.mark();
  const t0 = timings.length;
  const cases = structureCases();
  await runAll(cases, 2, async (c, i) => {
    await runFull('structure', i, c.name, c.fileName);
    stats.structure++;
  });
  finish();
  for (const t of timings.slice(t0))
    console.log(`[big] ${t.name}: ${t.ms === null ? '-' : `${t.ms} ms`} for ${(t.bytes / 1048576).toFixed(1)} MB — ${t.verdict}`);
  assertNone(before, '10,000 datasources / deep nesting', mark);
});

test(`big: every 10 MB input lints within ${BOUND} ms`, async () => {
  const before = rec.total();
  const mark = rec.mark();
  const t0 = timings.length;
  const cases = tenMbCases();
  // pre-checks two at a time (cheap, and a hopeless case costs only its limit); full runs one at a time (timed)
  const go: boolean[] = [];
  await runAll(cases, 2, async (c, i) => {
    go[i] = await preCheck(i, c.name, c.fileName);
  });
  for (let i = 0; i < cases.length; i++) {
    if (go[i]) await runFull('tenMb', i, cases[i].name, cases[i].fileName);
    stats.tenMb++;
  }
  finish();
  for (const t of timings.slice(t0))
    console.log(`[big] ${t.name}: ${t.ms === null ? '-' : `${t.ms} ms`} for ${(t.bytes / 1048576).toFixed(1)} MB — ${t.verdict}`);
  console.log(
    `[big] ${stats.inputs} large inputs; slowest 10 MB input that finished: ${Math.round(stats.maxTenMbMs)} ms (bound ${BOUND} ms); ${rec.total()} violations`,
  );
  assertNone(before, '10 MB inputs', mark);
});
