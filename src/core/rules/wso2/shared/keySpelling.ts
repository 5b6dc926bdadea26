// Spelling of pool option names: the nearest valid key for a misspelled, snake_case or wrongly
// capitalised one (used by wso2/unsupported-pool-option to offer a safe rename).
import { editDistance } from '../../../text/editDistance';

/** Longer keys are never typos of a pool option name (the longest is far shorter): no typo search for them. */
const MAX_TYPO_KEY_LENGTH = 64;

/** snake_case / kebab-case → camelCase (`max_active` → `maxActive`). */
export function camelCase(key: string): string {
  return key.replace(/[_-]+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
}

export interface KeyMatch {
  key: string;
  /** 0 = same name in another case/spelling style (snake_case, wrong capitals); else the edit distance. */
  distance: number;
  how: 'case' | 'snake' | 'typo';
}

/** The nearest valid key for a misspelled one, or null when nothing is close enough to be a safe rename. */
export function nearestKey(key: string, candidates: readonly string[]): KeyMatch | null {
  const lower = key.toLowerCase();
  const camel = camelCase(key);
  for (const c of candidates) if (c === camel && camel !== key) return { key: c, distance: 0, how: 'snake' };
  for (const c of candidates) if (c.toLowerCase() === lower) return { key: c, distance: 0, how: 'case' };
  for (const c of candidates) if (c.toLowerCase() === camel.toLowerCase()) return { key: c, distance: 0, how: 'snake' };
  if (key.length > MAX_TYPO_KEY_LENGTH) return null;
  const limit = key.length >= 12 ? 3 : key.length >= 5 ? 2 : 1;
  // Distances above the limit are never kept, so they need not be exact (editDistance stops early on them).
  const target = camel.toLowerCase();
  let best: KeyMatch | null = null;
  for (const c of candidates) {
    if (Math.abs(target.length - c.length) > limit) continue;
    const dist = editDistance(target, c.toLowerCase(), limit);
    if (dist <= limit && (!best || dist < best.distance)) best = { key: c, distance: dist, how: 'typo' };
  }
  return best;
}
