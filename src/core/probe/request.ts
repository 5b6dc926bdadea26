// One probe request, whoever asks: what may be probed (a target: host, port, user, database, TLS, auth, reader
// endpoint), its limits and its validation, and what a datasource says about it. The CLI's flags, the Probes
// form (through the webview protocol, src/shared/probe/protocol.ts), "Probe Aurora" on a datasource and the
// core API (checkEndpoint) all build a target and check it here, so they cannot disagree.
// Pure and dependency-light: the webview bundle includes this file (no Node module, no driver).
import { isAwsRegion, readerEndpointFor } from '../knowledge/aurora/endpoints';
import type { Datasource } from '../model/types';

export type TlsMode = 'off' | 'required' | 'verify';
export const TLS_MODES: readonly TlsMode[] = ['off', 'required', 'verify'];

/**
 * How the probe authenticates: `password` (the password a supplier returns) or `iam` (an RDS IAM auth token,
 * generated locally for each connection and sent with mysql_clear_password, so only over TLS). The same word as
 * the `auroraGuard.probe.auth` setting, the Probes form and the CLI's `--iam`.
 */
export type ProbeAuth = 'password' | 'iam';
export const PROBE_AUTHS: readonly ProbeAuth[] = ['password', 'iam'];

/** `auth` of the core API's EndpointOptions: a ProbeAuth; 'iam-token' is the earlier spelling of 'iam', still accepted. */
export type EndpointAuth = ProbeAuth | 'iam-token';

/** Does this auth mean an RDS IAM auth token? */
export function isIamAuth(auth: EndpointAuth | undefined): boolean {
  return auth === 'iam' || auth === 'iam-token';
}

/** The MySQL port when a URL names none. */
export const DEFAULT_MYSQL_PORT = 3306;

/**
 * The limits of a probe, for every surface. The watch runs for at most an hour: a failover, a planned
 * switchover or a patch window is over well within it (Aurora fails over in about 30 s; DNS moves within its
 * 5 s TTL), the verdict is about such an event, and a run keeps every tick's timings for its figures. For longer
 * monitoring, run watches back to back or use RDS events and CloudWatch.
 */
export const PROBE_LIMITS = {
  port: { min: 1, max: 65535 },
  /** Host names: at most 253 characters (DNS); IP literals (IPv6 with or without brackets, a zone id) too. */
  hostLength: 253,
  userLength: 128,
  /** MySQL identifiers: at most 64 characters. */
  databaseLength: 64,
  intervalMs: { min: 50, max: 60_000, default: 250 },
  /** Seconds; fractions allowed (more than 0). */
  durationS: { max: 3600, default: 60 },
  connectTimeoutMs: { min: 100, max: 120_000, default: 5000 },
  queryTimeoutMs: { min: 50, max: 120_000, default: 3000 },
  /** Validation-lab runs per query and endpoint (the CLI's default; the editor's quicker run uses editorDefault). */
  runs: { min: 1, max: 10_000, default: 20, editorDefault: 10 },
} as const;

/** What to probe: everything but the secret (a password is never part of a request). */
export interface ProbeTarget {
  host: string;
  port: number;
  user: string;
  database: string | null;
  tls: TlsMode;
  auth: ProbeAuth;
  /** AWS region of IAM tokens (null: from the host name, else the environment); used only with auth iam. */
  region: string | null;
  /** The reader endpoint probed too (the validation lab's reader side), or null. */
  readerHost: string | null;
  /** The reader endpoint's port when it differs from `port` (the CLI's --reader-host HOST:PORT). */
  readerPort?: number | null;
  /** With tls verify: PEM certificates of a private CA trusted instead of the RDS CA bundle (the CLI's --tls-ca). */
  tlsCa?: string | null;
}

export type ProbeField = keyof ProbeTarget | 'intervalMs' | 'durationMs' | 'connectTimeoutMs' | 'queryTimeoutMs' | 'runs';

/** Why a request cannot be probed: the field it is about, which check failed, and the reason in words. */
export interface ProbeProblem {
  field: ProbeField;
  check: ProbeCheck;
  /** Starts with the field's name ("port 0 is not 1–65535"); never carries a secret. */
  text: string;
}

export type ProbeCheck =
  | 'host-empty' | 'host-invalid' | 'port-range' | 'user-empty' | 'user-invalid' | 'database-invalid' | 'tls-mode' | 'auth-mode'
  | 'iam-needs-tls' | 'region-invalid' | 'reader-invalid' | 'tls-ca-not-pem' | 'tls-ca-needs-verify' | 'range';

const HOST_RE = /^[A-Za-z0-9._:\-[\]%]+$/;
const USER_RE = /^[^\s\u0000-\u001f]+$/;
const DB_RE = /^[A-Za-z0-9_$-]+$/;

/** Is this a host name or IP literal the probe can connect to (no spaces, quotes, markup or placeholders)? */
export function isProbeHost(host: string): boolean {
  return host.length > 0 && host.length <= PROBE_LIMITS.hostLength && HOST_RE.test(host);
}

/** How many PEM certificates a text holds. */
export function pemCertificateCount(pem: string): number {
  return pem.match(/-----BEGIN CERTIFICATE-----/g)?.length ?? 0;
}

const problem = (field: ProbeField, check: ProbeCheck, text: string): ProbeProblem => ({ field, check, text });

/** A short, printable rendering of a value in a reason (never more than `max` characters). */
function shown(v: unknown, max = 40): string {
  return (JSON.stringify(v) ?? String(v)).slice(0, max);
}

/**
 * Check a target field by field (in a fixed order: the first problem is reported). Accepts loosely typed input
 * (a webview message, flags): a missing tls is off, a missing auth is password, and an absent or empty optional
 * field is null. Returns the target, normalised, or the first problem.
 */
export function checkProbeTarget(x: { [K in keyof ProbeTarget]?: unknown }): ProbeTarget | ProbeProblem {
  const { host, port, user, database, tls, auth, region, readerHost, readerPort, tlsCa } = x;
  if (typeof host === 'string' && host.trim() === '') return problem('host', 'host-empty', 'host is empty');
  if (typeof host !== 'string' || !isProbeHost(host)) return problem('host', 'host-invalid', 'host is not a host name or address');
  const { min, max } = PROBE_LIMITS.port;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < min || port > max) {
    return problem('port', 'port-range', Number.isFinite(port) ? `port ${port} is not ${min}–${max}` : `port is not ${min}–${max}`);
  }
  if (user === '' || user === undefined || user === null) return problem('user', 'user-empty', 'user is empty');
  if (typeof user !== 'string' || user.length > PROBE_LIMITS.userLength || !USER_RE.test(user)) {
    return problem('user', 'user-invalid', `user has spaces or control characters, or is longer than ${PROBE_LIMITS.userLength}`);
  }
  const db = optional(database);
  if (db === undefined || (db !== null && (db.length > PROBE_LIMITS.databaseLength || !DB_RE.test(db)))) {
    return problem('database', 'database-invalid', 'database is not a schema name');
  }
  const mode = tls === undefined ? 'off' : tls;
  if (!TLS_MODES.includes(mode as TlsMode)) return problem('tls', 'tls-mode', 'tls must be off, required or verify');
  const how = auth === undefined ? 'password' : auth;
  if (!PROBE_AUTHS.includes(how as ProbeAuth)) return problem('auth', 'auth-mode', 'auth must be password or iam');
  if (how === 'iam' && mode === 'off') {
    return problem('tls', 'iam-needs-tls', 'an IAM auth token is sent in clear text: use tls required or verify (IAM auth needs TLS)');
  }
  const reg = optional(region);
  if (reg === undefined || (reg !== null && !isAwsRegion(reg))) {
    return problem('region', 'region-invalid', `region ${shown(region)} is not an AWS region like eu-west-1`);
  }
  const reader = optional(readerHost);
  if (reader === undefined || (reader !== null && !isProbeHost(reader))) return problem('readerHost', 'reader-invalid', 'reader host is not a host name');
  const rport = readerPort ?? null;
  if (rport !== null && (typeof rport !== 'number' || !Number.isInteger(rport) || rport < min || rport > max)) {
    return problem('readerPort', 'port-range', `reader port is not ${min}–${max}`);
  }
  const ca = optional(tlsCa);
  if (ca !== null && mode !== 'verify') return problem('tlsCa', 'tls-ca-needs-verify', 'tlsCa only applies with tls verify');
  if (ca === undefined || (ca !== null && pemCertificateCount(ca) === 0)) {
    return problem('tlsCa', 'tls-ca-not-pem', 'tlsCa must be PEM certificates (-----BEGIN CERTIFICATE-----)');
  }
  const target: ProbeTarget = { host, port, user, tls: mode as TlsMode, auth: how as ProbeAuth, region: reg, database: db, readerHost: reader };
  if (rport !== null) target.readerPort = rport;
  if (ca !== null) target.tlsCa = ca;
  return target;
}

/** An optional string field: null when absent or empty, the string, or undefined when it is not a string. */
function optional(v: unknown): string | null | undefined {
  if (v === null || v === undefined || v === '') return null;
  return typeof v === 'string' ? v : undefined;
}

export function isProblem(x: unknown): x is ProbeProblem {
  return typeof x === 'object' && x !== null && 'check' in x && 'text' in x && 'field' in x;
}

/** A number within a limit (whole when `whole`), or the problem. */
function inRange(field: ProbeField, v: unknown, min: number, max: number, unit: string, whole: boolean): ProbeProblem | null {
  if (typeof v === 'number' && Number.isFinite(v) && (!whole || Number.isInteger(v)) && v >= min && v <= max) return null;
  return problem(field, 'range', `${field} must be ${whole ? 'a whole number ' : ''}from ${min} to ${max} ${unit}`);
}

/** The watch's interval (whole ms) and duration (ms, more than 0, at most PROBE_LIMITS.durationS). */
export function checkWatchSettings(intervalMs: unknown, durationMs: unknown): ProbeProblem | null {
  const i = PROBE_LIMITS.intervalMs;
  const bad = inRange('intervalMs', intervalMs, i.min, i.max, 'ms', true);
  if (bad) return bad;
  const maxS = PROBE_LIMITS.durationS.max;
  if (typeof durationMs !== 'number' || !Number.isFinite(durationMs) || durationMs <= 0 || durationMs > maxS * 1000) {
    return problem('durationMs', 'range', `duration must be more than 0 and at most ${maxS} s`);
  }
  return null;
}

/** Connect and query timeouts (ms, absent = the defaults). */
export function checkTimeouts(t: { connectTimeoutMs?: unknown; queryTimeoutMs?: unknown }): ProbeProblem | null {
  for (const k of ['connectTimeoutMs', 'queryTimeoutMs'] as const) {
    if (t[k] === undefined) continue;
    const bad = inRange(k, t[k], PROBE_LIMITS[k].min, PROBE_LIMITS[k].max, 'ms', false);
    if (bad) return bad;
  }
  return null;
}

/** Validation-lab runs per query and endpoint. */
export function checkRuns(runs: unknown): ProbeProblem | null {
  return inRange('runs', runs, PROBE_LIMITS.runs.min, PROBE_LIMITS.runs.max, 'runs', true);
}

// ---- what a datasource says ---------------------------------------------------------------------------------

/** Template and placeholder characters: a value holding one is not known until it is rendered. */
const PLACEHOLDER = /[{}$%<>]/;

/**
 * Can this datasource be probed: a MySQL-family datasource whose JDBC URL names a literal first host (the
 * endpoint a pool connects to first) and a literal database, if any.
 */
export function isProbeable(ds: Datasource): boolean {
  if (ds.family !== 'mysql' || !ds.url || ds.url.hosts.length === 0) return false;
  const h = ds.url.hosts[0];
  return !h.templated && !PLACEHOLDER.test(h.host) && (ds.url.database === null || !PLACEHOLDER.test(ds.url.database));
}

/**
 * The user name written in a datasource: TOML `username = "…"` (or `user = "…"`), XML `<username>` or
 * `<property name="username">`; null when there is none or it is a template or placeholder.
 */
export function usernameOf(text: string, ds: Datasource): string | null {
  const body = text.slice(ds.span.start, ds.span.end);
  const m = /^\s*(?:user(?:name)?)\s*=\s*["']([^"'\n]*)["']/m.exec(body)
    ?? /<username>\s*([^<]*?)\s*<\/username>/.exec(body)
    ?? /<property\s+name=["']username["']\s*>\s*([^<]*?)\s*<\/property>/.exec(body);
  const v = m?.[1]?.trim();
  return v && !PLACEHOLDER.test(v) ? v : null;
}

/** `HOST[:PORT]` as typed (the CLI's --reader-host, the editor's endpoint prompt): the host and the port text, if any. */
export function splitHostPort(spec: string): { host: string; port: string | null } {
  const m = /^(.*?)(?::(\d+))?$/.exec(spec.trim())!;
  return { host: m[1], port: m[2] ?? null };
}

/** The reader endpoint probed with an endpoint by default: a cluster endpoint's reader twin (cluster- → cluster-ro-), else none. */
export function readerHostFor(host: string): string | null {
  return readerEndpointFor(host.trim());
}

/** What a probeable datasource says about its endpoint (null: not written literally there). */
export interface DatasourceTarget {
  host: string;
  port: number;
  database: string | null;
  user: string | null;
  /** The datasource's literal validationQuery (the lab measures it too), else null. */
  validationQuery: string | null;
}

/** The endpoint of a datasource, or null when it cannot be probed (see isProbeable). */
export function datasourceTarget(ds: Datasource, text: string): DatasourceTarget | null {
  if (!isProbeable(ds)) return null;
  const h = ds.url!.hosts[0];
  const vq = ds.validationQuery;
  return {
    host: h.host, port: h.port ?? DEFAULT_MYSQL_PORT, database: ds.url!.database, user: usernameOf(text, ds),
    validationQuery: vq && !vq.templated ? vq.value : null,
  };
}
