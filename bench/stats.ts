// Small statistics and timing helpers shared by the benchmark sections.

export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

export const median = (xs: readonly number[]): number => quantile(xs, 0.5);

/** Round for output: 3 significant decimals below 10, fewer above (JSON stays readable, nothing meaningful is lost). */
export function r3(n: number | null | undefined): number | null {
  if (n === null || n === undefined || !Number.isFinite(n)) return null;
  const a = Math.abs(n);
  const d = a >= 1000 ? 0 : a >= 100 ? 1 : a >= 10 ? 2 : a >= 1 ? 3 : 4;
  const f = 10 ** d;
  return Math.round(n * f) / f;
}

/** Pretty number for the table ("—" for null). */
export function fmt(n: number | null | undefined, unit = ''): string {
  const v = r3(n);
  return v === null ? '—' : `${v}${unit}`;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
