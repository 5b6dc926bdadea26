// The typed message protocol between the Probes webview (src/webview/probes) and the extension host
// (src/extension/probe/view.ts): both sides import it from here (src/shared: no vscode, no DOM, no Node module).
// Both directions are plain JSON. The host validates every message it receives with parseViewMessage (anything
// malformed is dropped and logged, never acted on); the endpoint itself is checked by the core's probe request
// (src/core/probe/request.ts), the same checks the CLI's flags get. No message carries a password: the endpoint
// form has no password field and the host never puts one in a message.
import type { WatchSample } from '../../core/probe/watch/types';
import type { ServerIdentity } from '../../core/probe/identify';
import type { LabResult } from '../../core/probe/validationLab';
import type { OneShotJson } from '../../core/probe/json';
import { checkProbeTarget, checkWatchSettings, isProblem, type ProbeAuth, type ProbeTarget } from '../../core/probe/request';

export type { TlsMode } from '../../core/probe/request';
/** The probe's auth vocabulary (the core's ProbeAuth: password | iam). */
export type AuthMode = ProbeAuth;

/**
 * The endpoint form (host side: what a probe connects to, minus the password): the core's probe target without
 * a private CA (the editor verifies against the RDS CA bundle) or a reader port of its own, plus where it came from.
 * auth password: asked once, kept in SecretStorage. iam: an RDS IAM auth token generated locally per connection
 * from the AWS credentials of the environment (needs TLS); nothing is stored.
 */
export interface EndpointForm extends Omit<ProbeTarget, 'tlsCa' | 'readerPort'> {
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

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

const FORM_FIELDS = new Set(['host', 'port', 'user', 'database', 'tls', 'auth', 'region', 'readerHost', 'source']);

/** A well-formed endpoint form, or a reason it is not (the core's reason, which starts with the field's name). */
export function parseEndpointForm(x: unknown): EndpointForm | string {
  if (!isObj(x)) return 'endpoint is not an object';
  for (const k of Object.keys(x)) if (!FORM_FIELDS.has(k)) return `unexpected endpoint field ${JSON.stringify(k).slice(0, 40)}`;
  const { source, tls, ...rest } = x;
  // the form always says its TLS mode (the core's API defaults a missing one to off)
  const target = checkProbeTarget({ ...rest, tls: tls === undefined ? null : tls });
  if (isProblem(target)) return target.text;
  if (source !== undefined && (typeof source !== 'string' || source.length > 300)) return 'source is not a short string';
  const { tlsCa: _ca, readerPort: _port, ...form } = target;
  return { ...form, source: typeof source === 'string' ? source : 'form' };
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
      const bad = checkWatchSettings(intervalMs, typeof durationS === 'number' ? durationS * 1000 : durationS);
      if (bad) return { invalid: `watchStart: ${bad.text}` };
      return { type: 'watchStart', endpoint: ep, intervalMs: intervalMs as number, durationS: durationS as number };
    }
    case 'export':
      if (only('format') && (x.format === 'json' || x.format === 'markdown')) return { type: 'export', format: x.format };
      return { invalid: 'export: format must be json or markdown' };
    default:
      return { invalid: `unknown message type ${JSON.stringify(x.type).slice(0, 40)}` };
  }
}
