// Errors of the probe engine. A ProbeError carries only what is safe to show or serialise: a code, the
// MySQL errno/SQLSTATE, which operation failed, the endpoint as host:port and a scrubbed message. It never
// holds the driver's error object, a config object or a password (mysql2 errors don't contain the password
// today, but messages are scrubbed anyway in case a server or a future driver echoes it).
import { isIamAuth, type EndpointAuth } from './request';

export type ProbeOp = 'connect' | 'query' | 'dns' | 'close' | 'config';

/** Codes the probe itself raises (driver and server codes such as ECONNREFUSED or ER_ACCESS_DENIED_ERROR pass through). */
export const PROBE_CODES = {
  connectTimeout: 'PROBE_CONNECT_TIMEOUT',
  queryTimeout: 'PROBE_QUERY_TIMEOUT',
  dnsTimeout: 'PROBE_DNS_TIMEOUT',
  aborted: 'PROBE_ABORTED',
  closed: 'PROBE_CONNECTION_CLOSED',
  tooManyConnections: 'PROBE_TOO_MANY_CONNECTIONS',
  refusedSql: 'PROBE_REFUSED_SQL',
  badOptions: 'PROBE_BAD_OPTIONS',
  tlsIdentity: 'PROBE_TLS_IDENTITY',
} as const;

/** Why a code happens, in words a user can act on. */
const HINTS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'nothing is listening there (instance down or rebooting, or wrong port)',
  ECONNRESET: 'the connection was reset (failover, restart, or a proxy/load balancer dropped it)',
  EPIPE: 'the connection was closed while writing to it',
  ETIMEDOUT: 'no answer in time: the endpoint is blackholed (security group, NACL, routing) or the server is hung',
  EHOSTUNREACH: 'no route to the host',
  ENETUNREACH: 'the network is unreachable',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'DNS lookup failed temporarily',
  PROTOCOL_CONNECTION_LOST: 'the server closed the connection (restart, failover, KILL, or a proxy reset)',
  PROTOCOL_SEQUENCE_TIMEOUT: 'no reply in time',
  HANDSHAKE_NO_SSL_SUPPORT: 'TLS is required but the server does not offer it',
  HANDSHAKE_SSL_ERROR:
    'the TLS handshake failed (with tls verify: the certificate is not signed by a trusted CA, the RDS bundle or --tls-ca)',
  PROBE_TLS_IDENTITY:
    'tls verify checks that the certificate names the host connected to: use the endpoint name it was issued for' +
    ' (not an IP address or a CNAME of your own), or tls required to skip certificate checks',
  ER_ACCESS_DENIED_ERROR: 'user name or password rejected',
  ER_DBACCESS_DENIED_ERROR: 'the user may not use this database',
  ER_BAD_DB_ERROR: 'the database does not exist',
  ER_CON_COUNT_ERROR: 'the server has no free connections (max_connections reached)',
  ER_OPTION_PREVENTS_STATEMENT: 'the instance is read-only (a reader or a demoted writer)',
  ER_SUBQUERY_NO_1_ROW: 'raised on purpose by the role-aware query: the instance is read-only',
  ER_UNKNOWN_SYSTEM_VARIABLE: 'the server does not have this variable',
  ER_CONNECTION_KILLED: 'the connection was killed on the server',
  PROBE_CONNECT_TIMEOUT: 'no MySQL handshake in time: the endpoint is blackholed or the server is hung',
  PROBE_QUERY_TIMEOUT: 'no reply in time: the server or the network is hung; the connection was destroyed',
  PROBE_DNS_TIMEOUT: 'the DNS lookup did not finish in time',
  PROBE_ABORTED: 'cancelled',
};

/** Where an IAM login differs: RDS answers every rejected token with the same access-denied error. */
const IAM_HINTS: Readonly<Record<string, string>> = {
  ER_ACCESS_DENIED_ERROR:
    'the IAM auth token was rejected: expired or clock skew, signed for another region or host, the user is not ' +
    'an IAM user (IDENTIFIED WITH AWSAuthenticationPlugin / GRANT rds_iam), IAM authentication is off on the cluster, or the ' +
    'credentials lack rds-db:connect for this user',
  MYSQL_CLEAR_PASSWORD_NOT_ENABLED: 'the server asked for the clear-text password plugin',
};

export function hintFor(code: string, auth: EndpointAuth = 'password'): string | null {
  return (isIamAuth(auth) ? IAM_HINTS[code] : undefined) ?? HINTS[code] ?? null;
}

export class ProbeError extends Error {
  override readonly name = 'ProbeError';
  readonly code: string;
  readonly errno: number | null;
  readonly sqlState: string | null;
  readonly op: ProbeOp;
  /** The connection is unusable after this error. */
  readonly fatal: boolean;
  /** host:port, never credentials. */
  readonly endpoint: string | null;

  constructor(init: {
    code: string;
    message: string;
    op: ProbeOp;
    errno?: number | null;
    sqlState?: string | null;
    fatal?: boolean;
    endpoint?: string | null;
  }) {
    super(init.message);
    this.code = init.code;
    this.errno = init.errno ?? null;
    this.sqlState = init.sqlState ?? null;
    this.op = init.op;
    this.fatal = init.fatal ?? false;
    this.endpoint = init.endpoint ?? null;
  }

  toJSON(): {
    code: string;
    errno: number | null;
    sqlState: string | null;
    op: ProbeOp;
    fatal: boolean;
    endpoint: string | null;
    message: string;
  } {
    return {
      code: this.code,
      errno: this.errno,
      sqlState: this.sqlState,
      op: this.op,
      fatal: this.fatal,
      endpoint: this.endpoint,
      message: this.message,
    };
  }
}

/**
 * Replace every secret in `text` with `***`. Secrets shorter than 3 characters are left alone: scrubbing
 * single letters would garble every message without protecting anything.
 */
export function scrubSecrets(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 3) out = out.split(s).join('***');
  return out;
}

interface DriverErrorLike {
  code?: unknown;
  errno?: unknown;
  sqlState?: unknown;
  sqlMessage?: unknown;
  message?: unknown;
  fatal?: unknown;
}

/** Turn whatever the driver threw into a ProbeError with a scrubbed, explained message. */
export function toProbeError(
  err: unknown,
  op: ProbeOp,
  endpoint: string | null,
  secrets: Iterable<string> = [],
  auth: EndpointAuth = 'password',
): ProbeError {
  if (err instanceof ProbeError) return err;
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as DriverErrorLike;
  const code = typeof e.code === 'string' && e.code ? e.code : 'UNKNOWN';
  // mysql2 sets errno to the server's error number for server errors, and to a negative libuv number for socket errors
  const errno = typeof e.errno === 'number' && e.errno > 0 ? e.errno : null;
  const sqlState = typeof e.sqlState === 'string' && e.sqlState && e.sqlState !== '_____' ? e.sqlState : null;
  const raw = typeof e.sqlMessage === 'string' && e.sqlMessage ? e.sqlMessage : typeof e.message === 'string' ? e.message : '';
  const hint = hintFor(code, auth);
  const where = endpoint ? ` ${endpoint}` : '';
  const what = op === 'connect' ? `connect to${where} failed` : op === 'query' ? `query on${where} failed` : `${op} failed`;
  const detail = [raw.trim(), `(${code}${errno ? ` ${errno}` : ''})`].filter(Boolean).join(' ');
  const message = scrubSecrets(`${what}: ${detail}${hint ? ` — ${hint}` : ''}`, secrets);
  return new ProbeError({ code, errno, sqlState, op, fatal: e.fatal === true, endpoint, message });
}

export function abortedError(op: ProbeOp, endpoint: string | null): ProbeError {
  return new ProbeError({
    code: PROBE_CODES.aborted,
    op,
    endpoint,
    fatal: true,
    message: `${op}${endpoint ? ` ${endpoint}` : ''} cancelled`,
  });
}
