// How RDS checks an IAM auth token, written independently of the AWS SDK with node:crypto only: parse the
// presigned `connect` URL, recompute its SigV4 signature with the secret key of its access key id, and check
// action, user, region, service, signed headers and expiry. Used by the unit tests (the SDK's tokens must verify
// here) and by the simulated Aurora server (auroraSim.ts), which accepts IAM users with it.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface ParsedToken {
  /** host:port the token was signed for (its `host` header). */
  hostPort: string;
  /** Decoded query parameters. */
  params: Record<string, string>;
  /** The parameters in the order the token lists them (raw, URL-encoded). */
  rawKeys: string[];
}

/** `host:port/?Action=connect&…`, or null when the text is not shaped like that. */
export function parseToken(token: string): ParsedToken | null {
  const m = /^([^/?\s]+:\d{1,5})\/\?([^\s]+)$/.exec(token);
  if (!m) return null;
  const params: Record<string, string> = {};
  const rawKeys: string[] = [];
  for (const part of m[2].split('&')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return null;
    const k = part.slice(0, eq);
    let v: string;
    try {
      v = decodeURIComponent(part.slice(eq + 1));
    } catch {
      return null;
    }
    if (k in params) return null;
    params[k] = v;
    rawKeys.push(k);
  }
  return { hostPort: m[1], params, rawKeys };
}

/** RFC 3986 encoding as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ as %XX (upper case). */
export function uriEncode(s: string): string {
  return [...Buffer.from(s, 'utf8')]
    .map((b) => {
      const c = String.fromCharCode(b);
      return /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

const sha256hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const hmac = (key: Buffer | string, s: string) => createHmac('sha256', key).update(s, 'utf8').digest();

/** The SigV4 signature of a presigned GET (query-string authentication, only the host header signed). */
export function presignedSignature(p: {
  path: string;
  host: string;
  query: Record<string, string>;
  payloadHash: string;
  secretAccessKey: string;
  amzDate: string;
  region: string;
  service: string;
}): string {
  const canonicalQuery = Object.entries(p.query)
    .filter(([k]) => k !== 'X-Amz-Signature')
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonicalRequest = ['GET', p.path, canonicalQuery, `host:${p.host}\n`, 'host', p.payloadHash].join('\n');
  const day = p.amzDate.slice(0, 8);
  const scope = `${day}/${p.region}/${p.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', p.amzDate, scope, sha256hex(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${p.secretAccessKey}`, day), p.region), p.service), 'aws4_request');
  return createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
}

/** sha256 of an empty body: what a presigned RDS token is signed with. */
export const EMPTY_PAYLOAD_HASH = sha256hex('');

export interface VerifyOptions {
  /** Secret access key per access key id (the fake IAM of a test). */
  keys: Record<string, string>;
  region: string;
  /** The login user: the token's DBUser must be this. */
  user: string;
  /** Now, ms since the epoch. */
  now: number;
  /** Clock skew tolerated for tokens dated in the future (default 5 min, as SigV4 services do). */
  skewMs?: number;
}

export type VerifyResult =
  { ok: true; accessKeyId: string; hostPort: string; signedAt: number; expiresAt: number } | { ok: false; reason: string };

function parseAmzDate(s: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : null;
}

/** Check a token the way RDS does: shape, action, user, scope, signed headers, signature, then expiry. */
export function verifyRdsToken(token: string, o: VerifyOptions): VerifyResult {
  const t = parseToken(token);
  if (!t) return { ok: false, reason: 'not an RDS auth token' };
  const q = t.params;
  if (q.Action !== 'connect') return { ok: false, reason: 'Action is not connect' };
  if (q.DBUser !== o.user) return { ok: false, reason: `DBUser ${q.DBUser ?? '(none)'} is not the login user` };
  if (q['X-Amz-Algorithm'] !== 'AWS4-HMAC-SHA256') return { ok: false, reason: 'unsupported algorithm' };
  if (q['X-Amz-SignedHeaders'] !== 'host') return { ok: false, reason: 'signed headers must be host' };
  const cred = (q['X-Amz-Credential'] ?? '').split('/');
  if (cred.length !== 5 || cred[4] !== 'aws4_request') return { ok: false, reason: 'malformed credential scope' };
  const [akid, day, region, service] = cred;
  if (service !== 'rds-db') return { ok: false, reason: `service ${service} is not rds-db` };
  if (region !== o.region) return { ok: false, reason: `signed for region ${region}, not ${o.region}` };
  const amzDate = q['X-Amz-Date'] ?? '';
  const signedAt = parseAmzDate(amzDate);
  if (signedAt === null || amzDate.slice(0, 8) !== day) return { ok: false, reason: 'malformed X-Amz-Date' };
  const expires = Number(q['X-Amz-Expires']);
  if (!Number.isInteger(expires) || expires < 1 || expires > 900) return { ok: false, reason: 'X-Amz-Expires must be 1–900' };
  const secret = o.keys[akid];
  if (secret === undefined) return { ok: false, reason: 'unknown access key id' };
  const expected = presignedSignature({
    path: '/',
    host: t.hostPort,
    query: q,
    payloadHash: EMPTY_PAYLOAD_HASH,
    secretAccessKey: secret,
    amzDate,
    region,
    service,
  });
  const got = Buffer.from(q['X-Amz-Signature'] ?? '', 'utf8');
  if (got.length !== expected.length || !timingSafeEqual(got, Buffer.from(expected, 'utf8')))
    return { ok: false, reason: 'signature does not match' };
  const expiresAt = signedAt + expires * 1000;
  if (o.now >= expiresAt) return { ok: false, reason: 'token expired' };
  if (signedAt - o.now > (o.skewMs ?? 5 * 60_000)) return { ok: false, reason: 'token is dated in the future' };
  return { ok: true, accessKeyId: akid, hostPort: t.hostPort, signedAt, expiresAt };
}
