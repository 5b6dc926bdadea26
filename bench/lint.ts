// Lint section: which inputs (real corpus files or, without the corpus, the project's own fixtures; synthetic
// 1 MiB files; a 32 KiB incremental edit), and running them in a worker with a cap per lint call.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { wso2YamlKind } from '../src/core/parse/yaml/parseYaml';
import { detectFormat } from '../src/core/parse/index';
import { detectTemplates } from '../src/core/text/templates';
import { syntheticToml, syntheticXml } from './synthetic';
import type { CaseSpec, Format, Request, SetupReply, SummaryReply, WarmReply } from './lintWorker';
import { median, quantile, r3 } from './stats';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
const KiB = 1024;
const MiB = 1024 * KiB;

export interface LintOptions {
  quick: boolean;
  /** Cap for one timed lint batch of a 1 MiB file (one call there), in ms; the worker is stopped there. */
  capMs: number;
  log: (msg: string) => void;
}

export interface LintCaseOut {
  bytes: number;
  ms: number | null;
  floorMs: number | null;
  ratioToFloor: number | null;
  peerMs: number | null;
  ratioToPeer: number | null;
  // ---- additions (the contract allows extra fields) ----
  kind: 'real' | 'synthetic' | 'incremental';
  sizeClass: string;
  source: string;
  floor: string | null;
  peer: string | null;
  floorNote?: string | null;
  peerNote?: string | null;
  rounds?: number;
  calls?: number;
  p25Ms?: number | null;
  p75Ms?: number | null;
  findings?: number;
  fixes?: number;
  datasources?: number;
  parseError?: string | null;
  findingsChanged?: boolean;
  /** The per-round lint times spread widely (p75 > 2 × p25): the machine was busy; treat the figure with care. */
  noisy?: boolean;
  /** The lint call ran past the cap and was stopped: ms is null, the time was at least msAtLeast. */
  timedOut?: boolean;
  msAtLeast?: number;
  /** Lint times of smaller synthetic files of the same generator, the fitted exponent and a projection. */
  scaling?: { points: { bytes: number; ms: number }[]; exponent: number | null; projectedMs: number | null; note: string };
  /** The editor's path on the same input, measured in the same rounds: lintText without building fixes (lazy fixes). */
  diagnostics?: { ms: number | null; p25Ms: number | null; p75Ms: number | null; ratioToFloor: number | null; ratioToPeer: number | null; ratioToLint: number | null; noisy: boolean };
  target?: string;
  met?: boolean | null;
  /** Which figure the target is judged on: 'lint' (parse + rules + fixes) or 'diagnostics'. */
  judgedOn?: 'lint' | 'diagnostics';
}

export interface SweepOut {
  source: string;
  files: number;
  medianMs: number | null;
  maxMs: number | null;
  maxFile: string | null;
  over2ms: { file: string; bytes: number; ms: number; findings: number }[];
  note: string;
}

export interface LintSection {
  corpus: { dir: string | null; fallback: boolean; note: string };
  cases: Record<string, LintCaseOut>;
  sweep: SweepOut | null;
}

// ---------------------------------------------------------------------------------------------------
// Inputs

interface FileInfo {
  file: string;
  name: string;
  text: string;
  bytes: number;
  format: Format | null;
  templated: boolean;
  ext: string;
}

function corpusDir(): string | null {
  // ../shared/corpus next to the repository; from a git worktree under wt/, two levels up
  const candidates = process.env.AURORA_GUARD_BENCH_CORPUS ? [process.env.AURORA_GUARD_BENCH_CORPUS] : [path.resolve(ROOT, '..', 'shared', 'corpus'), path.resolve(ROOT, '..', '..', 'shared', 'corpus')];
  return candidates.find((d) => fs.existsSync(d) && fs.statSync(d).isDirectory()) ?? null;
}

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : [p];
  });
}

function readInfo(file: string): FileInfo {
  const text = fs.readFileSync(file, 'utf8');
  const name = path.basename(file);
  const f = detectFormat(name, text);
  return {
    file, name, text, bytes: Buffer.byteLength(text),
    format: f === 'xml' || f === 'toml' ? f : /\.ya?ml$/i.test(name) && wso2YamlKind(text) !== null ? 'yaml' : null,
    templated: detectTemplates(text, name).length > 0,
    ext: name.replace(/^.*?\.(?=[^.]+$)/, '').toLowerCase(),
  };
}

export function sizeClass(bytes: number): string {
  if (bytes < 8 * KiB) return '<8 KiB';
  if (bytes < 16 * KiB) return '8–16 KiB';
  if (bytes <= 32 * KiB) return '16–32 KiB';
  if (bytes < MiB) return '32 KiB–1 MiB';
  return '≥1 MiB';
}

/** The real-file cases: per role the largest file (the slowest of its kind in practice: time grows with content). */
function pickReal(files: FileInfo[]): { id: string; info: FileInfo; why: string }[] {
  const largest = (pred: (f: FileInfo) => boolean) => files.filter(pred).sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name))[0];
  const roles: [string, string, (f: FileInfo) => boolean][] = [
    ['xml/carbon-master', 'plain Carbon *-datasources.xml', (f) => f.format === 'xml' && !f.templated && /datasources\.xml$/i.test(f.name)],
    ['xml/template', 'templated datasources XML (ERB/Jinja/GSP/Helm)', (f) => f.format === 'xml' && f.templated && /datasources\.xml/i.test(f.name)],
    ['toml/deployment', 'plain deployment.toml (APIM 3.x/4.x)', (f) => f.format === 'toml' && !f.templated && /deployment\.toml$/i.test(f.name)],
    ['toml/template', 'templated deployment.toml (Helm/Jinja/ERB)', (f) => f.format === 'toml' && f.templated && /\.toml(\.[a-z0-9]+)?$/i.test(f.name)],
    ['toml/configmap-yaml', 'YAML ConfigMap embedding a deployment.toml', (f) => f.format === 'toml' && /\.ya?ml$/i.test(f.name)],
    ['yaml/helm-values', 'Helm values of wso2/helm-apim (databases.*.poolParameters)', (f) => f.format === 'yaml' && /^\s+databases:/m.test(f.text)],
  ];
  const out: { id: string; info: FileInfo; why: string }[] = [];
  for (const [id, why, pred] of roles) {
    // by name first (real file names); most fixtures are named after what they show (invalid.toml), so fall back to the format alone
    const f = largest(pred) ??
      (id === 'xml/template' ? largest((x) => x.format === 'xml' && x.templated)
        : id === 'toml/deployment' ? largest((x) => x.format === 'toml' && !x.templated && /\.toml$/i.test(x.name)) : undefined);
    if (f) out.push({ id, info: f, why });
  }
  return out;
}

/** A one-character change that alters the findings: a digit of validationInterval (30000 ↔ 20000), else of maxActive. */
function oneCharEdit(text: string): { alt: string; at: number; from: string; to: string } {
  // 30000 → 20000 keeps the finding but changes its message ("… less than 20 s ago …")
  for (const re of [/validationInterval(?:>|\s*[=:]\s*)(3)0000\b/, /validationInterval(?:>|\s*[=:]\s*)(\d)/, /maxActive(?:>|\s*[=:]\s*)(\d)/]) {
    const m = re.exec(text);
    if (m) {
      const at = m.index + m[0].indexOf(m[1], m[0].search(/[>=:]/));
      const from = text[at];
      const to = from === '2' ? '3' : '2';
      return { alt: text.slice(0, at) + to + text.slice(at + 1), at, from, to };
    }
  }
  const at = Math.floor(text.length / 2);
  return { alt: text.slice(0, at) + (text[at] === ' ' ? '\t' : ' ') + text.slice(at + 1), at, from: text[at], to: ' ' };
}

// ---------------------------------------------------------------------------------------------------
// Running cases in the worker

interface Pending {
  spec: CaseSpec;
  meta: Omit<LintCaseOut, 'bytes' | 'ms' | 'floorMs' | 'ratioToFloor' | 'peerMs' | 'ratioToPeer'>;
  capMs: number;
}

/** What was measured before a lint call had to be stopped (floor and peer run first). */
interface Partial {
  floorMs: number | null;
  peerMs: number | null;
  floorNote: string | null;
  peerNote: string | null;
}

interface CaseResult extends Partial, SummaryReply {
  bytes: number;
  ms: number;
  p25: number;
  p75: number;
  diag: { ms: number; p25: number; p75: number; ratioToFloor: number | null; ratioToPeer: number | null; ratioToLint: number | null } | null;
  ratioToFloor: number | null;
  ratioToPeer: number | null;
  rounds: number;
  calls: number;
}

interface Outcome {
  result: CaseResult | null;
  partial: Partial | null;
  timedOut: boolean;
}

class Timeout extends Error {}

/** A worker (bench/lintWorker.ts) behind a request/reply interface; a request can carry a time cap. */
class Client {
  private readonly w: Worker;
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  dead = false;

  constructor() {
    this.w = new Worker(path.join(__dirname, 'lintWorker.js'));
    this.w.on('message', (m: { id: number; ok: boolean; value?: unknown; error?: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.value);
      else p.reject(new Error(m.error));
    });
    const fail = (e: Error) => {
      this.dead = true;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    this.w.on('error', fail);
    this.w.on('exit', () => fail(new Error('worker exited')));
  }

  call<T>(req: Request, capMs?: number): Promise<T> {
    const id = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | null = null;
      this.pending.set(id, {
        resolve: (v) => {
          if (timer) clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          if (timer) clearTimeout(timer);
          reject(e);
        },
      });
      if (capMs !== undefined) {
        timer = setTimeout(() => {
          this.pending.delete(id);
          this.dead = true;
          void this.w.terminate();
          reject(new Timeout(`past the ${capMs} ms cap`));
        }, capMs);
      }
      this.w.postMessage({ id, req });
    });
  }

  async close(): Promise<void> {
    this.dead = true;
    await this.w.terminate();
  }
}

const batchSize = (est: number, batchMs: number) => Math.max(1, Math.min(100000, Math.round(batchMs / Math.max(est, 1e-4))));

/** One case: warm-ups (floor, peer, then lint), then rounds of lint, floor, peer batches; the lint calls are capped. */
async function measureCase(p: Pending, lint: Client, peerClient: () => Client, log: (m: string) => void): Promise<Outcome> {
  const spec = p.spec;
  const setup = await lint.call<SetupReply>({ type: 'setup', spec, role: 'lint' });
  let peer: Client | null = null;
  let peerNote = setup.peerNote;
  if (spec.peer) {
    peer = peerClient();
    const ps = await peer.call<SetupReply>({ type: 'setup', spec, role: 'peer' });
    if (ps.log) log(ps.log);
    if (ps.peerNote) {
      peerNote = ps.peerNote;
      peer = null;
    }
  }
  const fw = setup.floorNote ? null : await lint.call<WarmReply>({ type: 'warm', fn: 'floor', ms: spec.warmMs, maxCalls: 200 });
  const pw = peer ? await peer.call<WarmReply>({ type: 'warm', fn: 'peer', ms: spec.warmMs, maxCalls: spec.minRounds }) : null;
  if (pw?.peerErrors) peerNote = `taplo reports ${pw.peerErrors} error(s) on this file (it still parses all of it)`;
  const partial: Partial = { floorMs: fw ? median(fw.times) : null, peerMs: pw ? median(pw.times) : null, floorNote: setup.floorNote, peerNote };
  let lw: WarmReply;
  try {
    lw = await lint.call<WarmReply>({ type: 'warm', fn: 'lint', ms: spec.warmMs, maxCalls: 200 }, p.capMs);
  } catch (e) {
    if (e instanceof Timeout) return { result: null, partial, timedOut: true };
    throw e;
  }
  let dw: WarmReply;
  try {
    dw = await lint.call<WarmReply>({ type: 'warm', fn: 'diag', ms: spec.warmMs, maxCalls: 200 }, p.capMs);
  } catch (e) {
    if (e instanceof Timeout) return { result: null, partial, timedOut: true };
    throw e;
  }
  const kA = batchSize(lw.est, spec.batchMs);
  const kD = batchSize(dw.est, spec.batchMs);
  const kB = fw ? batchSize(fw.est, spec.batchMs) : 0;
  const kC = pw ? batchSize(pw.est, spec.batchMs) : 0;
  const A: number[] = [];
  const D: number[] = [];
  const B: number[] = [];
  const C: number[] = [];
  const start = performance.now();
  try {
    for (let round = 0; round < spec.maxRounds; round++) {
      if (round >= spec.minRounds && performance.now() - start >= spec.budgetMs) break;
      A.push(await lint.call<number>({ type: 'batch', fn: 'lint', k: kA }, p.capMs));
      D.push(await lint.call<number>({ type: 'batch', fn: 'diag', k: kD }, p.capMs));
      if (fw) B.push(await lint.call<number>({ type: 'batch', fn: 'floor', k: kB }));
      if (pw && peer) C.push(await peer.call<number>({ type: 'batch', fn: 'peer', k: kC }));
    }
  } catch (e) {
    if (e instanceof Timeout) return { result: null, partial, timedOut: true };
    throw e;
  }
  const summary = await lint.call<SummaryReply>({ type: 'summary' });
  const pairRatio = (X: number[], Y: number[] = A) => (X.length === Y.length && X.length ? median(Y.map((a, i) => a / X[i])) : null);
  return {
    timedOut: false,
    partial,
    result: {
      ...partial,
      ...summary,
      bytes: Buffer.byteLength(spec.text),
      ms: median(A),
      p25: quantile(A, 0.25),
      p75: quantile(A, 0.75),
      floorMs: B.length ? median(B) : partial.floorMs,
      peerMs: C.length ? median(C) : partial.peerMs,
      ratioToFloor: pairRatio(B),
      ratioToPeer: pairRatio(C),
      diag: D.length
        ? { ms: median(D), p25: quantile(D, 0.25), p75: quantile(D, 0.75), ratioToFloor: pairRatio(B, D), ratioToPeer: pairRatio(C, D), ratioToLint: pairRatio(A, D) }
        : null,
      rounds: A.length,
      calls: A.length * kA,
    },
  };
}

/** Run the cases in order; a lint worker stopped at the cap is replaced for the next case. */
async function runCases(pending: Pending[], log: (m: string) => void): Promise<Map<string, Outcome>> {
  const out = new Map<string, Outcome>();
  let lint = new Client();
  let peer: Client | null = null;
  const peerClient = () => (peer && !peer.dead ? peer : (peer = new Client()));
  try {
    for (const p of pending) {
      if (lint.dead) lint = new Client();
      log(`lint ${p.spec.id} …`);
      const oc = await measureCase(p, lint, peerClient, log);
      if (oc.timedOut) log(`lint ${p.spec.id}: a lint call ran past the ${p.capMs} ms cap; stopped`);
      out.set(p.spec.id, oc);
    }
  } finally {
    await lint.close();
    if (peer) await (peer as Client).close();
  }
  return out;
}

function fit(points: { bytes: number; ms: number }[]): number | null {
  if (points.length < 2) return null;
  const xs = points.map((p) => Math.log(p.bytes));
  const ys = points.map((p) => Math.log(p.ms));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den ? num / den : null;
}

// ---------------------------------------------------------------------------------------------------

export async function runLintSection(o: LintOptions): Promise<LintSection> {
  const cdir = corpusDir();
  let files: FileInfo[];
  let corpus: LintSection['corpus'];
  if (cdir) {
    files = fs.readdirSync(cdir).filter((f) => !/\.tsv$/.test(f)).map((f) => readInfo(path.join(cdir, f)));
    corpus = { dir: cdir, fallback: false, note: `real files from ${cdir}` };
  } else {
    const fx = path.join(ROOT, 'test', 'fixtures');
    files = fs.existsSync(fx) ? walk(fx).filter((f) => /\.(xml|toml|ya?ml|j2|jinja2?|erb|gsp|tmpl|tpl|template)$/i.test(f)).map(readInfo) : [];
    corpus = {
      dir: null, fallback: true,
      note: `the real-file corpus (../shared/corpus or $AURORA_GUARD_BENCH_CORPUS) is not here: using the project's own fixtures under test/fixtures instead (smaller than real files)`,
    };
    o.log(`NOTE: ${corpus.note}`);
  }
  files = files.filter((f) => f.format !== null);

  const q = o.quick;
  const small = { budgetMs: q ? 400 : 1500, minRounds: q ? 5 : 9, maxRounds: 60, batchMs: 20, warmMs: q ? 100 : 300 };
  const pending: Pending[] = [];
  const metaBase = (kind: LintCaseOut['kind'], bytes: number, source: string, format: Format, peer: boolean) => ({
    kind, sizeClass: sizeClass(bytes), source,
    floor: format === 'xml' ? 'fast-xml-parser XMLValidator.validate' : format === 'yaml' ? 'yaml parseAllDocuments (keepSourceTokens)' : 'smol-toml parse',
    peer: peer ? '@taplo/lib lint (empty schema)' : null,
  });

  for (const { id, info, why } of pickReal(files)) {
    // taplo is the peer for TOML files; a YAML ConfigMap is not one (taplo would lint YAML as TOML)
    const peer = info.format === 'toml' && !/\.ya?ml$/i.test(info.name);
    pending.push({
      spec: { id, format: info.format!, fileName: info.name, text: info.text, peer, ...small },
      meta: { ...metaBase('real', info.bytes, `${path.relative(ROOT, info.file).startsWith('..') ? info.file : path.relative(ROOT, info.file)} (${why})`, info.format!, peer), target: '≤ 2 ms median' },
      capMs: 20000,
    });
  }

  // Incremental editing: one character changed in a 32 KiB file, then lintText on the new text (core only).
  for (const format of ['xml', 'toml'] as const) {
    const text = format === 'xml' ? syntheticXml(32 * KiB) : syntheticToml(32 * KiB);
    const e = oneCharEdit(text);
    pending.push({
      spec: { id: `${format}/incremental-32KiB`, format, fileName: format === 'xml' ? 'master-datasources.xml' : 'deployment.toml', text, altText: e.alt, peer: false, ...small, minRounds: q ? 3 : 7 },
      meta: {
        ...metaBase('incremental', Buffer.byteLength(text), `synthetic ${format.toUpperCase()} (bench/synthetic.ts, seed 20251125); calls alternate between the text and the text with '${e.from}'→'${e.to}' at offset ${e.at}; the floor parses the same two texts`, format, false),
        target: '≤ 2 ms (one-character change → new findings, core only)',
      },
      capMs: 20000,
    });
  }

  // Growth with size (same generator): the shape of the curve says whether the 1 MiB time is linear.
  const scalingSizes = [16 * KiB, 32 * KiB, 64 * KiB];
  for (const format of ['xml', 'toml'] as const) {
    for (const size of scalingSizes) {
      const text = format === 'xml' ? syntheticXml(size) : syntheticToml(size);
      pending.push({
        spec: { id: `scaling:${format}:${size}`, format, fileName: format === 'xml' ? 'master-datasources.xml' : 'deployment.toml', text, peer: false, budgetMs: q ? 100 : 300, minRounds: q ? 3 : 5, maxRounds: 15, batchMs: 20, warmMs: q ? 100 : 300 },
        meta: { ...metaBase('synthetic', Buffer.byteLength(text), 'scaling point', format, false) },
        capMs: 20000,
      });
    }
  }

  // Sweep: every real file (lint and floor interleaved, few rounds): the "real files ≤ 2 ms" target is about all of them.
  const sweepFiles = cdir ? files : files.slice(0, 40);
  for (const f of sweepFiles) {
    pending.push({
      spec: { id: `sweep:${f.name}`, format: f.format!, fileName: f.name, text: f.text, peer: false, budgetMs: q ? 20 : 60, minRounds: 5, maxRounds: 15, batchMs: 4, warmMs: q ? 10 : 30 },
      meta: { ...metaBase('real', f.bytes, f.file, f.format!, false) },
      capMs: 20000,
    });
  }

  // Synthetic 1 MiB, TOML before XML (a stop restarts the worker; the last case then needs no taplo reload).
  for (const format of ['toml', 'xml'] as const) {
    const text = format === 'xml' ? syntheticXml(MiB) : syntheticToml(MiB);
    const peer = format === 'toml';
    pending.push({
      spec: {
        id: `${format}/synthetic-1MiB`, format, fileName: format === 'xml' ? 'master-datasources.xml' : 'deployment.toml', text, peer,
        budgetMs: q ? 0 : 4000, minRounds: q ? 1 : 3, maxRounds: 7, batchMs: 0, warmMs: 0,
      },
      meta: {
        ...metaBase('synthetic', Buffer.byteLength(text), `synthetic ${format === 'xml' ? 'Carbon master-datasources.xml' : 'APIM 4.x deployment.toml'} with many datasources (bench/synthetic.ts, seed 20251125)`, format, peer),
        target: peer ? '≤ 2× floor; ≥ 10× faster than taplo' : '≤ 2× floor',
      },
      capMs: o.capMs,
    });
  }

  const t0 = performance.now();
  const outcomes = await runCases(pending, o.log);
  o.log(`lint section: ${Math.round((performance.now() - t0) / 1000)} s`);

  const cases: Record<string, LintCaseOut> = {};
  const scaling = new Map<Format, { bytes: number; ms: number }[]>();
  const sweepRows: { file: string; bytes: number; ms: number; findings: number }[] = [];
  for (const p of pending) {
    const oc = outcomes.get(p.spec.id);
    const res = oc?.result ?? null;
    if (p.spec.id.startsWith('scaling:')) {
      if (res) (scaling.get(p.spec.format) ?? scaling.set(p.spec.format, []).get(p.spec.format)!).push({ bytes: res.bytes, ms: res.ms });
      continue;
    }
    if (p.spec.id.startsWith('sweep:')) {
      if (res) sweepRows.push({ file: p.spec.fileName, bytes: res.bytes, ms: res.ms, findings: res.findings });
      continue;
    }
    const part = res ?? oc?.partial ?? null;
    const c: LintCaseOut = {
      bytes: Buffer.byteLength(p.spec.text),
      ms: r3(res?.ms),
      floorMs: r3(part?.floorMs),
      ratioToFloor: r3(res?.ratioToFloor),
      peerMs: r3(part?.peerMs),
      ratioToPeer: r3(res?.ratioToPeer),
      ...p.meta,
      floorNote: part?.floorNote ?? null,
      peerNote: part?.peerNote ?? null,
    };
    if (res) {
      Object.assign(c, {
        rounds: res.rounds, calls: res.calls, p25Ms: r3(res.p25), p75Ms: r3(res.p75), findings: res.findings, fixes: res.fixes,
        datasources: res.datasources, parseError: res.parseError, noisy: res.p75 > 2 * res.p25,
      });
      if (res.diag) {
        const d = res.diag;
        c.diagnostics = { ms: r3(d.ms), p25Ms: r3(d.p25), p75Ms: r3(d.p75), ratioToFloor: r3(d.ratioToFloor), ratioToPeer: r3(d.ratioToPeer), ratioToLint: r3(d.ratioToLint), noisy: d.p75 > 2 * d.p25 };
      }
      if (res.findingsChanged !== undefined) c.findingsChanged = res.findingsChanged;
    }
    if (oc?.timedOut) {
      c.timedOut = true;
      c.msAtLeast = p.capMs;
      if (part?.floorMs) c.floorNote = `${c.floorNote ? c.floorNote + '; ' : ''}ratio not measured: lint ran past the cap; it is at least ${Math.round(p.capMs / part.floorMs)}× the floor`;
    }
    if (!oc) c.floorNote = 'not run';
    cases[p.spec.id] = c;
  }
  // scaling attached to the 1 MiB cases
  for (const [format, pts] of scaling) {
    const id = `${format}/synthetic-1MiB`;
    const c = cases[id];
    if (!c) continue;
    // the 1 MiB point itself when it was measured; else a projection from the two largest points
    const sorted = [...pts, ...(c.ms !== null ? [{ bytes: c.bytes, ms: c.ms }] : [])].sort((a, b) => a.bytes - b.bytes);
    const k = fit(sorted);
    const two = pts.sort((a, b) => a.bytes - b.bytes).slice(-2);
    const kLocal = fit(two);
    const projected = c.timedOut && kLocal !== null ? two[1].ms * (c.bytes / two[1].bytes) ** kLocal : null;
    c.scaling = {
      points: sorted.map((x) => ({ bytes: x.bytes, ms: r3(x.ms)! })),
      exponent: r3(k),
      projectedMs: r3(projected),
      note: `lint time ∝ bytes^${r3(k)} over ${sorted.map((x) => Math.round(x.bytes / KiB) + ' KiB').join(', ')} (same generator; 1 = linear)` +
        (projected !== null ? `; extrapolated from ${Math.round(two[0].bytes / KiB)}→${Math.round(two[1].bytes / KiB)} KiB (∝ bytes^${r3(kLocal)}) to ${Math.round(c.bytes / KiB)} KiB: ~${Math.round(projected / 1000)} s (not a measurement)` : ''),
    };
  }

  // targets: real files and 1 MiB on lint (parse + rules + fixes, the definition); the incremental one on
  // what the editor runs after a keystroke (the issue: "→ new diagnostics"), i.e. the diagnostics path
  for (const c of Object.values(cases)) {
    if (c.kind === 'incremental') {
      c.judgedOn = 'diagnostics';
      const ms = c.diagnostics?.ms ?? null;
      c.met = ms === null ? false : ms <= 2;
      continue;
    }
    c.judgedOn = 'lint';
    if (c.kind === 'real') c.met = c.ms === null ? false : c.ms <= 2;
    else if (c.kind === 'synthetic') {
      const floorOk = c.ratioToFloor !== null ? c.ratioToFloor <= 2 : c.timedOut ? false : null;
      let peerOk: boolean | null = true;
      if (c.peer) {
        if (c.ratioToPeer !== null) peerOk = c.ratioToPeer <= 0.1;
        else if (c.timedOut && c.peerMs !== null && c.msAtLeast! > c.peerMs / 10) peerOk = false; // lint ≥ cap > peer/10
        else peerOk = null;
      }
      c.met = floorOk === false || peerOk === false ? false : floorOk === null || peerOk === null ? null : true;
    }
  }

  let sweep: SweepOut | null = null;
  if (sweepRows.length) {
    const ms = sweepRows.map((r) => r.ms);
    const max = sweepRows.reduce((a, b) => (b.ms > a.ms ? b : a));
    sweep = {
      source: corpus.fallback ? 'test/fixtures (fallback)' : corpus.dir!,
      files: sweepRows.length,
      medianMs: r3(median(ms)),
      maxMs: r3(max.ms),
      maxFile: max.file,
      over2ms: sweepRows.filter((r) => r.ms > 2).sort((a, b) => b.ms - a.ms).map((r) => ({ ...r, ms: r3(r.ms)! })),
      note: 'every file of the corpus that is XML or TOML (by name or content), lintText median of ≥5 rounds after a warm-up',
    };
  }
  return { corpus, cases, sweep };
}
