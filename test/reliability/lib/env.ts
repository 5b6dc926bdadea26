// Settings of the reliability suite: fixed seed, counts, where the inputs come from, where stats go.
// Every knob is an environment variable so a failure can be replayed and a CI box can be tuned:
//   AURORA_GUARD_FUZZ_SEED        seed of every property (default DEFAULT_SEED, printed at start)
//   AURORA_GUARD_FUZZ_RUNS        mutated inputs linted by the fuzz property (part 1)
//   AURORA_GUARD_FUZZ_BIG_RUNS    mutated inputs that carry a 1 MB single-line value (part 1)
//   AURORA_GUARD_FIX_RUNS         mutated inputs whose every fix is checked (part 2)
//   AURORA_GUARD_SYNTH_RUNS       synthetic documents (assembled from rule-relevant lines) linted (part 1)
//   AURORA_GUARD_SYNTH_FIX_RUNS   synthetic documents whose every fix is checked (part 2)
//   AURORA_GUARD_10MB_BOUND_MS    time bound for linting one 10 MB input (part 1)
//   AURORA_GUARD_REDUCE_MS        time spent shrinking each distinct bug to a small reproduction
//   AURORA_GUARD_CORPUS           corpus folder (default ../shared/corpus next to the repository)
//   AURORA_GUARD_RELIABILITY_OUT  where each part writes its counts and reproductions (default .test-output/reliability)
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Repository root (this file runs from out/test/reliability/lib). */
export const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

export const DEFAULT_SEED = 20250611;

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got ${JSON.stringify(raw)}`);
  return n;
}

export const SETTINGS = {
  seed: intEnv('AURORA_GUARD_FUZZ_SEED', DEFAULT_SEED),
  fuzzRuns: intEnv('AURORA_GUARD_FUZZ_RUNS', 20000),
  bigRuns: intEnv('AURORA_GUARD_FUZZ_BIG_RUNS', 24),
  fixRuns: intEnv('AURORA_GUARD_FIX_RUNS', 1000),
  synthRuns: intEnv('AURORA_GUARD_SYNTH_RUNS', 5000),
  synthFixRuns: intEnv('AURORA_GUARD_SYNTH_FIX_RUNS', 1000),
  /**
   * Bound for linting one 10 MB input. Measured on a 2-core box (Node 20, 2025-06): realistic 10 MB inputs
   * lint in 0.2–10 s (a single 10 MB value 0.2–0.5 s, 14,600 Carbon datasources about 5 s, one 10 MB JDBC
   * URL about 7 s, 31,800 [[datasource]] tables about 10 s). 30 s is 3× the slowest and over 10× the median,
   * so only a complexity regression (quadratic scan, backtracking regex) trips it. 1 MB inputs get 1/10.
   */
  tenMbBoundMs: intEnv('AURORA_GUARD_10MB_BOUND_MS', 30000),
  /** Time spent reducing each distinct bug to a small reproduction (0: do not reduce). */
  reduceMs: intEnv('AURORA_GUARD_REDUCE_MS', 3000),
  corpus: process.env.AURORA_GUARD_CORPUS ?? path.resolve(ROOT, '..', 'shared', 'corpus'),
  outDir: process.env.AURORA_GUARD_RELIABILITY_OUT ?? path.join(ROOT, '.test-output', 'reliability'),
};

export interface SeedFile {
  /** Path relative to the corpus or the repository (for messages). */
  label: string;
  /** File name as the core sees it (drives the parser choice). */
  fileName: string;
  text: string;
  source: 'corpus' | 'fixture';
}

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : e.isFile() ? [p] : [];
  });
}

let cached: { seeds: SeedFile[]; corpusFound: boolean } | null = null;

/** Every corpus file (if the corpus is there) and every test fixture, sorted, as seeds for mutation. */
export function seedFiles(): { seeds: SeedFile[]; corpusFound: boolean } {
  if (cached) return cached;
  const seeds: SeedFile[] = [];
  const corpusFound = fs.existsSync(SETTINGS.corpus) && fs.statSync(SETTINGS.corpus).isDirectory();
  if (corpusFound) {
    for (const f of walk(SETTINGS.corpus).sort()) {
      if (path.basename(f) === 'INDEX.tsv') continue;
      seeds.push({ label: `corpus/${path.relative(SETTINGS.corpus, f)}`, fileName: f, text: fs.readFileSync(f, 'utf8'), source: 'corpus' });
    }
  }
  const fixtures = path.join(ROOT, 'test', 'fixtures');
  for (const f of walk(fixtures).sort()) {
    seeds.push({ label: path.relative(ROOT, f), fileName: f, text: fs.readFileSync(f, 'utf8'), source: 'fixture' });
  }
  cached = { seeds, corpusFound };
  return cached;
}

export function corpusNote(): string {
  const { seeds, corpusFound } = seedFiles();
  const c = seeds.filter((s) => s.source === 'corpus').length;
  const x = seeds.length - c;
  return corpusFound
    ? `${seeds.length} seed files (${c} corpus at ${SETTINGS.corpus}, ${x} fixtures)`
    : `${seeds.length} seed files (corpus NOT FOUND at ${SETTINGS.corpus}: fixtures only)`;
}

/** Write one part's counts (and reproductions) for scripts/test-reliability.sh's summary. */
export function writeStats(part: string, stats: unknown): void {
  fs.mkdirSync(SETTINGS.outDir, { recursive: true });
  fs.writeFileSync(path.join(SETTINGS.outDir, `${part}.json`), JSON.stringify(stats, null, 2) + '\n');
}

export function readStats<T>(part: string): T | null {
  const p = path.join(SETTINGS.outDir, `${part}.json`);
  return fs.existsSync(p) ? (JSON.parse(fs.readFileSync(p, 'utf8')) as T) : null;
}

export function clearStats(): void {
  fs.rmSync(SETTINGS.outDir, { recursive: true, force: true });
}
