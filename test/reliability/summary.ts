// The reliability suite's summary: reads the counts each part wrote and prints one line per part plus the
// one-line summary. `--start` prints the settings (seed, counts, bound, corpus) and clears old counts.
// Exit code: 0 when every count that must be 0 is 0 and every part ran, else 1.
import { SETTINGS, clearStats, corpusNote, readStats } from './lib/env';

type ByKind = Record<string, number>;
interface Part {
  byKind?: ByKind;
  bugs?: { signature: string; count: number; detail: string; origin: string; reduced: string | null }[];
}
interface Fuzz extends Part { inputs: number; unmutated: number; mutated: number; synthetic: number; parseErrors: number; findings: number; fixes: number; seed: number; corpusFound: boolean }
interface Big extends Part { inputs: number; oneMb: number; structure: number; tenMb: number; boundMs: number; maxTenMbMs: number; fixesApplied: number; timings: { name: string; ms: number | null; verdict: string }[] }
interface Fixes extends Part { inputs: number; parsedInputs: number; inputsWithFixes: number; fixesApplied: number; fixAllRuns: number; fixAllApplied: number; lfIntoCrlf: number }
interface Cli { badInputs: number; ran: number; skipped: number; stackTraces: number; wrongExit: number; unclear: number; hangs: number }
interface Regressions { total: number; failing: number; results: { name: string; ok: boolean }[] }

const k = (p: Part | null, ...kinds: string[]) => kinds.reduce((n, x) => n + (p?.byKind?.[x] ?? 0), 0);

if (process.argv.includes('--start')) {
  clearStats();
  console.log(
    `reliability: seed ${SETTINGS.seed} (AURORA_GUARD_FUZZ_SEED), ${SETTINGS.fuzzRuns} fuzz inputs (AURORA_GUARD_FUZZ_RUNS), ` +
      `${SETTINGS.synthRuns} synthetic documents (AURORA_GUARD_SYNTH_RUNS), ${SETTINGS.bigRuns} 1 MB inputs (AURORA_GUARD_FUZZ_BIG_RUNS), ` +
      `${SETTINGS.fixRuns} mutated + ${SETTINGS.synthFixRuns} synthetic fix-safety inputs (AURORA_GUARD_FIX_RUNS, AURORA_GUARD_SYNTH_FIX_RUNS), ` +
      `10 MB bound ${SETTINGS.tenMbBoundMs} ms (AURORA_GUARD_10MB_BOUND_MS); ${corpusNote()}`,
  );
  process.exit(0);
}

const fuzz = readStats<Fuzz>('fuzz');
const big = readStats<Big>('big');
const fixes = readStats<Fixes>('fixes');
const cli = readStats<Cli>('cli');
const reg = readStats<Regressions>('regressions');
// --expect fuzz,cli: the parts that ran (default: all); a part that ran but wrote no counts is a failure
const ei = process.argv.indexOf('--expect');
const expected = ei > 0 ? process.argv[ei + 1].split(',') : ['fuzz', 'big', 'fixes', 'cli', 'regressions'];
const missing = ([['fuzz', fuzz], ['big', big], ['fixes', fixes], ['cli', cli], ['regressions', reg]] as [string, unknown][])
  .filter(([n, v]) => expected.includes(n) && !v)
  .map(([n]) => n);

const fuzzInputs = (fuzz?.inputs ?? 0) + (big?.inputs ?? 0);
const crashes = k(fuzz, 'crash', 'internal-error') + k(big, 'crash', 'internal-error');
const outOfRange = k(fuzz, 'range', 'edit-range', 'edit-splits-char') + k(big, 'range', 'edit-range', 'edit-splits-char') + k(fixes, 'range', 'edit-range', 'edit-splits-char');
const slow = k(big, 'slow', 'hang');
const applied = (fixes?.fixesApplied ?? 0) + (big?.fixesApplied ?? 0);
const corruptKinds = ['fix-apply-throws', 'fix-outside-changed', 'fix-crash', 'fix-breaks-parse', 'fixall-throws', 'fixall-breaks-parse'];
const corruptions = k(fixes, ...corruptKinds) + k(big, ...corruptKinds);
const notEffective = k(fixes, 'fix-not-effective') + k(big, 'fix-not-effective');
const exposes = k(fixes, 'fix-exposes-parse-error') + k(big, 'fix-exposes-parse-error');
const notIdempotent = k(fixes, 'fix-not-idempotent') + k(big, 'fix-not-idempotent');
const notConverged = k(fixes, 'fixall-not-converged');
const cliFailures = (cli?.stackTraces ?? 0) + (cli?.wrongExit ?? 0) + (cli?.unclear ?? 0) + (cli?.hangs ?? 0);

console.log('\n=== reliability summary ===');
if (fuzz) {
  console.log(
    `fuzz (part 1): seed ${fuzz.seed}; ${fuzzInputs} inputs = ${fuzz.mutated} mutated + ${fuzz.synthetic} synthetic + ${fuzz.unmutated} unmutated seed files (${fuzz.corpusFound ? 'corpus + fixtures' : 'FIXTURES ONLY: corpus not found'}) ` +
      `+ ${big?.inputs ?? 0} large (${big?.oneMb ?? 0} with a 1 MB value, ${big?.structure ?? 0} with 10,000 datasources or 10,000-deep nesting, ${big?.tenMb ?? 0} of 10 MB); ` +
      `${crashes} crashes/internal errors, ${outOfRange} out-of-range ranges, ${slow} too slow or hung`,
  );
}
if (big) console.log(`  10 MB: slowest that finished ${Math.round(big.maxTenMbMs)} ms, bound ${big.boundMs} ms; large inputs not ok: ${big.timings.filter((t) => t.ms === null || /FAIL|TOO SLOW/.test(t.verdict)).map((t) => t.name).join('; ') || 'none'}`);
if (fixes) {
  console.log(
    `fixes (part 2): ${applied} fixes applied and checked over ${fixes.parsedInputs} parsed inputs (${fixes.inputsWithFixes} with fixes), fix-all run ${fixes.fixAllRuns} times (${fixes.fixAllApplied} fixes); ` +
      `${corruptions} corruptions (file broken, bytes outside the edits changed, fix-all threw), ${exposes} fixes that removed a template file's last template construct so the strict parser now rejects it, ` +
      `${notEffective} fixes that leave their finding, ${notIdempotent} not idempotent, ${notConverged} fix-all runs that did not converge` +
      (fixes.lfIntoCrlf ? `; note: ${fixes.lfIntoCrlf} fixes inserted a bare LF into a CRLF file` : ''),
  );
}
if (cli) console.log(`cli (part 7): ${cli.badInputs} bad inputs (${cli.skipped} cases skipped here); ${cli.stackTraces} stack traces, ${cli.wrongExit} wrong exit codes, ${cli.unclear} unclear messages, ${cli.hangs} hangs`);
if (reg) console.log(`regressions: ${reg.total} reproductions of bugs found, ${reg.failing} still failing`);
if (missing.length) console.log(`MISSING: ${missing.join(', ')} wrote no counts (did the part run?)`);

for (const [name, p] of [['fuzz', fuzz], ['large inputs', big], ['fixes', fixes]] as [string, Part | null][]) {
  if (!p?.bugs?.length) continue;
  console.log(`\n${name}: ${p.bugs.length} distinct problems`);
  for (const b of p.bugs) console.log(`  [${b.count}×] ${b.signature}\n      ${b.detail.slice(0, 240)}`);
}

console.log(
  `\nfuzz: ${fuzzInputs} inputs, ${crashes} crashes, ${outOfRange} out of range, ${slow} too slow; ` +
    `fixes: ${applied} applied, ${corruptions} corruptions, ${exposes} parse errors exposed, ${notEffective + notIdempotent} ineffective/non-idempotent, ${notConverged} fix-all not converged; ` +
    `cli: ${cli?.badInputs ?? 0} bad inputs, ${cli?.stackTraces ?? 0} stack traces, ${cli?.hangs ?? 0} hangs`,
);
const failed = missing.length > 0 || crashes + outOfRange + slow + corruptions + exposes + notEffective + notIdempotent + notConverged + cliFailures > 0;
process.exit(failed ? 1 : 0);
