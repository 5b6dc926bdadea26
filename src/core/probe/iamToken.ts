// RDS IAM auth tokens, generated locally with @aws-sdk/rds-signer (a SigV4-presigned `connect` URL for
// host:port and the database user, valid 15 minutes). The signer and the AWS credential chain are loaded by a
// dynamic import the first time a token is needed, so neither a lint run nor a password probe loads them
// (webpack puts them in their own lazy chunk). A token is a secret like a password: it is never logged, and
// ProbeSession scrubs it (and its signature and session token, see tokenSecrets) from every error text.
import { classifyHost, isAwsRegion } from '../knowledge/aurora/endpoints';
import { ProbeError, PROBE_CODES } from './errors';

/** AWS credentials in the SDK's shape; for tests and callers that already hold credentials. */
export interface StaticAwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface IamTokenOptions {
  /** The endpoint's host name as the client connects to it (the token is signed for host:port). */
  host: string;
  port: number;
  /** The database user (the token's DBUser). */
  user: string;
  /** Explicit region; else the RDS host name's, else AWS_REGION / AWS_DEFAULT_REGION, else the profile's `region`. */
  region?: string | null;
  /** Shared config/credentials profile (else AWS_PROFILE, else `default`). */
  profile?: string | null;
  /** Instead of the default credential provider chain (tests). */
  credentials?: StaticAwsCredentials;
  /** Reuse a token for this long (default 10 min; tokens live 15 min). 0 = a new token for every connect. */
  cacheMs?: number;
  /** Environment for this module's region lookup (default process.env; the SDK's credential chain reads process.env). */
  env?: NodeJS.ProcessEnv;
  /** Clock of the cache (default Date.now). The token's own signing time is the SDK's clock. */
  now?: () => number;
}

export type RegionSource = 'explicit' | 'host' | 'AWS_REGION' | 'AWS_DEFAULT_REGION' | 'profile';

export const IAM_TOKEN_LIFETIME_S = 900;
export const DEFAULT_IAM_CACHE_MS = 10 * 60_000;

const configError = (message: string) => new ProbeError({ code: PROBE_CODES.badOptions, op: 'config', endpoint: null, message });

/**
 * The region an IAM token for `host` is signed for: the explicit one, else the region in an RDS host name
 * (`x.cluster-abc.eu-west-1.rds.amazonaws.com` → eu-west-1; China and FIPS names too), else AWS_REGION, else
 * AWS_DEFAULT_REGION. null: none of these (the SDK may still find one in the profile's shared config).
 */
export function iamRegionFor(host: string, explicit?: string | null, env: NodeJS.ProcessEnv = process.env): { region: string; source: RegionSource } | null {
  if (explicit !== undefined && explicit !== null && explicit !== '') {
    if (!isAwsRegion(explicit)) throw configError(`region ${JSON.stringify(explicit).slice(0, 40)} is not an AWS region like eu-west-1`);
    return { region: explicit, source: 'explicit' };
  }
  const fromHost = classifyHost(host).region?.toLowerCase();
  if (fromHost && isAwsRegion(fromHost)) return { region: fromHost, source: 'host' };
  for (const k of ['AWS_REGION', 'AWS_DEFAULT_REGION'] as const) {
    const v = env[k]?.trim();
    if (v) {
      if (!isAwsRegion(v)) throw configError(`${k}=${JSON.stringify(v).slice(0, 40)} is not an AWS region like eu-west-1`);
      return { region: v, source: k };
    }
  }
  return null;
}

const NO_REGION = 'no AWS region for the IAM auth token: pass a region (--region / auroraGuard.probe.region), probe an RDS host name (….<region>.rds.amazonaws.com), or set AWS_REGION';

/**
 * The parts of a token that are secret on their own: the whole token, its signature and the session token it
 * carries (temporary credentials), raw and URL-decoded. ProbeSession scrubs all of them from error texts.
 */
export function tokenSecrets(token: string): string[] {
  const out = new Set<string>([token]);
  const q = token.indexOf('?');
  if (q >= 0 && /X-Amz-Signature=/.test(token)) {
    for (const part of token.slice(q + 1).split('&')) {
      const eq = part.indexOf('=');
      const key = part.slice(0, eq);
      if (key !== 'X-Amz-Signature' && key !== 'X-Amz-Security-Token') continue;
      const raw = part.slice(eq + 1);
      out.add(raw);
      try {
        out.add(decodeURIComponent(raw));
      } catch {
        /* not URL-encoded */
      }
    }
  }
  return [...out].filter((s) => s.length >= 8);
}

interface SignerModule {
  Signer: new (cfg: { hostname: string; port: number; username: string; region?: string; profile?: string; credentials?: StaticAwsCredentials }) => { getAuthToken(): Promise<string> };
}

let signerModule: Promise<SignerModule> | undefined;

function loadSigner(): Promise<SignerModule> {
  // the only place @aws-sdk/rds-signer is loaded: a lazy chunk in the bundles, a plain import under node
  return (signerModule ??= import(/* webpackChunkName: "iam" */ '@aws-sdk/rds-signer') as Promise<SignerModule>);
}

/** The SDK's errors, as one sentence without a stack (credential chain exhausted, expired SSO session, no region, …). */
function signerError(e: unknown, profile: string | undefined): ProbeError {
  const err = (typeof e === 'object' && e !== null ? e : {}) as { name?: unknown; message?: unknown };
  const msg = typeof err.message === 'string' ? err.message.split('\n')[0].trim() : String(e);
  const name = typeof err.name === 'string' ? err.name : '';
  if (/region/i.test(msg) && !/credential/i.test(msg)) return configError(NO_REGION);
  if (name === 'CredentialsProviderError' || /credential/i.test(msg)) {
    const where = profile ? `profile ${profile}` : 'the environment (AWS_ACCESS_KEY_ID …), the shared config/credentials files (AWS_PROFILE), SSO, web identity, or a container/instance role';
    const detail = /could not load credentials from any providers/i.test(msg) ? '' : ` (${msg})`;
    return configError(`no usable AWS credentials for the IAM auth token in ${where}${detail}`);
  }
  return configError(`could not generate the IAM auth token: ${msg || 'unknown error'}`);
}

/** A PasswordSupplier (EndpointOptions.password) of IAM auth tokens. */
export type IamTokenSupplier = (() => Promise<string>) & {
  /** The region the token is signed for; null: the SDK takes it from the profile's shared config. */
  region: string | null;
  regionSource: RegionSource;
};

/**
 * A PasswordSupplier that returns an RDS IAM auth token for host:port and user, generated locally when a
 * connection opens and reused for `cacheMs` (default 10 min of its 15). Bad options (region, port) fail at once;
 * missing credentials fail at the first connect with a clear ProbeError (code PROBE_BAD_OPTIONS, op config).
 */
export function iamTokenSupplier(opts: IamTokenOptions): IamTokenSupplier {
  if (!opts || typeof opts.host !== 'string' || opts.host.trim() === '') throw configError('IAM auth token: host is empty');
  if (!Number.isInteger(opts.port) || opts.port < 1 || opts.port > 65535) throw configError(`IAM auth token: port ${String(opts.port)} is not 1–65535`);
  if (typeof opts.user !== 'string' || opts.user === '') throw configError('IAM auth token: user is empty');
  const cacheMs = opts.cacheMs ?? DEFAULT_IAM_CACHE_MS;
  if (!Number.isFinite(cacheMs) || cacheMs < 0 || cacheMs > 14 * 60_000) throw configError('IAM auth token: cacheMs must be 0–840000 (tokens live 15 minutes)');
  const env = opts.env ?? process.env;
  const found = iamRegionFor(opts.host, opts.region, env);
  const profile = opts.profile || undefined;
  // No region from the options, the host or the environment: the SDK still looks for `region` in the profile's
  // shared config (~/.aws/config, AWS_CONFIG_FILE) and fails with NO_REGION if there is none.
  const now = opts.now ?? Date.now;
  let cached: { token: string; at: number } | null = null;
  let pending: Promise<string> | null = null;
  let signer: { getAuthToken(): Promise<string> } | null = null;

  const generate = async (): Promise<string> => {
    try {
      if (!signer) {
        const { Signer } = await loadSigner();
        signer = new Signer({
          hostname: opts.host, port: opts.port, username: opts.user,
          region: found?.region, profile, credentials: opts.credentials,
        });
      }
      return await signer.getAuthToken();
    } catch (e) {
      signer = null; // a later connect retries the credential chain (e.g. after `aws sso login`)
      throw e instanceof ProbeError ? e : signerError(e, profile ?? env.AWS_PROFILE);
    }
  };

  const supplier = async (): Promise<string> => {
    if (cached && now() - cached.at < cacheMs) return cached.token;
    // concurrent connects (the watch's two channels) share one generation
    pending ??= generate().then((token) => {
      cached = { token, at: now() };
      return token;
    }).finally(() => {
      pending = null;
    });
    return pending;
  };
  return Object.assign(supplier, { region: found?.region ?? null, regionSource: found ? found.source : 'profile' as const });
}
