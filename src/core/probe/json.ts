// The JSON shapes `aurora-guard probe --format json` prints: a contract read by outside tooling. Keys listed
// in the issue come first and are always present (null when unknown); extra keys may follow.
import type { ServerIdentity, Role } from './identify';
import type { LabResult } from './validationLab';
import type { WatchEvent, WatchSummary } from './watch';

export interface OneShotJson {
  server: { version: string; flavor: 'aurora' | 'mysql' | 'mariadb'; role: Role; serverId: string; maxConnections: number | null };
  /** Aurora: the cluster's instances (replica_host_status); elsewhere the servers the probe reached (writer endpoint, reader endpoint). */
  instances: { serverId: string; role: Role }[];
  queries: {
    sql: string;
    endpoint: 'writer' | 'reader';
    ok: boolean;
    errorCode: number | string | null;
    p50Ms: number | null;
    p95Ms: number | null;
    maxMs: number | null;
  }[];
  /** The lab's verdict in one sentence (extra). */
  verdict?: string;
  /** The file's validationQuery when refused, with the reason (extra). */
  refused?: { sql: string; reason: string }[];
}

/** One-shot result: identify (+ the reader endpoint's identity) and the validation-query lab. */
export function oneShotJson(server: ServerIdentity, lab?: LabResult | null, reader?: ServerIdentity | null): OneShotJson {
  const instances = server.instances.length
    ? server.instances.map((i) => ({ serverId: i.serverId, role: i.role }))
    : [server, ...(reader ? [reader] : [])]
        .filter((s, i, a) => a.findIndex((x) => x.serverId === s.serverId) === i)
        .map((s) => ({ serverId: s.serverId, role: s.role }));
  const out: OneShotJson = {
    server: {
      version: server.version,
      flavor: server.flavor,
      role: server.role,
      serverId: server.serverId,
      maxConnections: server.maxConnections,
    },
    instances,
    queries: (lab?.measurements ?? []).map((m) => ({
      sql: m.sql,
      endpoint: m.endpoint,
      ok: m.ok,
      errorCode: m.errorCode,
      p50Ms: m.p50Ms,
      p95Ms: m.p95Ms,
      maxMs: m.maxMs,
    })),
  };
  if (lab) out.verdict = lab.verdict.text;
  if (lab?.refused.length) out.refused = lab.refused;
  return out;
}

/** A watch event in contract order: t, type, channel, code, role, serverId, then the extras that are set. */
export function watchEventJson(e: WatchEvent): Record<string, unknown> {
  const { t, type, channel, code, role, serverId, ...rest } = e;
  const out: Record<string, unknown> = { t, type, channel, code: code ?? null, role: role ?? null, serverId: serverId ?? null };
  for (const [k, v] of Object.entries(rest)) if (v !== undefined) out[k] = v;
  return out;
}

/** The summary line: the issue's keys, with staleDnsMs and pooledPinnedMs (extras, null when DNS was not resolved) next to staleRoleMs. */
export function summaryJson(s: WatchSummary): Record<string, unknown> {
  return {
    type: 'summary',
    downtimeMs: s.downtimeMs,
    timeToWritableMs: s.timeToWritableMs,
    staleRoleMs: s.staleRoleMs,
    staleDnsMs: s.staleDnsMs ?? null,
    pooledPinnedMs: s.pooledPinnedMs ?? null,
    verdict: s.verdict,
  };
}

/** One line of `--watch --format json` output. */
export function jsonLine(x: WatchEvent | WatchSummary): string {
  return JSON.stringify('verdict' in x ? summaryJson(x) : watchEventJson(x));
}

/** One human line for `--format text` and the output channel: "  1.234 s  fresh   role-changed  writer → reader (server 2)". */
export function eventText(e: WatchEvent): string {
  const t = `${(e.t / 1000).toFixed(3).padStart(8)} s`;
  const what =
    e.type === 'role-changed'
      ? `${e.from ?? '?'} → ${e.role ?? '?'}`
      : e.type === 'server-changed'
        ? `server ${e.from ?? '?'} → ${e.serverId ?? '?'}`
        : e.type === 'dns-changed'
          ? `${e.cname ? `${e.cname} ` : ''}[${(e.addresses ?? []).join(', ')}]`
          : e.type === 'stale-address'
            ? `still on ${e.address ?? '?'}${e.serverId ? ` (server ${e.serverId})` : ''}, DNS now ${e.cname ? `${e.cname} ` : ''}[${(e.addresses ?? []).join(', ')}]`
            : e.code
              ? `${e.code}${e.attempt !== undefined ? ` (attempt ${e.attempt}${e.nextRetryMs != null ? `, next in ${e.nextRetryMs} ms` : ''})` : ''}`
              : `${e.role ?? ''}${e.serverId ? ` (server ${e.serverId})` : ''}${e.type === 'connected' && e.address ? ` at ${e.address}` : ''}`;
  return `${t}  ${e.channel.padEnd(6)}  ${e.type.padEnd(15)} ${what}`.trimEnd();
}
