// Apply preferred fixes one at a time, re-linting after each, until none is left (a fixed point).
// One at a time because two fixes computed against the same text may both insert into the same place.
import type { ResolvedOptions } from '../config/options';
import type { Finding } from '../rules/types';
import { lintText } from '../lint';
import { applyEdits } from './apply';

export interface FixAllResult {
  text: string;
  /** Titles of the fixes applied, in order. */
  applied: { ruleId: string; title: string }[];
  /** True when a fixed point was reached within the bound. */
  converged: boolean;
}

const MAX_ROUNDS = 200;

/** The fix `aurora-guard fix` and fix-on-save apply for a finding: the preferred one, else none. */
export function preferredFix(f: Finding) {
  return f.fixes.find((x) => x.preferred) ?? null;
}

export function fixAll(
  fileName: string,
  text: string,
  options: ResolvedOptions,
  only: (f: Finding) => boolean = () => true,
): FixAllResult {
  const applied: FixAllResult['applied'] = [];
  let current = text;
  const seen = new Set<string>([current]);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const res = lintText(fileName, current, options);
    if (res.doc.parseError) return { text: current, applied, converged: round === 0 };
    const next = res.findings.find((f) => only(f) && preferredFix(f));
    if (!next) return { text: current, applied, converged: true };
    const fix = preferredFix(next)!;
    const after = applyEdits(current, fix.edits);
    // a fix that breaks the file or cycles is not applied (and stops the run)
    if (seen.has(after) || lintText(fileName, after, options).doc.parseError) return { text: current, applied, converged: false };
    seen.add(after);
    applied.push({ ruleId: next.ruleId, title: fix.title });
    current = after;
  }
  return { text: current, applied, converged: false };
}
