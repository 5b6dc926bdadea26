// The validation-query lab: run each candidate query N times on the writer and on a reader endpoint and
// measure what a Tomcat pool would see. Tomcat ignores the result set and fails validation only when the
// statement throws, so a candidate lets the pool evict a connection that landed on a reader exactly when it
// passes on the writer and raises on the reader.
import { performance } from 'node:perf_hooks';
import { ROLE_AWARE_VALIDATION_QUERY } from '../knowledge/validationQueries';
import { ProbeError } from './errors';
import { ProbeSession, type ProbeConnection } from './connection';
import type { EndpointOptions } from './endpoint';
import { identifyOn, type Flavor, type Role } from './identify';
import { checkReadOnlySelect } from './sqlSafety';
import { percentile } from './stats';

export type EndpointKind = 'writer' | 'reader';

export interface LabCandidate {
  sql: string;
  /** builtin: one of the lab's own; file: the datasource's validationQuery. */
  source: 'builtin' | 'file';
}

export const BUILTIN_CANDIDATES: readonly string[] = [
  'SELECT 1',
  'SELECT connection_id()',
  '/* ping */ SELECT 1',
  ROLE_AWARE_VALIDATION_QUERY,
];

export interface LabOptions {
  writer: EndpointOptions;
  /** The reader endpoint (`cluster-ro-…`), or the read-only instance in tests. */
  reader?: EndpointOptions;
  /** Runs per candidate and endpoint (default 20). */
  runs?: number;
  /** The config file's validationQuery: runs only if it is a single read-only SELECT. */
  fileValidationQuery?: string | null;
  signal?: AbortSignal;
}

export interface LabMeasurement {
  sql: string;
  source: 'builtin' | 'file';
  endpoint: EndpointKind;
  /** Every run succeeded. */
  ok: boolean;
  runs: number;
  failures: number;
  /** MySQL errno of the first failure (e.g. 1242), else the driver/probe code (e.g. PROBE_QUERY_TIMEOUT); null if none. */
  errorCode: number | string | null;
  errorMessage: string | null;
  /** Latency over completed runs (passed or raised), fractional ms; null when no run completed. */
  p50Ms: number | null;
  p95Ms: number | null;
  maxMs: number | null;
}

export interface LabEndpointInfo {
  endpoint: EndpointKind;
  role: Role;
  serverId: string;
  flavor: Flavor;
  version: string;
}

export interface LabCandidateVerdict {
  sql: string;
  source: 'builtin' | 'file';
  /** true: passes on the writer, raises on the reader (a pool evicts reader connections); false: passes on both; null: not measured on a reader or inconclusive. */
  evictsReaderConnections: boolean | null;
  why: string;
}

export interface LabResult {
  endpoints: LabEndpointInfo[];
  measurements: LabMeasurement[];
  /** The file's validationQuery when it was not run, with the reason. */
  refused: { sql: string; reason: string }[];
  /** An endpoint that could not be measured (the reader: the writer's results still stand). */
  errors: { endpoint: EndpointKind; code: string; message: string }[];
  verdict: { candidates: LabCandidateVerdict[]; text: string };
}

/** The candidates to run, and the file query if it was refused. */
export function labCandidates(fileValidationQuery?: string | null): {
  candidates: LabCandidate[];
  refused: { sql: string; reason: string }[];
} {
  const candidates: LabCandidate[] = BUILTIN_CANDIDATES.map((sql) => ({ sql, source: 'builtin' as const }));
  const refused: { sql: string; reason: string }[] = [];
  if (fileValidationQuery !== undefined && fileValidationQuery !== null) {
    const check = checkReadOnlySelect(fileValidationQuery);
    if (!check.ok) refused.push({ sql: fileValidationQuery, reason: check.reason });
    else if (!candidates.some((c) => c.sql === check.sql)) candidates.push({ sql: check.sql, source: 'file' });
  }
  return { candidates, refused };
}

const errorCodeOf = (e: ProbeError): number | string => e.errno ?? e.code;
const round3 = (n: number | null) => (n === null ? null : Math.round(n * 1000) / 1000);

async function measureEndpoint(
  session: ProbeSession,
  ep: EndpointOptions,
  kind: EndpointKind,
  candidates: LabCandidate[],
  runs: number,
  signal?: AbortSignal,
): Promise<{ info: LabEndpointInfo; measurements: LabMeasurement[] }> {
  let conn: ProbeConnection = await session.connect(ep, { signal });
  const id = await identifyOn(conn, { signal });
  const lat = candidates.map(() => [] as number[]);
  const fail = candidates.map(() => ({ n: 0, first: null as ProbeError | null }));
  try {
    // round-robin so warm-up and noise are shared fairly between candidates
    for (let r = 0; r < runs; r++) {
      for (let k = 0; k < candidates.length; k++) {
        if (!conn.alive) conn = await session.connect(ep, { signal });
        const t0 = performance.now();
        try {
          const res = await conn.query(candidates[k].sql, { signal });
          lat[k].push(res.ms);
        } catch (e) {
          const pe =
            e instanceof ProbeError
              ? e
              : new ProbeError({ code: 'UNKNOWN', op: 'query', endpoint: conn.endpoint, message: 'query failed' });
          if (pe.code === 'PROBE_ABORTED') throw pe;
          if (!pe.fatal) lat[k].push(performance.now() - t0); // a server error is a completed round trip
          fail[k].n++;
          fail[k].first ??= pe;
        }
      }
    }
  } finally {
    await conn.close();
  }
  return {
    info: { endpoint: kind, role: id.role, serverId: id.serverId, flavor: id.flavor, version: id.version },
    measurements: candidates.map((c, k) => {
      const a = [...lat[k]].sort((x, y) => x - y);
      return {
        sql: c.sql,
        source: c.source,
        endpoint: kind,
        ok: fail[k].n === 0,
        runs,
        failures: fail[k].n,
        errorCode: fail[k].first ? errorCodeOf(fail[k].first!) : null,
        errorMessage: fail[k].first ? fail[k].first!.message : null,
        p50Ms: round3(percentile(a, 0.5)),
        p95Ms: round3(percentile(a, 0.95)),
        maxMs: round3(a.length ? a[a.length - 1] : null),
      };
    }),
  };
}

/** Judge each candidate from its measurements. */
export function labVerdict(
  measurements: LabMeasurement[],
  endpoints: LabEndpointInfo[],
): { candidates: LabCandidateVerdict[]; text: string } {
  const readerInfo = endpoints.find((e) => e.endpoint === 'reader');
  const sqls = [...new Map(measurements.map((m) => [m.sql, m.source])).entries()];
  const candidates = sqls.map(([sql, source]): LabCandidateVerdict => {
    const w = measurements.find((m) => m.sql === sql && m.endpoint === 'writer');
    const r = measurements.find((m) => m.sql === sql && m.endpoint === 'reader');
    if (!w || !w.ok) {
      return {
        sql,
        source,
        evictsReaderConnections: null,
        why: `fails on the writer (${w?.errorCode ?? 'not run'}): unusable as a validation query`,
      };
    }
    if (!r) return { sql, source, evictsReaderConnections: null, why: 'passes on the writer; no reader endpoint measured' };
    if (readerInfo && readerInfo.role !== 'reader') {
      return { sql, source, evictsReaderConnections: null, why: `the "reader" endpoint answered as a ${readerInfo.role}: inconclusive` };
    }
    if (r.ok)
      return {
        sql,
        source,
        evictsReaderConnections: false,
        why: 'passes on the reader too: a pool keeps connections to a reader or demoted writer',
      };
    if (r.failures === r.runs && typeof r.errorCode === 'number') {
      return {
        sql,
        source,
        evictsReaderConnections: true,
        why: `raises ${r.errorCode} on the reader and passes on the writer: a pool evicts reader connections`,
      };
    }
    return {
      sql,
      source,
      evictsReaderConnections: null,
      why: `failed ${r.failures}/${r.runs} on the reader (${r.errorCode}): inconclusive`,
    };
  });
  const evicts = candidates.filter((c) => c.evictsReaderConnections === true).map((c) => `\`${c.sql}\``);
  const keeps = candidates.filter((c) => c.evictsReaderConnections === false).map((c) => `\`${c.sql}\``);
  const text = !readerInfo
    ? 'No reader endpoint measured: give one to see which validation queries evict reader connections.'
    : [
        evicts.length
          ? `Evicts connections that landed on a reader: ${evicts.join(', ')}.`
          : 'No candidate evicts connections that landed on a reader.',
        keeps.length ? `Keeps them (liveness only): ${keeps.join(', ')}.` : '',
      ]
        .filter(Boolean)
        .join(' ');
  return { candidates, text };
}

/** Run the lab. Sequential on at most two connections; cancel with `signal`. */
export async function runValidationLab(opts: LabOptions): Promise<LabResult> {
  const runs = Math.max(1, Math.min(1000, Math.floor(opts.runs ?? 20)));
  const { candidates, refused } = labCandidates(opts.fileValidationQuery);
  const session = new ProbeSession({ maxConnections: 2, signal: opts.signal });
  try {
    const w = await measureEndpoint(session, opts.writer, 'writer', candidates, runs, opts.signal);
    const errors: LabResult['errors'] = [];
    let r: Awaited<ReturnType<typeof measureEndpoint>> | null = null;
    if (opts.reader) {
      try {
        r = await measureEndpoint(session, opts.reader, 'reader', candidates, runs, opts.signal);
      } catch (e) {
        // the writer's figures still stand; say why the reader has none (a cancel still cancels)
        if (!(e instanceof ProbeError) || e.code === 'PROBE_ABORTED') throw e;
        errors.push({ endpoint: 'reader', code: e.code, message: e.message });
      }
    }
    const endpoints = r ? [w.info, r.info] : [w.info];
    const measurements = r ? [...w.measurements, ...r.measurements] : w.measurements;
    const verdict = labVerdict(measurements, endpoints);
    if (errors.length) verdict.text = `The reader endpoint could not be measured: ${errors[0].message}`;
    return { endpoints, measurements, refused, errors, verdict };
  } finally {
    await session.close();
  }
}
