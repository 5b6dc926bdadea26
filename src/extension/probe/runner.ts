// The part of the probe that connects to a database. Loaded only by a dynamic import from the command and the
// view (webpack puts it, with mysql2, in its own chunk dist/extension.probe.js), so activation never loads a driver.
import type { Datasource } from '../../core/model/types';
import {
  identify,
  runValidationLab,
  runWatch,
  poolSettingsFromDatasource,
  oneShotJson,
  eventText,
  watchEventJson,
  scrubSecrets,
  iamTokenSupplier,
  endpointOptionsFor,
  PROBE_LIMITS,
  type EndpointOptions,
  type WatchEvent,
  type WatchSample,
  type ServerIdentity,
  type LabResult,
  type OneShotJson,
  type WatchResult,
} from '../../core/probe';
import type { EndpointForm, ViewEvent } from '../../shared/probe/protocol';

/**
 * The core's endpoint for a form (endpointOptionsFor, with the core's default timeouts). auth 'password':
 * `password` (from SecretStorage). auth 'iam': no password; an RDS IAM auth token signed for `host` is generated
 * locally from the AWS credential chain of the extension host (environment, AWS_PROFILE / shared config, SSO,
 * container or instance role) when a connection opens.
 */
export function endpointOptions(form: EndpointForm, password: (() => string) | null, host = form.host): EndpointOptions {
  const at = { host, port: form.port };
  if (form.auth === 'iam')
    return endpointOptionsFor(form, (h, port) => iamTokenSupplier({ host: h, port, user: form.user, region: form.region }), {}, at);
  if (!password) throw new Error('no password for a password probe');
  return endpointOptionsFor(form, () => password, {}, at);
}

export interface OneShotOutcome {
  server: ServerIdentity;
  reader: ServerIdentity | null;
  /** Why the reader endpoint could not be identified (the lab records it too). */
  readerError: string | null;
  lab: LabResult;
  json: OneShotJson;
}

/** identify + the validation-query lab (on the reader endpoint too when there is one). */
export async function runOneShot(
  form: EndpointForm,
  password: (() => string) | null,
  opts: { fileValidationQuery?: string | null; signal?: AbortSignal; runs?: number } = {},
): Promise<OneShotOutcome> {
  const writer = endpointOptions(form, password);
  const readerEp = form.readerHost ? endpointOptions(form, password, form.readerHost) : undefined;
  const server = await identify(writer, { signal: opts.signal });
  let reader: ServerIdentity | null = null;
  let readerError: string | null = null;
  if (readerEp) {
    try {
      reader = await identify(readerEp, { signal: opts.signal });
    } catch (e) {
      readerError = (e as Error).message;
    }
  }
  const runs = opts.runs ?? PROBE_LIMITS.runs.editorDefault;
  const lab = await runValidationLab({
    writer,
    reader: readerEp,
    runs,
    fileValidationQuery: opts.fileValidationQuery ?? null,
    signal: opts.signal,
  });
  return { server, reader, readerError, lab, json: oneShotJson(server, lab, reader) };
}

export function viewEvent(e: WatchEvent): ViewEvent {
  const j = watchEventJson(e) as Omit<ViewEvent, 'text'>;
  return { t: j.t, type: j.type, channel: j.channel, code: j.code, role: j.role, serverId: j.serverId, text: eventText(e) };
}

export function startWatch(
  form: EndpointForm,
  password: (() => string) | null,
  opts: {
    intervalMs: number;
    durationMs: number;
    signal: AbortSignal;
    datasource?: Datasource | null;
    onEvent: (e: WatchEvent) => void;
    onSample: (s: WatchSample) => void;
  },
): Promise<WatchResult> {
  const pool = opts.datasource ? { datasource: poolSettingsFromDatasource(opts.datasource).settings } : undefined;
  const { intervalMs, durationMs, signal, onEvent, onSample } = opts;
  return runWatch({ endpoint: endpointOptions(form, password), intervalMs, durationMs, signal, onEvent, onSample, pool });
}

export { scrubSecrets };
