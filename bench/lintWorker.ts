// Worker thread for the lint section: runs one of lint / floor / peer on request and times it. Two of these run
// side by side (never at the same time): one for lintText and the floor parser, one for the taplo peer. The peer
// has its own thread because @taplo/lib brings 35 MB of code and a WASM heap: in the lint thread's heap, every
// major GC during a lint batch would have to mark all of it. The main thread drives the rounds (lint, floor, peer,
// lint, floor, peer, …) and can terminate a worker whose lint call runs past a cap (a synchronous call cannot be
// interrupted from inside).
import { parentPort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { XMLValidator } from 'fast-xml-parser';
import { parseAllDocuments } from 'yaml';
import { lintText } from '../src/core/lint';
import { resolveOptions } from '../src/core/config/options';

export type Format = 'xml' | 'toml' | 'yaml';
/** lint = parse + all rules + every fix (the definition); diag = the editor's path: the same findings, fixes not built. */
export type Fn = 'lint' | 'diag' | 'floor' | 'peer';

export interface CaseSpec {
  id: string;
  format: Format;
  /** Name given to lintText (decides the parser and template handling, as in the editor). */
  fileName: string;
  text: string;
  /** Incremental case: the same text with one character changed; calls alternate between the two. */
  altText?: string;
  peer: boolean;
  /** Keep taking rounds until this much time has passed (and at least minRounds). */
  budgetMs: number;
  minRounds: number;
  maxRounds: number;
  /** Each timed batch runs about this long (batches of several calls for fast cases). */
  batchMs: number;
  /** Warm-up per function before timing starts. */
  warmMs: number;
}

export type Request =
  | { type: 'setup'; spec: CaseSpec; role: 'lint' | 'peer' }
  | { type: 'warm'; fn: Fn; ms: number; maxCalls: number }
  | { type: 'batch'; fn: Fn; k: number }
  | { type: 'summary' };

export interface SetupReply {
  floorNote: string | null;
  peerNote: string | null;
  log?: string;
}
export interface WarmReply {
  est: number;
  times: number[];
  peerErrors?: number;
}
export interface SummaryReply {
  findings: number;
  datasources: number;
  fixes: number;
  parseError: string | null;
  internalErrors: number;
  findingsChanged?: boolean;
}

// smol-toml ships CJS and ESM builds; this CommonJS code loads the CJS one (same as src/core/parse/toml).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const smol = require('smol-toml') as { parse: (s: string) => unknown };

interface TaploLike {
  lint(toml: string, options?: unknown): Promise<{ errors: { error: string }[] }>;
}
let taplo: TaploLike | null | undefined;
let taploNote: string | null = null;
/**
 * The peer: @taplo/lib 0.5.0's lint. Its lint of a VALID document without a schema ends in the Rust `todo!()` at
 * the end of taplo-wasm's lint() (a panic that aborts the WASM instance), so it gets an empty JSON schema
 * (`{}`, served from memory): that is parse + DOM + semantic validation + a schema pass that checks nothing.
 */
const TAPLO_LINT_OPTIONS = { config: { schema: { url: 'file:///aurora-guard-bench/empty-schema.json', enabled: true } } };

async function loadTaplo(): Promise<{ taplo: TaploLike | null; log?: string }> {
  if (taplo !== undefined) return { taplo };
  try {
    const t0 = performance.now();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Taplo } = require('@taplo/lib') as { Taplo: { initialize(env?: unknown): Promise<TaploLike> } };
    const enc = new TextEncoder();
    const env = {
      cwd: () => '/',
      envVar: () => undefined,
      envVars: () => [],
      findConfigFile: () => undefined,
      glob: () => [],
      isAbsolute: () => true,
      now: () => new Date(),
      readFile: async () => enc.encode('{}'),
      writeFile: () => Promise.reject(new Error('read-only')),
      stderr: async (b: Uint8Array) => b.length,
      stdErrAtty: () => false,
      stdin: () => Promise.reject(new Error('no stdin')),
      stdout: async (b: Uint8Array) => b.length,
      urlToFilePath: (u: string) => u.replace(/^file:\/\//, ''),
    };
    taplo = await Taplo.initialize(env);
    return {
      taplo,
      log: `@taplo/lib loaded and initialised in ${Math.round(performance.now() - t0)} ms (in its own worker, outside the timed region)`,
    };
  } catch (e) {
    taplo = null;
    taploNote = `@taplo/lib unavailable: ${(e as Error).message}`;
    return { taplo };
  }
}

/** Does the floor parser accept the text? (A template is not XML/TOML: then there is no full-parse floor.) */
function floorVerdict(format: Format, text: string): string | null {
  if (format === 'xml') {
    const v = XMLValidator.validate(text);
    return v === true ? null : `fast-xml-parser's validator rejects the text at ${v.err.line}:${v.err.col} (${v.err.msg})`;
  }
  if (format === 'yaml') {
    const docs = parseAllDocuments(text);
    const err = Array.isArray(docs) ? docs.flatMap((d) => d.errors)[0] : undefined;
    return err ? `the yaml package rejects the text: ${err.message.split('\n')[0]}` : null;
  }
  try {
    smol.parse(text);
    return null;
  } catch (e) {
    return `smol-toml rejects the text: ${String((e as Error).message).split('\n')[0]}`;
  }
}

const fns: Partial<Record<Fn, () => unknown>> = {};
let spec: CaseSpec | null = null;
let last: ReturnType<typeof lintText> | null = null;
const findingsKey = (r: ReturnType<typeof lintText>) =>
  JSON.stringify(r.findings.map((f) => [f.ruleId, f.span.start, f.span.end, f.message]));

async function handle(req: Request): Promise<unknown> {
  switch (req.type) {
    case 'setup': {
      spec = req.spec;
      const s = req.spec;
      for (const k of Object.keys(fns) as Fn[]) delete fns[k];
      const texts = s.altText !== undefined ? [s.text, s.altText] : [s.text];
      if (req.role === 'peer') {
        const { taplo: t, log } = await loadTaplo();
        if (t) fns.peer = () => t.lint(s.text, TAPLO_LINT_OPTIONS);
        return { floorNote: null, peerNote: t ? null : taploNote, log } satisfies SetupReply;
      }
      const opts = resolveOptions();
      let li = 0;
      let di = 0;
      let fi = 0;
      fns.lint = () => (last = lintText(s.fileName, texts[li++ % texts.length], opts));
      fns.diag = () => lintText(s.fileName, texts[di++ % texts.length], opts, { fixes: 'lazy' });
      const floorNote = floorVerdict(s.format, s.text) ?? (s.altText !== undefined ? floorVerdict(s.format, s.altText) : null);
      if (!floorNote) {
        fns.floor =
          s.format === 'xml'
            ? () => XMLValidator.validate(texts[fi++ % texts.length])
            : s.format === 'yaml'
              ? () => parseAllDocuments(texts[fi++ % texts.length], { keepSourceTokens: true })
              : () => smol.parse(texts[fi++ % texts.length]);
      }
      const peerNote = s.format !== 'toml' ? `no peer defined for ${s.format.toUpperCase()} (the issue names a peer for TOML only)` : null;
      return { floorNote, peerNote } satisfies SetupReply;
    }
    case 'warm': {
      const fn = fns[req.fn];
      if (!fn) throw new Error(`no ${req.fn} in this worker`);
      const times: number[] = [];
      const end = performance.now() + req.ms;
      let r: unknown;
      do {
        const t = performance.now();
        r = await fn();
        times.push(performance.now() - t);
      } while (performance.now() < end && times.length < req.maxCalls);
      const late = times.slice(Math.floor(times.length / 2));
      const out: WarmReply = { est: late.reduce((a, b) => a + b, 0) / late.length, times };
      if (req.fn === 'peer') out.peerErrors = (r as { errors?: unknown[] } | undefined)?.errors?.length ?? 0;
      return out;
    }
    case 'batch': {
      const fn = fns[req.fn];
      if (!fn) throw new Error(`no ${req.fn} in this worker`);
      const t = performance.now();
      if (req.fn === 'peer') for (let i = 0; i < req.k; i++) await fn();
      else for (let i = 0; i < req.k; i++) fn();
      return (performance.now() - t) / req.k;
    }
    case 'summary': {
      const s = spec!;
      const r = last;
      const out: SummaryReply = {
        findings: r?.findings.length ?? 0,
        datasources: r?.doc.datasources.length ?? 0,
        fixes: r?.findings.reduce((n, f) => n + f.fixes.length, 0) ?? 0,
        parseError: r?.doc.parseError?.message ?? null,
        internalErrors: r?.internalErrors.length ?? 0,
      };
      if (s.altText !== undefined) {
        const opts = resolveOptions();
        out.findingsChanged = findingsKey(lintText(s.fileName, s.text, opts)) !== findingsKey(lintText(s.fileName, s.altText, opts));
      }
      return out;
    }
  }
}

parentPort!.on('message', async (m: { id: number; req: Request }) => {
  try {
    parentPort!.postMessage({ id: m.id, ok: true, value: await handle(m.req) });
  } catch (e) {
    parentPort!.postMessage({ id: m.id, ok: false, error: String((e as Error)?.stack ?? e) });
  }
});
