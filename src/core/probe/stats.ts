// Small numeric helpers shared by the lab and the watch.

/** Nearest-rank percentile of an ascending array (null when empty). */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[i];
}

export interface LatencyStats {
  n: number;
  p50Ms: number | null;
  p95Ms: number | null;
  maxMs: number | null;
}

export function latencyStats(values: readonly number[]): LatencyStats {
  const a = [...values].sort((x, y) => x - y);
  const r = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);
  return { n: a.length, p50Ms: r(percentile(a, 0.5)), p95Ms: r(percentile(a, 0.95)), maxMs: r(a.length ? a[a.length - 1] : null) };
}
