// What is behind an endpoint: MySQL, MariaDB or Aurora MySQL; writer or reader; which instance; and on
// Aurora the cluster's instances and its writer. Every Aurora-only query degrades to "not Aurora" on a
// server that doesn't know it (ER_UNKNOWN_SYSTEM_VARIABLE 1193, ER_UNKNOWN_TABLE 1109, …).
import { ProbeError } from './errors';
import { ProbeSession, type ProbeConnection, type Row } from './connection';
import type { EndpointOptions } from './endpoint';

export type Flavor = 'aurora' | 'mysql' | 'mariadb';
export type Role = 'writer' | 'reader';

export interface InstanceInfo {
  serverId: string;
  role: Role;
  /** Replica lag reported by Aurora (ms), null for the writer or when absent. */
  lagMs: number | null;
}

export interface ServerIdentity {
  version: string;
  flavor: Flavor;
  /** @@aurora_version, or null when not Aurora. */
  auroraVersion: string | null;
  role: Role;
  innodbReadOnly: boolean;
  readOnly: boolean;
  /** @@aurora_server_id (the instance identifier) on Aurora, else @@server_id, as a string. */
  serverId: string;
  maxConnections: number | null;
  waitTimeout: number | null;
  /** The server's id for this probe connection. */
  connectionId: number | null;
  /** Aurora: every instance in information_schema.replica_host_status; [] elsewhere. */
  instances: InstanceInfo[];
  /** Aurora: the instance whose SESSION_ID is MASTER_SESSION_ID. */
  writerId: string | null;
  /** The IP the connection reached. */
  remoteAddress: string | null;
  connectMs: number;
  /** What degraded and why (e.g. "replica_host_status unavailable: …"). */
  notes: string[];
}

const num = (v: unknown): number | null => {
  if (v === null || v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
};
const bool = (v: unknown): boolean => v === true || v === 1 || v === '1' || v === 'ON' || v === 'on';
const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/** Is this error "the server doesn't have that" (so: not Aurora), as opposed to a failure of the probe? */
function isMissingFeature(e: unknown): boolean {
  return (
    e instanceof ProbeError &&
    !e.fatal &&
    (e.errno === 1193 || e.errno === 1109 || e.errno === 1146 || e.errno === 1064 || e.errno === 1054)
  );
}

/** The role of a server: Aurora exposes it only through innodb_read_only; plain MySQL/MariaDB replicas use read_only too. */
export function roleOf(flavor: Flavor, innodbReadOnly: boolean, readOnly: boolean): Role {
  if (flavor === 'aurora') return innodbReadOnly ? 'reader' : 'writer';
  return innodbReadOnly || readOnly ? 'reader' : 'writer';
}

/** One cheap statement giving role and instance, for watch ticks. */
export function roleQuery(flavor: Flavor): string {
  return flavor === 'aurora'
    ? 'SELECT @@innodb_read_only AS iro, @@aurora_server_id AS sid, connection_id() AS cid'
    : 'SELECT @@innodb_read_only AS iro, @@read_only AS ro, @@server_id AS sid, connection_id() AS cid';
}

export function parseRoleRow(flavor: Flavor, row: Row | undefined): { role: Role; serverId: string; connectionId: number | null } {
  const iro = bool(row?.iro);
  const ro = bool(row?.ro);
  return { role: roleOf(flavor, iro, ro), serverId: str(row?.sid), connectionId: num(row?.cid) };
}

/** Identify the server behind an open connection. */
export async function identifyOn(conn: ProbeConnection, opts: { signal?: AbortSignal } = {}): Promise<ServerIdentity> {
  const q = (sql: string) => conn.query(sql, { signal: opts.signal });
  const notes: string[] = [];
  const base =
    (
      await q(
        'SELECT @@version AS version, @@server_id AS server_id, @@innodb_read_only AS innodb_read_only, @@read_only AS read_only, ' +
          '@@max_connections AS max_connections, @@wait_timeout AS wait_timeout, connection_id() AS connection_id',
      )
    ).rows[0] ?? {};
  const version = str(base.version);

  let auroraVersion: string | null = null;
  try {
    const r = (await q('SELECT @@aurora_version AS aurora_version')).rows[0];
    auroraVersion = r && r.aurora_version !== null && r.aurora_version !== undefined ? str(r.aurora_version) : null;
  } catch (e) {
    if (!isMissingFeature(e)) throw e;
  }
  const flavor: Flavor = auroraVersion ? 'aurora' : /mariadb/i.test(version) ? 'mariadb' : 'mysql';
  const innodbReadOnly = bool(base.innodb_read_only);
  const readOnly = bool(base.read_only);

  let serverId = str(base.server_id);
  const instances: InstanceInfo[] = [];
  let writerId: string | null = null;
  if (flavor === 'aurora') {
    try {
      const r = (await q('SELECT @@aurora_server_id AS aurora_server_id')).rows[0];
      if (r?.aurora_server_id) serverId = str(r.aurora_server_id);
    } catch (e) {
      if (!isMissingFeature(e)) throw e;
      notes.push('@@aurora_server_id unavailable: using @@server_id');
    }
    try {
      const rows = (
        await q(
          'SELECT SERVER_ID AS server_id, SESSION_ID AS session_id, REPLICA_LAG_IN_MILLISECONDS AS lag_ms FROM information_schema.replica_host_status',
        )
      ).rows;
      for (const r of rows) {
        const writer = str(r.session_id) === 'MASTER_SESSION_ID';
        if (writer) writerId = str(r.server_id);
        instances.push({ serverId: str(r.server_id), role: writer ? 'writer' : 'reader', lagMs: writer ? null : num(r.lag_ms) });
      }
    } catch (e) {
      if (!isMissingFeature(e)) throw e;
      notes.push(`information_schema.replica_host_status unavailable (${(e as ProbeError).code}): no instance list`);
    }
  }
  return {
    version,
    flavor,
    auroraVersion,
    role: roleOf(flavor, innodbReadOnly, readOnly),
    innodbReadOnly,
    readOnly,
    serverId,
    maxConnections: num(base.max_connections),
    waitTimeout: num(base.wait_timeout),
    connectionId: num(base.connection_id),
    instances,
    writerId,
    remoteAddress: conn.remoteAddress,
    connectMs: conn.connectMs,
    notes,
  };
}

/** Connect, identify, close. Rejects with a ProbeError (scrubbed, explained) on any failure or cancel. */
export async function identify(ep: EndpointOptions, opts: { signal?: AbortSignal } = {}): Promise<ServerIdentity> {
  const session = new ProbeSession({ maxConnections: 1, signal: opts.signal });
  try {
    const conn = await session.connect(ep, { signal: opts.signal });
    return await identifyOn(conn, opts);
  } finally {
    await session.close();
  }
}
