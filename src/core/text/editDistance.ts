// How far apart two short strings are: pool option names, aurora-guard.json keys and rule ids, for "did you mean".

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
