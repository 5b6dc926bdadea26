// The reliability suite's summary: reads the counts each part wrote and prints one line per part plus the
// one-line summary. `--start` prints the settings (seed, counts, bound, corpus) and clears old counts.
// Parts 3–6 (drills, secrets, webview, untrusted) fail the run on any bad count; secrets needs both its halves.
// Exit code: 0 when every count that must be 0 is 0 and every part ran, else 1.
import { SETTINGS, clearStats, corpusNote, readStats } from './lib/env';

type ByKind = Record<string, number>;
interface Part {
  byKind?: ByKind;
  bugs?: { signature: string; count: number; detail: string; origin: string; reduced: string | null }[];
}
interface Fuzz extends Part {
  inputs: number;
  unmutated: number;
  mutated: number;
  synthetic: number;
  parseErrors: number;
  findings: number;
  fixes: number;
  seed: number;
  corpusFound: boolean;
}
interface Big extends Part {
  inputs: number;
  oneMb: number;
  structure: number;
  tenMb: number;
  boundMs: number;
  maxTenMbMs: number;
  fixesApplied: number;
  timings: { name: string; ms: number | null; verdict: string }[];
}
interface Fixes extends Part {
  inputs: number;
  parsedInputs: number;
  inputsWithFixes: number;
  fixesApplied: number;
  fixAllRuns: number;
  fixAllApplied: number;
  lfIntoCrlf: number;
}
interface Cli {
  badInputs: number;
  ran: number;
  skipped: number;
  stackTraces: number;
  wrongExit: number;
  unclear: number;
  hangs: number;
}
interface Regressions {
  total: number;
  failing: number;
  results: { name: string; ok: boolean }[];
}
interface Drills {
  faults: number;
  runsPerFault: number;
  drills: number;
  hangs: number;
  leakedConnections: number;
  wrongEvents: number;
  maxCancelMs: number;
  maxDrillMs: number;
}
interface Secrets {
  outputs: number;
  leaks: number;
  channels: Record<string, { bytes: number }>;
  flows: number;
  notes?: string[];
  secretKinds?: Record<string, number>;
}
interface Webview {
  controlActedOn?: boolean;
  csp: boolean;
  cspProblems: string[];
  scripts: number;
  scriptsWithNonce: number;
  remoteUrls: string[];
  malformed: number;
  actedOn: number;
  notLogged: number;
}
interface Untrusted {
  isTrusted: boolean | null;
  lintDiagnostics: number;
  lintExpected: number;
  probeAttempts: number;
  probesRun: number;
  refusals: number;
  refusalSaysWhy: number;
  connections: number;
  controlConnections: number;
}

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
const drills = readStats<Drills>('drills');
const secretsCli = readStats<Secrets>('secrets-cli');
const secretsExt = readStats<Secrets>('secrets-vscode');
// the secrets part needs both halves: the terminal (node) one and the extension host one
const secrets = secretsCli && secretsExt ? { cli: secretsCli, ext: secretsExt } : null;
const webview = readStats<Webview>('webview');
const untrusted = readStats<Untrusted>('untrusted');
// --expect fuzz,cli: the parts that ran (default: all); a part that ran but wrote no counts is a failure
const ei = process.argv.indexOf('--expect');
const expected =
  ei > 0 ? process.argv[ei + 1].split(',') : ['fuzz', 'big', 'fixes', 'cli', 'regressions', 'drills', 'secrets', 'webview', 'untrusted'];
const missing = (
  [
    ['fuzz', fuzz],
    ['big', big],
    ['fixes', fixes],
    ['cli', cli],
    ['regressions', reg],
    ['drills', drills],
    ['secrets', secrets],
    ['webview', webview],
    ['untrusted', untrusted],
  ] as [string, unknown][]
)
  .filter(([n, v]) => expected.includes(n) && !v)
  .map(([n]) => n);

const fuzzInputs = (fuzz?.inputs ?? 0) + (big?.inputs ?? 0);
const crashes = k(fuzz, 'crash', 'internal-error') + k(big, 'crash', 'internal-error');
const outOfRange =
  k(fuzz, 'range', 'edit-range', 'edit-splits-char') +
  k(big, 'range', 'edit-range', 'edit-splits-char') +
  k(fixes, 'range', 'edit-range', 'edit-splits-char');
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
if (big)
  console.log(
    `  10 MB: slowest that finished ${Math.round(big.maxTenMbMs)} ms, bound ${big.boundMs} ms; large inputs not ok: ${
      big.timings
        .filter((t) => t.ms === null || /FAIL|TOO SLOW/.test(t.verdict))
        .map((t) => t.name)
        .join('; ') || 'none'
    }`,
  );
if (fixes) {
  console.log(
    `fixes (part 2): ${applied} fixes applied and checked over ${fixes.parsedInputs} parsed inputs (${fixes.inputsWithFixes} with fixes), fix-all run ${fixes.fixAllRuns} times (${fixes.fixAllApplied} fixes); ` +
      `${corruptions} corruptions (file broken, bytes outside the edits changed, fix-all threw), ${exposes} fixes that removed a template file's last template construct so the strict parser now rejects it, ` +
      `${notEffective} fixes that leave their finding, ${notIdempotent} not idempotent, ${notConverged} fix-all runs that did not converge` +
      (fixes.lfIntoCrlf ? `; note: ${fixes.lfIntoCrlf} fixes inserted a bare LF into a CRLF file` : ''),
  );
}
if (cli)
  console.log(
    `cli (part 7): ${cli.badInputs} bad inputs (${cli.skipped} cases skipped here); ${cli.stackTraces} stack traces, ${cli.wrongExit} wrong exit codes, ${cli.unclear} unclear messages, ${cli.hangs} hangs`,
  );
if (reg) console.log(`regressions: ${reg.total} reproductions of bugs found, ${reg.failing} still failing`);
const drillBad = drills ? drills.hangs + drills.leakedConnections + drills.wrongEvents : 0;
if (drills) {
  console.log(
    `drills (part 3): ${drills.faults} faults × ${drills.runsPerFault} = ${drills.drills} drills on the loopback MariaDB pair through runWatch + one-shot identify/lab; ` +
      `${drills.hangs} hangs (slowest cancel ${drills.maxCancelMs} ms, slowest drill ${drills.maxDrillMs} ms), ${drills.leakedConnections} leaked connections, ${drills.wrongEvents} wrong event classes`,
  );
}
const secretOutputs = secrets
  ? new Set(
      [...Object.entries(secrets.cli.channels), ...Object.entries(secrets.ext.channels)].filter(([, c]) => c.bytes > 0).map(([n]) => n),
    ).size
  : 0;
/** `password ×2, iam token ×10, …`: what the two halves searched for. */
function secretKindsText(...parts: Secrets[]): string {
  const all: Record<string, number> = {};
  for (const p of parts) for (const [kind, n] of Object.entries(p.secretKinds ?? {})) all[kind] = (all[kind] ?? 0) + n;
  return (
    Object.entries(all)
      .map(([kind, n]) => (n > 1 ? `${kind} ×${n}` : kind))
      .join(', ') || 'sentinel password + IAM token'
  );
}
const secretLeaks = secrets ? secrets.cli.leaks + secrets.ext.leaks : 0;
if (secrets) {
  console.log(
    `secrets (part 4): ${secretLeaks} leaks in ${secretOutputs} outputs (${secrets.cli.outputs} terminal/core over ${secrets.cli.flows} flows, ${secrets.ext.outputs} extension host over ${secrets.ext.flows} flows); ` +
      `searched raw, base64, URL-encoded and hex for ${secretKindsText(secrets.cli, secrets.ext)}` +
      [...(secrets.cli.notes ?? []), ...(secrets.ext.notes ?? [])].map((n) => `; note: ${n}`).join(''),
  );
}
// the control (a well-formed run sent last) must have been seen acted on, or the checks saw nothing
const webviewBad = webview
  ? webview.actedOn + webview.notLogged + (webview.csp ? 0 : 1) + webview.remoteUrls.length + (webview.controlActedOn ? 0 : 1)
  : 0;
if (webview) {
  console.log(
    `webview (part 5): ${webview.malformed} malformed messages, ${webview.actedOn} acted on, ${webview.notLogged} not logged (control: a well-formed run ${webview.controlActedOn ? 'was' : 'was NOT'} seen acted on); ` +
      `CSP ${webview.csp ? 'ok' : `NOT ok (${webview.cspProblems.join('; ')})`} (${webview.scriptsWithNonce}/${webview.scripts} scripts with the nonce), ${webview.remoteUrls.length} remote URLs`,
  );
}
const untrustedBad = untrusted
  ? (untrusted.isTrusted === false ? 0 : 1) +
    (untrusted.lintDiagnostics > 0 && untrusted.lintDiagnostics === untrusted.lintExpected ? 0 : 1) +
    untrusted.probesRun +
    untrusted.connections +
    (untrusted.refusals === untrusted.probeAttempts && untrusted.refusalSaysWhy === untrusted.probeAttempts ? 0 : 1) +
    (untrusted.controlConnections > 0 ? 0 : 1)
  : 0;
if (untrusted) {
  console.log(
    `untrusted (part 6): workspace.isTrusted ${untrusted.isTrusted}; lint ${untrusted.lintDiagnostics}/${untrusted.lintExpected} diagnostics; ` +
      `${untrusted.refusals}/${untrusted.probeAttempts} probe attempts refused (${untrusted.refusalSaysWhy} saying why), ${untrusted.probesRun} probes run, ${untrusted.connections} connections (control with trust: ${untrusted.controlConnections})`,
  );
}
if (missing.length) console.log(`MISSING: ${missing.join(', ')} wrote no counts (did the part run?)`);

for (const [name, p] of [
  ['fuzz', fuzz],
  ['large inputs', big],
  ['fixes', fixes],
] as [string, Part | null][]) {
  if (!p?.bugs?.length) continue;
  console.log(`\n${name}: ${p.bugs.length} distinct problems`);
  for (const b of p.bugs) console.log(`  [${b.count}×] ${b.signature}\n      ${b.detail.slice(0, 240)}`);
}

// the one line: only the parts that ran
console.log(
  '\n' +
    [
      fuzz || big ? `fuzz: ${fuzzInputs} inputs, ${crashes} crashes, ${outOfRange} out of range, ${slow} too slow` : '',
      fixes || big
        ? `fixes: ${applied} applied, ${corruptions} corruptions, ${exposes} parse errors exposed, ${notEffective + notIdempotent} ineffective/non-idempotent, ${notConverged} fix-all not converged`
        : '',
      cli ? `cli: ${cli.badInputs} bad inputs, ${cli.stackTraces} stack traces, ${cli.hangs} hangs` : '',
      drills
        ? `drills: ${drills.faults} faults × ${drills.runsPerFault}, ${drills.hangs} hangs, ${drills.leakedConnections} leaked connections, ${drills.wrongEvents} wrong events`
        : '',
      secrets ? `secrets: ${secretLeaks} leaks in ${secretOutputs} outputs` : '',
      webview
        ? `webview: ${webview.malformed} malformed messages, ${webview.actedOn} acted on, CSP ${webview.csp && webview.remoteUrls.length === 0 ? 'ok' : 'NOT ok'}`
        : '',
      untrusted
        ? `untrusted: lint ${untrusted.lintDiagnostics > 0 ? 'ok' : 'NOT ok'}, ${untrusted.probesRun} probes, ${untrusted.connections} connections`
        : '',
    ]
      .filter(Boolean)
      .join('; '),
);
const failed =
  missing.length > 0 ||
  crashes +
    outOfRange +
    slow +
    corruptions +
    exposes +
    notEffective +
    notIdempotent +
    notConverged +
    cliFailures +
    drillBad +
    secretLeaks +
    webviewBad +
    untrustedBad >
    0;
process.exit(failed ? 1 : 0);
