// Apply preferred fixes one at a time, re-linting after each, until none is left (a fixed point).
// One at a time because two fixes computed against the same text may both insert into the same place.
import type { ResolvedOptions } from '../config/options';
import type { Finding } from '../rules/types';
import { lintText } from '../lint';
import { applyEdits, EditConflictError } from './apply';

const LAZY = { fixes: 'lazy' } as const;

export interface FixAllResult {
  text: string;
  /** Titles of the fixes applied, in order. */
  applied: { ruleId: string; title: string }[];
  /** Fixes not applied because their edits overlap (a bug in the fix): each once, in the order met. */
  skipped: { ruleId: string; title: string }[];
  /** True when a fixed point was reached within the bound. */
  converged: boolean;
}

/**
 * Rounds allowed: proportional to the work in sight (each fix is expected to take about one round; a few more
 * for fixes that uncover others), never more than a hard ceiling so a runaway fix still stops.
 */
const ROUNDS_PER_FIX = 4;
const MIN_ROUNDS = 50;
const MAX_ROUNDS_CEILING = 20_000;

export function roundBound(fixableAtStart: number): number {
  return Math.min(MAX_ROUNDS_CEILING, fixableAtStart * ROUNDS_PER_FIX + MIN_ROUNDS);
}

/** The fix `aurora-guard fix` and fix-on-save apply for a finding: the preferred one, else none. */
export function preferredFix(f: Finding) {
  return f.fixes.find((x) => x.preferred) ?? null;
}

export function fixAll(fileName: string, text: string, options: ResolvedOptions, only: (f: Finding) => boolean = () => true): FixAllResult {
  const applied: FixAllResult['applied'] = [];
  const skipped: FixAllResult['skipped'] = [];
  const skippedKeys = new Set<string>();
  let current = text;
  const seen = new Set<string>([current]);
  let maxRounds = -1; // set from the first lint
  for (let round = 0; maxRounds < 0 || round < maxRounds; round++) {
    // lazy: only the candidates' fixes are built (all of them only when `only` takes every finding)
    const res = lintText(fileName, current, options, LAZY);
    if (res.doc.parseError) return { text: current, applied, skipped, converged: round === 0 };
    const candidates = res.findings.filter((f) => only(f) && preferredFix(f));
    if (maxRounds < 0) maxRounds = roundBound(candidates.length);
    let next: Finding | null = null;
    let after = current;
    for (const f of candidates) {
      const fix = preferredFix(f)!;
      try {
        after = applyEdits(current, fix.edits);
      } catch (e) {
        if (!(e instanceof EditConflictError)) throw e;
        // a fix whose edits overlap or fall outside the text is skipped, never applied
        const key = `${f.ruleId}\u0000${fix.title}`;
        if (!skippedKeys.has(key)) {
          skippedKeys.add(key);
          skipped.push({ ruleId: f.ruleId, title: fix.title });
        }
        continue;
      }
      next = f;
      break;
    }
    if (!next) return { text: current, applied, skipped, converged: true };
    // a fix that breaks the file or cycles is not applied (and stops the run)
    if (seen.has(after) || lintText(fileName, after, options, LAZY).doc.parseError)
      return { text: current, applied, skipped, converged: false };
    seen.add(after);
    applied.push({ ruleId: next.ruleId, title: preferredFix(next)!.title });
    current = after;
  }
  return { text: current, applied, skipped, converged: false };
}
