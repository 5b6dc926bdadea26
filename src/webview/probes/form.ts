// The endpoint form as typed (strings) and its mapping to the protocol's EndpointForm. Pure (no DOM): the unit
// tests check that every reason parseEndpointForm gives lands on the field it is about. The checks and limits
// are the core probe request's (src/core/probe/request.ts), as for the CLI's flags.
import { classifyHost } from '../../core/knowledge/aurora/endpoints';
import { checkWatchSettings, PROBE_LIMITS, readerHostFor } from '../../core/probe/request';
import type { EndpointForm } from '../../shared/probe/protocol';

/** The form as typed, so a half-filled form survives hiding the view. */
export interface Draft {
  host: string; port: string; user: string; database: string; readerHost: string;
  tls: string; auth: string; region: string; interval: string; duration: string;
}

export const DRAFT_FIELDS: readonly (keyof Draft)[] = ['host', 'port', 'user', 'database', 'readerHost', 'tls', 'auth', 'region', 'interval', 'duration'];

/** The endpoint a draft describes, in the protocol's shape, for parseEndpointForm (which the host runs again). */
export function endpointFromDraft(d: Draft, known: EndpointForm | null): Record<string, unknown> {
  const host = d.host.trim();
  const port = d.port.trim() === '' ? NaN : Number(d.port);
  const iam = d.auth === 'iam';
  return {
    host, port, user: d.user.trim(), database: d.database.trim() || null,
    tls: d.tls, auth: iam ? 'iam' : 'password', region: iam ? d.region.trim() || null : null, readerHost: d.readerHost.trim() || null,
    // the caption ("deployment.toml › apim_db") stays while the form still names that endpoint
    source: known && known.host === host && known.port === port ? known.source : 'form',
  };
}

/** The draft of an endpoint the host sent. */
export function draftOf(ep: EndpointForm): Partial<Draft> {
  return {
    host: ep.host, port: String(ep.port), user: ep.user, database: ep.database ?? '', readerHost: ep.readerHost ?? '',
    tls: ep.tls, auth: ep.auth ?? 'password', region: ep.region ?? '',
  };
}

/** The field a parseEndpointForm reason is about ("an IAM auth token needs TLS" is about TLS). */
export function fieldOf(reason: string): keyof Draft | null {
  if (reason.startsWith('reader')) return 'readerHost';
  if (reason.startsWith('an IAM')) return 'tls';
  return (['host', 'port', 'user', 'database', 'tls', 'auth', 'region'] as const).find((f) => reason.startsWith(f)) ?? null;
}

/** Why the watch settings cannot be sent (the core's limits, which the host checks again), or null. */
export function watchSettingsError(d: Pick<Draft, 'interval' | 'duration'>): { field: 'interval' | 'duration'; text: string } | null {
  const num = (v: string) => (v.trim() === '' ? NaN : Number(v));
  const bad = checkWatchSettings(num(d.interval), num(d.duration) * 1000);
  if (!bad) return null;
  const { intervalMs: i, durationS } = PROBE_LIMITS;
  return bad.field === 'intervalMs'
    ? { field: 'interval', text: `Watch interval: a whole number of ms from ${i.min} to ${i.max}.` }
    : { field: 'duration', text: `Watch duration: more than 0 and at most ${durationS.max} s.` };
}

/** What the region field's placeholder says for a host: the region an IAM token is signed for when it is left empty. */
export function regionHint(host: string): string {
  const region = classifyHost(host).region;
  return region ? `${region} (from the host name)` : "AWS_REGION of VS Code's environment";
}

/**
 * The reader field after the host changed: a cluster endpoint's reader endpoint (cluster- → cluster-ro-, as Probe
 * Aurora does) when the field is empty or still holds the reader of the previous host; otherwise what the user typed.
 */
export function readerAfterHostChange(reader: string, previousHost: string, host: string): string {
  const was = readerHostFor(previousHost) ?? '';
  if (reader.trim() !== '' && reader.trim() !== was) return reader;
  return readerHostFor(host) ?? '';
}
