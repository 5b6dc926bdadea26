// Lints one large input in a child process, so a hang (quadratic scan, runaway regex) can be cut off by
// the parent at a hard limit (SIGKILL) instead of stalling the suite. The child builds the text itself and
// answers twice: once linted (timed), once its fixes are checked (which takes several more lints).
import { structureCases, tenMbCases } from './big';
import { checkLint, checkFixes, emptyFixStats, OPTIONS } from './check';
import type { Violation } from './check';
import { applyMutations } from './mutate';
import type { Mutation } from './mutate';
import { seedFiles } from './env';

export type Job =
  | { kind: 'case'; set: 'structure' | 'tenMb'; index: number; scale: number; options: number; fixes: number }
  | { kind: 'mutation'; seed: number; mutations: Mutation[]; options: number; fixes: number }
  | { kind: 'text'; fileName: string; text: string; options: number; fixes: number };

export interface LintAnswer {
  phase: 'lint';
  fileName: string;
  bytes: number;
  /** Time of lintText alone. */
  lintMs: number;
  parseError: string | null;
  format: string;
  findings: number;
  datasources: number;
  violations: Violation[];
  /** Whether a 'fixes' answer follows. */
  checkingFixes: boolean;
}

export interface FixAnswer {
  phase: 'fixes';
  fixViolations: Violation[];
  fixesApplied: number;
}

/** Inputs above this size get no fix checks (each fix re-lints the whole input). */
export const FIX_CHECK_MAX_BYTES = 1.5 * (1 << 20);

export function buildJob(job: Job): { fileName: string; text: string } {
  if (job.kind === 'case') {
    const c = (job.set === 'structure' ? structureCases() : tenMbCases())[job.index];
    return { fileName: c.fileName, text: c.text(job.scale) };
  }
  if (job.kind === 'mutation') {
    const s = seedFiles().seeds[job.seed];
    return { fileName: s.fileName, text: applyMutations(s.text, job.mutations) };
  }
  return { fileName: job.fileName, text: job.text };
}

export function runJob(job: Job, answer: (a: LintAnswer | FixAnswer) => void): void {
  const { fileName, text } = buildJob(job);
  const options = OPTIONS[job.options];
  const t0 = process.hrtime.bigint();
  const lint = checkLint(fileName, text, options);
  const lintMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const bytes = Buffer.byteLength(text);
  const checkingFixes = job.fixes > 0 && bytes <= FIX_CHECK_MAX_BYTES && !!lint.result && !lint.result.doc.parseError;
  answer({
    phase: 'lint',
    fileName,
    bytes,
    lintMs,
    parseError: lint.result?.doc.parseError?.message ?? null,
    format: lint.result?.doc.format ?? 'crash',
    findings: lint.result?.findings.length ?? 0,
    datasources: lint.result?.doc.datasources.length ?? 0,
    violations: lint.violations,
    checkingFixes,
  });
  if (!checkingFixes) return;
  const stats = emptyFixStats();
  let budget = job.fixes;
  const fixViolations = checkFixes(fileName, text, options, lint.result!, stats, {
    fixAll: false,
    only: (f) => f.fixes.length > 0 && budget-- > 0,
  });
  answer({ phase: 'fixes', fixViolations, fixesApplied: stats.fixesApplied });
}

if (require.main === module && process.send) {
  // The parent kills this process once it has its answers; without a parent, stop.
  process.on('disconnect', () => process.exit(0));
  process.once('message', (job: Job) => runJob(job, (a) => process.send!(a)));
}
