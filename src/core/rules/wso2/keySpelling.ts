// Spelling of pool option names: the nearest valid key for a misspelled, snake_case or wrongly
// capitalised one (used by wso2/unsupported-pool-option to offer a safe rename).

/** Optimal-string-alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  const d: number[][] = Array.from({ length: m + 1 }, (_, i) => Array.from({ length: n + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[m][n];
}

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
  let best: KeyMatch | null = null;
  for (const c of candidates) {
    const dist = editDistance(camel.toLowerCase(), c.toLowerCase());
    if (!best || dist < best.distance) best = { key: c, distance: dist, how: 'typo' };
  }
  if (!best) return null;
  const limit = key.length >= 12 ? 3 : key.length >= 5 ? 2 : 1;
  return best.distance <= limit ? best : null;
}
