// Spelling of pool option names: the nearest valid key for a misspelled, snake_case or wrongly
// capitalised one (used by wso2/unsupported-pool-option to offer a safe rename).

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions). With `max`, the exact distance
 * when it is at most `max`, else some value above `max` (computed with early cut-offs: lengths that differ by
 * more than `max`, and rows whose minimum already exceeds it).
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  const m = a.length;
  const n = b.length;
  if (Math.abs(m - n) > max) return max + 1;
  // Three rolling rows: i-2, i-1 and i (typed: no per-cell boxing, no Array.from callback).
  let prev2 = new Int32Array(n + 1);
  let prev = new Int32Array(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  let cur = new Int32Array(n + 1);
  let prevMin = 0;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    // Every later entry comes from this row (+0 or more) or, by a transposition, from the previous row (+1):
    // once both are past the bound, the distance is too.
    if (rowMin > max && prevMin >= max) return max + 1;
    prevMin = rowMin;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[n];
}

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
