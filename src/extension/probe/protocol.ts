// The typed message protocol between the Probes webview (media/probe/view.js) and the extension host
// (view.ts). Both directions are plain JSON. The host validates every message it receives with
// parseViewMessage (anything malformed is dropped and logged, never acted on). No message carries a
// password: the endpoint form has no password field and the host never puts one in a message.
import type { LabResult, OneShotJson, ServerIdentity, WatchSample } from '../../core/probe';
import { isAwsRegion } from '../../core/aurora/endpoints';

export type TlsMode = 'off' | 'required' | 'verify';
export type AuthMode = 'password' | 'iam';

/** The endpoint form (host side: what a probe connects to, minus the password). */
export interface EndpointForm {
  host: string;
  port: number;
  user: string;
  database: string | null;
  tls: TlsMode;
  /**
   * password: asked once, kept in SecretStorage. iam: an RDS IAM auth token generated locally per connection from the
   * AWS credentials of the environment (needs TLS); nothing is stored.
   */
  auth: AuthMode;
  /** AWS region for IAM tokens (null: from the host name `….<region>.rds.amazonaws.com`, else AWS_REGION). */
  region: string | null;
  /** The reader endpoint probed too (cluster- → cluster-ro-), or null. */
  readerHost: string | null;
  /** Where the endpoint came from, for the view's caption ("deployment.toml › database.apim_db", "settings", "form"). */
  source: string;
}

/** A watch event as the view shows it (the CLI's JSON line shape plus its text form). */
export interface ViewEvent {
  t: number;
  type: string;
  channel: 'pooled' | 'fresh';
  code: string | null;
  role: string | null;
  serverId: string | null;
  text: string;
}

export interface OneShotView {
  runId: number;
  at: string;
  endpoint: EndpointForm;
  server: ServerIdentity;
  reader: ServerIdentity | null;
  lab: LabResult;
  json: OneShotJson;
}

export interface WatchSummaryView {
  downtimeMs: number;
  timeToWritableMs: number | null;
  staleRoleMs: number;
  /** Stale-DNS window (ms); null when DNS was not resolved (IP literal). Absent in snapshots of older versions. */
  staleDnsMs?: number | null;
  /** Time the long-lived connection stayed on an address DNS no longer returned; null when DNS was not resolved. */
  pooledPinnedMs?: number | null;
  text: string;
  /**
   * The failover forecast of the datasource the probe started from (computed by the host from the core's forecast,
   * rendered as text rows beside what was observed); absent when the watch did not start from a datasource.
   */
  forecast?: ForecastView | null;
}

/** The forecast rows the Probes view shows after a watch (plain text: the webview only renders it). */
export interface ForecastView {
  /** "deployment.toml › WSO2AM_DB" */
  source: string;
  rows: { label: string; now: string; after: string; fails: boolean }[];
  /** "modelled, not measured" */
  caveat: string;
}

/** Everything the view shows; the host keeps one and sends it on `ready`, the view mirrors it in setState. */
export interface ViewSnapshot {
  endpoint: EndpointForm | null;
  oneShot: OneShotView | null;
  watch: { runId: number; running: boolean; samples: WatchSample[]; events: ViewEvent[]; summary: WatchSummaryView | null } | null;
  status: { text: string; busy: boolean; error: boolean } | null;
}

/** Host → webview. */
export type HostMessage =
  | { type: 'init'; snapshot: ViewSnapshot }
  | { type: 'endpoint'; endpoint: EndpointForm }
  | { type: 'status'; text: string; busy: boolean; error: boolean }
  | { type: 'oneShot'; result: OneShotView }
  | { type: 'watchStarted'; runId: number; endpoint: EndpointForm; intervalMs: number; durationMs: number }
  | { type: 'sample'; runId: number; sample: WatchSample }
  | { type: 'event'; runId: number; event: ViewEvent }
  | { type: 'watchDone'; runId: number; summary: WatchSummaryView | null };

/** Webview → host. */
export type ViewMessage =
  | { type: 'ready' }
  | { type: 'run'; endpoint: EndpointForm }
  | { type: 'watchStart'; endpoint: EndpointForm; intervalMs: number; durationS: number }
  | { type: 'watchStop' }
  | { type: 'export'; format: 'json' | 'markdown' };

const HOST_RE = /^[A-Za-z0-9._:\-[\]%]{1,253}$/;
const USER_RE = /^[^\s\u0000-\u001f]{1,128}$/;
const DB_RE = /^[A-Za-z0-9_$\-]{1,64}$/;

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A well-formed endpoint form, or a reason it is not. */
export function parseEndpointForm(x: unknown): EndpointForm | string {
  if (!isObj(x)) return 'endpoint is not an object';
  const allowed = new Set(['host', 'port', 'user', 'database', 'tls', 'auth', 'region', 'readerHost', 'source']);
  for (const k of Object.keys(x)) if (!allowed.has(k)) return `unexpected endpoint field ${JSON.stringify(k).slice(0, 40)}`;
  const { host, port, user, database, tls, auth, region, readerHost, source } = x;
  if (typeof host !== 'string' || !HOST_RE.test(host)) return 'host is not a host name or address';
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) return 'port is not 1–65535';
  if (typeof user !== 'string' || !USER_RE.test(user)) return 'user is empty or has spaces';
  if (database !== null && database !== undefined && (typeof database !== 'string' || (database !== '' && !DB_RE.test(database)))) return 'database is not a schema name';
  if (tls !== 'off' && tls !== 'required' && tls !== 'verify') return 'tls must be off, required or verify';
  if (auth !== undefined && auth !== 'password' && auth !== 'iam') return 'auth must be password or iam';
  if (auth === 'iam' && tls === 'off') return 'an IAM auth token needs TLS (required or verify)';
  if (region !== null && region !== undefined && (typeof region !== 'string' || (region !== '' && !isAwsRegion(region)))) return 'region is not an AWS region like eu-west-1';
  if (readerHost !== null && readerHost !== undefined && (typeof readerHost !== 'string' || (readerHost !== '' && !HOST_RE.test(readerHost)))) return 'reader host is not a host name';
  if (source !== undefined && (typeof source !== 'string' || source.length > 300)) return 'source is not a short string';
  return {
    host, port, user, tls,
    auth: auth === 'iam' ? 'iam' : 'password',
    region: typeof region === 'string' && region !== '' ? region : null,
    database: typeof database === 'string' && database !== '' ? database : null,
    readerHost: typeof readerHost === 'string' && readerHost !== '' ? readerHost : null,
    source: typeof source === 'string' ? source : 'form',
  };
}

/** Validate a message from the webview: the message, or a reason to drop it. */
export function parseViewMessage(x: unknown): ViewMessage | { invalid: string } {
  if (!isObj(x) || typeof x.type !== 'string') return { invalid: 'not an object with a type' };
  const keys = Object.keys(x);
  const only = (...k: string[]) => keys.every((key) => key === 'type' || k.includes(key));
  switch (x.type) {
    case 'ready':
    case 'watchStop':
      return only() ? { type: x.type } : { invalid: `${x.type}: unexpected fields` };
    case 'run': {
      if (!only('endpoint')) return { invalid: 'run: unexpected fields' };
      const ep = parseEndpointForm(x.endpoint);
      return typeof ep === 'string' ? { invalid: `run: ${ep}` } : { type: 'run', endpoint: ep };
    }
    case 'watchStart': {
      if (!only('endpoint', 'intervalMs', 'durationS')) return { invalid: 'watchStart: unexpected fields' };
      const ep = parseEndpointForm(x.endpoint);
      if (typeof ep === 'string') return { invalid: `watchStart: ${ep}` };
      const { intervalMs, durationS } = x;
      if (typeof intervalMs !== 'number' || !Number.isInteger(intervalMs) || intervalMs < 50 || intervalMs > 60_000) return { invalid: 'watchStart: intervalMs must be 50–60000' };
      if (typeof durationS !== 'number' || !Number.isFinite(durationS) || durationS <= 0 || durationS > 3600) return { invalid: 'watchStart: durationS must be 1–3600' };
      return { type: 'watchStart', endpoint: ep, intervalMs, durationS };
    }
    case 'export':
      return only('format') && (x.format === 'json' || x.format === 'markdown') ? { type: 'export', format: x.format } : { invalid: 'export: format must be json or markdown' };
    default:
      return { invalid: `unknown message type ${JSON.stringify(x.type).slice(0, 40)}` };
  }
}

/** The reader endpoint of an Aurora cluster endpoint (`x.cluster-abc…` → `x.cluster-ro-abc…`), else null. */
export function readerEndpointOf(host: string): string | null {
  const m = /^([^.]+)\.cluster-(?!ro-|custom-)([^.]+\..+)$/i.exec(host);
  return m ? `${m[1]}.cluster-ro-${m[2]}` : null;
}
